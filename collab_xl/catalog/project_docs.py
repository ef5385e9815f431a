"""项目文件登记表 — guide 二(一) 跨部门项目协作 (立项说明书, 分工表, 甘特图, 总结报告, 书面约定, 变更记录).

tables-2.md "项目文件登记表": a row per document sent, agreement or change. Documents are
checked by date, recipients and declared checklist only (the document itself is never read).

The rules compare with 表1 (跨部门协作需求表) of the same workbook — or of the files given to one
command — by 项目名称 (NFKC, trimmed, filled down): CX301 (a 立项说明书 / 总结报告 not sent to every
协作部门; a department counts as reached when 发送对象 names it, or names one of its 表1 people:
its 对接人 or 部门负责人), CX302 (a 分工表 not sent to every person of the project), CX306 (a
书面约定 after the project's earliest 开始时间). CX303 (a 总结报告 without management: any of
``[names] management``), CX304 (a project's 甘特图 never sent to a group) and CX305 (a 变更记录
only by word of mouth) read this table alone. 全体 / 全员 in 发送对象 reaches everyone.
"""
from __future__ import annotations

import re

import pandas as pd

from collab_xl.catalog.base import ERROR, WARNING, Col, Kind, Rule, Table
from collab_xl.catalog.cross_dept import project_departments, project_people
from collab_xl.catalog.customer_log import norm_key
from collab_xl.catalog.rules import as_shown
from collab_xl.cells.lists import compact

CHARTER, SPLIT, GANTT, SUMMARY, AGREEMENT, CHANGE = (
    "项目立项说明书", "跨部门协作分工表", "项目甘特图", "项目总结报告", "书面约定", "变更记录")
DOC_TYPES = (CHARTER, SPLIT, GANTT, SUMMARY, AGREEMENT, CHANGE)
# The guide's documents as an office worker shortens them, and the template's English labels,
# read as that 文件类型 without a finding (Col.words)
DOC_WORDS = {
    **{w: CHARTER for w in ("立项说明书", "《项目立项说明书》", "project charter")},
    **{w: SPLIT for w in ("分工表", "协作分工表", "《跨部门协作分工表》", "division of work")},
    **{w: GANTT for w in ("甘特图", "《项目甘特图》", "Gantt chart")},
    **{w: SUMMARY for w in ("总结报告", "项目总结", "《项目总结报告》", "final report")},
    **{w: AGREEMENT for w in ("written agreement",)},
    **{w: CHANGE for w in ("变更单", "change record")},
}
CHANNELS = ("邮件", "钉钉群", "企业微信群", "飞书群", "微信群", "群聊", "协作工具", "书面", "电话", "当面", "口头")
GROUPS = ("钉钉群", "企业微信群", "飞书群", "微信群", "群聊")      # the 甘特图 goes to a group
SPOKEN = ("电话", "当面", "口头")                                  # not a written record
DEFAULT_MANAGEMENT = ("管理层", "总经理", "总经办", "公司领导", "高管")
_SPLIT = re.compile(r"\s*[+＋、,，/／;；&]\s*")


def channel_parts(df: pd.DataFrame) -> pd.Series:
    """发送渠道 as a tuple of its parts (NFKC, no spaces; an empty tuple where empty), each
    distinct text once."""
    text = df["channel__text"].astype(object)
    codes, uniq = pd.factorize(text.to_numpy(dtype=object))
    per = [tuple(p for p in (compact(x) for x in _SPLIT.split(str(u))) if p) for u in uniq.tolist()]
    return pd.Series([per[c] if c >= 0 else () for c in codes.tolist()], index=df.index, dtype=object)


def _type_is(df: pd.DataFrame, *types: str) -> pd.Series:
    return df["doc_type"].isin(types).fillna(False).astype(bool)


def _judged(df: pd.DataFrame, *types: str) -> pd.Series:
    """Rows of these 文件类型 whose 发送对象 names someone and not everyone (empty: CX121's)."""
    return _type_is(df, *types) & df["recipients"].notna() & ~df["recipients__everyone"].astype(bool)


# -- CX301: every 协作部门 -------------------------------------------------------------------------

