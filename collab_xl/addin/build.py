"""Build ``collab_xl.xlam``: the 协作助手 ribbon tab for desktop Excel, without Excel.

The add-in is an OOXML package written by hand (fixed zip dates, stored entries, so the same
inputs give the same bytes) holding

* ``customUI/customUI14.xml``: the ribbon (namespace 2009/07), one button per script, as the
  script declares it beside itself (``@button`` in :mod:`collab_xl.excel.scripts`, read through
  :func:`collab_xl.excel.buttons.declared`, which imports the scripts when the add-in is built);
* ``xl/vbaProject.bin`` (see :mod:`collab_xl.addin.vba`) with
  - ``collab_xl_ribbon``: one callback ``CX_<script>(control As IRibbonControl)`` per button,
    each running ``RunPython "from collab_xl.excel.scripts import run_desktop; run_desktop('…')"``,
  - ``xlwings``: xlwings' own VBA module for custom add-ins (``xlwings_custom_addin.bas`` of the
    installed xlwings, so DLL and AppleScript versions match), reading its settings from the
    add-in's ``xlwings.conf`` sheet, and ``Dictionary`` (needed by that module on macOS),
  - ``collab_xl_functions``: the UDF wrappers xlwings' "Import Functions" would write for
    ``collab_xl.excel.functions``, when that module can be imported;
* ``xl/worksheets/sheet1.xml``: the ``xlwings.conf`` sheet.
"""
from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import io
import logging
import os
import re
import sys
import threading
import types
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from collab_xl.addin import vba
from collab_xl.errors import UserError
from collab_xl.excel.buttons import GROUPS, SCRIPTS_MODULE, TAB_ID, declared
from collab_xl.excel.buttons import M as RIBBON_M
from collab_xl.i18n import Messages

log = logging.getLogger(__name__)

ADDIN_NAME = "collab_xl.xlam"
PROJECT_NAME = "collab_xl"
FUNCTIONS_MODULE = "collab_xl.excel.functions"
RIBBON_MODULE = "collab_xl_ribbon"
UDF_VBA_MODULE = "collab_xl_functions"
CONF_SHEET = "xlwings.conf"
RIBBON_LANG = "zh"  # the ribbon's texts (customUI has no per-language labels without callbacks)
DEFAULT_CATEGORY = "协作助手"  # Insert Function category of functions that name none

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2009/07/customui"
UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CUSTOMUI_PART = "customUI/customUI14.xml"

M = Messages({
    "bad_suffix": ("加载项文件名必须以 .xlam 结尾:{path}",
                   "The add-in file name must end in .xlam: {path}"),
    "cannot_write": ("无法写入 {path}:{reason}", "Cannot write {path}: {reason}"),
    "built": ("已生成加载项:{path}", "Add-in written: {path}"),
    "functions_ok": ("已包含 {count} 个 Excel 函数(来自 {module}):{names}",
                     "Includes {count} Excel functions (from {module}): {names}"),
    "functions_none": ("未包含 Excel 函数:{module} 中没有用 xlwings.func 标注的函数。",
                       "No Excel functions included: {module} has no function marked with "
                       "xlwings.func."),
    "functions_missing": ("未包含 Excel 函数:无法导入 {module}({reason})。功能区按钮不受影响;"
                          "函数模块可用后重新生成加载项即可。",
                          "No Excel functions included: cannot import {module} ({reason}). "
                          "The ribbon buttons work regardless; rebuild the add-in once the module "
                          "imports."),
    "functions_bad": ("未包含 Excel 函数:{module} 的函数无法写成 VBA 包装({reason})。",
                      "No Excel functions included: the functions of {module} cannot be "
                      "wrapped in VBA ({reason})."),
    "no_workbook": ("没有可处理的工作簿:请先打开一个工作簿(如在“受保护的视图”中,请先点“启用编辑”)。",
                    "No workbook to work on: open one first (in Protected View, click "
                    "Enable Editing)."),
})

# --------------------------------------------------------------------------------------------
# The ribbon: one button per script, as each script declares it (collab_xl.excel.buttons)
# --------------------------------------------------------------------------------------------


RUNPYTHON = f"from {SCRIPTS_MODULE} import run_desktop; run_desktop('{{script}}')"


