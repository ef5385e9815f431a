"""`collab-xl validate A.xlsx B.xlsx …` and `late A.xlsx B.xlsx …`: several files read together.

A rule reading another table (CX251: an order's supplier in the 供应商名录; CX243: every directory
supplier evaluated each quarter) finds that table in another file of the command, and its finding
lands on the same cell as when both tables share one workbook. Everything else stays per file."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest

from collab_xl.catalog import TABLES
from collab_xl.core.output import FINDINGS_SHEET, LATE_SHEET

from helpers import table_rows, write_book
from late_workbooks import write as write_late

TODAY = "2024-06-05"
ORDER = dict(TABLES["purchase_orders"].clean)
UNKNOWN = {**ORDER, "订单号": "PO-2024-009", "供应商名称": "福州不存在贸易有限公司"}
DIRECTORY = dict(TABLES["supplier_directory"].clean)
NOT_EVALUATED = {**DIRECTORY, "供应商名称": "福州榕达物流有限公司", "统一社会信用代码": "", "纳入日期": "2024-01-02"}
EVALUATION = dict(TABLES["supplier_evaluation"].clean)


@pytest.fixture(autouse=True)
def isolated(no_user_config, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")


def sheets(**tables) -> list:
    """(sheet name, rows) of catalog tables, each under its template sheet name."""
    return [(TABLES[k].sheet[0], table_rows(k, rows)) for k, rows in tables.items()]


def orders_book(path: Path) -> Path:
    return write_book(path, sheets(purchase_orders=[ORDER, UNKNOWN]))


def directory_book(path: Path) -> Path:
    return write_book(path, sheets(supplier_directory=[DIRECTORY, NOT_EVALUATED]))


def run_json(cli, *args):
    r = cli(*args, "--today", TODAY, "--format", "json")
    return r.exit_code, (json.loads(r.stdout) if r.stdout else None), r.stderr


def without_file(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "file"} for r in records]


def of_file(doc: dict, name: str, key: str = "findings") -> list[dict]:
    return without_file([r for r in doc[key] if r["file"] == name])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- cross-table rules across files -------------------------------------------------------------

def test_order_supplier_checked_against_the_directory_of_another_file(tmp_path, cli):
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    together = write_book(tmp_path / "合并.xlsx", sheets(purchase_orders=[ORDER, UNKNOWN],
                                                       supplier_directory=[DIRECTORY, NOT_EVALUATED]))
    code, doc, err = run_json(cli, "validate", orders, directory)
    _, one, _ = run_json(cli, "validate", together)
    assert code == 1 and err == ""
    cx251 = [f for f in doc["findings"] if f["code"] == "CX251"]
    assert [(f["file"], f["sheet"], f["cell"], f["value"]) for f in cx251] == \
        [("订单.xlsx", "采购订单", "B4", "福州不存在贸易有限公司")]
    # the orders file's findings are exactly those of the orders sheet when both share a workbook
    assert of_file(doc, "订单.xlsx") == [f for f in one["findings"] if f["sheet"] == "采购订单"]
    assert of_file(doc, "名录.xlsx") == [f for f in one["findings"] if f["sheet"] == "供应商名录"]


def test_without_the_directory_file_the_supplier_rule_is_skipped(tmp_path, cli):
    orders = orders_book(tmp_path / "订单.xlsx")
    other = write_late(tmp_path / "进度.xlsx", {"partner_progress": [dict(TABLES["partner_progress"].clean)]})
    for args in ((orders,), (orders, other)):
        code, doc, _ = run_json(cli, "validate", *args)
        assert "CX251" not in {f["code"] for f in doc["findings"]}, args


def test_directory_checked_against_the_evaluations_of_another_file(tmp_path, cli):
    directory = directory_book(tmp_path / "名录.xlsx")
    evaluations = write_book(tmp_path / "评估.xlsx", sheets(supplier_evaluation=[EVALUATION]))
    together = write_book(tmp_path / "合并.xlsx", sheets(supplier_directory=[DIRECTORY, NOT_EVALUATED],
                                                       supplier_evaluation=[EVALUATION]))
    code, doc, _ = run_json(cli, "validate", directory, evaluations)
    _, one, _ = run_json(cli, "validate", together)
    cx243 = [(f["file"], f["cell"], f["value"]) for f in doc["findings"] if f["code"] == "CX243"]
    assert cx243 == [("名录.xlsx", "A4", "福州榕达物流有限公司")]
    assert of_file(doc, "名录.xlsx") == [f for f in one["findings"] if f["sheet"] == "供应商名录"]
    # and the evaluated supplier is found in the other file's directory (no CX261)
    assert of_file(doc, "评估.xlsx") == [f for f in one["findings"] if f["sheet"] == "供应商评估表"]
    _, alone, _ = run_json(cli, "validate", directory)
    assert "CX243" not in {f["code"] for f in alone["findings"]}


def test_files_without_a_cross_table_link_are_reported_as_each_alone(tmp_path, cli):
    a = write_late(tmp_path / "a.xlsx", {"partner_progress": [
        dict(TABLES["partner_progress"].clean), {**TABLES["partner_progress"].clean, "计划完成时间": "下周"}]})
    b = orders_book(tmp_path / "b.xlsx")
    code, doc, _ = run_json(cli, "validate", a, b)
    for path in (a, b):
        c, single, _ = run_json(cli, "validate", path)
        assert of_file(doc, path.name) == single["findings"]
        assert of_file(doc, path.name, "tables") == single["tables"]
    assert doc["summary"]["errors"] == sum(d["errors"] for d in doc["summary"]["by_file"]) > 0
    assert code == 1


# -- the document and the screen ------------------------------------------------------------------

def test_document_of_several_files_keeps_the_one_file_keys(tmp_path, cli):
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    _, doc, _ = run_json(cli, "validate", orders, directory)
    assert doc["files"] == ["订单.xlsx", "名录.xlsx"]
    assert doc["file"] == "订单.xlsx, 名录.xlsx"
    assert {"tables", "findings", "summary"} <= set(doc)
    assert [(t["file"], t["table"], t["rows"]) for t in doc["tables"]] == \
        [("订单.xlsx", "purchase_orders", 2), ("名录.xlsx", "supplier_directory", 2)]
    s = doc["summary"]
    assert (s["errors"], s["warnings"]) == (sum(f["severity"] == "error" for f in doc["findings"]),
                                            sum(f["severity"] == "warning" for f in doc["findings"]))
    # one file: the document of interfaces.md, without the several-file keys
    _, one, _ = run_json(cli, "validate", orders)
    assert set(one) == {"file", "tables", "findings", "summary"} and one["file"] == "订单.xlsx"
    assert all("file" not in f for f in one["findings"])


def test_screen_names_the_file_of_each_finding(tmp_path, cli):
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    r = cli("validate", orders, directory, "--today", TODAY)
    assert r.exit_code == 1
    head_orders, head_dir = r.stdout.index("订单.xlsx:"), r.stdout.index("名录.xlsx:")
    at = r.stdout.index("CX251")
    assert head_orders < at < head_dir          # the finding is listed under its own file
    assert "合计 2 个文件" in r.stdout
    r = cli("validate", orders, directory, "--today", TODAY, "--lang", "en")
    assert "2 files in all" in r.stdout and "订单.xlsx:" in r.stdout


def test_a_folder_is_searched_and_our_marked_copies_are_left_out(tmp_path, cli):
    folder = tmp_path / "data"
    orders_book(folder / "订单.xlsx")
    directory_book(folder / "sub" / "名录.xlsx")
    out = tmp_path / "data" / "checked"
    code, doc, err = run_json(cli, "validate", folder, "--out", out)
    assert code == 1 and sorted(doc["files"]) == ["名录.xlsx", "订单.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == ["名录.xlsx", "订单.xlsx"]
    code, again, err = run_json(cli, "validate", folder)
    assert sorted(again["files"]) == ["名录.xlsx", "订单.xlsx"]       # the copies under checked/ are not data
    assert len(again["skipped"]) == 2 and err.count("标记副本") == 2
    assert again["findings"] == doc["findings"]


# -- files without tables, unreadable files -------------------------------------------------------

def test_a_file_without_tables_among_several_is_one_notice(tmp_path, cli):
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    empty = write_book(tmp_path / "空白.xlsx", {"Sheet1": [["会议记录随手记"], ["今天开会"]]})
    code, doc, err = run_json(cli, "validate", orders, empty, directory)
    assert code == 1
    assert doc["files"] == ["订单.xlsx", "名录.xlsx"]
    assert [s["file"] for s in doc["skipped"]] == ["空白.xlsx"]
    lines = err.splitlines()
    assert len(lines) == 1 and "空白.xlsx" in lines[0]
    assert "CX251" in {f["code"] for f in doc["findings"]}


def test_no_table_in_any_file_exits_2_with_one_line(tmp_path, cli):
    a = write_book(tmp_path / "a.xlsx", {"Sheet1": [["随手记"]]})
    b = write_book(tmp_path / "b.xlsx", {"Sheet1": [["备忘"]]})
    for command in ("validate", "late"):
        r = cli(command, a, b, "--today", TODAY)
        assert r.exit_code == 2 and r.stdout == ""
        assert len(r.stderr.splitlines()) == 1 and "a.xlsx" in r.stderr and "b.xlsx" in r.stderr


def test_an_unreadable_file_stops_the_command_before_anything_is_written(tmp_path, cli):
    orders = orders_book(tmp_path / "订单.xlsx")
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    before = digest(orders)
    r = cli("validate", orders, broken, "--in-place", "--today", TODAY)
    assert r.exit_code == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1
    assert digest(orders) == before and not (tmp_path / "订单.bak.xlsx").exists()


# -- writing --------------------------------------------------------------------------------------

def findings_sheet_cells(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)[FINDINGS_SHEET[0]]
    return [str(row[5]) for row in ws.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)]


def test_in_place_writes_each_file_with_its_backup(tmp_path, cli):
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    originals = {p: p.read_bytes() for p in (orders, directory)}
    code, doc, err = run_json(cli, "validate", orders, directory, "--in-place")
    assert code == 1
    assert doc["written"] == [str(orders), str(directory)]
    for p, data in originals.items():
        assert p.with_name(p.stem + ".bak.xlsx").read_bytes() == data
    assert findings_sheet_cells(orders) == [f["cell"] for f in doc["findings"] if f["file"] == "订单.xlsx"]
    assert findings_sheet_cells(directory) == [f["cell"] for f in doc["findings"] if f["file"] == "名录.xlsx"]
    # the orders file's mark sheet notes the supplier cell it marked
    wb = openpyxl.load_workbook(orders)
    assert wb["采购订单"]["B4"].comment is not None and "CX251" in wb["采购订单"]["B4"].comment.text


def test_out_folder_receives_each_marked_copy_and_leaves_inputs(tmp_path, cli):
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    before = {p: digest(p) for p in (orders, directory)}
    out = tmp_path / "结果"
    code, doc, err = run_json(cli, "validate", orders, directory, "--out", out)
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["名录.xlsx", "订单.xlsx"]
    assert {p: digest(p) for p in before} == before
    assert findings_sheet_cells(out / "订单.xlsx") == [f["cell"] for f in doc["findings"] if f["file"] == "订单.xlsx"]
    assert not (tmp_path / "订单.bak.xlsx").exists()


@pytest.mark.parametrize("bad_out", ["结果.xlsx", "same-folder"])
def test_out_refused_in_one_line(tmp_path, cli, bad_out):
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    out = tmp_path / bad_out if bad_out != "same-folder" else tmp_path   # copies would replace the inputs
    r = cli("validate", orders, directory, "--out", out, "--today", TODAY)
    assert r.exit_code == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1
    assert not (tmp_path / "结果.xlsx").exists()


def test_out_refused_when_two_files_share_a_name(tmp_path, cli):
    a = orders_book(tmp_path / "a" / "订单.xlsx")
    b = orders_book(tmp_path / "b" / "订单.xlsx")
    r = cli("validate", a, b, "--out", tmp_path / "out", "--today", TODAY)
    assert r.exit_code == 2 and "订单.xlsx" in r.stderr and not (tmp_path / "out").exists()
    code, doc, _ = run_json(cli, "validate", a, b)       # without --out: told apart by their paths
    assert doc["files"] == [str(a), str(b)]


# -- late ----------------------------------------------------------------------------------------

def late_order(no, due, done=""):
    return {**ORDER, "订单号": no, "要求交付日期": due, "实际交付日期": done, "验收结果": "", "入库单签署日期": "",
            "付款日期": "", "到货确认日期": "", "预计到货日期": ""}


def late_step(stage, due, done=""):
    return {**TABLES["partner_progress"].clean, "项目阶段": stage, "计划完成时间": due, "实际完成时间": done}


def test_late_across_files(tmp_path, cli):
    progress = write_late(tmp_path / "进度.xlsx", {"partner_progress": [
        late_step("设计", "2024-05-10", "2024-05-13"), late_step("印刷", "2024-05-20")]})
    orders = write_book(tmp_path / "订单.xlsx", sheets(purchase_orders=[late_order("PO-1", "2024-05-20", "2024-05-27")]))
    directory = directory_book(tmp_path / "名录.xlsx")
    code, doc, err = run_json(cli, "late", progress, orders, directory)
    assert code == 1
    assert doc["files"] == ["进度.xlsx", "订单.xlsx"] and doc["today"] == TODAY
    assert [s["file"] for s in doc["skipped"]] == ["名录.xlsx"] and len(err.splitlines()) == 1
    for path in (progress, orders):
        c, single, _ = run_json(cli, "late", path)
        assert c == 1
        assert of_file(doc, path.name, "items") == single["items"]
    assert {(i["file"], i["status"]) for i in doc["items"]} == \
        {("进度.xlsx", "late"), ("进度.xlsx", "overdue"), ("订单.xlsx", "late")}
    r = cli("late", progress, orders, directory, "--today", TODAY)
    assert "进度.xlsx:" in r.stdout and "订单.xlsx:" in r.stdout and "合计 2 个文件" in r.stdout


def test_late_in_place_on_two_files(tmp_path, cli):
    progress = write_late(tmp_path / "进度.xlsx", {"partner_progress": [late_step("印刷", "2024-05-20")]})
    orders = write_book(tmp_path / "订单.xlsx", sheets(purchase_orders=[late_order("PO-1", "2024-05-20", "2024-05-27")]))
    code, doc, _ = run_json(cli, "late", progress, orders, "--in-place")
    assert code == 1
    for path in (progress, orders):
        wb = openpyxl.load_workbook(path)
        assert LATE_SHEET[0] in wb.sheetnames
        assert path.with_name(path.stem + ".bak.xlsx").exists()
        rows = [r for r in wb[LATE_SHEET[0]].iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
        assert [(r[2], r[3]) for r in rows] == [(i["sheet"], i["row"]) for i in doc["items"] if i["file"] == path.name]


def test_late_without_any_deadline_in_the_others_is_exit_0(tmp_path, cli):
    progress = write_late(tmp_path / "进度.xlsx", {"partner_progress": [late_step("复盘", "2024-12-20")]})
    directory = directory_book(tmp_path / "名录.xlsx")
    code, doc, err = run_json(cli, "late", progress, directory)
    assert code == 0 and doc["items"] == [] and "名录.xlsx" in err


# -- the command line: the fast path and the parser agree ------------------------------------------

def test_fast_path_and_parser_give_the_same_run(tmp_path, cli):
    from collab_xl.cli import _plain_args
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    assert _plain_args(["validate", str(orders), str(directory), "--format", "json"]) is not None
    fast = cli("validate", orders, directory, "--today", TODAY, "--format", "json")
    parsed = cli("validate", "--today", TODAY, "--format", "json", "--", orders, directory)   # `--`: the parser
    assert _plain_args(["validate", "--", str(orders)]) is None
    assert (fast.exit_code, fast.stdout, fast.stderr) == (parsed.exit_code, parsed.stdout, parsed.stderr)


def test_a_directory_alone_is_read_as_several_files(tmp_path, cli):
    folder = tmp_path / "一个文件"
    orders_book(folder / "订单.xlsx")
    code, doc, _ = run_json(cli, "validate", folder)
    assert doc["files"] == ["订单.xlsx"] and all(f["file"] == "订单.xlsx" for f in doc["findings"])



def test_every_file_is_read_and_every_table_prepared_once(tmp_path, cli, monkeypatch):
    import collab_xl.core.validate as core
    import collab_xl.io.read as read
    orders = orders_book(tmp_path / "订单.xlsx")
    directory = directory_book(tmp_path / "名录.xlsx")
    evaluations = write_book(tmp_path / "评估.xlsx", sheets(supplier_evaluation=[EVALUATION]))
    reads, prepared = [], []
    real_read, real_prepare = read.read_workbook, core.prepare_hit
    monkeypatch.setattr(read, "read_workbook", lambda p: reads.append(Path(p).name) or real_read(p))
    monkeypatch.setattr(core, "prepare_hit", lambda h, ctx: prepared.append(h.table.key) or real_prepare(h, ctx))
    for command in ("validate", "late"):
        reads.clear(), prepared.clear()
        cli(command, orders, directory, evaluations, "--today", TODAY)
        assert sorted(reads) == sorted(["订单.xlsx", "名录.xlsx", "评估.xlsx"])
        assert sorted(prepared) == ["purchase_orders", "supplier_directory", "supplier_evaluation"]


# -- the whole sample, one table per file ---------------------------------------------------------

def _split_sample(tmp_path: Path) -> tuple[Path, list[Path]]:
    """The bundled sample as one workbook, and the same sample as one workbook per sheet."""
    from collab_xl.sample import build_sample
    whole = tmp_path / "示例.xlsx"
    build_sample().save(whole)
    names = openpyxl.load_workbook(whole).sheetnames
    parts = []
    for k, name in enumerate(names):
        wb = openpyxl.load_workbook(whole)
        for other in [n for n in names if n != name]:
            wb.remove(wb[other])
        parts.append(tmp_path / f"{k:02d}.xlsx")
        wb.save(parts[-1])
    return whole, parts


def _key(r: dict) -> str:
    return json.dumps(r, ensure_ascii=False, sort_keys=True)


def test_the_sample_split_into_one_file_per_sheet_gives_the_same_findings_and_late_items(tmp_path, cli):
    """Every rule reading another table (meetings and documents against 表1's projects, people and
    departments, CX203/CX235 against the meetings, orders against contracts and enquiries, payments
    against their agreements, quotations and contracts against the directory …) finds it in another
    file of the command exactly as in one workbook: the same findings on the same sheets and cells,
    and the same late items (an order's contract sets its payment due and penalty across files)."""
    whole, parts = _split_sample(tmp_path)
    _, one, _ = run_json(cli, "validate", whole)
    code, several, err = run_json(cli, "validate", *parts)
    assert err == "" and code == 1
    assert len(several["files"]) == len(parts)
    cross = {"CX203", "CX235", "CX243", "CX251", "CX253", "CX254", "CX291", "CX301", "CX302", "CX306",
             "CX333", "CX342", "CX351", "CX374"}
    assert cross & {f["code"] for f in one["findings"]} >= {"CX203", "CX235", "CX253", "CX254", "CX291", "CX374"}
    assert sorted(map(_key, without_file(several["findings"]))) == sorted(map(_key, one["findings"]))
    _, late_one, _ = run_json(cli, "late", whole)
    _, late_several, err = run_json(cli, "late", *parts)
    # files holding no table with deadlines (the directory, the contracts …) are named, one line each
    assert err and all("无法检查逾期" in line for line in err.splitlines())
    assert sorted(map(_key, without_file(late_several["items"]))) == sorted(map(_key, late_one["items"]))
    # the contract's terms travelled: with the contracts file, an order's penalty is its contract's
    # daily rate; the orders file alone uses the default 0.5% a day, which is more
    orders = [p for p in parts if "采购订单" in openpyxl.load_workbook(p).sheetnames][0]
    _, alone, _ = run_json(cli, "late", orders)
    penalty = {i["item"]: i["penalty"] for i in late_several["items"] if i.get("penalty")}
    default = {i["item"]: i["penalty"] for i in alone["items"] if i.get("penalty")}
    lower = [k for k in penalty if k in default and penalty[k] < default[k]]
    assert lower, (penalty, default)


def test_without_the_other_files_the_cross_table_rules_are_skipped(tmp_path, cli):
    """Given alone, the meetings file cannot be checked against 表1: its CX291 goes, nothing else is invented."""
    whole, parts = _split_sample(tmp_path)
    _, one, _ = run_json(cli, "validate", whole)
    meetings = [p for p in parts if "会议登记" in openpyxl.load_workbook(p).sheetnames][0]
    _, alone, _ = run_json(cli, "validate", meetings)
    codes_alone = {f["code"] for f in alone["findings"]}
    codes_together = {f["code"] for f in one["findings"] if f["sheet"] == "会议登记"}
    assert "CX291" in codes_together and "CX291" not in codes_alone
    assert codes_alone <= codes_together
