"""Small widgets shared by the tabs, so the same knob looks and reads the same everywhere."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import translate

FRAME_ALLOWANCE = 40  # pixels a window manager's title bar and frame take, about


def spin(low, high, value, step=1, decimals=None, tip=""):
    """An int spin box, or a float one with `decimals`, with its range, step and tooltip."""
    box = QtWidgets.QDoubleSpinBox() if decimals is not None else QtWidgets.QSpinBox()
    if decimals is not None:
        box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setToolTip(tip)
    box.setMinimumWidth(90)
    return box


class StepProgress(QtWidgets.QProgressBar):
    """A progress bar that reads "step 1,198 of 4,127": Qt's own %v and %m write numbers without
    the thousands separators every sentence around the bar has."""

    def text(self) -> str:
        if self.maximum() == self.minimum() == 0:  # busy (Qt's bar then writes nothing either)
            return ""
        return translate("TrainTab", "step {done:,} of {planned:,}").format(
            done=max(self.value(), self.minimum()), planned=self.maximum())


def add_labelled(row: QtWidgets.QHBoxLayout, pairs) -> None:
    """Add (label text, box) pairs to a row: each label names its box, shares its tooltip and
    focuses it (Alt+letter), then the row ends in a stretch."""
    for text, box in pairs:
        label = QtWidgets.QLabel(text)
        label.setToolTip(box.toolTip())
        label.setBuddy(box)
        row.addWidget(label)
        row.addWidget(box)
        row.addSpacing(12)
    row.addStretch(1)


def fit_to_screen(window: QtWidgets.QWidget, wanted: QtCore.QSize) -> None:
    """Give a top-level window the size it wants, or less where its screen is smaller (room left
    for the title bar and the frame), and centre it there: an 850-pixel window ran off a
    1,000-pixel screen under its panel."""
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QtGui.QGuiApplication.primaryScreen()
    room = screen.availableGeometry()
    size = QtCore.QSize(min(wanted.width(), room.width() - FRAME_ALLOWANCE),
                        min(wanted.height(), room.height() - 2 * FRAME_ALLOWANCE))
    window.resize(size)
    window.move(room.center() - QtCore.QPoint(size.width() // 2, size.height() // 2))


def plot_without_menus(plot) -> None:
    """Switch off pyqtgraph's right-click menus on a PlotWidget: they are in English only, and
    their Export… duplicates the app's own export (PNG, SVG, CSV)."""
    plot.getPlotItem().setMenuEnabled(False)
    scene = plot.scene()
    for action in scene.contextMenu:
        action.setParent(None)  # dropped with the list
    scene.contextMenu = []


def token_chance_chart(plot, label_width: int):
    """A PlotWidget set up for horizontal bars of next-token chances, one token per row, the
    likeliest on top (the Next token and One training step views); returns its PlotItem."""
    item = plot.getPlotItem()
    plot_without_menus(plot)
    item.setMouseEnabled(x=False, y=False)
    item.hideButtons()
    item.invertY(True)  # the likeliest token on top
    item.setLabel("bottom", translate("Charts", "chance of coming next"))
    for side in ("left", "bottom"):
        item.getAxis(side).setTextPen("k")
        item.getAxis(side).enableAutoSIPrefix(False)  # no "(x0.001)" after the label
    font = QtGui.QFont()
    font.setPointSize(11)
    item.getAxis("left").setStyle(tickFont=font, tickLength=0)
    item.getAxis("left").setWidth(label_width)
    return item
