"""Presentation mode: full screen, large fonts and a clean layout for a projector, and back exactly
as it was.

Switching on records what it changes (the window's state, the application font, fonts set on
single widgets, toolbar icon sizes, the pens and tick fonts of pyqtgraph plots, the status bar, the
actions that Esc belonged to), then fills the screen and enlarges them; switching off puts every
recorded value back. Widgets that inherit the application font follow it without being touched.
While it is on, Esc leaves it, as it leaves every full-screen view; the window's own Esc (Stop)
waits until then, and Stop stays on the toolbar.
"""

from __future__ import annotations

import gc
import re

import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

SCALE = 1.5  # fonts and icons; readable from the back of a classroom
LINE_SCALE = 2.0  # plot lines: thin lines vanish on a projector
SETTINGS_KEY = "presentation_mode"
ESCAPE = "Esc"


def scaled_font(font: QtGui.QFont, scale: float) -> QtGui.QFont:
    big = QtGui.QFont(font)
    if font.pointSizeF() > 0:
        big.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:
        big.setPixelSize(round(font.pixelSize() * scale))
    return big


class PresentationMode(QtCore.QObject):
    """A checkable action (View ▸ Presentation mode, F11 or Ctrl+Shift+P) and what it switches.

    settings: the QSettings that remember the choice between sessions (None: not remembered).
    """

    toggled = QtCore.Signal(bool)

    def __init__(self, window: QtWidgets.QMainWindow, settings: QtCore.QSettings | None = None,
                 scale: float = SCALE, hide_status_bar: bool = True):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.scale = scale
        self.hide_status_bar = hide_status_bar
        self._saved: dict | None = None  # what was there before; None while off
        self.action = QtGui.QAction(self.tr("&Presentation mode"), window)
        self.action.setCheckable(True)
        self.action.setShortcuts([QtGui.QKeySequence("F11"), QtGui.QKeySequence("Ctrl+Shift+P")])
        self.action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        tip = self.tr("Full screen with large fonts and a clean layout for a projector (F11 or Esc "
                      "switches back).")
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.toggled.connect(self._on_toggled)
        window.addAction(self.action)
        # Esc leaves; enabled only while presentation mode is on, so it takes Esc from no one else.
        self.leave_action = QtGui.QAction(self.tr("Leave presentation mode"), window)
        self.leave_action.setShortcut(QtGui.QKeySequence(ESCAPE))
        self.leave_action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        self.leave_action.setEnabled(False)
        self.leave_action.triggered.connect(self._leave)
        window.addAction(self.leave_action)

    @property
    def active(self) -> bool:
        return self._saved is not None

    def restore_from_settings(self) -> None:
        if self.settings is not None and self.settings.value(SETTINGS_KEY, False, type=bool):
            self.set_active(True)

    def set_active(self, on: bool, remember: bool = True) -> None:
        if on != self.active:
            self._switch_on() if on else self._switch_off()
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # calls back into _on_toggled, which finds nothing to do
        if remember and self.settings is not None:
            self.settings.setValue(SETTINGS_KEY, on)
        self.toggled.emit(on)

    def shutdown(self) -> None:
        """Put the application back (the window is closing) but remember the choice for next time."""
        self.set_active(False, remember=False)

    @QtCore.Slot(bool)
    def _on_toggled(self, on: bool) -> None:
        if on != self.active:
            self.set_active(on)

    @QtCore.Slot()
    def _leave(self) -> None:
        self.set_active(False)

    # -- the switch ----------------------------------------------------------------------------------

    def _switch_on(self) -> None:
        app = QtWidgets.QApplication.instance()
        widgets = [w for w in _application_widgets()
                   if w.testAttribute(QtCore.Qt.WidgetAttribute.WA_SetFont)]
        # Read every font before the application font changes: a widget's own font may leave its
        # size to the application font, and would then be scaled twice.
        saved = {
            "app_font": QtGui.QFont(app.font()),
            "style_sheet": app.styleSheet(),
            "widget_fonts": [(w, QtGui.QFont(w.font())) for w in widgets],
            "icon_sizes": [(bar, bar.iconSize())
                           for bar in self.window.findChildren(QtWidgets.QToolBar)],
            "status_bar": None,
            "plots": [],
            "window_state": self.window.windowState(),
            "escape_actions": [(a, a.shortcuts()) for a in self.window.actions()
                               if a is not self.leave_action and _has_escape(a)],
        }
        big = scaled_font(saved["app_font"], self.scale)
        app.setFont(big)
        if saved["style_sheet"]:
            # Under a style sheet QApplication.setFont reaches few widgets (Qt's documented
            # caveat): a font size for every widget in the sheet does. More specific rules (the
            # welcome title) keep their own size.
            size = f"{big.pointSizeF():.1f}pt" if big.pointSizeF() > 0 else f"{big.pixelSize()}px"
            app.setStyleSheet(f"{saved['style_sheet']}\n* {{ font-size: {size}; }}\n")
        for widget, font in saved["widget_fonts"]:
            widget.setFont(scaled_font(font, self.scale))
        for bar, size in saved["icon_sizes"]:
            bar.setIconSize(size * self.scale)
        status = self.window.statusBar() if self.hide_status_bar else None
        if status is not None:
            saved["status_bar"] = (status, status.isVisibleTo(self.window))
            status.hide()
        for plot in (w for w in _application_widgets() if isinstance(w, pg.PlotWidget)):
            saved["plots"].append(self._enlarge_plot(plot, saved["app_font"]))
        for action, shortcuts in saved["escape_actions"]:
            action.setShortcuts([k for k in shortcuts if k != QtGui.QKeySequence(ESCAPE)])
        self.leave_action.setEnabled(True)
        self.window.setWindowState(saved["window_state"] | QtCore.Qt.WindowState.WindowFullScreen)
        self._saved = saved

    def _switch_off(self) -> None:
        saved, self._saved = self._saved, None
        self.window.setWindowState(saved["window_state"])
        self.leave_action.setEnabled(False)
        for action, shortcuts in saved["escape_actions"]:
            if shiboken6.isValid(action):
                action.setShortcuts(shortcuts)
        for state in saved["plots"]:
            _restore_plot(state)
        if saved["status_bar"] is not None:
            status, visible = saved["status_bar"]
            if shiboken6.isValid(status):
                status.setVisible(visible)
        for bar, size in saved["icon_sizes"]:
            if shiboken6.isValid(bar):
                bar.setIconSize(size)
        for widget, font in saved["widget_fonts"]:
            if shiboken6.isValid(widget):
                widget.setFont(font)
        app = QtWidgets.QApplication.instance()
        app.setFont(saved["app_font"])
        if saved["style_sheet"]:  # after the font: the other order leaves widgets at the big size
            app.setStyleSheet(saved["style_sheet"])

    def _enlarge_plot(self, plot: pg.PlotWidget, app_font: QtGui.QFont) -> dict:
        """app_font: the application font as it was before presentation mode."""
        item = plot.getPlotItem()
        state = {"plot": plot, "axes": [], "pens": [], "legend": None}
        for name in ("left", "bottom", "right", "top"):
            axis = item.getAxis(name)
            state["axes"].append((axis, axis.style["tickFont"], dict(axis.labelStyle)))
            big = scaled_font(axis.style["tickFont"] or app_font, self.scale)
            axis.setTickFont(big)
            style = dict(axis.labelStyle)
            style["font-size"] = f"{big.pointSizeF():.1f}pt" if big.pointSizeF() > 0 else f"{big.pixelSize()}px"
            _set_label_style(axis, style)
        for data in item.listDataItems():
            if not isinstance(data, pg.PlotDataItem):  # bars, images: left as they are
                continue
            pen, symbol_size = data.opts.get("pen"), data.opts.get("symbolSize")
            state["pens"].append((data, pen, symbol_size))
            if pen is not None:
                wide = pg.mkPen(pen)
                wide.setWidthF(max(1.0, wide.widthF()) * LINE_SCALE)
                data.setPen(wide)
            if data.opts.get("symbol") is not None and symbol_size:
                data.setSymbolSize(symbol_size * self.scale)
        legend = item.legend
        if legend is not None:
            text_size = legend.opts.get("labelTextSize", "9pt")
            state["legend"] = (legend, text_size)
            match = re.fullmatch(r"\s*([\d.]+)\s*pt\s*", str(text_size))
            points = float(match.group(1)) if match else 9.0  # pyqtgraph's default
            _set_legend_size(legend, f"{points * self.scale:.1f}pt")
            plot.resizeEvent(None)  # a key laid out under the plot (LossPlot) fits its rows again
        return state