def _unreached_departments(df: pd.DataFrame, ctx) -> pd.Series:
    """Per 立项说明书 / 总结报告 row, its project's 表1 协作部门 its 发送对象 reach neither by name
    nor through one of the department's people (a tuple; NA elsewhere)."""
    out = pd.Series(pd.NA, index=df.index, dtype=object)
    t1 = project_departments(ctx)
    if t1 is None or not len(df):
        return out
    t1 = t1.dropna(subset=["p", "dept"])
    depts: dict[str, dict[str, set]] = {}
    for p, dept, contact, head in zip(t1["p"], t1["dept"], t1["contact"], t1["head"]):
        people = depts.setdefault(p, {}).setdefault(dept, set())
        people.update(n for n in (contact, head) if isinstance(n, str))
    key = norm_key(df["project__text"])
    sel = _judged(df, CHARTER, SUMMARY) & key.isin(list(depts)).fillna(False).astype(bool)
    for i in df.index[sel.to_numpy()]:
        sent = set(df.at[i, "recipients"])
        lack = tuple(d for d, people in depts[key[i]].items() if d not in sent and not (people & sent))
        if lack:
            out[i] = lack
    return out


# -- CX302: every person of the project ----------------------------------------------------------

def _unreached_people(df: pd.DataFrame, ctx) -> pd.Series:
    """Per 分工表 row, its project's 表1 people (对接人 names, 部门负责人) its 发送对象 lack (a
    tuple; NA elsewhere)."""
    out = pd.Series(pd.NA, index=df.index, dtype=object)
    people = project_people(ctx)
    if people is None or not len(df):
        return out
    key = norm_key(df["project__text"])
    sel = _judged(df, SPLIT) & key.isin(list(people.index)).fillna(False).astype(bool)
    for i in df.index[sel.to_numpy()]:
        sent = set(df.at[i, "recipients"])
        lack = tuple(p for p in people[key[i]] if p not in sent)
        if lack:
            out[i] = lack
    return out


def _missing_fields(find):
    def fields(prepared, rows, values, col, ctx) -> dict:
        return {"missing": ["、".join(x) for x in find(prepared, ctx).loc[rows].tolist()]}
    return fields


# -- CX303: management ---------------------------------------------------------------------------

def management(ctx) -> tuple[str, ...]:
    """``[names] management``: who counts as 管理层 (compared forms)."""
    names = getattr(getattr(ctx, "config", None), "names", None)
    return tuple(compact(n) for n in getattr(names, "management", DEFAULT_MANAGEMENT))


def _sent_to_management(df: pd.DataFrame, ctx) -> pd.Series:
    sel = _judged(df, SUMMARY)
    bosses = set(management(ctx))
    reached = df["recipients"].map(lambda v: isinstance(v, tuple) and bool(bosses & set(v)))
    return ~(sel & ~reached.fillna(False).astype(bool))


# -- CX304: the 甘特图 in a group ----------------------------------------------------------------

def _gantt_in_group(df: pd.DataFrame, ctx) -> pd.Series:
    """A project's 项目甘特图 rows include one sent to a group; else its first 甘特图 row fails."""
    gantt = _type_is(df, GANTT) & df["channel__text"].notna()
    key = norm_key(df["project__text"])
    if not gantt.any():
        return pd.Series(True, index=df.index)
    grouped = channel_parts(df).map(lambda parts: any(is_group(p) for p in parts))
    rows = pd.DataFrame({"p": key[gantt], "g": grouped[gantt].astype(bool)}).dropna(subset=["p"])
    any_group = rows.groupby("p", sort=False)["g"].transform("any")
    first = ~rows["p"].duplicated()
    bad = rows.index[(first & ~any_group).to_numpy(dtype=bool)]
    return ~pd.Series(df.index.isin(bad), index=df.index)


def is_group(part: str) -> bool:
    """A 发送渠道 part that is a group chat: one of ``GROUPS``, or any group the user names — the
    guide's own "项目协作群", 项目群, 钉钉项目群, 微信群聊 (a part ending in 群 or holding 群聊;
    not 邮件群发)."""
    return part in GROUPS or part.endswith("群") or "群聊" in part


# -- CX305: a change in writing ------------------------------------------------------------------

WRITTEN = ("邮件", "书面", "协作工具", "纪要")


def is_spoken(part: str) -> bool:
    """A 发送渠道 part that leaves no written record: 电话, 当面, 口头 — also in other words
    (口头通知, 电话通知, 当面沟通) — unless it names a written channel too (电话后邮件确认) or a group."""
    return any(w in part for w in SPOKEN) and not any(w in part for w in WRITTEN) and not is_group(part)


