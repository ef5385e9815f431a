"""Several workbooks given to one command (``validate A.xlsx B.xlsx …``, ``late …``, folders too):
read together, each checked and reported on its own.

* The workbooks are the paths as named, folders searched (``io.workbook_files.collect_files``:
  backups and our own ``--out`` copies left out). Every file is read, and its tables found and
  prepared, once (``core.validate.prepare_grids``), before any is checked; a file that cannot be
  read stops the command (one line, exit 2), before anything is written.
* Each file is then checked with the other files' prepared tables visible to the rules that read
  another table (``ctx.table(key)``, ``ctx.directory``): 采购订单 in one file is checked against
  the 供应商名录 of another (CX251), a 名录 against the 供应商评估表 of another (CX243), a register
  against 表1's projects and people wherever 表1 is.
* Rules comparing rows within one table (a unique column, one row against the others of its
  table) stay per file: a file's findings about its own rows are the same whether it is checked
  alone or with others, and a clash between two files' rows could not be put on one cell
  without blaming one file for the other's row.
* Findings, late items and marks stay on their own file, sheet and cell; a file without a
  catalog table among several is a one-line notice (its one-file refusal) and the others are
  checked; only when no file has one does the command stop (exit 2).
* ``--in-place`` rewrites each checked file (each with its backup, atomically, nothing written
  when nothing changed); ``--out DIR`` writes each file's marked copy into the folder DIR under
  the file's own name, tagged as our output so a later run over that folder leaves it out.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from collab_xl.app.common import Options
from collab_xl.core.validate import Prepared, Report, prepare_grids, validate_grids
from collab_xl.errors import UserError
from collab_xl.i18n import Messages
from collab_xl.io import workbook_files

M = Messages({
    "about": ("{name}:{text}", "{name}: {text}"),
    "out_not_folder": ("给出多个文件时,--out 须是一个文件夹(每个文件的标记副本以原文件名写入其中),而不是 {out}",
                       "With several files, --out must be a folder (each file's marked copy goes into it under "
                       "its own name), not {out}"),
    "out_same_name": ("有多个文件都叫 {name},无法以原文件名写入同一个 --out 文件夹;请分开运行",
                      "Several files are named {name}, so they cannot all go into one --out folder under their "
                      "own names; run them separately"),
    "out_is_input": ("--out 文件夹中的副本 {target} 会覆盖输入文件;请换一个文件夹,或用 --in-place",
                     "The copy {target} in the --out folder would overwrite an input file; choose another "
                     "folder or use --in-place"),
})

# An --out that names a workbook cannot hold several files' copies.
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xltx", ".xltm", ".xlam", ".csv"}


def one_file(paths) -> Path | None:
    """The one workbook named, when the command line names exactly one path that is not a
    folder (the one-file command, unchanged); None for several paths or a folder. A folder named
    like a workbook (``表.xlsx/``) alone is taken as the workbook the user meant, and refused as
    before ("a folder, not a workbook")."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if len(paths) == 1:
        p = Path(paths[0])
        if not p.is_dir() or p.suffix.lower() in WORKBOOK_SUFFIXES:
            return p
    return None


@dataclass
class Book:
    """One workbook of the command, read and prepared once."""
    path: Path
    name: str                 # as the user is shown it: the file name, or its path when names clash
    grids: list
    owned: set[str]           # collab-xl's own sheets in it (not the user's data)
    prepared: Prepared
    target: Path | None       # where its copy goes with --out (None: no --out)


def about(name: str, pair: tuple[str, str]) -> tuple[str, str]:
    """A notice (zh, en) prefixed with the file it is about."""
    return M("about", "zh", name=name, text=pair[0]), M("about", "en", name=name, text=pair[1])


