"""表2 周/月度工作汇报表 — guide 二(二) 上下级工作汇报与反馈.

A report is the rows of one 汇报人 and one 汇报周期 (after fill-down); CX214 and CX215 read a
report as a whole. Items (tables-2.md): an item starts with 1. 1、 1) （1） ① or 一、 at a cell's
start or after ; ； 。 or a line break. Periods ("Periods" convention): ``period_start`` gives a
period's kind and first day, ``previous_period`` the period before it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, Col, Kind, Rule, Table
from collab_xl.catalog.kinds import status_words
from collab_xl.catalog.rules import limit
from collab_xl.cells.lists import compact
from collab_xl.cells.parse import has_number, period_ok
from collab_xl.cells.quantities import cn_number

LOOKALIKES = {"✓": "√", "✔": "√", "✔️": "√", "完成": "√", "已完成": "√", "是": "√",
              "✗": "×", "✘": "×", "x": "×", "X": "×", "未完成": "×", "否": "×", "部分": "部分完成"}


def _done_or_partly(df):
    return df["status"].isin(["√", "部分完成"]).fillna(False)


def _not_or_partly(df):
    return df["status"].isin(["×", "部分完成"]).fillna(False)


# ---------------------------------------------------------------------------------------------
# Periods: ("week", its Monday) or ("month", its first day)
WEEK, MONTH = "week", "month"
_MONTH_WEEK = re.compile(r"^(\d{4})年(\d{1,2})月第([1-6一二三四五六])周$")
_ISO_WEEK = re.compile(r"^(\d{4})(?:年第|-?W)(\d{1,2})周?$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})(?:年(\d{1,2})月份?|[-/.](\d{1,2}))$")
_RANGE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:至|到|~|-|—).+$")


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def period_start(text: object) -> tuple[str, dt.date] | None:
    """A 汇报周期 as (WEEK, its Monday) or (MONTH, its first day); None when unreadable.

    2024年5月第n周 = the n-th Monday–Sunday week with a day in May, week 1 holding 1 May;
    2024年第19周 / 2024-W19 = ISO weeks; 2024年5月 / 2024-05 = months; 2024-05-06至2024-05-10 =
    its first date's week.

    >>> period_start("2024年5月第2周")
    ('week', datetime.date(2024, 5, 6))
    """
    if not isinstance(text, str):
        return None
    t = compact(text)
    try:
        if m := _MONTH_WEEK.match(t):
            n = int(cn_number(m.group(3)) or 0)
            first = _monday(dt.date(int(m.group(1)), int(m.group(2)), 1)) + dt.timedelta(weeks=n - 1)
            return (WEEK, first) if first.month == int(m.group(2)) or n == 1 else None
        if m := _ISO_WEEK.match(t):
            return WEEK, dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if m := _MONTH.match(t):
            return MONTH, dt.date(int(m.group(1)), int(m.group(2) or m.group(3)), 1)
        if m := _RANGE.match(t):
            return WEEK, _monday(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    except ValueError:          # month 13, ISO week 54, 2月30日 …
        return None
    return None


_NOTE = re.compile(r"\s*[(\[【〔][^()\[\]【】〔〕]*[)\]】〕]\s*$")


def period_above(text: str) -> str | None:
    """A 汇报周期 written above the table or as the sheet name: the text without its bracketed
    note when that is a period ("2019.4.22-2019.4.26(4月第4周)" → "2019.4.22-2019.4.26"), else None.

    >>> period_above("2019.4.22-2019.4.26（4月第4周）")
    '2019.4.22-2019.4.26'
    """
    t = _NOTE.sub("", unicodedata.normalize("NFKC", text).strip())
    return t if t and bool(period_ok(pd.Series([t])).iloc[0]) else None


_DEPARTMENT = re.compile(r"^[\w·&]{1,16}?(?:部门?|中心|事业部|科|处|室)(?:[-—–_·/][\w·&]{1,16}?(?:组|小组|团队|科|室|部))?$")


def department_above(text: str) -> str | None:
    """A 部门 written unlabelled above the table or as the sheet name: a department's name
    ("销售部", "研发中心", "xx部门-xx组"); None for anything else ("销售部周报")."""
    t = unicodedata.normalize("NFKC", text).strip()
    return t if _DEPARTMENT.match(t) and not t[0].isdigit() else None


def previous_period(p: tuple[str, dt.date]) -> tuple[str, dt.date]:
    """The week starting 7 days earlier, or the month before."""
    kind, start = p
    if kind == WEEK:
        return WEEK, start - dt.timedelta(days=7)
    return MONTH, (start - dt.timedelta(days=1)).replace(day=1)


# ---------------------------------------------------------------------------------------------
# Items
_CIRCLED = {chr(0x2460 + i): f"({i + 1})" for i in range(20)}      # ① … ⑳
_SEGMENT = re.compile(r"[;；。\r\n]+")
_MARK = re.compile(
    r"^\s*(?:\(\s*(?P<p>\d{1,3}|[一二三四五六七八九十]{1,3})\s*\)"
    r"|(?P<n>\d{1,3})\s*(?:\.(?!\d)|、|\))"
    r"|(?P<c>[一二三四五六七八九十]{1,3})\s*、)\s*")


@dataclass(frozen=True)
class Item:
    number: int | None      # its number, None when unnumbered
    text: str               # as written, without the number


def items_of(cell: object) -> tuple[Item, ...]:
    """A cell's items: a numbered part starts an item, an unnumbered part after a numbered one
    goes on with it; a cell with no number at all has one item per part.

    >>> [i.number for i in items_of("1.跟进价格异议客户(3家);2.完成5家新客户拜访")]
    [1, 2]
    """
    if not isinstance(cell, str):
        return ()
    return _items_of(cell)


@lru_cache(maxsize=65536)
def _items_of(cell: str) -> tuple[Item, ...]:
    t = unicodedata.normalize("NFKC", "".join(_CIRCLED.get(ch, ch) for ch in cell))
    parts = [p.strip() for p in _SEGMENT.split(t)]
    parts = [p for p in parts if p]
    marked = []
    for p in parts:
        m = _MARK.match(p)
        num = None
        if m:
            raw = m.group("p") or m.group("n") or m.group("c")
            v = cn_number(raw)
            num = int(v) if v is not None else None
        marked.append((num, p[m.end():] if m and num is not None else p))
    if all(n is None for n, _ in marked):
        return tuple(Item(None, p) for _, p in marked)
    out: list[Item] = []
    for num, text in marked:
        if num is None and out:
            out[-1] = Item(out[-1].number, f"{out[-1].text};{text}")
        else:
            out.append(Item(num, text))
    return tuple(out)


_NOT_WORD = re.compile(r"[\d\s\W_]+")


@lru_cache(maxsize=65536)
def _bare(text: str) -> str:
    """Without numbers, spaces and punctuation (NFKC)."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=65536)
