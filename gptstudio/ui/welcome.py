"""The first thing a new user sees: start from a demo, from their own text, or reopen a project."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

INTRO = (
    "GPT Studio teaches a small GPT language model to write like the text you give it. "
    "Pick some text, press Train and watch it learn, then let it write."
)


class WelcomeView(QtWidgets.QWidget):
    demo_chosen = QtCore.Signal(str)  # demo key
    file_requested = QtCore.Signal()
    open_requested = QtCore.Signal(str)  # project name
    import_requested = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        from gptstudio.demos import DEMOS

        title = QtWidgets.QLabel("Welcome to GPT Studio")
        title.setObjectName("welcomeTitle")
        intro = QtWidgets.QLabel(INTRO)
        intro.setWordWrap(True)

        demos = QtWidgets.QGroupBox("1. Start from a demo text")
        demo_layout = QtWidgets.QVBoxLayout(demos)
        self.demo_buttons: dict[str, QtWidgets.QPushButton] = {}
        for demo in DEMOS:
            button = QtWidgets.QPushButton(f"{demo.title}\n{demo.description}")
            button.setObjectName("demoButton")
            button.setToolTip(f"Create a project from the demo text “{demo.title}”.")
            button.clicked.connect(lambda _=False, key=demo.key: self.demo_chosen.emit(key))
            demo_layout.addWidget(button)
            self.demo_buttons[demo.key] = button

        own = QtWidgets.QGroupBox("2. Or start from your own text")
        own_layout = QtWidgets.QVBoxLayout(own)
        own_label = QtWidgets.QLabel("Any plain text file works: stories, poems, recipes, song "
                                     "lyrics, a list of names. A few hundred kilobytes is plenty.")
        own_label.setWordWrap(True)
        self.file_button = QtWidgets.QPushButton("Choose a text file…")
        self.file_button.setToolTip("Create a project from a .txt or .md file on this computer.")
        self.file_button.clicked.connect(self.file_requested)
        own_layout.addWidget(own_label)
        own_layout.addWidget(self.file_button)

        recent = QtWidgets.QGroupBox("3. Or continue a project")
        recent_layout = QtWidgets.QVBoxLayout(recent)
        self.projects = QtWidgets.QListWidget()
        self.projects.setToolTip("Your projects, most recent first. Double-click one to open it.")
        self.projects.itemActivated.connect(self._open_item)
        self.open_button = QtWidgets.QPushButton("Open")
        self.open_button.setToolTip("Open the selected project.")
        self.open_button.clicked.connect(self._open_selected)
        self.import_button = QtWidgets.QPushButton("Import a project file…")
        self.import_button.setToolTip("Open a project someone exported to a .zip file.")
        self.import_button.clicked.connect(self.import_requested)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.no_projects = QtWidgets.QLabel("No projects yet. Start one from a demo text or your "
                                            "own file: it will be listed here.")
        self.no_projects.setWordWrap(True)
        recent_layout.addWidget(self.no_projects)
        recent_layout.addWidget(self.projects)
        recent_layout.addLayout(row)

        columns = QtWidgets.QHBoxLayout()
        left = QtWidgets.QVBoxLayout()
        left.addWidget(demos)
        left.addWidget(own)
        left.addStretch(1)
        columns.addLayout(left, 3)
        columns.addWidget(recent, 2)
        inner = QtWidgets.QVBoxLayout(self)
        inner.setContentsMargins(40, 30, 40, 30)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addSpacing(12)
        inner.addLayout(columns, 1)

    def set_projects(self, infos) -> None:
        """ProjectInfo list; damaged ones are shown with their reason and cannot be opened."""
        self.projects.clear()
        for info in sorted(infos, key=lambda i: i.modified, reverse=True):
            state = "trained" if info.trained else "not trained yet"
            text = f"{info.name}  —  {state}" if info.ok else f"{info.name}  —  damaged: {info.error}"
            item = QtWidgets.QListWidgetItem(text)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, info.name)
            if not info.ok:
                item.setFlags(item.flags() & ~QtCore.Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(info.error or "")
            self.projects.addItem(item)
        self.open_button.setEnabled(self.projects.count() > 0)
        self.no_projects.setVisible(self.projects.count() == 0)

    def _open_item(self, item: QtWidgets.QListWidgetItem) -> None:
        self.open_requested.emit(item.data(QtCore.Qt.ItemDataRole.UserRole))

    def _open_selected(self) -> None:
        item = self.projects.currentItem() or self.projects.item(0)
        if item is not None and item.flags() & QtCore.Qt.ItemFlag.ItemIsEnabled:
            self._open_item(item)
