"""Talking to a chat model: a reply to the conversation so far, streamed token by token, ending at
the end of the assistant's turn.

The conversation is plain data (a tuple of Turns, engine/conversations.py) that the caller keeps:
the Chat tab on the GUI thread, ChatSession for the command line. A reply is written from the
chat template's prompt (engine/chat_template.py) by the same TextGenerator that Generate uses;
its banned tokens keep it from writing turn markers, and <|end|> ends it.

When the conversation outgrows the model's context, its oldest exchanges are left out of the
prompt (the system line stays): the model only ever sees its context, and the words of a reply
need room too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.conversations import Turn
from gptstudio.engine.events import TokenEvent

# The share of the context a reply keeps free at least: the prompt gives up old turns for it.
REPLY_ROOM = 0.25


@dataclass(frozen=True)
class ReplyPrompt:
    ids: tuple[int, ...]
    turns_left_out: int  # the oldest turns that did not fit the context
    context: int  # the model's context, in tokens


def reply_prompt(tokenizer, block_size: int, turns, system: str = "") -> ReplyPrompt:
    """The prompt for the next reply to `turns` (the last one the user's), fitted to the context.
    Raises UnknownCharacters naming what the tokenizer has never seen."""
    from gptstudio.engine.chat_template import prompt_ids

    turns = list(turns)
    room = max(1, block_size - max(1, int(block_size * REPLY_ROOM)))
    left_out = 0
    ids = prompt_ids(tokenizer, turns, system)
    # Leave out whole exchanges, oldest first, while another turn stays: the kept conversation
    # starts with a user's turn, as every conversation the model learnt from does (one that starts
    # with an assistant's reply is a shape it never saw, and a small model then writes nonsense).
    while len(ids) > room and len(turns) > 1:
        turns.pop(0)
        left_out += 1
        while len(turns) > 1 and turns[0].role != "user":
            turns.pop(0)
            left_out += 1
        ids = prompt_ids(tokenizer, turns, system)
    return ReplyPrompt(tuple(ids[-room:]), left_out, block_size)


def context_used(tokenizer, turns, system: str = "") -> int:
    """Tokens the conversation takes in the model's context, its template included (what the Chat
    tab's gauge shows); what the tokenizer cannot encode is not counted."""
    from gptstudio.engine.chat_template import encode_conversation
    from gptstudio.engine.data import drop_unknown

    if system:
        turns = [Turn("system", system), *turns]
    known = [Turn(t.role, drop_unknown(tokenizer, t.text)) for t in turns]
    return len(encode_conversation(tokenizer, known)[0])


def stream_reply(generator, turns, config: SampleConfig, system: str = "",
                 control: RunControl | None = None) -> Iterator[TokenEvent]:
    """The assistant's reply to `turns`, token by token; the last event has finished=True."""
    prompt = reply_prompt(generator.tokenizer, generator.model_config.block_size, turns, system)
    yield from generator.stream_ids(list(prompt.ids), config, control)


def sample_reply(generator, question: str, config: SampleConfig) -> str:
    """A question and the model's reply, as a transcript (the Train tab's sample in chat). A
    question with characters the model has never seen loses them."""
    from gptstudio.engine.chat_template import transcript
    from gptstudio.engine.data import drop_unknown

    question = drop_unknown(generator.tokenizer, question)
    turns = [Turn("user", question)]
    reply = "".join(e.text for e in stream_reply(generator, turns, config,
                                                 generator.tokenizer.chat.default_system))
    return transcript(generator.tokenizer.chat, [*turns, Turn("assistant", reply)])


class ChatSession:
    """One conversation with a model, for the command line and tests (the app keeps its turns in
    the Chat tab and has a worker write each reply)."""

    def __init__(self, generator, system: str | None = None):
        self.generator = generator
        template = generator.tokenizer.chat
        self.system = template.default_system if system is None else system
        self.turns: list[Turn] = []

    def say(self, text: str, config: SampleConfig,
            control: RunControl | None = None) -> Iterator[TokenEvent]:
        """Add the user's turn and stream the reply; the reply joins the conversation once written
        (or stopped). Raises UnknownCharacters before anything is added."""
        turns = [*self.turns, Turn("user", text)]
        reply_prompt(self.generator.tokenizer, self.generator.model_config.block_size, turns,
                     self.system)  # refuses unknown characters now, not halfway
        self.turns = turns
        yield from self._reply(config, control)

    def regenerate(self, config: SampleConfig,
                   control: RunControl | None = None) -> Iterator[TokenEvent]:
        """Write the last reply again (another draw, unless the temperature is 0)."""
        if self.turns and self.turns[-1].role == "assistant":
            self.turns.pop()
        yield from self._reply(config, control)

    def _reply(self, config, control) -> Iterator[TokenEvent]:
        pieces = []
        try:
            for event in stream_reply(self.generator, self.turns, config, self.system, control):
                pieces.append(event.text)
                yield event
        finally:
            self.turns.append(Turn("assistant", "".join(pieces)))

    def clear(self) -> None:
        self.turns = []
