"""Time travel in the Train tab: diamonds mark the saved models; a click on the curve writes from the
model as it was at that step, off the GUI thread."""

from __future__ import annotations

import pytest
import torch
from PySide6 import QtCore

from gptstudio.engine.config import ModelConfig, to_dict
from gptstudio.engine.loss_history import LossHistory
from gptstudio.engine.model import GPT
from gptstudio.engine.model_service import load_generator
from gptstudio.engine.snapshots import maybe_snapshot
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.ui.tabs.train_tab import TrainTab
from gptstudio.ui.workers import TIME_TRAVEL_SAMPLE

TIMEOUT_MS = 60_000
TOKENIZER = train_tokenizer("char", "the cat sat on a mat\n")
CONFIG = ModelConfig(block_size=16, n_layer=1, n_head=2, n_embd=16, vocab_size=TOKENIZER.vocab_size)
PROMPT = "the "


@pytest.fixture
def saved(tmp_path):
    """Snapshots at steps 10, 20 and 40 of a made-up run: a different model at each."""
    folder = tmp_path / "checkpoints"
    for seed, (step, val) in enumerate([(10, 2.8), (20, 2.2), (40, 1.7)]):
        torch.manual_seed(seed)
        maybe_snapshot(folder, step, GPT(CONFIG), {
            "val_loss": val, "model": to_dict(CONFIG), "data_mode": "continuous",
            "sample_prompt": PROMPT, "tokenizer": TOKENIZER.to_dict()})
    return folder


def _history() -> LossHistory:
    steps = tuple(range(1, 41))
    return LossHistory(steps=steps, train_loss=tuple(3.0 - s / 20 for s in steps), lr=(1e-3,) * 40,
                       eval_steps=(10, 20, 40), eval_train=(2.7, 2.1, 1.6), eval_val=(2.8, 2.2, 1.7))


@pytest.fixture
def tab(qtbot):
    tab = TrainTab()
    qtbot.addWidget(tab)
    tab.resize(900, 700)
    tab.show()
    qtbot.waitExposed(tab)
    yield tab
    tab.stop_time_travel()


def _written(tab) -> bool:
    return bool(tab.travel_text.toPlainText())


def test_saved_models_are_marked_on_the_curve(tab, saved):
    tab.show_history(_history(), 40)
    assert tab.plot.saved_steps() == []
    tab.set_snapshots(saved)
    assert tab.snapshot_steps() == [10, 20, 40]
    assert tab.plot.saved_steps() == [10, 20, 40]
    assert list(tab.plot._saved.yData) == [2.8, 2.2, 1.7]  # on the validation points
    legend = [label.text for _sample, label in tab.plot.getPlotItem().legend.items]
    assert "saved model: click to read what it wrote" in legend
    tab.show_history(LossHistory(), 100)  # another run's curve: its own snapshots come with set_snapshots
    assert tab.plot.saved_steps() == []


def test_a_point_writes_from_the_nearest_earlier_model(tab, saved, qtbot):
    tab.show_history(_history(), 40)
    tab.set_snapshots(saved)
    tab.travel_to(33.0)  # between 20 and 40: the model as it was at 20
    assert tab.travel.isVisible()
    assert tab.travel_title.text() == "The model at step 20 writes:"
    assert "seed 1" in tab.travel_note.text() and "“the ”" in tab.travel_note.text()
    qtbot.waitUntil(lambda: _written(tab), timeout=TIMEOUT_MS)
    expected = load_generator(saved, step=20).generate(PROMPT, TIME_TRAVEL_SAMPLE)[0]
    assert tab.travel_text.toPlainText() == PROMPT + expected
    assert tab.plot.marker.isVisible() and tab.plot.marker.value() == 20
    # The panel takes the latest samples' place, so the curve keeps its height on a small screen.
    assert not tab.sample.isVisible() and not tab.timeline.isVisible()
    tab.travel_close.click()
    assert not tab.travel.isVisible()
    assert tab.sample.isVisible() and tab.timeline.isVisible()


def test_a_mouse_click_on_the_plot_travels(tab, saved, qtbot):
    tab.show_history(_history(), 40)
    tab.set_snapshots(saved)
    plot = tab.plot
    plot.getPlotItem().setRange(xRange=(0, 40), yRange=(1, 3), padding=0)
    qtbot.wait(50)
    scene_point = plot.getPlotItem().vb.mapViewToScene(QtCore.QPointF(12, 2.0))
    where = plot.mapFromScene(scene_point)
    with qtbot.waitSignal(plot.step_clicked, timeout=5_000) as clicked:
        qtbot.mouseClick(plot.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=where)
    assert 11 < clicked.args[0] < 15  # the step under the pointer (a diamond's half width more)
    assert tab.travel_title.text() == "The model at step 10 writes:"
    qtbot.waitUntil(lambda: _written(tab), timeout=TIMEOUT_MS)
    assert tab.travel_text.toPlainText().startswith(PROMPT)


def test_a_second_click_while_writing_is_written_next(tab, saved, qtbot):
    tab.show_history(_history(), 40)
    tab.set_snapshots(saved)
    tab.travel_to(15)
    tab.travel_to(45)
    assert tab.travel_title.text() == "The model at step 40 writes:"
    qtbot.waitUntil(lambda: _written(tab), timeout=TIMEOUT_MS)
    expected = load_generator(saved, step=40).generate(PROMPT, TIME_TRAVEL_SAMPLE)[0]
    assert tab.travel_text.toPlainText() == PROMPT + expected


def test_no_saved_model_is_a_plain_sentence(tab, tmp_path):
    tab.show_history(_history(), 40)
    tab.set_snapshots(tmp_path / "nothing-here")
    tab.travel_to(20)
    assert tab.travel.isVisible() and not tab.travel_text.isVisible()
    assert tab.travel_note.text().startswith("No earlier model is saved yet.")
    assert not tab.travel.is_writing()


def test_a_click_before_the_first_saved_model_names_it(tab, saved):
    tab.show_history(_history(), 40)
    tab.set_snapshots(saved)
    tab.travel_to(4)
    assert "earliest saved one is from step 10" in tab.travel_note.text()


def test_a_damaged_snapshot_is_a_sentence_not_a_crash(tab, saved, qtbot):
    tab.show_history(_history(), 40)
    tab.set_snapshots(saved)
    (saved / "snapshots" / "step-00000020.safetensors").write_bytes(b"broken")
    tab.travel_to(25)
    qtbot.waitUntil(lambda: "damaged" in tab.travel_note.text(), timeout=TIMEOUT_MS)
    assert "step 20" in tab.travel_note.text() and not tab.travel_text.isVisible()


def test_an_unreadable_prompt_falls_back_to_nothing(tab, saved, qtbot):
    tab.show_history(_history(), 40)
    tab.set_snapshots(saved)
    tab.travel.prompt = "ZZZ"  # characters this model never saw
    tab.travel_to(40)
    qtbot.waitUntil(lambda: _written(tab), timeout=TIMEOUT_MS)
    expected = load_generator(saved, step=40).generate("", TIME_TRAVEL_SAMPLE)[0]
    assert tab.travel_text.toPlainText() == expected


def test_sample_settings_are_fixed():
    assert (TIME_TRAVEL_SAMPLE.temperature, TIME_TRAVEL_SAMPLE.max_new_tokens,
            TIME_TRAVEL_SAMPLE.seed) == (0.8, 200, 1)
