"""Writing results into a workbook file, safely and only by adding.

* ``--out`` writes a new file and never touches the input; ``--in-place`` copies the original to
  a backup beside it first, writes to a temporary file in the same folder and atomically
  replaces the original (a crash or a full disk mid-write leaves the original intact).
* A workbook Excel has open (its ``~$`` lock file beside it) is refused.
* The user's workbook is edited as a package (``collab_xl.io.package``, ``collab_xl.io.book_parts``):
  every part collab-xl does not need to change is copied byte for byte; the others get our
  elements added. Our sheets are drawn by openpyxl in a scratch workbook and grafted in.
* Marks use the mechanism of ``collab_xl.core.output``: the user's fills, styles and notes are
  never changed; what is ours is what the record in the hidden mark sheet lists.
* User text goes into result sheets as text, never as a formula (= + - @ stay literal), without
  the control characters XML cannot hold and within Excel's 32,767 characters a cell.
* Templates and the sample, which collab-xl makes itself, are still written by openpyxl
  (``save_new``). docs/bad-inputs.md says what is kept and how it is verified.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from collab_xl.core.output import (
    MARK_KINDS, MARK_SHEET, RESULT_HEADER_ROW, SHEET_NAME_MAX, Marks, MarkSheet, SheetOut, find_record,
    mark_formula, merge_keys, place_sheets, quote_sheet, unique_sheet_name,
)
from collab_xl.errors import UserError
from collab_xl.i18n import Both, Messages
from collab_xl.io.book_parts import Book
from collab_xl.io.locks import check_not_open, check_writable
from collab_xl.io.notices import Notices
from collab_xl.io.package import Package, PackageError

M = Messages({
    "strict": ("这个工作簿是“严格 Open XML”格式,collab-xl 不能往里写入结果;请在 Excel 中另存为普通的 .xlsx 后再试:{name}",
               "This workbook is in Strict Open XML format, which collab-xl cannot write results into; "
               "save it as a normal .xlsx in Excel first: {name}"),
    "cannot_edit": ("工作簿中有 collab-xl 无法安全修改的部分,未写入任何内容:{name}",
                    "Part of the workbook cannot be changed safely by collab-xl; nothing was written: {name}"),
    "structure_locked": ("工作簿结构受保护(不能添加或删除工作表),无法写入结果页;请先在 Excel 中撤消工作簿保护:{name}",
                         "The workbook's structure is protected (no sheets can be added or deleted), so the result "
                         "sheets cannot be written; unprotect the workbook in Excel first: {name}"),
    "not_writable": ("只能写入 .xlsx/.xlsm 工作簿,不能写入 {suffix} 文件:{name}(可用 Excel 另存为 .xlsx 后再试)",
                     "Results can only be written to .xlsx/.xlsm workbooks, not {suffix} file: "
                     "{name} (save it as .xlsx in Excel first)"),
    "this_kind": ("此类", "this kind of"),
    "open_memory": ("内存不足,无法打开工作簿以写入结果:{name}",
                    "Not enough memory to open the workbook for writing results: {name}"),
    "open_failed": ("无法打开工作簿以写入结果:{name}", "Cannot open the workbook to write results: {name}"),
    "folder_unwritable": ("无法在文件夹中写入文件({reason}):{folder}", "Cannot write files in the folder ({reason}): {folder}"),
    "no_backup": ("无法保留备份({reason}),原文件未改动:{name}",
                  "Could not keep a backup ({reason}); the original is unchanged: {name}"),
    "out_or_in_place": ("请指定 --out 或 --in-place 之一", "Give exactly one of --out or --in-place"),
    "out_is_folder": ("--out 需要一个文件名,而 {target} 是文件夹", "--out needs a file name, but {target} is a folder"),
    "out_is_input": ("--out 不能是输入文件本身;要改写原文件请用 --in-place(会保留备份)",
                     "--out cannot be the input file; use --in-place to rewrite it (a backup is kept)"),
    "out_kind": ("输出文件扩展名须与原文件一致({suffix}),否则 Excel 无法打开或宏会丢失:{name}",
                 "The output must keep the input's kind ({suffix}) or Excel cannot open it / macros are lost: {name}"),
    "no_out_folder": ("无法创建输出文件夹({reason}):{folder}", "Cannot create the output folder ({reason}): {folder}"),
    "write_failed_in_place": ("写入失败({reason}),原文件未改动:{name}",
                              "Writing failed ({reason}); the original is unchanged: {name}"),
    "write_failed_out": ("写入 {name} 失败({reason}),输入文件未改动", "Writing {name} failed ({reason}); the input is unchanged"),
    "write_failed": ("写入 {name} 失败({reason})", "Writing {name} failed ({reason})"),
})

MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam"}
WRITABLE_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
NOTE_AUTHOR = "collab-xl"
NOTE_MARK = "【collab-xl】"

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


CELL_MAX = 32767                       # Excel's limit for the text of one cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def safe_text(value: str, limit: int = CELL_MAX) -> str:
    """Text Excel can hold: control characters (which XML cannot carry) shown as U+FFFD, and
    at most ``limit`` characters (the end replaced by "…")."""
    value = _ILLEGAL.sub("\ufffd", value)
    if len(value) * 2 <= limit:
        return value
    # Excel counts UTF-16 code units: 𠮷 and 😀 count twice.
    units = value.encode("utf-16-le", "surrogatepass")
    if len(units) // 2 <= limit:
        return value
    cut = units[:2 * (limit - 1)]
    if 0xD800 <= int.from_bytes(cut[-2:], "little") <= 0xDBFF:    # never split a surrogate pair
        cut = cut[:-2]
    return cut.decode("utf-16-le", "surrogatepass") + "…"


def text_cell(ws, row: int, col: int, value):
    """Write a value; strings always as text (no formula injection)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


