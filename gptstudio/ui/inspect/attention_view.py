"""The attention viewer: for a prompt, which earlier tokens each token looks at, per layer and head.

The maps come from `engine.attention_maps` (one no-grad pass over a prompt clipped to the model's
context: a few milliseconds for GPT Studio's models, so it runs on the GUI thread, debounced while
the user types). The view draws one layer's head (or the average of its heads) as a grid, and a
row of the prompt's tokens; hovering a token, or its row in the grid, shades the earlier tokens by
how much attention it gives them.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.errors import EngineError
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.widgets.text import describe_error, join_sentences, visible_whitespace

# More tokens than this make the grid's cells and labels too small to read; the view shows the
# prompt's last ones and says so.
SHOWN_TOKENS = 48
NO_MODEL = QT_TRANSLATE_NOOP("AttentionView",
                             "Train the model first, then see what it pays attention to.")
TYPE_PROMPT = QT_TRANSLATE_NOOP("AttentionView",
                                "Type some text above to see what the model looks at while "
                                "reading it.")


def weight_colour(weight: float) -> QtGui.QColor:
    """No attention: white; all of it: deep blue."""
    w = max(0.0, min(1.0, weight))
    return QtGui.QColor.fromHsvF(0.61, 0.85 * w, 1.0 - 0.45 * w)


FUTURE = QtGui.QColor(232, 232, 232)  # cells a token cannot see


def legend_html() -> str:
    """The colour key, as rich text for a QLabel."""
    def swatch(colour: QtGui.QColor) -> str:
        return (f'<span style="background-color:{colour.name()}; color:{colour.name()}">'
                "&nbsp;&nbsp;&nbsp;&nbsp;</span>")
    steps = " ".join(f"{swatch(weight_colour(w))}&nbsp;{w:.0%}" for w in (0.0, 0.25, 0.5, 0.75, 1.0))
    return translate("AttentionView",
                     "Share of a token's attention: {steps}&nbsp;&nbsp;&nbsp;&nbsp;{future}&nbsp;"
                     "later tokens, which it cannot see").format(steps=steps, future=swatch(FUTURE))


def _elided(text: str, limit: int = 6) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------------------------------------------
# The grid


class AttentionGrid(QtWidgets.QWidget):
    """Row i, column j: how much token i looks at token j. Above the diagonal is the future, which
    no token can see."""

    row_hovered = QtCore.Signal(int)  # -1 when the mouse leaves

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(260, 260)
        self.matrix = np.zeros((0, 0))
        self.labels: list[str] = []
        self.hovered = -1

    def set_data(self, matrix: np.ndarray, labels: list[str]) -> None:
        self.matrix, self.labels = matrix, [_elided(visible_whitespace(t)) for t in labels]
        self.update()

    def set_hovered(self, row: int) -> None:
        self.hovered = row
        self.update()

    # -- geometry: label margins on the left and top, square cells ----------------------------------

    def _rotated(self) -> bool:
        """Column labels turn upright-reading-upwards only when they are wider than a cell."""
        metrics = self.fontMetrics()
        return max((metrics.horizontalAdvance(t) for t in self.labels), default=0) > 14

    def _margins(self) -> tuple[int, int]:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(t) for t in self.labels), default=0)
        column_labels = widest if self._rotated() else metrics.height()
        return widest + 14, column_labels + 10

    def _cell(self) -> float:
        n = len(self.labels)
        left, top = self._margins()
        return max(4.0, min(36.0, (self.width() - left - 8) / max(n, 1),
                            (self.height() - top - 8) / max(n, 1)))

    def cell_at(self, point: QtCore.QPointF) -> tuple[int, int] | None:
        left, top = self._margins()
        cell, n = self._cell(), len(self.labels)
        row, col = int((point.y() - top) // cell), int((point.x() - left) // cell)
        return (row, col) if 0 <= row < n and 0 <= col < n and point.y() >= top else None

    def _labelled(self, cell: float) -> list[int]:
        """The tokens that get a label. Cells shorter than a line of text cannot all have one:
        then labels go, left to right, wherever they do not overlap the previous one, and blank
        tokens (␣, ↵) give way to words."""
        line = self.fontMetrics().height()
        if cell >= line:
            return list(range(len(self.labels)))
        chosen, free_from = [], 0.0
        for i, label in enumerate(self.labels):
            if i * cell >= free_from and not set(label) <= set("␣↵⇥"):
                chosen.append(i)
                free_from = i * cell + line
        return chosen

    def paintEvent(self, event) -> None:
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        n = len(self.labels)
        if not n:
            return
        left, top = self._margins()
        cell = self._cell()
        for i in range(n):
            for j in range(n):
                rect = QtCore.QRectF(left + j * cell, top + i * cell, cell, cell)
                colour = weight_colour(self.matrix[i, j]) if j <= i else FUTURE
                painter.fillRect(rect, colour)
        painter.setPen(QtGui.QColor(40, 40, 40))
        centred = QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignBottom
        for i in self._labelled(cell):
            label = self.labels[i]
            painter.drawText(QtCore.QRectF(0, top + i * cell, left - 6, cell),
                             QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter, label)
            if not self._rotated():
                painter.drawText(QtCore.QRectF(left + i * cell, 0, cell, top - 4), centred, label)
                continue
            # Long tokens read bottom-to-top, so they fit above narrow cells.
            painter.save()
            painter.translate(left + i * cell, top - 4)
            painter.rotate(-90)
            painter.drawText(QtCore.QRectF(0, 0, top - 8, cell),
                             QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter, label)
            painter.restore()
        if 0 <= self.hovered < n:
            painter.setPen(QtGui.QPen(QtGui.QColor(230, 120, 20), 2))
            painter.drawRect(QtCore.QRectF(left, top + self.hovered * cell, n * cell, cell))

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        hit = self.cell_at(event.position())
        self.row_hovered.emit(hit[0] if hit else -1)
        if hit is None:
            QtWidgets.QToolTip.hideText()
            return
        i, j = hit
        tip = (self.tr("The future: a token cannot look at tokens that come after it.") if j > i else
               self.tr("“{token}” gives {share:.0%} of its attention to “{other}”.").format(
                   token=self.labels[i], share=self.matrix[i, j], other=self.labels[j]))
        QtWidgets.QToolTip.showText(event.globalPosition().toPoint(), tip, self)

    def leaveEvent(self, event) -> None:
        self.row_hovered.emit(-1)


# ---------------------------------------------------------------------------------------------------
# The prompt's tokens


class TokenStrip(QtWidgets.QWidget):
    """The prompt's tokens as boxes in reading order. Hovering one shades the earlier tokens by the
    attention it gives them, and outlines it."""

    token_hovered = QtCore.Signal(int)  # -1 when the mouse leaves

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.labels: list[str] = []
        self.weights: np.ndarray | None = None
        self.hovered = -1
        self._rects: list[QtCore.QRectF] = []

    def set_tokens(self, labels: list[str]) -> None:
        self.labels, self.weights, self.hovered = [visible_whitespace(t) for t in labels], None, -1
        self._layout()

    def set_highlight(self, hovered: int, weights: np.ndarray | None) -> None:
        self.hovered, self.weights = hovered, weights
        self.update()

    def _small_font(self) -> QtGui.QFont:
        font = QtGui.QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.8)
        return font

    def _layout(self) -> None:
        """Boxes left to right, wrapping; each has room for its text and, below, a percentage."""
        metrics, x, y, gap = self.fontMetrics(), 4.0, 4.0, 3.0
        small = QtGui.QFontMetrics(self._small_font())
        height = metrics.height() + small.height() + 6
        self._rects = []
        for label in self.labels:
            width = max(small.horizontalAdvance("100%") + 6, metrics.horizontalAdvance(label) + 10)
            if x + width > self.width() - 4 and x > 4:
                x, y = 4.0, y + height + gap
            self._rects.append(QtCore.QRectF(x, y, width, height))
            x += width + gap
        self.setMinimumHeight(int(y + height + 4))
        self.update()

    def resizeEvent(self, event) -> None:
        self._layout()

    def paintEvent(self, event) -> None:
        painter = QtGui.QPainter(self)
        text_height = self.fontMetrics().height() + 3
        for i, (label, rect) in enumerate(zip(self.labels, self._rects, strict=True)):
            weight = float(self.weights[i]) if self.weights is not None else 0.0
            painter.fillRect(rect, weight_colour(weight) if self.weights is None or i <= self.hovered
                             else FUTURE)
            outline = QtGui.QPen(QtGui.QColor(230, 120, 20), 2) if i == self.hovered else QtGui.QColor(200, 200, 200)
            painter.setPen(outline)
            painter.drawRect(rect)
            painter.setPen(QtGui.QColor(255, 255, 255) if weight > 0.55 else QtGui.QColor(30, 30, 30))
            top = QtCore.QRectF(rect.x(), rect.y() + 2, rect.width(), text_height)
            painter.drawText(top, QtCore.Qt.AlignmentFlag.AlignCenter, label)
            if self.weights is not None and i <= self.hovered:
                painter.setFont(self._small_font())
                bottom = QtCore.QRectF(rect.x(), rect.y() + text_height, rect.width(),
                                       rect.height() - text_height - 1)
                painter.drawText(bottom, QtCore.Qt.AlignmentFlag.AlignCenter, f"{weight:.0%}")
                painter.setFont(self.font())

    def index_at(self, point: QtCore.QPointF) -> int:
        return next((i for i, rect in enumerate(self._rects) if rect.contains(point)), -1)

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        self.token_hovered.emit(self.index_at(event.position()))

    def leaveEvent(self, event) -> None:
        self.token_hovered.emit(-1)


# ---------------------------------------------------------------------------------------------------
# The view


class AttentionView(QtWidgets.QWidget):
    """Prompt, layer and head choosers, the token row and the grid. `set_generator(None)` shows
    why there is nothing to see yet."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._generator = None
        self._maps: np.ndarray | None = None  # (L, nh, T, T), the whole prompt the model reads
        self._texts: list[str] = []  # the T tokens' texts
        self._hovered = -1

        self.prompt = QtWidgets.QLineEdit()
        self.prompt.setPlaceholderText(
            self.tr("Type some text, e.g. the start of a name or a sentence"))
        self.prompt.setToolTip(self.tr("The model reads this text; the view shows which earlier "
                                       "tokens it looks at while reading each one. It can only use "
                                       "characters it saw in the corpus."))
        self.layer_box = QtWidgets.QComboBox()
        self.layer_box.setToolTip(self.tr("Layer: the transformer blocks are stacked one on top of "
                                          "the other. Layer 1 sees the raw tokens; each later layer "
                                          "sees what the layers below it made of them."))
        self.head_box = QtWidgets.QComboBox()
        self.head_box.setToolTip(self.tr("Head: each layer has several heads that each look for "
                                         "something different (the previous letter, the start of "
                                         "the word...). The average shows all of the layer's heads "
                                         "together."))
        self.message = QtWidgets.QLabel(translate("AttentionView", TYPE_PROMPT))
        self.message.setWordWrap(True)
        self.strip = TokenStrip()
        self.strip.setToolTip(self.tr("The text as the model reads it, one token per box (␣ is a "
                                      "space, ↵ a line break). Point at a token: the earlier tokens "
                                      "it looks at turn blue, darker for more attention."))
        self.grid = AttentionGrid()
        self.legend = QtWidgets.QLabel(legend_html())
        self.legend.setToolTip(self.tr("How the colours read: the darker the blue, the bigger the "
                                       "share of its attention a token gives to that earlier "
                                       "token."))
        self._build_layout()

        self._debounce = QtCore.QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)  # recompute once typing pauses, not on every key
        self._debounce.timeout.connect(self.refresh)
        self.prompt.textChanged.connect(self._debounce.start)
        self.layer_box.currentIndexChanged.connect(self._redraw)
        self.head_box.currentIndexChanged.connect(self._redraw)
        self.strip.token_hovered.connect(self.hover_token)
        self.grid.row_hovered.connect(self.hover_token)
        self.set_generator(None)

    def _build_layout(self) -> None:
        intro = QtWidgets.QLabel(self.tr(
            "While reading each token, the model decides how much to look back at every earlier "
            "token. Each row of the grid is one token of your text; the blue cells in it are the "
            "earlier tokens it looks at, darker for more attention. Every row adds up to 100%."))
        intro.setWordWrap(True)
        choosers = QtWidgets.QHBoxLayout()
        for text, box in ((self.tr("Layer:"), self.layer_box), (self.tr("Head:"), self.head_box)):
            label = QtWidgets.QLabel(text)
            label.setToolTip(box.toolTip())
            choosers.addWidget(label)
            choosers.addWidget(box)
        choosers.addStretch(1)
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Text:"), self.prompt)
        form.addRow(choosers)
        hint = QtWidgets.QLabel(
            self.tr("Point at a token (or its row in the grid) to see what it looks at:"))
        # A label, not text painted on the grid: painted into a one-line box, a caption wider
        # than the grid, or a script taller than the font's line, was cut off.
        self.grid_caption = QtWidgets.QLabel(self.tr("Each row: a token of your text.   Each "
                                                     "column: a token it can look at →"))
        self.grid_caption.setWordWrap(True)
        self.grid_caption.setStyleSheet("color: #5a5a5a;")
        content = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (intro, form, self.message, hint, self.strip, self.legend, self.grid_caption,
                       self.grid):
            if isinstance(widget, QtWidgets.QLayout):
                column.addLayout(widget)
            else:
                column.addWidget(widget, 1 if widget is self.grid else 0)
        self.untrained = QtWidgets.QLabel(translate("AttentionView", NO_MODEL))
        self.untrained.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.untrained.setWordWrap(True)
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.untrained)
        self.pages.addWidget(content)
        QtWidgets.QVBoxLayout(self).addWidget(self.pages)

    # -- model ---------------------------------------------------------------------------------------

    def set_generator(self, generator) -> None:
        """A TextGenerator (model, tokenizer, mode), or None when no model is trained yet. The
        prompt and the chosen layer and head stay when a newer checkpoint of the same shape comes."""
        self._generator = generator
        self.pages.setCurrentIndex(0 if generator is None else 1)
        if generator is not None:
            config = generator.model.config
            self._fill(self.layer_box, [self._layer_name(i, config.n_layer)
                                        for i in range(config.n_layer)])
            self._fill(self.head_box, [self.tr("Average of all heads")] + [
                self.tr("{head} of {count}").format(head=i + 1, count=config.n_head)
                for i in range(config.n_head)])
        self.refresh()

    def _layer_name(self, index: int, count: int) -> str:
        """The layer chooser's entry for layer `index` (0-based) of `count`."""
        if index == 0:
            text = self.tr("{layer} of {count} (closest to the raw tokens)")
        elif index == count - 1:
            text = self.tr("{layer} of {count} (closest to the prediction)")
        else:
            text = self.tr("{layer} of {count}")
        return text.format(layer=index + 1, count=count)

    @staticmethod
    def _fill(box: QtWidgets.QComboBox, items: list[str]) -> None:
        if [box.itemText(i) for i in range(box.count())] == items:
            return
        keep = box.currentIndex()
        box.blockSignals(True)
        box.clear()
        box.addItems(items)
        box.setCurrentIndex(keep if 0 <= keep < len(items) else 0)
        box.blockSignals(False)

    def refresh(self) -> None:
        """Run the model over the prompt now (typing triggers this after a short pause)."""
        self._debounce.stop()
        self._maps, self._texts = None, []
        generator, text = self._generator, self.prompt.text()
        if generator is not None and text:
            from gptstudio.engine.attention_maps import attention_maps, prompt_tokens

            block_size = generator.model.config.block_size
            try:
                tokens = prompt_tokens(generator.tokenizer, generator.mode, text, block_size)
            except EngineError as error:
                self.message.setText(describe_error(error))
            else:
                self._maps = attention_maps(generator.model, list(tokens.ids)).numpy()
                self._texts = list(tokens.texts)
                self.message.setText(self._note(tokens.clipped, block_size))
        elif generator is not None:
            self.message.setText(translate("AttentionView", TYPE_PROMPT))
        self.message.setVisible(bool(self.message.text()))
        self._redraw()

    def _note(self, clipped: int, block_size: int) -> str:
        notes = []
        if clipped:
            notes.append(self.tr("The model reads at most {block_size} tokens at a time, so it "
                                 "reads only the last {block_size} of your text.").format(
                block_size=block_size))
        if len(self._texts) > SHOWN_TOKENS:
            notes.append(self.tr("Showing the last {count} tokens; the attention they give to "
                                 "earlier ones is left out of the picture.").format(
                count=SHOWN_TOKENS))
        return join_sentences(notes)

    # -- what is shown -------------------------------------------------------------------------------

    def maps(self) -> np.ndarray | None:
        """(layers, heads, T, T) attention of the whole prompt the model read, or None."""
        return self._maps

    def shown_tokens(self) -> list[str]:
        """The texts of the tokens in the grid and the token row (the last SHOWN_TOKENS)."""
        return self._texts[-SHOWN_TOKENS:]

    def layer(self) -> int:
        return max(0, self.layer_box.currentIndex())

    def head(self) -> int | None:
        """The chosen head (0-based), or None for the average of all heads."""
        return None if self.head_box.currentIndex() <= 0 else self.head_box.currentIndex() - 1

    def set_layer(self, layer: int) -> None:
        self.layer_box.setCurrentIndex(layer)

    def set_head(self, head: int | None) -> None:
        self.head_box.setCurrentIndex(0 if head is None else head + 1)

    def matrix(self) -> np.ndarray:
        """The (n, n) grid as shown: the chosen layer and head, over the shown tokens."""
        if self._maps is None:
            return np.zeros((0, 0))
        heads = self._maps[self.layer()]  # (nh, T, T)
        full = heads.mean(axis=0) if self.head() is None else heads[self.head()]
        n = len(self.shown_tokens())
        return full[-n:, -n:]

    def hover_token(self, index: int) -> None:
        """Highlight what shown token `index` looks at; -1 clears the highlight."""
        self._hovered = index if 0 <= index < len(self.shown_tokens()) else -1
        self.strip.set_highlight(self._hovered, self.highlighted())
        self.grid.set_hovered(self._hovered)

    def hovered(self) -> int:
        return self._hovered

    def highlighted(self) -> np.ndarray | None:
        """Per shown token, the attention the hovered token gives it (0 for the tokens after
        it, which it cannot see), or None when no token is hovered."""
        return None if self._hovered < 0 else self.matrix()[self._hovered].copy()

    def _redraw(self) -> None:
        shown = self.shown_tokens()
        self.grid.set_data(self.matrix(), shown)
        if self.strip.labels != [visible_whitespace(t) for t in shown]:
            self.strip.set_tokens(shown)
            self._hovered = -1
        self.hover_token(self._hovered)
