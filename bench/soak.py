"""Soak: train in the real app for a long time and watch resident memory.

    python -m bench.soak [--minutes 30] [--warmup-minutes 3] [--corpus FILE]

Opens the main window (offscreen unless a display is set), creates a project from the corpus and
trains the tiny preset in the app's worker thread, exactly as a user's click does: live loss plot,
an eval with a sample and a checkpoint every --eval-interval steps. Every --every seconds it records
the process's resident memory (VmRSS). Prints one JSON line: RSS after warm-up, at the end and at
its highest, and the growth rate after warm-up from a least-squares line (MB per hour), which is
the figure that shows a leak. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.gui_latency import SHAKESPEARE, run_event_loop


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--warmup-minutes", type=float, default=3.0)
    parser.add_argument("--every", type=float, default=15.0, help="seconds between memory samples")
    parser.add_argument("--eval-interval", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=SHAKESPEARE)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GPTSTUDIO_HOME"] = tempfile.mkdtemp(prefix="gptstudio-soak-")

    from PySide6 import QtWidgets

    from gptstudio.engine.config import DataConfig
    from gptstudio.ui.main.main_window import MainWindow

    QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    window = MainWindow()
    window.show()
    window.project_actions._create("Soak", args.corpus.read_text(encoding="utf-8"), DataConfig())
    while not window.torch_ready:
        run_event_loop(0.05)
    shown = window.settings_panel.settings()
    data, model, train = shown.data, shown.model, shown.train
    window.settings_panel.set_settings(data, model, replace(train, max_iters=10_000_000,
                                                            eval_interval=args.eval_interval), "tiny")
    window.train_tab.start()

    samples: list[tuple[float, float, int]] = []  # (seconds, RSS MB, step)
    t0 = time.perf_counter()
    while (elapsed := time.perf_counter() - t0) < args.minutes * 60:
        run_event_loop(args.every)
        if not window.train_tab.is_training():
            print("training stopped early: " + window.message_bar.text(), file=sys.stderr)
            break
        samples.append((time.perf_counter() - t0, rss_mb(), window.train_tab.last_step))
        print(f"{samples[-1][0]:7.0f} s  step {samples[-1][2]:6d}  RSS {samples[-1][1]:7.1f} MB",
              file=sys.stderr)
    window.shutdown()
    window.close()

    after = [(t, m) for t, m, _ in samples if t >= args.warmup_minutes * 60]
    times, mbs = np.array([t for t, _ in after]), np.array([m for _, m in after])
    slope = float(np.polyfit(times / 3600, mbs, 1)[0]) if len(after) >= 2 else None
    print(json.dumps({
        "minutes": round(elapsed / 60, 1), "steps": samples[-1][2] if samples else 0,
        "samples": len(samples),
        "rss_after_warmup_mb": round(float(mbs[0]), 1) if len(mbs) else None,
        "rss_end_mb": round(float(mbs[-1]), 1) if len(mbs) else None,
        "rss_max_after_warmup_mb": round(float(mbs.max()), 1) if len(mbs) else None,
        "rss_growth_mb_per_hour": round(slope, 1) if slope is not None else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
