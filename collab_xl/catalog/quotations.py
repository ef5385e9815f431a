"""询价比价表 — guide 三(三) 步骤1 (S-01, S-04): a row per quotation received (tables-2.md).

An enquiry (询价单号, with its 采购事项; merged or blank cells below mean "same as above") needs
quotations from at least ``min_quotes`` (3) distinct suppliers (CX341); the supplier chosen should
be one of the 供应商名录 (CX342, skipped without a directory). 采购订单's 询价单号 points at an
enquiry here (CX254, in purchase_orders.py).
"""
from __future__ import annotations

import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, Col, Kind, Rule, Table
from collab_xl.catalog.rules import limit
from collab_xl.catalog.supplier_directory import name_key


def _min_quotes(ctx) -> int:
    return int(limit(ctx, "min_quotes"))


def enquiry_key(df: pd.DataFrame) -> pd.Series:
    """The enquiry a row belongs to: its 询价单号 (filled down) after NFKC, no spaces."""
    return name_key(df["quote_no__text"])


def quote_counts(df: pd.DataFrame) -> pd.Series:
    """Per row, the number of distinct suppliers (NFKC, no spaces; empty ones not counted) that
    quoted for its enquiry; NA where the row has no 询价单号."""
    key = enquiry_key(df)
    sup = name_key(df["supplier__text"])
    pairs = pd.DataFrame({"key": key, "sup": sup}).dropna()
    n = pairs.drop_duplicates().groupby("key").size()
    return key.map(n).fillna(0).where(key.notna()).astype("Float64")


def _enough_quotes(df: pd.DataFrame, ctx) -> pd.Series:
    """CX341 fails on an enquiry's first row (the first time its 询价单号 appears) when fewer than
    ``min_quotes`` distinct suppliers quoted."""
    key = enquiry_key(df)
    first = key.notna() & ~key.duplicated()
    few = (quote_counts(df) < _min_quotes(ctx)).fillna(False).astype(bool)
    return ~(first & few).fillna(False).astype(bool)


def _quote_fields(prepared, rows, values, col, ctx) -> dict:
    n = quote_counts(prepared).loc[rows.to_numpy()]
    return {"n": [int(x) for x in n.fillna(0)], "min": _min_quotes(ctx)}


def selected_in_directory(df: pd.DataFrame, ctx) -> pd.Series:
    """CX342 passes unless 是否选中 = 是 and the supplier is not in the workbook's 供应商名录 (names
    compared after NFKC, no spaces); every row passes when there is no directory."""
    directory = getattr(ctx, "directory", None)
    if directory is None:
        return pd.Series(True, index=df.index)
    known = set(name_key(pd.Series(sorted(directory), dtype="string")).dropna())
    chosen = (df["selected"] == "是").fillna(False).astype(bool) if "selected" in df else \
        pd.Series(False, index=df.index)
    out = ~(chosen & ~name_key(df["supplier__text"]).isin(known).fillna(False).astype(bool)
            & df["supplier__text"].notna())
    return out.fillna(True).astype(bool)


