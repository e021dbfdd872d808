"""The CPU bf16 training attention (engine/attention.py) computes exactly causal attention."""

import pytest
import torch
import torch.nn.functional as F

from gptstudio.engine import attention
from gptstudio.engine.attention import causal_attention, use_chunked_attention
from gptstudio.engine.config import ModelConfig
from gptstudio.engine.model import GPT


def _qkv(shape, dtype, seed=0):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(shape, generator=g, dtype=dtype, requires_grad=True) for _ in range(3)]


@pytest.mark.parametrize("chunk_bytes", [attention.CHUNK_BYTES, 3 * 16 * 16 * 8])
def test_equals_sdpa_forward_and_backward(monkeypatch, chunk_bytes):
    # 3 (batch x head) pairs per chunk over 2 x 4 = 8 pairs: two full chunks and a partial one.
    monkeypatch.setattr(attention, "CHUNK_BYTES", chunk_bytes)
    q, k, v = _qkv((2, 4, 16, 8), torch.float64)
    grad = torch.randn(2, 4, 16, 8, dtype=torch.float64)
    expected = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    expected_grads = torch.autograd.grad(expected, (q, k, v), grad)
    got = causal_attention(q, k, v)
    got_grads = torch.autograd.grad(got, (q, k, v), grad)
    torch.testing.assert_close(got, expected, rtol=1e-10, atol=1e-10)
    for g, e in zip(got_grads, expected_grads, strict=True):
        torch.testing.assert_close(g, e, rtol=1e-10, atol=1e-10)


def test_bf16_close_to_fp32():
    q, k, v = _qkv((2, 2, 64, 32), torch.float32, seed=1)
    expected = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    got = causal_attention(*(t.detach().bfloat16().requires_grad_() for t in (q, k, v)))
    assert got.dtype == torch.bfloat16
    torch.testing.assert_close(got.float(), expected, rtol=0.05, atol=0.03)


def test_for_cpu_training_in_bf16_and_in_fp32_with_dropout():
    bf = torch.zeros(1, 1, 8, 1, requires_grad=True, dtype=torch.bfloat16)  # (B, nh, T, hs)
    assert use_chunked_attention(bf, training=True, dropout=0.0)
    assert use_chunked_attention(bf, training=True, dropout=0.1)  # with its own dropout
    assert not use_chunked_attention(bf, training=False, dropout=0.0)  # eval: the fused kernel
    fp32 = bf.detach().float().requires_grad_()
    assert not use_chunked_attention(fp32, True, 0.0)  # fp32: the fused kernel is as fast
    assert use_chunked_attention(fp32, True, 0.1)  # ... but has no dropout of its own
    assert not use_chunked_attention(bf.detach(), True, 0.0)  # no backward to speed up
    half = bf.detach().half().requires_grad_()
    assert not use_chunked_attention(half, True, 0.0)  # fp16 scores could overflow
    assert not use_chunked_attention(half, True, 0.1)
    long = torch.zeros(1, 1, attention.MAX_CONTEXT + 1, 1, requires_grad=True, dtype=torch.bfloat16)
    assert not use_chunked_attention(long, True, 0.0)  # kept probabilities grow as context squared
    assert not use_chunked_attention(long.detach().float().requires_grad_(), True, 0.1)


def test_model_trains_through_it_under_bf16_autocast(monkeypatch):
    calls = []
    real = attention._ChunkedCausalAttention.apply
    monkeypatch.setattr(attention._ChunkedCausalAttention, "apply",
                        lambda *a: calls.append(1) or real(*a))
    config = ModelConfig(vocab_size=11, block_size=16, n_layer=2, n_head=2, n_embd=16, dropout=0.0)
    torch.manual_seed(0)
    model = GPT(config).train()
    x = torch.randint(0, 11, (3, 16))
    with torch.autocast("cpu", dtype=torch.bfloat16):
        _, loss = model(x, x)
    loss.backward()
    assert len(calls) == 2  # one per layer
    chunked = {n: p.grad.clone() for n, p in model.named_parameters()}
    model.zero_grad()
    monkeypatch.setattr("gptstudio.engine.model.use_chunked_attention", lambda *a: False)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        _, fused_loss = model(x, x)
    fused_loss.backward()
    assert abs(loss.item() - fused_loss.item()) < 0.02
    for name, p in model.named_parameters():
        torch.testing.assert_close(chunked[name], p.grad, rtol=0.1, atol=2e-3, msg=name)
