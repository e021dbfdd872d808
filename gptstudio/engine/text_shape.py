"""What shape a text has, which data mode suits it, and why, in words a user can check.

The data mode decides what one training example is (engine/data.py): a window anywhere in one long
text ("continuous"), one line ("lines") or one block of lines ("blocks"). A poem collection read as
lines teaches the model single verses and it recites them; read as blocks it learns whole poems.
The guess looks only at the structure, and says what it saw:

- conversations: JSON lines (or a JSON list) of chats or instructions, or blocks of turns that
  start with a user's and an assistant's label ("User:" / "Assistant:", "问：" / "答："): one
  example per conversation, learning the assistant's words (engine/conversations.py);
- separator lines ("%", "---", "***") between pieces: one example per piece (fortune files, song
  collections), unless most of the text is in pieces too long for one example (a play appended
  to a few fortunes, with no separators of its own): one example per piece would learn only the
  first few hundred characters of each, so one continuous text;
- blocks of short lines between blank lines: one example per block (poems, recipes, letters;
  subtitles and sayings a line or two long), unless
  most blocks start with a speaker's name ("HAMLET:"), which makes it a play or a dialogue whose
  turns answer each other: one continuous text;
- many short lines with no blank lines between them: one example per line (names, sums, a word list);
- indented lines full of brackets: program code, one continuous text;
- anything else (paragraphs): one continuous text.
No torch here: the app's Corpus tab calls it on the GUI's statistics thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gptstudio.engine.data import SEPARATORS_NEEDED, separator_lines, split_examples
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

MIN_LINES = 20  # fewer non-blank lines than this: too little structure to go by
MIN_BLOCKS = 10  # blocks needed before "one example per block" is worth guessing
# Blocks longer than this (characters) are learnt cut: half the pieces must fit for "one example
# per block" (Automatic's context for examples goes no further; a novel's chapters are no examples).
MAX_EXAMPLE_CHARACTERS = 256
SHORT_LINE = 60  # characters: verse, list items, a sentence a line (median line length at most)
LIST_LINE = 40  # lines mode: median line at most this long ...
LIST_LINE_P90 = 100  # ... and nine lines in ten at most this long
MAX_BLANK_SHARE = 0.05  # lines mode: at most this share of the lines blank
MAX_BLOCK_LINES = 40  # blocks mode: the median block has at most this many lines
SPEAKER_SHARE = 0.5  # at least this share of blocks opening with "Name:" makes a play or dialogue
# More than this share of the characters beyond MAX_EXAMPLE_CHARACTERS of their piece: most of the
# text would be cut off, whatever its median piece.
MAX_CUT_SHARE = 0.5
# A speaker's name alone on its line, as plays print it: "First Citizen:", "HAMLET:", "用户：".
SPEAKER_LINE = re.compile(r"\s*[^\s:：()\[\]{}=][^:：()\[\]{}=]{0,30}[:：]\s*")
# Program code: many lines indented, and many with brackets or an equals sign.
CODE_SYMBOLS = re.compile(r"[(){}\[\];=]")
CODE_INDENTED_SHARE = 0.25
CODE_SYMBOL_SHARE = 0.3


@dataclass(frozen=True)
class TextShape:
    lines: int  # non-blank lines
    blank_lines: int
    distinct_lines: int
    separator_lines: int  # "%", "---", ... lines
    blocks: int  # examples in "blocks" mode
    median_line: int  # characters, non-blank lines
    p90_line: int
    median_block_lines: int
    median_block_characters: int
    speaker_share: float  # share of blocks whose first line is a speaker's name
    indented_share: float  # share of non-blank lines that start with a space or tab
    symbol_share: float  # share of non-blank lines with brackets, ";" or "="
    cut_share: float  # share of the blocks' characters past MAX_EXAMPLE_CHARACTERS of their block


@dataclass(frozen=True)
class ModeGuess:
    mode: str
    reason: Message  # one sentence: what the text looks like, and so which mode


def measure_shape(text: str) -> TextShape:
    all_lines = text.split("\n")
    filled = [line for line in all_lines if line.strip()]
    lengths = sorted(len(line) for line in filled) or [0]
    separators = len(separator_lines(all_lines))
    blocks = split_examples(text, "blocks")
    block_lines = sorted(b.count("\n") + 1 for b in blocks) or [0]
    block_characters = sorted(len(b) for b in blocks) or [0]
    speakers = sum(1 for b in blocks if SPEAKER_LINE.fullmatch(b.split("\n", 1)[0]))
    return TextShape(
        lines=len(filled) - separators, blank_lines=len(all_lines) - len(filled),
        distinct_lines=len(set(filled)), separator_lines=separators, blocks=len(blocks),
        median_line=lengths[len(lengths) // 2], p90_line=lengths[int(len(lengths) * 0.9)],
        median_block_lines=block_lines[len(block_lines) // 2],
        median_block_characters=block_characters[len(block_characters) // 2],
        speaker_share=speakers / max(1, len(blocks)),
        indented_share=sum(1 for line in filled if line[0] in " \t") / max(1, len(filled)),
        symbol_share=sum(1 for line in filled if CODE_SYMBOLS.search(line)) / max(1, len(filled)),
        cut_share=sum(max(0, n - MAX_EXAMPLE_CHARACTERS) for n in block_characters)
        / max(1, sum(block_characters)))


# The structure shows in a text's first few hundred kilobytes; reading no more keeps the guess
# quick (the Corpus tab recounts it off the GUI thread after every pause in typing).
SAMPLE_CHARACTERS = 500_000


def guess_mode(text: str) -> ModeGuess:
    """The data mode the text's structure suggests (from its first SAMPLE_CHARACTERS: the reason
    then says so)."""
    if len(text) <= SAMPLE_CHARACTERS:
        return _guess(text)
    sample = text[:text.rfind("\n", 0, SAMPLE_CHARACTERS) + 1 or SAMPLE_CHARACTERS]
    guess = _guess(sample)
    return ModeGuess(guess.mode, Message(QT_TRANSLATE_NOOP(
        "Engine", "In its first {count:,} characters: {reason}"), count=len(sample),
        reason=guess.reason))


def _conversations_guess(text: str) -> ModeGuess | None:
    from gptstudio.engine.conversations import looks_like_conversations

    look = looks_like_conversations(text)
    if look is None:
        return None
    if look.shape == "labelled":
        return ModeGuess("chat", Message(QT_TRANSLATE_NOOP(
            "Engine", "{count:,} conversations whose turns start with “{user}” and “{assistant}”: "
                      "one example per conversation, and the model learns to write the "
                      "assistant's answers."), count=look.count, user=look.user_label,
            assistant=look.assistant_label))
    return ModeGuess("chat", Message(QT_TRANSLATE_NOOP(
        "Engine", "{count:,} conversations in JSON (“messages” with roles, or “instruction” and "
                  "“output”): one example per conversation, and the model learns to write the "
                  "assistant's answers."), count=look.count))


def _blank_line_blocks_guess(s) -> ModeGuess | None:
    """Blocks between blank lines, if the text is made of them (a poem's verses, a recipe, a
    subtitle), or None."""
    # Blocks of one line count too where their lines are as short as a list's: subtitles with their
    # timings removed, sayings, between blank lines, are pieces to learn whole (a cue of two lines
    # stays one example). Longer single lines between blank lines are paragraphs of prose.
    blocky = (s.blocks >= MIN_BLOCKS and s.median_block_lines <= MAX_BLOCK_LINES
              and s.median_line <= (SHORT_LINE if s.median_block_lines >= 2 else LIST_LINE))
    if not blocky:
        return None
    if s.speaker_share >= SPEAKER_SHARE:
        return ModeGuess("continuous", Message(QT_TRANSLATE_NOOP(
            "Engine", "{share:.0%} of its {blocks:,} blocks start with a speaker's name: a play or "
                      "a dialogue, whose turns answer each other, so one continuous text."),
            share=s.speaker_share, blocks=s.blocks))
    if s.median_block_lines == 1:
        return ModeGuess("blocks", Message(QT_TRANSLATE_NOOP(
            "Engine", "{lines:,} short lines in {blocks:,} blocks separated by blank lines, most "
                      "of them one line: one example per block, so the model learns whole blocks "
                      "(a subtitle, a saying)."), lines=s.lines, blocks=s.blocks))
    return ModeGuess("blocks", Message(QT_TRANSLATE_NOOP(
        "Engine", "{lines:,} short lines in {blocks:,} blocks separated by blank lines: one "
                  "example per block, so the model learns whole blocks (a poem, a verse, a "
                  "recipe)."), lines=s.lines, blocks=s.blocks))


def _guess(text: str) -> ModeGuess:
    chat = _conversations_guess(text)
    if chat is not None:
        return chat
    s = measure_shape(text)
    if s.lines < MIN_LINES:
        return ModeGuess("continuous", Message(QT_TRANSLATE_NOOP(
            "Engine", "Only {lines:,} lines: too little to tell a structure, so one continuous "
                      "text."), lines=s.lines))
    if s.indented_share >= CODE_INDENTED_SHARE and s.symbol_share >= CODE_SYMBOL_SHARE:
        return ModeGuess("continuous", Message(QT_TRANSLATE_NOOP(
            "Engine", "{indented:.0%} of the lines are indented and {symbols:.0%} hold brackets or "
                      "“=”: program code, so one continuous text."),
            indented=s.indented_share, symbols=s.symbol_share))
    if s.blocks >= MIN_BLOCKS and s.median_block_characters > MAX_EXAMPLE_CHARACTERS:
        return ModeGuess("continuous", Message(QT_TRANSLATE_NOOP(
            "Engine", "{blocks:,} pieces, half of them over {length:,} characters: too long to "
                      "learn one at a time, so one continuous text."),
            blocks=s.blocks, length=s.median_block_characters))
    if s.blocks >= MIN_BLOCKS and s.cut_share > MAX_CUT_SHARE:
        return ModeGuess("continuous", Message(QT_TRANSLATE_NOOP(
            "Engine", "{blocks:,} pieces, but {share:.0%} of the text lies past the first {length:,} "
                      "characters of a piece, which one example per piece would cut off: one "
                      "continuous text, so that all of it is learnt."),
            blocks=s.blocks, share=s.cut_share, length=MAX_EXAMPLE_CHARACTERS))
    if s.separator_lines >= SEPARATORS_NEEDED and s.blocks >= MIN_BLOCKS:
        return ModeGuess("blocks", Message(QT_TRANSLATE_NOOP(
            "Engine", "{lines:,} lines in {blocks:,} pieces separated by lines such as “%”: one "
                      "example per piece, so the model learns whole pieces."),
            lines=s.lines, blocks=s.blocks))
    blocks = _blank_line_blocks_guess(s)
    if blocks is not None:
        return blocks
    if (s.median_line <= LIST_LINE and s.p90_line <= LIST_LINE_P90
            and s.blank_lines < MAX_BLANK_SHARE * (s.lines + s.blank_lines)):
        return ModeGuess("lines", Message(QT_TRANSLATE_NOOP(
            "Engine", "{lines:,} short lines (half of them {median} characters or shorter) with no "
                      "blank lines between them: a list, so one example per line."),
            lines=s.lines, median=s.median_line))
    if s.median_line > SHORT_LINE:
        return ModeGuess("continuous", Message(QT_TRANSLATE_NOOP(
            "Engine", "Long lines (half of them over {median} characters): running text, so one "
                      "continuous text."), median=s.median_line))
    return ModeGuess("continuous", Message(QT_TRANSLATE_NOOP(
        "Engine", "{lines:,} lines with no list or block structure: one continuous text (the model "
                  "learns to continue any part of it)."), lines=s.lines))
