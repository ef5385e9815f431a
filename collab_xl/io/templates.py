"""The template workbook: a 填写说明 sheet and one sheet per catalog table (openpyxl).

Each table sheet has the guide's title in row 1 (merged across), the exact catalog headers in
row 2 (``Col.header``; ``Col.en`` for ``lang="en"``), a frozen header row, the catalog widths, an
Excel table (ListObject) over the header and ``rows`` empty rows, native data validation
(drop-down lists for choices, date / number / text-length rules with input messages and error
alerts within Excel's limits), a live conditional format that colours overdue rows against
TODAY(), and print set-up (A4 landscape, fit to width, header row repeated).

What a sheet holds is first described renderer-neutrally (``template_spec``: ``SheetSpec`` with
``Validation``s and the overdue rule), so the live-workbook writer (the Excel script 插入模板表,
through xlwings) draws the same sheet as this file writer. ``template_rows`` / ``template_widths``
are the two pieces every writer needs first.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo

from collab_xl.catalog import TABLES, Kind, Table, header_key
from collab_xl.catalog.base import Col
from collab_xl.catalog.kinds import range_text
from collab_xl.core.output import MARK_KINDS, quote_sheet
from collab_xl.errors import UserError
from collab_xl.i18n import Messages, norm_lang, pick

DEFAULT_ROWS = 200            # empty table rows: validation and formatting reach where users type
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
TABLE_STYLE = "TableStyleMedium2"
# The template's own live overdue colour: lavender, distinct from every collab-xl mark colour.
LIVE_OVERDUE_FILL, LIVE_OVERDUE_FONT = "E4DFEC", "5F497A"
MIN_DATE = dt.date(2000, 1, 1)
# Excel's limits for data-validation texts.
TITLE_MAX, TEXT_MAX, LIST_MAX = 32, 255, 255
FIXED_CREATED = dt.datetime(2024, 6, 5, 9, 0, 0)   # the committed workbooks' creation stamp

M = Messages({
    "instructions": ("填写说明", "Instructions"),
    "title": ("collab-xl 模板 — 填写说明", "collab-xl template — instructions"),
    "source": ("依据《企业内外部沟通协作交流指南》;表头与指南一致,请勿修改表头文字。本工作簿由 collab-xl 生成。",
               "Based on the collaboration guide (企业内外部沟通协作交流指南). Keep the header texts as they are. "
               "Written by collab-xl."),
    "general": ("通用规则", "General rules"),
    "g1": ("每张表都按第2行的表头识别:可以改工作表名、调整列的顺序、在右侧增加自己的列,但不要改表头文字。",
           "Each table is found by its header row (row 2): you may rename the sheet, reorder columns and add your own "
           "columns on the right, but keep the header texts."),
    "g2": ("分组列(标有“可合并”)可以合并单元格,或留空表示“同上”;新的一组从该列重新填写开始。",
           "Grouping columns (marked \"may merge\") may be merged cells or left blank for \"same as above\"; a new "
           "group starts where the column is filled again."),
    "g3": ("日期请写完整年份:2024-05-20、2024/5/20、2024年5月20日 均可;“05-20”这类缺年份的写法会被提示。",
           "Write dates with the year: 2024-05-20, 2024/5/20 or \"2024年5月20日\"; a date without a year (\"05-20\") is "
           "flagged."),
    "g4": ("选填列中的“-”“/”“无”视为空;必填列不能填这些。", "In optional columns \"-\", \"/\" and \"无\" mean empty; "
           "required columns need a real value."),
    "g5": ("填写后运行 collab-xl validate 工作簿.xlsx 检查;加 --out 结果.xlsx 会把问题标在单元格上并生成“校验结果”页。",
           "When filled, run collab-xl validate workbook.xlsx; with --out result.xlsx the findings are marked on "
           "their cells and listed on a Findings sheet."),
    "legend": ("颜色说明", "Colours"),
    "legend_error": ("错误:collab-xl 校验发现的错误(单元格)", "Error: a finding of collab-xl's check (cell)"),
    "legend_warning": ("警告:collab-xl 校验发现的警告(单元格)", "Warning: a finding of collab-xl's check (cell)"),
    "legend_overdue": ("超期未完成:collab-xl late 标出的行", "Overdue: a row marked by collab-xl late"),
    "legend_late": ("已完成但逾期:collab-xl late 标出的行", "Late: done after the deadline, a row marked by collab-xl late"),
    "legend_live": ("模板自带的实时逾期提示:期限已过、尚未完成的行,按 Excel 当天日期(TODAY)自动变色",
                    "The template's own live overdue colour: rows past their deadline and not done, against "
                    "Excel's current date (TODAY)"),
    "label_error": ("错误", "Error"),
    "label_warning": ("警告", "Warning"),
    "label_overdue": ("超期未完成", "Overdue"),
    "label_late": ("逾期完成", "Late"),
    "label_live": ("实时逾期提示", "Live overdue"),
    "legend_note": ("collab-xl 的标记不改动单元格本身,“清除标记”可全部移除;淡紫色由模板的条件格式产生。",
                    "collab-xl's marks never change the cells themselves and \"clear marks\" removes them; lavender "
                    "comes from the template's own conditional format."),
    "sheet_ref": ("工作表「{sheet}」,指南 {section}", "sheet \"{sheet}\", guide section {section}"),
    "sheet_ref_nosec": ("工作表「{sheet}」", "sheet \"{sheet}\""),
    "purpose": ("用途", "Purpose"),
    "late": ("逾期判断", "Late when"),
    "cols_header": ("列名|必填|类型|可选值|填写提示", "Column|Required|Kind|Allowed values|Hint"),
    "yes": ("必填", "required"),
    "no": ("选填", "optional"),
    "merge": ("可合并", "may merge"),
    "tracking": ("(模板增加的跟踪列)", "(tracking column added by the template)"),
    "added": ("(新增列,可不加)", "(added column, may be left out)"),
    "added_p": ("选填(新增列,可不加)。", "Optional (added column, may be left out). "),
    "checked": ("检查规则", "Checked"),
    "advice": ("建议(未自动检查)", "Advice (not checked)"),
    "every_column": ("所有列", "every column"),
    "elsewhere": ("见「{table}」", "in \"{table}\""),
    "by_rank": ("collab-xl rank 按季度平均分排名,列出低于80分的供应商并生成《整改通知书》",
                "collab-xl rank ranks suppliers by their quarterly average and lists those below 80 with a "
                "rectification notice"),
    "checks_intro": ("以下“检查规则”由 collab-xl validate 检查(规则代码见 collab-xl rules);标为“建议(未自动检查)”的"
                     "是指南的其他要求,collab-xl 不检查,请自行遵守。",
                     "The lines marked \"Checked\" are checked by collab-xl validate (rule codes: collab-xl rules); "
                     "lines marked \"Advice (not checked)\" are the guide's other requirements, which collab-xl does "
                     "not check."),
    "datetime_hint": ("日期时间,如 2024-05-08 14:30", "A date and time, e.g. 2024-05-08 14:30"),
    "time_hint": ("时刻,如 14:30", "A time, e.g. 14:30"),
    "e_datetime": ("请填写 2000-01-01 以后的日期时间,如 2024-05-08 14:30。",
                   "Enter a date-time from 2000-01-01 on, e.g. 2024-05-08 14:30."),
    "unique": ("不能重复", "must be unique"),
    "late_text": ("「{due}」已过而「{done}」为空(超期未完成),或「{done}」晚于「{due}」(逾期完成)",
                  "\"{due}\" has passed and \"{done}\" is empty (overdue), or \"{done}\" is after \"{due}\" (late)"),
    "late_status": (";「{status}」为已取消的不算逾期", "; rows whose \"{status}\" is \"已取消\" (cancelled) are never late"),
    "late_penalty": (";逾期交付按金额每日0.5%(或采购合同约定的比例)计违约金",
                     "; a late delivery costs 0.5% of the amount a day (or the purchase contract's daily rate)"),
    "late_after": ("「{label}」:「{done}」应在「{start}」之后 {n} {unit}内填写,晚于期限为逾期完成,期限已过仍为空为超期未完成",
                   "{label}: \"{done}\" is due within {n} {unit} of \"{start}\"; after that it is late, and empty past "
                   "the due it is overdue"),
    "late_rule": ("「{label}」:「{done}」的期限从「{start}」起算,时限见下方已检查的规则;晚于期限为逾期完成,期限已过仍为空为超期未完成",
                  "{label}: the due of \"{done}\" counts from \"{start}\" (the limit is in the checked rules below); "
                  "after it is late, and empty past the due it is overdue"),
    "u_hours": ("小时", "hours"), "u_days": ("天", "days"), "u_workdays": ("个工作日", "working days"),
    "choices_any": ("可多选,用 + 连接:{values}", "One or more, joined by +: {values}"),
    "one_of": ("{values}", "{values}"),
    "required_p": ("必填。", "Required. "),
    "optional_p": ("选填。", "Optional. "),
    "choose": ("请从下拉列表中选择:{values}", "Choose from the list: {values}"),
    "mechanisms": ("可选:{values}", "Allowed: {values}"),
    "date_hint": ("日期,如 2024-05-20", "A date, e.g. 2024-05-20"),
    "uscc_hint": ("18位统一社会信用代码", "An 18-character unified social credit code"),
    "number_hint": ("数字 {range}", "A number {range}"),
    "e_list_t": ("不在可选值中", "Value not in the list"),
    "e_list": ("请从下拉列表中选择:{values}", "Please choose one of: {values}"),
    "e_list_ext": ("「{header}」通常为:{values}。如您的配置允许其他值,可选择“是”继续。",
                   "\"{header}\" is usually one of: {values}. If your configuration allows other values, choose Yes "
                   "to continue."),
    "e_date_t": ("日期不正确", "Not a valid date"),
    "e_date": ("请填写 2000-01-01 以后的日期,如 2024-05-20。", "Enter a date from 2000-01-01 on, e.g. 2024-05-20."),
    "e_date_opt": ("请填写 2000-01-01 以后的日期,如 2024-05-20;尚未完成可留空或填“-”。",
                   "Enter a date from 2000-01-01 on, e.g. 2024-05-20; leave it blank or \"-\" until done."),
    "e_num_t": ("数字不正确", "Not a valid number"),
    "e_num": ("「{header}」应为数字 {range}。", "\"{header}\" must be a number {range}."),
    "e_num_any": ("「{header}」应为数字。", "\"{header}\" must be a number."),
    "e_uscc_t": ("统一社会信用代码应为18位", "The credit code has 18 characters"),
    "e_uscc": ("统一社会信用代码为18位数字或大写字母,如 91350100M000100Y43。",
               "A unified social credit code has 18 digits or capital letters, e.g. 91350100M000100Y43."),
    "header_center": ("&A", "&A"),
    "footer_center": ("第 &P 页,共 &N 页", "Page &P of &N"),
    "unknown_table": ("未知的表格「{key}」。可用的表格:{valid}", "Unknown table \"{key}\". Valid tables: {valid}"),
})

KIND_NAMES = {
    Kind.TEXT: ("文本", "text"), Kind.DATE: ("日期", "date"), Kind.NUMBER: ("数字", "number"),
    Kind.CHOICE: ("单选", "one of a list"), Kind.MULTI: ("多选(用 + 连接)", "one or more, joined by +"),
    Kind.CONTACT: ("联系人(姓名/部门/联系方式)", "contact (name/department/phone or e-mail)"),
    Kind.PHONE_EMAIL: ("手机、座机或邮箱", "mobile, landline or e-mail"),
    Kind.PERIOD: ("汇报周期", "reporting period"), Kind.QUARTER: ("季度", "quarter"),
    Kind.CREDIT_CODE: ("统一社会信用代码", "unified social credit code"),
}

# What the guide asks of each table, point by point, and which rules check it. A point is stated
# as checked only when every rule it names exists in the catalog: a table's own code ("CX225") or a
# generic code on a column, named by its header key ("CX101@交付地址"), in any catalog table (one
# in another table is shown with that table's name); "rank" is the ranking command. Until then
# it is listed as advice (建议, 未自动检查). So a rule added to a table module (or an added column
# with its generic rules) turns its point into a checked line without an edit here.
@dataclass(frozen=True)
class GuidePoint:
    text: tuple[str, str]             # (zh, en): the guide's words (en: the English guide's)
    ref: str                          # where the guide says it, with the rules.md id
    checked_by: tuple[str, ...] = ()  # "CX225", "CX101@交付地址", "rank"; () = never checked


P = GuidePoint
GUIDE_POINTS: dict[str, tuple[GuidePoint, ...]] = {
    "cross_dept": (
        P(("各协作部门需指定1名项目负责人(对接人)", "Each collaborating department appoints 1 project lead (contact)"),
          "二(一)步骤2, X-02", ("CX202",)),
        P(("对接人写明姓名/部门/联系方式", "The contact person is written as name/department/contact details"),
          "表1, X-16", ("CX106@对接人", "CX107@对接人")),
        P(("时间节点写完整日期", "The time milestone is a full date"), "表1, X-17", ("CX102@时间节点", "CX103@时间节点")),
        P(("沟通机制为例会/群聊/邮件,可用“+”组合", "The communication mechanism is meeting / group chat / email, "
           "combined with \"+\""), "表1, X-15", ("CX111@沟通机制",)),
        P(("工作计划含起止时间", "Work plans include start and end dates"), "二(一)步骤4, X-07", ("CX118@时间节点",)),
        P(("工作计划含任务分解、交付物,牵头部门汇总为《项目甘特图》,明确关键里程碑",
           "Work plans include task breakdown and deliverables; the lead department consolidates them into a "
           "Project Gantt Chart that fixes the key milestones"), "二(一)步骤4, X-07"),
        P(("建立“每日站会+周例会”机制:每日站会15分钟内,周例会每周五下午",
           "A \"daily stand-up + weekly meeting\" mechanism: the stand-up within 15 minutes, the weekly meeting "
           "every Friday afternoon"), "二(一)步骤5, X-09, X-10", ("CX293", "CX294", "CX295", "CX296")),
        P(("重要沟通(如需求变更、资源调整)需通过邮件或协作工具留痕",
           "Important communications (e.g. requirement changes, resource adjustments) leave a written trace by "
           "email or in a collaboration tool"), "二(一)步骤5, X-11", ("CX305",)),
        P(("项目推进至关键节点时组织复盘会,形成《项目复盘报告》",
           "At a key milestone, hold a review meeting and produce a Project Review Report"),
          "二(一)步骤6, X-12", ("CX203",)),
        P(("对易争议事项提前书面约定", "Agree in writing in advance on matters that easily cause disputes"),
          "二(一)关键注意事项, X-14", ("CX306",)),
        P(("主动暴露风险:及时反馈任务卡点,牵头部门协调资源解决", "Expose risks proactively: report task blockers "
           "promptly; the lead department coordinates resources to solve them"), "二(一)关键注意事项"),
    ),
    "work_report": (
        P(("用数据量化成果(如“完成客户拜访10家,转化2家”)", "Quantify results with data (e.g. \"visited 10 "
           "clients, converted 2\")"), "二(二)步骤2, R-11", ("CX211", "CX212")),
        P(("问题求助汇报写明卡点是什么、需要什么支持", "A request for help names the blocker and the support needed"),
          "二(二)步骤1, R-15", ("CX213",)),
        P(("完成情况写 √ / × / 部分完成", "Completion status is √ / × / 部分完成"), "表2, R-12",
          ("CX104@完成情况", "CX105@完成情况")),
        P(("汇报周期为一周或一个月", "The reporting period is a week or a month"), "表2, R-14", ("CX112@汇报周期",)),
        P(("核心工作内容按优先级排序并编号", "Core work is listed in order of priority, numbered"), "表2, R-13",
          ("CX214",)),
        P(("对比计划与实际差异,分析原因", "Compare plan and actual and analyse the reasons"), "二(二)步骤2, R-16",
          ("CX215",)),
        P(("任务推进中遇到困难,24小时内向上级反馈", "Report difficulties to the superior within 24 hours"),
          "二(二)关键注意事项, R-06", ("CX281",)),
        P(("日常汇报时长建议≤10分钟", "Routine reports recommended ≤10 minutes"), "二(二)关键注意事项, R-07",
          ("CX282",)),
        P(("先说结论,聚焦“结果”而非“过程”", "State the conclusion first; focus on results rather than process"),
          "二(二)步骤4, 关键注意事项"),
    ),
    "customer_log": (
        P(("知晓客户“痛点、目标、预算、决策链”,形成《客户需求清单》", "Learn the client's \"pain points, goals, "
           "budget, decision chain\" and produce a client needs list"), "三(一)步骤1, C-01",
          ("CX120@需求清单要素",)),
        P(("对接人写明姓名/职位/联系方式", "The contact person is written as name/position/contact details"),
          "表3, C-13", ("CX106@对接人", "CX107@对接人")),
        P(("沟通方式为电话/面谈/邮件", "The communication method is phone / face-to-face / email"), "表3, C-11",
          ("CX104@沟通方式",)),
        P(("后续行动须有负责人和完成时间", "Follow-up actions have an owner and a completion date"), "表3, C-14",
          ("CX222", "CX223")),
        P(("客户咨询/投诉2小时内响应(非工作时间4小时内)", "Respond to client enquiries/complaints within 2 hours "
           "(within 4 hours outside working hours)"), "三(一)关键注意事项, C-09", ("CX225",)),
        P(("对“高价值客户、战略客户”指定专属对接人,定期上门拜访", "Assign dedicated contact persons to high-value "
           "and strategic clients and visit them regularly"), "三(一)关键注意事项, C-10",
          ("CX121@专属对接人", "CX226")),
        P(("避免过度承诺:方案中“交付时间、效果”需基于企业实际能力", "Avoid over-promising: delivery time and effect "
           "in a solution rest on the enterprise's real capabilities"), "三(一)关键注意事项"),
    ),
    "partner_progress": (
        P(("双方指定项目负责人(写明姓名)", "Both parties appoint a project lead (by name)"), "三(二)步骤2, P-04",
          ("CX234",)),
        P(("计划明确各阶段任务、起止时间、交付物", "The plan fixes each phase's tasks, start and end dates, "
           "deliverables"), "三(二)步骤3, P-06", ("CX101@项目阶段", "CX118@计划完成时间", "CX101@交付物")),
        P(("日期写日期,尚未完成的实际完成时间填“-”或留空", "Dates are dates; the actual completion time is \"-\" "
           "or blank until done"), "表4, P-12", ("CX102@计划完成时间", "CX102@实际完成时间")),
        P(("合作伙伴提交阶段性成果(如初稿、设计稿)后,我方需在2个工作日内反馈意见",
           "After the partner submits interim results (e.g. a first draft), we give our comments within 2 "
           "working days"), "三(二)步骤4, P-07", ("CX232",)),
        P(("重要节点组织双方会议,形成《会议纪要》", "At important milestones, hold a meeting of both parties with "
           "minutes"), "三(二)步骤4, P-08", ("CX235",)),
        P(("因我方需求变更导致延期,双方协商调整时间;因合作伙伴未按期交付,按协议扣减费用",
           "A delay caused by our change: negotiate an adjusted timeline; the partner fails to deliver on time: "
           "deduct fees per the agreement"), "三(二)关键注意事项, P-11", ("CX233",)),
        P(("协议中注明交付成果的知识产权归我方所有", "The agreement states that the intellectual property in the "
           "deliverables belongs to us"), "三(二)关键注意事项"),
    ),
    "supplier_directory": (
        P(("建立《供应商名录》,分类管理:战略供应商、常规供应商、备用供应商", "Keep a supplier directory by category: "
           "strategic, regular, backup suppliers"), "三(三)步骤1, S-03", ("CX104@供应商类别",)),
        P(("采购订单与评估表中的供应商须在名录中", "Suppliers of orders and evaluations are in the directory"),
          "三(三)步骤1", ("CX251", "CX261")),
        P(("审核“营业执照、行业资质、过往合作案例、供货能力”", "Review the \"business licence, industry "
           "qualifications, past cooperation cases, supply capacity\""), "三(三)步骤1, S-02", ("CX120@资质审核",)),
        P(("收集供应商报价(至少3家)", "Collect quotations from at least 3 suppliers"), "三(三)步骤1, S-01",
          ("CX341",)),
        P(("每季度对供应商进行综合评分", "Score every supplier every quarter"), "三(三)步骤5, S-14", ("CX243",)),
    ),
    "purchase_orders": (
        P(("《采购订单》含订单号、产品明细、数量、时间", "A purchase order includes order number, product details, "
           "quantity, time"), "三(三)步骤3, S-08",
          ("CX101@订单号", "CX101@产品明细", "CX101@数量", "CX101@要求交付日期")),
        P(("《采购订单》写明交付地址", "A purchase order includes the delivery address"), "三(三)步骤3, S-08",
          ("CX101@交付地址",)),
        P(("核对订单信息与发货信息是否一致", "Check whether the order information matches the shipping "
           "information"), "三(三)步骤3, S-09", ("CX255",)),
        P(("跟踪物流,预计送达前1天确认", "Track the logistics; confirm 1 day before the expected arrival"),
          "三(三)步骤3, S-10", ("CX256",)),
        P(("使用部门和采购部共同验收,检查“数量、质量、规格”", "The using department and Procurement accept the goods "
           "together, checking \"quantity, quality, specifications\""), "三(三)步骤4, S-11",
          ("CX257", "CX120@验收项目")),
        P(("不合格当场拒收并要求48小时内补发", "Goods that fail are rejected on the spot and replaced within 48 "
           "hours"), "三(三)步骤4, S-12", ("CX258",)),
        P(("验收合格后签署《入库单》", "Once accepted, a warehouse receipt is signed"), "三(三)步骤4, S-13",
          ("CX121@入库单签署日期",)),
        P(("付款方式如月结30天", "Payment method e.g. monthly settlement, 30 days"), "三(三)步骤2, S-06",
          ("CX259",)),
    ),
    "supplier_evaluation": (
        P(("每季度综合评分,满分100分:产品质量30分、交付及时性25分、服务态度20分、价格合理性15分、问题解决能力10分",
           "Every quarter an overall score out of 100: product quality 30, delivery timeliness 25, service "
           "attitude 20, price reasonableness 15, problem solving 10"), "三(三)步骤5, S-15",
          ("CX109@产品质量", "CX109@交付及时性", "CX109@服务态度", "CX109@价格合理性", "CX109@问题解决能力",
           "CX262")),
        P(("每家供应商每季度都要评估", "Every supplier is evaluated every quarter"), "三(三)步骤5, S-14", ("CX243",)),
        P(("评分低于80分的供应商发出《整改通知书》", "Suppliers scoring below 80 are sent a rectification notice"),
          "三(三)步骤5, S-16", ("rank",)),
        P(("验收后将“验收结果、供应商响应速度、产品质量”记录至《供应商评估表》", "After acceptance, record the "
           "acceptance result, response speed and product quality in the evaluation form"), "三(三)步骤4, S-13"),
    ),
    # issue 15: the partner registers of 三(二) (合作协议登记表, 合作付款登记表)
    "partner_agreements": (
        P(("通过资质审核(如营业执照、行业案例)、过往合作口碑筛选合作伙伴", "Screen partners by qualification review "
           "(e.g. business licence, industry cases) and past cooperation reputation"), "三(二)步骤1, P-01",
          ("CX120@资质审核",)),
        P(("协议明确“合作范围、权责划分、费用结算、保密条款、违约责任”,并注明知识产权归属",
           "The agreement states scope, responsibilities, fee settlement, confidentiality and liability for "
           "breach, and who owns the intellectual property"), "三(二)步骤1, 关键注意事项, P-02",
          ("CX120@协议条款",)),
        P(("《项目需求说明书》含目标、受众、风格要求、交付标准", "The project brief covers goals, audience, style "
           "requirements and delivery standards"), "三(二)步骤3, P-05", ("CX120@需求说明书要素",)),
        P(("不合格需明确修改要求并约定时间,合格后签署《验收确认书》", "A failed acceptance gets revision "
           "requirements and an agreed deadline; a pass gets a signed acceptance confirmation"), "三(二)步骤5, P-09",
          ("CX121@修改要求", "CX121@修改期限", "CX121@确认书签署日期")),
    ),
    "partner_payments": (
        P(("分期支付(如签约付50%,验收后付50%),合计与协议一致", "Pay in instalments (e.g. 50% on signing, 50% "
           "after acceptance) adding up to the agreement"), "三(二)步骤1 示例, P-03", ("CX371", "CX372")),
        P(("财务部根据《合作协议》和《验收确认书》结算费用,合作伙伴开具发票", "Finance settles fees against the "
           "agreement and the acceptance confirmation; the partner issues an invoice"), "三(二)步骤5, P-10",
          ("CX373", "CX121@发票号码")),
        P(("每笔付款对应一份合作协议", "Every payment belongs to an agreement"), "三(二)步骤1", ("CX374",)),
    ),
    # issue 15: the purchasing registers of tables-2.md
    "quotations": (
        P(("收集供应商报价(至少3家)", "Collect quotations from at least 3 suppliers"), "三(三)步骤1, S-01",
          ("CX341",)),
        P(("询价含产品规格、数量、单价、配送周期、售后条款", "The enquiry covers specification, quantity, unit price, "
           "delivery cycle and after-sales terms"), "三(三)步骤2, S-04",
          ("CX101@产品规格", "CX101@数量", "CX101@单价", "CX101@配送周期", "CX101@售后条款")),
    ),
    "contracts": (
        P(("谈判明确“价格折扣、付款方式、违约责任”,签订《采购合同》", "Negotiate and fix \"price discount, payment "
           "method, liability for breach\", then sign the purchase contract"), "三(三)步骤2, S-05",
          ("CX101@价格折扣", "CX101@付款方式", "CX101@违约责任")),
        P(("付款方式如月结30天", "Payment method e.g. monthly settlement, 30 days"), "三(三)步骤2, S-06",
          ("CX259",)),
        P(("违约责任如延迟配送每日扣款0.5%", "Liability e.g. 0.5% deducted per day of late delivery"), "三(三)步骤2, S-07"),
    ),
}
del P


def _ref_hits(ref: str) -> list[tuple[Table | None, object]]:
    if ref == "rank":
        return [(None, "rank")]
    code, _, header = ref.partition("@")
    return [(t, r) for t in TABLES.values() for r in t.all_rules()
            if r.code == code and (not header or t.col(r.column).key == header_key(header))]


def point_checks(point: GuidePoint) -> dict[str, list[tuple[Table | None, object]]] | None:
    """The catalog rules that check a guide point, per reference, as (table, rule) — or None when
    it names none, or one of them does not exist (yet): then the point is advice. "rank" stands for
    the ranking command."""
    if not point.checked_by:
        return None
    out = {ref: _ref_hits(ref) for ref in point.checked_by}
    return out if all(out.values()) else None


def checked_lines(table: Table, lang: str) -> list[str]:
    """What collab-xl checks in ``table``, from the rule declarations: the table's own rules (code,
    title, reason), its generic rules by code with the columns they cover, and the guide points
    checked elsewhere (another table's rule, the ranking)."""
    lang = norm_lang(lang)
    colon, comma = (":", "、") if lang == "zh" else (": ", ", ")
    head = M("checked", lang) + colon
    lines = []
    generic: dict[str, tuple[object, list[str]]] = {}
    own = {id(r) for r in table.rules}
    for r in table.all_rules():
        if id(r) not in own:
            generic.setdefault(r.code, (r, []))[1].append(r.column)
    for r in table.rules:
        why = pick(r.why, lang)
        line = f"{head}{r.code} {pick(r.title, lang)}" + (f"{colon}{why}" if why else "")
        if line not in lines:      # a rule declared on two columns (会议登记表 CX293, CX234, CX371) is stated once
            lines.append(line)
    for p in GUIDE_POINTS.get(table.key, ()):
        checks = point_checks(p)
        if checks is None:
            continue
        for ref, hits in checks.items():
            if any(t is table for t, _ in hits):
                continue   # listed above
            t, r = hits[0]
            if r == "rank":
                lines.append(f"{head}{M('by_rank', lang)}")
                continue
            where = M("elsewhere", lang, table=pick(t.title, lang))
            sep = "" if lang == "zh" else " "
            lines.append(f"{head}{r.code} {pick(r.title, lang)}{sep}({where}){colon}{pick(p.text, lang)}")
    names = [c.name for c in table.columns]
    for code, (r, cols) in generic.items():
        where = (M("every_column", lang) if set(cols) == set(names)
                 else comma.join(_short(table.col(c), lang) for c in _ordered(table, cols)))
        lines.append(f"{head}{code} {pick(r.title, lang)}{colon}{where}")
    return lines


def _ref(ref: str, lang: str) -> str:
    """Where the guide says it: 二(一)步骤2 in Chinese, 二(一) step 2 in English (the guide's section
    numbers stay as it prints them)."""
    if lang == "zh":
        return ref
    ref = re.sub(r"表(\d)", r"Table \1", ref)
    return ref.replace("步骤", " step ").replace("关键注意事项", " key notes").replace(",  ", ", ")


def advice_lines(table: Table, lang: str) -> list[str]:
    """The guide's points for ``table`` that no catalog rule checks: marked as advice."""
    lang = norm_lang(lang)
    colon = ":" if lang == "zh" else ": "
    return [f"{M('advice', lang)}{colon}{pick(p.text, lang)}" + (f"({p.ref})" if lang == "zh" else f" ({_ref(p.ref, lang)})")
            for p in GUIDE_POINTS.get(table.key, ()) if point_checks(p) is None]


# ---------------------------------------------------------------------------------------------
# The renderer-neutral description of a template sheet.
@dataclass(frozen=True)
class Validation:
    """One native data-validation rule over a column of the table body (openpyxl / Excel names).

    ``type`` None means "any value" (an input message only)."""
    column: int                       # 0-based column of the table
    type: str | None                  # list | date | decimal | textLength | None
    operator: str | None = None       # between | greaterThan | greaterThanOrEqual | equal …
    formula1: str | None = None
    formula2: str | None = None
    error_style: str = "stop"         # stop | warning
    prompt_title: str = ""
    prompt: str = ""
    error_title: str = ""
    error: str = ""


@dataclass(frozen=True)
class SheetSpec:
    key: str
    name: str                         # the sheet name
    title: str                        # row 1, merged across the table
    headers: list[str]                # row 2
    widths: list[float]
    number_formats: dict[int, str]    # 0-based column -> number format of the body cells
    validations: list[Validation]
    overdue: str | None               # conditional-format formula, relative to the first body row
    rows: int = DEFAULT_ROWS
    table_name: str = ""

    @property
    def last_col(self) -> str:
        return get_column_letter(len(self.headers))

    @property
    def last_row(self) -> int:
        return HEADER_ROW + self.rows

    @property
    def table_ref(self) -> str:
        return f"A{HEADER_ROW}:{self.last_col}{self.last_row}"

    @property
    def body_ref(self) -> str:
        return f"A{FIRST_ROW}:{self.last_col}{self.last_row}"

    def column_ref(self, j: int) -> str:
        L = get_column_letter(j + 1)
        return f"{L}{FIRST_ROW}:{L}{self.last_row}"


def resolve_tables(tables: list[str] | None) -> list[str]:
    """Table keys in catalog order; a key may also be given as 表1…表4 or the Chinese/English title.
    Unknown → UserError naming every valid key."""
    if not tables:
        return list(TABLES)
    alias = {}
    for t in TABLES.values():
        alias[t.key.lower()] = t.key
        alias[t.title[0]] = t.key
        alias[t.title[1].lower()] = t.key
        if t.number:
            alias[t.number] = t.key
    wanted = set()
    for k in tables:
        key = alias.get(str(k).strip()) or alias.get(str(k).strip().lower())
        if key is None:
            valid = ", ".join(TABLES)
            raise UserError(M("unknown_table", "zh", key=k, valid=valid), M("unknown_table", "en", key=k, valid=valid))
        wanted.add(key)
    return [k for k in TABLES if k in wanted]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(c: Col, lang: str) -> str:
    """A column's short name: the header without its bracketed hint."""
    return c.key if lang == "zh" else c.en.split(" (")[0]


def _values(c: Col, lang: str, sep: str | None = None) -> str:
    sep = sep or ("、" if lang == "zh" else ", ")
    choices, en = _choices(c), c.en_choices or (("yes", "no") if c.kind.name == "yesno" else ())
    if lang == "en" and en and len(en) == len(choices):
        return sep.join(f"{v} ({e})" for v, e in zip(choices, en))
    return sep.join(choices)


def _choices(c: Col) -> tuple[str, ...]:
    """The values a drop-down offers: a choice column's, 是/否 for a yes/no column (tables-2.md)."""
    return c.choices or (("是", "否") if c.kind.name == "yesno" else ())


def _is_list(c: Col) -> bool:
    return c.kind == Kind.CHOICE or c.kind.name == "yesno"


# Kinds the conventions of tables-2.md add (by name, so the template does not depend on them
# existing): a date-time is validated as a date (a date alone is allowed too), a time is shown
# as one. The guide's text forms (2024年5月8日下午2点半, 14点30分) stay allowed: the alert only warns.
DATETIME_KINDS, TIME_KINDS = ("datetime",), ("time",)


def template_columns(table: Table) -> tuple[Col, ...]:
    """A table's columns in template order: the shipped ones as declared, then the added ones
    (``Col.added``) as declared — a sheet filled from an older template keeps its columns."""
    return tuple(c for c in table.columns if not c.added) + tuple(c for c in table.columns if c.added)


def _ordered(table: Table, names) -> list[str]:
    order = [c.name for c in template_columns(table)]
    return sorted(set(names), key=order.index)


# Kinds named by tables-2.md's conventions, for the 填写说明 (by name: they may not exist yet).
KIND_NAMES_BY_NAME = {
    "datetime": ("日期时间", "date and time"), "time": ("时刻", "time"), "minutes": ("分钟数", "minutes"),
    "limit": ("时限(N个工作日/N天/N小时)", "time limit (N working days / days / hours)"),
    "percent": ("百分比", "percent"), "yesno": ("是/否", "yes/no"), "checklist": ("清单", "checklist"),
    "namelist": ("姓名列表", "list of names"),
}


def _kind_name(c: Col, lang: str) -> str:
    names = KIND_NAMES.get(c.kind) or KIND_NAMES_BY_NAME.get(c.kind.name)
    return pick(names, lang) if names else c.kind.name


def _prompt(c: Col, lang: str) -> str:
    head = M("required_p" if c.required else "added_p" if c.added else "optional_p", lang)
    hint = pick(c.hint, lang)
    extra = ""
    if c.kind.name in DATETIME_KINDS and not hint:
        extra = M("datetime_hint", lang)
    elif c.kind.name in TIME_KINDS and not hint:
        extra = M("time_hint", lang)
    elif _is_list(c):
        extra = M("choose", lang, values=_values(c, lang))
    elif c.kind == Kind.MULTI:
        extra = M("mechanisms", lang, values=_values(c, lang))
    elif c.kind == Kind.DATE and not hint:
        extra = M("date_hint", lang)
    elif c.kind == Kind.CREDIT_CODE and not hint:
        extra = M("uscc_hint", lang)
    elif c.kind == Kind.NUMBER and not hint:
        extra = M("number_hint", lang, range=range_text(c))
    parts = [p for p in (hint, extra) if p]
    if c.kind == Kind.CHOICE and hint:
        parts = [extra]  # the list says it all (the hint only repeats the values)
    elif _is_list(c) and hint:
        parts = [hint]   # a yes/no column's hint says what 是 means here
    sep = ";" if lang == "zh" else "; "
    return _clip(head + sep.join(parts), TEXT_MAX)


def _validation(c: Col, j: int, lang: str) -> Validation:
    title = _clip(_short(c, lang), TITLE_MAX)
    prompt = _prompt(c, lang)
    style = "stop" if c.required else "warning"
    base = dict(column=j, prompt_title=title, prompt=prompt, error_style=style)
    if _is_list(c):
        formula = '"' + ",".join(_choices(c)) + '"'
        if len(formula) > LIST_MAX:  # pragma: no cover - the catalog's lists are short
            raise ValueError(f"choice list of {c.name} too long for Excel")
        if c.extra_choices:  # the configuration may add values: the alert only warns
            return Validation(type="list", formula1=formula, error_title=_clip(M("e_list_t", lang), TITLE_MAX),
                              error=_clip(M("e_list_ext", lang, header=_short(c, lang), values=_values(c, lang)), TEXT_MAX),
                              **{**base, "error_style": "warning"})
        return Validation(type="list", formula1=formula, error_title=_clip(M("e_list_t", lang), TITLE_MAX),
                          error=_clip(M("e_list", lang, values=_values(c, lang)), TEXT_MAX), **base)
    if c.kind.name in DATETIME_KINDS:
        return Validation(type="date", operator="greaterThanOrEqual",
                          formula1=f"DATE({MIN_DATE.year},{MIN_DATE.month},{MIN_DATE.day})",
                          error_title=_clip(M("e_date_t", lang), TITLE_MAX),
                          error=_clip(M("e_datetime", lang), TEXT_MAX), **{**base, "error_style": "warning"})
    if c.kind == Kind.DATE:
        return Validation(type="date", operator="greaterThanOrEqual",
                          formula1=f"DATE({MIN_DATE.year},{MIN_DATE.month},{MIN_DATE.day})",
                          error_title=_clip(M("e_date_t", lang), TITLE_MAX),
                          error=_clip(M("e_date" if c.required else "e_date_opt", lang), TEXT_MAX), **base)
    if c.kind == Kind.NUMBER:
        lo, hi = c.min, c.max
        if lo is not None and hi is not None:
            op, f1, f2 = "between", f"{lo:g}", f"{hi:g}"
        elif lo is not None:
            op, f1, f2 = ("greaterThan" if c.min_exclusive else "greaterThanOrEqual"), f"{lo:g}", None
        elif hi is not None:
            op, f1, f2 = "lessThanOrEqual", f"{hi:g}", None
        else:
            op, f1, f2 = "between", "-1E+15", "1E+15"
        err = (M("e_num", lang, header=_short(c, lang), range=range_text(c)) if (lo is not None or hi is not None)
               else M("e_num_any", lang, header=_short(c, lang)))
        return Validation(type="decimal", operator=op, formula1=f1, formula2=f2,
                          error_title=_clip(M("e_num_t", lang), TITLE_MAX), error=_clip(err, TEXT_MAX), **base)
    if c.kind == Kind.CREDIT_CODE:
        return Validation(type="textLength", operator="equal", formula1="18",
                          error_title=_clip(M("e_uscc_t", lang), TITLE_MAX), error=_clip(M("e_uscc", lang), TEXT_MAX),
                          **base)
    return Validation(type=None, **{**base, "error_style": "stop"})


def _number_format(c: Col) -> str | None:
    if c.kind == Kind.DATE:
        return "yyyy-mm-dd"
    if c.kind.name in DATETIME_KINDS:
        return "yyyy-mm-dd hh:mm"
    if c.kind.name in TIME_KINDS:
        return "hh:mm"
    if c.kind in (Kind.PERIOD, Kind.QUARTER, Kind.CREDIT_CODE, Kind.PHONE_EMAIL):
        return "@"   # keep 2024-05, 2024-Q2, codes and phone numbers as typed (no date / 1.38E+10)
    return None


def overdue_formula(table: Table, row: int = FIRST_ROW) -> str | None:
    """The live overdue rule: due is a date before TODAY(), done is empty (or "-"), and for a
    table with a status column the status is not 已完成/已取消. Relative to ``row``."""
    late = table.late
    if late is None or late.done is None:
        return None
    idx = {c.name: j for j, c in enumerate(template_columns(table))}

    def ref(name):
        return f"${get_column_letter(idx[name] + 1)}{row}"
    due, done = ref(late.due), ref(late.done)
    parts = [f"ISNUMBER({due})", f"{due}<TODAY()", f'OR({done}="",{done}="-")']
    if late.status:
        st = ref(late.status)
        parts += [f'{st}<>"已完成"', f'{st}<>"已取消"']
    return "AND(" + ",".join(parts) + ")"


def template_headers(table_key: str, lang: str = "zh") -> list[str]:
    lang = norm_lang(lang)
    return [c.en if lang == "en" else c.header for c in template_columns(TABLES[table_key])]


def template_rows(table_key: str, lang: str = "zh") -> list[list]:
    """The title row (title in the first cell, the rest empty) and the header row."""
    lang = norm_lang(lang)
    headers = template_headers(table_key, lang)
    title = pick(TABLES[table_key].full_title, lang)
    return [[title] + [""] * (len(headers) - 1), headers]


def template_widths(table_key: str) -> list[float]:
    return [c.width for c in template_columns(TABLES[table_key])]


def template_spec(table_key: str, lang: str = "zh", rows: int = DEFAULT_ROWS) -> SheetSpec:
    lang = norm_lang(lang)
    t = TABLES[table_key]
    cols = template_columns(t)
    nf = {j: f for j, c in enumerate(cols) if (f := _number_format(c))}
    return SheetSpec(
        key=t.key, name=pick(t.sheet, lang)[:31], title=pick(t.full_title, lang),
        headers=template_headers(table_key, lang), widths=template_widths(table_key), number_formats=nf,
        validations=[_validation(c, j, lang) for j, c in enumerate(cols)],
        overdue=overdue_formula(t), rows=rows, table_name=f"tbl_{t.key}",
    )


# ---------------------------------------------------------------------------------------------
# The openpyxl renderer.
_TITLE_FONT = Font(bold=True, size=14)
_HEAD_FONT = Font(bold=True, color="FFFFFF")
# Drawn directly too: the table style gives the same look in Excel, but LibreOffice and WPS may not
# draw table styles, and white header text must never end up on no fill.
_HEAD_FILL = PatternFill("solid", fgColor="1F4E78")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)


