"""View ▸ Language: follow the system, or pick English or Simplified Chinese.

The choice is kept in the app's settings and applies from the next start (the widgets keep the text
they were built with); the menu offers to restart now. Each language is listed in its own script,
so a user stuck in a language they cannot read still finds theirs.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui import i18n
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP
from gptstudio.ui.widgets import dialogs


class LanguageMenu(QtCore.QObject):
    """The submenu and the choice behind it. running: the language the interface is in now."""

    restart_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget, settings: QtCore.QSettings, running: str):
        super().__init__(parent)
        self.settings = settings
        self.running = running
        self.menu = QtWidgets.QMenu(self.tr("&Language"), parent)
        self.menu.setToolTipsVisible(True)
        group = QtGui.QActionGroup(self)
        group.setExclusive(True)
        system_name = i18n.LANGUAGES[i18n.system_language()]
        self.actions: dict[str, QtGui.QAction] = {}
        follow = self.menu.addAction(self.tr("Follow the system ({language})").format(
            language=system_name))
        follow.setToolTip(self.tr("Use the language the computer is set to, when GPT Studio has it; "
                                  "English otherwise."))
        self.actions[""] = follow
        self.menu.addSeparator()
        for code, name in i18n.LANGUAGES.items():
            self.actions[code] = self.menu.addAction(name)
        chosen = i18n.chosen_language(settings)
        for code, action in self.actions.items():
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.setData(code)
            group.addAction(action)
        group.triggered.connect(self._on_chosen)

    @QtCore.Slot(QtGui.QAction)
    def _on_chosen(self, action: QtGui.QAction) -> None:
        code = str(action.data() or "")
        self.settings.setValue(i18n.SETTING, code)
        self.settings.sync()
        wanted = code or i18n.system_language()
        if wanted == self.running:
            return
        name = i18n.LANGUAGES[wanted]
        question = QT_TRANSLATE_NOOP("LanguageMenu", "GPT Studio will be in {language} from its "
                                                     "next start. Restart it now? Your work is "
                                                     "saved first.")
        yes, no = (QT_TRANSLATE_NOOP("LanguageMenu", "Restart now"),
                   QT_TRANSLATE_NOOP("LanguageMenu", "Later"))

        def both(text: str) -> str:
            """In the language running now and in the one chosen: whoever switches can read it."""
            now, then = i18n.translate("LanguageMenu", text), i18n.translate_into(wanted, "LanguageMenu", text)
            return now if now == then else f"{now} / {then}"

        text = i18n.translate("LanguageMenu", question).format(language=name)
        chosen = i18n.translate_into(wanted, "LanguageMenu", question).format(language=name)
        if chosen != text:
            text += "\n\n" + chosen
        if dialogs.confirm(self.parent(), both(QT_TRANSLATE_NOOP("LanguageMenu", "Language")), text,
                           yes=both(yes), no=both(no)):
            self.restart_requested.emit()
