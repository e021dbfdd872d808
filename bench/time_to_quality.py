"""Time to quality: train a preset char-level on tiny Shakespeare for a wall-time budget.

    python -m bench.time_to_quality [--preset small] [--minutes 5] [--targets 2.0 1.8 1.6 1.5]
        [--n-layer L --n-head H --n-embd E --block-size T --batch-size B --learning-rate LR
         --max-iters N --warmup-iters N --dropout D --[no-]bias --optimizer adamw|muon]   (override the preset, to search for a better one)
        [--precision auto] [--threads 0] [--corpus ../shared/data/tinyshakespeare.txt]

Runs GPT Studio's own Trainer (what the app runs) and stops at the time budget. Prints one JSON
line: the wall time at which the validation loss first reached each target (null if it did not),
the best and last validation loss, steady tokens/s, steps, precision and peak resident memory.
The wall clock starts before the trainer is built, so tokenising and the precision probe count.
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

from gptstudio.engine.config import OPTIMIZERS

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tinyshakespeare.txt"
MODEL_FLAGS = ("n_layer", "n_head", "n_embd", "block_size", "dropout", "bias")
TRAIN_FLAGS = ("batch_size", "learning_rate", "max_iters", "warmup_iters", "min_lr_ratio", "optimizer")


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--minutes", type=float, default=5.0)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--preset", default="small")
    p.add_argument("--targets", type=float, nargs="+", default=[2.0, 1.8, 1.6, 1.5])
    p.add_argument("--eval-interval", type=int, default=None, help="default: the preset's")
    p.add_argument("--eval-iters", type=int, default=None, help="default: the preset's")
    p.add_argument("--precision", default="auto")
    p.add_argument("--threads", type=int, default=0)
    for name in MODEL_FLAGS + TRAIN_FLAGS:
        flag = "--" + name.replace("_", "-")
        if name == "bias":
            p.add_argument(flag, action=argparse.BooleanOptionalAction, default=None,
                           help="biases in the Linear and LayerNorm layers (default: the preset's)")
        elif name == "optimizer":
            p.add_argument(flag, choices=OPTIMIZERS, default=None, help="default: the preset's")
        else:
            kind = float if name in ("dropout", "learning_rate", "min_lr_ratio") else int
            p.add_argument(flag, type=kind, default=None)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    t0 = time.perf_counter()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from gptstudio.engine.config import DataConfig
    from gptstudio.engine.control import RunControl
    from gptstudio.engine.events import EvalEvent, StartedEvent, StepEvent
    from gptstudio.engine.presets import get_preset
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    text = args.corpus.read_text(encoding="utf-8")
    preset = get_preset(args.preset)
    given = vars(args)
    model = replace(preset.model, **{k: given[k] for k in MODEL_FLAGS if given[k] is not None})
    train = replace(preset.train, precision=args.precision, sample_tokens=0, num_threads=args.threads,
                    **{k: given[k] for k in TRAIN_FLAGS if given[k] is not None},
                    **({"eval_interval": args.eval_interval} if args.eval_interval else {}),
                    **({"eval_iters": args.eval_iters} if args.eval_iters else {}))
    control = RunControl()
    stats = {"evals": [], "tokens_per_s": [], "started": None}

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

    timer = threading.Timer(max(0.0, args.minutes * 60 - (time.perf_counter() - t0)), control.stop)
    timer.start()
    try:
        trainer = Trainer(corpus=text, tokenizer=train_tokenizer("char", text), data=DataConfig(),
                          model=model, train=train, checkpoint_dir=None)
        result = trainer.run(on_event, control)
    finally:
        timer.cancel()
    wall = time.perf_counter() - t0
    evals = stats["evals"]
    speeds = stats["tokens_per_s"][len(stats["tokens_per_s"]) // 5:]  # steady state
    started = stats["started"]
    print(json.dumps({
        "preset": args.preset,
        "shape": {**{k: getattr(model, k) for k in MODEL_FLAGS},
                  **{k: getattr(train, k) for k in TRAIN_FLAGS}},
        "params": started.params, "precision": started.precision, "device": started.device,
        "steps": result.step, "tokens_per_s": round(sorted(speeds)[len(speeds) // 2]) if speeds else None,
        "seconds_to": {str(t): next((round(w, 1) for _, w, v in evals if v <= t), None)
                       for t in args.targets},
        "best_val_loss": round(min(v for _, _, v in evals), 4) if evals else None,
        "last_val_loss": round(evals[-1][2], 4) if evals else None,
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
