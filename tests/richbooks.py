"""Workbooks that use what users put in real workbooks, for the preservation tests: styles, number
formats, formulas, data validations, conditional formats, defined names, notes, merged cells,
hyperlinks, rich text, hidden sheets — and, separately, the things openpyxl cannot keep (pictures,
shapes, chart styles, x14 extensions, threaded comments), added part by part to the zip.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from corpus import H4, ROW_A, ROW_B, ROW_BAD


def rich_book(path: Path) -> Path:
    """表4 with findings to mark, around everything a user's workbook holds."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表4 进度"
    ws["A1"] = "表4:合作伙伴协作进度表"
    ws["A1"].font = Font(bold=True, size=16, color="1F4E78", name="微软雅黑")
    ws.merge_cells("A1:J1")
    for j, h in enumerate(H4, start=1):
        c = ws.cell(row=2, column=j, value=h)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.font = Font(bold=True, italic=j % 2 == 0, underline="single" if j == 3 else None)
        c.border = Border(left=Side("thin", color="FF0000"), bottom=Side("double"))
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = [ROW_A, ROW_B, ROW_BAD, ["新项目", "C公司", "启动", "王五", "赵六", "2024-07-01", "", "计划书", "", ""]]
    for i, row in enumerate(rows, start=3):
        for j, v in enumerate(row, start=1):
            if v:
                ws.cell(row=i, column=j, value=v)
    ws["F3"].value = dt.date(2024, 5, 10)
    ws["F3"].number_format = "yyyy\"年\"m\"月\"d\"日\""
    ws["G4"].fill = PatternFill("solid", fgColor="FFFF00")           # a user fill on a cell collab-xl leaves alone
    ws["G5"].fill = PatternFill("solid", fgColor="00B050")           # a user fill on the cell collab-xl marks
    ws["G5"].comment = Comment("用户原来的批注:等对方确认", "李四")        # a user note on the cell collab-xl marks
    ws["H3"].comment = Comment("交付物见共享盘", "张三")                   # a user note elsewhere
    ws["I3"] = CellRichText(["正常 ", TextBlock(InlineFont(b=True, color="FF0000"), "加粗红字"), " 结尾"])
    ws["K2"] = "金额"
    ws["K3"] = 1234.5
    ws["K3"].number_format = "#,##0.00"
    ws["K4"] = 0.125
    ws["K4"].number_format = "0.0%"
    ws["K5"] = "=SUM(K3:K4)"
    ws["K6"] = True
    ws["L3"] = "=HYPERLINK(\"#'说明'!A1\",\"看说明\")"
    ws["M3"] = "链接"
    ws["M3"].hyperlink = "https://example.com/项目"
    dv = DataValidation(type="list", formula1='"未开始,进行中,已完成"', allow_blank=True, showErrorMessage=True,
                        errorTitle="输入有误", error="请从列表中选择")
    dv.add("N3:N20")
    ws.add_data_validation(dv)
    dv2 = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    dv2.add("K3:K20")
    ws.add_data_validation(dv2)
    ws.conditional_formatting.add("K3:K20", CellIsRule(operator="greaterThan", formula=["1000"],
                                                        fill=PatternFill("solid", bgColor="FFC7CE")))
    ws.conditional_formatting.add("F3:F20", FormulaRule(formula=["AND(F3<>\"\",F3<TODAY())"], font=Font(color="9C0006")))
    ws.conditional_formatting.add("K3:K20", ColorScaleRule(start_type="min", start_color="F8696B",
                                                           end_type="max", end_color="63BE7B"))
    ws.column_dimensions["A"].width = 18
    ws.freeze_panes = "A3"
    other = wb.create_sheet("说明")
    other["A1"] = "填写说明"
    other["A2"] = "日期写成 2024-05-20"
    other["B2"] = 42
    other["B3"] = "=B2*2"
    hidden = wb.create_sheet("列表")
    hidden.sheet_state = "hidden"
    for i, v in enumerate(["未开始", "进行中", "已完成"], start=1):
        hidden.cell(row=i, column=1, value=v)
    wb.defined_names["状态列表"] = DefinedName("状态列表", attr_text="'列表'!$A$1:$A$3")
    ws.defined_names["本表范围"] = DefinedName("本表范围", attr_text="'表4 进度'!$A$2:$J$20")
    ws.print_title_rows = "2:2"
    wb.save(path)
    return path