def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i:i + 2] for i in range(len(s) - 1))


def plan_matches(plan: str, work: str, threshold: float) -> bool:
    """A plan item reappears as a work item: without numbers, spaces and punctuation, one
    contains the other, or their character-bigram Dice (sets) ≥ threshold."""
    return _matches(_bare(plan), _bare(work), threshold)


@lru_cache(maxsize=262144)
def _matches(a: str, b: str, threshold: float) -> bool:
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    x, y = _bigrams(a), _bigrams(b)
    return bool(x and y) and 2 * len(x & y) / (len(x) + len(y)) >= threshold


# ---------------------------------------------------------------------------------------------
# Reports

def _key(s: pd.Series) -> list:
    """Values compared across rows (NFKC, no spaces), as a list; None where empty."""
    v = s.astype("string").tolist()
    memo = {x: compact(x) or None
            for x in set(v) if isinstance(x, str)}
    return [memo.get(x) if isinstance(x, str) else None for x in v]


def _reports(df: pd.DataFrame) -> dict[tuple, list[int]]:
    """Rows of each report, in row order, by (汇报人, period); the period is ("week"/"month",
    first day) when readable, else its text. Rows without 汇报人 or 汇报周期 belong to none."""
    who = _key(df["reporter"])
    text = _key(df["period"])
    memo = {t: period_start(t) for t in set(text) if t is not None}
    out: dict[tuple, list[int]] = {}
    for pos, (w, t) in enumerate(zip(who, text)):
        if w is None or t is None:
            continue
        out.setdefault((w, memo[t] or t), []).append(pos)
    return out


