#!/usr/bin/env bash
# Set up a virtual environment (torch's CPU build first) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch first and pinned: an unpinned torch would pull a multi-GB CUDA build.
.venv/bin/python -m pip install -q "torch==2.13.0" || .venv/bin/python -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu
# The test extra builds llama.cpp (llama-cpp-python) from source, which needs a C++ compiler and
# CMake: about 630 CPU-seconds (5-6 minutes on 2 free cores). Its multimodal library, which GPT
# Studio does not use, is left out of the build.
CMAKE_ARGS="${CMAKE_ARGS:--DLLAVA_BUILD=OFF}" .venv/bin/python -m pip install -q -e ".[test]"
.venv/bin/python -m pytest -q
