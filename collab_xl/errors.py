"""Errors a user can act on. The command line turns them into one line on stderr and exit 2.

The library raises them from a module's catalog, ``raise M.error("key", **fields)``
(collab_xl.i18n.Messages.error), so every text exists in both languages and is checked by the
language test; the command line is the one place that catches them."""
from __future__ import annotations

from collab_xl.i18n import pick


class UserError(Exception):
    """Bad input or arguments: carries the message in both languages."""

    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.zh = zh
        self.en = en

    def text(self, lang: str | None) -> str:
        return pick((self.zh, self.en), lang)
