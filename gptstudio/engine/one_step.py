"""One training step, slowed down: what a single update does to the model's next-token guesses.

A StepSession takes a deep copy of a trained model and, each time `step()` is called, draws one
batch from the corpus, measures the loss and one example's next-token probabilities, runs exactly
one AdamW update, and measures them again on the same batch. The user's saved model is never
touched: every step changes only the copy, and successive steps continue from it.

The optimizer is new. The real training run keeps AdamW's running averages (its "momentum") in the
checkpoint's optimizer.safetensors; they are not loaded here, so the first step of a session is
like the first step of a fine-tune: Adam's bias correction makes it move every weight by about the
learning rate, whatever the size of its gradient.

Everything returned is plain data (str, float, tuples): the Qt view draws it without torch.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch

from gptstudio.engine.data import IGNORE, build_dataset
from gptstudio.engine.model import decay_groups

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


def _pick_position(targets: np.ndarray, rng: np.random.Generator) -> int:
    """A position of row 0 whose target counts for the loss (not padding)."""
    valid = np.flatnonzero(targets != IGNORE)
    return int(rng.choice(valid)) if len(valid) else 0


class StepSession:
    """A private copy of a model and its fresh AdamW, stepped one batch at a time.

    The training run's optimizer state (AdamW's moment averages) is not loaded: the first step here
    is like the first step of a fine-tune, moving each weight by about the learning rate. Each
    call to step() continues from the copy as the previous call left it."""

    def __init__(self, generator, corpus: str, *, batch_size: int = 16, seed: int = 0,
                 weight_decay: float = 0.1, betas: tuple[float, float] = (0.9, 0.99),
                 grad_clip: float = 1.0, top: int = TOP):
        self.tokenizer = generator.tokenizer
        self.mode = generator.mode
        self.model = copy.deepcopy(generator.model).to("cpu").float()  # the saved model stays as it is
        self.model.eval()  # no dropout: before and after differ by the update alone
        self.block_size = self.model.config.block_size
        self.dataset = build_dataset(corpus, self.tokenizer, self.mode, self.block_size, 0.1)
        self.batch_size = batch_size
        self.grad_clip = grad_clip
        self.top = top
        self.rng = np.random.default_rng(seed)
        self.optimizer = torch.optim.AdamW(decay_groups(self.model, weight_decay), lr=1e-3,
                                           betas=betas)
        self.steps = 0
        self._banned = sorted({self.tokenizer.pad_id, self.tokenizer.sos_id}
                              if self.mode == "lines" else {self.tokenizer.pad_id})

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

    def step(self, learning_rate: float, batch: tuple[torch.Tensor, torch.Tensor] | None = None,
             position: int | None = None) -> StepResult:
        """One AdamW update on one batch (a new one unless `batch` is given); example row 0."""
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
        shown = [i for i in row if not (self.mode == "lines" and i in (tok.sos_id, tok.pad_id))]
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
            chances=chances, rising_share=rising,
        )

