"""The Look inside tab: what the trained model predicts next, what it pays attention to, and how
the text is cut into tokens.

The model shown is the project's latest checkpoint, loaded on the CPU (so it never competes with a
run on the GPU) when the tab is shown and the checkpoint has changed since: while training runs, the
views follow each new checkpoint without reloading for every step.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtWidgets

from gptstudio.ui.attention_view import AttentionView
from gptstudio.ui.embedding_view import EmbeddingView
from gptstudio.ui.explorer_view import ExplorerView
from gptstudio.ui.one_step_view import OneStepView
from gptstudio.ui.tokenizer_view import TokenizerView

log = logging.getLogger(__name__)


class InspectTab(QtWidgets.QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.explorer = ExplorerView()
        self.attention = AttentionView()
        self.tokens = TokenizerView()
        self.one_step = OneStepView()
        self.embedding = EmbeddingView()
        self.views = QtWidgets.QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.explorer, "Next token")
        self.views.addTab(self.attention, "Attention")
        self.views.addTab(self.tokens, "Tokens")
        self.views.addTab(self.one_step, "One training step")
        self.views.addTab(self.embedding, "Embedding map")
        self.views.setTabToolTip(0, "For a beginning of text, the tokens the model thinks could come "
                                    "next, and how the sampling settings change the odds.")
        self.views.setTabToolTip(1, "Which earlier tokens the model looks at when it reads each token.")
        self.views.setTabToolTip(2, "How your text is cut into the pieces (tokens) the model reads, "
                                    "and how many pieces each way of cutting makes.")
        self.views.setTabToolTip(3, "Take a single training step on a copy of the model and see "
                                    "how one example's next-token chances change.")
        self.views.setTabToolTip(4, "A map of the tokens: the ones the model uses alike end up "
                                    "close together.")
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.views, 1)
        self._checkpoint_dir: Path | None = None
        self._loaded: tuple[str, float] | None = None  # (checkpoint folder, its meta.json mtime)
        self._torch_ready = False
        self._corpus: tuple[str, str, int] | None = None
        self._corpus_shown: tuple[str, str, int] | None = None
        self._show_status()

    # -- what the main window tells it ----------------------------------------------------------------

    def set_project(self, checkpoint_dir: Path | None) -> None:
        """The open project's checkpoint folder (None: no project)."""
        self._checkpoint_dir = checkpoint_dir
        self._loaded = None
        self.model_changed()

    def set_corpus(self, text: str, tokenizer_kind: str, bpe_vocab_size: int) -> None:
        self._corpus = (text, tokenizer_kind, bpe_vocab_size)
        if self.isVisible():
            self._show_corpus()

    def torch_loaded(self) -> None:
        self._torch_ready = True
        self.model_changed()

    def model_changed(self) -> None:
        """A checkpoint was written (or the project changed): reload if it is on screen."""
        if self.isVisible():
            self._reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._reload()
        self._show_corpus()

    # -- loading ---------------------------------------------------------------------------------------

    def _latest(self) -> tuple[Path, float] | None:
        from gptstudio.engine.checkpoint import latest_checkpoint

        folder = latest_checkpoint(self._checkpoint_dir) if self._checkpoint_dir else None
        if folder is None:
            return None
        try:
            return folder, (folder / "meta.json").stat().st_mtime
        except OSError:
            return None

    def _reload(self) -> None:
        if not self._torch_ready:
            self._show_status("Loading PyTorch…")
            return
        latest = self._latest()
        key = (str(latest[0]), latest[1]) if latest else None
        if key == self._loaded:
            return
        self._loaded = key
        generator = None
        if latest is not None:
            from gptstudio.engine.errors import EngineError
            from gptstudio.engine.sampling import TextGenerator

            try:
                generator = TextGenerator.from_checkpoint(latest[0].parent, device="cpu")
            except EngineError as error:
                self._show_status(str(error))
            except Exception as error:  # a damaged file can fail in any way: say so, keep going
                log.exception("Could not load the model to look inside it")
                self._show_status(f"The model could not be loaded ({error}).")
        for view in (self.explorer, self.attention, self.one_step, self.embedding):
            view.set_generator(generator)
        if generator is not None:
            step = latest[0].name.removeprefix("step-").lstrip("0") or "0"
            self._show_status(f"Looking inside the model as it was saved at step {int(step):,}.")
        elif latest is None:
            self._show_status()

    def _show_corpus(self) -> None:
        if self._corpus is not None and self._corpus != self._corpus_shown:
            self._corpus_shown = self._corpus
            self.tokens.set_corpus(*self._corpus)
            self.one_step.set_corpus(self._corpus[0])
            self.embedding.set_corpus(self._corpus[0])

    def _show_status(self, text: str | None = None) -> None:
        self.status.setText(text or "Train the model first: then this tab shows what it predicts "
                                    "and what it pays attention to.")

    def loaded_checkpoint(self) -> str | None:
        return self._loaded[0] if self._loaded else None
