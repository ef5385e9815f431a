"""The workbooks a command reads from the paths a user names: files as named, folders searched.

A folder is searched recursively for .xlsx/.xlsm/.xls, leaving out Excel's ``~$`` lock files,
hidden files, the backups ``--in-place`` leaves (``<name>.bak.xlsx``) and the results collab-xl
wrote with ``--out`` (they copy another file's data: a ranking, or the marked copies validate and
late write into an ``--out`` folder when given several files). Such a result is told apart by a custom
document property, ``collab-xl-output``, which :func:`mark_output` sets on the workbook before it
is saved and :func:`is_our_output` reads back from ``docProps/custom.xml`` without opening the
sheets.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from collab_xl.i18n import Messages

M = Messages({
    "not_found": ("找不到文件或文件夹:{path}", "File or folder not found: {path}"),
    "no_files": ("没有找到可读取的 Excel 工作簿(.xlsx/.xlsm/.xls):{paths}",
                 "No Excel workbook (.xlsx/.xlsm/.xls) to read: {paths}"),
    "skip_output": ("已跳过 collab-xl 用 --out 生成的结果文件(其中的评估是另一文件的副本;直接写出文件名即可包含):{name}",
                    "Skipped a result file collab-xl wrote with --out (its evaluations copy another file's; "
                    "name the file itself to include it): {name}"),
    "skip_copy": ("已跳过 collab-xl 用 --out 写出的标记副本(其中的数据是另一文件的副本;直接写出文件名即可包含):{name}",
                  "Skipped a marked copy collab-xl wrote with --out (its data copies another file's; "
                  "name the file itself to include it): {name}"),
    "skip_backup": ("已跳过 --in-place 留下的备份文件:{name}", "Skipped a backup left by --in-place: {name}"),
})

SUFFIXES = {".xlsx", ".xlsm", ".xls"}
OUTPUT_PROPERTY = "collab-xl-output"     # custom document property of files written with --out
CUSTOM_PROPS = "docProps/custom.xml"     # where a workbook package keeps its custom properties


def is_our_output(path: Path) -> bool:
    """A workbook collab-xl wrote with --out carries the custom document property
    ``collab-xl-output``; read from docProps/custom.xml without opening the sheets."""
    return output_command(path) is not None


def output_command(path: Path) -> str | None:
    """The command that wrote ``path`` with --out (the value of its ``collab-xl-output``
    property: "rank", "validate", "late"; "" when unreadable), None when it is not our output."""
    try:
        with zipfile.ZipFile(path) as zf:
            if CUSTOM_PROPS not in zf.namelist():
                return None
            xml = zf.read(CUSTOM_PROPS)
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    at = xml.find(f'name="{OUTPUT_PROPERTY}"'.encode())
    if at < 0:
        return None
    m = re.match(rb'name="[^"]*"[^>]*>\s*<(?:[\w.-]+:)?lpwstr\b[^>]*>([^<]*)<', xml[at:])
    return m.group(1).decode("utf-8", "replace") if m else ""


def mark_output(wb, command: str = "rank") -> None:
    """Tag an openpyxl workbook written with --out so that a later folder run does not count it
    twice (the property's value names the command that wrote it)."""
    from openpyxl.packaging.custom import StringProperty
    if OUTPUT_PROPERTY not in wb.custom_doc_props.names:
        wb.custom_doc_props.append(StringProperty(name=OUTPUT_PROPERTY, value=command))


def collect_files(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The workbooks named or found under folders (recursively: .xlsx/.xlsm/.xls, not ~$ lock
    files, hidden files, --in-place backups or our own --out results), each once; and the
    files skipped as (message key of :data:`M`, name)."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if not p.exists():
            raise M.error("not_found", path=p)
        if not p.is_dir():
            files.append(p)
            continue
        for f in sorted(p.rglob("*")):
            if not f.is_file() or f.suffix.lower() not in SUFFIXES or f.name.startswith(("~$", ".")):
                continue
            if f.stem.endswith(".bak"):
                skipped.append(("skip_backup", str(f)))
            elif (command := output_command(f)) is not None:
                # a marked copy of validate / late, or a ranking (rank's wording, as before)
                skipped.append(("skip_copy" if command in ("validate", "late") else "skip_output", str(f)))
            else:
                files.append(f)
    seen, unique = set(), []
    for f in files:
        k = f.resolve()
        if k not in seen:
            seen.add(k)
            unique.append(f)
    if not unique:
        shown = ", ".join(map(str, paths))
        raise M.error("no_files", paths=shown)
    return unique, skipped


def display_names(files: list[Path]) -> list[str]:
    """How the files are named to the user: their names, or their paths when two names clash."""
    names = [f.name for f in files]
    return names if len(set(names)) == len(names) else [str(f) for f in files]
