"""Set up .venv for GPT Studio and run it: what scripts/run.py and scripts/test.py do. Stdlib only.

    1. a virtual environment in .venv (made again if it is broken or from a Python too old)
    2. PyTorch: the build torch_choice.py picks for this computer, then a one-line check that it
       computes on the device it was chosen for (a failing GPU falls back to the CPU build)
    3. GPT Studio itself, editable, with its dependencies (and the test extra for the tests)
    4. the app, or pytest

A finished set-up leaves a stamp in .venv, so the next start skips straight to step 4 until
pyproject.toml or the requested build changes. Every step prints what it does; every failure is one
sentence (a full disk, no network, a package pip could not find or build) with the details in
.venv/setup.log. Output is ASCII: a Windows console may not print anything else.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import torch_choice
from torch_choice import Machine, TorchChoiceError, TorchPlan

ROOT = Path(__file__).resolve().parent.parent
STAMP = "gptstudio-setup.json"
LOG = "setup.log"
GB = 1024**3
# Free space needed in the folder of .venv: a download and its unpacked copy side by side. torch's
# CPU build is ~0.2 GB to download and ~0.8 GB installed, PySide6 ~0.4 GB, the CUDA build brings
# ~4 GB of NVIDIA libraries.
SPACE_NEEDED = {"cpu": 2.5 * GB, "default": 2.5 * GB, "cuda": 8 * GB, "app": 1.0 * GB}
DEVICE_CHECK = """import sys, torch
d = sys.argv[1]
x = torch.arange(6.0, device=d).reshape(2, 3)
s = (x @ x.T).sum().item()  # [[5, 14], [14, 50]]
assert s == 83.0, f"{d} computed {s} instead of 83"
print(torch.cuda.get_device_name(0) if d == "cuda" else d)
"""


class SetupError(Exception):
    """Set-up cannot go on; str() is the one sentence for the user."""


# ---------------------------------------------------------------------------------------------------
# Saying what happens


class Reporter:
    """Numbered steps and an in-place progress line on a terminal, plain lines in a log.

    The progress line is rewritten with a carriage return and padded with spaces, not cleared
    with an ANSI code: Windows' console shows those as text unless asked not to.
    """

    WIDTH = 100

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self._shown = 0  # length of the progress line on screen now, 0 when there is none

    def step(self, text: str) -> None:
        self.line(text)

    def note(self, text: str) -> None:
        self.line("      " + text)

    def progress(self, text: str) -> None:
        """A line the next one replaces (a terminal only: a log would fill with them); "" clears it."""
        if not self.tty or not (text or self._shown):
            return
        text = ("      " + text)[:self.WIDTH] if text else ""
        self.stream.write("\r" + text.ljust(self._shown) + ("\r" if not text else ""))
        self.stream.flush()
        self._shown = len(text)

    def line(self, text: str) -> None:
        if self._shown:
            self.progress("")
        self.stream.write(text + "\n")
        self.stream.flush()


class PipProgress:
    """Reads pip's output line by line and tells the user the parts that matter."""

    DOWNLOADING = re.compile(r"^\s*Downloading (\S+)(?: \(([\d.]+ [kMG]?B)\))?")
    PROGRESS = re.compile(r"^Progress (\d+) of (\d+)")
    INSTALLING = re.compile(r"^Installing collected packages: (.*)")

    def __init__(self, reporter: Reporter):
        self.reporter = reporter
        self.file = ""
        self.installing = 0

    def feed(self, line: str) -> None:
        line = line.rstrip()
        if m := self.PROGRESS.match(line):
            done, total = int(m.group(1)), int(m.group(2))
            if total:
                self.reporter.progress(f"downloading {self.file}: {100 * done // total}% "
                                       f"of {total / 1e6:,.0f} MB")
        elif m := self.DOWNLOADING.match(line):
            self.file = m.group(1).rsplit("/", 1)[-1]
            size = f" ({m.group(2)})" if m.group(2) else ""
            self.reporter.note(f"downloading {self.file}{size}")
        elif m := self.INSTALLING.match(line):
            names = [n.strip() for n in m.group(1).split(",") if n.strip()]
            self.installing = len(names)
            shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
            self.reporter.note(f"installing {len(names)} package{'s' * (len(names) != 1)} "
                               f"({shown})")
        elif line.startswith("Collecting "):
            self.reporter.progress("looking up " + line.split(None, 1)[1])