def ribbon_xml(lang: str = RIBBON_LANG) -> str:
    """The customUI (2009/07) part: tab 协作助手, its groups and the scripts' buttons."""
    buttons = declared()
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           f'<customUI xmlns="{CUSTOMUI_NS}">',
           "  <ribbon>",
           "    <tabs>",
           f'      <tab id="{TAB_ID}" label={quoteattr(RIBBON_M("tab", lang))}>']
    for group in GROUPS:
        out.append(f"        <group id={quoteattr(group.id)} label={quoteattr(group.label(lang))}>")
        for b in buttons:
            if b.group != group:
                continue
            out.append(
                f'          <button id="collab_xl_{b.script}" label={quoteattr(b.label(lang))}'
                f' size="large" imageMso={quoteattr(b.icon)}'
                f" screentip={quoteattr(b.tip(lang))} supertip={quoteattr(b.supertip(lang))}"
                f' onAction="{b.callback}"/>')
        out.append("        </group>")
    out += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# VBA sources
# --------------------------------------------------------------------------------------------

def vba_text_expr(text: str) -> str:
    """A VBA expression for ``text``: ASCII runs in quotes, everything else as ``ChrW(n)``.

    VBA source is stored in the project code page, so non-ASCII text is built at run time.
    """
    parts: list[str] = []
    run = ""
    for ch in text:
        code = ord(ch)
        if 32 <= code < 127:
            run += '""' if ch == '"' else ch
            continue
        if run:
            parts.append(f'"{run}"')
            run = ""
        units = ch.encode("utf-16-le")
        for i in range(0, len(units), 2):
            parts.append(f"ChrW({int.from_bytes(units[i:i + 2], 'little')})")
    if run or not parts:
        parts.append(f'"{run}"')
    return " & ".join(parts)


def vba_assign(var: str, text: str, indent: str = "    ", per_line: int = 12) -> list[str]:
    """Statements that set ``var`` to ``text`` in short lines (VBA lines are limited)."""
    expr = vba_text_expr(text).split(" & ")
    lines = []
    for i in range(0, len(expr), per_line):
        chunk = " & ".join(expr[i:i + per_line])
        lines.append(f"{indent}{var} = {chunk}" if i == 0 else f"{indent}{var} = {var} & {chunk}")
    return lines


def ribbon_module_code() -> str:
    """The code of the ``collab_xl_ribbon`` module (callbacks of the ribbon buttons)."""
    zh = M("no_workbook", "zh")
    en = M("no_workbook", "en")
    lines = [
        "' collab-xl: callbacks of the ribbon tab. Each button runs one script of",
        "' collab_xl.excel.scripts on the active workbook through xlwings' RunPython.",
        "' Generated by collab_xl.addin.build - rebuild the add-in instead of editing.",
        "Option Explicit",
        "",
        "Private Function CX_English() As Boolean",
        "    ' English only when Excel's user interface is English; Chinese otherwise.",
        "    On Error Resume Next",
        "    CX_English = ((Application.LanguageSettings.LanguageID(2) And &H3FF) = 9)",
        "End Function",
        "",
        "Private Function CX_HasWorkbook() As Boolean",
        "    Dim msg As String",
        "    If ActiveWorkbook Is Nothing Then",
        "        If CX_English() Then",
        *vba_assign("msg", en, indent="            "),
        "        Else",
        *vba_assign("msg", zh, indent="            "),
        "        End If",
        '        MsgBox msg, vbExclamation, "collab-xl"',
        "        CX_HasWorkbook = False",
        "    Else",
        "        CX_HasWorkbook = True",
        "    End If",
        "End Function",
    ]
    for b in declared():
        lines += [
            "",
            f"Public Sub {b.callback}(control As IRibbonControl)",
            "    If Not CX_HasWorkbook() Then Exit Sub",
            f'    RunPython "{RUNPYTHON.format(script=b.script)}"',
            "End Sub",
        ]
    return "\r\n".join(lines) + "\r\n"


def _xlwings_dir() -> Path:
    import xlwings

    return Path(xlwings.__file__).resolve().parent


