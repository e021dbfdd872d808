from dataclasses import replace

import pytest
import torch

from gptstudio.engine.config import ModelConfig
from gptstudio.engine.errors import InvalidConfig
from gptstudio.engine.model import GPT

CONFIG = ModelConfig(vocab_size=37, block_size=16, n_layer=2, n_head=2, n_embd=32, dropout=0.0)


def make_model(config=CONFIG, seed=0):
    torch.manual_seed(seed)
    return GPT(config).eval()


def test_param_count_matches_config_arithmetic():
    for bias in (True, False):
        config = ModelConfig(vocab_size=37, block_size=16, n_layer=3, n_head=4, n_embd=32, bias=bias)
        assert GPT(config).num_params() == config.param_count()


def test_head_is_tied_to_token_embedding():
    model = make_model()
    assert model.lm_head.weight.data_ptr() == model.transformer.wte.weight.data_ptr()


@pytest.mark.parametrize("bad", [
    dict(n_embd=30, n_head=4), dict(n_layer=0), dict(block_size=0), dict(vocab_size=0), dict(n_head=0),
])
def test_invalid_config_raises_plain_sentence(bad):
    config = ModelConfig(**{**CONFIG.__dict__, **bad})
    with pytest.raises(InvalidConfig) as info:
        GPT(config)
    assert str(info.value).endswith(".")
    assert "Traceback" not in str(info.value)


def test_embedding_must_be_multiple_of_heads_says_so():
    problems = ModelConfig(n_embd=130, n_head=4).validate()
    assert any("multiple of the number of heads" in p for p in problems)


def test_causal_masking_later_tokens_never_change_earlier_logits():
    model = make_model()
    idx = torch.randint(0, CONFIG.vocab_size, (2, 12))
    changed = idx.clone()
    changed[:, 7:] = (changed[:, 7:] + 5) % CONFIG.vocab_size
    with torch.no_grad():
        a, _ = model(idx)
        b, _ = model(changed)
    torch.testing.assert_close(a[:, :7], b[:, :7], rtol=0, atol=1e-6)
    assert not torch.allclose(a[:, 7:], b[:, 7:])


def test_kv_cache_forward_equals_full_forward():
    model = make_model()
    idx = torch.randint(0, CONFIG.vocab_size, (1, 16))
    with torch.no_grad():
        full, _ = model(idx)
        cache = model.new_cache(1)
        first, _ = model(idx[:, :5], kv_cache=cache)  # prefill
        middle, _ = model(idx[:, 5:9], kv_cache=cache)  # several tokens after a prefix
        singles = [model(idx[:, i:i + 1], kv_cache=cache)[0] for i in range(9, 16)]
    stepped = torch.cat([first, middle, *singles], dim=1)
    torch.testing.assert_close(stepped, full, rtol=1e-5, atol=1e-5)
    assert cache.pos == 16


@pytest.mark.parametrize("shape", [dict(), dict(bias=False), dict(activation="gelu_tanh")],
                         ids=["default", "no-bias", "gpt2-gelu"])
def test_one_token_at_a_time_with_the_cache_equals_the_full_forward(shape):
    """What the sampler runs for every new token (one token, the cache) gives what the whole
    context's forward gives at that position, to the last token of the context, and no further."""
    from dataclasses import replace

    model = GPT(replace(CONFIG, **shape)).eval()
    idx = torch.randint(0, CONFIG.vocab_size, (1, CONFIG.block_size))
    with torch.no_grad():
        full = model(idx)[0][0]  # (T, V)
        cache = model.new_cache(1)
        model(idx[:, :3], kv_cache=cache)
        for i in range(3, CONFIG.block_size):
            one = model(idx[:, i:i + 1], kv_cache=cache, last_only=True)[0][0, -1]
            torch.testing.assert_close(one, full[i], rtol=1e-5, atol=1e-5)
        assert cache.pos == CONFIG.block_size
        with pytest.raises(ValueError, match="exceed the context"):
            model(idx[:, :1], kv_cache=cache)


def test_a_cache_takes_no_more_tokens_than_it_has_room_for():
    model = GPT(CONFIG).eval()
    with torch.no_grad():
        short = model.new_cache(1, length=4)
        model(torch.zeros((1, 4), dtype=torch.long), kv_cache=short)
        with pytest.raises(ValueError, match="exceed the cache's room"):
            model(torch.zeros((1, 1), dtype=torch.long), kv_cache=short)


def test_attention_maps_come_from_the_same_forward_with_or_without_the_cache():
    """forward(attention=...) writes attention out: the same logits as the fused kernel, rows that
    sum to 1 and never look ahead, and with the cache the new tokens' rows of the full maps."""
    model = make_model()
    idx = torch.randint(0, CONFIG.vocab_size, (1, 12))
    with torch.no_grad():
        fused, _ = model(idx)
        maps: list = []
        written, _ = model(idx, attention=maps)
        cache, first, rest = model.new_cache(1), [], []
        model(idx[:, :7], kv_cache=cache, attention=first)
        model(idx[:, 7:], kv_cache=cache, attention=rest)
    torch.testing.assert_close(written, fused, rtol=1e-5, atol=1e-5)
    assert len(maps) == CONFIG.n_layer and maps[0].shape == (1, CONFIG.n_head, 12, 12)
    full = torch.stack(maps)  # (L, 1, nh, T, T)
    torch.testing.assert_close(full.sum(-1), torch.ones_like(full.sum(-1)))
    assert torch.all(full.triu(1) == 0)
    torch.testing.assert_close(torch.stack(rest), full[..., 7:, :], rtol=1e-5, atol=1e-6)


