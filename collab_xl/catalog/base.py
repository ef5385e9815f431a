"""The vocabulary every table module uses: columns, rules, tables, and the schema built from them.

A table module declares its columns (``Col``) and its own rules (``Rule``); the column kinds
bring the generic rules (required, date, allowed values, contact, number range, uniqueness …).
``Table.schema(ctx)`` turns both into one pandera ``DataFrameSchema`` whose checks are named by
their stable rule codes, so the schema is the single place a rule lives and the failure cases
pandera reports are the findings.

The frame a schema validates is "prepared" by ``Table.prepare``: one typed column per catalog
column (``name``), the cleaned text (``name__text``), and boolean flags the parsers set
(``name__bad``, ``name__noyear``, ``name__lookalike``, ``name__unknown``). Its index is the Excel
row number, so a failure case's index *is* the row a user looks at.
"""
from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from collab_xl.cells import parse


class Kind(str, enum.Enum):
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"          # one of ``choices``
    MULTI = "multi"            # several of ``choices`` joined by + 、 , /
    CONTACT = "contact"        # 姓名/部门/联系方式: the last part a phone or e-mail
    PHONE_EMAIL = "phone"      # the whole cell a phone or e-mail
    PERIOD = "period"          # 汇报周期
    QUARTER = "quarter"        # 评估季度
    CREDIT_CODE = "uscc"       # 统一社会信用代码


ERROR = "error"
WARNING = "warning"

# ---------------------------------------------------------------------------------------------
# Header matching (tables.md: ignore spaces, full-width/half-width brackets and colons, and the
# bracketed hint: "对接人（姓名/部门/联系方式）" and "对接人" both match 对接人(姓名/部门/联系方式)).
_BRACKETS = re.compile(r"[\(\[【〔].*?([\)\]】〕]|$)")
_NOISE = re.compile(r"[\s:：*＊]+")


def header_key(text: object) -> str:
    """The matching key of a header cell: NFKC, no spaces, no bracketed hint, no colon, no *."""
    if not isinstance(text, str):
        return ""
    t = unicodedata.normalize("NFKC", text)
    t = _BRACKETS.sub("", t)
    return _NOISE.sub("", t).lower()


@dataclass(frozen=True)
class Col:
    header: str                       # the header as the guide / tables.md prints it
    name: str                         # English identifier, used in code and JSON
    en: str                           # English header (the template's --lang en)
    kind: Kind = Kind.TEXT
    required: bool = False
    ffill: bool = False               # blank = "same as above" inside a group
    choices: tuple[str, ...] = ()
    lookalikes: dict = field(default_factory=dict)   # typed variant -> canonical value
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    unique: bool = False
    hint: tuple[str, str] = ("", "")  # (zh, en) input message shown in the template
    width: float = 14
    aliases: tuple[str, ...] = ()     # other header texts accepted for this column
    tracking: bool = False            # a column the template adds (not printed in the guide)
    parts: int = 3                    # CONTACT: how many "/"-separated parts are expected
    en_choices: tuple[str, ...] = ()  # English labels of choices (docs only; values stay Chinese)
    max_from: str | None = None       # NUMBER: the maximum comes from config ranking.weights[<this>]

    def top(self, ctx: "Context | None" = None) -> float | None:
        """The column's maximum: configured (supplier score weights) or declared."""
        if self.max_from and ctx is not None:
            ranking = getattr(ctx.config, "ranking", None)
            if ranking is not None:
                return float(ranking.weights.as_dict()[self.max_from])
        return self.max

    @property
    def key(self) -> str:
        """The header without its bracketed hint: what findings name as ``column``."""
        return header_key(self.header)

    def keys(self) -> set[str]:
        """Header texts that name this column: the guide's, aliases, and the English header
        (so English templates validate too)."""
        return {self.key, header_key(self.en), *(header_key(a) for a in self.aliases)}


@dataclass(frozen=True)
class Context:
    """What a check may need beyond the row: today, configuration, other sheets."""
    today: dt.date
    config: object = None                      # collab_xl.config.Config
    directory: frozenset[str] | None = None    # 供应商名录 names in this workbook, if it has one

    @property
    def today_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.today)


Check = Callable[[pd.DataFrame, Context], pd.Series]