TABLE = Table(
    key="quotations",
    number=None,
    section="三(三)",
    title=("询价比价表", "Quotation comparison"),
    sheet=("询价比价", "Quotations"),
    purpose=(
        "每次采购前的询价与比价:一行一份报价,同一询价单号(可合并单元格)至少收集3家供应商的报价,写明产品规格、数量、单价、"
        "配送周期和售后条款,并标出选中的供应商;采购订单的询价单号须能在此找到。",
        "Enquiries before buying: a row per quotation; each enquiry number (cells may be merged) collects quotes "
        "from at least 3 suppliers with specification, quantity, unit price, delivery time and after-sales terms, "
        "and marks the supplier chosen; a purchase order's quotation no. must be found here.",
    ),
    columns=(
        Col("询价单号", "quote_no", "Quotation no.", required=True, ffill=True, width=14,
            hint=("同一次询价的各家报价用同一单号,可合并单元格", "One number per enquiry; cells may be merged"),
            aka=("询价编号", "比价单号", "询价单编号", "RFQ号", "RFQ编号", "rfq_no", "RFQ no")),
        Col("采购事项", "purpose", "What is bought", required=True, ffill=True, width=18,
            hint=("本次询价要采购什么,可合并单元格", "What the enquiry is for; cells may be merged"),
            aka=("采购内容", "采购项目", "询价事项", "采购需求", "purchase_item")),
        Col("供应商名称", "supplier", "Supplier", required=True, width=22,
            hint=("报价的供应商,可以是名录外的公司", "The supplier quoting; may be outside the directory"),
            aka=("报价供应商", "供应商", "报价单位", "vendor", "vendor_name", "supplier_name")),
        Col("产品规格", "spec", "Specification", required=True, width=18,
            hint=("报价产品的型号规格", "The model and specification quoted"),
            aka=("规格型号", "规格", "型号规格", "spec", "model")),
        Col("数量", "quantity", "Quantity", Kind.NUMBER, required=True, min=0, min_exclusive=True, width=8,
            hint=("大于0的数字", "A number above 0"), aka=("报价数量", "询价数量", "qty")),
        Col("单价", "unit_price", "Unit price", Kind.NUMBER, required=True, min=0, width=10,
            hint=("不小于0的数字(元)", "A number, 0 or more (yuan)"),
            aka=("报价单价", "报价", "含税单价", "单价（含税）", "quoted_price", "price")),
        Col("配送周期", "lead_time", "Delivery time", required=True, width=10,
            hint=("如 3天、下单后5个工作日", "E.g. \"3天\" (3 days), \"5个工作日\" (5 working days)"),
            aka=("交货周期", "供货周期", "到货周期", "lead_time")),
        Col("售后条款", "after_sales", "After-sales terms", required=True, width=18,
            hint=("如 质保1年、7天无理由退换", "E.g. 1-year warranty, returns within 7 days"),
            aka=("售后服务", "质保条款", "售后", "warranty", "after_sales")),
        Col("报价日期", "quoted_on", "Quoted on", Kind.DATE, width=12,
            aka=("报价时间", "quote_date")),
        Col("是否选中", "selected", "Selected", Kind.YESNO, width=10,
            hint=("选中的供应商填 是,其余填 否", "\"是\" (yes) for the supplier chosen, else \"否\" (no)"),
            aka=("是否中标", "中标", "选定", "chosen")),
    ),
    rules=(
        Rule("CX341", ERROR, "quote_no", _enough_quotes, fields=_quote_fields,
             name="fewer-than-three-quotations",
             title=("报价不足3家", "Fewer than 3 quotations"),
             message=("询价单号「{value}」只有 {n} 家供应商报价,至少需要 {min} 家",
                      "Enquiry \"{value}\" has quotations from {n} supplier(s); at least {min} are needed"),
             bad=({"询价单号": "XJ-2024-001", "供应商名称": "福州闽星办公用品有限公司"},
                  {"询价单号": "", "采购事项": "", "供应商名称": "福州榕城文具有限公司"},
                  {"询价单号": "", "采购事项": "", "供应商名称": "福州闽星办公用品有限公司", "是否选中": "否"}),
             good=({"询价单号": "XJ-2024-001", "供应商名称": "福州闽星办公用品有限公司"},
                   {"询价单号": "", "采购事项": "", "供应商名称": "福州榕城文具有限公司", "是否选中": "否"},
                   {"询价单号": "", "采购事项": "", "供应商名称": "福州新华文具有限公司", "是否选中": "否"}),
             why=("指南三(三)步骤1(S-01):收集供应商报价(至少3家)。同一询价单号(合并或空白单元格沿用上一行)下,"
                  "不同供应商名称(忽略全半角与空格)少于 min_quotes(默认3)家时,在该询价单号第一次出现的行上报错。",
                  "Guide 三(三) step 1 (S-01): collect quotations from at least 3 suppliers. An error on an enquiry's "
                  "first row when fewer than min_quotes (3) distinct suppliers (full/half width and spaces "
                  "ignored) quoted under its number (merged or blank cells carry the number down).")),
        Rule("CX342", WARNING, "supplier", selected_in_directory,
             name="selected-supplier-not-in-directory",
             title=("选中的供应商不在名录中", "Selected supplier not in the directory"),
             message=("选中的供应商「{value}」不在本工作簿的供应商名录中",
                      "The selected supplier \"{value}\" is not in this workbook's supplier directory"),
             bad=({"供应商名称": "未登记的公司", "是否选中": "是"},),
             good=({"供应商名称": "福州闽星办公用品有限公司", "是否选中": "是"},
                   {"询价单号": "", "采购事项": "", "供应商名称": "未登记的公司", "是否选中": "否"},
                   {"询价单号": "", "采购事项": "", "供应商名称": "福州新华文具有限公司", "是否选中": "否"}),
             with_tables=(("supplier_directory", ({},)),),
             why=("指南三(三)步骤1:报价可来自名录外的公司,但选定的供应商应先审核资质、纳入《供应商名录》。"
                  "是否选中为「是」的供应商不在本工作簿的供应商名录中时提醒(名称忽略全半角与空格);"
                  "工作簿中没有供应商名录时不检查。",
                  "Guide 三(三) step 1: quotations may come from outside the directory, but the supplier chosen "
                  "should be reviewed and listed in the supplier directory first. A warning when a supplier "
                  "marked \"是\" (selected) is not in this workbook's directory (full/half width and spaces "
                  "ignored); skipped when the workbook has no directory.")),
    ),
    clean={"询价单号": "XJ-2024-001", "采购事项": "办公用A4复印纸", "供应商名称": "福州闽星办公用品有限公司",
           "产品规格": "A4 70g 500张/包", "数量": "50", "单价": "25", "配送周期": "3天", "售后条款": "破损包换",
           "报价日期": "2024-05-10", "是否选中": "是"},
    clean_with=({"询价单号": "", "采购事项": "", "供应商名称": "福州榕城文具有限公司", "单价": "24", "是否选中": "否"},
                {"询价单号": "", "采购事项": "", "供应商名称": "福州新华文具有限公司", "单价": "26.5", "是否选中": "否"}),
    examples=(
        {"询价单号": "XJ-2024-001", "采购事项": "办公用A4复印纸", "供应商名称": "福州闽星办公用品有限公司",
         "产品规格": "A4 70g 500张/包", "数量": "50", "单价": "25", "配送周期": "3天", "售后条款": "破损包换",
         "报价日期": "2024-05-10", "是否选中": "是"},
    ),
    key_columns=("quote_no", "supplier", "lead_time"),   # docs/recognition.md
)
