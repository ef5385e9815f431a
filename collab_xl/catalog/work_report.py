"""表2 周/月度工作汇报表 — guide 二(二) 上下级工作汇报与反馈."""

from collab_xl.catalog.base import ERROR, WARNING, Col, Kind, Rule, Table
from collab_xl.cells.parse import has_number

LOOKALIKES = {"✓": "√", "✔": "√", "✔️": "√", "完成": "√", "已完成": "√", "是": "√",
              "✗": "×", "✘": "×", "x": "×", "X": "×", "未完成": "×", "否": "×", "部分": "部分完成"}


def _done_or_partly(df):
    return df["status"].isin(["√", "部分完成"]).fillna(False)


def _not_or_partly(df):
    return df["status"].isin(["×", "部分完成"]).fillna(False)


TABLE = Table(
    key="work_report",
    number="表2",
    section="二(二)",
    title=("周/月度工作汇报表", "Weekly/monthly work report"),
    sheet=("表2 周月度工作汇报", "T2 Work report"),
    purpose=(
        "员工向上级汇报周/月工作:按优先级列出核心工作,写明完成情况、量化成果、问题及需支持事项和下期计划。",
        "Staff report their week or month to their manager: core work by priority, completion, "
        "results in figures, problems and support needed, and the next plan.",
    ),
    columns=(
        Col("汇报人", "reporter", "Reporter", required=True, ffill=True, width=10,
            aka=("人员姓名", "姓名", "员工姓名", "填报人", "name", "employee")),
        Col("部门", "department", "Department", required=True, ffill=True, width=10,
            aka=("部门名称", "所属部门", "dept")),
        Col("汇报周期", "period", "Period", Kind.PERIOD, required=True, ffill=True, width=16,
            hint=("如:2024年5月第2周、2024-W19、2024年5月", "e.g. 2024年5月第2周, 2024-W19, 2024年5月"),
            aka=("周期", "汇报期间", "报告周期", "周次", "week")),
        Col("本周/月核心工作内容(按优先级排序)", "work", "Core work (by priority)", required=True, width=32,
            hint=("按优先级编号:1. 2. …", "Numbered by priority: 1. 2. …"),
            aka=("工作内容", "详细说明", "任务描述", "工作事项", "本周工作", "work_content", "task", "tasks")),
        Col("完成情况(√/×/部分完成)", "status", "Completion (√/×/partly)", Kind.CHOICE, required=True,
            choices=("√", "×", "部分完成"), lookalikes=LOOKALIKES, width=12,
            en_choices=("done", "not done", "partly done"), hint=("√ / × / 部分完成", "√ / × / 部分完成"),
            aka=("完成进度", "任务状态", "状态", "progress", "status")),
        Col("量化成果(数据/案例)", "results", "Results (figures/cases)", width=26,
            hint=("用数据说明成果,如:签约1家,金额5万元", "Results in figures, e.g. 签约1家,金额5万元"),
            aka=("工作成果", "成果", "outcome")),
        Col("遇到的问题及需支持事项", "problems", "Problems and support needed", width=30,
            hint=("× 或 部分完成 时必填:卡点是什么、需要什么支持", "Required for × or 部分完成: the blocker and the support needed"),
            aka=("遇到的问题", "存在问题", "问题", "问题及支持", "issues", "problems", "blockers")),
        Col("下周/月工作计划", "plan", "Next plan", width=30,
            aka=("下周计划", "下月计划", "下阶段计划", "工作计划", "plan")),
    ),
    rules=(
        Rule("CX211", ERROR, "results",
             lambda df, ctx: ~_done_or_partly(df) | df["results__text"].notna(),
             title=("完成事项缺少量化成果", "Done item without results"),
             message=("完成情况为 √ 或 部分完成 时,「{header}」必须填写", "\"{header}\" is required when the completion is \"√\" or \"部分完成\" (partly done)"),
             bad=({"完成情况": "√", "量化成果": ""},), good=({"完成情况": "√", "量化成果": "签约1家,金额5万元"},),
             why=("指南二(二):用数据量化成果。", "Guide 二(二): quantify results with data.")),
        Rule("CX212", WARNING, "results",
             lambda df, ctx: df["results__text"].isna() | has_number(df["results__text"]),
             title=("量化成果中没有数据", "Results without figures"),
             message=("「{value}」中没有数字,请用数据代替模糊描述", "\"{value}\" holds no figure; use data instead of vague words"),
             bad=({"量化成果": "效果很好"},), good=({"量化成果": "转化率20%"},),
             why=("指南二(二)关键注意事项:用数据代替模糊描述。", "Guide 二(二) key notes: data instead of vague descriptions.")),
        Rule("CX213", ERROR, "problems",
             lambda df, ctx: ~_not_or_partly(df) | df["problems__text"].notna(),
             title=("未完成事项缺少问题说明", "Unfinished item without problem"),
             message=("完成情况为 × 或 部分完成 时,必须写明遇到的问题及需支持事项", "When the completion is \"×\" or \"部分完成\" (partly done), name the problem and the support needed"),
             bad=({"完成情况": "×", "遇到的问题及需支持事项": "无"},),
             good=({"完成情况": "×", "遇到的问题及需支持事项": "客户临时取消会议,需销售总监协调"},),
             why=("指南二(二)步骤1:问题求助汇报聚焦卡点是什么、需要什么支持。", "Guide 二(二) step 1: a help request names the blocker and the support needed.")),
    ),
    late=None,
    clean={"汇报人": "赵六", "部门": "销售部", "汇报周期": "2024年5月第2周", "本周/月核心工作内容": "1.完成8家客户拜访",
           "完成情况": "√", "量化成果": "签约1家,金额5万元", "遇到的问题及需支持事项": "无", "下周/月工作计划": "2.完成5家新客户拜访"},
    examples=(
        {"汇报人": "赵六", "部门": "销售部", "汇报周期": "2024年5月第2周", "本周/月核心工作内容": "1.完成8家客户拜访",
         "完成情况": "√", "量化成果": "签约1家,金额5万元", "遇到的问题及需支持事项": "2家客户反馈价格异议,需市场部提供政策说明",
         "下周/月工作计划": "1.跟进价格异议客户(3家);2.完成5家新客户拜访"},
        {"汇报人": "", "部门": "", "汇报周期": "", "本周/月核心工作内容": "2.整理4月销售数据报表", "完成情况": "√",
         "量化成果": "报表准确率100%", "遇到的问题及需支持事项": "无", "下周/月工作计划": ""},
    ),
    key_columns=("reporter", "work", "status"),   # recognised when these are all found (docs/recognition.md)
)