@dataclass(frozen=True)
class Rule:
    """One checkable rule: a stable code, a severity, the column a finding points at, a check
    that returns True for every row that passes, and the texts shown to users."""
    code: str
    severity: str
    column: str                        # Col.name of the cell the finding marks
    check: Check
    title: tuple[str, str]             # (zh, en) short name, for the rule docs
    message: tuple[str, str]           # (zh, en); may use {value} and {header}
    bad: tuple[dict, ...] = ()         # rows (by header key) that break the rule
    good: tuple[dict, ...] = ()        # the same rows, fixed
    why: tuple[str, str] = ("", "")    # (zh, en) the guide passage or reason, for the docs

    def pandera_check(self, ctx: Context, frame: pd.DataFrame | None = None) -> pa.Check:
        """The rule as a pandera check named "CODE:column". Without ``frame``, a dataframe-level
        check. With it, a check for the rule's own column that reads the columns it needs from
        ``frame`` (the frame being validated): pandera then reports one failure case per failing
        row instead of one per column of the frame (see Table.schema)."""
        fn, inherited = self.check, f"{self.column}__inherited"

        def check(df: pd.DataFrame) -> pd.Series:
            ok = fn(df, ctx)
            return ok | df[inherited] if inherited in df.columns else ok
        if frame is None:
            return pa.Check(check, name=f"{self.code}:{self.column}", ignore_na=False)
        return pa.Check(lambda _column: check(frame), name=f"{self.code}:{self.column}", ignore_na=False)


@dataclass(frozen=True)
class Late:
    """What "late" means for a table (tables.md): due and done columns, what to call the item,
    who owns it, a status column whose 已取消 means never late, an amount for penalties."""
    due: str
    done: str | None
    item: tuple[str, ...]
    owner: str | None = None
    status: str | None = None
    amount: Callable[[pd.DataFrame], pd.Series] | None = None


