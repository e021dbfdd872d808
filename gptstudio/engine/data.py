"""From a user's text to training batches, in one of three modes.

continuous: the corpus is one long token stream (stories, plays, code); batches are random windows.
lines:      every line is one example (names, sums);
blocks:     every block of lines is one example (poems, songs, recipes, quotations): blocks are
            separated by blank lines, or by separator lines ("%", "---", "***") where the text has
            them (a blank line inside a poem then stays in it).
In lines and blocks, each example is framed by <sos> ... <eos> and padded, and the loss ignores the
padding (target -1), as in makemore; generation starts fresh and ends at <eos>.
chat:       every conversation is one example (engine/conversations.py reads them), laid out by the
            chat template (engine/chat_template.py); the loss ignores the user's turns and the
            template's markers as it ignores padding, so only the assistant's words are learned.
Continuous text keeps its last share aside to check the model; the modes with one example per row
keep a share of the examples aside, chosen by what they say (engine/holdout.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from gptstudio.engine.config import DATA_MODES, EXAMPLE_MODES
from gptstudio.engine.errors import CorpusError, CorpusTooShort
from gptstudio.engine.holdout import min_examples, split_examples_by_content
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.text_files import check_corpus_text

IGNORE = -1  # target id the loss skips (torch cross_entropy ignore_index)
PIECE = 1 << 20  # characters encoded per call; one HF encode() of 50 MB took 6.7 GB of memory
LONGEST_START = 60  # characters of the longest example kept to name it (its first line, at most)

# A line that only separates: "%" (fortune files), "---", "***", "===", "___", "~~~", "* * *".
SEPARATOR_LINE = re.compile(r"[ \t]*(?:%+|-{3,}|\*{3,}|={3,}|_{3,}|~{3,}|(?:\* ?){3,})[ \t]*")
# A Markdown heading's underline ("Title" then "=====") separates nothing.
UNDERLINE = re.compile(r"[ \t]*(?:-{3,}|={3,})[ \t]*")
# Separator lines split a text into pieces only where there are this many of them (a few section
# dividers in a collection of poems separated by blank lines split it into a few long pieces).
SEPARATORS_NEEDED = 9


def separator_lines(lines: list[str]) -> list[int]:
    """Indices of the lines that separate pieces (not a heading's underline)."""
    found = []
    for i, line in enumerate(lines):
        if not line.strip() or SEPARATOR_LINE.fullmatch(line) is None:
            continue
        above = lines[i - 1].strip() if i else ""
        # An underline about as long as the text above it underlines that text.
        if (UNDERLINE.fullmatch(line) and above and not SEPARATOR_LINE.fullmatch(above)
                and len(line.strip()) >= 0.75 * len(above)):
            continue
        found.append(i)
    return found


def split_examples(text: str, mode: str) -> list[str]:
    """The examples of a text in an example mode: its non-blank lines, or its blocks."""
    if mode == "lines":
        return [line for line in text.split("\n") if line.strip()]
    lines = text.split("\n")
    separators = set(separator_lines(lines))
    by_separators = len(separators) >= SEPARATORS_NEEDED
    blocks, current = [], []
    for i, line in enumerate(lines):
        if by_separators:
            ends_block = i in separators
        else:
            ends_block = not line.strip()
        if ends_block:
            blocks.append(current)
            current = []
        else:
            current.append(line)
    blocks.append(current)
    out = []
    for block in blocks:
        while block and not block[0].strip():  # blank lines at a block's edges belong to no one
            block = block[1:]
        while block and not block[-1].strip():
            block = block[:-1]
        if block and not all(SEPARATOR_LINE.fullmatch(line) for line in block):  # a lone "* * *"
            out.append("\n".join(block))
    return out


def first_examples(text: str, mode: str, block_size: int, count: int = 3) -> list:
    """The first examples as the model sees them (for a preview), each with whether it is cut:
    lines or blocks, cut where training cuts them (the context holds <sos> and the text; <eos>
    only where it fits); in continuous text, the first windows of the context's length. Lengths
    are in characters: with the character tokenizer, tokens. Conversations are
    chat_data.first_conversations (each knows whether it is cut)."""
    if mode == "chat":
        from gptstudio.engine.chat_data import first_conversations

        return first_conversations(text, block_size, count)
    if mode in EXAMPLE_MODES:
        examples = []
        for example in split_examples(text[:200_000], mode):  # the first few are near the start
            cut = len(example) + 2 > block_size + 1
            examples.append((example[:block_size] if cut else example, cut))
            if len(examples) == count:
                break
        return examples
    return [(text[i * block_size:(i + 1) * block_size], False) for i in range(count)
            if text[i * block_size:(i + 1) * block_size]]


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

    def train_targets(self) -> np.ndarray:
        """Every token the loss scores in the training split (the next tokens it predicts)."""
        raise NotImplementedError

    def unigram_entropy(self) -> float:
        """The loss (nats per token) of guessing by frequency alone: each next token as likely as
        it is common in the training text. A model below it has learned what follows what."""
        counts = np.bincount(self.train_targets())
        p = counts[counts > 0] / counts.sum()
        return float(-(p * np.log(p)).sum())


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

    def train_targets(self) -> np.ndarray:
        return self.splits["train"][1:].astype(np.int64)


class ExamplesDataset(Dataset):
    """Lines or blocks: one example per row, <sos> tokens <eos>, then IGNORE up to block_size + 1
    columns. An example longer than that is cut (truncated counts them).

    How the counts add up: text_tokens (the examples' own tokens; the line breaks and blank lines
    between examples belong to none) + 2 markers per example - cut_tokens (cut off by the context)
    = train_tokens + val_tokens.

    Conversations: the same rows, with targets beside them that are IGNORE where the loss learns
    nothing (the user's turns, the template); `answers` are the held-out replies short enough to
    be checked word for word (chat_eval.py)."""

    def __init__(self, mode: str, train: np.ndarray, val: np.ndarray, block_size: int, pad_id: int,
                 truncated: int, text_tokens: int = 0, cut_tokens: int = 0,
                 targets: dict[str, np.ndarray] | None = None, answers: tuple = (),
                 first_question: str = "", longest: tuple[int, str] = (0, "")):
        self.mode = mode
        self.splits = {"train": train, "val": val}
        self.targets = targets or self.splits  # what the loss learns at each position
        self.answers = answers  # (val row, start, end) of each reply checked
        self.first_question = first_question  # a held-out question: the samples answer it
        self.lengths = {name: (rows != IGNORE).sum(axis=1) for name, rows in self.splits.items()}
        self.block_size = block_size
        self.pad_id = pad_id
        self.truncated = truncated
        self.text_tokens, self.cut_tokens = text_tokens, cut_tokens
        # The longest example: its tokens and how it begins (a user finds it by its first words).
        self.longest_tokens, self.longest_start = longest
        self.train_tokens = int(self.lengths["train"].sum())
        self.val_tokens = int(self.lengths["val"].sum())
        self.train_examples, self.val_examples = len(train), len(val)

    def get_batch(self, split, batch_size, rng):
        rows = self.splits[split]
        picked = rng.integers(0, len(rows), size=batch_size)
        # Batches are only as wide as their longest example: short items (names) train much faster.
        width = int(self.lengths[split][picked].max())
        x = rows[picked, :width - 1].astype(np.int64)
        y = self.targets[split][picked, 1:width].astype(np.int64)
        x[x == IGNORE] = self.pad_id
        return x, y

    def train_targets(self) -> np.ndarray:
        targets = self.targets["train"][:, 1:]  # after <sos>: the example's tokens and its <eos>
        return targets[targets != IGNORE].astype(np.int64)


def build_dataset(text: str, tokenizer, mode: str, block_size: int, val_fraction: float = 0.1) -> Dataset:
    check_corpus_text(text)
    if mode in EXAMPLE_MODES:
        return _build_examples(text, tokenizer, mode, block_size, val_fraction)
    if mode == "chat":
        from gptstudio.engine.chat_data import build_chat_dataset

        return build_chat_dataset(text, tokenizer, block_size, val_fraction)
    if mode != "continuous":
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "Unknown data mode {mode}: choose one of {choices}."), mode=repr(mode),
            choices=", ".join(DATA_MODES)))
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


