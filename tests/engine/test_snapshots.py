"""Time-travel snapshots: log-spaced, bounded, atomic, and faithful to the model at their step."""

import dataclasses
import json
import os

import pytest
import torch

from gptstudio.engine import snapshots
from gptstudio.engine.checkpoint import best_checkpoint, model_folders
from gptstudio.engine.config import DataConfig, to_dict
from gptstudio.engine.errors import EngineError
from gptstudio.engine.model import GPT
from gptstudio.engine.model_service import load_generator
from gptstudio.engine.snapshots import (
    choose_to_drop,
    list_snapshots,
    maybe_snapshot,
    snapshot_dir,
)
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.engine.trainer import Trainer

from .test_trainer import MODEL, TRAIN

TOKENIZER = train_tokenizer("char", "abcdefgh \n")
CONFIG = dataclasses.replace(MODEL, vocab_size=TOKENIZER.vocab_size, dropout=0.0)


def meta(val=1.0):
    return {"val_loss": val, "model": to_dict(CONFIG), "data_mode": "continuous",
            "sample_prompt": "", "tokenizer": TOKENIZER.to_dict()}


@pytest.fixture
def model():
    torch.manual_seed(0)
    return GPT(CONFIG)


def steps_of(folder):
    return [s.step for s in list_snapshots(folder)]


def snap_all(folder, model, steps):
    for step in steps:
        maybe_snapshot(folder, step, model, meta())


def test_keeps_log_spaced_steps(tmp_path, model):
    snap_all(tmp_path, model, range(25, 525, 25))
    # 25, then each at least 1.6 x the last kept: 40 -> 50, 80 -> 100, 160 -> 175, 280 -> 300, 480 -> 500
    assert steps_of(tmp_path) == [25, 50, 100, 175, 300, 500]
    assert all(s.val_loss == 1.0 and s.path.is_file() for s in list_snapshots(tmp_path))


def test_count_bound_drops_the_most_crowded_never_newest_nor_oldest(tmp_path, model, monkeypatch):
    monkeypatch.setattr(snapshots, "MAX_SNAPSHOTS", 4)
    snap_all(tmp_path, model, [10, 16, 30, 100, 1000])
    kept = steps_of(tmp_path)
    assert len(kept) == 4 and kept[0] == 10 and kept[-1] == 1000
    assert kept == [10, 30, 100, 1000]  # 16 sat closest (log scale) between 10 and 30


def test_choose_to_drop_is_the_most_even_log_spacing():
    assert choose_to_drop([1, 10, 11, 100]) == 2  # 10..100 is a narrower gap than 1..11
    assert choose_to_drop([1, 2, 100, 1000]) == 1
    assert choose_to_drop([5, 500]) == 0  # with two, the newest stays
    assert choose_to_drop([1, 3, 9, 27, 81]) == 1  # evenly spaced: the earliest interior one


def test_byte_budget_bounds_the_folder(tmp_path, model, monkeypatch):
    size = sum(t.numel() * 4 for t in model.state_dict().values()) - model.transformer.wte.weight.numel() * 4
    monkeypatch.setattr(snapshots, "MAX_BYTES", int(3.5 * size))  # room for 3
    snap_all(tmp_path, model, [10, 20, 40, 80, 160, 320])
    kept = list_snapshots(tmp_path)
    assert len(kept) == 3 and kept[-1].step == 320 and kept[0].step == 10
    total = sum(p.stat().st_size for p in snapshot_dir(tmp_path).glob("step-*"))
    assert total <= 3.5 * size


def test_a_model_too_big_for_two_snapshots_is_not_snapshotted(tmp_path, model, monkeypatch):
    monkeypatch.setattr(snapshots, "MAX_BYTES", 1000)
    assert maybe_snapshot(tmp_path, 10, model, meta()) is None
    assert list_snapshots(tmp_path) == []


def test_writes_atomically_and_leaves_no_temporary_files(tmp_path, model, monkeypatch):
    snap_all(tmp_path, model, [10])

    def full_disk(tensors, path):
        with open(path, "wb") as f:
            f.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshots, "_save_file", full_disk)
    with pytest.raises(OSError):
        maybe_snapshot(tmp_path, 20, model, meta())
    assert steps_of(tmp_path) == [10]
    names = sorted(p.name for p in snapshot_dir(tmp_path).iterdir())
    assert not [n for n in names if n.endswith(".tmp")]
    assert "step-00000020.safetensors" not in names


def test_damaged_snapshots_are_skipped_when_listing_and_named_when_loading(tmp_path, model):
    snap_all(tmp_path, model, [10, 20, 40, 80])
    folder = snapshot_dir(tmp_path)
    weights = folder / "step-00000020.safetensors"
    weights.write_bytes(weights.read_bytes()[:-100])  # cut short
    (folder / "step-00000040.json").write_text("{not json")
    (folder / "step-00000080.json").write_text(json.dumps({"step": 7}))  # wrong step for its name
    assert steps_of(tmp_path) == [10]
    for step in (20, 40, 80, 999):
        with pytest.raises(EngineError, match=f"step {step:,}"):
            load_generator(tmp_path, step=step)


