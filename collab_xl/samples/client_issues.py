"""The sample's 验收问题整改 sheet: issues the clients of 客户项目跟进 raised at acceptance, times
typed as people type them (a real Excel date-time, 2024年5月8日14时30分, 2024年6月3日下午2点半,
2024年5月2日上午10点), a client's and a project's cells merged over their issues.

Planted: CX331 甲公司's plan made 05-02 10:00 for an issue raised 04-30 17:00 (due 05-01 17:00 on
May Day: clock hours), CX332 甲公司's open issue last reported 05-20, CX333 乙科技's issue under a
project name the 客户项目跟进 sheet does not have. The late view lists 甲公司's fix done 05-13 for
05-10 and 庚酒店's plan not made 24 h after 06-03 16:00 (owner 赵六)."""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX331", "CX332", "CX333")

D, T = dt.date, dt.datetime

HEADERS = ["客户名称", "项目名称", "问题描述", "提出时间", "改进计划", "计划制定时间", "负责人",
           "计划完成日期", "最近反馈日期", "实际完成日期"]

ROWS = [
    # raised at 17:00 on the eve of May Day; the plan came on 05-02 at 10:00 (CX331), the fix on
    # Monday 05-13 for Friday 05-10 (a late item across the 调休 Saturday 05-11)
    {"客户名称": "甲公司", "项目名称": "生产成本优化", "问题描述": "成本报表缺少分车间明细",
     "提出时间": T(2024, 4, 30, 17, 0), "改进计划": "增加分车间维度并补录4月数据",
     "计划制定时间": "2024年5月2日上午10点", "负责人": "王五", "计划完成日期": D(2024, 5, 10),
     "最近反馈日期": D(2024, 5, 8), "实际完成日期": D(2024, 5, 13)},
    {"问题描述": "导出报表格式与客户模板不符", "提出时间": "2024年5月8日14时30分",
     "改进计划": "按客户模板调整导出格式", "计划制定时间": T(2024, 5, 9, 9, 30), "负责人": "王五",
     "计划完成日期": "2024/5/17", "最近反馈日期": D(2024, 5, 15), "实际完成日期": D(2024, 5, 16)},
    # an open issue last reported 05-20: 16 days before today (CX332)
    {"问题描述": "月度成本对比图表缺失", "提出时间": T(2024, 4, 30, 17, 30), "改进计划": "开发月度对比看板",
     "计划制定时间": "2024-04-30 20:00", "负责人": "王五", "计划完成日期": D(2024, 6, 14),
     "最近反馈日期": "2024-05-20"},
    {"客户名称": "丙集团", "项目名称": "年度续约", "问题描述": "续约价格条款与报价单不一致",
     "提出时间": "2024-05-29 10:00", "改进计划": "法务复核并出具补充协议", "计划制定时间": "2024-05-29 15:00",
     "负责人": "李四", "计划完成日期": D(2024, 6, 10), "最近反馈日期": "2024-06-03"},
    # the project is 「API系统对接」 in 客户项目跟进 (CX333)
    {"客户名称": "乙科技有限公司", "项目名称": "API接口对接", "问题描述": "测试账号权限不足",
     "提出时间": T(2024, 5, 28, 11, 20), "改进计划": "开通管理员测试账号", "计划制定时间": "2024-05-28 16:00",
     "负责人": "赵六", "计划完成日期": D(2024, 5, 31), "最近反馈日期": D(2024, 5, 30), "实际完成日期": D(2024, 5, 31)},
    {"客户名称": "庚酒店", "项目名称": "配送系统升级", "问题描述": "高峰期配送单打印卡顿",
     "提出时间": "2024年6月3日下午2点半", "改进计划": "升级打印服务器,高峰期分批打印",
     "计划制定时间": "2024-06-04 10:00", "负责人": "赵六", "计划完成日期": D(2024, 6, 12)},
    # no plan yet, 40 hours after (the late view: the plan was due 06-04 16:00)
    {"问题描述": "司机端定位偏差较大", "提出时间": "2024-06-03 16:00", "负责人": "赵六"},
]


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import put, widths
    put(wb, TABLES["client_issues"].sheet[0], HEADERS, ROWS, title="验收问题整改表",
        merges=(("客户名称", 0, 2), ("项目名称", 0, 2), ("客户名称", 5, 6), ("项目名称", 5, 6)),
        widths=widths("client_issues"))
