"""Screenshots of what a new user met in an afternoon (issue 21), under a real window manager.

    Xvfb :94 -screen 0 1400x1000x24 &  DISPLAY=:94 openbox &
    DISPLAY=:94 python -m bench.screenshots_new_user                     # docs/screenshots/new-user/
    DISPLAY=:94 python -m bench.screenshots_new_user --language zh_CN    # .../zh_CN/new-user/

The window manager matters here: it draws the dialogs' titles (cut short when a dialog is narrow),
places windows on a screen of a given size, and makes presentation mode full screen; those shots
are of the whole screen (ImageMagick's `import -window root`). A temporary GPTSTUDIO_HOME and HOME
are used (the file dialog opens in that HOME's Documents); the user's files are not touched.

English: the "Sentences about programming" demo. Chinese: a collection of 100 Song-dynasty poems
(../shared/data/song100-raw.txt, its ANSI colour codes cleaned as the Corpus tab offers), the poem
collection of the issue, whose ~1,700 different characters made the embedding map one blob.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
POEMS = ROOT.parent / "shared" / "data" / "song100-raw.txt"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--language", default="en", choices=("en", "zh_CN"))
    parser.add_argument("--poems", type=Path, default=POEMS)
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        raise SystemExit("needs an X display with a window manager (see the docstring)")
    out = (OUT if args.language == "en" else OUT / args.language) / "new-user"
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="gptstudio-newuser-"))
    (home / "Documents").mkdir()
    os.environ["GPTSTUDIO_HOME"] = str(home / "gptstudio")
    os.environ["HOME"] = str(home)
    os.environ.pop("XDG_CONFIG_HOME", None)

    from PySide6 import QtCore, QtWidgets

    from gptstudio.ui import i18n
    from gptstudio.ui.main.main_window import TAB_CORPUS, TAB_INSPECT, TAB_TRAIN, MainWindow
    from gptstudio.ui.resources import style_sheet
    from gptstudio.ui.widgets import dialogs

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    app.setStyleSheet(style_sheet())
    if not i18n.install(app, args.language):
        raise SystemExit(f"no translation for {args.language}")
    window = MainWindow(language=args.language)
    window.resize(1280, 860)
    window.move(40, 30)
    window.show()

    from bench.event_loop import pump

    def shot(name: str, widget=None) -> None:
        pump(0.5)
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        print(f"saved {path}")

    def screen(name: str) -> None:
        """The whole screen, window manager and all."""
        pump(0.8)
        path = out / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(f"saved {path}")

    def with_modal(name: str, act, prepare=None) -> None:
        """Photograph the modal dialog that `act` opens, then close it."""
        def look():
            dialog = QtWidgets.QApplication.activeModalWidget()
            if dialog is None:
                QtCore.QTimer.singleShot(50, look)
                return
            if prepare is not None:
                prepare(dialog)
            screen(name)
            dialog.reject()
        QtCore.QTimer.singleShot(0, look)
        act()

    pump(0.5, until=lambda: window.torch_ready, timeout=60)

    # -- the project, trained ----------------------------------------------------------------------
    if args.language == "en":
        window.project_actions.create_from_demo("tech_blog")
        attend = "The training loop splits"
    else:
        poems = home / "Documents" / "宋词一百首.txt"
        shutil.copyfile(args.poems, poems)
        window.project_actions.create_from_path(poems)
        pump(1, until=lambda: window.corpus_tab.report is not None, timeout=120)
        window.corpus_tab.clean_stray_characters()  # the ANSI colour codes around titles
        pump(1, until=lambda: not window.automatic.is_running(), timeout=300)
        attend = "明月几时有，把酒问青天"
    (home / "Documents" / "notes.txt").write_text("notes\n", encoding="utf-8")
    (home / "Documents" / ("诗" if args.language != "en" else "poems")).mkdir()
    pump(2)
    shown = window.settings_panel.settings()
    data, model, train = shown.data, shown.model, shown.train
    window.settings_panel.set_settings(data, model, replace(train, max_iters=args.steps,
                                                            eval_interval=50), "custom")
    window.edits.settings_changed()
    window.train_tab.start()
    pump(until=lambda: window.train_tab.run.thread is None and window.train_tab.state == "idle")

    # -- 2. the loss plot's key under the curves, at the normal size; presentation mode ------------
    window.tabs.setCurrentIndex(TAB_TRAIN)
    shot("train-key-below-the-plot")
    window.presentation.action.trigger()  # F11
    pump(1.5)
    screen("presentation-full-screen")
    window.presentation.leave_action.trigger()  # Esc
    pump(1)

    # -- 5, 6. the file dialog (in Documents, in the interface's language); a dialog's title --------
    window.tabs.setCurrentIndex(TAB_CORPUS)
    with_modal("file-dialog", window.corpus_tab.toolbar.open_button.click, prepare=lambda dialog: pump(1.0))
    with_modal("duplicate-dialog", lambda: dialogs.ask_text(
        window, QtCore.QCoreApplication.translate("ProjectActions", "Duplicate project"),
        QtCore.QCoreApplication.translate("ProjectActions", "Name of the copy:"),
        QtCore.QCoreApplication.translate("ProjectActions", "{name} copy").format(
            name=window.project.name)))

    # -- 5. the Attention view's caption; 8. the embedding map ------------------------------------
    inspect = window.inspect_tab
    window.tabs.setCurrentIndex(TAB_INSPECT)
    pump(1, until=lambda: inspect.loaded_checkpoint() is not None, timeout=120)
    inspect.views.setCurrentWidget(inspect.attention)
    inspect.attention.prompt.setText(attend)
    inspect.attention.refresh()
    inspect.attention.hover_token(min(8, len(attend) - 1))
    shot("look-attention")
    inspect.views.setCurrentWidget(inspect.embedding)
    pump(1, until=lambda: inspect.embedding.map is not None, timeout=120)
    shot("look-embedding")

    # -- 10. Help ▸ Guide --------------------------------------------------------------------------
    window.guide.action.trigger()  # F1
    pump(1)
    screen("guide")
    window.guide.dialog.close()

    # -- 5. the Compare window on a 1,000-pixel screen ----------------------------------------------
    window.store.duplicate(window.project.name, window.project.name + " 2")
    window.open_compare()
    pump(2)
    screen("compare-fits-the-screen")
    window._compare_window.close()

    window.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
