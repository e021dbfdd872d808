"""Device trouble in the middle of a run: out of memory, a graphics card that stops working, an
operator MPS lacks, and settings too big for the memory there is. Each ends in one sentence, the
last checkpoint stays as it was, and training continues from it afterwards.

None of this can be made to happen on real hardware in a test: the model's forward pass raises the
errors torch raises, on a chosen step, and where the classification depends on the device type the
CPU run is declared a CUDA or MPS one (tests/engine/test_cuda.py has a real device-side failure).
"""

import os
import subprocess
import sys
from dataclasses import replace

import pytest
import torch

from gptstudio.engine import device as dev
from gptstudio.engine import trainer as trainer_module
from gptstudio.engine import training_run
from gptstudio.engine.checkpoint import latest_checkpoint, read_meta
from gptstudio.engine.device_trouble import is_device_lost
from gptstudio.engine.errors import (
    DeviceLost,
    DeviceOperationMissing,
    DeviceOutOfMemory,
    NotEnoughMemory,
)
from gptstudio.engine.events import StepEvent
from gptstudio.engine.model import GPT

from .test_trainer import TRAIN, Recorder, make_trainer

SAVED_AT = 10  # TRAIN checks and saves every 10 steps


def fail_on_training_call(monkeypatch, n: int, error: BaseException) -> None:
    """The n-th training forward pass raises `error` (eval and sampling passes run normally)."""
    real_forward = GPT.forward
    calls = {"n": 0}

    def forward(self, idx, targets=None, **kw):
        if self.training and targets is not None:
            calls["n"] += 1
            if calls["n"] == n:
                raise error
        return real_forward(self, idx, targets, **kw)

    monkeypatch.setattr(GPT, "forward", forward)


def pretend_device(monkeypatch, device_type: str) -> None:
    """Judge a failed run's error as if it ran on `device_type` (it still computes on the CPU)."""
    judge = trainer_module.Trainer._device_trouble
    monkeypatch.setattr(trainer_module.Trainer, "_device_trouble",
                        lambda self, error, device: judge(self, error, torch.device(device_type)))


def continues_from_the_checkpoint(corpus, checkpoint_dir, step=SAVED_AT):
    """The same project trains on: from `step` to the end, as if nothing had happened."""
    rec = Recorder()
    result = make_trainer(corpus, checkpoint_dir).run(rec)
    assert [e.step for e in rec.of(StepEvent)] == list(range(step + 1, TRAIN.max_iters + 1))
    assert result.reason == "finished"


def checkpoint_files(checkpoint_dir):
    folder = latest_checkpoint(checkpoint_dir)
    return folder.name, {p.name: p.read_bytes() for p in folder.iterdir()}


# ---------------------------------------------------------------------------------------------------
# Out of memory


@pytest.mark.parametrize("error", [
    torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"),
    RuntimeError("MPS backend out of memory (MPS allocated: 8.00 GB)"),
    RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried to allocate 9999999 bytes"),
    MemoryError(),
])
def test_out_of_memory_suggests_smaller_settings_keeps_the_checkpoint_and_training_goes_on(
        tiny_corpus, tmp_path, monkeypatch, error):
    fail_on_training_call(monkeypatch, SAVED_AT + 3, error)
    ck = tmp_path / "ck"
    with pytest.raises(DeviceOutOfMemory) as info:
        make_trainer(tiny_corpus, ck).run(Recorder())
    message = str(info.value)
    assert "ran out of memory" in message and "smaller batch size" in message
    assert "shorter context length" in message and "last checkpoint are safe" in message
    assert latest_checkpoint(ck).name == f"step-{SAVED_AT:08d}"
    monkeypatch.undo()
    continues_from_the_checkpoint(tiny_corpus, ck)


# ---------------------------------------------------------------------------------------------------
# A graphics card that stops working


@pytest.mark.parametrize("text", [
    "CUDA error: unspecified launch failure",
    "CUDA error: device-side assert triggered\nCompile with `TORCH_USE_CUDA_DSA` ...",
    "No CUDA GPUs are available",
    "CUDA error: an illegal memory access was encountered",
    "CUBLAS_STATUS_EXECUTION_FAILED when calling `cublasSgemm( handle, opa, opb, ...)`",
    "Command buffer execution failed (Metal)",
])
def test_a_gpu_that_stops_mid_run_names_the_safe_checkpoint_and_the_cpu(
        tiny_corpus, tmp_path, monkeypatch, text):
    ck = tmp_path / "ck"
    pretend_device(monkeypatch, "cuda")
    fail_on_training_call(monkeypatch, SAVED_AT + 3, RuntimeError(text))
    with pytest.raises(DeviceLost) as info:
        make_trainer(tiny_corpus, ck).run(Recorder())
    assert info.value.step == SAVED_AT
    message = str(info.value)
    assert message.startswith("The graphics card stopped working during training (")
    assert f"your last checkpoint, at step {SAVED_AT}, is safe" in message
    assert "Choose the processor (CPU) as the device to continue" in message
    assert text.splitlines()[0][:60] in message  # the card's own words, for a bug report
    assert read_meta(latest_checkpoint(ck))["step"] == SAVED_AT
    monkeypatch.undo()
    continues_from_the_checkpoint(tiny_corpus, ck)