def test_a_hook_on_a_layer_inside_a_block_still_runs():
    """The blocks skip the module call of their plain Linear and LayerNorm layers for speed; a
    layer that someone hooks is called as a module, so its hooks see every pass."""
    model = make_model()
    seen = []
    model.transformer.h[0].attn.c_attn.register_forward_hook(lambda m, args, out: seen.append(out.shape))
    model.transformer.h[1].ln_2.register_forward_pre_hook(lambda m, args: seen.append(args[0].shape))
    with torch.no_grad():
        model(torch.zeros((2, 5), dtype=torch.long))
    assert seen == [(2, 5, 3 * CONFIG.n_embd), (2, 5, CONFIG.n_embd)]


def test_hooks_on_a_block_its_attention_and_feed_forward_still_run():
    """The model calls its plain blocks' forward directly (no nn.Module.__call__) for speed; a
    block, attention or feed-forward that someone hooks, forward or backward, is called as a
    module, so its hooks run."""
    model = make_model()
    seen = []
    model.transformer.h[0].register_forward_hook(lambda m, args, out: seen.append("block"))
    model.transformer.h[1].attn.register_forward_pre_hook(lambda m, args: seen.append("attn"))
    model.transformer.h[1].mlp.register_full_backward_hook(lambda m, g_in, g_out: seen.append("mlp back"))
    idx = torch.zeros((1, 4), dtype=torch.long)
    _, loss = model(idx, targets=idx)
    loss.backward()
    assert seen == ["block", "attn", "mlp back"]


def test_loss_ignores_padding_targets():
    model = make_model()
    idx = torch.randint(0, CONFIG.vocab_size, (2, 8))
    targets = torch.randint(0, CONFIG.vocab_size, (2, 8))
    padded = targets.clone()
    padded[:, 5:] = -1
    with torch.no_grad():
        logits, loss = model(idx, padded)
        expected = torch.nn.functional.cross_entropy(logits[:, :5].reshape(-1, 37), targets[:, :5].reshape(-1))
    torch.testing.assert_close(loss, expected)


def test_initial_loss_is_near_uniform_guess():
    model = make_model()
    idx = torch.randint(0, CONFIG.vocab_size, (8, 16))
    targets = torch.randint(0, CONFIG.vocab_size, (8, 16))
    with torch.no_grad():
        _, loss = model(idx, targets)
    assert abs(loss.item() - torch.log(torch.tensor(37.0)).item()) < 0.3


def test_activation_is_exact_gelu_by_default_and_gpt2_tanh_on_request():
    from gptstudio.engine.config import ModelConfig

    base = ModelConfig(vocab_size=11, block_size=8, n_layer=1, n_head=2, n_embd=16)
    torch.manual_seed(0)
    exact = GPT(base)
    tanh = GPT(replace(base, activation="gelu_tanh"))
    tanh.load_state_dict(exact.state_dict())
    x = torch.randn(3, 8, 16) * 3
    mlp_exact, mlp_tanh = exact.transformer.h[0].mlp, tanh.transformer.h[0].mlp
    with torch.no_grad():
        hidden = mlp_exact.c_fc(x)
        assert torch.equal(mlp_exact(x), mlp_exact.c_proj(torch.nn.functional.gelu(hidden)))
        assert torch.equal(mlp_tanh(x), mlp_tanh.c_proj(torch.nn.functional.gelu(hidden, approximate="tanh")))
        assert not torch.equal(mlp_exact(x), mlp_tanh(x))
    assert replace(base, activation="relu").validate() == ["The activation must be one of gelu, gelu_tanh."]


def test_a_checkpoint_saved_before_the_activation_setting_keeps_gpt2_gelu(tmp_path):
    from gptstudio.engine.checkpoint import model_config

    meta = {"model": {"vocab_size": 11, "block_size": 8, "n_layer": 1, "n_head": 2, "n_embd": 16,
                      "dropout": 0.0, "bias": True}}
    assert model_config(tmp_path, meta).activation == "gelu_tanh"
    meta["model"]["activation"] = "gelu"
    assert model_config(tmp_path, meta).activation == "gelu"


def test_the_residual_stream_is_bf16_under_the_cpus_bf16_autocast_only():
    """Under CPU bf16 autocast the blocks add up in bf16 (no fp32 <-> bf16 casts around every
    LayerNorm); otherwise the stream stays in the weights' dtype. The weights stay fp32."""
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=11, block_size=8, n_layer=2, n_head=2, n_embd=16))
    seen = []
    model.transformer.h[1].register_forward_pre_hook(lambda module, args: seen.append(args[0].dtype))
    idx = torch.randint(0, 11, (2, 8))
    model(idx, idx)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        _, loss = model(idx, idx)
    with torch.autocast("cpu", dtype=torch.float16):
        model(idx, idx)
    assert seen == [torch.float32, torch.bfloat16, torch.float32]
    loss.backward()
    assert all(p.dtype == torch.float32 and p.grad.dtype == torch.float32 for p in model.parameters())
