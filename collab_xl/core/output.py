"""What a command writes back into a workbook, described without any writer.

A check produces two things for the workbook:

* **result sheets** (``SheetOut``): 校验结果, 逾期事项, 供应商排名 <quarter>, 整改通知书 … — a title,
  a header row and value rows, each row optionally linking to a cell elsewhere;
* **marks** (``Marks``): cells (errors, warnings) and rows (late, overdue) to highlight, with a
  note for each marked cell.

Two renderers draw them: ``collab_xl.io.xlsx_out`` into a file through openpyxl, and
``collab_xl.excel.book_out`` into an open workbook through the xlwings Book API. Both use the
same mark mechanism, so marks are exactly removable: the marked addresses go to one hidden sheet
(``MARK_SHEET``) and one conditional-format rule per marked sheet and kind colours a cell when its
address is listed there. The user's own fills, fonts and borders are never touched; clearing
marks is emptying that sheet and removing those rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

MARK_SHEET = "_collab_xl"
#  kind -> (column of MARK_SHEET, fill colour, font colour, level: cell or row)
MARK_KINDS = {
    "error": ("A", "FFC7CE", "9C0006", "cell"),
    "warning": ("B", "FFEB9C", "9C5700", "cell"),
    "overdue": ("C", "F8CBAD", "833C0B", "row"),
    "late": ("D", "DDEBF7", "1F4E78", "row"),
}
MARK_HEADER = ["error", "warning", "overdue", "late", "note_sheet", "note_cell", "note_original", "note_author"]
# Kinds each command owns: a run replaces its own kinds and leaves the others.
VALIDATE_KINDS = ("error", "warning")
LATE_KINDS = ("overdue", "late")

# Result sheets collab-xl owns (by name or name prefix); everything else belongs to the user.
RESULT_SHEETS = {"校验结果", "逾期事项", "Findings", "Late items"}
RESULT_PREFIXES = ("供应商排名", "整改通知书", "Supplier ranking", "Rectification")


def is_result_sheet(name: str) -> bool:
    return name in RESULT_SHEETS or name.startswith(RESULT_PREFIXES) or name == MARK_SHEET


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def mark_key(sheet: str, cell_or_row: str | int) -> str:
    """The text a mark is listed under: "表4!G7" for a cell, "表4!7" for a row."""
    return f"{sheet}!{cell_or_row}"


def mark_formula(sheet: str, kind: str, top_left: str) -> str:
    """The conditional-format formula that colours a cell listed under ``kind``.

    Relative to the top-left cell of the range the rule applies to (Excel's convention)."""
    col, _, _, level = MARK_KINDS[kind]
    prefix = sheet.replace('"', '""') + "!"
    if level == "cell":
        key = f'"{prefix}"&ADDRESS(ROW({top_left}),COLUMN({top_left}),4)'
    else:
        key = f'"{prefix}"&ROW({top_left})'
    return f"COUNTIF({quote_sheet(MARK_SHEET)}!${col}:${col},{key})>0"


@dataclass
class Marks:
    """Cells and rows to mark. ``cells``: sheet, cell, kind, note. ``rows``: sheet, row, kind.
    ``areas``: sheet -> the range the rules cover (the checked tables)."""
    cells: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["sheet", "cell", "kind", "note"]))
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["sheet", "row", "kind"]))
    areas: dict[str, list[str]] = field(default_factory=dict)
    kinds: tuple[str, ...] = VALIDATE_KINDS   # the kinds this run replaces

    def keys(self, kind: str) -> list[str]:
        level = MARK_KINDS[kind][3]
        if level == "cell":
            f = self.cells[self.cells["kind"] == kind]
            return [mark_key(s, c) for s, c in zip(f["sheet"], f["cell"])]
        f = self.rows[self.rows["kind"] == kind]
        return [mark_key(s, int(r)) for s, r in zip(f["sheet"], f["row"])]


@dataclass
class SheetOut:
    """A result sheet. ``links[i]`` is (sheet, cell) that row i of ``rows`` links to, or None;
    ``link_col`` is the column (0-based) that carries the link."""
    name: str
    title: str
    header: list[str]
    rows: list[list]
    widths: list[float] = field(default_factory=list)
    links: list[tuple[str, str] | None] = field(default_factory=list)
    link_col: int = 0
    number_formats: dict[int, str] = field(default_factory=dict)   # column -> format
    charts: list = field(default_factory=list)  # ChartSpec list
    footer: list[list] = field(default_factory=list)               # lines under the table
    landscape: bool = True


def merge_keys(existing: dict[str, list[str]], marks: Marks) -> dict[str, list[str]]:
    """The mark lists after a run: this run's kinds replaced, the other kinds kept."""
    out = {k: list(existing.get(k, [])) for k in MARK_KINDS}
    for k in marks.kinds:
        out[k] = marks.keys(k)
    return out


def mark_sheet_values(keys: dict[str, list[str]], notes: list[list] | None = None) -> list[list]:
    """The hidden sheet as one rectangle of values (one write)."""
    notes = notes or []
    n = max([len(v) for v in keys.values()] + [len(notes)] + [0])
    grid = [list(MARK_HEADER)]
    for i in range(n):
        row = [keys[k][i] if i < len(keys[k]) else "" for k in MARK_KINDS]
        row += notes[i] if i < len(notes) else ["", "", "", ""]
        grid.append(row)
    return grid


def read_mark_sheet(values: list[list]) -> tuple[dict[str, list[str]], list[list]]:
    """Inverse of mark_sheet_values (tolerates a sheet edited or truncated by hand)."""
    keys = {k: [] for k in MARK_KINDS}
    notes = []
    for row in values[1:]:
        row = list(row) + [""] * (8 - len(row))
        for j, k in enumerate(MARK_KINDS):
            v = row[j]
            if isinstance(v, str) and v:
                keys[k].append(v)
        if isinstance(row[4], str) and row[4]:
            notes.append([row[4], row[5], row[6] or "", row[7] or ""])
    return keys, notes


@dataclass
class ChartSpec:
    """A chart on a result sheet, drawn by each renderer with its own chart API.

    ``categories``/``series`` are 0-based columns of ``SheetOut.rows``; ``line`` draws a
    horizontal reference line (e.g. the 80-point threshold) as a second series."""
    kind: str = "bar"                 # bar | line
    title: str = ""
    categories: int = 0
    series: list[int] = field(default_factory=list)
    line: float | None = None
    line_label: str = ""
    anchor: str = "N4"                # top-left cell of the chart
    y_title: str = ""
    by_rows: bool = False             # True: each row is a series (titled by its ``categories``
                                      # cell) over the ``series`` columns, whose headers are the x axis


@dataclass
class Result:
    """What one check produces for a workbook, independent of the renderer: the JSON document,
    result sheets, marks, and which existing sheets this run replaces (by name predicate)."""
    doc: dict
    sheets: list[SheetOut] = field(default_factory=list)
    marks: Marks | None = None
    replaces: tuple[str, ...] = ()           # sheet names / prefixes this run removes first
    exit_code: int = 0

    def replaces_sheet(self, name: str) -> bool:
        return any(name == p or name.startswith(p) for p in self.replaces)
