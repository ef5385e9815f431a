"""会议登记表 (meetings): the meeting's end and length, CX291–CX296, the per-type 纪要要素, CX118
against the end, the minutes Late line around the 2024 May Day holiday and the 调休 days, the
cross-table rules CX203 (表1) and CX235 (表4) — in one workbook and across two files — and an
office worker's sheet (title row, merged project cells, 下午2点半) on the command line and
through the Excel remote engine, with the same findings on the same cells."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from collab_xl.catalog import TABLES
from helpers import grid, validate, write_book

T1 = TABLES["cross_dept"].clean
M = TABLES["meetings"].clean


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in."""


def meeting(**values) -> dict:
    """A meeting row: the catalog's clean 启动会 with these columns changed (keys = header keys)."""
    return {**M, "纪要发送时间": "", **values}


def found(rows, *others, today=dt.date(2024, 6, 5)):
    """(cell, code, message) of the meetings sheet's findings, with other tables' grids beside it."""
    rep = validate([grid("meetings", rows), *others], today=today)
    f = rep.findings
    f = f[f["table"] == "meetings"]
    return [(c, k, m) for c, k, m in zip(f["cell"], f["code"], f["message"])]


def codes(rows, *others, **kw):
    return [(c, k) for c, k, _ in found(rows, *others, **kw)]


# -- end and length --------------------------------------------------------------------------

def test_minutes_due_24_clock_hours_after_the_end_holidays_included():
    """End = 会议日期 + 结束时间, else 开始时间 + 时长, else 开始时间; minutes for a 启动会 / 双方会议
    are due 24 clock hours later, over the May Day holiday too."""
    rows = [
        meeting(会议日期="2024-04-30", 开始时间="15:00", 结束时间="17:00", 纪要发送时间="2024-05-01 17:00"),  # on time
        meeting(会议日期="2024-04-30", 开始时间="15:00", 结束时间="17:00", 纪要发送时间="2024-05-01 17:01"),  # late
        # no end: 开始时间 + 时长 = 16:30, due 05-01 16:30
        meeting(会议日期="2024-04-30", 开始时间="15:00", 结束时间="", 时长="1.5h", 纪要发送时间="2024-05-01 16:45"),
        # neither: the start, 15:00
        meeting(会议日期="2024-04-30", 开始时间="下午3点", 结束时间="", 时长="", 纪要发送时间="2024年5月1日下午3点半"),
        # a date alone is read at 00:00: 05-01 is on time for an end on 04-30
        meeting(会议日期="2024-04-30", 开始时间="15:00", 结束时间="17:00", 纪要发送时间="2024-05-01"),
        # 复盘会 minutes have no 24-hour limit
        meeting(会议类型="复盘会", 关联节点="中期验收", 纪要要素="已完成成果、未达标事项、改进措施",
                会议日期="2024-04-30", 开始时间="15:00", 结束时间="17:00", 纪要发送时间="2024-05-08 10:00"),
    ]
    got = [(c, k, m) for c, k, m in found(rows) if k == "CX292"]
    assert [c for c, _, _ in got] == ["J4", "J5", "J6"]
    assert got[0][2] == ("启动会的纪要发送时间「2024-05-01 17:01」晚于会议结束(2024-04-30 17:00)后 24 小时,"
                         "应在 2024-05-01 17:00 前发送")
    assert "应在 2024-05-01 16:30 前发送" in got[1][2] and "应在 2024-05-01 15:00 前发送" in got[2][2]
    # the 05-01 date alone: CX117 (a time is needed), not CX292
    assert ("J7", "CX117") in codes(rows)


