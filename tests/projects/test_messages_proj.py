"""The project store's sentences are Messages: English as before, translatable by the app."""

from __future__ import annotations

import json
import zipfile

import pytest

from gptstudio.engine.config import DataConfig
from gptstudio.engine.messages import Message
from gptstudio.projects.archive import extract_project
from gptstudio.projects.lock import ProjectInUse, ProjectLock
from gptstudio.projects.project import PROJECT_FILE, ProjectError


def sentence(error: pytest.ExceptionInfo) -> Message:
    message = error.value.args[0]
    assert isinstance(message, Message)
    assert str(error.value) == message
    return message


def test_store_and_project_errors_are_messages(store, tiny_corpus):
    store.create("Poems", tiny_corpus)
    with pytest.raises(ProjectError) as error:
        store.create("poems", tiny_corpus)
    message = sentence(error)
    assert message == 'There is already a project called "poems".'
    assert "{name}" in message.template and "poems" not in message.template

    with pytest.raises(ProjectError) as error:
        store.create("Other", tiny_corpus, data=DataConfig(mode="nope"))
    assert sentence(error) == "The data mode must be 'continuous', 'lines' or 'blocks'."

    with pytest.raises(ProjectError) as error:
        store.create("x" * 101, tiny_corpus)
    message = sentence(error)
    assert message == "A project name can be at most 100 characters long."
    assert "{limit}" in message.template

    # A damaged project: the list says why, as a Message whose reason is a Message too.
    (store.root / "Poems" / "corpus.txt").unlink()
    (info,) = store.list()
    assert isinstance(info.error, Message)
    assert info.error == 'The project "Poems" is damaged: its text (corpus.txt) is missing.'
    assert info.error.template == 'The project "{name}" is damaged: {why}.'
    assert isinstance(info.error.params["why"], Message)
    assert info.error.params["why"].template == "its text ({file}) is missing"


def test_archive_and_lock_errors_are_messages(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(PROJECT_FILE, json.dumps({"name": "x"}))
        zf.writestr("../escape.txt", "x")
    with pytest.raises(ProjectError) as error:
        extract_project(archive, tmp_path / "out")
    message = sentence(error)
    assert message == ('This archive contains a path that leads outside its folder '
                       '("../escape.txt"); GPT Studio does not import it.')
    assert "{file}" in message.template and "escape" not in message.template

    folder = tmp_path / "project"
    folder.mkdir()
    (folder / ".lock").write_text(json.dumps({"pid": 1, "hostname": "elsewhere.example"}))
    with pytest.raises(ProjectInUse) as error:
        ProjectLock(folder).acquire()
    message = sentence(error)
    assert message == 'This project is open in GPT Studio on another computer ("elsewhere.example").'
    assert "{computer}" in message.template
