"""The KV-cache token rate of this tree's model against another tree's, in one process, on the
same weights: how much a change to engine/model.py costs or gains per cached token.

    git worktree add --detach /tmp/before <commit>
    OMP_NUM_THREADS=1 taskset -c 1 python -m bench.forward_ab --other /tmp/before --rounds 9

Each round times both sides (CPU time of this thread, so a busy neighbour matters less), taking
turns; the medians and each round's ratio are printed. A tree from before the one forward (whose
next_logits took gathered weights) is called the way its sampler called it; this one's sampler
calls forward() with one token and the cache."""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import statistics
import sys
import time

import torch

from gptstudio.engine import model as this_model
from gptstudio.engine.config import ModelConfig


def _other_model(tree: str):
    spec = importlib.util.spec_from_file_location("other_model", f"{tree}/gptstudio/engine/model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["other_model"] = module
    spec.loader.exec_module(module)
    return module


def _one_token(model, gathered=None):
    """model's step of one token with its cache, as its tree's sampler runs it: next_logits in a
    tree that has it (with gathered weights in one from before the one forward), else forward."""
    if gathered is not None:
        return lambda token, cache: model.next_logits(token, cache, gathered)
    if hasattr(model, "next_logits"):
        return model.next_logits

    def step(token, cache):
        idx = torch.full((1, 1), token, dtype=torch.long)
        return model(idx, kv_cache=cache, last_only=True)[0][0, -1]
    return step


def _rate(model, tokens: int, step) -> float:
    with torch.inference_mode():
        cache = model.new_cache()
        start = time.thread_time()
        for i in range(tokens):
            step(i % model.config.vocab_size, cache)
        return tokens / (time.thread_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", required=True, help="another checkout's root folder")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--tokens", type=int, default=250)
    parser.add_argument("--n-layer", type=int, default=6)
    parser.add_argument("--n-head", type=int, default=6)
    parser.add_argument("--n-embd", type=int, default=384)
    args = parser.parse_args()
    torch.set_num_threads(1)
    config = ModelConfig(vocab_size=65, n_layer=args.n_layer, n_head=args.n_head, n_embd=args.n_embd,
                         block_size=args.tokens + 6, dropout=0.0)
    torch.manual_seed(0)
    other_module = _other_model(args.other)
    other = other_module.GPT(config).eval()
    this = this_model.GPT(config).eval()
    this.load_state_dict(other.state_dict())
    gathered = (other.decode_weights() if hasattr(other, "next_logits")
                and "weights" in inspect.signature(other.next_logits).parameters else None)
    other_step, this_step = _one_token(other, gathered), _one_token(this)
    with torch.inference_mode():  # the same weights give the same logits
        a, b = other.new_cache(), this.new_cache()
        for token in range(5):
            left, right = other_step(token, a), this_step(token, b)
        torch.testing.assert_close(left, right, rtol=1e-4, atol=1e-4)
    theirs, ours = [], []
    for _ in range(args.rounds):
        theirs.append(_rate(other, args.tokens, other_step))
        ours.append(_rate(this, args.tokens, this_step))
    print(f"other tree {statistics.median(theirs):.1f} tokens/s, this tree {statistics.median(ours):.1f}, "
          f"ratio {statistics.median(ours) / statistics.median(theirs):.3f}; each round: "
          f"{[round(b / a, 3) for a, b in zip(theirs, ours, strict=True)]}")


if __name__ == "__main__":
    main()
