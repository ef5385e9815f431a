"""The bundled sample: a workbook filled the way people really fill these tables (the demo's
input), the guide's own printed rows, and the committed workbooks under ``workbooks/``.

The sample is deterministic and dated for ``today = 2024-06-05``. Besides the guide's own example
rows (``Table.examples``) it holds realistic extra rows, written with the habits the product must
cope with — title rows above the header, merged group cells, full-width brackets in headers,
dates typed as text and as real dates, an extra column of the user's own, a renamed sheet — and
a few planted defects (rule codes listed in ``PLANTED``), items that are late or overdue across
the 2024 劳动节 holiday and its 调休 Saturday (2024-05-11), purchase orders with 金额 and two
quarters of supplier evaluations (a tie, a supplier at exactly 80, one below 80 twice running).

Regenerate the committed workbooks with ``python -m collab_xl.sample --write workbooks/``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from collab_xl.catalog import TABLES
from collab_xl.catalog.base import header_key
from collab_xl.cells.parse import uscc_check_char
from collab_xl.i18n import Messages

SAMPLE_TODAY = dt.date(2024, 6, 5)
FIXED_CREATED = dt.datetime(2024, 6, 5, 9, 0, 0)
FILES = {"template_zh": "collab-xl-模板.xlsx", "template_en": "collab-xl-template.xlsx", "sample": "示例-已填写.xlsx"}

# Rule codes the sample is built to trigger (each planted on purpose, see the rows below).
PLANTED = ("CX101", "CX102", "CX103", "CX104", "CX105", "CX106", "CX107", "CX108", "CX109", "CX110", "CX111",
           "CX112", "CX113", "CX114", "CX201", "CX211", "CX212", "CX213", "CX221", "CX222", "CX223", "CX224",
           "CX231", "CX241", "CX242", "CX251", "CX252", "CX261", "CX262", "CX263")
# issue 13, 表1 and 表2 (tables-2.md): planted in their sections below
PLANTED += ("CX118", "CX202", "CX214", "CX215")
# issue 13, 表3 and 表4 (tables-2.md)
PLANTED += ("CX122", "CX225", "CX226", "CX232", "CX233", "CX234", "CX116", "CX117", "CX121")

SHIPPED = ("cross_dept", "work_report", "customer_log", "partner_progress", "supplier_directory",
           "purchase_orders", "supplier_evaluation")


def _more_planted() -> tuple[str, ...]:
    from collab_xl import samples
    return tuple(c for c in samples.planted([k for k in TABLES if k not in SHIPPED]) if c not in PLANTED)


M = Messages({
    "written": ("已写入:{path}", "Written: {path}"),
    "help": ("生成模板与示例工作簿", "Write the templates and the sample workbook"),
    "help_write": ("输出文件夹(默认 workbooks/)", "output folder (default workbooks/)"),
})

D = dt.date
_TITLE_FONT = Font(bold=True, size=14)
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _uscc(code17: str) -> str:
    """A unified social credit code with its right check character."""
    return code17 + uscc_check_char(code17)


def _wrong_check(code17: str) -> str:
    right = uscc_check_char(code17)
    return code17 + ("0" if right != "0" else "1")


def _put(wb: Workbook, name: str, headers: list[str], rows: list[dict], *, title: str | None = None,
         subtitle: str | None = None, merges: tuple = (), widths: dict | None = None):
    """Write a sheet: optional title lines, the header row, then rows (dicts by header key).

    ``merges``: (header key, first row index, last row index) — the cell of the first row is
    merged down over the following ones, as users merge group cells."""
    ws = wb.create_sheet(name)
    r = 1
    if title:
        ws.cell(row=r, column=1, value=title).font = _TITLE_FONT
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(headers))
        r += 1
    if subtitle:
        ws.cell(row=r, column=1, value=subtitle)
        r += 1
    header_row = r
    keys = [header_key(h) for h in headers]
    for j, h in enumerate(headers, start=1):
        c = ws.cell(row=header_row, column=j, value=h)
        c.font, c.fill, c.alignment = _HEAD_FONT, _HEAD_FILL, _WRAP
    ws.row_dimensions[header_row].height = 30
    for i, row in enumerate(rows):
        unknown = set(row) - set(keys)
        if unknown:  # a typo in the sample itself
            raise KeyError(f"{name}: {sorted(unknown)}")
        for j, k in enumerate(keys, start=1):
            v = row.get(k, "")
            if v in ("", None):
                continue
            c = ws.cell(row=header_row + 1 + i, column=j, value=v)
            if isinstance(v, str):
                c.data_type = "s"
            elif isinstance(v, dt.date):
                c.number_format = "yyyy-mm-dd"
    for key, first, last in merges:
        j = keys.index(header_key(key)) + 1
        ws.merge_cells(start_row=header_row + 1 + first, start_column=j, end_row=header_row + 1 + last, end_column=j)
    widths = widths or {}
    for j, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(j)].width = widths.get(header_key(h), max(10, min(30, len(h) * 2 + 2)))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return ws


def _examples(key: str) -> list[dict]:
    """The guide's own rows of a table, keys as header keys."""
    return [{header_key(k): v for k, v in row.items()} for row in TABLES[key].examples]


