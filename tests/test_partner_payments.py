"""合作付款登记表 (tables-2.md, issue 15): a payment's agreement (the first 合作协议登记表 row of its
合作项目 + 合作伙伴, NFKC, trimmed, filled down), CX371–CX374 exact to the cent (issue 15's "Done
when": 0.1 + 0.2 must equal 0.3 in a payment split), CX121 on 发票号码; an office worker's sheet
checked on the command line and through the Excel remote engine (same findings on the same cells);
the ranking and the 整改通知书 unchanged by these sheets."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from collab_xl.catalog import TABLES
from collab_xl.catalog.partner_payments import cents, percent, ratio_units, share_of, yuan

TODAY = "2024-06-05"
A = TABLES["partner_agreements"].clean          # 新品宣传推广 / A广告公司, 80,000, 确认书 2024-06-03
P = TABLES["partner_payments"].clean


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in."""


def agreement(**values) -> dict:
    return {**A, **values}


def pay(**values) -> dict:
    return {**P, **values}


def check(tmp_path, write_book, table_rows, cli, payments, agreements=(A,), lang="zh"):
    sheets = {}
    if agreements is not None:
        sheets["合作协议"] = table_rows("partner_agreements", list(agreements))
    sheets["合作付款"] = table_rows("partner_payments", payments)
    book = write_book(tmp_path / "付款.xlsx", sheets)
    code, out, err = cli("validate", book, "--today", TODAY, "--format", "json", "--lang", lang)
    assert code in (0, 1), err
    return [f for f in json.loads(out)["findings"] if f["table"] == "partner_payments"]


def of(found, code):
    return [(f["cell"], f["message"]) for f in found if f["code"] == code]


# -- exact money ---------------------------------------------------------------------------------

def test_amounts_typed_in_wan_are_read_exactly(tmp_path, write_book, table_rows, cli):
    """8万 / 3.99万 (without 元) are amounts as 8万元 is (before: CX108 "不是数字" on both sheets)."""
    book = write_book(tmp_path / "付款.xlsx", {
        "合作协议": table_rows("partner_agreements", [agreement(协议金额="8万")]),
        "合作付款": table_rows("partner_payments", [
            pay(付款比例="", 付款金额="4万"),
            pay(期次="第2期", 付款条件="验收", 付款比例="", 付款金额="3.99万", 付款日期="2024-06-04", 发票号码="FP2")])})
    code, out, err = cli("validate", book, "--today", TODAY, "--format", "json")
    found = json.loads(out)["findings"]
    assert [(f["cell"], f["code"], f["message"]) for f in found] == [
        ("F4", "CX371", "本协议各期付款金额合计 79,900.00 元,不足协议金额 80,000.00 元")]


def test_absurd_figures_do_not_stop_the_check(tmp_path, write_book, table_rows, cli):
    """A share or amount typed far beyond any register (1e21 — a slip of the keyboard, or an ID in
    the wrong column) is left out of the sums: the other instalments are still checked (before:
    "rule CX371 could not run", exit 2)."""
    book = write_book(tmp_path / "付款.xlsx", {
        "合作协议": table_rows("partner_agreements", [agreement(协议金额=1e21), agreement(合作伙伴="B公司")]),
        "合作付款": table_rows("partner_payments", [
            pay(付款比例=1e21, 付款金额=1e20), pay(合作伙伴="B公司", 付款比例="60%", 付款金额="45000")])})
    code, out, err = cli("validate", book, "--today", TODAY, "--format", "json")
    assert code == 1, err
    assert [(f["cell"], f["code"]) for f in json.loads(out)["findings"]] == [("F4", "CX372")]


