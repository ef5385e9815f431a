"""The one configuration file: the guide's numbers as defaults, overridable in TOML.

Where it is read from (first found wins): the path given to :func:`load_config`, the
environment variable ``COLLAB_XL_CONFIG``, ``./collab-xl.toml`` in the current directory;
without any, :meth:`Config.default`. Every key, its default and the guide passage it comes from
are documented in docs/configuration.md; collab-xl.example.toml is a commented sample.

A mistake in the file (bad TOML, an unknown key, a wrong type or value) is a
:class:`~collab_xl.errors.UserError` whose one-line message names the file and the key.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from collab_xl.errors import UserError
from collab_xl.i18n import Both, Messages

ENV_VAR = "COLLAB_XL_CONFIG"
DEFAULT_NAME = "collab-xl.toml"
MAX_RANGE_DAYS = 366

M = Messages({
    "not_found": ("找不到配置文件:{path}", "Configuration file not found: {path}"),
    "unreadable": ("无法读取配置文件 {path}:{reason}", "Cannot read configuration file {path}: {reason}"),
    "bad_toml_at": ("配置文件 {path} 不是有效的 TOML:第 {line} 行第 {col} 列附近有错误",
                    "Configuration file {path} is not valid TOML: error near line {line}, column {col}"),
    "bad_toml": ("配置文件 {path} 不是有效的 TOML:{detail}",
                 "Configuration file {path} is not valid TOML: {detail}"),
    "unknown_key": ("配置文件 {path}:未知的配置项 {key}(可用的有:{known})",
                    "Configuration file {path}: unknown key {key} (known keys: {known})"),
    "wrong_type": ("配置文件 {path}:{key} 应为{expected},实际为 {value}",
                   "Configuration file {path}: {key} must be {expected}, not {value}"),
    "too_small": ("配置文件 {path}:{key} 应不小于 {low},实际为 {value}",
                  "Configuration file {path}: {key} must be at least {low}, not {value}"),
    "too_large": ("配置文件 {path}:{key} 应不大于 {high},实际为 {value}",
                  "Configuration file {path}: {key} must be at most {high}, not {value}"),
    "weights_total": ("配置文件 {path}:ranking.weights 五项权重合计应为 100,实际合计 {total}({weights})",
                      "Configuration file {path}: ranking.weights must total 100, they total {total} ({weights})"),
    "date_year": ("配置文件 {path}:{key} 中的日期 {date} 不在 {year} 年",
                  "Configuration file {path}: {key} holds {date}, which is not in {year}"),
    "range_order": ("配置文件 {path}:{key} 中的日期范围 {value} 起始日期晚于结束日期",
                    "Configuration file {path}: {key} holds the range {value}, which starts after it ends"),
    "range_long": ("配置文件 {path}:{key} 中的日期范围 {value} 超过 {days} 天,请检查是否写错",
                   "Configuration file {path}: {key} holds the range {value}, longer than {days} days; "
                   "please check it"),
    "both": ("配置文件 {path}:{date} 同时列为节假日(holidays)和调休工作日(workdays)",
             "Configuration file {path}: {date} is listed both as a holiday and as a working day"),
    "type_table": ("表(如 [{key}])", "a table (like [{key}])"),
    "type_int": ("整数", "a whole number"),
    "type_number": ("数字", "a number"),
    "type_list_text": ("文本列表(如 [\"视频会议\"])", "a list of texts (like [\"video call\"])"),
    "type_date": ("日期(如 2027-10-01)或日期范围(如 \"2027-10-01..2027-10-07\")",
                  "a date (like 2027-10-01) or a date range (like \"2027-10-01..2027-10-07\")"),
    "type_date_list": ("日期列表", "a list of dates"),
    "type_time": ("时刻(如 \"09:00\")", "a time of day (like \"09:00\")"),
    "type_choice": ("以下之一:{choices}", "one of: {choices}"),
    "not_positive": ("配置文件 {path}:{key} 应大于 0,实际为 {value}",
                     "Configuration file {path}: {key} must be more than 0, not {value}"),
    "hours_order": ("配置文件 {path}:hours.start({start})应早于 hours.end({end})",
                    "Configuration file {path}: hours.start ({start}) must be before hours.end ({end})"),
    "afternoon_order": ("配置文件 {path}:hours.afternoon({value})应在 hours.start({start})与 hours.end({end})之间",
                        "Configuration file {path}: hours.afternoon ({value}) must be between hours.start "
                        "({start}) and hours.end ({end})"),
    # [headers] / [sheets] (issue 12, docs/recognition.md)
    "type_text_or_list": ("文本或文本列表(如 \"单据编号\" 或 [\"单据编号\", \"PO号\"])",
                          "a text or a list of texts (like \"PO number\" or [\"PO number\", \"PO#\"])"),
    "header_twice": ("配置文件 {path}:表头「{text}」同时映射到 {first} 和 {second}",
                     "Configuration file {path}: the header \"{text}\" is mapped to both {first} and {second}"),
    # [scorecard] (issue 12, docs/ranking.md)
    "scorecard_count": ("配置文件 {path}:scorecard.dimensions 应有 1 至 5 项,实际 {n} 项",
                        "Configuration file {path}: scorecard.dimensions must have 1 to 5 entries, not {n}"),
    "scorecard_total": ("配置文件 {path}:scorecard.dimensions 各项满分合计应为 100,实际合计 {total}({dims})",
                        "Configuration file {path}: the maxima of scorecard.dimensions must total 100, they total "
                        "{total} ({dims})"),
    "scorecard_weights": ("配置文件 {path}:ranking.weights 与 scorecard.dimensions 只能写一个",
                          "Configuration file {path}: give either ranking.weights or scorecard.dimensions, not both"),
    # [status] (issue 12, docs/recognition.md "Status words")
    "status_value": ("配置文件 {path}:{key} 中的「{value}」不是该列的值(可用的有:{choices})",
                     "Configuration file {path}: {key} names \"{value}\", which is not a value of that column "
                     "(the values are: {choices})"),
    "word_twice": ("配置文件 {path}:{key} 中的「{text}」同时对应「{first}」和「{second}」",
                   "Configuration file {path}: {key} gives \"{text}\" for both \"{first}\" and \"{second}\""),
})


# -- the configuration ---------------------------------------------------------------------

@dataclass(frozen=True)
class LateConfig:
    """[late]: reminders and the late-delivery penalty."""
    due_soon_workdays: int = 2
    penalty_rate_per_day: float = 0.005


@dataclass(frozen=True)
class CalendarConfig:
    """[calendar]: the user's additions to the working-day calendar (sorted, unique)."""
    holidays: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Weights:
    """The five dimensions of the supplier evaluation, in points; they total 100."""
    quality: float = 30
    delivery: float = 25
    service: float = 20
    price: float = 15
    solving: float = 10

    def as_dict(self) -> dict[str, float]:
        """The weights as {dimension: points}, in the guide's order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def total(self) -> float:
        return sum(self.as_dict().values())


@dataclass(frozen=True)
class RankingConfig:
    """[ranking]: quarterly supplier ranking and 整改通知书."""
    weights: Weights = field(default_factory=Weights)
    threshold: float = 80
    consecutive_for_removal: int = 2
    reply_workdays: int = 5


@dataclass(frozen=True)
class ValidateConfig:
    """[validate]: what the checks accept beyond the guide's own values."""
    qualification_warn_days: int = 30
    extra_contact_methods: tuple[str, ...] = ()
    extra_mechanisms: tuple[str, ...] = ()


