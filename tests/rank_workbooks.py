"""A realistic two-quarter supplier workbook for the ranking tests, and what it must give.

Every expected number below is worked out by hand from the rows (see the comments), not by the
code under test.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import write_book

TODAY = dt.date(2024, 6, 5)          # a Wednesday; 2024-06-10 is 端午节 (a holiday)

MINXING = "福州闽星办公用品有限公司"
HAITONG = "厦门海通物流有限公司"
ANXIN = "福建安信保洁服务有限公司"
HONGYUAN = "莆田宏远电子有限公司"
HENGDA = "泉州恒达包装有限公司"
XINYUAN = "漳州新源五金有限公司"

DIRECTORY_HEADER = ["供应商名称", "供应商类别", "供应品类", "统一社会信用代码", "联系人", "联系方式", "资质到期日", "备注"]
DIRECTORY = [
    [MINXING, "常规供应商", "办公用品", "", "陈经理", "0591-87654321", "2026-12-31", "月结30天"],
    [HAITONG, "战略供应商", "物流", "", "李经理", "13800138000", "2026-12-31", ""],
    [ANXIN, "备用供应商", "保洁服务", "", "黄主管", "13900139000", "2026-12-31", ""],
    [HONGYUAN, "常规供应商", "IT设备", "", "吴经理", "13700137000", "2026-12-31", ""],
    [HENGDA, "常规供应商", "包装材料", "", "郑经理", "13600136000", "2026-12-31", ""],
    [XINYUAN, "常规供应商", "五金", "", "林经理", "13500135000", "2026-12-31", ""],
]

# Header variants users type: "(30分)" hints, full-width brackets.
EVALUATION_HEADER = ["评估季度", "供应商名称", "产品质量(30分)", "交付及时性（25分）", "服务态度(20)", "价格合理性(15)",
                     "问题解决能力(10分)", "总分", "评估人", "评估日期", "备注"]


def ev(quarter, supplier, q, d, s, p, v, who, total="", date="", note=""):
    return [quarter, supplier, q, d, s, p, v, total, who, date, note]


Q1 = [
    # 闽星: 27+22+18+13+9 = 89, 26+23+17+12+9 = 87 → 88
    ev("2024Q1", MINXING, 27, 22, 18, 13, 9, "采购部-林工", 89),
    ev("2024-Q1", MINXING, 26, 23, 17, 12, 9, "行政部-王工"),
    # 海通: 24+20+16+12+8 = 80 → 80 (not below)
    ev("2024年第1季度", HAITONG, 24, 20, 16, 12, 8, "采购部-林工"),
    # 安信: 25+21+17+13+8 = 84 → 84
    ev("2024年Q1", ANXIN, 25, 21, 17, 13, 8, "采购部-林工"),
    # 宏远: 24+19+16+12+8 = 79 → 79 (below)
    ev("2024Q1", HONGYUAN, 24, 19, 16, 12, 8, "采购部-林工"),
    # 恒达: 22+18+15+11+7 = 73, 23+19+16+12+7 = 77 → 75 (below)
    ev("2024Q1", HENGDA, 22, 18, 15, 11, 7, "采购部-林工"),
    ev("2024Q1", HENGDA, 23, 19, 16, 12, 7, "行政部-王工"),
]
Q2 = [
    # 闽星: 91, 88, 94 → 91; quality (28+27+28)/3 = 27.67, delivery 23, service 18,
    # price (13+13+14)/3 = 13.33, solving 9
    ev("2024Q2", MINXING, 28, 23, 18, 13, 9, "采购部-林工"),
    ev("2024Q2", MINXING, 27, 22, 17, 13, 9, "行政部-王工"),
    ev("2024Q2", MINXING, 28, 24, 19, 14, 9, "财务部-陈工"),
    # 海通: 25+21+17+12+8 = 83, 24+20+16+12+8 = 80 → 81.5
    ev("2024Q2", HAITONG, 25, 21, 17, 12, 8, "采购部-林工"),
    ev("2024Q2", HAITONG, 24, 20, 16, 12, 8, "行政部-王工"),
    # 安信: 26+20+17+12+7 = 82, 25+20+16+12+8 = 81 → 81.5 (tie with 海通)
    ev("2024Q2", ANXIN, 26, 20, 17, 12, 7, "采购部-林工"),
    ev("2024Q2", ANXIN, 25, 20, 16, 12, 8, "行政部-王工"),
    # 宏远: 80 and 80 → exactly 80, not below. The second row has no evaluator: an error in a
    # column that does not decide the score, so the row still counts (2 evaluations).
    ev("2024Q2", HONGYUAN, 24, 20, 16, 12, 8, "采购部-林工"),
    ev("2024Q2", HONGYUAN, 23, 21, 16, 12, 8, ""),
    # 恒达: 22+17.5+15+11+8 = 73.5, 23+18+15+12+8 = 76 → 74.75 (below the second quarter running)
    ev("2024Q2", HENGDA, 22, 17.5, 15, 11, 8, "采购部-林工"),
    ev("2024Q2", HENGDA, 23, 18, 15, 12, 8, "行政部-王工"),
    # 新源: 24+19.99+16+12+8 = 79.99 → below (first quarter evaluated)
    ev("2024Q2", XINYUAN, 24, 19.99, 16, 12, 8, "采购部-林工"),
    # Three rows left out: a score above its maximum, a score that is not a number, a supplier
    # missing from the directory.
    ev("2024Q2", MINXING, 35, 25, 20, 15, 10, "总经办-赵总"),
    ev("2024Q2", HAITONG, 20, "优秀", 15, 10, 8, "总经办-赵总"),
    ev("2024Q2", "未登记的公司", 20, 20, 15, 10, 8, "总经办-赵总"),
]
EXCLUDED_ROWS = 3

# Expected ranking of 2024Q2: (rank, supplier, category, evaluations, score, change, below,
# consecutive_below, action). Ties listed by name: 厦 (U+53A6) before 福 (U+798F).
EXPECTED_Q2 = [
    (1, MINXING, "常规供应商", 3, 91.0, 3.0, False, 0, "keep"),        # 91 − 88
    (2, HAITONG, "战略供应商", 2, 81.5, 1.5, False, 0, "keep"),        # 81.5 − 80
    (2, ANXIN, "备用供应商", 2, 81.5, -2.5, False, 0, "keep"),         # 81.5 − 84
    (4, HONGYUAN, "常规供应商", 2, 80.0, 1.0, False, 0, "keep"),       # 80 − 79
    (5, XINYUAN, "常规供应商", 1, 79.99, None, True, 1, "notice"),     # no 2024Q1
    (6, HENGDA, "常规供应商", 2, 74.75, -0.25, True, 2, "remove"),    # 74.75 − 75
]
EXPECTED_Q1 = [
    (1, MINXING, 88.0, False, 0),
    (2, ANXIN, 84.0, False, 0),
    (3, HAITONG, 80.0, False, 0),
    (4, HONGYUAN, 79.0, True, 1),
    (5, HENGDA, 75.0, True, 1),
]
MINXING_Q2_DIMENSIONS = {"quality": 27.67, "delivery": 23.0, "service": 18.0, "price": 13.33, "solving": 9.0}


write = write_book      # the one workbook writer of the tests (helpers.write_book)


def directory_sheet() -> list[list]:
    return [["供应商名录"], DIRECTORY_HEADER, *DIRECTORY]


def evaluation_sheet(rows: list[list], header: list[str] = EVALUATION_HEADER) -> list[list]:
    return [["供应商评估表"], header, *rows]


def realistic_book(path: Path) -> Path:
    """Directory and both quarters in one workbook."""
    return write(path, {"供应商名录": directory_sheet(), "供应商评估表": evaluation_sheet(Q1 + Q2)})


def split_books(folder: Path) -> tuple[Path, Path]:
    """The same data in two workbooks: the directory and 2024Q1 in one, 2024Q2 in the other
    (the 2024Q2 file has a directory too, so the same rows are left out)."""
    folder.mkdir(parents=True, exist_ok=True)
    a = write(folder / "2024Q1-采购部.xlsx", {"供应商名录": directory_sheet(), "评估": evaluation_sheet(Q1)})
    b = write(folder / "2024Q2-采购部.xlsx", {"名录": directory_sheet(), "评估": evaluation_sheet(Q2)})
    return a, b
