"""Two projects with one name (a folder copied in by hand, or made by an older version when two
windows created at once) are both listed and both open from the start view, each its own
(issue 22, defect 2). Before, both items opened the first."""

from __future__ import annotations

import shutil

from PySide6 import QtCore

from gptstudio.projects.store import ProjectStore


def test_projects_sharing_a_name_each_open_from_the_start_view(window, tiny_corpus):
    first = ProjectStore().create("Poems", tiny_corpus)
    shutil.copytree(first.path, first.path.parent / "Poems copy")
    window.project_actions.refresh_welcome()
    items = [window.welcome.projects.item(i) for i in range(window.welcome.projects.count())]
    keys = sorted(item.data(QtCore.Qt.ItemDataRole.UserRole) for item in items)
    assert keys == ["Poems", "Poems copy"]  # their folders: the name alone would be ambiguous
    opened = set()
    for key in keys:
        assert window.project_actions.open_project(key)
        opened.add(window.project.path.name)
        window.project_actions.close_project()
    assert opened == {"Poems", "Poems copy"}
