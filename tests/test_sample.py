"""The bundled sample (the demo's input), the guide's own rows, and the committed workbooks."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from collab_xl.app.common import Options
from collab_xl.catalog import TABLES
from collab_xl.core.output import MARK_SHEET
from collab_xl.core.validate import validate_grids
from collab_xl.io.read import read_workbook
from collab_xl.io.templates import build_template
from collab_xl.sample import FILES, PLANTED, SAMPLE_TODAY, build_guide_examples, build_sample

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
DIMS = ["quality", "delivery", "service", "price", "solving"]


pytestmark = pytest.mark.usefixtures("no_user_config")


@pytest.fixture(scope="module")
def report(sample_path):
    opts = Options(today=SAMPLE_TODAY)
    from collab_xl.config import Config
    return validate_grids(sample_path.name, read_workbook(sample_path), opts.context(Config.default()), "zh")


def result(report, key):
    (r,) = [r for r in report.results if r.table.key == key]
    return r


# ---------------------------------------------------------------------------------------------
def test_sample_validates_with_exactly_the_planted_findings(cli, sample_path):
    code, out, err = cli("validate", sample_path, "--today", "2024-06-05", "--format", "json")
    assert code == 1, err
    doc = json.loads(out)
    codes = {f["code"] for f in doc["findings"]}
    assert codes == set(PLANTED)   # every planted defect found, nothing unplanned
    assert doc["summary"]["errors"] > 0 and doc["summary"]["warnings"] > 0
    assert {t["table"] for t in doc["tables"]} == set(TABLES)


def test_sample_is_written_the_way_people_fill_tables(sample_path, report):
    wb = openpyxl.load_workbook(sample_path)
    # A renamed sheet is still found by its header; title rows sit above the headers.
    where = {r.table.key: (r.sheet, r.hit.header_row) for r in report.results}
    assert where["work_report"][0] == "销售部周报" not in [t.sheet[0] for t in TABLES.values()]
    assert where["cross_dept"][1] == 3 and all(row > 1 for _, row in where.values())
    t1 = wb[where["cross_dept"][0]]
    headers = [c.value for c in t1[3]]
    assert "对接人（姓名/部门/联系方式）" in headers and "优先级" in headers   # full-width brackets, own column
    assert any(m.min_col == 1 and m.max_row > m.min_row for m in t1.merged_cells.ranges)  # merged 项目名称
    ev = wb[where["supplier_evaluation"][0]]
    assert "产品质量(30分)" in [c.value for c in ev[2]]
    # Dates typed as text and as real dates, in the same column.
    due = [c.value for c in wb[where["partner_progress"][0]]["F"][2:]]
    assert any(isinstance(v, dt.datetime) for v in due) and any(isinstance(v, str) and "年" in v for v in due)
    # The grouped rows are read as their group: 表1 rows 5 and 6 belong to the guide's project.
    prep = result(report, "cross_dept").prepared
    assert prep.loc[[4, 5, 6], "project"].tolist() == ["年度新品发布会"] * 3


def test_sample_holds_the_guide_examples(report):
    for key, t in TABLES.items():
        text = result(report, key).text
        for ex in t.examples:
            cols = {t.col(c.name).name: v for c in t.columns for k, v in ex.items() if c.key == k and v}
            match = pd.Series(True, index=text.index)
            for name, v in cols.items():
                match &= text[name] == v
            assert match.any(), (key, ex)


def test_sample_has_late_and_overdue_items_around_the_2024_holidays(report):
    today = pd.Timestamp(SAMPLE_TODAY)
    late_across_labour_day = overdue = across_adjusted_saturday = 0
    for key, t in TABLES.items():
        if t.late is None or t.late.done is None:
            continue
        p = result(report, key).prepared
        due, done = p[t.late.due], p[t.late.done]
        late_across_labour_day += int(((due <= "2024-04-30") & (done >= "2024-05-06")).sum())
        across_adjusted_saturday += int(((due == "2024-05-10") & (done == "2024-05-13")).sum())
        open_ = done.isna() & p[f"{t.late.done}__text"].isna()
        if t.late.status:
            open_ &= ~p[t.late.status].isin(["已完成", "已取消"]).fillna(False)
        overdue += int((open_ & (due < today)).sum())
    assert late_across_labour_day >= 3 and across_adjusted_saturday >= 3 and overdue >= 4
    po = result(report, "purchase_orders").prepared
    assert po["amount"].notna().sum() >= 8


def test_sample_evaluations_make_a_telling_ranking(report):
    r = result(report, "supplier_evaluation")
    p = r.prepared
    assert set(p["quarter"].dropna()) == {"2024Q1", "2024Q2"}
    assert {"2024Q2", "2024-Q2", "2024年第2季度"} <= set(r.text["quarter"])
    errors = set(r.findings.loc[r.findings["severity"] == "error", "row"])
    # The designed outcome holds whether rows with errors are counted or left out.
    for rows in (p[p[DIMS].notna().all(axis=1) & (p["quality"] <= 30)], p[~p.index.isin(errors)]):
        score = rows.assign(score=rows[DIMS].sum(axis=1)).groupby(["quarter", "supplier"])["score"]
        evaluators, mean = score.count(), score.mean()
        q2, q1 = mean["2024Q2"], mean["2024Q1"]
        assert (evaluators["2024Q2"] >= 2).sum() >= 4                   # several evaluators per supplier
        assert q2.duplicated(keep=False).any()                           # a tie
        assert (q2 == 80).any()                                          # exactly 80: not below
        assert set(q1[q1 < 80].index) & set(q2[q2 < 80].index)          # below 80 twice running


def test_sample_round_trips_through_validate_out(cli, sample_path, tmp_path):
    out = tmp_path / "结果.xlsx"
    code, _, err = cli("validate", sample_path, "--today", "2024-06-05", "--out", out)
    assert code == 1, err
    before = openpyxl.load_workbook(sample_path)
    after = openpyxl.load_workbook(out)
    assert set(before.sheetnames) < set(after.sheetnames)
    assert {"校验结果", MARK_SHEET} <= set(after.sheetnames)
    for ws in before.worksheets:
        ws2 = after[ws.title]
        assert list(ws.iter_rows(values_only=True)) == list(ws2.iter_rows(values_only=True)), ws.title
        assert sorted(map(str, ws.merged_cells.ranges)) == sorted(map(str, ws2.merged_cells.ranges))
    # and the input was not touched
    assert openpyxl.load_workbook(sample_path).sheetnames == before.sheetnames


def test_guide_examples_workbook(tmp_path):
    p = tmp_path / "guide.xlsx"
    build_guide_examples().save(p)
    from collab_xl.config import Config
    rep = validate_grids(p.name, read_workbook(p), Options(today=SAMPLE_TODAY).context(Config.default()), "zh")
    assert {r.table.key: r.rows for r in rep.results} == {k: len(t.examples) for k, t in TABLES.items()}
    wb = openpyxl.load_workbook(p)
    for key, t in TABLES.items():
        ws = wb[t.sheet[0]]
        assert [c.value for c in ws[2]] == [c.header for c in t.columns if not c.tracking]
    # the guide's incomplete cells are what it finds (no year, contacts without a number)
    assert {"CX103", "CX106"} <= set(rep.findings["code"])


# ---------------------------------------------------------------------------------------------
# The committed workbooks must be what the product generates today.
def _fingerprint(wb) -> dict:
    out = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        cells = {c.coordinate: (c.value, c.number_format) for row in ws.iter_rows() for c in row
                 if c.value is not None or c.number_format != "General"}
        out[ws.title] = {
            "state": ws.sheet_state,
            "cells": cells,
            "merged": sorted(map(str, ws.merged_cells.ranges)),
            "validations": sorted((str(d.sqref), d.type, d.operator, d.formula1, d.formula2, d.errorStyle,
                                   d.promptTitle, d.prompt, d.errorTitle, d.error)
                                  for d in ws.data_validations.dataValidation),
            "conditional": sorted((str(r.sqref), tuple(x.formula or ()), x.dxf.fill.fgColor.rgb if x.dxf and x.dxf.fill else None)
                                  for r in ws.conditional_formatting for x in r.rules),
            "tables": sorted((t.displayName, t.ref, t.tableStyleInfo.name if t.tableStyleInfo else None)
                             for t in ws.tables.values()),
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "freeze": ws.freeze_panes,
            "print": (ws.print_title_rows, ws.page_setup.orientation, ws.page_setup.paperSize,
                      ws.oddHeader.center.text, ws.oddFooter.center.text),
        }
    return out


@pytest.mark.parametrize("key", list(FILES))
def test_committed_workbooks_are_current(key, tmp_path):
    committed = WORKBOOKS / FILES[key]
    assert committed.exists(), f"run: python -m collab_xl.sample --write workbooks/ ({committed.name} missing)"
    fresh = {"template_zh": lambda: build_template(lang="zh"), "template_en": lambda: build_template(lang="en"),
             "sample": build_sample}[key]()
    p = tmp_path / committed.name
    fresh.save(p)
    assert _fingerprint(openpyxl.load_workbook(committed)) == _fingerprint(openpyxl.load_workbook(p)), \
        f"{committed.name} is out of date: run python -m collab_xl.sample --write workbooks/"


def test_sample_is_deterministic(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    build_sample().save(a)
    build_sample().save(b)
    assert _fingerprint(openpyxl.load_workbook(a)) == _fingerprint(openpyxl.load_workbook(b))
