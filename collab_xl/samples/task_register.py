"""The sample's 任务布置与反馈登记表: tasks the 618 campaign, the CRM upgrade and the office
procedures of 表1 gave out, kept by the department heads (陈晨, 刘洋, 吴芳) under a merged title and a
subtitle line, times typed as people type them (2024年5月8日下午2点半, real Excel date-times, a date
alone).

Planted: a deadline "尽快" (CX271); an acknowledgement over the May Day holiday, 24 clock hours
after 04-30 17:00 being 05-01 17:00 (CX272); feedback beyond a task's own 3天 (CX273); a
下达时间 without its time (CX117); an acknowledgement without the expected completion (CX121)
and without the risks or resources (CX122). Late: an overdue task, an overdue acknowledgement
and an overdue feedback (02 working days from Thu 05-30: 06-03, 刘洋's); the cancelled task never.
"""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX271", "CX272", "CX273", "CX117", "CX121", "CX122")

D, T = dt.date, dt.datetime
KEY = "task_register"


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import put, widths
    t = TABLES[KEY]
    headers = [c.header for c in t.columns]
    rows = [
        # 陈晨 (市场部, 618促销活动)
        {"任务名称": "618活动方案初稿", "布置人": "陈晨", "执行人": "钱七", "任务目标": "拿出可评审的618线上促销方案",
         "完成标准": "含目标、预算、排期,部门评审通过", "截止时间": D(2024, 5, 20), "可用资源": "预算3万元,设计部支持",
         "下达时间": "2024年5月8日下午2点半", "确认时间": "2024-05-08 17:10", "预计完成时间": D(2024, 5, 17),
         "潜在风险": "设计排期紧张", "完成汇报时间": T(2024, 5, 17, 16, 0), "上级反馈时间": "2024-05-20 10:00",
         "状态": "已完成"},
        {"执行人": "钱七", "任务名称": "竞品促销力度分析", "任务目标": "摸清3家竞品的618折扣力度",
         "完成标准": "对比表1份,附截图", "截止时间": "尽快", "可用资源": "无需额外资源",                    # CX271
         "下达时间": T(2024, 5, 13, 9, 15), "确认时间": "2024-05-13 11:00", "预计完成时间": D(2024, 5, 24),
         "潜在风险": "暂无风险", "状态": "进行中"},
        {"执行人": "李明", "任务名称": "618主海报文案", "任务目标": "主海报标题与卖点文案定稿",
         "完成标准": "3版备选,经市场部确认1版", "截止时间": D(2024, 5, 25), "可用资源": "A广告公司创意支持",
         "下达时间": "2024-04-30 17:00", "确认时间": "2024年5月2日9时30分",                              # CX272
         "预计完成时间": D(2024, 5, 24), "潜在风险": "节后对方排期紧", "完成汇报时间": "2024-05-24 18:00",
         "反馈时限": "3天", "上级反馈时间": "2024-05-28 10:00", "状态": "已完成"},                         # CX273
        # 刘洋 (IT部, 客户管理系统升级)
        {"任务名称": "CRM数据迁移方案", "布置人": "刘洋", "执行人": "张伟", "任务目标": "确定新旧字段对应与迁移步骤",
         "完成标准": "《数据迁移方案》经评审定稿", "截止时间": D(2024, 5, 10), "可用资源": "测试服务器2台",
         "下达时间": T(2024, 4, 22, 9, 0), "确认时间": T(2024, 4, 22, 15, 20), "预计完成时间": D(2024, 5, 10),
         "潜在风险": "旧系统字段说明缺失", "完成汇报时间": "2024-05-10 17:30", "上级反馈时间": D(2024, 5, 13),
         "状态": "已完成"},      # reported Fri 05-10: the 2 working days end Mon 05-13 (调休 Sat 05-11)
        {"任务名称": "客户主数据校对", "执行人": "李娜", "任务目标": "2000条客户主数据去重、补全",
         "完成标准": "差错率低于1%", "截止时间": D(2024, 5, 31), "可用资源": "销售助理2人",
         "下达时间": "2024-05-14", "确认时间": "2024-05-15 10:00", "状态": "进行中"},                     # CX117, CX121, CX122
        {"任务名称": "回款接口说明", "执行人": "王强", "任务目标": "说明历史回款数据的接口与字段",
         "完成标准": "《接口说明》1份,IT部确认可用", "截止时间": D(2024, 5, 31),                          # CX122 可用资源
         "下达时间": "2024-05-20 09:00", "确认时间": "2024-05-20 16:00", "预计完成时间": D(2024, 5, 30),
         "潜在风险": "接口版本多,需逐一确认", "完成汇报时间": "2024-05-30 17:00", "状态": "已完成"},
        # 吴芳 (行政部, 办公流程优化)
        {"任务名称": "办公流程手册初稿", "布置人": "吴芳", "执行人": "周敏", "任务目标": "梳理现有办公流程并成册",
         "完成标准": "覆盖报销、用印、会议室预订", "截止时间": D(2024, 6, 28), "可用资源": "流程模板",
         "下达时间": "2024-06-03 16:00", "状态": "未开始"},                                               # no ack yet
        {"任务名称": "办公用品申领流程图", "执行人": "吴刚", "任务目标": "画出申领审批流程",
         "完成标准": "流程图1张", "截止时间": D(2024, 5, 24), "可用资源": "无需额外资源",
         "下达时间": "2024-05-16 10:00", "确认时间": "2024-05-16 11:00", "预计完成时间": D(2024, 5, 24),
         "潜在风险": "暂无风险", "状态": "已取消"},
    ]
    # 布置人 is typed on every row: it is no grouping column, and a live workbook does not show
    # merged ranges to the Excel scripts (docs/excel.md), so merging it would read differently there
    for first, last in ((0, 2), (3, 5), (6, 7)):
        for r in rows[first + 1:last + 1]:
            r["布置人"] = rows[first]["布置人"]
    ws = put(wb, t.sheet[0], headers, rows, title="任务布置与反馈登记表(2024年4—6月)",
             subtitle="登记人:各部门负责人    更新日期:2024-06-05", widths=widths(KEY))
    for row in ws.iter_rows(min_row=3):
        for c in row:
            if isinstance(c.value, dt.datetime) and c.value.time() != dt.time(0):
                c.number_format = "yyyy-mm-dd hh:mm"
