"""采购订单 — guide 三(三) 步骤3 (named, not printed; the columns are ours, tables.md).

tables-2.md adds thirteen optional columns (交付地址 … 付款日期; 补发到货时间 became a date-time)
and CX253–CX259. CX253 (合同编号 in 采购合同登记表, same supplier) and CX254 (询价单号 in 询价比价表)
read those tables (``ctx.table``) and are skipped without them, as CX251 is without a directory.
An order's contract (:func:`contract_terms`) sets its payment days (月结N天: CX259 and the payment
Late line) and its late-delivery penalty rate (每日扣款X%: the penalty of the late view); without a
contract, or a term the contract does not state, the configured defaults apply.
"""
import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, After, Col, Kind, Late, Rule, Table
from collab_xl.catalog.contracts import contract_key
from collab_xl.catalog.rules import limit
from collab_xl.catalog.supplier_directory import name_key
from collab_xl.cells.terms import daily_rates
from collab_xl.cells.terms import payment_days as contract_days
from collab_xl.i18n import Both


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


def _texts(prepared: pd.DataFrame, rows: pd.Series, name: str) -> list[str]:
    return prepared.loc[rows, f"{name}__text"].fillna("").astype(str).tolist()


# -- CX255 (S-09): what was shipped is what was ordered ---------------------------------------
def _shipped_matches(df: pd.DataFrame, ctx) -> pd.Series:
    return ~((df["shipped_qty"] - df["quantity"]).abs() > 1e-9).fillna(False).astype(bool)


def _shipped_fields(prepared, rows, values, col, ctx) -> dict:
    return {"quantity": _texts(prepared, rows, "quantity")}


# -- CX256 (S-10, ex): arrival confirmed N days before the expected arrival ---------------------
def _confirm_days(ctx) -> int:
    return int(limit(ctx, "confirm_days_before"))


def _confirmed_in_time(df: pd.DataFrame, ctx) -> pd.Series:
    by = df["expected_arrival"].dt.normalize() - pd.Timedelta(days=_confirm_days(ctx))
    return ~(df["arrival_confirmed"].dt.normalize() > by).fillna(False).astype(bool)


def _confirm_fields(prepared, rows, values, col, ctx) -> dict:
    return {"expected": _texts(prepared, rows, "expected_arrival"), "days": _confirm_days(ctx)}


# -- CX257 (S-11): acceptance by procurement and the department using the goods ------------------
PROCUREMENT = "采购部"


def _departments_ok(df: pd.DataFrame, ctx) -> pd.Series:
    names = df["accept_depts"]

    def ok(v) -> bool:
        if not isinstance(v, tuple):      # empty: CX121's business
            return True
        return PROCUREMENT in v and any(n != PROCUREMENT for n in v)
    return pd.Series([ok(v) for v in names.tolist()], index=df.index, dtype=bool) | df["accept_depts__everyone"]


# -- CX258 (S-12): rejected goods replaced within replace_hours ---------------------------------
def replacement_due(df: pd.DataFrame, ctx=None, hours: float | None = None) -> pd.Series:
    """拒收时间 + ``replace_hours`` clock hours (nights, weekends and holidays count); a 拒收时间
    without a time is read at 24:00 of its day, the reading most favourable to the supplier
    (tables-2.md, "Limits"). NaT where there is no 拒收时间."""
    h = float(limit(ctx, "replace_hours")) if hours is None else float(hours)
    start = df["rejected_at"]
    timed = df["rejected_at__hastime"].astype(bool) if "rejected_at__hastime" in df else pd.Series(False, index=df.index)
    start = start.where(timed, start + pd.Timedelta(days=1))
    return start + pd.Timedelta(hours=h)


def _replaced_in_time(df: pd.DataFrame, ctx) -> pd.Series:
    # a 补发到货时间 without a time is read at 00:00 (most favourably): the value as it is
    return ~(df["redelivered"] > replacement_due(df, ctx)).fillna(False).astype(bool)


def _replace_fields(prepared, rows, values, col, ctx) -> dict:
    return {"rejected": _texts(prepared, rows, "rejected_at"), "hours": f"{float(limit(ctx, 'replace_hours')):g}"}


# -- CX253 / CX254: an order's contract and enquiry are on their registers ----------------------
def _other(ctx, key: str):
    """``ctx.table(key)`` for a rule's Context; None for anything else (a Late line's Config)."""
    table = getattr(ctx, "table", None)
    return table(key) if callable(table) else None