def xlwings_modules() -> list[vba.Module]:
    """xlwings' VBA for custom add-ins and the Dictionary class it needs on macOS.

    ``PROJECT_NAME`` is set to ``xlwings`` so that settings come from the ``xlwings.conf`` sheet
    of the active workbook, then of this add-in, then ``xlwings.conf`` next to the workbook,
    then the user's xlwings config file (the one ``xlwings config create`` writes).
    """
    folder = _xlwings_dir()
    bas = (folder / "xlwings_custom_addin.bas").read_text(encoding="cp1252")
    patched, n = re.subn(r'(Public Const PROJECT_NAME As String = )"[^"]*"', r'\1"xlwings"', bas)
    if n != 1:
        raise RuntimeError("xlwings_custom_addin.bas has no PROJECT_NAME constant to set")
    dictionary = (folder / "addin" / "Dictionary.cls").read_text(encoding="cp1252")
    return [vba.module_from_export(patched), vba.module_from_export(dictionary)]


# --------------------------------------------------------------------------------------------
# UDF wrappers, as xlwings' "Import Functions" writes them
# --------------------------------------------------------------------------------------------

_import_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _xlwings_udfs() -> types.ModuleType:
    """xlwings.udfs, loaded with stand-ins for pywin32 where pywin32 is missing.

    Only its decorators (which record ``__xlfunc__``) and ``generate_vba_wrapper`` (which writes
    text) are used; neither touches COM.  The stand-ins are removed again afterwards.
    """
    try:
        return importlib.import_module("xlwings.udfs")
    except ImportError:
        pass
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None  # type: ignore[attr-defined]
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})  # type: ignore[attr-defined]
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None  # type: ignore[attr-defined]
    win32com.client = client  # type: ignore[attr-defined]
    stubs = {"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com,
             "win32com.client": client}
    saved = {name: sys.modules.get(name) for name in stubs}
    sys.modules.update(stubs)
    try:
        spec = importlib.util.find_spec("xlwings.udfs")
        if spec is None or spec.loader is None:
            raise ImportError("xlwings.udfs not found")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        for name, old in saved.items():
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old


def _load_with_udf_decorators(name: str, udfs: types.ModuleType) -> types.ModuleType:
    """A fresh copy of module ``name`` executed while ``xlwings.func/arg/ret/sub`` are the
    classic desktop decorators (outside Windows they are no-ops that record nothing)."""
    import xlwings

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}")
    patch = {"func": udfs.xlfunc, "arg": udfs.xlarg, "ret": udfs.xlret, "sub": udfs.xlsub}
    with _import_lock:
        old_attrs = {k: getattr(xlwings, k, None) for k in patch}
        old_module = sys.modules.get(name)
        module = importlib.util.module_from_spec(spec)
        try:
            for k, v in patch.items():
                setattr(xlwings, k, v)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        finally:
            for k, v in old_attrs.items():
                setattr(xlwings, k, v)
            if old_module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old_module
    return module


class _AddinBook:
    """What generate_vba_wrapper needs of the target workbook: its name (an .xlam, so the
    wrappers pass ActiveWorkbook rather than ThisWorkbook)."""

    Name = ADDIN_NAME


@dataclass(frozen=True)
class UdfInfo:
    name: str
    description: str
    category: str | int
    arg_docs: tuple[str, ...]


@dataclass
class Functions:
    module: vba.Module | None
    udfs: list[UdfInfo] = field(default_factory=list)
    note: tuple[str, dict] = ("functions_none", {})


