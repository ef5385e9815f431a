"""The late view from a validate Report: each table's due/done rule, 表2 ×, due-soon, defective
dates, the calendar fallback, and the Result (JSON, 逾期事项 sheet, marks) that ``build`` gives."""
from __future__ import annotations

import datetime as dt
import re

import chinese_calendar
import pandas as pd
import pytest

from collab_xl.app.late import M, build
from collab_xl.catalog import Context
from collab_xl.config import Config, config_from_mapping
from collab_xl.core.calendar import M as CAL_M
from collab_xl.core.late import find_late
from collab_xl.core.output import LATE_KINDS
from collab_xl.core.validate import validate_grids
from collab_xl.errors import UserError
from collab_xl.i18n import fields_of

from late_workbooks import grids

D = dt.date.fromisoformat
CJK = re.compile(r"[\u4e00-\u9fff]")


def report(tables, today="2024-06-05", config=None, lang="zh", drop=None):
    ctx = Context(today=D(today), config=config or Config.default())
    return validate_grids("t.xlsx", grids(tables, drop), ctx, lang), ctx


def late(tables, today="2024-06-05", config=None, drop=None):
    rep, ctx = report(tables, today, config, drop=drop)
    return find_late(rep, ctx.today, ctx.config)


def by_row(frame):
    return {int(r): rec for r, rec in zip(frame["row"], frame.to_dict("records"))}


def t1(**kw):
    row = {"项目名称": "新品发布会", "协作部门": "市场部", "需求描述": "策划发布会", "期望成果": "执行方案",
           "对接人": "张三/市场部/13800138000", "时间节点": "2024-05-10", "沟通机制": "周例会+钉钉群"}
    row.update(kw)
    return row


def t3(**kw):
    row = {"客户名称": "甲公司", "客户行业": "制造业", "对接人": "刘总/采购经理/13900139000", "沟通时间": "2024-05-02",
           "沟通方式": "电话", "沟通内容": "需求:降本", "后续行动": "重新报价", "负责人": "王五", "完成时间": "2024-05-10"}
    row.update(kw)
    return row


def t4(**kw):
    row = {"合作项目": "品牌升级", "合作伙伴": "乙广告公司", "项目阶段": "方案设计", "我方负责人": "王五",
           "合作伙伴负责人": "钱七", "计划完成时间": "2024-05-10", "实际完成时间": "-", "交付物": "设计稿"}
    row.update(kw)
    return row


def po(**kw):
    row = {"订单号": "PO-1", "供应商名称": "福州闽星", "产品明细": "A4复印纸", "数量": 10, "单价": 25, "金额": 250,
           "要求交付日期": "2024-05-10"}
    row.update(kw)
    return row


def t2(**kw):
    row = {"汇报人": "赵六", "部门": "销售部", "汇报周期": "2024年5月第2周", "本周/月核心工作内容": "1.完成8家客户拜访",
           "完成情况": "√", "量化成果": "签约1家", "遇到的问题及需支持事项": "无"}
    row.update(kw)
    return row


# -- the rule of each table ---------------------------------------------------------------------

def test_cross_dept_cancelled_and_done_without_date_are_not_listed():
    got = late({"cross_dept": [
        t1(完成状态="已完成", 实际完成时间="2024-05-13"),          # row 3: late
        t1(协作部门="技术部", 完成状态="已取消"),                    # row 4: cancelled → never late
        t1(协作部门="销售部", 完成状态="已完成"),                    # row 5: done, date unknown
        t1(协作部门="行政部", 完成状态="进行中"),                    # row 6: overdue to today
        t1(协作部门="财务部", 完成状态="已取消", 实际完成时间="2024-05-20"),  # row 7: cancelled wins
    ]})
    rows = by_row(got.items)
    assert sorted(rows) == [3, 6]
    assert rows[3]["status"] == "late" and (rows[3]["days_late"], rows[3]["workdays_late"]) == (3, 2)
    assert rows[6]["status"] == "overdue" and rows[6]["days_late"] == (D("2024-06-05") - D("2024-05-10")).days
    # item: 项目名称 / 协作部门 / 期望成果; owner: 对接人 as typed
    assert rows[6]["item"] == "新品发布会 / 行政部 / 执行方案"
    assert rows[6]["owner"] == "张三/市场部/13800138000"
    assert got.unchecked.empty


