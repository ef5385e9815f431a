"""The rule reference (docs/rules.md and `collab-xl rules`), generated from the catalog itself,
so every rule's page shows what the code really checks, with a bad and a good example."""
from __future__ import annotations

from dataclasses import dataclass

from collab_xl.catalog import TABLES
from collab_xl.catalog.conventions import EXAMPLE_TABLES
from collab_xl.catalog.headers import HEADER_RULES
from collab_xl.catalog.kinds import all_generic_rules
from collab_xl.i18n import Messages, pick

M = Messages({
    "title": ("# 校验规则", "# Rules"),
    "intro": ("每条校验结果都带有下列稳定的规则代码(代码不会改号)。本页由 `collab-xl rules` 从表格目录生成。",
              "Every finding carries one of these stable codes (codes are never renumbered). "
              "Generated from the catalog by `collab-xl rules --lang en`."),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "name": ("名称", "Name"),
    "severity": ("级别", "Severity"),
    "applies": ("适用", "Applies to"),
    "why": ("依据", "Why"),
    "bad": ("错误示例", "Bad"),
    "good": ("正确示例", "Good"),
    "empty": ("(空)", "(empty)"),
    "list_sep": ("、", ", "),
    "with": ("两个示例都与另一张表的这些行一起检查", "Both examples are checked with these rows of another table"),
})


@dataclass(frozen=True)
class Entry:
    """One rule's page: code, name, severity, title, reason, and where its examples come from."""
    code: str
    name: str
    severity: str
    title: tuple[str, str]
    why: tuple[str, str]
    table: str                  # key of the table the examples are rows of
    bad: list[dict]             # rows by header key; for a header rule, one row of the bad header
    good: list[dict]
    bad_header: list[str] | None = None   # a header rule's bad header row (header keys)
    with_tables: tuple = ()     # a cross-table rule's other tables: (table key, rows by header key)


def _header_entries() -> list[Entry]:
    out = []
    for r in HEADER_RULES:
        key, header = r.example
        t = TABLES[key]
        bad = r.spoil([c.key for c in t.columns], header)
        out.append(Entry(r.code, r.name, r.severity, r.title, r.why, key, [dict(t.clean)], [dict(t.clean)], bad))
    return out


def entries() -> list[Entry]:
    """Every rule, header rules first, then cell rules in code order."""
    out = [Entry(g.code, g.name, g.severity, g.title, g.why, g.example[0], list(g.bad), list(g.good))
           for g in all_generic_rules().values()]
    seen = {e.code for e in out}       # a table rule under a generic code (会议登记表's CX118) is one entry
    for t in TABLES.values():
        for r in t.rules:
            if r.code in seen:
                continue
            seen.add(r.code)
            out.append(Entry(r.code, r.name, r.severity, r.title, r.why, t.key, list(r.bad), list(r.good),
                             with_tables=r.with_tables))
    return sorted(_header_entries(), key=lambda e: e.code) + sorted(out, key=lambda e: e.code)


def find(code_or_name: str) -> Entry | None:
    """The rule with that code (CX101, cx101) or name (required-value-missing)."""
    want = code_or_name.strip()
    for e in entries():
        if e.code == want.upper() or e.name == want.lower():
            return e
    return None


def _table(key: str):
    """A catalog table, or the conventions example table (the examples of tables-2.md's kinds)."""
    return TABLES[key] if key in TABLES else EXAMPLE_TABLES[key]


def _header_text(key: str, col_key: str, lang: str) -> str:
    return next((c.en if lang == "en" else c.key) for c in _table(key).columns if c.key == col_key)


def _example_table(key: str, rows: list[dict], lang: str, cols: list[str] | None = None) -> list[str]:
    """A markdown table of example rows; ``cols``: the header keys in order (default: the rows')."""
    if cols is None:
        cols = []
        for r in rows:
            for k in r:
                if k not in cols:
                    cols.append(k)
    header = [_header_text(key, k, lang) for k in cols]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        out.append("| " + " | ".join((str(r.get(k, "")) or M("empty", lang)).replace("|", "\\|") for k in cols) + " |")
    return out


def _applies(code: str, lang: str) -> str:
    where = []
    for t in TABLES.values():
        cols = [t.col(r.column) for r in t.all_rules() if r.code == code]
        if cols:
            names = M("list_sep", lang).join(dict.fromkeys((c.en if lang == "en" else c.key) for c in cols))
            where.append(f"{pick(t.full_title, lang)}: {names}")
    return "; ".join(where)


def render_entry(e: Entry, lang: str) -> list[str]:
    """One rule's section: heading, name, severity, where it applies, why, a bad and a good example."""
    lines = [f"## {e.code} {pick(e.title, lang)}", "",
             f"- {M('name', lang)}: `{e.name}`",
             f"- {M('severity', lang)}: {M(e.severity, lang)}"]
    applies = _applies(e.code, lang)
    if applies:
        lines.append(f"- {M('applies', lang)}: {applies}")
    lines += [f"- {M('why', lang)}: {pick(e.why, lang)}", "",
              f"{M('bad', lang)} ({pick(_table(e.table).full_title, lang)}):", ""]
    lines += _example_table(e.table, e.bad, lang, e.bad_header)
    lines += ["", f"{M('good', lang)}:", ""]
    lines += _example_table(e.table, e.good, lang)
    for key, rows in e.with_tables:
        lines += ["", f"{M('with', lang)} ({pick(TABLES[key].full_title, lang)}):", ""]
        shown = [{**TABLES[key].clean, **r} for r in rows]
        lines += _example_table(key, shown, lang)
    lines.append("")
    return lines


def render(lang: str = "zh") -> str:
    lines = [M("title", lang), "", M("intro", lang), ""]
    for e in entries():
        lines += render_entry(e, lang)
    return "\n".join(lines)


def render_both() -> str:
    return render("zh") + "\n\n---\n\n" + render("en")