@dataclass(frozen=True)
class LimitsConfig:
    """[limits]: the figures of tables-2.md's rules (the guide's, or ours where it gives none:
    docs/configuration.md says which)."""
    evaluation_grace_days: int = 45     # CX263: days after a quarter's end an evaluation is on time (ours)
    response_hours: float = 2           # CX225 (C-09): a 咨询/投诉 inside working hours answered within N h
    response_hours_off: float = 4       # CX225 (C-09): … outside working hours
    visit_days: int = 90                # CX226 (C-10): days between 面谈 with a key client (ours)
    feedback_workdays: int = 2          # CX232 (P-07), R-04: feedback within N working days
    replace_hours: float = 48           # CX258 (S-12): rejected goods replaced within N h
    confirm_days_before: int = 1        # CX256 (S-10, ex): arrival confirmed N days before it
    payment_days: int = 30              # CX259 (S-06, ex): paid within N days of the month's end
    plan_match: float = 0.5             # CX215: bigram Dice a plan item must reach (ours)
    daily: str = "workdays"             # CX294, CX312: "daily" = working days or calendar days (ours)
    # the new tables of tables-2.md (the next issues); the guide's unless marked
    ack_hours: float = 24               # CX272
    blocker_hours: float = 24           # CX281
    report_minutes: float = 10          # CX282
    minutes_hours: float = 24           # CX292 (X-06; for 双方会议 ours)
    standup_minutes: float = 15         # CX293
    demo_minutes: float = 15            # CX293 (X-18, ex)
    survey_days: int = 3                # CX311 (C-06, ours)
    plan_hours: float = 24              # CX331 (C-08)
    progress_days: int = 7              # CX332 (ours)
    min_quotes: int = 3                 # CX341 (S-01)


