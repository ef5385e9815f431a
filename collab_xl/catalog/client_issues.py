"""验收问题整改表 — guide 三(一) 步骤5 (tables-2.md, key ``client_issues``).

A row per issue a client raises at acceptance. The generic rules come from the declarations:
CX117 (提出时间 and 计划制定时间 need the time of day), CX121 (计划制定时间, 负责人, 计划完成日期
when there is an 改进计划), CX118 (计划制定时间 ≥ 提出时间). The table's own rules:

* CX331/W (C-08): 计划制定时间 more than ``plan_hours`` (24) clock hours after 提出时间 (nights,
  weekends and holidays count; a date alone read most favourably: 提出 at 24:00, 计划 at 00:00);
* CX332/W (C-08 定期反馈): an open issue (no 实际完成日期) whose 最近反馈日期 (else 计划制定时间) is
  more than ``progress_days`` (7, ours) before today;
* CX333/W (ours): an issue whose 客户名称 + 项目名称 names no row of the workbook's 客户项目跟进表
  (skipped without one): a check by matching names, against another table.

Late lines: due = 计划完成日期, done = 实际完成日期 [负责人] (the table's line, which the template's
live overdue colour follows); and due = 提出时间 + ``plan_hours`` h, done = 计划制定时间, labelled
整改计划, owner 负责人 as well, else — an issue still waiting for its plan has no 负责人 yet — the
交付负责人 of its project in 客户项目跟进表 (ours: the spec names none; the person who owns the fix,
or the project's delivery lead, answers for its plan).
"""
from __future__ import annotations

import pandas as pd

from collab_xl.catalog.base import WARNING, After, Col, Kind, Late, Rule, Table
from collab_xl.catalog.customer_log import norm_key
from collab_xl.catalog.rules import as_shown, limit


# -- CX331 (C-08) -------------------------------------------------------------------------------
def plan_due(df: pd.DataFrame, ctx) -> pd.Series:
    """When the improvement plan is due: 提出时间 + ``plan_hours`` clock hours; a 提出时间 without
    a time counts from 24:00 that day."""
    raised = pd.to_datetime(df["raised"], errors="coerce")
    has_time = df["raised__hastime"].fillna(False).astype(bool) if "raised__hastime" in df \
        else (raised.notna() & (raised != raised.dt.normalize()))
    start = raised.where(has_time, raised.dt.normalize() + pd.Timedelta(days=1))
    return start + pd.Timedelta(hours=float(limit(ctx, "plan_hours")))


def _plan_on_time(df: pd.DataFrame, ctx) -> pd.Series:
    """CX331 passes unless 计划制定时间 (a date alone at 00:00) is after the due; no plan yet is
    never a finding (the late view lists it once due)."""
    made = pd.to_datetime(df["plan_time"], errors="coerce")
    return ~(made > plan_due(df, ctx)).fillna(False).astype(bool)


def _plan_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    raised = pd.to_datetime(sub["raised"], errors="coerce")
    shown = [as_shown(r) if t else as_shown(r, time=False) for r, t in zip(raised.tolist(), (raised != raised.dt.normalize()).tolist())]
    return {"raised": shown, "limit": f"{float(limit(ctx, 'plan_hours')):g}",
            "due": [as_shown(x) for x in plan_due(sub, ctx).tolist()]}


# -- CX332 (C-08) -------------------------------------------------------------------------------
def is_open(df: pd.DataFrame) -> pd.Series:
    """No 实际完成日期 (an Excel error in it is not an empty cell)."""
    empty = df["actual_done__text"].isna()
    if "actual_done__xlerror" in df:
        empty &= ~df["actual_done__xlerror"].astype(bool)
    return empty.fillna(False).astype(bool)


def _last_news(df: pd.DataFrame) -> pd.Series:
    made = pd.to_datetime(df["plan_time"], errors="coerce").dt.normalize()
    return pd.to_datetime(df["feedback"], errors="coerce").dt.normalize().fillna(made)


def _silent_days(df: pd.DataFrame, ctx) -> pd.Series:
    return (pd.Timestamp(ctx.today) - _last_news(df)).dt.days


def _progress_reported(df: pd.DataFrame, ctx) -> pd.Series:
    """CX332 passes unless an open issue's last feedback (else its plan) is more than
    progress_days before today."""
    stale = is_open(df) & (_silent_days(df, ctx) > int(limit(ctx, "progress_days")))
    return ~stale.fillna(False).astype(bool)


def _progress_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    return {"last": [as_shown(x, time=False) for x in _last_news(sub).tolist()],
            "days": [str(int(d)) for d in _silent_days(sub, ctx).tolist()],
            "limit": str(int(limit(ctx, "progress_days")))}


# -- CX333 (ours) -------------------------------------------------------------------------------
def _pair(df: pd.DataFrame) -> pd.Series:
    """客户名称 + 项目名称 as one key (NFKC, no spaces, filled down); NA when either is empty."""
    return norm_key(df["customer__text"]) + "\x1f" + norm_key(df["project__text"])


