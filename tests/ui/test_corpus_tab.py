"""The Corpus tab on a real widget: statistics arrive off-thread, files are checked, edits debounce."""

from __future__ import annotations

import itertools
import time

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from gptstudio.engine import text_files
from gptstudio.engine.corpus_report import StatsSettings
from gptstudio.engine.data import build_dataset, corpus_stats, text_pieces
from gptstudio.engine.text_files import MAX_CORPUS_BYTES
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.ui.tabs.corpus_stats_text import compute_report
from gptstudio.ui.tabs.corpus_tab import FILL_PIECE, SYNC_READ_BYTES, CorpusTab
from gptstudio.ui.threads import refused, wait_for_pool

STATS_TIMEOUT_MS = 10_000


@pytest.fixture
def tab(qtbot):
    widget = CorpusTab()
    qtbot.addWidget(widget)
    yield widget
    wait_for_pool(30_000)  # no job outlives the test


def set_and_wait(qtbot, tab, text):
    with qtbot.waitSignal(tab.stats_ready, timeout=STATS_TIMEOUT_MS) as blocker:
        tab.set_text(text)
    return blocker.args[0]


def settle(qtbot, tab, **settings):
    """Changes the stats settings and returns the report for them."""
    with qtbot.waitSignal(tab.stats_ready, timeout=STATS_TIMEOUT_MS) as blocker:
        tab.set_stats_settings(**{**StatsSettings().__dict__, **settings})
    return blocker.args[0]


# ---- statistics -------------------------------------------------------------------------------------

def test_char_statistics_match_the_engine(qtbot, tab, tiny_corpus):
    report = set_and_wait(qtbot, tab, tiny_corpus)
    stats = corpus_stats(tiny_corpus)
    assert (report.characters, report.words, report.lines, report.distinct_characters) == (
        stats.characters, stats.words, stats.lines, stats.distinct_characters)
    assert report.lines == 40
    assert report.tokens == len(tiny_corpus)  # one token per character
    assert report.vocab_size == len(set(tiny_corpus)) + 3  # + <pad> <sos> <eos>
    dataset = build_dataset(tiny_corpus, train_tokenizer("char", tiny_corpus), "continuous", 64)
    assert (report.train_tokens, report.val_tokens) == (dataset.train_tokens, dataset.val_tokens)
    assert report.problem is None
    assert f"{len(tiny_corpus):,}" in tab.stats_label.text()
    # A new user read "84 different characters" and "a vocabulary of 87" with nothing between.
    vocabulary = f"a vocabulary of <b>{report.vocab_size}</b> (its start, end and padding markers"
    assert vocabulary in tab.stats_label.text()


def test_word_tokenizer_changes_tokens_and_vocabulary(qtbot, tab, tiny_corpus):
    char = set_and_wait(qtbot, tab, tiny_corpus)
    word = settle(qtbot, tab, tokenizer="word", block_size=8)
    tokenizer = train_tokenizer("word", tiny_corpus)
    assert word.vocab_size == tokenizer.vocab_size != char.vocab_size
    assert word.tokens == len(tokenizer.encode(tiny_corpus)) < char.tokens
    assert "word tokenizer" in tab.stats_label.text()