def test_money_helpers_are_exact():
    import pandas as pd
    assert 0.1 + 0.2 != 0.3                                     # what a float sum would get wrong
    c = cents(pd.Series([0.1, 0.2, 0.3, 33333.33, 1.005, float("nan")]))
    assert c.tolist()[:5] == [10, 20, 30, 3333333, 101] and c.isna().tolist()[-1]
    assert c[0] + c[1] == c[2]
    u = ratio_units(pd.Series([0.3333, 0.1, 0.2, 0.7]))
    assert u[1] + u[2] + u[3] == 10 ** 10 and percent(u[0]) == "33.33%"
    total = pd.Series([10_000_000, 10_000_000, 10_000], dtype="Int64")    # 100,000.00 and 100.00
    share = share_of(pd.Series([3_333_000_000, 3_333_333_333, 3_333_333_333], dtype="Int64"), total)
    assert share.tolist() == [3_333_000, 3_333_333, 3_333]
    assert yuan(3_333_333) == "33,333.33" and yuan(30) == "0.30"


def test_an_agreement_of_0_3_paid_0_1_plus_0_2_adds_up(tmp_path, write_book, table_rows, cli):
    """issue 15: 0.1 + 0.2 must equal 0.3 in a payment split (a float sum is 0.30000000000000004)."""
    rows = [pay(期次="第1期", 付款条件="签约", 付款比例="", 付款金额="0.1"),
            pay(期次="第2期", 付款条件="验收", 付款比例="", 付款金额="0.2", 付款日期="2024-06-04")]
    found = check(tmp_path, write_book, table_rows, cli, rows, [agreement(协议金额="0.3")])
    assert found == []
    # one cent more is more than the agreement, on its last row
    rows.append(pay(期次="第3期", 付款条件="其他", 付款比例="", 付款金额="0.01", 付款日期="2024-06-04"))
    found = check(tmp_path, write_book, table_rows, cli, rows, [agreement(协议金额="0.3")])
    assert of(found, "CX371") == [("F5", "本协议各期付款金额合计 0.31 元,超过协议金额 0.30 元")]


def test_ratios_of_10_20_70_percent_add_up_to_exactly_100(tmp_path, write_book, table_rows, cli):
    rows = [pay(期次="第1期", 付款条件="签约", 付款比例="10%", 付款金额="8000"),
            pay(期次="第2期", 付款条件="其他", 付款比例="20%", 付款金额="16000"),
            pay(期次="第3期", 付款条件="验收", 付款比例="70%", 付款金额="56000", 付款日期="2024-06-04")]
    assert check(tmp_path, write_book, table_rows, cli, rows) == []


def test_33_33_percent_splits_of_100000_round_to_the_cent(tmp_path, write_book, table_rows, cli):
    total = [agreement(协议金额="100,000.00")]
    rows = [pay(期次="第1期", 付款条件="签约", 付款比例="33.33%", 付款金额="33,330.00"),
            pay(期次="第2期", 付款条件="其他", 付款比例=0.3333, 付款金额=33330),
            pay(期次="第3期", 付款条件="验收", 付款比例="33.34%", 付款金额="33340", 付款日期="2024-06-04")]
    assert check(tmp_path, write_book, table_rows, cli, rows, total) == []
    # a third worked out by hand is not 33.33% of 100,000.00
    rows[1] = pay(期次="第2期", 付款条件="其他", 付款比例="33.33%", 付款金额="33,333.33")
    found = check(tmp_path, write_book, table_rows, cli, rows, total)
    assert of(found, "CX372") == [("F4", "付款金额「33,333.33」不等于付款比例 33.33% × 协议金额 100,000.00 元 = 33,330.00 元")]
    assert of(found, "CX371") == []          # the shares still add up to 100%
    # a third typed as a fraction rounds half up to the cent: 33,333.33
    rows = [pay(期次=f"第{i}期", 付款条件=c, 付款比例="", 付款金额=a, 付款日期="2024-06-04")
            for i, (c, a) in enumerate([("签约", "33333.33"), ("其他", "33333.33"), ("验收", "33333.34")], 1)]
    rows[0]["付款比例"] = "0.3333333333"
    assert check(tmp_path, write_book, table_rows, cli, rows, total) == []


