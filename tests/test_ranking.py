"""Quarterly supplier score and ranking: the pure core and the renderer-neutral Result."""
from __future__ import annotations

import re

import pandas as pd
import pytest

import rank_workbooks as W
from collab_xl.app import rank as app_rank
from collab_xl.app import rank_model, rank_sheets, rank_texts
from collab_xl.catalog import Context
from collab_xl.catalog.supplier_evaluation import DIMENSIONS
from collab_xl.config import Config, load_config
from collab_xl.core import ranking as rk
from collab_xl.core import textwrap_cjk
from collab_xl.core.grid import Grid
from collab_xl.core.validate import validate_grids
from collab_xl.io import workbook_files
from collab_xl.errors import UserError
from collab_xl.i18n import fields_of

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def frame(rows):
    """(quarter, supplier, quality, delivery, service, price, solving) tuples → evaluation rows."""
    return pd.DataFrame(rows, columns=["quarter", "supplier", *DIMENSIONS])


def flat(quarter, supplier, total):
    """A row whose five scores add up to ``total`` (the quality score takes the remainder)."""
    return (quarter, supplier, total - 60, 25, 20, 10, 5)


def by_supplier(r: rk.Ranking) -> dict:
    return {row.supplier: row for row in r.table.itertuples(index=False)}


# -- the core -----------------------------------------------------------------------------------
def test_row_score_is_the_sum_and_quarter_score_the_mean_over_evaluators():
    rows = frame([
        ("2024Q2", "甲", 28, 23, 18, 13, 9),      # 91
        ("2024Q2", "甲", 26, 20, 17, 12, 8),      # 83
        ("2024Q2", "甲", 27, 21.5, 16, 12, 9),    # 85.5
    ])
    s = rk.quarterly_scores(rows).loc[("2024Q2", "甲")]
    assert s["evaluations"] == 3
    assert s["score"] == pytest.approx((91 + 83 + 85.5) / 3, abs=0.005)      # 86.5
    assert s["quality"] == pytest.approx(27.0)
    assert s["delivery"] == pytest.approx(21.5)
    assert s["service"] == pytest.approx(17.0)


def test_scores_round_half_up_to_two_decimals():
    # 80 + 81 + 81 → 80.666… → 80.67; 80.125 (exact in binary) → 80.13, not 80.12 (half to even)
    rows = frame([flat("2024Q2", "甲", 80), flat("2024Q2", "甲", 81), flat("2024Q2", "甲", 81),
                  ("2024Q2", "乙", 20.125, 25, 20, 10, 5)])
    s = rk.quarterly_scores(rows)["score"]
    assert s[("2024Q2", "甲")] == 80.67
    assert s[("2024Q2", "乙")] == 80.13


def test_competition_ranking_shares_ranks_and_lists_ties_by_name():
    rows = frame([flat("2024Q2", "丁", 85), flat("2024Q2", "乙", 85), flat("2024Q2", "甲", 90),
                  flat("2024Q2", "丙", 70)])
    t = rk.rank_quarter(rows, "2024Q2").table
    assert list(t["rank"]) == [1, 2, 2, 4]
    assert list(t["supplier"]) == ["甲", "丁", "乙", "丙"]      # 丁 U+4E01 before 乙 U+4E59


def test_tie_on_the_mean_not_on_single_rows():
    # 甲: 84 and 86 → 85; 乙: one row of 85 — equal quarterly scores share the rank
    rows = frame([flat("2024Q2", "甲", 84), flat("2024Q2", "甲", 86), flat("2024Q2", "乙", 85)])
    t = rk.rank_quarter(rows, "2024Q2").table
    assert list(zip(t["supplier"], t["rank"])) == [("乙", 1), ("甲", 1)]


def test_exactly_the_threshold_is_not_below_and_79_99_is():
    rows = frame([flat("2024Q2", "甲", 80), ("2024Q2", "乙", 24, 19.99, 16, 12, 8), flat("2024Q2", "丙", 80.01)])
    rows_by = by_supplier(rk.rank_quarter(rows, "2024Q2"))
    assert rows_by["甲"].score == 80 and not rows_by["甲"].below and rows_by["甲"].action == rk.KEEP
    assert rows_by["乙"].score == 79.99 and rows_by["乙"].below and rows_by["乙"].action == rk.NOTICE
    assert not rows_by["丙"].below


