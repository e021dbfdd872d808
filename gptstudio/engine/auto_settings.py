"""Automatic settings: a model and a schedule chosen for this text, this computer and the time the
user gives it.

The rules, and where each comes from (docs/automatic-settings.md has the measurements):

1. Tokens are characters. They suit texts of a few megabytes and less (every text is representable,
   nothing is ever unknown), as nanoGPT's Shakespeare and makemore's names do.
2. The data mode is the guess from the text's structure (text_shape.py).
3. Context and batch: for continuous text, the presets' 64 characters x 16 on a CPU (measured best
   for a few minutes there: longer contexts cost more per step than they give back so early), and
   nanoGPT's 256 x 64 on a GPU. For one example per line or block, long enough for nineteen
   examples in twenty (at most 256), with as many examples a step as make about as many tokens.
4. The model: the largest of a ladder of shapes (SHAPES, from 0.1M to 10.7M parameters) that
   - trains at least MIN_STEPS steps in the time given, and at least MIN_TOKENS_PER_PARAMETER
     tokens per parameter (measured on this computer: `step_seconds`). The small preset's shape
     trained 3,200 steps (1.8 tokens per parameter) in 5 minutes and beat both smaller and
     larger shapes there; the tiny preset's 2,000 steps (2.5 tokens per parameter) in 2;
   - has at most MAX_PARAMETERS_PER_TOKEN parameters per training token. nanoGPT's Shakespeare
     model (10.7M parameters on 1M characters, ~10 per token) generalises with dropout 0.2; more
     parameters per token only memorise sooner.
5. Dropout from how often the run would read its text (epochs): none up to 4 (up to 4 epochs
   of the same data train about as well as new data: Muennighoff et al. 2023, "Scaling
   Data-Constrained Language Models"; the small preset reads Shakespeare 3.3 times in its 5 minutes
   without dropout), 0.1 up to 16, 0.2 beyond (nanoGPT's value for many epochs of Shakespeare);
   none for a model with fewer parameters than training characters, which cannot learn them by
   heart (measured: 2x64 on 210,000 characters of songs was still improving after 20 readings).
6. Optimizer: Muon for the blocks' matrices, AdamW for the rest (muon.py): it learns more per
   step, which is what a short run needs (the small preset: 1.49 in 5 minutes, AdamW 1.53).
   Learning rate 0.003 (the small preset's), 0.004 for 128 wide (the tiny preset's), 0.005 below;
   warm-up 100 steps (a tenth of the run for short ones); the rate decays to 0 at the end.
7. Steps fill the time: the measured step time, plus the checks (EVALS_PER_RUN of them, each
   about as long as check_steps() steps; fewer in a short run, so that they take at most a
   quarter of it), fit the budget. Early stopping after
   PATIENCE checks without improvement, and the best checkpoint is kept: a run never ends on a
   model that has started to recite its text.

No torch here: `choose_settings` takes the step times as a function (a worker runs it with
step_time.py's measurements; the tests pass a formula).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from gptstudio.engine.config import EXAMPLE_MODES, ROW_MODES, DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.run_progress import check_steps
from gptstudio.engine.text_shape import MAX_EXAMPLE_CHARACTERS

BUDGET_MINUTES = (1, 5, 15, 60)  # the time budgets a user picks from
DEFAULT_BUDGET_MINUTES = 5
MAX_BUDGET_MINUTES = 24 * 60  # the CLI takes any number of minutes up to a day

# (layers, heads, width), smallest first. Widths divisible by their heads; 128 and 192 are the tiny
# and small presets' shapes, 384 the medium one's (nanoGPT's Shakespeare model).
SHAPES = ((2, 2, 64), (3, 3, 96), (4, 4, 128), (4, 6, 192), (6, 8, 256), (6, 6, 384))
MIN_STEPS = 2_000
MIN_TOKENS_PER_PARAMETER = 1.5
MAX_PARAMETERS_PER_TOKEN = 10.0
BATCH_TOKENS = 1_024  # tokens per step on a CPU: the presets' 16 x 64
GPU_BATCH_TOKENS = 16_384  # nanoGPT's 64 x 256 on a GPU
MAX_EXAMPLE_CONTEXT = MAX_EXAMPLE_CHARACTERS  # examples longer are cut (the rare long poem or letter)
EVALS_PER_RUN = 20
MIN_EVALS = 5  # a short run checks this often at least: early stopping needs PATIENCE + 1 checks
MAX_CHECK_SHARE = 0.25  # of the time, at most, for the checks (fewer checks in a short run)
EVAL_ITERS = 10  # batches a check averages, per split
PATIENCE = 3
STARTUP_SECONDS = 5.0  # building the dataset, the model, the first checkpoint
SMALL_TEXT_TOKENS = 100_000  # below this, a model trained from scratch mostly learns form
SMALL_TEXT_TOKENS_PER_TYPE = 100  # ... or this few occurrences of each distinct character


@dataclass(frozen=True)
class CorpusProfile:
    """What the choice needs to know of the text (profile_corpus)."""

    mode: str
    train_tokens: int  # characters the model trains on (validation kept aside)
    vocab_size: int  # distinct characters and the special tokens
    example_tokens: int  # nineteen examples in twenty are at most this long, <sos> and <eos> in (0: continuous)
    median_example_tokens: int = 0  # half the examples are at most this long (0: continuous)
    # Every example's length (<sos> and <eos> in), sorted; at most PROFILE_LENGTHS of them, evenly
    # picked. Empty in continuous text.
    example_lengths: tuple[int, ...] = ()

    def key(self) -> tuple:
        """What a choice depends on, rounded so that a few characters typed do not make a new one
        (each would be measured again, and come out a little different from timing noise)."""
        return (self.mode, self.vocab_size, two_digits(self.train_tokens),
                two_digits(self.example_tokens), two_digits(self.median_example_tokens))

    def fit_share(self, block_size: int) -> float:
        """Of the examples, the share that fits whole into the context (1 in continuous text)."""
        if not self.example_lengths:
            return 1.0
        return sum(1 for n in self.example_lengths if n <= block_size + 1) / len(self.example_lengths)

    def tokens_read(self, block_size: int) -> tuple[float, int]:
        """(tokens of an average example as training reads it, training tokens in all), with the
        examples longer than the context cut as training cuts them."""
        if not self.example_lengths:
            return float(block_size), self.train_tokens
        kept = [min(n, block_size + 1) for n in self.example_lengths]
        share = sum(kept) / sum(self.example_lengths)
        return sum(kept) / len(kept), int(self.train_tokens * share)


PROFILE_LENGTHS = 5_000


def two_digits(n: int) -> int:
    """n to two significant digits: 123,456 -> 120,000."""
    if n < 100:
        return n
    scale = 10 ** (len(str(n)) - 2)
    return round(n / scale) * scale


@dataclass(frozen=True)
class AutoChoice:
    data: DataConfig
    model: ModelConfig
    train: TrainConfig
    seconds_per_step: float
    reasons: tuple[Message, ...]  # why, rule by rule, in words
    small_text: Message | None  # set when the text is too small for a model from scratch


def profile_corpus(text: str, mode: str, val_fraction: float = 0.1) -> CorpusProfile:

    from gptstudio.engine.data import require_enough_examples, split_examples

    if mode == "chat":
        return _chat_profile(text, val_fraction)
    vocab = len(set(text)) + 3  # <pad>, <sos>, <eos>: the character tokenizer's
    if mode in EXAMPLE_MODES:
        examples = split_examples(text, mode)
        # Too few to learn from and check with: training refuses the text, so nothing is chosen.
        require_enough_examples(len(examples), mode, val_fraction)
        lengths = sorted(len(examples[i]) + 2 for i in _training_indices(examples, val_fraction))
        step = max(1, len(lengths) // PROFILE_LENGTHS)
        return CorpusProfile(mode, sum(lengths), vocab,
                             lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))],
                             lengths[len(lengths) // 2], tuple(lengths[::step]))
    # As data.build_dataset splits continuous text (its usual split: a tenth, at least a context).
    return CorpusProfile(mode, len(text) - int(len(text) * val_fraction), vocab, 0)


def _training_indices(texts: list[str], val_fraction: float):
    """The examples training reads, as the datasets split them (engine/holdout.py): so the
    counts said here are the Corpus tab's."""
    from gptstudio.engine.holdout import split_examples_by_content

    return split_examples_by_content(texts, val_fraction)[1]


