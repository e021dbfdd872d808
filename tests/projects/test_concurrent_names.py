"""Several processes creating or importing at the same moment never give two projects one name
(issue 22, defect 2), and a project reached by its folder name is never shadowed by a new name.

The processes are forked and released together by a barrier; each one's project.json write is
slowed down, which holds it between its check of the name and its folder's arrival for long
enough that, without the name lock, every one of them passed the check before any arrived."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from gptstudio.projects.project import Project, ProjectError
from gptstudio.projects.store import ProjectStore

PROCESSES = 4


def _claim(kind: str, root: str, barrier, results, archive: str | None) -> None:
    real_save = Project.save

    def slow_save(self):
        real_save(self)
        time.sleep(0.3)

    Project.save = slow_save
    store = ProjectStore(root)
    barrier.wait()
    try:
        if kind == "new":
            project = store.create("Poems", "Roses are red, violets are blue.\n" * 20)
        else:
            project = store.import_archive(archive)
        results.put(("ok", project.name))
    except ProjectError as error:
        results.put(("refused", str(error)))


def _race(kind: str, root, archive=None) -> list[tuple[str, str]]:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    processes = [context.Process(target=_claim, args=(kind, str(root), barrier, results, archive))
                 for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return outcomes


def test_simultaneous_new_gives_the_name_to_one_project_and_refuses_the_others(store):
    outcomes = _race("new", store.root)
    assert sorted(kind for kind, _ in outcomes) == ["ok"] + ["refused"] * (PROCESSES - 1)
    assert all(text == 'There is already a project called "Poems".'
               for kind, text in outcomes if kind == "refused")
    assert [(i.name, i.ok) for i in store.list()] == [("Poems", True)]
    assert [p.name for p in store.root.iterdir() if not p.name.startswith(".")] == ["Poems"]


def test_simultaneous_imports_of_one_archive_get_distinct_names(store, tiny_corpus, tmp_path):
    store.create("Poems", tiny_corpus)
    archive = tmp_path / "Poems.zip"
    store.export("Poems", archive)
    store.delete("Poems")
    outcomes = _race("import", store.root, str(archive))
    names = sorted(name for _, name in outcomes)
    assert names == ["Poems", "Poems (2)", "Poems (3)", "Poems (4)"]
    infos = store.list()
    assert sorted(i.name for i in infos) == names
    for info in infos:  # every one of them can be opened by its name
        assert store.open(info.name).path == info.path


def test_a_new_name_never_shadows_the_folder_of_a_project_that_shares_its_name(store, tiny_corpus):
    import shutil

    first = store.create("Poems", tiny_corpus)
    shutil.copytree(first.path, store.root / "Poems copy")  # a hand copy: the same display name
    with pytest.raises(ProjectError, match='There is already a project called "Poems copy"'):
        store.create("Poems copy", tiny_corpus)
    # Both stay reachable: the first by its name, the copy by its folder.
    assert store.open("Poems").path == first.path
    assert store.open("Poems copy").path == store.root / "Poems copy"
