"""projects.exports: the one choice of the exported checkpoint, and the program of a project
whose text changed since its tokenizer was made."""

from __future__ import annotations

import json

import pytest

from gptstudio.projects.exports import checkpoint_to_use, export_code
from gptstudio.projects.project import ProjectError
from gptstudio.projects.store import ProjectStore

from ..export_helpers import corpus, trained_project


def test_checkpoint_to_use_is_the_latest_and_an_untrained_project_is_a_sentence():
    from gptstudio.engine.checkpoint import latest_checkpoint

    project = trained_project("Blog", corpus("english"), steps=20)
    assert checkpoint_to_use(project) == latest_checkpoint(project.checkpoint_dir)
    fresh = ProjectStore().create("Fresh", corpus("english"))
    with pytest.raises(ProjectError, match="no trained model yet"):
        checkpoint_to_use(fresh)


def test_the_program_of_a_changed_text_gets_the_tokenizer_train_would_make(tmp_path):
    project = ProjectStore().create("Names", "anna\nbob\n" * 50)
    project.write_corpus("anna\nbob\nzoë\n" * 50)  # new letters since the tokenizer was made
    export_code(project, tmp_path / "program")
    table = json.loads((tmp_path / "program" / "tokenizer.json").read_text(encoding="utf-8"))
    assert "ë" in table["chars"] and "z" in table["chars"]
    assert (tmp_path / "program" / "input.txt").read_text(encoding="utf-8").startswith("anna")


def test_a_refused_program_is_a_project_error(tmp_path):
    project = ProjectStore().create("Names", "anna\nbob\n" * 50)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "mine.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ProjectError, match="already holds other files"):
        export_code(project, tmp_path / "busy")
