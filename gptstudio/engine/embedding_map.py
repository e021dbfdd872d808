"""The embedding map: every token's embedding vector, flattened onto a page by PCA.

Each token is a point in an n_embd-dimensional space (a row of `transformer.wte.weight`, which the
tied output head reuses). Principal component analysis finds the two directions along which those
points spread the most; projecting onto them gives a 2-D picture in which tokens the model uses in
similar ways sit close together. A fresh model's map is a random cloud; as training goes on,
vowels, digits and punctuation marks drift into groups.

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

LIMIT = 300  # tokens drawn at most: past a few hundred labels a map is unreadable
GROUPS = ("vowel", "consonant", "digit", "punctuation", "space", "other")
VOWELS = set("aeiouAEIOUàáâãäåæèéêëìíîïòóôõöøùúûüœÀÁÂÃÄÅÆÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜŒ")


@dataclass(frozen=True)
class EmbeddingMap:
    points: np.ndarray  # (N, 2) float: x, y of each token shown
    labels: tuple[str, ...]  # tokenizer.token_text of each
    groups: tuple[str, ...]  # one of GROUPS for each
    token_ids: tuple[int, ...]
    explained: tuple[float, float]  # share of the total spread along each axis (0..1)
    vocab_size: int  # tokens in the vocabulary, specials included
    limited: bool  # True when only some of the tokens are shown (large vocabularies)


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


def shown_ids(tokenizer, limit: int = LIMIT, corpus: str | None = None) -> list[int]:
    """The tokens to draw: all but the specials, or for a large vocabulary the `limit` most frequent
    in `corpus` (its first 200,000 characters: plenty to rank the common tokens, and quick enough
    for the GUI thread), or the first `limit` ids without a corpus."""
    skip = special_ids(tokenizer)
    ids = [i for i in range(tokenizer.vocab_size) if i not in skip]
    if len(ids) <= limit:
        return ids
    if corpus:
        try:
            counts = np.bincount(np.asarray(tokenizer.encode(corpus[:200_000]), dtype=np.int64),
                                 minlength=tokenizer.vocab_size)
        except Exception:  # noqa: BLE001 - text the tokenizer cannot read: fall back to the first ids
            counts = None
        if counts is not None:
            counts[list(skip)] = -1
            ranked = np.argsort(-counts, kind="stable")[:limit]
            return sorted(int(i) for i in ranked if counts[i] > 0) or ids[:limit]
    return ids[:limit]


def embedding_map(model, tokenizer, limit: int = LIMIT, corpus: str | None = None,
                  ids: list[int] | None = None) -> EmbeddingMap:
    """The 2-D map of the token embeddings of `model` (a GPT), specials left out.

    `ids`: the tokens to draw, as shown_ids chose them (a view keeps them from one checkpoint to
    the next, so a large vocabulary's corpus is counted once)."""
    ids = list(ids) if ids is not None else shown_ids(tokenizer, limit, corpus)
    weight = model.transformer.wte.weight.detach().float().cpu().numpy()  # (V, C)
    points, _, explained = pca_2d(weight[ids])
    labels = tuple(tokenizer.token_text(i) for i in ids)
    return EmbeddingMap(points=points.astype(np.float32), labels=labels,
                        groups=tuple(token_group(t) for t in labels), token_ids=tuple(ids),
                        explained=(float(explained[0]), float(explained[1])),
                        vocab_size=tokenizer.vocab_size,
                        limited=len(ids) < tokenizer.vocab_size - len(special_ids(tokenizer)))
