"""The ribbon buttons: scripts that take the open workbook (``book: xw.Book``) and write results
into it, through the same core as the command line.

Each script reads every sheet once (``book_in.read_grids``: used ranges, values only), validates
with ``collab_xl.core.validate.validate_grids``, builds a renderer-neutral
``collab_xl.core.output.Result`` (``collab_xl.app.validate`` / ``collab_xl.app.late.build`` /
``collab_xl.app.rank.build``) and draws it with ``book_out.render`` — the same Result the command
line writes into files. What the user has to know ends in one Excel alert in the user's language
(Simplified Chinese by default, English with ``COLLAB_XL_LANG=en``); a problem the user can fix
(no table, an empty or huge sheet, a broken configuration file) is an alert saying what to do,
never a traceback.

Entry points:
* xlwings Lite / Server: the functions below, registered by ``udfs/lite/main.py``;
* desktop Excel: the ribbon add-in's VBA calls
  ``RunPython "from collab_xl.excel.scripts import run_desktop; run_desktop('validate_all')"``.

``today`` is the machine's date, or ``COLLAB_XL_TODAY`` (ISO) when set; the configuration is
read as the command line reads it (``COLLAB_XL_CONFIG`` or ./collab-xl.toml).
"""
from __future__ import annotations

import inspect
import types
import unicodedata
from typing import TYPE_CHECKING, Callable

import xlwings as xw

from collab_xl.catalog import TABLES, Context, Kind
from collab_xl.core.grid import Grid, find_tables
from collab_xl.core.output import Result, unique_sheet_name
from collab_xl.errors import UserError
from collab_xl.excel import book_in, book_out
from collab_xl.excel import buttons as ribbon
from collab_xl.excel.buttons import CHECK, HELP, PROGRESS, SUPPLIER, TEMPLATE, button
from collab_xl.excel.functions import lang as current_lang
from collab_xl.excel.functions import today as current_today
from collab_xl.i18n import Messages, pick

if TYPE_CHECKING:
    from collab_xl.core.validate import Report

TEMPLATE_ROWS = 500   # rows below a new template's header that get the date format

