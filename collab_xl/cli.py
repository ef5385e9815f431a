"""The ``collab-xl`` command line (interfaces.md). Thin: parse arguments, call ``collab_xl.app``,
print. Exit codes: 0 ran and found nothing wrong, 1 found errors (validate) or late items (late),
2 could not run — with one line on stderr in the user's language, never a traceback
(set COLLAB_XL_DEBUG=1 to see one)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from collab_xl.errors import UserError
from collab_xl.i18n import Messages, norm_lang

if TYPE_CHECKING:
    from typer.exceptions import TyperException

M = Messages({
    "bad_format": ("--format 只能是 text 或 json,而不是 {fmt}", "--format must be text or json, not {fmt}"),
    "no_rule": ("没有规则 {code};运行 collab-xl rules 查看全部", "No rule {code}; run collab-xl rules to list them"),
    "interrupted": ("已中断,输入文件未改动", "Interrupted; the input is unchanged"),
    "no_memory": ("内存不足,无法完成(文件过大?)", "Not enough memory to finish (is the file too large?)"),
    "internal": ("内部错误({kind}):{error}。请把此信息与文件一起报告给维护者。",
                 "Internal error ({kind}): {error}. Please report it with the file."),
    "bad_args": ("参数错误:{detail}", "Bad arguments: {detail}"),
})


def _lang(lang: str | None) -> str:
    return norm_lang(lang or os.environ.get("COLLAB_XL_LANG"))


def _opts(lang, today, fmt, out, in_place, config):
    from collab_xl.app.common import Options, parse_date
    if fmt not in ("text", "json"):
        raise M.error("bad_format", fmt=fmt)
    return Options(lang=_lang(lang), today=parse_date(today), fmt=fmt, out=out, in_place=in_place, config_path=config)


def _emit(outcome, opts) -> int:
    """Print a command's outcome: the JSON document or the screen view on stdout, then (after a
    run that finished, exit 0 or 1) its notices on stderr, one line each; its exit code back."""
    if opts.fmt == "json":
        sys.stdout.write(outcome.json() + "\n")
    else:
        from rich.console import Console
        outcome.show(Console())
    if outcome.exit_code in (0, 1):
        _notices(outcome.notices, opts.lang)
    return outcome.exit_code


# ---------------------------------------------------------------------------------------------
# The common commands without the parser (typer, click and rich cost ≈ 0.1 s to import, on
# every click of an Excel button too): ``validate FILE…``, ``late FILE…`` and ``rank FILE…`` with
# the options below, each at most once, are run directly. Anything else — help, an unknown or
# repeated option, a value that looks like an option, ``--`` — goes to the typer parser
# (``collab_xl.cli_app``), which defines the command line; the two give the same results.
_VALUE_OPTS = {
    "validate": {"--today", "--format", "--out", "--lang", "--config"},
    "late": {"--today", "--format", "--out", "--lang", "--config"},
    "rank": {"--quarter", "--today", "--format", "--out", "--lang", "--config"},
}
_FLAG_OPTS = {"--in-place"}


def _plain_args(args: list[str]) -> tuple[str, list[str], dict] | None:
    """(command, positional arguments, options) when ``args`` is a plain run of a common
    command; None when the parser must judge them."""
    if not args or args[0] not in _VALUE_OPTS:
        return None
    command, values = args[0], _VALUE_OPTS[args[0]]
    positional: list[str] = []
    options: dict = {}
    i = 1
    while i < len(args):
        a = args[i]
        if not a.startswith("-"):
            positional.append(a)
        else:
            name, eq, value = a.partition("=")
            if name in _FLAG_OPTS and not eq:
                value = True
            elif name in values:
                if not eq:
                    if i + 1 >= len(args):
                        return None
                    i += 1
                    value = args[i]
                if not value or value.startswith("-"):
                    return None
            else:
                return None
            if name in options:
                return None
            options[name] = value
        i += 1
    if not positional:
        return None
    return command, positional, options


def _run_plain(command: str, positional: list[str], options: dict) -> int:
    """Run a common command as its typer definition in ``collab_xl.cli_app`` does, without the
    cyclic garbage collector (unless COLLAB_XL_GC=1): a 100,000-row sheet is millions of live
    objects that every full collection walks again, ≈ 10 % of the run, while the run makes next
    to no cyclic garbage (peak memory is the same; docs/benchmarks.md). The collector is back on
    when the command returns (main() may be called in a longer-lived process)."""
    import gc
    if os.environ.get("COLLAB_XL_GC") == "1" or not gc.isenabled():
        return _run_command(command, positional, options)
    gc.disable()
    try:
        return _run_command(command, positional, options)
    finally:
        gc.enable()


def _run_command(command: str, positional: list[str], options: dict) -> int:
    get = options.get
    out, config = get("--out"), get("--config")
    from collab_xl.io import prefetch
    prefetch.start(positional)      # read the files while the modules below import
    if command == "validate":
        from collab_xl.app.validate import run
    elif command == "late":
        from collab_xl.app.late import run
    else:
        from collab_xl.app.rank import run
    opts = _opts(get("--lang"), get("--today"), get("--format", "text"), Path(out) if out else None,
                 bool(get("--in-place", False)), Path(config) if config else None)
    paths = [Path(p) for p in positional]      # one file, several, or folders
    if command == "rank":
        return _emit(run(paths, get("--quarter"), opts), opts)
    return _emit(run(paths, opts), opts)


def _run_parser(args: list[str], lang: str) -> int:
    """Any command line, through the typer parser: usage errors become one line and exit 2."""
    import typer
    from typer.exceptions import TyperException

    from collab_xl.cli_app import app
    try:
        rv = app(args=args, standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except typer.Exit as e:
        return e.exit_code
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
        plain = _plain_args(args)
        code = _run_plain(*plain) if plain is not None else _run_parser(args, lang)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    except UserError as e:
        _say(e.text(lang))
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
    if argv is None:
        # The process ends here (the console script): no last collection over every module's
        # objects at exit (≈ 0.05 s). A caller passing argv keeps its collector as it was.
        import gc
        gc.disable()
    sys.exit(code)


if __name__ == "__main__":
    main()
