"""The template workbook: a 填写说明 sheet and one sheet per catalog table (openpyxl).

Each table sheet has the guide's title in row 1 (merged across), the exact catalog headers in
row 2 (``Col.header``; ``Col.en`` for ``lang="en"``), a frozen header row, the catalog widths, an
Excel table (ListObject) over the header and ``rows`` empty rows, native data validation
(drop-down lists for choices, date / number / text-length rules with input messages and error
alerts within Excel's limits), a live conditional format that colours overdue rows against
TODAY(), and print set-up (A4 landscape, fit to width, header row repeated).

What a sheet holds is first described renderer-neutrally (``template_spec``: ``SheetSpec`` with
``Validation``s and the overdue rule), so the live-workbook writer (the Excel script 插入模板表,
through xlwings) draws the same sheet as this file writer. ``template_rows`` / ``template_widths``
are the two pieces every writer needs first.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo

from collab_xl.catalog import TABLES, Kind, Table
from collab_xl.catalog.base import Col
from collab_xl.catalog.kinds import range_text
from collab_xl.core.output import MARK_KINDS, quote_sheet
from collab_xl.errors import UserError
from collab_xl.i18n import Messages, norm_lang, pick

DEFAULT_ROWS = 200            # empty table rows: validation and formatting reach where users type
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
TABLE_STYLE = "TableStyleMedium2"
# The template's own live overdue colour: lavender, distinct from every collab-xl mark colour.
LIVE_OVERDUE_FILL, LIVE_OVERDUE_FONT = "E4DFEC", "5F497A"
MIN_DATE = dt.date(2000, 1, 1)
# Excel's limits for data-validation texts.
TITLE_MAX, TEXT_MAX, LIST_MAX = 32, 255, 255
FIXED_CREATED = dt.datetime(2024, 6, 5, 9, 0, 0)   # the committed workbooks' creation stamp

M = Messages({
    "instructions": ("填写说明", "Instructions"),
    "title": ("collab-xl 模板 — 填写说明", "collab-xl template — instructions"),
    "source": ("依据《企业内外部沟通协作交流指南》;表头与指南一致,请勿修改表头文字。本工作簿由 collab-xl 生成。",
               "Based on the collaboration guide (企业内外部沟通协作交流指南). Keep the header texts as they are. "
               "Written by collab-xl."),
    "general": ("通用规则", "General rules"),
    "g1": ("每张表都按第2行的表头识别:可以改工作表名、调整列的顺序、在右侧增加自己的列,但不要改表头文字。",
           "Each table is found by its header row (row 2): you may rename the sheet, reorder columns and add your own "
           "columns on the right, but keep the header texts."),
    "g2": ("分组列(标有“可合并”)可以合并单元格,或留空表示“同上”;新的一组从该列重新填写开始。",
           "Grouping columns (marked \"may merge\") may be merged cells or left blank for \"same as above\"; a new "
           "group starts where the column is filled again."),
    "g3": ("日期请写完整年份:2024-05-20、2024/5/20、2024年5月20日 均可;“05-20”这类缺年份的写法会被提示。",
           "Write dates with the year: 2024-05-20, 2024/5/20 or \"2024年5月20日\"; a date without a year (\"05-20\") is "
           "flagged."),
    "g4": ("选填列中的“-”“/”“无”视为空;必填列不能填这些。", "In optional columns \"-\", \"/\" and \"无\" mean empty; "
           "required columns need a real value."),
    "g5": ("填写后运行 collab-xl validate 工作簿.xlsx 检查;加 --out 结果.xlsx 会把问题标在单元格上并生成“校验结果”页。",
           "When filled, run collab-xl validate workbook.xlsx; with --out result.xlsx the findings are marked on "
           "their cells and listed on a Findings sheet."),
    "legend": ("颜色说明", "Colours"),
    "legend_error": ("错误:collab-xl 校验发现的错误(单元格)", "Error: a finding of collab-xl's check (cell)"),
    "legend_warning": ("警告:collab-xl 校验发现的警告(单元格)", "Warning: a finding of collab-xl's check (cell)"),
    "legend_overdue": ("超期未完成:collab-xl late 标出的行", "Overdue: a row marked by collab-xl late"),
    "legend_late": ("已完成但逾期:collab-xl late 标出的行", "Late: done after the deadline, a row marked by collab-xl late"),
    "legend_live": ("模板自带的实时逾期提示:期限已过、尚未完成的行,按 Excel 当天日期(TODAY)自动变色",
                    "The template's own live overdue colour: rows past their deadline and not done, against "
                    "Excel's current date (TODAY)"),
    "label_error": ("错误", "Error"),
    "label_warning": ("警告", "Warning"),
    "label_overdue": ("超期未完成", "Overdue"),
    "label_late": ("逾期完成", "Late"),
    "label_live": ("实时逾期提示", "Live overdue"),
    "legend_note": ("collab-xl 的标记不改动单元格本身,“清除标记”可全部移除;淡紫色由模板的条件格式产生。",
                    "collab-xl's marks never change the cells themselves and \"clear marks\" removes them; lavender "
                    "comes from the template's own conditional format."),
    "sheet_ref": ("工作表「{sheet}」,指南 {section}", "sheet \"{sheet}\", guide section {section}"),
    "sheet_ref_nosec": ("工作表「{sheet}」", "sheet \"{sheet}\""),
    "purpose": ("用途", "Purpose"),
    "guide": ("指南要点", "From the guide"),
    "late": ("逾期判断", "Late when"),
    "rules": ("检查规则", "Checks"),
    "cols_header": ("列名|必填|类型|可选值|填写提示", "Column|Required|Kind|Allowed values|Hint"),
    "yes": ("必填", "required"),
    "no": ("选填", "optional"),
    "merge": ("可合并", "may merge"),
    "tracking": ("(模板增加的跟踪列)", "(tracking column added by the template)"),
    "unique": ("不能重复", "must be unique"),
    "late_text": ("「{due}」已过而「{done}」为空(超期未完成),或「{done}」晚于「{due}」(逾期完成)",
                  "\"{due}\" has passed and \"{done}\" is empty (overdue), or \"{done}\" is after \"{due}\" (late)"),
    "late_status": (";「{status}」为已取消的不算逾期", "; rows whose \"{status}\" is \"已取消\" (cancelled) are never late"),
    "late_penalty": (";逾期交付按金额每日0.5%计违约金", "; a late delivery costs 0.5% of the amount a day"),
    "choices_any": ("可多选,用 + 连接:{values}", "One or more, joined by +: {values}"),
    "one_of": ("{values}", "{values}"),
    "required_p": ("必填。", "Required. "),
    "optional_p": ("选填。", "Optional. "),
    "choose": ("请从下拉列表中选择:{values}", "Choose from the list: {values}"),
    "mechanisms": ("可选:{values}", "Allowed: {values}"),
    "date_hint": ("日期,如 2024-05-20", "A date, e.g. 2024-05-20"),
    "uscc_hint": ("18位统一社会信用代码", "An 18-character unified social credit code"),
    "number_hint": ("数字 {range}", "A number {range}"),
    "e_list_t": ("不在可选值中", "Value not in the list"),
    "e_list": ("请从下拉列表中选择:{values}", "Please choose one of: {values}"),
    "e_list_ext": ("「{header}」通常为:{values}。如您的配置允许其他值,可选择“是”继续。",
                   "\"{header}\" is usually one of: {values}. If your configuration allows other values, choose Yes "
                   "to continue."),
    "e_date_t": ("日期不正确", "Not a valid date"),
    "e_date": ("请填写 2000-01-01 以后的日期,如 2024-05-20。", "Enter a date from 2000-01-01 on, e.g. 2024-05-20."),
    "e_date_opt": ("请填写 2000-01-01 以后的日期,如 2024-05-20;尚未完成可留空或填“-”。",
                   "Enter a date from 2000-01-01 on, e.g. 2024-05-20; leave it blank or \"-\" until done."),
    "e_num_t": ("数字不正确", "Not a valid number"),
    "e_num": ("「{header}」应为数字 {range}。", "\"{header}\" must be a number {range}."),
    "e_num_any": ("「{header}」应为数字。", "\"{header}\" must be a number."),
    "e_uscc_t": ("统一社会信用代码应为18位", "The credit code has 18 characters"),
    "e_uscc": ("统一社会信用代码为18位数字或大写字母,如 91350100M000100Y43。",
               "A unified social credit code has 18 digits or capital letters, e.g. 91350100M000100Y43."),
    "header_center": ("&A", "&A"),
    "footer_center": ("第 &P 页,共 &N 页", "Page &P of &N"),
    "unknown_table": ("未知的表格「{key}」。可用的表格:{valid}", "Unknown table \"{key}\". Valid tables: {valid}"),
})

KIND_NAMES = {
    Kind.TEXT: ("文本", "text"), Kind.DATE: ("日期", "date"), Kind.NUMBER: ("数字", "number"),
    Kind.CHOICE: ("单选", "one of a list"), Kind.MULTI: ("多选(用 + 连接)", "one or more, joined by +"),
    Kind.CONTACT: ("联系人(姓名/部门/联系方式)", "contact (name/department/phone or e-mail)"),
    Kind.PHONE_EMAIL: ("手机、座机或邮箱", "mobile, landline or e-mail"),
    Kind.PERIOD: ("汇报周期", "reporting period"), Kind.QUARTER: ("季度", "quarter"),
    Kind.CREDIT_CODE: ("统一社会信用代码", "unified social credit code"),
}

# The guide's key rules for each table, short (guide sections in brackets).
GUIDE_NOTES = {
    "cross_dept": (
        "各协作部门指定1名对接人,写明姓名/部门/联系方式(二(一)步骤2);时间节点写完整日期,关键里程碑进入甘特图(步骤4);"
        "建立“每日站会+周例会”机制,需求变更、资源调整等重要沟通通过邮件或协作工具留痕(步骤5);主动暴露风险。",
        "Each department names one contact with name/department/phone (二(一) step 2); deadlines are full dates "
        "(step 4); daily stand-up + weekly meeting, and important changes are recorded by e-mail or a "
        "collaboration tool (step 5); raise risks early."),
    "work_report": (
        "先说结论,聚焦结果而非过程;用数据代替模糊描述(如“拜访10家客户,转化率20%”);未完成或部分完成须写明卡点及需要的支持,"
        "遇到困难24小时内反馈(二(二))。",
        "Conclusion first, results rather than process; figures instead of vague words (\"visited 10 customers, "
        "20% converted\"); for unfinished work name the blocker and the support needed, and report it within "
        "24 hours (二(二))."),
    "customer_log": (
        "记录客户的痛点、目标、预算和决策链;后续行动须有负责人和完成时间;客户咨询/投诉2小时内响应(非工作时间4小时内);"
        "不做过度承诺(三(一))。",
        "Record the customer's pain points, goals, budget and decision makers; every follow-up action has an "
        "owner and a due date; answer enquiries and complaints within 2 hours (4 outside working hours); do not "
        "over-promise (三(一))."),
    "partner_progress": (
        "双方指定项目负责人;按阶段列出计划完成时间与交付物;合作伙伴提交阶段性成果后,我方2个工作日内反馈;"
        "尚未完成的实际完成时间填“-”或留空(三(二))。",
        "Both sides name a lead; list each phase with its planned date and deliverable; give feedback on a "
        "partner's interim result within 2 working days; leave the actual date blank or \"-\" until done (三(二))."),
    "supplier_directory": (
        "审核营业执照、行业资质、过往合作案例与供货能力;建立《供应商名录》,分类管理:战略供应商、常规供应商、备用供应商"
        "(三(三)步骤1)。采购订单和评估表中的供应商须在名录中登记。",
        "Check licences, qualifications, references and capacity; keep a supplier directory in three classes: "
        "strategic, regular, backup (三(三) step 1). Orders and evaluations name suppliers listed here."),
    "purchase_orders": (
        "《采购订单》含订单号、产品明细、数量、交付地址与时间(三(三)步骤3);延迟配送每日扣款0.5%(步骤2);"
        "不合格当场拒收并要求48小时内补发(步骤4)。",
        "An order holds its number, goods, quantity, delivery address and date (三(三) step 3); late delivery "
        "costs 0.5% a day (step 2); failed goods are refused and replaced within 48 hours (step 4)."),
    "supplier_evaluation": (
        "每季度综合评分,满分100分:产品质量30分、交付及时性25分、服务态度20分、价格合理性15分、问题解决能力10分;"
        "评分低于80分的供应商发出《整改通知书》(三(三)步骤5)。一个季度可有多位评估人,季度得分取平均。",
        "Every quarter a score out of 100: quality 30, delivery 25, service 20, price 15, problem solving 10; "
        "suppliers below 80 get a rectification notice (三(三) step 5). Several evaluators per quarter are "
        "averaged."),
}


# ---------------------------------------------------------------------------------------------
# The renderer-neutral description of a template sheet.
@dataclass(frozen=True)
class Validation:
    """One native data-validation rule over a column of the table body (openpyxl / Excel names).

    ``type`` None means "any value" (an input message only)."""
    column: int                       # 0-based column of the table
    type: str | None                  # list | date | decimal | textLength | None
    operator: str | None = None       # between | greaterThan | greaterThanOrEqual | equal …
    formula1: str | None = None
    formula2: str | None = None
    error_style: str = "stop"         # stop | warning
    prompt_title: str = ""
    prompt: str = ""
    error_title: str = ""
    error: str = ""


@dataclass(frozen=True)
class SheetSpec:
    key: str
    name: str                         # the sheet name
    title: str                        # row 1, merged across the table
    headers: list[str]                # row 2
    widths: list[float]
    number_formats: dict[int, str]    # 0-based column -> number format of the body cells
    validations: list[Validation]
    overdue: str | None               # conditional-format formula, relative to the first body row
    rows: int = DEFAULT_ROWS
    table_name: str = ""

    @property
    def last_col(self) -> str:
        return get_column_letter(len(self.headers))

    @property
    def last_row(self) -> int:
        return HEADER_ROW + self.rows

    @property
    def table_ref(self) -> str:
        return f"A{HEADER_ROW}:{self.last_col}{self.last_row}"

    @property
    def body_ref(self) -> str:
        return f"A{FIRST_ROW}:{self.last_col}{self.last_row}"

    def column_ref(self, j: int) -> str:
        L = get_column_letter(j + 1)
        return f"{L}{FIRST_ROW}:{L}{self.last_row}"


def resolve_tables(tables: list[str] | None) -> list[str]:
    """Table keys in catalog order; a key may also be given as 表1…表4 or the Chinese/English title.
    Unknown → UserError naming every valid key."""
    if not tables:
        return list(TABLES)
    alias = {}
    for t in TABLES.values():
        alias[t.key.lower()] = t.key
        alias[t.title[0]] = t.key
        alias[t.title[1].lower()] = t.key
        if t.number:
            alias[t.number] = t.key
    wanted = set()
    for k in tables:
        key = alias.get(str(k).strip()) or alias.get(str(k).strip().lower())
        if key is None:
            valid = ", ".join(TABLES)
            raise UserError(M("unknown_table", "zh", key=k, valid=valid), M("unknown_table", "en", key=k, valid=valid))
        wanted.add(key)
    return [k for k in TABLES if k in wanted]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(c: Col, lang: str) -> str:
    """A column's short name: the header without its bracketed hint."""
    return c.key if lang == "zh" else c.en.split(" (")[0]


