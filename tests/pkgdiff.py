"""An independent comparison of two OOXML packages (.xlsx/.xlsm), for the tests of the writer that
only adds: zipfile and the standard library's ElementTree (through defusedxml), never openpyxl
(the library under suspicion) nor anything of collab_xl.

``compare(original, written)`` sorts the parts of the original package into

* identical – the same bytes (after decompression; the zip's own compression may differ),
* removed   – gone from the written package,
* changed   – different bytes; for an XML part, whether the change is *only added elements*:
  the original tree is an ordered sub-tree of the new one (every original element still there,
  in the same order under the same parent, with the same attributes and text; new elements may
  sit anywhere). Attributes named ``count``/``uniqueCount`` (a container's element count) may
  change, as may attributes the caller lists. Namespace prefixes and the XML declaration do not
  matter for a changed part (``x:c`` and ``c`` in the same namespace are the same element);
  whitespace-only text between elements is formatting.

and lists the parts the written package adds. ``Diff.describe()`` and the failures of
``assert_only_added`` name the part and the first differing path, e.g.
``xl/worksheets/sheet1.xml: /worksheet/sheetData/row[r=3]/c[r=B3]: attribute s: '4' → '7'``.
"""
from __future__ import annotations

import fnmatch
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml.ElementTree import ParseError, fromstring

XML_SUFFIXES = (".xml", ".rels", ".vml")
COUNT_ATTRS = frozenset({"count", "uniqueCount"})
KEY_ATTRS = ("r", "name", "id", "Id", "PartName", "Extension", "sheetId", "uri", "ref", "sqref", "spid", "shapeId")


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def read_parts(path: str | Path) -> dict[str, bytes]:
    """Every member of the zip, decompressed, by name."""
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def parse_xml(name: str, data: bytes):
    """The part's root element, or None when it is not XML (a VBA project, a picture). Excel's
    legacy VML is not always well-formed XML (``<br>``): it gets one repair before giving up."""
    if not name.lower().endswith(XML_SUFFIXES) and not data.lstrip()[:5] in (b"<?xml", b"\xef\xbb\xbf<?x"):
        return None
    try:
        return fromstring(data)
    except ParseError:
        if not name.lower().endswith(".vml"):
            return None
        try:
            return fromstring(re.sub(rb"<br\s*>", b"<br/>", data))
        except ParseError:
            return None


# -------------------------------------------------------------------------------------------------
# Ordered sub-tree
@dataclass(frozen=True)
class Mismatch:
    path: str      # /root/child[key]/… of the original element that has no counterpart
    why: str

    def __str__(self) -> str:
        return f"{self.path}: {self.why}"


def _step(el, index: int, alone: bool = False) -> str:
    tag = local(el.tag)
    for k in KEY_ATTRS:
        for a, v in el.attrib.items():
            if local(a) == k:
                return f"{tag}[{k}={v}]"
    return tag if alone else f"{tag}[{index}]"


def _text(t: str | None, formatting: bool) -> str:
    t = t or ""
    return "" if formatting and not t.strip() else t


class _Matcher:
    def __init__(self, may_change: frozenset[str]):
        self.may_change = may_change | COUNT_ATTRS

    def _free(self, el, attr: str) -> bool:
        name = local(attr)
        return (name in self.may_change or attr in self.may_change
                or f"{local(el.tag)}@{name}" in self.may_change)

    def attr_diff(self, o, n) -> str | None:
        for k, v in o.attrib.items():
            if self._free(o, k):
                continue
            if k not in n.attrib:
                return f"attribute {local(k)}={v!r} removed"
            if n.attrib[k] != v:
                return f"attribute {local(k)}: {v!r} → {n.attrib[k]!r}"
        for k, v in n.attrib.items():
            if k not in o.attrib and not self._free(n, k):
                return f"attribute {local(k)}={v!r} added to an existing element"
        return None

    def own_diff(self, o, n) -> str | None:
        """What differs in the element itself (tag, attributes, text), children aside."""
        if o.tag != n.tag:
            return f"element {local(o.tag)} became {local(n.tag)}"
        why = self.attr_diff(o, n)
        if why:
            return why
        to, tn = _text(o.text, len(o) > 0), _text(n.text, len(n) > 0)
        if to != tn and not (len(o) == 0 and len(n) > 0 and not to.strip()):
            return f"text {to[:40]!r} → {tn[:40]!r}"
        ao, an = _text(o.tail, True), _text(n.tail, True)
        if ao != an:
            return f"text after the element {ao[:40]!r} → {an[:40]!r}"
        return None

    def contains(self, o, n) -> bool:
        """Is ``o`` (original) an ordered sub-tree of ``n`` (written), rooted at the same element?"""
        if self.own_diff(o, n):
            return False
        return self._embed(o, n) is None

    def _embed(self, o, n) -> int | None:
        """Greedy earliest embedding of o's children in n's children (correct for subsequences:
        any embedding can be moved to the earliest one). The index of the first child of ``o``
        that finds no place, or None."""
        kids = list(n)
        j = 0
        for i, oc in enumerate(o):
            while j < len(kids) and not self.contains(oc, kids[j]):
                j += 1
            if j == len(kids):
                return i
            j += 1
        return None

    def explain(self, o, n, path: str) -> Mismatch | None:
        """The first place where ``o`` is not an ordered sub-tree of ``n``, or None."""
        why = self.own_diff(o, n)
        if why:
            return Mismatch(path, why)
        i = self._embed(o, n)
        if i is None:
            return None
        ochildren, kids = list(o), list(n)
        # where the children matched up to i ended
        j = 0
        for oc in ochildren[:i]:
            while not self.contains(oc, kids[j]):
                j += 1
            j += 1
        oc = ochildren[i]
        same_tag = sum(1 for c in ochildren[:i] if c.tag == oc.tag) + 1
        alone = sum(1 for c in ochildren if c.tag == oc.tag) == 1
        cpath = f"{path}/{_step(oc, same_tag, alone)}"
        later = kids[j:]
        if any(self.contains(oc, k) for k in kids[:j]):
            return Mismatch(cpath, "element moved before an element that preceded it (reordered)")
        # the closest counterpart: same tag and same own properties, else same tag and key
        for cand in later:
            if cand.tag == oc.tag and not self.own_diff(oc, cand):
                inner = self.explain(oc, cand, cpath)
                if inner:
                    return inner
        key = _step(oc, same_tag)
        for cand in later:
            if cand.tag == oc.tag and _step(cand, same_tag) == key:
                return self.explain(oc, cand, cpath) or Mismatch(cpath, "changed")
        return Mismatch(cpath, "element removed")


