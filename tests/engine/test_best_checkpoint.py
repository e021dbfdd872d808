"""Early stopping, the best checkpoint kept and used, "train more" without a jump, an honest ETA."""

import dataclasses

import pytest
import torch

from gptstudio.engine.checkpoint import (
    best_checkpoint,
    latest_checkpoint,
    model_checkpoint,
    model_folders,
    read_meta,
)
from gptstudio.engine.config import TrainConfig
from gptstudio.engine.events import EvalEvent, StoppedEvent
from gptstudio.engine.model_service import load_generator
from gptstudio.engine.run_progress import RunProgress
from gptstudio.engine.schedule import EXTRA_STEPS_LR_SHARE, learning_rate
from gptstudio.engine.trainer import Trainer

from .test_trainer import TRAIN, Recorder, make_trainer

EARLY = dataclasses.replace(TRAIN, max_iters=100, eval_interval=10, early_stop_evals=2,
                            sample_tokens=0)


@pytest.fixture
def scripted_val(monkeypatch):
    """Evaluations report the given validation losses in turn (the training itself is real)."""
    losses: list[float] = []

    def evaluate(self, model, eval_batches, device, precision, state, on_event):
        val = losses.pop(0)
        state.record_eval(val + 0.5, val, "")
        on_event(EvalEvent(state.step, val + 0.5, val, ""))

    monkeypatch.setattr(Trainer, "_evaluate", evaluate)
    return losses


def test_stops_after_the_given_checks_without_improvement_and_keeps_the_best(
        tiny_corpus, tmp_path, scripted_val):
    scripted_val.extend([3.0, 2.0, 2.5, 2.6, 1.0])
    ck = tmp_path / "ck"
    rec = Recorder()
    result = make_trainer(tiny_corpus, ck, train=EARLY).run(rec)
    assert (result.reason, result.step, result.best_step, result.best_val) == ("early_stopped", 40, 20, 2.0)
    assert (result.val_step, result.val_loss) == (40, 2.6)  # the last check's loss, and its step
    stopped = rec.of(StoppedEvent)[0]
    assert stopped.reason == "early_stopped"
    assert stopped.message == ("Stopped early at step 40: the validation loss has not improved for 2 "
                               "checks since step 20 (2.000). Training longer would only make the "
                               "model learn its text by heart; the best model (step 20) is kept and "
                               "used.")
    # Two kept after the latest by default (keep=2), and the best one besides, which pruning spares.
    assert [f.name for f in model_folders(ck)] == ["step-00000020", "step-00000030", "step-00000040"]
    assert best_checkpoint(ck).name == "step-00000020"
    assert model_checkpoint(ck).name == "step-00000020"
    assert model_checkpoint(ck, "latest") == latest_checkpoint(ck) and latest_checkpoint(ck).name == "step-00000040"


def test_generating_uses_the_best_weights_unless_told_latest(tiny_corpus, tmp_path, scripted_val):
    scripted_val.extend([3.0, 2.0, 2.5, 2.6])
    ck = tmp_path / "ck"
    make_trainer(tiny_corpus, ck, train=EARLY).run(Recorder())
    best = load_generator(ck, device="cpu")
    latest = load_generator(ck, "latest", "cpu")
    from safetensors.torch import load_file

    saved = load_file(str(ck / "step-00000020" / "model.safetensors"))
    for name, tensor in saved.items():
        assert torch.equal(best.model.state_dict()[name], tensor)
    assert not torch.equal(latest.model.state_dict()["transformer.wte.weight"],
                           saved["transformer.wte.weight"])


def test_a_resumed_run_counts_its_own_checks_against_the_best_so_far(tiny_corpus, tmp_path, scripted_val):
    scripted_val.extend([3.0, 2.0, 2.5, 2.6,   2.7, 1.5, 1.6, 1.7])
    ck = tmp_path / "ck"
    assert make_trainer(tiny_corpus, ck, train=EARLY).run(Recorder()).step == 40
    result = make_trainer(tiny_corpus, ck, train=EARLY).run(Recorder())  # goes on from step 40
    assert (result.reason, result.step, result.best_step) == ("early_stopped", 80, 60)
    assert best_checkpoint(ck).name == "step-00000060"


def test_no_early_stopping_when_it_is_off(tiny_corpus, tmp_path, scripted_val):
    scripted_val.extend([3.0, 2.0, 2.5, 2.6])
    train = dataclasses.replace(EARLY, max_iters=40, early_stop_evals=0)
    result = make_trainer(tiny_corpus, tmp_path / "ck", train=train).run(Recorder())
    assert (result.reason, result.step) == ("finished", 40)


