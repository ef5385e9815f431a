"""The synonym tables of docs/recognition.md, rendered from the catalog (each column's template
header in both languages, its ``aka`` words, key columns in bold), so the page lists what the
code accepts. ``python -m collab_xl.recognition_doc docs/recognition.md`` rewrites that section
in place; tests/test_recognition.py checks it is current.
"""
from __future__ import annotations

import sys

from collab_xl.catalog import TABLES, Table

START = "下表是随目录发布的同义词"        # the paragraph before the tables
END = "### 用你自己的表头"               # the heading after them


def table_section(t: Table) -> str:
    lines = [f"#### {t.title[0]} / {t.title[1]} (`{t.key}`)", "",
             "| 列 column | 模板表头 template header | 同义词 synonyms |", "|---|---|---|"]
    for c in t.columns:
        key = " **(关键列 key)**" if c.name in t.key_columns else ""
        optional = "(可选列 optional)" if c.added else ""
        lines.append(f"| `{c.name}`{key} | {c.key} / {c.en}{optional} | {', '.join(c.aka) if c.aka else '—'} |")
    return "\n".join(lines)


def synonym_tables() -> str:
    """Every catalog table's synonym table, in catalog order."""
    return "\n\n".join(table_section(t) for t in TABLES.values()) + "\n"


def current_section(page: str) -> str:
    """The synonym tables as the page has them (from the first #### after START up to END)."""
    start = page.index("#### ", page.index(START))
    return page[start:page.index(END, start)].rstrip("\n") + "\n"


def rewrite(page: str) -> str:
    start = page.index("#### ", page.index(START))
    end = page.index(END, start)
    return page[:start] + synonym_tables() + "\n" + page[end:]


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "docs/recognition.md"
    text = open(path, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(rewrite(text))
