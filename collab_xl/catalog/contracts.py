"""采购合同登记表 — guide 三(三) 步骤2 (S-05, S-06): a row per purchase contract (tables-2.md).

A contract states its 价格折扣, 付款方式 and 违约责任 (S-05, required); its supplier is one of the
供应商名录 (CX351, as CX251). Two of its terms feed 采购订单 rows that name it in 合同编号
(purchase_orders.py): "月结N天" in 付款方式 sets the order's payment due (CX259 and the payment
Late line; else ``[limits] payment_days``), "每日扣款X%" in 违约责任 the order's late-delivery
penalty rate (else ``[late] penalty_rate_per_day``, the guide's 0.5%). A term that is stated but
cannot be read (月结 without days, 每日扣款50元) falls back to the default and says so: CX352/W
(ours: the spec is silent), on the contract's cell.
"""
from __future__ import annotations

import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, Col, Kind, Rule, Table
from collab_xl.catalog.rules import limit
from collab_xl.catalog.supplier_directory import name_key
from collab_xl.cells.terms import UNREAD, daily_rates, payment_days


def contract_key(text: pd.Series) -> pd.Series:
    """A 合同编号 as it is matched across tables: NFKC, no spaces (tables-2.md "Keys across
    tables")."""
    return name_key(text)


def supplier_in_directory(df: pd.DataFrame, ctx) -> pd.Series:
    """CX351 passes unless the supplier is not in the workbook's 供应商名录 (names compared after
    NFKC, no spaces); every row passes when there is no directory (as CX251)."""
    directory = getattr(ctx, "directory", None)
    if directory is None:
        return pd.Series(True, index=df.index)
    known = set(name_key(pd.Series(sorted(directory), dtype="string")).dropna())
    sup = name_key(df["supplier__text"])
    return (sup.isna() | sup.isin(known)).fillna(True).astype(bool)


def _limits_days(ctx) -> int:
    return int(limit(ctx, "payment_days"))


def _default_rate(ctx) -> float:
    late = getattr(getattr(ctx, "config", None), "late", None)
    return float(getattr(late, "penalty_rate_per_day", 0.005)) if late is not None else 0.005


def _pct(rate: float) -> str:
    return f"{rate * 100:.4f}".rstrip("0").rstrip(".") + "%"


