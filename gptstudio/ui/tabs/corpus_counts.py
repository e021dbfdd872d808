"""When the Corpus tab's text is counted, and which count it shows.

Counting tokens means running the tokenizer over the whole text (seconds for BPE on a big corpus),
so the count is a job in the pool (threads.Job) over a copy of the text, at most once per pause in
typing (a debounce timer). A result counted for an older text or older settings is dropped (a
generation number), so the report shown is always the newest one. The text is read out of the
editor only when the timer fires, never on every keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore

from gptstudio.engine.corpus_report import CorpusReport, StatsSettings
from gptstudio.ui.tabs.corpus_stats_text import count_corpus
from gptstudio.ui.threads import JobGroup

STATS_DELAY_MS = 400  # a count waits for a pause in typing this long


class CorpusCounts(QtCore.QObject):
    """Counts text() with the settings given; `counted` hands on each report that is still the
    text's and settings' own, which `report` then holds."""

    counted = QtCore.Signal(object)  # CorpusReport
    refused = QtCore.Signal()  # the computer refused the count a thread

    def __init__(self, text: Callable[[], str], held: Callable[[], bool], jobs: JobGroup,
                 parent: QtCore.QObject):
        """text(): the text now. held(): the text is still filling in (a count of it then would be
        of half a file): its report is dropped, and the filling asks for a count when done."""
        super().__init__(parent)
        self._text, self._held, self._jobs = text, held, jobs
        self.settings = StatsSettings()
        self.report: CorpusReport | None = None
        self._generation = 0  # counts the counts asked for
        self._counted = 0  # the count whose report is shown
        self._timer = QtCore.QTimer(self, singleShot=True, interval=STATS_DELAY_MS)
        self._timer.timeout.connect(self._start)

    def after_typing(self) -> None:
        """The text was edited: count it once the typing pauses."""
        self._timer.start()

    def now(self) -> None:
        """A whole new text, or new settings: count at the next event-loop turn."""
        self._timer.start(0)

    def set_settings(self, settings: StatsSettings) -> None:
        if settings != self.settings:
            self.settings = settings
            self.now()

    def is_counting(self) -> bool:
        """The text as it is now, or with its newest settings, is still to be counted: its
        report comes with `counted`."""
        return self._timer.isActive() or self._counted != self._generation

    @QtCore.Slot()
    def _start(self) -> None:
        self._generation += 1
        if not self._jobs.start(count_corpus, self._generation, self._text(), self.settings,
                                on_result=self._on_counted):
            self._counted = self._generation  # no count is coming
            self.refused.emit()

    @QtCore.Slot(object)
    def _on_counted(self, answer) -> None:
        generation, report = answer
        if generation != self._generation or self._timer.isActive() or self._held():
            return  # the text or the settings changed since this was counted: a newer count is due
        self._counted = generation
        self.report = report
        self.counted.emit(report)
