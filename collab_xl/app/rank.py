"""``collab-xl rank``: the quarterly supplier ranking and one 整改通知书 per supplier below 80.

``build(reports, quarter, ctx, lang)`` turns validate Reports (one per workbook; their evaluation
rows and 供应商名录 categories are pooled) into a renderer-neutral
:class:`~collab_xl.core.output.Result`: the JSON document of interfaces.md, the sheet
``供应商排名 <quarter>`` (ranking, score chart with the threshold line, score trend over every
quarter in the data) and the ``整改通知书-<supplier>`` sheets. It does no file I/O, so the Excel
script 供应商季度排名 renders the same Result into the open workbook.

``run(paths, quarter, opts)`` reads and validates every workbook once (folders are searched for
.xlsx/.xlsm/.xls), builds, writes with ``--out`` / ``--in-place`` and shows a table on screen.
With several workbooks, ``--out`` writes a copy of the first workbook read, with the result
sheets added; ``--in-place`` is refused (which of the user's files would change is not obvious).

The scoring rules live in :mod:`collab_xl.core.ranking`. The consecutive-quarter rule is an
assumption of this product: the guide is cut off after "…发出《整改通知书》,连".
"""
from __future__ import annotations

import contextlib
import re
import textwrap
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from collab_xl.app.common import Options, Outcome
from collab_xl.catalog import Context
from collab_xl.catalog.supplier_directory import CATEGORIES
from collab_xl.catalog.supplier_evaluation import DIMENSIONS
from collab_xl.core import ranking as rk
from collab_xl.core.calendar import WorkCalendar
from collab_xl.core.output import ChartSpec, Result, SheetOut
from collab_xl.cells.parse import parse_quarters
from collab_xl.core.validate import Report
from collab_xl.errors import UserError
from collab_xl.i18n import Messages, norm_lang

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
    "not_found": ("找不到文件或文件夹:{path}", "File or folder not found: {path}"),
    "no_files": ("没有找到可读取的 Excel 工作簿(.xlsx/.xlsm/.xls):{paths}",
                 "No Excel workbook (.xlsx/.xlsm/.xls) to read: {paths}"),
    "none_read": ("{n} 个文件都无法使用:{reasons}", "None of the {n} files could be used: {reasons}"),
    "in_place_many": ("读取多个工作簿时不能用 --in-place(不清楚该改写哪一个);请用 --out,结果写入第一个工作簿的副本",
                      "--in-place cannot be used with several workbooks (which one would change?); use --out: "
                      "the results go into a copy of the first workbook"),
    "out_is_input": ("--out 不能是输入的工作簿之一:{name}", "--out cannot be one of the input workbooks: {name}"),
    # -- notes --------------------------------------------------------------------------------
    "skip_output": ("已跳过 collab-xl 用 --out 生成的结果文件(其中的评估是另一文件的副本;直接写出文件名即可包含):{name}",
                    "Skipped a result file collab-xl wrote with --out (its evaluations copy another file's; "
                    "name the file itself to include it): {name}"),
    "skip_backup": ("已跳过 --in-place 留下的备份文件:{name}", "Skipped a backup left by --in-place: {name}"),
    "skip_file": ("已跳过 {name}:{reason}", "Skipped {name}: {reason}"),
    "excluded": ("{n} 行评估因得分、季度或供应商名称有错误(或得分超出满分)未计入:{rows}。运行 collab-xl validate 查看。",
                 "{n} evaluation rows were left out for errors in a score, the quarter or the supplier (or a "
                 "score above its maximum): {rows}. Run collab-xl validate to see them."),
    "duplicates": ("{n} 行评估与另一行的季度、供应商和评估人都相同(重复录入,或同一份数据读了两次?),均已计入平均。",
                   "{n} evaluation rows repeat the quarter, supplier and evaluator of another row (entered "
                   "twice, or the same data read twice?); all were averaged in."),
    "progress": ("读取工作簿", "Reading workbooks"),
    # -- the ranking sheet ----------------------------------------------------------------------
    "sheet": ("供应商排名 {quarter}", "Supplier ranking {quarter}"),
    "notice_prefix": ("整改通知书", "Rectification"),
    "title": ("供应商季度排名 — {quarter}(共 {n} 家,{below} 家低于 {threshold} 分需整改;制表日期 {today})",
              "Quarterly supplier ranking — {quarter} ({n} suppliers, {below} below {threshold} need "
              "rectification; {today})"),
    "header": ("排名|供应商名称|供应商类别|评估次数|{quality}|{delivery}|{service}|{price}|{solving}|综合得分|较上季度|评估结果"
               "|连续低于{threshold}分(季度)|处理建议",
               "Rank|Supplier|Class|Evaluations|{quality}|{delivery}|{service}|{price}|{solving}|Score|Change"
               "|Result|Quarters below {threshold} in a row|Recommendation"),
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
                  "问题解决能力 {solving});每行得分为五项之和,季度得分为该季度各评估人得分的平均值,四舍五入保留两位小数,"
                  "排名与是否低于 {threshold} 分均按此分数判定。",
                  "Score: out of 100 (quality {quality}, delivery {delivery}, service {service}, price {price}, "
                  "problem solving {solving}); a row scores the sum of its five, a quarter the mean over its "
                  "evaluators, rounded half up to two decimals; the ranking and the {threshold}-point test use "
                  "that score."),
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

