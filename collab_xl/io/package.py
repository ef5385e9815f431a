"""A workbook package (the zip of XML parts) edited by adding, never by re-serialising.

Reading a user's workbook into a model and writing the model back loses whatever the model does
not know (openpyxl drops pictures, slicers, x14 extensions, custom ribbons …). This module works
on the package instead: every part is copied as it is, byte for byte, unless collab-xl must change
it, and the parts it changes are changed by splicing elements into (or out of) their bytes — the
rest of the part, its prefixes, spacing and unknown elements, stays exactly as the user's
program wrote it. New parts (our sheets, notes, drawings) are added beside.

The splicing works on the serialised bytes with a few patterns that follow XML's rules closely
enough for the elements we touch (attribute values may hold ">"; any namespace prefix, as .NET's
Open XML SDK writes ``<x:sheet>``). It never looks inside parts it does not change.
"""
from __future__ import annotations

import html
import posixpath
import re
import time
import zipfile
from dataclasses import dataclass

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_WORKSHEET = RT + "worksheet"
REL_STYLES = RT + "styles"
REL_COMMENTS = RT + "comments"
REL_VML = RT + "vmlDrawing"
REL_DRAWING = RT + "drawing"
REL_OFFICE_DOCUMENT = RT + "officeDocument"
REL_CUSTOM_PROPS = RT + "custom-properties"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_CUSTOM_PROPS = "application/vnd.openxmlformats-officedocument.custom-properties+xml"

_ATTRS = rb"""(?:[^>"']|"[^"]*"|'[^']*')*?"""
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*("[^"]*"|'[^']*')""")


class PackageError(Exception):
    """The package cannot be edited safely (the caller turns it into a one-line message)."""

    def __init__(self, key: str, **fields):
        super().__init__(key)
        self.key, self.fields = key, fields


# -- splicing ------------------------------------------------------------------------------------

@dataclass
class El:
    """One element found in a part's bytes: [start, end) is the whole element; ``inner`` the
    span of its content (None when it is written ``<x/>``); ``attrs`` its attributes."""
    start: int
    end: int
    attrs: dict[str, str]
    inner: tuple[int, int] | None
    prefix: bytes

    def attr(self, local: str) -> str | None:
        """An attribute by name, or by local name when it has a prefix (``r:id`` for "id:")."""
        if local in self.attrs:
            return self.attrs[local]
        if local.endswith(":"):
            for k, v in self.attrs.items():
                if k.endswith(":" + local[:-1]):
                    return v
        return None


def attrs_of(raw: bytes) -> dict[str, str]:
    return {k.decode(): html.unescape(v[1:-1].decode("utf-8")) for k, v in _ATTR.findall(raw)}


def elements(data: bytes, local: str, prefix: bytes | None = None, start: int = 0, end: int | None = None):
    """The elements named ``local`` (with ``prefix``, or any prefix when None) in data[start:end],
    in order. Elements of one name are assumed not nested in each other (true for those we edit)."""
    end = len(data) if end is None else end
    p = re.escape(prefix) if prefix is not None else rb"(?:[\w.-]+:)?"
    opener = re.compile(rb"<(" + p + rb")" + re.escape(local.encode()) + rb"(?=[\s/>])(" + _ATTRS + rb")(/?)>", re.S)
    pos = start
    while True:
        m = opener.search(data, pos, end)
        if not m:
            return
        pre = m.group(1)
        if m.group(3):
            yield El(m.start(), m.end(), attrs_of(m.group(2)), None, pre)
            pos = m.end()
            continue
        close = b"</" + pre + local.encode() + b">"
        c = data.find(close, m.end(), end)
        if c < 0:
            raise PackageError("bad_xml", tag=local)
        yield El(m.start(), c + len(close), attrs_of(m.group(2)), (m.end(), c), pre)
        pos = c + len(close)


def first(data: bytes, local: str, prefix: bytes | None = None, start: int = 0, end: int | None = None) -> El | None:
    return next(elements(data, local, prefix, start, end), None)


def root(data: bytes) -> tuple[bytes, str, dict[str, str]]:
    """The root element's prefix (b"" or b"x:"), local name and namespace declarations."""
    m = re.compile(rb"<(?![?!])([\w.-]+:)?([\w.-]+)(" + _ATTRS + rb")/?>", re.S).search(data)
    if not m:
        raise PackageError("bad_xml", tag="root")
    attrs = attrs_of(m.group(3))
    ns = {k[6:] if k.startswith("xmlns:") else "": v for k, v in attrs.items() if k == "xmlns" or k.startswith("xmlns:")}
    return m.group(1) or b"", m.group(2).decode(), ns


