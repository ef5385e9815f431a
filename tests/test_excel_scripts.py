"""The ribbon scripts through xlwings' remote engine (the engine of xlwings Lite and Server).

A workbook file becomes the payload an Office.js client sends (``collab_xl.excel.payload``), the
script runs on ``xw.Book(json=...)``, and the actions it returns are applied to a copy of the file
(``collab_xl.excel.apply``); the tests then look at that copy as a user would — the result sheets,
which cells the conditional formats colour, the user's own cells — and compare with the command
line on the same file.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from openpyxl.comments import Comment

from collab_xl.catalog import TABLES
from collab_xl.core.output import MARK_SHEET, SHEETS_COL, is_mark_header, mark_formula
from collab_xl.excel import book_in, scripts
from collab_xl.excel.apply import apply_actions
from collab_xl.excel.payload import open_book, payload_from_file, payload_from_rows

from helpers import TODAY

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = "客户's \"表1\""          # a sheet name that needs escaping in formulas


pytestmark = pytest.mark.usefixtures("xlwings_env")


def run(path: Path, name: str, active: str | None = None, out: Path | None = None):
    """Run one script on the workbook file (the book keeps one name, as in Excel); returns
    (actions, Applied)."""
    book = open_book(payload_from_file(path, active=active, name="协作台账.xlsx"))
    getattr(scripts, name)(book)
    actions = book.json()["actions"]
    out = out or path.with_name(f"{path.stem}-{name}.xlsx")
    return actions, apply_actions(path, actions, out)


# -- the workbook ------------------------------------------------------------------------------------

def _put(ws, row: int, values: list, first_col: int = 1) -> None:
    for j, v in enumerate(values):
        c = ws.cell(row=row, column=first_col + j, value=v)
        if isinstance(v, str) and v.startswith("="):
            c.data_type = "s"      # text the user typed after a ', not a formula


def _table(ws, key: str, rows: list[dict], top: int = 1, left: int = 1) -> None:
    t = TABLES[key]
    _put(ws, top, [t.full_title[0]], left)
    _put(ws, top + 1, [c.header for c in t.columns], left)
    for i, r in enumerate(rows):
        _put(ws, top + 2 + i, [r.get(c.key, "") for c in t.columns], left)


def make_book(path: Path) -> Path:
    """A workbook as people keep it: 表4 with typos, a supplier directory placed at B3, evaluations,
    a 表1 on a sheet whose name needs quoting, the user's own fills and notes, a notes sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    p = TABLES["partner_progress"].clean
    ws = wb.create_sheet("表4 合作伙伴协作进度")
    _table(ws, "partner_progress", [
        p,
        dict(p, 实际完成时间="下周"),                                   # CX102
        dict(p, 交付物=""),                                              # CX101
        dict(p, 计划完成时间="05-30"),                                   # CX103 warning
        dict(p, 实际完成时间="=明天"),                                   # text that looks like a formula
        dict(p, 实际完成时间="00123"),                                   # text that looks like a number
        dict(p, 计划完成时间=dt.date(2024, 4, 30), 实际完成时间=dt.date(2024, 5, 6)),   # late
        dict(p, 计划完成时间=dt.date(2024, 5, 20), 实际完成时间=""),                   # overdue
        dict(p, 实际完成时间="@SUM(1)"),
        p,
    ])
    ws["B5"].fill = PatternFill("solid", fgColor="00B050")        # the user's own colour on a marked row
    ws["G4"].fill = PatternFill("solid", fgColor="FFFF00")        # … and on a marked cell
    ws["A3"].comment = Comment("用户自己的批注", "张三")
    d = TABLES["supplier_directory"].clean
    ws = wb.create_sheet("供应商名录")
    _table(ws, "supplier_directory", [
        d,
        dict(d, 供应商名称="厦门鹭岛印务有限公司", 统一社会信用代码="91350100M000100Y44"),   # CX114
        dict(d, 供应商名称="泉州刺桐物流有限公司", 联系方式="+86 电话"),                   # CX106
    ], top=3, left=2)
    e = TABLES["supplier_evaluation"].clean
    ws = wb.create_sheet("供应商评估表")
    _table(ws, "supplier_evaluation", [
        e,
        dict(e, 供应商名称="厦门鹭岛印务有限公司", 产品质量="20", 交付及时性="18", 服务态度="15", 价格合理性="12",
             问题解决能力="7", 总分=""),
        dict(e, 供应商名称="未登记的公司"),                                                 # CX261
    ])
    c = TABLES["cross_dept"].clean
    ws = wb.create_sheet(QUOTED)
    _table(ws, "cross_dept", [c, dict(c, 对接人="张三/技术部"), dict(c, 时间节点="2024-13-45")])
    ws = wb.create_sheet("说明")
    ws["A1"] = "本工作簿按指南填写。"
    ws["A1"].fill = PatternFill("solid", fgColor="DDEBF7")
    wb.active = 0
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def book_path(tmp_path_factory) -> Path:
    return make_book(tmp_path_factory.mktemp("book") / "协作台账.xlsx")


@pytest.fixture(scope="module")
def cli_findings(book_path, cli_json) -> dict:
    return cli_json("validate", book_path, "--today", TODAY)


# -- looking at a result file as a user would ---------------------------------------------------------

