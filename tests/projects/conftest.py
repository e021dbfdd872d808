"""Fixtures for the projects tests: a store in the test's own GPTSTUDIO_HOME, and a stand-in for
engine.tokenizers while that module is not written yet (the real one is used once it exists)."""

from __future__ import annotations

import importlib
import json
import sys
import types

import pytest

from gptstudio.fsio import atomic_write_json
from gptstudio.projects.store import ProjectStore

TOKENIZERS = "gptstudio.engine.tokenizers"


class _StandInTokenizer:
    def __init__(self, kind: str, vocab: list[str]) -> None:
        self.kind, self.vocab = kind, vocab
        self.vocab_size = len(vocab) + 3  # <pad>, <sos>, <eos>

    def to_dict(self) -> dict:
        return {"kind": self.kind, "vocab": self.vocab}


def _stand_in_module() -> types.ModuleType:
    module = types.ModuleType(TOKENIZERS)

    def train_tokenizer(kind: str, text: str, bpe_vocab_size: int = 512):
        units = text.split() if kind == "word" else list(text)
        vocab = sorted(set(units))
        if kind == "bpe":
            vocab = [str(i) for i in range(bpe_vocab_size - 3)]
        return _StandInTokenizer(kind, vocab)

    def save_tokenizer(tok, path) -> None:
        atomic_write_json(path, tok.to_dict())

    def load_tokenizer(path):
        d = json.loads(open(path, encoding="utf-8").read())
        return _StandInTokenizer(d["kind"], d["vocab"])

    module.train_tokenizer = train_tokenizer
    module.save_tokenizer = save_tokenizer
    module.load_tokenizer = load_tokenizer
    return module


@pytest.fixture(autouse=True)
def _tokenizers(monkeypatch):
    try:
        importlib.import_module(TOKENIZERS)
    except ModuleNotFoundError as e:
        if e.name != TOKENIZERS:
            raise
        monkeypatch.setitem(sys.modules, TOKENIZERS, _stand_in_module())


@pytest.fixture
def store() -> ProjectStore:
    return ProjectStore()


@pytest.fixture
def project(store, tiny_corpus):
    return store.create("Hamlet", tiny_corpus)
