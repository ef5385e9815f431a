"""Cells: the lowest layer, below both the catalog and the core.

What a single cell or a column of cells means, whoever reads it: vectorized parsing of raw values
(``parse``), Excel's error values, and cell addresses. Nothing here knows a table, a file or Excel.
"""
