"""``collab-xl map FILE``: sheet by sheet, which header matched which catalog column and why
(the template's header, a synonym, or the user's own words from [headers]), what is missing, and,
when nothing is recognised, the closest table and the line of collab-xl.toml that would map it.
Also the near-miss line ``validate`` / ``late`` / ``rank`` print when a workbook holds no table
(issue 12, docs/recognition.md)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from collab_xl.app.common import Options, Outcome
from collab_xl.catalog import Table
from collab_xl.catalog.base import match_key
from collab_xl.core.recognise import SheetMap, TableMap, explain, nearest
from collab_xl.errors import UserError
from collab_xl.i18n import Messages

M = Messages({
    "near_miss": ("没有找到任何指南表格(按表头识别):{name}。最接近的是工作表「{sheet}」第 {row} 行的「{table}」:"
                  "认出了{found},缺少关键列{missing};在 collab-xl.toml 的 [headers] 下加上 {lines} 即可读取{above}"
                  "(collab-xl map {name} 显示详情)",
                  "No table of the guide was found (tables are found by their header row): {name}. The closest is "
                  "\"{table}\" on sheet \"{sheet}\", row {row}: found {found}; missing the key columns {missing}; "
                  "add {lines} under [headers] in collab-xl.toml to read it{above} (collab-xl map {name} shows the details)"),
    # a key column whose value may stand in a title row above the header (Col.above): 表2's 汇报人
    "near_above": (";{what}不是一列时,在表头上方写一行{lines}也可以",
                   "; or, where {what} is not a column, write {lines} in a row above the header"),
    "above_line": ("    {header}不是一列时,在表头上方写一行{line}也可以", "    Or, where {header} is not a column, write {line} in a row above the header"),
    "also": ("{header}(也认:{words})", "{header} (also: {words})"),
    "your_header": ("你的表头", "your header"),
    "sep": ("、", ", "),
    "how_user": ("[headers] 映射", "[headers] mapping"),
    "how_exact": ("模板表头", "template header"),
    "how_synonym": ("同义词", "synonym"),
    "sheet": ("工作表「{sheet}」", "Sheet \"{sheet}\""),
    "no_table_here": ("  没有识别出表格,也没有接近的表格", "  No table recognised, none close"),
    "found_table": ("  {table}:第 {row} 行是表头(关键列 {keys} 都在)", "  {table}: the header is row {row} (key columns {keys} all there)"),
    "near_table": ("  未识别。最接近的是「{table}」(第 {row} 行);识别它需要关键列 {keys}",
                   "  Not recognised. The closest is \"{table}\" (row {row}); it is recognised by the key columns {keys}"),
    "col_line": ("    {cell}「{text}」→ {header}({how})", "    {cell} \"{text}\" → {header} ({how})"),
    "outside_line": ("    {cell}「{text}」→ {header} = {value}({how})", "    {cell} \"{text}\" → {header} = {value} ({how})"),
    "how_label": ("表头上方标题行里的标签", "labelled, in a title row above the header"),
    "how_title": ("表头上方的标题行", "title row above the header"),
    "how_sheet": ("工作表名", "sheet name"),
    "sheet_cell": ("工作表名", "sheet name"),
    "skipped_line": ("    不作数据的行(提示行、合计、下拉默认值……):第 {rows} 行",
                     "    Rows that are not data (hints, totals, drop-down defaults …): {rows}"),
    "missing_line": ("    缺少必填列 {what}{cx002}", "    Missing required column {what}{cx002}"),
    "missing_key": ("    缺少关键列 {what}", "    Missing key column {what}"),
    "cx002": (",每列报一条 CX002", "; one CX002 finding each"),
    "dup_line": ("    {cell}「{text}」又一次写了 {header},不检查(CX001)", "    {cell} \"{text}\" names {header} again; not checked (CX001)"),
    "unused": ("    未使用的表头:{cells}", "    Headers not used: {cells}"),
    "toml": ("    在 collab-xl.toml 的 [headers] 下加上:{line}", "    Under [headers] in collab-xl.toml, add: {line}"),
    # a supplier scorecard that is not the guide's (months, its own dimensions): a [scorecard] section
    "near_card": (";若这是公司自己的评分表(按月或自定的评分项),改为在 collab-xl.toml 里加上 [scorecard] 一节",
                  "; if this is your company's own scorecard (monthly, or scored on its own dimensions), add a "
                  "[scorecard] section to collab-xl.toml instead"),
    "card_intro": ("    这像是公司自己的评分表({what})。在 collab-xl.toml 里加上下面一节,rank 就按它识别和排名"
                   "(见 docs/ranking.md):",
                   "    This looks like your company's own scorecard ({what}). Add this section to collab-xl.toml "
                   "and rank reads and ranks it (see docs/ranking.md):"),
    "card_month": ("按月评分", "scored by month"),
    "card_dims": ("{n} 项得分:{names}", "{n} scores: {names}"),
    "card_guess": ("    满分按表中数据估计,请核对(各项满分合计须为 100)",
                   "    The maxima are guessed from the data; check them (they must total 100)"),
    "card_fill": ("    把 ? 换成各项的满分(合计 100)", "    Replace each ? with that score's maximum (they total 100)"),
    "summary": ("{name}:识别出 {n} 张表", "{name}: {n} tables recognised"),
})
SYNONYMS_SHOWN = 5
# what a title row above the header says for a column read from there (Col.above), by column name
ABOVE_EXAMPLE = {"reporter": ("张三", "Zhang San"), "department": ("销售部", "Sales"),
                 "period": ("2024年5月第2周", "2024-05-06~2024-05-10")}


def header_of(table: Table, name: str, lang: str) -> str:
    c = table.col(name)
    return c.en if lang == "en" else c.key


def quoted(text: str, lang: str) -> str:
    return f"\"{text}\"" if lang == "en" else f"「{text}」"


def with_synonyms(table: Table, name: str, lang: str) -> str:
    c = table.col(name)
    # the user's language first (the catalog lists Chinese words first)
    aka = sorted(c.aka, key=lambda w: w.isascii() != (lang == "en"))
    words = aka[:SYNONYMS_SHOWN]
    head = quoted(header_of(table, name, lang), lang)
    if not words:
        return head
    more = "…" if len(c.aka) > SYNONYMS_SHOWN else ""
    return M("also", lang, header=head, words=M("sep", lang).join(words) + more)


def toml_line(tm: TableMap, name: str, lang: str) -> str:
    text = tm.suggestions.get(name) or M("your_header", lang)
    return f"{tm.table.key}.{name} = {json.dumps(text, ensure_ascii=False)}"


def above_line(table: Table, name: str, lang: str) -> str | None:
    """The title row that gives a missing column its value when it is not a column (Col.above):
    「汇报人:张三」; None for a column that must be one."""
    c = table.col(name)
    if not c.above:
        return None
    zh, en = ABOVE_EXAMPLE.get(name, ("…", "…"))
    return quoted(f"{c.en}: {en}" if lang == "en" else f"{c.key}:{zh}", lang)


def title(table: Table, lang: str) -> str:
    return table.title[1 if lang == "en" else 0]


def near_miss_error(name: str, tm: TableMap) -> UserError:
    """The one line (both languages) when nothing is recognised but ``tm`` is close."""
    def fields(lang: str) -> dict:
        sep = M("sep", lang)
        return dict(
            name=name, sheet=tm.grid.name, row=tm.header_row, table=title(tm.table, lang),
            found=sep.join(quoted(header_of(tm.table, n, lang), lang) for n in tm.columns),
            missing=sep.join(with_synonyms(tm.table, n, lang) for n in tm.missing_keys),
            lines=("; " if lang == "en" else " ; ").join(toml_line(tm, n, lang) for n in tm.missing_keys),
            above=near_above(tm, lang) + (M("near_card", lang, name=name) if scorecard_suggestion(tm) else ""))
    return UserError(M("near_miss", "zh", **fields("zh")), M("near_miss", "en", **fields("en")))


# -- a scorecard that is not the guide's (issue 12: [scorecard], docs/ranking.md) ---------------

NOT_SCORES = {match_key(w) for w in ("序号", "编号", "行号", "No.", "#", "id")}


def _numbers(grid, i: int, j: int, rows: int = 50) -> list[float]:
    """The numbers in column ``j`` under header row ``i`` (the first ``rows`` rows)."""
    out = []
    for row in grid.rows[i + 1:i + 1 + rows]:
        v = row[j] if j < len(row) else None
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)):
            out.append(float(v))
        elif isinstance(v, str):
            try:
                out.append(float(v.strip()))
            except ValueError:
                pass
    return out


def _guess_maxima(tops: list[float]) -> list[int] | None:
    """Maxima from the highest score seen in each column, rounded up to 10 (or 5) when that totals 100."""
    import math
    for step in (10, 5):
        got = [max(step, math.ceil(t / step) * step) for t in tops]
        if sum(got) == 100:
            return got
    return None


@dataclass
class CardSuggestion:
    month: bool
    names: list[str]
    maxima: list[int] | None            # None: the user writes them (placeholders "?")

    def toml(self) -> str:
        tops = self.maxima or ["?"] * len(self.names)
        dims = ", ".join(f"{json.dumps(n, ensure_ascii=False)} = {t}" for n, t in zip(self.names, tops))
        return "\n".join(["[scorecard]", *(['period = "month"'] if self.month else []), f"dimensions = {{ {dims} }}"])


def scorecard_suggestion(tm: TableMap) -> CardSuggestion | None:
    """A [scorecard] section for a header row close to the supplier evaluation table but not it:
    a supplier column, a period column (a month, or the quarter) and score columns that are not
    the guide's five (their own names, or fewer of them)."""
    from collab_xl.config import MONTH_WORDS, SLOTS
    t = tm.table
    if t.key != "supplier_evaluation" or tm.recognised or "supplier" not in tm.columns:
        return None
    months = {match_key(w) for w in MONTH_WORDS}
    month_at = next((j for j in tm.unmatched if match_key(tm.row[j]) in months), None)
    if month_at is None and "quarter" not in tm.columns:
        return None
    scores = [j for s, j in tm.columns.items() if s in SLOTS]
    scores += [j for j in tm.unmatched if j != month_at and match_key(tm.row[j]) not in NOT_SCORES
               and _numbers(tm.grid, tm.header_index, j)]
    scores = sorted(set(scores))
    if not 1 <= len(scores) <= len(SLOTS):
        return None
    tops = [max(_numbers(tm.grid, tm.header_index, j) or [0.0]) for j in scores]
    return CardSuggestion(month_at is not None and "quarter" not in tm.columns,
                          [str(tm.row[j]).strip() for j in scores], _guess_maxima(tops))


