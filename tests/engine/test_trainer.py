import dataclasses
import threading

import pytest
import torch

from gptstudio.engine.checkpoint import latest_checkpoint, load_history
from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import CorpusTooShort, Diverged, EngineError
from gptstudio.engine.events import (
    CheckpointEvent,
    EvalEvent,
    StartedEvent,
    StepEvent,
    StoppedEvent,
)
from gptstudio.engine.trainer import Trainer, learning_rate

MODEL = ModelConfig(block_size=16, n_layer=2, n_head=2, n_embd=32, dropout=0.1)
TRAIN = TrainConfig(batch_size=8, learning_rate=3e-3, warmup_iters=5, max_iters=30, eval_interval=10,
                    eval_iters=2, precision="fp32", device="cpu", sample_tokens=20, seed=5)


def make_trainer(corpus, checkpoint_dir, model=MODEL, train=TRAIN, data=DataConfig()):  # noqa: B008 - frozen dataclass
    from gptstudio.engine.tokenizers import train_tokenizer

    return Trainer(corpus=corpus, tokenizer=train_tokenizer(data.tokenizer, corpus), data=data,
                   model=model, train=train, checkpoint_dir=checkpoint_dir)


class Recorder:
    def __init__(self, stop_at=None, control=None):
        self.events, self.stop_at, self.control = [], stop_at, control

    def __call__(self, event):
        self.events.append(event)
        if isinstance(event, StepEvent) and event.step == self.stop_at:
            self.control.stop()

    def of(self, kind):
        return [e for e in self.events if isinstance(e, kind)]

    def losses(self):
        return [(e.step, e.loss) for e in self.of(StepEvent)]


def test_schedule_warms_up_then_decays_to_floor():
    t = TrainConfig(learning_rate=1.0, warmup_iters=10, max_iters=110, min_lr_ratio=0.1)
    lrs = [learning_rate(s, t) for s in range(111)]
    assert lrs[0] < lrs[5] < lrs[9] <= 1.0
    assert lrs[10] == pytest.approx(1.0)
    assert all(a >= b for a, b in zip(lrs[10:], lrs[11:], strict=False))
    assert lrs[110] == pytest.approx(0.1)


def test_events_are_plain_frozen_data(tiny_corpus, tmp_path):
    rec = Recorder()
    make_trainer(tiny_corpus, tmp_path / "ck").run(rec)
    assert isinstance(rec.events[0], StartedEvent) and isinstance(rec.events[-1], StoppedEvent)
    for event in rec.events:
        assert dataclasses.is_dataclass(event) and type(event).__dataclass_params__.frozen
        for value in dataclasses.astuple(event):
            assert isinstance(value, (int, float, str, tuple))
    assert [e.step for e in rec.of(StepEvent)] == list(range(1, 31))
    assert [e.step for e in rec.of(EvalEvent)] == [10, 20, 30]
    assert [e.step for e in rec.of(CheckpointEvent)] == [10, 20, 30]
    assert all(e.sample for e in rec.of(EvalEvent))
    assert rec.of(StoppedEvent)[0].reason == "finished"


def test_overfits_a_tiny_corpus_to_near_zero_loss(tmp_path):
    corpus = "the quick brown fox jumps over the lazy dog. " * 20
    model = ModelConfig(block_size=32, n_layer=2, n_head=4, n_embd=64, dropout=0.0)
    train = dataclasses.replace(TRAIN, max_iters=300, eval_interval=300, learning_rate=3e-3,
                                warmup_iters=20, weight_decay=0.0, sample_tokens=0, batch_size=16)
    rec = Recorder()
    result = make_trainer(corpus, None, model, train).run(rec)
    assert rec.losses()[0][1] > 2.0
    assert result.train_loss < 0.05


