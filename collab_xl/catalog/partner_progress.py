"""表4 合作伙伴协作进度表 — guide 三(二) 合作伙伴项目协同."""
from collab_xl.catalog.base import Col, Kind, Late, Table

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
            aka=("我方对接人", "负责人", "owner")),
        Col("合作伙伴负责人", "partner_owner", "Partner's lead", required=True, ffill=True, width=14,
            aka=("对方负责人", "对方对接人", "partner_contact")),
        Col("计划完成时间", "planned", "Planned completion", Kind.DATE, required=True, width=13,
            hint=("如 2024-05-20", "e.g. 2024-05-20"),
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
    ),
    # CX231 (a completion date after today) is a generic rule of every done column (kinds.py)
    late=Late(due="planned", done="actual", item=("project", "stage", "deliverable"), owner="our_owner"),
    clean={"合作项目": "新品宣传推广", "合作伙伴": "A广告公司", "项目阶段": "初稿提交", "我方负责人": "李明",
           "合作伙伴负责人": "周创意", "计划完成时间": "2024-05-20", "实际完成时间": "2024-05-18", "交付物": "宣传海报初稿3版",
           "问题及解决方案": "", "下一步计划": "5月22日前修改"},
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
