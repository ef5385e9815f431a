"""The sample's 项目文件登记 sheet: the documents, agreements and changes of 表1's projects
(客户管理系统升级, 618促销活动, 年度新品发布会), each project's name merged over its rows.

Real matches: 客户管理系统升级's 立项说明书 reaches all four 表1 departments (CX301 silent), its
cost agreement of 04-18 is before the 表1 start 04-22 (CX306 silent), one of its 甘特图 went to the
企业微信群 (CX304 silent); 年度新品发布会's 立项说明书 went to 全体.

Planted: CX302 the 分工表 not sent to 赵敏; CX305 a change given only by phone; CX306 a cost
agreement of 05-08, after the start; CX301 618促销活动's 立项说明书 sent to 市场部 only (not 设计部),
CX120 without KPI and 资源限制; CX304 its 甘特图 only by e-mail; CX303 its 总结报告 without
management; CX111 "微信" is no channel (微信群 is)."""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX302", "CX305", "CX306", "CX301", "CX120", "CX304", "CX303", "CX111")

D = dt.date

HEADERS = ["项目名称", "文件类型", "内容要素", "事项", "日期", "发送对象", "发送渠道", "归档位置"]

ROWS = [
    # 客户管理系统升级 (表1: IT部 张伟/刘洋, 销售部 李娜, 财务部 王强, 客服部 赵敏; 开始 04-22), rows 0–6
    {"项目名称": "客户管理系统升级", "文件类型": "书面约定", "事项": "测试服务器费用由IT部承担", "日期": D(2024, 4, 18),
     "发送对象": "IT部、财务部", "发送渠道": "邮件"},
    {"文件类型": "项目立项说明书", "内容要素": "目标、KPI、预算8万元、时间节点、资源限制", "日期": D(2024, 4, 19),
     "发送对象": "IT部、销售部、财务部、客服部、总经理", "发送渠道": "邮件+企业微信群"},
    # 赵敏 (客服部) left out (CX302)
    {"文件类型": "跨部门协作分工表", "日期": D(2024, 4, 22), "发送对象": "张伟、刘洋、李娜、王强",
     "发送渠道": "企业微信群"},
    {"文件类型": "项目甘特图", "日期": D(2024, 4, 23), "发送对象": "全体", "发送渠道": "企业微信群"},
    {"文件类型": "项目甘特图", "日期": "2024/5/13", "发送对象": "全体", "发送渠道": "邮件"},
    # a change given by phone only (CX305)
    {"文件类型": "变更记录", "事项": "客户主数据校对截止改为5月20日", "日期": "2024/5/11", "发送对象": "李娜",
     "发送渠道": "电话"},
    # agreed after the project started on 04-22 (CX306)
    {"文件类型": "书面约定", "事项": "接口开发工时由财务部承担", "日期": "2024年5月8日", "发送对象": "IT部、财务部",
     "发送渠道": "邮件"},
    # 618促销活动 (表1: 市场部 陈晨, 设计部 孙丽), rows 7–9
    {"项目名称": "618促销活动", "文件类型": "项目立项说明书", "内容要素": "目标、预算3万元、时间",
     "日期": D(2024, 5, 6), "发送对象": "市场部", "发送渠道": "钉钉群+邮件"},
    {"文件类型": "项目甘特图", "日期": D(2024, 5, 7), "发送对象": "市场部、设计部", "发送渠道": "邮件"},
    {"文件类型": "项目总结报告", "日期": D(2024, 6, 3), "发送对象": "市场部、设计部", "发送渠道": "邮件+微信",
     "归档位置": "共享盘/市场部/2024/618活动"},
    {"项目名称": "年度新品发布会", "文件类型": "项目立项说明书", "内容要素": "目标、KPI(300人到场)、预算5万元、时间、资源",
     "日期": D(2024, 4, 10), "发送对象": "全体", "发送渠道": "邮件+钉钉群"},
]


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import put, widths
    put(wb, TABLES["project_docs"].sheet[0], HEADERS, ROWS, title="项目文件登记表",
        merges=(("项目名称", 0, 6), ("项目名称", 7, 9)), widths=widths("project_docs"))
