"""What Excel loads (udfs/) stays in step with the package: the classic UDF module, and xlwings
Lite's main.py registering the same functions and scripts — checked with xlwings' own
Lite/Server machinery (metadata, a custom-function call as Office.js makes it, a script call)."""
from __future__ import annotations

import asyncio
import importlib.util
import inspect
import re
from pathlib import Path

import pytest

from collab_xl.excel import functions, scripts
from collab_xl.excel.payload import ensure_engines, open_book, payload_from_rows

ROOT = Path(__file__).resolve().parents[1]
UDFS = ROOT / "udfs"
CJK = re.compile(r"[\u4e00-\u9fff]")


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def lite(xlwings_env, monkeypatch):
    """udfs/lite/main.py imported the way xlwings Lite imports it: ``from xlwings import func, …``
    resolving to the Lite/Server decorators (in conftest's xlwings_env: licence key, today 2024-06-05)."""
    import xlwings
    ensure_engines()                                              # licence checked, engines registered
    import xlwings.server as server
    for name in ("func", "arg", "script"):
        monkeypatch.setattr(xlwings, name, getattr(server, name))
    return server, load(UDFS / "lite" / "main.py", "lite_main")


def test_classic_module_reexports_every_function():
    module = load(UDFS / "collab_xl_udfs.py", "collab_xl_udfs")
    exported = {n for n in dir(module) if n.startswith("collab_")}
    assert exported == set(functions.NAMES) == set(module.__all__)
    for name in functions.NAMES:
        assert getattr(module, name) is getattr(functions, name)


def test_function_names_are_the_interfaces_names():
    wanted = {"COLLAB_SUPPLIER_SCORE", "COLLAB_SUPPLIER_RESULT", "COLLAB_DAYS_LATE", "COLLAB_WORKDAYS_LATE",
              "COLLAB_LATE_STATUS", "COLLAB_CHECK_CONTACT", "COLLAB_CHECK_CREDIT_CODE",
              "COLLAB_DUE"}                  # interfaces.md's list ("at least") and the deadline function
    assert {n.upper() for n in functions.NAMES} == wanted
    assert all(n == n.lower() and n.isascii() for n in functions.NAMES)


def test_lite_registers_the_same_functions_with_chinese_wizard_texts(lite):
    server, main = lite
    meta = server.custom_functions_meta(main)["functions"]
    assert {f["name"] for f in meta} == {n.upper() for n in functions.NAMES}
    for f in meta:
        py = getattr(functions, f["name"].lower())
        params = inspect.signature(py).parameters
        assert [p["name"] for p in f["parameters"]] == list(params)
        assert [bool(p.get("optional")) for p in f["parameters"]] == [
            p.default is not inspect.Parameter.empty for p in params.values()]
        assert [bool(p.get("repeating")) for p in f["parameters"]] == [
            p.kind is inspect.Parameter.VAR_POSITIONAL for p in params.values()]
        assert CJK.search(f["description"]) and all(CJK.search(p["description"]) for p in f["parameters"])
        assert f["description"] == py.__doc__


def test_lite_registers_every_script_under_its_chinese_label(lite):
    server, main = lite
    meta = server.custom_scripts_meta(main)
    assert {m["function_name"] for m in meta} == set(scripts.NAMES)
    assert {m["name"] for m in meta} == {scripts.label(n) for n in scripts.NAMES}


def _call(server, main, name, *args):
    import xlwings
    data = {"func_name": name, "args": list(args), "version": xlwings.__version__, "client": "Office.js",
            "runtime": "1.4", "culture_info_name": "zh-CN", "date_format": "yyyy/m/d"}
    return asyncio.run(server.custom_functions_call(data, main))


def test_lite_function_calls_match_direct_calls(lite):
    server, main = lite
    # As Office.js sends them: matrices, serial dates, null for blanks, error objects.
    due = [[45412], ["下周"], [None], [{"type": "Error", "basicValue": "#N/A"}], [45413]]
    done = [[45418], [None], [None], [None], [None]]
    got = _call(server, main, "collab_late_status", due, done, [[45448]], None)
    assert got == [["逾期完成"], ["期限不是日期"], [""], ["错误值 #N/A"], ["超期未完成"]]
    assert _call(server, main, "collab_workdays_late", [[45412]], [[45418]], None) == [[1]]
    # COLLAB_DUE: serial starts as Office.js sends them, a limit per row; 2024-04-30 + 2 working days = 05-07
    assert _call(server, main, "collab_due", [[45412], [45412.708333333336]], [["2个工作日"], ["24小时"]]) == \
        [[45419], [pytest.approx(45413.708333333336)]]
    scores = [[28, 23, 18, 13, 9], [35, 1, 1, 1, 1]]
    # COLLAB_SUPPLIER_SCORE takes repeating arguments: Office.js sends them as one list.
    assert _call(server, main, "collab_supplier_score", [scores]) == functions.collab_supplier_score(scores)
    assert _call(server, main, "collab_supplier_score", [[[28]], [[23]], [[18]], [[13]], [[9]]]) == [[91]]
    codes = [["91350100M000100Y43"], ["91350100M000100Y44"]]
    assert _call(server, main, "collab_check_credit_code", codes, [[True]]) == \
        functions.collab_check_credit_code(codes, True)


def test_lite_script_call_sends_the_same_actions(lite, table_rows):
    server, main = lite
    import xlwings as xw
    from collab_xl.catalog import TABLES
    rows = table_rows("partner_progress", [TABLES["partner_progress"].clean,
                                           dict(TABLES["partner_progress"].clean, 实际完成时间="下周")])
    via_lite = open_book(payload_from_rows("b.xlsx", {"表4": rows}))
    asyncio.run(server.custom_scripts_call(main, "validate_all", typehint_to_value={xw.Book: via_lite}))
    direct = open_book(payload_from_rows("b.xlsx", {"表4": rows}))
    scripts.validate_all(direct)
    assert via_lite.json()["actions"] == direct.json()["actions"]
    assert any(a["func"] == "addSheet" and a["args"][1] == "校验结果" for a in direct.json()["actions"])


def test_lite_requirements_name_the_package():
    lines = [line.strip() for line in (UDFS / "lite" / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert "collab-xl" in [re.split(r"[<>=\[ ]", line)[0] for line in lines if line and not line.startswith("#")]


def test_docs_name_every_function_and_button():
    text = (ROOT / "docs" / "excel.md").read_text(encoding="utf-8")
    for name in functions.NAMES:
        assert name.upper() in text, name
    for name in scripts.NAMES:
        assert name in text and scripts.label(name) in text, name


def test_classic_decorators_record_the_wizard_texts():
    """Loaded with classic xlwings' decorators (as "Import Functions" and the ribbon add-in do),
    every function carries its Chinese description and one description per argument."""
    build = pytest.importorskip("collab_xl.addin.build")
    found = build.udf_wrappers()
    assert {u.name for u in found.udfs} == set(functions.NAMES)
    for u in found.udfs:
        py = getattr(functions, u.name)
        assert u.description == py.__doc__ and CJK.search(u.description)
        assert len(u.arg_docs) == len(inspect.signature(py).parameters)
        assert all(CJK.search(d) for d in u.arg_docs)
        assert u.category == "协作助手"
