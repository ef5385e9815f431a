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

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from collab_xl.cells.address import column_index

if TYPE_CHECKING:
    import pandas as pd

# -- result sheets ---------------------------------------------------------------------------------
# Their names, (zh, en): the one home every command, renderer and reader takes them from.
FINDINGS_SHEET = ("校验结果", "Findings")             # validate
LATE_SHEET = ("逾期事项", "Late items")              # late
RANKING_PREFIX = ("供应商排名", "Supplier ranking")   # rank: "<prefix> <quarter>"
NOTICE_PREFIX = ("整改通知书", "Rectification")       # rank: "<prefix>-<supplier>", one a supplier
RESULT_HEADER_ROW = 3      # 1-based: a result sheet's title is row 1, its header row 3, its rows from 4
SHEET_NAME_MAX = 31        # Excel's limit for a sheet name
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")       # characters a sheet name cannot hold

# The names result sheets are given (by name or name prefix). Which sheets collab-xl owns is not
# decided by these names but by the record in the mark sheet (``MarkSheet.sheets``): a user's
# sheet that happens to be called 校验结果 stays the user's.
RESULT_SHEETS = {*FINDINGS_SHEET, *LATE_SHEET}
RESULT_PREFIXES = (RANKING_PREFIX[0], NOTICE_PREFIX[0], RANKING_PREFIX[1], NOTICE_PREFIX[1])


