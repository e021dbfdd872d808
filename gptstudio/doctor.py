"""`gptstudio doctor`: what this installation is made of, and in plain words what is wrong with it.

    GPT Studio, Python, PyTorch (its build and every device it can use, each made to compute),
    Qt (its version, the platform plugin that opens windows, the translations and icons it finds),
    the demo texts, the data folder and its free space, the log folder.

Qt is asked in a separate process: a platform plugin that cannot load ends the process that tries
(Qt aborts), and the doctor must live to say why. So this module never imports Qt itself.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

GB = 1024**3
# Below this, checkpoints and time-travel snapshots may not fit (a small model's are a few MB,
# a medium one's ~0.5 GB with its optimizer state).
LOW_SPACE_BYTES = 1 * GB
MIN_PYTHON = (3, 10)


@dataclass(frozen=True)
class Finding:
    label: str
    value: str
    problem: str = ""  # one sentence when something is wrong, else empty


# ---------------------------------------------------------------------------------------------------
# The checks


def check_app() -> Finding:
    from gptstudio import __version__

    return Finding("GPT Studio", f"{__version__} ({Path(__file__).resolve().parent})")


def check_python() -> Finding:
    value = f"{platform.python_version()} ({sys.executable})"
    if sys.version_info[:2] < MIN_PYTHON:
        return Finding("Python", value, f"GPT Studio needs Python {MIN_PYTHON[0]}."
                                        f"{MIN_PYTHON[1]} or newer.")
    return Finding("Python", value)


def check_torch() -> list[Finding]:
    try:
        import torch
    except Exception as e:  # not installed, or a broken install (a missing shared library)
        return [Finding("PyTorch", "not available", f"PyTorch does not load ({e}); install it "
                        "again with: python3 scripts/run.py (in the source folder)")]
    build = ("CUDA " + torch.version.cuda if torch.version.cuda else
             "ROCm " + torch.version.hip if getattr(torch.version, "hip", None) else
             "CPU-only" if "+cpu" in torch.__version__ else "standard")
    findings = [Finding("PyTorch", f"{torch.__version__} ({build} build)")]
    devices = ["cpu"]
    if torch.cuda.is_available():
        devices += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    elif torch.version.cuda and shutil.which("nvidia-smi"):
        findings.append(Finding("CUDA", "no usable GPU", "This PyTorch has CUDA, and an NVIDIA "
                                "driver is installed, but no GPU can be used (update the NVIDIA "
                                "driver, or reinstall with: python3 scripts/run.py --torch cpu)."))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    for device in devices:
        findings.append(_device_finding(torch, device))
    return findings


def _device_finding(torch, device: str) -> Finding:
    """Each device computes a small product whose answer is known."""
    if device.startswith("cuda"):
        props = torch.cuda.get_device_properties(device)
        name = f"{props.name}, {props.total_memory / GB:.0f} GB"
    else:
        name = {"cpu": f"{os.cpu_count()} cores", "mps": "Apple GPU (Metal)"}[device]
    try:
        x = torch.arange(6.0, device=device).reshape(2, 3)
        total = (x @ x.T).sum().item()  # [[5, 14], [14, 50]]
        problem = "" if total == 83.0 else f"computed {total} instead of 83"
    except Exception as e:
        problem = str(e).strip().splitlines()[0]
    if problem:
        return Finding(f"  device {device}", name, f"The device {device} does not compute "
                                                    f"correctly ({problem}).")
    return Finding(f"  device {device}", f"{name}: computes correctly")


QT_PROBE = """
import json, sys
from PySide6 import QtCore, QtGui, QtWidgets, __version__ as pyside
app = QtWidgets.QApplication(sys.argv[:1])
from gptstudio.ui import i18n
from gptstudio.ui.resources import icon, resources_dir
print(json.dumps({"pyside": pyside, "qt": QtCore.qVersion(), "platform": app.platformName(),
                  "resources": str(resources_dir()), "icon": not icon("gptstudio").isNull(),
                  "chinese": i18n.install(app, "zh_CN")}))
"""


def check_qt() -> list[Finding]:
    """The platform a window would use; then, offscreen where that fails, the rest of Qt."""
    from gptstudio import system_libraries

    info, said = _qt_probe(os.environ)
    if info is None and any("No module named 'PySide6'" in line for line in said):
        return [Finding("Qt", "not available", "PySide6 (Qt for Python) is not installed.")]
    findings = []
    if info is None:
        findings.append(Finding("Qt platform", "cannot start",
                                system_libraries.explain_no_platform(said)))
        info, said = _qt_probe(dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        if info is None:
            return [*findings, Finding("Qt", "cannot start", "Qt does not start even without a "
                                       f"window ({said[-1] if said else 'no reason given'}).")]
    else:
        findings.append(Finding("Qt platform", info["platform"]))
    findings.insert(0, Finding("Qt", f"{info['qt']} (PySide6 {info['pyside']})"))
    findings.append(Finding("Resources", info["resources"],
                            "" if info["icon"] else "The app's icons are missing."))
    findings.append(Finding("Chinese interface", "loads" if info["chinese"] else "missing",
                            "" if info["chinese"] else "The Chinese translation is missing."))
    return findings


def _qt_probe(env) -> tuple[dict | None, list[str]]:
    """(what QT_PROBE found, Qt's messages); None when Qt could not start in that environment."""
    try:
        out = subprocess.run([sys.executable, "-c", QT_PROBE], capture_output=True, text=True,
                             timeout=120, env=env)
    except subprocess.TimeoutExpired:
        return None, ["starting Qt took more than 2 minutes"]
    said = [line for line in out.stderr.splitlines() if line.strip()]
    if out.returncode != 0:
        return None, said
    return json.loads(out.stdout.strip().splitlines()[-1]), said


def check_demos() -> Finding:
    from gptstudio.demos import DEMOS, corpora_dir

    folder = corpora_dir()
    missing = [d.filename for d in DEMOS if not (folder / d.filename).is_file()]
    if missing:
        return Finding("Demo texts", str(folder), f"Demo texts are missing: {', '.join(missing)}.")
    return Finding("Demo texts", f"{len(DEMOS)} in {folder}")


def check_folder(label: str, folder: Path, need_space: bool) -> Finding:
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    value = f"{folder} ({free / GB:.1f} GB free)" if need_space else str(folder)
    if not os.access(existing, os.W_OK):
        return Finding(label, value, f"GPT Studio cannot write in {existing}.")
    if need_space and free < LOW_SPACE_BYTES:
        return Finding(label, value, f"Only {free / GB:.2f} GB is free for {folder}: training "
                                     "saves checkpoints there, and may run out of space.")
    return Finding(label, value)


def findings() -> list[Finding]:
    from gptstudio.projects.paths import data_home, log_home

    return [check_app(), check_python(), *check_torch(), *check_qt(), check_demos(),
            check_folder("Data folder", data_home(), need_space=True),
            check_folder("Log folder", log_home(), need_space=False)]


# ---------------------------------------------------------------------------------------------------
# The report


def report(found: list[Finding]) -> str:
    width = max(len(f.label) for f in found) + 2
    lines = [f"{f.label + ':':<{width}} {f.value}" for f in found]
    problems = [f.problem for f in found if f.problem]
    if problems:
        lines += ["", "What is wrong:"] + [f"- {p}" for p in problems]
    else:
        lines += ["", "Everything looks fine."]
    return "\n".join(lines)


def main() -> int:
    found = findings()
    print(report(found))  # noqa: T201 - a command's answer
    return 1 if any(f.problem for f in found) else 0