DAILY_CHOICES = ("workdays", "days")


@dataclass(frozen=True)
class HoursConfig:
    """[hours]: working hours (the guide gives none: ours). Inside = a working day and
    start ≤ time < end; afternoon = afternoon ≤ time < end."""
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(18, 0)
    afternoon: dt.time = dt.time(12, 0)


@dataclass(frozen=True)
class NamesConfig:
    """[names]: who counts as 管理层 in name lists (tables-2.md, "Name lists")."""
    management: tuple[str, ...] = ("管理层", "总经理", "总经办", "公司领导", "高管")


@dataclass(frozen=True)
class PartnerConfig:
    """[partner]: words of 项目阶段 / 交付物 that make a 表4 row a submission awaiting our
    feedback within ``limits.feedback_workdays`` (P-07; ours)."""
    feedback_keywords: tuple[str, ...] = ("稿", "提交", "阶段成果")


@dataclass(frozen=True)
class Config:
    """All settings; ``source`` is the file they came from (None for the defaults)."""
    late: LateConfig = field(default_factory=LateConfig)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    ranking: RankingConfig = field(default_factory=RankingConfig)
    validate: ValidateConfig = field(default_factory=ValidateConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    hours: HoursConfig = field(default_factory=HoursConfig)
    names: NamesConfig = field(default_factory=NamesConfig)
    partner: PartnerConfig = field(default_factory=PartnerConfig)
    headers: "HeadersConfig" = field(default_factory=lambda: HeadersConfig())
    status: "StatusConfig" = field(default_factory=lambda: StatusConfig())
    scorecard: "ScorecardConfig" = field(default_factory=lambda: ScorecardConfig())
    source: Path | None = None

    def dimensions(self) -> tuple[tuple[str, str | None, float], ...]:
        """The scored dimensions as (slot, the scorecard's name or None for the guide's, maximum),
        in order: the [scorecard]'s, else the guide's five with the [ranking] weights."""
        if self.scorecard.dimensions:
            return tuple((slot, name, top) for slot, (name, top) in zip(SLOTS, self.scorecard.dimensions))
        return tuple((slot, None, top) for slot, top in self.ranking.weights.as_dict().items())

    def score_maxima(self) -> dict[str, float]:
        """{slot: maximum} of the scored dimensions (a slot a scorecard leaves out is not there)."""
        return {slot: top for slot, _, top in self.dimensions()}

    @classmethod
    def default(cls) -> "Config":
        """The guide's numbers, no calendar additions."""
        return cls()


# -- loading -------------------------------------------------------------------------------

def find_config(path: Path | str | None = None) -> Path | None:
    """The file :func:`load_config` would read: ``path``, $COLLAB_XL_CONFIG, ./collab-xl.toml.

    An explicit path or environment variable naming a missing file is a UserError; a missing
    ./collab-xl.toml just means no file (None).
    """
    chosen = path if path not in (None, "") else os.environ.get(ENV_VAR) or None
    if chosen is not None:
        chosen = Path(chosen).expanduser()
        if not chosen.is_file():
            raise M.error("not_found", path=chosen)
        return chosen
    local = Path.cwd() / DEFAULT_NAME
    return local if local.is_file() else None


def load_config(path: Path | str | None = None) -> Config:
    """Read the configuration (see :func:`find_config` for where from); defaults without one."""
    found = find_config(path)
    if found is None:
        return Config.default()
    try:
        data = tomllib.loads(found.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(found, exc) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise _error("unreadable", path=found, reason=reason) from None
    return config_from_mapping(data, found)


def config_from_mapping(data: dict[str, Any], source: Path | str | None = None) -> Config:
    """Build a Config from parsed TOML (``source`` names the file in error messages)."""
    p = _Parser(Path(source) if source is not None else Path(DEFAULT_NAME))
    p.known(data, "", ("late", "calendar", "ranking", "validate", "limits", "hours", "names", "partner", "headers", "sheets", "status", "scorecard"))
    late = p.table(data, "late")
    ranking = p.table(data, "ranking")
    validate = p.table(data, "validate")
    limits = p.table(data, "limits")
    p.known(late, "late", _names(LateConfig))
    p.known(ranking, "ranking", _names(RankingConfig))
    p.known(validate, "validate", _names(ValidateConfig))
    p.known(limits, "limits", _names(LimitsConfig))
    hours, names, partner = p.table(data, "hours"), p.table(data, "names"), p.table(data, "partner")
    scorecard = _scorecard_config(p, data)
    if scorecard.dimensions and "weights" in ranking:
        raise p.fail("scorecard_weights")
    p.known(hours, "hours", _names(HoursConfig))
    p.known(names, "names", _names(NamesConfig))
    p.known(partner, "partner", _names(PartnerConfig))
    return Config(
        late=LateConfig(
            due_soon_workdays=p.integer(late, "late", "due_soon_workdays",
                                        LateConfig.due_soon_workdays, 0),
            penalty_rate_per_day=p.number(late, "late", "penalty_rate_per_day",
                                          LateConfig.penalty_rate_per_day, 0, 1),
        ),
        calendar=p.calendar(p.table(data, "calendar")),
        ranking=RankingConfig(
            weights=p.weights(ranking),
            threshold=p.number(ranking, "ranking", "threshold", RankingConfig.threshold, 0, 100),
            consecutive_for_removal=p.integer(ranking, "ranking", "consecutive_for_removal",
                                          RankingConfig.consecutive_for_removal, 1),
            reply_workdays=p.integer(ranking, "ranking", "reply_workdays",
                                     RankingConfig.reply_workdays, 1),
        ),
        validate=ValidateConfig(
            qualification_warn_days=p.integer(validate, "validate", "qualification_warn_days",
                                          ValidateConfig.qualification_warn_days, 0),
            extra_contact_methods=p.texts(validate, "validate", "extra_contact_methods"),
            extra_mechanisms=p.texts(validate, "validate", "extra_mechanisms"),
        ),
        limits=p.limits(limits),
        hours=p.hours(hours),
        names=NamesConfig(management=p.texts(names, "names", "management", NamesConfig.management)),
        partner=PartnerConfig(feedback_keywords=p.texts(partner, "partner", "feedback_keywords",
                                                        PartnerConfig.feedback_keywords)),
        headers=_with_scorecard_words(_headers_config(p, data), scorecard),
        status=_status_config(p, data),
        scorecard=scorecard,
        source=Path(source) if source is not None else None,
    )


def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _error(message: str, **values: Any) -> UserError:
    return M.error(message, **values)


def _toml_error(path: Path, exc: tomllib.TOMLDecodeError) -> UserError:
    where = re.search(r"at line (\d+), column (\d+)", str(exc))
    if where:
        return _error("bad_toml_at", path=path, line=where[1], col=where[2])
    return _error("bad_toml", path=path, detail=str(exc))


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Parser:
    """Checks one parsed file value by value; every failure names the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str, **values: Any) -> UserError:
        """The UserError of catalog entry ``message`` about this file."""
        return _error(message, path=self.path, **values)

    def wrong(self, where: str, expected: str, value: Any, **fmt: Any) -> UserError:
        """``where`` holds ``value``, not what the catalog entry ``expected`` describes."""
        shown = json.dumps(value, ensure_ascii=False, default=str)
        return M.error("wrong_type", path=self.path, key=where, expected=Both(*M.pair(expected, **fmt)), value=shown)

    def known(self, table: dict, prefix: str, names: tuple[str, ...]) -> None:
        for name in table:
            if name not in names:
                full = f"{prefix}.{name}" if prefix else name
                raise self.fail("unknown_key", key=full, known=", ".join(names))

    def table(self, data: dict, key: str, prefix: str = "") -> dict:
        full = f"{prefix}.{key}" if prefix else key
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.wrong(full, "type_table", value, key=full)
        return value

    def integer(self, table: dict, section: str, name: str, default: int, low: int) -> int:
        value, key = table.get(name, default), f"{section}.{name}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong(key, "type_int", value)
        return self.bounded(key, value, low, None)

    def number(self, table: dict, section: str, name: str, default: float,
               low: float, high: float | None) -> float:
        value, key = table.get(name, default), f"{section}.{name}"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.wrong(key, "type_number", value)
        return self.bounded(key, value, low, high)

    def bounded(self, key: str, value: Any, low: Any, high: Any) -> Any:
        if low is not None and value < low:
            raise self.fail("too_small", key=key, low=low, value=value)
        if high is not None and value > high:
            raise self.fail("too_large", key=key, high=high, value=value)
        return value

    def texts(self, table: dict, section: str, name: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value, key = table.get(name, list(default)), f"{section}.{name}"
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.wrong(key, "type_list_text", value)
        return tuple(dict.fromkeys(v.strip() for v in value))

    def limits(self, table: dict) -> LimitsConfig:
        """[limits]: whole days and counts are integers ≥ 0 (≥ 1 where 0 means nothing),
        hours and minutes numbers > 0, plan_match a share 0–1, daily workdays or days."""
        d = LimitsConfig()
        values: dict[str, Any] = {}
        for f in fields(LimitsConfig):
            default = getattr(d, f.name)
            if f.name == "daily":
                value = table.get("daily", default)
                if value not in DAILY_CHOICES:
                    raise self.wrong("limits.daily", "type_choice", value, choices=" / ".join(DAILY_CHOICES))
                values[f.name] = value
            elif f.name == "plan_match":
                values[f.name] = self.number(table, "limits", f.name, default, 0, 1)
            elif f.type in ("int", int):
                low = 1 if f.name in ("min_quotes", "visit_days", "feedback_workdays", "survey_days",
                                      "progress_days", "payment_days") else 0
                values[f.name] = self.integer(table, "limits", f.name, default, low)
            else:
                values[f.name] = self.positive(table, "limits", f.name, default)
        return LimitsConfig(**values)

    def positive(self, table: dict, section: str, name: str, default: float) -> float:
        value = self.number(table, section, name, default, 0, None)
        if value <= 0:
            raise self.fail("not_positive", key=f"{section}.{name}", value=value)
        return value

    def hours(self, table: dict) -> HoursConfig:
        """[hours]: times "HH:MM" (or TOML times); start < afternoon ≤ … < end."""
        d = HoursConfig()
        got = {f.name: self.clock(f"hours.{f.name}", table.get(f.name, getattr(d, f.name)))
               for f in fields(HoursConfig)}
        if not got["start"] < got["end"]:
            raise self.fail("hours_order", start=got["start"].strftime("%H:%M"), end=got["end"].strftime("%H:%M"))
        if not got["start"] <= got["afternoon"] < got["end"]:
            raise self.fail("afternoon_order", value=got["afternoon"].strftime("%H:%M"),
                            start=got["start"].strftime("%H:%M"), end=got["end"].strftime("%H:%M"))
        return HoursConfig(**got)

    def clock(self, key: str, value: Any) -> dt.time:
        if isinstance(value, dt.time):
            return value.replace(second=0, microsecond=0, tzinfo=None)
        m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value) if isinstance(value, str) else None
        if m is None or int(m[1]) > 23 or int(m[2]) > 59:
            raise self.wrong(key, "type_time", value)
        return dt.time(int(m[1]), int(m[2]))

    def weights(self, ranking: dict) -> Weights:
        table = self.table(ranking, "weights", "ranking")
        self.known(table, "ranking.weights", _names(Weights))
        defaults = Weights().as_dict()
        weights = Weights(**{name: self.number(table, "ranking.weights", name, default, 0, None)
                             for name, default in defaults.items()})
        if abs(weights.total - 100) > 1e-9:
            shown = ", ".join(f"{k}={v:g}" for k, v in weights.as_dict().items())
            raise self.fail("weights_total", total=f"{weights.total:g}", weights=shown)
        return weights

    def calendar(self, table: dict) -> CalendarConfig:
        holidays = set(self.dates(table, "calendar", "holidays", None))
        workdays = set(self.dates(table, "calendar", "workdays", None))
        for name, sub in table.items():
            if name in ("holidays", "workdays"):
                continue
            if not re.fullmatch(r"\d{4}", name):
                raise self.fail("unknown_key", key=f"calendar.{name}",
                                known="holidays, workdays, <year>")
            sub = self.table(table, name, "calendar")
            self.known(sub, f"calendar.{name}", ("holidays", "workdays"))
            holidays |= set(self.dates(sub, f"calendar.{name}", "holidays", int(name)))
            workdays |= set(self.dates(sub, f"calendar.{name}", "workdays", int(name)))
        both = holidays & workdays
        if both:
            raise self.fail("both", date=min(both).isoformat())
        return CalendarConfig(tuple(sorted(holidays)), tuple(sorted(workdays)))

    def dates(self, table: dict, section: str, name: str, year: int | None) -> list[dt.date]:
        value, key = table.get(name, []), f"{section}.{name}"
        if not isinstance(value, list):
            raise self.wrong(key, "type_date_list", value)
        out: list[dt.date] = []
        for item in value:
            days = self.date_item(key, item)
            for day in days:
                if year is not None and day.year != year:
                    raise self.fail("date_year", key=key, date=day.isoformat(), year=year)
            out.extend(days)
        return out

    def date_item(self, key: str, item: Any) -> list[dt.date]:
        """One list entry: a TOML date, "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" (inclusive)."""
        if isinstance(item, dt.date) and not isinstance(item, dt.datetime):
            return [item]
        if not isinstance(item, str):
            raise self.wrong(key, "type_date", item)
        parts = [p.strip() for p in item.split("..")]
        if len(parts) > 2 or not all(_ISO_DATE.fullmatch(p) for p in parts):
            raise self.wrong(key, "type_date", item)
        try:
            first, last = dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[-1])
        except ValueError:
            raise self.wrong(key, "type_date", item) from None
        if last < first:
            raise self.fail("range_order", key=key, value=item)
        span = (last - first).days + 1
        if span > MAX_RANGE_DAYS:
            raise self.fail("range_long", key=key, value=item, days=MAX_RANGE_DAYS)
        return [first + dt.timedelta(days=i) for i in range(span)]


# -- [headers] and [sheets]: the user's own words for catalog columns (issue 12) -------------

@dataclass(frozen=True)
class HeadersConfig:
    """[headers]: ``<table>.<column> = ["my header", …]``; [sheets]: ``<table> = ["my sheet", …]``.
    Kept as tuples (hashable: the header matcher caches one key map per mapping)."""
    columns: tuple[tuple[str, str, tuple[str, ...]], ...] = ()   # (table, column, texts)
    sheets: tuple[tuple[str, tuple[str, ...]], ...] = ()         # (table, sheet names)


def _text_or_list(p: "_Parser", value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise p.wrong(key, "type_text_or_list", value)
    return tuple(dict.fromkeys(v.strip() for v in value))


def _headers_config(p: "_Parser", data: dict) -> HeadersConfig:
    from collab_xl.catalog import TABLES
    from collab_xl.catalog.base import match_key
    tables = tuple(TABLES)
    headers = p.table(data, "headers")
    p.known(headers, "headers", tables)
    columns = []
    for tkey, cols in headers.items():
        cols = p.table(headers, tkey, "headers")
        names = tuple(c.name for c in TABLES[tkey].columns)
        p.known(cols, f"headers.{tkey}", names)
        seen: dict[str, str] = {}
        for name, value in cols.items():
            texts = _text_or_list(p, value, f"headers.{tkey}.{name}")
            for t in texts:
                k = match_key(t)
                if k in seen and seen[k] != name:
                    raise p.fail("header_twice", text=t, first=f"{tkey}.{seen[k]}", second=f"{tkey}.{name}")
                seen[k] = name
            columns.append((tkey, name, texts))
    sheets = p.table(data, "sheets")
    p.known(sheets, "sheets", tables)
    mapped = tuple((tkey, _text_or_list(p, value, f"sheets.{tkey}")) for tkey, value in sheets.items())
    return HeadersConfig(tuple(columns), mapped)


# -- [status]: the user's words for the values of a status column (issue 12) ------------------

@dataclass(frozen=True)
class StatusConfig:
    """[status]: ``<table>.<column>.<value> = ["my word", …]``: words read as that value of a
    drop-down column (a status column: "搞定" = 已完成), without a finding; added to the shipped
    status words (``Col.words``)."""
    words: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()   # (table, column, ((word, value), …))

    def for_column(self, table: str, column: str) -> dict[str, str]:
        """{word: value} the user gave for one column (empty when none)."""
        out: dict[str, str] = {}
        for t, c, pairs in self.words:
            if t == table and c == column:
                out.update(pairs)
        return out


def _status_config(p: "_Parser", data: dict) -> StatusConfig:
    from collab_xl.catalog import TABLES
    from collab_xl.catalog.kinds import Kind, word_key
    status = p.table(data, "status")
    p.known(status, "status", tuple(TABLES))
    out = []
    for tkey in status:
        cols = p.table(status, tkey, "status")
        choice_cols = {c.name: c for c in TABLES[tkey].columns if c.kind is Kind.CHOICE}
        p.known(cols, f"status.{tkey}", tuple(choice_cols))
        for name in cols:
            key = f"status.{tkey}.{name}"
            values = p.table(cols, name, f"status.{tkey}")
            choices = choice_cols[name].choices
            seen: dict[str, str] = {}
            pairs = []
            for value, words in values.items():
                if value not in choices:
                    raise p.fail("status_value", key=key, value=value, choices=", ".join(choices))
                for w in _text_or_list(p, words, f"{key}.{value}"):
                    k = word_key(w)
                    if k in seen and seen[k] != value:
                        raise p.fail("word_twice", key=key, text=w, first=seen[k], second=value)
                    seen[k] = value
                    pairs.append((w, value))
            out.append((tkey, name, tuple(pairs)))
    return StatusConfig(tuple(out))


# -- [scorecard]: a supplier scorecard that is not the guide's (issue 12) ----------------------

SLOTS = ("quality", "delivery", "service", "price", "solving")   # the evaluation table's score columns
PERIODS = ("quarter", "month")
MONTH_WORDS = ("月份", "评估月份", "考核月份", "评分月份", "月度", "月", "month", "evaluation_month")


@dataclass(frozen=True)
class ScorecardConfig:
    """[scorecard]: dimensions (header name → maximum, in order; the evaluation table's score
    columns take them in turn: the first is its key column), the period scored ("quarter" or
    "month") and grade bands (grade → the lowest score it takes, highest first). Empty: the
    guide's five dimensions, quarters, no grades."""
    dimensions: tuple[tuple[str, float], ...] = ()
    period: str = "quarter"
    grades: tuple[tuple[str, float], ...] = ()

    def grade_of(self, score: float) -> str | None:
        """The grade of a score (the first band whose lowest score it reaches), None below them all."""
        for grade, low in self.grades:
            if score >= low - 1e-9:
                return grade
        return None


def _scorecard_config(p: "_Parser", data: dict) -> ScorecardConfig:
    table = p.table(data, "scorecard")
    p.known(table, "scorecard", ("dimensions", "period", "grades"))
    dims = p.table(table, "dimensions", "scorecard")
    if dims and not 1 <= len(dims) <= len(SLOTS):
        raise p.fail("scorecard_count", n=len(dims))
    got = []
    for name, top in dims.items():
        if not name.strip():
            raise p.wrong("scorecard.dimensions", "type_table", dims, key="scorecard.dimensions")
        got.append((name.strip(), p.positive(dims, "scorecard.dimensions", name, 0)))
    total = sum(t for _, t in got)
    if got and abs(total - 100) > 1e-9:
        raise p.fail("scorecard_total", total=f"{total:g}", dims=", ".join(f"{n}={t:g}" for n, t in got))
    period = table.get("period", "quarter")
    if period not in PERIODS:
        raise p.wrong("scorecard.period", "type_choice", period, choices=" / ".join(PERIODS))
    bands = p.table(table, "grades", "scorecard")
    grades = sorted(((g, p.number(bands, "scorecard.grades", g, 0, 0, 100)) for g in bands),
                    key=lambda b: -b[1])
    return ScorecardConfig(tuple(got), period, tuple(grades))


def _with_scorecard_words(headers: "HeadersConfig", scorecard: ScorecardConfig) -> "HeadersConfig":
    """The scorecard's dimension names (and, for months, the month column's words) as header words
    of the evaluation table's score columns, after the user's own [headers]."""
    extra = [("supplier_evaluation", slot, (name,)) for slot, (name, _) in zip(SLOTS, scorecard.dimensions)]
    if scorecard.period == "month":
        extra.append(("supplier_evaluation", "quarter", MONTH_WORDS))
    if not extra:
        return headers
    return HeadersConfig(headers.columns + tuple(extra), headers.sheets)
