"""The fast paths of parsing give exactly what the plain pandas versions give."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd

from collab_xl.cells import parse

ODD = ["", " a  b ", "\u3000全角\u3000", "x\u200by", "\ufeffbom", "line\nbreak", "-", "无", "N/A",
       None, np.nan, float("inf"), -0.0, 0.0, 1.0, 1, True, False, 0, 2.5, 1e15, 10**15, 1e16, 12345678901234567890,
       dt.date(2024, 5, 20), dt.datetime(2024, 5, 20), dt.datetime(2024, 5, 20, 9, 30),
       dt.datetime(2024, 5, 20, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
       dt.datetime(2024, 5, 20, 15, 0, tzinfo=dt.timezone.utc), pd.Timestamp("2024-05-20 08:00"),
       Decimal("1.0"), Decimal("1.00"), np.int64(7), np.float64(7.0), np.float64(7.5), "2024-05-20"]


def test_clean_text_is_clean_of_cell_text():
    raw = pd.Series(ODD * 3, index=range(10, 10 + 3 * len(ODD)), dtype=object)
    pd.testing.assert_series_equal(parse.clean_text(raw), parse.clean(parse.cell_text(raw)), check_exact=True)


def test_clean_text_empty():
    raw = pd.Series([], dtype=object)
    pd.testing.assert_series_equal(parse.clean_text(raw), parse.clean(parse.cell_text(raw)), check_exact=True)


def test_clean_text_long_columns_with_values_that_compare_equal():
    """Long columns take the factorize path; 1, 1.0, True, aware datetimes of one instant and
    Decimal 1.0/1.00 compare equal but display differently, so they must not be merged."""
    import random
    rng = random.Random(3)
    pools = [
        ["合格", "待验收", " 合格 ", True, 1, 1.0, 0, False, -0.0, None, np.nan, "1", pd.NA],
        [dt.date(2024, 5, 20), dt.date(2024, 5, 21), "下周", "", dt.datetime(2024, 5, 20, 10),
         dt.datetime(2024, 5, 20, 23, tzinfo=dt.timezone(dt.timedelta(hours=8))),
         dt.datetime(2024, 5, 20, 15, tzinfo=dt.timezone.utc), pd.Timestamp("2024-05-20 10:00"),
         Decimal("1.0"), Decimal("1.00"), 10**15, 1e15],
        ["甲", "乙", "丙 ", "\u3000丁", dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, 8), None],
        [dt.date(2024, 5, 20) + dt.timedelta(days=i) for i in range(30)] + ["2024-05-20", ""],
        # floats alone (with text) are factorized even with 0 and 1; ints alone too
        [1.0, 0.0, -0.0, 2.5, 1e15, 1e16, 1e-7, 12.0, float("inf"), np.nan, None, "", " 3 ", "1"],
        [1, 0, 10**15, 10**16, -3, 12, "", "1", None],
        # a float and an int of one value display alike below 1e15 …
        [2.0, 2, 3.5, 7, "x"],
        # … but not from there on, nor 1.0 and True
        [1e15, 10**15, 2.0, "x"],
        [1.0, True, 2.0, "x"],
    ]
    for pool in pools:
        for n in (500, 9000):      # a head sample, a sample spread over the column
            raw = pd.Series([rng.choice(pool) for _ in range(n)], dtype=object)
            pd.testing.assert_series_equal(parse.clean_text(raw), parse.clean(parse.cell_text(raw)), check_exact=True)


def test_to_value_of_strings_is_to_value():
    text = parse.clean_text(pd.Series(ODD * 3, index=range(7, 7 + 3 * len(ODD)), dtype=object))
    for empty in (parse.empty_mask(text), pd.Series(False, index=text.index), pd.Series(True, index=text.index)):
        got = parse.to_value(text, empty, strings=True)
        pd.testing.assert_series_equal(got, parse.to_value(text, empty), check_exact=True)
        assert type(got.array) is type(parse.to_value(text, empty).array)


def test_a_column_of_one_string():
    """Cleaned once and repeated; not when a cell is an equal string of another type."""
    for n in (65, 5000):
        for cells in ([""] * n, [" 甲 "] * n, [""] * (n - 1) + [np.str_("")], [""] * (n - 1) + [None],
                      [""] * (n - 1) + [0.0], ["x"] * (n - 1) + [np.str_("x ")]):
            raw = pd.Series(cells, dtype=object)
            got = parse.clean_column(raw)
            np.testing.assert_array_equal(got.text, parse.clean(parse.cell_text(raw)).to_numpy())
            assert got.constant == (len({type(c) for c in cells}) == 1 and len(set(cells)) == 1)
            if got.values is not None:
                assert got.values == set(got.text.tolist())


def test_factorize_of_objects_is_pd_factorize():
    for values in (["甲", "乙", "甲", "", "a b", "乙"], ["x"], [], ["甲", None, np.nan, "甲", 1.5, dt.date(2024, 5, 20)]):
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        codes, uniques = parse._factorize(arr)
        want_codes, want_uniques = pd.factorize(arr)
        np.testing.assert_array_equal(codes, want_codes)
        assert uniques.tolist() == want_uniques.tolist()
        assert codes.dtype == want_codes.dtype and uniques.dtype == want_uniques.dtype
