"""表1 跨部门协作需求表 — guide 二(一) 跨部门项目协作."""
import re

import pandas as pd

from collab_xl.catalog.base import WARNING, Col, Kind, Late, Rule, Table
from collab_xl.catalog.kinds import status_words
from collab_xl.cells.lists import compact

MECHANISMS = ("每日站会", "周例会", "月例会", "例会", "钉钉群", "企业微信群", "微信群", "飞书群", "群聊",
              "邮件", "电话", "面谈", "视频会议")
STATUSES = ("未开始", "进行中", "已完成", "已取消")


def _done_but_open(df: pd.DataFrame, ctx) -> pd.Series:
    # A finish date next to a status that says the work is still open contradicts itself.
    return ~(df["done"].notna() & df["status"].isin(["未开始", "进行中"]).fillna(False))


_NAME_END = re.compile(r"[/／、,，]")


def _norm_text(x: str, name: bool = False) -> str | None:
    if name:
        x = _NAME_END.split(x, maxsplit=1)[0]
    return compact(x) or None


def _norm(s: pd.Series, name: bool = False) -> pd.Series:
    """Keys compared across rows: NFKC, no spaces (NA where empty); ``name``: the part before the
    first / of a contact. Worked out once per distinct value."""
    codes, uniq = pd.factorize(s.to_numpy(dtype=object))
    keys = [_norm_text(x, name) if isinstance(x, str) else None for x in uniq.tolist()]
    out = pd.Series(pd.array([keys[k] if k >= 0 else None for k in codes.tolist()], dtype="string"),
                    index=s.index)
    return out


def contact_names(df: pd.DataFrame) -> pd.Series:
    """The name part of each 对接人 (before the first /), compared exactly: NFKC, no spaces; NA
    where there is none ("/市场部/138" names nobody)."""
    return _norm(df["contact"], name=True)


def _first_contact(df: pd.DataFrame) -> pd.Series:
    """Per row, the first name its project's rows for the same 协作部门 give (NA when the row
    names nobody, is outside a project or department, or names that first person)."""
    names = contact_names(df)
    project, dept = _norm(df["project"]), _norm(df["department"])
    keyed = names.notna() & project.notna() & dept.notna()
    out = pd.Series(pd.NA, index=df.index, dtype="string")
    if keyed.sum() < 2:
        return out
    k = pd.DataFrame({"p": project[keyed], "d": dept[keyed], "n": names[keyed]})
    first = k.groupby(["p", "d"], sort=False)["n"].transform("first")
    other = first != k["n"]
    out[other[other].index] = first[other]
    return out


def project_people(ctx) -> "pd.Series | None":
    """tables-2.md "Name lists": each 表1 project's people — the name parts of its 对接人 and its
    部门负责人 (NFKC, no spaces), in sheet order, once each — as a Series of tuples indexed by the
    project key (customer_log.norm_key: NFKC, trimmed, filled down); None when the workbook has no
    表1."""
    from collab_xl.catalog.customer_log import norm_key
    t1 = ctx.table("cross_dept")
    if t1 is None:
        return None
    key = norm_key(t1["project__text"])
    heads = _norm(t1["dept_head"], name=True) if "dept_head" in t1 else pd.Series(pd.NA, index=t1.index, dtype="string")
    both = pd.DataFrame({"p": pd.concat([key, key]), "n": pd.concat([contact_names(t1), heads]),
                         "o": list(range(len(t1))) * 2}).dropna().sort_values("o", kind="stable")
    return both.groupby("p", sort=False)["n"].agg(lambda s: tuple(dict.fromkeys(s)))


def project_departments(ctx) -> "pd.DataFrame | None":
    """Each 表1 row's project key, 协作部门 and the people of that row (对接人's name, 部门负责人),
    compared forms; None when the workbook has no 表1."""
    from collab_xl.catalog.customer_log import norm_key
    t1 = ctx.table("cross_dept")
    if t1 is None:
        return None
    heads = _norm(t1["dept_head"], name=True) if "dept_head" in t1 else pd.Series(pd.NA, index=t1.index, dtype="string")
    return pd.DataFrame({"p": norm_key(t1["project__text"]), "dept": _norm(t1["department"]),
                         "contact": contact_names(t1), "head": heads, "start": t1["start"] if "start" in t1 else pd.NaT})


REVIEW = "复盘会"


def _review_held(df: pd.DataFrame, ctx) -> pd.Series:
    """CX203 (X-12): a done row (实际完成时间, or 已完成) with a 关键里程碑 has a 复盘会 in 会议登记表
    with its 项目名称 and 关联节点 = 关键里程碑 (keys after NFKC, trimming and fill-down). Without a
    会议登记表 nothing is checked."""
    from collab_xl.catalog.customer_log import norm_key
    meetings = ctx.table("meetings")
    if meetings is None:
        return pd.Series(True, index=df.index)
    done = df["done"].notna() | (df["status"] == "已完成").fillna(False).astype(bool)
    milestone = norm_key(df["milestone__text"])
    pair = norm_key(df["project__text"]) + "\x1f" + milestone
    reviews = meetings[(meetings["kind"] == REVIEW).fillna(False).astype(bool)]
    held = set((norm_key(reviews["project__text"]) + "\x1f" + norm_key(reviews["node__text"])).dropna())
    return ~(done & milestone.notna() & ~pair.isin(held).fillna(False).astype(bool)).fillna(False).astype(bool)


