"""Data-parallel training under torchrun: two CPU processes with gloo on loopback give the same
losses as one process with the same global batch, and resume works across process counts."""

import pytest

from gptstudio.cli import main
from gptstudio.projects.store import ProjectStore

from .distributed_helpers import torchrun_train

FAST = ["--batch-size", "8", "--eval-interval", "4", "--device", "cpu", "--precision", "fp32"]


@pytest.fixture
def twin_projects(tmp_path, tiny_corpus):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(tiny_corpus * 4, encoding="utf-8")
    for name in ("Two", "One"):
        assert main(["new", name, "--corpus", str(corpus), "--preset", "tiny"]) == 0
    return ProjectStore()


def losses(store, name):
    return store.open(name).history()


def test_two_processes_match_one_with_the_same_global_batch(twin_projects, capsys):
    done = torchrun_train(2, "Two", "--max-iters", "8", *FAST)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("Done: 8 steps") == 1  # rank 0 alone reports
    assert main(["train", "One", "--max-iters", "8", *FAST]) == 0

    two, one = losses(twin_projects, "Two"), losses(twin_projects, "One")
    assert two.steps == one.steps == tuple(range(1, 9))
    assert two.train_loss == pytest.approx(one.train_loss, abs=1e-4)
    assert two.eval_val == pytest.approx(one.eval_val, abs=1e-4)


def test_resume_with_a_different_number_of_processes(twin_projects, capsys):
    done = torchrun_train(2, "Two", "--max-iters", "4", *FAST)
    assert done.returncode == 0, done.stderr[-3000:]
    assert main(["train", "Two", "--max-iters", "8", *FAST]) == 0  # continued by one process
    assert main(["train", "One", "--max-iters", "8", *FAST]) == 0

    two, one = losses(twin_projects, "Two"), losses(twin_projects, "One")
    assert two.steps == tuple(range(1, 9))
    assert two.train_loss == pytest.approx(one.train_loss, abs=1e-4)


def test_a_batch_that_does_not_split_is_refused(twin_projects):
    done = torchrun_train(2, "Two", "--max-iters", "2", "--batch-size", "5", "--device", "cpu")
    assert done.returncode != 0
    assert "must be a multiple of the number of processes (2)" in done.stderr
    # Each process ends with our sentence; the only traceback is torchrun's own summary.
    assert "gptstudio/engine" not in done.stderr
