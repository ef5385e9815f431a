"""The conventions of tables-2.md as column kinds: date-times, times, minutes, limits, percents,
是/否, checklists, name lists, and the option rules ≥ X, if C, exp."""
from __future__ import annotations

import pandas as pd
import pytest

from collab_xl.cells.quantities import Limit, parse_limit, parse_limits


@pytest.mark.parametrize("text, expected", [
    ("2个工作日", Limit(2, "workdays")), ("2工作日", Limit(2, "workdays")),
    ("两个工作日", Limit(2, "workdays")), ("３天", Limit(3, "days")), ("3日", Limit(3, "days")),
    ("24小时", Limit(24, "hours")), ("24h", Limit(24, "hours")), ("1.5h", Limit(1.5, "hours")),
    ("24小时内", Limit(24, "hours")), ("2 working days", Limit(2, "workdays")),
])
def test_parse_limit_reads_the_guides_limits(text, expected):
    got = parse_limit(text)
    assert got == expected
    assert type(got.amount) is type(expected.amount)


@pytest.mark.parametrize("text", ["2.5天", "-1天", "3", "", "尽快", None, 5])
def test_parse_limit_refuses_what_is_no_limit(text):
    assert parse_limit(text) is None


def test_parse_limits_column():
    d = parse_limits(pd.Series(["2个工作日", pd.NA, "尽快", "24h"], dtype="string"))
    assert d["amount"].tolist()[::3] == [2.0, 24.0]
    assert d["unit"].tolist()[::3] == ["workdays", "hours"]
    assert d["bad"].tolist() == [False, False, True, False]


# ---------------------------------------------------------------------------------------------
# Parsers

import datetime as dt  # noqa: E402

from collab_xl.catalog import TABLES  # noqa: E402
from collab_xl.catalog.conventions import TABLE as EX  # noqa: E402
from collab_xl.cells.datetimes import parse_datetimes, parse_times  # noqa: E402
from collab_xl.cells.lists import parse_checklist, parse_namelist  # noqa: E402
from collab_xl.cells.quantities import parse_minutes, parse_percents  # noqa: E402

T = pd.Timestamp


@pytest.mark.parametrize("raw, value, has_time", [
    ("2024-05-08 14:30", T("2024-05-08 14:30"), True),
    ("2024/5/8 14:30", T("2024-05-08 14:30"), True),
    ("2024.5.8 14:30", T("2024-05-08 14:30"), True),
    ("2024-05-08T14:30", T("2024-05-08 14:30"), True),
    ("2024年5月8日 14:30", T("2024-05-08 14:30"), True),
    ("2024年5月8日14时30分", T("2024-05-08 14:30"), True),
    ("2024年5月8日下午2点半", T("2024-05-08 14:30"), True),
    ("2024年5月8日晚上8点", T("2024-05-08 20:00"), True),
    ("２０２４－０５－０８　１４：３０：１５", T("2024-05-08 14:30:15"), True),
    ("2024-05-08", T("2024-05-08"), False),
    ("2024年5月8日", T("2024-05-08"), False),
    (dt.datetime(2024, 5, 8, 14, 30), T("2024-05-08 14:30"), True),
    (dt.datetime(2024, 5, 8), T("2024-05-08"), False),          # exactly 00:00: a date alone
    (45420.75, T("2024-05-08 18:00"), True),                    # a serial: its floor is the date
    (45420, T("2024-05-08"), False),
])
def test_date_times_are_read(raw, value, has_time):
    d = parse_datetimes(pd.Series([raw], dtype=object))
    assert d["value"].iloc[0] == value
    assert bool(d["hastime"].iloc[0]) is has_time
    assert not d["bad"].iloc[0] and not d["noyear"].iloc[0]


@pytest.mark.parametrize("raw, bad, noyear", [
    ("5月8日14:30", False, True), ("05-08 14:30", False, True), ("05-20", False, True),
    ("2024-05-08 25:00", True, False), ("2024-02-30 10:00", True, False), ("明天上午", True, False),
    (dt.time(14, 30), True, False),
])
def test_date_times_not_read(raw, bad, noyear):
    d = parse_datetimes(pd.Series([raw], dtype=object))
    assert pd.isna(d["value"].iloc[0])
    assert (bool(d["bad"].iloc[0]), bool(d["noyear"].iloc[0])) == (bad, noyear)


@pytest.mark.parametrize("raw, minutes", [
    ("14:30", 870), ("14:30:00", 870), ("14点30分", 870), ("下午2点半", 870), ("上午9点", 540),
    (dt.time(9, 15), 555), (0.75, 1080), (dt.datetime(2024, 5, 8, 10, 0), 600), ("2024-05-08 14:30", 870),
])
def test_times_are_read(raw, minutes):
    d = parse_times(pd.Series([raw], dtype=object))
    assert d["value"].iloc[0] == pd.Timedelta(minutes=minutes) and not d["bad"].iloc[0]


