"""The wheel is the app: built from the sdist (`python -m build`), installed into a fresh venv, and
run from outside the source tree, it opens its window, loads a demo and speaks Chinese.

The fresh venv sees this environment's packages (torch, PySide6...) through a .pth line, so
nothing is downloaded; GPT Studio itself comes only from the wheel, which the test checks (an
editable install or PYTHONPATH would hide a file the wheel forgot).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from gptstudio import __version__

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.wheel,
              pytest.mark.skipif(subprocess.run([sys.executable, "-c", "import build, hatchling"],
                                                capture_output=True).returncode != 0,
                                 reason="needs build and hatchling (the test extra)")]

SMOKE = """
import json, sys
from PySide6 import QtWidgets
app = QtWidgets.QApplication(sys.argv[:1])
import gptstudio
from gptstudio.demos import corpora_dir
from gptstudio.ui import i18n
from gptstudio.ui.resources import icon, resources_dir
chinese = i18n.install(app, "zh_CN")
from gptstudio.ui.main.main_window import MainWindow
window = MainWindow(language="zh_CN")
window.show()
app.processEvents()
window.welcome.demo_buttons["chinese"].click()
project = window.project
print(json.dumps({
    "package": gptstudio.__file__, "resources": str(resources_dir()), "corpora": str(corpora_dir()),
    "icon": not icon("gptstudio").isNull(), "chinese": chinese,
    "menu": window.menuBar().actions()[0].text(), "visible": window.isVisible(),
    "project": project.name if project else None,
    "corpus": project.read_corpus() if project else "",
    "demo": (corpora_dir() / "chinese.txt").read_text(encoding="utf-8")}))
window.shutdown()
window.close()
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the venv's bin folder, a working folder outside the source tree, the environment)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                            str(dist), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    wheel = next(dist.glob("gptstudio-*.whl"))
    target = base / "venv"
    venv.create(target, with_pip=False)
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    paths = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True).stdout.strip()
    # Appended after the venv's own site-packages: the wheel's gptstudio comes first.
    (Path(site) / "_test_environment.pth").write_text("\n".join(sorted(paths)) + "\n")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                              "--no-deps", "--no-index", str(wheel)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    outside = base / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", GPTSTUDIO_HOME=str(base / "home"))
    return python.parent, outside, env, wheel, target


def run(installed, *command, **extra_env):
    bin_folder, outside, env, _, _ = installed
    return subprocess.run([str(bin_folder / command[0]), *command[1:]], capture_output=True,
                          text=True, cwd=outside, env=dict(env, **extra_env), timeout=300)


def test_the_wheel_carries_the_icons_translations_styles_and_demo_texts(installed):
    names = set(zipfile.ZipFile(installed[3]).namelist())
    for name in ("gptstudio/_resources/icons/gptstudio.svg", "gptstudio/_resources/icons/gptstudio.ico",
                 "gptstudio/_resources/i18n/gptstudio_zh_CN.qm", "gptstudio/_resources/style.qss",
                 "gptstudio/_corpora/chinese.txt", "gptstudio/_corpora/addition.txt"):
        assert name in names


def test_the_installed_app_opens_loads_a_demo_and_speaks_chinese(installed):
    out = run(installed, "python", "-c", SMOKE)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    target = str(installed[4])
    assert found["package"].startswith(target) and not found["package"].startswith(str(ROOT))
    assert found["resources"].startswith(target) and found["corpora"].startswith(target)
    assert found["icon"] and found["chinese"] and found["visible"]
    assert found["menu"] != "&File"  # the menu bar is in Chinese
    assert found["project"] and found["corpus"] == found["demo"]


def test_the_installed_command_starts_the_window(installed):
    out = run(installed, "gptstudio", GPTSTUDIO_QUIT_AFTER_SHOW="1", GPTSTUDIO_REPORT_STARTUP="1",
              LANGUAGE="zh_CN")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("window shown ")


def test_the_installed_command_knows_its_version_and_checks_itself(installed):
    assert run(installed, "gptstudio", "--version").stdout == f"GPT Studio {__version__}\n"
    doctor = run(installed, "gptstudio", "doctor")
    assert doctor.returncode == 0, doctor.stdout
    assert f"Resources:          {installed[4]}" in doctor.stdout
    assert "Chinese interface:  loads" in doctor.stdout
