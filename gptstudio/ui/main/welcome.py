"""The first thing a new user sees: start from a demo, from their own text, or reopen a project."""

from __future__ import annotations

import html
from collections import Counter

from PySide6 import QtCore, QtWidgets

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.widgets.text import localized

# File ▸ New project… on this page: the hint above the ways to start (the message bar may hold
# the one-time offer of a menu entry, which a message there would replace).
HINT_STYLE = ("QLabel { background: #e8f1fd; color: #1f4f99; border: 1px solid #1f4f99; "
              "border-radius: 4px; padding: 6px 8px; }")

INTRO = QT_TRANSLATE_NOOP(
    "WelcomeView",
    "GPT Studio teaches a small GPT language model to write like the text you give it. "
    "Pick some text, press Train and watch it learn, then let it write.")


def created_message(demo) -> str:
    """What the main window says once a project made from `demo` exists."""
    look_for = translate("Demos", demo.look_for)
    if demo.prompt and demo.mode == "chat":
        return translate("Demos", "Press Train (F5). What to look for: {look_for} Then ask "
                                  "“{prompt}” on the Chat tab.").format(
            look_for=look_for, prompt=demo.prompt)
    if demo.prompt:
        return translate("Demos", "Press Train (F5). What to look for: {look_for} Then try the "
                                  "prompt “{prompt}” on the Generate tab.").format(
            look_for=look_for, prompt=demo.prompt)
    return translate("Demos", "Press Train (F5). What to look for: {look_for}").format(
        look_for=look_for)