M = Messages({
    # outcomes (the ribbon labels, tips and icons are declared with each script below)
    "validated": ("已校验 {tables} 张表、{rows} 行:{errors} 个错误,{warnings} 个警告。{next}",
                  "Checked {tables} tables, {rows} rows: {errors} errors, {warnings} warnings. {next}"),
    "validated_next": ("出错的单元格已标色(红=错误,黄=警告),详见「{sheet}」页,点击单元格地址可跳转。",
                       "Cells with problems are coloured (red = error, yellow = warning); see the \"{sheet}\" "
                       "sheet, where each address links to its cell."),
    "validated_clean": ("全部通过。", "All clear."),
    "late_done": ("截至 {today}:逾期完成 {late} 项,超期未完成 {overdue} 项,未完成 {not_done} 项,临近到期 {soon} 项。"
                  "逾期行已标色,详见「{sheet}」页。",
                  "As of {today}: {late} late, {overdue} overdue, {not_done} not done, {soon} due soon. Late rows "
                  "are coloured; see the \"{sheet}\" sheet."),
    "ranked": ("{quarter} 季度共 {n} 家供应商参与排名,{below} 家低于合格线,已生成整改通知书。详见「{sheet}」页。",
               "{quarter}: {n} suppliers ranked, {below} below the threshold; rectification notices written. See "
               "the \"{sheet}\" sheet."),
    "ranked_ok": ("{quarter} 季度共 {n} 家供应商参与排名,全部达到合格线。详见「{sheet}」页。",
                  "{quarter}: {n} suppliers ranked, all at or above the threshold. See the \"{sheet}\" sheet."),
    "ranked_month": ("{quarter} 共 {n} 家供应商参与月度排名,{below} 家低于合格线,已生成整改通知书。详见「{sheet}」页。",
                     "{quarter}: {n} suppliers ranked for the month, {below} below the threshold; rectification notices "
                     "written. See the \"{sheet}\" sheet."),
    "ranked_ok_month": ("{quarter} 共 {n} 家供应商参与月度排名,全部达到合格线。详见「{sheet}」页。",
                        "{quarter}: {n} suppliers ranked for the month, all at or above the threshold. See the "
                        "\"{sheet}\" sheet."),
    "cleared": ("已清除 {n} 处标记和全部结果页;您填写的内容和格式没有改变。",
                "Removed {n} marks and all result sheets; your entries and formatting are unchanged."),
    "inserted": ("已插入「{title}」模板表(工作表「{sheet}」),请从第 3 行起填写。",
                 "Inserted the \"{title}\" template (sheet \"{sheet}\"); fill it in from row 3."),
    # problems
    "empty_book": ("工作簿是空的,没有可检查的内容。可点“{insert_template}”添加指南表格。",
                   "The workbook is empty: nothing to check. Use \"{insert_template}\" to add a table of the guide."),
    "no_table": ("没有找到任何指南表格(按表头识别),请确认表头与模板一致,或点“{insert_template}”。",
                 "No table of the guide was found (tables are found by their header row); check the headers, or "
                 "use \"{insert_template}\"."),
    "empty_sheet": ("当前工作表「{sheet}」是空的。请切换到要检查的表格再点“校验当前表”。",
                    "The active sheet \"{sheet}\" is empty. Switch to the table to check and try again."),
    "no_table_sheet": ("当前工作表「{sheet}」中没有找到指南表格(按表头识别)。请确认表头与模板一致,或用“{validate_all}”。",
                       "No table of the guide was found on the active sheet \"{sheet}\" (tables are found by their "
                       "header row). Check the headers, or use \"{validate_all}\"."),
    "result_sheet": ("「{sheet}」是协作助手生成的结果页。请切换到要检查的表格。",
                     "\"{sheet}\" is a result sheet of collab-xl. Switch to the table to check."),
    "all_present": ("指南的 {n} 张表格在本工作簿中都已存在。要另加一张,请把空白工作表命名为表名(如“表4”)后再点一次。",
                    "All {n} tables of the guide are already in this workbook. To add another, name an empty sheet "
                    "after the table (e.g. \"表4\") and try again."),
    "not_installed": ("此功能所需的模块尚未安装({module}),请升级 collab-xl:pip install -U collab-xl",
                      "A module this needs is not installed ({module}); upgrade collab-xl: pip install -U collab-xl"),
    "unknown_script": ("未知的按钮命令:{name}", "Unknown button command: {name}"),
    "crash": ("运行出错({kind}):{detail}\n请保存工作簿后用命令行 collab-xl 重试,或把此信息发给管理员。",
              "Something went wrong ({kind}): {detail}\nSave the workbook and try the collab-xl command line, or "
              "send this message to your administrator."),
    "help": (
        "协作助手(collab-xl)按《企业内外部沟通协作交流指南》检查本工作簿:\n"
        "• {validate_active_sheet} / {validate_all}:检查表格填写,出错单元格标色(红=错误,黄=警告),并生成「校验结果」页;\n"
        "• {flag_late}:按中国大陆工作日找出逾期完成、超期未完成的事项,标色并生成「逾期事项」页;\n"
        "• {supplier_ranking}:按五项评分生成「供应商排名」页,低于 80 分的生成「整改通知书」;\n"
        "• {insert_template}:按当前表名(如“表4”)或选中单元格的表名插入模板,否则插入尚缺的第一张表;\n"
        "• {clear_marks}:去掉全部标色和结果页,您填写的内容不受影响。\n"
        "标色不改动您的单元格格式;再次运行会替换上一次的结果。",
        "collab-xl checks this workbook against the collaboration guide:\n"
        "• {validate_active_sheet} / {validate_all}: checks the entries, colours problem cells (red = error, yellow = "
        "warning) and writes a \"Findings\" sheet;\n"
        "• {flag_late}: late and overdue items on the mainland-China working-day calendar, coloured and "
        "listed on a \"Late items\" sheet;\n"
        "• {supplier_ranking}: a \"Supplier ranking\" sheet from the five scores, and rectification notices "
        "below 80;\n"
        "• {insert_template}: the table named by the active sheet (e.g. \"表4\") or the selected cell, else the "
        "first table the workbook lacks;\n"
        "• {clear_marks}: removes all colours and result sheets; your entries are untouched.\n"
        "Colours never change your own cell formats; a new run replaces the previous results."),
})


