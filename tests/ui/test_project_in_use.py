"""Two GPT Studio processes on one project: the second is told it is in use and changes nothing;
once the first has gone (even by crashing) the project opens."""

from __future__ import annotations

from gptstudio.cli import main
from gptstudio.projects.store import ProjectStore

from ..projects.test_lock import held_elsewhere


def test_a_project_open_in_another_process_is_refused_with_a_message(window, tiny_corpus, capsys):
    project = ProjectStore().create("Poems", tiny_corpus * 4)
    corpus_before = project.corpus_path.read_bytes()
    with held_elsewhere(project.path) as other:
        assert not window.project_actions.open_project("Poems")
        assert window.project is None
        assert f"open in another GPT Studio window (process {other.pid})" in window.welcome_bar.text()
        # The command line is refused the same way, before it writes anything.
        assert main(["train", "Poems", "--max-iters", "2", "--device", "cpu"]) == 1
        assert "open in another GPT Studio window" in capsys.readouterr().err
    assert project.corpus_path.read_bytes() == corpus_before
    assert not project.has_trained_model()
    assert window.project_actions.open_project("Poems")  # the other process has exited: its lock is stale


def test_the_cli_cannot_train_a_project_the_window_has_open(window, tiny_corpus, capsys):
    ProjectStore().create("Poems", tiny_corpus * 4)
    assert window.project_actions.open_project("Poems")
    assert main(["train", "Poems", "--max-iters", "2", "--device", "cpu"]) == 1
    assert "open in another GPT Studio window" in capsys.readouterr().err
