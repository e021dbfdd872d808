"""Is this Python new enough for GPT Studio, and if not, is a newer one installed?

Imported by scripts/run.py and scripts/test.py before anything else, by whatever Python the user
typed: so this file is written for any Python from 2.7 on (no f-strings, no annotations), and the
user gets a sentence instead of a SyntaxError from the first modern line.
"""
from __future__ import print_function

import os
import shutil
import subprocess
import sys

MIN_VERSION = (3, 10)
# Newest first: the first one found is used. Keep in step with the versions PyTorch and PySide6
# publish builds for.
KNOWN_VERSIONS = ((3, 13), (3, 12), (3, 11), (3, 10))
DOWNLOAD_PAGE = "https://www.python.org/downloads/"


def version_of(command):
    """(major, minor) of the Python that `command` (a list) starts, or None if it does not run."""
    limit = {"timeout": 30} if sys.version_info >= (3, 3) else {}
    try:
        out = subprocess.check_output(
            command + ["-c", "import sys; print('%d %d' % sys.version_info[:2])"],
            stderr=subprocess.STDOUT, **limit)
        major, minor = out.decode("ascii", "replace").split()[-2:]
        return int(major), int(minor)
    except Exception:  # not a Python, a broken one, a Windows alias that opens the Store
        return None


def candidates(windows, which=None):
    """Commands that may start a newer Python, newest first."""
    which = which or _which
    found = []
    for major, minor in KNOWN_VERSIONS:
        if windows:
            if which("py"):
                found.append(["py", "-%d.%d" % (major, minor)])
        else:
            path = which("python%d.%d" % (major, minor))
            if path:
                found.append([path])
    return found


def newer_python(windows, which=None, version=version_of):
    """The first candidate command whose version is new enough, or None."""
    for command in candidates(windows, which):
        v = version(command)
        if v is not None and v >= MIN_VERSION:
            return command, v
    return None


def too_old_sentence(current, windows):
    how = ("install Python {0}.{1} or newer from {2} (tick \"Add python.exe to PATH\"), then "
           "run: py scripts\\{3}" if windows else
           "install Python {0}.{1} or newer (from {2}, or your system's packages), then run this "
           "command again with it")
    return ("GPT Studio needs Python {0}.{1} or newer, and this is Python {2}.{3}; no newer Python "
            "was found on this computer. To fix it, ").format(
        MIN_VERSION[0], MIN_VERSION[1], current[0], current[1]) + how.format(
        MIN_VERSION[0], MIN_VERSION[1], DOWNLOAD_PAGE, os.path.basename(sys.argv[0]) or "run.py") + "."


def ensure_new_enough(script):
    """Return if this Python will do; else run `script` with a newer one, or explain and exit."""
    current = tuple(sys.version_info[:2])
    if current >= MIN_VERSION:
        return
    windows = sys.platform.startswith("win")
    found = newer_python(windows)
    if found is None:
        print(too_old_sentence(current, windows), file=sys.stderr)
        sys.exit(1)
    command, version = found
    print("This is Python {0}.{1}; GPT Studio needs {2}.{3} or newer, so Python {4}.{5} ({6}) "
          "runs the rest.".format(current[0], current[1], MIN_VERSION[0], MIN_VERSION[1],
                                  version[0], version[1], " ".join(command)))
    sys.stdout.flush()
    sys.exit(subprocess.call(command + [script] + sys.argv[1:]))


def _which(name):
    which = getattr(shutil, "which", None)  # Python 3.3+
    if which is not None:
        return which(name)
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None
