"""Sentences that said the wrong thing (issue 22, defect 12): a first checkpoint that could not be
saved has no "previous checkpoint" to keep; validation batches that do not fit are not a reason
to shorten the context; new characters met while training are in the text, not in a prompt.
Each test here failed before."""

from __future__ import annotations

import errno

import pytest

from gptstudio.engine.checkpoint import new_history, save_checkpoint
from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.errors import CheckpointNotSaved, UnknownCharacters
from gptstudio.engine.memory import not_enough_memory
from gptstudio.engine.model import GPT
from gptstudio.engine.tokenizers import CharTokenizer
from gptstudio.engine.trainer import Trainer
from tests.disk_faults import FailingDisk


def _save(folder, step):
    model = GPT(ModelConfig(vocab_size=8, block_size=8, n_layer=1, n_head=2, n_embd=8))
    return save_checkpoint(folder, model=model, optimizer=None, tokenizer_dict={"kind": "char"},
                           meta={"step": step, "history": new_history()})


def test_a_first_checkpoint_that_fails_does_not_promise_a_previous_one(tmp_path):
    with FailingDisk(errno.ENOSPC, "meta.json"), pytest.raises(CheckpointNotSaved) as first:
        _save(tmp_path, 2)
    assert "previous checkpoint" not in str(first.value)
    assert ("The checkpoint of step 2 could not be saved: the disk is full. Training stopped before "
            "any checkpoint of this model was saved: free some space, then train again.") == str(
        first.value)
    _save(tmp_path, 2)
    with FailingDisk(errno.ENOSPC, "meta.json"), pytest.raises(CheckpointNotSaved) as later:
        _save(tmp_path, 4)
    assert "Training stopped and the previous checkpoint is kept: free some space" in str(later.value)


def test_validation_batches_that_do_not_fit_are_named_as_the_reason():
    model = ModelConfig(vocab_size=16, block_size=64, n_layer=1, n_head=1, n_embd=8)
    train = TrainConfig(batch_size=64, eval_iters=1000, max_iters=10)
    problem = not_enough_memory(model, train, "cpu", 2**28, free=True)
    assert "1,000 batches each validation check averages. Average fewer batches per check." in problem
    assert "shorter context" not in problem and "batch size of" not in problem


def test_new_characters_met_while_training_are_said_to_be_in_the_text(tmp_path, tiny_corpus):
    def trainer(corpus):
        return Trainer(corpus=corpus, tokenizer=CharTokenizer.train(corpus), checkpoint_dir=tmp_path,
                       data=DataConfig(),
                       model=ModelConfig(block_size=8, n_layer=1, n_head=2, n_embd=8),
                       train=TrainConfig(max_iters=2, eval_interval=2, eval_iters=1, batch_size=2,
                                         sample_tokens=0, device="cpu", precision="fp32"))

    trainer(tiny_corpus).run(lambda event: None)
    with pytest.raises(UnknownCharacters) as caught:
        trainer(tiny_corpus + "Ωmega\n").run(lambda event: None)
    assert str(caught.value).startswith("The text has characters the trained model has never "
                                        "seen: 'Ω'. It can only learn them as a new model")
    assert "prompt" not in str(caught.value)
