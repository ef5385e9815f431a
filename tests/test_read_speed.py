"""The reader's faster paths (issue 17) read exactly what the plain ones did: the one-pass test
of a piece of sheet XML, and the sheet's rows taken in one call with only the candidates for a
blank row tested."""
from __future__ import annotations

import itertools
import random

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from collab_xl.io import read as R

PIECES = [
    b'<c r="A1" t="s"><v>0</v></c>', b'<c r="Z999999"><v>1</v></c>', b'<c r="AA1"><v>1</v></c>',
    b'<c r="A1000000"><v>1</v></c>', b'<c r="a1"><v>1</v></c>', b'<c t="s" r="B2"><v>3</v></c>',
    b'<c><v>1</v></c>', b'<c/>', b'<c\tr="A1"/>', b'<c\nr="A1"></c>', b'<c\rr="A1"></c>',
    b'<c  r="A1"/>', b'<c r="A1"/>', b'<c r=\'A1\'/>', b'<cols><col min="1" max="3"/></cols>',
    b'<cfRule type="expression"/>', b'<row r="5">', b'</row>', b'<c r="B12345678"/>',
    b'<c r="XFD1048576"><v>1</v></c>', b'<c r="A12"', b'<c r="', b'<c',
]


def _old(seg: bytes) -> bool:
    return bool(R._odd_cells(seg) or R._SUSPECT.search(seg))


@pytest.mark.parametrize("seg", PIECES + [a + b for a, b in itertools.product(PIECES, repeat=2)])
def test_one_pass_flags_the_pieces_the_two_tests_flagged(seg):
    assert bool(R._ODD_OR_FAR.search(seg)) == _old(seg)


def test_one_pass_on_random_sheets():
    rnd = random.Random(17)
    for _ in range(3000):
        seg = b"".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 12)))
        assert bool(R._ODD_OR_FAR.search(seg)) == _old(seg), seg


def _plain_rows(sheet, facts):
    """The previous reading: every row from iter_rows, each tested for blank."""
    start, end = sheet.start, sheet.end
    if start is None or end is None:
        return [], 0, 0
    row0, col0 = start
    height, width = end[0] - row0 + 1, end[1] - col0 + 1
    blank = object()
    rows = []
    for row in sheet.iter_rows():
        if len(row) > width:
            row = row[len(row) - width:]
        rows.append(blank if R._blank(row) else row)
    if len(rows) > height:
        rows = rows[len(rows) - height:]
    if facts is not None:
        for (r, c), text in facts.errors.items():
            i, j = r - 1 - row0, c - 1 - col0
            if 0 <= i < len(rows) and 0 <= j < width:
                if rows[i] is blank:
                    rows[i] = [""] * width
                if rows[i][j] in ("", None):
                    rows[i][j] = text
    while rows and rows[-1] is blank:
        rows.pop()
    return [[""] * width if r is blank else r for r in rows], row0, col0


def _book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "offset"
    ws["C5"], ws["D5"], ws["E6"], ws["C7"], ws["D7"] = "a", 1, "  ", " ", "x"
    ws["C9"], ws["E10"], ws["D12"] = "\t", " ", "\u3000"
    ws["D8"] = 0
    ws2 = wb.create_sheet("first blank")
    ws2["B2"], ws2["C3"], ws2["B4"], ws2["C4"], ws2["A6"], ws2["B7"] = "h", "v", " ", 5, False, " "
    wb.create_sheet("empty")
    ws4 = wb.create_sheet("only spaces")
    ws4["B2"], ws4["C3"] = " ", "  "
    wb.save(path)
    return path


def test_rows_in_one_call_are_the_rows_read_one_by_one(tmp_path):
    path = _book(tmp_path / "rows.xlsx")
    facts = R._check_zip(path)
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        got = R._sheet_rows(wb.get_sheet_by_name(name), facts.get(name))
        assert got == _plain_rows(wb.get_sheet_by_name(name), facts.get(name)), name
    grids = {g.name: g for g in R.read_workbook(path)}
    offset = grids["offset"]
    assert (offset.row0, offset.col0) == (4, 2)
    assert offset.rows[-1] == ["", 0, ""]           # rows of spaces (also U+3000) at the bottom are dropped
    assert ["", "", ""] in offset.rows                                             # an inner blank row is empty text
    assert grids["only spaces"].rows == []                                         # nothing but spaces: no rows
