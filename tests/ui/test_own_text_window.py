"""Own text in the whole window: a file becomes an Automatic project, Automatic's choice arrives
from its worker, training offers more steps when done, and the model used can be the best or the
latest."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.ui.test_main_window import TRAIN_TIMEOUT_MS, fast_settings, wait_until_idle
from tests.ui.test_own_text import POEMS, choice


def poems_window(qtbot, make_window, tmp_path, name="song100.txt"):
    """A window whose new project is made from a file of the poems (Automatic's, which the
    caller has patched)."""
    window = make_window()
    qtbot.waitUntil(lambda: window.torch_ready, timeout=60_000)
    path = tmp_path / name
    path.write_text(POEMS, encoding="utf-8")
    assert window.project_actions.create_from_path(path) is not None
    return window


def test_a_file_becomes_an_automatic_project_whose_choice_arrives_from_the_worker(
        qtbot, make_window, tmp_path, monkeypatch):
    from gptstudio.projects import automatic

    asked = []

    def automatic_settings(text, mode, minutes, device="auto", seed=1337, window_open=False):
        asked.append((mode, minutes))
        return choice()

    monkeypatch.setattr(automatic, "automatic_settings", automatic_settings)
    window = make_window()
    qtbot.waitUntil(lambda: window.torch_ready, timeout=60_000)
    path = tmp_path / "song100.txt"
    path.write_bytes(POEMS.encode("gb18030"))
    assert window.project_actions.create_from_path(path) is not None
    assert window.project.preset == "auto" and window.project.data.mode == "blocks"
    assert window.corpus_tab.source_bar.encoding.currentData() == "gb18030"
    panel = window.settings_panel
    qtbot.waitUntil(lambda: panel.settings().model.n_embd == 64, timeout=30_000)
    assert asked[0] == ("blocks", 5)
    assert panel.settings().preset == "auto" and window.project.train.max_iters == 900
    # The same text, mode and time again: nothing measured again (opening a project changes nothing).
    window.edits.request_automatic()
    qtbot.wait(700)
    assert len(asked) == 1
    panel.automatic_box.budget_buttons.button(1).click()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=30_000)
    assert asked[1] == ("blocks", 1) and window.project.budget_minutes == 1


def automatic_project(qtbot, make_window, tmp_path, monkeypatch):
    """A project from a file, whose Automatic choice (900 steps, 50 ms a step) arrives after it
    opens with its saved defaults; the probe's timings (200 ms a step) are recorded."""
    from gptstudio.projects import automatic
    from gptstudio.ui import workers

    monkeypatch.setattr(automatic, "automatic_settings",
                        lambda text, mode, minutes, device="auto", seed=1337, window_open=False: choice())
    probed = []
    monkeypatch.setattr(workers.ProbeWorker, "work", lambda self: probed.append(self.job) or {"seconds": 0.2})
    window = poems_window(qtbot, make_window, tmp_path)
    assert window.project.train.max_iters != 900  # the defaults saved with the new project
    qtbot.waitUntil(lambda: window.settings_panel.settings().model.n_embd == 64, timeout=30_000)
    return window, probed


def test_before_a_run_the_train_tab_says_the_steps_train_will_run(qtbot, make_window, tmp_path,
                                                                  monkeypatch):
    """The progress read "step 0 of 2000" (the saved defaults) while Automatic had planned 900."""
    window, _probed = automatic_project(qtbot, make_window, tmp_path, monkeypatch)
    tab = window.train_tab
    assert tab.progress.maximum() == 900 and tab.progress.text() == "step 0 of 900"
    window.settings_panel.max_iters.setValue(1200)  # the user's own number of steps
    assert tab.progress.maximum() == 1200
    assert tab.progress.text() == "step 0 of 1,200"  # with the separator the sentences around it use
    assert tab.plot.getPlotItem().viewRange()[0][1] >= 1200  # the curve's axis: the whole run