@pytest.mark.parametrize("raw", ["25:00", "下午", "2024-05-08", "开会前"])
def test_times_not_read(raw):
    assert parse_times(pd.Series([raw], dtype=object))["bad"].iloc[0]


def test_minutes_and_percents():
    raw = pd.Series([15, "15分钟", "15min", "1小时", "1.5h", "1小时30分", "半小时", "很久"], dtype=object)
    m = parse_minutes(raw, raw.astype("string"))
    assert m["value"].tolist()[:7] == [15, 15, 15, 60, 90, 90, 30]
    assert m["bad"].tolist() == [False] * 7 + [True]
    raw = pd.Series(["50%", 50, 0.5, "0.5", "５０％", 1, "一半"], dtype=object)
    p = parse_percents(raw, raw.astype(str).astype("string"))
    assert p["value"].tolist()[:6] == [0.5, 0.5, 0.5, 0.5, 0.5, 1.0]
    assert p["bad"].tolist() == [False] * 6 + [True]


def test_checklist_items_and_aliases():
    items = ("营业执照", "行业资质", "过往案例(案例)", "供货能力", "预算")
    raw = pd.Series(["营业执照、行业资质\n案例3个；供货能力说明+预算≤20万元", "营业执照/行业资质 案例"], dtype=object)
    d = parse_checklist(raw, raw.astype("string"), items)
    assert d["missing"].tolist() == ["", "供货能力、预算"]
    assert d["value"].iloc[0] == ("营业执照", "行业资质", "案例3个", "供货能力说明", "预算≤20万元")


def test_name_lists():
    raw = pd.Series(["张三、李 四/王五\n赵六", "全员", "Ａ君,张三,张三"], dtype=object)
    d = parse_namelist(raw, raw.astype("string"))
    assert d["value"].tolist() == [("张三", "李四", "王五", "赵六"), ("全员",), ("A君", "张三")]
    assert d["everyone"].tolist() == [False, True, False]


# ---------------------------------------------------------------------------------------------
# End to end: the conventions example table through the pandera schema, findings at their cells

@pytest.fixture
def check(table_grid, check_grids, monkeypatch):
    monkeypatch.setitem(TABLES, EX.key, EX)

    def run(*rows, lang="zh"):
        rep = check_grids([table_grid(EX.key, [{**EX.clean, **r} for r in rows])], lang=lang)
        return rep.findings
    return run


def _letter(header):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.key for c in EX.columns].index(header)]


def _codes(f):
    return sorted(zip(f["cell"], f["code"]))


def test_the_example_table_is_not_a_catalog_table():
    assert EX.key not in TABLES


def test_clean_rows_of_every_kind(check):
    assert check(EX.clean, {"下达时间": dt.datetime(2024, 5, 8, 14, 30), "确认时间": 45420.75,
                            "开始时刻": dt.time(9, 0), "会议时长": 45, "完成比例": 0.3,
                            "是否签到": "否", "参会人员": "全体"}).empty


@pytest.mark.parametrize("header, raw, code", [
    ("下达时间", "5月8日14:30", "CX103"), ("下达时间", "2024-05-08", "CX117"),
    ("下达时间", "下午", "CX116"), ("确认时间", "2024年5月8日下午2点", "CX118"),
    ("开始时刻", "开会前", "CX116"), ("会议时长", "很久", "CX119"), ("时限", "尽快", "CX119"),
    ("时限", "3", "CX119"), ("完成比例", "一半", "CX108"), ("是否签到", "√", "CX105"),
    ("是否签到", "Y", "CX105"), ("是否签到", "×", "CX105"), ("是否签到", "也许", "CX104"),
    ("资质材料", "营业执照、行业资质", "CX120"), ("备注", "", "CX122"),
])
def test_each_kind_reports_at_its_cell(check, header, raw, code):
    f = check({header: raw})
    assert _codes(f) == [(f"{_letter(header)}3", code)]


def test_a_time_before_the_assignment_on_the_same_day(check):
    # the assignment at 14:30; an acknowledgement at 14:00 is before it, one with no time is not
    assert _codes(check({"确认时间": "2024-05-08 14:00"})) == [(f"{_letter('确认时间')}3", "CX118")]
    assert check({"确认时间": "2024-05-08"}).empty
    # a date alone on the earlier side is read at 00:00: 05-08 09:00 is not before 05-08
    f = check({"下达时间": "2024-05-08", "确认时间": "2024-05-08 09:00"})
    assert _codes(f) == [(f"{_letter('下达时间')}3", "CX117")]
    assert _codes(check({"下达时间": "2024-05-09", "确认时间": "2024-05-08 23:00"})) == [
        (f"{_letter('下达时间')}3", "CX117"), (f"{_letter('确认时间')}3", "CX118")]