CT_PNG = '<Default Extension="png" ContentType="image/png"/>'
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"


def _anchor(inner: str, row: int) -> str:
    return (f'<xdr:oneCellAnchor><xdr:from><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row>'
            f'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="476250"/>{inner}<xdr:clientData/>'
            f'</xdr:oneCellAnchor>')


PIC = ('<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="图片 1"/><xdr:cNvPicPr/></xdr:nvPicPr>'
       '<xdr:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
       '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="476250"/></a:xfrm>'
       '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>')
SHAPE = ('<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="4" name="文本框 1"/><xdr:cNvSpPr txBox="1"/>'
         '</xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="476250"/></a:xfrm>'
         '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:p><a:r>'
         '<a:t>请在 5 月底前填完</a:t></a:r></a:p></xdr:txBody></xdr:sp>')
EXT_CF = (f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}"><x14:conditionalFormattings>'
          f'<x14:conditionalFormatting xmlns:xm="{XM}"><x14:cfRule type="dataBar" id="{{00000000-0000-0000-0000-000000000001}}">'
          '<x14:dataBar minLength="0" maxLength="100" gradient="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/>'
          '<x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule>'
          '<xm:sqref>K3:K20</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>')
EXT_DV = (f'<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}"><x14:dataValidations count="1" '
          f'xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
          "<x14:formula1><xm:f>'列表'!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>O3:O20</xm:sqref>"
          '</x14:dataValidation></x14:dataValidations></ext>')
EXT_SPARK = (f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups '
             f'xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/>'
             "<x14:sparklines><x14:sparkline><xm:f>'表4 进度'!K3:K6</xm:f><xm:sqref>P3</xm:sqref></x14:sparkline>"
             '</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext>')


def _add_to_drawing(text: str, inner: str) -> str:
    """Anchors (written with the xdr/a/r prefixes) appended to a drawing part, whatever prefixes
    its producer chose."""
    m = re.search(r"<((?:\w+:)?wsDr)\b[^>]*>", text)
    start = m.group(0)
    decl = "".join(f' xmlns:{p}="{u}"' for p, u in (("xdr", XDR), ("a", A), ("r", R)) if f"xmlns:{p}=" not in start)
    text = text.replace(start, start[:-1] + decl + ">", 1)
    return re.sub(r"</(?:\w+:)?wsDr>\s*$", lambda e: inner + e.group(0), text)


def _edit_zip(src: Path, dst: Path, edits: dict, add: dict) -> Path:
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            zo.writestr(info.filename, data)
        for name, data in add.items():
            zo.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return dst


def _with_chart(path: Path) -> Path:
    """rich_book plus a bar chart drawn by openpyxl (so a drawing and a chart part exist)."""
    rich_book(path)
    wb = openpyxl.load_workbook(path, rich_text=True)
    ws = wb["表4 进度"]
    chart = BarChart()
    chart.title = "金额"
    chart.add_data(Reference(ws, min_col=11, min_row=2, max_row=4), titles_from_data=True)
    ws.add_chart(chart, "P8")
    wb.save(path)
    return path


