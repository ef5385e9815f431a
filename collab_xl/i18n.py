"""Two languages, never mixed: Simplified Chinese (default) and English.

Every module keeps its own user-facing texts next to the code that uses them, as a
``Messages`` catalog of ``key -> (zh, en)`` pairs, and picks one language per call::

    M = Messages({"no_table": ("未找到表格:{path}", "No table found: {path}")})
    M("no_table", "zh", path=p)

A test walks every catalog and checks that both languages exist and take the same fields.
Errors a user can fix are raised from a catalog key too, carrying both languages::

    raise M.error("no_table", path=p)

A field whose value differs by language is given as ``Both(zh, en)``.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from typing import NamedTuple

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

_ALL: list["Messages"] = []


def norm_lang(lang: str | None) -> str:
    """Map user input (zh, zh-CN, en, en-US, None) onto one of LANGS."""
    if not lang:
        return DEFAULT_LANG
    lang = lang.lower()
    return "en" if lang.startswith("en") else "zh"


class Both(NamedTuple):
    """A field value that differs by language (a reason, a list of names) inside a catalog text."""
    zh: str
    en: str


def _fields_in(lang: str, fields: dict) -> dict:
    return {k: (v.en if lang == "en" else v.zh) if isinstance(v, Both) else v for k, v in fields.items()}


@dataclass(frozen=True)
class Messages:
    texts: dict[str, tuple[str, str]]

    def __post_init__(self) -> None:
        _ALL.append(self)

    def __call__(self, key: str, lang: str | None = None, /, **fields) -> str:
        zh, en = self.texts[key]
        lang = norm_lang(lang)
        text = en if lang == "en" else zh
        return text.format(**_fields_in(lang, fields)) if fields else text

    def pair(self, key: str, /, **fields) -> tuple[str, str]:
        """The text of ``key`` in both languages, (zh, en), fields filled in."""
        return self(key, "zh", **fields), self(key, "en", **fields)

    def error(self, key: str, /, cls=None, **fields):
        """The ``UserError`` (or subclass ``cls``) of catalog entry ``key``, in both languages."""
        from collab_xl.errors import UserError
        return (cls or UserError)(*self.pair(key, **fields))


def pick(pair: tuple[str, str] | dict[str, str], lang: str | None) -> str:
    """Pick one text of a (zh, en) pair or a {"zh":…, "en":…} dict."""
    if isinstance(pair, dict):
        return pair["en" if norm_lang(lang) == "en" else "zh"]
    return pair[1] if norm_lang(lang) == "en" else pair[0]


def all_catalogs() -> list[Messages]:
    return list(_ALL)


def fields_of(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}
