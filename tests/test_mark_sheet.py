"""The hidden mark sheet (``_collab_xl``) has one layout (``collab_xl.core.output.MarkSheet``):
what the file renderer writes, the layout's reader and the live-book renderer read back — rule
registry included — and a command-line run followed by Excel's 校验全部 does not stack rules."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from collab_xl.app.common import Options
from collab_xl.core.output import (
    FINDINGS_SHEET, MARK_KINDS, MARK_SHEET, REGISTRY_COL, REGISTRY_HEADER, LATE_KINDS, Marks, MarkSheet,
    SHEETS_COL, SHEETS_HEADER, is_mark_header, place_sheets, unique_sheet_name, SheetOut,
)
from collab_xl.io.xlsx_out import XlsxSession
from collab_xl.sample import SAMPLE_TODAY, build_sample

from helpers import TODAY


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("COLLAB_XL_TODAY", TODAY.isoformat())
    monkeypatch.delenv("COLLAB_XL_LANG", raising=False)
    monkeypatch.delenv("COLLAB_XL_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)


def _book(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    for r in range(1, 12):
        for c in range(1, 6):
            ws.cell(row=r, column=c, value=f"v{r}{c}")
    ws["B5"].comment = openpyxl.comments.Comment("用户的批注", "张三")
    wb.create_sheet("客户's \"表2\"")["A1"] = "x"
    path = tmp_path / "marks.xlsx"
    wb.save(path)
    return path


def _marks() -> Marks:
    cells = pd.DataFrame({"sheet": ["表1", "表1", "表1"], "cell": ["B5", "C7", "D8"],
                          "kind": ["error", "warning", "error"], "note": ["[CX1] a", "[CX2] b", "[CX1] c"]})
    return Marks(cells=cells, areas={"表1": ["A3:E11"]})


def _late_marks() -> Marks:
    rows = pd.DataFrame({"sheet": ["表1", "表1"], "row": [6, 9], "kind": ["late", "overdue"]})
    return Marks(rows=rows, areas={"表1": ["A3:E11"]}, kinds=LATE_KINDS)


def _sheet_values(path) -> list[list]:
    ws = openpyxl.load_workbook(path)[MARK_SHEET]
    return [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]


def test_layout_values_and_read_are_inverse():
    state = MarkSheet(keys={"error": ["表1!B5"], "warning": [], "overdue": ["表1!6", "表1!9"], "late": []},
                      notes=[["表1", "B5", "原批注", "张三"]],
                      registry=[["表1", "error", "A3:E11"], ["表1", "overdue", "A3:E11"], ["表1", "late", "A3:E1048576"]],
                      sheets=["校验结果", "逾期事项 (2)"])
    values = state.values()
    assert values[0][:4] == list(MARK_KINDS) and values[0][REGISTRY_COL:REGISTRY_COL + 3] == REGISTRY_HEADER
    assert values[0][SHEETS_COL] == SHEETS_HEADER and [r[SHEETS_COL] for r in values[1:3]] == state.sheets
    assert len(values) == 4 and all(len(r) == SHEETS_COL + 1 for r in values)
    assert is_mark_header(values[0]) and not is_mark_header(["错误", "警告"]) and not is_mark_header([])
    assert MarkSheet.read(values) == state
    assert MarkSheet.read([]) == MarkSheet() and MarkSheet().count() == 0 and state.count() == 3
    assert state.has_rule("表1", "error", ["A4:E10"]) and not state.has_rule("表1", "error", ["A4:F10"])
    assert not state.has_rule("表1", "warning", ["A4:E10"]) and not state.has_rule("表2", "error", ["A4:E10"])


def test_file_renderer_writes_what_the_layout_reads_back_registry_included(tmp_path):
    src = _book(tmp_path)
    from collab_xl.core.output import Result
    session = XlsxSession(src)
    session.write(Result(doc={}, marks=_marks()))
    out = session.save(out=tmp_path / "out.xlsx")
    state = MarkSheet.read(_sheet_values(out))
    assert state.keys == {"error": ["表1!B5", "表1!D8"], "warning": ["表1!C7"], "overdue": [], "late": []}
    # B5 has the user's note: it stays theirs, untouched; ours go on the cells without one.
    assert state.notes == [["表1", "C7", "", ""], ["表1", "D8", "", ""]]
    assert openpyxl.load_workbook(out)["表1"]["B5"].comment.text == "用户的批注"
    assert state.registry == [["表1", "error", "A3:E11"], ["表1", "warning", "A3:E11"]]
    # One registered rule per rule the file holds.
    ws = openpyxl.load_workbook(out)["表1"]
    assert sum(len(rs) for rs in ws.conditional_formatting._cf_rules.values()) == len(state.registry)

    # A late run keeps the validate kinds' rules and entries and adds its own.
    session = XlsxSession(out)
    session.write(Result(doc={}, marks=_late_marks()))
    out2 = session.save(out=tmp_path / "out2.xlsx")
    state2 = MarkSheet.read(_sheet_values(out2))
    assert state2.keys["error"] == state.keys["error"] and state2.keys["late"] == ["表1!6"]
    assert state2.registry == state.registry + [["表1", "overdue", "A3:E11"], ["表1", "late", "A3:E11"]]
    ws = openpyxl.load_workbook(out2)["表1"]
    assert sum(len(rs) for rs in ws.conditional_formatting._cf_rules.values()) == 4

    # Validate again: its rules replaced (not stacked), their entries too.
    session = XlsxSession(out2)
    session.write(Result(doc={}, marks=_marks()))
    out3 = session.save(out=tmp_path / "out3.xlsx")
    state3 = MarkSheet.read(_sheet_values(out3))
    assert sorted(state3.registry) == sorted(state2.registry)
    ws = openpyxl.load_workbook(out3)["表1"]
    assert sum(len(rs) for rs in ws.conditional_formatting._cf_rules.values()) == 4

    # The live-book renderer reads the same sheet through the same layout (xlwings remote engine).
    from collab_xl.excel import book_in
    from collab_xl.excel.payload import open_book, payload_from_file
    book = open_book(payload_from_file(out3))
    assert MarkSheet.read(book_in._values_from_a1(book_in.mark_sheet(book))) == state3

    # clear goes through the one writer: no mark sheet, no rules, the user's note back.
    session = XlsxSession(out3)
    assert session.mark_count() == state3.count()
    session.write(Result(doc={}, clears=True))
    out4 = session.save(out=tmp_path / "out4.xlsx")
    wb = openpyxl.load_workbook(out4)
    assert MARK_SHEET not in wb.sheetnames and not wb["表1"].conditional_formatting._cf_rules
    assert wb["表1"]["B5"].comment.text == "用户的批注" and wb["表1"]["C7"].comment is None


def test_excel_validate_all_after_the_command_line_adds_no_second_set_of_rules(tmp_path):
    from collab_xl.app import validate
    from collab_xl.excel import scripts
    from collab_xl.excel.apply import apply_actions
    from collab_xl.excel.payload import open_book, payload_from_file

    src = tmp_path / "sample.xlsx"
    build_sample(SAMPLE_TODAY).save(src)
    out = tmp_path / "cli.xlsx"
    validate.run(src, Options(today=TODAY, out=out))
    book = open_book(payload_from_file(out, name="协作台账.xlsx"))
    scripts.validate_all(book)
    actions = book.json()["actions"]
    assert not any(a["func"] == "addConditionalFormat" for a in actions)
    applied = apply_actions(out, actions, tmp_path / "excel.xlsx")

    def rules(path):
        wb = openpyxl.load_workbook(path)
        return sorted((ws.title, str(rng.sqref), r.formula[0]) for ws in wb.worksheets
                      for rng, rs in ws.conditional_formatting._cf_rules.items() for r in rs)

    assert rules(applied.path) == rules(out) and rules(out)
    a, b = MarkSheet.read(_sheet_values(out)), MarkSheet.read(_sheet_values(applied.path))
    assert a.keys == b.keys and a.registry == b.registry
    assert FINDINGS_SHEET[0] in openpyxl.load_workbook(applied.path).sheetnames


def test_unique_sheet_name():
    taken = {"整改通知书-甲", "Sheet"}
    assert unique_sheet_name("整改通知书-甲", taken) == "整改通知书-甲(2)"
    assert unique_sheet_name("sheet", taken, sep=" ") == "sheet (2)"
    assert unique_sheet_name("a/b:c*d?[e]\\f", set()) == "a_b_c_d__e__f"
    assert unique_sheet_name("'x'", set()) == "x"
    long = "长" * 40
    assert unique_sheet_name(long, set()) == "长" * 31
    assert unique_sheet_name(long, {"长" * 31}) == "长" * 28 + "(2)"
    assert taken == {"整改通知书-甲", "Sheet"}


def test_place_sheets_renames_around_the_users_sheets_and_links_follow():
    ranking = SheetOut(name="供应商排名 2024Q2", title="t", header=["供应商"], rows=[["甲"]],
                       links=[("整改通知书-甲", "A1")])
    notice = SheetOut(name="整改通知书-甲", title="t", header=["x"], rows=[])
    placed = place_sheets([ranking, notice], taken=["表1", "整改通知书-甲"])
    assert [s.name for s in placed] == ["供应商排名 2024Q2", "整改通知书-甲 (2)"]
    assert placed[0].links == [("整改通知书-甲 (2)", "A1")]
    assert place_sheets([ranking], taken=["表1"])[0] is ranking
