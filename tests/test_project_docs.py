"""项目文件登记表 (project_docs): the conditional columns and checklist, CX301–CX306 against 表1
(departments reached by name or through their people, 全体, trimmed keys, a project missing from
表1), management from ``[names] management``, and an office worker's sheet on the command line
and through the Excel remote engine."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from collab_xl.catalog import TABLES
from helpers import grid, validate

T1 = TABLES["cross_dept"].clean
P = TABLES["project_docs"].clean


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in."""


def doc(**values) -> dict:
    return {**P, **values}


def t1(*rows):
    return grid("cross_dept", [{**T1, "关键里程碑": "", **r} for r in rows])


PROJECT = t1({"对接人": "王强/技术部/13912345678", "部门负责人": "刘洋", "开始时间": "2024-05-06"},
             {"项目名称": "", "协作部门": "市场部", "对接人": "陈晨/市场部/13688889999", "部门负责人": "",
              "开始时间": "2024-04-29"},
             {"项目名称": "没有开始时间的项目", "协作部门": "市场部", "对接人": "周敏/市场部/135", "开始时间": ""})


def found(rows, *others):
    f = validate([grid("project_docs", rows), *others]).findings
    f = f[f["table"] == "project_docs"]
    return [(c, k, m) for c, k, m in zip(f["cell"], f["code"], f["message"])]


def test_conditional_columns_and_the_charter_checklist():
    rows = [doc(内容要素="目标、关键成果、预算、时间、资源"),                 # aliases will do
            doc(内容要素="目标、预算、时间"),
            doc(内容要素=""),
            doc(文件类型="书面约定", 内容要素="", 事项="", 发送对象=""),
            doc(文件类型="项目总结报告", 内容要素="", 归档位置=""),
            doc(文件类型="跨部门协作分工表", 内容要素="", 发送对象=""),
            doc(文件类型="项目甘特图", 内容要素="", 发送对象="", 发送渠道="飞书群+飞鸽传书")]
    got = found(rows)
    assert [(c, k) for c, k, _ in got] == [("C4", "CX120"), ("C5", "CX121"), ("D6", "CX121"), ("H7", "CX121"),
                                           ("F8", "CX121"), ("G9", "CX111")]
    assert got[0][2] == "「内容要素」缺少必备要素:KPI、资源限制"


def test_charter_and_report_reach_every_department_by_name_or_person():
    rows = [doc(发送对象="技术部、市场部"),
            doc(发送对象="王强、陈晨"),                         # their departments through their people
            doc(发送对象="刘洋/市场部"),                         # 技术部 through its head
            doc(发送对象="全员"),
            doc(发送对象="技术部"),                               # 市场部 left out
            doc(项目名称=" 年度新品 发布会", 发送对象="销售部"),     # both left out; the key is NFKC/trimmed
            doc(文件类型="项目总结报告", 内容要素="", 发送对象="技术部、总经理", 归档位置="共享盘"),
            doc(项目名称="不在表1的项目", 发送对象="销售部")]
    got = [(c, m) for c, k, m in found(rows, PROJECT) if k == "CX301"]
    assert got == [("F7", "「技术部」没有发给表1中该项目的协作部门:市场部"),
                   ("F8", "「销售部」没有发给表1中该项目的协作部门:技术部、市场部"),
                   ("F9", "「技术部、总经理」没有发给表1中该项目的协作部门:市场部")]
    assert not [k for _, k, _ in found(rows) if k == "CX301"]       # no 表1: not checked


def test_division_of_work_reaches_every_person():
    split = dict(文件类型="跨部门协作分工表", 内容要素="")
    rows = [doc(**split, 发送对象="王强、刘洋、陈晨"), doc(**split, 发送对象="全体"),
            doc(**split, 发送对象="技术部、市场部"),          # departments are not people
            doc(**split, 发送对象="王强;陈晨")]
    got = [(c, m) for c, k, m in found(rows, PROJECT) if k == "CX302"]
    assert got == [("F5", "分工表没有发给表1中该项目的:王强、刘洋、陈晨"), ("F6", "分工表没有发给表1中该项目的:刘洋")]


def test_recipients_typed_with_spaces_between_names():
    """发送对象 typed "技术部 市场部 总经理" names three recipients, as 、 would."""
    rows = [doc(发送对象="技术部 市场部 总经理"),
            doc(文件类型="跨部门协作分工表", 内容要素="", 发送对象="王强 刘洋 陈晨"),
            doc(文件类型="项目总结报告", 内容要素="", 发送对象="技术部 市场部 总经办", 归档位置="共享盘/项目/发布会"),
            doc(发送对象="技术部 总经理")]
    got = [(c, k, m) for c, k, m in found(rows, PROJECT) if k in ("CX301", "CX302", "CX303")]
    assert got == [("F6", "CX301", "「技术部 总经理」没有发给表1中该项目的协作部门:市场部")]


