"""表4 合作伙伴协作进度表 with the columns and rules of tables-2.md (issue 13), through the command
line: CX232 (our feedback within 2 working days of a submission), CX233 (a late phase without
延期原因), CX234 (a 负责人 without a name), and the option rules of the added columns (计划完成时间
≥ 计划开始时间, 我方反馈时间 ≥ 实际完成时间, 调整后完成时间 if 我方需求变更, 扣减金额 exp. if 合作伙伴未按期交付,
the contacts exp. on a project's first row)."""
from __future__ import annotations

import json

import pytest

from collab_xl.catalog import TABLES

TODAY = "2024-06-05"
SHIPPED = [c for c in TABLES["partner_progress"].columns if not c.added]


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in (the test's folder is current)."""


def row(**values) -> dict:
    base = {"合作项目": "品牌升级", "合作伙伴": "乙广告公司", "项目阶段": "设计", "我方负责人": "王五/市场部",
            "合作伙伴负责人": "钱七/设计总监", "计划完成时间": "2024-05-20", "实际完成时间": "2024-05-20",
            "交付物": "设计稿", "我方对接人": "王五/市场部/13800138000", "对方对接人": "钱七/设计总监/13900139000"}
    return {**base, **values}


def findings(tmp_path, write_book, table_rows, cli, rows, *args, headers=None, lang="zh"):
    if headers:   # only these columns, in this order
        rows_ = [[TABLES["partner_progress"].full_title[0]], [c.header for c in headers]] + \
            [[r.get(c.key, "") for c in headers] for r in rows]
    else:
        rows_ = table_rows("partner_progress", rows)
    book = write_book(tmp_path / "表4.xlsx", {"表4": rows_})
    code, out, err = cli("validate", book, "--today", TODAY, "--format", "json", "--lang", lang, *args)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def of(found, code):
    return [(f["cell"], f["message"]) for f in found if f["code"] == code]


# -- CX232: feedback within 2 working days (P-07) -----------------------------------------------

def test_feedback_within_two_working_days_on_the_mainland_calendar(tmp_path, write_book, table_rows, cli):
    rows = [
        # the guide's 初稿提交 on Saturday 2024-05-18: due Tuesday 05-21
        row(实际完成时间="2024-05-18", 我方反馈时间="2024-05-21"),
        row(实际完成时间="2024-05-18", 我方反馈时间="2024-05-22"),
        # Tuesday 04-30: 05-01…05 are May Day holidays, due 05-07
        row(计划完成时间="2024-04-30", 实际完成时间="2024-04-30", 我方反馈时间="2024-05-07"),
        row(计划完成时间="2024-04-30", 实际完成时间="2024-04-30", 我方反馈时间="2024-05-08"),
        # Friday 05-10: Saturday 05-11 is a 调休 working day, due Monday 05-13
        row(计划完成时间="2024-05-10", 实际完成时间="2024-05-10", 我方反馈时间="2024-05-13"),
        row(计划完成时间="2024-05-10", 实际完成时间="2024-05-10", 我方反馈时间="2024-05-14"),
        # no feedback yet: not a finding here (the late view lists it)
        row(实际完成时间="2024-05-18"),
    ]
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    got = of(found, "CX232")
    assert [c for c, _ in got] == ["N4", "N6", "N8"]
    assert got[0][1] == "我方反馈时间「2024-05-22」晚于提交(2024-05-18)后 2 个工作日,应不晚于 2024-05-21"
    assert "应不晚于 2024-05-07" in got[1][1] and "应不晚于 2024-05-13" in got[2][1]
    assert {f["severity"] for f in found if f["code"] == "CX232"} == {"warning"}
    assert not [f for f in found if f["code"] != "CX232"]


def test_feedback_days_from_the_configuration_and_in_english(tmp_path, write_book, table_rows, cli):
    (tmp_path / "cfg.toml").write_text("[limits]\nfeedback_workdays = 1\n", encoding="utf-8")
    rows = [row(实际完成时间="2024-05-18", 我方反馈时间="2024-05-21")]
    got = of(findings(tmp_path, write_book, table_rows, cli, rows, "--config", tmp_path / "cfg.toml",
                      lang="en"), "CX232")
    assert got == [("N3", "Our feedback \"2024-05-21\" is more than 1 working days after the submission "
                          "(2024-05-18); it was due by 2024-05-20")]


def test_feedback_before_the_submission_contradicts_it(tmp_path, write_book, table_rows, cli):
    found = findings(tmp_path, write_book, table_rows, cli, [row(实际完成时间="2024-05-18", 我方反馈时间="2024-05-17")])
    assert [(f["cell"], f["code"], f["severity"]) for f in found] == [("N3", "CX118", "error")]


# -- CX233: a late phase states why (P-11) ------------------------------------------------------

def test_late_phases_without_a_reason(tmp_path, write_book, table_rows, cli):
    rows = [
        row(实际完成时间="2024-05-21"),                                               # late, no reason
        row(实际完成时间="2024-05-21", 延期原因="合作伙伴未按期交付", 扣减金额="500"),  # late, reason given
        row(实际完成时间=""),                                                          # not done, due past
        row(实际完成时间="-", 计划完成时间="2024-06-20"),                               # not done, not due
        row(实际完成时间="2024-05-19"),                                                # on time
        # the due moved: 调整后完成时间 counts instead of 计划完成时间
        row(实际完成时间="2024-05-24", 延期原因="我方需求变更", 调整后完成时间="2024-05-25"),
        row(实际完成时间="2024-05-27", 调整后完成时间="2024-05-25"),                     # late against it
        row(实际完成时间="下周"),                                                       # unreadable: not judged
    ]
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    got = of(found, "CX233")
    assert [c for c, _ in got] == ["P3", "P5", "P9"]
    assert got[0][1] == "该阶段已延期(应于 2024-05-20 完成),请填写「延期原因」"
    assert got[2][1] == "该阶段已延期(应于 2024-05-25 完成),请填写「延期原因」"


def test_without_the_reason_column_nothing_is_asked(tmp_path, write_book, table_rows, cli):
    """Added columns are optional: a sheet with today's template columns gets no CX233 (nor any
    other new finding: the guide's own "/市场部" aside)."""
    rows = [row(实际完成时间="2024-05-21"), row(实际完成时间="")]
    found = findings(tmp_path, write_book, table_rows, cli, rows, headers=SHIPPED)
    assert found == []


def test_a_change_we_asked_for_needs_the_new_date_and_a_partners_delay_a_deduction(
        tmp_path, write_book, table_rows, cli):
    rows = [row(实际完成时间="2024-05-24", 延期原因="我方需求变更"),
            row(实际完成时间="2024-05-24", 延期原因="合作伙伴未按期交付"),
            row(实际完成时间="2024-05-24", 延期原因="合作伙伴未按期交付", 扣减金额="-5")]
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    assert [(f["cell"], f["code"], f["severity"]) for f in found] == [
        ("Q3", "CX121", "error"), ("R4", "CX122", "warning"), ("R5", "CX109", "error")]


# -- CX234: a 负责人 names someone (P-04) ---------------------------------------------------------

def test_leads_without_a_name(tmp_path, write_book, table_rows, cli):
    rows = [row(我方负责人="/市场部", 合作伙伴负责人="/创意总监"),      # the guide's own rows
            row(合作项目="", 合作伙伴="", 我方负责人="", 合作伙伴负责人="", 项目阶段="初稿"),   # inherited: once
            row(合作项目="展会", 我方负责人="市场部", 合作伙伴负责人=" /设计部")]    # no "/" is a name; " /" is not
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    got = of(found, "CX234")
    assert [c for c, _ in got] == ["D3", "E3", "E5"]
    assert got[0][1] == "「/市场部」没有写姓名(“/”前为空),请写成 姓名/部门 或 姓名/职位"


# -- the added columns' option rules -------------------------------------------------------------

def test_contacts_expected_on_a_projects_first_row_and_planned_start(tmp_path, write_book, table_rows, cli):
    rows = [row(我方对接人="", 对方对接人="", 计划开始时间="2024-05-21"),     # first row: both expected
            row(合作项目="", 合作伙伴="", 我方负责人="", 合作伙伴负责人="", 我方对接人="", 对方对接人="",
                项目阶段="初稿"),                                            # later row of the project: fine
            row(合作项目="展会", 对方对接人="", 计划开始时间="2024-05-06")]     # another project's first row
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    assert [(f["cell"], f["code"]) for f in found] == [
        ("F3", "CX118"), ("L3", "CX122"), ("M3", "CX122"), ("M5", "CX122")]
    assert of(found, "CX122")[0][1] == "在项目的第一行,建议填写「我方对接人」"
