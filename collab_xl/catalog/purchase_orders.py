"""采购订单 — guide 三(三) 步骤3 (named, not printed; the columns are ours, tables.md)."""
import pandas as pd

from collab_xl.catalog.base import ERROR, Col, Kind, Late, Rule, Table


def in_directory(column: str):
    def check(df: pd.DataFrame, ctx) -> pd.Series:
        if ctx.directory is None:  # the workbook has no 供应商名录: nothing to compare with
            return pd.Series(True, index=df.index)
        return df[column].isna() | df[column].isin(ctx.directory)
    return check


REJECTED = "不合格"


def delivered_at(df: pd.DataFrame) -> pd.Series:
    """When the order was delivered (tables-2.md, "Rejected deliveries are not delivered"): the
    实际交付日期; for a 验收结果 = 不合格 row, the 补发到货时间 when that column is there and
    filled, else not delivered (NaT): lateness and the penalty run to that point."""
    delivered = df["delivered"]
    if "acceptance" not in df:
        return delivered
    rejected = (df["acceptance"] == REJECTED).fillna(False).astype(bool)
    replaced = df["redelivered"] if "redelivered" in df else pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    return delivered.where(~rejected, replaced)


def order_amount(df: pd.DataFrame) -> pd.Series:
    """金额, or 数量 × 单价 where 金额 is empty: the base of the late-delivery penalty."""
    return df["amount"].fillna(df["quantity"] * df["unit_price"])


TABLE = Table(
    key="purchase_orders",
    number=None,
    section="三(三)",
    title=("采购订单", "Purchase orders"),
    sheet=("采购订单", "Purchase orders"),
    purpose=(
        "采购部下达的订单:订单号、供应商、产品明细、数量、单价、金额、要求与实际交付日期、验收结果;延迟交付按每日0.5%计违约金。",
        "Orders placed by procurement: number, supplier, goods, quantity, price, amount, required "
        "and actual delivery, acceptance; late delivery costs 0.5% a day.",
    ),
    columns=(
        Col("订单号", "order_no", "Order no.", required=True, unique=True, width=14,
            aka=("采购订单号", "订单编号", "采购单号", "订单编码", "PO号", "order_id", "order number", "PO number", "PO")),
        Col("供应商名称", "supplier", "Supplier", required=True, width=22, hint=("须与供应商名录一致", "As in the supplier directory"),
            aka=("供应商", "供应商全称", "供应商名", "供方", "vendor", "vendor_name", "supplier_name")),
        Col("产品明细", "goods", "Goods", required=True, width=22,
            aka=("物料名称", "品名", "产品名称", "商品名称", "货品名称", "物料描述", "item", "item_name", "product", "description")),
        Col("数量", "quantity", "Quantity", Kind.NUMBER, required=True, min=0, min_exclusive=True, width=8,
            hint=("大于0的数字", "A number above 0"),
            aka=("订购数量", "采购数量", "订单数量", "qty", "qty_ordered", "order_qty", "quantity_ordered")),
        Col("单价", "unit_price", "Unit price", Kind.NUMBER, required=True, min=0, width=10,
            hint=("不小于0的数字(元)", "A number, 0 or more (yuan)"),
            aka=("含税单价", "单价（含税）", "采购单价", "price", "unit_cost")),
        Col("金额", "amount", "Amount", Kind.NUMBER, width=12, hint=("数量×单价,可留空", "Quantity × unit price; may be blank"),
            aka=("含税金额", "金额（含税）", "订单行总价", "总价", "总金额", "价税合计", "line_total", "total_price")),
        Col("要求交付日期", "due", "Required delivery", Kind.DATE, required=True, width=13,
            aka=("交货日期", "交期", "要求到货日期", "计划交货日期", "约定交期", "需求日期", "due_date", "delivery_date", "required_date", "need_by_date")),
        Col("实际交付日期", "delivered", "Actual delivery", Kind.DATE, width=13, done=True,
            aka=("实际到货日期", "实际交货日期", "到货日期", "收货日期", "received_date", "actual_delivery_date")),
        Col("验收结果", "acceptance", "Acceptance", Kind.CHOICE, choices=("合格", "不合格", "待验收"), width=10,
            en_choices=("passed", "failed", "pending"), hint=("合格 / 不合格 / 待验收", "合格 / 不合格 / 待验收"),
            aka=("验收状态", "质检结果", "检验结果", "inspection_result", "QC result")),
        Col("备注", "note", "Remarks", width=18,
            aka=("备注说明", "remark", "notes", "comment")),
        Col("补发到货时间", "redelivered", "Replacement arrival", Kind.DATE, width=16, done=True,
            hint=("验收不合格时,补发货物到货的时间;不合格且未补发的订单视为未交付",
                  "When replacement goods arrived after a failed acceptance; a rejected order without it is not delivered")),
    ),
    rules=(
        Rule("CX251", ERROR, "supplier", in_directory("supplier"),
             name="order-supplier-not-in-directory",
             title=("供应商不在名录中", "Supplier not in the directory"),
             message=("「{value}」不在本工作簿的供应商名录中", "\"{value}\" is not in this workbook's supplier directory"),
             bad=({"供应商名称": "未登记的公司"},), good=({"供应商名称": "福州闽星办公用品有限公司"},),
             why=("指南三(三)步骤1:建立《供应商名录》,分类管理。", "Guide 三(三) step 1: suppliers are managed through the directory.")),
        Rule("CX252", ERROR, "amount",
             lambda df, ctx: (df["quantity"] * df["unit_price"]).isna() | df["amount"].isna()
             | ((df["amount"] - df["quantity"] * df["unit_price"]).abs() < 0.005),
             name="amount-not-quantity-times-price",
             title=("金额不等于数量×单价", "Amount is not quantity × price"),
             message=("金额「{value}」不等于数量×单价", "The amount \"{value}\" is not quantity × unit price"),
             bad=({"数量": "10", "单价": "25", "金额": "260"},), good=({"数量": "10", "单价": "25", "金额": "250"},),
             why=("金额须与数量、单价一致(精确到分),违约金以金额为基数。", "The amount must match (to the cent); penalties are based on it.")),
    ),
    late=Late(due="due", done="delivered", item=("order_no", "supplier", "goods"), owner="supplier", amount=order_amount,
              done_at=delivered_at, done_also=("redelivered",)),
    clean={"订单号": "PO-2024-001", "供应商名称": "福州闽星办公用品有限公司", "产品明细": "A4复印纸", "数量": "50",
           "单价": "25", "金额": "1250", "要求交付日期": "2024-05-25", "实际交付日期": "2024-05-24", "验收结果": "合格", "备注": ""},
    examples=(
        {"订单号": "PO-2024-001", "供应商名称": "福州闽星办公用品有限公司", "产品明细": "A4复印纸", "数量": "50",
         "单价": "25", "金额": "1250", "要求交付日期": "2024-05-25", "实际交付日期": "2024-05-24", "验收结果": "合格"},
    ),
    key_columns=("order_no", "supplier", "due"),   # recognised when these are all found (docs/recognition.md)
)
