"""What every command shares: options, loading a workbook once, the outcome a command returns."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from collab_xl.catalog import Context
from collab_xl.i18n import Messages, norm_lang
from collab_xl.io.notices import Notices

M = Messages({
    "out_and_in_place": ("--out 与 --in-place 只能选一个", "Use either --out or --in-place, not both"),
    "bad_today": ("--today 不是有效日期:{text}(请写成 2024-06-05)", "--today is not a valid date: {text} (write 2024-06-05)"),
})


@dataclass
class Options:
    lang: str = "zh"
    today: dt.date = field(default_factory=dt.date.today)
    fmt: str = "text"                 # text | json
    out: Path | None = None
    in_place: bool = False
    config_path: Path | None = None
    quiet: bool = False
    # The notices of this command run: the reader's (validate.load) and the writer's
    # (XlsxSession(..., notices=)) are collected here and returned in the Outcome.
    notices: Notices = field(default_factory=Notices, repr=False, compare=False)

    def __post_init__(self):
        self.lang = norm_lang(self.lang)
        if self.out is not None and self.in_place:
            raise M.error("out_and_in_place")

    @property
    def writes(self) -> bool:
        return self.out is not None or self.in_place

    def config(self):
        from collab_xl.config import load_config
        return load_config(self.config_path)

    def context(self, config=None) -> Context:
        return Context(today=self.today, config=config if config is not None else self.config())


@dataclass
class Outcome:
    """A command's result: the JSON document, an exit code, how to show it on screen, the files
    written and the notices (zh, en) the command found, for stderr.

    On screen (--format text) ``show(console)`` calls ``renderer(console, *view)``: a plain
    function of the command module and the data it draws, held here explicitly."""
    doc: dict
    exit_code: int = 0
    written: list[Path] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)
    renderer: Callable[..., None] | None = None
    view: tuple[Any, ...] = ()

    def show(self, console) -> None:
        """Draw the outcome for --format text."""
        if self.renderer is not None:
            self.renderer(console, *self.view)

    def json(self) -> str:
        return json.dumps(self.doc, ensure_ascii=False, indent=2, default=str)


def parse_date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    from collab_xl.cells.parse import one_date
    d = one_date(text)
    if d is None:
        raise M.error("bad_today", text=text)
    return d
