"""From a user's text to training batches, in one of two modes.

continuous: the corpus is one long token stream (stories, plays, code); batches are random windows.
lines:      every line is one example (names, sums); each is framed by <sos> ... <eos> and padded,
            and the loss ignores the padding (target -1), as in makemore.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gptstudio.engine.errors import CorpusError, CorpusTooBig, CorpusTooShort
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

IGNORE = -1  # target id the loss skips (torch cross_entropy ignore_index)
SPLIT_SEED = 1337  # lines are shuffled before the split with a fixed seed: same split every run

# The largest corpus file GPT Studio opens (app and CLI alike). Measured on 2 CPU cores with plain
# English text (the editor filled in 512 KiB pieces; RSS of the app process):
#   size    editor fill   char stats   word tokenizer + dataset   BPE tokenizer + dataset   peak RSS
#   20 MB   1.0 s         1.1 s        -                          -                         0.25 GB
#   50 MB   3.4 s         2.4-5 s      8 s + 10 s                 17 s + 27 s               0.4-1.1 GB
#   100 MB  10 s          10 s         -                          -                         0.7-2 GB
# Past 50 MB every step a beginner waits on (opening, counting, the first training step) takes
# tens of seconds, and the app needs gigabytes; 50 MB is 50x Tiny Shakespeare, more than a small
# GPT trained on one computer makes use of.
MAX_CORPUS_BYTES = 50_000_000
PIECE = 1 << 20  # characters encoded per call; one HF encode() of 50 MB took 6.7 GB of memory

_BINARY_SIGNATURES = {  # what the file looks like, put in "This file is not text: it looks like ..."
    b"%PDF": QT_TRANSLATE_NOOP("Engine", "a PDF document"),
    b"\x89PNG": QT_TRANSLATE_NOOP("Engine", "a PNG image"),
    b"\xff\xd8\xff": QT_TRANSLATE_NOOP("Engine", "a JPEG image"),
    b"GIF8": QT_TRANSLATE_NOOP("Engine", "a GIF image"),
    b"PK\x03\x04": QT_TRANSLATE_NOOP("Engine", "a zip archive (or a Word/Excel file)"),
    b"\x1f\x8b": QT_TRANSLATE_NOOP("Engine", "a gzip archive"),
    b"\x7fELF": QT_TRANSLATE_NOOP("Engine", "a program"),
    b"MZ": QT_TRANSLATE_NOOP("Engine", "a Windows program"),
    b"\xd0\xcf\x11\xe0": QT_TRANSLATE_NOOP("Engine", "an old Office document"),
    b"Rar!": QT_TRANSLATE_NOOP("Engine", "a RAR archive"),
    b"7z\xbc\xaf": QT_TRANSLATE_NOOP("Engine", "a 7-Zip archive"),
    b"ID3": QT_TRANSLATE_NOOP("Engine", "an MP3 file"),
    b"RIFF": QT_TRANSLATE_NOOP("Engine", "a media file"),
}


def check_corpus_size(size: int, appended: bool = False) -> None:
    if size > MAX_CORPUS_BYTES:
        raise CorpusTooBig(size, MAX_CORPUS_BYTES, appended)


def read_corpus_file(path: str | Path) -> str:
    """A text file the user picked -> text. Its size is checked before a byte is read (CorpusTooBig),
    then decode_corpus_bytes says whether it is text at all."""
    with open(path, "rb") as file:
        check_corpus_size(os.fstat(file.fileno()).st_size)
        # At most one byte past the limit: a file that grew since, or a device such as /dev/zero
        # (size 0), is refused without filling the memory.
        raw = file.read(MAX_CORPUS_BYTES + 1)
        check_corpus_size(max(len(raw), os.fstat(file.fileno()).st_size))
    return decode_corpus_bytes(raw)


def decode_corpus_bytes(raw: bytes) -> str:
    """Bytes of a file the user picked -> text, or CorpusError saying why it is not text."""
    for magic, what in _BINARY_SIGNATURES.items():
        if raw.startswith(magic):
            raise CorpusError(Message(QT_TRANSLATE_NOOP(
                "Engine", "This file is not text: it looks like {what}. Choose a plain text file "
                          "(.txt or .md)."), what=Message(what)))
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    elif b"\x00" in raw[:8192]:
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This file is not text: it contains binary data. Choose a plain text file "
                      "(.txt or .md).")))
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
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The corpus is empty: type or paste some text, or open a text file.")))
    if not text.strip():
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The corpus holds only spaces and blank lines: add some text.")))
    sample = text[:100_000]
    control = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd")
    if "\x00" in sample or control > max(10, len(sample) // 100):
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The corpus does not look like text (it holds many control or unreadable "
                      "characters). Open a plain text file instead.")))


def variety_problem(distinct: set[str]) -> Message | None:
    """A text of one character over and over trains (the loss falls to ~0 within a few steps),
    but teaches nothing; say so rather than refuse. distinct: the set of the text's characters."""
    visible = sorted(c for c in distinct if not c.isspace())
    if len(visible) != 1:
        return None
    return Message(QT_TRANSLATE_NOOP(
        "Engine", "The text is a single character ({character}) repeated: a model trained on it can "
                  "only learn to write that character again. Add varied text."),
        character=repr(visible[0]))


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


