"""Rebuild the producer fixtures of this folder (see SOURCES.md for what each holds and where its
parts come from):

    PYTHONPATH=. python tests/data/producers/make.py [--only KEY ...]

* lo-sample.xlsx       – workbooks/示例-已填写.xlsx through ``soffice --headless --convert-to xlsx``.
* lo-features.xlsx     – 表4 and 供应商评估表 plus a picture, a note, a chart, conditional formats,
                         a data validation, a protected sheet, defined names and a hyperlink, put in
                         an .xlsx by openpyxl (the picture by XML: no Pillow here), then converted by
                         LibreOffice, so every part of the fixture is LibreOffice's.
* excel-quickstart.xlsm – xlwings' quickstart.xlsm (written by Excel) with 表4 and 供应商评估表
                         added as two worksheet parts; Excel's other parts keep their bytes.
* dotnet-sdk.xlsx      – written here the way .NET's Open XML SDK writes: ``x:`` prefix on every
                         SpreadsheetML element, relationship ids ``R…`` of 16 hex digits, part names
                         of its own (xl/worksheets/sheet.xml, absolute /xl/worksheets/Sheet-Orders.xml),
                         shared strings, real date serials, no docProps.
* excel-features.xlsm  – excel-quickstart.xlsm plus everything issue 11 lists (synthesized
                         minimal-valid parts, written after the ECMA-376 / MS-XLSX schemas).

Needs LibreOffice (soffice) for the lo-* fixtures, and xlwings installed for the Excel ones.
"""
from __future__ import annotations

import argparse
import re
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))        # tests/

from producers import (  # noqa: E402
    DATA, EVAL, NS_MAIN, NS_R, SAMPLE, T4, add_default, add_override, add_relationship, add_sheet_parts,
    read_parts, rels_path, sample_rows, sheet_xml, write_parts,
)

TODAY = dt.date(2024, 6, 5)
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xlwings_file(name: str) -> Path:
    import xlwings
    return Path(xlwings.__file__).parent / name


def soffice_convert(src: Path, fmt: str, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", fmt, "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=300)
        made = Path(tmp, src.stem + "." + fmt.split(":")[0])
        shutil.copyfile(made, out)
    return out


# -------------------------------------------------------------------------------------------------
# LibreOffice
def lo_sample(out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "lo-sample.xlsx")
        shutil.copyfile(SAMPLE, src)
        return soffice_convert(src, "xlsx", out)


def lo_features(out: Path) -> Path:
    import openpyxl
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in (T4, EVAL):
        ws = wb.create_sheet(name)
        rows, merges = sample_rows(name)
        for r in rows:
            ws.append(r)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, dt.datetime):
                    c.number_format = "yyyy-mm-dd"
        for m in merges:
            ws.merge_cells(m)
    t4, ev = wb[T4], wb[EVAL]
    t4["H3"].comment = Comment("交付物见共享盘", "张三")
    t4["L2"] = "资料"
    t4["L3"] = "共享盘"
    t4["L3"].hyperlink = "https://example.com/共享盘"
    dv = DataValidation(type="list", formula1='"需求确认,初稿提交,最终交付"', allow_blank=True)
    dv.add("C3:C30")
    t4.add_data_validation(dv)
    ev.conditional_formatting.add("H3:H40", CellIsRule(operator="lessThan", formula=["80"],
                                                       fill=PatternFill("solid", bgColor="FFC7CE")))
    chart = BarChart()
    chart.title = "总分"
    chart.add_data(Reference(ev, min_col=8, min_row=2, max_row=8), titles_from_data=True)
    ev.add_chart(chart, "M3")
    note = wb.create_sheet("说明")
    note["A1"] = "本表由采购部维护,请勿改动"
    note.protection.sheet = True
    note.protection.password = "abc"
    wb.defined_names["评估总分"] = DefinedName("评估总分", attr_text=f"'{EVAL}'!$H$3:$H$25")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "lo-features.xlsx")
        wb.save(src)
        _add_picture_to_first_drawing(src)
        return soffice_convert(src, "xlsx", out)


