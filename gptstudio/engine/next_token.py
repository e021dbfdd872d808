"""The next-token explorer: for a prompt, the likeliest next tokens and their probabilities, before
and after the sampling settings (temperature, top-k, top-p, min-p).

One forward pass gives the prompt's (V,) logits; they are cached, so moving a sampling knob only
re-runs the filters on that vector (microseconds for a character vocabulary), never the model. The
probabilities are exactly those generation draws from: they come from the same
`sampling.next_token_distribution`, after the same banned tokens are removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.sampling import NEG_INF, filtered_logits


@dataclass(frozen=True, slots=True)
class Choice:
    """One candidate next token."""

    token_id: int
    text: str  # how the token reads (tokenizer.token_text; "<eos>" for the end-of-example marker)
    raw_prob: float  # the model's own probability: softmax of the logits, temperature 1, nothing cut
    prob: float  # the probability generation draws from with the given settings
    excluded: bool  # the settings cut this token: generation can never pick it


# ---------------------------------------------------------------------------------------------------
# Pure functions on (V,) logits


def choices_from_logits(logits: torch.Tensor, config: SampleConfig, token_text, banned=(),
                        previous: torch.Tensor | None = None, top: int | None = 20) -> list[Choice]:
    """(V,) logits -> the `top` likeliest tokens (by the model's own probability; all when None).

    Banned tokens (padding, start marker, ...) are never generated, so they are left out; the raw
    probabilities of the remaining tokens add up to 1.
    """
    logits = logits.float().clone()
    logits[list(banned)] = NEG_INF
    raw = torch.softmax(logits, dim=-1)  # (V,)
    kept = filtered_logits(logits, config, previous)  # exactly what sampling draws from
    probs = torch.softmax(kept, dim=-1)  # (V,)
    cut = kept == NEG_INF  # (V,): a token whose probability merely rounds to 0 is not "cut"
    allowed = torch.ones_like(cut)
    allowed[list(banned)] = False
    # stable: equal probabilities keep token-id order, so the rows do not jump about
    order = torch.sort(raw, descending=True, stable=True).indices
    order = order[allowed[order]]
    if top is not None:
        order = order[:top]
    return [Choice(token_id=int(i), text=token_text(int(i)), raw_prob=float(raw[i]),
                   prob=float(probs[i]), excluded=bool(cut[i])) for i in order]


# ---------------------------------------------------------------------------------------------------
# A prompt's logits, computed once


class NextTokenExplorer:
    """Wraps a sampling.TextGenerator. `table()` runs the model only when the prompt changes."""

    def __init__(self, generator):
        self.generator = generator
        self.forward_passes = 0  # how many times the model ran (tests check the cache with it)
        self._prompt: str | None = None
        self._ids: list[int] = []
        self._logits: torch.Tensor | None = None

    def logits(self, prompt: str) -> torch.Tensor:
        """(V,) logits of the token after `prompt`. Raises UnknownCharacters (a plain sentence)
        when the prompt holds characters or words the tokenizer has never seen."""
        if prompt != self._prompt or self._logits is None:
            from gptstudio.engine.data import prompt_ids

            gen = self.generator
            ids = prompt_ids(gen.tokenizer, gen.mode, prompt)
            ids = ids[-gen.model_config.block_size:]  # the model sees at most its context
            with torch.inference_mode():
                self._logits = gen._forward([ids], None)[0]  # (V,)
            self.forward_passes += 1
            self._prompt, self._ids = prompt, ids
        return self._logits

    def table(self, prompt: str, config: SampleConfig, top: int | None = 20) -> list[Choice]:
        logits = self.logits(prompt)
        gen = self.generator
        previous = torch.tensor(self._ids) if config.repetition_penalty != 1.0 else None
        return choices_from_logits(logits, config, gen.tokenizer.token_text, gen._banned,
                                   previous, top)


def next_token_table(generator, prompt: str, config: SampleConfig,
                     top: int | None = 20) -> list[Choice]:
    """One-off: the likeliest next tokens after `prompt` with these settings (one forward pass)."""
    return NextTokenExplorer(generator).table(prompt, config, top)
