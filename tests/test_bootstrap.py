"""scripts/run.py and scripts/test.py: the PyTorch build they pick, their fallbacks, their sentences.

Real processes where it is cheap: a fake nvidia-smi on PATH, a local HTTP server standing in for
PyTorch's index, a closed port for an unreachable one, real pip failing against them. pip never
installs torch here; that path runs for real in every `python3 scripts/test.py`.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "scripts"))  # last: scripts/test.py must not shadow a module

import python_check  # noqa: E402
import setup_env  # noqa: E402
import torch_choice  # noqa: E402
from torch_choice import Machine, NvidiaGpu, TorchChoiceError  # noqa: E402

# ---------------------------------------------------------------------------------------------------
# Helpers: fake programs, a local index, a closed port


def write_program(folder: Path, name: str, script: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


H100_LISTING = "NVIDIA H100 80GB HBM3, 550.54.15\nNVIDIA H100 80GB HBM3, 550.54.15\n"


def banner(cuda: str) -> str:
    return ("+-----------------------------------------------------------------------------+\n"
            f"| NVIDIA-SMI 550.54.15    Driver Version: 550.54.15    CUDA Version: {cuda}     |\n")


def fake_nvidia_smi(folder: Path, listing: str, cuda: str, code: int = 0) -> Path:
    """An nvidia-smi that answers the query with `listing` and its banner with `cuda`."""
    script = (f'if [ "$1" = "--query-gpu=name,driver_version" ]; then printf "{listing}"; '
              f'exit {code}; fi\nprintf "{banner(cuda)}"\n')
    return write_program(folder, "nvidia-smi", script)


@pytest.fixture
def fake_path(tmp_path, monkeypatch):
    """A folder first on PATH for fake programs."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


class IndexHandler(http.server.BaseHTTPRequestHandler):
    """A PEP 503 index that has no packages at all (but answers, as a reachable index does)."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        body = b"<!DOCTYPE html><html><body></body></html>"
        self.send_response(200 if self.path.rstrip("/").count("/") <= 2 else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_index():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), IndexHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def closed_port() -> str:
    """The address of a port nothing listens on: a connection is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers: what a dropping firewall looks like."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


LINUX = Machine("Linux", "x86_64")
WINDOWS = Machine("Windows", "amd64")
MAC_ARM = Machine("Darwin", "arm64")


def with_gpu(machine: Machine, cuda=(12, 8)) -> Machine:
    return Machine(machine.system, machine.arch,
                   NvidiaGpu(("NVIDIA GeForce RTX 4070",), "570.86", cuda))


# ---------------------------------------------------------------------------------------------------
# Finding an NVIDIA GPU


def test_a_fake_nvidia_smi_on_path_is_run_and_read(fake_path):
    fake_nvidia_smi(fake_path, H100_LISTING, "12.4")
    gpu, problem = torch_choice.find_nvidia_gpu()
    assert problem == ""
    assert gpu == NvidiaGpu(("NVIDIA H100 80GB HBM3",) * 2, "550.54.15", (12, 4))


