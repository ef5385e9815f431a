"""tests/pkgdiff.py, the independent package comparison the writer's acceptance tests rely on:
it must see every kind of loss on small synthetic packages, and let additions through."""
from __future__ import annotations

import zipfile

import pytest

from pkgdiff import assert_identical, assert_only_added, compare, compare_parts

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}">'
         '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>5</v></c></row>'
         '<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c></row></sheetData>'
         '<dataValidations count="1"><dataValidation type="list" sqref="C2:C9"><formula1>"是,否"</formula1>'
         '</dataValidation></dataValidations><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
         'header="0.3" footer="0.3"/></worksheet>')
PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/worksheets/sheet1.xml": SHEET,
    "xl/media/image1.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR-not-really",
    "xl/vbaProject.bin": bytes(range(256)),
}


def pack(path, parts: dict, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def edited(tmp_path, name="new.xlsx", **changes):
    parts = dict(PARTS)
    for key, fn in changes.items():
        part = {"sheet": "xl/worksheets/sheet1.xml", "png": "xl/media/image1.png", "vba": "xl/vbaProject.bin"}[key]
        parts[part] = fn(parts[part])
    return pack(tmp_path / name, parts)


@pytest.fixture
def original(tmp_path):
    return pack(tmp_path / "orig.xlsx", PARTS)


def test_same_parts_recompressed_are_identical(original, tmp_path):
    stored = pack(tmp_path / "stored.xlsx", PARTS, zipfile.ZIP_STORED)
    assert_identical(original, stored)
    d = compare(original, stored)
    assert sorted(d.identical) == sorted(PARTS)


def test_a_removed_part_is_caught(original, tmp_path):
    parts = {k: v for k, v in PARTS.items() if k != "xl/media/image1.png"}
    d = compare(original, pack(tmp_path / "new.xlsx", parts))
    assert d.removed == ["xl/media/image1.png"]
    with pytest.raises(AssertionError, match=r"xl/media/image1.png: part removed"):
        assert_only_added(original, tmp_path / "new.xlsx", may_change=["xl/worksheets/*.xml"])


def test_a_changed_byte_in_an_untouched_part_is_caught(original, tmp_path):
    new = edited(tmp_path, vba=lambda b: b[:100] + b"\x00" + b[101:])
    d = compare(original, new)
    assert list(d.changed) == ["xl/vbaProject.bin"] and not d.changed["xl/vbaProject.bin"].xml
    with pytest.raises(AssertionError, match=r"xl/vbaProject.bin: not byte-identical"):
        assert_only_added(original, new, may_change=["xl/worksheets/*.xml"])


def test_a_reformatted_xml_part_is_not_byte_identical_unless_it_may_be_touched(original, tmp_path):
    new = edited(tmp_path, sheet=lambda s: s.replace(' standalone="yes"', ""))
    with pytest.raises(AssertionError, match=r"sheet1.xml: not byte-identical"):
        assert_only_added(original, new)
    assert_only_added(original, new, may_change=["xl/worksheets/sheet1.xml"])


def test_added_elements_and_parts_pass(original, tmp_path):
    cf = ('<conditionalFormatting sqref="B1:B9"><cfRule type="expression" dxfId="0" priority="1">'
          '<formula>ISERROR(B1)</formula></cfRule></conditionalFormatting>')
    new = edited(tmp_path, sheet=lambda s: s.replace("<dataValidations", cf + "<dataValidations")
                 .replace("</row></sheetData>", '<c r="B2"><v>1</v></c></row><row r="3"/></sheetData>')
                 .replace('count="1"', 'count="2"').replace("</dataValidations>",
                 '<dataValidation type="whole" sqref="D1"/></dataValidations>'))
    with zipfile.ZipFile(new, "a") as zf:
        zf.writestr("xl/worksheets/sheet9.xml", SHEET)
    d = assert_only_added(original, new, may_change=["xl/worksheets/sheet1.xml"])
    assert d.added == ["xl/worksheets/sheet9.xml"]
    assert d.changed["xl/worksheets/sheet1.xml"].only_added


def test_a_namespace_prefix_is_not_a_change(original, tmp_path):
    """.NET's Open XML SDK writes x:row; re-written with a default namespace it is the same tree."""
    prefixed = (SHEET.replace(f'<worksheet xmlns="{NS}">', f'<x:worksheet xmlns:x="{NS}">')
                .replace("</worksheet>", "</x:worksheet>"))
    prefixed = __import__("re").sub(r"<(/?)(?!x:|\?)(\w)", r"<\1x:\2", prefixed)
    a = compare_parts("xl/worksheets/sheet1.xml", prefixed.encode(), SHEET.encode())
    assert a.xml and a.only_added, a


def test_a_removed_element_is_caught_with_its_path(original, tmp_path):
    new = edited(tmp_path, sheet=lambda s: s.replace('<c r="B1" s="2"><v>5</v></c>', ""))
    with pytest.raises(AssertionError) as e:
        assert_only_added(original, new, may_change=["xl/worksheets/sheet1.xml"])
    assert "xl/worksheets/sheet1.xml: /worksheet/sheetData/row[r=1]/c[r=B1]: element removed" in str(e.value)


def test_a_changed_attribute_is_caught(original, tmp_path):
    new = edited(tmp_path, sheet=lambda s: s.replace('<c r="B1" s="2">', '<c r="B1" s="7">'))
    c = compare(original, new).changed["xl/worksheets/sheet1.xml"]
    assert not c.only_added
    assert str(c.mismatch) == "/worksheet/sheetData/row[r=1]/c[r=B1]: attribute s: '2' → '7'"


def test_an_attribute_added_to_an_existing_element_is_caught(original, tmp_path):
    new = edited(tmp_path, sheet=lambda s: s.replace('<c r="A2" t="inlineStr">', '<c r="A2" t="inlineStr" s="9">'))
    c = compare(original, new).changed["xl/worksheets/sheet1.xml"]
    assert "c[r=A2]: attribute s='9' added to an existing element" in str(c.mismatch)


def test_changed_text_is_caught(original, tmp_path):
    new = edited(tmp_path, sheet=lambda s: s.replace("<t>张三</t>", "<t>李四</t>"))
    c = compare(original, new).changed["xl/worksheets/sheet1.xml"]
    assert str(c.mismatch) == "/worksheet/sheetData/row[r=2]/c[r=A2]/is/t: text '张三' → '李四'"


def test_a_reordered_element_is_caught(original, tmp_path):
    new = edited(tmp_path, sheet=lambda s: s.replace(
        '<c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>5</v></c>', '<c r="B1" s="2"><v>5</v></c><c r="A1" t="s"><v>0</v></c>'))
    c = compare(original, new).changed["xl/worksheets/sheet1.xml"]
    assert not c.only_added and "reordered" in str(c.mismatch) and "row[r=1]" in str(c.mismatch)


def test_count_attributes_may_change_and_callers_may_free_others(original, tmp_path):
    new = edited(tmp_path, sheet=lambda s: s.replace('count="1"', 'count="5"'))
    assert compare(original, new).changed["xl/worksheets/sheet1.xml"].only_added
    new2 = edited(tmp_path, "new2.xlsx", sheet=lambda s: s.replace('left="0.7"', 'left="1"'))
    assert not compare(original, new2).changed["xl/worksheets/sheet1.xml"].only_added
    assert compare(original, new2, {"xl/worksheets/*": {"pageMargins@left"}}).changed["xl/worksheets/sheet1.xml"].only_added
    assert not compare(original, new2, {"xl/worksheets/*": {"pageMargins@right"}}).changed[
        "xl/worksheets/sheet1.xml"].only_added


def test_a_part_that_is_not_xml_any_more_is_a_change(original, tmp_path):
    new = edited(tmp_path, sheet=lambda s: s[:-5])
    c = compare(original, new).changed["xl/worksheets/sheet1.xml"]
    assert not c.xml and not c.only_added


def test_excel_vml_with_unclosed_br_is_compared_as_xml(tmp_path):
    vml = ('<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape id="_x0000_s1025"><v:textbox>'
           '<div>第一行<br>第二行</div></v:textbox></v:shape></xml>')
    more = vml.replace("</xml>", '<v:shape id="_x0000_s1026"/></xml>')
    assert compare_parts("xl/drawings/vmlDrawing1.vml", vml.encode(), more.encode()).only_added
    assert not compare_parts("xl/drawings/vmlDrawing1.vml", vml.encode(), vml.replace("第二行", "").encode()).only_added
