"""The Train tab owns its run: Train asks the window for a job, then the tab starts, pauses,
resumes and stops it and sets its own buttons. The run's engine events are told apart by type."""

from __future__ import annotations

from gptstudio.engine.events import CheckpointEvent, StartedEvent, StepEvent, StoppedEvent
from gptstudio.ui.tabs.train_run import TrainRun
from gptstudio.ui.tabs.train_tab import TrainTab


class FakeRun:
    """Stands in for TrainRun's thread: records what the tab asks of it."""

    def __init__(self):
        self.calls: list[str] = []
        self.running = False

    def is_running(self):
        return self.running

    def start(self, job):
        self.calls.append(f"start {job}")
        self.running = True
        return True

    def _act(self, name):
        self.calls.append(name)
        return self.running

    def pause(self):
        return self._act("pause")

    def resume(self):
        return self._act("resume")

    def stop(self):
        return self._act("stop")


def test_the_run_sends_on_the_events_others_act_on(qtbot):
    seen, started, saved = [], [], []
    run = TrainRun(seen.append)
    run.started.connect(started.append)
    run.saved.connect(saved.append)
    begin = StartedEvent(0, 10, "cpu", "fp32", 1000, 64)
    checkpoint = CheckpointEvent(5, "/tmp/x")
    run._dispatch([begin, StepEvent(1, 10, 3.0, 1e-3, 100.0, 0.1, 1.0), checkpoint,
                   StoppedEvent(5, "stopped", "")])
    assert started == [begin] and saved == [checkpoint]
    assert not run.is_running() and run.stop_and_wait(10)  # nothing to stop: done at once


def test_train_asks_for_a_job_and_does_nothing_without_one(qtbot):
    tab = TrainTab()
    qtbot.addWidget(tab)
    tab.run = FakeRun()
    asked = []
    tab.prepare_job = lambda: asked.append(True)  # returns None: the window said why not
    tab.start_button.click()
    assert asked and tab.run.calls == [] and tab.state == "idle"


def test_the_tab_starts_pauses_resumes_and_stops_its_run_and_sets_its_buttons(qtbot):
    tab = TrainTab()
    qtbot.addWidget(tab)
    tab.run = FakeRun()
    tab.prepare_job = lambda: "job"
    states = []
    tab.state_changed.connect(states.append)
    tab.start_button.click()
    assert tab.run.calls == ["start job"] and tab.state == "starting"
    assert not tab.start_button.isEnabled() and tab.stop_button.isEnabled()
    assert not tab.start()  # one run at a time
    tab._on_run_started(StartedEvent(0, 10, "cpu", "fp32", 1000, 64))
    assert tab.state == "running" and tab.pause_button.isEnabled()
    tab.pause_button.click()
    assert tab.state == "paused" and tab.pause_button.text() == "Resume"
    tab.pause_button.click()
    assert tab.state == "running"
    tab.stop_button.click()
    assert tab.state == "stopping" and not tab.stop_button.isEnabled()
    tab.run.running = False
    tab._on_run_done({"reason": "finished", "step": 10})
    assert tab.state == "idle" and tab.done_training
    assert tab.start_button.text() == "Train more" and tab.start_button.isEnabled()
    assert tab.run.calls == ["start job", "pause", "resume", "stop"]
    assert states == ["starting", "running", "paused", "running", "stopping", "idle"]


def test_train_more_is_asked_of_the_window_once_training_is_done(qtbot):
    tab = TrainTab()
    qtbot.addWidget(tab)
    tab.run = FakeRun()
    tab.set_done(True)
    with qtbot.waitSignal(tab.more_requested) as more:
        tab.trigger_start()
    assert more.args == [tab.more_steps.value()] and tab.run.calls == []
