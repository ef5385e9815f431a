"""extract's fast path (one object array for a rectangular body) gives exactly what the plain
one (a frame of the whole body, a Series per column) gives: same values (the very objects),
dtypes, index, columns; with merged cells, values read above the table, skipped rows, columns
past the body's width, and odd cell values."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from collab_xl.catalog import TABLES
from collab_xl.core.grid import Grid, find_tables
from collab_xl.core.validate import _extract_plain, extract

ODD = ["", " a  b ", "\u3000全角\u3000", "x\u200by", "-", "无", "N/A", None, np.nan, float("inf"), -0.0, 1.0, 1,
       True, False, 0, 1e15, 10**15, 12345678901234567890, dt.date(2024, 5, 20), dt.datetime(2024, 5, 20, 9, 30),
       dt.datetime(2024, 5, 20, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), pd.Timestamp("2024-05-20 08:00"),
       Decimal("1.00"), np.int64(7), np.float64(7.5), "2024-05-20", "请选择", "合计", "是"]


def same(hit) -> pd.DataFrame:
    fast, plain = extract(hit), _extract_plain(hit)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    assert list(fast.columns) == list(plain.columns) and fast.columns.dtype == plain.columns.dtype
    assert fast.index.equals(plain.index) and type(fast.index) is type(plain.index)
    assert list(fast.dtypes) == list(plain.dtypes)
    for name in plain.columns:
        assert all(a is b for a, b in zip(fast[name].tolist(), plain[name].tolist())), name
    return fast


def rows_of(key: str, n: int, width: int | None = None, title: str | None = None) -> list[list]:
    cols = TABLES[key].columns
    head = [c.header for c in cols]
    width = width or len(head)
    body = [[ODD[(i * 7 + j) % len(ODD)] for j in range(width)] for i in range(n)]
    return ([[title] + [""] * (width - 1)] if title else []) + [head[:width] + [""] * (width - len(head))] + body


def hits(grid: Grid):
    found = find_tables(grid)
    assert found
    return found


def test_odd_values_and_no_extras():
    g = Grid("表4", rows_of("partner_progress", 40))
    for h in hits(g):
        same(h)


def test_merged_cells_outside_skipped():
    rows = rows_of("client_issues", 30, title="客户问题跟踪")
    rows[5][0] = "合计"                     # a total row: skipped
    g = Grid("客户问题", rows, row0=3, col0=2,
             merged=[((3 + 3, 2 + 0), (3 + 7, 2 + 0)),     # a grouping (ffill) column: left as it is
                     ((3 + 3, 2 + 3), (3 + 9, 2 + 3)),     # another column: the value on every row
                     ((3 + 1, 2 + 4), (3 + 4, 2 + 4)),     # from the header down: not the body's
                     ((3 + 28, 2 + 5), (3 + 60, 2 + 5)),   # past the end
                     ((3 + 10, 2 + 1), (3 + 10, 2 + 6)),   # across only
                     ((3 + 12, 2 + 40), (3 + 14, 2 + 40))])  # no catalog column
    for h in hits(g):
        assert h.skipped
        same(h)


def test_values_read_above_the_table():
    rows = [["汇报人:张三", "部门:销售部", "汇报周期:2024年5月第2周"]]
    t = TABLES["work_report"]
    head = [c.header for c in t.columns if not c.above]
    rows.append(head)
    rows += [[ODD[(i + j) % len(ODD)] for j in range(len(head))] for i in range(12)]
    found = hits(Grid("工作汇报", [r + [""] * (len(head) - len(r)) for r in rows]))
    assert found[0].outside
    for h in found:
        same(h)


def test_header_wider_than_the_body_and_ragged_or_empty_bodies():
    rows = rows_of("purchase_orders", 10)
    body_width = len(rows[1]) - 3
    wide = [rows[0]] + [r[:body_width] for r in rows[1:]]          # header longer than every body row
    assert len(wide[0]) > len(wide[1])
    for h in hits(Grid("采购订单", wide)):
        same(h)
    ragged = [rows[0]] + [r[: body_width + (i % 3)] for i, r in enumerate(rows[1:])]
    with pytest.warns(Warning):
        for h in hits(Grid("采购订单", ragged)):
            same(h)
    for h in hits(Grid("采购订单", rows[:1])):
        assert same(h).empty


@pytest.mark.parametrize("top", ODD, ids=repr)
def test_any_value_merged_down(top):
    rows = rows_of("client_issues", 8)
    rows[2][3] = top                        # a body row, merged down over the next four
    g = Grid("客户问题", rows, merged=[((2, 3), (6, 3)), ((2, 0), (4, 0))])
    for h in hits(g):
        assert h.table.key == "client_issues"
        same(h)
