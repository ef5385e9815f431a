"""The catalog's rules as one pandera schema per table, and pandera's failure cases back.

Each rule becomes a pandera check named by its code and column ("CX102:due"), attached to the
column its findings mark, so a failing row is one failure case (measured.md: a dataframe-level
check makes pandera list every column of a failing row and format them all).
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from collab_xl.catalog import Context, Rule


def pandera_check(rule: Rule, ctx: Context, frame: pd.DataFrame) -> pa.Check:
    """The rule as a pandera check of its own column that reads the columns it needs from
    ``frame`` (the frame being validated). A value a grouping column inherited from the row
    above passes: its findings belong to the row it was typed in."""
    fn, inherited = rule.check, f"{rule.column}__inherited"

    def check(_column: pd.Series) -> pd.Series:
        ok = fn(frame, ctx)
        return ok | frame[inherited] if inherited in frame.columns else ok
    return pa.Check(check, name=rule.check_name, ignore_na=False)


def build(key: str, rules: list[Rule], ctx: Context, frame: pd.DataFrame) -> pa.DataFrameSchema:
    """One schema over ``frame`` with every rule as a check of its column."""
    by_column: dict[str, list[pa.Check]] = {}
    for r in rules:
        by_column.setdefault(r.column, []).append(pandera_check(r, ctx, frame))
    return pa.DataFrameSchema(
        columns={name: pa.Column(checks=checks, nullable=True, required=True, name=name)
                 for name, checks in by_column.items()},
        name=key,
        strict=False,
    )


def failure_cases(rules: list[Rule], ctx: Context, key: str, prepared: pd.DataFrame) -> pd.DataFrame:
    """Run pandera lazily; one row (check name, Excel row) per rule and row that failed. A rule
    that raised instead of answering is a bug: it is raised, never dropped (the first in rule
    order is named)."""
    try:
        build(key, rules, ctx, prepared).validate(prepared, lazy=True)
    except SchemaErrors as err:
        fc = err.failure_cases
        fc = fc[fc["check"].astype(str).str.match(r"^CX\d{3}:")]
        broken = fc[fc["index"].isna()]
        if len(broken):
            rank = {r.check_name: k for k, r in enumerate(rules)}
            broken = broken.iloc[broken["check"].astype(str).map(lambda n: rank.get(n, len(rank))).argsort(kind="stable")]
            raise RuntimeError(f"rule {broken['check'].iloc[0]} could not run: {broken['failure_case'].iloc[0]}")
        fc = fc.dropna(subset=["index"]).drop_duplicates(["check", "index"])
        return pd.DataFrame({"check": fc["check"].astype(str).values, "index": fc["index"].astype(int).values})
    return pd.DataFrame({"check": pd.Series(dtype=str), "index": pd.Series(dtype=int)})
