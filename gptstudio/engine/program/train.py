"""Train the GPT on input.txt, as GPT Studio trained it: the same tokenizer, model, optimizer,
learning-rate schedule, seed and batches, so the loss of every step is the app's.

    python train.py                 # the whole run; writes model.pt
    python train.py --steps 50      # only the first 50 steps (the schedule stays the full run's)

Needs torch and numpy. The settings below were written by GPT Studio; change them and see.
"""

import argparse
import hashlib
import math
import re
import time

import numpy as np
import torch

from model import GPT, GPTConfig
from tokenizer import Tokenizer

# --- settings (written by GPT Studio) ---
MODE = "continuous"  # "continuous": one long text; "lines"/"blocks": each line/block an example
VAL_FRACTION = 0.1  # the share of the text kept aside to measure how well the model generalises
BLOCK_SIZE = 64  # context: tokens the model sees at once
N_LAYER, N_HEAD, N_EMBD = 4, 4, 128  # depth, attention heads, width
DROPOUT = 0.0
BIAS = True
GELU = "none"  # "none": exact GELU; "tanh": GPT-2's approximation
BATCH_SIZE = 32  # examples per step
LEARNING_RATE = 1e-3  # the peak step size
MIN_LR_RATIO = 0.1  # the schedule ends at this share of the peak
WARMUP_ITERS = 100  # steps of linear warm-up
MAX_ITERS = 2000  # steps of the whole run
SCHEDULE_END = 2000  # where the learning rate's decay ends (MAX_ITERS, unless steps were added)
OPTIMIZER = "adamw"  # "adamw", or "muon": Muon for the blocks' matrices, AdamW for the rest
WEIGHT_DECAY = 0.1
BETAS = (0.9, 0.99)
GRAD_CLIP = 1.0  # 0 = off
EVAL_INTERVAL, EVAL_ITERS = 250, 20
SEED = 1337
SEPARATORS_NEEDED = 9  # "blocks": lines such as "%" split the text only where there are this many
# --- end of settings ---


# ---------------------------------------------------------------------------------------------
# Data: the text as token ids, cut into a training part and a validation part


def load_data(tokenizer):
    text = open("input.txt", encoding="utf-8").read()
    if MODE == "lines":
        return examples_data([line for line in text.split("\n") if line.strip()], tokenizer)
    if MODE == "blocks":
        return examples_data(blocks_of(text), tokenizer)
    ids = np.array(tokenizer.encode(text), dtype=np.int64)
    # The last part of the text (at least one example's worth) is for validation only.
    cut = len(ids) - max(BLOCK_SIZE + 2, int(len(ids) * VAL_FRACTION))
    return {"train": ids[:cut], "val": ids[cut:]}


SEPARATOR = re.compile(r"[ \t]*(?:%+|-{3,}|\*{3,}|={3,}|_{3,}|~{3,}|(?:\* ?){3,})[ \t]*")
UNDERLINE = re.compile(r"[ \t]*(?:-{3,}|={3,})[ \t]*")


def blocks_of(text):
    """The blocks of lines: between blank lines, or between lines such as "%" where the text has
    many (a blank line inside a poem then stays in it). A heading's underline ("----" as long as
    the line above it) separates nothing."""
    lines = text.split("\n")
    separators = set()
    for i, line in enumerate(lines):
        above = lines[i - 1].strip() if i else ""
        underline = (UNDERLINE.fullmatch(line) and above and not SEPARATOR.fullmatch(above)
                     and len(line.strip()) >= 0.75 * len(above))
        if line.strip() and SEPARATOR.fullmatch(line) and not underline:
            separators.add(i)
    by_separators = len(separators) >= SEPARATORS_NEEDED
    blocks, current = [], []
    for i, line in enumerate(lines):
        if (i in separators) if by_separators else not line.strip():
            blocks.append(current)
            current = []
        else:
            current.append(line)
    blocks.append(current)
    found = []
    for block in blocks:
        while block and not block[0].strip():  # blank lines at a block's edges belong to no one
            block = block[1:]
        while block and not block[-1].strip():
            block = block[:-1]
        if block and not all(SEPARATOR.fullmatch(line) for line in block):
            found.append("\n".join(block))
    return found


def examples_data(examples, tokenizer):
    """One example per line or block: <sos> text <eos>, padded with -1 ("ignore") to
    BLOCK_SIZE + 1 (a longer example is cut there)."""
    val, train = split_by_content(examples)
    width = BLOCK_SIZE + 1

    def rows(indices):
        table = np.full((len(indices), width), -1, dtype=np.int64)
        for r, i in enumerate(indices):
            ids = [tokenizer.sos_id, *tokenizer.encode(examples[i]), tokenizer.eos_id][:width]
            table[r, :len(ids)] = ids
        return table

    return {"val": rows(val), "train": rows(train)}


