"""An open workbook's sheets as core Grids: each sheet's values read once, over its used range.

``sheet.used_range`` (never ``expand()``, which stops at the first empty cell) gives the values and
where they sit: the Grid keeps the range's offset (``row0``/``col0``), so findings name the cells
Excel shows. Values come as the engine hands them over: on the remote engine (xlwings Lite and
Server) dates arrive as ISO strings and xlwings turns them into datetimes, error values into
None; on desktop Excel dates arrive as datetimes. The core parses both.

Not available from a live workbook: merged-cell ranges (the Office.js payload does not carry
them), so a vertically merged group cell counts only for its first row here — the command line,
which reads them from the file, is more lenient there (docs/excel.md).
"""
from __future__ import annotations

from collab_xl.core.grid import Grid
from collab_xl.core.output import MARK_SHEET, is_result_sheet
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


def read_grids(book, names: list[str] | None = None) -> list[Grid]:
    """Every sheet of the user's (or only ``names``), as Grids; our result sheets and the hidden
    mark sheet are skipped."""
    grids = []
    for sheet in book.sheets:
        name = sheet.name
        if is_result_sheet(name) or (names is not None and name not in names):
            continue
        values, row0, col0 = sheet_values(sheet)
        grids.append(Grid(name=name, rows=values, row0=row0, col0=col0, visible=bool(sheet.visible)))
    return grids


def mark_sheet(book):
    """The hidden mark sheet, or None."""
    for sheet in book.sheets:
        if sheet.name == MARK_SHEET:
            return sheet
    return None
