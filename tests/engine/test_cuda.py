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
    from gptstudio.engine.model_service import load_generator

    train = TrainConfig(batch_size=8, max_iters=30, eval_interval=30, eval_iters=2, device="cuda",
                        precision="fp32", sample_tokens=0)
    make_trainer(tiny_corpus, tmp_path / "ck", model=MODEL, train=train).run(Recorder())
    generator = load_generator(tmp_path / "ck", device="cuda")
    config = SampleConfig(temperature=0.0, max_new_tokens=80)
    cached = "".join(e.text for e in generator.stream("To be", config, use_cache=True))
    plain = "".join(e.text for e in generator.stream("To be", config, use_cache=False))
    assert cached == plain and len(cached) > 0


def test_a_checkpoint_trained_on_cuda_generates_and_trains_on_the_cpu(tiny_corpus, tmp_path):
    from gptstudio.engine.model_service import load_generator

    cuda = TrainConfig(batch_size=8, max_iters=10, eval_interval=10, eval_iters=2, device="cuda",
                       precision="auto", sample_tokens=0)
    make_trainer(tiny_corpus, tmp_path / "ck", model=MODEL, train=cuda).run(Recorder())
    generator = load_generator(tmp_path / "ck", device="cpu")
    assert next(generator.model.parameters()).device.type == "cpu"
    text = "".join(e.text for e in generator.stream("To be", SampleConfig(temperature=0.0, max_new_tokens=20)))
    assert len(text) > 0
    cpu = TrainConfig(batch_size=8, max_iters=15, eval_interval=5, eval_iters=2, device="cpu",
                      precision="fp32", sample_tokens=0)
    rec = Recorder()
    result = make_trainer(tiny_corpus, tmp_path / "ck", model=MODEL, train=cpu).run(rec)
    assert [e.step for e in rec.of(StepEvent)] == list(range(11, 16))
    assert result.device == "cpu" and result.val_loss is not None


def test_settings_too_big_for_the_card_are_refused_before_anything_is_allocated(tiny_corpus, tmp_path):
    from gptstudio.engine.device import free_memory, total_memory
    from gptstudio.engine.errors import NotEnoughMemory

    free = free_memory(torch.device("cuda"))
    assert 0 < free <= total_memory("cuda")
    huge = ModelConfig(block_size=2048, n_layer=48, n_head=32, n_embd=4096)  # ~10 billion weights
    train = TrainConfig(batch_size=64, device="cuda", sample_tokens=0)
    allocated = torch.cuda.memory_allocated()
    with pytest.raises(NotEnoughMemory, match="is free on the graphics card"):
        make_trainer(tiny_corpus, tmp_path / "ck", model=huge, train=train).run(Recorder())
    assert torch.cuda.memory_allocated() == allocated


# A real failure of the card: an out-of-range token id makes the embedding kernel trip a device-side
# assert, after which the process's CUDA context is unusable, hence its own process.
DEVICE_SIDE_FAILURE = """
import json, sys
from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.errors import DeviceLost
from gptstudio.engine.model import GPT
from tests.engine.test_trainer import make_trainer
from tests.conftest import TINY_CORPUS

real, calls = GPT.forward, [0]
def forward(self, idx, targets=None, **kw):
    if self.training and targets is not None:
        calls[0] += 1
        if calls[0] == 8:
            idx = idx + 10**6
    return real(self, idx, targets, **kw)
GPT.forward = forward
train = TrainConfig(batch_size=8, max_iters=20, eval_interval=5, eval_iters=2, device="cuda",
                    precision="fp32", sample_tokens=0)
model = ModelConfig(block_size=32, n_layer=2, n_head=2, n_embd=64)
try:
    make_trainer(TINY_CORPUS, sys.argv[1], model=model, train=train).run(lambda e: None)
except DeviceLost as e:
    print(json.dumps({"step": e.step, "message": str(e)}))
"""


def test_a_real_device_side_failure_is_a_lost_gpu_and_keeps_the_checkpoint(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    from gptstudio.engine.checkpoint import latest_checkpoint

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", DEVICE_SIDE_FAILURE, str(tmp_path / "ck")], cwd=root,
                         capture_output=True, text=True, timeout=300)
    assert out.stdout.strip(), out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["step"] == 5
    assert report["message"].startswith("The graphics card stopped working during training (")
    assert "at step 5, is safe" in report["message"]
    assert latest_checkpoint(tmp_path / "ck").name == "step-00000005"
