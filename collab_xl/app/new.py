"""``collab-xl new``: write the template workbook (填写说明 + one sheet per table)."""
from __future__ import annotations

from pathlib import Path

from collab_xl.app.common import Options, Outcome
from collab_xl.catalog import TABLES
from collab_xl.i18n import Both, Messages, pick
from collab_xl.io.templates import build_template, resolve_tables
from collab_xl.io.xlsx_out import save_new

DEFAULT_NAMES = {"zh": "collab-xl-模板.xlsx", "en": "collab-xl-template.xlsx"}
SUFFIXES = {".xlsx", ".xltx"}

M = Messages({
    "written": ("已生成模板:{path}(共 {n} 张表:{tables})", "Template written: {path} ({n} tables: {tables})"),
    "next": ("填写后运行 collab-xl validate {name} 检查;填写说明见第一页。",
             "When filled, run collab-xl validate {name}; the first sheet explains every column."),
    "suffix": ("模板只能保存为 .xlsx 文件,而不是 {suffix}:{name}", "The template can only be saved as .xlsx, not {suffix}: {name}"),
    "sep": ("、", ", "),
    "no_ext": ("(无扩展名)", "(no extension)"),
})


def target_path(out: Path | None, lang: str) -> Path:
    """Where the template goes: ``out``, the default name inside ``out`` if it is a folder, or the
    default name in the current folder."""
    name = DEFAULT_NAMES["en" if lang == "en" else "zh"]
    if out is None:
        return Path.cwd() / name
    out = Path(out)
    if out.is_dir():
        return out / name
    if out.suffix.lower() not in SUFFIXES:
        suffix = Both(out.suffix, out.suffix) if out.suffix else Both(*M.pair("no_ext"))
        raise M.error("suffix", suffix=suffix, name=out.name)
    return out


def write_atomic(wb, path: Path) -> Path:
    """Save through a temporary file in the same folder, then replace: a failure leaves any
    existing file as it was (collab_xl.io.xlsx_out.save_new)."""
    return save_new(wb, path)


def run(out: Path | None, tables: list[str], opts: Options) -> Outcome:
    keys = resolve_tables(tables)
    path = target_path(out, opts.lang)
    wb = build_template(keys, opts.lang)
    wb.template = path.suffix.lower() == ".xltx"   # an Excel template file needs its own content type
    write_atomic(wb, path)
    doc = {"file": str(path), "tables": keys}
    return Outcome(doc=doc, exit_code=0, renderer=render, view=(path, keys, opts.lang), written=[path])


def render(con, path: Path, keys: list[str], lang: str) -> None:
    titles = M("sep", lang).join(pick(TABLES[k].full_title, lang) for k in keys)
    con.print(M("written", lang, path=path, n=len(keys), tables=titles), style="bold green")
    con.print(M("next", lang, name=path.name))
