"""询价比价表 (quotations, tables-2.md): at least 3 suppliers an enquiry (CX341), the supplier chosen
in the directory (CX342), and 采购订单's 询价单号 pointing at an enquiry (CX254) — as a purchasing
clerk keeps the sheet (a title row, merged 询价单号 / 采购事项 cells), on the command line and through
the Excel remote engine."""
from __future__ import annotations

import openpyxl
import pytest

from collab_xl.catalog import TABLES

from helpers import TODAY, table_rows

Q = TABLES["quotations"]
QUOTE = Q.clean
SUPPLIER = TABLES["supplier_directory"].clean
ORDER = TABLES["purchase_orders"].clean
MINXING, RONGCHENG, XINHUA = "福州闽星办公用品有限公司", "福州榕城文具有限公司", "福州新华文具有限公司"


def found(doc: dict, code: str) -> list[tuple[str, str]]:
    return [(f["cell"], f["message"]) for f in doc["findings"] if f["code"] == code]


def clerk_book(path, directory: bool = True):
    """The sheet as a clerk keeps it: a title row, then the header; XJ-1's number and subject merged
    over its three rows, one supplier typed twice (full-width letters, a space), so it has 2
    suppliers; XJ-2 typed on every row (an OA export) with 3; XJ-3 a single quotation."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "询价比价"
    ws.append(["询价比价记录(2024年5月)"])
    ws.append([c.header for c in Q.columns])
    rows = [
        ("XJ-1", "A4复印纸", MINXING, 25, "是"), ("", "", RONGCHENG, 24, "否"), ("", "", "福州闽星 办公用品有限公司", 23, "否"),
        ("XJ-2", "订书机", MINXING, 12, "否"), ("XJ-2", "订书机", RONGCHENG, 11, "是"), ("XJ-2", "订书机", XINHUA, 13, "否"),
        ("XJ-3", "白板", "福州优品家具有限公司", 480, "是"),
    ]
    for no, what, sup, price, chosen in rows:
        ws.append([no, what, sup, "标准款", 10, price, "3天", "质保1年", "2024年5月6日", chosen])
    ws.merge_cells("A3:A5")
    ws.merge_cells("B3:B5")
    if directory:
        wd = wb.create_sheet("供应商名录")
        for r in table_rows("supplier_directory", [SUPPLIER, {**SUPPLIER, "供应商名称": RONGCHENG,
                                                              "统一社会信用代码": ""}]):
            wd.append(r)
    wb.save(path)
    return path


def test_an_enquiry_with_fewer_than_three_suppliers_is_marked_on_its_first_row(tmp_path, cli_json):
    doc = cli_json("validate", clerk_book(tmp_path / "询价.xlsx"), "--today", TODAY)
    assert found(doc, "CX341") == [
        ("A3", "询价单号「XJ-1」只有 2 家供应商报价,至少需要 3 家"),
        ("A9", "询价单号「XJ-3」只有 1 家供应商报价,至少需要 3 家"),
    ]
    assert {f["severity"] for f in doc["findings"] if f["code"] == "CX341"} == {"error"}
    # the chosen supplier of XJ-3 is not in the directory; XJ-1's and XJ-2's are
    assert found(doc, "CX342") == [("C9", "选中的供应商「福州优品家具有限公司」不在本工作簿的供应商名录中")]
    assert {f["code"] for f in doc["findings"]} == {"CX341", "CX342"}


def test_the_minimum_comes_from_the_configuration(tmp_path, cli_json):
    path = clerk_book(tmp_path / "询价.xlsx")
    (tmp_path / "collab-xl.toml").write_text("[limits]\nmin_quotes = 2\n", encoding="utf-8")
    doc = cli_json("validate", path, "--today", TODAY, "--config", tmp_path / "collab-xl.toml")
    assert [c for c, _ in found(doc, "CX341")] == ["A9"]


def test_without_a_directory_the_chosen_supplier_is_not_checked(tmp_path, cli_json):
    doc = cli_json("validate", clerk_book(tmp_path / "询价.xlsx", directory=False), "--today", TODAY)
    assert found(doc, "CX342") == [] and len(found(doc, "CX341")) == 2


def test_english_message(tmp_path, cli_json):
    doc = cli_json("validate", clerk_book(tmp_path / "询价.xlsx"), "--today", TODAY, "--lang", "en")
    assert found(doc, "CX341")[0] == ("A3", "Enquiry \"XJ-1\" has quotations from 2 supplier(s); at least 3 are needed")


def test_the_excel_scripts_mark_the_same_cells(tmp_path, cli_json, xlwings_env):
    from test_excel_scripts import coloured, run
    path = clerk_book(tmp_path / "询价.xlsx")
    findings = cli_json("validate", path, "--today", TODAY)["findings"]
    _, applied = run(path, "validate_all", out=tmp_path / "v.xlsx")
    got = coloured(openpyxl.load_workbook(applied.path))
    assert got["A"] == {("询价比价", "A3"), ("询价比价", "A9")}
    assert got["A"] == {(f["sheet"], f["cell"]) for f in findings if f["severity"] == "error"}
    assert got["B"] == {(f["sheet"], f["cell"]) for f in findings if f["severity"] == "warning"} == {("询价比价", "C9")}


# -- CX254: an order's 询价单号 is an enquiry of the 询价比价表 ----------------------------------------
def orders_book(tmp_path, write_book, quotations: bool = True):
    sheets = {"供应商名录": table_rows("supplier_directory", [SUPPLIER]),
              "采购订单": table_rows("purchase_orders", [
                  {**ORDER, "询价单号": "XJ-2024-001"},
                  {**ORDER, "订单号": "PO-2024-002", "询价单号": "ＸＪ-2024-001 "},     # full-width, a space
                  {**ORDER, "订单号": "PO-2024-003", "询价单号": "XJ-2024-009"},
                  {**ORDER, "订单号": "PO-2024-004", "询价单号": ""}])}
    if quotations:
        sheets["询价比价"] = table_rows("quotations", [QUOTE, *({**QUOTE, **r} for r in Q.clean_with)])
    return write_book(tmp_path / "采购.xlsx", sheets)


def test_an_orders_enquiry_must_be_in_the_quotations(tmp_path, write_book, cli_json):
    doc = cli_json("validate", orders_book(tmp_path, write_book), "--today", TODAY)
    assert found(doc, "CX254") == [("N5", "询价单号「XJ-2024-009」不在询价比价表中")]
    assert [f["code"] for f in doc["findings"]] == ["CX254"]


def test_without_quotations_the_enquiry_is_not_checked(tmp_path, write_book, cli_json):
    doc = cli_json("validate", orders_book(tmp_path, write_book, quotations=False), "--today", TODAY)
    assert doc["findings"] == []


# -- the template sheet ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_sheet_is_found_as_the_quotations_only(tmp_path, cli, cli_json, lang):
    out = tmp_path / "询价.xlsx"
    code, _, err = cli("new", "--table", "quotations", "--out", out, "--lang", lang)
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    ws = wb[Q.sheet[0 if lang == "zh" else 1]]
    assert ws["A1"].value == Q.title[0 if lang == "zh" else 1]
    assert [c.value for c in ws[2]] == [c.header if lang == "zh" else c.en for c in Q.columns]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any(dv.formula1 == '"是,否"' and str(dv.sqref).startswith("J") for dv in lists)
    doc = cli_json("validate", out, "--today", TODAY)
    assert [t["table"] for t in doc["tables"]] == ["quotations"] and doc["findings"] == []
