"""Compare's parts that are not the window: what it knows of each trained project (and whether
two learn from one text), the job that writes with each model in turn, and the column that shows
one model's text."""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtGui, QtWidgets

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import UnknownCharacters
from gptstudio.engine.loss_history import LossHistory
from gptstudio.ui.i18n import translate
from gptstudio.ui.widgets.text import describe_error

log = logging.getLogger(__name__)



def same_texts(paths) -> bool:
    """Whether these files hold one text. Sizes first: files of different sizes differ, and only
    files of one size are hashed (projects copied from one another), once per version of a file,
    so ticking projects does not read every text on the GUI thread."""
    try:
        stats = [(str(p), Path(p).stat()) for p in paths]
        if len({s.st_size for _, s in stats}) > 1:
            return False
        return len({_digest(p, s.st_size, s.st_mtime_ns) for p, s in stats}) <= 1
    except OSError:
        return False  # a text that cannot be read: not known to be the same


@functools.lru_cache(maxsize=64)
def _digest(path: str, size: int, mtime_ns: int) -> bytes:
    """A file's hash; size and mtime in the key, so a changed file is hashed again."""
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest()


@dataclass
class CompareEntry:
    """A trained project as the window knows it: plain data read once when the list is built."""

    name: str
    checkpoint_dir: object  # Path
    tokenizer: str
    history: LossHistory
    colour: tuple[int, int, int]
    which: str = "best"  # the project's model choice: its best checkpoint or its latest
    text: object = None  # Path of the project's text: which text it learns from (same_texts)

    @property
    def last_step(self) -> int | None:
        return self.history.last_step if self.history.steps else None

    @property
    def last_val(self) -> float | None:
        return self.history.last_val

    def summary(self) -> str:
        """The model that writes for this project: its best checkpoint's step and loss (where the
        project uses it), else its latest. Said of the latest, the label did not describe the
        text under it ("step 224 · 6.344" over the step-56 model's writing)."""
        step, loss = self.last_step, self.last_val
        history = self.history
        if self.which == "best" and history.eval_val:
            from gptstudio.ui.tabs.loss_words import best_eval

            best = best_eval(zip(history.eval_steps, history.eval_train, history.eval_val, strict=True))
            if best is not None:
                step, _train, loss = best
        if step is not None and loss is not None:
            return translate("CompareWindow", "step {step:,} · validation loss {loss:.3f}").format(
                step=step, loss=loss)
        if step is not None:
            return translate("CompareWindow", "step {step:,}").format(step=step)
        if loss is not None:
            return translate("CompareWindow", "validation loss {loss:.3f}").format(loss=loss)
        return translate("CompareWindow", "no loss recorded")


def write_each(control, generation: int, targets: list[tuple[str, object, str]], prompt: str,
                config: SampleConfig, stop: RunControl) -> int:
    """A threads.Job: writes with each model in turn, reporting ("started", generation, name) and
    ("written", generation, name, text or sentence, ok) as progress; returns the generation.
    One model at a time: two at once would only share the cores (and the memory) and finish no
    sooner."""
    for name, checkpoint_dir, which in targets:
        if control.cancelled or stop.stop_requested:
            break
        control.progress(("started", generation, name))
        text, ok = _write(checkpoint_dir, which, prompt, config, stop)
        control.progress(("written", generation, name, text, ok))
    return generation


def _write(checkpoint_dir, which: str, prompt: str, config: SampleConfig,
           stop: RunControl) -> tuple[str, bool]:
    try:
        from gptstudio.engine.model_service import load_generator  # torch: only when writing

        generator = load_generator(checkpoint_dir, which, device="cpu")
        # stream() rather than generate(): the same tokens, but Stop can end it mid-text.
        events = generator.stream(prompt, config, stop)
        return "".join(event.text for event in events if event.sample_index == 0), True
    except UnknownCharacters as error:
        return describe_error(error), False
    except Exception as error:  # noqa: BLE001 - one model failing must not stop the others
        log.exception("compare: writing with %s failed", checkpoint_dir)
        return translate("CompareWindow", "This model could not write: {error}").format(
            error=describe_error(error)), False


class CompareColumn(QtWidgets.QFrame):
    """One project's output: its name in its plot colour, how far it trained, and its text."""

    # Its sentences keep the translation context of its first name, _Column.

    def __init__(self, entry: CompareEntry, parent=None):
        super().__init__(parent)
        self.name = entry.name
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        r, g, b = entry.colour
        self.title = QtWidgets.QLabel(
            f'<span style="color: rgb({r},{g},{b}); font-size: 14pt;">■</span> '
            f"<b>{_escape(entry.name)}</b>")
        self.title.setToolTip(translate(
            "_Column", "The project this column was written by; its colour matches its line on "
                       "the plot."))
        self.details = QtWidgets.QLabel(entry.summary())
        self.details.setToolTip(translate(
            "_Column", "How far this model trained, and its last validation loss: how surprised "
                       "it was by text it never trained on (lower is better)."))
        self.details.setStyleSheet("color: #555;")
        self.text = QtWidgets.QTextEdit()
        self.text.setReadOnly(True)
        self.text.setAcceptRichText(False)
        self.text.setPlaceholderText(translate(
            "_Column", "Press “Write with each” to see what this model writes."))
        self.text.setToolTip(translate(
            "_Column", "What this model wrote. The prompt is in bold; the rest is the model's "
                       "own."))
        self.text.setMinimumWidth(220)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.text, 1)

    def show_waiting(self, sentence: str) -> None:
        self.text.clear()
        self.text.setPlaceholderText(sentence)

    def show_output(self, prompt: str, text: str, ok: bool) -> None:
        self.text.clear()
        cursor = self.text.textCursor()
        plain = QtGui.QTextCharFormat()
        if ok:
            bold = QtGui.QTextCharFormat()
            bold.setFontWeight(QtGui.QFont.Weight.Bold)
            cursor.insertText(prompt, bold)
            cursor.insertText(text, plain)
        else:
            plain.setForeground(QtGui.QColor(160, 40, 40))
            cursor.insertText(text, plain)
        self.text.moveCursor(QtGui.QTextCursor.MoveOperation.Start)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
