"""The bad-input corpus: files users really send (and a few attackers), each with the answer a
user should get from the real command line. Nothing binary is committed: every file is made here,
in a temporary folder, by ``build_corpus``.

Each ``Case`` says what it is, how to make it, the command's arguments, the exit code, and either
the one line a user reads on stderr (exit 2) or the tables and findings of the JSON document
(exit 0/1) plus any notice on stderr. tests/test_bad_inputs.py runs them; docs/bad-inputs.md
holds the table ``render_table()`` makes from them (``python tests/corpus.py`` rewrites it, a
test checks it is current).
"""
from __future__ import annotations

import ctypes
import datetime as dt
import io
import os
import re
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

import openpyxl

from collab_xl.catalog import TABLES

TODAY = "2024-06-05"
MEM_LIMIT = int(1.5 * 1024**3)      # address space of one command run: bombs must stay under it
TIMEOUT = 180                         # seconds; generous: a bound, not a speed claim
ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "bad-inputs.md"
BEGIN, END = "<!-- corpus:begin -->", "<!-- corpus:end -->"

H4 = [c.header for c in TABLES["partner_progress"].columns if not c.added]   # 表4's header as today's template prints it (the catalog's shipped columns)
HPO = [c.header for c in TABLES["purchase_orders"].columns if not c.added]   # today's template: no added columns
ROW_A = ["新品宣传推广", "A广告公司", "需求确认", "张三", "李四", "2024-05-10", "2024-05-10", "《项目需求说明书》", "无", "启动设计"]
ROW_B = ["", "", "初稿提交", "", "", "2024-05-20", "2024-05-18", "宣传海报初稿3版", "我方要求增加品牌标语", "5月22日前修改"]
ROW_BAD = ["", "", "最终交付", "", "", "2024-05-30", "下周", "印刷稿100份", "-", "待验收"]   # G: CX102


# ---------------------------------------------------------------------------------------------
# Making workbooks
def xl(path: Path, rows: list[list], sheet: str = "表4", at: int = 1, extra: Callable | None = None) -> Path:
    """An .xlsx written by openpyxl: ``rows`` from row ``at`` of sheet ``sheet``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None and v != "":
                ws.cell(row=at + i, column=j + 1, value=v)
    if extra:
        extra(wb, ws)
    wb.save(path)
    return path


@dataclass
class Raw:
    """A cell written exactly: attributes of <c> and its inner XML."""
    attrs: str = ""
    inner: str = ""


def _cell(ref: str, v, shared: list[str] | None) -> str:
    if isinstance(v, Raw):
        return f'<c r="{ref}" {v.attrs}>{v.inner}</c>'
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    if shared is not None:
        shared.append(str(v))
        return f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>'


def sheet_xml(rows: list[list], at: int = 1, shared: list[str] | None = None, dimension: str | None = None,
              tail: str = "", head: str = "") -> str:
    out = []
    for i, row in enumerate(rows):
        r = at + i
        cells = "".join(_cell(f"{openpyxl.utils.get_column_letter(j + 1)}{r}", v, shared)
                        for j, v in enumerate(row) if v is not None and v != "")
        out.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'{head}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{dim}'
            f'<sheetData>{"".join(out)}{tail}</sheetData></worksheet>')


STYLES = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
          '</styleSheet>')


def raw_xlsx(path: Path, sheets: list[tuple[str, str]], shared: list[str] | None = None,
             shared_head: str = "", deflate: bool = True) -> Path:
    """A minimal .xlsx written part by part (sheets: (name, worksheet XML))."""
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    over = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
                   for i in range(1, len(sheets) + 1))
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>{over}'
            f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>'
            + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{main}.sharedStrings+xml"/>' if shared is not None else "")
            + '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{escape(n, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, (n, _) in enumerate(sheets, start=1))
            + '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/styles" Target="styles.xml"/>'
            + (f'<Relationship Id="rId{len(sheets) + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared is not None else "")
            + '</Relationships>',
        "xl/styles.xml": STYLES,
    }
    for i, (_, xml) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if shared is not None:
        parts["xl/sharedStrings.xml"] = (
            f'{shared_head}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" '
            f'uniqueCount="{len(shared)}">'
            + "".join(f'<si><t xml:space="preserve">{s if s.startswith("&") else escape(s)}</t></si>' for s in shared)
            + '</sst>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
    return path


def dotnet_xlsx(path: Path, rows: list[list], sheet: str = "表4", prefix: str = "x", tail: str = "") -> Path:
    """An .xlsx as .NET's Open XML SDK writes it: every SpreadsheetML element with the ``x:``
    prefix (or ``prefix``), shared strings, dates as serial numbers with a date style, a
    ``<x:dimension>``, relationship ids like ``R3f2a…`` and absolute targets. ``rows`` as for
    ``sheet_xml`` (a ``dt.date`` becomes a styled serial); ``tail``: more rows, unprefixed
    markup that gets the prefix too."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    shared: list[str] = []
    body = []
    for i, row in enumerate(rows, start=1):
        cells = []
        for j, v in enumerate(row, start=1):
            ref = f"{openpyxl.utils.get_column_letter(j)}{i}"
            if isinstance(v, dt.date):
                cells.append(f'<c r="{ref}" s="1"><v>{(v - dt.date(1899, 12, 30)).days}</v></c>')
            elif v is not None and v != "":
                cells.append(_cell(ref, v, shared))
        body.append(f'<row r="{i}">{"".join(cells)}</row>')
    width = openpyxl.utils.get_column_letter(max(len(r) for r in rows))
    xml = (f'<worksheet xmlns="{ns}"><dimension ref="A1:{width}{len(rows)}"/>'
           f'<sheetData>{"".join(body)}{tail}</sheetData></worksheet>')
    sst = (f'<sst xmlns="{ns}" count="{len(shared)}" uniqueCount="{len(shared)}">'
           + "".join(f"<si><t>{escape(t)}</t></si>" for t in shared) + "</sst>")
    styles = STYLES

    def prefixed(text: str) -> str:
        text = re.sub(r"<(/?)(?![?!])([A-Za-z]+)(?=[\s/>])", lambda m: f"<{m.group(1)}{prefix}:{m.group(2)}", text)
        return text.replace(f'xmlns="{ns}"', f'xmlns:{prefix}="{ns}"')
    head = '<?xml version="1.0" encoding="utf-8"?>'
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml":
            f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml" />'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml" />'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{main}.worksheet+xml" />'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{main}.sharedStrings+xml" />'
            f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml" /></Types>',
        "_rels/.rels":
            f'{head}<Relationships xmlns="{rels}"><Relationship Type="{rel}/officeDocument" '
            'Target="/xl/workbook.xml" Id="R9c1f3e2a5b7d4c60" /></Relationships>',
        "xl/workbook.xml":
            head + prefixed(f'<workbook xmlns:r="{rel}" xmlns="{ns}"><sheets>'
                            f'<sheet name="{escape(sheet)}" sheetId="1" r:id="R5a0e8b1c2d3f4a57" /></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels":
            f'{head}<Relationships xmlns="{rels}">'
            f'<Relationship Type="{rel}/worksheet" Target="/xl/worksheets/sheet1.xml" Id="R5a0e8b1c2d3f4a57" />'
            f'<Relationship Type="{rel}/sharedStrings" Target="/xl/sharedStrings.xml" Id="R2b7c9d0e1f2a3b48" />'
            f'<Relationship Type="{rel}/styles" Target="/xl/styles.xml" Id="R0f1e2d3c4b5a6978" /></Relationships>',
        "xl/worksheets/sheet1.xml": head + prefixed(xml),
        "xl/sharedStrings.xml": head + prefixed(sst),
        "xl/styles.xml": head + prefixed(styles),
    }
    return _zip(path, parts)


