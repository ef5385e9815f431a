"""A sheet as the core sees it: a rectangle of raw values and where it sits, whatever read it.

Both adapters (files through python-calamine/openpyxl, live workbooks through the xlwings Book
API) hand the core ``Grid`` objects; the core finds tables in them by their header rows.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from collab_xl.catalog import TABLES, Table
from collab_xl.catalog.base import match_key
from collab_xl.cells.address import get_column_letter

MAX_HEADER_SCAN = 2000   # a header further down than this is not looked for


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
    how: dict[str, str] = field(default_factory=dict)   # Col.name -> "user" | "exact" | "synonym"
    unused: tuple[str, ...] = ()       # columns the configuration leaves out (Table.unused): not missing

    @property
    def header_row(self) -> int:
        return self.grid.excel_row(self.header_index)

    def letter(self, name: str) -> str:
        return self.grid.letter(self.columns[name])

    @property
    def missing_required(self) -> list[str]:
        # an added column (Col.added) is optional as a column: "required" means its cells, when it is there
        return [c.name for c in self.table.columns
                if c.required and not c.added and c.name not in self.columns and c.name not in self.unused]


@functools.lru_cache(maxsize=65536)
def _cell_key(text: str) -> str:
    """match_key of a text cell; the first rows of a sheet repeat their texts, so cache them."""
    return match_key(text)


# How a header cell named a column, best first: the user's own words ([headers] in
# collab-xl.toml), the guide's/template's header (either language), a synonym (Col.aka).
PRIORITY = {"user": 0, "exact": 1, "synonym": 2}
Entry = tuple[Table, str, str]          # (table, column name, how)
_KEYMAPS: dict[object, dict[str, list[Entry]]] = {}


def user_headers(config) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The [headers] mapping of a configuration as (table, column, texts) (empty without one)."""
    return tuple(getattr(getattr(config, "headers", None), "columns", ()) or ())


def user_sheets(config) -> dict[str, tuple[str, ...]]:
    """The [sheets] mapping as {sheet name: table keys} (a sheet mapped to tables is read as them only)."""
    out: dict[str, tuple[str, ...]] = {}
    for table, names in getattr(getattr(config, "headers", None), "sheets", ()) or ():
        for n in names:
            out[n] = out.get(n, ()) + (table,)
    return out


def keymap(config=None) -> dict[str, list[Entry]]:
    """Header key -> every (table, column name, how) it names, built once per catalog and mapping."""
    user = user_headers(config)
    sig = (hash(tuple((id(t), tuple(id(c) for c in t.columns)) for t in TABLES.values())), user)
    m = _KEYMAPS.get(sig)
    if m is None:
        m = {}
        for table in TABLES.values():
            for c in table.columns:
                for k, how in c.match_keys().items():
                    m.setdefault(k, []).append((table, c.name, how))
        for tkey, name, texts in user:
            table = TABLES.get(tkey)
            if table is None:
                continue
            for text in texts:
                k = match_key(text)
                if k:   # the user's words win over the catalog's for that table
                    m[k] = [e for e in m.get(k, []) if e[0] is not table] + [(table, name, "user")]
        if len(_KEYMAPS) > 16:
            _KEYMAPS.clear()
        _KEYMAPS[sig] = m
    return m


def _keymap() -> dict[str, list[Entry]]:
    return keymap(None)


@dataclass
class Candidate:
    """What one header row names of one catalog table (recognised or not)."""
    table: Table
    found: dict[str, int]              # Col.name -> index into the row, in the table's column order
    dup: dict[str, int]
    how: dict[str, str]                # Col.name -> "user" | "exact" | "synonym"
    share: float                       # share of the table's guide (non-tracking) columns found

    @property
    def missing_keys(self) -> list[str]:
        return [k for k in self.table.key_columns if k not in self.found]

    @property
    def recognised(self) -> bool:
        return len(self.found) >= 3 and not self.missing_keys


