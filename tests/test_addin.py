"""The 协作助手 add-in (collab_xl.xlam): package, ribbon, VBA read back by olevba and by
LibreOffice, UDF wrappers, reproducibility, install/remove/status."""
from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xlwings
from oletools.olevba import VBA_Parser

from collab_xl import addin
from collab_xl.errors import UserError
from collab_xl.excel import buttons
from collab_xl.i18n import fields_of

b = importlib.import_module("collab_xl.addin.build")
inst = importlib.import_module("collab_xl.addin.install")

XLWINGS = Path(xlwings.__file__).resolve().parent
CUI = "{http://schemas.microsoft.com/office/2009/07/customui}"

# The buttons as the scripts declare them (collab_xl.excel.buttons), in ribbon order.
BUTTONS = buttons.declared()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> b.BuildResult:
    return addin.write_addin(tmp_path_factory.mktemp("addin") / "collab_xl.xlam")


def olevba_modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros()
        return {name: code for (_, _, name, code) in parser.extract_macros()}
    finally:
        parser.close()


def module(result: b.BuildResult, name: str):
    return next(m for m in result.modules if m.name == name)


# --- the package -----------------------------------------------------------------------------

def test_package_parts_and_relationships(built):
    with zipfile.ZipFile(built.path) as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml"
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
        ct = ET.fromstring(z.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in ct}
        assert overrides["/xl/workbook.xml"] == \
            "application/vnd.ms-excel.addin.macroEnabled.main+xml"
        assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"

        rels = {r.get("Type"): r.get("Target") for r in ET.fromstring(z.read("_rels/.rels"))}
        ui = rels["http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"]
        assert ui in names
        wb_rels = {r.get("Type"): r.get("Target")
                   for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
        vba_target = wb_rels["http://schemas.microsoft.com/office/2006/relationships/vbaProject"]
        assert "xl/" + vba_target in names
        for part in ("xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"):
            ET.fromstring(z.read(part))  # well-formed

        main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        assert wb.find(f"{main}workbookPr").get("codeName") == "ThisWorkbook"
        assert [s.get("name") for s in wb.iter(f"{main}sheet")] == ["xlwings.conf"]
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        assert sheet.find(f"{main}sheetPr").get("codeName") == "Sheet1"
    # the document modules match the workbook's code names
    kinds = {m.name: m.kind for m in built.modules}
    assert kinds["ThisWorkbook"] == kinds["Sheet1"] == "document"


def conf_rows(path: Path) -> dict[str, str]:
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as z:
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = {}
    for row in sheet.iter(f"{main}row"):
        cells = row.findall(f"{main}c")
        key = "".join(cells[0].itertext())
        value = cells[1]
        rows[key] = ("TRUE" if value.findtext(f"{main}v") == "1" else "FALSE") \
            if value.get("t") == "b" else "".join(value.itertext())
    return rows


def test_conf_sheet_holds_settings_xlwings_reads(built):
    rows = conf_rows(built.path)
    assert rows == {"UDF Modules": "collab_xl.excel.functions", "Debug UDFs": "FALSE",
                    "Use UDF Server": "FALSE", "Show Console": "FALSE",
                    "ADD_WORKBOOK_TO_PYTHONPATH": "FALSE"}
    source = module(built, "xlwings").source
    # xlwings upper-cases the sheet's keys and asks for them by these names ...
    for key in rows:
        assert f'GetConfig("{key.upper()}"' in source, key
    # ... from the sheet named PROJECT_NAME & ".conf" of the active workbook, then the add-in
    assert 'Public Const PROJECT_NAME As String = "xlwings"' in source
    assert 'SheetExists(ThisWorkbook, PROJECT_NAME & ".conf")' in source
    # no empty interpreter rows that would hide the user's xlwings config file
    assert not any(k.upper().startswith(("INTERPRETER", "CONDA", "PYTHONPATH")) for k in rows)


def test_xlwings_module_is_the_installed_xlwings_custom_addin_module(built):
    text = (XLWINGS / "xlwings_custom_addin.bas").read_text(encoding="cp1252")
    text = text.replace('PROJECT_NAME As String = "myaddin"', 'PROJECT_NAME As String = "xlwings"')
    assert module(built, "xlwings").source == text.replace("\r\n", "\n").replace("\n", "\r\n")
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in text
    assert "Public Function RunPython(" in text
    # Book.caller() must be the user's workbook, not the add-in
    assert '"BOOK_CALLER", ActiveWorkbook' in text


# --- the ribbon ------------------------------------------------------------------------------

def ribbon(built) -> ET.Element:
    with zipfile.ZipFile(built.path) as z:
        return ET.fromstring(z.read(b.CUSTOMUI_PART))


def test_ribbon_tab_groups_and_buttons(built):
    """The built ribbon is the scripts' declarations: groups, order, labels, icons and tips."""
    root = ribbon(built)
    assert root.tag == f"{CUI}customUI"
    tabs = root.findall(f"{CUI}ribbon/{CUI}tabs/{CUI}tab")
    assert [t.get("label") for t in tabs] == ["协作助手"] == [buttons.M("tab", "zh")]
    groups = tabs[0].findall(f"{CUI}group")
    assert [(g.get("id"), g.get("label")) for g in groups] == \
        [(g.id, g.label("zh")) for g in buttons.GROUPS]
    assert [g.get("label") for g in groups] == ["校验", "进度", "供应商", "模板", "帮助"]
    found = []
    for g, group in zip(groups, buttons.GROUPS):
        for bt in g.findall(f"{CUI}button"):
            script = bt.get("onAction").removeprefix("CX_")
            declared = next(d for d in BUTTONS if d.script == script)
            assert declared.group == group, script
            assert bt.get("id") == f"collab_xl_{script}"
            assert bt.get("label") == declared.label("zh")
            assert bt.get("imageMso") == declared.icon
            assert bt.get("screentip") == declared.tip("zh")
            assert bt.get("supertip") == declared.supertip("zh")
            assert bt.get("size") == "large"
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]+", bt.get("imageMso"))
            for tip in ("screentip", "supertip"):
                assert re.search(r"[\u4e00-\u9fff]", bt.get(tip)), (script, tip)
            found.append(script)
    # every declared button, once, in the order of the scripts (the groups are contiguous)
    assert found == [d.script for d in BUTTONS]
    assert len(set(found)) == 7


