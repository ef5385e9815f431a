"""Validation: tables found in grids → prepared frames → pandera → findings.

The findings are a first-class report (after frictionless): every finding has a sheet, an Excel
row, the catalog column, the cell address, the value the user typed, a severity, a stable rule
code and a message in the user's language. ``Report.to_dict()`` is the JSON document of
interfaces.md.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collab_xl.catalog import Context, Table
from collab_xl.catalog.headers import HEADER_RULES
from collab_xl.core import prepare as prep
from collab_xl.core import schema
from collab_xl.core.calendar import WorkCalendar
from collab_xl.core.grid import Grid, Hit, find_tables
from collab_xl.i18n import Both, norm_lang, pick

FINDING_COLUMNS = ["sheet", "table", "row", "column", "cell", "value", "severity", "code", "message"]


@dataclass
class TableResult:
    sheet: str
    hit: Hit
    prepared: pd.DataFrame          # index = Excel row
    text: pd.DataFrame              # display text of every cell, same index
    findings: pd.DataFrame

    @property
    def table(self) -> Table:
        return self.hit.table

    @property
    def rows(self) -> int:
        return len(self.prepared)

    def summary(self) -> dict:
        return {"sheet": self.sheet, "table": self.table.key, "header_row": self.hit.header_row, "rows": self.rows}


@dataclass
class Report:
    file: str
    results: list[TableResult]
    lang: str = "zh"
    today: dt.date | None = None
    findings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FINDING_COLUMNS))

    @property
    def errors(self) -> int:
        return int((self.findings["severity"] == "error").sum())

    @property
    def warnings(self) -> int:
        return int((self.findings["severity"] == "warning").sum())

    def to_dict(self) -> dict:
        f = self.findings
        records = [
            {"sheet": s, "table": t, "row": int(r), "column": c, "cell": cell, "value": v,
             "severity": sev, "code": code, "message": msg}
            for s, t, r, c, cell, v, sev, code, msg in zip(
                f["sheet"], f["table"], f["row"], f["column"], f["cell"], f["value"],
                f["severity"], f["code"], f["message"])
        ]
        return {
            "file": self.file,
            "tables": [r.summary() for r in self.results],
            "findings": records,
            "summary": {"errors": self.errors, "warnings": self.warnings},
        }


try:   # what pd.DataFrame(list of lists) builds its object array with (pandas.core.internals.construction)
    from pandas._libs.lib import to_object_array as _object_array
except ImportError:   # pragma: no cover - a pandas without it: numpy's own, 3× slower
    def _object_array(rows: list[list]) -> np.ndarray:
        return np.array(rows, dtype=object)


def extract(hit: Hit) -> pd.DataFrame:
    """The raw values under a header, one column per catalog column (missing columns empty, a
    column read above the table (``hit.outside``) its value on every row), indexed by Excel row
    number; rows that are not data (``hit.skipped``: hint rows, 合计 …) left out.

    Fast path for a body whose rows are all of one length (what the readers give): one object
    array of the body (``_object_array``, as ``pd.DataFrame(rows)`` builds it), the catalog columns
    copied out of it into one object array that becomes the frame without another copy. Equal
    to ``_extract_plain`` (a frame of every sheet column, a Series copied out per catalog
    column, then a frame of those): same values (the very objects), same object dtypes, same
    index and columns; merged cells and values read above are written into the array as the
    plain way writes them into its Series (tests/test_extract_fast.py compares the two)."""
    g = hit.grid
    first = hit.header_index + 1
    body = g.rows[first: hit.end_index]
    n = len(body)
    width = len(body[0]) if body else 0
    if not n or set(map(len, body)) != {width}:
        return _extract_plain(hit)
    cells = _object_array(body)
    if cells.shape != (n, width):           # (np.array: a cell that is itself a sequence)
        return _extract_plain(hit)
    names = [c.name for c in hit.table.columns]
    names += [name for name in hit.outside if name not in names]
    at = {name: k for k, name in enumerate(names)}
    out = np.empty((len(names), n), dtype=object)     # a row per column: the frame's own layout
    for k, c in enumerate(hit.table.columns):
        j = hit.columns.get(c.name)
        if j is not None and j < width:
            out[k] = cells[:, j]
        else:
            out[k].fill("")
    # Merged cells (as _extract_plain): in a grouping column the blank continuation is "same as
    # above" already; elsewhere the merged value stands for every row it spans.
    by_index = {j: c for c in hit.table.columns if (j := hit.columns.get(c.name)) is not None}
    for i1, i2, j in g.merged_down():
        c = by_index.get(j)
        if c is None or c.ffill or i2 < first or i1 >= hit.end_index or i1 < first:
            continue
        top = g.rows[i1][j] if j < len(g.rows[i1]) else ""
        out[at[c.name], i1 + 1 - first: min(i2, hit.end_index - 1) + 1 - first].fill(top)
    for name, o in hit.outside.items():
        out[at[name]].fill(o.value)
    index = pd.RangeIndex(g.excel_row(first), g.excel_row(first) + n)
    frame = pd.DataFrame(out.T, index=index, columns=names, dtype=object, copy=False)
    if hit.skipped:
        frame = frame.drop(index=[g.excel_row(i) for i in hit.skipped])
    return frame


def _extract_plain(hit: Hit) -> pd.DataFrame:
    """``extract`` the plain way, a Series per column (any body: rows of unequal lengths too)."""
    g = hit.grid
    body = g.rows[hit.header_index + 1: hit.end_index]
    index = pd.RangeIndex(g.excel_row(hit.header_index + 1), g.excel_row(hit.header_index + 1) + len(body))
    width = max((len(r) for r in body), default=0)
    frame = pd.DataFrame(body, index=index, columns=range(width), dtype=object) if body else None
    out = {}
    for c in hit.table.columns:
        j = hit.columns.get(c.name)
        if frame is not None and j is not None and j < width:
            out[c.name] = frame[j].copy()
        else:
            out[c.name] = pd.Series("", index=index, dtype=object)
    # Merged cells: in a grouping column the blank continuation is "same as above" already (and
    # must not start a new group); elsewhere the merged value stands for every row it spans.
    by_index = {j: c for c in hit.table.columns if (j := hit.columns.get(c.name)) is not None}
    first = hit.header_index + 1
    for i1, i2, j in g.merged_down():
        c = by_index.get(j)
        if c is None or c.ffill or i2 < first or i1 >= hit.end_index or i1 < first:
            continue
        top = g.rows[i1][j] if j < len(g.rows[i1]) else ""
        rows = [g.excel_row(i) for i in range(i1 + 1, min(i2, hit.end_index - 1) + 1)]
        out[c.name].loc[rows] = [top] * len(rows)
    for name, o in hit.outside.items():
        out[name] = pd.Series(o.value, index=index, dtype=object)
    frame = pd.DataFrame(out, index=index)
    if hit.skipped:
        frame = frame.drop(index=[g.excel_row(i) for i in hit.skipped])
    return frame


def prepare_hit(hit: Hit, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    return prep.prepare(hit.table, extract(hit), ctx, outside=frozenset(hit.outside))


def _messages(table: Table, rule, values: pd.Series, rows: pd.Series, prepared: pd.DataFrame,
              lang: str, ctx: Context | None = None) -> list[str]:
    col = table.col(rule.column)
    template = pick(rule.message, lang)
    header = col.en if lang == "en" else col.key
    extra = rule.fields(prepared, rows, values, col, ctx) if rule.fields else {}
    # a field that differs by language (Both), alone or one per row
    extra = {k: [pick(x, lang) if isinstance(x, Both) else x for x in v] if isinstance(v, list)
             else pick(v, lang) if isinstance(v, Both) else v for k, v in extra.items()}
    per_row = {k: v for k, v in extra.items() if isinstance(v, list)}
    # a field given as a (zh, en) pair is shown in the message's language
    fixed = {"value": None, "header": header,
             **{k: (pick(v, lang) if isinstance(v, tuple) else v) for k, v in extra.items() if k not in per_row}}
    if not per_row:  # the message depends on the value alone: format each distinct value once
        memo: dict[str, str] = {}
        out = []
        for v in values.tolist():
            m = memo.get(v)
            if m is None:
                fixed["value"] = v
                m = memo[v] = template.format(**fixed)
            out.append(m)
        return out
    out = []
    for k, v in enumerate(values):
        fixed["value"] = v
        out.append(template.format(**fixed, **{key: vals[k] for key, vals in per_row.items()}))
    return out


def check_table(hit: Hit, ctx: Context, lang: str, prepared: pd.DataFrame | None = None,
                text: pd.DataFrame | None = None) -> TableResult:
    """One found table checked on its own."""
    if prepared is None:
        prepared, text = prepare_hit(hit, ctx)
    return check_tables([hit], ctx, lang, [(prepared, text)])[0]


def check_tables(hits: list[Hit], ctx: Context, lang: str,
                 frames: list[tuple[pd.DataFrame, pd.DataFrame]]) -> list[TableResult]:
    """Found tables of one catalog table (a table kept as one sheet per month, or in several
    blocks) checked as one: their prepared frames are stacked and the schema runs once on the
    stack, so cross-row rules (a unique column, anything comparing rows) see every row. Each
    failure goes back to the table it came from: its sheet, its Excel row, its cell. A rule runs
    for a table only when the column it marks is there (Table.all_rules)."""
    table = hits[0].table
    sizes = [len(p) for p, _ in frames]
    ends = np.cumsum(sizes)
    prepared = _stack([p for p, _ in frames])
    text = _stack([t for _, t in frames])
    present = [set(h.columns) | set(h.outside) for h in hits]
    rules = table.all_rules(set().union(*present))
    fc = schema.failure_cases(rules, ctx, table.key, prepared)
    parts: list[list[pd.DataFrame]] = [[] for _ in hits]
    if len(fc):
        by_check = {r.check_name: r for r in rules}
        for name, grp in fc.groupby("check", sort=False):
            rule = by_check[name]
            pos = grp["index"]
            values = text.loc[pos, rule.column].astype(str)
            messages = _messages(table, rule, values, pos, prepared, lang, ctx)
            owner = np.searchsorted(ends, pos.to_numpy(), side="right")
            for k, hit in enumerate(hits):
                mine = owner == k
                if not mine.any() or rule.column not in present[k]:
                    continue
                start = int(ends[k]) - sizes[k]
                rows = frames[k][0].index[pos.to_numpy()[mine] - start]
                if rule.column in hit.outside:
                    # a value read above the table: one finding, at the cell it came from
                    row, cell = hit.outside_cell(rule.column)
                    parts[k].append(pd.DataFrame({
                        "row": [row], "column": table.col(rule.column).key, "colname": rule.column,
                        "cell": [cell], "value": [values.values[mine][0]], "severity": rule.severity,
                        "code": rule.code, "message": [next(m for m, keep in zip(messages, mine) if keep)]}))
                    continue
                parts[k].append(pd.DataFrame({
                    "row": rows.values,
                    "column": table.col(rule.column).key,
                    "colname": rule.column,
                    "cell": [f"{letter}{r}" for letter in (hit.letter(rule.column),) for r in rows.tolist()],
                    "value": values.values[mine],
                    "severity": rule.severity,
                    "code": rule.code,
                    "message": [m for m, keep in zip(messages, mine) if keep],
                }))
    return [TableResult(hit.grid.name, hit, p, t, _findings(hit, own, lang))
            for hit, (p, t), own in zip(hits, frames, parts)]


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames one under the other, indexed by position (0 … n-1)."""
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    filled = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(filled, ignore_index=True)