def test_final_report_to_management_as_configured(tmp_path, cli, table_rows, write_book):
    report = dict(文件类型="项目总结报告", 内容要素="", 归档位置="共享盘/项目")
    rows = [doc(**report, 发送对象="技术部、总 经理"), doc(**report, 发送对象="技术部、董事会"), doc(**report, 发送对象="全体")]
    assert [(c, k) for c, k, _ in found(rows) if k == "CX303"] == [("F4", "CX303")]
    (tmp_path / "collab-xl.toml").write_text('[names]\nmanagement = ["董事会"]\n', encoding="utf-8")
    book = write_book(tmp_path / "文件.xlsx", {"项目文件登记": table_rows("project_docs", rows)})
    code, out, err = cli("validate", book, "--today", "2024-06-05", "--format", "json",
                         "--config", tmp_path / "collab-xl.toml")
    assert code == 0, err
    assert [f["cell"] for f in json.loads(out)["findings"] if f["code"] == "CX303"] == ["F3"]


def test_gantt_chart_once_in_a_group_per_project_and_changes_in_writing():
    gantt = dict(文件类型="项目甘特图", 内容要素="", 发送对象="")
    change = dict(文件类型="变更记录", 内容要素="", 事项="发布会延期一周", 发送对象="")
    rows = [doc(**gantt, 发送渠道="邮件"), doc(**gantt, 发送渠道="邮件+钉钉群"),        # one in a group: fine
            doc(**gantt, 项目名称="别的项目", 发送渠道="邮件"), doc(**gantt, 项目名称="别的项目", 发送渠道="书面"),
            doc(**change, 发送渠道="电话"), doc(**change, 发送渠道="电话+当面"), doc(**change, 发送渠道="口头+群聊")]
    got = [(c, k) for c, k, _ in found(rows) if k in ("CX304", "CX305")]
    assert got == [("G5", "CX304"), ("G7", "CX305"), ("G8", "CX305")]
    sev = validate([grid("project_docs", rows)]).findings.set_index("cell")["severity"]
    assert sev["G7"] == "error" and sev["G5"] == "warning"


def test_gantt_chart_in_the_projects_own_group():
    """The guide says "同步至项目协作群(如企业/钉钉群)": a 项目协作群, 项目群 or 钉钉项目群 is a
    group (CX111 still notes the part is not in the list); 邮件群发 (a mass e-mail) is not."""
    gantt = dict(文件类型="项目甘特图", 内容要素="", 发送对象="")
    rows = [doc(**gantt, 发送渠道="项目协作群"),
            doc(**gantt, 项目名称="项目二", 发送渠道="邮件+钉钉项目群"),
            doc(**gantt, 项目名称="项目三", 发送渠道="微信群聊"),
            doc(**gantt, 项目名称="项目四", 发送渠道="邮件群发")]
    assert [(c, k) for c, k, _ in found(rows) if k == "CX304"] == [("G6", "CX304")]


def test_a_change_told_by_word_of_mouth_in_other_words():
    """口头通知, 电话通知 and 当面沟通 are spoken too (CX305, besides CX111's unknown part); a part
    naming a written channel (电话后邮件确认, 口头+项目群) is a written record."""
    change = dict(文件类型="变更记录", 内容要素="", 事项="发布会延期一周", 发送对象="")
    rows = [doc(**change, 发送渠道="口头通知"), doc(**change, 发送渠道="电话通知+当面沟通"),
            doc(**change, 发送渠道="电话后邮件确认"), doc(**change, 发送渠道="口头+项目群")]
    assert [(c, k) for c, k, _ in found(rows) if k == "CX305"] == [("G3", "CX305"), ("G4", "CX305")]


def test_document_types_shortened_as_an_office_worker_does():
    """立项说明书, 分工表, 甘特图, 总结报告 (and the English labels) are the guide's documents: no
    CX104, and their rules run (a 分工表 to one person: CX302)."""
    rows = [doc(文件类型="立项说明书"), doc(文件类型="分工表", 内容要素="", 发送对象="王强"),
            doc(文件类型="甘特图", 内容要素="", 发送对象="", 发送渠道="钉钉群"),
            doc(文件类型="Final report", 内容要素="", 发送对象="技术部、市场部、总经理", 归档位置="共享盘"),
            doc(文件类型="会议通知", 内容要素="", 发送对象="")]
    assert [(c, k) for c, k, _ in found(rows, PROJECT)] == [("F4", "CX302"), ("B7", "CX104")]


def test_agreements_before_the_projects_earliest_start():
    agree = dict(文件类型="书面约定", 内容要素="", 事项="跨部门任务成本承担", 发送对象="")
    rows = [doc(**agree, 日期="2024-04-29"),                    # the earliest 开始时间 (市场部's)
            doc(**agree, 日期="2024-04-30"),
            doc(**agree, 项目名称="没有开始时间的项目", 日期="2024-06-01"),
            doc(**agree, 项目名称="不在表1的项目", 日期="2024-06-01")]
    got = [(c, m) for c, k, m in found(rows, PROJECT) if k == "CX306"]
    assert got == [("E4", "书面约定日期「2024-04-30」晚于该项目在表1中最早的开始时间 2024-04-29")]