def test_buttons_are_declared_beside_the_scripts_of_the_interfaces_page():
    """The interfaces page names the scripts and their Chinese labels; every group has a button;
    every text is in both languages."""
    scripts = importlib.import_module(buttons.SCRIPTS_MODULE)
    assert {d.script: d.label("zh") for d in BUTTONS} == {
        "validate_active_sheet": "校验当前表", "validate_all": "校验全部", "clear_marks": "清除标记",
        "flag_late": "标记逾期", "supplier_ranking": "供应商季度排名", "insert_template": "插入模板表",
        "show_help": "帮助"}
    assert list(scripts.SCRIPTS) == [d.script for d in BUTTONS] == list(scripts.NAMES)
    assert {d.group for d in BUTTONS} == set(buttons.GROUPS)
    for d in BUTTONS:
        assert callable(getattr(scripts, d.script)), d.script
        for key in ("label", "tip", "supertip"):
            zh, en = d.texts.pair(key)
            assert re.search(r"[\u4e00-\u9fff]", zh) and en.isascii(), (d.script, key)
        assert scripts.label(d.script, "en") == d.label("en")
    # nothing imports the scripts just to build the package's names: the registry module is light
    code = ("import sys, collab_xl.excel.buttons, collab_xl.addin; "
            "print(sorted({'xlwings', 'pandas'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_docs_tables_list_the_declared_buttons():
    """docs/addin.md's tables (Chinese and English) list each group, label and script as declared."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "addin.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+) \| (\S+) \| `(\w+)` \|", text, flags=re.M)
    want = [(d.group.label("zh"), d.label("zh"), d.script) for d in BUTTONS]
    assert rows == want + want


def test_every_button_has_its_callback_running_its_script(built):
    source = module(built, b.RIBBON_MODULE).source
    actions = [bt.get("onAction") for bt in ribbon(built).iter(f"{CUI}button")]
    subs = re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)\r\n(.*?)^End Sub",
                      source, flags=re.M | re.S)
    bodies = dict(subs)
    assert sorted(actions) == sorted(bodies)
    for action in actions:
        script = action.removeprefix("CX_")
        assert action == f"CX_{script}" and script in {d.script for d in BUTTONS}
        line = ('    RunPython "from collab_xl.excel.scripts import run_desktop; '
                f"run_desktop('{script}')\"")
        assert line in bodies[action].split("\r\n")
    # the code itself is ASCII; Chinese text is assembled with ChrW at run time
    source.encode("ascii")


def test_callbacks_name_real_scripts():
    scripts = importlib.import_module(b.SCRIPTS_MODULE)
    assert callable(getattr(scripts, "run_desktop", None))
    for d in BUTTONS:
        assert callable(getattr(scripts, d.script, None)), d.script


def evaluate_vba_text(expr: str) -> str:
    """Evaluate what vba_text_expr writes: "literals" & ChrW(n) & ..."""
    out = []
    for part in expr.split(" & "):
        if part.startswith("ChrW("):
            out.append(int(part[5:-1]).to_bytes(2, "little"))
        else:
            assert part[0] == part[-1] == '"'
            out.append(part[1:-1].replace('""', '"').encode("utf-16-le"))
    return b"".join(out).decode("utf-16-le")


@pytest.mark.parametrize("text", ["", "abc", 'say "hi"', "没有可处理的工作簿", "a\r\nb", "😀 ok"])
def test_vba_text_expressions(text):
    expr = b.vba_text_expr(text)
    expr.encode("ascii")
    assert evaluate_vba_text(expr) == text


def test_no_workbook_message_in_both_languages(built):
    source = module(built, b.RIBBON_MODULE).source
    for lang in ("zh", "en"):
        expr = b.vba_text_expr(b.M("no_workbook", lang))
        assert expr.split(" & ")[0] in source


# --- VBA read back by an independent parser ----------------------------------------------------

def test_olevba_reads_every_module_exactly(built):
    found = olevba_modules(built.path)
    expected = {m.name + (".bas" if m.kind == "standard" else ".cls"): m.source
                for m in built.modules}
    assert found == expected
    assert {"ThisWorkbook.cls", "Sheet1.cls", "xlwings.bas", "Dictionary.cls",
            "collab_xl_ribbon.bas"} <= set(found)


def test_two_builds_give_identical_bytes(tmp_path):
    first = addin.build_addin(tmp_path / "a.xlam").read_bytes()
    second = addin.build_addin(tmp_path / "b.xlam").read_bytes()
    assert first == second


def test_default_output_and_folder_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert addin.build_addin() == tmp_path / "collab_xl.xlam"
    (tmp_path / "out").mkdir()
    assert addin.build_addin(tmp_path / "out") == tmp_path / "out" / "collab_xl.xlam"
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_wrong_suffix_is_a_user_error(tmp_path):
    with pytest.raises(UserError) as err:
        addin.build_addin(tmp_path / "collab_xl.xlsx")
    assert ".xlam" in err.value.zh and ".xlam" in err.value.en


# --- UDF wrappers ------------------------------------------------------------------------------

FAKE_FUNCTIONS = '''
    import xlwings as xw
    from xlwings import func, arg


    @xw.func(category="协作助手")
    @xw.arg("score", doc="供应商评价得分")
    def collab_supplier_score(score, weight=1.0):
        """按协作指南计算供应商得分。"""
        return score * weight


    @func
    def collab_days_late(*columns):
        return len(columns)


    def helper():
        return 1
'''


@pytest.fixture
def fake_functions(tmp_path, monkeypatch):
    name = "cx_fake_functions"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(FAKE_FUNCTIONS), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_function_wrappers_as_xlwings_writes_them(tmp_path, fake_functions):
    before = (xlwings.func, xlwings.arg, xlwings.ret, getattr(xlwings, "sub", None))
    result = addin.write_addin(tmp_path / "f.xlam", functions_module=fake_functions)
    assert (xlwings.func, xlwings.arg, xlwings.ret, getattr(xlwings, "sub", None)) == before
    assert result.functions == ("collab_days_late", "collab_supplier_score")
    assert "2" in result.message("zh") and "collab_supplier_score" in result.message("en")

    found = olevba_modules(result.path)
    wrappers = found["collab_xl_functions.bas"]
    assert wrappers == module(result, "collab_xl_functions").source
    assert "#Const App = \"Microsoft Excel\"" in wrappers
    assert "Function collab_supplier_score(score, Optional weight)" in wrappers
    assert ('collab_supplier_score = XLPy.CallUDF("cx_fake_functions", "collab_supplier_score", '
            "Array(score, weight), ActiveWorkbook, Application.Caller)") in wrappers
    assert "Function collab_days_late(ParamArray columns())" in wrappers
    assert "helper" not in wrappers

    this_workbook = found["ThisWorkbook.cls"]
    assert "Private Sub Workbook_Open()" in this_workbook
    assert this_workbook.count("Application.MacroOptions") == 2
    assert "ArgumentDescriptions:=a" in this_workbook
    # descriptions come from docstrings, never from machine paths; default category is ours
    assert str(tmp_path) not in this_workbook and "defined in" not in this_workbook
    assert b.vba_text_expr("协作助手").split(" & ")[0] in this_workbook
    assert '"xlwings"' not in this_workbook
    this_workbook.encode("ascii")
    assert max(len(line) for line in this_workbook.split("\r\n")) < 300


def test_missing_functions_module_builds_without_wrappers(tmp_path):
    result = addin.write_addin(tmp_path / "m.xlam", functions_module="cx_no_such_module")
    assert result.functions == ()
    assert "collab_xl_functions.bas" not in olevba_modules(result.path)
    assert "cx_no_such_module" in result.message("zh") and "无法导入" in result.message("zh")
    assert "cannot import" in result.message("en")
    assert module(result, "ThisWorkbook").source.endswith("Attribute VB_Customizable = True\r\n")


def test_real_functions_module_when_it_exists(built):
    try:
        importlib.import_module(b.FUNCTIONS_MODULE)
    except ImportError as exc:
        pytest.skip(f"{b.FUNCTIONS_MODULE} not importable yet: {exc}")
    required = {"collab_supplier_score", "collab_supplier_result", "collab_days_late",
                "collab_workdays_late", "collab_late_status", "collab_check_contact",
                "collab_check_credit_code"}
    assert required <= {name.lower() for name in built.functions}


def test_message_catalogs_have_both_languages_with_the_same_fields():
    for catalog in (b.M, inst.M):
        for key, (zh, en) in catalog.texts.items():
            assert zh and en, key
            assert fields_of(zh) == fields_of(en), key


# --- LibreOffice reads the same modules ---------------------------------------------------------

# A Basic macro in a fresh LibreOffice profile: opens each file with the filter for .xlsm/.xlam
# and writes every module of every Basic library to <out>/<n>/<library>/<module>.bas (UTF-8).
# Basic rather than Python-UNO, so that only soffice is needed (no python3-uno package).
LO_MACRO = r"""
Sub DumpModules(sFiles As String, sOut As String)
    Dim aArgs(2) As New com.sun.star.beans.PropertyValue
    aArgs(0).Name = "Hidden"
    aArgs(0).Value = True
    aArgs(1).Name = "FilterName"
    aArgs(1).Value = "Calc MS Excel 2007 VBA XML"
    aArgs(2).Name = "MacroExecutionMode"
    aArgs(2).Value = 4
    Dim oSFA As Object, oDoc As Object, oLibs As Object, oLib As Object, oText As Object
    Dim aFiles As Variant, sLib As Variant, sMod As Variant, sDir As String, i As Integer
    oSFA = createUnoService("com.sun.star.ucb.SimpleFileAccess")
    aFiles = Split(sFiles, "|")
    For i = 0 To UBound(aFiles)
        oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(aFiles(i)), "_blank", 0, aArgs())
        oLibs = oDoc.BasicLibraries
        For Each sLib In oLibs.getElementNames()
            oLibs.loadLibrary(sLib)
            oLib = oLibs.getByName(sLib)
            sDir = ConvertToURL(sOut & "/" & i & "/" & sLib)
            oSFA.createFolder(sDir)
            For Each sMod In oLib.getElementNames()
                oText = createUnoService("com.sun.star.io.TextOutputStream")
                oText.setOutputStream(oSFA.openFileWrite(sDir & "/" & sMod & ".bas"))
                oText.setEncoding("UTF-8")
                oText.writeString(oLib.getByName(sMod))
                oText.closeOutput()
            Next
        Next
        oDoc.close(True)
    Next
    oText = createUnoService("com.sun.star.io.TextOutputStream")
    oText.setOutputStream(oSFA.openFileWrite(ConvertToURL(sOut & "/done")))
    oText.writeString("ok")
    oText.closeOutput()
