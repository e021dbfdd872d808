"""The data-mode guess: what it sees in a text's structure, the mode, and the reason it gives."""

import pytest

from gptstudio.engine.text_shape import guess_mode, measure_shape

POEM = "床前明月光，\n疑是地上霜。\n举头望明月，\n低头思故乡。"


def test_pieces_between_percent_lines_are_blocks_and_the_reason_counts_them():
    text = "\n%\n".join(f"题目:《诗{i}》\n{POEM}" for i in range(40)) + "\n"
    guess = guess_mode(text)
    assert guess.mode == "blocks"
    assert str(guess.reason) == ("200 lines in 40 pieces separated by lines such as “%”: one "
                                 "example per piece, so the model learns whole pieces.")


def test_blocks_of_short_lines_between_blank_lines_are_blocks():
    text = "\n\n".join(f"Verse {i}\nthe rain it falls\non roofs and walls" for i in range(30))
    guess = guess_mode(text)
    assert guess.mode == "blocks" and "90 short lines in 30 blocks separated by blank lines" in guess.reason


def test_a_play_with_speakers_is_one_continuous_text():
    speeches = [f"{name}:\nSpeak, speak, I pray you, speak.\nNo more of this." for name in
                ("First Citizen", "All", "MENENIUS", "Second Citizen")] * 10
    guess = guess_mode("\n\n".join(speeches))
    assert guess.mode == "continuous" and "speaker's name" in guess.reason
    assert measure_shape("\n\n".join(speeches)).speaker_share == 1.0


def test_a_list_of_short_lines_is_lines():
    text = "\n".join(f"{a}+{a}={2 * a}" for a in range(60))
    guess = guess_mode(text)
    assert guess.mode == "lines"
    assert str(guess.reason) == ("60 short lines (half of them 8 characters or shorter) with no "
                                 "blank lines between them: a list, so one example per line.")


def test_code_is_continuous_even_with_blank_lines_between_functions():
    function = "def f{i}(x):\n    y = x + {i}\n    return (y, [x])\n"
    text = "\n\n".join(function.format(i=i) for i in range(30))
    guess = guess_mode(text)
    assert guess.mode == "continuous" and "program code" in guess.reason


@pytest.mark.parametrize("text, words", [
    (("A long paragraph of prose that goes on and on. " * 4 + "\n\n") * 30, "Long lines"),
    ("just a few\nlines\n", "Only 2 lines"),
])
def test_prose_and_short_texts_are_continuous(text, words):
    guess = guess_mode(text)
    assert guess.mode == "continuous" and guess.reason.startswith(words)


def test_a_long_text_is_judged_by_its_beginning_and_says_so(monkeypatch):
    from gptstudio.engine import text_shape

    monkeypatch.setattr(text_shape, "SAMPLE_CHARACTERS", 1000)
    text = "\n".join(f"{a}+{a}={2 * a}" for a in range(2000))
    guess = guess_mode(text)
    assert guess.mode == "lines" and guess.reason.startswith("In its first 99")


def test_pieces_with_most_of_the_text_in_one_overlong_piece_are_continuous():
    """A play without separators appended to a few fortunes: one example per piece would learn
    the play's first 256 characters and cut off the rest."""
    fortunes = "\n%\n".join(f"Fortune {i}: a short saying.\n\t\t-- Someone" for i in range(50))
    play = "".join(f"CITIZEN {i}:\nWe are resolved, and speak {i} times.\n\n" for i in range(500))
    guess = guess_mode(fortunes + "\n" + play)
    assert guess.mode == "continuous"
    assert str(guess.reason).startswith("50 pieces, but 9")
    assert "which one example per piece would cut off" in str(guess.reason)
    assert guess_mode(fortunes + "\n").mode == "blocks"  # the fortunes alone stay pieces


def test_one_line_blocks_between_blank_lines_are_blocks():
    """Subtitles with their numbers and timings removed: 700 cues between blank lines, most of them
    one line. The guess said '920 lines with no list or block structure: one continuous text'."""
    cues = [f"Where were you on the {i}th?" if i % 3 else
            f"I was at home.\nAlone, as always, number {i}." for i in range(700)]
    text = "\n\n".join(cues) + "\n"
    guess = guess_mode(text)
    assert guess.mode == "blocks"
    assert str(guess.reason).startswith("934 short lines in 700 blocks separated by blank lines")
    assert "no list or block structure" not in str(guess.reason)
    # Paragraphs of prose between blank lines stay one continuous text, even short ones (60
    # characters, as in the Chinese demo), and a list without blank lines stays lines.
    assert guess_mode(("A long paragraph of prose that goes on and on. " * 4 + "\n\n") * 30).mode == "continuous"
    assert guess_mode("\n\n".join(f"小模型每天写明天的计划。学生喜欢很多字。我的朋友记住了一首诗。我的朋友在山上喜欢一个故事{i}。"
                                    for i in range(50))).mode == "continuous"
    assert guess_mode("\n".join(f"name{i}" for i in range(60))).mode == "lines"
