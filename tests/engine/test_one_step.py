import numpy as np
import pytest
import torch

from gptstudio.engine.config import ModelConfig
from gptstudio.engine.data import IGNORE
from gptstudio.engine.model import GPT
from gptstudio.engine.model_service import load_generator
from gptstudio.engine.one_step import StepSession
from gptstudio.engine.sampling import TextGenerator
from gptstudio.engine.tokenizers import train_tokenizer

NAMES = "emma\nolivia\nava\nisabella\nsophia\nmia\namelia\nevelyn\nharper\nluna\n" * 4
STORY = "the quick brown fox jumps over the lazy dog. " * 30


def make_generator(text, mode):
    torch.manual_seed(3)
    tok = train_tokenizer("char", text)
    model = GPT(ModelConfig(vocab_size=tok.vocab_size, block_size=16, n_layer=1, n_head=2,
                            n_embd=32, dropout=0.0))
    return TextGenerator(model, tok, mode, torch.device("cpu"))


@pytest.fixture(params=[("lines", NAMES), ("continuous", STORY)], ids=["lines", "continuous"])
def generator_and_text(request):
    mode, text = request.param
    return make_generator(text, mode), text


def snapshot(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def test_before_probabilities_are_the_original_models_softmax(generator_and_text):
    gen, text = generator_and_text
    session = StepSession(gen, text, batch_size=8, seed=1)
    x, y = session.next_batch()
    position = int(np.flatnonzero(y[0].numpy() != IGNORE)[-1])
    result = session.step(1e-2, batch=(x, y), position=position)
    with torch.no_grad():
        logits, loss = gen.model(x, y)
    expected = torch.softmax(logits[0, position], -1)
    for chance in result.chances:
        assert chance.before == pytest.approx(float(expected[chance.token_id]), abs=1e-6)
    assert result.loss_before == pytest.approx(float(loss), abs=1e-5)
    target = int(y[0, position])
    assert result.target_id == target and result.target_text == gen.tokenizer.token_text(target)
    assert result.target_before == pytest.approx(float(expected[target]), abs=1e-6)
    assert [c.correct for c in result.chances].count(True) == 1  # the right token is always shown
    assert result.position == position and result.step == 1


def test_one_step_lowers_the_loss_on_its_batch_and_leaves_the_original_alone(generator_and_text):
    gen, text = generator_and_text
    original = snapshot(gen.model)
    session = StepSession(gen, text, batch_size=16, seed=0)
    x, y = session.next_batch()
    result = session.step(1e-2, batch=(x, y))
    assert result.loss_after < result.loss_before
    assert result.rising_share > 0.5  # the right token's chance rose at most positions
    with torch.no_grad():
        _, loss_after = session.model(x, y)  # the copy was updated...
    assert float(loss_after) == pytest.approx(result.loss_after, abs=1e-5)
    for name, value in gen.model.state_dict().items():  # ... the user's model was not
        assert torch.equal(value, original[name]), name
    with torch.no_grad():
        _, loss_original = gen.model(x, y)
    assert float(loss_original) == pytest.approx(result.loss_before, abs=1e-5)


def test_true_token_probability_rises_for_most_positions():
    gen = make_generator(NAMES, "lines")
    session = StepSession(gen, NAMES, batch_size=16, seed=2)
    x, y = session.next_batch()
    with torch.no_grad():
        before = torch.softmax(session.model(x)[0], -1)
    session.step(1e-2, batch=(x, y))
    with torch.no_grad():
        after = torch.softmax(session.model(x)[0], -1)
    counted = y != IGNORE
    right = y.clamp(min=0).unsqueeze(-1)
    rose = (after.gather(-1, right) > before.gather(-1, right)).squeeze(-1)[counted]
    assert rose.float().mean() > 0.5


def test_steps_continue_from_the_updated_copy():
    gen = make_generator(NAMES, "lines")
    session = StepSession(gen, NAMES, batch_size=16, seed=0)
    x, y = session.next_batch()
    first = session.step(1e-2, batch=(x, y), position=1)
    second = session.step(1e-2, batch=(x, y), position=1)
    assert second.step == 2
    assert second.loss_before == pytest.approx(first.loss_after, abs=1e-5)
    assert second.target_before == pytest.approx(first.target_after, abs=1e-6)
    third = session.step(1e-2)  # a new batch from the corpus
    assert third.step == 3 and third.batch_size == 16


def test_the_result_is_plain_data_and_reads_like_the_example():
    gen = make_generator(NAMES, "lines")
    result = StepSession(gen, NAMES, batch_size=4, seed=5).step(1e-3)
    assert result.context == "".join(result.context_tokens)
    assert "<sos>" not in result.context_tokens
    assert len(result.chances) == 10
    befores = [max(c.before, c.after) for c in result.chances if not c.correct]
    assert befores == sorted(befores, reverse=True)
    for value in (result.loss_before, result.loss_after, result.target_before, result.rising_share):
        assert type(value) is float


# -- the step training would take: its optimizer, with the run's state --------------------------------

def _trained(tmp_path, optimizer):
    import dataclasses

    from tests.engine.test_trainer import TRAIN, make_trainer

    model = ModelConfig(block_size=16, n_layer=1, n_head=2, n_embd=32, dropout=0.0)
    train = dataclasses.replace(TRAIN, optimizer=optimizer, max_iters=12, eval_interval=12,
                                sample_tokens=0)
    make_trainer(STORY, tmp_path / "ck", model=model, train=train).run(lambda e: None)
    from gptstudio.engine.checkpoint import latest_checkpoint

    return latest_checkpoint(tmp_path / "ck")


@pytest.mark.parametrize("optimizer", ["adamw", "muon"])
def test_a_step_is_the_step_training_would_take_with_its_own_optimizer_state(tmp_path, optimizer):
    from gptstudio.engine.checkpoint import load_checkpoint, read_meta
    from gptstudio.engine.config import TrainConfig, from_dict
    from gptstudio.engine.optimizers import make_optimizer

    folder = _trained(tmp_path, optimizer)
    gen = load_generator(folder.parent, device="cpu")
    session = StepSession(gen, STORY, checkpoint=folder, seed=0)
    assert session.state_loaded and session.optimizer_kind == optimizer
    x, y = session.next_batch()
    result = session.step(batch=(x, y))  # at the learning rate training had reached
    assert (result.optimizer, result.state_loaded) == (optimizer, True)

    # The reference: the model and optimizer as the trainer builds and resumes them.
    train = from_dict(TrainConfig, read_meta(folder)["train"])
    model = GPT(gen.model.config)
    opt = make_optimizer(model, train.optimizer, train.weight_decay, 1.0,
                         (train.beta1, train.beta2), torch.device("cpu"))
    load_checkpoint(folder, model=model, optimizer=opt)
    for group in opt.param_groups:
        group["lr"] = session.trained_learning_rate
    _, loss = model(x, y)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), train.grad_clip)
    opt.step()
    for name, value in model.state_dict().items():
        torch.testing.assert_close(session.model.state_dict()[name], value, rtol=0, atol=1e-6)