def test_customer_log_due_is_completion_time_and_rows_without_action_are_not_items():
    got = late({"customer_log": [
        t3(实际完成时间="2024-05-09"),                              # row 3: early → not listed
        t3(客户名称="乙公司", 完成时间="2024-05-20", 实际完成时间="2024-05-27"),  # row 4: late 7 days
        t3(客户名称="丙公司", 后续行动="", 负责人="", 完成时间=""),     # row 5: nothing to do
        t3(客户名称="丁公司", 完成时间="2024-06-03"),                # row 6: overdue
    ]})
    rows = by_row(got.items)
    assert sorted(rows) == [4, 6]
    assert (rows[4]["status"], rows[4]["days_late"], rows[4]["workdays_late"]) == ("late", 7, 5)
    assert (rows[6]["status"], rows[6]["days_late"], rows[6]["workdays_late"]) == ("overdue", 2, 2)
    assert rows[4]["item"] == "乙公司 / 重新报价" and rows[4]["owner"] == "王五"


def test_partner_progress_dash_means_not_done_and_grouped_rows_inherit():
    got = late({"partner_progress": [
        t4(实际完成时间="2024-05-13"),                                     # row 3: late
        {"项目阶段": "执行", "计划完成时间": "2024-05-31", "实际完成时间": "-", "交付物": "印刷稿"},  # row 4: group row
        t4(合作项目="官网改版", 计划完成时间="2024-07-01"),                   # row 5: not yet due
    ]}, today="2024-06-05")
    rows = by_row(got.items)
    assert sorted(rows) == [3, 4]
    assert rows[4]["status"] == "overdue" and pd.isna(rows[4]["done"])
    assert (rows[4]["days_late"], rows[4]["workdays_late"]) == (5, 3)  # Sat 1 Jun, Sun 2 Jun off
    assert rows[4]["item"] == "品牌升级 / 执行 / 印刷稿" and rows[4]["owner"] == "王五"


def test_purchase_order_penalty_from_amount_or_quantity_times_price():
    got = late({"purchase_orders": [
        po(实际交付日期="2024-05-13"),                                    # 250 × 0.5% × 3 = 3.75
        po(订单号="PO-2", 金额="", 数量=4, 单价=100, 要求交付日期="2024-04-30", 实际交付日期="2024-05-06"),  # 400×0.5%×6
        po(订单号="PO-3", 金额=1000, 数量=10, 单价=100, 要求交付日期="2024-06-03"),   # overdue 2 days → 10
        po(订单号="PO-4", 实际交付日期="2024-05-10"),                      # on time
    ]})
    rows = by_row(got.items)
    assert sorted(rows) == [3, 4, 5]
    assert {r: rows[r]["penalty"] for r in rows} == {3: 3.75, 4: 12.0, 5: 10.0}
    assert rows[3]["item"] == "PO-1 / 福州闽星 / A4复印纸" and rows[3]["owner"] == "福州闽星"


def test_penalty_rate_comes_from_the_configuration():
    cfg = config_from_mapping({"late": {"penalty_rate_per_day": 0.01}})
    got = late({"purchase_orders": [po(实际交付日期="2024-05-13")]}, config=cfg)
    assert got.items["penalty"].tolist() == [7.5]


def test_work_report_cross_rows_are_not_done_with_their_period():
    got = late({"work_report": [
        t2(),                                                                     # √
        t2(**{"本周/月核心工作内容": "2.整理报表", "完成情况": "×", "量化成果": "",
              "遇到的问题及需支持事项": "数据未到,需财务部支持"}),                         # ×
        t2(汇报人="孙八", 部门="市场部", 汇报周期="2024-W20", 完成情况="部分完成",
           遇到的问题及需支持事项="物料延迟"),                                          # partly: not listed
        t2(汇报人="周九", 部门="技术部", 汇报周期="2024年5月", 完成情况="未完成",       # look-alike of ×
           量化成果="", 遇到的问题及需支持事项="服务器故障"),
    ]})
    rows = by_row(got.items)
    assert sorted(rows) == [4, 6]
    assert {r: rows[r]["status"] for r in rows} == {4: "not-done", 6: "not-done"}
    assert rows[4]["period"] == "2024年5月第2周" and rows[6]["period"] == "2024年5月"
    assert rows[4]["item"] == "2.整理报表" and rows[4]["owner"] == "赵六"
    assert all(pd.isna(rows[r][k]) for r in rows for k in ("due", "done", "days_late", "workdays_late"))


