"""The sheets of ``collab-xl rank``: ``供应商排名 <quarter>`` (the ranking, a score chart with the
threshold line, the score trend over every quarter) and one ``整改通知书-<supplier>`` per
supplier below the threshold, as renderer-neutral :class:`~collab_xl.core.output.SheetOut`.

Columns are named by :func:`ranking_columns` (the dimensions scored: a configured scorecard's, else the
guide's five; a grade column when grade bands are configured); every position (number formats, chart series, the
link, the trend columns) is computed from that list, and the charts' row from the renderers'
layout (:data:`HEADER_ROW`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from collab_xl.app.rank_texts import MP, M, category_text, date_text, fmt_threshold, num, pct
from collab_xl.catalog.supplier_evaluation import DIMENSIONS
from collab_xl.core import ranking as rk
from collab_xl.core.output import RESULT_HEADER_ROW, RESULT_PREFIXES, ChartSpec, SheetOut, unique_sheet_name
from collab_xl.core.textwrap_cjk import wrap

if TYPE_CHECKING:
    from collab_xl.app.rank_model import Ranked

# Sheets a rank run replaces (by name or name prefix), in both languages.
REPLACES = RESULT_PREFIXES
SCORE_FORMAT = "0.00"
# the quarterly score: two decimals, more when the unrounded mean is shown (79.995: rounding
# would cross the threshold, tables-2.md) — a cell holding 91.5 shows 91.50, 79.995 shows 79.995
QUARTER_SCORE_FORMAT = "0.00######"
CHANGE_FORMAT = "+0.00;-0.00;0.00"
NOTICE_WIDTH = {"zh": 84, "en": 92}       # display columns of a notice line (CJK counts 2)

# -- the ranking sheet's columns, in the order of M("header"); then one column per trend quarter
def ranking_columns(dims=DIMENSIONS, graded: bool = False) -> tuple[str, ...]:
    """The ranking sheet's columns: the dimensions scored (a scorecard's, else the guide's five)
    and, with grade bands configured, the grade after the score."""
    return ("rank", "supplier", "category", "evaluations", *dims, "score", *(("grade",) if graded else ()),
            "change", "result", "consecutive_below", "recommendation")


WIDTHS = {"rank": 6, "supplier": 26, "category": 12, "evaluations": 8, "quality": 11, "delivery": 11,
          "service": 11, "price": 11, "solving": 12, "score": 10, "grade": 8, "change": 10, "result": 10,
          "consecutive_below": 12, "recommendation": 64}
TREND_WIDTH = 10
TREND_MIN_QUARTERS = 2                     # a trend (columns and chart) from this many quarters in the data

# -- where the renderers put a SheetOut (io/xlsx_out.py, excel/book_out.py): the title in row 1,
# the header in HEADER_ROW, the rows below it, the footer after one blank row.
HEADER_ROW = RESULT_HEADER_ROW
FOOTER_GAP = 1                             # blank rows between the last row and the footer
CHART_GAP = 1                              # blank rows between the footer and the charts
SCORE_CHART_COLUMN = "A"                   # the score chart, and the trend chart beside it
TREND_CHART_COLUMN = "H"

# -- the notice: three columns, the value in the middle
NOTICE_COLUMNS = ("item", "content", "remarks")
NOTICE_WIDTHS = [22, 30, 44]
NOTICE_VALUE = NOTICE_COLUMNS.index("content")
WEAK_NAMED = 2                             # the weakest items named in the notice's request


# -- sheet names --------------------------------------------------------------------------------
def sheet_name(prefix: str, name: str, taken: set[str]) -> str:
    """A valid Excel sheet name "<prefix>-<name>", unique ignoring case among ``taken`` (to which
    it is added): core.output.unique_sheet_name."""
    candidate = unique_sheet_name(f"{prefix}-{name}", taken)
    taken.add(candidate)
    return candidate


def sheet_names(quarter: str, below: list[str], lang: str) -> tuple[str, dict[str, str]]:
    """The ranking sheet's name and, for each supplier below the threshold (in ranking order),
    its notice sheet's name."""
    ranking = M("sheet", lang, quarter=quarter)
    taken = {ranking}
    prefix = M("notice_prefix", lang)
    return ranking, {s: sheet_name(prefix, s, taken) for s in below}


