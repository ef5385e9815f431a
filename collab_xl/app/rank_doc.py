"""The JSON document of ``collab-xl rank`` (interfaces.md), built in this one place.

:func:`document` takes the :class:`~collab_xl.app.rank_model.Ranked` and what only the command
knows — the notes and skipped files of reading, the files written — so the command builds the
document once, after writing, instead of patching the one ``build`` returns.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from collab_xl.app.rank_model import Ranked


def _number(v) -> float | None:
    return None if pd.isna(v) else float(v)


def _key(r: Ranked, d: str) -> str:
    """A dimension in the document: its scorecard name, else the guide's key (quality …)."""
    return r.label(d) or d


def suppliers(r: Ranked) -> list[dict]:
    out = [{
        "rank": int(row.rank), "supplier": row.supplier, "category": row.category,
        "evaluations": int(row.evaluations), "score": float(row.score),
        "score_unrounded": float(row.exact),
        "dimensions": {_key(r, d): float(getattr(row, d)) for d in r.maxima},
        "change": _number(row.change), "rectification": bool(row.below),
        "consecutive_below": int(row.consecutive_below), "recommendation": rec, "action": row.action,
    } for row, rec in zip(r.ranking.table.itertuples(index=False), r.recommendations)]
    if r.grades is not None:            # grade bands configured ([scorecard] grades)
        for s, g in zip(out, r.grades):
            s["grade"] = g
    return out


def document(r: Ranked, read_notes: list[str] = (), skipped: list[dict] = (),
             written: list[Path] | None = None) -> dict:
    """The document: ``notes`` are the reading's notes then the ranking's; ``skipped`` (files
    not read, with the reason) and ``written`` (when the command writes) only when given."""
    ex = r.excluded
    today = r.today.isoformat()
    doc = {
        "file": ", ".join(r.files),
        **({"files": r.files} if r.many else {}),
        "quarter": r.ranking.quarter,
        "today": today,
        "quarters": r.ranking.quarters,
        "threshold": r.threshold,
        "weights": {_key(r, d): top for d, top in r.maxima.items()},
        **({"period": r.period} if r.period != "quarter" else {}),
        **({"grades": dict(r.bands)} if r.bands else {}),
        "consecutive_for_removal": r.consecutive_for_removal,
        "excluded_rows": int(len(ex)),
        "excluded": [{"file": f, "sheet": s, "row": int(row)} for f, s, row in zip(ex["file"], ex["sheet"], ex["row"])],
        "wrong_total_rows": int(len(r.wrong_total)),
        "wrong_total": [{"file": f, "sheet": s, "row": int(row),
                         "total": None if pd.isna(total) else str(total), "score": float(score)}
                        for f, s, row, total, score in zip(r.wrong_total["file"], r.wrong_total["sheet"],
                                                          r.wrong_total["row"], r.wrong_total["total"],
                                                          r.wrong_total["score"])],
        "suppliers": suppliers(r),
        "notices": [{"supplier": s, "sheet": n, "date": today, "reply_by": r.deadline.isoformat()}
                    for s, n in r.notice_names.items()],
        "notes": [*read_notes, *r.notes],
    }
    if skipped:
        doc["skipped"] = list(skipped)
    if written is not None:
        doc["written"] = [str(p) for p in written]
    return doc
