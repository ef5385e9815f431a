"""Every user-facing text exists in both languages, with the same fields, never mixed."""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import collab_xl
from collab_xl.errors import UserError
from collab_xl.i18n import all_catalogs, fields_of, norm_lang

HAN = re.compile(r"[\u4e00-\u9fff]")


def _import_all():
    for m in pkgutil.walk_packages(collab_xl.__path__, "collab_xl."):
        if m.name.startswith("collab_xl.excel") or m.name.endswith("__main__"):
            try:
                importlib.import_module(m.name)
            except ImportError:
                continue
        else:
            importlib.import_module(m.name)


def test_catalogs_complete_and_consistent():
    _import_all()
    catalogs = all_catalogs()
    assert len(catalogs) >= 5
    for cat in catalogs:
        for key, (zh, en) in cat.texts.items():
            assert zh and en, key
            assert fields_of(zh) == fields_of(en), (key, zh, en)
            assert HAN.search(zh) or not HAN.search(en), key
            # English text carries Chinese only inside quotes or brackets of literal values/names
            stripped = re.sub(r'"[^"]*"|“[^”]*”|「[^」]*」|\([^)]*\)|《[^》]*》', "", en)
            stripped = re.sub(r"[^\s|]*\.xlsx", "", stripped)
            assert not HAN.search(stripped), (key, en)


def test_norm_lang():
    assert norm_lang(None) == "zh" and norm_lang("en-US") == "en" and norm_lang("zh_CN") == "zh"


def _literal_text(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_user_errors_and_notices_come_from_catalogs():
    """Every UserError and every notice is built from a catalog key (``M.error(key, …)``,
    ``notices.add(*M.pair(key, …))``), never from inline texts, so the test above checks them all."""
    inline = []
    for path in sorted(Path(collab_xl.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            owner = f.value if isinstance(f, ast.Attribute) else None
            is_notice = name == "add" and (getattr(owner, "id", None) == "notices" or getattr(owner, "attr", None) == "notices")
            if (name == "UserError" or is_notice) and any(map(_literal_text, node.args)):
                inline.append(f"{path.relative_to(Path(collab_xl.__file__).parent)}:{node.lineno} {name}")
    assert inline == []


def test_a_user_error_from_a_catalog_key_carries_both_languages():
    from collab_xl.i18n import Both, Messages
    m = Messages({"t": ("第 {n} 行:{why}", "row {n}: {why}")})
    err = m.error("t", n=3, why=Both("太长", "too long"))
    assert isinstance(err, UserError)
    assert (err.zh, err.en) == ("第 3 行:太长", "row 3: too long")
    assert err.text("en") == "row 3: too long" and err.text(None) == "第 3 行:太长"
    assert m.pair("t", n=1, why="x") == ("第 1 行:x", "row 1: x")
    all_catalogs().remove(m)


def test_notices_are_collected_per_run_each_once():
    from collab_xl.io.notices import Notices
    n = Notices()
    n.add("一\n二", "one\ntwo")
    n.extend([("一 二", "one two"), ("三", "three")])
    assert list(n) == [("一 二", "one two"), ("三", "three")] and len(n) == 2
    assert list(Notices()) == []
