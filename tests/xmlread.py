"""An independent reader of .xlsx/.xlsm files for the preservation tests: zipfile and the
standard library's ElementTree only, never openpyxl (the writer under test) nor calamine.

It resolves what a user sees into comparable Python values: cell values (shared and inline
strings, rich text runs, numbers, booleans, errors), formulas (shared formulas expanded to each
cell), styles (font, fill, border, alignment, protection and number format resolved through
styles.xml), data validations, conditional formats (with their differential formats resolved),
merged ranges, hyperlinks, notes (comments), defined names and the VBA project's bytes.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
    46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
BOOL_TAGS = {"b", "i", "strike", "outline", "shadow", "condense", "extend"}
# Attributes at their default value mean the same as no attribute (producers differ in writing them).
DEFAULTS = {
    "border": {"diagonalUp": "0", "diagonalDown": "0", "outline": "1"},
    "alignment": {"indent": "0", "textRotation": "0", "wrapText": "0", "shrinkToFit": "0", "justifyLastLine": "0",
                  "relativeIndent": "0", "readingOrder": "0"},
    "protection": {"locked": "1", "hidden": "0"},
}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def attr(el, name: str):
    for k, v in el.attrib.items():
        if local(k) == name:
            return v
    return None


def canon(el) -> tuple:
    """A comparable form of an element: local tag, normalised attributes, children (sorted),
    text. Spelling differences that mean the same (b vs b val=1, 6- vs 8-digit colours, empty
    border sides) are evened out."""
    tag = local(el.tag)
    attrs = {local(k): {"true": "1", "false": "0"}.get(v, v) for k, v in el.attrib.items()}
    for k, v in DEFAULTS.get(tag, {}).items():
        if attrs.get(k) == v:
            del attrs[k]
    if tag in BOOL_TAGS:
        attrs["val"] = "1" if attrs.get("val", "1") in ("1", "true") else "0"
    if tag == "u":
        attrs.setdefault("val", "single")
    if tag == "patternFill":
        attrs.setdefault("patternType", "none")
    if "rgb" in attrs:
        attrs["rgb"] = attrs["rgb"].upper()[-6:]
    for k in ("applyNumberFormat", "applyFont", "applyFill", "applyBorder", "applyAlignment", "applyProtection"):
        attrs.pop(k, None)
    kids = [canon(c) for c in el]
    kids = [k for k in kids if not (k[0] in ("left", "right", "top", "bottom", "diagonal", "start", "end",
                                             "vertical", "horizontal") and not k[1] and not k[2])]
    if tag in BOOL_TAGS and attrs["val"] == "0":
        return ("", (), (), "")
    kids = [k for k in kids if k[0]]
    return (tag, tuple(sorted(attrs.items())), tuple(sorted(kids)), (el.text or "").strip())


@dataclass
class Cell:
    value: object = None
    type: str | None = None          # t attribute
    formula: str | None = None
    style: tuple = ()
    rich: tuple = ()                 # rich text runs, canonical


@dataclass
class Sheet:
    name: str
    part: str
    state: str = "visible"
    cells: dict[str, Cell] = field(default_factory=dict)
    merged: set[str] = field(default_factory=set)
    validations: list[tuple] = field(default_factory=list)
    conditional: list[tuple] = field(default_factory=list)
    hyperlinks: dict[str, str] = field(default_factory=dict)
    comments: dict[str, tuple[str, str]] = field(default_factory=dict)
    drawing: bool = False
    legacy_drawing: bool = False


@dataclass
class Book:
    sheets: dict[str, Sheet]
    order: list[str]
    names: list[tuple[str, str | None, str]]        # (name, sheet scope or None, formula)
    vba: bytes | None
    parts: list[str]


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, base = posixpath.split(part)
    rp = posixpath.join(folder, "_rels", base + ".rels")
    if rp not in zf.namelist():
        return {}
    out = {}
    for r in ET.fromstring(zf.read(rp)):
        target = r.get("Target") or ""
        if r.get("TargetMode") == "External":
            full = target
        elif target.startswith("/"):
            full = target.lstrip("/")
        else:
            full = posixpath.normpath(posixpath.join(folder, target))
        out[r.get("Id")] = ((r.get("Type") or "").rsplit("/", 1)[-1], full)
    return out


def _text(si) -> tuple[str, tuple]:
    """Plain text and rich runs of a <si> / <is> element (phonetic runs are not text)."""
    runs = []
    plain = []
    for child in si:
        t = local(child.tag)
        if t == "t":
            plain.append(child.text or "")
        elif t == "r":
            rpr = next((c for c in child if local(c.tag) == "rPr"), None)
            text = "".join(c.text or "" for c in child if local(c.tag) == "t")
            plain.append(text)
            runs.append((text, canon(rpr) if rpr is not None else ()))
    return "".join(plain), tuple(runs) if len(runs) > 1 or any(r[1] for r in runs) else ()


_REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)([0-9]+)(?![0-9A-Za-z_(])")


def col_num(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_let(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def split_ref(ref: str) -> tuple[int, int]:
    m = re.match(r"([A-Z]+)(\d+)", ref)
    return int(m.group(2)), col_num(m.group(1))


def shift_formula(formula: str, drow: int, dcol: int) -> str:
    """Move a shared formula's relative references (outside string literals and sheet names)."""
    out = []
    for k, part in enumerate(re.split(r'("[^"]*"|\'[^\']*\')', formula)):
        if k % 2:
            out.append(part)
            continue

        def move(m):
            c = m.group(2) if m.group(1) else col_let(col_num(m.group(2)) + dcol)
            r = m.group(4) if m.group(3) else str(int(m.group(4)) + drow)
            return f"{m.group(1)}{c}{m.group(3)}{r}"
        out.append(_REF.sub(move, part))
    return "".join(out)


