"""Watching the model learn: the samples timeline, the loss in plain words, and the exports."""

from __future__ import annotations

import csv
import math

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.events import EvalEvent, StartedEvent, StepEvent
from gptstudio.engine.loss_history import LossHistory
from gptstudio.ui.tabs.loss_words import (
    at_best_sentence,
    loss_sentence,
    overfitting_notice,
    perplexity_sentence,
)
from gptstudio.ui.tabs.train_tab import TrainTab

SAMPLES = ["xq zkr jw", "the cat sa", "The cat sat on the mat."]


def _history(vals=(2.5, 2.0, 1.8)) -> LossHistory:
    steps = list(range(1, 41))
    eval_steps = [0, 20, 40][:len(vals)]
    return LossHistory.from_dict({
        "steps": steps,
        "train_loss": [round(3.0 - s / 20, 6) for s in steps],
        "lr": [1e-3] * len(steps),
        "eval_steps": eval_steps,
        "eval_train": [2.4, 1.9, 1.0][:len(vals)],
        "eval_val": list(vals),
        "samples": [[s, t] for s, t in zip(eval_steps, SAMPLES, strict=False)],
    })


@pytest.fixture
def tab(qtbot):
    tab = TrainTab()
    qtbot.addWidget(tab)
    tab.show()
    return tab


def test_slider_scrubs_the_samples_and_moves_the_marker(tab):
    tab.show_history(_history(), 40)
    assert tab.sample_steps() == [0, 20, 40]
    assert tab.timeline.maximum() == 2 and tab.timeline.value() == 2
    assert tab.sample.toPlainText() == SAMPLES[2]
    assert tab.plot.marker.isVisible() and tab.plot.marker.value() == 40
    tab.timeline.setValue(1)
    assert tab.sample.toPlainText() == SAMPLES[1]
    assert tab.plot.marker.value() == 20
    assert "after step 20" in tab.sample_title.text() and "2 of 3" in tab.timeline_step.text()
    tab.timeline.setValue(0)
    assert tab.sample.toPlainText() == SAMPLES[0] and tab.plot.marker.value() == 0


def test_no_samples_hides_the_marker(tab):
    tab.show_history(LossHistory(), 100)
    assert tab.sample_steps() == [] and not tab.timeline.isEnabled()
    assert not tab.plot.marker.isVisible() and tab.sample.toPlainText() == ""


def test_new_samples_follow_at_the_end_and_wait_elsewhere(tab):
    tab.on_events([StartedEvent(0, 100, "cpu", "fp32", 1000, 512)])
    tab.on_events([EvalEvent(0, 4.2, 4.2, "qzx")])
    assert tab.sample.toPlainText() == "qzx"
    tab.on_events([StepEvent(10, 100, 3.0, 1e-3, 1.0, 1.0, 9.0), EvalEvent(10, 3.0, 3.1, "the")])
    assert tab.timeline.value() == 1 and tab.sample.toPlainText() == "the"  # live: follows
    assert tab.plot.marker.value() == 10
    tab.timeline.setValue(0)  # the user looks back
    tab.on_events([StepEvent(20, 100, 2.5, 1e-3, 1.0, 2.0, 8.0), EvalEvent(20, 2.5, 2.6, "the cat")])
    assert tab.sample_steps() == [0, 10, 20]
    assert tab.timeline.value() == 0 and tab.sample.toPlainText() == "qzx"  # stays put
    tab.timeline.setValue(tab.timeline.maximum())  # back to the end: live again
    tab.on_events([EvalEvent(30, 2.2, 2.3, "the cat sat")])
    assert tab.sample.toPlainText() == "the cat sat" and tab.plot.marker.value() == 30


def test_resuming_drops_samples_after_the_checkpoint(tab):
    tab.show_history(_history(), 40)
    tab.on_events([StartedEvent(20, 100, "cpu", "fp32", 1000, 512)])
    assert tab.sample_steps() == [0, 20] and tab.sample.toPlainText() == SAMPLES[1]


