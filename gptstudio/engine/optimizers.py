"""The optimizer a training run, the step-time probe and fine-tuning build: one factory."""

from __future__ import annotations

import torch


def make_optimizer(model, kind: str, weight_decay: float, lr: float, betas: tuple[float, float],
                   device: torch.device):
    """The optimizer `kind` ("adamw", or "muon": Muon for the blocks' matrices with AdamW for the
    rest, engine/muon.py) for the model's parameters, weight decay on matrices only; fused into
    one kernel where the device supports it, else the multi-tensor version."""
    from gptstudio.engine.muon import MuonAdamW, optimizer_groups

    groups = optimizer_groups(model, weight_decay, muon=kind == "muon")
    cls = MuonAdamW if kind == "muon" else torch.optim.AdamW
    if device.type in ("cuda", "cpu", "mps"):
        try:
            return cls(groups, lr=lr, betas=betas, fused=True)
        except (RuntimeError, TypeError, ValueError):
            pass
    return cls(groups, lr=lr, betas=betas, foreach=True)
