"""collab_xl.addin.vba: MS-OVBA compression, PROJECT obfuscation, MS-CFB and whole projects,
checked with independent readers (oletools' olevba and olefile) and published vectors."""
from __future__ import annotations

import math
import random
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from collab_xl.addin import vba

XLWINGS = Path(__import__("xlwings").__file__).resolve().parent


def unhex(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", "").replace("\n", ""))


def olevba_decompress(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(data)))


def chunks(container: bytes) -> list[tuple[bool, int]]:
    """(compressed?, chunk size incl. header) of each chunk of a CompressedContainer."""
    assert container[0] == 0x01
    out, pos = [], 1
    while pos < len(container):
        (header,) = struct.unpack_from("<H", container, pos)
        assert (header >> 12) & 0b111 == 0b011  # CompressedChunkSignature
        size = (header & 0x0FFF) + 3
        out.append((bool(header >> 15), size))
        pos += size
    assert pos == len(container)
    return out


# --- [MS-OVBA] 3.2 examples ------------------------------------------------------------------

NO_COMPRESSION = ("abcdefghijklmnopqrstuv.",
                  "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 "
                  "76 2E")
NORMAL_TEXT = "#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
# 3.2.2 as printed in the specification ...
NORMAL_PUBLISHED = ("01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B "
                    "6C 00 30 6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C")
# ... and as the spec's own procedure (2.4.1.3) produces it: three copy tokens differ in their
# length bits, a known erratum of the example; both decompress to the same text.
NORMAL_BY_PROCEDURE = ("01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 "
                       "6B 6C 00 20 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 "
                       "2C")
MAXIMUM = ("a" * 73, "01 03 B0 02 61 45 00")


def test_spec_no_compression_example():
    text, packed = NO_COMPRESSION
    assert vba.compress(text.encode()) == unhex(packed)


def test_spec_normal_compression_example():
    assert olevba_decompress(unhex(NORMAL_PUBLISHED)) == NORMAL_TEXT.encode()
    assert olevba_decompress(unhex(NORMAL_BY_PROCEDURE)) == NORMAL_TEXT.encode()
    assert vba.compress(NORMAL_TEXT.encode()) == unhex(NORMAL_BY_PROCEDURE)


def test_spec_maximum_compression_example():
    text, packed = MAXIMUM
    assert vba.compress(text.encode()) == unhex(packed)


def test_empty_input_is_just_the_signature():
    assert vba.compress(b"") == b"\x01"
    assert olevba_decompress(b"\x01") == b""


# --- chunk boundaries --------------------------------------------------------------------------

def vba_like_text(n: int, seed: int = 1) -> bytes:
    rnd = random.Random(seed)
    words = ["Dim", "As", "String", "If", "Then", "End", "Sub", "RunPython", "x", "y", "=", "&",
             "'", "\"text\"", "    ", "\r\n", "ChrW(21327)", "Next", "For", "i", "To", "10"]
    out = bytearray()
    while len(out) < n:
        out += rnd.choice(words).encode() + b" "
    return bytes(out[:n])


@pytest.mark.parametrize("size", [1, 2, 3, 4095, 4096, 4097, 8191, 8192, 8193, 3 * 4096 + 5])
def test_round_trip_across_chunk_boundaries(size):
    data = vba_like_text(size, seed=size)
    packed = vba.compress(data)
    assert olevba_decompress(packed) == data
    found = chunks(packed)
    assert len(found) == math.ceil(size / 4096)
    assert all(compressed for compressed, _ in found)
    assert all(chunk_size <= 4098 for _, chunk_size in found)


def test_copies_never_reach_into_the_previous_chunk():
    # the same 4 KiB twice: the second chunk may not refer back to the first
    block = vba_like_text(4096, seed=7)
    packed = vba.compress(block * 2)
    (c1, s1), (c2, s2) = chunks(packed)
    assert s1 == s2  # the second chunk compresses exactly like the first
    assert olevba_decompress(packed) == block * 2


def test_incompressible_full_chunks_are_stored_raw():
    data = random.Random(3).randbytes(2 * 4096)
    packed = vba.compress(data)
    assert chunks(packed) == [(False, 4098), (False, 4098)]
    assert olevba_decompress(packed) == data


def test_long_runs_use_maximum_length_copies():
    data = b" " * 10000 + b"x"
    packed = vba.compress(data)
    assert olevba_decompress(packed) == data
    assert len(packed) < 60


def test_incompressible_last_partial_chunk_is_refused():
    # MS-OVBA would pad such a raw chunk with zero bytes, which would change the text
    with pytest.raises(ValueError):
        vba.compress(random.Random(5).randbytes(4000))


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=0, max_size=9000).filter(lambda b: len(b) % 4096 < 3000),
       st.sampled_from([b"", b"End Sub\r\n", b"aaaa", b"\x00\x01\x02"]))
def test_round_trip_property(prefix, motif):
    data = prefix + motif * 50
    try:
        packed = vba.compress(data)
    except ValueError:
        # only an incompressible final partial chunk may be refused
        assert len(data) % 4096 != 0
        return
    assert olevba_decompress(packed) == data