def candidates(row: list, km: dict[str, list[Entry]] | None = None,
               only: tuple[str, ...] | None = None) -> list[Candidate]:
    """Every catalog table a row names at least one column of (``only``: just these tables)."""
    keys = [_cell_key(v) if isinstance(v, str) else "" for v in row]
    if km is None:
        km = _keymap()
    got_by: dict[str, dict[str, tuple[int, str]]] = {}
    dup_by: dict[str, dict[str, int]] = {}
    for j, k in enumerate(keys):
        for table, name, how in km.get(k, ()) if k else ():
            got = got_by.setdefault(table.key, {})
            if name not in got:
                got[name] = (j, how)
            elif PRIORITY[how] < PRIORITY[got[name][1]]:
                got[name] = (j, how)          # a better word for the column: the others are not checked
                dup_by.get(table.key, {}).pop(name, None)
            elif how == got[name][1]:
                dup_by.setdefault(table.key, {}).setdefault(name, j)
    out = []
    for table in TABLES.values():
        got = got_by.get(table.key)
        if not got or (only is not None and table.key not in only):
            continue
        # in the table's column order, as a column-by-column scan would have found them
        found = {c.name: got[c.name][0] for c in table.columns if c.name in got}
        how = {c.name: got[c.name][1] for c in table.columns if c.name in got}
        dups = dup_by.get(table.key, {})
        dup = {c.name: dups[c.name] for c in table.columns if c.name in dups}
        core = [c for c in table.columns if not c.tracking and not c.added]   # added columns are optional
        share = sum(1 for c in core if c.name in found) / len(core)
        out.append(Candidate(table, found, dup, how, share))
    return out


def _match_row(row: list, km: dict[str, list[Entry]] | None = None,
               only: tuple[str, ...] | None = None) -> Candidate | None:
    """The table a header row is recognised as: all its key columns are there (Table.key_columns,
    at least three columns in all); of several, the one naming the largest share of its columns."""
    if sum(1 for v in row if isinstance(v, str) and _cell_key(v)) < 3:
        return None
    best = None
    for c in candidates(row, km, only):
        if c.recognised and (best is None or c.share > best.share):
            best = c
    return best


def _names_three(row: list, km, only) -> bool:
    """Whether a row names at least three columns of one table (a possible upper header row)."""
    if sum(1 for v in row if isinstance(v, str) and _cell_key(v)) < 3:
        return False
    return any(len(c.found) >= 3 for c in candidates(row, km, only))


def find_tables(grid: Grid, config=None) -> list[Hit]:
    """Every catalog table in a grid, found by its header row (title rows above it, reordered or
    extra columns, full-width brackets and bracketed hints, synonyms and the user's own header
    words from ``config`` are all fine; docs/recognition.md)."""
    hits: list[Hit] = []
    km = keymap(config)
    only = user_sheets(config).get(grid.name)
    rows = grid.rows
    skip = -1
    for i, row in enumerate(rows[:MAX_HEADER_SCAN]):
        if i == skip:
            continue
        m = _match_row(row, km, only)
        # A two-row header: group titles above (merged across), column titles below. The lower
        # row's title wins where it has one; merged-down cells keep the upper text. The upper row
        # alone may lack a key column the lower one holds (完成时间 over 计划/实际完成时间).
        if i + 1 < len(rows) and (m or _names_three(row, km, only)):
            below = rows[i + 1]
            combined = [below[j] if j < len(below) and isinstance(below[j], str) and _cell_key(below[j]) else v
                        for j, v in enumerate(row)]
            m2 = _match_row(combined, km, only)
            if m2 and ((m and m2.table is m.table and m2.share > m.share)
                       or (not m and _match_row(below, km, only) is None)):
                hits.append(Hit(m2.table, grid, i + 1, m2.found, m2.dup, how=m2.how))
                skip = i + 1
                continue
        if m:
            hits.append(Hit(m.table, grid, i, m.found, m.dup, how=m.how))
    for k, hit in enumerate(hits):
        if hit.table.unused is not None and config is not None:
            hit.unused = tuple(hit.table.unused(config))
        end = hits[k + 1].header_index if k + 1 < len(hits) else len(grid.rows)
        # A title line right above the next table ("采购订单") is not a data row of this one.
        while end > hit.header_index + 1 and sum(1 for v in grid.rows[end - 1] if v not in ("", None)) <= 1 \
                and k + 1 < len(hits):
            end -= 1
        hit.end_index = end
    return hits
