"""The Corpus tab's statistics as the user reads them: engine.corpus_report's numbers, with its
problem said in a sentence of the interface's language, and the HTML shown under the editor."""

from __future__ import annotations

import logging
from dataclasses import replace

from gptstudio.engine.corpus_report import CorpusReport, StatsSettings, corpus_report
from gptstudio.engine.data import PIECE
from gptstudio.ui.i18n import translate
from gptstudio.ui.inspect.tokenizer_view import KIND_WORDS
from gptstudio.ui.widgets.text import describe_error, localized

log = logging.getLogger(__name__)


def compute_report(text: str, settings: StatsSettings, piece: int = PIECE) -> CorpusReport:
    """corpus_report, its problem (an engine error or message) put in a sentence."""
    report = corpus_report(text, settings, piece)
    problem = report.problem
    if isinstance(problem, BaseException):
        problem = describe_error(problem)
    elif problem is not None:
        problem = localized(problem)
    return replace(report, problem=problem)


def count_corpus(control, generation: int, text: str, settings: StatsSettings):
    """A threads.Job: the statistics of `text`, as (generation, CorpusReport)."""
    try:
        report = compute_report(text, settings)
    except Exception as error:  # noqa: BLE001 - statistics must never take the app down
        log.exception("corpus statistics failed")
        problem = translate("CorpusTab", "The statistics could not be computed ({error}).")
        report = CorpusReport(len(text), 0, 0, 0, 0, 0, 0, 0, settings.mode,
                              problem.format(error=describe_error(error)))
    return generation, report


def checking_only(settings: StatsSettings, appended: int, whole: int) -> str:
    """A continuous text's last share is kept aside to check the model (data.build_dataset): an
    appended file that fits in it is never learnt, which a user adding texts one file at a time
    would not guess. Empty where some of it is learnt."""
    share = settings.val_fraction
    if settings.mode != "continuous" or appended > share * whole:
        return ""
    return translate("CorpusTab", "It is all in the last {share:.0%} of the text, which is kept "
                                  "aside to check the model: the model is checked on it, not "
                                  "taught it. To teach it this text too, move it up, before that "
                                  "last part.").format(share=share)


def report_html(report: CorpusReport, tokenizer: str, context_changing: bool = False) -> str:
    """The text's counts, then what training makes of them, in numbers that add up: the whole
    text's tokens, split into training and checking (continuous), or the examples' tokens plus
    their start and end markers, less what the context cuts off (lines, blocks).
    context_changing: Automatic is choosing the settings, so what the context cuts (and so what
    training reads) is not said for the context about to change."""
    if report.spaced:
        counts = translate("CorpusTab", "<b>{characters:,}</b> characters · <b>{words:,}</b> words · "
                                        "<b>{lines:,}</b> lines · <b>{distinct:,}</b> different "
                                        "characters")
    else:  # Chinese, Japanese: no spaces between words, and characters are what a reader counts
        counts = translate("CorpusTab", "<b>{characters:,}</b> characters · <b>{lines:,}</b> "
                                        "lines · <b>{distinct:,}</b> different characters")
    html = counts.format(
        characters=report.characters, words=report.words, lines=report.lines,
        distinct=report.distinct_characters)
    if report.tokens:
        kind = translate("TokenizerView", KIND_WORDS[tokenizer]) if tokenizer in KIND_WORDS else tokenizer
        html += "<br>" + translate(
            "CorpusTab", "<b>{tokens:,}</b> tokens with the {tokenizer} tokenizer, a vocabulary "
                         "of <b>{vocab:,}</b> (its start, end and padding markers included)").format(tokens=report.tokens, tokenizer=kind,
                                                       vocab=report.vocab_size)
    # A text with training tokens always has tokens (build_dataset works on the encoded text).
    if report.train_tokens and report.examples and context_changing and report.mode != "chat":
        html += "<br>" + _examples_before_the_context(report)
    elif report.train_tokens and report.examples:
        html += "<br>" + _examples_sum(report)
    elif report.train_tokens:
        html += "<br>" + translate(
            "CorpusTab", "Training on the first <b>{train:,}</b> of them, checking on the last "
                         "<b>{val:,}</b>, kept aside").format(train=report.train_tokens,
                                                              val=report.val_tokens)
    if report.problem:
        # Orange for "nothing here yet", red for a text that training would refuse.
        color = "#b35c00" if report.characters == 0 else "#b3261e"
        warning = translate("CorpusTab", "<b>Warning:</b> {problem}").format(
            problem=_escape(report.problem))
        html += f"<br><span style='color:{color}'>{warning}</span>"
    return html


def _examples_sum(report: CorpusReport) -> str:
    """Lines and blocks: the examples' tokens + their markers − what is cut = training + checking.
    Conversations: each laid out with its turn markers (whose count depends on its turns), so only
    the split is said."""
    if report.mode == "chat":
        return translate(
            "CorpusTab", "One example per conversation, with its turn markers: training on "
                         "<b>{train:,}</b> tokens ({train_examples:,} conversations), checking on "
                         "<b>{val:,}</b> ({val_examples:,} conversations) kept aside").format(
            train=report.train_tokens, val=report.val_tokens,
            train_examples=report.examples - report.val_examples, val_examples=report.val_examples)
    if report.mode == "lines":
        template = translate(
            "CorpusTab", "One example per line: the {examples:,} lines hold <b>{text:,}</b> tokens "
                         "(the line breaks between them belong to none), + <b>{markers:,}</b> start and "
                         "end markers{cut} = <b>{total:,}</b>: training on <b>{train:,}</b> "
                         "({train_examples:,} lines), checking on <b>{val:,}</b> ({val_examples:,} "
                         "lines) kept aside")
    else:
        template = translate(
            "CorpusTab", "One example per block: the {examples:,} blocks hold <b>{text:,}</b> tokens "
                         "(the lines that separate them belong to none), + <b>{markers:,}</b> start and "
                         "end markers{cut} = <b>{total:,}</b>: training on <b>{train:,}</b> "
                         "({train_examples:,} blocks), checking on <b>{val:,}</b> "
                         "({val_examples:,} blocks) kept aside")
    cut = ""
    if report.cut_tokens:
        cut = translate("CorpusTab", " − <b>{cut:,}</b> cut off the {count:,} examples longer "
                                     "than the context ({block_size} tokens)").format(
            cut=report.cut_tokens, count=report.truncated, block_size=report.block_size)
    return template.format(
        examples=report.examples, text=report.text_tokens, markers=2 * report.examples, cut=cut,
        total=report.train_tokens + report.val_tokens, train=report.train_tokens,
        val=report.val_tokens, train_examples=report.examples - report.val_examples,
        val_examples=report.val_examples)


def _examples_before_the_context(report: CorpusReport) -> str:
    """Lines and blocks while Automatic chooses the context: the examples' own tokens only."""
    if report.mode == "lines":
        template = translate(
            "CorpusTab", "One example per line: the {examples:,} lines hold <b>{text:,}</b> tokens; "
                         "what training reads of them is counted once Automatic settings have "
                         "chosen the context")
    else:
        template = translate(
            "CorpusTab", "One example per block: the {examples:,} blocks hold <b>{text:,}</b> "
                         "tokens; what training reads of them is counted once Automatic settings "
                         "have chosen the context")
    return template.format(examples=report.examples, text=report.text_tokens)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