def _add_picture_to_first_drawing(path: Path) -> None:
    infos, parts = read_parts(path)
    drawing = next(n for n in parts if n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
    rels = rels_path(drawing)
    anchor = _anchor(PIC, 12, 20).replace("<xdr:twoCellAnchor ", f'<xdr:twoCellAnchor xmlns:xdr="{XDR}" xmlns:a="{A}" ', 1)
    text = parts[drawing].decode()
    end = list(re.finditer(r"</(?:\w+:)?wsDr>", text))[-1].start()
    parts[drawing] = (text[:end] + anchor + text[end:]).encode()
    if rels not in parts:
        parts[rels] = (DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       "</Relationships>").encode()
    parts[rels] = add_relationship(parts[rels].decode(), "rIdImg", RT + "image", "../media/image1.png").encode()
    parts["xl/media/image1.png"] = PNG_1PX
    parts["[Content_Types].xml"] = add_default(parts["[Content_Types].xml"].decode(), "png", "image/png").encode()
    write_parts(path, infos, parts)


# -------------------------------------------------------------------------------------------------
# Excel: xlwings' quickstart.xlsm
def _table_sheets(parts: dict, extra_t4: dict | None = None) -> dict[str, str]:
    """表4 and 供应商评估表 added to ``parts`` as worksheets; {sheet name: part}."""
    extra_t4 = extra_t4 or {}
    out = {}
    for name in (T4, EVAL):
        rows, merges = sample_rows(name)
        kw = extra_t4 if name == T4 else {}
        out[name] = add_sheet_parts(parts, name, sheet_xml(rows, merges, **kw))
    return out


def excel_quickstart(out: Path) -> Path:
    infos, parts = read_parts(xlwings_file("quickstart.xlsm"))
    _table_sheets(parts)
    return write_parts(out, infos, parts)


# -------------------------------------------------------------------------------------------------
# .NET Open XML SDK style
def dotnet_sdk(out: Path) -> Path:
    x = "x:"
    shared: list[str] = []
    sheets = [(T4, "/xl/worksheets/sheet.xml", "R3f1a9c2b7d4e6f80"),
              (EVAL, "/xl/worksheets/Sheet-Eval.xml", "R0b8e4d2c6a1f3e95"),
              ("采购订单", "/xl/worksheets/Sheet-Orders.xml", "Rc47d1e9a2b5f8063")]
    parts: dict[str, str | bytes] = {}
    for name, part, _ in sheets:
        rows, merges = sample_rows(name)
        parts[part.lstrip("/")] = sheet_xml(rows, merges, prefix=x, date_style=1, shared=shared)
    sst = "".join(f"<x:si><x:t>{_esc(s)}</x:t></x:si>" for s in shared)
    parts["xl/sharedStrings.xml"] = (DECL + f'<x:sst xmlns:x="{NS_MAIN}" count="{len(shared)}" '
                                     f'uniqueCount="{len(shared)}">{sst}</x:sst>')
    parts["xl/styles.xml"] = (
        DECL + f'<x:styleSheet xmlns:x="{NS_MAIN}"><x:numFmts count="1"><x:numFmt numFmtId="164" '
        'formatCode="yyyy-mm-dd"/></x:numFmts><x:fonts count="1"><x:font><x:sz val="11"/><x:name val="等线"/>'
        '</x:font></x:fonts><x:fills count="2"><x:fill><x:patternFill patternType="none"/></x:fill><x:fill>'
        '<x:patternFill patternType="gray125"/></x:fill></x:fills><x:borders count="1"><x:border><x:left/>'
        '<x:right/><x:top/><x:bottom/><x:diagonal/></x:border></x:borders><x:cellStyleXfs count="1"><x:xf '
        'numFmtId="0" fontId="0" fillId="0" borderId="0"/></x:cellStyleXfs><x:cellXfs count="2"><x:xf numFmtId="0" '
        'fontId="0" fillId="0" borderId="0" xfId="0"/><x:xf numFmtId="164" fontId="0" fillId="0" borderId="0" '
        'xfId="0" applyNumberFormat="1"/></x:cellXfs><x:cellStyles count="1"><x:cellStyle name="Normal" xfId="0" '
        'builtinId="0"/></x:cellStyles></x:styleSheet>')
    sheet_el = "".join(f'<x:sheet name="{n}" sheetId="{i}" r:id="{rid}"/>' for i, (n, _, rid) in enumerate(sheets, 1))
    parts["xl/workbook.xml"] = (DECL + f'<x:workbook xmlns:r="{NS_R}" xmlns:x="{NS_MAIN}"><x:bookViews>'
                                '<x:workbookView/></x:bookViews>'
                                f'<x:sheets>{sheet_el}</x:sheets><x:definedNames><x:definedName name="订单范围">'
                                "采购订单!$A$2:$K$12</x:definedName></x:definedNames></x:workbook>")
    rel = '<Relationship Type="{t}" Target="{g}" Id="{i}" />'
    wrels = "".join(rel.format(t=RT + "worksheet", g=p, i=rid) for _, p, rid in sheets)
    wrels += rel.format(t=RT + "styles", g="/xl/styles.xml", i="R9e2d5c8b1a4f7063")
    wrels += rel.format(t=RT + "sharedStrings", g="/xl/sharedStrings.xml", i="R51f0a3e6d9c2b874")
    parts["xl/_rels/workbook.xml.rels"] = (
        DECL + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{wrels}'
        "</Relationships>")
    parts["_rels/.rels"] = (
        DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rel.format(t=RT + "officeDocument", g="/xl/workbook.xml", i="R7a3c9e1f5b2d8046") + "</Relationships>")
    ov = '<Override PartName="{p}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{c}" />'
    types = ov.format(p="/xl/workbook.xml", c="sheet.main+xml")
    types += "".join(ov.format(p=p, c="worksheet+xml") for _, p, _ in sheets)
    types += ov.format(p="/xl/styles.xml", c="styles+xml") + ov.format(p="/xl/sharedStrings.xml", c="sharedStrings+xml")
    parts["[Content_Types].xml"] = (
        DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml" /><Default Extension="xml" '
        f'ContentType="application/xml" />{types}</Types>')
    order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in order + [n for n in parts if n not in order]:
            data = parts[name]
            zf.writestr(zipfile.ZipInfo(name, (2024, 6, 5, 0, 0, 0)), data.encode("utf-8") if isinstance(data, str)
                        else data, zipfile.ZIP_DEFLATED)
    return out


def _esc(s: str) -> str:
    from xml.sax.saxutils import escape
    return escape(s)


# -------------------------------------------------------------------------------------------------
# Excel with everything issue 11 lists
def _anchor(inner: str, col: int, row: int) -> str:
    return (f'<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff>'
            f'<xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>{col + 2}</xdr:col>'
            f'<xdr:colOff>0</xdr:colOff><xdr:row>{row + 3}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>{inner}'
            '<xdr:clientData/></xdr:twoCellAnchor>')


PIC = (f'<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="图片 2" descr="公司标志"/><xdr:cNvPicPr><a:picLocks '
       f'noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip xmlns:r="{NS_R}" r:embed="rIdImg"/><a:stretch>'
       '<a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" '
       'cy="476250"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>')
SHAPE = ('<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="4" name="文本框 3"/><xdr:cNvSpPr txBox="1"/>'
         '</xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1905000" cy="476250"/></a:xfrm><a:prstGeom '
         'prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFF2CC"/></a:solidFill></xdr:spPr>'
         '<xdr:txBody><a:bodyPr vertOverflow="clip" rtlCol="0" anchor="t"/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN" '
         'altLang="en-US" sz="1100"/><a:t>请在 5 月底前填完</a:t></a:r></a:p></xdr:txBody></xdr:sp>')
GRAPHIC = ('<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="图表 1"/><xdr:cNvGraphicFramePr/>'
           '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
           f'<a:graphicData uri="{C}"><c:chart xmlns:c="{C}" r:id="rIdChart"/></a:graphicData></a:graphic>'
           '</xdr:graphicFrame>')
CHART = (DECL + f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{NS_R}"><c:roundedCorners val="0"/><c:chart>'
         '<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>季度总分</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/>'
         '</c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/>'
         '<c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef>'
         f"<c:f>'{EVAL}'!$H$2</c:f></c:strRef></c:tx><c:cat><c:strRef><c:f>'{EVAL}'!$B$3:$B$8</c:f></c:strRef></c:cat>"
         f"<c:val><c:numRef><c:f>'{EVAL}'!$H$3:$H$8</c:f></c:numRef></c:val></c:ser><c:gapWidth val=\"150\"/>"
         '<c:axId val="100"/><c:axId val="200"/></c:barChart><c:catAx><c:axId val="100"/><c:scaling><c:orientation '
         'val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="200"/></c:catAx><c:valAx>'
         '<c:axId val="200"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
         '<c:crossAx val="100"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>')

NOTES = {"H3": ("张三", "交付物见共享盘"), "J4": ("李四", "5月22日前给对方回复")}


def _comments() -> str:
    authors = list(dict.fromkeys(a for a, _ in NOTES.values()))
    items = "".join(f'<comment ref="{ref}" authorId="{authors.index(a)}"><text><r><rPr><b/><sz val="9"/>'
                    f'<rFont val="宋体"/></rPr><t>{a}:</t></r><r><rPr><sz val="9"/><rFont val="宋体"/></rPr>'
                    f'<t xml:space="preserve">\n{t}</t></r></text></comment>' for ref, (a, t) in NOTES.items())
    return (DECL + f'<comments xmlns="{NS_MAIN}"><authors>' + "".join(f"<author>{a}</author>" for a in authors)
            + f"</authors><commentList>{items}</commentList></comments>")


def _vml() -> str:
    """Legacy notes' shapes the way Excel writes them (not well-formed XML: <br>)."""
    shapes = []
    for n, ref in enumerate(NOTES, start=1025):
        col = ord(ref[0]) - 65
        row = int(ref[1:]) - 1
        shapes.append(
            f'<v:shape id="_x0000_s{n}" type="#_x0000_t202" style=\'position:absolute;margin-left:480pt;'
            f"margin-top:20pt;width:108pt;height:59.25pt;z-index:{n - 1024};visibility:hidden' fillcolor=\"#ffffe1\" "
            'o:insetmode="auto">\n  <v:fill color2="#ffffe1"/>\n  <v:shadow on="t" color="black" obscured="t"/>\n'
            '  <v:path o:connecttype="none"/>\n  <v:textbox style=\'mso-direction-alt:auto\'>\n'
            "   <div style='text-align:left'></div>\n  </v:textbox>\n  <x:ClientData ObjectType=\"Note\">\n"
            f"   <x:MoveWithCells/>\n   <x:SizeWithCells/>\n   <x:Anchor>\n    {col + 1}, 15, {row}, 10, {col + 3}, 15, "
            f"{row + 4}, 4</x:Anchor>\n   <x:AutoFill>False</x:AutoFill>\n   <x:Row>{row}</x:Row>\n"
            f"   <x:Column>{col}</x:Column>\n  </x:ClientData>\n </v:shape>")
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml"\n xmlns:o="urn:schemas-microsoft-com:office:office"\n'
            ' xmlns:x="urn:schemas-microsoft-com:office:excel">\n <o:shapelayout v:ext="edit">\n'
            '  <o:idmap v:ext="edit" data="1"/>\n </o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600"'
            ' o:spt="202"\n  path="m,l,21600r21600,l21600,xe">\n  <v:stroke joinstyle="miter"/>\n'
            '  <v:path gradientshapeok="t" o:connecttype="rect"/>\n </v:shapetype>' + "".join(shapes) + "</xml>")


