"""任务布置与反馈登记表 — guide 二(二) 上下级工作汇报与反馈 (tables-2.md; a register the guide
does not print).

A row per task: who gave it to whom, its goal, completion standard, deadline and resources
(R-01), the acknowledgement within 24 hours with an expected completion and the risks (R-03),
the report of the result and the superior's feedback within 2 working days (R-04) or the task's
own limit (反馈时限, R-02).

* 截止时间 is a date; a wording that promises none (尽快, 待定, ASAP …) is CX271, not CX102: the
  column says so with ``Col(vague=…)`` (the parser flags it ``deadline__vague``).
* CX272: 确认时间 more than ``ack_hours`` clock hours after 下达时间; CX273: 上级反馈时间 beyond
  反馈时限 after 完成汇报时间 (blank = ``feedback_workdays`` working days; 天 calendar days;
  小时 clock hours). A date alone is read most favourably: a start at 24:00, a reply at 00:00.
* Three Late lines: the task itself (截止时间 / 完成汇报时间, [执行人]), the acknowledgement
  (下达时间 + 24 h / 确认时间, [执行人]) and the feedback (完成汇报时间 + 反馈时限 / 上级反馈时间,
  [布置人]).
"""
from __future__ import annotations

import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, After, Col, Kind, Late, Rule, Table
from collab_xl.catalog.customer_log import workdays_after
from collab_xl.catalog.kinds import status_words
from collab_xl.catalog.rules import as_shown, limit
from collab_xl.cells.quantities import DAYS, HOURS, WORKDAYS
from collab_xl.i18n import Both

# wordings that give no deadline ("避免模糊指令")
VAGUE_DEADLINES = ("尽快", "抓紧", "马上", "越快越好", "待定", "ASAP")
CANCELLED = "已取消"

# The guide's figures (config.LimitsConfig holds the same defaults; a rule run with a context
# without configuration uses these).


def start_moment(df: pd.DataFrame, name: str) -> pd.Series:
    """The column's date-times as the start of a clock: a date alone at 24:00 of its day (the
    reading most favourable to whoever has to act, tables-2.md "Limits")."""
    s = pd.to_datetime(df[name], errors="coerce")
    flag = f"{name}__hastime"
    has = df[flag].fillna(False).astype(bool) if flag in df else (s.notna() & (s != s.dt.normalize()))
    return s.where(has, s + pd.Timedelta(days=1))


def _texts(prepared: pd.DataFrame, rows, name: str) -> list[str]:
    return prepared.loc[rows, f"{name}__text"].fillna("").astype(str).tolist()


# -- CX272: acknowledged within ack_hours of the assignment -------------------------------
def ack_due(df: pd.DataFrame, ctx) -> pd.Series:
    """下达时间 + ``ack_hours`` clock hours (nights, weekends and holidays count); a 下达时间
    without a time counts from 24:00 that day."""
    return start_moment(df, "assigned") + pd.Timedelta(hours=limit(ctx, "ack_hours"))


def _acknowledged_in_time(df: pd.DataFrame, ctx) -> pd.Series:
    # a 确认时间 without a time is read at 00:00 (most favourably): the value as it is
    ack = pd.to_datetime(df["acknowledged"], errors="coerce")
    return ~(ack > ack_due(df, ctx)).fillna(False).astype(bool)


def _ack_fields(prepared, rows, values, col, ctx) -> dict:
    return {"assigned": _texts(prepared, rows, "assigned"), "hours": f"{limit(ctx, 'ack_hours'):g}",
            "due": [as_shown(x) for x in ack_due(prepared.loc[rows], ctx).tolist()]}


