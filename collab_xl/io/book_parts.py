"""The workbook-level edits collab-xl makes on a package (``collab_xl.io.package``), each by adding
elements or parts and removing only what it added:

* sheets: add ours (drawn by openpyxl in a scratch workbook and grafted in: their parts copied,
  their styles merged into the user's styles by appending), remove ours;
* conditional-format rules on the user's sheets (the marks), added and removed;
* notes on the user's cells (comments + their VML shapes), added beside the user's notes, never
  on a cell that has one, and removed;
* a custom document property (the tag of an --out result).
"""
from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from collab_xl.io.package import (
    CT_COMMENTS, CT_CUSTOM_PROPS, CT_VML, CT_WORKSHEET, MAIN_NS, REL_COMMENTS, REL_CUSTOM_PROPS, REL_NS, REL_STYLES,
    REL_VML, REL_WORKSHEET, STRICT_NS, El, Package, PackageError, close_tag_pos, elements, esc, first, insert_point,
    rels_of, root, splice,
)

# The order of a worksheet's children after sheetData (ECMA-376 CT_Worksheet).
AFTER_CF = ("dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks",
            "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
            "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
            "extLst")
AFTER_LEGACY = AFTER_CF[AFTER_CF.index("legacyDrawingHF"):]
# The order of a workbook's children after sheets (CT_Workbook).
AFTER_NAMES = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
               "fileRecoveryPr", "webPublishObjects", "extLst")
# The order of a stylesheet's children (CT_Stylesheet).
STYLE_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
               "colors", "extLst")
NOTE_AUTHOR = "collab-xl"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def ser(el: Element, pre: str) -> str:
    """An element of the main namespace (parsed from openpyxl's output) as text with ``pre``."""
    attrs = "".join(f' {k}="{esc(v)}"' for k, v in el.attrib.items() if not k.startswith("{"))
    inner = esc(el.text) if el.text else ""
    inner += "".join(ser(c, pre) + (esc(c.tail) if c.tail else "") for c in el)
    name = pre + local(el.tag)
    return f"<{name}{attrs}/>" if not inner else f"<{name}{attrs}>{inner}</{name}>"


_TOKEN = re.compile(rb"<(/?)(?:[\w.-]+:)?([\w.-]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>|([^<]+)", re.S)


def canon(data: bytes) -> tuple:
    """A prefix- and spacing-blind form of an element's bytes, to find an identical one."""
    from collab_xl.io.package import attrs_of
    out = []
    for m in _TOKEN.finditer(data):
        if m.group(5) is not None:
            t = m.group(5).strip()
            if t:
                out.append(("t", t))
            continue
        attrs = tuple(sorted((k.split(":")[-1], v) for k, v in attrs_of(m.group(3)).items() if not k.startswith("xmlns")))
        out.append((m.group(1), m.group(2), attrs, m.group(4)))
    return tuple(out)


@dataclass
class Sheet:
    name: str
    sheet_id: int
    rid: str
    state: str
    part: str
    el: El


