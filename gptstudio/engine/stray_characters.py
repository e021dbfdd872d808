"""Stray characters in an otherwise ordinary text: what they are, where, and a clean copy without them.

Text copied out of a terminal program or an old document often carries characters no reader sees:
colour codes (ANSI escape sequences such as ESC[32m, which `fortune`-style collections and
`ls --color` output hold), backspaces (old man pages print bold as "a\\ba"), form feeds (page
breaks), NUL bytes, zero-width spaces. A model would learn them as if they were letters, and the
editor shows them as boxes. They are no reason to refuse a file: the app shows what it found and
offers to clean it in one (undoable) step; the CLI cleans and says what it removed.

Kept as they are: tab and line feed; zero-width joiner and non-joiner (U+200D, U+200C), which
emoji sequences and Persian or Indic scripts need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message, joined

# One pattern with a named group per kind; the order decides where patterns overlap (an escape
# sequence is one stray item, not an ESC plus letters).
_KINDS = (
    # CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \; one left open ends at the line's
    # end, never eating the lines after it), nF escapes (ESC ( B, which `tput sgr0` writes), and
    # two-byte escapes (ESC x).
    ("escape", r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|\x1b[ -/]+[0-~]"
               r"|\x1b[@-Z\\-_]?"),
    # A character struck over by a backspace ("_\bA" underlines A): the character before goes too
    # (_scan takes it). Every pattern here starts with its stray character, so the regex engine
    # skips ordinary text quickly: an optional character in front made a 20 MB scan take 5 s.
    ("backspace", r"\x08"),
    ("form_feed", r"\x0c"),
    ("nul", r"\x00"),
    ("zero_width", "[\u200b\u2060\ufeff\u180e]"),
    ("unreadable", "\ufffd"),
    ("control", "[\x01-\x07\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]"),
)
_PATTERN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _KINDS))
# Any character a stray item starts with. A search for one character class skips ordinary text
# fast (20 ms a megabyte); the whole alternation above took 400 ms a megabyte, so it is only tried
# where this finds something.
_FIRST = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\u180e\ufffd]")
PLACES_SHOWN = 3  # first places reported per kind

KIND_WORDS = {  # "{count} {what}" in a sentence: how a user would call each kind
    "escape": QT_TRANSLATE_NOOP("Engine", "terminal colour codes (escape sequences such as ESC[32m)"),
    "backspace": QT_TRANSLATE_NOOP("Engine", "backspaces (with the characters they strike over)"),
    "form_feed": QT_TRANSLATE_NOOP("Engine", "page breaks (form feeds)"),
    "nul": QT_TRANSLATE_NOOP("Engine", "NUL characters"),
    "zero_width": QT_TRANSLATE_NOOP("Engine", "invisible zero-width characters"),
    "unreadable": QT_TRANSLATE_NOOP("Engine", "unreadable characters (�, bytes that did not decode)"),
    "control": QT_TRANSLATE_NOOP("Engine", "other control characters"),
}


@dataclass(frozen=True, slots=True)
class StrayKind:
    kind: str  # a key of KIND_WORDS
    count: int  # how many items (an escape sequence counts once)
    places: tuple[tuple[int, int], ...]  # (line, column) of the first few, both from 1


@dataclass(frozen=True, slots=True)
class StrayReport:
    kinds: tuple[StrayKind, ...]  # in the order of KIND_WORDS, only those found
    removed: int  # characters a clean copy leaves out

    @property
    def found(self) -> bool:
        return bool(self.kinds)

    def describe(self) -> Message:
        """'640 terminal colour codes (…) from line 1, 3 NUL characters from line 300' as one
        phrase list (a Message the app translates item by item)."""
        items = []
        for k in self.kinds:
            lines = joined([str(line) for line, _ in k.places], ", ")
            items.append(Message(QT_TRANSLATE_NOOP("Engine", "{count:,} {what} (first on lines {lines})")
                                 if len(k.places) > 1 else
                                 QT_TRANSLATE_NOOP("Engine", "{count:,} {what} (on line {lines})"),
                                 count=k.count, what=Message(KIND_WORDS[k.kind]), lines=lines))
        return joined(items, "; ")


def find_stray(text: str) -> StrayReport:
    return _scan(text)[1]


def clean_stray(text: str) -> tuple[str, StrayReport]:
    """The text without its stray characters, and what was removed."""
    return _scan(text)


PIECE = 1 << 20  # characters scanned per regex call: one call over 20 MB held the GIL for seconds


def _matches(text: str):
    """The pattern's matches, found a piece at a time (pieces end at a line break: no escape
    sequence, backspace pair or zero-width character spans one), so other threads (the app's
    window) run between pieces."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + PIECE)
        end = len(text) if end < 0 else end + 1
        at = start
        while (first := _FIRST.search(text, at, end)) is not None:
            match = _PATTERN.match(text, first.start(), end)
            yield match
            at = match.end()
        start = end


def _scan(text: str) -> tuple[str, StrayReport]:
    counts: dict[str, int] = {}
    places: dict[str, list[tuple[int, int]]] = {}
    pieces, kept_from, removed = [], 0, 0
    line, line_start, counted_to = 1, 0, 0  # line numbers are counted lazily, only up to a match
    for match in _matches(text):
        kind, start = match.lastgroup, match.start()
        if kind == "backspace" and start > kept_from and text[start - 1] != "\n":
            start -= 1  # the struck-over character
        counts[kind] = counts.get(kind, 0) + 1
        if len(places.setdefault(kind, [])) < PLACES_SHOWN:
            newlines = text.count("\n", counted_to, start)
            if newlines:
                line += newlines
                line_start = text.rindex("\n", counted_to, start) + 1
            counted_to = start
            if not places[kind] or places[kind][-1][0] != line:  # one place a line
                places[kind].append((line, start - line_start + 1))
        pieces.append(text[kept_from:start])
        kept_from = match.end()
        removed += match.end() - start
    if not counts:
        return text, StrayReport((), 0)
    pieces.append(text[kept_from:])
    kinds = tuple(StrayKind(name, counts[name], tuple(places[name]))
                  for name in KIND_WORDS if name in counts)
    return "".join(pieces), StrayReport(kinds, removed)
