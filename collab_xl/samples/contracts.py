"""The sample's 采购合同 sheet (tables-2.md, 采购合同登记表): the contracts the sample's orders name.

Its terms feed the orders (sample.py's 合同编号 column): 鑫达's framework contract says
货到月结60天 and 每日扣款千分之三, so its orders are due 60 days after the stock-in month's end
(PO-2024-013, stocked in March, is overdue from 05-30, not from 04-30) and pay 0.3% a day when
late (PO-2024-002, PO-2024-005). Planted: CX351 (the chairs' contract with 远大办公家具, not in
the directory), CX352 (顺捷's 月结 without days, 恒通's 每日扣款100元), and on the orders CX253
(a number not registered, and 硒鼓 from 华科 under 鑫达's contract).
"""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX351", "CX352", "CX253")

D = dt.date


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import SUPPLIERS, examples, put, widths
    S = SUPPLIERS
    t = TABLES["contracts"]
    headers = [c.header for c in t.columns] + ["经办人"]
    rows = examples("contracts") + [
        {"合同编号": "HT-2024-002", "供应商名称": S["xinda"], "签订日期": D(2024, 1, 10), "价格折扣": "9折(年度框架协议)",
         "付款方式": "货到月结60天", "违约责任": "延迟交付每日扣款千分之三", "到期日": D(2024, 12, 31), "经办人": "林工"},
        {"合同编号": "HT-2024-003", "供应商名称": S["huake"], "签订日期": "2024年3月1日", "价格折扣": "无折扣",
         "付款方式": "月结 30 天", "违约责任": "每天扣0.5%,质量问题无条件退换", "到期日": "2025年2月28日", "经办人": "王芳"},
        {"合同编号": "HT-2024-004", "供应商名称": S["yuanda"], "签订日期": D(2024, 5, 8), "价格折扣": "95折",
         "付款方式": "货到付款", "违约责任": "延迟配送每日扣款0.5%", "经办人": "林工"},              # CX351
        {"合同编号": "HT-2024-005", "供应商名称": S["shunjie"], "签订日期": D(2024, 5, 20), "价格折扣": "无折扣",
         "付款方式": "月结", "违约责任": "延误按每日扣款0.5%计", "到期日": D(2024, 11, 30), "经办人": "王芳"},   # CX352
        {"合同编号": "HT-2024-006", "供应商名称": S["hengtong"], "签订日期": D(2024, 5, 28), "价格折扣": "满5000减300",
         "付款方式": "月结30天", "违约责任": "逾期交货每日扣款100元", "到期日": D(2024, 12, 31), "经办人": "林工"},  # CX352
    ]
    put(wb, t.sheet[0], headers, rows, title="采购合同台账(2024年)",
        widths={**widths("contracts"), "经办人": 8})
