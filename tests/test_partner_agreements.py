"""合作协议登记表 (tables-2.md, issue 15) through the command line: the checklists 资质审核 /
协议条款 / 需求说明书要素 with their bracketed aliases (CX120), the conditions of the acceptance
round (CX121), the ≥ orders (CX118), the 修改期限 Late line (owner 合作伙伴) around the 2024 May Day
holiday and its 调休 Saturday, and the template sheet found as this table only."""
from __future__ import annotations

import json

import pytest

from collab_xl.catalog import TABLES

TODAY = "2024-06-05"
T = TABLES["partner_agreements"]


@pytest.fixture(autouse=True)
def isolated(no_user_config):
    """No collab-xl.toml of the machine running the tests gets in."""


def row(**values) -> dict:
    return {**T.clean, **values}


def run(tmp_path, write_book, table_rows, cli, rows, command="validate", lang="zh"):
    book = write_book(tmp_path / "协议.xlsx", {"合作协议": table_rows("partner_agreements", rows)})
    code, out, err = cli(command, book, "--today", TODAY, "--format", "json", "--lang", lang)
    assert code in (0, 1), err
    return json.loads(out)


def of(doc, code):
    return [(f["cell"], f["message"]) for f in doc["findings"] if f["code"] == code]


# -- CX120: checklists with bracketed aliases (P-01, P-02, P-05) -------------------------------------

def test_checklists_accept_aliases_and_list_what_is_missing(tmp_path, write_book, table_rows, cli):
    rows = [
        # 案例 and 口碑 are the aliases of 行业案例 and 合作口碑; extra parts are fine
        row(资质审核="营业执照,过往案例(3个),口碑良好;税务登记"),
        row(资质审核="营业执照、行业案例"),                                       # 合作口碑 missing
        row(协议条款="合作范围;权责划分;费用结算(签约付50%);保密条款;违约责任"),   # 知识产权 missing
        row(需求说明书要素="目标+受众+风格(简约)+交付标准"),                       # 风格 = 风格要求
        row(需求说明书要素="目标、受众"),
        row(需求说明书要素=""),                                                    # optional column
    ]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert of(doc, "CX120") == [
        ("C4", "「资质审核」缺少必备要素:合作口碑"),
        ("F5", "「协议条款」缺少必备要素:知识产权"),
        ("G7", "「需求说明书要素」缺少必备要素:风格要求、交付标准"),
    ]
    assert {f["code"] for f in doc["findings"]} == {"CX120"}


def test_agreement_terms_in_the_words_contracts_use(tmp_path, write_book, table_rows, cli):
    """保密协议 / 保密义务 are the 保密条款, 违约条款 / 违约金 the 违约责任 (before: CX120 listed both)."""
    rows = [row(协议条款="合作范围、权责划分、费用结算、保密协议、违约条款、知识产权归属"),
            row(协议条款="合作范围、权责划分、费用结算、保密义务、违约金、知识产权"),
            row(协议条款="合作范围、权责划分、费用结算、知识产权")]                           # still missing
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert of(doc, "CX120") == [("F5", "「协议条款」缺少必备要素:保密条款、违约责任")]


def test_acceptance_typed_as_in_the_client_register(tmp_path, write_book, table_rows, cli):
    """不通过 (the word of 客户项目跟进) is a look-alike of 不合格 (CX105): the revision is still required
    (CX121) and followed in the late view (before: CX104, and the revision never due)."""
    rows = [row(验收结果="不通过", 修改要求="重印", 修改期限="2024-06-04", 确认书签署日期=""),
            row(验收结果="不通过", 修改要求="", 修改期限="", 确认书签署日期="")]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert sorted((f["cell"], f["code"]) for f in doc["findings"]) == [
        ("I3", "CX105"), ("I4", "CX105"), ("J4", "CX121"), ("K4", "CX121")]
    late = run(tmp_path, write_book, table_rows, cli, rows, command="late")
    assert [(i["row"], i["due"], i["status"]) for i in late["items"]] == [(3, "2024-06-04", "overdue")]


# -- CX121 / CX118: the acceptance round (P-09) ------------------------------------------------------

