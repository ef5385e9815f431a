"""Lists typed in one cell (tables-2.md, conventions: Checklist, Name lists).

A *checklist* names the parts a document holds ("营业执照、行业资质、过往案例"), joined by 、 , ，
; ； + or line breaks — never "/", which belongs inside an item (产品/服务). A required item is
present when a part contains its name or its bracketed alias ("过往案例(案例)": 案例 will do),
compared after NFKC without spaces. A *name list* (参会人员, 发送对象) is names joined by the same
marks and "/", compared exactly (NFKC, no spaces); 全体 / 全员 mean everyone. Spaces also
separate Chinese names of two characters or more, as an office worker types them ("王强 刘洋
李明"); with a single character among the pieces the spaces are inside one name ("王　强", padded
to line up with three-character names), as they are between Latin letters ("Wang Qiang"). A
bracketed part names both what is outside and inside the bracket: 王强(技术部) is 王强 and 技术部.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from collab_xl.cells.quantities import per_distinct

CHECKLIST_SPLIT = re.compile(r"[、,，;；+＋\r\n]+")
NAMELIST_SPLIT = re.compile(r"[、,，;；+＋/／\r\n]+")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·]{2,}$")   # a Chinese name (· as in 阿卜杜·买买提)
EVERYONE = frozenset({"全体", "全员", "全体人员", "全体员工", "全体成员"})
_ALIAS = re.compile(r"^(?P<name>[^()]*)\((?P<alias>[^()]*)\)$")


def compact(text: str) -> str:
    """NFKC, no spaces: how parts and items (and other short texts: channels, names in a
    setting, contract terms) are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _spaced_names(part: str) -> list[str]:
    """One part of a name list split at its spaces when every piece is a Chinese name of two
    characters or more ("王强 刘洋" → 王强, 刘洋); else the part itself, spaces dropped when
    compared ("王　强" padded to line up, "总 经理", "Wang Qiang")."""
    pieces = part.split()
    if len(pieces) > 1 and all(_CJK_NAME.match(p) for p in pieces):
        return pieces
    return [part]


_BRACKETED = re.compile(r"^(?P<outer>[^()]+)\((?P<inner>[^()]+)\)$")


_ABSENT = ("请假", "缺席", "未到", "未参加", "未出席", "缺勤")


def _bracketed(part: str) -> list[str]:
    """A name-list part with a bracket names both: 王强(技术部) → 王强, 技术部 — a person with
    their department, or a department with its person (技术部（王强）; full-width brackets after
    NFKC). A bracket saying the person was away (刘洋(请假), 缺席, 未到 …) names nobody."""
    m = _BRACKETED.match(part.strip())
    if m is None:
        return [part]
    if any(w in m.group("inner") for w in _ABSENT):
        return []
    return [m.group("outer"), m.group("inner")]


def split_parts(text: str, names: bool = False) -> tuple[str, ...]:
    """The non-empty parts of one cell, compared form (NFKC, no spaces), in order, once each.
    ``names``: a name list ("/" also separates, and spaces between Chinese names)."""
    t = unicodedata.normalize("NFKC", text)
    parts = (NAMELIST_SPLIT if names else CHECKLIST_SPLIT).split(t)
    if names:
        parts = [n for p in parts for b in _bracketed(p) for n in _spaced_names(b)]
    return tuple(dict.fromkeys(k for p in parts if (k := compact(p))))


def item_names(item: str) -> tuple[str, ...]:
    """A required item's names: "过往案例(案例)" → ("过往案例", "案例"); "营业执照" → ("营业执照",)."""
    k = compact(item)
    m = _ALIAS.match(k)
    if m is None:
        return (k,)
    return tuple(n for n in (m.group("name"), *m.group("alias").split("|")) if n)


def item_label(item: str) -> str:
    """The item as a message names it: its name without the alias."""
    return item_names(item)[0]


def missing_items(parts: tuple[str, ...], items: tuple[str, ...]) -> tuple[str, ...]:
    """The required items no part names (a part contains the item's name or an alias)."""
    return tuple(item_label(i) for i in items
                 if not any(n in p for n in item_names(i) for p in parts))


def _cell_texts(raw: pd.Series, value: pd.Series) -> pd.Series:
    """The cell's own text where it is text (line breaks kept: they separate parts), else the
    cleaned text; NA where empty."""
    is_str = raw.map(type) == str  # noqa: E721
    return value.astype(object).where(~is_str | value.isna(), raw).where(value.notna())


def parse_checklist(raw: pd.Series, value: pd.Series, items: tuple[str, ...]) -> pd.DataFrame:
    """A checklist column: ``value`` (a tuple of parts, NA where empty) and ``missing`` (the
    required items missing, joined by 、; "" where none; NA where empty)."""
    t = _cell_texts(raw, value)
    parts = pd.Series(pd.NA, index=value.index, dtype=object)
    missing = pd.Series(pd.NA, index=value.index, dtype=object)
    rows, codes, per_parts = per_distinct(t, lambda u: split_parts(str(u)))
    if len(rows):
        per_missing = np.array(["、".join(missing_items(p, items)) for p in per_parts], dtype=object)
        holder = np.empty(len(per_parts), dtype=object)
        holder[:] = per_parts
        parts.loc[rows] = holder[codes]
        missing.loc[rows] = per_missing[codes]
    return pd.DataFrame({"value": parts, "missing": missing})


def parse_namelist(raw: pd.Series, value: pd.Series) -> pd.DataFrame:
    """A name-list column: ``value`` (a tuple of names, NFKC without spaces, in order, once each;
    NA where empty) and ``everyone`` (a part is 全体 / 全员)."""
    t = _cell_texts(raw, value)
    names = pd.Series(pd.NA, index=value.index, dtype=object)
    everyone = pd.Series(False, index=value.index)
    rows, codes, per = per_distinct(t, lambda u: split_parts(str(u), names=True))
    if len(rows):
        holder = np.empty(len(per), dtype=object)
        holder[:] = per
        names.loc[rows] = holder[codes]
        everyone.loc[rows] = np.array([any(p in EVERYONE for p in ps) for ps in per], dtype=bool)[codes]
    return pd.DataFrame({"value": names, "everyone": everyone})
