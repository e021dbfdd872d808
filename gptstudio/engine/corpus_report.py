"""The statistics the Corpus tab shows: the text's counts, its tokens, and what training would make
of it (examples, the split, what the context cuts off), as plain data. No Qt: the tab runs
corpus_report in a background job and shows the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gptstudio.engine.data import (
    PIECE,
    build_dataset,
    corpus_stats,
    first_examples,
    model_text,
    text_pieces,
    variety_problem,
)
from gptstudio.engine.errors import EngineError
from gptstudio.engine.stray_characters import find_stray
from gptstudio.engine.text_files import check_corpus_text
from gptstudio.engine.text_shape import guess_mode


@dataclass(frozen=True)
class CorpusReport:
    characters: int
    words: int
    lines: int
    distinct_characters: int
    tokens: int  # the whole text in the chosen tokenizer
    vocab_size: int  # the tokenizer trained on this text, special tokens included
    train_tokens: int  # what build_dataset keeps for training / validation (0 if it refused)
    val_tokens: int
    mode: str
    # What is wrong (empty text, too short for the context length, ...) or None: an EngineError or
    # an engine Message here; the UI puts it in a sentence of its language (corpus_tab).
    problem: object
    stray: object = None  # engine.stray_characters.StrayReport: characters that are not text
    guess: object = None  # engine.text_shape.ModeGuess: the mode the text's structure suggests
    # the first examples, and whether each is cut (conversations: chat_data.PreviewConversation)
    preview: tuple = ()
    unigram: float | None = None  # the loss of guessing by frequency alone (nats per token)
    truncated: int = 0  # examples longer than the context (cut in training)
    examples: int = 0  # lines or blocks (0 in continuous text)
    widest_batch: int = 0  # lines or blocks: tokens in a batch's longest example, typically (19 in 20)
    # Lines and blocks: how the training and checking tokens add up (data.ExamplesDataset).
    text_tokens: int = 0  # the examples' own tokens
    cut_tokens: int = 0  # cut off the examples longer than the context
    val_examples: int = 0
    block_size: int = 0
    # Lines and blocks: the longest example's tokens and first words (where most of a text is cut
    # off, it is usually one piece that lacks its separators: a play appended to fortunes).
    longest_tokens: int = 0
    longest_start: str = ""
    spaced: bool = True  # words are separated by spaces (not Chinese, Japanese): the word count means something


@dataclass(frozen=True)
class StatsSettings:
    tokenizer: str = "char"
    bpe_vocab_size: int = 512
    mode: str = "continuous"
    block_size: int = 64
    val_fraction: float = 0.1
    tokenizer_file: str = ""  # an imported tokenizer (GPT-2) is read, not trained


class _Encoded:
    """A tokenizer that already holds the ids of this very text: build_dataset would encode it again."""

    def __init__(self, tokenizer, ids):
        self._tokenizer, self._ids = tokenizer, ids

    def __getattr__(self, name):
        return getattr(self._tokenizer, name)

    def encode_array(self, text: str):
        return self._ids


def _encode(tokenizer, text: str, size: int):
    dtype = np.int32 if tokenizer.vocab_size >= 1 << 15 else np.int16  # as data.encode_array
    fast = getattr(tokenizer, "encode_array", None)
    parts = [(fast(p) if fast else np.asarray(tokenizer.encode(p))).astype(dtype, copy=False)
             for p in text_pieces(text, size)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def corpus_report(text: str, settings: StatsSettings, piece: int = PIECE) -> CorpusReport:
    """The Corpus tab's numbers: data.corpus_stats, then what train_tokenizer and build_dataset
    make of the text with `settings`, counted piece by piece (text_pieces) so that the GIL is
    free between pieces. Problems the text has are in `problem`, never raised."""
    from gptstudio.engine.tokenizers import CharTokenizer, load_tokenizer, train_tokenizer

    stats = corpus_stats(text, piece)
    distinct = stats.alphabet
    tokens = vocab = train_tokens = val_tokens = truncated = examples = widest = 0
    text_tokens = cut_tokens = val_examples = longest_tokens = 0
    longest_start = ""
    problem = unigram = None
    stray = find_stray(text)
    guess = guess_mode(text) if text.strip() else None
    preview = tuple(first_examples(text, settings.mode, settings.block_size))
    try:
        check_corpus_text(text)
        if settings.tokenizer_file:
            tokenizer = load_tokenizer(settings.tokenizer_file)
        elif settings.mode == "chat":  # learnt from what the turns say; CorpusError names a line
            tokenizer = train_tokenizer(settings.tokenizer, text, settings.bpe_vocab_size, "chat")
        elif settings.tokenizer == "char":  # CharTokenizer.train is sorted(set(text)): reuse the set
            tokenizer = CharTokenizer(sorted(distinct))
        else:  # word / BPE training runs over the whole text at once
            tokenizer = train_tokenizer(settings.tokenizer, text, settings.bpe_vocab_size)
        vocab = tokenizer.vocab_size
        ids = _encode(tokenizer, model_text(text, settings.mode), piece)
        tokens = len(ids)
        if settings.mode == "continuous":
            tokenizer = _Encoded(tokenizer, ids)
        dataset = build_dataset(text, tokenizer, settings.mode, settings.block_size,
                                settings.val_fraction)
        train_tokens, val_tokens = dataset.train_tokens, dataset.val_tokens
        unigram = dataset.unigram_entropy()
        truncated = getattr(dataset, "truncated", 0)
        val_examples = getattr(dataset, "val_examples", 0)
        examples = getattr(dataset, "train_examples", 0) + val_examples
        text_tokens = getattr(dataset, "text_tokens", 0)
        cut_tokens = getattr(dataset, "cut_tokens", 0)
        longest_tokens = getattr(dataset, "longest_tokens", 0)
        longest_start = getattr(dataset, "longest_start", "")
        if examples:
            lengths = np.sort(dataset.lengths["train"])
            widest = int(lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))])
        problem = variety_problem(distinct)
    except EngineError as error:  # CorpusError, CorpusTooShort: said in the tab
        problem = error
    return CorpusReport(len(text), stats.words, stats.lines, len(distinct), tokens, vocab,
                        train_tokens, val_tokens, settings.mode, problem, stray, guess, preview,
                        unigram, truncated, examples, widest, text_tokens, cut_tokens,
                        val_examples, settings.block_size, longest_tokens, longest_start,
                        stats.spaced)