def text_pieces(text: str, size: int = PIECE):
    """Cuts `text` just after a newline that is followed by a non-space character.

    No word, whitespace run or line straddles such a cut (for str.split, the word tokenizer's
    pattern and byte-level BPE alike), so counts and token ids over the pieces equal those of the
    whole text. One C call over 20 MB (str.split, set(), a regex) holds the GIL for up to a second
    and freezes the GUI; a 1 MB piece holds it for a few milliseconds.
    """
    start, n = 0, len(text)
    while start < n:
        cut = text.find("\n", start + size) if start + size < n else -1
        while 0 <= cut < n - 1 and text[cut + 1].isspace():
            cut = text.find("\n", cut + 1)
        end = n if cut < 0 or cut == n - 1 else cut + 1
        yield text[start:end]
        start = end


def encode_array(tokenizer, text: str, piece: int = PIECE) -> np.ndarray:
    dtype = np.int32 if tokenizer.vocab_size >= 1 << 15 else np.int16
    fast = getattr(tokenizer, "encode_array", None)
    if fast is not None:
        return fast(text).astype(dtype, copy=False)
    parts = [np.asarray(tokenizer.encode(p), dtype=dtype) for p in text_pieces(text, piece)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


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
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "Unknown data mode {mode}: choose 'continuous' or 'lines'."), mode=repr(mode)))
    ids = encode_array(tokenizer, text)
    share = min(val_fraction, 1 - val_fraction)
    minimum = math.ceil((block_size + 2) / share)
    if len(ids) < minimum:
        template = (QT_TRANSLATE_NOOP(
            "Engine", "The corpus is too short: it has {count:,} characters, and a context length "
                      "of {block_size} with {share:.0%} kept for validation needs at least "
                      "{minimum:,}. Add more text or lower the context length.")
            if tokenizer.kind == "char" else QT_TRANSLATE_NOOP(
            "Engine", "The corpus is too short: it has {count:,} tokens, and a context length of "
                      "{block_size} with {share:.0%} kept for validation needs at least {minimum:,}. "
                      "Add more text or lower the context length."))
        raise CorpusTooShort(Message(template, count=len(ids), block_size=block_size,
                                     share=val_fraction, minimum=minimum), minimum)
    cut = len(ids) - max(block_size + 2, int(len(ids) * val_fraction))
    return ContinuousDataset(ids[:cut], ids[cut:], block_size)


def _build_lines(text: str, tokenizer, block_size: int, val_fraction: float) -> LinesDataset:
    lines = [line for line in text.split("\n") if line.strip()]
    minimum = max(2, math.ceil(1 / val_fraction))
    if len(lines) < minimum:
        raise CorpusTooShort(Message(QT_TRANSLATE_NOOP(
            "Engine", "The corpus has {count} non-empty lines; with one example per line and "
                      "{share:.0%} kept for validation it needs at least {minimum}. Add more lines "
                      "or switch to continuous text."),
            count=len(lines), share=val_fraction, minimum=minimum), minimum)
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
    # No prompt in continuous text: start as after a line break, the most neutral place (a
    # WordPiece vocabulary has no token for it: its start token, as its models were trained).
    for start in ("\n", " "):
        if not tokenizer.unknown_in(start) and (ids := tokenizer.encode(start)):
            return ids
    return [tokenizer.sos_id]


def drop_unknown(tokenizer, prompt: str) -> str:
    """The prompt without the characters (or words) that prompt_ids would refuse.

    With words, an unseen space character becomes a plain space, so the words either side stay
    apart. Without a word its neighbours can still meet and form a word that is new as well ("a.b"
    without "." is "ab"), so this repeats until nothing is unknown; each round shortens the prompt.
    """
    while unknown := set(tokenizer.unknown_in(prompt)):
        if tokenizer.kind == "word":
            from gptstudio.engine.tokenizers import split_words

            space = "" if " " in unknown or tokenizer.unknown_in(" ") else " "
            prompt = "".join(("".join(space if c in unknown else c for c in piece) if piece.isspace()
                              else "" if piece in unknown else piece)
                             for piece in split_words(prompt))
        else:
            prompt = "".join(c for c in prompt if c not in unknown)
    return prompt


@dataclass(frozen=True)
class CorpusStats:
    characters: int
    words: int
    lines: int
    distinct_characters: int


def count_words(text: str) -> int:
    """Words as a reader counts them: runs between spaces, and each Chinese or Japanese character
    on its own (those scripts put no spaces between words; the word tokenizer does the same)."""
    from gptstudio.engine.tokenizers import CJK_CHARACTER, CJK_OR_FULL_WIDTH_PUNCTUATION

    if CJK_CHARACTER.search(text) is None:  # most texts: one fast scan, then str.split
        return len(text.split())
    # Full-width punctuation (。，！) belongs to the word before it, as "word," does in English.
    return (len(CJK_CHARACTER.findall(text))
            + len(CJK_OR_FULL_WIDTH_PUNCTUATION.sub(" ", text).split()))



def corpus_stats(text: str) -> CorpusStats:
    return CorpusStats(
        characters=len(text),
        words=count_words(text),
        lines=text.count("\n") + (1 if text and not text.endswith("\n") else 0),
        distinct_characters=len(set(text)),
    )
