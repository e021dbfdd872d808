"""The welcome view's demo cards, and presentation mode switching the whole app and back exactly."""

from __future__ import annotations

import html

import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.demos import DEMOS
from gptstudio.ui.main.presentation import SETTINGS_KEY, PresentationMode
from gptstudio.ui.main.welcome import WelcomeView


@pytest.fixture
def welcome(qtbot):
    view = WelcomeView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def test_every_demo_card_shows_what_to_look_for(welcome):
    for demo in DEMOS:
        label = welcome.demo_look_for[demo.key]
        assert label.isVisible()  # on the card, not only in a tooltip
        assert html.escape(demo.look_for) in label.text()
        assert label.wordWrap()


def test_a_card_fits_a_narrow_column(welcome):
    # Labels wrap, so a card asks for little width and never pushes the column wider.
    for demo in DEMOS:
        card = welcome.demo_buttons[demo.key].parentWidget()
        assert card.minimumSizeHint().width() < 450


def test_start_emits_the_demo_key(qtbot, welcome):
    with qtbot.waitSignal(welcome.demo_chosen) as signal:
        welcome.demo_buttons["names"].click()
    assert signal.args == ["names"]


# -- presentation mode ------------------------------------------------------------------------------


@pytest.fixture
def presentation(qtbot):
    """A bare main window with a toolbar, a status bar, a plot with a legend and a widget with a
    font of its own; presentation mode is switched off afterwards whatever the test did."""
    window = QtWidgets.QMainWindow()
    qtbot.addWidget(window)
    toolbar = window.addToolBar("Main")
    toolbar.addAction("Train")
    window.statusBar().showMessage("Ready")
    central = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(central)
    window.plot = pg.PlotWidget()
    window.plot.addLegend()
    window.line = window.plot.plot([0, 1, 2], [3, 1, 2], pen=pg.mkPen("b", width=2), name="loss")
    window.plot.getPlotItem().setLabel("bottom", "training step")
    window.editor = QtWidgets.QPlainTextEdit()
    window.editor.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
    window.label = QtWidgets.QLabel("inherits the application font")
    for widget in (window.plot, window.editor, window.label):
        layout.addWidget(widget)
    window.setCentralWidget(central)
    window.show()
    mode = PresentationMode(window)
    yield window, mode
    mode.set_active(False)


def _point_size(font: QtGui.QFont) -> float:
    return font.pointSizeF() if font.pointSizeF() > 0 else float(font.pixelSize())


def test_presentation_mode_enlarges_the_app_and_restores_it_exactly(presentation):
    window, mode = presentation
    app = QtWidgets.QApplication.instance()
    app_font, editor_font = QtGui.QFont(app.font()), QtGui.QFont(window.editor.font())
    toolbar = window.findChild(QtWidgets.QToolBar)
    icons = toolbar.iconSize()

    mode.action.trigger()  # what the View menu and F11 do
    QtWidgets.QApplication.processEvents()  # widgets hear of the new application font
    assert mode.active and mode.action.isChecked()
    assert _point_size(app.font()) == pytest.approx(_point_size(app_font) * 1.5, abs=0.6)
    assert _point_size(window.label.font()) > _point_size(app_font)  # inherited
    assert _point_size(window.editor.font()) > _point_size(editor_font)  # its own font, scaled too
    assert window.editor.font().family() == editor_font.family()
    assert toolbar.iconSize().width() > icons.width()
    assert window.statusBar().isHidden()

    mode.action.trigger()
    QtWidgets.QApplication.processEvents()
    assert not mode.active and not mode.action.isChecked()
    assert app.font() == app_font
    assert window.editor.font() == editor_font
    assert window.label.font() == app_font
    assert toolbar.iconSize() == icons
    assert not window.statusBar().isHidden()


def test_a_plot_gets_bigger_fonts_and_thicker_lines_and_then_its_own_back(presentation):
    window, mode = presentation
    axis = window.plot.getPlotItem().getAxis("bottom")
    legend = window.plot.getPlotItem().legend
    tick_font, label_style = axis.style["tickFont"], dict(axis.labelStyle)
    pen, legend_size = window.line.opts["pen"], legend.opts["labelTextSize"]
    app_size = _point_size(QtWidgets.QApplication.instance().font())

    mode.set_active(True)
    assert _point_size(axis.style["tickFont"]) > app_size
    assert "font-size" in axis.labelStyle and axis.labelText == "training step"
    assert pg.mkPen(window.line.opts["pen"]).widthF() > pg.mkPen(pen).widthF()
    assert legend.opts["labelTextSize"] != legend_size

    mode.set_active(False)
    assert axis.style["tickFont"] == tick_font and axis.labelStyle == label_style
    assert axis.labelText == "training step"
    assert window.line.opts["pen"] == pen and legend.opts["labelTextSize"] == legend_size


def test_the_choice_is_remembered_in_settings(qtbot, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    window = QtWidgets.QMainWindow()
    qtbot.addWidget(window)
    mode = PresentationMode(window, settings)
    mode.set_active(True)
    assert settings.value(SETTINGS_KEY, type=bool) is True
    mode.shutdown()  # the window closes: the app is put back, the choice kept for next time
    assert not mode.active and settings.value(SETTINGS_KEY, type=bool) is True

    again = PresentationMode(window, settings)
    again.restore_from_settings()
    assert again.active
    again.set_active(False)
    assert settings.value(SETTINGS_KEY, type=bool) is False


def test_a_project_window_in_presentation_mode(make_window):
    """The real window: its Train tab plot and every tab follow, and switching back restores."""
    window = make_window(load_torch=False)
    window.project_actions.create_from_demo("addition")
    app = QtWidgets.QApplication.instance()
    before = QtGui.QFont(app.font())
    mode = PresentationMode(window)
    try:
        mode.set_active(True)
        QtWidgets.QApplication.processEvents()
        plot_axis = window.train_tab.plot.getPlotItem().getAxis("left")
        assert _point_size(plot_axis.style["tickFont"]) > _point_size(before)
        assert _point_size(window.tabs.tabBar().font()) > _point_size(before)
    finally:
        mode.set_active(False)
    assert app.font() == before


def test_under_a_style_sheet_fonts_grow_too_and_the_sheet_comes_back(presentation):
    # Qt's caveat: with an application style sheet QApplication.setFont alone changes little.
    window, mode = presentation
    app = QtWidgets.QApplication.instance()
    sheet = "QLabel#title { font-size: 22pt; }"
    app.setStyleSheet(sheet)
    try:
        QtWidgets.QApplication.processEvents()
        before = _point_size(window.label.font())
        mode.set_active(True)
        QtWidgets.QApplication.processEvents()
        assert _point_size(window.label.font()) > before
        mode.set_active(False)
        QtWidgets.QApplication.processEvents()
        assert app.styleSheet() == sheet
        assert _point_size(window.label.font()) == before
    finally:
        app.setStyleSheet("")
