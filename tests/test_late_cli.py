"""`collab-xl late` through the whole command: workbook file in, JSON / screen / workbook out."""
from __future__ import annotations

import datetime as dt
import json
import re

import chinese_calendar
import openpyxl
import pytest

from collab_xl.core.output import MARK_SHEET, is_result_sheet

from late_workbooks import write

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def isolated(no_user_config, monkeypatch):
    """No collab-xl.toml of the machine running the tests gets in (conftest no_user_config)."""
    monkeypatch.setenv("COLUMNS", "200")  # a wide screen: no wrapped lines to search through


def late_json(cli, *args):
    code, out, err = cli("late", *args, "--format", "json")
    return code, (json.loads(out) if out else None), err


def t4(stage, due, done="-", **kw):
    row = {"合作项目": "品牌升级", "合作伙伴": "乙广告公司", "项目阶段": stage, "我方负责人": "王五",
           "合作伙伴负责人": "钱七", "计划完成时间": due, "实际完成时间": done, "交付物": f"{stage}交付物"}
    row.update(kw)
    return row


def po(no, due, done="", amount=250):
    return {"订单号": no, "供应商名称": "福州闽星", "产品明细": "A4复印纸", "数量": 10, "单价": amount / 10,
            "金额": amount, "要求交付日期": due, "实际交付日期": done}


ACCEPTANCE = {"partner_progress": [
    t4("设计", dt.date(2024, 5, 10), dt.date(2024, 5, 13)),   # Sat 11 May was a working day
    t4("印刷", "2024-04-30", "2024-05-06"),                   # 劳动节 1–5 May
    t4("投放", "2024/9/30", "2024年10月8日"),                   # 国庆 1–7 Oct
    t4("复盘", "2024-12-20", "2024-12-20"),                   # on time
]}


# -- acceptance ---------------------------------------------------------------------------------

def test_acceptance_counts(tmp_path, cli):
    book = write(tmp_path / "进度.xlsx", ACCEPTANCE)
    code, doc, err = late_json(cli, book, "--today", "2024-12-31")
    assert code == 1 and err == ""
    got = {(i["due"], i["done"]): (i["days_late"], i["workdays_late"], i["status"], i["row"]) for i in doc["items"]}
    assert got == {("2024-05-10", "2024-05-13"): (3, 2, "late", 3),
                   ("2024-04-30", "2024-05-06"): (6, 1, "late", 4),
                   ("2024-09-30", "2024-10-08"): (8, 1, "late", 5)}
    assert [i["days_late"] for i in doc["items"]] == [8, 6, 3]          # most days late first
    assert doc["file"] == "进度.xlsx" and doc["today"] == "2024-12-31" and doc["due_soon"] == []


def test_penalty_and_overdue_to_today(tmp_path, cli):
    book = write(tmp_path / "po.xlsx", {"purchase_orders": [
        po("PO-1", "2024-05-10", "2024-05-13", amount=1000),       # 1000 × 0.5% × 3
        po("PO-2", "2024-09-30", amount=200),                      # open: 200 × 0.5% × 8 to today
    ]})
    code, doc, _ = late_json(cli, book, "--today", "2024-10-08")
    assert code == 1
    got = {i["row"]: (i["status"], i["days_late"], i["workdays_late"], i["penalty"], i["done"]) for i in doc["items"]}
    assert got == {3: ("late", 3, 2, 15.0, "2024-05-13"), 4: ("overdue", 8, 1, 8.0, None)}


