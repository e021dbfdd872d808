"""The loss in plain words: what a number like 1.43 means, and when the curves say "memorising".

Plain functions (no Qt widgets), so each sentence can be tested on its own; the sentences are in the
"LossWords" translation context (translate() needs no QApplication).

A loss is the average surprise, in nats, at the real next token. Its exponential, the perplexity,
has a reading anyone can hold on to: the model is as unsure as if it picked uniformly among that
many tokens. Two baselines say what a number is worth for this text: guessing blindly among the
whole vocabulary (ln V) and guessing by frequency alone (the entropy of the training text's tokens,
engine.data.Dataset.unigram_entropy). A model between them has learned which tokens are common,
not yet what follows what; only below the second has it learned the text's patterns.
"""

from __future__ import annotations

import math

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate

# What one token is, per tokenizer (engine.config.TOKENIZERS + the imported GPT-2 one): the English
# plural, which is also the key of its singular below; translate("LossWords", word) where shown.
# Characters, not letters: a Chinese character is no letter, and punctuation counts too.
TOKEN_WORDS = {"char": QT_TRANSLATE_NOOP("LossWords", "characters"),
               "word": QT_TRANSLATE_NOOP("LossWords", "words"),
               "bpe": QT_TRANSLATE_NOOP("LossWords", "tokens"),
               "gpt2": QT_TRANSLATE_NOOP("LossWords", "tokens"),
               "wordpiece": QT_TRANSLATE_NOOP("LossWords", "tokens")}
OTHER_TOKENS = QT_TRANSLATE_NOOP("LossWords", "tokens")
# One of them ("every next character"), by the plural.
TOKEN_WORD_SINGULAR = {"characters": QT_TRANSLATE_NOOP("LossWords", "character"),
                       "words": QT_TRANSLATE_NOOP("LossWords", "word"),
                       "tokens": QT_TRANSLATE_NOOP("LossWords", "token")}

# A rise in validation loss smaller than this is the noise of estimating it on a few batches.
RISE_MARGIN = 0.01  # absolute; a relative 1% of the best loss applies when that is larger
# Validation loss must have stayed up for this many evals after its lowest point: one bad eval is
# noise, two in a row is a trend.
EVALS_AFTER_BEST = 2
# Within this of the frequency-only baseline (nats), a model has learned no more than frequencies.
BASELINE_MARGIN = 0.05


def token_word(tokenizer: str) -> str:
    """The English plural for one tokenizer's tokens (the sentences translate it)."""
    return TOKEN_WORDS.get(tokenizer, OTHER_TOKENS)


def _count(x: float) -> str:
    """4.0 -> "4", 4.24 -> "4.2", 37.6 -> "38", 1234.5 -> "1,234"."""
    if x < 20:
        text = f"{x:.1f}"
        return text[:-2] if text.endswith(".0") else text
    return f"{x:,.0f}"


def perplexity(loss: float) -> float:
    """exp(loss), inf where that overflows; NaN stays NaN."""
    try:
        return math.exp(loss)
    except OverflowError:
        return math.inf


def _reading(loss: float, vocab_size: int | None, unigram: float | None) -> str:
    """Which reading of a finite loss applies: "blind" (no better than guessing among the whole
    vocabulary), "certain", "frequency" (no better than guessing by frequency), or how unsure
    against both baselines ("baselines"), against the vocabulary ("vocabulary"), or alone ("plain")."""
    ppl = perplexity(max(0.0, loss))
    if vocab_size and ppl >= 0.95 * vocab_size:
        return "blind"
    if ppl < 1.05:
        return "certain"
    if unigram is not None and vocab_size:
        return "frequency" if loss >= unigram - BASELINE_MARGIN else "baselines"
    return "vocabulary" if vocab_size else "plain"


