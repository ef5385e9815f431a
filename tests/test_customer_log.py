"""表3 客户沟通记录表 with the columns and rules of tables-2.md (issue 13), through the command line:
沟通时间 as a date-time, CX225 (a 咨询/投诉 answered within 2 h inside working hours, 4 h outside:
clock hours), CX226 (a key client not visited for more than 90 days), 专属对接人 required for key
clients (CX121), 首次响应时间 not before 沟通时间 (CX118) and with a time (CX117)."""
from __future__ import annotations

import json

import pytest

from collab_xl.catalog import TABLES

TODAY = "2024-06-05"
SHIPPED = [c for c in TABLES["customer_log"].columns if not c.added]


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in (the test's folder is current)."""


def row(**values) -> dict:
    base = {"客户名称": "甲公司", "客户行业": "制造业", "对接人": "刘总/采购经理/13800138000",
            "沟通方式": "电话", "沟通内容": "咨询:分期付款细节"}
    return {**base, **values}


def findings(tmp_path, write_book, table_rows, cli, rows, *args, headers=None, lang="zh"):
    rows_ = table_rows("customer_log", rows, headers=[c.header for c in headers] if headers else None)
    if headers:   # only these columns, in this order
        rows_ = rows_[:2] + [[r.get(c.key, "") for c in headers] for r in rows]
    book = write_book(tmp_path / "表3.xlsx", {"表3": rows_})
    code, out, err = cli("validate", book, "--today", TODAY, "--format", "json", "--lang", lang, *args)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def of(found, code):
    return [(f["cell"], f["message"]) for f in found if f["code"] == code]


# -- CX225: the guide's response limits --------------------------------------------------------

def test_the_specs_weekend_examples(tmp_path, write_book, table_rows, cli):
    """Sat 2024-05-11 is a 调休 working day: 10:00 is inside working hours, due 12:00; Sun 05-12
    10:00 is outside, due 14:00. Clock hours; the minute after the due is late."""
    rows = [row(事项类型="咨询", 沟通时间="2024-05-11 10:00", 首次响应时间="2024-05-11 12:00"),
            row(事项类型="咨询", 沟通时间="2024-05-11 10:00", 首次响应时间="2024-05-11 12:01"),
            row(事项类型="投诉", 沟通时间="2024-05-12 10:00", 首次响应时间="2024-05-12 14:00"),
            row(事项类型="投诉", 沟通时间="2024-05-12 10:00", 首次响应时间="2024-05-12 14:30")]
    got = of(findings(tmp_path, write_book, table_rows, cli, rows), "CX225")
    assert [c for c, _ in got] == ["O4", "O6"]
    assert got[0][1] == "咨询的首次响应「2024-05-11 12:01」超过 2 小时时限,应在 2024-05-11 12:00 前响应"
    assert got[1][1] == "投诉的首次响应「2024-05-12 14:30」超过 4 小时时限,应在 2024-05-12 14:00 前响应"


def test_working_hours_edges_holidays_and_dates_alone(tmp_path, write_book, table_rows, cli):
    rows = [
        # 17:30 on a Monday is inside (due 19:30); 18:00 is not (hours.end is excluded: due 22:00)
        row(事项类型="咨询", 沟通时间="2024-05-13 17:30", 首次响应时间="2024-05-13 19:45"),   # late
        row(事项类型="咨询", 沟通时间="2024-05-13 18:00", 首次响应时间="2024-05-13 21:45"),   # on time
        row(事项类型="咨询", 沟通时间="2024-05-14 08:59", 首次响应时间="2024-05-14 12:30"),   # before 09:00: 4 h
        # 05-01 is the May Day holiday: 10:00 is outside working hours, 4 h
        row(事项类型="投诉", 沟通时间="2024-05-01 10:00", 首次响应时间="2024-05-01 13:59"),   # on time
        # a date alone counts from 24:00 (4 h: due 05-16 04:00); an answer dated the next day is
        # read at 00:00: on time; two days later: late
        row(事项类型="咨询", 沟通时间="2024-05-15", 首次响应时间="2024-05-16"),
        row(事项类型="咨询", 沟通时间="2024-05-15", 首次响应时间="2024-05-17"),               # late
        # other matters have no response limit
        row(事项类型="需求", 沟通时间="2024-05-13 10:00", 首次响应时间="2024-05-20 10:00"),
        # no answer yet is never a finding (the late view lists it)
        row(事项类型="投诉", 沟通时间="2024-05-13 10:00"),
        # the Chinese forms of a date-time: 下午2点半 = 14:30, due 16:30
        row(事项类型="咨询", 沟通时间="2024年5月14日下午2点半", 首次响应时间="2024年5月14日16时45分"),  # late
    ]
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    got = of(found, "CX225")
    assert [c for c, _ in got] == ["O3", "O8", "O11"]
    assert "应在 2024-05-13 19:30 前响应" in got[0][1]
    assert "应在 2024-05-16 04:00 前响应" in got[1][1]
    assert "应在 2024-05-14 16:30 前响应" in got[2][1]
    assert not of(found, "CX116")
    # 首次响应时间 is a (time) column: a date alone is CX117
    assert [c for c, _ in of(found, "CX117")] == ["O7", "O8"]


def test_the_limits_and_hours_come_from_the_configuration(tmp_path, write_book, table_rows, cli):
    (tmp_path / "cfg.toml").write_text("[limits]\nresponse_hours = 1\nresponse_hours_off = 3\n"
                                       "[hours]\nstart = \"08:00\"\nend = \"20:00\"\n", encoding="utf-8")
    rows = [row(事项类型="咨询", 沟通时间="2024-05-13 10:00", 首次响应时间="2024-05-13 11:30"),   # > 1 h
            row(事项类型="咨询", 沟通时间="2024-05-13 19:00", 首次响应时间="2024-05-13 20:30"),   # inside, > 1 h
            row(事项类型="咨询", 沟通时间="2024-05-13 21:00", 首次响应时间="2024-05-13 23:30")]   # outside, < 3 h
    got = of(findings(tmp_path, write_book, table_rows, cli, rows, "--config", tmp_path / "cfg.toml"), "CX225")
    assert [c for c, _ in got] == ["O3", "O4"]
    assert "超过 1 小时时限" in got[0][1]


def test_a_response_before_the_contact_contradicts_it(tmp_path, write_book, table_rows, cli):
    rows = [row(事项类型="咨询", 沟通时间="2024-05-13 10:00", 首次响应时间="2024-05-13 09:00"),
            row(事项类型="咨询", 沟通时间="2024-05-13", 首次响应时间="2024-05-13 09:00")]  # same day: fine
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    assert [(f["cell"], f["severity"]) for f in found if f["code"] == "CX118"] == [("O3", "error")]
    assert not of(found, "CX225")


def test_english_message(tmp_path, write_book, table_rows, cli):
    rows = [row(事项类型="投诉", 沟通时间="2024-05-12 10:00", 首次响应时间="2024-05-12 14:30")]
    got = of(findings(tmp_path, write_book, table_rows, cli, rows, lang="en"), "CX225")
    assert got == [("O3", "The first response \"2024-05-12 14:30\" to this 投诉 is past the 4-hour limit; "
                          "it was due by 2024-05-12 14:00")]


# -- 沟通时间 as a date-time: the shipped rules still compare dates -----------------------------

def test_contact_times_today_and_due_the_same_day_are_fine(tmp_path, write_book, table_rows, cli):
    rows = [row(沟通时间="2024-06-05 16:00"),                                          # later today: not future
            row(沟通时间="2024-06-06 09:00"),                                          # tomorrow: CX221
            row(沟通时间="2024-05-10 15:00", 后续行动="寄样品", 负责人="王五", 完成时间="2024-05-10"),  # same day
            row(沟通时间="2024-05-10 15:00", 后续行动="寄样品", 负责人="王五", 完成时间="2024-05-09")]
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    assert [c for c, _ in of(found, "CX221")] == ["D4"]
    assert [c for c, _ in of(found, "CX224")] == ["J6"]
    assert not [f for f in found if f["code"] not in ("CX221", "CX224")]


# -- 客户等级 / 专属对接人 (C-10) ---------------------------------------------------------------

def test_key_clients_need_a_dedicated_manager(tmp_path, write_book, table_rows, cli):
    rows = [row(客户等级="战略客户", 沟通时间="2024-05-10 10:00", 沟通方式="面谈"),        # missing: CX121
            row(客户名称="", 客户行业="", 沟通时间="2024-05-20 10:00"),                  # same client: inherits
            row(客户名称="乙公司", 客户等级="高价值客户", 专属对接人="王五", 沟通时间="2024-05-20 10:00",
                沟通方式="面谈"),
            row(客户名称="丙公司", 客户等级="普通客户", 沟通时间="2024-05-20 10:00")]     # not required
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    assert [(f["cell"], f["severity"]) for f in found if f["code"] == "CX121"] == [("M3", "error")]
    # once per client: on the row where its 客户等级 is typed, not on the rows inheriting it
    assert of(found, "CX121")[0][1] == "「客户等级」为战略客户或高价值客户时「专属对接人」必须填写"


# -- CX226: key clients visited at least every 90 days (ours) ----------------------------------

def test_visit_gaps_between_meetings_and_up_to_today(tmp_path, write_book, table_rows, cli):
    rows = [
        # 甲: 面谈 01-05, a phone call, 面谈 05-10 (126 days: on the 05-10 row), then 05-20 by phone
        row(客户等级="战略客户", 专属对接人="王五", 沟通时间="2024-01-05 10:00", 沟通方式="面谈"),
        row(沟通时间="2024-03-01 10:00"),
        row(沟通时间="2024-05-10 10:00", 沟通方式="面谈"),
        # 乙 (high value): no 面谈 at all since its first row 2024-02-01: 125 days to today, on its last row
        row(客户名称="乙公司", 客户等级="高价值客户", 专属对接人="赵六", 沟通时间="2024-02-01 10:00"),
        row(客户名称="乙公司", 沟通时间="2024-02-20 10:00"),
        # 丙 (ordinary): never visited, never flagged
        row(客户名称="丙公司", 客户等级="普通客户", 沟通时间="2023-01-01 10:00"),
        # 丁: exactly 90 days between 面谈 (2024-02-10 → 05-10) and 26 days since: fine
        row(客户名称="丁公司", 客户等级="战略客户", 专属对接人="王五", 沟通时间="2024-02-10", 沟通方式="面谈"),
        row(客户名称="丁公司", 沟通时间="2024-05-10", 沟通方式="面谈"),
    ]
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    got = of(found, "CX226")
    assert got == [("D5", "重点客户「甲公司」已 126 天没有面谈(超过 90 天)"),
                   ("D7", "重点客户「乙公司」已 125 天没有面谈(超过 90 天)")]
    assert {f["severity"] for f in found if f["code"] == "CX226"} == {"warning"}


def test_visit_days_from_the_configuration(tmp_path, write_book, table_rows, cli):
    (tmp_path / "cfg.toml").write_text("[limits]\nvisit_days = 30\n", encoding="utf-8")
    rows = [row(客户等级="战略客户", 专属对接人="王五", 沟通时间="2024-04-01 10:00", 沟通方式="面谈")]
    got = of(findings(tmp_path, write_book, table_rows, cli, rows, "--config", tmp_path / "cfg.toml"), "CX226")
    assert got == [("D3", "重点客户「甲公司」已 65 天没有面谈(超过 30 天)")]


# -- the shipped sheet stays as it was -----------------------------------------------------------

def test_a_sheet_with_the_shipped_columns_only_gets_no_new_findings(tmp_path, write_book, table_rows, cli):
    rows = [row(沟通时间="2024-01-05", 沟通方式="面谈", 后续行动="寄样品", 负责人="王五", 完成时间="2024-01-10"),
            row(沟通时间="2024-05-11 10:00", 沟通内容="投诉:到货破损")]
    found = findings(tmp_path, write_book, table_rows, cli, rows, headers=SHIPPED)
    assert found == []


def test_times_without_a_year_or_unreadable_skip_the_limit(tmp_path, write_book, table_rows, cli):
    rows = [row(事项类型="咨询", 沟通时间="5月11日 10:00", 首次响应时间="2024-05-13 10:00"),
            row(事项类型="咨询", 沟通时间="2024-05-11 10:00", 首次响应时间="5月13日 10:00"),
            row(事项类型="咨询", 沟通时间="2024-05-11 10:00", 首次响应时间="回头再说")]
    found = findings(tmp_path, write_book, table_rows, cli, rows)
    assert [(f["cell"], f["code"]) for f in found] == [("D3", "CX103"), ("O4", "CX103"), ("O5", "CX116")]