def sheets(r: Ranked, lang: str) -> list[SheetOut]:
    """The ranking sheet, then the notices in ranking order."""
    t = r.ranking.table
    return [ranking_sheet(r, lang)] + [notice_sheet(row, r, lang) for row in t[t["below"]].itertuples(index=False)]


# -- the ranking sheet --------------------------------------------------------------------------
def chart_row(n_rows: int, n_footer: int) -> int:
    """The sheet row of the charts: under the footer, after one blank row."""
    last_row = HEADER_ROW + n_rows
    first_footer = last_row + FOOTER_GAP + 1
    return first_footer + n_footer + CHART_GAP


def dim_name(r: Ranked, d: str, lang: str) -> str:
    """A dimension's name: the scorecard's, else the guide's in the user's language."""
    return r.label(d) or M(d, lang)


def ranking_sheet(r: Ranked, lang: str) -> SheetOut:
    ranking = r.ranking
    t = ranking.table
    thr = fmt_threshold(ranking.threshold)
    graded = r.grades is not None
    columns = ranking_columns(tuple(r.maxima), graded)
    col = {name: j for j, name in enumerate(columns)}        # column name → 0-based position
    trend_first = len(columns)                                 # the first trend quarter's column
    dims = {d: M("dim_header", lang, name=dim_name(r, d, lang), top=fmt_threshold(r.maxima[d])) for d in r.maxima}
    if r.card or r.period != "quarter":     # a scorecard's own dimensions or months
        header = MP("header_card", lang, r.period, threshold=thr, dims="|".join(dims.values())).split("|")
    else:                                   # the guide's five (the header earlier releases wrote too)
        header = M("header", lang, threshold=thr, **dims).split("|")
    if graded:
        header.insert(col["grade"], M("grade", lang))
    assert len(header) == len(columns)
    trend_quarters = ranking.quarters if len(ranking.quarters) >= TREND_MIN_QUARTERS else []
    trend = ranking.trend.reindex(index=list(t["supplier"]), columns=trend_quarters)
    header += trend_quarters
    none = M("no_change", lang)
    rows = []
    for i, row in enumerate(t.itertuples(index=False)):
        cells = {
            "rank": int(row.rank), "supplier": row.supplier, "category": category_text(row.category, lang),
            "evaluations": int(row.evaluations), **{d: float(getattr(row, d)) for d in r.maxima},
            "score": float(row.score), "change": none if pd.isna(row.change) else float(row.change),
            "grade": (r.grades[i] or M("no_grade", lang)) if graded else None,
            "result": M("rectify" if row.below else "pass", lang),
            "consecutive_below": int(row.consecutive_below), "recommendation": r.recommendations[i],
        }
        values = [cells[c] for c in columns]
        values += [None if pd.isna(v) else float(v) for v in trend.iloc[i]] if trend_quarters else []
        rows.append(values)
    trend_cols = list(range(trend_first, trend_first + len(trend_quarters)))
    formats = {col[c]: SCORE_FORMAT for c in (*r.maxima, "score")} | {col["change"]: CHANGE_FORMAT}
    formats |= {col["score"]: QUARTER_SCORE_FORMAT} | {j: QUARTER_SCORE_FORMAT for j in trend_cols}
    widths = [WIDTHS[c] for c in columns] + [TREND_WIDTH] * len(trend_quarters)
    if r.card:      # a scorecard that is not the guide's: its own dimensions and maxima
        parts = M("list_sep", lang).join(f"{dim_name(r, d, lang)} {fmt_threshold(top)}" for d, top in r.maxima.items())
        rule = M("foot_rule_card", lang, threshold=thr, dims=parts, period=M(f"period_{r.period}", lang))
    else:
        rule = M("foot_rule", lang, threshold=thr, **{d: fmt_threshold(r.maxima[d]) for d in DIMENSIONS})
    footer = [[rule], [M("foot_ties", lang, threshold=thr)]]
    if r.bands:
        bands = M("list_sep", lang).join(M("grade_band", lang, grade=g, low=fmt_threshold(low)) for g, low in r.bands)
        footer.append([M("foot_grades", lang, bands=bands)])
    footer.append([MP("foot_assumption", lang, r.period, n=r.consecutive_for_removal)])
    if trend_quarters:
        footer.append([MP("foot_trend", lang, r.period, first=trend_quarters[0], last=trend_quarters[-1])])
    footer += [[n] for n in r.notes]
    footer.append([M("foot_sources", lang, files=M("list_sep", lang).join(r.files))])
    row0 = chart_row(len(rows), len(footer))
    charts = [ChartSpec(kind="bar", title=M("chart_scores", lang, quarter=ranking.quarter),
                        categories=col["supplier"], series=[col["score"]], line=ranking.threshold,
                        line_label=M("chart_line", lang, threshold=thr), anchor=f"{SCORE_CHART_COLUMN}{row0}",
                        y_title=M("chart_y", lang))]
    if trend_quarters:
        charts.append(ChartSpec(kind="line", title=MP("chart_trend", lang, r.period), categories=col["supplier"],
                                series=trend_cols, anchor=f"{TREND_CHART_COLUMN}{row0}",
                                y_title=M("chart_y", lang), by_rows=True))
    below = int(t["below"].sum())
    return SheetOut(
        name=r.sheet,
        title=MP("title", lang, r.period, quarter=ranking.quarter, n=len(t), below=below, threshold=thr,
                today=r.today.isoformat()),
        header=header, rows=rows, widths=widths,
        links=[(r.notice_names[s], "A1") if s in r.notice_names else None for s in t["supplier"]],
        link_col=col["supplier"], number_formats=formats, charts=charts, footer=footer, landscape=True)


