"""The command line refuses in one sentence and changes nothing, and leaves nothing behind (issue
22: defects 4, 7, 11, 12 and 13, as the adversarial run reproduced them). Each test here failed
before those fixes."""

from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import replace

import pytest

from gptstudio.cli import main
from gptstudio.projects.store import ProjectStore
from tests.projects.test_lock import held_elsewhere
from tests.projects.test_untrusted_folders import snapshot

FAST = ["--device", "cpu", "--precision", "fp32", "--batch-size", "2", "--eval-interval", "2"]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code:
        assert err.startswith("gptstudio: ") and err.count("\n") == 1, err
    return code, out, err


@pytest.fixture
def small(tiny_corpus):
    """A project whose model trains in milliseconds."""
    project = ProjectStore().create("Small", tiny_corpus)
    project.model = replace(project.model, block_size=16, n_layer=1, n_head=2, n_embd=16)
    project.train = replace(project.train, eval_iters=1, sample_tokens=4)
    project.save()
    return project


# ---------------------------------------------------------------------------------------------------
# Defect 7: a refused train rewrites nothing


def test_train_refused_because_the_project_is_open_elsewhere_changes_nothing(small, capsys):
    before = snapshot(small.path)
    with held_elsewhere(small.path):
        code, _, err = run(capsys, "train", "Small", "--max-iters", "7", "--batch-size", "3",
                           "--device", "cpu")
    assert code == 1 and "open in another GPT Studio window" in err
    assert "--open-anyway" not in err  # a live process of this computer: no way around it
    assert snapshot(small.path) == before


# ---------------------------------------------------------------------------------------------------
# Defect 4: a lock that cannot be checked can be overridden, with a warning


def test_a_lock_from_another_computer_can_be_opened_anyway(small, capsys):
    lock = small.path / ".lock"
    lock.write_text(json.dumps({"pid": 77, "hostname": "the-other-laptop", "started": "5",
                                "time": "2025-01-01T00:00:00", "token": "theirs"}))
    code, _, err = run(capsys, "train", "Small", "--max-iters", "2", *FAST)
    assert code == 1
    assert err == ('gptstudio: This project is open in GPT Studio on another computer '
                   '("the-other-laptop"). If it is not open there, add --open-anyway to train '
                   'here.\n')
    code, out, err = run(capsys, "train", "Small", "--max-iters", "2", *FAST, "--open-anyway")
    assert code == 0 and "Done: 2 steps" in out
    assert "Opened anyway: if GPT Studio still has this project open elsewhere" in err
    assert not lock.exists()


# ---------------------------------------------------------------------------------------------------
# Defect 11: sentences, not tracebacks


def test_a_char_tokenizer_with_multi_character_entries_is_a_sentence(small, capsys):
    assert run(capsys, "train", "Small", "--max-iters", "2", *FAST)[0] == 0
    damaged = {"kind": "char", "chars": ["To", " b", "e"]}
    for path in (small.tokenizer_path, *small.checkpoint_dir.glob("step-*/tokenizer.json")):
        path.write_text(json.dumps(damaged))
    before = snapshot(small.path)
    for argv in (["train", "Small", "--max-iters", "4", *FAST], ["generate", "Small"]):
        code, _, err = run(capsys, *argv)  # the project's tokenizer, or the checkpoint's
        assert code == 1 and ('"Small" is damaged: its tokenizer (tokenizer.json) cannot be read.'
                              in err or "is damaged: it holds an entry that is not one character."
                              in err), err
    assert snapshot(small.path) == before


def test_a_damaged_char_tokenizer_of_an_untrained_project_is_replaced_by_its_texts(small,
                                                                                   capsys):
    """Where the adversarial run got an ord() TypeError: a new model gets a tokenizer trained on
    its text, as the app's Train gives it."""
    small.tokenizer_path.write_text(json.dumps({"kind": "char", "chars": ["To", " b", "e"]}))
    code, out, err = run(capsys, "train", "Small", "--max-iters", "2", *FAST)
    assert code == 0 and "Done: 2 steps" in out, err
    assert small.load_tokenizer().chars == sorted(set(small.read_corpus()))


@pytest.mark.parametrize("seed", [str(2**64 + 5), "-1", str(2**31)])
def test_a_generation_seed_out_of_range_is_a_sentence(small, capsys, seed):
    run(capsys, "train", "Small", "--max-iters", "2", *FAST)
    code, out, err = run(capsys, "generate", "Small", "--seed", seed)
    assert code == 1 and not out
    assert "The seed must be a whole number from 0 to 2,147,483,647." in err


