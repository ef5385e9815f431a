"""合作协议登记表 — guide 三(二) 合作伙伴项目协同 (tables-2.md, issue 15).

A row per agreement with a partner: the qualification check (P-01), the agreement's terms (P-02)
and the brief (《项目需求说明书》, P-05) as checklists (CX120), the latest acceptance round and what
it asks for (P-09: 修改要求 and 修改期限 when 不合格, the 验收确认书 when 合格, CX121). Every rule
comes from the column declarations; the table's Late line lists a revision still unconfirmed after
its 修改期限. 合作付款登记表 (``partner_payments``) reads this table: a payment's agreement is the
first row with its 合作项目 + 合作伙伴.

The spec names no owner for the Late line: it is 合作伙伴, whose revision is due (the account
manager chases the partner; our own side is the 合作项目's 表4 我方负责人).
"""
from __future__ import annotations

import pandas as pd

from collab_xl.catalog.base import Col, Kind, Late, Table

PASSED = "合格"
FAILED = "不合格"


def _failed(frame: pd.DataFrame, config=None) -> pd.Series:
    """P-09: the rows whose latest acceptance round is 不合格 (a revision is due)."""
    if "result" not in frame:
        return pd.Series(False, index=frame.index)
    return (frame["result"] == FAILED).fillna(False).astype(bool)


# tables-2.md "Late: due = 修改期限, done = 确认书签署日期 (P-09)", on 不合格 rows; owner 合作伙伴 (ours:
# the spec names none).
REVISION_LATE = Late(due="fix_by", done="confirmed", item=("project", "partner"), owner="partner",
                     applies=_failed, label=("修改", "revision"))


TABLE = Table(
    key="partner_agreements",
    number=None,
    section="三(二)",
    title=("合作协议登记表", "Partner agreements"),
    sheet=("合作协议", "Partner agreements"),
    purpose=(
        "与合作伙伴签订的每份合作协议:资质审核、协议条款与需求说明书的要素、协议金额,以及最近一轮验收的结果"
        "(不合格时的修改要求与期限,合格时的验收确认书签署日期)。合作付款登记表按 合作项目 + 合作伙伴 找到对应协议。",
        "Each agreement signed with a partner: the qualification check, what the agreement and the brief cover, "
        "the amount, and the latest acceptance round (when failed, the changes asked and their deadline; when "
        "passed, the date the acceptance confirmation was signed). Partner payments find their agreement by "
        "joint project + partner.",
    ),
    columns=(
        Col("合作项目", "project", "Joint project", required=True, width=16,
            hint=("与表4合作伙伴协作进度表的合作项目一致", "As the joint project of Table 4"),
            aka=("项目名称", "合作项目名称", "项目")),
        Col("合作伙伴", "partner", "Partner", required=True, width=14,
            hint=("合作伙伴全称,与表4一致", "The partner's name, as in Table 4"),
            aka=("合作方", "合作单位", "合作伙伴名称", "乙方")),
        Col("资质审核", "qualification", "Qualification check", Kind.CHECKLIST, required=True, width=22,
            items=("营业执照", "行业案例(案例)", "合作口碑(口碑)"),
            hint=("已审核的资质,用、分隔:营业执照、行业案例、合作口碑",
                  "What was checked, joined by 、: 营业执照、行业案例、合作口碑 (licence, cases, reputation)"),
            aka=("资质", "资质材料", "资质审查", "合作伙伴资质")),
        Col("签订日期", "signed", "Signed on", Kind.DATE, required=True, width=12,
            hint=("如 2024-05-06", "e.g. 2024-05-06"),
            aka=("签约日期", "签署日期", "协议签订日期", "signing_date")),
        Col("协议金额", "total", "Agreement amount", Kind.NUMBER, min=0, min_exclusive=True, width=12,
            hint=("协议总金额(元),付款比例按它计算", "The agreement's total (yuan); payment shares are of it"),
            aka=("合同金额", "合作金额", "协议总额", "协议总金额")),
        Col("协议条款", "terms", "Agreement terms", Kind.CHECKLIST, required=True, width=30,
            items=("合作范围", "权责划分", "费用结算", "保密条款(保密)", "违约责任(违约)", "知识产权"),
            hint=("协议包含的条款,用、分隔:合作范围、权责划分、费用结算、保密条款、违约责任、知识产权",
                  "The clauses it holds, joined by 、: 合作范围、权责划分、费用结算、保密条款、违约责任、知识产权"),
            aka=("协议要素", "合同条款", "条款要素", "协议内容")),
        Col("需求说明书要素", "brief", "Brief covers", Kind.CHECKLIST, width=22,
            items=("目标", "受众", "风格要求(风格)", "交付标准"),
            hint=("《项目需求说明书》包含的要素:目标、受众、风格要求、交付标准",
                  "What the project brief covers: 目标、受众、风格要求、交付标准 (goal, audience, style, standard)"),
            aka=("需求说明书", "项目需求说明书", "需求要素")),
        Col("验收日期", "accepted_on", "Accepted on", Kind.DATE, width=12, not_before="signed",
            hint=("最近一轮验收的日期,不早于签订日期", "The latest acceptance round; not before signing"),
            aka=("验收时间",)),
        Col("验收结果", "result", "Acceptance result", Kind.CHOICE, choices=(PASSED, FAILED), width=10,
            # the words of 客户项目跟进 (通过 / 不通过) and the like: CX105, read as meant
            lookalikes={"通过": PASSED, "验收通过": PASSED, "验收合格": PASSED, "已通过": PASSED,
                        "不通过": FAILED, "未通过": FAILED, "验收不通过": FAILED, "验收不合格": FAILED},
            en_choices=("passed", "failed"),
            hint=("最近一轮:合格 / 不合格", "The latest round: 合格 / 不合格"),
            aka=("验收结论",)),
        Col("修改要求", "changes", "Changes asked", width=22, required_if=("result", FAILED),
            hint=("验收不合格时必填:要求合作伙伴修改的内容", "Required when failed: what the partner must change"),
            aka=("修改意见", "整改要求", "整改意见")),
        Col("修改期限", "fix_by", "Fix by", Kind.DATE, width=12, required_if=("result", FAILED),
            not_before="accepted_on",
            hint=("验收不合格时必填:修改完成的期限,不早于验收日期",
                  "Required when failed: when the changes are due; not before the acceptance"),
            aka=("整改期限", "修改截止日期")),
        Col("确认书签署日期", "confirmed", "Confirmation signed", Kind.DATE, width=14, done=True,
            required_if=("result", PASSED),
            hint=("验收合格时必填:《验收确认书》签署日期;验收款须在此后支付",
                  "Required when passed: when the acceptance confirmation was signed; the final payment follows it"),
            aka=("验收确认书签署日期", "确认书日期", "验收确认日期")),
    ),
    late=REVISION_LATE,
    clean={"合作项目": "新品宣传推广", "合作伙伴": "A广告公司", "资质审核": "营业执照、行业案例、合作口碑",
           "签订日期": "2024-05-06", "协议金额": "80000",
           "协议条款": "合作范围、权责划分、费用结算、保密条款、违约责任、知识产权",
           "需求说明书要素": "目标、受众、风格要求、交付标准", "验收日期": "2024-05-31", "验收结果": "合格",
           "修改要求": "", "修改期限": "", "确认书签署日期": "2024-06-03"},
    examples=(),
    key_columns=("project", "partner", "terms"),   # recognised when these are all found (docs/recognition.md)
)
