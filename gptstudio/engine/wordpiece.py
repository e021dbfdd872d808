"""BERT's WordPiece vocabulary, as the Chinese GPT-2 models (UER's `uer/gpt2-chinese-*`) use it.

Those models were trained on text cut by BERT's tokenizer (`vocab.txt`, read by transformers'
BertTokenizer): every CJK character is a token of its own, other words are split into pieces from
the vocabulary ("playing" -> "play", "##ing"), and text is lower-cased. HF `tokenizers` has every
part of it (BertNormalizer, BertPreTokenizer, WordPiece); this module only puts them together the
way transformers does (models/bert/tokenization_bert.py), so the ids are BertTokenizerFast's
(tested), and gives them the engine's Tokenizer interface.

Two things differ from the text a user typed, by the vocabulary's design:
* whitespace and line breaks are not tokens: decoding puts a space between Latin words and none
  around CJK characters or punctuation, so Chinese reads as written and English nearly so;
* lower-casing and characters missing from the vocabulary ([UNK]) do not come back.
So the models are best fine-tuned with one example per line (a poem, a couplet), which is how UER
trained them: [CLS] text [SEP].

Specials are ids only, as for the other tokenizers: "[CLS]" typed in a corpus is ordinary text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from gptstudio.engine.errors import EngineError
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.tokenizers import CJK_CHARACTER, Tokenizer

# BERT's special tokens: transformers' BertTokenizer defaults, which UER's vocabularies use.
SPECIAL_NAMES = {"pad": "[PAD]", "unk": "[UNK]", "cls": "[CLS]", "sep": "[SEP]", "mask": "[MASK]"}
CONTINUATION = "##"  # a piece that continues the word before it


class WordPieceTokenizer(Tokenizer):
    """BERT-style WordPiece: [CLS] starts an example, [SEP] ends it, [PAD] pads."""

    kind = "wordpiece"

    def __init__(self, hf_tokenizer, specials: dict[str, str] | None = None):
        names = {**SPECIAL_NAMES, **(specials or {})}
        ids = {role: hf_tokenizer.token_to_id(token) for role, token in names.items()}
        missing = [names[role] for role in ("pad", "unk", "cls", "sep") if ids[role] is None]
        if missing:
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "This WordPiece vocabulary lacks the special token {token}."),
                token=missing[0]))
        self._hf = hf_tokenizer
        self._hf.post_processor = None  # [CLS]/[SEP] are added by the data pipeline, as ids
        self.specials = names
        self.pad_id, self.unk_id = ids["pad"], ids["unk"]
        self.sos_id, self.eos_id = ids["cls"], ids["sep"]
        self.mask_id = ids["mask"]
        self.vocab_size = hf_tokenizer.get_vocab_size()
        self._texts: list[str] | None = None

    # -- building -------------------------------------------------------------------------------------

    @classmethod
    def from_vocab(cls, vocab_path: str | Path, *, lowercase: bool = True,
                   chinese_chars: bool = True, strip_accents: bool | None = None,
                   specials: dict[str, str] | None = None) -> WordPieceTokenizer:
        """From BERT's vocab.txt (one token a line, the line number is its id) and the options of
        tokenizer_config.json; the defaults are BertTokenizer's."""
        from tokenizers import Tokenizer as HFTokenizer
        from tokenizers import decoders, models, normalizers, pre_tokenizers

        names = {**SPECIAL_NAMES, **(specials or {})}
        vocab = models.WordPiece.read_file(str(vocab_path))
        hf = HFTokenizer(models.WordPiece(vocab, unk_token=names["unk"]))
        hf.normalizer = normalizers.BertNormalizer(
            clean_text=True, handle_chinese_chars=chinese_chars, strip_accents=strip_accents,
            lowercase=lowercase)
        hf.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        hf.decoder = decoders.WordPiece(prefix=CONTINUATION)
        return cls(hf, names)

    @classmethod
    def from_folder(cls, folder: str | Path) -> WordPieceTokenizer:
        """From a Hugging Face folder with vocab.txt (and, usually, tokenizer_config.json)."""
        folder = Path(folder)
        options = _json_or_empty(folder / "tokenizer_config.json")
        specials = {role: token for role, token in (
            (role, _token_name(options.get(f"{role}_token"))) for role in SPECIAL_NAMES) if token}
        lowercase = options.get("do_lower_case", True)
        chinese = options.get("tokenize_chinese_chars", True)
        accents = options.get("strip_accents")
        return cls.from_vocab(folder / "vocab.txt", lowercase=lowercase is not False,
                              chinese_chars=chinese is not False,
                              strip_accents=accents if isinstance(accents, bool) else None,
                              specials=specials)

    # -- text <-> ids ---------------------------------------------------------------------------------

    def encode(self, text: str) -> list[int]:
        return self._hf.encode(text, add_special_tokens=False).ids

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in `text` of each token of encode(text) (for Look inside ▸ Tokens)."""
        return self._hf.encode(text, add_special_tokens=False).offsets

    def decode(self, ids: Sequence[int]) -> str:
        # Piece by piece: streamed generation decodes one token at a time and must get the same.
        skipped = (self.pad_id, self.sos_id, self.eos_id, self.mask_id)
        return "".join(self._piece(int(i)) for i in ids if int(i) not in skipped)

    def token_text(self, token_id: int) -> str:
        if self._texts is None:
            self._texts = [self._piece(i) for i in range(self.vocab_size)]
        return self._texts[token_id]

    def _piece(self, token_id: int) -> str:
        token = self._hf.id_to_token(token_id)
        if token is None:
            return ""
        if token.startswith(CONTINUATION) and len(token) > len(CONTINUATION):
            return token[len(CONTINUATION):]
        first = token[0]
        if first.isalnum() and not CJK_CHARACTER.match(first) and token not in self.specials.values():
            return " " + token  # a Latin word (or number) starts: the space the vocabulary dropped
        return token

    def never_written(self) -> list[int]:
        """[UNK] and [MASK] are inputs only: a model must not write them."""
        return [i for i in (self.unk_id, self.mask_id) if i is not None]

    # -- saving ---------------------------------------------------------------------------------------

    def vocabulary(self) -> list[str]:
        """The tokens in id order (vocab.txt's lines)."""
        return [self._hf.id_to_token(i) for i in range(self.vocab_size)]

    def options(self) -> dict:
        """tokenizer_config.json's options for transformers' BertTokenizer."""
        normalizer = json.loads(self._hf.to_str()).get("normalizer") or {}
        return {"do_lower_case": bool(normalizer.get("lowercase", True)),
                "tokenize_chinese_chars": bool(normalizer.get("handle_chinese_chars", True)),
                "strip_accents": normalizer.get("strip_accents")}

    def to_dict(self) -> dict:
        return {"kind": self.kind, "specials": dict(self.specials),
                "hf": json.loads(self._hf.to_str())}

    @classmethod
    def from_dict(cls, data: dict) -> WordPieceTokenizer:
        from tokenizers import Tokenizer as HFTokenizer

        return cls(HFTokenizer.from_str(json.dumps(data["hf"])), dict(data.get("specials") or {}))


def _json_or_empty(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _token_name(value) -> str | None:
    """tokenizer_config.json writes a special token as a string or as {"content": ...}."""
    if isinstance(value, dict):
        value = value.get("content")
    return value if isinstance(value, str) and value else None


def is_wordpiece_folder(folder: str | Path) -> bool:
    """A BERT-style vocabulary: vocab.txt and no GPT-2 BPE files (vocab.json + merges.txt)."""
    folder = Path(folder)
    return (folder / "vocab.txt").is_file() and not (folder / "merges.txt").is_file()