def test_a_failed_round_needs_changes_and_a_deadline_a_passed_one_the_confirmation(
        tmp_path, write_book, table_rows, cli):
    rows = [
        row(验收结果="不合格", 修改要求="", 修改期限="", 确认书签署日期=""),
        row(验收结果="不合格", 修改要求="色差重印", 修改期限="2024-06-10", 确认书签署日期=""),
        row(验收结果="合格", 确认书签署日期=""),
        row(验收结果="", 验收日期="", 确认书签署日期=""),                  # not accepted yet: nothing asked
    ]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert [c for c, _ in of(doc, "CX121")] == ["J3", "K3", "L5"]
    assert {f["code"] for f in doc["findings"]} == {"CX121"}


def test_dates_in_order(tmp_path, write_book, table_rows, cli):
    rows = [
        row(签订日期="2024-05-06", 验收日期="2024-05-05"),                   # accepted before signing
        row(验收结果="不合格", 修改要求="重印", 验收日期="2024-05-31", 修改期限="2024-05-30", 确认书签署日期=""),
        row(验收结果="不合格", 修改要求="重印", 验收日期="2024-05-31", 修改期限="2024-05-31", 确认书签署日期=""),
    ]
    doc = run(tmp_path, write_book, table_rows, cli, rows)
    assert [c for c, _ in of(doc, "CX118")] == ["H3", "K4"]


def test_a_confirmation_signed_after_today_is_a_future_completion(tmp_path, write_book, table_rows, cli):
    doc = run(tmp_path, write_book, table_rows, cli, [row(确认书签署日期="2024-06-20")])
    assert [c for c, _ in of(doc, "CX231")] == ["L3"]


# -- the Late line: due = 修改期限, done = 确认书签署日期, on 不合格 rows (P-09) --------------------------

def failed(due, done="", partner="A广告公司"):
    return row(合作伙伴=partner, 验收结果="不合格", 验收日期="2024-04-26", 修改要求="重印", 修改期限=due,
               确认书签署日期=done)


def test_revisions_late_and_overdue_on_the_mainland_calendar(tmp_path, write_book, table_rows, cli):
    rows = [
        failed("2024-04-30", "2024-05-06", "甲"),     # May Day 05-01…05 off: 6 days, 1 working day late
        failed("2024-05-10", "2024-05-13", "乙"),     # Sat 05-11 is a 调休 working day: 2 working days late
        failed("2024-05-10", "2024-05-10", "丙"),     # on time
        failed("2024-06-04", "", "丁"),                # overdue on 06-05
        failed("2024-06-20", "", "戊"),                # not due yet
        row(合作伙伴="己", 修改期限="2024-05-01"),      # a 合格 row: its 修改期限 is no deadline (P-09)
    ]
    doc = run(tmp_path, write_book, table_rows, cli, rows, command="late")
    items = [(i["row"], i["owner"], i["item"], i["status"], i["days_late"], i["workdays_late"], i["line"])
             for i in doc["items"] if i["table"] == "partner_agreements"]
    assert sorted(items) == [
        (3, "甲", "修改:新品宣传推广 / 甲", "late", 6, 1, "revision"),
        (4, "乙", "修改:新品宣传推广 / 乙", "late", 3, 2, "revision"),
        (6, "丁", "修改:新品宣传推广 / 丁", "overdue", 1, 1, "revision"),
    ]


def test_revision_line_in_english(tmp_path, write_book, table_rows, cli):
    doc = run(tmp_path, write_book, table_rows, cli, [failed("2024-06-04")], command="late", lang="en")
    (item,) = doc["items"]
    assert item["item"].startswith("revision") and item["owner"] == "A广告公司" and item["status"] == "overdue"


# -- recognition -------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["partner_agreements", "partner_payments", "partner_progress"])
def test_each_partner_template_sheet_is_found_as_its_own_table_only(cli, tmp_path, key):
    """合作协议, 合作付款 and 表4 share 合作项目 / 合作伙伴: each template sheet is its own table."""
    path = tmp_path / f"{key}.xlsx"
    code, _, err = cli("new", "--table", key, "--out", path)
    assert code == 0, err
    code, out, err = cli("validate", path, "--format", "json", "--today", TODAY)
    assert code == 0, err
    assert [t["table"] for t in json.loads(out)["tables"]] == [key]