# -- an office worker's sheet ------------------------------------------------------------------

OFFICE_ROWS = [
    ("年度新品发布会", "项目立项说明书", "目标、KPI、预算5万元、时间", None, dt.date(2024, 4, 28), "技术部", "邮件", None),
    (None, "项目甘特图", None, None, "2024/5/7", "全体", "邮件", None),
    (None, "变更记录", None, "演示改为线上", "2024年5月10日", None, "电话", None),
    (None, "书面约定", None, "演示设备费用由技术部承担", dt.date(2024, 5, 8), "技术部", "邮件+钉钉群", None),
]
OFFICE_FINDINGS = {("项目文件登记", "C3", "CX120"), ("项目文件登记", "F3", "CX301"), ("项目文件登记", "G4", "CX304"),
                   ("项目文件登记", "G5", "CX305"), ("项目文件登记", "E6", "CX306")}


def office_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目文件登记"
    ws.append(["项目文件登记表"])
    ws.merge_cells("A1:H1")
    ws.append([c.header for c in TABLES["project_docs"].columns])
    for r in OFFICE_ROWS:
        ws.append(list(r))
    ws.merge_cells("A3:A6")
    t1_ws = wb.create_sheet("表1")
    t1_ws.append(["表1:跨部门协作需求表"])
    cols = TABLES["cross_dept"].columns
    t1_ws.append([c.header for c in cols])
    t1_ws.append([{**T1, "关键里程碑": ""}.get(c.key, "") for c in cols])
    t1_ws.append([{**T1, "项目名称": "", "协作部门": "市场部", "对接人": "陈晨/市场部/13688889999",
                   "关键里程碑": ""}.get(c.key, "") for c in cols])
    wb.save(path)
    return path


def test_office_workers_sheet_on_the_command_line_and_in_excel(tmp_path, cli, cli_json, xlwings_env):
    from test_excel_scripts import coloured, run
    book = office_book(tmp_path / "文件.xlsx")
    code, out, err = cli("validate", book, "--today", "2024-06-05", "--format", "json")
    assert code == 1, err
    doc_ = json.loads(out)
    assert {(f["sheet"], f["cell"], f["code"]) for f in doc_["findings"]} == OFFICE_FINDINGS
    _, applied = run(book, "validate_all", out=tmp_path / "v.xlsx")
    got = coloured(openpyxl.load_workbook(applied.path))
    assert got["A"] == {(f["sheet"], f["cell"]) for f in doc_["findings"] if f["severity"] == "error"} \
        == {("项目文件登记", "C3"), ("项目文件登记", "G5")}
    assert got["B"] == {(f["sheet"], f["cell"]) for f in doc_["findings"] if f["severity"] == "warning"}


def test_template_sheet_is_found_as_the_project_docs_table_only(tmp_path, cli):
    code, out, err = cli("new", "--out", tmp_path / "t.xlsx", "--table", "project_docs", "--table", "meetings")
    assert code == 0, err
    code, out, err = cli("validate", tmp_path / "t.xlsx", "--format", "json", "--today", "2024-06-05")
    assert code == 0, err
    assert [t["table"] for t in json.loads(out)["tables"]] == ["meetings", "project_docs"]


def test_channel_input_message_names_each_channel_once(tmp_path, cli):
    """The 发送渠道 and 上下级沟通记录 沟通方式 input messages list the allowed channels once (the
    template adds them after the hint), each one readable in full."""
    code, out, err = cli("new", "--out", tmp_path / "t.xlsx", "--table", "project_docs", "--table", "report_log")
    assert code == 0, err
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    for sheet, col, values in (("项目文件登记", "G", TABLES["project_docs"].col("channel").choices),
                               ("上下级沟通记录", "E", TABLES["report_log"].col("channel").choices)):
        dv = next(d for d in wb[sheet].data_validations.dataValidation if str(d.sqref).startswith(col))
        assert dv.prompt.count("、".join(values[:3])) == 1, dv.prompt        # the list, not twice
        assert all(v in dv.prompt for v in values)


def test_recipients_with_a_bracket_name_both():
    """发送对象 "赵六(市场部)" reaches 市场部 (CX301) and 技术部（刘洋） reaches 刘洋 (CX302)."""
    rows = [doc(发送对象="王强(技术部)、赵六(市场部)、总经理"),
            doc(文件类型="跨部门协作分工表", 内容要素="", 发送对象="技术部(王强 刘洋)、市场部（陈晨）")]
    assert [(c, k) for c, k, _ in found(rows, PROJECT) if k in ("CX301", "CX302")] == []