def require_enough_examples(count: int, mode: str, val_fraction: float) -> None:
    """CorpusTooShort unless `count` lines or blocks leave some to learn from and some to check
    with (the dataset, and Automatic choosing for it, ask the same)."""
    minimum = min_examples(val_fraction)
    if count < minimum:
        template = (QT_TRANSLATE_NOOP(
            "Engine", "The corpus has {count} non-empty lines; with one example per line and "
                      "{share:.0%} kept for validation it needs at least {minimum}. Add more lines "
                      "or switch to continuous text.") if mode == "lines" else QT_TRANSLATE_NOOP(
            "Engine", "The corpus has {count} blocks; with one example per block and {share:.0%} "
                      "kept for validation it needs at least {minimum}. Add more blocks (separated "
                      "by blank lines) or switch to continuous text."))
        raise CorpusTooShort(Message(template, count=count, share=val_fraction,
                                     minimum=minimum), minimum)


def _build_examples(text: str, tokenizer, mode: str, block_size: int,
                    val_fraction: float) -> ExamplesDataset:
    examples = split_examples(text, mode)
    require_enough_examples(len(examples), mode, val_fraction)
    held_out, learnt = split_examples_by_content(examples, val_fraction)
    width = block_size + 1
    truncated = text_tokens = cut_tokens = 0
    longest = (0, "")

    def rows_of(indices) -> np.ndarray:
        nonlocal truncated, text_tokens, cut_tokens, longest
        rows = np.full((len(indices), width), IGNORE, dtype=np.int32)
        for r, i in enumerate(indices):
            ids = [tokenizer.sos_id, *tokenizer.encode(examples[i]), tokenizer.eos_id]
            text_tokens += len(ids) - 2
            if len(ids) - 2 > longest[0]:
                longest = (len(ids) - 2, examples[i][:LONGEST_START].split("\n", 1)[0])
            if len(ids) > width:
                truncated += 1
                cut_tokens += len(ids) - width
                ids = ids[:width]
            rows[r, : len(ids)] = ids
        return rows

    val_rows, train_rows = rows_of(held_out), rows_of(learnt)
    return ExamplesDataset(mode, train_rows, val_rows, block_size, tokenizer.pad_id, truncated,
                           text_tokens, cut_tokens, longest=longest)


