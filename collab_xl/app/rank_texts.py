"""The texts of ``collab-xl rank``: one Messages catalog (refusals, notes, the ranking sheet, the
整改通知书, the screen) and the small formatters that turn numbers, dates and 供应商类别 into
the words the sheets and the screen show.

The texts of finding workbooks in folders (not found, skipped backups and --out results) live
with that job in :mod:`collab_xl.io.workbook_files`.
"""
from __future__ import annotations

import pandas as pd

from collab_xl.catalog.supplier_directory import CATEGORIES
from collab_xl.core import ranking as rk
from collab_xl.core.output import NOTICE_PREFIX, RANKING_PREFIX
from collab_xl.i18n import Messages

M = Messages({
    # -- refusals -----------------------------------------------------------------------------
    "no_eval": ("没有找到供应商评估表(按表头识别:评估季度、供应商名称、五项得分、评估人),无法排名:{names}",
                "No supplier evaluation table was found (by its header: quarter, supplier, the five scores, "
                "evaluator), so there is nothing to rank: {names}"),
    "no_rows": ("供应商评估表中没有可计分的行({excluded} 行因得分、季度或供应商名称有错误未计入;"
                "请先用 collab-xl validate 查看并修正)",
                "The supplier evaluation tables hold no row that can be scored ({excluded} rows left out for "
                "errors in a score, the quarter or the supplier; run collab-xl validate to see and fix them)"),
    "bad_quarter": ("--quarter 无法识别:{value}(请写成 2024Q2、2024-Q2、2024年第2季度 或 2024年Q2)",
                    "--quarter cannot be read: {value} (write 2024Q2, 2024-Q2, 2024年第2季度 or 2024年Q2)"),
    "no_quarter": ("{quarter} 没有可计分的评估数据;数据中的季度有:{available}",
                   "There is no scorable evaluation for {quarter}; the quarters in the data are: {available}"),
    "none_read": ("{n} 个文件都无法使用:{reasons}", "None of the {n} files could be used: {reasons}"),
    "in_place_many": ("读取多个工作簿时不能用 --in-place(不清楚该改写哪一个);请用 --out,结果写入第一个工作簿的副本",
                      "--in-place cannot be used with several workbooks (which one would change?); use --out: "
                      "the results go into a copy of the first workbook"),
    "out_is_input": ("--out 不能是输入的工作簿之一:{name}", "--out cannot be one of the input workbooks: {name}"),
    # -- notes --------------------------------------------------------------------------------
    "skip_file": ("已跳过 {name}:{reason}", "Skipped {name}: {reason}"),
    "excluded": ("{n} 行评估因得分、季度或供应商名称有错误(或得分超出满分)未计入:{rows}。运行 collab-xl validate 查看。",
                 "{n} evaluation rows were left out for errors in a score, the quarter or the supplier (or a "
                 "score above its maximum): {rows}. Run collab-xl validate to see them."),
    "wrong_total": ("{n} 行评估的总分有误(与五项之和不符或无法识别),已按五项得分之和计入:{rows}。请修正总分。",
                    "{n} evaluation rows have a wrong total (not the sum of the five, or unreadable); they count "
                    "with the sum of their five scores: {rows}. Please correct the totals."),
    "duplicates": ("{n} 行评估与另一行的季度、供应商和评估人都相同(重复录入,或同一份数据读了两次?),均已计入平均。",
                   "{n} evaluation rows repeat the quarter, supplier and evaluator of another row (entered "
                   "twice, or the same data read twice?); all were averaged in."),
    "progress": ("读取工作簿", "Reading workbooks"),
    "unrounded": ("{supplier} 的季度得分为 {exact} 分(未四舍五入),{verdict};四舍五入保留两位小数为 {rounded},"
                  "但合格线按未四舍五入的分数判定,故显示 {exact}。",
                  "{supplier} scores {exact} (unrounded), {verdict}; rounded to two decimals that is {rounded}, "
                  "but the threshold is tested on the unrounded score, so {exact} is shown."),
    "unrounded_below": ("低于合格线 {threshold} 分,需整改", "below the threshold of {threshold}: rectification"),
    "unrounded_pass": ("不低于合格线 {threshold} 分,合格", "not below the threshold of {threshold}: pass"),
    # -- the ranking sheet ----------------------------------------------------------------------
    "sheet": (RANKING_PREFIX[0] + " {quarter}", RANKING_PREFIX[1] + " {quarter}"),
    "notice_prefix": NOTICE_PREFIX,
    "title": ("供应商季度排名 — {quarter}(共 {n} 家,{below} 家低于 {threshold} 分需整改;制表日期 {today})",
              "Quarterly supplier ranking — {quarter} ({n} suppliers, {below} below {threshold} need "
              "rectification; {today})"),
    "header": ("排名|供应商名称|供应商类别|评估次数|{quality}|{delivery}|{service}|{price}|{solving}|综合得分|较上季度|评估结果"
               "|连续低于{threshold}分(季度)|处理建议",
               "Rank|Supplier|Class|Evaluations|{quality}|{delivery}|{service}|{price}|{solving}|Score|Change"
               "|Result|Quarters below {threshold} in a row|Recommendation"),
    # -- a scorecard that is not the guide's ([scorecard] in collab-xl.toml, issue 12) ----------
    "header_card": ("排名|供应商名称|供应商类别|评估次数|{dims}|综合得分|较上季度|评估结果"
                    "|连续低于{threshold}分(季度)|处理建议",
                    "Rank|Supplier|Class|Evaluations|{dims}|Score|Change"
                    "|Result|Quarters below {threshold} in a row|Recommendation"),
    "header_card_month": ("排名|供应商名称|供应商类别|评估次数|{dims}|综合得分|较上月|评估结果"
                     "|连续低于{threshold}分(月)|处理建议",
                     "Rank|Supplier|Class|Evaluations|{dims}|Score|Change"
                     "|Result|Months below {threshold} in a row|Recommendation"),
    "grade": ("等级", "Grade"),
    rk.REMOVE + "_month": ("连续{n}个月低于{threshold}分,建议移出供应商名录或降为备用供应商",
                           "{n} months in a row below {threshold}: remove from the directory or demote to backup"),
    "remove_backup_month": ("连续{n}个月低于{threshold}分,已是备用供应商,建议移出供应商名录",
                            "{n} months in a row below {threshold}, already backup: remove from the directory"),
    "foot_assumption_month": ("注意:“连续低于合格线的月数”及“移出名录/降为备用”的建议是本工具的假设(连续 {n} 个月起建议,可配置)。"
                              "缺少评估的月份会中断连续计数。",
                              "Note: \"months below in a row\" and the removal/demotion recommendation are this tool's "
                              "assumption (from {n} months on, configurable). A month without evaluations breaks the run."),
    "no_grade": ("—", "—"),
    "bad_month": ("--quarter 无法识别为月份:{value}(评分按月进行,请写成 2024-05 或 2024年5月)",
                  "--quarter cannot be read as a month: {value} (the scorecard is monthly: write 2024-05 or 2024年5月)"),
    "title_month": ("供应商月度排名 — {quarter}(共 {n} 家,{below} 家低于 {threshold} 分需整改;制表日期 {today})",
                    "Monthly supplier ranking — {quarter} ({n} suppliers, {below} below {threshold} need "
                    "rectification; {today})"),
    "summary_month": ("{quarter} 供应商月度排名:{n} 家供应商,{below} 家低于 {threshold} 分需整改(数据:{files})",
                      "Monthly supplier ranking {quarter}: {n} suppliers, {below} below {threshold} need rectification "
                      "(data: {files})"),
    "screen_header_month": ("排名|供应商|类别|次数|得分|较上月|结果|连续低于|处理建议",
                            "Rank|Supplier|Class|Evals|Score|Change|Result|Below in a row|Recommendation"),
    "foot_rule_card": ("评分:满分 100 分({dims});每行得分为各项之和,{period}得分为该{period}各评估人得分的平均值,四舍五入保留两位小数"
                       "并按此排名;是否低于 {threshold} 分按未四舍五入的平均值判定(四舍五入会越过合格线时,显示未四舍五入的分数)。",
                       "Score: out of 100 ({dims}); a row scores the sum of its dimensions, a {period} the mean over its "
                       "evaluators, rounded half up to two decimals and ranked so; the {threshold}-point test uses the "
                       "unrounded mean (where rounding would cross the line, the unrounded score is shown)."),
    "foot_grades": ("等级:{bands}。", "Grades: {bands}."),
    "grade_band": ("{grade} ≥ {low} 分", "{grade} ≥ {low}"),
    "period_quarter": ("季度", "quarter"),
    "period_month": ("月", "month"),
    # a monthly scorecard's refusals, notes and notice: months, not quarters
    "no_eval_month": ("没有找到供应商评分表(按表头识别:评估月份、供应商名称、[scorecard] 的各项得分),无法排名:{names}",
                      "No supplier scorecard was found (by its header: month, supplier, the [scorecard]'s scores), "
                      "so there is nothing to rank: {names}"),
    "no_eval_card": ("没有找到供应商评分表(按表头识别:评估季度、供应商名称、[scorecard] 的各项得分),无法排名:{names}",
                     "No supplier scorecard was found (by its header: quarter, supplier, the [scorecard]'s scores), "
                     "so there is nothing to rank: {names}"),
    "no_rows_month": ("供应商评分表中没有可计分的行({excluded} 行因得分、月份或供应商名称有错误未计入;"
                      "请先用 collab-xl validate 查看并修正)",
                      "The supplier scorecards hold no row that can be scored ({excluded} rows left out for "
                      "errors in a score, the month or the supplier; run collab-xl validate to see and fix them)"),
    "no_quarter_month": ("{quarter} 没有可计分的评估数据;数据中的月份有:{available}",
                         "There is no scorable evaluation for {quarter}; the months in the data are: {available}"),
    "excluded_month": ("{n} 行评估因得分、月份或供应商名称有错误(或得分超出满分)未计入:{rows}。运行 collab-xl validate 查看。",
                       "{n} evaluation rows were left out for errors in a score, the month or the supplier (or a "
                       "score above its maximum): {rows}. Run collab-xl validate to see them."),
    "duplicates_month": ("{n} 行评估与另一行的月份、供应商和评估人都相同(重复录入,或同一份数据读了两次?),均已计入平均。",
                         "{n} evaluation rows repeat the month, supplier and evaluator of another row (entered "
                         "twice, or the same data read twice?); all were averaged in."),
    "unrounded_month": ("{supplier} 的月度得分为 {exact} 分(未四舍五入),{verdict};四舍五入保留两位小数为 {rounded},"
                        "但合格线按未四舍五入的分数判定,故显示 {exact}。",
                        "{supplier} scores {exact} for the month (unrounded), {verdict}; rounded to two decimals that "
                        "is {rounded}, but the threshold is tested on the unrounded score, so {exact} is shown."),
    "n_run_month": ("连续低于合格线", "Months below in a row"),
    # the guide scores every quarter; a monthly scorecard quotes only its rule on the notice
    "n_body_rule_month": ("我方按月对供应商进行综合评分(满分100分)。根据《企业内外部沟通协作交流指南》三(三)步骤5:"
                          "“评分低于80分的供应商发出《整改通知书》”。",
                          "We give each supplier an overall score (out of 100 points) every month. The collaboration "
                          "guide, section III (3), step 5 (regular evaluation and optimization): \"… suppliers scoring "
                          "below 80 points are sent a Rectification Notice\"."),
    "foot_trend_month": ("右侧 {first}–{last} 各列为各月综合得分(空白 = 该月无评估)。",
                         "The columns {first}–{last} on the right hold each month's score (blank = not evaluated)."),
    "chart_trend_month": ("各月综合得分", "Score by month"),
    "n_quarter_month": ("评估月份", "Month"),
    "n_score_month": ("月度综合得分", "Monthly score"),
    "n_change_month": ("较上月", "Change on last month"),
    "n_no_prev_month": ("上月无评估", "not evaluated last month"),
    "n_run_value_month": ("{n} 个月", "{n}"),
    "n_body_score_month": ("贵司 {quarter} 月度综合得分为 {score} 分,低于合格线 {threshold} 分,特此通知。",
                           "Your overall score for {quarter} is {score}, below the threshold of {threshold}; we hereby "
                           "notify you."),
    "dim_header": ("{name}({top})", "{name} ({top})"),
    "quality": ("产品质量", "Quality"),
    "delivery": ("交付及时性", "Delivery"),
    "service": ("服务态度", "Service"),
    "price": ("价格合理性", "Price"),
    "solving": ("问题解决能力", "Problem solving"),
    "pass": ("合格", "Pass"),
    "rectify": ("需整改", "Rectify"),
    "unlisted": ("未登记", "not listed"),
    "no_change": ("—", "—"),
    rk.KEEP: ("保持合作", "Keep"),
    rk.NOTICE: ("发出《整改通知书》,要求提交书面整改计划",
                "Send a rectification notice; ask for a written plan"),
    rk.REMOVE: ("连续{n}个季度低于{threshold}分,建议移出供应商名录或降为备用供应商",
                "{n} quarters in a row below {threshold}: remove from the directory or demote to backup"),
    "remove_backup": ("连续{n}个季度低于{threshold}分,已是备用供应商,建议移出供应商名录",
                      "{n} quarters in a row below {threshold}, already backup: remove from the directory"),
    "chart_scores": ("{quarter} 供应商综合得分", "Supplier scores {quarter}"),
    "chart_line": ("合格线 {threshold} 分", "Threshold {threshold}"),
    "chart_trend": ("各季度综合得分", "Score by quarter"),
    "chart_y": ("得分", "Score"),
    "foot_rule": ("评分:满分 100 分(产品质量 {quality}、交付及时性 {delivery}、服务态度 {service}、价格合理性 {price}、"
                  "问题解决能力 {solving});每行得分为五项之和,季度得分为该季度各评估人得分的平均值,四舍五入保留两位小数"
                  "并按此排名;是否低于 {threshold} 分按未四舍五入的平均值判定(四舍五入会越过合格线时,显示未四舍五入的分数)。",
                  "Score: out of 100 (quality {quality}, delivery {delivery}, service {service}, price {price}, "
                  "problem solving {solving}); a row scores the sum of its five, a quarter the mean over its "
                  "evaluators, rounded half up to two decimals and ranked so; the {threshold}-point test uses the "
                  "unrounded mean (where rounding would cross the line, the unrounded score is shown)."),
    "foot_ties": ("得分相同者并列同一名次,下一名次顺延(如 1、2、2、4);并列者按供应商名称排列。得分低于 {threshold} 分"
                  "(不含 {threshold} 分)为需整改,并生成《整改通知书》。",
                  "Equal scores share a rank and the next rank skips (1, 2, 2, 4); ties are listed by supplier "
                  "name. A score below {threshold} (strictly) needs rectification and gets a rectification notice."),
    "foot_assumption": ("注意:“连续低于合格线的季度数”及“移出名录/降为备用”的建议是本工具的假设(连续 {n} 个季度起建议,可配置)——"
                        "指南原文在“评分低于80分的供应商发出《整改通知书》,连”处截断,之后的规则未知。缺少评估的季度会中断连续计数。",
                        "Note: \"quarters below in a row\" and the removal/demotion recommendation are this tool's "
                        "assumption (from {n} quarters on, configurable): the guide's text breaks off in mid-sentence "
                        "right after \"suppliers scoring below 80 points are sent a Rectification Notice\", and the "
                        "rule that followed is unknown. A quarter without evaluations breaks the run."),
    "foot_trend": ("右侧 {first}–{last} 各列为各季度综合得分(空白 = 该季度无评估)。",
                   "The columns {first}–{last} on the right hold each quarter's score (blank = not evaluated)."),
    "foot_sources": ("数据来源:{files}", "Data: {files}"),
    # -- the notice -----------------------------------------------------------------------------
    "n_title": ("整改通知书", "Rectification notice"),
    "n_header": ("项目|内容|说明", "Item|Content|Remarks"),
    "n_supplier": ("供应商", "Supplier"),
    "n_quarter": ("评估季度", "Quarter"),
    "n_evals": ("评估 {n} 次,取平均分", "evaluations: {n}, averaged"),
    "n_score": ("季度综合得分", "Quarterly score"),
    "n_gap": ("合格线 {threshold} 分,差 {gap} 分", "Threshold {threshold}, {gap} short"),
    "n_change": ("较上季度", "Change on last quarter"),
    "n_no_prev": ("上季度无评估", "not evaluated last quarter"),
    "n_run": ("连续低于合格线", "Quarters below in a row"),
    "n_run_value": ("{n} 个季度", "{n}"),
    "n_dim": ("{i}. {name}", "{i}. {name}"),
    "n_share": ("得分率 {share}", "{share} of the maximum"),
    "n_weak": ("得分率 {share},低于 {pct}", "{share} of the maximum, below {pct}"),
    "n_date": ("通知日期", "Notice date"),
    "n_deadline": ("回复期限", "Reply by"),
    "n_deadline_note": ("通知日期后第 {n} 个工作日(按法定节假日与调休计)",
                        "working day {n} after the notice date (public holidays and adjusted working days counted)"),
    "n_body_to": ("{supplier}:", "To {supplier}:"),
    "n_body_rule": ("根据《企业内外部沟通协作交流指南》三(三)步骤5:“每季度对供应商进行综合评分(满分100分)……"
                    "评分低于80分的供应商发出《整改通知书》”。",
                    "The collaboration guide, section III (3), step 5 (regular evaluation and optimization): \"Every quarter, give each supplier an "
                    "overall score (out of 100 points) … suppliers scoring below 80 points are sent a "
                    "Rectification Notice\"."),
    "n_body_score": ("贵司 {quarter} 季度综合得分为 {score} 分,低于合格线 {threshold} 分,特此通知。",
                     "Your overall score for {quarter} is {score}, below the threshold of {threshold}; we hereby "
                     "notify you."),
    "n_body_plan": ("请针对上表中得分率最低的项目({weak})分析原因,制定书面整改计划(问题原因、整改措施、责任人、"
                    "完成时间),并于{deadline}前书面回复我方采购部。",
                    "Please analyse the causes of the weakest items above ({weak}) and send our purchasing "
                    "department a written rectification plan (causes, measures, person responsible, completion "
                    "date) by {deadline}."),
    "n_sign_us": ("发文单位(盖章):____________________    经办人:______________    日期:{today}",
                  "Issued by (seal): ____________________    Handled by: ______________    Date: {today}"),
    "n_sign_them": ("供应商回执(签字/盖章):____________________    日期:______________",
                    "Received by the supplier (signature/seal): ____________________    Date: ______________"),
    "list_sep": ("、", ", "),
    # -- the screen ----------------------------------------------------------------------------
    "summary": ("{quarter} 供应商排名:{n} 家供应商,{below} 家低于 {threshold} 分需整改(数据:{files})",
                "Supplier ranking {quarter}: {n} suppliers, {below} below {threshold} need rectification "
                "(data: {files})"),
    "screen_header": ("排名|供应商|类别|次数|得分|较上季度|结果|连续低于|处理建议",
                      "Rank|Supplier|Class|Evals|Score|Change|Result|Below in a row|Recommendation"),
    "notices": ("整改通知书 {n} 份,回复期限 {deadline}", "Rectification notices: {n}, reply by {deadline}"),
    "written": ("已写入:{path}", "Written: {path}"),
})

