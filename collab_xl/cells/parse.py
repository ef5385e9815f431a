"""Vectorized parsing of raw cell values into typed columns.

Everything here works on whole pandas Series (one column of a sheet): raw values as the reader
delivers them (str, int, float, bool, date/datetime, or "" for an empty cell) go in; typed values
and boolean flags come out. Nothing loops over cells in Python except where noted (credit codes
are mapped over the *unique* values of a column, which is a handful per sheet).

The flags are what the table schemas check: a schema never sees a parse exception, it sees a
column ``bad`` that is True where a non-empty cell could not be read.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from itertools import repeat
from typing import NamedTuple

import numpy as np
import pandas as pd

# Excel's error values: what a cell shows when its formula fails, as the readers and xlwings (with
# err_to_str=True, and as text in Office.js payloads) hand them over. Not content, in any column.
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
    "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!", "#DATA!", "#PYTHON!",
})

# Values users type to mean "nothing here" (tables.md: empty-likes).
EMPTY_LIKES = frozenset({"", "-", "—", "——", "–", "/", "无", "N/A", "n/a", "NA", "na", "－", "／"})

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def _nfkc(s: pd.Series) -> pd.Series:
    """Full-width digits, letters and punctuation to half-width, on a str Series."""
    # unicodedata over unique values only: a column repeats itself a lot.
    uniq = pd.unique(s.dropna())
    table = {u: unicodedata.normalize("NFKC", u) for u in uniq}
    return s.map(table)


def _display(v) -> str:
    """The display text of one non-string cell value (see ``cell_text``)."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S") if (v.hour or v.minute or v.second) else v.strftime("%Y-%m-%d")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def cell_text(raw: pd.Series) -> pd.Series:
    """Display text of raw cell values: what the user sees, stripped; "" for empty.

    Numbers that are whole print without ".0"; dates print as ISO dates.
    """
    out = pd.Series("", index=raw.index, dtype=object)
    isstr = raw.map(type) == str  # noqa: E721 - exact type test, fast
    out[isstr] = raw[isstr]
    rest = raw[~isstr]
    if len(rest):
        out[~isstr] = rest.map(_display)
    return out.astype(object)


def clean(text: pd.Series) -> pd.Series:
    """Strip spaces, full-width spaces and line breaks at both ends; inner runs become one space."""
    return text.str.replace(_WS, " ", regex=True).str.strip()


# Types whose display text depends only on (type, value), so it can be worked out once per value.
# (Not Decimal: equal values print differently; not aware datetimes: equal instants in other zones.)
_MEMO_TYPES = frozenset({int, float, bool, dt.date})


def _clean_loop(values: list) -> list:
    """``clean(cell_text(...))`` of each value, a Python pass with distinct values memoised."""
    sub = _WS.sub
    memo: dict = {}
    out = []
    append = out.append
    for v in values:
        if type(v) is str:
            r = memo.get(v)
            if r is None:
                r = memo[v] = sub(" ", v).strip()
        elif type(v) is float:  # as _display; digits never hold spaces, so nothing to clean
            r = "" if v != v else (str(int(v)) if v.is_integer() and abs(v) < 1e15 else str(v))
        elif type(v) is int:
            r = str(v)
        else:
            t = type(v)
            if t in _MEMO_TYPES or (t is dt.datetime and v.tzinfo is None):
                key = (t, v)
                r = memo.get(key)
                if r is None:
                    r = memo[key] = sub(" ", _display(v)).strip()
            else:
                r = sub(" ", _display(v)).strip()
        append(r)
    return out


def _clean_strs(strs: list) -> list:
    """``_WS.sub(" ", s).strip()`` of each string, without a Python call for the (usual) strings
    that hold no whitespace: one regex scan over all of them joined by NUL (never whitespace)
    finds the few that need cleaning. (Python's ``\\s`` and ``str.strip`` agree on what is
    whitespace, so a string the scan does not hit is already clean.)"""
    joined = "\x00".join(strs)
    hits = [m.start() for m in _WS.finditer(joined)]
    if not hits:
        return strs
    out = list(strs)
    starts = np.zeros(len(strs), dtype=np.int64)
    if len(strs) > 1:
        np.cumsum(np.fromiter(map(len, strs), dtype=np.int64, count=len(strs))[:-1] + 1, out=starts[1:])
    sub = _WS.sub
    for i in np.unique(np.searchsorted(starts, hits, side="right") - 1).tolist():
        out[i] = sub(" ", out[i]).strip()
    return out


