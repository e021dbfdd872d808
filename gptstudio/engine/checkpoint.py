"""Checkpoints: a self-contained folder per saved step, written so that a crash never loses one.

    checkpoints/
      latest.json             {"folder": "step-00000500", "step": 500}, replaced atomically last
      best.json               {"folder": "step-00000250", "step": 250, "val_loss": 1.61}: the
                              checkpoint with the lowest validation loss, kept until a better one
      step-00000500/
        model.safetensors     weights (the tied LM head is stored once, as the token embedding)
        optimizer.safetensors optimizer state (AdamW moments, Muon momentum) + torch RNG states
                              (tensors only: nothing to unpickle)
        adapter.safetensors   only after LoRA fine-tuning: the adapter, beside the frozen weights
                              above (engine/lora.py; meta.json's "lora" holds its settings)
        meta.json             configs, step, numpy RNG state, loss history
        tokenizer.json

A folder is written under a temporary name and renamed when complete; latest.json moves to it only
after that. Generating, looking inside and exporting use the best checkpoint by default
(model_checkpoint): a model that went on to memorise its text writes worse than it did at its best. Loading never unpickles: safetensors and JSON only, so a crafted file cannot run code.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors

from gptstudio.engine.config import ModelConfig, from_dict
from gptstudio.engine.errors import CheckpointError, CheckpointNotSaved, NoCheckpoint
from gptstudio.engine.lora import (
    ADAPTER_FILE,
    adapter_tensors,
    base_tensors,
    has_adapters,
    load_base_tensors,
)
from gptstudio.engine.loss_history import LossHistory
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.fsio import atomic_write_bytes, atomic_write_json, read_limited

FORMAT_VERSION = 1
TIED_KEY = "lm_head.weight"
BEST_FILE = "best.json"
MODEL_CHOICES = ("best", "latest")

EMPTY_HISTORY: dict[str, list] = LossHistory().to_dict()  # meta.json's "history" keys (loss_history.py)


def new_history() -> dict[str, list]:
    """The history a run starts with, in the form the trainer appends to and meta.json holds."""
    return LossHistory().to_dict()


# ---------------------------------------------------------------------------------------------------
# Finding checkpoints


def _folder_name(step: int) -> str:
    return f"step-{step:08d}"


def _complete_folders(checkpoint_dir: Path) -> list[Path]:
    folders = [p for p in checkpoint_dir.glob("step-*") if p.is_dir() and not p.name.endswith(".tmp")]
    return sorted((p for p in folders if (p / "meta.json").is_file()), key=lambda p: p.name)


def latest_checkpoint(checkpoint_dir: str | os.PathLike) -> Path | None:
    """The newest complete checkpoint folder, or None."""
    checkpoint_dir = Path(checkpoint_dir)
    if not checkpoint_dir.is_dir():
        return None
    try:
        # A pointer is a few dozen bytes: a bigger file (or a link, a device) is no pointer.
        pointer = json.loads(read_limited(checkpoint_dir / "latest.json", 4096, follow_links=False))
        folder = checkpoint_dir / Path(str(pointer["folder"])).name  # never a path outside
        if (folder / "meta.json").is_file():
            return folder
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        pass
    # No or damaged pointer (a crash between rename and pointer update): trust the folders.
    folders = _complete_folders(checkpoint_dir)
    return folders[-1] if folders else None


def best_checkpoint(checkpoint_dir: str | os.PathLike) -> Path | None:
    """The checkpoint with the lowest validation loss, or None when there is none (no evaluation
    yet). The pointer is trusted only where the folder's own history has that evaluation: a pointer
    left by an older model (the same step number, another model) is ignored."""
    checkpoint_dir = Path(checkpoint_dir)
    try:
        # A pointer of a few dozen bytes, as latest.json: whatever else is there is no pointer.
        pointer = json.loads(read_limited(checkpoint_dir / BEST_FILE, 4096, follow_links=False))
        folder = checkpoint_dir / Path(str(pointer["folder"])).name
        step, val = int(pointer["step"]), float(pointer["val_loss"])
        history = read_meta(folder)["history"]
        evals = dict(zip(history["eval_steps"], history["eval_val"], strict=False))
        return folder if step in evals and abs(float(evals[step]) - val) < 1e-9 else None
    except (OSError, ValueError, KeyError, TypeError, OverflowError, RecursionError,
            CheckpointError):
        return None  # no pointer, or a damaged one: the latest checkpoint is used


def model_checkpoint(checkpoint_dir: str | os.PathLike, which: str = "best") -> Path | None:
    """The checkpoint to generate, look inside and export with: "best" (the lowest validation
    loss, the latest where there is none) or "latest"."""
    if which == "best":
        best = best_checkpoint(checkpoint_dir)
        if best is not None:
            return best
    return latest_checkpoint(checkpoint_dir)


def mark_best(checkpoint_dir: str | os.PathLike, folder: Path, step: int, val_loss: float) -> None:
    atomic_write_json(Path(checkpoint_dir) / BEST_FILE,
                      {"folder": folder.name, "step": int(step), "val_loss": float(val_loss)})


def read_meta(folder: Path) -> dict[str, Any]:
    """meta.json, checked: whatever a damaged or crafted file holds, the caller gets the documented
    types (or a CheckpointError sentence), never a KeyError or TypeError deep inside the engine."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as e:
        raise CheckpointError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The checkpoint {folder} is damaged ({detail})."),
            folder=folder.name, detail=str(e))) from e
    if not isinstance(meta, dict) or not _is_int(meta.get("step")) or meta["step"] < 0:
        raise CheckpointError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The checkpoint {folder} is damaged (no step recorded)."), folder=folder.name))
    version = meta.get("format_version", 0)
    if not _is_int(version):
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
            "Engine", "its format version is not a number")))
    if version > FORMAT_VERSION:
        raise CheckpointError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The checkpoint {folder} was written by a newer GPT Studio; update the app to "
                      "open it."), folder=folder.name))
    if not all(isinstance(meta.get(k, {}), dict) for k in ("model", "data", "train", "np_rng",
                                                           "optimizer", "history")):
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP("Engine", "its settings are not readable")))
    history = meta.get("history", {})
    if not all(isinstance(history.get(k, []), list) for k in EMPTY_HISTORY):
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
            "Engine", "its loss history is not readable")))
    # The evaluations decide the best checkpoint and early stopping: step numbers and losses, in
    # pairs (a history of text or nothing there stopped a resumed run with a traceback).
    steps, losses = history.get("eval_steps", []), history.get("eval_val", [])
    if len(steps) != len(losses) or not all(_is_int(s) for s in steps) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in losses):
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
            "Engine", "its loss history is not readable")))
    meta["history"] = {k: list(history.get(k, [])) for k in EMPTY_HISTORY}
    return meta