# -- formatters ---------------------------------------------------------------------------------
def period_key(key: str, period: str) -> str:
    """``key``, or its monthly variant (``key_month``) for a monthly scorecard when there is one."""
    return f"{key}_month" if period == "month" and f"{key}_month" in M.texts else key


def MP(key: str, lang: str, period: str, **fields) -> str:
    """The text of ``key``, its monthly variant (``key_month``) for a monthly scorecard."""
    return M(period_key(key, period), lang, **fields)



def num(x: float, decimals: int = 2) -> str:
    """17.5 → "17.5", 23.0 → "23", 17.333 → "17.33" (``decimals`` = 6: 79.995 → "79.995")."""
    return f"{x:.{decimals}f}".rstrip("0").rstrip(".")


def score_text(x: float, decimals: int = 2) -> str:
    """A score as shown: two decimals ("80.00"), or as many as it has (up to 6) when it is an
    unrounded mean shown because rounding would cross the threshold ("79.995")."""
    two = f"{x:.{decimals}f}"
    if abs(float(two) - x) < 1e-9:
        return two
    return f"{x:.6f}".rstrip("0")


def pct(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def date_text(d, lang: str) -> str:
    return d.isoformat() if lang == "en" else f"{d.year}年{d.month}月{d.day}日"


def fmt_threshold(t: float) -> str:
    return f"{t:g}"


def category_text(category, lang: str) -> str:
    """供应商类别 as shown: the Chinese value in zh, its English label in en (the JSON keeps the
    value as the user wrote it)."""
    if category is None or (not isinstance(category, str) and pd.isna(category)):
        return M("unlisted", lang)
    if lang == "en":
        from collab_xl.catalog import TABLES
        col = TABLES["supplier_directory"].col("category")
        return dict(zip(col.choices, col.en_choices)).get(category, category)
    return category


def recommendation(action: str, n: int, category, threshold: str, lang: str, period: str = "quarter") -> str:
    """处理建议 of one supplier: keep, send a notice, or remove (a backup supplier: remove only)."""
    if action == rk.REMOVE:
        key = "remove_backup" if category == CATEGORIES[2] else rk.REMOVE
        return MP(key, lang, period, n=n, threshold=threshold)
    return M(action, lang)
