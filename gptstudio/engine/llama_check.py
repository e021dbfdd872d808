"""Proof that llama.cpp reads an exported GGUF file as GPT Studio reads the model.

Three comparisons, on texts from the model's own corpus (so that every word in them is known):

1. **Token ids**: llama.cpp cuts each text into exactly the ids GPT Studio does, and writes every
   token back as the same text.
2. **Next-token logits** at every position of a few prompts and their continuations: the largest
   difference, against a tolerance per number type (TOLERANCE). f32 differs only by llama.cpp's
   GELU (the tanh approximation through an fp16 table); f16 and q8_0 also by the rounding of the
   weights.
3. **Greedy writing** (temperature 0) from each prompt: GPT Studio's continuation is fed to
   llama.cpp, which must pick the same next token at every step, with the tokens the app never
   writes suppressed as llama.cpp's sampler suppresses them (tokenizer.ggml.suppress_tokens).
   Where they differ, and GPT Studio's two likeliest tokens were closer than the tolerance, no
   number type could tell them apart: that is counted as a tie, not as a difference.

f32 and f16 must agree on all three (the export keeps the file only then); for q8_0 the ids must
agree and the rest is reported. llama.cpp runs in a child process (engine/llama_probe.py).
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

# Largest next-token logit difference allowed per number type. Measured with bench/gguf_checks.py
# on char, word and BPE models of English, Chinese with emoji and Python code (docs/exporting.md):
# the largest seen were 0.005 (f32), 0.012 (f16) and 0.17 (q8_0), a quarter or less of these; for
# q8_0 it only separates near ties from differences, and is reported, not enforced.
TOLERANCE = {"f32": 0.02, "f16": 0.05, "q8_0": 0.5}
STRICT_TYPES = ("f32", "f16")
PROMPTS = 4  # greedy prompts
CONTINUATION = 50  # tokens written from each (fewer where the context ends first)
TEXTS = 16  # corpus passages whose token ids are compared
PROBE_TIMEOUT_S = 900


@dataclass(frozen=True)
class LlamaCheck:
    checked: bool
    summary: Message  # one sentence: the result, or why there is none
    number_type: str = ""
    texts: int = 0  # texts cut into token ids by both
    texts_same: int = 0
    tokens: int = 0  # greedy tokens compared
    tokens_same: int = 0
    ties: int = 0  # of the differing ones, those within the tolerance (near ties)
    max_logit_diff: float = 0.0
    tolerance: float = 0.0
    passed: bool = True  # False: the file reads otherwise (f32/f16: it is not kept)


def llama_cpp_installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def not_checked() -> LlamaCheck:
    return LlamaCheck(False, Message(QT_TRANSLATE_NOOP(
        "Engine", "Not checked with llama.cpp: llama-cpp-python is not installed here (pip "
                  "install llama-cpp-python builds it).")))


def check_with_llama(path: Path, model, tokenizer, mode: str, vocab, number_type: str, *,
                     corpus: str = "", sample_prompt: str = "",
                     control: RunControl | None = None) -> LlamaCheck:
    if not llama_cpp_installed():
        return not_checked()
    block = model.config.block_size
    texts = corpus_texts(corpus, tokenizer, mode)
    prompts = greedy_prompts(texts, tokenizer, mode, sample_prompt, block)
    if not texts and not prompts:
        return LlamaCheck(False, Message(QT_TRANSLATE_NOOP(
            "Engine", "Not checked with llama.cpp: the project has no text to compare on.")))
    starts, continuations = [], []
    for prompt in prompts:
        start, continuation = _greedy(model, tokenizer, mode, prompt, block)
        starts.append(start)
        continuations.append(continuation)
        if control is not None and control.stop_requested:
            break
    sequences = [s + c for s, c in zip(starts, continuations, strict=True)]
    ours_ids = [tokenizer.encode(t) for t in texts]
    # Corpus passages are cut as the app encodes text (no <sos>); prompts as a prompt is, with
    # <sos> where the data mode starts examples with it (llama.cpp: tokenizer.ggml.add_bos_token).
    request = {"gguf": str(path), "n_ctx": block, "threads": min(4, os.cpu_count() or 1),
               "texts": [[t, False] for t in texts] + [[p, True] for p in prompts[:len(sequences)]],
               "sequences": sequences,
               "pieces": sorted({t for ids in ours_ids + sequences for t in ids})}
    answer, logits, failure = _run_probe(request)
    if failure is not None:
        return LlamaCheck(True, failure, number_type, passed=False)
    return _compare(model, tokenizer, vocab, number_type, texts, ours_ids, starts, continuations,
                    answer, logits)


# ---------------------------------------------------------------------------------------------------
# What to compare on


def corpus_texts(corpus: str, tokenizer, mode: str, count: int = TEXTS,
                 max_chars: int = 300) -> list[str]:
    """Passages of the corpus that the tokenizer knows every piece of: runs of whole lines, or
    pieces of a long line cut between two of the tokenizer's units. A passage neither starts
    nor ends with whitespace, so no run of spaces or line breaks is cut in two (a word tokenizer
    may not know the shorter run)."""
    lines = corpus.split("\n")

    def clean(line: str) -> bool:
        return bool(line) and line == line.strip()

    candidates = [i for i, line in enumerate(lines) if line.strip()]
    random.Random(0).shuffle(candidates)
    texts: list[str] = []
    for start in candidates:
        if len(texts) >= count:
            break
        if not clean(lines[start]) or len(lines[start]) > max_chars:
            pieces = _cut(lines[start].strip(), tokenizer, max_chars)
            text = pieces[len(pieces) // 2] if pieces else ""
        else:
            end = start + 1
            if mode != "lines":  # lines: one example is one line
                while end < len(lines) and len("\n".join(lines[start:end + 1])) <= max_chars:
                    end += 1
                while not clean(lines[end - 1]):
                    end -= 1
            text = "\n".join(lines[start:end])
        if text and text not in texts and not tokenizer.unknown_in(text) \
                and tokenizer.decode(tokenizer.encode(text)) == text:
            texts.append(text)
    return texts


def _cut(line: str, tokenizer, max_chars: int) -> list[str]:
    """A long line in pieces of at most max_chars, cut between the tokenizer's units (words,
    punctuation, whitespace runs; for other tokenizers, words and spaces) where neither side is
    whitespace, and stripped."""
    from gptstudio.engine.tokenizers import split_words

    units = split_words(line)
    pieces, current = [], ""
    for unit in units:
        if current and len(current) + len(unit) > max_chars and not unit.isspace() \
                and not current[-1].isspace():
            pieces.append(current.strip())
            current = ""
        current += unit
    pieces.append(current.strip())
    return [p for p in pieces if p and len(p) <= max_chars * 2]


def greedy_prompts(texts: list[str], tokenizer, mode: str, sample_prompt: str,
                   block_size: int) -> list[str]:
    """The prompts to write from: the project's sample prompt if it has one, an empty prompt
    where examples start with <sos>, then the first few tokens of corpus passages."""
    prompts = []
    if sample_prompt and not tokenizer.unknown_in(sample_prompt) \
            and len(tokenizer.encode(sample_prompt)) <= block_size // 2:  # room to write
        prompts.append(sample_prompt)
    if mode != "continuous":
        prompts.append("")
    length = max(1, min(16, block_size // 4))
    for text in texts:
        if len(prompts) >= PROMPTS:
            break
        ids = tokenizer.encode(text)[:length]
        prefix = tokenizer.decode(ids)
        if prefix and prefix not in prompts and tokenizer.encode(prefix) == ids \
                and not tokenizer.unknown_in(prefix):
            prompts.append(prefix)
    return prompts[:PROMPTS]


def _greedy(model, tokenizer, mode: str, prompt: str, block: int) -> tuple[list[int], list[int]]:
    from gptstudio.engine.data import prompt_ids
    from gptstudio.engine.sampling import TextGenerator

    start = prompt_ids(tokenizer, mode, prompt)
    room = min(CONTINUATION, block - len(start))
    if room < 1:
        return start[:block], []
    config = SampleConfig(temperature=0.0, max_new_tokens=room, top_alternatives=0, seed=0)
    generator = TextGenerator(model, tokenizer, mode, torch.device("cpu"))
    return start, generator.generate_ids(prompt, config)[0]


# ---------------------------------------------------------------------------------------------------
# llama.cpp's side, in a child process


def _run_probe(request: dict):
    """(answer, [logits per sequence], None) or (None, None, a sentence saying what failed)."""
    with tempfile.TemporaryDirectory(prefix="gptstudio-llama-") as folder:
        out = Path(folder)
        (out / "request.json").write_text(json.dumps(request), encoding="utf-8")
        try:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).with_name("llama_probe.py")),
                 str(out / "request.json"), str(out)],
                capture_output=True, text=True, timeout=PROBE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return None, None, Message(QT_TRANSLATE_NOOP(
                "Engine", "llama.cpp did not finish reading the file within {minutes} minutes."),
                minutes=PROBE_TIMEOUT_S // 60)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1][:300]
            return None, None, Message(QT_TRANSLATE_NOOP(
                "Engine", "llama.cpp could not load or run the file ({detail})."), detail=last)
        answer = json.loads((out / "answer.json").read_text(encoding="utf-8"))
        logits = [np.load(out / f"logits-{i}.npy") for i in range(len(request["sequences"]))]
    answer["pieces"] = {int(k): base64.b64decode(v) for k, v in answer["pieces"].items()}
    return answer, logits, None


# ---------------------------------------------------------------------------------------------------
# Comparing


@torch.no_grad()
def _compare(model, tokenizer, vocab, number_type, texts, ours_ids, starts, continuations,
             answer, logits) -> LlamaCheck:
    tolerance = TOLERANCE[number_type]
    pieces = answer["pieces"]
    theirs_ids = answer["tokenized"]
    problems: list[Message] = []
    texts_same = 0
    for text, ours, theirs in zip(texts, ours_ids, theirs_ids[:len(texts)], strict=True):
        if ours == theirs:
            texts_same += 1
        elif not problems:
            problems.append(_ids_differ(text, ours, theirs, tokenizer))
    for start, theirs in zip(starts, theirs_ids[len(texts):], strict=True):
        if start != theirs and not problems:
            problems.append(_ids_differ(tokenizer.decode(start), start, theirs, tokenizer))
    for ids in ours_ids + [s + c for s, c in zip(starts, continuations, strict=True)]:
        written = b"".join(pieces[t] for t in ids).decode("utf-8", errors="replace")
        if written != tokenizer.decode(ids) and not problems:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "llama.cpp writes the tokens of {text} as {written}."),
                text=repr(tokenizer.decode(ids)[:60]), written=repr(written[:60])))
    suppressed = torch.tensor(vocab.suppressed, dtype=torch.long)
    max_diff, compared, same, ties = 0.0, 0, 0, 0
    for start, continuation, theirs in zip(starts, continuations, logits, strict=True):
        sequence = torch.tensor([start + continuation])
        ours = model(sequence)[0][0].float()  # (T, V)
        theirs = torch.from_numpy(theirs)
        max_diff = max(max_diff, float((ours - theirs).abs().max()))
        for k, token in enumerate(continuation):
            position = len(start) - 1 + k
            pick = _pick(theirs[position], suppressed)
            compared += 1
            if pick == token:
                same += 1
                continue
            mine = _masked(ours[position], suppressed)
            if float(mine[token] - mine[pick]) <= tolerance:
                ties += 1
            elif not problems:
                problems.append(Message(QT_TRANSLATE_NOOP(
                    "Engine", "writing greedily after {prompt}, llama.cpp chose {theirs} where "
                              "GPT Studio chose {ours}."),
                    prompt=repr(tokenizer.decode(start + continuation[:k])[-40:]),
                    theirs=repr(tokenizer.token_text(pick)), ours=repr(tokenizer.token_text(token))))
    strict = number_type in STRICT_TYPES
    if strict and max_diff > tolerance and not problems:
        problems.append(Message(QT_TRANSLATE_NOOP(
            "Engine", "the next-token logits differ by up to {diff:.4f}, more than the {tolerance} "
                      "allowed for {number_type}."),
            diff=max_diff, tolerance=tolerance, number_type=number_type))
    ids_problem = bool(problems) and texts_same < len(texts)
    passed = not problems if strict else not ids_problem
    check = LlamaCheck(True, Message(""), number_type, len(texts), texts_same, compared, same,
                       ties, max_diff, tolerance, passed)
    return _with_summary(check, problems[0] if problems else None)


def _pick(logits: torch.Tensor, suppressed: torch.Tensor) -> int:
    return int(torch.argmax(_masked(logits, suppressed)))


def _masked(logits: torch.Tensor, suppressed: torch.Tensor) -> torch.Tensor:
    logits = logits.clone()
    if suppressed.numel():
        logits[suppressed] = float("-inf")
    return logits


def _ids_differ(text: str, ours: list[int], theirs: list[int], tokenizer) -> Message:
    at = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
              min(len(ours), len(theirs)))
    return Message(QT_TRANSLATE_NOOP(
        "Engine", "llama.cpp cuts {text} into other tokens (from token {index} on: GPT Studio "
                  "has {ours})."),
        text=repr(text[:60]), index=at + 1,
        ours=repr(tokenizer.token_text(ours[at]) if at < len(ours) else "(end)"))


def _with_summary(check: LlamaCheck, problem: Message | None) -> LlamaCheck:
    from dataclasses import replace

    values = dict(tokens=check.tokens, texts=check.texts, diff=check.max_logit_diff,
                  tolerance=check.tolerance, number_type=check.number_type,
                  same=check.tokens_same, ties=check.ties)
    if problem is not None and not check.passed:
        summary = Message(QT_TRANSLATE_NOOP("Engine", "Checked with llama.cpp: {problem}"),
                          problem=problem)
    elif check.number_type not in STRICT_TYPES:
        summary = Message(QT_TRANSLATE_NOOP(
            "Engine", "Checked with llama.cpp: the same token ids for {texts} texts; writing "
                      "greedily, {same} of {tokens} tokens the same ({number_type} rounds the "
                      "weights); logits within {diff:.3f}."), **values)
    elif check.ties:
        summary = Message(QT_TRANSLATE_NOOP(
            "Engine", "Checked with llama.cpp: the same token ids for {texts} texts; writing "
                      "greedily, the same {same} of {tokens} tokens, and where they differed "
                      "({ties}) GPT Studio's two likeliest tokens were within {tolerance} of each "
                      "other, a near tie that rounding decides. Logits within {diff:.4f}."),
            **values)
    else:
        summary = Message(QT_TRANSLATE_NOOP(
            "Engine", "Checked with llama.cpp: the same {tokens} tokens when writing greedily, "
                      "the same token ids for {texts} texts, and next-token logits within "
                      "{diff:.4f} of GPT Studio's (allowed for {number_type}: {tolerance})."),
            **values)
    return replace(check, summary=summary)
