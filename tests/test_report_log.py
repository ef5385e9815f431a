"""上下级沟通记录表 (tables-2.md, issue 14): the channels (CX111 for an unknown part), urgency (a blank
是否紧急 is 否, 紧急事项 is urgent), the blocker's time (CX121, CX118, CX281 in clock hours), the
improvement need's support (CX122, the Late line [接收人]), the written record of an urgent call
(CX122), CX282–CX284 with the configured working hours and the 调休 Saturday, and an office worker's
sheet read alike on the command line and through the Excel remote engine."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from collab_xl.catalog import TABLES

TODAY = "2024-06-05"
KEY = "report_log"
T = TABLES[KEY]


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in."""


def row(**values) -> dict:
    return {**T.clean, **values}


def letter(name: str) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.name for c in T.columns].index(name)]


def run(tmp_path, write_book, table_rows, cli, rows, command="validate", *args):
    book = write_book(tmp_path / "沟通.xlsx", {"沟通": table_rows(KEY, rows)})
    code, out, err = cli(command, book, "--today", TODAY, "--format", "json", *args)
    assert code in (0, 1), err
    return json.loads(out)


def cells(doc, code):
    return [f["cell"] for f in doc["findings"] if f["code"] == code]


def of(doc, code):
    return [(f["cell"], f["message"]) for f in doc["findings"] if f["code"] == code]


