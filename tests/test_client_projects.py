"""客户项目跟进表 (tables-2.md, ``client_projects``) through the command line: CX311 (the survey
more than 3 calendar days after a passed acceptance), CX312 (a delivery not synced since the last
working day before today, on the calendar with May Day and the 调休 Saturday), the checklists
(CX120), the conditional requirements (CX121), 交付开始 ≥ both signatures (CX118), the survey's Late
line, and the template sheet found as this table only."""
from __future__ import annotations

import json

import pytest

from collab_xl.catalog import TABLES

KEY = "client_projects"
COLS = TABLES[KEY].columns
LETTER = {c.key: chr(ord("A") + j) for j, c in enumerate(COLS)}


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in (the test's folder is current)."""


def row(**values) -> dict:
    """A project still at the needs stage, plus ``values``."""
    base = {"客户名称": "甲公司", "项目名称": "生产成本优化", "需求清单要素": "痛点、目标、预算、决策链"}
    return {**base, **values}


def delivered(**values) -> dict:
    return row(**{"方案要素": "产品/服务内容、报价、交付周期、案例", "我方签字日期": "2024-04-08",
                  "客户签字日期": "2024-04-09", "交付负责人": "王五", "交付开始日期": "2024-04-10",
                  "交付完成日期": "2024-04-29", **values})


def run(tmp_path, write_book, table_rows, cli, rows, *args, today="2024-06-05", command="validate"):
    book = write_book(tmp_path / "跟进.xlsx", {"客户项目跟进": table_rows(KEY, rows)})
    code, out, err = cli(command, book, "--today", today, "--format", "json", *args)
    assert code in (0, 1), err
    return json.loads(out)


def of(doc, code):
    return [(f["cell"], f["message"]) for f in doc["findings"] if f["code"] == code]


def test_survey_within_3_calendar_days_of_a_passed_acceptance(tmp_path, write_book, table_rows, cli):
    """Calendar days: accepted 04-30, the survey is due 05-03 though 05-01…05 are holidays."""
    rows = [delivered(验收日期="2024-04-30", 验收结果="通过", 验收报告签署日期="2024-04-30",
                      调查表发送日期="2024-05-03", 调查评价要素="产品、沟通效率、响应速度"),
            delivered(验收日期="2024-04-30", 验收结果="通过", 验收报告签署日期="2024-04-30",
                      调查表发送日期="2024-05-06", 调查评价要素="产品/服务、沟通效率、响应速度"),
            delivered(验收日期="2024-04-30", 验收结果="不通过", 调查表发送日期="2024-05-10",
                      调查评价要素="产品/服务、沟通效率、响应速度")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert of(doc, "CX311") == [(f"{LETTER['调查表发送日期']}4",
                                 "调查表发送日期「2024-05-06」晚于验收(2024-04-30)后 3 天,应不晚于 2024-05-03")]
    assert doc["findings"] == [f for f in doc["findings"] if f["code"] == "CX311"]
    (tmp_path / "cfg.toml").write_text("[limits]\nsurvey_days = 6\n", encoding="utf-8")
    assert of(run(tmp_path, write_book, table_rows, cli, rows, "--config", tmp_path / "cfg.toml"), "CX311") == []


@pytest.mark.parametrize("today,stale,fresh", [
    ("2024-06-05", "2024-06-03", "2024-06-04"),   # a Wednesday: Tuesday is the last working day
    ("2024-05-06", "2024-04-29", "2024-04-30"),   # after May Day: 04-30 is the last working day
    ("2024-05-13", "2024-05-10", "2024-05-11"),   # Monday after the 调休 Saturday 05-11
])
def test_delivery_synced_every_working_day(tmp_path, write_book, table_rows, cli, today, stale, fresh):
    rows = [delivered(交付开始日期="2024-04-10", 交付完成日期="", 最近同步日期=stale),
            delivered(交付开始日期="2024-04-10", 交付完成日期="", 最近同步日期=fresh),
            delivered(交付开始日期="2024-04-10", 交付完成日期="2024-04-12", 最近同步日期="2024-04-12")]
    got = of(run(tmp_path, write_book, table_rows, cli, rows, today=today), "CX312")
    assert [c for c, _ in got] == [f"{LETTER['最近同步日期']}3"]
    assert f"最近一次同步为 {stale}(最近同步)" in got[0][1]


def test_no_sync_falls_back_to_the_start_and_daily_can_mean_calendar_days(tmp_path, write_book, table_rows, cli):
    rows = [delivered(交付开始日期="2024-05-10", 交付完成日期="", 最近同步日期="2024-05-11"),
            delivered(交付开始日期="2024-05-09", 交付完成日期=""),
            delivered(交付开始日期="2024-05-12", 交付完成日期="")]
    got = of(run(tmp_path, write_book, table_rows, cli, rows, today="2024-05-13"), "CX312")
    assert got == [(f"{LETTER['最近同步日期']}4", "交付进行中,最近一次同步为 2024-05-09(交付开始,此后未记录同步),"
                    "早于 2024-05-11:交付期间应每日在客户群同步进度")]
    (tmp_path / "cfg.toml").write_text('[limits]\ndaily = "days"\n', encoding="utf-8")
    got = of(run(tmp_path, write_book, table_rows, cli, rows, "--config", tmp_path / "cfg.toml",
                 today="2024-05-13"), "CX312")
    assert [c for c, _ in got] == [f"{LETTER['最近同步日期']}3", f"{LETTER['最近同步日期']}4"]   # yesterday = 05-12


def test_a_service_is_the_product_or_service_of_a_proposal_and_a_survey(tmp_path, write_book, table_rows, cli):
    """产品/服务内容 is either: a services firm's proposal lists 服务内容, its survey rates 服务质量 —
    neither lacks the item (before: CX120 on both)."""
    rows = [delivered(方案要素="服务内容:驻场运维、报价7.6万元、交付周期4周、案例:丙集团", 验收日期="2024-04-30",
                      验收结果="通过", 验收报告签署日期="2024-04-30", 调查表发送日期="2024-05-02",
                      调查评价要素="服务质量、沟通效率、响应速度"),
            delivered(方案要素="报价、交付周期、案例")]                                      # still missing
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert of(doc, "CX120") == [(f"{LETTER['方案要素']}4", "「方案要素」缺少必备要素:产品/服务内容")]


def test_acceptance_typed_as_in_the_purchase_registers(tmp_path, write_book, table_rows, cli):
    """合格 (the word of 采购订单 and 合作协议) in 验收结果 is a look-alike of 通过 (CX105), and the row
    is read as passed: its survey is checked (CX311) and followed in the late view (before: CX104 and
    the survey never due)."""
    rows = [delivered(验收日期="2024-04-30", 验收结果="合格", 验收报告签署日期="2024-04-30",
                      调查表发送日期="2024-05-06", 调查评价要素="产品、沟通效率、响应速度"),
            delivered(验收日期="2024-04-30", 验收结果="验收通过", 验收报告签署日期="2024-04-30")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert sorted((f["cell"], f["code"]) for f in doc["findings"]) == [
        (f"{LETTER['验收结果']}3", "CX105"), (f"{LETTER['验收结果']}4", "CX105"), (f"{LETTER['调查表发送日期']}3", "CX311")]
    late = run(tmp_path, write_book, table_rows, cli, rows, command="late")
    assert [(i["row"], i["due"], i["status"]) for i in late["items"]] == [
        (4, "2024-05-03", "overdue"), (3, "2024-05-03", "late")]


def test_checklists_conditions_and_order(tmp_path, write_book, table_rows, cli):
    rows = [row(需求清单要素="痛点:成本高、目标:降本10%、预算≤20万元"),                  # 决策链 missing
            row(需求清单要素="痛点;目标;预算;决策人:刘总", 我方签字日期="2024-05-06"),   # 决策人 = 决策链; no 方案
            delivered(客户签字日期="", 交付负责人=""),                                     # delivery without both
            delivered(我方签字日期="2024-04-11"),                                          # started before our signature
            delivered(验收日期="2024-04-30", 验收结果="通过", 调查表发送日期="2024-05-02",
                      调查评价要素="产品满意度、响应速度")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert of(doc, "CX120") == [(f"{LETTER['需求清单要素']}3", "「需求清单要素」缺少必备要素:决策链"),
                                (f"{LETTER['调查评价要素']}7", "「调查评价要素」缺少必备要素:沟通效率")]
    assert sorted(c for c, _ in of(doc, "CX121")) == sorted([
        f"{LETTER['方案要素']}4", f"{LETTER['客户签字日期']}5", f"{LETTER['交付负责人']}5",
        f"{LETTER['验收报告签署日期']}7"])
    assert of(doc, "CX118") == [(f"{LETTER['交付开始日期']}6",
                                 "「交付开始日期」2024-04-10 早于「我方签字日期」2024-04-11,时间先后矛盾")]


def test_the_survey_late_line(tmp_path, write_book, table_rows, cli):
    rows = [delivered(验收日期="2024-04-30", 验收结果="通过", 验收报告签署日期="2024-04-30",
                      调查表发送日期="2024-05-06", 调查评价要素="产品、沟通效率、响应速度"),
            delivered(客户名称="丙集团", 项目名称="年度续约", 交付负责人="李四", 验收日期="2024-05-29", 验收结果="通过",
                      验收报告签署日期="2024-05-29"),
            delivered(客户名称="庚酒店", 项目名称="配送系统升级", 验收日期="2024-05-20", 验收结果="不通过"),
            delivered(客户名称="丁公司", 项目名称="框架协议", 验收日期="2024-06-03", 验收结果="通过",
                      验收报告签署日期="2024-06-03")]
    doc = run(tmp_path, write_book, table_rows, cli, rows, command="late")
    got = [(i["row"], i["item"], i["owner"], i["due"], i["done"], i["status"], i["days_late"], i["line"])
           for i in doc["items"]]
    assert got == [(4, "满意度调查:丙集团 / 年度续约", "李四", "2024-06-01", None, "overdue", 4, "satisfaction survey"),
                   (3, "满意度调查:甲公司 / 生产成本优化", "王五", "2024-05-03", "2024-05-06", "late", 3,
                    "satisfaction survey")]
    assert [(i["row"], i["due"]) for i in doc["due_soon"]] == [(6, "2024-06-06")]


def test_template_sheet_is_found_as_this_table_only(cli, tmp_path):
    for key in (KEY, "client_issues"):
        out = tmp_path / f"{key}.xlsx"
        code, _, err = cli("new", "--table", key, "--out", out)
        assert code == 0, err
        code, text, err = cli("validate", out, "--format", "json", "--today", "2024-06-05")
        assert code == 0, err
        assert [(t["sheet"], t["table"]) for t in json.loads(text)["tables"]] == [(TABLES[key].sheet[0], key)]


def test_delivery_start_is_checked_against_each_signature(tmp_path, write_book, table_rows, cli):
    """≥ both 签字日期: each row's message names the signature its start precedes."""
    rows = [delivered(我方签字日期="2024-04-11"), delivered(客户签字日期="2024-04-12"), delivered()]
    doc = run(tmp_path, write_book, table_rows, cli, rows, "--lang", "en")
    assert of(doc, "CX118") == [
        (f"{LETTER['交付开始日期']}3", "\"2024-04-10\" (Delivery start) is before \"2024-04-11\" (Signed by us); "
                                       "the times contradict each other"),
        (f"{LETTER['交付开始日期']}4", "\"2024-04-10\" (Delivery start) is before \"2024-04-12\" (Signed by client); "
                                       "the times contradict each other")]