def model_config(folder: Path, meta: dict[str, Any], weights: Path | None = None) -> ModelConfig:
    """The settings of the model saved in folder, checked before a model is built from them: a
    damaged or crafted meta.json must give a sentence, not a crash or a model too big for memory.
    weights: the weights file they describe (default: the folder's model.safetensors)."""
    raw = meta.get("model")
    if isinstance(raw, dict) and "activation" not in raw:
        raw = {**raw, "activation": "gelu_tanh"}  # saved before the setting existed: GPT-2's GELU
    try:
        config = from_dict(ModelConfig, raw) if isinstance(raw, dict) else None
    except (TypeError, ValueError):
        config = None
    sizes = ("vocab_size", "block_size", "n_layer", "n_head", "n_embd")
    if (config is None or not all(_is_int(getattr(config, k)) for k in sizes)
            or not isinstance(config.bias, bool) or not isinstance(config.dropout, (int, float))
            or not isinstance(config.activation, str)
            or config.validate()):
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
            "Engine", "its model settings are not readable")))
    # The weights file holds every parameter in at least 2 bytes (4 as we write them): settings
    # that describe a bigger model than it can hold are damaged, and are refused before a model of
    # that size is allocated.
    with contextlib.suppress(OSError):
        if 2 * config.param_count() > (weights or folder / "model.safetensors").stat().st_size:
            raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
                "Engine", "its settings describe a larger model than its weights file holds")))
    return config


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _damaged(folder: Path, why: Message) -> CheckpointError:
    """why: a Message, the reason in words ("its settings are not readable")."""
    return CheckpointError(Message(QT_TRANSLATE_NOOP(
        "Engine", "The checkpoint {folder} is damaged: {why}."), folder=folder.name, why=why))