def test_less_than_the_agreement_only_once_the_acceptance_instalment_is_listed(
        tmp_path, write_book, table_rows, cli):
    short = [pay(期次="第1期", 付款条件="签约", 付款比例="", 付款金额="40000"),
             pay(期次="第2期", 付款条件="其他", 付款比例="", 付款金额="39999.99")]
    assert check(tmp_path, write_book, table_rows, cli, short) == []          # more instalments may follow
    short[1]["付款条件"] = "验收"
    short[1]["付款日期"] = "2024-06-04"
    found = check(tmp_path, write_book, table_rows, cli, short)
    assert of(found, "CX371") == [("F4", "本协议各期付款金额合计 79,999.99 元,不足协议金额 80,000.00 元")]
    en = check(tmp_path, write_book, table_rows, cli, short, lang="en")
    assert of(en, "CX371") == [("F4", "This agreement's instalments add up to 79,999.99 yuan, less than the "
                                     "agreement's 80,000.00 yuan")]


def test_shares_over_100_percent_on_the_agreements_last_row_without_any_agreement(
        tmp_path, write_book, table_rows, cli):
    rows = [pay(期次="第1期", 付款比例="60%", 付款金额="48000"),
            pay(合作项目="ERP系统实施", 合作伙伴="B软件公司", 期次="第1期", 付款比例="50%", 付款金额="50000"),
            pay(期次="第2期", 付款条件="验收", 付款比例="50%", 付款金额="40000", 付款日期="")]
    found = check(tmp_path, write_book, table_rows, cli, rows, agreements=None)
    # no 合作协议 sheet: CX372–CX374 are skipped, the 付款比例 are still summed, per pair
    assert [(f["cell"], f["code"]) for f in found] == [("E5", "CX371")]
    assert of(found, "CX371")[0][1] == "本协议各期付款比例合计 110%,超过 100%"


# -- the agreement of a payment -------------------------------------------------------------------

def test_pairs_match_after_nfkc_trimming_and_fill_down(tmp_path, write_book, table_rows, cli):
    rows = [pay(合作项目=" 新品宣传推广 ", 合作伙伴="Ａ广告公司"),                    # full-width, spaces
            pay(合作项目="", 合作伙伴="", 期次="第2期", 付款条件="验收", 付款金额="40000", 付款日期="2024-06-04"),
            pay(合作项目="新品宣传推广", 合作伙伴="A 广告 公司 ", 期次="第3期", 付款条件="其他", 付款比例="",
                付款金额="1", 付款日期=""),
            pay(合作项目="新品宣传推广", 合作伙伴="D设计工作室"),                        # no agreement
            pay(合作项目="", 合作伙伴="", 期次="第2期")]                                 # same pair, inherited
    found = check(tmp_path, write_book, table_rows, cli, rows)
    assert of(found, "CX374") == [("B6", "合作协议登记表中没有 合作项目「新品宣传推广」+ 合作伙伴「D设计工作室」的协议")]
    # the first three rows are one agreement: 50% + 50% + ¥1 is more than 80,000.00 once summed in cents
    assert [(c, code) for c, code in ((f["cell"], f["code"]) for f in found) if code == "CX371"] == [("F5", "CX371")]


def test_the_first_agreement_row_of_a_pair_is_the_agreement(tmp_path, write_book, table_rows, cli):
    agreements = [agreement(协议金额="80000"), agreement(协议金额="100000", 签订日期="2024-05-20")]
    found = check(tmp_path, write_book, table_rows, cli, [pay(付款比例="50%", 付款金额="50000")], agreements)
    assert of(found, "CX372") == [("F3", "付款金额「50000」不等于付款比例 50% × 协议金额 80,000.00 元 = 40,000.00 元")]


