"""LossHistory: a checkpoint's loss-history dict read as typed data, and written back unchanged."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError

import pytest

from gptstudio.engine.checkpoint import EMPTY_HISTORY, latest_checkpoint, new_history, read_meta
from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.loss_history import LossHistory

# As the trainer writes it: steps and losses per step, then one row per check, a sample with each,
# and a chat's held-out answers.
SAVED = {
    "steps": [1, 2, 3, 4], "train_loss": [4.1, 3.5, 3.0, 2.75], "lr": [0.001, 0.002, 0.003, 0.003],
    "eval_steps": [2, 4], "eval_train": [3.4, 2.7], "eval_val": [3.6, 2.9],
    "samples": [[2, "the ca"], [4, ""]], "eval_answers": [[2, 0, 4], [4, 3, 4]],
}


def test_a_saved_history_reads_as_attributes():
    history = LossHistory.from_dict(SAVED)
    assert history.steps == (1, 2, 3, 4) and history.train_loss == (4.1, 3.5, 3.0, 2.75)
    assert history.eval_steps == (2, 4) and history.eval_train == (3.4, 2.7)
    assert history.eval_val == (3.6, 2.9) and history.lr == (0.001, 0.002, 0.003, 0.003)
    assert history.samples == ((2, "the ca"), (4, ""))
    assert history.eval_answers == ((2, 0, 4), (4, 3, 4))
    assert history.last_step == 4 and history.last_val == 2.9


def test_reading_and_writing_again_gives_the_same_bytes():
    again = LossHistory.from_dict(json.loads(json.dumps(SAVED))).to_dict()
    assert again == SAVED and json.dumps(again) == json.dumps(SAVED)
    assert list(LossHistory().to_dict()) == list(SAVED) == list(EMPTY_HISTORY)
    assert new_history() == {key: [] for key in SAVED}


def test_a_trained_checkpoints_history_round_trips_exactly(tiny_corpus, tmp_path):
    from gptstudio.engine.config import DataConfig
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    train = TrainConfig(batch_size=4, max_iters=6, eval_interval=3, eval_iters=1, precision="fp32",
                        device="cpu", sample_tokens=5, num_threads=1)
    Trainer(corpus=tiny_corpus, tokenizer=train_tokenizer("char", tiny_corpus), data=DataConfig(),
            model=ModelConfig(block_size=16, n_layer=1, n_head=2, n_embd=16), train=train,
            checkpoint_dir=tmp_path).run(lambda event: None)
    folder = latest_checkpoint(tmp_path)
    saved = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["history"]
    history = LossHistory.from_dict(read_meta(folder)["history"])
    assert history.steps == tuple(range(1, 7)) and history.eval_steps == (3, 6)
    assert json.dumps(history.to_dict()) == json.dumps(saved)


def test_an_old_history_without_later_keys_reads_as_empty_series():
    old = {key: SAVED[key] for key in ("steps", "train_loss", "eval_steps", "eval_train", "eval_val")}
    history = LossHistory.from_dict(old)
    assert history.steps == (1, 2, 3, 4) and history.eval_val == (3.6, 2.9)
    assert history.lr == history.samples == history.eval_answers == ()


@pytest.mark.parametrize("raw", [None, [], "history", 3, {"steps": "1, 2"}, {"eval_val": {"a": 1}}])
def test_a_history_that_is_not_one_reads_as_empty(raw):
    history = LossHistory.from_dict(raw)
    assert history == LossHistory()
    assert history.last_step == 0 and history.last_val is None


def test_damaged_entries_are_left_out_with_their_row():
    damaged = {
        "steps": [1, "2", 3, True, 5, 6], "train_loss": [4.0, 3.9, None, 3.5, 3.4],  # one short
        "lr": [0.1, "fast", 0.2],
        "eval_steps": [2, 4, 6], "eval_train": [3.0, [1], 2.0], "eval_val": [3.1, 2.9, 2.1],
        "samples": [[2, "ab"], [4], "text", [6, None], [6, "cd"]],
        "eval_answers": [[2, 1, 4], [4, 1], [6, 2.5, 4], [6, 2, 4]],
    }
    history = LossHistory.from_dict(damaged)
    assert history.steps == (1, 5) and history.train_loss == (4.0, 3.4)
    assert history.lr == (0.1, 0.2)
    assert (history.eval_steps, history.eval_train, history.eval_val) == ((2, 6), (3.0, 2.0), (3.1, 2.1))
    assert history.samples == ((2, "ab"), (6, "cd"))
    assert history.eval_answers == ((2, 1, 4), (6, 2, 4))


def test_a_history_is_frozen():
    history = LossHistory.from_dict(SAVED)
    with pytest.raises(FrozenInstanceError):
        history.steps = ()  # type: ignore[misc]
