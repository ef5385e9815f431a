"""Reading workbook files into grids: values only, through python-calamine (the fastest reader
measured here), once per sheet. Nothing here writes, so reading never changes the input.

Every failure a user can cause becomes a ``UserError`` with one line in each language.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from collab_xl.core.grid import Grid
from collab_xl.errors import UserError

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xlam", ".xls", ".xlsb", ".ods"}
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xlam", ".ods"}
MAX_UNCOMPRESSED = 2 * 1024**3        # 2 GiB declared in all: beyond that, refuse (zip bomb)
MAX_RATIO = 400                       # a member that expands more than this is suspicious…
MAX_RATIO_MIN_SIZE = 200 * 1024**2    # …once it also declares more than 200 MiB
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(path: Path) -> str:
    """What the file really is, by its first bytes: zip, ole (xls or encrypted OOXML), text."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK"):
        return "zip"
    if head == OLE_MAGIC:
        return "ole"
    return "other"


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            names = {i.filename for i in infos}
            bomb = total > MAX_UNCOMPRESSED or any(
                i.file_size > MAX_RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise UserError(f"文件已损坏,无法作为工作簿打开:{path.name}",
                        f"The file is damaged and cannot be opened as a workbook: {path.name}") from e
    if bomb:
        raise UserError(f"文件解压后过大(可能是压缩炸弹),已拒绝读取:{path.name}",
                        f"The file would expand to an unsafe size (a zip bomb?); not read: {path.name}")
    if "xl/workbook.xml" not in names and "content.xml" not in names and "xl/workbook.bin" not in names:
        raise UserError(f"这是一个压缩包,但不是 Excel 工作簿:{path.name}",
                        f"This is a zip archive but not an Excel workbook: {path.name}")


def _is_encrypted_ole(path: Path) -> bool:
    try:
        import olefile
    except ImportError:  # pragma: no cover - olefile comes with oletools/msoffcrypto
        return False
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo")
    except Exception:
        return False


def read_csv(path: Path) -> list[Grid]:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(f"无法识别 CSV 文件的编码:{path.name}", f"Cannot tell the encoding of the CSV file: {path.name}")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    return [Grid(name=path.stem, rows=rows)]


def read_workbook(path: str | Path) -> list[Grid]:
    """Every sheet of a workbook as a Grid of raw values (merged ranges noted, not yet filled)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件:{path}", f"File not found: {path}")
    if path.is_dir():
        raise UserError(f"这是一个文件夹,不是工作簿:{path}", f"This is a folder, not a workbook: {path}")
    if path.name.startswith("~$"):
        raise UserError(f"这是 Excel 的临时锁文件,不是工作簿:{path.name}",
                        f"This is an Excel lock file, not a workbook: {path.name}")
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise UserError(f"文件是空的:{path.name}", f"The file is empty: {path.name}")
    kind = _sniff(path)
    if suffix in (".csv", ".txt") or (kind == "other" and suffix not in EXCEL_SUFFIXES):
        if kind == "other":
            return read_csv(path)
    if kind == "other":
        raise UserError(f"不是 Excel 工作簿(内容不是 xlsx/xls 格式,可能是改了扩展名的文本文件):{path.name}",
                        f"Not an Excel workbook (the content is not xlsx/xls; a renamed text file?): {path.name}")
    if kind == "zip":
        _check_zip(path)
    if kind == "ole" and _is_encrypted_ole(path):
        raise UserError(f"工作簿设置了打开密码,请先在 Excel 中取消密码再检查:{path.name}",
                        f"The workbook is password-protected; remove the password in Excel first: {path.name}")
    from python_calamine import CalamineWorkbook
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error types, and sometimes plain ones
        raise UserError(f"无法读取工作簿(文件损坏或格式不受支持):{path.name}",
                        f"Cannot read the workbook (damaged or unsupported format): {path.name}") from e
    grids = []
    try:
        for meta in wb.sheets_metadata:
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=True)
                start = sheet.start or (0, 0)
                merged = sheet.merged_cell_ranges or []
            except Exception as e:
                raise UserError(f"无法读取工作表「{meta.name}」(文件可能已损坏):{path.name}",
                                f"Cannot read the sheet \"{meta.name}\" (the file may be damaged): {path.name}") from e
            visible = str(meta.visible).lower().endswith("visible") and "hidden" not in str(meta.visible).lower()
            grids.append(Grid(name=meta.name, rows=rows, row0=start[0], col0=start[1],
                              visible=visible, merged=[tuple(map(tuple, m)) for m in merged]))
    finally:
        wb.close()
    return grids
