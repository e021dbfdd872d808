#!/usr/bin/env bash
# Set up a virtual environment (torch's CPU build first) and start GPT Studio.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch first and pinned: an unpinned torch would pull a multi-GB CUDA build.
.venv/bin/python -m pip install -q "torch==2.13.0" || .venv/bin/python -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu
.venv/bin/python -m pip install -q -e .
# An editable install leaves the app's own modules as sources. Where Python may not write bytecode
# (PYTHONDONTWRITEBYTECODE, a read-only folder) every start then compiled them again: 0.25-0.35 s
# of the 1.2 s to the window on the 2-core test machine. Compile them here, as installing a wheel
# does; only changed files are compiled again.
.venv/bin/python -m compileall -q gptstudio
exec .venv/bin/gptstudio "$@"