End Sub
"""

LO_HEADER = re.compile(r"\ARem Attribute VBA_ModuleType=(\w+)\nOption VBASupport 1\n"
                       r"(?:Option ClassModule\n)?")
LO_KINDS = {"VBAModule": {"standard"}, "VBAClassModule": {"class"},
            "VBADocumentModule": {"document"}}


def expected_in_libreoffice(source: str) -> str:
    """LibreOffice drops every Attribute line, uses LF and ends with one more line break."""
    lines = source.replace("\r\n", "\n").split("\n")
    kept = [x for x in lines if not re.match(r"Attribute\s+(\w+\.)?VB_\w+", x)]
    return "\n".join(kept) + "\n"


def run_soffice(args: list[str], timeout: float) -> None:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # the process group this test started (soffice and its child)
        proc.wait()
        pytest.fail(f"LibreOffice did not finish within {timeout} s")


def libreoffice_modules(tmp_path: Path, files: list[Path]) -> list[dict[str, dict[str, str]]]:
    """{library: {module: source}} of each file, as LibreOffice's Basic library API lists it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        if os.environ.get("CI"):
            pytest.fail("the LibreOffice check needs soffice (CI is set)")
        pytest.skip("the LibreOffice check needs soffice")
    profile = tmp_path / "lo-profile"
    base = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
            "--norestore", "--nologo", "--nolockcheck"]
    run_soffice(base + ["--terminate_after_init"], timeout=60)
    module1 = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module1.is_file(), "LibreOffice did not create its profile"
    module1.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
        '"module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
        'script:name="Module1" script:language="StarBasic">'
        + LO_MACRO.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        + "</script:module>", encoding="utf-8")
    out = tmp_path / "lo-out"
    listing = "|".join(str(f) for f in files)
    run_soffice(base + [f'macro:///Standard.Module1.DumpModules("{listing}","{out}")'],
                timeout=60)
    assert (out / "done").is_file(), "the LibreOffice macro did not finish"
    found = []
    for i in range(len(files)):
        libs: dict[str, dict[str, str]] = {}
        for path in sorted((out / str(i)).glob("*/*.bas")):
            with open(path, encoding="utf-8", newline="") as f:
                libs.setdefault(path.parent.name, {})[path.stem] = f.read()
        found.append(libs)
    return found


