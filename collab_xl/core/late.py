"""Late, overdue and not-done items of a validated workbook; pure (no files, no Excel).

``find_late(report, today, config)`` takes the validate :class:`~collab_xl.core.validate.Report`
(its prepared frames, indexed by Excel row: nothing is read or parsed again) and, per table
whose catalog entry has a ``Late`` spec (表1, 表3, 表4, 采购订单), runs one vectorized
:func:`~collab_xl.core.late_math.late_frame`:

* due / done are the ``Late.due`` / ``Late.done`` columns of the prepared frame;
* 已取消 in the ``Late.status`` column (表1 完成状态) is never late; 已完成 there without a done
  date is done with unknown lateness: not listed either;
* a row whose due or done cell is defective (an error finding on it, a date without a year, or
  an ambiguous month/day/year date)
  is not guessed: it is counted in ``unchecked`` instead; so is a row whose done date is after
  today (CX231: a completion in the future never counts as late);
* 采购订单 rows carry the penalty: ``Late.amount(prepared)`` x the rate x calendar days late; the
  rate is ``late.penalty_rate_per_day`` unless ``Late.rate`` gives a row its own (an order's
  contract: 每日扣款X%);
* a line reading another table (``Late.join``: an order's contract for its payment due and
  penalty rate) gets it from a Context of the report's tables (``ctx.table(key)``), or of the
  ``ctx`` handed in (the tables of several files read by one command).

表2 周/月度工作汇报 has no dates: its rows whose 完成情况 is × are listed as ``not-done`` with
their 汇报周期 (``period``) and no day counts.

Items due within ``late.due_soon_workdays`` working days and not done are returned apart, in
``due_soon``. Years without holiday data that a count ran through are in ``fallback_years``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collab_xl.catalog import Context
from collab_xl.core.calendar import WorkCalendar, as_days
from collab_xl.core.deadlines import due_after
from collab_xl.core.late_math import DUE_SOON, LATE, OVERDUE, late_frame
from collab_xl.core.validate import Report, TableResult

NOT_DONE = "not-done"
STATUSES = (LATE, OVERDUE, NOT_DONE)
CANCELLED = "已取消"     # Late.status value: never late
FINISHED = "已完成"      # Late.status value: done (lateness unknown without a date)
ITEM_SEP = " / "         # between the Late.item columns' texts


@dataclass(frozen=True)
class NotDone:
    """A table without dates whose rows say themselves that they were not done (表2 ×)."""
    status: str                       # the column holding the completion mark
    value: str                        # the canonical "not done" value
    item: tuple[str, ...]
    owner: str
    period: str


NOT_DONE_TABLES = {
    "work_report": NotDone(status="status", value="×", item=("work",), owner="reporter", period="period"),
}

ITEM_COLUMNS = ["sheet", "table", "row", "cell", "order", "item", "owner", "due", "done", "period",
                "status", "days_late", "workdays_late", "penalty", "has_penalty", "hours_late", "timed", "line"]
SOON_COLUMNS = ["sheet", "table", "row", "cell", "order", "item", "owner", "due", "days_left",
                "workdays_left"]
UNCHECKED_COLUMNS = ["sheet", "table", "row"]


@dataclass
class LateReport:
    """What ``find_late`` found.

    ``items``: one row per late / overdue / not-done item (ITEM_COLUMNS; ``row`` the Excel
    row, ``cell`` the row's first cell of the table, ``due``/``done`` datetime64 or NaT,
    ``period`` the 汇报周期 of 表2 rows, ``has_penalty`` True for 采购订单 rows), sorted by
    days late (most first; not-done rows last), then by table and row. ``timed`` is True for
    items whose due has a time (a Late line with ``after`` in clock hours), whose ``hours_late``
    is then set (NA otherwise).
    ``due_soon``: reminders (SOON_COLUMNS), soonest first.
    ``unchecked``: rows whose due or done date is defective (sheet, table, row).
    ``missing_done``: (sheet, table key) of tables whose done column is not in the sheet,
    so every row counts as not done.
    ``results``: the tables looked at (those that can be late).
    """
    today: dt.date
    items: pd.DataFrame
    due_soon: pd.DataFrame
    unchecked: pd.DataFrame
    fallback_years: list[int] = field(default_factory=list)
    missing_done: list[tuple[str, str]] = field(default_factory=list)
    results: list[TableResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return int((self.items["status"] == status).sum())

    @property
    def any_late(self) -> bool:
        return len(self.items) > 0


def can_be_late(result: TableResult) -> bool:
    """True for the tables the late view reads: a ``Late`` spec, or rows marked not done."""
    return result.table.late is not None or bool(result.table.more_late) or result.table.key in NOT_DONE_TABLES


def _lines(result: TableResult):
    """The table's Late lines this sheet can answer: the first always (a done column the sheet
    lacks means nothing is done), a further one only when the sheet has every column it reads
    (they are tables-2.md's optional added columns)."""
    if result.table.late is not None:
        yield result.table.late
    present = set(result.hit.columns)
    for spec in result.table.more_late:
        if all(c in present for c in spec.columns()):
            yield spec


def tables_context(results: list[TableResult], today: dt.date, config=None,
                   calendar: WorkCalendar | None = None) -> Context:
    """A Context whose ``table(key)`` answers from these results' prepared frames (what a Late
    line's ``join`` reads)."""
    tables: dict[str, tuple] = {}
    for r in results:
        tables[r.table.key] = tables.get(r.table.key, ()) + (r.prepared,)
    return Context(today=today, config=config, tables=tables, calendar=calendar)


def find_late(report: Report, today: dt.date, config=None,
              calendar: WorkCalendar | None = None, ctx: Context | None = None) -> LateReport:
    """Late, overdue, not-done and due-soon items of every table of ``report`` (see module doc).

    ``config`` is a :class:`collab_xl.config.Config` (defaults when None); ``calendar`` defaults
    to ``WorkCalendar.from_config(config)``; ``ctx`` is where lines reading another table find
    it (``ctx.table(key)``), by default the report's own tables.
    """
    if config is None:
        from collab_xl.config import Config
        config = Config.default()
    if calendar is None:
        calendar = WorkCalendar.from_config(config)
    if ctx is None or ctx.tables is None:
        ctx = tables_context(report.results, today, config, calendar)
    items, soon, unchecked, spans, missing, used = [], [], [], [], [], []
    for order, result in enumerate(report.results):
        if not can_be_late(result):
            continue
        used.append(result)
        if result.table.late is not None or result.table.more_late:
            if result.table.late is not None:
                done_col = result.table.late.done
                if result.rows and (done_col is None or done_col not in result.hit.columns):
                    missing.append((result.sheet, result.table.key))
            for spec in _lines(result):
                i, s, u, sp = _dated(result, order, today, calendar, config, spec, report.lang, ctx)
                items.append(i)
                soon.append(s)
                unchecked.append(u)
                spans.append(sp)
        else:
            items.append(_not_done(result, order, NOT_DONE_TABLES[result.table.key]))
    items_df = _concat(items, ITEM_COLUMNS)
    if len(items_df):
        items_df = items_df.assign(_days=items_df["days_late"].astype("Float64").fillna(-1.0)) \
            .sort_values(["_days", "order", "row"], ascending=[False, True, True], kind="stable") \
            .drop(columns="_days").reset_index(drop=True)
    soon_df = _concat(soon, SOON_COLUMNS)
    if len(soon_df):
        soon_df = soon_df.sort_values(["workdays_left", "due", "order", "row"], kind="stable") \
            .reset_index(drop=True)
    return LateReport(today=today, items=items_df, due_soon=soon_df,
                      unchecked=_concat(unchecked, UNCHECKED_COLUMNS).drop_duplicates(ignore_index=True),
                      fallback_years=_fallback_years(calendar, spans), missing_done=missing,
                      results=used)


# -- one table with dates ----------------------------------------------------------------------

def _dated(result: TableResult, order: int, today: dt.date, calendar: WorkCalendar, config, spec=None,
           lang: str = "zh", ctx: Context | None = None):
    """(items, due_soon, unchecked, spans) of one Late line of a dated table. A done column the
    sheet lacks is empty in the prepared frame: every row then counts as not done."""
    spec = spec if spec is not None else result.table.late
    df = result.prepared
    if spec.join is not None and len(df):
        df = spec.join(df, ctx if ctx is not None else tables_context([result], today, config, calendar))
    index = df.index
    nat = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    due = df[spec.due] if spec.due and spec.due in df else nat
    timed = pd.Series(False, index=index)
    if spec.after is not None:
        due, timed = _due_after(spec.after, df, config, calendar, nat)
    done = df[spec.done] if spec.done and spec.done in df else nat
    if spec.done_at is not None and len(df):
        done = spec.done_at(df).reindex(index).astype("datetime64[ns]")

    # Defective due / done cells: error findings on them, or dates without a year.
    f = result.findings
    date_cols = [c for c in (spec.due, spec.done, *spec.done_also, spec.after and spec.after.start) if c]
    flagged = f.loc[(f["severity"] == "error") & f["colname"].isin(date_cols), "row"] if len(f) else []
    unchecked = pd.Series(index.isin(list(flagged)), index=index)
    for c in date_cols:
        for flag in ("noyear", "ambiguous"):     # no year, or month and day could be swapped
            if f"{c}__{flag}" in df:
                unchecked |= df[f"{c}__{flag}"].astype(bool)

    # A done date after today (CX231, tables-2.md "Future dates") never counts as late: the row
    # is not judged, and is counted in unchecked with the defective ones.
    future = (pd.to_datetime(done, errors="coerce").dt.normalize() > pd.Timestamp(today)).fillna(False).astype(bool)
    unchecked |= future
    excluded = unchecked.copy()
    if spec.status and spec.status in df:
        status = df[spec.status]
        cancelled = (status == CANCELLED).fillna(False).astype(bool)
        unchecked &= ~cancelled            # a cancelled item's dates do not matter
        excluded |= cancelled
        excluded |= ((status == FINISHED).fillna(False) & done.isna()).astype(bool)
    if spec.applies is not None and len(df):
        applies = spec.applies(df, config).reindex(index).fillna(False).astype(bool)
        excluded |= ~applies
        unchecked &= applies               # a row outside this line is not left unjudged by it

    amount = spec.amount(df) if spec.amount is not None and len(df) else None
    rate = config.late.penalty_rate_per_day
    if spec.rate is not None and amount is not None:
        rate = spec.rate(df).reindex(index).astype("float64").fillna(rate)
    lf = late_frame(due, done, today, calendar, cancelled=excluded, amount=amount,
                    penalty_rate=rate,
                    due_soon_workdays=config.late.due_soon_workdays, due_has_time=timed)

    base = pd.DataFrame({
        "sheet": result.sheet, "table": result.table.key, "row": index.astype(int),
        "cell": _first_cells(result), "order": order,
        "item": _labelled(join_text(df, spec.item), spec.label, lang), "owner": _text(df, spec.owner),
        "due": due.astype("datetime64[ns]"),
    }, index=index)

    listed = lf["status"].isin([LATE, OVERDUE]).fillna(False).to_numpy(dtype=bool)
    items = base[listed].assign(
        done=done[listed].astype("datetime64[ns]"),
        period=pd.Series(pd.NA, index=index[listed], dtype="string"),
        status=lf["status"][listed],
        days_late=lf["days_late"][listed], workdays_late=lf["workdays_late"][listed],
        penalty=lf["penalty"][listed], has_penalty=spec.amount is not None,
        hours_late=lf["hours_late"][listed], timed=timed[listed].to_numpy(dtype=bool),
        line=pd.Series(spec.label[1] if spec.label else pd.NA, index=index[listed], dtype="string"),
    )[ITEM_COLUMNS]

    soon_mask = (lf["status"] == DUE_SOON).fillna(False).to_numpy(dtype=bool)
    today_d = as_days(today)
    soon = base[soon_mask].assign(
        days_left=pd.array((as_days(due[soon_mask]) - today_d).astype(np.int64), dtype="Int64"),
        workdays_left=lf["workdays_left"][soon_mask],
    )[SOON_COLUMNS]

    # Day spans counted through a year without holiday data: (after start, up to end).
    fb = lf["fallback"].to_numpy(dtype=bool)
    end = np.where(~np.isnat(as_days(done)), as_days(done), today_d)
    start = np.where(soon_mask, today_d, as_days(due))
    stop = np.where(soon_mask, as_days(due), end)
    spans = (start[fb] + np.timedelta64(1, "D"), stop[fb])

    bad = base.loc[unchecked.to_numpy(dtype=bool), UNCHECKED_COLUMNS]
    return items, soon, bad, spans


def _due_after(after, df: pd.DataFrame, config, calendar: WorkCalendar, nat: pd.Series):
    """(due, due has a time) of a Late line whose due is start + limit (``Late.after``)."""
    if after.start not in df or not len(df):
        return nat, pd.Series(False, index=df.index)
    limits = after.limits(df, config)
    out = due_after(df[after.start], limits["amount"], limits["unit"], calendar)
    return out["due"], out["due_has_time"].astype(bool)


# -- 表2: rows marked × -------------------------------------------------------------------------

def _not_done(result: TableResult, order: int, spec: NotDone) -> pd.DataFrame:
    df = result.prepared
    if spec.status not in df or not len(df):
        return pd.DataFrame(columns=ITEM_COLUMNS)
    mask = (df[spec.status] == spec.value).fillna(False).to_numpy(dtype=bool)
    index = df.index[mask]
    sub = df[mask]
    na_int = pd.array([pd.NA] * len(index), dtype="Int64")
    return pd.DataFrame({
        "sheet": result.sheet, "table": result.table.key, "row": index.astype(int),
        "cell": _first_cells(result)[mask], "order": order,
        "item": join_text(sub, spec.item), "owner": _text(sub, spec.owner),
        "due": pd.Series(pd.NaT, index=index, dtype="datetime64[ns]"),
        "done": pd.Series(pd.NaT, index=index, dtype="datetime64[ns]"),
        "period": _text(sub, spec.period),
        "status": pd.array([NOT_DONE] * len(index), dtype="string"),
        "days_late": na_int, "workdays_late": na_int.copy(),
        "penalty": pd.array([pd.NA] * len(index), dtype="Float64"), "has_penalty": False,
        "hours_late": pd.array([pd.NA] * len(index), dtype="Float64"), "timed": False, "line": pd.array([pd.NA] * len(index), dtype="string"),
    }, index=index)[ITEM_COLUMNS]


# -- helpers -----------------------------------------------------------------------------------

def _labelled(item: pd.Series, label: tuple[str, str] | None, lang: str) -> pd.Series:
    """A further line's items named by what they are about: "反馈:初稿提交" / "feedback: draft"."""
    if label is None:
        return item
    name = label[1] if lang == "en" else label[0]
    head = name + (": " if lang == "en" else ":")
    return (head + item).fillna(name)          # no item text: the line's name alone


def join_text(df: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    """The texts of ``names`` joined by ITEM_SEP, empty ones left out (NA when all are)."""
    out = pd.Series(pd.NA, index=df.index, dtype="string")
    for name in names:
        s = _text(df, name)
        out = (out + ITEM_SEP + s).fillna(out).fillna(s)
    return out


def _text(df: pd.DataFrame, name: str | None) -> pd.Series:
    col = f"{name}__text" if name else None
    if col is None or col not in df:
        return pd.Series(pd.NA, index=df.index, dtype="string")
    return df[col].astype("string")


def _first_cells(result: TableResult) -> np.ndarray:
    """The address of each row's first cell of the table (what a link jumps to)."""
    hit = result.hit
    letter = hit.grid.letter(min(hit.columns.values()))
    return (letter + result.prepared.index.astype(str)).to_numpy(dtype=object)


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]


def _fallback_years(calendar: WorkCalendar, spans: list[tuple[np.ndarray, np.ndarray]]) -> list[int]:
    """Uncovered years any counted span (first day, last day) runs through."""
    spans = [s for s in spans if len(s[0])]
    if not spans:
        return []
    lo = np.concatenate([s[0] for s in spans]).astype("datetime64[Y]").astype(np.int64) + 1970
    hi = np.concatenate([s[1] for s in spans]).astype("datetime64[Y]").astype(np.int64) + 1970
    years = range(int(lo.min()), int(hi.max()) + 1)
    return [y for y in years if not calendar.covers(y) and bool(((lo <= y) & (hi >= y)).any())]