REPLACES = ("供应商排名", "整改通知书", "Supplier ranking", "Rectification")
SUFFIXES = {".xlsx", ".xlsm", ".xls"}
OUTPUT_PROPERTY = "collab-xl-output"     # custom document property of files written with --out
PROGRESS_MIN = 3                          # a progress bar from more than this many files
SCORE_FORMAT = "0.00"
CHANGE_FORMAT = "+0.00;-0.00;0.00"
SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
NOTICE_WIDTH = {"zh": 84, "en": 92}       # display columns of a notice line (CJK counts 2)


# -- small helpers ------------------------------------------------------------------------------
def _num(x: float) -> str:
    """17.5 → "17.5", 23.0 → "23", 17.333 → "17.33"."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _pct(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _date_text(d, lang: str) -> str:
    return d.isoformat() if lang == "en" else f"{d.year}年{d.month}月{d.day}日"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, lang: str, width: int | None = None) -> list[str]:
    """Break a paragraph into printable lines: English at spaces; Chinese between characters,
    never inside a run of Latin letters and digits (a date, a number, a quarter)."""
    width = width or NOTICE_WIDTH[lang]
    if lang == "en":
        return textwrap.wrap(text, width) or [""]
    lines, line = [], ""
    for tok in re.findall(r"[A-Za-z0-9.\-/:%+_]+|.", text):
        if line and _width(line + tok) > width and tok not in ",。、;:)”》":
            lines.append(line)
            line = tok
        else:
            line += tok
    return lines + [line] if line or not lines else lines


def sheet_name(prefix: str, name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name "<prefix>-<name>": at most 31 characters, none of
    []:*?/\\, no apostrophe at either end, unique ignoring case among ``taken``."""
    base = f"{prefix}-{SHEET_BAD.sub('_', name)}".strip("'")[:31].rstrip("'")
    candidate, k = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        tail = f"({k})"
        candidate = base[:31 - len(tail)].rstrip("'") + tail
        k += 1
    taken.add(candidate)
    return candidate


def _fmt_threshold(t: float) -> str:
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


# -- gathering the rows of every report ---------------------------------------------------------
def gather(reports: list[Report], maxima: dict[str, float]) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, bool]:
    """(usable rows, excluded rows, categories, found an evaluation table).

    Rows carry file, sheet, row (Excel row), quarter, supplier, the five scores and evaluator.
    Categories: supplier → 供应商类别, the first listing of every 供应商名录 read.
    """
    used, left, cats = [], [], []
    found = False
    cols = ["quarter", "supplier", *DIMENSIONS, "evaluator"]
    for rep in reports:
        for tr in rep.results:
            key = tr.table.key
            if key == "supplier_evaluation":
                found = True
                p = tr.prepared
                if not len(p):
                    continue
                out = rk.excluded_mask(p, tr.findings, maxima)
                frame = p[cols].assign(file=rep.file, sheet=tr.sheet, row=p.index.astype("int64"))
                used.append(frame[~out])
                left.append(frame[out])
            elif key == "supplier_directory":
                p = tr.prepared
                # a class outside the list (CX104) is still what the user wrote: show it, not 未登记
                cat = p["category"].fillna(p["category__text"])
                cats.append(pd.DataFrame({"supplier": p["supplier"], "category": cat}).dropna())
    empty = pd.DataFrame(columns=["file", "sheet", "row", *cols])
    rows = pd.concat(used, ignore_index=True) if used else empty
    excluded = pd.concat(left, ignore_index=True) if left else empty
    if cats:
        c = pd.concat(cats, ignore_index=True).drop_duplicates("supplier", keep="first")
        categories = pd.Series(c["category"].astype(object).values, index=c["supplier"].astype(object).values)
    else:
        categories = pd.Series(dtype=object)
    return rows, excluded, categories, found