@pytest.mark.parametrize(("loss", "vocab", "expected"), [
    (math.log(4), 65, "choosing among 4 characters (out of 65)"),
    (math.log(4.24), None, "choosing among 4.2 characters."),
    (math.log(37.6), 1000, "choosing among 38 characters (out of 1,000)"),
    (math.log(65), 65, "no better than picking blindly among all 65 characters"),
    (1e6, 65, "no better than picking blindly among all 65 characters"),
    (0.001, 65, "almost certain of every next character"),
    (float("nan"), 65, "not a number"),
    (float("inf"), None, "not a number"),
])
def test_perplexity_sentence(loss, vocab, expected):
    assert expected in perplexity_sentence(loss, vocab)


def test_perplexity_sentence_names_the_tokens():
    assert "among 4 words (out of 5,000)" in perplexity_sentence(math.log(4), 5000, "words")
    assert "huge" not in perplexity_sentence(1e6, None)  # overflow is handled, not raised
    assert "letter" not in perplexity_sentence(math.log(4), 2582, "characters")


def test_the_loss_is_measured_against_guessing_by_frequency():
    """Beside blind guessing, guessing each token by how common it is: below that, the model has
    learned what follows what; at it, only which tokens are common."""
    unigram = math.log(450)
    assert perplexity_sentence(math.log(4.2), 2582, "characters", unigram) == (
        "The model is now about as unsure as choosing among 4.2 characters; guessing by how common "
        "each is would be choosing among 450, and guessing blindly among all 2,582.")
    assert perplexity_sentence(math.log(440), 2582, "characters", unigram) == (
        "The model has learned how common each of the 2,582 characters is (it is as unsure as "
        "choosing among 440), but not yet what follows what: guessing by frequency alone does as "
        "well.")


def test_a_memorising_model_is_described_at_its_best_never_as_having_learned_nothing():
    """The teacher's poems: validation fell to 5.45, then rose to 8.07 (above blind guessing among
    2,582 characters) while the model wrote well-formed poems."""
    evals = [(250, 5.0, 5.45), (500, 3.0, 6.2), (750, 1.5, 7.11), (1000, 0.6, 8.07)]
    sentence = loss_sentence(evals, 2582, "char", unigram=6.1)
    assert sentence.startswith("<b>Validation loss 8.07</b> (step 1,000), up from its best, 5.45 at "
                               "step 250: the model is memorising its text. At its best (step 250)")
    assert "not learned anything" not in sentence and "blindly among all 2,582." in sentence
    assert "choosing among 233 characters" in sentence  # e^5.45


def test_a_memorising_models_best_is_said_in_the_past_and_the_latest_as_now():
    """'At its best: The model is now about as unsure as…' said 'now' of a model of step 61: the
    best step's figure is what was true then; what is true now is the latest loss."""
    evals = [(20, 3.0, 2.1), (61, 2.0, 1.62), (80, 1.6, 1.7), (100, 1.2, 1.8)]
    sentence = loss_sentence(evals, 65, "char")
    assert ("At its best (step 61) the model was about as unsure as choosing among 5.1 characters "
            "(out of 65). Now it is about as unsure as choosing among 6 characters.") in sentence
    assert "is now" not in sentence
    with_baselines = loss_sentence(evals, 65, "char", unigram=3.0)
    assert "At its best (step 61) the model was about as unsure as choosing among 5.1" in with_baselines
    assert with_baselines.endswith("Now it is about as unsure as choosing among 6 characters.")


@pytest.mark.parametrize(("loss", "vocab", "unigram", "expected"), [
    (math.log(65), 65, None, "guessed no better than picking blindly among all 65 characters."),
    (0.001, 65, None, "was almost certain of every next character."),
    (math.log(19.5), 65, math.log(20), "had learned how common each of the 65 characters is (as unsure"),
    (math.log(5), 65, math.log(20), "choosing among 5 characters; guessing by how common each is"),
    (math.log(5), 65, None, "choosing among 5 characters (out of 65)."),
    (math.log(5), None, None, "choosing among 5 characters."),
])
def test_every_reading_of_the_best_loss_is_said_of_its_step_in_the_past(loss, vocab, unigram, expected):
    sentence = at_best_sentence(61, loss, vocab, "characters", unigram)
    assert sentence.startswith("At its best (step 61) the model ") and expected in sentence


