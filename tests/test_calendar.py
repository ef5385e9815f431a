"""The mainland-China working-day calendar: holidays, 调休, fallback years, user additions."""
from __future__ import annotations

import datetime as dt
import re

import chinese_calendar
import holidays
import numpy as np
import pandas as pd
import pytest

from collab_xl.config import load_config
from collab_xl.core.calendar import M, WorkCalendar

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


@pytest.fixture
def cal_until_2026(monkeypatch) -> WorkCalendar:
    """A calendar whose package data stops at 2026, whatever chinese-calendar version is installed."""
    for name in ("holidays", "workdays"):
        data = getattr(chinese_calendar, name)
        monkeypatch.setattr(chinese_calendar, name, {d: v for d, v in data.items() if d.year <= 2026})
    return WorkCalendar()


def series(*dates: str | None, index=None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(dates)), index=index)


# -- acceptance: lateness across holidays -----------------------------------------------------

@pytest.mark.parametrize("due, done, workdays", [
    ("2024-05-10", "2024-05-13", 2),  # Saturday 2024-05-11 was a 调休 working day
    ("2024-04-30", "2024-05-06", 1),  # 劳动节 1–5 May off
    ("2024-09-30", "2024-10-08", 1),  # 国庆 1–7 Oct off
])
def test_acceptance_workdays_across_holidays(cal, due, done, workdays):
    assert cal.workdays_between(D(due), D(done)).tolist() == [workdays]
    assert cal.workdays_until(D(due), D(done)) == workdays


# -- holiday boundaries (official notices, written out by hand) --------------------------------

BOUNDARIES = {
    # 2024 春节: 10–17 Feb off; Sun 4 Feb and Sun 18 Feb worked
    "2024-02-04": True, "2024-02-09": True, "2024-02-10": False, "2024-02-17": False,
    "2024-02-18": True, "2024-02-19": True,
    # 2024 劳动节: 1–5 May off; Sun 28 Apr and Sat 11 May worked
    "2024-04-28": True, "2024-04-30": True, "2024-05-01": False, "2024-05-05": False,
    "2024-05-06": True, "2024-05-11": True, "2024-05-12": False,
    # 2024 国庆: 1–7 Oct off; Sun 29 Sep and Sat 12 Oct worked
    "2024-09-29": True, "2024-09-30": True, "2024-10-01": False, "2024-10-07": False,
    "2024-10-08": True, "2024-10-12": True,
    # 2025 春节: 28 Jan – 4 Feb off; Sun 26 Jan and Sat 8 Feb worked
    "2025-01-26": True, "2025-01-27": True, "2025-01-28": False, "2025-02-04": False,
    "2025-02-05": True, "2025-02-08": True,
    # 2025 劳动节: 1–5 May off; Sun 27 Apr worked
    "2025-04-27": True, "2025-04-30": True, "2025-05-01": False, "2025-05-05": False,
    "2025-05-06": True,
    # 2025 国庆+中秋: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct worked
    "2025-09-28": True, "2025-09-30": True, "2025-10-01": False, "2025-10-08": False,
    "2025-10-09": True, "2025-10-11": True,
    # 2026 春节: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb worked
    "2026-02-13": True, "2026-02-14": True, "2026-02-15": False, "2026-02-23": False,
    "2026-02-24": True, "2026-02-28": True,
    # 2026 劳动节: 1–5 May off; Sat 9 May worked
    "2026-04-30": True, "2026-05-01": False, "2026-05-05": False, "2026-05-06": True,
    "2026-05-09": True,
    # 2026 国庆: 1–7 Oct off; Sun 20 Sep and Sat 10 Oct worked
    "2026-09-20": True, "2026-09-30": True, "2026-10-01": False, "2026-10-07": False,
    "2026-10-08": True, "2026-10-10": True,
}


@pytest.mark.parametrize("day, working", BOUNDARIES.items())
def test_holiday_boundaries(cal, day, working):
    assert cal.is_workday(D(day)) is working