def test_nothing_on_time_or_not_yet_due_is_listed():
    got = late({
        "cross_dept": [t1(完成状态="已完成", 实际完成时间="2024-05-10"), t1(时间节点="2024-12-31")],
        "customer_log": [t3(实际完成时间="2024-05-08")],
        "partner_progress": [t4(实际完成时间="2024-05-10")],
        "purchase_orders": [po(实际交付日期="2024-05-09")],
        "work_report": [t2()],
    })
    assert got.items.empty and got.due_soon.empty and not got.any_late


def test_overdue_is_counted_up_to_today():
    tables = {"partner_progress": [t4(计划完成时间="2024-09-30")]}
    assert late(tables, today="2024-10-08").items[["days_late", "workdays_late"]].values.tolist() == [[8, 1]]
    assert late(tables, today="2024-10-09").items[["days_late", "workdays_late"]].values.tolist() == [[9, 2]]
    assert late(tables, today="2024-09-30").items.empty


def test_due_soon_is_a_separate_list_of_open_items():
    # Today Fri 27 Sep 2024: Sun 29 Sep is a 调休 working day, 1–7 Oct off.
    tables = {"partner_progress": [
        t4(计划完成时间="2024-09-29"),                          # 1 working day left
        t4(项目阶段="b", 计划完成时间="2024-10-07"),             # 2 working days left (holiday)
        t4(项目阶段="c", 计划完成时间="2024-10-08"),             # 3: not yet
        t4(项目阶段="d", 计划完成时间="2024-09-30", 实际完成时间="2024-09-26"),  # done: no reminder
    ]}
    got = late(tables, today="2024-09-27")
    assert got.items.empty
    soon = by_row(got.due_soon)
    assert sorted(soon) == [3, 4]
    assert (soon[3]["workdays_left"], soon[3]["days_left"]) == (1, 2)
    assert (soon[4]["workdays_left"], soon[4]["days_left"]) == (2, 10)
    wider = late(tables, today="2024-09-27", config=config_from_mapping({"late": {"due_soon_workdays": 3}}))
    assert sorted(by_row(wider.due_soon)) == [3, 4, 5]


def test_defective_dates_are_not_guessed():
    got = late({"partner_progress": [
        t4(计划完成时间="下周"),                                  # row 3: unreadable due
        t4(项目阶段="b", 计划完成时间="05-10"),                   # row 4: due without a year
        t4(项目阶段="c", 实际完成时间="下周"),                    # row 5: unreadable done: not "overdue"
        t4(项目阶段="d", 实际完成时间="05-13"),                   # row 6: done without a year
        t4(项目阶段="e"),                                        # row 7: a real overdue item
    ], "customer_log": [t3(沟通时间="2024-05-12", 完成时间="2024-05-01")],   # due before the contact: error
       "cross_dept": [t1(时间节点="下周", 完成状态="已取消")]})                   # cancelled: dates do not matter
    assert by_row(got.items).keys() == {7}
    assert sorted(zip(got.unchecked["table"], got.unchecked["row"])) == [
        ("customer_log", 3), ("partner_progress", 3), ("partner_progress", 4), ("partner_progress", 5),
        ("partner_progress", 6)]


def test_items_sorted_by_days_late_most_first_not_done_last():
    got = late({
        "work_report": [t2(完成情况="×", 遇到的问题及需支持事项="卡住")],
        "partner_progress": [t4(计划完成时间="2024-05-10", 实际完成时间="2024-05-13"),
                             t4(项目阶段="b", 计划完成时间="2024-05-20")],
        "purchase_orders": [po(要求交付日期="2024-04-30", 实际交付日期="2024-05-06")],
    })
    assert got.items["days_late"].astype(object).where(got.items["days_late"].notna(), None).tolist() == \
        [16, 6, 3, None]
    assert got.items["status"].tolist() == ["overdue", "late", "late", "not-done"]


def test_missing_done_column_counts_every_past_item_as_overdue_and_says_so():
    rep, ctx = report({"cross_dept": [t1()]}, drop={"cross_dept": ("实际完成时间", "完成状态")})
    got = find_late(rep, ctx.today, ctx.config)
    assert got.items["status"].tolist() == ["overdue"]
    assert got.missing_done == [("表1 跨部门协作需求", "cross_dept")]
    result = build(rep, ctx, "zh")
    assert any("实际完成时间" in line[0] for line in result.sheets[0].footer)


