"""Memorisation check: which passages of a generated text are copied word for word from the corpus.

A small model trained long on a small corpus starts to recite it. To show that, we find for every
position i of the generated text g the longest prefix of g[i:] that occurs somewhere in the corpus
(the "matching statistics" of g against the corpus), keep the maximal matches, and choose among them
longest first without overlap, each at least `min_length` characters.

The corpus is indexed once with a suffix array (all its suffixes in sorted order, built by prefix
doubling in numpy: Manber & Myers 1993), so each position of g costs one binary search. A 1 MB
corpus indexes in about a second; checking a few thousand generated characters takes milliseconds.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass

import numpy as np

Span = tuple[int, int]


# A copied passage is at least this long: 20 letters are four or five English words, which a model
# rarely writes by chance. Chinese and Japanese carry a word in one or two characters, so there 8
# characters (a classical verse has 5 or 7) are as telling.
MIN_COPY_ALPHABETIC = 20
MIN_COPY_DENSE = 8
# A whole line of the output equal to a whole line of the corpus is copied, however short, from
# this many characters on (a one-word line is no recitation).
MIN_COPIED_LINE = 4


def min_copy_length(corpus: str) -> int:
    """The shortest passage that counts as copied, for the script this corpus is written in."""
    from gptstudio.engine.tokenizers import CJK_CHARACTER

    sample = corpus[:20_000]
    letters = sum(1 for c in sample if c.isalpha())
    dense = len(CJK_CHARACTER.findall(sample))
    return MIN_COPY_DENSE if letters and dense >= letters / 2 else MIN_COPY_ALPHABETIC


@dataclass(frozen=True)
class CopyReport:
    spans: tuple[Span, ...]  # (start, end) of each copied passage, sorted by start
    longest: int  # characters of the longest
    share: float  # of the generated characters (line breaks aside), the share inside a copy


class CorpusIndex:
    """The corpus's suffix array. Read-only once built: safe to hand from a worker to the GUI."""

    def __init__(self, corpus: str):
        self.corpus = corpus
        self._suffixes = _suffix_array(corpus)
        self.min_length = min_copy_length(corpus)
        self._lines = {line.strip() for line in corpus.split("\n")
                       if len(line.strip()) >= MIN_COPIED_LINE}

    def copy_report(self, generated: str, min_length: int | None = None) -> CopyReport:
        """What of `generated` is copied word for word: passages of at least min_length characters
        (default: self.min_length, by script) and whole lines equal to a line of the corpus."""
        min_length = self.min_length if min_length is None else min_length
        spans = self.copied_spans(generated, min_length)
        position = 0
        for line in generated.split("\n"):  # whole lines the passages above did not cover
            stripped = line.strip()
            if stripped in self._lines:
                start = position + line.index(stripped)
                if _free_pieces(spans, start, start + len(stripped)) == [(start, start + len(stripped))]:
                    bisect.insort(spans, (start, start + len(stripped)))
            position += len(line) + 1
        spans = tuple(_trimmed(generated, spans))
        counted = len(generated) - generated.count("\n")
        copied = sum(end - start - generated.count("\n", start, end) for start, end in spans)
        return CopyReport(spans, max((end - start for start, end in spans), default=0),
                          copied / counted if counted else 0.0)

    def __len__(self) -> int:
        return len(self.corpus)

    def longest_matches(self, generated: str) -> list[int]:
        """For each position i, the length of the longest prefix of generated[i:] in the corpus."""
        return [self._longest_match(generated[i:]) for i in range(len(generated))]

    def copied_spans(self, generated: str, min_length: int = 12) -> list[Span]:
        """Spans (start, end) of `generated` found verbatim in the corpus, sorted by start."""
        min_length = max(1, min_length)
        lengths = self.longest_matches(generated)
        candidates = [(i, i + n) for i, n in enumerate(lengths)
                      if n >= min_length and (i == 0 or n >= lengths[i - 1])]
        # A match that is not longer than the previous one minus a character lies inside it.
        return choose_longest_first(candidates, min_length)

    def _longest_match(self, query: str) -> int:
        if not query or not self.corpus:
            return 0
        corpus, m = self.corpus, len(query)
        # Suffixes sorted as their first m characters keep their order, so bisect on those.
        at = bisect.bisect_left(self._suffixes, query, key=lambda s: corpus[s:s + m])
        # The longest common prefix with any suffix is found at one of the two sorted neighbours.
        best = 0
        for k in (at - 1, at):
            if 0 <= k < len(self._suffixes):
                best = max(best, _common_prefix(query, corpus, int(self._suffixes[k])))
        return best


