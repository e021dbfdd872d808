"""The loss plot, the Train tab and the Generate tab on their own, fed with plain engine events."""

import numpy as np
from PySide6 import QtGui

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.events import EvalEvent, StartedEvent, StepEvent, TokenEvent
from gptstudio.engine.loss_history import LossHistory
from gptstudio.ui.tabs.generate_tab import GenerateTab, probability_colour
from gptstudio.ui.tabs.loss_plot import LossPlot
from gptstudio.ui.tabs.train_tab import TrainTab
from gptstudio.ui.widgets.text import format_bytes, format_duration


def test_loss_plot_keeps_up_with_many_points(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    steps = np.arange(1, 100_001)
    for chunk in np.array_split(steps, 100):
        plot.add_steps(chunk, 3.0 / np.sqrt(chunk))
    plot.add_eval(50_000, 0.5)
    plot._redraw()
    assert plot.point_counts() == (100_000, 1)
    assert plot._raw.opts["autoDownsample"] and plot._raw.opts["clipToView"]
    x, y = plot._smooth.getOriginalDataset()
    assert len(x) == 100_000 and y[-1] < y[0]


def test_loss_plot_history_truncate_and_log(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.set_history(LossHistory(steps=(1, 2, 3, 4), train_loss=(4.0, 3.0, 2.5, 2.0),
                                 eval_steps=(2, 4), eval_train=(3.0, 2.1), eval_val=(3.1, 2.2)))
    assert plot.point_counts() == (4, 2)
    plot.truncate_after(2)
    assert plot.point_counts() == (2, 1)
    plot.set_log_scale(True)
    assert plot.getPlotItem().ctrl.logYCheck.isChecked()


def test_train_tab_shows_progress_speed_eta_and_samples(qtbot):
    tab = TrainTab()
    qtbot.addWidget(tab)
    tab.set_state("starting")
    tab.on_events([StartedEvent(0, 100, "cpu", "fp32", 1000, 512)])
    assert tab.status.text().startswith("Training on the processor (CPU) in fp32, 1,000 parameters")
    tab.set_state("running")
    tab.on_events([StepEvent(s, 100, 3.0 - s / 100, 1e-3, 12345.0, s * 0.1, (100 - s) * 0.1)
                   for s in range(1, 11)])
    tab.on_events([EvalEvent(10, 2.9, 2.95, "hello wor")])
    assert tab.progress.value() == 10 and tab.progress.maximum() == 100
    assert "12,345 tokens/s" in tab.status.text() and "left" in tab.status.text()
    assert tab.sample.toPlainText() == "hello wor"
    assert tab.plot.point_counts() == (10, 1)
    assert not tab.start_button.isEnabled() and tab.stop_button.isEnabled()
    tab.set_state("paused")
    assert tab.pause_button.text() == "Resume"
    assert tab.status.text().startswith("Paused at step 10.")
    # The step in flight when Pause was pressed ends after it: the words follow the bar (a new
    # user read "Paused at step 1,350" beside "step 1,352 of 1,698").
    tab.on_events([StepEvent(s, 100, 2.9, 1e-3, 12345.0, s * 0.1, 9.0) for s in (11, 12)])
    assert tab.status.text().startswith("Paused at step 12.") and tab.progress.value() == 12
    resumed = []
    tab.run.resume = lambda: resumed.append(True) or True  # the tab resumes its own run
    tab.pause_button.click()
    assert resumed and tab.state == "running" and tab.pause_button.text() == "Pause"


def _token(i, text, prob, sample=0, finished=False):
    return TokenEvent(sample, i, i + 3, text, prob, (("a", 0.5), ("b", 0.2)), finished)


def test_generate_tab_streams_tokens_and_explains_them(qtbot):
    tab = GenerateTab()
    qtbot.addWidget(tab)
    tab.set_available(True, "ready")
    tab.prompt.setPlainText("He")
    assert not tab.probs_key.isVisibleTo(tab)
    tab.show_probs.setChecked(True)
    assert tab.probs_key.isVisibleTo(tab) and "a guess" in tab.probs_key.text()  # the shading's key
    with qtbot.waitSignal(tab.generate_requested) as signal:
        tab.generate_button.click()
    prompt, config = signal.args
    assert prompt == "He" and isinstance(config, SampleConfig)
    tab.begin()
    assert not tab.generate_button.isEnabled() and tab.stop_button.isEnabled()
    tab.on_tokens([_token(0, "l", 0.9), _token(1, "lo", 0.2, finished=True)])
    tab.finish("Done")
    assert tab.output.toPlainText() == "Hello"
    assert tab.output.token_at(3).text == "lo" and tab.output.token_at(1) is None
    cursor = QtGui.QTextCursor(tab.output.document())
    cursor.setPosition(4)
    assert cursor.charFormat().background().color() == probability_colour(0.2)
    assert tab.generate_button.isEnabled()


def test_generate_copy_and_save_wait_for_a_finished_text(qtbot):
    tab = GenerateTab()
    qtbot.addWidget(tab)
    tab.set_available(True, "ready")
    assert not tab.copy_button.isEnabled() and not tab.save_button.isEnabled()  # nothing yet
    tab.begin()
    tab.on_tokens([_token(0, "Hi", 0.9)])
    assert not tab.copy_button.isEnabled() and not tab.save_button.isEnabled()  # still writing
    tab.finish("Done")
    assert tab.copy_button.isEnabled() and tab.save_button.isEnabled()
    tab.begin()  # a new text clears the old one
    assert not tab.copy_button.isEnabled()


def shown_generate_tab(qtbot) -> GenerateTab:
    """A Generate tab on screen, 700 by 500, ready to write: where its view scrolls matters."""
    tab = GenerateTab()
    qtbot.addWidget(tab)
    tab.resize(700, 500)
    tab.show()
    qtbot.waitExposed(tab)
    tab.set_available(True, "ready")
    return tab


def test_generate_view_follows_the_text_unless_the_reader_scrolled_up(qtbot):
    tab = shown_generate_tab(qtbot)
    tab.begin()
    bar = tab.output.verticalScrollBar()
    for i in range(60):
        tab.on_tokens([_token(i, f"line {i}\n", 0.9)])
    assert bar.maximum() > 0 and bar.value() == bar.maximum()  # followed the writing
    bar.setValue(0)  # the reader goes back to the start to read
    for i in range(60, 120):
        tab.on_tokens([_token(i, f"line {i}\n", 0.9)])
    assert bar.value() == 0
    tab.finish("Done")
    tab.begin()  # a new text, the reader still at the top of the old one: followed again
    for i in range(60):
        tab.on_tokens([_token(i, f"line {i}\n", 0.9)])
    assert bar.maximum() > 0 and bar.value() == bar.maximum()


def test_the_later_samples_arriving_at_once_leave_the_view_at_the_first(qtbot):
    """Samples 2-8 are written beside the first and come in one burst when it ends: the view
    jumped to the end of the last one, past sample 1."""
    tab = shown_generate_tab(qtbot)
    tab.samples.setValue(3)
    tab.begin()
    bar = tab.output.verticalScrollBar()
    for i in range(40):
        tab.on_tokens([_token(i, f"line {i}\n", 0.9)])
    first_end = bar.value()
    assert first_end == bar.maximum() > 0  # sample 1 followed as it was written
    tab.on_tokens([_token(i, f"later {i}\n", 0.9, sample=s) for s in (1, 2) for i in range(40)])
    assert bar.value() == first_end < bar.maximum()


def test_generate_settings_round_trip(qtbot):
    tab = GenerateTab()
    qtbot.addWidget(tab)
    config = SampleConfig(temperature=0.5, top_k=7, top_p=0.9, min_p=0.05, repetition_penalty=1.2,
                          max_new_tokens=77, num_samples=3, seed=42, top_alternatives=5)
    tab.set_sample_config(config)
    assert tab.sample_config() == config


def test_number_formats():
    assert format_duration(42) == "42 s"
    assert format_duration(125) == "2 min 05 s"
    assert format_duration(3 * 3600 + 60) == "3 h 01 min"
    assert format_bytes(3 * 1024 * 1024) == "3.0 MB"


def test_the_step_progress_writes_thousands_separators_and_nothing_while_busy(qtbot):
    from gptstudio.ui.widgets.controls import StepProgress

    bar = StepProgress()
    qtbot.addWidget(bar)
    bar.setRange(0, 4127)
    bar.setValue(1198)
    assert bar.text() == "step 1,198 of 4,127"
    bar.setRange(0, 0)  # busy: a moving bar, no numbers
    assert bar.text() == ""
