"""The benchmark's references are the engines they claim to be: nanoGPT's design (same parameters
and the same loss from the same weights as GPT Studio's model, and as nanoGPT's own model.py where
NANOGPT_DIR points at a checkout) and transformers' GPT-2; a fresh model's loss is about ln(vocab)."""

from __future__ import annotations

import importlib.util
import math
import os
from pathlib import Path

import pytest
import torch

from bench import reference_hf, reference_nanogpt
from gptstudio.engine.config import ModelConfig
from gptstudio.engine.model import GPT

SHAPE = dict(vocab_size=65, block_size=32, n_layer=2, n_head=4, n_embd=64)


def _batch(seed=0):
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, SHAPE["vocab_size"], (4, SHAPE["block_size"] + 1), generator=g)
    return ids[:, :-1].contiguous(), ids[:, 1:].contiguous()


def test_nanogpt_reference_matches_gpt_studio_from_one_seed():
    torch.manual_seed(7)
    reference = reference_nanogpt.NanoGPT(**SHAPE, bias=False)
    torch.manual_seed(7)
    studio = GPT(ModelConfig(**SHAPE, dropout=0.0, bias=False, activation="gelu"))
    assert reference.num_params() == studio.num_params()
    assert reference.lm_head.weight is reference.transformer.wte.weight
    x, y = _batch()
    _, ref_loss = reference(x, y)
    _, studio_loss = studio(x, y)
    # N(0, 0.02) weights: every logit near 0, so the loss of a fresh model is about ln(vocab).
    assert abs(ref_loss.item() - math.log(SHAPE["vocab_size"])) < 0.05
    assert abs(studio_loss.item() - math.log(SHAPE["vocab_size"])) < 0.05
    # The same weights give the same loss: the two compute the same function.
    studio.load_state_dict(reference.state_dict())
    _, studio_loss = studio(x, y)
    torch.testing.assert_close(studio_loss, ref_loss, rtol=1e-5, atol=1e-5)


def test_nanogpt_reference_init_and_optimizer_groups():
    torch.manual_seed(0)
    model = reference_nanogpt.NanoGPT(vocab_size=65, block_size=32, n_layer=4, n_head=4,
                                      n_embd=128, bias=True)
    proj = model.transformer.h[0].attn.c_proj.weight
    fc = model.transformer.h[0].mlp.c_fc.weight
    assert abs(proj.std().item() - 0.02 / math.sqrt(2 * 4)) < 0.002
    assert abs(fc.std().item() - 0.02) < 0.002
    assert model.transformer.h[0].mlp.c_fc.bias.abs().sum() == 0
    optimizer = reference_nanogpt.make_optimizer(model, lr=1e-3)
    decay, no_decay = optimizer.param_groups
    assert decay["weight_decay"] == 0.1 and no_decay["weight_decay"] == 0.0
    assert all(p.dim() >= 2 for p in decay["params"]) and all(p.dim() < 2 for p in no_decay["params"])
    assert decay["betas"] == (0.9, 0.95)
    x, y = _batch()
    before = model.transformer.wte.weight.detach().clone()
    loss = reference_nanogpt.train_step(model, optimizer, x[:, :32], y[:, :32], "bf16")
    assert torch.isfinite(loss) and not torch.equal(before, model.transformer.wte.weight)
    assert all(p.grad is None for p in model.parameters())


@pytest.mark.skipif(not os.environ.get("NANOGPT_DIR"), reason="NANOGPT_DIR: a nanoGPT checkout")
def test_nanogpt_reference_matches_the_original_where_it_is_checked_out():
    spec = importlib.util.spec_from_file_location(
        "nanogpt_model", Path(os.environ["NANOGPT_DIR"]) / "model.py")
    original = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(original)
    config = original.GPTConfig(**SHAPE, dropout=0.0, bias=False)
    torch.manual_seed(3)
    theirs = original.GPT(config)
    torch.manual_seed(3)
    ours = reference_nanogpt.NanoGPT(**SHAPE, bias=False)
    assert sum(p.numel() for p in theirs.parameters()) == ours.num_params()
    # Same seed, same order of initialisation: the very same weights.
    for (name, a), (_, b) in zip(theirs.state_dict().items(), ours.state_dict().items(), strict=True):
        torch.testing.assert_close(a, b, msg=name)
    x, y = _batch(1)
    torch.testing.assert_close(ours(x, y)[1], theirs(x, y)[1], rtol=1e-5, atol=1e-6)


def test_hf_reference_is_gpt2_at_the_same_shape():
    torch.manual_seed(0)
    model = reference_hf.build_gpt2(**SHAPE)
    studio = GPT(ModelConfig(**SHAPE, dropout=0.0, bias=True, activation="gelu_tanh"))
    assert type(model).__name__ == "GPT2LMHeadModel"
    assert reference_hf.num_params(model) == studio.num_params()
    x, y = _batch()
    optimizer = reference_hf.make_optimizer(model, 1e-3)
    loss = reference_hf.train_step(model, optimizer, x, y, "fp32")
    assert abs(loss.item() - math.log(SHAPE["vocab_size"])) < 0.05
    loss_bf16 = reference_hf.train_step(model, optimizer, x, y, "bf16")
    assert torch.isfinite(loss_bf16)
