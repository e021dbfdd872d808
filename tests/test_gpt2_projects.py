"""Fine-tuning GPT-2 end to end from the command line: create from a GPT-2 folder, generate at
once, train, and export back to a folder that transformers loads with the same logits."""

import pytest

from gptstudio.cli import main
from gptstudio.projects.store import ProjectStore

from .gpt2_helpers import TEXT, make_gpt2_folder

transformers = pytest.importorskip("transformers")


@pytest.fixture
def gpt2(tmp_path):
    return make_gpt2_folder(tmp_path / "gpt2")


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_new_from_gpt2_generate_train_and_export(capsys, tmp_path, gpt2, corpus):
    import torch

    from gptstudio.engine.checkpoint import load_weights, read_meta, require_checkpoint
    from gptstudio.engine.config import ModelConfig, from_dict
    from gptstudio.engine.model import GPT

    assert main(["new", "Fox", "--corpus", str(corpus), "--from-gpt2", str(gpt2),
                 "--block-size", "32"]) == 0
    project = ProjectStore().open("Fox")
    assert project.data.tokenizer == "gpt2" and project.model.block_size == 32
    assert project.load_tokenizer().kind == "gpt2"
    assert project.has_trained_model()  # GPT-2's weights are the step-0 checkpoint
    assert "Created project 'Fox' from GPT-2" in capsys.readouterr().out

    assert main(["generate", "Fox", "--prompt", "The quick", "--max-new-tokens", "8",
                 "--seed", "1"]) == 0
    assert capsys.readouterr().out.startswith("The quick")

    assert main(["train", "Fox", "--max-iters", "4", "--eval-interval", "2", "--batch-size", "4",
                 "--device", "cpu", "--precision", "fp32"]) == 0
    history = ProjectStore().open("Fox").history()
    assert history.steps == (1, 2, 3, 4)

    out = tmp_path / "exported"
    assert main(["export-hf", "Fox", str(out)]) == 0
    folder = require_checkpoint(project.checkpoint_dir)
    ours = GPT(from_dict(ModelConfig, read_meta(folder)["model"]))
    load_weights(folder, ours)
    theirs = transformers.GPT2LMHeadModel.from_pretrained(out).eval()
    ids = torch.randint(0, ours.config.vocab_size, (2, 16))
    with torch.no_grad():
        torch.testing.assert_close(ours.eval()(ids)[0], theirs(ids).logits, atol=1e-5, rtol=1e-4)


def test_a_folder_without_gpt2_files_is_a_sentence(capsys, tmp_path, corpus):
    (tmp_path / "empty").mkdir()
    assert main(["new", "X", "--corpus", str(corpus), "--from-gpt2", str(tmp_path / "empty")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("gptstudio: ") and "Traceback" not in err
    assert ProjectStore().list() == []
