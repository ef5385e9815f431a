"""late_frame: status, calendar and working days late, penalty, fallback flags."""
from __future__ import annotations

import datetime as dt

import chinese_calendar
import numpy as np
import pandas as pd
import pytest

from collab_xl.core.calendar import WorkCalendar
from collab_xl.core.late_math import COLUMNS, late_frame, round_cents

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def dates(*values: str | None, index=None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)), index=index)


def frame(cal, due, done, today, **kw) -> pd.DataFrame:
    index = kw.pop("index", None)
    return late_frame(dates(*due, index=index), dates(*done, index=index), D(today), cal, **kw)


def test_acceptance_days_and_workdays(cal):
    got = frame(cal, ["2024-05-10", "2024-04-30", "2024-09-30"],
                ["2024-05-13", "2024-05-06", "2024-10-08"], "2024-12-01")
    assert got["status"].tolist() == ["late"] * 3
    assert got["days_late"].tolist() == [3, 6, 8]
    assert got["workdays_late"].tolist() == [2, 1, 1]
    assert not got["fallback"].any()


def test_columns_and_dtypes(cal):
    got = frame(cal, ["2024-05-10"], ["2024-05-13"], "2024-06-01")
    assert tuple(got.columns) == COLUMNS
    assert got["status"].dtype == "string"
    assert got["days_late"].dtype == "Int64" and got["workdays_late"].dtype == "Int64"
    assert got["penalty"].dtype == "Float64" and got["fallback"].dtype == bool


def test_overdue_counts_up_to_today(cal):
    got = frame(cal, ["2024-09-30", "2024-10-07"], [None, None], "2024-10-08")
    assert got["status"].tolist() == ["overdue", "overdue"]
    assert got["days_late"].tolist() == [8, 1]
    assert got["workdays_late"].tolist() == [1, 1]


def test_on_time_and_not_yet_due_are_not_listed(cal):
    # the last: done after today (CX231) never counts as late (tables-2.md "Future dates")
    got = frame(cal, ["2024-05-20", "2024-05-20", "2024-07-01", "2024-06-03", "2024-06-03"],
                ["2024-05-20", "2024-05-18", None, "2024-06-05", "2024-06-20"], "2024-06-05")
    assert got["status"].tolist() == [pd.NA, pd.NA, pd.NA, "late", pd.NA]
    assert got["days_late"].isna().tolist() == [True, True, True, False, True]
    assert got["workdays_late"].isna().tolist() == [True, True, True, False, True]


def test_due_soon_counts_working_days_from_today(cal):
    # Today Fri 27 Sep 2024: Sun 29 Sep is a 调休 working day, 1–7 Oct are off.
    due = ["2024-09-27", "2024-09-29", "2024-09-30", "2024-10-07", "2024-10-08"]
    got = frame(cal, due, [None] * 5, "2024-09-27")
    assert got["status"].tolist() == ["due-soon", "due-soon", "due-soon", "due-soon", pd.NA]
    assert got["workdays_left"].tolist() == [0, 1, 2, 2, pd.NA]
    wider = frame(cal, due, [None] * 5, "2024-09-27", due_soon_workdays=3)
    assert wider["status"].tolist()[-1] == "due-soon"
    none = frame(cal, due, [None] * 5, "2024-09-27", due_soon_workdays=0)
    assert none["status"].tolist() == ["due-soon", pd.NA, pd.NA, pd.NA, pd.NA]


def test_done_items_are_never_due_soon(cal):
    got = frame(cal, ["2024-09-30"], ["2024-09-27"], "2024-09-27")
    assert got["status"].isna().all()


def test_cancelled_rows_and_rows_without_due_are_never_listed(cal):
    got = frame(cal, ["2024-05-10", "2024-05-10", None, None, "2024-05-10"],
                ["2024-05-13", None, "2024-05-13", None, None], "2024-06-01",
                cancelled=pd.Series([True, True, False, False, pd.NA], dtype="boolean"))
    assert got["status"].tolist() == [pd.NA, pd.NA, pd.NA, pd.NA, "overdue"]
    assert got["penalty"].isna().all()


def test_index_is_preserved(cal):
    rows = [7, 9, 12]
    got = frame(cal, ["2024-05-10", None, "2024-04-30"], ["2024-05-13", None, None],
                "2024-05-06", index=rows, amount=pd.Series([100, 200, 300], index=rows))
    assert list(got.index) == rows
    assert got.loc[12, "status"] == "overdue" and got.loc[12, "workdays_late"] == 1
    assert got.loc[12, "penalty"] == 9.0