def test_minutes_not_before_the_end():
    rows = [meeting(会议日期="2024-05-06", 开始时间="09:30", 结束时间="10:30", 纪要发送时间="2024-05-06 10:29"),
            meeting(会议日期="2024-05-06", 开始时间="09:30", 结束时间="10:30", 纪要发送时间="2024-05-06 10:30"),
            # a date alone on the meeting's day is read at 24:00: not before
            meeting(会议日期="2024-05-06", 开始时间="09:30", 结束时间="10:30", 纪要发送时间="2024-05-06"),
            meeting(会议日期="2024-05-06", 开始时间="09:30", 结束时间="10:30", 纪要发送时间="2024-05-05 18:00"),
            # 结束时间 before 开始时间 is the generic CX118 on 结束时间
            meeting(会议日期="2024-05-06", 开始时间="10:30", 结束时间="09:30", 纪要发送时间="2024-05-06 12:00")]
    got = [(c, k) for c, k in codes(rows) if k == "CX118"]
    assert got == [("J3", "CX118"), ("J6", "CX118"), ("E7", "CX118")]


def test_standup_and_demo_lengths():
    rows = [meeting(会议类型="每日站会", 开始时间="9:00", 结束时间="9:15", 时长=""),      # 15: fine
            meeting(会议类型="每日站会", 开始时间="9:00", 结束时间="9:16", 时长="10"),    # the clock wins: 16
            meeting(会议类型="演示", 开始时间="14:00", 结束时间="", 时长="1小时"),         # 60
            meeting(会议类型="演示", 开始时间="14:00", 结束时间="", 时长="15分钟"),
            meeting(会议类型="周例会", 会议日期="2024-05-10", 开始时间="14:00", 结束时间="17:00", 时长="")]
    got = [(c, m) for c, k, m in found(rows) if k == "CX293"]
    assert got == [("E4", "每日站会开了 16 分钟,超过 15 分钟"), ("F5", "演示开了 60 分钟,超过 15 分钟")]


# -- checklists per type ---------------------------------------------------------------------

def test_minutes_items_depend_on_the_meeting_type():
    rows = [meeting(纪要要素="谁负责、做什么、何时完成", 纪要发送时间="2024-05-06 17:00"),       # 启动会: no 如何反馈
            meeting(会议类型="复盘会", 关联节点="中期验收", 纪要要素="负责人、任务、完成时间、反馈方式",
                    纪要发送时间="2024-05-06 17:00"),                                        # a kick-off's items
            meeting(会议类型="双方会议", 关联节点="初稿提交", 纪要要素="会议结论", 纪要发送时间="2024-05-06 17:00"),
            meeting(会议类型="复盘会", 关联节点="中期验收", 纪要要素="", 纪要发送时间="2024-05-06 17:00"),
            meeting(会议类型="复盘会", 关联节点="中期验收", 纪要要素="已完成成果、未达标事项、改进措施")]
    got = found(rows)
    assert [(c, k) for c, k, _ in got] == [("I3", "CX120"), ("I4", "CX120"), ("I6", "CX121"), ("J7", "CX122")]
    assert got[0][2] == "「纪要要素」缺少必备要素:反馈方式"
    assert got[1][2] == "「纪要要素」缺少必备要素:已完成成果、未达标事项、改进措施"


# -- gaps and the Friday afternoon ----------------------------------------------------------------

def standup(day, project="客户管理系统升级"):
    return meeting(项目名称=project, 会议类型="每日站会", 会议日期=day, 开始时间="9:00", 结束时间="9:15", 时长="")


def test_standup_days_on_the_working_day_calendar():
    """The 调休 Sunday 04-28 and Saturday 05-11 are working days; May Day 05-01…05 is not."""
    rows = [standup("2024-04-26"), standup("2024-04-29"), standup("2024-04-30"), standup("2024-05-06"),
            standup("2024-05-10"), standup("2024-05-13"),
            standup("2024-05-06", "另一项目"), standup("2024-05-08", "另一项目")]
    got = [(c, m) for c, k, m in found(rows) if k == "CX294"]
    assert got == [("C4", "上一次每日站会之后,这些工作日没有开站会:04-28(共 1 个)"),
                   ("C7", "上一次每日站会之后,这些工作日没有开站会:05-07、05-08、05-09(共 3 个)"),
                   ("C8", "上一次每日站会之后,这些工作日没有开站会:05-11(共 1 个)"),
                   ("C10", "上一次每日站会之后,这些工作日没有开站会:05-07(共 1 个)")]


