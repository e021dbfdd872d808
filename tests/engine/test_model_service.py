"""model_service: every view loads a saved model through one bounded cache."""

import os
import threading
import time

import numpy as np
import pytest
import torch

from gptstudio.engine import model_service
from gptstudio.engine.checkpoint import new_history, save_checkpoint
from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig, to_dict
from gptstudio.engine.errors import EngineError, NoCheckpoint
from gptstudio.engine.model import GPT
from gptstudio.engine.model_service import GeneratorCache, load_checkpoint_folder, load_generator
from gptstudio.engine.snapshots import maybe_snapshot
from gptstudio.engine.tokenizers import train_tokenizer

TEXT = "the quick brown fox jumps over the lazy dog. " * 4
TOKENIZER = train_tokenizer("char", TEXT)
CONFIG = ModelConfig(vocab_size=TOKENIZER.vocab_size, block_size=16, n_layer=1, n_head=2,
                     n_embd=16, dropout=0.0)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.setattr(model_service, "CACHE", GeneratorCache())


def _save(checkpoint_dir, step: int, seed: int = 0):
    torch.manual_seed(seed)
    train = TrainConfig(device="cpu", precision="fp32")
    return save_checkpoint(checkpoint_dir, model=GPT(CONFIG), optimizer=None,
                           tokenizer_dict=TOKENIZER.to_dict(),
                           meta={"step": step, "model": to_dict(CONFIG), "data": to_dict(DataConfig()),
                                 "train": to_dict(train), "history": new_history(),
                                 "np_rng": np.random.default_rng(0).bit_generator.state})


def _logits(generator) -> torch.Tensor:
    with torch.no_grad():
        return generator.model(torch.tensor([[1, 2, 3]]))[0]


def test_a_checkpoint_is_loaded_once_and_shared(tmp_path):
    folder = _save(tmp_path / "ck", 10)
    first = load_generator(tmp_path / "ck", "best", "cpu")
    assert first.step == 10 and first.checkpoint == folder and first.mode == "continuous"
    # Generate ("auto" here means the CPU), Look inside (the folder itself) and Compare: one model.
    assert load_generator(tmp_path / "ck", "latest", "auto") is first
    assert load_checkpoint_folder(folder, "cpu") is first
    assert model_service.CACHE.loads == 1


def test_a_rewritten_checkpoint_is_read_again_and_the_old_one_dropped(tmp_path):
    folder = _save(tmp_path / "ck", 10, seed=0)
    old = load_generator(tmp_path / "ck", device="cpu")
    _save(tmp_path / "ck", 10, seed=1)  # the same step written again (a fresh model): new weights
    meta = folder / "meta.json"
    os.utime(meta, ns=(meta.stat().st_atime_ns, meta.stat().st_mtime_ns + 10**9))  # coarse clocks
    new = load_generator(tmp_path / "ck", device="cpu")
    assert new is not old and not torch.equal(_logits(new), _logits(old))
    assert len(model_service.CACHE) == 1  # the old contents are never asked for again


def test_the_cache_keeps_the_most_recently_used_models_only(tmp_path):
    for name in "abcd":
        _save(tmp_path / name, 10)
    a = load_generator(tmp_path / "a", device="cpu")
    load_generator(tmp_path / "b", device="cpu")
    load_generator(tmp_path / "c", device="cpu")
    assert load_generator(tmp_path / "a", device="cpu") is a  # used again: now the newest
    load_generator(tmp_path / "d", device="cpu")  # over the bound: b, the least recently used, goes
    assert len(model_service.CACHE) == model_service.MAX_MODELS == 3
    loads = model_service.CACHE.loads
    assert load_generator(tmp_path / "a", device="cpu") is a
    load_generator(tmp_path / "b", device="cpu")
    assert model_service.CACHE.loads == loads + 1


def test_a_snapshot_loads_as_the_model_of_its_step(tmp_path):
    ck = tmp_path / "ck"
    torch.manual_seed(3)
    model = GPT(CONFIG)
    maybe_snapshot(ck, 25, model, {"val_loss": 2.0, "model": to_dict(CONFIG), "data_mode": "lines",
                                   "sample_prompt": "", "tokenizer": TOKENIZER.to_dict()})
    snapshot = load_generator(ck, device="cpu", step=25)
    assert snapshot.mode == "lines"
    with torch.no_grad():
        assert torch.equal(_logits(snapshot), model(torch.tensor([[1, 2, 3]]))[0])
    assert load_generator(ck, device="cpu", step=25) is snapshot
    with pytest.raises(EngineError, match="step 50"):
        load_generator(ck, device="cpu", step=50)


def test_no_checkpoint_is_a_sentence_and_nothing_is_kept(tmp_path):
    with pytest.raises(NoCheckpoint):
        load_generator(tmp_path / "nothing", device="cpu")
    assert len(model_service.CACHE) == 0


def test_two_threads_asking_for_one_model_wait_for_one_load():
    cache = GeneratorCache()
    started, results, calls = threading.Barrier(2), [], []

    def slow_load():
        calls.append(1)
        time.sleep(0.2)  # long enough that the second thread asks while the first loads
        return object()

    def ask():
        started.wait()
        results.append(cache.get(("checkpoint", "/x", 1, "cpu"), slow_load))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and cache.loads == 1
    assert results[0] is results[1]


def test_a_failed_load_lets_the_next_caller_try_again():
    cache = GeneratorCache()

    def broken():
        raise OSError("disk gone")

    with pytest.raises(OSError):
        cache.get(("checkpoint", "/x", 1, "cpu"), broken)
    loaded = object()
    assert cache.get(("checkpoint", "/x", 1, "cpu"), lambda: loaded) is loaded


def test_a_newer_checkpoint_of_the_same_project_replaces_the_older_one(tmp_path):
    # Training saves each checkpoint in a folder of its own: generating after each of them must
    # not keep the earlier models (on a GPU, beside the run) until the bound pushes them out.
    for step in (10, 20, 30):
        _save(tmp_path / "ck", step, seed=step)
        assert load_generator(tmp_path / "ck", "latest", "cpu").step == step
        assert len(model_service.CACHE) == 1
    _save(tmp_path / "other", 5)
    load_generator(tmp_path / "other", device="cpu")  # another project's model is kept beside it
    assert len(model_service.CACHE) == 2
