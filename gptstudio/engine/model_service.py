"""The one way from a saved model to a TextGenerator ready to write, and the cache that shares it.

A saved model is either one of a project's checkpoints (its best or its latest, checkpoint.py) or
a time-travel snapshot (snapshots.py). Generate, Chat, Look inside, Compare, time travel and the CLI
all load through `load_generator` (or `load_checkpoint_folder`, for a checkpoint folder already
chosen), so a model is read and checked the same way everywhere, and a model that several of them
show at once is in memory once.

The cache is keyed by the saved model's file (the checkpoint folder, or the snapshot's JSON), that
file's modification time, and the device: a checkpoint rewritten by training is a new key and is
read again, and the generator of its old contents is dropped at once, as is the one of the same
project's previous checkpoint (each checkpoint has a folder of its own). It keeps at most MAX_MODELS
generators, the least recently used going first. Two threads asking for the same model wait for one
load; different models load side by side.

Generators are shared: callers only read them (each `stream` call keeps its own KV cache), and
must not change the model (train it, move it, replace its modules).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gptstudio.engine.sampling import TextGenerator

# Three: the open project's model (shared by Generate, Chat and Look inside), plus the model of one
# other view at a time, a time-travel snapshot and a project being compared. More would only keep
# models that are no longer shown, and a GPT-2-124M costs 0.5 GB each.
MAX_MODELS = 3


class GeneratorCache:
    """A small, thread-safe LRU of loaded generators: one load per key, however many threads ask."""

    def __init__(self, max_models: int = MAX_MODELS):
        self.max_models = max_models
        self._lock = threading.Lock()  # guards the two dicts, never held while loading
        self._loaded: OrderedDict[Hashable, TextGenerator] = OrderedDict()  # oldest use first
        self._loading: dict[Hashable, threading.Lock] = {}  # key -> held while it loads
        self.loads = 0  # how many times a model was read from disk (tests and curious users)

    def get(self, key: tuple, load: Callable[[], TextGenerator]) -> TextGenerator:
        """The generator cached under key, else load()'s, kept. key[:-2] + key[-1:] (everything
        but the file's time) names the saved model: a new time replaces the old entry."""
        while True:
            with self._lock:
                if key in self._loaded:
                    self._loaded.move_to_end(key)
                    return self._loaded[key]
                loading = self._loading.get(key)
                if loading is None:
                    loading = self._loading[key] = threading.Lock()
                    loading.acquire()
                    break
            with loading:  # another thread loads this key: wait for it, then look again
                pass
        try:
            generator = load()
            with self._lock:
                self.loads += 1
                self._store(key, generator)
            return generator
        finally:
            with self._lock:
                del self._loading[key]
            loading.release()  # a failed load leaves nothing: the waiters try themselves

    def _store(self, key: tuple, generator: TextGenerator) -> None:
        for old in [k for k in self._loaded if _superseded(k, key)]:
            del self._loaded[old]  # never asked for again: its memory goes now, not 3 loads later
        self._loaded[key] = generator
        while len(self._loaded) > self.max_models:
            self._loaded.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._loaded.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._loaded)


def _superseded(old: tuple, new: tuple) -> bool:
    """Whether the cached model `old` is no longer wanted once `new` is loaded: an older version of
    the same saved model, or on the same device another checkpoint of the same project (training
    saves each checkpoint in a folder of its own: the project's model has moved on), or a
    checkpoint whose folder is gone."""
    kind, name, _time, device = old
    if kind != new[0] or device != new[-1]:
        return False
    if name == new[1]:
        return True
    if kind != "checkpoint":
        return False
    return Path(name).parent == Path(new[1]).parent or not Path(name).is_dir()


CACHE = GeneratorCache()


