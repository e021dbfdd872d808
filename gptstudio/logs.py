"""The log file that the app and the command line both write: a rotating file in log_home().

Qt-free, so the CLI logs its crashes into the file the app writes without importing the app.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_FILE = "gptstudio.log"
_handler: logging.Handler | None = None  # the file handler setup_logging() added
_problem: tuple[str, str] | None = None  # (folder, reason) when setup_logging() could not write


def setup_logging() -> Path | None:
    """Log to a rotating file in log_home(); returns the file, or None when it cannot be written.

    The app runs without a log then, and Help > Show log folder says why (logging_problem()).
    Calling it again replaces the handler rather than adding a second one.
    """
    global _handler, _problem
    from gptstudio.projects.paths import log_home
    from gptstudio.projects.project import ProjectError

    try:
        folder = log_home()
    except ProjectError as e:  # GPTSTUDIO_HOME names an unknown user's home
        _problem = (os.environ.get("GPTSTUDIO_HOME", ""), str(e))
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / LOG_FILE, maxBytes=2_000_000,
                                                       backupCount=3, encoding="utf-8")
    except OSError as e:
        _problem = (str(folder), str(e.strerror or e))
        return None
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"))
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _handler, _problem = handler, None
    return folder / LOG_FILE


def logging_problem() -> tuple[str, str] | None:
    """(folder, reason) when the last setup_logging() could not write its file, else None."""
    return _problem
