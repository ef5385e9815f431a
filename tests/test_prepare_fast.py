"""The fast paths of ``core.prepare`` give exactly what the plain version (kept here as it was)
gives: one empty mask per column, the Excel-error test skipped by a column's distinct texts,
filling down by position, and a column of one string parsed as its first cell."""
from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from collab_xl.catalog import TABLES, Context
from collab_xl.catalog.conventions import EXAMPLE_TABLES
from collab_xl.catalog.kinds import KINDS, Cells
from collab_xl.cells import parse
from collab_xl.core import prepare as P

CTX = Context(today=dt.date(2024, 6, 5))


# The plain version -------------------------------------------------------------------------

def _plain_drop_blank_rows(table, raw, text, outside):
    if not len(text):
        return raw, text
    filled = np.zeros(len(text), dtype=bool)
    for c in table.columns:
        if c.name not in outside:
            filled |= text[c.name].to_numpy() != ""
    if filled.all():
        return raw, text
    keep = pd.Series(filled, index=text.index)
    return raw[keep], text[keep]


def _plain_fill_groups(table, raw, text, outside):
    ff = [c.name for c in table.columns if c.ffill and c.name not in outside]
    inherited = {}
    if not ff:
        return inherited
    start = ~parse.empty_mask(text[ff[0]])
    group = start.cumsum()
    for name in ff:
        blank = parse.empty_mask(text[name])
        filled_text = text[name].mask(blank).groupby(group).ffill()
        inherit = blank & ~start & (group > 0) & filled_text.notna()
        inherited[name] = inherit
        if inherit.any():
            filled_raw = raw[name].mask(blank).groupby(group).ffill()
            text.loc[inherit, name] = filled_text[inherit]
            raw.loc[inherit, name] = filled_raw[inherit]
    return inherited


def plain_prepare(table, raw, ctx, outside=frozenset()):
    text = pd.DataFrame({c.name: parse.clean(parse.cell_text(raw[c.name])) for c in table.columns}, index=raw.index)
    raw, text = _plain_drop_blank_rows(table, raw, text, outside)
    raw = raw.copy()
    inherited = _plain_fill_groups(table, raw, text, outside)
    out = {}
    for c in table.columns:
        t = text[c.name]
        xlerror = t.isin(parse.EXCEL_ERRORS)
        out[f"{c.name}__xlerror"] = xlerror
        r = raw[c.name]
        if xlerror.any():
            t = t.mask(xlerror, "")
            r = r.mask(xlerror, "")
        empty = parse.empty_mask(t)
        value = parse.to_value(t, empty)
        out[f"{c.name}__text"] = value
        for suffix, series in c.kind.parse(P._as_configured(table, c, ctx), Cells(raw=r, text=t, empty=empty, value=value), ctx).items():
            out[f"{c.name}__{suffix}" if suffix else c.name] = series
    for name, flag in inherited.items():
        out[f"{name}__inherited"] = flag
    return pd.DataFrame(out, index=raw.index), text


def assert_same(table, raw, outside=frozenset()):
    got, got_text = P.prepare(table, raw.copy(), CTX, outside)
    want, want_text = plain_prepare(table, raw.copy(), CTX, outside)
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    pd.testing.assert_frame_equal(got_text, want_text, check_exact=True)


# Odd values --------------------------------------------------------------------------------

ODD = ["", "", "", " ", "-", "无", "N/A", "／", "#N/A", "#DIV/0!", " 甲 ", "甲", "乙", "\u3000", "<NA>",
       None, np.nan, pd.NA, 0, 1, 1.0, 2.5, True, "2024-05-20", dt.date(2024, 5, 20),
       dt.datetime(2024, 5, 20, 9, 30), "是", "否", "已完成", "13800138000", "2024Q2"]
TABLES_ALL = {**TABLES, **EXAMPLE_TABLES}


def _frame(table, pools, n, rng, start=5):
    return pd.DataFrame({c.name: pd.Series([rng.choice(pools[c.name]) for _ in range(n)], dtype=object)
                         for c in table.columns}).set_axis(pd.RangeIndex(start, start + n))


@pytest.mark.parametrize("key", sorted(TABLES_ALL))
def test_prepare_is_plain_prepare_on_odd_values(key):
    table = TABLES_ALL[key]
    rng = random.Random(key)
    for n in (3, 150):
        # each column: a few odd values, or blanks with a few values (groups to fill down)
        pools = {c.name: rng.sample(ODD, 4) if rng.random() < .5 else ["", "", "", "", rng.choice(ODD)]
                 for c in table.columns}
        assert_same(table, _frame(table, pools, n, rng))


@pytest.mark.parametrize("key", sorted(TABLES_ALL))
@pytest.mark.parametrize("value", ["", "-", "无", "#N/A", "甲", "2024-05-20", "是", "12", "<NA>"])
def test_a_column_of_one_string_parses_as_its_cells(key, value):
    table = TABLES_ALL[key]
    rng = random.Random(f"{key}{value}")
    pools = {c.name: [value] if i % 2 else ["甲", "", "2024-05-20", 3.0] for i, c in enumerate(table.columns)}
    assert_same(table, _frame(table, pools, 80, rng))


def test_groups_fill_down_with_na_raw_values():
    """A typed cell whose raw value is NA (text "<NA>") is skipped by the raw fill, as ffill does."""
    table = TABLES["partner_progress"]
    ff = [c.name for c in table.columns if c.ffill]
    assert len(ff) >= 2
    rng = random.Random(7)
    for n in (5, 200):
        pools = {c.name: ["", "甲"] for c in table.columns}
        pools[ff[0]] = ["", "", "项目A", "项目B"]
        pools[ff[1]] = ["", "", pd.NA, "乙", "-", 5]
        assert_same(table, _frame(table, pools, n, rng))
        assert_same(table, _frame(table, pools, n, rng), outside=frozenset(ff[:1]))


def test_empty_frame():
    table = TABLES["partner_progress"]
    raw = pd.DataFrame({c.name: pd.Series([], dtype=object) for c in table.columns})
    assert_same(table, raw)


def test_every_kind_is_covered():
    used = {c.kind for t in TABLES_ALL.values() for c in t.columns}
    assert set(KINDS) <= used


def test_fill_groups_fills_raw_as_ffill_does():
    """The raw cells filled down, compared directly (the grouping columns' kinds may not read
    them): a typed cell whose raw value is NA (pd.NA shows "<NA>") is skipped, as ffill does."""
    table = TABLES["partner_progress"]
    ff = [c.name for c in table.columns if c.ffill]
    rng = random.Random(11)
    for n in (6, 300):
        pools = {c.name: ["", "甲"] for c in table.columns}
        pools[ff[0]] = ["", "", "项目A", "项目B", "-"]
        pools[ff[1]] = ["", "", pd.NA, "乙", "-", 5, dt.date(2024, 5, 20)]
        raw = _frame(table, pools, n, rng)
        text = pd.DataFrame({c.name: parse.clean_text(raw[c.name]) for c in table.columns}, index=raw.index)
        want_raw, want_text = raw.copy(), text.copy()
        want = _plain_fill_groups(table, want_raw, want_text, frozenset())
        got, filled = P._fill_groups(table, raw, text, frozenset())
        assert list(got) == list(want)
        for name in want:
            pd.testing.assert_series_equal(got[name], want[name], check_names=False)
            pd.testing.assert_series_equal(filled.get(name, raw[name]), want_raw[name], check_exact=True)
        pd.testing.assert_frame_equal(text, want_text, check_exact=True)