def contract_terms(df: pd.DataFrame, ctx) -> pd.DataFrame:
    """Per order row, its contract in 采购合同登记表 (``ctx.table("contracts")``) by 合同编号
    (NFKC, no spaces; the first row of a repeated number): ``found`` (bool), ``supplier`` (the
    contract's supplier as typed) and ``supplier_key``, ``days`` (N of 月结N天 in its 付款方式)
    and ``rate`` (X of 每日扣款X% in its 违约责任, a fraction a day) — NaN where the order names no
    contract, the contract is not there or is another supplier's (CX253: its terms are not this
    order's), or it does not state (or we cannot read) that term."""
    nan = float("nan")
    out = pd.DataFrame({"found": False, "supplier": pd.Series(pd.NA, index=df.index, dtype="string"),
                        "supplier_key": pd.Series(pd.NA, index=df.index, dtype="string"),
                        "days": nan, "rate": nan}, index=df.index)
    con = _other(ctx, "contracts")
    if con is None or not len(df) or "contract_no__text" not in df:
        return out
    terms = pd.DataFrame({
        "key": contract_key(con["contract_no__text"]),
        "supplier": con["supplier__text"].astype("string"),
        "supplier_key": name_key(con["supplier__text"]),
        "days": contract_days(con["payment_terms__text"])["value"].to_numpy(),
        "rate": daily_rates(con["penalty_terms__text"])["value"].to_numpy(),
    }).dropna(subset=["key"]).drop_duplicates("key").set_index("key")
    key = contract_key(df["contract_no__text"])
    out["found"] = key.isin(terms.index).fillna(False).astype(bool)
    for c in ("supplier", "supplier_key"):
        out[c] = key.map(terms[c]).astype("string")
    own = name_key(df["supplier__text"])
    theirs = (out["supplier_key"].notna() & own.notna() & (out["supplier_key"] != own)).fillna(False).astype(bool)
    for c in ("days", "rate"):
        out[c] = key.map(terms[c]).astype("float64").mask(theirs)
    return out