def test_stop_and_resume_equals_uninterrupted_run(tiny_corpus, tmp_path):
    straight = Recorder()
    make_trainer(tiny_corpus, tmp_path / "a").run(straight)

    control = RunControl()
    first = Recorder(stop_at=13, control=control)
    result = make_trainer(tiny_corpus, tmp_path / "b").run(first, control)
    assert result.reason == "stopped" and result.step == 13
    # Its validation loss is the last check's, at step 10, and says so (the window's sentence).
    assert (result.val_step, result.val_loss) == (10, first.of(EvalEvent)[-1].val_loss)
    assert latest_checkpoint(tmp_path / "b").name == "step-00000013"
    second = Recorder()
    make_trainer(tiny_corpus, tmp_path / "b").run(second)
    assert second.of(StartedEvent)[0].step == 13

    assert first.losses() + second.losses() == straight.losses()
    assert [(e.step, e.val_loss) for e in first.of(EvalEvent) + second.of(EvalEvent)] == \
        [(e.step, e.val_loss) for e in straight.of(EvalEvent)]
    history = load_history(tmp_path / "b")
    assert history.steps == tuple(range(1, 31))
    assert history == load_history(tmp_path / "a")


def test_pause_blocks_between_steps_until_resumed(tiny_corpus):
    control = RunControl()
    seen_while_paused = []
    resumed = threading.Event()

    def on_event(event):
        if isinstance(event, StepEvent):
            if control.paused:
                seen_while_paused.append(event.step)
            if event.step == 5:
                control.pause()
                threading.Thread(target=lambda: (resumed.set(), control.resume())).start()

    make_trainer(tiny_corpus, None).run(on_event, control)
    assert resumed.is_set()
    assert seen_while_paused == []


def test_divergence_stops_with_explanation_and_keeps_last_checkpoint(tiny_corpus, tmp_path, monkeypatch):
    from gptstudio.engine.model import GPT

    real_forward = GPT.forward
    calls = {"n": 0}

    def poisoned(self, idx, targets=None, **kw):
        logits, loss = real_forward(self, idx, targets, **kw)
        if self.training and loss is not None:
            calls["n"] += 1
            if calls["n"] > 12:
                loss = loss * float("nan")
        return logits, loss

    monkeypatch.setattr(GPT, "forward", poisoned)
    with pytest.raises(Diverged) as info:
        make_trainer(tiny_corpus, tmp_path / "ck").run(lambda e: None)
    assert info.value.step == 13
    assert "learning rate" in str(info.value)
    assert latest_checkpoint(tmp_path / "ck").name == "step-00000010"


def test_corpus_too_short_names_the_minimum(tmp_path):
    with pytest.raises(CorpusTooShort) as info:
        make_trainer("abc def", tmp_path).run(lambda e: None)
    assert str(info.value.minimum) in str(info.value).replace(",", "")


def test_changed_model_shape_refuses_to_resume(tiny_corpus, tmp_path):
    make_trainer(tiny_corpus, tmp_path, train=dataclasses.replace(TRAIN, max_iters=10)).run(lambda e: None)
    wider = dataclasses.replace(MODEL, n_embd=64)
    with pytest.raises(EngineError, match="shape settings"):
        make_trainer(tiny_corpus, tmp_path, model=wider).run(lambda e: None)


def test_lines_mode_trains_and_samples_stop_at_end_of_line(tmp_path):
    corpus = "\n".join(f"{a}+{b}={a + b}" for a in range(10) for b in range(10))
    data = DataConfig(mode="lines")
    rec = Recorder()
    make_trainer(corpus, tmp_path, data=data, train=dataclasses.replace(TRAIN, sample_tokens=30)).run(rec)
    sample = rec.of(EvalEvent)[-1].sample
    assert "\n" not in sample


def test_training_is_reproducible_with_a_seed(tiny_corpus):
    a, b = Recorder(), Recorder()
    make_trainer(tiny_corpus, None).run(a)
    make_trainer(tiny_corpus, None).run(b)
    assert a.losses() == b.losses()


def test_cuda_request_without_gpu_is_a_sentence(tiny_corpus):
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(EngineError, match="No CUDA"):
        make_trainer(tiny_corpus, None, train=dataclasses.replace(TRAIN, device="cuda")).run(lambda e: None)
