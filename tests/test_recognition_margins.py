"""What sits outside a table and rows that are not data (issue 12, items 5 and 6).

Weekly reports write 汇报人, 部门 and 汇报周期 in title rows or the sheet name (Col.above); rows under
a header may be hints, option rows, totals, drop-down defaults, or the start of another section.
Every workbook is a look-alike written here (openpyxl; one converted by LibreOffice), after the
patterns of real weekly reports and exports; none is copied from a public file.
"""
from __future__ import annotations

import json

import corpus
import openpyxl
import pytest

from collab_xl.core.grid import Grid, find_tables

TODAY = "2019-05-20"
HEADER = ["序号", "工作内容", "完成情况", "工作成果", "存在问题", "下周计划"]


@pytest.fixture(autouse=True)
def _clean_env(no_user_config):
    """No machine configuration; each test in its own folder."""


def book(path, sheets: dict[str, list[list]], merged: dict[str, list[str]] | None = None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for rng in (merged or {}).get(name, ()):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def validate_json(cli, path, *extra):
    p = cli("validate", path, "--today", TODAY, "--format", "json", *extra)
    assert "Traceback" not in p.stderr, p.stderr
    assert p.exit_code in (0, 1), p.stderr
    return json.loads(p.stdout)


def found(doc, code=None):
    return [(f["code"], f["cell"]) for f in doc["findings"] if code is None or f["code"] == code]


def weekly(who="汇报人：张三", period="2019.4.22-2019.4.26（4月第4周）", dept="销售部-华东组", rows=None):
    """A weekly report as people keep it: department, reporter and period in title rows."""
    rows = rows if rows is not None else [
        [1, "1.拜访客户3家", "√", "签约1家", "无", "1.跟进报价"],
        [2, "2.整理4月销售报表", "√", "报表1份", "无", ""]]
    return [[dept], [who], [period], HEADER, *rows]


# -- 5. what sits outside the table ------------------------------------------------------------

def test_reporter_department_and_period_in_title_rows_are_read(cli, tmp_path):
    path = book(tmp_path / "周报.xlsx", {"周报": weekly()})
    doc = validate_json(cli, path)
    assert [(t["table"], t["header_row"], t["rows"]) for t in doc["tables"]] == [("work_report", 4, 2)]
    assert found(doc, "CX002") == []                   # 汇报人, 部门, 汇报周期 are there, above the table
    assert doc["findings"] == []


def test_without_the_title_rows_the_same_sheet_is_no_work_report(tmp_path):
    # 汇报人 is a key column: with no column and no title row naming it, the sheet is not read
    assert find_tables(Grid("周报", [HEADER, [1, "1.拜访客户3家", "√", "签约1家", "无", ""]])) == []


def test_map_shows_where_each_value_came_from(cli, tmp_path):
    path = book(tmp_path / "周报.xlsx", {"周报": weekly()})
    p = cli("map", path, "--format", "json")
    (t,) = json.loads(p.stdout)["sheets"][0]["tables"]
    assert [(o["column"], o["cell"], o["value"], o["how"]) for o in t["outside"]] == [
        ("reporter", "A2", "张三", "label"), ("department", "A1", "销售部-华东组", "title"),
        ("period", "A3", "2019.4.22-2019.4.26", "title")]      # the bracketed note is not the period
    assert [m["column"] for m in t["missing_required"]] == []
    text = cli("map", path).stdout
    assert "A2「汇报人：张三」→ 汇报人 = 张三" in text


def test_numbering_is_checked_per_report_with_the_reporter_from_the_title(cli, tmp_path):
    rows = [[1, "1.拜访客户3家", "√", "签约1家", "无", ""], [2, "3.整理4月销售报表", "√", "报表1份", "无", ""]]
    doc = validate_json(cli, book(tmp_path / "周报.xlsx", {"周报": weekly(rows=rows)}))
    assert found(doc) == [("CX214", "B6")]
    assert "应为第 2 项" in doc["findings"][0]["message"]


def test_last_weeks_plan_is_compared_across_sheets_with_periods_from_the_titles(cli, tmp_path):
    week1 = weekly(period="2019.4.22-2019.4.26（4月第4周）", rows=[
        [1, "1.拜访客户3家", "√", "签约1家", "无", "1.跟进华东报价;2.完成新客户拜访"]])
    late = [[1, "1.完成新客户拜访5家", "√", "签约2家", "无", ""]]
    kept = [[1, "1.跟进华东报价;2.完成新客户拜访5家", "√", "签约2家", "无", ""]]
    bad = validate_json(cli, book(tmp_path / "bad.xlsx", {
        "第17周": week1, "第18周": weekly(period="2019.4.29-2019.5.3（5月第1周）", rows=late)}))
    assert [(f["sheet"], f["code"], f["cell"]) for f in bad["findings"]] == [("第18周", "CX215", "B5")]
    assert "跟进华东报价" in bad["findings"][0]["message"] and "2019.4.22-2019.4.26" in bad["findings"][0]["message"]
    good = validate_json(cli, book(tmp_path / "good.xlsx", {
        "第17周": week1, "第18周": weekly(period="2019.4.29-2019.5.3（5月第1周）", rows=kept)}))
    assert good["findings"] == []


def test_an_unreadable_period_above_the_table_is_one_finding_at_its_cell(cli, tmp_path):
    rows = [[1, "1.拜访客户3家", "√", "签约1家", "无", ""], [2, "2.整理报表", "√", "报表1份", "无", ""]]
    doc = validate_json(cli, book(tmp_path / "周报.xlsx", {"周报": weekly(period="汇报周期：下周一", rows=rows)}))
    assert found(doc) == [("CX112", "A3")]             # not one per row, and on the title cell
    assert doc["findings"][0]["value"] == "下周一" and doc["findings"][0]["row"] == 3


def test_label_and_value_in_two_cells_and_the_period_in_the_sheet_name(cli, tmp_path):
    rows = [["周报"], ["汇报人", "李四", "", "部门：", "市场部"], HEADER,
            [1, "1.活动方案初稿", "部分完成", "初稿1份", "预算待批,需财务支持", ""]]
    doc = validate_json(cli, book(tmp_path / "周报.xlsx", {"2024-W19": rows}))
    assert [(t["table"], t["rows"]) for t in doc["tables"]] == [("work_report", 1)]
    assert doc["findings"] == []
    p = cli("map", tmp_path / "周报.xlsx", "--format", "json")
    (t,) = json.loads(p.stdout)["sheets"][0]["tables"]
    assert {o["column"]: (o["cell"], o["value"], o["how"]) for o in t["outside"]} == {
        "reporter": ("B2", "李四", "label"), "department": ("E2", "市场部", "label"),
        "period": (None, "2024-W19", "sheet")}


def test_a_title_that_merely_mentions_the_reporter_is_not_a_value():
    rows = [["本表由汇报人填写，每周五下班前提交部门经理"], ["2019.4.22-2019.4.26"], HEADER,
            [1, "1.拜访客户3家", "√", "签约1家", "无", ""]]
    assert find_tables(Grid("周报", rows)) == []        # no 汇报人 anywhere: not read as a report
    hit, = find_tables(Grid("周报", [["汇报人：王五"], *rows]))
    assert hit.outside["reporter"].value == "王五" and hit.outside["reporter"].index == 0


@pytest.mark.parametrize("title", ["销售部周报", "2019年工作周报", "表2:周/月度工作汇报表"])
def test_a_title_that_is_no_department_or_period_leaves_them_missing(cli, tmp_path, title):
    rows = [[title], ["汇报人：张三"], HEADER, [1, "1.拜访客户3家", "√", "签约1家", "无", ""]]
    doc = validate_json(cli, book(tmp_path / "周报.xlsx", {"Sheet1": rows}))
    assert sorted(f["column"] for f in doc["findings"] if f["code"] == "CX002") == ["汇报周期", "部门"]


def test_a_column_in_the_header_wins_over_a_title_row(cli, tmp_path):
    rows = [["汇报人：张三"], ["汇报人", "部门", "汇报周期", "工作内容", "完成情况", "工作成果"],
            ["李四", "市场部", "2024年5月第2周", "1.活动方案", "√", "方案1份"]]
    hit, = find_tables(Grid("周报", rows))
    assert hit.outside == {} and hit.columns["reporter"] == 0


def test_two_weekly_blocks_in_one_sheet_each_read_their_own_title(cli, tmp_path):
    block1 = weekly(who="汇报人：张三", period="2019.4.22-2019.4.26")
    block2 = weekly(who="汇报人：李四", period="2019.4.22-2019.4.26", dept="销售部-华南组")
    path = book(tmp_path / "周报.xlsx", {"周报": [*block1, [], *block2]})
    doc = validate_json(cli, path)
    assert [(t["header_row"], t["rows"]) for t in doc["tables"]] == [(4, 2), (11, 2)]
    assert doc["findings"] == []                       # block 2's title rows are no data of block 1
    (g,) = __import__("collab_xl.io.read", fromlist=["read_workbook"]).read_workbook(path)
    first, second = find_tables(g)
    assert first.end_index == 6 and second.outside["reporter"].value == "李四"


@pytest.mark.skipif(corpus.soffice() is None, reason="LibreOffice not installed")
def test_a_weekly_report_saved_by_libreoffice_as_xls(cli, tmp_path):
    rows = [["销售部-华东组 周报"], ["汇报人：张三", "", "汇报周期：2019.4.22-2019.4.26（4月第4周）"], HEADER,
            ["（序号）", "（请填写本周工作）", "下拉选择", "", "", ""],
            [1, "1.拜访客户3家", "√", "签约1家", "无", ""],
            [2, "2.整理报表", "×", "", "", ""],
            ["合计", "", "", "", "", ""],
            ["下周工作计划"], ["序号", "工作内容", "计划完成时间"], [1, "跟进报价", "2019-05-03"]]
    src = book(tmp_path / "周报.xlsx", {"周报": rows}, merged={"周报": ["A8:F8"]})
    xls = corpus.convert(src, "xls", tmp_path / "lo")
    doc = validate_json(cli, xls)
    assert [(t["header_row"], t["rows"]) for t in doc["tables"]] == [(3, 2)]
    # the one real problem: × without a problem named; the hint row, 合计 and the next section are no rows
    assert found(doc) == [("CX213", "E6")]


# -- 6. rows that are not data -----------------------------------------------------------------

T2 = ["汇报人", "部门", "汇报周期", "本周/月核心工作内容(按优先级排序)", "完成情况(√/×/部分完成)", "量化成果(数据/案例)",
      "遇到的问题及需支持事项", "下周/月工作计划"]
ROW = ["赵六", "销售部", "2024年5月第2周", "1.完成8家客户拜访", "√", "签约1家,金额5万元", "无", ""]


@pytest.mark.parametrize("hint", [
    ["（请填写姓名）", "（部门）", "如:2024年5月第2周", "按优先级编号:1. 2. …", "下拉选择", "", "", ""],
    ["请填写姓名", "", "", "", "√/×/部分完成", "", "", ""],
    ["示例:张三", "销售部", "2024年5月第1周", "1.拜访客户", "√", "签约1家", "无", ""],
])
def test_a_hint_or_example_row_under_the_header_is_no_data(cli, tmp_path, hint):
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": [["表2"], T2, hint, ROW]}))
    assert [t["rows"] for t in doc["tables"]] == [1] and doc["findings"] == []


def test_a_hint_looking_row_further_down_is_data(cli, tmp_path):
    # only right under the header: a row of brackets between real rows is a row someone typed
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": [["表2"], T2, ROW, ["（待定）", "", "", "", "", "", "", ""]]}))
    assert [t["rows"] for t in doc["tables"]] == [2]
    assert ("CX101", "B4") in found(doc)


def test_total_rows_are_no_data_but_a_total_inside_a_text_is(cli, tmp_path):
    total = ["合计", "", "", "", "", "", "", ""]
    text = ["赵六", "销售部", "2024年5月第2周", "2.合计拜访客户8家", "√", "合计8家", "无", ""]
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": [["表2"], T2, ROW, text, total, ["小计：", "", "", "", "", "", "", ""]]}))
    assert [t["rows"] for t in doc["tables"]] == [2] and doc["findings"] == []


def test_a_total_row_of_an_order_export_is_not_an_order(cli, tmp_path):
    header = ["采购订单号", "供应商全称", "物料名称", "订购数量", "单价（含税）", "订单行总价", "交货日期"]
    rows = [["PO-1", "福州闽星办公用品有限公司", "A4复印纸", 50, 25, 1250, "2024-05-25"],
            ["PO-2", "厦门启航物流有限公司", "纸箱", 10, 3, 30, "2024-05-28"],
            ["合计", "", "", 60, "", 1280, ""]]
    doc = validate_json(cli, book(tmp_path / "po.xlsx", {"采购": [header, *rows]}))
    assert [t["rows"] for t in doc["tables"]] == [2] and doc["findings"] == []


def test_a_second_header_row_ends_the_table(cli, tmp_path):
    other = ["序号", "工作内容", "计划完成时间"]
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": [["表2"], T2, ROW, other, [1, "跟进报价", "2024-05-20"]]}))
    assert [t["rows"] for t in doc["tables"]] == [1] and doc["findings"] == []


@pytest.mark.parametrize("merged", [True, False])
def test_a_section_title_ends_the_table(cli, tmp_path, merged):
    rows = [["表2"], T2, ROW, ["二、下周工作计划"]]
    # merged across the width it ends the table alone; unmerged, when a header row follows it
    rows += [["1.跟进价格异议客户", "", "", "张三"]] if merged else [["序号", "工作内容", "负责人"], [1, "跟进报价", "张三"]]
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": rows}, merged={"表2": ["A4:H4"]} if merged else None))
    assert [t["rows"] for t in doc["tables"]] == [1] and doc["findings"] == []


def test_a_one_cell_row_is_still_data_when_nothing_marks_it_a_title(cli, tmp_path):
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": [["表2"], T2, ROW, ["", "", "", "2.整理报表"]]}))
    assert [t["rows"] for t in doc["tables"]] == [2]
    assert ("CX101", "E4") in found(doc)               # the row is checked: its completion is missing


def test_a_repeated_header_starts_the_next_table(cli, tmp_path):
    rows = [["表2"], T2, ROW, T2, ["钱七", "市场部", "2024-W20", "1.完成618活动方案初稿", "√", "方案1份", "无", ""]]
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": rows}))
    assert [(t["header_row"], t["rows"]) for t in doc["tables"]] == [(2, 1), (4, 1)] and doc["findings"] == []


def test_trailing_rows_of_drop_down_defaults_are_skipped(cli, tmp_path):
    default = ["", "", "", "", "×", "", "", ""]
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": [["表2"], T2, ROW, *[default] * 30]}))
    assert [t["rows"] for t in doc["tables"]] == [1] and doc["findings"] == []


def test_rows_of_please_choose_are_skipped_anywhere(cli, tmp_path):
    choose = ["", "", "", "", "请选择", "", "", ""]
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": [["表2"], T2, choose, ROW, choose]}))
    assert [t["rows"] for t in doc["tables"]] == [1] and doc["findings"] == []


def test_one_row_with_a_picked_value_only_is_still_checked(cli, tmp_path):
    # a single such row after the last typed one may be a row someone began: it is a row
    doc = validate_json(cli, book(tmp_path / "t.xlsx", {"表2": [["表2"], T2, ROW, ["", "", "", "", "√", "", "", ""]]}))
    assert [t["rows"] for t in doc["tables"]] == [2]
    assert ("CX101", "D4") in found(doc)


# -- our own sheets stay as they were --------------------------------------------------------------

@pytest.mark.parametrize("name", ["示例-已填写.xlsx", "collab-xl-模板.xlsx", "collab-xl-template.xlsx"])
def test_sheets_made_from_our_templates_read_nothing_outside_and_skip_no_row(name):
    from pathlib import Path

    from collab_xl.io.read import read_workbook
    per_sheet = [find_tables(g) for g in read_workbook(Path(__file__).parents[1] / "workbooks" / name)]
    hits = [h for sheet in per_sheet for h in sheet]
    assert len(hits) >= 7
    assert [(h.grid.name, h.outside, h.skipped) for h in hits if h.outside or h.skipped] == []
    # every table runs to the end of its sheet, or to the next table's title or header, as before
    for sheet in per_sheet:
        for h, nxt in zip(sheet, sheet[1:] + [None]):
            if nxt is None:
                assert h.end_index == len(h.grid.rows), h.grid.name
            else:
                assert nxt.header_index - 1 <= h.end_index <= nxt.header_index, h.grid.name
