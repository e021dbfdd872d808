"""Which PyTorch build suits this computer, and where pip should get it from. Stdlib only.

scripts/run.py and scripts/test.py ask this before they install torch. The rule:

    an NVIDIA GPU that nvidia-smi can talk to   -> the CUDA build (PyTorch's own cuXXX index)
    an Apple Silicon Mac                        -> the default build (it has the CPU and Metal/MPS)
    anything else                               -> the CPU-only build (PyTorch's cpu index)

Why not simply `pip install torch`: on Linux the public index's torch is the CUDA build, a few GB of
NVIDIA libraries that a computer without an NVIDIA GPU never uses; on Windows it is CPU-only, so a
GPU would stay idle. The version is always pinned: pip never resolves a bare `torch`.

Everything here is a plain function of its inputs (nvidia-smi's output, the platform's names, an
index's reachability) so tests can feed fakes: a fake nvidia-smi on PATH, a local HTTP server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass

# One version everywhere: the app and its tests are checked against it. When it changes, check
# CUDA_BUILDS below against https://pytorch.org/get-started/locally/ (the builds PyTorch publishes
# for that version).
TORCH_VERSION = "2.13.0"
TORCH_REQUIREMENT = f"torch=={TORCH_VERSION}"

# GPTSTUDIO_PYTORCH_INDEX points elsewhere: a company mirror, or a test's local server.
PYTORCH_INDEX = os.environ.get("GPTSTUDIO_PYTORCH_INDEX", "https://download.pytorch.org/whl")
CPU_INDEX = f"{PYTORCH_INDEX}/cpu"
# PyTorch's CUDA builds, newest first, each with the oldest CUDA version the NVIDIA driver must
# support to run it (nvidia-smi's "CUDA Version"). A driver below the last one gets the CPU build.
CUDA_BUILDS = (("cu130", (13, 0)), ("cu128", (12, 8)), ("cu126", (12, 6)))

# Long enough for a slow line to answer, short enough that an unreachable index (a firewall that
# drops packets, a mirror-only network) costs seconds, not pip's minutes of retries.
INDEX_TIMEOUT_S = 6.0
BUILDS = ("auto", "cpu", "cuda", "default")


class TorchChoiceError(Exception):
    """A build that cannot be installed on this computer; str() is the sentence for the user."""


@dataclass(frozen=True)
class NvidiaGpu:
    names: tuple[str, ...]
    driver: str
    cuda: tuple[int, int] | None  # the newest CUDA version the driver supports


@dataclass(frozen=True)
class Machine:
    system: str  # platform.system(): "Linux", "Windows", "Darwin"
    arch: str  # platform.machine(), lower case: "x86_64", "amd64", "arm64", "aarch64"
    nvidia: NvidiaGpu | None = None
    nvidia_problem: str = ""  # nvidia-smi exists but could not report a GPU: what it said

    @property
    def apple_silicon(self) -> bool:
        return self.system == "Darwin" and self.arch in ("arm64", "aarch64")


@dataclass(frozen=True)
class TorchPlan:
    build: str  # "cpu" | "cuda" | "default"
    index_url: str | None  # None: pip's usual index (PyPI, or the mirror pip is set up with)
    device: str  # what the check after installing tries: "cuda", "mps" or "cpu"
    reason: str  # one sentence: why this build

    @property
    def label(self) -> str:
        return {"cpu": "CPU-only", "cuda": "CUDA", "default": "standard"}[self.build]


# ---------------------------------------------------------------------------------------------------
# What is in this computer


def detect_machine(system: str, arch: str, which=shutil.which, run=subprocess.run) -> Machine:
    gpu, problem = None, ""
    if system in ("Linux", "Windows"):
        gpu, problem = find_nvidia_gpu(which, run)
    return Machine(system=system, arch=arch.lower(), nvidia=gpu, nvidia_problem=problem)


def find_nvidia_gpu(which=shutil.which, run=subprocess.run) -> tuple[NvidiaGpu | None, str]:
    """(the GPUs nvidia-smi reports, "") or (None, why not). No nvidia-smi at all is (None, "")."""
    smi = which("nvidia-smi")
    if smi is None:
        return None, ""
    try:
        listing = run([smi, "--query-gpu=name,driver_version", "--format=csv,noheader"],
                      capture_output=True, text=True, timeout=30)
        banner = run([smi], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"nvidia-smi did not answer ({e})"
    if listing.returncode != 0 or not listing.stdout.strip():
        said = (listing.stdout + listing.stderr).strip().splitlines()
        return None, said[0] if said else f"nvidia-smi failed (exit code {listing.returncode})"
    return parse_nvidia_smi(listing.stdout, banner.stdout), ""


def parse_nvidia_smi(listing: str, banner: str) -> NvidiaGpu:
    """listing: `nvidia-smi --query-gpu=name,driver_version --format=csv,noheader` (one GPU a line);
    banner: plain `nvidia-smi`, whose header says "CUDA Version: 12.4"."""
    rows = [[cell.strip() for cell in line.rsplit(",", 1)] for line in listing.splitlines()
            if line.strip()]
    names = tuple(row[0] for row in rows)
    driver = rows[0][1] if rows and len(rows[0]) > 1 else ""
    match = re.search(r"CUDA Version\s*:\s*(\d+)\.(\d+)", banner)
    cuda = (int(match.group(1)), int(match.group(2))) if match else None
    return NvidiaGpu(names=names, driver=driver, cuda=cuda)


# ---------------------------------------------------------------------------------------------------
# Which build


def choose_torch(machine: Machine, requested: str = "auto") -> TorchPlan:
    """The build to install; raises TorchChoiceError when the request cannot work here."""
    if requested not in BUILDS:
        raise TorchChoiceError(f"--torch must be one of {', '.join(BUILDS)}, not '{requested}'.")
    if machine.system == "Darwin" and not machine.apple_silicon:
        raise TorchChoiceError(
            f"PyTorch {TORCH_VERSION} has no build for Macs with an Intel processor (PyTorch "
            "stopped making them after version 2.2), so GPT Studio cannot be installed on this Mac.")
    if requested == "auto":
        return _automatic(machine)
    return _requested(machine, requested)


def _automatic(machine: Machine) -> TorchPlan:
    if machine.apple_silicon:
        return TorchPlan("default", None, "mps",
                         "this is a Mac with Apple Silicon: the standard build uses its GPU (Metal).")
    if machine.system == "Darwin":
        raise AssertionError("unreachable: Intel Macs are refused in choose_torch")
    gpu = machine.nvidia
    if gpu is not None:
        build = cuda_build_for(gpu.cuda)
        names = ", ".join(gpu.names) or "an NVIDIA GPU"
        if build is not None:
            return TorchPlan("cuda", f"{PYTORCH_INDEX}/{build}", "cuda",
                             f"nvidia-smi found {names} (driver {gpu.driver}, CUDA "
                             f"{_version(gpu.cuda)}), so the CUDA build ({build}) lets it train.")
        oldest = _version(CUDA_BUILDS[-1][1])
        return _cpu(machine, f"nvidia-smi found {names}, but its driver supports CUDA "
                             f"{_version(gpu.cuda)} and PyTorch {TORCH_VERSION} needs {oldest} or "
                             "newer (update the NVIDIA driver to use the GPU); until then, the CPU.")
    if machine.nvidia_problem:
        return _cpu(machine, f"nvidia-smi is installed but reports no working GPU "
                             f"({machine.nvidia_problem}), so the GPU cannot be used.")
    return _cpu(machine, "no NVIDIA GPU was found (no nvidia-smi), so the small CPU-only build "
                         "is enough.")


def _requested(machine: Machine, build: str) -> TorchPlan:
    why = f"you asked for it with --torch {build}."
    if build == "default":
        device = "mps" if machine.apple_silicon else "cuda" if machine.nvidia else "cpu"
        return TorchPlan("default", None, device, why)
    if build == "cpu":
        return _cpu(machine, why)
    if machine.system == "Darwin":
        raise TorchChoiceError("There is no CUDA on a Mac: use --torch default (it uses the Mac's "
                               "GPU through Metal) or --torch cpu.")
    gpu = machine.nvidia
    build_name = cuda_build_for(gpu.cuda if gpu else None) or CUDA_BUILDS[0][0]
    return TorchPlan("cuda", f"{PYTORCH_INDEX}/{build_name}", "cuda", why)


def _cpu(machine: Machine, reason: str) -> TorchPlan:
    # PyTorch publishes no separate CPU-only build for macOS: its standard build is one.
    index = None if machine.system == "Darwin" else CPU_INDEX
    return TorchPlan("cpu", index, "cpu", reason)


def cuda_build_for(cuda: tuple[int, int] | None) -> str | None:
    """The newest CUDA build the driver can run; None when it is too old (or did not say)."""
    if cuda is None:
        return None
    for name, needs in CUDA_BUILDS:
        if cuda >= needs:
            return name
    return None


def _version(v: tuple[int, int] | None) -> str:
    return f"{v[0]}.{v[1]}" if v else "(unknown)"


# ---------------------------------------------------------------------------------------------------
# Can the index be reached, and what if not


def index_problem(index_url: str, timeout_s: float = INDEX_TIMEOUT_S) -> str | None:
    """None when the index answers (any HTTP answer counts: the server is there), else why not.

    Asked for the torch page of a PEP 503 index, as pip would. urllib follows the same
    HTTP(S)_PROXY variables as pip.
    """
    url = index_url.rstrip("/") + "/torch/"
    try:
        with urllib.request.urlopen(url, timeout=timeout_s):
            return None
    except urllib.error.HTTPError:
        return None
    except urllib.error.URLError as e:
        return str(getattr(e.reason, "strerror", None) or e.reason)
    except (OSError, ValueError) as e:  # a timeout, a reset connection, a malformed URL
        return str(e) or type(e).__name__


def reachable_plan(plan: TorchPlan, machine: Machine,
                   problem_of=index_problem) -> tuple[TorchPlan, str]:
    """The plan itself when its index answers, else the public index's build and a sentence why.

    The public index's torch is the CUDA build on Linux (so a CUDA plan loses nothing) and the
    CPU-only build on Windows (so a CPU plan loses nothing).
    """
    if plan.index_url is None:
        return plan, ""
    problem = problem_of(plan.index_url)
    if problem is None:
        return plan, ""
    fallback_build = "cuda" if machine.system == "Linux" else "cpu"
    device = plan.device if fallback_build == plan.build else "cpu"
    what = {("cpu", "Linux"): "PyTorch's standard Linux build (larger: it brings CUDA libraries "
                              "this computer may not use)",
            ("cuda", "Windows"): "the standard Windows build, which has no CUDA: the app will "
                                 "train on the CPU"}.get((plan.build, machine.system),
                                                         "the standard build")
    note = (f"PyTorch's download site ({plan.index_url}) cannot be reached ({problem}), so torch "
            f"comes from the usual package index instead: {what}.")
    return TorchPlan(fallback_build, None, device, plan.reason), note