def _page_setup(ws, lang: str, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.center.text = M("header_center", lang)
    ws.oddFooter.center.text = M("footer_center", lang)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def write_sheet(wb: Workbook, spec: SheetSpec, lang: str = "zh"):
    """Draw one template sheet into an openpyxl workbook."""
    ws = wb.create_sheet(spec.name)
    n = len(spec.headers)
    ws.cell(row=TITLE_ROW, column=1, value=spec.title).font = _TITLE_FONT
    ws.cell(row=TITLE_ROW, column=1).alignment = Alignment(vertical="center")
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=n)
    ws.row_dimensions[TITLE_ROW].height = 26
    ws.row_dimensions[HEADER_ROW].height = 36
    for j, h in enumerate(spec.headers, start=1):
        c = ws.cell(row=HEADER_ROW, column=j, value=h)
        c.data_type = "s"
        c.font, c.alignment, c.fill, c.border = _HEAD_FONT, _HEAD_ALIGN, _HEAD_FILL, _BORDER
    for j, w in enumerate(spec.widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    for j, fmt in spec.number_formats.items():
        for r in range(FIRST_ROW, spec.last_row + 1):
            ws.cell(row=r, column=j + 1).number_format = fmt
    ws.freeze_panes = f"A{FIRST_ROW}"

    tab = XlTable(displayName=spec.table_name, ref=spec.table_ref)
    tab.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False,
                                        showFirstColumn=False, showLastColumn=False)
    ws.add_table(tab)

    for v in spec.validations:
        dv = DataValidation(type=v.type, operator=v.operator, formula1=v.formula1, formula2=v.formula2,
                            allow_blank=True, showInputMessage=True, showErrorMessage=v.type is not None,
                            errorStyle=v.error_style, promptTitle=v.prompt_title or None, prompt=v.prompt or None,
                            errorTitle=v.error_title or None, error=v.error or None)
        dv.add(spec.column_ref(v.column))
        ws.add_data_validation(dv)

    if spec.overdue:
        ws.conditional_formatting.add(spec.body_ref, FormulaRule(
            formula=[spec.overdue], stopIfTrue=False,
            fill=PatternFill("solid", fgColor=LIVE_OVERDUE_FILL, bgColor=LIVE_OVERDUE_FILL),
            font=Font(color=LIVE_OVERDUE_FONT)))
    _page_setup(ws, lang, f"{HEADER_ROW}:{HEADER_ROW}")
    return ws


