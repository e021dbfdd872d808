"""Reading a big corpus file off the GUI thread (the Corpus tab's job; small files are read at
once). Every way it can fail ends in a sentence, so the tab never waits for a file forever."""

from __future__ import annotations

import logging
from pathlib import Path

from gptstudio.ui.i18n import translate
from gptstudio.ui.widgets.text import describe_error

log = logging.getLogger(__name__)


def read_text_file(path: str, encoding: str | None = None) -> tuple:
    """Reads and decodes one file the user chose (text_files.read_corpus_file; `encoding`: the
    user's choice, None to recognise it): (DecodedText, None), or (None, (sentence, offer to look
    at it anyway)) however it fails."""
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.text_files import read_corpus_file

    try:
        return read_corpus_file(path, encoding), None
    except Exception as error:  # noqa: BLE001 - the tab must not wait for this file forever
        if not isinstance(error, (EngineError, OSError, MemoryError)):
            log.exception("reading %s failed", path)
        return None, failure(path, error)


def failure(path: str, error: BaseException) -> tuple[str, bool]:
    """Why a file was not used, as (sentence, offer to look at it anyway): the offer is for a
    file that is not text in a known way (it may be text in an encoding not recognised)."""
    from gptstudio.engine.errors import EngineError, NotText

    name = Path(path).name
    if isinstance(error, EngineError):
        return (translate("CorpusTab", "{name} was not used. {error}").format(
            name=name, error=describe_error(error)),
            isinstance(error, NotText) and not error.known_format)
    if isinstance(error, MemoryError):
        return (translate("CorpusTab", "{name} was not used: the computer ran out of memory "
                                       "reading it.").format(name=name), False)
    return (translate("CorpusTab", "{name} could not be read ({error}).").format(
        name=name, error=describe_error(error)), False)


def read_file(control, load: int, path: str):
    """A threads.Job: read_text_file off the GUI thread, as (load, its result)."""
    return load, read_text_file(path)
