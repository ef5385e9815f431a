"""供应商评估表 — guide 三(三) 步骤4–5 (named, not printed; the columns are ours, tables.md).

Scores: 产品质量30分、交付及时性25分、服务态度20分、价格合理性15分、问题解决能力10分, 满分100分.
"""
import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, Col, Kind, Rule, Table
from collab_xl.catalog.purchase_orders import in_directory
from collab_xl.cells.parse import period_bounds

DIMENSIONS = ("quality", "delivery", "service", "price", "solving")


SCORE_AKA = {   # synonyms of the five dimensions (issue 12, docs/recognition.md)
    "quality": ("质量", "质量得分", "产品质量得分", "quality_score"),
    "delivery": ("交付", "交付得分", "准时交付", "交付及时率", "delivery_score", "on_time_delivery"),
    "service": ("服务", "服务得分", "service_score"),
    "price": ("价格", "价格得分", "price_score"),
    "solving": ("问题解决", "问题处理能力", "solving_score"),
}


def _score(header, name, en, top):
    return Col(header, name, en, Kind.NUMBER, required=True, min=0, max=top, max_from=name, width=11,
               aliases=(header.split("(")[0] + f"({top}分)",), hint=(f"0–{top} 分", f"0–{top} points"),
               aka=SCORE_AKA.get(name, ()))


GRACE_DAYS = 45        # [limits] evaluation_grace_days (tables-2.md: 45, ours)


def grace_days(ctx) -> int:
    """Days after a quarter's last day an evaluation of it is still on time (CX263)."""
    limits = getattr(getattr(ctx, "config", None), "limits", None)
    return int(limits.evaluation_grace_days) if limits is not None else GRACE_DAYS


def _in_quarter(df: pd.DataFrame, ctx) -> pd.Series:
    # tables-2.md, "CX263 grace after the quarter": evaluating just after the quarter is normal;
    # a warning only before its first day or more than evaluation_grace_days after its last.
    ok = pd.Series(True, index=df.index)
    both = df["quarter"].notna() & df["date"].notna()   # an unreadable quarter is CX112's business
    if both.any():
        b = period_bounds(df.loc[both, "quarter"])      # a quarter, or a scorecard's month
        d = df.loc[both, "date"].dt.normalize()
        last = b["end"] + pd.Timedelta(days=grace_days(ctx))
        ok[both] = ~((d < b["start"]) | (d > last))
    return ok


def scored(ctx) -> list[str]:
    """The score columns in use: a configured scorecard's ([scorecard] dimensions), else the five."""
    config = getattr(ctx, "config", None)
    return list(config.score_maxima()) if hasattr(config, "score_maxima") else list(DIMENSIONS)


def _unused(config) -> tuple[str, ...]:
    return tuple(d for d in DIMENSIONS if d not in config.score_maxima()) if hasattr(config, "score_maxima") else ()


def _total_ok(df: pd.DataFrame, ctx) -> pd.Series:
    dims = scored(ctx)
    return df["total"].isna() | df[dims].isna().any(axis=1) | ((df["total"] - df[dims].sum(axis=1)).abs() < 0.01 + 1e-9)


def _parts(prepared, rows, values, col, ctx) -> dict:
    n = len(scored(ctx))
    return {"parts": ("五项", "five") if n == 5 else (f"{n} 项", str(n))}


def _grace(prepared, rows, values, col, ctx) -> dict:
    return {"grace": grace_days(ctx)}


