"""Shared test set-up. Qt must run offscreen, and no test may touch the real user data folder."""

import os

# Before any Qt import anywhere: tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

TINY_CORPUS = (
    "To be, or not to be, that is the question:\n"
    "Whether 'tis nobler in the mind to suffer\n"
    "The slings and arrows of outrageous fortune,\n"
    "Or to take arms against a sea of troubles\n"
    "And by opposing end them. To die: to sleep;\n"
) * 8


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "gptstudio-home"
    monkeypatch.setenv("GPTSTUDIO_HOME", str(home))
    # The Hugging Face Hub: a cache of the test's own, and an endpoint nothing listens on (port 9,
    # "discard"), so that no test reads the real cache or reaches the network. Tests of downloads
    # start a stand-in Hub and point HF_ENDPOINT at it (tests/hub_server.py).
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    return home


@pytest.fixture
def tiny_corpus() -> str:
    return TINY_CORPUS


@pytest.fixture
def corpus_file(tmp_path, tiny_corpus):
    """The tiny corpus as a .txt file, for the CLI's --corpus."""
    path = tmp_path / "corpus.txt"
    path.write_text(tiny_corpus, encoding="utf-8")
    return path
