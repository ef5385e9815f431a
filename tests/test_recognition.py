"""Reading the sheets companies already keep (issue 12): synonyms, normalised headers, key columns,
the user's own header words ([headers], [sheets]), ``collab-xl map`` and the near-miss answer.

Every workbook here is a look-alike written for the test (openpyxl), after the patterns of real
ERP exports, supplier lists, work logs and trackers; none is copied from a public file.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import write_book

from collab_xl.catalog import TABLES
from collab_xl.catalog.base import match_key
from collab_xl.core.grid import Grid, find_tables

TODAY = "2024-06-05"


@pytest.fixture(autouse=True)
def _clean_env(no_user_config):
    """No machine configuration; each test in its own folder."""


book = write_book      # {sheet: rows} → an .xlsx (tests/helpers.py)


def run(cli, *args):
    p = cli(*args)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def validate_json(cli, path, *extra):
    p = run(cli, "validate", path, "--today", TODAY, "--format", "json", *extra)
    assert p.exit_code in (0, 1), p.stderr
    return json.loads(p.stdout)


def codes(doc, code):
    return sorted(f["column"] for f in doc["findings"] if f["code"] == code)


# -- 1. other words for the same column --------------------------------------------------------

ERP_HEADER = ["采购订单号", "供应商全称", "物料名称", "订购数量", "单价（含税）", "订单行总价", "交货日期", "仓库"]
ERP_ROWS = [["PO-2024-001", "福州闽星办公用品有限公司", "A4复印纸", 50, 25, 1250, "2024-05-25", "一号库"],
            ["PO-2024-002", "厦门启航物流有限公司", "纸箱", 10, 3, 31, "2024-05-28", "二号库"]]


def test_an_erp_purchase_order_export_is_read_by_its_synonyms(cli, tmp_path):
    path = book(tmp_path / "ERP导出.xlsx", {"采购明细": [["采购订单明细(导出于 2024-06-01)"], ERP_HEADER, *ERP_ROWS]})
    doc = validate_json(cli, path)
    assert [(t["sheet"], t["table"], t["header_row"], t["rows"]) for t in doc["tables"]] == \
        [("采购明细", "purchase_orders", 2, 2)]
    # the checks run on the synonyms' columns: 10 × 3 is not 31 (CX252), on the 订单行总价 column
    assert [(f["code"], f["cell"]) for f in doc["findings"]] == [("CX252", "F4")]


def test_tax_included_and_excluded_prices_are_two_columns():
    assert match_key("单价（含税）") == match_key("单价(含税)") != match_key("单价（不含税）")
    header = ["订单号", "供应商名称", "产品明细", "数量", "单价（不含税）", "单价（含税）", "要求交付日期"]
    (hit,) = find_tables(Grid("订单", [header]))
    assert hit.columns["unit_price"] == 5 and hit.how["unit_price"] == "synonym"
    assert hit.duplicates == {}                      # not one duplicated 单价 column (CX001) any more


def test_a_price_excluding_tax_alone_is_not_taken_for_the_price():
    header = ["订单号", "供应商名称", "产品明细", "数量", "单价（不含税）", "要求交付日期"]
    (hit,) = find_tables(Grid("订单", [header]))
    assert "unit_price" not in hit.columns and "unit_price" in hit.missing_required


@pytest.mark.parametrize("text", ["Order No", "order no.", "ORDER_NO", "Order  No", "order-no", "Ｏｒｄｅｒ Ｎｏ．"])
def test_header_matching_ignores_case_width_spaces_snake_case_and_a_full_stop(text):
    assert match_key(text) == match_key("Order no.")


def test_english_snake_case_export(cli, tmp_path):
    path = book(tmp_path / "orders.xlsx", {"orders": [
        ["order_id", "vendor_name", "item_name", "qty_ordered", "unit_cost", "due_date"],
        ["PO-1", "Acme", "paper", 0, 2.5, "2024-05-25"]]})
    doc = validate_json(cli, path, "--lang", "en")
    assert [t["table"] for t in doc["tables"]] == ["purchase_orders"]
    # the quantity 0 is checked on the qty_ordered column: nothing else is wrong, nothing missing
    assert [(f["code"], f["cell"], f["column"]) for f in doc["findings"]] == [("CX109", "D2", "数量")]


def test_an_exact_header_wins_over_a_synonym_of_the_same_column():
    header = ["供应商", "订单号", "供应商名称", "产品明细", "数量", "单价", "要求交付日期"]
    (hit,) = find_tables(Grid("订单", [header]))
    assert hit.columns["supplier"] == 2 and hit.how["supplier"] == "exact" and hit.duplicates == {}


def test_two_synonyms_are_no_duplicate_when_the_template_header_is_there():
    header = ["交货日期", "交期", "订单号", "供应商名称", "产品明细", "数量", "单价", "要求交付日期"]
    (hit,) = find_tables(Grid("订单", [header]))
    assert hit.columns["due"] == 7 and hit.how["due"] == "exact" and hit.duplicates == {}


def test_two_synonyms_of_one_column_are_a_duplicate():
    header = ["订单号", "供应商名称", "产品明细", "数量", "单价", "交货日期", "交期"]
    (hit,) = find_tables(Grid("订单", [header]))
    assert hit.columns["due"] == 5 and hit.duplicates == {"due": 6}


def test_no_word_names_two_columns_of_one_table():
    for t in TABLES.values():
        seen: dict[str, str] = {}
        for c in t.columns:
            for k in c.match_keys():
                assert seen.setdefault(k, c.name) == c.name, (t.key, k, seen[k], c.name)


def test_the_synonyms_the_issue_lists_are_accepted():
    seen = {"采购订单号": "order_no", "订单编号": "order_no", "物料名称": "goods", "品名": "goods",
            "订购数量": "quantity", "含税单价": "unit_price", "单价（含税）": "unit_price", "订单行总价": "amount",
            "交货日期": "due", "交期": "due", "order_id": "order_no", "qty_ordered": "quantity", "due_date": "due"}
    po = TABLES["purchase_orders"]
    for text, name in seen.items():
        assert match_key(text) in po.col(name).match_keys(), text
    directory = TABLES["supplier_directory"]
    for text, name in {"供应商": "supplier", "供应商全称": "supplier", "联系人姓名": "contact_name",
                       "联系电话": "contact", "手机号码": "contact", "联系人邮箱": "contact",
                       "纳税人识别号": "credit_code"}.items():
        assert match_key(text) in directory.col(name).match_keys(), text
    report = TABLES["work_report"]
    for text, name in {"工作内容": "work", "详细说明": "work", "任务描述": "work", "完成进度": "status",
                       "任务状态": "status", "状态": "status", "人员姓名": "reporter"}.items():
        assert match_key(text) in report.col(name).match_keys(), text
    for text, (table, name) in {"任务名称": ("cross_dept", "project"), "负责人": ("cross_dept", "contact"),
                                "截止时间": ("cross_dept", "due")}.items():
        assert match_key(text) in TABLES[table].col(name).match_keys(), text


# -- 3. recognise on key columns, report the rest ----------------------------------------------

def test_every_table_declares_its_key_columns_all_required_and_fewer_than_all():
    for t in TABLES.values():
        assert len(t.key_columns) >= 3, t.key
        assert all(t.col(k).required for k in t.key_columns), t.key
        assert len(t.key_columns) < len(t.columns), t.key
    assert TABLES["purchase_orders"].key_columns == ("order_no", "supplier", "due")


def test_a_supplier_master_list_is_recognised_and_each_missing_required_column_is_one_cx002(cli, tmp_path):
    path = book(tmp_path / "供应商.xlsx", {"供应商主数据": [
        ["序号", "供应商全称", "联系人姓名", "手机号码", "纳税人识别号", "地址"],
        [1, "福州闽星办公用品有限公司", "陈明", "13800138000", "", "福州"],
        [2, "厦门启航物流有限公司", "林华", "0592-5551234", "", "厦门"]]})
    doc = validate_json(cli, path)
    assert [t["table"] for t in doc["tables"]] == ["supplier_directory"]
    missing = [(f["cell"], f["column"]) for f in doc["findings"] if f["code"] == "CX002"]
    assert missing == [("A1", "供应商类别"), ("A1", "供应品类")]   # one each, on the header row
    assert doc["summary"]["errors"] == 2


def test_a_team_work_log_is_a_work_report(cli, tmp_path):
    path = book(tmp_path / "工作日志.xlsx", {"6月": [
        ["人员姓名", "日期", "工作内容", "完成进度", "备注"],
        ["张三", "2024-06-03", "整理客户资料", "已完成", ""]]})
    doc = validate_json(cli, path)
    assert [t["table"] for t in doc["tables"]] == ["work_report"]
    assert codes(doc, "CX002") == ["汇报周期", "部门"]


@pytest.mark.parametrize("header", [
    ["订单号", "供应商名称", "产品明细", "数量", "单价", "金额"],                 # no date: not an order list
    ["客户名称", "联系人", "联系电话", "备注"],                                  # a customer address book
    ["姓名", "部门", "备注", "电话"],
    ["供应商", "联系人", "评估季度"],                                          # a few headers of several tables
    ["项目名称", "负责人", "截止时间", "状态"],                                 # a task list with no department
])
def test_a_sheet_sharing_a_few_headers_with_a_table_stays_unrecognised(header):
    assert find_tables(Grid("表", [header, ["x"] * len(header)])) == []


def test_never_recognised_without_its_key_columns_even_with_many_others():
    po = TABLES["purchase_orders"]
    header = [c.header for c in po.columns if c.name != "due"]            # 10 of 11, the date missing
    assert find_tables(Grid("订单", [header])) == []


# -- 2. the user's own words -------------------------------------------------------------------

USER_HEADER = ["单据编号", "往来单位", "物料名称", "订购数量", "单价（含税）", "预计到货"]
USER_ROWS = [["D-001", "福州闽星办公用品有限公司", "A4复印纸", 5, 25, "2024-05-25"]]


def test_user_headers_in_collab_xl_toml_make_a_sheet_readable(cli, tmp_path):
    path = book(tmp_path / "采购.xlsx", {"PO": [USER_HEADER, *USER_ROWS]})
    assert run(cli, "validate", path, "--today", TODAY).exit_code == 2
    config = tmp_path / "collab-xl.toml"
    config.write_text('[headers]\npurchase_orders.order_no = "单据编号"\npurchase_orders.supplier = ["往来单位", "客户"]\n'
                      'purchase_orders.due = "预计到货"\n', encoding="utf-8")
    doc = validate_json(cli, path, "--config", config)
    assert [t["table"] for t in doc["tables"]] == ["purchase_orders"] and doc["findings"] == []
    m = json.loads(run(cli, "map", path, "--format", "json", "--config", config).stdout)
    cols = {c["column"]: (c["cell"], c["text"], c["how"]) for c in m["sheets"][0]["tables"][0]["columns"]}
    assert cols["order_no"] == ("A1", "单据编号", "user") and cols["supplier"] == ("B1", "往来单位", "user")
    assert cols["goods"] == ("C1", "物料名称", "synonym")


def test_a_sheet_mapped_to_a_table_is_read_as_that_table_only(tmp_path):
    from collab_xl.config import config_from_mapping
    # A sheet naming 供应商名称, 联系人, 联系方式 and 订单号, 要求交付日期: both a directory and orders.
    header = ["订单号", "供应商名称", "联系人", "联系方式", "要求交付日期", "产品明细", "数量", "单价"]
    assert [h.table.key for h in find_tables(Grid("往来", [header]))] == ["purchase_orders"]
    cfg = config_from_mapping({"sheets": {"supplier_directory": "往来"}})
    assert [h.table.key for h in find_tables(Grid("往来", [header]), cfg)] == ["supplier_directory"]
    assert [h.table.key for h in find_tables(Grid("别的", [header]), cfg)] == ["purchase_orders"]


@pytest.mark.parametrize("toml, key", [
    ('[headers]\nfoo.order_no = "x"\n', "headers.foo"),
    ('[headers]\npurchase_orders.po = "x"\n', "headers.purchase_orders.po"),
    ('[headers]\npurchase_orders.due = 3\n', "headers.purchase_orders.due"),
    ('[sheets]\npurchase_orders = []\n', "sheets.purchase_orders"),
])
def test_a_wrong_headers_section_is_one_line_naming_the_key(cli, tmp_path, toml, key):
    config = tmp_path / "bad.toml"
    config.write_text(toml, encoding="utf-8")
    path = book(tmp_path / "x.xlsx", {"PO": [USER_HEADER]})
    p = run(cli, "validate", path, "--config", config)
    assert p.exit_code == 2 and key in p.stderr and p.stderr.count("\n") == 1 and p.stdout == ""


def test_one_header_mapped_to_two_columns_is_refused(cli, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[headers]\npurchase_orders.due = "日期"\npurchase_orders.delivered = "日期"\n', encoding="utf-8")
    p = run(cli, "validate", book(tmp_path / "x.xlsx", {"PO": [USER_HEADER]}), "--config", config, "--lang", "en")
    assert p.exit_code == 2 and "purchase_orders.due" in p.stderr and "purchase_orders.delivered" in p.stderr


def test_map_shows_how_each_header_matched_in_both_languages(cli, tmp_path):
    path = book(tmp_path / "ERP导出.xlsx", {"采购明细": [ERP_HEADER, *ERP_ROWS], "说明": [["本文件由 ERP 导出"]]})
    p = run(cli, "map", path)
    assert p.exit_code == 0
    assert "采购订单" in p.stdout and "A1「采购订单号」→ 订单号(同义词)" in p.stdout
    assert "H1 「仓库」" in p.stdout                                    # a header used by no column
    en = run(cli, "map", path, "--lang", "en")
    assert 'A1 "采购订单号" → Order no. (synonym)' in en.stdout
    doc = json.loads(run(cli, "map", path, "--format", "json").stdout)
    assert doc["recognised"] == 1 and [s["sheet"] for s in doc["sheets"]] == ["采购明细", "说明"]
    t = doc["sheets"][0]["tables"][0]
    assert t["table"] == "purchase_orders" and t["recognised"] and t["key_columns"] == ["order_no", "supplier", "due"]
    assert [m["column"] for m in t["missing_required"]] == [] and t["unmatched"] == [{"cell": "H1", "text": "仓库"}]
    assert doc["sheets"][1] == {"sheet": "说明", "tables": [], "nearest": None}


def test_map_on_a_template_says_every_column_is_the_template_header(cli, tmp_path):
    out = tmp_path / "模板.xlsx"
    assert run(cli, "new", "--out", out).exit_code == 0
    doc = json.loads(run(cli, "map", out, "--format", "json").stdout)
    tables = [t for s in doc["sheets"] for t in s["tables"]]
    assert sorted(t["table"] for t in tables) == sorted(TABLES)
    assert {c["how"] for t in tables for c in t["columns"]} == {"exact"}
    assert all(t["missing_required"] == [] for t in tables)


# -- 4. the near-miss answer -------------------------------------------------------------------

def test_nothing_recognised_names_the_closest_table_and_the_line_to_add(cli, tmp_path):
    path = book(tmp_path / "采购.xlsx", {"PO": [USER_HEADER, *USER_ROWS]})
    p = run(cli, "validate", path, "--today", TODAY)
    assert p.exit_code == 2 and p.stdout == "" and p.stderr.count("\n") == 1
    err = p.stderr
    assert "没有找到任何指南表格" in err and "「采购订单」" in err and "工作表「PO」第 1 行" in err
    assert "缺少关键列「订单号」(也认:采购订单号" in err and "「供应商名称」(也认:供应商" in err
    assert 'purchase_orders.order_no = "单据编号"' in err and 'purchase_orders.due = "预计到货"' in err
    assert "[headers]" in err and "collab-xl map 采购.xlsx" in err
    en = run(cli, "validate", path, "--lang", "en")
    assert en.exit_code == 2 and en.stderr.count("\n") == 1
    assert 'The closest is "Purchase orders"' in en.stderr and '"Order no." (also: order_id' in en.stderr


def test_the_suggested_lines_read_the_sheet(cli, tmp_path):
    """The near-miss answer's lines, pasted under [headers], make the sheet readable (here every
    key column had a look-alike header)."""
    path = book(tmp_path / "采购.xlsx", {"PO": [["单据编号", "供应商简称", "品名", "数量", "单价", "要求到货"],
                                                ["D-1", "福州闽星办公用品有限公司", "纸", 1, 2, "2024-05-01"]]})
    err = run(cli, "validate", path).stderr
    lines = [part.split(" 即可")[0].strip() for part in err.split("下加上 ")[1:]][0].split(" ; ")
    assert all(line.startswith("purchase_orders.") for line in lines) and "你的表头" not in err
    config = tmp_path / "collab-xl.toml"
    config.write_text("[headers]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    doc = validate_json(cli, path, "--config", config)
    assert [t["table"] for t in doc["tables"]] == ["purchase_orders"]


def test_the_map_command_shows_the_near_miss_and_exits_1(cli, tmp_path):
    path = book(tmp_path / "采购.xlsx", {"PO": [USER_HEADER, *USER_ROWS]})
    p = run(cli, "map", path, "--format", "json")
    assert p.exit_code == 1
    near = json.loads(p.stdout)["sheets"][0]["nearest"]
    assert near["table"] == "purchase_orders" and not near["recognised"]
    assert near["missing_key_columns"] == ["order_no", "supplier", "due"]
    order_no = next(m for m in near["missing_required"] if m["column"] == "order_no")
    assert "采购订单号" in order_no["synonyms"] and order_no["config_line"] == 'purchase_orders.order_no = "单据编号"'


WEEKLY_HEADER = ["序号", "工作内容", "完成情况", "存在问题", "下周计划"]
WEEKLY_ROWS = [[1, "拜访客户3家", "√", "无", "跟进报价"]]


def test_a_weekly_report_without_a_reporter_hears_that_a_title_row_will_do(cli, tmp_path):
    """No 汇报人 column and none above the table: the near-miss answer offers both ways — a
    [headers] line for a column of another name, or 「汇报人:张三」 written above the header —
    and the line it suggests, written above the header as it stands, makes the sheet readable."""
    path = book(tmp_path / "周报.xlsx", {"周报": [WEEKLY_HEADER, *WEEKLY_ROWS]})
    for lang, line in (("zh", "「汇报人:张三」"), ("en", '"Reporter: Zhang San"')):
        p = run(cli, "validate", path, "--lang", lang)
        assert p.exit_code == 2 and p.stderr.count("\n") == 1
        assert 'work_report.reporter = "' in p.stderr and line in p.stderr
        titled = book(tmp_path / f"周报-{lang}.xlsx", {"周报": [[line[1:-1]], WEEKLY_HEADER, *WEEKLY_ROWS]})
        doc = validate_json(cli, titled)
        assert [t["table"] for t in doc["tables"]] == ["work_report"]
    near = json.loads(run(cli, "map", path, "--format", "json").stdout)["sheets"][0]["nearest"]
    above = {m["column"]: m["above"] for m in near["missing_required"]}
    assert above == {"reporter": "「汇报人:张三」", "department": "「部门:销售部」", "period": "「汇报周期:2024年5月第2周」"}
    text = run(cli, "map", path).stdout
    assert "「汇报人」不是一列时,在表头上方写一行「汇报人:张三」也可以" in text
    # the three title rows map suggests, written above the header: read, nothing missing
    titled = book(tmp_path / "周报-全.xlsx", {"周报": [*[[a[1:-1]] for a in above.values()], WEEKLY_HEADER, *WEEKLY_ROWS]})
    doc = validate_json(cli, titled)
    assert [t["table"] for t in doc["tables"]] == ["work_report"] and doc["findings"] == []


def test_a_title_row_is_not_offered_for_a_column_that_must_be_one(cli, tmp_path):
    path = book(tmp_path / "采购.xlsx", {"PO": [USER_HEADER, *USER_ROWS]})
    p = run(cli, "validate", path)
    assert p.exit_code == 2 and "表头上方" not in p.stderr
    near = json.loads(run(cli, "map", path, "--format", "json").stdout)["sheets"][0]["nearest"]
    assert all(m["above"] is None for m in near["missing_required"])


def test_with_nothing_close_the_old_answer_stays(cli, tmp_path):
    path = book(tmp_path / "名单.xlsx", {"名单": [["姓名", "年龄", "城市"], ["张三", 30, "北京"]]})
    p = run(cli, "validate", path)
    assert p.exit_code == 2
    assert p.stderr.strip() == "没有找到任何指南表格(按表头识别),请确认表头与模板一致:名单.xlsx"


def test_synonyms_are_tuples_of_new_words():
    """A synonym is a word the template does not already use for that column (and a tuple, not a
    string split into characters)."""
    for t in TABLES.values():
        for c in t.columns:
            assert isinstance(c.aka, tuple), (t.key, c.name)
            exact = {match_key(k) for k in (c.header, c.en, *c.aliases)}
            assert not exact & {match_key(a) for a in c.aka}, (t.key, c.name)


@pytest.mark.parametrize("command", ["late", "rank"])
def test_late_and_rank_give_the_same_near_miss_line(cli, tmp_path, command):
    path = book(tmp_path / "采购.xlsx", {"PO": [USER_HEADER, *USER_ROWS]})
    p = run(cli, command, path, "--today", TODAY)
    assert p.exit_code == 2 and p.stdout == "" and p.stderr.count("\n") == 1
    assert "最接近的是工作表「PO」第 1 行的「采购订单」" in p.stderr and 'purchase_orders.due = "预计到货"' in p.stderr


# -- docs/recognition.md tells what the catalog does ------------------------------------------------

DOC = Path(__file__).resolve().parents[1] / "docs" / "recognition.md"


def test_recognition_md_lists_every_tables_synonyms_as_the_catalog_has_them():
    """Regenerate with: python -m collab_xl.recognition_doc docs/recognition.md"""
    from collab_xl.recognition_doc import current_section, synonym_tables
    assert current_section(DOC.read_text(encoding="utf-8")) == synonym_tables()


def test_recognition_md_gives_every_tables_key_columns_in_both_languages():
    page = DOC.read_text(encoding="utf-8")
    zh, en = page.split("\n## English\n")
    for t in TABLES.values():
        for half, names, sep in ((zh, [t.col(k).key for k in t.key_columns], "、"),
                                 (en, [t.col(k).en for k in t.key_columns], ", ")):
            row = next((line for line in half.splitlines() if line.startswith("| ") and f"(`{t.key}`) |" in line), None)
            assert row is not None, (t.key, "no key-column row")
            assert row.split(" | ")[1] == sep.join(names), (t.key, row)
