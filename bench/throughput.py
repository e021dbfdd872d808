"""Training throughput at one model shape, as one JSON line.

    python -m bench.throughput --n-layer 4 --n-head 4 --n-embd 128 --block-size 64 --batch-size 12
        [--engine studio|nanogpt|hf|tutorial] [--precision auto|fp32|bf16|fp16] [--no-bias]
        [--steps 30] [--warmup-steps 5] [--threads N] [--vocab-size V] [--corpus FILE]
        [--device auto] [--dropout 0] [--compile] [--peak-tflops T | --peak-file bench/results/peak.json]

Char-level on the corpus (default ../shared/data/tinyshakespeare.txt), AdamW at lr 1e-3, every
engine on the same batches. The engines:
  - `studio`: GPT Studio's own Trainer (the code users run);
  - `nanogpt`: bench/reference_nanogpt.py, nanoGPT's model and step (fp32 by default, as nanoGPT
    on a CPU; --precision bf16 runs it under torch.autocast);
  - `hf`: bench/reference_hf.py, transformers' GPT2LMHeadModel and a plain loop (fp32 by default);
  - `tutorial`: bench/reference_gpt.py, the classic from-scratch tutorial GPT (fp32).
--vocab-size V trains on random token ids of a V-token vocabulary instead of the corpus (GPT-2's
50,257 for the fine-tuning shape); GPT Studio then runs its trainer's step (forward under autocast,
backward, clipping, fused AdamW) without the Trainer, which needs a tokenizer of that size.

Every engine gets the same conditions: glibc's allocator told to keep freed memory
(gptstudio.engine.device.reuse_freed_memory, which GPT Studio's trainer sets; --malloc-defaults
leaves glibc's defaults for all) and --threads torch threads. Run each in its own process:
peak_rss_mb is the whole process's peak resident memory; load_1min is the machine's load average
when the run started and ended (a shared machine: read figures with it).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import statistics
import time
from pathlib import Path

from bench import mfu

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tinyshakespeare.txt"


def add_shape_arguments(p: argparse.ArgumentParser) -> None:
    """The model's shape, as every side-by-side bench takes it."""
    p.add_argument("--n-layer", type=int, required=True)
    p.add_argument("--n-head", type=int, required=True)
    p.add_argument("--n-embd", type=int, required=True)
    p.add_argument("--block-size", type=int, required=True)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_shape_arguments(p)
    p.add_argument("--batch-size", type=int, required=True)
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--steps", type=int, default=30, help="measured steps")
    p.add_argument("--warmup-steps", type=int, default=5, help="steps run before measuring")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--device", default="auto")
    p.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16", "fp16"))
    p.add_argument("--engine", default="studio", choices=("studio", "nanogpt", "hf", "tutorial"))
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--no-bias", dest="bias", action="store_false",
                   help="no biases in Linear and LayerNorm (nanoGPT's default; GPT Studio's and "
                        "GPT-2's models have them)")
    p.add_argument("--activation", default="gelu", choices=("gelu", "gelu_tanh"),
                   help="GPT Studio's GELU: exact, or GPT-2's tanh form (imported GPT-2 weights)")
    p.add_argument("--vocab-size", type=int, default=0,
                   help="random token ids of this vocabulary instead of the corpus's characters")
    p.add_argument("--malloc-defaults", action="store_true",
                   help="keep glibc's allocator defaults in this process (every engine alike)")
    p.add_argument("--precision-cache", type=Path, default=None,
                   help="the file GPT Studio keeps its automatic precision's verdicts in, as the "
                        "app does (without it every auto run times fp32 and bf16 first)")
    p.add_argument("--peak-file", type=Path, default=None,
                   help="bench.peak's JSON: CPU MFU against its peak in this run's precision")
    p.add_argument("--compile", action="store_true", help="torch.compile the model (CUDA only, as the app)")
    p.add_argument("--peak-tflops", type=float, default=None,
                   help="the device's dense bf16 peak, for MFU where bench/mfu.py does not know it")
    return p.parse_args(argv)


def run_studio(args, text):
    if args.vocab_size:
        return run_step_loop(args, "studio")
    from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
    from gptstudio.engine.events import StartedEvent, StepEvent
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    total = args.warmup_steps + args.steps
    model = ModelConfig(block_size=args.block_size, n_layer=args.n_layer, n_head=args.n_head,
                        n_embd=args.n_embd, dropout=args.dropout, bias=args.bias,
                        activation=args.activation)
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
            train=train, checkpoint_dir=None, precision_cache=args.precision_cache).run(on_event)
    # Steady-state seconds per step from the trainer's clock (on a GPU, losses are read in
    # groups of steps, so only the span over many steps is meaningful).
    first = steps[args.warmup_steps - 1] if args.warmup_steps else (0, 0.0, 0.0)
    step_s = (steps[-1][1] - first[1]) / (steps[-1][0] - first[0])
    s = started[0]
    return step_s, steps[-1][2], s.precision, s.device, s.params


