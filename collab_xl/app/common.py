"""What every command shares: options, loading a workbook once, the outcome a command returns."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from collab_xl.catalog import Context
from collab_xl.errors import UserError
from collab_xl.i18n import norm_lang


@dataclass
class Options:
    lang: str = "zh"
    today: dt.date = field(default_factory=dt.date.today)
    fmt: str = "text"                 # text | json
    out: Path | None = None
    in_place: bool = False
    config_path: Path | None = None
    quiet: bool = False

    def __post_init__(self):
        self.lang = norm_lang(self.lang)
        if self.out is not None and self.in_place:
            raise UserError("--out 与 --in-place 只能选一个", "Use either --out or --in-place, not both")

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
    """A command's result: the JSON document, an exit code, and how to show it on screen."""
    doc: dict
    exit_code: int = 0
    render: Callable | None = None     # render(console) for --format text
    written: list[Path] = field(default_factory=list)

    def json(self) -> str:
        return json.dumps(self.doc, ensure_ascii=False, indent=2, default=str)


def parse_date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    import pandas as pd
    from collab_xl.cells.parse import parse_dates
    d = parse_dates(pd.Series([text]))
    if d["bad"].iloc[0] or d["noyear"].iloc[0] or d["value"].isna().iloc[0]:
        raise UserError(f"--today 不是有效日期:{text}(请写成 2024-06-05)", f"--today is not a valid date: {text} (write 2024-06-05)")
    return d["value"].iloc[0].date()
