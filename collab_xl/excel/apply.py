"""Apply the actions the xlwings remote engine returns to a COPY of a workbook file, with openpyxl.

What an Office.js client does with ``book.json()["actions"]`` in Excel, done to a file, so tests
(and the docs' screenshots) look at the result as a user would: the sheets, their cells, the
conditional-format rules, the hidden mark sheet. Cell input is read the way Excel reads typed
input: a leading apostrophe makes the rest text, a leading "=" makes a formula, text that looks
like a number, date or TRUE/FALSE becomes one — so a renderer that forgot to protect user text
is caught here.

Only the actions collab-xl sends are known; any other raises ``NotImplementedError`` (a test then
says which). Alerts are collected and returned.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
_BAR = {"ColumnClustered": "col", "BarClustered": "bar"}


@dataclass
class Applied:
    path: Path
    alerts: list[dict] = field(default_factory=list)


def typed(value):
    """A cell's content after Excel reads ``value`` as input (values and formulas writes)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return ("s", value[1:])
    if value.startswith("=") and len(value) > 1:
        return ("f", value)
    text = value.strip()
    if text.upper() in ("TRUE", "FALSE"):
        return text.upper() == "TRUE"
    if _NUMBER.match(text.replace(",", "")):
        t = text.replace(",", "")
        n = float(t[:-1]) / 100 if t.endswith("%") else float(t)
        return int(n) if n.is_integer() and "." not in t and "e" not in t.lower() and abs(n) < 1e15 else n
    m = _DATE.match(text)
    if m:
        try:
            parts = [int(g) for g in m.groups() if g is not None]
            return dt.datetime(*parts)
        except ValueError:
            return ("s", value)
    return ("s", value)


def _put(ws, row: int, col: int, value) -> None:
    c = ws.cell(row=row, column=col)
    v = typed(value)
    if isinstance(v, tuple):
        kind, text = v
        c.value = text
        c.data_type = "f" if kind == "f" else "s"
    else:
        c.value = v


def _cells(ws, a: dict, cap_rows: bool = True):
    r0, c0 = a["start_row"] + 1, a["start_column"] + 1
    rows = a["row_count"] or 1
    if cap_rows:
        rows = min(rows, max(ws.max_row - r0 + 1, 1))
    for r in range(r0, r0 + rows):
        for c in range(c0, c0 + (a["column_count"] or 1)):
            yield ws.cell(row=r, column=c)


def _ref(a: dict) -> str:
    r0, c0 = a["start_row"] + 1, a["start_column"] + 1
    r1, c1 = r0 + (a["row_count"] or 1) - 1, c0 + (a["column_count"] or 1) - 1
    return f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"


def _hex(color: str | None) -> str | None:
    return None if color is None else color.lstrip("#").upper()