def test_penalty_is_amount_times_rate_times_calendar_days(cal):
    amount = pd.Series([1000, 100.5, None, 1000, "abc"])
    got = frame(cal, ["2024-05-10", "2024-04-30", "2024-05-10", "2024-06-10", "2024-05-10"],
                ["2024-05-13", "2024-05-06", "2024-05-13", None, "2024-05-13"], "2024-06-05",
                amount=amount)
    # 1000 × 0.5% × 3 = 15; 100.5 × 0.5% × 6 = 3.015 → 3.02 (half up); not due yet: no penalty.
    assert got["penalty"].tolist() == [15.0, 3.02, pd.NA, pd.NA, pd.NA]
    custom = frame(cal, ["2024-05-10"], ["2024-05-13"], "2024-06-05",
                   amount=pd.Series([1000]), penalty_rate=0.01)
    assert custom["penalty"].tolist() == [30.0]


def test_no_amount_means_no_penalty(cal):
    got = frame(cal, ["2024-05-10"], ["2024-05-13"], "2024-06-05")
    assert got["penalty"].isna().all()


def test_round_cents_is_half_up():
    assert round_cents(np.array([1.005, 2.675, 0.125, -1.005, 3.014999])).tolist() == \
        [1.01, 2.68, 0.13, -1.01, 3.01]


def test_times_of_day_and_date_objects(cal):
    due = pd.Series([D("2024-05-10"), D("2024-05-20")], dtype=object)
    done = pd.Series(pd.to_datetime(["2024-05-13 17:30", "2024-05-20 23:59"]))
    got = late_frame(due, done, D("2024-06-01"), cal)
    assert got["status"].tolist() == ["late", pd.NA]
    assert got["days_late"].tolist() == [3, pd.NA]


def test_mismatched_index_is_refused(cal):
    with pytest.raises(ValueError):
        late_frame(dates("2024-05-10", index=[3]), dates("2024-05-13", index=[4]), D("2024-06-01"), cal)


def test_empty_columns(cal):
    got = late_frame(dates(), dates(), D("2024-06-01"), cal, amount=pd.Series([], dtype=float))
    assert got.empty and tuple(got.columns) == COLUMNS


def test_fallback_flags_rows_counted_through_a_year_without_data(monkeypatch):
    for name in ("holidays", "workdays"):
        data = getattr(chinese_calendar, name)
        monkeypatch.setattr(chinese_calendar, name, {d: v for d, v in data.items() if d.year <= 2026})
    cal = WorkCalendar()
    got = frame(cal, ["2026-12-30", "2026-12-30", "2027-01-05", "2027-01-08", "2026-12-31"],
                ["2026-12-31", "2027-01-04", None, None, None], "2027-01-06")
    assert got["status"].tolist() == ["late", "late", "overdue", "due-soon", "overdue"]
    assert got["fallback"].tolist() == [False, True, True, True, True]
    # Without 2027 data, Fri 1 Jan 2027 counts as a working day (Monday–Friday).
    assert got["workdays_late"].tolist() == [1, 3, 1, pd.NA, 4]
    assert cal.uncovered_years(pd.concat([dates("2026-12-30"), dates("2027-01-06")])) == [2027]


def test_fifty_thousand_rows_take_a_few_vectorized_passes(cal, monkeypatch, busday_calls):
    """What made it fast: whole columns through numpy.busday_count a fixed number of times, no
    per-row Python (no scalar calendar helper, no row loop)."""
    n = 50_000
    rng = np.random.default_rng(3)
    due = pd.Series(np.datetime64("2022-01-01") + rng.integers(0, 1000, n).astype("timedelta64[D]"))
    done = (due + pd.to_timedelta(rng.integers(-10, 20, n), unit="D")).where(rng.random(n) < 0.7)
    amount = pd.Series(rng.integers(100, 10_000, n).astype(float))
    got = late_frame(due, done, D("2024-06-01"), cal, amount=amount)
    assert 1 <= len(busday_calls) <= 2 and all(s == n for s in busday_calls), busday_calls
    monkeypatch.undo()
    assert len(got) == n and got["status"].notna().sum() > 0
    small = late_frame(due.iloc[:200], done.iloc[:200], D("2024-06-01"), cal, amount=amount.iloc[:200])
    pd.testing.assert_frame_equal(got.iloc[:200], small)           # the same rows, counted in bulk