TABLE = Table(
    key="contracts",
    number=None,
    section="三(三)",
    title=("采购合同登记表", "Purchase contracts"),
    sheet=("采购合同", "Purchase contracts"),
    purpose=(
        "与供应商签订的采购合同:合同编号、供应商、签订日期,并写明价格折扣、付款方式(如月结30天)和违约责任"
        "(如延迟配送每日扣款0.5%)。采购订单填写合同编号后,按合同的月结天数计算应付日期、按合同的每日扣款比例计算违约金。",
        "Purchase contracts signed with suppliers: number, supplier, date signed, and the discount, payment terms "
        "(e.g. 月结30天, net 30 from month end) and penalties (e.g. 每日扣款0.5%, 0.5% a day for late delivery). "
        "An order naming its contract is paid by the contract's days and charged the contract's daily rate.",
    ),
    columns=(
        Col("合同编号", "contract_no", "Contract no.", required=True, unique=True, width=14,
            hint=("每份合同一个编号,不可重复;采购订单的合同编号须与此一致", "One number per contract, unique; "
                  "orders name it in their contract no."),
            aka=("合同号", "合同编码", "采购合同编号", "合同序号", "contract_number", "contract_id", "contract")),
        Col("供应商名称", "supplier", "Supplier", required=True, width=22,
            hint=("须与供应商名录一致", "As in the supplier directory"),
            aka=("供应商", "签约供应商", "乙方", "供方", "vendor", "vendor_name", "supplier_name")),
        Col("签订日期", "signed", "Signed on", Kind.DATE, required=True, width=12,
            aka=("签约日期", "签署日期", "合同日期", "sign_date", "signed_date")),
        Col("价格折扣", "discount", "Discount", required=True, width=14,
            hint=("如 9.5折、满1万减500;没有折扣填 无折扣", "E.g. 5% off; write \"无折扣\" when there is none"),
            aka=("折扣", "优惠条款", "价格优惠", "price_discount")),
        Col("付款方式", "payment_terms", "Payment terms", required=True, width=16,
            hint=("如 月结30天(订单的应付日期 = 入库当月月末 + 30天)", "E.g. \"月结30天\" or \"30 days after month end\" "
                  "(due 30 days after the end of the stock-in month)"),
            aka=("付款条件", "结算方式", "付款条款", "账期", "payment_method", "terms_of_payment")),
        Col("违约责任", "penalty_terms", "Penalties", required=True, width=22,
            hint=("如 延迟配送每日扣款0.5%(按订单金额计违约金)", "E.g. \"延迟配送每日扣款0.5%\" or \"0.5% per day "
                  "of late delivery\" (of the order's amount)"),
            aka=("违约条款", "违约金条款", "违约处理", "penalty", "penalty_terms")),
        Col("到期日", "expires", "Expires", Kind.DATE, width=12, not_before="signed",
            aka=("合同到期日", "有效期至", "截止日期", "expiry_date", "end_date")),
    ),
    rules=(
        Rule("CX351", ERROR, "supplier", supplier_in_directory,
             name="contract-supplier-not-in-directory",
             title=("合同供应商不在名录中", "Contract supplier not in the directory"),
             message=("「{value}」不在本工作簿的供应商名录中", "\"{value}\" is not in this workbook's supplier directory"),
             bad=({"供应商名称": "未登记的公司"},), good=({"供应商名称": "福州闽星办公用品有限公司"},),
             with_tables=(("supplier_directory", ({},)),),
             why=("指南三(三)步骤1、2:从《供应商名录》中选定供应商后签订采购合同。合同的供应商不在本工作簿的供应商名录中时报错"
                  "(名称忽略全半角与空格);工作簿中没有供应商名录时不检查(与采购订单的供应商检查相同)。",
                  "Guide 三(三) steps 1–2: contracts are signed with suppliers chosen from the directory. An error "
                  "when the contract's supplier is not in this workbook's directory (full/half width and spaces "
                  "ignored); skipped without a directory (as for an order's supplier).")),
        Rule("CX352", WARNING, "payment_terms",
             lambda df, ctx: payment_days(df["payment_terms__text"])["state"] != UNREAD,
             fields=lambda prepared, rows, values, col, ctx: {"days": _limits_days(ctx)},
             name="payment-terms-not-read",
             title=("合同条款无法读出", "Contract terms not read"),
             message=("付款方式「{value}」写了月结,但读不出天数;该合同订单的应付日期按默认月结 {days} 天计算",
                      "The payment terms \"{value}\" name a monthly settlement but no number of days could be read; "
                      "its orders are due by the default {days} days"),
             bad=({"付款方式": "月结"},), good=({"付款方式": "货到月结 ６０ 天"}, {"合同编号": "HT-2024-002", "付款方式": "货到付款"}),
             why=("本工具的规则(规范未规定):付款方式中的“月结N天”决定该合同订单的应付日期(付款超期的检查和逾期事项的付款行)。写了“月结”却读不出天数时"
                  "(可识别:月结30天、月结 30 天、货到月结30天、月结三十天、30天月结、月结30个自然日,全角数字亦可;英文"
                  "60 days after month end、Net 30 EOM、monthly settlement 45 days),按 payment_days"
                  "(默认30)计算并在此提醒。",
                  "Ours (the spec is silent): \"月结N天\" in the payment terms sets the due of the contract's orders "
                  "(the payment-late check and the payment line of the late view). When \"月结\" is written but no days can be read (read: 月结30天, 月结 30 天, 货到月结30天, "
                  "月结三十天, 30天月结, 月结30个自然日, full-width digits too; in English 60 days after month end, Net 30 EOM, "
                  "monthly settlement 45 days), payment_days (30) is used and this warns.")),
        Rule("CX352", WARNING, "penalty_terms",
             lambda df, ctx: daily_rates(df["penalty_terms__text"])["state"] != UNREAD,
             fields=lambda prepared, rows, values, col, ctx: {"rate": _pct(_default_rate(ctx))},
             name="penalty-terms-not-read",
             title=("合同条款无法读出", "Contract terms not read"),
             message=("违约责任「{value}」写了按日扣款,但读不出比例;该合同订单的违约金按默认每日 {rate} 计算",
                      "The penalties \"{value}\" charge by the day but no rate could be read; its orders' penalty "
                      "uses the default {rate} a day"),
             bad=({"违约责任": "延迟配送每日扣款50元"},),
             good=({"违约责任": "延迟配送每日扣款0.3%"}, {"合同编号": "HT-2024-002", "违约责任": "日扣款千分之五"},
                   {"合同编号": "HT-2024-003", "违约责任": "按《民法典》执行"}),
             why=("本工具的规则(规范未规定):违约责任中的“每日扣款X%”决定该合同订单的延迟交付违约金比例。写了按日扣款"
                  "(每日、每天、按日、逐日、每延迟一天、延迟一天、日扣款;英文 per day、a day、daily)却读不出比例时"
                  "(可识别:0.5%、5‰、百分之零点五、千分之五、万分之五,也可在下一分句:每逾期一日,按货款的千分之三支付违约金),按 [late] penalty_rate_per_day(默认0.5%)计算并在此提醒;按固定金额(每日扣款50元)的"
                  "约定也无法换算。",
                  "Ours (the spec is silent): \"每日扣款X%\" in the penalties sets the late-delivery penalty rate of the "
                  "contract's orders. When a charge by the day is written (每日, 每天, 按日, 逐日, 每延迟一天, 延迟一天, 日扣款; "
                  "in English per day, a day, daily) but no rate can be read (read: 0.5%, 5‰, 百分之零点五, 千分之五, "
                  "万分之五, also in the next clause: 每逾期一日,按货款的千分之三支付违约金; 0.5% per day), [late] "
                  "penalty_rate_per_day (0.5%) is used and this warns; a fixed sum a day (每日扣款50元) cannot be "
                  "converted either.")),
    ),
    clean={"合同编号": "HT-2024-001", "供应商名称": "福州闽星办公用品有限公司", "签订日期": "2024-01-05",
           "价格折扣": "9.5折", "付款方式": "月结30天", "违约责任": "延迟配送每日扣款0.5%", "到期日": "2024-12-31"},
    examples=(
        {"合同编号": "HT-2024-001", "供应商名称": "福州闽星办公用品有限公司", "签订日期": "2024-01-05",
         "价格折扣": "9.5折", "付款方式": "月结30天", "违约责任": "延迟配送每日扣款0.5%", "到期日": "2024-12-31"},
    ),
    key_columns=("contract_no", "supplier", "payment_terms"),   # docs/recognition.md
)
