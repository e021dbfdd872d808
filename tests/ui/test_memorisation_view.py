"""Passages the model copied from the corpus are marked in the Generate tab's output."""

import pytest

from gptstudio.engine.events import TokenEvent
from gptstudio.engine.memorisation import MIN_COPY_ALPHABETIC, CorpusIndex
from gptstudio.ui.tabs.generate_tab import GenerateTab
from gptstudio.ui.tabs.memorisation import (
    COPIED_COLOUR,
    CopiedMarks,
    CorpusIndexBuilder,
    copied_summary,
)
from gptstudio.ui.threads import wait_for_pool

CORPUS = ("The model learns to predict the next token from the ones before it. "
          "Attention lets every position look back at all earlier positions. ") * 3


def token_events(text, sample_index=0, size=5):
    return [TokenEvent(sample_index=sample_index, index=i // size, token_id=0,
                       text=text[i:i + size], prob=0.5, alternatives=())
            for i in range(0, len(text), size)]


@pytest.fixture
def tab(qtbot):
    widget = GenerateTab()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def marked(view):
    return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()]


def test_summary_sentences():
    assert copied_summary([]) == "Nothing copied word for word: the model wrote this itself."
    assert copied_summary([(0, 48)]) == ("1 passage copied word for word from your text, "
                                         "48 characters long.")
    assert copied_summary([(0, 48), (60, 70), (80, 95)]) == (
        "3 passages copied word for word from your text, the longest 48 characters.")


def test_marks_cover_exactly_the_spans_and_explain_themselves(qtbot):
    from PySide6 import QtWidgets

    view = QtWidgets.QTextEdit()
    qtbot.addWidget(view)
    view.setPlainText("0123456789" * 5)
    marks = CopiedMarks(view)
    marks.show_spans([(30, 45), (2, 14)])
    assert marked(view) == [(2, 14), (30, 45)]
    selection = view.extraSelections()[0]
    assert selection.format.background().color() == COPIED_COLOUR
    assert marks.note_at(2) == marks.note_at(13) == (
        "Copied word for word from your text (12 characters)")
    assert marks.note_at(14) == marks.note_at(1) == marks.note_at(29) == ""
    marks.clear()
    assert marked(view) == [] and marks.note_at(3) == ""


def test_marks_land_on_the_right_characters_after_an_emoji(qtbot):
    """Spans count characters; after 😊 the document counts one more position per emoji."""
    from PySide6 import QtWidgets

    view = QtWidgets.QTextEdit()
    qtbot.addWidget(view)
    text = "😊😊 the model copied this passage"
    view.setPlainText(text)
    marks = CopiedMarks(view)
    start = text.index("copied")
    marks.show_spans([(start, len(text))])
    (selection,) = view.extraSelections()
    assert selection.cursor.selectedText() == "copied this passage"
    assert marks.note_at(selection.cursor.selectionStart()) == (
        "Copied word for word from your text (19 characters)")


def test_the_checkbox_waits_for_an_index(tab):
    assert not tab.mark_copied.isEnabled()
    tab.set_corpus_index(CorpusIndex(CORPUS))
    assert tab.mark_copied.isEnabled()
    assert f"at least {MIN_COPY_ALPHABETIC} characters" in tab.mark_copied.toolTip()


def test_finished_output_marks_what_the_model_copied_but_not_the_prompt(tab):
    index = CorpusIndex(CORPUS)
    tab.set_corpus_index(index)
    tab.mark_copied.setChecked(True)
    tab.prompt.setPlainText("Attention lets every position")  # from the corpus, but typed by the user
    tab.set_available(True)
    tab.begin()
    written = (" look back at all earlier positions, and so on. Then the zebra sang loudly. "
               "The model learns to predict the next token.")
    tab.on_tokens(token_events(written))
    assert marked(tab.output) == [] and tab.copied_label.isHidden()  # nothing while it writes
    tab.finish("Done.")

    prompt_length = len(tab._prompt)
    report = index.copy_report(written)
    expected = [(prompt_length + a, prompt_length + b) for a, b in report.spans]
    assert len(expected) == 2
    assert marked(tab.output) == expected
    text = tab.output.toPlainText()
    assert [text[a:b] for a, b in expected] == ["look back at all earlier positions",
                                                ". The model learns to predict the next token"]
    assert 0.5 < report.share < 1
    assert tab.copied_label.text() == copied_summary(expected, report.share)
    assert tab.copied_label.text().endswith(f"{report.share:.0%} of what the model wrote is copied.")
    assert tab.copied_label.isVisibleTo(tab)

    tab.mark_copied.setChecked(False)
    assert marked(tab.output) == [] and tab.copied_label.isHidden()
    tab.mark_copied.setChecked(True)
    assert marked(tab.output) == expected
    tab.set_corpus_index(None)
    assert marked(tab.output) == [] and not tab.mark_copied.isEnabled()


def test_each_sample_is_checked_on_its_own(tab):
    tab.set_corpus_index(CorpusIndex(CORPUS))
    tab.mark_copied.setChecked(True)
    tab.samples.setValue(2)
    tab.set_available(True)
    tab.begin()
    first, second = "zz the next token from the ones before qq", "nothing from the corpus here at all"
    tab.on_tokens(token_events(first, 0) + token_events(second, 1))
    tab.finish("Done.")
    text = tab.output.toPlainText()
    assert [text[a:b] for a, b in marked(tab.output)] == ["the next token from the ones before"]
    assert tab.copied_label.text().startswith("1 passage")


def test_text_with_nothing_copied_says_so(tab):
    tab.set_corpus_index(CorpusIndex(CORPUS))
    tab.output.setPlainText("A completely new sentence, written by nobody before.")
    tab.mark_copied.setChecked(True)
    assert marked(tab.output) == []
    assert tab.copied_label.text() == copied_summary([])


def test_the_index_is_built_off_the_gui_thread(qtbot, tab):
    builder = CorpusIndexBuilder()
    builder.built.connect(tab.set_corpus_index)
    builder.build("an older corpus")
    with qtbot.waitSignal(builder.built, timeout=30_000) as blocker:
        builder.build(CORPUS)
    wait_for_pool()
    assert blocker.args[0].corpus == CORPUS
    assert tab.mark_copied.isEnabled() and tab._corpus_index.corpus == CORPUS
