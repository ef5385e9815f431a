"""A purchase contract's terms as people type them (tables-2.md, 采购合同登记表): the N of 月结N天
in 付款方式 and the X of 每日扣款X% in 违约责任.

Each reader gives ``(value, state)``: ``state`` is ``"ok"`` (value read), ``"none"`` (the text
does not state such a term: the configured default applies, silently) or ``"unread"`` (the text
states one — 月结, or a penalty by the day — but no figure could be read: the default applies
and the contract table says so, CX352). Texts are NFKC-normalised first, so full-width digits
and ％ read as ASCII; Chinese numerals (月结三十天, 千分之五) are read too, and the English of the
``--lang en`` template ("60 days after month end", "Net 30 EOM"; "0.5% per day", where the rate may
stand before the words). A Chinese rate may stand in the clause after the words by the day when
nothing follows them in theirs ("每逾期一日,按货款的千分之三支付违约金").

>>> payment_days_of("货到月结30天")
(30, 'ok')
>>> daily_rate_of("延迟配送每日扣款0.5%")
(0.005, 'ok')
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from collab_xl.cells.lists import compact
from collab_xl.cells.quantities import cn_number, per_distinct

OK, NONE, UNREAD = "ok", "none", "unread"
MAX_DAYS = 3650        # 月结 beyond ten years is a slip of the keyboard: not read (the default applies)

_NUM = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十]+"
_CLAUSE_END = r"[,，;；。\n]"


def _norm(text: object) -> str:
    if not isinstance(text, str):
        return ""
    return compact(text)


def _number(text: str) -> Decimal | None:
    """"30" / "0.5" / "三十" / "五" / "零点五" → a Decimal; None when it is none of these."""
    if not text:
        return None
    if "点" in text:
        head, _, tail = text.partition("点")
        whole = _number(head) if head else Decimal(0)
        if whole is None or not tail or any(c not in "零〇一二两三四五六七八九" for c in tail):
            return None
        digits = "".join(str(int(cn_number(c))) for c in tail)
        return whole + Decimal("0." + digits)
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    n = cn_number(text)
    return None if n is None else Decimal(str(int(n)) if float(n).is_integer() else str(n))


# -- 付款方式: 月结N天 -----------------------------------------------------------------------------
# 月结30天, 月结 30 天, 货到月结30天, 月结30日, 月结三十天, 30天月结, 月结(票到)30天
_MONTHLY = re.compile(rf"月结[^\d{_CLAUSE_END[1:-1]}零〇一二两三四五六七八九十]{{0,4}}(?P<a>{_NUM})个?(?:自然)?[天日]"
                      rf"|(?P<b>{_NUM})个?(?:自然)?[天日]月结")
# The same in English (the template's --lang en; spaces removed, lower case): "60 days after month
# end", "30 days from the end of the month", "EOM 30", "EOM + 30 days", "Net 30 EOM", "45 days EOM".
_MONTHLY_EN = re.compile(r"(?P<a>\d+)(?:calendar)?days?(?:after|from|following|past)(?:the)?"
                         r"(?:endof(?:the)?month|month-?end|eom)"
                         r"|(?:eom|endof(?:the)?month|month-?end)\+?(?P<b>\d+)(?:calendar)?(?:days?)?(?![a-z])"
                         r"|(?:net)?(?P<c>\d+)(?:calendar)?(?:days?)?(?:net)?eom"
                         r"|monthlysettlement[^\d]{0,8}?(?P<d>\d+)(?:calendar)?days?"
                         r"|(?P<e>\d+)(?:calendar)?days?monthlysettlement")
_MONTHLY_EN_WORDS = ("eom", "endofmonth", "endofthemonth", "monthend", "month-end", "monthlysettlement")


def payment_days_of(text: object) -> tuple[int | None, str]:
    """N of "月结N天" in a contract's 付款方式: (N, "ok"); (None, "none") when the text says
    nothing of 月结 (货到付款, 预付30%…); (None, "unread") when it says 月结 without a readable
    whole number of days up to ``MAX_DAYS`` (月结999999天 would put the due past any calendar)."""
    t = _norm(text)
    if "月结" not in t:
        low = t.lower()
        if not any(w in low for w in _MONTHLY_EN_WORDS):
            return None, NONE
        m = _MONTHLY_EN.search(low)
        if m is None:
            return None, UNREAD
        n = int(next(g for g in m.groups() if g))
        return (n, OK) if n <= MAX_DAYS else (None, UNREAD)
    m = _MONTHLY.search(t)
    if m is None:
        return None, UNREAD
    n = _number(m.group("a") or m.group("b"))
    if n is None or n != n.to_integral_value() or n < 0 or n > MAX_DAYS:
        return None, UNREAD
    return int(n), OK


# -- 违约责任: 每日扣款X% ---------------------------------------------------------------------------
# A penalty by the day: 每日 / 每天 / 按日 / 逐日 / 每延迟一天 / 每逾期1日, or 日 right before 扣/罚
# (日扣款千分之五); then, in the same clause, the rate: X%, X‰, X‱, 百分之X, 千分之X, 万分之X.
_PER_DAY = re.compile(rf"(?:每|按|逐)[^{_CLAUSE_END[1:-1]}%‰‱]{{0,6}}?[日天]"
                      r"|(?<![\d零〇一二两三四五六七八九十几])日(?=扣|罚|违约|按|支付|收取|计)"
                      r"|(?:延迟|延误|逾期|迟延|迟交|晚交|拖延)(?:交货|交付|配送|到货|发货)?(?:一|1)[日天]")
# In English (spaces removed, lower case) the rate may stand before the words: "0.5% per day",
# "1% a day", "0.3% of the order for each day of delay", "daily 0.5%".
_PER_DAY_EN = re.compile(r"per(?:calendar)?day|(?<![a-z])aday|(?:each|every)(?:calendar)?day|daily|/day")
_FIGURE = re.compile(r"[\d零〇一二两三四五六七八九十百千万]")
_RATE = re.compile(r"(?P<pct>\d+(?:\.\d+)?)%|(?P<pm>\d+(?:\.\d+)?)‰|(?P<pt>\d+(?:\.\d+)?)‱"
                   r"|(?P<unit>百|千|万)分之(?P<cn>[\d.零〇一二两三四五六七八九十点]+)")
_SCALE = {"pct": Decimal(100), "pm": Decimal(1000), "pt": Decimal(10000),
          "百": Decimal(100), "千": Decimal(1000), "万": Decimal(10000)}


def daily_rate_of(text: object) -> tuple[float | None, str]:
    """X of a penalty by the day in a contract's 违约责任, as a fraction a day (0.5% → 0.005):
    (X, "ok"); (None, "none") when the text states no penalty by the day; (None, "unread") when
    it does (每日扣款…) but no rate follows in the same clause — or in the next one, when the words
    by the day end their clause with no figure (每日扣款50元, 按日扣款,比例另议)."""
    t = _norm(text)
    found = False
    for m in _PER_DAY.finditer(t):
        found = True
        clause, *rest = re.split(_CLAUSE_END, t[m.end():], maxsplit=2)
        if not _FIGURE.search(clause) and rest:
            # "每逾期一日,按未交货部分货款的千分之三支付违约金": the rate is in the next clause
            clause = rest[0]
        rate = _rate(clause)
        if rate is not None:
            return rate, OK
    low = t.lower()
    for m in _PER_DAY_EN.finditer(low):
        found = True
        before = re.split(_CLAUSE_END, low[:m.start()])[-1]
        after = re.split(_CLAUSE_END, low[m.end():], maxsplit=1)[0]
        rate = _rate(after) if _RATE.search(after) else _rate(before, last=True)
        if rate is not None:
            return rate, OK
    return None, (UNREAD if found else NONE)


def _rate(clause: str, last: bool = False) -> float | None:
    """The first (``last``: the last) rate in ``clause`` as a fraction; None without a readable
    one of at most 100%."""
    found = list(_RATE.finditer(clause))
    for r in (reversed(found) if last else found):
        if r.group("unit"):
            n, scale = _number(r.group("cn")), _SCALE[r.group("unit")]
        else:
            key = next(k for k in ("pct", "pm", "pt") if r.group(k))
            n, scale = _number(r.group(key)), _SCALE[key]
        if n is None or n > scale:
            continue
        return float(n / scale)
    return None


# -- column forms ------------------------------------------------------------------------------
def _column(values: pd.Series, fn) -> pd.DataFrame:
    """``fn`` over each distinct text of ``values`` (NA where empty): columns ``value`` (float,
    NaN where not read) and ``state`` (ok / none / unread; none where empty)."""
    value = pd.Series(np.nan, index=values.index, dtype="float64")
    state = pd.Series(NONE, index=values.index, dtype=object)
    rows, codes, res = per_distinct(values, lambda u: fn(str(u)))
    if len(rows):
        value.loc[rows] = np.array([np.nan if x is None else float(x) for x, _ in res])[codes]
        state.loc[rows] = np.array([s for _, s in res], dtype=object)[codes]
    return pd.DataFrame({"value": value, "state": state})


def payment_days(values: pd.Series) -> pd.DataFrame:
    """``payment_days_of`` over a column of 付款方式 texts."""
    return _column(values, payment_days_of)


def daily_rates(values: pd.Series) -> pd.DataFrame:
    """``daily_rate_of`` over a column of 违约责任 texts."""
    return _column(values, daily_rate_of)
