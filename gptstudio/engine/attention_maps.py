"""Attention maps: for each layer and head, how much each token looks at each earlier token.

The model's attention runs through `scaled_dot_product_attention`, which never hands back its
weights (the fused kernels never even form them). GPT.forward can instead write attention out as
softmax(q·kᵀ/√hs) with a causal mask and keep the weights on the way (its `attention` argument): the
same forward pass, the same modules and weights, so the maps are the ones the model really uses.

A no-grad pass on one prompt clipped to the context: small enough for the GUI thread on the small
models GPT Studio trains. Dropout is left out, as in the model's eval mode.

Shape legend: T time (tokens), L layers, nh heads, V vocab size.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

# ---------------------------------------------------------------------------------------------------
# The maps


@torch.no_grad()
def forward_with_attention(model, ids: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """ids (T tokens, T <= block_size) -> (logits (T, V), attention (L, nh, T, T), float32 on CPU)."""
    # Dropout off: maps of the model as it writes, even mid-training.
    was_training = model.training
    model.eval()
    try:
        if not 0 < len(ids) <= model.config.block_size:
            raise ValueError(f"{len(ids)} tokens: need between 1 and {model.config.block_size}")
        device = model.transformer.wte.weight.device
        idx = torch.tensor([ids], dtype=torch.long, device=device)  # (1, T)
        maps: list[torch.Tensor] = []  # one (1, nh, T, T) per layer
        logits, _ = model(idx, attention=maps)
        return logits[0].float().cpu(), torch.cat(maps).float().cpu()  # (T, V), (L, nh, T, T)
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