def test_a_best_pointer_of_another_model_is_ignored(tiny_corpus, tmp_path, scripted_val):
    scripted_val.extend([3.0, 2.0, 2.5, 2.6, 5.0])
    ck = tmp_path / "ck"
    make_trainer(tiny_corpus, ck, train=EARLY).run(Recorder())
    # A new model replaces it: its first evaluation (5.0) is at step 10, a step the old model's
    # pointer does not name; until then the old pointer must not send anyone to a folder of another model.
    fresh = make_trainer(tiny_corpus, ck, train=dataclasses.replace(EARLY, max_iters=10))
    fresh.fresh = True
    fresh.run(Recorder())
    assert best_checkpoint(ck).name == "step-00000010"
    assert read_meta(best_checkpoint(ck))["history"]["eval_val"] == [5.0]


def test_a_really_memorising_model_stops_early_and_its_best_is_its_lowest_validation(tmp_path):
    """No script: a big model on a little text of random words learns it by heart, and its
    validation loss (on the text's last tenth, words it has not seen in that order) rises."""
    import random

    words = ["amber", "basalt", "cinder", "dune", "ember", "fjord", "glacier", "heath", "isle",
             "jungle", "kelp", "lagoon", "mesa", "nectar", "oasis", "prairie", "quartz", "reef"]
    rng = random.Random(0)
    corpus = " ".join(rng.choice(words) for _ in range(500))
    train = dataclasses.replace(TRAIN, max_iters=400, eval_interval=20, early_stop_evals=2,
                                learning_rate=5e-3, warmup_iters=10, sample_tokens=0,
                                batch_size=16, eval_iters=4)
    from gptstudio.engine.config import ModelConfig

    model = ModelConfig(block_size=32, n_layer=2, n_head=4, n_embd=64, dropout=0.0)
    result = make_trainer(corpus, tmp_path / "ck", model=model, train=train).run(Recorder())
    assert result.reason == "early_stopped" and result.step < 400
    history = read_meta(latest_checkpoint(tmp_path / "ck"))["history"]
    assert result.best_val == min(history["eval_val"]) < history["eval_val"][-1]
    assert best_checkpoint(tmp_path / "ck").name == f"step-{result.best_step:08d}"


# -- train more ------------------------------------------------------------------------------------

def test_extra_steps_go_on_at_the_end_rate_without_restarting_the_schedule():
    done = TrainConfig(learning_rate=1.0, warmup_iters=10, max_iters=100, min_lr_ratio=0.1)
    more = dataclasses.replace(done, max_iters=150, schedule_iters=100)
    assert [learning_rate(s, more) for s in range(100)] == [learning_rate(s, done) for s in range(100)]
    assert all(learning_rate(s, more) == pytest.approx(0.1) for s in range(100, 150))
    # A schedule that decays to 0 would learn nothing more: extra steps take a tenth of the peak.
    to_zero = dataclasses.replace(more, min_lr_ratio=0.0)
    assert learning_rate(120, to_zero) == pytest.approx(EXTRA_STEPS_LR_SHARE)


def test_train_more_after_an_early_stop_continues_the_schedule_exactly(tiny_corpus, tmp_path):
    """Stopping early, then training the steps left, gives the losses of one run that never stopped."""
    base = dataclasses.replace(TRAIN, max_iters=40, eval_interval=10, sample_tokens=0)
    whole = Recorder()
    make_trainer(tiny_corpus, tmp_path / "a", train=base).run(whole)
    first = Recorder()
    make_trainer(tiny_corpus, tmp_path / "b", train=dataclasses.replace(base, max_iters=20,
                                                                         schedule_iters=40)).run(first)
    second = Recorder()
    make_trainer(tiny_corpus, tmp_path / "b", train=dataclasses.replace(base, schedule_iters=40)).run(second)
    assert first.losses() + second.losses() == whole.losses()


# -- time left ------------------------------------------------------------------------------------

def test_the_time_left_counts_the_checks_still_to_come():
    state = RunProgress(step=0, history={})
    state.step_time, state.eval_time, state.evals_timed = 0.1, 2.0, 1
    train = TrainConfig(max_iters=1000, eval_interval=250)
    assert state.eta(0, train) == pytest.approx(1000 * 0.1 + 4 * 2.0)
    assert state.eta(600, train) == pytest.approx(400 * 0.1 + 2 * 2.0)
    odd = TrainConfig(max_iters=1100, eval_interval=250)  # the last step checks too
    assert state.eta(1001, odd) == pytest.approx(99 * 0.1 + 1 * 2.0)