def test_a_rejected_delivery_is_done_at_its_replacement(tmp_path, cli):
    # tables-2.md: 验收结果 不合格 → delivered at 补发到货时间 if filled, else not delivered; the
    # lateness and the penalty run to that point (1000 × 0.5% a day)
    rejected = {"验收结果": "不合格"}
    book = write(tmp_path / "po.xlsx", {"purchase_orders": [
        {**po("PO-1", "2024-06-03", "2024-06-03", amount=1000), **rejected, "补发到货时间": "2024-06-06 10:00"},
        {**po("PO-2", "2024-06-03", "2024-06-01", amount=1000), **rejected},          # no replacement yet
        {**po("PO-3", "2024-06-03", "2024-06-01", amount=1000), "验收结果": "合格",
         "补发到货时间": "2024-06-20"},                                                 # accepted: 06-01 counts
        {**po("PO-4", "2024-06-03", "2024-06-01", amount=1000), **rejected, "补发到货时间": "2024-06-03"},
    ]})
    code, doc, _ = late_json(cli, book, "--today", "2024-06-11")
    assert code == 1
    got = {i["row"]: (i["status"], i["done"], i["days_late"], i["penalty"]) for i in doc["items"]}
    assert got == {3: ("late", "2024-06-06", 3, 15.0), 4: ("overdue", None, 8, 40.0)}
    # without the 补发到货时间 column, every rejected order is not delivered
    book = write(tmp_path / "po2.xlsx", {"purchase_orders": [
        {**po("PO-1", "2024-06-03", "2024-06-03", amount=1000), **rejected}]}, drop={"purchase_orders": ("补发到货时间",)})
    _, doc, _ = late_json(cli, book, "--today", "2024-06-11")
    assert [(i["status"], i["penalty"]) for i in doc["items"]] == [("overdue", 40.0)]
    # an unreadable 补发到货时间 is not guessed: the row is unchecked, not overdue
    book = write(tmp_path / "po3.xlsx", {"purchase_orders": [
        {**po("PO-1", "2024-06-03", "2024-06-03", amount=1000), **rejected, "补发到货时间": "下周一"}]})
    _, doc, _ = late_json(cli, book, "--today", "2024-06-11")
    assert doc["items"] == []
    code, out, _ = cli("late", book, "--today", "2024-06-11")
    assert "1 行的期限或完成日期有误" in out and "采购订单!3" in out


def test_config_file_sets_rate_and_due_soon(tmp_path, cli):
    cfg = tmp_path / "my.toml"
    cfg.write_text("[late]\npenalty_rate_per_day = 0.01\ndue_soon_workdays = 0\n", encoding="utf-8")
    book = write(tmp_path / "po.xlsx", {"purchase_orders": [po("PO-1", "2024-05-10", "2024-05-13", 1000),
                                                           po("PO-2", "2024-06-06")]})
    _, doc, _ = late_json(cli, book, "--today", "2024-06-05", "--config", cfg)
    assert [i["penalty"] for i in doc["items"]] == [30.0]
    assert doc["due_soon"] == []
    _, doc, _ = late_json(cli, book, "--today", "2024-06-05")
    assert [i["penalty"] for i in doc["items"]] == [15.0] and [d["row"] for d in doc["due_soon"]] == [4]


# -- exit codes ---------------------------------------------------------------------------------

def test_exit_zero_when_nothing_is_late(tmp_path, cli):
    book = write(tmp_path / "ok.xlsx", {"partner_progress": [t4("设计", "2024-05-10", "2024-05-10"),
                                                             t4("印刷", "2024-06-06")]})
    code, doc, _ = late_json(cli, book, "--today", "2024-06-05")
    assert code == 0 and doc["items"] == [] and len(doc["due_soon"]) == 1
    code, out, _ = cli("late", book, "--today", "2024-06-05")
    assert code == 0 and "没有逾期" in out and "临近到期" in out


@pytest.mark.parametrize("args, zh, en", [
    (["missing.xlsx"], "missing.xlsx", "missing.xlsx"),
    (["{dir}.xlsx"], "没有带期限的表格", "no table with deadlines"),
    (["{book}", "--today", "soon"], "--today", "--today"),
    (["{book}", "--format", "xml"], "--format", "--format"),
    (["{book}", "--out", "x.xlsx", "--in-place"], "--out", "--out"),
])
def test_exit_two_with_one_line_in_the_users_language(tmp_path, cli, args, zh, en):
    book = write(tmp_path / "ok.xlsx", ACCEPTANCE)
    write(tmp_path / "dir.xlsx", {"supplier_directory": [{"供应商名称": "福州闽星", "供应商类别": "战略供应商",
                                                           "供应品类": "办公用品", "联系人": "陈", "联系方式": "13800138000"}]})
    args = [a.format(book=book, dir=tmp_path / "dir") for a in args]
    for lang, expected in (("zh", zh), ("en", en)):
        code, out, err = cli("late", *args, "--lang", lang)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and expected in err and "Traceback" not in err
        assert bool(CJK.search(err)) == (lang == "zh")


# -- the screen ---------------------------------------------------------------------------------

def test_screen_table_in_each_language(tmp_path, cli):
    ascii_only = dict(合作项目="Rebrand", 合作伙伴="Ad Co", 我方负责人="Wang", 合作伙伴负责人="Qian", 交付物="[draft]")
    rows = [t4(s, due, done, **ascii_only) for s, (due, done) in
            zip(("design", "print", "launch"), (("2024-05-10", "2024-05-13"), ("2024-04-30", "2024-05-06"),
                                                  ("2024-12-02", "-")))]
    book = write(tmp_path / "a.xlsx", {"partner_progress": rows})
    code, out, _ = cli("late", book, "--today", "2024-12-31")
    assert code == 1 and "逾期完成 2 项,超期未完成 1 项" in out and "逾期工作日" in out and "超期未完成" in out
    assert "Rebrand / launch / [draft]" in out                           # user text, brackets and all
    book_en = tmp_path / "b.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["表4 合作伙伴协作进度"].title = "T4"
    wb.save(book_en)
    code, out, _ = cli("late", book_en, "--today", "2024-12-31", "--lang", "en")
    assert code == 1 and "2 late, 1 overdue" in out and "Working days late" in out and "overdue" in out
    assert not CJK.search(out)


