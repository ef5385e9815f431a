"""What ``collab-xl rank`` shows on screen (rich): the progress of reading many workbooks (on
stderr) and the ranking table drawn from the JSON document. Nothing here computes."""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator

from collab_xl.app.rank_texts import MP, M, category_text, fmt_threshold, score_text

PROGRESS_MIN = 3                          # a progress bar from more than this many files


@contextlib.contextmanager
def progress(total: int, lang: str, quiet: bool) -> Iterator[Callable[[], None]]:
    """A transient progress bar on stderr while ``total`` workbooks are read (more than
    PROGRESS_MIN, not quiet); yields the function to call after each workbook."""
    if total <= PROGRESS_MIN or quiet:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(M("progress", lang), total=total)
        yield lambda: bar.advance(task)


def render(con, doc: dict, opts) -> None:
    """The ranking of ``doc`` on the console: summary, table, notices, notes, files written."""
    from rich.table import Table as RichTable
    from rich.text import Text
    lang = opts.lang
    thr = fmt_threshold(doc["threshold"])
    below = sum(s["rectification"] for s in doc["suppliers"])
    period = doc.get("period", "quarter")
    con.print(MP("summary", lang, period, quarter=doc["quarter"], n=len(doc["suppliers"]), below=below, threshold=thr,
                files=doc["file"]), style="bold", markup=False)
    t = RichTable(show_lines=False)
    graded = any("grade" in s for s in doc["suppliers"])
    headers = MP("screen_header", lang, period).split("|")
    if graded:
        headers.insert(5, M("grade", lang))
    for h in headers:
        t.add_column(h, overflow="fold")
    for s in doc["suppliers"]:
        change = M("no_change", lang) if s["change"] is None else f"{s['change']:+.2f}"
        grade = [s["grade"] or M("no_grade", lang)] if graded else []
        t.add_row(str(s["rank"]), Text(s["supplier"]), Text(category_text(s["category"], lang)),
                  str(s["evaluations"]), score_text(s["score"]), *grade, change,
                  M("rectify" if s["rectification"] else "pass", lang), str(s["consecutive_below"]),
                  Text(s["recommendation"]),
                  style="red" if s["rectification"] else None)
    con.print(t)
    if doc["notices"]:
        con.print(M("notices", lang, n=len(doc["notices"]), deadline=doc["notices"][0]["reply_by"]))
    for n in doc["notes"]:
        con.print(n, style="yellow", markup=False)
    for p in doc.get("written", []):
        con.print(M("written", lang, path=p), markup=False)
