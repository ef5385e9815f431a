"""Where validate's time goes, stage by stage, in one process (a profiling aid, not a benchmark):

    python benchmarks/stages.py FILE [--profile OUT.prof]

Stages: import, read (collab_xl.io.read), find tables, extract, prepare, schema + pandera,
findings, JSON. With --profile, the whole thing also runs under cProfile."""
from __future__ import annotations

import sys
import time

T0 = time.perf_counter()


def main(path: str) -> None:
    import datetime as dt
    import json
    marks = [("start", T0)]

    def mark(name):
        marks.append((name, time.perf_counter()))

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
    directory, cache = V.directory_names(hits, ctx)
    ctx = Context(today=ctx.today, config=ctx.config, directory=directory)
    mark("directory")
    raws = [V.extract(h) for h in hits]
    mark("extract")
    from collab_xl.core import prepare as P, schema as S
    preps = [P.prepare(h.table, r, ctx) for h, r in zip(hits, raws)]
    mark("prepare")
    fcs = [S.failure_cases(h.table.all_rules(set(h.columns)), ctx, h.table.key, p) for h, (p, _) in zip(hits, preps)]
    mark("pandera")
    results = [V.check_table(h, ctx, "zh", p, t) for h, (p, t) in zip(hits, preps)]
    mark("check_table (pandera again + findings)")
    findings = pd.concat([r.findings for r in results], ignore_index=True)
    rep = V.Report(file=path, results=results, findings=findings)
    s = json.dumps(rep.to_dict(), ensure_ascii=False, indent=2, default=str)
    mark("json")
    for (a, ta), (b, tb) in zip(marks, marks[1:]):
        print(f"{b:40s} {tb - ta:7.3f}")
    print(f"{'total':40s} {marks[-1][1] - T0:7.3f}   findings={len(findings)} fc={sum(len(f) for f in fcs)} json={len(s)}")


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
