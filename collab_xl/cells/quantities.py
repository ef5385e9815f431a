"""Time limits typed in cells (tables-2.md, conventions: "limit").

``parse_limit("2个工作日")`` → ``(2.0, "workdays")``; N(个)工作日 → working days, N天 / N日 →
calendar days, N小时 / Nh → clock hours; full-width digits and spaces allowed. Anything else
(a bare number, a negative, a fraction of a day) is None: the caller reports it (CX119), it is
never read as "no limit".
"""
from __future__ import annotations

import re
import unicodedata

WORKDAYS, DAYS, HOURS = "workdays", "days", "hours"
LIMIT_UNITS = (WORKDAYS, DAYS, HOURS)

_LIMIT = re.compile(
    r"^(?P<n>\d+(?:\.\d+)?)(?:(?P<w>个?工作日)|(?P<d>天|日|个?自然日)|(?P<h>个?小时|h|hours?))(?:内|以内|之内)?$",
    re.IGNORECASE)


def parse_limit(text: object) -> tuple[float, str] | None:
    """One limit as ``(amount, unit)``, unit ``"workdays"``, ``"days"`` or ``"hours"``; None when
    ``text`` is not one (days and working days are whole numbers)."""
    if not isinstance(text, str):
        return None
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    m = _LIMIT.match(t)
    if m is None:
        return None
    n = float(m.group("n"))
    unit = WORKDAYS if m.group("w") else DAYS if m.group("d") else HOURS
    if unit != HOURS and not n.is_integer():
        return None
    return n, unit
