"""Causal self-attention for training on the CPU in bf16, and in fp32 with attention dropout.

PyTorch's fused (flash) attention kernel for the CPU is fast forward, but its backward pass in bf16
is slow on every shape GPT Studio trains: 8x the forward at the tiny preset's shape and 9x at
10.7M parameters (measured with torch 2.13 on an AMX Xeon; docs/performance.md). This kernel does
the plain computation instead, softmax(q k^T / sqrt(d) + causal mask) v, with batched matrix
products, in chunks of (batch x head) pairs small enough that the (T x T) scores of a chunk stay in
the CPU's cache while the element-wise steps run over them. Forward and backward together take
1/2.5 (10.7M) to 1/7 (tiny) of the fused kernel's time.

The price is memory: the attention probabilities are kept for the backward pass, B x nh x T x T
values per layer (50 MB per layer at batch 64, 6 heads, context 256, in bf16). With attention
dropout the kernel also keeps the dropout mask (dropout.py), as many values again. torch's fused CPU
attention has no dropout: with it torch falls back to an unfused computation that keeps more and
runs slower, so with dropout this kernel serves fp32 training too.
"""

from __future__ import annotations

import torch
from torch.autograd.function import once_differentiable

from gptstudio.engine.dropout import apply_keep_mask, keep_mask
from gptstudio.engine.memory import CHUNKED_ATTENTION_MAX_CONTEXT, chunked_attention_runs

# Bytes of scores per chunk. At 10.7M parameters (context 256), chunks of 2 to 16 MB of scores run
# within timing noise of each other, 6 MB a little ahead: small enough to stay in cache.
CHUNK_BYTES = 6 * 2**20
# Measured faster up to context 256. The kept probabilities grow with the square of the context
# (the memory estimate counts them), so longer contexts keep the fused kernel.
MAX_CONTEXT = CHUNKED_ATTENTION_MAX_CONTEXT
# Part of the precision cache's key (trainer.py): which precision trains faster depends on it.
KERNEL_VERSION = 2  # 2: attention dropout too
_PRECISIONS = {torch.bfloat16: "bf16", torch.float32: "fp32", torch.float16: "fp16"}


def causal_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                     dropout: float = 0.0) -> torch.Tensor:
    """dropout(softmax(q k^T / sqrt(hs), causal)) v for q, k, v of shape (B, nh, T, hs), with
    inverted dropout of the attention probabilities (as scaled_dot_product_attention's dropout_p);
    differentiable."""
    return _ChunkedCausalAttention.apply(q, k, v, dropout)


def _causal_bias(T: int, dtype: torch.dtype, device) -> torch.Tensor:
    # 0 on and below the diagonal, -inf above it: added to the scores, it hides the future.
    return torch.full((T, T), float("-inf"), dtype=dtype, device=device).triu_(1)


def _pairs_per_chunk(T: int, dtype: torch.dtype) -> int:
    return max(1, CHUNK_BYTES // (T * T * torch.finfo(dtype).bits // 8))


class _ChunkedCausalAttention(torch.autograd.Function):
    @staticmethod
    def forward(ctx, q, k, v, dropout):
        B, nh, T, hs = q.shape
        scale = hs ** -0.5
        n, step = B * nh, _pairs_per_chunk(T, q.dtype)
        q3, k3, v3 = (t.reshape(n, T, hs) for t in (q, k, v))
        out = torch.empty_like(q3)
        probs = torch.empty(n, T, T, dtype=q.dtype, device=q.device)
        # Which probabilities dropout keeps (1) and drops (0), in q's dtype: dropout.py.
        keep = torch.empty(n, T, T, dtype=q.dtype, device=q.device) if dropout > 0 else None
        bias = _causal_bias(T, q.dtype, q.device)
        with torch.autocast(q.device.type, enabled=False):  # the dtypes are chosen here
            for i in range(0, n, step):
                j = min(i + step, n)
                scores = torch.baddbmm(bias, q3[i:j], k3[i:j].transpose(1, 2), alpha=scale)
                torch.softmax(scores, dim=-1, out=probs[i:j])
                p = probs[i:j]
                if keep is not None:
                    keep_mask(p.shape, dropout, p.dtype, out=keep[i:j])
                    p = apply_keep_mask(p, keep[i:j], dropout)
                torch.bmm(p, v3[i:j], out=out[i:j])
        ctx.save_for_backward(q3, k3, v3, probs, keep)
        ctx.shape, ctx.dropout = q.shape, dropout
        return out.view(B, nh, T, hs)

    @staticmethod
    @once_differentiable  # the backward writes into buffers: no second-order gradients
    def backward(ctx, grad_out):
        q3, k3, v3, probs, keep = ctx.saved_tensors
        B, nh, T, hs = ctx.shape
        scale = hs ** -0.5
        n, step = B * nh, _pairs_per_chunk(T, q3.dtype)
        g3 = grad_out.reshape(n, T, hs).to(q3.dtype)
        dq, dk, dv = torch.empty_like(q3), torch.empty_like(k3), torch.empty_like(v3)
        for i in range(0, n, step):
            j = min(i + step, n)
            p, g = probs[i:j], g3[i:j]
            dropped = p if keep is None else apply_keep_mask(p, keep[i:j], ctx.dropout)
            torch.bmm(dropped.transpose(1, 2), g, out=dv[i:j])
            grad_p = torch.bmm(g, v3[i:j].transpose(1, 2))
            if keep is not None:  # the gradient reaches the kept probabilities only, scaled alike
                grad_p = apply_keep_mask(grad_p, keep[i:j], ctx.dropout)
            grad_scores = torch._softmax_backward_data(grad_p, p, -1, p.dtype)
            torch.bmm(grad_scores, k3[i:j], out=dq[i:j]).mul_(scale)
            torch.bmm(grad_scores.transpose(1, 2), q3[i:j], out=dk[i:j]).mul_(scale)
        return dq.view(ctx.shape), dk.view(ctx.shape), dv.view(ctx.shape), None


def use_chunked_attention(q: torch.Tensor, training: bool, dropout: float) -> bool:
    """Whether causal_attention is the faster choice for q: memory.chunked_attention_runs's rule,
    in training with a backward to run."""
    precision = _PRECISIONS.get(q.dtype, str(q.dtype))
    return (training and q.requires_grad
            and chunked_attention_runs(q.device.type, precision, dropout, q.shape[-2]))
