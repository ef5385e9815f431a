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


# -- 采购订单: the added columns and CX255–CX259 ------------------------------------------------------
LATER = "2024-07-10"     # every date of these orders is in the past
SHIPPED = [c for c in TABLES["purchase_orders"].columns if not c.added]


def order_sheet(*rows: dict, columns=None) -> list[list]:
    """An orders sheet with these columns (default: every catalog column), rows over the clean one."""
    cols = columns if columns is not None else list(TABLES["purchase_orders"].columns)
    return [["采购订单"], [c.header for c in cols]] + [[{**ORDER, **r}.get(c.key, "") for c in cols] for r in rows]


def check_orders(tmp_path, write_book, cli_json, *rows, columns=None, today=LATER, lang="zh", config=None):
    path = write_book(tmp_path / "订单.xlsx", {"供应商名录": directory({}),
                                             "采购订单": order_sheet(*rows, columns=columns)})
    args = ["validate", path, "--today", today, "--lang", lang]
    if config:
        cfg = tmp_path / "collab-xl.toml"
        cfg.write_text(config, encoding="utf-8")
        args += ["--config", cfg]
    return cli_json(*args)


def codes(doc: dict) -> list[tuple[str, str]]:
    return [(f["cell"], f["code"]) for f in doc["findings"]]


def test_an_order_sheet_from_todays_template_stays_valid_without_the_added_columns(tmp_path, write_book, cli_json):
    doc = check_orders(tmp_path, write_book, cli_json, {"验收结果": "不合格", "补发到货时间": "2024-05-30 14:00"},
                       {"订单号": "PO-2", "验收结果": "合格"}, columns=SHIPPED)
    assert doc["findings"] == []     # no 交付地址 column: no CX002; no 拒收时间 column: nothing required
    # 补发到货时间 is now a date-time (tables-2.md: with its time): a date alone is only a warning
    doc = check_orders(tmp_path, write_book, cli_json, {"验收结果": "不合格", "补发到货时间": "2024-05-30"}, columns=SHIPPED)
    assert codes(doc) == [("K3", "CX117")] and doc["summary"] == {"errors": 0, "warnings": 1}


def test_delivery_address_is_required_once_the_column_is_there(tmp_path, write_book, cli_json):
    doc = check_orders(tmp_path, write_book, cli_json, {"交付地址": ""})
    col = TABLES["purchase_orders"].col("address")
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[TABLES["purchase_orders"].columns.index(col)]
    assert codes(doc) == [(f"{letter}3", "CX101")]


def test_acceptance_needs_departments_checks_and_a_stock_in_slip(tmp_path, write_book, cli_json):
    doc = check_orders(tmp_path, write_book, cli_json,
                       {"验收部门": "", "验收项目": "数量、质量", "入库单签署日期": ""},
                       {"订单号": "PO-2", "验收结果": "不合格", "验收部门": "采购部", "入库单签署日期": "", "拒收时间": ""},
                       {"订单号": "PO-3", "验收结果": "待验收", "验收部门": "", "验收项目": "", "入库单签署日期": "",
                        "付款日期": ""})
    got = [(f["row"], f["column"], f["code"], f["message"]) for f in doc["findings"]]
    assert got == [
        (3, "验收部门", "CX121", "「验收结果」为「合格/不合格」时「验收部门」必须填写"),
        (3, "验收项目", "CX120", "「验收项目」缺少必备要素:规格"),
        (3, "入库单签署日期", "CX121", "「验收结果」为「合格」时「入库单签署日期」必须填写"),
        (4, "验收部门", "CX257", "验收部门「采购部」须包括采购部和使用部门"),
        (4, "拒收时间", "CX121", "「验收结果」为「不合格」时「拒收时间」必须填写"),
    ]


def test_shipment_must_match_the_order(tmp_path, write_book, cli_json):
    doc = check_orders(tmp_path, write_book, cli_json, {"发货数量": "48", "发货核对": "不一致"},
                       {"订单号": "PO-2", "发货数量": "50.0", "发货核对": "一致"}, lang="en")
    got = [(f["row"], f["column"], f["code"], f["severity"], f["message"]) for f in doc["findings"]]
    assert got == [
        (3, "发货数量", "CX255", "error", "The quantity shipped \"48\" differs from the quantity ordered \"50\""),
        (3, "发货核对", "CX255", "error", "The shipment check says \"不一致\": the goods shipped do not match the order"),
    ]


