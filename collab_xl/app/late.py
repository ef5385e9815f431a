"""``collab-xl late``: late, overdue and not-done items, and due-soon reminders.

``build(report, ctx, lang)`` turns a validate Report into a renderer-neutral
:class:`~collab_xl.core.output.Result` (the JSON document of interfaces.md, the 逾期事项 sheet,
row marks of the kinds ``LATE_KINDS``); it does no file I/O, so the Excel script 标记逾期 renders
the same Result into the open workbook. ``run(path, opts)`` reads and validates the file once,
builds, writes with ``--out`` / ``--in-place`` and shows a table on screen. Given several
workbooks (or a folder), they are read and validated together (:mod:`collab_xl.app.several`) and
each file's late items are listed, marked and written on its own (:func:`run_several`).
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from collab_xl.app.common import Options, Outcome
from collab_xl.app.validate import load, table_areas, table_title
from collab_xl.catalog import Context
from collab_xl.core.calendar import M as CAL_M
from collab_xl.core.late import LATE, NOT_DONE, OVERDUE, LateReport, find_late
from collab_xl.core.output import LATE_KINDS, LATE_SHEET, Marks, Result, SheetOut
from collab_xl.core.validate import Report
from collab_xl.errors import UserError
from collab_xl.i18n import Both, Messages, norm_lang

M = Messages({
    "no_table": ("工作簿中没有带期限的表格({tables}),无法检查逾期:{name}",
                 "The workbook has no table with deadlines ({tables}), so nothing can be late: {name}"),
    "sheet": LATE_SHEET,
    "title": ("逾期事项 — {name}(截至 {today}:逾期完成 {late} 项,超期未完成 {overdue} 项,未完成 {not_done} 项)",
              "Late items — {name} (as of {today}: {late} late, {overdue} overdue, {not_done} not done)"),
    "header": ("序号|状态|工作表|行|表格|事项|负责人|期限|完成日期|逾期天数|逾期工作日|违约金(元)",
               "No.|Status|Sheet|Row|Table|Item|Owner|Due|Done|Days late|Working days late|Penalty (yuan)"),
    "soon_title": ("临近到期 — 尚未完成、{n} 个工作日内到期:{count} 项",
                   "Due soon — not done, due within {n} working days: {count}"),
    # Same positions as the late block (期限 in column 8, numbers in 10 and 11); 完成日期 stays empty.
    "soon_header": ("序号|状态|工作表|行|表格|事项|负责人|期限||剩余天数|剩余工作日",
                    "No.|Status|Sheet|Row|Table|Item|Owner|Due||Days left|Working days left"),
    LATE: ("逾期完成", "late"),
    OVERDUE: ("超期未完成", "overdue"),
    NOT_DONE: ("未完成", "not done"),
    "due-soon": ("临近到期", "due soon"),
    "legend": ("颜色:橙色=超期未完成或未完成,蓝色=逾期完成;点击“行”列跳转到该行。重新运行会替换本页与逾期标记;"
               "“清除标记”可全部移除。",
               "Colours: orange = overdue or not done, blue = late; click a row number to jump there. A new run "
               "replaces this sheet and the late marks; \"clear marks\" removes them all."),
    "counting": ("逾期天数按自然日计;逾期工作日为期限之后至完成日(未完成则至 {today})为止的中国大陆工作日"
                 "(周末与法定节假日休息,调休上班)。采购订单违约金 = 金额(或数量×单价)× {rate}(订单的采购合同写明每日扣款比例时按合同)× 逾期天数。",
                 "Days late are calendar days; working days late are the mainland-China working days after the due "
                 "date up to the done date (or {today} when not done): weekends and public holidays off, "
                 "adjusted working days on. Purchase-order penalty = amount (or quantity × unit price) × {rate} (or the "
                 "daily rate of the order's purchase contract) × days late."),
    "unchecked": ("{n} {rows_have}的期限或完成日期有误(无法识别、缺少年份、完成日期晚于今天或与其他列矛盾),未判断是否逾期:{rows}。"
                  "请先用“校验”修正。",
                  "{n} {rows_have} a defective due or done date (unreadable, without a year, done after today or "
                  "contradicting another column) and were not judged: {rows}. Fix them with validate first."),
    "missing_done": ("「{sheet}」没有「{header}」列,无法知道哪些事项已完成:期限已过的事项都按超期未完成计。",
                     "\"{sheet}\" has no \"{header}\" column, so nothing there is known to be done: every item "
                     "past its due date counts as overdue."),
    "none": ("没有逾期、超期未完成或未完成的事项。", "Nothing is late, overdue or not done."),
    "summary": ("{name}:截至 {today},逾期完成 {late} 项,超期未完成 {overdue} 项,未完成 {not_done} 项;临近到期 {soon} 项",
                "{name}: as of {today}, {late} late, {overdue} overdue, {not_done} not done; {soon} due soon"),
    "screen_header": ("状态|工作表|行|事项|负责人|期限|完成日期|逾期天数|逾期工作日|违约金(元)",
                      "Status|Sheet|Row|Item|Owner|Due|Done|Days late|Working days late|Penalty (yuan)"),
    "screen_soon": ("临近到期({n} 个工作日内)", "Due soon (within {n} working days)"),
    "screen_soon_header": ("工作表|行|事项|负责人|期限|剩余工作日", "Sheet|Row|Item|Owner|Due|Working days left"),
    "more": ("……另有 {n} 项未显示(用 --format json 或 --out 查看全部)",
             "… {n} more not shown (use --format json or --out for all)"),
    "written": ("已写入:{path}", "Written: {path}"),
    "none_found": ("{n} 个文件中都没有带期限的表格({tables}),无法检查逾期:{names}",
                   "None of the {n} files has a table with deadlines ({tables}), so nothing can be late: {names}"),
    "total": ("合计 {files} 个文件:截至 {today},逾期完成 {late} 项,超期未完成 {overdue} 项,未完成 {not_done} 项;"
              "临近到期 {soon} 项",
              "{files} files in all: as of {today}, {late} late, {overdue} overdue, {not_done} not done; "
              "{soon} due soon"),
    "years_sep": ("、", ", "),
    "hours_header": ("逾期小时", "Hours late"),
    "hours": ("逾期 {h} 小时", "{h} hours late"),
    "hours_counting": ("期限带时刻的事项(由开始时刻加若干小时得出,如沟通时间 + 2 小时)另计逾期小时:从期限到完成时刻"
                       "(只有日期的按当天 0 点;未完成则到今天 0 点);其逾期天数按日期计,当天内逾期为 0 天。",
                       "Items whose due has a time (a start plus so many hours, like the contact time + 2 h) are also "
                       "late by hours: from the due to the done time (a date alone counts as 00:00; not done: today "
                       "00:00); their days late count dates, so late within the due's own day is 0 days."),
})
TIME_FORMAT = "%Y-%m-%d %H:%M"
REPLACES = LATE_SHEET
DATE_FORMAT = "yyyy-mm-dd"
SHOW_MAX = 200


# -- the Result --------------------------------------------------------------------------------

def build(report: Report, ctx: Context, lang: str) -> Result:
    """The late view of a validated workbook as a renderer-neutral Result (no file I/O)."""
    return assemble(report, ctx, lang)[1]


def assemble(report: Report, ctx: Context, lang: str) -> tuple[LateReport, Result]:
    """``build``, also returning the :class:`LateReport` it came from (for the screen)."""
    lang = norm_lang(lang)
    config = _config(ctx)
    found = find_late(report, ctx.today, config, ctx=ctx)   # ctx.tables: other files read by the command
    if not found.results:
        raise M.error("no_table", name=report.file, tables=deadline_tables())
    result = Result(
        doc=to_doc(found, report.file, lang),
        sheets=[late_sheet(found, report.file, lang, config)],
        marks=marks_of(report, found),
        replaces=REPLACES,
        exit_code=1 if found.any_late else 0,
    )
    return found, result


def deadline_tables() -> Both:
    """The catalog tables with a deadline (a Late line), as a user reads them: 表1、表2 … 采购订单 …"""
    from collab_xl.catalog import TABLES
    from collab_xl.core.late import NOT_DONE_TABLES
    have = [t for t in TABLES.values() if t.late is not None or t.more_late or t.key in NOT_DONE_TABLES]
    zh = "、".join(t.number or t.title[0] for t in have)
    en = ", ".join(f"table {t.number[1:]}" if t.number else t.title[1].lower() for t in have)
    return Both(zh, en)


def _config(ctx: Context):
    if ctx.config is not None:
        return ctx.config
    from collab_xl.config import Config
    return Config.default()


def fallback_message(found: LateReport, lang: str) -> str | None:
    if not found.fallback_years:
        return None
    years = M("years_sep", lang).join(str(y) for y in found.fallback_years)
    return CAL_M("fallback", lang, years=years)


def _py(values: pd.Series, missing=None) -> list:
    """A column as plain Python values (int, float, str, date …), ``missing`` for NA/NaT."""
    return values.astype(object).where(values.notna(), missing).tolist()


def _iso(values: pd.Series) -> list:
    return _py(pd.to_datetime(values).dt.strftime("%Y-%m-%d").astype(object).where(values.notna(), None))


def _dates(values: pd.Series) -> list:
    """Date objects for the sheet (shown with DATE_FORMAT), "" where there is none."""
    return _py(pd.to_datetime(values).dt.date.astype(object).where(values.notna(), None), "")


def _stamps(values: pd.Series, fmt: str = TIME_FORMAT) -> list:
    """Date-times as text with their minutes (None where there is none)."""
    return _py(pd.to_datetime(values).dt.strftime(fmt).astype(object).where(values.notna(), None))


def _timed_cells(it: pd.DataFrame, column: str, cells: list) -> list:
    """Dues (and dones) of items whose due has a time are shown with it, as text."""
    stamps = _stamps(it[column])
    timed = _py(it["timed"].fillna(False).astype(bool))
    return [s if t and s is not None else c for c, s, t in zip(cells, stamps, timed)]


def _any_timed(it: pd.DataFrame) -> bool:
    return bool(len(it)) and bool(it["timed"].fillna(False).astype(bool).any())


def _due_cells(it: pd.DataFrame, cells: list) -> list:
    """表2 rows have no due date: their 汇报周期 stands in the 期限 column."""
    period = _py(it["period"], "")
    return [p if status == NOT_DONE else d for d, p, status in zip(cells, period, _py(it["status"]))]


def to_doc(found: LateReport, file: str, lang: str) -> dict:
    """The JSON document of interfaces.md (`row` = Excel row, dates ISO, done null if not done)."""
    it = found.items
    columns = {"sheet": _py(it["sheet"]), "table": _py(it["table"]), "row": _py(it["row"].astype("Int64")),
               "item": _py(it["item"]), "owner": _py(it["owner"]), "due": _iso(it["due"]),
               "done": _iso(it["done"]), "status": _py(it["status"]), "days_late": _py(it["days_late"]),
               "workdays_late": _py(it["workdays_late"])}
    penalty, has_penalty, period = _py(it["penalty"]), _py(it["has_penalty"]), _py(it["period"])
    timed, hours = _py(it["timed"].fillna(False).astype(bool)), _py(it["hours_late"])
    line = _py(it["line"]) if "line" in it else [None] * len(it)
    due_at, done_at = _stamps(it["due"], "%Y-%m-%dT%H:%M"), _stamps(it["done"], "%Y-%m-%dT%H:%M")
    items = []
    for k, values in enumerate(zip(*columns.values())):
        entry = dict(zip(columns, values))
        if has_penalty[k]:
            entry["penalty"] = penalty[k]
        if timed[k]:
            entry.update(due_at=due_at[k], done_at=done_at[k], hours_late=hours[k])
        if entry["status"] == NOT_DONE:
            entry["period"] = period[k]
        if line[k]:
            entry["line"] = line[k]          # a further Late line of the table (tables-2.md): which one
        items.append(entry)
    s = found.due_soon
    soon_columns = {"sheet": _py(s["sheet"]), "table": _py(s["table"]), "row": _py(s["row"].astype("Int64")),
                    "item": _py(s["item"]), "owner": _py(s["owner"]), "due": _iso(s["due"]),
                    "status": ["due-soon"] * len(s), "days_left": _py(s["days_left"]),
                    "workdays_left": _py(s["workdays_left"])}
    soon = [dict(zip(soon_columns, values)) for values in zip(*soon_columns.values())]
    doc = {"file": file, "today": found.today.isoformat(), "items": items, "due_soon": soon}
    message = fallback_message(found, lang)
    if message:
        doc["calendar"] = {"fallback_years": list(found.fallback_years), "message": message}
    return doc


def late_sheet(found: LateReport, file: str, lang: str, config) -> SheetOut:
    """The 逾期事项 sheet: late items (most days late first), then a 临近到期 block, then notes."""
    it = found.items
    titles = {t: table_title(t, lang) for t in set(it["table"]) | set(found.due_soon["table"])}
    labels = {k: M(k, lang) for k in (LATE, OVERDUE, NOT_DONE)}
    rows = [[i + 1, labels[status], sheet, row, titles[table], item, owner, due, done, days, wdays, pen]
            for i, (status, sheet, row, table, item, owner, due, done, days, wdays, pen) in enumerate(zip(
                _py(it["status"]), _py(it["sheet"]), _py(it["row"].astype("Int64")), _py(it["table"]),
                _py(it["item"], ""), _py(it["owner"], ""), _timed_cells(it, "due", _due_cells(it, _dates(it["due"]))),
                _timed_cells(it, "done", _dates(it["done"])),
                _py(it["days_late"], ""), _py(it["workdays_late"], ""), _py(it["penalty"], "")))]
    # A column of hours late only when some due has a time: other workbooks' sheets stay as they were.
    with_hours = _any_timed(it)
    header = M("header", lang).split("|")
    widths = [6, 10, 18, 6, 18, 40, 20, 14, 12, 9, 10, 11]
    formats = {7: DATE_FORMAT, 8: DATE_FORMAT, 11: "#,##0.00"}
    if with_hours:
        for r, h in zip(rows, _py(it["hours_late"], "")):
            r.append(h)
        header.append(M("hours_header", lang))
        widths.append(9)
        widths[7] = widths[8] = 17            # due and done shown to the minute
        formats[12] = "0.##"
    links: list = [(s, c) for s, c in zip(it["sheet"], it["cell"])]

    s = found.due_soon
    if len(s):
        rows += [[], [M("soon_title", lang, n=config.late.due_soon_workdays, count=len(s))],
                 M("soon_header", lang).split("|")]
        links += [None, None, None]
        label = M("due-soon", lang)
        rows += [[i + 1, label, sheet, row, titles[table], item, owner, due, "", left, wleft]
                 for i, (sheet, row, table, item, owner, due, left, wleft) in enumerate(zip(
                     _py(s["sheet"]), _py(s["row"].astype("Int64")), _py(s["table"]), _py(s["item"], ""),
                     _py(s["owner"], ""), _dates(s["due"]), _py(s["days_left"]), _py(s["workdays_left"])))]
        links += [(sh, c) for sh, c in zip(s["sheet"], s["cell"])]

    today = found.today.isoformat()
    footer = [[M("legend", lang)],
              [M("counting", lang, today=today, rate=f"{config.late.penalty_rate_per_day:.2%}")]]
    if with_hours:
        footer.append([M("hours_counting", lang)])
    if not len(it):
        footer.insert(0, [M("none", lang)])
    footer += [[line] for line in notes(found, lang)]
    return SheetOut(
        name=M("sheet", lang),
        title=M("title", lang, name=file, today=today, late=found.count(LATE), overdue=found.count(OVERDUE),
                not_done=found.count(NOT_DONE)),
        header=header, rows=rows, widths=widths,
        links=links, link_col=3,
        number_formats=formats,
        footer=footer,
    )


def notes(found: LateReport, lang: str) -> list[str]:
    """What the user should know beyond the items: calendar fallback, unjudged rows, no done column."""
    out = []
    message = fallback_message(found, lang)
    if message:
        out.append(message)
    from collab_xl.catalog import TABLES
    for sheet, key in found.missing_done:
        done = TABLES[key].late.done
        col = TABLES[key].col(done) if done else None
        header = "" if col is None else (col.en if lang == "en" else col.key)
        out.append(M("missing_done", lang, sheet=sheet, header=header))
    u = found.unchecked
    if len(u):
        sep = M("years_sep", lang)
        shown = sep.join(f"{s}!{int(r)}" for s, r in zip(u["sheet"][:20], u["row"][:20]))
        if len(u) > 20:
            shown += sep + "…"
        out.append(M("unchecked", lang, n=len(u), rows=shown,
                     rows_have=Both("行", "row has" if len(u) == 1 else "rows have")))
    return out


def marks_of(report: Report, found: LateReport) -> Marks:
    """Row marks: late → "late"; overdue and 表2 not-done → "overdue"; over the late tables."""
    it = found.items
    kinds = it["status"].map({LATE: "late", OVERDUE: "overdue", NOT_DONE: "overdue"})
    rows = pd.DataFrame({"sheet": it["sheet"], "row": it["row"].astype(int), "kind": kinds.astype(object)})
    areas = table_areas(dataclasses.replace(report, results=list(found.results)))
    return Marks(rows=rows, areas=areas, kinds=LATE_KINDS)


# -- the command -------------------------------------------------------------------------------

def run(path, opts: Options) -> Outcome:
    """``collab-xl late PATH…``: one workbook named, as it always was; several, or a folder, read
    together (:func:`run_several`)."""
    from collab_xl.app.several import one_file
    one = one_file(path)
    if one is None:
        return run_several(path, opts)
    path = one
    config = opts.config()
    _, report = load(path, opts, config)
    found, result = assemble(report, opts.context(config), opts.lang)
    written: list[Path] = []
    if opts.writes:
        from collab_xl.app.legacy import is_our_result_sheet
        from collab_xl.io.xlsx_out import XlsxSession
        session = XlsxSession(path, notices=opts.notices, ours=is_our_result_sheet)
        session.write(result)
        written.append(session.save(out=opts.out, in_place=opts.in_place))
    return Outcome(doc=result.doc, exit_code=result.exit_code, written=written, notices=list(opts.notices),
                   renderer=render, view=(found, report.file, opts.lang, config, written))


def run_several(paths, opts: Options) -> Outcome:
    """Several workbooks (folders searched) validated together (rules reading another table see
    every file's tables), then each file's late items found, listed and written on its own."""
    from collab_xl.app import several
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    config = opts.config()
    ctx = opts.context(config)
    books, skipped = several.read_books(paths, opts, config)
    done, refused = [], []
    reports = several.check_books(books, opts, config)
    from collab_xl.core.calendar import WorkCalendar
    from collab_xl.core.late import tables_context
    calendar = WorkCalendar.from_config(config)
    for book, report in zip(books, reports):
        if isinstance(report, Report):
            # a line reading another table (an order's contract) sees every file's tables, its own first
            others = [r for o in reports if isinstance(o, Report) and o is not report for r in o.results]
            seen = tables_context(report.results + others, ctx.today, config, calendar)
            try:
                found, result = assemble(report, seen, opts.lang)
            except UserError as e:           # no table with deadlines in this file
                report = e
            else:
                done.append((book, found, result))
                continue
        refused.append((book, report))
    if not done:
        if len(books) == 1:
            raise refused[0][1]
        raise M.error("none_found", n=len(books), names=", ".join(b.name for b in books), tables=deadline_tables())
    skipped += [several.refuse(opts, b.name, e) for b, e in refused]
    written: list[Path] = []
    if opts.writes:
        written = several.write_all([(b, result) for b, _, result in done], opts, "late")
    files = [(b.name, found) for b, found, _ in done]
    doc = several_doc(files, opts.lang, skipped, written if opts.writes else None)
    return Outcome(doc=doc, exit_code=1 if any(found.any_late for _, found in files) else 0, written=written,
                   notices=list(opts.notices), renderer=render_several, view=(files, opts.lang, config, written))


def several_doc(files: list[tuple[str, LateReport]], lang: str, skipped: list[dict] = (),
                written: list[Path] | None = None) -> dict:
    """The JSON document of several workbooks: the one-file keys (``file``: the names joined;
    ``today``, ``items``, ``due_soon`` over every file, each item with its ``file``; ``calendar``
    when a count fell back to Monday–Friday in any), ``files`` (the names of the files listed),
    ``skipped`` (files left out, with the reason) and ``written`` when given."""
    names = [name for name, _ in files]
    items, soon, fallback = [], [], set()
    for name, found in files:
        d = to_doc(found, name, lang)
        items += [{"file": name, **it} for it in d["items"]]
        soon += [{"file": name, **it} for it in d["due_soon"]]
        fallback.update(found.fallback_years)
    doc = {"file": ", ".join(names), "files": names, "today": files[0][1].today.isoformat(),
           "items": items, "due_soon": soon}
    if fallback:
        years = sorted(fallback)
        doc["calendar"] = {"fallback_years": years,
                           "message": CAL_M("fallback", lang, years=M("years_sep", lang).join(map(str, years)))}
    if skipped:
        doc["skipped"] = list(skipped)
    if written is not None:
        doc["written"] = [str(p) for p in written]
    return doc


def render_several(con, files: list[tuple[str, LateReport]], lang: str, config, written: list[Path]) -> None:
    """Each file as one file is shown (its name heads its items), then the totals."""
    for k, (name, found) in enumerate(files):
        render(con, found, name, lang, config, written[k:k + 1])
        con.print()
    con.print(_show(M("total", lang, files=len(files), today=files[0][1].today.isoformat(),
                      late=sum(f.count(LATE) for _, f in files), overdue=sum(f.count(OVERDUE) for _, f in files),
                      not_done=sum(f.count(NOT_DONE) for _, f in files),
                      soon=sum(len(f.due_soon) for _, f in files))), style="bold")


def render(con, found: LateReport, file: str, lang: str, config, written: list[Path]) -> None:
    from rich.table import Table as RichTable
    con.print(_show(M("summary", lang, name=file, today=found.today.isoformat(), late=found.count(LATE),
                overdue=found.count(OVERDUE), not_done=found.count(NOT_DONE), soon=len(found.due_soon))),
              style="bold")
    it = found.items
    if len(it):
        t = RichTable()
        for j, h in enumerate(M("screen_header", lang).split("|")):
            t.add_column(h, overflow="fold", no_wrap=j in (0, 2, 5, 6, 7, 8, 9))
        head = it.iloc[:SHOW_MAX]
        with_hours = _any_timed(head)
        if with_hours:
            t.add_column(M("hours_header", lang), no_wrap=True)
        for status, sheet, row, item, owner, d, done, days, wdays, pen, hours in zip(
                _py(head["status"]), _py(head["sheet"]), _py(head["row"]), _py(head["item"]), _py(head["owner"]),
                _timed_cells(head, "due", _due_cells(head, _iso(head["due"]))),
                _timed_cells(head, "done", _iso(head["done"])), _py(head["days_late"]),
                _py(head["workdays_late"]), _py(head["penalty"]), _py(head["hours_late"])):
            cells = [M(status, lang), _show(sheet), str(row), *(_show(v) for v in (item, owner, d, done, days, wdays)),
                     "" if pen is None else f"{pen:,.2f}"]
            if with_hours:
                cells.append("" if hours is None else M("hours", lang, h=f"{hours:g}"))
            t.add_row(*cells, style="blue" if status == LATE else "red")
        con.print(t)
        if len(it) > SHOW_MAX:
            con.print(M("more", lang, n=len(it) - SHOW_MAX))
    else:
        con.print(M("none", lang), style="green")
    s = found.due_soon
    if len(s):
        t = RichTable(title=M("screen_soon", lang, n=config.late.due_soon_workdays))
        for h in M("screen_soon_header", lang).split("|"):
            t.add_column(h, overflow="fold")
        head = s.iloc[:SHOW_MAX]
        for sheet, row, item, owner, d, wleft in zip(_py(head["sheet"]), _py(head["row"]), _py(head["item"]),
                                                     _py(head["owner"]), _iso(head["due"]), _py(head["workdays_left"])):
            t.add_row(_show(sheet), str(row), *(_show(v) for v in (item, owner, d, wleft)), style="yellow")
        con.print(t)
    for line in notes(found, lang):
        con.print(_show(line), style="yellow")
    for p in written:
        con.print(_show(M("written", lang, path=p)))


def _show(v) -> str:
    """A value for the screen table; user text is escaped so "[...]" is not read as markup."""
    from rich.markup import escape
    return "" if v is None else escape(str(v))
