"""Where validate's time goes, stage by stage, in one process (a profiling aid, not a benchmark):

    python benchmarks/stages.py FILE [--profile OUT.prof]

Stages: import, read (collab_xl.io.read), find tables, extract, prepare, the checks (pandera) and
findings, JSON; wall and CPU time of each (CPU time is what a busy shared machine disturbs less). With --profile, the whole thing also runs under cProfile."""
from __future__ import annotations

import sys
import time

T0 = time.perf_counter()
C0 = time.process_time()


def main(path: str) -> None:
    import datetime as dt
    import json
    marks = [("start", T0, C0)]

    def mark(name):
        marks.append((name, time.perf_counter(), time.process_time()))

    import pandas as pd  # noqa: F401
    from collab_xl.catalog import Context
    from collab_xl.core import validate as V
    from collab_xl.io.read import read_workbook
    mark("import")
    grids = read_workbook(path)
    mark("read")
    hits = V.find_all(grids)
    mark("find tables")
    ctx = Context(today=dt.date(2024, 6, 5))
    raws = [V.extract(h) for h in hits]
    mark("extract")
    from collab_xl.core import prepare as P
    frames = [P.prepare(h.table, r, ctx, outside=frozenset(h.outside)) for h, r in zip(hits, raws)]
    mark("prepare")
    rep = V.validate_grids(path, grids, ctx, "zh", prepared=V.Prepared(hits, frames))
    findings = rep.findings
    fcs = [findings]
    mark("checks (pandera) + findings")
    s = json.dumps(rep.to_dict(), ensure_ascii=False, indent=2, default=str)
    mark("json")
    print(f"{'stage':40s} {'wall s':>7s} {'CPU s':>7s}")
    for (a, ta, ca), (b, tb, cb) in zip(marks, marks[1:]):
        print(f"{b:40s} {tb - ta:7.3f} {cb - ca:7.3f}")
    print(f"{'total':40s} {marks[-1][1] - T0:7.3f} {marks[-1][2] - C0:7.3f}   findings={len(findings)} json={len(s)}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--profile" in args:
        i = args.index("--profile")
        out = args[i + 1]
        del args[i:i + 2]
        import cProfile
        cProfile.run("main(args[0])", out)
    else:
        main(args[0])
