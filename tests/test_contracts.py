"""采购合同登记表 (contracts, tables-2.md) and what it feeds: the supplier in the directory (CX351),
terms that cannot be read (CX352), 采购订单's 合同编号 (CX253), the payment due from 月结N天 (CX259
and the payment Late line) and the penalty rate from 每日扣款X% — on the command line, through the
Excel remote engine, and across the files of one command (the Late lines ask a Context)."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from collab_xl.catalog import TABLES, Context
from collab_xl.cells.terms import daily_rate_of, payment_days_of
from collab_xl.config import Config
from collab_xl.core.late import find_late, tables_context
from collab_xl.core.validate import validate_grids

from helpers import TODAY, grid, table_rows

CONTRACT = TABLES["contracts"].clean
SUPPLIER = TABLES["supplier_directory"].clean
ORDER = TABLES["purchase_orders"].clean
MINXING, XINDA = "福州闽星办公用品有限公司", "鑫达信息技术有限公司"


def found(doc: dict, code: str) -> list[tuple[str, str]]:
    return [(f["cell"], f["message"]) for f in doc["findings"] if f["code"] == code]


# -- the terms as people type them -------------------------------------------------------------------
@pytest.mark.parametrize("text,want", [
    ("月结30天", (30, "ok")), ("月结 30 天", (30, "ok")), ("货到月结30天", (30, "ok")), ("月结３０天", (30, "ok")),
    ("月结六十天", (60, "ok")), ("60天月结", (60, "ok")), ("月结60日", (60, "ok")),
    ("货到付款", (None, "none")), ("预付30%,验收后付70%", (None, "none")), ("", (None, "none")),
    ("月结", (None, "unread")), ("月结,票到后付款", (None, "unread")), ("月结30.5天", (None, "unread")),
    ("月结30个自然日", (30, "ok")), ("月结30个工作日", (None, "unread")),
    ("月结180天", (180, "ok")), ("月结999999天", (None, "unread")), ("999999 days after month end", (None, "unread")),
    # the English template filled in English
    ("60 days after month end", (60, "ok")), ("30 days from the end of the month", (30, "ok")),
    ("Net 45 EOM", (45, "ok")), ("EOM + 30 days", (30, "ok")), ("Net 30", (None, "none")),
    ("payment at month end", (None, "unread")), ("monthly settlement, 45 days", (45, "ok")),
    ("monthly settlement", (None, "unread")),
])
def test_payment_days_of_the_terms(text, want):
    assert payment_days_of(text) == want


@pytest.mark.parametrize("text,want", [
    ("延迟配送每日扣款0.5%", (0.005, "ok")), ("每天扣0.5%", (0.005, "ok")), ("日扣款千分之五", (0.005, "ok")),
    ("每日扣款０．３％", (0.003, "ok")), ("每延迟一天扣款合同金额的1%", (0.01, "ok")), ("每日扣款5‰", (0.005, "ok")),
    ("逾期交货的,每日按订单金额万分之五支付违约金", (0.0005, "ok")), ("每日扣款百分之零点五", (0.005, "ok")),
    ("质量问题扣款5%,延迟每日扣款0.3%", (0.003, "ok")),      # the rate by the day, not the other one
    ("按《民法典》执行", (None, "none")), ("违约方承担合同总额20%的违约金", (None, "none")),
    ("每日扣款50元", (None, "unread")), ("按日扣款,比例另议", (None, "unread")),
    # the rate in the clause after "每逾期一日," — the usual contract wording
    ("每逾期一日，按未交货部分货款的千分之三支付违约金", (0.003, "ok")), ("每日扣款50元,最高不超过10%", (None, "unread")),
    ("延迟一天扣0.5%", (0.005, "ok")), ("逾期交付一日扣款1%", (0.01, "ok")),
    ("违约金为合同总额的20%,每日扣款50元", (None, "unread")),
    # the English template filled in English: the rate before the words
    ("0.3% of the order value per day of late delivery", (0.003, "ok")), ("Late delivery: 1% a day", (0.01, "ok")),
    ("20% of the contract, plus 0.5% per day", (0.005, "ok")), ("As the Civil Code says", (None, "none")),
])
def test_daily_rate_of_the_terms(text, want):
    assert daily_rate_of(text) == want


# -- the register itself -----------------------------------------------------------------------------
def clerk_book(path, orders: list[dict] | None = None, contracts: bool = True):
    """A 采购合同 sheet as a clerk keeps it (a title row, dates typed 2024年1月10日, full-width
    digits, a column of their own), a supplier directory, and orders naming the contracts."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if contracts:
        ws = wb.create_sheet("采购合同")
        ws.append(["采购合同台账(2024年)"])
        t = TABLES["contracts"]
        ws.append([c.header for c in t.columns] + ["经办人"])
        for r in [
            CONTRACT,
            {**CONTRACT, "合同编号": "HT-2024-002", "供应商名称": XINDA, "签订日期": "2024年1月10日",
             "付款方式": "货到月结６０天", "违约责任": "延迟交付每日扣款千分之三"},
            {**CONTRACT, "合同编号": "HT-2024-003", "供应商名称": "远大办公家具有限公司", "付款方式": "货到付款"},
            {**CONTRACT, "合同编号": "HT-2024-004", "付款方式": "月结", "违约责任": "逾期交货每日扣款100元"},
        ]:
            ws.append([r.get(c.key, "") for c in t.columns] + ["林工"])
    wd = wb.create_sheet("供应商名录")
    for r in table_rows("supplier_directory", [SUPPLIER, {**SUPPLIER, "供应商名称": XINDA, "统一社会信用代码": ""}]):
        wd.append(r)
    if orders is not None:
        wo = wb.create_sheet("采购订单")
        for r in table_rows("purchase_orders", [{**ORDER, **o} for o in orders]):
            wo.append(r)
    wb.save(path)
    return path