# -- the notice ---------------------------------------------------------------------------------
def notice_sheet(row, r: Ranked, lang: str) -> SheetOut:
    """The 整改通知书 of one supplier (``row`` of the ranking table)."""
    ranking, threshold, maxima = r.ranking, r.threshold, r.maxima
    thr = fmt_threshold(threshold)
    means = pd.Series({d: getattr(row, d) for d in maxima})
    weak = rk.weakest(means, maxima)
    cut = threshold / 100.0
    exact = float(row.exact)
    shown = num(row.score, 6 if row.score == exact else 2)     # 79.995 when it was shown unrounded
    gap = num(threshold - exact, 6) if row.score == exact else num(threshold - row.score)
    rows = [
        [M("n_supplier", lang), row.supplier, category_text(row.category, lang)],
        [MP("n_quarter", lang, r.period), ranking.quarter, M("n_evals", lang, n=int(row.evaluations))],
        [MP("n_score", lang, r.period), float(row.score), M("n_gap", lang, threshold=thr, gap=gap)],
        [MP("n_change", lang, r.period), *([M("no_change", lang), MP("n_no_prev", lang, r.period)] if pd.isna(row.change)
                                          else [f"{row.change:+.2f}", ""])],
        [MP("n_run", lang, r.period), MP("n_run_value", lang, r.period, n=int(row.consecutive_below)), ""],
    ]
    for i, (d, w) in enumerate(weak.iterrows(), start=1):
        share = pct(w["share"])
        remark = (M("n_weak", lang, share=share, pct=pct(cut)) if w["share"] < cut - 1e-12
                  else M("n_share", lang, share=share))
        rows.append([M("n_dim", lang, i=i, name=dim_name(r, d, lang)), f"{num(w['mean'])}/{num(w['max'])}", remark])
    rows += [
        [M("n_date", lang), date_text(r.today, lang), ""],
        [M("n_deadline", lang), date_text(r.deadline, lang), M("n_deadline_note", lang, n=r.reply_workdays)],
    ]
    weakest = M("list_sep", lang).join(dim_name(r, d, lang) for d in list(weak.index[:WEAK_NAMED]))
    paragraphs = [
        M("n_body_to", lang, supplier=row.supplier),
        MP("n_body_rule", lang, r.period),
        MP("n_body_score", lang, r.period, quarter=ranking.quarter, score=shown, threshold=thr),
        M("n_body_plan", lang, weak=weakest, deadline=date_text(r.deadline, lang)),
        "",
        M("n_sign_us", lang, today=date_text(r.today, lang)),
        "",
        M("n_sign_them", lang),
    ]
    footer = [[line] for p in paragraphs for line in (wrap(p, lang, NOTICE_WIDTH[lang]) if p else [""])]
    return SheetOut(name=r.notice_names[row.supplier], title=M("n_title", lang),
                    header=M("n_header", lang).split("|"), rows=rows, widths=list(NOTICE_WIDTHS),
                    number_formats={NOTICE_VALUE: QUARTER_SCORE_FORMAT}, footer=footer, landscape=False)
