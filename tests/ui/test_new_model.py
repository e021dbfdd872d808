"""Start a new model over a trained one from the window: the old model stays the project's until the
new one has saved its first checkpoint, then waits in the trash folder."""

from __future__ import annotations

from dataclasses import replace

from gptstudio.engine.checkpoint import latest_checkpoint, model_folders, read_meta
from gptstudio.projects.paths import trash_root

from .test_main_window import fast_settings, wait_until_idle


def width(project):
    return read_meta(latest_checkpoint(project.checkpoint_dir))["model"]["n_embd"]


def trained_then_new_model_requested(qtbot, window):
    window.project_actions.create_from_demo("addition")
    fast_settings(window, max_iters=4, eval_interval=4)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    assert width(window.project) == 32
    tokenizer_before = window.project.tokenizer_path.read_bytes()

    window.settings_panel.new_model_button.click()  # answers.confirm says yes
    assert window.session.new_model_pending
    panel = window.settings_panel
    shown = panel.settings()
    data, model, train = shown.data, shown.model, shown.train
    panel.set_settings(data, replace(model, n_embd=48), train, "custom")
    window.edits.settings_changed()
    return tokenizer_before


def test_a_new_model_that_cannot_save_leaves_the_old_one(qtbot, window, monkeypatch):
    from gptstudio.engine import training_run

    tokenizer_before = trained_then_new_model_requested(qtbot, window)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(training_run, "save_checkpoint", disk_full)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    assert "The disk is full" in window.message_bar.text()
    assert width(window.project) == 32  # the old model is still the project's
    assert window.project.tokenizer_path.read_bytes() == tokenizer_before
    assert window.session.new_model_pending  # the next Train still starts the new model
    assert not list(trash_root().glob("*-old-model-*"))
    assert window.generate_tab.generate_button.isEnabled()


def test_the_new_model_replaces_the_old_at_its_first_checkpoint(qtbot, window):
    trained_then_new_model_requested(qtbot, window)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    assert width(window.project) == 48
    assert not window.session.new_model_pending
    [aside] = trash_root().glob("*-old-model-*")
    assert [read_meta(p)["model"]["n_embd"] for p in model_folders(aside)] == [32]
    assert window.project.history().steps == (1, 2, 3, 4)
