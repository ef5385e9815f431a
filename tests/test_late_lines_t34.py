"""The Late lines of tables-2.md for 表3 and 表4.

* 表4's phase line (``partner_progress.TABLE.late``): due = 调整后完成时间 if filled, else
  计划完成时间 (it replaces tables.md's), through the command line.
* 表3's response line (``customer_log.RESPONSE_LATE``: 沟通时间 + 2 h / 4 h, done = 首次响应时间,
  咨询/投诉 only, late by hours) and 表4's feedback line (``partner_progress.FEEDBACK_LATE``:
  实际完成时间 + 2 working days, done = 我方反馈时间, rows naming a submission) are second lines of
  their tables; a table holds one line until the late view takes several, so these tests run the
  late view with the line swapped in (as tests/test_late_hours.py does)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pandas as pd
import pytest

from collab_xl.app.late import to_doc
from collab_xl.catalog import TABLES, Context
from collab_xl.catalog.customer_log import RESPONSE_LATE
from collab_xl.catalog.partner_progress import FEEDBACK_LATE
from collab_xl.config import Config, config_from_mapping
from collab_xl.core.late import find_late
from collab_xl.core.validate import validate_grids

from late_workbooks import grids, write

D = dt.date.fromisoformat
T = pd.Timestamp


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in."""


def t3(**kw):
    row = {"客户名称": "甲公司", "客户行业": "制造业", "对接人": "刘总/采购经理/13900139000", "沟通时间": "2024-05-13 10:00",
           "沟通方式": "电话", "沟通内容": "咨询:报价", "专属对接人": "王五", "事项类型": "咨询"}
    row.update(kw)
    return row


def t4(**kw):
    row = {"合作项目": "品牌升级", "合作伙伴": "乙广告公司", "项目阶段": "设计", "我方负责人": "王五/市场部",
           "合作伙伴负责人": "钱七/设计总监", "计划完成时间": "2024-05-20", "实际完成时间": "2024-05-20",
           "交付物": "设计方案"}
    row.update(kw)
    return row


def late_with(key, line, rows, today="2024-06-05", config=None):
    """The late view of ``rows`` of table ``key`` with ``line`` as the table's Late line."""
    config = config or Config.default()
    ctx = Context(today=D(today), config=config)
    rep = validate_grids("t.xlsx", grids({key: rows}), ctx, "zh")
    res = rep.results[0]
    table = dataclasses.replace(TABLES[key], late=line)
    res = dataclasses.replace(res, hit=dataclasses.replace(res.hit, table=table))
    rep = dataclasses.replace(rep, results=[res])
    return find_late(rep, ctx.today, config)


def by_row(frame):
    return {int(r): rec for r, rec in zip(frame["row"], frame.to_dict("records"))}


# -- 表3: response within 2 h / 4 h, late by hours ----------------------------------------------

def test_response_line_is_late_by_clock_hours():
    got = late_with("customer_log", RESPONSE_LATE, [
        t3(沟通时间="2024-05-11 10:00", 首次响应时间="2024-05-11 13:30"),   # Sat 调休: due 12:00, 1.5 h late
        t3(沟通时间="2024-05-12 10:00", 首次响应时间="2024-05-12 14:00"),   # Sun: due 14:00, on time
        t3(沟通时间="2024-05-13 17:00", 首次响应时间="2024-05-14 09:00"),   # inside: due 19:00, 14 h late
        t3(沟通时间="2024-05-13 10:00", 事项类型="投诉"),                     # never answered: overdue
        t3(沟通时间="2024-05-13 10:00", 事项类型="需求"),                     # not a 咨询/投诉
        t3(沟通时间="2024-05-13 10:00", 首次响应时间="2024-05-13 11:00", 事项类型=""),
    ])
    rows = by_row(got.items)
    assert sorted(rows) == [3, 5, 6]
    assert rows[3]["status"] == "late" and rows[3]["hours_late"] == 1.5 and rows[3]["due"] == T("2024-05-11 12:00")
    assert rows[5]["status"] == "late" and rows[5]["hours_late"] == 14.0 and rows[5]["days_late"] == 1
    assert rows[6]["status"] == "overdue" and rows[6]["timed"]
    assert rows[3]["owner"] == "王五" and rows[3]["item"] == "首次响应:甲公司 / 咨询:报价" and rows[3]["line"] == "first response"


def test_response_line_in_the_json_document():
    got = late_with("customer_log", RESPONSE_LATE, [t3(沟通时间="2024-05-11 10:00", 首次响应时间="2024-05-11 13:30")])
    item = to_doc(got, "t.xlsx", "zh")["items"][0]
    assert (item["due_at"], item["done_at"], item["hours_late"]) == ("2024-05-11T12:00", "2024-05-11T13:30", 1.5)