@dataclass(frozen=True)
class Table:
    key: str
    number: str | None                # "表1" … for the guide's printed tables
    title: tuple[str, str]            # (zh, en) "跨部门协作需求表"
    sheet: tuple[str, str]            # default sheet names in the template
    purpose: tuple[str, str]          # one paragraph for the 填写说明 sheet
    columns: tuple[Col, ...]
    rules: tuple[Rule, ...] = ()
    late: Late | None = None
    examples: tuple[dict, ...] = ()   # the guide's own rows (by header key), for the sample
    clean: dict = field(default_factory=dict)   # one fully correct row (by header key): docs, tests
    section: str = ""                 # where the guide describes it, e.g. "二(一)"

    # -- lookup ---------------------------------------------------------------------------------
    def col(self, name: str) -> Col:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def full_title(self) -> tuple[str, str]:
        zh, en = self.title
        if self.number:
            return f"{self.number}:{zh}", f"Table {self.number[1:]}: {en}"
        return zh, en

    # -- preparing a frame ---------------------------------------------------------------------
    def prepare(self, raw: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Raw cell values (columns = Col.name, index = Excel row) → (prepared, text).

        ``text`` is the display text of every cell (what a finding quotes as its value).
        Grouping columns are filled down inside their group first (tables.md: grouped rows).
        """
        text = pd.DataFrame({c.name: parse.clean_text(raw[c.name]) for c in self.columns}, index=raw.index)
        # Rows with nothing in any catalog column are not rows of the table.
        if len(text):
            filled = np.zeros(len(text), dtype=bool)
            for c in self.columns:
                filled |= text[c.name].to_numpy() != ""
            keep = pd.Series(filled, index=text.index)
        else:
            keep = pd.Series(dtype=bool)
        if len(text) and not keep.all():
            text, raw = text[keep], raw[keep]
        raw = raw.copy()
        ff = [c.name for c in self.columns if c.ffill]
        inherited: dict[str, pd.Series] = {}
        if ff:
            start = ~parse.empty_mask(text[ff[0]])
            group = start.cumsum()
            for name in ff:
                blank = parse.empty_mask(text[name])
                # Only blanks inside a group inherit; the group's first row never does.
                filled_text = text[name].mask(blank).groupby(group).ffill()
                inherit = blank & ~start & (group > 0) & filled_text.notna()
                inherited[name] = inherit
                if inherit.any():
                    filled_raw = raw[name].mask(blank).groupby(group).ffill()
                    text.loc[inherit, name] = filled_text[inherit]
                    raw.loc[inherit, name] = filled_raw[inherit]
        out: dict[str, pd.Series] = {}
        for c in self.columns:
            t = text[c.name]
            xlerror = t.isin(parse.EXCEL_ERRORS)      # #N/A, #DIV/0! …: CX115, not also a parse error
            out[f"{c.name}__xlerror"] = xlerror
            if xlerror.any():
                t = t.mask(xlerror, "")
                raw[c.name] = raw[c.name].mask(xlerror, "")
            empty = parse.empty_mask(t)
            value = parse.to_value(t, empty)
            out[f"{c.name}__text"] = value
            if c.kind == Kind.DATE:
                d = parse.parse_dates(raw[c.name], t, empty)
                out[c.name] = d["value"]
                out[f"{c.name}__bad"] = d["bad"]
                out[f"{c.name}__noyear"] = d["noyear"]
            elif c.kind == Kind.NUMBER:
                n = parse.parse_numbers(raw[c.name], t, empty)
                out[c.name] = n["value"]
                out[f"{c.name}__bad"] = n["bad"]
            elif c.kind == Kind.CHOICE:
                v = parse._nfkc(value.astype(object)).astype("string") if len(value) else value
                # the look-alike table applied once per distinct value, not once per cell
                canon = v.map({x: c.lookalikes.get(x, x) for x in v.dropna().unique()}).astype("string")
                choices = set(c.choices) | set(self._extra_choices(c, ctx))
                allowed = canon.isin(choices)
                out[c.name] = canon.where(allowed)
                out[f"{c.name}__lookalike"] = (canon != v).fillna(False) & allowed
                out[f"{c.name}__bad"] = value.notna() & ~allowed.fillna(False)
            elif c.kind == Kind.MULTI:
                allowed = set(c.choices) | set(self._extra_choices(c, ctx))
                parts = value.dropna().str.split(r"\s*[+＋、,，/／;；&]\s*", regex=True)
                unknown = pd.Series(False, index=value.index)
                if len(parts):
                    ex = parts.explode()
                    bad_part = ~ex.isin(allowed) & (ex.fillna("") != "")
                    unknown[bad_part.groupby(level=0).any().index] = bad_part.groupby(level=0).any()
                out[c.name] = value
                out[f"{c.name}__unknown"] = unknown
            elif c.kind == Kind.QUARTER:
                q = parse.parse_quarters(value)
                out[c.name] = q
                out[f"{c.name}__bad"] = value.notna() & q.isna()
            else:
                out[c.name] = value
        for name, flag in inherited.items():
            # a value filled down from the group's first row was not typed here: findings about
            # it belong to the row it was typed in (see Rule.pandera_check)
            out[f"{name}__inherited"] = flag
        return pd.DataFrame(out, index=raw.index), text

    @staticmethod
    def _extra_choices(c: Col, ctx: Context) -> tuple[str, ...]:
        cfg = getattr(ctx.config, "validate", None)
        if cfg is None:
            return ()
        if c.name == "method":
            return tuple(getattr(cfg, "extra_contact_methods", ()) or ())
        if c.name == "mechanism":
            return tuple(getattr(cfg, "extra_mechanisms", ()) or ())
        return ()

    # -- the schema ----------------------------------------------------------------------------
    def all_rules(self, present: set[str] | None = None) -> list[Rule]:
        """Generic rules from the column kinds, then the table's own; only for present columns."""
        rules = [r for c in self.columns for r in generic_rules(c)] + list(self.rules)
        if present is not None:
            rules = [r for r in rules if r.column in present]
        return rules

    def schema(self, ctx: Context, present: set[str] | None = None,
               frame: pd.DataFrame | None = None) -> pa.DataFrameSchema:
        """Every rule as a pandera check named by its code. With ``frame`` (the prepared frame the
        schema will validate), each rule is a check of the column its findings mark: a failing
        row is then one failure case, where a dataframe-level check makes pandera list every
        column of the failing row (measured: 1,902 bad cells gave 327,669 failure cases) and
        format them all into its error message. Same rules, same verdicts, same check names."""
        rules = self.all_rules(present)
        if frame is None:
            return pa.DataFrameSchema(checks=[r.pandera_check(ctx) for r in rules], name=self.key, strict=False)
        by_column: dict[str, list[pa.Check]] = {}
        for r in rules:
            by_column.setdefault(r.column, []).append(r.pandera_check(ctx, frame))
        return pa.DataFrameSchema(
            columns={name: pa.Column(checks=checks, nullable=True, required=True, name=name)
                     for name, checks in by_column.items()},
            name=self.key,
            strict=False,
        )

    def rule(self, code: str) -> Rule:
        for r in self.all_rules():
            if r.code == code:
                return r
        raise KeyError(code)

    def rule_by(self, code: str, column: str) -> Rule:
        for r in self.all_rules():
            if r.code == code and r.column == column:
                return r
        raise KeyError((code, column))


# ---------------------------------------------------------------------------------------------
# Generic rules, one set per column kind. Codes are stable: never renumber, only add.
GENERIC = {
    "CX101": (ERROR, ("必填项为空", "Required value missing"),
              ("「{header}」必须填写", "\"{header}\" is required")),
    "CX102": (ERROR, ("日期无法识别", "Unreadable date"),
              ("「{value}」不是日期,请写成 2024-05-20 这样的格式", "\"{value}\" is not a date; write it like 2024-05-20")),
    "CX103": (WARNING, ("日期缺少年份", "Date without a year"),
              ("「{value}」缺少年份,请补全为 2024-05-20 这样的格式", "\"{value}\" has no year; write the full date, like 2024-05-20")),
    "CX104": (ERROR, ("不在可选值中", "Value not allowed"),
              ("「{value}」不是「{header}」的可选值", "\"{value}\" is not an allowed value of \"{header}\"")),
    "CX105": (WARNING, ("写法不规范", "Non-standard spelling"),
              ("「{value}」请写成规范值「{canonical}」", "Write \"{value}\" as the standard value \"{canonical}\"")),
    "CX106": (ERROR, ("联系方式无效", "Invalid contact"),
              ("「{value}」中没有有效的手机号、座机号或邮箱", "\"{value}\" holds no valid mobile, landline or e-mail")),
    "CX107": (WARNING, ("联系人信息不完整", "Incomplete contact"),
              ("「{value}」应写成 姓名/部门/联系方式,缺少部分内容", "\"{value}\" should read name/department/contact; parts are missing")),
    "CX108": (ERROR, ("不是数字", "Not a number"),
              ("「{value}」不是数字", "\"{value}\" is not a number")),
    "CX109": (ERROR, ("数值超出范围", "Number out of range"),
              ("「{value}」超出「{header}」的范围 {range}", "\"{value}\" is outside the range {range} of \"{header}\"")),
    "CX110": (ERROR, ("重复", "Duplicate"),
              ("「{value}」重复出现,「{header}」不能重复", "\"{value}\" appears more than once; \"{header}\" must be unique")),
    "CX111": (WARNING, ("未知的沟通机制", "Unknown mechanism"),
              ("「{value}」中含有未列出的沟通机制", "\"{value}\" names a mechanism that is not in the list")),
    "CX112": (ERROR, ("周期无法识别", "Unreadable period"),
              ("「{value}」无法识别,请按「{header}」的格式填写", "\"{value}\" cannot be read as a \"{header}\"")),
    "CX113": (ERROR, ("统一社会信用代码格式错误", "Credit code malformed"),
              ("「{value}」不是18位统一社会信用代码", "\"{value}\" is not an 18-character unified social credit code")),
    "CX115": (ERROR, ("单元格是 Excel 错误值", "Excel error value"),
              ("单元格显示错误值「{value}」,请修正公式或改为填写的值", "The cell shows the error value \"{value}\"; fix the formula or type the value")),
    "CX114": (ERROR, ("统一社会信用代码校验位错误", "Credit code check character wrong"),
              ("「{value}」的校验位不正确(按 GB 32100-2015 应为 {expected})", "The check character of \"{value}\" is wrong (GB 32100-2015 gives {expected})")),
}

# Bad/good examples of the generic rules, for the rule docs and the tests: (table key, rows).
GENERIC_EXAMPLES = {
    "CX101": ("partner_progress", [{"交付物": ""}], [{"交付物": "印刷稿100份"}]),
    "CX102": ("partner_progress", [{"实际完成时间": "下周"}], [{"实际完成时间": "2024-05-22"}]),
    "CX103": ("cross_dept", [{"时间节点": "05-20"}], [{"时间节点": "2024-05-20"}]),
    "CX104": ("customer_log", [{"沟通方式": "微信"}], [{"沟通方式": "电话"}]),
    "CX105": ("work_report", [{"完成情况": "✓"}], [{"完成情况": "√"}]),
    "CX106": ("cross_dept", [{"对接人": "张三/技术部"}], [{"对接人": "张三/技术部/13800138000"}]),
    "CX107": ("cross_dept", [{"对接人": "/市场部/13800138000"}], [{"对接人": "李四/市场部/13800138000"}]),
    "CX108": ("purchase_orders", [{"数量": "十箱"}], [{"数量": "50"}]),
    "CX109": ("supplier_evaluation", [{"产品质量": "35"}], [{"产品质量": "28"}]),
    "CX110": ("purchase_orders", [{"订单号": "PO-001"}, {"订单号": "PO-001"}],
              [{"订单号": "PO-001"}, {"订单号": "PO-002"}]),
    "CX111": ("cross_dept", [{"沟通机制": "周例会+飞鸽传书"}], [{"沟通机制": "周例会+钉钉群"}]),
    "CX112": ("work_report", [{"汇报周期": "上周"}], [{"汇报周期": "2024年5月第2周"}]),
    "CX113": ("supplier_directory", [{"统一社会信用代码": "91110000-12345"}],
              [{"统一社会信用代码": "91350100M000100Y43"}]),
    "CX114": ("supplier_directory", [{"统一社会信用代码": "91350100M000100Y44"}],
              [{"统一社会信用代码": "91350100M000100Y43"}]),
    "CX115": ("purchase_orders", [{"金额": "#VALUE!"}], [{"金额": "1250"}]),
}


def _generic(code: str, c: Col, check: Check) -> Rule:
    sev, title, message = GENERIC[code]
    return Rule(code=code, severity=sev, column=c.name, check=check, title=title, message=message)


def generic_rules(c: Col) -> list[Rule]:
    n = c.name
    rules: list[Rule] = []
    rules.append(_generic("CX115", c, lambda df, ctx, n=n: ~df[f"{n}__xlerror"]))
    if c.required:
        rules.append(_generic("CX101", c, lambda df, ctx, n=n: df[f"{n}__text"].notna() | df[f"{n}__xlerror"]))
    if c.kind == Kind.DATE:
        rules.append(_generic("CX102", c, lambda df, ctx, n=n: ~df[f"{n}__bad"]))
        rules.append(_generic("CX103", c, lambda df, ctx, n=n: ~df[f"{n}__noyear"]))
    elif c.kind == Kind.CHOICE:
        rules.append(_generic("CX104", c, lambda df, ctx, n=n: ~df[f"{n}__bad"]))
        if c.lookalikes:
            rules.append(_generic("CX105", c, lambda df, ctx, n=n: ~df[f"{n}__lookalike"]))
    elif c.kind == Kind.MULTI:
        rules.append(_generic("CX111", c, lambda df, ctx, n=n: ~df[f"{n}__unknown"]))
    elif c.kind == Kind.CONTACT:
        def last_ok(df, ctx, n=n):
            return parse.contact_parts(df[n], c.parts)["last_ok"]

        def complete(df, ctx, n=n):
            p = parse.contact_parts(df[n], c.parts)
            return p["complete"] | ~p["last_ok"]
        rules.append(_generic("CX106", c, last_ok))
        rules.append(_generic("CX107", c, complete))
    elif c.kind == Kind.PHONE_EMAIL:
        rules.append(_generic("CX106", c, lambda df, ctx, n=n: parse.contact_ok(df[n])))
    elif c.kind == Kind.NUMBER:
        rules.append(_generic("CX108", c, lambda df, ctx, n=n: ~df[f"{n}__bad"]))
        if c.min is not None or c.max is not None:
            def in_range(df, ctx, c=c):
                v = df[c.name]
                ok = pd.Series(True, index=df.index)
                if c.min is not None:
                    ok &= (v > c.min) if c.min_exclusive else (v >= c.min)
                top = c.top(ctx)
                if top is not None:
                    ok &= v <= top
                return ok | v.isna()
            rules.append(_generic("CX109", c, in_range))
    elif c.kind == Kind.PERIOD:
        rules.append(_generic("CX112", c, lambda df, ctx, n=n: parse.period_ok(df[n])))
    elif c.kind == Kind.QUARTER:
        rules.append(_generic("CX112", c, lambda df, ctx, n=n: ~df[f"{n}__bad"]))
    elif c.kind == Kind.CREDIT_CODE:
        rules.append(_generic("CX113", c, lambda df, ctx, n=n: parse.uscc_status(df[n])["shape_ok"]))
        rules.append(_generic("CX114", c, lambda df, ctx, n=n: parse.uscc_status(df[n])["check_ok"]))
    if c.unique:
        rules.append(_generic("CX110", c, lambda df, ctx, n=n: ~df[n].duplicated(keep="first") | df[n].isna()))
    return rules


def range_text(c: Col, ctx: Context | None = None) -> str:
    lo = "" if c.min is None else (f"> {c.min:g}" if c.min_exclusive else f"≥ {c.min:g}")
    top = c.top(ctx)
    hi = "" if top is None else f"≤ {top:g}"
    return ", ".join(x for x in (lo, hi) if x)
