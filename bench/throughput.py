"""Training throughput at one model shape, as one JSON line.

    python -m bench.throughput --n-layer 4 --n-head 4 --n-embd 128 --block-size 64 --batch-size 12
        [--dropout 0] [--steps 30] [--warmup-steps 5] [--corpus FILE] [--device auto]
        [--precision auto|fp32|bf16|fp16] [--engine studio|reference] [--compile] [--peak-tflops T]

Char-level on the corpus (default ../shared/data/tinyshakespeare.txt), AdamW at lr 1e-3.
`--engine studio` runs GPT Studio's own Trainer (the code users run); `--engine reference` runs
bench/reference_gpt.py (a plain tutorial GPT, fp32) on the same batches. Run each in its own process:
peak_rss_mb is the whole process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

from bench import mfu

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tinyshakespeare.txt"


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n-layer", type=int, required=True)
    p.add_argument("--n-head", type=int, required=True)
    p.add_argument("--n-embd", type=int, required=True)
    p.add_argument("--block-size", type=int, required=True)
    p.add_argument("--batch-size", type=int, required=True)
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--steps", type=int, default=30, help="measured steps")
    p.add_argument("--warmup-steps", type=int, default=5, help="steps run before measuring")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--device", default="auto")
    p.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16", "fp16"))
    p.add_argument("--engine", default="studio", choices=("studio", "reference"))
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--compile", action="store_true", help="torch.compile the model (CUDA only, as the app)")
    p.add_argument("--peak-tflops", type=float, default=None,
                   help="the device's dense bf16 peak, for MFU where bench/mfu.py does not know it")
    return p.parse_args(argv)


def run_studio(args, text):
    from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
    from gptstudio.engine.events import StartedEvent, StepEvent
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    total = args.warmup_steps + args.steps
    model = ModelConfig(block_size=args.block_size, n_layer=args.n_layer, n_head=args.n_head,
                        n_embd=args.n_embd, dropout=args.dropout)
    train = TrainConfig(batch_size=args.batch_size, learning_rate=1e-3, warmup_iters=0,
                        max_iters=total, eval_interval=total, eval_iters=1, device=args.device,
                        precision=args.precision, sample_tokens=0, min_lr_ratio=1.0,
                        num_threads=args.threads, compile=args.compile)
    steps, started = [], []

    def on_event(e):
        if isinstance(e, StepEvent):
            steps.append((e.step, e.elapsed_s, e.loss))
        elif isinstance(e, StartedEvent):
            started.append(e)

    Trainer(corpus=text, tokenizer=train_tokenizer("char", text), data=DataConfig(), model=model,
            train=train, checkpoint_dir=None).run(on_event)
    # Steady-state seconds per step from the trainer's clock (on a GPU, losses are read in
    # groups of steps, so only the span over many steps is meaningful).
    first = steps[args.warmup_steps - 1] if args.warmup_steps else (0, 0.0, 0.0)
    step_s = (steps[-1][1] - first[1]) / (steps[-1][0] - first[0])
    s = started[0]
    return step_s, steps[-1][2], s.precision, s.device, s.params


def run_reference(args, text):
    import numpy as np
    import torch

    from bench.reference_gpt import ReferenceGPT
    from gptstudio.engine.data import build_dataset
    from gptstudio.engine.device import resolve_device
    from gptstudio.engine.tokenizers import train_tokenizer

    device = resolve_device(args.device)
    tok = train_tokenizer("char", text)
    data = build_dataset(text, tok, "continuous", args.block_size, 0.1)
    torch.manual_seed(1337)
    model = ReferenceGPT(tok.vocab_size, args.block_size, args.n_layer, args.n_head, args.n_embd,
                         args.dropout).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(1337)
    times, loss = [], None
    for i in range(args.warmup_steps + args.steps):
        t0 = time.perf_counter()
        x, y = (torch.from_numpy(a).to(device) for a in data.get_batch("train", args.batch_size, rng))
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss = loss.item()
        if i >= args.warmup_steps:
            times.append(time.perf_counter() - t0)
    params = sum(p.numel() for p in model.parameters())
    return statistics.fmean(times), loss, "fp32", str(device), params


def main(argv=None) -> int:
    args = parse(argv)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    text = args.corpus.read_text(encoding="utf-8")
    runner = run_studio if args.engine == "studio" else run_reference
    step_s, final_loss, precision, device, params = runner(args, text)
    tokens_per_s = args.batch_size * args.block_size / step_s
    per_token = mfu.flops_per_token(params, args.n_layer, args.n_embd, args.block_size)
    print(json.dumps({
        "engine": args.engine,
        "ms_per_step": round(step_s * 1000, 2),
        "tokens_per_s": round(args.batch_size * args.block_size / step_s),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "final_loss": round(final_loss, 4),
        "precision": precision,
        "device": device,
        "params": params,
        # Model FLOPs (bench/mfu.py) per second, and their share of the device's peak (CUDA).
        "model_tflops": round(tokens_per_s * per_token / 1e12, 4),
        "mfu": mfu.mfu(tokens_per_s, per_token, args.peak_tflops or mfu.peak_tflops(device)),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