def test_a_temperature_too_close_to_zero_to_divide_by_writes_greedily(small, capsys):
    """Found by tests/test_hostile_values.py: 1e-300 scaled the logits to infinity, and sampling
    from a softmax of infinities stopped with a traceback."""
    run(capsys, "train", "Small", "--max-iters", "2", *FAST)
    texts = [run(capsys, "generate", "Small", "--temperature", t, "--max-new-tokens", "8",
                 "--seed", "1", "--device", "cpu")[1] for t in ("1e-300", "0")]
    assert texts[0] == texts[1]


def test_a_data_folder_in_the_home_of_an_unknown_user_is_a_sentence(capsys, monkeypatch):
    monkeypatch.setenv("GPTSTUDIO_HOME", "~no_such_user_here_4711/gptstudio")
    for argv in (["list"], ["new", "A", "--corpus", __file__]):
        code, _, err = run(capsys, *argv)
        assert code == 1
        assert ('cannot use the data folder ~no_such_user_here_4711/gptstudio (set by '
                'GPTSTUDIO_HOME): this computer has no user called "no_such_user_here_4711".') in err
    assert not os.path.exists("~no_such_user_here_4711")


# ---------------------------------------------------------------------------------------------------
# Defect 12: the right words


def test_new_characters_in_the_text_say_to_start_a_new_model_and_the_command_line_can(small,
                                                                                      capsys):
    run(capsys, "train", "Small", "--max-iters", "2", *FAST)
    small.write_corpus(small.read_corpus() + "Ça va? ½\n")
    code, _, err = run(capsys, "train", "Small", "--max-iters", "4", *FAST)
    assert code == 1 and "prompt" not in err
    assert ("The text has characters the trained model has never seen: '?', 'v', '½', 'Ç'. "
            "It can only learn them as a new model: start a new model to train on this text. "
            "Add --new-model to do that.") in err
    code, out, err = run(capsys, "train", "Small", "--max-iters", "2", *FAST, "--new-model")
    assert code == 0 and "from step 0 to 2" in out, err
    assert "½" in small.load_tokenizer().chars
    (old,) = ProjectStore().list_trash()
    assert old.kind == "old-model"


def test_new_characters_before_any_training_need_no_new_model(small, capsys):
    small.write_corpus(small.read_corpus() + "Ça va? ½\n")
    code, out, err = run(capsys, "train", "Small", "--max-iters", "2", *FAST)
    assert code == 0 and "Done: 2 steps" in out, err


# ---------------------------------------------------------------------------------------------------
# Defect 13: what a killed export leaves is swept; files have the umask's permissions


def test_an_export_sweeps_what_a_killed_export_left_and_nothing_else(small, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".Small.zip.k3j2h1g0.tmp"  # mkstemp's naming, as older versions wrote
    young = out / ".Small.zip.0a1b2c3d.tmp"  # an export that is running now
    mine = out / ".notes.tmp"  # not a name GPT Studio makes
    for path in (stale, young, mine):
        path.write_bytes(b"x" * 1000)
    hours_ago = time.time() - 3 * 3600
    for path in (stale, mine):
        os.utime(path, (hours_ago, hours_ago))
    assert run(capsys, "export", "Small", str(out / "Small.zip"))[0] == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([young.name, mine.name, "Small.zip"])


def test_files_get_the_permissions_the_umask_gives(small, tmp_path, capsys):
    previous = os.umask(0o022)
    try:
        assert run(capsys, "train", "Small", "--max-iters", "2", *FAST)[0] == 0
        small.save()
        assert run(capsys, "export", "Small", str(tmp_path / "Small.zip"))[0] == 0
        assert run(capsys, "export-hf", "Small", str(tmp_path / "hf"))[0] == 0
    finally:
        os.umask(previous)
    made = [tmp_path / "Small.zip", small.path / "project.json", small.path / "corpus.txt",
            small.tokenizer_path, *small.checkpoint_dir.rglob("*.json"),
            *small.checkpoint_dir.rglob("*.safetensors"), *(tmp_path / "hf").iterdir()]
    modes = {p.relative_to(tmp_path).as_posix(): oct(stat.S_IMODE(p.stat().st_mode))
             for p in made if p.is_file()}
    assert set(modes.values()) == {"0o644"}, modes


def test_a_save_sweeps_the_projects_stale_temporaries(small):
    left = small.path / ".corpus.txt.abcdefgh.tmp"
    left.write_text("half a corpus")
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    small.save()
    assert not left.exists()

