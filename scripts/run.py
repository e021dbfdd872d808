"""Set up GPT Studio in .venv (the first time) and start it.

    python3 scripts/run.py                  (Windows: py scripts\\run.py)
    python3 scripts/run.py --torch cpu      choose the PyTorch build yourself: cpu, cuda or default
    python3 scripts/run.py --plan           only say which PyTorch build suits this computer

Uses nothing but Python's standard library, so it runs before anything is installed.
"""
from __future__ import print_function

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_check  # noqa: E402  (written for any Python: it explains a version too old)

python_check.ensure_new_enough(os.path.abspath(__file__))

import setup_env  # noqa: E402

if __name__ == "__main__":
    sys.exit(setup_env.main("run"))
