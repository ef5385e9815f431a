"""A mainland-China working-day calendar: weekends and statutory holidays off, 调休 days on.

The data comes from the maintained ``chinese_calendar`` package (the State Council's yearly
notices), plus the user's own additions from the configuration file for years the package does
not cover yet. A year nobody covers falls back to Monday–Friday; callers ask
:meth:`WorkCalendar.uncovered_years` and say so in their output with ``M("fallback", ...)``.

Counting is vectorized: whole columns go through :func:`numpy.busday_count` with one
precomputed holiday calendar, and the adjusted working days (调休 weekend days that are worked)
are added back with a binary search. No Python loop runs per row.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import chinese_calendar
import numpy as np
import pandas as pd

from collab_xl.i18n import Messages

if TYPE_CHECKING:  # pragma: no cover
    from collab_xl.config import Config

M = Messages({
    "fallback": (
        "{years} 年的节假日数据缺失,按周一至周五计算工作日;可在配置文件中补充",
        "No holiday data for {years}: working days counted as Monday to Friday; "
        "you can add them in the configuration file",
    ),
})

_WEEKMASK = "1111100"
_DAY = np.timedelta64(1, "D")


def as_days(values: Any) -> np.ndarray:
    """Return ``values`` (Series, array, list or scalar of date-likes) as ``datetime64[D]``.

    Times of day are dropped, time zones ignored (the local date is kept); missing values
    become NaT. A scalar gives a 0-d array.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return values.astype("datetime64[D]")
    if np.ndim(values) == 0:
        if pd.isna(values):
            return np.array("NaT", dtype="datetime64[D]")
        stamp = pd.Timestamp(values)
        return (stamp.tz_localize(None) if stamp.tz else stamp).to_datetime64().astype("datetime64[D]")
    series = pd.to_datetime(pd.Series(values, copy=False) if not isinstance(values, pd.Series)
                            else values)
    if series.dt.tz is not None:
        series = series.dt.tz_localize(None)
    return series.to_numpy().astype("datetime64[D]")


def _to_date(value: Any) -> dt.date:
    """One date-like (date, datetime, Timestamp, datetime64, ISO text) as a ``datetime.date``."""
    day = as_days(value)
    if np.isnat(day):
        raise ValueError(f"not a date: {value!r}")
    return day.item()


def _year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[Y]").astype(np.int64) + 1970