def _project_known(df: pd.DataFrame, ctx) -> pd.Series:
    projects = ctx.table("client_projects") if ctx is not None else None
    if projects is None:
        return pd.Series(True, index=df.index)
    known = set(_pair(projects).dropna())
    key = _pair(df)
    return (key.isna() | key.isin(known)).fillna(True).astype(bool)


def _project_fields(prepared, rows, values, col, ctx) -> dict:
    return {"customer": prepared.loc[rows, "customer__text"].astype(str).tolist()}


# -- the owner of a Late line ------------------------------------------------------------------------
def with_project_lead(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    """The issue frame with ``answerable__text``: its 负责人, else the 交付负责人 of its project in
    客户项目跟进表 (``ctx.table("client_projects")``, by 客户名称 + 项目名称 as CX333 matches them;
    the first row naming one). An issue still waiting for its plan has no 负责人 yet — the person
    who answers for the overdue plan is the project's delivery lead (ours: the spec names none)."""
    own = frame["owner__text"].astype("string")
    projects = ctx.table("client_projects") if ctx is not None and callable(getattr(ctx, "table", None)) else None
    if projects is not None and len(projects) and "delivery_owner__text" in projects:
        leads = pd.DataFrame({"key": _pair(projects), "lead": projects["delivery_owner__text"].astype("string")})
        leads = leads.dropna().drop_duplicates("key").set_index("key")["lead"]
        own = own.fillna(_pair(frame).map(leads).astype("string"))
    return frame.assign(answerable__text=own)


# tables-2.md "Late: due = 计划完成日期, done = 实际完成日期 [负责人]" — the table's line.
FIX_LATE = Late(due="planned_done", done="actual_done", item=("customer", "project", "issue"), owner="owner")

# tables-2.md "Late: due = 提出时间 + 24 h, done = 计划制定时间" (C-08), late by hours; owner 负责人, else
# the project's 交付负责人 (ours: with_project_lead).
PLAN_LATE = Late(due=None, done="plan_time", item=("customer", "project", "issue"), owner="answerable",
                 after=After("raised", "plan_hours", "hours"), label=("整改计划", "improvement plan"),
                 join=with_project_lead)

_TIME_HINT = ("如 2024-05-08 14:30 或 2024年5月8日下午2点半", "e.g. 2024-05-08 14:30 or 2024年5月8日下午2点半")

TABLE = Table(
    key="client_issues",
    number=None,
    section="三(一)",
    title=("验收问题整改表", "Acceptance issue follow-up"),
    sheet=("验收问题整改", "Acceptance issues"),
    purpose=(
        "验收时客户提出的每个问题一行:提出时间、24小时内制定的改进计划及负责人、计划完成日期、定期反馈的进度与实际完成日期。"
        "超过24小时未制定改进计划、超过计划完成日期未整改完成的,列入逾期事项(负责人为整改负责人)。",
        "One row per issue a client raises at acceptance: when it was raised, the improvement plan (made no "
        "later than 24 hours after) with its owner, the planned completion, regular progress feedback and the "
        "actual completion. A plan still missing 24 hours after the issue and a fix past its planned date are "
        "listed as late "
        "(owner: the person responsible for the fix).",
    ),
    columns=(
        Col("客户名称", "customer", "Client", required=True, ffill=True, width=16,
            hint=("与客户项目跟进表一致;同一客户可合并单元格", "As in the client project sheet; may be merged"),
            aka=("客户", "客户全称", "客户名", "customer_name", "client_name")),
        Col("项目名称", "project", "Project", required=True, ffill=True, width=18,
            hint=("与客户项目跟进表一致;同一项目可合并单元格", "As in the client project sheet; may be merged"),
            aka=("项目", "项目名", "客户项目", "project_name")),
        Col("问题描述", "issue", "Issue", required=True, width=30,
            hint=("验收时客户提出的问题,一个问题一行", "An issue the client raised at acceptance, one per row"),
            aka=("验收问题", "问题", "整改问题", "问题内容", "issue_description")),
        Col("提出时间", "raised", "Raised at", Kind.DATETIME, time=True, required=True, width=17,
            hint=_TIME_HINT, aka=("问题提出时间", "反馈时间")),
        Col("改进计划", "plan", "Improvement plan", width=28,
            hint=("整改措施;填写后须写计划制定时间、负责人和计划完成日期",
                  "What will be done; then fill in when it was made, the owner and the planned completion"),
            aka=("整改计划", "整改措施", "改进措施")),
        Col("计划制定时间", "plan_time", "Plan made at", Kind.DATETIME, time=True, width=17, done=True,
            required_if="plan", not_before="raised",
            hint=("提出后24小时内制定;如 2024-05-09 10:00", "No later than 24 hours after the issue; e.g. 2024-05-09 10:00"),
            aka=("计划时间", "整改计划时间")),
        Col("负责人", "owner", "Owner", width=10, required_if="plan",
            hint=("填写了改进计划时必填", "Required when there is an improvement plan"),
            aka=("整改负责人", "责任人")),
        Col("计划完成日期", "planned_done", "Planned completion", Kind.DATE, width=12, required_if="plan",
            hint=("填写了改进计划时必填", "Required when there is an improvement plan"),
            aka=("计划完成时间", "整改期限", "deadline", "due_date")),
        Col("最近反馈日期", "feedback", "Last progress feedback", Kind.DATE, width=12,
            hint=("最近一次向客户反馈整改进度的日期", "The last time the client was told how the fix is going"),
            aka=("最近反馈", "进度反馈日期", "last_feedback")),
        Col("实际完成日期", "actual_done", "Actual completion", Kind.DATE, width=12, done=True,
            hint=("整改完成的日期;未完成留空", "When the fix was done; blank until then"),
            aka=("实际完成时间", "完成日期", "completed_at")),
    ),
    rules=(
        Rule("CX331", WARNING, "plan_time", _plan_on_time,
             name="improvement-plan-late",
             title=("改进计划制定超时", "Improvement plan made late"),
             message=("计划制定时间「{value}」超过问题提出({raised})后 {limit} 小时,应在 {due} 前制定",
                      "The plan was made at \"{value}\", more than {limit} hours after the issue was raised "
                      "({raised}); it was due by {due}"),
             fields=_plan_fields,
             bad=({"提出时间": "2024-04-30 17:00", "计划制定时间": "2024-05-02 10:00"},),
             good=({"提出时间": "2024-04-30 17:00", "计划制定时间": "2024-05-01 17:00"},),
             why=("指南 C-08:客户验收提出问题后24小时内制定改进计划。按自然小时计,夜间、周末、节假日都计入"
                  "(如 04-30 17:00 提出,05-01 劳动节当天 17:00 前制定);只有日期的按最有利的方式理解"
                  "(提出按当天 24:00,制定按 00:00);小时数见 [limits] plan_hours。",
                  "Guide C-08: an improvement plan is made no later than 24 hours after an acceptance issue. Clock hours: nights, "
                  "weekends and holidays count (raised 04-30 17:00, the plan is due on May Day 05-01 17:00); a date "
                  "alone is read most favourably (raised at 24:00, made at 00:00); [limits] plan_hours.")),
        Rule("CX332", WARNING, "feedback", _progress_reported,
             name="issue-progress-not-reported",
             title=("整改进度长期未反馈", "Fix progress not reported"),
             message=("问题尚未整改完成,最近一次反馈为 {last},已 {days} 天未反馈(超过 {limit} 天)",
                      "The issue is still open and was last reported on {last}, {days} days ago (more than {limit})"),
             fields=_progress_fields,
             bad=({"计划完成日期": "2024-06-20", "最近反馈日期": "2024-05-27", "实际完成日期": ""},
                  {"提出时间": "2024-05-20 09:00", "计划制定时间": "2024-05-20 16:00", "计划完成日期": "2024-06-20",
                   "最近反馈日期": "", "实际完成日期": ""}),
             good=({"计划完成日期": "2024-06-20", "最近反馈日期": "2024-05-29", "实际完成日期": ""},),
             why=("指南 C-08:整改期间定期向客户反馈进度。尚未完成的问题,最近反馈日期(未填时为计划制定时间)"
                  "距今天超过 progress_days 天(默认7天,指南未给出天数,为本工具设定)时提示。",
                  "Guide C-08: the client hears regularly how a fix is going. An open issue whose last feedback "
                  "(else the plan) is more than progress_days before today (7 by default: the guide gives no "
                  "figure, this is ours) is flagged.")),
        Rule("CX333", WARNING, "project", _project_known,
             name="issue-project-not-followed",
             title=("项目不在客户项目跟进表中", "Project not in the client project sheet"),
             message=("「{customer}」的项目「{value}」在客户项目跟进表中找不到",
                      "The project \"{value}\" of \"{customer}\" is not in the client project sheet"),
             fields=_project_fields,
             bad=({"客户名称": "甲公司", "项目名称": "成本优化二期"},),
             good=({"客户名称": "甲公司", "项目名称": "生产成本优化"},),
             with_tables=(("client_projects", ({"客户名称": "甲公司", "项目名称": "生产成本 优化"},)),),
             why=("本工具设定(指南未要求):验收问题应属于客户项目跟进表中的某个项目(客户名称与项目名称按"
                  "统一写法比对:全半角、空格、合并单元格都不影响);工作簿没有客户项目跟进表时不检查。",
                  "Ours (the guide does not ask it): an acceptance issue belongs to a project of the client project "
                  "sheet (client and project compared after NFKC, without spaces, merged cells filled down); "
                  "not checked when the workbook has no client project sheet.")),
    ),
    late=FIX_LATE,
    more_late=(PLAN_LATE,),
    clean={"客户名称": "甲公司", "项目名称": "生产成本优化", "问题描述": "报表导出格式与约定不符",
           "提出时间": "2024-05-28 15:00", "改进计划": "按客户模板调整导出格式", "计划制定时间": "2024-05-29 10:00",
           "负责人": "王五", "计划完成日期": "2024-05-31", "最近反馈日期": "2024-05-30", "实际完成日期": "2024-05-31"},
    key_columns=("customer", "issue", "raised"),   # recognised when these are all found (docs/recognition.md)
)
