"""The GPT: a decoder-only transformer, whole, in one file.

Token + learned position embeddings, N pre-LayerNorm blocks (causal multi-head self-attention, GELU
feed-forward), a final LayerNorm and a language-model head tied to the token embedding (GPT-2;
Radford et al. 2019, and Press & Wolf 2017 for the tying). Attention runs through PyTorch's
`scaled_dot_product_attention`, which picks a fused kernel where the device has one, except for
CPU training in bf16, and in fp32 with dropout, where attention.py's kernel is faster.

Shape legend: B batch, T time (tokens), C n_embd, nh heads, hs head size (C // nh), V vocab size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.nn import functional as F

from gptstudio.engine.attention import causal_attention, use_chunked_attention
from gptstudio.engine.config import ModelConfig
from gptstudio.engine.dropout import dropout as fast_dropout
from gptstudio.engine.errors import InvalidConfig

# ---------------------------------------------------------------------------------------------------
# KV cache


@dataclass
class KVCache:
    """Keys and values of every layer for the tokens seen so far, so that generating one more token
    costs one token's forward pass instead of the whole context's."""

    # Keys [0] and values [1] in one tensor, so that one copy stores both for a new token.
    kv: torch.Tensor  # (2, L, B, nh, block_size, hs)
    pos: int = 0  # tokens stored so far

    @classmethod
    def empty(cls, config: ModelConfig, batch: int, device, dtype) -> KVCache:
        hs = config.n_embd // config.n_head
        shape = (2, config.n_layer, batch, config.n_head, config.block_size, hs)
        return cls(torch.zeros(shape, device=device, dtype=dtype))

    @property
    def k(self) -> torch.Tensor:  # (L, B, nh, block_size, hs)
        return self.kv[0]

    @property
    def v(self) -> torch.Tensor:  # (L, B, nh, block_size, hs)
        return self.kv[1]

    @property
    def capacity(self) -> int:
        return self.kv.shape[4]

    def reset(self) -> None:
        self.pos = 0


def residual_dtype(x: torch.Tensor) -> torch.dtype:
    """The residual stream's dtype: bf16 under the CPU's bf16 autocast, else x's own.

    Autocast runs the matrix products in bf16 but leaves the sum of the blocks' outputs in fp32,
    so every LayerNorm output was cast to bf16 for the next product, and every gradient back. In
    bf16 throughout (as Megatron-LM keeps it by default) a 10.7M step is 3-5% faster and keeps 9%
    less memory, and its losses match (docs/performance.md). The weights stay fp32."""
    if x.device.type != "cpu":
        return x.dtype
    if hasattr(torch, "get_autocast_dtype"):  # torch >= 2.4
        on, dtype = torch.is_autocast_enabled("cpu"), torch.get_autocast_dtype("cpu")
    else:
        on, dtype = torch.is_autocast_cpu_enabled(), torch.get_autocast_cpu_dtype()
    return torch.bfloat16 if on and dtype == torch.bfloat16 else x.dtype


# ---------------------------------------------------------------------------------------------------
# The blocks


def _dropped(dropout: nn.Dropout, x: torch.Tensor) -> torch.Tensor:
    """Dropout only where it does something: calling the module costs ~15 us even in eval mode,
    a few percent of a token's time when sampling with the KV cache. On the CPU, dropout.py's
    cheaper random mask."""
    if not (dropout.training and dropout.p > 0):
        return x
    return fast_dropout(x, dropout.p) if x.device.type == "cpu" else dropout(x)


class CausalSelfAttention(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.n_head = config.n_head
        self.dropout = config.dropout
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.resid_dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor, cache: KVCache | None = None, layer: int = 0) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        # (B, T, C) -> (B, nh, T, hs)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        mask, causal = None, True
        if cache is not None:
            start = cache.pos
            cache.k[layer, :, :, start:start + T] = k
            cache.v[layer, :, :, start:start + T] = v
            k = cache.k[layer, :, :, :start + T]  # (B, nh, start+T, hs)
            v = cache.v[layer, :, :, :start + T]
            if start > 0:
                # New query i may see every cached token and the new ones up to itself.
                causal = False
                if T > 1:
                    mask = torch.ones(T, start + T, dtype=torch.bool, device=x.device).tril(start)
        if cache is None and use_chunked_attention(q, self.training, self.dropout):
            y = causal_attention(q, k, v, self.dropout)  # CPU training: see use_chunked_attention
        else:
            y = F.scaled_dot_product_attention(
                q, k, v, attn_mask=mask, is_causal=causal and mask is None,
                dropout_p=self.dropout if self.training else 0.0,
            )  # (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return _dropped(self.resid_dropout, self.c_proj(y))


class FeedForward(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)
        # GPT-2 uses the tanh approximation of GELU (imported GPT-2 weights keep it, to stay exact);
        # GPT Studio's own models use the exact GELU, which oneDNN runs ~2x faster in bf16.
        self.approximate = "tanh" if config.activation == "gelu_tanh" else "none"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _dropped(self.dropout, self.c_proj(F.gelu(self.c_fc(x), approximate=self.approximate)))


class Block(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = FeedForward(config)

    def forward(self, x, cache: KVCache | None = None, layer: int = 0):
        x = x + self.attn(self.ln_1(x), cache, layer)  # pre-LayerNorm: residual path stays clean
        return x + self.mlp(self.ln_2(x))


# ---------------------------------------------------------------------------------------------------
# The model


class GPT(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        problems = config.validate()
        if problems:
            raise InvalidConfig(problems)
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            drop=nn.Dropout(config.dropout),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=nn.LayerNorm(config.n_embd, bias=config.bias),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.lm_head.weight = self.transformer.wte.weight  # weight tying
        self.apply(self._init_weights)
        # GPT-2 scales the residual projections by 1/sqrt(2 * n_layer): each block adds two.
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self) -> int:
        # Parameters are unique in .parameters(): the tied head is counted once.
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None,
                kv_cache: KVCache | None = None, last_only: bool = False):
        """idx (B, T) token ids -> (logits, loss).

        targets (B, T): next-token ids, -1 where the loss must ignore (padding). last_only computes
        the logits of the last position only (generation). With kv_cache, idx are the tokens that
        follow the cached ones and the cache is extended by them.
        """
        B, T = idx.shape
        start = kv_cache.pos if kv_cache is not None else 0
        if start + T > self.config.block_size:
            raise ValueError(f"{start + T} tokens exceed the context of {self.config.block_size}")
        pos = torch.arange(start, start + T, dtype=torch.long, device=idx.device)  # (T,)
        x = _dropped(self.transformer.drop, self.transformer.wte(idx) + self.transformer.wpe(pos))
        x = x.to(residual_dtype(x))
        for layer, block in enumerate(self.transformer.h):
            x = block(x, kv_cache, layer)
        if kv_cache is not None:
            kv_cache.pos += T
        if last_only:
            x = x[:, -1:, :]
        x = self.transformer.ln_f(x)
        logits = self.lm_head(x)  # (B, T, V)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), targets.reshape(-1),
                                   ignore_index=-1)
        return logits, loss

    def new_cache(self, batch: int = 1) -> KVCache:
        p = self.transformer.wte.weight
        return KVCache.empty(self.config, batch, p.device, p.dtype)

    def decode_weights(self) -> tuple:
        """The weights next_logits reads, gathered once (looking each up on its module costs
        about 4% of a token's time): take them again after modules are replaced."""
        t = self.transformer
        layers = tuple((b.ln_1.weight, b.ln_1.bias, b.ln_1.eps, b.attn.c_attn.weight,
                        b.attn.c_attn.bias, b.attn.c_proj.weight, b.attn.c_proj.bias,
                        b.ln_2.weight, b.ln_2.bias, b.ln_2.eps, b.mlp.c_fc.weight, b.mlp.c_fc.bias,
                        b.mlp.c_proj.weight, b.mlp.c_proj.bias, b.mlp.approximate) for b in t.h)
        return (t.wte.weight, t.wpe.weight, layers, t.ln_f.weight, t.ln_f.bias, t.ln_f.eps,
                self.lm_head.weight, self.lm_head.bias)

    @torch.inference_mode()
    def next_logits(self, token: int, cache: KVCache, weights: tuple | None = None) -> torch.Tensor:
        """forward([[token]], kv_cache=cache, last_only=True)'s logits, (V,), for sampling one
        sequence (a cache of batch 1).

        The same operations on the same weights (tested equal), called directly: one token is a
        few microseconds of work per operation, and going through each module's __call__ cost
        about a fifth of the time per token at 10.7M parameters. weights: decode_weights(), to
        gather them once for many tokens. Sampling runs without autocast; under the CPU's bf16
        autocast forward() would round its residual stream to bf16 (residual_dtype), this not.
        """
        pos = cache.pos
        if pos >= self.config.block_size:
            raise ValueError(f"{pos + 1} tokens exceed the context of {self.config.block_size}")
        wte, wpe, layers, lnf_w, lnf_b, lnf_eps, head_w, head_b = weights or self.decode_weights()
        C, nh = self.config.n_embd, self.config.n_head
        hs = C // nh
        keys, values = cache.kv[0, :, :, :, :pos + 1], cache.kv[1, :, :, :, :pos + 1]
        new = cache.kv[:, :, 0, :, pos]  # (2, L, nh, hs): this token's keys and values
        x = (wte[token] + wpe[pos]).view(1, 1, C)
        for layer, (ln1_w, ln1_b, ln1_eps, attn_w, attn_b, proj_w, proj_b, ln2_w, ln2_b, ln2_eps,
                    fc_w, fc_b, out_w, out_b, approximate) in enumerate(layers):
            h = F.layer_norm(x, (C,), ln1_w, ln1_b, ln1_eps)
            qkv = F.linear(h, attn_w, attn_b).view(3, nh, hs)
            new[:, layer] = qkv[1:]  # one copy for the keys and values
            y = F.scaled_dot_product_attention(qkv[0].view(1, nh, 1, hs), keys[layer], values[layer])
            x = x + F.linear(y.reshape(1, 1, C), proj_w, proj_b)
            h = F.layer_norm(x, (C,), ln2_w, ln2_b, ln2_eps)
            x = x + F.linear(F.gelu(F.linear(h, fc_w, fc_b), approximate=approximate), out_w, out_b)
        cache.pos += 1
        x = F.layer_norm(x, (C,), lnf_w, lnf_b, lnf_eps)
        return F.linear(x, head_w, head_b)[0, -1]


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    """Weight decay on matrices (Linear, Embedding) only; never on biases and LayerNorm gains,
    whose shrinking towards zero only hurts (GPT-3 paper, appendix B; nanoGPT)."""
    params = [p for p in model.parameters() if p.requires_grad]
    return [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
