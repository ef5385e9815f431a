"""任务布置与反馈登记表 (tables-2.md, issue 14): the deadline that is no date (CX271 instead of
CX102), the 24-hour acknowledgement (CX272), the superior's feedback within the task's limit
(CX273: blank = 2 working days, 3天 calendar days, 24小时 clock hours) around the 2024 May Day
holiday and the 调休 Saturday 05-11, the conditional columns, the three Late lines, and an office
worker's sheet read alike on the command line and through the Excel remote engine."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from collab_xl.catalog import TABLES

TODAY = "2024-06-05"
KEY = "task_register"
T = TABLES[KEY]


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in."""


def row(**values) -> dict:
    return {**T.clean, **values}


def letter(name: str) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.name for c in T.columns].index(name)]


def run(tmp_path, write_book, table_rows, cli, rows, command="validate", *args):
    book = write_book(tmp_path / "任务.xlsx", {"任务": table_rows(KEY, rows)})
    code, out, err = cli(command, book, "--today", TODAY, "--format", "json", *args)
    assert code in (0, 1), err
    return json.loads(out)


def of(doc, code):
    return [(f["cell"], f["message"]) for f in doc["findings"] if f["code"] == code]


# -- CX271: a deadline that is no date ---------------------------------------------------------

def test_vague_deadlines_are_cx271_and_other_unreadable_dates_cx102(tmp_path, write_book, table_rows, cli):
    rows = [row(截止时间="尽快完成"), row(截止时间="抓紧"), row(截止时间="马上办"), row(截止时间="越快越好!"),
            row(截止时间="待定"), row(截止时间="asap"), row(截止时间="下周"), row(截止时间="2024年5月20日")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    f = letter("deadline")
    assert [c for c, _ in of(doc, "CX271")] == [f"{f}{r}" for r in range(3, 9)]
    assert [c for c, _ in of(doc, "CX102")] == [f"{f}9"]
    assert of(doc, "CX271")[0][1] == "截止时间「尽快完成」不是具体日期,请写明哪一天,如 2024-05-20"
    assert {x["severity"] for x in doc["findings"] if x["code"] == "CX271"} == {"error"}
    # not guessed in the late view either: both rows are unchecked, neither listed
    late = run(tmp_path, write_book, table_rows, cli, [row(截止时间="尽快", 完成汇报时间="2024-06-01 10:00")], "late")
    assert not [i for i in late["items"] if i.get("line") is None]


# -- CX272: acknowledged within 24 clock hours -------------------------------------------------

def test_the_24_hour_acknowledgement_runs_through_the_holiday(tmp_path, write_book, table_rows, cli):
    """Assigned 04-30 17:00: due 05-01 17:00, May Day or not; dates alone read most favourably."""
    rows = [row(下达时间="2024-04-30 17:00", 确认时间="2024-05-01 17:00"),
            row(下达时间="2024-04-30 17:00", 确认时间="2024-05-01 17:01"),
            row(下达时间="2024-05-08", 确认时间="2024-05-09 20:00"),     # not judged late
            row(下达时间="2024-05-08", 确认时间="2024-05-10 09:00"),     # late: due 05-10 00:00
            row(下达时间="2024年5月10日下午5点", 确认时间="2024-05-11")]   # a date alone at 00:00: on time
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    i = letter("acknowledged")
    got = of(doc, "CX272")
    assert [c for c, _ in got] == [f"{i}4", f"{i}6"]
    assert got[0][1] == "确认时间「2024-05-01 17:01」晚于下达时间(2024-04-30 17:00)后 24 小时,应在 2024-05-01 17:00 前确认"
    assert "应在 2024-05-10 00:00 前确认" in got[1][1]
    h = letter("assigned")
    assert [c for c, _ in of(doc, "CX117")] == [f"{h}5", f"{h}6", f"{i}7"]   # both columns need the time


def test_ack_hours_from_the_configuration_and_an_ack_before_the_assignment(tmp_path, write_book, table_rows, cli):
    (tmp_path / "cfg.toml").write_text("[limits]\nack_hours = 4\n", encoding="utf-8")
    rows = [row(下达时间="2024-05-13 09:00", 确认时间="2024-05-13 13:30"),
            row(下达时间="2024-05-13 09:00", 确认时间="2024-05-13 08:00")]
    doc = run(tmp_path, write_book, table_rows, cli, rows, "validate", "--config", tmp_path / "cfg.toml")
    i = letter("acknowledged")
    assert [c for c, _ in of(doc, "CX272")] == [f"{i}3"]
    assert "后 4 小时" in of(doc, "CX272")[0][1]
    assert [(f["cell"], f["severity"]) for f in doc["findings"] if f["code"] == "CX118"] == [(f"{i}4", "error")]


# -- CX273: the superior's feedback ------------------------------------------------------------

@pytest.mark.parametrize("reported,limit,on_time,late,due", [
    ("2024-04-30 10:00", "", "2024-05-07 18:00", "2024-05-08 09:00", "2024-05-07"),   # May Day: 05-06 is the 1st
    ("2024-05-10 17:30", "", "2024-05-13", "2024-05-14", "2024-05-13"),               # 调休 Sat 05-11 counts
    ("2024-05-18", "", "2024-05-21", "2024-05-22", "2024-05-21"),                     # from a Saturday
    ("2024-05-20 10:00", "3天", "2024-05-23 23:00", "2024-05-24 08:00", "2024-05-23"),  # calendar days
    ("2024-05-20 10:00", "24小时", "2024-05-21 10:00", "2024-05-21 10:01", "2024-05-21 10:00"),
    ("2024-05-20", "24小时", "2024-05-22", "2024-05-22 00:01", "2024-05-22 00:00"),      # a date alone at 24:00
    ("2024-04-30 10:00", "2个工作日", "2024-05-07", "2024-05-08", "2024-05-07"),
])
def test_feedback_limits(tmp_path, write_book, table_rows, cli, reported, limit, on_time, late, due):
    base = dict(下达时间="2024-04-26 09:00", 确认时间="2024-04-26 10:00", 完成汇报时间=reported, 反馈时限=limit)
    doc = run(tmp_path, write_book, table_rows, cli, [row(**base, 上级反馈时间=on_time), row(**base, 上级反馈时间=late)])
    got = of(doc, "CX273")
    assert [c for c, _ in got] == [f"{letter('feedback')}4"]
    assert got[0][1].endswith(f"应不晚于 {due}")
    assert not [f for f in doc["findings"] if f["code"] != "CX273"]


def test_feedback_limit_configured_unreadable_and_english(tmp_path, write_book, table_rows, cli):
    (tmp_path / "cfg.toml").write_text("[limits]\nfeedback_workdays = 1\n", encoding="utf-8")
    rows = [row(完成汇报时间="2024-05-20 10:00", 上级反馈时间="2024-05-22 09:00"),                # > 1 working day
            row(完成汇报时间="2024-05-20 10:00", 反馈时限="过几天", 上级反馈时间="2024-06-01 09:00")]  # CX119, not judged
    doc = run(tmp_path, write_book, table_rows, cli, rows, "validate", "--config", tmp_path / "cfg.toml", "--lang", "en")
    assert of(doc, "CX273") == [(f"{letter('feedback')}3", "The superior's feedback \"2024-05-22 09:00\" is past the "
                                 "limit of 1 working days (reported on 2024-05-20 10:00); it was due by 2024-05-21")]
    assert [c for c, _ in of(doc, "CX119")] == [f"{letter('feedback_limit')}4"]


# -- the conditional columns ---------------------------------------------------------------------

def test_an_acknowledgement_brings_its_expected_completion_and_risks(tmp_path, write_book, table_rows, cli):
    rows = [row(预计完成时间="", 潜在风险=""),                             # acknowledged: CX121, CX122
            row(确认时间="", 预计完成时间="", 潜在风险="", 完成汇报时间="", 上级反馈时间="", 状态="进行中"),
            row(可用资源="")]                                               # resources expected: CX122
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert of(doc, "CX121") == [(f"{letter('expected_done')}3", "「确认时间」已填写时「预计完成时间」必须填写")]
    assert [c for c, _ in of(doc, "CX122")] == [f"{letter('risks')}3", f"{letter('resources')}5"]


# -- the three Late lines ------------------------------------------------------------------------

def test_the_late_lines_name_the_assignee_or_the_assigner(tmp_path, write_book, table_rows, cli):
    rows = [
        # the task itself: due 05-20, reported 05-22
        row(任务名称="方案A", 完成汇报时间="2024-05-22 10:00", 上级反馈时间="2024-05-23 10:00"),
        # no acknowledgement of a task given 06-03 16:00: overdue since 06-04 16:00
        row(任务名称="方案B", 截止时间="2024-06-20", 下达时间="2024-06-03 16:00", 确认时间="", 预计完成时间="",
            潜在风险="", 完成汇报时间="", 上级反馈时间="", 状态="未开始"),
        # reported Thu 05-30, no feedback: due Mon 06-03 (2 working days), the superior's
        row(任务名称="方案C", 截止时间="2024-06-20", 完成汇报时间="2024-05-30 17:00", 上级反馈时间=""),
        # acknowledged 04-30 17:00 + 24 h: due 05-01 17:00, done 05-02 09:30: 16.5 h late
        row(任务名称="方案D", 下达时间="2024-04-30 17:00", 确认时间="2024-05-02 09:30"),
        # cancelled: never late, on any line
        row(任务名称="方案E", 截止时间="2024-05-10", 下达时间="2024-05-06 09:00", 确认时间="", 预计完成时间="",
            潜在风险="", 完成汇报时间="2024-05-30 17:00", 上级反馈时间="", 状态="已取消"),
    ]
    doc = run(tmp_path, write_book, table_rows, cli, rows, "late")
    got = {(i["row"], i.get("line")): i for i in doc["items"]}
    assert set(got) == {(3, None), (4, "acknowledgement"), (5, "superior's feedback"), (6, "acknowledgement")}
    assert (got[3, None]["owner"], got[3, None]["status"], got[3, None]["due"], got[3, None]["item"]) == \
        ("钱七", "late", "2024-05-20", "方案A")
    ack = got[4, "acknowledgement"]
    assert (ack["owner"], ack["status"], ack["due_at"], ack["item"]) == ("钱七", "overdue", "2024-06-04T16:00", "确认:方案B")
    fb = got[5, "superior's feedback"]
    assert (fb["owner"], fb["status"], fb["due"], fb["item"]) == ("陈晨", "overdue", "2024-06-03", "上级反馈:方案C")
    assert got[6, "acknowledgement"]["hours_late"] == 16.5


def test_status_words_as_in_table_1(tmp_path, write_book, table_rows, cli):
    """状态 reads the status words 表1 reads (完成, Done → 已完成; 取消 → 已取消 …) without CX104; a
    task typed 取消 is never late, on any line."""
    rows = [row(任务名称="方案A", 状态="完成"), row(任务名称="方案B", 状态="Done"), row(任务名称="方案C", 状态="处理中"),
            row(任务名称="方案D", 截止时间="2024-05-10", 下达时间="2024-05-06 09:00", 确认时间="", 预计完成时间="",
                潜在风险="", 完成汇报时间="2024-05-30 17:00", 上级反馈时间="", 状态="取消")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert not [f for f in doc["findings"] if f["code"] in ("CX104", "CX105")]
    doc = run(tmp_path, write_book, table_rows, cli, rows, "late")
    assert not [i for i in doc["items"] if i["row"] == 6]


def test_the_feedback_line_counts_working_days_around_may_day_and_the_adjusted_saturday(
        tmp_path, write_book, table_rows, cli):
    """Reported Tue 04-30: due 05-07, feedback 05-08 is 1 working day late; reported Fri 05-10:
    due Mon 05-13 (Sat 05-11 is a working day), not 05-14; reported Sat 05-18: due 05-21."""
    base = dict(下达时间="2024-04-26 09:00", 确认时间="2024-04-26 10:00", 截止时间="2024-06-20")
    rows = [row(**base, 任务名称="甲", 完成汇报时间="2024-04-30 10:00", 上级反馈时间="2024-05-08 09:00"),
            row(**base, 任务名称="乙", 完成汇报时间="2024-05-10 17:30", 上级反馈时间="2024-05-13 18:00"),
            row(**base, 任务名称="丙", 完成汇报时间="2024-05-10 17:30", 上级反馈时间="2024-05-14 09:00"),
            row(**base, 任务名称="丁", 完成汇报时间="2024-05-18", 上级反馈时间="2024-05-22")]
    doc = run(tmp_path, write_book, table_rows, cli, rows, "late")
    got = [(i["item"], i["due"], i["done"], i["days_late"], i["workdays_late"]) for i in doc["items"]]
    assert sorted(got) == sorted([("上级反馈:甲", "2024-05-07", "2024-05-08", 1, 1),
                                  ("上级反馈:丙", "2024-05-13", "2024-05-14", 1, 1),
                                  ("上级反馈:丁", "2024-05-21", "2024-05-22", 1, 1)])


def test_the_late_sheet_lists_them_for_a_manager(tmp_path, write_book, table_rows, cli):
    rows = [row(任务名称="方案C", 截止时间="2024-06-20", 完成汇报时间="2024-05-30 17:00", 上级反馈时间="")]
    book = write_book(tmp_path / "任务.xlsx", {"任务": table_rows(KEY, rows)})
    out = tmp_path / "结果.xlsx"
    code, _, err = cli("late", book, "--today", TODAY, "--out", out)
    assert code == 1, err
    ws = openpyxl.load_workbook(out)["逾期事项"]
    texts = [str(v) for r in ws.iter_rows(values_only=True) for v in r if v is not None]
    assert any("上级反馈:方案C" in t for t in texts) and "陈晨" in texts


# -- an office worker's sheet: the command line and Excel alike ---------------------------------

def office_sheet(path, merged_assigner: bool):
    """A title row merged across the table, times typed as 下午2点半 and as Excel date-times, a
    header in the department's own words (交办时间 for 下达时间); with ``merged_assigner`` the
    布置人 of one superior's tasks is one merged cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "市场部任务"
    headers = [c.header for c in T.columns]
    headers[headers.index("下达时间")] = "交办时间"
    ws.append(["市场部任务登记(2024年5月)"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(headers)
    rows = [
        row(任务名称="618方案", 下达时间="2024年5月8日下午2点半", 确认时间=dt.datetime(2024, 5, 9, 15, 0)),   # CX272
        row(任务名称="竞品分析", 截止时间="尽快", 下达时间=dt.datetime(2024, 5, 13, 9, 15),                  # CX271
            确认时间="2024-05-13 11:00", 完成汇报时间="", 上级反馈时间="", 状态="进行中"),
        row(任务名称="海报文案", 下达时间="2024年5月10日下午5点", 确认时间="2024年5月11日上午9点",
            完成汇报时间="2024-05-17 16:00", 反馈时限="3天", 上级反馈时间="2024-05-21 10:00"),              # CX273
    ]
    for r in rows:
        ws.append([r.get(c.key, "") for c in T.columns])
    if merged_assigner:
        ws["B4"], ws["B5"] = None, None
        ws.merge_cells("B3:B5")
    wb.save(path)
    return path


EXPECTED = [("CX272", "acknowledged", 3), ("CX271", "deadline", 4), ("CX273", "feedback", 5)]


def test_an_office_workers_sheet_gives_the_same_findings_in_excel_and_on_the_command_line(tmp_path, cli, monkeypatch):
    from test_excel_scripts import coloured, run as run_script
    book = office_sheet(tmp_path / "任务登记.xlsx", merged_assigner=False)
    code, out, err = cli("validate", book, "--today", TODAY, "--format", "json")
    assert code == 1, err
    doc = json.loads(out)
    assert [t["table"] for t in doc["tables"]] == [KEY]
    assert sorted((f["cell"], f["code"]) for f in doc["findings"]) == \
        sorted((f"{letter(col)}{r}", code) for code, col, r in EXPECTED)
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("COLLAB_XL_TODAY", TODAY)
    _, applied = run_script(book, "validate_all", out=tmp_path / "v.xlsx")
    got = coloured(openpyxl.load_workbook(applied.path))
    assert got["A"] == {(f["sheet"], f["cell"]) for f in doc["findings"] if f["severity"] == "error"} != set()
    assert got["B"] == {(f["sheet"], f["cell"]) for f in doc["findings"] if f["severity"] == "warning"} != set()


def test_a_merged_assigner_counts_for_every_row_it_spans_on_the_command_line(tmp_path, cli):
    """The file carries its merged ranges (a live workbook does not: docs/excel.md)."""
    book = office_sheet(tmp_path / "任务登记.xlsx", merged_assigner=True)
    code, out, err = cli("late", book, "--today", TODAY, "--format", "json")
    doc = json.loads(out)
    owners = {i["item"]: i["owner"] for i in doc["items"] if i.get("line") == "superior's feedback"}
    assert owners == {"上级反馈:海报文案": "陈晨"}          # 布置人 read from the merged B3
    code, out, err = cli("validate", book, "--today", TODAY, "--format", "json")
    assert not [f for f in json.loads(out)["findings"] if f["code"] == "CX101"]


def test_the_template_sheet_is_found_as_this_table_only(tmp_path, cli):
    code, out, err = cli("new", "--table", KEY, "--out", tmp_path / "t.xlsx")
    assert code == 0, err
    code, out, err = cli("validate", tmp_path / "t.xlsx", "--format", "json", "--today", TODAY)
    doc = json.loads(out)
    assert [(t["sheet"], t["table"]) for t in doc["tables"]] == [(T.sheet[0], KEY)]
    assert doc["summary"] == {"errors": 0, "warnings": 0}


def test_insert_template_script_draws_this_tables_sheet(tmp_path, monkeypatch):
    """插入模板表 on an empty sheet named like the table: title, exact headers, widths."""
    from test_excel_scripts import run as run_script
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = T.sheet[0]
    wb.save(path)
    _, applied = run_script(path, "insert_template")
    ws = openpyxl.load_workbook(applied.path)[T.sheet[0]]
    assert ws["A1"].value == "任务布置与反馈登记表"
    assert [c.value for c in ws[2]] == [c.header for c in T.columns]
    assert ws.column_dimensions["A"].width == pytest.approx(T.columns[0].width, abs=0.1)


def test_an_expected_cell_holding_wu_says_it_reads_as_empty(tmp_path, write_book, table_rows, cli):
    """潜在风险 "无" reads as empty (tables.md: 无 / - / / mean empty), so CX122 fires — and says why,
    instead of seeming to ignore what was typed; a truly empty cell gets the plain message."""
    doc = run(tmp_path, write_book, table_rows, cli, [row(潜在风险="无"), row(潜在风险="")])
    msgs = [f["message"] for f in doc["findings"] if f["code"] == "CX122" and f["column"] == "潜在风险"]
    assert len(msgs) == 2
    assert "「无」视为空白" in msgs[0] and "视为空白" not in msgs[1]
    doc = run(tmp_path, write_book, table_rows, cli, [row(潜在风险="无")], "validate", "--lang", "en")
    assert any('"无" counts as empty' in f["message"] for f in doc["findings"] if f["code"] == "CX122")
