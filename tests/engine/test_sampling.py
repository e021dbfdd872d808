import math
from dataclasses import replace

import pytest
import torch

from gptstudio.engine.config import ModelConfig, SampleConfig
from gptstudio.engine.errors import EngineError, InvalidConfig, UnknownCharacters
from gptstudio.engine.model import GPT
from gptstudio.engine.sampling import (
    TextGenerator,
    apply_repetition_penalty,
    draw,
    min_p_filter,
    next_token_distribution,
    top_k_filter,
    top_p_filter,
)

LOGITS = torch.log(torch.tensor([0.05, 0.4, 0.1, 0.3, 0.15]))  # probabilities, as logits


def kept(logits):
    return [i for i, v in enumerate(logits.tolist()) if v != -math.inf]


def test_top_k_keeps_the_k_likeliest():
    assert kept(top_k_filter(LOGITS, 2)) == [1, 3]
    assert kept(top_k_filter(LOGITS, 0)) == [0, 1, 2, 3, 4]  # 0 = off


def test_top_p_keeps_smallest_set_reaching_p():
    # sorted: 0.4 (1), 0.3 (3), 0.15 (4), 0.1 (2), 0.05 (0)
    assert kept(top_p_filter(LOGITS, 0.4)) == [1]
    assert kept(top_p_filter(LOGITS, 0.5)) == [1, 3]
    assert kept(top_p_filter(LOGITS, 0.7)) == [1, 3]
    assert kept(top_p_filter(LOGITS, 0.71)) == [1, 3, 4]
    assert kept(top_p_filter(LOGITS, 1.0)) == [0, 1, 2, 3, 4]
    assert kept(top_p_filter(LOGITS, 1e-9)) == [1]  # the best token always stays


def test_min_p_relative_to_best():
    assert kept(min_p_filter(LOGITS, 0.5)) == [1, 3]  # >= 0.2
    assert kept(min_p_filter(LOGITS, 0.3)) == [1, 3, 4]  # >= 0.12


def test_distribution_renormalises_after_filters():
    probs = next_token_distribution(LOGITS, SampleConfig(temperature=1.0, top_k=2))
    torch.testing.assert_close(probs, torch.tensor([0, 0.4 / 0.7, 0, 0.3 / 0.7, 0]))


def test_temperature_zero_is_greedy_and_temperature_flattens():
    greedy = next_token_distribution(LOGITS, SampleConfig(temperature=0))
    assert greedy.tolist() == [0, 1, 0, 0, 0]
    hot = next_token_distribution(LOGITS, SampleConfig(temperature=2.0))
    cold = next_token_distribution(LOGITS, SampleConfig(temperature=0.5))
    assert hot.max() < 0.4 < cold.max()


def test_repetition_penalty_lowers_seen_tokens_either_sign():
    logits = torch.tensor([2.0, -1.0, 0.5])
    out = apply_repetition_penalty(logits, torch.tensor([0, 1, 1]), 2.0)
    assert out.tolist() == [1.0, -2.0, 0.5]


def test_draw_follows_the_probabilities_and_never_takes_a_filtered_token():
    probs = torch.tensor([0.5, 0.0, 0.2, 0.3, 0.0])  # 1 and 4 filtered out
    generator = torch.Generator().manual_seed(0)
    counts = torch.bincount(torch.tensor([draw(probs, generator) for _ in range(20_000)]),
                            minlength=5)
    assert counts[1] == counts[4] == 0
    # 20,000 draws: each share within 1.5 points (about 5 standard deviations) of its probability
    assert torch.allclose(counts.double() / 20_000, probs.double(), atol=0.015)
    # Unnormalised weights, as the filters may leave them, draw the same way.
    assert draw(probs * 7, torch.Generator().manual_seed(3)) == draw(probs, torch.Generator().manual_seed(3))


def test_draw_at_the_very_top_of_the_range_takes_the_last_token_that_can_be_drawn(monkeypatch):
    """A uniform number just under 1 times the sum may round up to the whole sum."""
    monkeypatch.setattr(torch, "rand", lambda *a, **k: torch.tensor(1.0, dtype=torch.float64))
    assert draw(torch.tensor([0.25, 0.75, 0.0, 0.0])) == 1