def test_daily_as_calendar_days(tmp_path, cli, table_rows):
    (tmp_path / "collab-xl.toml").write_text('[limits]\ndaily = "days"\n', encoding="utf-8")
    book = write_book(tmp_path / "会议.xlsx", {"会议登记": table_rows("meetings", [
        standup("2024-04-30"), standup("2024-05-06")])})
    code, out, err = cli("validate", book, "--today", "2024-06-05", "--format", "json",
                         "--config", tmp_path / "collab-xl.toml")
    assert code == 0, err          # warnings only
    (f,) = json.loads(out)["findings"]
    assert f["cell"] == "C4" and f["message"] == ("上一次每日站会之后,这些天没有开站会:"
                                                  "05-01、05-02、05-03、05-04、05-05(共 5 个)")


def weekly(day, start="14:30", project="客户管理系统升级"):
    return meeting(项目名称=project, 会议类型="周例会", 会议日期=day, 开始时间=start, 结束时间="", 时长="60")


def test_weekly_meeting_on_friday_afternoon_or_any_afternoon_of_a_holiday_week():
    rows = [weekly("2024-04-26", "12:00"),           # Friday 12:00: afternoon
            weekly("2024-04-26", "11:59"),           # morning
            weekly("2024-04-26", "18:00"),           # after hours
            weekly("2024-04-30", "下午2点半"),        # Friday 05-03 is a holiday: Tuesday afternoon will do
            weekly("2024-05-03", "14:30"),           # …but not on the holiday itself
            weekly("2024-05-09", "14:30"),           # Thursday of a working Friday's week
            weekly("2024-05-10", "下午2点半")]
    got = [(c, k) for c, k in codes(rows) if k == "CX295"]
    assert got == [("C4", "CX295"), ("C5", "CX295"), ("C7", "CX295"), ("C8", "CX295")]
    assert "该周周五为 2024-05-03" in dict((c, m) for c, k, m in found(rows) if k == "CX295")["C7"]


def test_weeks_without_a_weekly_meeting():
    rows = [weekly("2024-04-26"), weekly("2024-05-10"), weekly("2024-05-17"), weekly("2024-05-31"),
            weekly("2024-05-10", project="另一项目")]
    got = [(c, m) for c, k, m in found(rows) if k == "CX296"]
    # the May Day week still has 04-29 and 04-30 to work
    assert got == [("C4", "上一次周例会之后,这些周没有开周例会:04-29~05-05(共 1 周)"),
                   ("C6", "上一次周例会之后,这些周没有开周例会:05-20~05-26(共 1 周)")]


# -- across tables -----------------------------------------------------------------------------

def t1(*rows):
    return grid("cross_dept", [{**T1, "关键里程碑": "", **r} for r in rows])


def test_kick_off_attendees_against_the_projects_people_in_table_1():
    people = t1({"对接人": "王强/技术部/13912345678", "部门负责人": "刘洋"},
                {"项目名称": "", "协作部门": "市场部", "对接人": "陈 晨/市场部/13688889999", "部门负责人": ""},
                {"项目名称": "别的项目", "协作部门": "市场部", "对接人": "周敏/市场部/135", "部门负责人": "吴芳"})
    rows = [meeting(参会人员="王强、刘洋"),
            meeting(参会人员="王强,刘洋,陈晨,李明"),
            meeting(参会人员="全体"),
            meeting(项目名称=" 年度新品发布会 ", 参会人员="刘洋"),           # the key is trimmed
            meeting(项目名称="不在表1的项目", 参会人员="刘洋"),
            meeting(会议类型="周例会", 会议日期="2024-05-10", 开始时间="14:30", 参会人员="刘洋")]
    got = [(c, m) for c, k, m in found(rows, people) if k == "CX291"]
    assert got == [("G3", "启动会的参会人员缺少表1中该项目的:陈晨"), ("G6", "启动会的参会人员缺少表1中该项目的:王强、陈晨")]
    assert not [k for k in codes(rows) if k[1] == "CX291"]        # no 表1: not checked


