"""Golden before/after comparison: proves a refactoring changed nothing a user or a script sees.

    python benchmarks/golden.py capture OUTDIR [--src TREE] [--inputs DIR] [--jobs 2]
    python benchmarks/golden.py diff DIR_A DIR_B

``capture`` runs the real command line (``python -m collab_xl.cli ...``) of the source tree
``--src`` (default: the repository this script lives in) as child processes, each in a fresh
temporary folder holding a copy of its input, with COLUMNS=100, NO_COLOR=1, TERM=dumb, and
records for every run one JSON file in OUTDIR (sorted keys, so ``diff -r`` works too):

* ``argv``      the arguments (inputs and outputs are relative names; ``{dir}`` stands for the
                run's folder where an argument needs an absolute path)
* ``exit``      the exit code
* ``stdout``, ``stderr``  the lines written, with the run's folder, the inputs folder, the source
                tree and the temporary root replaced by <CWD>, <INPUTS>, <SRC>, <TMP>
* ``files``     every file the run created, changed or deleted in its folder: for a zip
                (xlsx/xlsm) the list of members in archive order with the sha256 of each member's
                bytes, ``docProps/core.xml`` taken with its dcterms:created/modified values blanked
                (openpyxl stamps the save time there); for other files the sha256 of the bytes.
                Zip member dates and compression are not recorded (they carry the save time).

The inputs are built ONCE into ``--inputs`` (default OUTDIR/../golden-inputs) by the first capture,
using that capture's tree (its tests/ builders and benchmarks/gen.py), and reused as they are by
every later capture, so "before" and "after" read the same bytes: the bundled workbooks/*.xlsx,
the files ``demo`` writes, benchmark workbooks from benchmarks/gen.py, every case of the bad-input
corpus tests/corpus.py (LibreOffice cases only when ``soffice`` is installed), and the workbooks
of tests/richbooks.py, tests/late_workbooks.py and tests/rank_workbooks.py. ``inputs/manifest.json``
lists them.

``diff`` compares two capture folders run by run, prints each difference compactly and a count
summary, and exits 1 when anything differs (0 when identical).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import ctypes
import difflib
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2024-06-05"
TIMEOUT = 180                       # seconds per command
CORPUS_MEM = int(1.5 * 1024**3)     # address-space limit of a bad-input run (as tests/corpus.py)
ENV_KEEP = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "SYSTEMROOT", "TMPDIR")
META = "_meta.json"


# =============================================================================================
# Building the inputs (runs in a child process with the source tree, its tests/ and its
# benchmarks/ on the path: `golden.py _build INPUTS`)
def _build(inputs: Path) -> None:
    src = Path(os.environ["GOLDEN_SRC"])
    manifest: dict = {"books": [], "folders": [], "corpus": [], "skipped": [],
                      "built_from": {"src": str(src), "commit": _commit(src)}}
    books, folders = manifest["books"], manifest["folders"]

    def book(id_: str, group: str, make, matrix: str = "full", today: str = TODAY, extra: tuple = ()) -> None:
        """make(folder) -> the input path inside folder."""
        folder = inputs / group / id_
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        try:
            path = make(folder)
        except Exception as exc:          # a builder missing or failing in this tree
            manifest["skipped"].append({"id": id_, "why": f"{type(exc).__name__}: {exc}"})
            shutil.rmtree(folder)
            return
        books.append({"id": id_, "dir": f"{group}/{id_}", "arg": path.relative_to(folder).as_posix(),
                      "matrix": matrix, "today": today, "extra": list(extra)})

    def copy_to(src_file: Path):
        def make(folder: Path) -> Path:
            return Path(shutil.copy2(src_file, folder / src_file.name))
        return make

    # -- the bundled sample and templates ---------------------------------------------------------
    names = {"示例-已填写.xlsx": "sample", "collab-xl-模板.xlsx": "template-zh", "collab-xl-template.xlsx": "template-en"}
    for i, p in enumerate(sorted((src / "workbooks").glob("*.xlsx"))):
        extra = ("inplace", "config", "out-en") if p.name == "示例-已填写.xlsx" else ()
        book("wb-" + names.get(p.name, str(i)), "workbooks", copy_to(p), extra=extra)
    shutil.copy2(src / "collab-xl.example.toml", inputs / "collab-xl.example.toml")

    # -- what `demo` writes ------------------------------------------------------------------------
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-m", "collab_xl.cli", "demo", "--out", "d", "--today", TODAY],
                              cwd=tmp, capture_output=True, text=True, env=_env(src), timeout=TIMEOUT)
        if done.returncode not in (0, 1):
            manifest["skipped"].append({"id": "demo", "why": done.stderr.strip()})
        for p in sorted((Path(tmp) / "d").glob("*.xlsx")):
            book("demo-" + p.name[:2], "demo", copy_to(p), extra=("clear-in",))

    # -- benchmark workbooks (benchmarks/gen.py), small --------------------------------------------
    try:
        import gen
    except Exception as exc:
        manifest["skipped"].append({"id": "gen", "why": f"{type(exc).__name__}: {exc}"})
    else:
        def gen_book(name: str, sheets_fn):
            def make(folder: Path) -> Path:
                path = folder / f"{name}.xlsx"
                gen._save(path, sheets_fn())
                return path
            return make
        book("gen-partner-2000", "gen", gen_book("partner-2000", lambda: [("表4 合作伙伴协作进度", gen.partner_rows(2000)[0])]),
             matrix="big")
        book("gen-orders-2000", "gen", gen_book("orders-2000", lambda: [("采购订单", gen.order_rows(2000)[0])]), matrix="big")
        book("gen-evaluation-2000", "gen", gen_book("evaluation-2000", lambda: gen.evaluation_sheets(2000)[0]),
             matrix="big")
        book("gen-orders-alldefects-300", "gen",
             gen_book("orders-alldefects-300", lambda: [("采购订单", gen.order_rows(300, share=1.0)[0])]))
        book("gen-messy-150", "gen", gen_book("messy-150", lambda: gen.messy_sheets(150)))

    # -- tests/richbooks.py ------------------------------------------------------------------------
    try:
        import richbooks
    except Exception as exc:
        manifest["skipped"].append({"id": "richbooks", "why": f"{type(exc).__name__}: {exc}"})
    else:
        book("rich", "rich", lambda d: richbooks.rich_book(d / "丰富.xlsx"), extra=("inplace",))
        kinds = {"charts", "pictures", "shapes", "chart_styles", "x14_conditional_formats", "x14_validations",
                 "sparklines", "threaded_comments"}
        book("rich-extras", "rich", lambda d: richbooks.with_extras(d / "图表.xlsx", kinds), extra=("inplace",))
        book("rich-chart", "rich", lambda d: richbooks.with_extras(d / "图表.xlsx", {"charts"}), extra=("inplace",))

    # -- tests/late_workbooks.py -------------------------------------------------------------------
    try:
        import late_workbooks
        from collab_xl.catalog import TABLES
        from collab_xl.catalog import base as catalog_base
    except Exception as exc:
        manifest["skipped"].append({"id": "late_workbooks", "why": f"{type(exc).__name__}: {exc}"})
    else:
        def resolve(v):
            """"{today+10}" in an example: a date relative to the run's today."""
            import datetime as dt
            if isinstance(v, str) and v.startswith("{today"):
                return (dt.date(2024, 6, 5) + dt.timedelta(days=int(v[6:-1] or 0))).isoformat()
            return v

        def all_rules(folder: Path) -> Path:
            """Every table: the guide's rows, the clean row, and every rule's bad and good example."""
            tables: dict[str, list[dict]] = {}
            for key, t in TABLES.items():
                rows = [dict(r) for r in t.examples] + [dict(t.clean)]
                for r in t.rules:
                    rows += [{**t.clean, **b} for b in r.bad] + [{**t.clean, **g} for g in r.good]
                tables[key] = rows
            for code, (key, bad, good) in getattr(catalog_base, "GENERIC_EXAMPLES", {}).items():
                t = TABLES[key]
                tables[key] += [{**t.clean, **b} for b in bad] + [{**t.clean, **g} for g in good]
            tables = {k: [{h: resolve(v) for h, v in r.items()} for r in rows] for k, rows in tables.items()}
            return late_workbooks.write(folder / "全部规则.xlsx", tables)

        def t4(stage, due, done="-"):
            return {"合作项目": "品牌升级", "合作伙伴": "乙广告公司", "项目阶段": stage, "我方负责人": "王五",
                    "合作伙伴负责人": "钱七", "计划完成时间": due, "实际完成时间": done, "交付物": f"{stage}交付物"}

        def acceptance(folder: Path) -> Path:
            """The late acceptance rows (holidays and make-up working days), as in test_late_cli."""
            import datetime as dt
            return late_workbooks.write(folder / "进度.xlsx", {
                "partner_progress": [t4("设计", dt.date(2024, 5, 10), dt.date(2024, 5, 13)),
                                     t4("印刷", "2024-04-30", "2024-05-06"), t4("投放", "2024/9/30", "2024年10月8日"),
                                     t4("复盘", "2024-12-20", "2024-12-20"), t4("结案", "2024-12-02")],
                "work_report": [{"汇报人": "赵六", "部门": "销售部", "汇报周期": "2024年12月第1周",
                                 "本周/月核心工作内容": "=HYPERLINK(\"http://x\")", "完成情况": "×",
                                 "遇到的问题及需支持事项": "客户取消"}],
                "purchase_orders": [{"订单号": "PO-1", "供应商名称": "福州闽星", "产品明细": "A4复印纸", "数量": 10,
                                     "单价": 25, "金额": 250, "要求交付日期": "2024-05-10", "实际交付日期": "2024-05-13"},
                                    {"订单号": "PO-2", "供应商名称": "福州闽星", "产品明细": "A4复印纸", "数量": 10,
                                     "单价": 25, "金额": 250, "要求交付日期": "2024-12-10", "实际交付日期": ""}]})

        book("late-allrules", "late", all_rules, extra=("out-en",))
        book("late-acceptance", "late", acceptance, today="2024-12-31")

    # -- tests/rank_workbooks.py -------------------------------------------------------------------
    try:
        import rank_workbooks
    except Exception as exc:
        manifest["skipped"].append({"id": "rank_workbooks", "why": f"{type(exc).__name__}: {exc}"})
    else:
        book("rank-realistic", "rank", lambda d: rank_workbooks.realistic_book(d / "供应商评估.xlsx"),
             extra=("quarter", "out-en"))
        folder = inputs / "rank" / "rank-split"
        if folder.exists():
            shutil.rmtree(folder)
        a, b = rank_workbooks.split_books(folder / "data")
        folders.append({"id": "rank-split", "dir": "rank/rank-split", "args": [
            ["rank", "data", "--today", TODAY, "--format", "json"],
            ["rank", "data", "--today", TODAY, "--format", "json", "--lang", "en"],
            ["rank", "data", "--today", TODAY],
            ["rank", f"data/{a.name}", f"data/{b.name}", "--today", TODAY, "--format", "json"],
            ["rank", "data", "--today", TODAY, "--quarter", "2024Q1", "--format", "json"],
            ["rank", "data", "--today", TODAY, "--out", "排名.xlsx"],
            ["validate", "data", "--today", TODAY, "--format", "json"],
        ]})

    # -- the bad-input corpus (tests/corpus.py) ----------------------------------------------------
    try:
        import corpus
    except Exception as exc:
        manifest["skipped"].append({"id": "corpus", "why": f"{type(exc).__name__}: {exc}"})
    else:
        base = inputs / "corpus"
        for case in corpus.CASES:
            why = corpus.available(case.needs) if case.needs != "drop_caps" else None
            if why:
                manifest["skipped"].append({"id": f"corpus-{case.key}", "why": why})
                continue
            try:
                folder, inp = corpus.build_case(case, base)
            except Exception as exc:
                manifest["skipped"].append({"id": f"corpus-{case.key}", "why": f"{type(exc).__name__}: {exc}"})
                continue
            manifest["corpus"].append({
                "id": f"corpus-{case.key}", "dir": f"corpus/{case.key}",
                "arg": case.input_arg if case.input_arg is not None else inp.name,
                "command": case.command, "args": list(case.args), "readonly": case.readonly,
                "readonly_dir": inp.parent.relative_to(folder).as_posix() if case.readonly else None})

    (inputs / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True),
                                          encoding="utf-8")