def udf_wrappers(module_name: str = FUNCTIONS_MODULE) -> Functions:
    """The ``collab_xl_functions`` VBA module for ``module_name``, or why there is none."""
    try:
        udfs = _xlwings_udfs()
        module = _load_with_udf_decorators(module_name, udfs)
    except Exception as exc:  # a missing or broken module must not stop the build
        reason = f"{type(exc).__name__}: {exc}"
        log.info("no UDF wrappers: %s", reason)
        return Functions(None, [], ("functions_missing", {"module": module_name,
                                                           "reason": reason}))
    infos = []
    for attr in sorted(dir(module)):
        obj = getattr(module, attr)
        meta = getattr(obj, "__xlfunc__", None)
        if not isinstance(meta, dict) or meta.get("sub"):
            continue
        # xlwings' fallback description names the file's path; use the docstring or nothing
        doc = inspect.cleandoc(getattr(obj, "__doc__", None) or "")[:255]
        category = meta.get("category", "xlwings")
        if category == "xlwings":  # xlwings' default: show our functions under our tab's name
            category = DEFAULT_CATEGORY
        infos.append(UdfInfo(meta["name"], doc, category,
                             tuple(a["doc"][:255] for a in meta["args"]
                                   if not a["vba"] and a["name"] != "caller")))  # as xlwings
    if not infos:
        return Functions(None, [], ("functions_none", {"module": module_name}))
    buf = io.StringIO()
    try:
        udfs.generate_vba_wrapper(module_name, module, buf, _AddinBook())
        code = (
            "'Autogenerated code by xlwings - changes will be lost with next import!\n"
            "#Const App = \"Microsoft Excel\" 'Adjust when using outside of Excel\n"
            f"' collab-xl: wrappers for {module_name}, written by collab_xl.addin.build.\n"
            + buf.getvalue())
        code.encode("ascii")
        wrapper = vba.standard_module(UDF_VBA_MODULE, code.replace("\n", "\r\n"))
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"
        return Functions(None, [], ("functions_bad", {"module": module_name, "reason": reason}))
    names = ", ".join(i.name for i in infos)
    return Functions(wrapper, infos, ("functions_ok", {"count": len(infos),
                                                       "module": module_name, "names": names}))


def this_workbook_code(udfs: list[UdfInfo]) -> str:
    """ThisWorkbook: on open, give the functions the description, category and argument help
    that xlwings' "Import Functions" sets with Application.MacroOptions (Windows only)."""
    if not udfs:
        return ""
    lines = [
        "' collab-xl: describe the Excel functions in the Insert Function dialog.",
        "Private Sub Workbook_Open()",
        "#If Not Mac Then",
        "    Dim d As String, c As String, a() As Variant",
        "    On Error Resume Next",
    ]
    for udf in udfs:
        lines += vba_assign("d", udf.description)
        if isinstance(udf.category, int):
            category = str(udf.category)
        else:
            lines += vba_assign("c", str(udf.category))
            category = "c"
        macro = f"\"'\" & ThisWorkbook.Name & \"'!{udf.name}\""
        call = (f"    Application.MacroOptions Macro:={macro}, "
                f"Description:=d, Category:={category}")
        if udf.arg_docs:
            lines.append(f"    ReDim a(0 To {len(udf.arg_docs) - 1})")
            for i, doc in enumerate(udf.arg_docs):
                lines += vba_assign(f"a({i})", doc)
            call += ", ArgumentDescriptions:=a"
        lines.append(call)
    lines += [
        "    ThisWorkbook.Saved = True",
        "#End If",
        "End Sub",
    ]
    return "\r\n".join(lines) + "\r\n"


# --------------------------------------------------------------------------------------------
# The OOXML package
# --------------------------------------------------------------------------------------------

#: Settings in the add-in's xlwings.conf sheet (setting, value); True/False become booleans.
#: Interpreter, Conda and PYTHONPATH rows are deliberately absent: xlwings stops at the first
#: layer that has a key, so an empty row here would hide the user's xlwings config file, which
#: is where the interpreter belongs (see docs/addin.md).
CONF_SETTINGS: tuple[tuple[str, str | bool], ...] = (
    ("UDF Modules", FUNCTIONS_MODULE),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
    ("ADD_WORKBOOK_TO_PYTHONPATH", False),
)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _conf_sheet_xml() -> str:
    rows = []
    for i, (key, value) in enumerate(CONF_SETTINGS, start=1):
        a = f'<c r="A{i}" t="inlineStr"><is><t>{escape(key)}</t></is></c>'
        if isinstance(value, bool):
            b = f'<c r="B{i}" t="b"><v>{int(value)}</v></c>'
        else:
            b = f'<c r="B{i}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        rows.append(f'<row r="{i}">{a}{b}</row>')
    return (_XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_R}">'
            '<sheetPr codeName="Sheet1"/>'
            f'<dimension ref="A1:B{len(CONF_SETTINGS)}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            '<cols><col min="1" max="1" width="30" customWidth="1"/>'
            '<col min="2" max="2" width="30" customWidth="1"/></cols>'
            f'<sheetData>{"".join(rows)}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/></worksheet>')


