"""供应商名录 — guide 三(三) 步骤1 (named, not printed; the columns are ours, tables.md).

Added by tables-2.md: 资质审核 (a checklist, S-02) and 纳入日期 (S-14); CX243 reads the workbook's
供应商评估表 (``ctx.table``): every supplier of the directory is evaluated every quarter."""
import numpy as np
import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, Col, Kind, Rule, Table
from collab_xl.cells.parse import period_bounds, period_sort_key
from collab_xl.i18n import Both

CATEGORIES = ("战略供应商", "常规供应商", "备用供应商")


def _warn_days(ctx) -> int:
    return int(getattr(getattr(ctx.config, "validate", None), "qualification_warn_days", 30))


def name_key(names: pd.Series) -> pd.Series:
    """A supplier name as it is matched across tables (tables-2.md, "Keys across tables"): NFKC,
    no spaces."""
    return names.astype("string").str.normalize("NFKC").str.replace(r"\s+", "", regex=True)


def missing_quarters(df: pd.DataFrame, ctx) -> pd.Series:
    """Per directory row, the quarters of the workbook's 供应商评估表 (every quarter some row of it
    evaluates) in which this supplier has no evaluation row, quarters ending before its 纳入日期
    left out; an empty tuple where nothing is missing, where the supplier is empty, or when the
    workbook has no 供应商评估表 (CX243 is then skipped)."""
    out = pd.Series([()] * len(df), index=df.index, dtype=object)
    ev = ctx.table("supplier_evaluation") if ctx is not None else None
    if ev is None or not len(df):
        return out
    ev = ev[ev["quarter"].notna() & ev["supplier"].notna()]
    quarters = sorted(set(ev["quarter"].astype(str)), key=period_sort_key)
    if not quarters:
        return out
    done = set(zip(name_key(ev["supplier"]).tolist(), ev["quarter"].astype(str).tolist()))
    ends = period_bounds(pd.Series(quarters, dtype="string"))["end"].to_numpy()
    rows = df["supplier"].notna().to_numpy()
    keys = name_key(df["supplier"]).to_numpy(dtype=object)
    joined = df["joined"].to_numpy(dtype="datetime64[ns]") if "joined" in df else \
        np.full(len(df), np.datetime64("NaT"), dtype="datetime64[ns]")
    # a quarter is owed unless the supplier joined after its last day (NaT compares False)
    owed = ~(joined[:, None] > ends[None, :])
    values = []
    for k, key in enumerate(keys):
        if not rows[k]:
            values.append(())
            continue
        values.append(tuple(q for j, q in enumerate(quarters) if owed[k, j] and (key, q) not in done))
    out[:] = values
    return out


def _quarters_field(prepared, rows, values, col, ctx) -> dict:
    miss = missing_quarters(prepared, ctx).loc[rows.to_numpy()].tolist()
    return {"quarters": [Both("、".join(m), ", ".join(m)) for m in miss]}


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
        Col("资质审核", "qualification_review", "Qualification review", Kind.CHECKLIST, added=True, width=26,
            items=("营业执照", "行业资质", "过往案例(案例)", "供货能力"),
            hint=("已审核的材料:营业执照、行业资质、过往案例、供货能力", "Documents reviewed: 营业执照、行业资质、过往案例、供货能力")),
        Col("纳入日期", "joined", "Date listed", Kind.DATE, width=12, added=True,
            hint=("纳入名录的日期;此前结束的季度不要求评估", "When the supplier entered the directory; earlier quarters need no evaluation")),
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
        Rule("CX243", WARNING, "supplier", lambda df, ctx: missing_quarters(df, ctx).map(len) == 0,
             fields=_quarters_field, name="supplier-not-evaluated-in-a-quarter",
             title=("供应商有季度未评估", "Supplier not evaluated in a quarter"),
             message=("「{value}」在供应商评估表中没有 {quarters} 的评估",
                      "\"{value}\" has no row in the supplier evaluation for {quarters}"),
             bad=({"供应商名称": "福州闽星办公用品有限公司", "纳入日期": "2024-01-02"},
                  {"供应商名称": "福州榕达物流有限公司", "统一社会信用代码": "", "纳入日期": "2024-03-01"}),
             good=({"供应商名称": "福州闽星办公用品有限公司", "纳入日期": "2024-01-02"},
                   {"供应商名称": "福州榕达物流有限公司", "统一社会信用代码": "", "纳入日期": "2024-07-01"}),
             with_tables=(("supplier_evaluation", ({},)),),
             why=("指南三(三)步骤4:名录中的每家供应商每季度评估一次(S-14、S-13)。供应商评估表中出现的每个季度,"
                  "名录中的供应商都应有一行评估;纳入日期在该季度结束之后的不要求。每家供应商一条,列出缺少的季度。"
                  "工作簿中没有供应商评估表时不检查。",
                  "Guide 三(三) step 4: every supplier of the directory is evaluated every quarter (S-14, S-13). "
                  "For every quarter found in the supplier evaluation, each directory supplier should have a row, "
                  "unless its date listed is after that quarter's end. One finding per supplier, listing the "
                  "quarters. Skipped when the workbook has no supplier evaluation.")),
    ),
    clean={"供应商名称": "福州闽星办公用品有限公司", "供应商类别": "常规供应商", "供应品类": "办公用品",
           "统一社会信用代码": "91350100M000100Y43", "联系人": "陈经理", "联系方式": "0591-87654321",
           "资质到期日": "2099-12-31", "备注": "", "资质审核": "营业执照、行业资质、案例3个、供货能力说明",
           "纳入日期": "2023-12-01"},
    examples=(
        {"供应商名称": "福州闽星办公用品有限公司", "供应商类别": "常规供应商", "供应品类": "办公用品",
         "统一社会信用代码": "91350100M000100Y43", "联系人": "陈经理", "联系方式": "0591-87654321",
         "资质到期日": "2026-12-31", "备注": "月结30天"},
    ),
    key_columns=("supplier", "contact_name", "contact"),   # recognised when these are all found (docs/recognition.md)
)
