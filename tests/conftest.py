"""Fixtures shared by the test modules.

* ``write_book`` – write an .xlsx file from ``{sheet name: rows}`` (text starting with "=" stays
  text, as Excel keeps a '=… a user typed).
* ``cli`` – the ``collab-xl`` command in process: ``cli("validate", path, "--format", "json")``
  runs what the console script runs (``collab_xl.cli.main``, so a UserError becomes exit 2 and
  one line on stderr) inside typer's ``CliRunner`` isolation, and gives a :class:`CliResult`
  (``exit_code``, ``stdout``, ``stderr``; it also unpacks as ``code, out, err``).
* ``sample_path`` – the bundled sample workbook (the demo's input), written once per module.
* ``xlwings_env`` – the environment the Excel scripts, functions and add-in tests run in
  (xlwings' non-commercial licence key, the "today" of the tests, no user config, no language).
* ``table_rows``, ``table_grid``, ``directory_grid``, ``check_grids`` – a catalog table's rows / a
  Grid of them, the clean supplier directory, validate_grids with the default config (helpers).
* ``no_user_config`` – nothing of the machine running the tests gets in (COLLAB_XL_CONFIG,
  COLLAB_XL_LANG, a collab-xl.toml in the current directory).
* ``cli_json`` – the command's JSON document, run in process.
* ``busday_calls`` – the array sizes numpy.busday_count is called with, while no per-row calendar
  helper may run (tests that a computation stays vectorized, without timing it).

Tests whose point is the real process (the bad-input corpus under memory and time limits, the
console-script entry point, the end-to-end smoke tests) keep running ``python -m collab_xl.cli``
in a child process (``corpus.run_cli``).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from helpers import TODAY
from helpers import write_book as _write_book


class CliResult(NamedTuple):
    """What a run gave; also ``code, out, err = cli(...)`` as the tests' former helpers returned."""
    exit_code: int
    stdout: str
    stderr: str

    @property
    def returncode(self) -> int:          # the name subprocess.CompletedProcess uses
        return self.exit_code


def run_in_process(*args, env: dict[str, str | None] | None = None) -> CliResult:
    """``collab-xl ARGS`` in this process, through ``collab_xl.cli.main`` (the console script)."""
    from typer.testing import CliRunner
    from collab_xl.cli import main
    argv = [str(a) for a in args]
    hook = sys.unraisablehook
    with CliRunner().isolation(env=env) as (out, err, _mixed):
        code = 0
        try:
            main(argv)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        finally:
            sys.unraisablehook = hook     # main() silences it for the process; not for the tests
            sys.stdout.flush()
            sys.stderr.flush()
            stdout = out.getvalue().decode("utf-8")
            stderr = err.getvalue().decode("utf-8")
    return CliResult(code, stdout, stderr)


@pytest.fixture(scope="session")
def cli():
    return run_in_process


@pytest.fixture(scope="session")
def write_book():
    return _write_book


@pytest.fixture
def no_user_config(monkeypatch, tmp_path):
    """No collab-xl.toml or language setting of the machine running the tests gets in."""
    monkeypatch.delenv("COLLAB_XL_CONFIG", raising=False)
    monkeypatch.delenv("COLLAB_XL_LANG", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def xlwings_env(no_user_config, monkeypatch):
    """The Excel scripts and functions run with xlwings' non-commercial key and the tests' today
    (COLLAB_XL_TODAY); Chinese, no configuration file, in the test's own folder."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("COLLAB_XL_TODAY", TODAY.isoformat())
    return TODAY


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory) -> Path:
    """The bundled sample workbook (what `collab-xl demo` checks), written once per module."""
    from collab_xl.sample import build_sample
    p = tmp_path_factory.mktemp("sample") / "示例-已填写.xlsx"
    build_sample().save(p)
    return p


@pytest.fixture
def table_grid():
    """``table_grid(key, rows)``: a Grid of one catalog table under its title row, rows given as
    dicts keyed by column key (helpers.grid)."""
    from helpers import grid
    return grid


@pytest.fixture
def directory_grid():
    """A supplier directory with the catalog's clean row (the tables that name suppliers need one)."""
    from helpers import directory_grid as build
    return build()


@pytest.fixture
def check_grids():
    """``check_grids(grids, today=TODAY, lang="zh")``: validate_grids with the default config."""
    from helpers import validate
    return validate


@pytest.fixture(scope="session")
def table_rows():
    """``table_rows(key, rows)``: a catalog table's title row, header and rows (dicts keyed by
    column key; "{today+N}" for dates relative to the tests' today) — helpers.table_rows."""
    from helpers import table_rows as build
    return build


@pytest.fixture
def busday_calls(monkeypatch):
    """The sizes of the arrays numpy.busday_count is called with, while no scalar helper of the
    working-day calendar may run (it would mean a per-row Python loop). ``monkeypatch.undo()``
    ends the watch."""
    import numpy as np
    from collab_xl.core.calendar import WorkCalendar
    sizes: list[int] = []
    busday_count = np.busday_count

    def counting(lo, hi, **kw):
        sizes.append(np.size(lo))
        return busday_count(lo, hi, **kw)

    def per_row(*a, **k):
        raise AssertionError("a scalar helper was called per row")

    monkeypatch.setattr(np, "busday_count", counting)
    for name in ("is_workday", "add_workdays", "workdays_until"):
        monkeypatch.setattr(WorkCalendar, name, per_row)
    return sizes


@pytest.fixture(scope="session")
def cli_json(cli):
    """The command's JSON document, run in process (conftest ``cli``)."""
    def cli_json(*args) -> dict:
        p = cli(*args, "--format", "json")
        assert "Traceback" not in p.stderr, p.stderr
        return json.loads(p.stdout)
    return cli_json
