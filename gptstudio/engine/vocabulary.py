"""Growing a trained model's vocabulary: room for tokens it has never seen, such as a chat
template's turn markers added to a pretrained GPT-2 before it is fine-tuned on conversations.

The new rows of the token embedding (tied to the output layer) start at the mean of the old rows
(Hewitt 2021, "Initializing New Word Embeddings for Pretrained Language Models"): a new token then
starts as an average token, neither far likelier nor far less likely than the rest, so the
pretrained model writes as before until fine-tuning teaches it the new tokens.
"""

from __future__ import annotations

from dataclasses import replace

import torch

from gptstudio.engine.model import GPT


@torch.no_grad()
def with_vocabulary(model: GPT, vocab_size: int) -> GPT:
    """A copy of `model` with vocab_size tokens (at least as many as it has)."""
    old = model.config.vocab_size
    if vocab_size < old:
        raise ValueError(f"a vocabulary of {vocab_size} cannot hold the model's {old} tokens")
    grown = GPT(replace(model.config, vocab_size=vocab_size))
    state = {k: v for k, v in model.state_dict().items() if k != "lm_head.weight"}
    embedding = state["transformer.wte.weight"]  # (old, C)
    new_rows = embedding.mean(dim=0, keepdim=True).expand(vocab_size - old, -1)  # (new, C)
    state["transformer.wte.weight"] = torch.cat([embedding, new_rows])
    grown.load_state_dict(state, strict=False)  # the head is tied to the embedding
    return grown.to(embedding.device).train(model.training)