def _widths(key: str) -> dict:
    return {c.key: c.width for c in TABLES[key].columns}


# ---------------------------------------------------------------------------------------------
# The filled sample.
def _cross_dept(wb: Workbook) -> None:
    headers = ["项目名称", "协作部门", "需求描述", "期望成果", "对接人（姓名/部门/联系方式）", "时间节点", "资源需求",
               "沟通机制（例会/群聊/邮件）", "备注", "完成状态", "实际完成时间", "优先级",
               "开始时间", "部门负责人", "关键里程碑"]
    guide = _examples("cross_dept")
    # The guide's rows, with the tracking columns filled in: the first done after the 劳动节
    # holiday (due 04-30, done 05-06); "05-20" and "06-10" have no year (CX103); the guide's
    # contacts lack name and number (CX106).
    guide[0].update({"完成状态": "已完成", "实际完成时间": D(2024, 5, 6), "优先级": "高"})
    guide[1].update({"完成状态": "进行中", "优先级": "高"})
    guide[2].update({"完成状态": "进行中", "优先级": "中"})
    rows = guide + [
        {"项目名称": "客户管理系统升级", "协作部门": "IT部", "需求描述": "制定CRM系统数据迁移方案,评估新旧字段对应关系",
         "期望成果": "《数据迁移方案》定稿", "对接人": "张伟/IT部/13912345678", "时间节点": D(2024, 5, 10),
         "资源需求": "测试服务器2台", "沟通机制": "周例会+企业微信群", "完成状态": "已完成",
         "实际完成时间": "2024/5/13", "优先级": "高", "备注": "5月11日(周六)调休上班",
         "开始时间": D(2024, 4, 22), "部门负责人": "刘洋", "关键里程碑": "数据迁移方案评审"},
        {"协作部门": "销售部", "需求描述": "整理并校对客户主数据", "期望成果": "客户主数据清单(2000条)",
         "对接人": "李娜/销售部/lina@example.com", "时间节点": "2024年5月20日", "资源需求": "-",
         "沟通机制": "每日站会+钉钉群", "完成状态": "进行中", "优先级": "高"},
        {"协作部门": "财务部", "需求描述": "提供历史回款数据及接口说明", "期望成果": "《接口说明》1份",
         "对接人": "王强/财务部/0591-87651234", "时间节点": D(2024, 5, 31), "资源需求": "无", "沟通机制": "邮件",
         "完成状态": "进行中", "实际完成时间": D(2024, 5, 30), "优先级": "中", "备注": "已交付,状态未更新"},
        {"协作部门": "客服部", "需求描述": "组织客服人员新系统操作培训", "期望成果": "完成20人培训并考核",
         "对接人": "赵敏/客服部/13800000000", "时间节点": D(2024, 6, 28), "资源需求": "培训室1间",
         "沟通机制": "周例会+腾讯会议", "完成状态": "未开始", "优先级": "中"},
        {"项目名称": "618促销活动", "协作部门": "市场部", "需求描述": "策划618线上促销方案", "期望成果": "《促销方案》",
         "对接人": "陈晨/市场部/13688889999", "时间节点": D(2024, 5, 15), "资源需求": "预算3万元",
         "沟通机制": "周例会+飞书群", "完成状态": "已完成", "实际完成时间": D(2024, 5, 15), "优先级": "高",
         "关键里程碑": "促销方案定稿"},           # no 复盘会 in 会议登记 (CX203, samples/meetings.py)
        {"协作部门": "设计部", "需求描述": "制作促销海报与商品详情页", "期望成果": "海报5张、详情页2个",
         "对接人": "孙丽/设计部", "时间节点": D(2024, 5, 25), "沟通机制": "钉钉群", "完成状态": "已取消",
         "备注": "活动方案调整,改由外部设计公司承接", "优先级": "低"},
        {"项目名称": "办公流程优化", "协作部门": "行政部", "需求描述": "", "期望成果": "《办公流程手册》",
         "对接人": "周敏/行政部/13511112222", "时间节点": "2024.6.30", "沟通机制": "月例会", "完成状态": "未开始",
         "优先级": "低", "开始时间": D(2024, 6, 3), "部门负责人": "吴芳", "关键里程碑": "流程手册评审"},
        # tables-2.md's added columns: a second contact for 行政部 in the same project (CX202) and
        # a deadline before the start (CX118 on 时间节点)
        {"协作部门": "行政部", "需求描述": "梳理办公用品申领流程", "期望成果": "《申领流程图》",
         "对接人": "吴刚/行政部/13522223333", "时间节点": D(2024, 6, 30), "沟通机制": "月例会",
         "完成状态": "未开始", "优先级": "低", "开始时间": D(2024, 7, 1), "部门负责人": "吴芳"},
    ]
    _put(wb, TABLES["cross_dept"].sheet[0], headers, rows, title="表1:跨部门协作需求表",
         subtitle="牵头部门:市场部    更新日期:2024-06-05",
         merges=(("项目名称", 0, 2), ("项目名称", 3, 6)), widths={**_widths("cross_dept"), "优先级": 8})


