"""Reading a big corpus file off the GUI thread (the Corpus tab's job; small files are read at
once). Every way it can fail ends in a sentence, so the tab never waits for a file forever."""

from __future__ import annotations

import logging
from pathlib import Path

from gptstudio.ui.i18n import translate
from gptstudio.ui.widgets.text import describe_error

log = logging.getLogger(__name__)


def read_file(control, load: int, path: str):
    """A threads.Job: reads and decodes one big file (text_files.read_corpus_file), as
    (load, (DecodedText, None)) or (load, (None, (sentence, offer to look at it anyway)))."""
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.text_files import read_corpus_file

    name = Path(path).name
    try:
        result = (read_corpus_file(path), None)
    except EngineError as error:
        from gptstudio.engine.errors import NotText

        result = (None, (translate("CorpusTab", "{name} was not used. {error}").format(
            name=name, error=describe_error(error)),
            isinstance(error, NotText) and not error.known_format))
    except OSError as error:
        result = (None, (translate("CorpusTab", "{name} could not be read ({error}).").format(
            name=name, error=describe_error(error)), False))
    except MemoryError:
        result = (None, (translate("CorpusTab", "{name} was not used: the computer ran out of "
                                                "memory reading it.").format(name=name), False))
    except Exception as error:  # noqa: BLE001 - the tab must not wait for this file forever
        log.exception("reading %s failed", path)
        result = (None, (translate("CorpusTab", "{name} could not be read ({error}).").format(
            name=name, error=error), False))
    return load, result