# ---------------------------------------------------------------------------------------------------
# Running pip, and what its failures mean


NETWORK_SIGNS = ("Failed to establish a new connection", "Temporary failure in name resolution",
                 "Name or service not known", "nodename nor servname", "getaddrinfo failed",
                 "Network is unreachable", "Read timed out", "ConnectTimeoutError",
                 "NewConnectionError", "ProxyError", "Connection refused",
                 "Connection reset by peer", "No route to host", "SSLError")


def explain_pip_failure(output: str, what: str) -> str:
    """One sentence for a failed `pip install` of `what`, from pip's output."""
    if "No space left on device" in output or "[Errno 28]" in output:
        return (f"The disk is full: installing {what} needs more free space. Free some space "
                "(or empty pip's cache: python -m pip cache purge) and run this again.")
    if any(sign in output for sign in NETWORK_SIGNS):
        return (f"The package index could not be reached while installing {what}: check the "
                "internet connection (and the proxy, HTTPS_PROXY, if you use one), then run this "
                "again.")
    m = re.search(r"No matching distribution found for (\S+)", output)
    if m:
        return (f"pip found no build of {m.group(1)} for this computer (Python "
                f"{platform.python_version()}, {platform.system()} {platform.machine()}): "
                f"a Python from {_supported_pythons()} usually has one.")
    m = re.search(r"Failed (?:to build|building wheel for) (\S+)", output)
    if m:
        return (f"The package {m.group(1).strip(':')} could not be built on this computer, so "
                f"{what} could not be installed.")
    errors = [ln.strip() for ln in output.splitlines() if ln.strip().startswith("ERROR:")]
    said = errors[-1][len("ERROR:"):].strip() if errors else "pip stopped with an error"
    return f"Installing {what} failed: {said}"


def _supported_pythons() -> str:
    from python_check import KNOWN_VERSIONS

    versions = sorted(KNOWN_VERSIONS)
    return f"{versions[0][0]}.{versions[0][1]} to {versions[-1][0]}.{versions[-1][1]}"


def pip_supports_raw_progress(python: Path) -> bool:
    """pip 24.1 added `--progress-bar raw` (lines "Progress N of M" that we can read)."""
    out = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True)
    m = re.match(r"pip (\d+)\.(\d+)", out.stdout)
    return bool(m) and (int(m.group(1)), int(m.group(2))) >= (24, 1)


def run_pip(python: Path, args: list[str], what: str, reporter: Reporter, log: Path) -> None:
    """`python -m pip ARGS`, its output summarised on screen and kept whole in the log."""
    bar = ["--progress-bar", "raw" if pip_supports_raw_progress(python) else "off"]
    command = [str(python), "-m", "pip", *args, "--disable-pip-version-check", "--no-input"]
    if args[0] == "install":
        command += bar
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    # The test extra builds llama.cpp (llama-cpp-python) from source: about 630 CPU-seconds on 2
    # cores. Its multimodal library, which GPT Studio does not use, is left out of the build.
    env.setdefault("CMAKE_ARGS", "-DLLAVA_BUILD=OFF")
    progress = PipProgress(reporter)
    lines = []
    with open(log, "a", encoding="utf-8") as record:
        record.write(f"\n$ {' '.join(command)}\n")
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, encoding="utf-8", errors="replace", env=env)
        for line in process.stdout:
            lines.append(line)
            if not line.startswith("Progress "):
                record.write(line)
            progress.feed(line)
        code = process.wait()
    reporter.progress("")
    if code != 0:
        raise SetupError(explain_pip_failure("".join(lines), what) + f" (Details: {log})")


