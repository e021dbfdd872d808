import numpy as np
import pytest
import torch
from PySide6 import QtCore, QtGui

from gptstudio.engine.attention_maps import attention_maps
from gptstudio.engine.config import ModelConfig
from gptstudio.engine.model import GPT
from gptstudio.engine.sampling import TextGenerator
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.ui.inspect.attention_view import NO_MODEL, SHOWN_TOKENS, AttentionView

CORPUS = "anna\nbob\ncarla\ndavid\n emma"


def make_generator(mode="lines", block_size=16, n_head=2):
    tokenizer = train_tokenizer("char", CORPUS)
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=tokenizer.vocab_size, block_size=block_size, n_layer=2,
                            n_head=n_head, n_embd=16, dropout=0.0))
    with torch.no_grad():  # large weights: attention far from uniform
        for p in model.parameters():
            p.normal_(0.0, 0.5)
    return TextGenerator(model, tokenizer, mode)


@pytest.fixture
def view(qtbot):
    widget = AttentionView()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show_prompt(view, generator, prompt):
    view.set_generator(generator)
    view.prompt.setText(prompt)
    view.refresh()


def test_without_a_model_it_says_to_train_first(view):
    assert view.pages.currentWidget() is view.untrained
    assert view.untrained.text() == NO_MODEL
    assert view.maps() is None


def test_maps_are_the_engines_for_the_prompt(view):
    generator = make_generator()
    show_prompt(view, generator, "carla")
    ids = [generator.tokenizer.sos_id, *generator.tokenizer.encode("carla")]
    assert np.array_equal(view.maps(), attention_maps(generator.model, ids).numpy())
    assert view.shown_tokens() == ["<sos>", "c", "a", "r", "l", "a"]
    np.testing.assert_allclose(view.maps().sum(-1), 1.0, rtol=1e-6)


def test_typing_recomputes_after_a_pause(view, qtbot):
    view.set_generator(make_generator())
    view.prompt.setText("bob")
    qtbot.waitUntil(lambda: view.shown_tokens() == ["<sos>", "b", "o", "b"], timeout=2000)


def test_grid_shows_the_chosen_layer_and_head(view):
    show_prompt(view, make_generator(), "david")
    maps = view.maps()
    view.set_layer(1)
    view.set_head(0)
    assert np.array_equal(view.matrix(), maps[1, 0])
    assert np.array_equal(view.grid.matrix, maps[1, 0])
    view.set_head(1)
    assert np.array_equal(view.grid.matrix, maps[1, 1])
    view.set_head(None)
    np.testing.assert_allclose(view.grid.matrix, maps[1].mean(0))
    assert view.head_box.currentText() == "Average of all heads"


def test_hovering_a_token_highlights_what_it_attends_to(view, qtbot):
    show_prompt(view, make_generator(), "anna")
    view.set_layer(0)
    view.set_head(1)
    assert view.highlighted() is None
    view.hover_token(3)
    weights = view.maps()[0, 1, 3]
    assert np.array_equal(view.highlighted(), weights)
    assert np.array_equal(view.strip.weights, weights)
    assert view.highlighted()[4] == 0  # the token after it is the future
    assert view.grid.hovered == 3
    view.hover_token(-1)
    assert view.highlighted() is None and view.strip.weights is None


def test_pointing_at_a_token_box_or_grid_row_hovers_it(view, qtbot):
    show_prompt(view, make_generator(), "emma")
    centre = view.strip._rects[2].center().toPoint()
    qtbot.mouseMove(view.strip, QtCore.QPoint(1, 1))  # the first move only enters the window
    qtbot.mouseMove(view.strip, centre)
    qtbot.waitUntil(lambda: view.hovered() == 2, timeout=2000)
    left, top = view.grid._margins()
    cell = view.grid._cell()
    row_point = QtCore.QPoint(int(left + cell / 2), int(top + 4.5 * cell))
    assert view.grid.cell_at(QtCore.QPointF(row_point)) == (4, 0)
    qtbot.mouseMove(view.grid, row_point)
    qtbot.waitUntil(lambda: view.hovered() == 4, timeout=2000)
    assert np.array_equal(view.highlighted(), view.matrix()[4])


def test_unknown_characters_get_a_plain_message(view):
    show_prompt(view, make_generator(), "bob!")
    assert "never seen" in view.message.text() and "!" in view.message.text()
    assert view.maps() is None and view.grid.matrix.shape == (0, 0)
    assert view.strip.labels == []


def test_spaces_and_line_breaks_are_visible(view):
    show_prompt(view, make_generator(mode="continuous"), "anna\nbo b")
    assert view.strip.labels == ["a", "n", "n", "a", "↵", "b", "o", "␣", "b"]
    assert view.grid.labels[4] == "↵"


def test_long_prompts_are_clipped_to_the_context_and_the_view(view):
    generator = make_generator(mode="continuous", block_size=64)
    text = "anna bob carla david emma " * 4
    show_prompt(view, generator, text)
    assert view.maps().shape == (2, 2, 64, 64)
    assert len(view.shown_tokens()) == SHOWN_TOKENS
    assert view.matrix().shape == (SHOWN_TOKENS, SHOWN_TOKENS)
    assert "last 64" in view.message.text() and f"last {SHOWN_TOKENS}" in view.message.text()
    ids = generator.tokenizer.encode(text)[-64:]
    assert np.array_equal(view.maps(), attention_maps(generator.model, ids).numpy())


def test_a_newer_model_keeps_prompt_layer_and_head(view):
    show_prompt(view, make_generator(), "bob")
    view.set_layer(1)
    view.set_head(1)
    view.set_generator(make_generator())
    assert (view.layer(), view.head(), view.prompt.text()) == (1, 1, "bob")
    view.set_generator(make_generator(n_head=4))
    assert view.head_box.count() == 5
    view.set_generator(None)
    assert view.pages.currentWidget() is view.untrained


def test_the_view_paints(view):
    show_prompt(view, make_generator(), "carla")
    view.hover_token(2)
    image = view.grab().toImage()
    assert image.width() > 0
    assert view.grid.grab().toImage().pixelColor(5, 5) == QtGui.QColor(view.grid.palette().base().color())
