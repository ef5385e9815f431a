"""合作付款登记表 — guide 三(二) 合作伙伴项目协同, 费用结算 (tables-2.md, issue 15).

A row per instalment paid (or to be paid) to a partner. Its agreement is the first 合作协议登记表
row with the same 合作项目 + 合作伙伴 (NFKC, no spaces, filled down: ``customer_log.norm_key``).
CX371 (P-03): an agreement's instalments add up to more than 100% (or its 协议金额) — or, once a
验收 instalment is listed, to less; CX372 (P-03): 付款金额 ≠ 付款比例 × 协议金额; CX373 (P-10): a
验收 instalment paid before the agreement's 确认书签署日期, or without one; CX374: no agreement
for the pair. Without a 合作协议登记表 in the workbook CX372–CX374 are skipped (as CX251 without a
供应商名录); CX371 then still sums the 付款比例.

Money is exact to the cent (issue 15: 0.1 + 0.2 must equal 0.3): amounts are whole cents and
percentages whole units of 10⁻¹⁰, both read from the shortest decimal text of the parsed number
(:func:`cents`, :func:`ratio_units`) and summed as integers; ratio × amount is worked out on
Python integers and rounded half up to the cent. No float comparison, no tolerance.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pandas as pd

from collab_xl.catalog.base import ERROR, Col, Kind, Rule, Table
from collab_xl.catalog.customer_log import norm_key
from collab_xl.i18n import Both

ON_SIGNING = "签约"
ON_ACCEPTANCE = "验收"
RATIO_SCALE = 10 ** 10          # a percentage in units of 10⁻¹⁰ of the whole (100% = 10¹⁰)
_HALF = RATIO_SCALE // 2
_LIMIT = 10 ** 15


# -- exact money --------------------------------------------------------------------------------
def _decimal_of(x: float, exp: Decimal) -> int | None:
    """A parsed number as a whole count of ``exp`` (0.01 for cents), rounded half up, from its
    shortest decimal text (0.1 → "0.1", never 0.1000000000000000055…)."""
    try:
        n = int((Decimal(repr(float(x))) / exp).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError, OverflowError):
        return None
    # beyond 10¹⁵ units (10¹³ yuan, or 10⁵ as a fraction) no real amount or share lies; such a
    # value is left out of the sums, which stay exact in 64-bit integers over thousands of rows
    return n if abs(n) <= _LIMIT else None


# Beyond these no payment register goes (10 trillion yuan, 10,000%): such a value is left out of the
# sums (<NA>), which keeps every sum and product of the int64 columns below 2⁶³.
MAX_YUAN = 10 ** 13
MAX_RATIO = 100


def _exact(values: pd.Series, exp: Decimal, limit: float) -> pd.Series:
    """``values`` (floats, NaN = none) as nullable whole counts of ``exp``, worked out once per
    distinct value; <NA> beyond ±``limit``."""
    v = pd.to_numeric(values, errors="coerce").astype("float64")
    v = v.where(v.abs() <= limit)
    distinct = v.dropna().unique()
    table = {x: _decimal_of(x, exp) for x in distinct}
    return v.map(table, na_action="ignore").astype("Int64")


def cents(values: pd.Series) -> pd.Series:
    """Amounts in yuan as whole cents (Int64, <NA> where empty or beyond 10¹³ yuan): 0.1 → 10,
    33333.33 → 3333333."""
    return _exact(values, Decimal("0.01"), MAX_YUAN)


def ratio_units(values: pd.Series) -> pd.Series:
    """Fractions (0.5 = 50%) as whole units of 10⁻¹⁰ (Int64; <NA> beyond 100 = 10,000%):
    33.33% → 3_333_000_000."""
    return _exact(values, Decimal(1) / RATIO_SCALE, MAX_RATIO)


def share_of(units: pd.Series, total_cents: pd.Series) -> pd.Series:
    """付款比例 × 协议金额 in cents, rounded half up (33.33% of 100,000.00 → 33,330.00), on Python
    integers (no overflow, no float); <NA> where either is missing."""
    both = units.notna() & total_cents.notna()
    out = pd.Series(pd.NA, index=units.index, dtype="Int64")
    if both.any():
        prod = units[both].astype(object) * total_cents[both].astype(object)
        out[both] = ((prod + _HALF) // RATIO_SCALE).astype("Int64")     # half up, on exact integers
    return out


def yuan(c) -> str:
    """Whole cents as money text: 3333333 → "33,333.33"."""
    if c is None or pd.isna(c):
        return ""
    c = int(c)
    sign, c = ("-" if c < 0 else ""), abs(c)
    return f"{sign}{c // 100:,}.{c % 100:02d}"


def percent(units) -> str:
    """Ratio units as a percentage text: 3_333_000_000 → "33.33%"."""
    if units is None or pd.isna(units):
        return ""
    d = (Decimal(int(units)) * 100 / RATIO_SCALE).normalize()
    return f"{d:f}%"


# -- a payment's agreement ----------------------------------------------------------------------
def pair_key(df: pd.DataFrame) -> pd.Series:
    """合作项目 + 合作伙伴 after NFKC, trimming and fill-down; <NA> when either is empty."""
    project, partner = norm_key(df["project__text"]), norm_key(df["partner__text"])
    key = project + "\u241f" + partner
    return key.where(project.notna() & partner.notna() & (project != "") & (partner != ""))


def agreements_of(df: pd.DataFrame, ctx) -> pd.DataFrame | None:
    """Each payment's agreement, the first 合作协议登记表 row of its pair: columns ``found``
    (bool), ``total`` (协议金额 in cents, Int64) and ``confirmed`` (确认书签署日期, NaT when empty
    or when the agreements lack that column; ``has_confirmed`` says whether they have it). None
    when the workbook has no 合作协议登记表."""
    agreements = ctx.table("partner_agreements") if ctx is not None else None
    if agreements is None:
        return None
    key_a = pair_key(agreements)
    first = agreements[key_a.notna() & ~key_a.duplicated()]
    first_key = key_a[first.index]
    position = pd.Series(range(len(first)), index=first_key.to_numpy())
    at = pair_key(df).map(position, na_action="ignore")
    found = at.notna()
    where = at.fillna(0).astype(int).to_numpy()

    def pick(series: pd.Series, dtype) -> pd.Series:
        if not len(first):
            return pd.Series(pd.NA if dtype == "Int64" else pd.NaT, index=df.index, dtype=dtype)
        out = pd.Series(series.to_numpy()[where], index=df.index).astype(dtype)
        return out.where(found)

    total = cents(first["total"]) if "total" in first else pd.Series(pd.NA, index=first.index, dtype="Int64")
    confirmed = (pd.to_datetime(first["confirmed"], errors="coerce") if "confirmed" in first
                 else pd.Series(pd.NaT, index=first.index, dtype="datetime64[ns]"))
    return pd.DataFrame({"found": found.astype(bool), "total": pick(total, "Int64"),
                         "confirmed": pick(confirmed, "datetime64[ns]"),
                         "has_confirmed": "confirmed" in agreements}, index=df.index)


# -- CX374: no agreement for the pair -----------------------------------------------------------
def _has_agreement(df: pd.DataFrame, ctx) -> pd.Series:
    a = agreements_of(df, ctx)
    if a is None:                      # no 合作协议登记表 in the workbook: nothing to compare with
        return pd.Series(True, index=df.index)
    return a["found"] | pair_key(df).isna()


def _pair_fields(prepared, rows, values, col, ctx) -> dict:
    return {"project": prepared.loc[rows, "project__text"].fillna("").astype(str).tolist()}


# -- CX371: the instalments add up to the whole -------------------------------------------------
def _sums(df: pd.DataFrame, ctx) -> pd.DataFrame:
    """Per payment row, its agreement's sums (the same on every row of the pair) and whether the
    row is the pair's last: ``mode`` "ratio" (every instalment has a 付款比例, or the ones given
    already exceed 100%) comparing ``sum`` with ``whole`` in ratio units, "amount" comparing the
    付款金额 (or 比例 × 协议金额 where 金额 is empty) in cents with 协议金额; ``over``/``under``."""
    key = pair_key(df)
    idx = df.index
    units = ratio_units(df["ratio"]) if "ratio" in df else pd.Series(pd.NA, index=idx, dtype="Int64")
    a = agreements_of(df, ctx)
    total = a["total"] if a is not None else pd.Series(pd.NA, index=idx, dtype="Int64")
    amount = cents(df["amount"]) if "amount" in df else pd.Series(pd.NA, index=idx, dtype="Int64")
    row_cents = amount.fillna(share_of(units, total))
    accept = (df["condition"] == ON_ACCEPTANCE).fillna(False) if "condition" in df else pd.Series(False, index=idx)

    g = key.fillna("")             # rows without a pair are dropped below
    by = pd.DataFrame({"g": g, "units": units.fillna(0), "has_units": units.notna(),
                       "cents": row_cents.fillna(0), "has_cents": row_cents.notna(),
                       "accept": accept.astype(bool)}, index=idx).groupby("g", sort=False)
    unit_sum = by["units"].transform("sum").astype("int64")
    all_units = by["has_units"].transform("all").astype(bool)
    cent_sum = by["cents"].transform("sum").astype("int64")
    all_cents = by["has_cents"].transform("all").astype(bool)
    any_accept = by["accept"].transform("any").astype(bool)
    last = key.notna() & ~g.duplicated(keep="last")

    ratio_mode = all_units | (unit_sum > RATIO_SCALE)
    ratio_over = ratio_mode & (unit_sum > RATIO_SCALE)
    ratio_under = ratio_mode & all_units & any_accept & (unit_sum < RATIO_SCALE)
    known_total = total.notna()
    t = total.fillna(0).astype("int64")
    amount_mode = ~ratio_mode & known_total
    amount_over = amount_mode & (cent_sum > t)
    amount_under = amount_mode & all_cents & any_accept & (cent_sum < t)
    return pd.DataFrame({"last": last, "ratio_bad": last & (ratio_over | ratio_under), "ratio_over": ratio_over,
                         "amount_bad": last & (amount_over | amount_under), "amount_over": amount_over,
                         "unit_sum": unit_sum, "cent_sum": cent_sum, "total": total}, index=idx)


def _ratios_add_up(df: pd.DataFrame, ctx) -> pd.Series:
    return ~_sums(df, ctx)["ratio_bad"]


def _amounts_add_up(df: pd.DataFrame, ctx) -> pd.Series:
    return ~_sums(df, ctx)["amount_bad"]


_MORE = Both("超过", "more than")
_LESS = Both("不足", "less than")


def _ratio_fields(prepared, rows, values, col, ctx) -> dict:
    s = _sums(prepared, ctx).loc[rows]
    return {"sum": [percent(u) for u in s["unit_sum"]],
            "relation": [_MORE if o else _LESS for o in s["ratio_over"]]}


def _amount_fields(prepared, rows, values, col, ctx) -> dict:
    s = _sums(prepared, ctx).loc[rows]
    return {"sum": [yuan(c) for c in s["cent_sum"]], "total": [yuan(c) for c in s["total"]],
            "relation": [_MORE if o else _LESS for o in s["amount_over"]]}


# -- CX372: 付款金额 = 付款比例 × 协议金额 -------------------------------------------------------
def _expected(df: pd.DataFrame, ctx) -> pd.Series:
    a = agreements_of(df, ctx)
    if a is None or "ratio" not in df:
        return pd.Series(pd.NA, index=df.index, dtype="Int64")
    return share_of(ratio_units(df["ratio"]), a["total"])


def _amount_matches(df: pd.DataFrame, ctx) -> pd.Series:
    expected = _expected(df, ctx)
    amount = cents(df["amount"])
    return ~(amount != expected).fillna(False).astype(bool)


def _share_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    a = agreements_of(sub, ctx)
    return {"ratio": sub["ratio__text"].fillna("").astype(str).tolist(),
            "total": [yuan(c) for c in a["total"]],
            "expected": [yuan(c) for c in _expected(sub, ctx)]}


# -- CX373: the final instalment after the 验收确认书 ---------------------------------------------
def _acceptance_paid_after_confirmation(df: pd.DataFrame, ctx) -> pd.Series:
    a = agreements_of(df, ctx)
    if a is None or not bool(a["has_confirmed"].all()) or "paid" not in df:
        return pd.Series(True, index=df.index)
    paid = pd.to_datetime(df["paid"], errors="coerce").dt.normalize()
    accept = (df["condition"] == ON_ACCEPTANCE).fillna(False).astype(bool)
    confirmed = a["confirmed"].dt.normalize()
    bad = accept & a["found"] & paid.notna() & (confirmed.isna() | (paid < confirmed))
    return ~bad.fillna(False).astype(bool)


def _confirmation_fields(prepared, rows, values, col, ctx) -> dict:
    a = agreements_of(prepared.loc[rows], ctx)
    return {"confirmed": [Both(f"早于协议的确认书签署日期 {d:%Y-%m-%d}", f"before the agreement's confirmation "
                                                                f"was signed on {d:%Y-%m-%d}")
                          if pd.notna(d) else Both(",但协议尚无确认书签署日期", "while the agreement has no signed "
                                                                      "acceptance confirmation")
                          for d in a["confirmed"]]}


_P03_WHY = ("指南三(二)(P-03):按协议分阶段付款,如签约付50%、验收后付50%(示例,比例本身不检查)。"
            "同一协议(合作项目 + 合作伙伴)各期的付款比例合计不得超过100%(有一期未填比例时,按付款金额与协议金额比较);"
            "列出验收款后合计须正好100%。金额按分、比例按精确小数计算(0.1 + 0.2 = 0.3),不用浮点近似。",
            "Guide 三(二) (P-03): partners are paid in stages as the agreement says, e.g. 50% on signing and "
            "50% after acceptance (an example: the split itself is not checked). One agreement's (joint project + "
            "partner) shares add up to no more than 100% (when an instalment has no share, the amounts are compared "
            "with the agreement's amount), and to exactly 100% once the acceptance instalment is listed. Amounts in "
            "whole cents, shares as exact decimals (0.1 + 0.2 = 0.3), never float approximations.")

TABLE = Table(
    key="partner_payments",
    number=None,
    section="三(二)",
    title=("合作付款登记表", "Partner payments"),
    sheet=("合作付款", "Partner payments"),
    purpose=(
        "向合作伙伴的每一期付款:付款条件(签约 / 验收)、比例与金额、发票与付款日期。按 合作项目 + 合作伙伴 "
        "对应合作协议登记表中的协议:各期合计不超过协议金额,验收款在验收确认书签署后支付,凭发票付款。",
        "Each instalment paid to a partner: its condition (on signing / on acceptance), share and amount, "
        "invoice and payment date. Matched to its agreement by joint project + partner: the instalments add up "
        "to no more than the agreement, the final one is paid after the acceptance confirmation, against an invoice.",
    ),
    columns=(
        Col("合作项目", "project", "Joint project", required=True, ffill=True, width=16,
            hint=("与合作协议登记表的合作项目一致", "As the joint project of the agreement"),
            aka=("项目名称", "合作项目名称", "项目")),
        Col("合作伙伴", "partner", "Partner", required=True, ffill=True, width=14,
            hint=("与合作协议登记表的合作伙伴一致", "As the partner of the agreement"),
            aka=("合作方", "合作单位", "收款单位", "收款方", "乙方")),
        Col("期次", "instalment", "Instalment", required=True, width=8,
            hint=("如 第1期", "e.g. 第1期"),
            aka=("付款期次", "分期", "期数", "付款批次")),
        Col("付款条件", "condition", "Condition", Kind.CHOICE, required=True, width=10,
            choices=(ON_SIGNING, ON_ACCEPTANCE, "其他"), en_choices=("on signing", "on acceptance", "other"),
            hint=("签约 / 验收 / 其他;验收款须在验收确认书签署后支付",
                  "签约 / 验收 / 其他; an acceptance instalment is paid after the confirmation is signed"),
            aka=("付款节点", "付款阶段", "付款方式")),
        Col("付款比例", "ratio", "Share", Kind.PERCENT, width=10,
            hint=("占协议金额的比例,如 50%", "The share of the agreement amount, e.g. 50%"),
            aka=("比例", "支付比例", "付款百分比")),
        Col("付款金额", "amount", "Amount", Kind.NUMBER, required=True, min=0, min_exclusive=True, width=12,
            hint=("本期金额(元),须等于付款比例 × 协议金额(精确到分)",
                  "This instalment (yuan); equals share × agreement amount, to the cent"),
            aka=("支付金额", "本期金额", "本期付款金额", "应付金额")),
        Col("发票号码", "invoice", "Invoice no.", width=14, required_if="paid",
            hint=("已付款的须填写发票号码", "Required once paid"),
            aka=("发票号", "发票编号")),
        Col("付款日期", "paid", "Paid on", Kind.DATE, width=12,
            hint=("实际付款日期;验收款不早于确认书签署日期",
                  "When it was paid; an acceptance instalment not before the confirmation"),
            aka=("支付日期", "实际付款日期", "付款时间")),
    ),
    rules=(
        Rule("CX371", ERROR, "ratio", _ratios_add_up, fields=_ratio_fields,
             name="instalments-do-not-add-up",
             title=("各期付款合计与协议不符", "Instalments do not add up to the agreement"),
             message=("本协议各期付款比例合计 {sum},{relation} 100%",
                      "This agreement's instalments add up to {sum}, {relation} 100%"),
             bad=({"期次": "第1期", "付款条件": "签约", "付款比例": "60%", "付款金额": "48000", "付款日期": "2024-05-08",
                   "发票号码": "FP20240508"},
                  {"期次": "第2期", "付款条件": "验收", "付款比例": "50%", "付款金额": "40000", "付款日期": "2024-06-04",
                   "发票号码": "FP20240604"}),
             good=({"期次": "第1期", "付款条件": "签约", "付款比例": "50%", "付款金额": "40000", "付款日期": "2024-05-08",
                    "发票号码": "FP20240508"},
                   {"期次": "第2期", "付款条件": "验收", "付款比例": "50%", "付款金额": "40000", "付款日期": "2024-06-04",
                    "发票号码": "FP20240604"}),
             with_tables=(("partner_agreements", ({},)),),
             why=_P03_WHY),
        Rule("CX371", ERROR, "amount", _amounts_add_up, fields=_amount_fields,
             name="instalments-do-not-add-up",
             title=("各期付款合计与协议不符", "Instalments do not add up to the agreement"),
             message=("本协议各期付款金额合计 {sum} 元,{relation}协议金额 {total} 元",
                      "This agreement's instalments add up to {sum} yuan, {relation} the agreement's {total} yuan"),
             bad=({"期次": "第1期", "付款条件": "签约", "付款比例": "", "付款金额": "40000", "付款日期": "2024-05-08",
                   "发票号码": "FP20240508"},
                  {"期次": "第2期", "付款条件": "验收", "付款比例": "", "付款金额": "39999.99", "付款日期": "2024-06-04",
                   "发票号码": "FP20240604"}),
             good=({"期次": "第1期", "付款条件": "签约", "付款比例": "", "付款金额": "40000", "付款日期": "2024-05-08",
                    "发票号码": "FP20240508"},
                   {"期次": "第2期", "付款条件": "验收", "付款比例": "", "付款金额": "40000.00", "付款日期": "2024-06-04",
                    "发票号码": "FP20240604"}),
             with_tables=(("partner_agreements", ({},)),),
             why=_P03_WHY),
        Rule("CX372", ERROR, "amount", _amount_matches, fields=_share_fields,
             name="amount-not-share-of-agreement",
             title=("付款金额不等于比例×协议金额", "Amount is not the share of the agreement"),
             message=("付款金额「{value}」不等于付款比例 {ratio} × 协议金额 {total} 元 = {expected} 元",
                      "The amount \"{value}\" is not the share {ratio} × the agreement's {total} yuan = {expected} yuan"),
             bad=({"付款比例": "50%", "付款金额": "45000"},),
             good=({"付款比例": "50%", "付款金额": "40000"},),
             with_tables=(("partner_agreements", ({},)),),
             why=("指南三(二)(P-03):按协议约定的比例付款。付款金额须等于 付款比例 × 协议金额,四舍五入到分"
                  "(33.33% × 100,000.00 = 33,330.00);比例或协议金额未填时不检查。",
                  "Guide 三(二) (P-03): pay the share the agreement sets. The amount equals share × the agreement's "
                  "amount, rounded to the cent (33.33% × 100,000.00 = 33,330.00); not checked without either.")),
        Rule("CX373", ERROR, "paid", _acceptance_paid_after_confirmation, fields=_confirmation_fields,
             name="acceptance-paid-before-confirmation",
             title=("验收款早于验收确认书支付", "Acceptance instalment paid before the confirmation"),
             message=("验收款付款日期「{value}」{confirmed}", "The acceptance instalment was paid on \"{value}\", {confirmed}"),
             bad=({"付款条件": "验收", "付款比例": "100%", "付款金额": "80000", "付款日期": "2024-06-01",
                   "发票号码": "FP20240601"},),
             good=({"付款条件": "验收", "付款比例": "100%", "付款金额": "80000", "付款日期": "2024-06-04",
                    "发票号码": "FP20240604"},),
             with_tables=(("partner_agreements", ({"确认书签署日期": "2024-06-03"},)),),
             why=("指南三(二)(P-10):最终验收通过、签署《验收确认书》后,再支付验收款(尾款)。付款条件为“验收”且已付款的一期,"
                  "付款日期不得早于对应协议(合作协议登记表中 合作项目 + 合作伙伴 相同的第一行)的确认书签署日期;协议没有"
                  "确认书签署日期也算。",
                  "Guide 三(二) (P-10): the final (acceptance) instalment is paid only after the acceptance confirmation "
                  "is signed. A paid 验收 instalment is not dated before its agreement's (the first agreements row with "
                  "the same joint project + partner) confirmation date, and needs one.")),
        Rule("CX374", ERROR, "partner", _has_agreement, fields=_pair_fields,
             name="payment-without-an-agreement",
             title=("付款找不到合作协议", "Payment without an agreement"),
             message=("合作协议登记表中没有 合作项目「{project}」+ 合作伙伴「{value}」的协议",
                      "The agreements list no joint project \"{project}\" with partner \"{value}\""),
             bad=({"合作伙伴": "D设计工作室"},),
             good=({"合作伙伴": "A广告公司"},),
             with_tables=(("partner_agreements", ({},)),),
             why=("每笔合作付款都应有对应的合作协议(指南三(二):签订合作协议,约定费用结算)。按 合作项目 + 合作伙伴"
                  "(统一全角半角、去掉空格、合并单元格向下填充)在合作协议登记表中查找;工作簿中没有合作协议登记表时不检查。",
                  "Every partner payment has its agreement (guide 三(二): an agreement sets the payment terms). Looked up "
                  "by joint project + partner (full-/half-width unified, spaces removed, merged cells filled down) in the "
                  "agreements; skipped when the workbook has none.")),
    ),
    clean={"合作项目": "新品宣传推广", "合作伙伴": "A广告公司", "期次": "第1期", "付款条件": "签约", "付款比例": "50%",
           "付款金额": "40000", "发票号码": "FP20240508", "付款日期": "2024-05-08"},
    examples=(),
    key_columns=("project", "partner", "instalment", "amount"),   # recognised when these are all found
)
