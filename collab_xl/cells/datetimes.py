"""Date-times and times of day typed in cells (tables-2.md, conventions: Date-time, Time).

``parse_datetimes`` reads Excel date-times (a time of exactly 00:00 is a date alone), dates, and
text such as 2024-05-08 14:30, 2024/5/8 14:30, 2024.5.8 14:30, 2024-05-08T14:30,
2024年5月8日 14:30, 2024年5月8日14时30分, 2024年5月8日下午2点半 (seconds and full-width digits
allowed; 下午/晚上 add 12 to an hour below 12; 点 = :00, 半 = :30), or a date alone. A date-time
without a year (5月8日14:30, 05-08 14:30) is never given one. ``parse_times`` reads a time of day:
14:30, 14:30:00, 14点30分, 下午2点半, an Excel time or a date-time's time.

Both work out each distinct text once and spread it back over the rows; dates are read by
``parse.parse_dates`` (so a date-time serial's date is its floor, as in a DATE column).
"""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from collab_xl.cells import parse

_PM = ("下午", "傍晚", "晚上", "夜里", "夜间")
_TIME = (
    r"(?P<ap>上午|早上|早晨|中午|下午|傍晚|晚上|夜里|夜间|凌晨)?\s*(?P<H>\d{1,2})\s*"
    r"(?::\s*(?P<M>\d{1,2})(?:\s*:\s*(?P<S>\d{1,2})(?:\.\d+)?)?"
    r"|[时点]\s*(?:(?P<half>半)|(?P<M2>\d{1,2})\s*分?(?:\s*(?P<S2>\d{1,2})\s*秒)?)?)"
)
_DATETIME = re.compile(
    r"^(?:(?P<y>\d{4})\s*[-/.年]\s*)?(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    rf"(?:\s*T?\s*{_TIME})?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?$")
_TIME_ONLY = re.compile(rf"^{_TIME}$")
_MDY_TIME = re.compile(r"^\d{1,2}\s*([-/.])\s*\d{1,2}\s*\1\s*\d{4}[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
                       r"(?:\.\d+)?(?:\s*(?P<ap>[AaPp])\.?[Mm]\.?)?$")
_MS_PER_DAY = 86_400_000


def _clock(p: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Regex parts (ap, H, M, S, half, M2, S2) → (time of day as a Timedelta, valid); NaT where
    there is no time part."""
    h = pd.to_numeric(p["H"], errors="coerce")
    m = pd.to_numeric(p["M"].fillna(p["M2"]), errors="coerce")
    m = m.where(p["half"].isna(), 30).fillna(0)
    s = pd.to_numeric(p["S"].fillna(p["S2"]), errors="coerce").fillna(0)
    pm = p["ap"].isin(_PM) | ((p["ap"] == "中午") & (h < 6))
    h = h.where(~(pm & (h < 12)), h + 12)
    ok = (h <= 23) & (m <= 59) & (s <= 59)
    td = pd.to_timedelta(h * 3600 + m * 60 + s, unit="s")
    return td.where(h.notna()), ok | h.isna()


def _distinct_texts(text: pd.Series, rows: pd.Series) -> tuple[pd.Index, np.ndarray, pd.Series]:
    sel = text[rows]
    codes, uniq = pd.factorize(sel.to_numpy(dtype=object), use_na_sentinel=False)
    return sel.index, codes, parse._nfkc(pd.Series(uniq, dtype=object).astype(str)).str.strip()


def _time_of_objects(values: pd.Series) -> pd.Series:
    """The time of day of datetime / time objects (each distinct value once)."""
    def tod(v):
        return pd.Timedelta(hours=v.hour, minutes=v.minute, seconds=v.second, microseconds=v.microsecond)
    codes, uniq = pd.factorize(values.to_numpy(dtype=object))
    per = np.array([tod(u) for u in uniq.tolist()], dtype="timedelta64[ns]")
    return pd.Series(per[codes], index=values.index)


def _serial_time(num: pd.Series) -> pd.Series:
    """The time of day of an Excel serial (its fraction, to the millisecond as Excel shows it)."""
    ms = (num * _MS_PER_DAY).round()
    return pd.to_timedelta(ms % _MS_PER_DAY, unit="ms")


def parse_datetimes(raw: pd.Series, text: pd.Series | None = None,
                    empty: pd.Series | None = None) -> pd.DataFrame:
    """Parse a date-time column: ``value`` (datetime64[ns]: the date plus its time, NaT where
    empty, unreadable or without a year), ``hastime`` (a time was given: not a date alone),
    ``bad`` (non-empty, not a date-time or date) and ``noyear`` (a date or date-time without a
    year, never given one)."""
    if text is None:
        text = parse.clean_text(raw)
    if empty is None:
        empty = parse.empty_mask(text)
    d = parse.parse_dates(raw, text, empty)
    value = d["value"].copy()
    bad = d["bad"].copy()
    noyear = d["noyear"].copy()
    ambiguous = d["ambiguous"].copy()       # 3/4/2022: month/day or day/month (parse_dates)
    tod = pd.Series(pd.NaT, index=raw.index, dtype="timedelta64[ns]")

    kinds = parse._kinds(raw)
    is_dt = pd.Series(kinds == 1, index=raw.index) & value.notna()
    if is_dt.any():
        tod[is_dt] = _time_of_objects(raw[is_dt])
    is_num = pd.Series(kinds == 3, index=raw.index) & ~empty & value.notna()
    if is_num.any():
        num = pd.to_numeric(raw[is_num], errors="coerce")
        serial = (num >= 10000) & (num < 80000)          # not a compact 20240508
        tod[serial[serial].index] = _serial_time(num[serial])

    is_text = ~pd.Series(kinds != 0, index=raw.index) & ~empty
    if is_text.any():
        rows, codes, t = _distinct_texts(text, is_text)
        p = t.str.extract(_DATETIME)
        matched = p["m"].notna()
        clock, clock_ok = _clock(p)
        has_year = matched & p["y"].notna()
        ymd = pd.DataFrame({"year": pd.to_numeric(p["y"], errors="coerce"),
                            "month": pd.to_numeric(p["m"], errors="coerce"),
                            "day": pd.to_numeric(p["d"], errors="coerce")})
        far = ymd["year"] > parse._MAX_YMD[0]
        ymd.loc[far, ["year", "month", "day"]] = parse._MAX_YMD
        near = ymd["year"] < parse._MIN_YMD[0]
        ymd.loc[near, ["year", "month", "day"]] = parse._MIN_YMD
        date = pd.to_datetime(ymd.where(has_year), errors="coerce")
        # a no-year date-time: never a year; a no-year date alone is parse_dates' noyear already
        u_noyear = (matched & ~has_year & clock_ok).to_numpy()
        u_value = date.where(has_year & clock_ok)
        u_bad = (matched & ~clock_ok) | (has_year & date.isna())
        u_tod = clock.where(has_year & clock_ok)
        m_rows = matched.to_numpy()[codes]
        idx = rows[m_rows]
        c = codes[m_rows]
        value[idx] = u_value.to_numpy()[c]
        tod[idx] = u_tod.to_numpy()[c]
        bad[idx] = u_bad.to_numpy()[c]
        noyear[idx] = u_noyear[c]
        ambiguous[idx] = False
        # month/day/year with a time (1/15/2024 10:30 AM, issue 12): parse_dates read the date; its time
        mdy = t.str.extract(_MDY_TIME)
        h = pd.to_numeric(mdy["H"], errors="coerce")
        pm = mdy["ap"].str.lower().eq("p").fillna(False) & (h < 12)
        am12 = mdy["ap"].str.lower().eq("a").fillna(False) & (h == 12)
        h = h.where(~pm, h + 12).where(~am12, 0)
        mins, secs = pd.to_numeric(mdy["M"], errors="coerce"), pd.to_numeric(mdy["S"], errors="coerce").fillna(0)
        fine = (h.notna() & ~matched & (h <= 23) & (mins <= 59) & (secs <= 59)).to_numpy()
        if fine.any():
            u_tod = pd.to_timedelta(h * 3600 + mins * 60 + secs, unit="s")
            t_rows = fine[codes]
            tod[rows[t_rows]] = u_tod.to_numpy()[codes[t_rows]]
        broken = (mdy["M"].notna() & ~matched).to_numpy() & ~fine     # 1/15/2024 25:00: not a time
        if broken.any():
            b_rows = rows[broken[codes]]
            value[b_rows] = pd.NaT
            bad[b_rows] = True
            ambiguous[b_rows] = False

    has_time = tod.notna() & (tod != pd.Timedelta(0))
    # a typed time of 00:00 ("2024-05-08 00:00") is a time; an Excel midnight is a date alone
    if is_text.any():
        has_time[idx] = tod[idx].notna().to_numpy()
    has_time &= value.notna()
    value = value + tod.where(has_time, pd.Timedelta(0)).where(value.notna())
    bad = bad & ~noyear
    return pd.DataFrame({"value": value.astype("datetime64[ns]"), "hastime": has_time.fillna(False).astype(bool),
                         "bad": bad.astype(bool), "noyear": noyear.astype(bool),
                         "ambiguous": ambiguous.astype(bool)})


def parse_times(raw: pd.Series, text: pd.Series | None = None,
                empty: pd.Series | None = None) -> pd.DataFrame:
    """Parse a time-of-day column: ``value`` (timedelta64[ns] since midnight, NaT where empty or
    unreadable) and ``bad`` (non-empty, not a time). Read: 14:30, 14:30:00, 14点30分, 下午2点半,
    an Excel time (a fraction of a day, or a time cell), a date-time's time (a date alone has
    none)."""
    if text is None:
        text = parse.clean_text(raw)
    if empty is None:
        empty = parse.empty_mask(text)
    value = pd.Series(pd.NaT, index=raw.index, dtype="timedelta64[ns]")
    objs = raw.to_numpy(dtype=object).tolist()
    is_obj = pd.Series([type(v) in (dt.time, dt.datetime, pd.Timestamp) for v in objs], index=raw.index) & ~empty
    if is_obj.any():
        value[is_obj] = _time_of_objects(raw[is_obj])
    kinds = parse._kinds(raw)
    is_num = pd.Series(kinds == 3, index=raw.index) & ~empty
    if is_num.any():
        num = pd.to_numeric(raw[is_num], errors="coerce")
        ok = ((num >= 0) & (num < 1)) | ((num >= 10000) & (num < 80000))
        value[ok[ok].index] = _serial_time(num[ok])
    is_text = ~is_obj & ~is_num & ~empty
    if is_text.any():
        rows, codes, t = _distinct_texts(text, is_text)
        p = t.str.extract(_TIME_ONLY)
        clock, clock_ok = _clock(p)
        per = clock.where(clock_ok)
        # a date-time typed as text: its time
        dtp = t.str.extract(_DATETIME)
        dclock, dclock_ok = _clock(dtp)
        per = per.fillna(dclock.where(dclock_ok & dtp["m"].notna()))
        value[rows] = per.to_numpy()[codes]
    return pd.DataFrame({"value": value, "bad": ~empty & value.isna()})
