"""The training-memory estimate (gptstudio.engine.memory) against measured peaks, one JSON line a shape.

    python -m bench.memory_estimate [--device cpu|cuda] [--precision fp32|auto]

Each shape trains 4 real steps with GPT Studio's Trainer in its own process. CPU: the measured
figure is the peak RSS (ru_maxrss) minus the RSS just before `Trainer.run`, i.e. what training
added to a process that had already imported torch. CUDA: torch.cuda.max_memory_reserved (what the
caching allocator took from the card; the CUDA context itself is not counted, nor in the estimate).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys

# (block_size, n_layer, n_head, n_embd, batch_size, dropout, vocab): the presets and some extremes
SHAPES = [
    (8, 1, 1, 8, 1, 0.0, 65),
    (64, 4, 4, 128, 16, 0.0, 65),  # tiny preset
    (128, 6, 6, 192, 32, 0.1, 65),  # the small preset before 2026-11-29
    (256, 6, 6, 384, 64, 0.2, 65),  # medium preset
    (256, 6, 6, 384, 32, 0.0, 65),
    (512, 4, 8, 256, 32, 0.0, 65),
    (512, 4, 8, 256, 32, 0.1, 65),
    (128, 4, 4, 256, 32, 0.0, 4000),  # a BPE-sized vocabulary
]


def measure(shape, device: str, precision: str) -> dict:
    import resource

    import torch

    from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
    from gptstudio.engine.memory import estimate_training_memory_bytes
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    block, layers, heads, width, batch, dropout, vocab = shape
    rnd = random.Random(0)
    alphabet = [chr(0x100 + i) for i in range(vocab - 3)]  # + <pad> <sos> <eos>
    corpus = "".join(rnd.choice(alphabet) for _ in range(200_000))
    tokenizer = train_tokenizer("char", corpus)
    model = ModelConfig(block_size=block, n_layer=layers, n_head=heads, n_embd=width, dropout=dropout)
    train = TrainConfig(batch_size=batch, max_iters=4, warmup_iters=1, eval_interval=1000,
                        eval_iters=2, device=device, precision=precision, sample_tokens=0)
    trainer = Trainer(corpus=corpus, tokenizer=tokenizer, data=DataConfig(), model=model,
                      train=train, checkpoint_dir=None)
    estimate = estimate_training_memory_bytes(trainer.model_config, train, device)
    before = _rss()
    result = trainer.run(lambda event: None)
    if device == "cuda":
        measured = torch.cuda.max_memory_reserved()
    else:
        measured = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    return {"shape": dict(zip(("block", "layers", "heads", "width", "batch", "dropout", "vocab"),
                              shape, strict=True)),
            "precision": result.precision, "estimate_mb": round(estimate / 2**20),
            "measured_mb": round(measured / 2**20), "ratio": round(estimate / measured, 2)}


def _rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS (Linux only)")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    p.add_argument("--precision", default="fp32", choices=("fp32", "auto"))
    p.add_argument("--shape", type=int, help=argparse.SUPPRESS)  # one shape, in a child process
    args = p.parse_args(argv)
    if args.shape is not None:
        print(json.dumps(measure(SHAPES[args.shape], args.device, args.precision)))  # noqa: T201
        return
    for index in range(len(SHAPES)):
        subprocess.run([sys.executable, "-m", "bench.memory_estimate", "--device", args.device,
                        "--precision", args.precision, "--shape", str(index)], check=True)


if __name__ == "__main__":
    main()