def resolve_quarter(quarter: str | None, available: list[str]) -> str:
    """The quarter asked for (any form parse_quarters reads) or the latest in the data."""
    if quarter is None or str(quarter).strip() == "":
        return available[-1]
    q = parse_quarters(pd.Series([str(quarter)], dtype="string")).iloc[0]
    if pd.isna(q):
        raise UserError(M("bad_quarter", "zh", value=quarter), M("bad_quarter", "en", value=quarter))
    if q not in available:
        raise UserError(M("no_quarter", "zh", quarter=q, available="、".join(available)),
                        M("no_quarter", "en", quarter=q, available=", ".join(available)))
    return q


def _rows_text(frame: pd.DataFrame, many_files: bool, limit: int = 10) -> str:
    where = [(f"{f}:" if many_files else "") + f"{s}!{r}" for f, s, r in zip(frame["file"], frame["sheet"], frame["row"])]
    return ", ".join(where[:limit]) + (" …" if len(where) > limit else "")


# -- the Result ---------------------------------------------------------------------------------
def build(reports: list[Report] | Report, quarter: str | None, ctx: Context, lang: str = "zh") -> Result:
    """The ranking of ``quarter`` (None: the latest in the data) over every report's evaluation
    rows, as a renderer-neutral Result. Raises UserError when there is nothing to rank."""
    from collab_xl.config import Config
    lang = norm_lang(lang)
    reports = [reports] if isinstance(reports, Report) else list(reports)
    config = ctx.config if ctx.config is not None else Config.default()
    rc = config.ranking
    maxima = rc.weights.as_dict()
    threshold = float(rc.threshold)
    thr = _fmt_threshold(threshold)
    files = [r.file for r in reports]
    many = len(files) > 1

    rows, excluded, categories, found = gather(reports, maxima)
    if not found:
        names = ", ".join(files)
        raise UserError(M("no_eval", "zh", names=names), M("no_eval", "en", names=names))
    if not len(rows):
        raise UserError(M("no_rows", "zh", excluded=len(excluded)), M("no_rows", "en", excluded=len(excluded)))
    available = rk.sorted_quarters(rows["quarter"])
    q = resolve_quarter(quarter, available)
    ranking = rk.rank_quarter(rows, q, categories, threshold, rc.consecutive_for_removal)
    t = ranking.table

    cal = WorkCalendar.from_config(config)
    deadline = cal.add_workdays(ctx.today, rc.reply_workdays)

    notes = []
    if len(excluded):
        notes.append(M("excluded", lang, n=len(excluded), rows=_rows_text(excluded, many)))
    dup = rows.duplicated(["quarter", "supplier", "evaluator"], keep=False)
    if dup.any():
        notes.append(M("duplicates", lang, n=int(dup.sum())))
    uncovered = cal.uncovered_years([ctx.today, deadline])
    if uncovered:
        from collab_xl.core.calendar import M as CAL_M
        notes.append(CAL_M("fallback", lang, years=M("list_sep", lang).join(map(str, uncovered))))

    def recommendation(action: str, n: int, category) -> str:
        if action == rk.REMOVE:
            key = "remove_backup" if category == CATEGORIES[2] else rk.REMOVE
            return M(key, lang, n=n, threshold=thr)
        return M(action, lang)

    recs = [recommendation(a, int(n), c) for a, n, c in zip(t["action"], t["consecutive_below"], t["category"])]

    # Notice sheets, in ranking order.
    name_rank = M("sheet", lang, quarter=q)
    taken = {name_rank}
    notice_names = {s: sheet_name(M("notice_prefix", lang), s, taken) for s in t.loc[t["below"], "supplier"]}

    def clean(v):
        return None if pd.isna(v) else float(v)

    suppliers = [{
        "rank": int(r.rank), "supplier": r.supplier, "category": r.category,
        "evaluations": int(r.evaluations), "score": float(r.score),
        "dimensions": {d: float(getattr(r, d)) for d in DIMENSIONS},
        "change": clean(r.change), "rectification": bool(r.below),
        "consecutive_below": int(r.consecutive_below), "recommendation": rec, "action": r.action,
    } for r, rec in zip(t.itertuples(index=False), recs)]
    doc = {
        "file": ", ".join(files),
        **({"files": files} if many else {}),
        "quarter": q,
        "today": ctx.today.isoformat(),
        "quarters": ranking.quarters,
        "threshold": threshold,
        "weights": maxima,
        "consecutive_for_removal": rc.consecutive_for_removal,
        "excluded_rows": int(len(excluded)),
        "excluded": [{"file": f, "sheet": s, "row": int(r)}
                     for f, s, r in zip(excluded["file"], excluded["sheet"], excluded["row"])],
        "suppliers": suppliers,
        "notices": [{"supplier": s, "sheet": n, "date": ctx.today.isoformat(), "reply_by": deadline.isoformat()}
                    for s, n in notice_names.items()],
        "notes": notes,
    }
    sheets = [ranking_sheet(ranking, recs, notice_names, name_rank, maxima, rc, files, notes, ctx, lang)]
    sheets += [notice_sheet(row, ranking, notice_names[row.supplier], maxima, threshold, rc.reply_workdays,
                            deadline, ctx, lang)
               for row in t[t["below"]].itertuples(index=False)]
    return Result(doc=doc, sheets=sheets, marks=None, replaces=REPLACES, exit_code=0)