# -- CX273: the superior's feedback within the task's limit ---------------------------
def feedback_limit(frame: pd.DataFrame, config) -> pd.DataFrame:
    """The feedback limit of each row (the third Late line's ``After.limit_at``; CX273): its
    反馈时限 (2个工作日, 3天, 24小时), blank = ``feedback_workdays`` working days (R-04). An
    unreadable 反馈时限 (CX119) gives no limit (NaN): the row is not judged."""
    default = pd.DataFrame({"amount": float(limit(config, "feedback_workdays")), "unit": WORKDAYS}, index=frame.index)
    if "feedback_limit" not in frame:
        return default
    typed = frame["feedback_limit__text"].notna()
    if "feedback_limit__xlerror" in frame:
        typed |= frame["feedback_limit__xlerror"].astype(bool)
    amount = pd.to_numeric(frame["feedback_limit"], errors="coerce").astype("float64")
    unit = frame["feedback_limit__unit"].astype(object) if "feedback_limit__unit" in frame \
        else pd.Series(None, index=frame.index, dtype=object)
    return pd.DataFrame({"amount": amount.where(typed, default["amount"]),
                         "unit": unit.where(typed, WORKDAYS)}, index=frame.index)


def feedback_due(df: pd.DataFrame, ctx) -> pd.DataFrame:
    """完成汇报时间 + the row's feedback limit: ``due`` and ``timed`` (True for clock hours, whose
    due has a time). Working days: the N-th working day after the report's date; calendar days:
    its date + N; clock hours: from the report (a date alone at 24:00)."""
    lim = feedback_limit(df, ctx)
    reported = pd.to_datetime(df["reported"], errors="coerce")
    amount, unit = lim["amount"], lim["unit"]
    due = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    hours = (unit == HOURS).to_numpy(dtype=bool)
    days = (unit == DAYS).to_numpy(dtype=bool)
    work = (unit == WORKDAYS).to_numpy(dtype=bool)
    if hours.any():
        due[hours] = start_moment(df, "reported")[hours] + pd.to_timedelta(amount[hours], unit="h")
    if days.any():
        due[days] = reported[days].dt.normalize() + pd.to_timedelta(amount[days], unit="D")
    if work.any():
        due[work] = workdays_after(reported[work], amount[work], ctx)
    return pd.DataFrame({"due": due, "timed": pd.Series(hours, index=df.index)})


def _fed_back_in_time(df: pd.DataFrame, ctx) -> pd.Series:
    d = feedback_due(df, ctx)
    fed = pd.to_datetime(df["feedback"], errors="coerce")
    late = (fed > d["due"]).where(d["timed"], fed.dt.normalize() > d["due"])
    return ~late.fillna(False).astype(bool)


def _limit_text(amount: float, unit: str) -> Both:
    n = f"{amount:g}"
    return {HOURS: Both(f"{n}小时", f"{n} hours"), DAYS: Both(f"{n}天", f"{n} days"),
            WORKDAYS: Both(f"{n}个工作日", f"{n} working days")}.get(unit, Both("", ""))


def _feedback_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    lim = feedback_limit(sub, ctx)
    d = feedback_due(sub, ctx)
    return {"reported": _texts(prepared, rows, "reported"),
            "limit": [_limit_text(a, u) for a, u in zip(lim["amount"].tolist(), lim["unit"].tolist())],
            "due": [as_shown(x, t) for x, t in zip(d["due"].tolist(), d["timed"].tolist())]}


def _not_cancelled(frame: pd.DataFrame, config=None) -> pd.Series:
    if "status" not in frame:
        return pd.Series(True, index=frame.index)
    return ~(frame["status"] == CANCELLED).fillna(False).astype(bool)


ITEM = ("task",)
# tables-2.md "Late: due = 截止时间, done = 完成汇报时间, 已取消 never late [执行人]".
TASK_LATE = Late(due="deadline", done="reported", item=ITEM, owner="assignee", status="status")
# "Late: due = 下达时间 + 24 h, done = 确认时间 [执行人]": late by hours. A cancelled task
# needs no acknowledgement (a department head would not chase one).
ACK_LATE = Late(None, "acknowledged", item=ITEM, owner="assignee", status="status",
                after=After("assigned", "ack_hours", HOURS), label=("确认", "acknowledgement"))