def test_kick_off_attendees_typed_with_spaces_between_names():
    """An office worker separates names with spaces as often as with 、: "王强 刘洋" are two people;
    a space inside one name ("陈　晨", padded to line up) keeps it one name."""
    people = t1({"对接人": "王强/技术部/13912345678", "部门负责人": "刘洋"},
                {"项目名称": "", "协作部门": "市场部", "对接人": "陈晨/市场部/13688889999", "部门负责人": ""})
    rows = [meeting(参会人员="王强 刘洋 陈晨 李明"),
            meeting(参会人员="王强、刘洋、陈　晨"),
            meeting(参会人员="王强 刘洋")]
    got = [(c, m) for c, k, m in found(rows, people) if k == "CX291"]
    assert got == [("G5", "启动会的参会人员缺少表1中该项目的:陈晨")]


def test_meeting_types_as_an_office_worker_names_them():
    """项目启动会, 站会, 周会, 复盘 and the template's English labels are read as the 会议类型 they
    name (no CX104), so the type's rules run on them; an unknown type is still CX104."""
    rows = [meeting(会议类型="项目启动会", 参会人员="王强"),                                   # CX291
            meeting(会议类型="站会", 开始时间="09:00", 结束时间="09:20", 参会人员="", 纪要要素=""),  # CX293
            meeting(会议类型="周会", 会议日期="2024-05-08", 开始时间="14:00", 结束时间="15:00",
                    参会人员="", 纪要要素="", 纪要发送时间=""),                                   # CX295
            meeting(会议类型="Kick-off", 参会人员="王强、刘洋"),
            meeting(会议类型="碰头会", 参会人员="", 纪要要素="")]                                  # CX104
    got = codes(rows, t1({"对接人": "王强/技术部/13912345678", "部门负责人": "刘洋"}))
    assert got == [("G3", "CX291"), ("E4", "CX293"), ("C5", "CX295"), ("B7", "CX104")]


def review(node, project="年度新品发布会", kind="复盘会"):
    return meeting(项目名称=project, 会议类型=kind, 关联节点=node, 纪要要素="已完成成果、未达标事项、改进措施",
                   会议日期="2024-05-20", 开始时间="14:00", 结束时间="15:00", 时长="", 纪要发送时间="2024-05-20 17:00")


def test_cx203_a_done_milestone_and_its_review_meeting():
    rows = [{**T1, "关键里程碑": "功能演示彩排"},                                         # done, reviewed
            {**T1, "协作部门": "市场部", "对接人": "陈晨/市场部/136", "关键里程碑": "中期验收"},  # done, no review
            {**T1, "协作部门": "销售部", "对接人": "李娜/销售部/137", "完成状态": "已完成", "实际完成时间": "",
             "关键里程碑": "客户邀约"},                                                # 已完成 alone is done
            {**T1, "协作部门": "财务部", "对接人": "王芳/财务部/138", "完成状态": "进行中", "实际完成时间": "",
             "关键里程碑": "预算审批"},                                                # not done
            {**T1, "协作部门": "行政部", "对接人": "周敏/行政部/139", "关键里程碑": "场地确认"}]  # a 双方会议 is not a review
    meetings = grid("meetings", [review(" 功能演示 彩排"), review("场地确认", kind="双方会议"),
                                 review("中期验收", project="别的项目")])
    rep = validate([grid("cross_dept", rows), meetings])
    f = rep.findings
    got = f[f["code"] == "CX203"]
    assert list(got["cell"]) == ["N4", "N5", "N7"]
    assert list(got["message"])[0] == "关键里程碑「中期验收」已完成,会议登记表中没有该项目关联此节点的复盘会"
    # without a 会议登记表 nothing is checked
    assert validate([grid("cross_dept", rows)]).findings.query("code == 'CX203'").empty


