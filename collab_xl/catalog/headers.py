"""Rules about the header row itself, declared in the same form as the cell rules (after
frictionless, which lists header errors beside cell errors). The core finds a table's header
(``collab_xl.core.grid``); these rules say what is wrong with it."""
from __future__ import annotations

from collab_xl.catalog.rules import ERROR, WARNING, HeaderRule

DUPLICATE_COLUMN = HeaderRule(
    "CX001", "duplicate-header-column", WARNING,
    ("表头列重复", "Duplicate header column"),
    ("列「{header}」出现了两次,只检查第一列", "Column \"{header}\" appears twice; only the first is checked"),
    ("同一列名出现两次时,只检查第一列;第二列的内容不会被检查。",
     "When a column name appears twice, only the first column is checked; the second is not."),
    ("partner_progress", "交付物"),
    find=lambda hit: list(hit.duplicates.items()),
    spoil=lambda headers, header: headers + [header])

REQUIRED_COLUMN_MISSING = HeaderRule(
    "CX002", "required-column-missing", ERROR,
    ("缺少必填列", "Required column missing"),
    ("表头缺少必填列「{header}」", "The header lacks the required column \"{header}\""),
    ("表格按表头识别;识别出的表格缺少必填列时,该列的每一行都无法检查。",
     "A table is found by its header; when a required column is missing, none of its cells can be checked."),
    ("partner_progress", "交付物"),
    find=lambda hit: [(name, None) for name in hit.missing_required],
    spoil=lambda headers, header: [h for h in headers if h != header])

# In the order their findings are listed.
HEADER_RULES: tuple[HeaderRule, ...] = (REQUIRED_COLUMN_MISSING, DUPLICATE_COLUMN)
