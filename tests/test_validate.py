"""validate end to end: workbooks filled the way people really fill them, through the command line."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from collab_xl.catalog import TABLES

from helpers import TODAY

@pytest.fixture
def run(cli):
    """The command in process (conftest ``cli``); never a traceback."""
    def run(*args):
        p = cli(*args)
        assert "Traceback" not in p.stderr, p.stderr
        return p
    return run


@pytest.fixture()
def messy(tmp_path):
    """表4 as users keep it: title row, reordered columns, an extra column, full-width brackets,
    a renamed sheet, merged group cells, dates as text in several forms, real dates."""
    path = tmp_path / "进度.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "五月进度(市场部)"
    ws.append(["表4:合作伙伴协作进度表"])
    ws.append([])
    ws.append(["合作伙伴", "合作项目", "项目阶段", "我方负责人", "合作伙伴负责人", "计划完成时间（日期）",
               "实际完成时间", "交付物", "自定义备注", "问题及解决方案", "下一步计划"])
    ws.append(["A广告公司", "新品宣传推广", "需求确认", "李明", "周总", "2024/5/10", dt.datetime(2024, 5, 10), "需求说明书", "x", "无", "启动设计"])
    ws.append([None, None, "初稿提交", None, None, "2024年5月20日", "2024.5.18", "海报初稿3版", "", "", ""])
    ws.append([None, None, "最终交付", None, None, dt.date(2024, 5, 30), "下周", "印刷稿100份", "", "-", "待验收"])
    ws.append(["B软件公司", "官网改版", "设计", "", "吴工", "05-30", "-", "", "", "", ""])
    ws.merge_cells("A4:A6")
    ws.merge_cells("B4:B6")
    wb.save(path)
    return path


def test_messy_partner_sheet_findings_exact(messy, run):
    p = run("validate", messy, "--today", TODAY, "--format", "json")
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert doc["tables"] == [{"sheet": "五月进度(市场部)", "table": "partner_progress", "header_row": 3, "rows": 4}]
    got = {(f["cell"], f["column"], f["severity"], f["code"]) for f in doc["findings"]}
    assert got == {
        ("G6", "实际完成时间", "error", "CX102"),      # "下周" is not a date
        ("D7", "我方负责人", "error", "CX101"),        # group start row: blank is not inherited
        ("F7", "计划完成时间", "warning", "CX103"),    # no year
        ("H7", "交付物", "error", "CX101"),
    }
    f = next(f for f in doc["findings"] if f["cell"] == "G6")
    assert f["row"] == 6 and f["value"] == "下周" and f["sheet"] == "五月进度(市场部)"
    assert "下周" in f["message"]
    assert doc["summary"] == {"errors": 3, "warnings": 1}


def test_english_messages(messy, run):
    doc = json.loads(run("validate", messy, "--today", TODAY, "--format", "json", "--lang", "en").stdout)
    msgs = [f["message"] for f in doc["findings"]]
    assert any("is not a date" in m for m in msgs)
    assert all(f["column"] in {c.key for c in TABLES["partner_progress"].columns} for f in doc["findings"])


def test_text_output_and_exit_codes(messy, tmp_path, run, write_book):
    p = run("validate", messy, "--today", TODAY)
    assert p.returncode == 1 and "下周" in p.stdout and "3 个错误" in p.stdout
    clean = write_book(tmp_path / "clean.xlsx", {"表4": [[c.header for c in TABLES["partner_progress"].columns],
                                                        [TABLES["partner_progress"].clean.get(c.key, "") for c in TABLES["partner_progress"].columns]]})
    p = run("validate", clean, "--today", TODAY, "--format", "json")
    assert p.returncode == 0 and json.loads(p.stdout)["summary"] == {"errors": 0, "warnings": 0}


def test_cross_sheet_and_sums(tmp_path, run, write_book):
    d, o, e = TABLES["supplier_directory"], TABLES["purchase_orders"], TABLES["supplier_evaluation"]
    rows_o = [{**o.clean}, {**o.clean, "订单号": "PO-2", "供应商名称": "不存在的公司"},
              {**o.clean, "订单号": "PO-3", "金额": "999"}, {**o.clean, "订单号": "PO-3"}]
    rows_e = [{**e.clean}, {**e.clean, "总分": "90"}]
    path = write_book(tmp_path / "s.xlsx", {
        "名录": [[c.header for c in d.columns], [d.clean.get(c.key, "") for c in d.columns]],
        "订单": [[c.header for c in o.columns]] + [[r.get(c.key, "") for c in o.columns] for r in rows_o],
        "评估": [["评估季度", "供应商名称", "产品质量(30分)", "交付及时性(25分)", "服务态度(20分)", "价格合理性(15分)",
                 "问题解决能力(10分)", "总分", "评估人", "评估日期"]] + [[r.get(c.key, "") for c in e.columns][:10] for r in rows_e],
    })
    doc = json.loads(run("validate", path, "--today", TODAY, "--format", "json").stdout)
    got = {(f["sheet"], f["cell"], f["code"]) for f in doc["findings"]}
    assert got == {("订单", "B3", "CX251"), ("订单", "F4", "CX252"), ("订单", "A5", "CX110"), ("评估", "H3", "CX262")}


def test_directory_absent_means_no_directory_check(tmp_path, run, write_book):
    o = TABLES["purchase_orders"]
    path = write_book(tmp_path / "o.xlsx", {"订单": [[c.header for c in o.columns],
                                                   [{**o.clean, "供应商名称": "任何公司"}.get(c.key, "") for c in o.columns]]})
    doc = json.loads(run("validate", path, "--today", TODAY, "--format", "json").stdout)
    assert doc["findings"] == []


def test_work_report_conditional_rules(tmp_path, run, write_book):
    w = TABLES["work_report"]
    rows = [
        {**w.clean},
        {"本周/月核心工作内容": "2.整理报表", "完成情况": "×", "量化成果": "", "遇到的问题及需支持事项": "无"},
        {"本周/月核心工作内容": "3.客户回访", "完成情况": "✔", "量化成果": "效果不错"},
    ]
    path = write_book(tmp_path / "w.xlsx", {"周报": [["表2:周/月度工作汇报表"], [c.header for c in w.columns]]
                                          + [[r.get(c.key, "") for c in w.columns] for r in rows]})
    doc = json.loads(run("validate", path, "--today", TODAY, "--format", "json").stdout)
    got = {(f["cell"], f["code"]) for f in doc["findings"]}
    # rows 4–5 inherit 汇报人/部门/汇报周期 from row 3 (same group): no CX101 there
    assert got == {("G4", "CX213"), ("E5", "CX105"), ("F5", "CX212")}


def test_out_roundtrip_keeps_input_and_replaces_marks(messy, tmp_path, run):
    before = messy.read_bytes()
    out = tmp_path / "out.xlsx"
    assert run("validate", messy, "--today", TODAY, "--out", out).returncode == 1
    assert messy.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    assert "校验结果" in wb.sheetnames and "_collab_xl" in wb.sheetnames
    assert wb["_collab_xl"].sheet_state == "hidden"
    res = wb["校验结果"]
    cells = [res.cell(row=r, column=6).value for r in range(4, res.max_row + 1) if res.cell(row=r, column=6).value]
    assert sorted(cells) == sorted(["G6", "D7", "F7", "H7"])
    link = res.cell(row=4, column=6).hyperlink
    assert link is not None and link.location.endswith("!" + res.cell(row=4, column=6).value)
    ws = wb["五月进度(市场部)"]
    assert ws["G6"].comment is not None and "CX102" in ws["G6"].comment.text
    assert ws["G6"].value == "下周"   # user values untouched
    n_rules = sum(len(v) for v in ws.conditional_formatting._cf_rules.values())
    # a second run on the output replaces marks and the result sheet instead of stacking them
    out2 = tmp_path / "out2.xlsx"
    assert run("validate", out, "--today", TODAY, "--out", out2).returncode == 1
    wb2 = openpyxl.load_workbook(out2)
    assert wb2.sheetnames.count("校验结果") == 1
    assert sum(len(v) for v in wb2["五月进度(市场部)"].conditional_formatting._cf_rules.values()) == n_rules
    keys1 = [c.value for c in wb["_collab_xl"]["A"] if c.value]
    keys2 = [c.value for c in wb2["_collab_xl"]["A"] if c.value]
    assert keys1 == keys2
    assert wb2["五月进度(市场部)"]["G6"].comment.text.count("CX102") == 1


def test_clear_restores(messy, tmp_path, run):
    wb = openpyxl.load_workbook(messy)
    from openpyxl.comments import Comment
    wb.active["G6"].comment = Comment("用户自己的批注", "张三")
    wb.save(messy)
    out, cleared = tmp_path / "o.xlsx", tmp_path / "c.xlsx"
    run("validate", messy, "--today", TODAY, "--out", out)
    assert "用户自己的批注" in openpyxl.load_workbook(out).active["G6"].comment.text
    assert run("clear", out, "--out", cleared).returncode == 0
    wb = openpyxl.load_workbook(cleared)
    assert wb.sheetnames == ["五月进度(市场部)"]
    ws = wb.active
    assert ws["G6"].comment.text == "用户自己的批注" and ws["G6"].comment.author == "张三"
    assert ws["H7"].comment is None
    assert sum(len(v) for v in ws.conditional_formatting._cf_rules.values()) == 0


@pytest.mark.parametrize("content,needle", [
    (b"hello, world", "不是 Excel 工作簿"),
    (b"PK\x03\x04garbage", "损坏"),
])
def test_unreadable_inputs_exit_2(tmp_path, content, needle, run):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    p = run("validate", path)
    assert p.returncode == 2 and needle in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_no_catalog_table_exit_2(tmp_path, run, write_book):
    path = write_book(tmp_path / "n.xlsx", {"Sheet": [["姓名", "年龄"], ["张三", 30]]})
    p = run("validate", path, "--lang", "en")
    assert p.returncode == 2 and p.stderr.startswith("No table of the guide was found")


def test_inherited_group_value_reported_once(tmp_path, run, write_book):
    """A bad value in a grouping column is reported where it was typed, not on every row that
    inherits it (a blank "same as above" cell holds nothing to fix)."""
    w = TABLES["work_report"]
    rows = [{**w.clean, "汇报周期": "上周"}, {"本周/月核心工作内容": "2.整理报表", "完成情况": "√", "量化成果": "报表2份"}]
    path = write_book(tmp_path / "w.xlsx", {"周报": [[c.header for c in w.columns]]
                                          + [[r.get(c.key, "") for c in w.columns] for r in rows]})
    doc = json.loads(run("validate", path, "--today", TODAY, "--format", "json").stdout)
    assert [(f["cell"], f["code"]) for f in doc["findings"]] == [("C2", "CX112")]


def test_unreadable_quarter_is_a_finding_not_a_crash(tmp_path, run, write_book):
    e = TABLES["supplier_evaluation"]
    rows = [{**e.clean, "评估季度": "第二季度"}, {**e.clean}]
    path = write_book(tmp_path / "e.xlsx", {"评估": [[c.header for c in e.columns]]
                                          + [[r.get(c.key, "") for c in e.columns] for r in rows]})
    p = run("validate", path, "--today", TODAY, "--format", "json")
    assert p.returncode == 1
    assert [(f["cell"], f["code"]) for f in json.loads(p.stdout)["findings"]] == [("A2", "CX112")]


def test_score_maximum_follows_configured_weights(tmp_path, run, write_book):
    e = TABLES["supplier_evaluation"]
    rows = [{**e.clean, "产品质量": "34", "交付及时性": "20", "总分": "94"}]
    path = write_book(tmp_path / "e.xlsx", {"评估": [[c.header for c in e.columns]]
                                          + [[r.get(c.key, "") for c in e.columns] for r in rows]})
    doc = json.loads(run("validate", path, "--today", TODAY, "--format", "json").stdout)
    assert [(f["cell"], f["code"]) for f in doc["findings"]] == [("C2", "CX109")]
    assert "30" in doc["findings"][0]["message"]
    cfg = tmp_path / "collab-xl.toml"
    cfg.write_text("[ranking]\nweights = {quality = 35, delivery = 20}\n", encoding="utf-8")
    doc = json.loads(run("validate", path, "--today", TODAY, "--format", "json", "--config", cfg).stdout)
    assert doc["findings"] == []


def test_far_dates_mean_far_future_not_a_crash(tmp_path, run, write_book):
    """Excel allows dates up to 9999-12-31 (typed for "never expires"); pandas' dates end in 2262."""
    d = TABLES["supplier_directory"]
    rows = [[d.clean.get(c.key, "") for c in d.columns] for _ in range(3)]
    rows[0][0], rows[1][0], rows[2][0] = "甲公司", "乙公司", "丙公司"
    rows[0][6], rows[1][6], rows[2][6] = dt.datetime(9999, 12, 31), "9999-12-31", dt.datetime(2020, 1, 1)
    path = write_book(tmp_path / "d.xlsx", {"名录": [[c.header for c in d.columns]] + rows})
    p = run("validate", path, "--today", TODAY, "--format", "json")
    assert p.returncode == 1, p.stderr
    assert [(f["cell"], f["code"]) for f in json.loads(p.stdout)["findings"]] == [("G4", "CX241")]