def test_amount_not_checked_without_an_agreement_amount(tmp_path, write_book, table_rows, cli):
    found = check(tmp_path, write_book, table_rows, cli, [pay(付款金额="12345.67")], [agreement(协议金额="")])
    assert found == []


# -- CX373: the acceptance instalment after the 验收确认书 (P-10) -----------------------------------

def test_acceptance_paid_before_or_without_the_confirmation(tmp_path, write_book, table_rows, cli):
    agreements = [agreement(),                                                           # 确认书 2024-06-03
                  agreement(合作伙伴="B广告公司", 验收结果="不合格", 修改要求="重印", 修改期限="2024-06-10",
                            确认书签署日期="")]
    rows = [pay(期次="第1期", 付款条件="签约", 付款日期="2024-05-08"),                     # before: a signing one
            pay(期次="第2期", 付款条件="验收", 付款日期="2024-06-02"),                     # a day early
            pay(合作伙伴="B广告公司", 期次="第1期", 付款条件="签约", 付款日期="2024-05-08"),
            pay(合作伙伴="B广告公司", 期次="第2期", 付款条件="验收", 付款日期="2024-06-04"),  # no 确认书
            pay(合作伙伴="B广告公司", 期次="第2期", 付款条件="验收", 付款比例="", 付款金额="1", 发票号码="",
                付款日期="")]                                                             # not paid: fine
    found = check(tmp_path, write_book, table_rows, cli, rows, agreements)
    assert of(found, "CX373") == [
        ("H4", "验收款付款日期「2024-06-02」早于协议的确认书签署日期 2024-06-03"),
        ("H6", "验收款付款日期「2024-06-04」,但协议尚无确认书签署日期"),
    ]
    rows[1]["付款日期"] = "2024-06-03"                                                      # the same day: fine
    found = check(tmp_path, write_book, table_rows, cli, rows, agreements)
    assert [c for c, _ in of(found, "CX373")] == ["H6"]


def test_a_payment_needs_its_invoice_number(tmp_path, write_book, table_rows, cli):
    rows = [pay(发票号码=""), pay(期次="第2期", 付款条件="验收", 发票号码="", 付款日期="")]
    found = check(tmp_path, write_book, table_rows, cli, rows)
    assert [(f["cell"], f["code"]) for f in found] == [("G3", "CX121")]


# -- an office worker's sheet: command line and Excel remote engine --------------------------------

