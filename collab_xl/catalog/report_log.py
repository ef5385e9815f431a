"""上下级沟通记录表 — guide 二(二) 上下级工作汇报与反馈 (tables-2.md; a register the guide does
not print).

A row per report, instruction, chase or request between a superior and a subordinate: when, who
to whom, what kind, by which channels (日报+电话 …), whether urgent, how long, what about.

* 是否紧急 blank = 否; the 沟通类型 紧急事项 counts as urgent (:func:`urgent`).
* 卡点上报 needs its 卡点发生时间 (CX121), not after the report (CX118 on 沟通时间), reported within
  ``blocker_hours`` clock hours (CX281, R-06).
* 改进需求: the support (支持方式) and a date to carry it out (计划落实日期) are expected (CX122,
  R-05), and followed up: the Late line 计划落实日期 / 落实日期 [接收人].
* An urgent matter talked over only by 电话/当面/面谈 expects a written record (文字记录时间,
  CX122, R-09).
* CX282 (R-07): a spoken 日常汇报 longer than ``report_minutes``; CX283 (R-08): 布置任务 or 催办
  marked urgent outside working hours (``[hours]``, working days with 调休); CX284 (R-10): a
  日常汇报 through neither 日报 nor 周报.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from collab_xl.catalog.base import WARNING, Col, Kind, Late, Rule, Table, When
from collab_xl.catalog.customer_log import is_workday
from collab_xl.catalog.rules import as_shown, limit
from collab_xl.catalog.task_register import start_moment

CHANNELS = ("日报", "周报", "电话", "当面", "面谈", "邮件", "群聊", "书面材料")
SPOKEN = ("电话", "当面", "面谈")
WRITTEN_REPORTS = ("日报", "周报")
TYPES = ("日常汇报", "重要汇报", "布置任务", "催办", "紧急事项", "卡点上报", "改进需求")
ROUTINE, BLOCKER, IMPROVEMENT, URGENT_MATTER = "日常汇报", "卡点上报", "改进需求", "紧急事项"
CHASING = ("布置任务", "催办")
_SPLIT = r"\s*[+＋、,，/／;；&]\s*"          # as the 沟通方式 column's parser (kinds.Kind.MULTI)
_DEFAULT_HOURS = {"start": dt.time(9, 0), "end": dt.time(18, 0)}


def _hours(ctx, name: str) -> dt.time:
    hours = getattr(getattr(ctx, "config", None), "hours", None)
    return getattr(hours, name, _DEFAULT_HOURS[name]) if hours is not None else _DEFAULT_HOURS[name]


def urgent(df: pd.DataFrame) -> pd.Series:
    """Urgent rows: 是否紧急 = 是, or the 沟通类型 紧急事项 (a blank 是否紧急 is 否)."""
    return ((df["urgent"] == "是").fillna(False) | (df["type"] == URGENT_MATTER).fillna(False)).astype(bool)


def _is(df: pd.DataFrame, *types: str) -> pd.Series:
    return df["type"].isin(types).fillna(False).astype(bool)


def _parts(df: pd.DataFrame) -> pd.Series:
    """The 沟通方式 parts, one per entry (index = the row's)."""
    text = df["channel__text"].dropna().astype(str)
    return text.str.split(_SPLIT, regex=True).explode().str.strip()


def _naming(parts: pd.Series, words: tuple[str, ...]) -> pd.Series:
    """Parts naming one of ``words``: a part counts as a channel when it contains its name, as the
    guide puts the tool before it ("企业微信/钉钉的日报/周报": 钉钉日报 is a 日报, 电话沟通 a 电话)."""
    return parts.fillna("").str.contains("|".join(map(re.escape, words)), regex=True)


def channel_has(df: pd.DataFrame, words: tuple[str, ...]) -> pd.Series:
    """Rows whose 沟通方式 has a part naming one of ``words``."""
    parts = _parts(df)
    hit = _naming(parts, words).groupby(level=0).any()
    return hit.reindex(df.index, fill_value=False).astype(bool)


def spoken_only(df: pd.DataFrame) -> pd.Series:
    """Rows whose 沟通方式 is only 电话/当面/面谈 (every part names one of them)."""
    parts = _parts(df)
    parts = parts[parts.fillna("") != ""]
    only = _naming(parts, SPOKEN).groupby(level=0).all()
    return only.reindex(df.index, fill_value=False).astype(bool)


URGENT_SPOKEN = When(lambda df: urgent(df) & spoken_only(df),
                     ("紧急事项仅电话/当面/面谈沟通时", "for an urgent matter talked over only by phone or face to face"))


# -- CX281: a blocker reported within blocker_hours --------------------------------------
def blocker_due(df: pd.DataFrame, ctx) -> pd.Series:
    """卡点发生时间 + ``blocker_hours`` clock hours, for 卡点上报 rows (a date alone from 24:00)."""
    due = start_moment(df, "blocked_at") + pd.Timedelta(hours=limit(ctx, "blocker_hours"))
    return due.where(_is(df, BLOCKER))


def _blocker_in_time(df: pd.DataFrame, ctx) -> pd.Series:
    when = pd.to_datetime(df["when"], errors="coerce")       # a date alone at 00:00: as it is
    return ~(when > blocker_due(df, ctx)).fillna(False).astype(bool)


def _blocker_fields(prepared, rows, values, col, ctx) -> dict:
    due = blocker_due(prepared.loc[rows], ctx)
    return {"blocked": prepared.loc[rows, "blocked_at__text"].fillna("").astype(str).tolist(),
            "hours": f"{limit(ctx, 'blocker_hours'):g}",
            "due": [as_shown(x) for x in due.tolist()]}


# -- CX282: a spoken routine report ≤ report_minutes --------------------------------------
def _short_enough(df: pd.DataFrame, ctx) -> pd.Series:
    long = df["minutes"] > limit(ctx, "report_minutes")
    return ~(long.fillna(False) & _is(df, ROUTINE) & channel_has(df, SPOKEN)).astype(bool)


# -- CX283: no urgent task or chasing outside working hours --------------------------------
def outside_hours(df: pd.DataFrame, ctx) -> pd.Series:
    """沟通时间 outside working hours: not a working day (调休 counted), or before ``hours.start``
    or from ``hours.end`` on. False for a date alone (inside or outside cannot be told)."""
    when = pd.to_datetime(df["when"], errors="coerce")
    has = df["when__hastime"].fillna(False).astype(bool) if "when__hastime" in df else when.notna()
    minutes = when.dt.hour * 60 + when.dt.minute
    start, end = _hours(ctx, "start"), _hours(ctx, "end")
    inside = is_workday(when, ctx) & (minutes >= start.hour * 60 + start.minute) \
        & (minutes < end.hour * 60 + end.minute)
    return (has & when.notna() & ~inside.fillna(False)).astype(bool)


def _not_chased_off_hours(df: pd.DataFrame, ctx) -> pd.Series:
    return ~(_is(df, *CHASING) & urgent(df) & outside_hours(df, ctx))


def _hours_fields(prepared, rows, values, col, ctx) -> dict:
    return {"type": prepared.loc[rows, "type"].astype(str).tolist(),
            "start": _hours(ctx, "start").strftime("%H:%M"), "end": _hours(ctx, "end").strftime("%H:%M")}


# -- CX284: routine reports through 日报/周报 ------------------------------------------------
def _through_reports(df: pd.DataFrame, ctx) -> pd.Series:
    return ~(_is(df, ROUTINE) & df["channel__text"].notna() & ~channel_has(df, WRITTEN_REPORTS))


TABLE = Table(
    key="report_log",
    number=None,
    section="二(二)",
    title=("上下级沟通记录表", "Superior–subordinate communication log"),
    sheet=("上下级沟通记录", "Reports up and down"),
    purpose=(
        "上下级之间的每次汇报、布置、催办、卡点上报与改进需求:时间、发起人、接收人、方式、是否紧急、时长和内容;"
        "卡点24小时内上报,改进需求写明支持方式并跟踪落实。",
        "Every report, instruction, chase, blocker and improvement request between superiors and their "
        "staff: when, from whom to whom, how, whether urgent, how long, what about; blockers reported "
        "within 24 hours, improvement needs given a kind of support that is followed up.",
    ),
    columns=(
        Col("沟通时间", "when", "Time", Kind.DATETIME, required=True, time=True, not_before="blocked_at", width=16,
            hint=("写到时刻,如 2024-05-13 09:30、2024年5月13日下午2点半", "With the time, e.g. 2024-05-13 09:30"),
            aka=("汇报时间", "沟通日期", "时间")),
        Col("发起人", "sender", "From", required=True, width=10,
            hint=("谁发起的汇报、布置或催办", "Who reported, instructed or chased"),
            aka=("发起方", "提出人")),
        Col("接收人", "receiver", "To", required=True, width=10,
            hint=("接收的上级或下属", "The superior or subordinate it went to"),
            aka=("接收方", "接收对象")),
        Col("沟通类型", "type", "Type", Kind.CHOICE, required=True, width=12, choices=TYPES,
            en_choices=("routine report", "important report", "task given", "chase", "urgent matter",
                        "blocker", "improvement need"),
            hint=("日常汇报 / 重要汇报 / 布置任务 / 催办 / 紧急事项 / 卡点上报 / 改进需求",
                  "日常汇报 / 重要汇报 / 布置任务 / 催办 / 紧急事项 / 卡点上报 / 改进需求"),
            aka=("类型", "事项类型", "沟通事项类型")),
        Col("沟通方式", "channel", "Channel", Kind.MULTI, required=True, width=14, choices=CHANNELS,
            extra_choices="extra_contact_methods",
            en_choices=("daily report", "weekly report", "phone", "in person", "meeting", "e-mail", "group chat",
                        "written material"),
            # the allowed values follow the hint in the input message (templates add them)
            hint=("多种用 + 连接,如 日报+电话;日常汇报优先用日报/周报",
                  "Several joined by +, e.g. 日报+电话 (daily report + phone); routine reports go through 日报/周报 first"),
            aka=("方式", "渠道", "沟通渠道")),
        Col("是否紧急", "urgent", "Urgent", Kind.YESNO, width=8,
            hint=("是 / 否(留空即否;紧急事项一律按紧急)", "是 / 否 (blank = 否; an urgent matter always counts)"),
            aka=("紧急", "紧急程度")),
        Col("时长(分钟)", "minutes", "Minutes", Kind.MINUTES, width=9,
            hint=("如 8、15分钟、1小时;日常汇报建议不超过10分钟", "e.g. 8, 15分钟, 1小时; routine reports ≤ 10 min"),
            aka=("用时", "沟通时长")),
        Col("内容摘要", "summary", "Summary", required=True, width=30,
            hint=("汇报或沟通的要点", "What it was about"),
            aka=("内容", "沟通内容", "事项内容")),
        Col("卡点发生时间", "blocked_at", "Blocked since", Kind.DATETIME, time=True, width=16,
            required_if=("type", BLOCKER),
            hint=("卡点上报时必填:遇到困难的时间,24小时内上报", "For a blocker: when it arose; report within 24 hours"),
            aka=("问题发生时间", "困难发生时间")),
        Col("支持方式", "support", "Support", width=18, expected_if=("type", IMPROVEMENT),
            hint=("改进需求:上级给予的支持,如 培训、资源、指导", "For an improvement need: training, resources, coaching"),
            aka=("支持措施", "上级支持")),
        Col("计划落实日期", "planned", "Support due", Kind.DATE, width=12, expected_if=("type", IMPROVEMENT),
            hint=("改进需求:计划落实支持的日期", "For an improvement need: when the support is due"),
            aka=("计划完成日期", "落实期限")),
        Col("落实日期", "done", "Support given", Kind.DATE, width=12, done=True,
            hint=("支持实际落实的日期", "When the support was actually given"),
            aka=("实际落实日期", "完成日期")),
        Col("文字记录时间", "written_at", "Written record at", Kind.DATETIME, not_before="when", width=16,
            expected_if=URGENT_SPOKEN,
            hint=("紧急事项电话/当面沟通后补充文字记录的时间", "When an urgent call or talk was put in writing"),
            aka=("补充文字记录时间", "书面记录时间")),
    ),
    rules=(
        Rule("CX281", WARNING, "when", _blocker_in_time, fields=_blocker_fields,
             name="blocker-reported-late",
             title=("卡点上报超时", "Blocker reported late"),
             message=("卡点发生于 {blocked},「{value}」才上报,超过 {hours} 小时(应在 {due} 前上报)",
                      "The blocker arose at {blocked} and was reported at \"{value}\", more than {hours} hours later "
                      "(due by {due})"),
             bad=({"沟通类型": "卡点上报", "沟通方式": "电话", "卡点发生时间": "2024-05-13 10:00",
                   "沟通时间": "2024-05-14 11:00", "内容摘要": "测试服务器故障,联调停滞"},),
             good=({"沟通类型": "卡点上报", "沟通方式": "电话", "卡点发生时间": "2024-05-13 10:00",
                    "沟通时间": "2024-05-14 10:00", "内容摘要": "测试服务器故障,联调停滞"},),
             why=("指南 R-06:任务推进中遇到困难,24小时内向上级反馈。按自然小时计;只有日期的卡点发生时间按当天24:00理解。"
                  "小时数见 [limits] blocker_hours(默认24)。",
                  "Guide R-06: a difficulty met while working on a task is reported to the superior within 24 hours "
                  "(clock hours; a date alone counts from 24:00). [limits] blocker_hours (24).")),
        Rule("CX282", WARNING, "minutes", _short_enough, fields=lambda *a: {"limit": f"{limit(a[-1], 'report_minutes'):g}"},
             name="routine-report-too-long",
             title=("日常汇报过长", "Routine report too long"),
             message=("日常汇报用时「{value}」,建议不超过 {limit} 分钟",
                      "This routine report took \"{value}\"; keep it to {limit} minutes"),
             bad=({"沟通类型": "日常汇报", "沟通方式": "周报+面谈", "时长": "20分钟"},),
             good=({"沟通类型": "日常汇报", "沟通方式": "周报+面谈", "时长": "8"},),
             why=("指南 R-07(建议):日常汇报建议≤10分钟;只看以电话、当面、面谈进行的日常汇报。分钟数见 [limits] report_minutes(默认10)。",
                  "Guide R-07 (a recommendation): a routine report takes 10 minutes at most; only routine reports by "
                  "phone, in person or in a meeting are looked at. [limits] report_minutes (10).")),
        Rule("CX283", WARNING, "when", _not_chased_off_hours, fields=_hours_fields,
             name="urgent-chasing-outside-working-hours",
             title=("非工作时间紧急催促", "Urgent chasing outside working hours"),
             message=("「{value}」在工作时间({start}–{end},工作日)之外,{type}却标为紧急",
                      "\"{value}\" is outside working hours ({start}-{end} on working days), yet this {type} is marked urgent"),
             bad=({"沟通类型": "催办", "沟通方式": "群聊", "是否紧急": "是", "沟通时间": "2024-05-12 21:30",
                   "内容摘要": "催交618方案"},),
             good=({"沟通类型": "催办", "沟通方式": "群聊", "是否紧急": "是", "沟通时间": "2024-05-11 10:00",
                    "内容摘要": "催交618方案"},),
             why=("指南 R-08:上级布置任务时避免在非工作时间紧急催促。指南未定义工作时间:默认工作日(含调休上班日)"
                  "09:00–18:00,可在 [hours] 中设置;只有日期的沟通时间不判断。",
                  "Guide R-08: superiors avoid urgent chasing outside working hours. The guide gives no working hours: "
                  "working days (调休 Saturdays included) 09:00-18:00 by default, set in [hours]; a date alone is not "
                  "judged.")),
        Rule("CX284", WARNING, "channel", _through_reports,
             name="routine-report-not-via-daily-or-weekly-report",
             title=("日常汇报未通过日报/周报", "Routine report not via daily or weekly report"),
             message=("日常汇报的沟通方式「{value}」既无日报也无周报,建议优先通过日报/周报提交",
                      "This routine report went by \"{value}\", neither a daily nor a weekly report; submit routine "
                      "reports through them first"),
             bad=({"沟通类型": "日常汇报", "沟通方式": "群聊"},),
             good=({"沟通类型": "日常汇报", "沟通方式": "日报+群聊"},),
             why=("指南 R-10(优先):日常汇报优先通过企业微信/钉钉的“日报/周报”功能提交。",
                  "Guide R-10 (preferred): routine reports go through the 日报/周报 (daily/weekly report) "
                  "function of WeCom or DingTalk first.")),
    ),
    late=Late(due="planned", done="done", item=("summary",), owner="receiver"),
    clean={"沟通时间": "2024-05-13 09:30", "发起人": "钱七", "接收人": "陈晨", "沟通类型": "日常汇报",
           "沟通方式": "日报", "是否紧急": "否", "时长": "", "内容摘要": "618活动方案初稿完成60%",
           "卡点发生时间": "", "支持方式": "", "计划落实日期": "", "落实日期": "", "文字记录时间": ""},
    examples=(),
    key_columns=("sender", "receiver", "type"),   # recognised when these are all found (docs/recognition.md)
)
