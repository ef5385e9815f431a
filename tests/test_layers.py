"""The layers of docs/architecture.md hold: each package imports only the layers below it.

    cells  ←  catalog  ←  core  ←  io, excel  ←  app, cli

Read from the source (every import statement, at any depth), so a lazy import inside a function
counts too."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "collab_xl"
# what each layer may import from collab_xl (besides itself); i18n and errors are leaves
ALLOWED = {
    "cells": set(),
    "catalog": {"cells", "i18n"},
    "core": {"cells", "catalog", "i18n", "errors", "config"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m.split(".")[1] for m in out if m.startswith("collab_xl.") and m.count(".") >= 1}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_the_layers_below(layer):
    bad = {}
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        wrong = _imports(path) - ALLOWED[layer] - {layer}
        if wrong:
            bad[path.relative_to(PACKAGE).as_posix()] = sorted(wrong)
    assert not bad, bad


def test_the_catalog_does_not_load_pandera():
    """Declarations are cheap: the catalog builds without pandera (the core builds the schemas)."""
    import subprocess
    import sys
    code = "import sys, collab_xl.catalog; print('pandera' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
