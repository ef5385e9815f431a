"""The live-workbook adapter: Excel functions (UDFs) and ribbon scripts through xlwings.

* ``functions`` — the ``COLLAB_*`` worksheet functions (classic xlwings UDFs; re-registered for
  xlwings Lite/Server by ``udfs/lite/main.py``), vectorized over whole columns;
* ``scripts`` — the ribbon buttons (校验当前表, 校验全部, 清除标记, 标记逾期, 供应商季度排名,
  插入模板表, 帮助), each taking the workbook ``book: xw.Book``; ``run_desktop(name)`` is what the
  add-in's VBA calls through RunPython;
* ``buttons`` — the registry of the scripts' ribbon buttons (label, group, icon, tips in both
  languages), each declared with ``@button`` beside its script; the add-in builder reads it;
* ``book_in`` — a workbook's sheets as core Grids (values read once per sheet);
* ``book_out`` — a ``collab_xl.core.output.Result`` drawn into the workbook in bulk (result
  sheets, marks through the hidden sheet and conditional formats, charts);
* ``payload`` and ``apply`` — the xlwings remote-engine round trip on workbook *files*: the JSON an
  Office.js client would send, and the returned actions applied to a copy with openpyxl (tests,
  benchmarks, screenshots).

See docs/excel.md.
"""