def test_overfitting_notice_only_when_val_rises_while_train_falls():
    steps = [0, 100, 200, 300, 400]
    train = [3.0, 2.0, 1.6, 1.4, 1.2]
    notice = overfitting_notice(steps, train, [3.0, 2.1, 1.62, 1.65, 1.68])
    assert notice is not None and "from 1.62 (step 200) to 1.68" in notice
    assert "the model of step 200, its best, is kept and used" in notice
    assert "more dropout" not in notice
    assert overfitting_notice(steps, train, [3.0, 2.1, 1.7, 1.6, 1.55]) is None  # still learning
    assert overfitting_notice(steps, train, [3.0, 2.1, 1.62, 1.70, 1.60]) is None  # best is recent
    assert overfitting_notice(steps, train, [3.0, 2.1, 1.62, 1.625, 1.627]) is None  # noise
    assert overfitting_notice(steps, [3.0, 2.0, 1.6, 1.7, 1.8], [3.0, 2.1, 1.62, 1.65, 1.68]) is None
    assert overfitting_notice(steps[:2], train[:2], [3.0, 3.1]) is None
    assert overfitting_notice(steps, train, [3.0, 2.1, 1.62, float("nan"), float("nan")]) is None


def test_tab_shows_the_loss_in_words_and_the_notice(tab):
    tab.set_vocabulary(65, "char")
    tab.show_history(_history(vals=(2.5, 2.0, 1.8)), 40)
    assert "1.80" in tab.words.text() and "characters (out of 65)" in tab.words.text()
    assert tab.notice.isHidden()
    tab.show_history(_history(vals=(1.5, 1.6, 1.7)), 40)
    assert not tab.notice.isHidden() and "memorise" in tab.notice.text()
    tab.set_vocabulary(500, "bpe")
    assert "tokens (out of 500)" in tab.words.text()


def test_the_model_choice_grows_with_its_labels_instead_of_cutting_them(tab):
    """A new user read "…validation loss 2.0(": the box kept the width of its first label."""
    tab.show_history(_history(vals=(2.5,)), 40)
    QtWidgets.QApplication.processEvents()
    first = tab.model_choice.sizeHint().width()  # as shown: "…(step 0, validation loss 2.50)"
    later = _history(vals=(2.5, 2.0, 1.8)).to_dict()
    later["eval_steps"] = [0, 600, 1140]
    later["steps"] = list(range(1, 1141))
    later["train_loss"], later["lr"] = [2.0] * 1140, [1e-3] * 1140
    tab.show_history(LossHistory.from_dict(later), 1140)
    label = tab.model_choice.itemText(0)
    assert label == "the best model (step 1,140, validation loss 1.80)"
    QtWidgets.QApplication.processEvents()
    text_width = tab.model_choice.fontMetrics().horizontalAdvance(label)
    assert tab.model_choice.sizeHint().width() >= max(text_width, first + 1)  # the layout's width


