"""An open workbook's sheets as core Grids: each sheet's values read once, over its used range.

``sheet.used_range`` (never ``expand()``, which stops at the first empty cell) gives the values and
where they sit: the Grid keeps the range's offset (``row0``/``col0``), so findings name the cells
Excel shows. Values come as the engine hands them over: on the remote engine (xlwings Lite and
Server) dates arrive as ISO strings and xlwings turns them into datetimes, error values into
None; on desktop Excel dates arrive as datetimes. The core parses both.

Not available from a live workbook: merged-cell ranges (the Office.js payload does not carry
them), so a vertically merged group cell counts only for its first row here — the command line,
which reads them from the file, is more lenient there (docs/excel.md).

What collab-xl owns in a workbook is read from its record, never from names (``read_record``):
the mark sheet is the hidden sheet whose row 1 is the mark sheet's header (``is_mark_header``),
whatever it is called, and the result sheets are those listed in its column N
(``MarkSheet.sheets``). Those are skipped as input; a sheet of the user's called 校验结果 or
_collab_xl is read like any other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from collab_xl.core.grid import Grid
from collab_xl.core.output import (
    MARK_SHEET, SHEETS_COL, MarkSheet, find_record, is_mark_header, may_be_mark_sheet, unique_sheet_name,
)
from collab_xl.errors import UserError
from collab_xl.i18n import Messages

MAX_ROWS = 100_000       # beyond this, a sheet is left to the command line
MAX_CELLS = 3_000_000

M = Messages({
    "huge": ("工作表「{sheet}」有 {rows} 行 × {cols} 列,超出在 Excel 内直接检查的上限({limit} 行);"
             "请保存后用命令行检查:collab-xl validate 文件名.xlsx",
             "The sheet \"{sheet}\" has {rows} rows × {cols} columns, more than can be checked inside Excel "
             "({limit} rows); save it and use the command line: collab-xl validate file.xlsx"),
})


def sheet_values(sheet) -> tuple[list[list], int, int]:
    """(values, row0, col0) of a sheet's used range; an empty sheet gives ([], 0, 0)."""
    rng = sheet.used_range
    rows, cols = rng.shape
    if rows > MAX_ROWS or rows * cols > MAX_CELLS:
        raise UserError(M("huge", "zh", sheet=sheet.name, rows=rows, cols=cols, limit=MAX_ROWS),
                        M("huge", "en", sheet=sheet.name, rows=rows, cols=cols, limit=MAX_ROWS))
    try:
        values = rng.options(ndim=2).value
    except ValueError:
        # xlwings' remote engine turns every text that looks like an ISO date-time into a
        # datetime and fails on one with a time zone ("2024-05-20T10:30:00+08:00"). The payload
        # the client sent holds the same values as text: take them, the core parses dates itself.
        values = _payload_values(sheet, rng)
        if values is None:
            raise
    if values is None or (rows * cols == 1 and values in ([[None]], [[""]])):
        return [], 0, 0
    return values, rng.row - 1, rng.column - 1


def _payload_values(sheet, rng) -> list[list] | None:
    """The used range's cells straight from an Office.js payload (remote engine only), with
    empty cells as None like the converter gives them; None where there is no payload."""
    api = getattr(getattr(sheet, "impl", None), "api", None)
    if not isinstance(api, dict) or not isinstance(api.get("values"), list):
        return None
    r0, c0 = rng.row - 1, rng.column - 1
    rows, cols = rng.shape
    out = []
    for row in api["values"][r0:r0 + rows]:
        cells = list(row[c0:c0 + cols]) + [""] * max(0, cols - len(row[c0:c0 + cols]))
        out.append([None if v == "" else v for v in cells])
    return out


@dataclass
class Record:
    """What collab-xl owns in an open workbook, as its mark sheet records it.

    ``sheet``: our mark sheet (None when there is none); ``values``: its values from A1 (to blank
    a longer old list when it is written again); ``state``: what it lists, with ``state.sheets``
    the recorded result sheets that are still in the workbook; ``adopted``: the result sheets of
    the previous release taken into the record on this run (see ``read_record``)."""
    sheet: object | None = None
    values: list[list] = field(default_factory=list)
    state: MarkSheet = field(default_factory=MarkSheet)
    adopted: list[str] = field(default_factory=list)

    @property
    def owned(self) -> set[str]:
        """The names of every sheet collab-xl owns here: the recorded result sheets and the mark sheet."""
        return set(self.state.sheets) | ({self.sheet.name} if self.sheet is not None else set())


