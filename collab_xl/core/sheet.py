"""A sheet as the core sees it: a rectangle of raw values and where it sits, whatever read it.

Its own module, light on purpose: the file reader builds grids without importing pandas or the
catalog, so a workbook can be read while the rest is still being imported
(``collab_xl.io.prefetch``). ``collab_xl.core.grid`` finds tables in grids and re-exports it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from collab_xl.cells.address import get_column_letter


@dataclass
class Grid:
    name: str
    rows: list[list]                  # raw values; "" or None for an empty cell
    row0: int = 0                     # 0-based sheet row of rows[0]
    col0: int = 0                     # 0-based sheet column of rows[i][0]
    visible: bool = True
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # absolute, 0-based

    def excel_row(self, i: int) -> int:
        return self.row0 + i + 1

    def letter(self, j: int) -> str:
        return get_column_letter(self.col0 + j + 1)

    def merged_down(self) -> list[tuple[int, int, int]]:
        """Vertically merged cells as (first index, last index, column index) into ``rows``:
        a merged cell means "this value for every row it spans" (tables.md)."""
        out = []
        for (r1, c1), (r2, c2) in self.merged:
            if r2 > r1:
                out.append((r1 - self.row0, r2 - self.row0, c1 - self.col0))
        return out