# -- the calendar fallback ----------------------------------------------------------------------

def test_uncovered_years_fall_back_with_a_message(tmp_path, cli, monkeypatch):
    for name in ("holidays", "workdays"):
        data = getattr(chinese_calendar, name)
        monkeypatch.setattr(chinese_calendar, name, {d: v for d, v in data.items() if d.year <= 2026})
    book = write(tmp_path / "future.xlsx", {"partner_progress": [
        t4("一期", "2027-10-01", "2027-10-08"), t4("二期", "2030-01-04")]})
    code, doc, err = late_json(cli, book, "--today", "2030-01-07")
    assert code == 1 and err == ""
    assert [(i["days_late"], i["workdays_late"]) for i in doc["items"]] == [(7, 5), (3, 1)]
    assert doc["calendar"]["fallback_years"] == [2027, 2030]
    assert "2027、2030" in doc["calendar"]["message"] and "周一至周五" in doc["calendar"]["message"]
    code, out, _ = cli("late", book, "--today", "2030-01-07", "--lang", "en")
    assert code == 1 and "No holiday data for 2027, 2030" in out.replace("\n", " ")


# -- writing the workbook -----------------------------------------------------------------------

def marks_state(path):
    """(hidden-sheet keys of columns C and D, our rule formulas per sheet, late sheets) of a file."""
    wb = openpyxl.load_workbook(path)
    ws = wb[MARK_SHEET]
    assert ws.sheet_state == "hidden"
    col = {k: [c.value for c in ws[k][1:] if c.value] for k in "ABCD"}
    rules = {name: sorted(f for rng in wb[name].conditional_formatting for r in rng.rules
                          for f in r.formula if MARK_SHEET in f)
             for name in wb.sheetnames if not is_result_sheet(name)}
    late_sheets = [n for n in wb.sheetnames if n in ("逾期事项", "Late items")]
    return col, rules, late_sheets, wb


MIXED = {
    "partner_progress": ACCEPTANCE["partner_progress"] + [t4("结案", "2024-12-02")],
    "work_report": [{"汇报人": "赵六", "部门": "销售部", "汇报周期": "2024年12月第1周",
                     "本周/月核心工作内容": "=HYPERLINK(\"http://x\")", "完成情况": "×", "遇到的问题及需支持事项": "客户取消"}],
}


def test_out_writes_sheet_links_and_marks_and_a_second_run_replaces_them(tmp_path, cli):
    book = write(tmp_path / "a.xlsx", MIXED)
    before = book.read_bytes()
    out1, out2 = tmp_path / "b.xlsx", tmp_path / "c.xlsx"
    code, out, _ = cli("late", book, "--today", "2024-12-31", "--out", out1)
    assert code == 1 and str(out1) in out.replace("\n", "")
    assert book.read_bytes() == before                                   # input untouched
    col, rules, sheets, wb = marks_state(out1)
    assert sorted(col["D"]) == ["表4 合作伙伴协作进度!3", "表4 合作伙伴协作进度!4", "表4 合作伙伴协作进度!5"]
    assert sorted(col["C"]) == ["表2 周月度工作汇报!3", "表4 合作伙伴协作进度!7"]
    assert col["A"] == [] and col["B"] == []
    assert any("$C:$C" in f for f in rules["表4 合作伙伴协作进度"]) and any("$D:$D" in f for f in rules["表4 合作伙伴协作进度"])
    assert any("$C:$C" in f for f in rules["表2 周月度工作汇报"])
    assert sheets == ["逾期事项"]
    ws = wb["逾期事项"]
    header = [c.value for c in ws[3]]
    assert header[:4] == ["序号", "状态", "工作表", "行"] and header[-1] == "违约金(元)"
    body = [[c.value for c in r] for r in ws.iter_rows(min_row=4, max_row=8)]
    assert [r[1] for r in body] == ["超期未完成", "逾期完成", "逾期完成", "逾期完成", "未完成"]
    assert [r[9] for r in body[:4]] == [29, 8, 6, 3]
    links = [ws.cell(row=r, column=4).hyperlink.location for r in range(4, 9)]
    assert links == ["'表4 合作伙伴协作进度'!A7", "'表4 合作伙伴协作进度'!A5", "'表4 合作伙伴协作进度'!A4",
                     "'表4 合作伙伴协作进度'!A3", "'表2 周月度工作汇报'!A3"]
    formula_like = ws.cell(row=8, column=6)                              # user text that looks like a formula
    assert formula_like.value == "=HYPERLINK(\"http://x\")" and formula_like.data_type == "s"

    # A second run (another language, even) on the written file replaces, never stacks.
    code, _, _ = cli("late", out1, "--today", "2024-12-31", "--out", out2, "--lang", "en")
    col2, rules2, sheets2, _ = marks_state(out2)
    assert code == 1 and sorted(col2["C"]) == sorted(col["C"]) and sorted(col2["D"]) == sorted(col["D"])
    assert rules2 == rules and sheets2 == ["Late items"]


