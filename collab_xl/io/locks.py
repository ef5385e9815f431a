"""May collab-xl write this file now? Two checks made before anything is written.

* **Open in Excel.** While Excel has a workbook open it keeps an *owner file* beside it, named
  ``~$`` + the workbook's full file name (``进度表.xlsx`` → ``~$进度表.xlsx``), holding the name of
  the user who opened it. Excel and PowerPoint always use the full name; only Word shortens it
  (for a name of 8 or more characters before the extension it replaces the first two characters
  with ``~$``, for 7 the first one: ``OfficeReport.docx`` → ``~$ficeReport.docx``). Source:
  LibreOffice, which writes owner files Microsoft Office honours:
  https://github.com/LibreOffice/core/blob/master/svl/source/misc/msodocumentlockfile.cxx
  (``GenerateMSOLockFileURL``: the shortening applies to doc/docx/rtf/odt only) and its tests
  https://github.com/LibreOffice/core/blob/master/svl/qa/unit/lockfiles/test_lockfiles.cxx
  (``12345678.xlsx`` → ``~$12345678.xlsx``, ``1.xlsx`` → ``~$1.xlsx``). So only the exact name
  counts: ``~$进度表.xlsx`` says nothing about ``5月进度表.xlsx``.
* **Read-only.** ``--in-place`` replaces the file by renaming a new one over it, which a writable
  folder allows even for a read-only file (Windows would refuse, and the user marked it so for a
  reason): a file nobody may write is refused, also for root, who may write anything.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from collab_xl.i18n import Messages

M = Messages({
    "open_in_excel": ("工作簿正在 Excel 中打开(发现锁文件 ~${name}),请先关闭再写入:{name}",
                      "The workbook is open in Excel (lock file ~${name} found); close it first: {name}"),
    "read_only": ("文件是只读的,collab-xl 不会改写它;请先取消只读属性,或改用 --out 写入新文件:{name}",
                  "The file is read-only, so collab-xl will not rewrite it; make it writable first, or use "
                  "--out to write a new file: {name}"),
})

LOCK_PREFIX = "~$"


def lock_file(path: str | Path) -> Path:
    """The owner file Excel keeps beside ``path`` while the workbook is open: ``~$`` + its full
    name (never shortened, unlike Word's; see the module docstring)."""
    # Excel: "~$" + the full name, whatever its length (LibreOffice's GenerateMSOLockFileURL,
    # svl/source/misc/msodocumentlockfile.cxx); Word's "~$" + name[2:] is for documents only.
    path = Path(path)
    return path.with_name(LOCK_PREFIX + path.name)


def check_not_open(path: str | Path) -> None:
    """Refuse (one line) to write ``path`` while Excel has it open."""
    path = Path(path)
    if lock_file(path).exists():
        raise M.error("open_in_excel", name=path.name)


def check_writable(path: str | Path) -> None:
    """Refuse (one line) to rewrite an existing ``path`` that is read-only: no write permission
    for the one running (``os.access``), or none for anyone (the mode has no write bit — the
    Windows read-only attribute shows so; root, whom ``os.access`` always allows, is refused too).
    A file that does not exist yet is not checked."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise M.error("read_only", name=path.name)
