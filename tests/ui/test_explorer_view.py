import pytest
import torch
from PySide6 import QtCore

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.sampling import TextGenerator, next_token_distribution
from gptstudio.ui.inspect.explorer_view import NO_MODEL, ExplorerView
from gptstudio.ui.widgets.text import token_label
from tests.ui.tiny_models import tiny_generator

TEXT = "emma\nolivia\nava\nisabella\nsophia\nmia\namelia\nevelyn\nharper\nluna\n"


class CountingGenerator(TextGenerator):
    """A real generator that counts the model's forward passes."""

    forward_calls = 0

    def _forward(self, ids, cache):
        self.forward_calls += 1
        return super()._forward(ids, cache)


@pytest.fixture
def generator():
    return tiny_generator(TEXT, cls=CountingGenerator)


@pytest.fixture
def view(qtbot, generator):
    widget = ExplorerView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    widget.set_generator(generator)
    widget.set_prompt("em")
    return widget


def model_logits(gen, prompt):
    ids = [gen.tokenizer.sos_id, *gen.tokenizer.encode(prompt)]
    with torch.no_grad():
        logits, _ = gen.model(torch.tensor([ids]))
    logits = logits[0, -1].clone()  # (V,)
    logits[gen._banned] = float("-inf")
    return logits


def test_bars_equal_the_softmax_of_the_filtered_logits(view, generator):
    view.temperature.setValue(0.7)
    view.top_k.setValue(4)
    scaled = model_logits(generator, "em") / 0.7
    kth = torch.topk(scaled, 4).values[-1]
    expected = torch.softmax(scaled.masked_fill(scaled < kth, float("-inf")), -1)
    rows = view.choices()
    assert len(rows) == min(20, generator.tokenizer.vocab_size - len(generator._banned))
    for row in rows:
        assert row.prob == pytest.approx(float(expected[row.token_id]), abs=1e-6)
    assert [row.excluded for row in rows] == [False] * 4 + [True] * (len(rows) - 4)
    # and exactly what generation would draw from (same forward pass, same filters)
    with torch.no_grad():
        logits = generator._forward([[generator.tokenizer.sos_id, *generator.tokenizer.encode("em")]], None)[0]
    logits[generator._banned] = float("-inf")
    engine = next_token_distribution(logits, view.sample_config())
    assert all(row.prob == float(engine[row.token_id]) for row in rows)


def test_moving_the_knobs_greys_bars_without_running_the_model_again(view, generator):
    calls = generator.forward_calls
    for k in (1, 2, 3, 0):
        view.top_k.setValue(k)
        cut = [row.excluded for row in view.choices()]
        assert sum(not c for c in cut) == (k or len(cut))
        grey = view._cut.opts["y"]
        assert list(grey) == [y for y, c in enumerate(cut) if c]
    view.top_p.setValue(0.5)
    view.temperature.setValue(1.7)
    assert generator.forward_calls == calls


def test_temperature_zero_leaves_one_bar(view):
    view.temperature.setValue(0.0)
    rows = view.choices()
    assert rows[0].prob == 1.0 and not rows[0].excluded
    assert all(row.excluded for row in rows[1:])
    assert list(view._chance.opts["y"]) == [0]


def test_choosing_a_bar_appends_its_token_and_shows_the_next_step(view, generator):
    rows = view.choices()
    index = next(i for i, row in enumerate(rows) if row.text != "<eos>")
    view.choose(index)
    assert view.prompt_text() == "em" + rows[index].text
    expected = torch.softmax(model_logits(generator, view.prompt_text()), -1)
    assert view.choices()[0].raw_prob == pytest.approx(float(expected.max()), abs=1e-6)


def test_clicking_a_bar_with_the_mouse_chooses_it(view, qtbot):
    rows = view.choices()
    index = next(i for i, row in enumerate(rows) if row.text != "<eos>")
    item = view.plot.getPlotItem()
    scene = item.vb.mapViewToScene(QtCore.QPointF(0.005, index))
    point = view.plot.mapFromScene(scene)
    qtbot.mouseClick(view.plot.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: view.prompt_text() == "em" + rows[index].text, timeout=2000)


def test_choosing_the_end_marker_explains_instead_of_appending(view):
    eos = view._explorer.generator.tokenizer.eos_id
    view.temperature.setValue(1.0)
    index = next((i for i, row in enumerate(view.choices()) if row.token_id == eos), None)
    assert index is not None
    view.choose(index)
    assert view.prompt_text() == "em"
    assert "end the text here" in view.message_text()


def test_typing_recomputes_after_a_pause(view, qtbot, generator):
    calls = generator.forward_calls
    view.prompt.setPlainText("emm")
    qtbot.waitUntil(lambda: generator.forward_calls == calls + 1, timeout=2000)
    assert view.heading.text() == "What the model would write after “emm”:"


def test_unknown_characters_show_the_engine_sentence(view):
    view.set_prompt("em!")
    assert view.choices() == []
    assert "never seen" in view.message_text() and "'!'" in view.message_text()
    assert view.message.isVisible()


def test_without_a_model_it_says_to_train_first(qtbot):
    widget = ExplorerView()
    qtbot.addWidget(widget)
    assert widget.message_text() == NO_MODEL
    assert not widget.prompt.isEnabled() and widget.choices() == []


def test_set_sample_config_takes_the_four_knobs(view):
    view.set_sample_config(SampleConfig(temperature=0.3, top_k=2, top_p=0.9, min_p=0.1))
    config = view.sample_config()
    assert (config.temperature, config.top_k, config.top_p, config.min_p) == (0.3, 2, 0.9, 0.1)
    assert sum(not row.excluded for row in view.choices()) <= 2


def test_token_labels_show_invisible_characters():
    assert token_label(" ") == "␣"
    assert token_label("\n") == "↵"
    assert token_label("<eos>") == "(end)"
    assert token_label("a b") == "a␣b"
