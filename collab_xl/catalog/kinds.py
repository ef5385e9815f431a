"""Column kinds: each kind declares, in one place, how its cells are parsed and which rules it
brings (check, message, severity, example, reason). Column options (required, unique) and the
rule every column has (Excel error values) are declared the same way, in ``OPTION_RULES``.

A kind's parser gets the column's cells (``Cells``) and returns typed columns: ``""`` for the
value, other keys for flags (``"bad"`` → ``<name>__bad`` in the prepared frame). Its rules read
those columns. To add a kind: one ``ColumnKind(...)`` below, registered in ``Kind``; to add a
generic rule: one ``GenericRule(...)`` in the kind's ``rules`` (or in ``OPTION_RULES``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

from collab_xl.catalog import kinds_time as kt
from collab_xl.catalog.rules import ERROR, WARNING, Context, GenericRule
from collab_xl.cells import parse
from collab_xl.i18n import Both

if TYPE_CHECKING:  # pragma: no cover
    from collab_xl.catalog.base import Col


@dataclass(frozen=True)
class Cells:
    """One column of a table, ready for its kind's parser (Excel error values already taken out):
    ``raw`` the reader's values, ``text`` the cleaned display text, ``empty`` where the text is
    empty or empty-like, ``value`` the text with empties as NA (pandas ``string``)."""
    raw: pd.Series
    text: pd.Series
    empty: pd.Series
    value: pd.Series


Parser = Callable[["Col", Cells, Context], dict[str, pd.Series]]


@dataclass(frozen=True, eq=False)
class ColumnKind:
    """A kind of column: its parser and the generic rules its columns get."""
    name: str
    parse: Parser
    rules: tuple[GenericRule, ...] = ()

    def __repr__(self) -> str:
        return f"Kind.{self.name.upper()}"


def _flag(suffix: str):
    """A check passing where the prepared frame's ``<column>__<suffix>`` flag is False."""
    return lambda df, col, ctx: ~df[f"{col.name}__{suffix}"]


def allowed_choices(col: "Col", ctx: Context | None) -> set[str]:
    """The column's choices plus those the user's configuration adds ([validate] <extra_choices>)."""
    extra = ()
    if col.extra_choices and ctx is not None:
        cfg = getattr(ctx.config, "validate", None)
        if cfg is not None:
            extra = tuple(getattr(cfg, col.extra_choices, ()) or ())
    return set(col.choices) | set(extra)


def range_text(col: "Col", ctx: Context | None = None) -> str:
    """"≥ 0, ≤ 30": a number column's range as messages and hints show it."""
    lo = "" if col.min is None else (f"> {col.min:g}" if col.min_exclusive else f"≥ {col.min:g}")
    top = col.top(ctx)
    hi = "" if top is None else f"≤ {top:g}"
    return ", ".join(x for x in (lo, hi) if x)


# ---------------------------------------------------------------------------------------------
# Parsers

