"""The sample's 会议登记 sheet: the meetings of 表1's projects (客户管理系统升级, 618促销活动,
办公流程优化) and the 双方会议 of 表4's partner projects, written the way a project assistant keeps
it: a title row, each project's name merged over its meetings, times typed as 下午2点半, 9:00,
2024年4月23日10时00分 or real Excel times and date-times.

Real matches: 客户管理系统升级's 启动会 has every 表1 person of the project (CX291 silent), its
复盘会 is on the 表1 milestone 数据迁移方案评审 (CX203 silent), the stand-ups on 04-30 and 05-06
leave out only the May Day holidays (CX294 silent), the 周例会 of the May Day week is on Tuesday
04-30 afternoon because Friday 05-03 is a holiday (CX295 silent); 新品宣传推广's 需求确认 has its
双方会议 (CX235 silent).

Planted: CX291 办公流程优化's 启动会 without its 部门负责人 吴芳, CX120 its minutes without 反馈方式,
CX292 its minutes sent 28 hours after the end, and ERP系统实施's 双方会议 minutes sent after the
weekend; CX293 a 25-minute stand-up and a half-hour demo; CX294 no stand-up on 05-09; CX295 a
周例会 on Friday morning; CX296 no 周例会 in the week of 05-20; CX203 表1's 618促销活动 milestone
促销方案定稿 without a 复盘会; CX235 表4's ERP系统实施 系统配置 (重要节点) without a 双方会议. The late
view lists 618促销活动's kick-off minutes (never sent) and the two sent late, owner 组织人."""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX291", "CX120", "CX292", "CX293", "CX294", "CX295", "CX296", "CX203", "CX235")

D, T, H = dt.date, dt.datetime, dt.time

HEADERS = ["项目名称", "会议类型", "会议日期", "开始时间", "结束时间", "时长(分钟)", "参会人员", "关联节点",
           "纪要要素", "纪要发送时间", "组织人"]

KICKOFF_ITEMS = "负责人、任务分工、完成时间、反馈方式"
REVIEW_ITEMS = "已完成成果、未达标事项、改进措施"