class XlsxSession:
    """One workbook file opened for writing results, by adding (``collab_xl.io.package``): the
    user's parts are copied as they are; the ones collab-xl must change get elements added or its
    own removed; its sheets, notes and their parts are added beside."""

    def __init__(self, src: str | Path, notices: Notices | None = None, ours=None):
        """``ours(name, first_rows)`` recognises a result sheet by its content (``collab_xl.app.legacy``)."""
        self.src = Path(src)
        self.ours = ours
        self.notices = notices if notices is not None else Notices()   # what saving finds, for the user
        suffix = self.src.suffix.lower()
        if suffix not in WRITABLE_SUFFIXES:
            shown = Both(suffix, suffix) if suffix else Both(*M.pair("this_kind"))
            raise M.error("not_writable", suffix=shown, name=self.src.name)
        self.macro = suffix in MACRO_SUFFIXES
        try:
            self.pkg = Package(self.src)
            self.book = Book(self.pkg)
            self.mark_name, self.state = self._find_mark_sheet()
        except MemoryError as e:
            raise M.error("open_memory", name=self.src.name) from e
        except PackageError as e:
            raise M.error("strict" if e.key == "strict" else "open_failed", name=self.src.name) from e
        except (KeyError, ValueError, zipfile.BadZipFile, OSError) as e:
            raise M.error("open_failed", name=self.src.name) from e
        self.wrote = False
        self._pending = None

    # -- the record ---------------------------------------------------------------------------------
    def _find_mark_sheet(self) -> tuple[str | None, MarkSheet]:
        """Our mark sheet (by its signature, not its name) and the record it keeps
        (``collab_xl.core.output.find_record``)."""
        sheets = self.book.sheets()
        parts = {s.name: s.part for s in sheets}

        def read(name: str, max_row: int | None = None):
            part = parts.get(name)
            try:
                return sheet_values(self.pkg, self.book, part, max_row) if part and self.pkg.has(part) else None
            except (KeyError, ValueError, PackageError):
                return None

        # a user's big hidden sheet is only read as far as its first rows
        return find_record([(s.name, s.state == "visible") for s in sheets], read, self.ours,
                           head_of=lambda name: read(name, RESULT_HEADER_ROW))

    def mark_count(self) -> int:
        """How many marks the workbook lists."""
        return self.state.count()

    def names(self) -> list[str]:
        return [s.name for s in self.book.sheets()]

    # -- writing ------------------------------------------------------------------------------------
    def write(self, result) -> None:
        """Draw a ``collab_xl.core.output.Result`` into the workbook: its marks, then its sheets in
        place of the ones of ours it replaces (the file twin of ``collab_xl.excel.book_out.render``).
        ``result.clears``: every mark, note and sheet of ours is removed first (``collab-xl clear``)."""
        try:
            self._write(result)
        except PackageError as e:
            raise M.error("cannot_edit", name=self.src.name) from e

    def _write(self, result) -> None:
        book, old = self.book, self.state
        state = MarkSheet(keys={k: list(v) for k, v in old.keys.items()}, notes=[list(n) for n in old.notes],
                          registry=[list(r) for r in old.registry], sheets=list(old.sheets))
        mark = self.mark_name or unique_sheet_name(MARK_SHEET, self.names())
        if result.clears:
            self._unmark(state, mark, tuple(MARK_KINDS))
            state.keys = {k: [] for k in MARK_KINDS}
        if result.marks is not None:
            self._mark(state, mark, result.marks)
        doomed = [n for n in state.sheets if result.clears or result.replaces_sheet(n)]
        present = set(self.names())
        if (result.sheets or [n for n in doomed if n in present]) and book.protected_structure():
            raise M.error("structure_locked", name=self.src.name)
        for name in doomed:
            if name in present:
                book.remove_sheet(name)
        state.sheets = [n for n in state.sheets if n not in doomed and n in present]
        changed_record = state != old
        if not result.sheets and not changed_record:
            return
        staying = [n for n in self.names() if n != self.mark_name]
        placed = place_sheets(result.sheets, taken=staying + [mark])
        if self.mark_name is not None:
            book.remove_sheet(self.mark_name)
        state.sheets += [s.name for s in placed]
        self.mark_name = None if state.is_empty() else mark
        # drawn and grafted when saving, inside the safe write (drawing uses temporary files too)
        self._pending = (placed, state if self.mark_name else None, mark)
        self.state = state
        self.wrote = True

    def _graft_pending(self) -> None:
        if self._pending is None:
            return
        placed, state, mark = self._pending
        self._pending = None
        scratch = self._scratch(placed, state)
        if scratch is not None:
            self.book.graft(scratch, hidden={mark})

    def _mark(self, state: MarkSheet, mark: str, marks: Marks) -> None:
        """Replace this run's kinds of marks: their rules, notes and lists."""
        self._unmark(state, mark, marks.kinds)
        state.keys = merge_keys(state.keys, marks)
        if any(MARK_KINDS[k][3] == "cell" for k in marks.kinds):
            state.notes = self._add_notes(marks)
        present = set(self.names())
        dxfs: dict[str, int] = {}                 # one highlight format a kind, added once
        for sheet, areas in marks.areas.items():
            if sheet not in present:
                continue
            rules = []
            for kind in marks.kinds:
                if not any(k.startswith(sheet + "!") for k in state.keys[kind]):
                    continue
                if kind not in dxfs:
                    _, fill, font, _ = MARK_KINDS[kind]
                    dxfs[kind] = self.book.add_dxf(fill, font)
                dxf = dxfs[kind]
                for area in areas:
                    top_left = area.split(":")[0].replace("$", "")
                    rules.append((area, dxf, mark_formula(sheet, kind, top_left, mark)))
                    state.registry.append([sheet, kind, area])
            self.book.add_rules(sheet, rules)
        self.wrote = True

    def _unmark(self, state: MarkSheet, mark: str, kinds: tuple[str, ...]) -> None:
        """Remove our rules of ``kinds`` (and, for cell kinds, our notes) from the user's sheets."""
        cols = [MARK_KINDS[k][0] for k in kinds]
        present = set(self.names())
        for sheet in dict.fromkeys(s for s, k, _ in state.registry if k in kinds):
            if sheet in present:
                self.book.remove_rules(sheet, mark, cols)
        state.registry = [r for r in state.registry if r[1] not in kinds]
        if any(MARK_KINDS[k][3] == "cell" for k in kinds) and state.notes:
            by_sheet: dict[str, dict] = {}
            for sheet, cell, original, author in state.notes:
                by_sheet.setdefault(sheet, {})[cell] = (original or "", author or "")
            for sheet, cells in by_sheet.items():
                if sheet in present:
                    self.book.remove_notes(sheet, cells)
            state.notes = []

    def _add_notes(self, marks: Marks) -> list[list]:
        """Put each marked cell's messages in a note, on cells without a note of the user's."""
        cells = marks.cells
        if not len(cells):
            return []
        grouped = cells.groupby(["sheet", "cell"], sort=False)["note"].agg(lambda s: "\n".join(dict.fromkeys(s)))
        per_sheet: dict[str, list] = {}
        for (sheet, cell), text in grouped.items():
            per_sheet.setdefault(sheet, []).append((cell, safe_text(f"{NOTE_MARK}\n{text}")))
        present = set(self.names())
        noted = []
        for sheet, notes in per_sheet.items():
            if sheet in present:
                noted += [[sheet, c, "", ""] for c in self.book.add_notes(sheet, notes)]
        return noted

    def mark_output(self, command: str) -> None:
        """Tag the file as a result of ``command`` (so a later folder run does not count it twice)."""
        from collab_xl.io.workbook_files import OUTPUT_PROPERTY
        self.book.add_custom_property(OUTPUT_PROPERTY, command)
        self.wrote = True

    # -- our sheets, drawn by openpyxl in a scratch workbook -------------------------------------------
    def _scratch(self, sheets: list[SheetOut], state: MarkSheet | None) -> bytes | None:
        if not sheets and state is None:
            return None
        import io
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        if self.book.date1904():
            from openpyxl.utils.datetime import CALENDAR_MAC_1904
            wb.epoch = CALENDAR_MAC_1904
        for out in sheets:
            draw_sheet(wb, out)
        if state is not None:
            ws = wb.create_sheet(self.mark_name)      # hidden when grafted (openpyxl won't save only hidden sheets)
            for r, row in enumerate(state.values(), start=1):
                for c, v in enumerate(row, start=1):
                    if v not in ("", None):
                        text_cell(ws, r, c, v)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    # -- saving ---------------------------------------------------------------------------------
    def save(self, out: str | Path | None = None, in_place: bool = False) -> Path:
        try:
            return save_workbook(self.pkg, self.src, out=out, in_place=in_place, macro=self.macro,
                                 notices=self.notices, changed=self.wrote, before_write=self._graft_pending)
        finally:
            self.pkg.close()


