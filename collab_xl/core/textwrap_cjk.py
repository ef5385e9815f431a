"""Printable lines of a paragraph, for text written into cells one line per row.

English breaks at spaces (``textwrap``); Chinese breaks between characters, never inside a run of
Latin letters and digits (a date, a number, a quarter), and never puts closing punctuation at the
start of a line. Widths are display columns: a wide (CJK) character counts 2.
"""
from __future__ import annotations

import re
import textwrap
import unicodedata

_TOKEN = re.compile(r"[A-Za-z0-9.\-/:%+_]+|.")
_NO_LINE_START = ",。、;:)”》"       # closing punctuation stays on the line before


def display_width(text: str) -> int:
    """Display columns of ``text``: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, lang: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` display columns (a Latin run longer than
    the width, or closing punctuation, may overrun it). An empty text gives ``[""]``."""
    if lang == "en":
        return textwrap.wrap(text, width) or [""]
    lines, line = [], ""
    for tok in _TOKEN.findall(text):
        if line and display_width(line + tok) > width and tok not in _NO_LINE_START:
            lines.append(line)
            line = tok
        else:
            line += tok
    return lines + [line] if line or not lines else lines