def test_cx235_a_done_key_phase_and_its_joint_meeting():
    clean = TABLES["partner_progress"].clean
    rows = [{**clean, "项目阶段": "需求确认", "实际完成时间": "2024-05-10", "重要节点": "是"},   # met
            {**clean, "合作项目": "", "项目阶段": "初稿提交", "重要节点": "是"},                 # no meeting
            {**clean, "合作项目": "", "项目阶段": "最终交付", "实际完成时间": "", "计划完成时间": "2024-06-20",
             "重要节点": "是"},                                                              # not done
            {**clean, "合作项目": "", "项目阶段": "修改稿", "重要节点": "否"}]
    meetings = grid("meetings", [review("需求确认", project="新品宣传推广", kind="双方会议"),
                                 review("初稿提交", project="新品宣传推广")])      # a 复盘会 is not a 双方会议
    rep = validate([grid("partner_progress", rows), meetings])
    f = rep.findings
    assert list(f.loc[f["code"] == "CX235", "cell"]) == ["O4"]


# -- the Late line -------------------------------------------------------------------------------

def test_minutes_late_line_by_hours_with_the_organiser(tmp_path, cli, table_rows):
    rows = [meeting(会议日期="2024-04-30", 开始时间="15:00", 结束时间="17:00", 纪要发送时间="2024-05-02 09:00",
                    组织人="李明"),                                                       # 16 h late
            meeting(会议日期="2024-04-30", 开始时间="15:00", 结束时间="17:00", 组织人="刘洋"),  # never sent
            meeting(会议类型="双方会议", 关联节点="初稿提交", 会议日期="2024-05-10", 开始时间="下午4点",
                    结束时间="", 时长="1小时", 纪要发送时间="2024-05-11 17:00", 组织人="李明"),   # on time
            meeting(会议类型="复盘会", 关联节点="中期验收", 纪要要素="已完成成果、未达标事项、改进措施",
                    会议日期="2024-05-10", 纪要发送时间="2024-05-20 09:00", 组织人="李明"),  # no 24-hour line
            meeting(会议类型="每日站会", 会议日期="2024-05-10", 开始时间="9:00", 结束时间="9:15", 组织人="张伟")]
    book = write_book(tmp_path / "会议.xlsx", {"会议登记": table_rows("meetings", rows)})
    code, out, err = cli("late", book, "--today", "2024-06-05", "--format", "json")
    assert code == 1, err
    items = {i["row"]: i for i in json.loads(out)["items"]}
    assert sorted(items) == [3, 4]          # the on-time 双方会议, the 复盘会 and the stand-up are not listed
    keys = ("owner", "status", "due_at", "done_at", "hours_late", "line")
    assert {k: items[3][k] for k in keys} == {"owner": "李明", "status": "late", "due_at": "2024-05-01T17:00",
                                               "done_at": "2024-05-02T09:00", "hours_late": 16.0, "line": "minutes"}
    assert {k: items[4][k] for k in keys[:4]} == {"owner": "刘洋", "status": "overdue", "due_at": "2024-05-01T17:00",
                                                   "done_at": None}
    assert items[4]["item"].startswith("会议纪要:年度新品发布会 / 启动会")


def test_rows_without_minutes_due_are_not_reported_as_unjudged(tmp_path, cli, table_rows, write_book):
    """A 周例会 with an unreadable 开始时间 owes no minutes: the late list does not say its dates
    could not be judged (its CX116 is validate's); a 启动会's does. Each row is named once, though
    a table has several Late lines (任务布置与反馈: the task, its acknowledgement, its feedback)."""
    rows = [meeting(会议日期="2024-04-30", 开始时间="15:00", 结束时间="17:00", 纪要发送时间="2024-05-01 10:00"),
            meeting(会议类型="周例会", 会议日期="2024-05-10", 开始时间="14.30", 结束时间="", 时长="",
                    参会人员="", 纪要要素="", 纪要发送时间=""),
            meeting(会议日期="2024-05-06", 开始时间="9.30", 结束时间="", 时长="", 纪要发送时间="")]
    task = dict(TABLES["task_register"].clean)         # reported 05-17 16:00, feedback 05-20 10:00
    book = write_book(tmp_path / "会议.xlsx", {"会议登记": table_rows("meetings", rows),
                                             "任务布置与反馈": table_rows("task_register", [task])})
    code, out, err = cli("late", book, "--today", "2024-06-05")
    text = " ".join((out + err).split())
    assert "1 行的期限或完成日期有误" in text and "会议登记!5" in text, text
    assert "会议登记!4" not in text and "任务布置与反馈!3" not in text, text
    task["完成汇报时间"] = "2024-05-08 12:00"        # before 下达时间 14:30: CX118, two lines skip the row
    write_book(book, {"会议登记": table_rows("meetings", rows[:1]), "任务布置与反馈": table_rows("task_register", [task])})
    code, out, err = cli("late", book, "--today", "2024-06-05")
    text = " ".join((out + err).split())
    assert "1 行的期限或完成日期有误" in text and text.count("任务布置与反馈!3") == 1, text


