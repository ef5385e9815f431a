"""The conventions example table: one column of each kind and option tables-2.md adds (date-time,
time, minutes, limit, percent, 是/否, checklist, name list; ≥ X, if C, exp.), whose rows are the
examples of their generic rules (docs/rules.md, tests/test_rules.py).

It is not a catalog table (not in ``TABLES``: no template, no sample, never found in a user's
workbook); the tests put it in the catalog while they run its examples. When the seven tables
declare their added columns, a rule's example may move to a real table.
"""
from __future__ import annotations

from collab_xl.catalog.base import Col, Kind, Table

TABLE = Table(
    key="conventions",
    number=None,
    title=("约定示例表", "Conventions example"),
    sheet=("约定示例", "Conventions example"),
    purpose=("tables-2.md 约定的列类型与列选项示例(仅用于规则示例与测试)。",
             "The column kinds and options of the tables-2.md conventions (rule examples and tests only)."),
    columns=(
        Col("事项", "item", "Item", required=True),
        Col("下达时间", "assigned", "Assigned at", kind=Kind.DATETIME, time=True),
        Col("确认时间", "acknowledged", "Acknowledged at", kind=Kind.DATETIME, not_before="assigned"),
        Col("开始时刻", "start_time", "Start time", kind=Kind.TIME),
        Col("会议时长", "duration", "Duration", kind=Kind.MINUTES),
        Col("时限", "limit", "Time limit", kind=Kind.LIMIT),
        Col("完成比例", "share", "Share done", kind=Kind.PERCENT),
        Col("是否签到", "signed", "Signed in", kind=Kind.YESNO),
        Col("资质材料", "documents", "Documents", kind=Kind.CHECKLIST,
            items=("营业执照", "行业资质", "过往案例(案例)", "供货能力")),
        Col("参会人员", "attendees", "Attendees", kind=Kind.NAMELIST),
        Col("状态", "status", "Status", kind=Kind.CHOICE, choices=("进行中", "已完成")),
        Col("完成说明", "note", "Completion note", required_if=("status", "已完成")),
        Col("备注", "remark", "Remark", expected=True),
    ),
    clean={"事项": "方案评审", "下达时间": "2024-05-08 14:30", "确认时间": "2024-05-08 16:00",
           "开始时刻": "14:30", "会议时长": "1小时30分", "时限": "2个工作日", "完成比例": "50%",
           "是否签到": "是", "资质材料": "营业执照、行业资质、案例3个、供货能力说明",
           "参会人员": "张三、李四", "状态": "进行中", "完成说明": "", "备注": "无异议"},
)

EXAMPLE_TABLES = {TABLE.key: TABLE}
