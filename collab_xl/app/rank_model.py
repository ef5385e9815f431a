"""The ranking of one quarter over validated Reports, computed once: :func:`rank_reports` gives a
:class:`Ranked` that the JSON document (:mod:`collab_xl.app.rank_doc`) and the sheets
(:mod:`collab_xl.app.rank_sheets`) are both drawn from. No file I/O, no screen.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from collab_xl.app.rank_sheets import sheet_names
from collab_xl.app.rank_texts import MP, M, fmt_threshold, period_key, recommendation, score_text
from collab_xl.catalog import Context
from collab_xl.cells.parse import parse_months, parse_quarters
from collab_xl.core import ranking as rk
from collab_xl.core.calendar import WorkCalendar
from collab_xl.core.rank_rows import gather
from collab_xl.core.validate import Report
from collab_xl.i18n import Both

EXCLUDED_SHOWN = 10        # rows named in the note on excluded rows; more are "…"


@dataclass
class Ranked:
    """Everything the document and the sheets show of one ranking."""
    ranking: rk.Ranking          # the quarter's table (rank, supplier, scores, change, below, …)
    recommendations: list[str]   # 处理建议 per row of ranking.table
    files: list[str]             # the Reports' file names, in reading order
    excluded: pd.DataFrame       # rows left out: file, sheet, row, …
    wrong_total: pd.DataFrame    # rows counted from their five scores though their 总分 is wrong
    maxima: dict[str, float]     # dimension → its maximum (the weights)
    threshold: float
    consecutive_for_removal: int
    reply_workdays: int
    today: dt.date
    deadline: dt.date            # reply-by date of the notices
    notes: list[str]             # notes of the ranking itself (excluded rows, duplicates, calendar)
    sheet: str                   # the ranking sheet's name
    notice_names: dict[str, str]  # supplier below the threshold → its notice sheet, in ranking order
    names: dict[str, str | None] | None = None   # dimension → a scorecard's name (None: the guide's)
    grades: list[str | None] | None = None       # per row of ranking.table, when grade bands are configured
    bands: tuple[tuple[str, float], ...] = ()     # the grade bands (grade, lowest score), highest first
    period: str = "quarter"                       # "quarter", or "month" for a monthly scorecard

    @property
    def card(self) -> bool:
        """A scorecard that is not the guide's ([scorecard] dimensions)."""
        return any(n is not None for n in (self.names or {}).values())

    def label(self, d: str) -> str | None:
        """A dimension's scorecard name (None: the guide's, named in the user's language)."""
        return (self.names or {}).get(d)

    @property
    def many(self) -> bool:
        return len(self.files) > 1


def resolve_quarter(quarter: str | None, available: list[str], period: str = "quarter") -> str:
    """The quarter asked for (any form parse_quarters reads; a month for a monthly scorecard) or
    the latest in the data."""
    if quarter is None or str(quarter).strip() == "":
        return available[-1]
    read = parse_months if period == "month" else parse_quarters
    q = read(pd.Series([str(quarter)], dtype="string")).iloc[0]
    if pd.isna(q):
        raise M.error("bad_month" if period == "month" else "bad_quarter", value=quarter)
    if q not in available:
        raise M.error(period_key("no_quarter", period), quarter=q, available=Both("、".join(available), ", ".join(available)))
    return q


def rows_text(frame: pd.DataFrame, many_files: bool, limit: int = EXCLUDED_SHOWN) -> str:
    """Where rows are: "sheet!row", with "file:" in front when several files were read."""
    where = [(f"{f}:" if many_files else "") + f"{s}!{r}" for f, s, r in zip(frame["file"], frame["sheet"], frame["row"])]
    return ", ".join(where[:limit]) + (" …" if len(where) > limit else "")


def rank_reports(reports: list[Report], quarter: str | None, ctx: Context, lang: str) -> Ranked:
    """The ranking of ``quarter`` (None: the latest in the data) over every report's evaluation
    rows. Raises UserError when there is nothing to rank."""
    from collab_xl.config import Config
    config = ctx.config if ctx.config is not None else Config.default()
    rc = config.ranking
    dims = config.dimensions()                  # a scorecard's, else the guide's five (weights)
    maxima = {d: top for d, _, top in dims}
    card = config.scorecard
    threshold = float(rc.threshold)
    files = [r.file for r in reports]
    many = len(files) > 1

    rows, excluded, categories, found, wrong_total = gather(reports, maxima)
    if not found:
        names = ", ".join(files)
        plain = "no_eval_card" if card.dimensions else "no_eval"     # the guide's five, or the [scorecard]'s
        raise M.error("no_eval_month" if card.period == "month" else plain, names=names)
    if not len(rows):
        raise M.error(period_key("no_rows", card.period), excluded=len(excluded))
    q = resolve_quarter(quarter, rk.sorted_quarters(rows["quarter"]), card.period)
    ranking = rk.rank_quarter(rows, q, categories, threshold, rc.consecutive_for_removal, tuple(maxima))
    t = ranking.table

    cal = WorkCalendar.from_config(config)
    deadline = cal.add_workdays(ctx.today, rc.reply_workdays)

    notes = []
    thr = fmt_threshold(threshold)
    crossed = t[rk.rounding_crossed(t, threshold)]
    for row in crossed.itertuples(index=False):
        verdict = M("unrounded_below" if row.below else "unrounded_pass", lang, threshold=thr)
        notes.append(MP("unrounded", lang, card.period, supplier=row.supplier, exact=score_text(row.exact), verdict=verdict,
                       rounded=score_text(rk.round_half_up(row.exact))))
    if len(excluded):
        notes.append(MP("excluded", lang, card.period, n=len(excluded), rows=rows_text(excluded, many)))
    if len(wrong_total):
        notes.append(M("wrong_total", lang, n=len(wrong_total), rows=rows_text(wrong_total, many)))
    dup = rows.duplicated(["quarter", "supplier", "evaluator"], keep=False)
    if dup.any():
        notes.append(MP("duplicates", lang, card.period, n=int(dup.sum())))
    uncovered = cal.uncovered_years([ctx.today, deadline])
    if uncovered:
        from collab_xl.core.calendar import M as CAL_M
        notes.append(CAL_M("fallback", lang, years=M("list_sep", lang).join(map(str, uncovered))))

    recs = [recommendation(a, int(n), c, thr, lang, card.period)
            for a, n, c in zip(t["action"], t["consecutive_below"], t["category"])]
    sheet, notice_names = sheet_names(q, list(t.loc[t["below"], "supplier"]), lang)
    return Ranked(ranking=ranking, recommendations=recs, files=files, excluded=excluded,
                  wrong_total=wrong_total, maxima=maxima,
                  threshold=threshold, consecutive_for_removal=rc.consecutive_for_removal,
                  reply_workdays=rc.reply_workdays, today=ctx.today, deadline=deadline, notes=notes,
                  sheet=sheet, notice_names=notice_names,
                  names={d: name for d, name, _ in dims} if card.dimensions else None,
                  grades=[card.grade_of(e) for e in t["exact"]] if card.grades else None,
                  bands=card.grades, period=card.period)