class Book:
    """A workbook package seen as sheets, styles and the edits collab-xl makes."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.wb = pkg.workbook_part()
        data = pkg.read(self.wb)
        self.pre, _, ns = root(data)
        main = ns.get(self.pre.decode()[:-1] if self.pre else "", "")
        if main == STRICT_NS or main != MAIN_NS:
            raise PackageError("strict")
        self.rel_prefix = next((p for p, u in ns.items() if u == REL_NS and p), None)

    # -- sheets ------------------------------------------------------------------------------------
    def sheets(self) -> list[Sheet]:
        data = self.pkg.read(self.wb)
        box = first(data, "sheets", self.pre)
        rels = {r.id: r for r in self.pkg.rels(self.wb)}
        out = []
        if box is None or box.inner is None:
            return out
        for el in elements(data, "sheet", self.pre, *box.inner):
            rid = el.attr("id:") or ""
            rel = rels.get(rid)
            part = self.pkg.rel_target(self.wb, rel) if rel is not None and not rel.external else ""
            try:
                sid = int(el.attrs.get("sheetId", "0"))
            except ValueError:
                sid = 0
            out.append(Sheet(el.attrs.get("name", ""), sid, rid, el.attrs.get("state", "visible"), part, el))
        return out

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets() if s.name == name), None)

    def _r(self, attr: str, value: str) -> str:
        if self.rel_prefix:
            return f' {self.rel_prefix}:{attr}="{esc(value)}"'
        return f' xmlns:r="{REL_NS}" r:{attr}="{esc(value)}"'

    def add_sheet(self, name: str, part: str, state: str = "visible") -> int:
        """Register an added worksheet part as the last sheet; returns its 0-based position."""
        sheets = self.sheets()
        rid = self.pkg.add_rel(self.wb, REL_WORKSHEET, part)
        self.pkg.add_override(part, CT_WORKSHEET)
        sid = max([s.sheet_id for s in sheets] + [0]) + 1
        pre = self.pre.decode()
        st = f' state="{state}"' if state != "visible" else ""
        el = f'<{pre}sheet name="{esc(name)}" sheetId="{sid}"{st}{self._r("id", rid)}/>'.encode()
        data = self.pkg.read(self.wb)
        box = first(data, "sheets", self.pre)
        if box is None:
            raise PackageError("bad_xml", tag="sheets")
        if box.inner is None:     # <sheets/>
            new = data[:box.start] + f"<{pre}sheets>".encode() + el + f"</{pre}sheets>".encode() + data[box.end:]
        else:
            new = data[:box.inner[1]] + el + data[box.inner[1]:]
        self.pkg.put(self.wb, new)
        return len(sheets)

    def remove_sheet(self, name: str) -> None:
        """Remove a sheet of ours: its element, relationship, parts (and the parts only it used),
        the names scoped to it; the names of the sheets after it keep pointing at their sheets."""
        sheets = self.sheets()
        idx = next((i for i, s in enumerate(sheets) if s.name == name), None)
        if idx is None:
            return
        sh = sheets[idx]
        data = self.pkg.read(self.wb)
        edits: list[tuple[int, int, bytes]] = [(sh.el.start, sh.el.end, b"")]
        names = first(data, "definedNames", self.pre)
        if names is not None and names.inner is not None:
            for el in elements(data, "definedName", self.pre, *names.inner):
                ls = el.attrs.get("localSheetId")
                if ls is None or not ls.isdigit():
                    continue
                if int(ls) == idx:
                    edits.append((el.start, el.end, b""))
                elif int(ls) > idx:
                    edits.append(_set_attr(data, el, "localSheetId", str(int(ls) - 1)))
        for view in elements(data, "workbookView", self.pre):
            for attr in ("activeTab", "firstSheet"):
                v = view.attrs.get(attr)
                if v is not None and v.isdigit() and int(v) >= idx and int(v) > 0:
                    if int(v) > idx or int(v) >= len(sheets) - 1:
                        edits.append(_set_attr(data, view, attr, str(int(v) - 1)))
        data = splice(data, edits)
        names = first(data, "definedNames", self.pre)
        if names is not None and names.inner is not None and first(data, "definedName", self.pre, *names.inner) is None \
                and not data[names.inner[0]:names.inner[1]].strip():
            # emptied: back to "<definedNames />" if it was that (see add_names), else gone
            tag = data[names.start:names.inner[0]]
            data = data[:names.start] + (tag[:-1] + b"/>" if tag.endswith(b" >") else b"") + data[names.end:]
        self.pkg.put(self.wb, data)
        self.pkg.remove_rel(self.wb, sh.rid)
        if sh.part:
            self._remove_tree(sh.part)
        self._drop_calc_chain(sh.sheet_id)

    def _remove_tree(self, part: str) -> None:
        targets = [self.pkg.rel_target(part, r) for r in self.pkg.rels(part) if not r.external]
        self.pkg.remove_part(part)
        for t in targets:
            if self.pkg.has(t) and not self._referenced(t):
                self._remove_tree(t)

    def _referenced(self, part: str) -> bool:
        names = [i.filename for i in self.pkg.infos if i.filename not in self.pkg.removed] + self.pkg.added
        for rp in names:
            if not rp.endswith(".rels") or not self.pkg.has(rp):
                continue
            folder, name = posixpath.split(rp)
            src = posixpath.join(posixpath.dirname(folder), name[:-5]) if rp != "_rels/.rels" else ""
            if src and not self.pkg.has(src):
                continue
            for r in self.pkg.rels(src):
                if not r.external and self.pkg.rel_target(src, r) == part:
                    return True
        return False

    def _drop_calc_chain(self, sheet_id: int) -> None:
        for r in self.pkg.rels(self.wb):
            if r.type.endswith("/calcChain"):
                part = self.pkg.rel_target(self.wb, r)
                if self.pkg.has(part) and re.search(rb'\bi="%d"' % sheet_id, self.pkg.read(part)):
                    self.pkg.remove_part(part)
                    self.pkg.remove_rel(self.wb, r.id)
                return

    def add_names(self, names: list[tuple[str, int, str, bool]]) -> None:
        """Add defined names (name, localSheetId, formula, hidden) scoped to our sheets."""
        if not names:
            return
        pre = self.pre.decode()
        hid = ' hidden="1"'
        els = "".join(f'<{pre}definedName name="{esc(n)}" localSheetId="{i}"{hid if h else ""}>{esc(f)}'
                      f'</{pre}definedName>' for n, i, f, h in names).encode()
        data = self.pkg.read(self.wb)
        box = first(data, "definedNames", self.pre)
        if box is not None and box.inner is not None:
            data = data[:box.inner[1]] + els + data[box.inner[1]:]
        elif box is not None:       # "<definedNames />" opens as "<definedNames >", and closes back when emptied
            tag = data[box.start:box.end]
            data = data[:box.start] + tag[:-2] + b">" + els + f"</{pre}definedNames>".encode() + data[box.end:]
        else:
            wbel = first(data, "workbook", self.pre)
            start = wbel.inner[0] if wbel is not None and wbel.inner else 0
            end = close_tag_pos(data, "workbook", self.pre)
            pos = insert_point(data, start, end, AFTER_NAMES)
            data = data[:pos] + f"<{pre}definedNames>".encode() + els + f"</{pre}definedNames>".encode() + data[pos:]
        self.pkg.put(self.wb, data)

    def date1904(self) -> bool:
        el = first(self.pkg.read(self.wb), "workbookPr", self.pre)
        return el is not None and el.attrs.get("date1904", "0").lower() in ("1", "true")

    def protected_structure(self) -> bool:
        data = self.pkg.read(self.wb)
        el = first(data, "workbookProtection", self.pre)
        return el is not None and el.attrs.get("lockStructure", "0").lower() in ("1", "true")

    # -- styles ------------------------------------------------------------------------------------
    def styles_part(self) -> str:
        for r in self.pkg.rels(self.wb):
            if r.type == REL_STYLES:
                return self.pkg.rel_target(self.wb, r)
        raise PackageError("no_styles")

    def merge_styles(self, scratch_styles: bytes) -> dict[int, int]:
        """Append the scratch workbook's cell formats (with their fonts, fills, borders, number
        formats) to the user's styles, reusing identical ones; scratch xf index → user index."""
        part = self.styles_part()
        st = Styles(self.pkg.read(part))
        s = fromstring(scratch_styles)
        kids = {local(c.tag): c for c in s}
        fmt_codes = {int(n.get("numFmtId")): n.get("formatCode") for n in kids.get("numFmts", [])}
        maps = {}
        for name, child in (("fonts", "font"), ("fills", "fill"), ("borders", "border")):
            maps[name] = [st.add(name, child, ser(c, st.p).encode()) for c in kids.get(name, [])]
        xf_map = {}
        for i, xf in enumerate(kids.get("cellXfs", [])):
            xf = _copy(xf)
            nf = int(xf.get("numFmtId", "0"))
            if nf in fmt_codes:
                xf.set("numFmtId", str(st.num_fmt(fmt_codes[nf])))
            for attr, name in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
                v = int(xf.get(attr, "0"))
                xf.set(attr, str(maps[name][v] if v < len(maps[name]) else 0))
            xf.set("xfId", "0")
            xf_map[i] = st.add("cellXfs", "xf", ser(xf, st.p).encode())
        self.pkg.put(part, st.data)
        return xf_map

    def add_dxf(self, fill: str, font: str) -> int:
        part = self.styles_part()
        st = Styles(self.pkg.read(part))
        p = st.p
        dxf = (f'<{p}dxf><{p}font><{p}color rgb="FF{font}"/></{p}font><{p}fill><{p}patternFill patternType="solid">'
               f'<{p}fgColor rgb="FF{fill}"/><{p}bgColor rgb="FF{fill}"/></{p}patternFill></{p}fill></{p}dxf>').encode()
        i = st.add("dxfs", "dxf", dxf)
        self.pkg.put(part, st.data)
        return i

    # -- our sheets, grafted from a scratch workbook ------------------------------------------------
    def graft(self, scratch: bytes, hidden: set[str] = frozenset()) -> list[str]:
        """Add every sheet of ``scratch`` (an openpyxl-written workbook) as the last sheets; hidden
        ones hidden. Returns their names."""
        sp = Package(io.BytesIO(scratch))
        swb = sp.workbook_part()
        sstyles = next(sp.rel_target(swb, r) for r in sp.rels(swb) if r.type == REL_STYLES)
        xf_map = self.merge_styles(sp.read(sstyles))
        sbook = Book(sp)
        added, names = [], []
        positions = {}
        for j, s in enumerate(sbook.sheets()):
            xml = _restyle(sp.read(s.part), xf_map)
            xml = re.sub(rb'\stabSelected="(?:1|true)"', b"", xml)
            part = self.pkg.free_name("xl/worksheets/sheet{}.xml")
            self.pkg.put(part, xml)
            self._copy_rels(sp, s.part, part)
            state = "hidden" if s.name in hidden else "visible"
            positions[j] = self.add_sheet(s.name, part, state)
            added.append(s.name)
        data = sp.read(swb)
        box = first(data, "definedNames")
        if box is not None and box.inner is not None:
            for el in elements(data, "definedName", None, *box.inner):
                ls = el.attrs.get("localSheetId")
                if ls is None or not ls.isdigit() or int(ls) not in positions:
                    continue
                text = _unescape(data[el.inner[0]:el.inner[1]]) if el.inner else ""
                names.append((el.attrs["name"], positions[int(ls)], text, el.attrs.get("hidden") in ("1", "true")))
        self.add_names(names)
        return added

    def _copy_rels(self, sp: Package, src: str, dst: str) -> None:
        """Copy ``src``'s relationships (and, recursively, the parts they target) to ``dst``."""
        rels = sp.rels(src)
        if not rels:
            return
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
        for r in rels:
            if r.external:
                out.append(f'<Relationship Id="{esc(r.id)}" Type="{esc(r.type)}" Target="{esc(r.target)}" TargetMode="External"/>')
                continue
            t = sp.rel_target(src, r)
            folder, name = t.rsplit("/", 1)
            stem, _, ext = name.rpartition(".")
            stem = re.sub(r"\d+$", "", stem) or "part"
            new = self.pkg.free_name(f"{folder}/{stem}{{}}.{ext}")
            self.pkg.put(new, sp.read(t))
            ct = sp.content_type(t)
            if ct:
                self.pkg.add_override(new, ct)
            self._copy_rels(sp, t, new)
            out.append(f'<Relationship Id="{esc(r.id)}" Type="{esc(r.type)}" Target="/{esc(new)}"/>')
        out.append("</Relationships>")
        self.pkg.put(rels_of(dst), "".join(out).encode())

    # -- conditional formats (the marks) -------------------------------------------------------------
    def add_rules(self, sheet: str, rules: list[tuple[str, int, str]]) -> None:
        """Add conditional-format rules (area, dxf id, formula) to a user's sheet, after its own."""
        sh = self.sheet(sheet)
        if sh is None or not sh.part or not rules:
            return
        data = self.pkg.read(sh.part)
        pre, name, _ = root(data)
        p = pre.decode()
        start, end = _after_sheet_data(data, pre, name)
        prio = max([int(x) for x in re.findall(rb'\bpriority="(\d+)"', data[start:end])] + [0])
        els = []
        for k, (area, dxf, formula) in enumerate(rules, start=1):
            els.append(f'<{p}conditionalFormatting sqref="{esc(area)}"><{p}cfRule type="expression" dxfId="{dxf}" '
                       f'priority="{prio + k}"><{p}formula>{esc(formula)}</{p}formula></{p}cfRule>'
                       f'</{p}conditionalFormatting>')
        # after the sheet's own rules, before what follows them in the schema's order
        pos = insert_point(data, start, end, AFTER_CF)
        self.pkg.put(sh.part, data[:pos] + "".join(els).encode() + data[pos:])

    def remove_rules(self, sheet: str, mark_sheet: str, columns: list[str] | None = None) -> int:
        """Remove the rules whose formula reads ``mark_sheet`` (in ``columns`` of it, if given):
        they are ours, the user's rules cannot name our hidden sheet. Returns how many."""
        sh = self.sheet(sheet)
        if sh is None or not sh.part:
            return 0
        data = self.pkg.read(sh.part)
        pre, name, _ = root(data)
        start, end = _after_sheet_data(data, pre, name)
        ours = _reads_sheet(mark_sheet, columns)
        edits, n = [], 0
        for cf in elements(data, "conditionalFormatting", pre, start, end):
            if cf.inner is None:
                continue
            rules = list(elements(data, "cfRule", pre, *cf.inner))
            mine = [r for r in rules if r.inner and ours(_unescape(data[r.inner[0]:r.inner[1]]))]
            if not mine:
                continue
            n += len(mine)
            if len(mine) == len(rules):
                edits.append((cf.start, cf.end, b""))
            else:
                edits += [(r.start, r.end, b"") for r in mine]
        if edits:
            self.pkg.put(sh.part, splice(data, edits))
        return n

    # -- notes ----------------------------------------------------------------------------------------
    def _note_parts(self, sh: Sheet) -> tuple[str | None, str | None, str | None]:
        """The sheet's comments part, VML part, and the VML relationship id."""
        comments = vml = vrid = None
        for r in self.pkg.rels(sh.part):
            if r.external:
                continue
            if r.type == REL_COMMENTS:
                comments = self.pkg.rel_target(sh.part, r)
            elif r.type == REL_VML:
                data = self.pkg.read(sh.part)
                el = first(data, "legacyDrawing")
                if el is not None and el.attr("id:") == r.id:
                    vml, vrid = self.pkg.rel_target(sh.part, r), r.id
        return comments, vml, vrid

    def note_cells(self, sheet: str) -> set[str]:
        """The cells of a sheet that have a note."""
        sh = self.sheet(sheet)
        if sh is None or not sh.part:
            return set()
        comments, _, _ = self._note_parts(sh)
        if comments is None or not self.pkg.has(comments):
            return set()
        return {el.attrs.get("ref", "") for el in elements(self.pkg.read(comments), "comment")}

    def add_notes(self, sheet: str, notes: list[tuple[str, str]]) -> list[str]:
        """Put notes (cell, text) on cells of a sheet that have none; returns the cells noted."""
        sh = self.sheet(sheet)
        if sh is None or not sh.part:
            return []
        taken = self.note_cells(sheet)
        notes = [(c, t) for c, t in notes if c not in taken]
        if not notes:
            return []
        comments, vml, vrid = self._note_parts(sh)
        # comments
        if comments is None or not self.pkg.has(comments):
            comments = self.pkg.free_name("xl/comments{}.xml")
            self.pkg.put(comments, (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN_NS}">'
                                    f'<authors></authors><commentList></commentList></comments>').encode())
            self.pkg.add_override(comments, CT_COMMENTS)
            self.pkg.add_rel(sh.part, REL_COMMENTS, comments)
        data = self.pkg.read(comments)
        pre, _, _ = root(data)
        p = pre.decode()
        authors = first(data, "authors", pre)
        names = [_unescape(data[a.inner[0]:a.inner[1]]) if a.inner else "" for a in elements(data, "author", pre)]
        if NOTE_AUTHOR in names:
            aid = names.index(NOTE_AUTHOR)
        else:
            aid = len(names)
            el = f"<{p}author>{NOTE_AUTHOR}</{p}author>".encode()
            if authors is None or authors.inner is None:
                raise PackageError("bad_xml", tag="authors")
            data = data[:authors.inner[1]] + el + data[authors.inner[1]:]
        box = first(data, "commentList", pre)
        if box is None or box.inner is None:
            raise PackageError("bad_xml", tag="commentList")
        els = "".join(f'<{p}comment ref="{c}" authorId="{aid}"><{p}text><{p}t xml:space="preserve">{esc(t)}</{p}t>'
                      f'</{p}text></{p}comment>' for c, t in notes).encode()
        data = data[:box.inner[1]] + els + data[box.inner[1]:]
        self.pkg.put(comments, data)
        # their shapes
        first_id = self._free_shape_id()
        if vml is None:
            vml = self.pkg.free_name("xl/drawings/vmlDrawing{}.vml")
            blocks = sorted({(first_id + i) // 1024 for i in range(len(notes))})
            self.pkg.put(vml, _vml_head(",".join(map(str, blocks))) + _vml_shapes(notes, first_id, {}) + b"</xml>")
            self.pkg.add_override(vml, CT_VML)
            vrid = self.pkg.add_rel(sh.part, REL_VML, vml)
            data = self.pkg.read(sh.part)
            spre, name, _ = root(data)
            start, end = _after_sheet_data(data, spre, name)
            pos = insert_point(data, start, end, AFTER_LEGACY)
            el = f'<{spre.decode()}legacyDrawing{self._r_for(data, "id", vrid)}/>'.encode()
            self.pkg.put(sh.part, data[:pos] + el + data[pos:])
        else:
            data = self.pkg.read(vml)
            prefixes = _vml_prefixes(data)
            add = b""
            if b"_x0000_t202" not in data:
                add += _vml_shapetype(prefixes)
            add += _vml_shapes(notes, first_id, prefixes)
            pos = data.rfind(b"</xml>")
            if pos < 0:
                raise PackageError("bad_xml", tag="xml")
            self.pkg.put(vml, data[:pos] + add + data[pos:])
        return [c for c, _ in notes]

    @staticmethod
    def _r_for(data: bytes, attr: str, value: str) -> str:
        _, _, ns = root(data)
        p = next((k for k, u in ns.items() if u == REL_NS and k), None)
        if p:
            return f' {p}:{attr}="{esc(value)}"'
        return f' xmlns:r="{REL_NS}" r:{attr}="{esc(value)}"'

    def _free_shape_id(self) -> int:
        top = 1024
        for n in list(self.pkg._names) + self.pkg.added:
            if n.lower().endswith(".vml") and self.pkg.has(n):
                ids = [int(x) for x in re.findall(rb"_x0000_s(\d+)", self.pkg.read(n))]
                top = max([top] + ids)
        return top + 1

    def remove_notes(self, sheet: str, cells: dict[str, tuple[str, str]]) -> None:
        """Take our notes off cells: cell -> (original text, author). A note whose original was the
        user's (written by the previous release, which merged its message into the user's note)
        gets its original text back; the others go, with their shapes. Parts left empty go."""
        sh = self.sheet(sheet)
        if sh is None or not sh.part or not cells:
            return
        comments, vml, vrid = self._note_parts(sh)
        if comments is None or not self.pkg.has(comments):
            return
        data = self.pkg.read(comments)
        pre, _, _ = root(data)
        p = pre.decode()
        authors = [_unescape(data[a.inner[0]:a.inner[1]]) if a.inner else "" for a in elements(data, "author", pre)]
        edits, gone, new_authors = [], set(), []
        for el in elements(data, "comment", pre):
            ref = el.attrs.get("ref", "")
            if ref not in cells:
                continue
            aid = el.attrs.get("authorId", "")
            author = authors[int(aid)] if aid.isdigit() and int(aid) < len(authors) else ""
            text = _unescape(re.sub(rb"<[^>]+>", b"", data[el.inner[0]:el.inner[1]])) if el.inner else ""
            if author != NOTE_AUTHOR and "【collab-xl】" not in text:
                continue                      # the user has replaced our note by theirs
            original, orig_author = cells[ref]
            if original:
                if orig_author not in authors:      # the note's own author comes back too
                    authors.append(orig_author)
                    new_authors.append(orig_author)
                oid = authors.index(orig_author)
                edits.append((el.start, el.end, (f'<{p}comment ref="{esc(ref)}" authorId="{oid}"><{p}text><{p}t xml:space='
                                                 f'"preserve">{esc(original)}</{p}t></{p}text></{p}comment>').encode()))
            else:
                edits.append((el.start, el.end, b""))
                gone.add(ref)
        if not edits:
            return
        if new_authors:
            box = first(data, "authors", pre)
            if box is not None and box.inner is not None:
                edits.append((box.inner[1], box.inner[1],
                              "".join(f"<{p}author>{esc(a)}</{p}author>" for a in new_authors).encode()))
        data = splice(data, edits)
        # our author goes too when it is the last one and nothing refers to it
        if authors and authors[-1] == NOTE_AUTHOR:
            last = len(authors) - 1
            if not re.search(rb'authorId="%d"' % last, data):
                a = list(elements(data, "author", pre))[-1]
                data = data[:a.start] + data[a.end:]
        if first(data, "comment", pre) is None:
            self.pkg.remove_part(comments)
            rid = next((r.id for r in self.pkg.rels(sh.part) if r.type == REL_COMMENTS), None)
            if rid:
                self.pkg.remove_rel(sh.part, rid)
        else:
            self.pkg.put(comments, data)
        if vml and self.pkg.has(vml) and gone:
            self._remove_shapes(sh, vml, vrid, gone)

    def _remove_shapes(self, sh: Sheet, vml: str, vrid: str, cells: set[str]) -> None:
        from collab_xl.cells.address import column_index
        data = self.pkg.read(vml)
        want = set()
        for ref in cells:
            m = re.match(r"([A-Z]+)(\d+)$", ref)
            if m:
                want.add((int(m[2]) - 1, column_index(m[1]) - 1))
        edits, left = [], 0
        for el in elements(data, "shape"):
            body = data[el.start:el.end]
            row = re.search(rb"<(?:[\w.-]+:)?Row>\s*(\d+)\s*<", body)
            col = re.search(rb"<(?:[\w.-]+:)?Column>\s*(\d+)\s*<", body)
            note = re.search(rb'ObjectType="Note"', body)
            if note and row and col and (int(row[1]), int(col[1])) in want:
                edits.append((el.start, el.end, b""))
            else:
                left += 1
        if not edits:
            return
        data = splice(data, edits)
        if left == 0:
            self.pkg.remove_part(vml)
            self.pkg.remove_rel(sh.part, vrid)
            sdata = self.pkg.read(sh.part)
            el = first(sdata, "legacyDrawing")
            if el is not None and el.attr("id:") == vrid:
                self.pkg.put(sh.part, sdata[:el.start] + sdata[el.end:])
        else:
            self.pkg.put(vml, data)

    # -- document properties ------------------------------------------------------------------------
    def add_custom_property(self, name: str, value: str) -> None:
        part = next((self.pkg.rel_target("", r) for r in self.pkg.rels("") if r.type == REL_CUSTOM_PROPS), None)
        fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
        if part is None or not self.pkg.has(part):
            part = "docProps/custom.xml" if not self.pkg.has("docProps/custom.xml") else self.pkg.free_name("docProps/custom{}.xml")
            self.pkg.put(part, ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                                f'<property fmtid="{fmtid}" pid="2" name="{esc(name)}"><vt:lpwstr>{esc(value)}</vt:lpwstr>'
                                '</property></Properties>').encode())
            self.pkg.add_override(part, CT_CUSTOM_PROPS)
            self.pkg.add_rel("", REL_CUSTOM_PROPS, part)
            return
        data = self.pkg.read(part)
        props = list(elements(data, "property"))
        if any(p.attrs.get("name") == name for p in props):
            return
        pre, rname, ns = root(data)
        vt = next((k for k, u in ns.items() if u.endswith("/docPropsVTypes") and k), None)
        pid = max([int(p.attrs.get("pid", "1")) for p in props if p.attrs.get("pid", "").isdigit()] + [1]) + 1
        value_el = (f"<{vt}:lpwstr>{esc(value)}</{vt}:lpwstr>" if vt else
                    f'<vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                    f"{esc(value)}</vt:lpwstr>")
        el = f'<{pre.decode()}property fmtid="{fmtid}" pid="{pid}" name="{esc(name)}">{value_el}</{pre.decode()}property>'
        pos = close_tag_pos(data, rname, pre)
        self.pkg.put(part, data[:pos] + el.encode() + data[pos:])


class Styles:
    """A styles part being appended to."""

    def __init__(self, data: bytes):
        self.data = data
        self.pre, self.name, _ = root(data)
        self.p = self.pre.decode()

    def _box(self, name: str) -> El | None:
        return first(self.data, name, self.pre)

    def _ensure(self, name: str) -> El:
        box = self._box(name)
        if box is not None and box.inner is not None:
            return box
        p = self.p
        if box is not None:            # <dxfs count="0"/>
            self.data = self.data[:box.start] + f"<{p}{name}></{p}{name}>".encode() + self.data[box.end:]
        else:
            top = first(self.data, self.name, self.pre)
            start = top.inner[0] if top is not None and top.inner else 0
            end = close_tag_pos(self.data, self.name, self.pre)
            later = STYLE_ORDER[STYLE_ORDER.index(name) + 1:]
            pos = insert_point(self.data, start, end, later)
            self.data = self.data[:pos] + f"<{p}{name}></{p}{name}>".encode() + self.data[pos:]
        return self._box(name)

    def add(self, box_name: str, child: str, el: bytes) -> int:
        """The index of an element identical to ``el`` in the list, appending it if none is."""
        box = self._ensure(box_name)
        kids = list(elements(self.data, child, self.pre, *box.inner))
        want = canon(el)
        for i, k in enumerate(kids):
            if canon(self.data[k.start:k.end]) == want:
                return i
        self.data = self.data[:box.inner[1]] + el + self.data[box.inner[1]:]
        box = self._box(box_name)
        if "count" in box.attrs:
            self.data = splice(self.data, [_set_attr(self.data, box, "count", str(len(kids) + 1))])
        return len(kids)

    def num_fmt(self, code: str) -> int:
        box = self._box("numFmts")
        kids = list(elements(self.data, "numFmt", self.pre, *box.inner)) if box is not None and box.inner else []
        for k in kids:
            if k.attrs.get("formatCode") == code:
                return int(k.attrs.get("numFmtId", "0"))
        new = max([int(k.attrs.get("numFmtId", "0")) for k in kids] + [163]) + 1
        self.add("numFmts", "numFmt", f'<{self.p}numFmt numFmtId="{new}" formatCode="{esc(code)}"/>'.encode())
        return new


def _copy(el: Element) -> Element:
    from copy import deepcopy
    return deepcopy(el)


def _set_attr(data: bytes, el: El, attr: str, value: str) -> tuple[int, int, bytes]:
    """An edit setting one attribute of an element's start tag (the rest of the tag as it was)."""
    end = el.inner[0] if el.inner else el.end
    tag = data[el.start:end]
    rx = re.compile(rb"(\s" + re.escape(attr.encode()) + rb'\s*=\s*)("[^"]*"|\'[^\']*\')')
    if rx.search(tag):
        new = rx.sub(lambda m: m.group(1) + b'"' + esc(value).encode() + b'"', tag, count=1)
    else:
        close = 2 if tag.endswith(b"/>") else 1
        new = tag[:-close] + f' {attr}="{esc(value)}"'.encode() + tag[-close:]
    return el.start, end, new


def _unescape(b: bytes) -> str:
    import html
    return html.unescape(b.decode("utf-8"))


def _after_sheet_data(data: bytes, pre: bytes, name: str) -> tuple[int, int]:
    """The span of a worksheet's content after its sheetData (where cf rules and drawings go)."""
    end = close_tag_pos(data, name, pre)
    close = data.rfind(b"</" + pre + b"sheetData>", 0, end)
    if close >= 0:
        return close + len(b"</" + pre + b"sheetData>"), end
    el = first(data, "sheetData", pre)
    if el is None:
        raise PackageError("bad_xml", tag="sheetData")
    return el.end, end


def _reads_sheet(mark_sheet: str, columns: list[str] | None):
    quoted = "'" + mark_sheet.replace("'", "''") + "'"
    plain = re.escape(mark_sheet)
    head = rf"(?:{re.escape(quoted)}|(?<![\w.]){plain})!"
    cols = rf"\$?(?:{'|'.join(map(re.escape, columns))}):" if columns else ""
    rx = re.compile(head + cols)
    return lambda formula: bool(rx.search(formula))


def _restyle(xml: bytes, xf_map: dict[int, int]) -> bytes:
    """A scratch sheet's style indexes (s="n" on cells and rows, style="n" on columns) mapped."""
    def sub(m):
        return m.group(1) + str(xf_map.get(int(m.group(2)), 0)).encode() + b'"'
    return re.sub(rb'(<(?:c|row|col)\b[^>]*?\s(?:s|style)=")(\d+)"', sub, xml)


def _vml_prefixes(data: bytes) -> dict[str, str]:
    _, _, ns = root(data)
    inv = {u: k for k, u in ns.items() if k}
    return {"v": inv.get("urn:schemas-microsoft-com:vml", "v"), "o": inv.get("urn:schemas-microsoft-com:office:office", "o"),
            "x": inv.get("urn:schemas-microsoft-com:office:excel", "x")}


def _vml_head(blocks: str) -> bytes:
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>').encode() + \
        _vml_shapetype({})


def _vml_shapetype(pf: dict) -> bytes:
    v, o = pf.get("v", "v"), pf.get("o", "o")
    return (f'<{v}:shapetype id="_x0000_t202" coordsize="21600,21600" {o}:spt="202" path="m,l,21600r21600,l21600,xe">'
            f'<{v}:stroke joinstyle="miter"/><{v}:path gradientshapeok="t" {o}:connecttype="rect"/></{v}:shapetype>').encode()


def _vml_shapes(notes: list[tuple[str, str]], first_id: int, pf: dict) -> bytes:
    from collab_xl.cells.address import column_index
    v, o, x = pf.get("v", "v"), pf.get("o", "o"), pf.get("x", "x")
    out = []
    for k, (cell, _) in enumerate(notes):
        m = re.match(r"([A-Z]+)(\d+)$", cell)
        r, c = int(m[2]) - 1, column_index(m[1]) - 1
        out.append(f'<{v}:shape id="_x0000_s{first_id + k}" type="#_x0000_t202" style="position:absolute;'
                   f'margin-left:59.25pt;margin-top:1.5pt;width:225pt;height:82.5pt;z-index:{k + 1};visibility:hidden" '
                   f'fillcolor="#ffffe1" {o}:insetmode="auto"><{v}:fill color2="#ffffe1"/>'
                   f'<{v}:shadow on="t" color="black" obscured="t"/><{v}:path {o}:connecttype="none"/>'
                   f'<{v}:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></{v}:textbox>'
                   f'<{x}:ClientData ObjectType="Note"><{x}:MoveWithCells/><{x}:SizeWithCells/>'
                   f'<{x}:Anchor>{c + 1}, 15, {max(r - 1, 0)}, 2, {c + 4}, 15, {r + 4}, 16</{x}:Anchor>'
                   f'<{x}:AutoFill>False</{x}:AutoFill><{x}:Row>{r}</{x}:Row><{x}:Column>{c}</{x}:Column>'
                   f'</{x}:ClientData></{v}:shape>')
    return "".join(out).encode()