def test_the_estimates_quote_automatics_step_time_instead_of_timing_it_again(
        qtbot, make_window, tmp_path, monkeypatch):
    """Two timings of one step (Automatic's reasons: 123 ms; the Estimates: 105 ms) showed side by
    side: while the settings are Automatic's choice, the Estimates use its figure."""
    window, probed = automatic_project(qtbot, make_window, tmp_path, monkeypatch)
    panel, runs = window.settings_panel, window.runs
    qtbot.waitUntil(lambda: not runs.probe_timer.isActive() and not runs.is_probing(), timeout=30_000)
    assert "50 ms per step" in panel.estimates.time_label.text() and not probed
    panel.max_iters.setValue(1200)  # the user's own settings: the probe times them
    qtbot.waitUntil(lambda: "200 ms per step" in panel.estimates.time_label.text(), timeout=30_000)
    assert probed


def test_no_probe_times_the_saved_defaults_while_automatics_choice_is_on_its_way(
        qtbot, make_window, tmp_path, monkeypatch):
    """On a slow computer the Corpus tab was still counting a new file when the probe's timer
    fired: the probe timed the defaults the project was saved with, which Automatic's choice
    replaced a moment later, and Automatic waited for that probe. While the count (and then the
    choice) is due, the probe waits."""
    import threading

    from gptstudio.projects import automatic
    from gptstudio.ui import workers
    from gptstudio.ui.tabs import corpus_counts

    monkeypatch.setattr(automatic, "automatic_settings",
                        lambda text, mode, minutes, device="auto", seed=1337, window_open=False: choice())
    probed = []
    monkeypatch.setattr(workers.ProbeWorker, "work", lambda self: probed.append(self.job) or {"seconds": 0.2})
    counting = threading.Event()
    real_count = corpus_counts.count_corpus

    def slow_count(control, *args):
        counting.wait(30)
        return real_count(control, *args)

    monkeypatch.setattr(corpus_counts, "count_corpus", slow_count)
    window = make_window()
    try:
        qtbot.waitUntil(lambda: window.torch_ready, timeout=60_000)
        path = tmp_path / "song100.txt"
        path.write_text(POEMS, encoding="utf-8")
        assert window.project_actions.create_from_path(path) is not None
        runs = window.runs
        fired = []
        runs.probe_timer.timeout.connect(lambda: fired.append(1))
        runs.schedule_probe()
        qtbot.waitUntil(lambda: len(fired) >= 2, timeout=30_000)  # the probe's timer came round twice
        assert window.corpus_tab.is_counting() and not probed and not runs.is_probing()
    finally:
        counting.set()
    panel = window.settings_panel
    qtbot.waitUntil(lambda: panel.settings().model.n_embd == 64, timeout=30_000)
    qtbot.waitUntil(lambda: not runs.probe_timer.isActive() and not runs.is_probing(), timeout=30_000)
    assert "50 ms per step" in panel.estimates.time_label.text() and not probed


def test_train_more_after_the_steps_are_done_and_the_model_choice(qtbot, make_window):
    window = make_window()
    window.project_actions.create_from_demo("names")
    fast_settings(window, max_iters=20, eval_interval=10)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    tab = window.train_tab
    assert tab.done_training and tab.start_button.text() == "Train more" and tab.more_steps.isVisible()
    assert tab.model_choice.isVisible() and "the best model (step" in tab.model_choice.itemText(0)
    tab.more_steps.setValue(10)
    tab.start_button.click()
    said = window.message_bar.text()
    assert "Training 10 more steps, to step 30" in said and "does not start again" in said
    wait_until_idle(qtbot, window)
    train = window.project.train
    assert (train.max_iters, train.schedule_iters) == (30, 20)
    assert tab.last_step == 30 and window.project.history().steps[-1] == 30
    tab.model_choice.setCurrentIndex(1)
    tab.model_choice.activated.emit(1)
    assert window.project.model_choice == "latest"
    assert window.inspect_tab._which == "latest"

    # Start a new model: Train (F5) trains it with its own plan, not more steps of the old one.
    window.settings_panel.new_model_requested.emit()
    assert not tab.done_training and tab.start_button.text() == "Train"
    tab.trigger_start()
    assert "more steps" not in window.message_bar.text()
    wait_until_idle(qtbot, window)
    train = window.project.train
    assert (train.max_iters, train.schedule_iters) == (30, 0)
    assert tab.last_step == 30 and window.project.history().steps[0] < 30


