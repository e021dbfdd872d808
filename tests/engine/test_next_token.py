import pytest
import torch

from gptstudio.engine.config import ModelConfig, SampleConfig
from gptstudio.engine.errors import UnknownCharacters
from gptstudio.engine.model import GPT
from gptstudio.engine.next_token import NextTokenExplorer, choices_from_logits, next_token_table
from gptstudio.engine.sampling import TextGenerator, next_token_distribution
from gptstudio.engine.tokenizers import train_tokenizer

TEXT = "emma\nolivia\nava\nisabella\nsophia\nmia\namelia\n"


def make_generator(mode="lines", seed=0):
    torch.manual_seed(seed)
    tokenizer = train_tokenizer("char", TEXT)
    model = GPT(ModelConfig(vocab_size=tokenizer.vocab_size, block_size=16, n_layer=1, n_head=2,
                            n_embd=16, dropout=0.0))
    return TextGenerator(model, tokenizer, mode, torch.device("cpu"))


def reference_logits(gen, prompt):
    """The model's logits for the token after `prompt`, computed here without the engine's helpers."""
    tok = gen.tokenizer
    ids = ([tok.sos_id] if gen.mode == "lines" else []) + tok.encode(prompt)
    with torch.no_grad():
        logits, _ = gen.model(torch.tensor([ids[-16:]]))
    logits = logits[0, -1].float().clone()  # (V,)
    logits[gen._banned] = float("-inf")
    return logits


def reference_probs(logits, temperature, top_k=0, top_p=1.0):
    """softmax(filtered logits / temperature), written out step by step."""
    scaled = logits / temperature
    if top_k:
        kth = torch.sort(scaled, descending=True).values[top_k - 1]
        scaled = torch.where(scaled < kth, torch.tensor(float("-inf")), scaled)
    if top_p < 1.0:
        values, order = torch.sort(scaled, descending=True)
        before = torch.cumsum(torch.softmax(values, -1), -1) - torch.softmax(values, -1)
        for drop, index in zip(before >= top_p, order, strict=True):
            if drop:
                scaled[index] = float("-inf")
    return torch.softmax(scaled, -1), scaled == float("-inf")


@pytest.mark.parametrize(("temperature", "top_k", "top_p"),
                         [(1.0, 0, 1.0), (0.7, 5, 1.0), (1.3, 0, 0.6), (0.5, 4, 0.8)])
def test_probabilities_are_the_softmax_of_the_filtered_logits(temperature, top_k, top_p):
    gen = make_generator()
    config = SampleConfig(temperature=temperature, top_k=top_k, top_p=top_p)
    rows = next_token_table(gen, "em", config, top=None)
    logits = reference_logits(gen, "em")
    expected, cut = reference_probs(logits.clone(), temperature, top_k, top_p)
    raw = torch.softmax(logits, -1)
    for row in rows:
        assert row.prob == pytest.approx(float(expected[row.token_id]), abs=1e-6)
        assert row.raw_prob == pytest.approx(float(raw[row.token_id]), abs=1e-6)
        assert row.excluded == bool(cut[row.token_id])
        assert row.text == gen.tokenizer.token_text(row.token_id)
    assert sum(row.raw_prob for row in rows) == pytest.approx(1.0, abs=1e-5)
    assert sum(row.prob for row in rows) == pytest.approx(1.0, abs=1e-5)


def test_probabilities_equal_what_generation_samples_from():
    gen = make_generator()
    config = SampleConfig(temperature=0.9, top_k=6, top_p=0.9, min_p=0.05)
    with torch.no_grad():
        logits = gen._forward([[gen.tokenizer.sos_id, *gen.tokenizer.encode("ol")]], None)[0]  # (V,)
    logits[gen._banned] = float("-inf")  # as TextGenerator._draw does
    expected = next_token_distribution(logits, config)
    for row in NextTokenExplorer(gen).table("ol", config, top=None):
        assert row.prob == float(expected[row.token_id])
        assert row.excluded == (row.prob == 0.0)


def test_top_k_excludes_all_but_the_k_likeliest():
    gen = make_generator()
    rows = next_token_table(gen, "a", SampleConfig(temperature=1.0, top_k=3), top=None)
    assert [row.excluded for row in rows] == [False] * 3 + [True] * (len(rows) - 3)
    assert rows == sorted(rows, key=lambda row: -row.raw_prob)


def test_temperature_zero_puts_all_probability_on_the_likeliest_token():
    gen = make_generator()
    rows = next_token_table(gen, "mi", SampleConfig(temperature=0.0), top=None)
    assert rows[0].prob == 1.0 and not rows[0].excluded
    assert all(row.prob == 0.0 and row.excluded for row in rows[1:])


def test_banned_tokens_are_left_out_and_top_limits_the_rows():
    gen = make_generator()
    rows = next_token_table(gen, "", SampleConfig(), top=None)
    ids = {row.token_id for row in rows}
    assert not ids & set(gen._banned)
    assert len(ids) == gen.tokenizer.vocab_size - len(gen._banned)
    assert len(next_token_table(gen, "", SampleConfig(), top=5)) == 5


def test_the_model_runs_once_per_prompt_not_once_per_setting():
    explorer = NextTokenExplorer(make_generator())
    for k in (0, 1, 2, 5):
        for t in (0.0, 0.5, 1.5):
            explorer.table("emm", SampleConfig(temperature=t, top_k=k))
    assert explorer.forward_passes == 1
    explorer.table("emma", SampleConfig())
    assert explorer.forward_passes == 2


def test_a_long_prompt_is_clipped_to_the_context():
    gen = make_generator(mode="continuous")
    prompt = "isabella\nsophia\namelia\nolivia"  # 29 characters, context 16
    rows = next_token_table(gen, prompt, SampleConfig(temperature=1.0), top=None)
    with torch.no_grad():
        logits, _ = gen.model(torch.tensor([gen.tokenizer.encode(prompt)[-16:]]))
    logits = logits[0, -1].clone()
    logits[gen._banned] = float("-inf")
    raw = torch.softmax(logits, -1)
    for row in rows:
        assert row.raw_prob == pytest.approx(float(raw[row.token_id]), abs=1e-6)


def test_unknown_characters_raise_the_engine_sentence():
    with pytest.raises(UnknownCharacters, match="never seen"):
        next_token_table(make_generator(), "emma!", SampleConfig())


def test_choices_from_logits_on_a_hand_made_vector():
    logits = torch.tensor([2.0, 1.0, 0.0, -1.0])
    rows = choices_from_logits(logits, SampleConfig(temperature=1.0, top_p=0.7), str, banned=[3])
    assert [row.token_id for row in rows] == [0, 1, 2]
    expected = torch.softmax(torch.tensor([2.0, 1.0]), -1)
    assert [row.excluded for row in rows] == [False, False, True]
    assert rows[0].prob == pytest.approx(float(expected[0]))
    assert rows[2].raw_prob == pytest.approx(float(torch.softmax(logits[:3], -1)[2]))
