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
                    outside: frozenset[str] = frozenset(),
                    values: dict[str, frozenset | None] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows with nothing in any catalog column are not rows of the table (a value read above
    the table, on every row, does not count). ``values``: the distinct texts of columns, where
    known (a column without "" fills every row: nothing to drop)."""
    if not len(text):
        return raw, text
    names = [c.name for c in table.columns if c.name not in outside]
    if values and any(values.get(n) is not None and "" not in values[n] for n in names):
        return raw, text
    filled = np.zeros(len(text), dtype=bool)
    for name in names:
        filled |= text[name].to_numpy() != ""
    if filled.all():
        return raw, text
    keep = pd.Series(filled, index=text.index)
    return raw[keep], text[keep]


def _empty(text: pd.Series, values: frozenset | None) -> np.ndarray:
    """``parse.empty_mask(text)`` of a column of cleaned text (all str, never NA: the isna half
    is all False), without looking at the cells when its distinct texts tell: none empty-like,
    or all of them."""
    if values is not None:
        if values.isdisjoint(parse.EMPTY_LIKES):
            return np.zeros(len(text), dtype=bool)
        if values <= parse.EMPTY_LIKES:
            return np.ones(len(text), dtype=bool)
    return text.isin(parse.EMPTY_LIKES).to_numpy(dtype=bool)


def _fill_groups(table: Table, raw: pd.DataFrame, text: pd.DataFrame,
                 outside: frozenset[str] = frozenset(),
                 empty: dict[str, np.ndarray] | None = None,
                 values: dict[str, frozenset | None] | None = None) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    """Grouping columns filled down inside their group (tables.md: grouped rows): ``text`` in
    place, ``raw``'s filled columns returned (raw itself is left alone). Returns those and, per
    grouping column, where a value was inherited rather than typed. A column read above the
    table (the same on every row) starts no group. ``empty``: each column's ``empty_mask``
    (as arrays), updated for the filled cells; ``values``: the distinct texts of columns, where known.

    A blank cell inherits the last typed cell above it in its group (what
    ``mask(blank).groupby(group).ffill()`` of the text gives: text is never NA, so the typed
    cells are exactly the non-blank ones), taken by position: ``last`` is the row of the last
    typed cell at or above each row, ``first`` the row of its group's first row (-1 above the
    first group)."""
    ff = [c.name for c in table.columns if c.ffill and c.name not in outside]
    inherited: dict[str, pd.Series] = {}
    filled_raw: dict[str, pd.Series] = {}
    if not ff:
        return inherited, filled_raw
    empty = {} if empty is None else empty
    values = values or {}
    for name in ff:
        if name not in empty:
            empty[name] = _empty(text[name], values.get(name))
    n = len(text)
    pos = np.arange(n)
    start = ~empty[ff[0]]
    first = np.maximum.accumulate(np.where(start, pos, -1)) if n else pos
    for name in ff:
        blank = empty[name]
        last = np.maximum.accumulate(np.where(blank, -1, pos)) if n else pos
        # Only blanks inside a group inherit; the group's first row never does.
        inherit = blank & ~start & (first >= 0) & (last >= first)
        inherited[name] = pd.Series(inherit, index=text.index)
        if inherit.any():
            src = last[inherit]
            r = raw[name]
            r_arr = r.to_numpy(dtype=object)
            if pd.isna(r_arr[np.unique(src)]).any():
                # a typed cell whose raw value is NA ("<NA>"): the raw fill skips it, as ffill does
                got = r.mask(pd.Series(blank, index=r.index)).groupby(np.cumsum(start)).ffill()
                r_new = r.copy()
                r_new[inherit] = got[inherit]
            else:
                r_arr = r_arr.copy()
                r_arr[inherit] = r_arr[src]
                r_new = pd.Series(r_arr, index=r.index, name=r.name, dtype=r.dtype)
            filled_raw[name] = r_new
            t_arr = text[name].to_numpy(dtype=object).copy()
            t_arr[inherit] = t_arr[src]
            text[name] = pd.Series(t_arr, index=text.index, dtype=object)
            empty[name] = blank & ~inherit
    return inherited, filled_raw


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


def _parse(kind, col, cells: Cells, ctx: Context, constant: bool) -> dict[str, pd.Series]:
    """The typed columns a kind's parser gives for a column's cells. ``constant``: every cell is
    the same string (an unused column: "" throughout). A kind's parser works cell by cell (each
    cell's typed value and flags depend on that cell alone), so such a column parses as its first
    cell, spread over all rows: the same values and dtypes, without the work on every row."""
    n = len(cells.text)
    if constant and n > 1:
        got = kind.parse(col, Cells(raw=cells.raw.iloc[:1], text=cells.text.iloc[:1],
                                    empty=cells.empty.iloc[:1], value=cells.value.iloc[:1]), ctx)
        if all(len(s) == 1 for s in got.values()):
            rows = np.zeros(n, dtype=np.intp)
            return {k: s.iloc[rows].set_axis(cells.text.index) for k, s in got.items()}
    return kind.parse(col, cells, ctx)


def prepare(table: Table, raw: pd.DataFrame, ctx: Context,
            outside: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw cell values (columns = Col.name, index = Excel row) → (prepared, text).

    ``text`` is the display text of every cell (what a finding quotes as its value).
    Grouping columns are filled down inside their group first. ``outside``: the columns whose
    value was read above the table (Col.above), the same on every row.
    """
    cleaned = {c.name: parse.clean_column(raw[c.name]) for c in table.columns}
    text = pd.DataFrame({n: pd.Series(cl.text, index=raw.index, dtype=object) for n, cl in cleaned.items()},
                        index=raw.index)
    # What cleaning learnt of a column (its distinct texts, whether it is one string throughout)
    # stays true of it below: dropping rows and filling down only repeat its own cells.
    values = {n: cl.values for n, cl in cleaned.items()}
    raw, text = _drop_blank_rows(table, raw, text, outside, values)
    empty: dict[str, np.ndarray] = {}
    inherited, filled_raw = _fill_groups(table, raw, text, outside, empty, values)
    index = raw.index
    out: dict[str, pd.Series] = {}
    for c in table.columns:
        t = text[c.name]
        vals = values[c.name]
        if vals is not None and vals.isdisjoint(parse.EXCEL_ERRORS):
            xlerror = pd.Series(np.zeros(len(t), dtype=bool), index=t.index, name=t.name)
        else:
            xlerror = t.isin(parse.EXCEL_ERRORS)      # #N/A, #DIV/0! …: CX115, not also a parse error
        out[f"{c.name}__xlerror"] = xlerror
        r = filled_raw.get(c.name, raw[c.name])
        if xlerror.any():
            t = t.mask(xlerror, "")
            r = r.mask(xlerror, "")
            e = _empty(t, None)
        else:
            e = empty[c.name] if c.name in empty else _empty(t, vals)
        empty_s = pd.Series(e, index=t.index, name=t.name)
        value = parse.to_value(t, empty_s, strings=True)     # cleaned text: all str
        out[f"{c.name}__text"] = value
        cells = Cells(raw=r, text=t, empty=empty_s, value=value)
        constant = cleaned[c.name].constant and not xlerror.any()
        for suffix, series in _parse(c.kind, _as_configured(table, c, ctx), cells, ctx, constant).items():
            out[f"{c.name}__{suffix}" if suffix else c.name] = series
    for name, flag in inherited.items():
        # a value filled down from the group's first row was not typed here: findings about
        # it belong to the row it was typed in (see collab_xl.core.schema)
        out[f"{name}__inherited"] = flag
    return pd.DataFrame(out, index=index), text
