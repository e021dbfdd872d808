"""The Chat tab with a real model and real workers: a conversation demo trains, its held-out
answers are plotted beside the loss, and the tab talks to it (send with Enter, stream, stop,
regenerate, clear, copy, the context gauge, "Why this token?"); the Corpus tab's preview shows
what the model learns in green."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.conversations import Turn
from gptstudio.engine.loss_history import LossHistory

from .test_main_window import wait_until_idle

TIMEOUT_MS = 120_000


def chat_settings(window, max_iters=20):
    panel = window.settings_panel
    shown = panel.settings()
    data, model, training = shown.data, shown.model, shown.train
    model = replace(model, n_layer=2, n_head=2, n_embd=32, block_size=96)
    training = replace(training, max_iters=max_iters, eval_interval=10, batch_size=8, eval_iters=2,
                       sample_tokens=20, device="cpu", precision="fp32", warmup_iters=5)
    panel.set_settings(data, model, training, "custom")
    window.edits.settings_changed()


@pytest.fixture
def chat_window(qtbot, make_window):
    window = make_window()
    qtbot.waitUntil(lambda: window.torch_ready, timeout=TIMEOUT_MS)
    window.project_actions.create_from_demo("chat_shop")
    chat_settings(window)
    window.train_tab.start()
    wait_until_idle(qtbot, window, TIMEOUT_MS)
    window.tabs.setCurrentWidget(window.chat_tab)
    window.chat_tab.max_tokens.setValue(12)
    return window


def ask(qtbot, tab, text: str) -> None:
    tab.input.setPlainText(text)
    qtbot.keyClick(tab.input, QtCore.Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tab.running, timeout=TIMEOUT_MS)


def test_a_conversation_demo_trains_and_the_chat_answers(qtbot, chat_window):
    window, tab = chat_window, chat_window.chat_tab
    assert window.project.data.mode == "chat"
    # Beside the loss: how many held-out questions it answers exactly, after each evaluation.
    answers = window.train_tab.answers
    assert not answers.isHidden() and [p[0] for p in answers.points] == [10, 20]
    right, asked = answers.points[-1][1:]
    assert f"{right} of {asked}" in answers.title.text() and asked > 0
    assert window.project.history().eval_answers == tuple(answers.points)

    assert tab.input.toPlainText() == "Where are the eggs?"  # the demo's question, typed in
    assert tab.send_button.isEnabled()
    ask(qtbot, tab, "Where are the eggs?")
    assert [t.role for t in tab.turns] == ["user", "assistant"]
    bubbles = tab.view.bubbles
    assert [b.role for b in bubbles] == ["user", "assistant"]
    assert bubbles[0].plain_text() == "Where are the eggs?" and tab.input.toPlainText() == ""
    assert bubbles[1].plain_text() == tab.turns[1].text
    assert tab.status.text().startswith("Done:") and 0 < len(bubbles[1].text.tokens) <= 12
    assert bubbles[0].name.text() == "User" and bubbles[1].name.text() == "Assistant"
    assert tab.gauge.maximum() == 96 and 0 < tab.gauge.value() <= 96
    assert "of 96 tokens" in tab.gauge.format()

    ask(qtbot, tab, "How much are the apples?")
    assert len(tab.turns) == 4 and len(tab.view.bubbles) == 4
    tab.regenerate_button.click()
    qtbot.waitUntil(lambda: not tab.running, timeout=TIMEOUT_MS)
    assert len(tab.turns) == 4 and tab.turns[3].role == "assistant"  # the last reply, written again

    tab.copy_button.click()
    copied = QtGui.QGuiApplication.clipboard().text()
    assert copied.startswith("User: Where are the eggs?\nAssistant: ")
    assert copied.count("\nUser: ") == 1 and "\nUser: How much are the apples?\nAssistant: " in copied

    tab.clear_button.click()
    assert tab.turns == [] and tab.view.bubbles == [] and not tab.copy_button.isEnabled()


def test_why_this_token_opens_the_explorer_at_that_point_of_the_conversation(qtbot, chat_window):
    window, tab = chat_window, chat_window.chat_tab
    tab.temperature.setValue(0.0)
    ask(qtbot, tab, "Where are the eggs?")
    reply = tab.view.bubbles[1].text
    assert len(reply.tokens) >= 3
    reply.explore_token.emit(2)  # what the context menu's "Why this token?" does
    explorer = window.inspect_tab.explorer
    assert window.tabs.currentWidget() is window.inspect_tab
    before = "".join(e.text for _, e in reply.tokens[:2])
    assert explorer.prompt_text() == f"User: Where are the eggs?\nAssistant: {before}"
    assert explorer.sample_config().temperature == 0.0
    qtbot.waitUntil(lambda: bool(explorer.choices()), timeout=TIMEOUT_MS)
    # Greedy: the token written there is the explorer's likeliest one.
    assert explorer.choices()[0].token_id == reply.tokens[2][1].token_id


def test_unknown_characters_are_left_out_with_a_note(qtbot, chat_window):
    tab = chat_window.chat_tab
    ask(qtbot, tab, "Where are the eggs? ✓")
    assert tab.turns[0] == Turn("user", "Where are the eggs?")
    assert tab.view.bubbles[0].plain_text() == "Where are the eggs? ✓"  # as typed
    assert tab.status.text().startswith(
        "Left out of your message what the model has never seen: '✓'. Done:")


def test_stop_ends_a_reply_and_keeps_what_it_wrote(qtbot, chat_window, monkeypatch):
    """A model that never ends its turn and writes slowly: Stop ends the reply."""
    import torch

    from gptstudio.engine import model_service
    from gptstudio.engine.sampling import TextGenerator

    real = model_service.load_generator

    def slow(checkpoint_dir, which, device):
        generator = real(checkpoint_dir, which, device)
        model, ends = generator.model, generator._ends

        class Slow(torch.nn.Module):
            config = model.config

            def __init__(self):
                super().__init__()
                self.inner = model

            def forward(self, *args, **kwargs):
                time.sleep(0.02)
                logits, loss = model(*args, **kwargs)
                logits[..., list(ends)] = float("-inf")  # it never ends its turn by itself
                return logits, loss

            def new_cache(self, batch=1, length=None):
                return model.new_cache(batch, length)

        return TextGenerator(Slow(), generator.tokenizer, "chat", generator.device)

    monkeypatch.setattr(model_service, "load_generator", slow)
    tab = chat_window.chat_tab
    tab.max_tokens.setValue(4000)
    tab.input.setPlainText("Hello!")
    tab.send_button.click()
    qtbot.waitUntil(lambda: tab.view.bubbles and len(tab.view.bubbles[-1].text.tokens) >= 3,
                    timeout=TIMEOUT_MS)
    assert tab.stop_button.isEnabled() and not tab.send_button.isEnabled()
    tab.stop_button.click()
    qtbot.waitUntil(lambda: not tab.running, timeout=TIMEOUT_MS)
    assert tab.status.text().startswith("Stopped:")
    written = tab.view.bubbles[-1].plain_text()
    assert tab.turns[-1] == Turn("assistant", written) and 0 < len(tab.view.bubbles[-1].text.tokens) < 4000


def test_without_a_chat_model_the_tab_says_why(qtbot, make_window):
    window = make_window()
    tab = window.chat_tab
    assert "Open a project" in tab.view.placeholder.text()
    window.project_actions.create_from_demo("names")
    assert "learns plain text, not conversations" in tab.view.placeholder.text()
    assert not tab.input.isEnabled() and not tab.send_button.isEnabled()
    window.project_actions.create_from_demo("chat_fruit")
    assert "no trained model yet" in tab.view.placeholder.text()
    assert tab.input.toPlainText() == "有西瓜吗？"


# -- pieces on their own ----------------------------------------------------------------------------


def test_the_system_line_shows_where_the_conversations_have_one(qtbot):
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.ui.tabs.chat_tab import ChatTab

    text = "\n".join('{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", '
                     f'"content": "Hi {i}"}}, {{"role": "assistant", "content": "Yo {i}"}}]}}'
                     for i in range(12))
    tab = ChatTab()
    qtbot.addWidget(tab)
    tab.show()
    requests = []
    tab.reply_requested.connect(requests.append)
    tab.set_model(train_tokenizer("char", text, mode="chat"), 64)
    assert tab.system.isVisible() and tab.system.text() == "Be brief."
    tab.input.setPlainText("Hi 3")
    tab.send_button.click()
    assert requests[0].system == "Be brief." and requests[0].turns == (Turn("user", "Hi 3"),)
    assert isinstance(requests[0].config, SampleConfig) and tab.running
    tab.finish_reply("Done.")
    assert tab.transcript() == "System: Be brief.\nUser: Hi 3\nAssistant: "
    tab.set_model(train_tokenizer("char", "User: a\nAssistant: b\n\nUser: c\nAssistant: d", mode="chat"), 64)
    assert not tab.system.isVisible() and tab._system() == ""


def test_the_gauge_warns_when_the_conversation_fills_the_context(qtbot):
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.ui.tabs.chat_tab import ChatTab

    tab = ChatTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.set_model(train_tokenizer("char", "User: abc\nAssistant: d\n\nUser: a\nAssistant: b",
                                  mode="chat"), 16)
    tab.turns = [Turn("user", "abcabc"), Turn("assistant", "ddd")]
    tab._update_gauge()
    # <sos>, then each turn: its marker, its words, its end: 1 + (1 + 6 + 1) + (1 + 3 + 1)
    assert tab.gauge.format() == "14 of 16 tokens" and tab.gauge_note.isVisible()
    assert "fills most of the model's context, and a reply needs room" in tab.gauge_note.text()
    tab.turns.append(Turn("user", "abc"))  # longer than the context: no "19 of 16 tokens"
    tab._update_gauge()
    assert tab.gauge.format() == "19 tokens, more than the 16 the model sees"


def test_the_preview_highlights_what_the_model_learns(qtbot):
    from gptstudio.engine.corpus_report import StatsSettings
    from gptstudio.ui.tabs.corpus_notes import chat_preview_html
    from gptstudio.ui.tabs.corpus_stats_text import compute_report

    text = "\n\n".join(f"User: What is {i} plus 1?\nAssistant: {i + 1}." for i in range(20))
    report = compute_report(text, StatsSettings(mode="chat", block_size=64))
    assert report.problem is None and report.guess.mode == "chat"
    first = report.preview[0]
    assert first.pieces == (("turn", "<|user|>"), ("read", "What is 0 plus 1?"), ("marker", "<|end|>"),
                            ("turn", "<|assistant|>"), ("learned", "1."), ("learned_marker", "<|end|>"))
    page = chat_preview_html(report.preview)
    assert "<span style='color:#0b4f1e; background:#c9efc9;'>1.</span>" in page
    assert "<span style='color:#555;'>What is 0 plus 1?</span>" in page
    label = QtWidgets.QTextBrowser()
    label.setHtml(page)
    assert "Conversation 1:" in label.toPlainText() and "Green: what the model learns" in label.toPlainText()


def test_a_malformed_line_is_named_in_the_corpus_tab():
    from gptstudio.engine.corpus_report import StatsSettings
    from gptstudio.ui.tabs.corpus_stats_text import compute_report

    good = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}'
    report = compute_report("\n".join([good] * 15 + ["{oops"]), StatsSettings(mode="chat"))
    assert report.problem.startswith("Line 16 is not valid JSON")


def test_the_answers_plot_follows_the_train_tab(qtbot):
    from gptstudio.engine.events import EvalEvent, StartedEvent
    from gptstudio.ui.tabs.train_tab import TrainTab

    tab = TrainTab()
    qtbot.addWidget(tab)
    tab.show()
    assert not tab.answers.isVisible()  # not a chat
    tab.on_events([EvalEvent(10, 2.0, 2.1, "", ()), EvalEvent(20, 1.5, 1.6, "", (3, 10))])
    assert tab.answers.isVisible() and tab.answers.points == [(20, 3, 10)]
    assert tab.answers.title.text().startswith("<b>3 of 10</b> held-out questions")
    tab.on_events([StartedEvent(10, 40, "cpu", "fp32", 1, 1)])
    assert tab.answers.points == [] and not tab.answers.isVisible()
    tab.show_history(LossHistory(steps=(10,), train_loss=(1.0,),
                                 eval_answers=((5, 1, 4), (10, 4, 4))), 40)
    assert tab.answers.points == [(5, 1, 4), (10, 4, 4)]


def test_a_bubble_grows_with_its_reply_and_wraps_at_its_widest(qtbot):
    from gptstudio.engine.events import TokenEvent
    from gptstudio.ui.tabs.chat_tab import ChatView

    view = ChatView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    bubble = view.add("assistant", "Assistant")
    narrow = bubble.text.width()
    for i, piece in enumerate("The eggs are in aisle 3.".split(" ")):
        bubble.text.append_token(TokenEvent(0, i, 5, piece + " ", 0.9, ()))
    metrics = bubble.text.fontMetrics()
    assert bubble.text.width() > max(narrow, metrics.horizontalAdvance("The eggs are in aisle 3."))
    one_line = bubble.text.height()
    for i in range(40):
        bubble.text.append_token(TokenEvent(0, 10 + i, 5, "more words ", 0.9, ()))
    assert bubble.text.width() <= view.viewport().width() and bubble.text.height() > 2 * one_line


def test_the_window_refreshing_its_tabs_keeps_the_chat_status(qtbot, chat_window):
    # A run's end, a step timing or a setting makes the window refresh every tab; the same model
    # must keep what the status line says about the last reply.
    tab = chat_window.chat_tab
    ask(qtbot, tab, "Where are the eggs?")
    said = tab.status.text()
    assert said.startswith("Done:")
    chat_window.update_actions()
    assert tab.status.text() == said