def test_threshold_is_compared_before_rounding_79_995_is_below():
    # tables-2.md: 79.99 and 80.00 average 79.995 — below 80, though two decimals would show 80.00
    rows = frame([("2024Q2", "甲", 24, 19.99, 16, 12, 8), flat("2024Q2", "甲", 80), flat("2024Q2", "乙", 80),
                  flat("2024Q1", "甲", 79.99), flat("2024Q1", "甲", 80)])
    b = by_supplier(rk.rank_quarter(rows, "2024Q2"))
    assert b["甲"].below and b["甲"].action == rk.REMOVE and b["甲"].consecutive_below == 2   # 2024Q1 too
    assert b["甲"].exact == 79.995 and b["甲"].score == 79.995        # shown unrounded: it decided
    assert not b["乙"].below and b["乙"].score == 80
    assert (b["乙"].rank, b["甲"].rank) == (1, 2)                      # not a tie at "80.00"
    # a mean rounding away from the line keeps its two decimals: 80.666… → 80.67
    c = by_supplier(rk.rank_quarter(frame([flat("2024Q2", "丙", 80), flat("2024Q2", "丙", 81),
                                            flat("2024Q2", "丙", 81)]), "2024Q2"))
    assert c["丙"].score == 80.67 and c["丙"].exact == pytest.approx(80.6666667)


def test_a_wrong_total_does_not_exclude_but_a_bad_score_does():
    f = pd.DataFrame({"row": [3, 4, 5], "colname": ["total", "quality", "evaluator"],
                      "severity": ["error", "error", "error"]})
    p = pd.DataFrame({"quarter": ["2024Q2"] * 3, "supplier": ["甲"] * 3, **{d: [5.0] * 3 for d in DIMENSIONS}},
                     index=[3, 4, 5])
    assert list(rk.excluded_mask(p, f)) == [False, True, False]
    assert list(rk.wrong_total_mask(p, f)) == [True, False, False]


def test_change_against_the_previous_quarter_only():
    rows = frame([flat("2024Q1", "甲", 88), flat("2024Q2", "甲", 91),
                  flat("2023Q4", "乙", 70), flat("2024Q2", "乙", 75)])      # 乙 has no 2024Q1
    b = by_supplier(rk.rank_quarter(rows, "2024Q2"))
    assert b["甲"].change == 3
    assert pd.isna(b["乙"].change)


def test_consecutive_quarters_below_and_a_gap_breaks_the_run():
    rows = frame([
        # 甲: below in 2023Q3, 2023Q4, 2024Q1, 2024Q2 → 4
        flat("2023Q3", "甲", 70), flat("2023Q4", "甲", 72), flat("2024Q1", "甲", 75), flat("2024Q2", "甲", 79),
        # 乙: below 2023Q3, 2023Q4, not evaluated in 2024Q1, below 2024Q2 → 1
        flat("2023Q3", "乙", 70), flat("2023Q4", "乙", 70), flat("2024Q2", "乙", 70),
        # 丙: below, then above, then below → 1
        flat("2023Q4", "丙", 70), flat("2024Q1", "丙", 85), flat("2024Q2", "丙", 70),
        # 丁: above now → 0, whatever came before
        flat("2024Q1", "丁", 60), flat("2024Q2", "丁", 90),
    ])
    b = by_supplier(rk.rank_quarter(rows, "2024Q2"))
    assert {s: b[s].consecutive_below for s in b} == {"甲": 4, "乙": 1, "丙": 1, "丁": 0}
    assert {s: b[s].action for s in b} == {"甲": rk.REMOVE, "乙": rk.NOTICE, "丙": rk.NOTICE, "丁": rk.KEEP}


def test_a_quarter_missing_from_all_the_data_breaks_the_run_too():
    # Nobody was evaluated in 2024Q1: 2023Q4 and 2024Q2 are not consecutive.
    rows = frame([flat("2023Q4", "甲", 70), flat("2024Q2", "甲", 70)])
    b = by_supplier(rk.rank_quarter(rows, "2024Q2"))
    assert b["甲"].consecutive_below == 1
    assert pd.isna(b["甲"].change)              # no 2024Q1 score to compare with


