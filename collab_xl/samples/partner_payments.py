"""The sample's 合作付款 sheet: the instalments of the agreements of the 合作协议 sheet, with merged
合作项目 / 合作伙伴 cells down each agreement's rows, a title row, amounts typed as numbers, with
thousands separators and as 万元.

A广告公司 is the guide's 签约付50%、验收后付50% (the 验收 half waits for the 确认书); B软件公司's
100,000.00 is split 33.33% / 33.33% / 33.34% (33,330.00 + 33,330.00 + 33,340.00: exact to the cent).
Planted:
- CX371: A广告公司's extra 10% for reprinting takes the agreement to 110%;
- CX372: C会展公司's first instalment, 30% of 50,000, entered as 16,000;
- CX373: C会展公司's 验收 instalment paid on 05-15, before the 确认书 was signed on 05-16;
- CX121: B软件公司's second instalment paid without an invoice number;
- CX374: a payment to 华艺展览搭建, which has no agreement for 行业展会联合参展.
"""
from __future__ import annotations

import datetime as dt

PLANTED = ("CX121", "CX371", "CX372", "CX373", "CX374")


def build(wb) -> None:
    from collab_xl.catalog import TABLES
    from collab_xl.sample import put, widths

    table = TABLES["partner_payments"]
    headers = [c.header for c in table.columns]
    rows = [
        {"合作项目": "新品宣传推广", "合作伙伴": "A广告公司", "期次": "第1期", "付款条件": "签约", "付款比例": "50%",
         "付款金额": 40000, "发票号码": "FP2024050801", "付款日期": dt.date(2024, 5, 8)},
        {"期次": "第2期", "付款条件": "验收", "付款比例": "50%", "付款金额": 40000},
        {"期次": "第3期(追加印刷)", "付款条件": "其他", "付款比例": "10%", "付款金额": "8,000.00",
         "发票号码": "FP2024052803", "付款日期": "2024年5月28日"},
        {"合作项目": "ERP系统实施", "合作伙伴": "B软件公司", "期次": "第1期", "付款条件": "签约", "付款比例": "33.33%",
         "付款金额": 33330, "发票号码": "FP2024041002", "付款日期": dt.date(2024, 4, 10)},
        {"期次": "第2期", "付款条件": "其他", "付款比例": 0.3333, "付款金额": "33,330.00", "付款日期": "2024/5/9"},
        {"期次": "第3期", "付款条件": "验收", "付款比例": "33.34%", "付款金额": 33340},
        {"合作项目": "行业展会联合参展", "合作伙伴": "C会展公司", "期次": "第1期", "付款条件": "签约", "付款比例": "30%",
         "付款金额": 16000, "发票号码": "FP2024042605", "付款日期": dt.date(2024, 4, 26)},
        {"期次": "第2期", "付款条件": "验收", "付款比例": "70%", "付款金额": "3.5万元",
         "发票号码": "FP2024051507", "付款日期": dt.date(2024, 5, 15)},
        {"合作伙伴": "华艺展览搭建", "期次": "第1期", "付款条件": "其他", "付款金额": 6000,
         "发票号码": "FP2024051009", "付款日期": "2024-05-10"},
    ]
    merges = tuple((k, 0, 2) for k in ("合作项目", "合作伙伴")) + tuple((k, 3, 5) for k in ("合作项目", "合作伙伴")) \
        + (("合作项目", 6, 8), ("合作伙伴", 6, 7))
    put(wb, table.sheet[0], headers, rows, title="合作付款登记表(2024年)", merges=merges,
        widths=widths("partner_payments"))