def _values(c: Col, lang: str, sep: str | None = None) -> str:
    sep = sep or ("、" if lang == "zh" else ", ")
    if lang == "en" and c.en_choices and len(c.en_choices) == len(c.choices):
        return sep.join(f"{v} ({e})" for v, e in zip(c.choices, c.en_choices))
    return sep.join(c.choices)


def _prompt(c: Col, lang: str) -> str:
    head = M("required_p" if c.required else "optional_p", lang)
    hint = pick(c.hint, lang)
    extra = ""
    if c.kind == Kind.CHOICE:
        extra = M("choose", lang, values=_values(c, lang))
    elif c.kind == Kind.MULTI:
        extra = M("mechanisms", lang, values=_values(c, lang))
    elif c.kind == Kind.DATE and not hint:
        extra = M("date_hint", lang)
    elif c.kind == Kind.CREDIT_CODE and not hint:
        extra = M("uscc_hint", lang)
    elif c.kind == Kind.NUMBER and not hint:
        extra = M("number_hint", lang, range=range_text(c))
    parts = [p for p in (hint, extra) if p]
    if c.kind == Kind.CHOICE and hint:
        parts = [extra]  # the list says it all (the hint only repeats the values)
    sep = ";" if lang == "zh" else "; "
    return _clip(head + sep.join(parts), TEXT_MAX)


