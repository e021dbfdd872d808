"""Starting a new model over a trained one: the old model stays the project's model until the new
one's first checkpoint is complete, then moves aside (to the trash), never earlier."""

import dataclasses

import pytest

from gptstudio.engine.checkpoint import latest_checkpoint, load_history, model_folders, read_meta
from gptstudio.engine.config import DataConfig
from gptstudio.engine.events import CheckpointEvent, StepEvent
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.engine.trainer import Trainer

from .test_trainer import MODEL, TRAIN

WIDER = dataclasses.replace(MODEL, n_embd=48)  # a new shape, so the two models can be told apart


def trainer(corpus, folder, model, train, **kw):
    return Trainer(corpus=corpus, tokenizer=train_tokenizer("char", corpus), data=DataConfig(),
                   model=model, train=train, checkpoint_dir=folder, **kw)


def width_of_latest(folder):
    return read_meta(latest_checkpoint(folder))["model"]["n_embd"]


class Crash(Exception):
    pass


@pytest.fixture
def trained(tiny_corpus, tmp_path):
    folder = tmp_path / "checkpoints"
    trainer(tiny_corpus, folder, MODEL, dataclasses.replace(TRAIN, max_iters=20)).run(lambda e: None)
    assert [p.name for p in model_folders(folder)] == ["step-00000010", "step-00000020"]
    return folder


def test_a_new_model_that_fails_before_saving_leaves_the_old_one(tiny_corpus, tmp_path, trained):
    def crash_at_step_5(event):
        if isinstance(event, StepEvent) and event.step == 5:
            raise Crash

    aside = tmp_path / "trash" / "old"
    with pytest.raises(Crash):
        trainer(tiny_corpus, trained, WIDER, TRAIN, fresh=True, set_aside_old=aside).run(crash_at_step_5)
    assert width_of_latest(trained) == MODEL.n_embd
    assert [p.name for p in model_folders(trained)] == ["step-00000010", "step-00000020"]
    assert load_history(trained).steps == tuple(range(1, 21))
    assert not aside.exists()


def test_the_first_new_checkpoint_moves_the_old_model_aside(tiny_corpus, tmp_path, trained):
    seen = []

    def on_event(event):
        if isinstance(event, CheckpointEvent) and not seen:
            # At the first new checkpoint the new model is the project's, the old one is aside.
            seen.append((width_of_latest(trained), sorted(p.name for p in aside.iterdir())))

    aside = tmp_path / "trash" / "old"
    trainer(tiny_corpus, trained, WIDER, TRAIN, fresh=True, set_aside_old=aside).run(on_event)
    # The new model's first save (step 10) had the old model's name: the old one was moved, not lost.
    # The old model goes aside whole: its checkpoints and its time-travel snapshots.
    assert seen == [(WIDER.n_embd, ["snapshots", "step-00000010", "step-00000020"])]
    # The last two, and the best one besides (pruning spares it) where that is older.
    from gptstudio.engine.checkpoint import best_checkpoint

    kept = {"step-00000020", "step-00000030", best_checkpoint(trained).name}
    assert [p.name for p in model_folders(trained)] == sorted(kept)
    assert width_of_latest(trained) == WIDER.n_embd
    assert load_history(trained).steps == tuple(range(1, 31))  # the new run's alone
    assert [read_meta(p)["model"]["n_embd"] for p in model_folders(aside)] == [MODEL.n_embd] * 2


def test_without_a_place_to_set_it_aside_the_old_model_is_deleted_after_the_first_save(
        tiny_corpus, trained):
    trainer(tiny_corpus, trained, WIDER, dataclasses.replace(TRAIN, max_iters=10),
            fresh=True).run(lambda e: None)
    assert [p.name for p in model_folders(trained)] == ["step-00000010"]
    assert width_of_latest(trained) == WIDER.n_embd
