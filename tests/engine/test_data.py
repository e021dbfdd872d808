"""Corpus checks, the two data modes, batches, and the minimum-length errors."""

import time

import numpy as np
import pytest

from gptstudio.engine.data import (
    IGNORE,
    MAX_CORPUS_BYTES,
    build_dataset,
    check_corpus_text,
    corpus_stats,
    decode_corpus_bytes,
    drop_unknown,
    encode_array,
    prompt_ids,
    read_corpus_file,
    suggest_mode,
    variety_problem,
)
from gptstudio.engine.errors import CorpusError, CorpusTooBig, CorpusTooShort, UnknownCharacters
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


def test_words_are_counted_as_a_reader_counts_them_in_chinese_too():
    from gptstudio.engine.data import count_words

    assert count_words("one two\nthree, four.") == 4
    assert count_words("我的朋友记住了一首诗。") == 10  # one word per character, 。 goes with the last
    assert count_words("GPT 学习了「代码」！OK") == 1 + 5 + 1
    assert count_words("") == 0



# -- big files, odd files --------------------------------------------------------------------------

def sparse_file(path, size):
    """A file of `size` bytes that takes no disk space (and would take the memory if it were read)."""
    with open(path, "wb") as file:
        file.truncate(size)
    return path


@pytest.mark.parametrize("size, shown", [(200_000_000, "200 MB"),
                                         (MAX_CORPUS_BYTES + 1, "just over 50 MB")])
def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, size, shown):
    path = sparse_file(tmp_path / "big.txt", size)
    start = time.perf_counter()
    with pytest.raises(CorpusTooBig) as caught:
        read_corpus_file(path)
    assert time.perf_counter() - start < 0.5  # reading 200 MB of zeros would take longer
    assert str(caught.value) == (f"This file is {shown}; GPT Studio works with corpora up to "
                                 "50 MB. Use a part of it.")
    assert caught.value.size == size and caught.value.limit == MAX_CORPUS_BYTES


def test_a_file_at_the_limit_is_read(tmp_path):
    line = b"To be, or not to be, that is the question.\n"
    path = tmp_path / "at-limit.txt"
    path.write_bytes(line * (MAX_CORPUS_BYTES // len(line)) + b"x" * (MAX_CORPUS_BYTES % len(line)))
    assert path.stat().st_size == MAX_CORPUS_BYTES
    assert len(read_corpus_file(path)) == MAX_CORPUS_BYTES


def test_text_encodings_without_utf8_are_read(tmp_path):
    # 0x81 and 0x8d mean nothing in cp1252: the bytes are read as Latin-1.
    assert decode_corpus_bytes(b"caf\xe9 \x81na\xefve\x8d") == "café \x81naïve\x8d"
    assert decode_corpus_bytes("\ufeffhéllo 你好\n".encode("utf-16-be")) == "héllo 你好\n"
    path = tmp_path / "windows.txt"
    path.write_bytes("line one\r\nline two\r\n".encode("utf-16"))
    assert read_corpus_file(path) == "line one\nline two\n"


def test_a_single_repeated_character_trains_but_is_named():
    text = "a" * 2000
    dataset = build_dataset(text, train_tokenizer("char", text), "continuous", block_size=16)
    assert dataset.train_tokens + dataset.val_tokens == 2000
    assert "single character ('a')" in variety_problem(set(text))
    assert "single character ('a')" in variety_problem(set("a a\naaa\n"))
    assert variety_problem(set(STORY)) is None


@pytest.mark.parametrize("kind", ["char", "word", "bpe"])
def test_encoding_in_pieces_gives_the_ids_of_the_whole(kind):
    text = STORY + "\n\n  indented\n\nlast line without newline" + NAMES
    tokenizer = train_tokenizer(kind, text, 300)
    ids = encode_array(tokenizer, text, piece=50)
    assert ids.tolist() == tokenizer.encode(text)


# -- prompts the model cannot read -----------------------------------------------------------------

def test_drop_unknown_removes_unseen_characters():
    tok = train_tokenizer("char", NAMES)
    assert drop_unknown(tok, "Zoë\nanna!") == "o\nanna"  # NAMES has no space either
    assert drop_unknown(tok, "anna") == "anna"
    assert drop_unknown(tok, "ZZZ") == ""
    assert prompt_ids(tok, "lines", drop_unknown(tok, "ZZZ")) == [tok.sos_id]


def test_drop_unknown_removes_unseen_words_until_none_is_left():
    tok = train_tokenizer("word", "the cat sat on the mat.\nthe dog sat.\n" * 5)
    assert drop_unknown(tok, "the zebra sat") == "the  sat"
    # Without "!" the neighbours meet as "catdog", itself a word the model has never seen.
    assert drop_unknown(tok, "the cat!dog sat") == "the  sat"
    assert drop_unknown(tok, "the\u3000cat") == "the cat"  # an unseen space becomes a space
    for prompt in ("the zebra sat", "the cat!dog sat", "the\u3000cat", "¿qué?"):
        assert tok.unknown_in(drop_unknown(tok, prompt)) == []


def test_drop_unknown_leaves_a_byte_level_prompt_alone():
    tok = train_tokenizer("bpe", STORY, 300)
    assert drop_unknown(tok, "Zoë 你好") == "Zoë 你好"