def test_no_nvidia_smi_means_no_gpu_and_no_problem(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert torch_choice.find_nvidia_gpu() == (None, "")


def test_an_nvidia_smi_that_cannot_reach_its_driver_is_a_problem_not_a_gpu(fake_path):
    said = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
    fake_nvidia_smi(fake_path, said, "12.4", code=9)
    machine = torch_choice.detect_machine("Linux", "x86_64")
    assert machine.nvidia is None and machine.nvidia_problem == said
    plan = torch_choice.choose_torch(machine)
    assert plan.build == "cpu" and said in plan.reason


def test_macs_are_not_asked_about_nvidia(fake_path):
    fake_nvidia_smi(fake_path, H100_LISTING, "12.4")
    assert torch_choice.detect_machine("Darwin", "arm64").nvidia is None


# ---------------------------------------------------------------------------------------------------
# Choosing the build


def test_linux_without_a_gpu_gets_the_cpu_only_build_from_pytorchs_cpu_index():
    plan = torch_choice.choose_torch(LINUX)
    assert (plan.build, plan.index_url, plan.device) == ("cpu", torch_choice.CPU_INDEX, "cpu")
    assert "no NVIDIA GPU" in plan.reason


@pytest.mark.parametrize(("cuda", "build"), [((13, 1), "cu130"), ((12, 9), "cu128"),
                                             ((12, 6), "cu126")])
def test_an_nvidia_gpu_gets_the_newest_cuda_build_its_driver_runs(cuda, build):
    for machine in (LINUX, WINDOWS):
        plan = torch_choice.choose_torch(with_gpu(machine, cuda))
        assert plan.build == "cuda" and plan.device == "cuda"
        assert plan.index_url == f"{torch_choice.PYTORCH_INDEX}/{build}"
        assert "RTX 4070" in plan.reason and build in plan.reason


def test_a_driver_too_old_for_every_cuda_build_gets_the_cpu_build_and_is_told_to_update():
    plan = torch_choice.choose_torch(with_gpu(LINUX, (11, 8)))
    assert plan.build == "cpu" and plan.index_url == torch_choice.CPU_INDEX
    assert "11.8" in plan.reason and "update the NVIDIA driver" in plan.reason


def test_windows_without_a_gpu_gets_the_cpu_build():
    plan = torch_choice.choose_torch(WINDOWS)
    assert (plan.build, plan.index_url) == ("cpu", torch_choice.CPU_INDEX)


def test_apple_silicon_gets_the_standard_build_for_its_gpu():
    plan = torch_choice.choose_torch(MAC_ARM)
    assert (plan.build, plan.index_url, plan.device) == ("default", None, "mps")


def test_an_intel_mac_is_told_pytorch_has_no_build_for_it():
    with pytest.raises(TorchChoiceError, match="Intel processor"):
        torch_choice.choose_torch(Machine("Darwin", "x86_64"))


def test_the_override_wins_over_what_was_found():
    assert torch_choice.choose_torch(with_gpu(LINUX), "cpu").build == "cpu"
    assert torch_choice.choose_torch(LINUX, "cuda").index_url.endswith("/cu130")
    default = torch_choice.choose_torch(LINUX, "default")
    assert (default.build, default.index_url, default.device) == ("default", None, "cpu")
    assert "--torch default" in default.reason
    # A Mac's standard build is its CPU build: there is no separate index to ask.
    assert torch_choice.choose_torch(MAC_ARM, "cpu").index_url is None


def test_an_impossible_override_is_one_sentence():
    with pytest.raises(TorchChoiceError, match="no CUDA on a Mac"):
        torch_choice.choose_torch(MAC_ARM, "cuda")
    with pytest.raises(TorchChoiceError, match="must be one of"):
        torch_choice.choose_torch(LINUX, "rocm")


# ---------------------------------------------------------------------------------------------------
# An index that cannot be reached


def test_an_index_that_answers_is_reachable(local_index):
    assert torch_choice.index_problem(local_index + "/cpu") is None


def test_a_closed_port_is_unreachable_with_the_reason(closed_port):
    assert "refused" in torch_choice.index_problem(closed_port + "/cpu").lower()


def test_a_server_that_never_answers_gives_up_after_the_short_timeout(silent_server):
    assert "timed out" in torch_choice.index_problem(silent_server + "/cpu", timeout_s=0.5)


def test_an_unreachable_cpu_index_on_linux_falls_back_to_the_public_index_and_says_so():
    plan = torch_choice.choose_torch(LINUX)
    fallback, note = torch_choice.reachable_plan(plan, LINUX, problem_of=lambda url: "refused")
    assert fallback.index_url is None and fallback.device == "cpu"
    assert torch_choice.CPU_INDEX in note and "(refused)" in note and "usual package index" in note


def test_an_unreachable_cuda_index_on_windows_falls_back_to_the_cpu_build():
    machine = with_gpu(WINDOWS)
    plan = torch_choice.choose_torch(machine)
    fallback, note = torch_choice.reachable_plan(plan, machine, problem_of=lambda url: "timed out")
    assert (fallback.build, fallback.index_url, fallback.device) == ("cpu", None, "cpu")
    assert "no CUDA" in note


def test_a_reachable_index_keeps_the_plan():
    plan = torch_choice.choose_torch(LINUX)
    assert torch_choice.reachable_plan(plan, LINUX, problem_of=lambda url: None) == (plan, "")


def run_script(*args, env=None):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "run.py"), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_run_py_plan_with_a_fake_gpu_and_a_local_index(fake_path, local_index):
    fake_nvidia_smi(fake_path, H100_LISTING, "12.8")
    env = dict(os.environ, GPTSTUDIO_PYTORCH_INDEX=local_index)
    out = run_script("--plan", env=env)
    assert out.returncode == 0, out.stderr
    assert f"the CUDA build (from {local_index}/cu128)" in out.stdout
    assert "NVIDIA H100 80GB HBM3" in out.stdout and "cannot be reached" not in out.stdout


