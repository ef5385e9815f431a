"""Write a VBA project (``vbaProject.bin``) from module source texts, without Excel.

What is written follows [MS-OVBA] (the VBA project streams) inside an [MS-CFB] compound file:

* ``PROJECT`` (project properties, text), ``PROJECTwm`` (module names in MBCS and UTF-16),
* ``VBA/dir`` (project information, references and module records, compressed),
* ``VBA/_VBA_PROJECT`` with version ``0xFFFF`` and no performance cache, so the host discards
  any compiled state and compiles from source (the xlwings add-ins ship the same 7 bytes),
* one stream per module holding only its compressed source (``MODULEOFFSET`` 0, no p-code).

Why our own code: XlsxWriter only copies an existing ``vbaProject.bin``, olefile reads but cannot
create compound files, and the PyPI packages ``ms-ovba`` 0.0.1 / ``ms-cfb`` 0.0.6 (MIT) are early
pre-releases that write intermediate files into the working directory and pull in four more small
packages.  The three algorithms needed here are short and fully specified.

Output is deterministic: no timestamps (all CFB times are zero), the project ID is derived from
the project name, and the "random" seed of the PROJECT-stream obfuscation is fixed.

Module texts are what VBA stores: ``Attribute`` lines first, then the code, CRLF line ends,
encoded in the project code page (default 1252; VBA source is not Unicode, so keep code ASCII
and build other text at run time, e.g. with ``ChrW``).
"""
from __future__ import annotations

import re
import struct
import uuid
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Module",
    "Reference",
    "DEFAULT_REFERENCES",
    "WORKBOOK_BASE",
    "WORKSHEET_BASE",
    "CLASS_BASE",
    "standard_module",
    "class_module",
    "document_module",
    "module_from_export",
    "compress",
    "encrypt_project_data",
    "compound_file",
    "build_vba_project",
]

# ---------------------------------------------------------------------------------------------
# Modules
# ---------------------------------------------------------------------------------------------

#: ``VB_Base`` of the ThisWorkbook document module (Excel's Workbook class).
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
#: ``VB_Base`` of a worksheet document module (Excel's Worksheet class).
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
#: ``VB_Base`` Excel stores for class modules.
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

ModuleKind = Literal["standard", "class", "document"]

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


@dataclass(frozen=True)
class Module:
    """One VBA module as VBA stores it: ``source`` is the exact text written (and read back)."""

    name: str
    kind: ModuleKind
    source: str
    doc: str = ""

    def __post_init__(self) -> None:
        if not _IDENT.match(self.name):
            raise ValueError(f"not a VBA module name: {self.name!r}")
        if self.kind not in ("standard", "class", "document"):
            raise ValueError(f"unknown module kind: {self.kind!r}")
        if "\r\n" not in self.source and "\n" in self.source:
            raise ValueError("module source must use CRLF line ends")

    @property
    def project_line(self) -> str:
        """This module's line in the PROJECT stream."""
        if self.kind == "document":
            return f"Document={self.name}/&H00000000"
        if self.kind == "class":
            return f"Class={self.name}"
        return f"Module={self.name}"


def standard_module(name: str, code: str) -> Module:
    """A standard module (.bas): ``Attribute VB_Name`` and the code."""
    return Module(name, "standard", f'Attribute VB_Name = "{name}"\r\n' + _crlf(code))


def _object_attributes(name: str, base: str, predeclared: bool, exposed: bool,
                       customizable: bool) -> str:
    def b(v: bool) -> str:
        return "True" if v else "False"

    return (
        f'Attribute VB_Name = "{name}"\r\n'
        f'Attribute VB_Base = "{base}"\r\n'
        "Attribute VB_GlobalNameSpace = False\r\n"
        "Attribute VB_Creatable = False\r\n"
        f"Attribute VB_PredeclaredId = {b(predeclared)}\r\n"
        f"Attribute VB_Exposed = {b(exposed)}\r\n"
        "Attribute VB_TemplateDerived = False\r\n"
        f"Attribute VB_Customizable = {b(customizable)}\r\n"
    )


def document_module(name: str, code: str = "", base: str = WORKSHEET_BASE) -> Module:
    """A document module (ThisWorkbook, Sheet1, ...) with the attributes Excel stores."""
    return Module(name, "document",
                  _object_attributes(name, base, True, True, True) + _crlf(code))