def _findings(hit: Hit, parts: list[pd.DataFrame], lang: str) -> pd.DataFrame:
    """A found table's findings: its rule findings and header findings, by row, column, code."""
    table = hit.table
    parts = [*parts, _header_findings(hit, lang)]
    findings = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else pd.DataFrame(columns=["row", "column", "colname", "cell", "value", "severity", "code", "message"])
    findings.insert(0, "table", table.key)
    findings.insert(0, "sheet", hit.grid.name)
    order = {c.name: hit.columns.get(c.name, 10_000) for c in table.columns}
    findings["_col"] = findings["colname"].map(order)
    return findings.sort_values(["row", "_col", "code"], kind="stable").drop(columns=["_col"]).reset_index(drop=True)


def _header_findings(hit: Hit, lang: str) -> pd.DataFrame:
    """Findings about the header itself (catalog/headers.py): a required column missing, a
    column named twice. A finding sits on the header row, at the column (or the table's first
    column when the column is not there)."""
    rows = []
    header_row = hit.header_row
    for rule in HEADER_RULES:
        for name, j in rule.find(hit):
            col = hit.table.col(name)
            rows.append({"row": header_row, "column": col.key, "colname": name,
                         "cell": f"{hit.grid.letter(0 if j is None else j)}{header_row}",
                         "value": "" if j is None else str(hit.grid.rows[hit.header_index][j]),
                         "severity": rule.severity, "code": rule.code,
                         "message": pick(rule.message, lang).format(header=col.en if lang == "en" else col.key)})
    return pd.DataFrame(rows)