def _instructions(wb: Workbook, keys: list[str], specs: dict[str, SheetSpec], lang: str):
    ws = wb.active
    ws.title = M("instructions", lang)
    widths = (30, 14, 26, 34, 52)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    r = 1

    def line(values, font=None, fill=None, wrap=True, height=None):
        nonlocal r
        for j, v in enumerate(values, start=1):
            if v in ("", None):
                continue
            c = ws.cell(row=r, column=j, value=v)
            c.data_type = "s"
            if font is not None:
                c.font = font
            if fill is not None:
                c.fill = fill
            if wrap:
                c.alignment = _WRAP
        if len(values) == 1 and values[0]:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
        if height:
            ws.row_dimensions[r].height = height
        elif wrap:
            # Excel does not grow a row for wrapped text on its own: give it the lines it needs.
            spans = [sum(widths)] if len(values) == 1 else list(widths[:len(values)])
            n = max((_lines(str(v), w) for v, w in zip(values, spans) if v), default=1)
            if n > 1:
                ws.row_dimensions[r].height = 15 * n
        r += 1
        return r - 1

    line([M("title", lang)], font=Font(bold=True, size=16), height=26)
    line([M("source", lang)])
    r += 1
    line([M("general", lang)], font=Font(bold=True, size=12))
    for k in ("g1", "g2", "g3", "g4", "g5", "checks_intro"):
        line(["• " + M(k, lang)])
    r += 1
    line([M("legend", lang)], font=Font(bold=True, size=12))
    for kind in MARK_KINDS:
        _, fill, font, _ = MARK_KINDS[kind]
        row = line([M(f"label_{kind}", lang), M(f"legend_{kind}", lang)], wrap=False)
        ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor=fill)
        ws.cell(row=row, column=1).font = Font(color=font, bold=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(widths))
    row = line([M("label_live", lang), M("legend_live", lang)], wrap=False)
    ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor=LIVE_OVERDUE_FILL)
    ws.cell(row=row, column=1).font = Font(color=LIVE_OVERDUE_FONT, bold=True)
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(widths))
    line([M("legend_note", lang)])

    head_fill = _HEAD_FILL
    for key in keys:
        t, spec = TABLES[key], specs[key]
        r += 1
        ref = (M("sheet_ref", lang, sheet=spec.name, section=t.section) if t.section
               else M("sheet_ref_nosec", lang, sheet=spec.name))
        row = line([f"{pick(t.full_title, lang)}({ref})" if lang == "zh" else f"{pick(t.full_title, lang)} ({ref})"],
                   font=Font(bold=True, size=13, color="0563C1", underline="single"), wrap=False)
        c = ws.cell(row=row, column=1)
        c.hyperlink = Hyperlink(ref=c.coordinate, location=f"{quote_sheet(spec.name)}!A1", display=str(c.value))
        line([f"{M('purpose', lang)}:{pick(t.purpose, lang)}" if lang == "zh"
              else f"{M('purpose', lang)}: {pick(t.purpose, lang)}"])
        if t.late is not None and t.late.done is not None:
            line([_late_text(t, lang)])
        names = {c.name for c in t.columns}
        for more in t.more_late:                  # the guide's time limits (tables-2.md further lines)
            if set(more.columns()) <= names:
                line([_more_late_text(t, more, lang)])
        row = line(M("cols_header", lang).split("|"), font=_HEAD_FONT, fill=head_fill)
        cols = template_columns(t)
        for j, c in enumerate(cols):
            req = M("yes" if c.required else "no", lang)
            flags = [M("merge", lang)] if c.ffill else []
            if c.unique:
                flags.append(M("unique", lang))
            if flags:
                req += ("," if lang == "zh" else ", ") + ("," if lang == "zh" else ", ").join(flags)
            header = spec.headers[j]
            if c.tracking:
                header += M("tracking", lang)
            if c.added:
                header += M("added", lang)
            kind = _kind_name(c, lang)
            if c.kind == Kind.NUMBER and (c.min is not None or c.max is not None):
                kind += f" {range_text(c)}"
            line([header, req, kind, _values(c, lang) if c.choices else "", pick(c.hint, lang)])
        for text in checked_lines(t, lang):
            line([text])
        for text in advice_lines(t, lang):
            line([text])
    ws.freeze_panes = None
    _page_setup(ws, lang, "")
    ws.page_setup.orientation = "portrait"
    return ws


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (CJK counts 2)."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-int(units * 1.05) // max(int(width) - 1, 1)))


