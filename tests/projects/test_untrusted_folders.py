"""A project folder is read as a stranger's file: its settings pass the panel's validate(), its
files are never read through a link nor read whole when they are too big, its name cannot turn a
listing around, and a lock that came inside an archive does not come with it (issue 22: defects 3,
4, 8, 10 and 14). Each test here failed before those fixes."""

from __future__ import annotations

import json
import os
import socket
import threading
import zipfile

import pytest

from gptstudio.cli import main
from gptstudio.engine.config import DataConfig, ModelConfig, SampleConfig, TrainConfig
from gptstudio.projects.lock import LOCK_FILE, ProjectLock
from gptstudio.projects.project import Project, ProjectError


def edit_settings(project: Project, section: str, **values) -> bytes:
    """Write values into project.json as a text editor (or an older version) would; returns the
    file's new bytes."""
    path = project.path / "project.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta[section].update(values)
    path.write_text(json.dumps(meta), encoding="utf-8")
    return path.read_bytes()


def snapshot(folder) -> dict:
    """Every file under folder with its bytes and modification time: 'nothing changed' means equal."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


# ---------------------------------------------------------------------------------------------------
# Defect 3: a value from a file passes the same validate() as the panel's


@pytest.mark.parametrize("section, values, says", [
    ("train", {"num_threads": 1_000_000}, "number of CPU threads must be between 0 and 256"),
    ("train", {"sample_tokens": 10**9}, "sample length must be between 0 and 10,000"),
    ("train", {"eval_interval": 3_000_000_000}, "evaluation interval must be between 1 and 1,000,000"),
    ("train", {"eval_iters": 10**9}, "average between 1 and 1,000 batches"),
    ("train", {"seed": 2**40}, "seed must be a whole number from 0 to 2,147,483,647"),
    ("model", {"n_embd": 192, "n_head": 6, "n_layer": 100}, "number of layers must be between 1 and 48"),
    ("data", {"val_fraction": 0.0001}, "validation share must be between 0.1% and 49.9%"),
    ("sample", {"seed": 2**64 + 1}, "seed must be a whole number from 0 to 2,147,483,647"),
    ("sample", {"num_samples": 10**6}, "number of samples must be between 1 and 100"),
])
def test_settings_from_disk_outside_the_panels_ranges_are_refused_in_a_sentence(
        store, project, capsys, section, values, says):
    edit_settings(project, section, **values)
    before = snapshot(project.path)
    (info,) = store.list()
    assert not info.ok and says in info.error
    assert info.error.startswith('The project "Hamlet" has settings GPT Studio cannot use: ')
    with pytest.raises(ProjectError, match=says):
        store.open("Hamlet")
    for argv in (["train", "Hamlet", "--max-iters", "1", "--device", "cpu"],
                 ["generate", "Hamlet", "--max-new-tokens", "2"], ["export", "Hamlet", "x.zip"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert says in err and err.count("\n") == 1 and "Traceback" not in err
    assert snapshot(project.path) == before
    assert not (project.path / LOCK_FILE).exists()


def test_the_command_line_cannot_write_a_value_the_panel_could_not_show(project, capsys):
    before = snapshot(project.path)
    code = main(["train", "Hamlet", "--max-iters", "20", "--eval-interval", "3000000000",
                 "--device", "cpu"])
    assert code == 1
    assert "The evaluation interval must be between 1 and 1,000,000 steps." in capsys.readouterr().err
    assert snapshot(project.path) == before


def test_every_range_is_one_validate_enforces_at_both_ends():
    """validate() accepts each range's ends and refuses just past them: the ranges the panel's
    controls are built from are exactly what a file may hold."""
    for config in (DataConfig(), ModelConfig(), TrainConfig(), SampleConfig()):
        for name, (low, high) in type(config).RANGES.items():
            step = 1 if isinstance(low, int) else 1e-9
            for value, fine in ((low, True), (high, True), (low - step, False), (high + step, False),
                                (float("nan"), False)):
                changed = _with(config, name, value)
                problems = [p for p in changed.validate() if "multiple of the number" not in p]
                assert (problems == []) == fine, (type(config).__name__, name, value, problems)


def _with(config, name, value):
    from dataclasses import replace

    if isinstance(config, ModelConfig) and name in ("n_embd", "n_head"):
        return replace(config, n_head=1, n_embd=value) if name == "n_embd" else replace(
            config, n_head=value, n_embd=4096)
    return replace(config, **{name: value})


# ---------------------------------------------------------------------------------------------------
# Defect 4: an imported archive brings no lock; a lock without a start time is not alive for ever


def test_a_lock_inside_an_imported_archive_is_left_out(store, project, tmp_path):
    zip_path = tmp_path / "Hamlet.zip"
    store.export("Hamlet", zip_path)
    foreign = {"pid": 4242, "hostname": "the-other-laptop", "time": "2025-01-01T00:00:00",
               "started": "1", "token": "theirs"}
    with zipfile.ZipFile(zip_path, "a") as zf:
        zf.writestr("Hamlet/.lock", json.dumps(foreign))
        zf.writestr("Hamlet/.project.json.abcd1234.tmp", "{}")
    imported = store.import_archive(zip_path, name="Copy")
    assert sorted(p.name for p in imported.path.iterdir() if p.name.startswith(".")) == []
    with ProjectLock(imported.path):  # not "open in GPT Studio on another computer"
        pass


def test_a_lock_of_this_computer_without_a_start_time_is_stale_even_for_pid_1(project):
    if not os.path.exists(f"/proc/{os.getpid()}/stat"):
        pytest.skip("start times are read from /proc")
    (project.path / LOCK_FILE).write_text(json.dumps(
        {"pid": 1, "hostname": socket.gethostname(), "time": "2025-01-01T00:00:00"}))
    with ProjectLock(project.path):  # pid 1 always runs: it used to hold the project for ever
        pass


# ---------------------------------------------------------------------------------------------------
# Defect 8: links are never followed


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("root:x:0:0:root:/root:/bin/bash\n" * 20, encoding="utf-8")
    return path


def test_a_linked_corpus_is_refused_everywhere(store, project, secret, tmp_path, capsys):
    (project.path / "corpus.txt").unlink()
    (project.path / "corpus.txt").symlink_to(secret)
    (info,) = store.list()
    assert not info.ok and "corpus.txt is a link to another place" in info.error
    with pytest.raises(ProjectError, match="does not follow links"):
        store.open("Hamlet")
    with pytest.raises(ProjectError, match="does not follow links"):
        project.read_corpus()
    for argv in (["train", "Hamlet", "--max-iters", "2", "--device", "cpu"],
                 ["export", "Hamlet", str(tmp_path / "out.zip")]):
        assert main(argv) == 1
        assert "does not follow links" in capsys.readouterr().err
    assert not (tmp_path / "out.zip").exists() and not project.has_trained_model()


def test_a_link_deep_in_a_project_stops_open_export_and_duplicate_loudly(store, project, secret,
                                                                        tmp_path):
    deep = project.path / "checkpoints" / "step-00000002"
    deep.mkdir(parents=True)
    (deep / "tokenizer.json").symlink_to(secret)
    for act in (lambda: store.open("Hamlet"), lambda: store.duplicate("Hamlet", "Copy"),
                lambda: store.export("Hamlet", tmp_path / "out.zip")):
        with pytest.raises(ProjectError, match="checkpoints/step-00000002/tokenizer.json is a link"):
            act()
    assert not (tmp_path / "out.zip").exists()
    assert [i.name for i in store.list()] == ["Hamlet"]


def test_export_never_writes_an_archive_without_the_projects_text(project, tmp_path):
    from gptstudio.projects.archive import export_project

    (project.path / "corpus.txt").unlink()
    with pytest.raises(ProjectError, match=r"would not hold the project's text \(corpus.txt\)"):
        export_project(project.path, tmp_path / "out.zip", "Hamlet")
    assert list(tmp_path.iterdir()) == [tmp_path / "gptstudio-home"]


# ---------------------------------------------------------------------------------------------------
# Defect 10: files too big for their kind are refused before they are read


def test_an_oversized_settings_file_is_refused_in_a_sentence(store, project):
    path = project.path / "project.json"
    meta = path.read_text(encoding="utf-8")
    # Valid JSON, padded past the 1 MB limit: it used to be read whole, and opened.
    path.write_text(meta + " " * 2 * 2**20, encoding="utf-8")
    (info,) = store.list()
    assert not info.ok and "project.json is 2.0 MB, far larger than such a file can be" in info.error


def test_a_device_or_a_pipe_in_place_of_a_project_file_is_refused(store, project):
    path = project.path / "project.json"
    path.unlink()
    os.mkfifo(path)  # opening it for reading would wait for a writer for ever
    listed = []
    lister = threading.Thread(target=lambda: listed.extend(store.list()), daemon=True)
    lister.start()
    lister.join(timeout=120)  # a listing that waits for the pipe's writer never returns
    assert not lister.is_alive()
    (info,) = listed
    assert not info.ok and "project.json is not a plain file" in info.error


def test_a_tokenizer_with_more_words_than_gptstudio_makes_is_refused_in_a_sentence(project):
    words = [f"w{i}" for i in range(100_000)]  # WordTokenizer.train keeps 50,000
    project.tokenizer_path.write_text(json.dumps({"kind": "word", "words": words}))
    with pytest.raises(ProjectError, match="tokenizer .*cannot be read"):
        project.load_tokenizer()


# ---------------------------------------------------------------------------------------------------
# Defect 14: a name cannot reverse a listing


def test_a_name_with_a_direction_override_is_refused_and_shown_escaped(store, project, capsys,
                                                                      tmp_path):
    with pytest.raises(ProjectError, match="change the direction of the text"):
        store.create("evil\u202eeman", "some text")
    # One made by hand (or by an older version) is listed with the character written out.
    edit = json.loads((project.path / "project.json").read_text(encoding="utf-8"))
    edit["name"] = "Ham\u202elet"
    (project.path / "project.json").write_text(json.dumps(edit), encoding="utf-8")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "Ham\\u202elet\tnot trained\t" in out
    # An archive with such a name is imported without it.
    store.export("Ham\u202elet", tmp_path / "x.zip")
    assert store.import_archive(tmp_path / "x.zip").name == "Hamlet"