# -- shared ----------------------------------------------------------------------------------------

def context() -> Context:
    from collab_xl.config import load_config
    return Context(today=current_today(), config=load_config())


def alert(book, text: str, lang: str, critical: bool = False) -> None:
    book.app.alert(text, title=ribbon.M("tab", lang), buttons="ok", mode="critical" if critical else "info")


def guarded(book, body: Callable[[object, str], str | None]) -> str | None:
    """Run a script body; its message, or the problem, becomes one alert (never a traceback)."""
    lang = current_lang()
    try:
        message = body(book, lang)
    except UserError as e:
        alert(book, e.text(lang), lang, critical=True)
        return None
    except ImportError as e:
        alert(book, M("not_installed", lang, module=getattr(e, "name", None) or str(e)), lang, critical=True)
        return None
    except Exception as e:  # noqa: BLE001 - the user gets an alert, not a traceback box
        alert(book, M("crash", lang, kind=type(e).__name__, detail=str(e)[:300]), lang, critical=True)
        return None
    if message:
        alert(book, message, lang)
    return message


def _say(key: str, lang: str, **fields) -> str:
    """A text of M; a button it names is a field named after the script ({validate_all} …),
    filled with that button's label."""
    labels = {b.script: b.label(lang) for b in ribbon.declared()}
    return M(key, lang, **labels, **fields)


def _error(key: str, **fields) -> UserError:
    return UserError(_say(key, "zh", **fields), _say(key, "en", **fields))


def record(book) -> book_in.Record:
    """What collab-xl owns in the workbook, from its record; a recorded sheet counts only while it
    is recognisably ours, and the previous release's result sheets are adopted once
    (``collab_xl.app.legacy``)."""
    from collab_xl.app.legacy import is_our_result_sheet
    return book_in.read_record(book, ours=is_our_result_sheet)


def read_report(book, ctx: Context, lang: str, only: str | None = None,
                owned: book_in.Record | None = None) -> Report:
    """Read every sheet once and validate; ``only`` restricts the checks (not the look-ups of
    other tables its rules make) to one sheet. The sheets collab-xl owns (``owned``) are not read; every
    other sheet is, whatever its name (a sheet of the user's called 校验结果 too)."""
    from collab_xl.core.validate import Report, validate_grids   # pandera: only the buttons that check
    grids = book_in.read_grids(book, record=owned if owned is not None else record(book))
    if not any(g.rows for g in grids):
        raise _error("empty_book")
    hits = [h for g in grids for h in find_tables(g, ctx.config)]
    if only is not None:
        grid = next((g for g in grids if g.name == only), None)
        if grid is None or not grid.rows:
            raise _error("empty_sheet", sheet=only)
        if not any(h.grid.name == only for h in hits):
            raise _nothing_found(book.name, [grid], ctx, _error("no_table_sheet", sheet=only))
    elif not hits:
        raise _nothing_found(book.name, grids, ctx, _error("no_table"))
        # the sheet's tables, and the tables their rules read (the 供应商名录 look-up; a rule's
        # with_tables: 供应商名录's CX243 reads 供应商评估表)
        mine = {h.table.key for h in hits if h.grid.name == only}
        read = {"supplier_directory"} | {k for h in hits if h.table.key in mine
                                         for r in h.table.rules for k, _ in r.with_tables}
        hits = [h for h in hits if h.grid.name == only or h.table.key in read]
    report = validate_grids(book.name, grids, ctx, lang, hits=hits)
    if only is not None:
        f = report.findings
        report = Report(file=report.file, results=[r for r in report.results if r.sheet == only], lang=report.lang,
                        today=report.today, findings=f[f["sheet"] == only].reset_index(drop=True))
    if not report.results:
        raise _error("no_table")
    return report


