"""One training run, from its first step to its result: Trainer.run (engine/trainer.py) checks the
settings and the device, then builds a TrainingRun and drives it.

The run builds the model and optimizer (resumed from the checkpoint where there is one), then
loops: a step, its loss read back (every step on a CPU, every 10 on a GPU: reading a GPU's loss
waits for the GPU), and at every eval_interval an evaluation, a sample and a checkpoint. Its
state lives in one object so that the loop, the checkpointing and the ending share it plainly.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch

from gptstudio.engine import device as dev
from gptstudio.engine import distributed
from gptstudio.engine.checkpoint import (
    load_checkpoint,
    load_weights,
    model_folders,
    new_history,
    save_checkpoint,
)
from gptstudio.engine.config import ROW_MODES, TrainConfig, to_dict
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import Diverged
from gptstudio.engine.events import CheckpointEvent, StartedEvent, StepEvent, StoppedEvent
from gptstudio.engine.holdout import SPLIT_KIND
from gptstudio.engine.lora import add_adapters, lora_settings
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.model import GPT
from gptstudio.engine.optimizers import make_optimizer
from gptstudio.engine.precision import autocast
from gptstudio.engine.run_progress import RunProgress
from gptstudio.engine.schedule import learning_rate
from gptstudio.engine.threads import training_threads


@dataclass(frozen=True)
class RunResult:
    step: int
    reason: str  # "finished", "stopped" or "early_stopped"
    train_loss: float | None
    val_loss: float | None
    checkpoint: str | None
    device: str
    precision: str
    best_step: int | None = None  # the evaluation with the lowest validation loss so far
    best_val: float | None = None
    val_step: int | None = None  # the step val_loss was measured at: the run's last evaluation


class TrainingRun:
    def __init__(self, trainer, on_event, device: torch.device, folder, meta):
        """trainer: the Trainer whose settings, tokenizer and evaluation this run uses. folder and
        meta: the checkpoint to resume from (None, None: a new model)."""
        from gptstudio.engine.data import build_dataset

        self.trainer, self.on_event, self.device, self.folder = trainer, on_event, device, folder
        self.train = train = trainer.train_config
        self.ctx = trainer._dist
        self.dataset = build_dataset(trainer.corpus, trainer.tokenizer, trainer.data_config.mode,
                                     trainer.model_config.block_size, trainer.data_config.val_fraction)
        trainer._dataset = self.dataset  # a chat's held-out answers are checked at each evaluation
        torch.manual_seed(train.seed)
        self._build(meta)
        self.precision = trainer._choose_precision(device, self.model, train.batch_size)
        self.forward = self._forward_module()
        self.eval_batches = fixed_batches(self.dataset, train, device)
        self.scaler = torch.amp.GradScaler(device.type, enabled=self.precision == "fp16")
        self.pending: list[tuple[int, torch.Tensor, float, float]] = []
        self.flush_every = 10 if device.type == "cuda" else 1  # reading a GPU loss waits for the GPU
        self.checkpoint: str | None = None
        self.old_model = (model_folders(trainer.checkpoint_dir)
                          if trainer.fresh and trainer.checkpoint_dir else [])
        # A model trained from step 0 owns no snapshots yet: any there are an older model's, and
        # go with it (to set_aside_old) once this one has its first checkpoint.
        self.retire_snapshots = folder is None

    # -- set-up --------------------------------------------------------------------------------------

    def _build(self, meta) -> None:
        """The model, its threads, adapters and optimizer; resumed where there is a checkpoint."""
        trainer, train, device = self.trainer, self.train, self.device
        if device.type == "cpu":
            dev.reuse_freed_memory()
        if device.type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matmuls: ~free speed on Ampere+
            torch.backends.cudnn.allow_tf32 = True
        self.model = model = GPT(trainer.model_config).to(device)
        self.tokens_per_step = train.batch_size * trainer.model_config.block_size
        # In this thread, before the precision probe times anything. torchrun sets each process's
        # threads itself (OMP_NUM_THREADS=1): automatic leaves its choice alone.
        if device.type == "cpu" and (train.num_threads or not self.ctx.enabled):
            torch.set_num_threads(training_threads(
                train.num_threads, model.num_params(), self.tokens_per_step, trainer.window_open,
                torch.get_num_threads()))
        self.adapters = adapters = lora_settings(train)
        # The adapter saved with the checkpoint goes on learning only with the same settings; a
        # checkpoint without one, or with another, is loaded plain (any adapter merged in) first.
        same_adapters = self.folder is not None and meta.get("lora") == (
            adapters.to_dict() if adapters else None)
        if self.folder is not None and not same_adapters:
            load_weights(self.folder, model)
        if adapters is not None:
            add_adapters(model, adapters)
        self.optimizer = make_optimizer(model, train.optimizer, train.weight_decay,
                                        train.learning_rate, (train.beta1, train.beta2), device)
        self.rng = np.random.default_rng(train.seed)
        # Whether this model was only ever taught the examples that the split by content
        # (engine/holdout.py) leaves to training: so for a new model, and for one saved before
        # any step (an imported GPT-2); not for one trained before, which keeps the mark off.
        untrained = self.folder is None or meta.get("step") == 0
        self.split = SPLIT_KIND if untrained or meta.get("split") == SPLIT_KIND else None
        self.start_step, history = self._resume(meta, same_adapters)
        self.progress = RunProgress(step=self.start_step, history=history)

    def _resume(self, meta, same_adapters: bool) -> tuple[int, dict]:
        """The step and history to go on from, the weights, optimizer and random states loaded."""
        if self.folder is None:
            return 0, new_history()
        # A run switched between AdamW and Muon, or between full training and LoRA, goes on
        # from its weights with a fresh optimizer: the other's state does not fit this one.
        same_optimizer = same_adapters and (
            (meta.get("train") or {}).get("optimizer", "adamw") == self.train.optimizer)
        meta = load_checkpoint(self.folder, model=self.model if same_adapters else None,
                               optimizer=self.optimizer if same_optimizer else None,
                               restore_rng=True)
        self.rng.bit_generator.state = meta["np_rng"]
        return int(meta["step"]), {k: list(v) for k, v in meta["history"].items()}

    def _split_note(self) -> str:
        """A model trained before the examples held out were chosen by content (GPT Studio shuffled
        them with a fixed seed) was taught about nine in ten of the examples it is now checked on:
        its validation loss reads low, and early stopping and the best checkpoint follow it. The
        run goes on (its weights are the user's work), and says so."""
        if self.split == SPLIT_KIND or self.trainer.data_config.mode not in ROW_MODES:
            return ""
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "This model was trained before GPT Studio chose the examples it checks on "
                      "by what they say; most of the examples it is checked on now are ones it was "
                      "taught, so its validation loss reads lower than it should. Start a new "
                      "model for a fair check."))

    def _forward_module(self):
        """What the training step calls: the model, wrapped for a torchrun job, compiled on CUDA."""
        forward = self.model
        if self.ctx.enabled:
            from torch.nn.parallel import DistributedDataParallel

            device_ids = [self.device.index] if self.device.type == "cuda" else None
            forward = DistributedDataParallel(self.model, device_ids=device_ids)
        if self.train.compile and self.device.type == "cuda":
            forward = torch.compile(forward)
        return forward

    # -- the loop ------------------------------------------------------------------------------------

    def loop(self, control: RunControl) -> str:
        """Train until the last step, a stop or early stopping; the reason ("finished", ...)."""
        train, progress = self.train, self.progress
        self.on_event(StartedEvent(self.start_step, train.max_iters, dev.describe_device(self.device),
                                   self.precision, self.model.num_params(), self.tokens_per_step,
                                   self._split_note()))
        self.t_start = time.perf_counter()
        self.model.train()
        # Listed once: walking the modules for them at every step cost 1.5% of a small model's step.
        params = [p for p in self.model.parameters() if p.requires_grad]
        while progress.step < train.max_iters:
            control.wait_if_paused()
            if distributed.any_rank(self.ctx, control.stop_requested, self.device):
                return "stopped"
            self._step(params)
            is_eval = progress.step % train.eval_interval == 0 or progress.step == train.max_iters
            if len(self.pending) >= self.flush_every or is_eval:
                self._flush()
            if is_eval and self._evaluate_and_save():
                return "early_stopped"
        return "finished"

    def _step(self, params) -> None:
        """One optimizer step on the next batch; its loss is kept unread (pending) until _flush."""
        train, device, optimizer = self.train, self.device, self.optimizer
        t0 = time.perf_counter()
        lr = learning_rate(self.progress.step, train)
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = self.dataset.get_batch("train", train.batch_size, self.rng)
        if self.ctx.enabled:  # every rank drew the same global batch; each trains on its slice
            rows = self.ctx.batch_slice(train.batch_size)
            x, y = x[rows], y[rows]
        x = torch.from_numpy(x).to(device, non_blocking=True)
        y = torch.from_numpy(y).to(device, non_blocking=True)
        with autocast(device, self.precision):
            _, loss = self.forward(x, y)
        self.scaler.scale(loss).backward()
        if train.grad_clip > 0:
            self.scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(params, train.grad_clip)
        self.scaler.step(optimizer)
        self.scaler.update()
        optimizer.zero_grad(set_to_none=True)
        self.progress.step += 1
        logged = distributed.mean_over_ranks(self.ctx, loss.detach())  # the global batch's loss
        self.pending.append((self.progress.step, logged, lr, time.perf_counter() - t0))

    def _flush(self) -> None:
        """Read the pending losses, record them and report each step; a non-finite loss stops."""
        train, progress = self.train, self.progress
        for step, loss_t, lr, seconds in self.pending:
            loss = float(loss_t)
            if not math.isfinite(loss):
                raise Diverged(step)
            progress.record(step, loss, lr, seconds)
            self.on_event(StepEvent(step, train.max_iters, loss, lr,
                                    self.tokens_per_step / progress.step_time,
                                    time.perf_counter() - self.t_start, progress.eta(step, train)))
        self.pending.clear()

    def _evaluate_and_save(self) -> bool:
        """Evaluate, save a checkpoint; whether early stopping ends the run here."""
        progress = self.progress
        t_eval = time.perf_counter()
        self.trainer._evaluate(self.model, self.eval_batches, self.device, self.precision,
                               progress, self.on_event)
        self.checkpoint = self.save(progress.step, at_eval=True)
        progress.record_eval_time(time.perf_counter() - t_eval)
        return progress.stale_evals >= self.train.early_stop_evals > 0

    # -- saving and the end ----------------------------------------------------------------------------

    def save(self, step: int, at_eval: bool = False) -> str | None:
        trainer, progress = self.trainer, self.progress
        if trainer.checkpoint_dir is None or not self.ctx.is_main:
            return None
        best = at_eval and progress.stale_evals == 0  # this evaluation beat every one before
        saved = save_checkpoint(
            trainer.checkpoint_dir, model=self.model, optimizer=self.optimizer,
            keep=trainer.keep_checkpoints, tokenizer_dict=trainer.tokenizer.to_dict(),
            replaces=list(self.old_model), set_aside=trainer.set_aside_old,
            best_val=progress.history["eval_val"][-1] if best else None, meta=self._meta(step))
        self.old_model.clear()  # set aside by this first save
        if self.retire_snapshots:
            self.retire_snapshots = False
            trainer._retire_snapshots()
        if at_eval:  # before the event: whoever hears of the checkpoint finds its snapshot too
            trainer._snapshot(self.model, progress)
        self.on_event(CheckpointEvent(step, str(saved)))
        return str(saved)

    def _meta(self, step: int) -> dict:
        trainer = self.trainer
        return {"step": step, "model": to_dict(trainer.model_config),
                "data": to_dict(trainer.data_config), "train": to_dict(self.train),
                "np_rng": self.rng.bit_generator.state, "history": self.progress.history,
                "precision": self.precision, **({"split": self.split} if self.split else {}),
                **({"lora": self.adapters.to_dict()} if self.adapters else {})}

    def finish(self, reason: str) -> RunResult:
        """Report the last losses, save where a stop left steps unsaved, and say how it ended."""
        self._flush()
        progress = self.progress
        if reason == "stopped" and (self.checkpoint is None
                                    or not self.checkpoint.endswith(f"{progress.step:08d}")):
            # Stopped before its first step, a resumed run has nothing new: rewriting the folder it
            # resumed from would only open a moment in which a crash loses it.
            resumed_only = self.folder is not None and progress.step == self.start_step
            self.checkpoint = str(self.folder) if resumed_only else self.save(progress.step)
        self.on_event(StoppedEvent(progress.step, reason,
                                   self.trainer._stop_message(reason, progress)))
        best_step, best_val = progress.best()
        val_step = progress.history["eval_steps"][-1] if progress.last_val is not None else None
        return RunResult(progress.step, reason, progress.last_train, progress.last_val,
                         self.checkpoint, dev.describe_device(self.device), self.precision, best_step,
                         best_val, val_step)


def fixed_batches(dataset, train: TrainConfig, device) -> dict[str, list]:
    """The same eval batches every time (own seed): eval losses are comparable across steps."""
    rng = np.random.default_rng(train.seed + 1)
    batches = {}
    for split in ("train", "val"):
        batches[split] = []
        for _ in range(train.eval_iters):
            x, y = dataset.get_batch(split, train.batch_size, rng)
            batches[split].append((torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)))
    return batches
