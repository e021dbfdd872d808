"""`gptstudio doctor` and `gptstudio --version`, run as a user runs them (a subprocess)."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gptstudio import __version__, doctor
from tests.test_system_libraries import can_hide_libraries, run_with_library_hidden

ROOT = Path(__file__).resolve().parent.parent


def gptstudio(*args, tmp_path: Path, **env):
    full = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    full.update(PYTHONPATH=os.pathsep.join(filter(None, [env.pop("PYTHONPATH", ""), str(ROOT)])),
                **env)
    return subprocess.run([sys.executable, "-m", "gptstudio", *args], capture_output=True,
                          text=True, env=full, cwd=tmp_path, timeout=300)


def test_version_prints_the_package_version(tmp_path):
    out = gptstudio("--version", tmp_path=tmp_path)
    assert (out.returncode, out.stdout) == (0, f"GPT Studio {__version__}\n")


def test_doctor_reports_every_part_and_finds_nothing_wrong_offscreen(tmp_path, _isolated_home):
    import torch

    out = gptstudio("doctor", tmp_path=tmp_path, QT_QPA_PLATFORM="offscreen")
    assert out.returncode == 0, out.stdout + out.stderr
    lines = dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    lines = {k.strip(): v.strip() for k, v in lines.items()}
    assert lines["GPT Studio"].startswith(__version__)
    assert lines["Python"].startswith(f"{sys.version_info[0]}.{sys.version_info[1]}.")
    assert lines["PyTorch"].startswith(torch.__version__)
    assert lines["device cpu"].endswith("computes correctly")
    pyside = importlib.metadata.version("PySide6-Essentials")
    assert lines["Qt"].endswith(f"(PySide6 {pyside})")
    assert lines["Qt platform"] == "offscreen"
    assert lines["Chinese interface"] == "loads"
    assert lines["Demo texts"].startswith("4 in ")
    assert lines["Data folder"].startswith(f"{_isolated_home} (") and "GB free)" in lines["Data folder"]
    assert lines["Log folder"] == str(_isolated_home / "logs")
    assert out.stdout.rstrip().endswith("Everything looks fine.")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays")
def test_doctor_says_why_no_window_can_open_without_a_display(tmp_path):
    out = gptstudio("doctor", tmp_path=tmp_path, QT_QPA_PLATFORM="xcb")
    assert out.returncode == 1
    problems = out.stdout.split("What is wrong:\n", 1)[1]
    assert problems.startswith("- GPT Studio cannot open its window: ")
    assert "Chinese interface:  loads" in out.stdout  # the rest of Qt is still checked, offscreen


@pytest.mark.skipif(not can_hide_libraries(), reason="needs root, unshare and overlayfs")
def test_doctor_names_the_package_of_a_hidden_library(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    out = run_with_library_hidden(tmp_path, "libxcb-cursor.so.0",
                                  [sys.executable, "-m", "gptstudio", "doctor"], env)
    assert out.returncode == 1
    assert "Qt's \"xcb\" display support needs system libraries that are missing (" in out.stdout
    assert "libxcb-cursor.so.0" in out.stdout


def test_doctor_says_when_pytorch_does_not_load(tmp_path):
    fake = tmp_path / "fake" / "torch"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('libtorch_cpu.so: cannot open shared "
                                      "object file')\n")
    out = gptstudio("doctor", tmp_path=tmp_path, QT_QPA_PLATFORM="offscreen",
                    PYTHONPATH=str(tmp_path / "fake"))
    assert out.returncode == 1
    assert ("- PyTorch does not load (libtorch_cpu.so: cannot open shared object file); install "
            "it again with: python3 scripts/run.py") in out.stdout


def test_little_free_space_in_the_data_folder_is_a_problem(tmp_path, monkeypatch):
    class Usage:
        free = int(0.2 * doctor.GB)

    monkeypatch.setattr(doctor.shutil, "disk_usage", lambda folder: Usage)
    found = doctor.check_folder("Data folder", tmp_path / "data", need_space=True)
    assert found.value == f"{tmp_path / 'data'} (0.2 GB free)"
    assert found.problem.startswith("Only 0.20 GB is free for ")


def test_the_report_lists_the_problems_in_plain_words():
    text = doctor.report([doctor.Finding("Python", "3.11"),
                          doctor.Finding("PyTorch", "not available", "PyTorch does not load.")])
    assert text.splitlines() == ["Python:   3.11", "PyTorch:  not available", "",
                                 "What is wrong:", "- PyTorch does not load."]