def test_libreoffice_lists_the_same_modules_with_the_same_source(built, tmp_path):
    control = XLWINGS / "addin" / "xlwings.xlam"
    control_found, ours_found = libreoffice_modules(tmp_path, [control, built.path])

    # control: xlwings' own add-in, compared with what olevba reads from it
    control_libs = {k: v for k, v in control_found.items() if k != "Standard"}
    assert list(control_libs) == ["xlwings"]
    control_olevba = {n.rsplit(".", 1)[0]: code for n, code in olevba_modules(control).items()}
    assert sorted(control_libs["xlwings"]) == sorted(control_olevba)
    for name, text in control_libs["xlwings"].items():
        header = LO_HEADER.match(text)
        assert header, name
        assert text[header.end():] == expected_in_libreoffice(control_olevba[name]), name

    # ours: the project is named collab_xl; every module, its kind and its text
    ours = {k: v for k, v in ours_found.items() if k != "Standard"}
    assert list(ours) == [b.PROJECT_NAME]
    modules = {m.name: m for m in built.modules}
    assert sorted(ours[b.PROJECT_NAME]) == sorted(modules)
    for name, text in ours[b.PROJECT_NAME].items():
        header = LO_HEADER.match(text)
        assert header and modules[name].kind in LO_KINDS[header.group(1)], name
        assert text[header.end():] == expected_in_libreoffice(modules[name].source), name