def norm_sqref(s: str | None) -> str:
    return " ".join(sorted((s or "").split()))


def read_book(path) -> Book:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        wb_part = "xl/workbook.xml"
        wb = ET.fromstring(zf.read(wb_part))
        rels = _rels(zf, wb_part)
        shared: list[tuple[str, tuple]] = []
        styles = None
        for rid, (typ, target) in rels.items():
            if typ == "sharedStrings":
                shared = [_text(si) for si in ET.fromstring(zf.read(target))]
            elif typ == "styles":
                styles = ET.fromstring(zf.read(target))
        xf_style, dxfs = _styles(styles)
        order = []
        sheets = {}
        for el in wb.iter():
            if local(el.tag) == "sheet":
                rid = attr(el, "id")
                typ, target = rels[rid]
                name = el.get("name")
                order.append(name)
                if typ != "worksheet":
                    continue
                sheets[name] = _sheet(zf, name, target, el.get("state") or "visible", shared, xf_style, dxfs)
        defined = []
        for el in wb.iter():
            if local(el.tag) == "definedName":
                lid = el.get("localSheetId")
                scope = order[int(lid)] if lid is not None else None
                defined.append((el.get("name"), scope, (el.text or "").strip()))
        vba = zf.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in names else None
        return Book(sheets=sheets, order=order, names=defined, vba=vba, parts=names)


def _styles(styles) -> tuple[list[tuple], list[tuple]]:
    if styles is None:
        return [], []
    sect = {local(c.tag): c for c in styles}
    fmts = dict(BUILTIN_FORMATS)
    for nf in sect.get("numFmts", []):
        fmts[int(nf.get("numFmtId"))] = nf.get("formatCode")
    fonts = [canon(f) for f in sect.get("fonts", [])]
    fills = [canon(f) for f in sect.get("fills", [])]
    borders = [canon(b) for b in sect.get("borders", [])]
    out = []
    for xf in sect.get("cellXfs", []):
        nid = int(xf.get("numFmtId") or 0)
        align = next((canon(c) for c in xf if local(c.tag) == "alignment"), ())
        prot = next((canon(c) for c in xf if local(c.tag) == "protection"), ())
        out.append((
            ("numFmt", fmts.get(nid, f"builtin:{nid}")),
            ("font", fonts[int(xf.get("fontId") or 0)] if fonts else ()),
            ("fill", fills[int(xf.get("fillId") or 0)] if fills else ()),
            ("border", borders[int(xf.get("borderId") or 0)] if borders else ()),
            ("alignment", align if align and (align[1] or align[2]) else ()),
            ("protection", prot if prot and (prot[1] or prot[2]) else ()),
        ))
    dxfs = [canon(d) for d in sect.get("dxfs", [])]
    return out, dxfs


