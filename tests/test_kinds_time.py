"""The conventions of tables-2.md as column kinds: date-times, times, minutes, limits, percents,
是/否, checklists, name lists, and the option rules ≥ X, if C, exp."""
from __future__ import annotations

import pandas as pd
import pytest

from collab_xl.cells.quantities import Limit, parse_limit, parse_limits


@pytest.mark.parametrize("text, expected", [
    ("2个工作日", Limit(2, "workdays")), ("2工作日", Limit(2, "workdays")),
    ("两个工作日", Limit(2, "workdays")), ("３天", Limit(3, "days")), ("3日", Limit(3, "days")),
    ("24小时", Limit(24, "hours")), ("24h", Limit(24, "hours")), ("1.5h", Limit(1.5, "hours")),
    ("24小时内", Limit(24, "hours")), ("2 working days", Limit(2, "workdays")),
])
def test_parse_limit_reads_the_guides_limits(text, expected):
    got = parse_limit(text)
    assert got == expected
    assert type(got.amount) is type(expected.amount)


@pytest.mark.parametrize("text", ["2.5天", "-1天", "3", "", "尽快", None, 5])
def test_parse_limit_refuses_what_is_no_limit(text):
    assert parse_limit(text) is None


def test_parse_limits_column():
    d = parse_limits(pd.Series(["2个工作日", pd.NA, "尽快", "24h"], dtype="string"))
    assert d["amount"].tolist()[::3] == [2.0, 24.0]
    assert d["unit"].tolist()[::3] == ["workdays", "hours"]
    assert d["bad"].tolist() == [False, False, True, False]