def _validation(c: Col, j: int, lang: str) -> Validation:
    title = _clip(_short(c, lang), TITLE_MAX)
    prompt = _prompt(c, lang)
    style = "stop" if c.required else "warning"
    base = dict(column=j, prompt_title=title, prompt=prompt, error_style=style)
    if c.kind == Kind.CHOICE:
        formula = '"' + ",".join(c.choices) + '"'
        if len(formula) > LIST_MAX:  # pragma: no cover - the catalog's lists are short
            raise ValueError(f"choice list of {c.name} too long for Excel")
        if c.extra_choices:  # the configuration may add values: the alert only warns
            return Validation(type="list", formula1=formula, error_title=_clip(M("e_list_t", lang), TITLE_MAX),
                              error=_clip(M("e_list_ext", lang, header=_short(c, lang), values=_values(c, lang)), TEXT_MAX),
                              **{**base, "error_style": "warning"})
        return Validation(type="list", formula1=formula, error_title=_clip(M("e_list_t", lang), TITLE_MAX),
                          error=_clip(M("e_list", lang, values=_values(c, lang)), TEXT_MAX), **base)
    if c.kind == Kind.DATE:
        return Validation(type="date", operator="greaterThanOrEqual",
                          formula1=f"DATE({MIN_DATE.year},{MIN_DATE.month},{MIN_DATE.day})",
                          error_title=_clip(M("e_date_t", lang), TITLE_MAX),
                          error=_clip(M("e_date" if c.required else "e_date_opt", lang), TEXT_MAX), **base)
    if c.kind == Kind.NUMBER:
        lo, hi = c.min, c.max
        if lo is not None and hi is not None:
            op, f1, f2 = "between", f"{lo:g}", f"{hi:g}"
        elif lo is not None:
            op, f1, f2 = ("greaterThan" if c.min_exclusive else "greaterThanOrEqual"), f"{lo:g}", None
        elif hi is not None:
            op, f1, f2 = "lessThanOrEqual", f"{hi:g}", None
        else:
            op, f1, f2 = "between", "-1E+15", "1E+15"
        err = (M("e_num", lang, header=_short(c, lang), range=range_text(c)) if (lo is not None or hi is not None)
               else M("e_num_any", lang, header=_short(c, lang)))
        return Validation(type="decimal", operator=op, formula1=f1, formula2=f2,
                          error_title=_clip(M("e_num_t", lang), TITLE_MAX), error=_clip(err, TEXT_MAX), **base)
    if c.kind == Kind.CREDIT_CODE:
        return Validation(type="textLength", operator="equal", formula1="18",
                          error_title=_clip(M("e_uscc_t", lang), TITLE_MAX), error=_clip(M("e_uscc", lang), TEXT_MAX),
                          **base)
    return Validation(type=None, **{**base, "error_style": "stop"})


