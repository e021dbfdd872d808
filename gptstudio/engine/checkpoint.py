"""Checkpoints: a self-contained folder per saved step, written so that a crash never loses one.

    checkpoints/
      latest.json             {"folder": "step-00000500", "step": 500}, replaced atomically last
      step-00000500/
        model.safetensors     weights (the tied LM head is stored once, as the token embedding)
        optimizer.safetensors AdamW moments + torch RNG states (tensors only: nothing to unpickle)
        meta.json             configs, step, numpy RNG state, loss history
        tokenizer.json

A folder is written under a temporary name and renamed when complete; latest.json moves to it only
after that. Loading never unpickles: safetensors and JSON only, so a crafted file cannot run code.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors

from gptstudio.engine.errors import CheckpointError, NoCheckpoint
from gptstudio.fsio import atomic_write_bytes, atomic_write_json

FORMAT_VERSION = 1
TIED_KEY = "lm_head.weight"

EMPTY_HISTORY: dict[str, list] = {
    "steps": [], "train_loss": [], "lr": [],
    "eval_steps": [], "eval_train": [], "eval_val": [], "samples": [],
}


def new_history() -> dict[str, list]:
    return {k: [] for k in EMPTY_HISTORY}


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
        pointer = json.loads((checkpoint_dir / "latest.json").read_text(encoding="utf-8"))
        folder = checkpoint_dir / Path(str(pointer["folder"])).name  # never a path outside
        if (folder / "meta.json").is_file():
            return folder
    except (OSError, ValueError, KeyError, TypeError):
        pass
    # No or damaged pointer (a crash between rename and pointer update): trust the folders.
    folders = _complete_folders(checkpoint_dir)
    return folders[-1] if folders else None


def read_meta(folder: Path) -> dict[str, Any]:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CheckpointError(f"The checkpoint {folder.name} is damaged ({e}).") from e
    if not isinstance(meta, dict) or "step" not in meta:
        raise CheckpointError(f"The checkpoint {folder.name} is damaged (no step recorded).")
    if int(meta.get("format_version", 0)) > FORMAT_VERSION:
        raise CheckpointError(
            f"The checkpoint {folder.name} was written by a newer GPT Studio; update the app to open it."
        )
    return meta


def load_history(checkpoint_dir: str | os.PathLike) -> dict[str, list]:
    """The loss history that belongs to the latest checkpoint (empty if there is none)."""
    folder = latest_checkpoint(checkpoint_dir)
    if folder is None:
        return new_history()
    history = read_meta(folder).get("history") or {}
    return {k: list(history.get(k, [])) for k in EMPTY_HISTORY}


# ---------------------------------------------------------------------------------------------------
# Saving


def save_checkpoint(checkpoint_dir: str | os.PathLike, *, model: torch.nn.Module, optimizer,
                    meta: dict[str, Any], tokenizer_dict: dict, keep: int = 2,
                    replaces: list[Path] | None = None, set_aside: Path | None = None) -> Path:
    """Write a complete checkpoint for meta["step"], then point latest.json at it.

    `replaces`: the folders of an older model this first checkpoint of a new one takes over from.
    They stay the project's model until the new checkpoint is complete, then move into `set_aside`
    (the trash) or, without it, are deleted.
    """
    checkpoint_dir = Path(checkpoint_dir)
    checkpoint_dir.mkdir(parents=True, exist_ok=True)
    final = checkpoint_dir / _folder_name(int(meta["step"]))
    tmp = checkpoint_dir / (final.name + f".{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        atomic_write_bytes(tmp / "model.safetensors", save_tensors(model_tensors(model)))
        opt_tensors, opt_meta = _flatten_optimizer(optimizer.state_dict()) if optimizer else ({}, {})
        opt_tensors.update(_torch_rng_tensors())
        atomic_write_bytes(tmp / "optimizer.safetensors", save_tensors(opt_tensors))
        atomic_write_json(tmp / "tokenizer.json", tokenizer_dict)
        atomic_write_json(tmp / "meta.json",
                          {**meta, "format_version": FORMAT_VERSION, "optimizer": opt_meta})
        if final.exists():  # re-saving the same step (stop right after an eval)
            if replaces and final in replaces:
                _set_aside([final], set_aside)
            else:
                shutil.rmtree(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    atomic_write_json(checkpoint_dir / "latest.json", {"folder": final.name, "step": int(meta["step"])})
    if replaces:
        _set_aside([p for p in replaces if p != final and p.exists()], set_aside)
    _prune(checkpoint_dir, keep)
    return final


def model_folders(checkpoint_dir: str | os.PathLike) -> list[Path]:
    """The complete checkpoint folders in checkpoint_dir, oldest first."""
    checkpoint_dir = Path(checkpoint_dir)
    return _complete_folders(checkpoint_dir) if checkpoint_dir.is_dir() else []


def _set_aside(folders: list[Path], target: Path | None) -> None:
    if target is None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        return
    target.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        shutil.move(str(folder), str(target / folder.name))


def _prune(checkpoint_dir: Path, keep: int) -> None:
    for old in _complete_folders(checkpoint_dir)[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in checkpoint_dir.glob("step-*.tmp"):  # left by a crashed save
        shutil.rmtree(stale, ignore_errors=True)


def model_tensors(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
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


def load_checkpoint(folder: Path, *, model: torch.nn.Module, optimizer=None,
                    restore_rng: bool = False) -> dict[str, Any]:
    """Load weights (and optimizer state, RNG) from a folder into the given objects; returns meta."""
    meta = read_meta(folder)
    load_weights(folder, model)
    if optimizer is not None or restore_rng:
        tensors = _read_tensors(folder / "optimizer.safetensors")
        # A weights-only checkpoint (an imported GPT-2) has no optimizer state: training from it
        # starts with a fresh optimizer.
        if optimizer is not None and (meta.get("optimizer") or {}).get("param_groups"):
            optimizer.load_state_dict(_unflatten_optimizer(tensors, meta["optimizer"]))
        if restore_rng:
            torch.set_rng_state(tensors["rng.cpu"])
            cuda_states = [tensors[k] for k in sorted(tensors) if k.startswith("rng.cuda.")]
            if cuda_states and torch.cuda.is_available():
                torch.cuda.set_rng_state_all(cuda_states[: torch.cuda.device_count()])
    return meta


def load_weights(folder: Path, model: torch.nn.Module) -> None:
    tensors = _read_tensors(folder / "model.safetensors")
    expected = {k: v.shape for k, v in model.state_dict().items() if k != TIED_KEY}
    wrong = [k for k in expected if k not in tensors or tensors[k].shape != expected[k]]
    if wrong or set(tensors) - set(expected):
        raise CheckpointError(
            f"The checkpoint {folder.name} does not fit this model's shape "
            f"(first mismatch: {(wrong or sorted(set(tensors) - set(expected)))[0]})."
        )
    model.load_state_dict(tensors, strict=False)


def _read_tensors(path: Path) -> dict[str, torch.Tensor]:
    try:
        return load_tensors(path.read_bytes())
    except (OSError, SafetensorError, ValueError) as e:
        raise CheckpointError(f"The checkpoint file {path.parent.name}/{path.name} is damaged ({e}).") from e


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
        raise CheckpointError("The checkpoint has no optimizer settings; it cannot be resumed.")
    return {"state": state, "param_groups": opt_meta["param_groups"]}


def require_latest(checkpoint_dir: str | os.PathLike) -> Path:
    folder = latest_checkpoint(checkpoint_dir)
    if folder is None:
        raise NoCheckpoint()
    return folder
