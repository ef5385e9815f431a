"""The floor: python-calamine reading every sheet of a workbook into lists of Python values, and
nothing else (no pandas). Run as its own process by run.py: python benchmarks/read_floor.py FILE"""
import sys

from python_calamine import CalamineWorkbook

wb = CalamineWorkbook.from_path(sys.argv[1])
n = 0
for name in wb.sheet_names:
    n += len(wb.get_sheet_by_name(name).to_python(skip_empty_area=True))
print(n)
