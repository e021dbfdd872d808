"""How responsive the window stays while a model trains, and how fast it appears.

    python -m bench.gui_latency [--seconds 20] [--starts 5] [--preset tiny] [--precision auto|fp32|bf16]

1. Start-up: launches `gptstudio` in fresh processes and measures, from the parent, the time from
   process start to the main window shown (median of --starts runs). The app's modules are
   compiled to bytecode first, as `scripts/run.py` (the README's command) does before it starts.
2. Responsiveness: a 10 ms QTimer on the GUI thread records how late each tick fires, first with
   the window idle, then while the tiny preset trains on tiny Shakespeare in the worker thread
   (side by side, same run). Training speed is reported too, to show the training was real.
Prints one JSON line; targets (issue 3): p99 lateness < 30 ms, window shown < 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

SHAKESPEARE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tinyshakespeare.txt"


def startup_seconds(runs: int) -> list[float]:
    import compileall

    import gptstudio

    compileall.compile_dir(Path(gptstudio.__file__).parent, quiet=1)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "GPTSTUDIO_HOME": home, "GPTSTUDIO_REPORT_STARTUP": "1",
                   "GPTSTUDIO_QUIT_AFTER_SHOW": "1"}
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "gptstudio"], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            for line in proc.stdout:
                if line.startswith("window shown"):
                    times.append(time.perf_counter() - t0)
                    break
            proc.wait(timeout=60)
    return times


def run_event_loop(seconds: float) -> None:
    """A real Qt event loop (it sleeps when idle, as app.exec() does), for `seconds`."""
    from PySide6 import QtCore

    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def lateness_ms(app, seconds: float) -> np.ndarray:
    from PySide6 import QtCore

    late: list[float] = []
    timer = QtCore.QTimer()
    timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    last = [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        late.append(max(0.0, (now - last[0]) * 1000 - 10))
        last[0] = now

    timer.timeout.connect(tick)
    timer.start()
    run_event_loop(seconds)
    timer.stop()
    return np.array(late[1:])


def summary(values: np.ndarray) -> dict:
    return {"p50_ms": round(float(np.percentile(values, 50)), 2),
            "p99_ms": round(float(np.percentile(values, 99)), 2),
            "max_ms": round(float(values.max()), 2), "ticks": int(len(values))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=SHAKESPEARE)
    parser.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16"))
    parser.add_argument("--preset", default="tiny")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GPTSTUDIO_HOME"] = tempfile.mkdtemp(prefix="gptstudio-bench-")

    starts = startup_seconds(args.starts)

    from PySide6 import QtWidgets

    from gptstudio.engine.config import DataConfig
    from gptstudio.engine.presets import get_preset
    from gptstudio.ui.main.main_window import MainWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    window = MainWindow()
    window.show()
    window.project_actions._create("Shakespeare", args.corpus.read_text(encoding="utf-8"), DataConfig())
    while not window.torch_ready:
        run_event_loop(0.05)
    idle = lateness_ms(app, min(5.0, args.seconds))

    data = window.settings_panel.settings().data
    preset = get_preset(args.preset)
    model, train = preset.model, replace(preset.train, max_iters=100_000, eval_interval=100,
                                         precision=args.precision)
    window.settings_panel.set_settings(data, model, train, args.preset)
    window.train_tab.start()
    while window.train_tab.last_step < 3:  # past data loading and the first steps
        run_event_loop(0.05)
    step0, t0 = window.train_tab.last_step, time.perf_counter()
    busy = lateness_ms(app, args.seconds)
    steps = window.train_tab.last_step - step0
    elapsed = time.perf_counter() - t0
    window.shutdown()
    window.close()

    print(json.dumps({
        "window_shown_s": {"median": round(float(np.median(starts)), 3),
                           "max": round(max(starts), 3), "runs": len(starts)},
        "timer_lateness_idle": summary(idle),
        "timer_lateness_training": summary(busy),
        "training_steps_during_measure": steps,
        "training_steps_per_s": round(steps / elapsed, 2),
        "tokens_per_s": round(steps * train.batch_size * model.block_size / elapsed),
        "precision_requested": args.precision,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
