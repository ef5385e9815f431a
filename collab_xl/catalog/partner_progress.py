"""表4 合作伙伴协作进度表 — guide 三(二) 合作伙伴项目协同.

tables-2.md adds optional columns (计划开始时间, 我方/对方对接人, 我方反馈时间, 重要节点, 延期原因,
调整后完成时间, 扣减金额) and the rules CX232 (our feedback later than ``feedback_workdays``
working days after a submission, P-07), CX233 (a late phase without 延期原因, P-11) and CX234 (a
负责人 without a name, P-04). A phase's due is its 调整后完成时间 when filled, else its
计划完成时间 (:func:`phase_due`). CX235 (a done important phase without a 双方会议 in the
会议登记表, P-08) reads the meeting register, and is skipped without one.
"""
from __future__ import annotations

import pandas as pd

from collab_xl.catalog.base import WARNING, After, Col, Kind, Late, Rule, Table, When
from collab_xl.catalog.customer_log import norm_key, workdays_after
from collab_xl.catalog.rules import as_shown, limit

OUR_CHANGE = "我方需求变更"                  # P-11: the due moves to 调整后完成时间
PARTNER_LATE = "合作伙伴未按期交付"          # P-11: a deduction is expected
DEFAULT_FEEDBACK_KEYWORDS = ("稿", "提交", "阶段成果")


def _first_row_of_project(df: pd.DataFrame) -> pd.Series:
    """A project's first row (by 合作项目 after NFKC and fill-down): where its contacts belong."""
    key = norm_key(df["project__text"])
    return (key.notna() & ~key.duplicated()).fillna(False).astype(bool)


FIRST_ROW = When(_first_row_of_project, ("在项目的第一行", "on the project's first row"))


def phase_due(df: pd.DataFrame) -> pd.Series:
    """P-11: a phase is due at its 调整后完成时间 when filled, else at its 计划完成时间."""
    planned = pd.to_datetime(df["planned"], errors="coerce")
    if "adjusted" not in df:
        return planned
    return pd.to_datetime(df["adjusted"], errors="coerce").fillna(planned)


def _feedback_due(df: pd.DataFrame, ctx) -> pd.Series:
    return workdays_after(df["actual"], int(limit(ctx, "feedback_workdays")), ctx)


def _feedback_late(df: pd.DataFrame, ctx) -> pd.Series:
    """CX232 passes unless 我方反馈时间's date is after the due (dates only)."""
    feedback = pd.to_datetime(df["feedback"], errors="coerce").dt.normalize()
    return ~(feedback > _feedback_due(df, ctx)).fillna(False).astype(bool)


def _feedback_fields(prepared, rows, values, col, ctx) -> dict:
    return {"submitted": prepared.loc[rows, "actual__text"].astype(str).tolist(),
            "n": str(int(limit(ctx, "feedback_workdays"))),
            "due": [as_shown(x, time=False) for x in _feedback_due(prepared.loc[rows], ctx).tolist()]}


def late_phase(df: pd.DataFrame, ctx) -> pd.Series:
    """Phases late against :func:`phase_due`: done after it, or not done (实际完成时间 empty) and
    the due before today. A completion after today (CX231) or an unreadable one is not judged."""
    due = phase_due(df).dt.normalize()
    actual = pd.to_datetime(df["actual"], errors="coerce").dt.normalize()
    today = ctx.today_ts
    done_late = (actual > due) & (actual <= today)
    empty = df["actual__text"].isna()
    if "actual__xlerror" in df:            # an Excel error (CX115) is not an empty cell
        empty &= ~df["actual__xlerror"].astype(bool)
    open_late = empty & (due < today)
    return (done_late.fillna(False) | open_late.fillna(False)).astype(bool)


def _reason_missing(df: pd.DataFrame, ctx) -> pd.Series:
    return ~(late_phase(df, ctx) & df["delay_reason__text"].isna())