def sheet_values(pkg: Package, book: Book, part: str, max_row: int | None = None) -> list[list]:
    """The values of a small sheet of ours (the mark sheet) as rows from A1, read from its XML
    (inline or shared strings, numbers), blanks as ""; with ``max_row``, only its first rows
    (the cells are read until one lies below)."""
    from collab_xl.cells.address import column_index
    from collab_xl.io.package import elements
    data = pkg.read(part)
    shared: list[str] | None = None
    grid: dict[tuple[int, int], object] = {}
    for c in elements(data, "c"):
        ref = c.attrs.get("r", "")
        m = re.match(r"([A-Z]{1,3})(\d+)$", ref)
        if m and max_row is not None and int(m[2]) > max_row:
            break
        if not m or c.inner is None:
            continue
        body = data[c.inner[0]:c.inner[1]]
        t = c.attrs.get("t", "n")
        if t == "inlineStr":
            value = _texts(body)
        else:
            v = re.search(rb"<(?:[\w.-]+:)?v>(.*?)</(?:[\w.-]+:)?v>", body, re.S)
            if v is None:
                continue
            raw = html.unescape(v.group(1).decode("utf-8"))
            if t == "s":
                if shared is None:
                    shared = _shared_strings(pkg, book)
                value = shared[int(raw)] if raw.isdigit() and int(raw) < len(shared) else ""
            elif t in ("str", "e"):
                value = raw
            else:
                try:
                    value = float(raw)
                except ValueError:
                    value = raw
        grid[(int(m[2]), column_index(m[1]))] = value
    if not grid:
        return []
    rows, cols = max(r for r, _ in grid), max(c for _, c in grid)
    return [[grid.get((r, c), "") for c in range(1, cols + 1)] for r in range(1, rows + 1)]


