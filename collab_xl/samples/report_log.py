"""The sample's 上下级沟通记录表: reports, chases, blockers and improvement needs between the
sample's department heads (陈晨, 刘洋, 吴芳) and their people, the way a team assistant keeps it
(a merged title row, times typed as 下午6点半 or as Excel date-times, durations as 25分钟, 1小时 or a
bare number).

Planted: a blocker reported 31 hours after it arose (CX281); a routine phone report of 25 minutes
(CX282) that went through no 日报/周报 (CX284); an urgent chase at 18:30 (CX283); an improvement
need without support or date, and an urgent call without a written record (CX122); a channel
"微信语音" that is not listed (CX111). Late: a support due 05-31 not yet given (陈晨's), one due
Fri 05-10 given Mon 05-13 (across the 调休 Saturday).
"""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX281", "CX282", "CX283", "CX284", "CX122", "CX111")

D, T = dt.date, dt.datetime
KEY = "report_log"


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import put, widths
    t = TABLES[KEY]
    headers = [c.header for c in t.columns]
    rows = [
        {"沟通时间": T(2024, 5, 8, 10, 0), "发起人": "孙八", "接收人": "刘洋", "沟通类型": "改进需求", "沟通方式": "当面",
         "时长": "20分钟", "内容摘要": "演示环境内存不足,希望增配", "支持方式": "增配16G内存",
         "计划落实日期": D(2024, 5, 10), "落实日期": "2024/5/13"},                          # late over 调休 Sat
        {"沟通时间": "2024-05-13 09:30", "发起人": "钱七", "接收人": "陈晨", "沟通类型": "日常汇报", "沟通方式": "日报",
         "是否紧急": "否", "内容摘要": "618活动方案初稿完成60%"},
        {"沟通时间": "2024年5月14日下午6点半", "发起人": "陈晨", "接收人": "钱七", "沟通类型": "催办", "沟通方式": "群聊",
         "是否紧急": "是", "内容摘要": "催交618方案预算表"},                                   # CX283
        {"沟通时间": T(2024, 5, 15, 16, 0), "发起人": "张伟", "接收人": "刘洋", "沟通类型": "卡点上报",
         "沟通方式": "电话+群聊", "时长": 5, "内容摘要": "测试服务器磁盘故障,迁移演练停滞",
         "卡点发生时间": "2024-05-14 09:00"},                                                # CX281: 31 h
        {"沟通时间": "2024-05-16 17:20", "发起人": "赵六", "接收人": "李娜", "沟通类型": "日常汇报", "沟通方式": "电话",
         "时长": "25分钟", "内容摘要": "本周客户拜访进展"},                                   # CX282, CX284
        {"沟通时间": T(2024, 5, 20, 9, 0), "发起人": "钱七", "接收人": "陈晨", "沟通类型": "改进需求", "沟通方式": "面谈",
         "时长": 15, "内容摘要": "希望参加直播运营培训", "支持方式": "报名外部直播运营课程",
         "计划落实日期": D(2024, 5, 31)},                                                     # overdue
        {"沟通时间": "2024/5/22 15:00", "发起人": "李娜", "接收人": "刘洋", "沟通类型": "改进需求", "沟通方式": "邮件",
         "内容摘要": "数据清洗工具需要正式授权"},                                              # CX122 ×2
        {"沟通时间": "2024-05-23 20:15", "发起人": "刘洋", "接收人": "张伟", "沟通类型": "紧急事项", "沟通方式": "电话",
         "时长": "1小时", "内容摘要": "生产库告警,连夜排查"},                                  # CX122 文字记录时间
        {"沟通时间": T(2024, 5, 27, 10, 0), "发起人": "刘洋", "接收人": "张伟", "沟通类型": "布置任务", "沟通方式": "当面", "是否紧急": "是",
         "时长": "15分钟", "内容摘要": "周五前完成数据迁移演练", "文字记录时间": "2024-05-27 11:30"},
        {"沟通时间": "2024-05-31 17:40", "发起人": "周敏", "接收人": "吴芳", "沟通类型": "日常汇报", "沟通方式": "周报+面谈",
         "时长": "8", "内容摘要": "流程梳理访谈完成3个部门"},
        {"沟通时间": "2024-06-03 11:00", "发起人": "吴刚", "接收人": "吴芳", "沟通类型": "重要汇报",
         "沟通方式": "微信语音", "时长": "10分钟", "内容摘要": "申领流程调整已取消,人员转办流程手册"},   # CX111
    ]
    ws = put(wb, t.sheet[0], headers, rows, title="上下级沟通记录(2024年5—6月)", widths=widths(KEY))
    for row in ws.iter_rows(min_row=3):
        for c in row:
            if isinstance(c.value, dt.datetime) and c.value.time() != dt.time(0):
                c.number_format = "yyyy-mm-dd hh:mm"