def test_export_writes_png_svg_csv_and_samples(tab, tmp_path, answers):
    history = _history()
    tab.show_history(history, 40)
    messages = []
    tab.message.connect(lambda level, text: messages.append((level, text)))

    answers.save_file = str(tmp_path / "curve.png")
    assert tab.export("png") == answers.save_file
    image = QtGui.QImage(answers.save_file)
    assert not image.isNull() and image.width() > 0 and image.height() > 0
    assert tab.plot.marker.isVisible()  # hidden only while drawing the file

    answers.save_file = str(tmp_path / "curve")  # no suffix: the filter's is added
    assert tab.export("svg") == answers.save_file + ".svg"
    assert "<svg" in (tmp_path / "curve.svg").read_text(encoding="utf-8")

    answers.save_file = str(tmp_path / "loss.csv")
    tab.export("csv")
    with open(answers.save_file, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    val_at = dict(zip(history.eval_steps, history.eval_val, strict=True))
    train_at = dict(zip(history.steps, history.train_loss, strict=True))
    assert [int(r["step"]) for r in rows] == sorted(set(train_at) | set(val_at))
    for r in rows:
        step = int(r["step"])
        assert (float(r["train_loss"]) if r["train_loss"] else None) == train_at.get(step)
        assert (float(r["val_loss"]) if r["val_loss"] else None) == val_at.get(step)

    answers.save_file = str(tmp_path / "samples.txt")
    tab.export("samples")
    text = (tmp_path / "samples.txt").read_text(encoding="utf-8")
    assert text == "".join(f"step {s}:\n{t}\n\n" for s, t in history.samples)
    assert [level for level, _ in messages] == ["info"] * 4

    answers.save_file = None  # cancelled: nothing written, nothing said
    assert tab.export("png") is None and len(messages) == 4


def test_export_failure_is_a_plain_message(tab, tmp_path, answers, monkeypatch):
    import errno

    from gptstudio.ui.tabs import train_exports

    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", path)

    monkeypatch.setattr(train_exports, "atomic_write_bytes", disk_full)
    tab.show_history(_history(), 40)
    messages = []
    tab.message.connect(lambda level, text: messages.append((level, text)))
    answers.save_file = str(tmp_path / "loss.csv")
    assert tab.export("csv") is None
    assert messages and messages[0][0] == "error" and "loss.csv" in messages[0][1]
    assert "Errno" not in messages[0][1]


def test_export_without_data_or_listener_says_so_in_the_tab(tab, answers):
    tab.show_history(LossHistory(), 100)
    answers.save_file = "/nonexistent/never.png"
    assert tab.export("png") is None and tab.export("samples") is None
    assert "no samples" in tab.status.text()


def test_a_long_status_sentence_wraps_instead_of_widening_the_window(tab):
    # "Stopped early at step …" after a run made the window wider than a 1400-pixel screen.
    narrow = tab.minimumSizeHint().width()
    tab.status.setText("Stopped early at step 224: the validation loss has not improved for "
                       "four checks, so the model is memorising its text; the best model, from "
                       "step 56, is kept and used by Generate, Chat and Look inside.")
    tab.layout().activate()
    assert tab.minimumSizeHint().width() <= max(narrow, 900)


def _overfitting_history() -> LossHistory:
    steps = list(range(1, 401))
    evals = list(range(0, 401, 20))
    return LossHistory.from_dict({
        "steps": steps, "train_loss": [3.0 * math.exp(-s / 150) + 0.3 for s in steps],
        "lr": [1e-3] * len(steps), "eval_steps": evals,
        "eval_train": [3.0 * math.exp(-s / 150) + 0.3 for s in evals],
        "eval_val": [3.0 - 1.4 * min(s, 60) / 60 + max(0, s - 60) * 0.002 for s in evals],
        "samples": [[s, "Annabel\nMarcus\nJo"] for s in evals]})


@pytest.mark.parametrize("log_scale", [False, True])
def test_the_axis_labels_stay_whole_when_the_memorising_notice_shows(qtbot, log_scale):
    """In a window of 1,024 x 660 the notice and the words above the plot left it 137 pixels,
    and the loss axis read 'loss (lower is'."""
    tab = TrainTab()
    qtbot.addWidget(tab)
    tab.set_vocabulary(65, "char")
    tab.log_scale.setChecked(log_scale)
    tab.show_history(_overfitting_history(), 400)
    assert not tab.notice.isHidden()
    tab.resize(1010, 540)  # the Train tab's room in that window
    tab.show()
    qtbot.waitExposed(tab)
    item = tab.plot.getPlotItem()
    view = QtCore.QRectF(0, 0, tab.plot.width(), tab.plot.height())
    for side in ("left", "bottom"):
        label = item.getAxis(side).label
        margin = label.document().documentMargin()  # around the text, inside its bounding box
        text = label.boundingRect().adjusted(margin, margin, -margin, -margin)
        assert label.isVisible() and view.contains(label.mapRectToScene(text)), side
    full = "loss (log scale)" if log_scale else "loss (lower is better)"
    if not log_scale:  # "loss (lower is better)" did not fit: the short label ("loss (log scale)" does)
        assert item.getAxis("left").labelText == "loss"
    tab.resize(1010, 900)
    qtbot.waitUntil(lambda: item.getAxis("left").labelText == full)  # room again: the long one
