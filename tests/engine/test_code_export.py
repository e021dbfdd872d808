"""The training run as a Python program: run for 50 steps in a subprocess (CPU, fp32), it gives
the losses GPT Studio's own first 50 steps give, and its sample.py writes text."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from gptstudio.engine.code_export import write_program
from gptstudio.engine.config import SampleConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import EngineError
from gptstudio.engine.events import StepEvent
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.engine.trainer import Trainer

from ..export_helpers import corpus, tiny_settings

STEPS = 50


def gptstudio_losses(text, tokenizer, data, model, train, folder) -> list[float]:
    """GPT Studio's loss at each of the first STEPS steps of the run (its schedule unchanged)."""
    control, losses = RunControl(), []

    def on_event(event) -> None:
        if isinstance(event, StepEvent):
            losses.append(event.loss)
            if event.step >= STEPS:
                control.stop()

    Trainer(corpus=text, tokenizer=tokenizer, data=data, model=model, train=train,
            checkpoint_dir=folder).run(on_event, control)
    return losses


def run(folder, *args: str) -> str:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run([sys.executable, *args], cwd=folder, capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "name", "mode", "optimizer", "bias"), [
    ("char", "english", "continuous", "muon", False),  # the tiny and small presets' optimizer
    ("word", "names", "lines", "adamw", True),
    ("char", "poems", "blocks", "adamw", False),
    ("bpe", "code", "continuous", "adamw", True),
])
def test_the_exported_program_trains_step_for_step_as_gptstudio(tmp_path, kind, name, mode,
                                                                 optimizer, bias):
    text = corpus(name)
    data, model, train = tiny_settings(kind, mode, optimizer, steps=300, bias=bias)
    tokenizer = train_tokenizer(kind, text, data.bpe_vocab_size)
    folder = tmp_path / "program"
    files = write_program(folder, corpus=text, tokenizer=tokenizer, data=data, model=model,
                          train=train, sample=SampleConfig(max_new_tokens=30), name="test")
    assert {f.name for f in files} >= {"train.py", "sample.py", "model.py", "tokenizer.py",
                                       "tokenizer.json", "input.txt", "README.md"}
    expected = gptstudio_losses(text, tokenizer, data, model, train, tmp_path / "checkpoints")

    out = run(folder, "train.py", "--steps", str(STEPS))
    losses = [float(x) for x in re.findall(r"\| loss ([0-9.]+)", out)]
    assert len(expected) == len(losses) == STEPS
    assert max(abs(a - b) for a, b in zip(expected, losses, strict=True)) < 1e-4
    assert (folder / "model.pt").is_file()

    written = run(folder, "sample.py", "--seed", "3")
    assert written.strip()


def test_the_settings_are_written_into_the_program(tmp_path):
    text = corpus("english")
    data, model, train = tiny_settings("char", optimizer="muon", steps=123)
    write_program(tmp_path / "p", corpus=text, tokenizer=train_tokenizer("char", text), data=data,
                  model=model, train=train, sample=SampleConfig(temperature=0.5, top_k=7))
    source = (tmp_path / "p" / "train.py").read_text(encoding="utf-8")
    assert "MAX_ITERS = 123  " in source and "OPTIMIZER = 'muon'" in source
    assert "BLOCK_SIZE = 32  " in source and "N_LAYER, N_HEAD, N_EMBD = 2, 4, 32  " in source
    sample = (tmp_path / "p" / "sample.py").read_text(encoding="utf-8")
    assert "TEMPERATURE = 0.5  " in sample and "TOP_K = 7  " in sample
    assert (tmp_path / "p" / "input.txt").read_text(encoding="utf-8") == text


def test_what_the_program_cannot_do_is_refused_with_a_sentence(tmp_path):
    from gptstudio.engine.tokenizers import CharTokenizer

    data, model, train = tiny_settings("char")
    tokenizer = CharTokenizer(list("ab"))

    class GPT2Like(CharTokenizer):
        kind = "gpt2"

    with pytest.raises(EngineError, match="fine-tuned GPT-2"):
        write_program(tmp_path / "b", corpus="ab", tokenizer=GPT2Like(["a"]), data=data,
                      model=model, train=train, sample=SampleConfig())
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(EngineError, match="already holds other files"):
        write_program(tmp_path / "c", corpus="ab", tokenizer=tokenizer, data=data, model=model,
                      train=train, sample=SampleConfig())
    assert (tmp_path / "c" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_program_tokenizer_gives_gptstudios_ids(tmp_path):
    """tokenizer.py (standard library only) against GPT Studio's tokenizers, on text with CJK,
    emoji, numbers, odd whitespace and contractions."""
    import importlib.util

    text = corpus("chinese")[:3000] + corpus("code")[:3000] + (
        " it's 12345 abc123 snake_case ½ ² x\u00a0y\u3000z \t\n\n  end 👍🏽")
    for kind in ("char", "word", "bpe"):
        tokenizer = train_tokenizer(kind, text, 400)
        folder = tmp_path / kind
        data, model, train = tiny_settings(kind)
        write_program(folder, corpus=text, tokenizer=tokenizer, data=data, model=model,
                      train=train, sample=SampleConfig())
        spec = importlib.util.spec_from_file_location(f"program_tokenizer_{kind}",
                                                      folder / "tokenizer.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        theirs = module.Tokenizer(folder / "tokenizer.json")
        assert theirs.encode(text) == tokenizer.encode(text), kind
        ids = tokenizer.encode(text)
        assert theirs.decode(ids) == tokenizer.decode(ids), kind


@pytest.mark.parametrize(("mode", "few"), [("lines", False), ("blocks", False), ("lines", True)])
def test_the_exported_program_holds_out_the_examples_gptstudio_does(tmp_path, mode, few):
    """The program's plain split by content (program/train.py) is engine/holdout.py's: the same
    rows on each side, in the same order; copies of a line, and a line added, included; and a few
    lines many times over, whose copies are told apart by their number."""
    import json

    from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
    from gptstudio.engine.data import build_dataset

    examples = [f"line {i} of {i * 7 % 13}" for i in range(130)]
    examples[40:40] = ["the chorus again"] * 5 + ["a refrain"] * 2
    if few:
        examples = [f"question {i % 6}: answer {i % 6}" for i in range(120)]
    text = ("\n".join(examples) if mode == "lines"
            else "\n\n".join(f"{e}\n{e[::-1]}" for e in examples))
    tokenizer = train_tokenizer("char", text)
    data = DataConfig(tokenizer="char", mode=mode)
    model = ModelConfig(block_size=48, n_layer=1, n_head=2, n_embd=16)
    write_program(tmp_path, corpus=text, tokenizer=tokenizer, data=data, model=model,
                  train=TrainConfig(), sample=SampleConfig())
    out = run(tmp_path, "-c", "import json; from tokenizer import Tokenizer; from train import "
              "load_data; print(json.dumps({k: v.tolist() for k, v in "
              "load_data(Tokenizer('tokenizer.json')).items()}))")
    program = json.loads(out)
    dataset = build_dataset(text, tokenizer, mode, 48, data.val_fraction)
    assert program["val"] == dataset.splits["val"].tolist()
    assert program["train"] == dataset.splits["train"].tolist()
