"""表3 客户沟通记录表 — guide 三(一) 客户需求对接与跟进.

tables-2.md: 沟通时间 is a date-time (its shipped rules CX221, CX224 still compare dates); added,
optional columns 客户等级, 专属对接人 (required for 战略/高价值客户, C-10), 事项类型 and 首次响应时间
(C-09); CX225 (a 咨询/投诉 answered later than 2 h inside working hours, 4 h outside: clock hours)
and CX226 (a key client with more than ``visit_days`` between 面谈). The rules read the limits from
``ctx.config.limits`` and the working hours from ``ctx.config.hours`` (the defaults below when a
context has no configuration) and the working-day calendar from ``ctx.calendar``.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import chinese_calendar
import numpy as np
import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, After, Col, Kind, Late, Rule, Table, When
from collab_xl.catalog.rules import as_shown, limit

KEY_TIERS = ("战略客户", "高价值客户")          # C-10: clients with a 专属对接人 and regular visits
ASKS = ("咨询", "投诉")                          # C-09: matters answered within 2 h / 4 h
VISIT = "面谈"

# The guide's figures (config.LimitsConfig / HoursConfig hold the same defaults; a rule run with a
# context without configuration uses these).
_DEFAULT_HOURS = {"start": dt.time(9, 0), "end": dt.time(18, 0)}


def _hours(ctx, name: str) -> dt.time:
    hours = getattr(getattr(ctx, "config", None), "hours", None)
    return getattr(hours, name, _DEFAULT_HOURS[name]) if hours is not None else _DEFAULT_HOURS[name]


def _package_workday(day: dt.date, config) -> bool:
    """A working day by the package's holiday data and ``config.calendar``'s additions: the
    rule of ``core.calendar.WorkCalendar.is_workday``, for a Late line's limit, which is given
    the configuration but not the calendar (the catalog may not import the core)."""
    extra = getattr(config, "calendar", None)
    if extra is not None and day in extra.workdays:
        return True
    if extra is not None and day in extra.holidays:
        return False
    if day in chinese_calendar.workdays:
        return True
    return day.weekday() < 5 and day not in chinese_calendar.holidays


def is_workday(days: pd.Series, ctx) -> pd.Series:
    """Per date (NaT → False): a working day (调休 included) of ``ctx.calendar``, or, for a
    context without one, of the package data and ``ctx.config``. Each distinct day once."""
    cal = getattr(ctx, "calendar", None)
    out = pd.Series(False, index=days.index)
    known = days.notna()
    if not known.any():
        return out
    d = days[known].dt.normalize()
    uniq = [pd.Timestamp(u).date() for u in d.unique()]
    if cal is None:
        config = getattr(ctx, "config", None)
        flags = {u: _package_workday(u, config) for u in uniq}
    else:
        flags = {u: bool(cal.is_workday(u)) for u in uniq}
    out[known] = d.map({pd.Timestamp(u): f for u, f in flags.items()}).astype(bool)
    return out


def workdays_after(start: pd.Series, n, ctx) -> pd.Series:
    """The n-th working day after each date (its own day never counts), ``n`` one count for all
    or one per row, on ``ctx.calendar`` (调休 included); Monday–Friday for a context without one.
    NaT (or no count) stays NaT."""
    s = pd.to_datetime(start, errors="coerce")
    counts = (pd.Series(float(n), index=s.index) if np.isscalar(n)
              else pd.to_numeric(n, errors="coerce").reindex(s.index))
    cal = getattr(ctx, "calendar", None)
    if cal is not None:
        days = cal.add_workdays_many(s, counts.to_numpy(dtype="float64"))
    else:
        d = s.to_numpy(dtype="datetime64[D]")
        k = counts.to_numpy(dtype="float64")
        days = np.full(d.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        ok = ~np.isnat(d) & ~np.isnan(k)
        days[ok] = np.busday_offset(d[ok], k[ok].astype(np.int64), roll="backward")
    return pd.Series(np.asarray(days, dtype="datetime64[D]").astype("datetime64[ns]"), index=s.index)


def norm_key(text: pd.Series) -> pd.Series:
    """Keys across rows (客户名称, 合作项目): NFKC, no spaces (tables-2.md "Keys across tables")."""
    text = text.astype("string")
    distinct = text.dropna().unique()          # a name repeats down its rows: each one once
    keys = {v: "".join(unicodedata.normalize("NFKC", v).split()) for v in distinct}
    return text.map(keys, na_action="ignore").astype("string")


def _key_client_row(df: pd.DataFrame) -> pd.Series:
    """C-10: a row where a 战略客户 / 高价值客户 tier is typed (not inherited from the client's
    first row): the 专属对接人 is required there, once per client."""
    key = df["tier"].isin(KEY_TIERS).fillna(False).astype(bool)
    if "tier__inherited" in df:
        key &= ~df["tier__inherited"].astype(bool)
    return key


KEY_CLIENT_ROW = When(_key_client_row, ("「客户等级」为战略客户或高价值客户时", "for a strategic or high-value client"))


def response_due(df: pd.DataFrame, ctx) -> pd.DataFrame:
    """C-09: when a 咨询/投诉 must first be answered, per row (tables-2.md, CX225 and the Late
    line): 沟通时间 + ``response_hours`` (2) when it is inside working hours (a working day,
    ``hours.start`` ≤ time < ``hours.end``), else + ``response_hours_off`` (4); clock hours.
    A 沟通时间 without a time is read at 24:00 (most favourably), which is outside working hours.

    Columns: ``due`` (datetime64[ns], NaT for other matters or without a 沟通时间), ``limit``
    (the hours applied, NaN likewise), ``inside`` (bool)."""
    when = pd.to_datetime(df["when"], errors="coerce")
    has_time = df["when__hastime"].fillna(False).astype(bool) if "when__hastime" in df \
        else (when.notna() & (when != when.dt.normalize()))
    asks = df["matter"].isin(ASKS).fillna(False).astype(bool) if "matter" in df \
        else pd.Series(False, index=df.index)
    minutes = when.dt.hour * 60 + when.dt.minute
    start, end = _hours(ctx, "start"), _hours(ctx, "end")
    inside = (has_time & is_workday(when, ctx)
              & (minutes >= start.hour * 60 + start.minute) & (minutes < end.hour * 60 + end.minute))
    inside = inside.fillna(False).astype(bool)
    hours = np.where(inside, float(limit(ctx, "response_hours")), float(limit(ctx, "response_hours_off")))
    moment = when.where(has_time, when + pd.Timedelta(days=1))     # a date alone: at 24:00
    use = asks & when.notna()
    due = (moment + pd.to_timedelta(hours, unit="h")).where(use)
    return pd.DataFrame({"due": due.astype("datetime64[ns]"),
                         "limit": pd.Series(hours, index=df.index).where(use), "inside": inside},
                        index=df.index)


def response_limit(frame: pd.DataFrame, config) -> pd.DataFrame:
    """The response Late line's limit per row (``After.limit_at``): ``response_hours`` inside
    working hours, ``response_hours_off`` outside, clock hours (as CX225)."""
    d = response_due(frame, _ConfigOnly(config))
    amount = pd.Series(np.where(d["inside"], float(limit(_ConfigOnly(config), "response_hours")),
                                float(limit(_ConfigOnly(config), "response_hours_off"))), index=frame.index)
    return pd.DataFrame({"amount": amount, "unit": "hours"}, index=frame.index)


class _ConfigOnly:
    """A context holding only the configuration (a Late line's limit is given nothing else)."""
    calendar = None

    def __init__(self, config) -> None:
        self.config = config


def asks(frame: pd.DataFrame, config=None) -> pd.Series:
    """The rows the response line is about: 事项类型 咨询 or 投诉."""
    if "matter" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["matter"].isin(ASKS).fillna(False).astype(bool)


# tables-2.md 表3 "Late: due = 沟通时间 + 2 h / 4 h, done = 首次响应时间, for 咨询/投诉 rows" (C-09), late
# by hours. A second Late line of the table (``more_late``; the shipped line, follow-up actions,
# stays ``TABLE.late``).
RESPONSE_LATE = Late(due=None, done="first_response", item=("customer", "content"), owner="account_manager",
                     after=After("when", limit_at=response_limit), applies=asks, label=("首次响应", "first response"))


def _answered_late(df: pd.DataFrame, ctx) -> pd.Series:
    """CX225 passes unless a 咨询/投诉's 首次响应时间 is after its due; a 首次响应时间 without a time
    is read at 00:00 (most favourably); no answer yet is never a finding."""
    due = response_due(df, ctx)["due"]
    answer = pd.to_datetime(df["first_response"], errors="coerce")
    return ~(answer > due).fillna(False).astype(bool)


def _late_fields(prepared, rows, values, col, ctx) -> dict:
    d = response_due(prepared.loc[rows], ctx)
    return {"matter": prepared.loc[rows, "matter"].astype(str).tolist(),
            "limit": [f"{h:g}" for h in d["limit"].tolist()],
            "due": [as_shown(x) for x in d["due"].tolist()]}


def _visit_gaps(df: pd.DataFrame, ctx) -> pd.Series:
    """CX226 (C-10): days without a 面谈 per 战略/高价值客户 (by 客户名称), as a Series of days on
    the rows a gap longer than ``visit_days`` ends: the 面谈 after the gap, or the client's last
    row (latest 沟通时间) when the gap runs from its last 面谈 (or its first row) to today. NaN
    elsewhere."""
    out = pd.Series(np.nan, index=df.index)
    name = norm_key(df["customer__text"]) if "customer__text" in df else None
    if name is None or "tier" not in df:
        return out
    keys = set(name[df["tier"].isin(KEY_TIERS).fillna(False).astype(bool)].dropna())
    day = pd.to_datetime(df["when"], errors="coerce").dt.normalize()
    sel = name.isin(keys).fillna(False).astype(bool) & day.notna()
    if not keys or not sel.any():
        return out
    limit_days = int(limit(ctx, "visit_days"))
    rows = pd.DataFrame({"name": name[sel], "day": day[sel], "pos": np.arange(len(df))[sel.to_numpy()],
                         "visit": (df["method"][sel] == VISIT).fillna(False).astype(bool)})
    rows = rows.sort_values(["name", "day", "pos"], kind="stable")
    visits = rows[rows["visit"]]
    gap = (visits["day"] - visits.groupby("name")["day"].shift()).dt.days
    out.loc[gap[gap > limit_days].index] = gap[gap > limit_days]
    # from the last 面谈 (or the first row) to today, on the client's last row
    last_visit = visits.groupby("name")["day"].max()
    first_day = rows.groupby("name")["day"].min()
    anchor = last_visit.reindex(first_day.index).fillna(first_day)
    since = (pd.Timestamp(ctx.today) - anchor).dt.days
    last_rows = rows.groupby("name").tail(1).set_index("name")
    for n, days in since[since > limit_days].items():
        r = last_rows.loc[n]
        idx = df.index[int(r["pos"])]
        out.loc[idx] = max(days, out.loc[idx]) if pd.notna(out.loc[idx]) else days
    return out


def _visit_fields(prepared, rows, values, col, ctx) -> dict:
    gaps = _visit_gaps(prepared, ctx)
    return {"customer": prepared.loc[rows, "customer__text"].astype(str).tolist(),
            "days": [str(int(d)) for d in gaps.loc[rows].tolist()],
            "limit": str(int(limit(ctx, "visit_days")))}


TABLE = Table(
    key="customer_log",
    number="表3",
    section="三(一)",
    title=("客户沟通记录表", "Customer contact log"),
    sheet=("表3 客户沟通记录", "T3 Customer log"),
    purpose=(
        "销售/客服与客户的每次沟通:对接人、时间、方式、内容、客户反馈,以及后续行动的负责人与完成时间。",
        "Every contact of sales or service staff with a customer: who, when, how, what was said, the "
        "customer's feedback, and follow-up actions with owner and due date.",
    ),
    columns=(
        Col("客户名称", "customer", "Customer", required=True, ffill=True, width=14,
            aka=("客户", "客户全称", "客户名", "customer_name", "client")),
        Col("客户行业", "industry", "Industry", required=True, ffill=True, width=10,
            aka=("行业", "所属行业")),
        Col("对接人(姓名/职位/联系方式)", "contact", "Contact (name/position/phone or e-mail)", Kind.CONTACT,
            required=True, width=28, hint=("如:刘总/采购经理/13800138000", "e.g. 刘总/采购经理/13800138000"),
            aka=("联系人", "客户联系人")),
        Col("沟通时间", "when", "Contact date", Kind.DATETIME, required=True, width=16,
            hint=("如 2024-05-10 14:30(可只写日期)", "e.g. 2024-05-10 14:30 (a date alone is accepted)"),
            aka=("沟通日期", "拜访时间", "拜访日期", "联系时间", "visit_date")),
        Col("沟通方式(电话/面谈/邮件)", "method", "Channel (phone/meeting/e-mail)", Kind.CHOICE, required=True,
            extra_choices="extra_contact_methods",
            choices=("电话", "面谈", "邮件"), en_choices=("phone", "meeting", "e-mail"), width=12, hint=("电话 / 面谈 / 邮件", "电话 / 面谈 / 邮件"),
            aka=("拜访方式", "method")),
        Col("沟通内容(需求/进展/问题)", "content", "Content (needs/progress/problems)", required=True, width=36,
            aka=("拜访内容", "沟通记录", "沟通事项")),
        Col("客户反馈", "feedback", "Customer feedback", width=26,
            aka=("客户意见", "反馈", "feedback")),
        Col("后续行动", "action", "Follow-up action", width=26,
            aka=("下一步", "跟进事项", "后续跟进", "next_step", "follow_up")),
        Col("负责人", "owner", "Owner", width=10, hint=("填写了后续行动时必填", "Required when a follow-up action is given"),
            aka=("跟进人", "责任人")),
        Col("完成时间", "due", "Due date", Kind.DATE, width=12, hint=("后续行动的完成期限", "When the follow-up action is due"),
            aka=("截止时间", "截止日期", "deadline")),
        Col("实际完成时间", "done", "Actual completion", Kind.DATE, tracking=True, width=12, done=True,
            hint=("后续行动实际完成的日期", "When the follow-up action was actually done"),
            aka=("实际完成日期", "completed_at")),
        # tables-2.md (issue 13): optional added columns
        Col("客户等级", "tier", "Client tier", Kind.CHOICE, ffill=True, added=True, width=12,
            choices=("战略客户", "高价值客户", "普通客户"),
            en_choices=("strategic client", "high-value client", "ordinary client"),
            hint=("战略客户 / 高价值客户 / 普通客户", "战略客户 / 高价值客户 / 普通客户")),
        Col("专属对接人", "account_manager", "Dedicated account manager", ffill=True, added=True, width=12,
            required_if=KEY_CLIENT_ROW,
            hint=("战略客户、高价值客户必填(我方人员)", "Required for 战略客户 / 高价值客户 (our side)")),
        Col("事项类型", "matter", "Matter", Kind.CHOICE, added=True, width=10,
            choices=("咨询", "投诉", "需求", "进展", "回访", "其他"),
            en_choices=("enquiry", "complaint", "need", "progress", "follow-up visit", "other"),
            hint=("咨询 / 投诉 / 需求 / 进展 / 回访 / 其他", "咨询 / 投诉 / 需求 / 进展 / 回访 / 其他")),
        Col("首次响应时间", "first_response", "First response", Kind.DATETIME, time=True, not_before="when",
            added=True, width=16,
            hint=("如 2024-05-10 11:30;咨询/投诉:工作时间内2小时、工作时间外4小时内响应",
                  "e.g. 2024-05-10 11:30; an enquiry or complaint is answered within 2 h in working hours, "
                  "4 h outside")),
    ),
    rules=(
        Rule("CX221", WARNING, "when", lambda df, ctx: ~(df["when"].dt.normalize() > ctx.today_ts).fillna(False),
             title=("沟通时间在今天之后", "Contact date in the future"),
             message=("沟通时间「{value}」晚于今天", "The contact date \"{value}\" is after today"),
             bad=({"沟通时间": "2099-05-10"},), good=({"沟通时间": "2024-05-10"},),
             why=("记录的是已经发生的沟通。", "The log records contacts that have happened.")),
        Rule("CX222", ERROR, "owner", lambda df, ctx: df["action__text"].isna() | df["owner__text"].notna(),
             title=("后续行动缺少负责人", "Follow-up action without owner"),
             message=("填写了后续行动,「{header}」必须填写", "A follow-up action is given, so \"{header}\" is required"),
             bad=({"后续行动": "补充成本测算", "负责人": ""},), good=({"后续行动": "补充成本测算", "负责人": "王五"},),
             why=("表3:后续行动须有负责人和完成时间。", "Table 3: a follow-up action has an owner and a due date.")),
        Rule("CX223", ERROR, "due", lambda df, ctx: df["action__text"].isna() | df["due__text"].notna(),
             title=("后续行动缺少完成时间", "Follow-up action without due date"),
             message=("填写了后续行动,「{header}」必须填写", "A follow-up action is given, so \"{header}\" is required"),
             bad=({"后续行动": "补充成本测算", "完成时间": ""},), good=({"后续行动": "补充成本测算", "完成时间": "2024-05-15"},),
             why=("表3:后续行动须有负责人和完成时间。", "Table 3: a follow-up action has an owner and a due date.")),
        Rule("CX224", ERROR, "due", lambda df, ctx: ~(df["due"] < df["when"].dt.normalize()).fillna(False),
             title=("完成时间早于沟通时间", "Due before the contact"),
             message=("完成时间「{value}」早于沟通时间", "The due date \"{value}\" is before the contact date"),
             bad=({"沟通时间": "2024-05-10", "完成时间": "2024-05-01"},), good=({"沟通时间": "2024-05-10", "完成时间": "2024-05-15"},),
             why=("后续行动不可能在沟通之前完成。", "A follow-up cannot be due before the contact.")),
        Rule("CX225", WARNING, "first_response", _answered_late,
             name="enquiry-answered-late",
             title=("咨询/投诉响应超时", "Enquiry or complaint answered late"),
             message=("{matter}的首次响应「{value}」超过 {limit} 小时时限,应在 {due} 前响应",
                      "The first response \"{value}\" to this {matter} is past the {limit}-hour limit; "
                      "it was due by {due}"),
             fields=_late_fields,
             bad=({"事项类型": "咨询", "沟通时间": "2024-05-11 10:00", "首次响应时间": "2024-05-11 12:30"},
                  {"事项类型": "投诉", "沟通时间": "2024-05-12 10:00", "首次响应时间": "2024-05-12 14:30"}),
             good=({"事项类型": "咨询", "沟通时间": "2024-05-11 10:00", "首次响应时间": "2024-05-11 12:00"},
                   {"事项类型": "投诉", "沟通时间": "2024-05-12 10:00", "首次响应时间": "2024-05-12 14:00"}),
             why=("指南 C-09:客户咨询、投诉须在2小时内响应(非工作时间4小时内;按自然小时计;"
                  "工作时间默认为工作日 09:00–18:00,含调休上班日,可在 [hours] 中设置;时限见 [limits] "
                  "response_hours、response_hours_off)。只有日期的沟通时间按当天 24:00 计。",
                  "Guide C-09: an enquiry or complaint is first answered within 2 hours in working hours, 4 hours "
                  "outside (clock hours; working hours default to 09:00-18:00 on working days, 调休 Saturdays "
                  "included, set in [hours]; the limits are [limits] response_hours, response_hours_off). "
                  "A contact date without a time counts from 24:00 that day.")),
        Rule("CX226", WARNING, "when", lambda df, ctx: _visit_gaps(df, ctx).isna(),
             name="key-client-not-visited",
             title=("重点客户长期未面谈", "Key client not visited"),
             message=("重点客户「{customer}」已 {days} 天没有面谈(超过 {limit} 天)",
                      "Key client \"{customer}\" went {days} days without a meeting (more than {limit})"),
             fields=_visit_fields,
             bad=({"沟通时间": "2024-01-05 10:00", "沟通方式": "面谈", "客户等级": "战略客户"},
                  {"沟通时间": "2024-05-10 10:00", "沟通方式": "面谈", "客户等级": "战略客户"}),
             good=({"沟通时间": "2024-03-01 10:00", "沟通方式": "面谈", "客户等级": "战略客户"},
                   {"沟通时间": "2024-05-10 10:00", "沟通方式": "面谈", "客户等级": "战略客户"}),
             why=("指南 C-10:战略客户、高价值客户配专属对接人,定期面谈。相邻两次面谈(或最后一次面谈、"
                  "没有面谈时为第一条记录,到今天)相隔超过 visit_days 天(默认90天,指南未给出天数,为本工具设定)"
                  "时提示,标在间隔结束的一行(或该客户的最后一行)。",
                  "Guide C-10: strategic and high-value clients have a dedicated manager and regular visits. Flagged "
                  "when consecutive 面谈 (meetings), or the last one (the first row when there is none) and today, are "
                  "more than visit_days apart (90 by default: the guide gives no figure, this is ours), on the row "
                  "ending the gap (or the client's last row).")),
    ),
    late=Late(due="due", done="done", item=("customer", "action"), owner="owner"),
    more_late=(RESPONSE_LATE,),
    clean={"客户名称": "甲公司", "客户行业": "制造业", "对接人": "刘总/采购经理/13800138000", "沟通时间": "2024-05-10 10:00",
           "沟通方式": "面谈", "沟通内容": "需求:降低生产成本10%", "客户反馈": "接受分期付款", "后续行动": "补充成本测算",
           "负责人": "王五", "完成时间": "2024-05-15", "实际完成时间": "2024-05-14",
           "客户等级": "高价值客户", "专属对接人": "王五", "事项类型": "需求"},
    examples=(
        {"客户名称": "甲公司", "客户行业": "制造业", "对接人": "刘总/采购经理", "沟通时间": "05-10", "沟通方式": "面谈",
         "沟通内容": "需求:降低生产成本10%,预算20万元;反馈:方案报价偏高,希望降低5%",
         "客户反馈": "接受分期付款,方案需补充成本测算细节",
         "后续行动": "1.重新制定分期付款方案;2.补充同行业成本优化案例", "负责人": "/客户经理", "完成时间": "2024-05-15"},
    ),
    key_columns=("customer", "when", "content"),   # recognised when these are all found (docs/recognition.md)
)