# -- the calendar fallback ----------------------------------------------------------------------

@pytest.fixture
def data_until_2026(monkeypatch):
    """Holiday data that stops at 2026, whatever chinese-calendar version is installed."""
    for name in ("holidays", "workdays"):
        data = getattr(chinese_calendar, name)
        monkeypatch.setattr(chinese_calendar, name, {d: v for d, v in data.items() if d.year <= 2026})


def test_uncovered_years_fall_back_to_monday_to_friday_and_say_so(data_until_2026):
    tables = {"partner_progress": [
        t4(计划完成时间="2027-10-01", 实际完成时间="2027-10-08"),   # Fri → Fri: 5 working days Mon–Fri
        t4(项目阶段="b", 计划完成时间="2030-01-04", 实际完成时间="2030-01-07"),
        t4(项目阶段="c", 计划完成时间="2026-05-08", 实际完成时间="2026-05-11"),  # covered: no fallback
    ]}
    rep, ctx = report(tables, today="2031-01-01")
    result = build(rep, ctx, "zh")
    items = {i["row"]: i for i in result.doc["items"]}
    assert (items[3]["days_late"], items[3]["workdays_late"]) == (7, 5)
    assert (items[4]["days_late"], items[4]["workdays_late"]) == (3, 1)
    assert result.doc["calendar"]["fallback_years"] == [2027, 2030]
    assert result.doc["calendar"]["message"] == CAL_M("fallback", "zh", years="2027、2030")
    assert [CAL_M("fallback", "zh", years="2027、2030")] in result.sheets[0].footer
    en = build(rep, ctx, "en")
    assert en.doc["calendar"]["message"] == CAL_M("fallback", "en", years="2027, 2030")


def test_no_calendar_key_when_every_year_is_covered():
    rep, ctx = report({"partner_progress": [t4(实际完成时间="2024-05-13")]})
    assert "calendar" not in build(rep, ctx, "zh").doc


# -- the Result of build ------------------------------------------------------------------------

MIXED = {
    "work_report": [t2(完成情况="×", 遇到的问题及需支持事项="卡住")],
    "partner_progress": [t4(计划完成时间="2024-05-10", 实际完成时间="2024-05-13"),
                         t4(项目阶段="b", 计划完成时间="2024-05-20"),
                         t4(项目阶段="c", 计划完成时间="2024-06-06")],
    "purchase_orders": [po(要求交付日期="2024-04-30", 实际交付日期="2024-05-06")],
}


def test_json_document_keys_and_values():
    rep, ctx = report(MIXED)
    doc = build(rep, ctx, "zh").doc
    assert set(doc) == {"file", "today", "items", "due_soon"}
    assert doc["file"] == "t.xlsx" and doc["today"] == "2024-06-05"
    base = {"sheet", "table", "row", "item", "owner", "due", "done", "status", "days_late", "workdays_late"}
    by_table = {i["table"]: i for i in doc["items"]}
    assert set(by_table["purchase_orders"]) == base | {"penalty"}
    assert set(by_table["work_report"]) == base | {"period"}
    assert by_table["purchase_orders"] == {
        "sheet": "采购订单", "table": "purchase_orders", "row": 3, "item": "PO-1 / 福州闽星 / A4复印纸",
        "owner": "福州闽星", "due": "2024-04-30", "done": "2024-05-06", "status": "late", "days_late": 6,
        "workdays_late": 1, "penalty": 7.5}
    assert by_table["work_report"]["due"] is None and by_table["work_report"]["status"] == "not-done"
    overdue = [i for i in doc["items"] if i["status"] == "overdue"]
    assert overdue[0]["done"] is None and overdue[0]["due"] == "2024-05-20"
    assert doc["due_soon"] == [{"sheet": "表4 合作伙伴协作进度", "table": "partner_progress", "row": 5,
                                "item": "品牌升级 / c / 设计稿", "owner": "王五", "due": "2024-06-06",
                                "status": "due-soon", "days_left": 1, "workdays_left": 1}]


