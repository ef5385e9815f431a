"""Why a sheet was (or was not) read as a catalog table: the explanation behind ``collab-xl map``
and the near-miss answer when nothing is recognised (issue 12, docs/recognition.md).

Pure: Grids in, plain data out. ``find_tables`` (core/grid.py) decides; this module only
describes the same decision, header cell by header cell.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from collab_xl.catalog import Table
from collab_xl.catalog.base import match_key
from collab_xl.core.grid import MAX_HEADER_SCAN, Candidate, Grid, Hit, Outside, candidates, find_tables, keymap, user_sheets

MIN_NEAR = 2          # a near miss names this many columns of the table, one a key column (or one more)
SUGGEST_RATIO = 0.4   # how alike a user's header and a column's words must be to be suggested


@dataclass
class TableMap:
    """One header row read against one catalog table."""
    table: Table
    grid: Grid
    header_index: int
    recognised: bool
    columns: dict[str, int]            # Col.name -> index into the row
    how: dict[str, str]                # Col.name -> "user" | "exact" | "synonym"
    duplicates: dict[str, int] = field(default_factory=dict)
    suggestions: dict[str, str] = field(default_factory=dict)   # missing Col.name -> a header of the row
    unused: tuple[str, ...] = ()       # columns the configuration leaves out (Hit.unused): not missing
    outside: dict[str, Outside] = field(default_factory=dict)    # Col.name -> its value above the table
    skipped: tuple[int, ...] = ()      # rows under the header that are not data (indexes into grid.rows)

    @property
    def header_row(self) -> int:
        return self.grid.excel_row(self.header_index)

    @property
    def row(self) -> list:
        return self.grid.rows[self.header_index]

    @property
    def missing_keys(self) -> list[str]:
        return [k for k in self.table.key_columns if k not in self.columns]

    @property
    def missing_required(self) -> list[str]:
        return [c.name for c in self.table.columns
                if c.required and not c.added and c.name not in self.columns and c.name not in self.unused
                and c.name not in self.outside]

    @property
    def unmatched(self) -> list[int]:
        """Indexes of the row's header cells that name no column of the table."""
        used = set(self.columns.values()) | set(self.duplicates.values())
        return [j for j, v in enumerate(self.row) if isinstance(v, str) and v.strip() and j not in used]

    def cell(self, j: int) -> str:
        return f"{self.grid.letter(j)}{self.header_row}"


@dataclass
class SheetMap:
    grid: Grid
    tables: list[TableMap]             # the tables recognised on the sheet
    nearest: TableMap | None = None    # when none is: the closest table, if any names enough


def _from_hit(hit: Hit) -> TableMap:
    return TableMap(hit.table, hit.grid, hit.header_index, True, dict(hit.columns), dict(hit.how),
                    dict(hit.duplicates), unused=hit.unused, outside=dict(hit.outside), skipped=hit.skipped)


def _closeness(c: Candidate) -> tuple:
    keys = sum(1 for k in c.table.key_columns if k in c.found)
    return keys, len(c.found), c.share


def nearest_in(grid: Grid, config=None) -> TableMap | None:
    """The closest catalog table on a sheet where none is recognised: the header row naming most
    key columns, then most columns (at least MIN_NEAR with a key column, or MIN_NEAR + 1);
    None if none does."""
    km = keymap(config)
    only = user_sheets(config).get(grid.name)
    best: tuple | None = None
    for i, row in enumerate(grid.rows[:MAX_HEADER_SCAN]):
        if sum(1 for v in row if isinstance(v, str) and v.strip()) < MIN_NEAR:
            continue
        for c in candidates(row, km, only):
            score = _closeness(c)
            close = (score[0] >= 1 and score[1] >= MIN_NEAR) or score[1] >= MIN_NEAR + 1
            if close and (best is None or score > best[0]):
                best = (score, i, c)
    if best is None:
        return None
    _, i, c = best
    tm = TableMap(c.table, grid, i, False, dict(c.found), dict(c.how), dict(c.dup))
    tm.suggestions = suggest(tm)
    return tm


def suggest(tm: TableMap) -> dict[str, str]:
    """For each missing required column (key columns first), the user's header on the same row
    that looks most like one of its words, if any looks alike enough; each header at most once."""
    free = {j: match_key(tm.row[j]) for j in tm.unmatched}
    out: dict[str, str] = {}
    order = tm.missing_keys + [n for n in tm.missing_required if n not in tm.missing_keys]
    for name in order:
        col = tm.table.col(name)
        words = [match_key(w) for w in (col.header, col.en, *col.aka)]
        best = None
        for j, k in free.items():
            if not k:
                continue
            r = max((difflib.SequenceMatcher(None, k, w).ratio() for w in words if w), default=0.0)
            if r >= SUGGEST_RATIO and (best is None or r > best[0]):
                best = (r, j)
        if best is not None:
            out[name] = str(tm.row[best[1]]).strip()
            free.pop(best[1])
    return out


def explain(grids: list[Grid], config=None, owned: set[str] | None = None) -> list[SheetMap]:
    """Sheet by sheet: the tables recognised (with how each column was named), or the nearest."""
    out = []
    for g in grids:
        if owned and g.name in owned:
            continue
        hits = find_tables(g, config)
        sm = SheetMap(g, [_from_hit(h) for h in hits])
        if not hits:
            sm.nearest = nearest_in(g, config)
        out.append(sm)
    return out


def nearest(maps: list[SheetMap]) -> TableMap | None:
    """The closest table over all sheets (when no sheet has a recognised one)."""
    near = [m.nearest for m in maps if m.nearest is not None]
    if not near:
        return None
    return max(near, key=lambda t: (len(t.table.key_columns) - len(t.missing_keys), len(t.columns)))
