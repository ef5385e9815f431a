"""Behaviour unchanged? Run ``collab-xl validate --format json`` with the optimized core files and
with their versions at a git ref, on the generated workbooks (and in both languages), and compare
the JSON documents, exit codes and stderr byte for byte.

    python benchmarks/compare.py [--ref REF] [--sizes 10000,100000] [--kinds partner,orders,evaluation] [--frames]

With --frames it also compares, exactly, the frames late and rank reuse (prepared and text) and the
findings frame, for every table found.

The baseline is a copy of the working tree's collab_xl package with the speed work taken out: every
commit whose message starts with "Speed:" is reverse-applied to the files it touches
(cells/parse.py, core/validate.py, core/grid.py, catalog/base.py), so what other engineers change,
in those files too, is in both and does not show up as a difference. Commit speed work before
comparing. With --ref REF, the whole package is taken from REF instead.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import gen  # noqa: E402

OPTIMIZED = ["collab_xl/cells/parse.py", "collab_xl/core/validate.py", "collab_xl/core/grid.py",
             "collab_xl/catalog/base.py", "collab_xl/core/prepare.py", "collab_xl/catalog/kinds.py"]


def baseline(ref: str | None) -> Path:
    """A copy of the working tree's package without the speed work: with ``ref``, the package as
    it was at ref; without, every commit whose message starts with "Speed:"
    reverse-applied to those files (so other engineers' changes to them stay in both)."""
    base = gen.WORK / f"base-{os.getpid()}"     # one per run: two engineers may compare at once
    shutil.rmtree(base, ignore_errors=True)
    shutil.copytree(ROOT / "collab_xl", base / "collab_xl", ignore=shutil.ignore_patterns("__pycache__"))
    if ref:  # the whole package as it was at ref (modules move between refs)
        shutil.rmtree(base / "collab_xl")
        tar = subprocess.run(["git", "archive", ref, "collab_xl"], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=tar, check=True)
        return base
    commits = subprocess.run(["git", "log", "--format=%H", "--grep=^Speed:"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    for c in commits:  # newest first
        for f in OPTIMIZED:
            diff = subprocess.run(["git", "show", "--format=", c, "--", f], cwd=ROOT, capture_output=True,
                                  check=True).stdout
            if not diff.strip():
                continue
            args = ["patch", "-R", "-p1", "-s", "-f", "--no-backup-if-mismatch", "-r", "-"]
            if subprocess.run([*args, "--dry-run"], input=diff, cwd=base, capture_output=True).returncode:
                # later changes by others overlap: the file keeps the speed work in the baseline too
                print(f"note: {c[:8]} cannot be taken out of {f} (later edits overlap); both sides keep it")
                continue
            subprocess.run(args, input=diff, cwd=base, check=True, capture_output=True)
    # Speed hunks that landed inside someone else's commit (a shared file committed whole) are
    # listed beside this script; take them out too.
    sys.path.insert(0, str(HERE / "patches"))
    from reverts import REVERTS
    for f, new, old in REVERTS:
        target = base / f
        text = target.read_text(encoding="utf-8")
        if new in text:
            target.write_text(text.replace(new, old), encoding="utf-8")
        elif old not in text:
            print(f"note: a listed speed hunk is gone from {f}: {new.strip().splitlines()[0][:60]}")
    return base


def run(path: Path, lang: str, pythonpath: str | None) -> tuple[int, bytes, bytes]:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    p = subprocess.run([sys.executable, "-m", "collab_xl.cli", "validate", str(path), "--format", "json",
                        "--today", gen.TODAY.isoformat(), "--lang", lang], capture_output=True, env=env,
                       cwd=gen.WORK)
    return p.returncode, p.stdout, p.stderr


DUMP = r"""
import datetime as dt, pickle, sys
from collab_xl.catalog import Context
from collab_xl.core import validate as V
from collab_xl.io.read import read_workbook
grids = read_workbook(sys.argv[1])
ctx = Context(today=dt.date(2024, 6, 5))
prepared = V.prepare_grids(grids, ctx)          # every table found, extracted and prepared once
report = V.validate_grids(sys.argv[1], grids, ctx, "zh", prepared=prepared)
out = []
for r in report.results:
    h = r.hit
    out.append({"table": h.table.key, "header_index": h.header_index, "end_index": h.end_index,
                "columns": list(h.columns.items()), "duplicates": list(h.duplicates.items()),
                "raw": V.extract(h), "prepared": r.prepared, "text": r.text, "findings": r.findings})
with open(sys.argv[2], "wb") as fh:
    pickle.dump(out, fh)
"""


def frames(path: Path, base: Path) -> str:
    """The prepared and text frames (which late and rank reuse) and the findings frame, compared
    with pandas' exact frame comparison: values, dtypes, index and column order."""
    import pickle

    import pandas as pd
    dumps = []
    for tag, pp in (("base", str(base)), ("new", None)):
        env = dict(os.environ)
        if pp:
            env["PYTHONPATH"] = pp
        target = gen.WORK / f"{path.stem}.{tag}-{os.getpid()}.pickle"
        subprocess.run([sys.executable, "-c", DUMP, str(path), str(target)], env=env, check=True, cwd=gen.WORK)
        with open(target, "rb") as fh:
            dumps.append(pickle.load(fh))
        target.unlink()
    a, b = dumps
    if len(a) != len(b):
        return f"{len(a)} vs {len(b)} tables"
    for x, y in zip(a, b):
        for key in ("table", "header_index", "end_index", "columns", "duplicates"):
            if x[key] != y[key]:
                return f"{key}: {x[key]} vs {y[key]}"
        for key in ("raw", "prepared", "text", "findings"):
            try:
                pd.testing.assert_frame_equal(x[key], y[key], check_exact=True)
            except AssertionError as e:
                return f"{x['table']} {key}: {e}"
    return ""


def first_difference(a: bytes, b: bytes) -> str:
    try:
        da, db = json.loads(a), json.loads(b)
    except ValueError:
        return f"{a[:200]!r} vs {b[:200]!r}"
    for key in ("tables", "summary"):
        if da.get(key) != db.get(key):
            return f"{key}: {da.get(key)} vs {db.get(key)}"
    fa, fb = da.get("findings", []), db.get("findings", [])
    if len(fa) != len(fb):
        return f"{len(fa)} vs {len(fb)} findings"
    for x, y in zip(fa, fb):
        if x != y:
            return f"{x} vs {y}"
    return "formatting only"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", default=None, help="take the optimized files from this ref (default: reverse the Speed: commits)")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--kinds", default="partner,orders,evaluation")
    ap.add_argument("--langs", default="zh,en")
    ap.add_argument("--frames", action="store_true", help="also compare the prepared/text/findings frames")
    args = ap.parse_args()
    base = baseline(args.ref)
    try:
        return compare(args, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def compare(args, base: Path) -> int:
    jobs = []
    for n in map(int, args.sizes.split(",")):
        for kind in args.kinds.split(","):
            path, _ = gen.workbook(kind, n)
            for lang in args.langs.split(","):
                jobs.append((path, lang))
    bad = 0
    with cf.ThreadPoolExecutor(max_workers=2) as ex:
        futs = {(p, lang): (ex.submit(run, p, lang, str(base)), ex.submit(run, p, lang, None)) for p, lang in jobs}
        for (p, lang), (fa, fb) in futs.items():
            a, b = fa.result(), fb.result()
            same = a == b
            bad += not same
            n = len(json.loads(b[1])["findings"]) if b[0] in (0, 1) else "-"
            print(f"{'same' if same else 'DIFFERENT':10s} {p.name:28s} {lang}  exit {b[0]}  findings {n}"
                  + ("" if same else f"\n    exit {a[0]} vs {b[0]}; stderr {a[2][-200:]!r} vs {b[2][-200:]!r}; "
                                     f"{first_difference(a[1], b[1])}"))
    if args.frames:
        for path in sorted({p for p, _ in jobs}):
            diff = frames(path, base)
            bad += bool(diff)
            print(f"{'same' if not diff else 'DIFFERENT':10s} {path.name:28s} frames" + (f"\n    {diff}" if diff else ""))
    print("all identical" if not bad else f"{bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