def _nothing_found(name: str, grids: list[Grid], ctx: Context, otherwise: UserError) -> UserError:
    """No table on these sheets: the command line's near-miss answer (the closest table, the
    columns found, the key columns missing with their synonyms, the collab-xl.toml line;
    ``collab_xl.app.mapping``), else ``otherwise``."""
    from collab_xl.app.mapping import nothing_found
    return nothing_found(name, grids, ctx.config, None) or otherwise


def validate_result(report: Report, lang: str) -> Result:
    from collab_xl.app.validate import build
    return build(report, lang)


def _first(added: list, result: Result) -> str:
    """The name the first result sheet got (ours is renamed around a sheet of the user's)."""
    return added[0].name if added else result.sheets[0].name


def _validated(report: Report, sheet: str, lang: str) -> str:
    nxt = M("validated_next", lang, sheet=sheet) if len(report.findings) else M("validated_clean", lang)
    return M("validated", lang, tables=len(report.results), rows=sum(r.rows for r in report.results),
             errors=report.errors, warnings=report.warnings, next=nxt)


# -- the bodies ------------------------------------------------------------------------------------

def _validate_active_sheet(book, lang: str) -> str:
    name = book.sheets.active.name
    owned = record(book)
    if name in owned.owned:
        raise _error("result_sheet", sheet=name)
    report = read_report(book, context(), lang, only=name, owned=owned)
    result = validate_result(report, lang)
    added = book_out.render(book, result, only_sheets=[name], record=owned)
    return _validated(report, _first(added, result), lang)


def _validate_all(book, lang: str) -> str:
    owned = record(book)
    report = read_report(book, context(), lang, owned=owned)
    result = validate_result(report, lang)
    added = book_out.render(book, result, record=owned)
    return _validated(report, _first(added, result), lang)


def _clear_marks(book, lang: str) -> str:
    return M("cleared", lang, n=book_out.clear(book, record(book)))


def _flag_late(book, lang: str) -> str:
    from collab_xl.app.late import build
    ctx = context()
    owned = record(book)
    report = read_report(book, ctx, lang, owned=owned)
    result = build(report, ctx, lang)
    added = book_out.render(book, result, record=owned)
    items = result.doc.get("items", [])
    count = {s: sum(1 for i in items if i.get("status") == s) for s in ("late", "overdue", "not-done")}
    return M("late_done", lang, today=ctx.today.isoformat(), late=count["late"], overdue=count["overdue"],
             not_done=count["not-done"], soon=len(result.doc.get("due_soon", [])), sheet=_first(added, result))


def _supplier_ranking(book, lang: str) -> str:
    from collab_xl.app.rank import build
    ctx = context()
    owned = record(book)
    report = read_report(book, ctx, lang, owned=owned)
    result = build([report], None, ctx, lang)
    added = book_out.render(book, result, record=owned)
    suppliers = result.doc.get("suppliers", [])
    below = sum(1 for s in suppliers if s.get("rectification"))
    key = ("ranked" if below else "ranked_ok") + ("_month" if result.doc.get("period") == "month" else "")
    return M(key, lang, quarter=result.doc.get("quarter", ""), n=len(suppliers),
             below=below, sheet=_first(added, result))


def _norm(text) -> str:
    return unicodedata.normalize("NFKC", str(text)).replace(" ", "").replace(":", ":").lower() if text else ""


def table_named(text) -> str | None:
    """The catalog table a sheet name or cell text names: its sheet name, title, number or key."""
    t = _norm(text)
    if not t:
        return None
    for key, table in TABLES.items():
        names = {_norm(n) for n in (*table.sheet, *table.title, *table.full_title, key)}
        if t in names:
            return key
        if table.number and t.startswith(_norm(table.number)) and not t[len(_norm(table.number)):][:1].isdigit():
            return key
    return None


