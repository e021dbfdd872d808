"""The live loss curve: train loss every step (raw and smoothed), validation loss every eval.

Points arrive many times a second; the plot keeps them in growing numpy arrays and redraws at most
10 times a second. pyqtgraph's peak downsampling and clip-to-view keep 100,000 points smooth.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from gptstudio.engine.loss_history import LossHistory
from gptstudio.ui.widgets.controls import plot_without_menus

# 4 redraws a second look live, and leave the GUI thread free between them: each redraw costs
# ~10 ms idle and several times that while training competes for the cores (bench/gui_latency.py).
REDRAW_MS = 250
# The smoothed curve is an exponential moving average of the train loss: the trend under the
# noise. It trails the raw curve by about 1 / (1 - weight) steps, so the weight follows the run's
# length: a 300-step run averages ~3 steps, a 5,000-step run ~50.
MAX_SMOOTHING_STEPS = 50


def smoothing_weight(n_steps: int) -> float:
    """The moving average's weight for a run of n_steps: it averages ~n_steps / 100 steps."""
    return 1 - 1 / max(1, min(MAX_SMOOTHING_STEPS, n_steps // 100))


def ema(values, weight: float, start: float | None = None) -> np.ndarray:
    """The exponential moving average of values, continuing from `start` (a NaN restarts it)."""
    values = np.asarray(values, dtype=float)
    trend, last = np.empty_like(values), start
    for i, value in enumerate(values):
        last = value if last is None or not np.isfinite(last) else weight * last + (1 - weight) * value
        trend[i] = last
    return trend


def smoothed(values, n_steps: int) -> list[float]:
    """The trend under the noise of a training loss recorded over n_steps."""
    return ema(values, smoothing_weight(n_steps)).tolist()


DIAMOND_SIZE = 13  # pixels: the markers of saved models (time travel)
# PlotItem's grid: title 0, top axis 1, view and side axes 2, bottom axis 3; the key goes under them.
LEGEND_ROW = 4
LEGEND_GAP = 24  # pixels between the key's entries
# Room above the view: the top tick's number is drawn centred on the view's top edge, and with the
# PlotItem's 1-pixel margin its upper half was cut off.
TOP_ROOM = 8


class _Series:
    def __init__(self, capacity: int = 1024):
        self.x = np.empty(capacity)
        self.y = np.empty(capacity)
        self.n = 0

    def extend(self, xs, ys) -> None:
        k = len(xs)
        if self.n + k > len(self.x):
            size = max(2 * len(self.x), self.n + k)
            self.x = np.resize(self.x, size)
            self.y = np.resize(self.y, size)
        self.x[self.n:self.n + k] = xs
        self.y[self.n:self.n + k] = ys
        self.n += k

    def clear(self) -> None:
        self.n = 0

    def view(self):
        return self.x[:self.n], self.y[:self.n]


class LossPlot(pg.PlotWidget):
    # A left click on the plot, as a training step (the x under the pointer, plus half a diamond's
    # width): time travel.
    step_clicked = QtCore.Signal(float)

    def __init__(self, parent=None):
        self._log_scale = False
        super().__init__(parent, background="w")
        item = self.getPlotItem()
        # No grid: with it every redraw cost 60% more (pyqtgraph paints grid lines with the axes).
        item.setLabel("bottom", self.tr("training step"))
        item.setLabel("left", self.tr("loss (lower is better)"))
        plot_without_menus(self)
        item.layout.setContentsMargins(1, TOP_ROOM, 1, 1)
        self._add_legend_below(item)
        self.setToolTip(self.tr("Loss measures how surprised the model is by the real next character: it "
                                "falls as the model learns. If validation loss rises while training loss "
                                "keeps falling, the model is memorising instead of learning."))
        self._raw = self.plot(name=self.tr("training loss (each step)"),
                              pen=pg.mkPen((120, 160, 220, 110), width=1))
        self._smooth = self.plot(name=self.tr("training loss (smoothed)"),
                                 pen=pg.mkPen((31, 90, 200), width=2))
        self._val = self.plot(name=self.tr("validation loss (unseen text)"),
                              pen=pg.mkPen((230, 120, 20), width=2),
                              symbol="o", symbolSize=6, symbolBrush=(230, 120, 20))
        # Diamonds at the steps whose model was saved (engine.snapshots): a click plays them back.
        # A data item (not a bare scatter) so that it follows the log scale and joins the legend.
        self._saved = self.plot(name=self.tr("saved model: click to read what it wrote"), pen=None, symbol="d",
                                symbolSize=DIAMOND_SIZE, symbolPen=pg.mkPen((40, 40, 40), width=1.2),
                                symbolBrush=(250, 200, 40))
        self._saved.setZValue(10)
        # The lowest validation loss: the checkpoint kept and used (engine.checkpoint.best_checkpoint).
        self._best = self.plot(name=self.tr("best model (kept and used)"), pen=None, symbol="star",
                               symbolSize=18, symbolPen=pg.mkPen((20, 90, 40), width=1),
                               symbolBrush=(60, 180, 90))
        self._best.setZValue(11)
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        for curve in (self._raw, self._smooth):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
        # Marks the step of the sample the user is looking at (the samples slider under the plot).
        # ignoreBounds: the marker never stretches the axes.
        self.marker = pg.InfiniteLine(angle=90, movable=False,
                                      pen=pg.mkPen((90, 90, 90), width=1, style=QtCore.Qt.PenStyle.DashLine))
        self.marker.setZValue(-10)
        self.marker.hide()
        item.addItem(self.marker, ignoreBounds=True)
        self._train, self._trend, self._eval = _Series(), _Series(), _Series()
        self._ema: float | None = None
        self._smoothing = 1 - 1 / 20
        self._dirty = False
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw)
        self._timer.start()

    def _add_legend_below(self, item: pg.PlotItem) -> None:
        """The key goes in a row of its own under the x axis, never over the curves: at the
        window's normal size a key inside the plot covered its right third. plot(name=...) fills
        it in (PlotItem.legend), and presentation mode enlarges it there."""
        legend = pg.LegendItem(frame=False, labelTextColor=(60, 60, 60))
        legend.setParentItem(item)
        item.layout.addItem(legend, LEGEND_ROW, 1)
        item.layout.setRowStretchFactor(LEGEND_ROW, 0)
        item.legend = legend

    def resizeEvent(self, event) -> None:
        self._fit_legend()  # first: the key's rows decide the height left for the curves
        self._keep_labels_whole()
        super().resizeEvent(event)

    def _keep_labels_whole(self) -> None:
        """The loss axis's label, whole. Drawn turned and centred on the view, its length is a
        height: the words and the memorising notice above the plot squeezed the view to 35
        pixels and it read "loss (lower is". Where the view is shorter than the long label, the
        axis says "loss" (the Log scale box beside says which scale); and the plot is never too
        short for that. The x axis and the key's rows (as many as the width needs: _fit_legend)
        take their room first."""
        item = self.getPlotItem()  # None while PlotWidget's constructor runs
        if item is None or item.legend is None:
            return
        _left, top, _right, bottom = item.layout.getContentsMargins()
        around = top + bottom + item.getAxis("bottom").minimumHeight() + item.legend.layout.preferredHeight()
        axis = item.getAxis("left")
        short = self.tr("loss", "the plot's y axis, where its long label does not fit")
        self.setMinimumHeight(math.ceil(around + self._label_length(axis, short)))
        full = self.tr("loss (log scale)") if self._log_scale else self.tr("loss (lower is better)")
        fits = self._label_length(axis, full) <= self.height() - around
        wanted = full if fits else short
        if axis.labelText != wanted:
            axis.setLabel(wanted)  # without style arguments: presentation mode's size stays

    @staticmethod
    def _label_length(axis: pg.AxisItem, text: str) -> float:
        """How long `text` is drawn as the axis's label, in its style (a bigger font in
        presentation mode), without the text item's margins."""
        probe = QtWidgets.QGraphicsTextItem()
        style = ";".join(f"{key}: {value}" for key, value in axis.labelStyle.items())
        probe.setHtml(f"<span style='{style}'>{html.escape(text)}</span>")  # as AxisItem.labelString
        probe.setFont(axis.label.font())
        return probe.boundingRect().width() - 2 * probe.document().documentMargin()

    def _fit_legend(self) -> None:
        """As many entries a row as the width holds (a wider key would widen the plot past the
        window's edge)."""
        item = self.getPlotItem()  # None while PlotWidget's constructor runs
        legend = item.legend if item is not None else None
        if legend is None or not legend.items:
            return
        # The text's own width (label.item): the label itself is as wide as the layout made it.
        entry = max(sample.boundingRect().width() + label.item.boundingRect().width() + LEGEND_GAP
                    for sample, label in legend.items)
        room = self.width() - item.getAxis("left").width() - LEGEND_GAP
        legend.setColumnCount(max(1, min(len(legend.items), int(room // entry))))

    # -- data ----------------------------------------------------------------------------------------

    def add_steps(self, steps, losses) -> None:
        if not len(steps):
            return
        losses = np.asarray(losses, dtype=float)
        trend = ema(losses, self._smoothing, self._ema)
        self._ema = float(trend[-1])
        self._train.extend(steps, losses)
        self._trend.extend(steps, trend)
        self._dirty = True

    def set_step_range(self, max_steps: int) -> None:
        """Fix the x axis to the whole run: the axis is not re-laid out on every redraw, and the
        user sees how far along the run is."""
        self.getPlotItem().setXRange(0, max(1, max_steps), padding=0.02)
        self.getPlotItem().enableAutoRange(axis="y")
        self._smoothing = smoothing_weight(max_steps)

    def add_eval(self, step: int, val_loss: float) -> None:
        self._eval.extend([step], [val_loss])
        self._dirty = True

    def set_history(self, history: LossHistory) -> None:
        """Show a saved run's curve."""
        self.clear_data()
        self.add_steps(history.steps, history.train_loss)
        for step, val in zip(history.eval_steps, history.eval_val, strict=True):
            self.add_eval(step, val)
        self._redraw()

    def truncate_after(self, step: int) -> None:
        """Drop points after `step` (a resumed run continues from its checkpoint, not from where
        the curve happened to end)."""
        for series in (self._train, self._trend, self._eval):
            x, _ = series.view()
            series.n = int(np.searchsorted(x, step, side="right"))
        self._ema = float(self._trend.y[self._trend.n - 1]) if self._trend.n else None
        self._dirty = True

    def clear_data(self) -> None:
        for series in (self._train, self._trend, self._eval):
            series.clear()
        self._ema = None
        self._dirty = True
        self._redraw()

    def point_counts(self) -> tuple[int, int]:
        return self._train.n, self._eval.n

    def data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Copies of what is drawn: (train steps, train losses, eval steps, validation losses)."""
        return (*(a.copy() for a in self._train.view()), *(a.copy() for a in self._eval.view()))

    def set_marker(self, step: int | None) -> None:
        """Show the marker at `step`, or hide it (None)."""
        if step is None:
            self.marker.hide()
        else:
            self.marker.setValue(step)
            self.marker.show()

    def set_saved_steps(self, steps, losses) -> None:
        """Show a diamond at each step with a saved model, at its loss (none: no diamonds)."""
        self._saved.setData(np.asarray(steps, dtype=float), np.asarray(losses, dtype=float))

    def saved_steps(self) -> list[int]:
        x = self._saved.xData
        return [] if x is None else [int(v) for v in x]

    @QtCore.Slot(object)
    def _on_scene_clicked(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton or event.double():
            return
        box = self.getPlotItem().vb
        if not box.sceneBoundingRect().contains(event.scenePos()):
            return
        # Half a diamond's width of slack: a click on the left of a diamond still means its step.
        slack = DIAMOND_SIZE / 2 * box.viewPixelSize()[0]
        self.step_clicked.emit(float(box.mapSceneToView(event.scenePos()).x()) + slack)

    def set_log_scale(self, on: bool) -> None:
        self._log_scale = on
        self.getPlotItem().setLogMode(y=on)
        self._keep_labels_whole()  # another label, another length

    # -- drawing ---------------------------------------------------------------------------------------

    @QtCore.Slot()
    def _redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self._raw.setData(*self._train.view())
        self._smooth.setData(*self._trend.view())
        self._val.setData(*self._eval.view())
        best = self.best_point()
        self._best.setData([] if best is None else [best[0]], [] if best is None else [best[1]])

    def best_point(self) -> tuple[float, float] | None:
        """(step, validation loss) of the lowest validation loss drawn, or None."""
        x, y = self._eval.view()
        finite = np.isfinite(y)
        if not finite.any():
            return None
        i = int(np.argmin(np.where(finite, y, np.inf)))
        return float(x[i]), float(y[i])