@pytest.mark.parametrize("probs", [[0.5, float("nan"), 0.5], [0.0, 0.0, 0.0], [float("inf"), 0.0, 1.0]])
def test_draw_from_broken_probabilities_is_a_sentence(probs):
    """torch.multinomial raised on them; a quiet draw would write nonsense with no word said."""
    with pytest.raises(EngineError, match="no usable probabilities"):
        draw(torch.tensor(probs))


def test_draw_at_gpt2_width_follows_the_probabilities():
    logits = torch.randn(50_257, generator=torch.Generator().manual_seed(1)) * 3
    probs = torch.softmax(logits, -1)
    generator = torch.Generator().manual_seed(2)
    drawn = torch.tensor([draw(probs, generator) for _ in range(4_000)])
    top = torch.topk(probs, 20).indices
    # The share of draws that land on the 20 likeliest tokens matches their probability mass.
    assert abs(torch.isin(drawn, top).double().mean() - probs[top].sum()) < 0.03


def test_invalid_sample_settings_are_sentences():
    problems = SampleConfig(temperature=-1, top_p=0, max_new_tokens=0).validate()
    assert len(problems) == 3 and all(p.endswith(".") for p in problems)


# -- the generator, with a real (tiny, untrained) model ---------------------------------------------

@pytest.fixture
def generator():
    from gptstudio.engine.tokenizers import train_tokenizer

    tokenizer = train_tokenizer("char", "abcdefgh ij\n")
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=tokenizer.vocab_size, block_size=16, n_layer=2, n_head=2, n_embd=32))
    return TextGenerator(model, tokenizer, "continuous", torch.device("cpu"))


def test_greedy_with_kv_cache_equals_without(generator):
    config = SampleConfig(temperature=0, max_new_tokens=12)  # prompt + 12 stays within the context
    assert generator.generate_ids("abc", config, use_cache=True) == \
        generator.generate_ids("abc", config, use_cache=False)


def test_sampling_with_kv_cache_equals_without_for_same_seed(generator):
    config = SampleConfig(temperature=1.0, top_k=5, max_new_tokens=12, seed=3)
    assert generator.generate_ids("ab", config, use_cache=True) == \
        generator.generate_ids("ab", config, use_cache=False)


def test_generation_runs_past_the_context(generator):
    texts = generator.generate("a", SampleConfig(max_new_tokens=60, seed=1))
    assert len(texts[0]) == 60


def test_long_prompt_keeps_its_last_block(generator):
    events = list(generator.stream("abcdefgh" * 10, SampleConfig(max_new_tokens=3, seed=1)))
    assert len(events) == 3


def test_stream_reports_probabilities_and_alternatives(generator):
    events = list(generator.stream("abc", SampleConfig(max_new_tokens=5, seed=2, num_samples=2)))
    assert [e.sample_index for e in events] == [0] * 5 + [1] * 5
    assert [e.finished for e in events].count(True) == 2
    for e in events:
        assert 0 < e.prob <= 1
        assert len(e.alternatives) == 5
        assert e.alternatives[0][1] >= e.alternatives[-1][1]


def test_seed_makes_samples_repeatable(generator):
    config = SampleConfig(temperature=1.0, max_new_tokens=20, seed=7)
    assert generator.generate("a", config) == generator.generate("a", config)


def test_stop_string_ends_the_sample(generator):
    config = SampleConfig(temperature=1.0, max_new_tokens=200, seed=4, stop=("a",))
    text = generator.generate("b", config)[0]
    assert "a" not in text and len(text) < 200


def test_unknown_prompt_characters_are_named(generator):
    with pytest.raises(UnknownCharacters) as info:
        list(generator.stream("abZ€", SampleConfig(max_new_tokens=3)))
    assert "'Z'" in str(info.value) and "'€'" in str(info.value)


def test_bad_settings_raise_before_generating(generator):
    with pytest.raises(InvalidConfig):
        list(generator.stream("a", SampleConfig(temperature=-0.5)))


# -- every setting at and past its edge -------------------------------------------------------------

