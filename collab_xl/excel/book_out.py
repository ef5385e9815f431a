"""Drawing a ``collab_xl.core.output.Result`` into an open workbook through the xlwings Book API.

The mirror of ``collab_xl.io.xlsx_out`` for live workbooks (desktop Excel through classic
xlwings, xlwings Lite and Server through the remote engine), with one rule on top: the number of
actions sent to Excel grows with the result sheets and colours, never with rows or findings.

* **Ownership** follows the record kept in the hidden mark sheet (``collab_xl.excel.book_in.Record``),
  never names: the mark sheet is the hidden sheet whose row 1 is its header (made under a free
  name when a sheet of the user's is called ``_collab_xl``; the rules' formulas name it), and only
  the result sheets listed in its column N are ever deleted or replaced.
* **Result sheets**: the recorded ones this result replaces (``Result.replaces``) are deleted; the
  new ones are named around every sheet that stays (``place_sheets``: a sheet of the user's
  called 校验结果 makes ours "校验结果 (2)", links follow) and recorded. Each new
  sheet gets ONE values write (title, header, rows, footer — the layout of the file renderer),
  one formula write for its links (``HYPERLINK("#'sheet'!G7", "G7")``, sheet names escaped), one
  call per run of equal column widths, one per number format, and one per header style.
  Every string is written with a leading apostrophe, Excel's "this is text" prefix: user text that
  starts with = + - @ stays text, and "00123" or "2024-05-20" typed as text stay as typed.
* **Marks** use the same mechanism as files: the marked addresses go to the hidden mark sheet
  (one values write of the whole record, at the end of a run, padded so older, longer lists are
  blanked), and one conditional-format rule per sheet and kind colours a cell when it is listed
  there (``mark_formula``). The user's own fills are never touched. Rules cannot be read back on
  every engine, so the rules we added are listed in the hidden sheet's rule registry (columns J:L,
  the layout of ``collab_xl.core.output.MarkSheet``, which the command line keeps too) and a rule
  already there for every checked table is not added again: running twice equals running once,
  and a run after ``collab-xl validate --out`` adds none. A rule covers the checked tables'
  columns from their first data row to the bottom of the sheet, so rows added later are covered.
* **Clearing** empties the mark lists and deletes the recorded result sheets (never a sheet of
  the user's, whatever its name). The rules stay, inert (they colour nothing once the lists are
  empty) and listed, ready for the next run; ``collab-xl clear`` on the saved file removes them
  for good. A mark sheet left with nothing to record is deleted.
* Cell notes are not written here (one action per cell): the 校验结果 sheet carries the messages.
* **Charts** (``ChartSpec``): the chart's data is written beside the table in one block and the
  chart drawn from it; where a series cannot be turned into a line (the remote engine cannot
  address series synchronously) the reference line is named in the chart title instead.
"""
from __future__ import annotations

import datetime as dt
import math

from collab_xl.cells.address import get_column_letter

from collab_xl.core.output import (
    MARK_KINDS, RESULT_HEADER_ROW, SHEET_NAME_MAX, ChartSpec, Marks, MarkSheet, Result, SheetOut,
    area_box, mark_formula, merge_keys, place_sheets, quote_sheet,
)
from collab_xl.excel.book_in import Record, mark_sheet_name, read_record
from collab_xl.excel.book_in import mark_sheet as find_mark_sheet

HEADER_ROW = RESULT_HEADER_ROW      # 1-based, the file renderer's too
HEADER_FILL = "#1F4E78"
HEADER_FONT = "#FFFFFF"
LINK_FONT = "#0563C1"
TITLE_SIZE = 14
LAST_ROW = 1_048_576
MAX_LINK_RUNS = 5                   # more link runs than this: colour the whole link column
CHART_SIZE = (520, 300)             # points


# -- values --------------------------------------------------------------------------------------

def as_text(value: str) -> str:
    """A string as Excel text: the apostrophe prefix keeps = + - @, numbers and dates literal."""
    return "'" + value if value else ""


