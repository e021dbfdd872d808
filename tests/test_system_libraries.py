"""When Qt's platform plugin cannot load on Linux, the app names the missing system packages.

The real case is made by hiding a real library: in a private mount namespace, an overlay over the
system's library folder deletes libxcb-cursor.so.0 for that process alone (root, `unshare` and
overlayfs are needed; the test is skipped where they are not). The app then starts as a user's
would and must print the package to install instead of Qt's "could not load the Qt platform
plugin".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gptstudio import system_libraries as syslibs

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's libraries")


def library_folder() -> Path:
    """The folder of the system's C library: where the X11 libraries live too."""
    out = subprocess.run(["ldd", sys.executable], capture_output=True, text=True).stdout
    libc = next(line.split("=>")[1].split()[0] for line in out.splitlines() if "libc.so" in line)
    return Path(os.path.realpath(libc)).parent


def can_hide_libraries() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt"],
                           capture_output=True)
    return probe.returncode == 0


def run_with_library_hidden(tmp_path: Path, library: str, command: list[str], env: dict):
    """Run `command` with every file named library* removed from the system's library folder,
    for this process only (the files stay where they are for everyone else)."""
    folder = library_folder()
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    script = (f'mount -t tmpfs none "{overlay}" && mkdir "{overlay}/upper" "{overlay}/work" && '
              f'mount -t overlay overlay -o lowerdir="{folder}",upperdir="{overlay}/upper",'
              f'workdir="{overlay}/work" "{folder}" && rm -f "{folder}/{library}"* && exec "$@"')
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", *command],
                          capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)


def app_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONPATH=str(ROOT), **extra)
    return env


@pytest.mark.skipif(not can_hide_libraries(), reason="needs root, unshare and overlayfs")
def test_the_app_names_the_package_of_a_hidden_library_instead_of_qts_message(tmp_path):
    # DISPLAY points nowhere: the plugin fails to load before Qt ever looks for a display.
    env = app_env(QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    out = run_with_library_hidden(tmp_path, "libxcb-cursor.so.0",
                                  [sys.executable, "-m", "gptstudio"], env)
    assert out.returncode == 1
    assert out.stderr.startswith("GPT Studio cannot open its window: Qt's \"xcb\" display support "
                                 "needs system libraries that are missing (")
    assert "libxcb-cursor.so.0" in out.stderr
    if syslibs.distribution() == "debian":
        assert "Install them with: sudo apt install " in out.stderr
        assert "libxcb-cursor0" in out.stderr.rsplit("sudo apt install", 1)[1].split()
    assert "Reinstalling the application" not in out.stderr and "Aborted" not in out.stderr
    # Qt's own words are kept in the log for whoever debugs it.
    log = (Path(env["GPTSTUDIO_HOME"]) / "logs" / "gptstudio.log").read_text(encoding="utf-8")
    assert "no Qt platform plugin could be initialized" in log


@pytest.mark.skipif(not can_hide_libraries(), reason="needs root, unshare and overlayfs")
def test_the_check_used_by_test_py_and_doctor_sees_the_hidden_library(tmp_path):
    command = [sys.executable, "-m", "gptstudio.system_libraries", "xcb"]
    out = run_with_library_hidden(tmp_path, "libxcb-cursor.so.0", command, app_env())
    assert out.returncode == 1 and "libxcb-cursor.so.0" in out.stdout


@linux_only
def test_the_offscreen_platform_the_tests_use_lacks_nothing():
    out = subprocess.run([sys.executable, "-m", "gptstudio.system_libraries", "offscreen"],
                         capture_output=True, text=True, env=app_env())
    assert (out.returncode, out.stdout) == (0, "")


@linux_only
@pytest.mark.skipif(bool(syslibs.missing_for(["xcb"])), reason="X11's libraries are missing here")
def test_no_display_is_said_in_plain_words(tmp_path):
    out = subprocess.run([sys.executable, "-m", "gptstudio"], capture_output=True, text=True,
                         env=app_env(QT_QPA_PLATFORM="xcb"), timeout=120, cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.startswith("GPT Studio cannot open its window: no display was found")


@pytest.mark.parametrize(("library", "package"), [
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxkbcommon.so.0", "libxkbcommon0"), ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"), ("libEGL.so.1", "libegl1"), ("libGL.so.1", "libgl1"),
    ("libglib-2.0.so.0", "libglib2.0-0"), ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libwayland-cursor.so.0", "libwayland-cursor0"), ("libX11-xcb.so.1", "libx11-xcb1"),
])
def test_debian_package_names(library, package):
    assert syslibs.debian_package(library) == package


def test_the_distribution_is_read_from_os_release():
    assert syslibs.distribution('ID=ubuntu\nID_LIKE=debian\n') == "debian"
    assert syslibs.distribution('ID="linuxmint"\nID_LIKE="ubuntu debian"\n') == "debian"
    assert syslibs.distribution('ID=fedora\n') == "fedora"
    assert syslibs.distribution('ID="rocky"\nID_LIKE="rhel centos fedora"\n') == "fedora"
    assert syslibs.distribution('ID=arch\n') == ""


def test_the_sentence_names_the_command_where_the_distribution_is_known():
    missing = {"xcb": ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]}
    assert syslibs.missing_sentence(missing, "fedora").endswith(
        "Install them with: sudo dnf install xcb-util-cursor libxkbcommon-x11")
    assert syslibs.missing_sentence(missing, "").endswith(
        "Install the packages of your Linux distribution that contain them.")


def test_the_platforms_qt_will_try():
    assert syslibs.requested_platforms({}) == ["xcb"]
    assert syslibs.requested_platforms({"WAYLAND_DISPLAY": "wayland-0"}) == ["wayland", "xcb"]
    assert syslibs.requested_platforms({"QT_QPA_PLATFORM": "offscreen"}) == ["offscreen"]
    assert syslibs.requested_platforms({"QT_QPA_PLATFORM": "vnc:size=800x600;xcb"}) == ["vnc", "xcb"]