# -- an office worker's sheet, on the command line and in Excel ----------------------------------

OFFICE_ROWS = [
    ("年度新品发布会", "启动会", dt.date(2024, 5, 6), "下午2点半", "15:30", None, "王强、李明", None,
     "负责人、任务、完成时间", "2024年5月7日下午4点", "李明"),     # no 反馈方式 (CX120), 25.5 h (CX292), no 刘洋 (CX291)
    (None, "每日站会", dt.date(2024, 5, 7), dt.time(9, 0), None, "20分钟", None, None, None, None, "王强"),  # CX293
    (None, "每日站会", dt.date(2024, 5, 10), dt.time(9, 0), None, 15, None, None, None, None, "王强"),      # CX294
    (None, "周例会", "2024/5/10", "上午10点", "11:00", None, None, None, None, None, "李明"),                # CX295
    (None, "复盘会", "2024/5/20", "14:00", "15:00", None, "全体", "功能演示彩排",
     "已完成成果、未达标事项、改进措施", dt.datetime(2024, 5, 21, 9, 30), "李明"),
]


def office_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会议登记"
    ws.append(["会议登记表(2024年5月)"])
    ws.merge_cells("A1:K1")
    ws.append([c.header for c in TABLES["meetings"].columns])
    for r in OFFICE_ROWS:
        ws.append(list(r))
    ws.merge_cells("A3:A7")
    t1 = wb.create_sheet("表1")
    t1.append(["表1:跨部门协作需求表"])
    t1.append([c.header for c in TABLES["cross_dept"].columns])
    t1.append([T1.get(c.key, "") for c in TABLES["cross_dept"].columns])
    wb.save(path)
    return path


OFFICE_FINDINGS = {("会议登记", "G3", "CX291"), ("会议登记", "I3", "CX120"), ("会议登记", "J3", "CX292"),
                   ("会议登记", "F4", "CX293"), ("会议登记", "C5", "CX294"), ("会议登记", "C6", "CX295")}


def test_office_workers_sheet_on_the_command_line(tmp_path, cli):
    book = office_book(tmp_path / "会议.xlsx")
    code, out, err = cli("validate", book, "--today", "2024-06-05", "--format", "json")
    assert code == 1, err
    got = {(f["sheet"], f["cell"], f["code"]) for f in json.loads(out)["findings"]}
    assert got == OFFICE_FINDINGS


def test_office_workers_sheet_in_excel_marks_the_same_cells(tmp_path, cli_json, xlwings_env):
    from test_excel_scripts import coloured, run
    book = office_book(tmp_path / "会议.xlsx")
    doc = cli_json("validate", book, "--today", "2024-06-05")
    _, applied = run(book, "validate_all", out=tmp_path / "v.xlsx")
    got = coloured(openpyxl.load_workbook(applied.path))
    want_err = {(f["sheet"], f["cell"]) for f in doc["findings"] if f["severity"] == "error"}
    want_warn = {(f["sheet"], f["cell"]) for f in doc["findings"] if f["severity"] == "warning"}
    assert got["A"] == want_err == {("会议登记", "I3")}
    assert got["B"] == want_warn == {(s, c) for s, c, k in OFFICE_FINDINGS if k != "CX120"}