# -------------------------------------------------------------------------------------------------
# Packages
@dataclass
class Change:
    part: str
    xml: bool
    only_added: bool
    mismatch: Mismatch | None = None     # the first difference that is not an addition

    def __str__(self) -> str:
        if not self.xml:
            return f"{self.part}: changed (not XML, compared as bytes)"
        if self.only_added:
            return f"{self.part}: only elements added"
        return f"{self.part}: {self.mismatch}"


@dataclass
class Diff:
    identical: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: dict[str, Change] = field(default_factory=dict)

    def describe(self) -> str:
        lines = [f"removed part: {p}" for p in self.removed]
        lines += [f"changed part: {c}" for c in self.changed.values()]
        lines += [f"added part: {p}" for p in self.added]
        return "\n".join(lines) or "packages identical"

    def problems(self, touch: Iterable[str] = ()) -> list[str]:
        """What breaks "untouched parts byte-identical, touched parts only added to, nothing
        removed" (``touch``: part names or fnmatch patterns that may be changed by additions)."""
        touch = list(touch)
        out = [f"{p}: part removed" for p in self.removed]
        for p, c in self.changed.items():
            if not _matches(p, touch):
                out.append(f"{p}: not byte-identical (it is not a part the writer may touch)"
                           + ("" if c.only_added or not c.xml else f"; first difference {c.mismatch}"))
            elif not c.only_added:
                out.append(str(c))
        return out


def _matches(part: str, patterns: Iterable[str]) -> bool:
    return any(part == p or fnmatch.fnmatchcase(part, p) for p in patterns)


def _may_change_for(part: str, may_change: Mapping[str, Iterable[str]]) -> frozenset[str]:
    out: set[str] = set()
    for pat, attrs in may_change.items():
        if _matches(part, [pat]):
            out.update(attrs)
    return frozenset(out)


def compare_parts(name: str, old: bytes, new: bytes, may_change: Iterable[str] = ()) -> Change:
    """One part of each package: are the differences only added elements?"""
    o, n = parse_xml(name, old), parse_xml(name, new)
    if o is None or n is None:
        return Change(name, xml=False, only_added=False)
    m = _Matcher(frozenset(may_change)).explain(o, n, "/" + local(o.tag))
    return Change(name, xml=True, only_added=m is None, mismatch=m)


def compare(original: str | Path, written: str | Path,
            may_change: Mapping[str, Iterable[str]] | None = None) -> Diff:
    """Compare two packages part by part. ``may_change``: {part name or pattern: attribute names
    that may change value in that part} ("name", "{ns}name" or "tag@name")."""
    a, b = read_parts(original), read_parts(written)
    may_change = may_change or {}
    d = Diff()
    for name, data in a.items():
        if name not in b:
            d.removed.append(name)
        elif b[name] == data:
            d.identical.append(name)
        else:
            d.changed[name] = compare_parts(name, data, b[name], _may_change_for(name, may_change))
    d.added = [n for n in b if n not in a]
    return d


def assert_only_added(original: str | Path, written: str | Path,
                      may_change: Mapping[str, Iterable[str]] | Iterable[str] = ()) -> Diff:
    """Every part of ``original`` is in ``written``; those not named in ``may_change`` (part names
    or fnmatch patterns; a mapping also gives the attributes that may change there) byte-identical,
    the named ones changed only by added elements. New parts are allowed. Returns the Diff."""
    if not isinstance(may_change, Mapping):
        may_change = {p: () for p in may_change}
    d = compare(original, written, may_change)
    problems = d.problems(may_change.keys())
    assert not problems, f"{Path(written).name} against {Path(original).name}:\n  " + "\n  ".join(problems)
    return d


def assert_identical(original: str | Path, written: str | Path) -> None:
    """The two packages hold the same parts with the same bytes."""
    d = compare(original, written)
    assert not (d.removed or d.added or d.changed), d.describe()
