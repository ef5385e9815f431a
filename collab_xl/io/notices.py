"""Notices: things a user should know about a file that are not errors of the command.

The file adapter finds some facts only while reading or writing (formulas without a computed
value, Excel error values, parts of the workbook the writer cannot keep). They are not findings
of a table rule and they do not stop the command, but the user must hear about them. The adapter
records them here as (zh, en) pairs; the command line prints them on stderr, one line each, in
the user's language, after the command has run (stdout stays the report / the JSON document).
"""
from __future__ import annotations

_PENDING: list[tuple[str, str]] = []


def add(zh: str, en: str) -> None:
    pair = (zh.replace("\n", " "), en.replace("\n", " "))
    if pair not in _PENDING:
        _PENDING.append(pair)


def drain() -> list[tuple[str, str]]:
    """The notices recorded since the last call, oldest first; the list is emptied."""
    out = list(_PENDING)
    _PENDING.clear()
    return out
