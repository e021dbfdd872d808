"""The embedding map: every token's embedding vector, flattened onto a page by PCA.

Each token is a point in an n_embd-dimensional space (a row of `transformer.wte.weight`, which the
tied output head reuses). Principal component analysis finds the two directions along which those
points spread the most; projecting onto them gives a 2-D picture in which tokens the model uses in
similar ways sit close together. A fresh model's map is a random cloud; as training goes on,
tokens used alike (vowels, digits, punctuation marks, words that do the same job) drift into groups.

Colours: for a character tokenizer on text in Latin letters, by the kind of character (vowels and
consonants mean something there); otherwise, in every script and for words and word pieces, by how
often the token is used in the text, with punctuation, digits and spaces apart. Labels: a map of a
large vocabulary draws only the most frequent tokens as text and the others as dots: three hundred
Chinese characters written over each other were one black blob.

PCA by SVD of the centred matrix: X - mean = U S Vᵀ, the rows of Vᵀ are the directions (largest
spread first) and the points are (X - mean) Vᵀ[:2]ᵀ. An SVD fixes each direction only up to its sign,
so a later checkpoint could show the same map mirrored; each direction is turned so that its
largest-magnitude entry is positive, which keeps the picture the same way round from one
checkpoint to the next.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

LIMIT = 300  # tokens drawn at most: past a few hundred points a map is unreadable
LABELLED = 80  # tokens drawn as their text at most; the others are dots
COUNTED_CHARACTERS = 200_000  # of the corpus: plenty to rank the common tokens, quick for the GUI
GROUPS = ("vowel", "consonant", "digit", "punctuation", "space", "other",
          "frequent", "middling", "rare")
FREQUENCY_GROUPS = ("frequent", "middling", "rare")  # thirds of the tokens, most used first
SCHEMES = ("letters", "frequency")
VOWELS = set("aeiouAEIOUàáâãäåæèéêëìíîïòóôõöøùúûüœÀÁÂÃÄÅÆÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜŒ")
LATIN_END = 0x0250  # Basic Latin to Latin Extended-B: the letters whose vowels VOWELS knows


@dataclass(frozen=True)
class EmbeddingMap:
    points: np.ndarray  # (N, 2) float: x, y of each token shown
    labels: tuple[str, ...]  # tokenizer.token_text of each
    groups: tuple[str, ...]  # one of GROUPS for each
    token_ids: tuple[int, ...]
    explained: tuple[float, float]  # share of the total spread along each axis (0..1)
    vocab_size: int  # tokens in the vocabulary, specials included
    limited: bool  # True when only some of the tokens are shown (large vocabularies)
    scheme: str = "letters"  # what the colours say (SCHEMES)
    labelled: tuple[bool, ...] = ()  # drawn as text (the others as dots)
    counts: tuple[int, ...] = ()  # uses of each in the counted text (all 0 without one)
    tokenizer_kind: str = "char"


def pca_2d(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(N, C) -> (points (N, 2), components (2, C), explained share (2,)), sign-fixed.

    With fewer than two directions of spread (N < 3 or C < 2), the missing axis is all zeros."""
    x = np.asarray(matrix, dtype=np.float64)
    x = x - x.mean(axis=0, keepdims=True)
    _, s, vt = np.linalg.svd(x, full_matrices=False)  # s descending
    k = min(2, vt.shape[0])
    components = np.zeros((2, x.shape[1]))
    components[:k] = vt[:k]
    for row in components:
        biggest = np.argmax(np.abs(row))
        if row[biggest] < 0:
            row *= -1
    variance = s**2
    total = variance.sum()
    explained = np.zeros(2)
    if total > 0:
        explained[:k] = variance[:k] / total
    return x @ components.T, components, explained


def token_group(text: str) -> str:
    """Which colour a token gets: by its first visible character (or whitespace)."""
    if text.strip() == "":
        return "space"  # spaces, tabs, line breaks (and runs of them)
    first = text.lstrip()[0]
    if first.isdigit():
        return "digit"
    if first.isalpha():
        if first in VOWELS:
            return "vowel"
        if ord(first) < 0x0530:
            return "consonant"  # other Latin, Greek and Cyrillic letters
        return "other"  # CJK, kana, Arabic, ...
    if unicodedata.category(first).startswith(("P", "S")):
        return "punctuation"
    return "other"


def special_ids(tokenizer) -> set[int]:
    """<pad>, <sos>, <eos> (and <unk>, WordPiece's [MASK]): markers, not text; left off the map."""
    ids = {tokenizer.pad_id, tokenizer.sos_id, tokenizer.eos_id, *tokenizer.never_written()}
    unk = getattr(tokenizer, "unk_id", None)
    if unk is not None:
        ids.add(unk)
    return ids


