"""表1 跨部门协作需求表: the columns and rules tables-2.md adds (开始时间, 部门负责人, 关键里程碑;
CX202, CX118 on 时间节点), through the command line as a user runs it."""
from __future__ import annotations

import json

from collab_xl.catalog import TABLES

T = TABLES["cross_dept"]
SHIPPED = [c for c in T.columns if not c.added]


def _book(write_book, path, rows, columns=None):
    cols = columns or list(T.columns)
    return write_book(path, {"协作需求": [["表1:跨部门协作需求表"], [c.header for c in cols]]
                                      + [[r.get(c.key, "") for c in cols] for r in rows]})


def _findings(cli, path, *extra):
    p = cli("validate", path, "--today", "2024-06-05", "--format", "json", *extra)
    assert "Traceback" not in p.stderr, p.stderr
    return json.loads(p.stdout)["findings"]


def _row(**kw):
    return {**T.clean, **kw}


def test_two_contacts_for_one_department_are_named_on_the_second_row(cli, write_book, tmp_path):
    rows = [_row(),
            _row(项目名称="", 对接人="李明/技术部/13900001111"),
            _row(项目名称="", 协作部门="市场部", 对接人="陈晨/市场部/13688889999")]
    f = _findings(cli, _book(write_book, tmp_path / "a.xlsx", rows))
    got = [(x["cell"], x["code"], x["severity"]) for x in f]
    assert got == [("E4", "CX202", "warning")]
    assert "王强" in f[0]["message"] and "李明/技术部/13900001111" in f[0]["message"]


def test_contacts_compare_by_name_only_and_blank_names_are_ignored(cli, write_book, tmp_path):
    rows = [_row(对接人="/技术部/13912345678"),                       # no name: ignored
            _row(项目名称="", 对接人="王 强/技术部/13800000000"),       # same name, other phone
            _row(项目名称="", 对接人="王强/技术部/13912345678"),
            _row(项目名称="另一个项目", 对接人="李明/技术部/13900001111")]   # another project
    f = _findings(cli, _book(write_book, tmp_path / "b.xlsx", rows))
    assert [x["code"] for x in f if x["code"] == "CX202"] == []


def test_each_later_row_differing_from_the_first_is_named(cli, write_book, tmp_path):
    rows = [_row(), _row(项目名称="", 对接人="李明/技术部/13900001111"),
            _row(项目名称="", 对接人="王强/技术部/13912345678"),
            _row(项目名称="", 对接人="赵六/技术部/13900002222")]
    f = _findings(cli, _book(write_book, tmp_path / "c.xlsx", rows))
    assert [x["cell"] for x in f if x["code"] == "CX202"] == ["E4", "E6"]


def test_a_deadline_before_the_start_contradicts_it(cli, write_book, tmp_path):
    rows = [_row(开始时间="2024-05-21"), _row(协作部门="市场部", 对接人="陈晨/市场部/13688889999", 开始时间="2024-05-20")]
    f = _findings(cli, _book(write_book, tmp_path / "d.xlsx", rows))
    assert [(x["cell"], x["code"], x["severity"]) for x in f] == [("F3", "CX118", "error")]
    assert "2024-05-21" in f[0]["message"] and "开始时间" in f[0]["message"]
    en = _findings(cli, _book(write_book, tmp_path / "d.xlsx", rows), "--lang", "en")
    assert "Start date" in en[0]["message"]


def test_a_sheet_without_the_added_columns_stays_valid(cli, write_book, tmp_path):
    row = {k: v for k, v in T.clean.items() if k not in ("开始时间", "部门负责人", "关键里程碑")}
    f = _findings(cli, _book(write_book, tmp_path / "e.xlsx", [row], SHIPPED))
    assert f == []


def test_the_start_date_column_is_read_as_dates(cli, write_book, tmp_path):
    path = _book(write_book, tmp_path / "g.xlsx", [_row(开始时间="2024-13-01")])
    doc = json.loads(cli("validate", path, "--today", "2024-06-05", "--format", "json").stdout)
    # the unreadable start date is reported in its own column: the column was recognised
    assert [(x["column"], x["code"]) for x in doc["findings"]] == [("开始时间", "CX102")]