def table4(path: Path, rows: list[list] | None = None, **kw) -> Path:
    return xl(path, [H4] + (rows if rows is not None else [ROW_A, ROW_B, ROW_BAD]), **kw)


LOL = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
       + "".join(f'<!ENTITY lol{i} "' + ("&lol;" if i == 1 else f"&lol{i - 1};") * 10 + '">' for i in range(1, 10))
       + ']>')


def patch_sizes(path: Path, member: str, size: int, local: bool = True, central: bool = True) -> None:
    """Overwrite the uncompressed size a zip declares for ``member`` (local header and/or central
    directory), leaving the data as it is."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    if central:
        pos = data.find(b"PK\x01\x02")
        while pos >= 0:
            n, m, k = struct.unpack_from("<HHH", data, pos + 28)
            if bytes(data[pos + 46:pos + 46 + n]) == name:
                struct.pack_into("<I", data, pos + 24, size)
            pos = data.find(b"PK\x01\x02", pos + 46 + n + m + k)
    if local:
        pos = data.find(b"PK\x03\x04")
        while pos >= 0:
            n, m = struct.unpack_from("<HH", data, pos + 26)
            if bytes(data[pos + 30:pos + 30 + n]) == name:
                struct.pack_into("<I", data, pos + 22, size)
            pos = data.find(b"PK\x03\x04", pos + 30)
    path.write_bytes(bytes(data))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(src: Path, fmt: str, outdir: Path) -> Path:
    """LibreOffice headless: ``src`` converted to ``fmt`` (xls, ods, xlsx) in ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = (outdir / ".lo-profile").resolve()
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
                    "--outdir", str(outdir.resolve()), str(src.resolve())], check=True, capture_output=True,
                   timeout=TIMEOUT)
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def xlwings_xlsm() -> Path | None:
    """An .xlsm that Excel wrote, with a VBA project: xlwings ships one."""
    try:
        import xlwings
    except ImportError:
        return None
    p = Path(xlwings.__file__).parent / "quickstart.xlsm"
    return p if p.exists() else None


