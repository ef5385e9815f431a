"""Sheets companies already keep (issue 12, items 7–10): status words, order lines, month/day/year
dates and scorecards that are not the guide's.

Every workbook here is a look-alike written for the test (openpyxl), after the patterns of
trackers, ERP exports and scorecards; none is copied from a public file.
"""
from __future__ import annotations

import json

import openpyxl
import pytest
from helpers import write_book

from collab_xl.config import config_from_mapping
from collab_xl.errors import UserError

TODAY = "2024-06-05"


@pytest.fixture(autouse=True)
def _clean_env(no_user_config):
    """No machine configuration; each test in its own folder."""


book = write_book      # {sheet: rows} → an .xlsx (tests/helpers.py)


def run_json(cli, command, path, *extra, ok=(0, 1)):
    p = cli(command, path, "--today", TODAY, "--format", "json", *extra)
    assert "Traceback" not in p.stderr, p.stderr
    assert p.exit_code in ok, p.stderr
    return json.loads(p.stdout)


def found(doc, code=None):
    return sorted((f["code"], f["cell"]) for f in doc["findings"] if code is None or f["code"] == code)


# -- 7. status words -----------------------------------------------------------------------------

TRACKER = [["任务名称", "负责部门", "截止日期", "状态"],
           ["官网改版", "市场部", "2024-05-10", "Done"],
           ["官网改版", "技术部", "2024-05-12", "In progress"],
           ["展会", "销售部", "2024-05-14", "正常-已完成"],
           ["展会", "行政部", "2024-05-15", "CLOSED"],
           ["年会", "人事部", "2024-05-16", "open"],
           ["年会", "财务部", "2024-05-17", "搞定"]]


def test_status_words_of_a_tracker_mean_done_or_in_progress(cli, tmp_path):
    path = book(tmp_path / "tracker.xlsx", {"任务": TRACKER})
    doc = run_json(cli, "validate", path)
    # Done, In progress, 正常-已完成, CLOSED, open are understood without a finding; 搞定 is unknown
    assert found(doc, "CX104") == [("CX104", "D7")]
    assert found(doc, "CX105") == []
    late = run_json(cli, "late", path)
    # done rows (Done, 正常-已完成, CLOSED) are finished: only the open ones (and the unknown) are overdue
    assert sorted(i["row"] for i in late["items"]) == [3, 6, 7]


def test_the_users_own_status_words_from_collab_xl_toml(cli, tmp_path):
    path = book(tmp_path / "tracker.xlsx", {"任务": TRACKER})
    conf = tmp_path / "collab-xl.toml"
    conf.write_text('[status.cross_dept.status]\n"已完成" = ["搞定", "OK"]\n"进行中" = "在办"\n', encoding="utf-8")
    doc = run_json(cli, "validate", path, "--config", conf)
    assert found(doc, "CX104") == []
    late = run_json(cli, "late", path, "--config", conf)
    assert sorted(i["row"] for i in late["items"]) == [3, 6]


def test_our_templates_status_values_keep_their_checks(cli, tmp_path):
    # 表2's look-alikes stay CX105 warnings; a word nobody declared stays CX104
    header = ["汇报人", "部门", "汇报周期", "本周/月核心工作内容(按优先级排序)", "完成情况(√/×/部分完成)"]
    rows = [["张三", "市场部", "2024年5月第2周", "1. 方案", "已完成"],
            ["张三", "市场部", "2024年5月第2周", "2. 预算", "Done"],
            ["张三", "市场部", "2024年5月第2周", "3. 招聘", "进行中"],
            ["张三", "市场部", "2024年5月第2周", "4. 培训", "差不多"]]
    path = book(tmp_path / "report.xlsx", {"周报": [header, *rows]})
    doc = run_json(cli, "validate", path)
    assert found(doc, "CX105") == [("CX105", "E2")]
    assert found(doc, "CX104") == [("CX104", "E5")]