PERSON_ID = "{5E3B2C1A-0D4F-4A6B-9C8D-7E6F5A4B3C21}"
THREADED = (DECL + '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
            'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><threadedComment ref="H3" '
            f'dT="2024-05-20T09:30:12.34" personId="{PERSON_ID}" id="{{9A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9}}">'
            '<text>交付物见共享盘</text></threadedComment><threadedComment ref="H3" dT="2024-05-21T10:02:41.00" '
            f'personId="{PERSON_ID}" id="{{1B2C3D4E-5F60-4172-8394-A5B6C7D8E9F0}}" '
            'parentId="{9A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9}"><text>已上传 v2</text></threadedComment></ThreadedComments>')
PERSONS = (DECL + '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
           'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><person displayName="张三" '
           f'id="{PERSON_ID}" userId="zhangsan@example.com" providerId="AD"/></personList>')

EXT_CF = (f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}"><x14:conditionalFormattings>'
          f'<x14:conditionalFormatting xmlns:xm="{XM}"><x14:cfRule type="dataBar" '
          'id="{00000000-000E-0000-0000-000001000000}"><x14:dataBar minLength="0" maxLength="100" gradient="0">'
          '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/><x14:negativeFillColor rgb="FFFF0000"/>'
          '<x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule><xm:sqref>M3:M11</xm:sqref>'
          '</x14:conditionalFormatting></x14:conditionalFormattings></ext>')