def _work_report(wb: Workbook) -> None:
    headers = [c.header for c in TABLES["work_report"].columns]
    rows = _examples("work_report") + [
        {"汇报人": "钱七", "部门": "市场部", "汇报周期": "2024-W20", "本周/月核心工作内容": "1.完成618活动方案初稿",
         "完成情况": "✓", "量化成果": "方案初稿1份,预算3万元", "遇到的问题及需支持事项": "无",
         "下周/月工作计划": "1.方案评审;2.对接设计部"},
        {"本周/月核心工作内容": "2.走访渠道商", "完成情况": "部分完成", "量化成果": "效果不错,渠道商意向较强",
         "遇到的问题及需支持事项": "1家渠道商临时取消会议,需销售部协助重新约见"},
        {"本周/月核心工作内容": "3.更新竞品分析报告", "完成情况": "×", "量化成果": "", "遇到的问题及需支持事项": "无"},
        {"汇报人": "孙八", "部门": "技术部", "汇报周期": "上周", "本周/月核心工作内容": "1.修复演示环境故障",
         "完成情况": "√", "量化成果": "故障3个全部修复", "遇到的问题及需支持事项": "无",
         "下周/月工作计划": "配合发布会彩排"},
        {"本周/月核心工作内容": "2.准备发布会演示脚本", "完成情况": "√", "量化成果": ""},
        {"汇报人": "周九", "部门": "财务部", "汇报周期": "2024年5月", "本周/月核心工作内容": "1.完成4月结账及报表",
         "完成情况": "√", "量化成果": "5个工作日内结账,差错0笔", "遇到的问题及需支持事项": "无",
         "下周/月工作计划": "1.6月预算执行分析"},
        # tables-2.md: 赵六's next week leaves out the first item of his plan (CX215 names it);
        # 钱七's next week skips number 2 (CX214)
        {"汇报人": "赵六", "部门": "销售部", "汇报周期": "2024年5月第3周", "本周/月核心工作内容": "1.完成5家新客户拜访",
         "完成情况": "√", "量化成果": "新签约2家,金额8万元", "遇到的问题及需支持事项": "无",
         "下周/月工作计划": "1.整理5月销售数据"},
        {"汇报人": "钱七", "部门": "市场部", "汇报周期": "2024-W21", "本周/月核心工作内容": "1.方案评审",
         "完成情况": "√", "量化成果": "评审通过,修改意见5条", "遇到的问题及需支持事项": "无",
         "下周/月工作计划": "1.618活动执行"},
        {"本周/月核心工作内容": "3.对接设计部", "完成情况": "√", "量化成果": "确定海报5张、详情页2个",
         "遇到的问题及需支持事项": "无"},
    ]
    # The guide's two rows share 汇报人/部门/汇报周期 (and the plan) as merged cells; 钱七's group too.
    merges = (("汇报人", 0, 1), ("部门", 0, 1), ("汇报周期", 0, 1), ("下周/月工作计划", 0, 1),
              ("汇报人", 2, 4), ("部门", 2, 4), ("汇报周期", 2, 4), ("下周/月工作计划", 2, 4))
    # A renamed sheet: the header still finds the table.
    _put(wb, "销售部周报", headers, rows, title="表2:周/月度工作汇报表", merges=merges, widths=_widths("work_report"))