def test_status_configuration_mistakes_are_one_line(tmp_path):
    with pytest.raises(UserError) as e:
        config_from_mapping({"status": {"cross_dept": {"status": {"完工": ["Done"]}}}}, "c.toml")
    assert "status.cross_dept.status" in e.value.en and "完工" in e.value.zh
    with pytest.raises(UserError) as e:
        config_from_mapping({"status": {"cross_dept": {"project": {"已完成": "x"}}}}, "c.toml")
    assert "unknown key status.cross_dept.project" in e.value.en
    with pytest.raises(UserError) as e:
        config_from_mapping({"status": {"cross_dept": {"status": {"已完成": "OK", "进行中": ["ok"]}}}}, "c.toml")
    assert "\"ok\"" in e.value.en
    cfg = config_from_mapping({"status": {"cross_dept": {"status": {"已完成": "OK"}}}}, "c.toml")
    assert cfg.status.for_column("cross_dept", "status") == {"OK": "已完成"}


# -- 8. order lines ------------------------------------------------------------------------------

ORDER_HEADER = ["采购订单号", "行号", "供应商", "物料名称", "订购数量", "单价", "交货日期"]


def test_an_order_of_several_lines_is_unique_on_order_and_line(cli, tmp_path):
    rows = [["PO-1", 10, "甲公司", "纸", 5, 2, "2024-05-25"],
            ["PO-1", 20, "甲公司", "笔", 5, 2, "2024-05-25"],
            ["PO-1", 20, "甲公司", "墨", 5, 2, "2024-05-25"],     # the same line twice
            ["PO-2", 10, "甲公司", "墨", 5, 2, "2024-05-25"]]
    path = book(tmp_path / "po.xlsx", {"PO": [ORDER_HEADER, *rows]})
    doc = run_json(cli, "validate", path)
    assert found(doc, "CX110") == [("CX110", "A4")]
    msg = next(f["message"] for f in doc["findings"] if f["code"] == "CX110")
    assert "PO-1" in msg and "行号「20」" in msg
    en = run_json(cli, "validate", path, "--lang", "en")
    assert 'line "20"' in next(f["message"] for f in en["findings"] if f["code"] == "CX110")


def test_without_a_line_column_the_order_number_alone_is_unique(cli, tmp_path):
    rows = [["PO-1", "甲公司", "纸", 5, 2, "2024-05-25"],
            ["PO-1", "甲公司", "笔", 5, 2, "2024-05-25"]]
    header = [h for h in ORDER_HEADER if h != "行号"]
    path = book(tmp_path / "po.xlsx", {"PO": [header, *rows]})
    doc = run_json(cli, "validate", path)
    assert found(doc, "CX110") == [("CX110", "A3")]
    assert "「订单号」不能重复" in next(f["message"] for f in doc["findings"] if f["code"] == "CX110")


def test_a_line_column_with_a_missing_line_still_keys_by_the_order(cli, tmp_path):
    rows = [["PO-1", 10, "甲公司", "纸", 5, 2, "2024-05-25"],
            ["PO-2", None, "甲公司", "笔", 5, 2, "2024-05-25"],
            ["PO-2", None, "甲公司", "墨", 5, 2, "2024-05-25"]]
    path = book(tmp_path / "po.xlsx", {"PO": [ORDER_HEADER, *rows]})
    doc = run_json(cli, "validate", path)
    assert found(doc, "CX110") == [("CX110", "A4")]


# -- 9. month/day/year dates ---------------------------------------------------------------------