class WorkCalendar:
    """Mainland-China working days: the package's data plus the user's additions.

    ``extra_holidays`` are days off and ``extra_workdays`` days worked (调休), both added on top
    of the package data and winning over it where they disagree.
    """

    def __init__(self, extra_holidays: Iterable[dt.date] = (),
                 extra_workdays: Iterable[dt.date] = ()) -> None:
        extra_holidays = {_to_date(d) for d in extra_holidays}
        extra_workdays = {_to_date(d) for d in extra_workdays}
        both = extra_holidays & extra_workdays
        if both:
            raise ValueError(f"dates both holiday and workday: {sorted(both)}")
        off = (set(chinese_calendar.holidays) - extra_workdays) | extra_holidays
        on = (set(chinese_calendar.workdays) - extra_holidays) | extra_workdays
        self._off = frozenset(off)
        self._on = frozenset(on)
        # Weekday holidays go to numpy; worked weekend days are counted separately.
        weekday_off = sorted(d for d in off if d.weekday() < 5)
        self._busdaycal = np.busdaycalendar(weekmask=_WEEKMASK,
                                            holidays=np.array(weekday_off, dtype="datetime64[D]"))
        self._weekend_on = np.array(sorted(d for d in on if d.weekday() >= 5),
                                    dtype="datetime64[D]")
        first, last = min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year
        self._years = frozenset(range(first, last + 1)) | {d.year for d in extra_holidays}

    @classmethod
    def from_config(cls, cfg: "Config") -> "WorkCalendar":
        """The calendar with the additions of ``cfg.calendar`` (see docs/configuration.md)."""
        return cls(cfg.calendar.holidays, cfg.calendar.workdays)

    # -- coverage ---------------------------------------------------------------------------
    def covers(self, year: int) -> bool:
        """True when the package or the user's configuration has holiday data for ``year``."""
        return int(year) in self._years

    def uncovered_years(self, dates: Any) -> list[int]:
        """Sorted years among ``dates`` (scalar or column; NaT ignored) that are not covered."""
        days = np.atleast_1d(as_days(dates))
        days = days[~np.isnat(days)]
        return sorted(int(y) for y in np.unique(_year_of(days)) if not self.covers(y))

    def fallback_mask(self, start: Any, end: Any) -> np.ndarray:
        """Per element: does counting between ``start`` and ``end`` touch an uncovered year?

        The days counted are those after the earlier date up to and including the later one;
        NaT pairs and equal dates give False.
        """
        a, b = np.broadcast_arrays(np.atleast_1d(as_days(start)), np.atleast_1d(as_days(end)))
        valid = ~(np.isnat(a) | np.isnat(b)) & (a != b)
        out = np.zeros(a.shape, dtype=bool)
        if not valid.any():
            return out
        lo = _year_of(np.minimum(a[valid], b[valid]) + _DAY)
        hi = _year_of(np.maximum(a[valid], b[valid]))
        # uncovered[k] = how many of the years first .. first + k - 1 have no data.
        first = int(lo.min())
        years = range(first, int(hi.max()) + 1)
        uncovered = np.concatenate([[0], np.cumsum([not self.covers(y) for y in years])])
        out[valid] = uncovered[hi - first + 1] - uncovered[lo - first] > 0
        return out

    # -- vectorized counting ----------------------------------------------------------------
    def workdays_between(self, start: Any, end: Any) -> pd.Series:
        """Working days d with start < d <= end, element-wise, as a nullable ``Int64`` Series.

        ``start`` and ``end`` are Series, arrays or scalars of date-likes (broadcast together);
        NaT in either gives NA. When ``end`` is before ``start`` the count is negative: minus
        the working days d with end < d <= start. The index is that of ``start`` (or ``end``)
        when it is a Series of the result's length.
        """
        a, b = np.broadcast_arrays(np.atleast_1d(as_days(start)), np.atleast_1d(as_days(end)))
        missing = np.isnat(a) | np.isnat(b)
        a = np.where(missing, np.datetime64("2000-01-01"), a)
        b = np.where(missing, np.datetime64("2000-01-01"), b)
        # Count over [lo + 1, hi + 1) = (lo, hi], then give it the sign of end - start.
        lo, hi = np.minimum(a, b) + _DAY, np.maximum(a, b) + _DAY
        counts = np.busday_count(lo, hi, busdaycal=self._busdaycal).astype(np.int64)
        on = self._weekend_on  # worked weekend days (调休), which the weekmask leaves out
        counts += np.searchsorted(on, hi, "left") - np.searchsorted(on, lo, "left")
        result = pd.array(np.where(b < a, -counts, counts), dtype="Int64")
        result[missing] = pd.NA
        return pd.Series(result, index=_index_for(len(result), start, end))

    def add_workdays_many(self, start: Any, n: Any) -> np.ndarray:
        """The n-th working day after each ``start`` date, element-wise (``datetime64[D]``).

        ``start`` is a Series, array or scalar of date-likes (times ignored), ``n`` a whole
        number or an array of them (>= 0; 0 gives ``start`` itself, as :meth:`add_workdays`);
        NaT or NaN gives NaT. One pass: the working days of the span are listed once and each
        start looks its answer up (:meth:`add_workdays` is the scalar form).
        """
        days = np.atleast_1d(as_days(start))
        counts = np.broadcast_to(np.asarray(n, dtype="float64"), days.shape)
        days, counts = np.broadcast_arrays(days, counts)
        valid = ~np.isnat(days) & ~np.isnan(counts) & (counts >= 0)
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        if not valid.any():
            return out
        d, k = days[valid], counts[valid].astype(np.int64)
        lo, margin = d.min(), int(k.max()) * 2 + 30
        while True:
            span = np.arange(lo, d.max() + margin + 1, dtype="datetime64[D]")
            worked = span[np.is_busday(span, busdaycal=self._busdaycal) | np.isin(span, self._weekend_on)]
            at = np.searchsorted(worked, d, "right") + k - 1     # index of the k-th one after d
            if (at < len(worked)).all():
                break
            margin *= 2
        out[valid] = np.where(k == 0, d, worked[np.clip(at, 0, None)])
        return out

    # -- scalar helpers ---------------------------------------------------------------------
    def is_workday(self, date: Any) -> bool:
        """True when ``date`` is a working day (Monday–Friday for an uncovered year)."""
        day = _to_date(date)
        if day in self._on:
            return True
        return day.weekday() < 5 and day not in self._off

    def add_workdays(self, date: Any, n: int) -> dt.date:
        """The n-th working day after ``date`` (before it when n < 0); ``date`` itself for 0.

        E.g. the reply deadline of a notice dated ``date`` is ``add_workdays(date, 5)``.
        """
        day, step, left = _to_date(date), (1 if n >= 0 else -1), abs(int(n))
        while left:
            day += dt.timedelta(days=step)
            left -= self.is_workday(day)
        return day

    def workdays_until(self, today: Any, due: Any) -> int:
        """Working days after ``today`` up to and including ``due`` (negative if due is past)."""
        return int(self.workdays_between(_to_date(today), _to_date(due)).iloc[0])


def _index_for(length: int, *candidates: Any) -> pd.Index:
    for c in candidates:
        if isinstance(c, pd.Series) and len(c) == length:
            return c.index
    return pd.RangeIndex(length)
