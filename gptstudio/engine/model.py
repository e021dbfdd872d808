"""The GPT: a decoder-only transformer, whole, in one file.

Token + learned position embeddings, N pre-LayerNorm blocks (causal multi-head self-attention, GELU
feed-forward), a final LayerNorm and a language-model head tied to the token embedding (GPT-2;
Radford et al. 2019, and Press & Wolf 2017 for the tying). Attention runs through PyTorch's
`scaled_dot_product_attention`, which picks a fused kernel where the device has one, except for
CPU training in bf16, and in fp32 with dropout, where attention.py's kernel is faster.

GPT.forward is the one forward pass: training, reading a prompt, each new token with the KV cache
(sampling calls it on one token per sample), and Look inside's attention maps (written out, since the
fused kernels never form them) all run through it, so a change to the architecture is made once.

Shape legend: B batch, T time (tokens), C n_embd, nh heads, hs head size (C // nh), V vocab size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

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
    def empty(cls, config: ModelConfig, batch: int, device, dtype, length: int | None = None) -> KVCache:
        """Room for `length` tokens (default: the whole context) of `batch` sequences."""
        hs = config.n_embd // config.n_head
        shape = (2, config.n_layer, batch, config.n_head, length or config.block_size, hs)
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

    def repeat_rows(self, n: int) -> None:
        """A cache of one sequence becomes n copies of it: one prompt read once, then n samples
        written from it side by side."""
        self.kv = self.kv.repeat(1, 1, n, 1, 1, 1)

    def keep_rows(self, rows: list[int]) -> None:
        """Keep only these sequences (batch rows), in this order: the samples still being written."""
        self.kv = self.kv[:, :, rows]

    def extend(self, T: int) -> KVWindow:
        """The views a forward pass over T new tokens writes and reads; it advances pos after."""
        new = self.kv.narrow(4, self.pos, T)  # (2, L, B, nh, T, hs)
        k, v = self.kv.narrow(4, 0, self.pos + T)  # (L, B, nh, pos+T, hs) each
        return KVWindow(new.unbind(1), k.unbind(), v.unbind())


class KVWindow(NamedTuple):
    """Each layer's views of a KVCache for one forward pass: where it writes the keys and values of
    the T new tokens, (2, B, nh, T, hs), and where it reads the keys and the values of all of
    them, (B, nh, pos+T, hs) each. Cut once per pass rather than in every layer: at one token per
    pass (sampling), slicing the cache in every layer cost about a tenth of the time."""

    new: tuple[torch.Tensor, ...]
    k: tuple[torch.Tensor, ...]
    v: tuple[torch.Tensor, ...]


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


def _hooked(module: nn.Module) -> bool:
    return bool(module._forward_hooks or module._forward_pre_hooks or module._backward_hooks
                or module._backward_pre_hooks)


def _call(module: nn.Module, *args):
    """module(*args), or straight to its forward where nothing hooks the module: at one token per
    pass (sampling with the KV cache) each layer's work is a few microseconds an operation, and
    nn.Module's __call__ and __getattr__ are Python around every one of them. For the same reason
    the blocks take their children from self._modules, not as attributes. (Hooks set on all
    modules at once, torch's register_module_forward_hook, are not seen here.)"""
    return module(*args) if _hooked(module) else module.forward(*args)


def _layer(module: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """_call(module, x) for the blocks' Linear and LayerNorm layers, as the functional operation
    where the layer is a plain one with no hooks. Anything else (LoRA's adapter layers, a hooked
    layer) is called as a module."""
    kind = type(module)
    if _hooked(module):
        return module(x)
    # module.weight would go through nn.Module.__getattr__, a Python function: the parameters
    # dict holds the same tensors.
    if kind is nn.Linear:
        p = module._parameters
        return F.linear(x, p["weight"], p["bias"])
    if kind is nn.LayerNorm:
        p = module._parameters
        return F.layer_norm(x, module.normalized_shape, p["weight"], p["bias"], module.eps)
    return module(x)


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

    def forward(self, x: torch.Tensor, cache: KVWindow | None = None, layer: int = 0,
                maps: list | None = None) -> torch.Tensor:
        B, T, C = x.shape
        layers = self._modules  # not self.c_attn: see _layer
        # (B, T, 3C) -> (3, B, nh, T, hs): query, key and value of each head
        qkv = _layer(layers["c_attn"], x).view(B, T, 3, self.n_head, C // self.n_head).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind()  # (B, nh, T, hs) each
        start = 0
        if cache is not None:  # store the new keys and values (one copy), then attend to all
            cache.new[layer].copy_(qkv[1:])
            k, v = cache.k[layer], cache.v[layer]  # (B, nh, start+T, hs)
            start = k.shape[2] - T
        if maps is not None:
            y = _attention_written_out(q, k, v, start, maps)
        elif cache is None and use_chunked_attention(q, self.training, self.dropout):
            y = causal_attention(q, k, v, self.dropout)  # CPU training: see use_chunked_attention
        else:
            # New query i may see every cached token and the new ones up to itself: plain causal
            # when nothing is cached, no mask at all for a single new token.
            mask = _visible(T, start, x.device) if start > 0 and T > 1 else None
            y = F.scaled_dot_product_attention(
                q, k, v, attn_mask=mask, is_causal=start == 0,
                dropout_p=self.dropout if self.training else 0.0,
            )  # (B, nh, T, hs)
        y = y.transpose(1, 2).reshape(B, T, C)
        return _dropped(layers["resid_dropout"], _layer(layers["c_proj"], y))


def _visible(T: int, start: int, device) -> torch.Tensor:
    """(T, start+T) booleans: new token i (at position start+i) sees positions 0..start+i."""
    return torch.ones(T, start + T, dtype=torch.bool, device=device).tril(start)


def _attention_written_out(q, k, v, start: int, maps: list) -> torch.Tensor:
    """softmax(q kᵀ / √hs, causal) v, as scaled_dot_product_attention computes it, but with the
    attention weights formed and appended to maps, (B, nh, T, start+T): the fused kernels never
    hand them back, and Look inside draws them."""
    T, hs = q.shape[-2], q.shape[-1]
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(hs)  # (B, nh, T, start+T)
    weights = F.softmax(scores.masked_fill(~_visible(T, start, q.device), float("-inf")), dim=-1)
    maps.append(weights)
    return weights @ v  # (B, nh, T, hs)


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
        layers = self._modules  # not self.c_fc: see _layer
        h = F.gelu(_layer(layers["c_fc"], x), approximate=self.approximate)
        return _dropped(layers["dropout"], _layer(layers["c_proj"], h))


class Block(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = FeedForward(config)

    def forward(self, x, cache: KVWindow | None = None, layer: int = 0, maps: list | None = None):
        parts = self._modules  # not self.attn: see _layer
        x = x + _call(parts["attn"], _layer(parts["ln_1"], x), cache, layer, maps)  # pre-LayerNorm: residual path stays clean
        return x + _call(parts["mlp"], _layer(parts["ln_2"], x))


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
                kv_cache: KVCache | None = None, last_only: bool = False,
                attention: list | None = None):
        """idx (B, T) token ids -> (logits, loss). The model's one forward pass: training, the
        prompt and every new token of generation, and Look inside's attention maps all run here.

        targets (B, T): next-token ids, -1 where the loss must ignore (padding). last_only computes
        the logits of the last position only (generation). With kv_cache, idx are the tokens that
        follow the cached ones and the cache is extended by them. attention: a list that receives
        each layer's attention weights, (B, nh, T, cached+T), computed written out instead of by
        the fused kernel (slower: for looking inside, not for generating).
        """
        B, T = idx.shape
        start = kv_cache.pos if kv_cache is not None else 0
        if start + T > self.config.block_size:
            raise ValueError(f"{start + T} tokens exceed the context of {self.config.block_size}")
        if kv_cache is not None and start + T > kv_cache.capacity:
            raise ValueError(f"{start + T} tokens exceed the cache's room for {kv_cache.capacity}")
        t = self.transformer._modules  # not self.transformer.wte: see _layer
        # The positions' rows of wpe (T, C), as wpe(arange(start, start + T)) gathers them.
        x = _dropped(t["drop"], t["wte"](idx) + t["wpe"].weight[start:start + T])
        x = x.to(residual_dtype(x))
        window = kv_cache.extend(T) if kv_cache is not None else None
        for layer, block in enumerate(t["h"]):
            x = _call(block, x, window, layer, attention)
        if kv_cache is not None:
            kv_cache.pos += T
        if last_only:
            x = x[:, -1:, :]
        logits = _layer(self._modules["lm_head"], _layer(t["ln_f"], x))  # (B, T, V)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), targets.reshape(-1),
                                   ignore_index=-1)
        return logits, loss

    def new_cache(self, batch: int = 1, length: int | None = None) -> KVCache:
        """A KV cache for batch sequences of up to length tokens (default: the whole context)."""
        p = self.transformer.wte.weight
        return KVCache.empty(self.config, batch, p.device, p.dtype, length)


def decay_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    """Weight decay on matrices (Linear, Embedding) only; never on biases and LayerNorm gains,
    whose shrinking towards zero only hurts (GPT-3 paper, appendix B; nanoGPT)."""
    params = [p for p in model.parameters() if p.requires_grad]
    return [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
