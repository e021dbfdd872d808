"""Files a user may be handed: a crafted pickle never runs, and a damaged checkpoint is a sentence.

1. A pickle whose unpickling would create a marker file is put everywhere GPT Studio reads a model:
   each file of a checkpoint, the project's tokenizer and settings, and the weights of a Hugging
   Face GPT-2 folder (`pytorch_model.bin`, which torch.load reads with weights_only=True). Opening,
   listing, generating, training, exporting and importing either work or stop with one sentence,
   and the marker is never created. Each payload is first shown to run under a plain pickle.load,
   so the test cannot pass because the payload is harmless.
2. Damaged checkpoints (truncated or random safetensors, tensors of the wrong shape, a meta.json
   from a newer version or with impossible contents): the project still opens and is listed,
   generating and training say the checkpoint is damaged in one sentence (or work, where the
   damaged file is not needed), and the other projects are unaffected. Random bytes in every file
   are covered by tests/projects/test_random_bytes.py; these are the damages that bytes seldom
   produce and the exact sentences.
"""

from __future__ import annotations

import json
import pathlib
import pickle
import random
import shutil

import pytest
import torch

from gptstudio.cli import main
from gptstudio.engine.checkpoint import latest_checkpoint
from gptstudio.engine.errors import CheckpointError, EngineError
from gptstudio.projects.paths import projects_root
from gptstudio.projects.project import ProjectError
from gptstudio.projects.store import ProjectStore
from tests.conftest import TINY_CORPUS

FAST = ["--eval-interval", "2", "--batch-size", "4", "--device", "cpu", "--precision", "fp32"]


# ---------------------------------------------------------------------------------------------------
# Two small trained projects, made once and copied into each test's home


@pytest.fixture(scope="module")
def _trained_home(tmp_path_factory):
    from dataclasses import replace

    home = tmp_path_factory.mktemp("trained-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GPTSTUDIO_HOME", str(home))
        threads = torch.get_num_threads()
        torch.set_num_threads(1)  # a model this small is faster on one thread
        try:
            for name in ("Victim", "Other"):
                project = ProjectStore().create(name, TINY_CORPUS)
                project.model = replace(project.model, block_size=16, n_layer=1, n_head=2, n_embd=16)
                project.train = replace(project.train, eval_iters=1, sample_tokens=4)
                project.save()
                assert main(["train", name, "--max-iters", "2", *FAST]) == 0
        finally:
            torch.set_num_threads(threads)
    return home / "projects"


@pytest.fixture
def store(_trained_home, capsys) -> ProjectStore:
    shutil.copytree(_trained_home, projects_root(), dirs_exist_ok=True)
    capsys.readouterr()
    return ProjectStore()


def run(capsys, *argv) -> tuple[int, str]:
    """A CLI command; returns (exit code, stderr), checking that a failure is one sentence."""
    code = main(list(argv))
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err, err
    if code:
        assert err.startswith("gptstudio: ") and err.count("\n") == 1, err
    return code, err


def victim_checkpoint(store) -> pathlib.Path:
    return latest_checkpoint(store.open("Victim").checkpoint_dir)


# ---------------------------------------------------------------------------------------------------
# 1. Crafted pickles


class TouchOnLoad:
    """Unpickling this calls Path.touch(marker): any code could run in its place."""

    def __init__(self, marker: pathlib.Path):
        self.marker = marker

    def __reduce__(self):
        return pathlib.Path.touch, (self.marker,)


def payloads(marker: pathlib.Path, tmp_path: pathlib.Path) -> dict[str, bytes]:
    """A raw pickle, and torch.save's zip format (a dict of 'tensors' as a weights file holds);
    each proven live: loading it the unsafe way creates the marker."""
    raw = pickle.dumps(TouchOnLoad(marker), protocol=2)
    path = tmp_path / "payload.pt"
    torch.save({"transformer.wte.weight": TouchOnLoad(marker)}, path)
    zipped = path.read_bytes()
    pickle.loads(raw)
    assert marker.exists()
    marker.unlink()
    torch.load(path, weights_only=False)
    assert marker.exists()
    marker.unlink()
    return {"raw pickle": raw, "torch.save": zipped}


# Where a loader reads, relative to the project folder ({step}: the latest checkpoint).
CHECKPOINT_FILES = ["{step}/model.safetensors", "{step}/optimizer.safetensors", "{step}/meta.json",
                    "{step}/tokenizer.json", "checkpoints/latest.json"]
PROJECT_FILES = ["tokenizer.json", "project.json", "samples.json"]


@pytest.mark.parametrize("kind", ["raw pickle", "torch.save"])
@pytest.mark.parametrize("name", CHECKPOINT_FILES + PROJECT_FILES)
def test_a_pickle_in_a_project_never_runs(store, capsys, tmp_path, name, kind):
    marker = tmp_path / "pickle-ran"
    data = payloads(marker, tmp_path)[kind]
    folder = store.open("Victim").path
    step = victim_checkpoint(store).relative_to(folder)
    (folder / name.format(step=step)).write_bytes(data)

    for info in store.list():
        assert info.ok or info.error
    try:
        project = store.open("Victim")
        project.load_tokenizer()
        project.history()
        project.saved_samples()
    except (ProjectError, EngineError) as error:
        assert str(error)
    for argv in (["generate", "Victim", "--prompt", "To", "--max-new-tokens", "3"],
                 ["export-hf", "Victim", str(tmp_path / "hf")],
                 ["train", "Victim", "--max-iters", "4", *FAST]):
        run(capsys, *argv)
    assert not marker.exists()
    assert run(capsys, "generate", "Other", "--prompt", "To", "--max-new-tokens", "3")[0] == 0