def _chat_profile(text: str, val_fraction: float) -> CorpusProfile:
    """Conversations as the character tokenizer lays them out: <sos>, then each turn's marker,
    words and end (chat_template.py); what they say makes the vocabulary, with its 4 markers."""
    from gptstudio.engine.conversations import conversation_text, learnable, parse_conversations
    from gptstudio.engine.errors import CorpusError
    from gptstudio.engine.holdout import conversation_content

    # A text with no conversation to learn from has no settings to choose: a stand-in length would
    # choose a context and a schedule for a corpus that does not exist (and say they fit it).
    try:
        conversations = learnable(parse_conversations(text).conversations)
    except CorpusError as error:
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "No conversations could be read from this text, so there is nothing to "
                      "choose settings for yet. {problem}"), problem=error.args[0])) from error
    if not conversations:
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "No conversation in this text has an assistant's reply to learn from, so "
                      "there is nothing to choose settings for yet.")))
    from gptstudio.engine.chat_data import require_enough_conversations

    require_enough_conversations(len(conversations), val_fraction)  # one alone was all held out
    each = [1 + sum(len(t.text) + 2 for t in c.turns) for c in conversations]
    contents = [conversation_content(c.turns) for c in conversations]
    lengths = sorted(each[i] for i in _training_indices(contents, val_fraction))
    vocab = len(set(conversation_text(conversations))) + 3 + 4
    step = max(1, len(lengths) // PROFILE_LENGTHS)
    return CorpusProfile("chat", sum(lengths), vocab,
                         lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))],
                         lengths[len(lengths) // 2], tuple(lengths[::step]))


def context_and_batch(profile: CorpusProfile, device_type: str) -> tuple[int, int]:
    """Context length and batch size. Continuous text: the presets' 64 x 16 on a CPU, nanoGPT's
    256 x 64 on a GPU. One example per line or block: long enough for nineteen examples in twenty
    (at most MAX_EXAMPLE_CONTEXT: longer ones are cut), and as many examples as make about the same
    tokens a step (batches are as wide as their longest example)."""
    tokens = GPU_BATCH_TOKENS if device_type == "cuda" else BATCH_TOKENS
    if profile.mode not in ROW_MODES:
        return (256, 64) if device_type == "cuda" else (64, 16)
    block = int(min(MAX_EXAMPLE_CONTEXT, max(16, math.ceil(profile.example_tokens / 8) * 8)))
    return block, int(min(128, max(8, tokens // max(1, profile.median_example_tokens))))


def shape_model(shape: tuple[int, int, int], block_size: int, vocab_size: int) -> ModelConfig:
    layers, heads, width = shape
    return ModelConfig(vocab_size=vocab_size, block_size=block_size, n_layer=layers, n_head=heads,
                       n_embd=width, dropout=0.0, bias=False)


def learning_rate_for(width: int) -> float:
    return 0.003 if width >= 192 else 0.004 if width >= 128 else 0.005


def dropout_for(epochs: float) -> float:
    return 0.0 if epochs <= 4 else 0.1 if epochs <= 16 else 0.2


def run_seconds(train: TrainConfig, seconds_per_step: float) -> float:
    """How long a run of these settings takes at this step time: the steps, its checks and the
    start."""
    checks = math.ceil(train.max_iters / max(1, train.eval_interval))
    return STARTUP_SECONDS + (train.max_iters + checks * check_steps(train.eval_iters)) * seconds_per_step


def plan_steps(budget_s: float, seconds_per_step: float) -> tuple[int, int]:
    """(steps, eval_interval) that fill budget_s: the steps and their checks, EVALS_PER_RUN of
    them where they take at most MAX_CHECK_SHARE of the time, fewer (down to MIN_EVALS) in a short
    run, which would otherwise spend most of its time checking instead of learning."""
    usable = max(1.0, budget_s - STARTUP_SECONDS)
    total = usable / seconds_per_step  # the time in training steps
    check = check_steps(EVAL_ITERS)
    checks = max(MIN_EVALS, min(EVALS_PER_RUN, int(MAX_CHECK_SHARE * total / check)))
    steps = max(10, int(total - checks * check))
    return steps, max(1, math.ceil(steps / checks))


def planned_checks(train: TrainConfig) -> int:
    return math.ceil(train.max_iters / max(1, train.eval_interval))


def choose_settings(profile: CorpusProfile, budget_s: float,
                    step_seconds: Callable[[ModelConfig, TrainConfig], float],
                    device_type: str = "cpu", seed: int = 1337) -> AutoChoice:
    """step_seconds(model, train): seconds per training step of those settings on this computer
    (measured: step_time.measure_step_seconds; a test passes a formula)."""
    block, batch = context_and_batch(profile, device_type)
    base_train = TrainConfig(batch_size=batch, optimizer="muon", warmup_iters=100, min_lr_ratio=0.0,
                             eval_iters=EVAL_ITERS, weight_decay=0.1, early_stop_evals=PATIENCE,
                             device="auto", seed=seed)
    # What a step reads: its batch of windows, or of examples (as training cuts them).
    example, trained_tokens = profile.tokens_read(block)
    tokens_per_step = batch * example
    data_limit = MAX_PARAMETERS_PER_TOKEN * trained_tokens

    def timed(shape) -> tuple[ModelConfig, float]:
        """The shape's model with the dropout it would train with, and its measured step time."""
        model = shape_model(shape, block, profile.vocab_size)
        train = replace(base_train, learning_rate=learning_rate_for(shape[2]))
        seconds = step_seconds(model, train)
        epochs = plan_steps(budget_s, seconds)[0] * tokens_per_step / max(1, trained_tokens)
        # A model with fewer parameters than the characters it learns from cannot hold them by
        # heart however often it reads them: it is still learning at the end, and dropout only
        # slows it.
        dropout = 0.0 if model.param_count() < trained_tokens else dropout_for(epochs)
        if not dropout:
            return model, seconds
        # Its masks cost a small model 10-20% of its step: whether the model trains enough steps,
        # the plan, and the step time the reasons and the Estimates quote, are for the step
        # training runs. The dropout stays as chosen from the first timing.
        model = replace(model, dropout=dropout)
        return model, step_seconds(model, train)

    chosen, enough = None, False
    for shape in SHAPES:
        if chosen is not None and shape_model(shape, block, profile.vocab_size).param_count() > data_limit:
            break
        model, seconds = timed(shape)
        params = model.param_count()
        steps, _ = plan_steps(budget_s, seconds)
        fits = steps >= MIN_STEPS and steps * tokens_per_step >= MIN_TOKENS_PER_PARAMETER * params
        if chosen is None or fits:
            chosen, enough = (shape, model, seconds), fits
        if not fits:
            break
    shape, model, seconds = chosen
    steps, interval = plan_steps(budget_s, seconds)
    epochs = steps * tokens_per_step / max(1, trained_tokens)
    train = replace(base_train, learning_rate=learning_rate_for(shape[2]), max_iters=steps,
                    eval_interval=interval, warmup_iters=min(100, max(1, steps // 10)))
    data = DataConfig(tokenizer="char", mode=profile.mode)
    # The sentences count the characters training reads: the examples as the context cuts them.
    trained = replace(profile, train_tokens=trained_tokens)
    reasons = _reasons(trained, budget_s, model, train, seconds, epochs, enough)
    return AutoChoice(data, model, train, seconds, reasons, small_text_note(trained))


def small_text_note(profile: CorpusProfile) -> Message | None:
    """A plain sentence when the text is too small for a model trained from scratch to do more than
    learn its form and then recite it."""
    few = profile.train_tokens < SMALL_TEXT_TOKENS
    sparse = profile.train_tokens < SMALL_TEXT_TOKENS_PER_TYPE * profile.vocab_size
    if not (few or sparse):
        return None
    return Message(QT_TRANSLATE_NOOP(
        "Engine", "This text is small for a model that starts from nothing: {tokens:,} characters "
                  "to learn from, {distinct:,} different ones. It will learn the text's form (its "
                  "line lengths, its common characters) and then start to recite it; it cannot "
                  "learn the language itself from this little. For text that reads well, start "
                  "from a pretrained model in your text's language."),
        tokens=profile.train_tokens, distinct=max(0, profile.vocab_size - 3))


def _reasons(profile, budget_s, model, train, seconds, epochs, enough) -> tuple[Message, ...]:
    minutes = budget_s / 60
    if enough:
        reasons = [Message(QT_TRANSLATE_NOOP(
            "Engine", "{params:,} parameters ({layers} layers, {width} wide): the largest model that "
                      "trains enough steps in {minutes:g} min on this computer ({ms:,.0f} ms a "
                      "step) and does not outgrow {tokens:,} characters of text."),
            params=model.param_count(), layers=model.n_layer, width=model.n_embd, minutes=minutes,
            ms=seconds * 1000, tokens=profile.train_tokens)]
    else:
        reasons = [Message(QT_TRANSLATE_NOOP(
            "Engine", "{params:,} parameters ({layers} layers, {width} wide): the smallest model. "
                      "Even it trains only {steps:,} steps in {minutes:g} min on this computer "
                      "({ms:,.0f} ms a step), fewer than a model needs to learn much: more time "
                      "would give a better model."),
            params=model.param_count(), layers=model.n_layer, width=model.n_embd,
            steps=train.max_iters, minutes=minutes, ms=seconds * 1000)]
    reasons.append(_context_reason(profile, model))
    reasons.append(Message(QT_TRANSLATE_NOOP(
        "Engine", "{steps:,} steps of {batch} examples fill the time, with {checks} checks of the "
                  "validation loss; training stops early after {patience} checks without "
                  "improvement, and the best model is kept."),
        steps=train.max_iters, batch=train.batch_size, checks=planned_checks(train), patience=PATIENCE))
    if model.dropout:
        reasons.append(Message(QT_TRANSLATE_NOOP(
            "Engine", "Dropout {dropout:g}: the run reads the text about {epochs:,.0f} times, "
                      "and dropout keeps the model from learning it by heart."),
            dropout=model.dropout, epochs=epochs))
    elif epochs > 4:
        reasons.append(Message(QT_TRANSLATE_NOOP(
            "Engine", "No dropout: {params:,} parameters are fewer than the {tokens:,} characters "
                      "they learn from, too few to learn them by heart, even read {epochs:,.0f} "
                      "times."), params=model.param_count(), tokens=profile.train_tokens,
            epochs=epochs))
    else:
        reasons.append(Message(QT_TRANSLATE_NOOP(
            "Engine", "No dropout: the run reads the text about {epochs:,.0f} times at most, too "
                      "few to learn it by heart."), epochs=max(1, epochs)))
    return tuple(reasons)


def _context_reason(profile, model) -> Message:
    """Why this context: how many of the examples (or conversations) fit whole in it."""
    share = profile.fit_share(model.block_size)
    if profile.mode == "chat" and share >= 0.945:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "Context of {block} characters: {share:.0%} of the conversations fit "
                      "whole."), block=model.block_size, share=share)
    if profile.mode == "chat":
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "Context of {block} characters: {share:.0%} of the conversations fit "
                      "whole; the longer ones are cut (a longer context would cost more than "
                      "this time allows)."), block=model.block_size, share=share)
    if profile.mode in EXAMPLE_MODES and share >= 0.945:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "Context of {block} characters: {share:.0%} of the examples fit whole."),
            block=model.block_size, share=share)
    if profile.mode in EXAMPLE_MODES:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "Context of {block} characters: {share:.0%} of the examples fit whole; "
                      "the longer ones are cut (a longer context would cost more than this "
                      "time allows)."), block=model.block_size, share=share)
    return Message(QT_TRANSLATE_NOOP(
        "Engine", "Context of {block} characters: enough to learn words and phrases in this "
                  "much time."), block=model.block_size)