def _package_parts(vba_bin: bytes) -> list[tuple[str, bytes]]:
    content_types = (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.ms-excel.addin.macroEnabled.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '</Types>')
    rels = (
        _XML + f'<Relationships xmlns="{_PKG_REL}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{UI_REL}" Target="{CUSTOMUI_PART}"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '</Relationships>')
    core = (
        _XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:title>协作助手 (collab-xl)</dc:title>'
        '<dc:description>按《企业内外部沟通协作交流指南》校验表格、标记逾期、供应商季度排名。'
        '</dc:description>'
        '<dc:creator>collab-xl</dc:creator>'
        '</cp:coreProperties>')
    workbook = (
        _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}">'
        '<workbookPr codeName="ThisWorkbook"/>'
        '<bookViews><workbookView visibility="hidden"/></bookViews>'
        f'<sheets><sheet name="{CONF_SHEET}" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>')
    workbook_rels = (
        _XML + f'<Relationships xmlns="{_PKG_REL}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/>'
        '</Relationships>')
    styles = (
        _XML + f'<styleSheet xmlns="{_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '</fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>')
    return [
        ("[Content_Types].xml", content_types.encode()),
        ("_rels/.rels", rels.encode()),
        ("docProps/core.xml", core.encode()),
        (CUSTOMUI_PART, ribbon_xml().encode()),
        ("xl/workbook.xml", workbook.encode()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.encode()),
        ("xl/styles.xml", styles.encode()),
        ("xl/worksheets/sheet1.xml", _conf_sheet_xml().encode()),
        ("xl/vbaProject.bin", vba_bin),
    ]


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    """Stored (uncompressed) entries with a fixed date: equal parts give equal bytes on every
    platform and zlib version."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data)
    return buf.getvalue()


@dataclass(frozen=True)
class BuildResult:
    """What :func:`write_addin` wrote: the file, the VBA modules and the Excel functions in it."""

    path: Path
    modules: tuple[vba.Module, ...]
    functions: tuple[str, ...]
    functions_note: tuple[str, dict]

    def message(self, lang: str | None = None) -> str:
        key, fields = self.functions_note
        return M("built", lang, path=self.path) + "\n" + M(key, lang, **fields)


def addin_modules(functions_module: str = FUNCTIONS_MODULE) -> tuple[list[vba.Module], Functions]:
    """The VBA modules of the add-in, in project order."""
    functions = udf_wrappers(functions_module)
    modules = [
        vba.document_module("ThisWorkbook", this_workbook_code(functions.udfs),
                            base=vba.WORKBOOK_BASE),
        vba.document_module("Sheet1"),  # the xlwings.conf sheet
        *xlwings_modules(),
        vba.standard_module(RIBBON_MODULE, ribbon_module_code()),
    ]
    if functions.module is not None:
        modules.append(functions.module)
    return modules, functions


def addin_bytes(functions_module: str = FUNCTIONS_MODULE) -> tuple[bytes, list[vba.Module],
                                                                    Functions]:
    """The add-in file's bytes, its modules and the function-wrapper outcome."""
    modules, functions = addin_modules(functions_module)
    project = vba.build_vba_project(modules, PROJECT_NAME)
    return _zip(_package_parts(project)), modules, functions


def _target(out: Path | str | None) -> Path:
    if out is None:
        return Path.cwd() / ADDIN_NAME
    path = Path(out)
    if path.is_dir():
        return path / ADDIN_NAME
    if path.suffix.lower() != ".xlam":
        raise UserError(M("bad_suffix", "zh", path=path), M("bad_suffix", "en", path=path))
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder (a crash leaves
    the old file intact); the new file gets the usual permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "xb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_addin(out: Path | str | None = None, *,
          functions_module: str = FUNCTIONS_MODULE) -> BuildResult:
    """Write the add-in (default ``./collab_xl.xlam``; a folder gets ``collab_xl.xlam`` in it)."""
    path = _target(out)
    data, modules, functions = addin_bytes(functions_module)
    try:
        write_atomic(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UserError(M("cannot_write", "zh", path=path, reason=reason),
                        M("cannot_write", "en", path=path, reason=reason)) from exc
    return BuildResult(path, tuple(modules), tuple(u.name for u in functions.udfs),
                       functions.note)


def build_addin(out: Path | None = None) -> Path:
    """Write ``collab_xl.xlam`` (default in the current directory) and return its path."""
    return write_addin(out).path
