"""Screenshots of File ▸ Export model: the menu, the GGUF dialog with llama.cpp's check, the Hub
dialog, saved into docs/screenshots/ (docs/screenshots/zh_CN/ with --language zh_CN).

    Xvfb :95 -screen 0 1400x1000x24 & DISPLAY=:95 openbox &
    DISPLAY=:95 python -m bench.export_screenshots [--language zh_CN]

A temporary GPTSTUDIO_HOME is used. It trains the tiny preset briefly on a demo text, exports it
as GGUF (llama-cpp-python checks the file), and shares it with a stand-in Hub on 127.0.0.1 (the
tests' tests/stand_in_hub.py), so nothing leaves the computer.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--language", default="en", choices=("en", "zh_CN"))
    args = parser.parse_args(argv)
    out = OUT if args.language == "en" else OUT / args.language
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="gptstudio-export-shots-"))
    os.environ.setdefault("GPTSTUDIO_HOME", str(work / "home"))
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from PySide6 import QtCore, QtGui, QtWidgets

    from gptstudio.ui import i18n
    from gptstudio.ui.main.main_window import MainWindow
    from gptstudio.ui.resources import style_sheet
    from tests.stand_in_hub import StandInHub

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    app.setStyleSheet(style_sheet())
    if not i18n.install(app, args.language):
        raise SystemExit(f"no translation for {args.language}")
    window = MainWindow(language=args.language)
    window.resize(1280, 860)
    window.show()

    from bench.event_loop import pump

    def shot(widget, name: str) -> None:
        pump(0.5)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(f"saved {path}")

    pump(0.5, until=lambda: window.torch_ready, timeout=60)
    window.project_actions.create_from_demo("tech_blog" if args.language == "en" else "chinese")
    current = window.settings_panel.settings()
    data, model, train = current.data, current.model, current.train
    window.settings_panel.set_settings(data, model, replace(train, max_iters=args.steps,
                                                            eval_interval=100), "custom")
    window.edits.settings_changed()
    window.train_tab.start()
    pump(until=lambda: window.train_tab.run.thread is None and window.train_tab.state == "idle")

    # The menu, opened where the File menu drops down.
    file_menu = window.menuBar().actions()[0].menu()
    window.menuBar().setActiveAction(window.menuBar().actions()[0])
    pump(0.5)
    file_menu.setActiveAction(window.model_exports.menu.menuAction())
    window.model_exports.menu.popup(file_menu.geometry().topRight()
                                    + QtCore.QPoint(0, file_menu.actionGeometry(
                                        window.model_exports.menu.menuAction()).top()))
    pump(1)
    screen = QtGui.QGuiApplication.primaryScreen()
    top_left = window.frameGeometry().topLeft()
    screen.grabWindow(0, top_left.x(), top_left.y(), 1100, 560).save(str(out / "export-menu.png"))
    print(f"saved {out / 'export-menu.png'}")
    window.model_exports.menu.hide()
    file_menu.hide()

    dialog = window.model_exports.export_gguf()
    dialog.path.setText(str(work / "model.gguf"))
    dialog.start_button.click()
    pump(until=lambda: not dialog.is_running())
    dialog.adjustSize()
    shot(dialog, "export-gguf")
    dialog.close()

    with StandInHub() as hub:
        os.environ["HF_ENDPOINT"], os.environ["HF_TOKEN"] = hub.url, "hf_screenshot"
        os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
        dialog = window.model_exports.share_on_hub()
        dialog.repo.setText("ada/tech-blog-gpt")
        dialog.licence.setCurrentText("mit")
        dialog.start_button.click()
        pump(until=lambda: not dialog.is_running())
        dialog.adjustSize()
        shot(dialog, "export-hub")
        dialog.close()

    window.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