EXT_SPARK = (f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups '
             f'xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries theme="4" tint="-0.499984740745262"/>'
             '<x14:colorNegative theme="5"/><x14:colorAxis rgb="FF000000"/><x14:colorMarkers theme="4"/>'
             '<x14:colorFirst theme="4"/><x14:colorLast theme="4"/><x14:colorHigh theme="4"/><x14:colorLow theme="4"/>'
             f"<x14:sparklines><x14:sparkline><xm:f>'{T4}'!M3:M11</xm:f><xm:sqref>N3</xm:sqref></x14:sparkline>"
             '</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext>')
CF_DATABAR = ('<conditionalFormatting sqref="M3:M11"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/>'
              '<cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"'
              f' xmlns:x14="{X14}"><x14:id>{{00000000-000E-0000-0000-000001000000}}</x14:id></ext></extLst></cfRule>'
              '</conditionalFormatting>')
CUSTOM_SHEET_VIEW = ('<customSheetViews><customSheetView guid="{6C1B8F2A-3D4E-4F50-8A61-B72C93D4E5F6}" '
                     'showAutoFilter="1"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>'
                     '<selection pane="bottomLeft" activeCell="C3" sqref="C3"/><pageMargins left="0.7" right="0.7" '
                     'top="0.75" bottom="0.75" header="0.3" footer="0.3"/></customSheetView></customSheetViews>')