def _clean_cells(values: np.ndarray) -> list:
    """``clean(cell_text(...))`` of each value of an object array: the text cells in bulk
    (``_clean_strs``), the others in the memoised Python pass (as fast as displaying a number
    gets in Python)."""
    n = len(values)
    lst = values.tolist()
    if n < 32:
        return _clean_loop(lst)
    is_str = np.fromiter(map(_IS_STR.get, map(type, lst), repeat(False)), dtype=bool, count=n)
    k = int(is_str.sum())
    if k == n:
        return _clean_strs(lst)
    if k < n // 8:
        return _clean_loop(lst)
    out = np.empty(n, dtype=object)
    out[is_str] = _clean_strs(values[is_str].tolist())
    out[~is_str] = _clean_loop(values[~is_str].tolist())
    return out.tolist()


_IS_STR = {str: True}


def _factorizable(uniques, values: np.ndarray) -> bool:
    """pandas' factorize merges values that compare equal (1, 1.0, True; aware datetimes of one
    instant in two zones; Decimal 1.0 and 1.00). Safe when no two values of the column can be
    equal yet display differently: text, dates, naive datetimes, numbers other than 0 and 1
    below 1e15 (an int and a float of equal value display alike there), and any int or float
    when the column's numbers are all of one type (equal values of one type display alike;
    0.0 and -0.0 both show "0"). ``uniques`` are factorize's (one value stands for the values
    merged with it), ``values`` the column."""
    risky = False
    for u in uniques:
        t = type(u)
        if t is str or t is dt.date:
            continue
        if t is dt.datetime:
            if u.tzinfo is None:
                continue
            return False
        if t is float or t is int:
            if not (u != 0 and u != 1 and abs(u) < 1e15):
                risky = True
            continue
        return False
    if not risky:
        return True
    # 0, 1 or a number from 1e15 on: fine when no other number type (int, float, bool) is there
    return len(set(map(type, values.tolist())) & {int, float, bool}) < 2


