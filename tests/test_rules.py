"""Every rule fires on its documented bad example and stays silent on its good one.

The examples live with the rules (table modules, catalog/kinds.py and catalog/headers.py), so a
new rule is tested by declaring it; this file never lists rules by hand."""
from __future__ import annotations

import pytest

from collab_xl.catalog import TABLES
from collab_xl.catalog.conventions import EXAMPLE_TABLES
from collab_xl.catalog.headers import HEADER_RULES
from collab_xl.catalog.kinds import OPTION_RULES, all_generic_rules, generic_rules_of
from collab_xl.core.grid import Grid
from collab_xl.i18n import fields_of

from helpers import resolve

def _table(key):
    return TABLES[key] if key in TABLES else EXAMPLE_TABLES[key]


@pytest.fixture
def run_rules(table_grid, directory_grid, check_grids, monkeypatch):
    def run(key, rows, with_tables=()):
        """The table's rows, the other tables a cross-table rule's examples run with (rows merged
        into that table's clean row), and a 供应商名录 when none is given."""
        if key not in TABLES:   # the conventions example table joins the catalog for this test
            monkeypatch.setitem(TABLES, key, EXAMPLE_TABLES[key])
        grids = [table_grid(key, rows)]
        for other, more in with_tables:
            grids.append(table_grid(other, [{**TABLES[other].clean, **r} for r in more]))
        if "supplier_directory" not in {key, *(k for k, _ in with_tables)}:
            grids.append(directory_grid)
        return check_grids(grids)
    return run


def _cases():
    for key, t in TABLES.items():
        for r in t.rules:
            yield pytest.param(key, r.code, r.column, list(r.bad), list(r.good), r.with_tables, id=f"{r.code}-{key}")
    for code, g in all_generic_rules().items():
        key, bad, good = g.example
        t = _table(key)
        col = next(c for c in t.columns if any(k in c.keys() for k in (next(iter(bad[-1])),)))
        yield pytest.param(key, code, col.name, list(bad), list(good), (), id=f"{code}-{key}")


@pytest.mark.parametrize("key,code,column,bad,good,with_tables", list(_cases()))
def test_rule_examples(run_rules, key, code, column, bad, good, with_tables):
    t = _table(key)
    bad_rows = [{**t.clean, **b} for b in bad]
    good_rows = [{**t.clean, **g} for g in good]
    rep = run_rules(key, bad_rows, with_tables)
    f = rep.findings
    hit = f[(f["code"] == code) & (f["colname"] == column) & (f["table"] == key)]
    assert len(hit) >= 1, f"{code} did not fire on {bad}: {f[['cell', 'code', 'message']].to_dict('records')}"
    # the finding points at the example's own row and column
    first_data_row = 3  # title row, header row, then data
    assert set(hit["row"]).issubset(range(first_data_row, first_data_row + len(bad_rows)))
    letter = rep.results[0].hit.letter(column)
    assert all(c.startswith(letter) for c in hit["cell"])
    rep_good = run_rules(key, good_rows, with_tables)
    assert rep_good.findings.empty, rep_good.findings[["cell", "code", "message"]].to_dict("records")


@pytest.mark.parametrize("key", [*TABLES, *EXAMPLE_TABLES])
def test_clean_row_is_clean(run_rules, key):
    t = _table(key)   # with the rows it needs beside it (an enquiry's other quotations: clean_with)
    rep = run_rules(key, [t.clean, *({**t.clean, **r} for r in getattr(t, "clean_with", ()))])
    assert rep.results[0].table.key == key
    assert rep.findings.empty, rep.findings[["cell", "code", "message"]].to_dict("records")


@pytest.mark.parametrize("rule", HEADER_RULES, ids=lambda r: r.code)
def test_header_rule_examples(rule, directory_grid, check_grids):
    """A header rule fires on its example's spoiled header row, on the header row, and not on the
    table's own header."""
    key, header = rule.example
    t = TABLES[key]

    def sheet(headers):
        by_key = {c.key: c for c in t.columns}
        texts = [by_key[h].header for h in headers]
        values = [resolve(t.clean.get(h, "")) for h in headers]
        return Grid(name=t.sheet[0], rows=[[t.full_title[0]], texts, values])
    headers = [c.key for c in t.columns]
    grids = [sheet(rule.spoil(headers, header)), directory_grid]
    f = check_grids(grids).findings
    hit = f[(f["code"] == rule.code) & (f["table"] == key)]
    assert list(hit["column"]) == [header] and list(hit["row"]) == [2], f[["cell", "code"]].to_dict("records")
    assert check_grids([sheet(headers), directory_grid]).findings.empty


