"""The examples kept aside to check the model are chosen by their content (engine/holdout.py): an
edit moves only the examples it touches (and at most one at the boundary), the split is the same
in every process, copies of an example stay on one side, and Automatic and the datasets split
alike (the exported program too: tests/engine/test_code_export.py)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gptstudio.engine.auto_settings import profile_corpus
from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.data import IGNORE, build_dataset
from gptstudio.engine.holdout import split_examples_by_content
from gptstudio.engine.tokenizers import train_tokenizer

WORDS = ("apple", "river", "stone", "cloud", "ember", "maple", "tiger", "lemon", "orbit", "piano")


def lines(count: int, start: int = 0) -> list[str]:
    """Distinct lines, each naming its number in words (no two alike)."""
    return [f"{WORDS[i % 10]} {WORDS[i // 10 % 10]} {WORDS[i // 100 % 10]} {i}"
            for i in range(start, start + count)]


def corpus(mode: str, examples: list[str]) -> str:
    if mode == "lines":
        return "\n".join(examples)
    if mode == "blocks":
        return "\n\n".join(f"{e}\n{e[::-1]}" for e in examples)
    return "\n\n".join(f"User: {e}?\nAssistant: {e[::-1]}." for e in examples)


def held_out_and_learnt(text: str, mode: str, tokenizer) -> tuple[list[str], list[str]]:
    """The examples of each side, read back from the dataset's rows."""
    dataset = build_dataset(text, tokenizer, mode, 96, 0.1)

    def read(rows) -> list[str]:
        return [tokenizer.decode([int(t) for t in row[1:][row[1:] != IGNORE]]) for row in rows]

    return read(dataset.splits["val"]), read(dataset.splits["train"])


@pytest.mark.parametrize("mode", ["lines", "blocks", "chat"])
@pytest.mark.parametrize("where", [0, 77, 200])
def test_adding_one_example_moves_at_most_two_between_the_sides(mode, where):
    before = lines(200)
    after = [*before[:where], "quartz violet 9999", *before[where:]]
    tokenizer = train_tokenizer("char", corpus(mode, after), mode=mode)
    val_before, train_before = held_out_and_learnt(corpus(mode, before), mode, tokenizer)
    val_after, train_after = held_out_and_learnt(corpus(mode, after), mode, tokenizer)
    assert len(val_before) == 20 and len(val_after) == 20  # a tenth, as before
    moved = set(val_before) ^ set(val_after)  # the new one, and one pushed across
    assert len(moved) <= 2
    assert set(train_before) - set(train_after) <= set(val_after)  # the rest stay put
    assert set(val_before) - set(val_after) <= set(train_after)


@pytest.mark.parametrize("mode", ["lines", "blocks"])
def test_removing_and_editing_a_few_examples_moves_only_those_few(mode):
    before = lines(300)
    after = [e + " again" if i in (5, 150) else e for i, e in enumerate(before) if i not in (9, 99)]
    tokenizer = train_tokenizer("char", corpus(mode, before) + " again", mode=mode)
    val_before, _ = held_out_and_learnt(corpus(mode, before), mode, tokenizer)
    val_after, _ = held_out_and_learnt(corpus(mode, after), mode, tokenizer)
    touched = {before[i] for i in (5, 9, 99, 150)} | {before[i] + " again" for i in (5, 150)}
    if mode == "blocks":
        touched = {f"{e}\n{e[::-1]}" for e in touched}
    untouched_moved = (set(val_before) ^ set(val_after)) - touched
    assert len(untouched_moved) <= 4  # one at the boundary for each example touched, at most


def test_the_split_is_the_lowest_blake2b_hashes_in_any_process():
    """Python's hash() of a str differs from process to process; the split must not."""
    texts = lines(50)
    expected = sorted(range(50), key=lambda i: hashlib.blake2b(texts[i].encode(),
                                                                digest_size=8).digest())[:5]
    held, learnt = split_examples_by_content(texts, 0.1)
    assert held.tolist() == expected  # in the ranking's order: a fair sample from the first few
    assert learnt.tolist() == [i for i in range(50) if i not in expected]  # in the text's order
    code = ("import json, sys; from gptstudio.engine.holdout import split_examples_by_content as s;"
            "print(json.dumps([a.tolist() for a in s(json.load(sys.stdin), 0.1)]))")
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), text=True,
                              capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed},
                              check=True, cwd=Path(__file__).resolve().parents[2])
        assert json.loads(done.stdout) == [held.tolist(), learnt.tolist()]


def test_copies_of_an_example_are_learnt_or_checked_together():
    texts = [*lines(150), *["the chorus again"] * 12, *["a short refrain"] * 3, *lines(30, 500)]
    held, learnt = split_examples_by_content(texts, 0.1)
    checked, taught = {texts[i] for i in held}, {texts[i] for i in learnt}
    assert not checked & taught
    assert len(held) == 20  # copies that do not fit are learnt; single lines fill the share


def test_a_few_examples_many_times_over_are_each_learnt_and_checked_on_some_copies():
    """300 questions and answers, 8 of them different: one question was held out whole, never
    learnt, and the check on it alone kept a "best" model that guessed blindly (a new user's FAQ).
    With fewer different examples than the datasets need, some copies of each are checked."""
    faq = [f"Q: question {i}?\nA: answer {i}." for i in range(8)]
    texts = [faq[i % 8] for i in range(300)]
    held, learnt = split_examples_by_content(texts, 0.1)
    assert len(held) == 30 and len(learnt) == 270
    assert {texts[i] for i in learnt} == set(faq)  # every question is learnt
    assert len({texts[i] for i in held}) >= 5  # and the check is spread over them
    more = [*texts, faq[3]]  # another copy: the rest stay on their side
    held_more, _ = split_examples_by_content(more, 0.1)
    assert len(set(held.tolist()) ^ set(held_more.tolist())) <= 2


