"""``collab-xl rank`` end to end: files, folders, quarters, exit codes, written workbooks."""
from __future__ import annotations

import json
import re
import shutil
import zipfile

import openpyxl
import pytest

import rank_workbooks as W

TODAY = ["--today", W.TODAY.isoformat()]


def rank_json(cli, *args):
    code, out, err = cli("rank", *args, *TODAY, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def summary(doc):
    return [(s["rank"], s["supplier"], s["score"], s["change"], s["rectification"], s["consecutive_below"])
            for s in doc["suppliers"]]


EXPECTED = [(rank, name, score, change, below, run) for rank, name, _, _, score, change, below, run, _ in W.EXPECTED_Q2]


@pytest.fixture
def book(tmp_path):
    return W.realistic_book(tmp_path / "供应商评估.xlsx")


def sheet_values(path, name):
    ws = openpyxl.load_workbook(path)[name]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_rank_one_workbook_json(cli, book):
    doc = rank_json(cli, book)
    assert doc["file"] == "供应商评估.xlsx" and doc["quarter"] == "2024Q2"
    assert summary(doc) == EXPECTED
    assert doc["excluded_rows"] == W.EXCLUDED_ROWS


def test_rank_text_output(cli, book):
    code, out, err = cli("rank", book, *TODAY)
    assert code == 0 and err == ""
    assert "2024Q2" in out and "需整改" in out and "整改通知书 2 份" in out
    assert "3 行评估" in out                              # the excluded rows are told


@pytest.mark.parametrize("form", ["2024Q1", "2024-Q1", "2024年第1季度", "2024年Q1"])
def test_quarter_option_forms(cli, book, form):
    doc = rank_json(cli, book, "--quarter", form)
    assert doc["quarter"] == "2024Q1"
    assert [(s["rank"], s["supplier"], s["score"]) for s in doc["suppliers"]] == \
        [(rank, name, score) for rank, name, score, _, _ in W.EXPECTED_Q1]


def test_bad_quarter_and_quarter_without_data_exit_2(cli, book):
    code, out, err = cli("rank", book, *TODAY, "--quarter", "第五季度", "--format", "json")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "--quarter" in err
    code, out, err = cli("rank", book, *TODAY, "--quarter", "2024Q3", "--lang", "en")
    assert code == 2 and "2024Q3" in err and "2024Q1" in err and "2024Q2" in err
    assert not re.search(r"[\u4e00-\u9fff]", err)


def test_no_evaluation_table_exit_2(cli, tmp_path, write_book):
    only_directory = write_book(tmp_path / "名录.xlsx", {"供应商名录": W.directory_sheet()})
    code, out, err = cli("rank", only_directory, *TODAY)
    assert code == 2 and "供应商评估表" in err and len(err.strip().splitlines()) == 1


def test_no_catalog_table_and_missing_file_exit_2(cli, tmp_path, write_book):
    other = write_book(tmp_path / "其他.xlsx", {"Sheet1": [["a", "b"], [1, 2]]})
    code, _, err = cli("rank", other, *TODAY)
    assert code == 2 and "其他.xlsx" in err
    code, _, err = cli("rank", tmp_path / "没有.xlsx", *TODAY)
    assert code == 2 and "没有.xlsx" in err


def test_two_files_pool_their_rows(cli, tmp_path):
    a, b = W.split_books(tmp_path / "data")
    doc = rank_json(cli, a, b)
    assert summary(doc) == EXPECTED
    assert doc["files"] == [a.name, b.name]
    assert doc["excluded_rows"] == W.EXCLUDED_ROWS


def test_folder_skips_lock_files_backups_our_outputs_and_other_workbooks(cli, tmp_path, write_book):
    folder = tmp_path / "data"
    a, b = W.split_books(folder)
    # a previous --out result beside the data: a copy of b's evaluations
    code, _, err = cli("rank", b, *TODAY, "--out", folder / "排名结果.xlsx")
    assert code == 0, err
    shutil.copy(a, folder / "2024Q1-采购部.bak.xlsx")               # an --in-place backup
    (folder / "~$2024Q1-采购部.xlsx").write_bytes(b"lock")           # Excel's lock file
    write_book(folder / "sub" / "会议纪要.xlsx", {"纪要": [["会议"], ["内容"]]})  # no table of the guide
    (folder / "说明.txt").write_text("不是工作簿", encoding="utf-8")
    doc = rank_json(cli, folder)
    assert summary(doc) == EXPECTED                                  # nothing counted twice
    assert doc["files"] == [a.name, b.name]
    skipped = " ".join(s["file"] for s in doc["skipped"])
    assert "排名结果.xlsx" in skipped and ".bak.xlsx" in skipped and "会议纪要.xlsx" in skipped
    assert "~$" not in skipped and "说明.txt" not in skipped


def test_folder_of_many_files_keeps_json_clean(cli, tmp_path, write_book):
    folder = tmp_path / "data"
    W.split_books(folder)
    for i in range(3):
        write_book(folder / f"名录{i}.xlsx", {"供应商名录": W.directory_sheet()})
    doc = rank_json(cli, folder)              # a progress bar may go to stderr, never stdout
    assert len(doc["files"]) == 5 and summary(doc) == EXPECTED


def visible_sheets(path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [n for n in wb.sheetnames if wb[n].sheet_state == "visible"]


def test_out_twice_gives_one_ranking_and_one_notice_per_supplier_below(cli, tmp_path, book):
    before = sheet_values(book, "供应商评估表")
    out1, out2 = tmp_path / "out1.xlsx", tmp_path / "out2.xlsx"
    assert cli("rank", book, *TODAY, "--out", out1)[0] == 0
    assert cli("rank", out1, *TODAY, "--out", out2)[0] == 0
    names = visible_sheets(out2)                    # and the hidden mark sheet that records them as ours
    assert names == ["供应商名录", "供应商评估表", "供应商排名 2024Q2",
                     f"整改通知书-{W.XINYUAN}", f"整改通知书-{W.HENGDA}"]
    assert sheet_values(out2, "供应商评估表") == before               # the user's data untouched
    ranking = sheet_values(out2, "供应商排名 2024Q2")
    assert [r[1] for r in ranking[3:9]] == [name for _, name, *_ in EXPECTED]
    assert [r[9] for r in ranking[3:9]] == [score for _, _, score, *_ in EXPECTED]
    assert [r[11] for r in ranking[3:9]] == ["合格"] * 4 + ["需整改"] * 2
    # another quarter replaces the ranking and the notices instead of adding to them
    assert cli("rank", out2, *TODAY, "--quarter", "2024Q1", "--out", tmp_path / "out3.xlsx")[0] == 0
    assert visible_sheets(tmp_path / "out3.xlsx") == [
        "供应商名录", "供应商评估表", "供应商排名 2024Q1", f"整改通知书-{W.HONGYUAN}", f"整改通知书-{W.HENGDA}"]
    assert not (tmp_path / "out1.bak.xlsx").exists()


def test_written_workbook_has_real_charts_on_the_ranking_ranges(cli, tmp_path, book):
    out = tmp_path / "out.xlsx"
    assert cli("rank", book, *TODAY, "--out", out)[0] == 0
    with zipfile.ZipFile(out) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = [z.read(n).decode("utf-8") for n in charts]
    assert len(charts) == 2
    bar = next(x for x in xml if "<barChart>" in x or "barChart" in x.split("lineChart")[0])
    line = next(x for x in xml if x is not bar)
    sheet = "'供应商排名 2024Q2'"
    assert f"{sheet}!$B$4:$B$9" in bar and f"{sheet}!$J$4:$J$9" in bar      # suppliers, scores
    assert "lineChart" in bar                                               # the 80-point line
    # the trend: one line per supplier (rows 4–9) across the quarter columns, quarters on the x axis
    assert all(f"{sheet}!$O${r}:$P${r}" in line for r in range(4, 10))
    assert f"{sheet}!$O$3:$P$3" in line
    ws = openpyxl.load_workbook(out)["供应商排名 2024Q2"]
    helper = [c for c in ws[4] if c.value == 80 and c.column > 16]
    assert helper and ws.column_dimensions[helper[0].column_letter].hidden


def test_in_place_rewrites_with_backup_and_refuses_several_files(cli, tmp_path):
    a, b = W.split_books(tmp_path / "data")
    code, _, err = cli("rank", a, b, *TODAY, "--in-place")
    assert code == 2 and "--in-place" in err
    code, _, err = cli("rank", b, *TODAY, "--in-place")
    assert code == 0, err
    assert (tmp_path / "data" / "2024Q2-采购部.bak.xlsx").exists()
    assert "供应商排名 2024Q2" in openpyxl.load_workbook(b).sheetnames
    # the rewritten file still counts once, its backup not at all
    assert summary(rank_json(cli, tmp_path / "data")) == EXPECTED


def test_several_files_out_writes_a_copy_of_the_first(cli, tmp_path):
    a, b = W.split_books(tmp_path / "data")
    out = tmp_path / "结果.xlsx"
    code, _, err = cli("rank", a, b, *TODAY, "--out", out)
    assert code == 0, err
    names = openpyxl.load_workbook(out).sheetnames
    assert names[:2] == ["供应商名录", "评估"] and "供应商排名 2024Q2" in names
    assert sheet_values(out, "评估") == sheet_values(a, "评估")
    code, _, err = cli("rank", a, b, *TODAY, "--out", b)
    assert code == 2 and b.name in err


def test_user_text_is_written_as_text_never_a_formula(cli, tmp_path, write_book):
    rows = [W.ev("2024Q2", "=1+2", 20, 20, 15, 10, 5, "@林工"), W.ev("2024Q2", "正常公司", 28, 23, 18, 13, 9, "王")]
    path = write_book(tmp_path / "公式.xlsx", {"评估": W.evaluation_sheet(rows)})
    out = tmp_path / "out.xlsx"
    assert cli("rank", path, *TODAY, "--out", out)[0] == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["供应商排名 2024Q2"]
    cell = ws["B5"]
    assert cell.value == "=1+2" and cell.data_type == "s"
    notice = wb["整改通知书-=1+2"]
    assert notice["B4"].value == "=1+2" and notice["B4"].data_type == "s"


def test_english_json_and_sheets(cli, tmp_path, book):
    out = tmp_path / "out.xlsx"
    code, stdout, err = cli("rank", book, *TODAY, "--lang", "en", "--format", "json", "--out", out)
    assert code == 0, err
    doc = json.loads(stdout)
    assert {s["supplier"]: s["recommendation"] for s in doc["suppliers"]}[W.HENGDA].startswith("2 quarters in a row")
    names = visible_sheets(out)
    assert names[2:] == ["Supplier ranking 2024Q2", f"Rectification-{W.XINYUAN}", f"Rectification-{W.HENGDA}"]


def test_threshold_before_rounding_through_the_cli(cli, tmp_path, write_book):
    # 新源: 79.99 and 80.00 average 79.995 → 需整改; 海通 at 80.00 passes and ranks first
    rows = [W.ev("2024Q2", W.XINYUAN, 24, 19.99, 16, 12, 8, "采购部-林工"),
            W.ev("2024Q2", W.XINYUAN, 24, 20, 16, 12, 8, "行政部-王工"),
            W.ev("2024Q2", W.HAITONG, 24, 20, 16, 12, 8, "采购部-林工")]
    book = write_book(tmp_path / "评估.xlsx", {"供应商名录": W.directory_sheet(), "评估": W.evaluation_sheet(rows)})
    doc = rank_json(cli, book)
    got = {s["supplier"]: (s["rank"], s["score"], s["score_unrounded"], s["rectification"]) for s in doc["suppliers"]}
    assert got == {W.HAITONG: (1, 80.0, 80.0, False), W.XINYUAN: (2, 79.995, 79.995, True)}
    assert any("79.995" in n and "80.00" in n for n in doc["notes"])       # why 需整改 at "80.00"
    assert [n["supplier"] for n in doc["notices"]] == [W.XINYUAN]
    code, out, _ = cli("rank", book, *TODAY)
    assert code == 0 and "79.995" in out and "80.00" in out
    out_book = tmp_path / "out.xlsx"
    assert cli("rank", book, *TODAY, "--out", out_book)[0] == 0
    ws = openpyxl.load_workbook(out_book)["供应商排名 2024Q2"]
    score = {ws.cell(r, 2).value: ws.cell(r, 10) for r in range(4, 6)}
    assert score[W.XINYUAN].value == 79.995 and score[W.HAITONG].value == 80
    # the format shows 79.995 as it is (not "80.00") and 80 as "80.00"
    assert score[W.XINYUAN].number_format.startswith("0.00#")
    assert ws.cell(5, 12).value == "需整改"
    notice = sheet_values(out_book, f"整改通知书-{W.XINYUAN}")
    assert any("79.995" in str(c) for r in notice for c in r if c)


def test_a_wrong_total_alone_keeps_the_row_in_the_ranking(cli, tmp_path, write_book):
    # 宏远's only evaluation has 总分 90 where the five add up to 79 (CX262): it still counts, from
    # its five scores (79 → 需整改), and the ranking names the row. A row with a score above its
    # maximum, or without a quarter, stays out as before.
    rows = [W.ev("2024Q2", W.HONGYUAN, 24, 19, 16, 12, 8, "采购部-林工", total=90),        # row 3
            W.ev("2024Q2", W.MINXING, 28, 23, 18, 13, 9, "采购部-林工", total=91),         # row 4: right
            W.ev("2024Q2", W.MINXING, 35, 23, 18, 13, 9, "行政部-王工", total=98),         # row 5: 35 > 30
            W.ev("", W.HAITONG, 24, 20, 16, 12, 8, "采购部-林工", total=99)]               # row 6: no quarter
    book = write_book(tmp_path / "评估.xlsx", {"供应商名录": W.directory_sheet(), "评估": W.evaluation_sheet(rows)})
    code, out, _ = cli("validate", book, *TODAY, "--format", "json")
    codes = {(f["row"], f["code"]) for f in json.loads(out)["findings"]}
    assert (3, "CX262") in codes
    doc = rank_json(cli, book)
    got = {s["supplier"]: (s["evaluations"], s["score"], s["rectification"]) for s in doc["suppliers"]}
    assert got == {W.HONGYUAN: (1, 79.0, True), W.MINXING: (1, 91.0, False)}
    assert doc["wrong_total_rows"] == 1
    assert doc["wrong_total"] == [{"file": "评估.xlsx", "sheet": "评估", "row": 3, "total": "90", "score": 79.0}]
    assert [e["row"] for e in doc["excluded"]] == [5, 6]
    assert any("总分" in n and "评估!3" in n for n in doc["notes"])
    assert [n["supplier"] for n in doc["notices"]] == [W.HONGYUAN]
    code, out, _ = cli("rank", book, *TODAY, "--lang", "en")
    assert code == 0 and "wrong total" in out and "评估!3" in out
    out_book = tmp_path / "out.xlsx"
    assert cli("rank", book, *TODAY, "--out", out_book)[0] == 0
    ranking = sheet_values(out_book, "供应商排名 2024Q2")
    assert any(r[0] and "总分" in str(r[0]) and "评估!3" in str(r[0]) for r in ranking)   # the footer says so