def test_a_choice_measured_while_training_starts_never_lands_on_the_training_model(
        qtbot, make_window, tmp_path, monkeypatch):
    import threading

    from gptstudio.projects import automatic

    started, release = threading.Event(), threading.Event()

    def slow_automatic_settings(text, mode, minutes, device="auto", seed=1337, window_open=False):
        started.set()
        release.wait(30)
        return choice()

    monkeypatch.setattr(automatic, "automatic_settings", slow_automatic_settings)
    window = poems_window(qtbot, make_window, tmp_path, "poems.txt")
    qtbot.waitUntil(started.is_set, timeout=30_000)  # Automatic is measuring ...
    fast_settings(window, max_iters=10, eval_interval=5)
    width = window.settings_panel.settings().model.n_embd
    window.train_tab.start()  # ... when the user presses Train
    release.set()
    wait_until_idle(qtbot, window)
    qtbot.waitUntil(lambda: not window.automatic.is_running(), timeout=30_000)
    assert window.settings_panel.settings().model.n_embd == width == window.project.model.n_embd
    assert window.project.train.max_iters == 10 and window.project.has_trained_model()


def test_the_preview_marks_an_example_the_context_cuts(qtbot):
    from gptstudio.ui.tabs.corpus_notes import preview_html

    html = preview_html([("a short one", False), ("a long one, cut by the context", True)],
                        "blocks", 16)
    assert html.count("⟨end⟩") == 2 and html.count("⟨cut⟩") == 2  # one example each, and the legend


def finished_run(window, seconds, paused=False):
    """What the window says at the end of a 900-step run from step 0 that took `seconds`."""
    from gptstudio.engine.events import StartedEvent, StepEvent

    tab = window.train_tab
    tab.on_events([StartedEvent(0, 900, "cpu", "fp32", 1000, 100)])
    if paused:
        tab._run_whole = False  # as Pause does
    tab.on_events([StepEvent(900, 900, 1.5, 1e-4, 1000.0, seconds, 0.0)])
    return window.runs._result_sentence({"reason": "finished", "step": 900, "val_loss": 1.23})


def test_a_run_that_took_much_longer_than_the_time_chosen_says_why(qtbot, make_window, tmp_path,
                                                                   monkeypatch):
    """"1 min" took 1 min 41 s on a busy computer, and the end said nothing of it."""
    window, _probed = automatic_project(qtbot, make_window, tmp_path, monkeypatch)
    assert window.project.preset == "auto" and window.project.budget_minutes == 5
    said = finished_run(window, seconds=7 * 60 + 30)
    assert said.startswith("Training finished: 900 steps, validation loss 1.23.")
    assert "It took 7 min 30 s, more than the 5 min chosen" in said
    assert "It took" not in finished_run(window, seconds=5 * 60 + 10)  # about the time chosen
    assert "It took" not in finished_run(window, seconds=9 * 60, paused=True)  # no pace to judge


def test_a_run_of_settings_automatic_never_timed_is_not_said_to_be_slower(
        qtbot, make_window, tmp_path, monkeypatch):
    """A project whose Automatic choice failed trains on the defaults it was saved with (its
    preset still "auto"): nothing timed them, so nothing was slower than timed (the review)."""
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.messages import Message
    from gptstudio.projects import automatic

    def fails(text, mode, minutes, device="auto", seed=1337, window_open=False):
        raise EngineError(Message("This computer could not time a step."))

    monkeypatch.setattr(automatic, "automatic_settings", fails)
    window = poems_window(qtbot, make_window, tmp_path)
    box = window.settings_panel.automatic_box
    qtbot.waitUntil(lambda: "could not time a step" in box.reasons.text(), timeout=30_000)
    assert window.project.preset == "auto"
    assert "It took" not in finished_run(window, seconds=9 * 60)


