"""read.py's far-cell guard places cells exactly as python-calamine does (``_extent``): checked
against python-calamine itself on small sheets written in every way the guard must understand —
prefixes, references in lower case or single quotes, ">" and "/>" inside attribute values, cells
without a reference placed by their row and order, self-closed cells that hold nothing."""
from __future__ import annotations

import zipfile

import pytest
from python_calamine import CalamineWorkbook

import corpus
from collab_xl.io import read

V = '<is><t>x</t></is>'           # an inline string: every open cell below holds a value


def Q(text: str) -> str:
    return f'"{text}"'


def R(ref: str) -> str:
    """The usual reference attribute: r="B2"."""
    return f"r={Q(ref)}"


def cell(attrs: str = "") -> str:
    """An open cell holding a value, with ``attrs`` after its type (no reference by default)."""
    return f'<c t="inlineStr" {attrs}>{V}</c>' if attrs else f'<c t="inlineStr">{V}</c>'


SHEETS = {
    "plain": f'<row r="2">{cell(R("B2"))}</row>',
    "x-prefix": '<x:row r="3"><x:c r="C3" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>'
                '<x:c t="inlineStr"><x:is><x:t>y</x:t></x:is></x:c></x:row>',
    "ns0-no-refs": '<ns0:row r="40"><ns0:c t="inlineStr"><ns0:is><ns0:t>x</ns0:t></ns0:is></ns0:c>'
                   '<ns0:c t="inlineStr"><ns0:is><ns0:t>y</ns0:t></ns0:is></ns0:c></ns0:row>',
    "non-ascii-prefix": '<表:row r="8"><表:c r="F8" t="inlineStr"><表:is><表:t>x</表:t></表:is></表:c>'
                        '<表:c t="inlineStr"><表:is><表:t>y</表:t></表:is></表:c></表:row>',
    "lower-case": f'<row r="7">{cell(R("aa7"))}</row>',
    "single-quotes-spaces": f"<row r='9'>{cell(chr(114) + ' = ' + repr('AB9'))}</row>",
    "gt-in-attribute": f'<row r="5">{cell("foo=" + Q(">") + " " + R("AC5"))}</row>',
    "slash-gt-in-attribute": f'<row r="6"><c r="AD6" foo="/>" t="inlineStr">{V}</c></row>',
    "self-closed-far": f'<row r="4">{cell(R("D4"))}</row><row r="900"><c r="ZZ900" s="1"/></row>',
    "rows-and-cells-without-refs": f'<row r="10">{cell()}{cell()}</row><row>{cell()}{cell()}{cell()}</row>',
    "ref-then-counted": f'<row r="12">{cell(R("X12"))}{cell()}{cell()}</row>',
    "self-closed-row-counts": f'<row r="3">{cell(R("E3"))}</row><row r="20"/><row/><row>{cell()}</row>',
    "self-closed-cells-move-on": f'<row r="3"><c r="Z3" s="1"/>{cell()}</row><row><c s="1"/><c s="1"/>{cell()}</row>',
    "empty-values-are-not-cells-for-calamine": '<row r="3"><c r="Z3"><v/></c></row>',
}


# An open cell whose value is empty (<v/>) is no cell to python-calamine; the guard, which does
# not look inside cells, counts it (a refusal at worst, never a crash).
COUNTED_ANYWAY = {"empty-values-are-not-cells-for-calamine"}


def book(tmp_path, name: str, body: str):
    xml = corpus.sheet_xml([["表头"]], tail=body)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = xml.replace("<worksheet ", f'<worksheet xmlns:x="{main}" xmlns:ns0="{main}" xmlns:表="{main}" ')
    return corpus.raw_xlsx(tmp_path / f"{name}.xlsx", [("S", xml)])


@pytest.mark.parametrize("size", [read.CHUNK, 5])
@pytest.mark.parametrize("name", list(SHEETS))
def test_extent_is_where_calamine_puts_the_cells(tmp_path, name, size):
    path = book(tmp_path, name, SHEETS[name])
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S")
    (r0, c0), (r1, c1) = sheet.start, sheet.end
    with zipfile.ZipFile(path) as zf:
        got = read._extent(zf, "xl/worksheets/sheet1.xml", size=size)
    want = (r0 + 1, c0 + 1, r1 + 1, c1 + 1)
    if name in COUNTED_ANYWAY:      # the guard may count more than calamine allocates, never less
        assert got[:2] <= want[:2] and got[2] >= want[2] and got[3] >= want[3], (name, got, want)
    else:
        assert got == want, (name, got)