# "Late: due = 完成汇报时间 + 反馈时限, done = 上级反馈时间 [布置人]". The status is not
# read as done here (a 已完成 task still waits for its feedback); 已取消 is never late.
FEEDBACK_LATE = Late(None, "feedback", item=ITEM, owner="assigner",
                     after=After("reported", limit_at=feedback_limit), done_also=("feedback_limit",),
                     applies=_not_cancelled, label=("上级反馈", "superior's feedback"))


TABLE = Table(
    key="task_register",
    number=None,
    section="二(二)",
    title=("任务布置与反馈登记表", "Task assignment and feedback register"),
    sheet=("任务布置与反馈", "Tasks and feedback"),
    purpose=(
        "上级布置的每项任务:目标、完成标准、截止时间、可用资源;执行人24小时内确认(预计完成时间、潜在风险),"
        "完成后汇报,上级在反馈时限内(默认2个工作日)反馈。",
        "Every task a superior gives: goal, completion standard, deadline, resources; the assignee "
        "acknowledges within 24 hours (expected completion, risks), reports the result, and the superior "
        "gives feedback within the limit (2 working days by default).",
    ),
    columns=(
        Col("任务名称", "task", "Task", required=True, width=22,
            hint=("一句话写清任务,如:618活动方案初稿", "The task in a few words, e.g. 618 campaign draft"),
            aka=("任务", "任务事项", "工作任务", "交办事项", "task_name")),
        Col("布置人", "assigner", "Assigned by", required=True, width=10,
            hint=("布置任务的上级", "The superior who gave the task"),
            aka=("下达人", "交办人", "安排人", "派发人")),
        Col("执行人", "assignee", "Assignee", required=True, width=10,
            hint=("负责完成任务的人", "Who carries the task out"),
            aka=("承办人", "经办人", "任务执行人", "assignee_name")),
        Col("任务目标", "goal", "Goal", required=True, width=24,
            hint=("要达到什么结果(R-01)", "What the task is to achieve (R-01)"),
            aka=("目标", "工作目标")),
        Col("完成标准", "standard", "Completion standard", required=True, width=24,
            hint=("怎样算完成,如:方案含预算与排期,经部门评审通过", "When it counts as done, e.g. reviewed and approved"),
            aka=("验收标准", "交付标准")),
        Col("截止时间", "deadline", "Deadline", Kind.DATE, required=True, width=12, vague=VAGUE_DEADLINES,
            hint=("具体日期,如 2024-05-20;不要写“尽快”“待定”", "A real date, e.g. 2024-05-20; not \"ASAP\" or \"TBD\""),
            aka=("截止日期", "完成时限", "due_date")),
        Col("可用资源", "resources", "Resources", width=18, expected=True,
            hint=("可调用的人、钱、物;没有写“无需额外资源”", "People, budget, material available; none: 无需额外资源"),
            aka=("资源", "资源支持", "可调用资源")),
        Col("下达时间", "assigned", "Assigned at", Kind.DATETIME, required=True, time=True, width=16,
            hint=("写到时刻,如 2024-05-08 14:30", "With the time, e.g. 2024-05-08 14:30"),
            aka=("布置时间", "交办时间")),
        Col("确认时间", "acknowledged", "Acknowledged at", Kind.DATETIME, time=True, not_before="assigned",
            done=True, width=16,
            hint=("执行人确认收到的时间,下达后24小时内", "When the assignee acknowledged, within 24 hours"),
            aka=("接收确认时间", "回复时间")),
        Col("预计完成时间", "expected_done", "Expected completion", Kind.DATE, required_if="acknowledged", width=12,
            hint=("确认时写明,如 2024-05-18", "Stated with the acknowledgement, e.g. 2024-05-18"),
            aka=("预计完成日期", "预计完成")),
        Col("潜在风险", "risks", "Risks", expected_if="acknowledged", width=20,
            hint=("确认时说明;没有写“暂无风险”", "Stated with the acknowledgement; none: 暂无风险"),
            aka=("风险", "风险说明", "风险提示")),
        Col("完成汇报时间", "reported", "Reported done at", Kind.DATETIME, not_before="assigned", done=True,
            width=16, hint=("完成后向上级汇报结果的时间", "When the result was reported to the superior"),
            aka=("汇报时间", "完成汇报日期", "reported_at")),
        Col("反馈时限", "feedback_limit", "Feedback limit", Kind.LIMIT, width=10,
            hint=("留空 = 2个工作日;也可写 3天、24小时", "Blank = 2 working days; or 3天 (days), 24小时 (hours)"),
            aka=("反馈期限", "上级反馈时限")),
        Col("上级反馈时间", "feedback", "Superior's feedback at", Kind.DATETIME, not_before="reported", done=True,
            width=16, hint=("上级给出反馈的时间", "When the superior gave feedback"),
            aka=("反馈时间", "领导反馈时间")),
        Col("状态", "status", "Status", Kind.CHOICE, width=10,
            choices=("未开始", "进行中", "已完成", "已取消"),
            en_choices=("not started", "in progress", "done", "cancelled"),
            hint=("未开始 / 进行中 / 已完成 / 已取消", "未开始 / 进行中 / 已完成 / 已取消"),
            words=status_words(done="已完成", in_progress="进行中", not_started="未开始", cancelled="已取消"),
            aka=("任务状态", "进度")),
    ),
    rules=(
        Rule("CX271", ERROR, "deadline", lambda df, ctx: ~df["deadline__vague"].astype(bool),
             name="vague-deadline",
             title=("截止时间不明确", "Vague deadline"),
             message=("截止时间「{value}」不是具体日期,请写明哪一天,如 2024-05-20",
                      "The deadline \"{value}\" is no date; name the day, like 2024-05-20"),
             bad=({"截止时间": "尽快"}, {"截止时间": "越快越好"}, {"截止时间": "ASAP"}),
             good=({"截止时间": "2024-05-20"}, {"截止时间": "2024年5月20日"}, {"截止时间": "2024/5/20"}),
             why=("指南 R-01:上级布置任务须明确“任务目标、完成标准、时间节点、可用资源”,避免模糊指令;"
                  "“尽快”“抓紧”“马上”“越快越好”“待定”“ASAP”都不是截止时间(其他无法识别的写法按“日期无法识别”报告)。",
                  "Guide R-01: a task states its goal, completion standard, deadline and resources, with no vague "
                  "instructions; \"尽快\", \"抓紧\", \"马上\", \"越快越好\" (as soon as possible), \"待定\" "
                  "(to be decided) and ASAP are no deadline (other unreadable dates are reported as unreadable).")),
        Rule("CX272", WARNING, "acknowledged", _acknowledged_in_time, fields=_ack_fields,
             name="task-acknowledged-late",
             title=("任务确认超时", "Task acknowledged late"),
             message=("确认时间「{value}」晚于下达时间({assigned})后 {hours} 小时,应在 {due} 前确认",
                      "Acknowledged at \"{value}\", more than {hours} hours after the assignment ({assigned}); "
                      "it was due by {due}"),
             bad=({"下达时间": "2024-04-30 17:00", "确认时间": "2024-05-01 17:30"},
                  {"下达时间": "2024年5月10日下午5点", "确认时间": "2024-05-13 09:00"}),
             good=({"下达时间": "2024-04-30 17:00", "确认时间": "2024-05-01 17:00"},
                   {"下达时间": "2024年5月10日下午5点", "确认时间": "2024-05-11 09:00"}),
             why=("指南 R-03:员工收到任务后24小时内反馈“预计完成时间、潜在风险”。按自然小时计(夜间、周末、节假日都算);"
                  "只有日期的下达时间按当天24:00、确认时间按当天0:00理解(最有利于执行人)。小时数见 [limits] ack_hours(默认24)。",
                  "Guide R-03: an employee acknowledges a task within 24 hours with the expected completion and "
                  "the risks. Clock hours (nights, weekends, holidays count); a date alone reads in the assignee's "
                  "favour (assigned at 24:00, acknowledged at 00:00). [limits] ack_hours (24).")),
        Rule("CX273", WARNING, "feedback", _fed_back_in_time, fields=_feedback_fields,
             name="superior-feedback-late",
             title=("上级反馈超时", "Superior's feedback late"),
             message=("上级反馈时间「{value}」超过反馈时限 {limit}(完成汇报于 {reported}),应不晚于 {due}",
                      "The superior's feedback \"{value}\" is past the limit of {limit} (reported on {reported}); "
                      "it was due by {due}"),
             bad=({"下达时间": "2024-04-26 09:00", "确认时间": "2024-04-26 11:00",
                   "完成汇报时间": "2024-04-30 10:00", "上级反馈时间": "2024-05-08 09:00"},
                  {"完成汇报时间": "2024-05-10", "反馈时限": "2个工作日", "上级反馈时间": "2024-05-14"},
                  {"完成汇报时间": "2024-05-20 10:00", "反馈时限": "3天", "上级反馈时间": "2024-05-24 09:00"},
                  {"完成汇报时间": "2024-05-20 10:00", "反馈时限": "24小时", "上级反馈时间": "2024-05-21 10:30"}),
             good=({"下达时间": "2024-04-26 09:00", "确认时间": "2024-04-26 11:00",
                    "完成汇报时间": "2024-04-30 10:00", "上级反馈时间": "2024-05-07 17:00"},
                   {"完成汇报时间": "2024-05-10", "反馈时限": "2个工作日", "上级反馈时间": "2024-05-13"},
                   {"完成汇报时间": "2024-05-20 10:00", "反馈时限": "3天", "上级反馈时间": "2024-05-23 18:00"},
                   {"完成汇报时间": "2024-05-20 10:00", "反馈时限": "24小时", "上级反馈时间": "2024-05-21 10:00"}),
             why=("指南 R-04:员工完成后主动汇报结果,上级须在2个工作日内反馈(留空的反馈时限即 [limits] "
                  "feedback_workdays 个工作日:从汇报日的下一个工作日起算,按国务院放假安排含调休,如 04-30 汇报应在 05-07 前"
                  "反馈);任务可约定自己的时限(R-02 示例“修改意见3天内反馈”:N天为自然日,N小时为自然小时)。",
                  "Guide R-04: the assignee reports the result and the superior gives feedback within 2 working days "
                  "(a blank limit is [limits] feedback_workdays working days, counted from the working day after the "
                  "report on the mainland calendar with 调休: reported 04-30, due 05-07); a task may set its own "
                  "limit (R-02's example \"comments within 3 days\": N天 calendar days, N小时 clock hours).")),
    ),
    late=TASK_LATE,
    more_late=(ACK_LATE, FEEDBACK_LATE),
    clean={"任务名称": "618活动方案初稿", "布置人": "陈晨", "执行人": "钱七", "任务目标": "拿出可评审的618线上促销方案",
           "完成标准": "方案含目标、预算、排期,部门评审通过", "截止时间": "2024-05-20", "可用资源": "预算3万元,设计部支持2人",
           "下达时间": "2024-05-08 14:30", "确认时间": "2024-05-08 17:00", "预计完成时间": "2024-05-17",
           "潜在风险": "设计部排期紧张", "完成汇报时间": "2024-05-17 16:00", "反馈时限": "",
           "上级反馈时间": "2024-05-20 10:00", "状态": "已完成"},
    examples=(),
    key_columns=("assignee", "deadline", "assigned"),   # recognised when these are all found (docs/recognition.md)
)
