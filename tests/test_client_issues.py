"""验收问题整改表 (tables-2.md, ``client_issues``): CX331 (the improvement plan more than 24 clock
hours after the issue: holidays count, a date alone read most favourably), CX332 (an open issue
without feedback for more than 7 days), CX333 (ours: the project not in 客户项目跟进表), the two
Late lines (the plan: 提出时间 + 24 h; the fix: 计划完成日期), and an office worker's workbook
(title row, merged cells, 下午2点半, Excel date-times) giving the same findings and late items on
the command line and through the Excel remote engine."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from collab_xl.catalog import TABLES

KEY = "client_issues"
LETTER = {c.key: chr(ord("A") + j) for j, c in enumerate(TABLES[KEY].columns)}


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in (the test's folder is current)."""


def row(**values) -> dict:
    """An issue with its plan, still open, plus ``values``."""
    base = {"客户名称": "甲公司", "项目名称": "生产成本优化", "问题描述": "报表格式不符", "提出时间": "2024-05-28 15:00",
            "改进计划": "调整导出格式", "计划制定时间": "2024-05-29 10:00", "负责人": "王五",
            "计划完成日期": "2024-06-20", "最近反馈日期": "2024-06-03"}
    return {**base, **values}


def run(tmp_path, write_book, table_rows, cli, sheets, *args, today="2024-06-05", command="validate"):
    book = write_book(tmp_path / "整改.xlsx", {name: table_rows(key, rows) for name, (key, rows) in sheets.items()})
    code, out, err = cli(command, book, "--today", today, "--format", "json", *args)
    assert code in (0, 1), err
    return json.loads(out)


def issues(tmp_path, write_book, table_rows, cli, rows, *args, **kw):
    return run(tmp_path, write_book, table_rows, cli, {"验收问题整改": (KEY, rows)}, *args, **kw)


def of(doc, code):
    return [(f["cell"], f["message"]) for f in doc["findings"] if f["code"] == code]


def test_plan_within_24_clock_hours_holidays_count(tmp_path, write_book, table_rows, cli):
    """Raised 04-30 17:00: the plan is due on May Day 05-01 17:00; 2024年…下午 and 点半 forms read."""
    rows = [row(提出时间="2024-04-30 17:00", 计划制定时间="2024-05-01 17:00"),
            row(提出时间="2024年4月30日下午5点", 计划制定时间="2024年5月1日下午5点半"),
            row(提出时间="2024-05-11 09:00", 计划制定时间="2024-05-12 09:00"),     # the 调休 Saturday: 24 h all the same
            row(提出时间="2024-05-11 09:00", 计划制定时间="2024年5月12日9时01分")]
    doc = issues(tmp_path, write_book, table_rows, cli, rows)
    assert of(doc, "CX331") == [
        (f"{LETTER['计划制定时间']}4", "计划制定时间「2024年5月1日下午5点半」超过问题提出(2024-04-30 17:00)后 24 小时,"
                                       "应在 2024-05-01 17:00 前制定"),
        (f"{LETTER['计划制定时间']}6", "计划制定时间「2024年5月12日9时01分」超过问题提出(2024-05-11 09:00)后 24 小时,"
                                       "应在 2024-05-12 09:00 前制定")]
    (tmp_path / "cfg.toml").write_text("[limits]\nplan_hours = 48\n", encoding="utf-8")
    assert of(issues(tmp_path, write_book, table_rows, cli, rows, "--config", tmp_path / "cfg.toml"), "CX331") == []


def test_dates_alone_are_read_most_favourably(tmp_path, write_book, table_rows, cli):
    """The spec's example: raised 05-08 (no time), planned 05-09 20:00 → not late; 05-10 09:00 →
    late. A date alone in either is CX117."""
    rows = [row(提出时间="2024-05-08", 计划制定时间="2024-05-09 20:00"),
            row(提出时间="2024-05-08", 计划制定时间="2024-05-10 09:00"),
            row(提出时间="2024-05-08 10:00", 计划制定时间="2024-05-09")]
    doc = issues(tmp_path, write_book, table_rows, cli, rows)
    assert [c for c, _ in of(doc, "CX331")] == [f"{LETTER['计划制定时间']}4"]
    assert sorted(c for c, _ in of(doc, "CX117")) == sorted([
        f"{LETTER['提出时间']}3", f"{LETTER['提出时间']}4", f"{LETTER['计划制定时间']}5"])


