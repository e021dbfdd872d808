"""Fine-tuning GPT-2 on conversations: the turn markers join its vocabulary (new rows at the mean
of its embedding), it trains and chats, and the export carries the chat template so that
transformers lays conversations out exactly as GPT Studio does."""

import io
import json

import pytest
import torch

from gptstudio.cli import main
from gptstudio.engine.chat_template import prompt_ids, turn_ids
from gptstudio.engine.conversations import Turn
from gptstudio.projects.store import ProjectStore

from .gpt2_helpers import make_gpt2_folder

transformers = pytest.importorskip("transformers")

CHATS = "\n\n".join(f"User: The quick brown fox {i}?\nAssistant: jumps over the lazy dog {i}."
                    for i in range(12)) + "\n"


@pytest.fixture
def project(tmp_path):
    gpt2 = make_gpt2_folder(tmp_path / "gpt2")
    corpus = tmp_path / "chats.txt"
    corpus.write_text(CHATS, encoding="utf-8")
    assert main(["new", "Fox", "--corpus", str(corpus), "--from-gpt2", str(gpt2),
                 "--block-size", "48"]) == 0
    return ProjectStore().open("Fox"), gpt2


def test_gpt2_learns_the_turn_markers_as_new_tokens(project):
    from gptstudio.engine.checkpoint import (
        load_weights,
        model_config,
        read_meta,
        require_checkpoint,
    )
    from gptstudio.engine.hf_gpt2 import import_gpt2
    from gptstudio.engine.model import GPT

    project, gpt2 = project
    tokenizer = project.load_tokenizer()
    original = import_gpt2(gpt2).model
    assert project.data.mode == "chat" and tokenizer.kind == "gpt2"
    assert tokenizer.vocab_size == original.config.vocab_size + 4 == project.model.vocab_size
    folder = require_checkpoint(project.checkpoint_dir)
    model = GPT(model_config(folder, read_meta(folder)))
    load_weights(folder, model)
    old = original.config.vocab_size
    embedding = model.transformer.wte.weight
    assert torch.equal(embedding[:old], original.transformer.wte.weight)  # GPT-2's own rows stay
    mean = original.transformer.wte.weight.mean(dim=0)
    for marker in (*turn_ids(tokenizer).markers(), turn_ids(tokenizer).end):
        torch.testing.assert_close(embedding[marker], mean)


def test_fine_tune_chat_and_export_with_the_template(project, tmp_path, monkeypatch, capsys):
    project, _ = project
    assert main(["train", "Fox", "--max-iters", "4", "--eval-interval", "2", "--batch-size", "4",
                 "--device", "cpu", "--precision", "fp32"]) == 0
    history = ProjectStore().open("Fox").history()
    assert [row[0] for row in history.eval_answers] == [2, 4]
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("The quick brown fox 3?\n"))
    assert main(["chat", "Fox", "--temperature", "0", "--max-new-tokens", "4"]) == 0
    assert capsys.readouterr().out.endswith("\n")

    out = tmp_path / "exported"
    assert main(["export-hf", "Fox", str(out)]) == 0
    config = json.loads((out / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert config["eos_token"] == "<|end|>" and "chat_template" in config
    tokenizer = project.load_tokenizer()
    theirs = transformers.AutoTokenizer.from_pretrained(out)
    messages = [{"role": "user", "content": "The quick brown fox 3?"},
                {"role": "assistant", "content": "jumps over"}, {"role": "user", "content": "dog?"}]
    laid_out = theirs.apply_chat_template(messages, tokenize=True, add_generation_prompt=True)
    laid_out = list(laid_out["input_ids"] if hasattr(laid_out, "keys") else laid_out)
    turns = [Turn(m["role"], m["content"]) for m in messages]
    assert laid_out == prompt_ids(tokenizer, turns)
    model_config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert model_config["eos_token_id"] == turn_ids(tokenizer).end
    assert transformers.GPT2LMHeadModel.from_pretrained(out).config.vocab_size == tokenizer.vocab_size
