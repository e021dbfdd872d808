"""Where the files shipped beside the code are: `resources/` in a checkout, `gptstudio/_resources`
in an installed wheel (pyproject.toml's force-include). Qt-free, for the launcher code too."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "resources", package / "_resources"):
        if candidate.is_dir():
            return candidate
    return package / "_resources"