def test_plan_before_the_issue_and_plan_without_owner(tmp_path, write_book, table_rows, cli):
    rows = [row(计划制定时间="2024-05-28 14:00"), row(负责人="", 计划完成日期=""), row(改进计划="", 负责人="", 计划完成日期="")]
    doc = issues(tmp_path, write_book, table_rows, cli, rows)
    assert [c for c, _ in of(doc, "CX118")] == [f"{LETTER['计划制定时间']}3"]
    assert sorted(c for c, _ in of(doc, "CX121")) == [f"{LETTER['负责人']}4", f"{LETTER['计划完成日期']}4"]


def test_open_issues_need_feedback_within_7_days(tmp_path, write_book, table_rows, cli):
    rows = [row(最近反馈日期="2024-05-29"),                                       # 7 days: fine
            row(最近反馈日期="2024-05-28"),                                       # 8 days
            row(最近反馈日期="", 提出时间="2024-05-20 09:00", 计划制定时间="2024-05-20 15:00"),   # the plan instead
            row(最近反馈日期="2024-05-01", 实际完成日期="2024-05-10"),            # closed
            row(最近反馈日期="", 改进计划="", 计划制定时间="", 负责人="", 计划完成日期="")]  # no plan yet: the late view's
    doc = issues(tmp_path, write_book, table_rows, cli, rows)
    assert of(doc, "CX332") == [
        (f"{LETTER['最近反馈日期']}4", "问题尚未整改完成,最近一次反馈为 2024-05-28,已 8 天未反馈(超过 7 天)"),
        (f"{LETTER['最近反馈日期']}5", "问题尚未整改完成,最近一次反馈为 2024-05-20,已 16 天未反馈(超过 7 天)")]
    (tmp_path / "cfg.toml").write_text("[limits]\nprogress_days = 20\n", encoding="utf-8")
    assert of(issues(tmp_path, write_book, table_rows, cli, rows, "--config", tmp_path / "cfg.toml"), "CX332") == []


def test_the_project_is_matched_against_the_client_project_sheet(tmp_path, write_book, table_rows, cli):
    projects = [{**TABLES["client_projects"].clean, "客户名称": "甲公司", "项目名称": "生产成本优化"},
                {**TABLES["client_projects"].clean, "客户名称": "乙科技有限公司", "项目名称": "API系统对接"}]
    rows = [row(客户名称="甲公司 ", 项目名称="生产成本 优化"),
            row(客户名称="", 项目名称=""),                                           # filled down
            row(客户名称="乙科技有限公司", 项目名称="ＡＰＩ系统对接"),                # full-width letters
            row(客户名称="乙科技有限公司", 项目名称="API接口对接"),
            row(客户名称="丙集团", 项目名称="生产成本优化")]                         # another client's name
    sheets = {"验收问题整改": (KEY, rows), "客户项目跟进": ("client_projects", projects)}
    doc = run(tmp_path, write_book, table_rows, cli, sheets)
    assert of(doc, "CX333") == [(f"{LETTER['项目名称']}6", "「乙科技有限公司」的项目「API接口对接」在客户项目跟进表中找不到"),
                                (f"{LETTER['项目名称']}7", "「丙集团」的项目「生产成本优化」在客户项目跟进表中找不到")]
    assert {f["severity"] for f in doc["findings"] if f["code"] == "CX333"} == {"warning"}
    # without a 客户项目跟进表 nothing is matched
    assert of(issues(tmp_path, write_book, table_rows, cli, rows), "CX333") == []


