"""Conversations read from the shapes people keep them in: what a chat model learns from.

Three shapes are read (the "chat" data mode, engine/data.py):

- plain text with a speaker's label at the start of each turn, in English or Chinese
  (`User:` / `Assistant:`, `Q:` / `A:`, `用户：` / `助手：`, `问：` / `答：`, and `System:` / `系统：`
  for a system line); a line without a label goes on with the turn above it; conversations are
  separated by blank lines. A text without any blank line is read as a list of questions and
  answers: each exchange is then one conversation;
- JSON lines, one conversation a line, in the chat shape `{"messages": [{"role": "user",
  "content": "…"}, …]}` (OpenAI's and Hugging Face's), ShareGPT's `{"conversations": [{"from":
  "human", "value": "…"}, …]}`, or Alpaca's `{"instruction": "…", "input": "…", "output": "…"}`;
- a JSON array of such objects (Alpaca's own alpaca_data.json is one).

A line that cannot be read gets one sentence naming its line number and what is wrong with it.
No torch here: the Corpus tab's statistics job and the data-mode guess call this.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from gptstudio.engine.errors import CorpusError
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

ROLES = ("system", "user", "assistant")
# Speaker labels -> role. Matched at the start of a line, before ":" or the full-width "：".
LABELS = {"user": "user", "assistant": "assistant", "system": "system", "q": "user",
          "a": "assistant", "用户": "user", "助手": "assistant", "系统": "system", "问": "user",
          "答": "assistant"}
# The label, then its colon: an ASCII colon may have one space after it, a full-width one none.
LABEL_LINE = re.compile(r"[ \t]*(user|assistant|system|q|a|用户|助手|系统|问|答)[ \t]*(:[ \t]?|：)(.*)",
                        re.IGNORECASE | re.DOTALL)
# Other names for the roles in JSON files (ShareGPT's "human" and "gpt", "bot", Gemini's "model").
ROLE_ALIASES = {"human": "user", "gpt": "assistant", "bot": "assistant", "model": "assistant"}
GUESS_LINES = 2_000  # the guess reads at most this many lines of a JSON lines file


@dataclass(frozen=True)
class Turn:
    role: str  # "system", "user" or "assistant"
    text: str


@dataclass(frozen=True)
class Conversation:
    turns: tuple[Turn, ...]
    line: int = 1  # the line it starts on, for sentences about it


@dataclass(frozen=True)
class ParsedConversations:
    conversations: tuple[Conversation, ...]
    shape: str  # "labelled", "jsonl" or "json"
    # How the text names the speakers, as written ("User:", "问："): transcripts use the same.
    labels: tuple[tuple[str, str], ...] = ()

    def label(self, role: str) -> str | None:
        return dict(self.labels).get(role)


def _error(template: str, **values) -> CorpusError:
    return CorpusError(Message(template, **values))


# ---------------------------------------------------------------------------------------------------
# Plain text with speaker labels


def label_of(line: str) -> tuple[str, str, str] | None:
    """(role, label as written with its colon, the rest of the line), or None without a label."""
    match = LABEL_LINE.fullmatch(line)
    if match is None:
        return None
    written = match.group(1) + match.group(2).rstrip(" \t")
    return LABELS[match.group(1).lower()], written, match.group(3)


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each run of non-blank lines."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def parse_labelled(text: str) -> ParsedConversations:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    conversations, labels = [], {}
    for start, block in _blocks(lines):
        turns: list[list] = []  # [role, text]
        for offset, line in enumerate(block):
            found = label_of(line)
            if found is None and not turns:
                raise _error(QT_TRANSLATE_NOOP(
                    "Engine", "Line {line} starts a conversation without a speaker's label: each "
                              "turn starts with one of “User:”, “Assistant:” and “System:” (or "
                              "“Q:” and “A:”, “用户：”, “助手：”, “系统：”, “问：” and “答：”), and "
                              "conversations are separated by blank lines. A chat between people, "
                              "such as a messaging app's export, has no assistant to learn: learn "
                              "it as one example per line or as continuous text instead."),
                    line=start + offset)
            if found is None:
                turns[-1][1] += "\n" + line
            else:
                role, written, rest = found
                labels.setdefault(role, written)
                turns.append([role, rest])
        conversations.append(Conversation(tuple(Turn(r, t.strip()) for r, t in turns), start))
    if len(conversations) == 1:
        conversations = _exchanges(conversations[0])
    ordered = tuple((role, labels[role]) for role in ROLES if role in labels)
    return ParsedConversations(tuple(conversations), "labelled", ordered)


def _exchanges(conversation: Conversation) -> list[Conversation]:
    """A text with no blank line is a list of questions and answers, not one long conversation:
    each user turn with the replies after it is one conversation (a system line stays with each)."""
    system = [t for t in conversation.turns[:1] if t.role == "system"]
    out, current = [], []
    for turn in conversation.turns[len(system):]:
        if turn.role == "user" and any(t.role == "assistant" for t in current):
            out.append(current)
            current = []
        current.append(turn)
    if current:
        out.append(current)
    return [Conversation(tuple(system + turns), conversation.line) for turns in out]


# ---------------------------------------------------------------------------------------------------
# JSON lines and JSON arrays


def parse_json_lines(text: str, limit: int | None = None) -> ParsedConversations:
    conversations = []
    for number, line in enumerate(text.split("\n"), 1):
        if limit is not None and number > limit:
            break
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            raise _error(QT_TRANSLATE_NOOP(
                "Engine", "Line {line} is not valid JSON ({detail}). Each line of a JSON lines "
                          "file holds one conversation, such as {{\"messages\": [{{\"role\": "
                          "\"user\", \"content\": \"Hi\"}}, {{\"role\": \"assistant\", "
                          "\"content\": \"Hello!\"}}]}}."), line=number,
                detail=_json_detail(error)) from None
        where = Message(QT_TRANSLATE_NOOP("Engine", "Line {line}"), line=number)
        conversations.append(Conversation(_turns_of(item, where), number))
    return ParsedConversations(tuple(conversations), "jsonl")


def parse_json_array(text: str) -> ParsedConversations:
    try:
        items = json.loads(text)
    except ValueError as error:
        raise _error(QT_TRANSLATE_NOOP(
            "Engine", "The text is not valid JSON: {detail}."), detail=_json_detail(error)) from None
    if not isinstance(items, list):
        items = [items]
    conversations = []
    for number, item in enumerate(items, 1):
        where = Message(QT_TRANSLATE_NOOP("Engine", "Item {item} of the JSON list"), item=number)
        conversations.append(Conversation(_turns_of(item, where), number))
    return ParsedConversations(tuple(conversations), "json")


def _json_detail(error: ValueError) -> str:
    """json's own reason with its position, as json.JSONDecodeError words it ("Expecting ',' ...")."""
    return getattr(error, "msg", str(error)) + (f", column {error.colno}" if hasattr(error, "colno")
                                                else "")


