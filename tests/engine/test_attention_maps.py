from dataclasses import replace

import pytest
import torch

from gptstudio.engine.attention_maps import attention_maps, forward_with_attention, prompt_tokens
from gptstudio.engine.config import ModelConfig
from gptstudio.engine.errors import UnknownCharacters
from gptstudio.engine.model import GPT
from gptstudio.engine.tokenizers import train_tokenizer

CONFIG = ModelConfig(vocab_size=23, block_size=16, n_layer=2, n_head=2, n_embd=16, dropout=0.0)


def make_model(config=CONFIG, seed=0):
    """A model with large random weights: attention far from uniform, so a wrong map shows."""
    torch.manual_seed(seed)
    model = GPT(config).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0.0, 0.5)
    return model


IDS = [3, 7, 1, 12, 22, 5, 5, 9, 0, 17]


@pytest.mark.parametrize("config", [
    CONFIG,
    replace(CONFIG, bias=False),
    replace(CONFIG, activation="gelu_tanh"),
    replace(CONFIG, n_layer=3, n_head=4),
], ids=["bias", "no-bias", "gelu-tanh", "3-layers-4-heads"])
def test_rewritten_forward_gives_the_models_own_logits(config):
    model = make_model(config)
    logits, maps = forward_with_attention(model, IDS)
    expected = model(torch.tensor([IDS]))[0][0]
    assert logits.shape == expected.shape == (len(IDS), config.vocab_size)
    torch.testing.assert_close(logits, expected, atol=1e-5, rtol=1e-5)
    assert maps.shape == (config.n_layer, config.n_head, len(IDS), len(IDS))


def test_each_row_of_attention_sums_to_one():
    maps = attention_maps(make_model(), IDS)
    torch.testing.assert_close(maps.sum(-1), torch.ones(2, 2, len(IDS)))
    assert (maps >= 0).all()


def test_no_token_attends_to_a_later_one():
    maps = attention_maps(make_model(), IDS)
    assert torch.equal(maps.triu(1), torch.zeros_like(maps))
    assert torch.equal(maps[..., 0, 0], torch.ones(2, 2))  # the first token can only see itself


def test_maps_are_not_uniform_for_a_trained_like_model():
    maps = attention_maps(make_model(), IDS)
    uniform = torch.tril(torch.ones(len(IDS), len(IDS)))
    uniform = uniform / uniform.sum(-1, keepdim=True)
    assert not torch.allclose(maps[0, 0], uniform, atol=1e-2)


def test_maps_of_a_prefix_equal_the_first_rows():
    # Causality seen another way: later tokens change nothing about earlier rows.
    model = make_model()
    full, prefix = attention_maps(model, IDS), attention_maps(model, IDS[:4])
    torch.testing.assert_close(full[..., :4, :4], prefix)


def test_full_context_works_and_longer_is_refused():
    model = make_model()
    assert attention_maps(model, list(range(16))).shape == (2, 2, 16, 16)
    with pytest.raises(ValueError):
        attention_maps(model, list(range(17)))
    with pytest.raises(ValueError):
        attention_maps(model, [])


def test_training_mode_model_gives_dropout_free_maps():
    config = replace(CONFIG, dropout=0.5)
    model = make_model(config)
    eval_maps = attention_maps(model, IDS)
    model.train()
    torch.testing.assert_close(attention_maps(model, IDS), eval_maps)


# ---------------------------------------------------------------------------------------------------
# Prompt -> tokens


def test_prompt_tokens_in_lines_mode_start_with_the_start_token():
    tok = train_tokenizer("char", "anna\nbob\n")
    tokens = prompt_tokens(tok, "lines", "bob", block_size=16)
    assert tokens.ids == (tok.sos_id, *tok.encode("bob"))
    assert tokens.texts == ("<sos>", "b", "o", "b")
    assert tokens.clipped == 0


def test_prompt_tokens_keep_the_last_block_size_tokens():
    tok = train_tokenizer("char", "abcdefghij ")
    tokens = prompt_tokens(tok, "continuous", "abcdefghij", block_size=4)
    assert "".join(tokens.texts) == "ghij"
    assert tokens.ids == tuple(tok.encode("ghij"))
    assert tokens.clipped == 6


def test_prompt_tokens_name_unknown_characters():
    tok = train_tokenizer("char", "abc")
    with pytest.raises(UnknownCharacters, match="never seen"):
        prompt_tokens(tok, "continuous", "abz", block_size=16)