def test_sheet_rows_links_and_due_soon_block():
    rep, ctx = report(MIXED)
    result = build(rep, ctx, "zh")
    (sheet,) = result.sheets
    assert sheet.name == "逾期事项"
    assert sheet.header == ["序号", "状态", "工作表", "行", "表格", "事项", "负责人", "期限", "完成日期", "逾期天数",
                            "逾期工作日", "违约金(元)"]
    late_rows = sheet.rows[:4]
    assert [r[1] for r in late_rows] == ["超期未完成", "逾期完成", "逾期完成", "未完成"]
    assert [r[9] for r in late_rows] == [16, 6, 3, ""]
    assert late_rows[1][11] == 7.5 and late_rows[3][7] == "2024年5月第2周"
    assert late_rows[0][7] == D("2024-05-20") and late_rows[0][8] == ""
    assert sheet.link_col == 3
    assert sheet.links[:4] == [("表4 合作伙伴协作进度", "A4"), ("采购订单", "A3"), ("表4 合作伙伴协作进度", "A3"),
                               ("表2 周月度工作汇报", "A3")]
    # then a 临近到期 block with its own header, its rows linked too
    assert "临近到期" in sheet.rows[5][0] and sheet.rows[6][:8] == sheet.header[:8]
    assert sheet.rows[7][1] == "临近到期" and sheet.links[7] == ("表4 合作伙伴协作进度", "A5")
    assert len(sheet.links) == len(sheet.rows)
    assert result.replaces_sheet("逾期事项") and result.replaces_sheet("Late items")
    assert not result.replaces_sheet("校验结果")


def test_english_result_is_english():
    rep, ctx = report(MIXED, lang="en")
    sheet = build(rep, ctx, "en").sheets[0]
    assert sheet.name == "Late items"
    labels = sheet.header + [r[1] for r in sheet.rows if len(r) > 1] + [r[4] for r in sheet.rows if len(r) > 4] \
        + [sheet.title.split(" — ")[0]] + [line[0] for line in sheet.footer]
    assert [r[1] for r in sheet.rows[:4]] == ["overdue", "late", "late", "not done"]
    assert not [t for t in labels if isinstance(t, str) and CJK.search(t)]


def test_marks_rows_kinds_and_areas():
    rep, ctx = report({**MIXED, "supplier_directory": [{"供应商名称": "福州闽星", "供应商类别": "战略供应商",
                                                       "供应品类": "办公用品", "联系人": "陈", "联系方式": "13800138000"}]})
    marks = build(rep, ctx, "zh").marks
    assert marks.kinds == LATE_KINDS
    got = list(zip(marks.rows["sheet"], marks.rows["row"], marks.rows["kind"]))
    assert sorted(got) == sorted([("采购订单", 3, "late"), ("表2 周月度工作汇报", 3, "overdue"),
                                  ("表4 合作伙伴协作进度", 3, "late"), ("表4 合作伙伴协作进度", 4, "overdue")])
    assert set(marks.areas) == {"采购订单", "表2 周月度工作汇报", "表4 合作伙伴协作进度"}
    assert marks.areas["表4 合作伙伴协作进度"] == ["A3:J5"]    # the sheet has 表4's 18 columns (tables-2.md)


def test_exit_code_one_only_for_late_overdue_or_not_done():
    for tables, code in [
        (MIXED, 1),
        ({"work_report": [t2(完成情况="×", 遇到的问题及需支持事项="卡住")]}, 1),
        ({"partner_progress": [t4(计划完成时间="2024-06-06")]}, 0),       # due soon only
        ({"partner_progress": [t4(实际完成时间="2024-05-09")]}, 0),
    ]:
        rep, ctx = report(tables)
        assert build(rep, ctx, "zh").exit_code == code, tables


def test_a_workbook_without_dated_tables_is_refused():
    rep, ctx = report({"supplier_directory": [{"供应商名称": "福州闽星", "供应商类别": "战略供应商",
                                               "供应品类": "办公用品", "联系人": "陈", "联系方式": "13800138000"}]})
    with pytest.raises(UserError) as err:
        build(rep, ctx, "zh")
    assert "没有带期限的表格" in err.value.zh and "no table with deadlines" in err.value.en


def test_messages_have_both_languages_with_the_same_fields():
    for key, (zh, en) in M.texts.items():
        assert zh and en and fields_of(zh) == fields_of(en), key
        assert not CJK.search(en), key
