"""Automatic settings against hand-picked ones, at the same wall time, on a user's real file.

    python -m bench.auto_quality --corpus FILE [--minutes 2] [--rounds 1] [--output results.jsonl]
        [--only auto,tiny,small,...]

Each run is a fresh process that reads the file as the app does (encoding recognised, stray
control characters cleaned) and trains with GPT Studio's own Trainer for at most --minutes of
wall time, counted from before the text is read (Automatic's own timing of this computer counts
against it). The runs:

- auto: Automatic settings for --minutes, in the data mode the text's structure suggests;
- the grid a user could pick by hand instead: the presets that suit this device (tiny and small
  on a CPU; medium too on a GPU, which its description asks for), each without and with dropout
  0.2, in the suggested data mode and, where that is not continuous, as continuous text too.

The runs take turns in the order above (--rounds repeats the whole set). One JSON line per run:
the best validation loss in nats per token and in bits per character (of the characters scored:
an example's end marker counts as no character), the step it was reached at, the steps done, the
data mode, the settings, and the wall time. A last line summarises: Automatic's best against the
grid's best.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

PRESET_GRID_CPU = ("tiny", "small")
PRESET_GRID_GPU = ("tiny", "small", "medium")
DROPOUTS = (0.0, 0.2)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--minutes", type=float, default=2.0)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--output", type=Path, help="also append the JSON lines to this file")
    p.add_argument("--only", help="comma-separated run names (auto, tiny-d0-blocks, ...)")
    p.add_argument("--device", default="auto")
    return p.parse_args(argv)


def runs_for(text: str, device_type: str) -> list[dict]:
    from gptstudio.engine.text_shape import guess_mode

    guessed = guess_mode(text).mode
    modes = [guessed] if guessed == "continuous" else [guessed, "continuous"]
    presets = PRESET_GRID_GPU if device_type == "cuda" else PRESET_GRID_CPU
    runs = [{"name": "auto", "kind": "auto", "mode": guessed}]
    for preset in presets:
        for dropout in DROPOUTS:
            for mode in modes:
                runs.append({"name": f"{preset}-d{dropout:g}-{mode}", "kind": "preset",
                             "preset": preset, "dropout": dropout, "mode": mode})
    return runs


def main(argv=None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "_one":
        return one_run(json.loads(argv[1]))
    args = parse(argv)
    from gptstudio.engine.device import resolve_device
    from gptstudio.engine.stray_characters import clean_stray
    from gptstudio.engine.text_files import read_corpus_file

    text = clean_stray(read_corpus_file(args.corpus).text)[0]
    runs = runs_for(text, resolve_device(args.device).type)
    if args.only:
        wanted = set(args.only.split(","))
        runs = [r for r in runs if r["name"] in wanted]
    results = []
    for round_ in range(args.rounds):
        for run in runs:
            job = {**run, "corpus": str(args.corpus), "minutes": args.minutes, "device": args.device,
                   "round": round_}
            done = subprocess.run([sys.executable, "-m", "bench.auto_quality", "_one", json.dumps(job)],
                                  capture_output=True, text=True)
            line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
            try:
                result = json.loads(line)
            except ValueError:
                result = {**job, "error": (done.stderr or done.stdout)[-2000:]}
            results.append(result)
            emit(result, args.output)
    emit(summary(results, args.corpus, args.minutes), args.output)
    return 0


def emit(record: dict, output: Path | None) -> None:
    line = json.dumps(record, ensure_ascii=False)
    print(line, flush=True)
    if output is not None:
        with output.open("a", encoding="utf-8") as file:
            file.write(line + "\n")


def summary(results: list[dict], corpus: Path, minutes: float) -> dict:
    def best(rows):
        rows = [r for r in rows if r.get("best_val") is not None]
        return min(rows, key=lambda r: r["best_val"]) if rows else None

    auto = best([r for r in results if r.get("kind") == "auto"])
    grid = best([r for r in results if r.get("kind") == "preset"])
    gap = auto["best_val"] - grid["best_val"] if auto and grid else None
    return {"summary": corpus.name, "minutes": minutes,
            "auto_best_val": auto and auto["best_val"], "grid_best_val": grid and grid["best_val"],
            "grid_best_run": grid and grid["name"], "auto_minus_grid": gap,
            "within_0.05": gap is not None and gap <= 0.05}


# ---------------------------------------------------------------------------------------------------
# One run, in its own process


def one_run(job: dict) -> int:
    start = time.perf_counter()
    budget = job["minutes"] * 60
    from gptstudio.engine.config import DataConfig
    from gptstudio.engine.control import RunControl
    from gptstudio.engine.events import EvalEvent, StepEvent
    from gptstudio.engine.presets import get_preset
    from gptstudio.engine.stray_characters import clean_stray
    from gptstudio.engine.text_files import read_corpus_file
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    text = clean_stray(read_corpus_file(job["corpus"]).text)[0]
    if job["kind"] == "auto":
        from gptstudio.projects.automatic import automatic_settings

        left = (budget - (time.perf_counter() - start)) / 60
        choice = automatic_settings(text, job["mode"], left, job["device"])
        data, model, train = choice.data, choice.model, choice.train
    else:
        preset = get_preset(job["preset"])
        data = DataConfig(tokenizer="char", mode=job["mode"])
        model, train = replace(preset.model, dropout=job["dropout"]), preset.train
    train = replace(train, device=job["device"])
    tokenizer = train_tokenizer("char", text)
    control = RunControl()
    evals, steps = [], [0]

    def on_event(event) -> None:
        if isinstance(event, EvalEvent):
            evals.append((event.step, event.val_loss, time.perf_counter() - start))
        elif isinstance(event, StepEvent):
            steps[0] = event.step

    timer = threading.Timer(max(0.0, budget - (time.perf_counter() - start)), control.stop)
    timer.daemon = True
    timer.start()
    with tempfile.TemporaryDirectory() as folder:
        trainer = Trainer(corpus=text, tokenizer=tokenizer, data=data, model=model, train=train,
                          checkpoint_dir=Path(folder) / "checkpoints")
        result = trainer.run(on_event, control)
        timer.cancel()
        wall = time.perf_counter() - start
        if result.reason == "stopped":  # the time ran out between two checks: check the model left
            evals.append((result.step, final_val_loss(Path(folder) / "checkpoints", text, data,
                                                      train), wall))
    finite = [e for e in evals if math.isfinite(e[1])]
    best = min(finite, key=lambda e: e[1]) if finite else None
    chars_per_token = characters_per_scored_token(text, data.mode, model.block_size, tokenizer)
    print(json.dumps({
        "name": job["name"], "kind": job["kind"], "corpus": Path(job["corpus"]).name,
        "minutes": job["minutes"], "round": job["round"], "mode": data.mode,
        "best_val": best and round(best[1], 4), "best_step": best and best[0],
        "bits_per_char": best and round(best[1] / math.log(2) / chars_per_token, 4),
        "steps": steps[0], "reason": result.reason, "wall_s": round(wall, 1),
        "params": model.param_count(),
        "settings": {"n_layer": model.n_layer, "n_head": model.n_head, "n_embd": model.n_embd,
                     "block_size": model.block_size, "dropout": model.dropout,
                     "batch_size": train.batch_size, "learning_rate": train.learning_rate,
                     "optimizer": train.optimizer, "max_iters": train.max_iters,
                     "early_stop_evals": train.early_stop_evals},
    }))
    return 0


def final_val_loss(checkpoint_dir: Path, text: str, data, train) -> float:
    """The validation loss of the latest checkpoint, on the batches the trainer's checks use."""
    import torch

    from gptstudio.engine.data import build_dataset
    from gptstudio.engine.model_service import load_generator
    from gptstudio.engine.training_run import fixed_batches

    generator = load_generator(checkpoint_dir, "latest", "cpu")
    dataset = build_dataset(text, generator.tokenizer, data.mode, generator.model_config.block_size,
                            data.val_fraction)
    batches = fixed_batches(dataset, train, torch.device("cpu"))["val"]
    with torch.no_grad():
        return sum(float(generator.model(x, y)[1]) for x, y in batches) / len(batches)


def characters_per_scored_token(text: str, mode: str, block_size: int, tokenizer) -> float:
    """Characters per token the loss scores: 1 in continuous text; in lines and blocks, each
    example's end marker is scored too, and is no character."""
    from gptstudio.engine.data import build_dataset

    if mode == "continuous":
        return 1.0
    dataset = build_dataset(text, tokenizer, mode, block_size)
    scored = dataset.val_tokens - dataset.val_examples  # each example's <sos> is never a target
    return (scored - dataset.val_examples) / max(1, scored)  # its <eos> is no character


if __name__ == "__main__":
    sys.exit(main())