def cell(value):
    """One value for a values write: strings as text, missing values blank, numbers and dates as is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return "" if isinstance(value, float) and math.isnan(value) else value
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    try:
        import pandas as pd
        if pd.isna(value):
            return ""
        if isinstance(value, pd.Timestamp):
            return value.to_pydatetime()
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):           # numpy scalars
        return cell(value.item())
    return as_text(str(value))


def rectangle(rows: list[list], width: int | None = None, height: int | None = None) -> list[list]:
    """Rows padded with blanks to one rectangle (at least ``width`` × ``height``)."""
    w = max([len(r) for r in rows] + [width or 0, 1])
    out = [[cell(v) for v in r] + [""] * (w - len(r)) for r in rows]
    while height and len(out) < height:
        out.append([""] * w)
    return out


def string_literal(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def hyperlink_formula(sheet: str, address: str, shown) -> str:
    """=HYPERLINK("#'sheet'!G7", shown): a link inside the workbook; user text only ever inside
    escaped string literals."""
    target = "#" + quote_sheet(sheet) + "!" + address
    if isinstance(shown, bool) or shown is None or (isinstance(shown, float) and math.isnan(shown)):
        shown = address
    shown_expr = repr(shown) if isinstance(shown, (int, float)) else string_literal(str(shown)[:255])
    return f"=HYPERLINK({string_literal(target)},{shown_expr})"


# -- engine differences ------------------------------------------------------------------------

def is_desktop(book) -> bool:
    """Desktop Excel (classic xlwings) rather than the remote engine of xlwings Lite/Server."""
    try:
        return book.app.engine.name == "excel"
    except Exception:  # noqa: BLE001
        return False


def column_width(book, chars: float) -> float:
    """Column widths are characters on desktop Excel and points on the remote engine."""
    return chars if is_desktop(book) else round((chars * 7 + 5) * 0.75, 2)


# -- sheets --------------------------------------------------------------------------------------

def remove_sheets(book, predicate) -> list[str]:
    """Delete the sheets whose name satisfies ``predicate`` — never the last visible sheet (Excel
    keeps one). Callers pass only sheets the record says are ours."""
    doomed = [s for s in book.sheets if predicate(s.name)]
    names = {s.name for s in doomed}
    if not any(s.visible for s in book.sheets if s.name not in names):
        visible = [s for s in doomed if s.visible]
        if visible:
            doomed = [s for s in doomed if s.name != visible[-1].name]
    for s in doomed:
        s.delete()
    return [s.name for s in doomed]


_FIND = object()


def add_sheet(book, name: str, mark_sheet=_FIND):
    """A new sheet at the end — before our hidden mark sheet (``mark_sheet``; found by its
    signature when not given), so the order does not depend on whether a run found the mark
    sheet already there. ``mark_sheet=None``: there is none (or this is it): at the very end."""
    sheets = list(book.sheets)
    if mark_sheet is _FIND:
        mark_sheet = find_mark_sheet(book)
    others = [s for s in sheets if mark_sheet is None or s.name != mark_sheet.name]
    return book.sheets.add(name[:SHEET_NAME_MAX], after=(others or sheets)[-1])


def runs(by_column: dict[int, object]) -> list[tuple[int, int, object]]:
    """(first, last, value) for each run of adjacent columns with the same value: one call each."""
    out: list[list] = []
    for col in sorted(by_column):
        value = by_column[col]
        if out and out[-1][1] == col - 1 and out[-1][2] == value:
            out[-1][1] = col
        else:
            out.append([col, col, value])
    return [tuple(r) for r in out]


def _widths(book, sheet, widths: list[float]) -> None:
    for first, last, w in runs(dict(enumerate(widths))):
        sheet.range((1, first + 1), (1, last + 1)).column_width = column_width(book, w)


def _header_style(sheet, row: int, ncols: int) -> None:
    rng = sheet.range((row, 1), (row, max(ncols, 1)))
    rng.color = HEADER_FILL
    rng.font.bold = True
    rng.font.color = HEADER_FONT


def _title_style(sheet) -> None:
    title = sheet.range((1, 1))
    title.font.bold = True
    title.font.size = TITLE_SIZE


def write_sheet(book, out: SheetOut, mark_sheet=_FIND):
    """One result sheet: title row 1, header row 3, rows from 4, a blank row, the footer
    (placed before ``mark_sheet``, as ``add_sheet``)."""
    sheet = add_sheet(book, out.name, mark_sheet)
    hr = HEADER_ROW
    width = max([len(out.header)] + [len(r) for r in out.rows] + [len(f) for f in out.footer])
    block = [[out.title], [], list(out.header), *out.rows]
    if out.footer:
        block += [[], *out.footer]
    sheet.range((1, 1)).value = rectangle(block, width)
    n = len(out.rows)
    if n and any(out.links):
        _links(sheet, out, hr)
    if n:
        for first, last, fmt in runs(out.number_formats):
            sheet.range((hr + 1, first + 1), (hr + n, last + 1)).number_format = fmt
    _title_style(sheet)
    _header_style(sheet, hr, len(out.header))
    if out.widths:
        _widths(book, sheet, list(out.widths))
    col = width + 2
    for spec in out.charts:
        col = _chart(book, sheet, out, spec, col)
    return sheet


def _links(sheet, out: SheetOut, hr: int) -> None:
    col = out.link_col
    formulas, runs, start = [], [], None
    for i, row in enumerate(out.rows):
        link = out.links[i] if i < len(out.links) else None
        shown = row[col] if col < len(row) else ""
        if link:
            formulas.append([hyperlink_formula(link[0], link[1], shown)])
            start = i if start is None else start
        else:
            formulas.append([cell(shown)])
            if start is not None:
                runs.append((start, i - 1))
                start = None
    if start is not None:
        runs.append((start, len(out.rows) - 1))
    sheet.range((hr + 1, col + 1), (hr + len(out.rows), col + 1)).formula = formulas
    if len(runs) > MAX_LINK_RUNS:
        runs = [(0, len(out.rows) - 1)]
    for a, b in runs:
        sheet.range((hr + 1 + a, col + 1), (hr + 1 + b, col + 1)).font.color = LINK_FONT


def _number(v):
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) and not (
        isinstance(v, float) and math.isnan(v)) else None


def _chart(book, sheet, out: SheetOut, spec: ChartSpec, first_col: int) -> int:
    """The chart's data beside the table (one write, from ``first_col``), then the chart drawn
    from it; returns the next free column. ``by_rows``: one series per row over the ``series``
    columns (e.g. a supplier across quarters)."""
    hr = HEADER_ROW
    if not spec.series:
        return first_col
    rows = [r for r in out.rows
            if len(r) > max([spec.categories, *spec.series]) and r[spec.categories] not in ("", None)]
    if not spec.by_rows:
        rows = [r for r in rows if all(_number(r[s]) is not None for s in spec.series)]
    if not rows:
        return first_col
    desktop = is_desktop(book)
    line = spec.line if spec.line is not None and not spec.by_rows else None
    label = spec.line_label or (f"{line:g}" if line is not None else "")
    header = [""] + [out.header[s] for s in spec.series] + ([label] if line is not None else [])
    data = [[r[spec.categories]] + ["" if _number(r[s]) is None else r[s] for s in spec.series]
            + ([line] if line is not None else []) for r in rows]
    sheet.range((hr, first_col)).value = rectangle([header, *data])
    drawn = len(header) - (1 if line is not None and not desktop else 0)
    source = sheet.range((hr, first_col), (hr + len(data), first_col + drawn - 1))
    title = spec.title
    if line is not None and not desktop:      # the line cannot be drawn here: name it
        title = f"{title}({label})" if title else label
    try:
        chart = sheet.charts.add(width=CHART_SIZE[0], height=CHART_SIZE[1], anchor=sheet[spec.anchor],
                                 chart_type="line_markers" if spec.kind == "line" else "column_clustered",
                                 source=source, plot_by="rows" if spec.by_rows else "columns")
        if title:
            chart.title = title
        if spec.y_title:
            chart.value_axis.title = spec.y_title
        if line is not None and desktop:
            chart.series(len(spec.series) + 1).chart_type = "line"
    except (NotImplementedError, AttributeError, ValueError):
        pass   # the data stays on the sheet; docs/excel.md says where charts are not drawn
    return first_col + len(header) + 1


# -- marks ---------------------------------------------------------------------------------------

def rule_area(areas: list[str]) -> str | None:
    """One range over a sheet's checked tables: their columns, from the first data row down to the
    bottom of the sheet (one rule per sheet and kind; rows added later are covered)."""
    boxes = [b for b in map(area_box, areas) if b]
    if not boxes:
        return None
    c1, r1, c2 = min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes)
    return f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{LAST_ROW}"


def _on_sheet(key: str, sheets) -> bool:
    return any(key.startswith(s + "!") for s in sheets)


def _ensure_mark_sheet(book, record: Record):
    """Our mark sheet, made (hidden, under a free name) when there is none yet."""
    if record.sheet is None:
        record.sheet = add_sheet(book, mark_sheet_name(book), None)
        record.sheet.visible = False
    return record.sheet


def _write_mark_sheet(book, record: Record, state: MarkSheet) -> None:
    """Write the record: one values write, padded to the old sheet's size so longer lists are
    blanked; the mark sheet goes when it has nothing left to record."""
    old = record.values
    if state.is_empty():
        if record.sheet is not None:
            record.sheet.delete()
            record.sheet, record.values = None, []
        record.state = state
        return
    sheet = _ensure_mark_sheet(book, record)
    grid = state.values()
    rows = max(len(grid), len(old))
    sheet.range((1, 1)).value = rectangle(grid, max((len(r) for r in old), default=0), rows)
    record.values, record.state = grid, state


def apply_marks(book, marks: Marks, only_sheets: list[str] | None = None, record: Record | None = None,
                write: bool = True) -> dict[str, list[str]]:
    """List this run's marks in the hidden sheet and make sure a rule colours them; other kinds'
    marks (and, with ``only_sheets``, other sheets' marks) are kept. Returns the new lists.
    ``write=False``: the new lists go into ``record.state`` only (the caller writes the sheet)."""
    record = record if record is not None else read_record(book)
    state = record.state
    keys, registry = state.keys, list(state.registry)
    new = merge_keys(keys, marks)
    if only_sheets is not None:
        for kind in marks.kinds:
            new[kind] = [k for k in keys[kind] if not _on_sheet(k, only_sheets)] + marks.keys(kind)
    names = {s.name for s in book.sheets}
    wanted = []
    for sheet_name, areas in marks.areas.items():
        area = rule_area(areas)
        if sheet_name not in names or area is None:
            continue
        for kind in marks.kinds:
            if not any(_on_sheet(k, [sheet_name]) for k in new[kind]):
                continue
            if state.has_rule(sheet_name, kind, areas):
                continue
            wanted.append((sheet_name, kind, area))
    if wanted:   # the rules refer to the mark sheet by name: it must exist first
        ms = _ensure_mark_sheet(book, record)
    for sheet_name, kind, area in wanted:
        _, fill, font, _ = MARK_KINDS[kind]
        top_left = area.split(":")[0]
        book.sheets[sheet_name].range(area).conditional_formats.add_custom(
            "=" + mark_formula(sheet_name, kind, top_left, mark_sheet=ms.name),
            fill_color="#" + fill, font_color="#" + font)
        registry.append([sheet_name, kind, area])
    new_state = MarkSheet(new, state.notes, registry, list(state.sheets))
    if write:
        _write_mark_sheet(book, record, new_state)
    else:
        record.state = new_state
    return new


def _drop(book, record: Record, names: list[str]) -> list[str]:
    """Delete the recorded result sheets ``names``; returns those deleted (Excel keeps one visible
    sheet: a last visible one stays, and stays recorded)."""
    names = [n for n in names if n in record.state.sheets]
    removed = remove_sheets(book, lambda n: n in names)
    record.state = MarkSheet(record.state.keys, record.state.notes, record.state.registry,
                             [n for n in record.state.sheets if n not in removed])
    return removed


def clear(book, record: Record | None = None, write: bool = True) -> int:
    """Empty the mark lists and delete the result sheets collab-xl recorded (never a sheet of the
    user's, whatever its name); returns how many marks there were. The rules stay, inert and
    registered (so the mark sheet stays while there are any)."""
    record = record if record is not None else read_record(book)
    count = record.state.count()
    _drop(book, record, list(record.state.sheets))
    state = MarkSheet(notes=record.state.notes, registry=record.state.registry, sheets=record.state.sheets)
    if write:
        _write_mark_sheet(book, record, state)
    else:
        record.state = state
    return count


# -- the whole Result ------------------------------------------------------------------------------

def render(book, result: Result, only_sheets: list[str] | None = None, activate: bool = True,
           record: Record | None = None) -> list:
    """Replace our old result sheets, add the new ones, apply the marks; activate the first new
    sheet. Returns the sheets added. ``result.clears``: every mark and result sheet is cleared first.

    Ownership follows the record (``record``, read here when not given): only recorded sheets
    that this result replaces are deleted; the new sheets are named around every sheet that
    stays (a sheet of the user's called 校验结果 makes ours "校验结果 (2)", links follow) and
    recorded; the mark sheet is written once, at the end."""
    record = record if record is not None else read_record(book)
    if result.clears:
        clear(book, record, write=False)
    else:
        _drop(book, record, [n for n in record.state.sheets if result.replaces_sheet(n)])
    placed = place_sheets(result.sheets, taken=[s.name for s in book.sheets])
    added = [write_sheet(book, out, record.sheet) for out in placed]
    record.state.sheets = list(record.state.sheets) + [s.name for s in added]
    if result.marks is not None:
        apply_marks(book, result.marks, only_sheets, record, write=False)
    _write_mark_sheet(book, record, record.state)
    if activate and added:
        added[0].activate()
    return added