def with_extras(path: Path, kinds: set[str]) -> Path:
    """rich_book with some of: pictures, shapes, chart (openpyxl's), chart_styles,
    x14_conditional_formats, x14_validations, sparklines, threaded_comments."""
    base = path.with_name(path.stem + ".base.xlsx")
    (_with_chart if kinds & {"charts", "chart_styles", "pictures", "shapes"} else rich_book)(base)
    with zipfile.ZipFile(base) as zf:
        names = zf.namelist()
        sheet = "xl/worksheets/sheet1.xml"
        drawing = next((n for n in names if re.match(r"xl/drawings/drawing\d+\.xml$", n)), None)
        chart = next((n for n in names if re.match(r"xl/charts/chart\d+\.xml$", n)), None)
        dr_rels = drawing.replace("drawings/", "drawings/_rels/") + ".rels" if drawing else None
        rels_text = zf.read(dr_rels).decode() if dr_rels and dr_rels in names else None
    edits, add = {}, {}
    ct_add = []
    if "pictures" in kinds or "shapes" in kinds:
        inner = (_anchor(PIC, 20) if "pictures" in kinds else "") + (_anchor(SHAPE, 25) if "shapes" in kinds else "")
        edits[drawing] = lambda t, inner=inner: _add_to_drawing(t, inner)
    if "pictures" in kinds:
        add["xl/media/image1.png"] = PNG_1PX
        ct_add.append(CT_PNG)
        edits[dr_rels] = lambda t: t.replace("</Relationships>", '<Relationship Id="rIdImg" Type="http://schemas.'
                                             'openxmlformats.org/officeDocument/2006/relationships/image" '
                                             'Target="../media/image1.png"/></Relationships>')
    if "chart_styles" in kinds:
        cr = chart.replace("charts/", "charts/_rels/") + ".rels"
        add[cr] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'microsoft.com/office/2011/relationships/chartStyle" Target="style1.xml"/><Relationship Id="rId2" '
                   'Type="http://schemas.microsoft.com/office/2011/relationships/chartColorStyle" Target="colors1.xml"/>'
                   '</Relationships>')
        add["xl/charts/style1.xml"] = ('<cs:chartStyle xmlns:cs="http://schemas.microsoft.com/office/drawing/2012/'
                                       'chartStyle" xmlns:a="' + A + '" id="201"/>')
        add["xl/charts/colors1.xml"] = ('<cs:colorStyle xmlns:cs="http://schemas.microsoft.com/office/drawing/2012/'
                                        'chartStyle" xmlns:a="' + A + '" meth="cycle" id="10"><a:schemeClr val="accent1"/>'
                                        '</cs:colorStyle>')
        ct_add.append('<Override PartName="/xl/charts/style1.xml" ContentType="application/vnd.ms-office.chartstyle+xml"/>'
                      '<Override PartName="/xl/charts/colors1.xml" ContentType="application/vnd.ms-office.chartcolorstyle+xml"/>')
    exts = "".join(e for k, e in (("x14_conditional_formats", EXT_CF), ("x14_validations", EXT_DV),
                                  ("sparklines", EXT_SPARK)) if k in kinds)
    if exts:
        prev = edits.get(sheet, lambda t: t)
        edits[sheet] = lambda t, prev=prev: prev(t).replace("</worksheet>", f"<extLst>{exts}</extLst></worksheet>")
    if "threaded_comments" in kinds:
        add["xl/threadedComments/threadedComment1.xml"] = (
            '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            '<threadedComment ref="H3" dT="2024-05-01T08:00:00.00" personId="{00000000-0000-0000-0000-000000000001}" '
            'id="{00000000-0000-0000-0000-000000000002}"><text>交付物见共享盘</text></threadedComment></ThreadedComments>')
        add["xl/persons/person.xml"] = (
            '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            '<person displayName="张三" id="{00000000-0000-0000-0000-000000000001}" userId="zs" providerId="None"/>'
            '</personList>')
        ct_add.append('<Override PartName="/xl/threadedComments/threadedComment1.xml" '
                      'ContentType="application/vnd.ms-excel.threadedcomments+xml"/>'
                      '<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>')
        srels = "xl/worksheets/_rels/sheet1.xml.rels"
        prev_r = edits.get(srels, lambda t: t)
        edits[srels] = lambda t, prev_r=prev_r: prev_r(t).replace(
            "</Relationships>", '<Relationship Id="rIdTc" Type="http://schemas.microsoft.com/office/2017/10/'
            'relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/></Relationships>')
    if ct_add:
        edits["[Content_Types].xml"] = lambda t: t.replace("</Types>", "".join(ct_add) + "</Types>")
    _edit_zip(base, path, edits, add)
    base.unlink()
    return path