def near_above(tm: TableMap, lang: str) -> str:
    """"; or write 「汇报人:张三」 above the header" when every missing key column may stand there."""
    lines = [above_line(tm.table, n, lang) for n in tm.missing_keys]
    if not lines or None in lines:
        return ""
    sep = M("sep", lang)
    return M("near_above", lang, what=sep.join(quoted(header_of(tm.table, n, lang), lang) for n in tm.missing_keys),
             lines=sep.join(lines))


def nothing_found(name: str, grids, config, owned) -> UserError | None:
    """The near-miss error for a workbook where no table is recognised (None when nothing is close)."""
    tm = nearest(explain(grids, config, owned))
    return near_miss_error(name, tm) if tm is not None else None


# -- the map command -------------------------------------------------------------------------

def table_doc(tm: TableMap, lang: str) -> dict:
    t = tm.table
    return {
        "table": t.key, "title": title(t, lang), "header_row": tm.header_row, "recognised": tm.recognised,
        "key_columns": list(t.key_columns),
        "columns": [{"column": n, "header": header_of(t, n, lang), "cell": tm.cell(j),
                     "text": str(tm.row[j]).strip(), "how": tm.how.get(n, "exact")} for n, j in tm.columns.items()],
        "duplicates": [{"column": n, "header": header_of(t, n, lang), "cell": tm.cell(j), "text": str(tm.row[j]).strip()}
                       for n, j in tm.duplicates.items()],
        "missing_key_columns": tm.missing_keys,
        "missing_required": [{"column": n, "header": header_of(t, n, lang), "synonyms": list(t.col(n).aka),
                              "key": n in t.key_columns, "suggestion": tm.suggestions.get(n),
                              "config_line": toml_line(tm, n, lang),
                              # the title row that gives it instead (Col.above), or None
                              "above": above_line(t, n, lang)} for n in tm.missing_required],
        "unmatched": [{"cell": tm.cell(j), "text": str(tm.row[j]).strip()} for j in tm.unmatched],
        # values read above the table (Col.above) and rows under the header that are not data
        "outside": [{"column": n, "header": header_of(t, n, lang),
                     "cell": None if o.index is None else f"{tm.grid.letter(o.col)}{tm.grid.excel_row(o.index)}",
                     "text": o.text, "value": o.value, "how": o.how} for n, o in tm.outside.items()],
        "skipped_rows": [tm.grid.excel_row(i) for i in tm.skipped],
        # not recognised, but a supplier scorecard of the company's own: the [scorecard] section to add
        "scorecard": card_doc(scorecard_suggestion(tm)),
    }


