"""What follows from an edit of the project's text or settings: both are saved, the Corpus tab's
notice and statistics follow, the step-time probe measures again, Automatic settings are chosen
again, a new model is asked for. A controller MainWindow owns (`window.edits`)."""

from __future__ import annotations

from PySide6 import QtCore

from gptstudio.app.session import Session
from gptstudio.engine.config import IMPORTED_TOKENIZERS
from gptstudio.engine.errors import name_character
from gptstudio.projects.project import ProjectError
from gptstudio.ui.widgets.text import describe_error, join_list, localized


class ProjectEdits(QtCore.QObject):
    def __init__(self, window, session: Session):
        super().__init__(window)
        self.window, self.session = window, session
        window.corpus_tab.text_edited.connect(self.corpus_edited)
        window.corpus_tab.stats_ready.connect(self._on_corpus_stats)
        window.corpus_tab.context_changing = self.automatic_choosing
        window.settings_panel.automatic_requested.connect(self._on_automatic_requested)
        window.automatic.failed.connect(self._on_automatic_failed)
        window.settings_panel.changed.connect(self.settings_changed)
        window.settings_panel.new_model_requested.connect(self._on_new_model_requested)
        window.train_tab.model_choice_changed.connect(self._on_model_choice_changed)

    @QtCore.Slot()
    def corpus_edited(self) -> None:
        if self.session.project is None:
            return
        try:
            self.session.project.write_corpus(self.window.corpus_tab.text())
        except (ProjectError, OSError) as error:
            self.window.show_message("error", self.tr(
                "Could not save the text: {problem}. It is still in the editor and is saved again "
                "at your next change.").format(problem=describe_error(error)))
        self.update_trained_notice()
        current = self.window.settings_panel.settings()
        self.window.inspect_tab.set_corpus(self.window.corpus_tab.text(), current.data.tokenizer,
                                           current.data.bpe_vocab_size, current.preset == "auto")

    def update_trained_notice(self) -> None:
        """The Corpus tab's notice and the Train tab's status on the trained model and the text:
        a text with characters the model never saw cannot be trained on. Checked whenever the
        text or the model's tokenizer changes, a project opened again included (its text was
        taken for the model's own, and the Train tab said "Train continues from there")."""
        text = self.window.corpus_tab.text()
        project = self.session.project
        trained = (project is not None and project.has_trained_model()
                   and not self.session.new_model_pending)
        unknown = self.session.unknown_in(text) if trained else []
        self.window.train_tab.set_cannot_continue(self.tr(
            "The text now has characters this model has never seen, so Train cannot continue it: "
            "start a new model in Model & Training settings to learn from this text.") if unknown
            else "")
        if unknown:
            shown = join_list(localized(name_character(u)) for u in unknown[:8])
            self.window.corpus_tab.set_trained_notice(
                self.tr("The model was trained on a different text. The new text has characters it "
                        "has never seen ({characters}), so it cannot keep training on it: start a new "
                        "model in Model & Training settings to learn from it.").format(
                    characters=shown))
        elif not self.session.text_differs_from_trained(text):
            self.window.corpus_tab.set_trained_notice(None)
        else:
            self.window.corpus_tab.set_trained_notice(
                self.tr("The model was trained on a different text. Press Train to keep training it "
                        "on the new text, or start a new model in Model & Training settings to begin "
                        "from scratch."))

    def push_stats_settings(self) -> None:
        current = self.window.settings_panel.settings()
        data, model = current.data, current.model
        imported = data.tokenizer in IMPORTED_TOKENIZERS and self.session.project is not None
        self.window.corpus_tab.set_mode_guessed(self.session.project is not None
                                                and self.session.project.mode_guessed)
        self.window.corpus_tab.set_stats_settings(data.tokenizer, data.bpe_vocab_size, data.mode,
                                           model.block_size, data.val_fraction,
                                           str(self.session.project.tokenizer_path) if imported else "")
        self.window.inspect_tab.set_corpus(self.window.corpus_tab.text(), data.tokenizer, data.bpe_vocab_size,
                                           current.preset == "auto")

    @QtCore.Slot()
    def settings_changed(self) -> None:
        if self.session.project is None:
            return
        self.window.project_actions.apply_settings_to_project()
        try:
            self.session.project.save()
        except (ProjectError, OSError) as error:
            self.window.show_message("error", self.tr("Could not save the settings: {problem}").format(
                problem=describe_error(error)))
        self.push_stats_settings()
        self.window.corpus_tab.refresh_shape_note()  # Automatic's choice may have arrived
        self.window.train_tab.show_plan(self.window.settings_panel.settings().train.max_iters)
        self.window.update_actions()
        self.window.runs.schedule_probe()

    @QtCore.Slot(object)
    def _on_corpus_stats(self, report) -> None:
        self.window.train_tab.set_baseline(report.unigram)
        self.window.runs.schedule_probe()  # batches of examples are as wide as the text's examples
        if self.session.assume_automatic:  # a project opened again: its saved choice is for this text
            self.session.assume_automatic = False
            key = self._automatic_key()
            if key is not None:
                self.window.automatic.assume(key)
                return
        if self.window.settings_panel.automatic_chosen():
            self.request_automatic()  # a new text: chosen again (the same one is not)

    @QtCore.Slot(int)
    def _on_automatic_requested(self, _minutes: int) -> None:
        self.request_automatic()  # the panel's budget is read there

    def request_automatic(self) -> None:
        """Choose Automatic settings for the text as it is now, unless the model is trained (its
        shape is fixed) or training runs (timings taken meanwhile would be wrong)."""
        if not self._may_choose():
            return  # a trained shape, or settings of the user's own: nothing to choose
        if self.window.train_tab.is_training():
            self.window.settings_panel.show_automatic_waiting(self.tr(
                "Automatic settings are chosen again once training has stopped."))
            return
        if not self.window.corpus_tab.text().strip():
            self.window.settings_panel.show_automatic_waiting(self.tr(
                "Automatic settings are chosen once the project has some text."))
            return
        current = self.window.settings_panel.settings()
        data, train = current.data, current.train
        key = self._automatic_key()
        if key is None:
            return  # the Corpus tab is still counting this text: asked again when it has
        if self.window.automatic.request(key, self.window.corpus_tab.text(), data.mode,
                                  self.window.settings_panel.budget_minutes(), train.device):
            self.window.settings_panel.show_automatic_waiting()

    def automatic_due(self) -> bool:
        """Automatic's choice for the text shown is on its way: asked for and not arrived, or
        waiting for the Corpus tab's count it is asked with. Its settings and step time replace
        the ones shown, so timing those meanwhile would be wasted (and would hold Automatic up)."""
        window = self.window
        if window.automatic.is_due():
            return True
        return (self._may_choose() and window.settings_panel.automatic_step_seconds() is None
                and window.corpus_tab.is_counting())

    def automatic_choosing(self) -> bool:
        """Automatic is choosing settings for the text as the Corpus tab counted it, or is about to
        (a text or a data mode it has not chosen for): the context the count was made with is about
        to change, so the Corpus tab does not judge the text against it."""
        window = self.window
        if window.automatic.is_choosing():
            return True
        if not self._may_choose() or self.session.assume_automatic or window.train_tab.is_training():
            return False  # nothing to choose, a saved choice, or a run: no choice is coming
        key = self._automatic_key()
        return key is not None and window.automatic.would_choose(key)

    def _may_choose(self) -> bool:
        """Automatic may choose for this project: its settings are Automatic's, its model's shape
        is not fixed by training, and PyTorch is there to time steps with."""
        panel = self.window.settings_panel
        return (self.session.project is not None and self.window.torch_ready
                and panel.automatic_chosen() and not panel.is_locked())

    def _automatic_key(self) -> tuple | None:
        """What Automatic's choice depends on: the text as the Corpus tab counted it (its data
        mode, its different characters, its size in characters and lines, rounded: a few
        characters typed measure nothing again), the time and the device. Nothing that the choice
        itself changes (the context cuts the examples, and so the counts of training tokens)."""
        from gptstudio.engine.auto_settings import two_digits

        report = self.window.corpus_tab.report
        current = self.window.settings_panel.settings()
        data, train = current.data, current.train
        if report is None or report.mode != data.mode or not report.characters:
            return None
        return (data.mode, report.distinct_characters, two_digits(report.characters),
                two_digits(report.lines), self.window.settings_panel.budget_minutes(), train.device)

    def timing_or_training(self) -> bool:
        return (self.window.runs.is_probing() or self.window.train_tab.is_training()
                or self.window.settings_panel.is_locked())

    @QtCore.Slot(str)
    def _on_model_choice_changed(self, which: str) -> None:
        if self.session.project is None:
            return
        self.session.project.model_choice = which
        self.window.project_actions.save_project()
        self.window.inspect_tab.set_model_choice(which)

    @QtCore.Slot(str)
    def _on_automatic_failed(self, message: str) -> None:
        self.window.settings_panel.show_automatic_waiting(message)  # the settings stay as they were
        self.window.corpus_tab.refresh_shape_note()  # no choice is coming

    @QtCore.Slot()
    def _on_new_model_requested(self) -> None:
        self.session.new_model_pending = True
        self.window.train_tab.set_done(False)  # Train starts the new model, not more steps of the old one
        self.window.corpus_tab.set_trained_notice(None)
        self.window.corpus_tab.set_shape_locked(False)
        if self.window.settings_panel.automatic_chosen():
            # Chosen again, as the panel says, even for the text its choice was made for (a
            # project opened again assumes its saved choice; Train more lengthened its run).
            self.window.automatic.forget()
            self.request_automatic()
        self.window.show_message("info", self.tr("The next Train starts a new model from scratch with "
                                          "these settings. The current model stays until then."))