def _customer_log(wb: Workbook) -> None:
    headers = ["客户名称", "客户行业", "对接人（姓名/职位/联系方式）", "沟通时间", "沟通方式（电话/面谈/邮件）",
               "沟通内容（需求/进展/问题）", "客户反馈", "后续行动", "负责人", "完成时间", "实际完成时间",
               "客户等级", "专属对接人", "事项类型", "首次响应时间"]     # the last four: tables-2.md
    guide = _examples("customer_log")
    guide[0].update({"实际完成时间": D(2024, 5, 17), "客户等级": "战略客户", "专属对接人": "王五", "事项类型": "需求"})
    rows = guide + [
        {"对接人": "刘总/采购经理/13905912345", "沟通时间": D(2024, 5, 20), "沟通方式": "电话",
         "沟通内容": "进展:确认分期付款方案细节", "客户反馈": "同意分3期付款", "后续行动": "发送正式合同",
         "负责人": "王五", "完成时间": "2024/5/24"},
        {"客户名称": "乙科技有限公司", "客户行业": "互联网", "对接人": "/技术总监/13700001111", "沟通时间": D(2024, 5, 8),
         "沟通方式": "微信", "沟通内容": "需求:系统对接API文档", "客户反馈": "希望5月底前上线",
         "后续行动": "提供API文档及测试账号", "负责人": "", "完成时间": D(2024, 5, 31), "实际完成时间": D(2024, 5, 30)},
        {"对接人": "/技术总监/13700001111", "沟通时间": D(2024, 5, 22), "沟通方式": "面谈",
         "沟通内容": "问题:测试账号权限不足", "后续行动": "安排上门演示", "负责人": "赵六"},
        {"客户名称": "丙集团", "客户行业": "零售业", "对接人": "陈经理/采购部/chen@bing-group.com.cn",
         "沟通时间": D(2024, 4, 26), "沟通方式": "邮件", "沟通内容": "需求:年度续约报价", "客户反馈": "要求再降3%",
         "后续行动": "提交续约报价单", "负责人": "李四", "完成时间": D(2024, 4, 30), "实际完成时间": "2024年5月7日"},
        {"客户名称": "丁公司", "客户行业": "制造业", "对接人": "周总/总经理/13611112222", "沟通时间": D(2024, 5, 28),
         "沟通方式": "面谈", "沟通内容": "需求:签订年度框架协议", "后续行动": "准备框架协议草案", "负责人": "王五",
         "完成时间": "2024-05-20"},
        {"客户名称": "戊物流有限公司", "客户行业": "物流业", "对接人": "吴主管/调度中心/021-66668888",
         "沟通时间": "2024年6月12日", "沟通方式": "电话", "沟通内容": "预约下周面谈,讨论运输外包"},
        # tables-2.md: a high-value client last met on 01-15, entered late: no 面谈 for 142 days (CX226,
        # on the client's latest row, the 04-26 e-mail above)
        {"客户名称": "丙集团", "客户行业": "零售业", "对接人": "陈经理/采购部/chen@bing-group.com.cn",
         "沟通时间": "2024-01-15 14:00", "沟通方式": "面谈", "沟通内容": "回访:年度合作回顾",
         "客户等级": "高价值客户", "专属对接人": "李四", "事项类型": "回访"},
        # an enquiry on the 调休 Saturday 2024-05-11 at 10:00 (inside working hours: 2 h) answered at
        # 13:15 (CX225; due 12:00)
        {"客户名称": "己银行", "客户行业": "金融业", "对接人": "孙经理/财务部/13511112222",
         "沟通时间": "2024年5月11日上午10点", "沟通方式": "电话", "沟通内容": "咨询:对公账户开通流程",
         "客户等级": "普通客户", "事项类型": "咨询", "首次响应时间": "2024-05-11 13:15"},
        # a key client's complaint with no 专属对接人 (CX121), answered on a date alone (CX117: the
        # time is needed for the 4-hour limit; read at 00:00, in the answerer's favour)
        {"客户名称": "庚酒店", "客户行业": "酒店业", "对接人": "郑经理/行政部/13322223333",
         "沟通时间": "2024-05-27 16:30", "沟通方式": "电话", "沟通内容": "投诉:配送延误",
         "客户等级": "战略客户", "事项类型": "投诉", "首次响应时间": "2024-05-28"},
        # an enquiry whose answer time cannot be read (CX116)
        {"客户名称": "辛超市", "客户行业": "零售业", "对接人": "冯店长/门店/13244445555",
         "沟通时间": "2024-05-29 11:00", "沟通方式": "电话", "沟通内容": "咨询:团购价格",
         "客户等级": "普通客户", "事项类型": "咨询", "首次响应时间": "下午三点多"},
    ]
    ws = _put(wb, TABLES["customer_log"].sheet[0], headers, rows, title="表3:客户沟通记录表",
              merges=(("客户名称", 0, 1), ("客户行业", 0, 1)), widths=_widths("customer_log"))
    return ws


def _partner_progress(wb: Workbook) -> None:
    headers = [c.header for c in TABLES["partner_progress"].columns]
    guide = _examples("partner_progress")
    # tables-2.md's added columns on the guide's rows: the contacts on the project's first row, our
    # feedback on the 初稿 submitted Saturday 05-18 given on 05-22 (CX232: due 05-21); the 最终交付
    # overdue without a 延期原因 (CX233); the guide's "/市场部" and "/创意总监" name no one (CX234)
    guide[0].update({"计划开始时间": D(2024, 5, 6), "我方对接人": "李明/市场部/13800138000",
                     "对方对接人": "周创意/创意总监/13900139000", "重要节点": "是"})
    guide[1].update({"我方反馈时间": D(2024, 5, 22), "重要节点": "否"})
    guide[2].update({"重要节点": "是"})
    rows = guide + [
        {"合作项目": "ERP系统实施", "合作伙伴": "B软件公司", "项目阶段": "需求调研", "我方负责人": "刘洋/IT部",
         "合作伙伴负责人": "陈工/实施顾问", "计划完成时间": D(2024, 4, 19), "实际完成时间": D(2024, 4, 19),
         "交付物": "《需求调研报告》", "问题及解决方案": "无", "下一步计划": "系统配置",
         "计划开始时间": D(2024, 4, 8), "我方对接人": "刘洋/IT部/13600136000", "对方对接人": "陈工/实施顾问/chen@b-soft.cn"},
        {"项目阶段": "系统配置", "计划完成时间": D(2024, 4, 30), "实际完成时间": D(2024, 5, 8), "交付物": "系统配置清单",
         "问题及解决方案": "对方顾问劳动节前后休假,延期完成", "下一步计划": "用户测试",
         "延期原因": "合作伙伴未按期交付", "扣减金额": 2000,
         "重要节点": "是"},                        # no 双方会议 in 会议登记 (CX235, samples/meetings.py)
        {"项目阶段": "用户测试", "计划完成时间": "2024年5月20日", "交付物": "《用户测试报告》",
         "问题及解决方案": "测试环境不稳定,已协调对方增派1名工程师", "下一步计划": "6月7日前完成测试",
         "延期原因": "其他"},
        {"项目阶段": "上线切换", "计划完成时间": D(2024, 6, 28), "实际完成时间": "2024-06-20", "交付物": "《上线确认书》",
         "下一步计划": "上线后1个月运维支持"},
        # the partner's contact not given on the project's first row (CX122)
        {"合作项目": "行业展会联合参展", "合作伙伴": "C会展公司", "项目阶段": "展位设计", "我方负责人": "周敏/市场部",
         "合作伙伴负责人": "黄经理", "计划完成时间": D(2024, 5, 10), "实际完成时间": "2024/5/13",
         "交付物": "展位效果图3版", "问题及解决方案": "效果图修改2轮", "下一步计划": "物料制作",
         "我方对接人": "周敏/市场部/13700137000", "延期原因": "其他"},
        {"项目阶段": "物料制作", "计划完成时间": D(2024, 6, 15), "实际完成时间": "下周", "交付物": "展架2个、宣传册500份"},
    ]
    merges = tuple((k, 0, 2) for k in ("合作项目", "合作伙伴", "我方负责人", "合作伙伴负责人")) + \
        tuple((k, 3, 6) for k in ("合作项目", "合作伙伴", "我方负责人", "合作伙伴负责人"))
    _put(wb, TABLES["partner_progress"].sheet[0], headers, rows, title="表4:合作伙伴协作进度表", merges=merges,
         widths=_widths("partner_progress"))