def with_contract_terms(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    """The order frame with its contract's payment days and penalty rate (``terms__days``,
    ``terms__rate``; NaN = the configured default): the join of the Late lines (``Late.join``)."""
    t = contract_terms(frame, ctx)
    return frame.assign(terms__days=t["days"], terms__rate=t["rate"])


def _contract_problem(df: pd.DataFrame, ctx) -> pd.Series:
    """Per order: "missing" (合同编号 not in the register), "supplier" (its contract's supplier
    differs), else NA; NA for every row when the workbook has no 采购合同登记表."""
    out = pd.Series(pd.NA, index=df.index, dtype="string")
    if _other(ctx, "contracts") is None:
        return out
    t = contract_terms(df, ctx)
    named = df["contract_no__text"].notna()
    own = name_key(df["supplier__text"])
    other = (t["found"] & t["supplier_key"].notna() & own.notna() & (t["supplier_key"] != own)).fillna(False)
    out[named & ~t["found"]] = "missing"
    out[named & other.astype(bool)] = "supplier"
    return out


def _contract_fields(prepared, rows, values, col, ctx) -> dict:
    idx = rows.to_numpy()
    problem = _contract_problem(prepared, ctx).loc[idx].tolist()
    supplier = contract_terms(prepared, ctx)["supplier"].loc[idx].fillna("").tolist()
    return {"problem": [
        Both("不在采购合同登记表中", "is not in the purchase contracts") if p == "missing" else
        Both(f"的供应商为「{s}」,与订单的供应商不一致", f"is with \"{s}\", not this order's supplier")
        for p, s in zip(problem, supplier)]}


def _quotation_known(df: pd.DataFrame, ctx) -> pd.Series:
    q = _other(ctx, "quotations")
    if q is None:
        return pd.Series(True, index=df.index)
    known = set(name_key(q["quote_no__text"]).dropna())
    key = name_key(df["quote_no__text"])
    return (key.isna() | key.isin(known)).fillna(True).astype(bool)


# -- CX259 (S-06, ex): paid within N days of the end of the month goods were stocked in ---------
def payment_days(df: pd.DataFrame, ctx=None) -> pd.Series:
    """N of each order's payment due: 月结N天 of its contract's 付款方式 (采购合同登记表, by
    合同编号; ``terms__days`` when the frame was joined, else ``ctx.table("contracts")``), else
    ``payment_days`` (30)."""
    days = df["terms__days"] if "terms__days" in df else contract_terms(df, ctx)["days"]
    return days.astype("float64").fillna(float(limit(ctx, "payment_days")))


def penalty_rate(frame: pd.DataFrame) -> pd.Series:
    """The late-delivery penalty rate of each order (a fraction a day): 每日扣款X% of its
    contract's 违约责任 (``terms__rate`` of the joined frame), NaN where the configured
    ``[late] penalty_rate_per_day`` (the guide's 0.5%) applies."""
    if "terms__rate" in frame:
        return frame["terms__rate"].astype("float64")
    return pd.Series(float("nan"), index=frame.index)


def payment_due(df: pd.DataFrame, ctx=None) -> pd.Series:
    """The end of the month of 入库单签署日期 (else 实际交付日期) + N days (tables-2.md: 入库
    2024-05-24 → 2024-06-30; counting from the month's end is its assumption). NaT without
    either date."""
    base = df["stocked"].fillna(df["delivered"]).dt.normalize()
    month_end = base + pd.offsets.MonthEnd(0)
    return month_end + pd.to_timedelta(payment_days(df, ctx), unit="D")


def _paid_in_time(df: pd.DataFrame, ctx) -> pd.Series:
    return ~(df["paid"].dt.normalize() > payment_due(df, ctx)).fillna(False).astype(bool)


def _payment_fields(prepared, rows, values, col, ctx) -> dict:
    due = payment_due(prepared.loc[rows.to_numpy()], ctx)
    days = payment_days(prepared.loc[rows.to_numpy()], ctx)
    return {"due": [d.strftime("%Y-%m-%d") for d in due], "days": [f"{n:g}" for n in days]}


def _days_to_payment(frame: pd.DataFrame, config) -> pd.DataFrame:
    """PAYMENT_LATE's limit, per row: the calendar days from 实际交付日期 to the payment due (so
    start + limit = the due of CX259)."""
    days = (payment_due(frame, config) - frame["delivered"].dt.normalize()).dt.days
    return pd.DataFrame({"amount": days.astype("float64"), "unit": "days"}, index=frame.index)


def _payment_tracked(frame: pd.DataFrame, config) -> pd.Series:
    """Rows whose payment is tracked: 付款日期 or 入库单签署日期 typed (a sheet without these added
    columns lists no payment as overdue)."""
    return (frame["paid__text"].notna() | frame["stocked__text"].notna()).astype(bool)


def _rejected(frame: pd.DataFrame, config) -> pd.Series:
    return (frame["acceptance"] == REJECTED).fillna(False).astype(bool)


# The guide's two other time limits on an order (tables-2.md "Late"), further lines of the table
# (``more_late``).
# S-12: a rejected delivery is replaced within replace_hours of 拒收时间 (clock hours: late by hours).
REPLACEMENT_LATE = Late(None, "redelivered", item=("order_no", "supplier", "goods"), owner="supplier",
                        after=After("rejected_at", "replace_hours", "hours"), applies=_rejected,
                        label=("补发", "replacement"))
# S-06: paid by the end of the stock-in month + N days (CX259's due: N from the contract's 月结N天,
# else payment_days), done = 付款日期.
PAYMENT_LATE = Late(None, "paid", item=("order_no", "supplier", "goods"), owner="supplier",
                    after=After("delivered", limit_at=_days_to_payment), done_also=("stocked",),
                    applies=_payment_tracked, label=("付款", "payment"), join=with_contract_terms)


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
        Col("订单号", "order_no", "Order no.", required=True, unique=True, unique_with="line_no", width=14,
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
        Col("补发到货时间", "redelivered", "Replacement arrival", Kind.DATETIME, width=16, done=True, time=True,
            not_before="rejected_at",
            hint=("验收不合格时,补发货物到货的时间(写到时刻,如 2024-06-06 10:00);不合格且未补发的订单视为未交付",
                  "When replacement goods arrived after a failed acceptance (with the time, e.g. 2024-06-06 10:00); "
                  "a rejected order without it is not delivered")),
        # tables-2.md: the added columns (optional; "required" = required when the column is there)
        Col("交付地址", "address", "Delivery address", required=True, added=True, width=22,
            hint=("货物送达的地址", "Where the goods are delivered")),
        Col("合同编号", "contract_no", "Contract no.", added=True, width=14,
            hint=("对应的采购合同编号", "The purchase contract's number")),
        Col("询价单号", "quote_no", "Quotation no.", added=True, width=14,
            hint=("对应的询价比价单号", "The quotation comparison's number")),
        Col("发货数量", "shipped_qty", "Quantity shipped", Kind.NUMBER, min=0, added=True, width=10,
            hint=("供应商发货单上的数量,须与订单数量一致", "The quantity on the supplier's delivery note; as ordered")),
        Col("发货核对", "ship_check", "Shipment check", Kind.CHOICE, choices=("一致", "不一致"), added=True, width=10,
            en_choices=("matches", "does not match"), hint=("发货产品与订单是否一致:一致 / 不一致", "一致 / 不一致")),
        Col("预计到货日期", "expected_arrival", "Expected arrival", Kind.DATE, added=True, width=13),
        Col("到货确认日期", "arrival_confirmed", "Arrival confirmed", Kind.DATE, added=True, width=13,
            hint=("与供应商确认到货时间的日期,应在到货前1天", "When the arrival time was confirmed with the supplier; a day before it")),
        Col("验收部门", "accept_depts", "Accepted by", Kind.NAMELIST, added=True, width=16,
            required_if=("acceptance", ("合格", "不合格")),
            hint=("采购部和使用部门共同验收,如 采购部、行政部", "Procurement and the using department, e.g. 采购部、行政部")),
        Col("验收项目", "accept_items", "Acceptance checks", Kind.CHECKLIST, items=("数量", "质量", "规格"), added=True,
            width=16, required_if=("acceptance", ("合格", "不合格")),
            hint=("验收的项目:数量、质量、规格", "What was checked: 数量、质量、规格 (quantity, quality, specification)")),
        Col("拒收时间", "rejected_at", "Rejected at", Kind.DATETIME, time=True, added=True, width=16,
            required_if=("acceptance", "不合格"),
            hint=("验收不合格拒收的时间,写到时刻", "When the goods were rejected, with the time")),
        Col("入库单签署日期", "stocked", "Stock-in signed", Kind.DATE, added=True, width=14,
            required_if=("acceptance", "合格"), hint=("验收合格后签署入库单的日期", "When the stock-in slip was signed after acceptance")),
        Col("付款日期", "paid", "Paid on", Kind.DATE, added=True, width=12, done=True,
            hint=("按合同付款方式付款的日期", "When the order was paid, per the contract's payment terms")),
        # issue 12: an order of several lines (ERP exports): 订单号 is unique with its 行号 (CX110)
        Col("行号", "line_no", "Line no.", added=True, width=8,
            hint=("一张订单有多行时的行号;订单号与行号的组合不能重复", "The line of a several-line order; order no. and line no. together are unique"),
            aka=("行项目", "行项目号", "订单行号", "采购订单行号", "项次", "line", "line_number", "line_item",
                 "PO line", "po_line_no")),
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
        Rule("CX253", ERROR, "contract_no", lambda df, ctx: _contract_problem(df, ctx).isna(),
             fields=_contract_fields, name="contract-not-registered",
             title=("合同编号不在合同登记表中或供应商不符", "Contract not registered or for another supplier"),
             message=("合同编号「{value}」{problem}", "The contract no. \"{value}\" {problem}"),
             bad=({"合同编号": "HT-2099-999"},
                  {"订单号": "PO-2024-002", "供应商名称": "华科电子设备有限公司", "合同编号": "HT-2024-001"}),
             good=({"合同编号": "HT-2024-001"}, {"订单号": "PO-2024-002", "合同编号": "ＨＴ-2024-001 "}),
             with_tables=(("contracts", ({},)),),
             why=("指南三(三)步骤2、3:与选定的供应商签订采购合同后下达订单。订单的合同编号须在采购合同登记表中,"
                  "且合同的供应商就是订单的供应商(编号和名称忽略全半角与空格)。工作簿(或同一命令读入的文件)中没有"
                  "采购合同登记表时不检查。",
                  "Guide 三(三) steps 2–3: orders follow a contract signed with the chosen supplier. An order's "
                  "contract no. must be in the purchase contracts, with the order's supplier (numbers and names "
                  "compared ignoring full/half width and spaces). Skipped when there are no purchase contracts.")),
        Rule("CX254", ERROR, "quote_no", _quotation_known,
             name="quotation-not-registered",
             title=("询价单号不在询价比价表中", "Quotation no. not in the quotations"),
             message=("询价单号「{value}」不在询价比价表中", "The quotation no. \"{value}\" is not in the quotation comparison"),
             bad=({"询价单号": "XJ-2099-999"},), good=({"询价单号": "XJ-2024-001"},),
             with_tables=(("quotations", ({}, {"询价单号": "", "采购事项": "", "供应商名称": "福州榕城文具有限公司",
                                               "是否选中": "否"},
                                          {"询价单号": "", "采购事项": "", "供应商名称": "福州新华文具有限公司",
                                           "是否选中": "否"})),),
             why=("指南三(三)步骤1(S-01):采购前先询价比价(至少3家)。订单的询价单号须在询价比价表中(忽略全半角与空格);"
                  "没有询价比价表时不检查。",
                  "Guide 三(三) step 1 (S-01): quotations are compared (at least 3) before buying. An order's "
                  "quotation no. must be in the quotation comparison (full/half width and spaces ignored); "
                  "skipped when there is none.")),
        Rule("CX255", ERROR, "shipped_qty", _shipped_matches, fields=_shipped_fields,
             name="shipment-does-not-match-order",
             title=("发货与订单不一致", "Shipment does not match the order"),
             message=("发货数量「{value}」与订单数量「{quantity}」不一致",
                      "The quantity shipped \"{value}\" differs from the quantity ordered \"{quantity}\""),
             bad=({"数量": "50", "发货数量": "48"},), good=({"数量": "50", "发货数量": "50"},),
             why=("指南三(三)步骤3(S-09):供应商发货前核对产品型号、数量与订单一致。发货数量不等于订单数量,"
                  "或发货核对为「不一致」时报错。",
                  "Guide 三(三) step 3 (S-09): before shipping, the supplier checks the goods and quantity against the "
                  "order. An error when the quantity shipped differs from the quantity ordered, or the shipment check "
                  "says 不一致.")),
        Rule("CX255", ERROR, "ship_check", lambda df, ctx: ~(df["ship_check"] == "不一致").fillna(False).astype(bool),
             name="shipment-does-not-match-order",
             title=("发货与订单不一致", "Shipment does not match the order"),
             message=("发货核对为「{value}」:发出的产品与订单不符",
                      "The shipment check says \"{value}\": the goods shipped do not match the order"),
             bad=({"发货核对": "不一致"},), good=({"发货核对": "一致"},),
             why=("指南三(三)步骤3(S-09):供应商发货前核对产品型号、数量与订单一致。",
                  "Guide 三(三) step 3 (S-09): before shipping, the supplier checks the goods against the order.")),
        Rule("CX256", WARNING, "arrival_confirmed", _confirmed_in_time, fields=_confirm_fields,
             name="arrival-confirmed-too-late",
             title=("到货确认过晚", "Arrival confirmed too late"),
             message=("到货确认日期「{value}」晚于预计到货日期「{expected}」前 {days} 天",
                      "The arrival was confirmed on \"{value}\", later than {days} day(s) before the expected arrival \"{expected}\""),
             bad=({"预计到货日期": "2024-05-25", "到货确认日期": "2024-05-25"},),
             good=({"预计到货日期": "2024-05-25", "到货确认日期": "2024-05-24"},),
             why=("指南三(三)步骤3(S-10,示例):到货前1天与供应商确认到货时间(如送达 05-25,须在 05-24 前确认)。"
                  "天数可配置(confirm_days_before,默认1)。",
                  "Guide 三(三) step 3 (S-10, an example): the arrival is confirmed with the supplier a day before "
                  "(delivered 05-25 → confirmed by 05-24). Days configurable (confirm_days_before, 1).")),
        Rule("CX257", ERROR, "accept_depts", _departments_ok,
             name="acceptance-departments-incomplete",
             title=("验收部门不全", "Acceptance departments incomplete"),
             message=("验收部门「{value}」须包括采购部和使用部门",
                      "The departments accepting \"{value}\" must include \"采购部\" (procurement) and the using department"),
             bad=({"订单号": "PO-2024-001", "验收部门": "采购部"}, {"订单号": "PO-2024-002", "验收部门": "行政部"}),
             good=({"订单号": "PO-2024-001", "验收部门": "采购部、行政部"}, {"订单号": "PO-2024-002", "验收部门": "行政部,采购部"}),
             why=("指南三(三)步骤3(S-11):货物到达后由采购部与使用部门共同验收。验收部门须列出采购部和至少一个其他部门"
                  "(名称完全一致,用 、 , ; + / 或换行分隔)。",
                  "Guide 三(三) step 3 (S-11): procurement and the using department accept the goods together. The list "
                  "names \"采购部\" and at least one other department (exact names, joined by 、 , ; + / or line breaks).")),
        Rule("CX258", WARNING, "redelivered", _replaced_in_time, fields=_replace_fields,
             name="replacement-too-late",
             title=("补发超时", "Replacement too late"),
             message=("补发到货时间「{value}」晚于拒收时间「{rejected}」{hours} 小时以上",
                      "The replacement arrived at \"{value}\", more than {hours} hours after the rejection at \"{rejected}\""),
             bad=({"验收结果": "不合格", "拒收时间": "2024-05-24 10:00", "补发到货时间": "2024-05-26 10:30",
                   "入库单签署日期": ""},),
             good=({"验收结果": "不合格", "拒收时间": "2024-05-24 10:00", "补发到货时间": "2024-05-26 10:00",
                    "入库单签署日期": ""},),
             why=("指南三(三)步骤3(S-12):验收不合格的,供应商须在48小时内补发。按钟点计(夜间、周末、节假日都算);"
                  "只有日期时按最有利于供应商的方式理解(拒收按当日24:00,补发按当日0:00)。小时数可配置(replace_hours,默认48)。",
                  "Guide 三(三) step 3 (S-12): rejected goods are replaced within 48 hours, clock hours (nights, weekends "
                  "and holidays count); a date alone is read in the supplier's favour (rejection at 24:00, arrival at "
                  "00:00). Hours configurable (replace_hours, 48).")),
        Rule("CX259", WARNING, "paid", _paid_in_time, fields=_payment_fields,
             name="payment-late",
             title=("付款超期", "Payment late"),
             message=("付款日期「{value}」晚于应付日期 {due}(入库当月月末后 {days} 天)",
                      "The payment date \"{value}\" is after the due date {due} ({days} days after the end of the month of stock-in)"),
             bad=({"实际交付日期": "2024-04-23", "入库单签署日期": "2024-04-24", "付款日期": "2024-05-31"},),
             good=({"实际交付日期": "2024-04-23", "入库单签署日期": "2024-04-24", "付款日期": "2024-05-30"},),
             why=("指南三(三)(S-06,示例):按合同约定的付款方式(如月结30天)及时付款。应付日期 = 入库单签署日期(无则实际交付日期)"
                  "所在月的月末 + N 天;N 取合同付款方式中的“月结N天”,无采购合同登记表时取 payment_days(默认30)。"
                  "从月末起算是本工具的假设。",
                  "Guide 三(三) (S-06, an example): pay as the contract says (e.g. \"月结30天\", net 30 from month end). "
                  "Due = the end of the month of the stock-in date (else the actual delivery) + N days; N from \"月结N天\" of the "
                  "contract's payment terms, without a contract register payment_days (30). Counting from the month's "
                  "end is our assumption.")),
    ),
    late=Late(due="due", done="delivered", item=("order_no", "supplier", "goods"), owner="supplier", amount=order_amount,
              done_at=delivered_at, done_also=("redelivered",), join=with_contract_terms, rate=penalty_rate),
    more_late=(REPLACEMENT_LATE, PAYMENT_LATE),
    clean={"订单号": "PO-2024-001", "供应商名称": "福州闽星办公用品有限公司", "产品明细": "A4复印纸", "数量": "50",
           "单价": "25", "金额": "1250", "要求交付日期": "2024-05-25", "实际交付日期": "2024-05-24", "验收结果": "合格", "备注": "",
           "交付地址": "福州市鼓楼区五四路88号3楼", "发货核对": "一致", "预计到货日期": "2024-05-24",
           "到货确认日期": "2024-05-23", "验收部门": "采购部、行政部", "验收项目": "数量、质量、规格",
           "入库单签署日期": "2024-05-24", "付款日期": "2024-06-03"},
    examples=(
        {"订单号": "PO-2024-001", "供应商名称": "福州闽星办公用品有限公司", "产品明细": "A4复印纸", "数量": "50",
         "单价": "25", "金额": "1250", "要求交付日期": "2024-05-25", "实际交付日期": "2024-05-24", "验收结果": "合格"},
    ),
    key_columns=("order_no", "supplier", "due"),   # recognised when these are all found (docs/recognition.md)
)
