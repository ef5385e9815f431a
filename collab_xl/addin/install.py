"""Install, remove and report ``collab_xl.xlam`` in Excel's start-up folder.

Excel opens every add-in in its user start-up folder when it starts; ``xlwings addin install``
uses the same folder (``Application.StartupPath``, which needs a running Excel; here the
folder is computed, so no Excel is started):

* Windows: ``%APPDATA%\\Microsoft\\Excel\\XLSTART``
* macOS (Excel 2016 and later, sandboxed):
  ``~/Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel``;
  RunPython on macOS also needs xlwings' AppleScript in
  ``~/Library/Application Scripts/com.microsoft.Excel`` (what ``xlwings runpython install`` does).
* Linux: no desktop Excel.

Every function takes ``directory`` to use another folder (tests, network installs) and
``lang`` for the returned message; problems the user can fix raise ``UserError``.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from collab_xl.addin.build import ADDIN_NAME, addin_bytes, write_atomic
from collab_xl.errors import UserError
from collab_xl.i18n import Messages

M = Messages({
    "no_excel": ("此系统({system})没有桌面版 Excel,加载项只能在 Windows 或 macOS 上安装。"
                 "可以用 collab-xl addin --out collab_xl.xlam 生成文件,再拷到装有 Excel 的电脑上安装。",
                 "There is no desktop Excel on this system ({system}); the add-in installs on "
                 "Windows or macOS only. Write the file with collab-xl addin --out "
                 "collab_xl.xlam and install it on a computer with Excel."),
    "installed": ("已安装“协作助手”加载项:{path}\n请重新启动 Excel(macOS 上用 Cmd-Q 完全退出),"
                  "功能区会出现“协作助手”选项卡。",
                  "The collab-xl add-in is installed: {path}\nRestart Excel (on macOS quit it "
                  "with Cmd-Q) and the \"协作助手\" tab appears on the ribbon."),
    "script_copied": ("已启用 macOS 上的 RunPython:{path}",
                      "RunPython enabled on macOS: {path}"),
    "config_created": ("已在 xlwings 用户配置中记录 Python:{python}({path})",
                       "Python recorded in the xlwings user config: {python} ({path})"),
    "config_kept": ("沿用现有的 xlwings 用户配置:{path}",
                    "Keeping the existing xlwings user config: {path}"),
    "config_failed": ("未能写入 xlwings 用户配置({reason});如 Excel 找不到 Python,请运行 "
                      "xlwings config create。",
                      "Could not write the xlwings user config ({reason}); if Excel cannot "
                      "find Python, run xlwings config create."),
    "busy": ("无法写入或删除 {path}:Excel 可能正在使用它。请先退出 Excel 再试。({reason})",
             "Cannot write or delete {path}: Excel may be using it. Quit Excel and try again. "
             "({reason})"),
    "removed": ("已删除“协作助手”加载项:{path}\n重新启动 Excel 后选项卡消失。",
                "The collab-xl add-in is removed: {path}\nThe tab disappears when Excel "
                "restarts."),
    "not_installed": ("“协作助手”加载项未安装({path} 不存在)。",
                      "The collab-xl add-in is not installed ({path} does not exist)."),
    "status_installed": ("已安装:{path}\n删除:collab-xl addin --remove",
                         "Installed: {path}\nRemove it with: collab-xl addin --remove"),
    "status_outdated": ("已安装:{path}\n但它与当前版本生成的加载项不同(collab-xl、xlwings 或 Excel "
                        "函数有更新),请运行 collab-xl addin --install 更新。",
                        "Installed: {path}\nbut it differs from the add-in this version builds "
                        "(collab-xl, xlwings or the Excel functions changed); run collab-xl "
                        "addin --install to update it."),
    "status_missing": ("未安装。collab-xl addin --install 会把它安装到:{path}",
                       "Not installed. collab-xl addin --install will install it to: {path}"),
})

_MAC_GROUP = Path("Library") / "Group Containers" / "UBF8T346G9.Office"
_MAC_SCRIPTS = Path("Library") / "Application Scripts" / "com.microsoft.Excel"


def default_addin_dir(platform: str | None = None) -> Path | None:
    """Excel's user start-up folder on this platform, or None where there is no desktop Excel."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        appdata = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    if platform == "darwin":
        group = Path.home() / _MAC_GROUP
        for content, startup in (("User Content.localized", "Startup.localized"),
                                 ("User Content", "Startup")):
            if (group / content).is_dir():
                return group / content / startup / "Excel"
        return group / "User Content.localized" / "Startup.localized" / "Excel"
    return None