# ---------------------------------------------------------------------------------------------------
# The steps


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def space_problem(folder: Path, need_bytes: float, usage=shutil.disk_usage) -> str | None:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free = usage(folder).free
    if free >= need_bytes:
        return None
    return (f"There is only {free / GB:.1f} GB free on the disk of {folder}, and installing needs "
            f"about {need_bytes / GB:.1f} GB. Free some space and run this again.")


def ensure_venv(venv: Path, reporter: Reporter) -> tuple[Path, bool]:
    """The venv's python, and whether the venv is new. A broken or too old one is made anew."""
    python = venv_python(venv)
    if python.exists():
        from python_check import MIN_VERSION, version_of

        version = version_of([str(python)])
        if version is not None and version >= MIN_VERSION:
            return python, False
        reporter.note(f"{venv.name} does not work ({'its Python does not start' if version is None else 'its Python is too old'}); making it again.")
        shutil.rmtree(venv)
    reporter.note(f"creating {venv}")
    result = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True,
                            text=True)
    if result.returncode != 0 or not python.exists():
        shutil.rmtree(venv, ignore_errors=True)  # half a venv would look finished next time
        said = (result.stderr or result.stdout).strip()
        if "ensurepip" in said or "No module named venv" in said:
            v = f"{sys.version_info[0]}.{sys.version_info[1]}"
            raise SetupError(f"This Python cannot make virtual environments (its venv module is "
                             f"missing). On Debian or Ubuntu install it with: sudo apt install "
                             f"python{v}-venv")
        raise SetupError(f"Could not create {venv}: {said.splitlines()[-1] if said else 'no reason given'}")
    return python, True


def installed_torch(python: Path) -> tuple[str, str | None] | None:
    """(torch.__version__, torch.version.cuda) in the venv, or None when torch does not import."""
    code = "import json, torch; print(json.dumps([torch.__version__, torch.version.cuda]))"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    version, cuda = json.loads(out.stdout.strip().splitlines()[-1])
    return version, cuda


def torch_fits(plan: TorchPlan, installed: tuple[str, str | None] | None, explicit: bool) -> bool:
    """Can the installed torch serve this plan? A build the user named must be that build; else
    any build of the pinned version that runs on the plan's device will do (no churn)."""
    if installed is None or installed[0].split("+")[0] != torch_choice.TORCH_VERSION:
        return False
    version, cuda = installed
    if explicit:
        if plan.build == "cpu":
            return cuda is None
        return plan.build == "default" or cuda is not None
    return plan.device != "cuda" or cuda is not None