def test_month_day_year_dates_are_read_and_ambiguous_ones_warned(cli, tmp_path):
    rows = [["PO-1", "甲公司", "纸", 5, 2, "1/15/2024"],     # only January 15th: read
            ["PO-2", "甲公司", "笔", 5, 2, "15/1/2024"],     # only 15 January: read
            ["PO-3", "甲公司", "墨", 5, 2, "3/4/2024"],      # 4 March or 3 April: a warning
            ["PO-4", "甲公司", "夹", 5, 2, "5/5/2024"],      # the same day either way: read
            ["PO-5", "甲公司", "尺", 5, 2, "13/13/2024"]]    # no reading: unreadable, as before
    header = ["采购订单号", "供应商", "物料名称", "订购数量", "单价", "交货日期"]
    path = book(tmp_path / "po.xlsx", {"PO": [header, *rows]})
    doc = run_json(cli, "validate", path)
    assert found(doc, "CX123") == [("CX123", "F4")]
    assert found(doc, "CX102") == [("CX102", "F6")]
    amb = next(f for f in doc["findings"] if f["code"] == "CX123")
    assert amb["severity"] == "warning"
    assert "2024-03-04" in amb["message"] and "2024-04-03" in amb["message"]
    en = run_json(cli, "validate", path, "--lang", "en")
    msg = next(f["message"] for f in en["findings"] if f["code"] == "CX123")
    assert "2024-03-04 (month/day/year)" in msg and "2024-04-03 (day/month/year)" in msg
    late = run_json(cli, "late", path)
    # the read dates are late (not delivered); the ambiguous and the unreadable ones are not guessed
    assert sorted(i["row"] for i in late["items"]) == [2, 3, 5]
    assert {i["due"] for i in late["items"]} == {"2024-01-15", "2024-05-05"}


def test_parse_dates_reads_one_reading_only():
    import pandas as pd
    from collab_xl.cells.parse import parse_dates
    d = parse_dates(pd.Series(["1/15/2022", "15.01.2022", "3/4/2022", "1-15-2022 10:30 AM", "3/4-2022", "2022-03-04"]))
    assert [None if pd.isna(v) else v.date().isoformat() for v in d["value"]] == \
        ["2022-01-15", "2022-01-15", None, "2022-01-15", None, "2022-03-04"]
    assert d["ambiguous"].tolist() == [False, False, True, False, False, False]
    assert d["bad"].tolist() == [False, False, False, False, True, False]


# -- 10. scorecards that are not the guide's ------------------------------------------------------

CARD_HEADER = ["月份", "供应商", "质量", "交付", "服务", "总分", "评分人"]
CARD_ROWS = [("2024-04", "甲公司", 55, 28, 9), ("2024-04", "乙公司", 40, 20, 8),
             ("2024-05", "甲公司", 50, 25, 9), ("2024-05", "乙公司", 45, 22, 6),
             ("2024-05", "丙公司", 58, 29, 10), ("2024-05", "丁公司", 30, 30, 12)]   # 服务 12 > 10
CARD_TOML = ('[scorecard]\nperiod = "month"\ndimensions = { "质量" = 60, "交付" = 30, "服务" = 10 }\n'
             'grades = { A = 90, B = 75, C = 0 }\n')


def card_book(tmp_path, rows=CARD_ROWS, header=CARD_HEADER):
    return book(tmp_path / "scorecard.xlsx",
                {"月度评分": [header, *[[m, s, a, b, c, a + b + c, "王工"] for m, s, a, b, c in rows]]})


def card_config(tmp_path, text=CARD_TOML):
    conf = tmp_path / "card.toml"
    conf.write_text(text, encoding="utf-8")
    return conf


def test_a_monthly_scorecard_of_three_dimensions_is_ranked_with_its_grades(cli, tmp_path):
    path, conf = card_book(tmp_path), card_config(tmp_path)
    doc = run_json(cli, "rank", path, "--config", conf, ok=(0,))
    assert doc["quarter"] == "2024-05" and doc["quarters"] == ["2024-04", "2024-05"]
    assert doc["period"] == "month" and doc["weights"] == {"质量": 60, "交付": 30, "服务": 10}
    got = [(s["supplier"], s["score"], s["grade"], s["change"], s["rectification"]) for s in doc["suppliers"]]
    assert got == [("丙公司", 97.0, "A", None, False), ("甲公司", 84.0, "B", -8.0, False), ("乙公司", 73.0, "C", 5.0, True)]
    assert doc["suppliers"][0]["dimensions"] == {"质量": 58.0, "交付": 29.0, "服务": 10.0}
    # 乙公司 was below 80 in April and May: two months in a row
    assert doc["suppliers"][2]["consecutive_below"] == 2 and "连续2个月" in doc["suppliers"][2]["recommendation"]
    # 丁公司's 服务 12 is above its maximum 10: left out, and validate says why
    assert [e["row"] for e in doc["excluded"]] == [7]
    v = run_json(cli, "validate", path, "--config", conf)
    assert found(v) == [("CX109", "E7")]         # no CX002 for the guide's 价格/问题解决 columns
    earlier = run_json(cli, "rank", path, "--config", conf, "--quarter", "2024年4月", ok=(0,))
    assert earlier["quarter"] == "2024-04" and [s["supplier"] for s in earlier["suppliers"]] == ["甲公司", "乙公司"]


