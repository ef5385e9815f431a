"""The vocabulary every table module uses: columns, tables, what "late" means — declarations only.

A table module declares its columns (``Col``) and its own rules (``Rule``, ``rules.py``); a
column's kind (``kinds.py``) brings its parser and its generic rules, its options (required,
unique) bring theirs. Nothing here parses or checks: the core prepares a frame from the
declarations (``collab_xl.core.prepare``) and runs every rule as a pandera check
(``collab_xl.core.schema``), whose failure cases are the findings.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

from collab_xl.catalog.kinds import ColumnKind, Kind, generic_rules_of
from collab_xl.catalog.kinds_time import When
from collab_xl.catalog.rules import ERROR, WARNING, Context, Rule

__all__ = ["ERROR", "WARNING", "After", "Col", "Context", "Kind", "Late", "Rule", "Table", "When", "header_key", "match_key"]

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


# -- recognition (issue 12, docs/recognition.md) ----------------------------------------------
# A bracket that changes what a column means is kept: 单价（含税）and 单价（不含税）are two columns.
_TAX = re.compile(r"[\(\[【〔]\s*(含税|不含税|未税|除税|税前|税后|含增值税|不含增值税)\s*[\)\]】〕]")
_SNAKE = re.compile(r"[_\-.。]+")


def match_key(text: object) -> str:
    """The key a header is recognised by: ``header_key`` that also ignores case, ``_``/``-``
    (snake_case), full stops ("Order No" = "Order no." = order_no) and keeps a 含税/不含税
    qualifier ("单价(含税)" → "单价含税", "单价(不含税)" → "单价不含税")."""
    if not isinstance(text, str):
        return ""
    t = unicodedata.normalize("NFKC", text)
    t = _TAX.sub(lambda m: m.group(1), t)
    return _SNAKE.sub("", header_key(t))


@dataclass(frozen=True)
class Col:
    header: str                       # the header as the guide / tables.md prints it
    name: str                         # English identifier, used in code and JSON
    en: str                           # English header (the template's --lang en)
    kind: ColumnKind = Kind.TEXT
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
    extra_choices: str | None = None  # CHOICE/MULTI: more allowed values from config [validate].<this>
    done: bool = False                # DATE: a completion date: after today is CX231 (tables-2.md)
    vague: tuple[str, ...] = ()       # DATE: wordings that promise no date (尽快, 待定): flagged
                                      # <name>__vague instead of __bad (no CX102); a table rule names them
    # tables-2.md conventions. A condition (required_if, expected_if) is a Col.name (when that
    # column is filled), a (Col.name, value or values) pair (when its value is one of them), or a
    # predicate on the prepared frame (a bool Series), best as When(predicate, (zh, en)) for messages.
    time: bool = False                # DATETIME: a date alone is CX117 (the column needs the time)
    items: tuple[str, ...] = ()       # CHECKLIST: required items, "过往案例(案例)" = name(alias) (CX120)
    items_by: tuple = ()              # CHECKLIST: items chosen per row by another column's value:
                                      # (Col.name, ((value or values, items), …)); a row whose value
                                      # is none of them requires nothing (会议登记表 纪要要素)
    not_before: str | tuple[str, ...] | None = None  # ≥ X: not before the column(s) of this Col.name (CX118)
    required_if: object = None        # if C: required when the condition holds (CX121)
    expected: bool = False            # exp.: expected; empty is CX122
    expected_if: object = None        # exp. if C: expected when the condition holds (CX122)
    added: bool = False               # an optional column added by tables-2.md (issue 13): a sheet
                                      # without it stays valid; the template puts it after the
                                      # shipped columns, with its drop-down / date rule and hint
    aka: tuple[str, ...] = ()         # synonyms seen in companies' own sheets, both languages (issue 12)
    words: dict = field(default_factory=dict)   # CHOICE: other words for a value, read as that value
                                      # without a finding (status words: Done → 已完成; issue 12;
                                      # [status] in collab-xl.toml adds the user's): kinds.status_words
    unique_with: str | None = None    # unique: unique together with this column (订单号 with 行号:
                                      # one order, several lines); a sheet without it: alone
    # Outside the table (issue 12): when the header lacks this column, its value may stand in a
    # title row above the header ("汇报人:张三", a label as one of the column's header words and a
    # colon, or a label cell and the value beside it) — True — and, with a function text -> value
    # or None, also unlabelled in a title row or the sheet name ("2019.4.22-2019.4.26(4月第4周)");
    # the function also tidies a labelled value (None keeps it as typed, for the column's checks).
    above: bool | Callable[[str], str | None] = False

    def top(self, ctx: "Context | None" = None) -> float | None:
        """The column's maximum: configured (supplier score weights) or declared."""
        if self.max_from and ctx is not None:
            if hasattr(ctx.config, "score_maxima"):     # the scorecard's, or the guide's weights
                top = ctx.config.score_maxima().get(self.max_from)
                return None if top is None else float(top)
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

    def match_keys(self) -> dict[str, str]:
        """match_key -> how it names this column: "exact" (the guide's or template's header, in
        either language) or "synonym" (``aka``); an exact key wins."""
        out = {match_key(a): "synonym" for a in self.aka}
        out.update({match_key(k): "exact" for k in (self.header, self.en, *self.aliases)})
        out.pop("", None)
        return out


