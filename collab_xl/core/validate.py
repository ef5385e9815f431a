"""Validation: tables found in grids → prepared frames → pandera → findings.

The findings are a first-class report (after frictionless): every finding has a sheet, an Excel
row, the catalog column, the cell address, the value the user typed, a severity, a stable rule
code and a message in the user's language. ``Report.to_dict()`` is the JSON document of
interfaces.md.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from collab_xl.catalog import Context, Table
from collab_xl.catalog.base import range_text
from collab_xl.cells import parse
from collab_xl.core.grid import Grid, Hit, find_tables
from collab_xl.i18n import Messages, norm_lang, pick

FINDING_COLUMNS = ["sheet", "table", "row", "column", "cell", "value", "severity", "code", "message"]

M = Messages({
    "CX001": ("列「{header}」出现了两次,只检查第一列", "Column \"{header}\" appears twice; only the first is checked"),
    "CX002": ("表头缺少必填列「{header}」", "The header lacks the required column \"{header}\""),
})
STRUCTURAL = {
    "CX001": ("warning", ("表头列重复", "Duplicate header column")),
    "CX002": ("error", ("缺少必填列", "Required column missing")),
}


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


def extract(hit: Hit) -> pd.DataFrame:
    """The raw values under a header, one column per catalog column (missing columns empty),
    indexed by Excel row number."""
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
    return pd.DataFrame(out, index=index)


def prepare_hit(hit: Hit, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = extract(hit)
    prepared, text = hit.table.prepare(raw, ctx)
    return prepared, text


def _failure_cases(schema: pa.DataFrameSchema, prepared: pd.DataFrame,
                   order: list[str] | None = None) -> pd.DataFrame:
    """Run pandera lazily; one row per (rule check, Excel row) that failed. ``order``: the check
    names in rule order (which broken rule to name first)."""
    try:
        schema.validate(prepared, lazy=True)
    except SchemaErrors as err:
        fc = err.failure_cases
        fc = fc[fc["check"].astype(str).str.match(r"^CX\d{3}:")]
        broken = fc[fc["index"].isna()]
        if len(broken):  # a rule that raised instead of answering is a bug: never drop it silently
            if order:
                rank = {name: k for k, name in enumerate(order)}
                broken = broken.iloc[broken["check"].astype(str).map(lambda n: rank.get(n, len(rank))).argsort(kind="stable")]
            raise RuntimeError(f"rule {broken['check'].iloc[0]} could not run: {broken['failure_case'].iloc[0]}")
        fc = fc.dropna(subset=["index"]).drop_duplicates(["check", "index"])
        return pd.DataFrame({"check": fc["check"].astype(str).values, "index": fc["index"].astype(int).values})
    return pd.DataFrame({"check": pd.Series(dtype=str), "index": pd.Series(dtype=int)})


def _messages(table: Table, code: str, colname: str, values: pd.Series, rows: pd.Series,
              prepared: pd.DataFrame, lang: str, ctx: Context | None = None) -> list[str]:
    col = table.col(colname)
    rule = table.rule_by(code, colname)
    template = pick(rule.message, lang)
    header = col.en if lang == "en" else col.key
    extra: dict[str, list] = {}
    if "{canonical}" in template:
        extra["canonical"] = prepared.loc[rows, colname].astype(str).tolist()
    if "{expected}" in template:
        extra["expected"] = [parse.uscc_check_char(parse.unicodedata.normalize("NFKC", v).upper()[:17])
                             if len(v) >= 17 else "?" for v in values]
    rng = range_text(col, ctx)
    if not extra:  # the message depends on the value alone: format each distinct value once
        memo: dict[str, str] = {}
        out = []
        for v in values.tolist():
            m = memo.get(v)
            if m is None:
                m = memo[v] = template.format(value=v, header=header, range=rng)
            out.append(m)
        return out
    out = []
    for k, v in enumerate(values):
        fields = {"value": v, "header": header, "range": rng}
        for key, vals in extra.items():
            fields[key] = vals[k]
        out.append(template.format(**fields))
    return out


def check_table(hit: Hit, ctx: Context, lang: str, prepared: pd.DataFrame | None = None,
                text: pd.DataFrame | None = None) -> TableResult:
    table = hit.table
    if prepared is None:
        prepared, text = prepare_hit(hit, ctx)
    present = set(hit.columns)
    fc = _failure_cases(table.schema(ctx, present, frame=prepared), prepared,
                        [f"{r.code}:{r.column}" for r in table.all_rules(present)])
    parts = []
    if len(fc):
        # a handful of distinct check names: split each once, not once per failing row
        names = {name: name.split(":", 1) for name in fc["check"].unique().tolist()}
        fc = fc.assign(code=fc["check"].map({k: v[0] for k, v in names.items()}),
                       colname=fc["check"].map({k: v[1] for k, v in names.items()}))
        for (code, colname), grp in fc.groupby(["code", "colname"], sort=False):
            rows = grp["index"]
            values = text.loc[rows, colname].astype(str)
            rule = table.rule_by(code, colname)
            parts.append(pd.DataFrame({
                "row": rows.values,
                "column": table.col(colname).key,
                "colname": colname,
                "cell": [f"{letter}{r}" for letter in (hit.letter(colname),) for r in rows.tolist()],
                "value": values.values,
                "severity": rule.severity,
                "code": code,
                "message": _messages(table, code, colname, values, rows, prepared, lang, ctx),
            }))
    parts.append(_structural(hit, lang))
    findings = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else pd.DataFrame(columns=["row", "column", "colname", "cell", "value", "severity", "code", "message"])
    findings.insert(0, "table", table.key)
    findings.insert(0, "sheet", hit.grid.name)
    order = {c.name: hit.columns.get(c.name, 10_000) for c in table.columns}
    findings["_col"] = findings["colname"].map(order)
    findings = findings.sort_values(["row", "_col", "code"], kind="stable").drop(columns=["_col"]).reset_index(drop=True)
    return TableResult(hit.grid.name, hit, prepared, text, findings)


def _structural(hit: Hit, lang: str) -> pd.DataFrame:
    """Findings about the header itself: a required column missing, a column named twice."""
    rows = []
    header_row = hit.header_row
    for name in hit.missing_required:
        col = hit.table.col(name)
        rows.append({"row": header_row, "column": col.key, "colname": name, "cell": f"{hit.grid.letter(0)}{header_row}",
                     "value": "", "severity": "error", "code": "CX002",
                     "message": M("CX002", lang, header=col.en if lang == "en" else col.key)})
    for name, j in hit.duplicates.items():
        col = hit.table.col(name)
        rows.append({"row": header_row, "column": col.key, "colname": name, "cell": f"{hit.grid.letter(j)}{header_row}",
                     "value": str(hit.grid.rows[hit.header_index][j]), "severity": "warning", "code": "CX001",
                     "message": M("CX001", lang, header=col.en if lang == "en" else col.key)})
    return pd.DataFrame(rows)


def find_all(grids: list[Grid]) -> list[Hit]:
    hits = []
    from collab_xl.core.output import is_result_sheet
    for g in grids:
        if is_result_sheet(g.name):  # our own output is not the user's data
            continue
        hits.extend(find_tables(g))
    return hits


def directory_names(hits: list[Hit], ctx: Context) -> tuple[frozenset[str] | None, dict[int, tuple]]:
    """Supplier names of every 供应商名录 in the workbook (None when it has none); the prepared
    frames are returned so they are not built twice."""
    names: set[str] = set()
    cache: dict[int, tuple] = {}
    found = False
    for h in hits:
        if h.table.key == "supplier_directory":
            found = True
            prepared, text = prepare_hit(h, ctx)
            cache[id(h)] = (prepared, text)
            names.update(prepared["supplier"].dropna().tolist())
    return (frozenset(names) if found else None), cache


def validate_grids(file: str, grids: list[Grid], ctx: Context, lang: str = "zh",
                   hits: list[Hit] | None = None) -> Report:
    lang = norm_lang(lang)
    if hits is None:
        hits = find_all(grids)
    directory, cache = directory_names(hits, ctx)
    ctx = Context(today=ctx.today, config=ctx.config, directory=directory)
    results = []
    for h in hits:
        prepared, text = cache.get(id(h), (None, None))
        results.append(check_table(h, ctx, lang, prepared, text))
    findings = pd.concat([r.findings for r in results], ignore_index=True) if results else \
        pd.DataFrame(columns=FINDING_COLUMNS + ["colname"])
    return Report(file=file, results=results, lang=lang, today=ctx.today, findings=findings)