def test_removal_from_the_configured_number_of_quarters():
    rows = frame([flat("2024Q1", "甲", 70), flat("2024Q2", "甲", 70)])
    assert by_supplier(rk.rank_quarter(rows, "2024Q2", consecutive_for_removal=3))["甲"].action == rk.NOTICE
    assert by_supplier(rk.rank_quarter(rows, "2024Q2", consecutive_for_removal=2))["甲"].action == rk.REMOVE
    assert by_supplier(rk.rank_quarter(rows, "2024Q1", consecutive_for_removal=1))["甲"].action == rk.REMOVE


def test_threshold_is_configurable():
    rows = frame([flat("2024Q2", "甲", 84)])
    assert by_supplier(rk.rank_quarter(rows, "2024Q2", threshold=85))["甲"].below
    assert not by_supplier(rk.rank_quarter(rows, "2024Q2", threshold=84))["甲"].below


def test_later_quarters_do_not_change_an_earlier_ranking():
    rows = frame([flat("2024Q1", "甲", 70), flat("2024Q2", "甲", 70), flat("2024Q3", "甲", 70)])
    assert by_supplier(rk.rank_quarter(rows, "2024Q2"))["甲"].consecutive_below == 2


def test_weakest_dimensions_by_share_of_their_maximum():
    maxima = {"quality": 30, "delivery": 25, "service": 20, "price": 15, "solving": 10}
    means = pd.Series({"quality": 27, "delivery": 17.5, "service": 18, "price": 9, "solving": 9})
    w = rk.weakest(means, maxima)
    assert list(w.index) == ["price", "delivery", "quality", "service", "solving"]   # 60%, 70%, 90%, 90%, 90%
    assert w.loc["delivery", "share"] == pytest.approx(0.7)


@pytest.mark.parametrize("text", ["2024Q2", "2024-Q2", "2024年第2季度", "2024年Q2", "2024 q2", "2024年第二季度", "２０２４Ｑ２"])
def test_quarter_forms(text):
    assert rank_model.resolve_quarter(text, ["2024Q1", "2024Q2"]) == "2024Q2"


def test_quarter_default_is_the_latest_and_unknown_quarters_are_refused():
    assert rank_model.resolve_quarter(None, ["2023Q4", "2024Q1"]) == "2024Q1"
    with pytest.raises(UserError) as e:
        rank_model.resolve_quarter("2024Q3", ["2023Q4", "2024Q1"])
    assert "2023Q4" in e.value.zh and "2024Q1" in e.value.en
    with pytest.raises(UserError):
        rank_model.resolve_quarter("下季度", ["2024Q1"])


# -- the Result of a realistic workbook -----------------------------------------------------------
def report(rows=None, directory=True, header=W.EVALUATION_HEADER, name="评估.xlsx", config=None):
    grids = []
    if directory:
        grids.append(Grid(name="供应商名录", rows=W.directory_sheet()))
    grids.append(Grid(name="供应商评估表", rows=W.evaluation_sheet(W.Q1 + W.Q2 if rows is None else rows, header)))
    return validate_grids(name, grids, ctx(config))


def ctx(config=None):
    return Context(today=W.TODAY, config=config or Config.default())


def test_realistic_workbook_every_rank_score_change_and_count():
    res = app_rank.build([report()], None, ctx(), "zh")
    doc = res.doc
    assert doc["quarter"] == "2024Q2"                       # the latest in the data
    got = [(s["rank"], s["supplier"], s["category"], s["evaluations"], s["score"], s["change"], s["rectification"],
            s["consecutive_below"], s["action"]) for s in doc["suppliers"]]
    assert got == W.EXPECTED_Q2
    assert doc["suppliers"][0]["dimensions"] == W.MINXING_Q2_DIMENSIONS
    assert doc["excluded_rows"] == W.EXCLUDED_ROWS
    assert [e["row"] for e in doc["excluded"]] == [22, 23, 24]     # title row 1, header row 2, 7 + 12 rows
    assert "未登记的公司" not in [s["supplier"] for s in doc["suppliers"]]
    recs = {s["supplier"]: s["recommendation"] for s in doc["suppliers"]}
    assert "移出供应商名录或降为备用供应商" in recs[W.HENGDA]
    assert "整改通知书" in recs[W.XINYUAN]
    assert recs[W.MINXING] == "保持合作"


