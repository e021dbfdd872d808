"""Training-step time of model variants, built side by side in one process, steps alternating.

    python -m bench.step_variants [--n-layer 6 --n-head 6 --n-embd 384 --block-size 256
        --batch-size 64] [--precision bf16|fp32] [--rounds 6] [--steps-per-round 1]
        [--variants bias no-bias fp32-residual dropout=0.2 dropout=0.2:torch muon]

Variants:
- `bias` / `no-bias`: the Linear and LayerNorm layers with or without biases (no dropout);
- `fp32-residual`: `bias` with the residual stream kept in fp32 under bf16 autocast, as GPT Studio
  ran before 2026-11-30 (engine/model.residual_dtype);
- `dropout=P`: dropout P with GPT Studio's CPU dropout (engine/dropout.py), no biases;
- `dropout=P:torch`: the same model with torch's own dropout (`nn.Dropout`, and attention through
  `scaled_dot_product_attention` with `dropout_p`), as GPT Studio ran before it had its own;
- `muon`: no biases, no dropout, trained with Muon for the blocks' matrices (engine/muon.py)
  instead of AdamW: compare it with `no-bias` for what Muon's orthogonalising costs a step.

Alternating steps of models that live in the same process is the fairest comparison on a noisy
machine: a slow moment hits every variant alike. Prints one JSON line a variant: the median and
fastest step in ms (the first round is a warm-up and not counted).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n-layer", type=int, default=6)
    p.add_argument("--n-head", type=int, default=6)
    p.add_argument("--n-embd", type=int, default=384)
    p.add_argument("--block-size", type=int, default=256)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--precision", choices=["bf16", "fp32"], default="bf16")
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--steps-per-round", type=int, default=1)
    p.add_argument("--variants", nargs="+", default=["bias", "no-bias"])
    return p.parse_args(argv)


def _variant(name: str) -> tuple[dict, object, bool]:
    """-> (ModelConfig overrides, the context its steps run in, whether Muon trains it)."""
    if name in ("bias", "no-bias", "muon"):
        return {"bias": name == "bias", "dropout": 0.0}, contextlib.nullcontext, name == "muon"
    if name == "fp32-residual":
        return {"bias": True, "dropout": 0.0}, _fp32_residual, False
    if name.startswith("dropout="):
        value, _, which = name.removeprefix("dropout=").partition(":")
        if which not in ("", "torch"):
            raise SystemExit(f"unknown dropout kind {which!r}: give dropout=P or dropout=P:torch")
        return ({"bias": False, "dropout": float(value)},
                _torch_dropout if which == "torch" else contextlib.nullcontext, False)
    raise SystemExit(f"unknown variant {name!r}")


@contextlib.contextmanager
def _fp32_residual():
    """The residual stream in the embeddings' fp32 under bf16 autocast, as before 2026-11-30."""
    from gptstudio.engine import model as model_module

    residual_dtype = model_module.residual_dtype
    model_module.residual_dtype = lambda x: x.dtype
    try:
        yield
    finally:
        model_module.residual_dtype = residual_dtype


@contextlib.contextmanager
def _torch_dropout():
    """The model's dropout as before engine/dropout.py: nn.Dropout, and attention dropout in SDPA."""
    from gptstudio.engine import model as model_module

    dropped, use_chunked = model_module._dropped, model_module.use_chunked_attention
    model_module._dropped = lambda d, x: d(x) if d.training and d.p > 0 else x
    model_module.use_chunked_attention = lambda q, training, p: p == 0 and use_chunked(q, training, p)
    try:
        yield
    finally:
        model_module._dropped, model_module.use_chunked_attention = dropped, use_chunked


def main(argv=None) -> int:
    args = parse(argv)
    import torch

    from gptstudio.engine import device as dev
    from gptstudio.engine.config import ModelConfig
    from gptstudio.engine.model import GPT
    from gptstudio.engine.optimizers import make_optimizer
    from gptstudio.engine.step_time import probe_step

    dev.reuse_freed_memory()
    cpu = torch.device("cpu")
    x = torch.randint(0, 65, (args.batch_size, args.block_size),
                      generator=torch.Generator().manual_seed(0))
    runs = {}
    for name in args.variants:
        overrides, context, muon = _variant(name)
        torch.manual_seed(0)
        model = GPT(ModelConfig(vocab_size=65, block_size=args.block_size, n_layer=args.n_layer,
                                n_head=args.n_head, n_embd=args.n_embd, **overrides)).train()
        optimizer = make_optimizer(model, "muon" if muon else "adamw", 0.1, 1e-3, (0.9, 0.99), cpu)
        runs[name] = (model, probe_step(model, x, optimizer, cpu, args.precision),
                      context, [])

    for r in range(args.rounds + 1):
        for _, step, context, times in runs.values():
            with context():
                t = time.perf_counter()
                for _ in range(args.steps_per_round):
                    step()
                if r:  # round 0 warms up
                    times.append((time.perf_counter() - t) / args.steps_per_round)
    for name, (model, _, _, times) in runs.items():
        print(json.dumps({"variant": name, "ms_median": round(statistics.median(times) * 1e3, 1),
                          "ms_fastest": round(min(times) * 1e3, 1), "params": model.num_params(),
                          "precision": args.precision, "rounds": args.rounds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