# --- install / remove / status -------------------------------------------------------------------

def test_install_status_remove_in_a_folder(tmp_path):
    folder = tmp_path / "XLSTART"
    assert "collab-xl addin --install" in addin.addin_status(folder, lang="zh")
    message = addin.install_addin(folder, lang="zh")
    target = folder / "collab_xl.xlam"
    assert str(target) in message and "重新启动 Excel" in message
    assert target.read_bytes() == b.addin_bytes()[0]
    assert addin.addin_status(folder, lang="en").startswith("Installed: ")
    assert addin.addin_status(folder, lang="zh").startswith("已安装")

    target.write_bytes(b"old version")
    assert "--install" in addin.addin_status(folder, lang="en").split("\n")[1]
    addin.install_addin(folder, lang="en")
    assert addin.addin_status(folder, lang="en") == inst.M("status_installed", "en", path=target)

    assert "removed" in addin.remove_addin(folder, lang="en")
    assert not target.exists()
    assert "未安装" in addin.remove_addin(folder, lang="zh")
    assert not [p for p in folder.iterdir()]


def test_linux_has_no_desktop_excel():
    with pytest.raises(UserError) as err:
        addin.install_addin(platform="linux")
    assert "Linux" in err.value.zh and "desktop Excel" in err.value.en
    with pytest.raises(UserError):
        addin.remove_addin(platform="linux")
    assert "Windows" in addin.addin_status(platform="linux", lang="en")
    assert "Windows" in addin.addin_status(platform="linux", lang="zh")