def _set_label_style(axis: pg.AxisItem, style: dict) -> None:
    axis.labelStyle = style
    # setLabel re-renders the label and makes room for it; without keyword arguments it keeps
    # labelStyle, and with the text and units it had it changes nothing else.
    axis.setLabel(axis.labelText or None, axis.labelUnits or None, axis.labelUnitPrefix or None)
    if not axis.labelText and not axis.labelUnits:
        axis.showLabel(False)


def _has_escape(action: QtGui.QAction) -> bool:
    return QtGui.QKeySequence(ESCAPE) in action.shortcuts()


def _set_legend_size(legend: pg.LegendItem, size: str) -> None:
    legend.setLabelTextSize(size)
    for _sample, label in legend.items:
        label.setText(label.text)  # setAttr alone does not re-render the text
    legend.updateSize()


def _restore_plot(state: dict) -> None:
    if not shiboken6.isValid(state["plot"]):
        return
    for axis, tick_font, label_style in state["axes"]:
        axis.setTickFont(tick_font)
        _set_label_style(axis, label_style)
    for data, pen, symbol_size in state["pens"]:
        if pen is not None:
            data.setPen(pen)
        if data.opts.get("symbol") is not None and symbol_size:
            data.setSymbolSize(symbol_size)
    if state["legend"] is not None:
        legend, size = state["legend"]
        _set_legend_size(legend, size)
        state["plot"].resizeEvent(None)


def _application_widgets() -> list[QtWidgets.QWidget]:
    """Every widget alive now, each safe to use. allWidgets() hands out plain pointers: if Python's
    garbage collector ran while they are walked, a closed window held only by an unreachable Python
    object would be deleted with its children, and reading one of those children would crash. So
    collect first and let no collection run until the list holds its own references."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [w for w in QtWidgets.QApplication.allWidgets() if shiboken6.isValid(w)]
    finally:
        if was_enabled:
            gc.enable()