def test_cx263_allows_the_grace_period_after_the_quarter(run, tmp_path, write_book):
    # 2024Q2 ends 06-30: evaluating up to 45 days later (08-14) is normal; 08-15 and a date
    # before the quarter are warned. [limits] evaluation_grace_days changes the 45.
    e = TABLES["supplier_evaluation"]
    dates = ["2024-06-28", "2024-07-15", "2024-08-14", "2024-08-15", "2024-03-31", "2024年9月1日"]
    rows = [[{**e.clean, "评估日期": d}.get(c.key, "") for c in e.columns] for d in dates]
    book = write_book(tmp_path / "评估.xlsx", {"评估": [["供应商评估表"], [c.key for c in e.columns], *rows]})
    doc = json.loads(run("validate", book, "--today", "2024-10-08", "--format", "json").stdout)
    cx263 = [(f["cell"], f["severity"]) for f in doc["findings"] if f["code"] == "CX263"]
    assert cx263 == [("J6", "warning"), ("J7", "warning"), ("J8", "warning")]
    assert "45" in next(f["message"] for f in doc["findings"] if f["code"] == "CX263")
    cfg = tmp_path / "collab-xl.toml"
    cfg.write_text("[limits]\nevaluation_grace_days = 14\n", encoding="utf-8")
    doc = json.loads(run("validate", book, "--today", "2024-10-08", "--format", "json", "--config", cfg).stdout)
    assert [f["cell"] for f in doc["findings"] if f["code"] == "CX263"] == ["J4", "J5", "J6", "J7", "J8"]


