"""Which items are late, by how many calendar and working days, and the penalty; vectorized.

No Excel and no files here: callers hand in parsed date columns (index = Excel row numbers)
and get one row of results per input row back, same index. Late = done after due (or not done
and due before today); working days late = the working days after due up to and including done
(or today), on the mainland-China calendar of :mod:`collab_xl.core.calendar`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from collab_xl.core.calendar import WorkCalendar, as_days

LATE, OVERDUE, DUE_SOON = "late", "overdue", "due-soon"
COLUMNS = ("status", "days_late", "workdays_late", "workdays_left", "penalty", "fallback", "hours_late")
_NS_PER_HOUR = 3_600_000_000_000


def late_frame(due: pd.Series, done: pd.Series, today: dt.date, calendar: WorkCalendar, *,
               cancelled: pd.Series | None = None, amount: pd.Series | None = None,
               penalty_rate: float | pd.Series = 0.005, due_soon_workdays: int = 2,
               due_has_time: pd.Series | None = None) -> pd.DataFrame:
    """One result row per input row (same index) saying whether and how late each item is.

    ``due`` and ``done`` are date columns (datetime64 or date objects, NaT/None = empty; times
    of day are ignored). ``cancelled`` marks rows that are never listed: 已取消 items, and items
    known to be done without a date (lateness unknown). A done date after ``today`` is never
    listed either: a completion in the future is not a fact (CX231). ``amount`` is the order amount for the
    penalty (采购订单 only); ``penalty_rate`` its rate a day, one for every row or a Series on the
    same index (an order's contract may set its own: 每日扣款X%).

    Columns:
      - status: "late" (done after due), "overdue" (not done, due before today), "due-soon"
        (not done, due today or later, at most ``due_soon_workdays`` working days after today),
        else NA (on time, not yet due, no due date, cancelled).
      - days_late: calendar days from due to done (late) or to today (overdue), else NA.
      - workdays_late: working days after due up to and including done or today, else NA.
      - workdays_left: for due-soon rows, working days after today up to and including due.
      - penalty: round(amount x penalty_rate x days_late, 2) for late/overdue rows with an
        amount (and a rate), else NA.
      - fallback: True where a count ran through a year without holiday data (Monday–Friday
        was used); report ``calendar.uncovered_years`` to the user for those rows.
      - hours_late: for rows whose due has a time (``due_has_time``, e.g. 沟通时间 + 2 h;
        tables-2.md "Late lines"), late/overdue rows only: hours from the due to done (a date
        alone read at 00:00), or to today's 00:00 when not done; rounded to 0.01. NA elsewhere.

    A due with a time is compared moment with moment (done 05-13 15:30 against a due of
    05-13 12:00 is late: 0 days, 0 working days, 3.5 hours); overdue still means a due date
    before today. Other dues compare dates, as before.
    """
    index = due.index
    due_d = as_days(due)
    done_d = as_days(_aligned(done, index, "done"))
    today_d = as_days(today)
    live = ~np.isnat(due_d)
    if cancelled is not None:
        live &= ~_aligned(cancelled, index, "cancelled").fillna(False).astype(bool).to_numpy()
    has_done = ~np.isnat(done_d)
    # a done date after today (CX231, tables-2.md "Future dates") never counts as late: not listed
    live &= ~(has_done & (done_d > today_d))

    timed = np.zeros(len(index), dtype=bool) if due_has_time is None else \
        _aligned(due_has_time, index, "due_has_time").fillna(False).astype(bool).to_numpy()
    due_ns = _moments(due)
    done_ns = _moments(_aligned(done, index, "done"))
    after = np.where(timed, done_ns > due_ns, done_d > due_d)
    late = live & has_done & after
    overdue = live & ~has_done & (due_d < today_d)
    open_ahead = live & ~has_done & (due_d >= today_d)
    end = np.where(has_done, done_d, today_d)  # the day lateness is counted up to

    left = calendar.workdays_between(today_d, np.where(open_ahead, due_d, np.datetime64("NaT")))
    due_soon = open_ahead & (left.fillna(due_soon_workdays + 1).to_numpy() <= due_soon_workdays)

    listed = late | overdue
    status = np.select([late, overdue, due_soon], [LATE, OVERDUE, DUE_SOON], default=None)
    days = (end - due_d).astype(np.int64)
    workdays = calendar.workdays_between(due_d, end).to_numpy(dtype="float64", na_value=np.nan)
    fallback = (listed & calendar.fallback_mask(due_d, end)) | \
        (due_soon & calendar.fallback_mask(today_d, due_d))

    today_ns = np.datetime64(today_d, "ns")
    end_ns = np.where(has_done, done_ns, today_ns)
    hours = np.round((end_ns - due_ns).astype("int64") / _NS_PER_HOUR, 2)
    hours_late = pd.array(np.where(listed & timed, hours, 0.0), dtype="Float64")
    hours_late[~(listed & timed)] = pd.NA

    return pd.DataFrame({
        "status": pd.array(status, dtype="string"),
        "days_late": _nullable_int(days, listed),
        "workdays_late": _nullable_int(workdays, listed),
        "workdays_left": _nullable_int(left.to_numpy(dtype="float64", na_value=np.nan), due_soon),
        "penalty": _penalty(amount, index, penalty_rate, days, listed),
        "fallback": fallback,
        "hours_late": hours_late,
    }, index=index)


def _moments(values: Any) -> np.ndarray:
    """Date-likes as datetime64[ns] keeping their times (NaT where missing)."""
    s = pd.to_datetime(pd.Series(values, copy=False) if not isinstance(values, pd.Series) else values,
                       errors="coerce")
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    return s.to_numpy(dtype="datetime64[ns]")


def _aligned(column: Any, index: pd.Index, name: str) -> pd.Series:
    """``column`` as a Series on ``index``: same index, or a plain sequence of the same length."""
    if isinstance(column, pd.Series):
        if not column.index.equals(index):
            raise ValueError(f"{name} must have the same index as due")
        return column
    if len(column) != len(index):
        raise ValueError(f"{name} must have the same length as due")
    return pd.Series(column, index=index)


def _nullable_int(values: np.ndarray, keep: np.ndarray) -> pd.arrays.IntegerArray:
    """Int64 values where ``keep``, NA elsewhere."""
    out = pd.array(np.where(keep, values, 0).astype(np.int64), dtype="Int64")
    out[~keep] = pd.NA
    return out


def _penalty(amount: pd.Series | None, index: pd.Index, rate: float | pd.Series, days: np.ndarray,
             listed: np.ndarray) -> pd.arrays.FloatingArray:
    """amount x rate x days, rounded half up to the cent, where listed and an amount is given;
    ``rate`` one figure or one per row (same index)."""
    if amount is None:
        return pd.array([pd.NA] * len(index), dtype="Float64")
    values = pd.to_numeric(_aligned(amount, index, "amount"), errors="coerce")
    if not np.isscalar(rate):
        rate = pd.to_numeric(_aligned(rate, index, "penalty_rate"), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan)
    raw = values.to_numpy(dtype="float64", na_value=np.nan) * rate * days
    keep = listed & ~np.isnan(raw)
    out = pd.array(np.where(keep, round_cents(raw), 0.0), dtype="Float64")
    out[~keep] = pd.NA
    return out


def round_cents(values: np.ndarray) -> np.ndarray:
    """Round money half up (四舍五入) to the cent, ignoring binary float noise (1.005 -> 1.01)."""
    cents = np.round(np.abs(values) * 100, 6)  # 100.49999999999999 -> 100.5 before rounding
    return np.sign(values) * np.floor(cents + 0.5) / 100