def test_run_py_plan_without_a_gpu_and_an_unreachable_index(fake_path, closed_port):
    env = dict(os.environ, GPTSTUDIO_PYTORCH_INDEX=closed_port)
    out = run_script("--plan", "--torch", "cpu", env=env)
    assert out.returncode == 0, out.stderr
    assert f"the CPU-only build (from {closed_port}/cpu)" in out.stdout
    assert "cannot be reached" in out.stdout and "usual package index" in out.stdout


# ---------------------------------------------------------------------------------------------------
# Installing: which pip commands, the check after, the fallback to the CPU


class FakePip:
    """Records pip's arguments; `installed` tracks what a real pip would have left."""

    def __init__(self, installed=None, after_install=("2.13.0+cpu", None)):
        self.calls: list[list[str]] = []
        self.now = installed
        self.after_install = after_install

    def __call__(self, python, args, what, reporter, log):
        self.calls.append(args)
        if args[0] == "uninstall":
            self.now = None
        elif args[0] == "install":
            self.now = self.after_install

    def installed(self, python):
        return self.now


def install(machine, requested="auto", pip=None, check=lambda python, device: None,
            problem_of=lambda url: None):
    pip = pip or FakePip()
    out = io.StringIO()
    plan = setup_env.install_torch(Path("python"), machine, requested, setup_env.Reporter(out),
                                   Path("log"), pip=pip, installed=pip.installed, check=check,
                                   problem_of=problem_of)
    return plan, pip.calls, out.getvalue()


def test_linux_without_a_gpu_installs_the_pinned_torch_from_the_cpu_index():
    plan, calls, said = install(LINUX)
    assert calls == [["install", "torch==2.13.0", "--index-url", torch_choice.CPU_INDEX]]
    assert "the CPU-only build, because no NVIDIA GPU" in said
    assert "computes correctly on the CPU" in said


def test_when_the_cpu_index_is_unreachable_the_pinned_torch_comes_from_the_usual_index():
    plan, calls, said = install(LINUX, problem_of=lambda url: "Name or service not known")
    assert calls == [["install", "torch==2.13.0"]]
    assert "cannot be reached (Name or service not known)" in said


def test_a_torch_that_fits_is_kept():
    pip = FakePip(installed=("2.13.0+cpu", None))
    plan, calls, said = install(LINUX, pip=pip)
    assert calls == [] and "already installed" in said


def test_another_torch_version_is_replaced_by_the_pinned_one():
    pip = FakePip(installed=("2.5.1+cpu", None))
    _, calls, _ = install(LINUX, pip=pip)
    assert calls[0] == ["uninstall", "-y", "torch"] and calls[1][:2] == ["install", "torch==2.13.0"]


def test_asking_for_the_cpu_build_replaces_a_cuda_build():
    pip = FakePip(installed=("2.13.0", "12.8"))
    _, calls, _ = install(with_gpu(LINUX), "cpu", pip=pip)
    assert calls == [["uninstall", "-y", "torch"],
                     ["install", "torch==2.13.0", "--index-url", torch_choice.CPU_INDEX]]


def test_a_gpu_that_fails_the_check_falls_back_to_the_cpu_build_with_a_sentence():
    checked = []

    def check(python, device):
        checked.append(device)
        return "RuntimeError: CUDA error: no kernel image is available" if device == "cuda" else None

    pip = FakePip(after_install=("2.13.0+cu128", "12.8"))
    plan, calls, said = install(with_gpu(LINUX), pip=pip, check=check)
    assert checked == ["cuda", "cpu"]
    assert calls == [["install", "torch==2.13.0", "--index-url", f"{torch_choice.PYTORCH_INDEX}/cu128"],
                     ["uninstall", "-y", "torch"],
                     ["install", "torch==2.13.0", "--index-url", torch_choice.CPU_INDEX]]
    assert plan.build == "cpu"
    assert "no kernel image is available" in said and "installing the CPU-only build" in said