def _texts(body: bytes) -> str:
    body = re.sub(rb"<(?:[\w.-]+:)?rPh\b.*?</(?:[\w.-]+:)?rPh>", b"", body, flags=re.S)
    return "".join(html.unescape(t.decode("utf-8"))
                   for t in re.findall(rb"<(?:[\w.-]+:)?t(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?t>", body, re.S))


def _shared_strings(pkg: Package, book: Book) -> list[str]:
    from collab_xl.io.package import elements
    for r in pkg.rels(book.wb):
        if r.type.endswith("/sharedStrings"):
            part = pkg.rel_target(book.wb, r)
            if pkg.has(part):
                data = pkg.read(part)
                return [_texts(data[e.inner[0]:e.inner[1]]) if e.inner else "" for e in elements(data, "si")]
    return []


def draw_sheet(wb, out: SheetOut):
    """Draw a result sheet into an openpyxl workbook (the scratch workbook grafted in)."""
    ws = wb.create_sheet(out.name[:SHEET_NAME_MAX])
    text_cell(ws, 1, 1, out.title).font = TITLE_FONT
    hr = RESULT_HEADER_ROW
    for j, h in enumerate(out.header, start=1):
        c = text_cell(ws, hr, j, h)
        c.fill, c.font, c.border = HEADER_FILL, HEADER_FONT, BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(out.rows):
        r = hr + 1 + i
        for j, v in enumerate(row, start=1):
            c = text_cell(ws, r, j, v)
            c.border = BORDER
            if (j - 1) in out.number_formats:
                c.number_format = out.number_formats[j - 1]
        link = out.links[i] if i < len(out.links) else None
        if link:
            c = ws.cell(row=r, column=out.link_col + 1)
            c.hyperlink = Hyperlink(ref=c.coordinate, location=f"{quote_sheet(link[0])}!{link[1]}",
                                    display=str(c.value))
            c.font = Font(color="0563C1", underline="single")
    r = hr + len(out.rows) + 2
    for line in out.footer:
        for j, v in enumerate(line, start=1):
            text_cell(ws, r, j, v)
        r += 1
    for j, w in enumerate(out.widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = ws.cell(row=hr + 1, column=1)
    if out.rows:
        ws.auto_filter.ref = f"A{hr}:{get_column_letter(len(out.header))}{hr + len(out.rows)}"
    ws.print_title_rows = f"{hr}:{hr}"
    ws.page_setup.orientation = "landscape" if out.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    from collab_xl.io.charts import draw_charts
    draw_charts(ws, out, header_row=hr)
    return ws



def backup_path(src: Path) -> Path:
    return src.with_name(f"{src.stem}.bak{src.suffix}")


# ---------------------------------------------------------------------------------------------
# Saving
_ERRNO_TEXT = {
    28: ("磁盘空间不足", "no space left on the disk"),
    13: ("没有写入权限", "permission denied"),
    1: ("没有写入权限", "operation not permitted"),
    30: ("文件系统只读", "read-only file system"),
    27: ("文件超出允许的大小", "file too large"),
}


def _why(e: BaseException) -> Both:
    n = getattr(e, "errno", None)
    if n in _ERRNO_TEXT:
        return Both(*_ERRNO_TEXT[n])
    return Both(type(e).__name__, type(e).__name__)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _new_temp(folder: Path, suffix: str) -> str:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".collab-xl-", suffix=suffix, dir=folder)
    except OSError as e:
        raise M.error("folder_unwritable", reason=_why(e), folder=folder) from e
    os.close(fd)
    return tmp