SUPPLIERS = {
    "minxing": "福州闽星办公用品有限公司",
    "xinda": "鑫达信息技术有限公司",
    "huake": "华科电子设备有限公司",
    "jiemei": "洁美保洁服务有限公司",
    "shunjie": "顺捷物流有限公司",
    "hengtong": "恒通印务有限公司",
    "yuanda": "远大办公家具有限公司",      # not in the directory
    "rongcheng": "榕城文具有限公司",        # listed in April 2024, not evaluated yet
}


def _supplier_directory(wb: Workbook) -> None:
    headers = [c.header for c in TABLES["supplier_directory"].columns]
    S = SUPPLIERS
    rows = _examples("supplier_directory") + [
        {"供应商名称": S["xinda"], "供应商类别": "战略供应商", "供应品类": "IT设备", "统一社会信用代码": _uscc("91350100MA2Y8K3R1"),
         "联系人": "林总", "联系方式": "13905001234", "资质到期日": D(2025, 3, 31), "备注": "年度框架协议"},
        {"供应商名称": S["huake"], "供应商类别": "常规供应商", "供应品类": "IT设备及耗材",
         "统一社会信用代码": _uscc("91350102MA31XN7P2"), "联系人": "郑工", "联系方式": "service@huake-tech.cn",
         "资质到期日": "2024-06-20"},
        {"供应商名称": S["jiemei"], "供应商类别": "常规供应商", "供应品类": "保洁服务", "统一社会信用代码": "9135010279XXXX",
         "联系人": "黄主管", "联系方式": "0591-83001234", "资质到期日": D(2024, 12, 31)},
        {"供应商名称": S["shunjie"], "供应商类别": "备用供应商", "供应品类": "物流配送",
         "统一社会信用代码": _wrong_check("91350100260123456"), "联系人": "何经理", "联系方式": "138 0591 2345",
         "资质到期日": D(2024, 3, 31), "备注": "资质待续审"},
        {"供应商名称": S["hengtong"], "供应商类别": "长期合作", "供应品类": "印刷服务", "联系人": "罗经理",
         "联系方式": "微信同号", "资质到期日": "2025年6月30日"},
        # tables-2.md: listed in April and never evaluated: 2024Q2 is owed (CX243), 2024Q1 is not
        {"供应商名称": S["rongcheng"], "供应商类别": "备用供应商", "供应品类": "文具", "统一社会信用代码": _uscc("91350104MA8TQ2W5X"),
         "联系人": "吴经理", "联系方式": "0591-87112233", "资质到期日": D(2026, 4, 30)},
    ]
    # tables-2.md's added columns: the documents reviewed (资质审核, CX120) and the date listed (纳入日期)
    review = "营业执照、行业资质、过往案例3个、供货能力说明"
    added = {
        S["minxing"]: (review, D(2023, 3, 1)), S["xinda"]: (review, D(2022, 11, 15)),
        S["huake"]: ("营业执照、行业资质、案例、供货能力", D(2023, 6, 1)), S["jiemei"]: (review, D(2023, 1, 10)),
        S["shunjie"]: (review, D(2023, 8, 20)),
        S["hengtong"]: ("营业执照、行业资质", D(2023, 9, 1)),            # no past cases, no supply capacity: CX120
        S["rongcheng"]: (review, D(2024, 4, 15)),
    }
    for r in rows:
        r["资质审核"], r["纳入日期"] = added[r["供应商名称"]]
    _put(wb, TABLES["supplier_directory"].sheet[0], headers, rows, title="供应商名录(2024年6月更新)",
         widths=_widths("supplier_directory"))


