"""Bad input in the window gets one clear message and changes nothing: a prompt the model cannot
read (with a way to go on without what it has never seen), impossible sampling settings, and a
corpus file too big to open."""

from __future__ import annotations

import time

import pytest

from gptstudio.cli import main
from gptstudio.engine.config import SampleConfig
from gptstudio.ui.tabs.generate_tab import GenerateTab
from gptstudio.ui.widgets.message_bar import MessageBar

TIMEOUT_MS = 60_000
FAST = ["--max-iters", "8", "--eval-interval", "8", "--batch-size", "4", "--device", "cpu",
        "--precision", "fp32"]


@pytest.fixture
def trained(tmp_path, tiny_corpus, capsys):
    """A project trained for a few steps by the CLI, in this test's GPTSTUDIO_HOME."""
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(tiny_corpus, encoding="utf-8")
    assert main(["new", "Hamlet", "--corpus", str(corpus), "--preset", "tiny"]) == 0
    assert main(["train", "Hamlet", *FAST]) == 0
    capsys.readouterr()
    return "Hamlet"


def wait_for_generation(qtbot, window):
    qtbot.waitUntil(lambda: window.generate_runs.thread is None and not window.generate_tab.running,
                    timeout=TIMEOUT_MS)


# -- the message bar's action ----------------------------------------------------------------------

def test_message_bar_offers_an_action_that_hides_the_message(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    bar.show()
    calls = []
    bar.show_message("error", "Something is off.", action=("Fix it", lambda: calls.append(1)))
    assert bar.action_button.isVisible() and bar.action_button.text() == "Fix it"
    assert bar.action_button.toolTip()
    bar.action_button.click()
    assert calls == [1] and bar.isHidden() and bar.level == ""
    bar.show_message("info", "Just so you know.")
    assert not bar.action_button.isVisible()  # a message without an action has no button


# -- the prompt ------------------------------------------------------------------------------------

def test_unknown_prompt_characters_are_named_and_can_be_removed(qtbot, window, trained):
    assert window.project_actions.open_project(trained)
    tab = window.generate_tab
    tab.max_tokens.setValue(10)
    tab.prompt.setPlainText("To be 你 or Z")
    tab.request_generate()
    assert window.generate_runs.thread is None and not tab.running  # refused before a worker starts
    expected = ("The prompt contains characters the model has never seen: 'Z', '你'. "
                "Remove them or train on a corpus that contains them.")
    assert window.message_bar.level == "error" and expected in window.message_bar.text()
    assert tab.status.text() == expected
    button = window.message_bar.action_button
    assert button.isVisible() and button.text() == "Remove them and generate"
    assert tab.prompt.toPlainText() == "To be 你 or Z"  # nothing changes until asked

    button.click()
    assert tab.prompt.toPlainText() == "To be  or "
    assert window.message_bar.isHidden()
    wait_for_generation(qtbot, window)
    assert tab.status.text() == "Done: 10 tokens written."
    assert tab.output.toPlainText().startswith("To be  or ")


def test_a_prompt_fixed_by_hand_clears_the_message(qtbot, window, trained):
    assert window.project_actions.open_project(trained)
    tab = window.generate_tab
    tab.max_tokens.setValue(5)
    tab.prompt.setPlainText("Zed")
    tab.request_generate()
    assert window.message_bar.offers(window.generate_runs._generate_without_unknown)
    tab.prompt.setPlainText("To")
    tab.request_generate()
    assert window.message_bar.isHidden()
    wait_for_generation(qtbot, window)
    assert tab.status.text() == "Done: 5 tokens written."


# -- the sampling settings -------------------------------------------------------------------------

def test_the_spin_boxes_only_allow_valid_settings(qtbot):
    tab = GenerateTab()
    qtbot.addWidget(tab)
    boxes = (tab.temperature, tab.top_k, tab.top_p, tab.min_p, tab.repetition, tab.max_tokens,
             tab.samples)
    for end in ("minimum", "maximum"):
        for box in boxes:
            box.setValue(getattr(box, end)())
        assert tab.sample_config().validate() == [], end
    # Typed or set past an end, a value stops at it: top-p 0, 0 tokens or samples cannot happen.
    for box, value, clamped in ((tab.top_p, 0.0, 0.01), (tab.max_tokens, 0, 1),
                                (tab.max_tokens, 10**9, 100_000), (tab.samples, 0, 1),
                                (tab.temperature, -1.0, 0.0), (tab.top_k, -5, 0),
                                (tab.repetition, 0.0, 0.5)):
        box.setValue(value)
        assert box.value() == clamped
    # The boxes hold every setting validate() allows (the command line's too), so a saved one is
    # shown as it is, never clamped into something else that would then be saved.
    tab.set_sample_config(SampleConfig(max_new_tokens=100_000, num_samples=100, seed=2**31 - 1))
    assert tab.max_tokens.value() == 100_000 and tab.samples.value() == 100
    assert tab.sample_config() == SampleConfig(max_new_tokens=100_000, num_samples=100,
                                               seed=2**31 - 1)


# -- a corpus file too big -------------------------------------------------------------------------

def test_a_new_project_from_a_file_too_big_is_refused_at_once(qtbot, window, tmp_path, answers):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as file:
        file.truncate(200_000_000)
    answers.open_file = str(big)
    start = time.perf_counter()
    assert window.project_actions.create_from_file() is None
    assert time.perf_counter() - start < 1
    assert window.project is None and window.store.list() == []
    assert ("This file is 200 MB; GPT Studio works with corpora up to 50 MB. Use a part of it."
            in window.welcome_bar.text())


def test_opening_a_file_too_big_leaves_the_project_as_it_was(qtbot, window, tmp_path):
    window.project_actions.create_from_demo("names")
    before = window.corpus_tab.text()
    big = tmp_path / "huge.txt"
    with open(big, "wb") as file:
        file.truncate(200_000_000)
    assert not window.corpus_tab.load_file(str(big))
    assert window.message_bar.level == "error" and "200 MB" in window.message_bar.text()
    qtbot.wait(50)
    assert window.corpus_tab.text() == before == window.project.read_corpus()


# -- a full disk while saving ----------------------------------------------------------------------

def test_a_full_disk_while_saving_the_text_is_said_plainly_and_the_text_is_kept(qtbot, window,
                                                                                 monkeypatch):
    import errno

    from gptstudio.projects import project as project_module

    window.project_actions.create_from_demo("names")
    saved = window.project.read_corpus()

    def disk_full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(project_module, "atomic_write_text", disk_full)
    window.corpus_tab.editor.setPlainText("Ada\nGrace\n")
    window.edits.corpus_edited()
    message = window.message_bar.text()
    assert window.message_bar.level == "error"
    assert "the disk is full" in message and "Errno" not in message
    assert window.corpus_tab.text() == "Ada\nGrace\n"  # still in the editor
    assert window.project.read_corpus() == saved  # the file on disk is the last good one
