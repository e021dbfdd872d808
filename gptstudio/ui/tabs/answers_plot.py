"""Beside the loss curve, for a model that learns conversations: the share of held-out questions
it answers exactly right after each evaluation (engine/chat_eval.py), 0 to 100%.

A point arrives once per evaluation, so the curve is simply set again each time (no redraw timer).
Its steps follow the loss curve's (linked x axes).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from gptstudio.ui.widgets.controls import plot_without_menus


class AnswersPlot(QtWidgets.QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[tuple[int, int, int]] = []  # (step, right, asked)
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        self.title.setToolTip(self.tr(
            "After each evaluation the model answers the questions of conversations it never "
            "trains on (those with a short answer), writing its likeliest words. An answer counts "
            "as right when it is exactly the one in the text. The loss says how surprised the "
            "model is; this says what it can do."))
        self.plot = pg.PlotWidget(background="w")
        plot_without_menus(self.plot)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", self.tr("training step"))
        item.setLabel("left", self.tr("answers right (%)"))
        item.setYRange(0, 100, padding=0.05)
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        self.plot.setToolTip(self.title.toolTip())
        self._curve = self.plot.plot(pen=pg.mkPen((30, 140, 60), width=2), symbol="o",
                                     symbolSize=6, symbolBrush=(30, 140, 60))
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        self._redraw()

    def link_steps(self, loss_plot: pg.PlotWidget) -> None:
        self.plot.setXLink(loss_plot)

    def set_points(self, points) -> None:
        """(step, right, asked) triples: a run's LossHistory.eval_answers."""
        self.points = [(int(s), int(r), int(a)) for s, r, a in points if int(a) > 0]
        self._redraw()

    def add(self, step: int, right: int, asked: int) -> None:
        if asked > 0:
            self.points.append((step, right, asked))
            self._redraw()

    def truncate_after(self, step: int) -> None:
        self.points = [p for p in self.points if p[0] <= step]
        self._redraw()

    def _redraw(self) -> None:
        self.setVisible(bool(self.points))
        if not self.points:
            self._curve.setData([], [])
            return
        steps = [p[0] for p in self.points]
        shares = [100 * r / a for _, r, a in self.points]
        self._curve.setData(steps, shares)
        step, right, asked = self.points[-1]
        self.title.setText(self.tr("<b>{right} of {asked}</b> held-out questions answered exactly "
                                   "right (step {step:,})").format(right=right, asked=asked,
                                                                   step=step))

    @QtCore.Slot()
    def clear(self) -> None:
        self.set_points([])
