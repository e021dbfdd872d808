"""SIGKILL during training loses nothing: after every kill the project opens, its latest checkpoint
loads, its loss history is exactly that checkpoint's, and training again resumes from it.

Runs of `gptstudio train` are killed many times in a row, at seeded random moments (mid-step,
mid-eval, mid-save, after a Ctrl-C) and at each point of a checkpoint write (a half-written file, a
complete file not yet renamed, a complete folder not yet renamed, the pointer not yet updated, an
old folder half deleted). Resuming after each kill must reproduce, bit for bit, the losses of a run
that was never killed (the trainer saves every random state with the checkpoint). The runs are
forked from a server that has imported torch once (tests/kill_helpers.py), which makes a kill cost
a fraction of a second instead of a Python start-up.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from gptstudio.engine.loss_history import LossHistory
from tests.conftest import TINY_CORPUS
from tests.kill_helpers import PAUSED, ForkServer

# GPTSTUDIO_KILL_ROUNDS=200 makes the random-kill loop longer (and the run long enough for it).
ROUNDS = int(os.environ.get("GPTSTUDIO_KILL_ROUNDS", "15"))
MAX_ITERS = max(40, 4 * ROUNDS)
ARGS = ["--max-iters", str(MAX_ITERS), "--eval-interval", "2", "--device", "cpu",
        "--precision", "fp32", "--batch-size", "4"]


@pytest.fixture(scope="module")
def server():
    server = ForkServer()
    yield server
    server.close()


def make_project(name: str):
    """A project small enough that a step takes milliseconds; dropout on, so that resuming also
    depends on the saved torch RNG."""
    from gptstudio.projects.store import ProjectStore

    project = ProjectStore().create(name, TINY_CORPUS)
    project.model = replace(project.model, block_size=16, n_layer=2, n_head=2, n_embd=32, dropout=0.1)
    project.train = replace(project.train, eval_iters=2, sample_tokens=8, warmup_iters=4, seed=3)
    project.save()
    return project


@pytest.fixture(scope="module")
def reference(server, tmp_path_factory) -> LossHistory:
    """The history of the same project trained once, never killed."""
    home = tmp_path_factory.mktemp("reference-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GPTSTUDIO_HOME", str(home))
        project = make_project("Reference")
        run = server.start(["train", "Reference", *ARGS], home / "run.log", home)
        assert run.wait() == 0, run.output()
        history = project.history()
    assert history.steps == tuple(range(1, MAX_ITERS + 1))
    return history


def checkpoint_step(project) -> int:
    from gptstudio.engine.checkpoint import latest_checkpoint, read_meta

    folder = latest_checkpoint(project.checkpoint_dir)
    return 0 if folder is None else int(read_meta(folder)["step"])


def assert_consistent(name: str, reference: dict) -> int:
    """Everything a kill may not break; returns the latest checkpoint's step."""
    import torch

    from gptstudio.engine.checkpoint import (
        latest_checkpoint,
        load_checkpoint,
        model_folders,
        read_meta,
    )
    from gptstudio.engine.config import ModelConfig, from_dict
    from gptstudio.engine.model import GPT
    from gptstudio.engine.optimizers import make_optimizer
    from gptstudio.engine.tokenizers import load_tokenizer
    from gptstudio.projects.store import ProjectStore

    store = ProjectStore()
    project = store.open(name)
    assert [(i.name, i.ok) for i in store.list()] == [(name, True)]
    assert project.read_corpus() == TINY_CORPUS
    history = project.history()

    # Every folder that looks like a checkpoint is one: a reader falling back from a lost pointer
    # must never find a half-written or half-deleted folder.
    for folder in model_folders(project.checkpoint_dir):
        assert not folder.name.endswith(".tmp")
        meta = read_meta(folder)
        model = GPT(from_dict(ModelConfig, meta["model"]))
        kind = meta["train"].get("optimizer", "adamw")  # the tiny preset's: Muon
        optimizer = make_optimizer(model, kind, 0.1, 1e-3, (0.9, 0.99), torch.device("cpu"))
        load_checkpoint(folder, model=model, optimizer=optimizer)
        load_tokenizer(folder / "tokenizer.json")

    folder = latest_checkpoint(project.checkpoint_dir)
    if folder is None:
        assert history == LossHistory() and not project.has_trained_model()
        return 0
    step = int(read_meta(folder)["step"])
    assert project.has_trained_model()
    # The history is the checkpoint's: every step up to it, nothing beyond it, and exactly the
    # values of the run that was never killed.
    assert history.steps == tuple(range(1, step + 1))
    assert history.eval_steps == tuple(range(2, step + 1, 2))
    for key, values in history.to_dict().items():
        n = step if key in ("steps", "train_loss", "lr") else step // 2
        assert values == reference.to_dict()[key][:n], key
    return step