def _one_contact(df: pd.DataFrame, ctx) -> pd.Series:
    # CX202: one project's rows for one department name one contact person.
    return _first_contact(df).isna()


def _first_contact_fields(prepared, rows, values, col, ctx) -> dict:
    return {"first": _first_contact(prepared).loc[rows].astype(str).tolist()}


TABLE = Table(
    key="cross_dept",
    number="表1",
    section="二(一)",
    title=("跨部门协作需求表", "Cross-department collaboration requests"),
    sheet=("表1 跨部门协作需求", "T1 Cross-dept requests"),
    purpose=(
        "多部门参与的专项项目(新产品研发、市场活动策划、流程优化等):各协作部门的需求、期望成果、对接人与时间节点。",
        "Projects several departments take part in (new products, campaigns, process work): each "
        "department's request, expected result, contact person and deadline.",
    ),
    columns=(
        Col("项目名称", "project", "Project", required=True, ffill=True, width=18,
            hint=("项目名称;同一项目的后续行可留空或合并单元格", "Project name; later rows of the same project may be left blank or merged"),
            aka=("项目", "项目名", "任务名称", "project_name", "task_name")),
        Col("协作部门", "department", "Department", required=True, width=12, hint=("参与协作的部门", "The collaborating department"),
            aka=("部门", "负责部门", "参与部门", "协作单位", "dept")),
        Col("需求描述", "request", "Request", required=True, width=36, hint=("需要该部门做什么", "What the department is asked to do"),
            aka=("需求内容", "需求说明", "任务描述", "task_description")),
        Col("期望成果", "expected", "Expected result", required=True, width=24, hint=("可交付、可检查的成果", "A deliverable that can be checked"),
            aka=("预期成果", "交付成果", "交付物", "deliverable")),
        Col("对接人(姓名/部门/联系方式)", "contact", "Contact (name/department/phone or e-mail)", Kind.CONTACT,
            required=True, width=28, hint=("如:张三/技术部/13800138000", "e.g. 张三/技术部/13800138000"),
            aka=("负责人", "联系人", "owner", "assignee")),
        Col("时间节点", "due", "Deadline", Kind.DATE, required=True, width=12, not_before="start",
            hint=("截止日期,如 2024-05-20", "Due date, e.g. 2024-05-20"),
            aka=("截止时间", "截止日期", "完成时限", "计划完成时间", "期限", "due_date")),
        Col("资源需求", "resources", "Resources", width=16, hint=("预算、人员、物料等", "Budget, people, material"),
            aka=("所需资源",)),
        Col("沟通机制(例会/群聊/邮件)", "mechanism", "Communication (meeting/group chat/e-mail)", Kind.MULTI,
            extra_choices="extra_mechanisms",
            required=True, choices=MECHANISMS, width=20,
            hint=("可多选,用 + 连接,如:周例会+钉钉群", "One or more joined by +, e.g. 周例会+钉钉群"),
            aka=("沟通方式",)),
        Col("备注", "note", "Remarks", width=20,
            aka=("备注说明", "remark", "notes")),
        Col("完成状态", "status", "Status", Kind.CHOICE, choices=STATUSES, tracking=True, width=10,
            en_choices=("not started", "in progress", "done", "cancelled"),
            hint=("未开始/进行中/已完成/已取消", "未开始 / 进行中 / 已完成 / 已取消"),
            aka=("状态", "任务状态", "完成进度", "进度"),
            words=status_words(done="已完成", in_progress="进行中", not_started="未开始", cancelled="已取消")),
        Col("实际完成时间", "done", "Actual completion", Kind.DATE, tracking=True, width=12, done=True,
            hint=("实际完成的日期;未完成留空", "Date actually finished; blank if not yet"),
            aka=("实际完成日期", "完成日期", "completed_at", "completion_date")),
        # tables-2.md: added, optional columns
        Col("开始时间", "start", "Start date", Kind.DATE, added=True, width=12,
            hint=("该部门工作的开始日期;时间节点不能早于它", "When the department's work starts; the deadline cannot be before it")),
        Col("部门负责人", "dept_head", "Department head", added=True, width=12,
            hint=("协作部门的负责人姓名", "Name of the collaborating department's head")),
        Col("关键里程碑", "milestone", "Key milestone", added=True, width=14,
            hint=("如:中期验收;完成后召开复盘会", "e.g. 中期验收; a review meeting follows it")),
    ),
    rules=(
        Rule("CX201", WARNING, "status", _done_but_open,
             title=("已完成却标为未完成", "Finished but marked open"),
             message=("已填写实际完成时间,但完成状态为「{value}」", "An actual completion date is filled but the status is \"{value}\""),
             bad=({"完成状态": "进行中", "实际完成时间": "2024-04-28"},),
             good=({"完成状态": "已完成", "实际完成时间": "2024-04-28"},),
             why=("完成状态与实际完成时间应一致,逾期统计依赖它们。", "Status and completion date must agree; lateness depends on both.")),
        Rule("CX202", WARNING, "contact", _one_contact, fields=_first_contact_fields,
             name="several-contacts-for-one-department",
             title=("同一部门有多个对接人", "Several contacts for one department"),
             message=("同一项目中该协作部门的对接人已是「{first}」,此处又写了「{value}」;每个部门应只有一名对接人",
                      "This project's first row for the department names \"{first}\" as contact, this row \"{value}\"; "
                      "a department should have one contact person"),
             bad=({"项目名称": "年度新品发布会", "协作部门": "技术部", "对接人": "王强/技术部/13912345678"},
                  {"项目名称": "", "协作部门": "技术部", "对接人": "李明/技术部/13900001111"}),
             good=({"项目名称": "年度新品发布会", "协作部门": "技术部", "对接人": "王强/技术部/13912345678"},
                   {"项目名称": "", "协作部门": "技术部", "对接人": "王强/技术部/13912345678"}),
             why=("指南 X-02(二(一)步骤2):各协作部门需指定1名项目负责人(对接人);同一项目同一部门的行应写同一人(只比较姓名部分,空姓名不计)。",
                  "Guide X-02 (二(一) step 2): each collaborating department appoints one person; a project's rows for one "
                  "department should name the same person (name part only; empty names are ignored).")),
        Rule("CX203", WARNING, "milestone", _review_held,
             name="milestone-without-a-review",
             title=("里程碑完成后未开复盘会", "Milestone without a review meeting"),
             message=("关键里程碑「{value}」已完成,会议登记表中没有该项目关联此节点的复盘会",
                      "The key milestone \"{value}\" is done, but the meeting register has no review meeting of this "
                      "project for it"),
             bad=({"关键里程碑": "中期验收"},), good=({"关键里程碑": "功能演示 彩排"},),
             with_tables=(("meetings", ({"会议类型": "复盘会", "关联节点": "功能演示彩排", "会议日期": "2024-05-20",
                                          "纪要要素": "已完成成果、未达标事项、改进措施", "纪要发送时间": "2024-05-21 10:00"},)),),
             why=("指南 X-12:项目关键里程碑完成后召开复盘会,输出《项目复盘报告》。已完成的行(有实际完成时间或状态为已完成)"
                  "写了关键里程碑,会议登记表中就应有同一项目名称、关联节点为该里程碑的复盘会(名称去空格后逐字比较);"
                  "工作簿中没有会议登记表时不检查。",
                  "Guide X-12: a review meeting follows each key milestone and produces the review report. A done row "
                  "(actual completion, or 已完成) naming a key milestone needs a review meeting (复盘会) in the meeting "
                  "register with the same project and that milestone (关联节点; compared exactly, spaces ignored); without a meeting "
                  "register nothing is checked.")),
    ),
    late=Late(due="due", done="done", item=("project", "department", "expected"), owner="contact", status="status"),
    clean={"项目名称": "年度新品发布会", "协作部门": "技术部", "需求描述": "提供产品功能演示", "期望成果": "完成3个核心功能演示",
           "对接人": "王强/技术部/13912345678", "时间节点": "2024-05-20", "资源需求": "演示设备2套", "沟通机制": "周例会+邮件",
           "备注": "", "完成状态": "已完成", "实际完成时间": "2024-05-17",
           "开始时间": "2024-05-06", "部门负责人": "刘洋", "关键里程碑": "功能演示彩排"},
    examples=(
        {"项目名称": "年度新品发布会", "协作部门": "市场部", "需求描述": "负责发布会整体策划,包括场地选址、流程设计、嘉宾邀约",
         "期望成果": "完成《发布会执行方案》", "对接人": "/市场部/138", "时间节点": "2024-04-30", "资源需求": "预算5万元",
         "沟通机制": "周例会+钉钉群", "备注": "需行政部协助场地协调"},
        {"项目名称": "", "协作部门": "技术部", "需求描述": "提供产品功能演示,准备演示设备及技术人员", "期望成果": "完成3个核心功能演示",
         "对接人": "/技术部", "时间节点": "05-20", "资源需求": "无", "沟通机制": "周例会+邮件", "备注": "演示时长≤15分钟"},
        {"项目名称": "", "协作部门": "销售部", "需求描述": "邀请潜在客户(目标300人),收集客户信息", "期望成果": "完成300人客户邀约",
         "对接人": "/销售部", "时间节点": "06-10", "资源需求": "客户名单模板", "沟通机制": "每日站会+钉钉群", "备注": "需市场部提供宣传物料"},
    ),
    key_columns=("project", "department", "due"),   # recognised when these are all found (docs/recognition.md)
)
