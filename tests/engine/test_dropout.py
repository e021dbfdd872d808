"""The CPU's dropout (engine/dropout.py) drops as F.dropout does, cheaper, and the model uses it."""

import pytest
import torch
import torch.nn.functional as F

from gptstudio.engine import attention, dropout
from gptstudio.engine.attention import causal_attention
from gptstudio.engine.config import ModelConfig
from gptstudio.engine.dropout import keep_mask
from gptstudio.engine.model import GPT


@pytest.mark.parametrize("p", [0.05, 0.2, 0.5])
def test_keep_mask_keeps_one_minus_p_of_the_elements(p):
    torch.manual_seed(0)
    mask = keep_mask((1000, 1000), p, torch.float32)
    assert mask.shape == (1000, 1000) and mask.dtype == torch.float32
    assert set(mask.unique().tolist()) == {0.0, 1.0}
    assert abs(mask.mean().item() - (1 - p)) < 0.002  # 1e6 draws: 4+ standard deviations
    # Neighbouring elements come from different bits of the same 64-bit word: no pattern between them.
    pairs = mask.view(-1, 4)
    assert abs((pairs[:, 0] * pairs[:, 1]).mean().item() - (1 - p) ** 2) < 0.004


def test_keep_mask_near_p_one_keeps_nothing():
    # Within 1/131072 of 1 the 16-bit threshold would be 32768, which wraps in int16.
    for p in (0.999995, 1 - 1 / 131072):
        assert keep_mask((1000, 100), p, torch.float32).sum().item() == 0.0
    assert 0 < keep_mask((1000, 1000), 0.9999, torch.float32).sum().item() < 400  # about 15


def test_keep_mask_is_repeatable_with_torch_manual_seed_and_new_each_call():
    torch.manual_seed(3)
    a, b = keep_mask((64, 64), 0.3, torch.bfloat16), keep_mask((64, 64), 0.3, torch.bfloat16)
    torch.manual_seed(3)
    assert torch.equal(keep_mask((64, 64), 0.3, torch.bfloat16), a)
    assert not torch.equal(a, b)


def test_odd_sizes_and_writing_into_a_slice():
    mask = keep_mask((3, 5, 7), 0.5, torch.float64)  # 105 elements: not a multiple of four
    assert mask.shape == (3, 5, 7)
    out = torch.full((4, 5, 7), 7.0)
    keep_mask((2, 5, 7), 0.5, torch.float32, out=out[1:3])
    assert (out[0] == 7).all() and (out[3] == 7).all()
    assert set(out[1:3].unique().tolist()) <= {0.0, 1.0}


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_dropout_scales_the_kept_and_passes_gradients_only_through_them(dtype):
    torch.manual_seed(1)
    x = (torch.rand(200, 300) + 1.0).to(dtype).requires_grad_()  # never 0: a 0 output means dropped
    y = dropout.dropout(x, 0.25)
    kept = y != 0
    assert abs(kept.float().mean().item() - 0.75) < 0.01
    torch.testing.assert_close(y[kept], (x[kept].float() / 0.75).to(dtype))
    grad = torch.randn(200, 300).to(dtype)
    y.backward(grad)
    expected = torch.where(kept, grad.float() / 0.75, 0.0).to(dtype)
    torch.testing.assert_close(x.grad, expected)


def test_dropout_keeps_the_expected_value_like_f_dropout():
    torch.manual_seed(2)
    x = torch.randn(1000, 1000)
    for p in (0.1, 0.3):
        ours, torchs = dropout.dropout(x, p), F.dropout(x, p, training=True)
        assert abs(ours.sum().item() - torchs.sum().item()) < 0.01 * x.abs().sum().item()
        assert abs((ours == 0).float().mean().item() - p) < 0.003


def test_dropout_of_zero_and_one():
    x = torch.randn(4, 4)
    assert dropout.dropout(x, 0.0) is x
    assert (dropout.dropout(x, 1.0) == 0).all()


def _attention_with_masks(q, k, v, masks, p):
    """The plain formula with given keep masks, through autograd: what the kernel must equal."""
    B, nh, T, hs = q.shape
    scores = (q @ k.transpose(-1, -2)) * hs ** -0.5
    scores = scores.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
    probs = torch.softmax(scores, dim=-1) * masks.view(B, nh, T, T) / (1 - p)
    return probs @ v


@pytest.mark.parametrize("chunk_bytes", [attention.CHUNK_BYTES, 3 * 16 * 16 * 8])
def test_attention_dropout_equals_the_formula_with_the_same_masks(monkeypatch, chunk_bytes):
    # The kernel draws one mask a chunk, in order: drawing them again after the same seed gives the
    # masks it used. 2 x 4 pairs in chunks of 3 (two full chunks and a partial one), or one chunk.
    monkeypatch.setattr(attention, "CHUNK_BYTES", chunk_bytes)
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 4, 16, 8, generator=g, dtype=torch.float64, requires_grad=True)
               for _ in range(3))
    grad = torch.randn(2, 4, 16, 8, generator=g, dtype=torch.float64)
    p = 0.3
    torch.manual_seed(5)
    got = causal_attention(q, k, v, p)
    got_grads = torch.autograd.grad(got, (q, k, v), grad)
    torch.manual_seed(5)
    step = attention._pairs_per_chunk(16, torch.float64)
    masks = torch.cat([keep_mask((min(i + step, 8) - i, 16, 16), p, torch.float64)
                       for i in range(0, 8, step)])
    assert 0.5 < masks.mean().item() < 0.9
    expected = _attention_with_masks(q, k, v, masks, p)
    expected_grads = torch.autograd.grad(expected, (q, k, v), grad)
    torch.testing.assert_close(got, expected, rtol=1e-10, atol=1e-10)
    for a, b in zip(got_grads, expected_grads, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("bf16", [True, False], ids=["bf16", "fp32"])
def test_a_cpu_model_with_dropout_trains_through_it(monkeypatch, bf16):
    calls = {"dropout": 0, "attention": 0}
    real_dropout, real_attention = dropout._Dropout.apply, attention._ChunkedCausalAttention.apply

    def count(name, real):
        def counted(*args):
            calls[name] += 1
            return real(*args)
        return counted

    monkeypatch.setattr(dropout._Dropout, "apply", count("dropout", real_dropout))
    monkeypatch.setattr(attention._ChunkedCausalAttention, "apply", count("attention", real_attention))
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=11, block_size=16, n_layer=2, n_head=2, n_embd=16, dropout=0.1))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    x = torch.arange(16).remainder(11).repeat(4, 1)
    y = (x + 1).remainder(11)
    losses = []
    for _ in range(40):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            _, loss = model(x, y)
        loss.backward()
        opt.step()
        opt.zero_grad()
        losses.append(loss.item())
    # Per step: the embeddings, and each layer's attention output and feed-forward; attention
    # dropout inside the chunked attention kernel, in bf16 and in fp32.
    assert calls == {"dropout": 40 * (1 + 2 * 2), "attention": 40 * 2}
    assert losses[-1] < losses[0] * 0.5
    model.eval()
    calls.update(dropout=0, attention=0)
    with torch.no_grad():
        a, _ = model(x)
        b, _ = model(x)
    assert torch.equal(a, b) and calls == {"dropout": 0, "attention": 0}  # no dropout in eval
