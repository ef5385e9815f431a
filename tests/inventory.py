"""What a workbook holds, counted by kind from its package (zipfile + regular expressions, not
openpyxl): the tests' yardstick that a write kept every picture, shape, chart, validation … the
input had (collab-xl's own result sheets, mark sheet and mark rules left out)."""
from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from collab_xl.core.output import MARK_SHEET, is_result_sheet
from collab_xl.io.read import xml_segments

# ---------------------------------------------------------------------------------------------
# What a workbook holds, counted by kind, to see what a write through openpyxl did not keep.
#  kind -> (zh, en) as users read it
KINDS = {
    "charts": ("图表", "charts"),
    "chart_styles": ("图表样式/配色", "chart styles and colours"),
    "pictures": ("图片", "pictures"),
    "shapes": ("形状/文本框", "shapes and text boxes"),
    "comments": ("批注", "notes (comments)"),
    "threaded_comments": ("新式批注(会话)", "threaded comments"),
    "data_validations": ("数据验证", "data validations"),
    "x14_validations": ("数据验证(引用其他工作表的扩展格式)", "data validations (extended, x14)"),
    "conditional_formats": ("条件格式", "conditional formats"),
    "x14_conditional_formats": ("条件格式(数据条/图标集等扩展格式)", "conditional formats (extended, x14: data bars, icon sets …)"),
    "sparklines": ("迷你图", "sparklines"),
    "tables": ("表格(列表对象)", "tables (list objects)"),
    "pivot_tables": ("数据透视表", "pivot tables"),
    "slicers": ("切片器", "slicers"),
    "timelines": ("日程表", "timelines"),
    "form_controls": ("表单控件", "form controls"),
    "activex": ("ActiveX 控件", "ActiveX controls"),
    "embedded_objects": ("嵌入对象", "embedded objects"),
    "vba": ("宏(VBA 工程)", "macros (the VBA project)"),
    "defined_names": ("名称(定义的名称)", "defined names"),
    "hyperlinks": ("超链接", "hyperlinks"),
    "external_links": ("外部链接", "external links"),
    "custom_xml": ("自定义 XML", "custom XML parts"),
    "queries": ("数据连接/查询", "data connections and queries"),
    "data_model": ("数据模型", "the data model"),
    "rich_data": ("单元格内图片等富数据", "rich data (pictures in cells …)"),
    "dynamic_arrays": ("动态数组公式信息", "dynamic array formula metadata"),
    "background": ("工作表背景图片", "sheet background pictures"),
    "header_footer_pictures": ("页眉/页脚图片", "header and footer pictures"),
}

_PART_KINDS = [
    (re.compile(r"^xl/charts/chart[^/]*\.xml$"), "charts"),
    (re.compile(r"^xl/charts/(style|colors)[^/]*\.xml$"), "chart_styles"),
    (re.compile(r"^xl/threadedComments/"), "threaded_comments"),
    (re.compile(r"^xl/tables/[^/]*\.xml$"), "tables"),
    (re.compile(r"^xl/pivotTables/[^/]*\.xml$"), "pivot_tables"),
    (re.compile(r"^xl/slicers/[^/]*\.xml$"), "slicers"),
    (re.compile(r"^xl/timelines/[^/]*\.xml$"), "timelines"),
    (re.compile(r"^xl/ctrlProps/"), "form_controls"),
    (re.compile(r"^xl/activeX/[^/]*\.xml$"), "activex"),
    (re.compile(r"^xl/embeddings/"), "embedded_objects"),
    (re.compile(r"^xl/vbaProject\.bin$"), "vba"),
    (re.compile(r"^xl/externalLinks/[^/]*\.xml$"), "external_links"),
    (re.compile(r"^customXml/item\d+\.xml$"), "custom_xml"),
    (re.compile(r"^xl/(connections\.xml|queryTables/)"), "queries"),
    (re.compile(r"^xl/model/"), "data_model"),
    (re.compile(r"^xl/richData/"), "rich_data"),
    (re.compile(r"^xl/metadata\.xml$"), "dynamic_arrays"),
]
_SHEET_TAGS = {
    "data_validations": re.compile(rb"<(?:x:)?dataValidation[\s>/]"),
    "x14_validations": re.compile(rb"<x14:dataValidation[\s>/]"),
    "conditional_formats": re.compile(rb"<(?:x:)?cfRule[\s>/]"),
    "x14_conditional_formats": re.compile(rb"<x14:cfRule[\s>/]"),
    "sparklines": re.compile(rb"<x14:sparklineGroup[\s>/]"),
    "hyperlinks": re.compile(rb"<(?:x:)?hyperlink[\s>/]"),
    "background": re.compile(rb"<(?:x:)?picture[\s>/]"),
    "header_footer_pictures": re.compile(rb"<(?:x:)?legacyDrawingHF[\s>/]"),
}
_DRAWING_TAGS = {
    "pictures": re.compile(rb"<(?:xdr:)?pic[\s>]"),
    "shapes": re.compile(rb"<(?:xdr:)?(?:sp|grpSp|cxnSp)[\s>]"),
}
_COMMENT_TAGS = {"comments": re.compile(rb"<(?:x:)?comment[\s>]")}
_OURS = re.escape(MARK_SHEET).encode()
_OUR_RULE = re.compile(rb"(?:&#39;|&apos;|')" + _OURS + rb"(?:&#39;|&apos;|')!")


def _count_tags(zf: zipfile.ZipFile, part: str, tags: dict[str, re.Pattern], into: Counter) -> None:
    for seg in xml_segments(zf, part):
        for kind, rx in tags.items():
            into[kind] += len(rx.findall(seg))
        if tags is _SHEET_TAGS:    # our own mark rules are not the user's
            into["conditional_formats"] -= len(_OUR_RULE.findall(seg))


def inventory(path: str | Path) -> Counter:
    """How many of each kind (``KINDS``) the workbook's own sheets hold; collab-xl's result
    sheets, mark sheet and mark rules are left out."""
    from defusedxml.ElementTree import fromstring
    from collab_xl.io.read import _sheet_parts
    out: Counter = Counter()
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        sheets = _sheet_parts(zf, names) if "xl/workbook.xml" in names else {}
        for name in sorted(names):
            for rx, kind in _PART_KINDS:
                if rx.search(name):
                    out[kind] += 1
            if name in sheets:
                if not is_result_sheet(sheets[name]):
                    _count_tags(zf, name, _SHEET_TAGS, out)
            elif re.match(r"^xl/drawings/[^/]*\.xml$", name):
                _count_tags(zf, name, _DRAWING_TAGS, out)
            elif re.match(r"^xl/comments[^/]*\.xml$|^xl/comments/[^/]*\.xml$", name):
                _count_tags(zf, name, _COMMENT_TAGS, out)
        if "xl/workbook.xml" in names:
            wb = fromstring(zf.read("xl/workbook.xml"))
            order = [el.get("name") for el in wb.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]
            for el in wb.iter():
                if el.tag.rsplit("}", 1)[-1] == "definedName":
                    local = el.get("localSheetId")
                    scope = order[int(local)] if local is not None and local.isdigit() and int(local) < len(order) else None
                    if scope is None or not is_result_sheet(scope):
                        out["defined_names"] += 1
    return +out
