"""Generating text: logit filters, and a streaming generator that yields one token at a time.

The filters are pure functions on a (V,) logits vector so each is tested on its own. `stream()`
yields a TokenEvent per new token, with its probability and the likeliest alternatives, so the UI can
colour tokens by confidence and show what else the model considered.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import torch
from torch.nn import functional as F

from gptstudio.engine.config import ModelConfig, SampleConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import InvalidConfig
from gptstudio.engine.events import TokenEvent

NEG_INF = float("-inf")

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
    if k <= 0 or k >= logits.numel():
        return logits
    kth = torch.topk(logits, k).values[-1]
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
    drop = torch.zeros_like(drop_sorted).scatter(0, order, drop_sorted)
    return logits.masked_fill(drop, NEG_INF)


def min_p_filter(logits: torch.Tensor, min_p: float) -> torch.Tensor:
    """Keep tokens at least min_p times as likely as the likeliest one (Nguyen et al. 2024)."""
    if min_p <= 0.0:
        return logits
    probs = F.softmax(logits, dim=-1)
    return logits.masked_fill(probs < min_p * probs.max(), NEG_INF)


def filtered_logits(logits: torch.Tensor, config: SampleConfig,
                    previous: torch.Tensor | None = None) -> torch.Tensor:
    """(V,) raw logits -> (V,) logits after every setting; the tokens the settings cut are -inf.

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
        greedy = torch.full_like(logits, NEG_INF)
        best = torch.argmax(logits)
        greedy[best] = logits[best]
        return greedy
    logits = top_k_filter(scaled, config.top_k)
    logits = top_p_filter(logits, config.top_p)
    return min_p_filter(logits, config.min_p)


def next_token_distribution(logits: torch.Tensor, config: SampleConfig,
                            previous: torch.Tensor | None = None) -> torch.Tensor:
    """(V,) raw logits -> (V,) probabilities the next token is drawn from, after every setting.

    Temperature 0 means greedy: all probability on the likeliest token.
    """
    return F.softmax(filtered_logits(logits, config, previous), dim=-1)


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
        """stream() from token ids (a chat reply's prompt: engine/chat.py)."""
        problems = config.validate()
        if problems:
            raise InvalidConfig(problems)
        generator = torch.Generator(device="cpu")
        if config.seed is None:
            generator.seed()
        else:
            generator.manual_seed(config.seed)
        for sample_index in range(config.num_samples):
            yield from self._one_sample(sample_index, start, config, generator, control, use_cache)
            if control is not None and control.stop_requested:
                return

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
    def _one_sample(self, sample_index, start, config, generator, control, use_cache):
        block = self.model_config.block_size
        # Beyond the context, the cache slides: it restarts from the last 3/4 of the context, so a
        # refill (one batched forward pass) happens once every block/4 tokens instead of every token.
        keep = max(1, block * 3 // 4)
        ids = list(start)
        cache = self.model.new_cache(1) if use_cache else None
        logits = self._forward(ids[-block:], cache)
        banned = self._banned_index
        text, pending = "", []  # pending: ids not yet shown (a character split over BPE tokens)
        for index in range(config.max_new_tokens):
            logits[banned] = NEG_INF
            previous = torch.tensor(ids) if config.repetition_penalty != 1.0 else None
            probs = next_token_distribution(logits, config, previous)
            if config.temperature > 0:
                token = int(torch.multinomial(probs, 1, generator=generator))
            else:
                token = int(torch.argmax(probs))
            ids.append(token)
            is_eos = token in self._ends
            stopped = control is not None and control.stop_requested
            last = is_eos or stopped or index == config.max_new_tokens - 1
            if not is_eos:
                pending.append(token)
            piece = self.tokenizer.decode(pending)
            if piece.endswith("\ufffd") and not last:
                piece = ""  # wait for the rest of the character
            else:
                pending = []
            stop_at = _find_stop(text + piece, config.stop, len(text))
            if stop_at is not None:
                piece, last = (text + piece)[len(text):stop_at], True
            text += piece
            yield TokenEvent(
                sample_index=sample_index, index=index, token_id=token, text=piece,
                prob=float(probs[token]),
                alternatives=self._alternatives(probs, config.top_alternatives), finished=last,
            )
            if last:
                return
            if cache is not None and cache.pos >= block:
                cache.reset()
                logits = self._forward(ids[-keep:], cache)
            elif cache is not None:
                logits = self.model.next_logits(token, cache).float().cpu()
            else:
                logits = self._forward(ids[-block:], None)

    def _forward(self, ids: list[int], cache) -> torch.Tensor:
        idx = torch.tensor([ids], dtype=torch.long, device=self.device)
        logits, _ = self.model(idx, kv_cache=cache, last_only=True)
        return logits[0, -1].float().cpu()  # (V,)

    def _alternatives(self, probs: torch.Tensor, n: int) -> tuple[tuple[str, float], ...]:
        if n <= 0:
            return ()
        values, indices = torch.topk(probs, min(n, probs.numel()))
        # As Python numbers at once: iterating the tensors cost a fifth of a cached token's time.
        return tuple((self.tokenizer.token_text(i), v)
                     for v, i in zip(values.tolist(), indices.tolist(), strict=True) if v > 0)


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
