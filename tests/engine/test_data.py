"""Corpus checks, the two data modes, batches, and the minimum-length errors."""

import numpy as np
import pytest

from gptstudio.engine.data import (
    IGNORE,
    build_dataset,
    check_corpus_text,
    corpus_stats,
    decode_corpus_bytes,
    prompt_ids,
    suggest_mode,
)
from gptstudio.engine.errors import CorpusError, CorpusTooShort, UnknownCharacters
from gptstudio.engine.tokenizers import train_tokenizer

STORY = "Once upon a time there was a small model that wanted to learn to write.\n" * 40
NAMES = "\n".join(["anna", "bob", "carla", "dmitri", "eve", "fatima", "gus", "hana", "ivo", "jin"] * 5)


def test_continuous_batches_are_shifted_windows():
    tok = train_tokenizer("char", STORY)
    ds = build_dataset(STORY, tok, "continuous", block_size=16, val_fraction=0.1)
    x, y = ds.get_batch("train", 8, np.random.default_rng(0))
    assert x.shape == y.shape == (8, 16) and x.dtype == np.int64
    assert (x[:, 1:] == y[:, :-1]).all()
    assert ds.train_tokens + ds.val_tokens == len(STORY)
    assert ds.val_tokens == pytest.approx(0.1 * len(STORY), abs=2)
    # Validation is the tail of the text, contiguous and disjoint from training.
    xv, _ = ds.get_batch("val", 4, np.random.default_rng(0))
    assert tok.decode(xv[0]) in STORY[ds.train_tokens:]


def test_batches_are_reproducible_from_the_rng():
    tok = train_tokenizer("char", STORY)
    ds = build_dataset(STORY, tok, "continuous", 16)
    a = ds.get_batch("train", 4, np.random.default_rng(7))
    b = ds.get_batch("train", 4, np.random.default_rng(7))
    assert all((p == q).all() for p, q in zip(a, b, strict=False))


def test_lines_are_framed_padded_and_padding_is_ignored():
    tok = train_tokenizer("char", NAMES)
    ds = build_dataset(NAMES, tok, "lines", block_size=12, val_fraction=0.2)
    assert ds.train_lines == 40 and ds.val_lines == 10
    x, y = ds.get_batch("train", 16, np.random.default_rng(0))
    assert (x[:, 0] == tok.sos_id).all()
    for row_x, row_y in zip(x, y, strict=True):
        n = int((row_y != IGNORE).sum())  # the line's characters plus <eos>
        assert row_y[n - 1] == tok.eos_id
        assert (row_y[n:] == IGNORE).all() and (row_x[n + 1:] == tok.pad_id).all()
        assert tok.decode(row_x[1:n]) in NAMES.split("\n")
    assert x.shape[1] <= 12


def test_too_short_corpus_says_the_minimum():
    tok = train_tokenizer("char", "short text")
    with pytest.raises(CorpusTooShort) as caught:
        build_dataset("short text", tok, "continuous", block_size=64)
    assert caught.value.minimum == 660
    assert "660" in str(caught.value)
    with pytest.raises(CorpusTooShort) as caught:
        build_dataset("a\nb\nc", tok, "lines", block_size=8)
    assert caught.value.minimum == 10 and "10" in str(caught.value)


def test_suggested_mode():
    assert suggest_mode(NAMES) == "lines"
    assert suggest_mode("\n".join(f"{a}+{a}={2 * a}" for a in range(50))) == "lines"
    assert suggest_mode(STORY.replace("\n", " ") * 3) == "continuous"
    assert suggest_mode(("A long paragraph of prose " * 20 + "\n\n") * 10) == "continuous"


@pytest.mark.parametrize("text", ["", "   \n\n\t "])
def test_empty_corpus_is_refused(text):
    with pytest.raises(CorpusError):
        check_corpus_text(text)


@pytest.mark.parametrize("raw", [
    b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04\x14\x00", b"abc\x00\x00\x01\x02def",
    bytes(range(256)) * 4,
])
def test_binary_files_are_refused(raw):
    with pytest.raises(CorpusError, match="not"):
        decode_corpus_bytes(raw)


def test_text_encodings_are_read():
    assert decode_corpus_bytes("héllo 你好\r\nworld".encode()) == "héllo 你好\nworld"
    assert decode_corpus_bytes("\ufeffhéllo".encode()) == "héllo"
    assert decode_corpus_bytes("héllo 你好".encode("utf-16")) == "héllo 你好"
    assert decode_corpus_bytes("café naïve".encode("cp1252")) == "café naïve"


def test_prompt_ids():
    tok = train_tokenizer("char", NAMES)
    assert prompt_ids(tok, "lines", "an") == [tok.sos_id, *tok.encode("an")]
    assert prompt_ids(tok, "lines", "") == [tok.sos_id]
    assert prompt_ids(tok, "continuous", "") == tok.encode("\n")
    with pytest.raises(UnknownCharacters, match="'Z'"):
        prompt_ids(tok, "continuous", "Zoe")


def test_corpus_stats():
    stats = corpus_stats("one two\nthree\n")
    assert (stats.characters, stats.words, stats.lines, stats.distinct_characters) == (14, 3, 2, 9)