def split_by_content(examples):
    """The examples kept aside for validation, and those to learn from (indices). They are chosen
    by what they say, not where they stand, so adding a line to the text moves at most one other
    across (where lines repeat, a few more): each example is ranked by a hash of its
    text, and walking that ranking, an example is held out with all its copies while they fit in
    VAL_FRACTION (a repeated line is never both learnt and checked). The held-out ones come in the
    ranking's order (as good as shuffled), the others in the text's."""
    keys = [content_key(e) for e in examples]
    copies = {}
    for key in keys:
        copies[key] = copies.get(key, 0) + 1
    wanted = room = max(1, int(round(len(examples) * VAL_FRACTION)))
    held_keys = set()
    if len(copies) >= max(2, math.ceil(1 / VAL_FRACTION)):
        for key in sorted(copies):  # each example once, in the ranking's order
            if copies[key] <= room:
                held_keys.add(key)
                room -= copies[key]
                if room == 0:
                    break
    if room == wanted:
        # Too few different examples to keep one from the model (or none whose copies fit): the
        # copies are told apart by their number, and some copies of each are held out.
        seen = {}
        for i, e in enumerate(examples):
            seen[e] = seen.get(e, 0) + 1
            keys[i] = content_key(f"{e}\0{seen[e]}")
        held = sorted(range(len(examples)), key=lambda i: (keys[i], i))[:wanted]
    else:
        held = [i for i in sorted(range(len(examples)), key=lambda i: (keys[i], i))
                if keys[i] in held_keys]
    learnt = set(range(len(examples))) - set(held)
    return held, sorted(learnt)


