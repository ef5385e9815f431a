"""The sample's 客户项目跟进 sheet: the clients of 表3 (甲公司, 乙科技有限公司, 丙集团, 丁公司, 庚酒店)
and their projects, kept the way an account manager keeps them — a title and an update line above
the header, a client's cell merged over its projects, dates as real dates and as text.

Planted: CX311 甲公司's survey sent 6 days after the 04-30 acceptance (across May Day: calendar
days), CX312 甲公司's second delivery last synced 05-31 (today 06-05: due 06-04), CX120 乙科技's
needs list without 决策链, CX121 丙集团 通过 without a signed 验收报告 and 庚酒店 delivering without
the client's signature, CX118 庚酒店's delivery started before our signature. 丙集团's survey is
not sent yet: the late view lists it (due 06-01, owner 李四)."""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX311", "CX312", "CX120", "CX121", "CX118")

D = dt.date

HEADERS = ["客户名称", "项目名称", "需求清单要素", "方案要素", "我方签字日期", "客户签字日期", "交付负责人",
           "最近同步日期", "交付开始日期", "交付完成日期", "验收日期", "验收结果", "验收报告签署日期",
           "调查表发送日期", "调查评价要素"]

ROWS = [
    # accepted on the eve of May Day; the survey went out on 05-06, 6 calendar days later (CX311)
    {"客户名称": "甲公司", "项目名称": "生产成本优化",
     "需求清单要素": "痛点:生产成本偏高、目标:成本降低10%、预算20万元、决策人:刘总",
     "方案要素": "产品:成本测算系统、报价18.5万元、交付周期3周、同行业案例2个",
     "我方签字日期": D(2024, 4, 8), "客户签字日期": D(2024, 4, 9), "交付负责人": "王五",
     "最近同步日期": D(2024, 4, 29), "交付开始日期": D(2024, 4, 10), "交付完成日期": D(2024, 4, 29),
     "验收日期": D(2024, 4, 30), "验收结果": "通过", "验收报告签署日期": "2024/4/30",
     "调查表发送日期": "2024年5月6日", "调查评价要素": "产品/服务满意度、沟通效率、响应速度、改进建议"},
    # a delivery under way, last synced on Friday 05-31 (CX312: the last working day before 06-05 is 06-04)
    {"项目名称": "分期付款结算对接",
     "需求清单要素": "痛点:回款周期长;目标:分3期付款;预算:8万元;决策链:刘总→财务部",
     "方案要素": "产品/服务内容:结算接口开发、报价7.6万元、交付周期4周、案例:丙集团结算项目",
     "我方签字日期": "2024-05-22", "客户签字日期": "2024-05-23", "交付负责人": "王五",
     "最近同步日期": D(2024, 5, 31), "交付开始日期": D(2024, 5, 24)},
    # the needs list lacks the decision chain (CX120); synced yesterday
    {"客户名称": "乙科技有限公司", "项目名称": "API系统对接",
     "需求清单要素": "痛点:新旧系统接口不统一、目标:5月底前上线、预算约30万元",
     "方案要素": "产品/服务内容:API网关+测试账号、报价28万元、交付周期5周、案例3个",
     "我方签字日期": D(2024, 5, 24), "客户签字日期": D(2024, 5, 27), "交付负责人": "赵六",
     "最近同步日期": D(2024, 6, 4), "交付开始日期": D(2024, 5, 27)},
    # accepted on 05-29, no signed 验收报告 (CX121); survey not sent (late view: due 06-01, 李四)
    {"客户名称": "丙集团", "项目名称": "年度续约",
     "需求清单要素": "痛点:采购成本上升、目标:续约价格再降3%、预算150万元、决策链:陈经理→采购总监",
     "方案要素": "产品/服务内容:年度供货服务、报价145万元、交付周期全年、案例:历年合作记录",
     "我方签字日期": D(2024, 5, 10), "客户签字日期": "2024.5.11", "交付负责人": "李四",
     "最近同步日期": D(2024, 5, 28), "交付开始日期": D(2024, 5, 13), "交付完成日期": D(2024, 5, 28),
     "验收日期": D(2024, 5, 29), "验收结果": "通过"},
    # still at the proposal stage: nothing signed, nothing required yet
    {"客户名称": "丁公司", "项目名称": "年度框架协议",
     "需求清单要素": "痛点:多次零散采购、目标:签订年度框架协议、预算:待定、决策人:周总",
     "方案要素": "产品/服务内容、报价、交付周期、案例(草案编写中)"},
    # delivery started 05-15 without the client's signature (CX121) and before ours (CX118)
    {"客户名称": "庚酒店", "项目名称": "配送系统升级",
     "需求清单要素": "痛点:配送延误投诉多、目标:准时率95%、预算12万元、决策链:郑经理→总经理",
     "方案要素": "产品/服务内容:智能排线系统、报价11.8万元、交付周期2周、案例:戊物流",
     "我方签字日期": D(2024, 5, 16), "交付负责人": "赵六",
     "最近同步日期": D(2024, 5, 31), "交付开始日期": D(2024, 5, 15), "交付完成日期": D(2024, 5, 31),
     "验收日期": D(2024, 6, 3), "验收结果": "不通过"},
]


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import put, widths
    put(wb, TABLES["client_projects"].sheet[0], HEADERS, ROWS, title="客户项目跟进表",
        subtitle="销售部 客户经理:王五、李四、赵六    更新日期:2024-06-05",
        merges=(("客户名称", 0, 1),), widths=widths("client_projects"))
