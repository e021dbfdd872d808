"""Start the desktop app: the window first, torch in the background (it takes a second to import)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time

from gptstudio.logs import logging_problem, setup_logging  # the app's log file, shared with the CLI

START = time.perf_counter()
log = logging.getLogger("gptstudio")


def install_excepthook(window) -> None:
    """A bug must not kill the app silently: log it with its traceback, tell the user, keep going.

    sys.excepthook sees errors in slots (PySide6 hands them to it, in whichever thread the slot
    ran); threading.excepthook those of plain Python threads. Either may run outside the GUI
    thread, so the window hears of it through a queued call, never by touching its widgets here.
    """
    from PySide6 import QtCore

    def hook(kind, value, tb) -> None:
        log.error("Unhandled error", exc_info=(kind, value, tb))
        from gptstudio.ui.i18n import translate
        from gptstudio.ui.widgets.text import describe_error

        problem = describe_error(value)
        if problem:
            text = translate("App", "Something went wrong ({problem}). Your work is saved; details "
                                    "are in the log (Help ▸ Show log folder).").format(problem=problem)
        else:  # an error without a message of its own: no empty "()"
            text = translate("App", "Something went wrong. Your work is saved; details are in the "
                                    "log (Help ▸ Show log folder).")
        try:
            QtCore.QMetaObject.invokeMethod(window, "show_message",
                                            QtCore.Qt.ConnectionType.QueuedConnection,
                                            QtCore.Q_ARG(str, "error"), QtCore.Q_ARG(str, text))
        except RuntimeError:  # the window is already gone
            pass

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit:  # as the default hook: a thread may end that way
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def show_log_folder(window) -> None:
    """Open the log folder in the file manager, or say why there is none."""
    from PySide6 import QtCore, QtGui

    from gptstudio.projects.paths import log_home
    from gptstudio.ui.i18n import translate

    problem = logging_problem()
    if problem is not None:
        window.show_message("warning", translate(
            "App", "GPT Studio could not write its log in {folder} ({reason}), so the log may be "
                   "missing or out of date.").format(folder=problem[0], reason=problem[1]))
        return
    folder = log_home()
    if not folder.is_dir():
        window.show_message("info", translate(
            "App", "No log has been written yet; it will be in {folder}.").format(folder=folder))
    url = QtCore.QUrl.fromLocalFile(str(folder))
    if folder.is_dir() and not QtGui.QDesktopServices.openUrl(url):
        window.show_message("info", translate("App", "The log folder is {folder}.").format(
            folder=folder))


# ---------------------------------------------------------------------------------------------------
# The data folder a user chose when the usual one could not be used


def _chosen_folders():
    """Where the chosen data folder is remembered: Qt's own settings of the user (the registry,
    ~/Library/Preferences, ~/.config), which do not depend on the data folder."""
    from PySide6 import QtCore

    return QtCore.QSettings(QtCore.QSettings.Format.NativeFormat,
                            QtCore.QSettings.Scope.UserScope, "GPT Studio", "Data folder")


def remember_data_folder(folder: str) -> None:
    chosen = _chosen_folders()
    chosen.setValue("folder", folder)
    chosen.sync()


def use_remembered_data_folder() -> None:
    """When the data folder cannot be used and the user chose another one at an earlier start,
    use that one (for this process and the ones it starts)."""
    from gptstudio.projects.paths import data_folder_problem

    if data_folder_problem() is None:
        return
    folder = _chosen_folders().value("folder")
    if not folder:
        return
    before = os.environ.get("GPTSTUDIO_HOME")
    os.environ["GPTSTUDIO_HOME"] = str(folder)
    if data_folder_problem() is not None:  # not usable either: the window says why
        if before is None:
            del os.environ["GPTSTUDIO_HOME"]
        else:
            os.environ["GPTSTUDIO_HOME"] = before


# ---------------------------------------------------------------------------------------------------
# Stop signals


class _SignalWaker:
    """Lets Python's signal handlers run while Qt's event loop waits: the C-level handler writes
    the signal's number to a socket (signal.set_wakeup_fd), whose notifier wakes the loop. Without
    it a SIGTERM waits for the next mouse move to be seen."""

    def __init__(self, parent) -> None:
        self.parent = parent

    def __enter__(self) -> _SignalWaker:
        import socket

        from PySide6 import QtCore

        parent = self.parent
        self.reader, self.writer = socket.socketpair()
        for end in (self.reader, self.writer):
            end.setblocking(False)
        self.previous = signal.set_wakeup_fd(self.writer.fileno(), warn_on_full_buffer=False)
        self.notifier = QtCore.QSocketNotifier(self.reader.fileno(),
                                               QtCore.QSocketNotifier.Type.Read, parent)
        self.notifier.activated.connect(self._drain)
        return self

    def _drain(self) -> None:
        try:
            while self.reader.recv(64):
                pass
        except OSError:  # nothing more to read
            pass

    def __exit__(self, *exc_info: object) -> None:
        self.notifier.setEnabled(False)
        signal.set_wakeup_fd(self.previous)
        self.reader.close()
        self.writer.close()


def close_on_stop_signals(window):
    """SIGTERM, SIGHUP and Ctrl-C close the window as the Quit command does, without asking:
    training stops and saves a checkpoint, the project is saved and its lock released. A signal
    while that happens is noted and ignored (the save must finish). Returns the StopSignals."""
    from PySide6 import QtCore

    from gptstudio.stop_signals import StopSignals, signal_name

    def first(signum: int) -> None:
        log.warning("%s: saving and closing", signal_name(signum))
        window.quit_without_asking = True
        QtCore.QTimer.singleShot(0, window.close)

    def again(signum: int) -> None:
        log.warning("%s again: still saving, closing when done", signal_name(signum))

    return StopSignals(first, abort_on_second=False, on_again=again)


# ---------------------------------------------------------------------------------------------------
# Start


def run(argv: list[str] | None = None) -> int:
    from PySide6 import QtCore, QtWidgets

    from gptstudio.ui.resources import icon, style_sheet

    QtCore.QCoreApplication.setOrganizationName("GPT Studio")
    QtCore.QCoreApplication.setApplicationName("GPT Studio")
    use_remembered_data_folder()  # before anything reads the data folder (the log's too)
    log_path = setup_logging()
    said: list[str] = []
    previous = QtCore.qInstallMessageHandler(explain_platform_failure(said))
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(argv or sys.argv[:1])
    QtCore.qInstallMessageHandler(previous)
    for message in said:  # Qt's own words, held back in case they were only its failure's
        sys.stderr.write(message + "\n")
    from gptstudio.ui.threads import collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread(app)
    app.setDesktopFileName("gptstudio")  # the launcher's gptstudio.desktop (gptstudio/shortcut.py)
    app.setWindowIcon(icon("gptstudio"))
    app.setStyleSheet(style_sheet())
    log.info("starting, log at %s", log_path)

    from gptstudio.ui import i18n
    from gptstudio.ui.main.main_window import MainWindow, app_settings

    language = i18n.effective_language(app_settings())
    if not i18n.install(app, language):
        log.warning("no translation for %s in %s: the interface stays in English",
                    language, i18n.catalogue_dir())
        language = "en"
    log.info("interface language %s", language)
    window = MainWindow(language=language)
    install_excepthook(window)
    window.show()
    window.restore_last_project()
    from gptstudio.ui.main.shortcut_offer import offer_once

    offer_once(window)
    shown = time.perf_counter() - START
    log.info("window shown %.2f s after start", shown)
    if os.environ.get("GPTSTUDIO_REPORT_STARTUP"):
        print(f"window shown {shown:.3f}", flush=True)  # noqa: T201 - read by bench/gui_latency.py
    if os.environ.get("GPTSTUDIO_QUIT_AFTER_SHOW"):
        QtCore.QTimer.singleShot(0, window.close)
    with close_on_stop_signals(window), _SignalWaker(app):
        code = app.exec()
    if window.restart_requested:
        restart_app()
    return code


def explain_platform_failure(said: list[str]):
    """A Qt message handler for the QApplication's creation. When no platform plugin loads, Qt
    ends the process with "could not load the Qt platform plugin"; this says instead what is
    missing (on Linux: the system packages) and exits, Qt's words going to the log. Other
    messages are kept in `said` for the caller to print."""
    from PySide6 import QtCore

    def handler(kind, context, message: str) -> None:
        if kind != QtCore.QtMsgType.QtFatalMsg:
            category = context.category if context.category not in (None, "default") else ""
            said.append(f"{category}: {message}" if category else message)
            return
        from gptstudio.system_libraries import explain_no_platform

        text = explain_no_platform([*said, message])
        log.error("%s (Qt said: %s)", text, " | ".join([*said, message]))
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
        os._exit(1)  # Qt would abort() right after this handler returns

    return handler


def restart_app() -> None:
    """Start GPT Studio again in a new process (View ▸ Language asks for it)."""
    from PySide6 import QtCore

    started = QtCore.QProcess.startDetached(sys.executable, ["-m", "gptstudio"])
    log.info("restarting: %s", "started" if started else "could not start a new process")


if __name__ == "__main__":
    sys.exit(run())