def test_corpus_too_short_for_the_context_reports_the_minimum(qtbot, tab):
    report = set_and_wait(qtbot, tab, "A short text, far too short.\n")
    assert report.problem is not None and "too short" in report.problem
    minimum = -(-(64 + 2) // 0.1)  # build_dataset: ceil((block_size + 2) / val share)
    assert f"{int(minimum):,}" in report.problem
    assert report.train_tokens == 0 and report.tokens == 29
    assert "Warning" in tab.stats_label.text()


def test_empty_text_reports_a_problem(qtbot, tab):
    report = set_and_wait(qtbot, tab, "")
    assert report.characters == 0 and report.problem and "empty" in report.problem


def test_lines_mode_counts_lines_as_examples(qtbot, tab):
    names = "\n".join(f"name{i}" for i in range(50)) + "\n"
    set_and_wait(qtbot, tab, names)
    report = settle(qtbot, tab, mode="lines")
    assert report.mode == "lines" and report.problem is None
    assert report.train_tokens + report.val_tokens == report.tokens - 50 + 2 * 50  # - "\n" + sos/eos


@pytest.mark.parametrize("kind", ["char", "word", "bpe"])
def test_counting_in_pieces_gives_the_counts_of_the_whole(kind, tiny_corpus):
    text = tiny_corpus + "\n\n  indented\n\nlast line without newline"
    pieces = list(text_pieces(text, size=7))
    assert "".join(pieces) == text and len(pieces) > 5
    settings = StatsSettings(tokenizer=kind, bpe_vocab_size=300, block_size=16)
    report = compute_report(text, settings, piece=7)
    whole = compute_report(text, settings, piece=len(text) + 1)
    assert report == whole
    stats = corpus_stats(text)
    assert (report.words, report.lines, report.distinct_characters) == (
        stats.words, stats.lines, stats.distinct_characters)
    assert report.tokens == len(train_tokenizer(kind, text, 300).encode(text))


def test_a_20_mb_text_opens_and_its_statistics_arrive(qtbot, tab):
    line = "The quick brown fox jumps over the lazy dog; naïve café déjà vu.\n"
    text = line * (20_000_000 // len(line) + 1)
    tab.show()
    # The GUI thread must keep running while the pool thread counts: a 10 ms timer measures it.
    ticks: list[float] = []
    timer = QtCore.QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    start = time.perf_counter()
    generation = tab.counts._generation
    with qtbot.waitSignal(tab.stats_ready, timeout=30_000) as blocker:
        tab.set_text(text)
        # Measured from the moment the pool thread has the text: the GUI's own first layout of
        # 20 MB (about half a second) is not what this checks.
        qtbot.waitUntil(lambda: tab.counts._generation > generation, timeout=5000)
        timer.start()
    timer.stop()
    report = blocker.args[0]
    assert report.characters == len(text) and report.tokens == len(text)
    assert report.lines == text.count("\n") and report.problem is None
    assert time.perf_counter() - start < 15
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert gaps and max(gaps) < 0.5, f"the GUI froze for {max(gaps):.2f} s"


def test_a_result_for_an_older_text_is_dropped(qtbot, tab, tiny_corpus):
    reports = []
    tab.stats_ready.connect(reports.append)
    tab.set_text("first text\n")
    tab.counts._start()  # a job for the first text, then the text changes before it reports
    with qtbot.waitSignal(tab.stats_ready, timeout=STATS_TIMEOUT_MS):
        tab.set_text(tiny_corpus)
    wait_for_pool(10_000)
    qtbot.wait(50)
    assert [r.characters for r in reports] == [len(tiny_corpus)]


# ---- files, demos, drops ----------------------------------------------------------------------------

def test_binary_files_are_refused_and_the_text_is_kept(qtbot, tab, tmp_path, tiny_corpus):
    tab.set_text(tiny_corpus)
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes([7, 0, 200, 13, 0, 0, 99] * 100))
    for path in (png, noise):
        with qtbot.waitSignal(tab.message) as blocker:
            assert not tab.load_file(str(path))
        assert blocker.args[0] == "error" and "not text" in blocker.args[1]
        assert tab.text() == tiny_corpus


def test_a_small_file_that_fails_oddly_is_refused_in_a_sentence_as_a_big_one_is(
        qtbot, tab, tmp_path, tiny_corpus, monkeypatch):
    """Small files were read on the GUI thread with their own error handling, which let a
    MemoryError through (big files, read on the pool, said it in a sentence): one way now."""
    tab.set_text(tiny_corpus)
    path = tmp_path / "notes.txt"
    path.write_text("some notes\n", encoding="utf-8")

    def out_of_memory(path, encoding=None):
        raise MemoryError

    monkeypatch.setattr(text_files, "read_corpus_file", out_of_memory)
    with qtbot.waitSignal(tab.message) as blocker:
        assert not tab.load_file(str(path))
    assert blocker.args == ["error", "notes.txt was not used: the computer ran out of memory reading it."]
    assert tab.text() == tiny_corpus


def test_counts_refused_a_thread_are_not_waited_for(qtbot, tab, monkeypatch):
    """The computer refused the count a thread: the tab says so, and nothing waits for the
    count (the step-time probe waits while one is due)."""
    monkeypatch.setattr(tab._jobs, "start", lambda *args, **kwargs: None)
    tab.set_text("a text\n")
    qtbot.waitUntil(lambda: not tab.is_counting(), timeout=STATS_TIMEOUT_MS)
    assert tab.stats_label.text() == refused() and tab.report is None


def test_empty_file_is_refused(qtbot, tab, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with qtbot.waitSignal(tab.message) as blocker:
        assert not tab.load_file(str(empty))
    assert blocker.args[0] == "error" and "empty" in blocker.args[1]


def test_replacing_text_asks_first_and_no_keeps_it(qtbot, tab, tmp_path, answers):
    tab.set_text("old text\n")
    new = tmp_path / "new.txt"
    new.write_text("nouveau texte\n", encoding="utf-8")
    answers.confirm = False
    assert not tab.load_file(str(new))
    assert tab.text() == "old text\n" and len(answers.asked) == 1 and "new.txt" in answers.asked[0]
    answers.confirm = True
    assert tab.load_file(str(new))
    assert tab.text() == "nouveau texte\n" and len(answers.asked) == 2


def test_opening_into_an_empty_editor_does_not_ask(tab, tmp_path, answers):
    new = tmp_path / "new.md"
    new.write_bytes("# Titre\r\n\r\nHéllo\r\n".encode())
    assert tab.load_file(str(new))
    assert tab.text() == "# Titre\n\nHéllo\n" and answers.asked == []


def test_append_adds_at_the_end_on_a_new_line(tab, tmp_path, answers):
    tab.set_text("first")
    more = tmp_path / "more.txt"
    more.write_text("second\n", encoding="utf-8")
    assert tab.load_file(str(more), append=True)
    assert tab.text() == "first\nsecond\n" and answers.asked == []


def test_undo_after_loading_a_file_restores_the_previous_text(qtbot, tab, tmp_path):
    tab.set_text("the project's text\n")
    assert not tab.editor.document().isUndoAvailable()  # set_text starts a fresh history
    new = tmp_path / "new.txt"
    new.write_text("another text\n", encoding="utf-8")
    assert tab.load_file(str(new))
    assert tab.toolbar.undo_button.isEnabled()
    tab.toolbar.undo_button.click()
    assert tab.text() == "the project's text\n"
    tab.toolbar.redo_button.click()
    assert tab.text() == "another text\n"


def test_ctrl_z_undoes_typing(qtbot, tab):
    tab.set_text("abc")
    tab.editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
    QTest.keyClicks(tab.editor, "def")
    assert tab.text() == "abcdef"
    QTest.keyClick(tab.editor, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert tab.text() == "abc"


def test_open_button_uses_the_file_dialog(tab, tmp_path, answers):
    path = tmp_path / "chosen.txt"
    path.write_text("chosen text\n", encoding="utf-8")
    answers.open_file = str(path)
    tab.toolbar.open_button.click()
    assert tab.text() == "chosen text\n"
    tab.toolbar.append_button.click()
    assert tab.text() == "chosen text\nchosen text\n"


def test_demo_menu_loads_a_demo_after_asking(qtbot, tab, answers):
    demos = pytest.importorskip("gptstudio.demos")
    actions = tab.toolbar.demo_menu.actions()
    assert [a.text() for a in actions] == [d.title for d in demos.DEMOS]
    assert all(a.toolTip() for a in actions)
    tab.set_text("mine\n")
    answers.confirm = False
    actions[0].trigger()
    assert tab.text() == "mine\n" and len(answers.asked) == 1
    answers.confirm = True
    assert tab.load_demo(demos.DEMOS[0].key)
    assert tab.text() == demos.read_demo(demos.DEMOS[0].key)


def drop(widget, path):
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    event = QtGui.QDropEvent(QtCore.QPointF(10, 10), QtCore.Qt.DropAction.CopyAction, mime,
                             QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)
    return event


def test_dropping_a_binary_file_is_refused(qtbot, tab, tmp_path):
    tab.set_text("keep me\n")
    binary = tmp_path / "archive.txt"
    binary.write_bytes(b"PK\x03\x04" + bytes(100))
    with qtbot.waitSignal(tab.message) as blocker:
        event = drop(tab.editor, binary)
    assert event.isAccepted()
    assert blocker.args[0] == "error" and "zip" in blocker.args[1]
    assert tab.text() == "keep me\n"


def test_dropping_a_text_file_replaces_after_asking(tab, tmp_path, answers):
    tab.set_text("old\n")
    path = tmp_path / "dropped.md"
    path.write_text("dropped text\n", encoding="utf-8")
    drop(tab.editor, path)
    assert tab.text() == "dropped text\n" and len(answers.asked) == 1


# ---- big files --------------------------------------------------------------------------------------

def sparse_file(path, size):
    with open(path, "wb") as file:
        file.truncate(size)  # no disk space; reading it would take the memory
    return path


@pytest.mark.parametrize("size, shown", [(200_000_000, "200 MB"),
                                         (MAX_CORPUS_BYTES + 1, "just over 50 MB")])
def test_a_file_over_the_limit_is_refused_at_once_and_changes_nothing(qtbot, tab, tmp_path,
                                                                      answers, size, shown):
    tab.set_text("keep me\n")
    big = sparse_file(tmp_path / "big.txt", size)
    expected = (f"big.txt was not used. This file is {shown}; GPT Studio works with corpora up "
                "to 50 MB. Use a part of it.")
    for act in (lambda: tab.load_file(str(big)), lambda: tab.load_file(str(big), append=True),
                lambda: drop(tab.editor, big)):
        start = time.perf_counter()
        with qtbot.waitSignal(tab.message) as blocker:
            act()
        assert time.perf_counter() - start < 1
        assert blocker.args == ["error", expected]
        assert tab.text() == "keep me\n" and not tab.is_busy()
        assert not tab.editor.document().isUndoAvailable() and answers.asked == []


def test_appending_past_the_limit_is_refused(qtbot, tab, tmp_path, monkeypatch):
    monkeypatch.setattr(text_files, "MAX_CORPUS_BYTES", 1_000_000)
    text = "x" * 599_999 + "\n"
    tab.set_text(text)
    qtbot.waitUntil(lambda: not tab.is_busy())
    more = tmp_path / "more.txt"
    more.write_text("y" * 500_000 + "\n")
    with qtbot.waitSignal(tab.message) as blocker:
        assert not tab.load_file(str(more), append=True)
    assert blocker.args[1] == ("more.txt was not used. With this file appended the text would be "
                               "1.1 MB; GPT Studio works with corpora up to 1.0 MB. Use a part of it.")
    assert tab.text() == text


def multi_mb_text(megabytes):
    line = "Whether 'tis nobler in the mind to suffer — naïve café, déjà vu.\n"
    return line * (megabytes * 1_000_000 // len(line))


def test_a_multi_mb_file_is_read_off_the_gui_thread_and_filled_in_pieces(qtbot, tab, tmp_path,
                                                                         answers):
    text = multi_mb_text(8)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > SYNC_READ_BYTES and len(text) > 4 * FILL_PIECE
    tab.set_text("the project's text\n")
    tab.show()
    ticks: list[float] = []
    timer = QtCore.QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    messages = []
    tab.message.connect(lambda level, message: messages.append((level, message)))
    assert tab.load_file(str(path))  # returns at once: the file is being read
    assert tab.is_busy() and tab.editor.isReadOnly() and not tab.toolbar.open_button.isEnabled()
    assert "Opening big.txt" in tab.stats_label.text()
    assert tab.text() == "the project's text\n" and messages == []
    other = tmp_path / "other.txt"
    other.write_text("other\n")
    assert not tab.load_file(str(other))  # one file at a time
    assert messages.pop() == ("info", "Wait until big.txt is open, then try other.txt again.")
    filling = []
    qtbot.waitUntil(lambda: filling.append(tab._filler.whole is not None) or not tab.is_busy(),
                    timeout=30_000)
    timer.stop()
    assert any(filling) and tab.text() == text and tab.editor.toPlainText() == text
    assert messages == [("info", f"Opened big.txt ({len(text):,} characters).")]
    assert len(answers.asked) == 1 and not tab.editor.isReadOnly() and tab.toolbar.open_button.isEnabled()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 0.5, f"the GUI froze for {max(gaps):.2f} s"
    with qtbot.waitSignal(tab.stats_ready, timeout=30_000) as blocker:
        pass
    assert blocker.args[0].characters == len(text)
    tab.toolbar.undo_button.click()  # the whole file was one step
    assert tab.text() == "the project's text\n"


def test_a_project_opened_while_a_file_is_read_wins(qtbot, tab, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(multi_mb_text(6), encoding="utf-8")
    assert tab.load_file(str(path))
    tab.set_text("another project's text\n")
    assert not tab.is_busy()
    wait_for_pool(30_000)
    qtbot.wait(50)
    assert tab.text() == "another project's text\n" and not tab.is_busy()


def test_a_big_project_text_fills_in_without_an_undo_step(qtbot, tab):
    text = multi_mb_text(3)
    edits = []
    tab.text_edited.connect(lambda: edits.append(1))
    tab.set_text(text)
    assert tab.text() == text and tab.is_busy()  # the whole text, while the editor fills
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=30_000)
    assert tab.editor.toPlainText() == text
    assert not tab.editor.document().isUndoAvailable() and not tab.toolbar.undo_button.isEnabled()
    qtbot.wait(50)
    assert edits == []


@pytest.mark.parametrize("raw, refused, expected", [
    (b"  \n\t\n   \n", "only spaces", None),
    (b"caf\xe9 na\xefve \x81\n" * 30, None, "café naïve \x81\n" * 30),  # Latin-1, not cp1252
    ("\ufeffpremière ligne\r\nsecond\r\n".encode("utf-16-be"), None, "première ligne\nsecond\n"),
    ("\ufeffpremière ligne\r\n".encode("utf-16-le"), None, "première ligne\n"),
])
def test_odd_text_files(qtbot, tab, tmp_path, raw, refused, expected):
    path = tmp_path / "odd.txt"
    path.write_bytes(raw)
    with qtbot.waitSignal(tab.message) as blocker:
        tab.load_file(str(path))
    if refused:
        assert blocker.args[0] == "error" and refused in blocker.args[1] and tab.text() == ""
    else:
        assert blocker.args[0] == "info" and tab.text() == expected


def test_a_single_repeated_character_is_counted_and_named(qtbot, tab):
    report = set_and_wait(qtbot, tab, "a" * 2000)
    assert report.tokens == 2000 and report.vocab_size == 4 and report.train_tokens > 0
    assert "single character ('a') repeated" in report.problem
    assert "single character" in tab.stats_label.text()


# ---- editing ----------------------------------------------------------------------------------------

def test_typing_emits_text_edited_once_after_a_pause(qtbot, tab):
    edits = []
    tab.text_edited.connect(lambda: edits.append(1))
    tab.set_text("")
    qtbot.wait(50)
    assert edits == []  # loading a project's text is not an edit
    with qtbot.waitSignal(tab.text_edited, timeout=3000):
        QTest.keyClicks(tab.editor, "hello world")
    qtbot.wait(900)
    assert edits == [1] and tab.text() == "hello world"


def test_set_text_cancels_a_pending_edit(qtbot, tab):
    edits = []
    tab.text_edited.connect(lambda: edits.append(1))
    QTest.keyClicks(tab.editor, "typed")
    tab.set_text("another project's text")
    qtbot.wait(900)
    assert edits == []


def test_find_bar_selects_matches_and_wraps(qtbot, tab, tiny_corpus):
    tab.set_text(tiny_corpus)
    tab.toolbar.find_button.click()
    assert tab.find_bar.isVisibleTo(tab)
    tab.find_bar.query.setText("question")
    assert tab.find_bar.find_next()
    cursor = tab.editor.textCursor()
    assert cursor.selectedText() == "question"
    assert cursor.selectionStart() == tiny_corpus.index("question")
    second = tiny_corpus.index("question", cursor.selectionEnd())
    assert tab.find_bar.find_next() and tab.editor.textCursor().selectionStart() == second
    assert tab.find_bar.find_previous()
    assert tab.editor.textCursor().selectionStart() == tiny_corpus.index("question")
    tab.find_bar.query.setText("WHETHER")
    tab.find_bar.case.setChecked(True)
    assert not tab.find_bar.find_next() and tab.find_bar.result.text() == "Not found"
    tab.find_bar.case.setChecked(False)
    assert tab.find_bar.find_next()


def replace_bar(qtbot, tab, text, query, replacement):
    """The tab holding `text`, its find bar open to replace `query` with `replacement`."""
    tab.set_text(text)
    qtbot.waitUntil(lambda: not tab.is_busy())
    bar = tab.find_bar
    bar.open_replace()
    bar.query.setText(query)
    bar.replacement.setText(replacement)
    return bar


def test_replace_all_plain_and_regex_is_one_undoable_step(qtbot, tab):
    text = "%\n\x1b[32mTitle\x1b[m\nline one\n%\nline two\n"
    bar = replace_bar(qtbot, tab, text, "line", "verse")
    assert bar.replace_everything() == 2 and "Matches replaced: 2" in bar.result.text()
    assert tab.text() == text.replace("line", "verse")
    tab.editor.undo()
    assert tab.text() == text  # both replacements were one step
    bar.regex.setChecked(True)
    bar.query.setText(r"^%$\n?")  # the separator lines, whole
    bar.replacement.setText("")
    assert bar.replace_everything() == 2
    assert tab.text() == "\x1b[32mTitle\x1b[m\nline one\nline two\n"
    bar.query.setText(r"line (\w+)")
    bar.replacement.setText(r"\1!")
    assert bar.replace_everything() == 2 and tab.text().endswith("one!\ntwo!\n")
    bar.query.setText("(unclosed")
    assert bar.replace_everything() == 0 and "not a valid regular expression" in bar.result.text()


def test_another_projects_text_starts_with_a_fresh_search(qtbot, tab):
    """A new user's next project opened with the subtitles' pattern still filled in and
    "Matches replaced: 700" under it, as if that had been done to the new text."""
    bar = replace_bar(qtbot, tab, "line one\nline two\n", "line", "verse")
    assert bar.replace_everything() == 2
    tab.set_text("another project's text\n")
    assert bar.isHidden()
    assert (bar.query.text(), bar.replacement.text(), bar.result.text()) == ("", "", "")


def test_replace_one_replaces_the_selected_match_and_moves_on(qtbot, tab):
    bar = replace_bar(qtbot, tab, "cat dog cat dog cat\n", "cat", "bird")
    assert bar.replace_one()  # nothing selected yet: finds the first
    assert tab.editor.textCursor().selectedText() == "cat" and tab.text() == "cat dog cat dog cat\n"
    bar.replace_one()
    assert tab.text() == "bird dog cat dog cat\n"
    assert tab.editor.textCursor().selectedText() == "cat"  # the next one, selected
    assert tab.editor.textCursor().selectionStart() == len("bird dog ")


def test_find_handles_characters_beyond_the_basic_plane(qtbot, tab):
    tab.set_text("🙂 smile 🙂 smile\n")
    qtbot.waitUntil(lambda: not tab.is_busy())
    tab.find_bar.query.setText("smile")
    assert tab.find_bar.find_next() and tab.editor.textCursor().selectedText() == "smile"
    assert tab.find_bar.find_next() and tab.editor.textCursor().selectionStart() == len("🙂 smile 🙂 ") + 2


def test_replace_one_sees_what_surrounds_the_match(qtbot, tab):
    tab.set_text("cat catalog cat\n")
    qtbot.waitUntil(lambda: not tab.is_busy())
    bar = tab.find_bar
    bar.regex.setChecked(True)
    bar.query.setText(r"\bcat\b")  # the word, not the start of "catalog"
    bar.replacement.setText("dog")
    bar.replace_one()  # finds the first
    bar.replace_one()
    bar.replace_one()
    assert tab.text() == "dog catalog dog\n"


def test_positions_between_characters_and_the_document():
    from gptstudio.ui.tabs.find_replace import Positions

    text = "a🙂b🙂🙂c"
    places = Positions(text)
    assert [places.document(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    assert [places.character(p) for p in (0, 1, 3, 4, 6, 8, 9)] == list(range(len(text) + 1))
    plain = Positions("just ascii")
    assert plain.document(5) == 5 and plain.character(5) == 5


def test_find_and_replace_logic_without_qt():
    from gptstudio.ui.tabs.find_replace import Query, compile_query, next_match, replace_all

    pattern = compile_query(Query("a", regex=False, match_case=False))
    assert replace_all("AaBa", pattern, "x", False) == ("xxBx", 3)
    assert replace_all("abc", compile_query(Query("x*", regex=True)), "-", True) == ("abc", 0)
    assert next_match("a.a.a", compile_query(Query(".")), 2, backward=False).start() == 3
    assert next_match("a.a.a", compile_query(Query(".")), 4, backward=True).start() == 3
    assert next_match("a.a.a", compile_query(Query(".")), 4, backward=False).start() == 1  # wraps
    assert isinstance(compile_query(Query("(", regex=True)), str)


def test_ctrl_f_opens_and_escape_hides_the_find_bar(qtbot, tab):
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    tab.editor.setFocus()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is tab.editor)
    QTest.keyClick(tab.editor, QtCore.Qt.Key.Key_F, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert tab.find_bar.isVisible() and tab.find_bar.query.hasFocus()
    QTest.keyClick(tab.find_bar.query, QtCore.Qt.Key.Key_Escape)
    assert not tab.find_bar.isVisible()


def test_trained_notice_shows_and_hides(tab):
    tab.set_trained_notice("The model was trained on a different text.")
    assert tab.notice.isVisibleTo(tab) and "different" in tab.notice_text()
    tab.set_trained_notice(None)
    assert not tab.notice.isVisibleTo(tab) and tab.notice_text() == ""


def test_every_control_has_a_tooltip(tab):
    controls = tab.findChildren(QtWidgets.QAbstractButton) + tab.findChildren(QtWidgets.QLineEdit)
    assert controls and all(c.toolTip() for c in controls)


# ---- where the text came from, and where the view is -------------------------------------------

def source_shown(tab) -> str:
    """The source bar's words, "" when it is hidden."""
    return tab.source_bar.label.text() if tab.source_bar.isVisibleTo(tab) else ""


def test_the_source_bar_follows_open_append_undo_redo_a_demo_and_edits(qtbot, tab, tmp_path,
                                                                      answers):
    first, second, more = (tmp_path / name for name in ("first.txt", "second.txt", "more.txt"))
    for path in (first, second, more):
        path.write_text(f"the text of {path.name}\n" * 3, encoding="utf-8")
    tab.set_text("the project's text\n")
    assert source_shown(tab) == ""
    assert tab.load_file(str(first))
    assert "first.txt was read as" in source_shown(tab) and tab.source_bar.encoding.isVisibleTo(tab)
    assert tab.load_file(str(second))
    assert "second.txt was read as" in source_shown(tab)
    tab.toolbar.undo_button.click()  # the text is first.txt's again, and the bar says so
    assert tab.text() == first.read_text() and "first.txt was read as" in source_shown(tab)
    tab.toolbar.redo_button.click()
    assert "second.txt was read as" in source_shown(tab)
    assert tab.load_file(str(more), append=True)
    assert "second.txt, with more.txt appended" in source_shown(tab)
    assert not tab.source_bar.encoding.isVisibleTo(tab)  # read again, it would drop more.txt
    tab.editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
    QTest.keyClicks(tab.editor, "typed")  # an edit: the text still came from these files
    assert "second.txt, with more.txt appended" in source_shown(tab)
    tab.editor.undo()
    tab.editor.undo()  # the typing, then the append
    assert "second.txt was read as" in source_shown(tab)
    assert tab.load_demo("names")  # the demo text comes from no file of the user's
    assert source_shown(tab) == ""
    tab.toolbar.undo_button.click()
    assert "second.txt was read as" in source_shown(tab)
    tab.editor.selectAll()
    QTest.keyClick(tab.editor, QtCore.Qt.Key.Key_Delete)  # nothing left of any file
    assert source_shown(tab) == ""
    QTest.keyClicks(tab.editor, "my own words")  # typed into the emptied editor: from no file
    assert source_shown(tab) == ""
    while tab.text() != second.read_text():
        tab.editor.undo()
    assert "second.txt was read as" in source_shown(tab)
    tab.find_bar.open_replace()
    tab.find_bar.query.setText("text")
    tab.find_bar.replacement.setText("words")
    assert tab.find_bar.replace_everything() == 3  # an edit over the whole text: still that file's
    assert "second.txt was read as" in source_shown(tab)


def test_appending_to_typed_text_names_the_appended_file(tab, tmp_path):
    more = tmp_path / "more.txt"
    more.write_text("more\n", encoding="utf-8")
    tab.set_text("typed\n")
    assert tab.load_file(str(more), append=True)
    assert "more.txt appended at the end of the text" in source_shown(tab)
    tab.editor.undo()
    assert source_shown(tab) == ""


def test_an_opened_file_shows_its_beginning_and_an_appended_one_where_it_starts(qtbot, tab,
                                                                                tmp_path):
    tab.resize(600, 400)
    tab.show()
    lines = [f"line {i} of the old text" for i in range(3000)]
    tab.set_text("\n".join(lines) + "\n")
    qtbot.waitUntil(lambda: not tab.is_busy())
    bar = tab.editor.verticalScrollBar()
    tab.editor.setTextCursor(tab.editor.cursorForPosition(QtCore.QPoint(0, 0)))
    bar.setValue(1300)  # the user has read down to line 1,300
    new = tmp_path / "new.txt"
    new.write_text("".join(f"line {i} of the new file\n" for i in range(3000)), encoding="utf-8")
    assert tab.load_file(str(new))
    assert bar.value() == 0 and tab.editor.textCursor().position() == 0
    assert tab.editor.firstVisibleBlock().text() == "line 0 of the new file"
    more = tmp_path / "more.txt"
    more.write_text("the first line appended\nand another\n", encoding="utf-8")
    assert tab.load_file(str(more), append=True)
    cursor = tab.editor.textCursor()
    assert cursor.block().text() == "the first line appended" and cursor.positionInBlock() == 0
    shown = tab.editor.cursorRect()  # scrolled down to it
    assert bar.value() > 0 and 0 <= shown.top() and shown.bottom() <= tab.editor.viewport().height()


def test_chinese_text_is_counted_in_characters_not_words(qtbot, tab):
    chinese = "春眠不觉晓，处处闻啼鸟。\n夜来风雨声，花落知多少。\n" * 30
    report = set_and_wait(qtbot, tab, chinese)
    assert not report.spaced
    shown = tab.stats_label.text()
    assert f"<b>{len(chinese):,}</b> characters" in shown and "words" not in shown
    report = set_and_wait(qtbot, tab, "Some English, with a few words 中文 in it.\n" * 30)
    assert report.spaced and f"<b>{report.words:,}</b> words" in tab.stats_label.text()


def test_appending_a_long_text_to_pieces_says_most_of_it_is_not_learnt(qtbot, tab, tmp_path):
    """A play without separators appended to a few fortunes is one piece, cut at the context: the
    notes say how much is not learnt, where, and offer continuous text (which learns all of it);
    the text is no longer called small."""
    fortunes = "\n%\n".join(f"Fortune {i}: a short saying.\n\t\t-- Someone {i}" for i in range(50))
    set_and_wait(qtbot, tab, fortunes + "\n")
    settle(qtbot, tab, mode="blocks", block_size=256)
    note = tab.shape_note.label.text()
    assert "This text is small" in note and "not learnt" not in note
    settle(qtbot, tab, mode="blocks", block_size=16)  # every piece cut: no one piece to blame
    note = tab.shape_note.label.text()
    assert "Most of the text is not learnt" in note and "One continuous text learns all" in note
    assert "Most of it is one example" not in note
    settle(qtbot, tab, mode="blocks", block_size=256)
    play = tmp_path / "play.txt"
    play.write_text("".join(f"FIRST CITIZEN:\nBefore we proceed any further, hear me {i}.\n\n"
                            for i in range(3000)), encoding="utf-8")
    with qtbot.waitSignal(tab.stats_ready, timeout=STATS_TIMEOUT_MS) as blocker:
        assert tab.load_file(str(play), append=True)
    report = blocker.args[0]
    assert report.cut_tokens * 2 > report.text_tokens
    note = tab.shape_note.label.text()
    assert "<b>Most of the text is not learnt:</b>" in note
    assert f"{report.cut_tokens:,} of its {report.text_tokens:,} tokens (9" in note
    # The play joined the last fortune's piece, which begins with that fortune.
    assert (f"one example of {report.longest_tokens:,} tokens, which begins “Fortune 49: a short "
            "saying.”") in note
    assert "This text is small" not in note
    with qtbot.waitSignal(tab.mode_suggested) as chosen:
        tab.shape_note.use_button.click()
    assert chosen.args == ["continuous"]
    tab.editor.undo()  # the fortunes alone again: the notes follow
    qtbot.waitSignal(tab.stats_ready, timeout=STATS_TIMEOUT_MS).wait()
    assert "not learnt" not in tab.shape_note.label.text()


def test_appending_a_file_that_lands_in_the_checking_part_says_it_is_not_learnt(tab, tmp_path):
    """A new user appended a 1,500-character licence to 96,000 characters: all of it fell in the
    last 10% that continuous text keeps aside for checking, and nothing said so."""
    messages = []
    tab.message.connect(lambda level, message: messages.append(message))
    tab.set_stats_settings("char", 512, "continuous", 64, 0.1)
    tab.set_text("a long text. " * 1_000)
    short = tmp_path / "short.txt"
    short.write_text("a short one\n" * 10, encoding="utf-8")
    assert tab.load_file(str(short), append=True)
    assert "kept aside to check the model" in messages[-1] and "short.txt" in messages[-1]
    long = tmp_path / "long.txt"
    long.write_text("a longer one\n" * 2_000, encoding="utf-8")  # most of it is learnt
    assert tab.load_file(str(long), append=True)
    assert messages[-1].startswith("Appended long.txt") and "kept aside" not in messages[-1]
    assert messages[-1].endswith("characters).")  # no stray space where no note follows
    tab.set_stats_settings("char", 512, "lines", 64, 0.1)  # examples are shuffled: some learnt
    assert tab.load_file(str(short), append=True)
    assert "kept aside" not in messages[-1]


def test_a_message_about_a_step_is_withdrawn_once_the_step_is_undone(qtbot, window, tmp_path):
    """'Appended licence.txt (1,500 characters)' stayed above the editor after Undo had taken
    the file out again. A message said since is left alone."""
    window.project_actions.create_from_demo("names")
    tab, bar = window.corpus_tab, window.message_bar
    qtbot.waitUntil(lambda: not tab.is_busy())
    appended = tmp_path / "licence.txt"
    appended.write_text("Permission is hereby granted.\n" * 50, encoding="utf-8")
    assert tab.load_file(str(appended), append=True)
    assert "Appended licence.txt" in bar.text()
    tab.editor.undo()
    assert not bar.isVisible()
    tab.editor.redo()  # the file is back; its message is not brought back with it
    assert tab.load_file(str(appended), append=True)
    window.show_message("info", "Something else happened.")
    tab.editor.undo()
    assert "Something else happened." in bar.text()


def test_a_file_read_in_the_wrong_encoding_is_offered_its_own_not_a_clean(qtbot, tab, tmp_path):
    """French recipes in Windows-1252, read again as UTF-8 by the user: "2,369 characters that
    are not text … [Clean them]", and cleaning took every accented letter out ("Crpes")."""
    path = tmp_path / "recettes.txt"
    recipe = "Crêpes à la française\n" + "Mix the flour and the milk, then rest for an hour.\n" * 6
    path.write_bytes((recipe * 40).encode("cp1252"))
    assert tab.load_file(str(path))
    assert tab.text().startswith("Crêpes")
    tab.reopen_file(str(path), "utf-8")
    offer = tab.stray_offer
    qtbot.waitUntil(lambda: not offer.isHidden(), timeout=STATS_TIMEOUT_MS)
    assert "could not be read in UTF-8" in offer.label.text()
    assert not offer.recognise_button.isHidden()
    offer.recognise_button.click()
    assert tab.text().startswith("Crêpes à la française")
    assert tab.sources.current.how == "detected"
    qtbot.waitUntil(lambda: offer.isHidden(), timeout=STATS_TIMEOUT_MS)


def test_unreadable_characters_in_a_text_from_no_file_are_offered_the_clean(qtbot, tab):
    set_and_wait(qtbot, tab, "a text pasted with a broken character \ufffd in it\n" * 20)
    offer = tab.stray_offer
    assert not offer.isHidden() and "not text" in offer.label.text()
    assert offer.recognise_button.isHidden()


def test_a_file_read_again_that_fails_oddly_is_refused_in_a_sentence(qtbot, tab, tmp_path,
                                                                     monkeypatch):
    """Reading the text's file again (another encoding, or "Recognise its encoding") had its own
    error handling, which let a MemoryError through (the review): it goes the one way now."""
    from gptstudio.engine import text_files

    path = tmp_path / "notes.txt"
    path.write_text("some notes\n" * 20, encoding="utf-8")
    assert tab.load_file(str(path))

    def out_of_memory(path, encoding=None):
        raise MemoryError

    monkeypatch.setattr(text_files, "read_corpus_file", out_of_memory)
    with qtbot.waitSignal(tab.message) as blocker:
        tab.reopen_file(str(path), "latin-1")
    assert blocker.args == ["error", "notes.txt was not used: the computer ran out of memory reading it."]
    assert tab.text() == "some notes\n" * 20
