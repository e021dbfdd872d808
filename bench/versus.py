"""GPT Studio against the engines people would pick instead, under the same conditions.

    python -m bench.versus [--shapes 0.8M,10.7M,124M] [--rounds 3] [--threads N] [--steps S]
        [--warmup-steps W] [--no-bf16] [--peak-file bench/results/peak.json]
        [--output bench/results/versus.json]
    NANOGPT_DIR=path/to/nanoGPT python -m bench.versus ...   # also unmodified nanoGPT's train.py

Per shape, GPT Studio and its reference (bench.throughput --engine nanogpt at 0.8M and 10.7M, the
same bias-free model nanoGPT trains by default; --engine hf, transformers' GPT-2 with a plain loop,
at the GPT-2-124M fine-tuning shape) take turns, --rounds times, each run in its own process with
the same torch threads (--threads, OMP_NUM_THREADS alike) and the same allocator setting (every
engine's process calls gptstudio.engine.device.reuse_freed_memory; nanoGPT's own train.py gets
glibc's equivalent environment variables). Three ratios of training tokens/s per shape, each the
median of the rounds' ratios:
  - as_shipped: GPT Studio's default precision (auto) against the reference's (fp32);
  - fp32: both in fp32;
  - bf16: both with bf16 matrix products (the reference under torch.autocast).
At 124M GPT Studio's "auto" follows its rule without the probe (eight steps of about 40 s there):
fp32 on a CPU without native bf16, else bf16, which the probe picks from 10.7M up. On a CPU
without native bf16 (AVX2 only), bf16 products are emulated: the bf16 ratio is then a curiosity.
With NANOGPT_DIR, nanoGPT's own train.py also runs each round (fp32, its CPU path, compile off),
from a copy of its three files in a temporary folder with the corpus as its dataset, and its
printed per-iteration times are read (parse_nanogpt_log).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.throughput import DEFAULT_CORPUS

RESULTS = Path(__file__).resolve().parent / "results" / "versus.json"

# name -> (bench.throughput shape flags, reference engine, measured steps, warm-up steps)
SHAPES = {
    "0.8M": ("--n-layer 4 --n-head 4 --n-embd 128 --block-size 64 --batch-size 12 --no-bias",
             "nanogpt", 30, 5),
    "10.7M": ("--n-layer 6 --n-head 6 --n-embd 384 --block-size 256 --batch-size 64 --no-bias",
              "nanogpt", 3, 2),
    "124M": ("--n-layer 12 --n-head 12 --n-embd 768 --block-size 256 --batch-size 8 "
             "--vocab-size 50257 --activation gelu_tanh", "hf", 2, 1),
    "quick": ("--n-layer 1 --n-head 2 --n-embd 32 --block-size 16 --batch-size 4 --no-bias",
              "nanogpt", 2, 1),
}
# glibc reads these at start-up: the same as reuse_freed_memory's mallopt calls, for a process
# whose code is not ours to change (nanoGPT's train.py).
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": str(1 << 30), "MALLOC_TRIM_THRESHOLD_": str(1 << 30)}
ITER_LINE = re.compile(r"^iter (\d+): loss ([-\d.]+), time ([\d.]+)ms", re.MULTILINE)


def parse_nanogpt_log(text: str) -> list[tuple[int, float, float]]:
    """nanoGPT's train.py log lines "iter N: loss L, time Tms, mfu M%" -> [(N, L, seconds)]."""
    return [(int(n), float(loss), float(ms) / 1000) for n, loss, ms in ITER_LINE.findall(text)]


def load_now() -> float:
    return round(os.getloadavg()[0], 2)


def run_throughput(flags: list[str], env: dict, timeout: float) -> dict:
    command = [sys.executable, "-m", "bench.throughput", *flags]
    print("  $ " + " ".join(command[1:]), file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"bench.throughput failed:\n{done.stderr[-2000:]}")
    line = done.stdout.strip().splitlines()[-1]
    print("    " + line, file=sys.stderr, flush=True)
    return json.loads(line)


def nanogpt_flags(shape: str) -> dict:
    """bench.throughput's shape flags as nanoGPT's train.py settings."""
    words = shape.split()
    values = {w[2:].replace("-", "_"): words[i + 1] for i, w in enumerate(words)
              if w.startswith("--") and i + 1 < len(words) and not words[i + 1].startswith("--")}
    return {k: values[k] for k in ("n_layer", "n_head", "n_embd", "block_size", "batch_size")}


