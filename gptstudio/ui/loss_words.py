"""The loss in plain words: what a number like 1.43 means, and when the curves say "memorising".

Plain functions (no Qt widgets), so each sentence can be tested on its own; the sentences are in the
"LossWords" translation context (translate() needs no QApplication).

A loss is the average surprise, in nats, at the real next token. Its exponential, the perplexity,
has a reading anyone can hold on to: the model is as unsure as if it picked uniformly among that
many tokens. An untrained model over 65 letters scores about ln 65 = 4.17, i.e. "choosing among
65"; a loss of ln 4 = 1.39 is "choosing among 4".
"""

from __future__ import annotations

import math

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate

# What one token is, per tokenizer (engine.config.TOKENIZERS + the imported GPT-2 one): the English
# plural, which is also the key of its singular below; translate("LossWords", word) where shown.
TOKEN_WORDS = {"char": QT_TRANSLATE_NOOP("LossWords", "letters"),
               "word": QT_TRANSLATE_NOOP("LossWords", "words"),
               "bpe": QT_TRANSLATE_NOOP("LossWords", "word pieces"),
               "gpt2": QT_TRANSLATE_NOOP("LossWords", "word pieces"),
               "wordpiece": QT_TRANSLATE_NOOP("LossWords", "word pieces")}
OTHER_TOKENS = QT_TRANSLATE_NOOP("LossWords", "tokens")
# One of them ("every next letter"), by the plural.
TOKEN_WORD_SINGULAR = {"letters": QT_TRANSLATE_NOOP("LossWords", "letter"),
                       "words": QT_TRANSLATE_NOOP("LossWords", "word"),
                       "word pieces": QT_TRANSLATE_NOOP("LossWords", "word piece"),
                       "tokens": QT_TRANSLATE_NOOP("LossWords", "token")}

# A rise in validation loss smaller than this is the noise of estimating it on a few batches.
RISE_MARGIN = 0.01  # absolute; a relative 1% of the best loss applies when that is larger
# Validation loss must have stayed up for this many evals after its lowest point: one bad eval is
# noise, two in a row is a trend.
EVALS_AFTER_BEST = 2


def token_word(tokenizer: str) -> str:
    """The English plural for one tokenizer's tokens (perplexity_sentence translates it)."""
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


def perplexity_sentence(loss: float | None, vocab_size: int | None, token_word: str = "letters") -> str:
    """One sentence: how unsure a model with this loss is, as a number of equally likely choices.
    token_word: the English plural (token_word(tokenizer)); the sentence shows its translation."""
    if loss is None or not math.isfinite(loss):
        return translate("LossWords", "The loss is not a number, so it says nothing about what the model has "
                                      "learned.")
    tokens = translate("LossWords", token_word)
    ppl = perplexity(max(0.0, loss))
    if vocab_size and ppl >= 0.95 * vocab_size:
        # At or above the loss of blind guessing: a fresh model, or a run that went wrong.
        return translate("LossWords", "The model is as unsure as guessing blindly among all {count:,} "
                                      "{tokens}: it has not learned anything useful yet.").format(
            count=vocab_size, tokens=tokens)
    if ppl < 1.05:
        token = translate("LossWords", TOKEN_WORD_SINGULAR.get(token_word, token_word.rstrip("s")))
        return translate("LossWords", "The model is almost certain of every next {token}: on new text that "
                                      "usually means it has memorised its training text.").format(token=token)
    if vocab_size:
        return translate("LossWords", "The model is now about as unsure as choosing among {count} {tokens} "
                                      "(out of {vocab_size:,}).").format(count=_count(ppl), tokens=tokens,
                                                                         vocab_size=vocab_size)
    return translate("LossWords", "The model is now about as unsure as choosing among {count} "
                                  "{tokens}.").format(count=_count(ppl), tokens=tokens)


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
        "{last_train:.2f}). Training longer will not help. Stop here, or start a new model with more "
        "text, more dropout or a smaller size.").format(best_val=best_val, best_step=best_step,
                                                         last_val=last_val, best_train=best_train,
                                                         last_train=last_train)