def _reason_fields(prepared, rows, values, col, ctx) -> dict:
    return {"due": [as_shown(x, time=False) for x in phase_due(prepared.loc[rows]).tolist()]}


def _has_name(column: str):
    """CX234: a 负责人 typed with nothing before its first "/" (the guide's "/市场部")."""
    def check(df: pd.DataFrame, ctx) -> pd.Series:
        # nothing but whitespace before the first "/": one regex test a cell (re's \s is what
        # str.strip() takes off), not a split, a pick and a strip
        text = df[f"{column}__text"].astype("string")
        return ~text.str.match(r"\s*/").fillna(False).astype(bool)
    return check


_NAME_WHY = ("指南 P-04:双方明确对接负责人(姓名、职位/部门、联系方式)。只写了部门或职位(如指南示例的“/市场部”)"
             "时找不到具体的人。",
             "Guide P-04: both sides name a contact person (name, position or department, phone or e-mail). "
             "A department or title alone (the guide's own \"/市场部\") names nobody.")


def _name_rule(column: str, bad: str, good: str) -> Rule:
    header = {"our_owner": "我方负责人", "partner_owner": "合作伙伴负责人"}[column]
    return Rule("CX234", WARNING, column, _has_name(column),
                name="lead-without-a-name",
                title=("负责人没有姓名", "Lead without a name"),
                message=("「{value}」没有写姓名(“/”前为空),请写成 姓名/部门 或 姓名/职位",
                         "\"{value}\" names no one (nothing before the \"/\"); write name/department or "
                         "name/position"),
                bad=({header: bad},), good=({header: good},), why=_NAME_WHY)


def _joint_meeting_held(df: pd.DataFrame, ctx) -> pd.Series:
    """CX235 (P-08): a done row (实际完成时间) with 重要节点 = 是 has a 双方会议 in 会议登记表 with
    项目名称 = 合作项目 and 关联节点 = 项目阶段 (keys after NFKC, trimming and fill-down). Without a
    会议登记表 nothing is checked."""
    meetings = ctx.table("meetings")
    if meetings is None or "milestone" not in df:
        return pd.Series(True, index=df.index)
    done = df["actual"].notna()
    key = (df["milestone"] == "是").fillna(False).astype(bool)
    pair = norm_key(df["project__text"]) + "\x1f" + norm_key(df["stage__text"])
    joint = meetings[(meetings["kind"] == "双方会议").fillna(False).astype(bool)]
    held = set((norm_key(joint["project__text"]) + "\x1f" + norm_key(joint["node__text"])).dropna())
    return ~(done & key & ~pair.isin(held).fillna(False).astype(bool)).fillna(False).astype(bool)


def feedback_wanted(df: pd.DataFrame, config=None) -> pd.Series:
    """P-07: rows whose 项目阶段 or 交付物 contains a ``partner.feedback_keywords`` word (a
    submission awaiting our feedback: the second Late line's ``applies``)."""
    partner = getattr(config, "partner", None)
    words = tuple(getattr(partner, "feedback_keywords", DEFAULT_FEEDBACK_KEYWORDS))
    out = pd.Series(False, index=df.index)
    for col in ("stage__text", "deliverable__text"):
        if col in df:
            text = df[col].astype("string")
            for w in words:
                out |= text.str.contains(w, regex=False).fillna(False).astype(bool)
    return out


def adjustment(frame: pd.DataFrame, config=None) -> pd.DataFrame:
    """The phase line's limit (``After.limit_at``): the days 调整后完成时间 moves 计划完成时间 by
    (0 when it is empty), so the due is 调整后完成时间 if filled, else 计划完成时间 (P-11)."""
    planned = pd.to_datetime(frame["planned"], errors="coerce").dt.normalize()
    days = (phase_due(frame).dt.normalize() - planned).dt.days.astype("float64")
    return pd.DataFrame({"amount": days.fillna(0.0), "unit": "days"}, index=frame.index)


