"""The GGUF export's llama.cpp check for every tokenizer kind, corpus and number type, as a table.

    python -m bench.gguf_checks                      # char, word, bpe x English, Chinese+emoji, code
    python -m bench.gguf_checks --steps 300 --n-embd 64 --types f32 f16 q8_0

Trains a small model per (kind, corpus) in a temporary folder, exports it in each number type
(engine/gguf_export.py) and prints one markdown row per export: token ids compared, greedy tokens
the same, near ties, and the largest next-token logit difference against the type's tolerance.
Needs llama-cpp-python. Corpora: corpora/tech_blog.txt, corpora/chinese.txt, and GPT Studio's
exported Python program (gptstudio/engine/program/*.py) as code.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpora() -> dict[str, str]:
    program = ROOT / "gptstudio" / "engine" / "program"
    return {"English": (ROOT / "corpora" / "tech_blog.txt").read_text(encoding="utf-8"),
            "Chinese+emoji": (ROOT / "corpora" / "chinese.txt").read_text(encoding="utf-8"),
            "code": "".join(p.read_text(encoding="utf-8") for p in sorted(program.glob("*.py")))}


def main(argv=None) -> int:
    import torch

    from gptstudio.engine.checkpoint import require_latest
    from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
    from gptstudio.engine.gguf_export import export_gguf
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--n-layer", type=int, default=2)
    parser.add_argument("--n-embd", type=int, default=64)
    parser.add_argument("--block-size", type=int, default=64)
    parser.add_argument("--kinds", nargs="+", default=["char", "word", "bpe"])
    parser.add_argument("--types", nargs="+", default=["f32", "f16", "q8_0"])
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # small models: one thread is fastest and repeatable
    work = Path(tempfile.mkdtemp(prefix="gptstudio-gguf-checks-"))
    print("| tokenizer | corpus | type | token ids | greedy tokens | near ties | max logit diff "
          "(tolerance) | passed |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in args.kinds:
        for name, text in corpora().items():
            data = DataConfig(tokenizer=kind, bpe_vocab_size=512)
            model = ModelConfig(block_size=args.block_size, n_layer=args.n_layer, n_head=4,
                                n_embd=args.n_embd)
            train = TrainConfig(batch_size=16, max_iters=args.steps, warmup_iters=20,
                                eval_interval=args.steps, eval_iters=2, precision="fp32",
                                device="cpu", sample_tokens=0, num_threads=1)
            folder = work / f"{kind}-{name}"
            tokenizer = train_tokenizer(kind, text, data.bpe_vocab_size)
            Trainer(corpus=text, tokenizer=tokenizer, data=data, model=model, train=train,
                    checkpoint_dir=folder).run(lambda _event: None)
            for number_type in args.types:
                try:
                    check = export_gguf(require_latest(folder), work / f"{kind}-{name}.gguf",
                                        number_type, corpus=text).check
                except Exception as error:  # noqa: BLE001 - a refusal is a row too
                    print(f"| {kind} | {name} | {number_type} | refused: {error} | | | | no |")
                    continue
                print(f"| {kind} | {name} | {number_type} | {check.texts_same}/{check.texts} | "
                      f"{check.tokens_same}/{check.tokens} | {check.ties} | "
                      f"{check.max_logit_diff:.4f} ({check.tolerance}) | "
                      f"{'yes' if check.passed else 'NO'} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
