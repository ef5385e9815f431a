"""Workbooks written by real producers (LibreOffice, Excel, a .NET Open XML SDK style writer),
committed under tests/data/producers/ and rebuilt by tests/data/producers/make.py; and the
package-level editing the fixtures and the writer tests need (zipfile and regular expressions
only, so every part not edited keeps its producer's bytes).

* ``FIXTURES`` – the committed fixtures and what they hold (``Producer``).
* ``sample_rows(sheet)`` – the rows and merged ranges of a sheet of the bundled sample.
* ``sheet_xml(rows, …)`` – a worksheet part holding rows (inline strings, numbers, date serials).
* ``add_sheet(src, dst, name, xml, …)`` – a package with one more worksheet, as a user's Excel
  would add it: the workbook, its relationships and the content types get one element each.
* ``set_cell(src, dst, sheet, ref, value)`` – a package where one cell of one sheet holds another
  value (a user's fix typed in Excel): only that ``<c>`` element of that sheet part changes.
* ``sheet_part(path, sheet)`` / ``sheet_names(path)`` – where a sheet lives, which sheets exist.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from defusedxml.ElementTree import fromstring

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "producers"
SAMPLE = ROOT / "workbooks" / "示例-已填写.xlsx"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_SHEET = NS_R + "/worksheet"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
T4 = "表4 合作伙伴协作进度"          # a table with findings and late/overdue rows (validate, late)
EVAL = "供应商评估表"                  # two quarters of scores (rank)


def _sample_sheets() -> tuple[str, ...]:
    """Every sheet of the committed sample, in order: each holds a catalog table (17 of them)."""
    import html
    with zipfile.ZipFile(SAMPLE) as z:
        xml = z.read("xl/workbook.xml").decode("utf-8")
    return tuple(html.unescape(n) for n in re.findall(r'<sheet\b[^>]*?\bname="([^"]*)"', xml))


@dataclass(frozen=True)
class Producer:
    key: str
    file: str
    what: str
    tables: tuple[str, ...]                       # sheets holding catalog tables collab-xl must find
    rank: bool = False                            # holds 供应商评估表
    features: tuple[str, ...] = ()                # what of the user's the writer must keep
    user_sheets: tuple[str, ...] = field(default=())   # every sheet, in order, as the producer wrote it

    @property
    def path(self) -> Path:
        return DATA / self.file


FIXTURES = [
    Producer("lo-sample", "lo-sample.xlsx", "the bundled sample converted by LibreOffice (soffice --convert-to xlsx)",
             tables=_sample_sheets(), rank=True),
    Producer("lo-features", "lo-features.xlsx",
             "表4 and 供应商评估表 with a picture, a note, a chart, conditional formats, a data validation, a "
             "protected sheet, defined names and a hyperlink, written by LibreOffice",
             tables=(T4, EVAL), rank=True,
             features=("picture", "note", "chart", "conditional format", "data validation", "sheet protection",
                       "defined name", "hyperlink")),
    Producer("excel-quickstart", "excel-quickstart.xlsm",
             "xlwings' quickstart.xlsm as Excel wrote it (VBA project, theme, styles), with 表4 and 供应商评估表 "
             "added by XML", tables=(T4, EVAL), rank=True, features=("vba",)),
    Producer("dotnet-sdk", "dotnet-sdk.xlsx",
             "a package as .NET's Open XML SDK writes it: x: prefix on every element, R-style relationship ids, "
             "part names of its own (xl/worksheets/sheet.xml, /xl/worksheets/Sheet-Orders.xml), shared strings",
             tables=(T4, EVAL, "采购订单"), rank=True),
    Producer("excel-features", "excel-features.xlsm",
             "Excel's quickstart.xlsm with everything issue 11 lists, added by XML",
             tables=(T4, EVAL), rank=True,
             features=("vba", "customUI14 ribbon", "pictures", "shapes", "chart", "threaded comments", "legacy notes",
                       "sparklines", "x14 data bar", "table", "pivot table", "slicer", "custom views", "fileSharing",
                       "protectedRanges", "sheetProtection", "workbookProtection", "sensitivity label",
                       "external link", "custom XML")),
]
BY_KEY = {p.key: p for p in FIXTURES}


# -------------------------------------------------------------------------------------------------
# Cells
def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def excel_serial(d: dt.date) -> float:
    if isinstance(d, dt.datetime):
        delta = d - dt.datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400
    return (d - dt.date(1899, 12, 30)).days


def sample_rows(sheet: str) -> tuple[list[list], list[str]]:
    """The values (dates as datetime) and merged ranges of a sheet of the bundled sample."""
    import openpyxl     # only to read our own sample; never used on the fixtures or the outputs
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows, sorted(str(r) for r in ws.merged_cells.ranges)


def _cell(p: str, ref: str, v, date_style: int | None, shared: list[str] | None) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return f'<{p}c r="{ref}" t="b"><{p}v>{int(v)}</{p}v></{p}c>'
    if isinstance(v, (dt.date, dt.datetime)):
        if date_style is None:
            v = v.date().isoformat() if isinstance(v, dt.datetime) else v.isoformat()
        else:
            return f'<{p}c r="{ref}" s="{date_style}"><{p}v>{excel_serial(v):g}</{p}v></{p}c>'
    if isinstance(v, (int, float)):
        return f'<{p}c r="{ref}"><{p}v>{v}</{p}v></{p}c>'
    v = str(v)
    if shared is not None:
        if v not in shared:
            shared.append(v)
        return f'<{p}c r="{ref}" t="s"><{p}v>{shared.index(v)}</{p}v></{p}c>'
    space = ' xml:space="preserve"' if v != v.strip() else ""
    return f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t{space}>{escape(v)}</{p}t></{p}is></{p}c>'


def sheet_data(rows: list[list], prefix: str = "", date_style: int | None = None,
               shared: list[str] | None = None) -> str:
    p = prefix
    out = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(_cell(p, f"{col_letter(j)}{i}", v, date_style, shared) for j, v in enumerate(row, start=1))
        if cells:
            out.append(f'<{p}row r="{i}">{cells}</{p}row>')
    return f"<{p}sheetData>{''.join(out)}</{p}sheetData>"


def sheet_xml(rows: list[list], merges: list[str] = (), prefix: str = "", date_style: int | None = None,
              shared: list[str] | None = None, before_data: str = "", after_data: str = "",
              after_merges: str = "", tail: str = "", ns_extra: str = "") -> str:
    """A worksheet part. ``after_data`` goes between </sheetData> and <mergeCells> (sheetProtection,
    protectedRanges, customSheetViews), ``after_merges`` after them (conditionalFormatting,
    dataValidations, hyperlinks, pageMargins …), ``tail`` at the end (drawing, legacyDrawing,
    tableParts, extLst) — the caller keeps the schema's order."""
    p = prefix
    decl = f'xmlns:{p[:-1]}="{NS_MAIN}"' if p else f'xmlns="{NS_MAIN}"'
    mc = f'<{p}mergeCells count="{len(merges)}">' + "".join(f'<{p}mergeCell ref="{m}"/>' for m in merges) + \
         f"</{p}mergeCells>" if merges else ""
    width = max((len(r) for r in rows), default=1)
    dim = f'<{p}dimension ref="A1:{col_letter(width)}{len(rows)}"/>'
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<{p}worksheet {decl} xmlns:r="{NS_R}"{ns_extra}>{dim}{before_data}'
            f"{sheet_data(rows, prefix, date_style, shared)}{after_data}{mc}{after_merges}{tail}</{p}worksheet>")