def _row(sheet, row: int, width: int) -> list:
    """One row's values (``width`` cells from column A), blanks as None."""
    values = sheet.range((row, 1), (row, width)).options(ndim=1).value
    return list(values or []) + [None] * (width - len(values or []))


def is_mark_sheet(sheet) -> bool:
    """Our mark sheet's signature (``collab_xl.core.output.may_be_mark_sheet``, then its row 1)."""
    try:
        if not may_be_mark_sheet(sheet.name, bool(sheet.visible)):
            return False
        return is_mark_header(_row(sheet, 1, SHEETS_COL + 1))
    except Exception:  # noqa: BLE001 - a sheet we cannot read (a chart sheet …) is not ours
        return False


def mark_sheet(book):
    """Our hidden mark sheet (found by its signature, not its name), or None."""
    for sheet in book.sheets:
        if is_mark_sheet(sheet):
            return sheet
    return None


def mark_sheet_name(book) -> str:
    """The name a new mark sheet gets: ``_collab_xl``, or a free variant of it when a sheet of the
    user's already has that name."""
    return unique_sheet_name(MARK_SHEET, [s.name for s in book.sheets])


Recognise = Callable[[str, list[list]], bool]
READ_WIDTH = 30       # columns of rows 1–3 read to recognise a result sheet by its content


def _first_rows(sheet) -> list[list] | None:
    try:
        return [_row(sheet, r, READ_WIDTH) for r in (1, 2, 3)]
    except Exception:  # noqa: BLE001 - unreadable (a chart sheet …)
        return None


def read_record(book, ours: Recognise | None = None) -> Record:
    """The record of what collab-xl owns in ``book``: the mark sheet (by its signature) and the
    result sheets it lists that are still there — ``collab_xl.core.output.find_record``, the same
    rules the file writer follows, read here with one used-range read for the mark sheet and rows
    1–3 for the others.

    ``ours(name, rows)``, where given, tells from a sheet's name and first three rows whether it
    is a result sheet as collab-xl writes them (``collab_xl.app.legacy``). Then:

    * a recorded sheet that no longer is (the user renamed ours and gave the name to a sheet of
      their own, or rewrote it) is not ours any more: it leaves the record and is never deleted;
    * a mark sheet of the previous release has the signature but no column N: then, once, the
      sheets whose name is a result sheet's name and that ``ours`` recognises are adopted into
      the record. A sheet of the user's with such a name but other content stays the user's.
      Nothing is adopted without a mark sheet (no evidence collab-xl ever wrote here)."""
    sheets = {s.name: s for s in book.sheets}
    full: dict[str, list[list]] = {}

    def rows_of(name: str) -> list[list]:
        if name not in full:
            full[name] = _values_from_a1(sheets[name])
        return full[name]

    name, state = find_record([(s.name, bool(s.visible)) for s in book.sheets], rows_of, ours,
                              head_of=lambda n: _first_rows(sheets[n]))
    if name is None:
        return Record()
    values = rows_of(name)
    listed = MarkSheet.read(values).sheets
    adopted = [n for n in state.sheets if n not in listed]
    return Record(sheet=sheets[name], values=values, state=state, adopted=adopted)


def _values_from_a1(sheet) -> list[list]:
    """A sheet's values as a rectangle anchored at A1 (blanks as "")."""
    if sheet is None:
        return []
    rng = sheet.used_range
    values = rng.options(ndim=2).value or []
    r0, c0 = rng.row - 1, rng.column - 1
    width = c0 + max((len(r) for r in values), default=0)
    grid = [[""] * width for _ in range(r0)]
    grid += [[""] * c0 + ["" if v is None else v for v in r] for r in values]
    return grid


def read_grids(book, names: list[str] | None = None, record: Record | None = None) -> list[Grid]:
    """Every sheet of the user's (or only ``names``), as Grids; the sheets collab-xl owns
    (``record``, read here when not given) are skipped — by the record, not by name."""
    owned = (record if record is not None else read_record(book)).owned
    grids = []
    for sheet in book.sheets:
        name = sheet.name
        if name in owned or (names is not None and name not in names):
            continue
        values, row0, col0 = sheet_values(sheet)
        grids.append(Grid(name=name, rows=values, row0=row0, col0=col0, visible=bool(sheet.visible)))
    return grids
