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
from collab_xl.i18n import Messages, norm_lang

M = Messages({
    "bad_format": ("--format 只能是 text 或 json,而不是 {fmt}", "--format must be text or json, not {fmt}"),
    "no_rule": ("没有规则 {code};运行 collab-xl rules 查看全部", "No rule {code}; run collab-xl rules to list them"),
    "interrupted": ("已中断,输入文件未改动", "Interrupted; the input is unchanged"),
    "no_memory": ("内存不足,无法完成(文件过大?)", "Not enough memory to finish (is the file too large?)"),
    "internal": ("内部错误({kind}):{error}。请把此信息与文件一起报告给维护者。",
                 "Internal error ({kind}): {error}. Please report it with the file."),
    "bad_args": ("参数错误:{detail}", "Bad arguments: {detail}"),
})

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
        raise M.error("bad_format", fmt=fmt)
    return Options(lang=_lang(lang), today=parse_date(today), fmt=fmt, out=out, in_place=in_place, config_path=config)


def _emit(outcome, opts) -> None:
    """Print a command's outcome: the JSON document or the screen view on stdout, then (after a
    run that finished, exit 0 or 1) its notices on stderr, one line each."""
    if opts.fmt == "json":
        sys.stdout.write(outcome.json() + "\n")
    else:
        outcome.show(Console())
    if outcome.exit_code in (0, 1):
        _notices(outcome.notices, opts.lang)
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


def _arg_lang(args: list[str]) -> str:
    """The language asked for on the command line (--lang en / --lang=en), else the default."""
    lang = _lang(None)
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            lang = _lang(args[i + 1])
        elif a.startswith("--lang="):
            lang = _lang(a.split("=", 1)[1])
    return lang


def _say(text: str) -> None:
    """One line on stderr."""
    try:
        print(" ".join(str(text).split("\n")).strip(), file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _notices(notices, lang: str) -> None:
    for zh, en in notices:
        _say(en if lang == "en" else zh)


def _usage_zh(e: TyperException) -> str:
    """A usage error (unknown option, missing argument …) in Chinese; the parser only speaks English."""
    import re
    kind = type(e).__name__
    msg = getattr(e, "message", "") or ""
    param = getattr(e, "param", None)
    ctx = getattr(e, "ctx", None)
    hint = ""
    if param is not None:
        try:
            hint = param.get_error_hint() if ctx is None else param.get_error_hint(ctx)
        except TypeError:
            hint = param.get_error_hint()
        except Exception:
            hint = getattr(param, "name", "") or ""
    if kind == "NoSuchOption":
        text = f"没有这个选项:{getattr(e, 'option_name', '')}"
        if getattr(e, "possibilities", None):
            text += f"(可能是:{', '.join(sorted(e.possibilities))})"
        return text
    if kind == "MissingParameter":
        name = hint.strip("'\"")
        return f"缺少参数 {name.upper() if not name.startswith('-') else name}".strip()
    if kind == "BadParameter":
        return f"参数 {hint} 的值无效".replace("  ", " ")
    if kind == "BadOptionUsage":
        opt = getattr(e, "option_name", "")
        if "requires" in msg:
            return f"选项 {opt} 后面需要一个值"
        if "does not take a value" in msg:
            return f"选项 {opt} 不接受值"
        return f"选项 {opt} 的用法不对"
    if kind == "BadArgumentUsage":
        return "参数的个数不对"
    m = re.match(r"No such command '([^']*)'\.(?: Did you mean '([^']*)'\?)?", msg)
    if m:
        if m.group(2):
            return f"没有这个命令:{m.group(1)}(是不是 {m.group(2)}?)"
        return f"没有这个命令:{m.group(1)}(可用 collab-xl --help 查看全部命令)"
    m = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", msg)
    if m:
        return f"多余的参数:{m.group(1)}"
    if msg.startswith("Missing command"):
        return "缺少命令(可用 collab-xl --help 查看全部命令)"
    return "命令行参数不对(可用 collab-xl --help 查看用法)"


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns every failure into one line on stderr and exit 2 (no traceback unless
    COLLAB_XL_DEBUG=1). The notices of a run that finished (exit 0 or 1) come with its Outcome
    and are printed by ``_emit``."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = _arg_lang(args)
    for stream in (sys.stdout, sys.stderr):   # a console that cannot show a character must not crash us
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass
    if not os.environ.get("COLLAB_XL_DEBUG"):
        # Errors Python can only report while cleaning up (an object failing in __del__) are not
        # the user's business and must not print a traceback.
        sys.unraisablehook = lambda unraisable: None
    code = 2
    try:
        rv = app(args=args, standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
    except typer.Exit as e:
        code = e.exit_code
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    except UserError as e:
        _say(e.text(lang))
        sys.exit(2)
    except TyperException as e:  # usage errors: unknown option, missing argument …
        if type(e).__name__ == "NoArgsIsHelpError":   # plain `collab-xl`: the help, as click shows it
            try:
                e.show()
            except Exception:
                pass
            sys.exit(2)
        if lang == "en":
            fmt = getattr(e, "format_message", None)
            detail = fmt() if fmt else str(e)
        else:
            detail = _usage_zh(e)
        _say(M("bad_args", lang, detail=detail))
        sys.exit(2)
    except typer.Abort:
        sys.exit(2)
    except KeyboardInterrupt:
        _say(M("interrupted", lang))
        sys.exit(130)
    except BrokenPipeError:
        try:  # the reader of stdout went away (collab-xl … | head): nothing more to say
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        sys.exit(141)
    except MemoryError:
        _say(M("no_memory", lang))
        sys.exit(2)
    except BaseException as e:  # the last line of defence (also Rust panics from readers): one line, no traceback
        if os.environ.get("COLLAB_XL_DEBUG"):
            raise
        _say(M("internal", lang, kind=type(e).__name__, error=e))
        sys.exit(2)
    sys.exit(code)


if __name__ == "__main__":
    main()