def test_default_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert addin.default_addin_dir("win32") == \
        tmp_path / "Roaming" / "Microsoft" / "Excel" / "XLSTART"
    monkeypatch.setenv("HOME", str(tmp_path))
    group = tmp_path / "Library" / "Group Containers" / "UBF8T346G9.Office"
    assert addin.default_addin_dir("darwin") == \
        group / "User Content.localized" / "Startup.localized" / "Excel"
    (group / "User Content").mkdir(parents=True)
    assert addin.default_addin_dir("darwin") == group / "User Content" / "Startup" / "Excel"
    assert addin.default_addin_dir("linux") is None


def test_macos_install_also_enables_runpython(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    message = addin.install_addin(lang="en", platform="darwin", configure=False)
    installed = tmp_path / "Library" / "Group Containers" / "UBF8T346G9.Office" / \
        "User Content.localized" / "Startup.localized" / "Excel" / "collab_xl.xlam"
    script = tmp_path / "Library" / "Application Scripts" / "com.microsoft.Excel" / \
        f"xlwings-{xlwings.__version__}.applescript"
    assert installed.is_file() and script.is_file()
    assert str(installed) in message and str(script) in message


def test_windows_install_into_appdata(tmp_path, monkeypatch):
    monkeypatch.setenv("APPDATA", str(tmp_path))
    message = addin.install_addin(lang="zh", platform="win32", configure=False)
    assert (tmp_path / "Microsoft" / "Excel" / "XLSTART" / "collab_xl.xlam").is_file()
    assert "已安装" in message


def test_file_in_use_is_a_user_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(b.os, "replace", refuse)
    with pytest.raises(UserError) as err:
        addin.install_addin(tmp_path)
    assert "退出 Excel" in err.value.zh and "Quit Excel" in err.value.en
    assert not list(tmp_path.iterdir())


def test_install_records_python_in_a_new_xlwings_user_config_only(tmp_path, monkeypatch):
    config = tmp_path / "home" / ".xlwings" / "xlwings.conf"
    monkeypatch.setattr(xlwings, "USER_CONFIG_FILE", str(config))
    first = addin.install_addin(tmp_path / "XLSTART", lang="en", configure=True)
    assert config.is_file() and str(config) in first
    assert sys.executable in config.read_text() or "CONDA" in config.read_text()
    config.write_text('"INTERPRETER_WIN","C:\\\\mine\\\\python.exe"\n')
    second = addin.install_addin(tmp_path / "XLSTART", lang="zh", configure=True)
    assert "沿用" in second
    assert "mine" in config.read_text()


def test_long_texts_stay_within_vba_line_limits():
    lines = b.vba_assign("d", "协作" * 300)
    assert len(lines) > 1 and max(map(len, lines)) < 300
    assert evaluate_vba_text(" & ".join(
        part for line in lines for part in line.split(" = ", 1)[1].split(" & ")
        if part != "d")) == "协作" * 300