def _number_format(c: Col) -> str | None:
    if c.kind == Kind.DATE:
        return "yyyy-mm-dd"
    if c.kind in (Kind.PERIOD, Kind.QUARTER, Kind.CREDIT_CODE, Kind.PHONE_EMAIL):
        return "@"   # keep 2024-05, 2024-Q2, codes and phone numbers as typed (no date / 1.38E+10)
    return None


def overdue_formula(table: Table, row: int = FIRST_ROW) -> str | None:
    """The live overdue rule: due is a date before TODAY(), done is empty (or "-"), and for a
    table with a status column the status is not 已完成/已取消. Relative to ``row``."""
    late = table.late
    if late is None or late.done is None:
        return None
    idx = {c.name: j for j, c in enumerate(table.columns)}

    def ref(name):
        return f"${get_column_letter(idx[name] + 1)}{row}"
    due, done = ref(late.due), ref(late.done)
    parts = [f"ISNUMBER({due})", f"{due}<TODAY()", f'OR({done}="",{done}="-")']
    if late.status:
        st = ref(late.status)
        parts += [f'{st}<>"已完成"', f'{st}<>"已取消"']
    return "AND(" + ",".join(parts) + ")"


def template_headers(table_key: str, lang: str = "zh") -> list[str]:
    lang = norm_lang(lang)
    return [c.en if lang == "en" else c.header for c in TABLES[table_key].columns]