class WelcomeView(QtWidgets.QWidget):
    demo_chosen = QtCore.Signal(str)  # demo key
    file_requested = QtCore.Signal()
    open_requested = QtCore.Signal(str)  # project name
    import_requested = QtCore.Signal()
    pretrained_requested = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        from gptstudio.demos import DEMOS

        title = QtWidgets.QLabel(self.tr("Welcome to GPT Studio"))
        title.setObjectName("welcomeTitle")
        intro = QtWidgets.QLabel(translate("WelcomeView", INTRO))
        intro.setWordWrap(True)

        demos = QtWidgets.QGroupBox(
            self.tr("Start from a demo (each shows something within minutes)"))
        demo_layout = QtWidgets.QVBoxLayout(demos)
        self.demo_buttons: dict[str, QtWidgets.QPushButton] = {}
        self.demo_look_for: dict[str, QtWidgets.QLabel] = {}
        for demo in DEMOS:
            demo_layout.addWidget(self._demo_card(demo))

        own, pretrained = self._build_own_text(), self._build_pretrained()
        recent = self._build_recent()
        self.new_hint = QtWidgets.QLabel(self.tr(
            "To start a new project, choose one of the ways below: a demo, a text file of your own "
            "or a pretrained model. Each makes a project and opens it."))
        self.new_hint.setWordWrap(True)
        self.new_hint.setStyleSheet(HINT_STYLE)
        self.new_hint.hide()

        columns = QtWidgets.QHBoxLayout()
        left = QtWidgets.QVBoxLayout()
        left.addWidget(demos)
        left.addWidget(own)
        left.addWidget(pretrained)
        left.addStretch(1)
        columns.addLayout(left, 3)
        columns.addWidget(recent, 2)
        inner = QtWidgets.QVBoxLayout(self)
        inner.setContentsMargins(40, 30, 40, 30)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addSpacing(12)
        inner.addWidget(self.new_hint)
        inner.addLayout(columns, 1)

    def show_start_choices(self) -> None:
        """New project, asked for on this page: the ways to start come into view with a hint, and
        the first demo's Start has the focus (Enter starts it). The sections are no numbered steps:
        they are choices (numbered, they read 1, 4, 2, 3 down the two columns)."""
        self.new_hint.show()
        self.scroll_to_top()
        next(iter(self.demo_buttons.values())).setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def scroll_to_top(self) -> None:
        """The page from its top: left scrolled down (to a demo's Start), it came back there after
        Close project, and "Or continue a project" looked empty."""
        scroll = self.parent().parent() if self.parent() is not None else None
        if isinstance(scroll, QtWidgets.QScrollArea):
            scroll.verticalScrollBar().setValue(0)

    def hide_start_choices(self) -> None:
        self.new_hint.hide()

    def _build_own_text(self) -> QtWidgets.QGroupBox:
        own = QtWidgets.QGroupBox(self.tr("Or start from your own text"))
        own_layout = QtWidgets.QVBoxLayout(own)
        own_label = QtWidgets.QLabel(self.tr("Any plain text file works: stories, poems, recipes, "
                                             "song lyrics, a list of names. A few hundred "
                                             "kilobytes is plenty."))
        own_label.setWordWrap(True)
        self.file_button = QtWidgets.QPushButton(self.tr("Choose a text file…"))
        self.file_button.setToolTip(self.tr("Create a project from a .txt or .md file on this computer."))
        self.file_button.clicked.connect(self.file_requested)
        own_layout.addWidget(own_label)
        own_layout.addWidget(self.file_button)
        return own

    def _build_pretrained(self) -> QtWidgets.QGroupBox:
        pretrained = QtWidgets.QGroupBox(self.tr("Or start from a pretrained model"))
        pretrained_layout = QtWidgets.QVBoxLayout(pretrained)
        pretrained_label = QtWidgets.QLabel(self.tr(
            "GPT-2 and its Chinese cousins have already read a great deal: fine-tuned on your text, "
            "they write far better than a model that starts from nothing. Downloaded once, by name."))
        pretrained_label.setWordWrap(True)
        self.pretrained_button = QtWidgets.QPushButton(self.tr("Start from a pretrained model…"))
        self.pretrained_button.setToolTip(self.tr(
            "Choose GPT-2 or another pretrained model, download it and fine-tune it on your text."))
        self.pretrained_button.clicked.connect(self.pretrained_requested)
        pretrained_layout.addWidget(pretrained_label)
        pretrained_layout.addWidget(self.pretrained_button)
        return pretrained

    def _build_recent(self) -> QtWidgets.QGroupBox:
        """The list of projects, with Open and Import."""
        recent = QtWidgets.QGroupBox(self.tr("Or continue a project"))
        recent_layout = QtWidgets.QVBoxLayout(recent)
        self.projects = QtWidgets.QListWidget()
        self.projects.setToolTip(self.tr("Your projects, most recent first. Double-click one to open "
                                         "it."))
        self.projects.itemActivated.connect(self._open_item)
        self.open_button = QtWidgets.QPushButton(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Open the selected project."))
        self.open_button.clicked.connect(self._open_selected)
        self.import_button = QtWidgets.QPushButton(self.tr("Import a project file…"))
        self.import_button.setToolTip(self.tr("Open a project someone exported to a .zip file."))
        self.import_button.clicked.connect(self.import_requested)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.no_projects = QtWidgets.QLabel(self.tr("No projects yet. Start one from a demo text or "
                                                    "your own file: it will be listed here."))
        self.no_projects.setWordWrap(True)
        recent_layout.addWidget(self.no_projects)
        recent_layout.addWidget(self.projects)
        recent_layout.addLayout(row)
        return recent

    def _demo_card(self, demo) -> QtWidgets.QFrame:
        """Title, what the text is, what to look for while it trains, and a Start button. Labels
        wrap (a button's text does not), so a card never grows wider than the column."""
        card = QtWidgets.QFrame()
        card.setObjectName("demoCard")
        card.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        demo_title = translate("Demos", demo.title)
        title = QtWidgets.QLabel(f"<b>{html.escape(demo_title)}</b>")
        title.setObjectName("demoTitle")
        about = QtWidgets.QLabel(translate("Demos", demo.description))
        about.setWordWrap(True)
        about.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        look_for = QtWidgets.QLabel(self.tr("<i>What to look for:</i> {look_for}").format(
            look_for=html.escape(translate("Demos", demo.look_for))))
        look_for.setObjectName("demoLookFor")
        look_for.setWordWrap(True)
        button = QtWidgets.QPushButton(self.tr("Start", "button: create a project from this demo"))
        button.setObjectName("demoButton")
        button.setAccessibleName(self.tr("Start the demo {title}").format(title=demo_title))
        button.setToolTip(self.tr("Create a project from the demo text “{title}” with settings "
                                  "that show a result within a few minutes.").format(
            title=demo_title))
        button.clicked.connect(lambda _=False, key=demo.key: self.demo_chosen.emit(key))
        text = QtWidgets.QVBoxLayout()
        text.setSpacing(2)
        for label in (title, about, look_for):
            text.addWidget(label)
        row = QtWidgets.QHBoxLayout(card)
        row.setContentsMargins(10, 6, 10, 6)
        row.addLayout(text, 1)
        row.addWidget(button, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.demo_buttons[demo.key] = button
        self.demo_look_for[demo.key] = look_for
        return card

    def set_projects(self, infos) -> None:
        """ProjectInfo list; damaged ones are shown with their reason and cannot be opened."""
        self.projects.clear()
        names = Counter(info.name.casefold() for info in infos)
        for info in sorted(infos, key=lambda i: i.modified, reverse=True):
            if not info.ok:
                text = self.tr("{name}  —  damaged: {error}").format(name=info.name,
                                                                    error=localized(info.error))
            elif info.trained:
                text = self.tr("{name}  —  trained").format(name=info.name)
            else:
                text = self.tr("{name}  —  not trained yet").format(name=info.name)
            item = QtWidgets.QListWidgetItem(text)
            # Projects that share a name (copied in by hand) are opened by their folders' names.
            shared = names[info.name.casefold()] > 1
            item.setData(QtCore.Qt.ItemDataRole.UserRole, info.path.name if shared else info.name)
            if not info.ok:
                item.setFlags(item.flags() & ~QtCore.Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(localized(info.error or ""))
            self.projects.addItem(item)
        self.open_button.setEnabled(self.projects.count() > 0)
        self.no_projects.setVisible(self.projects.count() == 0)

    def _open_item(self, item: QtWidgets.QListWidgetItem) -> None:
        self.open_requested.emit(item.data(QtCore.Qt.ItemDataRole.UserRole))

    def _open_selected(self) -> None:
        item = self.projects.currentItem() or self.projects.item(0)
        if item is not None and item.flags() & QtCore.Qt.ItemFlag.ItemIsEnabled:
            self._open_item(item)
