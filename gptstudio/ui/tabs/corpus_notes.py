"""What the Corpus tab says about the text besides its counts: stray characters with an offer to
clean them, and the shape of the text: the data mode its structure suggests, why, and the first
examples as the model will see them. (Where the text came from: corpus_source.py.)

Each is a small view over plain data from the statistics job (engine.corpus_report.CorpusReport);
the Corpus tab owns them and acts on their signals.
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.widgets.text import localized

BANNER_STYLE = ("background: #fff4e0; color: #5a3a00; border: 1px solid #e0a030; border-radius: 4px;"
                " padding: 6px;")
NOTE_STYLE = "background: #eef4fb; color: #1d3550; border: 1px solid #9bbbe0; border-radius: 4px; padding: 6px;"
MODE_WORDS = {
    "continuous": QT_TRANSLATE_NOOP("CorpusNotes", "one continuous text"),
    "lines": QT_TRANSLATE_NOOP("CorpusNotes", "one example per line"),
    "blocks": QT_TRANSLATE_NOOP("CorpusNotes", "one example per block"),
    "chat": QT_TRANSLATE_NOOP("CorpusNotes", "conversations"),
}
START, END, CUT = "⟨start⟩", "⟨end⟩", "⟨cut⟩"  # how the preview shows <sos>, <eos>, the context's end


def mode_words(mode: str) -> str:
    return translate("CorpusNotes", MODE_WORDS.get(mode, mode))


class _Banner(QtWidgets.QFrame):
    def __init__(self, style: str, parent=None):
        super().__init__(parent)
        self.setStyleSheet(f"QFrame#banner {{{style}}}")
        self.setObjectName("banner")
        self.label = QtWidgets.QLabel(wordWrap=True)
        self.label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.buttons = QtWidgets.QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label)
        layout.addLayout(self.buttons)
        self.hide()

    def add_button(self, text: str, tip: str, slot) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button


class StrayOffer(_Banner):
    """"This text holds characters that are not text …  [Clean them]  [Keep them]"; for a file read
    in an encoding the user chose that leaves bytes undecoded, "[Recognise its encoding]" first."""

    clean_requested = QtCore.Signal()
    recognise_requested = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(BANNER_STYLE, parent)
        self.report = None  # engine.stray_characters.StrayReport shown, or None
        self._kept = None  # the report the user chose to keep: not offered again for it
        self.recognise_button = self.add_button(
            self.tr("Recognise its encoding"), self.tr(
                "Read the file again in the encoding GPT Studio recognises in it (Undo brings this "
                "text back)."), self.recognise_requested.emit)
        self.clean_tip = self.tr("Remove these characters from the text (Undo brings them back).")
        self.clean_button = self.add_button(self.tr("Clean them"), self.clean_tip,
                                            self.clean_requested.emit)
        self.keep_button = self.add_button(
            self.tr("Keep them"), self.tr("Leave the text as it is: the model will learn these "
                                          "characters too."), self._keep)

    def show_report(self, report, encoding_chosen: str = "") -> None:
        """encoding_chosen: the name of the encoding the user chose to read the text's file in,
        "" when GPT Studio recognised it (or the text came from no file)."""
        self.report = report
        offer = report is not None and report.found and report != self._kept
        # Bytes the chosen encoding could not decode: nearly always the wrong encoding, whose fix
        # is another one, not taking out every accented letter ("Crêpes" became "Crpes").
        wrong = offer and bool(encoding_chosen) and {k.kind for k in report.kinds} == {"unreadable"}
        if wrong:
            self.label.setText(self.tr(
                "<b>{count:,} characters of this text could not be read in {encoding}</b> (shown "
                "as �): the file was probably written in another encoding. Let GPT Studio "
                "recognise it, or choose one above.").format(
                count=report.removed, encoding=html.escape(encoding_chosen)))
        elif offer:
            self.label.setText(self.tr(
                "<b>This text holds {count:,} characters that are not text:</b> {what}. A model would "
                "learn them as if they were part of the text, and write them back.").format(
                count=report.removed, what=html.escape(localized(report.describe()))))
        self.recognise_button.setVisible(wrong)
        self.setVisible(offer)

    def _keep(self) -> None:
        self._kept = self.report
        self.hide()


class ShapeNote(_Banner):
    """The data mode and why, with the first examples as the model sees them; an offer to use the
    mode the text's structure suggests where the project uses another."""

    mode_suggested = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(NOTE_STYLE, parent)
        self.suggested = ""
        self.use_button = self.add_button(self.tr("Use it"), self.tr(
            "Use the data mode the text's structure suggests (Model & Training settings)."),
            self._use)
        self.preview_toggle = QtWidgets.QToolButton(text=self.tr("Show the first examples"),
                                                    checkable=True)
        self.preview_toggle.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.preview_toggle.setArrowType(QtCore.Qt.ArrowType.RightArrow)
        self.preview_toggle.setToolTip(self.tr("The first examples of the text as the model will "
                                               "see them."))
        self.preview_toggle.toggled.connect(self._toggle_preview)
        self.buttons.insertWidget(0, self.preview_toggle)
        self.preview = QtWidgets.QTextBrowser()
        self.preview.setMaximumHeight(220)
        self.preview.hide()
        self.layout().addWidget(self.preview)

    def show_report(self, report, mode: str, block_size: int, locked: bool,
                    tokenizer: str = "char", context_changing: bool = False,
                    mode_guessed: bool = False) -> None:
        """report: the CorpusReport; mode: the project's data mode; locked: the model is trained
        (its mode can no longer change); context_changing: Automatic is choosing the settings, so
        what the context cuts is said once it has (the saved defaults' context cut most of a new
        text, and a second later Automatic's cut almost none); mode_guessed: the mode is the guess
        made from the text when the project was made, not a choice in the settings."""
        guess = report.guess if report is not None else None
        if guess is None:
            self.hide()
            return
        guessed = guess.mode
        if guessed == mode:
            text = self.tr("<b>Data: {mode}.</b> {reason}").format(
                mode=mode_words(mode), reason=html.escape(localized(guess.reason)))
        elif mode_guessed:  # the text has changed since: the user never chose this mode
            text = self.tr("<b>Data: {mode}</b> (guessed from the text when the project was made; "
                           "Model &amp; Training settings change it). The text now looks like "
                           "{guessed}: {reason}").format(
                mode=mode_words(mode), guessed=mode_words(guessed),
                reason=html.escape(localized(guess.reason)))
        else:
            text = self.tr("<b>Data: {mode}</b> (chosen in Model &amp; Training settings). The text "
                           "looks like {guessed}: {reason}").format(
                mode=mode_words(mode), guessed=mode_words(guessed),
                reason=html.escape(localized(guess.reason)))
        text_cut = most_text_cut(report) and not context_changing
        if report.truncated and context_changing:
            text += " " + self.tr("Automatic settings are being chosen for this text: how many "
                                  "examples its context cuts is said once they are.")
        elif report.truncated:
            text += " " + self.tr("{count:,} of {examples:,} examples are longer than the context "
                                  "of {block} and are cut.").format(
                count=report.truncated, examples=report.examples, block=block_size)
            if text_cut:
                text += " " + self._text_cut_words(report, block_size)
            if report.mode != "chat" and report.examples and report.truncated * 2 > report.examples:
                text += " " + self.tr(
                    "<b>Most examples are cut:</b> the model rarely sees one end, so it will "
                    "seldom stop on its own. A longer context (Model shape) fits them, at a cost "
                    "in speed; continuous text learns them in pieces.")
        small = small_text(report, context_changing) if tokenizer == "char" else ""
        if small:
            text += f"<br><span style='color:#7a4f00'>{html.escape(small)}</span>"
        self.label.setText(text)
        # Where most of the text would be cut off, continuous text learns all of it, whatever the
        # structure of the text's beginning (the guess reads only that) suggests.
        suggested = "continuous" if text_cut and guessed == mode else guessed
        self.suggested = suggested if suggested != mode and not locked else ""
        self.use_button.setVisible(bool(self.suggested))
        self.use_button.setText(self.tr("Use {mode}").format(mode=mode_words(suggested)))
        self.preview.setHtml(preview_html(report.preview, mode, block_size))
        self.show()

    def _text_cut_words(self, report, block_size: int) -> str:
        """Most of the text is cut off: how much, and why. Where one example holds most of what
        is cut, it is named: text appended without separators joins the last piece."""
        text = self.tr("<b>Most of the text is not learnt:</b> {cut:,} of its {tokens:,} tokens "
                       "({share:.0%}) are cut off.").format(
            cut=report.cut_tokens, tokens=report.text_tokens,
            share=report.cut_tokens / report.text_tokens)
        if (report.longest_tokens - block_size) * 2 > report.cut_tokens:
            return text + " " + self.tr(
                "Most of it is one example of {longest:,} tokens, which begins “{start}”: a text "
                "with no lines such as “%” (or blank lines) between its parts is one example. Put "
                "them in, or use one continuous text, which learns all of it.").format(
                longest=report.longest_tokens, start=html.escape(report.longest_start))
        return text + " " + self.tr("One continuous text learns all of it.")

    def _toggle_preview(self, shown: bool) -> None:
        self.preview.setVisible(shown)
        self.preview_toggle.setArrowType(QtCore.Qt.ArrowType.DownArrow if shown
                                         else QtCore.Qt.ArrowType.RightArrow)

    def _use(self) -> None:
        if self.suggested:
            self.mode_suggested.emit(self.suggested)