def template_rows(table_key: str, lang: str = "zh") -> list[list]:
    """The title row (title in the first cell, the rest empty) and the header row."""
    lang = norm_lang(lang)
    headers = template_headers(table_key, lang)
    title = pick(TABLES[table_key].full_title, lang)
    return [[title] + [""] * (len(headers) - 1), headers]


def template_widths(table_key: str) -> list[float]:
    return [c.width for c in TABLES[table_key].columns]


def template_spec(table_key: str, lang: str = "zh", rows: int = DEFAULT_ROWS) -> SheetSpec:
    lang = norm_lang(lang)
    t = TABLES[table_key]
    cols = t.columns
    nf = {j: f for j, c in enumerate(cols) if (f := _number_format(c))}
    return SheetSpec(
        key=t.key, name=pick(t.sheet, lang)[:31], title=pick(t.full_title, lang),
        headers=template_headers(table_key, lang), widths=template_widths(table_key), number_formats=nf,
        validations=[_validation(c, j, lang) for j, c in enumerate(cols)],
        overdue=overdue_formula(t), rows=rows, table_name=f"tbl_{t.key}",
    )


# ---------------------------------------------------------------------------------------------
# The openpyxl renderer.
_TITLE_FONT = Font(bold=True, size=14)
_HEAD_FONT = Font(bold=True, color="FFFFFF")
# Drawn directly too: the table style gives the same look in Excel, but LibreOffice and WPS may not
# draw table styles, and white header text must never end up on no fill.
_HEAD_FILL = PatternFill("solid", fgColor="1F4E78")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)


