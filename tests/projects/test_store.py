"""The list of projects: names, damaged projects among good ones, rename, duplicate, trash."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gptstudio.engine.config import DataConfig
from gptstudio.engine.presets import get_preset
from gptstudio.fsio import atomic_write_json
from gptstudio.projects.project import SCHEMA_VERSION, Project, ProjectError
from gptstudio.projects.store import ProjectStore, describe_trash_entry


def entries(folder) -> list[str]:
    """Everything in a folder, hidden entries included ("nothing written" = this is unchanged)."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --------------------------------------------------------------------------------------------------
# Create


def test_create_uses_the_preset_and_trains_the_tokenizer(store, tiny_corpus):
    project = store.create("Poems", tiny_corpus, preset="small")
    preset = get_preset("small")
    tok = project.load_tokenizer()
    assert project.path == store.root / "Poems"
    assert project.read_corpus() == tiny_corpus
    assert project.model == replace(preset.model, vocab_size=tok.vocab_size)
    assert project.train == preset.train
    assert project.preset == "small"
    assert project.created <= project.modified  # saved in the same second, or the next
    assert Project.load(project.path) == project
    [info] = store.list()
    assert (info.name, info.path, info.ok, info.error, info.trained) == (
        "Poems",
        project.path,
        True,
        None,
        False,
    )


def test_create_with_a_word_tokenizer(store, tiny_corpus):
    data = DataConfig(tokenizer="word", mode="lines")
    project = store.create("Words", tiny_corpus, data=data)
    assert project.data == data
    assert project.load_tokenizer().kind == "word"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Please give the project a name."),
        ("   ", "Please give the project a name."),
        ("x" * 101, "at most 100 characters"),
        ("two\nlines", "cannot contain line breaks"),
        ("tab\there", "cannot contain line breaks"),
    ],
)
def test_invalid_names_are_refused(store, tiny_corpus, name, message):
    with pytest.raises(ProjectError, match=message):
        store.create(name, tiny_corpus)
    assert entries(store.root) == []


def test_names_are_unique_case_insensitively(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    for taken in ("Poems", "poems", " POEMS "):
        with pytest.raises(
            ProjectError, match=f'There is already a project called "{taken.strip()}"'
        ):
            store.create(taken, tiny_corpus)
    assert len(store.list()) == 1


@pytest.mark.parametrize(
    "name", ["../", "/", "\\", "CON", "..\\..\\evil", "../../etc/passwd", "a/b", ".."]
)
def test_dangerous_names_stay_inside_the_root(store, tiny_corpus, name):
    project = store.create(name, tiny_corpus)
    assert project.path.parent == store.root
    assert project.name == name  # the display name is kept as typed
    assert store.open(name).path == project.path
    assert [i.name for i in store.list()] == [name]


def test_names_mapping_to_the_same_folder_get_distinct_folders(store, tiny_corpus):
    a = store.create("a/b", tiny_corpus)
    b = store.create("a_b", tiny_corpus)
    assert a.path.name == "a_b" and b.path.name == "a_b (2)"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"preset": "huge"}, 'There is no preset called "huge"'),
        ({"data": DataConfig(tokenizer="emoji")}, "The tokenizer must be one of"),
    ],
)
def test_bad_settings_are_refused_before_writing(store, tiny_corpus, kwargs, message):
    with pytest.raises(ProjectError, match=message):
        store.create("Poems", tiny_corpus, **kwargs)
    assert entries(store.root) == []


def test_empty_corpus_is_refused(store):
    with pytest.raises(ProjectError, match="The text is empty"):
        store.create("Poems", " \n\t")
    assert entries(store.root) == []


def test_failed_create_leaves_nothing_behind(store, tiny_corpus, monkeypatch):
    def broken(self, tok):
        raise OSError("disk full")

    monkeypatch.setattr(Project, "save_tokenizer", broken)
    with pytest.raises(OSError):
        store.create("Poems", tiny_corpus)
    assert entries(store.root) == []


# --------------------------------------------------------------------------------------------------
# List and open


def _damage(store, tiny_corpus) -> dict[str, str]:
    """Good projects A and Z, and one of each kind of damage; returns folder -> expected reason."""
    store.create("A good one", tiny_corpus)
    store.create("Z good one", tiny_corpus)
    reasons = {}
    for folder, content, reason in [
        ("truncated", b'{"schema_version": 1, "name": "trun', "is not valid"),
        ("random", os.urandom(300), "is not valid"),
        ("future", None, "newer version of GPT Studio"),
        ("no corpus", None, "corpus.txt) is missing"),
        ("no settings", None, "project.json) is missing"),
    ]:
        path = store.create(folder, tiny_corpus).path
        if content is not None:
            (path / "project.json").write_bytes(content)
        reasons[folder] = reason
    atomic_write_json(
        store.root / "future" / "project.json",
        {"schema_version": SCHEMA_VERSION + 1, "name": "future"},
    )
    (store.root / "no corpus" / "corpus.txt").unlink()
    (store.root / "no settings" / "project.json").unlink()
    return reasons


