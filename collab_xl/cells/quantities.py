"""Quantities typed in cells: time limits, durations in minutes, percentages (tables-2.md,
conventions).

``parse_limit`` reads one limit ("2个工作日", "24小时", "3天") as ``Limit(amount, unit)`` with
``unit`` one of ``WORKDAYS``, ``DAYS``, ``HOURS``; the deadline arithmetic and the worksheet
function COLLAB_DUE call it. The column forms (``parse_limits``, ``parse_minutes``,
``parse_percents``) work out each distinct text once and spread it back over the rows: a column
repeats itself a lot.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import numpy as np
import pandas as pd

WORKDAYS = "workdays"
DAYS = "days"
HOURS = "hours"
LIMIT_UNITS = (WORKDAYS, DAYS, HOURS)


class Limit(NamedTuple):
    """A time limit: ``amount`` (an int for days and working days, an int or float for hours)
    and ``unit`` (``"workdays"``, ``"days"`` or ``"hours"``)."""
    amount: int | float
    unit: str


# Chinese numerals a limit may be written with (两个工作日, 三天, 二十四小时)
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_NUM = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十]+"
_LIMIT = re.compile(
    rf"^(?:(?:在|于)?)(?P<n>{_NUM})\s*(?:"
    r"(?P<w>个?工作日|working\s*days?|workdays?)"
    r"|(?P<d>个?自然日|天|日|days?|d)"
    r"|(?P<h>个?小时|h|hrs?|hours?)"
    r")\s*(?:内|以内|之内)?$",
    re.IGNORECASE)


def cn_number(text: str) -> float | None:
    """"24", "1.5", "两", "十二", "二十四" → the number; None when it is none of these."""
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if any(c not in _CN_DIGIT and c != "十" for c in text):
        return None
    if "十" not in text:
        if len(text) != 1:
            return None
        return float(_CN_DIGIT[text])
    head, _, tail = text.partition("十")
    if "十" in tail or len(head) > 1 or len(tail) > 1:
        return None
    tens = _CN_DIGIT[head] if head else 1
    ones = _CN_DIGIT[tail] if tail else 0
    return float(tens * 10 + ones)


def _whole(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse_limit(text: object) -> Limit | None:
    """One time limit as the guide writes them: N(个)工作日 → workdays, N天 / N日 → days,
    N小时 / Nh → hours (full-width digits, Chinese numerals, spaces and a trailing 内 allowed;
    English "2 working days", "3 days", "24 hours" too). None when the value is empty or not a
    limit (a bare number says no unit; days and working days are whole; nothing is negative).

    >>> parse_limit("2个工作日")
    Limit(amount=2, unit='workdays')
    >>> parse_limit("24h")
    Limit(amount=24, unit='hours')
    """
    if not isinstance(text, str):
        return None
    t = _norm(text)
    m = _LIMIT.match(t)
    if m is None:
        return None
    n = cn_number(m.group("n"))
    if n is None or n < 0:
        return None
    unit = WORKDAYS if m.group("w") else DAYS if m.group("d") else HOURS
    if unit != HOURS and not float(n).is_integer():
        return None
    return Limit(_whole(n), unit)


def _per_distinct(value: pd.Series, fn) -> tuple[np.ndarray, np.ndarray, list]:
    """``fn`` over the distinct non-NA values of a text column: (rows, codes, results)."""
    v = value.dropna()
    codes, uniq = pd.factorize(v.to_numpy(dtype=object))
    return v.index.to_numpy(), codes, [fn(u) for u in uniq.tolist()]


def parse_limits(value: pd.Series) -> pd.DataFrame:
    """A column of limits (text, NA where empty): ``amount`` (float, NaN where empty or
    unreadable), ``unit`` (string: workdays / days / hours, NA likewise) and ``bad``
    (non-empty, not a limit)."""
    amount = pd.Series(np.nan, index=value.index, dtype="float64")
    unit = pd.Series(pd.NA, index=value.index, dtype="string")
    bad = pd.Series(False, index=value.index)
    rows, codes, res = _per_distinct(value, lambda u: parse_limit(str(u)))
    if len(rows):
        a = np.array([np.nan if r is None else float(r.amount) for r in res])[codes]
        u = np.array([pd.NA if r is None else r.unit for r in res], dtype=object)[codes]
        amount.loc[rows] = a
        unit.loc[rows] = u
        bad.loc[rows] = np.isnan(a)
    return pd.DataFrame({"amount": amount, "unit": unit, "bad": bad})