def test_a_torch_that_cannot_compute_even_on_the_cpu_stops_the_setup():
    with pytest.raises(setup_env.SetupError, match="does not compute correctly"):
        install(LINUX, check=lambda python, device: "ImportError: libgomp.so.1")


def test_the_device_check_really_computes_with_this_torch():
    assert setup_env.device_problem(Path(sys.executable), "cpu") is None
    problem = setup_env.device_problem(Path(sys.executable), "no-such-device")
    assert "no-such-device" in problem


@pytest.mark.parametrize(("installed", "explicit", "device", "fits"), [
    (("2.13.0+cpu", None), False, "cpu", True),
    (("2.13.0", "12.8"), False, "cpu", True),    # a CUDA build computes on the CPU too: no churn
    (("2.13.0+cpu", None), False, "cuda", False),
    (("2.13.0", "12.8"), True, "cpu", False),    # ...unless the user asked for the CPU build
    (("2.12.0+cpu", None), False, "cpu", False),
    (None, False, "cpu", False),
])
def test_which_installed_torch_fits_a_plan(installed, explicit, device, fits):
    build = "cuda" if device == "cuda" else "cpu"
    plan = torch_choice.TorchPlan(build, None, device, "")
    assert setup_env.torch_fits(plan, installed, explicit) is fits


# ---------------------------------------------------------------------------------------------------
# pip's failures in one sentence, from real pip runs


def real_pip(index: str, tmp_path: Path, *requirements: str) -> str:
    """pip against `index` alone: no user config, no cache, one retry (pip says why it retries)."""
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull, PIP_NO_CACHE_DIR="1")
    for name in ("PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL"):
        env.pop(name, None)
    out = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--retries", "1",
                          "--timeout", "2", "--index-url", f"{index}/simple",
                          "--target", str(tmp_path / "t"), *requirements],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode != 0
    return out.stdout + out.stderr


def test_pip_without_network_becomes_a_sentence_about_the_connection(tmp_path, closed_port):
    sentence = setup_env.explain_pip_failure(real_pip(closed_port, tmp_path, "tokenizers"),
                                             "GPT Studio")
    assert sentence.startswith("The package index could not be reached while installing GPT Studio")


def test_a_package_with_no_build_here_becomes_a_sentence_naming_it(tmp_path, local_index):
    sentence = setup_env.explain_pip_failure(real_pip(local_index, tmp_path, "torch==2.13.0"),
                                             "PyTorch")
    assert sentence.startswith("pip found no build of torch==2.13.0 for this computer (Python ")


def test_a_full_disk_becomes_a_sentence_about_space():
    # pip's own words when a write fails with ENOSPC
    output = "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device"
    assert setup_env.explain_pip_failure(output, "PyTorch").startswith("The disk is full")


def test_too_little_free_space_is_said_before_anything_is_installed(tmp_path):
    class Usage:
        free = int(0.5 * setup_env.GB)

    problem = setup_env.space_problem(tmp_path / "not" / "yet" / ".venv", 2.5 * setup_env.GB,
                                      usage=lambda folder: Usage)
    assert problem.startswith("There is only 0.5 GB free on the disk of ")
    assert "about 2.5 GB" in problem
    assert setup_env.space_problem(tmp_path, 1) is None


def test_a_python_without_venv_support_is_told_which_package_to_install(tmp_path, monkeypatch):
    fake = write_program(tmp_path, "python3", 'echo "Error: Command \'...\' returned non-zero exit'
                         ' status 1. ensurepip is not available" >&2; exit 1\n')
    monkeypatch.setattr(setup_env.sys, "executable", str(fake))
    with pytest.raises(setup_env.SetupError, match=r"sudo apt install python3\.\d+-venv"):
        setup_env.ensure_venv(tmp_path / ".venv", setup_env.Reporter(io.StringIO()))
    assert not (tmp_path / ".venv").exists()