def find_all(grids: list[Grid], owned: set[str] | None = None, config=None) -> list[Hit]:
    """The tables on every sheet but collab-xl's own output (``owned``, by default what the
    workbook's record lists: ``collab_xl.core.output.owned_sheets``); ``config`` brings the
    user's own header words ([headers], [sheets])."""
    hits = []
    if owned is None:
        from collab_xl.core.output import owned_sheets
        owned = owned_sheets(grids)
    for g in grids:
        if g.name in owned:  # our own output is not the user's data
            continue
        hits.extend(find_tables(g, config))
    return hits


@dataclass
class Prepared:
    """A workbook's found tables, each prepared once (``prepare_hit``): what ``validate_grids``
    checks, and what rules checking another file of the same command read (``tables()``)."""
    hits: list[Hit]
    frames: list[tuple[pd.DataFrame, pd.DataFrame]]     # (prepared, text) of each hit

    def tables(self) -> dict[str, tuple]:
        """The prepared frames by catalog table key, in the order found (``Context.tables``)."""
        out: dict[str, tuple] = {}
        for h, (p, _) in zip(self.hits, self.frames):
            out[h.table.key] = out.get(h.table.key, ()) + (p,)
        return out


def prepare_grids(grids: list[Grid], ctx: Context, hits: list[Hit] | None = None,
                  owned: set[str] | None = None) -> Prepared:
    """Every table found in ``grids`` (or the ``hits`` given), prepared once."""
    if hits is None:
        hits = find_all(grids, owned, ctx.config)
    return Prepared(hits, [prepare_hit(h, ctx) for h in hits])