# tables-2.md 表4 "Late: due = 调整后完成时间 if filled, else 计划完成时间; done = 实际完成时间 (replaces
# tables.md's)": the due is 计划完成时间 moved by the adjustment; a defective 调整后完成时间 leaves the
# row unchecked, as a defective 计划完成时间 does. ``due`` still names 计划完成时间 for the template.
PHASE_LATE = Late(due="planned", done="actual", item=("project", "stage", "deliverable"), owner="our_owner",
                  after=After("planned", limit_at=adjustment), done_also=("adjusted",))

# tables-2.md 表4 "Late: due = 实际完成时间 + 2 working days, done = 我方反馈时间, where 项目阶段 or 交付物
# contains a partner.feedback_keywords word" (P-07). A second Late line of the table (``more_late``).
FEEDBACK_LATE = Late(due=None, done="feedback", item=("project", "stage", "deliverable"), owner="our_owner",
                     after=After("actual", "feedback_workdays", "workdays"), applies=feedback_wanted,
                     label=("我方反馈", "our feedback"))


TABLE = Table(
    key="partner_progress",
    number="表4",
    section="三(二)",
    title=("合作伙伴协作进度表", "Partner collaboration progress"),
    sheet=("表4 合作伙伴协作进度", "T4 Partner progress"),
    purpose=(
        "与外部机构(广告公司、软件服务商、行业协会等)合作项目的各阶段:双方负责人、计划与实际完成时间、交付物、问题及下一步。",
        "Joint projects with outside organisations, phase by phase: both leads, planned and actual "
        "completion, deliverables, problems and next steps.",
    ),
    columns=(
        Col("合作项目", "project", "Joint project", required=True, ffill=True, width=16,
            aka=("项目名称", "项目", "project")),
        Col("合作伙伴", "partner", "Partner", required=True, ffill=True, width=14,
            aka=("合作方", "合作单位")),
        Col("项目阶段", "stage", "Phase", required=True, width=12,
            aka=("阶段", "里程碑", "milestone", "stage")),
        Col("我方负责人", "our_owner", "Our lead", required=True, ffill=True, width=12,
            aka=("负责人", "owner")),
        Col("合作伙伴负责人", "partner_owner", "Partner's lead", required=True, ffill=True, width=14,
            aka=("对方负责人",)),
        Col("计划完成时间", "planned", "Planned completion", Kind.DATE, required=True, width=13,
            not_before="planned_start", hint=("如 2024-05-20", "e.g. 2024-05-20"),
            aka=("计划时间", "计划日期", "截止时间", "截止日期", "planned_date", "due_date", "deadline")),
        Col("实际完成时间", "actual", "Actual completion", Kind.DATE, width=13, done=True,
            hint=("未完成可填“-”或留空", "Leave blank or \"-\" until done"),
            aka=("实际时间", "实际日期", "完成时间", "actual_date", "completed_at")),
        Col("交付物", "deliverable", "Deliverable", required=True, width=20,
            aka=("交付成果", "输出物", "成果", "deliverables")),
        Col("问题及解决方案", "issues", "Problems and solutions", width=24,
            aka=("问题", "风险", "存在问题", "issues", "risks")),
        Col("下一步计划", "next", "Next step", width=20,
            aka=("下一步", "后续计划")),
        # tables-2.md (issue 13): optional added columns
        Col("计划开始时间", "planned_start", "Planned start", Kind.DATE, added=True, width=13,
            hint=("如 2024-05-06;计划完成时间不能早于它", "e.g. 2024-05-06; the planned completion is not before it")),
        Col("我方对接人(姓名/部门/联系方式)", "our_contact", "Our contact (name/department/phone or e-mail)",
            Kind.CONTACT, ffill=True, added=True, width=26, expected_if=FIRST_ROW,
            hint=("如:李明/市场部/13800138000,项目首行填写", "e.g. 李明/市场部/13800138000, on the project's first row")),
        Col("对方对接人(姓名/职位/联系方式)", "partner_contact", "Partner's contact (name/position/phone or e-mail)",
            Kind.CONTACT, ffill=True, added=True, width=26, expected_if=FIRST_ROW,
            hint=("如:周创意/创意总监/13900139000,项目首行填写", "e.g. 周创意/创意总监/13900139000, on the project's first row")),
        Col("我方反馈时间", "feedback", "Our feedback", Kind.DATE, added=True, width=13, not_before="actual",
            hint=("对方提交后2个工作日内反馈", "Feedback within 2 working days of a submission")),
        Col("重要节点", "milestone", "Key milestone", Kind.YESNO, added=True, width=10,
            hint=("是 / 否", "是 / 否")),
        Col("延期原因", "delay_reason", "Reason for delay", Kind.CHOICE, added=True, width=16,
            choices=(OUR_CHANGE, PARTNER_LATE, "其他"),
            en_choices=("change requested by us", "partner late", "other"),
            hint=("我方需求变更 / 合作伙伴未按期交付 / 其他", "我方需求变更 / 合作伙伴未按期交付 / 其他")),
        Col("调整后完成时间", "adjusted", "Adjusted completion", Kind.DATE, added=True, width=13,
            required_if=("delay_reason", OUR_CHANGE),
            hint=("延期原因为我方需求变更时必填", "Required when the delay is a change requested by us")),
        Col("扣减金额", "deduction", "Deduction", Kind.NUMBER, added=True, width=10, min=0,
            expected_if=("delay_reason", PARTNER_LATE),
            hint=("合作伙伴未按期交付时按协议扣减", "When the partner is late, as the agreement provides")),
    ),
    rules=(
        # CX231 (a completion date after today) is a generic rule of every done column (kinds.py)
        Rule("CX232", WARNING, "feedback", _feedback_late,
             name="partner-feedback-late",
             title=("对合作伙伴提交的反馈超时", "Feedback to the partner late"),
             message=("我方反馈时间「{value}」晚于提交({submitted})后 {n} 个工作日,应不晚于 {due}",
                      "Our feedback \"{value}\" is more than {n} working days after the submission "
                      "({submitted}); it was due by {due}"),
             fields=_feedback_fields,
             bad=({"实际完成时间": "2024-05-18", "我方反馈时间": "2024-05-22"},),
             good=({"实际完成时间": "2024-05-18", "我方反馈时间": "2024-05-21"},),
             why=("指南 P-07:合作伙伴提交成果后,我方2个工作日内反馈(工作日按国务院放假安排,含调休;"
                  "从提交日的下一个工作日起算,如周六 2024-05-18 提交的初稿应在 05-21 前反馈;"
                  "天数见 [limits] feedback_workdays)。",
                  "Guide P-07: we give feedback within 2 working days of a partner's submission (mainland "
                  "working days with 调休, counted from the working day after the submission: a draft "
                  "submitted on Saturday 2024-05-18 gets feedback by 05-21; [limits] feedback_workdays).")),
        Rule("CX233", WARNING, "delay_reason", _reason_missing,
             name="delay-without-a-reason",
             title=("延期未写原因", "Delay without a reason"),
             message=("该阶段已延期(应于 {due} 完成),请填写「{header}」",
                      "This phase is late (due {due}); fill in \"{header}\""),
             fields=_reason_fields,
             bad=({"计划完成时间": "2024-05-10", "实际完成时间": "2024-05-13", "延期原因": ""},),
             good=({"计划完成时间": "2024-05-10", "实际完成时间": "2024-05-13", "延期原因": "合作伙伴未按期交付",
                    "扣减金额": "500"},),
             why=("指南 P-11:合作项目延期须说明原因:我方需求变更的调整完成时间,合作伙伴未按期交付的按协议扣减。"
                  "到期日为调整后完成时间(已填写时)或计划完成时间;已完成晚于到期日,或未完成且已过到期日,即为延期。",
                  "Guide P-11: a late phase states why: a change we asked for moves the completion date, a partner's "
                  "delay is deducted as the agreement says. The due is the adjusted completion when filled, else the "
                  "planned one; done after it, or not done with the due past, is late.")),
        Rule("CX235", WARNING, "milestone", _joint_meeting_held,
             name="key-phase-without-a-joint-meeting",
             title=("重要节点完成后未开双方会议", "Key phase without a joint meeting"),
             message=("重要节点「{stage}」已完成,会议登记表中没有该合作项目关联此阶段的双方会议",
                      "The key phase \"{stage}\" is done, but the meeting register has no joint meeting of this "
                      "project for it"),
             fields=lambda prepared, rows, values, col, ctx: {
                 "stage": prepared.loc[rows, "stage__text"].fillna("").astype(str).tolist()},
             bad=({"项目阶段": "需求确认", "重要节点": "是"},), good=({"项目阶段": "初稿 提交", "重要节点": "是"},),
             with_tables=(("meetings", ({"项目名称": "新品宣传推广", "会议类型": "双方会议", "关联节点": "初稿提交",
                                          "会议日期": "2024-05-18", "参会人员": "李明、周创意",
                                          "纪要发送时间": "2024-05-18 17:00"},)),),
             why=("指南 P-08:项目重要节点完成后召开双方会议,同步进展并记录纪要。已完成(有实际完成时间)且重要节点为「是」的阶段,"
                  "会议登记表中就应有项目名称为该合作项目、关联节点为该项目阶段的双方会议(名称去空格后逐字比较);"
                  "工作簿中没有会议登记表时不检查。",
                  "Guide P-08: after each key phase both sides meet to review progress, with minutes. A done phase "
                  "(actual completion) marked as a key phase (重要节点 = 是) needs a joint meeting (双方会议) in the meeting "
                  "register for the joint project and the phase (关联节点; compared exactly, spaces ignored); without a "
                  "meeting register nothing is checked.")),
        _name_rule("our_owner", "/市场部", "李明/市场部"),
        _name_rule("partner_owner", "/创意总监", "周创意/创意总监"),
    ),
    late=PHASE_LATE,
    more_late=(FEEDBACK_LATE,),
    clean={"合作项目": "新品宣传推广", "合作伙伴": "A广告公司", "项目阶段": "初稿提交", "我方负责人": "李明",
           "合作伙伴负责人": "周创意", "计划完成时间": "2024-05-24", "实际完成时间": "2024-05-18", "交付物": "宣传海报初稿3版",
           "问题及解决方案": "", "下一步计划": "5月22日前修改",
           "我方对接人": "李明/市场部/13800138000",
           "对方对接人": "周创意/创意总监/13900139000", "重要节点": "否"},
    examples=(
        {"合作项目": "新品宣传推广", "合作伙伴": "A广告公司", "项目阶段": "需求确认", "我方负责人": "/市场部",
         "合作伙伴负责人": "/创意总监", "计划完成时间": "2024-05-10", "实际完成时间": "2024-05-10",
         "交付物": "《项目需求说明书》", "问题及解决方案": "无", "下一步计划": "启动设计"},
        {"合作项目": "", "合作伙伴": "", "项目阶段": "初稿提交", "我方负责人": "", "合作伙伴负责人": "",
         "计划完成时间": "2024-05-20", "实际完成时间": "2024-05-18", "交付物": "宣传海报初稿3版",
         "问题及解决方案": "我方要求增加品牌标语", "下一步计划": "5月22日前修改"},
        {"合作项目": "", "合作伙伴": "", "项目阶段": "最终交付", "我方负责人": "", "合作伙伴负责人": "",
         "计划完成时间": "2024-05-30", "实际完成时间": "-", "交付物": "印刷稿100份", "问题及解决方案": "-", "下一步计划": "待验收"},
    ),
    key_columns=("project", "partner", "planned"),   # recognised when these are all found (docs/recognition.md)
)
