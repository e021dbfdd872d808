"""Drawing a token: GPT Studio's draw() against torch.multinomial, at a vocabulary's width.

    python -m bench.draw [--vocab-sizes 65 50257] [--draws 300] [--rounds 5] [--threads 1]

Both draw one token from the same softmax of random logits with their own seeded generator,
taking turns --rounds times; each figure is the median of the rounds, in microseconds a draw.
Prints one JSON line. At GPT-2's 50,257 tokens multinomial spends a random number on every token
of the vocabulary; draw() one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vocab-sizes", type=int, nargs="+", default=[65, 50257])
    p.add_argument("--draws", type=int, default=300)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    import torch

    from gptstudio.engine.sampling import draw

    torch.set_num_threads(args.threads)
    ways = {"draw": lambda probs, generator: draw(probs, generator),
            "multinomial": lambda probs, generator: int(torch.multinomial(probs, 1, generator=generator))}
    rows = []
    for vocab in args.vocab_sizes:
        probs = torch.softmax(torch.randn(vocab, generator=torch.Generator().manual_seed(0)) * 2, -1)
        times = {name: [] for name in ways}
        for _ in range(args.rounds):
            for name, way in ways.items():
                generator = torch.Generator().manual_seed(1)
                way(probs, generator)  # warm-up
                start = time.perf_counter()
                for _ in range(args.draws):
                    way(probs, generator)
                times[name].append((time.perf_counter() - start) / args.draws * 1e6)
        row = {"vocab_size": vocab, **{f"{name}_us": round(statistics.median(t), 1)
                                       for name, t in times.items()}}
        row["multinomial_vs_draw"] = round(row["multinomial_us"] / row["draw_us"], 1)
        rows.append(row)
    print(json.dumps({"threads": args.threads, "draws": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
