"""GPT Studio's tokenizers in llama.cpp's terms: the vocabulary a GGUF file carries.

llama.cpp does not run GPT Studio's Python tokenizers: it rebuilds a tokenizer from the GGUF
metadata (`tokenizer.ggml.*`) with one of its own algorithms. Each kind maps onto the algorithm
that cuts text exactly as GPT Studio does (src/llama-vocab.cpp, read for this):

* **bpe, gpt2** are byte-level BPE already: llama.cpp's "gpt2" tokenizer with the GPT-2
  pre-tokenizer ("gpt-2": the regex of tokenizers' ByteLevel) and the same vocabulary and merges.
* **char**: also byte-level BPE. Every character is one token, written as GPT-2's byte-level
  string of its UTF-8 bytes; a merge rule for each prefix of a character's bytes joins them back
  into the character (中 = E4 B8 AD: "E4 B8", then "E4B8 AD"). A merge's left side is always the
  start of a character and its right side a continuation byte, so no merge ever joins two
  characters, whatever the pre-tokenizer does: text made of known characters becomes exactly one
  token per character. An unknown character finds no token and is dropped, as the app's
  Generate tab drops it.
* **word**: llama.cpp's unigram tokenizer ("t5"), which has no pre-tokenizer: it picks, over the
  whole text, the cutting into vocabulary tokens with the best total score. Every word-level
  token is one of the tokenizer's units (a run of word characters, a run of whitespace, one
  punctuation mark or one CJK character) and a unit never spans two, so with the same score for
  every token the best cutting of text made of known units is those units, one token each. A
  BPE encoding of words cannot do this: its pre-tokenizers split letters from digits ("abc123")
  and take a space from a run of spaces ("  x" -> " ", " x"), and merge ranks cannot spell every
  word by itself. llama.cpp writes spaces as U+2581 (▁) inside this tokenizer, so a vocabulary
  with that character is refused.

What stays different is said (`differences`): words the model never saw (GPT Studio refuses them,
llama.cpp spells them with what it has), and for words, whitespace runs the corpus never had.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from gptstudio.engine.errors import EngineError
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.tokenizers import SPECIALS, UNK

# tokenizer.ggml.token_type values (gguf.TokenType; llama.cpp's llama_token_type).
NORMAL, UNKNOWN, CONTROL, UNUSED = 1, 2, 3, 5
SPACE_MARK = "\u2581"  # how llama.cpp's unigram tokenizer writes " "
WORD_SCORE = -1.0  # every word the same: the best cutting is the one with the fewest tokens
# <unk> is an ordinary token so that it reads "<unk>" as it does in the app; this score keeps it
# out of every cutting that known tokens can make.
UNK_SCORE = -1000.0
# Data modes whose examples start with <sos> (added by llama.cpp, as tokenizer.ggml.add_bos_token)
# and end at <eos>.
FRAMED_MODES = ("lines", "blocks")
KNOWN_MODES = ("continuous", *FRAMED_MODES)


class ExportRefused(EngineError):
    """The model cannot be written so that llama.cpp reads it exactly as GPT Studio does."""


@dataclass(frozen=True)
class GGUFVocab:
    model: str  # tokenizer.ggml.model: "gpt2" (byte-level BPE) or "t5" (unigram)
    pre: str | None  # tokenizer.ggml.pre (BPE only)
    tokens: list[str]
    types: list[int]
    merges: list[str] = field(default_factory=list)  # "left right", BPE only
    scores: list[float] = field(default_factory=list)  # unigram only
    bos: int | None = None
    eos: int | None = None
    pad: int | None = None
    unk: int | None = None
    add_bos: bool = False  # framed modes: llama.cpp puts <sos> before a prompt, as the app does
    suppressed: list[int] = field(default_factory=list)  # ids the app never samples
    differences: tuple[Message, ...] = ()  # text that llama.cpp cuts otherwise, in words


# ---------------------------------------------------------------------------------------------------
# GPT-2's byte-level alphabet


def byte_level_alphabet() -> dict[int, str]:
    """GPT-2's printable stand-in for each byte (Radford et al. 2019, encoder.py): printable
    Latin-1 bytes stand for themselves, the others (controls, space) move to U+0100 and up."""
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
    table, shifted = {}, 0
    for byte in range(256):
        if byte in printable:
            table[byte] = chr(byte)
        else:
            table[byte] = chr(0x100 + shifted)
            shifted += 1
    return table


_BYTE_LEVEL = byte_level_alphabet()


def byte_level(data: bytes) -> str:
    return "".join(_BYTE_LEVEL[b] for b in data)


def mode_refused(mode: str) -> Message | None:
    """Why a model of this data mode cannot be written as GGUF, or None: the export frames
    continuous text and one example per line or block only. A model of conversations would need
    its turn markers as llama.cpp's chat template; it is said in the words the app shows."""
    if mode in KNOWN_MODES:
        return None
    if mode == "chat":
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "This model learnt conversations, and the GGUF export writes models of "
                      "continuous text and of one example per line or per block only: llama.cpp "
                      "would not know where a turn starts and ends. Talk to it on the Chat tab, "
                      "or share it on the Hugging Face Hub."))
    return Message(QT_TRANSLATE_NOOP(
        "Engine", "This model was trained in the data mode {mode}; the GGUF export knows "
                  "continuous text and one example per line or per block only, so it cannot "
                  "say where an example starts and ends."), mode=repr(mode))