# The same readings said of a model that was at its best earlier (the memorising model's best
# step): in the past tense, with the step. Where it says "now" of the latest model, these say
# "at its best": the best model's figures were true then, not now.
AT_BEST = {
    "blind": QT_TRANSLATE_NOOP("LossWords", "At its best (step {step:,}) the model guessed no better "
                                            "than picking blindly among all {vocab_size:,} {tokens}."),
    "certain": QT_TRANSLATE_NOOP("LossWords", "At its best (step {step:,}) the model was almost "
                                              "certain of every next {token}."),
    "frequency": QT_TRANSLATE_NOOP("LossWords", "At its best (step {step:,}) the model had learned how "
                                                "common each of the {vocab_size:,} {tokens} is (as "
                                                "unsure as choosing among {count}), but not yet what "
                                                "follows what."),
    "baselines": QT_TRANSLATE_NOOP("LossWords", "At its best (step {step:,}) the model was about as "
                                                "unsure as choosing among {count} {tokens}; guessing by "
                                                "how common each is would be choosing among "
                                                "{frequency}, and guessing blindly among all "
                                                "{vocab_size:,}."),
    "vocabulary": QT_TRANSLATE_NOOP("LossWords", "At its best (step {step:,}) the model was about as "
                                                 "unsure as choosing among {count} {tokens} (out of "
                                                 "{vocab_size:,})."),
    "plain": QT_TRANSLATE_NOOP("LossWords", "At its best (step {step:,}) the model was about as unsure "
                                            "as choosing among {count} {tokens}."),
}


def perplexity_sentence(loss: float | None, vocab_size: int | None, token_word: str = "characters",
                        unigram: float | None = None) -> str:
    """One sentence: how unsure a model with this loss is now, as a number of equally likely choices,
    against guessing blindly (vocab_size) and guessing by frequency (unigram, nats per token).
    token_word: the English plural (token_word(tokenizer)); the sentence shows its translation."""
    if loss is None or not math.isfinite(loss):
        return translate("LossWords", "The loss is not a number, so it says nothing about what the model has "
                                      "learned.")
    tokens = translate("LossWords", token_word)
    ppl = perplexity(max(0.0, loss))
    reading = _reading(loss, vocab_size, unigram)
    if reading == "blind":
        return translate("LossWords", "The model guesses no better than picking blindly among all {count:,} "
                                      "{tokens}.").format(count=vocab_size, tokens=tokens)
    if reading == "certain":
        return translate("LossWords", "The model is almost certain of every next {token}: on new text that "
                                      "usually means it has memorised its training text.").format(
            token=_singular(token_word))
    if reading == "frequency":
        return translate("LossWords", "The model has learned how common each of the {vocab_size:,} {tokens} "
                                      "is (it is as unsure as choosing among {count}), but not yet what "
                                      "follows what: guessing by frequency alone does as well.").format(
            vocab_size=vocab_size, tokens=tokens, count=_count(ppl))
    if reading == "baselines":
        return translate("LossWords", "The model is now about as unsure as choosing among {count} {tokens}; "
                                      "guessing by how common each is would be choosing among {frequency}, "
                                      "and guessing blindly among all {vocab_size:,}.").format(
            count=_count(ppl), tokens=tokens, frequency=_count(perplexity(unigram)),
            vocab_size=vocab_size)
    if reading == "vocabulary":
        return translate("LossWords", "The model is now about as unsure as choosing among {count} {tokens} "
                                      "(out of {vocab_size:,}).").format(count=_count(ppl), tokens=tokens,
                                                                         vocab_size=vocab_size)
    return translate("LossWords", "The model is now about as unsure as choosing among {count} "
                                  "{tokens}.").format(count=_count(ppl), tokens=tokens)


def at_best_sentence(step: int, loss: float, vocab_size: int | None, token_word: str = "characters",
                     unigram: float | None = None) -> str:
    """perplexity_sentence of the best model (a finite loss), said of its step, in the past."""
    ppl = perplexity(max(0.0, loss))
    template = AT_BEST[_reading(loss, vocab_size, unigram)]
    return translate("LossWords", template).format(
        step=step, count=_count(ppl), tokens=translate("LossWords", token_word),
        token=_singular(token_word), vocab_size=vocab_size or 0,
        frequency=_count(perplexity(unigram)) if unigram is not None else "")


