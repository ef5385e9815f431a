"""Drawing ``ChartSpec``s with openpyxl.chart: real Excel chart objects in the saved file.

A ChartSpec names 0-based columns of its ``SheetOut.rows``; the rows sit under the header row
(``RESULT_HEADER_ROW``, row 3), so a column's data range is
``<col><header_row + 1>:<col><header_row + len(rows)>`` and its series title is the header cell.

* ``kind="bar"``: a clustered column chart, one series per column in ``series``;
* ``kind="line"``: a line chart with markers, one series per column;
* ``line`` (e.g. the 80-point threshold): a horizontal reference line drawn as a line series
  over the same axes. Its values sit in a hidden helper column to the right of the table, and
  the chart plots hidden cells (a chart series needs cells; the helper stays out of print and
  out of the user's way).
"""
from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.utils import get_column_letter

from collab_xl.core.output import RESULT_HEADER_ROW, ChartSpec, SheetOut

WIDTH_CM = 16
HEIGHT_CM = 8.5
LINE_COLOUR = "C00000"


def _text(ws, row: int, col: int, value: str):
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"      # never a formula
    return cell


def _axes(chart) -> None:
    # openpyxl ≥ 3.1 writes <c:delete val="1"/> unless told otherwise: the axes would vanish.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def draw_charts(ws, out: SheetOut, header_row: int = RESULT_HEADER_ROW) -> list:
    """Add every chart of ``out`` to the worksheet ``ws`` that ``out`` was written into."""
    if not out.charts or not out.rows:
        return []
    first, last = header_row + 1, header_row + len(out.rows)
    width = max([len(out.header)] + [len(r) for r in out.rows])
    helper = width + 2                 # one empty column between the table and the helpers
    charts = []
    for spec in out.charts:
        chart = _chart(spec)
        if spec.by_rows:
            _add_row_series(ws, chart, spec, header_row, first, last)
            ws.add_chart(chart, spec.anchor)
            charts.append(chart)
            continue
        for c in spec.series:
            chart.add_data(Reference(ws, min_col=c + 1, min_row=header_row, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=spec.categories + 1, min_row=first, max_row=last))
        if spec.kind == "line":
            for s in chart.series:
                s.marker.symbol = "circle"
                s.smooth = False
        if spec.line is not None:
            _text(ws, header_row, helper, spec.line_label or f"{spec.line:g}")
            for r in range(first, last + 1):
                ws.cell(row=r, column=helper, value=float(spec.line))
            ws.column_dimensions[get_column_letter(helper)].hidden = True
            ref = Reference(ws, min_col=helper, min_row=header_row, max_row=last)
            if isinstance(chart, LineChart):
                chart.add_data(ref, titles_from_data=True)
                _style_threshold(chart.series[-1])
            else:
                overlay = LineChart()
                overlay.add_data(ref, titles_from_data=True)
                _style_threshold(overlay.series[-1])
                chart += overlay       # same category and value axes as the bars
            chart.visible_cells_only = False
            helper += 1
        ws.add_chart(chart, spec.anchor)
        charts.append(chart)
    return charts


def _chart(spec: ChartSpec):
    if spec.kind == "line":
        chart = LineChart()
        chart.style = 12
    else:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.style = 10
        chart.y_axis.scaling.min = 0
    chart.title = spec.title or None
    if spec.y_title:
        chart.y_axis.title = spec.y_title
    chart.width, chart.height = WIDTH_CM, HEIGHT_CM
    chart.legend.position = "b"
    _axes(chart)
    return chart


def _style_threshold(series) -> None:
    series.graphicalProperties.line.solidFill = LINE_COLOUR
    series.graphicalProperties.line.dashStyle = "dash"
    series.graphicalProperties.line.width = 19050   # 1.5 pt
    series.marker.symbol = "none"
    series.smooth = False


def _add_row_series(ws, chart, spec: ChartSpec, header_row: int, first: int, last: int) -> None:
    """One series per table row (e.g. a supplier over the quarters): values across the
    ``series`` columns, titled by the row's ``categories`` cell; the x axis is their headers."""
    lo, hi = min(spec.series) + 1, max(spec.series) + 1
    for r in range(first, last + 1):
        values = Reference(ws, min_col=lo, max_col=hi, min_row=r, max_row=r)
        series = Series(values, title=str(ws.cell(row=r, column=spec.categories + 1).value or ""))
        series.marker.symbol = "circle"
        series.smooth = False
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=lo, max_col=hi, min_row=header_row, max_row=header_row))
