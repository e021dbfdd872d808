"""Time travel: a bounded set of earlier models, so the user can hear what the model wrote then.

    checkpoints/snapshots/
      step-00000025.safetensors   the weights at step 25 (weights only: no optimizer, no RNG)
      step-00000025.json          step, losses, model settings, data mode, sample prompt, tokenizer file
      tokenizer-<sha12>.json      the tokenizer, stored once and named by its content

These are not the resume checkpoints (checkpoint.py): nothing is ever resumed from a snapshot, and
losing one loses nothing but a view of the past. They are kept at log-spaced steps, because a model
changes fastest early on: at 25, 50, 100, 175, 300, ... (each at least SPACING x the last kept step).
Two bounds hold the folder small: at most MAX_SNAPSHOTS, and at most the smaller of MAX_BYTES and
BUDGET_MODELS x the model's own size. Over a bound, the snapshot whose removal leaves the most even
log spacing goes; the newest never does, and the oldest (the untrained-looking model) only when
nothing else is left to drop.

The weights are written to a temporary file and renamed; the JSON is written (atomically) after
them, so a snapshot is listed only once both are complete. A damaged one is skipped when listing
and reported in a sentence when loading.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safetensors import SafetensorError, safe_open

from gptstudio.engine.errors import EngineError
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.fsio import atomic_write_json, atomic_write_text, temporary_file

FOLDER = "snapshots"
FORMAT_VERSION = 1
SPACING = 1.6  # keep a step when it is at least this many times the last kept one
MAX_SNAPSHOTS = 12
MAX_BYTES = 200_000_000
BUDGET_MODELS = 10  # ... or this many times the model's size, whichever is smaller


@dataclass(frozen=True)
class Snapshot:
    step: int
    path: Path  # the weights file
    val_loss: float | None


def snapshot_dir(checkpoint_dir: str | os.PathLike) -> Path:
    return Path(checkpoint_dir) / FOLDER


def _name(step: int) -> str:
    return f"step-{step:08d}"


# ---------------------------------------------------------------------------------------------------
# Listing


def list_snapshots(checkpoint_dir: str | os.PathLike) -> list[Snapshot]:
    """The complete, readable snapshots, oldest first. Damaged ones are left out, not reported:
    they are a view of the past, and the others still work. Needs no torch: the app lists them on the GUI thread at start-up."""
    folder = snapshot_dir(checkpoint_dir)
    if not folder.is_dir():
        return []
    found = []
    for meta_path in sorted(folder.glob("step-*.json")):
        meta = _read_meta(meta_path)
        weights = meta_path.with_suffix(".safetensors")
        if meta is None or not _weights_readable(weights):
            continue
        val = meta.get("val_loss")
        val = float(val) if isinstance(val, (int, float)) and not isinstance(val, bool) else None
        found.append(Snapshot(int(meta["step"]), weights, val))
    return sorted(found, key=lambda s: s.step)


def _read_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(meta, dict):
        return None
    step = meta.get("step")
    if not isinstance(step, int) or isinstance(step, bool) or step < 0 or path.stem != _name(step):
        return None
    if not isinstance(meta.get("model"), dict) or not isinstance(meta.get("tokenizer"), str):
        return None
    return meta


def _weights_readable(path: Path) -> bool:
    """The header parses and describes exactly the bytes the file holds (a cut file fails)."""
    try:
        with safe_open(str(path), framework="numpy") as f:
            f.keys()
        return True
    except (OSError, SafetensorError, ValueError, RuntimeError):
        return False


def _size(snapshot: Snapshot) -> int:
    total = 0
    for path in (snapshot.path, snapshot.path.with_suffix(".json")):
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


# ---------------------------------------------------------------------------------------------------
# Saving


def byte_budget(model_bytes: int) -> int:
    return min(MAX_BYTES, BUDGET_MODELS * model_bytes)


def maybe_snapshot(checkpoint_dir: str | os.PathLike, step: int, model,
                   meta: dict[str, Any]) -> Snapshot | None:
    """Keep the model at `step` if the log spacing asks for it; returns the new snapshot or None.

    meta: "model" (config.to_dict), "tokenizer" (the tokenizer's to_dict()), and optionally
    "val_loss", "train_loss", "data_mode", "sample_prompt". Raises OSError when the disk refuses
    (the caller logs it: a snapshot is never worth stopping training for)."""
    folder = snapshot_dir(checkpoint_dir)
    existing = list_snapshots(checkpoint_dir)
    # Snapshots after this step belong to a run that was abandoned (training went on from an
    # older checkpoint): they are not this model's past.
    for later in [s for s in existing if s.step >= step]:
        _remove(later)
    kept = [s for s in existing if s.step < step]
    if kept and step < SPACING * kept[-1].step:
        return None
    # Sized from the parameters before anything is copied: a model too large for time travel
    # (an imported GPT-2) must not pay a copy of its weights at every evaluation.
    model_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    budget = byte_budget(model_bytes)
    if 2 * model_bytes > budget:
        return None  # a model this large would leave room for one snapshot: no time travel
    from gptstudio.engine.checkpoint import model_tensors

    tensors = model_tensors(model)
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer_file = _save_tokenizer(folder, meta["tokenizer"])
    weights = folder / f"{_name(step)}.safetensors"
    fd, tmp = temporary_file(folder, weights.name)
    os.close(fd)
    try:
        mode = stat.S_IMODE(tmp.stat().st_mode)  # what the umask gives a new file
        _save_file(tensors, tmp)
        os.chmod(tmp, mode)  # safetensors writes its files 0600, whatever the umask
        os.replace(tmp, weights)
    finally:
        tmp.unlink(missing_ok=True)
    record = {k: v for k, v in meta.items() if k != "tokenizer"}
    atomic_write_json(weights.with_suffix(".json"),
                      {**record, "format_version": FORMAT_VERSION, "step": step,
                       "tokenizer": tokenizer_file.name})
    snapshot = Snapshot(step, weights, meta.get("val_loss"))
    _enforce_bounds([*kept, snapshot], budget)
    _sweep(folder)
    return snapshot


def _save_file(tensors, path: Path) -> None:
    from safetensors.torch import save_file

    save_file(tensors, str(path))


def _save_tokenizer(folder: Path, tokenizer_dict: dict) -> Path:
    text = json.dumps(tokenizer_dict, ensure_ascii=False, sort_keys=True)
    path = folder / f"tokenizer-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    if not path.is_file():
        atomic_write_text(path, text)
    return path


def choose_to_drop(steps: list[int]) -> int:
    """The index of the step whose removal leaves the most even log spacing: the one whose two
    neighbours are closest together on a log scale. Never the newest; the oldest only when there
    are just two (a model early in training is the most different one to hear)."""
    if len(steps) < 2:
        raise ValueError("nothing to drop")
    if len(steps) == 2:
        return 0
    logs = [math.log(max(1, s)) for s in steps]
    return min(range(1, len(steps) - 1), key=lambda i: (round(logs[i + 1] - logs[i - 1], 9), i))


def _enforce_bounds(snapshots: list[Snapshot], budget: int) -> None:
    snapshots = sorted(snapshots, key=lambda s: s.step)
    while len(snapshots) > 1 and (len(snapshots) > MAX_SNAPSHOTS
                                  or sum(_size(s) for s in snapshots) > budget):
        _remove(snapshots.pop(choose_to_drop([s.step for s in snapshots])))


def _remove(snapshot: Snapshot) -> None:
    # The JSON first: without it the weights are no longer a snapshot, whatever happens next.
    for path in (snapshot.path.with_suffix(".json"), snapshot.path):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    """Temporary files a crash left, and tokenizers no snapshot names any more."""
    for stale in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
    used = set()
    for meta_path in folder.glob("step-*.json"):
        meta = _read_meta(meta_path)
        if meta is not None:
            used.add(meta["tokenizer"])
    for tokenizer in folder.glob("tokenizer-*.json"):
        if tokenizer.name not in used:
            with contextlib.suppress(OSError):
                tokenizer.unlink()


def retire_snapshots(checkpoint_dir: str | os.PathLike, set_aside: Path | None = None) -> None:
    """The snapshots of a model that a new one has replaced go with it: into set_aside (beside the
    old model's checkpoint folders, in the trash), or deleted without one."""
    from gptstudio.engine.checkpoint import discard_folder, set_aside_folders

    folder = snapshot_dir(checkpoint_dir)
    if not folder.is_dir():
        return
    if set_aside is not None and not (set_aside / FOLDER).exists():
        set_aside_folders([folder], set_aside)
    else:
        discard_folder(folder)


# ---------------------------------------------------------------------------------------------------
# Loading


def snapshot_files(checkpoint_dir: str | os.PathLike, step: int) -> tuple[Path, Path]:
    """The snapshot of step's two files: its JSON and its weights."""
    folder = snapshot_dir(checkpoint_dir)
    return folder / f"{_name(step)}.json", folder / f"{_name(step)}.safetensors"


def snapshot_meta(checkpoint_dir: str | os.PathLike, step: int) -> dict[str, Any]:
    """The snapshot's JSON, checked (model_service.load_generator(step=...) loads its model)."""
    meta = _read_meta(snapshot_files(checkpoint_dir, step)[0])
    if meta is None:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The saved model of step {step:,} is missing or damaged; choose another point "
                      "on the curve."), step=step))
    return meta
