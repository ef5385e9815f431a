"""Reading workbook files into grids: values only, through python-calamine (the fastest reader
measured here), once per sheet. Nothing here writes, so reading never changes the input.

Every failure a user can cause becomes a ``UserError`` with one line in each language; nothing a
file contains may crash the process or exhaust the machine (docs/bad-inputs.md). Before
python-calamine sees an .xlsx/.xlsm, one streaming pass over the zip checks it:

* declared sizes (zip bombs) and every member's CRC (damaged or lying archives);
* no XML part declares a DTD (entity bombs: Excel never writes one);
* how far each sheet's cells really reach: calamine builds a dense rectangle from the first to
  the last cell, so one stray value at XFD1048576 would ask for terabytes and abort the process;
  such a sheet is refused with the far cell named. Tags are read as calamine reads them: by
  their local name whatever the prefix (.NET's Open XML SDK writes ``<x:c>``, Python's
  ElementTree ``<ns0:c>``), references in either case and quoting, cells without a reference
  placed by their row's number and their order;
* Excel error values (#N/A, #DIV/0! …) and formulas saved without a computed value, which
  python-calamine returns as empty cells: errors are put back as the text Excel shows, and the
  user is told about both (``collab_xl.io.notices``).
"""
from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from collab_xl.cells.address import column_index, get_column_letter
from collab_xl.core.sheet import Grid
from collab_xl.errors import UserError
from collab_xl.i18n import Both, Messages
from collab_xl.io.notices import Notices

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xlam", ".xls", ".xlsb", ".ods"}
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xlam", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
MAX_UNCOMPRESSED = 2 * 1024**3        # 2 GiB declared in all: beyond that, refuse (zip bomb)
MAX_RATIO = 400                       # a member that expands more than this is suspicious…
MAX_RATIO_MIN_SIZE = 200 * 1024**2    # …once it also declares more than 200 MiB
MAX_CELLS = 30_000_000                # the rectangle a sheet's cells span (1M rows × 26 columns fit)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 4 * 1024 * 1024
STEP = 256 * 1024                     # zip members are inflated in steps that stay in the cache

