"""One training step, slowed down: what a single update does to the model's next-token guesses.

A StepSession takes a deep copy of a trained model and, each time `step()` is called, draws one
batch from the corpus, measures the loss and one example's next-token probabilities, runs exactly
one update, and measures them again on the same batch. The user's saved model is never touched:
every step changes only the copy, and successive steps continue from it.

The update is training's own: the project's optimizer (AdamW, or Muon with AdamW) with the state
its run saved in the checkpoint (the running averages of past gradients: its momentum), its
weight decay and gradient clipping, and by default the learning rate of training's next step. So
a step here is the next step training would take on this batch. A model without saved
optimizer state (an imported GPT-2) gets a fresh AdamW, and the result says so.

One step serves the whole batch, and carries the momentum of earlier steps: the right token of the
one example the chart follows can become less likely while the batch's loss falls. The result
reports it (target_fell) rather than hide it.

Everything returned is plain data (str, float, tuples): the Qt view draws it without torch.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from gptstudio.engine.checkpoint import load_checkpoint, read_meta
from gptstudio.engine.config import ROW_MODES, TrainConfig, from_dict
from gptstudio.engine.data import IGNORE, build_dataset
from gptstudio.engine.optimizers import make_optimizer
from gptstudio.engine.schedule import learning_rate

TOP = 10  # tokens shown before / after: the likeliest of either, plus the right one


@dataclass(frozen=True, slots=True)
class TokenChance:
    """One candidate next token and its probability before and after the step."""

    token_id: int
    text: str  # tokenizer.token_text (specials as "<eos>")
    before: float
    after: float
    correct: bool  # the token that really comes next in the example


@dataclass(frozen=True, slots=True)
class StepResult:
    step: int  # 1 for the first step of the session, 2 for the next, ...
    learning_rate: float
    batch_size: int
    loss_before: float  # mean loss over the whole batch, before the update
    loss_after: float  # the same batch, after it
    context: str  # the example's text up to (and including) the chosen position
    context_tokens: tuple[str, ...]  # the same, one token_text per token
    position: int  # index in the example of the token whose next token is predicted
    target_id: int
    target_text: str  # the true next token
    target_before: float  # its probability before / after
    target_after: float
    chances: tuple[TokenChance, ...]  # the likeliest tokens, by the larger of before / after
    rising_share: float  # of all the batch's predicted positions, the share whose right token rose
    optimizer: str  # "adamw" or "muon" (Muon for the blocks' matrices, AdamW for the rest)
    state_loaded: bool  # the optimizer went on from the training run's saved state

    @property
    def target_fell(self) -> bool:
        return self.target_after < self.target_before


def _pick_position(targets: np.ndarray, rng: np.random.Generator) -> int:
    """A position of row 0 whose target counts for the loss (not padding)."""
    valid = np.flatnonzero(targets != IGNORE)
    return int(rng.choice(valid)) if len(valid) else 0


class StepSession:
    """A private copy of a model and its optimizer, stepped one batch at a time. Each call to
    step() continues from the copy as the previous call left it."""

    def __init__(self, generator, corpus: str, *, checkpoint: Path | None = None,
                 batch_size: int | None = None, seed: int = 0, top: int = TOP):
        """checkpoint: the folder the generator's model was loaded from, whose training settings
        and optimizer state the steps continue (None: a fresh AdamW with the usual settings)."""
        self.tokenizer = generator.tokenizer
        self.mode = generator.mode
        self.model = copy.deepcopy(generator.model).to("cpu").float()  # the saved model stays as it is
        self.model.eval()  # no dropout: before and after differ by the update alone
        self.block_size = self.model.config.block_size
        self.dataset = build_dataset(corpus, self.tokenizer, self.mode, self.block_size, 0.1)
        train, step = TrainConfig(optimizer="adamw"), 0
        if checkpoint is not None:
            meta = read_meta(checkpoint)
            train, step = from_dict(TrainConfig, meta.get("train")), int(meta["step"])
        self.optimizer_kind = train.optimizer
        self.grad_clip = train.grad_clip
        self.batch_size = batch_size or min(train.batch_size, 64)
        # The rate training's next step would take: past a schedule that decayed to zero, the
        # small constant rate "Train more" uses (engine/schedule.py), not a rate of nothing.
        self.trained_learning_rate = learning_rate(step, train)
        self.top = top
        self.rng = np.random.default_rng(seed)
        self.optimizer = make_optimizer(self.model, train.optimizer, train.weight_decay,
                                        self.trained_learning_rate, (train.beta1, train.beta2),
                                        torch.device("cpu"))
        self.state_loaded = checkpoint is not None and _load_optimizer_state(checkpoint, self.model,
                                                                            self.optimizer)
        self.steps = 0
        self._banned = sorted({self.tokenizer.pad_id, self.tokenizer.sos_id}
                              if self.mode in ROW_MODES else {self.tokenizer.pad_id})

    def next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        x, y = self.dataset.get_batch("train", self.batch_size, self.rng)
        return torch.from_numpy(x), torch.from_numpy(y)

    @torch.no_grad()
    def _measure(self, x: torch.Tensor, y: torch.Tensor) -> tuple[float, torch.Tensor, torch.Tensor]:
        """-> (batch loss, row 0's (T, V) probabilities, (B, T) probability of each right token)."""
        logits, loss = self.model(x, y)
        probs = torch.softmax(logits.float(), dim=-1)  # (B, T, V)
        right = probs.gather(-1, y.clamp(min=0).unsqueeze(-1)).squeeze(-1)  # (B, T)
        return float(loss), probs[0], right

    def step(self, learning_rate: float | None = None,
             batch: tuple[torch.Tensor, torch.Tensor] | None = None,
             position: int | None = None) -> StepResult:
        """One update on one batch (a new one unless `batch` is given); example row 0. Without a
        learning rate, the one training had reached."""
        learning_rate = self.trained_learning_rate if learning_rate is None else learning_rate
        x, y = batch if batch is not None else self.next_batch()
        if position is None:
            position = _pick_position(y[0].numpy(), self.rng)
        loss_before, probs_before, right_before = self._measure(x, y)

        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate
        self.model.zero_grad(set_to_none=True)
        _, loss = self.model(x, y)
        loss.backward()
        if self.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.grad_clip)
        self.optimizer.step()
        self.model.zero_grad(set_to_none=True)
        self.steps += 1

        loss_after, probs_after, right_after = self._measure(x, y)
        counted = y != IGNORE
        rising = ((right_after > right_before) & counted).sum() / counted.sum().clamp(min=1)
        return self._result(learning_rate, x, y, position, loss_before, loss_after,
                            probs_before[position], probs_after[position], float(rising))

    def _result(self, lr, x, y, position, loss_before, loss_after, before, after, rising):
        tok = self.tokenizer
        row = [int(i) for i in x[0, : position + 1]]
        shown = [i for i in row if not (self.mode in ROW_MODES and i in (tok.sos_id, tok.pad_id))]
        target = int(y[0, position])
        # the likeliest tokens, by the larger of their chances before and after
        score = torch.maximum(before, after)
        score[[i for i in self._banned if i != target]] = -1.0
        top = min(self.top, before.numel() - len(self._banned))
        order = sorted(torch.topk(score, top).indices.tolist(), key=lambda i: (-float(score[i]), i))
        if target >= 0 and target not in order:
            order[-1] = target  # the right answer is always on the chart
        chances = tuple(TokenChance(i, tok.token_text(i), float(before[i]), float(after[i]),
                                    i == target) for i in order)
        return StepResult(
            step=self.steps, learning_rate=lr, batch_size=int(x.shape[0]),
            loss_before=loss_before, loss_after=loss_after,
            context=tok.decode(shown), context_tokens=tuple(tok.token_text(i) for i in shown),
            position=position, target_id=target,
            target_text=tok.token_text(target) if target >= 0 else "",
            target_before=float(before[target]) if target >= 0 else 0.0,
            target_after=float(after[target]) if target >= 0 else 0.0,
            chances=chances, rising_share=rising, optimizer=self.optimizer_kind,
            state_loaded=self.state_loaded,
        )


def _load_optimizer_state(folder: Path, model, optimizer) -> bool:
    """The run's optimizer state, where the checkpoint has one for this optimizer (an imported
    GPT-2 has none; a damaged one is no reason to refuse a step). Loads the folder's weights too:
    the same as the generator's, which was loaded from it."""
    from gptstudio.engine.errors import EngineError

    try:
        meta = load_checkpoint(folder, model=model, optimizer=optimizer)
    except (EngineError, ValueError, KeyError, RuntimeError):
        return False
    return bool((meta.get("optimizer") or {}).get("param_groups"))

