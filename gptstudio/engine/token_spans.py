"""Where each token sits in a text, and how many tokens each kind of tokenizer makes of a corpus.

Both feed the Tokenizer view: `token_spans` tells it which characters to colour as one token, and
`token_counts` puts the character, word and BPE tokenizers side by side on the same text so the
choice between them is visible (more tokens = less text per context window; a bigger vocabulary =
more for the model to learn).

Byte-level BPE works on UTF-8 bytes, so one token can hold part of a character ("é" is two bytes and
can be two tokens). A span is made of characters, so such a character goes to the token holding its
first byte; a token made only of the later bytes of a character gets an empty span (s, s). The
spans then still cover the text exactly, in order, without overlap.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate

from gptstudio.engine.errors import EngineError
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.tokenizers import (
    TOKENIZER_KINDS,
    BPETokenizer,
    CharTokenizer,
    Tokenizer,
    WordTokenizer,
    split_words,
    train_tokenizer,
)
from gptstudio.engine.wordpiece import WordPieceTokenizer

# Training BPE on a whole 20 MB corpus takes minutes; the first megabyte gives the same picture.
SAMPLE_CHARACTERS = 1_000_000
PREVIEW_CHARACTERS = 5_000


# ---- spans ----------------------------------------------------------------------------------------


def token_spans(tokenizer: Tokenizer, text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each token of `tokenizer.encode(text)`, one per token.

    Raises what encode raises (UnknownCharacters for a character tokenizer that lacks one)."""
    if isinstance(tokenizer, BPETokenizer):
        return _bpe_spans(tokenizer, text)
    if isinstance(tokenizer, WordTokenizer):
        return _word_spans(tokenizer, text)
    if isinstance(tokenizer, WordPieceTokenizer):
        return [tuple(span) for span in tokenizer.offsets(text)]  # whitespace is in no token
    if isinstance(tokenizer, CharTokenizer):
        tokenizer.encode(text)  # the same error as encode for a character it does not know
        return [(i, i + 1) for i in range(len(text))]
    raise EngineError(Message(QT_TRANSLATE_NOOP(
        "Engine", "Cannot show the tokens of a {kind!r} tokenizer."), kind=tokenizer.kind))


def _word_spans(tokenizer: WordTokenizer, text: str) -> list[tuple[int, int]]:
    # Mirrors WordTokenizer.encode: a word is one token (itself or <unk>); a run of whitespace is
    # one token when the vocabulary has it, else one token per character.
    spans, start = [], 0
    for piece in split_words(text):
        end = start + len(piece)
        if piece.isspace() and len(tokenizer.encode(piece)) != 1:
            spans.extend((i, i + 1) for i in range(start, end))
        else:
            spans.append((start, end))
        start = end
    return spans


def _bpe_spans(tokenizer: BPETokenizer, text: str) -> list[tuple[int, int]]:
    hf = tokenizer._hf
    ids = tokenizer.encode(text)
    # Byte offset where each character starts (plus the end): "aé" -> [0, 1, 3].
    char_starts = [0, *accumulate(len(c.encode("utf-8")) for c in text)]
    spans, byte_start = [], 0
    for token_id in ids:
        # A byte-level token is written in GPT-2's byte alphabet, one symbol per byte (openai/gpt-2
        # src/encoder.py `bytes_to_unicode`), so its length is its byte count.
        byte_end = byte_start + len(hf.id_to_token(token_id))
        # A token owns the characters whose first byte lies in [byte_start, byte_end).
        spans.append((bisect.bisect_left(char_starts, byte_start),
                      bisect.bisect_left(char_starts, byte_end)))
        byte_start = byte_end
    return spans


# ---- preview --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenPreview:
    """The start of a text split into tokens, as plain data for the view."""

    text: str
    spans: tuple[tuple[int, int], ...]
    ids: tuple[int, ...]
    kind: str
    vocab_size: int
    note: str = ""  # a sentence for the user when the tokenizer shown is not the project's


def preview_tokens(text: str, kind: str, bpe_vocab_size: int = 512,
                   tokenizer: Tokenizer | None = None,
                   limit: int = PREVIEW_CHARACTERS) -> TokenPreview:
    """Split the first `limit` characters with `tokenizer`, or with one of `kind` trained on a sample
    of the text when there is none (or it cannot read this text)."""
    shown = text[:limit]
    note = ""
    if tokenizer is not None:
        try:
            ids = tokenizer.encode(shown)
        except EngineError:
            tokenizer, note = None, Message(QT_TRANSLATE_NOOP(
                "Engine", "The text has changed since your model's tokenizer was made, so this "
                          "shows a tokenizer made from the current text."))
    if tokenizer is None:
        if not text:
            return TokenPreview("", (), (), kind, 0, note)
        tokenizer = train_tokenizer(kind, sample_of(text), bpe_vocab_size)
        ids = tokenizer.encode(shown)
    spans = token_spans(tokenizer, shown)
    return TokenPreview(shown, tuple(spans), tuple(ids), tokenizer.kind, tokenizer.vocab_size, note)


# ---- counts ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenCounts:
    """How many tokens each tokenizer makes of (a sample of) the corpus, and its vocabulary size."""

    counts: dict[str, tuple[int, int]]  # kind -> (tokens, vocabulary size)
    sample_characters: int  # the characters counted
    total_characters: int  # the characters in the whole corpus

    @property
    def is_sample(self) -> bool:
        return self.sample_characters < self.total_characters


def sample_of(text: str, limit: int = SAMPLE_CHARACTERS) -> str:
    """The first `limit` characters at most, ending at a line end when there is one in the last
    tenth (so no word is cut in two)."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", limit - limit // 10, limit)
    return text[: cut + 1] if cut >= 0 else text[:limit]


def token_counts(text: str, bpe_vocab_size: int = 512, sample_characters: int = SAMPLE_CHARACTERS,
                 kinds: tuple[str, ...] = TOKENIZER_KINDS) -> TokenCounts:
    """Trains each tokenizer on the sample and counts the tokens it makes of that sample."""
    sample = sample_of(text, sample_characters)
    counts = {}
    for kind in kinds:
        if not sample:
            counts[kind] = (0, 0)
            continue
        tokenizer = train_tokenizer(kind, sample, bpe_vocab_size)
        counts[kind] = (len(tokenizer.encode(sample)), tokenizer.vocab_size)
    return TokenCounts(counts, len(sample), len(text))
