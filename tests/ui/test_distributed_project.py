"""A project trained by `torchrun -m gptstudio train` on two processes opens in the app as usual."""

from gptstudio.projects.store import ProjectStore

from ..distributed_helpers import torchrun_train


def test_a_torchrun_trained_project_opens_with_its_curve(qtbot, window, tiny_corpus):
    ProjectStore().create("Scaled", tiny_corpus * 4)
    done = torchrun_train(2, "Scaled", "--max-iters", "6", "--eval-interval", "3", "--batch-size",
                          "8", "--device", "cpu")
    assert done.returncode == 0, done.stderr[-3000:]

    assert window.project_actions.open_project("Scaled")
    assert window.train_tab.plot.point_counts() == (6, 2)
    assert window.settings_panel.settings().train.max_iters == 6
    assert window.generate_tab.generate_button.isEnabled()
    window.generate_tab.max_tokens.setValue(20)
    window.generate_tab.request_generate()
    qtbot.waitUntil(lambda: window.generate_runs.thread is None and not window.generate_tab.running,
                    timeout=60_000)
    assert "20 tokens written" in window.generate_tab.status.text()
