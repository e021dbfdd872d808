"""Set up GPT Studio and its test tools in .venv (the first time) and run the tests.

    python3 scripts/test.py                 (Windows: py scripts\\test.py)
    python3 scripts/test.py tests/engine -x   arguments after the options go to pytest
    python3 scripts/test.py --torch cpu     choose the PyTorch build yourself: cpu, cuda or default

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
    sys.exit(setup_env.main("test"))
