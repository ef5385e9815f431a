"""The ribbon buttons of the Excel scripts, each declared beside its script.

A script in :mod:`collab_xl.excel.scripts` declares its button with :func:`button` (as xlwings
declares ``@script(button=…)``), stacked on ``@xw.script``::

    @button(label=("校验全部", "Check all"), group=CHECK, icon="AcceptInvitation",
            tip=("校验全部工作表", "Check all sheets"), supertip=(…, …))
    @xw.script
    def validate_all(book: xw.Book): ...

The declarations land in one registry, in the order of the scripts; :func:`declared` returns
them. Readers: the add-in builder (:mod:`collab_xl.addin.build`: the ribbon XML and its VBA
callbacks), xlwings Lite (:func:`collab_xl.excel.scripts.lite_scripts`: the script names) and
the scripts' own texts (help, alerts naming a button).

This module imports nothing heavy (no xlwings, no pandas); :func:`declared` imports the scripts
module, so that its declarations have run.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from collab_xl.i18n import Messages

SCRIPTS_MODULE = "collab_xl.excel.scripts"
TAB_ID = "collab_xl_tab"

M = Messages({
    "tab": ("协作助手", "collab-xl"),   # the ribbon tab, and the title of the scripts' alerts
})


@dataclass(frozen=True, eq=False)
class Group:
    """A group of the ribbon tab."""

    id: str
    texts: Messages  # "label": (zh, en)

    def label(self, lang: str | None = None) -> str:
        return self.texts("label", lang)


def _group(name: str, label: tuple[str, str]) -> Group:
    return Group(f"collab_xl_group_{name}", Messages({"label": label}))


# The groups, in ribbon order.
CHECK = _group("check", ("校验", "Check"))
PROGRESS = _group("progress", ("进度", "Progress"))
SUPPLIER = _group("supplier", ("供应商", "Suppliers"))
TEMPLATE = _group("template", ("模板", "Templates"))
HELP = _group("help", ("帮助", "Help"))
GROUPS: tuple[Group, ...] = (CHECK, PROGRESS, SUPPLIER, TEMPLATE, HELP)


@dataclass(frozen=True, eq=False)
class Button:
    """One script's ribbon button: label, screentip and supertip in both languages, its group and
    its built-in icon (imageMso)."""

    script: str
    group: Group
    icon: str
    texts: Messages  # "label", "tip", "supertip": (zh, en)

    def label(self, lang: str | None = None) -> str:
        return self.texts("label", lang)

    def tip(self, lang: str | None = None) -> str:
        return self.texts("tip", lang)

    def supertip(self, lang: str | None = None) -> str:
        return self.texts("supertip", lang)

    @property
    def callback(self) -> str:
        """The VBA callback the button's onAction names."""
        return f"CX_{self.script}"


_DECLARED: dict[str, Button] = {}


def button(*, label: tuple[str, str], group: Group, icon: str, tip: tuple[str, str],
           supertip: tuple[str, str]) -> Callable[[Callable], Callable]:
    """Declare the ribbon button of the script it decorates (the function is returned as is)."""
    if group not in GROUPS:
        raise ValueError(f"unknown ribbon group {group.id}")

    def declare(fn: Callable) -> Callable:
        name = fn.__name__
        # a re-executed module declares again: the button keeps its place
        _DECLARED[name] = Button(name, group, icon,
                                 Messages({"label": label, "tip": tip, "supertip": supertip}))
        return fn
    return declare


def declared() -> tuple[Button, ...]:
    """Every script's button, in the order of the scripts."""
    importlib.import_module(SCRIPTS_MODULE)
    return tuple(_DECLARED.values())


def by_script() -> dict[str, Button]:
    """The buttons by script name, in the order of the scripts."""
    return {b.script: b for b in declared()}