def _late_text(t: Table, lang: str) -> str:
    late = t.late
    due, done = (_short(t.col(late.due), lang), _short(t.col(late.done), lang))
    text = M("late_text", lang, due=due, done=done)
    if late.status:
        text += M("late_status", lang, status=_short(t.col(late.status), lang))
    if late.amount is not None:
        text += M("late_penalty", lang)
    sep = ":" if lang == "zh" else ": "
    return f"{M('late', lang)}{sep}{text}"


def _more_late_text(t: Table, late, lang: str) -> str:
    """A further Late line in words: its label, start, limit (the configuration's default) and done."""
    from collab_xl.catalog.rules import LIMITS
    label = pick(late.label, lang) if late.label else pick(t.title, lang)
    label = label[:1].upper() + label[1:]
    done = _short(t.col(late.done), lang)
    a = late.after
    if a is None:
        text = M("late_text", lang, due=_short(t.col(late.due), lang), done=done)
        return f"{label}{':' if lang == 'zh' else ': '}{text}"
    start = _short(t.col(a.start), lang)
    if a.limit_at is not None:
        return M("late_rule", lang, label=label, done=done, start=start)
    n = LIMITS[a.amount] if isinstance(a.amount, str) else a.amount
    return M("late_after", lang, label=label, done=done, start=start, n=f"{float(n):g}", unit=M(f"u_{a.unit}", lang))


def build_template(tables: list[str] | None = None, lang: str = "zh", rows: int = DEFAULT_ROWS) -> Workbook:
    """One workbook: 填写说明 first, then one sheet per table (catalog order)."""
    lang = norm_lang(lang)
    keys = resolve_tables(tables)
    specs = {k: template_spec(k, lang, rows) for k in keys}
    wb = Workbook()
    _instructions(wb, keys, specs, lang)
    for k in keys:
        write_sheet(wb, specs[k], lang)
    wb.active = 0
    wb.properties.creator = "collab-xl"
    wb.properties.title = M("title", lang)
    wb.properties.created = FIXED_CREATED
    return wb