def ranking_sheet(ranking: rk.Ranking, recs: list[str], notice_names: dict[str, str], name: str,
                  maxima: dict[str, float], rc, files: list[str], notes: list[str], ctx: Context,
                  lang: str) -> SheetOut:
    t = ranking.table
    thr = _fmt_threshold(ranking.threshold)
    dims = {d: M("dim_header", lang, name=M(d, lang), top=_fmt_threshold(maxima[d])) for d in DIMENSIONS}
    header = M("header", lang, threshold=thr, **dims).split("|")
    trend_quarters = ranking.quarters if len(ranking.quarters) >= 2 else []
    trend = ranking.trend.reindex(index=list(t["supplier"]), columns=trend_quarters)
    header += trend_quarters
    none = M("no_change", lang)
    rows = []
    for i, r in enumerate(t.itertuples(index=False)):
        row = [int(r.rank), r.supplier, category_text(r.category, lang), int(r.evaluations),
               *[float(getattr(r, d)) for d in DIMENSIONS], float(r.score),
               none if pd.isna(r.change) else float(r.change),
               M("rectify" if r.below else "pass", lang), int(r.consecutive_below), recs[i]]
        row += [None if pd.isna(v) else float(v) for v in trend.iloc[i]] if trend_quarters else []
        rows.append(row)
    base = 14
    formats = {j: SCORE_FORMAT for j in range(4, 10)} | {10: CHANGE_FORMAT}
    formats |= {base + k: SCORE_FORMAT for k in range(len(trend_quarters))}
    widths = [6, 26, 12, 8, 11, 11, 11, 11, 12, 10, 10, 10, 12, 64] + [10] * len(trend_quarters)
    weights = {d: _fmt_threshold(maxima[d]) for d in DIMENSIONS}
    footer = [[M("foot_rule", lang, threshold=thr, **weights)], [M("foot_ties", lang, threshold=thr)],
              [M("foot_assumption", lang, n=rc.consecutive_for_removal)]]
    if trend_quarters:
        footer.append([M("foot_trend", lang, first=trend_quarters[0], last=trend_quarters[-1])])
    footer += [[n] for n in notes]
    footer.append([M("foot_sources", lang, files=M("list_sep", lang).join(files))])
    # Charts under the footer, side by side (the renderers put the title in row 1, the header in
    # row 3, the rows from row 4 and the footer one blank row below them).
    chart_row = 3 + len(rows) + 2 + len(footer) + 1
    charts = [ChartSpec(kind="bar", title=M("chart_scores", lang, quarter=ranking.quarter), categories=1,
                        series=[9], line=ranking.threshold, line_label=M("chart_line", lang, threshold=thr),
                        anchor=f"A{chart_row}", y_title=M("chart_y", lang))]
    if trend_quarters:
        charts.append(ChartSpec(kind="line", title=M("chart_trend", lang), categories=1,
                                series=list(range(base, base + len(trend_quarters))),
                                anchor=f"H{chart_row}", y_title=M("chart_y", lang), by_rows=True))
    below = int(t["below"].sum())
    return SheetOut(
        name=name,
        title=M("title", lang, quarter=ranking.quarter, n=len(t), below=below, threshold=thr,
                today=ctx.today.isoformat()),
        header=header, rows=rows, widths=widths,
        links=[(notice_names[s], "A1") if s in notice_names else None for s in t["supplier"]], link_col=1,
        number_formats=formats, charts=charts, footer=footer, landscape=True)


