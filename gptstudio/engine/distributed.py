"""Data-parallel training under `torchrun`: one process per device, PyTorch's own DDP.

    torchrun --nproc_per_node=2 -m gptstudio train NAME

torchrun sets RANK / WORLD_SIZE / LOCAL_RANK; without them (a normal run, the app) nothing here is
active and training is the single-process code path. The design keeps a distributed run equal to a
single-process run with the same global batch: every rank draws the same global batch from the same
seeded generator and trains on its own slice, and DDP averages the gradients.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist

from gptstudio.engine.errors import InvalidConfig
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message


@dataclass(frozen=True)
class DistContext:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    enabled: bool = False  # launched by torchrun (even with one process: the same code path)

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def batch_slice(self, batch_size: int) -> slice:
        """This rank's rows of the global batch."""
        if batch_size % self.world_size:
            raise InvalidConfig([Message(QT_TRANSLATE_NOOP(
                "Engine", "The batch size ({batch_size}) must be a multiple of the number of "
                          "processes ({processes}) to train on several devices."),
                batch_size=batch_size, processes=self.world_size)])
        per_rank = batch_size // self.world_size
        return slice(self.rank * per_rank, (self.rank + 1) * per_rank)


SINGLE = DistContext()


def context_from_env() -> DistContext:
    """The process's place in a torchrun job, or SINGLE when not launched by torchrun."""
    if "RANK" not in os.environ or "WORLD_SIZE" not in os.environ:
        return SINGLE
    return DistContext(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]),
                       int(os.environ.get("LOCAL_RANK", "0")), enabled=True)


def start(ctx: DistContext, device: torch.device) -> torch.device:
    """Join the process group (gloo on CPU, nccl on CUDA); returns this rank's device."""
    if not ctx.enabled:
        return device
    if device.type == "cuda":
        device = torch.device("cuda", ctx.local_rank)
        torch.cuda.set_device(device)
    if not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return device


def stop(ctx: DistContext) -> None:
    if ctx.enabled and dist.is_initialized():
        dist.destroy_process_group()


def mean_over_ranks(ctx: DistContext, value: torch.Tensor) -> torch.Tensor:
    """The average of a scalar tensor over all ranks (gloo has no AVG: sum, then divide)."""
    if not ctx.enabled:
        return value
    total = value.detach().clone().float()
    dist.all_reduce(total, op=dist.ReduceOp.SUM)
    return total / ctx.world_size


def any_rank(ctx: DistContext, flag: bool, device: torch.device) -> bool:
    """True if any rank says so: a stop seen by one process must stop all of them at the same step,
    or the others would wait for it forever in the next gradient exchange."""
    if not ctx.enabled:
        return flag
    t = torch.tensor([1.0 if flag else 0.0], device=device)
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())