def _change_in_writing(df: pd.DataFrame, ctx) -> pd.Series:
    spoken = channel_parts(df).map(lambda parts: bool(parts) and all(is_spoken(p) for p in parts))
    return ~(_type_is(df, CHANGE) & spoken.astype(bool))


# -- CX306: agreements before the work starts ----------------------------------------------------

def _project_start(df: pd.DataFrame, ctx) -> pd.Series:
    """Each row's project's earliest 表1 开始时间 (NaT when none)."""
    t1 = project_departments(ctx)
    if t1 is None:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    start = pd.to_datetime(t1["start"], errors="coerce")
    known = start.notna() & t1["p"].notna()
    first = start[known].groupby(t1["p"][known]).min().to_dict()
    key = norm_key(df["project__text"]).astype(object)
    return pd.to_datetime(key.map(lambda k: first.get(k, pd.NaT) if isinstance(k, str) else pd.NaT),
                          errors="coerce").astype("datetime64[ns]")


def _agreed_before_start(df: pd.DataFrame, ctx) -> pd.Series:
    late = _type_is(df, AGREEMENT) & (df["date"].dt.normalize() > _project_start(df, ctx))
    return ~late.fillna(False).astype(bool)


def _start_fields(prepared, rows, values, col, ctx) -> dict:
    return {"start": [as_shown(x, time=False) for x in _project_start(prepared, ctx).loc[rows]]}


_T1 = (("cross_dept", ({"关键里程碑": ""},)),)      # 年度新品发布会: 技术部, 王强 (对接人), 刘洋 (部门负责人), 开始 05-06