def test_contract_findings_on_the_register(tmp_path, cli_json):
    doc = cli_json("validate", clerk_book(tmp_path / "合同.xlsx"), "--today", TODAY)
    assert found(doc, "CX351") == [("B5", "「远大办公家具有限公司」不在本工作簿的供应商名录中")]
    assert found(doc, "CX352") == [
        ("E6", "付款方式「月结」写了月结,但读不出天数;该合同订单的应付日期按默认月结 30 天计算"),
        ("F6", "违约责任「逾期交货每日扣款100元」写了按日扣款,但读不出比例;该合同订单的违约金按默认每日 0.5% 计算"),
    ]
    assert {(f["code"], f["severity"]) for f in doc["findings"]} == {("CX351", "error"), ("CX352", "warning")}


def test_a_contract_number_is_unique_and_its_terms_required(tmp_path, write_book, cli_json):
    path = write_book(tmp_path / "合同.xlsx", {"采购合同": table_rows("contracts", [
        CONTRACT, {**CONTRACT, "价格折扣": "", "到期日": "2023-12-31"}])})
    doc = cli_json("validate", path, "--today", TODAY)
    assert sorted((f["cell"], f["code"]) for f in doc["findings"]) == [
        ("A4", "CX110"), ("D4", "CX101"), ("G4", "CX118")]      # CX110 on the number repeated


def test_the_excel_scripts_mark_the_same_cells(tmp_path, cli_json, xlwings_env):
    from test_excel_scripts import coloured, run
    path = clerk_book(tmp_path / "合同.xlsx", orders=[{"合同编号": "HT-2024-009"}])
    findings = cli_json("validate", path, "--today", TODAY)["findings"]
    _, applied = run(path, "validate_all", out=tmp_path / "v.xlsx")
    got = coloured(openpyxl.load_workbook(applied.path))
    assert got["A"] == {(f["sheet"], f["cell"]) for f in findings if f["severity"] == "error"} \
        == {("采购合同", "B5"), ("采购订单", "M3")}
    assert got["B"] == {(f["sheet"], f["cell"]) for f in findings if f["severity"] == "warning"} \
        == {("采购合同", "E6"), ("采购合同", "F6")}


