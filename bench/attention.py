"""Causal attention, forward and backward of one layer, by each kernel, as one JSON line.

    python -m bench.attention [--batch 64 --heads 6 --context 256 --head-size 64] [--rounds 6]

Times PyTorch's fused kernel (scaled_dot_product_attention) in bf16 and fp32 and GPT Studio's
chunked kernel (gptstudio/engine/attention.py) in bf16 on the same random q, k, v, in interleaved
rounds, and prints the best and the median milliseconds of each: the figures behind choosing the
chunked kernel for CPU training in bf16 (docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import time


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--heads", type=int, default=6)
    p.add_argument("--context", type=int, default=256)
    p.add_argument("--head-size", type=int, default=64)
    p.add_argument("--rounds", type=int, default=6)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    import torch
    import torch.nn.functional as F

    from gptstudio.engine import device as dev
    from gptstudio.engine.attention import causal_attention

    dev.reuse_freed_memory()
    shape = (args.batch, args.heads, args.context, args.head_size)

    def fused(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)

    kernels = {"fused_bf16": (fused, torch.bfloat16), "chunked_bf16": (causal_attention, torch.bfloat16),
               "fused_fp32": (fused, torch.float32)}
    inputs = {}
    for dtype in (torch.bfloat16, torch.float32):
        g = torch.Generator().manual_seed(0)
        inputs[dtype] = ([torch.randn(shape, generator=g, dtype=dtype, requires_grad=True)
                          for _ in range(3)], torch.randn(shape, generator=g, dtype=dtype))
    times = {name: [] for name in kernels}
    for round_ in range(args.rounds + 1):  # round 0 warms up
        for name, (kernel, dtype) in kernels.items():
            (q, k, v), grad = inputs[dtype]
            for t in (q, k, v):
                t.grad = None  # each round computes fresh gradients, as a training step does
            t0 = time.perf_counter()
            kernel(q, k, v).backward(grad)
            if round_:
                times[name].append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"shape": dict(zip(("batch", "heads", "context", "head_size"), shape, strict=True)),
                      **{name: {"best_ms": round(min(t), 2), "median_ms": round(sorted(t)[len(t) // 2], 2)}
                         for name, t in times.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