def unique_sheet_name(base: str, taken, sep: str = "") -> str:
    """A valid Excel sheet name made from ``base`` (a generated name: "整改通知书-<supplier>" …),
    unique among ``taken``, which is not changed:

    * control characters go: a run of tabs, line breaks and other separators becomes one space,
      the others (\\x01, \\x1f …) are dropped, as are characters XML cannot carry (U+FFFE,
      U+FFFF, lone surrogates): a name with them makes the workbook unreadable;
    * the characters []:*?/\\ become "_"; no apostrophe and no space at either end;
    * at most 31 characters as Excel counts them, in UTF-16 code units (𠮷 and 😀 count twice),
      never cutting a surrogate pair;
    * never empty ("_" then) and never "History", a name Excel reserves;
    * unique ignoring case (and full/half width) among ``taken`` and "History": the k-th copy
      ends with ``f"{sep}({k})"``, k from 2, the name before it shortened to fit.
    """
    import unicodedata

    def units(text: str) -> int:
        return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)

    def cut(text: str, limit: int) -> str:
        n = 0
        for i, ch in enumerate(text):
            n += 2 if ord(ch) > 0xFFFF else 1
            if n > limit:
                return text[:i]
        return text

    def ends(text: str) -> str:
        while (trimmed := text.strip().strip("'")) != text:
            text = trimmed
        return text

    def key(name: str) -> str:
        return unicodedata.normalize("NFKC", name).casefold()

    text = re.sub(r"[\t\n\v\f\r\x85\u2028\u2029]+", " ", base)
    text = "".join(ch for ch in text
                   if unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff")
    text = ends(SHEET_NAME_BAD.sub("_", text))
    base = ends(cut(text, SHEET_NAME_MAX)) or "_"
    used = {key(t) for t in taken} | {key("History")}
    candidate, k = base, 2
    while key(candidate) in used:
        tail = f"{sep}({k})"
        candidate = ends(cut(base, SHEET_NAME_MAX - units(tail))) + tail
        k += 1
    return candidate


def place_sheets(sheets: list["SheetOut"], taken) -> list["SheetOut"]:
    """The result sheets with names that collide with none of ``taken`` (the sheets staying in the
    workbook: the user's, and ours that this run keeps) nor with each other: a sheet whose name
    is taken gets " (2)", " (3)" …, and links to a renamed sheet follow it."""
    from dataclasses import replace
    used = list(taken)
    renamed: dict[str, str] = {}
    for out in sheets:
        name = unique_sheet_name(out.name, used, sep=" ")
        used.append(name)
        if name != out.name:
            renamed[out.name] = name
    if not renamed:
        return list(sheets)
    placed = []
    for out in sheets:
        links = [(renamed.get(l[0], l[0]), l[1]) if l else l for l in out.links]
        placed.append(replace(out, name=renamed.get(out.name, out.name), links=links))
    return placed


# -- marks ------------------------------------------------------------------------------------------
MARK_SHEET = "_collab_xl"
#  kind -> (column of MARK_SHEET, fill colour, font colour, level: cell or row)
MARK_KINDS = {
    "error": ("A", "FFC7CE", "9C0006", "cell"),
    "warning": ("B", "FFEB9C", "9C5700", "cell"),
    "overdue": ("C", "F8CBAD", "833C0B", "row"),
    "late": ("D", "DDEBF7", "1F4E78", "row"),
}
# The hidden mark sheet's layout (row 1 is the header, entries from row 2, each list on its own):
#   A–D  the marked addresses, one column a kind (MARK_KINDS);
#   E–H  the notes replaced on marked cells (sheet, cell, original text, original author), restored on clear;
#   J–L  the rule registry: every conditional-format rule collab-xl added (sheet, kind, area), so a
#        renderer that cannot read rules back (the xlwings remote engine) does not add one twice;
#   N    the result sheets collab-xl made: the record of what it owns. Only these (and the mark
#        sheet itself) are ever replaced or deleted; a sheet of the user's is never, whatever its name.
# The header row is the mark sheet's signature: a sheet is our mark sheet when it is hidden and its
# row 1 is this header (a visible sheet of the user's named _collab_xl is not; ours then takes
# another name, and the rules' formulas name it).
MARK_HEADER = ["error", "warning", "overdue", "late", "note_sheet", "note_cell", "note_original", "note_author"]
REGISTRY_COL = 9                    # 0-based: column J
REGISTRY_HEADER = ["rule_sheet", "rule_kind", "rule_area"]
SHEETS_COL = 13                     # 0-based: column N
SHEETS_HEADER = "own_sheet"
# Kinds each command owns: a run replaces its own kinds and leaves the others.
VALIDATE_KINDS = ("error", "warning")
LATE_KINDS = ("overdue", "late")


def is_result_sheet(name: str) -> bool:
    """Whether a name is one result sheets are given. Not ownership (see ``MarkSheet.sheets``)."""
    return name in RESULT_SHEETS or name.startswith(RESULT_PREFIXES) or name == MARK_SHEET


def is_mark_header(row) -> bool:
    """Whether a sheet's first row is the mark sheet's header (its signature)."""
    row = list(row or [])
    row += [None] * (REGISTRY_COL + len(REGISTRY_HEADER) - len(row))
    return (list(row[:len(MARK_HEADER)]) == MARK_HEADER
            and list(row[REGISTRY_COL:REGISTRY_COL + len(REGISTRY_HEADER)]) == REGISTRY_HEADER)


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def mark_key(sheet: str, cell_or_row: str | int) -> str:
    """The text a mark is listed under: "表4!G7" for a cell, "表4!7" for a row."""
    return f"{sheet}!{cell_or_row}"


def mark_formula(sheet: str, kind: str, top_left: str, mark_sheet: str = MARK_SHEET) -> str:
    """The conditional-format formula that colours a cell listed under ``kind``.

    Relative to the top-left cell of the range the rule applies to (Excel's convention)."""
    col, _, _, level = MARK_KINDS[kind]
    prefix = sheet.replace('"', '""') + "!"
    if level == "cell":
        key = f'"{prefix}"&ADDRESS(ROW({top_left}),COLUMN({top_left}),4)'
    else:
        key = f'"{prefix}"&ROW({top_left})'
    return f"COUNTIF({quote_sheet(mark_sheet)}!${col}:${col},{key})>0"


def _frame(columns: list[str]) -> pd.DataFrame:
    """An empty frame of these columns. pandas is imported here, not with the module: the file
    reader asks this module which sheets are results while pandas may still be importing."""
    import pandas as pd
    return pd.DataFrame(columns=columns)


@dataclass
class Marks:
    """Cells and rows to mark. ``cells``: sheet, cell, kind, note. ``rows``: sheet, row, kind.
    ``areas``: sheet -> the range the rules cover (the checked tables)."""
    cells: pd.DataFrame = field(default_factory=lambda: _frame(["sheet", "cell", "kind", "note"]))
    rows: pd.DataFrame = field(default_factory=lambda: _frame(["sheet", "row", "kind"]))
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


@dataclass
class MarkSheet:
    """What the hidden mark sheet holds, in the layout above: ``keys`` (kind -> marked addresses),
    ``notes`` ([sheet, cell, original, author] each), ``registry`` ([sheet, kind, area] each) and
    ``sheets`` (the result sheets collab-xl made). Both renderers write and read the sheet through
    ``values`` and ``read``."""
    keys: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in MARK_KINDS})
    notes: list[list] = field(default_factory=list)
    registry: list[list[str]] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """Nothing to record: no marks, notes, rules or sheets (the mark sheet can go)."""
        return not (self.count() or self.notes or self.registry or self.sheets)

    def count(self) -> int:
        """How many marks are listed."""
        return sum(len(v) for v in self.keys.values())

    def values(self) -> list[list]:
        """The sheet as one rectangle of values from A1 (one write); blanks are ""."""
        n = max([len(v) for v in self.keys.values()] + [len(self.notes), len(self.registry), len(self.sheets), 0])
        gap = [""] * (REGISTRY_COL - len(MARK_HEADER))
        gap2 = [""] * (SHEETS_COL - REGISTRY_COL - len(REGISTRY_HEADER))
        grid = [list(MARK_HEADER) + gap + list(REGISTRY_HEADER) + gap2 + [SHEETS_HEADER]]
        for i in range(n):
            row = [self.keys[k][i] if i < len(self.keys[k]) else "" for k in MARK_KINDS]
            row += list(self.notes[i]) if i < len(self.notes) else ["", "", "", ""]
            row += gap + (list(self.registry[i]) if i < len(self.registry) else ["", "", ""])
            row += gap2 + [self.sheets[i] if i < len(self.sheets) else ""]
            grid.append(row)
        return grid

    @classmethod
    def read(cls, values: list[list]) -> "MarkSheet":
        """Inverse of ``values`` (tolerates a sheet edited or truncated by hand)."""
        out = cls()
        width = SHEETS_COL + 1
        for row in values[1:]:
            row = list(row) + [""] * (width - len(row))
            for j, k in enumerate(MARK_KINDS):
                v = row[j]
                if isinstance(v, str) and v:
                    out.keys[k].append(v)
            if isinstance(row[4], str) and row[4]:
                out.notes.append([row[4], row[5], row[6] or "", row[7] or ""])
            entry = row[REGISTRY_COL:REGISTRY_COL + len(REGISTRY_HEADER)]
            if all(isinstance(v, str) and v for v in entry) and entry[1] in MARK_KINDS:
                out.registry.append(entry)
            own = row[SHEETS_COL]
            if isinstance(own, str) and own and own not in out.sheets:
                out.sheets.append(own)
        return out

    def has_rule(self, sheet: str, kind: str, areas: list[str]) -> bool:
        """Whether registered rules of ``kind`` on ``sheet`` already cover every one of ``areas``."""
        mine = [a for s, k, a in self.registry if s == sheet and k == kind]
        areas = [a for a in areas if area_box(a)]
        return bool(areas) and all(any(area_covers(a, area) for a in mine) for area in areas)


