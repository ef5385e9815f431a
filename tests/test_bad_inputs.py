"""Nothing lost, nothing crashes: every case of the bad-input corpus (tests/corpus.py) through the
real command line, in a child process with a memory limit and a timeout.

For each case a user gets: the documented exit code; on exit 2 exactly one line on stderr, the
documented message, in Chinese (and in English with --lang en where the case says so) and
nothing on stdout; on exit 0/1 one JSON document on stdout with the documented tables and exactly
the documented findings; never a traceback.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import corpus
from corpus import CASES, Case

IDS = [c.key for c in CASES]


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus")


_BUILT: dict[str, tuple[Path, Path]] = {}


def built(case: Case, base: Path) -> tuple[Path, Path]:
    why = corpus.available(case.needs)
    if why:
        pytest.skip(why)
    if case.key not in _BUILT:
        _BUILT[case.key] = corpus.build_case(case, base)
    return _BUILT[case.key]


def run(case: Case, folder: Path, inp: Path, lang: str | None = None):
    argv = case.argv(folder, inp, lang=lang)
    target = inp.parent if case.readonly else None
    if target is not None:
        target.chmod(0o555)
    try:
        done = corpus.run_cli(argv, cwd=folder, drop_caps=case.readonly)
    finally:
        if target is not None:
            target.chmod(0o755)
    assert "Traceback" not in done.stderr, done.stderr
    assert "panicked" not in done.stderr, done.stderr
    return done


def lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case(case: Case, corpus_dir):
    folder, inp = built(case, corpus_dir)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    done = run(case, folder, inp)
    assert done.returncode == case.exit, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    if case.exit == 2:
        assert lines(done.stderr) == [corpus.expected_message(case, inp)]
        assert done.stdout == ""
    else:
        doc = json.loads(done.stdout)
        got_tables = [(t["sheet"], t["table"], t["header_row"], t["rows"]) for t in doc["tables"]]
        assert got_tables == [tuple(t) for t in case.tables]
        got = sorted(f"{f['code']}@{f['cell']}" for f in doc["findings"])
        assert got == sorted(case.findings), doc["findings"]
        assert doc["summary"]["errors"] == sum(1 for f in doc["findings"] if f["severity"] == "error")
        notes = lines(done.stderr)
        if case.notice:
            assert case.notice in notes, notes
        else:
            assert notes == [], notes
    # The input is never changed, whatever the command did.
    for p, (data, mtime) in before.items():
        assert p.read_bytes() == data, f"{p.name} changed"
        assert p.stat().st_mtime_ns == mtime, f"{p.name} touched"
    assert not list(folder.rglob(".collab-xl-*")), "a temporary file was left behind"
    if case.check:
        case.check(folder, inp, done)


EN = [c for c in CASES if c.message_en]


@pytest.mark.parametrize("case", EN, ids=[c.key for c in EN])
def test_case_in_english(case: Case, corpus_dir):
    folder, inp = built(case, corpus_dir)
    done = run(case, folder, inp, lang="en")
    assert done.returncode == case.exit
    assert lines(done.stderr) == [corpus.expected_message(case, inp, "en")]


def test_enough_cases_of_every_answer():
    """At least 40 cases, covering refusals, clean runs and runs with findings."""
    assert len(CASES) >= 40
    assert {c.exit for c in CASES} == {0, 1, 2}
    assert len(IDS) == len(set(IDS))


def test_notices_follow_the_language(corpus_dir):
    """The notice about formulas without values is English with --lang en, never mixed."""
    case = next(c for c in CASES if c.key == "formulas-uncached")
    folder, inp = built(case, corpus_dir)
    done = run(case, folder, inp, lang="en")
    assert lines(done.stderr) == ["Note: 2 formula cells were saved without a computed value (e.g. \"表4\" G2) and were "
                                  "checked as empty; open and save the file in Excel or WPS, then check again"]


def test_text_output_for_a_refusal_is_one_line(corpus_dir):
    """Without --format json a refusal is the same single line (and stdout stays empty)."""
    case = next(c for c in CASES if c.key == "zip-bomb-ratio")
    folder, inp = built(case, corpus_dir)
    done = corpus.run_cli(["validate", inp.name], cwd=folder)
    assert done.returncode == 2
    assert lines(done.stderr) == [corpus.expected_message(case, inp)]
    assert done.stdout == ""


def test_clear_refuses_bad_inputs_the_same_way(corpus_dir):
    """clear --out reads with the same refusals (an entity bomb is not opened by the writer)."""
    case = next(c for c in CASES if c.key == "entity-bomb-sheet")
    folder, inp = built(case, corpus_dir)
    done = corpus.run_cli(["clear", inp.name, "--out", "out.xlsx"], cwd=folder)
    assert done.returncode == 2
    assert lines(done.stderr) == [corpus.expected_message(case, inp)]
    assert not (folder / "out.xlsx").exists()


def test_doc_table_is_current():
    """docs/bad-inputs.md shows exactly the corpus (python tests/corpus.py rewrites it)."""
    text = corpus.DOC.read_text(encoding="utf-8")
    assert text == corpus.doc_with_table(text), "run: python tests/corpus.py"


# ---------------------------------------------------------------------------------------------
# The libraries behind the refusals, checked rather than assumed
def test_entity_bombs_are_not_expanded_by_the_libraries_either(tmp_path):
    """Defence in depth behind read.py's DTD refusal: python-calamine does not expand declared
    entities (it fails on them), and openpyxl parses through defusedxml, so the writer refuses an
    entity bomb even when asked directly."""
    import openpyxl
    from python_calamine import CalamineWorkbook
    from collab_xl.errors import UserError
    from collab_xl.io.xlsx_out import XlsxSession
    bomb = corpus._lol_sheet(tmp_path)
    assert openpyxl.DEFUSEDXML, "openpyxl does not use defusedxml here"
    with pytest.raises(Exception) as e:
        wb = CalamineWorkbook.from_path(str(bomb))
        wb.get_sheet_by_name("表4").to_python()
    assert "entity" in str(e.value).lower()
    with pytest.raises(UserError) as e:
        XlsxSession(bomb)
    assert e.value.zh == f"无法打开工作簿以写入结果:{bomb.name}"


def test_calamine_still_needs_the_extent_check(tmp_path):
    """Why read.py scans how far cells reach: python-calamine allocates the whole rectangle (a far
    cell in a child process aborts it instead of raising). If a later python-calamine stops doing
    that, this test tells us the check could go."""
    import subprocess
    import sys
    bomb = corpus._far_value(tmp_path)
    code = ("import resource; resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31));"
            "from python_calamine import CalamineWorkbook;"
            f"CalamineWorkbook.from_path({str(bomb)!r}).get_sheet_by_name('表4').to_python()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