# ---------------------------------------------------------------------------------------------------
# One function per tokenizer kind


def gguf_vocab(tokenizer, mode: str, vocab_size: int) -> GGUFVocab:
    """The GGUF vocabulary of `tokenizer` for a model of `vocab_size` outputs trained in `mode`,
    or ExportRefused saying why it cannot be exact."""
    from gptstudio.engine.sampling import never_sampled

    refused = mode_refused(mode)
    if refused is not None:
        raise ExportRefused(refused)
    kind = getattr(tokenizer, "kind", "")
    builders = {"char": _char_vocab, "word": _word_vocab, "bpe": byte_level_bpe,
                "gpt2": byte_level_bpe}
    if kind not in builders:
        raise ExportRefused(Message(QT_TRANSLATE_NOOP(
            "Engine", "The GGUF export does not know the {kind} tokenizer yet, so it cannot make "
                      "llama.cpp cut text as GPT Studio does."), kind=repr(kind)))
    if tokenizer.vocab_size > vocab_size:
        raise ExportRefused(Message(QT_TRANSLATE_NOOP(
            "Engine", "The tokenizer has {tokens} tokens but the model only {model_tokens}."),
            tokens=tokenizer.vocab_size, model_tokens=vocab_size))
    vocab = builders[kind](tokenizer)
    tokens, types = list(vocab.tokens), list(vocab.types)
    scores = list(vocab.scores)
    for i in range(len(tokens), vocab_size):  # an imported model's outputs beyond its tokenizer
        tokens.append(f"[PAD{i}]")
        types.append(UNUSED)
        if scores:
            scores.append(UNK_SCORE)
    _refuse_duplicates(tokens, types)
    return GGUFVocab(
        model=vocab.model, pre=vocab.pre, tokens=tokens, types=types, merges=vocab.merges,
        scores=scores, bos=tokenizer.sos_id, eos=tokenizer.eos_id, pad=tokenizer.pad_id,
        unk=vocab.unk, add_bos=mode in FRAMED_MODES,
        suppressed=sorted(set(never_sampled(tokenizer, mode))),
        differences=vocab.differences)


def _char_vocab(tokenizer) -> GGUFVocab:
    specials = list(SPECIALS)
    pieces = [_utf8(c) for c in tokenizer.chars]
    merges: dict[str, None] = {}  # ordered and without repeats
    for data in pieces:
        for k in range(1, len(data)):
            merges[f"{byte_level(data[:k])} {byte_level(data[k:k + 1])}"] = None
    if not merges:
        # llama.cpp needs the key; a continuation byte is never a character's start, so this
        # rule never builds a token.
        continuation = byte_level(bytes([0x80]))
        merges[f"{continuation} {continuation}"] = None
    return GGUFVocab(
        model="gpt2", pre="qwen2",  # any byte-level pre-tokenizer cuts between characters only;
        # qwen2's also leaves spaces alone when llama.cpp detokenizes a whole text (clean_spaces)
        tokens=specials + [byte_level(p) for p in pieces],
        types=[CONTROL] * len(specials) + [NORMAL] * len(pieces),
        merges=list(merges),
        differences=(Message(QT_TRANSLATE_NOOP(
            "Engine", "Characters the model never saw are left out (the app's Generate tab "
                      "leaves them out too).")),))