def run_nanogpt(nanogpt_dir: Path, corpus: Path, shape: str, steps: int, warmup: int, env: dict,
                timeout: float) -> dict:
    """Unmodified nanoGPT train.py on the corpus (char level) at the shape: tokens/s from its own
    per-iteration times after `warmup` iterations (its first also evaluates)."""
    import numpy as np

    settings = nanogpt_flags(shape)
    with tempfile.TemporaryDirectory(prefix="nanogpt-") as work:
        work = Path(work)
        for name in ("train.py", "model.py", "configurator.py"):
            shutil.copy(nanogpt_dir / name, work / name)
        text = corpus.read_text(encoding="utf-8")
        chars = sorted(set(text))
        index = {c: i for i, c in enumerate(chars)}
        ids = np.array([index[c] for c in text], dtype=np.uint16)
        data = work / "data" / "bench_char"
        data.mkdir(parents=True)
        split = int(len(ids) * 0.9)
        ids[:split].tofile(data / "train.bin")
        ids[split:].tofile(data / "val.bin")
        with open(data / "meta.pkl", "wb") as f:
            pickle.dump({"vocab_size": len(chars)}, f)
        total = warmup + steps
        command = [sys.executable, "train.py", "--device=cpu", "--compile=False", "--dtype=float32",
                   "--dataset=bench_char", f"--out_dir={work / 'out'}", "--bias=False",
                   "--dropout=0.0", "--gradient_accumulation_steps=1", "--learning_rate=0.001",
                   f"--max_iters={total}", f"--eval_interval={total + 1}", "--eval_iters=1",
                   "--log_interval=1", "--always_save_checkpoint=False",
                   *(f"--{k}={v}" for k, v in settings.items())]
        print("  $ (nanoGPT) " + " ".join(command[1:]), file=sys.stderr, flush=True)
        load_before = load_now()
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=timeout,
                              env={**env, **MALLOC_ENV})
    if done.returncode != 0:
        raise RuntimeError(f"nanoGPT's train.py failed:\n{done.stderr[-2000:]}")
    iters = parse_nanogpt_log(done.stdout)
    measured = [seconds for n, _, seconds in iters if n > warmup]
    step_s = statistics.fmean(measured)
    tokens = int(settings["batch_size"]) * int(settings["block_size"])
    return {"engine": "nanogpt_original", "precision": "fp32", "ms_per_step": round(step_s * 1000, 2),
            "tokens_per_s": round(tokens / step_s), "final_loss": iters[-1][1],
            "load_1min": [load_before, load_now()]}


def one_round(shape: str, reference: str, steps: int, warmup: int, common: list[str], env: dict,
              timeout: float, nanogpt_dir: Path | None, corpus: Path, with_bf16: bool = True) -> dict:
    """Each side once in each precision, taking turns. GPT Studio's auto run stands for its run in
    the precision auto chose (the same configuration: no need to time it twice). Without bf16,
    GPT Studio's auto run is still made (as shipped), and the bf16 pair is left out."""
    flags = [*shape.split(), "--steps", str(steps), "--warmup-steps", str(warmup), *common]
    runs = {"studio_auto": run_throughput(flags, env, timeout)}
    runs["reference_fp32"] = run_throughput([*flags, "--engine", reference, "--precision", "fp32"],
                                            env, timeout)
    chosen = runs["studio_auto"]["precision"]
    other = "fp32" if chosen == "bf16" else "bf16"
    runs[f"studio_{chosen}"] = runs["studio_auto"]
    if with_bf16 or other == "fp32":
        runs[f"studio_{other}"] = run_throughput([*flags, "--precision", other], env, timeout)
    if with_bf16:
        runs["reference_bf16"] = run_throughput(
            [*flags, "--engine", reference, "--precision", "bf16"], env, timeout)
    if nanogpt_dir is not None and reference == "nanogpt":
        runs["nanogpt_original"] = run_nanogpt(nanogpt_dir, corpus, shape, steps, warmup, env,
                                               timeout)
    return runs


def ratios(runs: dict) -> dict:
    def r(a, b):
        return round(runs[a]["tokens_per_s"] / runs[b]["tokens_per_s"], 3)

    out = {"as_shipped": r("studio_auto", "reference_fp32"), "fp32": r("studio_fp32", "reference_fp32")}
    if "reference_bf16" in runs:
        out["bf16"] = r("studio_bf16", "reference_bf16")
    if "nanogpt_original" in runs:
        out["as_shipped_vs_original"] = r("studio_auto", "nanogpt_original")
        out["fp32_vs_original"] = r("studio_fp32", "nanogpt_original")
        out["reference_vs_original"] = r("reference_fp32", "nanogpt_original")
    return out


