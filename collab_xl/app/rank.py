"""``collab-xl rank``: the quarterly supplier ranking and one 整改通知书 per supplier below 80.

``build(reports, quarter, ctx, lang)`` turns validate Reports (one per workbook; their evaluation
rows and 供应商名录 categories are pooled) into a renderer-neutral
:class:`~collab_xl.core.output.Result`: the JSON document of interfaces.md, the sheet
``供应商排名 <quarter>`` (ranking, score chart with the threshold line, score trend over every
quarter in the data) and the ``整改通知书-<supplier>`` sheets. It does no file I/O, so the Excel
script 供应商季度排名 renders the same Result into the open workbook.

``run(paths, quarter, opts)`` reads and validates every workbook once (folders are searched for
.xlsx/.xlsm/.xls), ranks, writes with ``--out`` / ``--in-place`` and shows a table on screen.
With several workbooks, ``--out`` writes a copy of the first workbook read, with the result
sheets added; ``--in-place`` is refused (which of the user's files would change is not obvious).

The command's jobs, one module each:

* :mod:`collab_xl.io.workbook_files` — the workbooks of the paths (folders searched, backups and
  our own --out results skipped by their document property);
* :mod:`collab_xl.core.rank_rows` — the evaluation rows and categories pooled from the Reports;
* :mod:`collab_xl.app.rank_model` — the ranking of the quarter, computed once (``Ranked``);
* :mod:`collab_xl.app.rank_doc` — the JSON document, built once;
* :mod:`collab_xl.app.rank_sheets` — the ranking sheet, its charts and the notices;
* :mod:`collab_xl.app.rank_texts` — the texts; :mod:`collab_xl.core.textwrap_cjk` — line wrapping;
* :mod:`collab_xl.app.rank_screen` — progress and the table on screen.

The scoring rules live in :mod:`collab_xl.core.ranking`. The consecutive-quarter rule is an
assumption of this product: the guide is cut off after "…发出《整改通知书》,连".
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from collab_xl.app import rank_screen
from collab_xl.app.common import Options, Outcome
from collab_xl.app.rank_doc import document
from collab_xl.app.rank_model import Ranked, rank_reports
from collab_xl.app.rank_screen import render
from collab_xl.app.rank_sheets import REPLACES, sheets
from collab_xl.app.rank_texts import M
from collab_xl.catalog import Context
from collab_xl.core.output import Result
from collab_xl.core.validate import Report
from collab_xl.errors import UserError
from collab_xl.i18n import norm_lang
from collab_xl.io import workbook_files


def _result(ranked: Ranked, doc: dict, lang: str) -> Result:
    """The Result of a ranking: its sheets replace the ranking and notice sheets of earlier runs."""
    return Result(doc=doc, sheets=sheets(ranked, lang), marks=None, replaces=REPLACES, exit_code=0)


def build(reports: list[Report] | Report, quarter: str | None, ctx: Context, lang: str = "zh") -> Result:
    """The ranking of ``quarter`` (None: the latest in the data) over every report's evaluation
    rows, as a renderer-neutral Result. Raises UserError when there is nothing to rank."""
    lang = norm_lang(lang)
    reports = [reports] if isinstance(reports, Report) else list(reports)
    ranked = rank_reports(reports, quarter, ctx, lang)
    return _result(ranked, document(ranked), lang)


def read_reports(files: list[Path], names: dict[Path, str], opts: Options, config,
                 advance: Callable[[], None]) -> tuple[list[Report], list[Path], list[tuple[str, str]]]:
    """Load and validate every file once: (reports named by their display name, the files they
    came from, the files that could not be used as (name, reason)). With one file, its refusal
    is raised."""
    from collab_xl.app.validate import load
    reports, read, failed = [], [], []
    for f in files:
        try:
            _, report = load(f, opts, config)
        except UserError as e:
            if len(files) == 1:
                raise
            failed.append((names[f], e.text(opts.lang)))
        else:
            report.file = names[f]
            reports.append(report)
            read.append(f)
        advance()
    return reports, read, failed


def run(paths: list[Path] | Path, quarter: str | None, opts: Options) -> Outcome:
    lang = opts.lang
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files, skipped = workbook_files.collect_files(paths)
    if opts.in_place and len(files) > 1:
        raise M.error("in_place_many")
    if opts.out is not None:
        out = Path(opts.out).resolve()
        for f in files:
            if f.resolve() == out:
                raise M.error("out_is_input", name=f.name)
    config = opts.config()
    names = dict(zip(files, workbook_files.display_names(files)))
    with rank_screen.progress(len(files), lang, opts.quiet) as advance:
        reports, read, failed = read_reports(files, names, opts, config, advance)
    skipped_doc = [{"file": n, "reason": workbook_files.M(k, lang, name=n)} for k, n in skipped]
    skipped_doc += [{"file": n, "reason": reason} for n, reason in failed]
    if not reports:
        reasons = "; ".join(s["reason"] for s in skipped_doc)
        raise M.error("none_read", n=len(files), reasons=reasons)
    read_notes = [workbook_files.M(k, lang, name=n) for k, n in skipped]
    read_notes += [M("skip_file", lang, name=n, reason=reason) for n, reason in failed]

    ranked = rank_reports(reports, quarter, opts.context(config), lang)
    written = None
    if opts.writes:
        from collab_xl.app.legacy import is_our_result_sheet
        from collab_xl.io.xlsx_out import XlsxSession
        session = XlsxSession(read[0], notices=opts.notices, ours=is_our_result_sheet)
        session.write(_result(ranked, {}, lang))       # the file renderer draws sheets, not the document
        if opts.out is not None:
            session.mark_output("rank")
        written = [session.save(out=opts.out, in_place=opts.in_place)]
    doc = document(ranked, read_notes, skipped_doc, written)
    return Outcome(doc=doc, exit_code=0, written=written or [], notices=list(opts.notices),
                   renderer=render, view=(doc, opts))
