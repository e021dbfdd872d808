"""Hugging Face transformers' GPT2LMHeadModel with a plain PyTorch loop: the other engine people
would pick, and what the HF-based fine-tuning recipes run.

The model is built from a GPT2Config at the given shape (random weights: a step's time does not
depend on their values), with dropout off and SDPA attention (transformers' default in torch 2) and GPT-2's own
tanh-approximated GELU. The loop is the recipes' plain one: forward, the next-token cross-entropy, backward,
the gradient norm clipped at 1.0 (the HF Trainer's max_grad_norm), torch's AdamW (decay on the
>= 2-D weights, as the Trainer groups them), gradients dropped. fp32 is the default; bf16 runs
the forward under torch.autocast, the weights and AdamW staying fp32.
"""

from __future__ import annotations

from contextlib import nullcontext

import torch
from torch.nn import functional as F

GRAD_CLIP = 1.0


def build_gpt2(vocab_size: int, block_size: int, n_layer: int, n_head: int, n_embd: int):
    from transformers import GPT2Config, GPT2LMHeadModel

    config = GPT2Config(vocab_size=vocab_size, n_positions=block_size, n_embd=n_embd,
                        n_layer=n_layer, n_head=n_head, resid_pdrop=0.0, embd_pdrop=0.0,
                        attn_pdrop=0.0, bos_token_id=0, eos_token_id=0,
                        attn_implementation="sdpa")
    return GPT2LMHeadModel(config)


def num_params(model) -> int:
    return sum(p.numel() for p in model.parameters())  # tied head counted once


def make_optimizer(model, lr: float, weight_decay: float = 0.1) -> torch.optim.AdamW:
    params = [p for p in model.parameters() if p.requires_grad]
    return torch.optim.AdamW([{"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
                              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}], lr=lr)


def train_step(model, optimizer, x, y, precision: str = "fp32") -> torch.Tensor:
    ctx = torch.autocast(x.device.type, dtype=torch.bfloat16) if precision == "bf16" else nullcontext()
    with ctx:
        logits = model(input_ids=x).logits
        loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), y.reshape(-1))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return loss
