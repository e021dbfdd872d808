"""The Train tab's samples over time: a slider along the evaluations and the text the model wrote
at each, with the step it shows marked on the loss curve (the `marked` signal)."""

from __future__ import annotations

import re

from PySide6 import QtCore, QtWidgets

from gptstudio.ui.i18n import translate

# The samples slider shows a tick per sample up to this many.
MAX_TICKS = 60


class SampleTimeline(QtCore.QObject):
    """Its widgets (slider, label, position, title, text) are laid out by the tab. Its words keep
    the tab's translation context ("TrainTab")."""

    marked = QtCore.Signal(object)  # the step of the sample shown, or None: the curve's marker

    def __init__(self, parent: QtWidgets.QWidget):
        super().__init__(parent)
        self.samples: list[tuple[int, str]] = []  # (step, text), one per evaluation that wrote one
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setToolTip(translate("TrainTab", "Drag to see what the model wrote at each evaluation: random "
                                   "letters at first, then words, then sentences. The dashed line "
                                   "on the curve marks the step. At the right end it follows "
                                   "training live."))
        self.slider.setPageStep(1)
        self.slider.setTickInterval(1)
        self.slider.valueChanged.connect(self.select)
        self.label = QtWidgets.QLabel(translate("TrainTab", "Samples over time"))
        self.label.setToolTip(self.slider.toolTip())
        self.position = QtWidgets.QLabel()
        # Wide enough for "step 00,000 · 000 of 000" (in the interface's language).
        widest = re.sub(r"\d", "0", self._position_text(10_000, 100, 100))
        self.position.setMinimumWidth(parent.fontMetrics().horizontalAdvance(widest))
        self.position.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight
                                   | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.title = QtWidgets.QLabel(translate("TrainTab", "What the model writes"))
        self.title.setToolTip(translate("TrainTab", "After each evaluation the model writes a short sample, so "
                                  "you can watch its writing improve."))
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(translate("TrainTab", "A sample appears here after each evaluation."))
        self.text.setToolTip(self.title.toolTip())
        self.text.setMaximumHeight(150)

    def widgets(self) -> tuple[QtWidgets.QWidget, ...]:
        return self.label, self.slider, self.position, self.title, self.text

    def steps(self) -> list[int]:
        """The steps the slider moves through, left to right."""
        return [step for step, _text in self.samples]

    def at_end(self) -> bool:
        return self.slider.value() == self.slider.maximum()

    def refresh(self, follow: bool) -> None:
        """Fit the slider to the samples; with `follow`, move it to the newest one."""
        n = len(self.samples)
        with QtCore.QSignalBlocker(self.slider):
            self.slider.setRange(0, max(0, n - 1))
            if follow:
                self.slider.setValue(n - 1 if n else 0)
        self.slider.setEnabled(n > 1)
        # A tick per sample while they are few enough to tell apart.
        self.slider.setTickPosition(QtWidgets.QSlider.TickPosition.TicksBelow if 1 < n <= MAX_TICKS
                                    else QtWidgets.QSlider.TickPosition.NoTicks)
        self.select(self.slider.value())

    @QtCore.Slot(int)
    def select(self, index: int) -> None:
        if not self.samples:
            self.title.setText(translate("TrainTab", "What the model writes"))
            self.text.clear()
            self.position.setText("")
            self.marked.emit(None)
            return
        index = min(max(0, index), len(self.samples) - 1)
        step, text = self.samples[index]
        if index == len(self.samples) - 1 and len(self.samples) > 1:
            self.title.setText(translate("TrainTab", "What the model writes (latest, after step {step:,})").format(step=step))
        else:
            self.title.setText(translate("TrainTab", "What the model writes (after step {step:,})").format(step=step))
        self.text.setPlainText(text)
        self.position.setText(self._position_text(step, index + 1, len(self.samples)))
        self.marked.emit(step)

    def show_selected(self) -> None:
        self.select(self.slider.value())

    def set_shown(self, shown: bool) -> None:
        for widget in self.widgets():
            widget.setVisible(shown)

    @staticmethod
    def _position_text(step: int, number: int, count: int) -> str:
        """Beside the slider: the step of the sample shown, and which of how many it is."""
        return translate("TrainTab", "step {step:,} · {number} of {count}").format(step=step, number=number, count=count)