def load_generator(checkpoint_dir: str | os.PathLike, which: str = "best", device: str = "auto",
                   *, step: int | None = None) -> TextGenerator:
    """A project's model ready to write. checkpoint_dir: its checkpoints folder; which: "best"
    (the lowest validation loss) or "latest" (checkpoint.model_checkpoint); or step: the
    time-travel snapshot of that step instead (snapshots.py). Raises NoCheckpoint or an
    EngineError sentence when there is none or it is damaged."""
    if step is not None:
        return _load_snapshot(checkpoint_dir, step, device)
    from gptstudio.engine.checkpoint import require_checkpoint

    return load_checkpoint_folder(require_checkpoint(checkpoint_dir, which), device)


def load_checkpoint_folder(folder: str | os.PathLike, device: str = "auto") -> TextGenerator:
    """The model of one checkpoint folder (one that model_checkpoint chose)."""
    folder = Path(folder)
    key = ("checkpoint", str(folder.resolve()), _mtime(folder / "meta.json"), _device_name(device))
    return CACHE.get(key, lambda: _read_checkpoint(folder, device))


def forget_generators() -> None:
    """Drop every cached generator (their memory goes when no one else holds them)."""
    CACHE.clear()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1  # missing: the load says what is wrong, in a sentence


def _device_name(device: str) -> str:
    # "auto" and the device it means are one entry: Generate's "auto" shares Compare's "cpu".
    from gptstudio.engine.device import resolve_device

    return str(resolve_device(device))


def _read_checkpoint(folder: Path, device: str) -> TextGenerator:
    from gptstudio.engine.checkpoint import read_meta
    from gptstudio.engine.config import DataConfig, from_dict

    meta = read_meta(folder)
    mode = from_dict(DataConfig, meta.get("data")).mode
    generator = _generator(folder, meta, None, folder / "tokenizer.json", mode, device)
    generator.checkpoint = folder
    generator.step = int(meta["step"])
    return generator


def _load_snapshot(checkpoint_dir: str | os.PathLike, step: int, device: str) -> TextGenerator:
    from gptstudio.engine.snapshots import snapshot_files

    meta_path, _ = snapshot_files(checkpoint_dir, step)
    key = ("snapshot", str(meta_path.resolve()), _mtime(meta_path), _device_name(device))
    return CACHE.get(key, lambda: _read_snapshot(checkpoint_dir, step, device))


def _read_snapshot(checkpoint_dir: str | os.PathLike, step: int, device: str) -> TextGenerator:
    """The model as it was at step: checked and loaded as a checkpoint is."""
    from gptstudio.engine.config import DATA_MODES
    from gptstudio.engine.errors import CheckpointError, EngineError
    from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
    from gptstudio.engine.snapshots import snapshot_files, snapshot_meta

    meta = snapshot_meta(checkpoint_dir, step)
    meta_path, weights = snapshot_files(checkpoint_dir, step)
    mode = meta.get("data_mode") if meta.get("data_mode") in DATA_MODES else "continuous"
    tokenizer = meta_path.parent / Path(meta["tokenizer"]).name
    try:
        return _generator(meta_path.parent, meta, weights, tokenizer, mode, device)
    except CheckpointError as error:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The saved model of step {step:,} is damaged; choose another point on the "
                      "curve."), step=step)) from error


def _generator(folder: Path, meta: dict, weights: Path | None, tokenizer: Path, mode: str,
               device: str) -> TextGenerator:
    """The model saved in folder (weights: its weights file, default model.safetensors), built
    from its checked settings, with its tokenizer, on device."""
    from gptstudio.engine.checkpoint import load_weights, model_config
    from gptstudio.engine.device import resolve_device
    from gptstudio.engine.model import GPT
    from gptstudio.engine.sampling import TextGenerator
    from gptstudio.engine.tokenizers import load_tokenizer

    model = GPT(model_config(folder, meta, weights))
    load_weights(folder, model, weights)
    tokenizer = load_tokenizer(tokenizer)  # EngineError if damaged
    target = resolve_device(device)
    return TextGenerator(model.to(target), tokenizer, mode, target)
