"""What the window says while Automatic settings choose, and of what they chose: a text with no
conversations gets no settings (and the Automatic box says why), the Corpus tab does not judge a new
text against the context that is about to change, and the shape note says who chose the data mode.

Automatic's own rules choose (engine.auto_settings), with step times from a formula instead of
measurements: what matters here is what the window says before, while and after they choose."""

from __future__ import annotations

import threading

from PySide6 import QtGui

# A WhatsApp export: no labels a conversation parser reads ("User:" / "Assistant:").
WHATSAPP = "\n".join(f"12/03/2023, 10:{i % 60:02d} - {'Anna' if i % 2 else 'Ben'}: see you at {i}"
                     for i in range(300)) + "\n"
# Subtitles: 700 cues, each two lines longer than the new project's context of 64 together.
CUES = [f"Where were you on the night of {i}?\nThe lights went out at the station."
        for i in range(700)]
SRT = "\n\n".join(f"{n}\n00:00:{n % 60:02d},000 --> 00:00:{n % 60:02d},900\n{cue}"
                  for n, cue in enumerate(CUES, 1)) + "\n"
TIMEOUT = 60_000


def automatic_by_formula(monkeypatch, gate: threading.Event | None = None) -> list[str]:
    """Automatic's rules on the text, a formula for the step time; gate: the choice waits for it.
    Returns the data modes asked for."""
    from gptstudio.engine.auto_settings import choose_settings, profile_corpus
    from gptstudio.projects import automatic

    asked = []

    def automatic_settings(text, mode, minutes, device="auto", seed=1337, window_open=False):
        asked.append(mode)
        if gate is not None:
            gate.wait(TIMEOUT / 1000)
        return choose_settings(profile_corpus(text, mode), minutes * 60,
                               lambda model, train: 0.001 + model.param_count() * 1e-8)

    monkeypatch.setattr(automatic, "automatic_settings", automatic_settings)
    return asked


def new_project(qtbot, make_window, tmp_path, name, text):
    window = make_window()
    qtbot.waitUntil(lambda: window.torch_ready, timeout=TIMEOUT)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert window.project_actions.create_from_path(path) is not None
    return window


def settled(window) -> bool:
    """Automatic's choice has arrived and the Corpus tab has counted the text with it."""
    tab, panel = window.corpus_tab, window.settings_panel
    return (panel.automatic_step_seconds() is not None and not window.edits.automatic_choosing()
            and not tab.is_counting() and tab.report is not None
            and tab.report.block_size == panel.settings().model.block_size
            and tab.report.mode == panel.settings().data.mode)


def test_conversations_on_a_text_with_none_choose_no_settings_and_say_why(
        qtbot, make_window, tmp_path, monkeypatch):
    """A WhatsApp export switched to Conversations: Automatic chose for a 2-character corpus
    ('does not outgrow 2 characters of text', context 16, '15,582 steps'), and back on lines the
    Corpus tab judged the text against context 16 ('Most of the text is not learnt')."""
    asked = automatic_by_formula(monkeypatch)
    window = new_project(qtbot, make_window, tmp_path, "whatsapp.txt", WHATSAPP)
    panel, tab = window.settings_panel, window.corpus_tab
    assert panel.settings().data.mode == "lines"
    qtbot.waitUntil(lambda: settled(window), timeout=TIMEOUT)
    before = panel.settings()
    assert before.preset == "auto" and before.model.block_size > 16
    panel.set_mode("chat")
    box = panel.automatic_box
    qtbot.waitUntil(lambda: "No conversations could be read" in box.reasons.text(), timeout=TIMEOUT)
    assert asked[-1] == "chat" and "Line 1 starts a conversation without" in box.reasons.text()
    assert not box.small_text.isVisibleTo(panel)  # "This text is small…: 2 characters" no more
    after = panel.settings()
    assert after.data.mode == "chat" and after.preset == "auto"
    assert (after.model, after.train.max_iters) == (before.model, before.train.max_iters)
    qtbot.waitUntil(lambda: not tab.is_counting() and tab.report.mode == "chat", timeout=TIMEOUT)
    # Nothing is coming: the window does not wait for a choice (the Corpus tab would say one is
    # being made for as long as the text stays so).
    qtbot.waitUntil(lambda: not window.edits.automatic_choosing(), timeout=TIMEOUT)
    assert "No conversations could be read" in box.reasons.text()
    panel.set_mode("lines")
    qtbot.waitUntil(lambda: settled(window), timeout=TIMEOUT)
    assert panel.settings().model.block_size == before.model.block_size
    assert "Most of the text is not learnt" not in tab.shape_note.label.text()


