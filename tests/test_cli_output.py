"""The CLI's progress printer: each kind of training event, told apart by its type, becomes its
own line (plain lines when the output is not a terminal); other events print nothing."""

from __future__ import annotations

import io

from gptstudio.cli_output import ProgressPrinter, fail
from gptstudio.engine.events import (
    CheckpointEvent,
    EvalEvent,
    StartedEvent,
    StepEvent,
    StoppedEvent,
)


def test_each_training_event_prints_its_line_and_others_print_nothing():
    out = io.StringIO()
    printer = ProgressPrinter(stream=out)
    printer(StartedEvent(0, 10, "cpu", "fp32", 1234, 64))
    printer(StepEvent(10, 10, 2.5, 1e-3, 500.0, 1.0, 0.0))  # the last step: always shown
    printer(EvalEvent(10, 2.4, 2.6, "a\nb"))
    printer(CheckpointEvent(10, "/tmp/x"))
    printer(StoppedEvent(10, "finished", "Training finished."))
    lines = out.getvalue().splitlines()
    assert lines[0] == "Training on cpu (fp32), 1,234 parameters, from step 0 to 10."
    assert lines[1].startswith("step 10/10 [########################] loss 2.5000")
    assert lines[2:] == ["step 10: train loss 2.4000, validation loss 2.6000", "  sample: a b"]


def test_fail_says_one_sentence_on_stderr_and_returns_1(capsys):
    assert fail("No such project.") == 1
    assert capsys.readouterr().err == "gptstudio: No such project.\n"


def test_a_note_the_run_starts_with_is_printed_under_its_first_line():
    out = io.StringIO()
    ProgressPrinter(stream=out)(StartedEvent(4, 10, "cpu", "fp32", 1234, 64, note="Mind this."))
    assert out.getvalue().splitlines() == [
        "Training on cpu (fp32), 1,234 parameters, from step 4 to 10.", "Mind this."]