def read_books(paths, opts: Options, config) -> tuple[list[Book], list[dict]]:
    """Every workbook of ``paths`` read, its tables found and prepared, once; and the files left
    out of the folders searched, as ``{"file", "reason"}`` (their notices are on opts.notices).
    ``--out`` is judged before anything is read."""
    from collab_xl.app.legacy import is_our_result_sheet
    from collab_xl.core.output import owned_sheets
    from collab_xl.io.read import read_workbook
    _check_out_name(opts)
    files, skipped = workbook_files.collect_files(list(paths))
    names = workbook_files.display_names(files)
    targets = out_targets(files, opts)
    left_out = []
    for key, name in skipped:
        opts.notices.add(*workbook_files.M.pair(key, name=name))
        left_out.append({"file": name, "reason": workbook_files.M(key, opts.lang, name=name)})
    ctx = opts.context(config)
    books = []
    for f, name, target in zip(files, names, targets):
        grids = read_workbook(f)
        for pair in grids.notices:
            opts.notices.add(*about(name, pair))
        owned = owned_sheets(grids, ours=is_our_result_sheet)
        books.append(Book(f, name, grids, owned, prepare_grids(grids, ctx, owned=owned), target))
    return books, left_out


def check_books(books: list[Book], opts: Options, config) -> list[Report | UserError]:
    """Each book checked with the others' prepared tables visible to rules reading another table;
    for a book with no catalog table, why it cannot be checked (its one-file refusal)."""
    from collab_xl.app.validate import nothing_found
    ctx = opts.context(config)
    tables = [b.prepared.tables() for b in books]
    out: list[Report | UserError] = []
    for i, b in enumerate(books):
        if not b.prepared.hits:
            out.append(nothing_found(b.name, b.grids, ctx.config, b.owned))
            continue
        others: dict[str, tuple] = {}
        for j, t in enumerate(tables):
            if j != i:
                for key, frames in t.items():
                    others[key] = others.get(key, ()) + frames
        out.append(validate_grids(b.name, b.grids, ctx, opts.lang, prepared=b.prepared, others=others))
    return out


def refuse(opts: Options, name: str, error: UserError) -> dict:
    """A file left out (no table to check): a one-line notice, and its entry for ``skipped``."""
    opts.notices.add(error.zh, error.en)
    return {"file": name, "reason": error.text(opts.lang)}


def _check_out_name(opts: Options) -> None:
    out = opts.out
    if out is not None and (Path(out).suffix.lower() in WORKBOOK_SUFFIXES or Path(out).is_file()):
        raise M.error("out_not_folder", out=out)


def out_targets(files: list[Path], opts: Options) -> list[Path | None]:
    """With --out DIR, each file's copy DIR/<its name>; refused (before anything is read or
    written) when two files share a name or a copy would replace an input."""
    if opts.out is None:
        return [None] * len(files)
    folder = Path(opts.out)
    seen: dict[str, Path] = {}
    for f in files:
        if f.name.casefold() in seen:
            raise M.error("out_same_name", name=f.name)
        seen[f.name.casefold()] = f
    inputs = {f.resolve() for f in files}
    targets = [folder / f.name for f in files]
    for t in targets:
        if t.resolve() in inputs:
            raise M.error("out_is_input", target=t)
    return targets


def write_all(pairs: list[tuple[Book, object]], opts: Options, command: str) -> list[Path]:
    """Each book's Result written: in place (backup, atomic, nothing when nothing changed) or as
    its copy in the --out folder, tagged as our output. Every file is opened, and every target
    checked (not open in Excel, not read-only), before the first is written: a file that cannot
    be written that way stops the command before any is. The writer's notices name the file."""
    from collab_xl.app.legacy import is_our_result_sheet
    from collab_xl.io.locks import check_not_open, check_writable
    from collab_xl.io.notices import Notices
    from collab_xl.io.xlsx_out import XlsxSession
    sessions = []
    try:
        for book, _ in pairs:
            notices = Notices()
            sessions.append((XlsxSession(book.path, notices=notices, ours=is_our_result_sheet), notices))
            target = book.path if book.target is None else book.target
            check_not_open(target)
            if target.exists():
                check_writable(target)
    except BaseException:
        for session, _ in sessions:
            session.pkg.close()
        raise
    written = []
    for k, ((book, result), (session, notices)) in enumerate(zip(pairs, sessions)):
        try:
            session.write(result)
            if book.target is not None:
                session.mark_output(command)
            written.append(session.save(out=book.target, in_place=book.target is None))
        except BaseException:
            for s, _ in sessions[k:]:
                s.pkg.close()
            raise
        for pair in notices:
            opts.notices.add(*about(book.name, pair))
    return written