@pytest.mark.parametrize("settings, reason", [
    ({"temperature": -0.1}, "The temperature must be between 0 and 10"),
    ({"temperature": 10.5}, "The temperature must be between 0 and 10"),
    ({"top_k": -1}, "Top-k must be between 0 and"),
    ({"top_p": 0.0}, "Top-p must be between 0.01 and 1"),
    ({"top_p": 1.5}, "Top-p must be between 0.01 and 1"),
    ({"min_p": 1.0}, "Min-p must be between 0 and 0.99"),
    ({"repetition_penalty": 0.0}, "The repetition penalty must be between 0.5 and 10"),
    ({"repetition_penalty": -2.0}, "The repetition penalty must be between 0.5 and 10"),
    ({"max_new_tokens": 0}, "The number of new tokens must be between 1 and 100,000"),
    ({"max_new_tokens": 10**9}, "The number of new tokens must be between 1 and 100,000"),
    ({"num_samples": 0}, "The number of samples must be between 1 and 100"),
])
def test_each_bad_setting_is_refused_with_its_reason_before_a_token(generator, settings, reason):
    events = generator.stream("ab", SampleConfig(**settings))
    with pytest.raises(InvalidConfig) as caught:
        next(events)
    assert len(caught.value.problems) == 1 and str(caught.value).startswith(reason)


def test_off_values_and_edges_that_are_valid(generator):
    greedy = generator.generate_ids("ab", SampleConfig(temperature=0, max_new_tokens=10))
    # Temperature 0 is greedy: the same text every time, with no seed at all.
    assert generator.generate_ids("ab", SampleConfig(temperature=0, max_new_tokens=10)) == greedy
    # top-k 1 and a tiny top-p keep only the likeliest token: greedy, whatever the temperature.
    assert generator.generate_ids("ab", SampleConfig(temperature=3, top_k=1, max_new_tokens=10,
                                                     seed=5)) == greedy
    assert generator.generate_ids("ab", SampleConfig(temperature=3, top_p=0.01, max_new_tokens=10,
                                                     seed=5)) == greedy
    # top-k 0 is off, and so is a top-k past the vocabulary.
    wide = SampleConfig(temperature=1, max_new_tokens=10, seed=5)
    assert generator.generate_ids("ab", replace(wide, top_k=10_000)) == \
        generator.generate_ids("ab", replace(wide, top_k=0))
    one = generator.generate_ids("ab", SampleConfig(max_new_tokens=1, num_samples=3, seed=1))
    assert [len(ids) for ids in one] == [1, 1, 1]


def test_unknown_invisible_characters_are_named_in_words():
    message = str(UnknownCharacters([" ", "\n", "Z", "\t"]))
    assert "never seen: space, new line, 'Z', tab." in message


# -- several samples side by side -----------------------------------------------------------------


class CountingModel(torch.nn.Module):
    """A real GPT whose forward passes are counted, with each pass's batch size."""

    def __init__(self, model):
        super().__init__()
        self.inner, self.config, self.batches, self.cache_lengths = model, model.config, [], []

    def forward(self, idx, **kw):
        self.batches.append(idx.shape[0])
        return self.inner(idx, **kw)

    def new_cache(self, batch=1, length=None):
        self.cache_lengths.append(length)
        return self.inner.new_cache(batch, length)


def test_samples_are_written_side_by_side_one_pass_per_token_for_all(generator):
    counting = CountingModel(generator.model)
    side_by_side = TextGenerator(counting, generator.tokenizer, "continuous", torch.device("cpu"))
    events = list(side_by_side.stream("ab", SampleConfig(max_new_tokens=6, num_samples=4, seed=1)))
    assert len(events) == 24
    assert counting.batches == [1] + [4] * 5  # the prompt once, then every sample's next token at once


def test_side_by_side_samples_come_in_order_and_each_is_what_the_model_gives(generator):
    """Events arrive one sample after another, and every token's probability is what the model,
    run on that sample's own text from scratch, gives it: the rows never mix up, even as samples
    end at different times (a stop string) and leave the batch."""
    config = SampleConfig(temperature=1.0, max_new_tokens=10, num_samples=5, seed=11, stop=("e",))
    events = list(generator.stream("ab", config))
    from gptstudio.engine.data import prompt_ids

    order = [e.sample_index for e in events]
    assert order == sorted(order) and set(order) == set(range(5))
    lengths = {i: order.count(i) for i in range(5)}
    assert len(set(lengths.values())) > 1  # the stop string ended some samples early
    for i in range(5):
        own = [e for e in events if e.sample_index == i]
        assert [e.index for e in own] == list(range(len(own)))
        assert [e.finished for e in own] == [False] * (len(own) - 1) + [True]
        ids = prompt_ids(generator.tokenizer, "continuous", "ab")
        for e in own:
            with torch.no_grad():
                logits = generator._forward([ids], None)[0]
            logits[generator._banned] = float("-inf")
            expected = next_token_distribution(logits, config)[e.token_id]
            assert e.prob == pytest.approx(float(expected), rel=1e-4)
            ids.append(e.token_id)


