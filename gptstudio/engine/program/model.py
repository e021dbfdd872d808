"""The GPT: a decoder-only transformer, the same one GPT Studio trains (and GPT-2's design).

Reading order: CausalSelfAttention (tokens look back at earlier tokens), MLP (each token thinks on
its own), Block (the two, each with a LayerNorm before it and a shortcut around it), GPT (token and
position embeddings, the blocks, and a final layer that scores every possible next token).

Shapes: B = batch (examples at once), T = time (tokens per example), C = channels (n_embd, the
width of each token's vector), nh = heads, hs = head size (C // nh), V = vocabulary size.
Only torch is needed.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.nn import functional as F


@dataclass
class GPTConfig:
    vocab_size: int  # how many different tokens there are
    block_size: int  # context: the most tokens the model sees at once
    n_layer: int  # blocks stacked on each other
    n_head: int  # attention heads per block
    n_embd: int  # width of every token's vector
    dropout: float  # share of numbers zeroed at random while training (0 = off)
    bias: bool  # whether Linear and LayerNorm layers add a learned offset
    gelu: str  # "none" = exact GELU, "tanh" = GPT-2's approximation of it


class CausalSelfAttention(nn.Module):
    """Each token builds a query ("what am I looking for?"), a key ("what do I hold?") and a value
    ("what do I pass on?"). A token takes in the values of the earlier tokens whose keys match its
    query best. Causal: it never sees a token after itself, which is what makes the model a
    next-token predictor."""

    def __init__(self, config):
        super().__init__()
        self.n_head = config.n_head
        self.dropout = config.dropout
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)  # q, k, v at once
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.resid_dropout = nn.Dropout(config.dropout)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        # Split the width into heads: each head looks for its own kind of pattern.
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        # softmax(q k^T / sqrt(hs)) v, with every future position masked out (is_causal).
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True,
                                           dropout_p=self.dropout if self.training else 0.0)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # heads side by side again: (B, T, C)
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):
    """Widen each token's vector four times, bend it with GELU, and narrow it back: where most of
    what the model knows is stored."""

    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)
        self.gelu = config.gelu

    def forward(self, x):
        return self.dropout(self.c_proj(F.gelu(self.c_fc(x), approximate=self.gelu)))


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x):
        # "x + ...": each part adds to the token's vector instead of replacing it (a residual
        # connection), so a deep stack still trains.
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        # The modules are made in this order, and initialised below, exactly as GPT Studio does:
        # with the same seed that gives the very same starting weights.
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),  # a vector per token
            wpe=nn.Embedding(config.block_size, config.n_embd),  # a vector per position
            drop=nn.Dropout(config.dropout),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=nn.LayerNorm(config.n_embd, bias=config.bias),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        # Weight tying (Press & Wolf 2017): reading a token and predicting it share one table.
        self.lm_head.weight = self.transformer.wte.weight
        self.apply(self._init_weights)
        # GPT-2 makes the layers that add into the residual stream smaller, by 1/sqrt(2 x layers):
        # every block adds twice, and the sum must not grow with depth.
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None):
        """idx: (B, T) token ids. Returns the logits (B, T, V): a score for every possible next
        token at every position, and, given targets (B, T), the loss: how surprised the model is
        by the true next tokens on average (cross-entropy; -1 marks positions to skip)."""
        B, T = idx.shape
        pos = torch.arange(0, T, dtype=torch.long, device=idx.device)  # (T,)
        x = self.transformer.drop(self.transformer.wte(idx) + self.transformer.wpe(pos))  # (B, T, C)
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))  # (B, T, V)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), targets.reshape(-1),
                                   ignore_index=-1)
        return logits, loss
