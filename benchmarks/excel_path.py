"""The Excel script path, as its own process (run.py measures it whole): build the payload an
Office.js client (xlwings Lite / Server) would send for a workbook file, run the 校验全部 script
``collab_xl.excel.scripts.validate_all`` on ``xw.Book(json=payload)`` (xlwings' remote engine,
XLWINGS_LICENSE_KEY=noncommercial), and count the actions it sends back.

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/excel_path.py FILE OUT.json

Writes {"payload_s", "script_s", "payload_bytes", "actions", "action_bytes", "funcs"}.
"""
from __future__ import annotations

import collections
import json
import os
import sys
import time


def main(path: str, out: str) -> None:
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    t0 = time.perf_counter()
    from collab_xl.excel import scripts
    from collab_xl.excel.payload import open_book, payload_from_file
    t1 = time.perf_counter()
    payload = payload_from_file(path)
    t2 = time.perf_counter()
    book = open_book(payload)
    scripts.validate_all(book)
    actions = book.json()["actions"]
    t3 = time.perf_counter()
    doc = {
        "import_s": t1 - t0, "payload_s": t2 - t1, "script_s": t3 - t2,
        "payload_bytes": len(json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")),
        "actions": len(actions),
        "action_bytes": len(json.dumps(actions, ensure_ascii=False, default=str).encode("utf-8")),
        "funcs": dict(collections.Counter(a["func"] for a in actions)),
    }
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
