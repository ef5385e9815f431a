"""The sample's 询价比价 sheet (tables-2.md, 询价比价表): the enquiries behind the sample's orders.

Kept as a purchasing clerk keeps it: a title row, 询价单号 and 采购事项 merged over an enquiry's
rows (one enquiry typed out on every row, as exported), prices typed as ¥5,200, dates as real
dates and as 2024年5月6日. Planted: CX341 (the chairs' enquiry has 2 quotations) and CX342 (the
chair supplier chosen, 远大办公家具, is not in the 供应商名录). 采购订单 PO-2024-003 names an
enquiry not here (CX254, planted by sample.py's order rows).
"""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX341", "CX342", "CX254")

D = dt.date


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import SUPPLIERS, examples, put, widths
    S = SUPPLIERS
    t = TABLES["quotations"]
    headers = [c.header for c in t.columns]
    no, what = "询价单号", "采购事项"
    rows = examples("quotations") + [                                    # XJ-2024-001: 3 quotations
        {"供应商名称": S["rongcheng"], "产品规格": "A4 70g 500张/包", "数量": 50, "单价": 24, "配送周期": "5天",
         "售后条款": "破损包换", "报价日期": D(2024, 5, 10), "是否选中": "否"},
        {"供应商名称": "福州新华文具有限公司", "产品规格": "A4 70g 500张/包", "数量": 50, "单价": 26.5, "配送周期": "2天",
         "售后条款": "破损包换", "报价日期": D(2024, 5, 11), "是否选中": "否"},
        # XJ-2024-002: laptops before the May Day holiday
        {no: "XJ-2024-002", what: "笔记本电脑(销售部)", "供应商名称": S["xinda"], "产品规格": "14英寸 i5/16G/512G",
         "数量": 10, "单价": "¥5,200", "配送周期": "7个工作日", "售后条款": "整机保修3年,上门服务",
         "报价日期": D(2024, 4, 12), "是否选中": "是"},
        {"供应商名称": S["huake"], "产品规格": "14英寸 i5/16G/512G", "数量": 10, "单价": "¥5,350", "配送周期": "10天",
         "售后条款": "整机保修2年", "报价日期": D(2024, 4, 12), "是否选中": "否"},
        {"供应商名称": "福州华宇电脑有限公司", "产品规格": "14英寸 i5/16G/512G", "数量": 10, "单价": "¥5,180",
         "配送周期": "15天", "售后条款": "保修1年,送修", "报价日期": "2024年4月15日", "是否选中": "否"},
        # XJ-2024-003: office chairs, only two quotations (CX341); the chosen supplier is not in the
        # directory (CX342)
        {no: "XJ-2024-003", what: "人体工学办公椅", "供应商名称": S["yuanda"], "产品规格": "网布 可调扶手",
         "数量": 15, "单价": 680, "配送周期": "5天", "售后条款": "质保3年", "报价日期": D(2024, 5, 6), "是否选中": "是"},
        {"供应商名称": "福州美居家具有限公司", "产品规格": "网布 固定扶手", "数量": 15, "单价": 720, "配送周期": "7天",
         "售后条款": "质保2年", "报价日期": D(2024, 5, 7), "是否选中": "否"},
    ]
    # XJ-2024-004: keyboards, exported from the OA system with the number on every row
    for sup, price, days, chosen in ((S["xinda"], 150, "3天", "是"), (S["huake"], 158, "3天", "否"),
                                     (S["minxing"], 165, "5天", "否")):
        rows.append({no: "XJ-2024-004", what: "键盘鼠标套装", "供应商名称": sup, "产品规格": "无线 键鼠套装",
                     "数量": 20, "单价": price, "配送周期": days, "售后条款": "质保1年,7天无理由退换",
                     "报价日期": "2024年5月6日", "是否选中": chosen})
    merges = tuple((k, a, b) for k in (no, what) for a, b in ((0, 2), (3, 5), (6, 7)))
    put(wb, t.sheet[0], headers, rows, title="询价比价记录(2024年4—5月)", merges=merges,
        widths=widths("quotations"))
