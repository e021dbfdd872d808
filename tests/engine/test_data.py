"""The three data modes, batches, and the minimum-length errors."""

import numpy as np
import pytest

from gptstudio.engine.data import (
    IGNORE,
    build_dataset,
    corpus_stats,
    drop_unknown,
    encode_array,
    prompt_ids,
    split_examples,
    variety_problem,
)
from gptstudio.engine.errors import CorpusTooShort, UnknownCharacters
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
    assert ds.train_examples == 40 and ds.val_examples == 10
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


# -- one example per block ---------------------------------------------------------------------------

POEMS = "\n\n".join(f"Poem {i}\nline one of {i}\nline two of {i}" for i in range(20)) + "\n"


def test_blocks_are_split_at_blank_lines_with_their_edges_trimmed():
    text = "\n\nfirst a\nfirst b\n\n\n  \nsecond\n\nthird a\nthird b\n\n"
    assert split_examples(text, "blocks") == ["first a\nfirst b", "second", "third a\nthird b"]
    assert split_examples(text, "lines") == ["first a", "first b", "second", "third a", "third b"]


@pytest.mark.parametrize("separator", ["%", "---", "***", "* * *", "====", "%%"])
def test_separator_lines_split_blocks_and_keep_blank_lines_inside_them(separator):
    pieces = ["verse one\n\nverse two"] + [f"poem {i}" for i in range(9)]
    text = f"\n{separator}\n".join(pieces) + "\n"
    assert split_examples(text, "blocks") == pieces


def test_a_few_section_dividers_do_not_split_a_collection_of_blank_line_blocks():
    poems = [f"Poem {i}\nroses are red" for i in range(30)]
    text = "\n\n".join(poems[:10]) + "\n\n* * *\n\n" + "\n\n".join(poems[10:]) + "\n"
    assert split_examples(text, "blocks") == poems  # the lone divider is no example either


def test_a_headings_underline_separates_nothing():
    text = "\n\n".join(f"Heading {i}\n---------\nsome text" for i in range(12))
    assert split_examples(text, "blocks")[0] == "Heading 0\n---------\nsome text"


def test_one_horizontal_rule_does_not_make_separated_pieces():
    text = "a\nb\n\n---\nc\n\nd\n"
    assert split_examples(text, "blocks") == ["a\nb", "---\nc", "d"]


def test_blocks_are_framed_like_lines_and_keep_their_newlines():
    tok = train_tokenizer("char", POEMS)
    ds = build_dataset(POEMS, tok, "blocks", block_size=40, val_fraction=0.1)
    assert ds.mode == "blocks" and ds.train_examples == 18 and ds.val_examples == 2
    assert ds.truncated == 0
    x, y = ds.get_batch("train", 8, np.random.default_rng(0))
    for row_x, row_y in zip(x, y, strict=True):
        n = int((row_y != IGNORE).sum())
        assert row_x[0] == tok.sos_id and row_y[n - 1] == tok.eos_id
        block = tok.decode(row_x[1:n])
        assert block in split_examples(POEMS, "blocks") and block.count("\n") == 2


def test_blocks_longer_than_the_context_are_cut_and_counted():
    tok = train_tokenizer("char", POEMS)
    ds = build_dataset(POEMS, tok, "blocks", block_size=10, val_fraction=0.1)
    assert ds.truncated == 20 and ds.get_batch("train", 4, np.random.default_rng(0))[0].shape[1] == 10


def test_too_few_blocks_say_so():
    tok = train_tokenizer("char", POEMS)
    with pytest.raises(CorpusTooShort, match="blocks"):
        build_dataset("one\n\ntwo\n", tok, "blocks", block_size=8)


def test_a_block_prompt_starts_with_the_start_token():
    tok = train_tokenizer("char", POEMS)
    assert prompt_ids(tok, "blocks", "Poem") == [tok.sos_id, *tok.encode("Poem")]


def test_the_frequency_only_baseline_is_the_entropy_of_the_training_targets():
    text = "aab" * 400
    tok = train_tokenizer("char", text)
    ds = build_dataset(text, tok, "continuous", block_size=8)
    p = np.array([2 / 3, 1 / 3])
    assert ds.unigram_entropy() == pytest.approx(float(-(p * np.log(p)).sum()), abs=1e-3)
    lines = build_dataset(POEMS, train_tokenizer("char", POEMS), "blocks", block_size=40)
    targets = lines.train_targets()
    assert (targets >= 0).all() and (targets == tok.sos_id).sum() == 0
    assert len(targets) == lines.train_tokens - lines.train_examples  # all but each <sos>


def test_the_longest_example_is_named_by_its_first_line():
    text = "\n\n".join(["a short one"] * 12 + ["The long one begins here\n" + "and goes on " * 40])
    ds = build_dataset(text, train_tokenizer("char", text), "blocks", block_size=32)
    assert ds.longest_tokens == len(text.split("\n\n")[-1])
    assert ds.longest_start == "The long one begins here"