def test_without_the_runs_state_a_fresh_optimizer_moves_differently(tmp_path):
    folder = _trained(tmp_path, "adamw")
    gen = load_generator(folder.parent, device="cpu")
    with_state = StepSession(gen, STORY, checkpoint=folder, seed=0)
    fresh = StepSession(gen, STORY, seed=0)
    assert not fresh.state_loaded
    batch = with_state.next_batch()
    with_state.step(1e-3, batch=batch)
    fresh.step(1e-3, batch=batch)
    weight = "transformer.wte.weight"
    assert not torch.equal(with_state.model.state_dict()[weight], fresh.model.state_dict()[weight])


def test_one_example_can_lose_while_the_batch_gains_and_the_result_says_so():
    """Row 0 wants "ab" followed by "c"; the fifteen other rows want "d" after the same "ab". One
    step serves the batch: "d" rises, and the right token of the example the chart follows falls."""
    text = "abc abd " * 40
    gen = make_generator(text, "continuous")
    tok = gen.tokenizer
    session = StepSession(gen, text, batch_size=16, seed=0)
    x = torch.tensor([tok.encode("ab")] * 16)
    y = torch.tensor([tok.encode("bc")] + [tok.encode("bd")] * 15)
    result = session.step(0.05, batch=(x, y), position=1)
    assert result.target_text == "c" and result.target_fell
    assert result.loss_after < result.loss_before  # the batch as a whole gained