def notice_sheet(r, ranking: rk.Ranking, name: str, maxima: dict[str, float], threshold: float,
                 reply_workdays: int, deadline, ctx: Context, lang: str) -> SheetOut:
    thr = _fmt_threshold(threshold)
    means = pd.Series({d: getattr(r, d) for d in DIMENSIONS})
    weak = rk.weakest(means, maxima)
    cut = threshold / 100.0
    rows = [
        [M("n_supplier", lang), r.supplier, category_text(r.category, lang)],
        [M("n_quarter", lang), ranking.quarter, M("n_evals", lang, n=int(r.evaluations))],
        [M("n_score", lang), float(r.score), M("n_gap", lang, threshold=thr, gap=_num(threshold - r.score))],
        [M("n_change", lang), *([M("no_change", lang), M("n_no_prev", lang)] if pd.isna(r.change)
                               else [f"{r.change:+.2f}", ""])],
        [M("n_run", lang), M("n_run_value", lang, n=int(r.consecutive_below)), ""],
    ]
    for i, (d, w) in enumerate(weak.iterrows(), start=1):
        share = _pct(w["share"])
        remark = (M("n_weak", lang, share=share, pct=_pct(cut)) if w["share"] < cut - 1e-12
                  else M("n_share", lang, share=share))
        rows.append([M("n_dim", lang, i=i, name=M(d, lang)), f"{_num(w['mean'])}/{_num(w['max'])}", remark])
    rows += [
        [M("n_date", lang), _date_text(ctx.today, lang), ""],
        [M("n_deadline", lang), _date_text(deadline, lang), M("n_deadline_note", lang, n=reply_workdays)],
    ]
    weakest_two = M("list_sep", lang).join(M(d, lang) for d in list(weak.index[:2]))
    paragraphs = [
        M("n_body_to", lang, supplier=r.supplier),
        M("n_body_rule", lang),
        M("n_body_score", lang, quarter=ranking.quarter, score=_num(r.score), threshold=thr),
        M("n_body_plan", lang, weak=weakest_two, deadline=_date_text(deadline, lang)),
        "",
        M("n_sign_us", lang, today=_date_text(ctx.today, lang)),
        "",
        M("n_sign_them", lang),
    ]
    footer = [[line] for p in paragraphs for line in (wrap(p, lang) if p else [""])]
    return SheetOut(name=name, title=M("n_title", lang), header=M("n_header", lang).split("|"), rows=rows,
                    widths=[22, 30, 44], number_formats={1: SCORE_FORMAT}, footer=footer, landscape=False)


