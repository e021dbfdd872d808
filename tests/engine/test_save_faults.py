"""A checkpoint that cannot be written (disk full, read-only, no permission) stops training with one
plain sentence and loses nothing: the previous checkpoint stays the latest, whole, no half-written
folder or temporary file is left, and training resumes from it to exactly the losses of a run the
disk never failed."""

from __future__ import annotations

import errno
from dataclasses import replace

import pytest
import torch

from gptstudio.engine.checkpoint import (
    best_checkpoint,
    latest_checkpoint,
    load_checkpoint,
    load_history,
    model_folders,
    read_meta,
    save_checkpoint,
)
from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig, from_dict, to_dict
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import CheckpointNotSaved, EngineError
from gptstudio.engine.events import CheckpointEvent, StartedEvent
from gptstudio.engine.model import GPT, decay_groups
from gptstudio.engine.tokenizers import load_tokenizer, train_tokenizer
from gptstudio.engine.trainer import Trainer
from tests.conftest import TINY_CORPUS
from tests.disk_faults import FailingDisk

MODEL = ModelConfig(block_size=16, n_layer=1, n_head=2, n_embd=16, dropout=0.1)
TRAIN = TrainConfig(batch_size=4, learning_rate=3e-3, warmup_iters=2, max_iters=8, eval_interval=2,
                    eval_iters=1, precision="fp32", device="cpu", sample_tokens=4, seed=5)

# What each errno must read like to a user (never "[Errno 28]").
WORDS = {errno.ENOSPC: "the disk is full", errno.EROFS: "the disk is read-only",
         errno.EACCES: "was denied"}


