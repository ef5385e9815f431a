"""Sheet names collab-xl makes (整改通知书-<supplier>, a template's sheet …) are names Excel
accepts, whatever the text they are made from: core.output.unique_sheet_name, and through it
``collab-xl rank`` on suppliers whose names hold control characters, emoji, brackets."""
from __future__ import annotations

import unicodedata
import zipfile

import openpyxl

import rank_workbooks as W
import xmlread
from collab_xl.core.output import unique_sheet_name

TODAY = ["--today", W.TODAY.isoformat()]
NOTICE = "整改通知书-"


def units(name: str) -> int:
    """Length as Excel counts it: UTF-16 code units."""
    return len(name.encode("utf-16-le")) // 2


def assert_valid(names: list[str]) -> None:
    """Excel's rules for sheet names, checked one by one."""
    for n in names:
        assert n and units(n) <= 31, n
        assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in n), repr(n)
        assert not set(n) & set("[]:*?/\\"), n
        assert not n.startswith("'") and not n.endswith("'"), n
        assert n.casefold() != "history", n
    assert len({n.casefold() for n in names}) == len(names), names


# -- unique_sheet_name -----------------------------------------------------------------------
def test_control_characters_are_dropped_and_line_breaks_become_a_space():
    assert unique_sheet_name("甲\x01公司", set()) == "甲公司"
    assert unique_sheet_name("乙\x1f公\x7f司\x9f", set()) == "乙公司"
    assert unique_sheet_name("丙\t公司\r\n\n分部", set()) == "丙 公司 分部"
    assert unique_sheet_name("丁\ufffe\uffff公司", set()) == "丁公司"
    assert unique_sheet_name("\x00", set()) == "_"
    assert unique_sheet_name("", set()) == "_"
    assert unique_sheet_name(" '' ", set()) == "_"
    assert unique_sheet_name("\t'戊'\n", set()) == "戊"


def test_names_differing_only_in_a_control_character_are_told_apart():
    assert unique_sheet_name("戊\x01公司", {"戊公司"}) == "戊公司(2)"


def test_history_is_reserved_in_any_case():
    assert unique_sheet_name("History", set()) == "History(2)"
    assert unique_sheet_name("hiSTory", set(), sep=" ") == "hiSTory (2)"
    assert unique_sheet_name("History", {"history(2)"}) == "History(3)"


def test_unique_ignoring_case_and_width():
    assert unique_sheet_name("abc", {"ABC"}) == "abc(2)"
    assert unique_sheet_name("abc", {"ＡＢＣ"}) == "abc(2)"
    assert unique_sheet_name("Äpfel", {"äPFEL", "äpfel(2)"}) == "Äpfel(3)"


def test_at_most_31_utf16_units_and_no_split_surrogate_pair():
    assert unique_sheet_name("😀" * 20, set()) == "😀" * 15                  # 30 units: a 16th would be 32
    assert unique_sheet_name("a" + "😀" * 20, set()) == "a" + "😀" * 15       # 31
    assert unique_sheet_name("ab" + "𠮷" * 20, set()) == "ab" + "𠮷" * 14     # 30: the 15th would end at 32
    assert unique_sheet_name("ab" + "𠮷" * 20, {"ab" + "𠮷" * 14}) == "ab" + "𠮷" * 13 + "(2)"   # 28 + 3
    for base in ["😀" * 40, "x" + "😀" * 40, "长" * 29 + "😀😀", "整改通知书-" + "𠮷" * 30]:
        for taken in [set(), {unique_sheet_name(base, set())}]:
            name = unique_sheet_name(base, taken)
            assert units(name) <= 31 and name.encode("utf-16-le").decode("utf-16-le") == name


def test_no_apostrophe_left_at_the_end_after_cutting():
    assert unique_sheet_name("a" * 30 + "'b", set()) == "a" * 30
    assert unique_sheet_name("a" * 27 + "'bcd", {"a" * 27 + "'bcd"}) == "a" * 27 + "(2)"


def test_many_hostile_names_are_all_valid_and_distinct():
    taken: set[str] = {"Sheet1"}
    for base in ["a\x01", "A", "a", "History", "[a]", "'a'", "a\t", "😀" * 31, "😀" * 31 + "x", "", "\x02", "_"]:
        name = unique_sheet_name(base, taken)
        assert name not in taken
        taken.add(name)
    assert_valid(sorted(taken))


# -- through collab-xl rank ------------------------------------------------------------------
def hostile_book(path, write_book):
    """Ten suppliers below 80, named as users and exports name them: control characters (\\x01
    stored as Excel stores it, _x0001_), a tab, a line break, brackets, apostrophes, emoji and
    CJK extension B characters past the length limit, names equal but for case or a control
    character."""
    names = ["甲<01>公司", "乙<1F>公司\n分部", "丙" * 24 + "😀尾", "𠮷" * 13, "'丁'", "戊<01>公司", "戊公司",
             "Abc", "ABC", "己\t[总部]"]
    rows = [W.ev("2024Q2", n, 20, 20, 15, 10, 5, "王") for n in names]      # 70 points each
    p = write_book(path, {"评估": W.evaluation_sheet(rows)})
    tmp = p.with_suffix(".tmp")
    with zipfile.ZipFile(p) as zi, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b"&lt;01&gt;", b"_x0001_").replace(b"&lt;1F&gt;", b"_x001F_")
            zo.writestr(info, data)
    tmp.replace(p)
    return p


def test_rank_writes_notices_for_hostile_supplier_names(cli, tmp_path, write_book):
    book = hostile_book(tmp_path / "供应商.xlsx", write_book)
    out = tmp_path / "out.xlsx"
    code, _, err = cli("rank", book, *TODAY, "--out", out)
    assert code == 0, err
    names = xmlread.read_book(out).sheets.keys()        # an independent reader opens it
    assert openpyxl.load_workbook(out).sheetnames == list(names)
    notices = sorted(n for n in names if n.startswith(NOTICE))
    assert notices == sorted(NOTICE + n for n in [
        "甲公司",                       # \x01 dropped
        "乙 公司 分部",                  # \x1f and the line break read as spaces
        "丙" * 24,                      # 6 + 24 = 30 units: 😀 (2 more) does not fit
        "𠮷" * 12,                      # 6 + 24 = 30 units
        "'丁",                          # no apostrophe at the end
        "戊公司", "戊公司(2)",            # the same but for \x01
        "ABC", "Abc(2)",                # the same but for case (in ranking order: ABC first)
        "己 _总部_",                     # brackets as "_", the tab as a space
    ])
    assert_valid(list(names))
    # the notices are there to be read: each names its supplier
    wb = openpyxl.load_workbook(out)
    assert wb[NOTICE + "甲公司"]["B4"].value == "甲\ufffd公司"      # the cell shows the odd character