def load_history(checkpoint_dir: str | os.PathLike) -> LossHistory:
    """The loss history that belongs to the latest checkpoint (empty if there is none)."""
    folder = latest_checkpoint(checkpoint_dir)
    if folder is None:
        return LossHistory()
    return LossHistory.from_dict(read_meta(folder)["history"])


# ---------------------------------------------------------------------------------------------------
# Saving


def save_checkpoint(checkpoint_dir: str | os.PathLike, *, model: torch.nn.Module, optimizer,
                    meta: dict[str, Any], tokenizer_dict: dict, keep: int = 2,
                    replaces: list[Path] | None = None, set_aside: Path | None = None,
                    best_val: float | None = None) -> Path:
    """Write a complete checkpoint for meta["step"], then point latest.json at it.

    `best_val`: this checkpoint's validation loss where it is the best so far (best.json then
    points at it, before pruning spares the best one).
    `replaces`: the folders of an older model this first checkpoint of a new one takes over from.
    They stay the project's model until the new checkpoint is complete, then move into `set_aside`
    (the trash) or, without it, are deleted.

    A failed write (disk full, read-only) raises CheckpointNotSaved and leaves the previous
    checkpoint the latest; a crash at any moment leaves either the old or the new one the latest,
    complete, and nothing else that looks like a checkpoint.
    """
    checkpoint_dir = Path(checkpoint_dir)
    step = int(meta["step"])
    try:
        final = _write_folder(checkpoint_dir, model, optimizer, meta, tokenizer_dict, replaces, set_aside)
        atomic_write_json(checkpoint_dir / "latest.json", {"folder": final.name, "step": step})
        if best_val is not None:
            mark_best(checkpoint_dir, final, step, best_val)
    except OSError as e:
        # "The previous checkpoint is kept" only where there is one (for a new model replacing an
        # old one, the old model's is kept).
        raise CheckpointNotSaved(step, e, previous=latest_checkpoint(checkpoint_dir) is not None) from e
    if replaces:
        set_aside_folders([p for p in replaces if p != final and p.exists()], set_aside)
    _prune(checkpoint_dir, keep, final)
    return final


