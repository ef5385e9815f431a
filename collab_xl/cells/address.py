"""Cell addresses: column letters and A1 references, without importing openpyxl."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)
def get_column_letter(n: int) -> str:
    """Column letters of a 1-based column number, as openpyxl.utils.get_column_letter gives them
    (same range, same error), without importing openpyxl: validating a file never needs it."""
    if not 1 <= n <= 18278:
        raise ValueError(f"Invalid column index {n}")
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@functools.lru_cache(maxsize=4096)
def column_index(letters: str | bytes) -> int:
    """The 1-based column number of column letters ("A" → 1, "XFD" → 16384; bytes too, as the
    readers' XML scans find them)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"Invalid column letters {letters!r}")
        n = n * 26 + ord(ch) - 64
    if not 1 <= n <= 18278:
        raise ValueError(f"Invalid column letters {letters!r}")
    return n
