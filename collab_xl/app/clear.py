"""``collab-xl clear``: remove every collab-xl mark and result sheet, restoring the cells' notes."""
from __future__ import annotations

from pathlib import Path

from collab_xl.app.common import Options, Outcome
from collab_xl.i18n import Messages

M = Messages({
    "done": ("已清除 {n} 处标记和全部结果页:{path}", "Removed {n} marks and all result sheets: {path}"),
    "need": ("请用 --out 或 --in-place 指定写到哪里", "Say where to write with --out or --in-place"),
})


def run(path: Path, opts: Options) -> Outcome:
    if not opts.writes:
        raise M.error("need")
    from collab_xl.core.output import Result
    from collab_xl.io.read import read_workbook
    from collab_xl.app.legacy import is_our_result_sheet
    from collab_xl.io.xlsx_out import XlsxSession
    opts.notices.extend(read_workbook(path).notices)  # the same clear refusal for files that are not workbooks
    session = XlsxSession(path, notices=opts.notices, ours=is_our_result_sheet)
    n = session.mark_count()
    result = Result(doc={"file": str(path), "cleared": n}, clears=True)
    session.write(result)
    written = [session.save(out=opts.out, in_place=opts.in_place)]
    result.doc["written"] = [str(p) for p in written]
    return Outcome(doc=result.doc, exit_code=result.exit_code, written=written,
                   renderer=render, view=(n, written[0], opts.lang), notices=list(opts.notices))


def render(con, n: int, target: Path, lang: str) -> None:
    con.print(M("done", lang, n=n, path=target))