def _numbering(df: pd.DataFrame) -> pd.Series:
    """Per row, the number its first out-of-sequence (or unnumbered) item should have had, on the
    first such cell of each report; NA elsewhere."""
    found: dict[int, int] = {}
    work = df["work"].tolist()
    for rows in _reports(df).values():
        cells = [(pos, items_of(work[pos])) for pos in rows]
        cells = [(pos, its) for pos, its in cells if its]
        if len(cells) == 1 and len(cells[0][1]) == 1 and cells[0][1][0].number is None:
            continue                        # a lone unnumbered item is fine
        expected = 1
        for pos, its in cells:
            if any(i.number != expected + k for k, i in enumerate(its)):
                found[pos] = expected + next(k for k, i in enumerate(its) if i.number != expected + k)
                break
            expected += len(its)
    return _spread(df, found)


def _spread(df: pd.DataFrame, found: dict[int, object]) -> pd.Series:
    """Values by row position → a Series over the frame's index, NA elsewhere."""
    out = [pd.NA] * len(df)
    for pos, v in found.items():
        out[pos] = v
    return pd.Series(out, index=df.index, dtype="object")


def _numbered(df: pd.DataFrame, ctx) -> pd.Series:
    # CX214: a report's items are numbered 1, 2, 3 …
    return _numbering(df).isna()


def _numbering_fields(prepared, rows, values, col, ctx) -> dict:
    return {"expected": [str(v) for v in _numbering(prepared).iloc[rows.to_numpy()].tolist()]}


def _threshold(ctx) -> float:
    return float(limit(ctx, "plan_match"))


def _plan_gaps(df: pd.DataFrame, ctx) -> pd.Series:
    """On each report's first row: the items of the 汇报人's previous-period plan that do not
    reappear in this report's work ("; "-joined), with the previous period as written; NA
    elsewhere, when all reappear, when the report explains the difference (计划差异及原因) or when
    there is no previous report."""
    found: dict[int, tuple[str, str]] = {}
    reports = _reports(df)
    if len(reports) < 2:
        return _spread(df, found)
    threshold = _threshold(ctx)
    work, plan, period = df["work"].tolist(), df["plan"].tolist(), df["period__text"].tolist()
    explained = df["plan_diff"].notna().tolist()
    for (who, p), rows in reports.items():
        if not isinstance(p, tuple) or any(explained[pos] for pos in rows):
            continue
        prev = reports.get((who, previous_period(p)))
        if prev is None:
            continue
        planned = dict.fromkeys(i.text for pos in prev for i in items_of(plan[pos]) if _bare(i.text))
        if not planned:
            continue
        done = set(_bare(i.text) for pos in rows for i in items_of(work[pos]))
        missing = [x for x in planned if not any(_matches(_bare(x), w, threshold) for w in done)]
        if missing:
            found[rows[0]] = (str(period[prev[0]]), "; ".join(missing))
    return _spread(df, found)


def _plan_followed(df: pd.DataFrame, ctx) -> pd.Series:
    # CX215: last period's plan reappears in this period's work
    return _plan_gaps(df, ctx).isna()


def _plan_fields(prepared, rows, values, col, ctx) -> dict:
    gaps = _plan_gaps(prepared, ctx).iloc[rows.to_numpy()].tolist()
    return {"previous": [g[0] for g in gaps], "items": [g[1] for g in gaps]}