def _system_name(platform: str) -> str:
    return "Linux" if platform.startswith("linux") else platform


def _folder(directory: Path | str | None, platform: str) -> Path:
    if directory is not None:
        return Path(directory)
    folder = default_addin_dir(platform)
    if folder is None:
        system = _system_name(platform)
        raise UserError(M("no_excel", "zh", system=system), M("no_excel", "en", system=system))
    return folder


def _busy(path: Path, exc: OSError) -> UserError:
    reason = exc.strerror or str(exc)
    return UserError(M("busy", "zh", path=path, reason=reason),
                     M("busy", "en", path=path, reason=reason))


def _enable_runpython_mac(lang: str | None) -> str:
    """Copy xlwings' AppleScript where sandboxed Excel may run it (xlwings runpython install)."""
    import xlwings

    source = Path(xlwings.__file__).resolve().parent / f"xlwings-{xlwings.__version__}.applescript"
    target_dir = Path.home() / _MAC_SCRIPTS
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / source.name
    shutil.copyfile(source, target)
    return M("script_copied", lang, path=target)


def _configure_interpreter(lang: str | None) -> str:
    """Record this Python in xlwings' user config if there is none yet, as ``xlwings addin
    install`` does, so RunPython and the functions find the Python that has collab-xl."""
    try:
        import xlwings
        from xlwings import cli

        path = Path(xlwings.USER_CONFIG_FILE)
        if path.exists():
            return M("config_kept", lang, path=path)
        cli.config_create(None)
        return M("config_created", lang, python=sys.executable, path=path)
    except Exception as exc:  # the add-in works without it when Python is on PATH
        return M("config_failed", lang, reason=f"{type(exc).__name__}: {exc}")


def install_addin(directory: Path | str | None = None, *, lang: str | None = None,
                  platform: str | None = None, configure: bool | None = None) -> str:
    """Build the add-in into Excel's start-up folder (or ``directory``); returns a message.

    ``configure`` (default: only for a real install, i.e. without ``directory``) records this
    Python in xlwings' user config when that file does not exist yet.
    """
    platform = platform or sys.platform
    folder = _folder(directory, platform)
    target = folder / ADDIN_NAME
    data, _, _ = addin_bytes()
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise _busy(target, exc) from exc
    lines = [M("installed", lang, path=target)]
    if platform == "darwin" and directory is None:
        lines.append(_enable_runpython_mac(lang))
    if configure if configure is not None else directory is None:
        lines.append(_configure_interpreter(lang))
    return "\n".join(lines)


def remove_addin(directory: Path | str | None = None, *, lang: str | None = None,
                 platform: str | None = None) -> str:
    """Delete the installed add-in; returns a message (also when it was not installed)."""
    platform = platform or sys.platform
    target = _folder(directory, platform) / ADDIN_NAME
    if not target.exists():
        return M("not_installed", lang, path=target)
    try:
        target.unlink()
    except OSError as exc:
        raise _busy(target, exc) from exc
    return M("removed", lang, path=target)


def addin_status(directory: Path | str | None = None, *, lang: str | None = None,
                 platform: str | None = None) -> str:
    """Whether the add-in is installed, and whether it matches what this version builds."""
    platform = platform or sys.platform
    if directory is None and default_addin_dir(platform) is None:
        return M("no_excel", lang, system=_system_name(platform))
    target = _folder(directory, platform) / ADDIN_NAME
    if not target.is_file():
        return M("status_missing", lang, path=target)
    data, _, _ = addin_bytes()
    key = "status_installed" if target.read_bytes() == data else "status_outdated"
    return M(key, lang, path=target)
