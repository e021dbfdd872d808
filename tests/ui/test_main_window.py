"""The window end to end, offscreen, with real training and generation on the CPU."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6 import QtGui

from gptstudio.engine.errors import DeviceOutOfMemory, Diverged

TRAIN_TIMEOUT_MS = 120_000


def fast_settings(window, max_iters=30, eval_interval=10, **train):
    panel = window.settings_panel
    current = panel.settings()
    data, model, training = current.data, current.model, current.train
    model = replace(model, n_layer=2, n_head=2, n_embd=32, block_size=32)
    training = replace(training, max_iters=max_iters, eval_interval=eval_interval, batch_size=8,
                       eval_iters=2, sample_tokens=40, device="cpu", precision="fp32",
                       warmup_iters=min(5, max_iters), **train)
    panel.set_settings(data, model, training, "custom")
    window.edits.settings_changed()


def wait_until_idle(qtbot, window, timeout=TRAIN_TIMEOUT_MS):
    qtbot.waitUntil(lambda: window.train_tab.run.thread is None and window.train_tab.state == "idle",
                    timeout=timeout)


def wait_for_steps(qtbot, window, steps):
    qtbot.waitUntil(lambda: window.train_tab.last_step >= steps, timeout=TRAIN_TIMEOUT_MS)


def test_start_shows_the_welcome_view_with_demos(window):
    assert window.stack.currentIndex() == 0
    assert window.welcome.demo_buttons
    assert not window.train_action.isEnabled()


def test_new_user_flow_train_generate_close_reopen(qtbot, make_window, answers, tmp_path):
    window = make_window()
    project = window.project_actions.create_from_demo("names")
    assert project is not None and window.stack.currentIndex() == 1
    assert "Made-up names" in window.windowTitle()
    fast_settings(window, max_iters=40, eval_interval=20)
    assert window.train_tab.start_button.isEnabled()

    window.train_tab.start()
    assert window.train_tab.is_training()
    wait_until_idle(qtbot, window)
    train_points, eval_points = window.train_tab.plot.point_counts()
    assert train_points == 40 and eval_points == 2
    assert window.train_tab.sample.toPlainText()
    assert "Training finished" in window.message_bar.text()
    assert window.project.has_trained_model()

    window.generate_tab.prompt.setPlainText("A")
    window.generate_tab.max_tokens.setValue(30)
    window.generate_tab.samples.setValue(3)
    window.generate_tab.random_seed.setChecked(False)
    window.generate_tab.seed.setValue(7)
    assert window.generate_tab.generate_button.isEnabled()
    window.generate_tab.generate_button.click()
    assert window.state_label.text() == "Writing…"  # the status bar said "Ready" while it wrote
    qtbot.waitUntil(lambda: window.generate_runs.thread is None and not window.generate_tab.running,
                    timeout=TRAIN_TIMEOUT_MS)
    assert window.state_label.text() == "Ready"
    output = window.generate_tab.output.toPlainText()
    assert "— sample 3 —" in output
    assert len(output.replace("— sample", "").replace("A", "").strip()) > 3
    assert window.project.saved_samples()
    window.generate_tab.copy_button.click()
    assert QtGui.QGuiApplication.clipboard().text() == output
    answers.save_file = str(tmp_path / "written.txt")
    window.generate_tab.save_button.click()
    assert (tmp_path / "written.txt").read_text(encoding="utf-8") == output
    assert "written.txt" in window.generate_tab.status.text()  # not "Copied" any more

    from gptstudio.engine import model_service

    assert len(model_service.CACHE) >= 1  # the model Generate wrote with
    name = window.project.name
    window.project_actions.close_project()
    assert len(model_service.CACHE) == 0  # its memory goes with the project
    window.project_actions.open_project(name)
    window.resize(window.minimumSizeHint().width() + 10, 610)  # not the default size
    qtbot.wait(50)
    size = (window.width(), window.height())
    window.close()
    again = make_window()
    again.restore_last_project()
    assert again.project is not None and again.project.name == name
    assert again.train_tab.plot.point_counts() == (40, 2)
    assert again.settings_panel.settings().train.max_iters == 40
    assert again.settings_panel.settings().model.n_embd == 32
    assert again.generate_tab.generate_button.isEnabled()
    assert (again.width(), again.height()) == size


def test_pause_resume_and_stop(qtbot, window, monkeypatch):
    results = []
    sentence = window.runs._result_sentence
    monkeypatch.setattr(window.runs, "_result_sentence", lambda r: results.append(r) or sentence(r))
    window.project_actions.create_from_demo("addition")
    fast_settings(window, max_iters=100_000, eval_interval=1000)
    window.train_tab.start()
    wait_for_steps(qtbot, window, 3)

    window.train_tab.pause()
    assert window.train_tab.state == "paused" and window.train_tab.pause_button.text() == "Resume"
    qtbot.wait(300)  # the step in flight finishes, then the worker waits
    paused_at = window.train_tab.last_step
    qtbot.wait(500)
    assert window.train_tab.last_step == paused_at

    window.train_tab.resume()
    wait_for_steps(qtbot, window, paused_at + 3)

    window.train_tab.stop()
    wait_until_idle(qtbot, window)
    assert "Stopped at step" in window.message_bar.text()
    # The worker hands on the step the validation loss was measured at (or None: no check yet).
    assert "val_step" in results[-1] and results[-1]["val_step"] in (None, *window.project.history().eval_steps)
    assert window.project.has_trained_model()
    history = window.project.history()
    assert history.steps[-1] == window.train_tab.last_step

    # Train again continues from the checkpoint: the curve goes on from the same step.
    window.train_tab.start()
    wait_for_steps(qtbot, window, history.steps[-1] + 2)
    window.train_tab.stop()
    wait_until_idle(qtbot, window)
    steps = window.project.history().steps
    assert list(steps) == sorted(set(steps)) and steps[0] == 1


def test_closing_the_window_while_training_stops_and_saves(qtbot, make_window, answers):
    window = make_window()
    window.project_actions.create_from_demo("addition")
    fast_settings(window, max_iters=100_000, eval_interval=1000)
    window.train_tab.start()
    wait_for_steps(qtbot, window, 2)

    answers.confirm = False
    window.close()
    assert window.isVisible() and window.train_tab.is_training()  # the user said no: nothing happened

    answers.confirm = True
    thread = window.train_tab.run.thread
    window.close()
    assert not window.isVisible()
    assert not thread.is_running()
    assert window.project is None or window.project.has_trained_model()
    assert any("Training is still running" in q for q in answers.asked)


def test_invalid_settings_disable_train(qtbot, window):
    window.project_actions.create_from_demo("names")
    panel = window.settings_panel
    current = panel.settings()
    data, model, train = current.data, current.model, current.train
    panel.set_settings(data, replace(model, n_head=3, n_embd=64), train, "custom")
    window.edits.settings_changed()
    assert not panel.is_valid()
    assert not window.train_tab.start_button.isEnabled()
    assert not window.train_action.isEnabled()
    window.train_tab.start()
    assert not window.train_tab.is_training()

    panel.set_settings(data, replace(model, n_head=4, n_embd=64), train, "custom")
    window.edits.settings_changed()
    assert window.train_tab.start_button.isEnabled()


@pytest.mark.parametrize("error, shown", [
    (Diverged(17), "diverged at step 17"),
    (DeviceOutOfMemory("cuda"), "ran out of memory"),
    (OSError(28, "No space left on device"), "The disk is full"),
])
def test_a_failed_run_shows_a_message_and_the_app_stays_usable(qtbot, window, monkeypatch, error, shown):
    from gptstudio.engine import trainer

    def fail(self, on_event, control=None):
        raise error

    monkeypatch.setattr(trainer.Trainer, "run", fail)
    window.project_actions.create_from_demo("names")
    fast_settings(window)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    assert shown in window.message_bar.text()
    assert window.message_bar.level == "error"
    assert window.train_tab.start_button.isEnabled()
    assert window.project is not None and window.corpus_tab.text()


def test_an_unexpected_error_in_the_worker_is_reported_not_raised(qtbot, window, monkeypatch):
    from gptstudio.engine import trainer

    def broken(self, on_event, control=None):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(trainer.Trainer, "run", broken)
    window.project_actions.create_from_demo("names")
    fast_settings(window)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    assert "Something went wrong" in window.message_bar.text()


def test_generate_without_a_model_says_so(window):
    window.project_actions.create_from_demo("names")
    assert not window.generate_tab.generate_button.isEnabled()
    assert "no trained model" in window.generate_tab.status.text()


def test_prompt_with_unknown_characters_is_explained(qtbot, window):
    window.project_actions.create_from_demo("addition")
    fast_settings(window, max_iters=4, eval_interval=4)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    window.generate_tab.prompt.setPlainText("hello")
    window.generate_tab.request_generate()
    qtbot.waitUntil(lambda: window.generate_runs.thread is None and not window.generate_tab.running,
                    timeout=TRAIN_TIMEOUT_MS)
    assert "never seen" in window.generate_tab.status.text()
    assert "'h'" in window.generate_tab.status.text()


def test_binary_file_on_the_corpus_is_refused_with_a_message(tmp_path, window):
    window.project_actions.create_from_demo("names")
    before = window.corpus_tab.text()
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert not window.corpus_tab.load_file(str(binary))
    assert window.corpus_tab.text() == before
    assert window.message_bar.level == "error" and "not text" in window.message_bar.text()


def test_file_menu_rename_duplicate_delete_export_import(qtbot, window, answers, tmp_path):
    window.project_actions.create_from_demo("names")
    answers.text = "Renamed"
    window.project_actions.rename_project()
    assert window.project.name == "Renamed"
    answers.text = "Copy of it"
    window.project_actions.duplicate_project()
    assert window.project.name == "Copy of it"
    answers.save_file = str(tmp_path / "export.zip")
    window.project_actions.export_project()
    assert (tmp_path / "export.zip").is_file()
    window.trash.delete_project()
    assert window.project is None and window.stack.currentIndex() == 0
    assert {i.name for i in window.store.list()} == {"Renamed"}
    answers.open_file = str(tmp_path / "export.zip")
    window.project_actions.import_project()
    assert window.project is not None and window.project.name.startswith("Copy of it")
    assert [a.text() for a in window.recent_menu.actions()][0] == window.project.name


def test_the_file_names_suggested_for_a_project_are_names_every_computer_takes(
        window, answers, monkeypatch):
    """A project renamed "Family/Chat: 2024?" was offered as "Chat: 2024?.zip" (its '/' read
    as a folder; ':' and '?' refused by Windows). The project, its loss curve and its GGUF are
    offered under one safe name."""
    from gptstudio.ui.widgets import dialogs
    from gptstudio.ui.widgets.file_dialogs import file_stem

    assert file_stem("Family/Chat: 2024?") == "Family-Chat-2024"
    assert file_stem("宋词 100") == "宋词-100" and file_stem("???") == "model"
    assert file_stem("CON") == "_CON"
    assert file_stem("Cre\u0302pes") == "Crêpes"  # decomposed, as macOS writes names  # Windows refuses CON.zip as it refuses a folder CON
    window.project_actions.create_from_demo("names")
    answers.text = "Family/Chat: 2024?"
    window.project_actions.rename_project()
    suggested = []
    monkeypatch.setattr(dialogs, "choose_save_file",
                        lambda parent, title, name, filters: suggested.append(name))
    window.project_actions.export_project()
    assert suggested == ["Family-Chat-2024.zip"]
    assert window.train_tab.export_name == "Family-Chat-2024"


def test_create_from_a_text_file_and_from_a_binary_file(tmp_path, window, answers):
    text_file = tmp_path / "poem.txt"
    text_file.write_text("Roses are red,\nviolets are blue.\n" * 50, encoding="utf-8")
    answers.open_file = str(text_file)
    assert window.project_actions.create_from_file() is not None
    assert window.project.name == "poem"
    window.project_actions.show_welcome()
    bad = tmp_path / "doc.pdf"
    bad.write_bytes(b"%PDF-1.4 binary")
    answers.open_file = str(bad)
    assert window.project_actions.create_from_file() is None
    assert "not text" in window.welcome_bar.text()


def test_editing_the_corpus_of_a_trained_model_says_what_follows(qtbot, window):
    window.project_actions.create_from_demo("addition")
    fast_settings(window, max_iters=4, eval_interval=4)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    window.project_actions.close_project()
    window.project_actions.open_project("Arithmetic (12+7=19)")
    tab = window.corpus_tab
    tab.editor.appendPlainText("1+1=2")
    window.edits.corpus_edited()
    assert "keep training" in tab.notice_text()
    tab.editor.appendPlainText("hello")
    window.edits.corpus_edited()
    assert "never seen" in tab.notice_text()


def test_keyboard_shortcuts_exist(window):
    shortcuts = {a.text().replace("&", ""): [s.toString() for s in a.shortcuts()] for a in window.actions()}
    assert "Ctrl+N" in shortcuts["New project…"]
    assert "Ctrl+O" in shortcuts["Open project…"]
    assert "F5" in shortcuts["Train"]
    assert "Esc" in shortcuts["Stop"]
    assert "Ctrl+Return" in shortcuts["Generate"]


def test_every_control_has_a_tooltip(window):
    from PySide6 import QtWidgets

    window.project_actions.create_from_demo("names")
    kinds = (QtWidgets.QAbstractButton, QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)
    missing = [w.objectName() or w.text() if hasattr(w, "text") else type(w).__name__
               for w in window.findChildren(QtWidgets.QWidget)
               if isinstance(w, kinds) and w.isVisibleTo(window) and not w.toolTip()
               and not isinstance(w.parent(), QtWidgets.QAbstractSpinBox)
               and type(w).__name__ not in ("QToolBarExtension",)]
    assert missing == []


def test_a_stop_between_checks_says_which_step_the_validation_loss_is_from(window):
    """A new user read "Stopped at step 1,352 and saved, validation loss 1.995": a loss measured
    at the check of step 1,320."""
    result = {"step": 1352, "reason": "stopped", "val_loss": 1.9951, "val_step": 1320,
              "best_step": 1320, "best_val": 1.9951}
    text = window.runs._result_sentence(result)
    assert text.startswith("Stopped at step 1,352 and saved.")
    assert "Validation loss at the last check (step 1,320): 2.00." in text
    at_a_check = window.runs._result_sentence({**result, "step": 1320})
    assert at_a_check.startswith("Stopped at step 1,320 and saved, validation loss 2.00.")


def test_writing_done_keeps_a_training_state_that_changed_while_it_wrote(window):
    """Generate during a paused run, Resume pressed while it wrote: when it was done the status
    bar went back to "Paused" under a running run."""
    window.project_actions.create_from_demo("names")
    window.set_state("Paused")
    runs = window.generate_runs
    runs._state_before = window.state_label.text()  # as start_generation keeps it ...
    window.set_state("Writing…")  # ... before it says it writes
    window.runs._on_train_state("running")  # Resume pressed meanwhile
    runs._on_generate_done(None)
    assert window.state_label.text() == "Training…"
    window.set_state("Writing…")  # nothing changed meanwhile: what it said before comes back
    runs._on_generate_done(None)
    assert window.state_label.text() == "Paused"


def test_a_note_a_run_starts_with_is_shown_as_a_warning(window):
    """A model trained before the examples were held out by content is told, on resuming, that
    its check is no longer fair (engine/training_run.py)."""
    from gptstudio.engine.events import StartedEvent

    window.project_actions.create_from_demo("names")
    window.runs._on_train_started(StartedEvent(0, 10, "cpu", "fp32", 1000, 64))
    assert window.message_bar.level != "warning"
    window.runs._on_train_started(StartedEvent(4, 10, "cpu", "fp32", 1000, 64,
                                               note="Start a new model for a fair check."))
    assert window.message_bar.level == "warning"
    assert "Start a new model for a fair check." in window.message_bar.text()


def test_a_new_project_opens_where_its_first_message_points(window, tmp_path):
    """New projects opened on whichever tab the last one was left (Chat, Settings, Generate)
    while the message said "Look at the text"."""
    window.tabs.setCurrentWidget(window.chat_tab)
    path = tmp_path / "notes.txt"
    path.write_text("a line of my own\n" * 50, encoding="utf-8")
    assert window.project_actions.create_from_path(path) is not None
    assert window.tabs.currentWidget() is window.corpus_tab
    window.tabs.setCurrentWidget(window.generate_tab)
    window.project_actions.create_from_demo("names")  # "Press Train (F5). What to look for: …"
    assert window.tabs.currentWidget() is window.train_tab


def test_a_project_opened_again_with_characters_its_model_never_saw_says_train_cannot_continue(
        qtbot, window):
    """After a README was appended to a trained diary and the app restarted, the yellow notice
    was gone and the Train tab said "Train continues from there"; Train then refused."""
    window.project_actions.create_from_demo("names")
    fast_settings(window, max_iters=10, eval_interval=5)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    tab = window.corpus_tab
    cursor = tab.editor.textCursor()
    cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(tab.text_edited, timeout=10_000):
        cursor.insertText("# Ωmega (a heading)\n")
    qtbot.waitUntil(lambda: "never seen" in tab.notice_text(), timeout=10_000)
    name = window.project.name
    window.project_actions.show_welcome()
    window.project_actions.open_project(name)
    qtbot.waitUntil(lambda: "never seen" in tab.notice_text(), timeout=10_000)
    status = window.train_tab.status.text()
    assert "Train cannot continue it" in status and "continues from there" not in status
    cursor = tab.editor.textCursor()
    cursor.select(QtGui.QTextCursor.SelectionType.Document)
    with qtbot.waitSignal(tab.text_edited, timeout=10_000):
        cursor.insertText(window.project.read_corpus().split("# Ωmega")[0])  # the old text again
    qtbot.waitUntil(lambda: "continues from there" in window.train_tab.status.text(), timeout=10_000)
