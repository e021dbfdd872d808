"""SIGTERM, SIGHUP or Ctrl-C to the app while it trains close it as Quit does, without a question:
training stops and saves a checkpoint, the project is saved and its lock released; a second signal
while it saves changes nothing (issue 22, defect 5). Before, the process died on the spot: the
steps since the last checkpoint were lost and the lock stayed behind.

The app runs in its own process (offscreen), started by a small driver that opens the project and
presses Train once PyTorch is loaded, and prints RUNNING when steps are being made."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

import gptstudio
from gptstudio.projects.store import ProjectStore

REPO = Path(gptstudio.__file__).resolve().parents[1]

DRIVER = textwrap.dedent("""
    import sys
    from PySide6 import QtCore
    from gptstudio.ui import app
    from gptstudio.ui.main.main_window import MainWindow

    def open_and_train(window):
        window.project_actions.open_project("Poems")

        def when_ready():
            if not window.torch_ready:
                QtCore.QTimer.singleShot(50, when_ready)
            elif window.train_tab.run.thread is None:
                window.train_tab.start()
                QtCore.QTimer.singleShot(50, when_ready)
            elif window.train_tab.state == "running" and window.train_tab.plot.point_counts()[0]:
                print("RUNNING", flush=True)
            else:
                QtCore.QTimer.singleShot(50, when_ready)

        when_ready()

    MainWindow.restore_last_project = open_and_train
    sys.exit(app.run())
""")


@pytest.fixture
def poems(tiny_corpus):
    """A project whose steps take milliseconds, with no checkpoint before 100,000 steps: whatever
    is saved was saved because of the signal."""
    project = ProjectStore().create("Poems", tiny_corpus)
    project.model = replace(project.model, block_size=16, n_layer=1, n_head=2, n_embd=16)
    project.train = replace(project.train, max_iters=1_000_000, eval_interval=100_000,
                            eval_iters=1, sample_tokens=4, batch_size=2, device="cpu",
                            precision="fp32", num_threads=1)
    project.save()
    return project


@pytest.mark.parametrize("signals", [(signal.SIGTERM,), (signal.SIGHUP,), (signal.SIGINT,),
                                     (signal.SIGTERM, signal.SIGTERM)])
def test_a_stop_signal_saves_the_training_and_releases_the_project(poems, tmp_path, signals):
    from gptstudio.engine.checkpoint import latest_checkpoint, read_meta

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "OMP_NUM_THREADS": "1"}
    app = subprocess.Popen([sys.executable, "-c", DRIVER], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert app.stdout.readline().strip() == "RUNNING", app.stderr.read()
        for signum in signals:
            app.send_signal(signum)
            time.sleep(0.05)
        _, err = app.communicate(timeout=240)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    folder = latest_checkpoint(poems.checkpoint_dir)
    assert folder is not None, "nothing was saved"
    step = read_meta(folder)["step"]
    assert 0 < step < 100_000
    assert poems.history().steps == tuple(range(1, step + 1))
    assert not (poems.path / ".lock").exists()
    assert ProjectStore().open("Poems").train.max_iters == 1_000_000  # its settings saved intact
