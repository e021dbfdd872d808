"""One step at a time: a button that runs a single training step on a copy of the model and shows,
for one example of the batch, how the chances of the next token changed.

The step runs off the GUI thread (engine.one_step.StepSession on the thread pool, as the Tokens
view does): copying the model and one forward-backward-forward pass take from a few milliseconds
(a tiny model) to seconds (a medium one). The job reports a StepResult (plain data) or a sentence
through a signals object that lives in the GUI thread; a generation number drops the result of a
job started before the model or the corpus changed. The button stays disabled while a step runs.
"""

from __future__ import annotations

import html
import logging

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.threads import JobGroup, refused
from gptstudio.ui.widgets.controls import add_labelled, token_chance_chart
from gptstudio.ui.widgets.text import describe_error, percent, token_label

log = logging.getLogger(__name__)

NO_MODEL = QT_TRANSLATE_NOOP("OneStepView",
                             "Train the model first: then you can watch one training step at a time.")
NO_CORPUS = QT_TRANSLATE_NOOP("OneStepView", "This needs the project's text to take examples from.")
EXPLANATION = QT_TRANSLATE_NOOP(
    "OneStepView",
    "Training is thousands of small steps like this one. Each press shows the model one batch of "
    "examples from your text, measures how wrong its guesses are (the loss), and nudges every "
    "weight a little so that the right next tokens become likelier across the batch, with the "
    "optimizer training uses and the momentum it had built up. The chart follows one "
    "example: <span style='color:#888'>grey</span> bars are the chances before the step, "
    "<span style='color:#1f5ac8'>blue</span> bars after it; the "
    "<span style='color:#1a8a3a'>green</span> token is the one that really comes next. "
    "<b>This works on a copy:</b> your saved model does not change. Each press continues from the "
    "copy; “Start over” goes back to the saved model."
)
BEFORE_BRUSH = pg.mkBrush(185, 185, 185)
AFTER_BRUSH = pg.mkBrush(31, 90, 200)
RIGHT_BRUSH = pg.mkBrush(215, 240, 220)  # the band behind the right token's row
RIGHT_COLOUR = "#1a8a3a"
BAR = 0.38  # height of each bar of a pair; the pair fills 0.76 of a row


def _take_step(control, generation, session, generator, corpus, learning_rate, batch_size):
    """A threads.Job: makes the session if there is none yet (copy of the model, dataset), then
    takes one step. Returns (generation, session, StepResult or a sentence)."""
    from gptstudio.engine.errors import EngineError

    try:
        if session is None:
            from gptstudio.engine.one_step import StepSession

            session = StepSession(generator, corpus, batch_size=batch_size,
                                  checkpoint=getattr(generator, "checkpoint", None))
        session.batch_size = batch_size
        result = session.step(learning_rate)
    except EngineError as error:  # the corpus is too short for the context, ...
        result = describe_error(error)
    except Exception as error:  # noqa: BLE001 - a view must never take the app down
        log.exception("one training step failed")
        result = translate("OneStepView", "The step could not be taken ({error}).").format(
            error=describe_error(error))
    return generation, session, result


def _loss_verdict(before: float, after: float) -> str:
    """How the loss moved, for the parentheses after it in the step's summary (which shows two
    decimals: a change it cannot show is not called lower)."""
    if round(after, 2) == round(before, 2):
        return translate("OneStepView", "the same to two decimals")
    if after < before:
        return translate("OneStepView", "lower, so better")
    if after > before + 0.05:
        return translate("OneStepView", "higher: the step overshot; try a smaller learning rate")
    return translate("OneStepView", "not lower this time")


def optimizer_words(r) -> str:
    """Which optimizer the step used, with what state and learning rate."""
    name = (translate("OneStepView", "Muon (with AdamW for the embeddings)") if r.optimizer == "muon"
            else translate("OneStepView", "AdamW"))
    if r.state_loaded:
        return translate("OneStepView", "Optimizer: {name}, as in training, with the momentum its "
                                        "run had built up; learning rate {lr:.5f}.").format(
            name=name, lr=r.learning_rate)
    return translate("OneStepView", "Optimizer: a fresh {name} (this model has no saved optimizer "
                                    "state: its first step moves every weight by about the "
                                    "learning rate); learning rate {lr:.5f}.").format(
        name=name, lr=r.learning_rate)


