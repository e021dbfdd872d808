"""Attention maps: for each layer and head, how much each token looks at each earlier token.

The model's attention runs through `scaled_dot_product_attention`, which never hands back its
weights (the fused kernels never even form them). So this file re-runs the model's forward pass
with the same submodules and weights, writing attention out as softmax(q·kᵀ/√hs) with a causal
mask, and keeps the weights on the way. `forward_with_attention` also returns the final logits: a
test checks they equal `model(idx)[0]`, which shows the maps are the ones the model really uses.

A no-grad pass on one prompt clipped to the context: small enough for the GUI thread on the small
models GPT Studio trains. Dropout is left out, as in the model's eval mode.

Shape legend: T time (tokens), C n_embd, L layers, nh heads, hs head size (C // nh), V vocab size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch.nn import functional as F

# ---------------------------------------------------------------------------------------------------
# The maps


def _attention(attn, x: torch.Tensor, n_head: int) -> tuple[torch.Tensor, torch.Tensor]:
    """One CausalSelfAttention, weights written out. x (T, C) -> (output (T, C), weights (nh, T, T))."""
    T, C = x.shape
    hs = C // n_head
    q, k, v = attn.c_attn(x).split(C, dim=1)  # each (T, C)
    q, k, v = (t.view(T, n_head, hs).transpose(0, 1) for t in (q, k, v))  # each (nh, T, hs)
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(hs)  # (nh, T, T)
    # Causal: token i may only look at tokens 0..i (nanoGPT's `bias` buffer, as a boolean mask).
    future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)  # (T, T)
    weights = F.softmax(scores.masked_fill(future, float("-inf")), dim=-1)  # (nh, T, T)
    y = (weights @ v).transpose(0, 1).reshape(T, C)  # (T, C)
    return attn.c_proj(y), weights


@torch.no_grad()
def forward_with_attention(model, ids: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """ids (T tokens, T <= block_size) -> (logits (T, V), attention (L, nh, T, T), float32 on CPU).

    Mirrors GPT.forward and Block.forward step for step, using the model's own modules (so its
    LayerNorms, biases or their absence, and its GELU variant all apply exactly as in training).
    """
    # Dropout off (its MLP runs as module): maps of the model as it writes, even mid-training.
    was_training = model.training
    model.eval()
    try:
        config = model.config
        if not 0 < len(ids) <= config.block_size:
            raise ValueError(f"{len(ids)} tokens: need between 1 and {config.block_size}")
        device = model.transformer.wte.weight.device
        idx = torch.tensor(ids, dtype=torch.long, device=device)  # (T,)
        pos = torch.arange(len(ids), dtype=torch.long, device=device)  # (T,)
        x = model.transformer.wte(idx) + model.transformer.wpe(pos)  # (T, C)
        maps = []
        for block in model.transformer.h:
            out, weights = _attention(block.attn, block.ln_1(x), config.n_head)
            x = x + out  # pre-LayerNorm residual, as in Block.forward
            x = x + block.mlp(block.ln_2(x))  # the model's own MLP: its GELU form and dropout
            maps.append(weights)
        logits = model.lm_head(model.transformer.ln_f(x))  # (T, V)
        return logits.float().cpu(), torch.stack(maps).float().cpu()  # (T, V), (L, nh, T, T)
    finally:
        model.train(was_training)


def attention_maps(model, ids: list[int]) -> torch.Tensor:
    """(L, nh, T, T): row i of [layer, head] is how token i spreads its attention over tokens 0..i.
    Each row sums to 1, and everything above the diagonal is 0 (no token sees the future)."""
    return forward_with_attention(model, ids)[1]


# ---------------------------------------------------------------------------------------------------
# From a prompt


@dataclass(frozen=True)
class PromptTokens:
    ids: tuple[int, ...]
    texts: tuple[str, ...]  # how each token reads, as the tokenizer writes it
    clipped: int  # tokens dropped from the start to fit the model's context


def prompt_tokens(tokenizer, mode: str, prompt: str, block_size: int) -> PromptTokens:
    """The prompt as the model reads it (a start token first in the lines and blocks modes), clipped to the last
    block_size tokens. Raises UnknownCharacters naming what the tokenizer cannot encode."""
    from gptstudio.engine.data import prompt_ids

    ids = prompt_ids(tokenizer, mode, prompt)
    clipped = max(0, len(ids) - block_size)
    ids = ids[clipped:]
    return PromptTokens(tuple(ids), tuple(tokenizer.token_text(i) for i in ids), clipped)
