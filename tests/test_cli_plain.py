"""The common commands run without the typer parser (collab_xl.cli._plain_args / _run_plain):
they must give exactly what the parser gives (collab_xl.cli_app), and anything unusual must go
to the parser."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from collab_xl import cli as cli_module
from conftest import run_in_process

ROOT = Path(__file__).resolve().parents[1]


def _both(monkeypatch, *args):
    plain = run_in_process(*args)
    with monkeypatch.context() as m:
        m.setattr(cli_module, "_plain_args", lambda argv: None)
        parsed = run_in_process(*args)
    return plain, parsed


@pytest.mark.parametrize("argv", [
    ["validate", "{book}", "--format", "json", "--today", "2024-06-05"],
    ["validate", "{book}", "--today=2024-06-05", "--lang", "en"],
    ["validate", "--lang=en", "{book}", "--today", "2024-06-05", "--format=text"],
    ["validate", "{book}", "--format", "xml"],
    ["validate", "{book}", "--today", "2024-13-40"],
    ["validate", "没有这个文件.xlsx"],
    ["late", "{book}", "--format", "json", "--today", "2024-06-05", "--lang=en"],
    ["late", "{book}", "--today", "2024-06-05"],
    ["rank", "{book}", "--format", "json", "--today", "2024-06-05"],
    ["rank", "{book}", "{book}", "--quarter", "2024Q2", "--today", "2024-06-05", "--lang", "en"],
    ["validate", "{book}", "--config", "no-such-config.toml", "--today", "2024-06-05"],
    # several files (or a folder): read together (docs/several-files.md)
    ["validate", "{book}", "{folder}", "--format", "json", "--today", "2024-06-05"],
    ["late", "{folder}", "{book}", "--today", "2024-06-05", "--lang", "en"],
])
def test_plain_runs_give_what_the_parser_gives(argv, sample_path, monkeypatch, no_user_config):
    args = [a.replace("{book}", str(sample_path)).replace("{folder}", str(sample_path.parent)) for a in argv]
    assert cli_module._plain_args(args) is not None
    plain, parsed = _both(monkeypatch, *args)
    assert plain == parsed
    assert plain.exit_code in (0, 1, 2) and (plain.stdout or plain.stderr)


@pytest.mark.parametrize("argv", [
    ["validate", "a.xlsx", "--help"],
    ["validate", "a.xlsx", "-h"],
    ["validate", "a.xlsx", "--today", "2024-06-05", "--today", "2024-06-06"],
    ["validate"],
    ["validate", "a.xlsx", "--today"],
    ["validate", "a.xlsx", "--today", "--format"],
    ["validate", "a.xlsx", "--today="],
    ["validate", "a.xlsx", "--quarter", "2024Q2"],
    ["validate", "a.xlsx", "--in-place=yes"],
    ["validate", "--", "-a.xlsx"],
    ["validate", "a.xlsx", "--formats", "json"],
    ["clear", "a.xlsx"],
    ["rules"],
    [],
])
def test_anything_unusual_goes_to_the_parser(argv):
    assert cli_module._plain_args(argv) is None


@pytest.mark.parametrize("argv", [
    ["validate", "a.xlsx", "--bogus"],
    ["validate", "a.xlsx", "--today"],
    ["late", "a.xlsx", "b.xlsx", "--quarter", "2024Q2", "--lang", "en"],
])
def test_usage_errors_still_come_from_the_parser(argv, tmp_path):
    got = run_in_process(*argv)
    assert got.exit_code == 2 and got.stdout == ""
    assert len(got.stderr.strip().splitlines()) == 1 and "Traceback" not in got.stderr


def test_validate_as_json_imports_no_command_line_framework(sample_path, tmp_path):
    """A click's run (validate, JSON out) leaves typer, click and rich unimported."""
    code = ("import sys; from collab_xl.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
            "print(code, sorted(m for m in ('typer', 'click', 'rich') if m in sys.modules), file=sys.stderr)")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("COLLAB_XL_CONFIG", None)
    done = subprocess.run([sys.executable, "-c", code, "validate", str(sample_path), "--format", "json",
                           "--today", "2024-06-05"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.stderr.strip().splitlines()[-1] in ("0 []", "1 []")
    assert '"findings"' in done.stdout