def test_the_scorecards_sheets_name_its_dimensions_and_months(cli, tmp_path):
    path, conf = card_book(tmp_path), card_config(tmp_path)
    out = tmp_path / "out.xlsx"
    p = cli("rank", path, "--today", TODAY, "--config", conf, "--out", out)
    assert p.exit_code == 0, p.stderr
    wb = openpyxl.load_workbook(out)
    rows = [[c for c in r] for r in wb["供应商排名 2024-05"].iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r[0] == "排名")
    header = [c for c in rows[at] if c is not None]
    assert header[:13] == ["排名", "供应商名称", "供应商类别", "评估次数", "质量(60)", "交付(30)", "服务(10)", "综合得分",
                           "等级", "较上月", "评估结果", "连续低于80分(月)", "处理建议"]
    assert list(rows[at + 1][:9]) == [1, "丙公司", "未登记", 1, 58, 29, 10, 97, "A"]
    notice = [[c for c in r if c is not None] for r in wb["整改通知书-乙公司"].iter_rows(values_only=True)]
    assert ["1. 服务", "6/10", "得分率 60%,低于 80%"] in notice
    assert any("贵司 2024-05 月度综合得分为 73 分" in r[0] for r in notice if r)


def test_a_monthly_scorecards_notes_refusals_and_notice_speak_of_months(cli, tmp_path):
    path, conf = card_book(tmp_path), card_config(tmp_path)
    doc = run_json(cli, "rank", path, "--config", conf, ok=(0,))
    excluded = next(n for n in doc["notes"] if "未计入" in n)
    assert "月份" in excluded and "季度" not in excluded
    en = run_json(cli, "rank", path, "--config", conf, "--lang", "en", ok=(0,))
    assert any("the month or the supplier" in n for n in en["notes"])
    # the notice quotes only the guide's rule it follows, not "every quarter"
    out = tmp_path / "out.xlsx"
    assert cli("rank", path, "--today", TODAY, "--config", conf, "--out", out).exit_code == 0
    notice = [str(c) for r in openpyxl.load_workbook(out)["整改通知书-乙公司"].iter_rows(values_only=True) for c in r if c]
    assert not [t for t in notice if "季度" in t], notice
    assert any("我方按月对供应商进行综合评分" in t for t in notice)
    # a month not in the data, and a scorecard whose every row has a mistake: refused in months
    p = cli("rank", path, "--today", TODAY, "--config", conf, "--quarter", "2024-03")
    assert p.exit_code == 2 and "数据中的月份有:2024-04、2024-05" in p.stderr and "季度" not in p.stderr
    bad = book(tmp_path / "bad.xlsx", {"月度评分": [CARD_HEADER, ["2024-05", "甲公司", 70, 28, 9, 107, "王工"]]})
    p = cli("rank", bad, "--today", TODAY, "--config", conf)
    assert p.exit_code == 2 and "得分、月份或供应商名称" in p.stderr and "季度" not in p.stderr


