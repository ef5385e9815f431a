"""The late view in hours (tables-2.md "Late lines"): a Late line whose due is computed from a start
and a limit (``Late.after``), a due with a time late by hours beside days and working days, and the
JSON keys docs/late.md documents. No shipped table declares one yet, so a test-only table does: 表3's
found rows under a Late line "沟通时间 + 2 h (4 h outside working hours), done = 实际完成时间, for rows
with a 后续行动"."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pandas as pd
import pytest

from collab_xl.app.late import M, build, late_sheet, to_doc
from collab_xl.catalog import TABLES, After, Context, Late
from collab_xl.config import Config, config_from_mapping
from collab_xl.core import deadlines
from collab_xl.core.calendar import WorkCalendar
from collab_xl.core.late import find_late
from collab_xl.core.late_math import late_frame
from collab_xl.core.validate import validate_grids

from late_workbooks import grids

D = dt.date.fromisoformat
T = pd.Timestamp


def t3(**kw):
    row = {"客户名称": "甲公司", "客户行业": "制造业", "对接人": "刘总/采购经理/13900139000", "沟通时间": "2024-05-13",
           "沟通方式": "电话", "沟通内容": "咨询:报价", "后续行动": "答复报价", "负责人": "王五", "完成时间": "2024-05-20"}
    row.update(kw)
    return row


def response_limit(frame: pd.DataFrame, config) -> pd.DataFrame:
    inside = deadlines.inside_hours(frame["when"], config)
    hours = inside.map({True: config.limits.response_hours}).fillna(config.limits.response_hours_off)
    return pd.DataFrame({"amount": hours.astype(float), "unit": "hours"}, index=frame.index)


RESPONSE = Late(None, "done", item=("customer", "action"), owner="owner",
                after=After("when", limit_at=response_limit),
                applies=lambda f, cfg: f["action__text"].notna())
FEEDBACK = Late(None, "done", item=("customer",), owner="owner", after=After("when", "feedback_workdays", "workdays"))


def found(rows, times, dones, late_line, today="2024-06-05", config=None):
    """表3 rows validated, their 沟通时间 / 实际完成时间 given times (as a date-time column would
    hold them), under a test-only table with ``late_line``."""
    config = config or Config.default()
    ctx = Context(today=D(today), config=config)
    rep = validate_grids("t.xlsx", grids({"customer_log": rows}), ctx, "zh")
    res = rep.results[0]
    prepared = res.prepared.copy()
    prepared["when"] = pd.to_datetime(pd.Series(times, index=prepared.index), format="mixed")
    prepared["done"] = pd.to_datetime(pd.Series(dones, index=prepared.index), format="mixed")
    table = dataclasses.replace(TABLES["customer_log"], late=late_line)
    res = dataclasses.replace(res, hit=dataclasses.replace(res.hit, table=table), prepared=prepared)
    rep = dataclasses.replace(rep, results=[res])
    return rep, find_late(rep, ctx.today, config)


def by_row(frame):
    return {int(r): rec for r, rec in zip(frame["row"], frame.to_dict("records"))}


def test_response_due_in_clock_hours_is_late_by_hours():
    rep, got = found(
        [t3(), t3(客户名称="乙公司"), t3(客户名称="丙公司"), t3(客户名称="丁公司"), t3(客户名称="戊公司", 后续行动="", 负责人="")],
        ["2024-05-13 10:00", "2024-05-12 10:00", "2024-05-11 10:00", "2024-05-13 16:30", "2024-05-13 10:00"],
        ["2024-05-13 13:30", "2024-05-12 13:59", "2024-05-11 12:00", None, None],
        RESPONSE)
    rows = by_row(got.items)
    # row 3: Mon 10:00 inside → due 12:00, answered 13:30: 1.5 h, 0 days late
    assert rows[3]["status"] == "late" and rows[3]["hours_late"] == 1.5
    assert (rows[3]["days_late"], rows[3]["workdays_late"]) == (0, 0) and rows[3]["timed"]
    # row 4: Sun 10:00 outside → due 14:00, answered 13:59: on time; row 5: Sat 调休 inside → 12:00 on time
    assert 4 not in rows and 5 not in rows
    # row 6: Mon 16:30 → due 18:30, never answered: overdue to today 00:00
    assert rows[6]["status"] == "overdue"
    assert rows[6]["hours_late"] == (T("2024-06-05") - T("2024-05-13 18:30")) / pd.Timedelta(hours=1)
    assert 7 not in rows                                      # no follow-up: the line does not apply


def test_workdays_after_a_start_is_a_date_due_without_hours():
    _, got = found([t3(), t3(客户名称="乙公司")], ["2024-04-30 17:00", "2024-05-10"],
                   ["2024-05-08 09:00", "2024-05-13 20:00"], FEEDBACK)
    rows = by_row(got.items)
    assert sorted(rows) == [3]                               # 05-10 + 2 working days = 05-13 (Sat 05-11 worked)
    assert rows[3]["due"] == T("2024-05-07") and rows[3]["workdays_late"] == 1
    assert not rows[3]["timed"] and pd.isna(rows[3]["hours_late"])


def test_configured_limit_moves_the_due():
    cfg = config_from_mapping({"limits": {"feedback_workdays": 3}})
    _, got = found([t3()], ["2024-04-30"], ["2024-05-08"], FEEDBACK, config=cfg)
    assert got.items.empty                                   # due 05-08 now


def test_json_and_sheet_show_hours_only_for_timed_dues():
    rep, got = found([t3(), t3(客户名称="乙公司")], ["2024-05-13 10:00", "2024-05-13 10:00"],
                     ["2024-05-13 13:30", None], RESPONSE)
    doc = to_doc(got, "t.xlsx", "zh")
    first = next(i for i in doc["items"] if i["row"] == 3)
    assert first["due"] == "2024-05-13" and first["due_at"] == "2024-05-13T12:00"
    assert first["done_at"] == "2024-05-13T13:30" and first["hours_late"] == 1.5
    json.dumps(doc)                                          # plain JSON values
    sheet = late_sheet(got, "t.xlsx", "zh", Config.default())
    assert sheet.header[-1] == "逾期小时"
    row = next(r for r in sheet.rows if r and r[3] == 3)
    assert row[7] == "2024-05-13 12:00" and row[12] == 1.5
    assert any("逾期小时" in line[0] for line in sheet.footer)
    en = late_sheet(got, "t.xlsx", "en", Config.default())
    assert en.header[-1] == "Hours late"
    assert M("hours", "zh", h="3.5") == "逾期 3.5 小时" and M("hours", "en", h="3.5") == "3.5 hours late"


def test_a_sheet_without_timed_dues_keeps_its_columns():
    _, got = found([t3()], ["2024-04-30"], ["2024-05-08"], FEEDBACK)
    sheet = late_sheet(got, "t.xlsx", "zh", Config.default())
    assert len(sheet.header) == 12 and "hours_late" not in to_doc(got, "t.xlsx", "zh")["items"][0]


def test_late_frame_hours_beside_days():
    cal = WorkCalendar()
    due = pd.Series(pd.to_datetime(["2024-05-01 17:00", "2024-05-01 17:00", "2024-05-10", "2024-05-01 17:00"], format="mixed"))
    done = pd.Series(pd.to_datetime(["2024-05-02 08:30", "2024-05-01 16:00", "2024-05-13 09:00", None], format="mixed"))
    timed = pd.Series([True, True, False, True])
    lf = late_frame(due, done, D("2024-05-20"), cal, due_has_time=timed)
    assert list(lf["status"].fillna("")) == ["late", "", "late", "overdue"]
    assert lf["hours_late"][0] == 15.5 and (lf["days_late"][0], lf["workdays_late"][0]) == (1, 0)   # 05-02 a holiday
    assert pd.isna(lf["hours_late"][2])                      # a date due: days only
    assert lf["hours_late"][3] == 18 * 24 + 7                # to today (05-20) 00:00
    # without due_has_time the same dues compare dates, as before
    assert list(late_frame(due, done, D("2024-05-20"), cal)["status"].fillna("")) == ["late", "", "late", "overdue"]
    same_day = late_frame(due[:1], pd.Series(pd.to_datetime(["2024-05-01 18:00"])), D("2024-05-20"), cal)
    assert same_day["status"].isna().all()                  # dates only: the same day is on time
    timed_same_day = late_frame(due[:1], pd.Series(pd.to_datetime(["2024-05-01 18:00"])), D("2024-05-20"), cal,
                                due_has_time=pd.Series([True]))
    assert timed_same_day["status"][0] == "late" and timed_same_day["hours_late"][0] == 1.0
