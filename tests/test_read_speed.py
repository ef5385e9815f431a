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


def test_one_pass_is_the_earlier_pattern_on_random_bytes():
    """The one-pass pattern, rewritten for speed (look-ahead first, digits possessive), flags the
    same places as the pattern it replaced, on random strings of the bytes that matter to it."""
    import re
    earlier = re.compile(rb'<c(?:[\t\n\r>/]| (?!r="[A-Z]\d{1,6}"))')
    parts = [b"<c", b" ", b'r="', b"A", b"Z", b"a", b"1", b"9", b"0", b'"', b">", b"/", b"\t", b"\n", b"\r",
             b'<c r="', b"\x00", b"\xff", b"=", b"'", b"123456", b"\f", b"\v", b"\xd9", b"<col", b"<"]
    rnd = random.Random(1717)
    for _ in range(20000):
        seg = b"".join(rnd.choice(parts) for _ in range(rnd.randint(1, 14)))
        assert [m.start() for m in R._ODD_OR_FAR.finditer(seg)] == [m.start() for m in earlier.finditer(seg)], seg


@pytest.mark.parametrize("rx, rare, at", [(R._HAS_ERROR, b"e", 3), (R._HAS_FORMULA, b"f", 1),
                                          (R._PREFIX_HINT, b":", 0)])
def test_rare_byte_search_is_the_regex_search(rx, rare, at):
    """``_has`` (memchr for a rare byte, then the regex where it sits) answers as the regex's own
    search of ``seg[:stop]`` does: with the byte absent, rare, or common enough to fall back."""
    parts = [b"t", b"=", b'"', b"e", b'"e"', b't="e"', b"<", b"f", b"<f", b" ", b">", b"/", b"<f>", b"ee", b"ff",
             b'<c r="A1" t="s"><v>1</v></c>', b'<row r="2" customHeight="1" x14ac:dyDescent="0.25">',
             b":", b"x:c", b"<x:c ", b"</x:row>", b":row", b"row", b"c", b'spans="1:9"', b"\n"]
    rnd = random.Random(8)
    for _ in range(20000):
        seg = b"".join(rnd.choice(parts) for _ in range(rnd.randint(0, 40)))
        stop = rnd.randint(0, len(seg))
        assert R._has(rx, seg, stop, rare, at) == (rx.search(seg, 0, stop) is not None), (seg, stop)


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


def _prefixed(src, dst):
    """``src`` with its sheet's tags written with a prefix (<x:c>, </x:row>), as .NET tools write them."""
    import re
    import zipfile
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<(/?)(c|row|v|f|sheetData)(?=[\s/>])", rb"<\1x:\2", data)
                data = data.replace(b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/'
                                                    b'spreadsheetml/2006/main" ', 1)
            zout.writestr(info, data)
    return dst


@pytest.mark.parametrize("prefix", [False, True])
def test_zip_pass_finds_the_same_in_small_pieces_as_in_one(tmp_path, monkeypatch, prefix):
    """The zip pass reads a sheet in pieces cut after whole cells: error cells and formulas
    without a cached value are found wherever the cuts fall (with and without tag prefixes)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 120):
        ws.cell(r, 1, f"row {r}")
        ws.cell(r, 2, r * 1.5)
        if r % 7 == 0:
            ws.cell(r, 3, "#N/A")                   # an error cell
        if r % 11 == 0:
            ws.cell(r, 4, f"=B{r}*2")               # a formula without a cached value
    path = tmp_path / "book.xlsx"
    wb.save(path)
    if prefix:
        path = _prefixed(path, tmp_path / "prefixed.xlsx")
    whole = R._check_zip(path)
    errors = whole["Sheet"].errors
    assert len(errors) == 119 // 7 and errors[(7, 3)] == "#N/A"
    assert len(whole["Sheet"].uncached) == 119 // 11 and (11, 4) in whole["Sheet"].uncached
    for size in (64, 97, 1000, 4096):
        monkeypatch.setattr(R, "CHUNK", size)
        got = R._check_zip(path)
        assert {k: vars(v) for k, v in got.items()} == {k: vars(v) for k, v in whole.items()}, size


def _bad_crc(path, member):
    """``path`` with the CRC of ``member`` wrong in both its headers."""
    import struct
    import zipfile
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        data[zf.getinfo(member).header_offset + 14] ^= 0xFF
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        n = struct.unpack("<H", data[pos + 28:pos + 30])[0]
        if data[pos + 46:pos + 46 + n] == member.encode():
            data[pos + 16] ^= 0xFF
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("rows", [20, 300])
@pytest.mark.parametrize("dtd, crc", [(False, False), (True, False), (True, True)])
def test_pieces_read_in_steps_are_the_pieces_read_at_once(tmp_path, monkeypatch, rows, dtd, crc):
    """The zip pass inflates each piece of CHUNK bytes in steps of STEP bytes: the same facts, and
    the same answer where a DTD and a damaged member meet (a part smaller than a piece is found
    damaged at its end first, a bigger one unsafe first), as reading each piece in one go."""
    import corpus
    body = "".join(f'<row r="{i}"><c r="A{i}" t="e"><v>#N/A</v></c><c r="B{i}"><f>A{i}</f></c></row>'
                   for i in range(2, rows))
    xml = corpus.sheet_xml([["h"]], tail=body)
    if dtd:
        xml = '<!DOCTYPE x [<!ENTITY a "b">]>' + xml
    path = corpus.raw_xlsx(tmp_path / "steps.xlsx", [("S", xml)])
    if crc:
        _bad_crc(path, "xl/worksheets/sheet1.xml")

    def facts():
        try:
            return {k: vars(v) for k, v in R._check_zip(path).items()}
        except Exception as e:
            return type(e).__name__, str(e)
    for chunk in (1000, 4096):
        monkeypatch.setattr(R, "CHUNK", chunk)
        monkeypatch.setattr(R, "STEP", chunk)
        want = facts()
        for step in (7, 300, 999):
            monkeypatch.setattr(R, "STEP", step)
            assert facts() == want, (chunk, step)
