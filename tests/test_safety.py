"""Data safety: --out never touches the input, --in-place keeps a backup and replaces the file in
one step (a failing write leaves the original byte for byte), a workbook Excel has open is not
written, and what a user had in a workbook is still there after validate --out and after clear:
values, formulas, styles, data validations, conditional formats, defined names, notes, the VBA
project — checked with tests/xmlread.py (zipfile + ElementTree), never with openpyxl.
"""
from __future__ import annotations

import errno
import json
import os
import re
import resource
import zipfile
from pathlib import Path

import pytest

import corpus
import richbooks
import xmlread
from collab_xl.core.output import MARK_SHEET, is_result_sheet
from corpus import TODAY, run_cli, table4

ROOT = Path(__file__).resolve().parents[1]
NOTE_MARK = "【collab-xl】"


def cli_process(argv: list[str], cwd: Path, **kw):
    """The real command in a child process (corpus.run_cli): for the tests whose point is the
    process (a file-size limit) or that read the notices on stderr (kept as a subprocess until the
    notices travel in the Outcome)."""
    done = run_cli(argv, cwd=cwd, **kw)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def run_in(cli, monkeypatch):
    """The command in process (conftest ``cli``), ``cwd`` as the current folder, the environment
    corpus.run_cli gives its child."""
    monkeypatch.delenv("COLLAB_XL_LANG", raising=False)
    monkeypatch.delenv("COLLAB_XL_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "120")

    def run(argv: list[str], cwd: Path):
        monkeypatch.chdir(cwd)
        done = cli(*argv)
        assert "Traceback" not in done.stderr, done.stderr
        return done
    return run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line(done) -> str:
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


# ---------------------------------------------------------------------------------------------
# --out and --in-place
def test_out_never_touches_the_input(tmp_path, run_in):
    src = richbooks.rich_book(tmp_path / "工作簿.xlsx")
    os.utime(src, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    data, stat = src.read_bytes(), src.stat()
    assert run_in(["validate", src.name, "--today", TODAY, "--out", "结果.xlsx"], tmp_path).returncode == 1
    assert run_in(["clear", "结果.xlsx", "--out", "清除.xlsx"], tmp_path).returncode == 0
    assert src.read_bytes() == data
    assert src.stat().st_mtime_ns == stat.st_mtime_ns and src.stat().st_mode == stat.st_mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["工作簿.xlsx", "清除.xlsx", "结果.xlsx"]


def test_in_place_keeps_a_backup_and_the_file_mode(tmp_path, run_in):
    src = table4(tmp_path / "进度.xlsx")
    src.chmod(0o640)
    original = src.read_bytes()
    done = run_in(["validate", src.name, "--today", TODAY, "--in-place"], tmp_path)
    assert done.returncode == 1
    backup = tmp_path / "进度.bak.xlsx"
    assert backup.read_bytes() == original
    book = xmlread.read_book(src)
    assert "校验结果" in book.order and MARK_SHEET in book.order
    assert oct(src.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["进度.bak.xlsx", "进度.xlsx"]


def test_in_place_twice_the_backup_is_the_state_before_the_second_run(tmp_path, run_in):
    src = table4(tmp_path / "进度.xlsx")
    run_in(["validate", src.name, "--today", TODAY, "--in-place"], tmp_path)
    after_first = src.read_bytes()
    run_in(["validate", src.name, "--today", TODAY, "--in-place"], tmp_path)
    assert (tmp_path / "进度.bak.xlsx").read_bytes() == after_first


def _run_in_process(argv: list[str], capsys) -> tuple[int, str]:
    from collab_xl.cli import main
    with pytest.raises(SystemExit) as e:
        main(argv)
    return e.value.code, capsys.readouterr().err


@pytest.mark.parametrize("where", ["save", "replace-target", "backup-copy"])
def test_a_failing_write_leaves_the_original_byte_for_byte(tmp_path, monkeypatch, capsys, where):
    """Writing fails at each step of --in-place: the original is unchanged, no temporary file is
    left, an earlier backup is unchanged or replaced only by a complete copy of the original."""
    import shutil
    import collab_xl.io.xlsx_out as xo
    src = table4(tmp_path / "进度.xlsx")
    old_backup = tmp_path / "进度.bak.xlsx"
    old_backup.write_bytes(b"an earlier backup")
    original = src.read_bytes()
    full = OSError(errno.ENOSPC, "No space left on device")
    if where == "save":
        from collab_xl.io.package import Package
        monkeypatch.setattr(Package, "save", lambda self, fn: (_ for _ in ()).throw(full))
    elif where == "replace-target":
        real = os.replace
        def replace(a, b):
            if Path(b) == src:
                raise full
            return real(a, b)
        monkeypatch.setattr(xo.os, "replace", replace)
    else:
        monkeypatch.setattr(shutil, "copyfile", lambda a, b: (_ for _ in ()).throw(full))
    code, err = _run_in_process(["validate", str(src), "--today", TODAY, "--in-place"], capsys)
    assert code == 2
    expected = {"save": "写入失败(磁盘空间不足),原文件未改动:进度.xlsx",
                "replace-target": "写入失败(磁盘空间不足),原文件未改动:进度.xlsx",
                "backup-copy": "无法保留备份(磁盘空间不足),原文件未改动:进度.xlsx"}[where]
    assert err.strip() == expected
    assert src.read_bytes() == original
    assert not list(tmp_path.glob(".collab-xl-*"))
    backup = old_backup.read_bytes()
    assert backup in (b"an earlier backup", original)
    if where != "replace-target":
        assert backup == b"an earlier backup"


def test_a_full_disk_in_a_real_run(tmp_path):
    """The file-size limit of the process stands in for a full disk: the write fails mid-way."""
    src = table4(tmp_path / "进度.xlsx")
    original = src.read_bytes()
    limit = len(original) + 256          # the backup fits, the bigger result does not

    def fsize():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    done = cli_process(["validate", src.name, "--today", TODAY, "--in-place"], tmp_path, extra_limits=fsize)
    assert done.returncode == 2
    assert one_line(done) == "写入失败(文件超出允许的大小),原文件未改动:进度.xlsx"
    assert src.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["进度.xlsx"]


def test_a_full_disk_writing_out_leaves_no_partial_file(tmp_path):
    src = table4(tmp_path / "进度.xlsx")
    (tmp_path / "结果.xlsx").write_bytes(b"the previous result")

    def fsize():
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
    done = cli_process(["validate", src.name, "--today", TODAY, "--out", "结果.xlsx", "--lang", "en"], tmp_path,
               extra_limits=fsize)
    assert done.returncode == 2
    assert one_line(done) == "Writing 结果.xlsx failed (file too large); the input is unchanged"
    assert (tmp_path / "结果.xlsx").read_bytes() == b"the previous result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["结果.xlsx", "进度.xlsx"]


@pytest.mark.parametrize("argv", [["clear", "{name}", "--in-place"], ["validate", "{name}", "--in-place"],
                                  ["clear", "{name}", "--out", "结果.xlsx"]])
def test_a_workbook_open_in_excel_is_not_written(tmp_path, argv, run_in):
    src = table4(tmp_path / "进度.xlsx")
    lock_for = "结果.xlsx" if "--out" in argv else "进度.xlsx"
    (tmp_path / f"~${lock_for}").write_bytes(b"\x06owner")
    before = snapshot(tmp_path)
    done = run_in([a.format(name=src.name) for a in argv] + (["--today", TODAY] if argv[0] == "validate" else []), tmp_path)
    assert done.returncode == 2
    assert one_line(done) == f"工作簿正在 Excel 中打开(发现锁文件 ~${lock_for}),请先关闭再写入:{lock_for}"
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------------------------------------
# What openpyxl cannot keep: --in-place refuses, --out says so
LOST = ["pictures", "shapes", "chart_styles", "x14_conditional_formats", "x14_validations", "sparklines",
        "threaded_comments"]


@pytest.mark.parametrize("kind", LOST)
def test_in_place_keeps_what_openpyxl_would_drop(tmp_path, kind):
    """What a re-save through openpyxl loses survives --in-place: the writer adds instead of
    re-serialising, so every part holding the feature is the original's, byte for byte."""
    from inventory import inventory
    src = richbooks.with_extras(tmp_path / "图表.xlsx", {kind})
    with zipfile.ZipFile(src) as z:
        original = {n: z.read(n) for n in z.namelist()}
    before = inventory(src)
    assert before[kind] >= 1
    done = cli_process(["validate", src.name, "--today", TODAY, "--in-place"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert (tmp_path / "图表.bak.xlsx").exists()
    after = inventory(src)
    assert all(after[k] >= v for k, v in before.items()), (before, after)
    with zipfile.ZipFile(src) as z:
        now = {n: z.read(n) for n in z.namelist()}
    # the parts a write may touch: the workbook, its relationships and content types, the styles,
    # the marked sheets (rules and a legacyDrawing added) and their relationships
    may = re.compile(r"^(\[Content_Types\]\.xml|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|xl/styles\.xml|"
                     r"xl/worksheets/(_rels/)?sheet\d+\.xml(\.rels)?)$")
    kept = [n for n in original if not may.match(n)]
    assert kept and all(now.get(n) == original[n] for n in kept), [n for n in kept if now.get(n) != original[n]]


def test_what_openpyxl_keeps_is_kept(tmp_path, run_in):
    """A chart openpyxl can read, notes, validations, conditional formats, hyperlinks and names
    survive --in-place (counted in the file, not trusted from the writer)."""
    from inventory import inventory
    src = richbooks.with_extras(tmp_path / "图表.xlsx", {"charts"})
    before = inventory(src)
    assert before["charts"] == 1 and before["comments"] == 2 and before["data_validations"] == 2
    done = run_in(["validate", src.name, "--today", TODAY, "--in-place"], tmp_path)
    assert done.returncode == 1
    after = inventory(src)
    assert all(after[k] >= v for k, v in before.items()), (before, after)


# ---------------------------------------------------------------------------------------------
# Preservation, read back independently
def _inputs() -> list:
    params = [pytest.param("rich", id="rich-openpyxl")]
    params.append(pytest.param("rich-lo", id="rich-libreoffice",
                               marks=pytest.mark.skipif(not corpus.soffice(), reason="LibreOffice is not installed")))
    params.append(pytest.param("xlsm", id="xlwings-xlsm",
                               marks=pytest.mark.skipif(corpus.xlwings_xlsm() is None, reason="xlwings is not installed")))
    shipped = sorted((ROOT / "workbooks").glob("*.xlsx"))
    if shipped:
        params += [pytest.param(str(p), id=f"shipped-{p.stem}") for p in shipped]
    else:
        params.append(pytest.param("none", id="shipped", marks=pytest.mark.skip(
            reason="workbooks/ holds no generated templates or sample yet")))
    return params


def make_input(which: str, folder: Path) -> Path:
    if which == "rich":
        return richbooks.rich_book(folder / "丰富.xlsx")
    if which == "rich-lo":
        src = richbooks.rich_book(folder / "lo-src" / "丰富.xlsx") if (folder / "lo-src").mkdir() is None else None
        out = corpus.convert(src, "xlsx", folder / "lo-out")
        final = folder / "丰富-LibreOffice.xlsx"
        out.rename(final)
        return final
    if which == "xlsm":
        rows = [corpus.H4, corpus.ROW_A, corpus.ROW_B, corpus.ROW_BAD]
        return corpus.inject_sheet(corpus.xlwings_xlsm(), folder / "宏.xlsm", "xl/worksheets/sheet1.xml", rows)
    src = Path(which)
    dst = folder / src.name
    dst.write_bytes(src.read_bytes())
    return dst


def user_view(book: xmlread.Book) -> dict:
    """What the user had: every sheet that is not collab-xl's, and the workbook's names and VBA."""
    sheets = {n: s for n, s in book.sheets.items() if not is_result_sheet(n)}
    names = sorted((n, s, f) for n, s, f in book.names if s is None or not is_result_sheet(s))
    return {"order": [n for n in book.order if not is_result_sheet(n)], "sheets": sheets, "names": names,
            "vba": book.vba}


def merged_cells(ranges: set[str]) -> dict[str, set[str]]:
    """Every cell of the merged ranges except each range's top-left one, with the sides of it
    that are the range's outer edge."""
    out: dict[str, set[str]] = {}
    for rng in ranges:
        a, b = rng.split(":")
        (r1, c1), (r2, c2) = xmlread.split_ref(a), xmlread.split_ref(b)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                ref = f"{xmlread.col_let(c)}{r}"
                if ref != a:
                    out[ref] = {s for s, edge in (("top", r == r1), ("bottom", r == r2), ("left", c == c1),
                                                  ("right", c == c2)) if edge}
    return out


def border_side(cell, side: str):
    """The canonical border of one side of a cell (None: no border there)."""
    if cell is None:
        return None
    border = dict(cell.style).get("border") or ()
    for child in (border[2] if border else ()):
        if child[0] == side and (child[1] or child[2]):
            return child
    return None


def ours(rule) -> bool:
    return any(MARK_SHEET in f for f in rule[2])


def compare(before: xmlread.Book, after: xmlread.Book, marked: set[tuple[str, str]], cleared: bool) -> None:
    b, a = user_view(before), user_view(after)
    assert a["order"] == b["order"]
    assert after.order[:len(b["order"])] == b["order"], "the user's sheets are no longer first, in order"
    assert a["names"] == b["names"]
    assert a["vba"] == b["vba"], "the VBA project changed"
    for name, sb in b["sheets"].items():
        sa = a["sheets"][name]
        assert sa.state == sb.state, name
        covered = merged_cells(sb.merged)      # cells a merged range hides: Excel shows the top-left one
        for ref, sides in covered.items():      # … and the range's outer border, kept on its edge cells
            for side in sides:
                assert border_side(sb.cells.get(ref), side) in (None, border_side(sa.cells.get(ref), side)), (name, ref)
        for ref in sorted((set(sb.cells) | set(sa.cells)) - set(covered)):
            cb, ca = sb.cells.get(ref), sa.cells.get(ref)
            assert cb is not None and ca is not None, (name, ref, cb, ca)
            assert (ca.value, ca.formula, ca.rich) == (cb.value, cb.formula, cb.rich), (name, ref)
            assert ca.style == cb.style, (name, ref, cb.style, ca.style)
        assert sa.merged == sb.merged, name
        assert sorted(sa.validations) == sorted(sb.validations), name
        assert sorted(r for r in sa.conditional if not ours(r)) == sorted(sb.conditional), name
        assert sa.hyperlinks == sb.hyperlinks, name
        for ref in set(sb.comments) | set(sa.comments):
            if cleared or (name, ref) not in marked:
                assert sa.comments.get(ref) == sb.comments.get(ref), (name, ref)
            elif ref in sb.comments:           # the user's note stays theirs, as it was
                assert sa.comments[ref] == sb.comments[ref], (name, ref)
            else:
                text, author = sa.comments[ref]
                assert NOTE_MARK in text and author == "collab-xl", (name, ref)
    if cleared:
        assert not [n for n in after.order if is_result_sheet(n)], after.order
        assert not any(ours(r) for s in after.sheets.values() for r in s.conditional)


@pytest.mark.parametrize("which", _inputs())
def test_validate_out_and_clear_keep_everything_the_user_had(tmp_path, which, run_in):
    src = make_input(which, tmp_path)
    done = run_in(["validate", src.name, "--today", TODAY, "--out", "结果" + src.suffix, "--format", "json"], tmp_path)
    assert done.returncode in (0, 1), done.stderr
    doc = json.loads(done.stdout)
    marked = {(f["sheet"], f["cell"]) for f in doc["findings"]}
    before = xmlread.read_book(src)
    after = xmlread.read_book(tmp_path / ("结果" + src.suffix))
    compare(before, after, marked, cleared=False)
    if doc["findings"]:
        assert MARK_SHEET in after.order and "校验结果" in after.order
        assert all(n in after.sheets[s].comments for s, n in marked if s in after.sheets), "a marked cell has no note"
    cleared = run_in(["clear", "结果" + src.suffix, "--out", "清除" + src.suffix], tmp_path)
    assert cleared.returncode == 0, cleared.stderr
    compare(before, xmlread.read_book(tmp_path / ("清除" + src.suffix)), marked, cleared=True)


def test_the_rich_book_has_what_the_comparison_needs(tmp_path, run_in):
    """The preservation input is not trivially easy: it has a marked cell with a user fill and a
    user note, styles, validations, conditional formats, names, a hidden sheet and rich text."""
    src = richbooks.rich_book(tmp_path / "丰富.xlsx")
    book = xmlread.read_book(src)
    s = book.sheets["表4 进度"]
    assert s.comments["G5"] == ("用户原来的批注:等对方确认", "李四")
    assert s.cells["G5"].style != s.cells["G3"].style
    assert len(s.validations) == 2 and len(s.conditional) == 3 and s.cells["I3"].rich
    assert book.sheets["列表"].state == "hidden" and len(book.names) >= 3
    done = run_in(["validate", src.name, "--today", TODAY, "--format", "json"], tmp_path)
    assert "G5" in {f["cell"] for f in json.loads(done.stdout)["findings"]}


# ---------------------------------------------------------------------------------------------
# Repeat and undo
def _mark_state(book: xmlread.Book) -> tuple:
    marks = sorted((r, c.value) for r, c in book.sheets[MARK_SHEET].cells.items()) if MARK_SHEET in book.sheets else []
    cf = sum(1 for s in book.sheets.values() for r in s.conditional if ours(r))
    notes = sorted((n, r, t) for n, s in book.sheets.items() for r, t in s.comments.items())
    findings = sorted((r, c.value) for r, c in book.sheets["校验结果"].cells.items()) if "校验结果" in book.sheets else []
    return book.order, marks, cf, notes, findings


def test_validate_twice_is_the_same_as_once(tmp_path, run_in):
    src = richbooks.rich_book(tmp_path / "丰富.xlsx")
    run_in(["validate", src.name, "--today", TODAY, "--out", "一次.xlsx"], tmp_path)
    run_in(["validate", "一次.xlsx", "--today", TODAY, "--out", "两次.xlsx"], tmp_path)
    once, twice = xmlread.read_book(tmp_path / "一次.xlsx"), xmlread.read_book(tmp_path / "两次.xlsx")
    o, t = _mark_state(once), _mark_state(twice)
    assert o[0] == t[0], "sheets differ"
    assert o[1] == t[1] and o[1], "the mark list differs"
    assert o[2] == t[2] and o[2] >= 1, "the number of mark rules differs"
    assert o[3] == t[3], "notes differ (stacked?)"
    assert [v for _, v in o[4]] == [v.replace("一次.xlsx", "丰富.xlsx") if isinstance(v, str) else v for _, v in t[4]]
    for name in once.order:
        if not is_result_sheet(name):
            assert {r: (c.value, c.formula, c.style) for r, c in once.sheets[name].cells.items()} == \
                   {r: (c.value, c.formula, c.style) for r, c in twice.sheets[name].cells.items()}


def test_clear_restores_the_marked_cells_fill_and_notes(tmp_path, run_in):
    src = richbooks.rich_book(tmp_path / "丰富.xlsx")
    run_in(["validate", src.name, "--today", TODAY, "--out", "结果.xlsx"], tmp_path)
    marked = xmlread.read_book(tmp_path / "结果.xlsx").sheets["表4 进度"]
    original = xmlread.read_book(src).sheets["表4 进度"]
    assert marked.cells["G5"].style == original.cells["G5"].style          # marks never change the user's fill
    # G5 has the user's note: it is left exactly as it was (our message is on 校验结果)
    assert marked.comments["G5"] == original.comments["G5"] == ("用户原来的批注:等对方确认", "李四")
    run_in(["clear", "结果.xlsx", "--out", "清除.xlsx"], tmp_path)
    restored = xmlread.read_book(tmp_path / "清除.xlsx").sheets["表4 进度"]
    assert restored.comments == original.comments
    assert restored.cells["G5"].style == original.cells["G5"].style


# ---------------------------------------------------------------------------------------------
# No formula injection, read in the XML itself
def test_result_text_is_never_a_formula(tmp_path, run_in):
    rows = [corpus.H4] + [["项目", "伙伴", f"阶段{i}", "张三", "李四", "2024-05-10", v, "交付物", "", ""]
                          for i, v in enumerate(["=1+1", "+1", "-1", "@A1", "=cmd|'/c calc'!A0"])]
    src = corpus.xl(tmp_path / "注入.xlsx", rows,
                    extra=lambda wb, ws: [setattr(ws.cell(row=r, column=7), "data_type", "s") for r in range(2, 7)])
    assert run_in(["validate", src.name, "--today", TODAY, "--out", "结果.xlsx"], tmp_path).returncode == 1
    book = xmlread.read_book(tmp_path / "结果.xlsx")
    part = book.sheets["校验结果"].part
    with zipfile.ZipFile(tmp_path / "结果.xlsx") as zf:
        xml = zf.read(part).decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml
    for v in ["=1+1", "+1", "-1", "@A1", "=cmd|'/c calc'!A0"]:
        esc = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        cells = re.findall(r'<c r="[A-Z]+\d+"[^>]*t="(\w+)"[^>]*><is><t[^>]*>' + re.escape(esc) + "</t>", xml)
        assert cells and set(cells) <= {"inlineStr", "s"}, (v, cells)


@pytest.mark.parametrize("damage", ["fill", "validation", "note", "name", "formula", "vba"])
def test_the_comparison_notices_damage(tmp_path, damage):
    """compare() is not vacuous: each kind of loss it guards against, made by hand, is caught."""
    src = richbooks.rich_book(tmp_path / "丰富.xlsx") if damage != "vba" else make_input("xlsm", tmp_path)
    bad = tmp_path / ("坏" + src.suffix)
    edits = {
        "fill": ("xl/styles.xml", lambda t: t.replace("DDEBF7", "FF0000", 1)),
        "validation": ("xl/worksheets/sheet1.xml", lambda t: re.sub(r"<dataValidation .*?</dataValidation>", "", t, 1)),
        "note": ("xl/comments/comment1.xml", lambda t: t.replace("等对方确认", "已确认")),
        "name": ("xl/workbook.xml", lambda t: t.replace("状态列表", "状态", 1)),
        "formula": ("xl/worksheets/sheet1.xml", lambda t: t.replace("SUM(K3:K4)", "SUM(K3:K5)")),
        "vba": None,
    }
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(bad, "w") as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if damage == "vba" and info.filename == "xl/vbaProject.bin":
                data = data[:-1] + bytes([data[-1] ^ 1])
            elif edits[damage] and info.filename == edits[damage][0]:
                new = edits[damage][1](data.decode("utf-8")).encode("utf-8")
                assert new != data, "the damage did not apply"
                data = new
            zo.writestr(info, data)
    with pytest.raises(AssertionError):
        compare(xmlread.read_book(src), xmlread.read_book(bad), set(), cleared=True)


def test_in_place_through_a_link_rewrites_the_file_it_points_to(tmp_path, run_in):
    real = table4(tmp_path / "真实.xlsx")
    original = real.read_bytes()
    (tmp_path / "链接.xlsx").symlink_to(real.name)
    done = run_in(["validate", "链接.xlsx", "--today", TODAY, "--in-place"], tmp_path)
    assert done.returncode == 1
    assert (tmp_path / "链接.xlsx").is_symlink()
    assert (tmp_path / "真实.bak.xlsx").read_bytes() == original
    assert "校验结果" in xmlread.read_book(real).order
