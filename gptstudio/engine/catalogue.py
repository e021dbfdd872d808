"""The pretrained models offered by name: what each is, its size, its licence.

Any other repository of the Hugging Face Hub whose config.json describes a GPT-2 works too
(hub.fetch_model checks it); these are the ones worth knowing about. Download sizes are the
repositories' weights plus tokenizer files as listed on the Hub (the download itself reads the
exact sizes). No torch here: the welcome view and `gptstudio models` list it at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from gptstudio.engine.config import ModelConfig
from gptstudio.engine.messages import QT_TRANSLATE_NOOP

NOT_STATED = QT_TRANSLATE_NOOP("Catalogue", "not stated on the model card")


def _gpt2(vocab_size: int, n_layer: int, n_embd: int, n_head: int) -> ModelConfig:
    """GPT-2's shape at its full 1,024 positions (a fine-tune may keep fewer)."""
    return ModelConfig(vocab_size=vocab_size, block_size=1024, n_layer=n_layer, n_head=n_head,
                       n_embd=n_embd, dropout=0.0, bias=True, activation="gelu_tanh")


@dataclass(frozen=True)
class CatalogueEntry:
    repo_id: str  # the name on the Hugging Face Hub
    language: str  # QT_TRANSLATE_NOOP("Catalogue", ...): translate("Catalogue", entry.language)
    about: str  # the same: what it was trained on, what it is good for
    licence: str  # as the model card states it (proper names: not translated, except NOT_STATED)
    download_bytes: int  # about: the exact figure comes from the Hub when downloading
    config: ModelConfig
    tokenizer: str  # "gpt2" (byte-level BPE) or "wordpiece" (BERT's vocabulary)

    @property
    def parameters(self) -> int:
        return self.config.param_count()


_GPT2_VOCAB = 50257
_BERT_CHINESE_VOCAB = 21128  # google's bert-base-chinese vocabulary, which UER's models use
_UER_ABOUT_SHAPE = (12, 768, 12)

CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "gpt2", QT_TRANSLATE_NOOP("Catalogue", "English"),
        QT_TRANSLATE_NOOP("Catalogue", "OpenAI's GPT-2 (2019), its smallest size: trained on 8 "
                                       "million web pages. The usual start for English text."),
        "MIT", 551_000_000, _gpt2(_GPT2_VOCAB, 12, 768, 12), "gpt2"),
    CatalogueEntry(
        "distilgpt2", QT_TRANSLATE_NOOP("Catalogue", "English"),
        QT_TRANSLATE_NOOP("Catalogue", "A smaller GPT-2 (6 layers instead of 12) that Hugging Face "
                                       "distilled from it: about twice as fast, writes a little "
                                       "less well."),
        "Apache-2.0", 356_000_000, _gpt2(_GPT2_VOCAB, 6, 768, 12), "gpt2"),
    CatalogueEntry(
        "gpt2-medium", QT_TRANSLATE_NOOP("Catalogue", "English"),
        QT_TRANSLATE_NOOP("Catalogue", "GPT-2's medium size (24 layers): better English, about "
                                       "three times slower than GPT-2."),
        "MIT", 1_523_000_000, _gpt2(_GPT2_VOCAB, 24, 1024, 16), "gpt2"),
    CatalogueEntry(
        "uer/gpt2-chinese-cluecorpussmall", QT_TRANSLATE_NOOP("Catalogue", "Chinese"),
        QT_TRANSLATE_NOOP("Catalogue", "UER's Chinese GPT-2, trained on CLUECorpusSmall (news, web "
                                       "pages, novels): general modern Chinese."),
        NOT_STATED, 421_000_000, _gpt2(_BERT_CHINESE_VOCAB, *_UER_ABOUT_SHAPE), "wordpiece"),
    CatalogueEntry(
        "uer/gpt2-chinese-poem", QT_TRANSLATE_NOOP("Catalogue", "Chinese (classical poetry)"),
        QT_TRANSLATE_NOOP("Catalogue", "UER's Chinese GPT-2 trained on about 800,000 classical "
                                       "Chinese poems."),
        NOT_STATED, 421_000_000, _gpt2(_BERT_CHINESE_VOCAB, *_UER_ABOUT_SHAPE), "wordpiece"),
    CatalogueEntry(
        "uer/gpt2-chinese-lyric", QT_TRANSLATE_NOOP("Catalogue", "Chinese (song lyrics)"),
        QT_TRANSLATE_NOOP("Catalogue", "UER's Chinese GPT-2 trained on Chinese song lyrics."),
        NOT_STATED, 421_000_000, _gpt2(_BERT_CHINESE_VOCAB, *_UER_ABOUT_SHAPE), "wordpiece"),
    CatalogueEntry(
        "uer/gpt2-chinese-couplet", QT_TRANSLATE_NOOP("Catalogue", "Chinese (couplets)"),
        QT_TRANSLATE_NOOP("Catalogue", "UER's Chinese GPT-2 trained on about 700,000 Chinese "
                                       "couplets (对联)."),
        NOT_STATED, 421_000_000, _gpt2(_BERT_CHINESE_VOCAB, *_UER_ABOUT_SHAPE), "wordpiece"),
    CatalogueEntry(
        "uer/gpt2-chinese-ancient", QT_TRANSLATE_NOOP("Catalogue", "Classical Chinese"),
        QT_TRANSLATE_NOOP("Catalogue", "UER's Chinese GPT-2 trained on 3 million classical Chinese "
                                       "texts (文言文), with a vocabulary extended for them."),
        NOT_STATED, 434_000_000, _gpt2(25370, *_UER_ABOUT_SHAPE), "wordpiece"),
)


def catalogue_entry(repo_id: str) -> CatalogueEntry | None:
    return next((e for e in CATALOGUE if e.repo_id == repo_id), None)