def _now_sentence(loss: float, vocab_size: int | None, token_word: str, unigram: float | None) -> str:
    """The latest model, after a sentence about its best: short, the baselines said there."""
    if not math.isfinite(loss):
        return ""
    tokens = translate("LossWords", token_word)
    if _reading(loss, vocab_size, unigram) == "blind":
        return translate("LossWords", "Now it guesses no better than picking blindly among all "
                                      "{vocab_size:,} {tokens}.").format(vocab_size=vocab_size, tokens=tokens)
    return translate("LossWords", "Now it is about as unsure as choosing among {count} {tokens}.").format(
        count=_count(perplexity(max(0.0, loss))), tokens=tokens)


def _singular(token_word: str) -> str:
    return translate("LossWords", TOKEN_WORD_SINGULAR.get(token_word, token_word.rstrip("s")))


def best_eval(evals) -> tuple[int, float, float] | None:
    """The (step, train, val) with the lowest finite validation loss, or None."""
    finite = [e for e in evals if math.isfinite(e[2])]
    return min(finite, key=lambda e: e[2]) if finite else None


def loss_sentence(evals, vocab_size: int | None, tokenizer: str = "char",
                  unigram: float | None = None) -> str:
    """The Train tab's line on the loss: the latest validation loss in words, or, once the model
    has passed its best and is memorising, the best one (the model that is kept and used)."""
    step, _train, val = evals[-1]
    words = token_word(tokenizer)
    best = best_eval(evals)
    value = f"{val:.2f}" if math.isfinite(val) else str(val)
    if best is not None and overfitting_notice(*zip(*evals, strict=True)) is not None:
        # What was true at the best step, in the past; then what is true now (the latest loss).
        best_step, _best_train, best_val = best
        now = _now_sentence(val, vocab_size, words, unigram)
        return translate("LossWords", "<b>Validation loss {loss}</b> (step {step:,}), up from its best, "
                                      "{best:.2f} at step {best_step:,}: the model is memorising its text. "
                                      "{at_best} {now}").format(
            loss=value, step=step, best=best_val, best_step=best_step,
            at_best=at_best_sentence(best_step, best_val, vocab_size, words, unigram), now=now).strip()
    return translate("LossWords", "<b>Validation loss {loss}</b> (step {step:,}): {sentence}").format(
        loss=value, step=step, sentence=perplexity_sentence(val, vocab_size, words, unigram))


def overfitting_notice(eval_steps, train_losses, val_losses) -> str | None:
    """A notice when validation loss has risen from its lowest point over the last evals while
    training loss kept falling: the model learns its text by heart instead of learning the language.
    None when the curves do not say so (yet)."""
    points = [(int(s), float(t), float(v)) for s, t, v in zip(eval_steps, train_losses, val_losses, strict=False)
              if math.isfinite(t) and math.isfinite(v)]
    if len(points) < EVALS_AFTER_BEST + 1:
        return None
    best = min(range(len(points)), key=lambda i: points[i][2])
    if best > len(points) - 1 - EVALS_AFTER_BEST:
        return None
    best_step, best_train, best_val = points[best]
    _, last_train, last_val = points[-1]
    _, previous_train, previous_val = points[-2]
    margin = max(RISE_MARGIN, 0.01 * abs(best_val))
    rose = last_val - best_val > margin and previous_val > best_val
    train_fell = last_train < best_train and last_train <= previous_train + margin
    if not (rose and train_fell):
        return None
    return translate(
        "LossWords",
        "The model is starting to memorise its text: validation loss went up from {best_val:.2f} (step "
        "{best_step:,}) to {last_val:.2f} while training loss kept falling ({best_train:.2f} to "
        "{last_train:.2f}). Training longer will not help; the model of step {best_step:,}, its best, "
        "is kept and used for writing. To do better: more text, a smaller model (Automatic settings "
        "choose one for your text), or a pretrained model to start from.").format(best_val=best_val, best_step=best_step,
                                                         last_val=last_val, best_train=best_train,
                                                         last_train=last_train)