def make_trainer(checkpoint_dir, train=TRAIN):
    return Trainer(corpus=TINY_CORPUS, tokenizer=train_tokenizer("char", TINY_CORPUS),
                   data=DataConfig(), model=MODEL, train=train, checkpoint_dir=checkpoint_dir)


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """Steps of so small a model are faster on one thread: more only add start-up and waiting."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def reference(_one_thread, tmp_path_factory) -> dict:
    """The history of a run the disk never failed."""
    folder = tmp_path_factory.mktemp("reference") / "ck"
    make_trainer(folder).run(lambda e: None)
    return load_history(folder)


def assert_whole(folder) -> dict:
    """The checkpoint in folder loads completely (weights, optimizer, RNG, tokenizer)."""
    meta = read_meta(folder)
    model = GPT(from_dict(ModelConfig, meta["model"]))
    optimizer = torch.optim.AdamW(decay_groups(model, 0.1), lr=1e-3)
    rng = torch.get_rng_state()
    load_checkpoint(folder, model=model, optimizer=optimizer, restore_rng=True)
    torch.set_rng_state(rng)
    load_tokenizer(folder / "tokenizer.json")
    return meta


def assert_no_temporary_files(checkpoint_dir) -> None:
    assert not [p.name for p in checkpoint_dir.rglob("*") if p.name.endswith(".tmp")]


# Every place the checkpoint writer touches the disk: creating the step folder, each of its files
# (half written when the disk fills), renaming the folder into place, and the latest.json pointer.
POINTS = ["mkdir", "model.safetensors", "optimizer.safetensors", "tokenizer.json", "meta.json",
          "folder", "latest.json"]


@pytest.mark.parametrize("point", POINTS)
def test_disk_full_while_saving_stops_with_a_sentence_and_keeps_the_previous_checkpoint(
        tmp_path, reference, point):
    ck = tmp_path / "ck"
    events = []
    # Checkpoints 2 and 4 are written; the disk is full when the one of step 6 is.
    with FailingDisk(errno.ENOSPC, point, nth=3) as disk, pytest.raises(CheckpointNotSaved) as info:
        make_trainer(ck).run(events.append)
    assert disk.failed
    message = str(info.value)
    assert message.startswith("The checkpoint of step 6 could not be saved: the disk is full.")
    assert "free some space" in message and "\n" not in message and "Errno" not in message
    assert [e.step for e in events if isinstance(e, CheckpointEvent)] == [2, 4]

    latest = latest_checkpoint(ck)
    assert latest.name == "step-00000004"
    assert assert_whole(latest)["step"] == 4
    assert load_history(ck).steps == (1, 2, 3, 4)
    assert_no_temporary_files(ck)
    # Only complete checkpoints; with the pointer failing, the complete step 6 exists but is not
    # the latest (the next save of step 6 replaces it).
    extra = ["step-00000006"] if point == "latest.json" else []
    assert [p.name for p in model_folders(ck)] == ["step-00000002", "step-00000004", *extra]
    for folder in model_folders(ck):
        assert_whole(folder)

    resumed = []
    make_trainer(ck).run(resumed.append)
    assert [e.step for e in resumed if isinstance(e, StartedEvent)] == [4]
    assert load_history(ck) == reference
    kept = {"step-00000006", "step-00000008", best_checkpoint(ck).name}  # the best is kept too
    assert [p.name for p in model_folders(ck)] == sorted(kept)
    assert_no_temporary_files(ck)


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES])
@pytest.mark.parametrize("point", ["mkdir", "model.safetensors", "folder"])
def test_read_only_or_forbidden_folder_is_a_sentence_and_keeps_the_previous_checkpoint(
        tmp_path, err, point):
    ck = tmp_path / "ck"
    with FailingDisk(err, point, nth=2), pytest.raises(EngineError) as info:
        make_trainer(ck).run(lambda e: None)
    message = str(info.value)
    assert message.startswith("The checkpoint of step 4 could not be saved: ")
    assert WORDS[err] in message and "make the project folder writable" in message
    assert "\n" not in message and "Errno" not in message
    assert latest_checkpoint(ck).name == "step-00000002"
    assert_whole(latest_checkpoint(ck))
    assert [p.name for p in model_folders(ck)] == ["step-00000002"]
    assert_no_temporary_files(ck)


def test_first_checkpoint_failing_leaves_no_model_and_training_starts_over(tmp_path, reference):
    ck = tmp_path / "ck"
    with (FailingDisk(errno.ENOSPC, "model.safetensors"),
          pytest.raises(CheckpointNotSaved, match="step 2 could not be saved: the disk is full")):
        make_trainer(ck).run(lambda e: None)
    assert latest_checkpoint(ck) is None and model_folders(ck) == []
    assert load_history(ck).steps == ()
    assert_no_temporary_files(ck)
    make_trainer(ck).run(lambda e: None)
    assert load_history(ck) == reference


def test_run_stopped_before_its_first_step_does_not_rewrite_its_checkpoint(tmp_path):
    """Rewriting the checkpoint it resumed from would delete it for a moment (a crash then would
    lose it) and gains nothing: no step was taken."""
    ck = tmp_path / "ck"
    make_trainer(ck, replace(TRAIN, max_iters=4)).run(lambda e: None)
    folder = latest_checkpoint(ck)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in [folder, *folder.iterdir()]}
    control = RunControl()
    control.stop()
    events = []
    result = make_trainer(ck).run(events.append, control)
    assert (result.reason, result.step, result.checkpoint) == ("stopped", 4, str(folder))
    assert not [e for e in events if isinstance(e, CheckpointEvent)]
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in [folder, *folder.iterdir()]} == before


def _save(ck, step: int, model, optimizer, keep: int = 2):
    meta = {"step": step, "model": to_dict(model.config), "history": {}, "np_rng": {}}
    return save_checkpoint(ck, model=model, optimizer=optimizer, meta=meta, keep=keep,
                           tokenizer_dict=train_tokenizer("char", "ab").to_dict())


def test_pruning_never_deletes_the_latest_checkpoint(tmp_path):
    """Folders newer than the latest are left by runs killed before their checkpoint became the
    latest (with another eval interval, they need not be replaced by the next save). Pruning the
    oldest by name alone would delete the checkpoint just written."""
    ck = tmp_path / "ck"
    model = GPT(replace(MODEL, vocab_size=8))
    optimizer = torch.optim.AdamW(model.parameters())
    _save(ck, 10, model, optimizer)
    for leftover in (13, 14):
        folder = _save(ck, leftover, model, optimizer, keep=10)
        (ck / "latest.json").write_text('{"folder": "step-00000010", "step": 10}')
    assert latest_checkpoint(ck).name == "step-00000010"
    assert folder.name == "step-00000014"

    _save(ck, 11, model, optimizer)
    assert latest_checkpoint(ck).name == "step-00000011"
    assert [p.name for p in model_folders(ck)] == ["step-00000010", "step-00000011"]
    assert_no_temporary_files(ck)
