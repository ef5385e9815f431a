"""A sheet as the core sees it: a rectangle of raw values and where it sits, whatever read it.

Both adapters (files through python-calamine/openpyxl, live workbooks through the xlwings Book
API) hand the core ``Grid`` objects; the core finds tables in them by their header rows.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from collab_xl.catalog import TABLES, Table
from collab_xl.catalog.base import match_key
from collab_xl.core.sheet import Grid  # noqa: F401 - Grid's home was here; every importer still finds it

MAX_HEADER_SCAN = 2000   # a header further down than this is not looked for
MAX_ABOVE = 10           # title rows above a header read for values outside the table (Col.above)


@dataclass(frozen=True)
class Outside:
    """A column's value read outside the table (Col.above): in a title row above the header, or
    the sheet name. Findings about it point at ``index``/``col`` (the sheet name: the header row)."""
    value: str                         # the value (tidied by the column's reader: a bracketed note dropped)
    text: str                          # the cell as typed, or the sheet name
    index: int | None                  # row index into grid.rows; None: the sheet name
    col: int | None                    # index into that row
    how: str                           # "label" (汇报人:张三) | "title" (unlabelled) | "sheet"


@dataclass
class Hit:
    """A catalog table found in a grid: where its header is and which sheet column holds what."""
    table: Table
    grid: Grid
    header_index: int                  # index into grid.rows
    columns: dict[str, int]            # Col.name -> index into a row
    duplicates: dict[str, int]         # Col.name -> index of a second header naming it
    end_index: int = 0                 # one past the last body row (index into grid.rows)
    how: dict[str, str] = field(default_factory=dict)   # Col.name -> "user" | "exact" | "synonym"
    unused: tuple[str, ...] = ()       # columns the configuration leaves out (Table.unused): not missing
    outside: dict[str, Outside] = field(default_factory=dict)   # Col.name -> its value above the table
    skipped: tuple[int, ...] = ()      # rows between the header and end_index that are not data

    @property
    def header_row(self) -> int:
        return self.grid.excel_row(self.header_index)

    def letter(self, name: str) -> str:
        return self.grid.letter(self.columns[name])

    def outside_cell(self, name: str) -> tuple[int, str]:
        """(Excel row, cell address) a value read outside the table came from (the sheet name:
        the header row's first cell)."""
        o = self.outside[name]
        if o.index is None:
            return self.header_row, f"{self.grid.letter(0)}{self.header_row}"
        r = self.grid.excel_row(o.index)
        return r, f"{self.grid.letter(o.col)}{r}"

    @property
    def missing_required(self) -> list[str]:
        # an added column (Col.added) is optional as a column: "required" means its cells, when it is there;
        # a column whose value stands above the table (Col.above) is not missing
        return [c.name for c in self.table.columns
                if c.required and not c.added and c.name not in self.columns and c.name not in self.unused
                and c.name not in self.outside]


@functools.lru_cache(maxsize=65536)
def _cell_key(text: str) -> str:
    """match_key of a text cell; the first rows of a sheet repeat their texts, so cache them."""
    return match_key(text)


# How a header cell named a column, best first: the user's own words ([headers] in
# collab-xl.toml), the guide's/template's header (either language), a synonym (Col.aka).
PRIORITY = {"user": 0, "exact": 1, "synonym": 2}
Entry = tuple[Table, str, str]          # (table, column name, how)
_KEYMAPS: dict[object, dict[str, list[Entry]]] = {}


def user_headers(config) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The [headers] mapping of a configuration as (table, column, texts) (empty without one)."""
    return tuple(getattr(getattr(config, "headers", None), "columns", ()) or ())


def user_sheets(config) -> dict[str, tuple[str, ...]]:
    """The [sheets] mapping as {sheet name: table keys} (a sheet mapped to tables is read as them only)."""
    out: dict[str, tuple[str, ...]] = {}
    for table, names in getattr(getattr(config, "headers", None), "sheets", ()) or ():
        for n in names:
            out[n] = out.get(n, ()) + (table,)
    return out


def keymap(config=None) -> dict[str, list[Entry]]:
    """Header key -> every (table, column name, how) it names, built once per catalog and mapping."""
    user = user_headers(config)
    sig = (hash(tuple((id(t), tuple(id(c) for c in t.columns)) for t in TABLES.values())), user)
    m = _KEYMAPS.get(sig)
    if m is None:
        m = {}
        for table in TABLES.values():
            for c in table.columns:
                for k, how in c.match_keys().items():
                    m.setdefault(k, []).append((table, c.name, how))
        for tkey, name, texts in user:
            table = TABLES.get(tkey)
            if table is None:
                continue
            for text in texts:
                k = match_key(text)
                if k:   # the user's words win over the catalog's for that table
                    m[k] = [e for e in m.get(k, []) if e[0] is not table] + [(table, name, "user")]
        if len(_KEYMAPS) > 16:
            _KEYMAPS.clear()
        _KEYMAPS[sig] = m
    return m


def _keymap() -> dict[str, list[Entry]]:
    return keymap(None)


@dataclass
class Candidate:
    """What one header row names of one catalog table (recognised or not)."""
    table: Table
    found: dict[str, int]              # Col.name -> index into the row, in the table's column order
    dup: dict[str, int]
    how: dict[str, str]                # Col.name -> "user" | "exact" | "synonym"
    share: float                       # share of the table's guide (non-tracking) columns found

    @property
    def missing_keys(self) -> list[str]:
        return [k for k in self.table.key_columns if k not in self.found]

    @property
    def recognised(self) -> bool:
        return len(self.found) >= 3 and not self.missing_keys


def candidates(row: list, km: dict[str, list[Entry]] | None = None,
               only: tuple[str, ...] | None = None) -> list[Candidate]:
    """Every catalog table a row names at least one column of (``only``: just these tables)."""
    keys = [_cell_key(v) if isinstance(v, str) else "" for v in row]
    if km is None:
        km = _keymap()
    got_by: dict[str, dict[str, tuple[int, str]]] = {}
    dup_by: dict[str, dict[str, int]] = {}
    for j, k in enumerate(keys):
        for table, name, how in km.get(k, ()) if k else ():
            got = got_by.setdefault(table.key, {})
            if name not in got:
                got[name] = (j, how)
            elif PRIORITY[how] < PRIORITY[got[name][1]]:
                got[name] = (j, how)          # a better word for the column: the others are not checked
                dup_by.get(table.key, {}).pop(name, None)
            elif how == got[name][1]:
                dup_by.setdefault(table.key, {}).setdefault(name, j)
    out = []
    for table in TABLES.values():
        got = got_by.get(table.key)
        if not got or (only is not None and table.key not in only):
            continue
        # in the table's column order, as a column-by-column scan would have found them
        found = {c.name: got[c.name][0] for c in table.columns if c.name in got}
        how = {c.name: got[c.name][1] for c in table.columns if c.name in got}
        dups = dup_by.get(table.key, {})
        dup = {c.name: dups[c.name] for c in table.columns if c.name in dups}
        core = [c for c in table.columns if not c.tracking and not c.added]   # added columns are optional
        share = sum(1 for c in core if c.name in found) / len(core)
        out.append(Candidate(table, found, dup, how, share))
    return out


def _match_row(row: list, km: dict[str, list[Entry]] | None = None,
               only: tuple[str, ...] | None = None) -> Candidate | None:
    """The table a header row is recognised as: all its key columns are there (Table.key_columns,
    at least three columns in all); of several, the one naming the largest share of its columns."""
    if sum(1 for v in row if isinstance(v, str) and _cell_key(v)) < 3:
        return None
    best = None
    for c in candidates(row, km, only):
        if c.recognised and (best is None or c.share > best.share):
            best = c
    return best


def _names_three(row: list, km, only) -> bool:
    """Whether a row names at least three columns of one table (a possible upper header row)."""
    if sum(1 for v in row if isinstance(v, str) and _cell_key(v)) < 3:
        return False
    return any(len(c.found) >= 3 for c in candidates(row, km, only))


def _names_none(row: list, km: dict[str, list[Entry]]) -> bool:
    """Whether no text cell of a row is a header word of any table (a data row, mostly): such a
    row is no header. Equal to the full look: ``candidates`` finds a table only through a cell
    whose key is in ``km`` ("" never is), so for this row it is empty whatever ``only``, and
    ``_match_row``, ``_names_three`` and ``_match_with_outside`` find nothing: the loop would do
    nothing with it (a two-row header starts at a row that names columns itself)."""
    return km.keys().isdisjoint([_cell_key(v) for v in row if isinstance(v, str)])


def find_tables(grid: Grid, config=None) -> list[Hit]:
    """Every catalog table in a grid, found by its header row (title rows above it, reordered or
    extra columns, full-width brackets and bracketed hints, synonyms and the user's own header
    words from ``config`` are all fine; docs/recognition.md). A column the header lacks may be
    read above it (Col.above); rows under the header that are not data are left out (``Hit.skipped``)."""
    hits: list[Hit] = []
    km = keymap(config)
    only = user_sheets(config).get(grid.name)
    rows = grid.rows
    skip = -1
    above_tables = tuple(t.key for t in TABLES.values() if _above_cols(t) and (only is None or t.key in only))
    for i, row in enumerate(rows[:MAX_HEADER_SCAN]):
        if i == skip or _names_none(row, km):
            continue
        m = _match_row(row, km, only)
        # A two-row header: group titles above (merged across), column titles below. The lower
        # row's title wins where it has one; merged-down cells keep the upper text. The upper row
        # alone may lack a key column the lower one holds (完成时间 over 计划/实际完成时间).
        if i + 1 < len(rows) and (m or _names_three(row, km, only)):
            below = rows[i + 1]
            combined = [below[j] if j < len(below) and isinstance(below[j], str) and _cell_key(below[j]) else v
                        for j, v in enumerate(row)]
            m2 = _match_row(combined, km, only)
            if m2 and ((m and m2.table is m.table and m2.share > m.share)
                       or (not m and _match_row(below, km, only) is None)):
                hits.append(_hit(m2, grid, i + 1, hits, km))
                skip = i + 1
                continue
        if m:
            hits.append(_hit(m, grid, i, hits, km))
        elif above_tables:
            hit = _match_with_outside(row, grid, i, hits, km, above_tables)
            if hit is not None:
                hits.append(hit)
    for k, hit in enumerate(hits):
        if hit.table.unused is not None and config is not None:
            hit.unused = tuple(hit.table.unused(config))
        nxt = hits[k + 1] if k + 1 < len(hits) else None
        end = nxt.header_index if nxt else len(grid.rows)
        # A title line right above the next table ("采购订单"), or a title row the next table read
        # a value from ("汇报人:张三"), is not a data row of this one.
        title = {o.index for o in nxt.outside.values()} if nxt else set()
        while end > hit.header_index + 1 and nxt is not None and \
                (sum(1 for v in grid.rows[end - 1] if v not in ("", None)) <= 1 or end - 1 in title):
            end -= 1
        hit.end_index, hit.skipped = _body(hit, end, km)
    return hits


def _hit(c: Candidate, grid: Grid, i: int, hits: list[Hit], km, outside: dict | None = None) -> Hit:
    """A recognised header row as a Hit, with the values its missing columns have above it."""
    hit = Hit(c.table, grid, i, c.found, c.dup, how=c.how)
    want = [col for col in _above_cols(c.table) if col.name not in c.found]
    hit.outside = outside if outside is not None else (_read_outside(grid, i, hits, c.table, want, km) if want else {})
    return hit


# -- values outside the table (Col.above; issue 12, docs/recognition.md) -----------------------
_SEP = re.compile(r"\s{2,}|[\u3000,，;；|｜]+")
_LABEL = re.compile(r"(?:^|(?<=[\s,，;；|｜/、]))([^\s:：,，;；|｜/、]{1,16}?)\s*[:：]\s*")
_CHUNK = re.compile(r"[\s\u3000,，;；|｜]+")


def _above_cols(table: Table) -> tuple:
    return tuple(c for c in table.columns if c.above)


def _labels(table: Table, km) -> dict[str, str]:
    """match_key -> Col.name: the words a title row may label one of the table's Col.above columns by."""
    return {k: name for k, entries in km.items() for t, name, _ in entries
            if t is table and table.col(name).above}


def _text(v) -> str:
    return v.strip() if isinstance(v, str) else ""


def _filled(row: list) -> int:
    return sum(1 for v in row if v not in ("", None))


def _labelled(row: list, labels: dict[str, str]) -> list[tuple[str, str, int, str]]:
    """(Col.name, value, column index, cell text) for every labelled value of a row: "汇报人:张三"
    inside a cell (several per cell), or a label cell ("汇报人" / "汇报人:") and the value in the
    next filled cell of the row. A label must start the cell or follow a space or separator and
    be followed by a colon: "本表由汇报人填写" names nothing."""
    out = []
    for j, v in enumerate(row):
        t = _text(v)
        if not t:
            continue
        t = unicodedata.normalize("NFKC", t)
        k = _cell_key(t)
        if k in labels:
            # a label alone in its cell: the value is the next filled cell, if it is no label itself
            nxt = next((x for x in range(j + 1, min(len(row), j + 3)) if _text(row[x])), None)
            if nxt is not None and _cell_key(row[nxt]) not in labels and not _LABEL.search(_text(row[nxt])):
                out.append((labels[k], _text(row[nxt]), nxt, _text(row[nxt])))
            continue
        found = list(_LABEL.finditer(t))
        for n, m in enumerate(found):
            name = labels.get(match_key(m.group(1)))
            if name is None:
                continue
            stop = found[n + 1].start() if n + 1 < len(found) else len(t)
            value = _SEP.split(t[m.end():stop].strip(), maxsplit=1)[0].strip()
            if value:
                out.append((name, value, j, _text(v)))
    return out


def _unlabelled(text: str, col) -> str | None:
    """A title cell's (or sheet name's) value for a column with a reader: the whole text, or one
    of its space-separated parts, that the reader accepts."""
    t = unicodedata.normalize("NFKC", text).strip()
    for part in (t, *_CHUNK.split(t)):
        if part and (v := col.above(part)) is not None:
            return v
    return None


def _title_rows(grid: Grid, i: int, hits: list[Hit], labels: dict[str, str]) -> list[int]:
    """The rows above header row ``i`` that are its title rows, nearest first: up to MAX_ABOVE
    rows, not past the table above; under another table only sparse rows (at most two filled
    cells) or labelled rows count, so its data rows are not read as titles."""
    prev = hits[-1].header_index if hits and hits[-1].grid is grid else -1
    out = []
    for j in range(i - 1, max(prev, i - 1 - MAX_ABOVE), -1):
        row = grid.rows[j]
        if prev >= 0 and _filled(row) > 2 and not _labelled(row, labels):
            break
        out.append(j)
    return out


def _read_outside(grid: Grid, i: int, hits: list[Hit], table: Table, want, km) -> dict[str, Outside]:
    """The values of the columns ``want`` (Col.above, absent from the header at row ``i``): a
    labelled value in a title row first (nearest the header), then an unlabelled one the column's
    reader accepts, then the sheet name."""
    labels = _labels(table, km)
    names = {c.name for c in want}
    got: dict[str, Outside] = {}
    title = _title_rows(grid, i, hits, labels)
    for j in title:
        for name, value, col, text in _labelled(grid.rows[j], labels):
            if name in names and name not in got:
                reader = table.col(name).above
                tidy = reader(value) if callable(reader) else None
                got[name] = Outside(tidy if tidy is not None else value, text, j, col, "label")
    for c in want:
        if c.name in got or not callable(c.above):
            continue
        for j in title:
            hit = next(((col, v) for col, x in enumerate(grid.rows[j])
                        if _text(x) and (v := _unlabelled(_text(x), c)) is not None), None)
            if hit is not None:
                got[c.name] = Outside(hit[1], _text(grid.rows[j][hit[0]]), j, hit[0], "title")
                break
        else:
            if (v := _unlabelled(grid.name, c)) is not None:
                got[c.name] = Outside(v, grid.name, None, None, "sheet")
    return got


def _match_with_outside(row: list, grid: Grid, i: int, hits: list[Hit], km, tables: tuple[str, ...]) -> Hit | None:
    """A header row lacking key columns whose values stand above it (Col.above): recognised when
    the header names every other key column and two columns at least, the values above supply
    the missing keys, and three columns are there in all."""
    if sum(1 for v in row if isinstance(v, str) and _cell_key(v)) < 2:
        return None
    best = None
    for c in candidates(row, km, tables):
        miss = c.missing_keys
        if not miss or len(c.found) < 2 or not all(c.table.col(k).above for k in miss):
            continue
        want = [col for col in _above_cols(c.table) if col.name not in c.found]
        outside = _read_outside(grid, i, hits, c.table, want, km)
        if all(k in outside for k in miss) and len(c.found) + len(outside) >= 3 \
                and (best is None or c.share > best[0].share):
            best = (c, outside)
    return _hit(best[0], grid, i, hits, km, best[1]) if best else None


# -- rows that are not data (issue 12, docs/recognition.md) ------------------------------------
_HINT_WORDS = {match_key(w) for w in (
    "下拉选择", "下拉框", "下拉菜单", "下拉列表", "请选择", "选择", "必填", "选填", "非必填", "可选", "单选", "多选",
    "文本", "数字", "日期", "yyyy-mm-dd", "yyyy/mm/dd", "required", "optional", "select", "drop-down", "dropdown")}
_HINT_START = re.compile(r"^(?:请(?:填写|填入|输入|选择|下拉|按|注明|写明|参照|勿)|如[::]|例[::]|例如|示例|填写示例|样例|举例"
                         r"|e\.g\.|eg[.:]|please\b|select\b)", re.IGNORECASE)
_OPTION = re.compile(r"^[-—=<(\s]*(?:请(?:下拉)?选择|please select|select\b)", re.IGNORECASE)
_EXAMPLE_START = re.compile(r"^(?:示例|填写示例|样例|举例|例[::]|example\b|sample\b)", re.IGNORECASE)
_BRACKETED = re.compile(r"^[(\[【〔<《].*[)\]】〕>》]$")
_TOTALS = {match_key(w) for w in ("合计", "小计", "总计", "共计", "总合计", "Total", "Subtotal", "Grand total", "Sum")}


def _hint_cell(text: str, col) -> bool:
    """A cell of a hint or option row: a bracketed hint, 请填写…/如:…/e.g. …, an option word
    (下拉选择, 必填 …), the column's choices listed, or its template input message."""
    t = unicodedata.normalize("NFKC", text).strip()
    if _BRACKETED.match(t) or _HINT_START.match(t) or match_key(t) in _HINT_WORDS:
        return True
    if col is None:
        return False
    listed = {match_key(sep.join(col.choices)) for sep in ("/", "、", "|", ",")} if len(col.choices) > 1 else set()
    hints = {unicodedata.normalize("NFKC", h).strip() for h in col.hint if h}
    return match_key(t) in listed or t in hints


def _is_hint_row(row: list, by_index: dict) -> bool:
    cells = [(j, _text(v)) for j, v in enumerate(row) if v not in ("", None)]
    if not cells or any(not t for _, t in cells):        # a number or a date is data
        return False
    if _EXAMPLE_START.match(unicodedata.normalize("NFKC", cells[0][1])):
        return True                                      # 示例:… — the template's example row
    return all(_hint_cell(t, by_index.get(j)) for j, t in cells)


def _is_total_row(row: list) -> bool:
    """合计/小计/总计/Total as the first filled cell of a row (the whole cell): a sum, not an item."""
    first = next((v for v in row if v not in ("", None)), None)
    return isinstance(first, str) and match_key(first) in _TOTALS


_ROW_WORDS = ("序号", "编号", "行号", "No.", "No", "#")   # headers of no catalog column, common in headers


def _header_keys(hit: Hit, km) -> set[str]:
    """The keys a second header row is made of: the table's header row texts, every word naming
    a catalog column (of any table: the next section may be another kind of list), 序号 …"""
    own = {_cell_key(v) for v in hit.grid.rows[hit.header_index] if isinstance(v, str)}
    return (own | set(km) | {match_key(w) for w in _ROW_WORDS}) - {""}


def _header_like(row: list, keys: set[str]) -> bool:
    """A second header row: at least two cells, nothing but text, half of them or more header
    words (``_header_keys``)."""
    cells = [v for v in row if v not in ("", None)]
    if len(cells) < 2 or not all(isinstance(v, str) for v in cells):
        return False
    names = sum(1 for v in cells if _cell_key(v) in keys)
    return names >= 2 and 2 * names >= len(cells)


def _watch_words(hit: Hit) -> set:
    """Cell values, as typed, that make a body row worth a closer look (a repeated header, 合计,
    请选择): set lookups keep the scan of a big table fast; the closer look decides."""
    words = {v for v in hit.grid.rows[hit.header_index] if isinstance(v, str)} | set(_ROW_WORDS)
    for t in TABLES.values():
        for c in t.columns:
            words.update((c.header, c.en, c.key, *c.aliases, *c.aka))
    for w in ("合计", "小计", "总计", "共计", "总合计", "合 计", "小 计", "总 计", "Total", "TOTAL", "total",
              "Subtotal", "SUBTOTAL", "subtotal", "Sum", "SUM", "Grand total", "Grand Total",
              "请选择", "--请选择--", "-请选择-", "—请选择—", "==请选择==", "下拉选择", "请下拉选择", "Please select", "Select"):
        words.update((w, w + ":", w + "："))
    return words


def _option_word(t: str) -> bool:
    """请选择, --请选择--, 下拉选择: what a drop-down shows before anything is picked."""
    return match_key(t) in _HINT_WORDS or bool(_OPTION.match(t))


def _dropdown_only(row: list, hit: Hit) -> str | None:
    """What a row's catalog cells hold when it is nothing but drop-down defaults: "options" (option
    words only: 请选择, 下拉选择) or "choices" (a column's choices or 是/否, maybe with option
    words): a row a template pre-filled that nobody typed. None: anything else is there."""
    seen, choices = False, False
    for name, j in hit.columns.items():
        v = row[j] if j < len(row) else None
        if v in ("", None):
            continue
        t = _text(v)
        if not t:
            return None
        col = hit.table.col(name)
        if _option_word(t):
            seen = True
            continue
        if (col.choices and (t in col.choices or t in col.lookalikes)) or (col.kind.name == "yesno" and t in ("是", "否")):
            seen = choices = True
            continue
        return None
    return ("choices" if choices else "options") if seen else None


def _body(hit: Hit, end: int, km) -> tuple[int, tuple[int, ...]]:
    """Where a table's data ends and which rows inside are not data: hint or option rows right
    under the header, 合计/小计 rows, rows of option words (请选择), and drop-down-only rows after
    the last typed row (two or more). A second header row ends the table, and so does a section
    title (one filled cell) merged across or right above a second header row."""
    grid, rows = hit.grid, hit.grid.rows
    by_index = {j: hit.table.col(n) for n, j in hit.columns.items()}
    skipped: list[int] = []
    i = hit.header_index + 1
    while i < end and (_filled(rows[i]) == 0 or _is_hint_row(rows[i], by_index)):
        if _filled(rows[i]):
            skipped.append(i)
        i += 1
    keys = _header_keys(hit, km)
    watch = _watch_words(hit)
    # section titles merged across: from the merged ranges, not a scan of every row
    titles = sorted(r - grid.row0 for (r, c1), (_, c2) in grid.merged
                    if c2 > c1 and i <= r - grid.row0 < end and _filled(rows[r - grid.row0]) == 1
                    and isinstance(next(v for v in rows[r - grid.row0] if v not in ("", None)), str))
    if titles:
        end = titles[0]
    for j in range(i, end):
        row = rows[j]
        if watch.isdisjoint(row):
            continue
        if _header_like(row, keys):
            # … and a section title right above it ends the table there
            before = next((x for x in range(j - 1, i - 1, -1) if _filled(rows[x])), None)
            single = before is not None and _filled(rows[before]) == 1 and \
                isinstance(next(v for v in rows[before] if v not in ("", None)), str)
            end = before if single else j
            break
        if _is_total_row(row) or _dropdown_only(row, hit) == "options":
            skipped.append(j)
    # drop-down defaults after the last typed row: the template's unfilled rows (one such row
    # alone may be a row someone began: it stays a row and is checked)
    tail = []
    for j in range(end - 1, i - 1, -1):
        if _filled(rows[j]) == 0:
            continue
        if j in skipped:
            continue
        if _dropdown_only(rows[j], hit) is None:
            break
        tail.append(j)
    if len(tail) >= 2:
        skipped.extend(tail)
    return end, tuple(sorted(x for x in set(skipped) if x < end))