def _page_setup(ws, lang: str, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.center.text = M("header_center", lang)
    ws.oddFooter.center.text = M("footer_center", lang)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def write_sheet(wb: Workbook, spec: SheetSpec, lang: str = "zh"):
    """Draw one template sheet into an openpyxl workbook."""
    ws = wb.create_sheet(spec.name)
    n = len(spec.headers)
    ws.cell(row=TITLE_ROW, column=1, value=spec.title).font = _TITLE_FONT
    ws.cell(row=TITLE_ROW, column=1).alignment = Alignment(vertical="center")
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=n)
    ws.row_dimensions[TITLE_ROW].height = 26
    ws.row_dimensions[HEADER_ROW].height = 36
    for j, h in enumerate(spec.headers, start=1):
        c = ws.cell(row=HEADER_ROW, column=j, value=h)
        c.data_type = "s"
        c.font, c.alignment, c.fill, c.border = _HEAD_FONT, _HEAD_ALIGN, _HEAD_FILL, _BORDER
    for j, w in enumerate(spec.widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    for j, fmt in spec.number_formats.items():
        for r in range(FIRST_ROW, spec.last_row + 1):
            ws.cell(row=r, column=j + 1).number_format = fmt
    ws.freeze_panes = f"A{FIRST_ROW}"

    tab = XlTable(displayName=spec.table_name, ref=spec.table_ref)
    tab.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False,
                                        showFirstColumn=False, showLastColumn=False)
    ws.add_table(tab)

    for v in spec.validations:
        dv = DataValidation(type=v.type, operator=v.operator, formula1=v.formula1, formula2=v.formula2,
                            allow_blank=True, showInputMessage=True, showErrorMessage=v.type is not None,
                            errorStyle=v.error_style, promptTitle=v.prompt_title or None, prompt=v.prompt or None,
                            errorTitle=v.error_title or None, error=v.error or None)
        dv.add(spec.column_ref(v.column))
        ws.add_data_validation(dv)

    if spec.overdue:
        ws.conditional_formatting.add(spec.body_ref, FormulaRule(
            formula=[spec.overdue], stopIfTrue=False,
            fill=PatternFill("solid", fgColor=LIVE_OVERDUE_FILL, bgColor=LIVE_OVERDUE_FILL),
            font=Font(color=LIVE_OVERDUE_FONT)))
    _page_setup(ws, lang, f"{HEADER_ROW}:{HEADER_ROW}")
    return ws


