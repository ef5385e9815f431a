"""The guide's supplier rules added by tables-2.md (供应商名录, 采购订单, 供应商评估表), through the
command line as a user runs them: `collab-xl validate/late --format json`."""
from __future__ import annotations

import pytest

from collab_xl.catalog import TABLES

from helpers import TODAY, table_rows

SUPPLIER = TABLES["supplier_directory"].clean
EVALUATION = TABLES["supplier_evaluation"].clean
ORDER = TABLES["purchase_orders"].clean


def directory(*rows: dict) -> list[list]:
    return table_rows("supplier_directory", [{**SUPPLIER, **r} for r in rows])


def evaluations(*rows: dict) -> list[list]:
    return table_rows("supplier_evaluation", [{**EVALUATION, **r} for r in rows])


def orders(*rows: dict) -> list[list]:
    return table_rows("purchase_orders", [{**ORDER, **r} for r in rows])


def found(doc: dict, code: str) -> list[tuple[str, str, str]]:
    return [(f["sheet"], f["cell"], f["message"]) for f in doc["findings"] if f["code"] == code]


# -- CX243: every directory supplier evaluated in every quarter of the evaluation sheet ---------------
MINXING, RONGDA, HAIXIA = "福州闽星办公用品有限公司", "福州榕达物流有限公司", "厦门海峡印务有限公司"


@pytest.fixture
def quarters_book(tmp_path, write_book):
    """闽星 evaluated in 2024Q1 and Q2; 榕达 only in Q1; 海峡 never, but listed on 2024-05-10 (so
    Q1, over before it joined, is not owed); 新星 never and listed after Q2."""
    return write_book(tmp_path / "供应商.xlsx", {
        "供应商名录": directory({"供应商名称": MINXING, "纳入日期": "2023-12-01"},
                           {"供应商名称": RONGDA, "统一社会信用代码": ""},
                           {"供应商名称": HAIXIA, "统一社会信用代码": "", "纳入日期": "2024-05-10"},
                           {"供应商名称": "福州新星文具有限公司", "统一社会信用代码": "", "纳入日期": "2024-07-01"}),
        "供应商评估表": evaluations({"评估季度": "2024Q1", "评估日期": "2024-03-28"},
                             {"评估季度": "2024年第2季度"},
                             {"评估季度": "2024Q1", "评估日期": "2024-03-28", "供应商名称": RONGDA}),
    })


def test_a_supplier_missing_quarters_gets_one_warning_listing_them(quarters_book, cli_json):
    doc = cli_json("validate", quarters_book, "--today", TODAY)
    assert found(doc, "CX243") == [
        ("供应商名录", "A4", f"「{RONGDA}」在供应商评估表中没有 2024Q2 的评估"),
        ("供应商名录", "A5", f"「{HAIXIA}」在供应商评估表中没有 2024Q2 的评估"),
    ]
    assert {f["severity"] for f in doc["findings"] if f["code"] == "CX243"} == {"warning"}
    assert doc["summary"]["errors"] == 0


def test_several_missing_quarters_are_listed_in_one_finding_in_english(tmp_path, write_book, cli_json):
    path = write_book(tmp_path / "s.xlsx", {
        "供应商名录": directory({}, {"供应商名称": RONGDA, "统一社会信用代码": ""}),
        "供应商评估表": evaluations({"评估季度": "2024Q2"}, {"评估季度": "2024Q1", "评估日期": "2024-03-28"},
                             {"评估季度": "2023Q4", "评估日期": "2023-12-28"}),
    })
    doc = cli_json("validate", path, "--today", TODAY, "--lang", "en")
    assert found(doc, "CX243") == [
        ("供应商名录", "A4", f"\"{RONGDA}\" has no row in the supplier evaluation for 2023Q4, 2024Q1, 2024Q2")]


def test_names_match_across_the_tables_ignoring_spaces_and_full_width_forms(tmp_path, write_book, cli_json):
    path = write_book(tmp_path / "s.xlsx", {
        "供应商名录": directory({"供应商名称": "ABC 贸易公司"}),
        "供应商评估表": evaluations({"供应商名称": "ＡＢＣ贸易公司"}),
    })
    doc = cli_json("validate", path, "--today", TODAY)
    assert found(doc, "CX243") == []


def test_without_an_evaluation_sheet_nothing_is_owed(tmp_path, write_book, cli_json):
    path = write_book(tmp_path / "s.xlsx", {"供应商名录": directory({}, {"供应商名称": RONGDA, "统一社会信用代码": ""})})
    assert cli_json("validate", path, "--today", TODAY)["findings"] == []