def esc(text: str) -> str:
    """Text for XML content or a double-quoted attribute."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Replace each [start, end) by its bytes (inserting when start == end); edits may come in any order."""
    out, pos = [], 0
    for s, e, b in sorted(edits, key=lambda t: (t[0], t[1])):
        out.append(data[pos:s])
        out.append(b)
        pos = e
    out.append(data[pos:])
    return b"".join(out)


def close_tag_pos(data: bytes, local: str, prefix: bytes) -> int:
    """Where the root's closing tag starts (insertion point for a last child)."""
    pos = data.rfind(b"</" + prefix + local.encode() + b">")
    if pos < 0:
        raise PackageError("bad_xml", tag=local)
    return pos


def top_level(data: bytes, start: int, end: int) -> list[tuple[str, int]]:
    """(local name, start) of the elements whose parent is the element whose content spans
    [start, end) — a small depth-tracking scan of tags (comments, CDATA and PIs skipped)."""
    tag = re.compile(rb"<(/?)([\w.-]+:)?([\w.-]+)(" + _ATTRS + rb")(/?)>|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
    depth, out = 0, []
    for m in tag.finditer(data, start, end):
        if m.group(3) is None:
            continue
        if m.group(1):
            depth -= 1
        else:
            if depth == 0:
                out.append((m.group(3).decode(), m.start()))
            if not m.group(5):
                depth += 1
    return out


def insert_point(data: bytes, start: int, end: int, before: tuple[str, ...]) -> int:
    """Where a child goes so the schema's order holds: before the first top-level child named in
    ``before`` within the content [start, end), else at the end of the content."""
    for name, pos in top_level(data, start, end):
        if name in before:
            return pos
    return end


# -- the package ------------------------------------------------------------------------------------

def part_of(source: str, target: str) -> str:
    """The part a relationship of ``source`` targets (zip name, no leading slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    folder = posixpath.dirname(source)
    if posixpath.basename(folder) == "_rels":
        folder = posixpath.dirname(folder)
    return posixpath.normpath(posixpath.join(folder, target))


def rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


@dataclass
class Rel:
    id: str
    type: str
    target: str
    external: bool
    el: El


class Package:
    """A workbook's parts, read lazily from the original zip; changes kept beside until ``save``."""

    def __init__(self, path):          # a file path or a binary file object (a scratch workbook)
        self.path = path
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as e:
            raise PackageError("not_zip") from e
        self.infos = self.zf.infolist()
        self._names = {i.filename for i in self.infos}
        for info in self.infos:                # XML parts never declare a DTD; a bomb might
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                with self.zf.open(info) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    self.zf.close()
                    raise PackageError("dtd")
        self._lower = {n.lower() for n in self._names}
        self.changed: dict[str, bytes] = {}
        self.added: list[str] = []
        self.removed: set[str] = set()

    def close(self) -> None:
        self.zf.close()

    # parts
    def has(self, name: str) -> bool:
        return (name in self._names and name not in self.removed) or name in self.changed

    def read(self, name: str) -> bytes:
        if name in self.changed:
            return self.changed[name]
        if name in self.removed or name not in self._names:
            raise KeyError(name)
        return self.zf.read(name)

    def put(self, name: str, data: bytes) -> None:
        if name not in self._names and name not in self.added:
            self.added.append(name)
            self._lower.add(name.lower())
        self.removed.discard(name)
        self.changed[name] = data

    def drop(self, name: str) -> None:
        self.changed.pop(name, None)
        if name in self.added:
            self.added.remove(name)
        self.removed.add(name)

    def free_name(self, pattern: str) -> str:
        """The first ``pattern.format(n)``, n = 1, 2 …, that names no part (ignoring case)."""
        n = 1
        while pattern.format(n).lower() in self._lower:
            n += 1
        name = pattern.format(n)
        self._lower.add(name.lower())
        return name

    def touched(self) -> set[str]:
        """The original parts whose bytes change, and those removed."""
        return {n for n in self.changed if n in self._names and self.changed[n] != self.zf.read(n)} | \
            {n for n in self.removed if n in self._names}

    def save(self, fileobj) -> None:
        """Write the package: the original parts in their order (unchanged ones with their bytes and
        entry settings), then the added parts."""
        with zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                name = info.filename
                if name in self.removed:
                    continue
                data = self.changed[name] if name in self.changed else self.zf.read(name)
                zi = zipfile.ZipInfo(name, date_time=info.date_time)
                zi.compress_type = info.compress_type if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
                    else zipfile.ZIP_DEFLATED
                zi.external_attr, zi.create_system = info.external_attr, info.create_system
                out.writestr(zi, data)
            now = time.localtime()[:6]
            for name in self.added:
                if name in self.removed:
                    continue
                zi = zipfile.ZipInfo(name, date_time=now)
                zi.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(zi, self.changed[name])

    # relationships
    def rels(self, part: str) -> list[Rel]:
        rp = rels_of(part)
        if not self.has(rp):
            return []
        data = self.read(rp)
        out = []
        for el in elements(data, "Relationship"):
            out.append(Rel(el.attrs.get("Id", ""), el.attrs.get("Type", ""), el.attrs.get("Target", ""),
                           el.attrs.get("TargetMode") == "External", el))
        return out

    def rel_target(self, part: str, rel: Rel) -> str:
        return part_of(rels_of(part), rel.target)

    def add_rel(self, part: str, rtype: str, target_part: str) -> str:
        """Add a relationship from ``part`` to ``target_part`` (an absolute target); its new Id."""
        rp = rels_of(part)
        taken = {r.id for r in self.rels(part)}
        n = 1
        while f"rId{n}" in taken:
            n += 1
        rid = f"rId{n}"
        if self.has(rp):
            data = self.read(rp)
            pre, local, _ = root(data)
            el = f'<{pre.decode()}Relationship Id="{rid}" Type="{esc(rtype)}" Target="/{esc(target_part)}"/>'.encode()
            pos = close_tag_pos(data, local, pre)
            self.put(rp, data[:pos] + el + data[pos:])
        else:
            self.put(rp, ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                          f'<Relationship Id="{rid}" Type="{esc(rtype)}" Target="/{esc(target_part)}"/>'
                          '</Relationships>').encode())
        return rid

    def remove_rel(self, part: str, rid: str) -> None:
        rp = rels_of(part)
        if not self.has(rp):
            return
        data = self.read(rp)
        for el in elements(data, "Relationship"):
            if el.attrs.get("Id") == rid:
                data = data[:el.start] + data[el.end:]
                if first(data, "Relationship") is None:     # an empty relationships part says nothing
                    self.drop(rp)
                else:
                    self.put(rp, data)
                return

    # content types
    CT = "[Content_Types].xml"

    def content_type(self, part: str) -> str | None:
        data = self.read(self.CT)
        for el in elements(data, "Override"):
            if el.attrs.get("PartName", "").lstrip("/").lower() == part.lower():
                return el.attrs.get("ContentType")
        ext = part.rsplit(".", 1)[-1].lower()
        for el in elements(data, "Default"):
            if el.attrs.get("Extension", "").lower() == ext:
                return el.attrs.get("ContentType")
        return None

    def add_override(self, part: str, ctype: str) -> None:
        if self.content_type(part) == ctype:
            return
        data = self.read(self.CT)
        pre, local, _ = root(data)
        el = f'<{pre.decode()}Override PartName="/{esc(part)}" ContentType="{esc(ctype)}"/>'.encode()
        pos = close_tag_pos(data, local, pre)
        self.put(self.CT, data[:pos] + el + data[pos:])

    def remove_override(self, part: str) -> None:
        data = self.read(self.CT)
        for el in elements(data, "Override"):
            if el.attrs.get("PartName", "").lstrip("/").lower() == part.lower():
                self.put(self.CT, data[:el.start] + data[el.end:])
                return

    def remove_part(self, part: str) -> None:
        """Drop a part, its relationships part and its content-type override."""
        self.drop(part)
        if self.has(rels_of(part)):
            self.drop(rels_of(part))
        self.remove_override(part)

    # the workbook part
    def workbook_part(self) -> str:
        for r in self.rels(""):
            if r.type == REL_OFFICE_DOCUMENT or r.type.endswith("/officeDocument"):
                return part_of("_rels/.rels", r.target)
        raise PackageError("no_workbook")
