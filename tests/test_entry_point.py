"""The console script itself, in a real process: what a user's shell runs."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_console_script_is_cli_main():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"collab-xl": "collab_xl.cli:main"}


def _script() -> Path:
    script = Path(sys.executable).with_name("collab-xl")
    if not script.exists():
        pytest.skip("collab-xl is not installed in this environment")
    return script


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for name in ("COLLAB_XL_LANG", "COLLAB_XL_DEBUG", "COLLAB_XL_CONFIG"):
        env.pop(name, None)
    return subprocess.run([str(_script()), *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


def test_a_user_error_is_exit_2_and_one_line_on_stderr(tmp_path):
    done = _run("validate", "没有这个文件.xlsx", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "没有这个文件.xlsx" in done.stderr
    assert "Traceback" not in done.stderr
    done = _run("validate", "missing.xlsx", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "missing.xlsx" in done.stderr


def test_a_run_through_the_script(tmp_path):
    done = _run("new", "--out", "模板.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "模板.xlsx").exists()
    done = _run("validate", "模板.xlsx", "--format", "json", "--today", "2024-06-05", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"summary"' in done.stdout