def _instructions(wb: Workbook, keys: list[str], specs: dict[str, SheetSpec], lang: str):
    ws = wb.active
    ws.title = M("instructions", lang)
    widths = (30, 14, 26, 34, 52)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    r = 1

    def line(values, font=None, fill=None, wrap=True, height=None):
        nonlocal r
        for j, v in enumerate(values, start=1):
            if v in ("", None):
                continue
            c = ws.cell(row=r, column=j, value=v)
            c.data_type = "s"
            if font is not None:
                c.font = font
            if fill is not None:
                c.fill = fill
            if wrap:
                c.alignment = _WRAP
        if len(values) == 1 and values[0]:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
        if height:
            ws.row_dimensions[r].height = height
        elif wrap:
            # Excel does not grow a row for wrapped text on its own: give it the lines it needs.
            spans = [sum(widths)] if len(values) == 1 else list(widths[:len(values)])
            n = max((_lines(str(v), w) for v, w in zip(values, spans) if v), default=1)
            if n > 1:
                ws.row_dimensions[r].height = 15 * n
        r += 1
        return r - 1

    line([M("title", lang)], font=Font(bold=True, size=16), height=26)
    line([M("source", lang)])
    r += 1
    line([M("general", lang)], font=Font(bold=True, size=12))
    for k in ("g1", "g2", "g3", "g4", "g5"):
        line(["• " + M(k, lang)])
    r += 1
    line([M("legend", lang)], font=Font(bold=True, size=12))
    for kind in MARK_KINDS:
        _, fill, font, _ = MARK_KINDS[kind]
        row = line([M(f"label_{kind}", lang), M(f"legend_{kind}", lang)], wrap=False)
        ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor=fill)
        ws.cell(row=row, column=1).font = Font(color=font, bold=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(widths))
    row = line([M("label_live", lang), M("legend_live", lang)], wrap=False)
    ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor=LIVE_OVERDUE_FILL)
    ws.cell(row=row, column=1).font = Font(color=LIVE_OVERDUE_FONT, bold=True)
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(widths))
    line([M("legend_note", lang)])

    head_fill = _HEAD_FILL
    for key in keys:
        t, spec = TABLES[key], specs[key]
        r += 1
        ref = (M("sheet_ref", lang, sheet=spec.name, section=t.section) if t.section
               else M("sheet_ref_nosec", lang, sheet=spec.name))
        row = line([f"{pick(t.full_title, lang)}({ref})" if lang == "zh" else f"{pick(t.full_title, lang)} ({ref})"],
                   font=Font(bold=True, size=13, color="0563C1", underline="single"), wrap=False)
        c = ws.cell(row=row, column=1)
        c.hyperlink = Hyperlink(ref=c.coordinate, location=f"{quote_sheet(spec.name)}!A1", display=str(c.value))
        line([f"{M('purpose', lang)}:{pick(t.purpose, lang)}" if lang == "zh"
              else f"{M('purpose', lang)}: {pick(t.purpose, lang)}"])
        line([f"{M('guide', lang)}:{GUIDE_NOTES[key][0]}" if lang == "zh"
              else f"{M('guide', lang)}: {GUIDE_NOTES[key][1]}"])
        if t.late is not None and t.late.done is not None:
            line([_late_text(t, lang)])
        row = line(M("cols_header", lang).split("|"), font=_HEAD_FONT, fill=head_fill)
        for c in t.columns:
            req = M("yes" if c.required else "no", lang)
            flags = [M("merge", lang)] if c.ffill else []
            if c.unique:
                flags.append(M("unique", lang))
            if flags:
                req += ("," if lang == "zh" else ", ") + ("," if lang == "zh" else ", ").join(flags)
            header = spec.headers[t.columns.index(c)]
            if c.tracking:
                header += M("tracking", lang)
            kind = pick(KIND_NAMES[c.kind], lang)
            if c.kind == Kind.NUMBER and (c.min is not None or c.max is not None):
                kind += f" {range_text(c)}"
            line([header, req, kind, _values(c, lang) if c.choices else "", pick(c.hint, lang)])
        for rule in t.rules:
            why = pick(rule.why, lang)
            text = f"{rule.code} {pick(rule.title, lang)}" + ((":" + why) if lang == "zh" and why
                                                              else (": " + why) if why else "")
            line([f"{M('rules', lang)}:{text}" if lang == "zh" else f"{M('rules', lang)}: {text}"])
    ws.freeze_panes = None
    _page_setup(ws, lang, "")
    ws.page_setup.orientation = "portrait"
    return ws


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (CJK counts 2)."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-int(units * 1.05) // max(int(width) - 1, 1)))


def _late_text(t: Table, lang: str) -> str:
    late = t.late
    due, done = (_short(t.col(late.due), lang), _short(t.col(late.done), lang))
    text = M("late_text", lang, due=due, done=done)
    if late.status:
        text += M("late_status", lang, status=_short(t.col(late.status), lang))
    if late.amount is not None:
        text += M("late_penalty", lang)
    sep = ":" if lang == "zh" else ": "
    return f"{M('late', lang)}{sep}{text}"


def build_template(tables: list[str] | None = None, lang: str = "zh", rows: int = DEFAULT_ROWS) -> Workbook:
    """One workbook: 填写说明 first, then one sheet per table (catalog order)."""
    lang = norm_lang(lang)
    keys = resolve_tables(tables)
    specs = {k: template_spec(k, lang, rows) for k in keys}
    wb = Workbook()
    _instructions(wb, keys, specs, lang)
    for k in keys:
        write_sheet(wb, specs[k], lang)
    wb.active = 0
    wb.properties.creator = "collab-xl"
    wb.properties.title = M("title", lang)
    wb.properties.created = FIXED_CREATED
    return wb