def office_book(path: Path) -> Path:
    """合作协议 and 合作付款 as a clerk keeps them: title rows, merged 合作项目 / 合作伙伴 cells, real
    dates and 2024年5月8日, amounts with separators and in 万元, a few mistakes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "合作协议"
    ws.append(["2024年合作协议台账"])
    ws.append([c.header for c in TABLES["partner_agreements"].columns])
    ws.append(["新品宣传推广", "A广告公司", "营业执照、行业案例、口碑", dt.date(2024, 5, 6), "8万元",
               "合作范围、权责划分、费用结算、保密条款、违约责任、知识产权", "目标、受众、风格、交付标准",
               dt.date(2024, 5, 31), "合格", None, None, "2024年6月3日"])
    ws.append(["行业展会联合参展", "C会展公司", "营业执照、案例", "2024/4/25", 50000,
               "合作范围、权责划分、费用结算、保密条款、违约责任", None, None, None, None, None, None])
    ws = wb.create_sheet("合作付款")
    ws.append(["合作付款登记表"])
    ws.append(["说明:验收款须在验收确认书签署后支付"])
    ws.append([c.header for c in TABLES["partner_payments"].columns])
    ws.append(["新品宣传推广", "A广告公司", "第1期", "签约", "50%", 40000, "FP001", "2024年5月8日"])
    ws.append([None, None, "第2期", "验收", "50%", "40,000.00", "FP002", dt.date(2024, 6, 1)])      # CX373
    ws.append(["行业展会联合参展", "C会展公司", "第1期", "签约", "30%", "1.6万元", None, "2024-04-26"])  # CX372, CX121
    ws.append([None, None, "第2期", "验收", "80%", 40000, None, None])                              # CX371
    ws.append(["ERP系统实施", "B软件公司", "第1期", "签约", "33.33%", 33330, "FP009", "2024-04-10"])    # CX374
    for rng in ("A4:A5", "B4:B5", "A6:A7", "B6:B7"):
        ws.merge_cells(rng)
    wb.save(path)
    return path


OFFICE_FINDINGS = {("合作协议", "C4", "CX120"), ("合作协议", "F4", "CX120"),
                   ("合作付款", "H5", "CX373"), ("合作付款", "F6", "CX372"), ("合作付款", "G6", "CX121"),
                   ("合作付款", "E7", "CX371"), ("合作付款", "B8", "CX374")}


def test_office_sheet_on_the_command_line(tmp_path, cli):
    path = office_book(tmp_path / "合作台账.xlsx")
    code, out, err = cli("validate", path, "--today", TODAY, "--format", "json")
    assert code == 1, err
    doc = json.loads(out)
    assert {(f["sheet"], f["cell"], f["code"]) for f in doc["findings"]} == OFFICE_FINDINGS
    assert {(t["table"], t["header_row"]) for t in doc["tables"]} == {("partner_agreements", 2), ("partner_payments", 3)}
    by_code = {f["code"]: f["message"] for f in doc["findings"] if f["sheet"] == "合作付款"}
    assert by_code["CX371"] == "本协议各期付款比例合计 110%,超过 100%"
    assert by_code["CX372"] == "付款金额「1.6万元」不等于付款比例 30% × 协议金额 50,000.00 元 = 15,000.00 元"


def test_office_sheet_through_the_excel_remote_engine(tmp_path, xlwings_env, cli_json):
    from test_excel_scripts import coloured, run as run_script, sheet_rows
    path = office_book(tmp_path / "合作台账.xlsx")
    cli_doc = cli_json("validate", path, "--today", TODAY)
    _, applied = run_script(path, "validate_all", out=tmp_path / "v.xlsx")
    wb = openpyxl.load_workbook(applied.path)
    listed = {(r[1], r[5].split(",")[-1].strip('")'), r[8]) for r in sheet_rows(wb["校验结果"])[3:]
              if isinstance(r[0], int)}
    assert listed == OFFICE_FINDINGS == {(f["sheet"], f["cell"], f["code"]) for f in cli_doc["findings"]}
    assert coloured(wb)["A"] == {(s, c) for s, c, _ in OFFICE_FINDINGS}        # every one an error


# -- the ranking and the 整改通知书 do not read these tables ----------------------------------------

def test_rank_output_is_byte_identical_with_and_without_the_partner_sheets(cli, tmp_path, monkeypatch):
    from collab_xl.sample import build_sample
    outputs = []
    for name, drop in (("with", ()), ("without", ("合作协议", "合作付款"))):
        folder = tmp_path / name
        folder.mkdir()
        wb = build_sample()
        assert {"合作协议", "合作付款"} <= set(wb.sheetnames)
        for sheet in drop:
            del wb[sheet]
        wb.save(folder / "示例.xlsx")
        monkeypatch.chdir(folder)
        got = []
        for fmt in ("json", "text"):
            code, out, err = cli("rank", "示例.xlsx", "--today", TODAY, "--format", fmt)
            assert code == 0, err
            got.append((out.encode("utf-8"), err.encode("utf-8")))
        code, _, err = cli("rank", "示例.xlsx", "--today", TODAY, "--out", "结果.xlsx")
        assert code == 0, err
        result = openpyxl.load_workbook(folder / "结果.xlsx")
        ours = [s for s in result.sheetnames if s not in wb.sheetnames]
        assert any("整改通知书" in s for s in ours), ours
        got.append({s: sheet_values(result[s]) for s in ours})
        outputs.append(got)
    assert outputs[0] == outputs[1]


def sheet_values(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]
