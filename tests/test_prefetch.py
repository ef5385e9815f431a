"""The command line reads the named workbooks in a thread while it imports the rest
(collab_xl.io.prefetch): the read it hands out must be the read the command would have made,
errors included, and never a stale one."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from collab_xl.io import prefetch
from collab_xl.io.read import read_file, read_workbook

from helpers import write_book as book

ROOT = Path(__file__).resolve().parents[1]


def _same(a, b):
    assert [(g.name, g.rows, g.row0, g.col0, g.visible, g.merged) for g in a] == \
        [(g.name, g.rows, g.row0, g.col0, g.visible, g.merged) for g in b]
    assert list(a.notices) == list(b.notices)


def test_the_prefetched_read_is_the_plain_read(tmp_path):
    path = ROOT / "workbooks" / "示例-已填写.xlsx"
    prefetch.start([path])
    got = read_workbook(path)
    _same(got, read_file(path))
    # handed out once: the next read is a fresh one (same content, another object)
    again = read_workbook(path)
    assert again is not got
    _same(again, got)


def test_an_error_of_the_read_is_raised_where_the_command_reads(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(Exception) as plain:
        read_file(bad)
    prefetch.start([bad])
    with pytest.raises(type(plain.value)) as taken:
        read_workbook(bad)
    assert str(taken.value) == str(plain.value)


def test_a_file_never_read_never_shows_its_error(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    prefetch.start([bad])
    assert prefetch.take(tmp_path / "另一个.xlsx") is None
    # the pending job is simply left; nothing is raised until somebody reads that file


def test_a_file_changed_after_the_read_is_read_again(tmp_path):
    path = tmp_path / "表.xlsx"
    book(path, {"表": [["甲", "乙"], [1, 2]]})
    prefetch.start([path])
    prefetch._jobs[os.path.abspath(path)].done.wait()
    book(path, {"表": [["甲", "乙"], [3, 4], [5, 6]]})
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    got = read_workbook(path)
    assert got[0].rows[-1] == [5, 6]


def test_folders_and_missing_paths_are_left_to_the_command(tmp_path):
    prefetch.start([tmp_path, tmp_path / "没有.xlsx"])
    assert prefetch.take(tmp_path) is None
    assert prefetch.take(tmp_path / "没有.xlsx") is None


def test_the_reader_imports_neither_pandas_nor_the_catalog():
    """What lets the read run beside the imports: the thread must not import what the command
    is importing at the same time."""
    code = ("import sys; import collab_xl.io.prefetch, collab_xl.io.read, collab_xl.core.output; "
            "print(sorted(m for m in sys.modules if m in ('pandas', 'numpy', 'pandera', 'collab_xl.catalog')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("command", ["validate", "late"])
def test_the_command_gives_the_same_answer_with_and_without_the_thread(command, tmp_path, monkeypatch):
    path = ROOT / "workbooks" / "示例-已填写.xlsx"
    args = [sys.executable, "-m", "collab_xl.cli", command, str(path), "--format", "json", "--today", "2024-06-05"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with_thread = subprocess.run(args, capture_output=True, text=True, env=env)
    off = ("import sys, collab_xl.io.prefetch as p; p.start = lambda paths: None; "
           "from collab_xl.cli import main; sys.argv = ['collab-xl'] + sys.argv[1:]; main()")
    without = subprocess.run([sys.executable, "-c", off] + args[3:], capture_output=True, text=True, env=env)
    assert with_thread.returncode == without.returncode
    assert with_thread.stdout == without.stdout
    assert with_thread.stderr == without.stderr
    doc = json.loads(with_thread.stdout)
    assert doc["findings" if command == "validate" else "items"]   # the sample has both


def test_the_collector_off_changes_nothing(tmp_path):
    """The plain command line runs without the cyclic garbage collector (docs/benchmarks.md);
    COLLAB_XL_GC=1 keeps it on: the answers are the same bytes."""
    path = ROOT / "workbooks" / "示例-已填写.xlsx"
    args = [sys.executable, "-m", "collab_xl.cli", "validate", str(path), "--format", "json", "--today", "2024-06-05"]
    off = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    on = subprocess.run(args, capture_output=True, text=True,
                        env={**os.environ, "PYTHONPATH": str(ROOT), "COLLAB_XL_GC": "1"})
    assert (off.returncode, off.stdout, off.stderr) == (on.returncode, on.stdout, on.stderr)
    assert off.returncode == 1 and json.loads(off.stdout)["summary"]["errors"] > 0


def test_ctrl_c_during_the_checks_leaves_no_read_to_wait_for(tmp_path, monkeypatch):
    """Ctrl-C while the first file is checked stops at once, and a later read of that file (a
    script calling the command again) reads it instead of waiting for a read that never came."""
    from collab_xl.io import read
    path = tmp_path / "表.xlsx"
    book(path, {"表": [["甲", "乙"], [1, 2]]})

    def interrupted(p):
        raise KeyboardInterrupt
    monkeypatch.setattr(read, "check_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        prefetch.start([path])
    monkeypatch.undo()
    assert os.path.abspath(path) not in prefetch._jobs      # nothing left to wait for (it would wait forever)
    assert read_workbook(path)[0].rows[-1] == [1, 2]