def most_text_cut(report) -> bool:
    """Lines or blocks of which the context cuts off more than half the tokens: most of the text
    is not learnt (a play appended to a few fortunes is one over-long piece)."""
    return (report.mode in ("lines", "blocks") and report.text_tokens > 0
            and report.cut_tokens * 2 > report.text_tokens)


def small_text(report, context_changing: bool = False) -> str:
    """The plain sentence for a character-level text too small to learn a language from
    (engine.auto_settings.small_text_note), or "". Where most of the text is cut off, the note
    about that says what to do, and this one is about the text itself, uncut; so too while
    Automatic chooses the context (what the one about to change cuts is no measure)."""
    from gptstudio.engine.auto_settings import CorpusProfile, small_text_note

    if not report.train_tokens or not report.vocab_size:
        return ""
    uncut = most_text_cut(report) or context_changing
    tokens = report.train_tokens + (report.cut_tokens if uncut else 0)
    note = small_text_note(CorpusProfile(report.mode, tokens, report.vocab_size, 0))
    return localized(note) if note else ""


def preview_html(examples, mode: str, block_size: int) -> str:
    """The examples as the model sees them: ⟨start⟩ … ⟨end⟩ around each line or block (⟨cut⟩
    where the context ends first), line breaks shown as ↵; in continuous text, windows of the
    context's length; conversations with what the model learns highlighted (chat_preview_html)."""
    if mode == "chat":
        return chat_preview_html(examples)
    mark = "<span style='color:#1f5ac8'>{}</span>"
    parts = []
    for number, (example, cut) in enumerate(examples, 1):
        body = html.escape(example).replace("\n", "<span style='color:#999'>↵</span><br>")
        if mode == "continuous":
            head = translate("CorpusNotes", "Window {number}: what the model reads at once (the "
                                            "context), from anywhere in the text:").format(
                number=number)
            parts.append(f"<p><i>{head}</i><br><tt>{body}</tt></p>")
        else:
            head = translate("CorpusNotes", "Example {number}:").format(number=number)
            end = (f"<span style='color:#b3261e'>{CUT}</span>" if cut else mark.format(END))
            parts.append(f"<p><i>{head}</i><br><tt>{mark.format(START)}{body}{end}</tt></p>")
    if mode != "continuous" and examples and all(cut for _, cut in examples):
        parts.append("<p style='color:#666'>" + translate(
            "CorpusNotes", "The model learns each example on its own, from {start} on. {cut}: the "
                           "context ({block} tokens) ends before the example does, and the rest is "
                           "not learnt: these examples never show the model where one ends.").format(
            start=START, cut=CUT, block=block_size) + "</p>")
    elif mode != "continuous":
        parts.append("<p style='color:#666'>" + translate(
            "CorpusNotes", "The model learns each example on its own, from {start} to {end}: it "
                           "writes whole examples and stops at the end of one. {cut}: the context "
                           "({block} tokens) ends before the example does, and the rest is not "
                           "learnt.").format(start=START, end=END, cut=CUT, block=block_size)
            + "</p>")
    return "".join(parts)


