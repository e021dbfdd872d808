"""Conversations as training rows (the "chat" data mode of engine/data.py), and as the Corpus tab's
preview shows them.

Each conversation is one row of ids laid out by the chat template, with a row of targets beside it
that is IGNORE wherever the model learns nothing: the start token, the system line, the user's
turns and the turn markers. The loss (cross-entropy with ignore_index=IGNORE, model.py) then has
no term for them, so they give no gradient: the model reads the questions and learns the answers.
Conversations are split into training and validation whole, by their content, as examples are
(engine/holdout.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gptstudio.engine.errors import CorpusError, CorpusTooShort
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

# Held-out replies of at most this many tokens are checked word for word after each evaluation
# (chat_eval.py): a short answer is right or wrong; a long one is rarely written exactly as the
# text has it, even by a good model, so its exact match would only say "no".
SHORT_ANSWER_TOKENS = 48
PREVIEW_CHARACTERS = 200_000  # the preview reads the text's start only


def require_enough_conversations(count: int, val_fraction: float) -> None:
    """CorpusTooShort unless `count` conversations leave some to learn from and some to check
    with (the dataset, and Automatic choosing for it, ask the same)."""
    from gptstudio.engine.holdout import min_examples

    minimum = min_examples(val_fraction)
    if count < minimum:
        raise CorpusTooShort(Message(QT_TRANSLATE_NOOP(
            "Engine", "The corpus has {count} conversations with an assistant's reply; with "
                      "{share:.0%} kept for validation it needs at least {minimum}. Add more "
                      "conversations (separated by blank lines, or one a line in JSON lines)."),
            count=count, share=val_fraction, minimum=minimum), minimum)


def build_chat_dataset(text: str, tokenizer, block_size: int, val_fraction: float):
    from gptstudio.engine.chat_template import answer_spans, encode_conversation
    from gptstudio.engine.conversations import learnable, parse_conversations
    from gptstudio.engine.data import IGNORE, ExamplesDataset
    from gptstudio.engine.holdout import conversation_content, split_examples_by_content

    conversations = learnable(parse_conversations(text).conversations)  # names a bad line first
    if tokenizer.chat is None:
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This model's tokenizer has no markers for the turns of a conversation: it "
                      "was made for plain text. Start a new model to learn from conversations.")))
    require_enough_conversations(len(conversations), val_fraction)
    held_out, learnt = split_examples_by_content(
        [conversation_content(c.turns) for c in conversations], val_fraction)
    width = block_size + 1
    truncated, answers = 0, []

    def rows_of(indices, check_answers: bool):
        nonlocal truncated
        rows = np.full((len(indices), width), IGNORE, dtype=np.int32)
        targets = rows.copy()
        for r, i in enumerate(indices):
            ids, learned = encode_conversation(tokenizer, conversations[i].turns)
            if len(ids) > width:
                truncated += 1
            n = min(len(ids), width)
            rows[r, :n] = ids[:n]
            targets[r, :n] = np.where(learned[:n], ids[:n], IGNORE)
            if check_answers:  # replies wholly inside the context, and short
                answers.extend((r, a, b) for a, b in answer_spans(tokenizer, ids, learned)
                               if b <= width and 1 < b - a <= SHORT_ANSWER_TOKENS + 1)
        return rows, targets

    val_rows, val_targets = rows_of(held_out, True)
    train_rows, train_targets = rows_of(learnt, False)
    first = conversations[held_out[0]]
    question = next((t.text for t in first.turns if t.role == "user"), "")
    return ExamplesDataset("chat", train_rows, val_rows, block_size, tokenizer.pad_id, truncated,
                           targets={"train": train_targets, "val": val_targets},
                           answers=tuple(answers), first_question=question)


# ---------------------------------------------------------------------------------------------------
# The preview: the first conversations as the model sees them


@dataclass(frozen=True)
class PreviewConversation:
    """One conversation as the model reads it, in pieces: (kind, text) with kind "turn" (the
    marker that opens a turn), "marker" (the end of a turn the model reads: the user's, the
    system line's), "read" (words it reads: the user's, the system line),
    "learned" (the assistant's words it learns to write) or "learned_marker" (the end of a reply,
    which it learns too: that is how it knows when to stop)."""

    pieces: tuple[tuple[str, str], ...]
    cut: bool  # longer than the context: training cuts it where the pieces end


def first_conversations(text: str, block_size: int, count: int = 3) -> list[PreviewConversation]:
    """The first conversations, cut to the context as training cuts them (a character counted as
    a token, as the character tokenizer has it); [] where the text cannot be read as
    conversations (the Corpus tab says why)."""
    from gptstudio.engine.chat_template import template_for
    from gptstudio.engine.conversations import learnable, parse_conversations

    try:
        parsed = parse_conversations(_start_of(text))
    except CorpusError:
        return []
    template = template_for(parsed)
    return [_preview(c.turns, template, block_size + 1)
            for c in learnable(parsed.conversations)[:count]]


def _start_of(text: str) -> str:
    """The text's first PREVIEW_CHARACTERS, ended at a blank line (or a line end for JSON lines)."""
    if len(text) <= PREVIEW_CHARACTERS or text.lstrip()[:1] == "[":
        return text
    cut = text.rfind("\n\n", 0, PREVIEW_CHARACTERS)
    if cut < 0 or text.lstrip()[:1] == "{":
        cut = text.rfind("\n", 0, PREVIEW_CHARACTERS)
    return text[:cut] if cut > 0 else text[:PREVIEW_CHARACTERS]


def _preview(turns, template, width: int) -> PreviewConversation:
    pieces, room = [], width - 1  # <sos> first
    for turn in turns:
        answer = turn.role == "assistant"
        for kind, piece in (("turn", template.role_token(turn.role)),
                            ("learned" if answer else "read", turn.text),
                            ("learned_marker" if answer else "marker", template.end_of_turn)):
            size = 1 if kind in ("turn", "marker", "learned_marker") else len(piece)
            if room <= 0:
                return PreviewConversation(tuple(pieces), True)
            if size > room:
                pieces.append((kind, piece[:room]))
                return PreviewConversation(tuple(pieces), True)
            if piece:
                pieces.append((kind, piece))
            room -= size
    return PreviewConversation(tuple(pieces), False)