def test_arrival_is_confirmed_a_day_before_as_the_guide_example_says(tmp_path, write_book, cli_json):
    # tables-2.md: 送达 05-25 → confirm by 05-24
    rows = [{"订单号": f"PO-{k}", "预计到货日期": "2024-05-25", "到货确认日期": d}
            for k, d in enumerate(["2024-05-24", "2024-05-20", "2024-05-25", "2024年5月26日"])]
    doc = check_orders(tmp_path, write_book, cli_json, *rows)
    assert [(f["row"], f["code"], f["severity"]) for f in doc["findings"]] == [(5, "CX256", "warning"), (6, "CX256", "warning")]
    assert doc["findings"][0]["message"] == "到货确认日期「2024-05-25」晚于预计到货日期「2024-05-25」前 1 天"
    more = check_orders(tmp_path, write_book, cli_json, *rows, config="[limits]\nconfirm_days_before = 2\n")
    assert [f["row"] for f in more["findings"]] == [3, 5, 6]     # 05-24 is now a day late


def test_rejected_goods_are_replaced_within_48_clock_hours(tmp_path, write_book, cli_json):
    rejected = {"验收结果": "不合格", "入库单签署日期": ""}
    rows = [
        {**rejected, "订单号": "PO-1", "拒收时间": "2024-05-24 17:00", "补发到货时间": "2024-05-26 17:00"},   # Fri → Sun: 48 h
        {**rejected, "订单号": "PO-2", "拒收时间": "2024-05-24 17:00", "补发到货时间": "2024-05-27 09:00"},   # 64 h
        {**rejected, "订单号": "PO-3", "拒收时间": "2024-05-24", "补发到货时间": "2024-05-27"},               # dates: not judged late
        {**rejected, "订单号": "PO-4", "拒收时间": "2024-05-24", "补发到货时间": "2024-05-27 08:00"},         # > 24:00 + 48 h
        {**rejected, "订单号": "PO-5", "拒收时间": "2024-05-24 17:00", "补发到货时间": "2024-05-24 09:00"},   # before: CX118
    ]
    doc = check_orders(tmp_path, write_book, cli_json, *rows)
    got = [(f["row"], f["column"], f["code"]) for f in doc["findings"]]
    assert got == [(4, "补发到货时间", "CX258"), (5, "补发到货时间", "CX117"), (5, "拒收时间", "CX117"),
                   (6, "补发到货时间", "CX258"), (6, "拒收时间", "CX117"), (7, "补发到货时间", "CX118")]
    late = next(f for f in doc["findings"] if f["code"] == "CX258")
    assert late["message"] == "补发到货时间「2024-05-27 09:00」晚于拒收时间「2024-05-24 17:00」48 小时以上"


def test_payment_is_due_at_the_end_of_the_stock_in_month_plus_30_days(tmp_path, write_book, cli_json):
    rows = [
        {"订单号": "PO-1", "入库单签署日期": "2024-05-24", "付款日期": "2024-06-30"},           # the spec's example: due 06-30
        {"订单号": "PO-2", "入库单签署日期": "2024-05-24", "付款日期": "2024-07-01"},
        {"订单号": "PO-3", "验收结果": "待验收", "实际交付日期": "2024-04-28", "入库单签署日期": "",
         "付款日期": "2024-06-01"},                                                          # no slip: from 04-30
    ]
    doc = check_orders(tmp_path, write_book, cli_json, *rows, lang="en")
    got = [(f["row"], f["code"], f["severity"], f["message"]) for f in doc["findings"]]
    assert got == [
        (4, "CX259", "warning", "The payment date \"2024-07-01\" is after the due date 2024-06-30 (30 days after the end of the month of stock-in)"),
        (5, "CX259", "warning", "The payment date \"2024-06-01\" is after the due date 2024-05-30 (30 days after the end of the month of stock-in)"),
    ]
    longer = check_orders(tmp_path, write_book, cli_json, *rows, config="[limits]\npayment_days = 45\n")
    assert longer["findings"] == []


# -- 采购订单's two other Late lines (tables-2.md): replacement within 48 h, payment by its due -------
# A table holds one Late line until the late view takes several: these run the late view with the
# line swapped in (as tests/test_late_hours.py does).
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402

import pandas as pd  # noqa: E402

