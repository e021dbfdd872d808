"""A GPT-2 folder whose config.json describes a model too big for its weights file or for the
computer, or that is nested too deeply to parse, is refused in a sentence before anything is
allocated (issue 22, defect 6). Before, `n_embd` or `vocab_size` of 10**9 ended in an allocator
traceback, `n_layer` 10**6 allocated gigabytes layer by layer, and deep nesting raised a
RecursionError."""

from __future__ import annotations

import json

import pytest

from gptstudio.cli import main
from gptstudio.projects.store import ProjectStore
from tests.gpt2_helpers import TEXT, make_gpt2_folder


@pytest.fixture(scope="module")
def _gpt2(tmp_path_factory):
    return make_gpt2_folder(tmp_path_factory.mktemp("gpt2") / "gpt2")


@pytest.fixture
def gpt2(_gpt2, tmp_path):
    import shutil

    return shutil.copytree(_gpt2, tmp_path / "gpt2")


def rewrite_config(folder, **values):
    path = folder / "config.json"
    config = json.loads(path.read_text())
    config.update(values)
    path.write_text(json.dumps(config))


@pytest.mark.parametrize("values, says", [
    ({"n_embd": 10**9}, "The embedding size must be between 8 and 4,096."),
    ({"vocab_size": 10**9}, "The vocabulary size must be between 1 and 2,097,152 tokens."),
    ({"n_layer": 10**6}, "The number of layers must be between 1 and 48."),
    ({"n_layer": 48, "n_embd": 4096, "n_head": 32},  # allowed shapes, but not these weights
     "describes a model of 9,"),
])
def test_a_config_too_big_is_refused_before_allocating(gpt2, tmp_path, capsys, monkeypatch,
                                                      values, says):
    import gptstudio.engine.hf_gpt2 as hf_gpt2

    built = []
    monkeypatch.setattr(hf_gpt2, "GPT", lambda config: built.append(config))
    monkeypatch.setattr(hf_gpt2, "_read_weights", lambda folder: built.append(folder))
    rewrite_config(gpt2, **values)
    corpus = tmp_path / "text.txt"
    corpus.write_text(TEXT)
    code = main(["new", "Big", "--corpus", str(corpus), "--from-gpt2", str(gpt2)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1
    assert says in err
    assert built == []  # no weights read, no model built
    assert ProjectStore().list() == []


def test_a_config_nested_too_deeply_is_a_sentence(gpt2, tmp_path, capsys):
    (gpt2 / "config.json").write_text("[" * 100_000 + "]" * 100_000)
    corpus = tmp_path / "text.txt"
    corpus.write_text(TEXT)
    code = main(["new", "Deep", "--corpus", str(corpus), "--from-gpt2", str(gpt2)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "cannot be read (it is nested too deeply)." in err
    assert ProjectStore().list() == []


def test_a_model_bigger_than_the_free_memory_is_refused_in_a_sentence(gpt2, monkeypatch):
    import gptstudio.engine.memory as memory
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.hf_gpt2 import import_gpt2

    monkeypatch.setattr(memory, "system_memory", lambda: (2**30, 2**10))
    with pytest.raises(EngineError, match=r"has [\d,]+ parameters: importing it needs about [\d.]+ "
                                          r"GB of memory, but only 0.0 GB is free"):
        import_gpt2(gpt2)
