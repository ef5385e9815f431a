"""The package editor's primitives (collab_xl/io/package.py, io/book_parts.py): what is spliced in
comes out again byte for byte, whatever prefix or quoting the producer used."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import richbooks
from collab_xl.io.book_parts import Book
from collab_xl.io.package import Package, PackageError, elements, splice

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_elements_reads_any_prefix_and_attribute_values_holding_brackets():
    data = (f'<x:sheets xmlns:x="{MAIN}"><x:sheet name="a&gt;b" sheetId="1" r:id="R1"/>'
            f"<x:sheet name='c>d' sheetId=\"2\" r:id=\"R2\"></x:sheet></x:sheets>").encode()
    found = list(elements(data, "sheet"))
    assert [e.attrs["name"] for e in found] == ["a>b", "c>d"]
    assert [e.attr("id:") for e in found] == ["R1", "R2"]
    assert not list(elements(data, "sheets", b""))                   # the prefix is part of the name
    assert splice(data, [(found[1].start, found[1].end, b"")]).endswith(b'r:id="R1"/></x:sheets>')


def _copy_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _saved(pkg: Package) -> dict[str, bytes]:
    buf = io.BytesIO()
    pkg.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_rules_and_notes_beside_the_users_come_out_byte_for_byte(tmp_path):
    """On a sheet that has the user's notes and rules, ours are appended and then removed: every
    part is the original's again (styles aside: formats are only ever appended)."""
    src = richbooks.rich_book(tmp_path / "丰富.xlsx")
    original = _copy_parts(src)
    pkg = Package(src)
    book = Book(pkg)
    sheet = "表4 进度"
    assert book.note_cells(sheet)                                   # the user has notes there
    dxf = book.add_dxf("FFC7CE", "9C0006")
    book.add_rules(sheet, [("A2:J9", dxf, "COUNTIF('_collab_xl'!$A:$A,\"x\")>0")])
    noted = book.add_notes(sheet, [("B3", "【collab-xl】\n[CX1] a"), ("G5", "【collab-xl】\n[CX2] b")])
    assert noted == ["B3"]                                          # G5 has the user's note: left alone
    middle = _saved(pkg)
    assert middle != original
    assert book.remove_rules(sheet, "_collab_xl", ["A"]) == 1
    book.remove_notes(sheet, {"B3": ("", "")})
    after = _saved(pkg)
    changed = sorted(n for n in original if after.get(n) != original[n])
    assert changed == ["xl/styles.xml"] and set(after) == set(original)


def test_a_sheet_added_and_removed_leaves_the_workbook_as_it_was(tmp_path):
    src = richbooks.rich_book(tmp_path / "丰富.xlsx")
    original = _copy_parts(src)
    import openpyxl
    scratch = openpyxl.Workbook()
    ws = scratch.active
    ws.title = "校验结果"
    ws["A1"] = "标题"
    ws.print_title_rows = "3:3"
    buf = io.BytesIO()
    scratch.save(buf)
    pkg = Package(src)
    book = Book(pkg)
    assert book.graft(buf.getvalue()) == ["校验结果"]
    assert [s.name for s in book.sheets()][-1] == "校验结果"
    book.remove_sheet("校验结果")
    after = _saved(pkg)
    assert set(n for n in original if after.get(n) != original[n]) <= {"xl/styles.xml"}
    assert set(after) == set(original)


def test_a_dtd_anywhere_is_refused_before_anything_is_read(tmp_path):
    src = richbooks.rich_book(tmp_path / "丰富.xlsx")
    parts = _copy_parts(src)
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(bomb, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d if n != "docProps/app.xml" else b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
    with pytest.raises(PackageError):
        Package(bomb)


def test_clear_gives_back_a_note_the_previous_release_merged_ours_into(tmp_path, cli):
    """The previous release put its message into the user's own note (and recorded the original
    in the mark sheet): clear gives the note its text and its author back."""
    import openpyxl
    from openpyxl.comments import Comment
    from collab_xl.core.output import MARK_HEADER, REGISTRY_COL, REGISTRY_HEADER
    path = tmp_path / "旧版.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表4"
    ws["G5"] = "下周"
    ws["G5"].comment = Comment("等对方确认\n\n【collab-xl】\n[CX102] 「下周」不是日期", "collab-xl")
    ms = wb.create_sheet("_collab_xl")
    ms.sheet_state = "hidden"
    header = MARK_HEADER + [""] * (REGISTRY_COL - len(MARK_HEADER)) + REGISTRY_HEADER   # no column N: the old layout
    ms.append(header)
    ms.append(["表4!G5", "", "", "", "表4", "G5", "等对方确认", "李四"])
    wb.save(path)
    r = cli("clear", path, "--out", tmp_path / "清除.xlsx")
    assert r.exit_code == 0, r.stderr
    back = openpyxl.load_workbook(tmp_path / "清除.xlsx")
    assert back.sheetnames == ["表4"]
    note = back["表4"]["G5"].comment
    assert (note.text, note.author) == ("等对方确认", "李四")
