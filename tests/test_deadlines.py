"""The guide's time limits (tables-2.md, "Limits" and "Working hours"): each worked example of
the spec, the favourable reading of dates alone, working hours, and the limit parser."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from collab_xl.cells.quantities import parse_limit
from collab_xl.config import Config, config_from_mapping
from collab_xl.core import deadlines as d
from collab_xl.core.calendar import WorkCalendar

T = pd.Timestamp


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def s(*values) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), format="mixed"))


# -- the spec's worked examples (2024) -----------------------------------------------------------

def test_two_working_days_over_may_day(cal):
    due = d.due_workdays(s("2024-04-30"), 2, cal)
    assert due.iloc[0] == T("2024-05-07")          # 05-01…05 holidays, 05-06 is the 1st
    late = d.late_by(due, s("2024-05-08"), False, cal)
    assert bool(late["late"].iloc[0]) and late["workdays_late"].iloc[0] == 1
    assert pd.isna(late["hours_late"].iloc[0])      # a date due: no hours
    on_time = d.late_by(due, s("2024-05-07 17:59"), False, cal)
    assert not on_time["late"].iloc[0]


def test_start_time_never_counts_its_own_day(cal):
    # S's own day never counts, whatever its time: 08:00 or 23:00 on 04-30 give the same due
    due = d.due_workdays(s("2024-04-30 08:00", "2024-04-30 23:00"), 2, cal)
    assert list(due) == [T("2024-05-07")] * 2


def test_24_hours_run_through_a_holiday():
    assert d.due_clock(s("2024-04-30 17:00"), 24).iloc[0] == T("2024-05-01 17:00")


def test_tiaoxiu_saturday_is_a_working_day(cal):
    assert d.due_workdays(s("2024-05-10"), 2, cal).iloc[0] == T("2024-05-13")   # Sat 05-11 worked
    assert d.due_workdays(s("2024-05-18"), 2, cal).iloc[0] == T("2024-05-21")   # from a Saturday


def test_24_hours_with_dates_only(cal):
    # 下达 05-08 (a date alone: read at 24:00) → due 05-10 00:00
    due = d.due_clock(s("2024-05-08", "2024-05-08"), 24)
    assert list(due) == [T("2024-05-10 00:00")] * 2
    late = d.late_by(due, s("2024-05-09 20:00", "2024-05-10 09:00"), True, cal)
    assert list(late["late"]) == [False, True]      # 05-09 20:00 not judged late; 05-10 09:00 is
    assert late["hours_late"].iloc[1] == 9.0
    assert late["days_late"].iloc[1] == 0            # late by hours on the due's own day


def test_a_date_alone_done_is_read_at_midnight(cal):
    due = d.due_clock(s("2024-04-30 17:00", "2024-04-30 17:00"), 24)     # 05-01 17:00
    late = d.late_by(due, s("2024-05-01", "2024-05-02"), True, cal)
    assert list(late["late"]) == [False, True]
    assert late["hours_late"].iloc[1] == 7.0         # 05-02 00:00 − 05-01 17:00


def test_cx225_response_due_inside_and_outside_hours():
    cfg = Config.default()
    starts = s("2024-05-11 10:00", "2024-05-12 10:00")   # Sat 调休 (inside); Sun (outside)
    inside = d.inside_hours(starts, cfg)
    assert list(inside) == [True, False]
    hours = inside.map({True: cfg.limits.response_hours, False: cfg.limits.response_hours_off})
    assert list(d.due_clock(starts, hours)) == [T("2024-05-11 12:00"), T("2024-05-12 14:00")]


def test_hours_late_in_hours_and_halves(cal):
    due = s("2024-05-13 12:00")
    late = d.late_by(due, s("2024-05-13 15:30"), True, cal)
    assert late["hours_late"].iloc[0] == 3.5 and late["days_late"].iloc[0] == 0


# -- calendar days, mixed units, missing values ---------------------------------------------------

def test_calendar_days_compare_dates():
    due = d.due_calendar_days(s("2024-05-24 16:00", "2024-05-24"), 3)
    assert due.iloc[0] == T("2024-05-27")
    assert list(d.late_by(due, s("2024-05-27 23:00", "2024-05-28"), False)["late"]) == [False, True]


def test_due_after_per_row_units_and_missing(cal):
    start = s("2024-04-30 17:00", "2024-04-30", "2024-05-10", None, "2024-05-10")
    out = d.due_after(start, pd.Series([24, 2, 3, 2, None]),
                      pd.Series(["hours", "workdays", "days", "days", "days"]), cal)
    assert list(out["due"][:3]) == [T("2024-05-01 17:00"), T("2024-05-07"), T("2024-05-13")]
    assert out["due"][3:].isna().all()
    assert list(out["due_has_time"]) == [True, False, False, False, False]


def test_workdays_vectorized_agrees_with_the_scalar_form(cal):
    starts = pd.Series(pd.date_range("2023-12-20", "2025-02-10", freq="D"))
    for n in (0, 1, 2, 5, 10):
        got = d.due_workdays(starts, n, cal)
        want = [pd.Timestamp(cal.add_workdays(x.date(), n)) for x in starts]
        assert list(got) == want


# -- working hours -----------------------------------------------------------------------------------

def test_inside_hours_bounds_and_dates_alone():
    cfg = Config.default()
    ts = s("2024-05-13 09:00", "2024-05-13 17:59", "2024-05-13 18:00", "2024-05-13 08:59",
           "2024-05-01 10:00", "2024-05-13", None)
    got = d.inside_hours(ts, cfg)
    assert list(got[:5]) == [True, True, False, False, False]   # 05-01 is a holiday
    assert got[5:].isna().all()                                  # no time: cannot be told


def test_afternoon_and_configured_hours():
    cfg = config_from_mapping({"hours": {"start": "08:30", "end": "17:30", "afternoon": "13:30"}})
    ts = s("2024-05-17 13:29", "2024-05-17 13:30", "2024-05-17 17:30", "2024-05-17 08:30")
    assert list(d.afternoon(ts, cfg)) == [False, True, False, False]
    assert list(d.inside_hours(ts, cfg)) == [True, True, False, True]
    assert d.afternoon(s("2024-05-17 14:00"), Config.default()).iloc[0]


def test_configured_calendar_decides_inside_hours():
    cfg = config_from_mapping({"calendar": {"holidays": ["2024-05-13"]}})
    assert not d.inside_hours(s("2024-05-13 10:00"), cfg).iloc[0]


# -- limits --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ("2个工作日", (2, "workdays")), ("2工作日", (2, "workdays")), ("２个工作日", (2, "workdays")),
    ("3天", (3, "days")), ("3日", (3, "days")), ("24小时", (24, "hours")), ("24h", (24, "hours")),
    ("1.5小时", (1.5, "hours")), (" 48 H ", (48, "hours")), ("2个工作日内", (2, "workdays")),
])
def test_parse_limit_reads_the_guides_forms(text, want):
    amount, unit = parse_limit(text)
    assert (amount, unit) == want


@pytest.mark.parametrize("text", ["2", "两天半", "1.5天", "-2天", "周五前", "", None, 24])
def test_parse_limit_refuses_what_is_not_a_limit(text):
    assert parse_limit(text) is None
