"""This machine's matrix-product peak: fp32 and bf16 TFLOP/s, the yardstick of CPU MFU.

    python -m bench.peak [--sizes 1024,2048,4096] [--shapes 0.8M,10.7M,124M] [--rounds 5]
        [--threads N] [--output bench/results/peak.json]

A GPU's peak is on its data sheet (bench/mfu.py); a CPU's depends on its cores, its vector units
(AVX-512, AMX for bf16), its clock and, on a shared machine, its neighbours, so it is measured:
square products of each size, and the products a training step of each model shape makes (the
forward's token matrix times each Linear's weight, as F.linear runs them). Each figure is the
best of --rounds timings of one product after a warm-up. `peak_tflops` is the best product
measured per precision: what bench.throughput --peak-file divides model TFLOP/s by.
Same conditions as the training runs: reuse_freed_memory, --threads torch threads.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "peak.json"
# name -> (tokens per step = batch x context, width, vocabulary)
SHAPES = {"0.8M": (12 * 64, 128, 65), "10.7M": (64 * 256, 384, 65), "124M": (8 * 256, 768, 50257)}


def timed_tflops(a, b, rounds: int) -> float:
    """Best TFLOP/s of F.linear(a, b) (a @ b.T) over `rounds` timings after one warm-up: the
    machine's capability. On a shared machine a timing is only ever slowed by the neighbours, so
    the fastest is the one least disturbed (a median there measures the neighbours)."""
    from torch.nn import functional as F

    flops = 2.0 * a.shape[0] * a.shape[1] * b.shape[0]
    F.linear(a, b)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        F.linear(a, b)
        times.append(time.perf_counter() - start)
    return round(flops / min(times) / 1e12, 5)


def linear_products(tokens: int, width: int, vocab: int) -> dict[str, tuple[int, int, int]]:
    """The forward's products of one model: name -> (rows, inner, out)."""
    return {"qkv": (tokens, width, 3 * width), "attn_proj": (tokens, width, width),
            "mlp_up": (tokens, width, 4 * width), "mlp_down": (tokens, 4 * width, width),
            "head": (tokens, width, vocab)}


def measure(sizes: list[int], shapes: list[str], rounds: int) -> dict:
    import torch

    dtypes = {"fp32": torch.float32, "bf16": torch.bfloat16}
    square = {p: {str(n): timed_tflops(torch.randn(n, n, dtype=dt), torch.randn(n, n, dtype=dt), rounds)
                  for n in sizes} for p, dt in dtypes.items()}
    at_shapes = {}
    for name in shapes:
        products = linear_products(*SHAPES[name])
        at_shapes[name] = {p: {k: timed_tflops(torch.randn(m, k_in, dtype=dt),
                                               torch.randn(out, k_in, dtype=dt), rounds)
                               for k, (m, k_in, out) in products.items()}
                           for p, dt in dtypes.items()}
    # The peak: the best product measured in each precision, square or at a model's shape.
    best = {p: max([*square[p].values(), *(v for s in at_shapes.values() for v in s[p].values())])
            for p in dtypes}
    return {"peak_tflops": best, "square": square, "at_shapes": at_shapes}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1024,2048,4096")
    p.add_argument("--shapes", default="0.8M,10.7M,124M", help=f"of {', '.join(SHAPES)}, or none")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--output", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    from gptstudio.engine.device import reuse_freed_memory

    tuned = reuse_freed_memory()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    load_before = os.getloadavg()[0]
    shapes = [s for s in args.shapes.split(",") if s and s != "none"]
    result = {**measure([int(n) for n in args.sizes.split(",")], shapes, args.rounds),
              "threads": torch.get_num_threads(), "allocator_tuned": tuned,
              "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
              "measured": time.strftime("%Y-%m-%d %H:%M:%S")}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