SLICER_NAME = "切片器_供应商名称"
PIVOT_CACHE = (
    DECL + f'<pivotCacheDefinition xmlns="{NS_MAIN}" xmlns:r="{NS_R}" r:id="rId1" refreshedBy="张三" '
    'refreshedDate="45447.5" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="2">'
    f'<cacheSource type="worksheet"><worksheetSource ref="B2:H4" sheet="{EVAL}"/></cacheSource><cacheFields count="2">'
    '<cacheField name="供应商名称" numFmtId="0"><sharedItems count="1"><s v="福州闽星办公用品有限公司"/></sharedItems>'
    '</cacheField><cacheField name="总分" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" '
    'containsNumber="1" containsInteger="1" minValue="86" maxValue="87"/></cacheField></cacheFields></pivotCacheDefinition>')
PIVOT_RECORDS = (DECL + f'<pivotCacheRecords xmlns="{NS_MAIN}" xmlns:r="{NS_R}" count="2"><r><x v="0"/><n v="87"/></r>'
                 '<r><x v="0"/><n v="86"/></r></pivotCacheRecords>')
PIVOT_TABLE = (
    DECL + f'<pivotTableDefinition xmlns="{NS_MAIN}" name="数据透视表1" cacheId="7" applyNumberFormats="0" '
    'applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" '
    'applyWidthHeightFormats="1" dataCaption="值" updatedVersion="6" minRefreshableVersion="3" useAutoFormatting="1" '
    'itemPrintTitles="1" createdVersion="6" indent="0" outline="1" outlineData="1" multipleFieldFilters="0">'
    '<location ref="A3:B5" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/><pivotFields count="2">'
    '<pivotField axis="axisRow" showAll="0"><items count="2"><item x="0"/><item t="default"/></items></pivotField>'
    '<pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields>'
    '<rowItems count="2"><i><x/></i><i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems>'
    '<dataFields count="1"><dataField name="求和项:总分" fld="1" baseField="0" baseItem="0"/></dataFields>'
    '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" '
    'showColStripes="0" showLastColumn="1"/></pivotTableDefinition>')
SLICER = (DECL + f'<slicers xmlns="{X14}" xmlns:mc="{MC}" mc:Ignorable="x" xmlns:x="{NS_MAIN}"><slicer '
          f'name="供应商名称" cache="{SLICER_NAME}" caption="供应商名称" rowHeight="241300"/></slicers>')
SLICER_CACHE = (DECL + f'<slicerCacheDefinition xmlns="{X14}" xmlns:mc="{MC}" mc:Ignorable="x" xmlns:x="{NS_MAIN}" '
                f'name="{SLICER_NAME}" sourceName="供应商名称"><pivotTables><pivotTable tabId="5" name="数据透视表1"/>'
                '</pivotTables><data><tabular pivotCacheId="7"><items count="1"><i x="0" s="1"/></items></tabular>'
                '</data></slicerCacheDefinition>')
TABLE = (DECL + f'<table xmlns="{NS_MAIN}" id="1" name="进度表" displayName="进度表" ref="L2:N11" '
         'totalsRowShown="0"><autoFilter ref="L2:N11"/><tableColumns count="3"><tableColumn id="1" name="备注人"/>'
         '<tableColumn id="2" name="工时"/><tableColumn id="3" name="趋势"/></tableColumns><tableStyleInfo '
         'name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>'
         '</table>')
EXTERNAL_LINK = (DECL + f'<externalLink xmlns="{NS_MAIN}" xmlns:r="{NS_R}"><externalBook r:id="rId1"><sheetNames>'
                 '<sheetName val="预算"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1">'
                 '<v>100000</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>')
LABEL_ID = "{3F0D9C3B-8A2E-4C71-9D55-6B1E0A7F4C28}"
LABEL_INFO = (DECL + '<clbl:labelList xmlns:clbl="http://schemas.microsoft.com/office/2020/mipLabelMetadata">'
              f'<clbl:label id="{LABEL_ID}" enabled="1" method="Standard" siteId="{{72F988BF-86F1-41AF-91AB-2D7CD011DB47}}"'
              ' removed="0"/></clbl:labelList>')
