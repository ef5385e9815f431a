"""collab_xl.core.textwrap_cjk: display widths and line breaks of Chinese and English paragraphs."""
from __future__ import annotations

from collab_xl.core.textwrap_cjk import display_width, wrap


def test_display_width_counts_wide_characters_twice():
    assert display_width("") == 0
    assert display_width("abc") == 3
    assert display_width("整改") == 4
    assert display_width("2024年Q2\uff0c") == 4 + 2 + 2 + 2      # a full-width comma is wide


def test_chinese_breaks_between_characters_not_inside_latin_runs():
    text = "请于2024-06-13前回复。" * 5
    lines = wrap(text, "zh", 20)
    assert "".join(lines) == text
    assert all(l.count("2024") == l.count("2024-06-13") for l in lines)       # never split
    assert all(display_width(l) <= 20 + display_width("。") for l in lines)


def test_closing_punctuation_never_starts_a_line():
    lines = wrap("一二三四五、六七八九十。", "zh", 10)
    assert lines == ["一二三四五、", "六七八九十。"]
    assert wrap("甲乙丙丁戊。", "zh", 10) == ["甲乙丙丁戊。"]


def test_a_short_or_empty_text_is_one_line():
    assert wrap("", "zh", 10) == [""]
    assert wrap("", "en", 10) == [""]
    assert wrap("短句", "zh", 10) == ["短句"]


def test_english_breaks_at_spaces():
    assert wrap("send a written plan by 2024-06-13", "en", 12) == ["send a", "written plan", "by", "2024-06-13"]