# How the conversation preview paints its pieces (engine.chat_data.PreviewConversation).
PIECE_STYLES = {
    "turn": "color:#1f5ac8; background:#eef2fa;",
    "marker": "color:#1f5ac8; background:#eef2fa;",
    "read": "color:#555;",
    "learned": "color:#0b4f1e; background:#c9efc9;",
    "learned_marker": "color:#0b4f1e; background:#9fdc9f;",
}


def chat_preview_html(conversations) -> str:
    """Each conversation as the model reads it, one turn a line (the model sees no line break
    there: its turn markers separate the turns), with what it learns to write in green."""
    parts = []
    for number, conversation in enumerate(conversations, 1):
        head = translate("CorpusNotes", "Conversation {number}:").format(number=number)
        body = f"<span style='{PIECE_STYLES['marker']}'>{html.escape(START)}</span>"
        for index, (kind, text) in enumerate(conversation.pieces):
            shown = html.escape(text).replace("\n", "<span style='color:#999'>↵</span>")
            if kind == "turn" and index:
                body += "<br>"
            body += f"<span style='{PIECE_STYLES[kind]}'>{shown}</span>"
        if conversation.cut:
            body += " <i style='color:#a05a00'>" + translate(
                "CorpusNotes", "(cut here: longer than the context)") + "</i>"
        parts.append(f"<p><i>{head}</i><br><tt>{body}</tt></p>")
    parts.append("<p style='color:#666'>" + translate(
        "CorpusNotes", "<span style='background:#c9efc9'>Green</span>: what the model learns to "
                       "write, the assistant's words and the end of each of its turns. The rest "
                       "(the user's words, the system line, the turn markers in blue) it reads but "
                       "is never trained to write. In the Chat tab it writes the assistant's turn "
                       "and stops at its end.") + "</p>")
    return "".join(parts)
