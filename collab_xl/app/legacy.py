"""Telling a result sheet collab-xl wrote from a sheet of the user's by its content.

A sheet is recognisably ours when its name is a result sheet's name (possibly with the " (2)" a
collision gave it) AND its content is as our renderers write it: row 1 a title of that sheet's
kind (and nothing else in the row), row 2 blank, row 3 starting with that kind's header, in
Chinese or English.

Two uses (``collab_xl.excel.book_in.read_record(book, ours=is_our_result_sheet)``):

* **adoption** — the previous release's mark sheet had no record of the result sheets (column N,
  ``MarkSheet.sheets``): such a mark sheet adopts, once, the sheets that are recognisably ours;
* **a safety belt on the record** — the record holds names; a recorded name whose sheet is no
  longer recognisably ours (the user renamed ours and gave the name to a sheet of their own, or
  rewrote ours) leaves the record, and the sheet is never deleted.

The file writer can take the same predicate.
"""
from __future__ import annotations

import re
import string

from collab_xl.core.output import FINDINGS_SHEET, LATE_SHEET, NOTICE_PREFIX, RANKING_PREFIX, RESULT_HEADER_ROW


def _pattern(template: str, field: str) -> re.Pattern:
    """A template's text with each {field} standing for ``field`` (a regular expression)."""
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(field)
    return re.compile("".join(parts), re.DOTALL)


def _kinds() -> list[tuple[object, list[tuple[re.Pattern, re.Pattern, int]]]]:
    """(does a name fit, [(title pattern, header pattern, header cells)]) for each result sheet."""
    from collab_xl.app.late import M as late
    from collab_xl.app.rank_texts import M as rank
    from collab_xl.app.validate import M as validate

    def shapes(m, title: str, header: str):
        out = []
        for lang in (0, 1):
            h = m.texts[header][lang]
            out.append((_pattern(m.texts[title][lang], ".*"), _pattern(h, "[^|]*"), h.count("|") + 1))
        return out

    return [
        (lambda n: n in FINDINGS_SHEET, shapes(validate, "title", "header")),
        (lambda n: n in LATE_SHEET, shapes(late, "title", "header")),
        (lambda n: n.startswith(RANKING_PREFIX), shapes(rank, "title", "header")),
        (lambda n: n.startswith(NOTICE_PREFIX), shapes(rank, "n_title", "n_header")),
    ]


_COPY = re.compile(r" ?\(\d+\)$")       # " (2)" (place_sheets) or "(2)" (unique_sheet_name)


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def is_our_result_sheet(name: str, rows: list[list]) -> bool:
    """Whether a sheet called ``name`` whose first rows are ``rows`` (row 1, 2, 3 …; values from
    column A) is a result sheet as collab-xl writes them."""
    base = _COPY.sub("", name)
    rows = [list(r or []) for r in rows] + [[]] * 3
    title, blank, header = rows[0], rows[1], rows[RESULT_HEADER_ROW - 1]
    if not title or not isinstance(title[0], str) or any(_text(v) for v in title[1:]):
        return False
    if any(_text(v) for v in blank):
        return False
    for fits, shapes in _kinds():
        if not fits(base):
            continue
        for title_re, header_re, n in shapes:
            cells = [_text(v) for v in header[:n]] + [""] * max(0, n - len(header))
            if title_re.fullmatch(title[0]) and header_re.fullmatch("|".join(cells)):
                return True
    return False
