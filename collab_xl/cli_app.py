"""The ``collab-xl`` command line's parser (typer): every command with its options and help.

``collab_xl.cli.main`` runs the common commands (validate, late, rank with the usual options)
without it, since importing typer, click and rich costs a tenth of a second on every run; this
module is imported for everything else (help, usage errors, the other commands), and its
behaviour is the command line's definition (interfaces.md)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from collab_xl.cli import M, _lang, _opts
from collab_xl.cli import _emit as _print


def _emit(outcome, opts) -> None:
    """Print a command's outcome (``collab_xl.cli._emit``) and exit with its code."""
    raise typer.Exit(_print(outcome, opts))


app = typer.Typer(
    name="collab-xl",
    help="collab-xl:按《企业内外部沟通协作交流指南》生成 Excel 模板并检查填写内容。"
         " Excel templates and checks for the collaboration guide (--lang en for English).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

LangOpt = typer.Option(None, "--lang", help="界面语言 zh(默认)或 en / language: zh (default) or en")
TodayOpt = typer.Option(None, "--today", help="以此日期为“今天”,如 2024-06-05(默认为本机日期) / the date taken as today")
FormatOpt = typer.Option("text", "--format", help="text(屏幕表格)或 json / text or json")
OutOpt = typer.Option(None, "--out", help="把结果写入新的工作簿(原文件不变) / write results to a new workbook")
InPlaceOpt = typer.Option(False, "--in-place", help="直接写回原文件(先保留 .bak 备份,原子替换) / rewrite the input, keeping a backup")
# validate and late, which take several files: --out is then a folder, --in-place rewrites each
ManyOutOpt = typer.Option(None, "--out", help="写入新的工作簿(原文件不变);多个文件时为文件夹 / "
                                              "write to a new workbook; with several files, a folder")
ManyInPlaceOpt = typer.Option(False, "--in-place", help="逐个写回原文件(各留 .bak 备份,原子替换) / "
                                                       "rewrite each input, keeping a backup")
ConfigOpt = typer.Option(None, "--config", help="配置文件 collab-xl.toml 的路径 / path of the configuration file")


@app.command()
def new(
    out: Optional[Path] = typer.Option(None, "--out", help="输出路径(默认 collab-xl-模板.xlsx) / output path"),
    table: Optional[List[str]] = typer.Option(None, "--table", help="只生成这些表(键名,如 partner_progress),可重复 / only these tables"),
    lang: Optional[str] = LangOpt,
):
    """生成模板工作簿(填写说明 + 每张表一页)。 Write the template workbook."""
    from collab_xl.app.new import run
    opts = _opts(lang, None, "text", None, False, None)
    _emit(run(out, list(table or []), opts), opts)


@app.command()
def validate(
    path: List[Path] = typer.Argument(..., help="一个或多个工作簿,或文件夹 / workbooks or folders"),
    today: Optional[str] = TodayOpt, format: str = FormatOpt, out: Optional[Path] = ManyOutOpt,
    in_place: bool = ManyInPlaceOpt, lang: Optional[str] = LangOpt, config: Optional[Path] = ConfigOpt,
):
    """校验每一张指南表格;多个文件一起读取,跨表规则跨文件核对。 Check every catalog table; several files are read together."""
    from collab_xl.app.validate import run
    opts = _opts(lang, today, format, out, in_place, config)
    _emit(run(list(path), opts), opts)


@app.command(name="map")
def map_(
    path: Path = typer.Argument(..., help="要查看的工作簿 / the workbook"),
    format: str = FormatOpt, lang: Optional[str] = LangOpt, config: Optional[Path] = ConfigOpt,
):
    """逐个工作表说明哪个表头对应哪一列、为什么(识别不出时给出最接近的表)。 Show which header matched which column, and why."""
    from collab_xl.app.mapping import run
    opts = _opts(lang, None, format, None, False, config)
    _emit(run(path, opts), opts)


@app.command()
def late(
    path: List[Path] = typer.Argument(..., help="一个或多个工作簿,或文件夹 / workbooks or folders"),
    today: Optional[str] = TodayOpt, format: str = FormatOpt, out: Optional[Path] = ManyOutOpt,
    in_place: bool = ManyInPlaceOpt, lang: Optional[str] = LangOpt, config: Optional[Path] = ConfigOpt,
):
    """列出逾期(已完成但晚于期限)和超期未完成的事项。 List late and overdue items."""
    from collab_xl.app.late import run
    opts = _opts(lang, today, format, out, in_place, config)
    _emit(run(list(path), opts), opts)


@app.command()
def rank(
    paths: List[Path] = typer.Argument(..., help="一个或多个工作簿,或文件夹 / workbooks or folders"),
    quarter: Optional[str] = typer.Option(None, "--quarter", help="季度,如 2024Q2(默认为数据中最近的季度) / quarter"),
    today: Optional[str] = TodayOpt, format: str = FormatOpt, out: Optional[Path] = OutOpt,
    in_place: bool = InPlaceOpt, lang: Optional[str] = LangOpt, config: Optional[Path] = ConfigOpt,
):
    """供应商季度评分排名与整改通知书。 Quarterly supplier ranking and rectification notices."""
    from collab_xl.app.rank import run
    opts = _opts(lang, today, format, out, in_place, config)
    _emit(run(list(paths), quarter, opts), opts)


@app.command()
def clear(
    path: Path = typer.Argument(..., help="工作簿 / the workbook"),
    out: Optional[Path] = OutOpt, in_place: bool = InPlaceOpt, lang: Optional[str] = LangOpt,
):
    """清除 collab-xl 的标记和结果页,恢复原样。 Remove collab-xl's marks and result sheets."""
    from collab_xl.app.clear import run
    opts = _opts(lang, None, "text", out, in_place, None)
    _emit(run(path, opts), opts)


@app.command()
def addin(
    out: Optional[Path] = typer.Option(None, "--out", help="add-in 输出路径(默认 collab_xl.xlam) / output path"),
    install: bool = typer.Option(False, "--install", help="安装到 Excel 启动目录 / install into Excel's start-up folder"),
    remove: bool = typer.Option(False, "--remove", help="从 Excel 启动目录移除 / remove it again"),
    status: bool = typer.Option(False, "--status", help="显示安装状态 / show whether it is installed"),
    lang: Optional[str] = LangOpt,
):
    """生成“协作助手”功能区加载项(collab_xl.xlam)。 Write the ribbon add-in for desktop Excel."""
    from collab_xl.app.addin import run
    opts = _opts(lang, None, "text", None, False, None)
    _emit(run(out, install, remove, status, opts), opts)


@app.command()
def rules(
    code: Optional[str] = typer.Argument(
        None, help="规则代码或名称,如 CX106 或 invalid-contact;省略则列出全部 / a rule code or name, or all"),
    lang: Optional[str] = LangOpt,
):
    """说明每条校验规则(含错误与正确示例)。 Explain the rules, with bad and good examples."""
    from rich.markdown import Markdown
    from collab_xl import ruledocs
    L = _lang(lang)
    if code:
        entry = ruledocs.find(code)
        if entry is None:
            raise M.error("no_rule", code=code)
        text = "\n".join(ruledocs.render_entry(entry, L))
    else:
        text = ruledocs.render(L)
    Console().print(Markdown(text))


@app.command()
def demo(
    out: Path = typer.Option(Path("collab-xl-demo"), "--out", help="输出文件夹 / output folder"),
    today: Optional[str] = TodayOpt, lang: Optional[str] = LangOpt, format: str = FormatOpt,
):
    """在内置示例上演示全部功能。 The main job on the bundled sample."""
    from collab_xl.app.demo import run
    opts = _opts(lang, today, format, None, False, None)
    _emit(run(out, opts), opts)