@dataclass(frozen=True)
class After:
    """A due computed from a start (tables-2.md "Late lines"): due = ``start`` + a limit.

    The limit is ``amount`` ``unit`` for every row — ``amount`` a figure or the name of a
    ``[limits]`` key of the configuration (``"feedback_workdays"``), ``unit`` ``"hours"`` (clock
    hours: the due has a time and lateness is also given in hours), ``"days"`` or
    ``"workdays"`` — or, per row, ``limit_at(frame, config)`` returning columns ``amount`` and
    ``unit`` (表3: 2 h inside working hours, 4 h outside; a 反馈时限 column). The arithmetic
    is :mod:`collab_xl.core.deadlines`'."""
    start: str
    amount: float | str = 0
    unit: str = "hours"
    limit_at: Callable[[pd.DataFrame, Any], pd.DataFrame] | None = None

    def limits(self, frame: pd.DataFrame, config: Any) -> pd.DataFrame:
        """The limit of each row of ``frame``: columns ``amount`` (float) and ``unit``."""
        if self.limit_at is not None:
            return self.limit_at(frame, config)
        amount = getattr(config.limits, self.amount) if isinstance(self.amount, str) else self.amount
        return pd.DataFrame({"amount": float(amount), "unit": self.unit}, index=frame.index)


@dataclass(frozen=True)
class Late:
    """What "late" means for a table (tables.md): due and done columns, what to call the item,
    who owns it, a status column whose 已取消 means never late, an amount for penalties.

    ``done_at``, when given, computes the done date from the prepared frame instead of reading
    the ``done`` column (采购订单: a rejected delivery is done at its 补发到货时间);
    ``done_also`` names the other columns it reads, whose defects leave a row unchecked.

    ``after``, when given, computes the due from a start column and a limit instead of reading
    the ``due`` column (``due`` is then None): ``Late(None, "first_reply", item, after=After(
    "when", "response_hours"))``. ``applies(frame, config)``, when given, says which rows the
    line is about (表3: 咨询/投诉 rows); the others are never late."""
    due: str | None
    done: str | None
    item: tuple[str, ...]
    owner: str | None = None
    status: str | None = None
    amount: Callable[[pd.DataFrame], pd.Series] | None = None
    done_at: Callable[[pd.DataFrame], pd.Series] | None = None
    done_also: tuple[str, ...] = ()
    after: After | None = None
    applies: Callable[[pd.DataFrame, Any], pd.Series] | None = None
    label: tuple[str, str] | None = None   # (zh, en) what a further line is about, before the item:
                                           # "反馈" (表4's feedback line), "补发" (a replacement) …
    # A line reading another table (issue 15: an order's contract): ``join(frame, ctx)`` returns the
    # prepared frame with the columns it adds from ``ctx.table(key)`` (a Context of the run's tables),
    # before due, done, limits and amount are read; ``rate(frame)`` (of the joined frame) is each
    # row's penalty rate a day, NaN where ``[late] penalty_rate_per_day`` applies.
    join: Callable[[pd.DataFrame, Any], pd.DataFrame] | None = None
    rate: Callable[[pd.DataFrame], pd.Series] | None = None

    def columns(self) -> tuple[str, ...]:
        """The columns the line reads (a further line is skipped on a sheet that lacks one)."""
        return tuple(c for c in (self.due, self.done, self.after and self.after.start) if c)


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
    more_late: tuple[Late, ...] = ()  # further Late lines (tables-2.md: a table may have several)
    examples: tuple[dict, ...] = ()   # the guide's own rows (by header key), for the sample
    clean: dict = field(default_factory=dict)   # one fully correct row (by header key): docs, tests
    section: str = ""                 # where the guide describes it, e.g. "二(一)"
    key_columns: tuple[str, ...] = ()  # the columns that identify the table: found only when all are there (issue 12)
    unused: Callable[[Any], tuple[str, ...]] | None = None   # columns the configuration leaves out
                                      # (a scorecard's unused score columns): never missing (CX002)
    clean_with: tuple[dict, ...] = ()  # rows (merged into ``clean``) the clean row needs beside it to be
                                       # clean: an enquiry has 3 quotations (询价比价表, CX341)
    _rules: tuple[Rule, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # generic rules bound to each column (per column: its options', then its kind's), then the
        # table's own: built once
        bound = [g.bind(c) for c in self.columns for g in generic_rules_of(c)]
        object.__setattr__(self, "_rules", tuple(bound) + tuple(self.rules))

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

    # -- rules ---------------------------------------------------------------------------------
    def all_rules(self, present: set[str] | None = None) -> list[Rule]:
        """Generic rules from the column kinds and options, then the table's own; only for
        present columns."""
        if present is None:
            return list(self._rules)
        return [r for r in self._rules if r.column in present]
