"""find_tables on its own: which catalog table a header row names, where, and which column is what.

The headers below are typed out as users type them (not taken from the catalog), so a change of
the catalog's header words shows up here as a failing test.
"""
from __future__ import annotations

from collab_xl.core.grid import Grid, find_tables

T4_HEADER = ["合作项目", "合作伙伴", "项目阶段", "我方负责人", "合作伙伴负责人", "计划完成时间", "实际完成时间",
             "交付物", "问题及解决方案", "下一步计划"]
T4_COLUMNS = {"project": 0, "partner": 1, "stage": 2, "our_owner": 3, "partner_owner": 4, "planned": 5,
              "actual": 6, "deliverable": 7, "issues": 8, "next": 9}
T4_ROW = ["品牌升级", "乙广告公司", "方案设计", "王五", "钱七", "2024-05-10", "2024-05-12", "设计稿", "", ""]


def one(rows, **kw):
    hits = find_tables(Grid("表4", rows, **kw))
    assert len(hits) == 1, [h.table.key for h in hits]
    return hits[0]


def test_header_below_a_title_row():
    rows = [["表4:合作伙伴协作进度表"], T4_HEADER, T4_ROW, T4_ROW]
    hit = one(rows)
    assert hit.table.key == "partner_progress"
    assert hit.header_index == 1 and hit.header_row == 2
    assert hit.columns == T4_COLUMNS
    assert hit.duplicates == {} and hit.missing_required == []
    assert hit.end_index == 4


def test_header_further_down_in_a_grid_that_does_not_start_at_a1():
    rows = [["合作伙伴协作进度"], [""], ["填表人:王五", "", "日期:2024-06-05"], T4_HEADER, T4_ROW]
    hit = one(rows, row0=4, col0=2)
    assert hit.header_index == 3 and hit.header_row == 8          # sheet row 8 (row0 = 4)
    assert hit.letter("project") == "C" and hit.letter("next") == "L"
    assert hit.end_index == 5


def test_header_in_the_first_row_without_a_title():
    hit = one([T4_HEADER, T4_ROW])
    assert hit.table.key == "partner_progress" and hit.header_index == 0 and hit.end_index == 2


def test_reordered_columns_and_extra_user_columns():
    header = ["序号", "交付物", "合作伙伴", "合作项目", "我方负责人", "自定义列", "项目阶段", "合作伙伴负责人",
              "计划完成时间", "审批人"]
    hit = one([["表4"], header, [1, "设计稿", "乙", "品牌升级", "王五", "x", "设计", "钱七", "2024-05-10", "赵"]])
    assert hit.table.key == "partner_progress" and hit.header_index == 1
    assert hit.columns == {"project": 3, "partner": 2, "stage": 6, "our_owner": 4, "partner_owner": 7,
                           "planned": 8, "deliverable": 1}
    assert hit.missing_required == [] and hit.duplicates == {}


def test_full_width_brackets_and_bracketed_hints():
    header = ["评估季度", "供应商名称", "产品质量(30分)", "交付及时性（25分）", "服务态度(20)", "价格合理性（15）",
              "问题解决能力(10分)", "总分", "评估人", "评估日期", "备注"]
    hit = one([["供应商评估表"], header])
    assert hit.table.key == "supplier_evaluation"
    assert hit.columns == {"quarter": 0, "supplier": 1, "quality": 2, "delivery": 3, "service": 4, "price": 5,
                           "solving": 6, "total": 7, "evaluator": 8, "date": 9, "note": 10}
    assert hit.end_index == 2                                       # a header without rows


def test_hints_in_the_header_of_table_1():
    header = ["项目名称", "协作部门", "需求描述", "期望成果", "对接人（姓名/部门/联系方式）", "时间节点", "资源需求",
              "沟通机制(例会/群聊/邮件)", "备注", "完成状态", "实际完成时间"]
    hit = one([["表1:跨部门协作需求表"], header])
    assert hit.table.key == "cross_dept"
    assert hit.columns["contact"] == 4 and hit.columns["mechanism"] == 7
    assert hit.columns["status"] == 9 and hit.columns["done"] == 10 and len(hit.columns) == 11


def test_english_headers():
    header = ["Joint project", "Partner", "Phase", "Our lead", "Partner's lead", "Planned completion",
              "Actual completion", "Deliverable", "Problems and solutions", "Next step"]
    hit = one([["Table 4: Partner collaboration progress"], header, T4_ROW])
    assert hit.table.key == "partner_progress" and hit.header_index == 1
    assert hit.columns == T4_COLUMNS and hit.end_index == 3


def test_two_tables_in_one_sheet():
    directory = ["供应商名称", "供应商类别", "供应品类", "统一社会信用代码", "联系人", "联系方式", "资质到期日", "备注"]
    orders = ["订单号", "供应商名称", "产品明细", "数量", "单价", "金额", "要求交付日期", "实际交付日期", "验收结果", "备注"]
    rows = [["供应商名录"], directory,
            ["福州闽星", "常规供应商", "办公用品", "", "陈经理", "0591-87654321", "2026-12-31", ""],
            ["厦门海通", "战略供应商", "物流", "", "李经理", "13800138000", "2026-12-31", ""],
            [""],
            ["采购订单"], orders,
            ["PO-1", "福州闽星", "A4复印纸", 10, 25, 250, "2024-05-10", "", "", ""]]
    first, second = find_tables(Grid("采购", rows))
    assert first.table.key == "supplier_directory" and first.header_index == 1
    assert first.columns == {"supplier": 0, "category": 1, "goods": 2, "credit_code": 3, "contact_name": 4,
                             "contact": 5, "expiry": 6, "note": 7}
    assert first.end_index == 4            # the blank line and the title "采购订单" are not its rows
    assert second.table.key == "purchase_orders" and second.header_index == 6
    assert second.columns["order_no"] == 0 and second.columns["note"] == 9
    assert second.end_index == 8


def test_a_sheet_sharing_a_few_headers_is_not_a_table():
    assert find_tables(Grid("通讯录", [["姓名", "部门", "备注", "电话"], ["张三", "行政部", "", "123"]])) == []
    # three headers of the directory and of the orders, but far below the share a table needs
    rows = [["供应商名称", "联系人", "备注", "金额", "地址", "开户行"], ["福州闽星", "陈经理", "", 1, "福州", "工行"]]
    assert find_tables(Grid("往来", rows)) == []
    assert find_tables(Grid("空", [])) == [] and find_tables(Grid("空", [[""], [None]])) == []


def test_a_column_named_twice_is_a_duplicate():
    header = T4_HEADER + ["合作项目"]
    hit = one([["表4"], header, T4_ROW + ["另一个项目"]])
    assert hit.columns == T4_COLUMNS                   # the first one counts
    assert hit.duplicates == {"project": 10}


def test_missing_required_columns():
    header = ["合作项目", "合作伙伴", "项目阶段", "我方负责人", "计划完成时间", "实际完成时间", "问题及解决方案", "下一步计划"]
    hit = one([["表4"], header])
    assert hit.table.key == "partner_progress"
    assert "partner_owner" not in hit.columns and "deliverable" not in hit.columns
    assert hit.missing_required == ["partner_owner", "deliverable"]
