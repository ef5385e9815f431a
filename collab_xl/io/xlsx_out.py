"""Writing results into a workbook file through openpyxl, safely.

* ``--out`` writes a new file and never touches the input; ``--in-place`` copies the original to
  a backup beside it first, writes to a temporary file in the same folder and atomically
  replaces the original (a crash or a full disk mid-write leaves the original intact).
* A workbook Excel has open (its ``~$`` lock file beside it) is refused.
* Marks use the mechanism of ``collab_xl.core.output``: the user's fills and styles are never
  changed; notes replaced on a marked cell are kept in the hidden mark sheet and restored.
* User text goes into result sheets as text, never as a formula (= + - @ stay literal).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from collab_xl.core.output import (
    MARK_KINDS, MARK_SHEET, Marks, SheetOut, is_result_sheet, mark_formula, mark_sheet_values, merge_keys,
    quote_sheet, read_mark_sheet,
)
from collab_xl.errors import UserError

MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam"}
WRITABLE_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
NOTE_AUTHOR = "collab-xl"
NOTE_MARK = "【collab-xl】"

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def lock_file(path: Path) -> Path:
    return path.with_name("~$" + path.name)


def check_not_open(path: Path) -> None:
    if lock_file(path).exists() or (len(path.name) > 2 and path.with_name("~$" + path.name[2:]).exists()):
        raise UserError(f"工作簿正在 Excel 中打开(发现锁文件 ~${path.name}),请先关闭再写入:{path.name}",
                        f"The workbook is open in Excel (lock file ~${path.name} found); close it first: {path.name}")


def text_cell(ws, row: int, col: int, value):
    """Write a value; strings always as text (no formula injection)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


