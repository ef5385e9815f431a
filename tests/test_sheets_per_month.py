"""A table kept as one sheet per month (采购订单 4月 / 5月 / 6月, the same header on each) is one
table for the rules that compare rows (a unique 订单号, the 供应商名录 look-up), while every
finding and mark stays on its own sheet and cell. Through the command line, as a user runs it."""
from __future__ import annotations

import openpyxl
import pytest

from collab_xl.catalog import TABLES

from helpers import TODAY, table_rows

ORDER = TABLES["purchase_orders"].clean
SUPPLIER = TABLES["supplier_directory"].clean


def order(no: str, **kw) -> dict:
    return {**ORDER, "订单号": no, **kw}


def directory(*names: str) -> list[list]:
    return table_rows("supplier_directory", [{**SUPPLIER, "供应商名称": n} for n in names])


def orders(*rows: dict) -> list[list]:
    return table_rows("purchase_orders", list(rows))


def with_serial_column(rows: list[list]) -> list[list]:
    """The same table with a 序号 column in front (so its 订单号 is in column B, not A)."""
    return [[""] + r if k == 0 else ["序号" if k == 1 else k - 1] + r for k, r in enumerate(rows)]


def findings(doc: dict, code: str | None = None) -> list[tuple[str, str, str]]:
    return [(f["sheet"], f["cell"], f["code"]) for f in doc["findings"] if code is None or f["code"] == code]


@pytest.fixture
def months(tmp_path, write_book):
    """名录 + 采购订单 4月/5月/6月; PO-002 of 4月 typed again in 5月 (B4: 5月 has a 序号 column)."""
    return write_book(tmp_path / "采购-按月.xlsx", {
        "供应商名录": directory(SUPPLIER["供应商名称"]),
        "采购订单 4月": orders(order("PO-001"), order("PO-002")),
        "采购订单 5月": with_serial_column(orders(order("PO-003"), order("PO-002"))),
        "采购订单 6月": orders(order("PO-004")),
    })


def test_an_order_number_repeated_in_a_later_month_is_a_duplicate_there(months, cli_json):
    doc = cli_json("validate", months, "--today", TODAY)
    assert [(t["sheet"], t["rows"]) for t in doc["tables"]] == [
        ("供应商名录", 1), ("采购订单 4月", 2), ("采购订单 5月", 2), ("采购订单 6月", 1)]
    assert findings(doc) == [("采购订单 5月", "B4", "CX110")]    # not on 4月, where it was first
    f = doc["findings"][0]
    assert (f["row"], f["column"], f["value"]) == (4, "订单号", "PO-002")
    assert "PO-002" in f["message"]
    assert doc["summary"] == {"errors": 1, "warnings": 0}


def test_distinct_order_numbers_across_months_are_clean(tmp_path, write_book, cli_json):
    path = write_book(tmp_path / "采购-按月.xlsx", {
        "供应商名录": directory(SUPPLIER["供应商名称"]),
        "采购订单 4月": orders(order("PO-001")),
        "采购订单 5月": orders(order("PO-002")),
    })
    assert cli_json("validate", path, "--today", TODAY)["findings"] == []


def test_look_ups_see_the_directory_on_every_sheet_and_its_names_are_unique_across_them(
        tmp_path, write_book, cli_json):
    path = write_book(tmp_path / "采购.xlsx", {
        "供应商名录 上": directory("甲公司"),
        "供应商名录 下": directory("乙公司", "甲公司"),
        "采购订单 4月": orders(order("PO-001", 供应商名称="乙公司")),      # listed on the other sheet
        "采购订单 5月": orders(order("PO-002", 供应商名称="丙公司")),      # listed nowhere
    })
    doc = cli_json("validate", path, "--today", TODAY)
    assert findings(doc) == [("供应商名录 下", "A4", "CX110"), ("采购订单 5月", "B3", "CX251")]


