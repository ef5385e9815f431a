"""会议登记表 — guide 二(一) 跨部门项目协作 (启动会, 每日站会, 周例会, 复盘会) and 三(二) 步骤4 (双方会议).

tables-2.md "会议登记表": a row per meeting; 《会议纪要》 and 《项目复盘报告》 are tracked by
date and checklist only (the document itself is never read). A meeting ends at 会议日期 +
结束时间, else 开始时间 + 时长, else 开始时间 (:func:`meeting_end`); its length is 结束 − 开始,
else 时长 (:func:`meeting_length`).

纪要要素 is a checklist whose required items depend on the row's 会议类型 (``Col.items_by``):
a 启动会's minutes name 谁负责、做什么、何时完成、如何反馈 (X-05), a 复盘会's report its
results, shortfalls and improvements (X-12); other meetings require no items.

Rules: CX291 (a 启动会 without some of the project's 表1 people), CX292 (minutes sent more than
``minutes_hours`` after the end), CX293 (stand-up and demo lengths), CX294 (days without a
stand-up), CX295 (a 周例会 not on Friday afternoon), CX296 (a week without a 周例会), CX118
(minutes before the meeting ended). Late: minutes of a 启动会 / 双方会议 due 24 h after the end,
owned by the 组织人 — a column of ours (the spec names no owner; the one who calls the meeting
sends its minutes), optional like every column the spec does not require.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, After, Col, Kind, Late, Rule, Table, When
from collab_xl.catalog.cross_dept import project_people
from collab_xl.catalog.customer_log import is_workday, norm_key
from collab_xl.catalog.rules import as_shown, limit

KICKOFF, STANDUP, WEEKLY, REVIEW, JOINT, DEMO, OTHER = "启动会", "每日站会", "周例会", "复盘会", "双方会议", "演示", "其他"
MEETING_TYPES = (KICKOFF, STANDUP, WEEKLY, REVIEW, JOINT, DEMO, OTHER)
MINUTES_DUE = (KICKOFF, JOINT)                 # X-06, P-08: minutes within 24 h of the end
# What an office worker types for a 会议类型, read as that type without a finding (Col.words):
# the guide's own longer names, the usual short ones, and the English labels of the template
MEETING_WORDS = {
    **{w: KICKOFF for w in ("项目启动会", "启动会议", "项目启动会议", "kick-off", "kickoff meeting")},
    **{w: STANDUP for w in ("站会", "每日站立会", "daily stand-up", "stand-up", "standup")},
    **{w: WEEKLY for w in ("周会", "每周例会", "weekly meeting")},
    **{w: REVIEW for w in ("复盘", "复盘会议", "项目复盘会", "阶段复盘会", "review", "review meeting")},
    **{w: JOINT for w in ("joint meeting",)},
    **{w: DEMO for w in ("demo",)},
    **{w: OTHER for w in ("other",)},
}

# 纪要要素 per 会议类型 (tables-2.md): the items the minutes of that kind of meeting must name
# Aliases after | are the words minutes use for the same item (责任人 for 负责人; a review's classic
# 成果、问题、措施), so a declaration in other words still counts.
MINUTES_ITEMS = (
    (KICKOFF, ("负责人(谁负责|责任人)", "任务(做什么|分工)", "完成时间(何时完成|截止时间|时间节点|完成时限)",
               "反馈方式(如何反馈|反馈机制|汇报方式)")),
    (REVIEW, ("已完成成果(成果)", "未达标事项(未达标|问题|不足)", "改进措施(改进)")),
)

_HOURS = {"end": dt.time(18, 0), "afternoon": dt.time(12, 0)}
_DAY = pd.Timedelta(days=1)


def _hour(ctx, key: str) -> pd.Timedelta:
    hours = getattr(getattr(ctx, "config", None), "hours", None)
    t = getattr(hours, key, _HOURS[key]) if hours is not None else _HOURS[key]
    return pd.Timedelta(hours=t.hour, minutes=t.minute)


def _col(df: pd.DataFrame, name: str, dtype: str) -> pd.Series:
    """A prepared column, or an empty one when the frame lacks it."""
    if name in df:
        return df[name]
    return pd.Series(pd.NaT if dtype != "float64" else np.nan, index=df.index, dtype=dtype)


def _kind_is(df: pd.DataFrame, *kinds: str) -> pd.Series:
    return df["kind"].isin(kinds).fillna(False).astype(bool)


# -- end and length ----------------------------------------------------------------------------

def end_of_day_time(df: pd.DataFrame) -> pd.Series:
    """The meeting's end as a time of day (timedelta since midnight): 结束时间, else 开始时间 +
    时长, else 开始时间; NaT when none is known."""
    start = _col(df, "start_time", "timedelta64[ns]")
    end = _col(df, "end_time", "timedelta64[ns]")
    minutes = _col(df, "minutes", "float64")
    minutes = minutes.where(minutes.abs() <= 60 * 24 * 366)   # no meeting lasts a year: no end from it
    return end.fillna(start + pd.to_timedelta(minutes, unit="m")).fillna(start)


def meeting_end(df: pd.DataFrame) -> pd.Series:
    """When the meeting ended (datetime64): 会议日期 + :func:`end_of_day_time`; a meeting with no
    time known ends at 24:00 of its day (read most favourably). NaT without a date."""
    day = pd.to_datetime(df["date"], errors="coerce").dt.normalize()
    tod = end_of_day_time(df)
    return (day + tod).where(tod.notna(), day + _DAY)


def meeting_length(df: pd.DataFrame) -> pd.Series:
    """The meeting's length in minutes: 结束时间 − 开始时间, else 时长 (NaN when unknown)."""
    start = _col(df, "start_time", "timedelta64[ns]")
    end = _col(df, "end_time", "timedelta64[ns]")
    by_clock = (end - start) / pd.Timedelta(minutes=1)
    return by_clock.fillna(_col(df, "minutes", "float64"))


