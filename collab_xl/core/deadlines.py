"""The guide's time limits as arithmetic: dues from a start and a limit, lateness, working hours.

Pure and vectorized: whole pandas Series in, Series (or frames) out, same index; no Excel, no
files. tables-2.md ("Limits", "Working hours", "Late lines") fixes the meaning:

* **clock hours** — within N h of S ⇔ R − S ≤ N h; nights, weekends and holidays count
  (:func:`due_clock`);
* **calendar days** — R's date ≤ S's date + N (:func:`due_calendar_days`);
* **working days** — due = the N-th working day after S's date, S's own day never counting
  whatever its time; on time when R's date ≤ due (:func:`due_workdays`, on the mainland
  calendar of :mod:`collab_xl.core.calendar`, 调休 included);
* a date-only S or R is read most favourably: S at 24:00, R at 00:00. A date-time exactly at
  00:00 is a date alone (as Excel stores one) — :func:`has_time`;
* **working hours** (the guide gives none; ``[hours]`` of the configuration): inside = a working
  day and ``hours.start`` ≤ time < ``hours.end``; afternoon = ``hours.afternoon`` ≤ time <
  ``hours.end``. They only decide inside/outside and afternoon: a limit in 小时 is clock hours.

A due computed by :func:`due_clock` has a time: lateness against it is also given in hours
(:func:`late_by`); the other dues are dates.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from collab_xl.cells.quantities import DAYS, HOURS, WORKDAYS
from collab_xl.core.calendar import WorkCalendar, as_days

__all__ = ["DAYS", "HOURS", "WORKDAYS", "afternoon", "due_after", "due_calendar_days", "due_clock",
           "due_workdays", "has_time", "inside_hours", "late_by", "start_moment"]

_HOUR = pd.Timedelta(hours=1)
_DAY = pd.Timedelta(days=1)


def _series(values: Any, index: pd.Index | None = None) -> pd.Series:
    """``values`` (Series, list, array or scalar of date-likes) as a naive datetime64[ns] Series."""
    if isinstance(values, pd.Series):
        s = pd.to_datetime(values, errors="coerce")
    else:
        s = pd.Series(pd.to_datetime(np.atleast_1d(values), errors="coerce"), index=index)
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    return s.astype("datetime64[ns]")


def _numbers(values: Any, index: pd.Index) -> pd.Series:
    if isinstance(values, pd.Series):
        return pd.to_numeric(values, errors="coerce").astype("float64").reindex(index)
    return pd.Series(np.broadcast_to(np.asarray(values, dtype="float64"), (len(index),)), index=index)


def has_time(ts: Any) -> pd.Series:
    """True where a value has a time of day; a date alone (a date-time at exactly 00:00, as Excel
    stores a date) and NaT give False."""
    s = _series(ts)
    return (s.notna() & (s != s.dt.normalize())).astype(bool)


def start_moment(start: Any) -> pd.Series:
    """The moment a clock starts: the date-time itself, or a date alone at 24:00 (the next day's
    00:00) — the reading most favourable to whoever had to act."""
    s = _series(start)
    return s.where(has_time(s), s + _DAY)


def due_clock(start: Any, hours: Any) -> pd.Series:
    """S + N clock hours (nights, weekends and holidays count), a date-only S read at 24:00.

    >>> due_clock(pd.Series(pd.to_datetime(["2024-04-30 17:00"])), 24).iloc[0]
    Timestamp('2024-05-01 17:00:00')
    """
    s = start_moment(start)
    return s + pd.to_timedelta(_numbers(hours, s.index), unit="h")


def due_calendar_days(start: Any, n: Any) -> pd.Series:
    """S's date + N days, a date (at 00:00): on time when R's date is not after it."""
    s = _series(start).dt.normalize()
    return s + pd.to_timedelta(_numbers(n, s.index), unit="D")


def due_workdays(start: Any, n: Any, calendar: WorkCalendar) -> pd.Series:
    """The N-th working day after S's date (S's own day never counts, whatever its time), a
    date: on time when R's date is not after it. 2 working days from Tue 2024-04-30 are due
    2024-05-07 (05-01…05 are the May Day holidays)."""
    s = _series(start)
    counts = _numbers(n, s.index)
    days = calendar.add_workdays_many(s, counts.to_numpy())
    return pd.Series(days.astype("datetime64[ns]"), index=s.index)


def due_after(start: Any, amount: Any, unit: Any, calendar: WorkCalendar) -> pd.DataFrame:
    """Per row, due = start + a limit whose unit may differ from row to row (a 反馈时限 column).

    ``unit`` is ``"hours"``, ``"days"`` or ``"workdays"`` (one for all rows, or a Series); rows
    without a start, an amount or a known unit get NaT. Columns: ``due`` (datetime64[ns]) and
    ``due_has_time`` (True for clock-hour dues, whose lateness is counted in hours too).
    """
    s = _series(start)
    amounts = _numbers(amount, s.index)
    units = (unit.reindex(s.index) if isinstance(unit, pd.Series)
             else pd.Series(unit, index=s.index, dtype=object)).astype(object)
    due = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    for name, fn in ((HOURS, due_clock), (DAYS, due_calendar_days)):
        pick = (units == name).to_numpy(dtype=bool)
        if pick.any():
            due[pick] = fn(s[pick], amounts[pick])
    pick = (units == WORKDAYS).to_numpy(dtype=bool)
    if pick.any():
        due[pick] = due_workdays(s[pick], amounts[pick], calendar)
    timed = ((units == HOURS) & due.notna()).astype(bool)
    return pd.DataFrame({"due": due, "due_has_time": timed})


def late_by(due: Any, done: Any, due_has_time: Any = False,
            calendar: WorkCalendar | None = None) -> pd.DataFrame:
    """How late each ``done`` is against its ``due`` (same index).

    A due with a time (``due_has_time``) is compared moment with moment, a date-only ``done``
    read at 00:00; any other due is a date, compared with ``done``'s date. Columns:

    * ``late`` — done after due (False where either is missing);
    * ``days_late`` — calendar days from due's date to done's date (0 when late by hours on the
      due's own day);
    * ``workdays_late`` — working days after due's date up to and including done's date;
    * ``hours_late`` — (done − due) in hours, rounded to 0.01, for dues with a time only.

    The counts are NA where not late.
    """
    d = _series(due)
    r = _series(done, index=d.index)
    if isinstance(done, pd.Series) and not r.index.equals(d.index):
        r = r.reindex(d.index)
    timed = (pd.Series(np.broadcast_to(np.asarray(due_has_time, dtype=bool), (len(d),)), index=d.index)
             if not isinstance(due_has_time, pd.Series)
             else due_has_time.reindex(d.index).fillna(False).astype(bool))
    if calendar is None:
        calendar = WorkCalendar()
    both = d.notna() & r.notna()
    late = both & np.where(timed, r > d, r.dt.normalize() > d.dt.normalize())
    late = pd.Series(np.asarray(late, dtype=bool), index=d.index)
    days = (r.dt.normalize() - d.dt.normalize()) / _DAY
    workdays = calendar.workdays_between(d, r).astype("Float64")
    hours = ((r - d) / _HOUR).round(2)
    return pd.DataFrame({
        "late": late,
        "days_late": pd.array(days.where(late), dtype="Int64"),
        "workdays_late": pd.array(workdays.where(late.to_numpy()).to_numpy(dtype="float64", na_value=np.nan),
                                  dtype="Int64"),
        "hours_late": pd.array(hours.where(late & timed), dtype="Float64"),
    }, index=d.index)


# -- working hours -----------------------------------------------------------------------------

def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _clock_minutes(s: pd.Series) -> pd.Series:
    return s.dt.hour * 60 + s.dt.minute + s.dt.second / 60


def _hours_of(cfg: Any):
    return cfg.hours if hasattr(cfg, "hours") else cfg


def inside_hours(ts: Any, cfg: Any, calendar: WorkCalendar | None = None) -> pd.Series:
    """Inside working hours: a working day and ``hours.start`` ≤ time < ``hours.end`` (one
    interval). ``cfg`` is a Config (or its ``hours``); the calendar defaults to the one of
    ``cfg.calendar``. A nullable boolean Series: NA where there is no time (NaT or a date
    alone — inside or outside cannot be told)."""
    s = _series(ts)
    hours = _hours_of(cfg)
    if calendar is None:
        calendar = WorkCalendar.from_config(cfg) if hasattr(cfg, "calendar") else WorkCalendar()
    m = _clock_minutes(s)
    day = as_days(s)
    worked = np.zeros(len(s), dtype=bool)
    known = has_time(s).to_numpy()
    if known.any():
        uniq = np.unique(day[known])
        flags = {u: calendar.is_workday(u) for u in uniq.tolist()}   # a few hundred distinct days
        worked[known] = [flags[u] for u in day[known].tolist()]
    inside = worked & (m >= _minutes(hours.start)).to_numpy() & (m < _minutes(hours.end)).to_numpy()
    out = pd.array(inside, dtype="boolean")
    out[~known] = pd.NA
    return pd.Series(out, index=s.index)


def afternoon(ts: Any, cfg: Any) -> pd.Series:
    """``hours.afternoon`` ≤ time < ``hours.end`` (any day); NA where there is no time."""
    s = _series(ts)
    hours = _hours_of(cfg)
    m = _clock_minutes(s)
    out = pd.array(((m >= _minutes(hours.afternoon)) & (m < _minutes(hours.end))).to_numpy(dtype=bool),
                   dtype="boolean")
    out[~has_time(s).to_numpy()] = pd.NA
    return pd.Series(out, index=s.index)
