"""The Tokenizer view colours each token of the corpus and counts the three tokenizers off-thread."""

import pytest
from PySide6 import QtGui

from gptstudio.engine.token_spans import token_spans
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.ui.inspect.tokenizer_view import TOKEN_COLOURS, TokenizerView
from gptstudio.ui.threads import wait_for_pool


@pytest.fixture
def view(qtbot):
    widget = TokenizerView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    yield widget
    wait_for_pool()  # no job outlives its test


def background_at(view, position):
    cursor = QtGui.QTextCursor(view.text.document())
    cursor.setPosition(position + 1)  # the format of the character before the cursor
    return cursor.charFormat().background().color()


def test_each_token_gets_the_other_colour_than_the_one_before(view, qtbot, tiny_corpus):
    view.set_corpus(tiny_corpus, "bpe", 300)
    qtbot.waitUntil(lambda: view.preview is not None, timeout=30_000)
    preview = view.preview
    assert preview.text == tiny_corpus and preview.kind == "bpe"
    assert view.text.toPlainText() == tiny_corpus
    for i, (start, end) in enumerate(preview.spans):
        for position in range(start, end):
            if tiny_corpus[position] == "\n":  # a line end is drawn as ¶, with no background
                continue
            assert background_at(view, position) == TOKEN_COLOURS[i % 2]
    assert "cut by the BPE tokenizer" in view.heading.text()


def test_the_projects_tokenizer_is_used_when_given(view, qtbot, tiny_corpus):
    tokenizer = train_tokenizer("word", tiny_corpus)
    view.set_tokenizer(tokenizer)
    view.set_corpus(tiny_corpus + "x" * 6000, "word", 512)
    qtbot.waitUntil(lambda: view.preview is not None, timeout=30_000)
    assert len(view.preview.text) == 5000  # only the start is shown
    assert list(view.preview.spans) == token_spans(tokenizer, view.preview.text)
    assert list(view.preview.ids) == tokenizer.encode(view.preview.text)
    assert view.heading.text().startswith("The first 5,000 characters")


def test_counts_arrive_from_the_worker_and_match_each_tokenizer(view, qtbot, tiny_corpus):
    view.set_corpus(tiny_corpus, "char", 300)
    assert view.is_counting()
    qtbot.waitUntil(lambda: view.table.item(0, 1).text() == "counting…", timeout=5_000)
    assert view.table_note.text().startswith("Counting")
    qtbot.waitUntil(lambda: not view.is_counting(), timeout=60_000)
    for row, kind in enumerate(["char", "word", "bpe"]):
        tokenizer = train_tokenizer(kind, tiny_corpus, bpe_vocab_size=300)
        assert view.table.item(row, 1).text() == f"{len(tokenizer.encode(tiny_corpus)):,}"
        assert view.table.item(row, 2).text() == f"{tokenizer.vocab_size:,}"
    assert view.table.item(0, 0).text() == "Characters (char) — chosen in Model & Training settings"
    assert view.table.item(0, 0).font().bold() and not view.table.item(2, 0).font().bold()
    assert "Fewer tokens" in view.table_note.text() and "first" not in view.table_note.text()


def test_a_change_of_kind_recolours_without_recounting(view, qtbot, tiny_corpus):
    view.set_corpus(tiny_corpus, "char", 300)
    qtbot.waitUntil(lambda: not view.is_counting() and view.preview is not None, timeout=60_000)
    counts = view.counts
    with qtbot.waitSignal(view.preview_shown, timeout=30_000):
        view.set_corpus(tiny_corpus, "word", 300)
    assert view.preview.kind == "word" and view.counts is counts and not view.is_counting()
    assert view.table.item(1, 0).text().endswith("chosen in Model & Training settings")


def test_a_tokenizer_automatic_chose_is_called_its_choice(view, qtbot, tiny_corpus):
    """A new user's project read 'Characters (char) — your choice': Automatic settings chose it."""
    with qtbot.waitSignal(view.preview_shown, timeout=60_000):
        view.set_corpus(tiny_corpus, "char", 300, chosen_by_automatic=True)
    assert view.table.item(0, 0).text() == "Characters (char) — chosen by Automatic settings"
    assert view.table.item(1, 0).text() == "Words (word)"


def test_only_the_latest_text_is_shown(view, qtbot, tiny_corpus):
    view.set_corpus("an older text", "char", 300)
    view.set_corpus(tiny_corpus, "char", 300)
    qtbot.waitUntil(lambda: not view.is_counting() and view.preview is not None, timeout=60_000)
    assert view.preview.text == tiny_corpus
    assert view.table.item(0, 1).text() == f"{len(tiny_corpus):,}"


def test_an_empty_corpus_says_so(view, qtbot):
    view.set_corpus("", "bpe", 300)
    qtbot.waitUntil(lambda: view.preview is not None and not view.is_counting(), timeout=30_000)
    assert "no text yet" in view.heading.text()
    assert view.table.item(2, 1).text() == "0"


def test_emoji_are_coloured_whole_and_named_in_the_tooltip(view, qtbot):
    """An emoji is one character to Python but two positions in a Qt document: each token must
    still colour exactly its own characters (it used to split 🌸 into two broken halves)."""
    text = "小猫🌸喜欢花😊。" * 30
    view.set_corpus(text, "char", 300)
    qtbot.waitUntil(lambda: view.preview is not None, timeout=30_000)
    assert view.text.toPlainText() == text and "\ufffd" not in view.text.toPlainText()
    document_spans = view.text.spans
    for i, (start, end) in enumerate(document_spans):
        piece = text[view.preview.spans[i][0]:view.preview.spans[i][1]]
        assert end - start == sum(2 if c > "\uffff" else 1 for c in piece)
        for position in range(start, end):
            assert background_at(view, position) == TOKEN_COLOURS[i % 2]
    flower = text.index("🌸")
    assert view.text.token_index_at(document_spans[flower][0] + 1) == flower
