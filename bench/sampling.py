"""Sampling speed: new tokens per second with the KV cache against re-reading the whole context.

    python -m bench.sampling --n-layer 6 --n-head 6 --n-embd 384 --block-size 256
        [--tokens 500] [--rounds 3] [--device auto] [--threads 0] [--ways cache no_cache reference]

Builds the model at that shape (char-level vocabulary of the corpus; random weights: speed does not
depend on what the weights are) and writes --tokens new tokens three ways, in this one process:
  - `cache`: GPT Studio's sampler with its KV cache (what the app and the CLI run);
  - `no_cache`: the same sampler re-running the model over the whole context for every token;
  - `reference`: bench/reference_gpt.py's generate (the classic tutorial loop, no cache), same shape.
The three take turns, --rounds times, so that a slow moment of a shared machine hits each of them
alike; each one's figure is its median over the rounds. --ways runs only some of them (`--ways cache`
to compare the KV-cache rate of two trees in alternating processes); the ratios need all three. Prints one JSON line with tokens/s of each,
the ratios cache/no_cache and cache/reference of those medians, and each round's cache/no_cache.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench.throughput import DEFAULT_CORPUS, add_shape_arguments

WAYS = ("cache", "no_cache", "reference")


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_shape_arguments(p)
    p.add_argument("--tokens", type=int, default=500, help="new tokens per run")
    p.add_argument("--rounds", type=int, default=3, help="turns of the three ways, taken alternately")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--device", default="auto")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS), help="which ways to run")
    return p.parse_args(argv)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv=None) -> int:
    args = parse(argv)
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from bench.reference_gpt import ReferenceGPT
    from gptstudio.engine.config import ModelConfig, SampleConfig
    from gptstudio.engine.device import resolve_device
    from gptstudio.engine.model import GPT
    from gptstudio.engine.sampling import TextGenerator
    from gptstudio.engine.tokenizers import train_tokenizer

    device = resolve_device(args.device)
    text = args.corpus.read_text(encoding="utf-8")
    tokenizer = train_tokenizer("char", text)
    torch.manual_seed(1337)
    config = ModelConfig(vocab_size=tokenizer.vocab_size, block_size=args.block_size,
                         n_layer=args.n_layer, n_head=args.n_head, n_embd=args.n_embd, dropout=0.0)
    model = GPT(config).to(device)
    generator = TextGenerator(model, tokenizer, "continuous", device)
    # Continuous text never ends at <eos>, so each run writes exactly --tokens tokens; the top
    # alternatives are computed as the app's Generate tab asks for them.
    sample = SampleConfig(temperature=1.0, max_new_tokens=args.tokens, seed=1)
    generator.generate("\n", SampleConfig(max_new_tokens=8, seed=1))  # warm-up

    reference = ReferenceGPT(tokenizer.vocab_size, args.block_size, args.n_layer, args.n_head,
                             args.n_embd).to(device).eval()
    start_ids = torch.zeros((1, 1), dtype=torch.long, device=device)
    ways = {
        "cache": lambda: generator.generate("\n", sample, use_cache=True),
        "no_cache": lambda: generator.generate("\n", sample, use_cache=False),
        "reference": lambda: reference.generate(start_ids, args.tokens),
    }
    ways = {name: way for name, way in ways.items() if name in args.ways}
    rounds = [{name: args.tokens / _timed(way) for name, way in ways.items()}
              for _ in range(max(1, args.rounds))]
    rate = {name: statistics.median(r[name] for r in rounds) for name in ways}
    result = {"params": model.num_params(), "new_tokens": args.tokens, "device": str(device)}
    result.update({f"{name}_tokens_per_s": round(rate[name], 1) for name in ways})
    if len(ways) == len(WAYS):
        result.update({
            "cache_vs_no_cache": round(rate["cache"] / rate["no_cache"], 2),
            "cache_vs_reference": round(rate["cache"] / rate["reference"], 2),
            "cache_vs_no_cache_each_round": [round(r["cache"] / r["no_cache"], 2) for r in rounds],
        })
    result["rounds"] = len(rounds)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
