"""The conventions of tables-2.md as parsers and generic rules: date-times, times, minutes,
limits, percentages, 是/否, checklists, name lists, and the column options ≥ X (``not_before``),
if C (``required_if``) and exp. (``expected`` / ``expected_if``).

The ``ColumnKind``s themselves are registered with the others in ``kinds.Kind`` (DATETIME, TIME,
MINUTES, LIMIT, PERCENT, YESNO, CHECKLIST, NAMELIST); this module holds what they are made of, so
``kinds.py`` stays one registry. Nothing here imports ``kinds.py``.

Every rule's example is a row of the conventions example table (``catalog/conventions.py``) until
the tables that use the kinds declare their columns.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pandas as pd

from collab_xl.catalog.rules import ERROR, WARNING, GenericRule
from collab_xl.cells import datetimes, lists, quantities
from collab_xl.i18n import Both

if TYPE_CHECKING:  # pragma: no cover
    from collab_xl.catalog.base import Col

EX = "conventions"     # the example table's key


def _flag(suffix: str):
    return lambda df, col, ctx: ~df[f"{col.name}__{suffix}"]


# ---------------------------------------------------------------------------------------------
# Parsers (Col, Cells, Context) → typed columns

def parse_datetime(col, cells, ctx) -> dict[str, pd.Series]:
    d = datetimes.parse_datetimes(cells.raw, cells.text, cells.empty)
    return {"": d["value"], "hastime": d["hastime"], "bad": d["bad"], "noyear": d["noyear"],
            "ambiguous": d["ambiguous"]}


def parse_time(col, cells, ctx) -> dict[str, pd.Series]:
    d = datetimes.parse_times(cells.raw, cells.text, cells.empty)
    return {"": d["value"], "bad": d["bad"]}


def parse_minutes(col, cells, ctx) -> dict[str, pd.Series]:
    d = quantities.parse_minutes(cells.raw, cells.value)
    return {"": d["value"], "bad": d["bad"]}


def parse_limit(col, cells, ctx) -> dict[str, pd.Series]:
    d = quantities.parse_limits(cells.value)
    return {"": d["amount"], "unit": d["unit"], "bad": d["bad"]}


def parse_percent(col, cells, ctx) -> dict[str, pd.Series]:
    d = quantities.parse_percents(cells.raw, cells.value)
    return {"": d["value"], "bad": d["bad"]}


def parse_checklist(col, cells, ctx) -> dict[str, pd.Series]:
    d = lists.parse_checklist(cells.raw, cells.value, col.items)
    out = {"": d["value"], "missing": d["missing"]}
    for i, (_, items) in enumerate(col.items_by[1] if col.items_by else ()):
        # items chosen per row (Col.items_by): what each declared set misses; the rule picks the
        # row's set by the other column's value
        out[f"missing_{i}"] = lists.parse_checklist(cells.raw, cells.value, tuple(items))["missing"]
    return out


def missing_of(df: pd.DataFrame, col: "Col") -> pd.Series:
    """The required items each row of a checklist column misses, joined by 、 ("" where none,
    NA where empty): of ``col.items``, or of the set ``col.items_by`` picks by the row's value
    of its column (nothing required for a value it does not name)."""
    if not col.items_by:
        return df[f"{col.name}__missing"]
    by, sets = col.items_by
    out = pd.Series("", index=df.index, dtype=object).where(df[f"{col.name}__missing"].notna())
    for i, (values, _) in enumerate(sets):
        values = (values,) if isinstance(values, str) else tuple(values)
        pick = df[by].isin(values).fillna(False).astype(bool)
        out = out.where(~pick, df[f"{col.name}__missing_{i}"])
    return out


def parse_namelist(col, cells, ctx) -> dict[str, pd.Series]:
    d = lists.parse_namelist(cells.raw, cells.value)
    return {"": d["value"], "everyone": d["everyone"]}


YESNO = ("是", "否")
YESNO_LOOKALIKES = {
    "√": "是", "✓": "是", "✔": "是", "Y": "是", "y": "是", "YES": "是", "Yes": "是", "yes": "是",
    "有": "是", "是的": "是", "对": "是",
    "×": "否", "✗": "否", "✘": "否", "X": "否", "x": "否", "N": "否", "n": "否", "NO": "否",
    "No": "否", "no": "否", "没有": "否", "不是": "否",
}


# ---------------------------------------------------------------------------------------------
# Conditions (if C, exp. if C): a Col.name (when it is filled), a (Col.name, values) pair (when
# its value is one of them), or a predicate on the prepared frame (with an optional ``.when``
# (zh, en) text for the message).

@dataclass(frozen=True)
class When:
    """A condition as a predicate on the prepared frame, with the words messages use for it:
    ``required_if=When(lambda df: df["amount"] > 1000, ("金额超过1000元时", "when the amount exceeds 1000"))``."""
    test: Callable[[pd.DataFrame], pd.Series]
    when: tuple[str, str] = ("按本行其他内容", "given the rest of this row")

    def __call__(self, df: pd.DataFrame) -> pd.Series:
        return self.test(df)


def holds(cond, df: pd.DataFrame) -> pd.Series:
    """Where a condition holds, row by row (False where it cannot be told)."""
    if callable(cond):
        return pd.Series(cond(df), index=df.index).fillna(False).astype(bool)
    if isinstance(cond, str):
        return df[f"{cond}__text"].notna()
    name, values = cond
    values = (values,) if isinstance(values, str) else tuple(values)
    return df[name].isin(values).fillna(False).astype(bool)


def _header_of(col: "Col", name: str) -> tuple[str, str]:
    """(zh, en) header of the column ``name`` of the table ``col`` belongs to."""
    from collab_xl.catalog import TABLES
    from collab_xl.catalog.conventions import EXAMPLE_TABLES
    for t in (*TABLES.values(), *EXAMPLE_TABLES.values()):
        if any(c is col for c in t.columns):
            other = t.col(name)
            return other.key, other.en
    return name, name


def condition_text(col: "Col", cond) -> tuple[str, str]:
    """(zh, en) of a condition, as a message names it."""
    if cond is None:
        return "", ""
    if callable(cond):
        return getattr(cond, "when", ("按本行其他内容", "given the rest of this row"))
    if isinstance(cond, str):
        zh, en = _header_of(col, cond)
        return f"「{zh}」已填写时", f"when \"{en}\" is filled"
    name, values = cond
    values = (values,) if isinstance(values, str) else tuple(values)
    zh, en = _header_of(col, name)
    return f"「{zh}」为「{'/'.join(values)}」时", f"when \"{en}\" is \"{'/'.join(values)}\""


def _required_if(df, col, ctx) -> pd.Series:
    return ~holds(col.required_if, df) | df[f"{col.name}__text"].notna() | df[f"{col.name}__xlerror"]


def _expected(df, col, ctx) -> pd.Series:
    need = pd.Series(bool(col.expected), index=df.index)
    if col.expected_if is not None:
        need |= holds(col.expected_if, df)
    return ~need | df[f"{col.name}__text"].notna() | df[f"{col.name}__xlerror"]


def _when_required(prepared, rows, values, col, ctx) -> dict:
    return {"when": condition_text(col, col.required_if)}


def _when_expected(prepared, rows, values, col, ctx) -> dict:
    # a cell holding "无", "-" or "/" reads as empty: say so, or the finding seems to ignore it
    typed = ["" if v is None or (isinstance(v, float) and v != v) else str(v).strip() for v in values.tolist()]
    empty = [Both(f"(「{t}」视为空白,请写明具体内容)", f" (\"{t}\" counts as empty: write out what applies)")
             if t else Both("", "") for t in typed]
    if col.expected_if is None:
        return {"when": ("", ""), "empty": empty}
    zh, en = condition_text(col, col.expected_if)
    return {"when": (zh + ",", " " + en), "empty": empty}


def _is_dt(s: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(s)


def _before_names(col) -> tuple[str, ...]:
    """The columns ``col`` is not before: ``Col.not_before`` is one Col.name or several ("≥ both
    签字日期")."""
    nb = col.not_before
    return (nb,) if isinstance(nb, str) else tuple(nb or ())


def _not_before_one(df, col, other_name) -> pd.Series:
    this, other = df[col.name], df[other_name]
    if _is_dt(this) != _is_dt(other):          # a date-time and a time of day: nothing to compare
        return pd.Series(True, index=df.index)
    if not _is_dt(this):                       # times of day, numbers
        return ~(this < other).fillna(False).astype(bool)
    this_has = df.get(f"{col.name}__hastime", pd.Series(False, index=df.index))
    other_has = df.get(f"{other_name}__hastime", pd.Series(False, index=df.index))
    date_only = ~this_has.astype(bool) | ~other_has.astype(bool)
    ok = (this >= other) | (date_only & (this.dt.normalize() >= other.dt.normalize()))
    return ok | this.isna() | other.isna()


def _not_before(df, col, ctx) -> pd.Series:
    """This column is not before ``col.not_before`` (each of them, when several); date-times with
    their times, a date alone read most favourably (this one at 24:00, the other at 00:00);
    missing sides pass."""
    ok = pd.Series(True, index=df.index)
    for name in _before_names(col):
        ok &= _not_before_one(df, col, name).astype(bool)
    return ok


def _before_fields(prepared, rows, values, col, ctx) -> dict:
    names = _before_names(col)
    if len(names) == 1:
        text = prepared.loc[rows, f"{names[0]}__text"].astype(str).tolist()
        return {"other": _header_of(col, names[0]), "before": text}
    sub = prepared.loc[rows]
    first = pd.Series(names[-1], index=sub.index, dtype=object)   # the first column broken, per row
    for name in reversed(names):
        first[~_not_before_one(sub, col, name).astype(bool)] = name
    return {"other": [Both(*_header_of(col, n)) for n in first.tolist()],
            "before": [str(sub.at[i, f"{n}__text"]) for i, n in zip(sub.index, first.tolist())]}


# ---------------------------------------------------------------------------------------------
# Rules (codes are stable: never renumber, only add)

OPTION_RULES: tuple[GenericRule, ...] = (
    GenericRule(
        "CX118", "times-out-of-order", ERROR,
        ("时间先后矛盾", "Times out of order"),
        ("「{header}」{value} 早于「{other}」{before},时间先后矛盾",
         "\"{value}\" ({header}) is before \"{before}\" ({other}); the times contradict each other"),
        ("tables-2.md:标注“≥ X”的列不能早于同一行的 X(如确认不能早于下达);带时刻的按时刻比较,只有日期的一方按最有利的方式理解。",
         "A column marked \"≥ X\" is not before X in the same row (an acknowledgement not before the assignment); "
         "date-times compare with their times, a date alone is read most favourably."),
        (EX, ({"确认时间": "2024-05-08 09:00", "下达时间": "2024-05-08 14:30"},),
         ({"确认时间": "2024-05-08 16:00", "下达时间": "2024-05-08 14:30"},)),
        check=_not_before, applies=lambda col: bool(col.not_before), fields=_before_fields),
    GenericRule(
        "CX121", "conditionally-required-value-missing", ERROR,
        ("条件必填项为空", "Conditionally required value missing"),
        ("{when}「{header}」必须填写", "\"{header}\" is required {when}"),
        ("tables-2.md:标注“if C”的列在条件 C 成立时必填(如状态为已完成时须写完成说明)。",
         "A column marked \"if C\" is required when C holds (a completed item needs its completion note)."),
        (EX, ({"完成说明": "", "状态": "已完成"},), ({"完成说明": "已按时交付", "状态": "已完成"},)),
        check=_required_if, applies=lambda col: col.required_if is not None, fields=_when_required),
    GenericRule(
        "CX122", "value-expected", WARNING,
        ("建议填写", "Value expected"),
        ("{when}建议填写「{header}」{empty}", "Fill in \"{header}\"{when}{empty}"),
        ("tables-2.md:标注“exp.”的列是指南建议填写的内容(或未定截止时间的跟进),留空时提示。",
         "A column marked \"exp.\" holds what the guide recommends recording (or a follow-up without a deadline); "
         "left empty, it is flagged."),
        (EX, ({"备注": ""},), ({"备注": "无异议"},)),
        check=_expected, applies=lambda col: bool(col.expected) or col.expected_if is not None,
        fields=_when_expected),
)

UNREADABLE_DATETIME = GenericRule(
    "CX116", "unreadable-date-time", ERROR,
    ("日期时间无法识别", "Unreadable date-time"),
    ("「{value}」无法识别为「{header}」,请写成 2024-05-08 14:30 或 14:30 这样的格式",
     "\"{value}\" cannot be read as \"{header}\"; write it like 2024-05-08 14:30 or 14:30"),
    ("日期时间可为 Excel 日期时间,或 2024-05-08 14:30、2024/5/8 14:30、2024年5月8日14时30分、2024年5月8日下午2点半 等写法,"
     "也可只写日期;时刻如 14:30、14点30分、下午2点半(全角数字亦可)。",
     "Date-times are Excel date-times or text such as 2024-05-08 14:30, 2024/5/8 14:30, 2024年5月8日14时30分, "
     "2024年5月8日下午2点半, or a date alone; times like 14:30, 14点30分, 下午2点半 (full-width digits too)."),
    (EX, ({"下达时间": "明天上午"},), ({"下达时间": "2024-05-08 14:30"},)),
    check=_flag("bad"))

NO_TIME = GenericRule(
    "CX117", "time-of-day-missing", WARNING,
    ("缺少具体时刻", "Time of day missing"),
    ("「{value}」只有日期,「{header}」请写到时刻,如 2024-05-08 14:30",
     "\"{value}\" is a date alone; \"{header}\" needs the time too, like 2024-05-08 14:30"),
    ("按小时计的时限(如 24 小时内确认)需要知道时刻;只有日期时按最有利的方式理解,可能无法判断。",
     "Limits in hours (acknowledge within 24 h) need the time; a date alone is read most favourably and may "
     "leave the limit unjudged."),
    (EX, ({"下达时间": "2024-05-08"},), ({"下达时间": "2024-05-08 14:30"},)),
    check=lambda df, col, ctx: ~(df[col.name].notna() & ~df[f"{col.name}__hastime"]),
    applies=lambda col: col.time)

UNREADABLE_DURATION = GenericRule(
    "CX119", "unreadable-duration", ERROR,
    ("时长无法识别", "Unreadable duration"),
    ("「{value}」无法识别为时长,请写成 2个工作日、3天、24小时 或 90分钟 这样的格式",
     "\"{value}\" cannot be read as a duration; write it like \"2个工作日\" (2 working days), \"3天\", \"24h\" or \"90min\""),
    ("时限写作 N个工作日、N天、N日、N小时、Nh;时长写作分钟数、15分钟、1小时、1.5h、1小时30分。",
     "Limits read N个工作日 (working days), N天/N日 (days), N小时/Nh (hours); durations a number of minutes, "
     "15分钟, 1小时, 1.5h, 1小时30分."),
    (EX, ({"时限": "尽快"},), ({"时限": "2个工作日"},)),
    check=_flag("bad"))

MISSING_ITEMS = GenericRule(
    "CX120", "required-items-missing", ERROR,
    ("缺少必备要素", "Required items missing"),
    ("「{header}」缺少必备要素:{missing}", "\"{header}\" lacks required items: {missing}"),
    ("清单列须列出指南要求的全部要素(用 、 , ; + 或换行分隔);某部分含有要素名称(或括号中的别名)即算列出,多列的部分不影响。"
     "清单记录的是填写人声明文件(纪要、说明书等)含有哪些要素,collab-xl 不打开、不读取文件本身。",
     "A checklist names every item the guide requires (joined by 、 , ; + or line breaks); a part containing an "
     "item's name (or its bracketed alias) counts, extra parts are fine. A checklist records what the user declares "
     "the document (minutes, charter …) holds; collab-xl never opens or reads the document itself."),
    (EX, ({"资质材料": "营业执照、行业资质"},), ({"资质材料": "营业执照、行业资质、案例3个、供货能力说明"},)),
    check=lambda df, col, ctx: (missing_of(df, col).fillna("") == ""),
    applies=lambda col: bool(col.items) or bool(col.items_by),
    fields=lambda prepared, rows, values, col, ctx: {
        "missing": missing_of(prepared.loc[rows], col).astype(str).tolist()})


def is_yesno(col: "Col") -> bool:
    return col.kind.name == "yesno"
