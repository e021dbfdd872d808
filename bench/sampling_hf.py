"""Sampling speed against transformers' generate (with its KV cache), same prompt, length and
sampling settings, and a batch of samples against one.

    python -m bench.sampling_hf --n-layer 6 --n-head 6 --n-embd 384 --block-size 256
        [--vocab-size 50257] [--tokens 200] [--samples 8] [--rounds 3] [--threads N]

One process, both engines at the same shape (random weights: speed does not depend on their
values), the same threads and allocator setting. The prompt is the corpus's first 16 characters
(char level; with --vocab-size, a made-up alphabet of that many characters, so the head is as wide
as GPT-2's), and every run writes exactly --tokens new tokens by plain sampling (temperature 1,
no top-k, no top-p; GPT Studio never stops early in continuous text, and generate is given no end
token). The ways take turns, --rounds times; each figure is its median tokens/s:
  - `studio`: GPT Studio's TextGenerator, one sample (the app's and the CLI's path, the top
    alternatives of each token included as the Generate tab asks for them);
  - `hf`: GPT2LMHeadModel.generate(do_sample=True, use_cache=True), one sequence;
  - `studio_n`: GPT Studio writing --samples samples (SampleConfig.num_samples, `-n` in the CLI);
  - `hf_n`: generate with num_return_sequences=--samples (one batch).
Tokens/s of the batches count every sample's tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from bench.sampling import _timed
from bench.throughput import DEFAULT_CORPUS, add_shape_arguments


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_shape_arguments(p)
    p.add_argument("--vocab-size", type=int, default=0, help="a made-up alphabet this large")
    p.add_argument("--tokens", type=int, default=200, help="new tokens per sample")
    p.add_argument("--samples", type=int, default=8, help="samples of the batch runs")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    return p.parse_args(argv)


def made_up_text(vocab_size: int) -> str:
    """vocab_size distinct printable characters (past Latin-1, skipping the surrogates)."""
    chars, code = [], 0x100
    while len(chars) < vocab_size:
        if not 0xD800 <= code <= 0xDFFF and chr(code).isprintable():
            chars.append(chr(code))
        code += 1
    return "".join(chars)


def main(argv=None) -> int:
    args = parse(argv)
    from gptstudio.engine.device import reuse_freed_memory

    reuse_freed_memory()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from bench.reference_hf import build_gpt2
    from gptstudio.engine.config import ModelConfig, SampleConfig
    from gptstudio.engine.data import prompt_ids
    from gptstudio.engine.model import GPT
    from gptstudio.engine.sampling import TextGenerator
    from gptstudio.engine.tokenizers import train_tokenizer

    text = made_up_text(args.vocab_size) if args.vocab_size else args.corpus.read_text(encoding="utf-8")
    tokenizer = train_tokenizer("char", text)
    prompt = text[:16]
    start = prompt_ids(tokenizer, "continuous", prompt)
    if len(start) + args.tokens > args.block_size:
        raise SystemExit("--tokens must fit the context after the prompt (generate cannot slide)")
    torch.manual_seed(1337)
    shape = dict(vocab_size=tokenizer.vocab_size, block_size=args.block_size, n_layer=args.n_layer,
                 n_head=args.n_head, n_embd=args.n_embd)
    studio = TextGenerator(GPT(ModelConfig(**shape, dropout=0.0)), tokenizer, "continuous")
    hf = build_gpt2(**shape).eval()
    input_ids = torch.tensor([start], dtype=torch.long)
    settings = dict(temperature=1.0, top_k=0, top_p=1.0, max_new_tokens=args.tokens)
    one = SampleConfig(**settings, seed=1)
    many = SampleConfig(**settings, seed=1, num_samples=args.samples)

    def hf_generate(n: int):
        with torch.inference_mode():
            out = hf.generate(input_ids, do_sample=True, use_cache=True, num_return_sequences=n,
                              min_new_tokens=args.tokens, pad_token_id=0, eos_token_id=None,
                              **settings)
        assert out.shape == (n, len(start) + args.tokens)

    def studio_generate(config):
        texts = studio.generate(prompt, config)
        assert len(texts) == config.num_samples

    ways = {"studio": (lambda: studio_generate(one), 1), "hf": (lambda: hf_generate(1), 1),
            "studio_n": (lambda: studio_generate(many), args.samples),
            "hf_n": (lambda: hf_generate(args.samples), args.samples)}
    for way, _ in ways.values():  # warm-up: first calls allocate and pick kernels
        way()
    load_before = os.getloadavg()[0]
    rounds = [{name: n * args.tokens / _timed(way) for name, (way, n) in ways.items()}
              for _ in range(max(1, args.rounds))]
    rate = {name: statistics.median(r[name] for r in rounds) for name in ways}
    print(json.dumps({
        "params": studio.model.num_params(), "vocab_size": tokenizer.vocab_size,
        "prompt_tokens": len(start), "new_tokens": args.tokens, "samples": args.samples,
        "threads": torch.get_num_threads(),
        **{f"{name}_tokens_per_s": round(v, 1) for name, v in rate.items()},
        "studio_vs_hf": round(rate["studio"] / rate["hf"], 2),
        "studio_batch_vs_one": round(rate["studio_n"] / rate["studio"], 2),
        "hf_batch_vs_one": round(rate["hf_n"] / rate["hf"], 2),
        "studio_vs_hf_each_round": [round(r["studio"] / r["hf"], 2) for r in rounds],
        "rounds": len(rounds),
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