def test_damaged_projects_are_listed_with_a_reason_and_others_still_open(store, tiny_corpus):
    reasons = _damage(store, tiny_corpus)
    infos = {i.path.name: i for i in store.list()}
    assert len(infos) == 7
    for name in ("A good one", "Z good one"):
        assert infos[name].ok and infos[name].error is None
        assert store.open(name).name == name
    for folder, reason in reasons.items():
        info = infos[folder]
        assert not info.ok and reason in info.error
        assert info.error.endswith(".")
        with pytest.raises(ProjectError) as raised:
            store.open(folder)
        assert str(raised.value) == info.error


def test_list_skips_hidden_folders_and_files(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    (store.root / ".importing-abc").mkdir()
    (store.root / "notes.txt").write_text("not a project")
    assert [i.name for i in store.list()] == ["Poems"]


def test_open_unknown_project(store):
    with pytest.raises(ProjectError, match='There is no project called "Nope".'):
        store.open("Nope")


def test_open_is_case_insensitive(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    assert store.open("POEMS").name == "Poems"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=2000))
def test_random_bytes_as_project_json_never_crash_list(store, tiny_corpus, content):
    folder = store.root / "victim"
    if not folder.exists():
        store.create("victim", tiny_corpus)
    (folder / "project.json").write_bytes(content)
    [info] = store.list()
    assert not info.ok and info.error


def test_trained_flag_reflects_checkpoints(store, tiny_corpus):
    project = store.create("Poems", tiny_corpus)
    project.checkpoint_dir.mkdir()
    (project.checkpoint_dir / "latest.json").write_text('{"folder": "step-00000001", "step": 1}')
    assert store.list()[0].trained


# --------------------------------------------------------------------------------------------------
# Rename and duplicate