def test_a_completion_date_after_today_is_warned_in_every_table(run, tmp_path, write_book):
    # tables-2.md "Future dates": CX231 on every done column (表1/表3 实际完成时间, 表4 实际完成时间,
    # 采购订单 实际交付日期 and 补发到货时间); a due date in the future (表3 完成时间) is normal.
    def sheet(key, **values):
        t = TABLES[key]
        return [[c.header for c in t.columns], [{**t.clean, **values}.get(c.key, "") for c in t.columns]]
    book = write_book(tmp_path / "未来.xlsx", {
        "表1": sheet("cross_dept", 时间节点="2024-06-20", 实际完成时间="2024-06-06"),
        "表3": sheet("customer_log", 沟通时间="2024-06-01", 后续行动="寄样品", 负责人="张三", 完成时间="2024-06-30",
                    实际完成时间="2024年6月7日"),
        "表4": sheet("partner_progress", 实际完成时间="2024-06-06"),
        "订单": sheet("purchase_orders", 实际交付日期="2024-06-06", 验收结果="不合格", 拒收时间="2024-06-06 09:00",
                    补发到货时间="2024-06-08 09:00", 入库单签署日期=""),
        "today": sheet("partner_progress", 实际完成时间="2024-06-05"),                 # today itself is fine
    })
    doc = json.loads(run("validate", book, "--today", "2024-06-05", "--format", "json").stdout)
    got = {(f["sheet"], f["column"], f["severity"]) for f in doc["findings"] if f["code"] == "CX231"}
    assert got == {("表1", "实际完成时间", "warning"), ("表3", "实际完成时间", "warning"),
                   ("表4", "实际完成时间", "warning"), ("订单", "实际交付日期", "warning"),
                   ("订单", "补发到货时间", "warning")}
    assert not [f for f in doc["findings"] if f["severity"] == "error"]
    msg = next(f["message"] for f in doc["findings"] if f["code"] == "CX231" and f["sheet"] == "订单"
               and f["column"] == "实际交付日期")
    assert msg.startswith("实际交付日期「2024-06-06」晚于今天")