@pytest.mark.parametrize("toml, words", [
    (CARD_TOML, "评估月份、供应商名称、[scorecard] 的各项得分"),
    ('[scorecard]\ndimensions = { "技术" = 70, "成本" = 30 }\n', "评估季度、供应商名称、[scorecard] 的各项得分"),
    ("", "评估季度、供应商名称、五项得分、评估人"),
])
def test_no_scorecard_in_the_workbook_names_the_columns_the_configuration_asks_for(cli, tmp_path, toml, words):
    d = ["供应商名称", "供应商类别", "供应品类", "联系人", "联系方式"]
    path = book(tmp_path / "名录.xlsx", {"供应商名录": [d, ["甲公司", "核心", "纸张", "王工", "13800000000"]]})
    args = ("--config", card_config(tmp_path, toml)) if toml else ()
    p = cli("rank", path, "--today", TODAY, *args)
    assert p.exit_code == 2 and words in p.stderr


def test_the_excel_ranking_alert_of_a_monthly_scorecard_speaks_of_months(monkeypatch, tmp_path, xlwings_env):
    from collab_xl.excel import scripts
    from collab_xl.excel.payload import open_book, payload_from_file
    path, conf = card_book(tmp_path), card_config(tmp_path)
    monkeypatch.setenv("COLLAB_XL_CONFIG", str(conf))
    monkeypatch.setenv("COLLAB_XL_TODAY", TODAY)
    book_ = open_book(payload_from_file(path))
    scripts.supplier_ranking(book_)
    alerts = [a["args"][0] for a in book_.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1 and "2024-05 共 3 家供应商参与月度排名" in alerts[0] and "季度" not in alerts[0]


def test_a_scorecard_is_not_read_without_its_configuration(cli, tmp_path):
    # months and three dimensions are not the guide's evaluation table: nothing to rank, exit 2
    p = cli("rank", card_book(tmp_path), "--today", TODAY)
    assert p.exit_code == 2 and p.stdout == "" and "Traceback" not in p.stderr


def test_a_quarterly_scorecard_with_its_own_dimensions(cli, tmp_path):
    header = ["评估季度", "供应商名称", "技术", "成本", "总分", "评估人"]
    rows = [["2024Q2", "甲公司", 65, 30, 95, "王工"], ["2024Q2", "乙公司", 50, 20, 70, "王工"],
            ["2024Q2", "丙公司", 50, 20, 80, "王工"]]                 # a wrong total: CX262
    path = book(tmp_path / "q.xlsx", {"评分": [header, *rows]})
    conf = card_config(tmp_path, '[scorecard]\ndimensions = { "技术" = 70, "成本" = 30 }\n')
    v = run_json(cli, "validate", path, "--config", conf)
    assert found(v) == [("CX262", "E4")]
    assert "2 项得分之和" in next(f["message"] for f in v["findings"])
    doc = run_json(cli, "rank", path, "--config", conf, "--lang", "en", ok=(0,))
    assert "period" not in doc and "grades" not in doc and "grade" not in doc["suppliers"][0]
    assert [(s["supplier"], s["score"]) for s in doc["suppliers"]] == [("甲公司", 95.0), ("丙公司", 70.0), ("乙公司", 70.0)]
    assert doc["suppliers"][0]["dimensions"] == {"技术": 65.0, "成本": 30.0}


def test_map_suggests_a_scorecard_section_for_a_monthly_scorecard(cli, tmp_path):
    """Without configuration the monthly scorecard is not read; map says so and writes the
    [scorecard] section (the maxima left to the user when the data cannot tell them); filled in,
    it ranks."""
    path = card_book(tmp_path)
    p = cli("map", path, "--format", "json")
    assert p.exit_code == 1
    card = json.loads(p.stdout)["sheets"][0]["nearest"]["scorecard"]
    assert card["period"] == "month" and card["dimensions"] == ["质量", "交付", "服务"] and card["maxima"] is None
    text = cli("map", path).stdout
    assert "这像是公司自己的评分表(按月评分,3 项得分" in text and "把 ? 换成各项的满分" in text
    assert 'period = "month"' in text and 'dimensions = { "质量" = ?, "交付" = ?, "服务" = ? }' in text
    p = cli("validate", path)
    assert p.exit_code == 2 and "[scorecard]" in p.stderr and p.stderr.count("\n") == 1
    conf = card_config(tmp_path, card["toml"].replace("\"质量\" = ?", "\"质量\" = 60").replace("\"交付\" = ?", "\"交付\" = 30")
                       .replace("\"服务\" = ?", "\"服务\" = 10"))
    doc = run_json(cli, "rank", path, "--config", conf, ok=(0,))
    assert doc["period"] == "month" and [s["supplier"] for s in doc["suppliers"]] == ["丙公司", "甲公司", "乙公司"]


def test_map_suggests_a_scorecard_of_its_own_dimensions_with_maxima_from_the_data(cli, tmp_path):
    header = ["考核季度", "供应商名称", "技术", "成本", "总分", "评估人"]
    path = book(tmp_path / "q.xlsx", {"供应商考核": [header, ["2024Q2", "甲公司", 65, 30, 95, "王工"],
                                                      ["2024Q2", "乙公司", 50, 20, 70, "王工"]]})
    card = json.loads(cli("map", path, "--format", "json").stdout)["sheets"][0]["nearest"]["scorecard"]
    assert card["period"] == "quarter" and card["dimensions"] == ["技术", "成本"] and card["maxima"] == [70, 30]
    assert "period" not in card["toml"]
    doc = run_json(cli, "rank", path, "--config", card_config(tmp_path, card["toml"]), ok=(0,))
    assert [(s["supplier"], s["score"]) for s in doc["suppliers"]] == [("甲公司", 95.0), ("乙公司", 70.0)]
    assert "满分按表中数据估计,请核对" in cli("map", path).stdout


@pytest.mark.parametrize("sheet", [
    [["单据编号", "往来单位", "物料名称", "订购数量", "单价（含税）", "预计到货"], ["D-1", "甲公司", "纸", 5, 25, "2024-05-25"]],
    [["供应商", "联系人", "质量"], ["甲公司", "王工", "好"]],             # no period column: not a scorecard
])
def test_no_scorecard_is_suggested_for_other_sheets(cli, tmp_path, sheet):
    path = book(tmp_path / "x.xlsx", {"表": sheet})
    doc = json.loads(cli("map", path, "--format", "json").stdout)
    near = doc["sheets"][0]["nearest"]
    assert near is None or near["scorecard"] is None
    assert "[scorecard]" not in cli("validate", path).stderr


@pytest.mark.parametrize("text, words", [
    ('[scorecard]\ndimensions = { "质量" = 60, "交付" = 30 }\n', "total 100"),
    ('[scorecard]\ndimensions = { a = 10, b = 10, c = 10, d = 10, e = 10, f = 50 }\n', "1 to 5"),
    ('[scorecard]\nperiod = "week"\n', "scorecard.period"),
    ('[scorecard]\ndimensions = { "质量" = 100 }\n[ranking.weights]\nquality = 30\n', "not both"),
    ('[scorecard]\ngrades = { A = 120 }\n', "scorecard.grades.A"),
])
def test_scorecard_configuration_mistakes_are_one_line(tmp_path, text, words):
    import tomllib
    with pytest.raises(UserError) as e:
        config_from_mapping(tomllib.loads(text), "c.toml")
    assert words in e.value.en and "\n" not in e.value.zh


def test_month_day_year_date_times_keep_their_time():
    import pandas as pd
    from collab_xl.cells.datetimes import parse_datetimes
    d = parse_datetimes(pd.Series(["1/15/2024 2:05 PM", "1/15/2024 10:30", "1/15/2024", "3/4/2024 10:30", "1/15/2024 25:00"]))
    assert [None if pd.isna(v) else str(v) for v in d["value"]] == \
        ["2024-01-15 14:05:00", "2024-01-15 10:30:00", "2024-01-15 00:00:00", None, None]
    assert d["hastime"].tolist() == [True, True, False, False, False]
    assert d["ambiguous"].tolist() == [False, False, False, True, False]
    assert d["bad"].tolist() == [False, False, False, False, True]
