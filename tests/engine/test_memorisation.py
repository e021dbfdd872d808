"""The memorisation check finds exactly the passages a brute-force search finds, longest first."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gptstudio.engine.memorisation import (
    CorpusIndex,
    _suffix_array,
    choose_longest_first,
    copied_spans,
)


def brute_force_spans(generated: str, corpus: str, min_length: int) -> list[tuple[int, int]]:
    """The definition, spelled out: repeatedly take the longest (then earliest) stretch of still
    unmarked generated text that occurs in the corpus, while it has at least min_length characters."""
    free = [True] * len(generated)
    chosen = []
    while True:
        best = None
        for start in range(len(generated)):
            for end in range(start + 1, len(generated) + 1):
                if not all(free[start:end]) or generated[start:end] not in corpus:
                    break
                if end - start >= min_length and (best is None or end - start > best[1] - best[0]):
                    best = (start, end)
        if best is None:
            return sorted(chosen)
        chosen.append(best)
        free[best[0]:best[1]] = [False] * (best[1] - best[0])


def test_suffix_array_sorts_the_suffixes():
    for text in ["banana", "aaaaaaa", "abracadabra", "", "x", "mississippi\n", "ééaé😀a😀"]:
        assert [text[i:] for i in _suffix_array(text)] == sorted(text[i:] for i in range(len(text)))


@settings(max_examples=300, deadline=None)
@given(st.text("ab c", max_size=40), st.text("ab c", max_size=30), st.integers(1, 6))
def test_copied_spans_equal_the_brute_force(corpus, generated, min_length):
    assert copied_spans(generated, corpus, min_length) == brute_force_spans(generated, corpus,
                                                                            min_length)


@settings(max_examples=100, deadline=None)
@given(st.text("ab", max_size=25), st.text("ab", max_size=25))
def test_longest_matches_equal_the_brute_force(corpus, generated):
    expected = []
    for i in range(len(generated)):
        n = 0
        while i + n < len(generated) and generated[i:i + n + 1] in corpus:
            n += 1
        expected.append(n)
    assert CorpusIndex(corpus).longest_matches(generated) == expected


def test_a_recited_passage_is_found_between_new_words():
    corpus = "The quick brown fox jumps over the lazy dog. " * 3 + "Pack my box with five dozen jugs."
    generated = "Once, pack my box with five dozen jugs, said the fox jumps over the lazy cat."
    spans = copied_spans(generated, corpus, min_length=12)
    assert [generated[a:b] for a, b in spans] == ["ack my box with five dozen jugs",
                                                   " fox jumps over the lazy "]
    assert copied_spans(generated, corpus, min_length=40) == []


def test_an_overlapping_shorter_passage_keeps_its_free_part():
    assert choose_longest_first([(0, 10), (6, 14), (8, 30)], 3) == [(0, 8), (8, 30)]
    assert choose_longest_first([(0, 10), (6, 14), (8, 30)], 9) == [(8, 30)]


def test_nothing_is_copied_from_an_empty_corpus_or_into_an_empty_text():
    assert copied_spans("anything at all", "", 1) == []
    assert copied_spans("", "some corpus", 1) == []


def test_non_latin_text_is_matched_by_characters():
    corpus = "你好，世界。今天天气很好。😀👍🏽 naïve café"
    generated = "他说今天天气很好。😀👍 and café"
    spans = copied_spans(generated, corpus, min_length=4)
    assert [generated[a:b] for a, b in spans] == ["今天天气很好。😀👍", " café"]


def test_one_index_serves_many_checks_of_a_large_corpus():
    rng = np.random.default_rng(0)
    words = ["model", "token", "the", "a", "learns", "text", "of", "attention", "layer", "loss"]
    corpus = " ".join(rng.choice(words, 60_000))  # about 330 KB
    index = CorpusIndex(corpus)
    passage = corpus[100_000:100_300]
    generated = "zzz " + passage + " qqq"
    [(start, end)] = index.copied_spans(generated, 20)
    assert start <= 4 and end >= 4 + len(passage) and end - start <= len(passage) + 2
    assert index.copied_spans("zzz qqq xxx yyy", 5) == []


# -- the copy report: every mode, every script ------------------------------------------------------

from gptstudio.engine.memorisation import MIN_COPY_ALPHABETIC, MIN_COPY_DENSE  # noqa: E402

TANG = "鸣骹直上一千尺，天静无风声更干。\n碧眼胡儿三百骑，尽提金勒向云看。\n今年寒食在商山，山里风光亦可怜：\n"


def test_recited_chinese_verses_are_found_as_copies():
    """The teacher's case: 14-character verses recited one at a time (lines mode) were reported as
    'Nothing copied word for word'."""
    index = CorpusIndex(TANG * 3)
    assert index.min_length == MIN_COPY_DENSE
    generated = "碧眼胡儿三百骑，尽提金勒向云看。\n天风吹月上山来，\n"
    report = index.copy_report(generated)
    assert report.spans == ((0, 16),)  # the whole recited line; the new one is not copied
    assert report.longest == 16
    assert report.share == pytest.approx(16 / (len(generated) - 2))


def test_a_short_whole_line_equal_to_a_corpus_line_is_a_copy():
    index = CorpusIndex("The cat sat.\nA dog ran far away today.\nBirds sing.\n")
    assert index.min_length == MIN_COPY_ALPHABETIC
    report = index.copy_report("Birds sing.\nFish swim.\n")
    assert report.spans == ((0, 11),) and report.longest == 11
    assert index.copy_report("Fish swim.\nBirds fly.\n").spans == ()


def test_english_passages_need_twenty_characters():
    corpus = "It was the best of times, it was the worst of times, it was the age of wisdom.\n"
    index = CorpusIndex(corpus)
    assert index.copy_report("so it was the worst of times for us").spans == ((3, 28),)
    assert index.copy_report("it was the best of my days").spans == ()  # 18 characters in common
    assert index.copy_report("").share == 0.0
