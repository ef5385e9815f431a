"""Quarterly supplier score and ranking (guide 三(三) 步骤5), pure and vectorized.

The guide: 每季度对供应商进行综合评分(满分100分,含产品质量30分、交付及时性25分、服务态度20分、
价格合理性15分、问题解决能力10分),评分低于80分的供应商发出《整改通知书》,连…

* A row's score is the sum of its five dimensions.
* A supplier's quarterly score is the mean over that quarter's rows for it (several evaluators),
  the dimension means likewise. The mean itself (``exact``, unrounded) is compared with the
  threshold (tables-2.md, "Threshold without rounding"): 79.99 and 80.00 average 79.995, below
  80. What is shown (``score``) is the mean rounded half up to two decimals, except where that
  rounding would cross the threshold (79.995 → 80.00): there the unrounded mean is shown, so the
  number a user sees is never on the other side of the line from the verdict. The shown score
  is ranked and compared with the previous quarter.
* Ranking: competition ranking (1, 2, 2, 4), highest score first; ties listed by supplier name.
* Strictly below the threshold (default 80; exactly 80 is not below) → rectification.
* ``consecutive_below``: quarters in a row, ending at the ranked quarter, whose score is below
  the threshold. A quarter without a score for the supplier breaks the run.
* Action: ``remove`` from ``consecutive_for_removal`` (default 2) quarters on — recommend removal
  from the 供应商名录 or demotion to 备用供应商; ``notice`` when below but fewer; else ``keep``.

**Assumption**: the consecutive-quarter rule and its recommendation are this product's, not the
guide's: the guide's text is cut off right after "…发出《整改通知书》,连". The rule that followed
is unknown; ``consecutive_for_removal`` in the configuration makes ours adjustable.

Nothing here reads files or knows a language: the caller passes frames and gets frames.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collab_xl.catalog.supplier_evaluation import DIMENSIONS
from collab_xl.cells.parse import period_range, period_sort_key, previous_period

# Columns whose ERROR findings keep a row out of the score (excluded_mask): the quarter, the supplier
# and the scores (the guide's five, or a configured scorecard's). Not the total (tables-2.md, "A wrong
# 总分 alone does not drop an evaluation"): the score is the sum of the dimensions, so a row whose 总分 is wrong (CX262) or unreadable still counts, scored
# from its dimensions, and the ranking names it (:func:`wrong_total_mask`).
TOTAL = "total"

KEEP, NOTICE, REMOVE = "keep", "notice", "remove"


def round_half_up(values, digits: int = 2):
    """Round half away from zero (四舍五入), not to even; works on Series and scalars."""
    scale = 10.0 ** digits
    v = np.asarray(values, dtype="float64")
    out = np.sign(v) * np.floor(np.abs(v) * scale + 0.5 + 1e-7) / scale
    if isinstance(values, pd.Series):
        return pd.Series(out, index=values.index)
    if isinstance(values, pd.DataFrame):
        return pd.DataFrame(out, index=values.index, columns=values.columns)
    return float(out)


def excluded_mask(prepared: pd.DataFrame, findings: pd.DataFrame,
                  maxima: dict[str, float] | None = None) -> pd.Series:
    """True for the evaluation rows (prepared index = Excel row) left out of the score.

    A row is left out when a finding of severity error points at its quarter, supplier or a
    score (not the total: see :func:`wrong_total_mask`); and, whatever the findings say, when one of those values is missing or
    a score lies outside 0..its configured maximum (``maxima``, the weights; its keys are the
    dimensions scored: a scorecard's, else the guide's five).
    """
    dims = list(maxima) if maxima else list(DIMENSIONS)
    idx = prepared.index
    bad = pd.Series(False, index=idx)
    if len(findings):
        f = findings
        hit = (f["severity"] == "error") & f["colname"].isin(["quarter", "supplier", *dims])
        bad |= idx.isin(pd.to_numeric(f.loc[hit, "row"]).astype("int64"))
    bad |= prepared[["quarter", "supplier", *dims]].isna().any(axis=1)
    scores = prepared[dims]
    bad |= (scores < 0).any(axis=1)
    if maxima:
        top = pd.Series({d: float(maxima[d]) for d in dims})
        bad |= scores.gt(top + 1e-9, axis=1).any(axis=1)
    return bad


EXACT_DIGITS = 9      # the unrounded mean, cleared of binary noise only (80.00000000000001 → 80)


def wrong_total_mask(prepared: pd.DataFrame, findings: pd.DataFrame) -> pd.Series:
    """True for the evaluation rows whose 总分 has an error finding (≠ the sum of the five,
    CX262; or not a number): counted from their five dimensions, and noted."""
    idx = prepared.index
    if not len(findings):
        return pd.Series(False, index=idx)
    f = findings
    hit = (f["severity"] == "error") & (f["colname"] == TOTAL)
    return pd.Series(idx.isin(pd.to_numeric(f.loc[hit, "row"]).astype("int64")), index=idx)


def quarterly_scores(rows: pd.DataFrame, threshold: float | None = None,
                     dims: tuple[str, ...] = DIMENSIONS) -> pd.DataFrame:
    """One row per (quarter, supplier): evaluations, the five dimension means, the score and
    ``exact``, the unrounded mean score (what the threshold is compared with).

    ``rows``: one evaluation a row with columns quarter ("2024Q2"), supplier and the five
    dimensions (numbers). Means are rounded half up to two decimals; with a ``threshold``, a
    score whose rounding would cross it is shown unrounded (see :func:`shown_score`).
    """
    r = rows[["quarter", "supplier", *dims]].copy()
    r["score"] = r[list(dims)].sum(axis=1)
    g = r.groupby(["quarter", "supplier"], sort=True)
    mean = g[[*dims, "score"]].mean()
    out = round_half_up(mean)
    out.insert(0, "evaluations", g.size().astype("int64"))
    out["exact"] = mean["score"].round(EXACT_DIGITS)
    if threshold is not None:
        out["score"] = shown_score(out["score"], out["exact"], threshold)
    return out


def shown_score(rounded: pd.Series, exact: pd.Series, threshold: float) -> pd.Series:
    """The score to show: ``rounded``, or ``exact`` where rounding moved it across the
    threshold (79.995 shows as 79.995, not 80.00; 80.00 is not below 80)."""
    crossed = (rounded < threshold) != (exact < threshold)
    return rounded.where(~crossed, exact)


def rounding_crossed(table: pd.DataFrame, threshold: float) -> pd.Series:
    """Rows of a ranking table whose two-decimal rounding would put the score on the other side
    of the threshold (79.995 → 80.00): the ones the ranking explains."""
    return (round_half_up(table["exact"]) < threshold) != (table["exact"] < threshold)


def sorted_quarters(quarters) -> list[str]:
    """Quarters (or a monthly scorecard's months) in time order."""
    return sorted(set(quarters), key=period_sort_key)


def quarter_range(first: str, last: str) -> list[str]:
    """Every quarter (or month) from ``first`` to ``last`` inclusive, gaps filled."""
    return period_range(first, last)


def trailing_run(flags: pd.DataFrame) -> pd.Series:
    """Per row, how many True cells end the row (columns in time order)."""
    if flags.shape[1] == 0:
        return pd.Series(0, index=flags.index, dtype="int64")
    rev = flags.to_numpy(dtype="int64")[:, ::-1]
    return pd.Series(np.cumprod(rev, axis=1).sum(axis=1), index=flags.index, dtype="int64")


@dataclass
class Ranking:
    """The ranking of one quarter.

    ``table``: one row per supplier evaluated in ``quarter``, in ranking order, with rank,
    supplier, category, evaluations, the five dimension means, score (shown), exact (the
    unrounded mean, compared with the threshold), previous (score of the previous quarter or
    NaN), change (NaN when absent), below, consecutive_below, action.
    ``trend``: supplier × quarter scores over every quarter in the data (NaN = not evaluated),
    rows in ranking order, then suppliers not evaluated this quarter by name.
    """
    quarter: str
    table: pd.DataFrame
    trend: pd.DataFrame
    quarters: list[str]
    threshold: float
    consecutive_for_removal: int
    scores: pd.DataFrame = field(repr=False, default=None)   # quarterly_scores of all the data


def rank_quarter(rows: pd.DataFrame, quarter: str, categories: pd.Series | None = None,
                 threshold: float = 80, consecutive_for_removal: int = 2,
                 dims: tuple[str, ...] = DIMENSIONS) -> Ranking:
    """Rank the suppliers evaluated in ``quarter`` (which must have rows; a monthly scorecard's
    month likewise).

    ``categories``: supplier → 供应商类别 (from the 供应商名录), may be None or incomplete.
    ``dims``: the dimensions scored (a scorecard's; the guide's five by default).
    """
    scores = quarterly_scores(rows, threshold, dims)
    quarters = sorted_quarters(scores.index.get_level_values("quarter"))
    if quarter not in quarters:
        raise KeyError(quarter)
    cur = scores.xs(quarter, level="quarter").copy()
    cur.index.name = "supplier"

    prev_q = previous_period(quarter)
    if prev_q in quarters:
        prev = scores.xs(prev_q, level="quarter")["score"].reindex(cur.index)
    else:
        prev = pd.Series(np.nan, index=cur.index)
    cur["previous"] = prev
    cur["change"] = round_half_up(cur["score"] - prev)

    cur["below"] = cur["exact"] < threshold          # before any rounding (tables-2.md)
    # Quarters in a row below the threshold, ending at this quarter; a quarter with no score
    # for the supplier (NaN → not below) breaks the run. Quarters missing from the data
    # altogether are filled in so they break the run too.
    span = quarter_range(quarters[0], quarter)
    pivot = scores["exact"].unstack("quarter").reindex(index=cur.index, columns=span)
    cur["consecutive_below"] = trailing_run(pivot.lt(threshold))

    cur["action"] = np.select(
        [cur["consecutive_below"] >= consecutive_for_removal, cur["below"]], [REMOVE, NOTICE], KEEP)
    cur["rank"] = cur["score"].rank(method="min", ascending=False).astype("int64")
    cat = categories if categories is not None else pd.Series(dtype="string")
    cur["category"] = cur.index.to_series().map(cat).astype(object).where(lambda s: s.notna(), None)

    cur = cur.reset_index().sort_values(["rank", "supplier"], kind="stable").reset_index(drop=True)
    table = cur[["rank", "supplier", "category", "evaluations", *dims, "score", "exact", "previous",
                 "change", "below", "consecutive_below", "action"]]

    trend = scores["score"].unstack("quarter").reindex(columns=quarters)
    others = sorted(set(trend.index) - set(table["supplier"]))
    trend = trend.reindex(list(table["supplier"]) + others)
    return Ranking(quarter=quarter, table=table, trend=trend, quarters=quarters, threshold=threshold,
                   consecutive_for_removal=consecutive_for_removal, scores=scores)


def weakest(dimension_means: pd.Series, maxima: dict[str, float]) -> pd.DataFrame:
    """The dimensions of one supplier (those of ``maxima``) against their maxima, weakest share
    first (ties in their order): columns mean, max, share."""
    dims = list(maxima)
    top = pd.Series({d: float(maxima[d]) for d in dims})
    mean = dimension_means.reindex(dims).astype("float64")
    share = (mean / top.replace(0, np.nan)).fillna(1.0)
    out = pd.DataFrame({"mean": mean, "max": top, "share": share, "order": range(len(dims))})
    return out.sort_values(["share", "order"], kind="stable").drop(columns="order")