def inject_sheet(src: Path, dst: Path, member: str, rows: list[list], at: int = 1) -> Path:
    """``src`` with the <sheetData> of ``member`` replaced by ``rows`` (inline strings): every
    other part, bytes and all, stays as the producer wrote it."""
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename == member:
                body = sheet_xml(rows, at=at)
                inner = body[body.index("<sheetData>"):body.index("</sheetData>") + len("</sheetData>")]
                text = data.decode("utf-8")
                text = re.sub(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", lambda m: inner, text, count=1, flags=re.S)
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', "", text)
                data = text.encode("utf-8")
            zo.writestr(info, data)
    return dst


# ---------------------------------------------------------------------------------------------
# The cases
@dataclass
class Case:
    key: str
    what: str                                  # the input, in a few words (docs)
    build: Callable[[Path], Path]              # makes the input inside the given folder, returns it
    exit: int
    args: tuple[str, ...] = ()                 # after the input; {dir} = the case's folder
    message: str | None = None                 # exit 2: the one line on stderr ({name} = input file name)
    message_en: str | None = None              # the same with --lang en
    findings: tuple[str, ...] = ()             # exit 0/1: "CODE@CELL" of every finding, exactly
    tables: tuple[tuple, ...] = ()             # exit 0/1: (sheet, table, header_row, rows) of every table
    notice: str | None = None                  # a notice line on stderr (exit 0/1), zh
    check: Callable | None = None              # check(folder, input, completed) for what else a user sees
    needs: str | None = None                   # "soffice", "xlwings", "drop_caps"
    readonly: bool = False                     # the input's folder is made read-only for the run
    command: str = "validate"
    input_arg: str | None = None               # what to pass instead of the input's name
    note: str = ""                             # what the answer means, for the docs

    def argv(self, folder: Path, inp: Path, lang: str | None = None, fmt_json: bool = True) -> list[str]:
        first = self.input_arg if self.input_arg is not None else inp.name
        argv = [self.command, first, "--today", TODAY]
        argv += [a.format(dir=str(folder), name=inp.name) for a in self.args]
        if fmt_json and self.exit in (0, 1) and self.command == "validate":
            argv += ["--format", "json"]
        if lang:
            argv += ["--lang", lang]
        return argv


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return path


def _truncated(d: Path) -> Path:
    full = table4(d / "full.xlsx")
    data = full.read_bytes()
    full.unlink()
    return _write(d / "截断.xlsx", data[: len(data) // 2])


def _corrupt(d: Path) -> Path:
    p = raw_xlsx(d / "损坏.xlsx", [("表4", sheet_xml([H4, ROW_A, ROW_B] * 40))])
    data = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 40, start + 80):       # garble the middle of the compressed sheet
        data[k] ^= 0x5A
    p.write_bytes(bytes(data))
    return p


def _declared_bomb(d: Path) -> Path:
    p = table4(d / "声明炸弹.xlsx")
    patch_sizes(p, "xl/worksheets/sheet1.xml", 0xFFFFFF00)
    return p


def _ratio_bomb(d: Path) -> Path:
    p = d / "压缩炸弹.xlsx"
    raw_xlsx(p, [("表4", sheet_xml([H4, ROW_A]))])
    body = sheet_xml([H4, ROW_A]).encode()
    cut = body.index(b"<sheetData>") + len(b"<sheetData>")
    with zipfile.ZipFile(p) as zi:
        members = {i.filename: zi.read(i.filename) for i in zi.infolist()}
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zo:
        for name, data in members.items():
            if name != "xl/worksheets/sheet1.xml":
                zo.writestr(name, data)
        with zo.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(body[:cut])
            block = b" " * (1 << 20)
            for _ in range(250):                  # 250 MiB of blanks: about 250 KiB compressed
                fh.write(block)
            fh.write(body[cut:])
    return p


def _lying_size(d: Path) -> Path:
    p = raw_xlsx(d / "尺寸不符.xlsx", [("表4", sheet_xml([H4] + [ROW_A, ROW_B] * 2000))])
    patch_sizes(p, "xl/worksheets/sheet1.xml", 1000)
    return p


def _lol_sheet(d: Path) -> Path:
    rows = [H4, ["&lol9;"] + ROW_A[1:]]
    xml = sheet_xml(rows).replace("&amp;lol9;", "&lol9;")
    return raw_xlsx(d / "实体炸弹-工作表.xlsx", [("表4", LOL + xml)])


def _lol_shared(d: Path) -> Path:
    shared: list[str] = []
    xml = sheet_xml([H4, ["&lol9;"] + ROW_A[1:]], shared=shared)
    return raw_xlsx(d / "实体炸弹-共享字符串.xlsx", [("表4", xml)], shared=shared, shared_head=LOL)


def _encrypted(d: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile
    plain = table4(d / "plain.xlsx")
    out = d / "有密码.xlsx"
    with open(plain, "rb") as f, open(out, "wb") as g:
        OOXMLFile(f).encrypt("密码123", g)
    plain.unlink()
    return out


_LO_CACHE: dict[tuple[str, str], bytes] = {}


def _lo(fmt: str, name: str) -> Callable[[Path], Path]:
    """A 表4 workbook converted by LibreOffice (once per format and name in a session)."""
    def build(d: Path) -> Path:
        if (fmt, name) not in _LO_CACHE:
            work = d / "lo"
            src = table4(work / f"{name}.xlsx") if work.mkdir(parents=True) is None else None
            _LO_CACHE[(fmt, name)] = convert(src, fmt, work / "out").read_bytes()
            shutil.rmtree(work, ignore_errors=True)
        return _write(d / f"{name}.{fmt}", _LO_CACHE[(fmt, name)])
    return build


def _csv(d: Path, enc: str = "utf-8-sig", name: str = "表4.csv") -> Path:
    buf = io.StringIO()
    import csv
    w = csv.writer(buf)
    for r in [H4, ROW_A, ROW_B, ROW_BAD]:
        w.writerow(r)
    return _write(d / name, buf.getvalue().encode(enc))


def _merged_header(d: Path) -> Path:
    def extra(wb, ws):
        ws.merge_cells("A1:J1")
        for col in "ABCDEFGHIJ":
            ws.merge_cells(f"{col}2:{col}3")
    return xl(d / "合并表头.xlsx", [["表4:合作伙伴协作进度表"], H4, [], ROW_A, ROW_B, ROW_BAD], extra=extra)


def _two_row_header(d: Path) -> Path:
    top = list(H4)
    top[5], top[6] = "完成时间", ""
    sub = [""] * 5 + ["计划完成时间", "实际完成时间"] + [""] * 3

    def extra(wb, ws):
        ws.merge_cells("A1:J1")
        ws.merge_cells("F2:G2")
        for col in "ABCDEHIJ":
            ws.merge_cells(f"{col}2:{col}3")
    return xl(d / "两行表头.xlsx", [["表4:合作伙伴协作进度表"], top, sub, ROW_A, ROW_B, ROW_BAD], extra=extra)


def _hidden(d: Path) -> Path:
    def extra(wb, ws):
        ws.sheet_state = "hidden"
        ws.row_dimensions[4].hidden = True
        wb.create_sheet("说明")["A1"] = "本工作簿的表4在隐藏的工作表中"
        wb.active = 1
    return table4(d / "隐藏.xlsx", extra=extra)


def _formula_cached(d: Path) -> Path:
    row = list(ROW_A)
    row[6] = Raw('s="1"', "<f>F2+2</f><v>45424</v>")                       # 2024-05-12
    row[7] = Raw('t="str"', '<f>"交付"&amp;"物"</f><v>交付物</v>')
    return raw_xlsx(d / "公式有缓存值.xlsx", [("表4", sheet_xml([H4, row, ROW_B]))])


def _formula_uncached(d: Path) -> Path:
    rows = [H4, list(ROW_A), list(ROW_B)]
    rows[1][6] = "=F2+2"
    rows[2][7] = '=CONCAT("宣传","海报")'
    return xl(d / "公式无缓存值.xlsx", rows)


def _errors(d: Path) -> Path:
    rows = [H4, list(ROW_A), list(ROW_B), ["", "", "终稿", "", "", "2024-05-25", "2024-05-24", "终稿", "", ""]]
    rows[1][5] = Raw('t="e"', "<f>VLOOKUP(A2,X:Y,2,0)</f><v>#N/A</v>")
    rows[2][6] = Raw('t="e"', "<f>1/0</f><v>#DIV/0!</v>")
    rows[3][7] = Raw('t="e"', "<v>#VALUE!</v>")
    return raw_xlsx(d / "错误值.xlsx", [("表4", sheet_xml(rows))])


def _numbers_as_text(d: Path) -> Path:
    rows = [HPO,
            ["PO-001", "甲纸业", "纸箱", "10", "１２.５", "125", "２０２４－０５－２０", "2024/5/18", "合格", ""],
            ["PO-002", "甲纸业", "胶带", "２００", "0.8", "160", "2024年5月28日", "2024.5.27", "待验收", "数量为文本"]]
    return xl(d / "文本数字.xlsx", rows, sheet="采购订单")


def _spaces(d: Path) -> Path:
    header = list(H4)
    header[5] = "计划完成\n时间"
    header[7] = " 交付物 "
    header[1] = "合作　伙伴"
    rows = [header,
            [" 新品宣传推广 ", "A广告公司\n", "需求\n确认", " 张三", "李四 ", " 2024-05-10 ", "2024-05-10\n", "《项目需求说明书》 ", "无", "启动设计"],
            ["\u3000", "", "初稿提交", "", "", "2024-05-20", "\t2024-05-18", "宣传海报初稿3版", "", ""]]
    return xl(d / "空格换行.xlsx", rows)


def _long_text(d: Path) -> Path:
    rows = [H4, list(ROW_A), list(ROW_BAD)]
    rows[1][7] = "长" * 32767
    rows[1][8] = "𠮷" * 16000
    rows[2][6] = "下周" + "再说" * 16382                                    # 32,766 characters, not a date
    return xl(d / "超长文本.xlsx", rows)


def _check_long(folder: Path, inp: Path, done) -> None:
    import xmlread
    book = xmlread.read_book(folder / "out.xlsx")
    units = lambda t: len(t.encode("utf-16-le")) // 2          # Excel counts UTF-16 code units
    texts = [c.value for s in book.sheets.values() for c in s.cells.values() if isinstance(c.value, str)]
    assert max(units(t) for t in texts) <= 32767, "a cell over Excel's 32,767 characters"
    res = [c.value for c in book.sheets["校验结果"].cells.values() if isinstance(c.value, str)]
    cut = [t for t in res if units(t) == 32767]
    assert cut and all(t.endswith("…") for t in cut), "the long finding message was not cut at the limit"
    note, _ = book.sheets["表4"].comments["G3"]
    assert units(note) <= 32767 and "【collab-xl】" in note


def _emoji(d: Path) -> Path:
    rows = [H4, ["𠮷野家联名😀", "B公司🚀", "需求确认", "𠮷田", "李四", "2024-05-10", "😀", "海报🎨", "", ""]]
    return xl(d / "生僻字😀.xlsx", rows, sheet="表4😀𠮷")


def _check_emoji(folder: Path, inp: Path, done) -> None:
    import xmlread
    book = xmlread.read_book(folder / "out.xlsx")
    res = book.sheets["校验结果"]
    links = [h for h in res.hyperlinks.values()]
    assert links == ["'表4😀𠮷'!G2"], links
    assert any(c.value == "😀" for c in res.cells.values())


def _datetimes(d: Path) -> Path:
    rows = [H4, list(ROW_A), list(ROW_B)]
    rows[1][5] = dt.datetime(2024, 5, 10, 15, 30)
    rows[1][6] = "2024-05-10T18:00:00+08:00"
    rows[2][5] = "2024-05-20 09:30"
    rows[2][6] = dt.datetime(2024, 5, 18, 23, 59, 59)
    return xl(d / "日期时间.xlsx", rows)


def _control_chars(d: Path) -> Path:
    rows = [H4, list(ROW_A), list(ROW_BAD)]
    xml = sheet_xml(rows).replace("下周", "下周_x0001__x0008_")
    return raw_xlsx(d / "控制字符.xlsx", [("表4", xml)])


def _injection(d: Path) -> Path:
    rows = [H4] + [["项目", "伙伴", f"阶段{i}", "张三", "李四", "2024-05-10", v, "交付物", "", ""]
                   for i, v in enumerate(["=1+1", "+86 138", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"点我\")"])]
    return xl(d / "公式注入.xlsx", rows, extra=lambda wb, ws: [setattr(ws.cell(row=r, column=7), "data_type", "s")
                                                           for r in range(2, 7)])


def _check_injection(folder: Path, inp: Path, done) -> None:
    import xmlread
    book = xmlread.read_book(folder / "out.xlsx")
    res = book.sheets["校验结果"]
    values = {c.value for c in res.cells.values()}
    for v in ["=1+1", "+86 138", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"点我\")"]:
        assert v in values, v
    assert not any(c.formula for c in res.cells.values()), "a formula in the findings sheet"
    assert all(c.type in ("s", "inlineStr", "n", None) for c in res.cells.values())


def _far_space(d: Path) -> Path:
    xml = sheet_xml([H4, ROW_A, ROW_B, ROW_BAD],
                    tail='<row r="1048576"><c r="J1048576" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>')
    return raw_xlsx(d / "远处空格.xlsx", [("表4", xml)])


def _far_value(d: Path) -> Path:
    xml = sheet_xml([H4, ROW_A, ROW_B, ROW_BAD],
                    tail='<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    return raw_xlsx(d / "远处内容.xlsx", [("表4", xml)])


def _dimension(d: Path) -> Path:
    return raw_xlsx(d / "尺寸标记.xlsx", [("表4", sheet_xml([H4, ROW_A, ROW_B, ROW_BAD], dimension="A1:XFD1048576"))])


def _formatted_last(d: Path) -> Path:
    xml = sheet_xml([H4, ROW_A, ROW_B, ROW_BAD], tail='<row r="1048576"><c r="XFD1048576" s="1"/></row>')
    return raw_xlsx(d / "末行格式.xlsx", [("表4", xml)])


def _dated(row: list) -> list:
    """``row`` with its ISO date texts as dates (what a program writing the file would store)."""
    return [dt.date.fromisoformat(v) if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v) else v
            for v in row]


def _dotnet(d: Path) -> Path:
    """A .NET-style (x: prefix) 表4 with a bad date, an Excel error value and a formula without
    a saved value: read, checked and noticed like any other workbook."""
    last = ["", "", "终稿", "", "", "2024-05-25", "2024-05-24",
            Raw('t="e"', "<f>VLOOKUP(A5,Z:Z,1,0)</f><v>#N/A</v>"), "", Raw("", "<f>H5&amp;\"\"</f>")]
    rows = [H4] + [_dated(r) for r in (ROW_A, ROW_B, ROW_BAD, last)]
    return dotnet_xlsx(d / "系统导出.xlsx", rows)


def _check_dotnet(folder: Path, inp: Path, done) -> None:
    notes = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert "注意:有 1 个公式单元格没有保存计算结果(如「表4」J5),已按空白检查;请在 Excel 或 WPS 中打开并保存后再检查" in notes, notes


_FAR = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def _dotnet_far(d: Path) -> Path:
    return dotnet_xlsx(d / "系统导出-远处内容.xlsx", [H4] + [_dated(r) for r in (ROW_A, ROW_B, ROW_BAD)], tail=_FAR)


def _ns0_far(d: Path) -> Path:
    return dotnet_xlsx(d / "ns0-远处内容.xlsx", [H4, ROW_A, ROW_B, ROW_BAD], prefix="ns0", tail=_FAR)


def _far_written_otherwise(d: Path) -> Path:
    xml = sheet_xml([H4, ROW_A, ROW_B, ROW_BAD],
                    tail="<row r=\"1048576\"><c t=\"inlineStr\" r = 'xfd1048576'><is><t>x</t></is></c></row>")
    return raw_xlsx(d / "远处内容-小写引用.xlsx", [("表4", xml)])


def _far_unnumbered(d: Path) -> Path:
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 40
    xml = sheet_xml([H4, ROW_A, ROW_B, ROW_BAD], tail=f'<row r="1048576">{cells}</row>')
    return raw_xlsx(d / "远处内容-无引用.xlsx", [("表4", xml)])


def _huge_merge(d: Path) -> Path:
    xml = sheet_xml([H4, ROW_A, ROW_B, ROW_BAD]).replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A6:XFD1048576"/></mergeCells>')
    return raw_xlsx(d / "巨大合并.xlsx", [("表4", xml)])


def _lock(d: Path) -> Path:
    p = table4(d / "已打开.xlsx")
    _write(d / "~$已打开.xlsx", b"\x06user")
    return p


def _lock_target(d: Path) -> Path:
    p = table4(d / "输入.xlsx")
    _write(d / "~$结果.xlsx", b"\x06user")
    return p


def _lock_other(d: Path) -> Path:
    p = table4(d / "输入.xlsx")
    table4(d / "进度表.xlsx")
    _write(d / "~$进度表.xlsx", b"\x06user")
    return p


def _readonly(d: Path) -> Path:
    sub = d / "只读"
    sub.mkdir()
    return table4(sub / "只读文件夹.xlsx")


def _readonly_file(d: Path) -> Path:
    p = table4(d / "只读文件.xlsx")
    p.chmod(0o444)
    return p


def _xlsm(d: Path) -> Path:
    return inject_sheet(xlwings_xlsm(), d / "宏工作簿.xlsm", "xl/worksheets/sheet1.xml", [H4, ROW_A, ROW_B, ROW_BAD])


def _exists(*rel: str) -> Callable:
    def check(folder: Path, inp: Path, done) -> None:
        for r in rel:
            assert (folder / r).exists(), f"{r} was not written"
    return check


def _check_huge_merge_kept(folder: Path, inp: Path, done) -> None:
    """The result holds the user's merged block as it was, and our marks."""
    import zipfile
    with zipfile.ZipFile(folder / "out.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b'<mergeCell ref="A6:XFD1048576"/>' in sheet and b"conditionalFormatting" in sheet


def _absent(*rel: str) -> Callable:
    def check(folder: Path, inp: Path, done) -> None:
        for r in rel:
            assert not (folder / r).exists(), f"{r} was written"
        assert not list(folder.rglob(".collab-xl-*")), "a temporary file was left"
    return check


def _no_table(name_placeholder: str = "{name}") -> str:
    return f"没有找到任何指南表格(按表头识别),请确认表头与模板一致:{name_placeholder}"


NOT_BOOK = "不是 Excel 工作簿(内容不是 xlsx/xls 格式,可能是改了扩展名的文本文件):{name}"
DAMAGED = "文件已损坏,无法作为工作簿打开:{name}"
T4 = ("表4", "partner_progress")
FAR_4 = ("工作表「表4」的内容一直延伸到 {far}(区域 A1:{far} 超过 30 百万个单元格),超出可检查的范围;"
         "请删除远处多余的单元格内容后再试:{{name}}")

CASES: list[Case] = [
    # -- not a workbook at all ---------------------------------------------------------------
    Case("random-bytes", "random bytes named .xlsx", lambda d: _write(d / "随机.xlsx", os.urandom(4096)), 2,
         message=NOT_BOOK,
         message_en="Not an Excel workbook (the content is not xlsx/xls; a renamed text file?): {name}"),
    Case("pdf-named-xlsx", "a PDF renamed .xlsx", lambda d: _write(d / "报告.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
         2, message=NOT_BOOK),
    Case("text-named-xlsx", "a text file renamed .xlsx", lambda d: _write(d / "文本.xlsx", ",".join(H4) + "\n" + ",".join(ROW_A)),
         2, message=NOT_BOOK),
    Case("html-named-xls", "a web page saved as .xls (what many systems export)",
         lambda d: _write(d / "导出.xls", "<html><body><table><tr><td>合作项目</td></tr></table></body></html>"), 2,
         message="这是网页(HTML)或 XML 文件,只是扩展名为 .xls;请在 Excel 中打开后另存为 .xlsx 再检查:{name}",
         message_en="This is a web page (HTML) or XML file with a .xls extension; open it in Excel, save it as .xlsx "
                    "and check that: {name}"),
    Case("pdf", "a PDF (.pdf)", lambda d: _write(d / "说明.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n\x00\x01"), 2,
         message="不是 Excel 工作簿或 CSV 文件,无法检查:{name}"),
    Case("empty-file", "an empty file (0 bytes)", lambda d: _write(d / "空.xlsx", b""), 2, message="文件是空的:{name}",
         message_en="The file is empty: {name}"),
    Case("missing-file", "a path that does not exist", lambda d: d / "不存在.xlsx", 2, message="找不到文件:{name}"),
    Case("folder", "a folder instead of a file", lambda d: (d / "文件夹.xlsx").mkdir() or d / "文件夹.xlsx", 2,
         message="这是一个文件夹,不是工作簿:{name}"),
    Case("lock-file-input", "Excel's lock file (~$…) given as the input", lambda d: _write(d / "~$表.xlsx", b"\x06user" + b"\x00" * 160),
         2, message="这是 Excel 的临时锁文件,不是工作簿:{name}"),
    # -- zips that are not (good) workbooks ---------------------------------------------------
    Case("truncated-zip", "the first half of an .xlsx (a download cut short)", _truncated, 2, message=DAMAGED,
         message_en="The file is damaged and cannot be opened as a workbook: {name}"),
    Case("corrupt-zip", "an .xlsx with garbled bytes inside the sheet's compressed data", _corrupt, 2, message=DAMAGED),
    Case("zip-not-workbook", "a zip archive of text files named .xlsx",
         lambda d: _zip(d / "压缩包.xlsx", {"readme.txt": "hello", "data/a.csv": "a,b"}), 2,
         message="这是一个压缩包,但不是 Excel 工作簿:{name}"),
    Case("docx-named-xlsx", "a Word document renamed .xlsx",
         lambda d: _zip(d / "文档.xlsx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}), 2,
         message="这是一个压缩包,但不是 Excel 工作簿:{name}"),
    Case("zip-bomb-declared", "a sheet declaring a 4 GB uncompressed size", _declared_bomb, 2,
         message="文件解压后过大(可能是压缩炸弹),已拒绝读取:{name}",
         message_en="The file would expand to an unsafe size (a zip bomb?); not read: {name}"),
    Case("zip-bomb-ratio", "a sheet that really inflates 1000× (250 MiB of blanks)", _ratio_bomb, 2,
         message="文件解压后过大(可能是压缩炸弹),已拒绝读取:{name}"),
    Case("zip-lying-size", "a sheet declaring 1,000 bytes but inflating to far more", _lying_size, 2, message=DAMAGED),
    Case("entity-bomb-sheet", "billion laughs (nested XML entities) in a sheet", _lol_sheet, 2,
         message="工作簿含有不安全的 XML 内容(DTD/实体声明,Excel 不会写入这种内容),已拒绝读取:{name}",
         message_en="The workbook contains unsafe XML (a DTD / entity declarations, which Excel never writes); not read: {name}"),
    Case("entity-bomb-shared-strings", "billion laughs in sharedStrings.xml", _lol_shared, 2,
         message="工作簿含有不安全的 XML 内容(DTD/实体声明,Excel 不会写入这种内容),已拒绝读取:{name}"),
    Case("password", "a password-protected workbook (ECMA-376 agile encryption)", _encrypted, 2,
         message="工作簿设置了打开密码,请先在 Excel 中取消密码再检查:{name}",
         message_en="The workbook is password-protected; remove the password in Excel first: {name}"),
    # -- other formats ------------------------------------------------------------------------
    Case("xls", "an Excel 97–2003 .xls (made by LibreOffice)", _lo("xls", "旧格式"), 1,
         tables=(T4 + (1, 3),), findings=("CX102@G4",), needs="soffice"),
    Case("xls-out", "an .xls with --out", _lo("xls", "旧格式"), 2, args=("--out", "{dir}/out.xls"),
         message="只能写入 .xlsx/.xlsm 工作簿,不能写入 .xls 文件:{name}(可用 Excel 另存为 .xlsx 后再试)", needs="soffice",
         check=_absent("out.xls")),
    Case("ods", "an OpenDocument .ods (made by LibreOffice)", _lo("ods", "开放格式"), 1,
         tables=(T4 + (1, 3),), findings=("CX102@G4",), needs="soffice"),
    Case("xlsx-named-xls", "an .xlsx renamed .xls", lambda d: table4(d / "改名.xls"), 1,
         tables=(T4 + (1, 3),), findings=("CX102@G4",), note="read by its content, not its extension"),
    Case("csv", "a UTF-8 CSV with the 表4 header", _csv, 1, tables=(T4 + (1, 3),), findings=("CX102@G4",)),
    Case("csv-gbk", "a GBK-encoded CSV (Excel's 'CSV' on Chinese Windows)", lambda d: _csv(d, "gbk", "表4-gbk.csv"), 1,
         tables=(("表4-gbk", "partner_progress", 1, 3),), findings=("CX102@G4",)),
    Case("csv-out", "a CSV with --out", _csv, 2, args=("--out", "{dir}/out.xlsx"),
         message="只能写入 .xlsx/.xlsm 工作簿,不能写入 .csv 文件:{name}(可用 Excel 另存为 .xlsx 后再试)",
         message_en="Results can only be written to .xlsx/.xlsm workbooks, not .csv file: {name} (save it as .xlsx in Excel first)",
         check=_absent("out.xlsx")),
    # -- workbooks without (good) tables ------------------------------------------------------
    Case("empty-workbook", "a new, empty workbook", lambda d: xl(d / "空工作簿.xlsx", []), 2, message=_no_table(),
         message_en="No table of the guide was found (tables are found by their header row); check the headers: {name}"),
    Case("no-catalog-sheet", "only sheets of other tables (姓名/年龄/城市)",
         lambda d: xl(d / "其他表.xlsx", [["姓名", "年龄", "城市"], ["张三", 30, "北京"]], sheet="名单"), 2, message=_no_table()),
    Case("near-miss", "an ERP order export without an order number or date the catalog knows (issue 12)",
         lambda d: xl(d / "ERP导出.xlsx", [["单据编号", "供应商", "物料名称", "订购数量", "单价（含税）", "预计到货"],
                                          ["D-1", "甲公司", "纸", 5, 25, "2024-05-25"]], sheet="PO"), 2,
         message="没有找到任何指南表格(按表头识别):{name}。最接近的是工作表「PO」第 1 行的「采购订单」:"
                 "认出了「供应商名称」、「产品明细」、「数量」、「单价」,缺少关键列「订单号」(也认:采购订单号、订单编号、"
                 "采购单号、订单编码、PO号…)、「要求交付日期」(也认:交货日期、交期、要求到货日期、计划交货日期、约定交期…);"
                 "在 collab-xl.toml 的 [headers] 下加上 purchase_orders.order_no = \"单据编号\" ; "
                 "purchase_orders.due = \"预计到货\" 即可读取(collab-xl map {name} 显示详情)",
         note="the closest table, the key columns it lacks with the synonyms accepted, the [headers] lines "
              "(docs/recognition.md)"),
    Case("header-only", "the 表4 header and no rows", lambda d: table4(d / "只有表头.xlsx", []), 0, tables=(T4 + (1, 0),)),
    Case("header-row-500", "the header at row 500 under notes", lambda d: xl(
        d / "表头在500行.xlsx", [["填写说明:见下方表格"]] + [[]] * 498 + [H4, ROW_A, ROW_BAD]), 1,
         tables=(T4 + (500, 2),), findings=("CX102@G502",)),
    Case("header-row-2100", "the header below row 2,000 (not looked for)", lambda d: xl(
        d / "表头在2100行.xlsx", [["说明"]] + [[]] * 2098 + [H4, ROW_A]), 2, message=_no_table(),
         note="headers are looked for in the first 2,000 rows"),
    Case("duplicate-header", "交付物 named twice in the header", lambda d: xl(
        d / "重复表头.xlsx", [H4 + ["交付物"], ROW_A + ["备用"], ROW_B + [""]]), 0,
         tables=(T4 + (1, 2),), findings=("CX001@K1",)),
    Case("merged-header", "a merged title and header cells merged over two rows", _merged_header, 1,
         tables=(T4 + (2, 3),), findings=("CX102@G6",)),
    Case("two-row-header", "a two-row header: 完成时间 merged over 计划/实际完成时间, the rest merged down", _two_row_header, 1,
         tables=(T4 + (3, 3),), findings=("CX102@G6",), note="the header row reported is the lower one"),
    Case("missing-column", "the required column 交付物 left out", lambda d: xl(
        d / "缺列.xlsx", [[h for h in H4 if h != "交付物"], [v for h, v in zip(H4, ROW_A) if h != "交付物"]]), 1,
         tables=(T4 + (1, 1),), findings=("CX002@A1",)),
    # -- cell contents ------------------------------------------------------------------------
    Case("formulas-cached", "formulas saved with their values (as Excel saves them)", _formula_cached, 0,
         tables=(T4 + (1, 2),)),
    Case("formulas-uncached", "formulas without saved values (as openpyxl writes them)", _formula_uncached, 1,
         tables=(T4 + (1, 2),), findings=("CX101@H3",),
         notice="注意:有 2 个公式单元格没有保存计算结果(如「表4」G2),已按空白检查;请在 Excel 或 WPS 中打开并保存后再检查",
         note="the value is unknown without Excel: the cell counts as empty and a notice says so"),
    Case("error-values", "#N/A, #DIV/0!, #VALUE! in a date, a date and a text cell", _errors, 1,
         tables=(T4 + (1, 3),), findings=("CX115@F2", "CX115@G3", "CX115@H4"),
         notice="注意:有 3 个单元格是 Excel 错误值(如「表4」F2 的 #N/A),请修正其公式或数据",
         note="python-calamine reads error cells as empty; collab-xl puts back the text Excel shows"),
    Case("numbers-as-text", "numbers and dates stored as text, full-width digits (２０２４－０５－２０, １２.５)",
         _numbers_as_text, 0, tables=(("采购订单", "purchase_orders", 1, 2),)),
    Case("spaces-line-breaks", "stray spaces, full-width spaces, tabs and line breaks in cells and headers", _spaces, 0,
         tables=(T4 + (1, 2),)),
    Case("hidden", "the table in a hidden sheet, a bad row hidden", _hidden, 1, tables=(T4 + (1, 3),),
         findings=("CX102@G4",), note="hidden sheets and rows are checked like any other"),
    Case("dimension-tag", "a <dimension> claiming A1:XFD1048576 over a small table", _dimension, 1,
         tables=(T4 + (1, 3),), findings=("CX102@G4",)),
    Case("formatted-last-row", "a formatted, empty cell at XFD1048576", _formatted_last, 1,
         tables=(T4 + (1, 3),), findings=("CX102@G4",)),
    Case("far-space", "a space typed at J1048576 below a small table", _far_space, 1,
         tables=(T4 + (1, 3),), findings=("CX102@G4",), note="blank rows at the end are dropped; memory stays bounded"),
    Case("far-value", "a value at XFD1048576 (17 billion cells away)", _far_value, 2,
         message="工作表「表4」的内容一直延伸到 XFD1048576(区域 A1:XFD1048576 超过 30 百万个单元格),超出可检查的范围;"
                 "请删除远处多余的单元格内容后再试:{name}",
         message_en="The sheet \"表4\" has content as far as XFD1048576 (the area A1:XFD1048576 exceeds 30 million cells), "
                    "too large to check; delete the stray far-away cells and try again: {name}"),
    Case("dotnet-style", "a .NET-style workbook (Open XML SDK: x: prefix on every tag, dates as serials), "
         "a bad date, an error value, a formula without a value", _dotnet, 1, tables=(T4 + (1, 4),),
         findings=("CX102@G4", "CX115@H5"), notice="注意:有 1 个单元格是 Excel 错误值(如「表4」H5 的 #N/A),请修正其公式或数据",
         check=_check_dotnet, note="read like any workbook: python-calamine and the checks ignore the prefix"),
    Case("dotnet-far-value", "a .NET-style workbook (<x:c>) with a value at XFD1048576", _dotnet_far, 2,
         message=FAR_4.format(far="XFD1048576"),
         message_en="The sheet \"表4\" has content as far as XFD1048576 (the area A1:XFD1048576 exceeds 30 million "
                    "cells), too large to check; delete the stray far-away cells and try again: {name}"),
    Case("ns0-far-value", "a value at XFD1048576 in <ns0:c> tags (as Python's ElementTree writes)", _ns0_far, 2,
         message=FAR_4.format(far="XFD1048576"), note="whatever the prefix"),
    Case("far-value-written-otherwise", "a value at a far cell written r = 'xfd1048576' (lower case, single quotes)",
         _far_written_otherwise, 2, message=FAR_4.format(far="XFD1048576")),
    Case("far-value-unnumbered", "40 cells without a reference in row 1048576 (placed by their order)",
         _far_unnumbered, 2, message=FAR_4.format(far="AN1048576"),
         note="cells are placed as python-calamine places them"),
    Case("merged-huge", "one merged block A6:XFD1048576 below the table, report only", _huge_merge, 1,
         tables=(T4 + (1, 3),), findings=("CX102@G4",)),
    Case("merged-huge-out", "one merged block A6:XFD1048576 below the table, with --out", _huge_merge, 1,
         args=("--out", "{dir}/out.xlsx"), tables=(T4 + (1, 3),), findings=("CX102@G4",), check=_check_huge_merge_kept,
         note="written by adding: the merged range is copied, never expanded into cells"),
    Case("long-text", "32,767-character cells and a 32,766-character bad date, with --out", _long_text, 1,
         args=("--out", "{dir}/out.xlsx"), tables=(T4 + (1, 2),), findings=("CX102@G3",), check=_check_long,
         note="result cells are cut to Excel's 32,767 characters"),
    Case("emoji", "rare characters and emoji (𠮷, 😀) in values and the sheet name, with --out", _emoji, 1,
         args=("--out", "{dir}/out.xlsx"), tables=(("表4😀𠮷", "partner_progress", 1, 1),), findings=("CX102@G2",),
         check=_check_emoji),
    Case("datetimes", "datetimes with times and with a time zone (2024-05-10T18:00:00+08:00)", _datetimes, 0,
         tables=(T4 + (1, 2),)),
    Case("control-chars", "control characters (_x0001_) in a bad cell, with --out", _control_chars, 1,
         args=("--out", "{dir}/out.xlsx"), tables=(T4 + (1, 2),), findings=("CX102@G3",), check=_exists("out.xlsx"),
         note="characters XML cannot hold are written as U+FFFD in the results"),
    Case("formula-injection", "cells starting with = + - @ copied into the results, with --out", _injection, 1,
         args=("--out", "{dir}/out.xlsx"), tables=(T4 + (1, 5),),
         findings=("CX102@G2", "CX102@G3", "CX102@G4", "CX102@G5", "CX102@G6"), check=_check_injection,
         note="written as text, never as formulas"),
    # -- where results go ---------------------------------------------------------------------
    Case("open-in-excel-in-place", "--in-place while Excel has the file open (~$ lock file beside it)", _lock, 2,
         args=("--in-place",), message="工作簿正在 Excel 中打开(发现锁文件 ~${name}),请先关闭再写入:{name}",
         message_en="The workbook is open in Excel (lock file ~${name} found); close it first: {name}",
         check=_absent("已打开.bak.xlsx")),
    Case("open-in-excel-out", "--out to a workbook Excel has open", _lock_target, 2, args=("--out", "{dir}/结果.xlsx"),
         message="工作簿正在 Excel 中打开(发现锁文件 ~$结果.xlsx),请先关闭再写入:结果.xlsx", check=_absent("结果.xlsx")),
    Case("open-other-in-excel-out", "--out 5月进度表.xlsx while Excel has 进度表.xlsx open (~$进度表.xlsx beside it)",
         _lock_other, 1, args=("--out", "{dir}/5月进度表.xlsx"), tables=(T4 + (1, 3),), findings=("CX102@G4",),
         check=_exists("5月进度表.xlsx"), note="Excel's owner file is ~$ + the full name; only Word shortens it"),
    Case("readonly-report", "a file in a read-only folder, report only", _readonly, 1, input_arg="只读/只读文件夹.xlsx",
         tables=(T4 + (1, 3),), findings=("CX102@G4",), readonly=True, needs="drop_caps"),
    Case("readonly-in-place", "a file in a read-only folder, --in-place", _readonly, 2, input_arg="只读/只读文件夹.xlsx",
         args=("--in-place",), message="无法在文件夹中写入文件(没有写入权限):只读", readonly=True, needs="drop_caps",
         check=_absent("只读/只读文件夹.bak.xlsx")),
    Case("readonly-file-in-place", "a read-only file (chmod 444, Windows' read-only attribute), --in-place", _readonly_file,
         2, args=("--in-place",), message="文件是只读的,collab-xl 不会改写它;请先取消只读属性,或改用 --out 写入新文件:{name}",
         message_en="The file is read-only, so collab-xl will not rewrite it; make it writable first, or use --out "
                    "to write a new file: {name}",
         check=_absent("只读文件.bak.xlsx"), note="refused whoever runs it, root included; nothing written, no backup"),
    Case("out-missing-folder", "--out into a folder that does not exist yet", lambda d: table4(d / "输入.xlsx"), 1,
         args=("--out", "新文件夹/子文件夹/结果.xlsx"), tables=(T4 + (1, 3),), findings=("CX102@G4",),
         check=_exists("新文件夹/子文件夹/结果.xlsx"), note="the folder is created"),
    Case("out-same-as-input", "--out naming the input itself", lambda d: table4(d / "输入.xlsx"), 2,
         args=("--out", "{name}"), message="--out 不能是输入文件本身;要改写原文件请用 --in-place(会保留备份)",
         message_en="--out cannot be the input file; use --in-place to rewrite it (a backup is kept)"),
    Case("out-and-in-place", "--out together with --in-place", lambda d: table4(d / "输入.xlsx"), 2,
         args=("--out", "结果.xlsx", "--in-place"), message="--out 与 --in-place 只能选一个", check=_absent("结果.xlsx")),
    Case("out-is-folder", "--out naming an existing folder", lambda d: (d / "结果").mkdir() or table4(d / "输入.xlsx"), 2,
         args=("--out", "结果"), message="--out 需要一个文件名,而 结果 是文件夹"),
    Case("xlsm-out-xlsx", "an .xlsm (with macros) and --out …xlsx", _xlsm, 2, args=("--out", "结果.xlsx"),
         message="输出文件扩展名须与原文件一致(.xlsm),否则 Excel 无法打开或宏会丢失:结果.xlsx", needs="xlwings",
         check=_absent("结果.xlsx")),
    Case("xlsm-out-xlsm", "an .xlsm (with macros) and --out …xlsm", _xlsm, 1, args=("--out", "结果.xlsm"),
         tables=(("Sheet1", "partner_progress", 1, 3),), findings=("CX102@G4",), needs="xlwings",
         check=_exists("结果.xlsm")),
    Case("bad-today", "--today that is not a date", lambda d: table4(d / "输入.xlsx"), 2, args=("--today", "明天"),
         message="--today 不是有效日期:明天(请写成 2024-06-05)"),
]


# ---------------------------------------------------------------------------------------------
# Running
def available(need: str | None) -> str | None:
    """None when the case can run here, else why not."""
    if need == "soffice" and not soffice():
        return "LibreOffice (soffice) is not installed"
    if need == "xlwings" and xlwings_xlsm() is None:
        return "xlwings (which ships an Excel-written .xlsm) is not installed"
    if need == "drop_caps" and os.geteuid() == 0 and not _can_drop_caps():
        return "running as root and cannot drop CAP_DAC_OVERRIDE, so a read-only folder is not read-only"
    return None


_LIBC = None


def _prctl_drop() -> None:
    """Child side: drop the capabilities that let root ignore file permissions."""
    for cap in (1, 2):   # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if _LIBC.prctl(24, cap, 0, 0, 0) != 0:   # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl")


def _can_drop_caps() -> bool:
    global _LIBC
    try:
        _LIBC = ctypes.CDLL(None, use_errno=True)
        r = subprocess.run([sys.executable, "-c", "import os"], preexec_fn=_prctl_drop, timeout=60)
        return r.returncode == 0
    except Exception:
        return False


def run_cli(argv: list[str], cwd: Path, drop_caps: bool = False, mem: int = MEM_LIMIT,
            extra_limits: Callable | None = None) -> subprocess.CompletedProcess:
    """The real command line in a child process, with an address-space limit and a timeout."""
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        if drop_caps and os.geteuid() == 0:
            _prctl_drop()
        if extra_limits:
            extra_limits()
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120")
    env.pop("COLLAB_XL_LANG", None)
    env.pop("COLLAB_XL_DEBUG", None)
    if drop_caps:
        global _LIBC
        _LIBC = _LIBC or ctypes.CDLL(None, use_errno=True)
    return subprocess.run([sys.executable, "-m", "collab_xl.cli", *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=TIMEOUT, preexec_fn=limits, env=env)


def build_case(case: Case, base: Path) -> tuple[Path, Path]:
    folder = base / case.key
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    inp = case.build(folder)
    return folder, inp


def expected_message(case: Case, inp: Path, lang: str = "zh") -> str:
    text = case.message if lang == "zh" else case.message_en
    return text.format(name=inp.name, dir="")


# ---------------------------------------------------------------------------------------------
# The table in docs/bad-inputs.md
def _answer(case: Case) -> str:
    if case.exit == 2:
        return "`" + case.message.replace("{name}", "‹文件名›").replace("|", "\\|") + "`"
    parts = []
    for sheet, table, hr, rows in case.tables:
        parts.append(f"{table} found (header row {hr}, {rows} rows)")
    parts.append("findings: " + (", ".join(f.replace("@", " at ") for f in case.findings) if case.findings else "none"))
    if case.notice:
        parts.append("notice: `" + case.notice + "`")
    return "; ".join(parts)


def render_table() -> str:
    lines = ["| # | case | input | command | exit | what the user gets |", "|---|---|---|---|---|---|"]
    for i, c in enumerate(CASES, start=1):
        cmd = " ".join(["validate", "‹file›"] + [a.replace("{dir}/", "").replace("{name}", "‹file›") for a in c.args])
        answer = _answer(c) + (f" — {c.note}" if c.note else "")
        need = f" (needs {c.needs})" if c.needs in ("soffice", "xlwings") else ""
        lines.append(f"| {i} | `{c.key}` | {c.what}{need} | `{cmd}` | {c.exit} | {answer} |")
    return "\n".join(lines)


def doc_with_table(text: str) -> str:
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    return f"{before}{BEGIN}\n{render_table()}\n{END}{after}"


if __name__ == "__main__":      # python tests/corpus.py: rewrite the table in docs/bad-inputs.md
    sys.path.insert(0, str(ROOT))
    DOC.write_text(doc_with_table(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {DOC}")