def choose_template(book, lang: str) -> tuple[str, object | None]:
    """Which table to insert and into which sheet (None: a new sheet). Prompt-free rule: the table
    the active sheet is named after (into that sheet when it is empty; a new sheet when the sheet
    holds something else; skipped when it already holds that table), else the table the selected
    cell names (when the workbook lacks it), else the first catalog table the workbook lacks."""
    active = book.sheets.active
    values, row0, col0 = book_in.sheet_values(active)
    empty = not any(v not in (None, "") for row in values for v in row)
    key = table_named(active.name)
    if key and empty:
        return key, active
    if key and key not in {h.table.key for h in find_tables(Grid(active.name, values, row0, col0))}:
        return key, None
    try:
        selected = book.selection.value
    except Exception:  # noqa: BLE001 - no selection (a shape selected), or an engine without one
        selected = None
    present = {h.table.key for g in book_in.read_grids(book, record=record(book)) for h in find_tables(g)}
    key = table_named(selected) if isinstance(selected, str) else None
    if key and key not in present:
        return key, None
    for key in TABLES:
        if key not in present:
            return key, None
    raise _error("all_present", n=len(TABLES))


def _template_parts(key: str, lang: str) -> tuple[list[list], list[float]]:
    try:
        from collab_xl.io.templates import template_rows, template_widths
        return template_rows(key, lang), template_widths(key)
    except ImportError:
        t = TABLES[key]
        headers = [c.en if lang == "en" else c.header for c in t.columns]
        return [[pick(t.full_title, lang)], headers], [c.width for c in t.columns]


def _insert_template(book, lang: str) -> str:
    key, target = choose_template(book, lang)
    rows, widths = _template_parts(key, lang)
    table = TABLES[key]
    if target is None:
        name = unique_sheet_name(pick(table.sheet, lang), [s.name for s in book.sheets], sep=" ")
        target = book_out.add_sheet(book, name)
    target.range((1, 1)).value = book_out.rectangle(rows)
    header_row = len(rows)
    book_out._title_style(target)
    book_out._header_style(target, header_row, len(rows[-1]))
    book_out._widths(book, target, list(widths))
    for j, col in enumerate(table.columns):
        if col.kind == Kind.DATE:
            target.range((header_row + 1, j + 1), (header_row + TEMPLATE_ROWS, j + 1)).number_format = "yyyy-mm-dd"
    target.activate()
    return M("inserted", lang, title=pick(table.full_title, lang), sheet=target.name)


def _show_help(book, lang: str) -> str:
    return _say("help", lang)


# -- the scripts -----------------------------------------------------------------------------------
# One parameter annotated xw.Book: xlwings Lite/Server hand the workbook in; desktop Excel goes
# through run_desktop. Each script declares its ribbon button (label, group, icon, tips, in both
# languages) with @button; the add-in builder and xlwings Lite read those declarations
# (collab_xl.excel.buttons). Docstrings are for developers.

@button(label=("校验当前表", "Check this sheet"), group=CHECK, icon="DataValidation",
        tip=("校验当前工作表", "Check the active sheet"),
        supertip=("按协作指南的表格目录检查当前工作表:有问题的单元格标上颜色,"
                  "并在“校验结果”表中逐条列出说明,点击即可跳到该单元格。",
                  "Checks the active sheet against the tables of the guide: cells with problems are "
                  "coloured, and the \"Findings\" sheet lists each problem, linked to its cell."))
@xw.script
def validate_active_sheet(book: xw.Book):
    """校验当前表: check the active sheet's tables; mark its cells; 校验结果 lists its findings."""
    guarded(book, _validate_active_sheet)


@button(label=("校验全部", "Check all"), group=CHECK, icon="AcceptInvitation",
        tip=("校验全部工作表", "Check all sheets"),
        supertip=("检查本工作簿中能识别的全部表格,结果汇总到“校验结果”表。重复运行得到同样的结果。",
                  "Checks every table found in the workbook; the findings are gathered on the "
                  "\"Findings\" sheet. Running it again gives the same result."))
@xw.script
def validate_all(book: xw.Book):
    """校验全部: check every table of the workbook; mark the cells; 校验结果 lists the findings."""
    guarded(book, _validate_all)


@button(label=("清除标记", "Clear marks"), group=CHECK, icon="ClearFormats",
        tip=("清除校验标记", "Clear the marks"),
        supertip=("撤销协作助手做过的全部标记,单元格恢复成标记前的样子。",
                  "Removes every mark collab-xl made; the cells look as they did before."))
