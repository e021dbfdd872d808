"""Generating text: logit filters, and a streaming generator that yields one token at a time.

The filters are pure functions on a (V,) logits vector so each is tested on its own. `stream()`
yields a TokenEvent per new token, with its probability and the likeliest alternatives, so the UI can
colour tokens by confidence and show what else the model considered.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import torch
from torch.nn import functional as F

from gptstudio.engine.config import ModelConfig, SampleConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import EngineError, InvalidConfig
from gptstudio.engine.events import TokenEvent
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

NEG_INF = float("-inf")
MAX_ROWS = 8  # samples written side by side (beyond about 8 a CPU's step time grows with them)
KV_CACHE_BUDGET = 512 * 2**20  # bytes the side-by-side samples' KV caches may take

# ---------------------------------------------------------------------------------------------------
# Filters on (V,) logits


def apply_repetition_penalty(logits: torch.Tensor, previous: torch.Tensor, penalty: float):
    """CTRL's penalty (Keskar et al. 2019): tokens already in the text become less likely. Dividing a
    positive logit and multiplying a negative one both lower it."""
    if penalty == 1.0 or previous.numel() == 0:
        return logits
    logits = logits.clone()
    seen = torch.unique(previous)
    values = logits[seen]
    logits[seen] = torch.where(values > 0, values / penalty, values * penalty)
    return logits


def top_k_filter(logits: torch.Tensor, k: int) -> torch.Tensor:
    if k <= 0 or k >= logits.shape[-1]:
        return logits
    kth = torch.topk(logits, k).values[..., -1:]
    return logits.masked_fill(logits < kth, NEG_INF)


def top_p_filter(logits: torch.Tensor, p: float) -> torch.Tensor:
    """Nucleus sampling (Holtzman et al. 2019): keep the smallest set of likeliest tokens whose
    probabilities add up to at least p."""
    if p >= 1.0:
        return logits
    sorted_logits, order = torch.sort(logits, descending=True)
    cumulative = torch.cumsum(F.softmax(sorted_logits, dim=-1), dim=-1)
    # Drop a token when the tokens before it already reach p; the best token always stays.
    drop_sorted = (cumulative - F.softmax(sorted_logits, dim=-1)) >= p
    drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)
    return logits.masked_fill(drop, NEG_INF)


def min_p_filter(logits: torch.Tensor, min_p: float) -> torch.Tensor:
    """Keep tokens at least min_p times as likely as the likeliest one (Nguyen et al. 2024)."""
    if min_p <= 0.0:
        return logits
    probs = F.softmax(logits, dim=-1)
    return logits.masked_fill(probs < min_p * probs.amax(dim=-1, keepdim=True), NEG_INF)


def filtered_logits(logits: torch.Tensor, config: SampleConfig,
                    previous: torch.Tensor | None = None) -> torch.Tensor:
    """(V,) raw logits -> (V,) logits after every setting; the tokens the settings cut are -inf.
    (B, V) logits, several samples' at once, are filtered row by row (without previous).

    Repetition penalty, then temperature 0 (greedy: only the likeliest token is left) or
    temperature, top-k, top-p and min-p, in that order.
    """
    logits = logits.float()
    if previous is not None:
        logits = apply_repetition_penalty(logits, previous, config.repetition_penalty)
    scaled = logits / config.temperature if config.temperature > 0 else None
    # Temperature 0, or one so close to 0 that the scaled logits overflow (1e-300 from the command
    # line): greedy, which is what such a temperature means, instead of a softmax of infinities.
    if scaled is None or torch.isposinf(scaled).any():
        best = torch.argmax(logits, dim=-1, keepdim=True)
        return torch.full_like(logits, NEG_INF).scatter(-1, best, logits.gather(-1, best))
    logits = top_k_filter(scaled, config.top_k)
    logits = top_p_filter(logits, config.top_p)
    return min_p_filter(logits, config.min_p)


def next_token_distribution(logits: torch.Tensor, config: SampleConfig,
                            previous: torch.Tensor | None = None) -> torch.Tensor:
    """(V,) raw logits -> (V,) probabilities the next token is drawn from, after every setting
    (or (B, V) -> (B, V), as filtered_logits).

    Temperature 0 means greedy: all probability on the likeliest token.
    """
    return F.softmax(filtered_logits(logits, config, previous), dim=-1)


def draw(probs: torch.Tensor, generator: torch.Generator | None = None) -> int:
    """One token drawn from (V,) probabilities: where a uniform random number falls in their
    running sum. torch.multinomial draws from the same distribution, but it spends a random
    number on every token of the vocabulary: at GPT-2's 50,257 tokens a draw took it 1.2-1.7 ms
    on one CPU core, about a tenth of it here (bench/draw.py), and 8% of a 124M model's step when
    8 samples are written side by side. The sum is in float64, so that no rounding over 50,000
    additions shifts the odds; tokens with no probability (filtered out) are never drawn."""
    running = probs.double().cumsum(0)
    total = running[-1].item()  # as Python numbers from here: each tensor operation costs ~10 us
    if not (math.isfinite(total) and total > 0):  # a model whose weights broke
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model gave no usable probabilities for the next token (they are not "
                      "numbers): its weights are broken. Train it again, or use an earlier "
                      "saved model.")))
    point = torch.rand((), generator=generator, dtype=torch.float64).item() * total
    token = int(torch.searchsorted(running, point, right=True))
    if token >= len(probs):  # point rounded up to the whole sum: the last token that can be drawn
        token = int(probs.nonzero().max())
    return token


# ---------------------------------------------------------------------------------------------------
# Generation


class TextGenerator:
    """A model, its tokenizer and data mode, ready to write."""

    def __init__(self, model, tokenizer, mode: str = "continuous", device: torch.device | None = None):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.mode = mode
        self.device = device or next(model.parameters()).device
        self.model_config: ModelConfig = model.config
        self._banned = never_sampled(tokenizer, mode)
        self._ends = end_ids(tokenizer, mode)
        self._banned_index = torch.tensor(self._banned, dtype=torch.long)  # a list costs 10 us a token
        self.checkpoint: Path | None = None  # the folder it was loaded from (model_service)
        self.step: int | None = None

    # -- the token loop ------------------------------------------------------------------------------

    def stream(self, prompt: str, config: SampleConfig, control: RunControl | None = None,
               use_cache: bool = True) -> Iterator[TokenEvent]:
        """Yield each new token of each sample as it is generated. use_cache=False re-reads the
        whole context for every token (the slow reference the KV cache is tested against)."""
        from gptstudio.engine.data import prompt_ids

        problems = config.validate()
        if problems:
            raise InvalidConfig(problems)
        start = prompt_ids(self.tokenizer, self.mode, prompt)  # raises UnknownCharacters
        yield from self.stream_ids(start, config, control, use_cache)

    def stream_ids(self, start: list[int], config: SampleConfig, control: RunControl | None = None,
                   use_cache: bool = True) -> Iterator[TokenEvent]:
        """stream() from token ids (a chat reply's prompt: engine/chat.py).

        Several samples are written side by side, up to batch_rows() at a time: one forward pass
        per token for all of them, which on a CPU costs little more than for one (reading the
        weights is most of a token's time). Events still come one sample after another, sample 0
        as it is written; the others wait in order and follow at once when their turn comes. A
        stop ends every sample being written at its next token; each keeps what it wrote."""
        problems = config.validate()
        if problems:
            raise InvalidConfig(problems)
        # A sample's cache holds what it will see: the prompt (up to the context) and what it
        # writes; a longer text slides through a cache of the whole context.
        block = self.model_config.block_size
        length = min(block, min(len(start), block) + config.max_new_tokens)
        first = 0
        while first < config.num_samples:
            rows = [_Sample(index, list(start), config.seed) for index in
                    range(first, min(config.num_samples, first + self.batch_rows(length)))]
            yield from self._samples(rows, config, control, use_cache, length)
            if control is not None and control.stop_requested:
                return
            first += len(rows)

    def batch_rows(self, length: int | None = None) -> int:
        """How many samples are written side by side: up to MAX_ROWS, fewer where their KV caches
        of length tokens (default: the context) would take more than KV_CACHE_BUDGET bytes (a
        large model writing a long text)."""
        c = self.model_config
        element = next(self.model.parameters()).element_size()
        row_bytes = 2 * c.n_layer * (length or c.block_size) * c.n_embd * element
        return max(1, min(MAX_ROWS, KV_CACHE_BUDGET // row_bytes))

    def generate(self, prompt: str, config: SampleConfig, use_cache: bool = True) -> list[str]:
        texts = [""] * config.num_samples
        for event in self._events(prompt, config, use_cache):
            texts[event.sample_index] += event.text
        return texts

    def generate_ids(self, prompt: str, config: SampleConfig, use_cache: bool = True) -> list[list[int]]:
        ids: list[list[int]] = [[] for _ in range(config.num_samples)]
        for event in self._events(prompt, config, use_cache):
            ids[event.sample_index].append(event.token_id)
        return ids

    def _events(self, prompt, config, use_cache):
        return self.stream(prompt, config, use_cache=use_cache)

    @torch.inference_mode()
    def _samples(self, rows: list[_Sample], config: SampleConfig, control, use_cache, length: int):
        """Write these samples (all from the same prompt) side by side, in KV caches of length
        tokens; yield their events in sample order."""
        block = self.model_config.block_size
        # Beyond the context, the cache slides: it restarts from the last 3/4 of the context, so a
        # refill (one batched forward pass) happens once every block/4 tokens instead of every token.
        keep = max(1, block * 3 // 4)
        cache = self.model.new_cache(1, length) if use_cache else None
        logits = self._forward([rows[0].ids[-block:]], cache).expand(len(rows), -1)  # the prompt, read once
        if cache is not None:
            cache.repeat_rows(len(rows))
        writing = list(rows)  # the samples still being written: the batch's rows, in order
        shown = 0  # rows[shown] is the sample whose events are yielded as they come
        for index in range(config.max_new_tokens):
            tokens, probs = self._draw(logits, writing, config)
            alternatives = self._alternatives(probs, config.top_alternatives)
            chosen = probs.gather(-1, torch.tensor(tokens).view(-1, 1)).view(-1).tolist()
            stopped = control is not None and control.stop_requested
            for sample, token, prob, others in zip(writing, tokens, chosen, alternatives, strict=True):
                self._take(sample, index, token, prob, others, config, stopped)
            if stopped:  # every sample ends here, and what each has written is kept, in order
                for sample in rows[shown:]:
                    yield from sample.flush()
                return
            while shown < len(rows):  # what can be shown, in order
                yield from rows[shown].flush()
                if not rows[shown].done:
                    break
                shown += 1
                if control is not None and control.stop_requested:
                    break  # the next token ends every sample still being written (above)
            if all(sample.done for sample in rows):
                for sample in rows[shown:]:
                    yield from sample.flush()
                return
            still = [row for row, sample in enumerate(writing) if not sample.done]
            if len(still) < len(writing):
                writing = [writing[row] for row in still]
                if cache is not None:
                    cache.keep_rows(still)
            if cache is None:
                logits = self._forward([sample.ids[-block:] for sample in writing], None)
            elif cache.pos >= block:
                cache.reset()
                logits = self._forward([sample.ids[-keep:] for sample in writing], cache)
            else:
                logits = self._forward([sample.ids[-1:] for sample in writing], cache)

    def _draw(self, logits: torch.Tensor, writing: list[_Sample], config: SampleConfig):
        """(B, V) logits -> each sample's next token, and the (B, V) probabilities it was drawn from.
        Each sample draws from its own random generator, so that a sample's text does not depend
        on the others (how many there are, when they end)."""
        logits = logits.clone()
        logits[:, self._banned_index] = NEG_INF
        if config.repetition_penalty != 1.0:
            logits = torch.stack([apply_repetition_penalty(row, torch.tensor(sample.ids),
                                                           config.repetition_penalty)
                                  for row, sample in zip(logits, writing, strict=True)])
        probs = next_token_distribution(logits, config)
        if config.temperature > 0:
            tokens = [draw(row, sample.random) for row, sample in zip(probs, writing, strict=True)]
        else:
            tokens = torch.argmax(probs, dim=-1).tolist()
        return tokens, probs

    def _take(self, sample: _Sample, index: int, token: int, prob: float, alternatives,
              config: SampleConfig, stopped: bool) -> None:
        """Add a drawn token to its sample: the text it shows (a character split over BPE tokens
        waits for its rest), whether the sample ends there, and its event."""
        sample.ids.append(token)
        is_eos = token in self._ends
        last = is_eos or stopped or index == config.max_new_tokens - 1
        if not is_eos:
            sample.pending.append(token)
        piece = self.tokenizer.decode(sample.pending)
        if piece.endswith("\ufffd") and not last:
            piece = ""  # wait for the rest of the character
        else:
            sample.pending = []
        text = sample.text
        stop_at = _find_stop(text + piece, config.stop, len(text))
        if stop_at is not None:
            piece, last = (text + piece)[len(text):stop_at], True
        sample.text = text + piece
        sample.done = last
        sample.events.append(TokenEvent(
            sample_index=sample.index, index=index, token_id=token, text=piece, prob=prob,
            alternatives=alternatives, finished=last))

    def _forward(self, rows: list[list[int]], cache) -> torch.Tensor:
        """The logits, (B, V), after each row of ids (rows of one length)."""
        idx = torch.tensor(rows, dtype=torch.long, device=self.device)
        logits, _ = self.model(idx, kv_cache=cache, last_only=True)
        return logits[:, -1].float().cpu()

    def _alternatives(self, probs: torch.Tensor, n: int) -> list[tuple[tuple[str, float], ...]]:
        """Each row's n likeliest tokens with their probabilities."""
        if n <= 0:
            return [()] * probs.shape[0]
        values, indices = torch.topk(probs, min(n, probs.shape[-1]))
        # As Python numbers at once: iterating the tensors cost a fifth of a cached token's time.
        return [tuple((self.tokenizer.token_text(i), v) for v, i in zip(row_values, row_indices, strict=True)
                      if v > 0)
                for row_values, row_indices in zip(values.tolist(), indices.tolist(), strict=True)]


class _Sample:
    """One sample while it is written: its ids (prompt included), the text shown so far, ids
    not yet shown (a character split over BPE tokens), the events not yet yielded, and its own
    random generator: seeded seed + index, so the same seed writes the same first sample whether
    one or several are asked for; without a seed, a fresh random one."""

    def __init__(self, index: int, ids: list[int], seed: int | None):
        self.index = index
        self.ids = ids
        self.random = torch.Generator(device="cpu")
        if seed is None:
            self.random.seed()
        else:
            self.random.manual_seed(seed + index)
        self.text = ""
        self.pending: list[int] = []
        self.events: list[TokenEvent] = []
        self.done = False

    def flush(self) -> list[TokenEvent]:
        events, self.events = self.events, []
        return events


def never_sampled(tokenizer, mode: str) -> list[int]:
    """The token ids generation never picks (an exported model suppresses the same ones).

    Padding and start markers are inputs only. <eos> ends an example (a line or a block); a
    newline never occurs inside a line; in continuous text <eos> never occurs. A chat reply ends at
    the end of its turn: it never writes a turn marker (nor <eos>, which its template does not
    use). A tokenizer's own never_written ones (WordPiece's [UNK] and [MASK]) stand for no text."""
    banned = [tokenizer.pad_id, tokenizer.sos_id, *tokenizer.never_written()]
    if mode == "lines":
        banned += [i for i in range(tokenizer.vocab_size) if "\n" in tokenizer.token_text(i)]
    elif mode == "chat" and tokenizer.chat is not None:
        from gptstudio.engine.chat_template import turn_ids

        banned += [tokenizer.eos_id, *turn_ids(tokenizer).markers()]
    elif mode != "blocks":
        banned.append(tokenizer.eos_id)
    return banned


def end_ids(tok, mode: str) -> frozenset[int]:
    """The tokens a sample ends at: <eos>, or in chat the end of the assistant's turn."""
    if mode == "chat" and tok.chat is not None:
        from gptstudio.engine.chat_template import turn_ids

        return frozenset({turn_ids(tok).end})
    return frozenset({tok.eos_id})


def _find_stop(text: str, stops: tuple[str, ...], emitted: int) -> int | None:
    """Where the first stop string starts in text (only where it reaches past what was emitted)."""
    found = [i for s in stops if s and (i := text.find(s, max(0, emitted - len(s) + 1))) >= 0]
    return min(found) if found else None