def test_vectorized_count_agrees_with_day_by_day(cal):
    """Random pairs in 2004–2026, both directions, against is_workday summed day by day."""
    rng = np.random.default_rng(7)
    start = np.datetime64("2004-01-01") + rng.integers(0, 8000, 400).astype("timedelta64[D]")
    end = start + rng.integers(-40, 40, 400).astype("timedelta64[D]")
    got = cal.workdays_between(start, end).tolist()
    for a, b, n in zip(start.astype(object), end.astype(object), got):
        lo, hi = min(a, b), max(a, b)
        expected = sum(cal.is_workday(lo + dt.timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
        assert n == (expected if b >= a else -expected), (a, b)


def test_is_workday_matches_package(cal):
    day = D("2004-01-01")
    while day.year <= 2026:
        assert cal.is_workday(day) is chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=13)


# -- cross-check with the independent `holidays` package ---------------------------------------

@pytest.mark.parametrize("year", [2024, 2025])
def test_package_data_agrees_with_holidays_package(cal, year):
    listed = holidays.country_holidays("CN", years=year, language="en_US")
    # `holidays` lists the statutory days and the weekday days off of each block ...
    for day in listed:
        assert not cal.is_workday(day), (day, listed[day])
    # ... so every weekday off in our calendar must be there (weekend days of a block may not).
    every_day = [D(f"{year}-01-01") + dt.timedelta(days=i) for i in range(366)]
    weekday_off = {d for d in every_day if d.year == year and d.weekday() < 5 and not cal.is_workday(d)}
    assert weekday_off == {d for d in listed if d.weekday() < 5}
    # The 调休 working days are named in its "Day off (substituted from MM/DD/YYYY)" entries.
    substituted = {dt.datetime.strptime(m, "%m/%d/%Y").date()
                   for name in listed.values() for m in re.findall(r"substituted from (\S+?)\)", name)}
    worked_weekend = {d for d in every_day if d.year == year and d.weekday() >= 5 and cal.is_workday(d)}
    assert substituted == worked_weekend
    assert len(substituted) >= 5


# -- vectorized API ------------------------------------------------------------------------

def test_workdays_between_series_nat_and_index(cal):
    start = series("2024-05-10", None, "2024-09-30", "2024-05-13", index=[7, 8, 9, 10])
    end = series("2024-05-13", "2024-05-13", None, "2024-05-10", index=[7, 8, 9, 10])
    got = cal.workdays_between(start, end)
    assert got.dtype == "Int64"
    assert list(got.index) == [7, 8, 9, 10]
    assert got.iloc[0] == 2 and got.iloc[3] == -2
    assert got.isna().tolist() == [False, True, True, False]


def test_workdays_between_broadcasts_a_scalar_and_ignores_times(cal):
    due = pd.Series(pd.to_datetime(["2024-09-30 18:00", "2024-10-07 09:30"]))
    got = cal.workdays_between(due, dt.date(2024, 10, 8))
    assert got.tolist() == [1, 1]


def test_workdays_between_accepts_date_objects(cal):
    due = pd.Series([D("2024-04-30"), None], dtype=object)
    assert cal.workdays_between(due, D("2024-05-06")).tolist() == [1, pd.NA]


def test_fifty_thousand_rows_are_counted_in_one_vectorized_pass(cal, monkeypatch, busday_calls):
    """What made it fast: one numpy.busday_count over whole columns, no per-row Python."""
    rng = np.random.default_rng(1)
    start = pd.Series(np.datetime64("2020-01-01") + rng.integers(0, 2500, 50_000).astype("timedelta64[D]"))
    end = start + pd.to_timedelta(rng.integers(0, 90, 50_000), unit="D")
    got = cal.workdays_between(start, end)
    assert busday_calls == [50_000]
    monkeypatch.undo()
    assert len(got) == 50_000 and got.notna().all()
    for k in (0, 1, 17, 4_999, 49_999):                           # spot checks, day by day
        a, b = start.iloc[k].date(), end.iloc[k].date()
        days = (a + dt.timedelta(days=i) for i in range(1, (b - a).days + 1))
        assert got.iloc[k] == sum(cal.is_workday(d) for d in days)


# -- scalar helpers ------------------------------------------------------------------------

@pytest.mark.parametrize("date, n, expected", [
    ("2024-09-30", 1, "2024-10-08"),
    ("2024-05-10", 1, "2024-05-11"),   # the 调休 Saturday
    ("2024-09-27", 5, "2024-10-10"),   # Sun 29 Sep and 30 Sep, then 8, 9, 10 Oct
    ("2024-10-08", -1, "2024-09-30"),
    ("2024-10-05", 0, "2024-10-05"),
])
def test_add_workdays(cal, date, n, expected):
    assert cal.add_workdays(D(date), n) == D(expected)


def test_add_workdays_is_inverse_of_counting(cal):
    for day in pd.date_range("2024-01-20", "2024-02-25").date:
        for n in (1, 2, 5):
            assert cal.workdays_until(day, cal.add_workdays(day, n)) == n


def test_scalar_helpers_take_timestamps_and_text(cal):
    assert cal.is_workday(pd.Timestamp("2024-05-11 10:00")) is True
    assert cal.is_workday("2024-10-01") is False
    assert cal.workdays_until("2024-10-08", "2024-09-30") == -1


# -- years without data --------------------------------------------------------------------

def test_coverage_of_the_package_years(cal):
    first, last = min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year
    assert cal.covers(first) and cal.covers(last) and cal.covers(2024)
    assert not cal.covers(first - 1) and not cal.covers(last + 1)


def test_uncovered_years_fall_back_to_monday_to_friday(cal_until_2026):
    cal = cal_until_2026
    assert not cal.covers(2027) and not cal.covers(2030)
    dates = series("2024-05-10", "2027-10-01", None, "2030-10-01", "2027-01-04")
    assert cal.uncovered_years(dates) == [2027, 2030]
    # Fri 1 Oct 2027 is a working day without data; Thu 30 Sep → Fri 8 Oct = 6 weekdays.
    assert cal.is_workday(D("2027-10-01")) and not cal.is_workday(D("2027-10-09"))
    assert cal.workdays_between(D("2027-09-30"), D("2027-10-08")).tolist() == [6]
    assert cal.workdays_between(D("2030-09-30"), D("2030-10-08")).tolist() == [6]
    assert cal.add_workdays(D("2030-10-01"), 5) == D("2030-10-08")
    mask = cal.fallback_mask(series("2026-12-30", "2026-12-30", "2027-01-04", None),
                             series("2026-12-31", "2027-01-04", "2027-01-04", "2027-01-04"))
    assert mask.tolist() == [False, True, False, False]


def test_fallback_message_in_both_languages():
    assert M("fallback", "zh", years="2027") == \
        "2027 年的节假日数据缺失,按周一至周五计算工作日;可在配置文件中补充"
    en = M("fallback", "en", years="2027")
    assert "2027" in en and "Monday to Friday" in en and "configuration file" in en


def test_user_additions_from_a_config_file_make_a_2027_holiday_count(cal_until_2026, tmp_path):
    path = tmp_path / "collab-xl.toml"
    path.write_text('[calendar.2027]\nholidays = ["2027-10-01..2027-10-07"]\n'
                    "workdays = [2027-09-26, 2027-10-09]\n", encoding="utf-8")
    cal = WorkCalendar.from_config(load_config(path))
    assert cal.covers(2027) and cal.uncovered_years([D("2027-10-01")]) == []
    assert not cal.is_workday(D("2027-10-01")) and cal.is_workday(D("2027-10-09"))
    # Thu 30 Sep → Fri 8 Oct: only the 8th is worked; Sun 26 Sep is a worked Sunday.
    assert cal.workdays_between(D("2027-09-30"), D("2027-10-08")).tolist() == [1]
    assert cal.workdays_between(D("2027-09-24"), D("2027-09-27")).tolist() == [2]
    assert cal.add_workdays(D("2027-09-30"), 2) == D("2027-10-09")
    assert cal.fallback_mask(D("2027-09-30"), D("2027-10-08")).tolist() == [False]


def test_user_additions_win_over_the_package():
    cal = WorkCalendar(extra_holidays=[D("2024-05-06")], extra_workdays=[D("2024-05-05")])
    assert not cal.is_workday(D("2024-05-06")) and cal.is_workday(D("2024-05-05"))
    assert cal.workdays_between(D("2024-04-30"), D("2024-05-06")).tolist() == [1]
    with pytest.raises(ValueError):
        WorkCalendar(extra_holidays=[D("2024-05-06")], extra_workdays=[D("2024-05-06")])