def minutes_due(df: pd.DataFrame, ctx) -> pd.Series:
    """When the minutes are due: the end + ``minutes_hours`` clock hours."""
    return meeting_end(df) + pd.Timedelta(hours=float(limit(ctx, "minutes_hours")))


# -- CX118: minutes not before the end ---------------------------------------------------------

def _sent_after_end(df: pd.DataFrame, ctx) -> pd.Series:
    """纪要发送时间 ≥ the end; a date alone is read at 24:00 (most favourably), a meeting with no
    time known ends at 00:00 of its day for this comparison."""
    sent = pd.to_datetime(df["minutes_sent"], errors="coerce")
    has_time = df.get("minutes_sent__hastime", pd.Series(False, index=df.index)).fillna(False).astype(bool)
    sent_at = sent.where(has_time, sent + _DAY)
    day = pd.to_datetime(df["date"], errors="coerce").dt.normalize()
    end = (day + end_of_day_time(df)).fillna(day)
    return ~(sent_at < end).fillna(False).astype(bool)


def _end_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    day = pd.to_datetime(sub["date"], errors="coerce").dt.normalize()
    return {"end": [as_shown(x) for x in (day + end_of_day_time(sub)).fillna(day).tolist()]}


# -- CX291: a 启动会 with every person of the project ------------------------------------------

def _absent(df: pd.DataFrame, ctx) -> pd.Series:
    """Per 启动会 row, the project's 表1 people its 参会人员 lack (a tuple; NA elsewhere)."""
    out = pd.Series(pd.NA, index=df.index, dtype=object)
    people = project_people(ctx)
    if people is None or not len(df):
        return out
    key = norm_key(df["project__text"])
    sel = (_kind_is(df, KICKOFF) & df["attendees"].notna() & ~df["attendees__everyone"].astype(bool)
           & key.isin(list(people.index)).fillna(False).astype(bool))
    for i in df.index[sel.to_numpy()]:
        have = set(df.at[i, "attendees"])
        lack = tuple(p for p in people[key[i]] if p not in have)
        if lack:
            out[i] = lack
    return out


def _absent_fields(prepared, rows, values, col, ctx) -> dict:
    return {"missing": ["、".join(x) for x in _absent(prepared, ctx).loc[rows].tolist()]}


# -- CX292: minutes within minutes_hours --------------------------------------------------------

def _minutes_in_time(df: pd.DataFrame, ctx) -> pd.Series:
    """A 启动会 / 双方会议's 纪要发送时间 not after the end + ``minutes_hours`` (a date alone read
    at 00:00, a meeting with no time at 24:00: most favourably)."""
    sent = pd.to_datetime(df["minutes_sent"], errors="coerce")
    return ~(_kind_is(df, *MINUTES_DUE) & (sent > minutes_due(df, ctx))).fillna(False).astype(bool)


