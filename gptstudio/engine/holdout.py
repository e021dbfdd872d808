"""Which examples are kept aside to check the model (validation) and which it learns from, in the
modes with one example per row: lines, blocks and chat. (Continuous text keeps its last share aside:
data.build_dataset.)

The examples are chosen by what they say, not by where they stand. Each example's text is hashed
(BLAKE2b: the same on every computer and in every process, where Python's hash() of a str is salted
per process), the examples are ranked by their hash, copies in the order they stand, and the first
share of that ranking is held out. An example keeps its side however the text around it changes:
in a text without repeated examples, each one added, removed or edited moves itself and at most
one other, at the boundary; where examples repeat, a few more can move there (a group of copies
that did not fit the share may fit once it grows, and push single ones out). So runs before and
after an edit are checked on nearly the same examples and their validation losses can be compared.
(Shuffling the examples with a fixed seed, as GPT Studio did before, dealt them all anew when one
line was added.)

Copies of one example hash alike, and are held out or learnt together: a checked copy of a learnt
line measures recall, not how well the model generalises. So the ranking is walked example by
example, each held out with all its copies while they fit in the share; one whose copies do not fit
is learnt, and the walk goes on with the next. A text of fewer different examples than the datasets
need (ten, at a tenth kept aside), or one whose every example is repeated past the share, has no
example to spare: there copies are told apart by their number, and some copies of each are held
out (_split_copies).

engine/program/train.py (the run as a readable program, code_export.py) writes this same split out
plainly; tests/engine/test_code_export.py checks that the two agree.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import numpy as np

# Written into a checkpoint's meta.json: its model was trained on this split. A checkpoint without
# it was trained while the examples were shuffled with a fixed seed (training_run.py says so on
# resuming one).
SPLIT_KIND = "content"


def content_key(text: str) -> bytes:
    """An example's place in the ranking: 8 bytes of its text's BLAKE2b hash, read as a number."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def min_examples(val_fraction: float) -> int:
    """The fewest examples that leave some to learn from and some to check with: the datasets
    refuse fewer, and fewer different ones are split copy by copy (_split_copies)."""
    return max(2, math.ceil(1 / val_fraction))


def held_out_count(count: int, val_fraction: float) -> int:
    """How many of `count` examples the share asks to hold out (at least one)."""
    return max(1, int(round(count * val_fraction)))


def split_examples_by_content(texts: Sequence[str],
                              val_fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """(held-out indices, training indices) of `texts`. The training ones in the order the texts
    stand; the held-out ones in the ranking's order, which is as good as shuffled, so that the first
    few of them are a fair sample wherever they are read from (chat_eval checks the first 100
    replies: in the text's order they would all come from its start). The datasets refuse fewer
    than two texts; one alone is held out."""
    keys = np.frombuffer(b"".join(map(content_key, texts)), dtype=">u8")
    ranked = np.argsort(keys, kind="stable")  # stable: copies in the order they stand
    # One group per example and its copies, in the ranking's order (np.unique sorts by key).
    _, sizes = np.unique(keys[ranked], return_counts=True)
    wanted = held_out_count(len(texts), val_fraction)
    if len(sizes) < min_examples(val_fraction):
        return _split_copies(texts, wanted)
    # The groups before the first that overflows the share all fit (all of them, where no example
    # repeats); past it, the walk goes on with the groups whose copies still fit.
    fit = int(np.searchsorted(np.cumsum(sizes), wanted, side="right"))
    taken = np.zeros(len(sizes), dtype=bool)
    taken[:fit] = True
    room = wanted - int(sizes[:fit].sum())
    for group, size in enumerate(sizes[fit:].tolist(), start=fit):
        if not room:
            break
        if size <= room:
            taken[group] = True
            room -= size
    if room == wanted:  # no example's copies fit the share: every one is repeated many times
        return _split_copies(texts, wanted)
    in_ranking = np.repeat(taken, sizes)
    learnt = np.ones(len(texts), dtype=bool)
    learnt[ranked[in_ranking]] = False
    return ranked[in_ranking], np.flatnonzero(learnt)


def _split_copies(texts: Sequence[str], wanted: int) -> tuple[np.ndarray, np.ndarray]:
    """A text of a few different examples, each many times over (300 questions and answers, 8 of
    them different): holding out whole examples would keep one of the few from the model for good,
    and check it on that alone (the "best" model then guessed blindly). So copies are told apart by
    their number ("the 3rd copy of this line"), and some copies of each are checked, as a shuffle
    would: the check measures how well the model learnt its examples, which is what such a text
    can show. Still by content: another copy moves at most itself and one other."""
    seen: dict[str, int] = {}
    numbered = []
    for text in texts:
        seen[text] = seen.get(text, 0) + 1
        numbered.append(content_key(f"{text}\0{seen[text]}"))
    keys = np.frombuffer(b"".join(numbered), dtype=">u8")
    ranked = np.argsort(keys, kind="stable")
    learnt = np.ones(len(texts), dtype=bool)
    learnt[ranked[:wanted]] = False
    return ranked[:wanted], np.flatnonzero(learnt)


def conversation_content(turns) -> str:
    """What a conversation says, as its content key reads it: one "role: text" line a turn (the
    same conversation, written with labels or as JSON, has the same content)."""
    return "\n".join(f"{turn.role}: {turn.text}" for turn in turns)