def _purchase_orders(wb: Workbook) -> None:
    headers = [c.header for c in TABLES["purchase_orders"].columns] + ["采购员"]
    S = SUPPLIERS
    rows = _examples("purchase_orders")
    rows[0]["采购员"] = "林工"
    rows += [
        {"订单号": "PO-2024-002", "供应商名称": S["xinda"], "产品明细": "笔记本电脑", "数量": 10, "单价": 5200,
         "金额": 52000, "要求交付日期": D(2024, 4, 30), "实际交付日期": D(2024, 5, 8), "验收结果": "合格",
         "备注": "劳动节后送达", "采购员": "林工"},
        {"订单号": "PO-2024-003", "供应商名称": S["huake"], "产品明细": "激光打印机", "数量": 4, "单价": 1800,
         "金额": 7200, "要求交付日期": D(2024, 5, 10), "实际交付日期": "2024/5/13", "验收结果": "合格", "采购员": "王芳"},
        {"订单号": "PO-2024-004", "供应商名称": S["jiemei"], "产品明细": "办公区保洁服务(5月)", "数量": 1, "单价": 6000,
         "金额": 6000, "要求交付日期": D(2024, 5, 31), "实际交付日期": D(2024, 5, 31), "验收结果": "合格", "采购员": "王芳"},
        {"订单号": "PO-2024-005", "供应商名称": S["xinda"], "产品明细": "27英寸显示器", "数量": 20, "单价": 1100,
         "金额": 22500, "要求交付日期": D(2024, 5, 28), "验收结果": "待验收", "采购员": "林工"},
        {"订单号": "PO-2024-006", "供应商名称": S["minxing"], "产品明细": "档案盒", "数量": "十箱", "单价": 120,
         "要求交付日期": D(2024, 6, 10), "采购员": "王芳"},
        {"订单号": "PO-2024-007", "供应商名称": S["yuanda"], "产品明细": "人体工学办公椅", "数量": 15, "单价": 680,
         "金额": 10200, "要求交付日期": D(2024, 5, 20), "实际交付日期": D(2024, 5, 20), "验收结果": "合格", "采购员": "林工"},
        {"订单号": "PO-2024-007", "供应商名称": S["huake"], "产品明细": "硒鼓", "数量": 30, "单价": 260,
         "金额": 7800, "要求交付日期": D(2024, 6, 3), "实际交付日期": D(2024, 6, 4), "验收结果": "不合格",
         "备注": "漏粉,已要求48小时内补发", "采购员": "王芳"},
        {"订单号": "PO-2024-009", "供应商名称": S["hengtong"], "产品明细": "产品宣传册印刷", "数量": 500, "单价": 6.5,
         "金额": 3250, "要求交付日期": D(2024, 6, 20), "采购员": "林工"},
        {"订单号": "PO-2024-010", "供应商名称": S["shunjie"], "产品明细": "展会物料运输", "数量": 1, "单价": "¥1,500",
         "金额": "1500元", "要求交付日期": "2024年6月3日", "采购员": "王芳"},
    ]
    rows += [
        {"订单号": "PO-2024-011", "供应商名称": S["minxing"], "产品明细": "A4复印纸(4月)", "数量": 40, "单价": 25,
         "金额": 1000, "要求交付日期": D(2024, 4, 15), "实际交付日期": D(2024, 4, 15), "验收结果": "合格", "采购员": "王芳"},
        {"订单号": "PO-2024-012", "供应商名称": S["xinda"], "产品明细": "键盘鼠标套装", "数量": 20, "单价": 150,
         "金额": 3000, "要求交付日期": D(2024, 5, 15), "实际交付日期": D(2024, 5, 14), "验收结果": "不合格",
         "备注": "按键失灵,已拒收", "采购员": "林工"},
        # issue 15: bought in March under 鑫达's framework contract (货到月结60天), not yet paid: the
        # payment is overdue from 05-30 (03-31 + 60 days), not from 04-30 as without the contract
        {"订单号": "PO-2024-013", "供应商名称": S["xinda"], "产品明细": "服务器内存条", "数量": 8, "单价": 920,
         "金额": 7360, "要求交付日期": D(2024, 3, 28), "实际交付日期": D(2024, 3, 27), "验收结果": "合格",
         "备注": "框架协议内采购", "采购员": "林工"},
    ]
    # tables-2.md's added columns, by order number: (交付地址 is the office's for every order)
    office, warehouse = "福州市鼓楼区五四路88号3楼", "福州市仓山区金山工业区12号仓库"
    both, checks = "采购部、行政部", "数量、质量、规格"
    added = {
        "PO-2024-001": {"发货数量": 50, "发货核对": "一致", "预计到货日期": D(2024, 5, 24), "到货确认日期": D(2024, 5, 23),
                        "验收部门": both, "验收项目": checks, "入库单签署日期": D(2024, 5, 24), "付款日期": D(2024, 6, 3)},
        "PO-2024-002": {"发货数量": 10, "发货核对": "一致", "预计到货日期": D(2024, 5, 8), "到货确认日期": D(2024, 5, 6),
                        "验收部门": "采购部", "验收项目": checks,                                          # CX257
                        "入库单签署日期": D(2024, 5, 8)},
        "PO-2024-003": {"预计到货日期": D(2024, 5, 13), "到货确认日期": D(2024, 5, 13),                    # CX256
                        "验收部门": "采购部、IT部", "验收项目": "数量、质量",                              # CX120
                        "入库单签署日期": D(2024, 5, 13)},
        "PO-2024-004": {"验收部门": both, "验收项目": checks, "入库单签署日期": D(2024, 5, 31), "交付地址": warehouse},
        "PO-2024-005": {"发货数量": 18, "发货核对": "一致", "预计到货日期": D(2024, 6, 7)},                 # CX255
        "PO-2024-007": {"验收部门": both, "验收项目": checks, "入库单签署日期": D(2024, 5, 20)},
        "硒鼓": {"验收部门": "采购部、IT部", "验收项目": checks, "拒收时间": "2024-06-04 15:30"},
        "PO-2024-011": {"验收部门": both, "验收项目": checks, "入库单签署日期": D(2024, 4, 16),
                        "付款日期": D(2024, 6, 4)},                                                     # CX259: due 05-30
        "PO-2024-012": {"验收部门": "采购部、IT部", "验收项目": checks, "拒收时间": "2024-05-14 16:00",
                        "补发到货时间": "2024-05-17 10:00"},                                            # CX258: 66 h
    }
    added["PO-2024-013"] = {"验收部门": "采购部、IT部", "验收项目": checks, "入库单签署日期": D(2024, 3, 28)}
    # issue 15: the contract (采购合同 sheet, collab_xl/samples/contracts.py) and the enquiry (询价比价)
    # behind each order
    links = {
        "PO-2024-001": {"合同编号": "HT-2024-001", "询价单号": "XJ-2024-001"},
        "PO-2024-002": {"合同编号": "HT-2024-002", "询价单号": "XJ-2024-002"},   # penalty 0.3% a day
        "PO-2024-003": {"合同编号": "HT-2024-003", "询价单号": "XJ-2024-005"},   # CX254: no such enquiry
        "PO-2024-004": {"合同编号": "HT-2024-009"},                              # CX253: not registered
        "PO-2024-005": {"合同编号": "HT-2024-002"},
        "PO-2024-007": {"合同编号": "HT-2024-004", "询价单号": "XJ-2024-003"},
        "硒鼓": {"合同编号": "HT-2024-002"},                                      # CX253: 鑫达's contract
        "PO-2024-009": {"合同编号": "HT-2024-006"},
        "PO-2024-010": {"合同编号": "HT-2024-005"},
        "PO-2024-011": {"合同编号": "HT-2024-001"},
        "PO-2024-012": {"合同编号": "HT-2024-002", "询价单号": "XJ-2024-004"},
        "PO-2024-013": {"合同编号": "HT-2024-002"},                              # 月结60天
    }
    for r in rows:
        key = "硒鼓" if r.get("产品明细") == "硒鼓" else r["订单号"]
        r.update({"交付地址": office, **added.get(key, {}), **links.get(key, {})})
    headers = [c.header for c in TABLES["purchase_orders"].columns if not c.added] + ["采购员"] \
        + [c.header for c in TABLES["purchase_orders"].columns if c.added]
    _put(wb, TABLES["purchase_orders"].sheet[0], headers, rows, title="采购订单登记(2024年4—6月)",
         widths={**_widths("purchase_orders"), "采购员": 8})