ROWS = [
    # 客户管理系统升级 (表1: 张伟, 刘洋, 李娜, 王强, 赵敏), rows 0–13
    {"项目名称": "客户管理系统升级", "会议类型": "启动会", "会议日期": D(2024, 4, 22), "开始时间": "下午2点半",
     "结束时间": "16:00", "参会人员": "张伟、刘洋、李娜、王强、赵敏", "纪要要素": KICKOFF_ITEMS,
     "纪要发送时间": "2024年4月23日10时00分", "组织人": "刘洋"},
    {"会议类型": "周例会", "会议日期": D(2024, 4, 26), "开始时间": "15:00", "结束时间": "16:00", "组织人": "刘洋"},
    # Friday 05-03 is a May Day holiday: the week's meeting on Tuesday afternoon is right
    {"会议类型": "周例会", "会议日期": D(2024, 4, 30), "开始时间": "下午4点", "结束时间": "17:00", "组织人": "刘洋"},
    {"会议类型": "每日站会", "会议日期": D(2024, 4, 30), "开始时间": H(9, 0), "时长": 15, "组织人": "张伟"},
    {"会议类型": "每日站会", "会议日期": D(2024, 5, 6), "开始时间": H(9, 0), "时长": 15, "组织人": "张伟"},
    {"会议类型": "每日站会", "会议日期": D(2024, 5, 7), "开始时间": "9:00", "结束时间": "9:15", "组织人": "张伟"},
    # ran 25 minutes (CX293)
    {"会议类型": "每日站会", "会议日期": D(2024, 5, 8), "开始时间": "9:00", "结束时间": "9:25", "组织人": "张伟"},
    # nothing on 05-09 (CX294, listed here)
    {"会议类型": "每日站会", "会议日期": "2024/5/10", "开始时间": "9:00", "结束时间": "9:15", "组织人": "张伟"},
    {"会议类型": "周例会", "会议日期": "2024/5/10", "开始时间": "14:30", "结束时间": "15:30", "组织人": "刘洋"},
    # the 调休 Saturday is a working day: its stand-up was held
    {"会议类型": "每日站会", "会议日期": "2024/5/11", "开始时间": "9:00", "结束时间": "9:15", "组织人": "张伟"},
    {"会议类型": "每日站会", "会议日期": "2024/5/13", "开始时间": "9:00", "结束时间": "9:10", "组织人": "张伟"},
    {"会议类型": "复盘会", "会议日期": D(2024, 5, 14), "开始时间": "下午3点", "结束时间": "16:30",
     "参会人员": "全体", "关联节点": "数据迁移方案评审", "纪要要素": REVIEW_ITEMS,
     "纪要发送时间": T(2024, 5, 15, 11, 0), "组织人": "刘洋"},
    # on Friday morning (CX295)
    {"会议类型": "周例会", "会议日期": "2024/5/17", "开始时间": "上午10点", "结束时间": "11:00", "组织人": "刘洋"},
    # half an hour (CX293)
    {"会议类型": "演示", "会议日期": D(2024, 5, 20), "开始时间": "14:00", "时长": "半小时", "组织人": "张伟"},
    # no 周例会 in the week of 05-20 (CX296, listed here)
    {"会议类型": "周例会", "会议日期": "2024/5/31", "开始时间": "16:00", "结束时间": "17:00", "组织人": "刘洋"},
    # 618促销活动 (表1: 陈晨, 孙丽): the kick-off's minutes were never sent (the late view); no 复盘会
    # for 促销方案定稿 (CX203 on 表1)
    {"项目名称": "618促销活动", "会议类型": "启动会", "会议日期": D(2024, 5, 6), "开始时间": "下午2点",
     "结束时间": "15:00", "参会人员": "陈晨、孙丽", "组织人": "陈晨"},
    # 办公流程优化 (表1: 周敏, 吴刚, 部门负责人 吴芳): without 吴芳 (CX291), no 反馈方式 (CX120), minutes
    # 28 hours after the end (CX292)
    {"项目名称": "办公流程优化", "会议类型": "启动会", "会议日期": D(2024, 6, 3), "开始时间": "10:00",
     "结束时间": "11:00", "参会人员": "周敏、吴刚", "纪要要素": "负责人、任务、完成时间",
     "纪要发送时间": "2024年6月4日下午3点", "组织人": "吴芳"},
    # 表4's partner projects: 新品宣传推广 需求确认 (重要节点) with its 双方会议, on time
    {"项目名称": "新品宣传推广", "会议类型": "双方会议", "会议日期": D(2024, 5, 10), "开始时间": "下午4点",
     "结束时间": "17:00", "参会人员": "李明、周创意", "关联节点": "需求确认",
     "纪要发送时间": "2024-05-11 09:30", "组织人": "李明"},
    # ERP系统实施 需求调研: minutes only on Monday (CX292: due Saturday 17:00)
    {"项目名称": "ERP系统实施", "会议类型": "双方会议", "会议日期": D(2024, 4, 19), "开始时间": "15:00",
     "结束时间": "17:00", "参会人员": "刘洋、陈工", "关联节点": "需求调研",
     "纪要发送时间": T(2024, 4, 22, 9, 0), "组织人": "刘洋"},
]


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import put, widths
    ws = put(wb, TABLES["meetings"].sheet[0], HEADERS, ROWS, title="会议登记表(2024年4—6月)",
             merges=(("项目名称", 0, 14),), widths=widths("meetings"))
    # real Excel times and date-times shown as such
    for row in ws.iter_rows(min_row=3):
        for c in row:
            if isinstance(c.value, dt.time):
                c.number_format = "hh:mm"
            elif isinstance(c.value, dt.datetime):
                c.number_format = "yyyy-mm-dd hh:mm"
