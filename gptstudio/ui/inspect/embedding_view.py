"""The embedding map: every token drawn where the model's embedding puts it, flattened to 2-D.

engine.embedding_map does the arithmetic (PCA of the token embeddings, sign-fixed so the picture
keeps its orientation from one checkpoint to the next) and chooses the colours (the kind of
character in Latin text; how often a token is used, in every other script and for words) and which
tokens are written out (the most used of a large vocabulary; the others are dots that name
themselves when pointed at). This view draws them, and words its explanation for the tokenizer at
hand. The Look inside tab hands it each new
checkpoint while it is on screen, so the map changes as training goes on; the visible range is
kept unless the points leave it or shrink to a small part of it, so the tokens are seen moving
rather than the axes jumping.

PCA of a few hundred tokens takes about a millisecond, so it runs on the GUI thread; for a large
vocabulary the corpus is counted once (to choose the most frequent tokens) and the choice kept.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.widgets.controls import plot_without_menus
from gptstudio.ui.widgets.text import join_sentences, token_label

NO_MODEL = QT_TRANSLATE_NOOP("EmbeddingView",
                             "Train the model first: then this map shows where it has put each token.")
# The explanation, for the tokens at hand: what drifts together differs between the letters of an
# alphabet, the characters of another script, words, and pieces of words.
EXPLANATIONS = {
    "letters": QT_TRANSLATE_NOOP(
        "EmbeddingView",
        "Each token is a point in a space with many dimensions, where the model keeps what it has "
        "learned about it (its <i>embedding</i>). This map flattens that space onto the page, "
        "keeping the two directions in which the tokens differ most. Tokens the model uses in "
        "similar ways end up close together. Early in training the map is a random cloud; as the "
        "model learns, vowels, digits and punctuation drift into groups. Only the positions "
        "relative to each other mean something: the axes have no units."),
    "char": QT_TRANSLATE_NOOP(
        "EmbeddingView",
        "Each character is a point in a space with many dimensions, where the model keeps what it "
        "has learned about it (its <i>embedding</i>). This map flattens that space onto the page, "
        "keeping the two directions in which the characters differ most. Characters the model uses "
        "in similar ways end up close together. Early in training the map is a random cloud; as "
        "the model learns, characters used in similar places drift together: punctuation marks, "
        "digits, characters that often stand side by side. Only the positions relative to each "
        "other mean something: the axes have no units."),
    "word": QT_TRANSLATE_NOOP(
        "EmbeddingView",
        "Each word is a point in a space with many dimensions, where the model keeps what it has "
        "learned about it (its <i>embedding</i>). This map flattens that space onto the page, "
        "keeping the two directions in which the words differ most. Words the model uses in "
        "similar ways end up close together. Early in training the map is a random cloud; as the "
        "model learns, words that do the same job in a sentence drift together, and punctuation "
        "with them. Only the positions relative to each other mean something: the axes have no "
        "units."),
    "pieces": QT_TRANSLATE_NOOP(
        "EmbeddingView",
        "Each token, a word or a piece of one, is a point in a space with many dimensions, where "
        "the model keeps what it has learned about it (its <i>embedding</i>). This map flattens "
        "that space onto the page, keeping the two directions in which the tokens differ most. "
        "Tokens the model uses in similar ways end up close together. Early in training the map is "
        "a random cloud; as the model learns, pieces that do the same job (word endings, "
        "punctuation, words that can replace each other) drift together. Only the positions "
        "relative to each other mean something: the axes have no units."),
}
LEGEND_TIPS = {
    "letters": QT_TRANSLATE_NOOP("EmbeddingView",
                                 "The colour of a token says what kind of character it starts with."),
    "frequency": QT_TRANSLATE_NOOP("EmbeddingView",
                                   "The colour of a token says how often your text uses it, against "
                                   "the other tokens on the map; punctuation, digits and spaces have "
                                   "colours of their own."),
}
# Colours that stay apart for the common kinds of colour blindness (Okabe & Ito), on white.
GROUP_COLOURS = {
    "vowel": (213, 94, 0),
    "consonant": (0, 114, 178),
    "frequent": (213, 94, 0),
    "middling": (0, 114, 178),
    "rare": (86, 180, 233),
    "digit": (0, 158, 115),
    "punctuation": (204, 121, 167),
    "space": (120, 120, 120),
    "other": (150, 120, 0),
}
GROUP_NAMES = {
    "vowel": QT_TRANSLATE_NOOP("EmbeddingView", "vowels"),
    "consonant": QT_TRANSLATE_NOOP("EmbeddingView", "consonants"),
    "frequent": QT_TRANSLATE_NOOP("EmbeddingView", "the most used third"),
    "middling": QT_TRANSLATE_NOOP("EmbeddingView", "the middle third"),
    "rare": QT_TRANSLATE_NOOP("EmbeddingView", "the least used third"),
    "digit": QT_TRANSLATE_NOOP("EmbeddingView", "digits"),
    "punctuation": QT_TRANSLATE_NOOP("EmbeddingView", "punctuation and symbols"),
    "space": QT_TRANSLATE_NOOP("EmbeddingView", "spaces and line breaks"),
    "other": QT_TRANSLATE_NOOP("EmbeddingView", "other characters"),
}
DOT_SIZE = 7  # pixels: a token on the map that is not written out
LABEL_CHARS = 10  # longer tokens (words) are cut with "…" so the map stays readable


class EmbeddingView(QtWidgets.QWidget):
    map_shown = QtCore.Signal()  # the drawing is up to date

    def __init__(self, parent=None):
        super().__init__(parent)
        self._generator = None
        self._corpus = ""
        self._ids: list[int] | None = None  # tokens chosen for the current tokenizer and corpus
        self._counts = None  # engine.embedding_map.token_counts of the corpus, for those
        self._ids_key = None
        self.map = None  # the latest engine.embedding_map.EmbeddingMap
        self._labels: list[pg.TextItem] = []
        self._fitted = False  # the range was fitted to a map at least once

        self.explanation = QtWidgets.QLabel(translate("EmbeddingView", EXPLANATIONS["letters"]))
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #444;")
        self.legend = QtWidgets.QLabel()
        self.legend.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.legend.setToolTip(translate("EmbeddingView", LEGEND_TIPS["letters"]))
        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        self.note = QtWidgets.QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.plot = pg.PlotWidget(background="w")
        self._build_plot()

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.message)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.note)
        self.set_generator(None)

    def _build_plot(self) -> None:
        item = self.plot.getPlotItem()
        plot_without_menus(self.plot)
        item.hideButtons()
        item.setAspectLocked(True)  # distances on screen are distances between embeddings
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setTextPen("k")
            axis.enableAutoSIPrefix(False)  # no "(x0.001)": the axes have no units anyway
            axis.setStyle(showValues=False, tickLength=0)
        item.showGrid(x=False, y=False)
        self.plot.setToolTip(self.tr("Drag to move the map, scroll to zoom. Tokens close together "
                                     "are ones the model treats alike; point at a dot to read its "
                                     "token."))
        # The tokens not written out: one item, a brush each, naming its token when pointed at.
        self._dots = pg.ScatterPlotItem(size=DOT_SIZE, pen=None, hoverable=True, tip=_dot_tip)
        item.addItem(self._dots)
        self._legend_html(("vowel", "consonant", "digit", "punctuation", "space"))

    def _legend_html(self, groups) -> None:
        """The colour key, for the kinds of token on the map only."""
        parts = [f"<span style='color: rgb{GROUP_COLOURS[g]}; font-size: 14pt'>■</span>&nbsp;"
                 + translate("EmbeddingView", GROUP_NAMES[g]) for g in GROUP_NAMES if g in groups]
        self.legend.setText("&nbsp;&nbsp;&nbsp;".join(parts))

    # -- inputs --------------------------------------------------------------------------------------

    def set_generator(self, generator) -> None:
        """A sampling.TextGenerator for the latest checkpoint, or None; redraws the map."""
        self._generator = generator
        self.refresh()

    def set_corpus(self, text: str) -> None:
        """The project's text: for a vocabulary of more than a few hundred tokens, the map shows
        the ones used most in it (without it, the first ones)."""
        if text != self._corpus:
            self._corpus = text
            self._ids_key = None
            if self._generator is not None and self._generator.tokenizer.vocab_size > 300:
                self.refresh()

    @QtCore.Slot()
    def refresh(self) -> None:
        gen = self._generator
        self.plot.setVisible(gen is not None)
        self.legend.setVisible(gen is not None)
        self.note.setVisible(gen is not None)
        if gen is None:
            self.map = None
            self._fitted = False
            self._say(translate("EmbeddingView", NO_MODEL))
            self._draw()
            return
        from gptstudio.engine.embedding_map import LIMIT, embedding_map, shown_ids, token_counts

        # Not the tokenizer object: every checkpoint brings a new one, and recounting the corpus on
        # the GUI thread at each would stall it for a large vocabulary.
        key = (gen.tokenizer.kind, gen.tokenizer.vocab_size, self._corpus)
        if key != self._ids_key:
            self._counts = token_counts(gen.tokenizer, self._corpus or None)
            self._ids = shown_ids(gen.tokenizer, LIMIT, counts=self._counts)
            self._ids_key = key
        self.map = embedding_map(gen.model, gen.tokenizer, ids=self._ids, counts=self._counts)
        self._say("")
        self._draw()

    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.setVisible(bool(sentence))

    # -- drawing -------------------------------------------------------------------------------------

    def _draw(self) -> None:
        item = self.plot.getPlotItem()
        m = self.map
        written = [] if m is None else [i for i, shown in enumerate(m.labelled) if shown]
        n = len(written)
        font = QtGui.QFont()
        font.setPointSize(12 if n <= 120 else 10)
        font.setBold(True)
        while len(self._labels) < n:
            label = pg.TextItem(anchor=(0.5, 0.5))
            label.setZValue(1)  # over the dots
            item.addItem(label)
            self._labels.append(label)
        for i, label in enumerate(self._labels):
            label.setVisible(i < n)
        if m is None:
            self._dots.clear()
            return
        for label, i in zip(self._labels, written, strict=False):
            label.setFont(font)
            label.setText(_short(token_label(m.labels[i])), color=GROUP_COLOURS[m.groups[i]])
            label.setPos(float(m.points[i][0]), float(m.points[i][1]))
        dots = [i for i, shown in enumerate(m.labelled) if not shown]
        self._dots.setData(pos=m.points[dots] if dots else np.zeros((0, 2)),
                           brush=[pg.mkBrush(*GROUP_COLOURS[m.groups[i]]) for i in dots],
                           data=[m.labels[i] for i in dots])
        self._legend_html(set(m.groups))
        self._explain(m)
        ex, ey = m.explained
        item.setLabel("bottom", self.tr("direction of most difference ({share:.0%} of it)").format(
            share=ex))
        item.setLabel("left", self.tr("next most ({share:.0%})").format(share=ey))
        self._fit_range(m.points)
        self.note.setText(self._note(m, len(m.labels), n))
        self.map_shown.emit()

    def _explain(self, m) -> None:
        """The explanation and the colour key's tip, for the tokenizer and colours of this map."""
        if m.scheme == "letters":
            words = "letters"
        else:
            words = {"char": "char", "word": "word"}.get(m.tokenizer_kind, "pieces")
        self.explanation.setText(translate("EmbeddingView", EXPLANATIONS[words]))
        self.legend.setToolTip(translate("EmbeddingView", LEGEND_TIPS[m.scheme]))

    def _note(self, m, shown: int, written: int) -> str:
        if not m.limited:
            showing = self.tr("Showing {count:,} tokens.").format(count=shown)
        elif self._corpus:
            showing = self.tr("Showing the {count:,} tokens most used in your text, of "
                              "{vocabulary:,} (more would be unreadable).").format(
                count=shown, vocabulary=m.vocab_size)
        else:
            showing = self.tr("Showing the {count:,} tokens first in the vocabulary, of "
                              "{vocabulary:,} (more would be unreadable).").format(
                count=shown, vocabulary=m.vocab_size)
        if written < shown:
            showing = join_sentences([showing, self.tr(
                "The {count:,} most used are written out; the others are dots (point at one to "
                "read it).").format(count=written)])
        return self.tr("{showing} The markers for start, end and padding are left out. "
                       "The two directions together hold {share:.0%} of the "
                       "differences between the tokens; the rest cannot be drawn on a "
                       "flat page.").format(showing=showing, share=sum(m.explained))

    def _fit_range(self, points: np.ndarray) -> None:
        """Keep the range while the points fill a fair part of it; otherwise fit them again."""
        if len(points) == 0:
            return
        vb = self.plot.getPlotItem().getViewBox()
        points = np.asarray(points, dtype=np.float64)
        low, high = points.min(axis=0), points.max(axis=0)
        span = np.maximum(high - low, 1e-6)
        (x0, x1), (y0, y1) = vb.viewRange()
        inside = low[0] >= x0 and high[0] <= x1 and low[1] >= y0 and high[1] <= y1
        # the locked aspect widens one axis to the window's shape: judge by the fuller one
        filled = max(span[0] / max(x1 - x0, 1e-12), span[1] / max(y1 - y0, 1e-12))
        if self._fitted and inside and filled > 0.4:
            return
        pad = span * 0.08
        vb.setRange(xRange=(float(low[0] - pad[0]), float(high[0] + pad[0])),
                    yRange=(float(low[1] - pad[1]), float(high[1] + pad[1])), padding=0)
        self._fitted = True


def _dot_tip(x, y, data) -> str:
    """What a dot says when pointed at: its token (pyqtgraph passes its position and data)."""
    return token_label(data)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