def directory_of(tables: Mapping[str, tuple]) -> frozenset[str] | None:
    """Supplier names of every 供应商名录 among ``tables`` (None when there is none)."""
    frames = tables.get("supplier_directory")
    if not frames:
        return None
    return frozenset(n for p in frames for n in p["supplier"].dropna().tolist())


def _calendar(config) -> WorkCalendar:
    """The working-day calendar rules count with (tables-2.md working days, 调休 included)."""
    return WorkCalendar.from_config(config) if config is not None else WorkCalendar()


def validate_grids(file: str, grids: list[Grid], ctx: Context, lang: str = "zh",
                   hits: list[Hit] | None = None, owned: set[str] | None = None, *,
                   prepared: Prepared | None = None, others: Mapping[str, tuple] | None = None) -> Report:
    """Check every table found in one workbook. ``prepared``: its tables already prepared
    (``prepare_grids``), so they are not prepared again. ``others``: the prepared tables of the
    other files given to the same command, by key (``Prepared.tables()`` of each, merged): a rule
    reading another table (``ctx.table``, ``ctx.directory``) sees them after this workbook's own;
    rules comparing rows within one table still see this workbook's rows only. Findings are
    always this workbook's."""
    lang = norm_lang(lang)
    if prepared is None:
        prepared = prepare_grids(grids, ctx, hits, owned)
    hits, frames = prepared.hits, prepared.frames
    # Every found table is prepared before any is checked: a rule may read another table
    # (ctx.table(key): 供应商名录 against 供应商评估表 …), also one of another file of the command.
    tables = prepared.tables()
    for key, more in (others or {}).items():
        if more:
            tables[key] = tables.get(key, ()) + tuple(more)
    ctx = Context(today=ctx.today, config=ctx.config, directory=directory_of(tables), tables=tables,
                  calendar=ctx.calendar if ctx.calendar is not None else _calendar(ctx.config))
    # Found tables of the same catalog table (one sheet per month …) are one table for the rules.
    groups: dict[str, list[int]] = {}
    for k, h in enumerate(hits):
        groups.setdefault(h.table.key, []).append(k)
    checked: dict[int, TableResult] = {}
    for idx in groups.values():
        group = [hits[k] for k in idx]
        checked.update(zip(idx, check_tables(group, ctx, lang, [frames[k] for k in idx])))
    results = [checked[k] for k in range(len(hits))]
    findings = pd.concat([r.findings for r in results], ignore_index=True) if results else \
        pd.DataFrame(columns=FINDING_COLUMNS + ["colname"])
    return Report(file=file, results=results, lang=lang, today=ctx.today, findings=findings)