def assert_clean_after_a_full_run(project) -> None:
    """A finished run tidies what the kills left: only the kept checkpoints (and the time-travel
    snapshots, at log-spaced steps of this run), no temporary files, no lock."""
    from gptstudio.engine.checkpoint import best_checkpoint

    names = sorted(p.name for p in project.checkpoint_dir.iterdir())
    kept = {f"step-{MAX_ITERS - 2:08d}", f"step-{MAX_ITERS:08d}", best_checkpoint(project.checkpoint_dir).name}
    assert names == ["best.json", "latest.json", "snapshots", *sorted(kept)]
    from gptstudio.engine.snapshots import list_snapshots

    steps = [snapshot.step for snapshot in list_snapshots(project.checkpoint_dir)]
    assert steps and steps == sorted(set(steps)) and steps[-1] <= MAX_ITERS
    assert not [p for p in project.path.rglob("*") if p.name.endswith(".tmp")]
    assert not (project.path / ".lock").exists()


def test_sigkill_at_random_moments_loses_nothing(server, reference, tmp_path):
    rng = random.Random(20240522)
    project = make_project("Killed")
    home = Path(os.environ["GPTSTUDIO_HOME"])
    for i in range(ROUNDS):
        before = checkpoint_step(project)
        if before == MAX_ITERS:  # a fast machine may finish between kills; nothing left to kill
            break
        run = server.start(["train", "Killed", *ARGS], tmp_path / f"run-{i}.log", home)
        assert run.wait_for("Training on"), run.output()
        assert f"from step {before} to {MAX_ITERS}" in run.output()
        # Strike once the checkpoint of step `target` has begun (its eval line is printed just
        # before), a random moment later: mid-save, mid-step or mid-eval (a step and a save take
        # a few milliseconds each); sometimes after a Ctrl-C, while the stop is being saved.
        target = before + 2 * rng.randint(0, 2)
        if target > before:
            run.wait_for(f"step {target}: train loss")
        time.sleep(rng.uniform(0.0, 0.06))
        if rng.random() < 0.3:
            run.signal(signal.SIGINT)
            time.sleep(rng.uniform(0.0, 0.03))
        run.kill()
        assert "Traceback" not in run.output()
        assert assert_consistent("Killed", reference) >= before

    step = checkpoint_step(project)
    last = server.start(["train", "Killed", *ARGS], tmp_path / "last.log", home)
    assert last.wait() == 0, last.output()
    assert f"from step {step} to {MAX_ITERS}" in last.output()
    assert assert_consistent("Killed", reference) == MAX_ITERS
    assert_clean_after_a_full_run(project)


# Each run is killed at one point of a checkpoint write: in its 1st or 2nd checkpoint, so that
# some kills leave the run's first checkpoint complete and the next one half written.
WRITE_POINTS = [
    ("write", "model.safetensors", 1),  # the very first checkpoint: none is left at all
    ("rename", "model.safetensors", 2),
    ("write", "optimizer.safetensors", 2),
    ("rename", "optimizer.safetensors", 1),
    ("write", "tokenizer.json", 2),
    ("rename", "tokenizer.json", 1),
    ("write", "meta.json", 2),
    ("rename", "meta.json", 1),
    ("rename", "folder", 2),
    ("write", "latest.json", 1),
    ("rename", "latest.json", 2),  # a complete folder the pointer does not name yet
    ("delete", "folder", 1),  # ... which the next run's checkpoint of that step replaces
    ("delete", "folder", 2),  # an old checkpoint pruned
]


def test_sigkill_at_each_point_of_a_checkpoint_write_loses_nothing(server, reference, tmp_path):
    project = make_project("Killed")
    home = Path(os.environ["GPTSTUDIO_HOME"])
    for i, point in enumerate(WRITE_POINTS):
        before = checkpoint_step(project)
        run = server.start(["train", "Killed", *ARGS], tmp_path / f"run-{i}.log", home, pause=point)
        assert run.wait_for(PAUSED), f"{point} was never reached:\n{run.output()}"
        assert f"from step {before} to {MAX_ITERS}" in run.output()
        run.kill()
        after = assert_consistent("Killed", reference)
        assert after >= before, point

    # The real command, in a fresh Python, takes over from the last kill and finishes the run.
    step = checkpoint_step(project)
    result = subprocess.run([sys.executable, "-m", "gptstudio", "train", "Killed", *ARGS],
                            capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr
    assert f"from step {step} to {MAX_ITERS}" in result.stdout
    assert assert_consistent("Killed", reference) == MAX_ITERS
    assert_clean_after_a_full_run(project)