@xw.script
def clear_marks(book: xw.Book):
    """清除标记: empty the marks and delete the result sheets."""
    guarded(book, _clear_marks)


@button(label=("标记逾期", "Flag late items"), group=PROGRESS, icon="DateAndTimeInsert",
        tip=("标记逾期事项", "Flag late items"),
        supertip=("按中国大陆工作日(含法定节假日和调休)找出晚于要求完成、或已过期仍未完成的事项,"
                  "标出并列在“逾期事项”表中。",
                  "Finds the items done after their due date, or past it and not done, on the "
                  "mainland-China working-day calendar (public holidays and adjusted working days "
                  "included); marks them and lists them on the \"Late items\" sheet."))
@xw.script
def flag_late(book: xw.Book):
    """标记逾期: colour late and overdue rows; 逾期事项 lists them."""
    guarded(book, _flag_late)


@button(label=("供应商季度排名", "Supplier ranking"), group=SUPPLIER, icon="ChartInsert",
        tip=("供应商季度排名", "Quarterly supplier ranking"),
        supertip=("按季度汇总供应商评价,生成“供应商排名 <季度>”表和图表;"
                  "低于 80 分的供应商生成整改通知书。",
                  "Sums up the quarter's supplier evaluations in a \"Supplier ranking <quarter>\" "
                  "sheet with a chart; suppliers below 80 get a rectification notice."))
@xw.script
def supplier_ranking(book: xw.Book):
    """供应商季度排名: 供应商排名 <quarter> with a chart, 整改通知书 below the threshold."""
    guarded(book, _supplier_ranking)


@button(label=("插入模板表", "Insert template"), group=TEMPLATE, icon="TableInsert",
        tip=("插入模板表", "Insert a template table"),
        supertip=("插入协作指南规定格式的空白表格,表头已按目录写好,照此填写即可通过校验。",
                  "Inserts a blank table in the layout of the guide, its headers written; filled "
                  "in as laid out, it passes the checks."))
@xw.script
def insert_template(book: xw.Book):
    """插入模板表: add one table's template sheet (title, header, widths)."""
    guarded(book, _insert_template)


@button(label=("帮助", "Help"), group=HELP, icon="Help",
        tip=("协作助手帮助", "collab-xl help"),
        supertip=("说明每个按钮做什么、结果写在哪里,以及遇到问题时怎么办。",
                  "Explains what each button does, where the results go, and what to do when "
                  "something goes wrong."))
@xw.script
def show_help(book: xw.Book):
    """帮助: what each button does, in an alert."""
    guarded(book, _show_help)


#: The scripts by name, in ribbon order (the order of their declarations above).
SCRIPTS: dict[str, Callable] = {b.script: globals()[b.script] for b in ribbon.declared()}
NAMES = tuple(SCRIPTS)


def label(name: str, lang: str = "zh") -> str:
    """The ribbon label of a script."""
    return ribbon.by_script()[name].label(lang)


def run_desktop(name: str) -> None:
    """What the ribbon add-in's VBA calls via RunPython: run a script on ``xw.Book.caller()``."""
    book = xw.Book.caller()
    script = SCRIPTS.get(name)
    if script is None:
        lang = current_lang()
        alert(book, M("unknown_script", lang, name=name), lang, critical=True)
        return
    inspect.unwrap(script)(book)


def lite_scripts(script, module: str = "main") -> dict[str, Callable]:
    """The scripts decorated with xlwings Lite/Server's ``script`` (fresh copies, so no decorator
    state from this module carries over)."""
    out = {}
    lang = current_lang()
    for name, fn in SCRIPTS.items():
        f = inspect.unwrap(fn)
        g = types.FunctionType(f.__code__, f.__globals__, f.__name__, f.__defaults__, f.__closure__)
        g.__annotations__ = dict(f.__annotations__)
        g.__doc__, g.__qualname__, g.__module__ = f.__doc__, f.__qualname__, module
        out[name] = script(name=label(name, lang))(g)
    return out
