"""Token spans cover the text exactly and read as the tokens; counts match each tokenizer."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gptstudio.engine.errors import UnknownCharacters
from gptstudio.engine.token_spans import (
    preview_tokens,
    sample_of,
    token_counts,
    token_spans,
)
from gptstudio.engine.tokenizers import train_tokenizer

MIXED = "Hello, wörld! Ça va? 你好，世界。 😀👍🏽 naïve café\n\n\ttabs  and  spaces <eos> end"
KINDS = ["char", "word", "bpe"]


def assert_spans_read_as_tokens(tokenizer, text):
    ids = tokenizer.encode(text)
    spans = token_spans(tokenizer, text)
    assert len(spans) == len(ids)
    # Contiguous, in order, from the first character to the last: the text exactly.
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    assert starts == [0, *ends[:-1]][: len(starts)]
    assert (ends[-1] if ends else 0) == len(text)
    for (start, end), token_id in zip(spans, ids, strict=True):
        shown = tokenizer.token_text(token_id)
        if "\ufffd" not in shown and shown != "<unk>":  # a whole token reads as its characters
            assert text[start:end] == shown
    return spans


@pytest.mark.parametrize("kind", KINDS)
def test_spans_of_the_training_text_read_as_its_tokens(kind):
    tokenizer = train_tokenizer(kind, MIXED, bpe_vocab_size=300)
    assert_spans_read_as_tokens(tokenizer, MIXED)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_bpe_spans_cover_any_text(text):
    tokenizer = train_tokenizer("bpe", MIXED, bpe_vocab_size=300)
    assert_spans_read_as_tokens(tokenizer, text)


def test_a_character_split_across_bpe_tokens_goes_to_the_token_with_its_first_byte():
    tokenizer = train_tokenizer("bpe", "plain ascii only", bpe_vocab_size=260)
    text = "aé你"  # 1 + 2 + 3 bytes, none merged: six byte tokens
    assert len(tokenizer.encode(text)) == 6
    assert token_spans(tokenizer, text) == [(0, 1), (1, 2), (2, 2), (2, 3), (3, 3), (3, 3)]


def test_word_spans_follow_unknown_words_and_unknown_whitespace_runs():
    tokenizer = train_tokenizer("word", "the cat sat")
    text = "the dog  sat"  # "dog" is <unk>; the double space is two single-space tokens
    spans = assert_spans_read_as_tokens(tokenizer, text)
    assert [text[s:e] for s, e in spans] == ["the", " ", "dog", " ", " ", "sat"]


def test_char_spans_refuse_a_character_the_tokenizer_lacks():
    tokenizer = train_tokenizer("char", "abc")
    assert token_spans(tokenizer, "cab") == [(0, 1), (1, 2), (2, 3)]
    with pytest.raises(UnknownCharacters):
        token_spans(tokenizer, "abz")


def test_counts_equal_the_length_of_each_encoding(tiny_corpus):
    counts = token_counts(tiny_corpus, bpe_vocab_size=300)
    assert not counts.is_sample
    for kind in KINDS:
        tokenizer = train_tokenizer(kind, tiny_corpus, bpe_vocab_size=300)
        assert counts.counts[kind] == (len(tokenizer.encode(tiny_corpus)), tokenizer.vocab_size)
    assert counts.counts["char"][0] == len(tiny_corpus)
    assert counts.counts["word"][0] < counts.counts["bpe"][0] < counts.counts["char"][0]


def test_a_long_corpus_is_counted_on_a_sample_that_ends_at_a_line(tiny_corpus):
    text = tiny_corpus * 20
    counts = token_counts(text, bpe_vocab_size=300, sample_characters=1000, kinds=("char",))
    assert counts.is_sample and counts.total_characters == len(text)
    assert counts.counts == {"char": (counts.sample_characters, len(set(text)) + 3)}
    sample = sample_of(text, 1000)
    assert counts.sample_characters == len(sample) <= 1000 and sample.endswith("\n")
    assert sample_of("no line end at all " * 100, 500) == ("no line end at all " * 100)[:500]


def test_preview_uses_the_given_tokenizer_or_makes_one(tiny_corpus):
    tokenizer = train_tokenizer("word", tiny_corpus)
    preview = preview_tokens(tiny_corpus, "word", tokenizer=tokenizer, limit=100)
    assert preview.text == tiny_corpus[:100] and preview.note == ""
    assert list(preview.ids) == tokenizer.encode(preview.text)
    assert list(preview.spans) == token_spans(tokenizer, preview.text)

    made = preview_tokens(tiny_corpus, "bpe", bpe_vocab_size=300, limit=100)
    assert made.kind == "bpe" and made.vocab_size == 300 and made.note == ""

    stale = train_tokenizer("char", "To be")  # the corpus gained characters since
    fallback = preview_tokens(tiny_corpus, "char", tokenizer=stale, limit=100)
    assert "changed" in fallback.note and fallback.vocab_size == len(set(tiny_corpus)) + 3
    assert preview_tokens("", "char").spans == ()