def _text(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    return {"": cells.value}


def _date(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    d = parse.parse_dates(cells.raw, cells.text, cells.empty)
    out = {"": d["value"], "bad": d["bad"], "noyear": d["noyear"], "ambiguous": d["ambiguous"]}
    if col.vague:      # Col(vague=…): "尽快完成" is no date, but not a typo either: <name>__vague
        out["vague"] = d["bad"] & _mentions(cells.value, col.vague)
        out["bad"] = d["bad"] & ~out["vague"]
    return out


def _mentions(value: pd.Series, words: tuple[str, ...]) -> pd.Series:
    """Where a text holds one of ``words`` (NFKC, any case, spaces ignored)."""
    pattern = "|".join(re.escape(unicodedata.normalize("NFKC", w).lower()) for w in words)
    text = value.dropna()
    if not len(text):
        return pd.Series(False, index=value.index)
    norm = text.map({v: "".join(unicodedata.normalize("NFKC", v).lower().split()) for v in text.unique()})
    return norm.str.contains(pattern, regex=True).reindex(value.index, fill_value=False).astype(bool)


def _number(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    n = parse.parse_numbers(cells.raw, cells.text, cells.empty)
    return {"": n["value"], "bad": n["bad"]}


def _choice(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    return _choose(cells.value, col.lookalikes, allowed_choices(col, ctx), col.words)


def _yesno(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    return _choose(cells.value, {**kt.YESNO_LOOKALIKES, **col.lookalikes}, set(kt.YESNO))


def _choose(value: pd.Series, lookalikes: dict, allowed_values: set[str],
            words: dict | None = None) -> dict[str, pd.Series]:
    if not len(value):
        got = _choose_cells(value, lookalikes, allowed_values, words)
        del got["allowed"]
        return got
    # Each distinct value decided once, then spread back to the cells by its code (an empty
    # cell's code is -1: no value, no look-alike, not allowed): what _choose_cells does cell by cell.
    codes, uniq = pd.factorize(value)
    got = _choose_cells(pd.Series(uniq, dtype=value.dtype), lookalikes, allowed_values, words)
    fills = {"": pd.NA, "lookalike": False}
    out = {k: pd.Series(got[k].array.take(codes, allow_fill=True, fill_value=fills[k]), index=value.index,
                        name=value.name) for k in fills}
    allowed = np.append(got["allowed"].to_numpy(bool), False)[codes]      # code -1: the appended False
    out["bad"] = value.notna() & ~pd.Series(allowed, index=value.index, name=value.name)
    return out


def _choose_cells(value: pd.Series, lookalikes: dict, allowed_values: set[str],
                  words: dict | None = None) -> dict[str, pd.Series]:
    v = parse._nfkc(value.astype(object)).astype("string") if len(value) else value
    # the look-alike table applied once per distinct value, not once per cell
    uniq = v.dropna().unique()
    looks = {x: lookalikes.get(x, x) for x in uniq}
    canon = v.map(looks).astype("string")
    lookalike = (canon != v).fillna(False) & canon.isin(allowed_values)
    if words:
        # status words (Done → 已完成): the value they stand for, without a finding; what is a
        # choice or a look-alike already keeps its meaning and its check
        keyed = {word_key(w): c for w, c in words.items()}
        said = {x: keyed.get(word_key(x)) for x in uniq if looks[x] not in allowed_values}
        said = {x: c for x, c in said.items() if c in allowed_values}
        if said:
            canon = canon.where(~v.isin(list(said)), v.map(said)).astype("string")
    allowed = canon.isin(allowed_values)
    return {"": canon.where(allowed),
            "lookalike": lookalike,
            "bad": value.notna() & ~allowed.fillna(False),
            "allowed": allowed}


_WORD_NOISE = re.compile(r"[\s_\-]+")


def word_key(text: object) -> str:
    """How a status word is compared: NFKC, case, spaces, ``_`` and ``-`` ignored ("In progress"
    = "IN_PROGRESS" = "in-progress"; "正常-已完成" = "正常已完成")."""
    if not isinstance(text, str):
        return ""
    return _WORD_NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


# Status words seen in companies' own sheets and trackers (issue 12): what a status column reads
# as done / in progress / not started / cancelled besides its own values. Shipped defaults; the
# user's [status] in collab-xl.toml adds to them (docs/recognition.md, "Status words").
DONE_WORDS = ("完成", "已完成", "正常-已完成", "正常完成", "已解决", "已关闭", "已结束",
              "Done", "Resolved", "Closed", "Completed", "Complete", "Finished")
IN_PROGRESS_WORDS = ("进行中", "处理中", "正在进行", "执行中", "Open", "In progress", "Ongoing", "Doing")
NOT_STARTED_WORDS = ("待开始", "待处理", "未启动", "Not started", "To do", "Todo")
CANCELLED_WORDS = ("取消", "已作废", "Cancelled", "Canceled")


def status_words(done: str | None = None, in_progress: str | None = None,
                 not_started: str | None = None, cancelled: str | None = None) -> dict[str, str]:
    """{word: value} for a status column: the shipped words for done, in progress, not started
    and cancelled, each read as the column's own value given here (None: not that meaning)."""
    out: dict[str, str] = {}
    for value, said in ((done, DONE_WORDS), (in_progress, IN_PROGRESS_WORDS),
                        (not_started, NOT_STARTED_WORDS), (cancelled, CANCELLED_WORDS)):
        if value is not None:
            out.update({w: value for w in said})
    return out


def _multi_what(col) -> tuple[str, str]:
    """What CX111 calls a part of this column: 表1's 沟通机制 a mechanism, another column by its
    own name (上下级沟通记录表 沟通方式, 项目文件登记表 发送渠道: a channel)."""
    return ("沟通机制", "mechanism") if col.name == "mechanism" else (col.key, col.en.lower())


def _multi(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    value = cells.value
    allowed = allowed_choices(col, ctx)
    parts = value.dropna().str.split(r"\s*[+＋、,，/／;；&]\s*", regex=True)
    unknown = pd.Series(False, index=value.index)
    if len(parts):
        ex = parts.explode()
        bad_part = ~ex.isin(allowed) & (ex.fillna("") != "")
        unknown[bad_part.groupby(level=0).any().index] = bad_part.groupby(level=0).any()
    return {"": value, "unknown": unknown}


def _contact(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    p = parse.contact_parts(cells.value, col.parts)
    return {"": cells.value, "nocontact": ~p["last_ok"], "incomplete": ~p["complete"] & p["last_ok"]}


def _phone(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    return {"": cells.value, "nocontact": ~parse.contact_ok(cells.value)}


def _period(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    return {"": cells.value, "bad": ~parse.period_ok(cells.value)}


def _quarter(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    # a quarter; a month when the configured scorecard is monthly ([scorecard] period, issue 12)
    monthly = getattr(getattr(getattr(ctx, "config", None), "scorecard", None), "period", None) == "month"
    q = (parse.parse_months if monthly else parse.parse_quarters)(cells.value)
    return {"": q, "bad": cells.value.notna() & q.isna()}


def _credit_code(col, cells: Cells, ctx) -> dict[str, pd.Series]:
    s = parse.uscc_status(cells.value)
    return {"": cells.value, "badshape": ~s["shape_ok"], "badcheck": ~s["check_ok"]}


# ---------------------------------------------------------------------------------------------
# Message fields

def _canonical(prepared, rows, values, col, ctx) -> dict:
    return {"canonical": prepared.loc[rows, col.name].astype(str).tolist()}


def _expected(prepared, rows, values, col, ctx) -> dict:
    return {"expected": [parse.uscc_check_char(unicodedata.normalize("NFKC", v).upper()[:17])
                         if len(v) >= 17 else "?" for v in values]}


def _range(prepared, rows, values, col, ctx) -> dict:
    return {"range": range_text(col, ctx)}


def _unique_key(df, col) -> list[str]:
    """The columns whose values must not repeat together: the column, and its ``unique_with``."""
    return [col.name] + ([col.unique_with] if col.unique_with and col.unique_with in df else [])


def _unique(df, col, ctx):
    # CX110: a repeated value (with unique_with: a repeated pair; a row without that value is keyed
    # by the column alone, as in a sheet without the column)
    return ~df[_unique_key(df, col)].duplicated(keep="first") | df[col.name].isna()


def _unique_fields(prepared, rows, values, col, ctx) -> dict:
    if len(_unique_key(prepared, col)) == 1:
        return {"line": "", "together": ""}
    other = col.unique_with
    text = prepared.loc[rows, f"{other}__text"]
    return {"line": [Both("", "") if pd.isna(t) else Both(f"(行号「{t}」)", f" (line \"{t}\")") for t in text],
            "together": [Both("", "") if pd.isna(t) else Both("与行号的组合", " with the line number") for t in text]}


def _in_range(df, col, ctx):
    v = df[col.name]
    ok = pd.Series(True, index=df.index)
    if col.min is not None:
        ok &= (v > col.min) if col.min_exclusive else (v >= col.min)
    top = col.top(ctx)
    if top is not None:
        ok &= v <= top
    return ok | v.isna()


# ---------------------------------------------------------------------------------------------
# Rules of every column and of column options (codes are stable: never renumber, only add)

OPTION_RULES: tuple[GenericRule, ...] = (
    GenericRule(
        "CX115", "excel-error-value", ERROR,
        ("单元格是 Excel 错误值", "Excel error value"),
        ("单元格显示错误值「{value}」,请修正公式或改为填写的值",
         "The cell shows the error value \"{value}\"; fix the formula or type the value"),
        ("公式出错时单元格显示 #N/A、#DIV/0!、#VALUE! 等错误值;它不是有效内容,任何列都会报告。",
         "A formula that fails shows #N/A, #DIV/0!, #VALUE! …; that is no content, in any column."),
        ("purchase_orders", ({"金额": "#VALUE!"},), ({"金额": "1250"},)),
        check=lambda df, col, ctx: ~df[f"{col.name}__xlerror"]),
    GenericRule(
        "CX101", "required-value-missing", ERROR,
        ("必填项为空", "Required value missing"),
        ("「{header}」必须填写", "\"{header}\" is required"),
        ("tables.md:必填列不能为空;“-”“无”“N/A”等同于空。分组列(如项目名称)在同组后续行留空或合并单元格表示“同上”。",
         "Required columns must be filled; \"-\", \"无\", \"N/A\" count as empty. Grouping columns may stay blank "
         "(or merged) on later rows of a group to mean \"same as above\"."),
        ("partner_progress", ({"交付物": ""},), ({"交付物": "印刷稿100份"},)),
        check=lambda df, col, ctx: df[f"{col.name}__text"].notna() | df[f"{col.name}__xlerror"],
        applies=lambda col: col.required),
    GenericRule(
        # tables-2.md, "Future dates": a completion date after today is a warning in every table,
        # as CX231 was for 表4 alone; the columns say so with Col(done=True).
        "CX231", "completion-date-in-the-future", WARNING,
        ("完成日期在今天之后", "Completion date in the future"),
        ("{header}「{value}」晚于今天,尚未发生的完成请留空", "The completion date \"{value}\" ({header}) is after today; leave it blank until it happens"),
        ("完成日期记录已发生的事实(指南表4:“-”表示尚未完成);晚于今天的完成日期不计为逾期,也不计为按时完成。",
         "A completion date records a fact (guide table 4: \"-\" means not yet); one after today counts neither "
         "as late nor as on time."),
        ("partner_progress", ({"实际完成时间": "2099-05-18"},), ({"实际完成时间": "2024-05-18"},)),
        check=lambda df, col, ctx: ~(df[col.name].dt.normalize() > ctx.today_ts).fillna(False),
        applies=lambda col: col.done),
    GenericRule(
        "CX110", "duplicate-value", ERROR,
        ("重复", "Duplicate"),
        ("「{value}」{line}重复出现,「{header}」{together}不能重复",
         "\"{value}\"{line} appears more than once; \"{header}\"{together} must be unique"),
        ("订单号、供应商名称(名录中)不能重复。有「行号」列的采购订单(一张订单多行),订单号与行号的组合不能重复。",
         "Order numbers and directory supplier names are unique. In purchase orders with a line number column "
         "(one order, several lines), the order number and line number together are unique."),
        ("purchase_orders", ({"订单号": "PO-001"}, {"订单号": "PO-001"}), ({"订单号": "PO-001"}, {"订单号": "PO-002"})),
        check=_unique, applies=lambda col: col.unique, fields=_unique_fields),
    *kt.OPTION_RULES,     # ≥ X (CX118), if C (CX121), exp. (CX122): tables-2.md
)

_CONTACT_INVALID = GenericRule(
    "CX106", "invalid-contact", ERROR,
    ("联系方式无效", "Invalid contact"),
    ("「{value}」中没有有效的手机号、座机号或邮箱", "\"{value}\" holds no valid mobile, landline or e-mail"),
    ("对接人按“姓名/部门/联系方式”填写,最后一部分须为11位手机号、座机号(可带分机)或邮箱。",
     "Contact cells read name/department/contact; the last part must be a mobile (11 digits), a landline (extension allowed) or an e-mail."),
    ("cross_dept", ({"对接人": "张三/技术部"},), ({"对接人": "张三/技术部/13800138000"},)),
    check=_flag("nocontact"))

_UNREADABLE_PERIOD = GenericRule(
    "CX112", "unreadable-period", ERROR,
    ("周期无法识别", "Unreadable period"),
    ("「{value}」无法识别,请按「{header}」的格式填写", "\"{value}\" cannot be read as a \"{header}\""),
    ("汇报周期如 2024年5月第2周、2024-W19、2024年5月;评估季度如 2024Q2、2024-Q2、2024年第2季度。",
     "Periods like 2024年5月第2周, 2024-W19, 2024年5月; quarters like 2024Q2, 2024-Q2, 2024年第2季度."),
    ("work_report", ({"汇报周期": "上周"},), ({"汇报周期": "2024年5月第2周"},)),
    check=_flag("bad"))


_NO_YEAR = GenericRule(
    "CX103", "date-without-year", WARNING,
    ("日期缺少年份", "Date without a year"),
    ("「{value}」缺少年份,请补全为 2024-05-20 这样的格式", "\"{value}\" has no year; write the full date, like 2024-05-20"),
    ("缺少年份的日期(如指南示例中的“05-20”)不会被擅自补上年份。",
     "A date without a year (like the guide's own \"05-20\") is never silently given one."),
    ("cross_dept", ({"时间节点": "05-20"},), ({"时间节点": "2024-05-20"},)),
    check=_flag("noyear"))

def _readings(prepared, rows, values, col, ctx) -> dict:
    both = [parse.date_readings(v) or ("?", "?") for v in values]
    return {"md": [b[0] for b in both], "dm": [b[1] for b in both]}


_AMBIGUOUS = GenericRule(
    # issue 12: exports of English-language systems write month/day/year (1/15/2022 is read); one
    # whose month and day could be swapped is not guessed, as a date without a year is not (CX103)
    "CX123", "ambiguous-date", WARNING,
    ("日期的月、日不明确", "Ambiguous date"),
    ("「{value}」可读作 {md}(月/日/年)或 {dm}(日/月/年),请写成年-月-日,如 {md}",
     "\"{value}\" reads as {md} (month/day/year) or {dm} (day/month/year); write year-month-day, like {md}"),
    ("英文系统导出的日期常写成 月/日/年:只有一种读法是日期时(1/15/2022、15/1/2022)按它读取;两种读法都是日期且不是同一天时"
     "(3/4/2022 是 3月4日 还是 4月3日?)不擅自选择:报警告,该日期不参与时限和逾期的计算。",
     "Exports of English-language systems write month/day/year: when only one reading is a date (1/15/2022, "
     "15/1/2022) it is read; when both are dates of different days (3/4/2022: 4 March or 3 April?) none is "
     "chosen: a warning, and the date takes no part in time limits and lateness."),
    ("partner_progress", ({"实际完成时间": "5/6/2024"},), ({"实际完成时间": "2024-05-22"},)),
    check=_flag("ambiguous"), fields=_readings)

_NOT_A_NUMBER = GenericRule(
    "CX108", "not-a-number", ERROR,
    ("不是数字", "Not a number"),
    ("「{value}」不是数字", "\"{value}\" is not a number"),
    ("数量、单价、金额、评分须为数字;“1,200”“１２００”“1200元”可识别。",
     "Quantities, prices, amounts and scores are numbers; \"1,200\", full-width digits and \"1200元\" are read."),
    ("purchase_orders", ({"数量": "十箱"},), ({"数量": "50"},)),
    check=_flag("bad"))

_NOT_ALLOWED = GenericRule(
    "CX104", "value-not-allowed", ERROR,
    ("不在可选值中", "Value not allowed"),
    ("「{value}」不是「{header}」的可选值", "\"{value}\" is not an allowed value of \"{header}\""),
    ("下拉列中的值须为模板列出的可选值之一。", "Drop-down columns take one of the listed values."),
    ("customer_log", ({"沟通方式": "微信"},), ({"沟通方式": "电话"},)),
    check=_flag("bad"))

_LOOKALIKE = GenericRule(
    "CX105", "non-standard-spelling", WARNING,
    ("写法不规范", "Non-standard spelling"),
    ("「{value}」请写成规范值「{canonical}」", "Write \"{value}\" as the standard value \"{canonical}\""),
    ("✓、✔、x、完成 等近似写法能看懂,但请写成规范值,便于统计。",
     "Look-alikes (✓, ✔, x, 完成) are understood, but write the standard value."),
    ("work_report", ({"完成情况": "✓"},), ({"完成情况": "√"},)),
    check=_flag("lookalike"), applies=lambda col: bool(col.lookalikes) or kt.is_yesno(col), fields=_canonical)


class Kind:
    """The registry of column kinds (``Col(kind=Kind.DATE)``)."""
    TEXT = ColumnKind("text", _text)
    DATE = ColumnKind("date", _date, (
        GenericRule(
            "CX102", "unreadable-date", ERROR,
            ("日期无法识别", "Unreadable date"),
            ("「{value}」不是日期,请写成 2024-05-20 这样的格式", "\"{value}\" is not a date; write it like 2024-05-20"),
            ("日期须为真正的 Excel 日期,或 2024-05-20、2024/5/20、2024.5.20、2024年5月20日 等写法(全角数字亦可)。",
             "Dates are real Excel dates or text such as 2024-05-20, 2024/5/20, 2024.5.20, 2024年5月20日 (full-width digits too)."),
            ("partner_progress", ({"实际完成时间": "下周"},), ({"实际完成时间": "2024-05-22"},)),
            check=_flag("bad")),
        _NO_YEAR,
        _AMBIGUOUS,
    ))
    NUMBER = ColumnKind("number", _number, (
        _NOT_A_NUMBER,
        GenericRule(
            "CX109", "number-out-of-range", ERROR,
            ("数值超出范围", "Number out of range"),
            ("「{value}」超出「{header}」的范围 {range}", "\"{value}\" is outside the range {range} of \"{header}\""),
            ("评分不超过各项满分(30/25/20/15/10),数量大于0,单价不小于0。",
             "Scores stay within their maximum (30/25/20/15/10); quantity above 0; price 0 or more."),
            ("supplier_evaluation", ({"产品质量": "35"},), ({"产品质量": "28"},)),
            check=_in_range, applies=lambda col: col.min is not None or col.max is not None, fields=_range),
    ))
    CHOICE = ColumnKind("choice", _choice, (        # one of ``choices``
        _NOT_ALLOWED,
        _LOOKALIKE,
    ))
    MULTI = ColumnKind("multi", _multi, (           # several of ``choices`` joined by + 、 , /
        GenericRule(
            "CX111", "unknown-mechanism", WARNING,
            ("未知的沟通机制", "Unknown mechanism"),
            ("「{value}」中含有未列出的{what}", "\"{value}\" names a {what} that is not in the list"),
            ("沟通机制可多选,用 + 连接;每一部分应为列出的机制之一(可在配置中追加)。",
             "Mechanisms may be combined with +; each part should be a listed mechanism (more can be configured)."),
            ("cross_dept", ({"沟通机制": "周例会+飞鸽传书"},), ({"沟通机制": "周例会+钉钉群"},)),
            check=_flag("unknown"), fields=lambda prepared, rows, values, col, ctx: {"what": _multi_what(col)}),
    ))
    CONTACT = ColumnKind("contact", _contact, (     # 姓名/部门/联系方式: the last part a phone or e-mail
        _CONTACT_INVALID,
        GenericRule(
            "CX107", "incomplete-contact", WARNING,
            ("联系人信息不完整", "Incomplete contact"),
            ("「{value}」应写成 姓名/部门/联系方式,缺少部分内容",
             "\"{value}\" should read name/department/contact; parts are missing"),
            ("联系方式有效,但缺少姓名等部分(指南示例中的“/市场部/138”即缺姓名)。",
             "The contact works but a part such as the name is missing."),
            ("cross_dept", ({"对接人": "/市场部/13800138000"},), ({"对接人": "李四/市场部/13800138000"},)),
            check=_flag("incomplete")),
    ))
    PHONE_EMAIL = ColumnKind("phone", _phone, (_CONTACT_INVALID,))   # the whole cell a phone or e-mail
    PERIOD = ColumnKind("period", _period, (_UNREADABLE_PERIOD,))    # 汇报周期
    QUARTER = ColumnKind("quarter", _quarter, (_UNREADABLE_PERIOD,))  # 评估季度
    CREDIT_CODE = ColumnKind("uscc", _credit_code, (                 # 统一社会信用代码
        GenericRule(
            "CX113", "malformed-credit-code", ERROR,
            ("统一社会信用代码格式错误", "Credit code malformed"),
            ("「{value}」不是18位统一社会信用代码", "\"{value}\" is not an 18-character unified social credit code"),
            ("统一社会信用代码为18位,由数字和大写字母(不含 I、O、Z、S、V)组成。",
             "The code has 18 characters: digits and capitals (no I, O, Z, S, V)."),
            ("supplier_directory", ({"统一社会信用代码": "91110000-12345"},), ({"统一社会信用代码": "91350100M000100Y43"},)),
            check=_flag("badshape")),
        GenericRule(
            "CX114", "wrong-credit-check-character", ERROR,
            ("统一社会信用代码校验位错误", "Credit code check character wrong"),
            ("「{value}」的校验位不正确(按 GB 32100-2015 应为 {expected})",
             "The check character of \"{value}\" is wrong (GB 32100-2015 gives {expected})"),
            ("第18位是按 GB 32100-2015 计算的校验位。", "The 18th character is the check character of GB 32100-2015."),
            ("supplier_directory", ({"统一社会信用代码": "91350100M000100Y44"},), ({"统一社会信用代码": "91350100M000100Y43"},)),
            check=_flag("badcheck"), fields=_expected),
    ))

    # tables-2.md conventions (parsers and rules in kinds_time.py)
    DATETIME = ColumnKind("datetime", kt.parse_datetime, (   # date-time, or a date alone; Col(time=True)
        kt.UNREADABLE_DATETIME, _NO_YEAR, kt.NO_TIME, _AMBIGUOUS))
    TIME = ColumnKind("time", kt.parse_time, (kt.UNREADABLE_DATETIME,))       # a time of day
    MINUTES = ColumnKind("minutes", kt.parse_minutes, (kt.UNREADABLE_DURATION,))
    LIMIT = ColumnKind("limit", kt.parse_limit, (kt.UNREADABLE_DURATION,))    # amount + __unit
    PERCENT = ColumnKind("percent", kt.parse_percent, (_NOT_A_NUMBER,))       # a fraction
    YESNO = ColumnKind("yesno", _yesno, (_NOT_ALLOWED, _LOOKALIKE))           # 是/否
    CHECKLIST = ColumnKind("checklist", kt.parse_checklist, (kt.MISSING_ITEMS,))  # Col(items=…)
    NAMELIST = ColumnKind("namelist", kt.parse_namelist)                      # tuple of names


KINDS: tuple[ColumnKind, ...] = tuple(v for v in vars(Kind).values() if isinstance(v, ColumnKind))


def generic_rules_of(col: "Col") -> list[GenericRule]:
    """The generic rules a column has: those of its options (every column's first), its kind's."""
    return [r for r in OPTION_RULES + col.kind.rules if r.applies(col)]


def all_generic_rules() -> dict[str, GenericRule]:
    """Every generic rule by code, declared once (a rule shared by kinds appears once)."""
    out: dict[str, GenericRule] = {}
    for r in OPTION_RULES:
        out.setdefault(r.code, r)
    for k in KINDS:
        for r in k.rules:
            out.setdefault(r.code, r)
    return out