def test_conditionally_required_and_expected(check):
    f = check({"状态": "已完成", "完成说明": ""})
    assert _codes(f) == [(f"{_letter('完成说明')}3", "CX121")]
    assert f["message"].iloc[0] == "「状态」为「已完成」时「完成说明」必须填写"
    assert check({"状态": "已完成", "完成说明": "已交付"}).empty
    assert check({"状态": "进行中", "完成说明": ""}).empty


def test_messages_name_what_is_wrong_in_both_languages(check):
    f = check({"确认时间": "2024-05-08 09:00"}, lang="en")
    assert f["message"].iloc[0] == ('"2024-05-08 09:00" (Acknowledged at) is before "2024-05-08 14:30" '
                                    '(Assigned at); the times contradict each other')
    f = check({"确认时间": "2024-05-08 09:00"})
    assert f["message"].iloc[0] == "「确认时间」2024-05-08 09:00 早于「下达时间」2024-05-08 14:30,时间先后矛盾"
    f = check({"资质材料": "营业执照;过往案例"})
    assert f["message"].iloc[0] == "「资质材料」缺少必备要素:行业资质、供货能力"
    f = check({"状态": "已完成", "完成说明": ""}, lang="en")
    assert f["message"].iloc[0] == '"Completion note" is required when "Status" is "已完成"'
    f = check({"是否签到": "√"})
    assert f["message"].iloc[0] == "「√」请写成规范值「是」"


def test_prepared_values_for_the_table_rules(check, table_grid):
    from collab_xl.core.grid import find_tables
    from collab_xl.core.validate import prepare_hit
    from collab_xl.catalog import Context
    from collab_xl.config import Config
    from helpers import TODAY
    rows = [{**EX.clean, "时限": "24h", "完成比例": "80%", "是否签到": "Y"}]
    hit = find_tables(table_grid(EX.key, rows))[0]
    p, _ = prepare_hit(hit, Context(today=TODAY, config=Config.default()))
    r = p.iloc[0]
    assert r["assigned"] == T("2024-05-08 14:30") and r["assigned__hastime"]
    assert r["start_time"] == pd.Timedelta(hours=14, minutes=30)
    assert r["duration"] == 90
    assert (r["limit"], r["limit__unit"]) == (24, "hours")
    assert r["share"] == 0.8
    assert r["signed"] == "是"
    assert r["attendees"] == ("张三", "李四")


def test_a_condition_given_as_a_predicate(table_grid, check_grids, monkeypatch):
    import dataclasses
    from collab_xl.catalog.base import Table, When
    cols = tuple(dataclasses.replace(c, required_if=When(lambda df: df["share"] >= 1, ("全部完成时", "when all is done")))
                 if c.name == "note" else c for c in EX.columns)
    t = Table(key="conventions_when", number=None, title=("条件示例表", "Condition example"),
              sheet=("条件示例", "Condition example"), purpose=("", ""), columns=cols, clean=EX.clean)
    monkeypatch.setitem(TABLES, t.key, t)
    f = check_grids([table_grid(t.key, [{**EX.clean, "完成比例": "100%"}, EX.clean])], lang="en").findings
    assert _codes(f) == [(f"{_letter('完成说明')}3", "CX121")]
    assert f["message"].iloc[0] == '"Completion note" is required when all is done'


def test_times_of_day_in_order_and_a_date_time_against_a_time(table_grid, check_grids, monkeypatch):
    from collab_xl.catalog.base import Col, Kind, Table
    cols = (*EX.columns, Col("结束时刻", "end_time", "End time", kind=Kind.TIME, not_before="start_time"),
            Col("签到时间", "signed_at", "Signed in at", kind=Kind.DATETIME, not_before="start_time"))
    t = Table(key="conventions_order", number=None, title=("顺序示例表", "Order example"),
              sheet=("顺序示例", "Order example"), purpose=("", ""), columns=cols, clean=EX.clean)
    monkeypatch.setitem(TABLES, t.key, t)
    rows = [{**EX.clean, "结束时刻": "下午2点", "签到时间": "2024-05-08 08:00"},     # 14:00 before 14:30
            {**EX.clean, "结束时刻": "16:00", "签到时间": "2024-05-08 08:00"}]
    f = check_grids([table_grid(t.key, rows)]).findings
    assert sorted(zip(f["cell"], f["code"])) == [("N3", "CX118")]