class _Applier:
    def __init__(self, wb):
        self.wb = wb
        self.alerts: list[dict] = []
        self.charts: dict[str, list] = {}

    def ws(self, a):
        return self.wb.worksheets[a["sheet_position"]]

    # sheets
    def addSheet(self, a):
        index, name = a["args"][0], a["args"][1]
        self.wb.create_sheet(name, index)

    def sheetDelete(self, a):
        self.wb.remove(self.ws(a))

    def setSheetVisibility(self, a):
        self.ws(a).sheet_state = {"Hidden": "hidden", "VeryHidden": "veryHidden"}.get(a["args"][0], "visible")

    def activateSheet(self, a):
        self.wb.active = int(a["args"][0])
        for ws in self.wb.worksheets:
            ws.sheet_view.tabSelected = ws is self.wb.active

    # cells
    def setValues(self, a):
        ws = self.ws(a)
        for i, row in enumerate(a["values"]):
            for j, v in enumerate(row):
                _put(ws, a["start_row"] + 1 + i, a["start_column"] + 1 + j, v)

    setFormula = setValues

    def rangeClearContents(self, a):
        for c in _cells(self.ws(a), a):
            c.value = None

    def setNumberFormat(self, a):
        for c in _cells(self.ws(a), a, cap_rows=False):
            c.number_format = a["args"][0]

    def setRangeColor(self, a):
        color = _hex(a["args"][0])
        fill = PatternFill("solid", fgColor=color) if color else PatternFill()
        for c in _cells(self.ws(a), a, cap_rows=False):
            c.fill = fill

    def setFontProperty(self, a):
        prop, value = a["args"][0], a["args"][1]
        if prop not in ("bold", "italic", "size", "name", "color"):
            raise NotImplementedError(f"font property {prop}")
        if prop == "color":
            value = _hex(value)
        for c in _cells(self.ws(a), a, cap_rows=False):
            c.font = Font(**{**_font_kwargs(c.font), prop: value})

    def setColumnWidth(self, a):
        ws = self.ws(a)
        points = float(a["args"][0])
        chars = max((points / 0.75 - 5) / 7, 0)
        for c in range(a["start_column"] + 1, a["start_column"] + 1 + (a["column_count"] or 1)):
            ws.column_dimensions[get_column_letter(c)].width = round(chars, 2)

    def setWrapText(self, a):
        from openpyxl.styles import Alignment
        for c in _cells(self.ws(a), a):
            c.alignment = Alignment(wrap_text=bool(a["args"][0]))

    # conditional formats
    def addConditionalFormat(self, a):
        entry = a["args"][0]
        if entry.get("type") != "Custom":
            raise NotImplementedError(f"conditional format {entry.get('type')}")
        fill = _hex(entry.get("fill_color"))
        font = _hex(entry.get("font_color"))
        rule = FormulaRule(formula=[entry["formula"][1:] if entry["formula"].startswith("=") else entry["formula"]],
                           fill=PatternFill("solid", fgColor=fill, bgColor=fill) if fill else None,
                           font=Font(color=font) if font else None, stopIfTrue=bool(entry.get("stop_if_true")))
        self.ws(a).conditional_formatting.add(_ref(a), rule)

    # charts
    def addChart(self, a):
        name, kind, sheet_name, address, left, top, width, height, plot_by, anchor, style = a["args"]
        ws = self.ws(a)
        src = self.wb[sheet_name]
        (c1, r1, c2, r2) = openpyxl.utils.cell.range_boundaries(address.replace("$", ""))
        chart = LineChart() if kind.startswith("Line") else BarChart()
        if isinstance(chart, BarChart):
            chart.type = _BAR.get(kind, "col")
        if plot_by == "Rows":
            data = Reference(src, min_col=c1, min_row=r1 + 1, max_col=c2, max_row=r2)
            cats = Reference(src, min_col=c1 + 1, max_col=c2, min_row=r1, max_row=r1)
            chart.add_data(data, titles_from_data=True, from_rows=True)
        else:
            data = Reference(src, min_col=c1 + 1, min_row=r1, max_col=c2, max_row=r2)
            cats = Reference(src, min_col=c1, min_row=r1 + 1, max_row=r2)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.x_axis.delete = chart.y_axis.delete = False
        chart.width, chart.height = (width or 355) / 28.35, (height or 211) / 28.35   # points → cm
        ws.add_chart(chart, (anchor or "A1").replace("$", ""))
        self.charts.setdefault(ws.title, []).append(chart)

    def _chart(self, a):
        return self.charts[self.ws(a).title][int(a["args"][0])]

    def setChartTitle(self, a):
        self._chart(a).title = a["args"][1]

    def setChartAxis(self, a):
        chart = self._chart(a)
        axis = chart.y_axis if a["args"][1] == "value" else chart.x_axis
        if "title" in a["args"][2]:
            axis.title = a["args"][2]["title"]

    def setChartLegend(self, a):
        if a["args"][1] == "visible" and not a["args"][2]:
            self._chart(a).legend = None

    # dialogs
    def alert(self, a):
        prompt, title, buttons, mode, callback = (list(a["args"]) + [""] * 5)[:5]
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})


def _font_kwargs(font) -> dict:
    color = font.color.rgb if font.color is not None and isinstance(font.color.rgb, str) else None
    return {"name": font.name, "size": font.sz, "bold": font.b, "italic": font.i, "underline": font.u,
            "color": color}


def apply_actions(src: str | Path, actions: list[dict], out: str | Path) -> Applied:
    """Apply ``actions`` (``book.json()["actions"]``) to a copy of ``src`` saved as ``out``."""
    src, out = Path(src), Path(out)
    wb = openpyxl.load_workbook(src, keep_vba=src.suffix.lower() in (".xlsm", ".xltm"), rich_text=True)
    applier = _Applier(wb)
    for a in actions:
        handler = getattr(applier, a["func"], None)
        if handler is None or a["func"].startswith("_"):
            raise NotImplementedError(f"apply.py does not know the action {a['func']!r}")
        handler(a)
    wb.save(out)
    return Applied(path=out, alerts=applier.alerts)