def _sheet(zf, name, part, state, shared, xf_style, dxfs) -> Sheet:
    root = ET.fromstring(zf.read(part))
    sh = Sheet(name=name, part=part, state=state)
    rels = _rels(zf, part)
    masters: dict[str, tuple[str, str]] = {}
    default_style = xf_style[0] if xf_style else ()
    for el in root.iter():
        tag = local(el.tag)
        if tag == "c":
            ref = el.get("r")
            t = el.get("t")
            s = int(el.get("s") or 0)
            cell = Cell(type=t, style=xf_style[s] if s < len(xf_style) else ("missing", s))
            v = next((c for c in el if local(c.tag) == "v"), None)
            f = next((c for c in el if local(c.tag) == "f"), None)
            isel = next((c for c in el if local(c.tag) == "is"), None)
            if f is not None:
                ftext = (f.text or "").strip()
                if f.get("t") == "shared":
                    si = f.get("si")
                    if ftext:
                        masters[si] = (ref, ftext)
                    else:
                        mref, mtext = masters[si]
                        (r1, c1), (r2, c2) = split_ref(mref), split_ref(ref)
                        ftext = shift_formula(mtext, r2 - r1, c2 - c1)
                cell.formula = ftext.lstrip("=")
            if t == "s" and v is not None:
                cell.value, cell.rich = shared[int(v.text)]
            elif t == "inlineStr" and isel is not None:
                cell.value, cell.rich = _text(isel)
            elif v is not None and v.text not in (None, ""):
                if t in ("str", "e"):
                    cell.value = v.text
                elif t == "b":
                    cell.value = v.text in ("1", "true")
                else:
                    cell.value = float(v.text)
            if cell.formula is not None:
                cell.value = None        # a formula's saved result is not the user's input
            if cell.value is None and cell.formula is None and cell.style == default_style:
                continue
            sh.cells[ref] = cell
        elif tag == "mergeCell":
            sh.merged.add(el.get("ref"))
        elif tag == "dataValidation":
            d = canon(el)
            attrs = tuple((k, norm_sqref(v) if k == "sqref" else v) for k, v in d[1])
            sh.validations.append((d[0], attrs, d[2], d[3]))
        elif tag == "conditionalFormatting":
            sq = norm_sqref(el.get("sqref"))
            for rule in el:
                if local(rule.tag) != "cfRule":
                    continue
                formulas = tuple((f.text or "").strip() for f in rule if local(f.tag) == "formula")
                a = {k: v for k, v in rule.attrib.items() if k not in ("priority", "dxfId")}
                dxf = dxfs[int(rule.get("dxfId"))] if rule.get("dxfId") is not None and dxfs else ()
                others = tuple(sorted(canon(c) for c in rule if local(c.tag) != "formula"))
                sh.conditional.append((sq, tuple(sorted(a.items())), formulas, dxf, others))
        elif tag == "hyperlink":
            rid = attr(el, "id")
            target = rels[rid][1] if rid in rels else ""
            loc = el.get("location") or ""
            sh.hyperlinks[el.get("ref")] = (target + ("#" + loc if target and loc else loc))
        elif tag == "drawing":
            sh.drawing = True
        elif tag == "legacyDrawing":
            sh.legacy_drawing = True
    for typ, target in rels.values():
        if typ == "comments":
            croot = ET.fromstring(zf.read(target))
            authors = [a.text or "" for a in croot.iter() if local(a.tag) == "author"]
            for c in croot.iter():
                if local(c.tag) == "comment":
                    text_el = next(x for x in c if local(x.tag) == "text")
                    text, _ = _text(text_el)
                    aid = int(c.get("authorId") or 0)
                    sh.comments[c.get("ref")] = (text, authors[aid] if aid < len(authors) else "")
    return sh
