"""The data, memory, tokenizer and device sentences are Messages: English as before, translatable."""

import pytest

from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.data import build_dataset, variety_problem
from gptstudio.engine.errors import CorpusError, EngineError
from gptstudio.engine.memory import not_enough_memory
from gptstudio.engine.messages import Message
from gptstudio.engine.text_files import decode_corpus_bytes
from gptstudio.engine.tokenizers import CharTokenizer, train_tokenizer


def test_corpus_errors_and_notes_are_messages_with_their_english_unchanged():
    with pytest.raises(CorpusError) as caught:
        decode_corpus_bytes(b"%PDF-1.7")
    message = caught.value.args[0]
    assert isinstance(message, Message) and "{what}" in message.template
    assert message == ("This file is not text: it looks like a PDF document. Choose a plain text "
                       "file (.txt or .md).")
    assert isinstance(message.params["what"], Message)

    text = "hello world\n" * 3
    with pytest.raises(CorpusError) as caught:
        build_dataset(text, CharTokenizer.train(text), "continuous", 64)
    short = caught.value.args[0]
    assert isinstance(short, Message) and "{count:,}" in short.template and "36" not in short.template
    assert short.startswith("The corpus is too short: it has 36 characters, and a context length of 64")

    note = variety_problem(set("aaa"))
    assert isinstance(note, Message) and "{character}" in note.template
    assert note.startswith("The text is a single character ('a') repeated")


def test_memory_and_tokenizer_sentences_are_messages():
    model = ModelConfig(vocab_size=65, block_size=128, n_layer=6, n_head=6, n_embd=192)
    problem = not_enough_memory(model, TrainConfig(batch_size=32), "cuda", 10 * 2**20, free=True)
    assert isinstance(problem, Message)
    assert "{device}" in problem.template and "{needed}" in problem.template
    assert "only 10 MB is free on the graphics card" in problem
    assert isinstance(problem.params["device"], Message)

    with pytest.raises(EngineError) as caught:
        train_tokenizer("nope", "text")
    message = caught.value.args[0]
    assert isinstance(message, Message) and "{kind}" in message.template
    assert message == "Unknown tokenizer 'nope': choose one of char, word, bpe."