M = Messages({
    "damaged": ("文件已损坏,无法作为工作簿打开:{name}", "The file is damaged and cannot be opened as a workbook: {name}"),
    "zip_bomb": ("文件解压后过大(可能是压缩炸弹),已拒绝读取:{name}",
                 "The file would expand to an unsafe size (a zip bomb?); not read: {name}"),
    "zip_not_workbook": ("这是一个压缩包,但不是 Excel 工作簿:{name}", "This is a zip archive but not an Excel workbook: {name}"),
    "zip_password": ("压缩包内的文件有密码,无法读取:{name}",
                     "The archive's members are password-protected; cannot read: {name}"),
    "unsafe_xml": ("工作簿含有不安全的 XML 内容(DTD/实体声明,Excel 不会写入这种内容),已拒绝读取:{name}",
                   "The workbook contains unsafe XML (a DTD / entity declarations, which Excel never writes); not read: {name}"),
    "too_far": ("工作表「{sheet}」的内容一直延伸到 {far}(区域 {area} 超过 {millions} 百万个单元格),"
                "超出可检查的范围;请删除远处多余的单元格内容后再试:{name}",
                "The sheet \"{sheet}\" has content as far as {far} (the area {area} exceeds "
                "{millions} million cells), too large to check; delete the stray far-away cells and try again: {name}"),
    "csv_encoding": ("无法识别 CSV 文件的编码:{name}", "Cannot tell the encoding of the CSV file: {name}"),
    "csv_binary": ("这不是文本(CSV)文件,也不是 Excel 工作簿:{name}",
                   "This is neither a text (CSV) file nor an Excel workbook: {name}"),
    "csv_malformed": ("CSV 文件格式有误({error}):{name}", "The CSV file is malformed ({error}): {name}"),
    "not_found": ("找不到文件:{path}", "File not found: {path}"),
    "folder": ("这是一个文件夹,不是工作簿:{path}", "This is a folder, not a workbook: {path}"),
    "lock_file": ("这是 Excel 的临时锁文件,不是工作簿:{name}", "This is an Excel lock file, not a workbook: {name}"),
    "empty": ("文件是空的:{name}", "The file is empty: {name}"),
    "no_permission": ("没有读取权限:{name}", "No permission to read the file: {name}"),
    "markup": ("这是网页(HTML)或 XML 文件,只是扩展名为 {suffix};请在 Excel 中打开后另存为 .xlsx 再检查:{name}",
               "This is a web page (HTML) or XML file with a {suffix} extension; open it in Excel, "
               "save it as .xlsx and check that: {name}"),
    "no_suffix": ("(无)", "(missing)"),
    "renamed_text": ("不是 Excel 工作簿(内容不是 xlsx/xls 格式,可能是改了扩展名的文本文件):{name}",
                     "Not an Excel workbook (the content is not xlsx/xls; a renamed text file?): {name}"),
    "unknown_kind": ("不是 Excel 工作簿或 CSV 文件,无法检查:{name}",
                     "Neither an Excel workbook nor a CSV file; cannot check it: {name}"),
    "password": ("工作簿设置了打开密码,请先在 Excel 中取消密码再检查:{name}",
                 "The workbook is password-protected; remove the password in Excel first: {name}"),
    "unreadable": ("无法读取工作簿(文件损坏或格式不受支持):{name}",
                   "Cannot read the workbook (damaged or unsupported format): {name}"),
    "sheet_memory": ("内存不足,无法读取工作表「{sheet}」:{name}", "Not enough memory to read the sheet \"{sheet}\": {name}"),
    "sheet_unreadable": ("无法读取工作表「{sheet}」(文件可能已损坏):{name}",
                         "Cannot read the sheet \"{sheet}\" (the file may be damaged): {name}"),
    "n_errors": ("注意:有 {n} 个单元格是 Excel 错误值(如「{sheet}」{cell} 的 {value}),请修正其公式或数据",
                 "Note: {n} cells hold an Excel error value (e.g. {value} in \"{sheet}\" {cell}); fix their formulas or data"),
    "n_uncached": ("注意:有 {n} 个公式单元格没有保存计算结果(如「{sheet}」{cell}),已按空白检查;"
                   "请在 Excel 或 WPS 中打开并保存后再检查",
                   "Note: {n} formula cells were saved without a computed value (e.g. \"{sheet}\" "
                   "{cell}) and were checked as empty; open and save the file in Excel or WPS, then check again"),
})


class Grids(list):
    """The sheets of one file as Grids (a list), with the notices found while reading them."""

    def __init__(self, grids=(), notices: Notices | None = None):
        super().__init__(grids)
        self.notices = notices if notices is not None else Notices()