def test_channels_are_parts_joined_by_plus(tmp_path, write_book, table_rows, cli):
    rows = [row(沟通方式="日报+电话"), row(沟通方式="周报 + 群聊"), row(沟通方式="日报+微信语音"),
            row(沟通方式="书面材料"), row(沟通方式="飞鸽传书")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    e = letter("channel")
    assert cells(doc, "CX111") == [f"{e}5", f"{e}7"]
    assert {f["severity"] for f in doc["findings"] if f["code"] == "CX111"} == {"warning"}
    assert cells(doc, "CX284") == [f"{e}6", f"{e}7"]         # routine reports without 日报/周报


def test_a_channel_part_naming_the_tool_counts_as_the_channel(tmp_path, write_book, table_rows, cli):
    """The guide's R-10 is "企业微信/钉钉的日报/周报功能": a routine report typed 钉钉日报 or
    企业微信周报 went through a daily or weekly report (CX284 stays quiet; CX111 still says the part
    is not in the list), and 电话沟通 is a phone call (CX282; R-09's written record)."""
    r = dict(沟通类型="日常汇报")
    rows = [row(**r, 沟通方式="钉钉日报"), row(**r, 沟通方式="企业微信周报+电话"),
            row(**r, 沟通方式="电话沟通", 时长="20分钟"),                                   # CX282, CX284
            row(沟通类型="紧急事项", 沟通方式="电话沟通", 沟通时间="2024-05-23 20:15")]      # CX122
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    e = letter("channel")
    assert cells(doc, "CX284") == [f"{e}5"]
    assert cells(doc, "CX282") == [f"{letter('minutes')}5"]
    assert cells(doc, "CX122") == [f"{letter('written_at')}6"]
    assert cells(doc, "CX111") == [f"{e}3", f"{e}4", f"{e}5", f"{e}6"]


# -- 卡点上报 (R-06) -------------------------------------------------------------------------------

def test_a_blocker_needs_its_time_and_is_reported_within_24_clock_hours(tmp_path, write_book, table_rows, cli):
    b = dict(沟通类型="卡点上报", 沟通方式="电话")
    rows = [row(**b, 卡点发生时间="2024-04-30 17:00", 沟通时间="2024-05-01 17:00"),    # a holiday counts: on time
            row(**b, 卡点发生时间="2024-04-30 17:00", 沟通时间="2024-05-01 17:30"),    # late
            row(**b, 卡点发生时间="2024-05-08", 沟通时间="2024-05-09 20:00"),          # a date alone at 24:00: on time
            row(**b, 卡点发生时间="2024-05-08", 沟通时间="2024-05-10 09:00"),          # late
            row(**b, 卡点发生时间="", 沟通时间="2024-05-10 09:00"),                     # CX121
            row(**b, 卡点发生时间="2024-05-13 10:00", 沟通时间="2024-05-13 09:00"),    # CX118 on 沟通时间
            row(卡点发生时间="2024-05-01 09:00", 沟通时间="2024-05-13 09:00")]         # not a blocker report
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    a, i = letter("when"), letter("blocked_at")
    got = of(doc, "CX281")
    assert [c for c, _ in got] == [f"{a}4", f"{a}6"]
    assert got[0][1] == "卡点发生于 2024-04-30 17:00,「2024-05-01 17:30」才上报,超过 24 小时(应在 2024-05-01 17:00 前上报)"
    assert of(doc, "CX121") == [(f"{i}7", "「沟通类型」为「卡点上报」时「卡点发生时间」必须填写")]
    assert [(f["cell"], f["severity"]) for f in doc["findings"] if f["code"] == "CX118"] == [(f"{a}8", "error")]
    assert cells(doc, "CX117") == [f"{i}5", f"{i}6"]


# -- 改进需求: support stated and followed up ---------------------------------------------------

def test_an_improvement_need_expects_its_support_and_is_followed_up(tmp_path, write_book, table_rows, cli):
    need = dict(沟通类型="改进需求", 沟通方式="面谈", 内容摘要="希望参加直播运营培训")
    rows = [row(**need),                                                              # CX122 ×2
            row(**need, 支持方式="外部培训", 计划落实日期="2024-05-31"),                    # overdue
            row(**need, 支持方式="增配内存", 计划落实日期="2024-05-10", 落实日期="2024-05-13"),  # late
            row(**need, 支持方式="导师带教", 计划落实日期="2024-06-20"),                    # not due yet
            row(**need, 接收人="刘洋", 支持方式="导师带教", 计划落实日期="2024-05-20", 落实日期="2024-05-20")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert cells(doc, "CX122") == [f"{letter('support')}3", f"{letter('planned')}3"]
    late = run(tmp_path, write_book, table_rows, cli, rows, "late")
    got = [(i["row"], i["status"], i["owner"], i["due"], i["item"]) for i in late["items"]]
    assert sorted(got) == [(4, "overdue", "陈晨", "2024-05-31", "希望参加直播运营培训"),
                           (5, "late", "陈晨", "2024-05-10", "希望参加直播运营培训")]


# -- 紧急 (R-08, R-09) ---------------------------------------------------------------------------

def test_urgency_blank_is_no_and_an_urgent_matter_is_urgent(tmp_path, write_book, table_rows, cli):
    rows = [row(沟通类型="紧急事项", 是否紧急="", 沟通方式="电话", 沟通时间="2024-05-23 20:15"),     # written record expected
            row(沟通类型="布置任务", 是否紧急="是", 沟通方式="电话+当面"),                          # expected too
            row(沟通类型="布置任务", 是否紧急="", 沟通方式="电话"),                                  # blank = 否
            row(沟通类型="布置任务", 是否紧急="是", 沟通方式="电话+群聊"),                          # in writing already
            row(沟通类型="紧急事项", 沟通方式="当面", 沟通时间="2024-05-23 20:15",
                文字记录时间="2024-05-23 21:00"),
            row(沟通类型="紧急事项", 沟通方式="当面", 沟通时间="2024-05-23 20:15",
                文字记录时间="2024-05-23 20:00")]                                                   # CX118
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    m = letter("written_at")
    assert of(doc, "CX122") == [(f"{m}3", "紧急事项仅电话/当面/面谈沟通时,建议填写「文字记录时间」"),
                                (f"{m}4", "紧急事项仅电话/当面/面谈沟通时,建议填写「文字记录时间」")]
    assert cells(doc, "CX118") == [f"{m}8"]
    assert not cells(doc, "CX283")        # 紧急事项 is no task or chase; the 布置任务 rows are at 09:30


def test_urgent_tasks_and_chases_outside_working_hours(tmp_path, write_book, table_rows, cli):
    u = dict(是否紧急="是", 沟通方式="群聊")
    rows = [row(**u, 沟通类型="催办", 沟通时间="2024-05-14 18:00"),        # hours.end is outside
            row(**u, 沟通类型="催办", 沟通时间="2024-05-14 17:59"),
            row(**u, 沟通类型="布置任务", 沟通时间="2024-05-11 10:00"),     # 调休 Saturday: a working day
            row(**u, 沟通类型="布置任务", 沟通时间="2024-05-12 10:00"),     # Sunday
            row(**u, 沟通类型="布置任务", 沟通时间="2024-05-01 10:00"),     # May Day
            row(**u, 沟通类型="布置任务", 沟通时间="2024-05-13"),           # a date alone: not judged (CX117)
            row(沟通类型="催办", 是否紧急="否", 沟通方式="群聊", 沟通时间="2024-05-12 22:00"),
            row(**u, 沟通类型="重要汇报", 沟通时间="2024-05-12 22:00")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    a = letter("when")
    got = of(doc, "CX283")
    assert [c for c, _ in got] == [f"{a}3", f"{a}6", f"{a}7"]
    assert got[0][1] == "「2024-05-14 18:00」在工作时间(09:00–18:00,工作日)之外,催办却标为紧急"
    (tmp_path / "cfg.toml").write_text('[hours]\nstart = "08:00"\nend = "20:00"\n', encoding="utf-8")
    doc = run(tmp_path, write_book, table_rows, cli, rows, "validate", "--config", tmp_path / "cfg.toml")
    assert cells(doc, "CX283") == [f"{a}6", f"{a}7"]


# -- 日常汇报 (R-07, R-10) --------------------------------------------------------------------------

def test_routine_reports_short_and_through_daily_or_weekly_reports(tmp_path, write_book, table_rows, cli):
    r = dict(沟通类型="日常汇报")
    rows = [row(**r, 沟通方式="日报+电话", 时长="11分钟"),        # CX282
            row(**r, 沟通方式="周报+面谈", 时长="10"),             # at the limit
            row(**r, 沟通方式="日报+邮件", 时长="1小时"),          # not spoken
            row(**r, 沟通方式="当面", 时长="0.5h"),                # CX282 (30 min), CX284
            row(沟通类型="重要汇报", 沟通方式="面谈", 时长="1小时30分")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    g = letter("minutes")
    assert of(doc, "CX282") == [(f"{g}3", "日常汇报用时「11分钟」,建议不超过 10 分钟"),
                                (f"{g}6", "日常汇报用时「0.5h」,建议不超过 10 分钟")]
    assert cells(doc, "CX284") == [f"{letter('channel')}6"]
    (tmp_path / "cfg.toml").write_text("[limits]\nreport_minutes = 15\n", encoding="utf-8")
    doc = run(tmp_path, write_book, table_rows, cli, rows, "validate", "--config", tmp_path / "cfg.toml",
              "--lang", "en")
    assert of(doc, "CX282") == [(f"{g}6", "This routine report took \"0.5h\"; keep it to 15 minutes")]


# -- an office worker's sheet: the command line and Excel alike ---------------------------------

def office_sheet(path):
    """A title row merged across, a subtitle, times typed as 下午6点半 and as Excel date-times, the
    department's own header words (汇报时间 for 沟通时间, 时长 for 时长(分钟))."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "5月沟通"
    headers = [c.header for c in T.columns]
    headers[0], headers[headers.index("时长(分钟)")] = "汇报时间", "时长"
    ws.append(["上下级沟通记录(IT部)"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(["记录人:张伟"])
    ws.append(headers)
    rows = [
        row(沟通时间="2024年5月14日下午6点半", 发起人="刘洋", 接收人="张伟", 沟通类型="催办", 沟通方式="群聊",
            是否紧急="是", 内容摘要="催交迁移演练报告"),                                             # CX283
        row(沟通时间=dt.datetime(2024, 5, 15, 16, 0), 发起人="张伟", 接收人="刘洋", 沟通类型="卡点上报",
            沟通方式="电话+群聊", 卡点发生时间="2024-05-14 09:00", 内容摘要="测试服务器磁盘故障"),       # CX281
        row(沟通时间="2024/5/16 9:40", 发起人="张伟", 接收人="刘洋", 沟通类型="日常汇报", 沟通方式="电话",
            时长="25分钟", 内容摘要="迁移演练进度"),                                                    # CX282, CX284
        row(沟通时间=dt.datetime(2024, 5, 23, 20, 15), 发起人="刘洋", 接收人="张伟", 沟通类型="紧急事项",
            沟通方式="电话", 内容摘要="生产库告警"),                                                     # CX122
    ]
    for r in rows:
        ws.append([r.get(c.key, "") for c in T.columns])
    wb.save(path)
    return path


def test_an_office_workers_sheet_gives_the_same_findings_in_excel_and_on_the_command_line(tmp_path, cli, monkeypatch):
    from test_excel_scripts import coloured, run as run_script
    book = office_sheet(tmp_path / "沟通记录.xlsx")
    code, out, err = cli("validate", book, "--today", TODAY, "--format", "json")
    assert code == 0, err                                     # warnings only
    doc = json.loads(out)
    assert [t["table"] for t in doc["tables"]] == [KEY]
    assert sorted((f["cell"], f["code"]) for f in doc["findings"]) == sorted([
        (f"{letter('when')}4", "CX283"), (f"{letter('when')}5", "CX281"), (f"{letter('minutes')}6", "CX282"),
        (f"{letter('channel')}6", "CX284"), (f"{letter('written_at')}7", "CX122")])
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("COLLAB_XL_TODAY", TODAY)
    _, applied = run_script(book, "validate_all", out=tmp_path / "v.xlsx")
    got = coloured(openpyxl.load_workbook(applied.path))
    assert got["B"] == {(f["sheet"], f["cell"]) for f in doc["findings"]}
    assert not got["A"]


def test_the_template_sheet_is_found_as_this_table_only(tmp_path, cli):
    code, out, err = cli("new", "--table", KEY, "--out", tmp_path / "t.xlsx")
    assert code == 0, err
    code, out, err = cli("validate", tmp_path / "t.xlsx", "--format", "json", "--today", TODAY)
    doc = json.loads(out)
    assert [(t["sheet"], t["table"]) for t in doc["tables"]] == [(T.sheet[0], KEY)]
    assert doc["summary"] == {"errors": 0, "warnings": 0}


def test_an_unknown_channel_is_called_by_its_columns_name(tmp_path, write_book, table_rows, cli):
    """CX111 names what the column holds: a 沟通方式 (a channel), not 表1's 沟通机制, in both
    languages; 表1's message stays as it was."""
    rows = [row(沟通方式="日报+微信")]
    t1 = {**TABLES["cross_dept"].clean, "沟通机制": "周例会+飞鸽传书"}
    book = write_book(tmp_path / "沟通.xlsx", {"沟通": table_rows(KEY, rows), "表1": table_rows("cross_dept", [t1])})
    got = {}
    for lang in ("zh", "en"):
        code, out, err = cli("validate", book, "--today", TODAY, "--format", "json", "--lang", lang)
        got[lang] = sorted((f["table"], f["message"]) for f in json.loads(out)["findings"] if f["code"] == "CX111")
    assert got["zh"] == [("cross_dept", "「周例会+飞鸽传书」中含有未列出的沟通机制"), ("report_log", "「日报+微信」中含有未列出的沟通方式")]
    assert got["en"] == [("cross_dept", "\"周例会+飞鸽传书\" names a mechanism that is not in the list"),
                         ("report_log", "\"日报+微信\" names a channel that is not in the list")]