class Cleaned(NamedTuple):
    """A column's cleaned text (``clean_text``) with what working it out told about the column:
    ``values`` the set of its distinct texts (None when not worked out), ``constant`` every raw
    cell is the same string (so every cell parses alike; only said of columns over 64 rows)."""
    text: np.ndarray
    values: frozenset | None
    constant: bool


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)`` of an object array, hashing the objects themselves: pandas
    factorizes an array holding only str through each cell's UTF-8 form (encoded, and kept, for
    every cell of text that is not ASCII: most Chinese cells, read fresh); one None appended makes
    it take the path of any other object array. Equal str are equal either way, so the codes and
    uniques are the same (the None gets code -1, dropped again)."""
    codes, uniques = pd.factorize(np.append(values, None))
    return codes[:-1], uniques


def _sample_distinct(values: np.ndarray) -> tuple[int, int]:
    """(distinct values, values) of a sample spread over the column (the head alone of a date
    column shows mostly distinct dates); (n, n) when a value is unhashable."""
    n = len(values)
    sample = values[::n // 2048] if n > 4096 else values[:2048]
    try:
        return len(set(sample.tolist())), len(sample)
    except TypeError:                                  # an unhashable value: no factorize either
        return len(sample), len(sample)


def _one_string(values: np.ndarray) -> str | None:
    """The string every cell holds, if one does (an unused column: "" on every row); else None.
    Exact: every cell equals the first, which is a str, and every cell is a str (a str subclass
    may equal a str)."""
    lst = values.tolist()
    first = lst[0]
    if type(first) is str and lst.count(first) == len(lst) and set(map(type, lst)) == {str}:
        return first
    return None


def clean_column(raw: pd.Series) -> Cleaned:
    """``clean(cell_text(raw))`` as an object array, fast: each distinct value is worked out once
    (a column repeats itself a lot) — through pandas' factorize where that cannot merge values
    that display differently (when the column repeats itself enough for factorize to pay: keys
    such as order numbers and prices do not, dates and choices do), else in one memoised Python
    pass. A column of one string is cleaned once and that text repeated."""
    values = raw.to_numpy(dtype=object)
    if len(values) > 64:
        distinct, sampled = _sample_distinct(values)
        one = _one_string(values) if distinct == 1 else None
        if one is not None:
            text = _clean_loop([one])[0]
            out = np.empty(len(values), dtype=object)
            out.fill(text)
            return Cleaned(out, frozenset({text}), True)
        if distinct * 4 < sampled * 3:
            codes, uniques = _factorize(values)            # missing values get code -1
            ulist = uniques.tolist()
            if _factorizable(ulist, values):
                cleaned = np.empty(len(uniques) + 1, dtype=object)
                cleaned[:-1] = _clean_cells(np.asarray(uniques, dtype=object))
                out = cleaned[codes]                       # code -1 picks the last slot, filled next
                missing = np.flatnonzero(codes == -1)
                known = set(cleaned[:-1].tolist())
                if len(missing):
                    got = _clean_loop(values[missing].tolist())
                    out[missing] = got
                    known.update(got)
                return Cleaned(out, frozenset(known), False)
    return Cleaned(np.asarray(_clean_cells(values), dtype=object) if len(values) else np.empty(0, dtype=object),
                   None, False)


def clean_text(raw: pd.Series) -> pd.Series:
    """``clean(cell_text(raw))``, fast (see ``clean_column``). Object dtype, like the plain version."""
    return pd.Series(clean_column(raw).text, index=raw.index, dtype=object)


def empty_mask(text: pd.Series) -> pd.Series:
    """True where a cleaned text is empty or empty-like ("-", "无", "N/A", …)."""
    return text.isin(EMPTY_LIKES) | text.isna()


def to_value(text: pd.Series, empty: pd.Series | None = None, strings: bool = False) -> pd.Series:
    """Cleaned text with empty-likes as NA (pandas ``string`` dtype). ``empty``: the column's
    ``empty_mask``, when the caller has it already. ``strings``: the caller knows every cell is
    a str (cleaned text always is: ``clean_text``), so the array is not checked cell by cell."""
    if empty is None:
        empty = empty_mask(text)
    arr = text.to_numpy(dtype=object, copy=True)
    mask = empty.to_numpy(dtype=bool)
    arr[mask] = pd.NA
    simple = getattr(pd.arrays.StringArray, "_simple_new", None) if strings else None
    if simple is not None:
        # What StringArray(arr) makes of str and NA cells, without its check that they are
        # (it converts None/NaN to NA, and there are none). A private pandas constructor: a
        # pandas without it, or with another signature, takes the checked way below.
        try:
            return pd.Series(simple(arr, pd.StringDtype()), index=text.index, name=text.name)
        except TypeError:
            pass
    try:  # all text (the usual case): wrap without converting cell by cell
        return pd.Series(pd.arrays.StringArray(arr), index=text.index, name=text.name)
    except (ValueError, TypeError):
        return text.mask(empty).astype("string")


def _kinds(raw: pd.Series) -> np.ndarray:
    """Per cell: 1 datetime (or Timestamp), 2 date, 3 int or float (exact types), 0 anything else."""
    return np.fromiter(map(_KIND.get, map(type, raw.to_numpy(dtype=object).tolist()), repeat(0)),
                       dtype=np.int8, count=len(raw))


_KIND = {dt.datetime: 1, pd.Timestamp: 1, dt.date: 2, int: 3, float: 3}
_NS_SAFE = (np.datetime64("1678-01-01", "D"), np.datetime64("2261-12-31", "D"))


def _days(values: np.ndarray, unit: str) -> np.ndarray | None:
    """Date/naive-datetime objects → datetime64[ns] at midnight (the date part), in C; None
    when a value is outside the years the nanosecond type holds (the caller then takes the slow
    path, which says so the way it always did)."""
    # numpy converts date objects one Python attribute at a time: convert each distinct date
    # once (a date column holds a few hundred) and spread them back by their codes.
    codes, uniques = pd.factorize(values)
    try:
        d = np.asarray(uniques, dtype=object).astype(f"datetime64[{unit}]").astype("datetime64[D]")
    except (ValueError, TypeError, OverflowError):
        return None
    if (codes < 0).any() or (len(d) and (d.min() < _NS_SAFE[0] or d.max() > _NS_SAFE[1])):
        return None
    return d.astype("datetime64[ns]")[codes]


# ---------------------------------------------------------------------------------------------
# Dates
_DATE_FULL = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
_DATE_COMPACT = re.compile(r"^(?P<y>(?:19|20|21)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
_DATE_NOYEAR = re.compile(r"^(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?$")
# Month/day/year or day/month/year (exports of English-language systems: 1/15/2022, 15.01.2022),
# an optional time (10:30, 10:30:00, 10:30 AM) dropped as for the other forms. Read when only one
# reading is a date (or both are the same day); else ambiguous: never guessed (issue 12).
_DATE_MDY = re.compile(
    r"^(?P<a>\d{1,2})\s*(?P<sep>[-/.])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)?$"
)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_MS_PER_DAY = 86_400_000
# pandas' nanosecond dates end in 1677 and 2262. Excel allows 1900–9999, and users type 9999-12-31
# for "never expires": such a date is read as the last (first) day pandas can hold, which keeps
# its meaning (far in the future) for every rule.
_MAX_YMD = (2262, 4, 10)
_MIN_YMD = (1677, 9, 22)


def _clamp_ymd(y: int, m: int, d: int) -> tuple[int, int, int]:
    if (y, m, d) > _MAX_YMD:
        return _MAX_YMD
    if (y, m, d) < _MIN_YMD:
        return _MIN_YMD
    return y, m, d


def parse_dates(raw: pd.Series, text: pd.Series | None = None, empty: pd.Series | None = None) -> pd.DataFrame:
    """Parse a date column.

    Returns a frame with ``value`` (datetime64, day precision, NaT where empty or unreadable),
    ``bad`` (non-empty but not a date), ``noyear`` (a date without a year such as "05-20":
    never silently given a year) and ``ambiguous`` (3/4/2022: month/day/year and day/month/year
    are both dates: never silently given one; 1/15/2022 and 15/1/2022 are read).
    Real Excel dates (datetime objects), serial numbers in numeric cells, and text in the forms
    2024-05-20, 2024/5/20, 2024.5.20, 2024年5月20日 (full-width digits too) are read; a time part
    and a time zone are dropped (a time zone is read as the wall-clock date the user typed): a
    date-time's date is the day it falls on, also for a serial number (45420.75 is 2024-05-08).
    """
    if text is None:
        text = clean_text(raw)
    if empty is None:
        empty = empty_mask(text)
    value = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")

    kinds = _kinds(raw)
    is_dt = pd.Series(kinds == 1, index=raw.index)
    is_date = pd.Series(kinds == 2, index=raw.index)
    is_num = pd.Series(kinds == 3, index=raw.index) & ~empty
    if is_dt.any():
        def naive(v):
            return pd.Timestamp(*_clamp_ymd(v.year, v.month, v.day))
        objs = raw.to_numpy(dtype=object)[is_dt.to_numpy()]
        days = _days(objs, "us") if all(type(v) is dt.datetime and v.tzinfo is None for v in objs.tolist()) else None
        value[is_dt] = days if days is not None else raw[is_dt].map(naive).astype("datetime64[ns]")
    if is_date.any():
        days = _days(raw.to_numpy(dtype=object)[is_date.to_numpy()], "D")
        value[is_date] = days if days is not None else \
            raw[is_date].map(lambda d: pd.Timestamp(*_clamp_ymd(d.year, d.month, d.day))).astype("datetime64[ns]")
    if is_num.any():
        num = pd.to_numeric(raw[is_num], errors="coerce")
        # A serial's whole part is the day, its fraction the time (45420.75 is 2024-05-08 18:00):
        # the date is the floor, never the nearest day. Taken, as python-calamine and Excel do,
        # after rounding to the millisecond, so a serial a hair below midnight from arithmetic
        # (45420.99999999999) is the next day, as Excel shows it.
        ms = (num * _MS_PER_DAY).round() / _MS_PER_DAY
        serial = np.floor(ms.where((ms >= 10000) & (ms < 80000)))
        value[is_num] = (_EXCEL_EPOCH + pd.to_timedelta(serial.fillna(0), unit="D")).where(serial.notna())
        compact = num.where((num >= 19000101) & (num <= 21991231) & (num % 1 == 0))
        if compact.notna().any():
            c = pd.to_datetime(compact.dropna().astype("int64").astype(str), format="%Y%m%d", errors="coerce")
            value[c.index] = c

    is_text = ~(is_dt | is_date | is_num) & ~empty
    noyear = pd.Series(False, index=raw.index)
    ambiguous = pd.Series(False, index=raw.index)
    if is_text.any():
        # Worked out once per distinct text (dates repeat), then spread back over the rows.
        sel = text[is_text]
        codes, uniq = pd.factorize(sel.to_numpy(dtype=object), use_na_sentinel=False)
        t = _nfkc(pd.Series(uniq, dtype=object).astype(str))
        parts = t.str.extract(_DATE_FULL)
        comp = t.str.extract(_DATE_COMPACT)
        for k in ("y", "m", "d"):
            parts[k] = parts[k].fillna(comp[k])
        ok = parts["y"].notna()
        if ok.any():
            p = parts[ok]
            ymd = pd.DataFrame({"year": p["y"].astype(int), "month": p["m"].astype(int), "day": p["d"].astype(int)})
            # far dates ("9999-12-31" for "never expires") become the last representable day
            far = ymd["year"] > _MAX_YMD[0]
            ymd.loc[far, ["year", "month", "day"]] = _MAX_YMD
            near = ymd["year"] < _MIN_YMD[0]
            ymd.loc[near, ["year", "month", "day"]] = _MIN_YMD
            # to_datetime on a frame of components: invalid dates (2024-02-30) become NaT.
            parsed = pd.to_datetime(ymd, errors="coerce")
            ok_rows = ok.to_numpy()[codes]
            per_text = parsed.reindex(pd.RangeIndex(len(uniq))).to_numpy()   # NaT where not ok
            value[sel.index[ok_rows]] = per_text[codes[ok_rows]]
        ny = (t.str.fullmatch(_DATE_NOYEAR) & ~ok).to_numpy(dtype=bool)
        noyear[sel.index[ny[codes]]] = True
        mdy = _month_day_year(t.where(~ok))
        if mdy["date"].notna().any() or mdy["ambiguous"].any():
            got = mdy["date"].notna().to_numpy()
            value[sel.index[got[codes]]] = mdy["date"].to_numpy()[codes[got[codes]]]
            amb = mdy["ambiguous"].to_numpy()
            ambiguous[sel.index[amb[codes]]] = True
    bad = ~empty & value.isna() & ~noyear & ~ambiguous
    return pd.DataFrame({"value": value, "bad": bad, "noyear": noyear, "ambiguous": ambiguous})


def _month_day_year(t: pd.Series) -> pd.DataFrame:
    """Texts a/b/yyyy (or a-b-yyyy, a.b.yyyy): ``date`` where one reading (month/day/year or
    day/month/year) is a date, or both name the same day; ``ambiguous`` where both are dates of
    different days (3/4/2022). NA texts are neither."""
    p = t.str.extract(_DATE_MDY)
    if p["y"].isna().all():         # the usual case: no such text, nothing to work out
        return pd.DataFrame({"date": pd.Series(pd.NaT, index=t.index, dtype="datetime64[ns]"),
                             "ambiguous": np.zeros(len(t), dtype=bool)}, index=t.index)
    a, b, y = (pd.to_numeric(p[k], errors="coerce") for k in ("a", "b", "y"))
    md = pd.to_datetime(pd.DataFrame({"year": y, "month": a, "day": b}), errors="coerce")
    dm = pd.to_datetime(pd.DataFrame({"year": y, "month": b, "day": a}), errors="coerce")
    ambiguous = (md.notna() & dm.notna() & (a != b)).to_numpy(dtype=bool)
    date = md.where(md.notna(), dm).where(~ambiguous)
    return pd.DataFrame({"date": date, "ambiguous": ambiguous}, index=t.index)


def date_readings(text: str) -> tuple[str, str] | None:
    """The two readings of an ambiguous date text as ISO dates, (month/day/year, day/month/year):
    "3/4/2022" → ("2022-03-04", "2022-04-03"); None when it is not such a text."""
    m = _DATE_MDY.fullmatch(unicodedata.normalize("NFKC", str(text)).strip())
    if m is None:
        return None
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    try:
        return dt.date(y, a, b).isoformat(), dt.date(y, b, a).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Numbers
_NUM_TEXT = re.compile(r"^[¥￥$]?\s*(-?\d+(?:\.\d+)?)\s*(?:元|万元|万|分)?$")


def one_date(value) -> dt.date | None:
    """One value read as a date the way a date cell is (--today, a worksheet function's today
    argument); None when it is not a full date (unreadable, or without a year)."""
    d = parse_dates(pd.Series([value], dtype=object))
    if d["bad"].iloc[0] or d["noyear"].iloc[0] or pd.isna(d["value"].iloc[0]):
        return None
    return d["value"].iloc[0].date()


def parse_numbers(raw: pd.Series, text: pd.Series | None = None, empty: pd.Series | None = None) -> pd.DataFrame:
    """Parse a number column: numeric cells as they are, text such as "1,200", "１２００", "¥1200",
    "1200元" read as numbers (万元 and 万 — "8万", "3.5万元" — are multiplied by 10,000 on the decimal
    text, so 0.07万 is 700, not 700.0000000000001). ``bad``: non-empty, not a number."""
    if text is None:
        text = clean_text(raw)
    if empty is None:
        empty = empty_mask(text)
    is_num = pd.Series(_kinds(raw) == 3, index=raw.index)    # exact int or float (not bool)
    value = pd.Series(np.nan, index=raw.index, dtype="float64")
    if is_num.any():
        value[is_num] = pd.to_numeric(raw[is_num], errors="coerce")
    is_text = ~is_num & ~empty
    if is_text.any():
        # Worked out once per distinct text, then spread back over the rows.
        sel = text[is_text]
        codes, uniq = pd.factorize(sel.to_numpy(dtype=object), use_na_sentinel=False)
        t = _nfkc(pd.Series(uniq, dtype=object).astype(str)).str.replace(r"[,，\s]", "", regex=True)
        m = t.str.extract(_NUM_TEXT)[0]
        v = pd.to_numeric(m, errors="coerce")
        wan = (t.str.endswith("万元") | t.str.endswith("万")) & m.notna()
        if wan.any():
            # the decimal point moved four places on the text: exact, as typed
            v[wan] = [float(f"{n}e4") for n in m[wan]]
        value[is_text] = v.to_numpy(dtype="float64")[codes]
    bad = ~empty & value.isna()
    return pd.DataFrame({"value": value, "bad": bad})


# ---------------------------------------------------------------------------------------------
# Contacts
_MOBILE = r"(?:\+?86)?1[3-9]\d{9}"
_LANDLINE = r"0\d{2,3}-?\d{7,8}(?:(?:-|转|ext\.?|x)\d{1,6})?"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
CONTACT_RE = re.compile(rf"^(?:{_MOBILE}|{_LANDLINE}|{_EMAIL})$")
PART_SPLIT = r"\s*[/／、,，]\s*"


def _contact_norm(s: pd.Series) -> pd.Series:
    s = _nfkc(s.astype(str)).str.strip()
    # spaces and dashes inside a mobile number ("138 0013 8000", "138-0013-8000") are fine
    mobile_like = s.str.replace(r"[\s-]", "", regex=True)
    return mobile_like.where(mobile_like.str.fullmatch(_MOBILE), s.str.replace(r"\s", "", regex=True))


def contact_ok(value: pd.Series) -> pd.Series:
    """A whole cell is one phone number (mobile or landline) or e-mail address. NA → True."""
    v = value.dropna()
    ok = pd.Series(True, index=value.index)
    if len(v):
        ok[v.index] = _contact_norm(v).str.fullmatch(CONTACT_RE)
    return ok


def contact_parts(value: pd.Series, n_parts: int = 3) -> pd.DataFrame:
    """Contact cells "姓名/部门/联系方式": ``last_ok`` — the last part is a phone or e-mail;
    ``complete`` — n_parts parts with a non-empty name. NA cells are neither bad nor incomplete."""
    v = value.dropna()
    last_ok = pd.Series(True, index=value.index)
    complete = pd.Series(True, index=value.index)
    if len(v):
        parts = v.str.split(PART_SPLIT, regex=True)
        last = parts.str[-1].fillna("")
        last_ok[v.index] = _contact_norm(last).str.fullmatch(CONTACT_RE).fillna(False)
        first = parts.str[0].fillna("").str.strip()
        complete[v.index] = (parts.str.len() >= n_parts) & (first != "")
    return pd.DataFrame({"last_ok": last_ok, "complete": complete})


# ---------------------------------------------------------------------------------------------
# Quarters and reporting periods
_CN_NUM = {"一": "1", "二": "2", "三": "3", "四": "4"}
_QUARTER = re.compile(
    r"^(?P<y>\d{4})\s*(?:年)?\s*[-/ ]?\s*(?:第?\s*(?P<q1>[1-4一二三四])\s*季度?|[Qq]\s*(?P<q2>[1-4]))$"
)


def _periods(value: pd.Series, pattern: re.Pattern, build) -> pd.Series:
    """A column of periods read by ``pattern`` once per distinct text (a sheet names a handful),
    then spread back: ``build(parts)`` gives, per distinct text, the period (string) and whether
    it is one (bool); the parts are ``pattern``'s groups of the NFKC text without spaces."""
    v = value.dropna()
    out = pd.Series(pd.NA, index=value.index, dtype="string")
    if len(v):
        codes, uniques = pd.factorize(v.to_numpy(dtype=object))
        t = _nfkc(pd.Series(uniques, dtype=object).astype(str)).str.replace(r"\s+", "", regex=True)
        period, ok = build(t.str.extract(pattern))
        ok = ok.to_numpy(dtype=bool)
        if ok.any():
            period = period.to_numpy(dtype=object)
            rows = ok[codes]
            out[v.index[rows]] = period[codes[rows]]
    return out


