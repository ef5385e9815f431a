"""客户项目跟进表 — guide 三(一) 客户需求对接与跟进 (tables-2.md, key ``client_projects``).

A row per client project; its documents (需求清单, 方案, 确认函, 验收报告, 满意度调查表) are
tracked by checklist and date only. The generic rules come from the declarations: CX120 (需求清单
要素 C-01, 方案要素 C-02, 调查评价要素 C-07), CX121 (signatures and 交付负责人 once a delivery
starts, C-03/C-04; 验收报告 when 通过, C-05), CX118 (交付开始 ≥ both signatures, 交付完成 ≥ 交付开始,
验收 ≥ 交付完成, 调查表 ≥ 验收). The table's own rules:

* CX311/W (C-06): a 通过 row's 调查表发送日期 more than ``survey_days`` (3 calendar days, ours)
  after 验收日期;
* CX312/W (C-04 每日同步进度): a delivery under way (交付开始日期, no 交付完成日期) whose 最近同步日期
  (else 交付开始日期) is before the last working day before today (``daily`` = "days": yesterday).

Late line (C-06): due = 验收日期 + ``survey_days`` calendar days, done = 调查表发送日期, 通过 rows,
owner 交付负责人. It is the table's only line, and a computed one: ``more_late`` (the template's
live overdue colour reads a due column, which this table has not).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from collab_xl.catalog.base import WARNING, After, Col, Kind, Late, Rule, Table
from collab_xl.catalog.customer_log import _package_workday
from collab_xl.catalog.rules import as_shown, limit
from collab_xl.i18n import Both

PASSED = "通过"
RESULTS = (PASSED, "不通过")

# Our figures (config.LimitsConfig holds the same defaults; a rule run with a context without
# configuration uses these).


# -- CX311 (C-06) -------------------------------------------------------------------------------
def passed(frame: pd.DataFrame, config=None) -> pd.Series:
    """The rows accepted (验收结果 通过): the survey line is about them."""
    if "result" not in frame:
        return pd.Series(False, index=frame.index)
    return (frame["result"] == PASSED).fillna(False).astype(bool)


def _survey_due(df: pd.DataFrame, ctx) -> pd.Series:
    return pd.to_datetime(df["accepted"], errors="coerce").dt.normalize() \
        + pd.Timedelta(days=int(limit(ctx, "survey_days")))


def _survey_on_time(df: pd.DataFrame, ctx) -> pd.Series:
    """CX311 passes unless a 通过 row's 调查表发送日期 is after 验收日期 + survey_days (dates);
    a survey not yet sent is never a finding (the late view lists it once due)."""
    sent = pd.to_datetime(df["survey_sent"], errors="coerce").dt.normalize()
    return ~(passed(df) & (sent > _survey_due(df, ctx))).fillna(False).astype(bool)


def _survey_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    return {"accepted": sub["accepted__text"].astype(str).tolist(), "n": str(int(limit(ctx, "survey_days"))),
            "due": [as_shown(x, time=False) for x in _survey_due(sub, ctx).tolist()]}


# -- CX312 (C-04) -------------------------------------------------------------------------------
def sync_threshold(ctx) -> pd.Timestamp:
    """The oldest acceptable 最近同步日期: the last working day before today on ``ctx.calendar``
    (调休 included; the package data and ``ctx.config`` without one), or yesterday when
    ``[limits] daily`` is "days"."""
    today = pd.Timestamp(ctx.today).date()
    if str(limit(ctx, "daily")) == "days":
        return pd.Timestamp(today - dt.timedelta(days=1))
    cal = getattr(ctx, "calendar", None)
    if cal is not None:
        return pd.Timestamp(cal.add_workdays(today, -1))
    day = today - dt.timedelta(days=1)
    while not _package_workday(day, getattr(ctx, "config", None)):
        day -= dt.timedelta(days=1)
    return pd.Timestamp(day)


def _last_sync(df: pd.DataFrame) -> pd.Series:
    start = pd.to_datetime(df["delivery_start"], errors="coerce").dt.normalize()
    return pd.to_datetime(df["last_sync"], errors="coerce").dt.normalize().fillna(start)


def under_way(df: pd.DataFrame) -> pd.Series:
    """A delivery started (交付开始日期) and not finished (交付完成日期 empty, not an Excel error)."""
    empty = df["delivery_done__text"].isna()
    if "delivery_done__xlerror" in df:
        empty &= ~df["delivery_done__xlerror"].astype(bool)
    return (pd.to_datetime(df["delivery_start"], errors="coerce").notna() & empty).fillna(False).astype(bool)


def _synced(df: pd.DataFrame, ctx) -> pd.Series:
    """CX312 passes unless a delivery under way was last synced (else started) before the last
    working day before today."""
    stale = under_way(df) & (_last_sync(df) < sync_threshold(ctx))
    return ~stale.fillna(False).astype(bool)


def _sync_fields(prepared, rows, values, col, ctx) -> dict:
    sub = prepared.loc[rows]
    own = pd.to_datetime(sub["last_sync"], errors="coerce").notna()
    return {"last": [as_shown(x, time=False) for x in _last_sync(sub).tolist()],
            "source": [Both("最近同步", "last update") if o else Both("交付开始,此后未记录同步", "delivery start; no update since")
                       for o in own.tolist()],
            "threshold": as_shown(sync_threshold(ctx), time=False)}


# tables-2.md "Late: due = 验收日期 + 3 days, done = 调查表发送日期, 通过 rows (C-06) [交付负责人]".
SURVEY_LATE = Late(due=None, done="survey_sent", item=("customer", "project"), owner="delivery_owner",
                   after=After("accepted", "survey_days", "days"), applies=passed,
                   label=("满意度调查", "satisfaction survey"))

_DATE_HINT = ("如 2024-05-08", "e.g. 2024-05-08")

TABLE = Table(
    key="client_projects",
    number=None,
    section="三(一)",
    title=("客户项目跟进表", "Client project follow-up"),
    sheet=("客户项目跟进", "Client projects"),
    purpose=(
        "每个客户项目一行:需求清单(痛点、目标、预算、决策链)、方案(产品/服务内容、报价、交付周期、案例)、"
        "双方签字的确认函、交付负责人与每日进度同步、验收与验收报告、验收后3天内发送满意度调查表。"
        "验收通过后超过3天未发调查表的,列入逾期事项(负责人为交付负责人)。",
        "One row per client project: the needs list (pain points, goals, budget, decision chain), the "
        "proposal (product/service, quote, delivery time, cases), the confirmation signed by both sides, the "
        "delivery lead and daily progress updates, acceptance and its report, and the satisfaction survey "
        "within 3 days of acceptance. A survey not sent 3 days after a passed acceptance is listed as late "
        "(owner: the delivery lead).",
    ),
    columns=(
        Col("客户名称", "customer", "Client", required=True, ffill=True, width=16,
            hint=("客户全称;同一客户的多个项目可合并单元格", "The client's name; may be merged over its projects"),
            aka=("客户", "客户全称", "客户名", "customer_name", "client_name")),
        Col("项目名称", "project", "Project", required=True, width=18,
            hint=("一个客户项目一行", "One row per client project"),
            aka=("项目", "项目名", "客户项目", "project_name")),
        Col("需求清单要素", "needs", "Needs list", Kind.CHECKLIST, required=True, width=28,
            items=("痛点", "目标", "预算", "决策链(决策人)"),
            hint=("列出需求清单含有的要素,用、分隔:痛点、目标、预算、决策链(决策人)",
                  "The parts the needs list holds, joined by 、: 痛点、目标、预算、决策链 (pain points, goals, budget, "
                  "decision chain)"),
            aka=("需求清单", "需求要素", "需求清单内容")),
        Col("方案要素", "proposal", "Proposal", Kind.CHECKLIST, width=28, required_if="our_signed",
            items=("产品/服务内容(产品|服务内容)", "报价", "交付周期", "案例"),
            hint=("方案含有的要素:产品/服务内容、报价、交付周期、案例;我方签字后必填",
                  "The parts of the proposal: 产品/服务内容、报价、交付周期、案例; required once we have signed"),
            aka=("方案内容", "解决方案要素", "proposal_items")),
        Col("我方签字日期", "our_signed", "Signed by us", Kind.DATE, width=12, required_if="delivery_start",
            hint=("确认函我方签字日期;交付开始前须双方签字", "Our signature on the confirmation; both sign before delivery"),
            aka=("我方签署日期", "确认函我方签字日期")),
        Col("客户签字日期", "client_signed", "Signed by client", Kind.DATE, width=12, required_if="delivery_start",
            hint=("确认函客户签字日期;交付开始前须双方签字", "The client's signature on the confirmation"),
            aka=("客户签署日期", "确认函客户签字日期")),
        Col("交付负责人", "delivery_owner", "Delivery lead", width=12, required_if="delivery_start",
            hint=("交付开始后必填(我方人员)", "Required once delivery starts (our side)"),
            aka=("项目负责人", "交付经理")),
        Col("最近同步日期", "last_sync", "Last progress update", Kind.DATE, width=12,
            hint=("最近一次在客户群同步进度的日期;交付期间每日同步",
                  "The last progress update in the client group; daily during delivery"),
            aka=("最近同步", "进度同步日期", "last_update")),
        Col("交付开始日期", "delivery_start", "Delivery start", Kind.DATE, width=12,
            not_before=("our_signed", "client_signed"),
            hint=("不能早于双方签字日期", "Not before either signature"),
            aka=("交付开始", "开始交付日期")),
        Col("交付完成日期", "delivery_done", "Delivery done", Kind.DATE, width=12, not_before="delivery_start", done=True,
            hint=("交付进行中留空", "Blank while the delivery is under way"),
            aka=("交付完成", "交付日期")),
        Col("验收日期", "accepted", "Acceptance date", Kind.DATE, width=12, not_before="delivery_done",
            hint=_DATE_HINT, aka=("验收时间",)),
        Col("验收结果", "result", "Acceptance result", Kind.CHOICE, width=10, choices=RESULTS,
            # the words of other acceptance registers (采购订单, 合作协议: 合格 / 不合格): CX105, read as meant
            lookalikes={"合格": PASSED, "验收合格": PASSED, "验收通过": PASSED, "已通过": PASSED,
                        "不合格": "不通过", "验收不合格": "不通过", "验收不通过": "不通过", "未通过": "不通过"},
            en_choices=("passed", "failed"), hint=("通过 / 不通过", "通过 / 不通过"),
            aka=("验收结论",)),
        Col("验收报告签署日期", "report_signed", "Acceptance report signed", Kind.DATE, width=14,
            required_if=("result", PASSED),
            hint=("验收通过时必填", "Required when the acceptance passed"),
            aka=("验收报告日期", "验收报告签字日期")),
        Col("调查表发送日期", "survey_sent", "Survey sent", Kind.DATE, width=12, not_before="accepted", done=True,
            hint=("验收后3天内发送满意度调查表", "Send the satisfaction survey within 3 days of acceptance"),
            aka=("满意度调查日期", "调查表发送时间", "survey_date")),
        Col("调查评价要素", "survey_items", "Survey covers", Kind.CHECKLIST, width=24, required_if="survey_sent",
            items=("产品/服务(产品|服务)", "沟通效率", "响应速度"),
            hint=("调查表评价的方面:产品/服务、沟通效率、响应速度", "What the survey rates: 产品/服务、沟通效率、响应速度"),
            aka=("调查内容", "评价要素", )),
    ),
    rules=(
        Rule("CX311", WARNING, "survey_sent", _survey_on_time,
             name="satisfaction-survey-late",
             title=("满意度调查表发送超时", "Satisfaction survey sent late"),
             message=("调查表发送日期「{value}」晚于验收({accepted})后 {n} 天,应不晚于 {due}",
                      "The survey was sent on \"{value}\", more than {n} days after acceptance ({accepted}); "
                      "it was due by {due}"),
             fields=_survey_fields,
             bad=({"验收日期": "2024-05-28", "验收结果": "通过", "调查表发送日期": "2024-06-03"},),
             good=({"验收日期": "2024-05-28", "验收结果": "通过", "调查表发送日期": "2024-05-31"},),
             why=("指南 C-06:验收通过后3天内向客户发送满意度调查表。按自然日计(为本工具设定),"
                  "验收日期后第 survey_days 天(默认3)当天发送仍算按时;见 [limits] survey_days。",
                  "Guide C-06: within 3 days of a passed acceptance the client gets a satisfaction survey. Counted "
                  "in calendar days (ours): sent on the survey_days-th day after acceptance (3 by default) is on "
                  "time; [limits] survey_days.")),
        Rule("CX312", WARNING, "last_sync", _synced,
             name="delivery-progress-not-synced",
             title=("交付进度未每日同步", "Delivery progress not updated daily"),
             message=("交付进行中,最近一次同步为 {last}({source}),早于 {threshold}:交付期间应每日在客户群同步进度",
                      "The delivery is under way and was last updated on {last} ({source}), before {threshold}: "
                      "progress is shared in the client group every day during delivery"),
             fields=_sync_fields,
             bad=({"交付开始日期": "2024-05-20", "交付完成日期": "", "最近同步日期": "2024-05-31", "验收日期": "",
                   "验收结果": "", "验收报告签署日期": "", "调查表发送日期": "", "调查评价要素": ""},
                  {"交付开始日期": "2024-05-20", "交付完成日期": "", "最近同步日期": "", "验收日期": "",
                   "验收结果": "", "验收报告签署日期": "", "调查表发送日期": "", "调查评价要素": ""}),
             good=({"交付开始日期": "2024-05-20", "交付完成日期": "", "最近同步日期": "2024-06-04", "验收日期": "",
                    "验收结果": "", "验收报告签署日期": "", "调查表发送日期": "", "调查评价要素": ""},
                   {"交付开始日期": "2024-06-04", "交付完成日期": "", "最近同步日期": "", "验收日期": "",
                    "验收结果": "", "验收报告签署日期": "", "调查表发送日期": "", "调查评价要素": ""}),
             why=("指南 C-04:交付期间每日在客户群同步进度。交付已开始、尚未完成时,最近同步日期(未填时为交付开始日期)"
                  "不得早于今天之前的最后一个工作日(按国务院放假安排,含调休;[limits] daily = \"days\" 时为昨天;"
                  "“每日”的理解为本工具设定)。",
                  "Guide C-04: during delivery the progress is shared in the client group every day. For a delivery "
                  "started and not finished, the last update (else the delivery start) is not before the last "
                  "working day before today (mainland calendar with 调休; yesterday when [limits] daily = \"days\"; "
                  "reading \"daily\" so is ours).")),
    ),
    more_late=(SURVEY_LATE,),
    clean={"客户名称": "甲公司", "项目名称": "生产成本优化", "需求清单要素": "痛点:生产成本高、目标:降本10%、预算20万元、决策链:刘总",
           "方案要素": "产品/服务内容:成本测算系统、报价18万元、交付周期6周、同行业案例2个",
           "我方签字日期": "2024-05-06", "客户签字日期": "2024-05-07", "交付负责人": "王五",
           "最近同步日期": "2024-05-24", "交付开始日期": "2024-05-08", "交付完成日期": "2024-05-24",
           "验收日期": "2024-05-28", "验收结果": "通过", "验收报告签署日期": "2024-05-28",
           "调查表发送日期": "2024-05-30", "调查评价要素": "产品/服务满意度、沟通效率、响应速度"},
    key_columns=("customer", "project", "needs"),   # recognised when these are all found (docs/recognition.md)
)
