"""表2 周/月度工作汇报表: what tables-2.md adds (计划差异及原因; CX214 numbering, CX215 last
period's plan in this period's work), through the command line, and the periods and items it
reads them with."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from collab_xl.catalog import TABLES
from collab_xl.catalog.work_report import items_of, period_start, plan_matches, previous_period

T = TABLES["work_report"]
SHIPPED = [c for c in T.columns if not c.added]
PLAN = "1.跟进价格异议客户(3家);2.完成5家新客户拜访"


def _book(write_book, path, rows, columns=None):
    cols = columns or list(T.columns)
    return write_book(path, {"周报": [["表2:周/月度工作汇报表"], [c.header for c in cols]]
                                   + [[r.get(c.key, "") for c in cols] for r in rows]})


def _findings(cli, path, *extra):
    p = cli("validate", path, "--today", "2024-06-05", "--format", "json", *extra)
    assert "Traceback" not in p.stderr, p.stderr
    return json.loads(p.stdout)["findings"]


def _report(period, work, plan="", **kw):
    return {**T.clean, "汇报周期": period, "本周/月核心工作内容": work, "下周/月工作计划": plan, **kw}


def _more(work, **kw):
    """A further row of the report above (汇报人/部门/汇报周期 left blank: filled down)."""
    return {**T.clean, "汇报人": "", "部门": "", "汇报周期": "", "本周/月核心工作内容": work,
            "下周/月工作计划": "", **kw}


def _codes(f, code):
    return [(x["cell"], x["code"]) for x in f if x["code"] == code]


# ---------------------------------------------------------------------------------------------
# CX215: the spec's example

def test_the_plan_item_not_done_is_named_on_the_next_report(cli, write_book, tmp_path):
    rows = [_report("2024年5月第2周", "1.完成8家客户拜访", PLAN),
            _report("2024年5月第3周", "1.完成5家新客户拜访"),
            _more("2.整理客户回访记录")]
    f = _findings(cli, _book(write_book, tmp_path / "a.xlsx", rows))
    assert [(x["cell"], x["code"], x["severity"]) for x in f] == [("D4", "CX215", "warning")]
    msg = f[0]["message"]
    assert "跟进价格异议客户(3家)" in msg and "完成5家新客户拜访" not in msg
    assert "2024年5月第2周" in msg
    en = _findings(cli, _book(write_book, tmp_path / "a.xlsx", rows), "--lang", "en")[0]["message"]
    assert "跟进价格异议客户(3家)" in en and "last period" in en


def test_plan_items_done_in_other_words_count(cli, write_book, tmp_path):
    # 拜访新客户家 / 完成家新客户拜访: 3 shared bigrams of 5 + 7, Dice 0.5 = plan_match
    rows = [_report("2024年5月第2周", "1.完成8家客户拜访", PLAN),
            _report("2024-W20", "1.拜访新客户5家"),
            _more("2.整理报表")]
    cx = [x for x in _findings(cli, _book(write_book, tmp_path / "b.xlsx", rows)) if x["code"] == "CX215"]
    assert [x["cell"] for x in cx] == ["D4"]
    assert "跟进价格异议客户(3家)" in cx[0]["message"] and "完成5家新客户拜访" not in cx[0]["message"]
    # 跟进家价格异议客户 / 跟进价格异议客户家: Dice 0.75; on another row of the report
    rows[2] = _more("2.跟进3家价格异议客户")
    assert _codes(_findings(cli, _book(write_book, tmp_path / "b.xlsx", rows)), "CX215") == []


def test_a_filled_plan_difference_explains_the_report(cli, write_book, tmp_path):
    rows = [_report("2024年5月第2周", "1.完成8家客户拜访", PLAN),
            _report("2024年5月第3周", "1.完成5家新客户拜访"),
            _more("2.整理客户回访记录", 计划差异及原因="价格异议客户已由市场部统一跟进")]
    assert _codes(_findings(cli, _book(write_book, tmp_path / "c.xlsx", rows)), "CX215") == []


@pytest.mark.parametrize("before,now", [
    ("2024年5月第2周", "2024-05-13至2024-05-17"),     # a date range is its first date's week
    ("2024-W19", "2024年5月第3周"),
    ("2024年第21周", "2024年6月第1周"),     # 6月第1周 = 05-27…06-02, the week holding 1 June
    ("2024年5月", "2024-06"),
    ("2023年12月", "2024年1月"),
])
def test_the_previous_period_is_found_whatever_its_notation(before, now, cli, write_book, tmp_path):
    rows = [_report(before, "1.完成8家客户拜访", PLAN), _report(now, "1.完成5家新客户拜访")]
    f = _findings(cli, _book(write_book, tmp_path / "d.xlsx", rows))
    assert _codes(f, "CX215") == [("D4", "CX215")]


@pytest.mark.parametrize("rows", [
    [_report("2024年5月第3周", "1.完成5家新客户拜访")],                                    # no earlier report
    [_report("2024年5月第1周", "1.完成8家客户拜访", PLAN), _report("2024年5月第3周", "1.做别的")],  # a week between
    [_report("2024年5月第2周", "1.完成8家客户拜访", PLAN, 汇报人="钱七"),
     _report("2024年5月第3周", "1.完成5家新客户拜访")],                                      # someone else's plan
    [_report("2024年5月", "1.完成8家客户拜访", PLAN), _report("2024年6月第1周", "1.完成5家新客户拜访")],  # a month, then a week
    [_report("上周", "1.完成8家客户拜访", PLAN), _report("本周", "1.完成5家新客户拜访")],         # unreadable periods
    [_report("2024年第22周", "1.完成8家客户拜访", PLAN), _report("2024年6月第1周", "1.完成5家新客户拜访")],  # one week
])
def test_no_previous_report_means_no_plan_check(rows, cli, write_book, tmp_path):
    assert _codes(_findings(cli, _book(write_book, tmp_path / "e.xlsx", rows)), "CX215") == []


def test_plan_match_is_configured(cli, write_book, tmp_path):
    rows = [_report("2024年5月第2周", "1.完成8家客户拜访", PLAN), _report("2024年5月第3周", "1.完成5家新客户拜访")]
    path = _book(write_book, tmp_path / "f.xlsx", rows)
    assert _codes(_findings(cli, path), "CX215") == [("D4", "CX215")]
    # 跟进价格异议客户家 / 完成家新客户拜访 share one bigram of 8 + 7: Dice 2/15 ≈ 0.13
    cfg = tmp_path / "collab-xl.toml"
    cfg.write_text("[limits]\nplan_match = 0.1\n", encoding="utf-8")
    assert _codes(_findings(cli, path, "--config", cfg), "CX215") == []


def test_a_sheet_from_todays_template_gets_the_plan_check_without_the_added_column(cli, write_book, tmp_path):
    rows = [_report("2024年5月第2周", "1.完成8家客户拜访", PLAN), _report("2024年5月第3周", "1.完成5家新客户拜访")]
    f = _findings(cli, _book(write_book, tmp_path / "g.xlsx", rows, SHIPPED))
    assert [(x["cell"], x["code"]) for x in f] == [("D4", "CX215")]


# ---------------------------------------------------------------------------------------------
# CX214: numbering

@pytest.mark.parametrize("works,cell", [
    (["1.完成8家客户拜访", "3.整理4月销售数据报表"], "D4"),
    (["1.完成8家客户拜访", "1.整理4月销售数据报表"], "D4"),
    (["1.完成8家客户拜访;3.整理报表", "4.客户回访"], "D3"),
    (["完成8家客户拜访", "整理4月销售数据报表"], "D3"),
    (["2.完成8家客户拜访"], "D3"),
    (["完成8家客户拜访;整理4月销售数据报表"], "D3"),
    (["1.完成8家客户拜访", "整理4月销售数据报表", "5.客户回访"], "D4"),
])
def test_items_out_of_sequence_are_named_on_the_first_such_cell(works, cell, cli, write_book, tmp_path):
    rows = [_report("2024年5月第2周", works[0])] + [_more(w) for w in works[1:]]
    f = _findings(cli, _book(write_book, tmp_path / "h.xlsx", rows))
    assert [(x["cell"], x["code"], x["severity"]) for x in f] == [(cell, "CX214", "warning")]


def test_the_message_says_which_number_was_expected(cli, write_book, tmp_path):
    rows = [_report("2024年5月第2周", "1.完成8家客户拜访"), _more("3.整理4月销售数据报表")]
    f = _findings(cli, _book(write_book, tmp_path / "i.xlsx", rows))
    assert "第 2 项" in f[0]["message"] and "3.整理4月销售数据报表" in f[0]["message"]
    en = _findings(cli, _book(write_book, tmp_path / "i.xlsx", rows), "--lang", "en")
    assert "item 2" in en[0]["message"]


@pytest.mark.parametrize("works", [
    ["完成8家客户拜访"],                                   # a lone unnumbered item
    ["完成8家客户拜访。"],
    ["1.完成8家客户拜访", "2.整理4月销售数据报表"],
    ["1、完成8家客户拜访;2、整理报表", "3)客户回访"],
    ["（1）完成8家客户拜访\n（2）整理报表"],
    ["①完成8家客户拜访;②整理报表"],
    ["一、完成8家客户拜访。二、整理报表"],
    ["1.完成8家客户拜访,签约1.5万元。客户满意", "2.整理报表"],   # unnumbered parts go on with item 1
])
def test_items_numbered_in_sequence_are_fine(works, cli, write_book, tmp_path):
    rows = [_report("2024年5月第2周", works[0])] + [_more(w) for w in works[1:]]
    assert _codes(_findings(cli, _book(write_book, tmp_path / "j.xlsx", rows)), "CX214") == []


def test_each_report_numbers_from_one(cli, write_book, tmp_path):
    rows = [_report("2024年5月第2周", "1.完成8家客户拜访"), _more("2.整理报表"),
            _report("2024年5月第2周", "1.客户回访", 汇报人="钱七"), _more("2.方案评审"),
            _report("2024年5月第3周", "1.完成8家客户拜访"), _more("3.整理报表")]
    f = _findings(cli, _book(write_book, tmp_path / "k.xlsx", rows))
    assert _codes(f, "CX214") == [("D8", "CX214")]


# ---------------------------------------------------------------------------------------------
# Periods and items (tables-2.md conventions "Periods")

@pytest.mark.parametrize("text,kind,first", [
    ("2024年5月第1周", "week", dt.date(2024, 4, 29)),
    ("2024年5月第2周", "week", dt.date(2024, 5, 6)),
    ("2024年第19周", "week", dt.date(2024, 5, 6)),
    ("2024-W19", "week", dt.date(2024, 5, 6)),
    ("2024W19", "week", dt.date(2024, 5, 6)),
    ("2024年5月", "month", dt.date(2024, 5, 1)),
    ("2024-05", "month", dt.date(2024, 5, 1)),
    ("2024-05-06至2024-05-10", "week", dt.date(2024, 5, 6)),
    ("２０２４年５月第２周", "week", dt.date(2024, 5, 6)),
])
def test_periods(text, kind, first):
    assert period_start(text) == (kind, first)


@pytest.mark.parametrize("text", ["上周", "2024年13月", "2024-W54", "2024年6月第6周", ""])
def test_unreadable_periods(text):
    assert period_start(text) is None


def test_previous_periods():
    assert previous_period(("week", dt.date(2024, 5, 6))) == ("week", dt.date(2024, 4, 29))
    assert previous_period(("month", dt.date(2024, 1, 1))) == ("month", dt.date(2023, 12, 1))


def test_items_and_matching():
    assert [(i.number, i.text) for i in items_of(PLAN)] == [(1, "跟进价格异议客户(3家)"), (2, "完成5家新客户拜访")]
    assert [i.number for i in items_of("1.5万元合同已签")] == [None]       # 1.5 is a number, not "1."
    assert plan_matches("完成5家新客户拜访", "1.完成5家新客户拜访", 0.5)
    assert not plan_matches("跟进价格异议客户(3家)", "完成5家新客户拜访", 0.5)
    assert plan_matches("跟进价格异议客户(3家)", "跟进价格异议客户", 0.5)          # one contains the other
