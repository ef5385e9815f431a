"""The COLLAB_* worksheet functions: the command line's numbers, whole columns in one call, and a
clear answer (never an exception) for blanks, errors and nonsense."""
from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

from collab_xl.catalog import TABLES
from collab_xl.excel import functions as F

from helpers import TODAY

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _env(xlwings_env, monkeypatch):
    """Chinese, no configuration file (conftest xlwings_env), today as the machine says unless a
    test sets it."""
    monkeypatch.delenv("COLLAB_XL_TODAY", raising=False)


def column(path, sheet: str, header_key: str, header_row: int = 2) -> list:
    """One column's cell values under its header, as Excel hands them over (data_only)."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    headers = [c.value for c in ws[header_row]]
    j = next(i for i, h in enumerate(headers) if isinstance(h, str) and h.startswith(header_key))
    return [row[j] for row in ws.iter_rows(min_row=header_row + 1, values_only=True)]


def col(values: list) -> list[list]:
    return [[v] for v in values]


def flat(result) -> list:
    return [r[0] for r in result]


# -- working days and late status -------------------------------------------------------------------

def test_labour_day_2024_and_its_adjusted_saturday():
    # 2024-05-01..05 off; 2024-04-28 (Sun) and 2024-05-11 (Sat) worked (State Council notice).
    assert F.collab_workdays_late("2024-04-30", "2024-05-06") == 1
    assert F.collab_days_late("2024-04-30", "2024-05-06") == 6
    assert F.collab_workdays_late(dt.date(2024, 5, 10), dt.date(2024, 5, 11)) == 1   # Saturday worked
    assert F.collab_workdays_late(dt.date(2024, 5, 10), dt.date(2024, 5, 12)) == 1   # Sunday off
    assert F.collab_workdays_late(dt.date(2024, 4, 26), dt.datetime(2024, 4, 28, 17, 30)) == 1
    assert F.collab_late_status("2024-04-30", "2024-05-06") == "逾期完成"


def test_serial_numbers_dates_and_text_dates_agree():
    # xlwings Lite/Server custom functions get serial numbers; classic xlwings gets dates.
    due_serial, done_serial = 45412, 45418          # 2024-04-30, 2024-05-06
    as_serial = F.collab_workdays_late(col([due_serial] * 3), col([done_serial, None, 45413]), 45448)
    as_dates = F.collab_workdays_late(col([dt.date(2024, 4, 30)] * 3),
                                      col([dt.datetime(2024, 5, 6), None, dt.date(2024, 5, 1)]), dt.date(2024, 6, 5))
    as_text = F.collab_workdays_late(col(["2024年4月30日"] * 3), col(["2024/5/6", "", "2024.5.1"]), "2024-06-05")
    assert as_serial == as_dates == as_text
    assert flat(as_serial)[0] == 1 and flat(as_serial)[2] == 0     # done on a holiday: no working day late


@pytest.fixture(scope="module")
def late_book(tmp_path_factory, write_book, table_rows):
    """表4 with due/done pairs of every kind: late over holidays and 调休, on time, overdue, not due,
    text dates, serial numbers, an unreadable done date."""
    path = tmp_path_factory.mktemp("late") / "进度.xlsx"
    clean = TABLES["partner_progress"].clean
    pairs = [
        (dt.date(2024, 4, 30), dt.date(2024, 5, 6)), (dt.date(2024, 5, 10), dt.date(2024, 5, 11)),
        (dt.date(2024, 5, 10), dt.date(2024, 5, 12)), (dt.date(2024, 5, 20), dt.date(2024, 5, 18)),
        (dt.date(2024, 5, 20), None), (dt.date(2024, 6, 10), None), (dt.date(2024, 6, 6), None),
        (dt.date(2024, 2, 8), dt.date(2024, 2, 19)), ("2024/5/31", "2024年6月3日"), (45413, None),
        (dt.date(2024, 9, 30), dt.date(2024, 10, 8)), (dt.date(2023, 12, 29), dt.date(2024, 1, 2)),
        (dt.date(2024, 5, 15), dt.date(2024, 5, 15)), (dt.date(2024, 6, 5), None),
    ]
    rows = [dict(clean, 计划完成时间=due, 实际完成时间=done or "") for due, done in pairs]
    write_book(path, {"表4": table_rows("partner_progress", rows)})
    return path


def test_late_functions_give_the_command_lines_numbers(late_book, cli_json):
    doc = cli_json("late", late_book, "--today", TODAY)
    items = {i["row"]: i for i in doc["items"] if i["sheet"] == "表4" and "line" not in i}   # the phase line
    assert items, "the workbook has late items"
    due = column(late_book, "表4", "计划完成时间")
    done = column(late_book, "表4", "实际完成时间")
    days = flat(F.collab_days_late(col(due), col(done), TODAY))
    workdays = flat(F.collab_workdays_late(col(due), col(done), TODAY))
    status = flat(F.collab_late_status(col(due), col(done), TODAY))
    words = {"late": "逾期完成", "overdue": "超期未完成"}
    for k in range(len(due)):
        row = 3 + k
        if row in items:
            assert (status[k], days[k], workdays[k]) == (
                words[items[row]["status"]], items[row]["days_late"], items[row]["workdays_late"]), row
        elif isinstance(done[k], dt.datetime) and done[k].date() > TODAY:
            # done after today (2024-10-08): never late, for the command (not judged) and here
            assert status[k] == days[k] == workdays[k] == "完成日期晚于今天", row
        else:
            assert status[k] in ("按时", "未到期") and days[k] == 0 and workdays[k] == 0, row


def test_late_status_words_and_cancelled_items():
    due = col(["2024-05-01", "2024-05-01", "2024-05-01", "2024-07-01", "2024-05-01"])
    done = col(["2024-05-03", "2024-04-30", None, None, None])
    cancelled = col(["", "", "", "", "已取消"])
    assert flat(F.collab_late_status(due, done, "2024-06-05", cancelled)) == [
        "逾期完成", "按时", "超期未完成", "未到期", "已取消"]


def test_blanks_errors_and_nonsense_give_messages_not_exceptions():
    due = col([None, "", "#N/A", {"type": "Error", "basicValue": "#REF!"}, "下周", "05-20", "2024-05-01",
               "2024-05-01", True, 3.5])
    done = col([None, None, None, None, None, None, "#DIV/0!", "明天", None, None])
    out = flat(F.collab_late_status(due, done, "2024-06-05"))
    assert out[:2] == ["", ""]
    assert out[2] == "错误值 #N/A" and out[3] == "错误值 #REF!" and out[6] == "错误值 #DIV/0!"
    assert out[4] == "期限不是日期" and out[5] == "期限缺少年份" and out[7] == "完成日期不是日期"
    assert all(isinstance(v, str) and v for v in out[8:])
    assert F.collab_days_late(col(["2024-05-01"] * 2), col([None] * 3)) == "各参数的区域大小不一致"
    assert F.collab_days_late("2024-05-01", None, "昨天") == "“今天”不是日期"
    assert F.collab_days_late(None) == ""
    assert F.collab_supplier_score(object()) == "需要 5 项得分(质量、交付、服务、价格、问题解决)"


def test_today_defaults_to_the_override_then_the_machine(monkeypatch):
    monkeypatch.setenv("COLLAB_XL_TODAY", "2024-06-05")
    assert F.collab_days_late("2024-06-01") == 4
    monkeypatch.delenv("COLLAB_XL_TODAY")
    expected = (dt.date.today() - dt.date(2024, 6, 1)).days
    assert F.collab_days_late("2024-06-01") == expected


def test_ten_thousand_rows_in_one_call():
    n = 10_000
    due = col([45400 + k % 90 for k in range(n)])
    done = col([None if k % 3 == 0 else 45400 + k % 97 for k in range(n)])
    whole = flat(F.collab_workdays_late(due, done, 45448))
    assert len(whole) == n
    for k in (0, 1, 2, 4999, 9998):   # the same answer, cell by cell
        assert whole[k] == F.collab_workdays_late(due[k][0], done[k][0], 45448)


def test_a_row_range_gives_a_row_of_results():
    out = F.collab_late_status([["2024-05-01", "2024-07-01"]], [["2024-05-02", None]], "2024-06-05")
    assert out == [["逾期完成", "未到期"]]


# -- suppliers --------------------------------------------------------------------------------------

def test_supplier_score_shapes_and_problems():
    assert F.collab_supplier_score([[28, 23, 18, 13, 9]]) == 91
    assert F.collab_supplier_score([[28], [23], [18], [13], [9]]) == 91          # a column of five
    assert F.collab_supplier_score([[28, "23", "１８", 13, 9.5]]) == 91.5        # text numbers as typed
    out = flat(F.collab_supplier_score([
        [28, 23, 18, 13, 9], [None, None, None, None, None], [35, 1, 1, 1, 1], ["好", 1, 1, 1, 1],
        [1, None, 1, 1, 1], ["#N/A", 1, 1, 1, 1], [28.125, 23, 18, 13, 9]]))
    assert out == [91, "", "「产品质量」应在 0–30 分之间", "「产品质量」不是数字", "缺少「交付及时性」得分",
                   "错误值 #N/A", 91.13]
    assert F.collab_supplier_score([[1, 2, 3]]) == "需要 5 项得分(质量、交付、服务、价格、问题解决)"
    # Five separate cells or columns (scores kept in columns that are not side by side).
    assert F.collab_supplier_score(28, 23, 18, 13, 9) == 91
    assert F.collab_supplier_score(col([28, 20]), col([23, 23]), 18, col([13, 12]), 9) == [[91], [82]]
    assert F.collab_supplier_score(col([28, 20]), col([23, 23, 1]), 18, 13, 9) == "各参数的区域大小不一致"


def test_supplier_result_threshold():
    assert flat(F.collab_supplier_result(col([91, 80, 79.99, None, "x", 120]))) == [
        "合格", "合格", "需整改", "", "分数不是数字", "分数应在 0–100 之间"]
    assert F.collab_supplier_result(75, 70) == "合格"
    assert F.collab_supplier_result(75, "七十") == "合格线不是数字"


def test_configuration_changes_maxima_and_threshold(tmp_path):
    (tmp_path / "collab-xl.toml").write_text(
        "[ranking]\nweights = { quality = 40, delivery = 20, service = 20, price = 10, solving = 10 }\n"
        "threshold = 90\n", encoding="utf-8")
    assert F.collab_supplier_score([[35, 20, 18, 9, 9]]) == 91                    # 35 > 30 is fine now
    assert F.collab_supplier_score([[28, 23, 18, 9, 9]]) == "「交付及时性」应在 0–20 分之间"
    assert F.collab_supplier_result(85) == "需整改"


@pytest.fixture(scope="module")
def supplier_book(tmp_path_factory, write_book, table_rows):
    path = tmp_path_factory.mktemp("rank") / "供应商.xlsx"
    d = TABLES["supplier_directory"].clean
    e = TABLES["supplier_evaluation"].clean
    names = ["福州闽星办公用品有限公司", "厦门鹭岛印务有限公司", "泉州刺桐物流有限公司"]
    directory = [dict(d, 供应商名称=n) for n in names]
    evaluations = [
        dict(e, 供应商名称=names[0], 产品质量="28", 交付及时性="23", 服务态度="18", 价格合理性="13", 问题解决能力="9", 总分=""),
        dict(e, 供应商名称=names[1], 产品质量="22.5", 交付及时性="18", 服务态度="15", 价格合理性="12", 问题解决能力="7", 总分=""),
        dict(e, 供应商名称=names[2], 产品质量="27", 交付及时性="20", 服务态度="17", 价格合理性="14", 问题解决能力="8", 总分=""),
        dict(e, 供应商名称=names[2], 产品质量="25", 交付及时性="21", 服务态度="16", 价格合理性="12", 问题解决能力="7", 总分=""),
    ]
    write_book(path, {"供应商名录": table_rows("supplier_directory", directory),
                      "供应商评估表": table_rows("supplier_evaluation", evaluations)})
    return path


def test_supplier_score_is_the_rankings_score(supplier_book, cli_json):
    pytest.importorskip("collab_xl.app.rank")
    doc = cli_json("rank", supplier_book, "--quarter", "2024Q2", "--today", TODAY)
    ranked = {s["supplier"]: s for s in doc["suppliers"]}
    wb = openpyxl.load_workbook(supplier_book, data_only=True)["供应商评估表"]
    rows = [list(r) for r in wb.iter_rows(min_row=3, values_only=True)]
    scores = flat(F.collab_supplier_score([r[2:7] for r in rows]))
    by_supplier: dict[str, list] = {}
    for r, s in zip(rows, scores):
        by_supplier.setdefault(r[1], []).append(s)
    assert set(by_supplier) == set(ranked)
    for name, mine in by_supplier.items():
        assert round(sum(mine) / len(mine), 2) == ranked[name]["score"], name
        verdict = F.collab_supplier_result(ranked[name]["score"])
        assert (verdict == "需整改") == ranked[name]["rectification"], name


# -- contacts and credit codes ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def contact_book(tmp_path_factory, write_book, table_rows):
    path = tmp_path_factory.mktemp("contacts") / "名录.xlsx"
    c = TABLES["cross_dept"].clean
    contacts = ["王强/技术部/13912345678", "张三/技术部", "/市场部/13800138000", "李四/市场部/0591-87654321",
                "赵六/财务部/zhao@example.com", "钱七/行政部/1391234567", "孙八/法务部/138 0013 8000",
                "周九、采购部、13800138000", "吴十/仓储部/电话待定"]
    d = TABLES["supplier_directory"].clean
    codes = ["91350100M000100Y43", "91350100M000100Y44", "91110000-12345", "９１３５０１００Ｍ０００１００Ｙ４３",
             "91350100m000100y43", "91350100M000100Y4"]
    phones = ["0591-87654321", "13800138000", "abc", "sales@example.com", "0591-8765", "+8613800138000"]
    write_book(path, {
        "表1": table_rows("cross_dept", [dict(c, 对接人=v) for v in contacts]),
        "供应商名录": table_rows("supplier_directory", [dict(d, 供应商名称=f"供应商{k}", 统一社会信用代码=code, 联系方式=p)
                                                   for k, (code, p) in enumerate(zip(codes, phones))]),
    })
    return path


def _flagged(doc, sheet: str, column: str, codes: set[str]) -> set[int]:
    return {f["row"] for f in doc["findings"] if f["sheet"] == sheet and f["column"] == column and f["code"] in codes}


def test_contact_and_credit_code_checks_agree_with_validate(contact_book, cli_json):
    doc = cli_json("validate", contact_book, "--today", TODAY)
    people = column(contact_book, "表1", "对接人")
    got = flat(F.collab_check_contact(col(people), False, 3))
    assert {3 + k for k, ok in enumerate(got) if ok is False} == _flagged(doc, "表1", "对接人", {"CX106", "CX107"})
    assert all(v is True for k, v in enumerate(got) if 3 + k not in _flagged(doc, "表1", "对接人", {"CX106", "CX107"}))

    phones = column(contact_book, "供应商名录", "联系方式")
    got = flat(F.collab_check_contact(col(phones), False, 1))
    assert {3 + k for k, ok in enumerate(got) if ok is False} == _flagged(doc, "供应商名录", "联系方式", {"CX106"})

    codes = column(contact_book, "供应商名录", "统一社会信用代码")
    got = flat(F.collab_check_credit_code(col(codes)))
    assert {3 + k for k, ok in enumerate(got) if ok is False} == _flagged(
        doc, "供应商名录", "统一社会信用代码", {"CX113", "CX114"})
    assert any(got) and not all(got)
    # The reason names the same check character as validate's message.
    reasons = flat(F.collab_check_credit_code(col(codes), True))
    wrong = next(f for f in doc["findings"] if f["code"] == "CX114")
    expected = re.search(r"应为 (\w)", wrong["message"])[1]
    assert reasons[wrong["row"] - 3] == f"校验位不正确(应为 {expected})"


def test_contact_reasons_and_automatic_parts():
    assert F.collab_check_contact("王强/技术部/13912345678") is True
    assert F.collab_check_contact("13912345678") is True                     # a bare phone: whole cell
    assert F.collab_check_contact("张三/技术部") is False
    assert F.collab_check_contact("张三/技术部", True) == "没有有效的手机号、座机号或邮箱"
    assert F.collab_check_contact("/技术部/13912345678", True) == "应写成 姓名/部门/联系方式,缺少部分内容"
    assert flat(F.collab_check_contact(col([None, "-", "#N/A"]))) == ["", "", "错误值 #N/A"]
    assert F.collab_check_contact("x", False, "三") == "“部分数”应为 1–5 的整数"
    assert F.collab_check_credit_code("91350100M000100Y43") is True
    assert F.collab_check_credit_code("91110000-12345", True) == "不是18位统一社会信用代码"


# -- language ---------------------------------------------------------------------------------------

def test_english_when_chosen_and_never_mixed(monkeypatch):
    monkeypatch.setenv("COLLAB_XL_LANG", "en")
    out = flat(F.collab_late_status(col(["2024-05-01", "2024-05-01", "下周", "#N/A"]),
                                    col(["2024-05-03", None, None, None]), "2024-06-05"))
    assert out == ["late", "overdue", "due date is not a date", "error value #N/A"]
    texts = [F.collab_supplier_score([[35, 1, 1, 1, 1]]), F.collab_supplier_result(60),
             F.collab_check_contact("x", True), F.collab_check_credit_code("91350100M000100Y44", True),
             F.collab_days_late("2024-05-01", None, "昨天")]
    assert all(isinstance(t, str) and t and not CJK.search(t) for t in texts), texts


def test_every_message_exists_in_both_languages_with_the_same_fields():
    from collab_xl.i18n import fields_of
    for key, (zh, en) in F.M.texts.items():
        assert zh and en and fields_of(zh) == fields_of(en), key
        assert CJK.search(zh) or key.startswith("error"), key


# -- COLLAB_DUE: the guide's deadlines ------------------------------------------------------------

def serial(text: str) -> float:
    """An ISO date or date-time as an Excel serial (what COLLAB_DUE returns)."""
    return (dt.datetime.fromisoformat(text) - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)


def test_due_the_specs_worked_examples():
    assert F.collab_due("2024-04-30", "2个工作日") == serial("2024-05-07")          # over May Day
    assert F.collab_due(dt.datetime(2024, 4, 30, 17), "24小时") == pytest.approx(serial("2024-05-01T17:00"))
    assert F.collab_due(dt.date(2024, 5, 10), "2个工作日") == serial("2024-05-13")  # Sat 05-11 worked
    assert F.collab_due("2024-05-18", "2工作日") == serial("2024-05-21")
    assert F.collab_due("2024-05-08", "24h") == serial("2024-05-10")                 # a date alone: from 24:00
    assert F.collab_due("2024-05-12 10:00", "4小时") == pytest.approx(serial("2024-05-12T14:00"))
    assert F.collab_due("2024-05-24", "3天") == serial("2024-05-27")


def test_due_agrees_with_core_deadlines_for_a_column():
    import pandas as pd
    from collab_xl.core import deadlines
    from collab_xl.core.calendar import WorkCalendar
    starts = [f"2024-{m:02d}-{d:02d} {h:02d}:30" for m in (1, 2, 4, 5, 9, 10) for d in (1, 8, 15, 28) for h in (8, 17)]
    for limit, unit, n in (("2个工作日", "workdays", 2), ("24小时", "hours", 24), ("3天", "days", 3)):
        got = flat(F.collab_due(col(starts), limit))
        want = deadlines.due_after(pd.Series(pd.to_datetime(starts)), n, unit, WorkCalendar())["due"]
        assert got == [pytest.approx(serial(w.isoformat())) for w in want], limit


def test_due_reads_the_guides_date_time_forms_and_serials():
    forms = ["2024-05-08 14:30", "2024/5/8 14:30", "2024.5.8 14:30", "2024-05-08T14:30", "2024年5月8日 14:30",
             "2024年5月8日14时30分", "2024年5月8日下午2点半", "２０２４-０５-０８ １４:３０", 45420.6041666667,
             dt.datetime(2024, 5, 8, 14, 30)]
    got = flat(F.collab_due(col(forms), "2小时"))
    assert got == [pytest.approx(serial("2024-05-08T16:30"))] * len(forms)
    # a limit per row, as a 反馈时限 column
    assert flat(F.collab_due(col(["2024-05-08 14:30"] * 3), col(["1小时", "1天", "1个工作日"]))) == [
        pytest.approx(serial("2024-05-08T15:30")), serial("2024-05-09"), serial("2024-05-09")]


def test_due_blanks_and_bad_values_give_messages():
    out = flat(F.collab_due(col(["", "下周", "5月8日 14:30", "#N/A", "2024-05-08", "2024-05-08", "2024-05-08"]),
                            col(["2天", "2天", "2天", "2天", "2", "", "两周"])))
    assert out == ["", "开始时间不是日期或日期时间", "开始时间缺少年份", "错误值 #N/A",
                   "时限无法识别(应写成 2个工作日、3天 或 24小时)", "缺少时限", "时限无法识别(应写成 2个工作日、3天 或 24小时)"]
    assert F.collab_due(col(["2024-05-08"] * 2), col(["2天"] * 3)) == "各参数的区域大小不一致"


def test_due_follows_the_configured_calendar(tmp_path):
    (tmp_path / "collab-xl.toml").write_text('[calendar]\nholidays = ["2024-05-13"]\n', encoding="utf-8")
    assert F.collab_due("2024-05-10", "1个工作日") == serial("2024-05-11")            # the 调休 Saturday
    assert F.collab_due("2024-05-10", "2个工作日") == serial("2024-05-14")            # 05-13 now off


def test_due_in_english(monkeypatch):
    monkeypatch.setenv("COLLAB_XL_LANG", "en")
    assert F.collab_due("2024-05-08", "soon") == "limit not understood (write 2个工作日, 3天 or 24小时: working days, days, hours)"
    assert F.collab_due("tomorrow", "2天") == "the start is not a date or date-time"
