"""Raw cells of a found table → the prepared frame its rules check, driven by the catalog's
declarations (each column's kind parses it).

The prepared frame has one typed column per catalog column (``name``), the cleaned text
(``name__text``), whether the cell showed an Excel error (``name__xlerror``), the flags its kind's
parser sets (``name__bad``, ``name__noyear`` …) and, for grouping columns, which values were
filled down (``name__inherited``). Its index is the Excel row number, so a failure case's index
*is* the row a user looks at.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from collab_xl.catalog import Context, Table
from collab_xl.catalog.kinds import Cells, word_key
from collab_xl.cells import parse


def _drop_blank_rows(table: Table, raw: pd.DataFrame, text: pd.DataFrame,
                    outside: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows with nothing in any catalog column are not rows of the table (a value read above
    the table, on every row, does not count)."""
    if not len(text):
        return raw, text
    filled = np.zeros(len(text), dtype=bool)
    for c in table.columns:
        if c.name not in outside:
            filled |= text[c.name].to_numpy() != ""
    if filled.all():
        return raw, text
    keep = pd.Series(filled, index=text.index)
    return raw[keep], text[keep]


def _fill_groups(table: Table, raw: pd.DataFrame, text: pd.DataFrame,
                 outside: frozenset[str] = frozenset()) -> dict[str, pd.Series]:
    """Grouping columns filled down inside their group (tables.md: grouped rows), in place.
    Returns, per grouping column, where a value was inherited rather than typed. A column read
    above the table (the same on every row) starts no group."""
    ff = [c.name for c in table.columns if c.ffill and c.name not in outside]
    inherited: dict[str, pd.Series] = {}
    if not ff:
        return inherited
    start = ~parse.empty_mask(text[ff[0]])
    group = start.cumsum()
    for name in ff:
        blank = parse.empty_mask(text[name])
        # Only blanks inside a group inherit; the group's first row never does.
        filled_text = text[name].mask(blank).groupby(group).ffill()
        inherit = blank & ~start & (group > 0) & filled_text.notna()
        inherited[name] = inherit
        if inherit.any():
            filled_raw = raw[name].mask(blank).groupby(group).ffill()
            text.loc[inherit, name] = filled_text[inherit]
            raw.loc[inherit, name] = filled_raw[inherit]
    return inherited


def _as_configured(table: Table, col, ctx: Context):
    """The column with the user's [status] words for it (collab-xl.toml): added to its shipped
    words, and winning over a look-alike of the same word (the user says what it means)."""
    status = getattr(ctx.config, "status", None)
    mine = status.for_column(table.key, col.name) if status is not None else {}
    if not mine:
        return col
    keys = {word_key(w) for w in mine}
    return dataclasses.replace(col, words={**col.words, **mine},
                               lookalikes={k: v for k, v in col.lookalikes.items() if word_key(k) not in keys})


def prepare(table: Table, raw: pd.DataFrame, ctx: Context,
            outside: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw cell values (columns = Col.name, index = Excel row) → (prepared, text).

    ``text`` is the display text of every cell (what a finding quotes as its value).
    Grouping columns are filled down inside their group first. ``outside``: the columns whose
    value was read above the table (Col.above), the same on every row.
    """
    text = pd.DataFrame({c.name: parse.clean_text(raw[c.name]) for c in table.columns}, index=raw.index)
    raw, text = _drop_blank_rows(table, raw, text, outside)
    raw = raw.copy()
    inherited = _fill_groups(table, raw, text, outside)
    out: dict[str, pd.Series] = {}
    for c in table.columns:
        t = text[c.name]
        xlerror = t.isin(parse.EXCEL_ERRORS)      # #N/A, #DIV/0! …: CX115, not also a parse error
        out[f"{c.name}__xlerror"] = xlerror
        r = raw[c.name]
        if xlerror.any():
            t = t.mask(xlerror, "")
            r = r.mask(xlerror, "")
        empty = parse.empty_mask(t)
        value = parse.to_value(t, empty)
        out[f"{c.name}__text"] = value
        for suffix, series in c.kind.parse(_as_configured(table, c, ctx), Cells(raw=r, text=t, empty=empty, value=value), ctx).items():
            out[f"{c.name}__{suffix}" if suffix else c.name] = series
    for name, flag in inherited.items():
        # a value filled down from the group's first row was not typed here: findings about
        # it belong to the row it was typed in (see collab_xl.core.schema)
        out[f"{name}__inherited"] = flag
    return pd.DataFrame(out, index=raw.index), text
