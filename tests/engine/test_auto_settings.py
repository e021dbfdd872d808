"""Automatic settings: the model fits the text and the time, the steps fill the time, every choice
has its reason, and a small text is called small."""

import pytest

from gptstudio.engine.auto_settings import (
    MAX_PARAMETERS_PER_TOKEN,
    MIN_STEPS,
    SHAPES,
    choose_settings,
    profile_corpus,
    run_seconds,
)
from gptstudio.engine.config import ModelConfig, TrainConfig


def cpu_like(model: ModelConfig, train: TrainConfig) -> float:
    """Seconds per step as a 2-core CPU gives them: a fixed cost plus 6 x parameters x tokens."""
    return 0.004 + 6 * model.param_count() * train.batch_size * model.block_size / 20e9


def test_a_big_text_gets_the_largest_model_that_trains_enough_in_the_time():
    profile = profile_corpus("To be, or not to be, that is the question.\n" * 25_000, "continuous")
    choice = choose_settings(profile, 300, cpu_like)
    steps = choice.train.max_iters
    assert steps >= MIN_STEPS
    # The next shape up would not have trained enough steps in 5 minutes.
    index = [shape[2] for shape in SHAPES].index(choice.model.n_embd)
    bigger = ModelConfig(vocab_size=profile.vocab_size, block_size=64, n_layer=SHAPES[index + 1][0],
                         n_head=SHAPES[index + 1][1], n_embd=SHAPES[index + 1][2], bias=False)
    assert 300 / cpu_like(bigger, choice.train) < MIN_STEPS + 400
    # The steps and their checks fill the time, to within a few seconds.
    assert run_seconds(choice.train, choice.seconds_per_step) == pytest.approx(300, abs=10)
    assert choice.train.optimizer == "muon" and choice.train.early_stop_evals > 0
    assert choice.small_text is None and choice.model.dropout == 0.0


def test_more_time_buys_a_bigger_model_and_more_steps():
    profile = profile_corpus("To be, or not to be, that is the question.\n" * 25_000, "continuous")
    one, fifteen = choose_settings(profile, 60, cpu_like), choose_settings(profile, 900, cpu_like)
    assert one.model.param_count() < fifteen.model.param_count()
    assert one.train.max_iters < fifteen.train.max_iters


def test_a_small_text_gets_a_small_model_with_dropout_and_is_called_small():
    text = "\n%\n".join(f"床前明月光{i}，疑是地上霜。\n举头望明月，低头思故乡。" for i in range(100))
    profile = profile_corpus(text, "blocks")
    choice = choose_settings(profile, 300, cpu_like)
    assert choice.model.param_count() <= max(MAX_PARAMETERS_PER_TOKEN * profile.train_tokens,
                                             ModelConfig(vocab_size=profile.vocab_size, n_layer=2,
                                                         n_head=2, n_embd=64, bias=False,
                                                         block_size=choice.model.block_size).param_count())
    assert choice.model.dropout == 0.2
    assert choice.small_text is not None and "start from a pretrained model" in choice.small_text


def test_a_model_with_dropout_is_planned_and_quoted_at_its_step_time_with_dropout():
    """The candidates are timed without dropout; the step training runs has it (its masks cost a
    small model 10-20%): the steps and the step time quoted are for that one."""
    def with_dropout_slower(model, train):
        return cpu_like(model, train) * (1.25 if model.dropout else 1.0)

    text = "\n%\n".join(f"床前明月光{i}，疑是地上霜。\n举头望明月，低头思故乡。" for i in range(100))
    choice = choose_settings(profile_corpus(text, "blocks"), 300, with_dropout_slower)
    assert choice.model.dropout == 0.2
    assert choice.seconds_per_step == pytest.approx(with_dropout_slower(choice.model, choice.train))
    assert run_seconds(choice.train, choice.seconds_per_step) == pytest.approx(300, abs=10)


def test_whether_a_model_trains_enough_steps_is_judged_with_its_dropout():
    """The reasons said "the largest model that trains enough steps" of a model whose dropout
    then took its steps below the minimum."""
    def dropout_costly(model, train):
        return cpu_like(model, train) * (3.0 if model.dropout else 1.0)

    text = "\n%\n".join(f"床前明月光{i}，疑是地上霜。\n举头望明月，低头思故乡。" for i in range(100))
    choice = choose_settings(profile_corpus(text, "blocks"), 120, dropout_costly)
    assert choice.model.dropout and choice.train.max_iters < MIN_STEPS
    assert "the smallest model" in choice.reasons[0] and "trains enough steps" not in choice.reasons[0]