def may_be_mark_sheet(name: str, visible: bool) -> bool:
    """Where the mark sheet is looked for: hidden sheets, and those named _collab_xl… (a user who
    unhid ours to look at it keeps it ours). Its row 1 then decides (``is_mark_header``)."""
    return not visible or name.startswith(MARK_SHEET)


def find_record(sheets, rows_of, ours=None, head_of=None) -> tuple[str | None, "MarkSheet"]:
    """The record of what collab-xl owns in a workbook: (its mark sheet's name or None, the
    ``MarkSheet`` read from it with ``sheets`` resolved).

    ``sheets``: (name, visible) in order; ``rows_of(name)``: a sheet's rows from A1 (or None when
    unreadable); ``head_of(name)``: its first rows at least (default ``rows_of``; a renderer that
    pays per cell read gives a cheaper one). The mark sheet is found by its signature (row 1 = the
    mark header) where ``may_be_mark_sheet``. ``ours(name, first_rows)``, where given, recognises a
    result sheet by its content (``collab_xl.app.legacy``): a recorded sheet it no longer
    recognises leaves the record (the user took the name), and a mark sheet of the previous
    release (no column N) adopts, once, the sheets with a result sheet's name that it recognises.
    Both renderers read the record through this (``collab_xl.excel.book_in.read_record``)."""
    head_of = head_of or rows_of
    names = [n for n, _ in sheets]
    mark = None
    for name, visible in sheets:
        if may_be_mark_sheet(name, visible):
            head = head_of(name)
            if head and is_mark_header(head[0]):
                mark = name
                break
    if mark is None:
        return None, MarkSheet()
    values = rows_of(mark) or []
    state = MarkSheet.read(values)

    def looks_ours(n: str) -> bool:
        rows = head_of(n)
        return rows is not None and ours(n, rows[:RESULT_HEADER_ROW])

    recorded = [n for n in state.sheets if n in names and n != mark]
    if ours is not None:
        recorded = [n for n in recorded if looks_ours(n)]
    header = list(values[0]) if values else []
    legacy = len(header) <= SHEETS_COL or header[SHEETS_COL] != SHEETS_HEADER
    adopted = []
    if ours is not None and legacy:
        adopted = [n for n in names if n not in (mark, MARK_SHEET) and n not in recorded and is_result_sheet(n)
                   and looks_ours(n)]
    state.sheets = recorded + adopted
    return mark, state


def owned_sheets(grids, ours=None) -> set[str]:
    """The sheets of a workbook read as grids (``collab_xl.core.grid.Grid``) that are collab-xl's
    own output, not the user's data: the mark sheet and the result sheets its record lists."""
    by_name = {g.name: g for g in grids}

    def rows_of(name: str):
        g = by_name.get(name)
        if g is None:
            return None
        return [[] for _ in range(g.row0)] + [[""] * g.col0 + list(r) for r in g.rows]

    mark, state = find_record([(g.name, g.visible) for g in grids], rows_of, ours)
    return set() if mark is None else {mark, *state.sheets}


_AREA = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$")


def area_box(text: str) -> tuple[int, int, int, int] | None:
    """"A4:K20" as (first column, first row, last column, last row), 1-based; None if not a range."""
    m = _AREA.match(text.replace("$", "").upper())
    if not m:
        return None
    return column_index(m[1]), int(m[2]), column_index(m[3]), int(m[4])


def area_covers(outer: str, inner: str) -> bool:
    a, b = area_box(outer), area_box(inner)
    return bool(a and b) and a[0] <= b[0] and a[1] <= b[1] and a[2] >= b[2] and a[3] >= b[3]


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
    clears: bool = False                     # remove every mark and result sheet first (clear)

    def replaces_sheet(self, name: str) -> bool:
        return any(name == p or name.startswith(p) for p in self.replaces)
