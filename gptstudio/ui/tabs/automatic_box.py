"""The Automatic settings' part of the settings panel: the time the user gives training, and what
Automatic chose for it and why (engine/auto_settings.py), in words.

A view: the panel sets what to show (`show_choice`, `show_measuring`) and hears the budget chosen
(`budget_changed`). The choice itself is made off the GUI thread (ui/tabs/automatic_runs.py), since it
measures this computer's speed with real training steps.
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

from gptstudio.engine.auto_settings import BUDGET_MINUTES, DEFAULT_BUDGET_MINUTES
from gptstudio.ui.tabs.corpus_notes import BANNER_STYLE
from gptstudio.ui.widgets.text import localized


class AutomaticBox(QtWidgets.QWidget):
    budget_changed = QtCore.Signal(int)  # minutes

    def __init__(self, parent=None):
        super().__init__(parent)
        self.budget_buttons = QtWidgets.QButtonGroup(self)
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QtWidgets.QLabel(self.tr("Time to train:")))
        for minutes in BUDGET_MINUTES:
            button = QtWidgets.QRadioButton(self.tr("{minutes} min").format(minutes=minutes))
            button.setToolTip(self.tr("Choose the model and the number of steps so that training "
                                      "takes about {minutes} minutes on this computer.").format(
                minutes=minutes))
            self.budget_buttons.addButton(button, minutes)
            row.addWidget(button)
        row.addStretch(1)
        self.budget_buttons.button(DEFAULT_BUDGET_MINUTES).setChecked(True)
        self.budget_buttons.idClicked.connect(self.budget_changed)
        self.reasons = QtWidgets.QLabel(wordWrap=True)
        self.reasons.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.reasons.setToolTip(self.tr("What Automatic chose, and why. Change any setting to make "
                                        "it your own (the preset becomes Custom)."))
        self.small_text = QtWidgets.QLabel(wordWrap=True)
        self.small_text.setStyleSheet(BANNER_STYLE)
        self.small_text.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.reasons)
        layout.addWidget(self.small_text)

    def budget(self) -> int:
        return self.budget_buttons.checkedId()

    def set_budget(self, minutes: int) -> None:
        button = self.budget_buttons.button(minutes)
        if button is None:  # a budget from the command line (--minutes 10): offered as it is
            button = QtWidgets.QRadioButton(self.tr("{minutes} min").format(minutes=minutes))
            button.setEnabled(self.budget_buttons.buttons()[0].isEnabled())  # as its neighbours
            self.budget_buttons.addButton(button, minutes)
            row = self.layout().itemAt(0).layout()
            row.insertWidget(row.count() - 1, button)
        button.setChecked(True)

    def set_budget_enabled(self, enabled: bool) -> None:
        for button in self.budget_buttons.buttons():
            button.setEnabled(enabled)

    def show_measuring(self) -> None:
        self.reasons.setText(self.tr("Measuring this computer's speed to choose the settings…"))
        self.small_text.hide()  # a new choice brings its own

    def show_waiting(self, why: str) -> None:
        """No choice is shown: why (the settings shown stay as they were)."""
        self.reasons.setText(html.escape(why))
        self.small_text.hide()  # it was about the text a choice was made for

    def show_choice(self, choice) -> None:
        """choice: engine.auto_settings.AutoChoice."""
        items = "".join(f"<li>{html.escape(localized(reason))}</li>" for reason in choice.reasons)
        self.reasons.setText(self.tr("<b>Chosen for your text and this computer:</b>") +
                             f"<ul style='margin-left:-20px'>{items}</ul>")
        self.small_text.setText(localized(choice.small_text) if choice.small_text else "")
        self.small_text.setVisible(choice.small_text is not None)
