"""Small workbooks for the late tests: each table under a title row, rows given by header key.

``rows`` are dicts keyed by the catalog header key ("时间节点", "对接人" …); missing keys are
empty cells. ``drop`` leaves columns out of the header (a user's sheet without them); the columns
tables-2.md added are there only when a row fills them.
"""
from __future__ import annotations

from pathlib import Path


from collab_xl.catalog import TABLES
from collab_xl.core.grid import Grid
from helpers import write_book


def _block(key: str, rows: list[dict], drop: tuple[str, ...] = ()) -> list[list]:
    """Today's template columns, and those added by tables-2.md only when a row fills them (a
    user's sheet has an added column when they track it)."""
    table = TABLES[key]
    used = {k for r in rows for k, v in r.items() if v not in ("", None)}
    cols = [c for c in table.columns if c.key not in drop and (not c.added or c.key in used)]
    return [[table.full_title[0]], [c.header for c in cols]] + [[r.get(c.key, "") for c in cols] for r in rows]


def grids(tables: dict[str, list[dict]], drop: dict[str, tuple[str, ...]] | None = None) -> list[Grid]:
    """One Grid per table, named like the template's sheet."""
    drop = drop or {}
    return [Grid(TABLES[k].sheet[0], _block(k, rows, drop.get(k, ()))) for k, rows in tables.items()]


def write(path: Path, tables: dict[str, list[dict]], drop: dict[str, tuple[str, ...]] | None = None) -> Path:
    """The same tables as an .xlsx file (dates may be given as date objects or as text).

    Text starting with "=" is stored as text, as Excel does for '=… typed by a user."""
    return write_book(path, [(g.name, g.rows) for g in grids(tables, drop)])