def _write_folder(checkpoint_dir: Path, model, optimizer, meta, tokenizer_dict, replaces,
                  set_aside) -> Path:
    """The step folder, written under a temporary name and renamed into place when complete."""
    checkpoint_dir.mkdir(parents=True, exist_ok=True)
    final = checkpoint_dir / _folder_name(int(meta["step"]))
    tmp = checkpoint_dir / (final.name + f".{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        atomic_write_bytes(tmp / "model.safetensors", save_tensors(model_tensors(model)))
        if has_adapters(model):  # LoRA: the frozen weights above, the adapter beside them
            atomic_write_bytes(tmp / ADAPTER_FILE, save_tensors(adapter_tensors(model)))
        opt_tensors, opt_meta = _flatten_optimizer(optimizer.state_dict()) if optimizer else ({}, {})
        opt_tensors.update(_torch_rng_tensors())
        atomic_write_bytes(tmp / "optimizer.safetensors", save_tensors(opt_tensors))
        atomic_write_json(tmp / "tokenizer.json", tokenizer_dict)
        atomic_write_json(tmp / "meta.json",
                          {**meta, "format_version": FORMAT_VERSION, "optimizer": opt_meta})
        if final.exists():  # re-saving a step (one a killed run wrote but never made the latest)
            if replaces and final in replaces:
                set_aside_folders([final], set_aside)
            else:
                discard_folder(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def model_folders(checkpoint_dir: str | os.PathLike) -> list[Path]:
    """The complete checkpoint folders in checkpoint_dir, oldest first."""
    checkpoint_dir = Path(checkpoint_dir)
    return _complete_folders(checkpoint_dir) if checkpoint_dir.is_dir() else []


def set_aside_folders(folders: list[Path], target: Path | None) -> None:
    if target is None:
        for folder in folders:
            discard_folder(folder)
        return
    target.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        shutil.move(str(folder), str(target / folder.name))


def discard_folder(folder: Path) -> None:
    """Delete a checkpoint (or snapshots) folder. It is renamed to a temporary name first (atomic), so that a
    crash midway never leaves a half-deleted folder that still looks like a checkpoint; _prune
    sweeps what such a crash leaves."""
    doomed = folder.with_name(f"{folder.name}.{os.getpid()}.deleted.tmp")
    shutil.rmtree(doomed, ignore_errors=True)
    os.replace(folder, doomed)
    shutil.rmtree(doomed, ignore_errors=True)


def _prune(checkpoint_dir: Path, keep: int, latest: Path) -> None:
    """Keep the latest checkpoint, the keep - 1 before it and the best one. Folders newer than the
    latest were written by a run killed before they became the latest (training went on from an
    older one): they are not this model's past, so they go too. Then sweep what crashed saves left."""
    folders = _complete_folders(checkpoint_dir)
    best = best_checkpoint(checkpoint_dir)
    older = [p for p in folders if p.name < latest.name and p != best]
    newer = [p for p in folders if p.name > latest.name]
    for old in older[:max(0, len(older) - (keep - 1))] + newer:
        with contextlib.suppress(OSError):  # a folder that cannot go now goes next time
            discard_folder(old)
    for stale in [*checkpoint_dir.glob("step-*.tmp"), *checkpoint_dir.glob(".latest.json.*.tmp"),
                  *checkpoint_dir.glob(f".{BEST_FILE}.*.tmp"), *checkpoint_dir.glob("*.deleted.tmp")]:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def model_tensors(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The model's weights under the engine's names; with LoRA adapters, the frozen weights only."""
    state = base_tensors(model) if has_adapters(model) else model.state_dict()
    state = {k: v.detach().cpu().contiguous() for k, v in state.items()}
    state.pop(TIED_KEY, None)  # the same storage as the token embedding; safetensors refuses aliases
    return state


def _flatten_optimizer(state_dict: dict) -> tuple[dict[str, torch.Tensor], dict]:
    tensors, scalars = {}, {}
    for index, state in state_dict["state"].items():
        for name, value in state.items():
            if torch.is_tensor(value):
                tensors[f"state.{index}.{name}"] = value.detach().cpu().contiguous()
            else:
                scalars[f"{index}.{name}"] = value
    return tensors, {"param_groups": state_dict["param_groups"], "scalars": scalars}


def _torch_rng_tensors() -> dict[str, torch.Tensor]:
    tensors = {"rng.cpu": torch.get_rng_state()}
    if torch.cuda.is_available():
        for i, state in enumerate(torch.cuda.get_rng_state_all()):
            tensors[f"rng.cuda.{i}"] = state
    return tensors


# ---------------------------------------------------------------------------------------------------
# Loading


def load_checkpoint(folder: Path, *, model: torch.nn.Module | None, optimizer=None,
                    restore_rng: bool = False) -> dict[str, Any]:
    """Load weights (and optimizer state, RNG) from a folder into the given objects; returns meta.
    With restore_rng, meta["np_rng"] is checked to be a state numpy's default generator takes.
    model None: the weights were loaded already (load_weights)."""
    meta = read_meta(folder)
    if model is not None:
        load_weights(folder, model)
    if optimizer is None and not restore_rng:
        return meta
    tensors = _read_tensors(folder / "optimizer.safetensors")
    try:
        # A weights-only checkpoint (an imported GPT-2) has no optimizer state: training from it
        # starts with a fresh optimizer.
        if optimizer is not None and (meta.get("optimizer") or {}).get("param_groups"):
            optimizer.load_state_dict(_unflatten_optimizer(tensors, meta["optimizer"]))
        if restore_rng:
            np.random.default_rng().bit_generator.state = meta["np_rng"]  # raises if unusable
            torch.set_rng_state(tensors["rng.cpu"])
            cuda_states = [tensors[k] for k in sorted(tensors) if k.startswith("rng.cuda.")]
            if cuda_states and torch.cuda.is_available():
                torch.cuda.set_rng_state_all(cuda_states[: torch.cuda.device_count()])
    except CheckpointError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, RuntimeError) as e:
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
            "Engine", "its optimizer or random state cannot be restored ({detail})"),
            detail=str(e))) from e
    return meta


def load_weights(folder: Path, model: torch.nn.Module, weights: Path | None = None) -> None:
    """Load the folder's model.safetensors (or `weights`) into model, refusing any mismatch.

    A checkpoint trained with LoRA (engine/lora.py) has its adapter beside the weights: a model
    with adapters (training resuming) gets the frozen weights and the adapter as they are; a plain
    model (anything that reads the model) gets the adapter merged into its weights."""
    tensors = _read_tensors(weights or folder / "model.safetensors")
    adapted = has_adapters(model)
    state = base_tensors(model) if adapted else model.state_dict()
    expected = {k: v.shape for k, v in state.items() if k != TIED_KEY}
    wrong = [k for k in expected if k not in tensors or tensors[k].shape != expected[k]]
    if wrong or set(tensors) - set(expected):
        # The model is always built from this checkpoint's own settings: a mismatch is damage.
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
            "Engine", "its weights do not fit the model its settings describe (first mismatch: "
                      "{tensor})"), tensor=(wrong or sorted(set(tensors) - set(expected)))[0]))
    if adapted:
        load_base_tensors(model, tensors)
    else:
        model.load_state_dict(tensors, strict=False)
    if weights is None and (folder / ADAPTER_FILE).is_file():
        _load_adapter(folder, model, adapted)


def _load_adapter(folder: Path, model: torch.nn.Module, adapted: bool) -> None:
    from gptstudio.engine.lora import LoraSettings, load_adapter_tensors, merge_adapter

    tensors = _read_tensors(folder / ADAPTER_FILE)
    settings = LoraSettings.from_dict(read_meta(folder).get("lora"))
    if settings is None:
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
            "Engine", "its LoRA adapter has no settings")))
    wrong = (load_adapter_tensors(model, tensors) if adapted
             else merge_adapter(model, settings, tensors))
    if wrong:
        raise _damaged(folder, Message(QT_TRANSLATE_NOOP(
            "Engine", "its LoRA adapter does not fit the model (first mismatch: {tensor})"),
            tensor=wrong[0]))


def _read_tensors(path: Path) -> dict[str, torch.Tensor]:
    try:
        return load_tensors(path.read_bytes())
    except (OSError, SafetensorError, ValueError) as e:
        raise CheckpointError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The checkpoint file {folder}/{file} is damaged ({detail})."),
            folder=path.parent.name, file=path.name, detail=str(e))) from e


def _unflatten_optimizer(tensors: dict[str, torch.Tensor], opt_meta: dict) -> dict:
    state: dict[int, dict] = {}
    for key, value in tensors.items():
        if key.startswith("state."):
            _, index, name = key.split(".", 2)
            state.setdefault(int(index), {})[name] = value
    for key, value in (opt_meta.get("scalars") or {}).items():
        index, name = key.split(".", 1)
        state.setdefault(int(index), {})[name] = value
    if "param_groups" not in opt_meta:
        raise CheckpointError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The checkpoint has no optimizer settings; it cannot be resumed.")))
    return {"state": state, "param_groups": opt_meta["param_groups"]}


def require_checkpoint(checkpoint_dir: str | os.PathLike, which: str = "latest") -> Path:
    folder = model_checkpoint(checkpoint_dir, which)
    if folder is None:
        raise NoCheckpoint()
    return folder
