"""The CUDA path: bf16 autocast, TF32, fused AdamW and torch.compile. Skipped without a GPU (CI);
run on a GPU machine with `pytest tests/engine/test_cuda.py`."""

import pytest
import torch

from gptstudio.engine.config import ModelConfig, SampleConfig, TrainConfig
from gptstudio.engine.events import StartedEvent, StepEvent

from .test_trainer import Recorder, make_trainer

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

MODEL = ModelConfig(block_size=32, n_layer=2, n_head=2, n_embd=64, dropout=0.0)


@pytest.mark.parametrize("compile_model", [False, True])
def test_trains_on_cuda_in_bf16_and_loss_falls(tiny_corpus, tmp_path, compile_model):
    train = TrainConfig(batch_size=16, learning_rate=3e-3, warmup_iters=5, max_iters=60,
                        eval_interval=30, eval_iters=2, device="cuda", precision="auto",
                        compile=compile_model, sample_tokens=20)
    rec = Recorder()
    result = make_trainer(tiny_corpus, tmp_path / "ck", model=MODEL, train=train).run(rec)
    started = rec.of(StartedEvent)[0]
    assert started.device.startswith("cuda")
    assert started.precision == ("bf16" if torch.cuda.is_bf16_supported() else "fp16")
    losses = [e.loss for e in rec.of(StepEvent)]
    assert len(losses) == 60 and losses[-1] < losses[0] * 0.7
    assert result.val_loss is not None


def test_resume_on_cuda_continues_from_the_checkpoint(tiny_corpus, tmp_path):
    train = TrainConfig(batch_size=8, max_iters=20, eval_interval=10, eval_iters=2, device="cuda",
                        precision="fp32", sample_tokens=0)
    from gptstudio.engine.control import RunControl

    control = RunControl()
    # On CUDA step events arrive in bursts (losses are read back every few steps, not every step),
    # so the stop lands a little after the step that asked for it.
    first = Recorder(stop_at=5, control=control)
    stopped = make_trainer(tiny_corpus, tmp_path / "ck", model=MODEL, train=train).run(first, control)
    assert stopped.reason == "stopped" and 5 <= stopped.step < 20
    second = Recorder()
    make_trainer(tiny_corpus, tmp_path / "ck", model=MODEL, train=train).run(second)
    assert [e.step for e in second.of(StepEvent)] == list(range(stopped.step + 1, 21))


def test_cuda_generation_with_cache_equals_without(tiny_corpus, tmp_path):
    from gptstudio.engine.sampling import TextGenerator

    train = TrainConfig(batch_size=8, max_iters=30, eval_interval=30, eval_iters=2, device="cuda",
                        precision="fp32", sample_tokens=0)
    make_trainer(tiny_corpus, tmp_path / "ck", model=MODEL, train=train).run(Recorder())
    generator = TextGenerator.from_checkpoint(tmp_path / "ck", device="cuda")
    config = SampleConfig(temperature=0.0, max_new_tokens=80)
    cached = "".join(e.text for e in generator.stream("To be", config, use_cache=True))
    plain = "".join(e.text for e in generator.stream("To be", config, use_cache=False))
    assert cached == plain and len(cached) > 0
