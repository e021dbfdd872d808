"""Stray characters: each kind found with its places, a clean copy without them, text kept intact."""

import re

import pytest

from gptstudio.engine.stray_characters import clean_stray, find_stray

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def coloured_poems(n=30):
    """Like the fortune-zh files: a coloured title and author, the poem, a "%" line between."""
    return "%\n".join(f"\x1b[32m题目:《诗{i}》\x1b[m\n\x1b[33m作者:李白\x1b[m\n床前明月光，疑是地上霜。\n"
                      for i in range(n))


def test_colour_codes_are_found_with_their_lines_and_removed():
    text = coloured_poems()
    cleaned, report = clean_stray(text)
    assert cleaned == ANSI.sub("", text)
    assert [k.kind for k in report.kinds] == ["escape"]
    escape = report.kinds[0]
    assert escape.count == 120 and report.removed == len(text) - len(cleaned)
    assert [line for line, _ in escape.places] == [1, 2, 5]  # one place a line, the first three
    assert escape.places[0] == (1, 1)
    assert str(report.describe()) == ("120 terminal colour codes (escape sequences such as ESC[32m) "
                                      "(first on lines 1, 2, 5)")


@pytest.mark.parametrize("dirty, clean, kind", [
    ("bold b\x08bo\x08ol\x08ld\x08d", "bold bold", "backspace"),  # man-page overstrike
    ("under_\x08l_\x08i", "underli", "backspace"),
    ("page one\x0cpage two", "page onepage two", "form_feed"),
    ("nul\x00here", "nulhere", "nul"),
    ("zero\u200bwidth\ufeff\u2060", "zerowidth", "zero_width"),
    ("bad \ufffd byte", "bad  byte", "unreadable"),
    ("bell\x07 and DEL\x7f and C1\x85", "bell and DEL and C1", "control"),
    ("title\x1b]0;window title\x07 and \x1b[2J\x1b[H clear", "title and  clear", "escape"),
])
def test_each_kind_is_named_and_cleaned(dirty, clean, kind):
    cleaned, report = clean_stray(dirty)
    assert cleaned == clean
    assert [k.kind for k in report.kinds] == [kind]


def test_an_escape_left_open_never_eats_the_lines_after_it():
    text = "\x1b]0;title\n" + "line of text\n" * 10 + "\x1b[0mend\n"
    cleaned, report = clean_stray(text)
    assert cleaned == "\n" + "line of text\n" * 10 + "end\n"
    assert clean_stray("bold\x1b(B text\x1b[m")[0] == "bold text"  # tput sgr0's nF escape


def test_what_belongs_to_text_is_kept():
    text = ("tabs\tand\nnew lines, emoji 👨‍👩‍👧 (joined by U+200D), ZWNJ می‌خواهم, CJK 你好, "
            "accents é, Windows line ends\r\n")
    assert clean_stray(text) == (text, find_stray(text))
    assert not find_stray(text).found and find_stray(text).removed == 0
