"""Start the desktop app: the window first, torch in the background (it takes a second to import)."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
import traceback

START = time.perf_counter()
log = logging.getLogger("gptstudio")


def setup_logging() -> str | None:
    from gptstudio.projects.paths import data_home

    try:
        folder = data_home() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / "gptstudio.log", maxBytes=2_000_000,
                                                       backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return str(folder / "gptstudio.log")


def install_excepthook(window) -> None:
    """A bug in a slot must not kill the app silently: log it, tell the user, keep going."""

    def hook(kind, value, tb):
        log.error("Unhandled error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        try:
            window.show_message("error", f"Something went wrong ({value}). Your work is saved; "
                                         "details are in the log file.")
        except Exception:  # noqa: BLE001 - the window itself may be the problem
            pass

    sys.excepthook = hook


def run(argv: list[str] | None = None) -> int:
    from PySide6 import QtCore, QtWidgets

    from gptstudio.ui.resources import icon, style_sheet

    QtCore.QCoreApplication.setOrganizationName("GPT Studio")
    QtCore.QCoreApplication.setApplicationName("GPT Studio")
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(argv or sys.argv[:1])
    app.setWindowIcon(icon("gptstudio"))
    app.setStyleSheet(style_sheet())
    log_path = setup_logging()
    log.info("starting, log at %s", log_path)

    from gptstudio.ui.main_window import MainWindow

    window = MainWindow()
    install_excepthook(window)
    window.show()
    window.restore_last_project()
    shown = time.perf_counter() - START
    log.info("window shown %.2f s after start", shown)
    if os.environ.get("GPTSTUDIO_REPORT_STARTUP"):
        print(f"window shown {shown:.3f}", flush=True)  # noqa: T201 - read by bench/gui_latency.py
    if os.environ.get("GPTSTUDIO_QUIT_AFTER_SHOW"):
        QtCore.QTimer.singleShot(0, window.close)
    return app.exec()


if __name__ == "__main__":
    sys.exit(run())