def class_module(name: str, code: str, *, exposed: bool = False,
                 predeclared: bool = False, extra_attributes: str = "", doc: str = "") -> Module:
    """A class module (.cls) in the stored form: header attributes, then the code."""
    head = _object_attributes(name, CLASS_BASE, predeclared, exposed, False)
    return Module(name, "class", head + _crlf(extra_attributes) + _crlf(code), doc)


_ATTR = re.compile(r'^Attribute\s+(VB_\w+)\s*=\s*(.*)$')


def module_from_export(text: str, kind: ModuleKind | None = None) -> Module:
    """A module from a file exported by the VBA editor (.bas or .cls).

    ``.cls`` exports start with a ``VERSION 1.0 CLASS``/``BEGIN``/``END`` block that VBA does not
    store; the header attributes are rewritten into the stored form (with ``VB_Base``,
    ``VB_TemplateDerived`` and ``VB_Customizable``, as Excel writes them).
    """
    lines = _crlf(text).split("\r\n")
    if lines and lines[0].startswith("VERSION ") and "CLASS" in lines[0]:
        kind = kind or "class"
        end = lines.index("END")
        lines = lines[end + 1:]
    attrs: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _ATTR.match(lines[i])):
        attrs[m.group(1)] = m.group(2).strip()
        i += 1
    if "VB_Name" not in attrs:
        raise ValueError("export has no Attribute VB_Name line")
    name = attrs["VB_Name"].strip('"')
    body = "\r\n".join(lines[i:])
    kind = kind or "standard"
    if kind == "standard":
        return standard_module(name, body)
    if kind == "class":
        extra = "".join(f"Attribute {k} = {v}\r\n" for k, v in attrs.items()
                        if k not in {"VB_Name", "VB_Base", "VB_GlobalNameSpace", "VB_Creatable",
                                     "VB_PredeclaredId", "VB_Exposed", "VB_TemplateDerived",
                                     "VB_Customizable"})
        doc = attrs.get("VB_Description", "").strip('"').replace("\\r\\n", "\r\n")
        return class_module(name, body, exposed=attrs.get("VB_Exposed") == "True",
                            predeclared=attrs.get("VB_PredeclaredId") == "True",
                            extra_attributes=extra, doc=doc)
    return document_module(name, body, attrs.get("VB_Base", WORKSHEET_BASE).strip('"'))


# ---------------------------------------------------------------------------------------------
# [MS-OVBA] 2.4.1 compression
# ---------------------------------------------------------------------------------------------

_CHUNK = 4096
_MAX_CANDIDATES = 256  # nearest earlier positions tried per token (like zlib's chain limit)