# -------------------------------------------------------------------------------------------------
# Package edits
def rels_path(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _root_part(parts: dict[str, bytes]) -> str:
    root = fromstring(parts["_rels/.rels"])
    for r in root:
        if r.get("Type", "").endswith("/officeDocument"):
            return r.get("Target").lstrip("/")
    raise ValueError("no officeDocument relationship")


def _target(src_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_part), target))


def read_parts(path: str | Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        return infos, {i.filename: zf.read(i) for i in infos}


def write_parts(dst: str | Path, infos: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> Path:
    """The package with ``parts``: the members of ``infos`` first, in their order and with their
    zip headers (date, compression), then new members."""
    known = {i.filename for i in infos}
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in infos:
            if info.filename in parts:
                zo.writestr(info, parts[info.filename])
        for name, data in parts.items():
            if name not in known:
                zo.writestr(name, data)
    return Path(dst)


def sheet_names(path: str | Path) -> list[str]:
    _, parts = read_parts(path)
    wb = fromstring(parts[_root_part(parts)])
    return [el.get("name") for el in wb.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]


def sheet_part(path: str | Path, sheet: str) -> str:
    """The part name of the worksheet called ``sheet`` (workbook.xml → its relationships)."""
    _, parts = read_parts(path)
    wb_part = _root_part(parts)
    rels = {r.get("Id"): r.get("Target") for r in fromstring(parts[rels_path(wb_part)])}
    for el in fromstring(parts[wb_part]).iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet" and el.get("name") == sheet:
            return _target(wb_part, rels[el.get(f"{{{NS_R}}}id")])
    raise KeyError(sheet)


def _insert_before_close(text: str, tag: str, inner: str) -> str:
    """``inner`` before the closing tag of the element ``tag`` (any prefix)."""
    m = list(re.finditer(rf"</((?:\w+:)?{tag})>", text))
    if not m:
        raise ValueError(f"no </{tag}>")
    at = m[-1].start()
    return text[:at] + inner + text[at:]


def _prefix_of(text: str, tag: str) -> str:
    m = re.search(rf"<(\w+:)?{tag}[\s>/]", text)
    return (m.group(1) or "") if m else ""


def add_relationship(rels_text: str, rid: str, rtype: str, target: str, external: bool = False) -> str:
    p = _prefix_of(rels_text, "Relationships")
    mode = ' TargetMode="External"' if external else ""
    return _insert_before_close(rels_text, "Relationships",
                                f'<{p}Relationship Id="{rid}" Type="{rtype}" Target={quoteattr(target)}{mode}/>')


def add_override(ct_text: str, part: str, ctype: str) -> str:
    p = _prefix_of(ct_text, "Types")
    return _insert_before_close(ct_text, "Types", f'<{p}Override PartName="/{part}" ContentType="{ctype}"/>')


def add_default(ct_text: str, ext: str, ctype: str) -> str:
    if re.search(rf'Extension="{ext}"', ct_text, re.I):
        return ct_text
    p = _prefix_of(ct_text, "Types")
    return _insert_before_close(ct_text, "Types", f'<{p}Default Extension="{ext}" ContentType="{ctype}"/>')


def new_rid(rels_text: str, stem: str = "rId") -> str:
    used = set(re.findall(r'Id="([^"]+)"', rels_text))
    n = 1
    while f"{stem}{n}" in used:
        n += 1
    return f"{stem}{n}"


def add_sheet_parts(parts: dict[str, bytes], name: str, xml: str, part: str | None = None,
                    state: str | None = None) -> str:
    """Add a worksheet to ``parts`` (in place): its part, one <sheet> in the workbook, one
    relationship, one content-type override. Returns the part name."""
    wb_part = _root_part(parts)
    wb = parts[wb_part].decode("utf-8")
    rels_name = rels_path(wb_part)
    rels = parts[rels_name].decode("utf-8")
    if part is None:
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in parts:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
    rid = new_rid(rels)
    ids = [int(x) for x in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bsheetId="(\d+)"', wb)]
    p = _prefix_of(wb, "sheets")
    rp = re.search(r'xmlns:(\w+)="' + re.escape(NS_R) + '"', wb).group(1)
    st = f' state="{state}"' if state else ""
    wb = _insert_before_close(wb, "sheets",
                              f'<{p}sheet name={quoteattr(name)} sheetId="{max(ids, default=0) + 1}"{st} {rp}:id="{rid}"/>')
    target = posixpath.relpath(part, posixpath.dirname(wb_part))
    parts[rels_name] = add_relationship(rels, rid, REL_SHEET, target).encode("utf-8")
    parts[wb_part] = wb.encode("utf-8")
    parts["[Content_Types].xml"] = add_override(parts["[Content_Types].xml"].decode("utf-8"), part,
                                                CT_SHEET).encode("utf-8")
    parts[part] = xml.encode("utf-8")
    return part


def add_sheet(src: str | Path, dst: str | Path, name: str, xml: str, state: str | None = None) -> Path:
    infos, parts = read_parts(src)
    add_sheet_parts(parts, name, xml, state=state)
    return write_parts(dst, infos, parts)


def set_cell(src: str | Path, dst: str | Path, sheet: str, ref: str, value) -> Path:
    """One cell of one sheet holds ``value`` now (text or number), as Excel would save a user's
    fix: that ``<c>`` gets a new value (its style kept), nothing else of the package changes
    (Excel itself would rewrite more; the point is the writer's behaviour on what it finds)."""
    infos, parts = read_parts(src)
    part = sheet_part(src, sheet)
    text = parts[part].decode("utf-8")
    p = _prefix_of(text, "worksheet")
    m = re.search(rf'<{p}c r="{ref}"(?P<attrs>[^>]*?)(?:/>|>.*?</{p}c>)', text, re.S)
    if isinstance(value, (int, float)):
        body, t = f"<{p}v>{value}</{p}v>", ""
    else:
        body, t = f"<{p}is><{p}t>{escape(str(value))}</{p}t></{p}is>", ' t="inlineStr"'
    if m:
        attrs = re.sub(r'\s+t="[^"]*"', "", m.group("attrs"))
        text = text[:m.start()] + f'<{p}c r="{ref}"{attrs}{t}>{body}</{p}c>' + text[m.end():]
    else:
        row = int(re.search(r"\d+", ref).group())
        rm = re.search(rf'<{p}row r="{row}"[^>]*>(.*?)</{p}row>', text, re.S)
        if not rm:
            raise KeyError(f"row {row} of {sheet}")
        # keep the cells in column order
        cells = list(re.finditer(rf'<{p}c r="([A-Z]+){row}"', rm.group(1)))
        col = re.match(r"[A-Z]+", ref).group()
        key = (len(col), col)
        at = rm.end(1)
        for c in cells:
            if (len(c.group(1)), c.group(1)) > key:
                at = rm.start(1) + c.start()
                break
        text = text[:at] + f'<{p}c r="{ref}"{t}>{body}</{p}c>' + text[at:]
    parts[part] = text.encode("utf-8")
    return write_parts(dst, infos, parts)