# -- CX253: the order's contract is registered, with the order's supplier ------------------------------
def test_an_orders_contract_must_be_registered_for_its_supplier(tmp_path, cli_json):
    path = clerk_book(tmp_path / "采购.xlsx", orders=[
        {"合同编号": "HT-2024-001"},
        {"订单号": "PO-2", "合同编号": "ＨＴ-2024-001 "},                     # full-width and a space: found
        {"订单号": "PO-3", "合同编号": "HT-2024-009"},
        {"订单号": "PO-4", "合同编号": "HT-2024-002"},                        # 鑫达's contract, 闽星's order
        {"订单号": "PO-5", "合同编号": ""},
    ])
    doc = cli_json("validate", path, "--today", TODAY, "--lang", "en")
    assert found(doc, "CX253") == [
        ("M5", "The contract no. \"HT-2024-009\" is not in the purchase contracts"),
        ("M6", f"The contract no. \"HT-2024-002\" is with \"{XINDA}\", not this order's supplier"),
    ]


def test_without_a_contract_register_the_contract_is_not_checked(tmp_path, cli_json):
    doc = cli_json("validate", clerk_book(tmp_path / "采购.xlsx", orders=[{"合同编号": "HT-2024-009"}],
                                          contracts=False), "--today", TODAY)
    assert doc["findings"] == []


# -- CX259 and the payment line: N from the contract's 月结N天 -------------------------------------------
def stocked(no, supplier, contract, slip, paid):
    return {"订单号": no, "供应商名称": supplier, "合同编号": contract, "实际交付日期": slip,
            "入库单签署日期": slip, "付款日期": paid}


def test_payment_due_counts_the_contracts_days(tmp_path, cli_json):
    path = clerk_book(tmp_path / "采购.xlsx", orders=[
        stocked("PO-1", XINDA, "HT-2024-002", "2024-04-16", "2024-06-04"),    # 60 days: due 06-29, on time
        stocked("PO-2", MINXING, "HT-2024-001", "2024-04-16", "2024-06-04"),  # 30 days: due 05-30
        stocked("PO-3", MINXING, "", "2024-04-16", "2024-06-04"),             # no contract: payment_days
        stocked("PO-4", XINDA, "HT-2024-002", "2024-03-20", "2024-06-01"),    # 60 days: due 05-30
        stocked("PO-5", MINXING, "HT-2024-004", "2024-04-16", "2024-06-04"),  # 月结 unread: default
    ])
    doc = cli_json("validate", path, "--today", TODAY)
    assert found(doc, "CX259") == [
        ("W4", "付款日期「2024-06-04」晚于应付日期 2024-05-30(入库当月月末后 30 天)"),
        ("W5", "付款日期「2024-06-04」晚于应付日期 2024-05-30(入库当月月末后 30 天)"),
        ("W6", "付款日期「2024-06-01」晚于应付日期 2024-05-30(入库当月月末后 60 天)"),
        ("W7", "付款日期「2024-06-04」晚于应付日期 2024-05-30(入库当月月末后 30 天)"),
    ]
    late = cli_json("late", path, "--today", TODAY)
    pay = {i["row"]: (i["due"], i["days_late"]) for i in late["items"] if i.get("line") == "payment"}
    assert pay == {4: ("2024-05-30", 5), 5: ("2024-05-30", 5), 6: ("2024-05-30", 2), 7: ("2024-05-30", 5)}


def test_an_unpaid_order_is_overdue_from_the_contracts_due(tmp_path, cli_json):
    path = clerk_book(tmp_path / "采购.xlsx", orders=[
        stocked("PO-1", XINDA, "HT-2024-002", "2024-03-28", ""),      # 03-31 + 60 = 05-30
        stocked("PO-2", XINDA, "", "2024-03-28", "")])                 # 03-31 + 30 = 04-30
    late = cli_json("late", path, "--today", TODAY)
    pay = {i["row"]: (i["status"], i["due"], i["days_late"]) for i in late["items"] if i.get("line") == "payment"}
    assert pay == {3: ("overdue", "2024-05-30", 6), 4: ("overdue", "2024-04-30", 36)}


# -- the penalty rate: 每日扣款X% of the order's contract ------------------------------------------------
def late_order(no, supplier, contract, amount, due, done):
    return {"订单号": no, "供应商名称": supplier, "合同编号": contract, "数量": "1", "单价": amount, "金额": amount,
            "要求交付日期": due, "实际交付日期": done, "入库单签署日期": done, "付款日期": ""}