def prompt_ids(tokenizer, mode: str, prompt: str) -> list[int]:
    """Token ids a sample starts from. Raises UnknownCharacters naming what cannot be encoded.
    In chat, the prompt is a transcript ("User: …" lines) or one question: the reply's prompt."""
    if mode == "chat":
        from gptstudio.engine.chat_template import transcript_prompt_ids

        return transcript_prompt_ids(tokenizer, prompt)
    unknown = tokenizer.unknown_in(prompt)
    if unknown:
        from gptstudio.engine.errors import UnknownCharacters

        raise UnknownCharacters(unknown, "characters" if tokenizer.kind == "char" else "words")
    ids = tokenizer.encode(prompt) if prompt else []
    if mode in EXAMPLE_MODES:
        return [tokenizer.sos_id, *ids]
    if ids:
        return ids
    # No prompt in continuous text: start as after a line break, the most neutral place (a
    # WordPiece vocabulary has no token for it: its start token, as its models were trained).
    for start in ("\n", " "):
        if not tokenizer.unknown_in(start) and (ids := tokenizer.encode(start)):
            return ids
    return [tokenizer.sos_id]


def drop_unknown(tokenizer, prompt: str, mode: str = "") -> str:
    """The prompt without the characters (or words) that prompt_ids would refuse.

    With words, an unseen space character becomes a plain space, so the words either side stay
    apart. Without a word its neighbours can still meet and form a word that is new as well ("a.b"
    without "." is "ab"), so this repeats until nothing is unknown; each round shortens the prompt.
    In chat, the turns of a transcript lose them and the speakers' labels stay.
    """
    if mode == "chat":
        from gptstudio.engine.chat_template import transcript, transcript_turns
        from gptstudio.engine.conversations import Turn, label_of

        if not any(label_of(line) for line in prompt.split("\n")):
            return drop_unknown(tokenizer, prompt)  # a plain question
        turns = [Turn(t.role, drop_unknown(tokenizer, t.text)) for t in transcript_turns(prompt)]
        return transcript(tokenizer.chat, turns)
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


def model_text(text: str, mode: str) -> str:
    """What the model reads of a corpus, whose characters (or words) its tokenizer must know: the
    text itself, or in chat what the conversations say (not their labels or JSON). CorpusError
    where a conversation cannot be read."""
    if mode != "chat":
        return text
    from gptstudio.engine.conversations import conversation_text, parse_conversations

    return conversation_text(parse_conversations(text).conversations)


@dataclass(frozen=True)
class CorpusStats:
    characters: int
    words: int
    lines: int
    distinct_characters: int
    alphabet: frozenset = field(default=frozenset(), repr=False)  # the distinct characters
    unspaced_words: int = 0  # of the words, Chinese or Japanese characters counted one a word

    @property
    def spaced(self) -> bool:
        """Whether the text writes spaces between its words, and so whether its word count tells a
        reader anything. Chinese and Japanese do not: each character counts as a word (as the
        word tokenizer splits them), and a count of them only repeats the characters'."""
        return self.unspaced_words * 2 <= self.words


def count_words(text: str) -> int:
    """Words as a reader counts them: runs between spaces, and each Chinese or Japanese character
    on its own (those scripts put no spaces between words; the word tokenizer does the same)."""
    return _count_words(text)[0]


def _count_words(text: str) -> tuple[int, int]:
    """(words, of them the Chinese or Japanese characters) as count_words counts them."""
    from gptstudio.engine.tokenizers import CJK_CHARACTER, CJK_OR_FULL_WIDTH_PUNCTUATION

    if CJK_CHARACTER.search(text) is None:  # most texts: one fast scan, then str.split
        return len(text.split()), 0
    # Full-width punctuation (。，！) belongs to the word before it, as "word," does in English.
    unspaced = len(CJK_CHARACTER.findall(text))
    return unspaced + len(CJK_OR_FULL_WIDTH_PUNCTUATION.sub(" ", text).split()), unspaced



def corpus_stats(text: str, piece: int = PIECE) -> CorpusStats:
    """The counts a reader sees, piece by piece (text_pieces: the same counts as the whole text at
    once, with the GIL free between pieces for a window on another thread)."""
    words = unspaced = 0
    alphabet = set()
    for part in text_pieces(text, piece):
        counted = _count_words(part)
        words, unspaced = words + counted[0], unspaced + counted[1]
        alphabet.update(part)
    return CorpusStats(
        characters=len(text),
        words=words,
        lines=text.count("\n") + (1 if text and not text.endswith("\n") else 0),
        distinct_characters=len(alphabet),
        alphabet=frozenset(alphabet),
        unspaced_words=unspaced,
    )