class XlsxSession:
    """One workbook file opened for writing results."""

    def __init__(self, src: str | Path):
        self.src = Path(src)
        suffix = self.src.suffix.lower()
        if suffix not in WRITABLE_SUFFIXES:
            raise UserError(f"只能写入 .xlsx/.xlsm 工作簿,不能写入 {suffix or '此类'} 文件:{self.src.name}(可用 Excel 另存为 .xlsx 后再试)",
                            f"Results can only be written to .xlsx/.xlsm workbooks, not {suffix or 'this kind of'} file: "
                            f"{self.src.name} (save it as .xlsx in Excel first)")
        self.macro = suffix in MACRO_SUFFIXES
        try:
            self.wb = openpyxl.load_workbook(self.src, keep_vba=self.macro, rich_text=True)
        except Exception as e:
            raise UserError(f"无法打开工作簿以写入结果:{self.src.name}",
                            f"Cannot open the workbook to write results: {self.src.name}") from e

    # -- marks ----------------------------------------------------------------------------------
    def _mark_state(self) -> tuple[dict[str, list[str]], list[list]]:
        if MARK_SHEET not in self.wb.sheetnames:
            return {k: [] for k in MARK_KINDS}, []
        ws = self.wb[MARK_SHEET]
        return read_mark_sheet([list(r) for r in ws.iter_rows(values_only=True)])

    def _restore_notes(self, notes: list[list]) -> None:
        for sheet, cell, original, author in notes:
            if sheet not in self.wb.sheetnames:
                continue
            c = self.wb[sheet][cell]
            c.comment = Comment(original, author or "") if original else None

    def _remove_rules(self, kinds: tuple[str, ...] | None = None) -> None:
        """Remove our conditional-format rules (of some kinds, or all) from every sheet."""
        wanted = [MARK_KINDS[k][0] for k in (kinds or MARK_KINDS)]
        for ws in self.wb.worksheets:
            cf = ws.conditional_formatting
            for key in list(cf._cf_rules):
                rules = cf._cf_rules[key]
                keep = [r for r in rules if not self._is_ours(r, wanted)]
                if keep:
                    cf._cf_rules[key] = keep
                else:
                    del cf._cf_rules[key]

    @staticmethod
    def _is_ours(rule, cols: list[str]) -> bool:
        f = " ".join(rule.formula or [])
        return MARK_SHEET in f and any(f"!${c}:${c}" in f for c in cols)

    def apply_marks(self, marks: Marks) -> None:
        keys, notes = self._mark_state()
        cell_kinds = [k for k in marks.kinds if MARK_KINDS[k][3] == "cell"]
        if cell_kinds:
            self._restore_notes(notes)
            notes = []
            notes = self._write_notes(marks)
        new_keys = merge_keys(keys, marks)
        self._remove_rules(marks.kinds)
        for sheet, areas in marks.areas.items():
            if sheet not in self.wb.sheetnames:
                continue
            ws = self.wb[sheet]
            for kind in marks.kinds:
                if not any(k.startswith(sheet + "!") for k in new_keys[kind]):
                    continue
                _, fill, font, _ = MARK_KINDS[kind]
                for area in areas:
                    top_left = area.split(":")[0].replace("$", "")
                    rule = FormulaRule(formula=[mark_formula(sheet, kind, top_left)],
                                       fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                                       font=Font(color=font), stopIfTrue=False)
                    ws.conditional_formatting.add(area, rule)
        self._write_mark_sheet(mark_sheet_values(new_keys, notes))

    def _write_notes(self, marks: Marks) -> list[list]:
        """Put each marked cell's messages in its note; return what was there before."""
        saved = []
        cells = marks.cells
        if not len(cells):
            return saved
        grouped = cells.groupby(["sheet", "cell"], sort=False)["note"].agg(lambda s: "\n".join(dict.fromkeys(s)))
        for (sheet, cell), text in grouped.items():
            if sheet not in self.wb.sheetnames:
                continue
            c = self.wb[sheet][cell]
            original = c.comment.text if c.comment is not None else ""
            author = c.comment.author if c.comment is not None else ""
            saved.append([sheet, cell, original or "", author or ""])
            body = f"{NOTE_MARK}\n{text}" if not original else f"{original}\n\n{NOTE_MARK}\n{text}"
            note = Comment(body, NOTE_AUTHOR)
            note.width, note.height = 300, 110
            c.comment = note
        return saved

    def _write_mark_sheet(self, values: list[list]) -> None:
        empty = all(not any(r) for r in values[1:])
        if MARK_SHEET in self.wb.sheetnames:
            del self.wb[MARK_SHEET]
        if empty:
            return
        ws = self.wb.create_sheet(MARK_SHEET)
        ws.sheet_state = "hidden"
        for r, row in enumerate(values, start=1):
            for c, v in enumerate(row, start=1):
                if v not in ("", None):
                    text_cell(ws, r, c, v)

    def clear_marks(self) -> int:
        """Remove every mark and result sheet; returns how many marks there were."""
        keys, notes = self._mark_state()
        self._restore_notes(notes)
        self._remove_rules()
        n = sum(len(v) for v in keys.values())
        for name in list(self.wb.sheetnames):
            if is_result_sheet(name):
                del self.wb[name]
        return n

    # -- result sheets ----------------------------------------------------------------------------
    def remove_sheets(self, predicate) -> None:
        for name in list(self.wb.sheetnames):
            if predicate(name) and name != MARK_SHEET:
                del self.wb[name]

    def add_sheet(self, out: SheetOut):
        if out.name in self.wb.sheetnames:
            del self.wb[out.name]
        ws = self.wb.create_sheet(out.name[:31])
        text_cell(ws, 1, 1, out.title).font = TITLE_FONT
        hr = 3
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

    # -- saving ---------------------------------------------------------------------------------
    def save(self, out: str | Path | None = None, in_place: bool = False) -> Path:
        return save_workbook(self.wb, self.src, out=out, in_place=in_place, macro=self.macro)


def backup_path(src: Path) -> Path:
    return src.with_name(f"{src.stem}.bak{src.suffix}")


def save_workbook(wb, src: Path, out: str | Path | None = None, in_place: bool = False, macro: bool = False) -> Path:
    src = Path(src)
    if in_place == (out is not None):
        raise UserError("请指定 --out 或 --in-place 之一", "Give exactly one of --out or --in-place")
    target = src if in_place else Path(out)
    if not in_place:
        if target.exists() and target.resolve() == src.resolve():
            raise UserError("--out 不能是输入文件本身;要改写原文件请用 --in-place(会保留备份)",
                            "--out cannot be the input file; use --in-place to rewrite it (a backup is kept)")
        if (target.suffix.lower() in MACRO_SUFFIXES) != macro:
            raise UserError(f"输出文件扩展名须与原文件一致({src.suffix}),否则 Excel 无法打开或宏会丢失:{target.name}",
                            f"The output must keep the input's kind ({src.suffix}) or Excel cannot open it / macros are lost: {target.name}")
        if not target.parent.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
    check_not_open(target)
    if in_place:
        shutil.copy2(src, backup_path(src))
    fd, tmp = tempfile.mkstemp(prefix=".collab-xl-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except UserError:
        raise
    except Exception as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UserError(f"写入失败({type(e).__name__}),原文件未改动:{target.name}",
                        f"Writing failed ({type(e).__name__}); the original is unchanged: {target.name}") from e
    return target