def test_a_loaded_snapshot_reproduces_the_models_logits(tmp_path, model):
    maybe_snapshot(tmp_path, 10, model, meta())
    expected = model.eval()(torch.tensor([[1, 2, 3, 4]]))[0]
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)  # training moves on; the snapshot keeps step 10
    generator = load_generator(tmp_path, step=10)
    got = generator.model(torch.tensor([[1, 2, 3, 4]]))[0]
    assert torch.equal(got, expected)
    assert generator.tokenizer.to_dict() == TOKENIZER.to_dict()


def test_later_snapshots_of_an_abandoned_run_are_dropped(tmp_path, model):
    snap_all(tmp_path, model, [10, 20, 40])
    maybe_snapshot(tmp_path, 30, model, meta())  # training went on from step 30's checkpoint
    assert steps_of(tmp_path) == [10, 20]


def trainer(corpus, folder, **kw):
    return Trainer(corpus=corpus, tokenizer=train_tokenizer("char", corpus), data=DataConfig(),
                   model=MODEL, train=dataclasses.replace(TRAIN, max_iters=40), checkpoint_dir=folder, **kw)


def test_trainer_writes_snapshots_of_the_model_at_their_step(tiny_corpus, tmp_path):
    from gptstudio.engine.model_service import load_generator

    folder = tmp_path / "checkpoints"
    trainer(tiny_corpus, folder).run(lambda e: None)
    assert steps_of(folder) == [10, 20, 40]
    # Untouched: the last two checkpoints, and the best one where that is older.
    kept = {"step-00000030", "step-00000040", best_checkpoint(folder).name}
    assert [p.name for p in model_folders(folder)] == sorted(kept)
    assert all(s.val_loss is not None for s in list_snapshots(folder))
    # The step-40 snapshot is the model of the step-40 checkpoint: the same logits, exactly.
    ids = torch.tensor([[1, 2, 3, 4, 5]])
    latest = load_generator(folder, device="cpu")
    snapshot = load_generator(folder, step=40)
    with torch.no_grad():
        assert torch.equal(snapshot.model(ids)[0], latest.model(ids)[0])
        assert not torch.equal(load_generator(folder, step=20).model(ids)[0], latest.model(ids)[0])
    assert snapshot.tokenizer.to_dict() == latest.tokenizer.to_dict()


def test_a_snapshot_failure_never_stops_training(tiny_corpus, tmp_path, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshots, "maybe_snapshot", broken)
    result = trainer(tiny_corpus, tmp_path / "checkpoints").run(lambda e: None)
    assert result.step == 40 and result.reason == "finished"
    assert "no snapshot at step 10" in caplog.text


def test_a_new_model_takes_the_old_models_snapshots_with_it(tiny_corpus, tmp_path):
    folder, trash = tmp_path / "checkpoints", tmp_path / "trash"
    trainer(tiny_corpus, folder).run(lambda e: None)
    old = steps_of(folder)
    wider = dataclasses.replace(MODEL, n_embd=48)
    Trainer(corpus=tiny_corpus, tokenizer=train_tokenizer("char", tiny_corpus), data=DataConfig(),
            model=wider, train=dataclasses.replace(TRAIN, max_iters=10), checkpoint_dir=folder,
            fresh=True, set_aside_old=trash).run(lambda e: None)
    assert steps_of(folder) == [10]
    assert load_generator(folder, step=10).model_config.n_embd == 48
    assert [s.step for s in list_snapshots(trash)] == old  # the trash folder reads like a checkpoint dir


def test_a_new_model_stopped_at_once_still_takes_the_old_snapshots_with_it(tiny_corpus, tmp_path):
    from gptstudio.engine.control import RunControl

    folder = tmp_path / "checkpoints"
    trainer(tiny_corpus, folder).run(lambda e: None)
    control = RunControl()
    control.stop()
    Trainer(corpus=tiny_corpus, tokenizer=train_tokenizer("char", tiny_corpus), data=DataConfig(),
            model=MODEL, train=TRAIN, checkpoint_dir=folder, fresh=True,
            set_aside_old=tmp_path / "trash").run(lambda e: None, control)
    # Stopped before its first step, the new model still saves its step-0 checkpoint, which
    # replaces the old model: its snapshots go too, never mixing two models in one timeline.
    assert steps_of(folder) == []
    assert steps_of(tmp_path / "trash") == [10, 20, 40]
    assert not any(p.name.endswith(".tmp") for p in os.scandir(folder))


def test_a_checkpoint_event_finds_its_snapshot_already_written(tiny_corpus, tmp_path):
    from gptstudio.engine.events import CheckpointEvent

    folder, seen = tmp_path / "checkpoints", []
    trainer(tiny_corpus, folder).run(
        lambda e: seen.append((e.step, steps_of(folder))) if isinstance(e, CheckpointEvent) else None)
    assert seen == [(10, [10]), (20, [10, 20]), (30, [10, 20]), (40, [10, 20, 40])]
