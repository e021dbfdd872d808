"""Fine-tuning a GPT-2-124M-shaped model: seconds per step and peak memory, and what starting from
pretrained weights is worth in validation loss.

    python -m bench.finetune speed [--rounds 3] [--steps 2] [--batch 8] [--context 256]
    python -m bench.finetune loss --corpus ../shared/data/tinyshakespeare.txt [--steps 60]
                                  [--pretrained gpt2]

speed: full fine-tuning against LoRA (rank 8, engine/lora.py), each in fp32 and bf16 autocast, one
JSON line per variant and round. Every measurement runs in its own process (a fresh allocator, so
the peak RSS is that variant's: ru_maxrss minus the RSS before the model is built) and the variants
take turns round after round, so a busy moment on a shared machine spreads over all of them; the
summary gives each variant's median over the rounds. A step is the trainer's: forward and backward
under autocast, gradient clipping, fused AdamW over the trainable weights. The weights are random:
the time and memory do not depend on their values.

loss: the same number of fine-tuning steps from random weights and from pretrained weights, on the
same text with the same settings, through GPT Studio's own path (projects.pretrained + Trainer);
validation loss at each check. The random model is a GPT-2-124M-shaped folder written by
transformers with a byte-level BPE trained on the text (GPT-2's own vocabulary needs a download).
The pretrained one is --pretrained by name (Hub cache or download); where it cannot be had, the
run says so and reports the random one alone.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VARIANTS = (("full", "fp32"), ("lora", "fp32"), ("full", "bf16"), ("lora", "bf16"))
GPT2_SHAPE = {"vocab_size": 50257, "n_layer": 12, "n_head": 12, "n_embd": 768}
LORA_RANK = 8


# ---------------------------------------------------------------------------------------------------
# speed


def measure_speed(method: str, precision: str, batch: int, context: int, steps: int,
                  threads: int = 0) -> dict:
    """One variant, in this process: seconds per step (median of `steps` after one warm-up).
    threads > 0 sets torch's threads: with one, the CPU time is the work alone (several threads
    of a loaded machine also count the time they spin waiting for each other)."""
    import resource

    import torch

    if threads:
        torch.set_num_threads(threads)

    from gptstudio.engine import precision as prec
    from gptstudio.engine.config import ModelConfig
    from gptstudio.engine.lora import LoraSettings, add_adapters
    from gptstudio.engine.model import GPT
    from gptstudio.engine.optimizers import make_optimizer

    before = _rss()
    torch.manual_seed(0)
    config = ModelConfig(block_size=context, dropout=0.0, activation="gelu_tanh", **GPT2_SHAPE)
    cpu = torch.device("cpu")
    model = GPT(config).train()
    if method == "lora":
        add_adapters(model, LoraSettings.for_rank(LORA_RANK))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = make_optimizer(model, "adamw", 0.0, 1e-4, (0.9, 0.99), cpu)
    x = torch.randint(0, config.vocab_size, (batch, context))
    y = torch.randint(0, config.vocab_size, (batch, context))

    def step() -> None:
        with prec.autocast(cpu, precision):
            _, loss = model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    times, cpu_times = [], []
    for i in range(steps + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        if i:  # the first step allocates and warms the kernels up
            times.append(time.perf_counter() - t0)
            # CPU time of all this process's threads: on a machine others load too, the wall
            # clock counts their share; this counts only the work (and shows the contention as
            # the gap between the two, divided by the threads).
            cpu_times.append(time.process_time() - c0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    return {"method": method, "precision": precision, "batch": batch, "context": context,
            "seconds_per_step": statistics.median(times), "steps": times,
            "cpu_seconds_per_step": statistics.median(cpu_times),
            "peak_rss_mb": round(peak / 2**20), "trainable": sum(p.numel() for p in params),
            "parameters": model.num_params(), "threads": torch.get_num_threads(),
            "bf16_native": prec.bf16_supported(cpu)}


def _rss() -> int:
    """Resident memory now, in bytes (Linux)."""
    import os

    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_speed(args) -> None:
    variants = [tuple(v.split(":")) for v in args.variants.split(",")] if args.variants \
        else VARIANTS
    rows = []
    for round_ in range(args.rounds):
        for method, precision in variants:
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "bench.finetune", "_one", method, precision,
                     str(args.batch), str(args.context), str(args.steps), str(args.threads)],
                    capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(json.dumps({"method": method, "precision": precision, "round": round_,
                                  "error": f"longer than {args.timeout} s"}), flush=True)
                continue
            if done.returncode != 0:
                print(json.dumps({"method": method, "precision": precision, "round": round_,
                                  "error": done.stderr.strip().splitlines()[-1:]}), flush=True)
                continue
            row = {**json.loads(done.stdout.strip().splitlines()[-1]), "round": round_}
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\nmedian over rounds (wall seconds per step, CPU seconds per step, peak RSS):")
    for method, precision in variants:
        mine = [r for r in rows if r["method"] == method and r["precision"] == precision]
        if mine:
            seconds = statistics.median(r["seconds_per_step"] for r in mine)
            cpu = statistics.median(r["cpu_seconds_per_step"] for r in mine)
            peak = statistics.median(r["peak_rss_mb"] for r in mine)
            each = ", ".join(f"{r['seconds_per_step']:.1f}" for r in mine)
            print(f"  {method:4s} {precision}: {seconds:7.1f} s/step  {cpu:7.1f} CPU s/step  "
                  f"{peak:6.0f} MB  (rounds: {each})")


# ---------------------------------------------------------------------------------------------------
# loss


def random_gpt2_folder(folder: Path, text: str, context: int) -> Path:
    """A GPT-2-124M-shaped model with random weights (transformers' GPT-2 initialisation) and a
    byte-level BPE of GPT-2's kind trained on the text."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel

    folder.mkdir(parents=True, exist_ok=True)
    hf = Tokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    hf.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=GPT2_SHAPE["vocab_size"], show_progress=False,
                                  special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    hf.train_from_iterator([text], trainer=trainer)
    hf.model.save(str(folder))
    torch.manual_seed(0)
    # GPT-2's 50,257 embedding rows whatever the text's BPE learnt (at most as many): the model is
    # GPT-2-124M's shape exactly; rows no token uses only cost their share of the step.
    config = GPT2Config(vocab_size=GPT2_SHAPE["vocab_size"], n_positions=1024, n_embd=768,
                        n_layer=12, n_head=12)
    GPT2LMHeadModel(config).save_pretrained(folder)
    return folder


def fine_tune(source, text: str, steps: int, context: int, batch: int, label: str) -> dict:
    """GPT Studio's path: a project from `source`, then `steps` steps of its Trainer."""
    from dataclasses import replace

    from gptstudio.engine.events import EvalEvent
    from gptstudio.engine.trainer import Trainer
    from gptstudio.projects.pretrained import create_from_pretrained
    from gptstudio.projects.store import ProjectStore

    project = create_from_pretrained(ProjectStore(), label, text, source, block_size=context,
                                     method="full", mode="continuous")
    train = replace(project.train, max_iters=steps, batch_size=batch, device="cpu",
                    eval_interval=max(1, steps // 4), eval_iters=4, sample_tokens=0)
    trainer = Trainer(corpus=text, tokenizer=project.load_tokenizer(), data=project.data,
                      model=project.model, train=train, checkpoint_dir=project.checkpoint_dir)
    checks = []

    def on_event(event) -> None:
        if isinstance(event, EvalEvent):
            checks.append((event.step, round(event.val_loss, 4)))
            print(f"  {label}: step {event.step}, validation loss {event.val_loss:.4f}", flush=True)

    t0 = time.perf_counter()
    trainer.run(on_event)
    return {"label": label, "source": str(source), "steps": steps, "batch": batch,
            "context": context, "learning_rate": train.learning_rate, "checks": checks,
            "vocab_size": project.model.vocab_size, "seconds": round(time.perf_counter() - t0)}


def run_loss(args) -> None:
    import os

    text = Path(args.corpus).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as home:
        os.environ.setdefault("GPTSTUDIO_HOME", home)
        folder = random_gpt2_folder(Path(home) / "random-gpt2", text, args.context)
        results = [fine_tune(folder, text, args.steps, args.context, args.batch, "random")]
        try:
            results.append(fine_tune(args.pretrained, text, args.steps, args.context, args.batch,
                                     "pretrained"))
        except Exception as error:  # noqa: BLE001 - say what could not be measured, and why
            results.append({"label": "pretrained", "source": args.pretrained,
                            "not_measured": str(error)})
    for row in results:
        print(json.dumps(row))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.finetune")
    sub = parser.add_subparsers(dest="what", required=True)
    speed = sub.add_parser("speed")
    speed.add_argument("--rounds", type=int, default=3)
    speed.add_argument("--steps", type=int, default=2)
    speed.add_argument("--batch", type=int, default=8)
    speed.add_argument("--context", type=int, default=256)
    speed.add_argument("--timeout", type=int, default=3600)
    speed.add_argument("--variants", help="e.g. full:fp32,lora:fp32 (default: all four)")
    speed.add_argument("--threads", type=int, default=0, help="torch threads (0: its default)")
    loss = sub.add_parser("loss")
    loss.add_argument("--corpus", required=True)
    loss.add_argument("--steps", type=int, default=60)
    loss.add_argument("--batch", type=int, default=8)
    loss.add_argument("--context", type=int, default=256)
    loss.add_argument("--pretrained", default="gpt2")
    one = sub.add_parser("_one")  # a single speed variant, in its own process
    for name in ("method", "precision", "batch", "context", "steps"):
        one.add_argument(name)
    one.add_argument("threads", nargs="?", default="0")
    args = parser.parse_args(argv)
    if args.what == "speed":
        run_speed(args)
    elif args.what == "loss":
        run_loss(args)
    else:
        print(json.dumps(measure_speed(args.method, args.precision, int(args.batch),
                                       int(args.context), int(args.steps), int(args.threads))))


if __name__ == "__main__":
    main()