def test_every_generic_rule_is_used_and_exemplified():
    used = {r.code for t in (*TABLES.values(), *EXAMPLE_TABLES.values())
            for c in t.columns for r in generic_rules_of(c)}
    declared = all_generic_rules()
    assert used == set(declared)
    assert {r.code for r in OPTION_RULES} <= used
    for g in declared.values():
        assert g.bad and g.good and g.why[0] and g.why[1], g.code


def test_rule_names_are_unique_and_kebab_case():
    import re
    from collab_xl.ruledocs import entries
    names = {}
    for e in entries():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e.name), e
        assert names.setdefault(e.name, e.code) == e.code, f"{e.name} names {names[e.name]} and {e.code}"


def test_rule_codes_are_stable_and_unique_per_column():
    seen = set()
    for t in TABLES.values():
        for r in t.all_rules():
            assert (t.key, r.code, r.column) not in seen
            seen.add((t.key, r.code, r.column))
            assert r.code.startswith("CX") and len(r.code) == 5
            assert r.severity in ("error", "warning")
        for r in t.rules:
            assert r.bad and r.good, f"{r.code} needs a bad and a good example"
            assert r.why[0] and r.why[1], f"{r.code} needs a reason in both languages"


def test_messages_both_languages_same_fields():
    for t in (*TABLES.values(), *EXAMPLE_TABLES.values()):
        for r in t.all_rules():
            zh, en = r.message
            assert fields_of(zh) == fields_of(en), r.code
            assert r.title[0] and r.title[1]


def test_english_messages_have_no_chinese_and_vice_versa():
    import re
    han = re.compile(r"[\u4e00-\u9fff]")
    for t in (*TABLES.values(), *EXAMPLE_TABLES.values()):
        for r in t.all_rules():
            # Chinese may appear only inside quotes: the values users type are Chinese data.
            assert not han.search(re.sub(r'"[^"]*"', "", r.message[1])), r.code
            assert han.search(r.message[0]), r.code


def test_rule_docs_are_current():
    """docs/rules.md is generated from the catalog (python -c "from collab_xl.ruledocs import
    render_both; open('docs/rules.md','w').write(render_both())")."""
    from pathlib import Path
    from collab_xl.ruledocs import entries, render_both
    doc = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert doc == render_both()
    for e in entries():
        assert f"## {e.code} " in doc and f"`{e.name}`" in doc


@pytest.mark.parametrize("asked", ["CX106", "cx106", "invalid-contact"])
def test_rules_command_finds_a_rule_by_code_or_name(cli, asked):
    code, out, err = cli("rules", asked, "--lang", "en")
    assert code == 0 and not err
    assert "CX106 Invalid contact" in out and "invalid-contact" in out and "CX107" not in out


def test_rules_command_says_when_there_is_no_such_rule(cli):
    code, out, err = cli("rules", "no-such-rule")
    assert code == 2 and out == ""
    assert err.strip() == "没有规则 no-such-rule;运行 collab-xl rules 查看全部"


@pytest.mark.parametrize("value", ["#DATA!", "#PYTHON!", "#N/A", "#SPILL!"])
def test_every_excel_error_value_is_cx115_and_not_a_parse_error(value, table_grid, directory_grid, check_grids):
    """One list of Excel's error values serves the checks and the worksheet functions (the
    catalog's copy lacked #DATA! and #PYTHON!, which then read as unreadable dates)."""
    from collab_xl.cells.parse import EXCEL_ERRORS
    from collab_xl.excel.functions import error_code
    t = TABLES["partner_progress"]
    f = check_grids([table_grid("partner_progress", [{**t.clean, "实际完成时间": value}]), directory_grid]).findings
    assert list(f["code"]) == ["CX115"] and list(f["value"]) == [value]
    assert value in EXCEL_ERRORS and error_code(value) == value