def _train_a_few_steps_and_stop(qtbot, window, more=False):
    start = window.train_tab.last_step
    window.runs.train_more(200) if more else window.train_tab.start()
    qtbot.waitUntil(lambda: window.train_tab.last_step >= start + 2, timeout=TRAIN_TIMEOUT_MS)
    window.train_tab.stop()
    wait_until_idle(qtbot, window)
    assert window.project.has_trained_model()


@pytest.mark.parametrize("leaving", ["quit", "restart", "close", "switch"])
def test_automatics_choice_stays_automatic_through_training_and_every_save(
        qtbot, make_window, tmp_path, monkeypatch, leaving):
    """A new user's four projects, trained and stopped, all opened again as 'Custom (your own
    settings)': the trained model's vocabulary (not a setting) differed from the one the panel
    had when Automatic chose, and the save on quit counted that as her own edit. Train more's
    steps are no edit either. Every way out saves the project: quitting, the language's restart,
    closing it, opening another."""
    window, _probed = automatic_project(qtbot, make_window, tmp_path, monkeypatch)
    name = window.project.name
    tab = window.corpus_tab
    tab.find_bar.open_replace()
    tab.find_bar.query.setText("作者")
    tab.find_bar.replacement.setText("诗人")
    tab.find_bar.replace_all_button.click()  # another text: Automatic chooses again
    assert "诗人" in tab.text()
    panel = window.settings_panel
    qtbot.waitUntil(lambda: not window.automatic.is_running(), timeout=30_000)
    assert panel.settings().preset == "auto"
    _train_a_few_steps_and_stop(qtbot, window)
    assert panel.settings().preset == "auto" and panel.preset.currentData() == "auto"
    _train_a_few_steps_and_stop(qtbot, window, more=True)
    steps = panel.settings().train.max_iters
    assert panel.settings().preset == "auto" and panel.settings().train.schedule_iters == 900
    if leaving in ("quit", "restart"):
        window.restart() if leaving == "restart" else window.close()
        window = make_window()
        assert window.project_actions.open_project(name)
    else:
        if leaving == "close":
            assert window.project_actions.close_project()
        else:
            assert window.project_actions.create_from_demo("names") is not None
        assert window.project_actions.open_project(name)
    assert window.project.preset == "auto" and window.project.train.max_iters == steps
    assert window.settings_panel.preset.currentData() == "auto"
    assert window.settings_panel.settings().preset == "auto"


def test_a_new_model_of_a_reopened_automatic_project_is_chosen_for_again(
        qtbot, make_window, tmp_path, monkeypatch):
    """The panel says "Start a new model…" has the settings chosen again; for a project opened
    again (whose saved choice is assumed) nothing was chosen, and a run Train more had lengthened
    stayed that long (found by the review)."""
    from gptstudio.projects import automatic

    asked = []

    def automatic_settings(text, mode, minutes, device="auto", seed=1337, window_open=False):
        asked.append(mode)
        return choice()

    monkeypatch.setattr(automatic, "automatic_settings", automatic_settings)
    window = poems_window(qtbot, make_window, tmp_path)
    name = window.project.name
    panel = window.settings_panel
    qtbot.waitUntil(lambda: len(asked) == 1 and panel.settings().model.n_embd == 64, timeout=30_000)
    panel.set_run_length(replace(panel.settings().train, max_iters=1_400))  # as Train more does
    window.project_actions.show_welcome()
    window.project_actions.open_project(name)
    qtbot.waitUntil(lambda: window.corpus_tab.report is not None and not window.corpus_tab.is_counting(),
                    timeout=30_000)
    assert len(asked) == 1 and panel.settings().train.max_iters == 1_400  # the saved choice, assumed
    panel.new_model_requested.emit()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=30_000)
    qtbot.waitUntil(lambda: panel.settings().train.max_iters == 900, timeout=30_000)
