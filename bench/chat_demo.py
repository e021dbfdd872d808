"""A conversation demo's default run, measured: how many held-out questions the model answers
exactly right after each evaluation, and how long the run takes.

    python -m bench.chat_demo chat_shop [--max-iters N] [--batch-size B] [--learning-rate LR]
        [--optimizer adamw|muon] [--threads 0]

Trains with the demo's own settings (gptstudio/demos.py; the flags override them, to search for
better ones) through GPT Studio's Trainer, as the app does, on the CPU. Prints a line per
evaluation (elapsed wall time, step, validation loss, answers right of asked, the sample) and a
JSON summary. The wall clock starts before the tokenizer is trained.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace


def main(argv=None) -> int:
    from gptstudio.demos import DEMOS, get_demo, read_demo

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("demo", choices=[d.key for d in DEMOS if d.mode == "chat"])
    parser.add_argument("--max-iters", type=int)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--learning-rate", type=float)
    parser.add_argument("--optimizer", choices=("adamw", "muon"))
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)

    from gptstudio.engine.config import DataConfig
    from gptstudio.engine.events import EvalEvent
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    demo = get_demo(args.demo)
    start = time.perf_counter()
    text = read_demo(demo.key)
    tokenizer = train_tokenizer(demo.tokenizer, text, mode=demo.mode)
    model, train, _sample = demo.settings(tokenizer.vocab_size)
    overrides = {k: v for k, v in dict(max_iters=args.max_iters, batch_size=args.batch_size,
                                       learning_rate=args.learning_rate,
                                       optimizer=args.optimizer).items() if v is not None}
    train = replace(train, device="cpu", num_threads=args.threads, **overrides)
    evals = []

    def on_event(event) -> None:
        if isinstance(event, EvalEvent):
            right, asked = event.answers
            evals.append({"step": event.step, "seconds": round(time.perf_counter() - start, 1),
                          "val_loss": round(event.val_loss, 4), "right": right, "asked": asked})
            print(f"{evals[-1]['seconds']:7.1f}s  step {event.step:5d}  val {event.val_loss:.3f}  "
                  f"answers right {right}/{asked}  | {event.sample!r}", flush=True)

    result = Trainer(corpus=text, tokenizer=tokenizer, data=DataConfig(mode=demo.mode),
                     model=model, train=train, checkpoint_dir=None).run(on_event)
    summary = {"demo": demo.key, "steps": result.step, "seconds": round(time.perf_counter() - start, 1),
               "precision": result.precision, "evals": evals}
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