def test_pips_output_becomes_short_progress_lines():
    out = io.StringIO()
    progress = setup_env.PipProgress(setup_env.Reporter(out))
    for line in ["Collecting torch==2.13.0",
                 "  Downloading torch-2.13.0-cp311-cp311-manylinux_2_28_x86_64.whl (180.3 MB)",
                 "Progress 0 of 180300000", "Progress 90150000 of 180300000",
                 "Installing collected packages: filelock, sympy, torch"]:
        progress.feed(line + "\n")
    lines = out.getvalue().splitlines()
    assert lines == ["      downloading torch-2.13.0-cp311-cp311-manylinux_2_28_x86_64.whl (180.3 MB)",
                     "      installing 3 packages (filelock, sympy, torch)"]


def test_a_finished_setup_is_not_done_again_until_pyproject_or_the_request_changes(tmp_path):
    venv = tmp_path / ".venv"
    setup_env.venv_python(venv).parent.mkdir(parents=True)
    setup_env.venv_python(venv).write_text("")
    wanted = setup_env.wanted_stamp("test", "auto")
    assert not setup_env.up_to_date(venv, wanted)
    (venv / setup_env.STAMP).write_text(json.dumps(wanted))
    assert setup_env.up_to_date(venv, wanted)
    assert setup_env.up_to_date(venv, setup_env.wanted_stamp("", "auto"))  # tests' set-up has all
    assert not setup_env.up_to_date(venv, setup_env.wanted_stamp("test", "cpu"))
    assert not setup_env.up_to_date(venv, dict(wanted, pyproject="changed"))


# ---------------------------------------------------------------------------------------------------
# A Python too old


def test_a_newer_python_on_path_is_found_when_this_one_is_too_old(fake_path, monkeypatch):
    write_program(fake_path, "python3.12", 'echo "3 12"\n')
    monkeypatch.setenv("PATH", str(fake_path))
    command, version = python_check.newer_python(windows=False)
    assert command == [str(fake_path / "python3.12")] and version == (3, 12)


def test_without_a_newer_python_the_sentence_says_where_to_get_one(fake_path, monkeypatch):
    write_program(fake_path, "python3.11", 'echo "3 9"\n')  # a name that lies is not trusted
    monkeypatch.setenv("PATH", str(fake_path))
    assert python_check.newer_python(windows=False) is None
    sentence = python_check.too_old_sentence((3, 8), windows=True)
    assert sentence.startswith("GPT Studio needs Python 3.10 or newer, and this is Python 3.8")
    assert "https://www.python.org/downloads/" in sentence and "py scripts\\" in sentence


def _old_python() -> str | None:
    """A Python older than 3.10 on PATH or in pyenv's folder, if this machine has one."""
    names = [f"python{v}" for v in ("3.9", "3.8", "3.7", "3.6", "2.7")]
    found = [subprocess.run(["sh", "-c", f"command -v {n}"], capture_output=True,
                            text=True).stdout.strip() for n in names]
    found += sorted(str(p) for p in Path.home().glob(".pyenv/versions/*/bin/python"))
    for path in filter(None, found):
        version = python_check.version_of([path])
        if version is not None and version < (3, 10):
            return path
    return None


@pytest.mark.skipif(_old_python() is None, reason="no Python older than 3.10 on this machine")
def test_an_old_python_running_run_py_hands_over_to_a_new_one():
    out = subprocess.run([_old_python(), str(ROOT / "scripts" / "run.py"), "--plan"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "GPT Studio needs 3.10 or newer, so Python 3." in out.stdout
    assert "PyTorch 2.13.0: the" in out.stdout


def test_progress_on_a_terminal_is_rewritten_in_place_without_ansi_codes():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    reporter = setup_env.Reporter(screen)
    reporter.progress("downloading torch: 10% of 180 MB")
    reporter.progress("downloading torch: 95% of 180 MB")
    reporter.note("installed torch in 51 s")
    text = screen.getvalue()
    assert "\x1b" not in text  # a Windows console would print it
    # What a terminal shows: each carriage return starts the line again, over the old text.
    shown = []
    for line in text.split("\n")[:-1]:
        visible = ""
        for part in line.split("\r"):
            visible = part + visible[len(part):]
        shown.append(visible.rstrip())
    assert shown == ["      installed torch in 51 s"]
    log = io.StringIO()  # not a terminal: no progress lines at all
    setup_env.Reporter(log).progress("downloading torch: 10%")
    assert log.getvalue() == ""
