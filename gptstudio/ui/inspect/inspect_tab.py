"""The Look inside tab: what the trained model predicts next, what it pays attention to, and how
the text is cut into tokens.

The model shown is the project's best checkpoint (the lowest validation loss) or its latest, as the
project chooses, loaded on the CPU (so it never competes with a run on the GPU) when the tab is
shown and that checkpoint has changed since: while training runs, the views follow each new one
without reloading for every step.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from gptstudio.ui.i18n import translate
from gptstudio.ui.inspect.attention_view import AttentionView
from gptstudio.ui.inspect.embedding_view import EmbeddingView
from gptstudio.ui.inspect.explorer_view import ExplorerView
from gptstudio.ui.inspect.one_step_view import OneStepView
from gptstudio.ui.inspect.tokenizer_view import TokenizerView
from gptstudio.ui.threads import JobGroup, refused
from gptstudio.ui.widgets.text import describe_error

log = logging.getLogger(__name__)


def _load(control, key, folder: Path):
    """A threads.Job: the model in `folder`, as (key, TextGenerator or None, sentence if it failed)."""
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.model_service import load_checkpoint_folder

    generator, problem = None, ""
    try:
        generator = load_checkpoint_folder(folder, device="cpu")
    except EngineError as error:
        problem = describe_error(error)
    except Exception as error:  # a damaged file can fail in any way: say so, keep going
        log.exception("Could not load the model to look inside it")
        problem = translate("InspectTab", "The model could not be loaded ({error}).").format(
            error=describe_error(error))
    return key, generator, problem


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
        self.views.addTab(self.explorer, self.tr("Next token"))
        self.views.addTab(self.attention, self.tr("Attention", "tab name"))
        self.views.addTab(self.tokens, self.tr("Tokens", "tab name"))
        self.views.addTab(self.one_step, self.tr("One training step"))
        self.views.addTab(self.embedding, self.tr("Embedding map"))
        self.views.setTabToolTip(0, self.tr("For a beginning of text, the tokens the model thinks "
                                            "could come next, and how the sampling settings change "
                                            "the odds."))
        self.views.setTabToolTip(1, self.tr("Which earlier tokens the model looks at when it reads "
                                            "each token."))
        self.views.setTabToolTip(2, self.tr("How your text is cut into the pieces (tokens) the "
                                            "model reads, and how many pieces each way of cutting "
                                            "makes."))
        self.views.setTabToolTip(3, self.tr("Take a single training step on a copy of the model "
                                            "and see how one example's next-token chances change."))
        self.views.setTabToolTip(4, self.tr("A map of the tokens: the ones the model uses alike end "
                                            "up close together."))
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        # While the first model of a project loads, this stands in for the views: they would say
        # "Train the model first" meanwhile, of a model that is there.
        self.loading = QtWidgets.QLabel()
        self.loading.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.loading.setWordWrap(True)
        self.loading.setStyleSheet("color: #555; font-size: 14pt;")
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.views)
        self.pages.addWidget(self.loading)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        self._checkpoint_dir: Path | None = None
        self._which = "best"  # the project's model choice (engine.checkpoint.MODEL_CHOICES)
        # (checkpoint folder, its meta.json mtime) shown now (None: no model), or being loaded;
        # False until the current project's state has been shown at all.
        self._loaded: tuple[str, float] | None | bool = False
        self._loading: tuple[str, float] | None = None
        self._jobs = JobGroup(self)  # the model loading; cancelled when the tab goes
        self._torch_ready = False
        self._corpus: tuple[str, str, int] | None = None
        self._corpus_shown: tuple[str, str, int] | None = None
        self._show_status()

    # -- what the main window tells it ----------------------------------------------------------------

    def set_project(self, checkpoint_dir: Path | None, which: str = "best") -> None:
        """The open project's checkpoint folder (None: no project) and which of its checkpoints
        to look inside ("best" or "latest")."""
        self._checkpoint_dir = checkpoint_dir
        self._which = which
        self._loaded, self._loading = False, None
        self.model_changed()

    def set_model_choice(self, which: str) -> None:
        self._which = which
        self.model_changed()

    def set_corpus(self, text: str, tokenizer_kind: str, bpe_vocab_size: int,
                   chosen_by_automatic: bool = False) -> None:
        """chosen_by_automatic: the tokenizer is Automatic settings' choice, not the user's."""
        self._corpus = (text, tokenizer_kind, bpe_vocab_size, chosen_by_automatic)
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

    def _current(self) -> tuple[Path, float] | None:
        from gptstudio.engine.checkpoint import model_checkpoint

        folder = model_checkpoint(self._checkpoint_dir, self._which) if self._checkpoint_dir else None
        if folder is None:
            return None
        try:
            return folder, (folder / "meta.json").stat().st_mtime
        except OSError:
            return None

    def _reload(self) -> None:
        if not self._torch_ready:
            self._show_loading(self.tr("Loading PyTorch…"))
            return
        current = self._current()
        key = (str(current[0]), current[1]) if current else None
        if key in (self._loaded, self._loading):
            return
        if current is None:
            self._on_loaded(None, None, "")
            return
        # Reading the weights takes a moment for a large model: never on the GUI thread.
        self._loading = key
        if not isinstance(self._loaded, tuple):  # a newer checkpoint replaces the one shown quietly
            self._show_loading(self.tr("Loading the model…"))
        if not self._jobs.start(_load, key, current[0], on_result=self._on_load_result):
            self._on_loaded(key, None, refused())
            self._loaded = False  # shown again: the next look tries again

    @QtCore.Slot(object)
    def _on_load_result(self, answer) -> None:
        self._on_loaded(*answer)

    def _on_loaded(self, key, generator, problem: str) -> None:
        if key != self._loading and key is not None:
            return  # a newer checkpoint is being loaded
        self._loading, self._loaded = None, key
        for view in (self.explorer, self.attention, self.one_step, self.embedding):
            view.set_generator(generator)
        if generator is not None:
            step = generator.step or 0
            if self._which == "best":
                self._show_status(self.tr("Looking inside the best model: the one saved at step "
                                          "{step:,}, where the validation loss was lowest.").format(
                    step=step))
            else:
                self._show_status(self.tr("Looking inside the latest model, saved at step "
                                          "{step:,}.").format(step=step))
        else:
            self._show_status(problem or None)

    def _show_corpus(self) -> None:
        if self._corpus is not None and self._corpus != self._corpus_shown:
            self._corpus_shown = self._corpus
            self.tokens.set_corpus(*self._corpus)
            self.one_step.set_corpus(self._corpus[0])
            self.embedding.set_corpus(self._corpus[0])

    def _show_status(self, text: str | None = None) -> None:
        """The views, with a sentence above them (none given: there is no model yet)."""
        self.status.setText(text or self.tr("Train the model first: then this tab shows what it "
                                            "predicts and what it pays attention to."))
        self.status.show()
        self.pages.setCurrentWidget(self.views)

    def _show_loading(self, text: str) -> None:
        """Only the loading state, until the model is there: no view, no other sentence."""
        self.loading.setText(text)
        self.status.hide()
        self.pages.setCurrentWidget(self.loading)

    def is_loading(self) -> bool:
        return self.pages.currentWidget() is self.loading

    def loaded_checkpoint(self) -> str | None:
        return self._loaded[0] if isinstance(self._loaded, tuple) else None