def _word_vocab(tokenizer) -> GGUFVocab:
    specials = list(SPECIALS)
    marked = [w for w in tokenizer.words if SPACE_MARK in w]
    if marked:
        raise ExportRefused(Message(QT_TRANSLATE_NOOP(
            "Engine", "The text contains the character ▁ (U+2581), which llama.cpp's word-level "
                      "tokenizer uses for a space, so llama.cpp would read it as a space. Remove "
                      "it from the corpus and train a new model to export it.")))
    for word in tokenizer.words:
        _utf8(word)
    differences = [Message(QT_TRANSLATE_NOOP(
        "Engine", "Words the model never saw: GPT Studio refuses them in a prompt (the app "
                  "leaves them out), llama.cpp spells them with the shorter words it has."))]
    if any(len(w) > 1 and w.isspace() for w in tokenizer.words):
        differences.append(Message(QT_TRANSLATE_NOOP(
            "Engine", "A run of spaces or line breaks longer or different from any in the "
                      "training text (say, four line breaks where it had at most two): GPT "
                      "Studio spells it one character at a time, llama.cpp with the fewest runs "
                      "it knows. The text reads the same; the model sees it differently.")))
    words = [w.replace(" ", SPACE_MARK) for w in tokenizer.words]
    return GGUFVocab(
        model="t5", pre=None,
        tokens=specials + [UNK] + words,
        types=[CONTROL] * len(specials) + [NORMAL] + [NORMAL] * len(words),
        scores=[0.0] * len(specials) + [UNK_SCORE] + [WORD_SCORE] * len(words),
        unk=tokenizer.unk_id, differences=tuple(differences))


def byte_level_bpe(tokenizer) -> GGUFVocab:
    """The byte-level BPE table of a bpe or gpt2 tokenizer: token strings by id, and merges."""
    data = json.loads(tokenizer._hf.to_str())
    model, pre = data.get("model") or {}, data.get("pre_tokenizer") or {}
    standard = (
        model.get("type") == "BPE" and pre.get("type") == "ByteLevel"
        and pre.get("use_regex", True) and not pre.get("add_prefix_space", False)
        and not data.get("normalizer") and model.get("dropout") is None
        and not model.get("continuing_subword_prefix") and not model.get("end_of_word_suffix")
        and not model.get("byte_fallback", False) and not model.get("ignore_merges", False))
    if not standard:
        raise ExportRefused(Message(QT_TRANSLATE_NOOP(
            "Engine", "This BPE tokenizer is not GPT-2's byte-level kind, which is the only BPE "
                      "llama.cpp can be told to cut text with exactly.")))
    by_id = {int(i): t for t, i in model["vocab"].items()}
    special_ids = set()
    for added in data.get("added_tokens") or []:
        by_id[int(added["id"])] = added["content"]
        if added.get("special", True):
            special_ids.add(int(added["id"]))
    size = tokenizer.vocab_size
    missing = [i for i in range(size) if i not in by_id]
    if missing:
        raise ExportRefused(Message(QT_TRANSLATE_NOOP(
            "Engine", "The tokenizer has no token with the id {id}, so it cannot be written as a "
                      "list."), id=missing[0]))
    merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges") or []]
    if any(isinstance(m, list) and (len(m) != 2 or any(" " in part for part in m))
           for m in model.get("merges") or []):
        raise ExportRefused(Message(QT_TRANSLATE_NOOP(
            "Engine", "A merge rule of this tokenizer contains a space, which llama.cpp's list "
                      "of merges cannot hold.")))
    return GGUFVocab(
        model="gpt2", pre="gpt-2", tokens=[by_id[i] for i in range(size)],
        types=[CONTROL if i in special_ids else NORMAL for i in range(size)], merges=merges,
        differences=())


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate: not a character at all
        raise ExportRefused(Message(QT_TRANSLATE_NOOP(
            "Engine", "The vocabulary holds a broken character ({character}) that cannot be "
                      "written as UTF-8."), character=repr(text[error.start:error.end]))) from error


def _refuse_duplicates(tokens: list[str], types: list[int]) -> None:
    """llama.cpp finds a token by its text: two tokens with one text would read as one."""
    seen: dict[str, int] = {}
    for i, (token, kind) in enumerate(zip(tokens, types, strict=True)):
        if kind == UNUSED:
            continue
        if token in seen:
            raise ExportRefused(Message(QT_TRANSLATE_NOOP(
                "Engine", "Two tokens ({first} and {second}) have the same text {text}, which "
                          "llama.cpp cannot tell apart."),
                first=seen[token], second=i, text=repr(token)))
        seen[token] = i