def test_where_no_examples_copies_fit_some_copies_of_each_are_held_out():
    texts = ["one line"] * 60 + ["another line"] * 40
    held, learnt = split_examples_by_content(texts, 0.1)
    assert len(held) == 10 and len(learnt) == 90
    assert {texts[i] for i in held} == {"one line", "another line"}


def plain_walk(texts: list[str], share: float) -> list[int]:
    """The rule as holdout.py's docstring says it, one example at a time: walking the ranking,
    each example is held out with its copies while they fit; with fewer different examples than
    the datasets need, or none whose copies fit, copies told apart by their number."""
    def key(text):
        return hashlib.blake2b(text.encode(), digest_size=8).digest()

    wanted = room = max(1, round(len(texts) * share))
    held = []
    needed = max(2, int(np.ceil(1 / share)))
    for text in sorted(set(texts), key=key) if len(set(texts)) >= needed else []:
        copies = [i for i, t in enumerate(texts) if t == text]
        if len(copies) <= room:
            held += copies
            room -= len(copies)
        if not room:
            break
    if room == wanted:
        numbered = [key(f"{t}\0{texts[:i + 1].count(t)}") for i, t in enumerate(texts)]
        held = sorted(range(len(texts)), key=lambda i: (numbered[i], i))[:wanted]
    return sorted(held)


@pytest.mark.parametrize("seed", range(12))
def test_the_split_is_the_walk_its_docstring_describes(seed):
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(int(rng.integers(2, 60)))]
    texts = [words[int(i)] for i in rng.zipf(1.6, size=int(rng.integers(20, 300))) % len(words)]
    share = float(rng.choice([0.05, 0.1, 0.2, 0.4]))
    held, learnt = split_examples_by_content(texts, share)
    assert sorted(held.tolist()) == plain_walk(texts, share)
    assert sorted([*held.tolist(), *learnt.tolist()]) == list(range(len(texts)))


def test_a_conversation_is_the_same_example_written_with_labels_or_as_json():
    from gptstudio.engine.chat_data import build_chat_dataset

    pairs = [(f"question {i}", f"answer {WORDS[i % 10]} {i}") for i in range(40)]
    labelled = "\n\n".join(f"User: {q}\nAssistant: {a}" for q, a in pairs)
    jsonl = "\n".join(json.dumps({"messages": [{"role": "user", "content": q},
                                               {"role": "assistant", "content": a}]})
                      for q, a in pairs)
    tokenizer = train_tokenizer("char", labelled, mode="chat")
    a, b = (build_chat_dataset(t, tokenizer, 64, 0.1) for t in (labelled, jsonl))
    assert np.array_equal(a.splits["val"], b.splits["val"])
    assert a.first_question == b.first_question


@pytest.mark.parametrize("mode", ["lines", "blocks", "chat"])
def test_automatic_counts_the_training_examples_the_dataset_has(mode):
    """Automatic's profile (the characters training reads) follows the same split, copies
    included."""
    examples = [*lines(120), *["the chorus again"] * 7, *lines(20, 700)]
    text = corpus(mode, examples)
    profile = profile_corpus(text, mode)
    dataset = build_dataset(text, train_tokenizer("char", text, mode=mode), mode, 512, 0.1)
    assert dataset.truncated == 0
    assert profile.train_tokens == dataset.train_tokens


def _run(text: str, mode: str, folder, steps: int):
    from gptstudio.engine.events import StartedEvent
    from gptstudio.engine.trainer import Trainer

    started = []
    train = TrainConfig(batch_size=4, max_iters=steps, warmup_iters=1, eval_interval=2,
                        eval_iters=1, precision="fp32", device="cpu", sample_tokens=0, seed=3)
    Trainer(corpus=text, tokenizer=train_tokenizer("char", text), data=DataConfig(mode=mode),
            model=ModelConfig(block_size=32, n_layer=1, n_head=2, n_embd=16), train=train,
            checkpoint_dir=folder).run(lambda e: started.append(e) if isinstance(e, StartedEvent)
                                       else None)
    return started[0]


def _meta(folder) -> dict:
    from gptstudio.engine.checkpoint import latest_checkpoint, read_meta

    return read_meta(latest_checkpoint(folder))


def _as_trained_before(folder) -> None:
    """The checkpoint as GPT Studio wrote it before the split by content: no "split" in meta."""
    from gptstudio.engine.checkpoint import latest_checkpoint

    path = latest_checkpoint(folder) / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    del meta["split"]
    path.write_text(json.dumps(meta), encoding="utf-8")


def test_a_model_trained_on_the_shuffled_split_resumes_and_is_told_its_check_is_unfair(tmp_path):
    text = corpus("lines", lines(60))
    assert _run(text, "lines", tmp_path, 2).note == ""  # a new model
    assert _meta(tmp_path)["split"] == "content"
    assert _run(text, "lines", tmp_path, 4).note == ""  # resumed: still split by content

    _as_trained_before(tmp_path)
    resumed = _run(text, "lines", tmp_path, 6)
    assert resumed.step == 4 and "Start a new model for a fair check" in resumed.note
    assert "split" not in _meta(tmp_path)  # what it was taught stays mixed: told again next time


def test_continuous_text_kept_its_split_and_says_nothing_on_resuming(tmp_path):
    text = " ".join(lines(150))
    _run(text, "continuous", tmp_path, 2)
    _as_trained_before(tmp_path)
    assert _run(text, "continuous", tmp_path, 4).note == ""
