import numpy as np
import pytest
import torch

from gptstudio.engine import embedding_map as maps
from gptstudio.ui.inspect.embedding_view import NO_MODEL, EmbeddingView
from tests.ui.tiny_models import tiny_generator

TEXT = "emma, 12\nolivia!\nava\nisabella\nsophia\nmia\namelia\nevelyn\nharper\nluna 7\n"


def make_generator(text=TEXT, kind="char", seed=3):
    return tiny_generator(text, kind, seed)


@pytest.fixture
def view(qtbot):
    widget = EmbeddingView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def visible_labels(view):
    return [label for label in view._labels if label.isVisible()]


def test_without_a_model_it_says_so(view):
    assert view.message.text() == NO_MODEL and view.message.isVisible()
    assert not view.plot.isVisible() and not visible_labels(view)


def test_each_token_is_drawn_as_its_text_where_the_map_puts_it(view):
    gen = make_generator()
    view.set_generator(gen)
    m = view.map
    assert set(m.labels) == set(TEXT)  # the specials are left out
    labels = visible_labels(view)
    assert len(labels) == len(set(TEXT))
    texts = {label.textItem.toPlainText() for label in labels}
    assert {"a", "1", "!", "␣", "↵"} <= texts
    for label, (x, y) in zip(labels, m.points, strict=True):
        assert label.pos().x() == pytest.approx(x) and label.pos().y() == pytest.approx(y)
    colours = {label.textItem.toPlainText(): label.color.getRgb()[:3] for label in labels}
    assert colours["a"] == colours["e"] != colours["m"] == colours["l"]
    assert colours["1"] == colours["7"] != colours["!"]
    assert "vowels" in view.legend.text() and "digits" in view.legend.text()
    assert "CJK" not in view.legend.text()  # only the kinds on the map
    assert "Showing" in view.note.text()
    view.set_generator(None)
    assert not visible_labels(view) and view.message.text() == NO_MODEL


def test_a_newer_checkpoint_moves_the_tokens_and_keeps_the_range(view):
    gen = make_generator()
    view.set_generator(gen)
    before = view.map.points.copy()
    vb = view.plot.getPlotItem().getViewBox()
    range_before = vb.viewRange()
    with torch.no_grad():  # a small change, as between two checkpoints
        gen.model.transformer.wte.weight.mul_(1.02).add_(
            0.001 * torch.randn_like(gen.model.transformer.wte.weight))
    view.set_generator(gen)
    assert not np.allclose(view.map.points, before)
    assert np.allclose(vb.viewRange(), range_before)
    with torch.no_grad():  # the cloud grows far beyond the view: fit it again
        gen.model.transformer.wte.weight.mul_(10)
    view.set_generator(gen)
    (x0, x1), _ = vb.viewRange()
    assert x1 - x0 > 5 * (range_before[0][1] - range_before[0][0])


def test_a_large_vocabulary_shows_the_most_used_tokens_and_says_so(view):
    text = ("the cat and the dog " * 20) + " ".join(f"word{i}" for i in range(400))
    gen = make_generator(text, kind="word")
    view.set_corpus(text)
    view.set_generator(gen)
    assert len(view.map.labels) == 300  # the 300 most used are on the map
    written = {label.textItem.toPlainText() for label in visible_labels(view)}
    assert len(written) == maps.LABELLED and {"the", "cat", "and", "dog"} <= written
    assert len(view._dots.data) == 300 - maps.LABELLED  # the others are dots
    assert "most used in your text" in view.note.text() and "dots" in view.note.text()
    assert "vowels" not in view.explanation.text() and "Each word" in view.explanation.text()


CHINESE = ("床前明月光，疑是地上霜。举头望明月，低头思故乡。\n" * 5
           + "".join(chr(0x4E00 + i) for i in range(400)) + "\n")


def test_a_chinese_map_is_coloured_by_use_and_writes_out_only_the_most_used(view):
    """Three hundred characters of one colour, all written out, were one blob."""
    gen = make_generator(CHINESE)
    view.set_corpus(CHINESE)
    view.set_generator(gen)
    m = view.map
    assert m.scheme == "frequency" and len(m.labels) == 300
    colours = {label.color.getRgb()[:3] for label in visible_labels(view)}
    assert len(colours) >= 3  # the most used third, punctuation, ...
    groups = dict(zip(m.labels, m.groups, strict=True))
    assert groups["明"] == "frequent" and groups["，"] == groups["。"] == "punctuation"
    assert len(visible_labels(view)) == maps.LABELLED
    assert "月" in {label.textItem.toPlainText() for label in visible_labels(view)}
    legend = view.legend.text()
    assert "the most used third" in legend and "vowels" not in legend
    assert "vowels" not in view.explanation.text() and "Each character" in view.explanation.text()
    assert "how often your text uses it" in view.legend.toolTip()