def _quarter_of(p: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    q = p["q1"].fillna(p["q2"]).replace(_CN_NUM)
    return p["y"] + "Q" + q, p["y"].notna() & q.notna()


def parse_quarters(value: pd.Series) -> pd.Series:
    """2024Q2, 2024-Q2, 2024 Q2, 2024年第2季度, 2024年Q2, 2024年第二季度 → "2024Q2"; else NA."""
    return _periods(value, _QUARTER, _quarter_of)


_MONTH = re.compile(r"^(?P<y>\d{4})\s*(?:年\s*(?P<m1>\d{1,2})\s*月份?|[-/.]\s*(?P<m2>\d{1,2})(?:[-/.]\d{1,2})?|(?P<m3>\d{2}))$")


def _month_of(p: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    m = pd.to_numeric(p["m1"].fillna(p["m2"]).fillna(p["m3"]), errors="coerce")
    return p["y"] + "-" + m.fillna(0).astype(int).map("{:02d}".format), p["y"].notna() & m.between(1, 12)


def parse_months(value: pd.Series) -> pd.Series:
    """A month of a monthly scorecard (issue 12): 2024-05, 2024/5, 2024.05, 2024年5月(份), 202405,
    or a date of it (2024-05-01) → "2024-05"; else NA."""
    return _periods(value, _MONTH, _month_of)


def _is_month(p: str) -> bool:
    return "Q" not in p


def period_sort_key(p: str) -> int:
    """Order of periods: quarters "2024Q2" and months "2024-05" (one kind at a time)."""
    return int(p[:4]) * 12 + int(p[5:]) - 1 if _is_month(p) else quarter_sort_key(p)


def previous_period(p: str) -> str:
    """The quarter or month before ``p``."""
    if not _is_month(p):
        return previous_quarter(p)
    k = period_sort_key(p) - 1
    return f"{k // 12}-{k % 12 + 1:02d}"


def period_range(first: str, last: str) -> list[str]:
    """Every quarter (or month) from ``first`` to ``last`` inclusive, gaps filled."""
    a, b = period_sort_key(first), period_sort_key(last)
    if _is_month(first):
        return [f"{k // 12}-{k % 12 + 1:02d}" for k in range(a, b + 1)]
    return [f"{k // 4}Q{k % 4 + 1}" for k in range(a, b + 1)]


def period_bounds(p: pd.Series) -> pd.DataFrame:
    """Quarters as :func:`quarter_bounds`; months "2024-05" → 2024-05-01 … 2024-05-31."""
    months = p.astype("string").str.fullmatch(r"\d{4}-\d{2}").fillna(False).to_numpy(dtype=bool)
    if not months.any():
        return quarter_bounds(p)
    start = pd.to_datetime(p.where(months) + "-01", errors="coerce")
    out = pd.DataFrame({"start": start, "end": start + pd.offsets.MonthEnd(0)}, index=p.index)
    if (~months).any():
        q = quarter_bounds(p[~months])
        out.loc[q.index, ["start", "end"]] = q[["start", "end"]].to_numpy()
    return out


def quarter_bounds(q: pd.Series) -> pd.DataFrame:
    """"2024Q2" → start 2024-04-01, end 2024-06-30 (datetime64); NA stays NaT."""
    codes, uniques = pd.factorize(q.to_numpy(dtype=object))   # a handful of quarters; NA → -1
    if len(uniques) == 0 or len(uniques) * 2 > len(q) or (codes < 0).any():
        return _quarter_bounds(q)
    # worked out once per distinct quarter, then spread back over the rows
    b = _quarter_bounds(pd.Series(uniques, dtype=q.dtype))
    return pd.DataFrame({"start": b["start"].to_numpy()[codes], "end": b["end"].to_numpy()[codes]}, index=q.index)


def _quarter_bounds(q: pd.Series) -> pd.DataFrame:
    y = pd.to_numeric(q.str[:4], errors="coerce")
    n = pd.to_numeric(q.str[5:], errors="coerce")
    start = pd.to_datetime(pd.DataFrame({"year": y, "month": (n - 1) * 3 + 1, "day": 1}), errors="coerce")
    end = start + pd.offsets.QuarterEnd(0)
    return pd.DataFrame({"start": start, "end": end})


def quarter_sort_key(q: str) -> int:
    return int(q[:4]) * 4 + int(q[5:]) - 1


def previous_quarter(q: str) -> str:
    k = quarter_sort_key(q) - 1
    return f"{k // 4}Q{k % 4 + 1}"


_PERIOD = re.compile(
    r"^(?:\d{4}年\d{1,2}月第[1-6一二三四五六]周"
    r"|\d{4}年第\d{1,2}周"
    r"|\d{4}-?W\d{1,2}"
    r"|\d{4}年\d{1,2}月(?:份)?"
    r"|\d{4}[-/.]\d{1,2}"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*(?:至|到|~|-|—)\s*(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2})$"
)


def period_ok(value: pd.Series) -> pd.Series:
    """汇报周期 forms: 2024年5月第2周, 2024年第19周, 2024-W19, 2024年5月, 2024-05, and a date range
    2024-05-06至2024-05-10. NA → True (emptiness is the required rule's business)."""
    v = value.dropna()
    ok = pd.Series(True, index=value.index)
    if len(v):
        ok[v.index] = _nfkc(v.astype(str)).str.replace(r"\s+", "", regex=True).str.fullmatch(_PERIOD)
    return ok


# ---------------------------------------------------------------------------------------------
# Unified social credit code (统一社会信用代码, GB 32100-2015)
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_check_char(code17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code17, _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31]


def uscc_status(value: pd.Series) -> pd.DataFrame:
    """``shape_ok``: 18 characters of the code's alphabet; ``check_ok``: the 18th is right.
    NA → both True."""
    v = value.dropna()
    shape_ok = pd.Series(True, index=value.index)
    check_ok = pd.Series(True, index=value.index)
    if len(v):
        t = _nfkc(v.astype(str)).str.upper().str.replace(r"\s", "", regex=True)
        shaped = t.str.fullmatch(_USCC_SHAPE)
        shape_ok[v.index] = shaped.fillna(False).astype(bool)
        uniq = pd.unique(t[shaped])
        right = {u: uscc_check_char(u[:17]) == u[17] for u in uniq}
        if len(uniq):
            check_ok[t[shaped].index] = t[shaped].map(right).astype(bool)
    return pd.DataFrame({"shape_ok": shape_ok, "check_ok": check_ok})


def has_number(value: pd.Series) -> pd.Series:
    """True where a text holds a digit (Arabic, full-width or Chinese numerals 一…十百千万)."""
    return value.str.contains(r"[0-9０-９一二三四五六七八九十百千万两]", regex=True).fillna(False)
