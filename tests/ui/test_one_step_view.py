import pytest
import torch

from gptstudio.ui.inspect.one_step_view import NO_CORPUS, NO_MODEL, OneStepView
from gptstudio.ui.threads import wait_for_pool
from tests.ui.tiny_models import tiny_generator

TEXT = "emma\nolivia\nava\nisabella\nsophia\nmia\namelia\nevelyn\nharper\nluna\n" * 3


@pytest.fixture
def generator():
    return tiny_generator(TEXT)


@pytest.fixture
def view(qtbot):
    widget = OneStepView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    yield widget
    wait_for_pool(10_000)


def step(qtbot, view):
    with qtbot.waitSignal(view.step_shown, timeout=20_000):
        view.step_button.click()
        assert not view.step_button.isEnabled()  # disabled while the step runs


def test_without_a_model_or_text_the_button_is_off(view, generator):
    assert not view.step_button.isEnabled()
    assert view.message.text() == NO_MODEL
    view.set_generator(generator)
    assert not view.step_button.isEnabled()
    assert view.message.text() == NO_CORPUS
    view.set_corpus(TEXT)
    assert view.step_button.isEnabled()


def test_a_step_shows_before_and_after_and_leaves_the_saved_model_alone(qtbot, view, generator):
    saved = {k: v.clone() for k, v in generator.model.state_dict().items()}
    view.set_generator(generator)
    view.set_corpus(TEXT)
    step(qtbot, view)
    r = view.result
    assert r is not None and r.step == 1
    assert view.step_button.isEnabled() and view.reset_button.isEnabled()
    summary = view.summary_text()
    assert f"{r.loss_before:.2f} → {r.loss_after:.2f}" in summary
    assert "Loss on this batch" in summary and "chance of the right next letter" in summary
    assert "right answer" in view.context.text()
    assert len(view._before.opts["width"]) == len(r.chances) == 10
    assert list(view._after.opts["width"]) == [c.after for c in r.chances]
    ticks = [t for _, t in view.plot.getPlotItem().getAxis("left")._tickLevels[0]]
    assert sum(t.startswith("✔") for t in ticks) == 1  # the right token is marked
    for name, value in generator.model.state_dict().items():
        assert torch.equal(value, saved[name]), name

    step(qtbot, view)
    assert view.result.step == 2  # continues from the copy
    view.start_over()
    assert view.result is None and not view.reset_button.isEnabled()
    step(qtbot, view)
    assert view.result.step == 1


def test_a_new_model_drops_a_step_still_running(qtbot, view, generator):
    view.set_generator(generator)
    view.set_corpus(TEXT)
    view.step_button.click()
    view.set_generator(None)  # a late result must not show up
    wait_for_pool(10_000)
    qtbot.wait(50)
    assert view.result is None and view.message.text() == NO_MODEL


def test_a_corpus_too_short_is_a_sentence(qtbot, view, generator):
    view.set_generator(generator)
    view.set_corpus("emma\n")
    step(qtbot, view)
    assert view.result is None
    assert "lines" in view.message.text() and view.message.isVisible()
    assert view.step_button.isEnabled()


def test_a_chance_near_100_percent_keeps_its_label_on_the_chart(view):
    """The label sits right of the longest bar: the chart leaves room for it (it was cut off
    at the right edge when the right token was at 97%)."""
    from gptstudio.engine.one_step import StepResult, TokenChance

    chances = (TokenChance(1, "n", 0.97, 0.95, True), TokenChance(2, "r", 0.01, 0.01, False))
    result = StepResult(step=1, learning_rate=1e-3, batch_size=16, loss_before=0.46,
                        loss_after=1.08, context="ig", context_tokens=("i", "g"), position=1,
                        target_id=1, target_text="n", target_before=0.97, target_after=0.95,
                        chances=chances, rising_share=0.33, optimizer="adamw", state_loaded=True)
    view._draw(result)
    (low, high), _ = view.plot.getPlotItem().viewRange()
    longest = view._labels[0]
    assert longest.pos().x() >= 0.97 and high >= longest.pos().x() + 0.2  # room for "97% → 95%"
    ticks = [value for value, _ in view.plot.getPlotItem().getAxis("bottom")._tickLevels[0]]
    assert max(ticks) == pytest.approx(1.0)


def shown_summary(view, chances, **result) -> str:
    """The summary the view writes for a StepResult of these fields (a char-level model)."""
    from gptstudio.engine.one_step import StepResult

    fields = dict(context="ig", context_tokens=("i", "g"), position=1, target_id=1,
                  rising_share=0.5, optimizer="muon", state_loaded=True, batch_size=16)
    view._generator = type("G", (), {"tokenizer": type("T", (), {"kind": "char"})()})()
    view.result = StepResult(chances=chances, **{**fields, **result})
    view._show_result()
    return view.summary_text()


def test_a_right_token_that_became_less_likely_is_said_and_explained(view):
    """The teacher saw 97% -> 79% for the right character beside an explanation that said the
    right tokens become likelier: the view now says so, and why, and which optimizer stepped."""
    from gptstudio.engine.one_step import TokenChance

    chances = (TokenChance(1, "n", 0.97, 0.79, True), TokenChance(2, "r", 0.01, 0.05, False))
    text = shown_summary(view, chances, step=1, learning_rate=3e-4, loss_before=1.2,
                         loss_after=1.1, target_text="n", target_before=0.97, target_after=0.79,
                         rising_share=0.6)
    assert "the right token became less likely" in text and "batch of 16 examples" in text
    assert "Muon (with AdamW for the embeddings), as in training, with the momentum" in text
    assert "learning rate 0.00030" in text


def test_a_change_too_small_to_show_is_not_called_a_fall(view):
    """At the end of the schedule (learning rate 0.00001) a sure model's 100% stayed 100%: the
    view said the right token became less likely. It says the change is too small to show."""
    from gptstudio.engine.one_step import TokenChance

    chances = (TokenChance(1, "p", 0.9996, 0.9995, True),)
    text = shown_summary(view, chances, step=1620, learning_rate=1e-5, loss_before=0.42,
                         loss_after=0.42, target_text="p", target_before=0.9996,
                         target_after=0.9995)
    assert "changed too little to show" in text and "0.00001" in text
    assert "less likely" not in text


def test_a_loss_that_only_moved_past_two_decimals_is_not_called_lower(view):
    """A new user read "1.70 → 1.70 (lower, so better)" after a step at the end of the schedule."""
    from gptstudio.engine.one_step import TokenChance

    chances = (TokenChance(1, "p", 0.13, 0.13, True),)
    text = shown_summary(view, chances, step=1198, learning_rate=3e-5, loss_before=1.7012,
                         loss_after=1.6991, target_text="p", target_before=0.13, target_after=0.13)
    assert "1.70 → 1.70" in text and "the same to two decimals" in text
    assert "lower, so better" not in text


def test_an_unsure_model_whose_chance_fell_below_what_shows_is_told_it_fell(view):
    from gptstudio.engine.one_step import TokenChance

    chances = (TokenChance(1, "p", 0.0008, 0.0005, True),)
    text = shown_summary(view, chances, step=3, learning_rate=1e-3, loss_before=6.2,
                         loss_after=6.1, target_text="p", target_before=0.0008,
                         target_after=0.0005)
    assert "less likely" in text and "too little to show" not in text
