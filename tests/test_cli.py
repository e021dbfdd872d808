"""Every command end to end, in a temporary GPTSTUDIO_HOME (set by conftest for each test)."""

import json
import subprocess
import sys
import zipfile

import pytest

from gptstudio.cli import main

FAST = ["--max-iters", "12", "--eval-interval", "6", "--batch-size", "4", "--device", "cpu",
        "--precision", "fp32"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_train_generate_list_export_import(capsys, corpus_file, tmp_path):
    code, out, err = run(capsys, "new", "Hamlet", "--corpus", str(corpus_file), "--preset", "tiny")
    assert code == 0, err
    assert "Created project 'Hamlet'" in out

    code, out, err = run(capsys, "train", "Hamlet", *FAST)
    assert code == 0, err
    assert "validation loss" in out and "Done: 12 steps" in out

    code, out, err = run(capsys, "generate", "Hamlet", "--prompt", "To be", "--max-new-tokens", "30",
                         "--seed", "1", "-n", "2")
    assert code == 0, err
    assert out.count("To be") == 2

    code, out, _ = run(capsys, "list")
    assert code == 0 and "Hamlet" in out and "trained" in out

    archive = tmp_path / "hamlet.zip"
    code, out, err = run(capsys, "export", "Hamlet", str(archive))
    assert code == 0, err
    assert zipfile.is_zipfile(archive)

    code, out, err = run(capsys, "import", str(archive), "--name", "Hamlet copy")
    assert code == 0, err
    code, out, err = run(capsys, "generate", "Hamlet copy", "--prompt", "To", "--max-new-tokens", "5")
    assert code == 0, err


def test_train_again_resumes_from_the_checkpoint(capsys, corpus_file):
    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")
    run(capsys, "train", "P", *FAST)
    code, out, err = run(capsys, "train", "P", *FAST[:1], "18", *FAST[2:])
    assert code == 0, err
    assert "from step 12 to 18" in out


def test_training_a_model_already_at_max_iters_says_so(capsys, corpus_file):
    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")
    run(capsys, "train", "P", *FAST)
    code, out, err = run(capsys, "train", "P", *FAST)  # nothing left to do: no eval, no loss
    assert code == 0, err
    assert "already trained for 12 steps" in out and "--more N" in out


@pytest.mark.parametrize("argv, message", [
    (["train", "nope"], "no project"),
    (["generate", "nope", "--prompt", "x"], "no project"),
    (["new", "X", "--corpus", "/does/not/exist.txt"], "exist"),
])
def test_user_mistakes_are_one_sentence_without_traceback(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert "Traceback" not in err
    assert message in err.lower()
    assert err.startswith("gptstudio: ") and err.count("\n") == 1


def test_generate_before_training_says_train_first(capsys, corpus_file):
    run(capsys, "new", "Fresh", "--corpus", str(corpus_file), "--preset", "tiny")
    code, _, err = run(capsys, "generate", "Fresh", "--prompt", "To")
    assert code == 1 and "train it first" in err


def test_unknown_prompt_characters_named(capsys, corpus_file):
    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")
    run(capsys, "train", "P", *FAST)
    code, _, err = run(capsys, "generate", "P", "--prompt", "To be 你")
    assert code == 1 and "'你'" in err


def test_invalid_settings_rejected_with_reason(capsys, corpus_file):
    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")
    code, _, err = run(capsys, "train", "P", "--batch-size", "0")
    assert code == 1 and "batch size" in err
    code, _, err = run(capsys, "generate", "P", "--temperature", "-1")
    assert code == 1 and "temperature" in err
    code, _, err = run(capsys, "train", "P", "--learning-rate", "0")
    assert code == 1 and "learning rate must be between 0.00001 and 0.1" in err


def test_settings_too_big_for_the_memory_rejected_with_reason(capsys, corpus_file, monkeypatch):
    from gptstudio.engine import device

    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")
    monkeypatch.setattr(device, "free_memory", lambda d: 400 * 2**20)
    code, _, err = run(capsys, "train", "P", "--max-iters", "12", "--batch-size", "512",
                       "--device", "cpu", "--precision", "fp32")
    assert code == 1
    assert "needs about" in err and "only 400 MB is free on this computer" in err
    assert "batch size of" in err and "or less" in err


def test_binary_corpus_refused(capsys, tmp_path):
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, _, err = run(capsys, "new", "P", "--corpus", str(png), "--preset", "tiny")
    assert code == 1 and "not text" in err.lower()


def test_python_dash_m_runs_headless(tmp_path, corpus_file):
    result = subprocess.run([sys.executable, "-m", "gptstudio", "list"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "No projects yet" in result.stdout


def test_progress_is_saved_in_project_history(capsys, corpus_file):
    from gptstudio.projects.store import ProjectStore

    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")
    run(capsys, "train", "P", *FAST)
    project = ProjectStore().open("P")
    history = project.history()
    assert history.steps == tuple(range(1, 13))
    assert history.eval_steps == (6, 12)
    assert json.loads((project.path / "project.json").read_text())["train"]["max_iters"] == 12


def test_train_with_the_optimizer_chosen_on_the_command_line(capsys, corpus_file):
    from gptstudio.projects.store import ProjectStore

    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "small")
    assert ProjectStore().open("P").train.optimizer == "muon"  # the small preset's
    code, out, err = run(capsys, "train", "P", *FAST, "--optimizer", "adamw")
    assert code == 0, err
    assert ProjectStore().open("P").train.optimizer == "adamw"  # kept for the next run
    code, out, err = run(capsys, "train", "P", "--max-iters", "18", "--optimizer", "muon")
    assert code == 0, err
    assert "Done: 18 steps" in out
    assert ProjectStore().open("P").train.optimizer == "muon"