def _turns_of(item, where: Message) -> tuple[Turn, ...]:
    if isinstance(item, dict) and isinstance(item.get("messages", item.get("conversations")), list):
        key = "messages" if "messages" in item else "conversations"
        return tuple(_message_turn(m, i, where) for i, m in enumerate(item[key], 1))
    if isinstance(item, dict) and "instruction" in item and "output" in item:
        parts = [item.get("instruction"), item.get("input") or "", item.get("output")]
        system = item.get("system") or ""
        if not all(isinstance(p, str) for p in (*parts, system)):
            raise _error(QT_TRANSLATE_NOOP(
                "Engine", "{where}: “instruction”, “input” and “output” must be texts."), where=where)
        instruction, extra, output = parts
        question = f"{instruction.strip()}\n\n{extra.strip()}" if extra.strip() else instruction.strip()
        turns = [Turn("user", question), Turn("assistant", output.strip())]
        return tuple([Turn("system", system.strip())] if system.strip() else []) + tuple(turns)
    raise _error(QT_TRANSLATE_NOOP(
        "Engine", "{where} is neither a conversation ({{\"messages\": [{{\"role\": …, \"content\": "
                  "…}}, …]}}) nor an instruction ({{\"instruction\": …, \"input\": …, \"output\": "
                  "…}})."), where=where)


