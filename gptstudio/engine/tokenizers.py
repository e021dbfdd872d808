"""Tokenizers: text <-> token ids, each saved to and loaded from one JSON file.

Every tokenizer has the special tokens <pad>, <sos>, <eos> at ids 0, 1, 2 (the word tokenizer also
<unk> at 3). Specials exist only as ids: the text "<eos>" in a corpus is ordinary characters, so a
user's text can never be cut short by what it happens to contain.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from gptstudio.engine.errors import CorpusError, EngineError, UnknownCharacters
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.fsio import atomic_write_text, read_limited

PAD, SOS, EOS, UNK = "<pad>", "<sos>", "<eos>", "<unk>"
SPECIALS = (PAD, SOS, EOS)
TOKENIZER_KINDS = ("char", "word", "bpe")
# Come with a pretrained model, never trained: GPT-2's byte-level BPE and BERT's WordPiece
# (engine/wordpiece.py, the Chinese GPT-2 models').
IMPORTED_KINDS = ("gpt2", "wordpiece")
# What a tokenizer file can hold. The biggest GPT Studio writes: a BPE of 65,536 tokens (about
# 3 MB of JSON), a word tokenizer of WordTokenizer.train's 50,000 words and its whitespace. A
# file past these is refused before it is parsed or turned into tables: a 10-million-word file
# froze the app for 6.8 s.
MAX_TOKENIZER_BYTES = 32 * 2**20
MAX_WORDS = 60_000
MAX_CHARS = 0x110000  # every Unicode code point


class Tokenizer:
    kind = ""
    pad_id, sos_id, eos_id = 0, 1, 2
    vocab_size: int
    # A chat model's template (engine/chat_template.py): its turn markers are special tokens added
    # after the vocabulary (add_special_tokens). None for a model of plain text.
    chat = None

    def encode(self, text: str) -> list[int]:
        raise NotImplementedError

    def decode(self, ids: Sequence[int]) -> str:
        raise NotImplementedError

    def token_text(self, token_id: int) -> str:
        raise NotImplementedError

    def unknown_in(self, text: str) -> list[str]:
        return []

    def never_written(self) -> list[int]:
        """Tokens that are inputs only, which generation must never pick (besides the specials)."""
        return []

    def to_dict(self) -> dict:
        raise NotImplementedError

    def add_special_tokens(self, texts: Sequence[str]) -> None:
        """Add tokens after the vocabulary that encode() never makes (chat turn markers)."""
        raise NotImplementedError

    def special_id(self, text: str) -> int:
        """The id of a token added by add_special_tokens."""
        raise NotImplementedError

    def _chat_dict(self) -> dict:
        return {"chat": self.chat.to_dict()} if self.chat is not None else {}


class CharTokenizer(Tokenizer):
    """One token per Unicode character seen in the corpus: the clearest tokenizer to learn from."""

    kind = "char"

    def __init__(self, chars: Sequence[str]):
        self.chars = list(chars)
        self._itos = list(SPECIALS) + self.chars
        self._stoi = {c: i + len(SPECIALS) for i, c in enumerate(self.chars)}
        self.vocab_size = self._text_end = len(self._itos)

    @classmethod
    def train(cls, text: str) -> CharTokenizer:
        return cls(sorted(set(text)))

    def encode(self, text: str) -> list[int]:
        stoi = self._stoi
        try:
            return [stoi[c] for c in text]
        except KeyError:
            raise UnknownCharacters(self.unknown_in(text)) from None

    def encode_array(self, text: str):
        """encode() for a whole corpus at numpy speed (a 20 MB text in well under a second)."""
        import numpy as np

        if not hasattr(self, "_sorted_codes"):
            order = sorted(range(len(self.chars)), key=lambda i: ord(self.chars[i]))
            self._sorted_codes = np.array([ord(self.chars[i]) for i in order], dtype=np.uint32)
            self._sorted_ids = np.array([i + len(SPECIALS) for i in order], dtype=np.int64)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        if len(self._sorted_codes) == 0:
            if len(codes):
                raise UnknownCharacters(self.unknown_in(text))
            return np.zeros(0, dtype=np.int64)
        where = np.minimum(np.searchsorted(self._sorted_codes, codes), len(self._sorted_codes) - 1)
        if not np.array_equal(self._sorted_codes[where], codes):
            raise UnknownCharacters(self.unknown_in(text))
        return self._sorted_ids[where]

    def decode(self, ids: Sequence[int]) -> str:
        itos, first, end = self._itos, len(SPECIALS), self._text_end
        return "".join(itos[i] for i in ids if first <= i < end)

    def token_text(self, token_id: int) -> str:
        return self._itos[token_id]

    def unknown_in(self, text: str) -> list[str]:
        return sorted(set(text) - self._stoi.keys())

    def to_dict(self) -> dict:
        return {"kind": self.kind, "chars": self.chars, **self._chat_dict()}

    def add_special_tokens(self, texts: Sequence[str]) -> None:
        self._itos += [t for t in texts if t not in self._itos[self._text_end:]]
        self.vocab_size = len(self._itos)

    def special_id(self, text: str) -> int:
        return self._itos.index(text, self._text_end)


# CJK ideographs and kana are words on their own (those scripts put no spaces between words);
# whitespace runs are kept as tokens so that decode(encode(text)) gives the text back exactly.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_PATTERN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]", re.UNICODE)
CJK_CHARACTER = re.compile(rf"[{_CJK}]")
# The same, with the CJK symbols and punctuation (。、「」) and the full-width forms (，！：).
CJK_OR_FULL_WIDTH_PUNCTUATION = re.compile(rf"[{_CJK}\u3000-\u303f\uff00-\uffef]")


def split_words(text: str) -> list[str]:
    return _WORD_PATTERN.findall(text)


class WordTokenizer(Tokenizer):
    """Words, punctuation marks and whitespace runs, as in the classic from-scratch tutorials."""

    kind = "word"
    unk_id = 3

    def __init__(self, words: Sequence[str]):
        self.words = list(words)
        self._itos = [*SPECIALS, UNK, *self.words]
        self._stoi = {w: i + 4 for i, w in enumerate(self.words)}
        self.vocab_size = self._text_end = len(self._itos)

    @classmethod
    def train(cls, text: str, max_words: int = 50_000) -> WordTokenizer:
        counts: Counter[str] = Counter()
        for piece in _chunks(text):  # one regex call per piece: a UI thread gets the GIL between
            counts.update(split_words(piece))
        # Single whitespace characters always fit, so an unseen run of spaces still round-trips.
        singles = {c for c in text if c.isspace()}
        common = [w for w, _ in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:max_words]]
        return cls(sorted(set(common) | singles))

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        stoi = self._stoi
        for word in split_words(text):
            if word in stoi:
                ids.append(stoi[word])
            elif word.isspace():
                ids.extend(stoi.get(c, self.unk_id) for c in word)
            else:
                ids.append(self.unk_id)
        return ids

    def decode(self, ids: Sequence[int]) -> str:
        itos, end = self._itos, self._text_end
        return "".join(itos[i] for i in ids if 3 <= i < end)

    def token_text(self, token_id: int) -> str:
        return self._itos[token_id]

    def unknown_in(self, text: str) -> list[str]:
        stoi = self._stoi
        unknown = []
        for word in split_words(text):
            if word in stoi:
                continue
            if word.isspace():
                unknown.extend(c for c in word if c not in stoi)
            else:
                unknown.append(word)
        return list(dict.fromkeys(unknown))

    def to_dict(self) -> dict:
        return {"kind": self.kind, "words": self.words, **self._chat_dict()}

    add_special_tokens = CharTokenizer.add_special_tokens
    special_id = CharTokenizer.special_id


class BPETokenizer(Tokenizer):
    """Byte-level BPE (HF `tokenizers`): any text at all encodes, merges learned from the corpus."""

    kind = "bpe"

    def __init__(self, hf_tokenizer):
        self._hf = hf_tokenizer
        # Without this, "<eos>" typed in a corpus or prompt would become the real end token.
        self._hf.encode_special_tokens = True
        self.vocab_size = hf_tokenizer.get_vocab_size()
        self._texts: list[str] | None = None

    @classmethod
    def train(cls, text: str, vocab_size: int = 512) -> BPETokenizer:
        from tokenizers import Tokenizer as HFTokenizer
        from tokenizers import decoders, models, pre_tokenizers, trainers

        hf = HFTokenizer(models.BPE())
        hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        hf.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size, special_tokens=list(SPECIALS), show_progress=False,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        )
        hf.train_from_iterator(_chunks(text), trainer=trainer)
        return cls(hf)

    def encode(self, text: str) -> list[int]:
        return self._hf.encode(text, add_special_tokens=False).ids

    def decode(self, ids: Sequence[int]) -> str:
        return self._hf.decode([int(i) for i in ids], skip_special_tokens=True)

    def token_text(self, token_id: int) -> str:
        if self._texts is None:
            self._texts = [self._one_text(i) for i in range(self.vocab_size)]
        return self._texts[token_id]

    def _one_text(self, token_id: int) -> str:
        if token_id < len(SPECIALS):
            return SPECIALS[token_id]
        return self._hf.decode([token_id], skip_special_tokens=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "hf": json.loads(self._hf.to_str()), **self._chat_dict()}

    def add_special_tokens(self, texts: Sequence[str]) -> None:
        # HF numbers them after its vocabulary; they are kept in its JSON (and so in exports).
        self._hf.add_special_tokens(list(texts))
        self.vocab_size = self._hf.get_vocab_size()
        self._texts = None

    def special_id(self, text: str) -> int:
        token_id = self._hf.token_to_id(text)
        if token_id is None:
            raise KeyError(text)
        return token_id


class GPT2Tokenizer(BPETokenizer):
    """GPT-2's own byte-level BPE, as imported from a Hugging Face folder (vocab.json + merges.txt).

    GPT-2 has one special token, <|endoftext|>, which serves as start, end and padding. It stays an
    id only: the text "<|endoftext|>" in a corpus is encoded as ordinary pieces."""

    kind = "gpt2"

    def __init__(self, hf_tokenizer, eot_id: int):
        super().__init__(hf_tokenizer)
        self.pad_id = self.sos_id = self.eos_id = eot_id
        self._text_end = max(eot_id + 1, hf_tokenizer.get_vocab_size(with_added_tokens=False))

    @classmethod
    def from_files(cls, vocab_path: str | Path, merges_path: str | Path) -> GPT2Tokenizer:
        from tokenizers import Tokenizer as HFTokenizer
        from tokenizers import decoders, models, pre_tokenizers

        hf = HFTokenizer(models.BPE.from_file(str(vocab_path), str(merges_path)))
        hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        hf.decoder = decoders.ByteLevel()
        eot = hf.token_to_id("<|endoftext|>")
        if eot is None:
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "This GPT-2 vocabulary has no <|endoftext|> token.")))
        return cls(hf, eot)

    def decode(self, ids: Sequence[int]) -> str:
        # <|endoftext|> and added turn markers are dropped; GPT-2's other ids are all text.
        return self._hf.decode([int(i) for i in ids if int(i) != self.eos_id
                                and int(i) < self._text_end], skip_special_tokens=False)

    def _one_text(self, token_id: int) -> str:
        if token_id == self.eos_id:
            return "<|endoftext|>"
        return self._hf.decode([token_id], skip_special_tokens=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "eot_id": self.eos_id, "hf": json.loads(self._hf.to_str()),
                **self._chat_dict()}


def _chunks(text: str, size: int = 1 << 16):
    # Line-aligned pieces: HF trains from an iterator of strings, and one 20 MB string is slow.
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def train_tokenizer(kind: str, text: str, bpe_vocab_size: int = 512, mode: str = "") -> Tokenizer:
    """mode "chat": trained on what the conversations say, with the chat template's turn markers
    added (engine/chat_template.py); CorpusError, naming the line, where a conversation cannot be
    read."""
    if mode == "chat" and text:
        from gptstudio.engine.chat_template import add_chat_tokens, template_for
        from gptstudio.engine.conversations import conversation_text, parse_conversations

        parsed = parse_conversations(text)
        tokenizer = train_tokenizer(kind, conversation_text(parsed.conversations) or text,
                                    bpe_vocab_size)
        return add_chat_tokens(tokenizer, template_for(parsed))
    if not text:
        raise CorpusError(Message(QT_TRANSLATE_NOOP("Engine", "The corpus is empty: add some text first.")))
    if kind == "char":
        return CharTokenizer.train(text)
    if kind == "word":
        return WordTokenizer.train(text)
    if kind == "bpe":
        return BPETokenizer.train(text, bpe_vocab_size)
    if kind in IMPORTED_KINDS:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This tokenizer is not trained: it comes with a pretrained model. Create the "
                      "project from a pretrained model instead.")))
    raise EngineError(Message(QT_TRANSLATE_NOOP(
        "Engine", "Unknown tokenizer {kind}: choose one of {kinds}."),
        kind=repr(kind), kinds=", ".join(TOKENIZER_KINDS)))


def tokenizer_from_dict(d: dict) -> Tokenizer:
    tokenizer = _plain_tokenizer_from_dict(d)
    if isinstance(d.get("chat"), dict):
        from gptstudio.engine.chat_template import ChatTemplate, add_chat_tokens

        add_chat_tokens(tokenizer, ChatTemplate.from_dict(d["chat"]))
    return tokenizer


def _plain_tokenizer_from_dict(d: dict) -> Tokenizer:
    kind = d.get("kind")
    if kind == "char":
        return CharTokenizer(_entries(d.get("chars"), MAX_CHARS, single=True))
    if kind == "word":
        return WordTokenizer(_entries(d.get("words"), MAX_WORDS, single=False))
    if kind in ("bpe", "gpt2"):
        from tokenizers import Tokenizer as HFTokenizer

        hf = HFTokenizer.from_str(json.dumps(d["hf"]))
        return BPETokenizer(hf) if kind == "bpe" else GPT2Tokenizer(hf, int(d["eot_id"]))
    if kind == "wordpiece":
        from gptstudio.engine.wordpiece import WordPieceTokenizer

        return WordPieceTokenizer.from_dict(d)
    raise EngineError(Message(QT_TRANSLATE_NOOP(
        "Engine", "Unknown tokenizer {kind} in the tokenizer file."), kind=repr(kind)))


class _DamagedEntries(ValueError):
    """Why a tokenizer's entries cannot be used: a Message, a clause ("it holds ... twice")."""


