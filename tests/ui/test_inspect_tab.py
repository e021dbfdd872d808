"""The Look inside tab in the window: it shows the project's latest model (loaded when the tab is
on screen), follows new checkpoints while training runs, and the Generate tab gets the corpus index
for its copied-text check."""

from __future__ import annotations

import pytest

from gptstudio.cli import main

from .test_main_window import fast_settings, wait_until_idle

TIMEOUT_MS = 60_000
FAST = ["--max-iters", "10", "--eval-interval", "10", "--batch-size", "4", "--device", "cpu",
        "--precision", "fp32"]


@pytest.fixture
def trained(corpus_file, capsys):
    assert main(["new", "Hamlet", "--corpus", str(corpus_file), "--preset", "tiny"]) == 0
    assert main(["train", "Hamlet", *FAST]) == 0
    capsys.readouterr()
    return "Hamlet"


def show_inspect(qtbot, window):
    qtbot.waitUntil(lambda: window.torch_ready, timeout=TIMEOUT_MS)
    window.tabs.setCurrentWidget(window.inspect_tab)


def test_the_tab_shows_the_latest_checkpoint_and_its_views_work(qtbot, make_window, trained):
    window = make_window()
    assert window.project_actions.open_project(trained)
    show_inspect(qtbot, window)
    tab = window.inspect_tab
    qtbot.waitUntil(lambda: tab.loaded_checkpoint() is not None, timeout=TIMEOUT_MS)
    assert tab.loaded_checkpoint().endswith("step-00000010")
    assert "step 10" in tab.status.text()
    prompt = window.corpus_tab.text()[:12]
    tab.explorer.set_prompt(prompt)
    choices = tab.explorer.choices()
    assert not tab.explorer.message_text() or "Each bar" in tab.explorer.message_text(), (
        tab.explorer.message_text())
    assert 0 < len(choices) <= 20 and sum(c.raw_prob for c in choices) <= 1 + 1e-5
    assert [c.raw_prob for c in choices] == sorted((c.raw_prob for c in choices), reverse=True)
    tab.views.setCurrentWidget(tab.attention)
    tab.attention.prompt.setText(prompt)
    tab.attention.refresh()
    maps = tab.attention.maps()
    assert maps is not None and maps.shape[0] == window.project.model.n_layer


def test_without_a_trained_model_the_tab_says_to_train_first(qtbot, make_window):
    window = make_window()
    window.project_actions.create_from_demo("names")
    show_inspect(qtbot, window)
    assert window.inspect_tab.loaded_checkpoint() is None
    assert "Train the model first" in window.inspect_tab.status.text()


def test_new_checkpoints_are_followed_while_the_tab_is_shown(qtbot, make_window):
    window = make_window()
    window.project_actions.create_from_demo("names")
    qtbot.waitUntil(lambda: window.torch_ready, timeout=TIMEOUT_MS)
    fast_settings(window, max_iters=10, eval_interval=5)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    show_inspect(qtbot, window)
    tab = window.inspect_tab
    qtbot.waitUntil(lambda: (tab.loaded_checkpoint() or "").endswith("step-00000010"),
                    timeout=TIMEOUT_MS)
    fast_settings(window, max_iters=20, eval_interval=5)
    window.train_tab.start()
    window.tabs.setCurrentWidget(tab)  # training switches to the Train tab; come back
    qtbot.waitUntil(lambda: (tab.loaded_checkpoint() or "").endswith("step-00000020"),
                    timeout=TIMEOUT_MS)
    wait_until_idle(qtbot, window)


def test_the_generate_tab_gets_the_corpus_index(qtbot, make_window):
    window = make_window()
    window.project_actions.create_from_demo("names")
    qtbot.waitUntil(lambda: window.generate_tab.mark_copied.isEnabled(), timeout=TIMEOUT_MS)
    assert window.generate_tab._corpus_index.corpus == window.corpus_tab.text()


def test_a_generated_token_opens_the_explorer_at_that_point(qtbot, make_window, trained):
    from gptstudio.engine.config import SampleConfig

    window = make_window()
    assert window.project_actions.open_project(trained)
    qtbot.waitUntil(lambda: window.torch_ready, timeout=TIMEOUT_MS)
    prompt = window.corpus_tab.text()[:5]
    config = SampleConfig(temperature=0.5, top_k=7, max_new_tokens=12, seed=3)
    window.generate_runs.start_generation(prompt, config)
    qtbot.waitUntil(lambda: window.generate_runs.thread is None and not window.generate_tab.running,
                    timeout=TIMEOUT_MS)
    output = window.generate_tab.output
    written = "".join(event.text for _, event in output.tokens)
    assert len(output.tokens) >= 5
    output.explore_token.emit(4)  # what the context menu's "Why this token?" does
    explorer = window.inspect_tab.explorer
    assert window.tabs.currentWidget() is window.inspect_tab
    assert explorer.prompt_text() == prompt + "".join(e.text for _, e in output.tokens[:4])
    assert written.startswith(explorer.prompt_text()[len(prompt):])
    assert explorer.sample_config().top_k == 7 and explorer.sample_config().temperature == 0.5
    qtbot.waitUntil(lambda: bool(explorer.choices()), timeout=TIMEOUT_MS)
    assert output.tokens[4][1].token_id in [c.token_id for c in explorer.choices()] or \
        output.tokens[4][1].prob < 0.01


def test_one_step_and_embedding_map_get_the_model_and_the_corpus(qtbot, make_window, trained):
    window = make_window()
    assert window.project_actions.open_project(trained)
    show_inspect(qtbot, window)
    tab = window.inspect_tab
    qtbot.waitUntil(lambda: tab.loaded_checkpoint() is not None, timeout=TIMEOUT_MS)
    tab.views.setCurrentWidget(tab.embedding)
    qtbot.waitUntil(lambda: tab.embedding.map is not None, timeout=TIMEOUT_MS)
    assert set(tab.embedding.map.labels) <= set(window.corpus_tab.text()) | {"␣", "↵"}
    tab.views.setCurrentWidget(tab.one_step)
    tab.one_step.take_step()
    qtbot.waitUntil(lambda: tab.one_step.result is not None and not tab.one_step.is_running(),
                    timeout=TIMEOUT_MS)
    assert tab.one_step.result.context  # an example from the project's corpus


def test_reopening_a_project_gives_the_generate_tab_its_corpus_index_again(qtbot, make_window):
    window = make_window()
    window.project_actions.create_from_demo("names")
    name = window.project.name
    qtbot.waitUntil(lambda: window.generate_tab.mark_copied.isEnabled(), timeout=TIMEOUT_MS)
    assert window.project_actions.close_project()
    assert not window.generate_tab.mark_copied.isEnabled()
    assert window.project_actions.open_project(name)
    qtbot.waitUntil(lambda: window.generate_tab.mark_copied.isEnabled(), timeout=TIMEOUT_MS)
