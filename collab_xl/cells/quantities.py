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


def per_distinct(value: pd.Series, fn) -> tuple[np.ndarray, np.ndarray, list]:
    """``fn`` over the distinct non-NA values of a text column: (rows, codes, results), the
    index labels of the non-NA rows, each row's code into results, one result a distinct value
    (a column repeats itself: each text is read once, then spread back by its code)."""
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
    rows, codes, res = per_distinct(value, lambda u: parse_limit(str(u)))
    if len(rows):
        a = np.array([np.nan if r is None else float(r.amount) for r in res])[codes]
        u = np.array([pd.NA if r is None else r.unit for r in res], dtype=object)[codes]
        amount.loc[rows] = a
        unit.loc[rows] = u
        bad.loc[rows] = np.isnan(a)
    return pd.DataFrame({"amount": amount, "unit": unit, "bad": bad})


# ---------------------------------------------------------------------------------------------
# Minutes: 15, 15分钟, 15min, 1小时, 1.5h, 1小时30分 (= 90)
_MINUTES = re.compile(
    rf"^(?:(?P<h>{_NUM})\s*(?:个?小时|h|hrs?|hours?))?\s*"
    rf"(?:(?P<m>{_NUM})\s*(?:分钟|分|min|mins|minutes?|m)?)?$",
    re.IGNORECASE)


_CLOCK_LENGTH = re.compile(r"^(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?$")


def minutes_of(text: str) -> float | None:
    """One duration as minutes: a number (minutes), 15分钟, 15min, 1小时, 1.5h, 1小时30分 → 90,
    半小时 → 30, hours and minutes as Excel shows a time typed for a length (0:20, 1:30, 1:30:00);
    None when it is not a duration."""
    t = _norm(text)
    if t in ("半小时", "半个小时", "半h"):
        return 30.0
    clock = _CLOCK_LENGTH.match(t)
    if clock is not None:
        return int(clock.group("h")) * 60 + int(clock.group("m")) + int(clock.group("s") or 0) / 60
    m = _MINUTES.match(t)
    if m is None or not (m.group("h") or m.group("m")):
        return None
    h = cn_number(m.group("h")) if m.group("h") else 0.0
    mi = cn_number(m.group("m")) if m.group("m") else 0.0
    if h is None or mi is None:
        return None
    return h * 60 + mi


def parse_minutes(raw: pd.Series, value: pd.Series) -> pd.DataFrame:
    """A column of durations in minutes (``raw`` the cells, ``value`` their cleaned text with NA
    where empty): ``value`` (float minutes, NaN where empty or unreadable) and ``bad``. A length
    typed 0:20 in Excel arrives as a time (or a timedelta): its text, 00:20:00, reads as 20."""
    out = pd.Series(np.nan, index=value.index, dtype="float64")
    is_num = raw.map(type).isin((int, float)) & value.notna()
    if is_num.any():
        out[is_num] = pd.to_numeric(raw[is_num], errors="coerce")
    rest = value.where(~is_num)
    rows, codes, res = per_distinct(rest, lambda u: minutes_of(str(u)))
    if len(rows):
        out.loc[rows] = np.array([np.nan if r is None else r for r in res], dtype="float64")[codes]
    return pd.DataFrame({"value": out, "bad": value.notna() & (out.isna() | (out < 0))})


# ---------------------------------------------------------------------------------------------
# Percentages: 50%, 50, 0.5 (a number ≤ 1 is a fraction)
_PERCENT = re.compile(r"^(?P<n>-?\d+(?:\.\d+)?)\s*(?P<pct>%|％|‰|percent)?$", re.IGNORECASE)


def percent_of(x: object) -> float | None:
    """One percentage as a fraction: "50%" → 0.5, 50 → 0.5, 0.5 → 0.5 (a number ≤ 1 is already a
    fraction); None when it is not a percentage."""
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        n = float(x)
        return None if n != n else (n if abs(n) <= 1 else n / 100)
    if not isinstance(x, str):
        return None
    m = _PERCENT.match(_norm(x))
    if m is None:
        return None
    n = float(m.group("n"))
    if m.group("pct") == "‰":
        return n / 1000
    if m.group("pct"):
        return n / 100
    return n if abs(n) <= 1 else n / 100


def parse_percents(raw: pd.Series, value: pd.Series) -> pd.DataFrame:
    """A column of percentages: ``value`` (a fraction, NaN where empty or unreadable), ``bad``."""
    out = pd.Series(np.nan, index=value.index, dtype="float64")
    is_num = raw.map(type).isin((int, float)) & value.notna()
    if is_num.any():
        num = pd.to_numeric(raw[is_num], errors="coerce")
        out[is_num] = num.where(num.abs() <= 1, num / 100)
    rest = value.where(~is_num)
    rows, codes, res = per_distinct(rest, lambda u: percent_of(str(u)))
    if len(rows):
        out.loc[rows] = np.array([np.nan if r is None else r for r in res], dtype="float64")[codes]
    return pd.DataFrame({"value": out, "bad": value.notna() & out.isna()})