def test_response_line_reads_the_configured_hours_and_calendar():
    cfg = config_from_mapping({"limits": {"response_hours": 1}, "calendar": {"holidays": ["2024-05-13"]}})
    got = late_with("customer_log", RESPONSE_LATE, [
        t3(沟通时间="2024-05-14 10:00", 首次响应时间="2024-05-14 11:30"),   # inside: 1 h now, late
        t3(沟通时间="2024-05-13 10:00", 首次响应时间="2024-05-13 13:30"),   # a configured holiday: 4 h
    ], config=cfg)
    assert sorted(by_row(got.items)) == [3]


# -- 表4: the phase line (the table's line) ----------------------------------------------------

PHASES = [
    t4(实际完成时间="2024-05-24", 延期原因="我方需求变更", 调整后完成时间="2024-05-25"),   # on time
    t4(实际完成时间="2024-05-28", 延期原因="我方需求变更", 调整后完成时间="2024-05-25"),   # 3 days late
    t4(实际完成时间="2024-05-22", 延期原因="其他"),                                      # against 计划: 2
    t4(实际完成时间="", 延期原因="我方需求变更", 调整后完成时间="2024-06-20"),            # not due yet
    t4(实际完成时间="", 延期原因="我方需求变更", 调整后完成时间="下月"),                   # unreadable: unchecked
]


def test_phase_due_is_the_adjusted_date_when_filled(tmp_path, cli):
    book = write(tmp_path / "表4.xlsx", {"partner_progress": PHASES})
    code, out, err = cli("late", book, "--today", "2024-06-05", "--format", "json")
    doc = json.loads(out)
    assert code == 1, err
    assert [(i["row"], i["due"], i["days_late"]) for i in doc["items"]] == [(4, "2024-05-25", 3), (5, "2024-05-20", 2)]
    # an unreadable 调整后完成时间 is not guessed (not read as "no adjustment"): the row is unchecked
    assert list(late_with("partner_progress", TABLES["partner_progress"].late, PHASES).unchecked["row"]) == [7]


def test_phase_line_without_the_added_columns_is_as_shipped(tmp_path, cli):
    added = tuple(c.key for c in TABLES["partner_progress"].columns if c.added)
    book = write(tmp_path / "表4.xlsx", {"partner_progress": [t4(实际完成时间="2024-05-22"), t4(实际完成时间="")]},
                 drop={"partner_progress": added})
    doc = json.loads(cli("late", book, "--today", "2024-06-05", "--format", "json")[1])
    assert [(i["row"], i["status"], i["due"], i["days_late"]) for i in doc["items"]] == [
        (4, "overdue", "2024-05-20", 16), (3, "late", "2024-05-20", 2)]
    assert "hours_late" not in doc["items"][0]


# -- 表4: feedback within 2 working days of a submission ---------------------------------------

def test_feedback_line_for_submissions_only():
    got = late_with("partner_progress", FEEDBACK_LATE, [
        t4(项目阶段="初稿提交", 实际完成时间="2024-05-18", 我方反馈时间="2024-05-22"),  # due 05-21: 1 day late
        t4(项目阶段="初稿提交", 实际完成时间="2024-05-18", 我方反馈时间="2024-05-21"),  # on time
        t4(项目阶段="设计", 交付物="海报定稿", 实际完成时间="2024-05-10"),                # 稿, no feedback: overdue
        t4(项目阶段="设计", 实际完成时间="2024-05-10"),                                    # no keyword: not listed
        t4(项目阶段="阶段成果提交", 实际完成时间=""),                                       # not submitted yet
    ])
    rows = by_row(got.items)
    assert sorted(rows) == [3, 5]
    assert rows[3]["status"] == "late" and rows[3]["due"] == T("2024-05-21") and rows[3]["workdays_late"] == 1
    assert rows[5]["status"] == "overdue" and rows[5]["due"] == T("2024-05-13")     # Sat 05-11 worked
    assert not rows[3]["timed"]


def test_feedback_keywords_from_the_configuration():
    cfg = config_from_mapping({"partner": {"feedback_keywords": ["方案"]}})
    got = late_with("partner_progress", FEEDBACK_LATE, [
        t4(项目阶段="初稿提交", 交付物="海报", 实际完成时间="2024-05-18"),
        t4(项目阶段="设计", 交付物="设计方案", 实际完成时间="2024-05-18")], config=cfg)
    assert sorted(by_row(got.items)) == [4]
