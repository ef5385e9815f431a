"""``collab-xl validate``: find every catalog table, check it, report, and optionally write
marks and a 校验结果 sheet into the workbook.

Given several workbooks (or a folder), they are read together (:mod:`collab_xl.app.several`):
each is checked with the others' tables visible to rules reading another table, and reported,
marked and written on its own; the JSON document gains ``files`` and a ``file`` on every table
and finding (:func:`several_doc`)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from collab_xl.app.common import Options, Outcome
from collab_xl.core.output import FINDINGS_SHEET, VALIDATE_KINDS, Marks, Result, SheetOut
from collab_xl.core.validate import Report, validate_grids
from collab_xl.errors import UserError
from collab_xl.i18n import Messages
from collab_xl.io.read import read_workbook

M = Messages({
    "no_table": ("没有找到任何指南表格(按表头识别),请确认表头与模板一致:{name}",
                 "No table of the guide was found (tables are found by their header row); check the headers: {name}"),
    "sheet": FINDINGS_SHEET,
    "title": ("校验结果 — {name}(共 {errors} 个错误,{warnings} 个警告;{today})",
              "Findings — {name} ({errors} errors, {warnings} warnings; {today})"),
    "header": ("序号|工作表|表格|行|列|单元格|值|级别|规则|说明", "No.|Sheet|Table|Row|Column|Cell|Value|Severity|Rule|Message"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "clean": ("全部通过,没有发现问题。", "All clear: nothing found."),
    "summary": ("{name}:{tables} 张表,{rows} 行;{errors} 个错误,{warnings} 个警告",
                "{name}: {tables} tables, {rows} rows; {errors} errors, {warnings} warnings"),
    "more": ("……另有 {n} 条未显示(用 --format json 或 --out 查看全部)", "… {n} more not shown (use --format json or --out for all)"),
    "written": ("已写入:{path}", "Written: {path}"),
    "none_found": ("{n} 个文件中都没有找到指南表格(按表头识别),请确认表头与模板一致:{names}",
                   "None of the {n} files has a table of the guide (tables are found by their header row); "
                   "check the headers: {names}"),
    "total": ("合计 {files} 个文件:{tables} 张表,{rows} 行;{errors} 个错误,{warnings} 个警告",
              "{files} files in all: {tables} tables, {rows} rows; {errors} errors, {warnings} warnings"),
    "footer": ("颜色:红色=错误,黄色=警告;点击“单元格”列跳转。重新校验会替换本页与标记;“清除标记”可全部移除。",
               "Colours: red = error, yellow = warning; click a cell address to jump there. A new run replaces this "
               "sheet and the marks; \"clear marks\" removes them all."),
})
SHOW_MAX = 200


def table_title(key: str, lang: str) -> str:
    from collab_xl.catalog import TABLES
    return TABLES[key].full_title[1 if lang == "en" else 0]


def load(path: Path, opts: Options, config=None):
    grids = read_workbook(path)
    opts.notices.extend(grids.notices)
    from collab_xl.app.legacy import is_our_result_sheet
    from collab_xl.core.output import owned_sheets
    ctx = opts.context(config)
    owned = owned_sheets(grids, ours=is_our_result_sheet)
    report = validate_grids(path.name, grids, ctx, opts.lang, owned=owned)
    if not report.results:
        raise nothing_found(path.name, grids, ctx.config, owned)
    return grids, report


def nothing_found(name: str, grids, config, owned) -> UserError:
    """Why a workbook with no catalog table cannot be checked: the closest table when one is
    close (issue 12), else that none was found."""
    from collab_xl.app.mapping import nothing_found as near_miss
    near = near_miss(name, grids, config, owned)
    if near is not None:
        return near
    return UserError(M("no_table", "zh", name=name), M("no_table", "en", name=name))


def marks_of(report: Report) -> Marks:
    f = report.findings
    cells = pd.DataFrame({"sheet": f["sheet"], "cell": f["cell"], "kind": f["severity"],
                          "note": "[" + f["code"] + "] " + f["message"]})
    return Marks(cells=cells, areas=table_areas(report), kinds=VALIDATE_KINDS)


def table_areas(report: Report) -> dict[str, list[str]]:
    """The cell range of every checked table (header excluded), per sheet."""
    areas: dict[str, list[str]] = {}
    for r in report.results:
        h = r.hit
        cols = sorted(h.columns.values())
        first = h.header_row + 1
        last = max(h.grid.excel_row(h.end_index - 1), first)
        areas.setdefault(h.grid.name, []).append(f"{h.grid.letter(cols[0])}{first}:{h.grid.letter(cols[-1])}{last}")
    return areas


def findings_sheet(report: Report, lang: str) -> SheetOut:
    f = report.findings
    sev = {"error": M("error", lang), "warning": M("warning", lang)}
    rows = [[i + 1, s, table_title(t, lang), int(r), c, cell, v, sev[sv], code, msg]
            for i, (s, t, r, c, cell, v, sv, code, msg) in enumerate(zip(
                f["sheet"], f["table"], f["row"], f["column"], f["cell"], f["value"], f["severity"], f["code"], f["message"]))]
    return SheetOut(
        name=M("sheet", lang),
        title=M("title", lang, name=report.file, errors=report.errors, warnings=report.warnings, today=report.today),
        header=M("header", lang).split("|"), rows=rows,
        widths=[6, 18, 18, 6, 16, 8, 24, 6, 8, 60], links=[(s, c) for s, c in zip(f["sheet"], f["cell"])], link_col=5,
        footer=[[M("footer", lang)]])


def exit_code(report: Report) -> int:
    """1 when the workbook has errors, else 0."""
    return 1 if report.errors else 0


def build(report: Report, lang: str) -> Result:
    """What validation writes into a workbook (renderer-neutral): marks and the 校验结果 sheet."""
    return Result(doc=report.to_dict(), sheets=[findings_sheet(report, lang)], marks=marks_of(report),
                  replaces=FINDINGS_SHEET, exit_code=exit_code(report))


def run(path, opts: Options) -> Outcome:
    """``collab-xl validate PATH…``: one workbook named, as it always was; several, or a folder,
    read together (:func:`run_several`)."""
    from collab_xl.app.several import one_file
    one = one_file(path)
    if one is None:
        return run_several(path, opts)
    path = one
    grids, report = load(path, opts)
    written = []
    if opts.writes:      # the 校验结果 sheet and the marks are built only to be written
        from collab_xl.app.legacy import is_our_result_sheet
        from collab_xl.io.xlsx_out import XlsxSession
        session = XlsxSession(path, notices=opts.notices, ours=is_our_result_sheet)
        session.write(build(report, opts.lang))
        written.append(session.save(out=opts.out, in_place=opts.in_place))
    return Outcome(doc=report.to_dict(), exit_code=exit_code(report), renderer=render,
                   view=(report, opts, written), written=written, notices=list(opts.notices))


def run_several(paths, opts: Options) -> Outcome:
    """Several workbooks (folders searched) read together, each checked with the others' tables
    visible to rules reading another table; each reported, and written, on its own."""
    from collab_xl.app import several
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    config = opts.config()
    books, skipped = several.read_books(paths, opts, config)
    checked = several.check_books(books, opts, config)
    pairs = [(b, r) for b, r in zip(books, checked) if isinstance(r, Report)]
    if not pairs:
        if len(books) == 1:
            raise checked[0]
        raise M.error("none_found", n=len(books), names=", ".join(b.name for b in books))
    skipped += [several.refuse(opts, b.name, r) for b, r in zip(books, checked) if isinstance(r, UserError)]
    reports = [r for _, r in pairs]
    written: list[Path] = []
    if opts.writes:
        written = several.write_all([(b, build(r, opts.lang)) for b, r in pairs], opts, "validate")
    doc = several_doc(reports, skipped, written if opts.writes else None)
    return Outcome(doc=doc, exit_code=1 if any(r.errors for r in reports) else 0, renderer=render_several,
                   view=(reports, opts, written), written=written, notices=list(opts.notices))


def several_doc(reports: list[Report], skipped: list[dict] = (), written: list[Path] | None = None) -> dict:
    """The JSON document of several workbooks: the one-file keys (``file``: the names joined;
    ``tables``, ``findings``, ``summary`` over every file, each table and finding with its
    ``file``), ``files`` (the names of the files checked), ``summary.by_file`` (each file's
    counts), ``skipped`` (files left out, with the reason) and ``written`` when given."""
    names = [r.file for r in reports]
    tables, findings, by_file = [], [], []
    for r in reports:
        d = r.to_dict()
        tables += [{"file": r.file, **t} for t in d["tables"]]
        findings += [{"file": r.file, **f} for f in d["findings"]]
        by_file.append({"file": r.file, "tables": len(r.results), "rows": sum(t.rows for t in r.results),
                        **d["summary"]})
    doc = {"file": ", ".join(names), "files": names, "tables": tables, "findings": findings,
           "summary": {"errors": sum(r.errors for r in reports), "warnings": sum(r.warnings for r in reports),
                       "by_file": by_file}}
    if skipped:
        doc["skipped"] = list(skipped)
    if written is not None:
        doc["written"] = [str(p) for p in written]
    return doc


def render_several(con, reports: list[Report], opts: Options, written: list[Path]) -> None:
    """Each file as one file is shown (its name heads its findings), then the totals."""
    for k, report in enumerate(reports):
        render(con, report, opts, written[k:k + 1])
        con.print()
    con.print(M("total", opts.lang, files=len(reports), tables=sum(len(r.results) for r in reports),
                rows=sum(t.rows for r in reports for t in r.results), errors=sum(r.errors for r in reports),
                warnings=sum(r.warnings for r in reports)), style="bold")


def render(con, report: Report, opts: Options, written: list[Path]) -> None:
    from rich.table import Table as RichTable
    lang = opts.lang
    rows = sum(r.rows for r in report.results)
    con.print(M("summary", lang, name=report.file, tables=len(report.results), rows=rows,
                errors=report.errors, warnings=report.warnings), style="bold")
    f = report.findings
    if len(f):
        t = RichTable(show_lines=False)
        for h in (["工作表", "单元格", "级别", "规则", "说明"] if lang != "en" else ["Sheet", "Cell", "Severity", "Rule", "Message"]):
            t.add_column(h, overflow="fold")
        for s, cell, sv, code, msg in list(zip(f["sheet"], f["cell"], f["severity"], f["code"], f["message"]))[:SHOW_MAX]:
            t.add_row(s, cell, M(sv, lang), code, msg, style="red" if sv == "error" else "yellow")
        con.print(t)
        if len(f) > SHOW_MAX:
            con.print(M("more", lang, n=len(f) - SHOW_MAX))
    else:
        con.print(M("clean", lang), style="green")
    for p in written:
        con.print(M("written", lang, path=p))