from collab_xl.app.late import to_doc  # noqa: E402
from collab_xl.catalog import Context  # noqa: E402
from collab_xl.catalog.purchase_orders import PAYMENT_LATE, REPLACEMENT_LATE  # noqa: E402
from collab_xl.config import Config, config_from_mapping  # noqa: E402
from collab_xl.core.late import find_late  # noqa: E402
from collab_xl.core.validate import validate_grids  # noqa: E402

from late_workbooks import grids  # noqa: E402


def late_with(line, rows, today="2024-06-05", config=None):
    config = config or Config.default()
    ctx = Context(today=dt.date.fromisoformat(today), config=config)
    rep = validate_grids("t.xlsx", grids({"purchase_orders": [{**ORDER, **r} for r in rows]}), ctx, "zh")
    res = rep.results[0]
    table = dataclasses.replace(TABLES["purchase_orders"], late=line)
    res = dataclasses.replace(res, hit=dataclasses.replace(res.hit, table=table))
    return find_late(dataclasses.replace(rep, results=[res]), ctx.today, config)


def by_row(frame):
    return {int(r): rec for r, rec in zip(frame["row"], frame.to_dict("records"))}


REJECTED = {"验收结果": "不合格", "入库单签署日期": "", "付款日期": ""}


def test_replacement_line_is_late_by_clock_hours_from_the_rejection():
    got = late_with(REPLACEMENT_LATE, [
        {**REJECTED, "订单号": "PO-1", "拒收时间": "2024-05-31 17:00", "补发到货时间": "2024-06-03 09:00"},  # 16 h late
        {**REJECTED, "订单号": "PO-2", "拒收时间": "2024-05-31 17:00", "补发到货时间": "2024-06-02 17:00"},  # on time
        {**REJECTED, "订单号": "PO-3", "拒收时间": "2024-06-01 10:00", "补发到货时间": ""},                  # overdue
        {**REJECTED, "订单号": "PO-4", "拒收时间": "2024-06-04 10:00", "补发到货时间": ""},                  # not due yet
        {"订单号": "PO-5", "拒收时间": "2024-05-01 10:00"},                                                # 合格: not about it
    ])
    rows = by_row(got.items)
    assert sorted(rows) == [3, 5]
    assert rows[3]["status"] == "late" and rows[3]["hours_late"] == 16.0
    assert rows[3]["due"] == pd.Timestamp("2024-06-02 17:00") and rows[3]["owner"] == ORDER["供应商名称"]
    assert rows[5]["status"] == "overdue" and rows[5]["timed"]
    item = next(i for i in to_doc(got, "t.xlsx", "zh")["items"] if i["row"] == 3)
    assert (item["due_at"], item["done_at"], item["hours_late"]) == ("2024-06-02T17:00", "2024-06-03T09:00", 16.0)


def test_replacement_line_reads_the_configured_hours():
    got = late_with(REPLACEMENT_LATE, [
        {**REJECTED, "订单号": "PO-1", "拒收时间": "2024-05-31 17:00", "补发到货时间": "2024-06-02 17:00"}],
        config=config_from_mapping({"limits": {"replace_hours": 24}}))
    assert [(r["status"], r["hours_late"]) for r in by_row(got.items).values()] == [("late", 24.0)]


def test_payment_line_has_cx259s_due():
    got = late_with(PAYMENT_LATE, [
        {"订单号": "PO-1", "实际交付日期": "2024-04-20", "入库单签署日期": "2024-04-22", "付款日期": "2024-06-01"},  # due 05-30
        {"订单号": "PO-2", "实际交付日期": "2024-04-20", "入库单签署日期": "2024-04-22", "付款日期": "2024-05-30"},  # on time
        {"订单号": "PO-3", "实际交付日期": "2024-04-10", "入库单签署日期": "2024-04-12", "付款日期": ""},            # overdue
        {"订单号": "PO-4", "实际交付日期": "2024-05-20", "入库单签署日期": "2024-05-22", "付款日期": ""},            # due 06-30
        {"订单号": "PO-5", "实际交付日期": "2024-03-20", "入库单签署日期": "", "付款日期": ""},                      # not tracked
    ])
    rows = by_row(got.items)
    assert sorted(rows) == [3, 5]
    assert (rows[3]["status"], rows[3]["due"], rows[3]["days_late"]) == ("late", pd.Timestamp("2024-05-30"), 2)
    assert (rows[5]["status"], rows[5]["due"]) == ("overdue", pd.Timestamp("2024-05-30"))
    assert not rows[3]["timed"]
