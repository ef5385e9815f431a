"""Rules as declarations: a stable code, a name, a severity, the check, the texts and the examples,
declared together (as pandera declares a check with its error template). Nothing here runs a
check: the core turns rules into pandera checks (``collab_xl.core.schema``).

Three forms, one shape:

* ``Rule`` — a table's own rule, bound to the column its findings mark (table modules);
* ``GenericRule`` — a rule a column gets from its kind or its options (``kinds.py``); bound to
  each column it applies to, it becomes a ``Rule``;
* ``HeaderRule`` — a rule about the header row itself (``headers.py``), in the same form.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from collab_xl.catalog.base import Col

ERROR = "error"
WARNING = "warning"


# The figures of tables-2.md's rules ([limits] in collab-xl.toml) when a rule runs without a
# configuration (rule examples, worksheet functions). collab_xl.config.LimitsConfig declares the
# same defaults; tests/test_config.py keeps the two equal.
LIMITS: dict[str, object] = {
    "evaluation_grace_days": 45, "response_hours": 2, "response_hours_off": 4, "visit_days": 90,
    "feedback_workdays": 2, "replace_hours": 48, "confirm_days_before": 1, "payment_days": 30,
    "plan_match": 0.5, "daily": "workdays", "ack_hours": 24, "blocker_hours": 24, "report_minutes": 10,
    "minutes_hours": 24, "standup_minutes": 15, "demo_minutes": 15, "survey_days": 3, "plan_hours": 24,
    "progress_days": 7, "min_quotes": 3,
}


def limit(ctx, key: str):
    """``[limits] <key>`` of the configuration, the default of tables-2.md without one. ``ctx`` is
    a rule's Context (its ``config``) or what a Late line is given (the Config itself)."""
    limits = getattr(ctx, "limits", None) or getattr(getattr(ctx, "config", None), "limits", None)
    return getattr(limits, key, LIMITS[key]) if limits is not None else LIMITS[key]


def as_shown(ts, time: bool = True) -> str:
    """A date-time as a message shows it: 2024-05-01 17:00 (``time=False``: 2024-05-01); "" for none."""
    import pandas as pd
    if ts is None or pd.isna(ts):
        return ""
    return pd.Timestamp(ts).strftime("%Y-%m-%d %H:%M" if time else "%Y-%m-%d")


@dataclass(frozen=True)
class Context:
    """What a check may need beyond the row: today, configuration, other sheets.

    ``tables`` holds the prepared frames of every catalog table found in the workbook, by table
    key (several found tables of one key: one frame each); a rule reading another table asks
    ``ctx.table(key)``, and skips itself when that is None (the workbook has no such table), as
    CX251 does without a 供应商名录."""
    today: dt.date
    config: object = None                      # collab_xl.config.Config
    directory: frozenset[str] | None = None    # 供应商名录 names in this workbook, if it has one
    tables: Mapping[str, tuple] | None = field(default=None, compare=False, hash=False, repr=False)
    _stacked: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    calendar: object = None                    # the working-day calendar (core.calendar.WorkCalendar,
                                               # from the configuration), supplied by the core

    @property
    def today_ts(self) -> "pd.Timestamp":
        import pandas as pd
        return pd.Timestamp(self.today)

    def table(self, key: str) -> "pd.DataFrame | None":
        """The prepared rows of catalog table ``key`` in this workbook (its found tables one under
        the other, indexed 0 … n-1), or None when the workbook has none: read-only, shared by
        every rule that asks."""
        if not self.tables or key not in self.tables:
            return None
        got = self._stacked.get(key)
        if got is None:
            import pandas as pd
            frames = [f for f in self.tables[key] if len(f)] or list(self.tables[key][:1])
            got = self._stacked[key] = pd.concat(frames, ignore_index=True)
        return got


Check = Callable[["pd.DataFrame", Context], "pd.Series"]
# Extra fields a message template may use beyond {value} and {header}: name -> one value for the
# whole column, or a list with one value per failing row. Called with (prepared frame, failing
# rows, the values quoted, the column, the context).
Fields = Callable[["pd.DataFrame", "pd.Series", "pd.Series", "Col", "Context | None"], dict]


def slug(text: str) -> str:
    """A rule's name from its English title: "Supplier not in the directory" →
    "supplier-not-in-the-directory" (ruff-style names, stable once published)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Rule:
    """One checkable rule: a stable code, a severity, the column a finding points at, a check
    that returns True for every row that passes, and the texts shown to users."""
    code: str
    severity: str
    column: str                        # Col.name of the cell the finding marks
    check: Check
    title: tuple[str, str]             # (zh, en) short name, for the rule docs
    message: tuple[str, str]           # (zh, en); may use {value}, {header} and its fields
    bad: tuple[dict, ...] = ()         # rows (by header key) that break the rule
    good: tuple[dict, ...] = ()        # the same rows, fixed
    why: tuple[str, str] = ("", "")    # (zh, en) the guide passage or reason, for the docs
    name: str = ""                     # kebab-case name; default: from the English title
    fields: Fields | None = None       # extra message fields (see Fields)
    # A rule reading another table (ctx.table): the rows of the other tables its bad and good
    # examples run with, as (table key, rows by header key merged into that table's clean row)
    with_tables: tuple[tuple[str, tuple[dict, ...]], ...] = ()

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", slug(self.title[1]))

    @property
    def check_name(self) -> str:
        """The pandera check's name, and so a failure case's: "CODE:column"."""
        return f"{self.code}:{self.column}"


@dataclass(frozen=True)
class GenericRule:
    """A rule every column of some kind (or with some option) gets, declared once: its check reads
    the prepared frame for one column; ``applies`` says which columns have it; the example is a
    (table key, bad rows, good rows) of one real table."""
    code: str
    name: str
    severity: str
    title: tuple[str, str]
    message: tuple[str, str]
    why: tuple[str, str]
    example: tuple[str, tuple[dict, ...], tuple[dict, ...]]
    check: Callable[["pd.DataFrame", "Col", Context], "pd.Series"]
    applies: Callable[["Col"], bool] = lambda col: True
    fields: Fields | None = None

    def bind(self, col: "Col") -> Rule:
        check = self.check
        return Rule(code=self.code, severity=self.severity, column=col.name,
                    check=lambda df, ctx: check(df, col, ctx), title=self.title, message=self.message,
                    why=self.why, name=self.name, fields=self.fields)

    @property
    def bad(self) -> tuple[dict, ...]:
        return self.example[1]

    @property
    def good(self) -> tuple[dict, ...]:
        return self.example[2]


@dataclass(frozen=True)
class HeaderRule:
    """A rule about a table's header row. ``find(hit)`` lists (column name, sheet column index or
    None) for every offending column of a found table; ``spoil(headers, header)`` turns a good
    header row into the bad example (the example names the table and the column)."""
    code: str
    name: str
    severity: str
    title: tuple[str, str]
    message: tuple[str, str]           # may use {header}
    why: tuple[str, str]
    example: tuple[str, str]           # (table key, header key of the column concerned)
    find: Callable[[object], list[tuple[str, int | None]]]
    spoil: Callable[[list[str], str], list[str]]
