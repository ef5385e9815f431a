"""The bundled sample's sheets of the tables-2.md tables, one module per table (key = module name).

Each module declares ``PLANTED`` (the rule codes its rows are built to trigger) and
``build(wb)``, which adds the table's filled sheet to the sample workbook with
``collab_xl.sample.put`` (title rows, merged group cells, dates typed as text …).
``collab_xl.sample.build_sample`` calls them in catalog order, after the seven shipped tables.
"""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType


def module(key: str) -> ModuleType | None:
    """The sample module of a catalog table, or None when it has none here."""
    name = f"{__name__}.{key}"
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def planted(keys) -> tuple[str, ...]:
    """The rule codes the modules of these tables plant, in order, once each."""
    out: list[str] = []
    for key in keys:
        m = module(key)
        for code in getattr(m, "PLANTED", ()) if m else ():
            if code not in out:
                out.append(code)
    return tuple(out)
