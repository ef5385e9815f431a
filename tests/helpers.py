"""Shared helpers for tests: build grids and workbook files from rows keyed by header."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from collab_xl.catalog import TABLES, Context
from collab_xl.config import Config
from collab_xl.core.grid import Grid
from collab_xl.core.validate import validate_grids

TODAY = dt.date(2024, 6, 5)


def resolve(value, today: dt.date = TODAY):
    """Example values may say "{today+10}": a date relative to today."""
    if isinstance(value, str) and value.startswith("{today"):
        days = int(value[6:-1] or 0)
        return (today + dt.timedelta(days=days)).isoformat()
    return value


def table_rows(key: str, rows: list[dict], title: bool = True, headers: list[str] | None = None) -> list[list]:
    t = TABLES[key]
    out = [[t.full_title[0]]] if title else []
    out.append(headers or [c.header for c in t.columns])
    for r in rows:
        out.append([resolve(r.get(c.key, "")) for c in t.columns])
    return out


def grid(key: str, rows: list[dict], name: str | None = None, **kw) -> Grid:
    return Grid(name=name or TABLES[key].sheet[0], rows=table_rows(key, rows, **kw))


def directory_grid() -> Grid:
    return grid("supplier_directory", [TABLES["supplier_directory"].clean])


def validate(grids: list[Grid], today: dt.date = TODAY, lang: str = "zh"):
    return validate_grids("test.xlsx", grids, Context(today=today, config=Config.default()), lang)


def write_book(path: Path, sheets) -> Path:
    """An .xlsx file from ``{sheet name: rows}`` (or (name, rows) pairs), sheets in that order.

    Text starting with "=" is stored as text, as Excel keeps a '=… typed by a user (a formula is
    never written). The folder is made if needed."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in (sheets.items() if isinstance(sheets, dict) else sheets):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"      # text a user typed, not a formula
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