def device_problem(python: Path, device: str) -> str | None:
    """None when torch computes correctly on the device, else the last line of its error."""
    try:
        out = subprocess.run([str(python), "-c", DEVICE_CHECK, device], capture_output=True,
                             text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return f"a small computation on {device} did not finish in 5 minutes"
    if out.returncode == 0:
        return None
    said = [ln for ln in out.stderr.strip().splitlines() if ln.strip()]
    return said[-1] if said else f"exit code {out.returncode}"


def install_torch(python: Path, machine: Machine, requested: str, reporter: Reporter, log: Path,
                  pip=run_pip, installed=installed_torch, check=device_problem,
                  problem_of=torch_choice.index_problem) -> TorchPlan:
    """Install the build chosen for this machine (unless one that fits is there) and check it."""
    plan = torch_choice.choose_torch(machine, requested)
    reporter.step(f"PyTorch {torch_choice.TORCH_VERSION}: the {plan.label} build, because "
                  f"{plan.reason}")
    have = installed(python)
    if torch_fits(plan, have, explicit=requested != "auto"):
        reporter.note(f"torch {have[0]} is already installed.")
    else:
        plan = _install_build(python, plan, machine, have, reporter, log, pip, problem_of)
    problem = check(python, plan.device)
    if problem is None:
        reporter.note(f"checked: torch computes correctly on {_device_words(plan.device)}.")
        return plan
    if plan.device == "mps":
        reporter.note(f"The Mac's GPU did not compute correctly ({problem}); GPT Studio will "
                      "train on the CPU.")
        return plan
    if plan.device != "cuda":
        raise SetupError(f"torch was installed but does not compute correctly ({problem}).")
    reporter.note(f"The GPU did not compute correctly with the CUDA build ({problem}); installing "
                  "the CPU-only build instead, so GPT Studio trains on the CPU (an NVIDIA driver "
                  "update may let the GPU work: then run this again with --torch cuda).")
    cpu = torch_choice.choose_torch(machine, "cpu")
    cpu = _install_build(python, cpu, machine, installed(python), reporter, log, pip, problem_of)
    problem = check(python, "cpu")
    if problem is not None:
        raise SetupError(f"torch was installed but does not compute correctly ({problem}).")
    reporter.note("checked: torch computes correctly on the CPU.")
    return cpu


def _install_build(python, plan, machine, have, reporter, log, pip, problem_of) -> TorchPlan:
    plan, note = torch_choice.reachable_plan(plan, machine, problem_of)
    if note:
        reporter.note(note)
    if have is not None:
        reporter.note(f"removing torch {have[0]} first")
        pip(python, ["uninstall", "-y", "torch"], "the old torch", reporter, log)
    index = ["--index-url", plan.index_url] if plan.index_url else []
    started = time.monotonic()
    pip(python, ["install", torch_choice.TORCH_REQUIREMENT, *index], "PyTorch", reporter, log)
    reporter.note(f"installed torch in {time.monotonic() - started:.0f} s")
    return plan


def _device_words(device: str) -> str:
    return {"cuda": "the NVIDIA GPU", "mps": "the Mac's GPU"}.get(device, "the CPU")


# ---------------------------------------------------------------------------------------------------
# The stamp: a finished set-up


def wanted_stamp(extras: str, requested: str) -> dict:
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    return {"pyproject": hashlib.sha256(pyproject).hexdigest(), "extras": extras,
            "torch": requested, "python": platform.python_version()}


def up_to_date(venv: Path, wanted: dict) -> bool:
    try:
        stamp = json.loads((venv / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    extras_ok = stamp.get("extras") == wanted["extras"] or stamp.get("extras") == "test"
    same = all(stamp.get(k) == wanted[k] for k in ("pyproject", "torch", "python"))
    return same and extras_ok and venv_python(venv).exists()


# ---------------------------------------------------------------------------------------------------
# The command


def parse(kind: str, argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    what = "start GPT Studio" if kind == "run" else "run GPT Studio's tests"
    rest = "arguments for gptstudio" if kind == "run" else "arguments for pytest"
    parser = argparse.ArgumentParser(
        prog=f"scripts/{kind}.py",
        description=f"Set up .venv (PyTorch for this computer, then GPT Studio), then {what}. "
                    f"Other {rest} are passed on.")
    parser.add_argument("--torch", choices=torch_choice.BUILDS, default="auto",
                        help="which PyTorch build: auto (chosen for this computer; the default), "
                             "cpu (CPU-only, small), cuda (NVIDIA GPUs), default (the package "
                             "index's own build)")
    parser.add_argument("--plan", action="store_true",
                        help="only say which PyTorch build would be installed, and why")
    return parser.parse_known_args(argv)


def detect() -> Machine:
    return torch_choice.detect_machine(platform.system(), platform.machine())


def setup(kind: str, args, reporter: Reporter, venv: Path) -> tuple[Path, bool]:
    """Make sure .venv has everything; returns its python, and whether anything was done."""
    extras = "test" if kind == "test" else ""
    wanted = wanted_stamp(extras, args.torch)
    if up_to_date(venv, wanted):
        reporter.step(f"{venv.name} is set up (delete the folder to set it up anew).")
        return venv_python(venv), False
    started = time.monotonic()
    reporter.step(f"Setting up GPT Studio in {venv} (Python {platform.python_version()}, "
                  f"{platform.system()} {platform.machine()}).")
    reporter.step("[1/3] A virtual environment, so nothing is installed outside this folder")
    python, new = ensure_venv(venv, reporter)
    log = venv / LOG
    machine = detect()
    have = installed_torch(python) if not new else None
    need = SPACE_NEEDED["app"] if have else SPACE_NEEDED[
        torch_choice.choose_torch(machine, args.torch).build]
    if problem := space_problem(venv, need):
        raise SetupError(problem)
    if new:
        reporter.note("updating pip (it shows download progress from version 24.1 on)")
        try:
            run_pip(python, ["install", "--upgrade", "pip"], "pip", reporter, log)
        except SetupError as e:  # the pip that came with Python still works
            reporter.note(f"pip stays as it was: {e}")
    reporter.step("[2/3] PyTorch")
    install_torch(python, machine, args.torch, reporter, log)
    reporter.step("[3/3] GPT Studio and what it needs (PySide6, numpy, ...)" +
                  (", and the test tools" if extras else ""))
    target = f".[{extras}]" if extras else "."
    run_pip(python, ["install", "-e", target], "GPT Studio", reporter, log)
    # An editable install leaves the app's modules as sources; where Python may not write
    # bytecode, every start compiled them again (docs/performance.md, "Bytecode").
    subprocess.run([str(python), "-m", "compileall", "-q", str(ROOT / "gptstudio")],
                   capture_output=True)
    (venv / STAMP).write_text(json.dumps(wanted, indent=1), encoding="utf-8")
    reporter.step(f"Set up in {time.monotonic() - started:.0f} s.")
    return python, True


def main(kind: str, argv: list[str] | None = None) -> int:
    args, rest = parse(kind, sys.argv[1:] if argv is None else argv)
    reporter = Reporter()
    venv = Path(os.environ.get("GPTSTUDIO_VENV", ROOT / ".venv"))
    try:
        if args.plan:
            machine = detect()
            plan = torch_choice.choose_torch(machine, args.torch)
            reporter.step(f"PyTorch {torch_choice.TORCH_VERSION}: the {plan.label} build "
                          f"(from {plan.index_url or 'the usual package index'}), because "
                          f"{plan.reason}")
            if note := torch_choice.reachable_plan(plan, machine)[1]:
                reporter.note(note)
            return 0
        python, fresh = setup(kind, args, reporter, venv)
    except (SetupError, TorchChoiceError) as e:
        reporter.line(f"Set-up stopped: {e}")
        return 1
    except KeyboardInterrupt:
        reporter.line("Set-up interrupted; run the same command again to go on.")
        return 1
    if kind == "test":
        if problem := qt_libraries_problem(python):
            reporter.line(problem)
            return 1
        reporter.step("Running the tests (python -m pytest -q " + " ".join(rest) + ")")
        return subprocess.call([str(python), "-m", "pytest", "-q", *rest], cwd=ROOT)
    reporter.step("Starting GPT Studio" + (" (from now on, this command starts it at once)."
                                           if fresh else "."))
    return subprocess.call([str(python), "-m", "gptstudio", *rest], cwd=ROOT)


def qt_libraries_problem(python: Path) -> str | None:
    """The tests draw offscreen: say which system packages Qt's offscreen platform lacks."""
    out = subprocess.run([str(python), "-m", "gptstudio.system_libraries", "offscreen"],
                         capture_output=True, text=True, cwd=ROOT)
    return (out.stdout.strip() or None) if out.returncode != 0 else None
