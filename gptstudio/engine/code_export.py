"""A project's training run as a short Python program that a learner can read and run.

The program lives in engine/program/ (model.py, tokenizer.py, train.py, sample.py): ordinary
Python that needs only torch and numpy. Exporting copies it into a folder, writes this project's
settings into the settings block at the top of train.py and sample.py, and puts the tokenizer
(tokenizer.json, a small table) and the corpus (input.txt) beside it.

The program reproduces GPT Studio's run step for step on the CPU in fp32: the same token ids, the
same starting weights (same seed, same order of creation and initialisation), the same batches
(numpy's generator with the same seed), the same AdamW (fused where torch has it) or Muon, the
same learning-rate schedule and gradient clipping (tests/engine/test_code_export.py checks the
first 50 losses). Two things it does more simply than the app: it trains in fp32 where the app may
pick bf16, and its dropout draws other random masks than the app's faster CPU dropout.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from gptstudio.engine.config import DataConfig, ModelConfig, SampleConfig, TrainConfig
from gptstudio.engine.data import SEPARATORS_NEEDED
from gptstudio.engine.errors import EngineError, describe_os_error
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.schedule import schedule_end
from gptstudio.fsio import atomic_write_text

PROGRAM = Path(__file__).with_name("program")
PROGRAM_FILES = ("model.py", "tokenizer.py", "train.py", "sample.py")
WRITTEN = (*PROGRAM_FILES, "tokenizer.json", "input.txt", "README.md")
MODES = ("continuous", "lines", "blocks")
SETTINGS = re.compile(r"(# --- settings \(written by GPT Studio\) ---\n).*?(# --- end of settings ---)",
                      re.DOTALL)


def write_program(folder: str | os.PathLike, *, corpus: str, tokenizer, data: DataConfig,
                  model: ModelConfig, train: TrainConfig, sample: SampleConfig,
                  name: str = "model") -> list[Path]:
    """Write the program for these settings into `folder` (new, empty, or an earlier export of
    a program). Returns the files written. Raises EngineError with a sentence when the run cannot
    be written as the program (a data mode or tokenizer it does not know)."""
    _refuse_unknown(data.mode, tokenizer)
    table = tokenizer_table(tokenizer)
    folder = Path(folder)
    _check_folder(folder)
    texts = {
        "model.py": _read("model.py"),
        "tokenizer.py": _read("tokenizer.py"),
        "train.py": _with_settings(_read("train.py"), train_settings(data, model, train)),
        "sample.py": _with_settings(_read("sample.py"), sample_settings(sample, train)),
        "tokenizer.json": json.dumps(table, ensure_ascii=False),
        "input.txt": corpus,
        "README.md": readme(name, data, train),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for file_name, text in texts.items():
            atomic_write_text(folder / file_name, text)
    except OSError as error:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The program cannot be written to {folder} ({reason})."),
            folder=str(folder), reason=describe_os_error(error))) from error
    return [folder / file_name for file_name in texts]


def _refuse_unknown(mode: str, tokenizer) -> None:
    if mode not in MODES:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The Python program knows the data modes continuous, lines and blocks; "
                      "this project uses {mode}, so it cannot be written as one yet."),
            mode=repr(mode)))
    kind = getattr(tokenizer, "kind", "")
    if kind in ("gpt2", "wordpiece"):  # engine.config.IMPORTED_TOKENIZERS: a pretrained model's
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "A fine-tuned GPT-2 starts from GPT-2's own trained weights, which the "
                      "program cannot make from scratch; it writes programs for models GPT "
                      "Studio trains from the start.")))
    if kind not in ("char", "word", "bpe"):
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The Python program does not know the {kind} tokenizer yet."),
            kind=repr(kind)))


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "{folder} is a file, not a folder."), folder=str(folder)))
    others = [p.name for p in folder.iterdir() if p.name not in WRITTEN
              and p.name not in ("model.pt", "__pycache__")] if folder.is_dir() else []
    if others:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The folder {folder} already holds other files; choose an empty folder."),
            folder=str(folder)))


def _read(name: str) -> str:
    return (PROGRAM / name).read_text(encoding="utf-8")


def _with_settings(source: str, settings: list[str]) -> str:
    block = "\n".join(settings) + "\n"
    return SETTINGS.sub(lambda m: m.group(1) + block + m.group(2), source, count=1)


# ---------------------------------------------------------------------------------------------------
# What goes into the files


def train_settings(data: DataConfig, model: ModelConfig, train: TrainConfig) -> list[str]:
    gelu = "tanh" if model.activation == "gelu_tanh" else "none"
    return [
        f"MODE = {data.mode!r}  # \"continuous\": one long text; \"lines\"/\"blocks\": each "
        "line/block an example",
        f"VAL_FRACTION = {data.val_fraction!r}  # the share of the text kept aside to measure how "
        "well the model generalises",
        f"BLOCK_SIZE = {model.block_size}  # context: tokens the model sees at once",
        f"N_LAYER, N_HEAD, N_EMBD = {model.n_layer}, {model.n_head}, {model.n_embd}  "
        "# depth, attention heads, width",
        f"DROPOUT = {model.dropout!r}",
        f"BIAS = {model.bias!r}",
        f"GELU = {gelu!r}  # \"none\": exact GELU; \"tanh\": GPT-2's approximation",
        f"BATCH_SIZE = {train.batch_size}  # examples per step",
        f"LEARNING_RATE = {train.learning_rate!r}  # the peak step size",
        f"MIN_LR_RATIO = {train.min_lr_ratio!r}  # the schedule ends at this share of the peak",
        f"WARMUP_ITERS = {train.warmup_iters}  # steps of linear warm-up",
        f"MAX_ITERS = {train.max_iters}  # steps of the whole run",
        f"SCHEDULE_END = {schedule_end(train)}  # where the learning rate's decay ends (MAX_ITERS, "
        "unless steps were added)",
        f"OPTIMIZER = {train.optimizer!r}  # \"adamw\", or \"muon\": Muon for the blocks' "
        "matrices, AdamW for the rest",
        f"WEIGHT_DECAY = {train.weight_decay!r}",
        f"BETAS = ({train.beta1!r}, {train.beta2!r})",
        f"GRAD_CLIP = {train.grad_clip!r}  # 0 = off",
        f"EVAL_INTERVAL, EVAL_ITERS = {train.eval_interval}, {train.eval_iters}",
        f"SEED = {train.seed}",
        f"SEPARATORS_NEEDED = {SEPARATORS_NEEDED}  # \"blocks\": lines such as \"%\" split the text "
        "only where there are this many",
    ]


def sample_settings(sample: SampleConfig, train: TrainConfig) -> list[str]:
    return [
        f"PROMPT = {train.sample_prompt!r}",
        f"TEMPERATURE = {sample.temperature!r}  # below 1: safer choices; above 1: more "
        "surprising ones; 0: always the likeliest",
        f"TOP_K = {sample.top_k}  # draw only among the k likeliest tokens (0 = all)",
        f"TOP_P = {sample.top_p!r}  # draw only among the likeliest tokens whose chances add up "
        "to p (1 = all)",
        f"MAX_NEW_TOKENS = {sample.max_new_tokens}",
        f"SEED = {sample.seed if sample.seed is not None else train.seed}",
    ]


def tokenizer_table(tokenizer) -> dict:
    """The tokenizer as the program's tokenizer.json: plain lists, no library format."""
    from gptstudio.engine.tokenizers import _WORD_PATTERN, SPECIALS, UNK

    if tokenizer.kind == "char":
        return {"kind": "char", "specials": list(SPECIALS), "chars": list(tokenizer.chars)}
    if tokenizer.kind == "word":
        return {"kind": "word", "specials": [*SPECIALS, UNK], "pattern": _WORD_PATTERN.pattern,
                "words": list(tokenizer.words)}
    from gptstudio.engine.gguf_vocab import byte_level_bpe

    vocab = byte_level_bpe(tokenizer)
    return {"kind": "bpe", "specials": vocab.tokens[:len(SPECIALS)], "tokens": vocab.tokens,
            "merges": [m.split(" ") for m in vocab.merges]}


def readme(name: str, data: DataConfig, train: TrainConfig) -> str:
    precision = ("" if train.precision == "fp32" else
                 "\nGPT Studio may train this project in bf16 on a computer that runs it fast "
                 "(Settings ▸ Precision); this program keeps fp32, so its losses then differ "
                 "in the third decimal or so.\n")
    return f"""# {name}: the training run as a Python program

Written by GPT Studio. It trains the same model on the same text with the same settings, step
for step: on a CPU the loss of every step is the one GPT Studio showed.

    pip install torch numpy
    python train.py              # trains and saves model.pt (python train.py --steps 50: a short try)
    python sample.py             # writes text with it

| file | what it is |
|---|---|
| `train.py` | the settings, the data (`{data.mode}` mode), the optimizer and the training loop |
| `model.py` | the GPT itself |
| `tokenizer.py` | text to token ids and back, from `tokenizer.json` |
| `sample.py` | writing text with the trained model |
| `input.txt` | the text it learns from |
{precision}"""