def token_counts(tokenizer, corpus: str | None) -> np.ndarray | None:
    """How often each token id is used in the corpus's first COUNTED_CHARACTERS characters, or
    None without a corpus (or one the tokenizer cannot read)."""
    if not corpus:
        return None
    try:
        ids = np.asarray(tokenizer.encode(corpus[:COUNTED_CHARACTERS]), dtype=np.int64)
    except Exception:  # noqa: BLE001 - text the tokenizer cannot read: no counts
        return None
    return np.bincount(ids, minlength=tokenizer.vocab_size)[: tokenizer.vocab_size]


def shown_ids(tokenizer, limit: int = LIMIT, corpus: str | None = None,
              counts: np.ndarray | None = None) -> list[int]:
    """The tokens to draw: all but the specials, or for a large vocabulary the `limit` most frequent
    in `corpus` (token_counts; or `counts` given), or the first `limit` ids without either."""
    skip = special_ids(tokenizer)
    ids = [i for i in range(tokenizer.vocab_size) if i not in skip]
    if len(ids) <= limit:
        return ids
    counts = token_counts(tokenizer, corpus) if counts is None else counts
    if counts is not None:
        counts = counts.copy()
        counts[list(skip)] = -1
        ranked = np.argsort(-counts, kind="stable")[:limit]
        return sorted(int(i) for i in ranked if counts[i] > 0) or ids[:limit]
    return ids[:limit]


def colour_scheme(tokenizer_kind: str, labels) -> str:
    """'letters' for a character tokenizer whose letters are mostly Latin, where vowels and
    consonants mean something; 'frequency' otherwise (any script, words, word pieces)."""
    if tokenizer_kind != "char":
        return "frequency"
    letters = [t for t in labels if t.isalpha()]
    latin = sum(ord(t[0]) < LATIN_END for t in letters)
    return "letters" if letters and latin >= len(letters) / 2 else "frequency"


def frequency_groups(labels, counts) -> tuple[str, ...]:
    """Punctuation, digits and spaces by their kind; every other token by the third of them it
    falls in when ranked by use (most used first; 'other' when nothing was counted)."""
    kinds = [token_group(t) for t in labels]
    groups = [k if k in ("digit", "punctuation", "space") else "other" for k in kinds]
    rest = [i for i, g in enumerate(groups) if g == "other"]
    if rest and any(counts[i] > 0 for i in rest):
        ranked = sorted(rest, key=lambda i: -counts[i])  # stable: ties keep the vocabulary's order
        for rank, i in enumerate(ranked):
            groups[i] = FREQUENCY_GROUPS[min(2, rank * 3 // len(ranked))]
    return tuple(groups)


def labelled_tokens(counts, limit: int = LABELLED) -> tuple[bool, ...]:
    """Which tokens are drawn as text: all of a small map, else the `limit` most used (the first
    ones where nothing was counted)."""
    n = len(counts)
    if n <= limit:
        return (True,) * n
    chosen = set(np.argsort(-np.asarray(counts), kind="stable")[:limit].tolist())
    return tuple(i in chosen for i in range(n))


def embedding_map(model, tokenizer, limit: int = LIMIT, corpus: str | None = None,
                  ids: list[int] | None = None, counts: np.ndarray | None = None) -> EmbeddingMap:
    """The 2-D map of the token embeddings of `model` (a GPT), specials left out.

    `ids`, `counts`: the tokens to draw, as shown_ids chose them, and token_counts of the corpus (a
    view keeps both from one checkpoint to the next, so a large corpus is counted once)."""
    if counts is None:
        counts = token_counts(tokenizer, corpus)
    ids = list(ids) if ids is not None else shown_ids(tokenizer, limit, counts=counts)
    weight = model.transformer.wte.weight.detach().float().cpu().numpy()  # (V, C)
    points, _, explained = pca_2d(weight[ids])
    labels = tuple(tokenizer.token_text(i) for i in ids)
    used = tuple(int(counts[i]) for i in ids) if counts is not None else (0,) * len(ids)
    scheme = colour_scheme(tokenizer.kind, labels)
    groups = (tuple(token_group(t) for t in labels) if scheme == "letters"
              else frequency_groups(labels, used))
    return EmbeddingMap(points=points.astype(np.float32), labels=labels, groups=groups,
                        token_ids=tuple(ids), explained=(float(explained[0]), float(explained[1])),
                        vocab_size=tokenizer.vocab_size,
                        limited=len(ids) < tokenizer.vocab_size - len(special_ids(tokenizer)),
                        scheme=scheme, labelled=labelled_tokens(used), counts=used,
                        tokenizer_kind=tokenizer.kind)