def _fsync_file(path: str | Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _backup(src: Path) -> Path:
    """Copy the original to ``<stem>.bak<suffix>`` beside it, atomically (an earlier backup is
    replaced only by a complete new one)."""
    dst = backup_path(src)
    tmp = _new_temp(src.parent, src.suffix)
    try:
        shutil.copyfile(src, tmp)
        shutil.copystat(src, tmp)
        _fsync_file(tmp)
        os.replace(tmp, dst)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if not isinstance(e, Exception):
            raise
        raise M.error("no_backup", reason=_why(e), name=src.name) from e
    return dst


def _close_abandoned(e: BaseException) -> None:
    """Close the zip archives a failed save left open (openpyxl does not): otherwise they try to
    finish writing when they are collected, fail again, and print a traceback at exit."""
    tb = e.__traceback__
    while tb is not None:
        for v in list(tb.tb_frame.f_locals.values()):
            if isinstance(v, zipfile.ZipFile):
                try:
                    v.close()
                except BaseException:
                    pass
                fp = getattr(v, "fp", None)
                if fp is not None:
                    try:
                        fp.close()
                    except BaseException:
                        pass
        tb = tb.tb_next


def _write_replace(write, target: Path, before_replace, failed) -> None:
    """Write with ``write(tmp)`` to a temporary file beside ``target``, fsync it, run
    ``before_replace(tmp)`` (checks, a backup), keep the target's file mode and replace the target
    in one step. Any failure removes the temporary file, closes what was left open and leaves
    ``target`` as it was; an unexpected error becomes ``failed(reason)``, a UserError (reason: ``Both``)."""
    tmp = _new_temp(target.parent, target.suffix)
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            write(tmp)
        _fsync_file(tmp)
        if before_replace is not None:
            before_replace(tmp)
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode) if target.exists() else _default_mode())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException as e:
        _close_abandoned(e)
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, UserError) or not isinstance(e, Exception):
            raise
        raise failed(_why(e)) from e