def _commit(src: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(src), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=30)
        dirty = subprocess.run(["git", "-C", str(src), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "")
    except Exception:
        return "?"


def _env(src: Path, home: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k in ENV_KEEP}
    env.update(PYTHONPATH=str(src), COLUMNS="100", NO_COLOR="1", TERM="dumb", PYTHONIOENCODING="utf-8",
               PYTHONHASHSEED="0", LC_ALL=os.environ.get("LC_ALL", "C.UTF-8"), TZ="UTC")
    if home is not None:
        env["HOME"] = str(home)
    return env


def ensure_inputs(inputs: Path, src: Path, python: str) -> dict:
    man = inputs / "manifest.json"
    if not man.exists():
        inputs.mkdir(parents=True, exist_ok=True)
        print(f"building inputs in {inputs} with {src} ...", flush=True)
        t0 = time.monotonic()
        env = _env(src)
        env["PYTHONPATH"] = os.pathsep.join([str(src), str(src / "tests"), str(src / "benchmarks")])
        env["GOLDEN_SRC"] = str(src)
        subprocess.run([python, str(Path(__file__).resolve()), "_build", str(inputs)], check=True, env=env,
                       cwd=inputs)
        print(f"inputs built in {time.monotonic() - t0:.0f} s", flush=True)
    return json.loads(man.read_text(encoding="utf-8"))


# =============================================================================================
# The command matrix
@dataclass
class Step:
    id: str
    argv: list[str]
    mem: int | None = None
    readonly_dir: str | None = None      # chmod 555 during the step, root's DAC capabilities dropped


@dataclass
class Job:
    dir: str | None                      # input folder (relative to the inputs), copied into the run folder
    steps: list[Step] = field(default_factory=list)


def _book_jobs(b: dict) -> list[Job]:
    """The commands run on one workbook. "full": every output format and language; "big": one of
    each kind (large inputs, to keep a capture near five minutes on 2 cores); "light": the
    templates and the demo's files."""
    i, a, t, m = b["id"], b["arg"], b["today"], b["matrix"]

    def one(name: str, *argv: str) -> Job:
        return Job(b["dir"], [Step(f"{i}__{name}", list(argv))])

    v = ["validate", a, "--today", t]
    late = ["late", a, "--today", t]
    rank = ["rank", a, "--today", t]
    jobs = [
        one("validate-json-zh", *v, "--format", "json"),
        Job(b["dir"], [Step(f"{i}__validate-out", [*v, "--out", "校验.xlsx"]),
                       Step(f"{i}__validate-out__clear", ["clear", "校验.xlsx", "--out", "清除.xlsx"])]),
    ]
    if m in ("full", "big"):
        jobs += [
            one("validate-text-zh", *v),
            one("late-json-zh", *late, "--format", "json"),
            one("late-out", *late, "--out", "逾期.xlsx"),
            one("rank-json-zh", *rank, "--format", "json"),
            one("rank-out", *rank, "--out", "排名.xlsx"),
        ]
    if m == "full":
        jobs += [
            one("validate-json-en", *v, "--format", "json", "--lang", "en"),
            one("validate-text-en", *v, "--lang", "en"),
            one("late-json-en", *late, "--format", "json", "--lang", "en"),
            one("late-text-zh", *late),
            one("rank-json-en", *rank, "--format", "json", "--lang", "en"),
            one("rank-text-zh", *rank),
        ]
    if m == "light":
        jobs += [one("validate-json-en", *v, "--format", "json", "--lang", "en"),
                 one("late-json-zh", *late, "--format", "json"),
                 one("rank-json-zh", *rank, "--format", "json")]
    extra = b["extra"]
    if "inplace" in extra:
        jobs.append(one("validate-inplace", *v, "--in-place"))
    if "config" in extra:
        jobs.append(one("validate-config", *v, "--format", "json", "--config", "{inputs}/collab-xl.example.toml"))
    if "out-en" in extra:
        jobs += [one("validate-out-en", *v, "--out", "check.xlsx", "--lang", "en"),
                 one("late-out-en", *late, "--out", "late.xlsx", "--lang", "en"),
                 one("rank-out-en", *rank, "--out", "rank.xlsx", "--lang", "en")]
    if "quarter" in extra:
        jobs += [one("rank-q1-json", *rank, "--quarter", "2024Q1", "--format", "json"),
                 one("rank-q1-text-en", *rank, "--quarter", "2024Q1", "--lang", "en")]
    if "clear-in" in extra:
        jobs.append(one("clear-in", "clear", a, "--out", "清除.xlsx"))
    return jobs


# The matrix per input, by id (inputs not named here get "full"). The manifest's own "matrix"
# and "extra" are what the inputs were built with; these overrides keep the run count near 350.
MATRIX = {"wb-template-zh": "light", "wb-template-en": "light", "demo-03": "light", "demo-04": "light",
          "demo-05": "light", "gen-orders-alldefects-300": "big", "gen-messy-150": "big", "rich-extras": "light",
          "late-allrules": "big", "late-acceptance": "big", "rank-realistic": "big"}
SKIP = {"demo-01", "demo-02", "rich-chart"}      # the same content as wb-template-zh, wb-sample, rich-extras


def plan(man: dict) -> list[Job]:
    jobs: list[Job] = []
    for b in man["books"]:
        if b["id"] in SKIP:
            continue
        b = dict(b, matrix=MATRIX.get(b["id"], b["matrix"]))
        jobs += _book_jobs(b)
    for f in man["folders"]:
        for k, argv in enumerate(f["args"]):
            jobs.append(Job(f["dir"], [Step(f"{f['id']}__{k:02d}-{'-'.join(x for x in argv[:1])}", list(argv))]))
    for c in man["corpus"]:
        # the case's command in both languages, late in Chinese (its reading errors are the same
        # messages as validate's; English late output is covered by the workbooks above)
        for cmd, lang in sorted({(c["command"], "zh"), (c["command"], "en"), ("late", "zh")},
                                key=lambda x: (x[0] != c["command"], x)):
            argv = [cmd, c["arg"], "--today", TODAY, *c["args"], "--format", "json"]
            argv += ["--lang", "en"] if lang == "en" else []
            jobs.append(Job(c["dir"], [Step(f"{c['id']}__{cmd}-json-{lang}", argv, mem=CORPUS_MEM,
                                            readonly_dir=c["readonly_dir"])]))
    glob: list[tuple[str, list[str]]] = [
        ("rules-zh", ["rules"]), ("rules-en", ["rules", "--lang", "en"]),
        ("rules-CX101-zh", ["rules", "CX101"]), ("rules-CX101-en", ["rules", "CX101", "--lang", "en"]),
        ("rules-CX262-zh", ["rules", "CX262"]), ("rules-unknown", ["rules", "CX999"]),
        ("new-zh", ["new", "--out", "T.xlsx"]), ("new-en", ["new", "--lang", "en", "--out", "T.xlsx"]),
        ("new-table", ["new", "--table", "partner_progress", "--table", "purchase_orders", "--out", "T.xlsx"]),
        ("new-bad-table", ["new", "--table", "nope", "--out", "T.xlsx"]),
        ("demo-zh", ["demo", "--out", "d", "--today", TODAY]),
        ("demo-en-json", ["demo", "--out", "d", "--today", TODAY, "--lang", "en", "--format", "json"]),
        ("help", ["--help"]),
        *[(f"help-{c}", [c, "--help"]) for c in ("validate", "rank", "new")],
        ("usage-no-command", []), ("usage-no-path", ["validate"]),
        ("usage-bad-format", ["validate", "x.xlsx", "--format", "xml"]),
        ("usage-bad-lang", ["validate", "x.xlsx", "--lang", "fr"]),
        ("usage-unknown-option", ["validate", "x.xlsx", "--frobnicate"]),
        ("usage-unknown-command", ["frobnicate"]),
        ("addin", ["addin", "--out", "a.xlam"]),
    ]
    jobs += [Job(None, [Step(f"cli__{name}", argv)]) for name, argv in glob]
    return jobs


# =============================================================================================
# Running
_LIBC = None


def _drop_dac() -> None:
    """Child side: drop the capabilities that let root ignore file permissions (as tests/corpus.py)."""
    for cap in (1, 2):   # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if _LIBC.prctl(24, cap, 0, 0, 0) != 0:   # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl")


def _snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[p.relative_to(folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


CORE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def fingerprint(path: Path) -> dict:
    data = path.read_bytes()
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(path) as zf:
                members = []
                for info in zf.infolist():
                    body = zf.read(info)
                    if info.filename == "docProps/core.xml":
                        body = CORE.sub(rb"\1\3", body)
                    members.append([info.filename, hashlib.sha256(body).hexdigest()])
            return {"zip": members}
        except Exception as exc:
            return {"sha256": hashlib.sha256(data).hexdigest(), "zip_error": type(exc).__name__}
    return {"sha256": hashlib.sha256(data).hexdigest()}


def _normalise(text: str, subs: list[tuple[str, str]]) -> list[str]:
    for old, new in subs:
        if old:
            text = text.replace(old, new)
    return text.split("\n")


def run_job(job: Job, ctx: dict) -> list[dict]:
    tmp_root = Path(ctx["tmp"])
    cwd = Path(tempfile.mkdtemp(prefix="run-", dir=tmp_root))
    home = cwd.parent / (cwd.name + ".home")
    home.mkdir()
    records = []
    try:
        if job.dir:
            shutil.copytree(Path(ctx["inputs"]) / job.dir, cwd, dirs_exist_ok=True, symlinks=True)
        env = _env(Path(ctx["src"]), home)
        subs = sorted({(str(cwd), "<CWD>"), (os.path.realpath(cwd), "<CWD>"), (str(home), "<HOME>"),
                       (ctx["inputs"], "<INPUTS>"), (os.path.realpath(ctx["inputs"]), "<INPUTS>"),
                       (ctx["src"], "<SRC>"), (os.path.realpath(ctx["src"]), "<SRC>"),
                       (str(tmp_root), "<TMP>"), (os.path.realpath(tmp_root), "<TMP>")},
                      key=lambda s: -len(s[0]))
        for step in job.steps:
            argv = [a.replace("{dir}", str(cwd)).replace("{inputs}", ctx["inputs"]) for a in step.argv]
            ro = cwd / step.readonly_dir if step.readonly_dir else None

            def limits(mem=step.mem, drop=ro is not None):
                if mem:
                    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
                if drop and os.geteuid() == 0:
                    _drop_dac()
            if ro is not None:
                ro.chmod(0o555)
                global _LIBC
                _LIBC = _LIBC or ctypes.CDLL(None, use_errno=True)
            before = _snapshot(cwd)
            t0 = time.monotonic()
            try:
                done = subprocess.run([ctx["python"], "-m", "collab_xl.cli", *argv], cwd=cwd, env=env,
                                      capture_output=True, timeout=TIMEOUT, preexec_fn=limits)
                code, out, err = done.returncode, done.stdout, done.stderr
            except subprocess.TimeoutExpired as exc:
                code, out, err = "timeout", exc.stdout or b"", exc.stderr or b""
            seconds = time.monotonic() - t0
            if ro is not None:
                ro.chmod(0o755)
            after = _snapshot(cwd)
            files = {}
            for rel in sorted(set(before) | set(after)):
                if rel not in after:
                    files[rel] = {"deleted": True}
                elif before.get(rel) != after[rel]:
                    files[rel] = fingerprint(cwd / rel)
            records.append({
                "id": step.id, "argv": step.argv, "exit": code,
                "stdout": _normalise(out.decode("utf-8", "backslashreplace"), subs),
                "stderr": _normalise(err.decode("utf-8", "backslashreplace"), subs),
                "files": files, "_seconds": round(seconds, 2)})
    finally:
        for p in (cwd, home):
            for d in [p, *[q for q in p.rglob("*") if q.is_dir() and not q.is_symlink()]]:
                try:
                    d.chmod(0o755)
                except OSError:
                    pass
            shutil.rmtree(p, ignore_errors=True)
    return records


def capture(args) -> int:
    out = Path(args.outdir).resolve()
    src = Path(args.src).resolve() if args.src else REPO
    inputs = Path(args.inputs).resolve() if args.inputs else out.parent / "golden-inputs"
    if not (src / "collab_xl" / "cli.py").exists():
        sys.exit(f"not a collab-xl source tree: {src}")
    t_start = time.monotonic()
    man = ensure_inputs(inputs, src, args.python)
    jobs = plan(man)
    if args.only:
        parts = [x for x in args.only.split(",") if x]
        jobs = [j for j in jobs if any(x in s.id for s in j.steps for x in parts)]
    out.mkdir(parents=True, exist_ok=True)
    for p in out.glob("*.json"):             # a previous capture into the same folder
        p.unlink()
    tmp = tempfile.mkdtemp(prefix="golden-")
    ctx = {"inputs": str(inputs), "src": str(src), "python": args.python, "tmp": tmp}
    n_steps = sum(len(j.steps) for j in jobs)
    print(f"capturing {n_steps} runs of {src} ({_commit(src)}) into {out} with {args.jobs} workers", flush=True)
    t0 = time.monotonic()
    timings = {}
    done_n = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(run_job, j, ctx) for j in jobs]
            for fut in concurrent.futures.as_completed(futures):
                for rec in fut.result():
                    timings[rec["id"]] = rec.pop("_seconds")
                    (out / f"{rec['id']}.json").write_text(
                        json.dumps(rec, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
                    done_n += 1
                    if done_n % 50 == 0:
                        print(f"  {done_n}/{n_steps} runs, {time.monotonic() - t0:.0f} s", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    wall = time.monotonic() - t0
    slow = sorted(timings.items(), key=lambda kv: -kv[1])[:10]
    meta = {"src": str(src), "commit": _commit(src), "inputs": str(inputs), "inputs_built_from": man["built_from"],
            "skipped_inputs": man["skipped"], "runs": len(timings), "jobs": args.jobs,
            "wall_seconds": round(wall, 1), "total_seconds": round(time.monotonic() - t_start, 1),
            "cpu_seconds_in_commands": round(sum(timings.values()), 1), "slowest": slow}
    (out / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(timings)} runs in {wall:.0f} s ({sum(timings.values()):.0f} s of commands, {args.jobs} workers); "
          f"skipped inputs: {', '.join(s['id'] for s in man['skipped']) or 'none'}")
    print("slowest: " + ", ".join(f"{k} {v:.1f}s" for k, v in slow[:5]))
    return 0


# =============================================================================================
# Comparing two captures
def _clip(s: str, n: int = 160) -> str:
    return s if len(s) <= n else s[:n] + f"… (+{len(s) - n} chars)"


def _line_diff(a: list[str], b: list[str], show: int = 3) -> list[str]:
    """The first ``show`` differing hunks of two line lists, a few lines each; a long line that
    differs is shown around its first differing character."""
    out = []
    hunks = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    for tag, i1, i2, j1, j2 in hunks[:show]:
        out.append(f"    A lines {i1 + 1}-{i2} / B lines {j1 + 1}-{j2} ({tag}):")
        la, lb = a[i1:i2], b[j1:j2]
        if len(la) == len(lb) == 1 and max(len(la[0]), len(lb[0])) > 160:
            x, y = la[0], lb[0]
            k = next((n for n in range(min(len(x), len(y))) if x[n] != y[n]), min(len(x), len(y)))
            lo = max(0, k - 60)
            out.append(f"      char {k + 1}:")
            out.append(f"      - …{x[lo:k + 100]!r}")
            out.append(f"      + …{y[lo:k + 100]!r}")
            continue
        out += [f"      - {_clip(line)}" for line in la[:4]] + ([f"      - … ({len(la) - 4} more)"] if len(la) > 4 else [])
        out += [f"      + {_clip(line)}" for line in lb[:4]] + ([f"      + … ({len(lb) - 4} more)"] if len(lb) > 4 else [])
    if len(hunks) > show:
        out.append(f"    … {len(hunks) - show} more differing hunks ({len(a)} vs {len(b)} lines)")
    return out


def _files_diff(a: dict, b: dict) -> list[str]:
    out = []
    for rel in sorted(set(a) | set(b)):
        fa, fb = a.get(rel), b.get(rel)
        if fa == fb:
            continue
        if fa is None or fb is None:
            out.append(f"    {rel}: only in {'B' if fa is None else 'A'}")
        elif "zip" in fa and "zip" in fb:
            ma, mb = dict(map(tuple, fa["zip"])), dict(map(tuple, fb["zip"]))
            only_a = [m for m in ma if m not in mb]
            only_b = [m for m in mb if m not in ma]
            changed = [m for m in ma if m in mb and ma[m] != mb[m]]
            bits = []
            if changed:
                bits.append("members differ: " + ", ".join(changed))
            if only_a:
                bits.append("only in A: " + ", ".join(only_a))
            if only_b:
                bits.append("only in B: " + ", ".join(only_b))
            if not bits:
                bits.append("same members and bytes, different member order")
            out.append(f"    {rel}: " + "; ".join(bits))
        else:
            out.append(f"    {rel}: {json.dumps(fa, sort_keys=True)[:120]} vs {json.dumps(fb, sort_keys=True)[:120]}")
    return out


def diff(args) -> int:
    da, db = Path(args.a), Path(args.b)
    runs_a = {p.stem: p for p in da.glob("*.json") if p.name != META}
    runs_b = {p.stem: p for p in db.glob("*.json") if p.name != META}
    if not runs_a or not runs_b:
        print(f"no runs in {da if not runs_a else db}")
        return 2
    only_a, only_b = sorted(set(runs_a) - set(runs_b)), sorted(set(runs_b) - set(runs_a))
    differ = 0
    fields_count: dict[str, int] = {}
    for rid in sorted(set(runs_a) & set(runs_b)):
        ra = json.loads(runs_a[rid].read_text(encoding="utf-8"))
        rb = json.loads(runs_b[rid].read_text(encoding="utf-8"))
        lines = []
        for f in sorted(set(ra) | set(rb)):
            if ra.get(f) == rb.get(f):
                continue
            fields_count[f] = fields_count.get(f, 0) + 1
            if f in ("stdout", "stderr"):
                lines.append(f"  {f}:")
                lines += _line_diff(ra.get(f) or [], rb.get(f) or [])
            elif f == "files":
                lines.append("  files:")
                lines += _files_diff(ra.get(f) or {}, rb.get(f) or {})
            else:
                lines.append(f"  {f}: {json.dumps(ra.get(f), ensure_ascii=False)} -> "
                             f"{json.dumps(rb.get(f), ensure_ascii=False)}")
        if lines:
            differ += 1
            print(f"{rid}  ({' '.join(ra.get('argv') or [])})")
            print("\n".join(lines))
    if not args.partial:
        for rid in only_a:
            print(f"{rid}: only in {da}")
        for rid in only_b:
            print(f"{rid}: only in {db}")
    common = len(set(runs_a) & set(runs_b))
    by_field = ", ".join(f"{k} {v}" for k, v in sorted(fields_count.items()))
    print(f"\n{common} runs compared: {common - differ} identical, {differ} differ"
          + (f" ({by_field})" if by_field else "")
          + f"; {len(only_a)} only in A, {len(only_b)} only in B")
    return 1 if differ or (not args.partial and (only_a or only_b)) else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture", help="run the command matrix and record every run in OUTDIR")
    c.add_argument("outdir")
    c.add_argument("--src", help="the source tree to run (default: this repository)")
    c.add_argument("--inputs", help="the shared inputs folder (default: OUTDIR/../golden-inputs); built when missing")
    c.add_argument("--jobs", type=int, default=2, help="parallel workers (default 2)")
    c.add_argument("--python", default=sys.executable, help="the Python to run the CLI with (default: this one)")
    c.add_argument("--only", help="only runs whose id contains one of these comma-separated texts (quick checks)")
    d = sub.add_parser("diff", help="compare two capture folders; exit 1 if they differ")
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("--partial", action="store_true",
                   help="compare only the runs both captures have (one was made with --only or cut short)")
    b = sub.add_parser("_build", help=argparse.SUPPRESS)
    b.add_argument("inputs")
    args = ap.parse_args(argv)
    if args.cmd == "capture":
        return capture(args)
    if args.cmd == "diff":
        return diff(args)
    _build(Path(args.inputs).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
