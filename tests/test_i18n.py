"""Every user-facing text exists in both languages, with the same fields, never mixed."""
from __future__ import annotations

import importlib
import pkgutil
import re

import collab_xl
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