def _minutes_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    return {"kind": sub["kind"].astype(str).tolist(), "hours": f"{float(limit(ctx, 'minutes_hours')):g}",
            "end": [as_shown(x) for x in meeting_end(sub).tolist()],
            "due": [as_shown(x) for x in minutes_due(sub, ctx).tolist()]}


# -- CX293: stand-ups and demos kept short ------------------------------------------------------

def _length_limit(df: pd.DataFrame, ctx) -> pd.Series:
    """The longest a row's meeting may run (minutes): ``standup_minutes`` for a 每日站会,
    ``demo_minutes`` for a 演示, NaN for the others."""
    out = pd.Series(np.nan, index=df.index)
    out[_kind_is(df, STANDUP)] = float(limit(ctx, "standup_minutes"))
    out[_kind_is(df, DEMO)] = float(limit(ctx, "demo_minutes"))
    return out


def _too_long(by_clock: bool):
    """CX293 on 结束时间 (a length from 开始/结束时间) or on 时长 (no usable 结束时间)."""
    def check(df: pd.DataFrame, ctx) -> pd.Series:
        start = _col(df, "start_time", "timedelta64[ns]")
        end = _col(df, "end_time", "timedelta64[ns]")
        clock = end.notna() & start.notna()
        length = meeting_length(df)
        mine = clock if by_clock else ~clock
        return ~(mine & (length > _length_limit(df, ctx))).fillna(False).astype(bool)
    return check


def _length_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    return {"kind": sub["kind"].astype(str).tolist(),
            "length": [f"{x:g}" for x in meeting_length(sub).tolist()],
            "limit": [f"{x:g}" for x in _length_limit(sub, ctx).tolist()]}


# -- CX294, CX296: gaps between a project's stand-ups / weekly meetings ------------------------

def _dates_of(df: pd.DataFrame, kind: str, week: bool) -> pd.DataFrame:
    """The rows of one 会议类型 with a project and a date: project key ``p``, ``d`` (the date, or
    its week's Monday), ``pos`` (sheet order), index = the frame's; sorted by p, d, pos."""
    key = norm_key(df["project__text"])
    day = pd.to_datetime(df["date"], errors="coerce").dt.normalize()
    sel = (_kind_is(df, kind) & key.notna() & day.notna()).to_numpy(dtype=bool)
    d = day[sel]
    if week:
        d = d - pd.to_timedelta(d.dt.day_of_week, unit="D")
    rows = pd.DataFrame({"p": key[sel], "d": d, "pos": np.arange(len(df))[sel]}, index=df.index[sel])
    return rows.sort_values(["p", "d", "pos"], kind="stable")


def _gaps(df: pd.DataFrame, kind: str, step: int) -> list[tuple[object, pd.Timestamp, pd.Timestamp]]:
    """(row, previous, next) for each gap longer than ``step`` days between consecutive dates
    (or weeks) of a project's meetings of ``kind``: the row is the first one of the next date."""
    rows = _dates_of(df, kind, week=step == 7)
    firsts = rows.drop_duplicates(["p", "d"], keep="first")
    prev = firsts.groupby("p", sort=False)["d"].shift()
    gap = (firsts["d"] - prev) > pd.Timedelta(days=step)
    return [(i, prev[i], firsts.at[i, "d"]) for i in firsts.index[gap.fillna(False).to_numpy(dtype=bool)]]


def _missing_days(df: pd.DataFrame, ctx) -> pd.Series:
    """CX294 (X-09): per row, the days (working days, or every day with ``daily`` = days) with
    no 每日站会 of its project since the previous one, on the first row of the next stand-up
    day (a tuple of dates; NA elsewhere)."""
    out = pd.Series(pd.NA, index=df.index, dtype=object)
    workdays = str(limit(ctx, "daily")) != "days"
    for i, before, after in _gaps(df, STANDUP, 1):
        days = pd.Series(pd.date_range(before + _DAY, after - _DAY, freq="D"))
        if workdays:
            days = days[is_workday(days, ctx).to_numpy(dtype=bool)]
        if len(days):
            out[i] = tuple(days)
    return out


