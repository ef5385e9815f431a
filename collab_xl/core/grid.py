"""A sheet as the core sees it: a rectangle of raw values and where it sits, whatever read it.

Both adapters (files through python-calamine/openpyxl, live workbooks through the xlwings Book
API) hand the core ``Grid`` objects; the core finds tables in them by their header rows.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from collab_xl.catalog import TABLES, Table, header_key
from collab_xl.cells.address import get_column_letter

MAX_HEADER_SCAN = 2000   # a header further down than this is not looked for
MIN_MATCH = 0.6          # share of a table's guide columns a header row must name


@dataclass
class Grid:
    name: str
    rows: list[list]                  # raw values; "" or None for an empty cell
    row0: int = 0                     # 0-based sheet row of rows[0]
    col0: int = 0                     # 0-based sheet column of rows[i][0]
    visible: bool = True
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # absolute, 0-based

    def excel_row(self, i: int) -> int:
        return self.row0 + i + 1

    def letter(self, j: int) -> str:
        return get_column_letter(self.col0 + j + 1)

    def merged_down(self) -> list[tuple[int, int, int]]:
        """Vertically merged cells as (first index, last index, column index) into ``rows``:
        a merged cell means "this value for every row it spans" (tables.md)."""
        out = []
        for (r1, c1), (r2, c2) in self.merged:
            if r2 > r1:
                out.append((r1 - self.row0, r2 - self.row0, c1 - self.col0))
        return out


@dataclass
class Hit:
    """A catalog table found in a grid: where its header is and which sheet column holds what."""
    table: Table
    grid: Grid
    header_index: int                  # index into grid.rows
    columns: dict[str, int]            # Col.name -> index into a row
    duplicates: dict[str, int]         # Col.name -> index of a second header naming it
    end_index: int = 0                 # one past the last body row (index into grid.rows)

    @property
    def header_row(self) -> int:
        return self.grid.excel_row(self.header_index)

    def letter(self, name: str) -> str:
        return self.grid.letter(self.columns[name])

    @property
    def missing_required(self) -> list[str]:
        # an added column (Col.added) is optional as a column: "required" means its cells, when it is there
        return [c.name for c in self.table.columns if c.required and not c.added and c.name not in self.columns]


@functools.lru_cache(maxsize=65536)
def _cell_key(text: str) -> str:
    """header_key of a text cell; the first rows of a sheet repeat their texts, so cache them."""
    return header_key(text)


_KEYMAP: tuple[int, dict[str, list[tuple[Table, str]]]] | None = None


def _keymap() -> dict[str, list[tuple[Table, str]]]:
    """Header key -> every (table, column name) it names, built once per catalog."""
    global _KEYMAP
    sig = hash(tuple((id(t), tuple(id(c) for c in t.columns)) for t in TABLES.values()))
    if _KEYMAP is None or _KEYMAP[0] != sig:
        m: dict[str, list[tuple[Table, str]]] = {}
        for table in TABLES.values():
            for c in table.columns:
                for k in c.keys():
                    m.setdefault(k, []).append((table, c.name))
        _KEYMAP = (sig, m)
    return _KEYMAP[1]


def _match_row(row: list, keymap: dict[str, list[tuple[Table, str]]] | None = None
               ) -> tuple[Table, dict[str, int], dict[str, int], float] | None:
    keys = [_cell_key(v) if isinstance(v, str) else "" for v in row]
    if sum(1 for k in keys if k) < 3:
        return None
    if keymap is None:
        keymap = _keymap()
    found_by: dict[str, dict[str, int]] = {}
    dup_by: dict[str, dict[str, int]] = {}
    for j, k in enumerate(keys):
        for table, name in keymap.get(k, ()) if k else ():
            found = found_by.setdefault(table.key, {})
            if name in found:
                dup_by.setdefault(table.key, {}).setdefault(name, j)
            else:
                found[name] = j
    if not found_by:
        return None
    best = None
    for table in TABLES.values():
        got = found_by.get(table.key)
        if not got:
            continue
        # in the table's column order, as a column-by-column scan would have found them
        found = {c.name: got[c.name] for c in table.columns if c.name in got}
        dups = dup_by.get(table.key, {})
        dup = {c.name: dups[c.name] for c in table.columns if c.name in dups}
        core = [c for c in table.columns if not c.tracking and not c.added]   # added columns are optional
        share = sum(1 for c in core if c.name in found) / len(core)
        if len(found) >= 3 and share >= MIN_MATCH and (best is None or share > best[3]):
            best = (table, found, dup, share)
    return best


def find_tables(grid: Grid) -> list[Hit]:
    """Every catalog table in a grid, found by its header row (title rows above it, reordered or
    extra columns, full-width brackets and bracketed hints are all fine)."""
    hits: list[Hit] = []
    keymap = _keymap()
    rows = grid.rows
    skip = -1
    for i, row in enumerate(rows[:MAX_HEADER_SCAN]):
        if i == skip:
            continue
        m = _match_row(row, keymap)
        if m:
            # A two-row header: group titles above (merged across), column titles below. The
            # lower row's title wins where it has one; merged-down cells keep the upper text.
            if i + 1 < len(rows):
                below = rows[i + 1]
                combined = [below[j] if j < len(below) and isinstance(below[j], str) and _cell_key(below[j]) else v
                            for j, v in enumerate(row)]
                m2 = _match_row(combined, keymap)
                if m2 and m2[0] is m[0] and m2[3] > m[3]:
                    hits.append(Hit(m2[0], grid, i + 1, m2[1], m2[2]))
                    skip = i + 1
                    continue
            hits.append(Hit(m[0], grid, i, m[1], m[2]))
    for k, hit in enumerate(hits):
        end = hits[k + 1].header_index if k + 1 < len(hits) else len(grid.rows)
        # A title line right above the next table ("采购订单") is not a data row of this one.
        while end > hit.header_index + 1 and sum(1 for v in grid.rows[end - 1] if v not in ("", None)) <= 1 \
                and k + 1 < len(hits):
            end -= 1
        hit.end_index = end
    return hits
