"""The window when the device fails mid-run: one sentence in the message bar, the last checkpoint
kept, and pressing Train again continues the same project from it (real training on the CPU; the
failures are raised by the model's forward pass, as torch raises them)."""

from __future__ import annotations

import torch

from gptstudio.engine import trainer as trainer_module
from tests.engine.test_device_trouble import fail_on_training_call

from .test_main_window import fast_settings, wait_until_idle


def test_a_gpu_that_stops_mid_run_is_explained_and_the_project_trains_on(qtbot, window, monkeypatch):
    judge = trainer_module.Trainer._device_trouble  # judge the error as a CUDA run's
    monkeypatch.setattr(trainer_module.Trainer, "_device_trouble",
                        lambda self, error, device: judge(self, error, torch.device("cuda")))
    fail_on_training_call(monkeypatch, 13, RuntimeError("CUDA error: unspecified launch failure"))
    window.project_actions.create_from_demo("names")
    fast_settings(window, max_iters=30, eval_interval=10)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    assert window.message_bar.level == "error"
    message = window.message_bar.text()
    assert "The graphics card stopped working during training" in message
    assert "your last checkpoint, at step 10, is safe" in message
    assert "Choose the processor (CPU) as the device to continue" in message
    assert window.train_tab.start_button.isEnabled()

    monkeypatch.undo()  # the user picks the CPU (the run already computes there) and presses Train
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    assert "Training finished" in window.message_bar.text()
    # Steps 11 and 12 of the failed run were never saved: the history goes on from step 10.
    assert window.project.history().steps == tuple(range(1, 31))