def test_realistic_workbook_earlier_quarter():
    doc = app_rank.build([report()], "2024年第1季度", ctx(), "zh").doc
    assert doc["quarter"] == "2024Q1"
    got = [(s["rank"], s["supplier"], s["score"], s["rectification"], s["consecutive_below"]) for s in doc["suppliers"]]
    assert got == W.EXPECTED_Q1
    assert all(s["change"] is None for s in doc["suppliers"])


def test_header_variants_and_quarter_forms_in_cells_are_read():
    # The realistic header says 产品质量(30分) and 交付及时性（25分）; the 2024Q1 rows use four forms.
    doc = app_rank.build([report()], "2024Q1", ctx(), "zh").doc
    assert {s["supplier"]: s["evaluations"] for s in doc["suppliers"]}[W.MINXING] == 2   # 2024Q1 + 2024-Q1
    assert {s["supplier"] for s in doc["suppliers"]} >= {W.HAITONG, W.ANXIN}              # 年第1季度, 年Q1


def test_json_keys_follow_interfaces():
    doc = app_rank.build([report()], None, ctx(), "zh").doc
    assert {"file", "quarter", "suppliers", "excluded_rows", "threshold", "weights"} <= set(doc)
    for s in doc["suppliers"]:
        assert {"rank", "supplier", "category", "evaluations", "score", "dimensions", "change", "rectification",
                "consecutive_below", "recommendation"} <= set(s)
        assert set(s["dimensions"]) == {"quality", "delivery", "service", "price", "solving"}
        assert isinstance(s["rank"], int) and isinstance(s["rectification"], bool)
    assert doc["threshold"] == 80 and doc["weights"] == {"quality": 30, "delivery": 25, "service": 20, "price": 15,
                                                         "solving": 10}
    assert doc["file"] == "评估.xlsx" and "files" not in doc


def test_ranking_sheet_rows_chart_and_trend():
    res = app_rank.build([report()], None, ctx(), "zh")
    sheet = res.sheets[0]
    assert sheet.name == "供应商排名 2024Q2"
    assert sheet.header[:14] == ["排名", "供应商名称", "供应商类别", "评估次数", "产品质量(30)", "交付及时性(25)",
                                 "服务态度(20)", "价格合理性(15)", "问题解决能力(10)", "综合得分", "较上季度", "评估结果",
                                 "连续低于80分(季度)", "处理建议"]
    assert sheet.header[14:] == ["2024Q1", "2024Q2"]
    results = [(r[0], r[1], r[9], r[10], r[11], r[12]) for r in sheet.rows]
    assert results == [(rank, name, score, "—" if change is None else change, "需整改" if below else "合格", run)
                       for rank, name, _, _, score, change, below, run, _ in W.EXPECTED_Q2]
    trend = {r[1]: r[14:] for r in sheet.rows}
    assert trend[W.HENGDA] == [75.0, 74.75] and trend[W.XINYUAN] == [None, 79.99]
    bar, line = sheet.charts
    assert (bar.kind, bar.categories, bar.series, bar.line) == ("bar", 1, [9], 80)
    assert (line.kind, line.series) == ("line", [14, 15])
    # charts sit below the footer, not over the table
    assert int(bar.anchor[1:]) > 3 + len(sheet.rows) + 1 + len(sheet.footer)
    # below-threshold suppliers link to their notice
    links = dict(zip([r[1] for r in sheet.rows], sheet.links))
    assert links[W.HENGDA] == ("整改通知书-泉州恒达包装有限公司", "A1") and links[W.MINXING] is None
    assert any("假设" in line[0] and "连" in line[0] for line in sheet.footer)
    assert res.replaces == ("供应商排名", "整改通知书", "Supplier ranking", "Rectification")