def _entries(values, most: int, single: bool) -> list[str]:
    """A char tokenizer's characters or a word tokenizer's words, checked: a list of distinct
    texts, each one character (single) or non-empty, at most `most` of them."""
    if not isinstance(values, list) or len(values) > most:
        raise _DamagedEntries(Message(QT_TRANSLATE_NOOP(
            "Engine", "it does not hold a list of at most {most:,} entries"), most=most))
    if not all(isinstance(v, str) and (len(v) == 1 if single else v) for v in values):
        raise _DamagedEntries(Message(QT_TRANSLATE_NOOP(
            "Engine", "it holds an entry that is not one character")) if single else Message(
            QT_TRANSLATE_NOOP("Engine", "it holds an entry that is not a word")))
    if len(set(values)) != len(values):
        raise _DamagedEntries(Message(QT_TRANSLATE_NOOP("Engine", "it holds an entry twice")))
    return values


def save_tokenizer(tokenizer: Tokenizer, path: str | Path) -> None:
    atomic_write_text(Path(path), json.dumps(tokenizer.to_dict(), ensure_ascii=False))


def load_tokenizer(path: str | Path) -> Tokenizer:
    try:
        d = json.loads(read_limited(path, MAX_TOKENIZER_BYTES, follow_links=False).decode("utf-8"))
        if not isinstance(d, dict):
            raise ValueError("not a JSON object")
        return tokenizer_from_dict(d)
    except EngineError:
        raise
    except _DamagedEntries as error:
        path = Path(path)
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The tokenizer file {folder}/{name} is damaged: {why}."),
            folder=path.parent.name, name=path.name, why=error.args[0])) from None
    except Exception as error:  # any damage (bad JSON, missing keys, HF parse errors) reads the same
        path = Path(path)  # named with its folder: a project's and a checkpoint's have one name
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The tokenizer file {folder}/{name} is missing or damaged ({detail})."),
            folder=path.parent.name, name=path.name, detail=str(error))) from error
