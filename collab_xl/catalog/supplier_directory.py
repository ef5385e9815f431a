"""供应商名录 — guide 三(三) 步骤1 (named, not printed; the columns are ours, tables.md)."""
import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, Col, Kind, Rule, Table

CATEGORIES = ("战略供应商", "常规供应商", "备用供应商")


def _warn_days(ctx) -> int:
    return int(getattr(getattr(ctx.config, "validate", None), "qualification_warn_days", 30))


TABLE = Table(
    key="supplier_directory",
    number=None,
    section="三(三)",
    title=("供应商名录", "Supplier directory"),
    sheet=("供应商名录", "Supplier directory"),
    purpose=(
        "所有供应商的分类(战略/常规/备用)、供应品类、统一社会信用代码、联系人和资质到期日;采购订单和评估表中的供应商须在此登记。",
        "Every supplier with its class (strategic/regular/backup), goods, unified social credit code, "
        "contact and qualification expiry; orders and evaluations must name suppliers listed here.",
    ),
    columns=(
        Col("供应商名称", "supplier", "Supplier", required=True, unique=True, width=22,
            aka=("供应商", "供应商全称", "供应商名", "单位名称", "vendor", "vendor_name", "supplier_name")),
        Col("供应商类别", "category", "Class", Kind.CHOICE, required=True, choices=CATEGORIES, width=12,
            en_choices=("strategic", "regular", "backup"), hint=("战略供应商 / 常规供应商 / 备用供应商", "战略供应商 / 常规供应商 / 备用供应商"),
            aka=("供应商分类", "供应商等级", "类别", "分类", "supplier_type", "category", "vendor_class")),
        Col("供应品类", "goods", "Goods", required=True, width=14,
            aka=("供应产品", "主营产品", "经营范围", "物料类别", "products", "main_products")),
        Col("统一社会信用代码", "credit_code", "Unified social credit code", Kind.CREDIT_CODE, width=22,
            hint=("18位,最后一位为校验位", "18 characters, the last is a check character"),
            aka=("纳税人识别号", "税号", "统一信用代码", "信用代码", "tax_id", "taxpayer_id", "USCC")),
        Col("联系人", "contact_name", "Contact person", required=True, width=10,
            aka=("联系人姓名", "联系人名称", "contact_name")),
        Col("联系方式", "contact", "Phone or e-mail", Kind.PHONE_EMAIL, required=True, width=18,
            hint=("手机、座机或邮箱", "Mobile, landline or e-mail"),
            aka=("联系电话", "手机号码", "手机", "电话", "联系人电话", "联系人邮箱", "邮箱", "电子邮箱", "phone", "mobile", "email", "tel")),
        Col("资质到期日", "expiry", "Qualification expiry", Kind.DATE, width=12,
            aka=("资质有效期", "有效期至", "证书到期日", "到期日期", "expiry_date", "valid_until")),
        Col("备注", "note", "Remarks", width=20,
            aka=("备注说明", "remark", "notes")),
    ),
    rules=(
        Rule("CX241", ERROR, "expiry", lambda df, ctx: ~(df["expiry"] < ctx.today_ts).fillna(False),
             title=("资质已过期", "Qualification expired"),
             message=("资质已于「{value}」到期", "The qualification expired on \"{value}\""),
             bad=({"资质到期日": "2020-12-31"},), good=({"资质到期日": "2099-12-31"},),
             why=("指南三(三)步骤1:审核营业执照、行业资质。", "Guide 三(三) step 1: licences and qualifications are reviewed.")),
        Rule("CX242", WARNING, "expiry",
             lambda df, ctx: ~((df["expiry"] >= ctx.today_ts)
                               & (df["expiry"] <= ctx.today_ts + pd.Timedelta(days=_warn_days(ctx)))).fillna(False),
             title=("资质即将到期", "Qualification about to expire"),
             message=("资质将于「{value}」到期,请提前续审", "The qualification expires on \"{value}\"; renew it in time"),
             bad=({"资质到期日": "{today+10}"},), good=({"资质到期日": "2099-12-31"},),
             why=("提前提醒,避免使用资质过期的供应商(天数可配置,默认30天)。",
                  "An early reminder (days configurable, 30 by default).")),
    ),
    clean={"供应商名称": "福州闽星办公用品有限公司", "供应商类别": "常规供应商", "供应品类": "办公用品",
           "统一社会信用代码": "91350100M000100Y43", "联系人": "陈经理", "联系方式": "0591-87654321",
           "资质到期日": "2099-12-31", "备注": ""},
    examples=(
        {"供应商名称": "福州闽星办公用品有限公司", "供应商类别": "常规供应商", "供应品类": "办公用品",
         "统一社会信用代码": "91350100M000100Y43", "联系人": "陈经理", "联系方式": "0591-87654321",
         "资质到期日": "2026-12-31", "备注": "月结30天"},
    ),
    key_columns=("supplier", "contact_name", "contact"),   # recognised when these are all found (docs/recognition.md)
)