def test_the_penalty_rate_comes_from_the_contract(tmp_path, cli_json):
    path = clerk_book(tmp_path / "采购.xlsx", orders=[
        late_order("PO-1", XINDA, "HT-2024-002", "52000", "2024-04-30", "2024-05-08"),   # 0.3% × 8 days
        late_order("PO-2", MINXING, "", "52000", "2024-04-30", "2024-05-08"),            # default 0.5%
        late_order("PO-3", MINXING, "HT-2024-001", "52000", "2024-04-30", "2024-05-08"),  # 0.5% stated
        late_order("PO-4", MINXING, "HT-2024-004", "52000", "2024-04-30", "2024-05-08"),  # unreadable: default
        late_order("PO-5", MINXING, "HT-2024-002", "52000", "2024-04-30", "2024-05-08"),  # 鑫达's: not this order's
        late_order("PO-6", XINDA, "HT-2024-002", "1005", "2024-05-20", "2024-05-21"),    # 3.015 → 3.02 (half up)
    ])
    late = cli_json("late", path, "--today", TODAY)
    pen = {i["row"]: i["penalty"] for i in late["items"] if i["table"] == "purchase_orders" and not i.get("line")}
    assert pen == {3: 1248.0, 4: 2080.0, 5: 2080.0, 6: 2080.0, 7: 2080.0, 8: 3.02}