def _short_list(days: tuple, fmt: str = "%m-%d", most: int = 6) -> str:
    shown = "、".join(pd.Timestamp(d).strftime(fmt) for d in days[:most])
    return shown + ("…" if len(days) > most else "")


def _days_fields(prepared, rows, values, col, ctx) -> dict:
    missing = _missing_days(prepared, ctx).loc[rows].tolist()
    return {"days": [_short_list(x) for x in missing], "n": [str(len(x)) for x in missing],
            "unit": ("工作日", "working day(s)") if str(limit(ctx, "daily")) != "days" else ("天", "day(s)")}


def _missing_weeks(df: pd.DataFrame, ctx) -> pd.Series:
    """CX296 (X-10): per row, the Monday–Sunday weeks (their Mondays) holding a working day but
    no 周例会 of its project since the previous one, on the first row of the next week with one
    (a tuple; NA elsewhere)."""
    out = pd.Series(pd.NA, index=df.index, dtype=object)
    for i, before, after in _gaps(df, WEEKLY, 7):
        mondays = pd.date_range(before + pd.Timedelta(days=7), after - pd.Timedelta(days=7), freq="7D")
        days = pd.Series(np.repeat(mondays.to_numpy(), 7)
                         + pd.to_timedelta(np.tile(np.arange(7), len(mondays)), unit="D").to_numpy())
        worked = pd.Series(is_workday(days, ctx).to_numpy(dtype=bool).reshape(-1, 7).any(axis=1), index=mondays)
        weeks = tuple(worked.index[worked.to_numpy()])
        if weeks:
            out[i] = weeks
    return out


def _weeks_fields(prepared, rows, values, col, ctx) -> dict:
    missing = _missing_weeks(prepared, ctx).loc[rows].tolist()
    return {"weeks": ["、".join(f"{pd.Timestamp(w):%m-%d}~{pd.Timestamp(w) + pd.Timedelta(days=6):%m-%d}" for w in x)
                      for x in missing], "n": [str(len(x)) for x in missing]}


# -- CX295: the 周例会 on Friday afternoon ------------------------------------------------------

def _friday(df: pd.DataFrame) -> pd.Series:
    day = pd.to_datetime(df["date"], errors="coerce").dt.normalize()
    return day - pd.to_timedelta(day.dt.day_of_week, unit="D") + pd.Timedelta(days=4)


def _weekly_on_friday(df: pd.DataFrame, ctx) -> pd.Series:
    """A 周例会 starts on a Friday afternoon (``hours.afternoon`` ≤ 开始时间 < ``hours.end``); if
    its week's Friday is not a working day, on any working-day afternoon of that week."""
    day = pd.to_datetime(df["date"], errors="coerce").dt.normalize()
    start = _col(df, "start_time", "timedelta64[ns]")
    judged = _kind_is(df, WEEKLY) & day.notna() & start.notna()
    if not judged.any():
        return pd.Series(True, index=df.index)
    friday = _friday(df)
    afternoon = (start >= _hour(ctx, "afternoon")) & (start < _hour(ctx, "end"))
    friday_works = is_workday(friday, ctx)
    on_friday = (day == friday) & friday_works
    instead = ~friday_works & is_workday(day, ctx)
    ok = afternoon & (on_friday | instead)
    return ~(judged & ~ok.fillna(False)).astype(bool)


def _friday_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    return {"start": sub["start_time__text"].fillna("").astype(str).tolist(),
            "friday": [as_shown(x, time=False) for x in _friday(sub).tolist()]}


# -- the Late line ---------------------------------------------------------------------------

def _minutes_limit(frame: pd.DataFrame, config) -> pd.DataFrame:
    """The minutes line's limit (``After.limit_at``) from 会议日期 (a date: the clock starts at its
    24:00): the hours from there to the end + ``minutes_hours``, so the due is end + 24 h."""
    tod = end_of_day_time(frame) / pd.Timedelta(hours=1)
    hours = float(limit(config, "minutes_hours"))
    amount = (tod - 24.0 + hours).fillna(hours)
    return pd.DataFrame({"amount": amount.astype("float64"), "unit": "hours"}, index=frame.index)


def _minutes_owed(frame: pd.DataFrame, config=None) -> pd.Series:
    return _kind_is(frame, *MINUTES_DUE)