def _message_turn(message, index: int, where: Message) -> Turn:
    if not isinstance(message, dict):
        raise _error(QT_TRANSLATE_NOOP(
            "Engine", "{where}: message {index} is not an object with a “role” and a “content”."),
            where=where, index=index)
    role = message.get("role", message.get("from"))
    text = message.get("content", message.get("value"))
    role = ROLE_ALIASES.get(role, role) if isinstance(role, str) else role
    if role not in ROLES:
        raise _error(QT_TRANSLATE_NOOP(
            "Engine", "{where}: message {index} has the role {role}; the roles are “system”, “user” "
                      "and “assistant”."), where=where, index=index, role=json.dumps(role))
    if not isinstance(text, str):
        raise _error(QT_TRANSLATE_NOOP(
            "Engine", "{where}: message {index} has no text (its “content”)."),
            where=where, index=index)
    return Turn(role, text.strip())


# ---------------------------------------------------------------------------------------------------
# Any shape


def conversation_shape(text: str) -> str:
    """"json" (a JSON array), "jsonl" (one object a line) or "labelled", from the first character."""
    start = text.lstrip()[:1]
    return "json" if start == "[" else "jsonl" if start == "{" else "labelled"


def parse_conversations(text: str) -> ParsedConversations:
    """The text's conversations. Raises CorpusError, naming the line, where one cannot be read."""
    shape = conversation_shape(text)
    if shape == "json":
        return parse_json_array(text)
    return parse_json_lines(text) if shape == "jsonl" else parse_labelled(text)


def conversation_text(conversations) -> str:
    """What the conversations say, one turn a line: the text a tokenizer learns from (labels, JSON
    syntax and turn markers are not words of the conversation)."""
    return "\n".join(turn.text for c in conversations for turn in c.turns)


def learnable(conversations) -> list[Conversation]:
    """The conversations with an assistant's reply to learn from."""
    return [c for c in conversations if any(t.role == "assistant" and t.text for t in c.turns)]


def commonest_system(conversations) -> str:
    counts = Counter(t.text for c in conversations for t in c.turns if t.role == "system" and t.text)
    return counts.most_common(1)[0][0] if counts else ""


# ---------------------------------------------------------------------------------------------------
# Does the text look like conversations? (engine/text_shape.py asks)


@dataclass(frozen=True)
class ConversationLook:
    shape: str
    count: int  # conversations found (in what was read)
    user_label: str = ""  # the labels seen ("User:", "问："), for the reason
    assistant_label: str = ""


def looks_like_conversations(text: str) -> ConversationLook | None:
    shape = conversation_shape(text)
    try:
        if shape == "jsonl":
            parsed = parse_json_lines(text, limit=GUESS_LINES)
        elif shape == "json":
            parsed = parse_json_array(text)
        else:
            parsed = _labelled_look(text)
    except CorpusError:
        return None
    if parsed is None or not learnable(parsed.conversations):
        return None
    return ConversationLook(shape, len(parsed.conversations), parsed.label("user") or "",
                            parsed.label("assistant") or "")


# Labelled text counts as conversations when this share of its blocks are conversations.
CONVERSATION_SHARE = 0.6


def _labelled_look(text: str) -> ParsedConversations | None:
    """Blocks that start with a user's (or a system) label and hold an assistant's: a play, whose
    speakers are names, does not count."""
    lines = text.replace("\r\n", "\n").split("\n")
    blocks = _blocks(lines)
    if not blocks:
        return None
    conversational = 0
    for _start, block in blocks:
        roles = [found[0] for line in block if (found := label_of(line)) is not None]
        if roles and label_of(block[0]) is not None and roles[0] in ("user", "system") \
                and "assistant" in roles:
            conversational += 1
    if conversational < CONVERSATION_SHARE * len(blocks):
        return None
    try:
        return parse_labelled(text)
    except CorpusError:
        return None