def test_one_notice_per_supplier_below_with_weakest_dimensions_and_deadline():
    res = app_rank.build([report()], None, ctx(), "zh")
    notices = {s.name: s for s in res.sheets[1:]}
    assert set(notices) == {"整改通知书-漳州新源五金有限公司", "整改通知书-泉州恒达包装有限公司"}
    n = notices["整改通知书-泉州恒达包装有限公司"]
    assert n.title == "整改通知书"
    cells = {r[0]: r[1:] for r in n.rows}
    assert cells["供应商"][0] == W.HENGDA
    assert cells["季度综合得分"][0] == 74.75 and "合格线 80 分" in cells["季度综合得分"][1]
    # 恒达 2024Q2 means: quality 22.5/30 = 75%, delivery 17.75/25 = 71%, service 15/20 = 75%,
    # price 11.5/15 = 76.7%, solving 8/10 = 80% → delivery first, then quality and service (guide order)
    dims = [r for r in n.rows if r[0][:1].isdigit()]
    assert [(r[0], r[1]) for r in dims] == [("1. 交付及时性", "17.75/25"), ("2. 产品质量", "22.5/30"),
                                            ("3. 服务态度", "15/20"), ("4. 价格合理性", "11.5/15"),
                                            ("5. 问题解决能力", "8/10")]
    assert "71%" in dims[0][2]
    # 2024-06-05 (Wed) + 5 working days: 6, 7, (8–9 weekend, 10 端午节), 11, 12, 13
    assert cells["回复期限"][0] == "2024年6月13日"
    assert res.doc["notices"][0]["reply_by"] == "2024-06-13"
    text = "\n".join(line[0] for line in n.footer)
    assert "评分低于80分的供应商发出《整改通知书》" in text
    assert "书面整改计划" in text and "盖章" in text and "2024年6月13日" in text


def write_config(tmp_path, text):
    cfg = tmp_path / "collab-xl.toml"
    cfg.write_text(text, encoding="utf-8")
    return load_config(cfg)


def test_weights_and_thresholds_from_a_config_file(tmp_path):
    config = write_config(tmp_path, "[ranking]\nthreshold = 82\nconsecutive_for_removal = 3\nreply_workdays = 1\n"
                                    "[ranking.weights]\nquality = 32\ndelivery = 25\nservice = 20\nprice = 14\n"
                                    "solving = 9\n")
    res = app_rank.build([report(config=config)], None, ctx(config), "zh")
    doc = res.doc
    assert doc["threshold"] == 82
    assert doc["weights"] == {"quality": 32, "delivery": 25, "service": 20, "price": 14, "solving": 9}
    got = {s["supplier"]: (s["rectification"], s["consecutive_below"], s["action"]) for s in doc["suppliers"]}
    # below 82: 海通 80 → 81.5, 安信 84 → 81.5, 宏远 79 → 80, 恒达 75 → 74.75, 新源 79.99;
    # nobody reaches 3 quarters in a row → notices only
    assert got == {W.MINXING: (False, 0, "keep"), W.HAITONG: (True, 2, "notice"), W.ANXIN: (True, 1, "notice"),
                   W.HONGYUAN: (True, 2, "notice"), W.XINYUAN: (True, 1, "notice"), W.HENGDA: (True, 2, "notice")}
    assert len(res.sheets) == 1 + 5
    assert res.sheets[0].header[4] == "产品质量(32)" and res.sheets[0].header[8] == "问题解决能力(9)"
    assert "连续低于82分(季度)" in res.sheets[0].header
    assert doc["notices"][0]["reply_by"] == "2024-06-06"          # one working day after Wednesday
    assert doc["excluded_rows"] == W.EXCLUDED_ROWS


def test_scores_above_the_configured_maximum_are_left_out(tmp_path):
    config = write_config(tmp_path, "[ranking.weights]\nquality = 35\nservice = 15\n")
    rows = [W.ev("2024Q2", W.MINXING, 28, 23, 15, 13, 9, "林"),       # service 15 of 15: kept
            W.ev("2024Q2", W.HAITONG, 28, 23, 18, 13, 9, "林")]       # service 18 of 15: left out
    doc = app_rank.build([report(rows=rows, config=config)], None, ctx(config), "zh").doc
    assert [s["supplier"] for s in doc["suppliers"]] == [W.MINXING]
    assert doc["excluded_rows"] == 1 and doc["excluded"][0]["row"] == 4


def test_no_evaluation_table_and_no_usable_rows_are_refused():
    only_directory = validate_grids("名录.xlsx", [Grid(name="名录", rows=W.directory_sheet())], ctx())
    with pytest.raises(UserError) as e:
        app_rank.build([only_directory], None, ctx(), "zh")
    assert "供应商评估表" in e.value.zh and "evaluation" in e.value.en
    all_bad = report(rows=[W.ev("2024Q2", W.MINXING, 35, 25, 20, 15, 10, "林")])
    with pytest.raises(UserError) as e:
        app_rank.build([all_bad], None, ctx(), "zh")
    assert "1 行" in e.value.zh


