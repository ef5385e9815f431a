"""Property-based: whatever users type under a catalog header, validation answers with findings,
never an exception, and every finding points inside the table it is about.

Grids are built in-process (collab_xl.core.grid.Grid + validate_grids) for speed: the values are
what the readers hand the core (str, int, float, bool, date, datetime with or without a time
zone, time, timedelta, None), including empty-likes, Excel error texts, formula-looking text,
full-width digits, very long and unusual Unicode.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from collab_xl.catalog import TABLES, Context, header_key
from collab_xl.core.grid import Grid, find_tables
from collab_xl.core.validate import validate_grids

TODAY = dt.date(2024, 6, 5)
TZ = dt.timezone(dt.timedelta(hours=8))

TYPED = [  # values that mean something to some column
    "2024-05-20", "2024/5/20", "2024.5.20", "2024年5月20日", "２０２４－０５－２０", "05-20", "20240520",
    "2024-05-20T10:00:00+08:00", "下周", "√", "×", "部分完成", "✓", "x", "已完成", "进行中", "合格", "电话", "微信",
    "周例会+钉钉群", "张三/技术部/13800138000", "李四/市场部/010-12345678转123", "a@b.cn", "13800138000",
    "2024Q2", "2024年第2季度", "2024-W19", "2024年5月第2周", "91350100M000100Y43", "91350100M000100Y44",
    "１２.５", "1,200", "¥1200", "1200元", "3万元", "28分", "-5", "1e309", "NaN", "inf",
    "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "=1+1", "+86 138", "@SUM(A1)", "战略供应商",
]
EMPTY_LIKE = ["", " ", "\u3000", "\n", "\t", "-", "—", "/", "无", "N/A", "n/a", "－", "／", "\u200b"]
ODD = st.text(alphabet=st.sampled_from(list("𠮷😀🚀é\u0301\u202e\u00a0\ufeff\x01\x0b中文ＡＢ１２（）:/、,+")),
              max_size=12)

cell_values = st.one_of(
    st.none(),
    st.sampled_from(EMPTY_LIKE),
    st.sampled_from(TYPED),
    st.text(max_size=20),
    ODD,
    st.text(min_size=3000, max_size=3000, alphabet="长𠮷a"),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31),
                 timezones=st.sampled_from([None, TZ, dt.timezone.utc])),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-3), max_value=dt.timedelta(days=3)),
)


@st.composite
def table_grid(draw, key: str):
    """A sheet with ``key``'s header (columns shuffled, some left out, extra ones added, a title
    above, the whole placed anywhere) and rows of arbitrary values, some merged down."""
    table = TABLES[key]
    headers = [c.header for c in table.columns]
    keep = draw(st.lists(st.sampled_from(headers), unique=True, min_size=max(3, int(len(headers) * 0.8)),
                         max_size=len(headers)))
    header = list(keep)
    if draw(st.booleans()):
        header.insert(draw(st.integers(0, len(header))), draw(st.sampled_from(["我的备注", "序号", "", "其他"])))
    if draw(st.booleans()):
        header.append(header[0])                         # a duplicated column
    header = [h if not draw(st.integers(0, 9)) == 0 else f" {h}\n" for h in header]
    width = len(header)
    body = draw(st.lists(st.lists(cell_values, min_size=width, max_size=width), max_size=12))
    title = [[f"{table.title[0]}"] + [""] * (width - 1)] if draw(st.booleans()) else []
    rows = title + [header] + body
    row0, col0 = draw(st.integers(0, 600)), draw(st.integers(0, 30))
    merged = []
    first = len(title) + 1
    for _ in range(draw(st.integers(0, 3))):
        if len(body) >= 2:
            i = draw(st.integers(first, len(rows) - 2))
            j = draw(st.integers(0, width - 1))
            k = draw(st.integers(i + 1, len(rows) - 1))
            merged.append(((row0 + i, col0 + j), (row0 + k, col0 + j)))
    return Grid(name=draw(st.sampled_from(["表", "Sheet1", "表4 进度😀", "O'Brien"])), rows=rows,
                row0=row0, col0=col0, merged=merged)


def check_findings_inside(report, grids) -> None:
    doc = report.to_dict()
    json.dumps(doc, ensure_ascii=False, default=str)          # the JSON document can be written
    assert doc["summary"]["errors"] + doc["summary"]["warnings"] == len(doc["findings"])
    for result in report.results:
        hit = result.hit
        grid = hit.grid
        first, last = hit.header_row + 1, grid.excel_row(hit.end_index - 1)
        letters = {c.key: {grid.letter(j) for name, j in list(hit.columns.items()) + list(hit.duplicates.items())
                           if name == c.name} for c in hit.table.columns}
        f = result.findings
        assert set(f["sheet"]) <= {grid.name}
        assert set(f["table"]) <= {hit.table.key}
        for row, column, cell, code in zip(f["row"], f["column"], f["cell"], f["code"]):
            assert column in letters, (column, code)
            col_letters = "".join(ch for ch in cell if ch.isalpha())
            assert cell == f"{col_letters}{row}", (cell, row)
            if code in ("CX001", "CX002"):                        # about the header itself
                assert row == hit.header_row, (code, row)
                if code == "CX001":
                    assert col_letters in letters[column]
                continue
            assert first <= row <= last, (code, row, first, last)
            assert col_letters in letters[column], (code, cell, column, letters[column])


@pytest.mark.parametrize("key", list(TABLES))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example,
                                                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_any_values_under_a_catalog_header_validate(key, data):
    grid = data.draw(table_grid(key))
    report = validate_grids("x.xlsx", [grid], Context(today=TODAY), lang=data.draw(st.sampled_from(["zh", "en"])))
    assert [r.table.key for r in report.results][:1] == [key] or not find_tables(grid)
    check_findings_inside(report, [grid])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example,
                                                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_several_tables_in_one_workbook(data):
    """Tables of different kinds in several sheets (名录 and 订单 together: the cross-sheet rule)."""
    keys = data.draw(st.lists(st.sampled_from(list(TABLES)), min_size=2, max_size=4))
    grids = []
    for n, key in enumerate(keys):
        g = data.draw(table_grid(key))
        g.name = f"{g.name}{n}"
        grids.append(g)
    report = validate_grids("x.xlsx", grids, Context(today=TODAY))
    check_findings_inside(report, grids)


def test_the_header_keys_of_the_catalog_are_distinct_per_table():
    """The property above relies on every catalog column having its own header key."""
    for t in TABLES.values():
        keys = [header_key(c.header) for c in t.columns]
        assert len(keys) == len(set(keys)), t.key


def test_the_check_notices_a_finding_outside_the_table():
    """check_findings_inside is not vacuous: a finding moved below the table, or to another
    column's cell, is caught."""
    from collab_xl.catalog import TABLES as T
    rows = [[c.header for c in T["partner_progress"].columns if not c.added],    # today's template
            ["项目", "伙伴", "阶段", "张三", "李四", "2024-05-10", "下周", "交付物", "", ""]]
    grid = Grid("表4", rows)
    report = validate_grids("x.xlsx", [grid], Context(today=TODAY))
    check_findings_inside(report, [grid])
    f = report.results[0].findings
    assert list(f["cell"]) == ["G2"]
    for column, value in (("row", 3), ("cell", "H2"), ("cell", "G3")):
        saved = f[column].copy()
        f[column] = value
        with pytest.raises(AssertionError):
            check_findings_inside(report, [grid])
        f[column] = saved
