"""Notices: things a user should know about a file that are not errors of the command.

The file adapter finds some facts only while reading or writing (formulas without a computed
value, Excel error values, parts of the workbook the writer cannot keep). They are not findings
of a table rule and they do not stop the command, but the user must hear about them. The adapter
records them as (zh, en) pairs on a ``Notices`` collector that belongs to one command run: the
reader hands its own up with the grids (``read.Grids.notices``), the writer records on the one
it is given (``XlsxSession(..., notices=)``). The command returns them in its ``Outcome``; the
command line prints them on stderr, one line each, in the user's language, after the command
has run (stdout stays the report / the JSON document).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator


class Notices:
    """The notices of one command run, oldest first, each once."""

    def __init__(self) -> None:
        self._items: list[tuple[str, str]] = []

    def add(self, zh: str, en: str) -> None:
        pair = (zh.replace("\n", " "), en.replace("\n", " "))
        if pair not in self._items:
            self._items.append(pair)

    def extend(self, pairs: Iterable[tuple[str, str]]) -> None:
        for zh, en in pairs:
            self.add(zh, en)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Notices({self._items!r})"
