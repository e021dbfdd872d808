"""Training sets torch's threads in its own thread and puts them back after: the setting when given,
else torch's own, one fewer for the app's window when steps are short (engine/threads.py)."""

import threading

import pytest
import torch

from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.events import StepEvent
from gptstudio.engine.threads import threads_kept, training_threads
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.engine.trainer import Trainer


@pytest.mark.parametrize(("requested", "params", "window_open", "expected"), [
    (3, 1_000, True, 3),  # the user's number, always
    (0, 1_000, False, 4),  # headless: torch's setting (OMP_NUM_THREADS or the physical cores)
    (0, 1_000, True, 3),  # the app, short steps: one core left to the window
    (0, 10_000_000, True, 4),  # the app, long steps (1e12 FLOP): the window has little to do
])
def test_automatic_threads(requested, params, window_open, expected):
    assert training_threads(requested, params, 16_384, window_open, current=4) == expected


def test_one_core_is_never_taken_from_training():
    assert training_threads(0, 1_000, 1_024, window_open=True, current=1) == 1


def test_threads_kept_puts_the_setting_back(restore_threads):
    torch.set_num_threads(2)
    with threads_kept() as before:
        torch.set_num_threads(1)
    assert before == 2 and torch.get_num_threads() == 2


def _threads_while_training(tiny_corpus, num_threads: int, window_open: bool, before: int):
    """(threads seen inside a short run, threads after it), in a thread of its own (as the app's
    worker) that starts with `before`."""
    seen, after = [], []
    train = TrainConfig(batch_size=4, max_iters=2, eval_interval=2, eval_iters=1, precision="fp32",
                        device="cpu", sample_tokens=0, num_threads=num_threads)
    trainer = Trainer(corpus=tiny_corpus, tokenizer=train_tokenizer("char", tiny_corpus),
                      data=DataConfig(), model=ModelConfig(block_size=8, n_layer=1, n_head=1, n_embd=8),
                      train=train, checkpoint_dir=None, window_open=window_open)

    def on_event(event):
        if isinstance(event, StepEvent):
            seen.append(torch.get_num_threads())

    def work():
        torch.set_num_threads(before)
        trainer.run(on_event)
        after.append(torch.get_num_threads())

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    return seen[0], after[0]


@pytest.fixture
def restore_threads():
    threads = torch.get_num_threads()  # threads started later inherit a thread's setting
    yield
    torch.set_num_threads(threads)


def test_the_threads_setting_reaches_training_and_is_put_back(tiny_corpus, restore_threads):
    assert _threads_while_training(tiny_corpus, 2, window_open=False, before=3) == (2, 3)
    assert _threads_while_training(tiny_corpus, 0, window_open=False, before=3) == (3, 3)
    assert _threads_while_training(tiny_corpus, 0, window_open=True, before=3) == (2, 3)  # tiny steps