# tables-2.md's supplier rules the sample plants (供应商名录 and 采购订单 rows above)
PLANTED += ("CX120", "CX243", "CX255", "CX256", "CX257", "CX258", "CX259")

# (quarter as typed, supplier, five scores, total as typed or None, evaluator, date, note)
_EVALUATIONS = [
    # 2024Q1
    ("2024Q1", "minxing", (27, 22, 17, 13, 9), 87, "采购部-林工", D(2024, 3, 28), ""),   # total ≠ sum
    ("2024Q1", "minxing", (26, 21, 17, 13, 9), 86, "行政部-王芳", D(2024, 3, 29), ""),
    ("2024年第1季度", "xinda", (26, 22, 17, 12, 9), 86, "采购部-林工", D(2024, 3, 28), ""),
    ("2024年第1季度", "xinda", (25, 21, 17, 12, 9), 84, "IT部-周工", D(2024, 3, 29), ""),
    ("2024-Q1", "huake", (25, 21, 16, 12, 8), 82, "采购部-林工", D(2024, 3, 28), ""),
    ("2024-Q1", "huake", (24, 20, 16, 12, 8), 80, "IT部-周工", D(2024, 5, 20), "季度结束后很久才补评"),
    ("2024Q1", "jiemei", (23, 20, 16, 12, 8), 79, "行政部-王芳", D(2024, 3, 27), ""),
    ("2024Q1", "jiemei", (25, 21, 17, 12, 8), 83, "采购部-林工", D(2024, 3, 28), ""),
    ("2024Q1", "shunjie", (23, 19, 16, 11, 7), 76, "采购部-林工", D(2024, 3, 28), "配送多次延误"),
    ("2024Q1", "shunjie", (22, 19, 15, 11, 7), 74, "行政部-王芳", D(2024, 3, 29), ""),
    ("2024Q1", "hengtong", (35, 20, 16, 12, 8), None, "市场部-陈晨", D(2024, 3, 29), ""),
    # 2024Q2 (the guide's example row is the first)
    None,
    ("2024Q2", "minxing", (27, 22, 18, 13, 9), 89, "行政部-王芳", D(2024, 6, 3), ""),
    ("2024-Q2", "xinda", (26, 22, 17, 12, 8), 85, "采购部-林工", D(2024, 6, 3), ""),
    ("2024-Q2", "xinda", (25, 21, 17, 12, 9), 84, "IT部-周工", D(2024, 6, 4), "显示器订单未按期交付"),
    ("2024年第2季度", "huake", (25, 22, 17, 12, 8), 84, "采购部-林工", D(2024, 6, 3), ""),
    ("2024年第2季度", "huake", (26, 21, 17, 12, 9), 85, "IT部-周工", D(2024, 6, 4), "硒鼓批次不合格"),
    ("2024年Q2", "jiemei", (24, 20, 16, 12, 8), 80, "行政部-王芳", D(2024, 6, 3), ""),
    ("2024年Q2", "jiemei", (23, 21, 16, 12, 8), 80, "采购部-林工", D(2024, 6, 4), ""),
    ("2024Q2", "shunjie", (22, 18, 14, 10, 7), 71, "采购部-林工", D(2024, 6, 3), "展会物料未按期送达"),
    ("2024Q2", "shunjie", (23, 19, 15, 10, 7), 74, "行政部-王芳", D(2024, 6, 4), ""),
    ("2024Q2", "hengtong", (25, 20, 17, 12, 8), 82, "市场部-陈晨", D(2024, 6, 4), ""),
    ("2024Q2", "yuanda", (26, 20, 16, 12, 8), 82, "行政部-王芳", D(2024, 6, 4), "新供应商,试用"),
]


