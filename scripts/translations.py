"""Update the translation sources from the code and compile them (docs/translating.md).

    python scripts/translations.py          # lupdate: new strings into resources/i18n/*.ts, then lrelease
    python scripts/translations.py --check  # exit 1 if a string is new, unfinished or the .qm is stale

Uses the lupdate and lrelease that come with PySide6-Essentials.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def sources() -> list[Path]:
    """The files with interface text: the UI package, the demos' titles and texts, and the
    engine's and the project store's sentences for the user (engine/messages.py)."""
    package = ROOT / "gptstudio"
    return [*sorted((package / "ui").rglob("*.py")), package / "demos.py",
            *sorted((package / "engine").glob("*.py")), *sorted((package / "projects").glob("*.py"))]


def tool(name: str) -> str:
    import PySide6

    for candidate in (Path(PySide6.__file__).parent / name,
                      Path(PySide6.__file__).parent / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"{name} not found: it comes with PySide6-Essentials")
    return found


def ts_path(language: str) -> Path:
    return CATALOGUES / f"gptstudio_{language}.ts"


def qm_path(language: str) -> Path:
    return CATALOGUES / f"gptstudio_{language}.qm"


def lupdate(ts: Path) -> None:
    # No source locations in the .ts: a moved line would otherwise change it.
    subprocess.run([tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    *map(str, sources()), "-ts", str(ts)], check=True, cwd=ROOT)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of each message without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if (translation is None or translation.get("type") in ("unfinished", "vanished",
                                                                   "obsolete")
                    or not (translation.text or "").strip()):
                missing.append((name, message.findtext("source") or ""))
    return missing


def check() -> list[str]:
    """What is out of date, in words; empty when the catalogues match the code."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            shipped_ts, shipped_qm = ts_path(language), qm_path(language)
            if not shipped_ts.is_file() or not shipped_qm.is_file():
                problems.append(f"{shipped_ts.name} or {shipped_qm.name} is missing")
                continue
            fresh_ts = Path(tmp) / shipped_ts.name
            fresh_ts.write_bytes(shipped_ts.read_bytes())
            lupdate(fresh_ts)
            for context, source in unfinished(fresh_ts):
                problems.append(f"{language}: no translation for {context}: {source!r}")
            if fresh_ts.read_bytes() != shipped_ts.read_bytes():
                problems.append(f"{shipped_ts.name} does not match the code: run "
                                "python scripts/translations.py")
            fresh_qm = Path(tmp) / shipped_qm.name
            lrelease(shipped_ts, fresh_qm)
            if fresh_qm.read_bytes() != shipped_qm.read_bytes():
                problems.append(f"{shipped_qm.name} is older than {shipped_ts.name}: run "
                                "python scripts/translations.py")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args()
    if args.check:
        problems = check()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    CATALOGUES.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        lupdate(ts_path(language))
        lrelease(ts_path(language), qm_path(language))
        left = unfinished(ts_path(language))
        print(f"{ts_path(language).relative_to(ROOT)}: {len(left)} strings still to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
