"""The ``collab-xl`` command line (interfaces.md). Thin: parse arguments, call ``collab_xl.app``,
print. Exit codes: 0 ran and found nothing wrong, 1 found errors (validate) or late items (late),
2 could not run — with one line on stderr in the user's language, never a traceback
(set COLLAB_XL_DEBUG=1 to see one)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from typer.exceptions import TyperException
from rich.console import Console

from collab_xl.errors import UserError
from collab_xl.i18n import norm_lang

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
ConfigOpt = typer.Option(None, "--config", help="配置文件 collab-xl.toml 的路径 / path of the configuration file")


def _lang(lang: Optional[str]) -> str:
    return norm_lang(lang or os.environ.get("COLLAB_XL_LANG"))


def _opts(lang, today, fmt, out, in_place, config):
    from collab_xl.app.common import Options, parse_date
    if fmt not in ("text", "json"):
        raise UserError(f"--format 只能是 text 或 json,而不是 {fmt}", f"--format must be text or json, not {fmt}")
    return Options(lang=_lang(lang), today=parse_date(today), fmt=fmt, out=out, in_place=in_place, config_path=config)


def _emit(outcome, opts) -> None:
    if opts.fmt == "json":
        sys.stdout.write(outcome.json() + "\n")
    elif outcome.render is not None:
        outcome.render(Console())
    raise typer.Exit(outcome.exit_code)


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
    path: Path = typer.Argument(..., help="要检查的工作簿 / the workbook to check"),
    today: Optional[str] = TodayOpt, format: str = FormatOpt, out: Optional[Path] = OutOpt,
    in_place: bool = InPlaceOpt, lang: Optional[str] = LangOpt, config: Optional[Path] = ConfigOpt,
):
    """校验工作簿中找到的每一张指南表格。 Check every catalog table in a workbook."""
    from collab_xl.app.validate import run
    opts = _opts(lang, today, format, out, in_place, config)
    _emit(run(path, opts), opts)


@app.command()
def late(
    path: Path = typer.Argument(..., help="要检查的工作簿 / the workbook to check"),
    today: Optional[str] = TodayOpt, format: str = FormatOpt, out: Optional[Path] = OutOpt,
    in_place: bool = InPlaceOpt, lang: Optional[str] = LangOpt, config: Optional[Path] = ConfigOpt,
):
    """列出逾期(已完成但晚于期限)和超期未完成的事项。 List late and overdue items."""
    from collab_xl.app.late import run
    opts = _opts(lang, today, format, out, in_place, config)
    _emit(run(path, opts), opts)


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
    code: Optional[str] = typer.Argument(None, help="规则代码,如 CX106;省略则列出全部 / a rule code, or all"),
    lang: Optional[str] = LangOpt,
):
    """说明每条校验规则(含错误与正确示例)。 Explain the rules, with bad and good examples."""
    from rich.markdown import Markdown
    from collab_xl.ruledocs import render
    text = render(_lang(lang))
    if code:
        code = code.upper()
        parts = text.split("\n## ")
        found = [p for p in parts if p.startswith(code + " ")]
        if not found:
            raise UserError(f"没有规则 {code};运行 collab-xl rules 查看全部", f"No rule {code}; run collab-xl rules to list them")
        text = "## " + found[0]
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


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns every failure into one line on stderr and exit 2."""
    lang = _lang(None)
    args = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in args:
        i = args.index("--lang")
        if i + 1 < len(args):
            lang = _lang(args[i + 1])
    try:
        rv = app(args=args, standalone_mode=False)
        sys.exit(rv if isinstance(rv, int) else 0)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except UserError as e:
        print(e.text(lang), file=sys.stderr)
        sys.exit(2)
    except TyperException as e:  # usage errors: unknown option, missing argument …
        prefix = "参数错误:" if lang == "zh" else "Bad arguments: "
        fmt = getattr(e, "format_message", None)
        print(prefix + (fmt() if fmt else str(e)).replace("\n", " "), file=sys.stderr)
        sys.exit(2)
    except typer.Abort:
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:  # the last line of defence: one line, no traceback
        if os.environ.get("COLLAB_XL_DEBUG"):
            raise
        text = (f"内部错误({type(e).__name__}):{e}。请把此信息与文件一起报告给维护者。" if lang == "zh"
                else f"Internal error ({type(e).__name__}): {e}. Please report it with the file.")
        print(text.replace("\n", " "), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
