"""The template workbook and `collab-xl new`: what a user opening the template in Excel relies on."""
from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from collab_xl.catalog import TABLES, Kind
from collab_xl.core.output import MARK_KINDS
from collab_xl.core.validate import find_all
from collab_xl.errors import UserError
from collab_xl.io import templates
from collab_xl.io.read import read_workbook
from collab_xl.io.templates import (GUIDE_POINTS, point_checks, DEFAULT_ROWS, LIVE_OVERDUE_FILL, build_template, template_rows,
                                    template_spec, template_widths)

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def isolated(no_user_config, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """Both templates, written to disk once (what `collab-xl new` writes)."""
    d = tmp_path_factory.mktemp("templates")
    out = {}
    for lang in ("zh", "en"):
        p = d / f"t-{lang}.xlsx"
        build_template(lang=lang).save(p)
        out[lang] = p
    return out


@pytest.fixture(scope="module")
def loaded(books):
    return {lang: openpyxl.load_workbook(p) for lang, p in books.items()}


def sheet_of(wb, key, lang="zh"):
    return wb[TABLES[key].sheet[1 if lang == "en" else 0][:31]]


def validations_by_column(ws) -> dict[str, list]:
    out: dict[str, list] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out.setdefault(re.sub(r"\d", "", rng.split(":")[0]), []).append(dv)
    return out


# ---------------------------------------------------------------------------------------------
def test_new_writes_a_template_that_validates_clean(cli, tmp_path):
    code, out, err = cli("new", "--out", tmp_path / "模板.xlsx")
    assert code == 0, err
    assert "模板.xlsx" in out and f"共 {len(TABLES)} " in out
    code, out, err = cli("validate", tmp_path / "模板.xlsx", "--format", "json", "--today", "2024-06-05")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["summary"] == {"errors": 0, "warnings": 0}
    assert [t["table"] for t in doc["tables"]] == list(TABLES)
    assert all(t["header_row"] == 2 and t["rows"] == 0 for t in doc["tables"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_sheet_is_found_as_its_table(books, lang):
    grids = read_workbook(books[lang])
    hits = find_all(grids)
    found = {h.grid.name: (h.table.key, h.header_row) for h in hits}
    expected = {TABLES[k].sheet[1 if lang == "en" else 0]: (k, 2) for k in TABLES}
    assert found == expected   # the 填写说明 sheet is not mistaken for a table
    for h in hits:  # every catalog column found in the header, none twice
        assert set(h.columns) == {c.name for c in h.table.columns} and not h.duplicates


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_title_and_exact_headers(loaded, lang):
    wb = loaded[lang]
    assert wb.sheetnames[0] == ("填写说明" if lang == "zh" else "Instructions")
    assert wb.sheetnames[1:] == [t.sheet[1 if lang == "en" else 0] for t in TABLES.values()]
    for key, t in TABLES.items():
        ws = sheet_of(wb, key, lang)
        n = len(t.columns)
        assert ws["A1"].value == t.full_title[1 if lang == "en" else 0]
        assert f"A1:{openpyxl.utils.get_column_letter(n)}1" in {str(m) for m in ws.merged_cells.ranges}
        headers = [ws.cell(row=2, column=j).value for j in range(1, n + 1)]
        assert headers == [c.en if lang == "en" else c.header for c in t.columns]
        assert ws.cell(row=2, column=n + 1).value is None
        assert template_rows(key, lang) == [[ws.cell(row=r, column=j).value or "" for j in range(1, n + 1)]
                                            for r in (1, 2)]


def test_layout_table_widths_freeze_and_print(loaded):
    wb = loaded["zh"]
    for key, t in TABLES.items():
        ws = sheet_of(wb, key)
        last = openpyxl.utils.get_column_letter(len(t.columns))
        assert ws.freeze_panes == "A3"
        assert [ws.column_dimensions[openpyxl.utils.get_column_letter(j + 1)].width
                for j in range(len(t.columns))] == template_widths(key) == [c.width for c in t.columns]
        (name, ref), = ws.tables.items()
        assert ref == f"A2:{last}{2 + DEFAULT_ROWS}"
        assert ws.tables[name].tableStyleInfo.name.startswith("TableStyle")
        assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"  # 9 = A4
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$2:$2"
        assert "&A" in ws.oddHeader.center.text and "&P" in ws.oddFooter.center.text
        for j, c in enumerate(t.columns, start=1):
            if c.kind == Kind.DATE:
                assert ws.cell(row=3, column=j).number_format == "yyyy-mm-dd"
                assert ws.cell(row=2 + DEFAULT_ROWS, column=j).number_format == "yyyy-mm-dd"


def test_dropdowns_hold_exactly_the_catalog_choices(loaded):
    for lang, wb in loaded.items():
        for key, t in TABLES.items():
            ws = sheet_of(wb, key, lang)
            by_col = validations_by_column(ws)
            for j, c in enumerate(t.columns, start=1):
                L = openpyxl.utils.get_column_letter(j)
                dvs = by_col.get(L, [])
                assert len(dvs) == 1, (key, c.header)   # every column has its rule / input message
                dv = dvs[0]
                assert str(dv.sqref) == f"{L}3:{L}{2 + DEFAULT_ROWS}"
                assert dv.showInputMessage and dv.prompt, (key, c.header)
                if c.kind == Kind.CHOICE:
                    assert dv.type == "list" and not dv.showDropDown   # showDropDown=True would hide it
                    assert dv.formula1.strip('"').split(",") == list(c.choices)
                    assert dv.showErrorMessage and dv.error
                elif c.kind == Kind.YESNO:   # tables-2.md 是/否 (重要节点, 是否选中): a drop-down of the two
                    assert dv.type == "list" and not dv.showDropDown and dv.formula1 == '"是,否"'
                    assert dv.showErrorMessage and dv.error
                elif c.kind == Kind.MULTI:
                    assert dv.type is None   # several values joined by + cannot be a strict list
                    assert all(v in dv.prompt for v in c.choices)
                elif c.kind in (Kind.DATE, Kind.DATETIME):   # 表3 沟通时间 is a date-time (tables-2.md)
                    assert (dv.type, dv.operator, dv.formula1) == ("date", "greaterThanOrEqual", "DATE(2000,1,1)")
                    assert dv.showErrorMessage and dv.error
                elif c.kind == Kind.NUMBER:
                    assert dv.type == "decimal" and dv.showErrorMessage
                    if c.min is not None and c.max is not None:
                        assert (dv.operator, float(dv.formula1), float(dv.formula2)) == ("between", c.min, c.max)
                    elif c.min is not None:
                        assert dv.operator == ("greaterThan" if c.min_exclusive else "greaterThanOrEqual")
                        assert float(dv.formula1) == c.min
                elif c.kind == Kind.CREDIT_CODE:
                    assert (dv.type, dv.operator, dv.formula1) == ("textLength", "equal", "18")
                elif c.kind == Kind.DATETIME:   # a date-time is a date to Excel; text forms only warn
                    assert (dv.type, dv.operator, dv.formula1) == ("date", "greaterThanOrEqual", "DATE(2000,1,1)")
                    assert dv.errorStyle == "warning"
                else:
                    assert dv.type is None


def test_required_columns_stop_optional_ones_warn(loaded):
    ws = sheet_of(loaded["zh"], "partner_progress")
    by_col = validations_by_column(ws)
    assert by_col["F"][0].errorStyle == "stop"        # 计划完成时间: required
    assert by_col["G"][0].errorStyle == "warning"     # 实际完成时间: "-" must stay possible (the guide writes it)
    assert "-" in by_col["G"][0].error


def test_validation_texts_within_excel_limits_and_in_one_language(loaded):
    seen = 0
    for lang, wb in loaded.items():
        for ws in wb.worksheets:
            for dv in ws.data_validations.dataValidation:
                seen += 1
                assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32
                assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 255
                if dv.type == "list":
                    assert len(dv.formula1) <= 255
                if lang == "en":
                    for text in (dv.promptTitle, dv.errorTitle):
                        assert not HAN.search(text or ""), text
                else:
                    assert HAN.search(dv.prompt) and (dv.type is None or HAN.search(dv.error))
    assert seen == 2 * sum(len(t.columns) for t in TABLES.values())


def test_live_overdue_rule_for_every_late_table(loaded):
    for key, t in TABLES.items():
        ws = sheet_of(loaded["zh"], key)
        rules = [(str(rng.sqref), r) for rng, rs in ws.conditional_formatting._cf_rules.items() for r in rs]
        if t.late is None or t.late.done is None:
            assert rules == []
            continue
        (ref, rule), = rules
        last = openpyxl.utils.get_column_letter(len(t.columns))
        assert ref == f"A3:{last}{2 + DEFAULT_ROWS}"
        f = rule.formula[0]
        letter = {c.name: openpyxl.utils.get_column_letter(j + 1) for j, c in enumerate(t.columns)}
        due, done = letter[t.late.due], letter[t.late.done]
        assert f"${due}3<TODAY()" in f and f"ISNUMBER(${due}3)" in f and f'${done}3=""' in f
        if t.late.status:
            st = letter[t.late.status]
            assert f'${st}3<>"已完成"' in f and f'${st}3<>"已取消"' in f
        fill = rule.dxf.fill.fgColor.rgb[-6:]
        assert fill == LIVE_OVERDUE_FILL
        assert fill not in {v[1] for v in MARK_KINDS.values()}   # never confused with collab-xl's marks


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_instructions_explain_columns_and_colours(loaded, lang):
    ws = loaded[lang].worksheets[0]
    texts = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    blob = "\n".join(texts)
    for t in TABLES.values():
        assert t.full_title[1 if lang == "en" else 0] in blob
        assert (t.purpose[1 if lang == "en" else 0]) in blob
        for c in t.columns:
            assert any(x.startswith(c.en if lang == "en" else c.header) for x in texts), c.header
    fills = {ws.cell(row=r, column=1).fill.fgColor.rgb[-6:] for r in range(1, ws.max_row + 1)
             if ws.cell(row=r, column=1).fill.fill_type == "solid"}
    assert {v[1] for v in MARK_KINDS.values()} | {LIVE_OVERDUE_FILL} <= fills
    if lang == "en":
        # Chinese only inside quotes/brackets, as the literal values a user must type, or in the
        # catalog's own English hints (which quote Chinese examples); the guide's sections keep
        # their Chinese numbers (二(一)) as the guide prints them
        literal = {v for t in TABLES.values() for c in t.columns for v in (*c.choices, c.hint[1]) if v}
        for x in texts:
            stripped = x
            for v in sorted(literal, key=len, reverse=True):
                stripped = stripped.replace(v, "")
            stripped = re.sub(r"[一二三四五六七八九十]+[(（][一二三四五六七八九十]+[)）]", "", stripped)
            stripped = re.sub(r'"[^"]*"|“[^”]*”|「[^」]*」|\([^)]*\)|《[^》]*》', "", stripped)
            assert not HAN.search(stripped), x


def test_table_option_limits_the_sheets(cli, tmp_path):
    code, out, err = cli("new", "--out", tmp_path / "两张.xlsx", "--table", "partner_progress", "--table", "表1")
    assert code == 0, err
    wb = openpyxl.load_workbook(tmp_path / "两张.xlsx")
    assert wb.sheetnames == ["填写说明", TABLES["cross_dept"].sheet[0], TABLES["partner_progress"].sheet[0]]
    assert TABLES["supplier_directory"].title[0] not in "\n".join(
        str(v) for row in wb["填写说明"].iter_rows(values_only=True) for v in row if v)


def test_unknown_table_is_one_line_listing_the_valid_keys(cli, tmp_path):
    code, out, err = cli("new", "--out", tmp_path / "x.xlsx", "--table", "partner")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "partner" in err and all(k in err for k in TABLES)
    assert not (tmp_path / "x.xlsx").exists()
    code, out, err = cli("new", "--out", tmp_path / "x.xlsx", "--table", "partner", "--lang", "en")
    assert code == 2 and err.startswith("Unknown table") and not HAN.search(err.replace("partner", ""))


def test_lang_en_default_name_and_english_texts(cli, tmp_path):
    code, out, err = cli("new", "--lang", "en")
    assert code == 0, err
    assert (tmp_path / "collab-xl-template.xlsx").exists()
    assert "Template written" in out and not HAN.search(out.replace("collab-xl-template", ""))
    code, out, err = cli("new")
    assert code == 0 and (tmp_path / "collab-xl-模板.xlsx").exists()
    code, out, err = cli("validate", tmp_path / "collab-xl-template.xlsx", "--lang", "en", "--format", "json")
    assert code == 0 and len(json.loads(out)["tables"]) == len(TABLES)


def test_out_folder_gets_the_default_name(cli, tmp_path):
    (tmp_path / "out").mkdir()
    code, out, err = cli("new", "--out", tmp_path / "out")
    assert code == 0, err
    assert (tmp_path / "out" / "collab-xl-模板.xlsx").exists()


def test_refuses_a_file_open_in_excel(cli, tmp_path):
    target = tmp_path / "模板.xlsx"
    target.write_bytes(b"the user's file")
    (tmp_path / "~$模板.xlsx").write_bytes(b"lock")
    code, out, err = cli("new", "--out", target)
    assert code == 2 and "Excel" in err and err.count("\n") == 1
    assert target.read_bytes() == b"the user's file"


def test_refuses_a_non_xlsx_name(cli, tmp_path):
    code, out, err = cli("new", "--out", tmp_path / "模板.csv")
    assert code == 2 and ".xlsx" in err and not (tmp_path / "模板.csv").exists()


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    from collab_xl.app.new import write_atomic
    target = tmp_path / "模板.xlsx"
    target.write_bytes(b"old")

    class Broken:
        def save(self, path):
            Path(path).write_bytes(b"half")
            raise OSError("disk full")

    with pytest.raises(UserError):
        write_atomic(Broken(), target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["模板.xlsx"]


def test_renderer_neutral_spec_matches_the_sheet(loaded):
    ws = sheet_of(loaded["zh"], "purchase_orders")
    spec = template_spec("purchase_orders")
    assert spec.name == ws.title and spec.headers == template_rows("purchase_orders")[1]
    assert spec.table_ref == next(iter(ws.tables.values())).ref
    assert len(spec.validations) == len(ws.data_validations.dataValidation)
    assert templates.template_spec("work_report").overdue is None   # no dated lateness in 表2


def test_tables_can_be_named_by_number_or_title():
    assert templates.resolve_tables(["表4", "供应商评估表", "cross_dept", "表4"]) == \
        ["cross_dept", "partner_progress", "supplier_evaluation"]


def test_filled_template_validates_and_keeps_its_own_rules_through_marks_and_clear(cli, tmp_path, books):
    """A user types rows into the template: validate finds them, marks come and go, the template's
    validations and live overdue rule stay."""
    wb = openpyxl.load_workbook(books["zh"])
    ws = sheet_of(wb, "partner_progress")
    for j, v in enumerate(["新品宣传推广", "A广告公司", "最终交付", "王五", "钱七", "2024-05-30", "下周", "印刷稿100份"], 1):
        ws.cell(row=3, column=j, value=v)
    # the added contact columns are expected on a project's first row (tables-2.md, CX122)
    heads = {c.value: c.column for c in ws[2]}
    for header, v in (("我方对接人(姓名/部门/联系方式)", "王五/市场部/13800138000"),
                      ("对方对接人(姓名/职位/联系方式)", "钱七/设计总监/13900139000")):
        ws.cell(row=3, column=heads[header], value=v)
    filled = tmp_path / "已填写.xlsx"
    wb.save(filled)
    code, out, err = cli("validate", filled, "--today", "2024-06-05", "--format", "json", "--out", tmp_path / "marked.xlsx")
    assert code == 1, err
    (f,) = json.loads(out)["findings"]
    assert (f["code"], f["cell"], f["sheet"]) == ("CX102", "G3", ws.title)
    code, out, err = cli("clear", tmp_path / "marked.xlsx", "--out", tmp_path / "cleared.xlsx")
    assert code == 0, err
    for name in ("marked.xlsx", "cleared.xlsx"):
        ws2 = sheet_of(openpyxl.load_workbook(tmp_path / name), "partner_progress")
        formulas = [r.formula[0] for rng in ws2.conditional_formatting for r in rng.rules]
        assert template_spec("partner_progress").overdue in formulas, name
        assert len(ws2.data_validations.dataValidation) == len(TABLES["partner_progress"].columns)
        assert ws2["G3"].value == "下周"


# ---------------------------------------------------------------------------------------------
# The 填写说明 states a rule as checked only when a catalog rule checks it.
PREFIX = {"zh": ("检查规则:", "建议(未自动检查):"), "en": ("Checked: ", "Advice (not checked): ")}
CODE = re.compile(r"\bCX\d{3}\b")


def catalog_has(ref: str) -> bool:
    """Read from the catalog itself: a table's own code, or a generic code on a column named by
    its header."""
    code, _, header = ref.partition("@")
    return any(r.code == code and (not header or t.col(r.column).header.startswith(header))
               for t in TABLES.values() for r in t.all_rules())


def sections(wb, lang) -> dict[str, list[str]]:
    """The 填写说明 lines under each table's title, by table key."""
    ws = wb.worksheets[0]
    titles = {t.full_title[1 if lang == "en" else 0]: k for k, t in TABLES.items()}
    out, key = {}, None
    for row in ws.iter_rows(values_only=True):
        first = next((str(v) for v in row if v is not None), None)
        if first is None:
            continue
        hit = [k for title, k in titles.items() if first.startswith(title)]
        if hit:
            key = hit[0]
            out[key] = []
        elif key:
            out[key].append(first)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_instructions_claim_exactly_the_rules_each_table_has(loaded, lang):
    checked, advice = PREFIX[lang]
    secs = sections(loaded[lang], lang)
    assert set(secs) == set(TABLES)
    for key, lines in secs.items():
        t = TABLES[key]
        claims = [x for x in lines if x.startswith(checked)]
        named = set()
        for x in claims:
            codes = CODE.findall(x)
            assert len(codes) <= 1, x
            if not codes:
                continue
            # a check made in another table names that table
            other = [o for o in TABLES.values() if o is not t and (f"「{o.title[0]}」" in x or f'"{o.title[1]}"' in x)]
            owner = other[0] if other else t
            assert codes[0] in {r.code for r in owner.all_rules()}, (key, x)   # a real rule of that table
            if owner is t:
                named.add(codes[0])
        # every rule the table has is stated, with its code and title
        assert named == {r.code for r in t.all_rules()}, key
        for r in t.rules:
            assert any(x.startswith(f"{checked}{r.code} {r.title[1 if lang == 'en' else 0]}") for x in claims), r.code
        for x in lines:
            if x.startswith(advice):
                assert not CODE.search(x), x   # advice names no rule code
        if any(point_checks(p) is None for p in GUIDE_POINTS.get(key, ())):
            assert any(x.startswith(advice) for x in lines), key   # the guide asks more than is checked


SIX = [  # the guide's rules the issue names: (words in the zh / en 填写说明, the rule that would check it)
    ("48小时内补发", "within 48 hours", "CX258"),
    ("2小时内响应", "within 2 hours", "CX225"),
    ("2个工作日内反馈", "within 2 working days", "CX232"),
    ("24小时内向上级反馈", "within 24 hours", "CX281"),
    ("决策链", "decision chain", "CX120@需求清单要素"),
    ("交付地址", "delivery address", "CX101@交付地址"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_six_unchecked_guide_rules_are_advice_not_checks(loaded, lang):
    checked, advice = PREFIX[lang]
    lines = [x for xs in sections(loaded[lang], lang).values() for x in xs]
    for zh, en, ref in SIX:
        words = en if lang == "en" else zh
        said = [x for x in lines if words.lower() in x.lower()]   # "Delivery address" as a column name
        assert said, words
        if catalog_has(ref):    # once a table module checks it, it is stated as checked, never as advice
            assert not any(x.startswith(advice) for x in said), words
        else:
            assert all(x.startswith(advice) for x in said), (words, said)


def _with(monkeypatch, key, *, rules=(), columns=None):
    """A copy of a catalog table (test only) with more rules or columns, registered in its place."""
    import dataclasses
    t = TABLES[key]
    new = dataclasses.replace(t, rules=t.rules + tuple(rules), columns=columns if columns is not None else t.columns)
    monkeypatch.setitem(TABLES, key, new)
    return new


def test_a_required_added_column_leaves_todays_sheets_valid(monkeypatch, cli, tmp_path, books):
    """tables-2.md: added columns are optional; "required" on one means its cells, when it is there."""
    from collab_xl.catalog import Col
    po = TABLES["purchase_orders"]
    if not any(c.key == "交付地址" for c in po.columns):   # until the table module declares it
        _with(monkeypatch, "purchase_orders", columns=po.columns + (
            Col("交付地址", "delivery_address", "Delivery address", required=True, added=True),))
    wb = openpyxl.load_workbook(books["zh"])    # today's template: no 交付地址 column
    ws = sheet_of(wb, "purchase_orders")
    for j, v in enumerate(["PO-1", "鑫达", "打印纸", "10", "25", "250", "2024-05-20"], 1):
        ws.cell(row=3, column=j, value=v)
    wb.save(tmp_path / "old.xlsx")
    code, out, err = cli("validate", tmp_path / "old.xlsx", "--today", "2024-06-05", "--format", "json")
    assert not [f for f in json.loads(out)["findings"] if f["code"] == "CX002"], out
    # with the column there, an empty cell is CX101
    new = tmp_path / "new.xlsx"
    build_template(tables=["purchase_orders"]).save(new)
    wb = openpyxl.load_workbook(new)
    ws = sheet_of(wb, "purchase_orders")
    for j, v in enumerate(["PO-1", "鑫达", "打印纸", "10", "25", "250", "2024-05-20"], 1):
        ws.cell(row=3, column=j, value=v)
    wb.save(new)
    code, out, err = cli("validate", new, "--today", "2024-06-05", "--format", "json")
    assert [(f["code"], f["column"]) for f in json.loads(out)["findings"]] == [("CX101", "交付地址")], out


def test_a_rule_added_to_a_table_module_is_stated_as_checked_with_no_template_edit(monkeypatch):
    from collab_xl.catalog import WARNING, Col, Rule
    _with(monkeypatch, "customer_log", rules=[Rule(
        "CX225", WARNING, "when", lambda df, ctx: df["when"].isna() | df["when"].notna(),
        title=("客户咨询未在2小时内响应", "Enquiry not answered within 2 hours"),
        message=("…", "…"), why=("指南三(一):客户咨询/投诉2小时内响应。", "Guide 三(一): answer within 2 hours."))])
    po = TABLES["purchase_orders"]
    if not any(c.key == "交付地址" for c in po.columns):   # until the table module declares it
        _with(monkeypatch, "purchase_orders", columns=po.columns + (
            Col("交付地址", "delivery_address", "Delivery address", required=True, added=True),))
    for lang in ("zh", "en"):
        checked, advice = PREFIX[lang]
        secs = sections(build_template(lang=lang), lang)
        log, orders = secs["customer_log"], secs["purchase_orders"]
        title = "客户咨询未在2小时内响应" if lang == "zh" else "Enquiry not answered within 2 hours"
        assert f"{checked}CX225 {title}" in "\n".join(log)
        assert not any(x.startswith(advice) and ("2小时" in x or "2 hours" in x) for x in log)
        (req,) = [x for x in orders if x.startswith(f"{checked}CX101 ")]
        assert req.endswith("交付地址" if lang == "zh" else "Delivery address")
        assert not any(x.startswith(advice) and ("交付地址" in x or "delivery address" in x) for x in orders)
        # the guide's other points for the table stay advice (C-01's 决策链 is checked since 客户项目跟进表
        # has its 需求清单要素)
        assert any(x.startswith(advice) and ("过度承诺" in x or "over-promising" in x) for x in log)


# ---------------------------------------------------------------------------------------------
# Added (optional) columns: one Col line in a table module.
def test_added_columns_come_after_the_shipped_ones_with_their_validation_and_hint(monkeypatch, tmp_path):
    from collab_xl.catalog import Col
    from collab_xl.catalog.kinds import ColumnKind
    datetime_kind = ColumnKind("datetime", Kind.DATE.parse)   # test only: a date-time kind by name
    t = TABLES["partner_progress"]
    cols = [c for c in t.columns if not c.added]    # the shipped columns (表4's own added ones left out)
    # declared in the middle of the table: the template still groups them after the shipped columns
    cols[2:2] = [
        Col("计划开始时间", "planned_start", "Planned start", kind=Kind.DATE, added=True),
        Col("延期原因", "delay_reason", "Delay reason", kind=Kind.CHOICE, added=True,
            choices=("我方需求变更", "合作伙伴未按期交付", "其他")),
    ]
    cols.append(Col("反馈时间", "feedback_at", "Feedback at", kind=datetime_kind, added=True, width=18))
    _with(monkeypatch, "partner_progress", columns=tuple(cols))
    shipped = [c.header for c in t.columns if not c.added]
    expected = shipped + ["计划开始时间", "延期原因", "反馈时间"]
    assert template_rows("partner_progress")[1] == expected
    assert template_widths("partner_progress")[-1] == 18

    path = tmp_path / "t.xlsx"
    build_template(tables=["partner_progress"]).save(path)
    ws = sheet_of(openpyxl.load_workbook(path), "partner_progress")
    assert [ws.cell(row=2, column=j).value for j in range(1, len(expected) + 1)] == expected
    n = len(shipped)
    L = {h: openpyxl.utils.get_column_letter(j) for j, h in enumerate(expected, start=1)}
    by_col = validations_by_column(ws)
    (start,), (reason,), (fb,) = by_col[L["计划开始时间"]], by_col[L["延期原因"]], by_col[L["反馈时间"]]
    assert reason.type == "list" and reason.formula1 == '"我方需求变更,合作伙伴未按期交付,其他"'
    assert (start.type, start.operator, start.formula1) == ("date", "greaterThanOrEqual", "DATE(2000,1,1)")
    assert (fb.type, fb.errorStyle) == ("date", "warning")    # 2024年5月8日下午2点半 stays possible
    assert ws.cell(row=3, column=n + 3).number_format == "yyyy-mm-dd hh:mm"
    assert ws.cell(row=3, column=n + 1).number_format == "yyyy-mm-dd"
    for dv in (start, reason, fb):
        assert dv.showInputMessage and dv.prompt.startswith("选填(新增列"), dv.prompt
        assert dv.errorStyle == "warning"   # optional: an alert that only warns
    assert "14:30" in fb.prompt
    # the shipped columns keep their letters: the live overdue rule still reads 计划完成时间 (F) and 实际完成时间 (G)
    f = template_spec("partner_progress").overdue
    assert "$F3<TODAY()" in f and '$G3=""' in f
    # the table still reaches the last added column, and the 填写说明 lists the added ones as such
    assert next(iter(ws.tables.values())).ref == f"A2:{L['反馈时间']}{2 + DEFAULT_ROWS}"
    wb = openpyxl.load_workbook(path)
    texts = [str(v) for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v is not None]
    assert [x for x in texts if "新增列" in x] == ["计划开始时间(新增列,可不加)", "延期原因(新增列,可不加)",
                                                 "反馈时间(新增列,可不加)"]
    # a blank template with the added columns is still found as its table
    (hit,) = find_all(read_workbook(path))
    assert hit.table.key == "partner_progress" and set(hit.columns) == {c.name for c in cols}


def test_the_instructions_state_each_time_limit_of_a_table():
    """The 填写说明 names every further Late line with its limit (the guide's time limits), in both
    languages: the task register's 24-hour acknowledgement, the client register's 3-day survey."""
    from collab_xl.io.templates import build_template

    def text(lang, key):
        ws = build_template([key], lang=lang).worksheets[0]
        return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)

    assert "「确认」:「确认时间」应在「下达时间」之后 24 小时内填写" in text("zh", "task_register")
    assert "Acknowledgement: \"Acknowledged at\" is due within 24 hours of \"Assigned at\"" in text("en", "task_register")
    assert "「满意度调查」:「调查表发送日期」应在「验收日期」之后 3 天内填写" in text("zh", "client_projects")
    assert "「补发」:「补发到货时间」应在「拒收时间」之后 48 小时内填写" in text("zh", "purchase_orders")
    assert "采购合同约定的比例" in text("zh", "purchase_orders")