def test_template_sheet_is_found_as_the_meetings_table_only(tmp_path, cli):
    code, out, err = cli("new", "--out", tmp_path / "t.xlsx", "--table", "meetings")
    assert code == 0, err
    code, out, err = cli("validate", tmp_path / "t.xlsx", "--format", "json", "--today", "2024-06-05")
    assert code == 0, err
    assert [t["table"] for t in json.loads(out)["tables"]] == ["meetings"]
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    ws = wb[TABLES["meetings"].sheet[0]]
    dvs = {str(dv.sqref).split(":")[0][:-1]: dv for dv in ws.data_validations.dataValidation}
    assert dvs["B"].type == "list" and dvs["B"].formula1.strip('"').split(",") == list(TABLES["meetings"].col("kind").choices)
    assert "周五下午" in dvs["D"].prompt and "24小时" in dvs["J"].prompt


def test_lengths_typed_as_hours_and_minutes(tmp_path, cli):
    """An office worker types a length 0:20 or 1:30 in Excel, which keeps it as a time; LibreOffice
    too. Such a 时长(分钟) is 20 or 90 minutes (CX293 reads it), not an unreadable length (CX119)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会议登记"
    ws.append(["会议登记表"])
    ws.append([c.header for c in TABLES["meetings"].columns])
    standup = ["年度新品发布会", "每日站会", dt.date(2024, 5, 6), dt.time(9, 0), None]
    ws.append(standup + [dt.time(0, 20)])                                  # an Excel time: CX293
    ws.append([None, "每日站会", dt.date(2024, 5, 7), dt.time(9, 0), None, 15 / 1440])   # 0:15
    ws["F4"].number_format = "h:mm"
    ws.append([None, "每日站会", dt.date(2024, 5, 8), dt.time(9, 0), None, "0:25"])        # text: CX293
    ws.append([None, "演示", dt.date(2024, 5, 8), dt.time(14, 0), None, "1:30"])           # 90 minutes: CX293
    wb.save(tmp_path / "会议.xlsx")
    code, out, err = cli("validate", tmp_path / "会议.xlsx", "--today", "2024-06-05", "--format", "json")
    got = [(f["cell"], f["code"], f["message"]) for f in json.loads(out)["findings"]]
    assert got == [("F3", "CX293", "每日站会开了 20 分钟,超过 15 分钟"), ("F5", "CX293", "每日站会开了 25 分钟,超过 15 分钟"),
                   ("F6", "CX293", "演示开了 90 分钟,超过 15 分钟")]


def test_attendees_with_their_department_in_brackets():
    """参会人员 typed 王强(技术部)、刘洋（技术部） names 王强 and 刘洋 (and their department); a
    bracket saying the person was away (请假, 缺席) names nobody."""
    people = t1({"对接人": "王强/技术部/13912345678", "部门负责人": "刘洋"})
    rows = [meeting(参会人员="王强(技术部)、刘洋（技术部）、李明(市场部)"),
            meeting(参会人员="王强(技术部)、刘洋(请假)")]
    got = [(c, m) for c, k, m in found(rows, people) if k == "CX291"]
    assert got == [("G4", "启动会的参会人员缺少表1中该项目的:刘洋")]


def test_minutes_items_in_the_words_minutes_use():
    """A kick-off's minutes declared as 责任人、分工、截止时间、反馈机制 and a review's as the classic
    成果、问题、措施 (取得成果、存在问题、改进措施) hold the guide's items; what is missing is still named."""
    review = dict(会议类型="复盘会", 关联节点="中期验收")
    rows = [meeting(纪要要素="责任人、工作分工、截止时间、反馈机制"),
            meeting(**review, 纪要要素="取得成果、存在问题、改进措施"),
            meeting(纪要要素="责任人、工作分工"),
            meeting(**review, 纪要要素="取得成果、下步计划")]
    got = [(c, m) for c, k, m in found(rows) if k == "CX120"]
    assert got == [("I5", "「纪要要素」缺少必备要素:完成时间、反馈方式"), ("I6", "「纪要要素」缺少必备要素:未达标事项、改进措施")]