def test_examples_fit_the_context_and_batches_hold_about_a_thousand_tokens():
    names = "\n".join(f"name{i % 97}abc" for i in range(3000))
    profile = profile_corpus(names, "lines")
    choice = choose_settings(profile, 60, cpu_like)
    assert choice.data.mode == "lines" and choice.data.tokenizer == "char"
    assert choice.model.block_size >= profile.example_tokens and choice.model.block_size % 8 == 0
    assert choice.train.batch_size == min(128, 1024 // profile.median_example_tokens)


def test_every_choice_has_a_reason_in_words():
    profile = profile_corpus("Hello there, general reader.\n" * 5000, "continuous")
    choice = choose_settings(profile, 300, cpu_like)
    text = " ".join(choice.reasons)
    assert f"{choice.model.param_count():,} parameters" in text
    assert f"{choice.train.max_iters:,} steps" in text and "stops early" in text
    assert "Context of 64 characters" in text


def test_every_shape_is_a_valid_model():
    for shape in SHAPES:
        layers, heads, width = shape
        assert ModelConfig(vocab_size=100, block_size=64, n_layer=layers, n_head=heads,
                           n_embd=width).validate() == [], shape


def test_a_slow_computer_gets_the_smallest_model_and_is_told_more_time_would_help():
    profile = profile_corpus("To be, or not to be, that is the question.\n" * 25_000, "continuous")
    choice = choose_settings(profile, 60, lambda model, train: 0.5)
    assert choice.model.n_embd == SHAPES[0][2] and choice.train.max_iters < MIN_STEPS
    assert "the smallest model" in choice.reasons[0] and "more time" in choice.reasons[0]
    assert "in 1 min on this computer" in choice.reasons[0]


def test_examples_longer_than_the_context_are_said_to_be_cut_and_not_counted_as_read():
    # A third are 600 characters; each piece numbered, so that the held-out tenth (chosen by
    # content, engine/holdout.py) takes long and short ones alike, not copies of one.
    pieces = [f"{i} " + "word " * (19 if i % 3 else 119) for i in range(300)]
    profile = profile_corpus("\n%\n".join(pieces), "blocks")
    choice = choose_settings(profile, 300, cpu_like)
    assert choice.model.block_size == 256
    assert profile.fit_share(256) == pytest.approx(2 / 3, abs=0.01)
    assert "67% of the examples fit whole; the longer ones are cut" in choice.reasons[1]
    per_example, trained = profile.tokens_read(256)
    assert per_example < 257 and trained < profile.train_tokens


def test_a_few_characters_typed_do_not_change_what_a_choice_depends_on():
    text = "To be, or not to be, that is the question.\n" * 2000
    assert profile_corpus(text, "continuous").key() == profile_corpus(text + "to be.\n", "continuous").key()
    assert profile_corpus(text, "continuous").key() != profile_corpus(text * 2, "continuous").key()


def test_the_characters_said_to_be_read_are_the_ones_the_corpus_tab_counts():
    """The small-text note and the model's reason count what training reads: the training
    examples as the dataset splits them, cut by the chosen context, the same number the Corpus
    tab shows ("training on N")."""
    from gptstudio.engine.data import build_dataset
    from gptstudio.engine.tokenizers import train_tokenizer

    # Few long pieces (one in 24): nineteen examples in twenty fit a context that cuts them.
    pieces = [("春风" * (3 + i % 7) + "\n") * (2 + i % 5) + ("长" * 300 if i % 29 == 0 else "")
              for i in range(120)]
    text = "\n%\n".join(pieces)
    choice = choose_settings(profile_corpus(text, "blocks"), 300, cpu_like)
    dataset = build_dataset(text, train_tokenizer("char", text), "blocks", choice.model.block_size)
    assert dataset.cut_tokens > 0  # the long pieces are cut
    assert choice.small_text.params["tokens"] == dataset.train_tokens
    assert f"{dataset.train_tokens:,} characters" in choice.reasons[0]


def test_a_short_run_checks_less_often_and_spends_its_time_learning():
    """One minute on a slow computer: twenty checks would leave a few dozen steps; the checks
    take at most a quarter of the time instead, and never fewer than early stopping needs."""
    from gptstudio.engine.auto_settings import MIN_EVALS, PATIENCE, check_steps, plan_steps

    seconds = 0.153
    steps, interval = plan_steps(60, seconds)
    checks = -(-steps // interval)
    assert steps > 200 and MIN_EVALS >= PATIENCE + 1 and checks >= MIN_EVALS
    assert checks * check_steps(10) * seconds <= 0.25 * 55 + interval * seconds
    assert run_seconds(TrainConfig(max_iters=steps, eval_interval=interval, eval_iters=10),
                       seconds) <= 61
    # A long run keeps its twenty checks.
    steps, interval = plan_steps(15 * 60, seconds)
    assert -(-steps // interval) in (20, 21)


def test_continuous_text_counts_the_characters_the_corpus_tab_does():
    from gptstudio.engine.data import build_dataset
    from gptstudio.engine.tokenizers import train_tokenizer

    text = "Rühren, kochen, würzen. " * 1363 + "Ende"  # 32,716 characters: a tenth is not whole
    profile = profile_corpus(text, "continuous")
    dataset = build_dataset(text, train_tokenizer("char", text), "continuous", 64)
    assert profile.train_tokens == dataset.train_tokens


def test_a_model_smaller_than_its_text_gets_no_dropout_however_often_it_reads_it():
    """Songs of 210,000 characters on a slow computer: the smallest model (120,000 parameters)
    read them 20 times and was still improving at its last step; dropout 0.2 only held it back."""
    pieces = [("la " * (20 + i % 40) + "\n") * 4 for i in range(600)]
    profile = profile_corpus("\n%\n".join(pieces), "blocks")

    def slow(model, train):
        return 2 * cpu_like(model, train) + 0.05

    choice = choose_settings(profile, 300, slow)
    assert choice.model.param_count() < profile.train_tokens
    assert choice.model.dropout == 0.0
    assert any("fewer than the" in reason and "too few to learn them by heart" in reason
               for reason in choice.reasons)


def test_conversations_count_the_characters_the_corpus_tab_does():
    from pathlib import Path

    from gptstudio.engine.data import build_dataset
    from gptstudio.engine.tokenizers import train_tokenizer

    text = (Path(__file__).resolve().parents[2] / "corpora" / "chat_fruit.txt").read_text("utf-8")
    choice = choose_settings(profile_corpus(text, "chat"), 300, cpu_like)
    dataset = build_dataset(text, train_tokenizer("char", text, mode="chat"), "chat",
                            choice.model.block_size)
    assert choice.small_text.params["tokens"] == dataset.train_tokens  # 49,000: a small text


def test_a_text_with_no_conversations_has_no_settings_chosen_for_it():
    """A WhatsApp export chosen as conversations: the parser reads none. Automatic chose a 2-character
    corpus for it ('does not outgrow 2 characters of text', '100% of the conversations fit
    whole'); it chooses nothing and says why."""
    from gptstudio.engine.errors import CorpusError

    chat = "\n".join(f"12/03/2023, 10:{i % 60:02d} - {'Anna' if i % 2 else 'Ben'}: see you at {i}"
                     for i in range(300))
    with pytest.raises(CorpusError) as refused:
        profile_corpus(chat, "chat")
    assert str(refused.value).startswith("No conversations could be read from this text")
    assert "Line 1" in str(refused.value)  # the parser's own sentence: which line, and why
    no_reply = "\n\n".join(f"User: question {i}?" for i in range(30))
    with pytest.raises(CorpusError, match="No conversation in this text has an assistant's reply"):
        profile_corpus(no_reply, "chat")


def test_too_few_examples_to_learn_from_and_check_with_choose_nothing():
    """One conversation was all held out for checking, and choosing settings for it crashed
    (IndexError; found by the review); a handful of lines were chosen for as a 2-character text.
    Automatic now says what training would: how many it needs."""
    from gptstudio.engine.auto_settings import profile_corpus
    from gptstudio.engine.errors import CorpusTooShort

    with pytest.raises(CorpusTooShort, match="1 conversations with an assistant's reply.*at least 10"):
        profile_corpus("User: hello there\nAssistant: hi, how are you?\n", "chat")
    with pytest.raises(CorpusTooShort, match="3 non-empty lines.*at least 10"):
        profile_corpus("one\ntwo\nthree\n", "lines")
    assert profile_corpus("\n".join(f"line {i}" for i in range(10)), "lines").train_tokens > 0