def measure_shape(name: str, args, env: dict, nanogpt_dir: Path | None, save=None) -> dict:
    shape, reference, steps, warmup = SHAPES[name]
    steps, warmup = args.steps or steps, args.warmup_steps if args.warmup_steps is not None else warmup
    # GPT Studio remembers its automatic precision's verdict per shape, as the app does: only the
    # first auto run of a shape times fp32 against bf16 (before its measured steps, in any case).
    common = ["--threads", str(args.threads), "--corpus", str(args.corpus),
              "--precision-cache", str(args.output.with_name("precision_verdicts.json"))]
    if args.peak_file:
        common += ["--peak-file", str(args.peak_file)]
    rounds = []
    for i in range(max(1, args.rounds)):
        print(f"{name}: round {i + 1} of {args.rounds} (load {load_now()})", file=sys.stderr, flush=True)
        runs = one_round(shape, reference, steps, warmup, common, env, args.timeout, nanogpt_dir,
                         args.corpus, with_bf16=not args.no_bf16)
        rounds.append({"runs": runs, "ratios": ratios(runs)})
        print(json.dumps(rounds[-1]), file=sys.stderr, flush=True)
        if save is not None:  # a long run interrupted keeps the rounds it finished
            save(summary(name, reference, shape, steps, warmup, rounds))
    return summary(name, reference, shape, steps, warmup, rounds)


def summary(name: str, reference: str, shape: str, steps: int, warmup: int, rounds: list) -> dict:
    keys = rounds[0]["ratios"]
    medians = {k: round(statistics.median(r["ratios"][k] for r in rounds), 2) for k in keys}
    tokens = {side: round(statistics.median(r["runs"][side]["tokens_per_s"] for r in rounds))
              for side in rounds[0]["runs"]}
    return {"shape": name, "flags": shape, "reference": reference, "steps": steps, "warmup": warmup,
            "ratios": medians, "median_tokens_per_s": tokens,
            "ratios_each_round": {k: [r["ratios"][k] for r in rounds] for k in keys},
            "rounds": rounds}


def print_table(rows: list[dict]) -> None:
    print("Training tokens/s, GPT Studio / reference (median of the rounds' ratios)")
    for row in rows:
        t, r = row["median_tokens_per_s"], row["ratios"]
        print(f"  {row['shape']:6} vs {row['reference']:8} as shipped {r['as_shipped']:>5}x   "
              f"fp32 {r['fp32']:>5}x   bf16 {r.get('bf16', '-'):>5}x   (tokens/s: studio auto "
              f"{t['studio_auto']}, fp32 {t['studio_fp32']}, bf16 {t.get('studio_bf16', '-')}; "
              f"reference fp32 {t['reference_fp32']}, bf16 {t.get('reference_bf16', '-')})")
        if "nanogpt_original" in t:
            print(f"  {'':6}    nanoGPT's train.py {t['nanogpt_original']} tokens/s: as shipped "
                  f"{r['as_shipped_vs_original']}x, fp32 {r['fp32_vs_original']}x, reference/"
                  f"original {r['reference_vs_original']}x")
        print(f"  {'':6}    each round: " + "; ".join(
            f"{k} {', '.join(map(str, v))}" for k, v in row["ratios_each_round"].items()))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shapes", default="0.8M,10.7M,124M", help=f"of {', '.join(SHAPES)}")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=0, help="measured steps per run (0: the shape's own)")
    p.add_argument("--warmup-steps", type=int, default=None)
    p.add_argument("--threads", type=int, default=0, help="torch threads of every side (0: this "
                                                          "machine's default, as torch sees it)")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--peak-file", type=Path, default=None, help="bench.peak's JSON, for CPU MFU")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    p.add_argument("--no-bf16", action="store_true",
                   help="leave the bf16 pair out (a CPU without native bf16 emulates it, slowly)")
    p.add_argument("--output", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    if not args.threads:
        import torch

        args.threads = torch.get_num_threads()
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads), "MKL_NUM_THREADS": str(args.threads)}
    nanogpt_dir = Path(os.environ["NANOGPT_DIR"]) if os.environ.get("NANOGPT_DIR") else None
    results = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "threads": args.threads,
               "load_1min_start": load_now(), "shapes": []}
    args.output.parent.mkdir(parents=True, exist_ok=True)

    def save(row: dict | None = None) -> None:
        shapes = results["shapes"] + ([row] if row else [])
        results["load_1min_end"] = load_now()
        args.output.write_text(json.dumps({**results, "shapes": shapes}, indent=1) + "\n",
                               encoding="utf-8")

    for name in args.shapes.split(","):
        results["shapes"].append(measure_shape(name, args, env, nanogpt_dir, save))
    save()
    print_table(results["shapes"])
    print(f"(load {results['load_1min_start']} -> {results['load_1min_end']}; written to {args.output})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