# --- [MS-OVBA] 2.4.3 obfuscation of CMG / DPB / GC ------------------------------------------------

def decrypt(hex_text: str) -> tuple[int, bytes, bytes]:
    """[MS-OVBA] 2.4.3.3, written independently here: (seed, ignored bytes, data)."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    assert seed ^ version_enc == 2
    unencrypted_1, encrypted_1, encrypted_2 = seed ^ key_enc, key_enc, version_enc
    plain = bytearray()
    for b in raw[3:]:
        p = b ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(p)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, b, p
    n = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", plain, n)
    assert length == len(plain) - n - 4
    return seed, bytes(plain[:n]), bytes(plain[n + 4:])


# Written by Excel: the PROJECT streams of xlwings' quickstart_standalone.xlsm and xlwings.xlam.
EXCEL_VECTORS = [
    ("{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}", "8D8FA61394EA98EA98EA98EA98", bytes(4)),
    ("{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}", "8D8FA61394EF95EF95EF", bytes(1)),
    ("{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}", "8D8FA61394EF95EF9510", b"\xff"),
    ("{00000000-0000-0000-0000-000000000000}", "5456F8BF1E6E226E226A266A26", b"\x04\0\0\0"),
]


@pytest.mark.parametrize("project_id, excel, data", EXCEL_VECTORS)
def test_obfuscation_matches_excel(project_id, excel, data):
    seed, ignored, plain = decrypt(excel)
    assert plain == data
    assert vba.encrypt_project_data(project_id, data, seed, ignored) == excel


def test_obfuscation_default_filler_round_trips():
    for seed in (0, 1, 2, 6, 0x5D, 0xFF):
        text = vba.encrypt_project_data("{11111111-2222-3333-4444-555555555555}", b"\xff", seed)
        assert decrypt(text) == (seed, bytes([seed]) * ((seed & 6) // 2), b"\xff")


# --- [MS-CFB] --------------------------------------------------------------------------------------

RED, BLACK = 0, 1  # [MS-CFB] 2.6.1 color flag


def cfb_key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def check_red_black(ole: olefile.OleFileIO) -> None:
    entries = {e.sid: e for e in ole.direntries if e is not None}

    def walk(sid: int, lo, hi) -> int:
        if sid == olefile.NOSTREAM:
            return 1
        e = entries[sid]
        key = cfb_key(e.name)
        assert (lo is None or lo < key) and (hi is None or key < hi), "not a search tree"
        if e.color == RED:
            for child in (e.sid_left, e.sid_right):
                assert child == olefile.NOSTREAM or entries[child].color == BLACK
        left = walk(e.sid_left, lo, key)
        right = walk(e.sid_right, key, hi)
        assert left == right, "black heights differ"
        return left + (e.color == BLACK)

    for e in entries.values():
        if e.sid_child != olefile.NOSTREAM:
            assert entries[e.sid_child].color == BLACK
            walk(e.sid_child, None, None)


def test_compound_file_reads_back_with_olefile():
    rnd = random.Random(11)
    tree = {
        "Big": rnd.randbytes(300_000),          # several FAT sectors
        "Exactly4096": rnd.randbytes(4096),     # the first size outside the mini stream
        "Small": b"x" * 4095,                   # the last size inside it
        "Empty": b"",
        "Store": {f"S{i:02d}": rnd.randbytes(rnd.randrange(1, 700)) for i in range(23)},
        "Deep": {"Inner": {"Leaf": b"leaf"}},
    }
    data = vba.compound_file(tree)
    assert len(data) % 512 == 0
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)

    def check(prefix, items):
        for name, value in items.items():
            path = prefix + [name]
            if isinstance(value, dict):
                assert ole.get_type(path) == olefile.STGTY_STORAGE
                check(path, value)
            else:
                assert ole.get_type(path) == olefile.STGTY_STREAM
                assert ole.openstream(path).read() == value

    check([], tree)
    check_red_black(ole)
    for e in ole.direntries:
        if e is not None:
            assert e.createTime == 0 and e.modifyTime == 0


def test_compound_file_rejects_bad_names():
    with pytest.raises(ValueError):
        vba.compound_file({"a/b": b""})
    with pytest.raises(ValueError):
        vba.compound_file({"x" * 32: b""})


# --- whole projects --------------------------------------------------------------------------------

def sample_modules() -> list[vba.Module]:
    return [
        vba.document_module("ThisWorkbook", "Private Sub Workbook_Open()\r\nEnd Sub\r\n",
                            base=vba.WORKBOOK_BASE),
        vba.document_module("Sheet1"),
        vba.standard_module("Module1", 'Sub Hello()\r\n    MsgBox "hi"\r\nEnd Sub\r\n'),
        vba.class_module("Counter", "Private n As Long\r\nPublic Sub Add()\r\n    n = n + 1\r\n"
                                    "End Sub\r\n"),
        vba.standard_module("Big", vba_like_text(30_000).decode()),
    ]


def olevba_modules(path_or_bytes, name="vbaProject.bin") -> dict[str, str]:
    parser = VBA_Parser(name, data=path_or_bytes) if isinstance(path_or_bytes, bytes) \
        else VBA_Parser(str(path_or_bytes))
    try:
        return {vba_name: code for (_, _, vba_name, code) in parser.extract_macros()}
    finally:
        parser.close()


def test_project_modules_read_back_exactly_with_olevba():
    modules = sample_modules()
    found = olevba_modules(vba.build_vba_project(modules, "Sample"))
    expected = {m.name + (".bas" if m.kind == "standard" else ".cls"): m.source for m in modules}
    assert found == expected


def test_project_streams():
    modules = sample_modules()
    ole = olefile.OleFileIO(vba.build_vba_project(modules, "Sample"),
                            raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xCC\x61\xFF\xFF\x00\x01\x00"
    project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert project[0].startswith('ID="{') and 'Name="Sample"' in project
    assert "Document=ThisWorkbook/&H00000000" in project
    assert "Module=Module1" in project and "Class=Counter" in project
    ids = project[0][4:-1]
    for key, plain in (("CMG", bytes(4)), ("DPB", b"\x00"), ("GC", b"\xff")):
        line = next(x for x in project if x.startswith(key + "="))
        assert decrypt(line.split('"')[1])[2] == plain
        assert ids  # obfuscation is keyed on the ID
    wm = ole.openstream("PROJECTwm").read()
    assert wm.startswith(b"ThisWorkbook\x00T\x00h\x00") and wm.endswith(b"\x00\x00\x00\x00")
    # every module stream is compressed source only (MODULEOFFSET 0)
    assert olevba_decompress(ole.openstream("VBA/Module1").read()).decode() == modules[2].source


def test_projects_are_deterministic():
    assert vba.build_vba_project(sample_modules(), "Sample") == \
        vba.build_vba_project(sample_modules(), "Sample")


def test_class_export_gets_the_stored_form_excel_writes():
    """Dictionary.cls as exported, turned into what Excel stored in xlwings' quickstart add-in
    (VBA also normalises identifier case, hence the comparison ignoring case)."""
    export = (XLWINGS / "addin" / "Dictionary.cls").read_text(encoding="cp1252")
    ours = vba.module_from_export(export)
    assert ours.kind == "class" and ours.name == "Dictionary"
    assert ours.doc.startswith("Drop-in replacement")
    with zipfile.ZipFile(XLWINGS / "quickstart_addin.xlam") as z:
        excel = olevba_modules(z.read("xl/vbaProject.bin"))["Dictionary.cls"]
    assert ours.source.lower() == excel.lower()


def test_standard_export():
    m = vba.module_from_export('Attribute VB_Name = "Tools"\nSub A()\nEnd Sub\n')
    assert (m.name, m.kind) == ("Tools", "standard")
    assert m.source == 'Attribute VB_Name = "Tools"\r\nSub A()\r\nEnd Sub\r\n'


def test_text_outside_the_code_page_is_refused():
    m = vba.standard_module("Chinese", 'Sub A()\r\n    MsgBox "协作"\r\nEnd Sub\r\n')
    with pytest.raises(ValueError, match="code page"):
        vba.build_vba_project([m], "P")


@pytest.mark.parametrize("name", ["1abc", "a b", "x" * 32, "", "名字"])
def test_bad_module_names(name):
    with pytest.raises(ValueError):
        vba.standard_module(name, "")


def test_duplicate_module_names_are_refused():
    with pytest.raises(ValueError):
        vba.build_vba_project([vba.standard_module("A", ""), vba.standard_module("a", "")], "P")


def dir_record_ids(dir_stream: bytes) -> list[int]:
    """Record ids of a decompressed dir stream ([MS-OVBA] 2.3.4.2), parsed here independently."""
    ids, pos = [], 0
    while pos < len(dir_stream):
        rid, size = struct.unpack_from("<HI", dir_stream, pos)
        ids.append(rid)
        pos += 6 + (6 if rid == 0x0009 else size)  # PROJECTVERSION: Reserved=4, then 6 bytes
        if rid == 0x0010:
            break
    assert pos == len(dir_stream)  # the terminator (its Reserved field reads as size 0) ends it
    return ids


def test_dir_stream_has_the_record_layout_excel_writes():
    """Same record sequence as the dir stream Excel wrote for xlwings' own add-in."""
    with zipfile.ZipFile(XLWINGS / "addin" / "xlwings.xlam") as z:
        excel = olefile.OleFileIO(z.read("xl/vbaProject.bin"))
    excel_ids = dir_record_ids(olevba_decompress(excel.openstream("VBA/dir").read()))
    ours_ole = olefile.OleFileIO(vba.build_vba_project(sample_modules(), "Sample"))
    ours_ids = dir_record_ids(olevba_decompress(ours_ole.openstream("VBA/dir").read()))

    def shape(ids):
        head = ids[:ids.index(0x0016)]
        module = ids[ids.index(0x0019):ids.index(0x002B) + 1]
        refs = ids[ids.index(0x0016):ids.index(0x000F)]
        return head, [0x0021 if r == 0x0022 else r for r in module], refs

    assert shape(ours_ids) == shape(excel_ids)
