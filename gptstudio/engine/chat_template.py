"""The chat template: how a conversation is laid out as tokens, and which of them the model learns.

A chat model is a text continuer trained on a format. The format here, with four special tokens
added after the tokenizer's vocabulary (they exist only as ids: the text "<|user|>" typed in a
message is ordinary characters):

    <sos> [<|system|> system line <|end|>] <|user|> question <|end|> <|assistant|> answer <|end|> <|user|> …

The loss learns only the assistant's words and the <|end|> that closes each of its turns (so the
model learns when to stop); the start token, the system line, the user's turns and the turn markers
are read but never learned (their targets are IGNORE, as padding's are in engine/data.py). A reply
is written from a prompt that ends with <|assistant|>, and it ends at <|end|>.

The template is plain data (ChatTemplate.to_dict) saved inside the tokenizer's JSON, so it travels
with the project, with every checkpoint and snapshot, and with exports (engine/hf_gpt2.py writes it
as a Hugging Face chat template). No torch here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from gptstudio.engine.conversations import (
    ParsedConversations,
    Turn,
    commonest_system,
    label_of,
)
from gptstudio.engine.errors import UnknownCharacters

ENGLISH_LABELS = (("system", "System:"), ("user", "User:"), ("assistant", "Assistant:"))
CHINESE_LABELS = {"user": "用户：", "assistant": "助手：", "system": "系统："}


@dataclass(frozen=True)
class ChatTemplate:
    """The special tokens' texts, and how transcripts name the speakers."""

    system_token: str = "<|system|>"
    user_token: str = "<|user|>"
    assistant_token: str = "<|assistant|>"
    end_of_turn: str = "<|end|>"  # closes every turn; a reply stops here (a stop token for exports)
    has_system: bool = False  # the conversations have system lines: a chat offers one
    default_system: str = ""  # their commonest system line: a chat starts with it
    # How transcripts (samples, copies, the prompt of "Why this token?") name the speakers: the
    # corpus's own labels ("User:", "问："), so a transcript reads like the text it came from.
    system_label: str = "System:"
    user_label: str = "User:"
    assistant_label: str = "Assistant:"

    def special_tokens(self) -> tuple[str, ...]:
        """In the order they are added to the vocabulary."""
        return (self.system_token, self.user_token, self.assistant_token, self.end_of_turn)

    def role_token(self, role: str) -> str:
        return {"system": self.system_token, "user": self.user_token,
                "assistant": self.assistant_token}[role]

    def label(self, role: str) -> str:
        return {"system": self.system_label, "user": self.user_label,
                "assistant": self.assistant_label}[role]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> ChatTemplate:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


def template_for(parsed: ParsedConversations) -> ChatTemplate:
    """The template of a corpus: a system line where its conversations have one, and its labels."""
    labels = dict(ENGLISH_LABELS)
    written = dict(parsed.labels)
    if any(label.endswith("：") for label in written.values()):
        labels.update(CHINESE_LABELS)  # a Chinese text's transcripts are labelled in Chinese
    labels.update(written)
    system = commonest_system(parsed.conversations)
    has_system = any(t.role == "system" for c in parsed.conversations for t in c.turns)
    return ChatTemplate(has_system=has_system, default_system=system,
                        system_label=labels["system"], user_label=labels["user"],
                        assistant_label=labels["assistant"])


# ---------------------------------------------------------------------------------------------------
# The tokenizer's side


def add_chat_tokens(tokenizer, template: ChatTemplate):
    """Give the tokenizer the template's special tokens (after its vocabulary) and remember the
    template on it; returns the tokenizer."""
    tokenizer.add_special_tokens(template.special_tokens())
    tokenizer.chat = template
    return tokenizer


@dataclass(frozen=True)
class TurnIds:
    system: int
    user: int
    assistant: int
    end: int

    def role(self, role: str) -> int:
        return {"system": self.system, "user": self.user, "assistant": self.assistant}[role]

    def markers(self) -> tuple[int, int, int]:
        return (self.system, self.user, self.assistant)


def turn_ids(tokenizer) -> TurnIds:
    t = tokenizer.chat
    return TurnIds(*(tokenizer.special_id(text) for text in t.special_tokens()))


def encode_conversation(tokenizer, turns) -> tuple[list[int], list[bool]]:
    """A conversation's ids (<sos> first) and, for each id, whether the model learns to write it:
    the assistant's words and the <|end|> closing its turn."""
    ids_of = turn_ids(tokenizer)
    ids, learned = [tokenizer.sos_id], [False]
    for turn in turns:
        content = tokenizer.encode(turn.text) if turn.text else []
        answer = turn.role == "assistant"
        ids += [ids_of.role(turn.role), *content, ids_of.end]
        learned += [False] + [answer] * len(content) + [answer]
    return ids, learned


