"""A date-time's date is the day it falls on: 2024-05-08 18:00 is the 8th however the cell holds
it (a date cell, a serial number 45420.75 in a General cell, text), never rounded to the 9th."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from collab_xl.cells.parse import parse_dates
from late_workbooks import write

DUE = dt.date(2024, 5, 8)           # a Wednesday, a working day


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in."""


def t4(stage, due, done):
    return {"合作项目": "品牌升级", "合作伙伴": "乙广告公司", "项目阶段": stage, "我方负责人": "王五",
            "合作伙伴负责人": "钱七", "计划完成时间": due, "实际完成时间": done, "交付物": f"{stage}交付物"}


def test_done_at_6pm_on_the_due_day_is_not_late(tmp_path, cli):
    book = write(tmp_path / "进度.xlsx", {"partner_progress": [
        t4("设计", DUE, dt.datetime(2024, 5, 8, 18, 0)),       # a date-time cell
        t4("印刷", DUE, 45420.75),                             # the same as a serial in a General cell
        t4("投放", DUE, 45420.999),                            # 23:58:33
        t4("复盘", DUE, "2024-05-08 18:00"),                   # typed as text
        t4("总结", DUE, 45421.25),                             # 2024-05-09 06:00: one day late
    ]})
    code, out, err = cli("late", book, "--today", "2024-06-05", "--format", "json")
    doc = json.loads(out)
    assert code == 1, err
    assert [(i["row"], i["due"], i["done"], i["days_late"]) for i in doc["items"]] == [(7, "2024-05-08", "2024-05-09", 1)]


def test_serials_are_floored_after_rounding_to_the_millisecond():
    got = parse_dates(pd.Series([45420.0, 45420.25, 45420.5, 45420.75, 45420.9999884, 45420.99999999999,
                                 10000.0, 9999.999999999998, 9999.5, 79999.9, 80000.0, -45420.75], dtype=object))
    days = [None if pd.isna(v) else v.date().isoformat() for v in got["value"]]
    assert days == ["2024-05-08"] * 5 + [
        "2024-05-09",        # a hair below midnight (arithmetic noise): the next day, as Excel shows it
        "1927-05-18",        # serial 10000, the first read as a date
        "1927-05-18",        # …also when stored a hair below it
        None,                # below 10000: a number, not a date
        "2119-01-10",
        None, None,          # from 80000 and negative: not dates
    ]
    assert got["bad"].tolist() == [False] * 8 + [True, False, True, True]
