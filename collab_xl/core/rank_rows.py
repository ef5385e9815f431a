"""The evaluation rows of validated Reports, pooled for the ranking (pure: no files).

Every 供应商评估表 of every Report gives its rows: usable rows for the score, and rows left out
(a finding in a score, the quarter or the supplier, or a score above its maximum — see
:func:`collab_xl.core.ranking.excluded_mask`); usable rows whose 总分 is wrong are counted from
their five scores and also listed apart (``wrong_total``). Every 供应商名录 gives the suppliers'
供应商类别.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from collab_xl.catalog.supplier_evaluation import DIMENSIONS
from collab_xl.core import ranking as rk
from collab_xl.core.validate import Report

EVALUATION = "supplier_evaluation"
DIRECTORY = "supplier_directory"
WHERE = ["file", "sheet", "row"]                                  # …and where it was read


class Gathered(NamedTuple):
    rows: pd.DataFrame           # usable rows: file, sheet, row (Excel row), quarter, supplier, scores, evaluator
    excluded: pd.DataFrame       # rows left out, same columns
    categories: pd.Series        # supplier → 供应商类别 (the first listing of every 供应商名录 read)
    found: bool                  # an evaluation table was found at all
    wrong_total: pd.DataFrame    # usable rows whose 总分 is wrong: file, sheet, row, total (as typed), score


def gather(reports: list[Report], maxima: dict[str, float]) -> Gathered:
    """(usable rows, excluded rows, categories, found an evaluation table, wrong totals).

    Rows carry file, sheet, row (Excel row), quarter, supplier, the five scores and evaluator.
    Categories: supplier → 供应商类别, the first listing of every 供应商名录 read.
    """
    dims = list(maxima) if maxima else list(DIMENSIONS)   # the dimensions scored (a scorecard's)
    columns = ["quarter", "supplier", *dims, "evaluator"]
    used, left, cats, wrong = [], [], [], []
    found = False
    for rep in reports:
        for tr in rep.results:
            key = tr.table.key
            if key == EVALUATION:
                found = True
                p = tr.prepared
                if not len(p):
                    continue
                out = rk.excluded_mask(p, tr.findings, maxima)
                frame = p[columns].assign(file=rep.file, sheet=tr.sheet, row=p.index.astype("int64"))
                used.append(frame[~out])
                left.append(frame[out])
                total = rk.wrong_total_mask(p, tr.findings) & ~out
                if total.any():
                    w = frame[total]
                    wrong.append(pd.DataFrame({
                        "file": w["file"], "sheet": w["sheet"], "row": w["row"],
                        "total": p.loc[total, "total__text"].astype(object),
                        "score": p.loc[total, dims].sum(axis=1).round(rk.EXACT_DIGITS)}))
            elif key == DIRECTORY:
                p = tr.prepared
                # a class outside the list (CX104) is still what the user wrote: show it, not 未登记
                cat = p["category"].fillna(p["category__text"])
                cats.append(pd.DataFrame({"supplier": p["supplier"], "category": cat}).dropna())
    empty = pd.DataFrame(columns=[*WHERE, *columns])
    rows = pd.concat(used, ignore_index=True) if used else empty
    excluded = pd.concat(left, ignore_index=True) if left else empty
    if cats:
        c = pd.concat(cats, ignore_index=True).drop_duplicates("supplier", keep="first")
        categories = pd.Series(c["category"].astype(object).values, index=c["supplier"].astype(object).values)
    else:
        categories = pd.Series(dtype=object)
    wrong_total = pd.concat(wrong, ignore_index=True) if wrong else \
        pd.DataFrame(columns=[*WHERE, "total", "score"])
    return Gathered(rows, excluded, categories, found, wrong_total)