def test_greedy_samples_side_by_side_all_equal_the_one_sample(generator):
    one = generator.generate_ids("abc", SampleConfig(temperature=0, max_new_tokens=30))
    four = generator.generate_ids("abc", SampleConfig(temperature=0, max_new_tokens=30, num_samples=4))
    assert four == one * 4


def test_stop_while_writing_side_by_side_keeps_what_every_sample_wrote(generator):
    """Stop ends every sample at its next token; all of them are shown, in order, each with what
    it had written (the later ones were written alongside the first, not after it)."""
    from gptstudio.engine.control import RunControl

    control = RunControl()
    events = []
    for event in generator.stream("ab", SampleConfig(max_new_tokens=50, num_samples=4, seed=2), control):
        events.append(event)
        if len(events) == 3:
            control.stop()
    assert [e.sample_index for e in events] == [0] * 4 + [1] * 4 + [2] * 4 + [3] * 4
    assert [e.finished for e in events] == ([False] * 3 + [True]) * 4


def test_fewer_samples_side_by_side_where_their_caches_would_be_too_large():
    from gptstudio.engine import sampling
    from gptstudio.engine.tokenizers import train_tokenizer

    tokenizer = train_tokenizer("char", "abc")
    config = ModelConfig(vocab_size=tokenizer.vocab_size, block_size=4096, n_layer=12, n_head=2, n_embd=256)
    generator = TextGenerator(GPT(config), tokenizer, "continuous", torch.device("cpu"))
    row = 2 * 12 * 4096 * 256 * 4  # keys and values of every layer and position, fp32
    assert generator.batch_rows() == min(sampling.MAX_ROWS, sampling.KV_CACHE_BUDGET // row)
    assert generator.batch_rows() < sampling.MAX_ROWS
    # A short text needs no cache of the whole context: all eight fit side by side.
    assert generator.batch_rows(length=200) == sampling.MAX_ROWS


def test_a_short_text_gets_a_cache_as_long_as_it_will_be(generator):
    counting = CountingModel(generator.model)
    side_by_side = TextGenerator(counting, generator.tokenizer, "continuous", torch.device("cpu"))
    list(side_by_side.stream("ab", SampleConfig(max_new_tokens=6, num_samples=2, seed=1)))
    list(side_by_side.stream("ab", SampleConfig(max_new_tokens=60, seed=1)))  # past the context: slides
    assert counting.cache_lengths == [2 + 6, generator.model_config.block_size]


def test_a_seeded_sample_is_the_same_however_many_samples_are_asked_for(generator):
    """Each sample draws from its own generator (seed + its number): the first of three is the
    text one sample gives, and every sample's text is its own, whatever the others do."""
    config = SampleConfig(temperature=1.0, max_new_tokens=25, seed=42)
    one = generator.generate_ids("ab", config)
    three = generator.generate_ids("ab", replace(config, num_samples=3))
    eleven = generator.generate_ids("ab", replace(config, num_samples=11))  # two batches: 8 + 3
    assert three[0] == one[0] and eleven[:3] == three
    assert len({tuple(ids) for ids in eleven}) > 1


def test_stop_as_the_shown_sample_ends_ends_the_others_at_their_next_token(generator):
    from gptstudio.engine.control import RunControl

    # A seed and a stop character that end sample 0 at token `end` while samples 1 and 2 go on.
    for seed in range(100):
        free = generator.generate("ab", SampleConfig(max_new_tokens=12, num_samples=3, seed=seed))
        for end, character in enumerate(free[0][:6]):
            if character not in free[0][:end] and character not in free[1][:end + 2] + free[2][:end + 2]:
                break
        else:
            continue
        break
    control = RunControl()
    events = []
    config = SampleConfig(max_new_tokens=12, num_samples=3, seed=seed, stop=(character,))
    for event in generator.stream("ab", config, control):
        events.append(event)
        if event.finished:
            control.stop()
    lengths = [sum(e.sample_index == i for e in events) for i in range(3)]
    assert lengths == [end + 1, end + 2, end + 2]  # stopped as sample 0 ended: one more token each
    assert [e.sample_index for e in events] == sorted(e.sample_index for e in events)
    assert [e.finished for e in events].count(True) == 3