def build(args, engine: str, vocab_size: int, device):
    """(model, optimizer, step(x, y, precision) -> loss tensor) of one engine at args' shape."""
    import torch

    shape = dict(vocab_size=vocab_size, block_size=args.block_size, n_layer=args.n_layer,
                 n_head=args.n_head, n_embd=args.n_embd)
    if engine == "nanogpt":
        from bench import reference_nanogpt as ref

        model = ref.NanoGPT(**shape, bias=args.bias).to(device)
        optimizer = ref.make_optimizer(model, 1e-3)
        return model, optimizer, functools.partial(ref.train_step, model, optimizer)
    if engine == "hf":
        from bench import reference_hf as ref

        model = ref.build_gpt2(**shape).to(device)
        optimizer = ref.make_optimizer(model, 1e-3)
        return model, optimizer, functools.partial(ref.train_step, model, optimizer)
    if engine == "studio":  # the Trainer's step (engine/trainer.py), for --vocab-size
        from gptstudio.engine import device as dev
        from gptstudio.engine.config import ModelConfig
        from gptstudio.engine.model import GPT

        model = GPT(ModelConfig(**shape, dropout=args.dropout, bias=args.bias,
                                activation=args.activation)).to(device)
        optimizer = dev.make_optimizer(model, "adamw", 0.1, 1e-3, (0.9, 0.99), device)

        def step(x, y, precision):
            with dev.autocast(device, precision):
                _, loss = model(x, y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            return loss

        return model, optimizer, step
    from bench.reference_gpt import ReferenceGPT  # the tutorial GPT: fp32, its own plain loop

    model = ReferenceGPT(vocab_size, args.block_size, args.n_layer, args.n_head, args.n_embd,
                         args.dropout).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def tutorial_step(x, y, precision):
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss

    return model, optimizer, tutorial_step


def run_step_loop(args, engine: str, text: str | None = None):
    """A reference engine (or GPT Studio's step at --vocab-size) over the same batches as the
    Trainer draws: seconds per step (mean of the measured steps), last loss, precision, params."""
    import numpy as np
    import torch

    from gptstudio.engine.device import resolve_device

    device = resolve_device(args.device)
    precision = args.precision
    if precision == "auto" and engine == "studio":
        # GPT Studio's rule without its probe (eight steps at the 124M shape): fp32 where the CPU
        # has no native bf16; where it has, bf16, which its probe picks from 10.7M up.
        from gptstudio.engine.device import bf16_supported

        precision = "bf16" if bf16_supported(device) else "fp32"
    elif precision == "auto":  # each reference's own default
        precision = "fp32"
    if engine == "tutorial":
        precision = "fp32"
    rng = np.random.default_rng(1337)
    if args.vocab_size:
        vocab, data = args.vocab_size, None
    else:
        from gptstudio.engine.data import build_dataset
        from gptstudio.engine.tokenizers import train_tokenizer

        tok = train_tokenizer("char", text)
        vocab, data = tok.vocab_size, build_dataset(text, tok, "continuous", args.block_size, 0.1)
    torch.manual_seed(1337)
    model, _, step = build(args, engine, vocab, device)
    model.train()

    def batch():
        if data is None:
            ids = torch.from_numpy(rng.integers(0, vocab, (args.batch_size, args.block_size + 1)))
            return ids[:, :-1].to(device), ids[:, 1:].to(device)
        return (torch.from_numpy(a).to(device) for a in data.get_batch("train", args.batch_size, rng))

    times, loss = [], None
    for i in range(args.warmup_steps + args.steps):
        t0 = time.perf_counter()
        x, y = batch()
        loss = step(x, y, precision).item()
        if i >= args.warmup_steps:
            times.append(time.perf_counter() - t0)
    params = sum(p.numel() for p in model.parameters())
    return statistics.fmean(times), loss, precision, str(device), params


def cpu_peak(peak_file: Path | None, precision: str) -> float | None:
    """bench.peak's large-matrix TFLOP/s in this precision (bf16 for fp16), or None."""
    if peak_file is None or not peak_file.exists():
        return None
    peaks = json.loads(peak_file.read_text(encoding="utf-8"))
    return peaks.get("peak_tflops", {}).get("bf16" if precision in ("bf16", "fp16") else "fp32")


def main(argv=None) -> int:
    args = parse(argv)
    load_before = os.getloadavg()[0]
    if args.malloc_defaults:
        os.environ["GPTSTUDIO_MALLOC_DEFAULTS"] = "1"  # GPT Studio's trainer asks nothing then
    from gptstudio.engine.device import reuse_freed_memory

    allocator_tuned = reuse_freed_memory()  # every engine alike, before any tensor exists
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    text = None if args.vocab_size else args.corpus.read_text(encoding="utf-8")
    if args.engine == "studio":
        step_s, final_loss, precision, device, params = run_studio(args, text)
    else:
        step_s, final_loss, precision, device, params = run_step_loop(args, args.engine, text)
    import torch

    tokens_per_s = args.batch_size * args.block_size / step_s
    per_token = mfu.flops_per_token(params, args.n_layer, args.n_embd, args.block_size)
    peak = args.peak_tflops or mfu.peak_tflops(device) or cpu_peak(args.peak_file, precision)
    print(json.dumps({
        "engine": args.engine,
        "ms_per_step": round(step_s * 1000, 2),
        "tokens_per_s": round(tokens_per_s),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "final_loss": round(final_loss, 4),
        "precision": precision,
        "device": device,
        "params": params,
        "threads": torch.get_num_threads(),
        "allocator_tuned": allocator_tuned,
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        # Model FLOPs (bench/mfu.py) per token and per second, and their share of the peak: the
        # device's data sheet on CUDA, bench.peak's measured matmul peak on a CPU (--peak-file).
        "model_flops_per_token": per_token,
        # Four significant figures, not decimals: a tiny model on a busy machine is below 1e-4.
        "model_tflops": float(f"{tokens_per_s * per_token / 1e12:.4g}"),
        "mfu": mfu.mfu(tokens_per_s, per_token, peak),
        "peak_tflops": peak,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