# -- files --------------------------------------------------------------------------------------
def is_our_output(path: Path) -> bool:
    """A workbook collab-xl wrote with --out carries the custom document property
    ``collab-xl-output``; read from docProps/custom.xml without opening the sheets."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "docProps/custom.xml" not in zf.namelist():
                return False
            return f'name="{OUTPUT_PROPERTY}"'.encode() in zf.read("docProps/custom.xml")
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def collect_files(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The workbooks named or found under folders (recursively: .xlsx/.xlsm/.xls, not ~$ lock
    files, hidden files, --in-place backups or our own --out results), each once; and the
    files skipped as (message key, name)."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if not p.exists():
            raise UserError(M("not_found", "zh", path=p), M("not_found", "en", path=p))
        if not p.is_dir():
            files.append(p)
            continue
        for f in sorted(p.rglob("*")):
            if not f.is_file() or f.suffix.lower() not in SUFFIXES or f.name.startswith(("~$", ".")):
                continue
            if f.stem.endswith(".bak"):
                skipped.append(("skip_backup", str(f)))
            elif is_our_output(f):
                skipped.append(("skip_output", str(f)))
            else:
                files.append(f)
    seen, unique = set(), []
    for f in files:
        k = f.resolve()
        if k not in seen:
            seen.add(k)
            unique.append(f)
    if not unique:
        shown = ", ".join(map(str, paths))
        raise UserError(M("no_files", "zh", paths=shown), M("no_files", "en", paths=shown))
    return unique, skipped


def display_names(files: list[Path]) -> list[str]:
    names = [f.name for f in files]
    return names if len(set(names)) == len(names) else [str(f) for f in files]


def mark_output(wb) -> None:
    """Tag a workbook written with --out so that a later folder run does not count it twice."""
    from openpyxl.packaging.custom import StringProperty
    if OUTPUT_PROPERTY not in wb.custom_doc_props.names:
        wb.custom_doc_props.append(StringProperty(name=OUTPUT_PROPERTY, value="rank"))


def run(paths: list[Path] | Path, quarter: str | None, opts: Options) -> Outcome:
    from collab_xl.app.validate import load
    lang = opts.lang
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files, skipped = collect_files(paths)
    if opts.in_place and len(files) > 1:
        raise UserError(M("in_place_many", "zh"), M("in_place_many", "en"))
    if opts.out is not None:
        out = Path(opts.out).resolve()
        for f in files:
            if f.resolve() == out:
                raise UserError(M("out_is_input", "zh", name=f.name), M("out_is_input", "en", name=f.name))
    config = opts.config()
    notes = [M(k, lang, name=n) for k, n in skipped]
    skipped_doc = [{"file": n, "reason": M(k, lang, name=n)} for k, n in skipped]
    names = dict(zip(files, display_names(files)))
    reports, read = [], []
    progress = contextlib.nullcontext(None)
    if len(files) > PROGRESS_MIN and not opts.quiet:
        from rich.console import Console
        from rich.progress import Progress
        progress = Progress(console=Console(stderr=True), transient=True)
    with progress as bar:
        task = bar.add_task(M("progress", lang), total=len(files)) if bar is not None else None
        for f in files:
            try:
                _, report = load(f, opts, config)
            except UserError as e:
                if len(files) == 1:
                    raise
                reason = e.text(lang)
                notes.append(M("skip_file", lang, name=names[f], reason=reason))
                skipped_doc.append({"file": names[f], "reason": reason})
            else:
                report.file = names[f]
                reports.append(report)
                read.append(f)
            if bar is not None:
                bar.advance(task)
    if not reports:
        reasons = "; ".join(s["reason"] for s in skipped_doc)
        raise UserError(M("none_read", "zh", n=len(files), reasons=reasons),
                        M("none_read", "en", n=len(files), reasons=reasons))
    result = build(reports, quarter, opts.context(config), lang)
    doc = result.doc
    doc["notes"] = notes + doc["notes"]
    if skipped_doc:
        doc["skipped"] = skipped_doc
    written = []
    if opts.writes:
        from collab_xl.io.xlsx_out import XlsxSession
        session = XlsxSession(read[0], notices=opts.notices)
        session.write(result)
        if opts.out is not None:
            mark_output(session.wb)
        written.append(session.save(out=opts.out, in_place=opts.in_place))
        doc["written"] = [str(p) for p in written]
    return Outcome(doc=doc, exit_code=result.exit_code, written=written, notices=list(opts.notices),
                   renderer=render, view=(doc, opts))


def render(con, doc: dict, opts: Options) -> None:
    from rich.table import Table as RichTable
    from rich.text import Text
    lang = opts.lang
    thr = _fmt_threshold(doc["threshold"])
    below = sum(s["rectification"] for s in doc["suppliers"])
    con.print(M("summary", lang, quarter=doc["quarter"], n=len(doc["suppliers"]), below=below, threshold=thr,
                files=doc["file"]), style="bold", markup=False)
    t = RichTable(show_lines=False)
    for h in M("screen_header", lang).split("|"):
        t.add_column(h, overflow="fold")
    for s in doc["suppliers"]:
        change = M("no_change", lang) if s["change"] is None else f"{s['change']:+.2f}"
        t.add_row(str(s["rank"]), Text(s["supplier"]), Text(category_text(s["category"], lang)),
                  str(s["evaluations"]), f"{s['score']:.2f}", change,
                  M("rectify" if s["rectification"] else "pass", lang), str(s["consecutive_below"]),
                  Text(s["recommendation"]),
                  style="red" if s["rectification"] else None)
    con.print(t)
    if doc["notices"]:
        con.print(M("notices", lang, n=len(doc["notices"]), deadline=doc["notices"][0]["reply_by"]))
    for n in doc["notes"]:
        con.print(n, style="yellow", markup=False)
    for p in doc.get("written", []):
        con.print(M("written", lang, path=p), markup=False)