def _supplier_evaluation(wb: Workbook) -> None:
    # Header variants users write: 产品质量(30分) and 交付及时性(25分) instead of (30)/(25).
    headers = ["评估季度", "供应商名称", "产品质量(30分)", "交付及时性(25分)", "服务态度(20)", "价格合理性(15)",
               "问题解决能力(10)", "总分", "评估人", "评估日期", "备注"]
    dims = ("产品质量", "交付及时性", "服务态度", "价格合理性", "问题解决能力")
    rows = []
    for e in _EVALUATIONS:
        if e is None:
            rows += _examples("supplier_evaluation")
            continue
        quarter, sup, scores, total, who, when, note = e
        row = {"评估季度": quarter, "供应商名称": SUPPLIERS[sup], **dict(zip(dims, scores)), "评估人": who,
               "评估日期": when, "备注": note}
        if total is not None:
            row["总分"] = total
        rows.append(row)
    _put(wb, TABLES["supplier_evaluation"].sheet[0], headers, rows, title="供应商季度评估表",
         widths={**_widths("supplier_evaluation"), "评估季度": 14})


# the tables-2.md tables' planted codes (collab_xl/samples/<key>.py)
PLANTED += _more_planted()
# what the table modules of collab_xl/samples/ write their sheets with
put, widths, examples = _put, _widths, _examples


def build_sample(today: dt.date = SAMPLE_TODAY) -> Workbook:
    """The filled sample workbook (deterministic; its dates are meant for ``today`` 2024-06-05)."""
    wb = Workbook()
    wb.remove(wb.active)
    _cross_dept(wb)
    _work_report(wb)
    _customer_log(wb)
    _partner_progress(wb)
    _supplier_directory(wb)
    _purchase_orders(wb)
    _supplier_evaluation(wb)
    from collab_xl import samples
    for key in TABLES:                       # the tables-2.md tables: collab_xl/samples/<key>.py
        if key not in SHIPPED and (m := samples.module(key)) is not None:
            m.build(wb)
    wb.active = 0
    wb.properties.creator = "collab-xl"
    wb.properties.title = f"collab-xl 示例(以 {today.isoformat()} 为今天)"
    wb.properties.created = FIXED_CREATED
    return wb


def build_guide_examples() -> Workbook:
    """The guide's own printed rows under the exact catalog headers, one sheet per table."""
    wb = Workbook()
    wb.remove(wb.active)
    for key, t in TABLES.items():
        cols = [c for c in t.columns if not c.tracking]
        headers = [c.header for c in cols]
        _put(wb, t.sheet[0], headers, _examples(key), title=t.full_title[0], widths=_widths(key))
    wb.active = 0
    wb.properties.created = FIXED_CREATED
    return wb


def write_workbooks(folder: str | Path) -> list[Path]:
    """The committed workbooks: both templates and the sample."""
    from collab_xl.io.templates import build_template
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    books = {"template_zh": build_template(lang="zh"), "template_en": build_template(lang="en"), "sample": build_sample()}
    out = []
    for key, wb in books.items():
        path = folder / FILES[key]
        wb.save(path)
        out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m collab_xl.sample", description=M("help", "zh") + " / " + M("help", "en"))
    p.add_argument("--write", default="workbooks", metavar="DIR", help=M("help_write", "zh") + " / " + M("help_write", "en"))
    p.add_argument("--lang", default="zh")
    args = p.parse_args(argv)
    for path in write_workbooks(args.write):
        print(M("written", args.lang, path=path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
