"""``collab-xl addin``: write the ribbon add-in, or install / remove / report it."""
from __future__ import annotations

from pathlib import Path

from collab_xl.app.common import Options, Outcome
from collab_xl.i18n import Messages

M = Messages({
    "built": ("已生成加载项:{path}\n安装:collab-xl addin --install(Windows 会复制到 Excel 启动目录 XLSTART),或在 Excel 中"
              "“文件 → 选项 → 加载项 → 转到 → 浏览”选择该文件。详见 docs/addin.md。",
              "Add-in written: {path}\nInstall it with: collab-xl addin --install (copies it into Excel's XLSTART folder on "
              "Windows), or in Excel via File → Options → Add-ins → Go → Browse. See docs/addin.md."),
})


def run(out: Path | None, install: bool, remove: bool, status: bool, opts: Options) -> Outcome:
    from collab_xl import addin as ad
    if install:
        msg = ad.install_addin(lang=opts.lang)
    elif remove:
        msg = ad.remove_addin(lang=opts.lang)
    elif status:
        msg = ad.addin_status(lang=opts.lang)
    else:
        path = ad.build_addin(out)
        msg = M("built", opts.lang, path=path)
    return Outcome(doc={"message": str(msg)}, renderer=render, view=(str(msg),))


def render(con, message: str) -> None:
    con.print(message)