def copied_spans(generated: str, corpus: str, min_length: int = 12) -> list[Span]:
    """Passages of `generated` copied verbatim from `corpus` (builds a CorpusIndex each call)."""
    return CorpusIndex(corpus).copied_spans(generated, min_length)


def _trimmed(text: str, spans: list[Span]) -> list[Span]:
    """Spans without the blanks at their ends: a copy that runs on over a line break is the line."""
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


# ---- choosing -------------------------------------------------------------------------------------


def choose_longest_first(candidates: list[Span], min_length: int) -> list[Span]:
    """Take the longest span (the earliest on a tie), cut the others to what is still free, repeat.

    A cut piece is still a verbatim match (a part of one), so a passage that overlaps a longer one
    keeps its own part when that part is at least min_length long. Heap entries may be stale (their
    span since partly taken): such an entry is cut when it comes out and pushed back."""
    heap = [(start - end, start, end) for start, end in candidates]
    heapq.heapify(heap)
    taken: list[Span] = []  # sorted by start
    while heap:
        _, start, end = heapq.heappop(heap)
        pieces = _free_pieces(taken, start, end)
        if pieces == [(start, end)]:
            bisect.insort(taken, (start, end))
            continue
        for a, b in pieces:
            if b - a >= min_length:
                heapq.heappush(heap, (a - b, a, b))
    return taken


def _free_pieces(taken: list[Span], start: int, end: int) -> list[Span]:
    """The parts of [start, end) that no taken span covers."""
    pieces, position = [], start
    i = max(0, bisect.bisect_right(taken, (start, start)) - 1)
    while i < len(taken) and taken[i][0] < end:
        a, b = taken[i]
        if b > position:
            if a > position:
                pieces.append((position, a))
            position = b
        i += 1
    if position < end:
        pieces.append((position, end))
    return pieces


# ---- suffix array ---------------------------------------------------------------------------------


def _suffix_array(text: str) -> np.ndarray:
    """Start positions of the suffixes of `text` in sorted order (int64, len(text)).

    Prefix doubling: after the round with step k, rank[i] orders the suffixes by their first 2k
    characters; stop once all ranks differ. log2(longest repeated passage) rounds of one argsort."""
    n = len(text)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    rank = np.unique(codes, return_inverse=True)[1].astype(np.int64).reshape(-1)  # (n,)
    order = np.argsort(rank, kind="stable")
    k = 1
    while k < n:
        second = np.zeros(n, dtype=np.int64)  # 0 = past the end, which sorts first
        second[: n - k] = rank[k:] + 1
        key = rank * (n + 1) + second  # < (n+1)^2: fits int64 for any text that fits in memory
        order = np.argsort(key)  # ties share a rank, so any order among them will do
        sorted_key = key[order]
        new_rank = np.empty(n, dtype=np.int64)
        new_rank[order] = np.concatenate(([0], np.cumsum(sorted_key[1:] != sorted_key[:-1])))
        rank = new_rank
        if rank[order[-1]] == n - 1:  # all ranks distinct: the order is final
            break
        k *= 2
    return order


def _common_prefix(query: str, corpus: str, start: int) -> int:
    """Length of the common prefix of query and corpus[start:], by binary search on slices (C speed)."""
    low, high = 0, min(len(query), len(corpus) - start)
    while low < high:
        mid = (low + high + 1) // 2
        if corpus[start:start + mid] == query[:mid]:
            low = mid
        else:
            high = mid - 1
    return low