def test_rename_changes_name_and_folder(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    renamed = store.rename("Poems", "Sonnets")
    assert renamed.name == "Sonnets" and renamed.path == store.root / "Sonnets"
    assert not (store.root / "Poems").exists()
    assert Project.load(renamed.path).name == "Sonnets"
    assert [i.name for i in store.list()] == ["Sonnets"]
    with pytest.raises(ProjectError, match="There is no project"):
        store.open("Poems")


def test_rename_to_a_taken_name_is_refused(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    store.create("Sonnets", tiny_corpus)
    with pytest.raises(ProjectError, match="already a project called"):
        store.rename("Poems", "sonnets")
    assert sorted(i.name for i in store.list()) == ["Poems", "Sonnets"]


def test_rename_may_change_only_the_case(store, tiny_corpus):
    store.create("poems", tiny_corpus)
    renamed = store.rename("poems", "Poems")
    assert renamed.name == "Poems" and renamed.path.name == "Poems"


def test_duplicate_copies_everything_under_a_new_name(store, tiny_corpus):
    source = store.create("Poems", tiny_corpus)
    source.add_sample("", "kept", {})
    step = source.checkpoint_dir / "step-00000005"
    step.mkdir(parents=True)
    (step / "model.safetensors").write_bytes(os.urandom(1000))
    (source.checkpoint_dir / "latest.json").write_text('{"folder": "step-00000005", "step": 5}')
    (source.path / ".lock").write_text("{}")

    copy = store.duplicate("Poems", "Poems, again")
    assert copy.path == store.root / "Poems, again"
    assert copy.name == "Poems, again" and copy.model == source.model
    assert copy.read_corpus() == tiny_corpus
    assert copy.saved_samples() == source.saved_samples()
    assert (copy.checkpoint_dir / "step-00000005" / "model.safetensors").read_bytes() == (
        step / "model.safetensors"
    ).read_bytes()
    assert copy.has_trained_model()
    assert not (copy.path / ".lock").exists()
    assert store.open("Poems").name == "Poems"


def test_duplicate_to_a_taken_name_is_refused(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    with pytest.raises(ProjectError, match="already a project"):
        store.duplicate("Poems", "POEMS")


# --------------------------------------------------------------------------------------------------
# Trash


def test_delete_moves_to_trash_and_restore_brings_it_back(store, tiny_corpus):
    project = store.create("Poems", tiny_corpus)
    project.add_sample("", "kept", {})
    where = store.delete("Poems")
    assert where.parent == store.trash and where.is_dir()
    assert store.list() == []
    [entry] = store.list_trash()
    assert entry.name == "Poems" and entry.path == where and entry.folder == "Poems"

    info = store.restore(entry)
    assert info.ok and info.name == "Poems" and info.path == store.root / "Poems"
    assert store.list_trash() == []
    assert store.open("Poems").saved_samples()[0]["text"] == "kept"
    assert not (info.path / ".trash.json").exists()


def test_restore_under_a_new_name_when_the_old_one_is_taken(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    store.delete("Poems")
    store.create("poems", tiny_corpus)
    info = store.restore(store.list_trash()[0])
    assert info.name == "Poems (2)" and info.path.name == "Poems (2)"
    assert sorted(i.name for i in store.list()) == ["Poems (2)", "poems"]


def test_deleting_the_same_name_twice_keeps_both_in_trash(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    store.delete("Poems")
    store.create("Poems", tiny_corpus)
    store.delete("Poems")
    assert [e.name for e in store.list_trash()] == ["Poems", "Poems"]
    assert store.empty_trash() == 2
    assert store.list_trash() == []


def test_damaged_project_can_be_deleted_and_restored(store, tiny_corpus):
    project = store.create("Poems", tiny_corpus)
    (project.path / "project.json").write_bytes(b"\x00")
    store.delete("Poems")  # found by its folder name
    info = store.restore(store.list_trash()[0])
    assert not info.ok and info.path.name == "Poems"


def test_restore_refuses_paths_outside_the_trash(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    with pytest.raises(ProjectError, match="no longer in the trash"):
        store.restore(store.root / "Poems")
    with pytest.raises(ProjectError, match="no longer in the trash"):
        store.restore("missing entry")


def folder_bytes(folder) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def set_aside_model(store, project_folder: str, stamp: str = "20250314-153000", size: int = 1000):
    """What "Start a new model" leaves in the trash: the old checkpoints, no project around them."""
    step = store.trash / f"{project_folder}-old-model-{stamp}" / "step-000100"
    step.mkdir(parents=True)
    (step / "model.safetensors").write_bytes(b"\0" * size)
    return step.parent


def test_trash_entries_say_what_they_are_how_big_and_when(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    where = store.delete("Poems")
    [entry] = store.list_trash()
    assert (entry.kind, entry.restorable) == ("project", True)
    assert entry.size == folder_bytes(where) > len(tiny_corpus)
    assert datetime.fromisoformat(entry.deleted).timestamp() == pytest.approx(time.time(), abs=60)


def test_an_old_model_set_aside_is_listed_under_its_projects_name(store, tiny_corpus):
    project = store.create("Odes / verses", tiny_corpus)  # its folder is "Odes _ verses"
    old = set_aside_model(store, project.path.name, "20250314-153000", size=1234)
    [entry] = store.list_trash()
    assert (entry.kind, entry.restorable, entry.path) == ("old-model", False, old)
    assert (entry.name, entry.folder, entry.size) == ("Odes / verses", "Odes _ verses", 1234)
    assert entry.deleted == datetime(2025, 3, 14, 15, 30).astimezone().isoformat(timespec="seconds")
    assert describe_trash_entry(entry) == 'an earlier model of the project "Odes / verses"'


def test_an_old_model_of_a_project_that_is_gone_keeps_its_folder_name(store):
    set_aside_model(store, "Gone")
    [entry] = store.list_trash()
    assert (entry.kind, entry.name, entry.folder) == ("old-model", "Gone", "Gone")


def test_restore_refuses_an_old_model_and_leaves_it_in_the_trash(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    old = set_aside_model(store, "Poems")
    with pytest.raises(ProjectError, match='earlier model of the project "Poems"'):
        store.restore(store.list_trash()[0])
    assert old.is_dir() and [i.name for i in store.list()] == ["Poems"]


def test_a_folder_that_is_no_project_is_listed_as_other_and_not_restored(store):
    (store.trash / "photos").mkdir(parents=True)
    [entry] = store.list_trash()
    assert (entry.kind, entry.restorable, entry.name) == ("other", False, "photos")
    with pytest.raises(ProjectError, match="not a project"):
        store.restore(entry)


def test_the_kind_written_in_trash_info_wins_over_the_folder_name(store):
    folder = store.trash / "anything"
    folder.mkdir(parents=True)
    atomic_write_json(folder / ".trash.json", {"kind": "old-model", "name": "Poems",
                                               "folder": "Poems", "deleted": "2024-01-02T03:04:05+00:00"})
    [entry] = store.list_trash()
    assert (entry.kind, entry.name, entry.deleted) == ("old-model", "Poems", "2024-01-02T03:04:05+00:00")


def test_trash_is_listed_newest_first_and_emptied_with_old_models(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    set_aside_model(store, "Poems", "20200101-000000")
    store.delete("Poems")
    assert [e.kind for e in store.list_trash()] == ["project", "old-model"]
    assert store.empty_trash() == 2
    assert store.list_trash() == [] and entries(store.trash) == []


def test_emptying_an_absent_trash_removes_nothing(store):
    assert not store.trash.exists()
    assert store.list_trash() == [] and store.empty_trash() == 0


def test_delete_unknown_project(store):
    with pytest.raises(ProjectError, match="There is no project"):
        store.delete("Nope")


# --------------------------------------------------------------------------------------------------
# Housekeeping


def test_old_temporary_folders_are_swept_on_start(store):
    old = store.root / ".importing-0123456789ab"
    young = store.root / ".creating-ba9876543210"
    for folder in (old, young):
        (folder / "checkpoints").mkdir(parents=True)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    ProjectStore(store.root)
    assert not old.exists() and young.exists()