# ---------------------------------------------------------------------------------------------
# What the file is
def _sniff(path: Path) -> tuple[str, bytes]:
    """What the file really is, by its first bytes: zip, ole (xls or encrypted OOXML), other."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip", head
    if head.startswith(OLE_MAGIC):
        return "ole", head
    return "other", head


def _looks_like_markup(head: bytes) -> bool:
    t = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return t.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table", b"<meta", b"<head", b"<body"))


# ---------------------------------------------------------------------------------------------
# The zip pass
@dataclass
class SheetFacts:
    part: str
    name: str = ""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)   # (row, col) 1-based -> "#N/A"
    uncached: list[tuple[int, int]] = field(default_factory=list)       # formulas without a value
    suspect: bool = False             # cells beyond column Z or row 999,999, or unusual markup


# A sheet whose cells all sit in columns A–Z and rows below 1,000,000 spans at most 26 million
# cells: safe without looking closer. Anything else (a cell beyond those, a reference written
# another way, a cell without a reference) gets the exact scan of ``_extent``.
_SUSPECT = re.compile(rb'<c r="(?![A-Z]\d{1,6}")')
# Both tests of a piece in one pass: a cell start tag (<c followed by a space, tab, line break,
# ">" or "/") that is not <c r="A1"-like with a column A–Z and a row below 1,000,000: the same
# pieces as ``_odd_cells(seg) or _SUSPECT.search(seg)`` (tests/test_read_speed.py). Written with
# the look-ahead first and the digits taken possessively (a '"' is no digit, so nothing is given
# back either way), it runs ≈ 25% faster than ``<c(?:[\t\n\r>/]| (?!r="[A-Z]\d{1,6}"))``.
_ODD_OR_FAR = re.compile(rb'<c(?! r="[A-Z][0-9]{1,6}+")[\t\n\r >/]')
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Za-z]{1,3})(\d+)"')
_CELL_T = re.compile(rb'^<c\b[^>]*?\bt="(\w+)"')
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>([^<]*)</v>")
_FORMULA = re.compile(rb"<f[\s>/]")
_HAS_ERROR = re.compile(rb't="e"')
_HAS_FORMULA = re.compile(rb"<f[ >/]")
# python-calamine matches elements by their local name and ignores the prefix: so does the scan,
# after taking the prefix off the tags it looks at (<x:c> → <c>, </ns0:row> → </row>).
_PREFIX_HINT = re.compile(rb":(?:c|row)[\s/>]")      # a quick look first: most sheets have none
_PREFIXED = re.compile(rb"""<(/?)[^\s<>/:!?="']+:(c|row|v|f|is|sheetData)(?=[\s/>])""")
# A start or end tag of a row or a cell; attribute values may hold ">" (never "<").
_TAG = re.compile(rb"""<(/?)(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTR = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)(\d+)")
_CELL_TAGS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")
# A cell written open with its reference first (<c r="B2" …>, not <c r="B2" …/>), and a row tag.
_OPEN_CELL = re.compile(rb"""<c r="([A-Za-z]+)(\d+)"(?:[^>"'/]|/(?!>)|"[^"]*"|'[^']*')*>""")
_ANY_CELL = re.compile(rb'<c r="([A-Za-z]+)\d+"')
_ROW_R = re.compile(rb' r="(\d+)"(?:\s+(?!r\s*=)[^\s=]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*/?$')
_ROW_TAG = re.compile(rb"""<(/?)row(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")


def unprefixed(seg: bytes) -> bytes:
    """``seg`` with the prefix taken off the sheet-data tags (``<x:c r="A1">`` → ``<c r="A1">``,
    ``</ns0:row>`` → ``</row>``); one quick look spares the usual, unprefixed sheets the rest."""
    return _PREFIXED.sub(rb"<\1\2", seg) if _PREFIX_HINT.search(seg) else seg


def _odd_cells(seg: bytes) -> bool:
    """Whether ``seg`` has a cell start tag not written ``<c r="…`` (``<c>``, ``<c t="s" r=…``,
    ``<c\tr=…``): a cell placed by its row, or a reference written another way."""
    n, usual = seg.count(b"<c"), seg.count(b'<c r="')
    return n != usual and sum(map(seg.count, _CELL_TAGS)) != usual


def _cells_with(seg: bytes, needle: bytes, stop: int | None = None):
    """Each whole, non-empty ``<c …>…</c>`` element of ``seg[:stop]`` that contains ``needle``
    (every search bounded by ``stop``, so ``seg`` needs no copy)."""
    stop = len(seg) if stop is None else stop
    pos = seg.find(needle, 0, stop)
    while pos >= 0:
        start = seg.rfind(b"<c ", 0, pos)
        end = seg.find(b"</c>", pos, stop)
        if start < 0 or end < 0:
            return
        tag_end = seg.find(b">", start)           # at the latest the one of "</c>", before stop
        if seg[tag_end - 1:tag_end] != b"/":      # a self-closed cell holds nothing
            yield bytes(seg[start:end + 4])       # (seg may be a bytearray)
        pos = seg.find(needle, end + 4, stop)


def _has(rx: re.Pattern, seg: bytes, stop: int, rare: bytes, at: int) -> bool:
    """Whether ``rx`` matches in ``seg[:stop]``, as ``rx.search(seg, 0, stop)`` tells, but found by
    memchr (``bytes.find`` of one byte, ≈ 5× faster than the regex) when ``rare`` is rare in the
    piece. Every match of ``rx`` holds the byte ``rare`` ``at`` bytes after its start, so a match
    can only start where that byte sits ``at`` bytes on: those places are tried one by one, and
    after a few misses (a sheet where the byte is common) the regex searches on from the next."""
    pos = seg.find(rare, at, stop)
    for _ in range(8):
        if pos < 0:
            return False
        if rx.match(seg, pos - at, stop):
            return True
        pos = seg.find(rare, pos + 1, stop)
    return pos >= 0 and rx.search(seg, pos - at, stop) is not None


def _scan_segment(seg: bytes, facts: SheetFacts, stop: int | None = None) -> None:
    """Error cells, formulas without a cached value, and whether the sheet needs the exact scan of
    ``_extent``, in ``seg[:stop]`` (the whole piece by default): regex searches bounded by ``stop``
    see exactly what they would see in the slice, which is therefore never made."""
    stop = len(seg) if stop is None else stop
    if not facts.suspect and _ODD_OR_FAR.search(seg, 0, stop):
        facts.suspect = True
    if _has(_HAS_ERROR, seg, stop, b"e", 3):     # t="e": a lower-case e is rare in sheet data
        for el in _cells_with(seg, b't="e"', stop):
            ref, t = _CELL_REF.match(el), _CELL_T.match(el)
            v = _VALUE.search(el)
            if ref and t and t.group(1) == b"e" and v and v.group(1).strip():
                key = (int(ref.group(2)), column_index(ref.group(1)))
                facts.errors[key] = v.group(1).decode("utf-8", "replace").strip()
    if _has(_HAS_FORMULA, seg, stop, b"f", 1):  # <f>, <f …, <f/: the start tags looked for below
        seen = set()
        for needle in (b"<f>", b"<f ", b"<f/"):
            for el in _cells_with(seg, needle, stop):
                ref, t = _CELL_REF.match(el), _CELL_T.match(el)
                if not ref or not _FORMULA.search(el):
                    continue
                key = (int(ref.group(2)), column_index(ref.group(1)))
                v = _VALUE.search(el)
                kind = t.group(1) if t else b"n"
                # Excel caches an empty text result as t="str" with <v></v>: that is a value.
                if key not in seen and (v is None or v.group(1) == b"") and not (kind == b"str" and v is not None):
                    seen.add(key)
                    facts.uncached.append(key)


def xml_segments(zf: zipfile.ZipFile, part: str, size: int = CHUNK):
    """A zip member's XML in pieces of about ``size`` bytes, each cut after a ">" so no tag is
    split between two pieces: big sheets are scanned without holding them in memory."""
    carry = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(size)
            buf = carry + chunk
            cut = len(buf) if not chunk else buf.rfind(b">") + 1
            seg, carry = buf[:cut], buf[cut:]
            yield seg
            if not chunk:
                return


def _tag_segments(zf: zipfile.ZipFile, part: str, size: int = CHUNK):
    """A zip member's XML in pieces, each cut just before a "<" (a character no attribute value
    or text may hold unescaped), so no tag is split between two pieces; prefixes taken off
    (``unprefixed``)."""
    carry = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(size)
            buf = carry + chunk
            cut = len(buf) if not chunk else max(buf.rfind(b"<"), 0)
            seg, carry = buf[:cut], buf[cut:]
            yield unprefixed(seg)
            if not chunk:
                return


def _refs(attrs: bytes, cell: bool = True) -> list[tuple[int, int]]:
    """The (row, col) of each ``r`` attribute among ``attrs`` (1-based; letters in either case,
    as python-calamine reads them; a reference it would reject is left out: it fails the read).
    A row's ``r`` is its number (col 0)."""
    out = []
    for key, v1, v2 in _ATTR.findall(attrs):
        if key == b"r":
            m = _REF.fullmatch(v1 or v2)
            if m and (m.group(1) or not cell):
                col = 0
                for ch in m.group(1).upper():
                    col = col * 26 + ch - 64
                out.append((int(m.group(2)), col))
    return out


def _col_number(letters: bytes) -> int:
    """The 1-based column of letters in either case, any length (as python-calamine reads them)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _extent(zf: zipfile.ZipFile, part: str, size: int = CHUNK) -> tuple[int, int, int, int]:
    """(first row, first col, last row, last col) of the cells holding something (1-based):
    the rectangle python-calamine will allocate. The cells are placed as python-calamine places
    them (python-calamine 0.9, checked by tests/test_extent.py): by their reference, else after
    the previous cell of the row, in the row numbered by its ``r`` (else the one after the
    previous row); a self-closed row or cell moves the counters on like an open one. A cell
    written open (``<c …>…</c>``) counts, a self-closed one (``<c …/>``) holds nothing.

    A piece whose cells all start ``<c r="`` is read in bulk (every cell placed by its reference;
    only the rows are followed, for the counters a later cell without a reference starts from);
    any other piece tag by tag."""
    row = col = 0                     # python-calamine's counters, 0-based
    rows: set[bytes] = set()          # references found in bulk
    cols: set[bytes] = set()
    r1 = c1 = None                    # cells placed tag by tag (0-based)
    r2 = c2 = 0
    for seg in _tag_segments(zf, part, size):
        if not _odd_cells(seg):
            found = _OPEN_CELL.findall(seg)
            cols.update(c for c, _ in found)
            rows.update(r for _, r in found)
            last = 0
            for m in _ROW_TAG.finditer(seg):
                end, attrs = m.groups()
                if not end:
                    if usual := _ROW_R.match(attrs):
                        row = int(usual.group(1)) - 1
                    elif refs := _refs(attrs, cell=False):
                        row = refs[0][0] - 1
                if end or attrs.rstrip().endswith(b"/"):
                    row, col = row + 1, 0
                last = m.end()
            for m in _ANY_CELL.finditer(seg, last):       # the row still open at the piece's end
                col = _col_number(m.group(1))
            continue
        for m in _TAG.finditer(seg):
            end, name, attrs = m.groups()
            if end:
                if name == b"row":
                    row, col = row + 1, 0
                continue
            closed = attrs.rstrip().endswith(b"/")
            if name == b"row":          # <row r="9"/> counts as <row r="9"></row>
                refs = _refs(attrs, cell=False)
                if refs:
                    row = refs[0][0] - 1
                if closed:
                    row, col = row + 1, 0
                continue
            refs = _refs(attrs) if b"r" in attrs else []
            where = [(r - 1, c - 1) for r, c in refs] or [(row, col)]
            col = max(c for _, c in where) + 1      # a self-closed cell moves on too…
            if closed:
                continue                            # …but holds nothing
            for r, c in where:
                r1 = r if r1 is None else min(r1, r)
                c1 = c if c1 is None else min(c1, c)
                r2, c2 = max(r2, r), max(c2, c)
    if rows:
        nums = [int(r) - 1 for r in rows]
        letters = [_col_number(c) - 1 for c in cols]
        r1 = min(nums) if r1 is None else min(r1, min(nums))
        c1 = min(letters) if c1 is None else min(c1, min(letters))
        r2, c2 = max(r2, max(nums)), max(c2, max(letters))
    if r1 is None:
        return 1, 1, 1, 1
    return r1 + 1, c1 + 1, r2 + 1, c2 + 1


def _letters(n: int) -> str:
    """Column letters of any column number (also beyond Excel's XFD, to name a hostile cell)."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s or "A"


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Worksheet part -> sheet name, from xl/workbook.xml and its relationships."""
    from defusedxml.ElementTree import fromstring
    out: dict[str, str] = {}
    try:
        wb = fromstring(zf.read("xl/workbook.xml"))
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = fromstring(zf.read(rels_name)) if rels_name in names else None
    except Exception:
        return out
    targets = {}
    if rels is not None:
        for rel in rels:
            rid, target = rel.get("Id"), rel.get("Target") or ""
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            targets[rid] = part
    for el in wb.iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            if rid in targets:
                out[targets[rid]] = el.get("name") or ""
    return out


def _check_zip(path: Path) -> dict[str, SheetFacts]:
    """The pass over the archive described in the module docstring; facts per sheet name."""
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
        raise M.error("damaged", name=name) from e
    with zf:
        try:
            infos = zf.infolist()
        except Exception as e:  # pragma: no cover - infolist is read at open
            raise M.error("damaged", name=name) from e
        names = {i.filename for i in infos}
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED or any(
                i.file_size > MAX_RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
            raise M.error("zip_bomb", name=name)
        if "xl/workbook.xml" not in names and "content.xml" not in names and "xl/workbook.bin" not in names:
            raise M.error("zip_not_workbook", name=name)
        if any(i.flag_bits & 0x1 for i in infos):
            raise M.error("zip_password", name=name)
        parts = _sheet_parts(zf, names) if "xl/workbook.xml" in names else {}
        facts: dict[str, SheetFacts] = {}
        try:
            for info in infos:
                if info.is_dir():
                    continue
                is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
                sheet = SheetFacts(part=info.filename, name=parts[info.filename]) if info.filename in parts else None
                with zf.open(info) as fh:   # reading to the end checks size and CRC
                    if sheet is None:
                        head = _first_piece_head(fh, CHUNK)
                        if is_xml and (b"<!DOCTYPE" in head or b"<!ENTITY" in head):
                            raise M.error("unsafe_xml", name=name)
                        while fh.read(STEP):
                            pass
                        continue
                    # buf[:end]: what the last piece left, then the next CHUNK bytes; one buffer
                    # for the whole part, filled in place (past ``end`` it holds stale bytes)
                    buf, end = bytearray(CHUNK + STEP), 0
                    first = True
                    while True:
                        got = _fill(fh, buf, end, CHUNK)
                        end += got
                        if first and is_xml:
                            first = False
                            head = buf[:min(end, 4096)]
                            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                                raise M.error("unsafe_xml", name=name)
                        if not got:                     # the rest, prefixes off
                            if end:
                                _scan_segment(unprefixed(bytes(buf[:end])), sheet)
                            break
                        # whole tags, prefixes off, then whole cells and rows
                        tags = max(buf.rfind(b"<", 0, end), 0)
                        if not _has(_PREFIX_HINT, buf, tags, b":", 0):   # (a ":" in every row: spans="1:9")
                            # no prefix (the usual sheet): the same cut, found in place, and the
                            # piece buf[:cut] scanned in place (never copied)
                            cut = max(buf.rfind(b"</c>", 0, tags) + 4, buf.rfind(b"</row>", 0, tags) + 6)
                            if cut < 6:
                                cut = tags if tags > 64 * 1024 * 1024 else 0
                            if cut:
                                _scan_segment(buf, sheet, cut)
                                buf[:end - cut] = buf[cut:end]      # what is left, to the front
                                end -= cut
                        else:
                            whole = bytes(buf[:end])
                            head, tail = unprefixed(whole[:tags]), whole[tags:]
                            cut = max(head.rfind(b"</c>") + 4, head.rfind(b"</row>") + 6)
                            if cut < 6:
                                cut = len(head) if len(head) > 64 * 1024 * 1024 else 0
                            if cut:
                                _scan_segment(head, sheet, cut)
                            carry = head[cut:] + tail
                            end = len(carry)
                            if end > len(buf):
                                buf.extend(bytes(end - len(buf)))
                            buf[:end] = carry
                if sheet is not None:
                    facts[sheet.name] = sheet
                    _check_extent(zf, sheet, name)
        except UserError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError,
                zipfile.LargeZipFile) as e:
            raise M.error("damaged", name=name) from e
        except Exception as e:  # zlib.error and friends
            raise M.error("damaged", name=name) from e
    return facts


def _first_piece_head(fh, size: int) -> bytes:
    """Reads the zip member's first ``size`` bytes (fewer at its end), in steps of STEP bytes, and
    gives the first 4096 of them: what ``fh.read(size)[:4096]`` gives, with the same reading done
    before it (a member's read returns all it is asked for until the end, and checks the CRC on
    reaching it), without holding the whole piece."""
    head, got = b"", 0
    while got < size:
        part = fh.read(min(STEP, size - got))
        if not part:
            break
        if got < 4096:
            head += part[:4096 - got]
        got += len(part)
    return head


def _fill(fh, buf: bytearray, end: int, size: int) -> int:
    """Reads the zip member's next ``size`` bytes (fewer at its end) into ``buf`` from ``end`` on,
    growing it if need be, and says how many: the bytes ``fh.read(size)`` gives (a member's read
    returns all it is asked for until the end, and checks the CRC on reaching it), inflated in
    steps of STEP bytes straight into the one buffer of the part, which spares the big,
    short-lived buffers of one 4 MiB read (page faults: ≈ 0.02 s CPU on a 35 MB sheet)."""
    got = 0
    while got < size:
        step = min(STEP, size - got)
        if end + got + step > len(buf):
            buf.extend(bytes(len(buf) + step))
        n = fh.readinto(memoryview(buf)[end + got:end + got + step])
        if not n:
            break
        got += n
    return got


def _check_extent(zf: zipfile.ZipFile, sheet: SheetFacts, name: str) -> None:
    if not sheet.suspect:
        return
    r1, c1, r2, c2 = _extent(zf, sheet.part)
    if (r2 - r1 + 1) * (c2 - c1 + 1) <= MAX_CELLS:
        return
    far = f"{_letters(c2)}{r2}"
    area = f"{_letters(c1)}{r1}:{far}"
    raise M.error("too_far", sheet=sheet.name, far=far, area=area, millions=MAX_CELLS // 1_000_000, name=name)


def _is_encrypted_ole(path: Path) -> bool:
    try:
        import olefile
    except ImportError:  # pragma: no cover - olefile comes with oletools/msoffcrypto
        return False
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo")
    except Exception:
        return False


# ---------------------------------------------------------------------------------------------
# CSV
def read_csv(path: Path) -> Grids:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise M.error("csv_encoding", name=path.name)
    if "\x00" in text:
        raise M.error("csv_binary", name=path.name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as e:
        raise M.error("csv_malformed", error=e, name=path.name) from e
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Grids([Grid(name=path.stem, rows=rows)])


# ---------------------------------------------------------------------------------------------
# Workbooks
def _blank(row: list) -> bool:
    if row.count("") == len(row):
        return True
    return all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in row)


def _sheet_rows(sheet, facts: SheetFacts | None) -> tuple[list[list], int, int]:
    """The sheet's rows from its first used cell, trailing blank rows dropped (a stray space at
    the bottom of a sheet does not make a million empty rows), Excel errors put back.

    The rows come in one call; only a row whose first cell is blank can be blank, so only those
    get the full test (a blank row is handed on as a row of empty strings). When no row is blank
    (the usual sheet), the list is handed on as it is: the last pass would copy it unchanged."""
    start, end = sheet.start, sheet.end
    if start is None or end is None:
        return [], 0, 0
    row0, col0 = start
    height, width = end[0] - row0 + 1, end[1] - col0 + 1
    blank = object()
    rows: list = sheet.to_python(skip_empty_area=True)
    if len(rows) > height:          # some versions give the empty rows above the first used one…
        rows = rows[len(rows) - height:]
    if rows and len(rows[0]) > width:   # …or the empty columns left of it
        rows = [row[len(row) - width:] for row in rows]
    some = False
    for i, row in enumerate(rows):
        first = row[0] if row else ""
        if (first == "" or first is None or (first.__class__ is str and not first.strip())) and _blank(row):
            rows[i] = blank
            some = True
    if facts is not None:
        for (r, c), text in facts.errors.items():
            i, j = r - 1 - row0, c - 1 - col0
            if 0 <= i < len(rows) and 0 <= j < width:
                if rows[i] is blank:
                    rows[i] = [""] * width
                if rows[i][j] in ("", None):
                    rows[i][j] = text
    if not some:
        return rows, row0, col0
    while rows and rows[-1] is blank:
        rows.pop()
    return [[""] * width if r is blank else r for r in rows], row0, col0


def _workbook(path: Path, kind: str):
    from python_calamine import CalamineWorkbook
    suffix = path.suffix.lower()
    matches = (kind == "zip" and suffix in ZIP_SUFFIXES) or (kind == "ole" and suffix == ".xls")
    if matches:
        return CalamineWorkbook.from_path(str(path))
    with open(path, "rb") as fh:      # a renamed file: let calamine tell the format by content
        return CalamineWorkbook.from_filelike(fh)


def read_workbook(path: str | Path) -> Grids:
    """Every sheet of a workbook as a Grid of raw values (merged ranges noted, not yet filled);
    the notices about cells read differently from what the user sees are on ``.notices``.
    Taken from the read the command line began at its start (``collab_xl.io.prefetch``) when
    there is one."""
    from collab_xl.io import prefetch
    grids = prefetch.take(path)
    return grids if grids is not None else read_file(path)


def read_file(path: str | Path) -> Grids:
    """``read_workbook`` itself: reads the file now (``check_file``, then ``read_checked``)."""
    checked = check_file(path)
    return checked if isinstance(checked, Grids) else read_checked(checked)


@dataclass
class Checked:
    """A workbook that passed every look before python-calamine opens it (``check_file``)."""
    path: Path
    kind: str                          # "zip" (xlsx, xlsm, xlsb, ods …) or "ole" (xls)
    facts: dict[str, SheetFacts]       # per sheet name: error cells, uncached formulas, extent


def check_file(path: str | Path) -> Grids | Checked:
    """The first half of ``read_file``, all in Python: the file's kind, the pass over the
    archive (safety limits, the cells calamine would read differently). A text file (CSV) is
    read whole here. Raises what ``read_file`` raises for these steps."""
    path = Path(path)
    if not path.exists():
        raise M.error("not_found", path=path)
    if path.is_dir():
        raise M.error("folder", path=path)
    if path.name.startswith("~$"):
        raise M.error("lock_file", name=path.name)
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size == 0:
            raise M.error("empty", name=path.name)
        kind, head = _sniff(path)
    except PermissionError as e:
        raise M.error("no_permission", name=path.name) from e
    if kind == "other":
        if suffix in TEXT_SUFFIXES:
            return read_csv(path)
        if _looks_like_markup(head):
            shown = Both(suffix, suffix) if suffix else Both(*M.pair("no_suffix"))
            raise M.error("markup", suffix=shown, name=path.name)
        if suffix in EXCEL_SUFFIXES:
            raise M.error("renamed_text", name=path.name)
        raise M.error("unknown_kind", name=path.name)
    facts: dict[str, SheetFacts] = {}
    if kind == "zip":
        facts = _check_zip(path)
    if kind == "ole" and _is_encrypted_ole(path):
        raise M.error("password", name=path.name)
    return Checked(path, kind, facts)


def read_checked(checked: Checked) -> Grids:
    """The second half of ``read_file``: python-calamine reads every worksheet (it parses with
    the GIL released, so another thread can import meanwhile: ``collab_xl.io.prefetch``)."""
    path, kind, facts = checked.path, checked.kind, checked.facts
    try:
        wb = _workbook(path, kind)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # calamine raises its own error types, plain ones, and Rust panics
        raise M.error("unreadable", name=path.name) from e
    grids = Grids()
    try:
        for meta in wb.sheets_metadata:
            if "worksheet" not in str(meta.typ).lower():
                continue          # chart sheets, dialog and macro sheets hold no table
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                rows, row0, col0 = _sheet_rows(sheet, facts.get(meta.name))
                merged = sheet.merged_cell_ranges or []
            except (KeyboardInterrupt, SystemExit):
                raise
            except MemoryError as e:
                raise M.error("sheet_memory", sheet=meta.name, name=path.name) from e
            except BaseException as e:
                raise M.error("sheet_unreadable", sheet=meta.name, name=path.name) from e
            visible = str(meta.visible).lower().endswith("visible") and "hidden" not in str(meta.visible).lower()
            grids.append(Grid(name=meta.name, rows=rows, row0=row0, col0=col0,
                              visible=visible, merged=[tuple(map(tuple, m)) for m in merged]))
    finally:
        wb.close()
    _tell(facts, grids.notices)
    return grids


def _tell(facts: dict[str, SheetFacts], notices: Notices) -> None:
    """Notices about cells the user sees differently from what was read."""
    from collab_xl.core.output import is_result_sheet
    user = [f for f in facts.values() if not is_result_sheet(f.name)]
    errors = [(f.name, rc, t) for f in user for rc, t in sorted(f.errors.items())]
    if errors:
        s, (r, c), t = errors[0]
        notices.add(*M.pair("n_errors", n=len(errors), sheet=s, cell=f"{get_column_letter(c)}{r}", value=t))
    uncached = [(f.name, rc) for f in user for rc in sorted(f.uncached)]
    if uncached:
        s, (r, c) = uncached[0]
        notices.add(*M.pair("n_uncached", n=len(uncached), sheet=s, cell=f"{get_column_letter(c)}{r}"))