def test_the_corpus_tab_waits_for_automatics_context_before_saying_what_it_cuts(
        qtbot, make_window, tmp_path, monkeypatch):
    """A new subtitle project: 'Most examples are cut' for the defaults' context of 64 the project
    was saved with, then a second later, without a word, almost none for Automatic's."""
    gate = threading.Event()
    automatic_by_formula(monkeypatch, gate)
    try:
        window = new_project(qtbot, make_window, tmp_path, "film.srt", "\n\n".join(CUES) + "\n")
        tab, note = window.corpus_tab, window.corpus_tab.shape_note
        qtbot.waitUntil(lambda: tab.report is not None and not tab.is_counting()
                        and window.automatic.is_choosing(), timeout=TIMEOUT)
        assert tab.report.block_size == 64 and tab.report.truncated == 700  # the saved defaults cut them all
        text = note.label.text()
        assert "Automatic settings are being chosen for this text" in text
        assert "longer than the context" not in text and "Most examples are cut" not in text
        assert not note.use_button.isVisibleTo(tab)
        # The small-text note counts the text uncut, not what the context about to change keeps.
        report = tab.report
        assert f"{report.train_tokens + report.cut_tokens:,} characters to learn from" in text
        stats = tab.stats_label.text()  # and the sum below the editor waits too
        assert "cut off" not in stats and "training on" not in stats
        assert (f"One example per block: the 700 blocks hold <b>{report.text_tokens:,}</b> tokens; "
                "what training reads of them is counted once Automatic settings have chosen") in stats
    finally:
        gate.set()
    qtbot.waitUntil(lambda: settled(window), timeout=TIMEOUT)
    text = note.label.text()
    assert "being chosen" not in text and "Most examples are cut" not in text
    assert window.settings_panel.settings().model.block_size > 64
    assert "training on" in tab.stats_label.text()


def test_the_data_note_says_who_chose_the_mode_and_one_line_cues_are_blocks(
        qtbot, make_window, tmp_path, monkeypatch):
    """Subtitles with their timings removed read 'Data: one example per block (chosen in Model &
    Training settings). The text looks like one continuous text: 920 lines with no list or block
    structure': the user never chose the mode, and the text has 700 blocks."""
    automatic_by_formula(monkeypatch)
    window = new_project(qtbot, make_window, tmp_path, "film.srt", SRT)
    tab, note, panel = window.corpus_tab, window.corpus_tab.shape_note, window.settings_panel
    assert window.project.data.mode == "blocks" and window.project.mode_guessed
    qtbot.waitUntil(lambda: settled(window), timeout=TIMEOUT)

    def edit(text):
        cursor = tab.editor.textCursor()
        cursor.select(QtGui.QTextCursor.SelectionType.Document)
        with qtbot.waitSignal(tab.text_edited, timeout=TIMEOUT):
            cursor.insertText(text)  # as typing or pasting does: an edit, saved
        qtbot.waitUntil(lambda: settled(window) and tab.report.characters == len(text), timeout=TIMEOUT)

    one_line_cues = "\n\n".join(cue.split("\n")[0] for cue in CUES) + "\n"
    edit(one_line_cues)
    text = note.label.text()
    assert text.startswith("<b>Data: one example per block.</b> 700 short lines in 700 blocks")
    assert "no list or block structure" not in text
    edit(("A paragraph of prose that goes on and on about the station. " * 3 + "\n\n") * 40)
    text = note.label.text()
    assert ("<b>Data: one example per block</b> (guessed from the text when the project was made; "
            "Model &amp; Training settings change it). The text now looks like one continuous "
            "text") in text
    panel.set_mode("lines")  # the user's choice now
    qtbot.waitUntil(lambda: settled(window), timeout=TIMEOUT)
    assert "(chosen in Model &amp; Training settings)" in note.label.text()
    assert not window.project.mode_guessed
    assert not window.store.open(window.project.name).mode_guessed  # saved so


def test_a_failed_choice_leaves_no_note_saying_one_is_being_made(
        qtbot, make_window, tmp_path, monkeypatch):
    """Automatic failed on a subtitle project (blocks): the notes were redrawn while the chooser
    still counted itself as choosing, and kept "Automatic settings are being chosen…" for good."""
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.messages import Message
    from gptstudio.projects import automatic

    def fails(text, mode, minutes, device="auto", seed=1337, window_open=False):
        raise EngineError(Message("This computer could not time a step."))

    monkeypatch.setattr(automatic, "automatic_settings", fails)
    window = new_project(qtbot, make_window, tmp_path, "film.srt", "\n\n".join(CUES) + "\n")
    tab, box = window.corpus_tab, window.settings_panel.automatic_box
    qtbot.waitUntil(lambda: "could not time a step" in box.reasons.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.edits.automatic_choosing() and not tab.is_counting(),
                    timeout=TIMEOUT)
    assert "being chosen" not in tab.shape_note.label.text()
    assert "once Automatic settings have chosen" not in tab.stats_label.text()
    assert "longer than the context" in tab.shape_note.label.text()  # the defaults' cut, said