TABLE = Table(
    key="supplier_evaluation",
    number=None,
    section="三(三)",
    title=("供应商评估表", "Supplier evaluation"),
    sheet=("供应商评估表", "Supplier evaluation"),
    purpose=(
        "每季度对供应商综合评分(满分100分:产品质量30、交付及时性25、服务态度20、价格合理性15、问题解决能力10);低于80分发出《整改通知书》。",
        "Quarterly supplier score out of 100 (quality 30, delivery 25, service 20, price 15, problem "
        "solving 10); below 80 a rectification notice is sent.",
    ),
    columns=(
        Col("评估季度", "quarter", "Quarter", Kind.QUARTER, required=True, width=12,
            hint=("如 2024Q2、2024年第2季度", "e.g. 2024Q2, 2024年第2季度"),
            aka=("季度", "考核季度", "评估期间")),
        Col("供应商名称", "supplier", "Supplier", required=True, width=22, hint=("须与供应商名录一致", "As in the supplier directory"),
            aka=("供应商", "供应商全称", "vendor", "supplier_name")),
        _score("产品质量(30)", "quality", "Quality (30)", 30),
        _score("交付及时性(25)", "delivery", "Delivery (25)", 25),
        _score("服务态度(20)", "service", "Service (20)", 20),
        _score("价格合理性(15)", "price", "Price (15)", 15),
        _score("问题解决能力(10)", "solving", "Problem solving (10)", 10),
        Col("总分", "total", "Total", Kind.NUMBER, width=8, hint=("五项之和,可留空", "Sum of the five; may be blank"),
            aka=("总得分", "综合得分", "合计", "total_score", "score")),
        Col("评估人", "evaluator", "Evaluator", required=True, width=10,
            aka=("评分人", "考核人", "评价人", "rater")),
        Col("评估日期", "date", "Evaluation date", Kind.DATE, width=12,
            aka=("评分日期", "考核日期")),
        Col("备注", "note", "Remarks", width=18,
            aka=("备注说明", "remark", "notes")),
    ),
    rules=(
        Rule("CX261", ERROR, "supplier", in_directory("supplier"),
             name="evaluated-supplier-not-in-directory",
             title=("供应商不在名录中", "Supplier not in the directory"),
             message=("「{value}」不在本工作簿的供应商名录中", "\"{value}\" is not in this workbook's supplier directory"),
             bad=({"供应商名称": "未登记的公司"},), good=({"供应商名称": "福州闽星办公用品有限公司"},),
             why=("评估对象须为名录中的供应商。", "Only suppliers of the directory are evaluated.")),
        Rule("CX262", ERROR, "total", _total_ok, fields=_parts,
             title=("总分不等于五项之和", "Total is not the sum"),
             message=("总分「{value}」不等于{parts}得分之和", "The total \"{value}\" is not the sum of the {parts} scores"),
             bad=({"产品质量": "28", "交付及时性": "23", "服务态度": "18", "价格合理性": "13", "问题解决能力": "9", "总分": "92"},),
             good=({"产品质量": "28", "交付及时性": "23", "服务态度": "18", "价格合理性": "13", "问题解决能力": "9", "总分": "91"},),
             why=("指南三(三)步骤5:满分100分,由五项组成。排名按五项之和计分:总分有误的行仍计入排名,并在排名结果中注明。",
                  "Guide 三(三) step 5: 100 points made of five parts. The ranking scores the sum of the five: a row "
                  "with a wrong total still counts, and the ranking names it.")),
        Rule("CX263", WARNING, "date", _in_quarter, fields=_grace,
             title=("评估日期不在评估季度内", "Evaluation date outside its quarter"),
             message=("评估日期「{value}」早于所评季度,或晚于季度结束 {grace} 天以上",
                      "The evaluation date \"{value}\" is before the quarter evaluated, or more than {grace} days after its end"),
             bad=({"评估季度": "2024Q2", "评估日期": "2024-08-15"}, {"评估季度": "2024Q2", "评估日期": "2024-03-28"}),
             good=({"评估季度": "2024Q2", "评估日期": "2024-08-14"}, {"评估季度": "2024Q2", "评估日期": "2024-04-01"}),
             why=("每季度评估一次;季度结束后不久评估是常态:评估日期早于该季度,或晚于季度最后一天超过 "
                  "evaluation_grace_days(默认 45)天时警告。",
                  "One evaluation a quarter; evaluating just after the quarter ends is normal: a warning when "
                  "the date is before the quarter, or more than evaluation_grace_days (45) after its last day.")),
    ),
    clean={"评估季度": "2024Q2", "供应商名称": "福州闽星办公用品有限公司", "产品质量": "28", "交付及时性": "23",
           "服务态度": "18", "价格合理性": "13", "问题解决能力": "9", "总分": "91", "评估人": "林工", "评估日期": "2024-06-28", "备注": ""},
    examples=(
        {"评估季度": "2024Q2", "供应商名称": "福州闽星办公用品有限公司", "产品质量": "28", "交付及时性": "23",
         "服务态度": "18", "价格合理性": "13", "问题解决能力": "9", "总分": "91", "评估人": "采购部-林工", "评估日期": "2024-06-28"},
    ),
    unused=_unused,     # score columns a configured scorecard leaves out ([scorecard], docs/ranking.md)
    key_columns=("quarter", "supplier", "quality"),   # recognised when these are all found (docs/recognition.md)
)
