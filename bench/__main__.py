"""The whole benchmark suite, side by side in one run: a table on stdout, bench/results/latest.json.

    python -m bench [--minutes 5] [--only training,quality,sampling,app] [--rounds 3] [--quick]

Each measurement runs in its own process (the modules below, one JSON line each), so peak memory is
per run and one run's threads and allocations cannot slow the next:
  - training:  bench.throughput, GPT Studio's trainer and the nanoGPT-equivalent reference
               (bench/reference_nanogpt.py, fp32 as nanoGPT on a CPU), the same model (no biases,
               nanoGPT's default) at the same shapes (the 0.8M and 10.7M shapes of the performance
               issue, and the tiny and small presets); bench.versus has the full comparison;
               the ratio studio/reference is the figure that counts (absolute times drift): the
               two take turns --rounds times and the median round's ratio is reported.
  - quality:   bench.time_to_quality, the 5-minute CPU preset (small) for --minutes on tiny Shakespeare.
  - sampling:  bench.sampling, KV cache against re-reading the context, at 0.8M and 10.7M.
  - app:       bench.gui_latency, window start-up and GUI timer lateness while training.
--quick makes every run tiny (a smoke test that the suite works; its figures mean nothing).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
# --quick must run on a fresh checkout (CI), where ../shared/data is not there: a shipped corpus.
QUICK_CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "tech_blog.txt"

# name, shape flags, measured steps, warm-up steps
TRAINING = [
    ("0.8M (issue shape)", "--n-layer 4 --n-head 4 --n-embd 128 --block-size 64 --batch-size 12", 40, 10),
    ("tiny preset", "--n-layer 4 --n-head 4 --n-embd 128 --block-size 64 --batch-size 16", 40, 10),
    ("small preset", "--n-layer 4 --n-head 6 --n-embd 192 --block-size 64 --batch-size 16", 40, 10),
    ("10.7M (issue shape)", "--n-layer 6 --n-head 6 --n-embd 384 --block-size 256 --batch-size 64", 10, 3),
]
SAMPLING = [
    ("0.8M", "--n-layer 4 --n-head 4 --n-embd 128 --block-size 64"),
    ("10.7M", "--n-layer 6 --n-head 6 --n-embd 384 --block-size 256"),
]
QUICK_SHAPE = "--n-layer 1 --n-head 2 --n-embd 32 --block-size 16 --batch-size 4"


CORPUS: list[str] = []  # ["--corpus", path] when one is given


def run_json(module: str, args: list[str], timeout: float = 3600) -> dict:
    """Run `python -m module args` and return its last stdout line as JSON."""
    command = [sys.executable, "-m", module, *args, *CORPUS]
    print("  $ " + " ".join(command[1:]), file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def training(quick: bool, rounds: int) -> list[dict]:
    """Per shape: GPT Studio and the reference take turns `rounds` times, so that a slow moment of
    a shared machine hits both alike. The ratio is the median of the rounds' ratios, the lower
    middle one for an even number (each round's two runs are next to each other in time); `studio`
    and `reference` are the runs of that round. GPT Studio in fp32 runs once, for its tokens/s and
    its final loss."""
    rows = []
    for name, shape, steps, warmup in [("quick", QUICK_SHAPE, 2, 1)] if quick else TRAINING:
        flags = f"{shape} --no-bias --steps {steps} --warmup-steps {warmup}".split()
        pairs = []
        for _ in range(max(1, rounds)):
            studio = run_json("bench.throughput", flags)
            reference = run_json("bench.throughput", [*flags, "--engine", "nanogpt"])
            pairs.append((studio["tokens_per_s"] / reference["tokens_per_s"], studio, reference))
        fp32 = run_json("bench.throughput", [*flags, "--precision", "fp32"])
        ratio, studio, reference = sorted(pairs, key=lambda pair: pair[0])[(len(pairs) - 1) // 2]
        rows.append({"shape": name, "studio": studio, "studio_fp32": fp32, "reference": reference,
                     "speed_ratio": round(ratio, 2),
                     "speed_ratio_each_round": [round(pair[0], 2) for pair in pairs],
                     "memory_ratio": round(studio["peak_rss_mb"] / reference["peak_rss_mb"], 2)})
    return rows


def quality(minutes: float, quick: bool) -> dict:
    flags = (["--minutes", "3", *QUICK_SHAPE.split(), "--max-iters", "6", "--eval-interval", "3",
              "--eval-iters", "1"]
             if quick else ["--preset", "small", "--minutes", str(minutes)])
    return run_json("bench.time_to_quality", flags)


def sampling(quick: bool) -> list[dict]:
    if quick:
        return [{"shape": "quick", **run_json("bench.sampling", [*QUICK_SHAPE.split()[:8], "--tokens", "20",
                                                                 "--rounds", "2"])}]
    return [{"shape": name, **run_json("bench.sampling", shape.split())} for name, shape in SAMPLING]


def app(quick: bool) -> dict:
    return run_json("bench.gui_latency", ["--seconds", "2", "--starts", "1"] if quick else [])


def machine() -> dict:
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "threads": torch.get_num_threads(), "torch": torch.__version__,
            "python": platform.python_version(), "cuda": torch.cuda.is_available(),
            "bf16_cpu_kernels": torch.backends.mkldnn.is_available()
            and torch.ops.mkldnn._is_mkldnn_bf16_supported()}


def print_table(results: dict) -> None:
    out = []
    if "training" in results:
        out.append("Training (tokens/s; ratio = GPT Studio / nanoGPT-equivalent, same model, same run)")
        out.append(f"  {'shape':22}{'studio':>10}{'precision':>10}{'reference':>11}{'ratio':>7}"
                   f"{'studio MB':>11}{'ref MB':>8}{'loss studio/fp32/ref':>24}")
        for r in results["training"]:
            s, f, ref = r["studio"], r["studio_fp32"], r["reference"]
            out.append(f"  {r['shape']:22}{s['tokens_per_s']:>10}{s['precision']:>10}"
                       f"{ref['tokens_per_s']:>11}{r['speed_ratio']:>6}x{s['peak_rss_mb']:>11}"
                       f"{ref['peak_rss_mb']:>8}   {s['final_loss']:.3f}/{f['final_loss']:.3f}/"
                       f"{ref['final_loss']:.3f}")
            if len(r.get("speed_ratio_each_round", [])) > 1:
                out.append(f"  {'':22}ratio each round: "
                           + ", ".join(f"{x}x" for x in r["speed_ratio_each_round"]))
        out.append("  model TFLOP/s, studio: " + ", ".join(
            f"{r['shape']} {r['studio']['model_tflops']}"
            + (f" (MFU {r['studio']['mfu']:.0%})" if r["studio"].get("mfu") is not None else "")
            for r in results["training"]))
    if "quality" in results:
        q = results["quality"]
        reached = ", ".join(f"{k}: {v} s" if v is not None else f"{k}: not reached"
                            for k, v in q["seconds_to"].items())
        out.append(f"Time to quality ({q['preset']}, {q['params']:,} parameters, {q['precision']}, "
                   f"{q['tokens_per_s']} tokens/s): val loss {reached}; after {q['wall_s']} s "
                   f"best {q['best_val_loss']}, last {q['last_val_loss']}")
    if "sampling" in results:
        out.append("Sampling, new tokens/s (each row writes the same number of new tokens 3 ways)")
        for r in results["sampling"]:
            out.append(f"  {r['shape']:8} KV cache {r['cache_tokens_per_s']:>8}   no cache "
                       f"{r['no_cache_tokens_per_s']:>7} ({r['cache_vs_no_cache']}x)   reference "
                       f"{r['reference_tokens_per_s']:>7} ({r['cache_vs_reference']}x)")
    if "app" in results:
        a = results["app"]
        t = a["timer_lateness_training"]
        out.append(f"App: window shown in {a['window_shown_s']['median']} s (median); GUI timer "
                   f"lateness while training p50 {t['p50_ms']} ms, p99 {t['p99_ms']} ms, "
                   f"max {t['max_ms']} ms")
    print("\n".join(out))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--minutes", type=float, default=5.0, help="time budget of the quality run")
    p.add_argument("--only", default="training,quality,sampling,app")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--rounds", type=int, default=3,
                   help="turns GPT Studio and the reference take at each training shape")
    p.add_argument("--output", type=Path, default=RESULTS)
    p.add_argument("--corpus", type=Path, help="default: ../shared/data/tinyshakespeare.txt "
                                                 "(--quick: corpora/tech_blog.txt)")
    args = p.parse_args(argv)
    corpus = args.corpus or (QUICK_CORPUS if args.quick else None)
    CORPUS[:] = ["--corpus", str(corpus)] if corpus else []
    parts = args.only.split(",")
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    steps = {"training": lambda: training(args.quick, args.rounds), "quality": lambda: quality(args.minutes, args.quick),
             "sampling": lambda: sampling(args.quick), "app": lambda: app(args.quick)}
    for part in parts:
        print(f"{part}...", file=sys.stderr, flush=True)
        results[part] = steps[part]()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print_table(results)
    print(f"(written to {args.output})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