def _copy_token_help(difference: int) -> tuple[int, int]:
    """[MS-OVBA] 2.4.1.3.19.1: bit count of the offset field and the maximum length."""
    bit_count = 4
    while (1 << bit_count) < difference:
        bit_count += 1
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """Token sequences for data[start:end] ([MS-OVBA] 2.4.1.3.7 - 2.4.1.3.10).

    Matching follows 2.4.1.3.19.4: the longest match among earlier positions of the chunk,
    the nearest one on ties, clipped to the maximum length.  Only positions sharing the next
    three bytes are candidates (a shorter match is never used) and at most the nearest
    ``_MAX_CANDIDATES`` are tried, which changes nothing for inputs smaller than that and keeps
    long files fast; any such choice is valid compressed data.
    """
    out = bytearray()
    heads: dict[bytes, list[int]] = {}
    pos = start
    indexed = start  # positions below this are in ``heads``

    def index_to(limit: int) -> None:
        nonlocal indexed
        while indexed < limit:
            if indexed + 3 <= end:
                heads.setdefault(data[indexed:indexed + 3], []).append(indexed)
            indexed += 1

    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            best_len = 0
            best_at = -1
            if pos + 3 <= end:
                index_to(pos)
                cands = heads.get(data[pos:pos + 3])
                if cands:
                    limit = end - pos
                    tried = 0
                    for cand in reversed(cands):
                        tried += 1
                        if tried > _MAX_CANDIDATES:
                            break
                        # can this candidate be strictly longer than the best so far?
                        probe = best_len + 1
                        if probe > limit or data[cand:cand + probe] != data[pos:pos + probe]:
                            continue
                        length = probe
                        while length < limit and data[cand + length] == data[pos + length]:
                            length += 1
                        best_len, best_at = length, cand
                        if length == limit:
                            break
            if best_len >= 3:
                bit_count, max_len = _copy_token_help(pos - start)
                length = min(best_len, max_len)
                offset = pos - best_at
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                pos += length
            else:
                out.append(data[pos])
                pos += 1
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an [MS-OVBA] 2.4.1 CompressedContainer.

    Raises ``ValueError`` for the one input the format cannot hold exactly: a last, partial
    chunk that does not compress (the spec would pad it with zero bytes, changing the text).
    """
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        end = min(start + _CHUNK, len(data))
        body = _compress_chunk(data, start, end)
        if len(body) <= _CHUNK:
            out += struct.pack("<H", 0xB000 | (len(body) - 1))  # size - 3, signature 3, flag 1
            out += body
        elif end - start == _CHUNK:
            out += struct.pack("<H", 0x3000 | (_CHUNK - 1))  # raw chunk: flag 0
            out += data[start:end]
        else:
            raise ValueError("incompressible final chunk: MS-OVBA would pad it with zeros")
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# [MS-OVBA] 2.4.3 data encryption (obfuscation of CMG, DPB and GC in the PROJECT stream)
# ---------------------------------------------------------------------------------------------

def encrypt_project_data(project_id: str, data: bytes, seed: int,
                         ignored: bytes | None = None) -> str:
    """[MS-OVBA] 2.4.3.2: obfuscate ``data`` for the PROJECT stream; returns upper-case hex.

    ``ignored`` are the (seed & 6) / 2 filler bytes; VBA writes the seed byte repeated, and so
    do we unless told otherwise.
    """
    version = 2
    project_key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ project_key])
    unencrypted_1 = project_key
    encrypted_1 = seed ^ project_key
    encrypted_2 = seed ^ version
    n_ignored = (seed & 6) // 2
    if ignored is None:
        ignored = bytes([seed]) * n_ignored
    if len(ignored) != n_ignored:
        raise ValueError("wrong number of ignored bytes for this seed")
    for byte in ignored + struct.pack("<I", len(data)) + data:
        enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    return out.hex().upper()


# ---------------------------------------------------------------------------------------------
# [MS-CFB] compound file writer (version 3, 512-byte sectors)
# ---------------------------------------------------------------------------------------------

_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF
_SECTOR = 512
_MINI = 64
_CUTOFF = 4096

Tree = dict  # name -> bytes (stream) | Tree (storage)


def _cfb_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names sort first, then by upper-cased characters."""
    return (len(name.encode("utf-16-le")) // 2, name.upper())


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list["_Entry"] = field(default_factory=list)
    sid: int = -1
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    black: bool = True
    start: int = _ENDOFCHAIN
    size: int = 0


def _balanced(entries: list[_Entry], depth: int, red_depth: int) -> int:
    """Link sorted siblings into a balanced tree; nodes on the incomplete last level are red."""
    if not entries:
        return _NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    node.black = depth < red_depth
    node.left = _balanced(entries[:mid], depth + 1, red_depth)
    node.right = _balanced(entries[mid + 1:], depth + 1, red_depth)
    return node.sid


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i + 1 < count else _ENDOFCHAIN


def compound_file(tree: Tree) -> bytes:
    """An [MS-CFB] version-3 compound file holding ``tree`` (storages are dicts, streams bytes).

    Siblings form a red-black tree in CFB order; streams under 4096 bytes live in the mini
    stream; every timestamp and CLSID is zero, so equal trees give equal bytes.
    """
    root = _Entry("Root Entry", 5)
    order: list[_Entry] = [root]

    def add(parent: _Entry, items: Tree) -> None:
        for name in sorted(items, key=_cfb_key):
            if len(name) > 31 or any(c in name for c in "/\\:!") or not name:
                raise ValueError(f"invalid compound-file name: {name!r}")
            value = items[name]
            entry = _Entry(name, 1) if isinstance(value, dict) else _Entry(name, 2, bytes(value))
            entry.sid = len(order)
            order.append(entry)
            parent.children.append(entry)
        for entry in parent.children:
            if entry.kind == 1:
                add(entry, items[entry.name])

    root.sid = 0
    add(root, tree)
    for entry in order:
        if entry.children:
            n = len(entry.children)
            red_depth = (n + 1).bit_length() - 1  # number of complete levels
            entry.child = _balanced(entry.children, 0, red_depth)

    # mini stream: small streams, each padded to 64 bytes
    mini = bytearray()
    minifat: list[int] = []
    for entry in order:
        if entry.kind == 2 and 0 < len(entry.data) < _CUTOFF:
            n = -(-len(entry.data) // _MINI)
            entry.start, entry.size = len(minifat), len(entry.data)
            minifat.extend([0] * n)
            _chain(minifat, entry.start, n)
            mini += entry.data + b"\x00" * (n * _MINI - len(entry.data))

    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        n = -(-len(data) // _SECTOR)
        first = len(sectors)
        for i in range(n):
            sectors.append(data[i * _SECTOR:(i + 1) * _SECTOR].ljust(_SECTOR, b"\x00"))
        fat.extend([0] * n)
        _chain(fat, first, n)
        return first

    if mini:
        root.start, root.size = place(bytes(mini)), len(mini)
    for entry in order:
        if entry.kind == 2 and len(entry.data) >= _CUTOFF:
            entry.start, entry.size = place(entry.data), len(entry.data)

    directory = bytearray()
    for entry in order:
        name = entry.name.encode("utf-16-le") + b"\x00\x00"
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ", name, len(name), entry.kind, 1 if entry.black else 0,
            entry.left, entry.right, entry.child, b"\x00" * 16, 0, 0, 0,
            entry.start if entry.kind != 1 else 0, entry.size)
    while len(directory) % _SECTOR:
        directory += struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, _NOSTREAM, _NOSTREAM,
                                 _NOSTREAM, b"\x00" * 16, 0, 0, 0, 0, 0)
    first_dir = place(bytes(directory))

    first_minifat, n_minifat = _ENDOFCHAIN, 0
    if minifat:
        table = minifat + [_FREESECT] * (-len(minifat) % (_SECTOR // 4))
        raw = struct.pack(f"<{len(table)}I", *table)
        first_minifat, n_minifat = place(raw), len(raw) // _SECTOR

    n_fat = 1
    while len(sectors) + n_fat > n_fat * (_SECTOR // 4):
        n_fat += 1
    if n_fat > 109:
        raise ValueError("compound file too large for a header-only DIFAT")
    first_fat = len(sectors)
    fat.extend([_FATSECT] * n_fat)
    fat.extend([_FREESECT] * (n_fat * (_SECTOR // 4) - len(fat)))
    fat_raw = struct.pack(f"<{len(fat)}I", *fat)
    for i in range(n_fat):
        sectors.append(fat_raw[i * _SECTOR:(i + 1) * _SECTOR])

    difat = [first_fat + i for i in range(n_fat)] + [_FREESECT] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", b"\x00" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6,
        b"\x00" * 6, 0, n_fat, first_dir, 0, _CUTOFF, first_minifat, n_minifat,
        _ENDOFCHAIN, 0, *difat)
    assert len(header) == _SECTOR
    return header + b"".join(sectors)


# ---------------------------------------------------------------------------------------------
# [MS-OVBA] project streams
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reference:
    """A registered type-library reference (REFERENCEREGISTERED)."""

    name: str
    libid: str


#: The references of a new Excel workbook's project besides VBA and Excel themselves:
#: OLE Automation and the Office library (which defines ``IRibbonControl``).
DEFAULT_REFERENCES: tuple[Reference, ...] = (
    Reference("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0"
                        r"#C:\Windows\System32\stdole2.tlb#OLE Automation"),
    Reference("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0"
                        r"#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL"
                        r"#Microsoft Office 16.0 Object Library"),
)

_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


def _rec(rid: int, data: bytes) -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _dir_stream(name: str, modules: list[Module], references: tuple[Reference, ...],
                codepage: int, enc: str) -> bytes:
    def mbcs(s: str) -> bytes:
        return s.encode(enc)

    def uni(s: str) -> bytes:
        return s.encode("utf-16-le")

    d = bytearray()
    d += _rec(0x0001, struct.pack("<I", 3))                  # PROJECTSYSKIND: 64-bit Windows
    d += _rec(0x0002, struct.pack("<I", 0x0409))             # PROJECTLCID
    d += _rec(0x0014, struct.pack("<I", 0x0409))             # PROJECTLCIDINVOKE
    d += _rec(0x0003, struct.pack("<H", codepage))           # PROJECTCODEPAGE
    d += _rec(0x0004, mbcs(name))                            # PROJECTNAME
    d += _rec(0x0005, b"") + _rec(0x0040, b"")               # PROJECTDOCSTRING
    d += _rec(0x0006, b"") + _rec(0x003D, b"")               # PROJECTHELPFILEPATH
    d += _rec(0x0007, struct.pack("<I", 0))                  # PROJECTHELPCONTEXT
    d += _rec(0x0008, struct.pack("<I", 0))                  # PROJECTLIBFLAGS
    d += struct.pack("<HIIH", 0x0009, 4, 1, 0)               # PROJECTVERSION 1.0
    d += _rec(0x000C, b"") + _rec(0x003C, b"")               # PROJECTCONSTANTS
    for ref in references:                                   # PROJECTREFERENCES
        d += _rec(0x0016, mbcs(ref.name)) + _rec(0x003E, uni(ref.name))
        libid = mbcs(ref.libid)
        body = struct.pack("<I", len(libid)) + libid + struct.pack("<IH", 0, 0)
        d += _rec(0x000D, body)                              # REFERENCEREGISTERED
    d += _rec(0x000F, struct.pack("<H", len(modules)))       # PROJECTMODULES
    d += _rec(0x0013, struct.pack("<H", 0xFFFF))             # PROJECTCOOKIE
    for m in modules:
        d += _rec(0x0019, mbcs(m.name)) + _rec(0x0047, uni(m.name))
        d += _rec(0x001A, mbcs(m.name)) + _rec(0x0032, uni(m.name))
        d += _rec(0x001C, mbcs(m.doc)) + _rec(0x0048, uni(m.doc))
        d += _rec(0x0031, struct.pack("<I", 0))              # MODULEOFFSET: source at 0
        d += _rec(0x001E, struct.pack("<I", 0))              # MODULEHELPCONTEXT
        d += _rec(0x002C, struct.pack("<H", 0xFFFF))         # MODULECOOKIE
        d += _rec(0x0021 if m.kind == "standard" else 0x0022, b"")
        d += _rec(0x002B, b"")                               # terminator
    d += _rec(0x0010, b"")                                   # end of dir stream
    return bytes(d)


def _project_stream(name: str, project_id: str, modules: list[Module], enc: str) -> bytes:
    seed = sum(project_id.encode("ascii")) & 0xFF  # fixed "random" seed
    lines = [f'ID="{project_id}"']
    lines += [m.project_line for m in modules]
    lines += [
        f'Name="{name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{encrypt_project_data(project_id, bytes(4), seed)}"',      # not protected
        f'DPB="{encrypt_project_data(project_id, bytes(1), seed)}"',      # no password
        f'GC="{encrypt_project_data(project_id, bytes([0xFF]), seed)}"',  # visible
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode(enc)


def build_vba_project(modules: list[Module], project_name: str = "VBAProject", *,
                      codepage: int = 1252,
                      references: tuple[Reference, ...] = DEFAULT_REFERENCES,
                      project_id: str | None = None) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules`` (no compiled code).

    Document modules must match the host document (for Excel: ``ThisWorkbook`` and one module
    per sheet, named as the ``codeName`` attributes in the workbook XML).
    """
    if not _IDENT.match(project_name):
        raise ValueError(f"not a VBA project name: {project_name!r}")
    names = [m.name.lower() for m in modules]
    if len(set(names)) != len(names):
        raise ValueError("module names must be unique (VBA ignores case)")
    enc = f"cp{codepage}"
    if project_id is None:
        project_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL,
                                          f"vba-project:{project_name}")).upper() + "}"
    vba: Tree = {
        "_VBA_PROJECT": b"\xCC\x61\xFF\xFF\x00\x01\x00",
        "dir": compress(_dir_stream(project_name, modules, references, codepage, enc)),
    }
    for m in modules:
        try:
            source = m.source.encode(enc)
        except UnicodeEncodeError as exc:
            raise ValueError(f"module {m.name}: text not in code page {codepage}: {exc}") from exc
        vba[m.name] = compress(source)
    wm = b"".join(m.name.encode(enc) + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
                  for m in modules) + b"\x00\x00"
    tree: Tree = {
        "PROJECT": _project_stream(project_name, project_id, modules, enc),
        "PROJECTwm": wm,
        "VBA": vba,
    }
    return compound_file(tree)