def test_the_checkpoint_is_not_touched_when_the_gpu_fails(tiny_corpus, tmp_path, monkeypatch):
    ck = tmp_path / "ck"
    make_trainer(tiny_corpus, ck, train=replace(TRAIN, max_iters=SAVED_AT)).run(Recorder())
    before = checkpoint_files(ck)
    pretend_device(monkeypatch, "cuda")
    fail_on_training_call(monkeypatch, 3, RuntimeError("CUDA error: unspecified launch failure"))
    with pytest.raises(DeviceLost, match=f"at step {SAVED_AT}, is safe"):
        make_trainer(tiny_corpus, ck).run(Recorder())
    assert checkpoint_files(ck) == before


def test_a_gpu_that_fails_before_the_first_checkpoint_says_none_was_saved(tiny_corpus, tmp_path, monkeypatch):
    pretend_device(monkeypatch, "cuda")
    fail_on_training_call(monkeypatch, 3, RuntimeError("CUDA error: unspecified launch failure"))
    with pytest.raises(DeviceLost, match="no checkpoint had been saved yet") as info:
        make_trainer(tiny_corpus, tmp_path / "ck").run(Recorder())
    assert info.value.step is None
    assert latest_checkpoint(tmp_path / "ck") is None


def test_an_ordinary_bug_is_not_blamed_on_the_device(tiny_corpus, tmp_path, monkeypatch):
    pretend_device(monkeypatch, "cuda")
    fail_on_training_call(monkeypatch, 3, RuntimeError("mat1 and mat2 shapes cannot be multiplied"))
    with pytest.raises(RuntimeError, match="shapes cannot be multiplied"):
        make_trainer(tiny_corpus, tmp_path / "ck").run(Recorder())


def test_cuda_words_in_a_cpu_run_are_not_a_lost_gpu():
    error = RuntimeError("CUDA error: unspecified launch failure")
    assert is_device_lost(error, torch.device("cuda"))
    assert not is_device_lost(error, torch.device("cpu"))
    assert not is_device_lost(torch.OutOfMemoryError("CUDA error: out of memory"), torch.device("cuda"))


# ---------------------------------------------------------------------------------------------------
# Apple MPS


def test_an_operator_mps_lacks_is_reported_with_the_cpu_as_the_way_on(tiny_corpus, tmp_path, monkeypatch):
    ck = tmp_path / "ck"
    pretend_device(monkeypatch, "mps")
    torch_words = ("The operator 'aten::_fused_adamw_' is not currently implemented for the MPS "
                   "device. If you want this op to be added in priority during the prototype phase ...")
    fail_on_training_call(monkeypatch, SAVED_AT + 3, NotImplementedError(torch_words))
    with pytest.raises(DeviceOperationMissing) as info:
        make_trainer(tiny_corpus, ck).run(Recorder())
    assert str(info.value) == (
        "The Apple GPU cannot run an operation this model needs (aten::_fused_adamw_); your last "
        f"checkpoint, at step {SAVED_AT}, is safe. Choose the processor (CPU) as the device to continue.")
    monkeypatch.undo()
    continues_from_the_checkpoint(tiny_corpus, ck)


def test_not_implemented_on_the_cpu_is_a_bug_not_a_device_problem(tiny_corpus, tmp_path, monkeypatch):
    fail_on_training_call(monkeypatch, 3, NotImplementedError("aten::foo"))
    with pytest.raises(NotImplementedError):
        make_trainer(tiny_corpus, tmp_path / "ck").run(Recorder())


@pytest.mark.parametrize("users_setting, expected", [(None, "1"), ("0", "0")])
def test_the_mps_cpu_fallback_is_on_before_torch_loads_unless_the_user_chose(users_setting, expected):
    env = {k: v for k, v in os.environ.items() if k != "PYTORCH_ENABLE_MPS_FALLBACK"}
    if users_setting is not None:
        env["PYTORCH_ENABLE_MPS_FALLBACK"] = users_setting
    code = ("import os, sys, gptstudio.engine; "
            "print(os.environ['PYTORCH_ENABLE_MPS_FALLBACK'], 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [expected, "False"]


# ---------------------------------------------------------------------------------------------------
# Settings too big for the memory there is


def test_settings_too_big_for_the_free_memory_are_refused_before_the_model_is_built(
        tiny_corpus, tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(dev, "free_memory", lambda device: 64 * 2**20)
    monkeypatch.setattr(training_run, "GPT", lambda config: built.append(config))
    with pytest.raises(NotEnoughMemory) as info:
        make_trainer(tiny_corpus, tmp_path / "ck").run(Recorder())
    message = str(info.value)
    assert message.startswith("Training with these settings needs about ")
    assert "but only 64 MB is free on this computer" in message
    assert "shorter context length or a smaller model" in message
    assert built == [] and latest_checkpoint(tmp_path / "ck") is None


def test_settings_that_fit_the_free_memory_train(tiny_corpus, monkeypatch):
    from gptstudio.engine.memory import estimate_training_memory_bytes

    trainer = make_trainer(tiny_corpus, None)
    need = estimate_training_memory_bytes(trainer.model_config, TRAIN, "cpu")
    monkeypatch.setattr(dev, "free_memory", lambda device: need)
    assert trainer.run(Recorder()).reason == "finished"


def test_available_devices_lists_only_what_is_there(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(dev, "_mps_available", lambda: False)
    assert dev.available_devices() == ["cpu"]
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert dev.available_devices() == ["cuda", "cpu"]
