"""Settings validation: every value a user can get wrong comes back as a sentence naming it."""

from dataclasses import replace

import pytest

from gptstudio.engine.config import (
    MAX_ITERS,
    DataConfig,
    ModelConfig,
    SampleConfig,
    TrainConfig,
)
from gptstudio.engine.messages import Message
from gptstudio.engine.presets import PRESETS

NAN = float("nan")


def test_defaults_and_presets_are_valid():
    assert DataConfig().validate() == [] and ModelConfig().validate() == []
    assert TrainConfig().validate() == [] and SampleConfig().validate() == []
    for preset in PRESETS.values():
        assert preset.model.validate() == [] and preset.train.validate() == []


@pytest.mark.parametrize("change, words", [
    (dict(batch_size=0), "batch size must be between 1 and 4,096"),
    (dict(batch_size=5000), "batch size must be between 1 and 4,096"),
    (dict(learning_rate=0.0), "learning rate must be between 0.00001 and 0.1"),
    (dict(learning_rate=1.0), "and 0.1"),
    (dict(learning_rate=NAN), "learning rate"),
    (dict(max_iters=0), "training steps must be between 1 and"),
    (dict(max_iters=MAX_ITERS + 1), "and 10,000,000"),
    (dict(warmup_iters=-1), "Warm-up steps must be between 0 and 1,000,000"),
    (dict(eval_interval=0), "evaluation interval"),
    (dict(eval_iters=0), "average between 1 and 1,000 batches"),
    (dict(weight_decay=-0.1), "Weight decay"),
    (dict(beta2=1.0), "Adam beta 2 must be between 0 and 0.9999"),
    (dict(grad_clip=-1.0), "Gradient clipping must be between 0 and 100"),
    (dict(grad_clip=NAN), "Gradient clipping"),
    (dict(seed=-1), "seed"),
    (dict(device="tpu"), "device must be one of"),
    (dict(min_lr_ratio=1.5), "final learning-rate ratio"),
])
def test_each_bad_training_value_is_named(change, words):
    problems = replace(TrainConfig(), **change).validate()
    assert len(problems) == 1 and words in problems[0]


@pytest.mark.parametrize("change, words", [
    (dict(block_size=0), "context length must be between 4 and 8,192"),
    (dict(block_size=10_000), "context length must be between 4 and 8,192"),
    (dict(n_head=0), "number of heads must be between 1 and 64"),
    (dict(n_layer=0), "number of layers"),
    (dict(n_embd=130, n_head=4), "multiple of the number of heads"),
    (dict(dropout=1.0), "Dropout"),
    (dict(dropout=NAN), "Dropout"),
    (dict(vocab_size=0), "vocabulary size"),
])
def test_each_bad_model_value_is_named(change, words):
    problems = replace(ModelConfig(), **change).validate()
    assert len(problems) == 1 and words in problems[0]


def test_heads_that_do_not_divide_the_width_suggest_a_width_that_works():
    (problem,) = ModelConfig(n_head=6, n_embd=128).validate()
    assert "(128)" in problem and "(6)" in problem and "for example 126" in problem
    assert ModelConfig(n_head=6, n_embd=126).validate() == []


@pytest.mark.parametrize("change, words", [
    (dict(tokenizer="bpe", bpe_vocab_size=100), "BPE vocabulary size must be between 260"),
    (dict(tokenizer="bpe", bpe_vocab_size=100_000), "65,536"),
    (dict(val_fraction=0.0), "validation share"),
    (dict(mode="paragraphs"), "data mode"),
])
def test_each_bad_data_value_is_named(change, words):
    problems = replace(DataConfig(), **change).validate()
    assert len(problems) == 1 and words in problems[0]


@pytest.mark.parametrize("change, words", [
    (dict(temperature=-1.0), "temperature must be between 0 and 10"),
    (dict(temperature=NAN), "temperature"),
    (dict(temperature=11.0), "and 10"),
    (dict(top_p=0.0), "Top-p"),
    (dict(max_new_tokens=0), "new tokens"),
])
def test_each_bad_sampling_value_is_named(change, words):
    problems = replace(SampleConfig(), **change).validate()
    assert len(problems) == 1 and words in problems[0]


def test_problems_are_translatable_messages_with_values_kept_apart():
    (heads,) = ModelConfig(n_head=6, n_embd=128).validate()
    (steps,) = TrainConfig(max_iters=MAX_ITERS + 1).validate()
    (device,) = TrainConfig(device="tpu").validate()
    (layers,) = ModelConfig(n_layer=0).validate()
    for problem in (heads, steps, device, layers):
        assert isinstance(problem, Message)
        assert Message(problem.template, **problem.params) == problem
    assert heads == ("The embedding size (128) must be a multiple of the number of heads (6), "
                     "for example 126.")
    assert "{width}" in heads.template and "{heads}" in heads.template
    assert "{example}" in heads.template and "128" not in heads.template
    assert steps == f"The number of training steps must be between 1 and {MAX_ITERS:,}."
    assert "{high}" in steps.template and "10,000,000" not in steps.template
    assert device == "The device must be one of auto, cpu, cuda, mps."
    assert "{choices}" in device.template and "cuda" not in device.template
    assert layers == "The number of layers must be between 1 and 48."
    assert layers.template == "The number of layers must be between {low} and {high}."
