"""The Compare window: loss curves of several projects on one plot, and text from each written with
the same prompt and seed (off the GUI thread), equal to what the engine writes directly."""

import shutil

import pytest
from PySide6 import QtCore

from gptstudio.engine.config import SampleConfig
from gptstudio.projects.store import ProjectStore
from gptstudio.ui.threads import wait_for_pool
from gptstudio.ui.windows.compare_window import CompareWindow, smoothed
from tests.conftest import TINY_CORPUS

# B's corpus has letters A's never saw: a prompt with them is A's problem only.
EXTRA = "Zebras quiz a lazy fox.\n" * 8


@pytest.fixture(scope="module")
def trained_home(tmp_path_factory):
    """Two small projects trained once for the module (A and B), and C made but never trained."""
    from gptstudio.cli import main

    home = tmp_path_factory.mktemp("compare-home")
    corpus_a, corpus_b = home.parent / "a.txt", home.parent / "b.txt"
    corpus_a.write_text(TINY_CORPUS, encoding="utf-8")
    corpus_b.write_text(TINY_CORPUS + EXTRA, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GPTSTUDIO_HOME", str(home))
        for name, corpus in (("A", corpus_a), ("B", corpus_b), ("C", corpus_a)):
            assert main(["new", name, "--corpus", str(corpus), "--preset", "tiny"]) in (0, None)
        for name in ("A", "B"):
            assert main(["train", name, "--max-iters", "10", "--eval-interval", "5",
                         "--batch-size", "4", "--device", "cpu", "--precision", "fp32"]) in (0, None)
    return home


@pytest.fixture
def store(trained_home, _isolated_home):
    shutil.copytree(trained_home, _isolated_home, dirs_exist_ok=True)
    return ProjectStore()


@pytest.fixture
def window(qtbot, store):
    widget = CompareWindow(store, current="A")
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()
    wait_for_pool()  # no job outlives its test


def direct_text(store, name, prompt, config):
    from gptstudio.engine.model_service import load_generator

    generator = load_generator(store.open(name).checkpoint_dir, device="cpu")
    return generator.generate(prompt, config)[0]


def test_importing_the_window_does_not_import_torch():
    import subprocess
    import sys

    code = "import sys, gptstudio.ui.windows.compare_window; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "False"


def test_untrained_project_is_listed_greyed_with_a_reason(window):
    assert window.available() == ["A", "B"]
    texts = [window.projects.item(i).text() for i in range(window.projects.count())]
    c = window.projects.item(texts.index(next(t for t in texts if t.startswith("C"))))
    assert "not trained yet" in c.text()
    assert not c.flags() & QtCore.Qt.ItemFlag.ItemIsUserCheckable
    assert "train it first" in c.toolTip()


def test_curves_are_each_projects_history_and_follow_the_ticks(window, store):
    assert window.ticked() == ["A", "B"]  # the open project, and another to compare it with
    assert window.curves() == {"A": store.open("A").history(), "B": store.open("B").history()}
    history = window.curves()["A"]
    assert history.eval_steps and history.eval_val and history.steps
    assert window.plotted() == ["A", "B"]
    # Validation (with the legend) plus the lighter training trend, for each project.
    assert len(window.plot.getPlotItem().listDataItems()) == 4

    window.set_ticked("B", False)
    assert list(window.curves()) == ["A"]
    assert window.plotted() == ["A"]
    assert list(window._columns) == ["A"]
    window.show_train.setChecked(False)
    assert len(window.plot.getPlotItem().listDataItems()) == 1

    window.set_ticked("B", True)
    assert list(window.curves()) == ["A", "B"]
    assert window.plotted() == ["A", "B"]
    assert len(window.plot.getPlotItem().listDataItems()) == 2


def test_write_with_each_gives_what_the_engine_writes_with_the_same_seed(window, store, qtbot):
    window.prompt.setPlainText("To be")
    window.seed.setValue(7)
    window.temperature.setValue(0.9)
    window.max_tokens.setValue(40)
    with qtbot.waitSignal(window.outputs_shown, timeout=60_000):
        window.write_button.click()
    config = SampleConfig(temperature=0.9, max_new_tokens=40, seed=7)
    expected = {name: direct_text(store, name, "To be", config) for name in ("A", "B")}
    assert window.outputs() == expected
    assert window.output_ok() == {"A": True, "B": True}
    assert all(expected.values())
    for name in ("A", "B"):
        column = window._columns[name]
        assert column.text.toPlainText() == "To be" + expected[name]
        assert name in column.title.text()
        assert "validation loss" in column.details.text()
    assert window.write_button.isEnabled() and not window.stop_button.isEnabled()

    # Again with the same seed: the same text, word for word.
    with qtbot.waitSignal(window.outputs_shown, timeout=60_000):
        window.write_button.click()
    assert window.outputs() == expected


def test_a_prompt_one_model_cannot_read_leaves_a_sentence_and_the_other_writes(window, qtbot):
    window.prompt.setPlainText("Zebras")
    window.max_tokens.setValue(20)
    with qtbot.waitSignal(window.outputs_shown, timeout=60_000):
        window.write_button.click()
    assert window.output_ok() == {"A": False, "B": True}
    sentence = window.outputs()["A"]
    assert "never seen" in sentence and "Z" in sentence
    assert window._columns["A"].text.toPlainText() == sentence
    assert window.outputs()["B"]  # B knows these letters and wrote


def test_no_trained_projects_says_what_to_do(qtbot):
    widget = CompareWindow(ProjectStore())
    qtbot.addWidget(widget)
    assert widget.available() == [] and widget.ticked() == []
    assert "Train at least two" in widget.hint.text()
    assert not widget.write_button.isEnabled()


def test_smoothing_follows_the_run_length():
    assert smoothed([3.0, 1.0], 10) == [3.0, 1.0]  # a short run: nothing to average
    trend = smoothed([4.0] + [2.0] * 9, 1000)  # 1,000 steps: ~10-step average
    assert trend[0] == 4.0 and 2.0 < trend[-1] < 4.0


def test_stop_ends_the_run_and_leaves_the_window_ready(window, qtbot):
    window.max_tokens.setValue(20_000)
    with qtbot.waitSignal(window.outputs_shown, timeout=60_000):
        window.write_button.click()
        assert window.stop_button.isEnabled() and not window.write_button.isEnabled()
        window.stop_button.click()
    assert window.status.text() == "Stopped."
    assert window.write_button.isEnabled() and not window.stop_button.isEnabled()
    # A model stopped mid-text keeps what it wrote; one that never started says so.
    for name in ("A", "B"):
        column = window._columns[name]
        assert name in window.outputs() or "Stopped before" in column.text.placeholderText()


def test_refresh_keeps_the_ticks_and_finds_a_newly_trained_project(window, store):
    window.set_ticked("B", False)
    window.refresh()
    assert window.ticked() == ["A"]
    assert window.available() == ["A", "B"]


def test_curves_of_different_texts_are_not_read_as_which_model_learnt_more(window, store):
    """Subtitles at 2.21 beside a chat export at 0.28, under "so you can see which model learned
    more": a lower loss there meant an easier text. Projects of one text say nothing."""
    assert window.ticked() == ["A", "B"]  # B's text is A's and more
    assert window.caveat.isVisible() and "learn from different texts" in window.caveat.text()
    store.duplicate("A", "A again")  # the same text, trained alike
    window.refresh()
    window.set_ticked("B", False)
    window.set_ticked("A again", True)
    assert window.ticked() == ["A", "A again"] and window.caveat.isHidden()


def test_the_model_menu_opens_the_compare_window(make_window):
    window = make_window()
    window.compare_action.trigger()
    assert window._compare_window is not None and window._compare_window.isVisible()
    window.compare_action.trigger()  # a second time: the same window, refreshed
    assert window._compare_window.isVisible()


def test_texts_are_told_apart_by_size_then_by_what_they_hold(tmp_path):
    from gptstudio.ui.windows.compare_columns import same_texts

    a, b, c = (tmp_path / n for n in "abc")
    a.write_text("the same words\n")
    b.write_text("the same words\n")
    c.write_text("the same wordz\n")  # one size, another text
    assert same_texts([a, b]) and not same_texts([a, c]) and not same_texts([a, tmp_path / "gone"])
    a.write_text("other words, longer\n")
    assert not same_texts([a, b])  # a changed file is read again


def test_each_projects_label_describes_the_model_that_writes():
    """Compare labelled a project "step 224 · validation loss 6.344" (its last check) over text
    that its best model, from step 56, wrote."""
    from gptstudio.engine.loss_history import LossHistory
    from gptstudio.ui.windows.compare_columns import CompareEntry

    history = LossHistory.from_dict({"steps": [56, 112, 224], "train_loss": [5.0, 4.0, 3.0],
                                     "lr": [1e-3] * 3, "eval_steps": [56, 112, 224],
                                     "eval_train": [5.0, 4.0, 3.0], "eval_val": [5.28, 5.9, 6.344]})
    best = CompareEntry("poems", None, "char", history, (0, 0, 0), which="best")
    assert best.summary() == "step 56 · validation loss 5.280"
    latest = CompareEntry("poems", None, "char", history, (0, 0, 0), which="latest")
    assert latest.summary() == "step 224 · validation loss 6.344"