def answer_spans(tokenizer, ids: list[int], learned: list[bool]) -> list[tuple[int, int]]:
    """[start, end) of each reply in ids: its words and its closing <|end|>."""
    spans, start = [], None
    for i, learn in enumerate(learned):
        if learn and start is None:
            start = i
        if not learn and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(ids)))
    return spans


def prompt_ids(tokenizer, turns, system: str = "") -> list[int]:
    """The ids a reply is written from: the conversation so far and an open assistant turn.

    When the last turn is the assistant's, it stays open (a reply written in part goes on from
    where it is); otherwise a new one opens. Raises UnknownCharacters (one sentence) when a turn
    holds characters or words the tokenizer has never seen."""
    turns = list(turns)
    if system and not (turns and turns[0].role == "system"):
        turns.insert(0, Turn("system", system))
    unknown = [u for t in turns for u in tokenizer.unknown_in(t.text)]
    if unknown:
        raise UnknownCharacters(unknown, "characters" if tokenizer.kind == "char" else "words")
    open_reply = turns[-1] if turns and turns[-1].role == "assistant" else None
    closed = turns[:-1] if open_reply is not None else turns
    ids, _ = encode_conversation(tokenizer, closed)
    ids.append(turn_ids(tokenizer).assistant)
    if open_reply is not None and open_reply.text:
        ids += tokenizer.encode(open_reply.text)
    return ids


def turns_from_ids(tokenizer, ids) -> list[Turn]:
    """The conversation in ids (encode_conversation's, or a prompt's): the inverse of encoding."""
    ids_of = turn_ids(tokenizer)
    roles = {ids_of.system: "system", ids_of.user: "user", ids_of.assistant: "assistant"}
    turns, role, content = [], None, []
    for i in ids:
        if i in roles or i == ids_of.end:
            if role is not None:
                turns.append(Turn(role, tokenizer.decode(content)))
            role, content = roles.get(i), []
        elif role is not None:
            content.append(i)
    if role is not None:
        turns.append(Turn(role, tokenizer.decode(content)))
    return turns


def hf_chat_template(template: ChatTemplate) -> str:
    """The template as Hugging Face tokenizers write one (a Jinja text in tokenizer_config.json), so
    that transformers' apply_chat_template lays a conversation out exactly as encode_conversation
    and prompt_ids do."""
    markers = ", ".join(f"'{role}': '{template.role_token(role)}'" for role in
                        ("system", "user", "assistant"))
    return ("{% set markers = {" + markers + "} %}{{ bos_token }}"
            "{% for message in messages %}{{ markers[message['role']] + message['content'] + '"
            + template.end_of_turn + "' }}{% endfor %}"
            "{% if add_generation_prompt %}{{ markers['assistant'] }}{% endif %}")


# ---------------------------------------------------------------------------------------------------
# Transcripts: a conversation as labelled plain text


def transcript(template: ChatTemplate, turns, system: str = "") -> str:
    """"User: …\\nAssistant: …" in the corpus's labels; an ASCII colon is followed by a space."""
    lines = []
    if system and not (turns and turns[0].role == "system"):
        lines.append(_labelled(template.system_label, system))
    lines += [_labelled(template.label(t.role), t.text) for t in turns]
    return "\n".join(lines)


def _labelled(label: str, text: str) -> str:
    return f"{label} {text}" if label.endswith(":") else f"{label}{text}"


def transcript_turns(text: str) -> list[Turn]:
    """The turns of a transcript typed or copied as a prompt. Text without any speaker label is
    one question from the user (so a plain prompt on the Generate tab gets an answer)."""
    if not any(label_of(line) for line in text.split("\n")):
        return [Turn("user", text)] if text else []
    first = next(i for i, line in enumerate(text.split("\n")) if label_of(line))
    lines = text.split("\n")[first:]
    turns = []
    for line in lines:
        found = label_of(line)
        if found is not None:
            turns.append([found[0], found[2]])
        else:
            turns[-1][1] += "\n" + line  # blank lines inside a message stay in it
    # A reply written in part keeps its spaces: the next token may be one.
    last = len(turns) - 1
    return [Turn(role, body if i == last and role == "assistant" else body.strip())
            for i, (role, body) in enumerate(turns)]


def transcript_prompt_ids(tokenizer, text: str) -> list[int]:
    return prompt_ids(tokenizer, transcript_turns(text))