def content_key(text):
    """A text's place in the ranking: 8 bytes of its BLAKE2b hash, read as a number."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "big")


def get_batch(data, split, rng):
    """BATCH_SIZE examples: x is what the model reads, y the token that follows each position."""
    part = data[split]
    if MODE in ("lines", "blocks"):
        picked = rng.integers(0, len(part), size=BATCH_SIZE)
        width = int((part[picked] != -1).sum(axis=1).max())  # as wide as the longest example
        chosen = part[picked, :width]
        x, y = chosen[:, :-1].copy(), chosen[:, 1:].copy()
        x[x == -1] = 0  # <pad>; its predictions are ignored through y == -1
    else:
        starts = rng.integers(0, len(part) - BLOCK_SIZE, size=BATCH_SIZE)
        windows = part[starts[:, None] + np.arange(BLOCK_SIZE + 1)]  # (B, T + 1)
        x, y = windows[:, :-1], windows[:, 1:]
    return torch.from_numpy(x), torch.from_numpy(y)


# ---------------------------------------------------------------------------------------------
# Optimizer: AdamW, and optionally Muon for the transformer blocks' weight matrices


def parameter_groups(model):
    """Weight decay on matrices only; biases and LayerNorm gains are better left alone."""
    params = [p for p in model.parameters() if p.requires_grad]
    return [{"params": [p for p in params if p.dim() >= 2], "weight_decay": WEIGHT_DECAY},
            {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]


def make_adamw(groups):
    try:  # one fused kernel for all parameters, as GPT Studio uses where torch has it
        return torch.optim.AdamW(groups, lr=LEARNING_RATE, betas=BETAS, fused=True)
    except (RuntimeError, TypeError, ValueError):
        return torch.optim.AdamW(groups, lr=LEARNING_RATE, betas=BETAS, foreach=True)


class Muon:
    """Muon (Keller Jordan, 2024): momentum, then replace each matrix's update by the nearest
    orthogonal matrix (all its directions the same size), found with five Newton-Schulz steps.
    The step is scaled to AdamW's size (Moonshot AI, 2025: 0.2 x sqrt(larger side)), so one
    learning rate serves both optimizers."""

    def __init__(self, params, momentum=0.95):
        self.params, self.momentum = params, momentum
        self.buffers = [torch.zeros_like(p) for p in params]
        # bf16 where the device computes it natively, as GPT Studio does: precise enough to
        # orthogonalise, and several times faster there.
        self.dtype = torch.bfloat16 if bf16_native(params[0].device) else torch.float32

    @torch.no_grad()
    def step(self, lr):
        updates = []
        for p, buf in zip(self.params, self.buffers):
            buf.lerp_(p.grad, 1 - self.momentum)  # momentum: a running average of gradients
            updates.append(p.grad.lerp(buf, self.momentum))  # Nesterov: look one step ahead
            p.mul_(1 - lr * WEIGHT_DECAY)
        # Matrices of one shape are orthogonalised together, wide side last.
        by_shape = {}
        for i, u in enumerate(updates):
            by_shape.setdefault((min(u.shape), max(u.shape)), []).append(i)
        for indices in by_shape.values():
            stack = torch.stack([updates[i] if updates[i].shape[0] <= updates[i].shape[1]
                                 else updates[i].mT for i in indices])
            ortho = orthogonalise(stack, self.dtype)
            for k, i in enumerate(indices):
                p = self.params[i]
                step = ortho[k] if p.shape[0] <= p.shape[1] else ortho[k].mT
                p.add_(step.to(p.dtype), alpha=-lr * 0.2 * math.sqrt(max(p.shape)))


def bf16_native(device):
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    try:  # CPUs with AVX-512-BF16 or AMX; elsewhere bf16 is emulated, and slow
        return device.type == "cpu" and torch.backends.mkldnn.is_available() and bool(
            torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def orthogonalise(stack, dtype, steps=5):
    """Approximately U V^T for each matrix U S V^T of a (k, m, n) stack (Newton-Schulz)."""
    a, b, c = 3.4445, -4.7750, 2.0315  # Keller Jordan's quintic
    x = stack.to(dtype)
    x = x / x.norm(dim=(1, 2), keepdim=True).clamp(min=1e-7)  # every singular value <= 1
    for _ in range(steps):
        gram = x @ x.mT
        poly = torch.baddbmm(gram, gram, gram, beta=b, alpha=c)
        x = torch.baddbmm(x, poly, x, beta=a)
    return x


def make_optimizers(model):
    groups = parameter_groups(model)
    if OPTIMIZER != "muon":
        return make_adamw(groups), None
    matrices = {id(p) for p in model.transformer.h.parameters() if p.dim() == 2}
    hidden = [p for p in groups[0]["params"] if id(p) in matrices]
    groups[0]["params"] = [p for p in groups[0]["params"] if id(p) not in matrices]
    return make_adamw([g for g in groups if g["params"]]), Muon(hidden)


def learning_rate(step):
    """Linear warm-up to the peak, then a cosine down to MIN_LR_RATIO x the peak at SCHEDULE_END;
    steps after it (added with "Train more") keep a small rate, a tenth of the peak at most."""
    peak, floor = LEARNING_RATE, LEARNING_RATE * MIN_LR_RATIO
    if step >= SCHEDULE_END:
        return max(floor, 0.1 * peak)
    if step < WARMUP_ITERS:
        return peak * (step + 1) / (WARMUP_ITERS + 1)
    progress = min(1.0, (step - WARMUP_ITERS) / max(1, SCHEDULE_END - WARMUP_ITERS))
    return floor + 0.5 * (1.0 + math.cos(math.pi * progress)) * (peak - floor)


# ---------------------------------------------------------------------------------------------
# Training


@torch.no_grad()
def evaluate(model, batches):
    """Mean loss on fixed batches (the same every time, so the numbers compare across steps)."""
    model.eval()
    losses = {split: sum(float(model(x, y)[1]) for x, y in split_batches) / len(split_batches)
              for split, split_batches in batches.items()}
    model.train()
    return losses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=MAX_ITERS, help="stop after this many steps")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or mps")
    args = parser.parse_args()

    tokenizer = Tokenizer("tokenizer.json")
    data = load_data(tokenizer)
    torch.manual_seed(SEED)  # the starting weights
    config = GPTConfig(tokenizer.vocab_size, BLOCK_SIZE, N_LAYER, N_HEAD, N_EMBD, DROPOUT, BIAS, GELU)
    model = GPT(config).to(args.device)
    adamw, muon = make_optimizers(model)
    rng = np.random.default_rng(SEED)  # which examples each batch takes
    eval_rng = np.random.default_rng(SEED + 1)
    eval_batches = {split: [get_batch(data, split, eval_rng) for _ in range(EVAL_ITERS)]
                    for split in ("train", "val")}
    eval_batches = {s: [(x.to(args.device), y.to(args.device)) for x, y in b]
                    for s, b in eval_batches.items()}
    params = [p for p in model.parameters() if p.requires_grad]
    print(f"{sum(p.numel() for p in params):,} parameters, {MAX_ITERS} steps")
    model.train()
    started = time.time()
    for step in range(min(args.steps, MAX_ITERS)):
        lr = learning_rate(step)
        for group in adamw.param_groups:
            group["lr"] = lr
        x, y = get_batch(data, "train", rng)
        _, loss = model(x.to(args.device), y.to(args.device))  # forward: how wrong is it?
        loss.backward()  # backward: which way should every weight move?
        if GRAD_CLIP > 0:  # no step bigger than GRAD_CLIP, however steep the loss is here
            torch.nn.utils.clip_grad_norm_(params, GRAD_CLIP)
        if muon is not None:
            muon.step(lr)
        adamw.step()  # move every weight a little
        model.zero_grad(set_to_none=True)
        print(f"step {step + 1:6d} | loss {loss.item():.6f} | lr {lr:.3e} | "
              f"{time.time() - started:6.1f} s", flush=True)
        if (step + 1) % EVAL_INTERVAL == 0 or step + 1 == MAX_ITERS:
            losses = evaluate(model, eval_batches)
            print(f"step {step + 1:6d} | train loss {losses['train']:.4f} | "
                  f"validation loss {losses['val']:.4f}")
    torch.save(model.state_dict(), "model.pt")
    print("saved model.pt; write with: python sample.py")


if __name__ == "__main__":
    main()