CUSTOM_PROPS = (
    DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    + "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="MSIP_Label_{LABEL_ID[1:-1]}_{k}">'
              f"<vt:lpwstr>{v}</vt:lpwstr></property>"
              for i, (k, v) in enumerate([("Enabled", "true"), ("SetDate", "2024-05-20T01:02:03Z"),
                                          ("Method", "Standard"), ("Name", "内部"),
                                          ("SiteId", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
                                          ("ContentBits", "0")], start=2))
    + "</Properties>")
CUSTOM_UI14 = ('<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"><ribbon><tabs>'
               '<tab id="collabTab" label="部门工具"><group id="g1" label="快速"><button id="b1" label="运行" size="large" '
               'onAction="Module1.RunMain" imageMso="MacroPlay"/></group></tab></tabs></ribbon></customUI>')
CUSTOM_XML = '<?xml version="1.0" encoding="UTF-8"?><部门 xmlns="urn:example:dept"><编号>CG-01</编号></部门>'
CUSTOM_XML_PROPS = (DECL + '<ds:datastoreItem ds:itemID="{A7C3E1B2-4D5F-4E60-8172-93A4B5C6D7E8}" '
                    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
                    '<ds:schemaRef ds:uri="urn:example:dept"/></ds:schemaRefs></ds:datastoreItem>')


def excel_hash(password: str, salt: bytes, spin: int = 100000) -> tuple[str, str]:
    """Excel's SHA-512 password hash (MS-OFFCRYPTO 2.3.7.1, the agile way): (hashValue, saltValue)."""
    import base64
    import hashlib
    h = hashlib.sha512(salt + password.encode("utf-16-le")).digest()
    for i in range(spin):
        h = hashlib.sha512(h + i.to_bytes(4, "little")).digest()
    return base64.b64encode(h).decode(), base64.b64encode(salt).decode()


