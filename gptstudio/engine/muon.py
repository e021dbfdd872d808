"""Muon for the transformer's weight matrices, AdamW for everything else, in one optimizer.

Muon (Keller Jordan, 2024; "Muon is scalable", Moonshot AI, 2025) replaces each hidden matrix's
update by the nearest orthogonal matrix to its momentum, found with a few Newton-Schulz
iterations. Per step it learns much more than AdamW: on tiny Shakespeare the `small` preset's
model reached a validation loss of 1.57-1.59 after 1,500 steps where AdamW reached 1.76
(docs/performance.md). Embeddings, the output head tied to them, and the LayerNorm gains stay
with AdamW, as in both papers.

torch.optim.Muon does the maths one matrix at a time; the small preset's 16 matrices then cost
36-47 ms a step on this 2-core CPU, 29 ms here, where matrices of one shape are stacked and
orthogonalised together in batched matmuls: the same arithmetic (tests/engine/test_muon.py checks
it against torch.optim.Muon).

The learning rate is adjusted per matrix to match AdamW's update size (Moonshot's
"match_rms_adamw": 0.2 x sqrt(larger side)), so one learning rate and one schedule serve both
halves and the settings a user knows from AdamW keep their meaning.
"""

from __future__ import annotations

import math

import torch

NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)  # Keller Jordan's quintic: steep at zero
NS_STEPS = 5
MOMENTUM = 0.95


def orthogonalise(stack: torch.Tensor, steps: int = NS_STEPS, dtype=torch.bfloat16) -> torch.Tensor:
    """Approximately U V^T for each matrix of a (k, m, n) stack with m <= n (Newton-Schulz)."""
    a, b, c = NS_COEFFICIENTS
    x = stack.to(dtype)
    # Frobenius norm >= spectral norm: after this every singular value is at most 1.
    x = x / x.norm(dim=(1, 2), keepdim=True).clamp(min=1e-7)
    for _ in range(steps):
        gram = x @ x.mT
        poly = torch.baddbmm(gram, gram, gram, beta=b, alpha=c)
        x = torch.baddbmm(x, poly, x, beta=a)
    return x


def rms_matched_scale(shape: torch.Size) -> float:
    return 0.2 * math.sqrt(max(shape[0], shape[1]))


class MuonAdamW(torch.optim.AdamW):
    """AdamW for groups without "muon": True; Muon with Nesterov momentum for groups with it.

    One optimizer, so the trainer's learning-rate schedule, gradient clipping and checkpoints
    treat it as they treat AdamW: its state dict has both halves' state."""

    def __init__(self, params, lr: float, betas: tuple[float, float], *, fused: bool | None = None,
                 foreach: bool | None = None, ns_dtype: torch.dtype | None = None):
        super().__init__(params, lr=lr, betas=betas, fused=fused, foreach=foreach)
        self.ns_dtype = ns_dtype or muon_ns_dtype(self.param_groups[0]["params"][0].device)
        for group in self.param_groups:
            if group.get("muon") and any(p.dim() != 2 for p in group["params"]):
                raise ValueError("Muon takes 2-D weight matrices only")
        # The GradScaler (fp16) then unscales every gradient itself before step(), instead of
        # handing its scale to the fused AdamW kernel, which would not reach the Muon half.
        self._step_supports_amp_scaling = False

    def __setstate__(self, state):
        # load_state_dict comes here; Adam's version reads a "step" from every parameter's
        # state, which Muon's matrices do not have.
        groups = state["param_groups"]
        super().__setstate__({**state, "param_groups": [g for g in groups if not g.get("muon")]})
        self.param_groups = groups

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            if group.get("muon"):
                self._muon_step(group)
        everything = self.param_groups
        self.param_groups = [g for g in everything if not g.get("muon")]
        # AdamW's step without torch's hook wrapper (put on it once any AdamW exists): the hooks
        # already ran around this step, for all the groups.
        adamw_step = getattr(torch.optim.AdamW.step, "__wrapped__", torch.optim.AdamW.step)
        try:
            adamw_step(self)
        finally:
            self.param_groups = everything
        return loss

    def _muon_step(self, group: dict) -> None:
        params = [p for p in group["params"] if p.grad is not None]
        if not params:
            return
        grads = [p.grad for p in params]
        bufs = []
        for p in params:
            state = self.state[p]
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = torch.zeros_like(p, memory_format=torch.preserve_format)
            bufs.append(state["momentum_buffer"])
        torch._foreach_lerp_(bufs, grads, 1 - MOMENTUM)
        updates = torch._foreach_lerp(grads, bufs, MOMENTUM)  # Nesterov: look one step ahead
        # Stack the matrices of each shape, wide side last (Newton-Schulz works on m <= n).
        by_shape: dict[tuple[int, int], list[int]] = {}
        for i, u in enumerate(updates):
            rows, cols = u.shape
            by_shape.setdefault((min(rows, cols), max(rows, cols)), []).append(i)
        lr, decay = group["lr"], group["weight_decay"]
        if decay:
            torch._foreach_mul_(params, 1 - lr * decay)
        for indices in by_shape.values():
            stack = torch.stack([updates[i] if updates[i].shape[0] <= updates[i].shape[1]
                                 else updates[i].mT for i in indices])
            ortho = orthogonalise(stack, dtype=self.ns_dtype)
            for k, i in enumerate(indices):
                step = ortho[k] if params[i].shape[0] <= params[i].shape[1] else ortho[k].mT
                params[i].add_(step.to(params[i].dtype), alpha=-lr * rms_matched_scale(params[i].shape))


def muon_ns_dtype(device: torch.device) -> torch.dtype:
    """bf16 wherever the device runs it natively (as torch.optim.Muon always does): the
    orthogonalising needs no more precision, and in fp32 it took 3 times as long on this CPU.
    Independent of the training precision, so the precision probe's AdamW timing stays fair."""
    from gptstudio.engine.precision import bf16_supported

    return torch.bfloat16 if bf16_supported(device) else torch.float32


def optimizer_groups(model: torch.nn.Module, weight_decay: float, muon: bool) -> list[dict]:
    """AdamW's two groups (decay on matrices only); with muon, the transformer blocks' matrices
    move to a third group that Muon updates."""
    from gptstudio.engine.model import decay_groups

    groups = decay_groups(model, weight_decay)
    if not muon:
        return groups
    hidden = {id(p) for p in model.transformer.h.parameters() if p.requires_grad and p.dim() == 2}
    matrices = [p for p in groups[0]["params"] if id(p) in hidden]
    groups[0]["params"] = [p for p in groups[0]["params"] if id(p) not in hidden]
    return [g for g in groups if g["params"]] + [
        {"params": matrices, "weight_decay": weight_decay, "muon": True}]


__all__ = ["MuonAdamW", "muon_ns_dtype", "optimizer_groups", "orthogonalise"]
