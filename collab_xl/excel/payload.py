"""The JSON an xlwings Office.js client (xlwings Lite / Server add-in) sends for a workbook, built
from a workbook FILE — so tests and benchmarks can run the scripts on the xlwings remote engine
without Excel: ``xw.Book(json=payload_from_file(path))``.

What the client sends, per sheet (xlwings 0.37.8, ``xlwings/pro/_xlremote.py``): ``values`` from
A1 over the used range (dates as ISO strings, empty cells as ``""``, error values as their text),
``used_range_address``, ``visibility``, ``tables``, ``notes`` (addresses only), ``pictures``,
``shapes``, ``charts``, ``pivot_tables``, ``show_gridlines``, ``print_area``; for the book its
``name``, ``active_sheet_index`` and ``selection``; ``names``. Formulas are not sent: a formula
cell counts with its cached value (``data_only``), as Excel would hand it over.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import xlwings
from collab_xl.cells.address import get_column_letter

VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


def iso(value: dt.date | dt.datetime | dt.time) -> str:
    """A date as the client sends it: ``2024-05-20T00:00:00.000Z``."""
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1899, 12, 30), value)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def client_value(v):
    if v is None:
        return ""
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return iso(v)
    return v


def address(r1: int, c1: int, r2: int, c2: int) -> str:
    return f"${get_column_letter(c1)}${r1}:${get_column_letter(c2)}${r2}"


def sheet_payload(name: str, rows: list[list], *, first: tuple[int, int] = (1, 1), visibility: str = "Visible",
                  tables: list | None = None, notes: list | None = None) -> dict:
    """One sheet's entry from its values (``rows`` start at A1; ``first`` is the used range's
    top-left cell, 1-based)."""
    width = max((len(r) for r in rows), default=0)
    values = [[client_value(v) for v in r] + [""] * (width - len(r)) for r in rows] if width else [[]]
    used = address(first[0], first[1], len(rows), width) if width else None
    return {"name": name, "values": values, "used_range_address": used, "visibility": visibility,
            "pictures": [], "shapes": [], "charts": [], "notes": notes or [], "tables": tables or [],
            "pivot_tables": [], "show_gridlines": True, "print_area": None}


def book_payload(name: str, sheets: list[dict], active_sheet_index: int = 0, selection: str = "A1") -> dict:
    return {"client": "Office.js", "version": xlwings.__version__,
            "book": {"name": name, "active_sheet_index": active_sheet_index, "selection": selection},
            "names": [], "sheets": sheets}


def payload_from_rows(name: str, sheets: dict[str, list[list]], active: str | None = None) -> dict:
    """A payload straight from values (sheet name → rows from A1), for large synthetic books."""
    entries = [sheet_payload(n, rows) for n, rows in sheets.items()]
    names = list(sheets)
    return book_payload(name, entries, names.index(active) if active else 0)


def _tables(ws) -> list[dict]:
    out = []
    for t in ws.tables.values():
        ref = t.ref
        (c1, r1, c2, r2) = openpyxl.utils.cell.range_boundaries(ref)
        headers = t.headerRowCount if t.headerRowCount is not None else 1
        totals = t.totalsRowCount or 0
        out.append({
            "name": t.name, "range_address": address(r1, c1, r2, c2),
            "header_row_range_address": address(r1, c1, r1, c2) if headers else None,
            "data_body_range_address": address(r1 + headers, c1, r2 - totals, c2),
            "total_row_range_address": address(r2, c1, r2, c2) if totals else None,
            "show_headers": bool(headers), "show_totals": bool(totals),
            "table_style": t.tableStyleInfo.name if t.tableStyleInfo is not None else None,
            "show_autofilter": t.autoFilter is not None,
        })
    return out


def payload_from_file(path: str | Path, active: str | None = None, selection: str = "A1",
                      name: str | None = None) -> dict:
    """The payload an Office.js client would send for the workbook file at ``path``; ``active``
    names the active sheet (default: the one saved as active), ``name`` the book (default: the
    file's name)."""
    path = Path(path)
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        if ws.max_row == 1 and ws.max_column == 1 and ws.cell(1, 1).value is None:
            rows, first, notes = [], (1, 1), []
        else:
            first = (ws.min_row, ws.min_column)    # before iter_rows, which creates cells from A1
            notes = [{"address": c.coordinate} for row in ws.iter_rows() for c in row if c.comment is not None]
            rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=1,
                                                  max_col=ws.max_column, values_only=True)]
        sheets.append(sheet_payload(ws.title, rows, first=first,
                                    visibility=VISIBILITY.get(ws.sheet_state, "Visible"),
                                    tables=_tables(ws), notes=notes))
    index = wb.sheetnames.index(active) if active else wb.worksheets.index(wb.active)
    return book_payload(name or path.name, sheets, index, selection)


def ensure_engines() -> None:
    """Register xlwings' remote and Office.js engines if xlwings was imported before
    ``XLWINGS_LICENSE_KEY`` was set (``noncommercial`` for tests and non-commercial use)."""
    import xlwings as xw
    names = [e.name for e in xw.engines]
    if "remote" in names and "officejs" in names:
        return
    from xlwings.pro import _xlofficejs, _xlremote   # validates the licence key
    for name, module in (("remote", _xlremote), ("officejs", _xlofficejs)):
        if name not in names:
            xw.engines.add(xw.main.Engine(impl=module.engine))


def open_book(payload: dict):
    """``xw.Book(json=payload)`` on xlwings' remote engine (see :func:`ensure_engines`)."""
    import xlwings as xw
    ensure_engines()
    return xw.Book(json=payload)