def test_in_place_keeps_a_backup(tmp_path, cli):
    book = write(tmp_path / "a.xlsx", ACCEPTANCE)
    before = book.read_bytes()
    code, _, _ = cli("late", book, "--today", "2024-12-31", "--in-place")
    assert code == 1
    assert (tmp_path / "a.bak.xlsx").read_bytes() == before
    assert "逾期事项" in openpyxl.load_workbook(book).sheetnames


def test_validate_and_late_marks_are_independent(tmp_path, cli):
    tables = {"partner_progress": MIXED["partner_progress"] + [t4("验收", "下周")]}   # an error for validate
    book = write(tmp_path / "a.xlsx", tables)
    v1, l1, v2, l2 = (tmp_path / f"{n}.xlsx" for n in ("v1", "l1", "v2", "l2"))
    cli("validate", book, "--today", "2024-12-31", "--out", v1)
    cli("late", v1, "--today", "2024-12-31", "--out", l1)
    cli("validate", l1, "--today", "2024-12-31", "--out", v2)
    cli("late", v2, "--today", "2024-12-31", "--out", l2)
    after_validate, rules_v, _, _ = marks_state(v1)
    after_late, rules_l, sheets_l, wb_l = marks_state(l1)
    assert after_validate["A"] == ["表4 合作伙伴协作进度!F8"]
    assert after_late["A"] == after_validate["A"]                       # validate marks survive late
    assert after_late["D"] and after_late["C"]
    assert "校验结果" in wb_l.sheetnames and sheets_l == ["逾期事项"]
    after_v2, rules_v2, _, _ = marks_state(v2)
    assert (after_v2["C"], after_v2["D"]) == (after_late["C"], after_late["D"])   # late marks survive validate
    assert rules_v2 == rules_l
    final, rules_final, sheets_final, wb_final = marks_state(l2)
    assert final == after_late and rules_final == rules_l and sheets_final == ["逾期事项"]
    assert wb_final.sheetnames.count("校验结果") == 1


def test_the_workbook_is_read_once(tmp_path, cli, monkeypatch):
    import collab_xl.app.validate as app_validate
    calls = []
    real = app_validate.read_workbook
    monkeypatch.setattr(app_validate, "read_workbook", lambda p: calls.append(p) or real(p))
    book = write(tmp_path / "a.xlsx", ACCEPTANCE)
    cli("late", book, "--today", "2024-12-31", "--format", "json")
    assert len(calls) == 1


def test_a_completion_date_after_today_never_counts_as_late(tmp_path, cli):
    # tables-2.md "Future dates": done after today → not late, not overdue, not due soon; the
    # row is named as not judged
    book = write(tmp_path / "未来.xlsx", {
        "partner_progress": [t4("设计", "2024-05-10", "2024-06-20"),          # due long ago, "done" in the future
                             t4("印刷", "2024-06-06", "2024-06-07"),          # due tomorrow, "done" the day after
                             t4("复盘", "2024-05-20", "2024-05-25")],         # really late: still listed
        "purchase_orders": [{**po("PO-1", "2024-05-31", "2024-05-31", amount=1000), "验收结果": "不合格",
                             "补发到货时间": "2024-06-09"}],                    # replacement "arrives" after today
    })
    code, doc, _ = late_json(cli, book, "--today", "2024-06-05")
    assert code == 1
    assert [(i["table"], i["row"], i["status"]) for i in doc["items"]] == [("partner_progress", 5, "late")]
    assert doc["due_soon"] == []
    code, out, _ = cli("late", book, "--today", "2024-06-05")
    assert "3 行的期限或完成日期有误" in out and "完成日期晚于今天" in out