_RULE = re.compile(r"^COUNTIF\('((?:[^']|'')*)'!\$([A-D]):\$[A-D],\"((?:[^\"]|\"\")*)\"&(ADDRESS\(ROW\((\w+)\),COLUMN\(\w+\),4\)|ROW\((\w+)\))\)>0$")


def our_mark_sheet(wb):
    """Our mark sheet as a user's Excel would tell it: hidden, row 1 the mark sheet's header."""
    found = [ws for ws in wb.worksheets
             if ws.sheet_state != "visible" and is_mark_header([c.value for c in ws[1]])]
    assert len(found) <= 1
    return found[0] if found else None


def owned(wb) -> set[str]:
    """The sheets collab-xl recorded as its own, and its mark sheet."""
    ms = our_mark_sheet(wb)
    if ms is None:
        return set()
    return {ms.title} | {r[0] for r in ms.iter_rows(min_row=2, min_col=SHEETS_COL + 1, max_col=SHEETS_COL + 1,
                                                    values_only=True) if r[0]}


def mark_lists(wb) -> dict[str, set[str]]:
    ws = our_mark_sheet(wb)
    out = {"A": set(), "B": set(), "C": set(), "D": set()}
    for row in ws.iter_rows(min_row=2, max_col=4, values_only=True):
        for letter, v in zip("ABCD", row):
            if v:
                out[letter].add(v)
    return out


def coloured(wb) -> dict[str, set[tuple[str, str]]]:
    """Which cells the conditional formats colour, by mark column (A error, B warning, C overdue,
    D late): each rule evaluated the way Excel evaluates it, over the used cells of its range,
    against the sheet its formula names."""
    out = {k: set() for k in "ABCD"}
    for ws in wb.worksheets:
        for rng, rules in ws.conditional_formatting._cf_rules.items():
            for rule in rules:
                m = _RULE.match(rule.formula[0])
                assert m, rule.formula
                named, letter, prefix = m[1].replace("''", "'"), m[2], m[3].replace('""', '"')
                listed = {v for (v,) in wb[named].iter_rows(min_row=2, min_col=ord(letter) - 64,
                                                            max_col=ord(letter) - 64, values_only=True) if v}
                for cr in rng.sqref.ranges:
                    for row in range(cr.min_row, min(cr.max_row, ws.max_row) + 1):
                        for col in range(cr.min_col, cr.max_col + 1):
                            cell = ws.cell(row=row, column=col)
                            key = prefix + (cell.coordinate if m[5] else str(row))
                            if key in listed:
                                out[letter].add((ws.title, cell.coordinate))
    return out


def user_cells(wb) -> dict:
    """Everything the user owns in the workbook: values, fills, number formats, notes, visibility
    (every sheet but the ones collab-xl recorded as its own)."""
    out = {}
    ours = owned(wb)
    for ws in wb.worksheets:
        if ws.title in ours:
            continue
        out[ws.title] = ws.sheet_state
        for row in ws.iter_rows():
            for c in row:
                out[(ws.title, c.coordinate)] = (c.value, c.fill.fgColor.rgb if c.fill.fill_type else None,
                                                 c.number_format, c.comment.text if c.comment else None)
    return out


def rules(wb) -> list[tuple[str, str, str]]:
    return sorted((ws.title, str(rng.sqref), r.formula[0]) for ws in wb.worksheets
                  for rng, rs in ws.conditional_formatting._cf_rules.items() for r in rs)


