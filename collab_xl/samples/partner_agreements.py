"""The sample's 合作协议 sheet: one agreement per 表4 partner project (新品宣传推广 / A广告公司,
ERP系统实施 / B软件公司, 行业展会联合参展 / C会展公司), kept the way a 市场部 clerk keeps it:
a title row, dates typed as text and as real dates, checklists joined by 、 and ,.

Planted: CX120 — C会展公司's agreement lists no 知识产权 clause (P-02). A广告公司's 最终交付 failed
acceptance on 06-03 with the changes due 06-04 and no 确认书 yet: overdue on the sample's today
(the table's Late line, owner A广告公司).
"""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX120",)


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import put, widths

    table = TABLES["partner_agreements"]
    headers = [c.header for c in table.columns]
    rows = [
        # the guide's 新品宣传推广: 签约付50%、验收后付50% (合作付款); the final delivery failed acceptance
        {"合作项目": "新品宣传推广", "合作伙伴": "A广告公司", "资质审核": "营业执照、行业案例(快消品牌3个)、合作口碑",
         "签订日期": dt.date(2024, 5, 6), "协议金额": 80000,
         "协议条款": "合作范围、权责划分、费用结算(签约付50%,验收后付50%)、保密条款、违约责任、知识产权",
         "需求说明书要素": "目标、受众(25-35岁女性)、风格要求、交付标准", "验收日期": "2024-06-03",
         "验收结果": "不合格", "修改要求": "印刷稿色差明显,重印并补充品牌标语", "修改期限": "2024年6月4日"},
        {"合作项目": "ERP系统实施", "合作伙伴": "B软件公司", "资质审核": "营业执照,行业案例,合作口碑",
         "签订日期": "2024/4/8", "协议金额": "100,000.00",
         "协议条款": "合作范围、权责划分、费用结算、保密条款、违约责任、知识产权",
         "需求说明书要素": "目标、受众(全体员工)、风格要求(界面简洁)、交付标准"},
        # the 知识产权 clause forgotten (CX120); the 展位设计 accepted, the 确认书 signed three days later
        {"合作项目": "行业展会联合参展", "合作伙伴": "C会展公司", "资质审核": "营业执照、过往案例、合作口碑",
         "签订日期": dt.date(2024, 4, 25), "协议金额": "5万元",
         "协议条款": "合作范围、权责划分、费用结算、保密条款、违约责任",
         "需求说明书要素": "目标、受众、风格、交付标准", "验收日期": dt.date(2024, 5, 13), "验收结果": "合格",
         "确认书签署日期": "2024-05-16"},
    ]
    put(wb, table.sheet[0], headers, rows, title="合作协议登记表", widths=widths("partner_agreements"))