TABLE = Table(
    key="project_docs",
    number=None,
    section="二(一)",
    title=("项目文件登记表", "Project document register"),
    sheet=("项目文件登记", "Project documents"),
    purpose=(
        "项目的立项说明书、协作分工表、甘特图、总结报告的发送,以及书面约定和变更记录:日期、发送对象、渠道、"
        "所含要素与归档位置。只登记日期、对象与要素,不读取文件本身。",
        "A project's documents sent (charter, division of work, Gantt chart, final report) and its written "
        "agreements and changes: date, recipients, channel, what they hold and where they are filed. Dates, "
        "recipients and declared items only; the documents themselves are not read.",
    ),
    columns=(
        Col("项目名称", "project", "Project", required=True, ffill=True, width=18,
            hint=("表1的项目名称;同一项目的后续行可留空或合并单元格", "The project as in table 1; later rows may be blank or merged"),
            aka=("项目", "所属项目", "project_name")),
        Col("文件类型", "doc_type", "Document", Kind.CHOICE, required=True, width=16, choices=DOC_TYPES,
            en_choices=("project charter", "division of work", "Gantt chart", "final report", "written agreement",
                        "change record"),
            hint=("项目立项说明书 / 跨部门协作分工表 / 项目甘特图 / 项目总结报告 / 书面约定 / 变更记录",
                  "项目立项说明书 / 跨部门协作分工表 / 项目甘特图 / 项目总结报告 / 书面约定 / 变更记录"),
            words=DOC_WORDS, aka=("文件类别", "文档类型", "文件名称", "document_type")),
        Col("内容要素", "contents", "Contents", Kind.CHECKLIST, width=26,
            items=("目标", "KPI(关键成果)", "预算", "时间", "资源限制(资源)"), required_if=("doc_type", CHARTER),
            hint=("立项说明书列出的内容,用 、 分隔:目标、KPI、预算、时间、资源限制",
                  "What the charter states, joined by 、: 目标、KPI、预算、时间、资源限制 (goal, KPI, budget, time, resources)"),
            aka=("文件要素", "主要内容")),
        Col("事项", "matter", "Matter", width=22, required_if=("doc_type", (AGREEMENT, CHANGE)),
            hint=("书面约定、变更记录必填,如:跨部门任务成本承担、需求变更", "Required for an agreement or a change, e.g. "
                  "who bears a cross-department cost, a changed requirement"),
            aka=("约定事项", "变更事项", "变更内容", "约定内容")),
        Col("日期", "date", "Date", Kind.DATE, required=True, width=12,
            hint=("发送、约定或变更的日期", "When it was sent, agreed or changed"),
            aka=("发送日期", "文件日期", "约定日期", "变更日期")),
        Col("发送对象", "recipients", "Sent to", Kind.NAMELIST, width=24,
            required_if=("doc_type", (CHARTER, SPLIT, SUMMARY)),
            hint=("部门或人员,用 、 分隔(可写 全体);立项说明书、总结报告发给全部协作部门,分工表发给全部对接人和部门负责人,"
                  "总结报告还须发给管理层",
                  "Departments or people joined by 、 (or 全体); a charter or final report goes to every collaborating "
                  "department, the division of work to every contact and head, the final report also to management"),
            aka=("接收人", "接收对象", "发送给", "recipients")),
        Col("发送渠道", "channel", "Channel", Kind.MULTI, required=True, width=16, choices=CHANNELS,
            en_choices=("e-mail", "DingTalk group", "WeCom group", "Feishu group", "WeChat group", "group chat",
                        "collaboration tool", "in writing", "phone", "in person", "word of mouth"),
            # the allowed values follow the hint in the input message (templates add them; the English
            # list with its labels is cut at Excel's 255 characters, so the hint names the values)
            hint=("可多选,用 + 连接,如 邮件+钉钉群。甘特图发到群里(项目群),变更须有书面记录",
                  "邮件 钉钉群 企业微信群 飞书群 微信群 群聊 协作工具 书面 电话 当面 口头, joined by +; the Gantt chart "
                  "goes to a group, a change in writing"),
            aka=("发送方式", "渠道")),
        Col("归档位置", "archive", "Filed at", width=20, required_if=("doc_type", SUMMARY),
            hint=("总结报告必填,如 共享盘/项目/2024发布会", "Required for the final report, e.g. a shared folder"),
            aka=("存档位置", "归档路径")),
    ),
    rules=(
        Rule("CX301", WARNING, "recipients", lambda df, ctx: _unreached_departments(df, ctx).isna(),
             fields=_missing_fields(_unreached_departments),
             name="document-not-sent-to-every-department",
             title=("文件未发给全部协作部门", "Document not sent to every department"),
             message=("「{value}」没有发给表1中该项目的协作部门:{missing}",
                      "\"{value}\" leaves out these collaborating departments of the project in table 1: {missing}"),
             bad=({"发送对象": "市场部、销售部、总经理"},), good=({"发送对象": "市场部、王强、总经理"},),
             with_tables=_T1,
             why=("指南 X-01:项目立项说明书发给所有协作部门;X-13:项目总结报告同样。部门以表1中该项目的协作部门为准,"
                  "发送对象写了部门名称、或写了该部门在表1中的对接人/部门负责人,即算发到(名称逐字比较;全体/全员为全部)。",
                  "Guide X-01: the project charter goes to every collaborating department; X-13: the final report too. "
                  "The departments are the project's in table 1; one is reached when the recipients name it, or its "
                  "table-1 contact or head (compared exactly; 全体/全员 is everyone).")),
        Rule("CX302", WARNING, "recipients", lambda df, ctx: _unreached_people(df, ctx).isna(),
             fields=_missing_fields(_unreached_people),
             name="division-of-work-not-sent-to-everyone",
             title=("分工表未发给全部项目人员", "Division of work not sent to everyone"),
             message=("分工表没有发给表1中该项目的:{missing}",
                      "The division of work was not sent to these people of the project in table 1: {missing}"),
             bad=({"文件类型": "跨部门协作分工表", "内容要素": "", "发送对象": "王强"},),
             good=({"文件类型": "跨部门协作分工表", "内容要素": "", "发送对象": "王强/刘洋"},),
             with_tables=_T1,
             why=("指南 X-03:跨部门协作分工表发给每位项目人员。项目的人员 = 表1中该项目各行对接人的姓名和部门负责人"
                  "(逐字比较;全体/全员为全部)。",
                  "Guide X-03: the division of work goes to every person of the project: the names of its table-1 "
                  "contacts and department heads (compared exactly; 全体/全员 is everyone).")),
        Rule("CX303", WARNING, "recipients", _sent_to_management,
             name="final-report-not-sent-to-management",
             title=("总结报告未发给管理层", "Final report not sent to management"),
             message=("项目总结报告的发送对象「{value}」中没有管理层", "The final report's recipients \"{value}\" include no management"),
             bad=({"文件类型": "项目总结报告", "内容要素": "", "发送对象": "市场部、技术部", "归档位置": "共享盘/项目/发布会"},),
             good=({"文件类型": "项目总结报告", "内容要素": "", "发送对象": "市场部、技术部、总经办", "归档位置": "共享盘/项目/发布会"},),
             why=("指南 X-13:项目结束后《项目总结报告》提交管理层并归档。管理层为 [names] management 中的任一名称"
                  "(默认 管理层、总经理、总经办、公司领导、高管)。",
                  "Guide X-13: the final report goes to management and is filed. Management is any name of [names] "
                  "management (管理层, 总经理, 总经办, 公司领导, 高管 by default).")),
        Rule("CX304", WARNING, "channel", _gantt_in_group,
             name="gantt-chart-not-shared-in-a-group",
             title=("甘特图未发到群里", "Gantt chart not shared in a group"),
             message=("该项目的甘特图都没有发到群里(钉钉群、企业微信群、飞书群、微信群、群聊),此处为「{value}」",
                      "None of this project's Gantt charts went to a group chat (DingTalk, WeCom, Feishu, WeChat or other group); "
                      "this one went by \"{value}\""),
             bad=({"文件类型": "项目甘特图", "内容要素": "", "发送对象": "", "发送渠道": "邮件"},),
             good=({"文件类型": "项目甘特图", "内容要素": "", "发送对象": "", "发送渠道": "邮件+飞书群"},),
             why=("指南 X-08:用甘特图跟踪进度,在项目群中同步。一个项目的甘特图行中至少有一次发到群里;否则标在它的第一行。",
                  "Guide X-08: progress is tracked on a Gantt chart shared in the project group. At least one of a "
                  "project's Gantt chart rows went to a group; otherwise its first one is flagged.")),
        Rule("CX305", ERROR, "channel", _change_in_writing,
             name="change-not-recorded-in-writing",
             title=("变更只有口头通知", "Change not recorded in writing"),
             message=("变更记录只通过「{value}」传达,须有书面记录(邮件、群聊、书面等)",
                      "The change went only by \"{value}\"; it must be recorded in writing (e-mail, a group, paper …)"),
             bad=({"文件类型": "变更记录", "内容要素": "", "事项": "发布会改为5月28日", "发送对象": "", "发送渠道": "电话"},),
             good=({"文件类型": "变更记录", "内容要素": "", "事项": "发布会改为5月28日", "发送对象": "", "发送渠道": "电话+邮件"},),
             why=("指南 X-11:需求或计划变更须书面记录并通知相关方,不能只口头说。渠道只有电话、当面、口头(也包括 口头通知、电话通知、当面沟通 这类说法)时报错。",
                  "Guide X-11: a change of requirement or plan is recorded in writing and sent to those concerned, not "
                  "only said. An error when the channel is only phone, in person or word of mouth (also in other words: "
                  "口头通知, 电话通知, 当面沟通).")),
        Rule("CX306", WARNING, "date", _agreed_before_start, fields=_start_fields,
             name="agreement-after-the-project-started",
             title=("书面约定晚于项目开始", "Agreement after the project started"),
             message=("书面约定日期「{value}」晚于该项目在表1中最早的开始时间 {start}",
                      "The agreement's date \"{value}\" is after the project's earliest start in table 1, {start}"),
             bad=({"文件类型": "书面约定", "内容要素": "", "事项": "跨部门任务成本承担", "日期": "2024-05-10",
                   "发送对象": "", "发送渠道": "邮件"},),
             good=({"文件类型": "书面约定", "内容要素": "", "事项": "跨部门任务成本承担", "日期": "2024-04-30",
                    "发送对象": "", "发送渠道": "邮件"},),
             with_tables=_T1,
             why=("指南 X-14:易产生争议的事项(如跨部门任务成本承担)在项目开始前书面约定。日期晚于表1中该项目最早的"
                  "开始时间时提示;表1没有开始时间时不检查。",
                  "Guide X-14: matters likely to cause disputes (who bears a cross-department cost) are agreed in writing "
                  "before the project starts. Flagged when dated after the project's earliest start in table 1; "
                  "without a start there, not checked.")),
    ),
    clean={"项目名称": "年度新品发布会", "文件类型": "项目立项说明书", "内容要素": "目标、KPI、预算5万元、时间、资源限制",
           "事项": "", "日期": "2024-04-28", "发送对象": "市场部、技术部、销售部、总经理", "发送渠道": "邮件+钉钉群",
           "归档位置": ""},
    key_columns=("project", "doc_type", "date"),   # recognised when these are all found (docs/recognition.md)
)