TABLE = Table(
    key="work_report",
    number="表2",
    section="二(二)",
    title=("周/月度工作汇报表", "Weekly/monthly work report"),
    sheet=("表2 周月度工作汇报", "T2 Work report"),
    purpose=(
        "员工向上级汇报周/月工作:按优先级列出核心工作,写明完成情况、量化成果、问题及需支持事项和下期计划。",
        "Staff report their week or month to their manager: core work by priority, completion, "
        "results in figures, problems and support needed, and the next plan.",
    ),
    columns=(
        # Weekly reports often write these three above the table (issue 12): "汇报人:张三",
        # "xx部门-xx组", "2019.4.22-2019.4.26(4月第4周)" in title rows or the sheet name.
        Col("汇报人", "reporter", "Reporter", required=True, ffill=True, width=10,
            aka=("人员姓名", "姓名", "员工姓名", "填报人", "name", "employee"), above=True),
        Col("部门", "department", "Department", required=True, ffill=True, width=10,
            aka=("部门名称", "所属部门", "dept"), above=department_above),
        Col("汇报周期", "period", "Period", Kind.PERIOD, required=True, ffill=True, width=16,
            hint=("如:2024年5月第2周、2024-W19、2024年5月", "e.g. 2024年5月第2周, 2024-W19, 2024年5月"),
            aka=("周期", "汇报期间", "报告周期", "周次", "week"), above=period_above),
        Col("本周/月核心工作内容(按优先级排序)", "work", "Core work (by priority)", required=True, width=32,
            hint=("按优先级编号:1. 2. …", "Numbered by priority: 1. 2. …"),
            aka=("工作内容", "详细说明", "任务描述", "工作事项", "本周工作", "work_content", "task", "tasks")),
        Col("完成情况(√/×/部分完成)", "status", "Completion (√/×/partly)", Kind.CHOICE, required=True,
            choices=("√", "×", "部分完成"), lookalikes=LOOKALIKES, width=12,
            en_choices=("done", "not done", "partly done"), hint=("√ / × / 部分完成", "√ / × / 部分完成"),
            aka=("完成进度", "任务状态", "状态", "progress", "status"),
            words=status_words(done="√", in_progress="部分完成")),   # 完成/已完成 stay look-alikes (CX105)
        Col("量化成果(数据/案例)", "results", "Results (figures/cases)", width=26,
            hint=("用数据说明成果,如:签约1家,金额5万元", "Results in figures, e.g. 签约1家,金额5万元"),
            aka=("工作成果", "成果", "outcome")),
        Col("遇到的问题及需支持事项", "problems", "Problems and support needed", width=30,
            hint=("× 或 部分完成 时必填:卡点是什么、需要什么支持", "Required for × or 部分完成: the blocker and the support needed"),
            aka=("遇到的问题", "存在问题", "问题", "问题及支持", "issues", "problems", "blockers")),
        Col("下周/月工作计划", "plan", "Next plan", width=30,
            aka=("下周计划", "下月计划", "下阶段计划", "工作计划", "plan")),
        # tables-2.md: added, optional
        Col("计划差异及原因", "plan_diff", "Plan difference and reason", added=True, width=30,
            hint=("上期计划未做或有调整时,写明差异及原因", "When last period's plan was not done or changed: what and why")),
    ),
    rules=(
        Rule("CX211", ERROR, "results",
             lambda df, ctx: ~_done_or_partly(df) | df["results__text"].notna(),
             title=("完成事项缺少量化成果", "Done item without results"),
             message=("完成情况为 √ 或 部分完成 时,「{header}」必须填写", "\"{header}\" is required when the completion is \"√\" or \"部分完成\" (partly done)"),
             bad=({"完成情况": "√", "量化成果": ""},), good=({"完成情况": "√", "量化成果": "签约1家,金额5万元"},),
             why=("指南二(二):用数据量化成果。", "Guide 二(二): quantify results with data.")),
        Rule("CX212", WARNING, "results",
             lambda df, ctx: df["results__text"].isna() | has_number(df["results__text"]),
             title=("量化成果中没有数据", "Results without figures"),
             message=("「{value}」中没有数字,请用数据代替模糊描述", "\"{value}\" holds no figure; use data instead of vague words"),
             bad=({"量化成果": "效果很好"},), good=({"量化成果": "转化率20%"},),
             why=("指南二(二)关键注意事项:用数据代替模糊描述。", "Guide 二(二) key notes: data instead of vague descriptions.")),
        Rule("CX213", ERROR, "problems",
             lambda df, ctx: ~_not_or_partly(df) | df["problems__text"].notna(),
             title=("未完成事项缺少问题说明", "Unfinished item without problem"),
             message=("完成情况为 × 或 部分完成 时,必须写明遇到的问题及需支持事项", "When the completion is \"×\" or \"部分完成\" (partly done), name the problem and the support needed"),
             bad=({"完成情况": "×", "遇到的问题及需支持事项": "无"},),
             good=({"完成情况": "×", "遇到的问题及需支持事项": "客户临时取消会议,需销售总监协调"},),
             why=("指南二(二)步骤1:问题求助汇报聚焦卡点是什么、需要什么支持。", "Guide 二(二) step 1: a help request names the blocker and the support needed.")),
        Rule("CX214", WARNING, "work", _numbered, fields=_numbering_fields,
             name="work-items-not-numbered-in-sequence",
             title=("工作内容未按顺序编号", "Work items not numbered in sequence"),
             message=("「{value}」未按 1、2、3… 顺序编号:本份汇报此处应为第 {expected} 项",
                      "\"{value}\" breaks the numbering 1, 2, 3 …: item {expected} of this report was expected here"),
             bad=({"本周/月核心工作内容": "1.完成8家客户拜访"},
                  {"汇报人": "", "部门": "", "汇报周期": "", "本周/月核心工作内容": "3.整理4月销售数据报表"}),
             good=({"本周/月核心工作内容": "1.完成8家客户拜访"},
                   {"汇报人": "", "部门": "", "汇报周期": "", "本周/月核心工作内容": "2.整理4月销售数据报表"}),
             why=("指南 R-13(二(二)表2):核心工作内容按优先级排序并编号 1、2、3…(同一汇报人同一周期的各行连续编号;"
                  "只有一项时可不编号)。",
                  "Guide R-13 (二(二) table 2): core work is listed by priority, numbered 1, 2, 3 … (one report's rows "
                  "number on; a single item needs no number).")),
        Rule("CX215", WARNING, "work", _plan_followed, fields=_plan_fields,
             name="last-plan-missing-from-work",
             title=("上期计划未在本期工作中出现", "Last period's plan missing from the work"),
             message=("上期({previous})计划的「{items}」未出现在本期核心工作内容中;如有调整,请填写计划差异及原因",
                      "Planned last period ({previous}) but not in this period's core work: \"{items}\"; "
                      "if the plan changed, fill in the plan difference and reason"),
             bad=({"汇报周期": "2024年5月第2周", "本周/月核心工作内容": "1.完成8家客户拜访",
                   "下周/月工作计划": "1.跟进价格异议客户(3家);2.完成5家新客户拜访"},
                  {"汇报周期": "2024年5月第3周", "本周/月核心工作内容": "1.完成5家新客户拜访", "下周/月工作计划": ""}),
             good=({"汇报周期": "2024年5月第2周", "本周/月核心工作内容": "1.完成8家客户拜访",
                    "下周/月工作计划": "1.跟进价格异议客户(3家);2.完成5家新客户拜访"},
                   {"汇报周期": "2024年5月第3周", "本周/月核心工作内容": "1.跟进3家价格异议客户;2.完成5家新客户拜访",
                    "下周/月工作计划": ""}),
             why=("指南 R-16(二(二)步骤2):对比计划与实际差异,分析原因。上期计划的每一项应出现在本期核心工作内容中"
                  "(去掉编号、空格和标点后互相包含,或字符二元组 Dice 系数 ≥ limits.plan_match,默认 0.5),否则在计划差异及原因中说明。",
                  "Guide R-16 (二(二) step 2): compare plan and actual, and analyse the differences. Each item of last "
                  "period's plan should reappear in this period's core work (without numbers, spaces and punctuation one "
                  "contains the other, or their character-bigram Dice ≥ limits.plan_match, 0.5 by default), or the difference is explained.")),
    ),
    late=None,
    clean={"汇报人": "赵六", "部门": "销售部", "汇报周期": "2024年5月第2周", "本周/月核心工作内容": "1.完成8家客户拜访",
           "完成情况": "√", "量化成果": "签约1家,金额5万元", "遇到的问题及需支持事项": "无", "下周/月工作计划": "2.完成5家新客户拜访"},
    examples=(
        {"汇报人": "赵六", "部门": "销售部", "汇报周期": "2024年5月第2周", "本周/月核心工作内容": "1.完成8家客户拜访",
         "完成情况": "√", "量化成果": "签约1家,金额5万元", "遇到的问题及需支持事项": "2家客户反馈价格异议,需市场部提供政策说明",
         "下周/月工作计划": "1.跟进价格异议客户(3家);2.完成5家新客户拜访"},
        {"汇报人": "", "部门": "", "汇报周期": "", "本周/月核心工作内容": "2.整理4月销售数据报表", "完成情况": "√",
         "量化成果": "报表准确率100%", "遇到的问题及需支持事项": "无", "下周/月工作计划": ""},
    ),
    key_columns=("reporter", "work", "status"),   # recognised when these are all found (docs/recognition.md)
)