def sheet_rows(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def shown(value):
    """What a cell shows: the text of a =HYPERLINK(target, text) link, else the value."""
    m = re.match(r'^=HYPERLINK\(".*",(?:"((?:[^"]|"")*)"|([\d.]+))\)$', value) if isinstance(value, str) else None
    if not m:
        return value
    return m[1].replace('""', '"') if m[1] is not None else float(m[2])


# -- 校验全部 -----------------------------------------------------------------------------------------

def test_validate_all_colours_exactly_the_cells_the_command_line_finds(book_path, cli_findings, tmp_path):
    actions, applied = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    wb = openpyxl.load_workbook(applied.path)
    findings = cli_findings["findings"]
    assert {f["severity"] for f in findings} == {"error", "warning"}
    want = {"A": {(f["sheet"], f["cell"]) for f in findings if f["severity"] == "error"},
            "B": {(f["sheet"], f["cell"]) for f in findings if f["severity"] == "warning"}}
    got = coloured(wb)
    assert got["A"] == want["A"] and got["B"] == want["B"]
    assert not got["C"] and not got["D"]
    assert wb[MARK_SHEET].sheet_state == "hidden"
    # One rule per marked sheet and kind, built by the shared mark_formula.
    for sheet, ref, formula in rules(wb):
        top_left = ref.split(":")[0]
        kind = {"A": "error", "B": "warning"}[_RULE.match(formula)[2]]
        assert formula == mark_formula(sheet, kind, top_left)
    kinds_per_sheet = {(s, _RULE.match(f)[2]) for s, _, f in rules(wb)}
    assert len(kinds_per_sheet) == len(rules(wb))
    assert len(applied.alerts) == 1 and "个错误" in applied.alerts[0]["prompt"]
    assert applied.alerts[0]["mode"] == "info"


def test_findings_sheet_lists_the_command_lines_findings_as_text_with_links(book_path, cli_findings, tmp_path):
    _, applied = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    wb = openpyxl.load_workbook(applied.path)
    ws = wb["校验结果"]
    rows = sheet_rows(ws)
    assert rows[2][:10] == ("序号", "工作表", "表格", "行", "列", "单元格", "值", "级别", "规则", "说明")
    body = rows[3:3 + len(cli_findings["findings"])]
    for i, (r, f) in enumerate(zip(body, cli_findings["findings"])):
        assert r[0] == i + 1 and r[1] == f["sheet"] and r[3] == f["row"] and r[4] == f["column"]
        assert (r[6] or "") == f["value"] and r[8] == f["code"] and r[9] == f["message"]
        sheet = f["sheet"].replace("'", "''").replace('"', '""')
        assert r[5] == f'=HYPERLINK("#\'{sheet}\'!{f["cell"]}","{f["cell"]}")'
    values = {r[6] for r in body}
    # User text that Excel would read as a formula or a number stays the text the user typed.
    assert {"=明天", "00123", "@SUM(1)", "+86 电话"} <= values
    for r in ws.iter_rows(min_row=4, max_row=3 + len(body), min_col=7, max_col=7):
        assert r[0].data_type == "s" or r[0].value is None
    assert wb.active.title == "校验结果"


def test_the_users_cells_fills_and_notes_are_untouched(book_path, tmp_path):
    before = user_cells(openpyxl.load_workbook(book_path))
    _, applied = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    after = user_cells(openpyxl.load_workbook(applied.path))
    assert after == before


def test_running_twice_equals_running_once(book_path, tmp_path):
    _, once = run(book_path, "validate_all", out=tmp_path / "once.xlsx")
    actions, twice = run(once.path, "validate_all", out=tmp_path / "twice.xlsx")
    a, b = openpyxl.load_workbook(once.path), openpyxl.load_workbook(twice.path)
    assert a.sheetnames == b.sheetnames
    assert sheet_rows(a["校验结果"]) == sheet_rows(b["校验结果"])
    assert sheet_rows(a[MARK_SHEET]) == sheet_rows(b[MARK_SHEET])
    assert rules(a) == rules(b)                                      # no stacked rules
    assert not any(x["func"] == "addConditionalFormat" for x in actions)
    assert coloured(a) == coloured(b)


def test_clear_marks_restores_the_workbook(book_path, tmp_path):
    _, marked = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    _, late = run(marked.path, "flag_late", out=tmp_path / "vl.xlsx")
    _, cleared = run(late.path, "clear_marks", out=tmp_path / "c.xlsx")
    original, wb = openpyxl.load_workbook(book_path), openpyxl.load_workbook(cleared.path)
    assert [n for n in wb.sheetnames if n != MARK_SHEET] == original.sheetnames
    assert user_cells(wb) == user_cells(original)
    assert coloured(wb) == {k: set() for k in "ABCD"}                # the rules colour nothing now
    assert wb[MARK_SHEET].sheet_state == "hidden"
    n_marks = sum(len(v) for v in mark_lists(openpyxl.load_workbook(late.path)).values())
    assert cleared.alerts[0]["prompt"].startswith(f"已清除 {n_marks} 处标记")
    # A new run colours again, with the rules already there.
    actions, again = run(cleared.path, "validate_all", out=tmp_path / "again.xlsx")
    assert not any(x["func"] == "addConditionalFormat" for x in actions)
    assert coloured(openpyxl.load_workbook(again.path))["A"] == coloured(openpyxl.load_workbook(marked.path))["A"]


def test_validate_active_sheet_keeps_the_other_sheets_marks(book_path, cli_findings, tmp_path):
    _, all_marked = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    _, applied = run(all_marked.path, "validate_active_sheet", active="供应商名录", out=tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(applied.path)
    listed = {r[1] for r in sheet_rows(wb["校验结果"])[3:] if r[0] is not None and isinstance(r[0], int)}
    assert listed == {"供应商名录"}
    assert coloured(wb) == coloured(openpyxl.load_workbook(all_marked.path))


def test_flag_late_lists_the_command_lines_late_items_and_keeps_validate_marks(book_path, tmp_path, cli_json):
    doc = cli_json("late", book_path, "--today", TODAY)
    _, marked = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    _, applied = run(marked.path, "flag_late", out=tmp_path / "l.xlsx")
    wb = openpyxl.load_workbook(applied.path)
    rows = [r for r in sheet_rows(wb["逾期事项"])[3:] if isinstance(r[0], int)]
    assert [(r[2], r[9], r[10]) for r in rows][:len(doc["items"])] == [
        (i["sheet"], i["days_late"], i["workdays_late"]) for i in doc["items"]]
    got = coloured(wb)
    want_rows = {(i["sheet"], i["row"]) for i in doc["items"]}
    assert {(s, int(re.sub(r"\D", "", c))) for s, c in got["C"] | got["D"]} == want_rows
    assert got["A"] == coloured(openpyxl.load_workbook(marked.path))["A"]


def test_supplier_ranking_writes_the_ranking_a_chart_and_notices(book_path, tmp_path, cli_json):
    pytest.importorskip("collab_xl.app.rank")
    doc = cli_json("rank", book_path, "--today", TODAY)
    actions, applied = run(book_path, "supplier_ranking", out=tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(applied.path)
    name = f"供应商排名 {doc['quarter']}"
    assert name in wb.sheetnames
    listed = [shown(r[1]) for r in sheet_rows(wb[name])[3:3 + len(doc["suppliers"])]]
    assert listed == [s["supplier"] for s in doc["suppliers"]]
    below = [s for s in doc["suppliers"] if s["rectification"]]
    assert below, "the workbook has a supplier below the threshold"
    assert sum(1 for n in wb.sheetnames if n.startswith("整改通知书")) == len(below)
    assert [x["func"] for x in actions].count("addChart") >= 1
    assert wb[name]._charts


# -- the action budget ------------------------------------------------------------------------------

def _big(n: int) -> dict:
    t = TABLES["partner_progress"]
    clean = t.clean
    rows = [[t.full_title[0]], [c.header for c in t.columns]]
    for k in range(n):
        r = dict(clean)
        if k % 50 == 7:
            r["实际完成时间"] = "下周"
        if k % 50 == 21:
            r["计划完成时间"] = "05-30"
        rows.append([r.get(c.key, "") for c in t.columns])
    return payload_from_rows("大表.xlsx", {"表4": rows})


def _count(payload: dict, name: str = "validate_all") -> int:
    book = open_book(payload)
    getattr(scripts, name)(book)
    return len(book.json()["actions"])


def test_actions_do_not_grow_with_rows_or_findings():
    small, large = _count(_big(100)), _count(_big(5000))
    assert small == large
    assert _count(_big(10_000)) < 50
    assert _count(_big(100), "flag_late") == _count(_big(5000), "flag_late")


# -- problems become alerts ---------------------------------------------------------------------------

def _alerts(payload: dict, name: str) -> list[dict]:
    book = open_book(payload)
    getattr(scripts, name)(book)
    actions = book.json()["actions"]
    return [a for a in actions if a["func"] == "alert"], actions


def test_empty_workbook_and_no_table_give_a_chinese_alert():
    alerts, actions = _alerts(payload_from_rows("空.xlsx", {"Sheet1": []}), "validate_all")
    assert actions == alerts and len(alerts) == 1
    assert "工作簿是空的" in alerts[0]["args"][0] and alerts[0]["args"][3] == "critical"
    alerts, actions = _alerts(payload_from_rows("无表.xlsx", {"Sheet1": [["姓名", "年龄"], ["张三", 30]]}), "validate_all")
    assert actions == alerts and "没有找到任何指南表格" in alerts[0]["args"][0]
    alerts, _ = _alerts(payload_from_rows("无表.xlsx", {"Sheet1": [["姓名", "年龄"]]}), "flag_late")
    assert CJK.search(alerts[0]["args"][0])
    alerts, _ = _alerts(payload_from_rows("x.xlsx", {"Sheet1": []}), "validate_active_sheet")
    assert "是空的" in alerts[0]["args"][0]


ERP_PO = [["单据编号", "往来单位", "物料名称", "订购数量", "单价（含税）", "预计到货"],
          ["D-001", "福州闽星办公用品有限公司", "A4复印纸", 5, 25, "2024-05-25"]]


@pytest.mark.parametrize("name", ["validate_all", "validate_active_sheet", "flag_late"])
def test_a_sheet_close_to_a_table_gets_the_command_lines_near_miss_answer(name, cli):
    """An ERP export with its own headers: the alert names the closest table, the key columns
    missing with the words accepted for them and the collab-xl.toml lines — what `collab-xl
    validate` says on the same file — and changes nothing in the workbook."""
    alerts, actions = _alerts(payload_from_rows("ERP导出.xlsx", {"说明": [["本表由 ERP 导出"]], "PO": ERP_PO},
                                                active="PO"), name)
    assert actions == alerts and len(alerts) == 1 and alerts[0]["args"][3] == "critical"
    text = alerts[0]["args"][0]
    assert "最接近的是工作表「PO」第 1 行的「采购订单」" in text
    assert "缺少关键列「订单号」(也认:采购订单号" in text and "「要求交付日期」(也认:交货日期" in text
    assert 'purchase_orders.order_no = "单据编号"' in text and 'purchase_orders.due = "预计到货"' in text


def test_the_near_miss_alert_is_the_command_lines_answer_in_either_language(monkeypatch, tmp_path, cli):
    path = tmp_path / "ERP导出.xlsx"
    wb = openpyxl.Workbook()
    for r in ERP_PO:
        wb.active.append(r)
    wb.active.title = "PO"
    wb.save(path)
    for lang in ("zh", "en"):
        monkeypatch.setenv("COLLAB_XL_LANG", lang)
        alerts, _ = _alerts(payload_from_file(path, name="ERP导出.xlsx"), "validate_all")
        p = cli("validate", path, "--lang", lang)
        assert p.exit_code == 2 and alerts[0]["args"][0] == p.stderr.strip()
    assert 'The closest is "Purchase orders"' in alerts[0]["args"][0]


def test_a_sheet_close_to_nothing_keeps_the_old_alert():
    alerts, _ = _alerts(payload_from_rows("名单.xlsx", {"名单": [["姓名", "年龄", "城市"], ["张三", 30, "北京"]]},
                                          active="名单"), "validate_active_sheet")
    assert "当前工作表「名单」中没有找到指南表格" in alerts[0]["args"][0]


def test_huge_sheet_and_broken_configuration_give_alerts(monkeypatch, tmp_path):
    monkeypatch.setattr(book_in, "MAX_ROWS", 50)
    alerts, actions = _alerts(_big(60), "validate_all")
    assert actions == alerts and "collab-xl validate" in alerts[0]["args"][0]
    monkeypatch.undo()
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("COLLAB_XL_TODAY", TODAY.isoformat())
    (tmp_path / "collab-xl.toml").write_text("[ranking]\nthreshold = \"高\"\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    alerts, actions = _alerts(_big(10), "validate_all")
    assert actions == alerts and "threshold" in alerts[0]["args"][0] and CJK.search(alerts[0]["args"][0])


def test_unexpected_failures_are_alerts_not_tracebacks(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("磁盘已满")
    monkeypatch.setattr(scripts.book_out, "render", boom)
    alerts, actions = _alerts(_big(10), "validate_all")
    assert actions == alerts and "磁盘已满" in alerts[0]["args"][0] and "RuntimeError" in alerts[0]["args"][0]


def test_english_alerts_when_chosen(monkeypatch):
    monkeypatch.setenv("COLLAB_XL_LANG", "en")
    alerts, actions = _alerts(_big(20), "validate_all")
    assert not CJK.search(alerts[0]["args"][0]) and "Findings" in [a["args"][1] for a in actions
                                                                    if a["func"] == "addSheet"]
    alerts, _ = _alerts(payload_from_rows("x.xlsx", {"Sheet1": []}), "validate_all")
    assert not CJK.search(alerts[0]["args"][0])


# -- the other buttons -------------------------------------------------------------------------------

def test_insert_template_by_sheet_name_then_the_first_missing_table(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "表4"
    wb.save(path)
    _, applied = run(path, "insert_template")
    ws = openpyxl.load_workbook(applied.path)["表4"]
    assert ws["A1"].value == TABLES["partner_progress"].full_title[0]
    assert [c.value for c in ws[2]] == [c.header for c in TABLES["partner_progress"].columns]
    assert ws["A2"].fill.fgColor.rgb.endswith("1F4E78")
    assert ws.column_dimensions["A"].width == pytest.approx(TABLES["partner_progress"].columns[0].width, abs=0.1)
    # Now the active sheet holds 表4: the next press adds the first table the workbook lacks.
    _, again = run(applied.path, "insert_template")
    wb = openpyxl.load_workbook(again.path)
    first = next(iter(TABLES.values()))
    assert wb.sheetnames == ["表4", first.sheet[0]]
    assert wb[first.sheet[0]]["A1"].value == first.full_title[0]
    assert "已插入" in again.alerts[0]["prompt"]


def test_insert_template_when_every_table_is_there(book_path, tmp_path):
    path = tmp_path / "all.xlsx"
    wb = openpyxl.load_workbook(book_path)
    for key, t in TABLES.items():
        if t.sheet[0] not in wb.sheetnames:
            ws = wb.create_sheet(t.sheet[0])
            _table(ws, key, [t.clean])
    wb.active = wb.sheetnames.index("说明")
    wb.save(path)
    actions, applied = run(path, "insert_template", active="说明")
    assert [a["func"] for a in actions] == ["alert"] and "都已存在" in applied.alerts[0]["prompt"]


def test_show_help_names_every_button():
    alerts, actions = _alerts(_big(5), "show_help")
    assert actions == alerts
    text = alerts[0]["args"][0]
    for name in scripts.NAMES:
        if name != "show_help":
            assert scripts.label(name).split(" / ")[0] in text, name


def test_run_desktop_runs_the_script_on_the_calling_book(monkeypatch):
    import xlwings as xw
    book = open_book(_big(30))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book))
    scripts.run_desktop("validate_all")
    direct = open_book(_big(30))
    scripts.validate_all(direct)
    assert book.json()["actions"] == direct.json()["actions"]
    other = open_book(_big(5))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: other))
    scripts.run_desktop("no_such_button")
    assert [a["func"] for a in other.json()["actions"]] == ["alert"]


def test_payload_reads_dates_offsets_and_hidden_sheets(book_path):
    p = payload_from_file(book_path)
    directory = next(s for s in p["sheets"] if s["name"] == "供应商名录")
    assert directory["used_range_address"].startswith("$B$3:")
    partner = next(s for s in p["sheets"] if s["name"] == "表4 合作伙伴协作进度")
    assert "2024-04-30T00:00:00.000Z" in [v for row in partner["values"] for v in row]
    book = open_book(p)
    grids = {g.name: g for g in book_in.read_grids(book)}
    assert (grids["供应商名录"].row0, grids["供应商名录"].col0) == (2, 1)
    assert dt.datetime(2024, 4, 30) in [v for row in grids["表4 合作伙伴协作进度"].rows for v in row]


def test_text_with_a_time_zone_does_not_break_the_script(tmp_path, cli_json):
    """xlwings' remote converter fails on ISO text with a time zone; the script reads the
    payload's text instead and finds what the command line finds."""
    t = TABLES["partner_progress"]
    path = tmp_path / "tz.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表4"
    _put(ws, 1, [c.header for c in t.columns])
    _put(ws, 2, [t.clean.get(c.key, "") for c in t.columns])
    _put(ws, 3, [{**t.clean, "实际完成时间": "2024-05-20T10:30:00+08:00", "交付物": ""}.get(c.key, "") for c in t.columns])
    wb.save(path)
    actions, _ = run(path, "validate_all")
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1 and "运行出错" not in alerts[0] and "1 个错误" in alerts[0], alerts
    cli = {(f["cell"], f["code"]) for f in cli_json("validate", path, "--today", TODAY)["findings"]}
    assert cli == {("H3", "CX101")}
    keys = next(a for a in actions if a["func"] == "setValues" and any("表4!H3" in str(v) for v in a["values"]))
    assert keys


# -- ownership: the record, not names ------------------------------------------------------------------

def _with_sheets(src: Path, path: Path, make) -> Path:
    """A copy of the workbook at ``src`` with sheets added by ``make(wb)``."""
    wb = openpyxl.load_workbook(src)
    make(wb)
    wb.save(path)
    return path


def _users_findings_sheet(wb) -> None:
    """The user's own visible sheet called 校验结果: a 表4 of theirs (one CX101) and a note."""
    ws = wb.create_sheet("校验结果")
    p = TABLES["partner_progress"].clean
    _table(ws, "partner_progress", [p, dict(p, 交付物="")])
    ws["A1"].fill = PatternFill("solid", fgColor="C6EFCE")
    ws["A1"].comment = Comment("我的核对表", "李四")


def test_a_users_sheet_called_like_ours_is_read_kept_and_ours_takes_another_name(book_path, tmp_path):
    path = _with_sheets(book_path, tmp_path / "mine.xlsx", _users_findings_sheet)
    before = user_cells(openpyxl.load_workbook(path))
    _, once = run(path, "validate_all", out=tmp_path / "v1.xlsx")
    wb = openpyxl.load_workbook(once.path)
    assert "校验结果 (2)" in wb.sheetnames and owned(wb) == {MARK_SHEET, "校验结果 (2)"}
    assert user_cells(wb) == before                                   # the user's 校验结果 unchanged
    assert "「校验结果 (2)」" in once.alerts[0]["prompt"]               # the alert names our sheet
    # The user's sheet is read like any other: its table is checked, its empty 交付物 marked.
    ours = [r for r in sheet_rows(wb["校验结果 (2)"])[3:] if isinstance(r[0], int)]
    assert ("校验结果", "CX101") in {(r[1], r[8]) for r in ours}
    assert ("校验结果", "H4") in coloured(wb)["A"]
    # Again: ours is replaced, no 校验结果 (3).
    actions, twice = run(once.path, "validate_all", out=tmp_path / "v2.xlsx")
    wb2 = openpyxl.load_workbook(twice.path)
    assert wb2.sheetnames == wb.sheetnames and sheet_rows(wb2["校验结果 (2)"]) == sheet_rows(wb["校验结果 (2)"])
    assert not any(a["func"] == "addConditionalFormat" for a in actions)
    # 清除标记: ours goes, the user's stays exactly as it was, and the message is true.
    _, cleared = run(twice.path, "clear_marks", out=tmp_path / "c.xlsx")
    wb3 = openpyxl.load_workbook(cleared.path)
    assert [n for n in wb3.sheetnames if n != MARK_SHEET] == openpyxl.load_workbook(path).sheetnames
    assert user_cells(wb3) == before and coloured(wb3) == {k: set() for k in "ABCD"}
    assert "您填写的内容和格式没有改变" in cleared.alerts[0]["prompt"]


def test_checking_the_users_sheet_called_like_ours_and_refusing_ours(book_path, tmp_path):
    path = _with_sheets(book_path, tmp_path / "mine.xlsx", _users_findings_sheet)
    _, applied = run(path, "validate_active_sheet", active="校验结果", out=tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(applied.path)
    listed = {r[1] for r in sheet_rows(wb["校验结果 (2)"])[3:] if isinstance(r[0], int)}
    assert listed == {"校验结果"} and "个错误" in applied.alerts[0]["prompt"]
    actions, refused = run(applied.path, "validate_active_sheet", active="校验结果 (2)", out=tmp_path / "b.xlsx")
    assert [a["func"] for a in actions] == ["alert"] and "结果页" in refused.alerts[0]["prompt"]


def test_a_users_visible_collab_xl_sheet_is_kept_and_ours_hides_under_another_name(book_path, cli_findings, tmp_path):
    def make(wb):
        ws = wb.create_sheet(MARK_SHEET)
        ws["A1"], ws["B1"], ws["A2"] = "我的备忘", "负责人", "表4 合作伙伴协作进度!G4"
    path = _with_sheets(book_path, tmp_path / "mine.xlsx", make)
    before = user_cells(openpyxl.load_workbook(path))
    _, once = run(path, "validate_all", out=tmp_path / "v1.xlsx")
    wb = openpyxl.load_workbook(once.path)
    ms = our_mark_sheet(wb)
    assert ms.title != MARK_SHEET and ms.title.startswith(MARK_SHEET) and ms.sheet_state == "hidden"
    assert wb[MARK_SHEET].sheet_state == "visible" and user_cells(wb) == before
    # The marks colour exactly what the command line finds: the rules name our sheet.
    findings = cli_findings["findings"]
    assert coloured(wb)["A"] == {(f["sheet"], f["cell"]) for f in findings if f["severity"] == "error"}
    for sheet, ref, formula in rules(wb):
        kind = {"A": "error", "B": "warning"}[_RULE.match(formula)[2]]
        assert formula == mark_formula(sheet, kind, ref.split(":")[0], mark_sheet=ms.title)
    # Again: found by its signature, no second mark sheet, no second set of rules.
    actions, twice = run(once.path, "validate_all", out=tmp_path / "v2.xlsx")
    wb2 = openpyxl.load_workbook(twice.path)
    assert wb2.sheetnames == wb.sheetnames and rules(wb2) == rules(wb)
    assert not any(a["func"] == "addConditionalFormat" for a in actions)
    _, cleared = run(twice.path, "clear_marks", out=tmp_path / "c.xlsx")
    wb3 = openpyxl.load_workbook(cleared.path)
    assert user_cells(wb3) == before and MARK_SHEET in wb3.sheetnames
    assert coloured(wb3) == {k: set() for k in "ABCD"}


def test_clear_after_ranking_removes_exactly_the_recorded_sheets(book_path, tmp_path):
    pytest.importorskip("collab_xl.app.rank")

    def make(wb):
        ws = wb.create_sheet("整改通知书-自留")          # the user's, named like a notice
        ws["A1"] = "上季度的整改记录(手工整理)"
    path = _with_sheets(book_path, tmp_path / "mine.xlsx", make)
    original = openpyxl.load_workbook(path)
    _, ranked = run(path, "supplier_ranking", out=tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(ranked.path)
    made = [n for n in wb.sheetnames if n not in original.sheetnames and n != MARK_SHEET]
    assert made and any(n.startswith("供应商排名") for n in made)
    assert owned(wb) == {MARK_SHEET, *made}                            # recorded with no marks at all
    _, cleared = run(ranked.path, "clear_marks", out=tmp_path / "c.xlsx")
    wb2 = openpyxl.load_workbook(cleared.path)
    assert wb2.sheetnames == original.sheetnames                        # the mark sheet had nothing left
    assert user_cells(wb2) == user_cells(original)


def test_a_second_ranking_replaces_ours_and_links_follow_renamed_notices(book_path, tmp_path):
    pytest.importorskip("collab_xl.app.rank")
    _, first = run(book_path, "supplier_ranking", out=tmp_path / "r1.xlsx")
    notices = [n for n in openpyxl.load_workbook(first.path).sheetnames if n.startswith("整改通知书")]

    def make(wb):                           # the user now keeps a sheet under the first notice's name
        wb[notices[0]].title = "旧通知"      # (ours renamed by the user: no longer ours, never deleted)
        wb.create_sheet(notices[0])["A1"] = "用户的表"
    path = _with_sheets(first.path, tmp_path / "mine.xlsx", make)
    _, second = run(path, "supplier_ranking", out=tmp_path / "r2.xlsx")
    wb = openpyxl.load_workbook(second.path)
    assert wb["旧通知"]["A1"].value and wb[notices[0]]["A1"].value == "用户的表"
    assert f"{notices[0]} (2)" in wb.sheetnames
    ranking = next(n for n in wb.sheetnames if n.startswith("供应商排名"))
    assert sum(1 for n in wb.sheetnames if n.startswith("供应商排名")) == 1
    links = " ".join(str(v) for r in sheet_rows(wb[ranking]) for v in r if isinstance(v, str) and "HYPERLINK" in v)
    assert f"'{notices[0]} (2)'!" in links and f"'{notices[0]}'!" not in links


# -- files of the previous release (a mark sheet without column N) ---------------------------------

def _as_previous_release(src: Path, path: Path, make=None) -> Path:
    """The workbook at ``src`` as the previous release left it: its mark sheet has no column N."""
    wb = openpyxl.load_workbook(src)
    ms = our_mark_sheet(wb)
    for (c,) in ms.iter_rows(min_col=SHEETS_COL + 1, max_col=SHEETS_COL + 1):
        c.value = None
    if make:
        make(wb)
    wb.save(path)
    return path


def test_previous_release_result_sheets_are_adopted_once_a_users_lookalike_is_not(book_path, tmp_path):
    _, marked = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    _, late = run(marked.path, "flag_late", out=tmp_path / "vl.xlsx")

    def make(wb):
        del wb["逾期事项"]                          # …and a 逾期事项 of the user's own in its place
        ws = wb.create_sheet("逾期事项")
        ws["A1"], ws["A3"], ws["B3"] = "逾期事项 — 我的跟踪", "事项", "负责人"
    path = _as_previous_release(late.path, tmp_path / "old.xlsx", make)
    before = user_cells(openpyxl.load_workbook(path))
    _, again = run(path, "validate_all", out=tmp_path / "again.xlsx")
    wb = openpyxl.load_workbook(again.path)
    # The old 校验结果 was ours (title and header as we write them): replaced, not piled up.
    assert "校验结果" in wb.sheetnames and "校验结果 (2)" not in wb.sheetnames
    assert owned(wb) == {MARK_SHEET, "校验结果"}
    # The user's 逾期事项 is theirs: kept, and never recorded.
    assert [c.value for c in wb["逾期事项"][1]][:1] == ["逾期事项 — 我的跟踪"]
    _, cleared = run(again.path, "clear_marks", out=tmp_path / "c.xlsx")
    wb2 = openpyxl.load_workbook(cleared.path)
    assert "校验结果" not in wb2.sheetnames and "逾期事项" in wb2.sheetnames
    def users(cells):       # before the run, the old 校验结果 was not recorded yet: leave it out
        return {k: v for k, v in cells.items() if "校验结果" not in (k if isinstance(k, str) else k[0])}
    assert users(user_cells(wb2)) == users(before)


def test_without_a_mark_sheet_nothing_is_adopted(book_path, tmp_path):
    _, marked = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    wb = openpyxl.load_workbook(marked.path)
    del wb[MARK_SHEET]          # a 校验结果 that looks like ours, with no record at all: left alone
    wb.save(tmp_path / "bare.xlsx")
    _, applied = run(tmp_path / "bare.xlsx", "validate_all", out=tmp_path / "again.xlsx")
    wb = openpyxl.load_workbook(applied.path)
    assert sheet_rows(wb["校验结果"]) == sheet_rows(openpyxl.load_workbook(marked.path)["校验结果"])
    assert owned(wb) == {MARK_SHEET, "校验结果 (2)"}


def test_recognising_a_result_sheet_of_the_previous_release(book_path, tmp_path):
    from collab_xl.app.legacy import is_our_result_sheet
    pytest.importorskip("collab_xl.app.rank")
    _, v = run(book_path, "validate_all", out=tmp_path / "v.xlsx")
    _, l = run(v.path, "flag_late", out=tmp_path / "l.xlsx")
    _, r = run(l.path, "supplier_ranking", out=tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(r.path)
    ours = sorted(owned(wb) - {MARK_SHEET})
    assert {"校验结果", "逾期事项"} <= set(ours) and any(n.startswith("整改通知书") for n in ours)
    for name in ours:
        rows = [list(x) for x in wb[name].iter_rows(max_row=3, values_only=True)]
        assert is_our_result_sheet(name, rows), name
    findings = [list(x) for x in wb["校验结果"].iter_rows(max_row=3, values_only=True)]
    assert not is_our_result_sheet("逾期事项", findings)            # the name must fit the content
    assert not is_our_result_sheet("校验结果", [["校验结果"], [], ["序号", "工作表"]])
    assert not is_our_result_sheet("校验结果", [findings[0], ["备注"], findings[2]])
    # English sheets, as COLLAB_XL_LANG=en writes them, are recognised too.
    header = "No.|Sheet|Table|Row|Column|Cell|Value|Severity|Rule|Message".split("|")
    assert is_our_result_sheet("Findings", [["Findings — a.xlsx (1 errors, 0 warnings; 2024-06-03)"], [], header])


def test_a_clean_check_records_its_sheet_and_clear_leaves_the_workbook_as_it_was(tmp_path):
    path = tmp_path / "clean.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表4"
    _table(ws, "partner_progress", [TABLES["partner_progress"].clean])
    wb.save(path)
    _, once = run(path, "validate_all", out=tmp_path / "v1.xlsx")
    assert "全部通过" in once.alerts[0]["prompt"]
    wb = openpyxl.load_workbook(once.path)
    assert owned(wb) == {MARK_SHEET, "校验结果"} and not rules(wb)        # no marks: the record alone
    _, twice = run(once.path, "validate_all", out=tmp_path / "v2.xlsx")
    assert openpyxl.load_workbook(twice.path).sheetnames == wb.sheetnames
    _, cleared = run(twice.path, "clear_marks", out=tmp_path / "c.xlsx")
    assert openpyxl.load_workbook(cleared.path).sheetnames == ["表4"]
    assert cleared.alerts[0]["prompt"].startswith("已清除 0 处标记")


def test_command_line_and_excel_keep_one_record(book_path, tmp_path, cli):
    """The doors take turns on one workbook: the command line's marks are the Excel scripts' —
    校验全部 after `validate --in-place` adds no second set of rules, and 清除标记 after it, then
    `clear` on the command line, leave exactly the user's workbook."""
    import shutil
    path = tmp_path / "协作台账.xlsx"
    shutil.copyfile(book_path, path)
    assert cli("validate", path, "--in-place", "--today", TODAY).exit_code == 1
    after_cli = openpyxl.load_workbook(path)
    actions, excel = run(path, "validate_all", out=tmp_path / "excel.xlsx")
    assert not any(x["func"] == "addConditionalFormat" for x in actions)     # the CLI's rules are registered
    wb = openpyxl.load_workbook(excel.path)
    assert rules(wb) == rules(after_cli) and coloured(wb) == coloured(after_cli)
    assert [n for n in wb.sheetnames if wb[n].sheet_state == "visible"] == \
        [n for n in after_cli.sheetnames if after_cli[n].sheet_state == "visible"]     # 校验结果 replaced, not doubled
    assert cli("validate", excel.path, "--in-place", "--today", TODAY).exit_code == 1
    assert rules(openpyxl.load_workbook(excel.path)) == rules(after_cli)
    _, cleared = run(excel.path, "clear_marks", out=tmp_path / "cleared.xlsx")
    assert cli("clear", cleared.path, "--in-place").exit_code == 0
    original, final = openpyxl.load_workbook(book_path), openpyxl.load_workbook(cleared.path)
    assert user_cells(final) == user_cells(original)
    assert final.sheetnames == original.sheetnames and not rules(final)
