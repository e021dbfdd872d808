"""Tokenizers round-trip any Unicode text, save to one JSON file, and keep specials out of text."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gptstudio.engine.errors import CorpusError, UnknownCharacters
from gptstudio.engine.tokenizers import (
    WordTokenizer,
    load_tokenizer,
    save_tokenizer,
    split_words,
    train_tokenizer,
)

MIXED = "Hello, wörld! Ça va? 你好，世界。 😀👍🏽 naïve café\n\n\ttabs  and  spaces <eos> end"
KINDS = ["char", "word", "bpe"]


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_of_the_training_text(kind):
    tok = train_tokenizer(kind, MIXED, bpe_vocab_size=300)
    assert tok.decode(tok.encode(MIXED)) == MIXED


@pytest.mark.parametrize("kind", KINDS)
def test_specials_have_fixed_ids_and_are_dropped_by_decode(kind):
    tok = train_tokenizer(kind, MIXED, bpe_vocab_size=300)
    assert (tok.pad_id, tok.sos_id, tok.eos_id) == (0, 1, 2)
    assert [tok.token_text(i) for i in range(3)] == ["<pad>", "<sos>", "<eos>"]
    ids = tok.encode("café")
    assert tok.decode([tok.sos_id, *ids, tok.eos_id, tok.pad_id]) == "café"


@pytest.mark.parametrize("kind", KINDS)
def test_literal_eos_text_stays_text(kind):
    tok = train_tokenizer(kind, MIXED, bpe_vocab_size=300)
    ids = tok.encode("<eos>")
    assert tok.eos_id not in ids
    assert tok.decode(ids) == "<eos>"


@pytest.mark.parametrize("kind", KINDS)
def test_save_and_load_give_the_same_tokenizer(kind, tmp_path):
    tok = train_tokenizer(kind, MIXED, bpe_vocab_size=300)
    path = tmp_path / "tokenizer.json"
    save_tokenizer(tok, path)
    assert json.loads(path.read_text(encoding="utf-8"))["kind"] == kind
    again = load_tokenizer(path)
    assert again.vocab_size == tok.vocab_size
    assert again.encode(MIXED) == tok.encode(MIXED)
    assert [again.token_text(i) for i in range(tok.vocab_size)] == [tok.token_text(i) for i in range(tok.vocab_size)]


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_char_and_word_round_trip_any_text_they_were_trained_on(text):
    for kind in ("char", "word"):
        tok = train_tokenizer(kind, text)
        assert tok.decode(tok.encode(text)) == text


_BPE = None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_bpe_round_trips_text_it_has_never_seen(text):
    global _BPE
    if _BPE is None:
        _BPE = train_tokenizer("bpe", MIXED * 5, bpe_vocab_size=320)
    assert _BPE.decode(_BPE.encode(text)) == text


def test_bpe_learns_merges_up_to_the_vocabulary_size():
    text = open(__file__, encoding="utf-8").read() * 3
    tok = train_tokenizer("bpe", text, bpe_vocab_size=400)
    assert tok.vocab_size == 400
    assert len(tok.encode(text)) < len(text.encode("utf-8")) / 2


def test_char_tokenizer_names_unknown_characters():
    tok = train_tokenizer("char", "abc abc")
    with pytest.raises(UnknownCharacters) as caught:
        tok.encode("abz€")
    assert caught.value.unknown == ["z", "€"]
    assert "'z'" in str(caught.value) and "'€'" in str(caught.value)
    assert tok.unknown_in("cab") == []


def test_char_fast_path_matches_encode():
    tok = train_tokenizer("char", MIXED)
    assert list(tok.encode_array(MIXED)) == tok.encode(MIXED)
    with pytest.raises(UnknownCharacters):
        tok.encode_array("Z")


def test_word_tokenizer_uses_unk_for_unseen_words_and_splits_punctuation():
    tok = train_tokenizer("word", "the cat sat. the dog sat!")
    assert isinstance(tok, WordTokenizer)
    assert tok.token_text(3) == "<unk>"
    assert split_words("the cat, sat.") == ["the", " ", "cat", ",", " ", "sat", "."]
    ids = tok.encode("the bird sat.")
    assert ids[2] == tok.unk_id
    assert tok.decode(ids) == "the <unk> sat."
    assert tok.unknown_in("the bird sat") == ["bird"]
    # An unseen run of spaces is spelled with single spaces instead of <unk>.
    assert tok.decode(tok.encode("the   cat")) == "the   cat"


def test_word_tokenizer_splits_chinese_into_characters():
    assert split_words("你好世界") == ["你", "好", "世", "界"]


def test_empty_corpus_is_refused():
    with pytest.raises(CorpusError):
        train_tokenizer("char", "")


def test_damaged_tokenizer_file_gives_a_sentence(tmp_path):
    path = tmp_path / "tokenizer.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_tokenizer(path)
    assert "damaged" in str(caught.value)