def test_marks_land_on_the_sheet_of_each_finding(months, tmp_path, cli):
    out = tmp_path / "marked.xlsx"
    assert cli("validate", months, "--today", TODAY, "--out", out).returncode == 1
    wb = openpyxl.load_workbook(out)
    may, april = wb["采购订单 5月"], wb["采购订单 4月"]
    assert may["B4"].comment is not None and "CX110" in may["B4"].comment.text
    assert may["B4"].value == "PO-002"
    assert april["A4"].value == "PO-002" and april["A4"].comment is None
    noted = [(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert noted == [("采购订单 5月", "B4")]
    res = wb["校验结果"]
    listed = [(res.cell(row=r, column=2).value, res.cell(row=r, column=6).value) for r in range(4, res.max_row + 1)
              if res.cell(row=r, column=9).value == "CX110"]
    assert listed == [("采购订单 5月", "B4")]


def test_one_sheet_reports_as_before_and_the_same_rows_split_by_month_report_the_same(
        tmp_path, write_book, cli_json):
    rows = [order("PO-001"), order("PO-002", 供应商名称="丙公司"), order("PO-001"), order("PO-003", 金额="999")]
    one = write_book(tmp_path / "一张.xlsx", {"供应商名录": directory(SUPPLIER["供应商名称"]),
                                             "采购订单": orders(*rows)})
    doc = cli_json("validate", one, "--today", TODAY)
    assert findings(doc) == [("采购订单", "B4", "CX251"), ("采购订单", "A5", "CX110"), ("采购订单", "F6", "CX252")]
    split = write_book(tmp_path / "按月.xlsx", {"供应商名录": directory(SUPPLIER["供应商名称"]),
                                              "采购订单 4月": orders(*rows[:2]), "采购订单 5月": orders(*rows[2:])})
    doc2 = cli_json("validate", split, "--today", TODAY)
    assert findings(doc2) == [("采购订单 4月", "B4", "CX251"), ("采购订单 5月", "A3", "CX110"),
                              ("采购订单 5月", "F4", "CX252")]
    strip = [{k: v for k, v in f.items() if k not in ("sheet", "row", "cell")} for f in doc["findings"]]
    assert strip == [{k: v for k, v in f.items() if k not in ("sheet", "row", "cell")} for f in doc2["findings"]]


def test_late_lists_every_month_sheet_in_one_list(tmp_path, write_book, cli_json):
    path = write_book(tmp_path / "采购-按月.xlsx", {
        "供应商名录": directory(SUPPLIER["供应商名称"]),
        "采购订单 4月": orders(order("PO-001", 要求交付日期="2024-05-20", 实际交付日期="2024-05-22")),
        "采购订单 5月": orders(order("PO-002", 要求交付日期="2024-05-10", 实际交付日期="2024-05-20")),
    })
    doc = cli_json("late", path, "--today", TODAY)
    got = [(i["sheet"], i["row"], i["days_late"]) for i in doc["items"]]
    assert got == [("采购订单 5月", 3, 10), ("采购订单 4月", 3, 2)]     # most days late first, across sheets


def test_rank_scores_one_evaluation_sheet_per_quarter_as_one_table(tmp_path, cli_json):
    import rank_workbooks as W
    path = W.write(tmp_path / "供应商评估-按季.xlsx", {
        "供应商名录": W.directory_sheet(), "评估 2024Q1": W.evaluation_sheet(W.Q1), "评估 2024Q2": W.evaluation_sheet(W.Q2)})
    doc = cli_json("rank", path, "--today", W.TODAY.isoformat())
    got = [(s["rank"], s["supplier"], s["score"], s["change"], s["rectification"], s["consecutive_below"])
           for s in doc["suppliers"]]
    assert got == [(rank, name, score, change, below, run) for rank, name, _, _, score, change, below, run, _ in W.EXPECTED_Q2]
    assert doc["excluded_rows"] == W.EXCLUDED_ROWS


def test_two_blocks_of_one_table_on_a_sheet_are_one_table(tmp_path, write_book, cli_json):
    path = write_book(tmp_path / "采购.xlsx", {
        "供应商名录": directory(SUPPLIER["供应商名称"]),
        "采购订单": orders(order("PO-001")) + [[]] + orders(order("PO-002"), order("PO-001")),
    })
    doc = cli_json("validate", path, "--today", TODAY)
    assert [(t["sheet"], t["header_row"], t["rows"]) for t in doc["tables"]] == [
        ("供应商名录", 2, 1), ("采购订单", 2, 1), ("采购订单", 6, 2)]
    assert findings(doc) == [("采购订单", "A8", "CX110")]