# tables-2.md "Late: due = end + 24 h, done = 纪要发送时间, for 启动会 and 双方会议 (X-06, P-08)",
# late by hours; the owner is the 组织人 (ours: the spec names none).
MINUTES_LATE = Late(due=None, done="minutes_sent", item=("project", "kind", "date"), owner="organizer",
                    after=After("date", limit_at=_minutes_limit), applies=_minutes_owed,
                    done_also=("start_time", "end_time", "minutes"), label=("会议纪要", "minutes"))

MINUTES_SENT = When(lambda df: df["minutes_sent__text"].notna() & _kind_is(df, KICKOFF, REVIEW),
                    ("启动会、复盘会已发送纪要时", "when the minutes of a kick-off or review meeting are sent"))

_PEOPLE_T1 = {"项目名称": "年度新品发布会", "关键里程碑": ""}     # 表1: 王强 (对接人) and 刘洋 (部门负责人)

TABLE = Table(
    key="meetings",
    number=None,
    section="二(一)",
    title=("会议登记表", "Meeting register"),
    sheet=("会议登记", "Meetings"),
    purpose=(
        "项目的启动会、每日站会、周例会、复盘会,与合作伙伴的双方会议和演示:日期、起止时间、参会人员、"
        "关联节点,以及会议纪要(项目复盘报告)的要素与发送时间。只登记日期与要素,不读取纪要本身。",
        "A project's kick-off, daily stand-ups, weekly meetings and reviews, and joint meetings and demos with "
        "partners: date, start and end, attendees, the milestone concerned, and what the minutes (review "
        "report) hold and when they were sent. Dates and declared items only; the minutes themselves are not read.",
    ),
    columns=(
        Col("项目名称", "project", "Project", required=True, ffill=True, width=18,
            hint=("表1的项目名称;双方会议填表4的合作项目。同一项目的后续行可留空或合并单元格",
                  "The project as in table 1 (a joint meeting: table 4's joint project); later rows may be blank or merged"),
            aka=("项目", "所属项目", "project_name")),
        Col("会议类型", "kind", "Meeting type", Kind.CHOICE, required=True, width=10, choices=MEETING_TYPES,
            en_choices=("kick-off", "daily stand-up", "weekly meeting", "review", "joint meeting", "demo", "other"),
            hint=("启动会 / 每日站会 / 周例会 / 复盘会 / 双方会议 / 演示 / 其他",
                  "启动会 / 每日站会 / 周例会 / 复盘会 / 双方会议 / 演示 / 其他"),
            words=MEETING_WORDS, aka=("会议类别", "会议种类", "meeting_kind")),
        Col("会议日期", "date", "Date", Kind.DATE, required=True, width=12,
            hint=("如 2024-05-06", "e.g. 2024-05-06"), aka=("开会日期", "meeting_date")),
        Col("开始时间", "start_time", "Start", Kind.TIME, required=True, width=10,
            hint=("如 14:30 或 下午2点半;周例会在周五下午", "e.g. 14:30 or 下午2点半; the weekly meeting is on Friday afternoon"),
            aka=("开始时刻", "开会时间", "start_time")),
        Col("结束时间", "end_time", "End", Kind.TIME, width=10, not_before="start_time",
            hint=("如 15:30;不早于开始时间", "e.g. 15:30; not before the start"),
            aka=("结束时刻", "散会时间", "end_time")),
        Col("时长(分钟)", "minutes", "Length (minutes)", Kind.MINUTES, width=10,
            hint=("不填结束时间时填写,如 15、1小时30分;每日站会、演示不超过15分钟",
                  "When no end is given, e.g. 15 or 1小时30分; stand-ups and demos take 15 minutes at most"),
            aka=("会议时长", "用时", "duration")),
        Col("参会人员", "attendees", "Attendees", Kind.NAMELIST, width=22, required_if=("kind", KICKOFF),
            hint=("姓名用 、 分隔;启动会须有表1中该项目的全部对接人和部门负责人(可写 全体)",
                  "Names joined by 、; a kick-off includes every contact and department head of the project in table 1 "
                  "(or 全体)"),
            aka=("参会人", "与会人员", "出席人员", "participants")),
        Col("关联节点", "node", "Milestone", width=14, required_if=("kind", (REVIEW, JOINT)),
            hint=("复盘会填表1的关键里程碑,双方会议填表4的项目阶段", "A review: table 1's key milestone; a joint meeting: "
                  "table 4's phase"),
            aka=("关联里程碑", "对应节点", "里程碑节点")),
        Col("纪要要素", "summary", "Minutes hold", Kind.CHECKLIST, width=26, items_by=("kind", MINUTES_ITEMS),
            required_if=MINUTES_SENT,
            hint=("纪要中列出的内容,用 、 分隔。启动会:负责人、任务、完成时间、反馈方式;复盘会:已完成成果、未达标事项、改进措施",
                  "What the minutes list, joined by 、. Kick-off: 负责人、任务、完成时间、反馈方式 (who, what, by when, "
                  "how to report); review: 已完成成果、未达标事项、改进措施 (results, shortfalls, improvements)"),
            aka=("纪要内容", "纪要要点", "会议纪要要素")),
        Col("纪要发送时间", "minutes_sent", "Minutes sent", Kind.DATETIME, time=True, done=True, width=16,
            expected_if=("kind", REVIEW),
            hint=("如 2024-05-06 17:00;启动会、双方会议在会后24小时内发送", "e.g. 2024-05-06 17:00; a kick-off's or joint "
                  "meeting's minutes go out no later than 24 hours after it"),
            aka=("纪要发出时间", "会议纪要发送时间", "纪要发送日期")),
        Col("组织人", "organizer", "Organiser", width=10, tracking=True,
            hint=("召集会议、发送纪要的人(逾期清单中的负责人)", "Who calls the meeting and sends the minutes (the owner in the late list)"),
            aka=("主持人", "召集人", "会议组织人", "organizer")),
    ),
    rules=(
        Rule("CX118", ERROR, "minutes_sent", _sent_after_end, fields=_end_fields,
             name="times-out-of-order",
             title=("时间先后矛盾", "Times out of order"),
             message=("「{header}」{value} 早于会议结束时间 {end},时间先后矛盾",
                      "\"{value}\" ({header}) is before the meeting ended ({end}); the times contradict each other"),
             bad=({"会议日期": "2024-05-06", "开始时间": "09:30", "结束时间": "10:30", "纪要发送时间": "2024-05-06 10:00"},),
             good=({"会议日期": "2024-05-06", "开始时间": "09:30", "结束时间": "10:30", "纪要发送时间": "2024-05-06 11:00"},),
             why=("tables-2.md:纪要发送时间不早于会议结束(会议日期 + 结束时间,无结束时间时为开始时间 + 时长,再无则为开始时间)。",
                  "tables-2.md: minutes are not sent before the meeting ends (会议日期 + 结束时间, else the start + 时长, "
                  "else the start).")),
        Rule("CX291", WARNING, "attendees", lambda df, ctx: _absent(df, ctx).isna(), fields=_absent_fields,
             name="kick-off-without-every-project-member",
             title=("启动会缺少项目成员", "Kick-off without every project member"),
             message=("启动会的参会人员缺少表1中该项目的:{missing}",
                      "The kick-off's attendees lack these people of the project in table 1: {missing}"),
             bad=({"会议类型": "启动会", "参会人员": "王强、李明"},),
             good=({"会议类型": "启动会", "参会人员": "王强、刘洋、李明"},),
             with_tables=(("cross_dept", (_PEOPLE_T1,)),),
             why=("指南 X-04(二(一)步骤2):召开项目启动会,各部门负责人、对接人参加。项目的人员 = 表1中该项目各行"
                  "对接人的姓名和部门负责人(姓名逐字比较;写 全体/全员 即为全部);项目不在表1中时不检查。",
                  "Guide X-04 (二(一) step 2): the kick-off meeting brings every department's head and contact together. "
                  "The project's people are the names of its table-1 contacts and department heads (compared exactly; "
                  "全体/全员 means everyone); a project not in table 1 is not checked.")),
        Rule("CX292", WARNING, "minutes_sent", _minutes_in_time, fields=_minutes_fields,
             name="minutes-sent-late",
             title=("会议纪要发送超时", "Minutes sent late"),
             message=("{kind}的纪要发送时间「{value}」晚于会议结束({end})后 {hours} 小时,应在 {due} 前发送",
                      "The minutes of this {kind} were sent at \"{value}\", more than {hours} hours after the end "
                      "({end}); they were due by {due}"),
             bad=({"会议日期": "2024-04-30", "开始时间": "15:00", "结束时间": "17:00", "纪要发送时间": "2024-05-01 17:30"},),
             good=({"会议日期": "2024-04-30", "开始时间": "15:00", "结束时间": "17:00", "纪要发送时间": "2024-05-01 17:00"},),
             why=("指南 X-06:启动会后24小时内发送会议纪要;P-08:与合作伙伴的双方会议同样(24小时为本工具对双方会议的设定)。"
                  "按自然小时计,节假日照算;只有日期的发送时间按当日0:00计,没有时刻的会议按当日24:00结束计。"
                  "小时数见 [limits] minutes_hours。",
                  "Guide X-06: the kick-off's minutes go out no later than 24 hours after it; P-08: a joint meeting with a partner too "
                  "(24 h there is ours). Clock hours, holidays included; a date alone is read at 00:00, a meeting with "
                  "no time ends at 24:00. [limits] minutes_hours.")),
        Rule("CX293", WARNING, "end_time", _too_long(by_clock=True), fields=_length_fields,
             name="meeting-too-long",
             title=("会议超时", "Meeting too long"),
             message=("{kind}开了 {length} 分钟,超过 {limit} 分钟", "This {kind} ran {length} minutes, more than {limit}"),
             bad=({"会议类型": "每日站会", "开始时间": "09:00", "结束时间": "09:20", "时长": ""},),
             good=({"会议类型": "每日站会", "开始时间": "09:00", "结束时间": "09:15", "时长": ""},),
             why=("指南 X-09:每日站会不超过15分钟;X-18(示例表中的备注):演示时长≤15分钟。时长 = 结束时间 − 开始时间,"
                  "无结束时间时看「时长」。分钟数见 [limits] standup_minutes、demo_minutes。",
                  "Guide X-09: a daily stand-up takes 15 minutes at most; X-18 (a remark of the sample table): a demo "
                  "takes at most 15 minutes. Length = end − start, else the length column (时长). [limits] standup_minutes, demo_minutes.")),
        Rule("CX293", WARNING, "minutes", _too_long(by_clock=False), fields=_length_fields,
             name="meeting-too-long",
             title=("会议超时", "Meeting too long"),
             message=("{kind}开了 {length} 分钟,超过 {limit} 分钟", "This {kind} ran {length} minutes, more than {limit}"),
             bad=({"会议类型": "演示", "开始时间": "14:00", "结束时间": "", "时长": "半小时"},
                  {"会议类型": "演示", "开始时间": "14:00", "结束时间": "", "时长": "30"}),
             good=({"会议类型": "演示", "开始时间": "14:00", "结束时间": "", "时长": "15分钟"},
                   {"会议类型": "演示", "开始时间": "14:00", "结束时间": "", "时长": "15"}),
             why=("指南 X-09:每日站会不超过15分钟;X-18(示例表中的备注):演示时长≤15分钟。时长 = 结束时间 − 开始时间,"
                  "无结束时间时看「时长」。分钟数见 [limits] standup_minutes、demo_minutes。",
                  "Guide X-09: a daily stand-up takes 15 minutes at most; X-18 (a remark of the sample table): a demo "
                  "takes at most 15 minutes. Length = end − start, else the length column (时长). [limits] standup_minutes, demo_minutes.")),
        Rule("CX294", WARNING, "date", lambda df, ctx: _missing_days(df, ctx).isna(), fields=_days_fields,
             name="stand-up-days-missed",
             title=("每日站会有缺漏", "Stand-up days missed"),
             message=("上一次每日站会之后,这些{unit}没有开站会:{days}(共 {n} 个)",
                      "No stand-up on these {unit} since the previous one: {days} ({n} in all)"),
             bad=({"会议类型": "每日站会", "会议日期": "2024-04-29", "开始时间": "09:00", "结束时间": "09:15", "纪要发送时间": ""},
                  {"项目名称": "", "会议类型": "每日站会", "会议日期": "2024-05-07", "开始时间": "09:00", "结束时间": "09:15", "纪要发送时间": ""}),
             good=({"会议类型": "每日站会", "会议日期": "2024-04-30", "开始时间": "09:00", "结束时间": "09:15", "纪要发送时间": ""},
                   {"项目名称": "", "会议类型": "每日站会", "会议日期": "2024-05-06", "开始时间": "09:00", "结束时间": "09:15", "纪要发送时间": ""}),
             why=("指南 X-09:每日召开站会。同一项目第一次与最后一次站会之间,每个工作日都应有一次(劳动节等假日不算,"
                  "调休上班日要算);缺的日子列在之后第一次站会的行上。[limits] daily = workdays(默认)或 days(每天)。",
                  "Guide X-09: a stand-up every day. Between a project's first and last stand-up every working day has "
                  "one (holidays off, 调休 Saturdays on); missed days are listed on the next stand-up's row. [limits] "
                  "daily = workdays (default) or days.")),
        Rule("CX295", WARNING, "date", _weekly_on_friday, fields=_friday_fields,
             name="weekly-meeting-not-on-friday-afternoon",
             title=("周例会不在周五下午", "Weekly meeting not on Friday afternoon"),
             message=("周例会「{value}」{start} 开始,不在周五下午(该周周五为 {friday};周五放假时可在该周其他工作日下午)",
                      "The weekly meeting on \"{value}\" starts at {start}, not on Friday afternoon (that week's "
                      "Friday is {friday}; when it is a holiday, any working-day afternoon of the week)"),
             bad=({"会议类型": "周例会", "会议日期": "2024-05-10", "开始时间": "上午10点", "结束时间": "11:00", "纪要发送时间": ""},
                  {"会议类型": "周例会", "会议日期": "2024-05-09", "开始时间": "下午3点", "结束时间": "16:00", "纪要发送时间": ""}),
             good=({"会议类型": "周例会", "会议日期": "2024-05-10", "开始时间": "下午2点半", "结束时间": "15:30", "纪要发送时间": ""},
                   {"会议类型": "周例会", "会议日期": "2024-05-17", "开始时间": "16:00", "结束时间": "17:00", "纪要发送时间": ""}),
             why=("指南 X-10:每周五下午召开周例会。下午 = [hours] afternoon(12:00)≤ 开始时间 < end(18:00);"
                  "若该周周五不是工作日(节假日),该周任一工作日下午均可。",
                  "Guide X-10: the weekly meeting is held on Friday afternoon. Afternoon = [hours] afternoon (12:00) ≤ "
                  "start < end (18:00); when that week's Friday is not a working day, any working-day afternoon of the "
                  "week will do.")),
        Rule("CX296", WARNING, "date", lambda df, ctx: _missing_weeks(df, ctx).isna(), fields=_weeks_fields,
             name="weekly-meeting-missed",
             title=("有一周没开周例会", "Weekly meeting missed"),
             message=("上一次周例会之后,这些周没有开周例会:{weeks}(共 {n} 周)",
                      "No weekly meeting in these weeks since the previous one: {weeks} ({n} in all)"),
             bad=({"会议类型": "周例会", "会议日期": "2024-05-10", "开始时间": "14:30", "结束时间": "15:30", "纪要发送时间": ""},
                  {"项目名称": "", "会议类型": "周例会", "会议日期": "2024-05-24", "开始时间": "14:30", "结束时间": "15:30", "纪要发送时间": ""}),
             good=({"会议类型": "周例会", "会议日期": "2024-05-10", "开始时间": "14:30", "结束时间": "15:30", "纪要发送时间": ""},
                   {"项目名称": "", "会议类型": "周例会", "会议日期": "2024-05-17", "开始时间": "14:30", "结束时间": "15:30", "纪要发送时间": ""}),
             why=("指南 X-10:每周召开周例会。同一项目第一次与最后一次周例会之间,每个有工作日的自然周(周一至周日)都应有一次;"
                  "缺的周列在之后第一次周例会的行上。",
                  "Guide X-10: a weekly meeting every week. Between a project's first and last one, every Monday–Sunday "
                  "week with a working day has one; missed weeks are listed on the next weekly meeting's row.")),
    ),
    more_late=(MINUTES_LATE,),
    clean={"项目名称": "年度新品发布会", "会议类型": "启动会", "会议日期": "2024-05-06", "开始时间": "09:30",
           "结束时间": "10:30", "时长": "60", "参会人员": "王强、刘洋、李明",
           "关联节点": "", "纪要要素": "负责人、任务分工、完成时间、反馈方式", "纪要发送时间": "2024-05-06 17:00",
           "组织人": "李明"},
    key_columns=("project", "kind", "date"),   # recognised when these are all found (docs/recognition.md)
)