def test_contract_terms_in_a_contracts_wording_and_in_english_feed_the_order(tmp_path, cli_json):
    """"每逾期一日,按…千分之三支付违约金" (the rate after the comma) and the English template filled in
    English ("60 days after month end", "0.3% … per day") set the order's due and penalty, without
    CX352: before, both fell back to 30 days and 0.5% in silence (or with a false CX352)."""
    t = TABLES["contracts"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Purchase contracts"
    ws.append([c.en for c in t.columns])
    ws.append(["C-001", MINXING, "2024-01-05", "5% off", "60 days after month end",
               "0.3% of the order value per day of late delivery", "2024-12-31"])
    ws.append(["HT-2024-009", XINDA, "2024-01-05", "9.5折", "月结30天",
               "每逾期一日，按未交货部分货款的千分之三支付违约金", "2024-12-31"])
    wo = wb.create_sheet("采购订单")
    for r in table_rows("purchase_orders", [
            {**ORDER, **late_order("PO-1", MINXING, "C-001", "52000", "2024-03-20", "2024-03-28")},
            {**ORDER, **late_order("PO-2", XINDA, "HT-2024-009", "52000", "2024-04-30", "2024-05-08")}]):
        wo.append(r)
    path = tmp_path / "contracts.xlsx"
    wb.save(path)
    doc = cli_json("validate", path, "--today", TODAY)
    assert found(doc, "CX352") == []
    late = cli_json("late", path, "--today", TODAY)
    pen = {i["row"]: i["penalty"] for i in late["items"] if i["table"] == "purchase_orders" and not i.get("line")}
    assert pen == {3: 1248.0, 4: 1248.0}          # 52000 × 0.3% × 8 days (the default 0.5% gives 2080.00)
    pay = {i["row"]: i["due"] for i in late["items"] if i.get("line") == "payment"}
    assert pay == {3: "2024-05-30"}               # 03-31 + 60 days (not 04-30), unpaid on 06-05


def test_a_slip_in_the_contracts_days_does_not_stop_the_check(tmp_path, cli_json):
    """月结999999天 (a slip of the keyboard) would put the due past any calendar: it is not read, the
    default applies and CX352 says so (before: "rule CX259 could not run", exit 2)."""
    path = clerk_book(tmp_path / "采购.xlsx", orders=[
        stocked("PO-1", MINXING, "HT-2024-001", "2024-04-16", "2024-06-04")])
    wb = openpyxl.load_workbook(path)
    wb["采购合同"]["E3"] = "月结999999天"
    wb.save(path)
    doc = cli_json("validate", path, "--today", TODAY)
    assert [c for c, _ in found(doc, "CX352")] == ["E3", "E6", "F6"]      # E6, F6: HT-2024-004 of clerk_book
    assert found(doc, "CX259") == [("W3", "付款日期「2024-06-04」晚于应付日期 2024-05-30(入库当月月末后 30 天)")]
    late = cli_json("late", path, "--today", TODAY)
    assert [(i["row"], i["due"]) for i in late["items"] if i.get("line") == "payment"] == [(3, "2024-05-30")]


def test_orders_without_a_contract_keep_the_configured_rate(tmp_path, cli_json):
    path = clerk_book(tmp_path / "采购.xlsx", orders=[
        late_order("PO-1", MINXING, "", "1000", "2024-05-20", "2024-05-23"),
        late_order("PO-2", XINDA, "HT-2024-002", "1000", "2024-05-20", "2024-05-23")], contracts=True)
    cfg = tmp_path / "collab-xl.toml"
    cfg.write_text("[late]\npenalty_rate_per_day = 0.01\n", encoding="utf-8")
    late = cli_json("late", path, "--today", TODAY, "--config", cfg)
    assert {i["row"]: i["penalty"] for i in late["items"]} == {3: 30.0, 4: 9.0}


# -- across files: the Late lines and the rules ask a Context, not the file ----------------------------
def test_orders_and_contracts_in_two_files_read_together():
    ctx = Context(today=TODAY, config=Config.default())
    orders = validate_grids("订单.xlsx", [grid("supplier_directory", [SUPPLIER]), grid("purchase_orders", [
        {**ORDER, **late_order("PO-1", MINXING, "HT-2024-001", "1000", "2024-05-20", "2024-05-23")},
        {**ORDER, **stocked("PO-2", MINXING, "HT-2024-001", "2024-03-20", "")}])], ctx, "zh")
    contracts = validate_grids("合同.xlsx", [grid("contracts", [
        {**CONTRACT, "付款方式": "月结60天", "违约责任": "每日扣款0.2%"}])], ctx, "zh")
    alone = find_late(orders, TODAY)
    together = find_late(orders, TODAY, ctx=tables_context(orders.results + contracts.results, TODAY))
    items = together.items.assign(line=together.items["line"].fillna(""))
    penalty = {int(r): p for r, p, line in zip(items["row"], items["penalty"], items["line"]) if not line}
    due = {int(r): d for r, d, line in zip(items["row"], items["due"], items["line"]) if line == "payment"}
    assert penalty == {3: 6.0} and due == {4: pd.Timestamp("2024-05-30")}
    assert list(alone.items.loc[alone.items["line"].isna(), "penalty"]) == [15.0]
    assert list(alone.items.loc[alone.items["line"] == "payment", "due"]) == [pd.Timestamp("2024-04-30")]
    # the rule reads the same way: a Context holding both files' tables
    both = validate_grids("两个文件", [grid("purchase_orders", [{**ORDER, "合同编号": "HT-2024-009"}]),
                                   grid("contracts", [CONTRACT]), grid("supplier_directory", [SUPPLIER])], ctx, "zh")
    assert [f for f in both.findings["code"]] == ["CX253"]


# -- the template sheet ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_sheet_is_found_as_the_contracts_only(tmp_path, cli, cli_json, lang):
    t = TABLES["contracts"]
    out = tmp_path / "合同.xlsx"
    code, _, err = cli("new", "--table", "contracts", "--out", out, "--lang", lang)
    assert code == 0, err
    ws = openpyxl.load_workbook(out)[t.sheet[0 if lang == "zh" else 1]]
    assert ws["A1"].value == t.title[0 if lang == "zh" else 1]
    assert [c.value for c in ws[2]] == [c.header if lang == "zh" else c.en for c in t.columns]
    dates = {str(dv.sqref)[0] for dv in ws.data_validations.dataValidation if dv.type == "date"}
    assert dates == {"C", "G"}                                  # 签订日期, 到期日
    doc = cli_json("validate", out, "--today", TODAY)
    assert [x["table"] for x in doc["tables"]] == ["contracts"] and doc["findings"] == []
    # the orders' sheet, which names contracts and enquiries, is still read as 采购订单 only
    both = tmp_path / "两表.xlsx"
    code, _, err = cli("new", "--table", "purchase_orders", "--table", "contracts", "--table", "quotations",
                       "--out", both, "--lang", lang)
    assert code == 0, err
    doc = cli_json("validate", both, "--today", TODAY)
    assert [x["table"] for x in doc["tables"]] == ["purchase_orders", "quotations", "contracts"]