def _training_defaults(folder) -> tuple[float, int] | None:
    """(the learning rate of training's next step, its batch size) of a checkpoint, from its
    meta.json, as engine.one_step.StepSession takes them (without loading torch here)."""
    import json

    from gptstudio.engine.config import TrainConfig, from_dict
    from gptstudio.engine.schedule import learning_rate

    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        train, step = from_dict(TrainConfig, meta["train"]), int(meta["step"])
        return learning_rate(step, train), max(1, min(256, int(train.batch_size)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _quoted(text: str) -> str:
    return f"“{token_label(text)}”"


class OneStepView(QtWidgets.QWidget):
    step_shown = QtCore.Signal()  # a step finished and its result is on screen (or its error)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._generator = None
        self._corpus = ""
        self._session = None  # engine.one_step.StepSession: the copy being stepped
        self._generation = 0
        self._running = False
        self.result = None  # the latest StepResult
        self._jobs = JobGroup(self)  # the step running; cancelled when the view goes

        explanation = QtWidgets.QLabel(translate("OneStepView", EXPLANATION))
        explanation.setWordWrap(True)
        explanation.setTextFormat(QtCore.Qt.TextFormat.RichText)
        explanation.setStyleSheet("color: #444;")

        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        self.context = QtWidgets.QLabel()
        self.context.setWordWrap(True)
        self.context.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.context.setToolTip(self.tr("The example the chart follows: the text the model has "
                                        "read so far, and the token it has to guess next."))
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.summary.setToolTip(self.tr("The loss is how wrong the model's guesses are on this "
                                        "batch, on average: lower is better. A step should lower "
                                        "it."))
        font = self.summary.font()
        font.setPointSize(font.pointSize() + 1)
        self.summary.setFont(font)

        self.plot = pg.PlotWidget(background="w")
        self._build_chart()

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(self._build_knobs())
        layout.addWidget(self.message)
        layout.addWidget(self.context)
        layout.addWidget(self.summary)
        layout.addWidget(self.plot, 1)

        self.step_button.clicked.connect(self.take_step)
        self.reset_button.clicked.connect(self.start_over)
        self._update_state()

    def _build_knobs(self) -> QtWidgets.QHBoxLayout:
        """Take one step, Start over, the learning rate and the batch size."""
        self.step_button = QtWidgets.QPushButton(self.tr("Take one training step"))
        self.step_button.setToolTip(self.tr("Show the model one batch of examples and update its "
                                            "weights once, on a copy. Press again for the next "
                                            "step."))
        self.reset_button = QtWidgets.QPushButton(self.tr("Start over"))
        self.reset_button.setToolTip(self.tr("Forget the steps taken here and start again from the "
                                             "model as it is saved."))
        self.learning_rate = QtWidgets.QDoubleSpinBox()
        self.learning_rate.setDecimals(5)
        self.learning_rate.setRange(0.00001, 0.1)
        self.learning_rate.setSingleStep(0.001)
        self.learning_rate.setValue(0.001)
        self.learning_rate.setToolTip(self.tr(
            "Learning rate: how big a nudge each step gives the weights. Training usually uses "
            "about 0.001. It starts at the rate training's next step would take. Try 0.01 on a "
            "trained model: the nudge overshoots and the loss goes up."))
        self.batch_size = QtWidgets.QSpinBox()
        self.batch_size.setRange(1, 256)
        self.batch_size.setValue(16)
        self.batch_size.setToolTip(self.tr("Batch size: how many examples from your text the model "
                                           "sees in one step. The chart follows the first of them."))
        knobs = QtWidgets.QHBoxLayout()
        knobs.addWidget(self.step_button)
        knobs.addWidget(self.reset_button)
        knobs.addSpacing(16)
        add_labelled(knobs, ((self.tr("Learning rate"), self.learning_rate),
                             (self.tr("Batch size"), self.batch_size)))
        return knobs

    def _build_chart(self) -> None:
        item = token_chance_chart(self.plot, label_width=70)
        self.plot.setToolTip(self.tr("Grey: the chance of each token before the step. Blue: after "
                                     "it. Green row: the token that really comes next in the "
                                     "example."))
        self._band = pg.BarGraphItem(x0=[], y=[], width=[], height=1.0, pen=None, brush=RIGHT_BRUSH)
        self._before = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR, pen=None,
                                       brush=BEFORE_BRUSH)
        self._after = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR, pen=None, brush=AFTER_BRUSH)
        for bars in (self._band, self._before, self._after):
            item.addItem(bars)
        self._labels: list[pg.TextItem] = []

    # -- inputs --------------------------------------------------------------------------------------

    def set_generator(self, generator) -> None:
        """A sampling.TextGenerator for the trained model, or None when there is none yet. A new
        model (a newer checkpoint) starts over from it, at the learning rate its training had
        reached and with its batch size."""
        self._generator = generator
        folder = getattr(generator, "checkpoint", None)
        if folder is not None:
            defaults = _training_defaults(folder)
            if defaults is not None:
                self.learning_rate.setValue(max(self.learning_rate.minimum(), defaults[0]))
                self.batch_size.setValue(defaults[1])
        self.start_over()

    def set_corpus(self, text: str) -> None:
        """The project's text, where the batches come from."""
        if text != self._corpus:
            self._corpus = text
            self.start_over()

    @QtCore.Slot()
    def start_over(self) -> None:
        """Drop the copy (and any step still running): the next step starts from the saved model."""
        self._generation += 1
        self._session = None
        self._running = False
        self.result = None
        self._show_result()
        self._update_state()

    @QtCore.Slot()
    def take_step(self) -> None:
        if self._running or self._generator is None or not self._corpus:
            return
        self._running = True
        self._update_state()
        self._say(self.tr("Taking one step…"))
        if not self._jobs.start(_take_step, self._generation, self._session, self._generator,
                                self._corpus, self.learning_rate.value(), self.batch_size.value(),
                                on_result=self._on_done):
            self._on_done((self._generation, self._session, refused()))

    def is_running(self) -> bool:
        return self._running

    # -- results -------------------------------------------------------------------------------------

    @QtCore.Slot(object)
    def _on_done(self, answer) -> None:
        generation, session, result = answer
        if generation != self._generation:
            return  # the model or corpus changed while it ran
        self._running = False
        if not isinstance(result, str):
            self._session = session
            self.result = result
            self._show_result()
        self._update_state()
        if isinstance(result, str):
            self._say(result, error=True)
        self.step_shown.emit()

    def _update_state(self) -> None:
        ready = self._generator is not None and bool(self._corpus)
        self.step_button.setEnabled(ready and not self._running)
        self.reset_button.setEnabled(ready and not self._running and self._session is not None)
        self.learning_rate.setEnabled(ready)
        self.batch_size.setEnabled(ready)
        if self._running:
            return
        if self._generator is None:
            self._say(translate("OneStepView", NO_MODEL))
        elif not self._corpus:
            self._say(translate("OneStepView", NO_CORPUS))
        elif self.result is None:
            self._say(self.tr("Press “Take one training step” to begin."))
        else:
            self._say("")

    def _say(self, sentence: str, error: bool = False) -> None:
        self.message.setText(sentence)
        self.message.setStyleSheet("color: #a33;" if error else "color: #333;")
        self.message.setVisible(bool(sentence))

    def summary_text(self) -> str:
        return self.summary.text()

    def _show_result(self) -> None:
        r = self.result
        self.context.setVisible(r is not None)
        self.summary.setVisible(r is not None)
        self.plot.setVisible(r is not None)
        if r is None:
            return
        self.context.setText(self._context_html(r))
        if self._generator.tokenizer.kind == "char":
            summary = self.tr(
                "Step {step}. Loss on this batch: <b>{loss_before:.2f} → {loss_after:.2f}</b> "
                "({verdict}); chance of the right next letter {answer}: "
                "<b>{chance_before} → {chance_after}</b>. Across the batch, the right token became "
                "likelier at {share:.0%} of the places.")
        else:
            summary = self.tr(
                "Step {step}. Loss on this batch: <b>{loss_before:.2f} → {loss_after:.2f}</b> "
                "({verdict}); chance of the right next token {answer}: "
                "<b>{chance_before} → {chance_after}</b>. Across the batch, the right token became "
                "likelier at {share:.0%} of the places.")
        text = summary.format(
            step=r.step, loss_before=r.loss_before, loss_after=r.loss_after,
            verdict=_loss_verdict(r.loss_before, r.loss_after),
            answer=(f"<span style='color:{RIGHT_COLOUR}'><b>"
                    f"{html.escape(_quoted(r.target_text))}</b></span>"),
            chance_before=percent(r.target_before), chance_after=percent(r.target_after),
            share=r.rising_share)
        unchanged = (percent(r.target_before) == percent(r.target_after)
                     and min(r.target_before, r.target_after) >= 0.001)  # not "<0.1%" both times
        if unchanged and r.target_before >= 0.99:
            text += "<br>" + self.tr(
                "<b>Here the step changed too little to show.</b> A model this sure of the right "
                "token, or a learning rate this small ({rate:.5f}, as at the end of training's "
                "schedule), moves its chances by less than the percentages show.").format(
                rate=r.learning_rate)
        elif unchanged:
            text += "<br>" + self.tr(
                "<b>Here the step changed too little to show:</b> at this learning rate "
                "({rate:.5f}) one step moves the chance by less than the percentages show.").format(
                rate=r.learning_rate)
        elif r.target_fell:
            text += "<br>" + self.tr(
                "<b>Here the right token became less likely.</b> That happens: one step serves the "
                "whole batch of {batch} examples and carries the momentum of earlier steps, so one "
                "example can lose a little while the batch as a whole gains.").format(batch=r.batch_size)
        text += "<br><span style='color:#555'>" + optimizer_words(r) + "</span>"
        self.summary.setText(text)
        self._draw(r)

    def _context_html(self, r) -> str:
        tokens = [html.escape(token_label(t)) for t in r.context_tokens[-40:]]
        cut = "…" if len(r.context_tokens) > 40 else ""
        answer = (f"<span style='color:{RIGHT_COLOUR}; font-size:13pt'><b>"
                  f"{html.escape(_quoted(r.target_text))}</b></span>")
        if not tokens:
            return self.tr("The model is at the very start of an example, with nothing read yet "
                           "and must guess what comes next. The right answer is {answer}.").format(
                answer=answer)
        tokens[-1] = f"<span style='background:#ffe9a8'><b>{tokens[-1]}</b></span>"
        text = f"<span style='font-size:13pt'>{cut}{''.join(tokens)}</span>"
        return self.tr("The model has read {text} and must guess what comes next. The right "
                       "answer is {answer}.").format(text=text, answer=answer)

    def _draw(self, r) -> None:
        rows = r.chances
        ys = list(range(len(rows)))
        top = max(max(c.before, c.after) for c in rows)
        right = [y for y, c in zip(ys, rows, strict=True) if c.correct]
        self._band.setOpts(x0=[0] * len(right), y=right, width=[1.0] * len(right))
        self._before.setOpts(x0=[0] * len(rows), y=[y - BAR / 2 for y in ys],
                             width=[c.before for c in rows])
        self._after.setOpts(x0=[0] * len(rows), y=[y + BAR / 2 for y in ys],
                            width=[c.after for c in rows])
        item = self.plot.getPlotItem()
        for label in self._labels:
            item.removeItem(label)
        self._labels = []
        for y, c in zip(ys, rows, strict=True):
            label = pg.TextItem(f"{percent(c.before)} → {percent(c.after)}", anchor=(0, 0.5),
                                color=RIGHT_COLOUR if c.correct else (40, 40, 40))
            label.setPos(max(c.before, c.after) + top * 0.02, y)
            item.addItem(label)
            self._labels.append(label)
        ticks = [(y, ("✔ " if c.correct else "") + token_label(c.text))
                 for y, c in zip(ys, rows, strict=True)]
        item.getAxis("left").setTicks([ticks])
        # Room right of the longest bar for its "before → after" label, also when it is near 100%;
        # the axis's ticks stop at 100%.
        width = top * 1.3 + 0.02
        step = next(s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25) if width / s <= 6)
        item.getAxis("bottom").setTicks([[(k * step, f"{k * step:.0%}")
                                          for k in range(int(min(width, 1.0) / step + 1e-9) + 1)]])
        item.setXRange(0, width, padding=0)
        item.setYRange(-0.6, max(len(rows), 6) - 0.4, padding=0)
