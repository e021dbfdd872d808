"""Train the `tiny` preset char-level on tiny Shakespeare for a wall-time budget and report.

    python -m bench.train_tiny [--minutes 2] [--corpus ../shared/data/tinyshakespeare.txt]

Prints one JSON line: tokens/s, the best and last validation loss, the wall time to reach
1.85 (the engine issue's target), total wall time and peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tinyshakespeare.txt"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--preset", default="tiny")
    parser.add_argument("--max-iters", type=int, help="override the preset's schedule length")
    parser.add_argument("--eval-interval", type=int, default=100)
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--target", type=float, default=1.85)
    args = parser.parse_args(argv)

    from gptstudio.engine.config import DataConfig
    from gptstudio.engine.control import RunControl
    from gptstudio.engine.events import EvalEvent, StartedEvent, StepEvent
    from gptstudio.engine.presets import get_preset
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    text = args.corpus.read_text(encoding="utf-8")
    preset = get_preset(args.preset)
    train = replace(preset.train, eval_interval=args.eval_interval, precision=args.precision,
                    sample_tokens=0, **({"max_iters": args.max_iters} if args.max_iters else {}))
    trainer = Trainer(corpus=text, tokenizer=train_tokenizer("char", text), data=DataConfig(),
                      model=preset.model, train=train, checkpoint_dir=None)
    control = RunControl()
    timer = threading.Timer(args.minutes * 60, control.stop)
    stats = {"evals": [], "tokens_per_s": [], "started": None}
    t0 = time.perf_counter()

    def on_event(event):
        if isinstance(event, StartedEvent):
            stats["started"] = event
        elif isinstance(event, StepEvent):
            stats["tokens_per_s"].append(event.tokens_per_s)
        elif isinstance(event, EvalEvent):
            wall = time.perf_counter() - t0
            stats["evals"].append((event.step, wall, event.val_loss))
            print(f"step {event.step:5d}  {wall:6.1f}s  train {event.train_loss:.4f}  "
                  f"val {event.val_loss:.4f}", file=sys.stderr)

    timer.start()
    try:
        result = trainer.run(on_event, control)
    finally:
        timer.cancel()
    wall = time.perf_counter() - t0
    reached = [w for _, w, v in stats["evals"] if v <= args.target]
    speeds = stats["tokens_per_s"][len(stats["tokens_per_s"]) // 5:]  # steady state
    print(json.dumps({
        "preset": args.preset, "params": stats["started"].params,
        "precision": stats["started"].precision, "device": stats["started"].device,
        "steps": result.step, "tokens_per_s": round(sorted(speeds)[len(speeds) // 2]),
        "best_val_loss": round(min(v for _, _, v in stats["evals"]), 4),
        "last_val_loss": round(stats["evals"][-1][2], 4),
        f"seconds_to_val_{args.target}": round(reached[0], 1) if reached else None,
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