def test_the_plan_and_fix_late_lines(tmp_path, write_book, table_rows, cli):
    rows = [row(问题描述="缺明细", 提出时间="2024-04-30 17:00", 计划制定时间="2024-05-02 10:00",
                计划完成日期="2024-05-10", 实际完成日期="2024-05-13"),
            row(问题描述="定位偏差", 提出时间="2024-06-03 16:00", 改进计划="", 计划制定时间="", 负责人="赵六",
                计划完成日期=""),
            row(问题描述="打印卡顿", 计划完成日期="2024-05-31")]
    doc = issues(tmp_path, write_book, table_rows, cli, rows, command="late")
    got = {(i["row"], i.get("line")): i for i in doc["items"]}
    plan = got[(3, "improvement plan")]
    assert (plan["item"], plan["owner"], plan["due_at"], plan["done_at"], plan["hours_late"], plan["status"]) == (
        "整改计划:甲公司 / 生产成本优化 / 缺明细", "王五", "2024-05-01T17:00", "2024-05-02T10:00", 17.0, "late")
    fix = got[(3, None)]
    assert (fix["item"], fix["due"], fix["done"], fix["status"], fix["days_late"]) == (
        "甲公司 / 生产成本优化 / 缺明细", "2024-05-10", "2024-05-13", "late", 3)
    open_plan = got[(4, "improvement plan")]
    assert (open_plan["owner"], open_plan["due_at"], open_plan["status"]) == ("赵六", "2024-06-04T16:00", "overdue")
    assert (got[(5, None)]["due"], got[(5, None)]["status"]) == ("2024-05-31", "overdue")
    assert set(got) == {(3, "improvement plan"), (3, None), (4, "improvement plan"), (5, None)}


def test_an_issue_waiting_for_its_plan_is_owned_by_the_projects_delivery_lead(tmp_path, write_book, table_rows, cli):
    """No plan yet, so no 负责人: the overdue plan is the project's 交付负责人's (客户项目跟进表, matched
    as CX333 matches, merged cells filled down); a 负责人 typed wins; without the project sheet, or for
    a project not on it, the owner stays empty (before: always empty)."""
    projects = [{**TABLES["client_projects"].clean, "客户名称": "甲公司", "项目名称": "生产成本优化", "交付负责人": "王五"},
                {**TABLES["client_projects"].clean, "客户名称": "乙科技", "项目名称": "API对接", "交付负责人": "李四"}]
    waiting = dict(改进计划="", 计划制定时间="", 负责人="", 计划完成日期="", 最近反馈日期="")
    rows = [row(问题描述="缺明细", 提出时间="2024-06-03 09:00", **waiting),
            row(客户名称="", 项目名称="", 问题描述="格式", 提出时间="2024-06-03 09:00", **waiting),
            row(客户名称="乙 科技", 项目名称="ＡＰＩ对接", 问题描述="权限", 提出时间="2024-06-03 09:00", **waiting),
            row(客户名称="乙科技", 项目名称="API对接", 问题描述="慢", 提出时间="2024-06-03 09:00",
                **{**waiting, "负责人": "赵六"}),
            row(客户名称="丙集团", 项目名称="新项目", 问题描述="缺页", 提出时间="2024-06-03 09:00", **waiting)]
    sheets = {"验收问题整改": (KEY, rows), "客户项目跟进": ("client_projects", projects)}
    doc = run(tmp_path, write_book, table_rows, cli, sheets, command="late")
    owners = {i["row"]: i["owner"] for i in doc["items"] if i.get("line") == "improvement plan"}
    assert owners == {3: "王五", 4: "王五", 5: "李四", 6: "赵六", 7: None}
    alone = issues(tmp_path, write_book, table_rows, cli, rows, command="late")
    assert {i["row"]: i["owner"] for i in alone["items"] if i.get("line") == "improvement plan"} == {
        3: None, 4: None, 5: None, 6: "赵六", 7: None}


# -- an office worker's workbook: command line and Excel ------------------------------------------

