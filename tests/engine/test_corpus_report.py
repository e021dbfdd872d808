"""engine.corpus_report: the Corpus tab's numbers, without Qt, from the same functions training uses."""

from gptstudio.engine.corpus_report import StatsSettings, corpus_report
from gptstudio.engine.data import build_dataset, corpus_stats
from gptstudio.engine.errors import CorpusTooShort
from gptstudio.engine.messages import Message
from gptstudio.engine.tokenizers import train_tokenizer


def test_the_report_counts_what_corpus_stats_and_build_dataset_count(tiny_corpus):
    settings = StatsSettings(tokenizer="char", block_size=16)
    report = corpus_report(tiny_corpus, settings)
    stats = corpus_stats(tiny_corpus)
    assert (report.characters, report.words, report.lines, report.distinct_characters) == (
        stats.characters, stats.words, stats.lines, stats.distinct_characters)
    tokenizer = train_tokenizer("char", tiny_corpus)
    dataset = build_dataset(tiny_corpus, tokenizer, "continuous", 16, 0.1)
    assert (report.tokens, report.vocab_size) == (len(tiny_corpus), tokenizer.vocab_size)
    assert (report.train_tokens, report.val_tokens) == (dataset.train_tokens, dataset.val_tokens)
    assert report.problem is None


def test_counting_in_pieces_changes_no_number(tiny_corpus):
    whole = corpus_stats(tiny_corpus, piece=len(tiny_corpus) + 1)
    assert corpus_stats(tiny_corpus, piece=7) == whole
    assert whole.alphabet == frozenset(tiny_corpus)


def test_problems_are_left_to_the_interface_to_put_in_words():
    short = corpus_report("ab\n", StatsSettings(block_size=64))
    assert isinstance(short.problem, CorpusTooShort)
    one_character = corpus_report("a" * 5000, StatsSettings(block_size=16))
    assert isinstance(one_character.problem, Message)


def test_words_mean_something_only_where_spaces_separate_them():
    english, chinese = corpus_stats("Two words.\n" * 9), corpus_stats("春眠不觉晓，处处闻啼鸟。\n" * 9)
    assert english.spaced and english.unspaced_words == 0
    assert not chinese.spaced and chinese.unspaced_words == 10 * 9
    mixed = corpus_stats("A line of English with one 字.\n" * 9)
    assert mixed.spaced and mixed.unspaced_words == 9