def _rels(*items: tuple[str, str, str, bool]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"' + (' TargetMode="External"' if e else "") + "/>"
                   for i, t, g, e in items)
    return DECL + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def excel_features(out: Path) -> Path:
    infos, parts = read_parts(xlwings_file("quickstart.xlsm"))
    rows, merges = sample_rows(T4)
    # the user's own columns beside the table: a ListObject, a data bar, a sparkline
    for i, r in enumerate(rows, start=1):
        r += [None]
        if i == 2:
            r += ["备注人", "工时", "趋势"]
        elif i > 2:
            r += ["王五" if i % 2 else "赵六", i * 3, None]
    t4_part = add_sheet_parts(parts, T4, sheet_xml(
        rows, merges, ns_extra=f' xmlns:mc="{MC}" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
        ' mc:Ignorable="x14ac"',
        before_data='<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft"'
                    ' state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="14.25" x14ac:dyDescent="0.2"/>',
        after_data=CUSTOM_SHEET_VIEW,
        after_merges=CF_DATABAR + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
        tail='<drawing r:id="rId1"/><legacyDrawing r:id="rId2"/><tableParts count="1"><tablePart r:id="rId3"/></tableParts>'
             f"<extLst>{EXT_CF}{EXT_SPARK}</extLst>"))
    ev_rows, ev_merges = sample_rows(EVAL)
    add_sheet_parts(parts, EVAL, sheet_xml(ev_rows, ev_merges))
    piv_part = add_sheet_parts(parts, "数据透视", sheet_xml(
        [[None], [None], ["行标签", "求和项:总分"], ["福州闽星办公用品有限公司", 173], ["总计", 173]],
        ns_extra=f' xmlns:mc="{MC}" xmlns:x14="{X14}"',
        tail=f'<extLst><ext uri="{{A8765BA9-456A-4dab-B4F3-ACF838C121DE}}" xmlns:x14="{X14}"><x14:slicerList>'
             '<x14:slicer r:id="rId2"/></x14:slicerList></ext></extLst>'))
    rules = _rels(("rIdImg", RT + "image", "../media/image2.png", False),
                  ("rIdChart", RT + "chart", "../charts/chart1.xml", False))
    parts["xl/drawings/drawing1.xml"] = (
        DECL + f'<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}" xmlns:r="{NS_R}">' + _anchor(GRAPHIC, 15, 2)
        + _anchor(PIC, 15, 14) + _anchor(SHAPE, 15, 18) + "</xdr:wsDr>").encode()
    parts["xl/drawings/_rels/drawing1.xml.rels"] = rules.encode()
    parts["xl/media/image2.png"] = PNG_1PX
    parts["xl/charts/chart1.xml"] = CHART.encode()
    parts["xl/comments1.xml"] = _comments().encode()
    parts["xl/drawings/vmlDrawing1.vml"] = _vml().encode()
    parts["xl/tables/table1.xml"] = TABLE.encode()
    parts["xl/threadedComments/threadedComment1.xml"] = THREADED.encode()
    parts["xl/persons/person.xml"] = PERSONS.encode()
    parts[rels_path(t4_part)] = _rels(
        ("rId1", RT + "drawing", "../drawings/drawing1.xml", False),
        ("rId2", RT + "vmlDrawing", "../drawings/vmlDrawing1.vml", False),
        ("rId3", RT + "table", "../tables/table1.xml", False),
        ("rId4", RT + "comments", "../comments1.xml", False),
        ("rId5", "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
         "../threadedComments/threadedComment1.xml", False)).encode()
    # pivot table + cache + slicer
    parts["xl/pivotTables/pivotTable1.xml"] = PIVOT_TABLE.encode()
    parts["xl/pivotTables/_rels/pivotTable1.xml.rels"] = _rels(
        ("rId1", RT + "pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml", False)).encode()
    parts["xl/pivotCache/pivotCacheDefinition1.xml"] = PIVOT_CACHE.encode()
    parts["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = _rels(
        ("rId1", RT + "pivotCacheRecords", "pivotCacheRecords1.xml", False)).encode()
    parts["xl/pivotCache/pivotCacheRecords1.xml"] = PIVOT_RECORDS.encode()
    parts["xl/slicers/slicer1.xml"] = SLICER.encode()
    parts["xl/slicerCaches/slicerCache1.xml"] = SLICER_CACHE.encode()
    parts[rels_path(piv_part)] = _rels(
        ("rId1", RT + "pivotTable", "../pivotTables/pivotTable1.xml", False),
        ("rId2", "http://schemas.microsoft.com/office/2007/relationships/slicer", "../slicers/slicer1.xml", False)).encode()
    # external link, custom XML
    parts["xl/externalLinks/externalLink1.xml"] = EXTERNAL_LINK.encode()
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = _rels(
        ("rId1", RT + "externalLinkPath", "file:///D:/%E9%A2%84%E7%AE%97/2024%E9%A2%84%E7%AE%97.xlsx", True)).encode()
    parts["customXml/item1.xml"] = CUSTOM_XML.encode()
    parts["customXml/itemProps1.xml"] = CUSTOM_XML_PROPS.encode()
    parts["customXml/_rels/item1.xml.rels"] = _rels(
        ("rId1", RT + "customXmlProps", "itemProps1.xml", False)).encode()
    # workbook: its relationships and elements
    wbr = parts["xl/_rels/workbook.xml.rels"].decode()
    for rid, typ, target in (("rId90", RT + "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml"),
                             ("rId91", "http://schemas.microsoft.com/office/2007/relationships/slicerCache",
                              "slicerCaches/slicerCache1.xml"),
                             ("rId92", RT + "externalLink", "externalLinks/externalLink1.xml"),
                             ("rId93", RT + "customXml", "../customXml/item1.xml"),
                             ("rId94", "http://schemas.microsoft.com/office/2017/10/relationships/person",
                              "persons/person.xml")):
        wbr = add_relationship(wbr, rid, typ, target)
    parts["xl/_rels/workbook.xml.rels"] = wbr.encode()
    wb = parts["xl/workbook.xml"].decode()
    # passwords: "modify" to open for writing, "structure" for the workbook, "sheet" for 说明
    h, salt = excel_hash("modify", b"collab-xl-salt-1")
    wb = wb.replace('<workbookPr ', '<fileSharing readOnlyRecommended="1" userName="张三" algorithmName="SHA-512" '
                    f'hashValue="{h}" saltValue="{salt}" spinCount="100000"/><workbookPr ', 1)
    h, salt = excel_hash("structure", b"collab-xl-salt-2")
    # the windows are locked, not the structure: a structure lock makes collab-xl refuse to add its
    # sheets (tests/test_writer_keeps.py::test_a_locked_structure_is_refused)
    wb = wb.replace('<bookViews>', '<workbookProtection lockWindows="1" workbookAlgorithmName="SHA-512" '
                    f'workbookHashValue="{h}" workbookSaltValue="{salt}" workbookSpinCount="100000"/><bookViews>', 1)
    wb = wb.replace('</sheets>', '</sheets><externalReferences><externalReference r:id="rId92"/></externalReferences>'
                    f"<definedNames><definedName name=\"Slicer_供应商名称\">#N/A</definedName><definedName name=\"评估范围\">"
                    f"'{EVAL}'!$A$2:$K$25</definedName></definedNames>", 1)
    wb = wb.replace('<extLst>', '<customWorkbookViews><customWorkbookView name="张三 - 个人视图" '
                    'guid="{6C1B8F2A-3D4E-4F50-8A61-B72C93D4E5F6}" mergeInterval="0" personalView="1" windowWidth="1600" '
                    'windowHeight="900" activeSheetId="3"/></customWorkbookViews><pivotCaches><pivotCache cacheId="7" '
                    'r:id="rId90"/></pivotCaches><extLst>'
                    f'<ext uri="{{BBE1A952-AA13-448e-AADC-164F8A28A991}}" xmlns:x14="{X14}"><x14:slicerCaches>'
                    '<x14:slicerCache r:id="rId91"/></x14:slicerCaches></ext>', 1)
    parts["xl/workbook.xml"] = wb.encode()
    # the "说明" sheet: protected, with ranges users may edit
    h, salt = excel_hash("sheet", b"collab-xl-salt-3")
    add_sheet_parts(parts, "说明", sheet_xml(
        [["本页由采购部维护"], ["可编辑区域:B3:B10"], [None, "在此填写"]],
        after_data=f'<sheetProtection algorithmName="SHA-512" hashValue="{h}" saltValue="{salt}" spinCount="100000" '
                   'sheet="1" objects="1" scenarios="1"/><protectedRanges><protectedRange sqref="B3:B10" name="填写区"/>'
                   '</protectedRanges>'))
    # root: sensitivity label, ribbon, custom properties
    root = parts["_rels/.rels"].decode()
    root = add_relationship(root, "rId90", "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
                            "customUI/customUI14.xml")
    root = add_relationship(root, "rId91", "http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels",
                            "docMetadata/LabelInfo.xml")
    root = add_relationship(root, "rId92", RT + "custom-properties", "docProps/custom.xml")
    parts["_rels/.rels"] = root.encode()
    parts["customUI/customUI14.xml"] = CUSTOM_UI14.encode()
    parts["docMetadata/LabelInfo.xml"] = LABEL_INFO.encode()
    parts["docProps/custom.xml"] = CUSTOM_PROPS.encode()
    ct = parts["[Content_Types].xml"].decode()
    ct = add_default(ct, "png", "image/png")
    ct = add_default(ct, "vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")
    o = "application/vnd.openxmlformats-officedocument."
    for part, ctype in (("xl/drawings/drawing1.xml", o + "drawing+xml"),
                        ("xl/charts/chart1.xml", o + "drawingml.chart+xml"),
                        ("xl/comments1.xml", o + "spreadsheetml.comments+xml"),
                        ("xl/tables/table1.xml", o + "spreadsheetml.table+xml"),
                        ("xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml"),
                        ("xl/persons/person.xml", "application/vnd.ms-excel.person+xml"),
                        ("xl/pivotTables/pivotTable1.xml", o + "spreadsheetml.pivotTable+xml"),
                        ("xl/pivotCache/pivotCacheDefinition1.xml", o + "spreadsheetml.pivotCacheDefinition+xml"),
                        ("xl/pivotCache/pivotCacheRecords1.xml", o + "spreadsheetml.pivotCacheRecords+xml"),
                        ("xl/slicers/slicer1.xml", "application/vnd.ms-excel.slicer+xml"),
                        ("xl/slicerCaches/slicerCache1.xml", "application/vnd.ms-excel.slicerCache+xml"),
                        ("xl/externalLinks/externalLink1.xml", o + "spreadsheetml.externalLink+xml"),
                        ("customXml/itemProps1.xml", o + "customXmlProperties+xml"),
                        ("docMetadata/LabelInfo.xml", "application/vnd.ms-office.classificationlabels+xml"),
                        ("docProps/custom.xml", o + "custom-properties+xml")):
        ct = add_override(ct, part, ctype)
    parts["[Content_Types].xml"] = ct.encode()
    return write_parts(out, infos, parts)


BUILDERS = {
    "lo-sample": (lo_sample, "lo-sample.xlsx"),
    "lo-features": (lo_features, "lo-features.xlsx"),
    "excel-quickstart": (excel_quickstart, "excel-quickstart.xlsm"),
    "dotnet-sdk": (dotnet_sdk, "dotnet-sdk.xlsx"),
    "excel-features": (excel_features, "excel-features.xlsm"),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=sorted(BUILDERS))
    args = ap.parse_args(argv)
    for key in args.only or BUILDERS:
        build, name = BUILDERS[key]
        out = build(DATA / name)
        print(f"{out.name}: {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