def office_book(path):
    """Both client sheets as people keep them: a title row, merged client/project cells, times
    typed 下午2点半 / 2024年5月8日14时30分 and real Excel date-times."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目跟进"
    ws.append(["客户项目跟进表(销售部)"])
    ws.append([c.header for c in TABLES["client_projects"].columns])
    ws.append(["甲公司", "生产成本优化", "痛点、目标、预算、决策人", "产品、报价、交付周期、案例", dt.datetime(2024, 4, 8),
               dt.datetime(2024, 4, 9), "王五", dt.datetime(2024, 4, 29), dt.datetime(2024, 4, 10),
               dt.datetime(2024, 4, 29), dt.datetime(2024, 4, 30), "通过", "2024/4/30", "2024年5月6日",
               "产品、沟通效率、响应速度"])
    ws.append([None, "结算对接", "痛点、目标、预算", None, None, None, "王五", "2024-05-31", "2024-05-24"])
    ws.merge_cells("A3:A4")
    ws2 = wb.create_sheet("整改")
    ws2.append(["验收问题整改表"])
    ws2.append([c.header for c in TABLES[KEY].columns])
    ws2.append(["甲公司", "生产成本优化", "缺分车间明细", dt.datetime(2024, 4, 30, 17, 0), "增加维度",
                "2024年5月2日上午10点", "王五", dt.datetime(2024, 5, 10), dt.datetime(2024, 5, 8), dt.datetime(2024, 5, 13)])
    ws2.append([None, None, "格式不符", "2024年5月8日14时30分", "调整格式", dt.datetime(2024, 5, 9, 9, 30), "王五",
                "2024/5/17", None, None])
    ws2.append(["乙科技有限公司", "API接口对接", "权限不足", "2024年6月3日下午2点半", None, None, "赵六"])
    ws2.merge_cells("A3:A4")
    ws2.merge_cells("B3:B4")
    wb.save(path)
    return path


def test_office_workbook_on_the_command_line(tmp_path, cli_json):
    book = office_book(tmp_path / "客户.xlsx")
    doc = cli_json("validate", book, "--today", "2024-06-05")
    got = sorted((f["sheet"], f["cell"], f["code"]) for f in doc["findings"])
    assert got == sorted([("项目跟进", "C4", "CX120"), ("项目跟进", "E4", "CX121"), ("项目跟进", "F4", "CX121"),
                          ("项目跟进", "H4", "CX312"), ("项目跟进", "N3", "CX311"),
                          ("整改", "F3", "CX331"), ("整改", "I4", "CX332"), ("整改", "B5", "CX333")])
    late = cli_json("late", book, "--today", "2024-06-05")
    assert sorted((i["sheet"], i["row"], i.get("line") or "") for i in late["items"]) == sorted([
        ("项目跟进", 3, "satisfaction survey"), ("整改", 3, "improvement plan"), ("整改", 3, ""),
        ("整改", 4, ""), ("整改", 5, "improvement plan")])


def test_office_workbook_through_the_excel_remote_engine(tmp_path, cli_json, xlwings_env):
    from collab_xl.excel import scripts
    from collab_xl.excel.apply import apply_actions
    from collab_xl.excel.payload import open_book, payload_from_file

    book = office_book(tmp_path / "客户.xlsx")
    doc = cli_json("validate", book, "--today", xlwings_env.isoformat())
    xb = open_book(payload_from_file(book, name="客户.xlsx"))
    scripts.validate_all(xb)
    applied = apply_actions(book, xb.json()["actions"], tmp_path / "marked.xlsx")
    ws = openpyxl.load_workbook(applied.path)["校验结果"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert [(r[1], r[5].split(",")[-1].strip('")'), r[8], r[9]) for r in rows] == [
        (f["sheet"], f["cell"], f["code"], f["message"]) for f in doc["findings"]]

    late = cli_json("late", book, "--today", xlwings_env.isoformat())
    xb = open_book(payload_from_file(book, name="客户.xlsx"))
    scripts.flag_late(xb)
    applied = apply_actions(book, xb.json()["actions"], tmp_path / "late.xlsx")
    ws = openpyxl.load_workbook(applied.path)["逾期事项"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert [(r[2], r[9], r[10]) for r in rows][:len(late["items"])] == [
        (i["sheet"], i["days_late"], i["workdays_late"]) for i in late["items"]]