def test_pooling_two_reports_equals_one_workbook():
    one = app_rank.build([report()], None, ctx(), "zh").doc
    a = report(rows=W.Q1, name="a.xlsx")
    b = report(rows=W.Q2, name="b.xlsx")
    two = app_rank.build([a, b], None, ctx(), "zh").doc
    assert two["suppliers"] == one["suppliers"]
    assert two["files"] == ["a.xlsx", "b.xlsx"] and "a.xlsx" in two["file"] and "b.xlsx" in two["file"]
    assert two["excluded_rows"] == one["excluded_rows"]


def test_categories_come_from_a_directory_in_another_workbook():
    evaluations_only = report(rows=W.Q2[:3], directory=False, name="评估.xlsx")
    directory = validate_grids("名录.xlsx", [Grid(name="名录", rows=W.directory_sheet())], ctx())
    doc = app_rank.build([evaluations_only, directory], None, ctx(), "zh").doc
    assert doc["suppliers"][0]["category"] == "常规供应商"
    alone = app_rank.build([evaluations_only], None, ctx(), "zh").doc
    assert alone["suppliers"][0]["category"] is None
    assert app_rank.build([evaluations_only], None, ctx(), "zh").sheets[0].rows[0][2] == "未登记"


def test_english_result_has_no_chinese_apart_from_user_data():
    res = app_rank.build([report()], None, ctx(), "en")
    users = {*(r[0] for r in W.DIRECTORY), "评估.xlsx", "供应商评估表"}
    assert res.sheets[0].name == "Supplier ranking 2024Q2"
    assert {s.name for s in res.sheets[1:]} == {f"Rectification-{W.XINYUAN}", f"Rectification-{W.HENGDA}"}
    for sheet in res.sheets:
        texts = [sheet.title, *sheet.header, *(str(v) for r in sheet.rows for v in r if v is not None),
                 *(l[0] for l in sheet.footer)]
        for t in texts:
            for u in users:
                t = t.replace(u, "")
            assert not CJK.search(t), t
    assert res.sheets[0].rows[1][2] == "strategic"          # 战略供应商 shown in English…
    assert res.doc["suppliers"][1]["category"] == "战略供应商"  # …the JSON keeps the user's value


def test_sheet_names_are_valid_unique_and_short():
    taken = {"供应商排名 2024Q2"}
    a = rank_sheets.sheet_name("整改通知书", "A/B:C*D?E[F]G\\H", taken)
    assert a == "整改通知书-A_B_C_D_E_F_G_H"
    long = "福建省福州市鼓楼区某某某某某某办公用品贸易有限责任公司第一分公司"
    b = rank_sheets.sheet_name("整改通知书", long, taken)
    c = rank_sheets.sheet_name("整改通知书", long + "二", taken)
    assert len(b) <= 31 and len(c) <= 31 and b != c and c.endswith("(2)")
    d = rank_sheets.sheet_name("Rectification", "abc", {"rectification-ABC"})
    assert d.lower() != "rectification-abc"


def test_every_message_has_both_languages_with_the_same_fields():
    for key, (zh, en) in [*rank_texts.M.texts.items(), *workbook_files.M.texts.items()]:
        assert zh and en, key
        assert fields_of(zh) == fields_of(en), key


def test_notice_paragraphs_wrap_without_breaking_dates():
    lines = textwrap_cjk.wrap("请于2024年6月13日前书面回复我方采购部。" * 4, "zh", width=30)
    assert all(textwrap_cjk.display_width(l) <= 32 for l in lines)
    assert "".join(lines) == "请于2024年6月13日前书面回复我方采购部。" * 4
    assert not any(l.startswith(("。", ",")) for l in lines)


def test_rows_with_an_unreadable_or_empty_quarter_are_left_out():
    rows = W.Q2 + [W.ev("2024Q5", W.MINXING, 20, 20, 15, 10, 8, "林"), W.ev("", W.MINXING, 20, 20, 15, 10, 8, "林")]
    doc = app_rank.build([report(rows=rows)], None, ctx(), "zh").doc
    assert doc["excluded_rows"] == W.EXCLUDED_ROWS + 2
    assert {s["supplier"]: s["score"] for s in doc["suppliers"]}[W.MINXING] == 91.0
