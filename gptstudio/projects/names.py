"""What a project may be called: the rules a new name must pass, and a name made to fit them."""

from __future__ import annotations

import unicodedata

from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.projects.project import ProjectError

MAX_NAME_CHARS = 100
# Characters that reorder the text around them up to the end of its line (explicit embeddings,
# overrides and isolates): a name with U+202E would show `gptstudio list` backwards. Unicode
# Standard Annex #9, table 4 (https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_name(name: str) -> str:
    """The name as a project may have it (NFC, stripped), or a ProjectError saying why not."""
    if not isinstance(name, str):
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "A project name must be text.")))
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "Please give the project a name.")))
    if len(name) > MAX_NAME_CHARS:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "A project name can be at most {limit} characters long."),
            limit=MAX_NAME_CHARS))
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "A project name cannot contain line breaks, tabs or other control "
                      "characters.")))
    if any(c in BIDI_CONTROLS for c in name):
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "A project name cannot contain characters that change the direction of "
                      "the text around it (such as U+202E).")))
    return name


def fit_name(name: str) -> str:
    """A name from an archive or file name, trimmed to what a project name may be."""
    name = "".join(
        c
        for c in unicodedata.normalize("NFC", str(name))
        if unicodedata.category(c) not in ("Cc", "Cs") and c not in BIDI_CONTROLS
    )
    return name.strip()[:MAX_NAME_CHARS].strip()