TEMPLATE_TYPES = {
    False: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
    True: ("application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
           "application/vnd.ms-excel.template.macroEnabled.main+xml"),
}


def save_workbook(pkg: Package, src: Path, out: str | Path | None = None, in_place: bool = False, macro: bool = False,
                  notices: Notices | None = None, changed: bool = True, before_write=None) -> Path:
    """Write the edited package (read from ``src``) to ``out`` or back to ``src`` (``in_place``), safely.

    Always through a temporary file in the target's folder that replaces the target in one step
    (os.replace): a failure at any point leaves the input, an existing target and any earlier
    backup as they were, and removes the temporary file. In place, a workbook nothing was
    changed in is left alone (no write, no backup)."""
    src = Path(src)
    if in_place == (out is not None):
        raise M.error("out_or_in_place")
    # In place, a link is followed: the file it points to is the one rewritten (and backed up).
    target = (src.resolve() if src.is_symlink() else src) if in_place else Path(out)
    if not in_place:
        if target.is_dir():
            raise M.error("out_is_folder", target=target)
        if _same_file(target, src):
            raise M.error("out_is_input")
        if (target.suffix.lower() in MACRO_SUFFIXES) != macro or target.suffix.lower() not in WRITABLE_SUFFIXES:
            raise M.error("out_kind", suffix=src.suffix, name=target.name)
        if not target.parent.exists():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise M.error("no_out_folder", reason=_why(e), folder=target.parent) from e
    check_not_open(target)
    if in_place or target.exists():        # a read-only file is never replaced, --out's target neither
        check_writable(target)
    if in_place and not changed:
        return target
    template = target.suffix.lower() in (".xltx", ".xltm")
    if template != (src.suffix.lower() in (".xltx", ".xltm")):
        wbp = pkg.workbook_part()
        pkg.remove_override(wbp)
        pkg.add_override(wbp, TEMPLATE_TYPES[template][1 if macro else 0])

    def before_replace(tmp: str) -> None:
        if in_place:
            _backup(target)

    failed_key = "write_failed_in_place" if in_place else "write_failed_out"
    failed = (lambda reason: M.error(failed_key, reason=reason, name=target.name))
    def write(tmp: str) -> None:
        if before_write is not None:
            before_write()
        pkg.save(tmp)

    _write_replace(write, target, before_replace, failed)
    return target


def save_new(wb, target: str | Path) -> Path:
    """Write a workbook collab-xl made itself (a template, the sample) to ``target`` the same safe
    way: a temporary file in the folder, fsync, one atomic replace; any failure leaves an
    existing file as it was and no temporary file behind."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise M.error("no_out_folder", reason=_why(e), folder=target.parent) from e
    check_not_open(target)
    if target.exists():
        check_writable(target)
    _write_replace(wb.save, target, None, lambda reason: M.error("write_failed", reason=reason, name=target.name))
    return target