def card_doc(card: CardSuggestion | None) -> dict | None:
    if card is None:
        return None
    return {"period": "month" if card.month else "quarter", "dimensions": card.names, "maxima": card.maxima,
            "toml": card.toml()}


def build(file: str, maps: list[SheetMap], lang: str) -> dict:
    return {
        "file": file,
        "recognised": sum(len(m.tables) for m in maps),
        "sheets": [{"sheet": m.grid.name, "tables": [table_doc(t, lang) for t in m.tables],
                    "nearest": table_doc(m.nearest, lang) if m.nearest is not None else None} for m in maps],
    }


def run(path: Path, opts: Options) -> Outcome:
    from collab_xl.app.legacy import is_our_result_sheet
    from collab_xl.core.output import owned_sheets
    from collab_xl.core.recognise import suggest
    from collab_xl.io.read import read_workbook
    path = Path(path)
    config = opts.config()
    grids = read_workbook(path)
    opts.notices.extend(grids.notices)
    maps = explain(grids, config, owned_sheets(grids, ours=is_our_result_sheet))
    for m in maps:
        for t in m.tables:
            t.suggestions = suggest(t)
    doc = build(path.name, maps, opts.lang)
    # 0: at least one table recognised; 1: none (the closest is shown); 2: could not run
    return Outcome(doc=doc, exit_code=0 if doc["recognised"] else 1, renderer=render, view=(doc, opts.lang),
                   notices=list(opts.notices))


