"""The model card and its loss curve read the checkpoint's history as a LossHistory: a damaged
history gives a card with what is readable, never a traceback."""

from __future__ import annotations

from gptstudio.engine.loss_history import LossHistory
from gptstudio.projects.model_card import loss_curve_svg, model_card

HISTORY = {"steps": [1, 2, 3, 4], "train_loss": [4.0, 3.5, 3.0, 2.5], "lr": [0.001] * 4,
           "eval_steps": [2, 4], "eval_train": [3.4, 2.6], "eval_val": [3.6, 2.9],
           "samples": [[2, "to be or"], [4, "to be or not"]], "eval_answers": []}


def test_the_curve_draws_every_validation_point_and_nothing_without_a_history():
    svg = loss_curve_svg(LossHistory.from_dict(HISTORY))
    assert svg.count("<circle") == 2 and svg.count("<polyline") == 2
    empty = loss_curve_svg(LossHistory())
    assert empty.startswith("<svg") and "<circle" not in empty and "<polyline" not in empty


def test_the_card_gives_the_last_losses_and_the_newest_samples(project):
    meta = {"step": 4, "history": HISTORY}
    card = model_card(project, meta, licence="mit", parameters=1234)
    assert "| last validation loss | 2.9000 (training 2.6000) |" in card
    assert card.index("to be or not") < card.index("to be or\n")


def test_a_damaged_history_makes_a_card_without_its_figures(project):
    # Validation losses without their training losses (the card once read eval_train[-1] and
    # stopped with an IndexError), samples that are not (step, text).
    damaged = {**HISTORY, "eval_train": [], "samples": ["text", [4]]}
    card = model_card(project, {"step": 4, "history": damaged}, licence="", parameters=1234)
    assert "last validation loss" not in card and "## Samples" in card
    assert "<svg" in loss_curve_svg(LossHistory.from_dict(damaged))
