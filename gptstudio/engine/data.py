"""From a user's text to training batches, in one of two modes.

continuous: the corpus is one long token stream (stories, plays, code); batches are random windows.
lines:      every line is one example (names, sums); each is framed by <sos> ... <eos> and padded,
            and the loss ignores the padding (target -1), as in makemore.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gptstudio.engine.errors import CorpusError, CorpusTooShort

IGNORE = -1  # target id the loss skips (torch cross_entropy ignore_index)
SPLIT_SEED = 1337  # lines are shuffled before the split with a fixed seed: same split every run

_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (or a Word/Excel file)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
    b"MZ": "a Windows program",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"ID3": "an MP3 file",
    b"RIFF": "a media file",
}


def decode_corpus_bytes(raw: bytes) -> str:
    """Bytes of a file the user picked -> text, or CorpusError saying why it is not text."""
    for magic, what in _BINARY_SIGNATURES.items():
        if raw.startswith(magic):
            raise CorpusError(f"This file is not text: it looks like {what}. "
                              "Choose a plain text file (.txt or .md).")
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    elif b"\x00" in raw[:8192]:
        raise CorpusError("This file is not text: it contains binary data. "
                          "Choose a plain text file (.txt or .md).")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Older Windows editors save in cp1252; latin-1 accepts any byte at all.
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_corpus_text(text)
    return text


def check_corpus_text(text: str) -> None:
    if not text:
        raise CorpusError("The corpus is empty: type or paste some text, or open a text file.")
    if not text.strip():
        raise CorpusError("The corpus holds only spaces and blank lines: add some text.")
    sample = text[:100_000]
    control = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd")
    if "\x00" in sample or control > max(10, len(sample) // 100):
        raise CorpusError("The corpus does not look like text (it holds many control or unreadable "
                          "characters). Open a plain text file instead.")


def suggest_mode(text: str) -> str:
    """'lines' for lists of short items (names, sums, one sentence per line), else 'continuous'."""
    lines = text.split("\n")
    filled = [len(line) for line in lines if line.strip()]
    if len(filled) < 20:
        return "continuous"
    blank_share = 1 - len(filled) / max(1, len(lines))
    filled.sort()
    median, p90 = filled[len(filled) // 2], filled[int(len(filled) * 0.9)]
    return "lines" if median <= 40 and p90 <= 100 and blank_share < 0.05 else "continuous"


def encode_array(tokenizer, text: str) -> np.ndarray:
    fast = getattr(tokenizer, "encode_array", None)
    ids = fast(text) if fast is not None else np.asarray(tokenizer.encode(text), dtype=np.int64)
    return ids.astype(np.int32 if tokenizer.vocab_size >= 1 << 15 else np.int16, copy=False)


class Dataset:
    mode: str
    block_size: int
    train_tokens: int
    val_tokens: int

    def get_batch(self, split: str, batch_size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError


class ContinuousDataset(Dataset):
    mode = "continuous"

    def __init__(self, train: np.ndarray, val: np.ndarray, block_size: int):
        self.splits = {"train": train, "val": val}
        self.block_size = block_size
        self.train_tokens, self.val_tokens = len(train), len(val)

    def get_batch(self, split, batch_size, rng):
        data, t = self.splits[split], self.block_size
        starts = rng.integers(0, len(data) - t, size=batch_size)
        windows = data[starts[:, None] + np.arange(t + 1)].astype(np.int64)
        return windows[:, :-1], windows[:, 1:]


class LinesDataset(Dataset):
    mode = "lines"

    def __init__(self, train: np.ndarray, val: np.ndarray, block_size: int, pad_id: int, truncated: int):
        # Each row: <sos> tokens <eos>, then IGNORE up to block_size + 1 columns.
        self.splits = {"train": train, "val": val}
        self.lengths = {name: (rows != IGNORE).sum(axis=1) for name, rows in self.splits.items()}
        self.block_size = block_size
        self.pad_id = pad_id
        self.truncated_lines = truncated
        self.train_tokens = int(self.lengths["train"].sum())
        self.val_tokens = int(self.lengths["val"].sum())
        self.train_lines, self.val_lines = len(train), len(val)

    def get_batch(self, split, batch_size, rng):
        rows = self.splits[split]
        picked = rng.integers(0, len(rows), size=batch_size)
        # Batches are only as wide as their longest line: short items (names) train much faster.
        width = int(self.lengths[split][picked].max())
        chosen = rows[picked, :width].astype(np.int64)
        x, y = chosen[:, :-1].copy(), chosen[:, 1:].copy()
        x[x == IGNORE] = self.pad_id
        return x, y


def build_dataset(text: str, tokenizer, mode: str, block_size: int, val_fraction: float = 0.1) -> Dataset:
    check_corpus_text(text)
    if mode == "lines":
        return _build_lines(text, tokenizer, block_size, val_fraction)
    if mode != "continuous":
        raise CorpusError(f"Unknown data mode {mode!r}: choose 'continuous' or 'lines'.")
    ids = encode_array(tokenizer, text)
    share = min(val_fraction, 1 - val_fraction)
    minimum = math.ceil((block_size + 2) / share)
    if len(ids) < minimum:
        unit = "characters" if tokenizer.kind == "char" else "tokens"
        raise CorpusTooShort(
            f"The corpus is too short: it has {len(ids):,} {unit}, and a context length of "
            f"{block_size} with {val_fraction:.0%} kept for validation needs at least {minimum:,}. "
            "Add more text or lower the context length.", minimum)
    cut = len(ids) - max(block_size + 2, int(len(ids) * val_fraction))
    return ContinuousDataset(ids[:cut], ids[cut:], block_size)


def _build_lines(text: str, tokenizer, block_size: int, val_fraction: float) -> LinesDataset:
    lines = [line for line in text.split("\n") if line.strip()]
    minimum = max(2, math.ceil(1 / val_fraction))
    if len(lines) < minimum:
        raise CorpusTooShort(
            f"The corpus has {len(lines)} non-empty lines; with one example per line and "
            f"{val_fraction:.0%} kept for validation it needs at least {minimum}. "
            "Add more lines or switch to continuous text.", minimum)
    order = np.random.default_rng(SPLIT_SEED).permutation(len(lines))
    n_val = max(1, int(round(len(lines) * val_fraction)))
    width = block_size + 1
    truncated = 0

    def rows_of(indices) -> np.ndarray:
        nonlocal truncated
        rows = np.full((len(indices), width), IGNORE, dtype=np.int32)
        for r, i in enumerate(indices):
            ids = [tokenizer.sos_id, *tokenizer.encode(lines[i]), tokenizer.eos_id]
            if len(ids) > width:
                truncated += 1
                ids = ids[:width]
            rows[r, : len(ids)] = ids
        return rows

    val_rows, train_rows = rows_of(order[:n_val]), rows_of(order[n_val:])
    return LinesDataset(train_rows, val_rows, block_size, tokenizer.pad_id, truncated)


def prompt_ids(tokenizer, mode: str, prompt: str) -> list[int]:
    """Token ids a sample starts from. Raises UnknownCharacters naming what cannot be encoded."""
    unknown = tokenizer.unknown_in(prompt)
    if unknown:
        from gptstudio.engine.errors import UnknownCharacters

        raise UnknownCharacters(unknown, "characters" if tokenizer.kind == "char" else "words")
    ids = tokenizer.encode(prompt) if prompt else []
    if mode == "lines":
        return [tokenizer.sos_id, *ids]
    if ids:
        return ids
    # No prompt in continuous text: start as after a line break, the most neutral place.
    for start in ("\n", " "):
        if not tokenizer.unknown_in(start):
            return tokenizer.encode(start)
    return [tokenizer.sos_id]


@dataclass(frozen=True)
class CorpusStats:
    characters: int
    words: int
    lines: int
    distinct_characters: int


def corpus_stats(text: str) -> CorpusStats:
    return CorpusStats(
        characters=len(text),
        words=len(text.split()),
        lines=text.count("\n") + (1 if text and not text.endswith("\n") else 0),
        distinct_characters=len(set(text)),
    )