def _gpt2_config(folder: pathlib.Path) -> None:
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({
        "model_type": "gpt2", "vocab_size": 64, "n_positions": 32, "n_embd": 16, "n_layer": 1,
        "n_head": 2, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5}))


@pytest.mark.parametrize("kind, weights, says", [
    ("torch.save", "pytorch_model.bin", "holds more than plain tensors"),
    ("raw pickle", "pytorch_model.bin", "holds more than plain tensors"),
    ("torch.save", "model.safetensors", "cannot be read"),
])
def test_a_pickle_as_gpt2_weights_never_runs(capsys, tmp_path, kind, weights, says):
    from gptstudio.engine.hf_gpt2 import import_gpt2

    marker = tmp_path / "pickle-ran"
    folder = tmp_path / "gpt2"
    _gpt2_config(folder)
    (folder / weights).write_bytes(payloads(marker, tmp_path)[kind])

    with pytest.raises(EngineError, match=f"^The weights file {weights} {says}") as info:
        import_gpt2(folder)
    assert "\n" not in str(info.value)
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(TINY_CORPUS)
    code, err = run(capsys, "new", "G", "--corpus", str(corpus), "--from-gpt2", str(folder))
    assert code == 1 and weights in err
    assert not marker.exists()
    assert ProjectStore().list() == []  # nothing half-made is left


# ---------------------------------------------------------------------------------------------------
# 2. Damaged checkpoints


def _tensors(path):
    from safetensors.torch import load_file

    return load_file(str(path))


def _save_tensors(tensors, path):
    from safetensors.torch import save_file

    save_file(tensors, str(path))


def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _random_bytes(path):
    path.write_bytes(random.Random(7).randbytes(path.stat().st_size))


def _wrong_shape(path):
    tensors = _tensors(path)
    wte = tensors["transformer.wte.weight"]
    tensors["transformer.wte.weight"] = torch.zeros(wte.shape[0] + 1, wte.shape[1])
    _save_tensors(tensors, path)


def _missing_tensor(path):
    tensors = _tensors(path)
    del tensors["transformer.ln_f.weight"]
    _save_tensors(tensors, path)


def _edit_meta(**changes):
    def edit(path):
        meta = json.loads(path.read_text())
        for key, value in changes.items():
            if value is None:
                meta.pop(key, None)
            elif isinstance(value, dict):
                meta[key] = {**meta.get(key, {}), **value}
            else:
                meta[key] = value
        path.write_text(json.dumps(meta))
    return edit


# (file, damage, the words generating says or None if it works, the words training says)
DAMAGES = {
    "truncated weights": ("model.safetensors", _truncate, "is damaged", "is damaged"),
    "random weights": ("model.safetensors", _random_bytes, "is damaged", "is damaged"),
    "wrong shape": ("model.safetensors", _wrong_shape, "do not fit", "do not fit"),
    "missing tensor": ("model.safetensors", _missing_tensor, "ln_f.weight", "ln_f.weight"),
    "truncated optimizer": ("optimizer.safetensors", _truncate, None, "is damaged"),
    "truncated tokenizer": ("tokenizer.json", _truncate, "damaged", "damaged"),
    "empty meta": ("meta.json", lambda p: p.write_bytes(b""), "is damaged", "is damaged"),
    "newer meta": ("meta.json", _edit_meta(format_version=99), "newer GPT Studio",
                   "newer GPT Studio"),
    "no model settings": ("meta.json", _edit_meta(model=None), "model settings are not readable",
                          "model settings are not readable"),
    # A crafted size must be refused before memory for it is allocated (~39 GB here: the largest
    # shape the settings allow; beyond it the settings' own ranges refuse it).
    "huge model": ("meta.json", _edit_meta(model={"n_embd": 4096, "n_layer": 48, "n_head": 32}),
                   "larger model than its weights file holds",
                   "larger model than its weights file holds"),
    "unusable random state": ("meta.json", _edit_meta(np_rng={"bit_generator": "MT19937"}), None,
                              "random state cannot be restored"),
    "loss history of the wrong type": ("meta.json", _edit_meta(history={"steps": 3}),
                                       "loss history is not readable",
                                       "loss history is not readable"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_checkpoint_is_a_sentence_and_spares_the_project_and_the_others(
        store, capsys, damage):
    name, spoil, generate_says, train_says = DAMAGES[damage]
    spoil(victim_checkpoint(store) / name)

    assert [(i.name, i.ok, i.trained) for i in store.list()] == [("Other", True, True),
                                                                ("Victim", True, True)]
    project = store.open("Victim")
    assert project.read_corpus() == TINY_CORPUS
    code, err = run(capsys, "generate", "Victim", "--prompt", "To", "--max-new-tokens", "3")
    if generate_says is None:  # the damaged file is one generating does not read
        assert code == 0, err
    else:
        assert code == 1 and generate_says in err and "step-00000002" in err, err
    code, err = run(capsys, "train", "Victim", "--max-iters", "4", *FAST)
    assert code == 1 and train_says in err and "step-00000002" in err, err
    # The app shows the history from the same checkpoint: it either reads or says why.
    try:
        project.history()
    except CheckpointError as error:
        assert "step-00000002" in str(error)

    assert run(capsys, "generate", "Other", "--prompt", "To", "--max-new-tokens", "3")[0] == 0
    assert run(capsys, "train", "Other", "--max-iters", "4", *FAST)[0] == 0