def render(con, doc: dict, lang: str) -> None:
    how = {k: M(f"how_{k}", lang) for k in ("user", "exact", "synonym")}
    sep = M("sep", lang)
    con.print(M("summary", lang, name=doc["file"], n=doc["recognised"]), style="bold", markup=False, soft_wrap=True)
    for s in doc["sheets"]:
        con.print(M("sheet", lang, sheet=s["sheet"]), style="bold", markup=False, soft_wrap=True)
        if not s["tables"] and s["nearest"] is None:
            con.print(M("no_table_here", lang), markup=False, soft_wrap=True)
        for t in s["tables"] + ([s["nearest"]] if s["nearest"] else []):
            from collab_xl.catalog import TABLES
            table = TABLES[t["table"]]
            if t["recognised"]:
                keys = sep.join(quoted(header_of(table, k, lang), lang) for k in t["key_columns"])
                con.print(M("found_table", lang, table=t["title"], row=t["header_row"], keys=keys), style="green", markup=False, soft_wrap=True)
            else:
                keys = sep.join(quoted(header_of(table, k, lang), lang) for k in t["key_columns"])
                con.print(M("near_table", lang, table=t["title"], row=t["header_row"], keys=keys),
                          style="yellow", markup=False, soft_wrap=True)
            for c in t["columns"]:
                con.print(M("col_line", lang, cell=c["cell"], text=c["text"], header=c["header"], how=how[c["how"]]),
                          markup=False, soft_wrap=True)
            for o in t.get("outside", ()):
                con.print(M("outside_line", lang, cell=o["cell"] or M("sheet_cell", lang), text=o["text"],
                            header=o["header"], value=o["value"], how=M(f"how_{o['how']}", lang)),
                          markup=False, soft_wrap=True)
            if t.get("skipped_rows"):
                con.print(M("skipped_line", lang, rows=sep.join(str(r) for r in t["skipped_rows"])),
                          markup=False, soft_wrap=True)
            for d in t["duplicates"]:
                con.print(M("dup_line", lang, cell=d["cell"], text=d["text"], header=d["header"]), markup=False, soft_wrap=True)
            for mr in t["missing_required"]:
                what = with_synonyms(table, mr["column"], lang)
                if mr["key"] and not t["recognised"]:
                    con.print(M("missing_key", lang, what=what), markup=False, soft_wrap=True)
                else:
                    con.print(M("missing_line", lang, what=what, cx002=M("cx002", lang) if t["recognised"] else ""),
                              markup=False, soft_wrap=True)
                if mr.get("above"):
                    con.print(M("above_line", lang, header=quoted(mr["header"], lang), line=mr["above"]),
                              markup=False, soft_wrap=True)
            if t["unmatched"]:
                con.print(M("unused", lang, cells=sep.join(f"{u['cell']} {quoted(u['text'], lang)}" for u in t["unmatched"])),
                          markup=False, soft_wrap=True)
            if t.get("scorecard"):
                card = t["scorecard"]
                what = [M("card_month", lang)] if card["period"] == "month" else []
                what.append(M("card_dims", lang, n=len(card["dimensions"]),
                              names=sep.join(quoted(n, lang) for n in card["dimensions"])))
                con.print(M("card_intro", lang, what=(", " if lang == "en" else ",").join(what)),
                          style="yellow", markup=False, soft_wrap=True)
                for line in card["toml"].splitlines():
                    con.print("      " + line, markup=False, soft_wrap=True)
                con.print(M("card_guess" if card["maxima"] else "card_fill", lang), markup=False, soft_wrap=True)
            lines = [mr["config_line"] for mr in t["missing_required"]
                     if mr["suggestion"] or (mr["key"] and not t["recognised"])]
            for line in lines:
                con.print(M("toml", lang, line=line), markup=False, soft_wrap=True)
