"""Projects that start from a pretrained GPT-2, and projects leaving in Hugging Face's GPT-2 format.

A GPT-2 project is an ordinary project whose first checkpoint (step 0) holds GPT-2's weights and
whose tokenizer is GPT-2's own (or, for the Chinese GPT-2 models, BERT's WordPiece): Train
fine-tunes it on the project's corpus, Generate works at once. The model comes from a folder on
this computer or, by name, from the Hugging Face Hub (engine/hub.py); either way one loader reads
it (engine/hf_gpt2.import_gpt2). The fine-tuning settings come from engine/finetune.py: all
weights learn where that fits this computer's memory, LoRA adapters where it does not. On
conversations (the "chat" data mode) the tokenizer gets the chat template's turn markers and the
model rows for them (engine/vocabulary.py) before that first checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig, to_dict
from gptstudio.engine.finetune import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_BLOCK_SIZE,
    DEFAULT_MINUTES,
    LORA_RANK,
    MemoryPlan,
    fine_tune_method,
    fine_tune_settings,
)
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.projects.project import Project, ProjectError, message_of
from gptstudio.projects.store import ProjectStore

FINE_TUNE_METHODS = ("auto", "full", "lora")
# Fine-tuning from a GPT-2 folder without a time budget (File ▸ New project from a GPT-2 folder):
# small steps, as engine/finetune.py explains.
FINE_TUNE_LEARNING_RATE = 1e-4


@dataclass(frozen=True)
class FineTunePlan:
    """What fine-tuning a model shape on this computer takes (the catalogue shows it)."""

    memory: MemoryPlan
    seconds_per_step: float | None  # None: not measured yet


def plan_fine_tune(config: ModelConfig, *, block_size: int = DEFAULT_BLOCK_SIZE,
                   batch_size: int = DEFAULT_BATCH_SIZE, method: str = "auto",
                   measure: bool = False, device: str = "auto",
                   window_open: bool = True) -> FineTunePlan:
    """Full or LoRA, the memory it needs, and the seconds a step takes here (from the cache of
    measurements, or measured now with measure=True: seconds for GPT-2-sized models).
    window_open: training will share the computer with the app's window (threads it leaves)."""
    from gptstudio.engine.step_time import (
        measure_step_seconds,
        remembered_step_time,
        step_time_key,
    )
    from gptstudio.projects.paths import precision_cache_file, step_time_cache_file

    model = replace(config, block_size=min(block_size, config.block_size), dropout=0.0)
    # Fine-tuning's own optimizer (engine/finetune.py), so the settings panel finds this
    # measurement for the project's settings and does not time the model again.
    train = TrainConfig(batch_size=batch_size, optimizer="adamw", device=device)
    device_type, total, available = _device_memory(device)
    memory = fine_tune_method(model, train, device_type, total, available)
    if method != "auto":
        rank = LORA_RANK if method == "lora" else 0
        needed = memory.lora_bytes if rank else memory.full_bytes
        memory = replace(memory, lora_rank=rank, needed_bytes=needed,
                         fits=available is None or needed <= available)
    train = replace(train, lora_rank=memory.lora_rank)
    if measure:
        timing = measure_step_seconds(model, train, cache=step_time_cache_file(),
                                      precision_cache=precision_cache_file(),
                                      window_open=window_open)
    else:
        timing = remembered_step_time(step_time_cache_file(), step_time_key(
            model, train, device_type, model.block_size, window_open))
    return FineTunePlan(memory, timing.seconds if timing else None)


def _device_memory(device: str) -> tuple[str, int | None, int | None]:
    """(device type, total, free) of the device training would use."""
    from gptstudio.engine import device as dev

    target = dev.resolve_device(device)
    return target.type, dev.total_memory(target.type), dev.free_memory(target)


def create_from_pretrained(store: ProjectStore, name: str, corpus: str, source: str | Path, *,
                           block_size: int = DEFAULT_BLOCK_SIZE, minutes: float = DEFAULT_MINUTES,
                           method: str = "auto", mode: str | None = None, on_event=None,
                           control=None, window_open: bool = True) -> Project:
    """A project that fine-tunes the pretrained model `source` (a Hub name such as "gpt2", or a
    GPT-2 folder on this computer) on `corpus`, with settings for about `minutes` of training.

    Downloads what the Hub cache lacks (on_event gets DownloadEvents; control.stop() cancels),
    then times a step of the model here (cached per shape) to plan the steps."""
    from gptstudio.engine.errors import EngineError

    if method not in FINE_TUNE_METHODS:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The fine-tuning method must be auto, full or lora.")))
    folder, origin = _resolve(source, on_event, control)
    try:
        project = create_from_gpt2(store, name, corpus, folder, block_size=block_size, mode=mode,
                                   origin=origin)
    except EngineError as error:
        raise ProjectError(message_of(error)) from error
    try:
        plan = plan_fine_tune(project.model, block_size=project.model.block_size, method=method,
                              measure=True, window_open=window_open)
        tokens = len(project.load_tokenizer().encode(corpus))
        project.train = fine_tune_settings(
            tokens, minutes, plan.seconds_per_step, project.model.param_count(),
            plan.memory.lora_rank, block_size=project.model.block_size,
            val_fraction=project.data.val_fraction)
        project.save()
    except EngineError as error:  # the project stays, with create_from_gpt2's settings
        raise ProjectError(message_of(error)) from error
    return project


def _resolve(source: str | Path, on_event, control) -> tuple[Path, str]:
    """The GPT-2 folder for a folder path or a Hub name, and a description of where it came from."""
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.hub import fetch_model

    path = Path(source).expanduser()
    if path.is_dir():
        return path, str(path)
    try:
        files = fetch_model(str(source), on_event, control)
    except EngineError as error:
        raise ProjectError(message_of(error)) from error
    return files.folder, f"{files.repo_id}@{files.revision}"


def pretrained_mode(text: str, tokenizer, block_size: int) -> str:
    """The data mode for fine-tuning: the usual guess, except for a WordPiece model (the Chinese
    GPT-2s), which reads no line breaks: one example per line keeps them apart, as UER trained
    it ([CLS] text [SEP]), wherever most lines fit in the context."""
    from gptstudio.engine.text_shape import guess_mode

    guessed = guess_mode(text).mode
    if getattr(tokenizer, "kind", "") != "wordpiece" or guessed == "chat":
        return guessed
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 10:
        return "continuous"
    step = max(1, len(lines) // 2000)  # a sample of 2,000 lines tells as well as all of them
    lengths = sorted(len(tokenizer.encode(line)) for line in lines[::step])
    return "lines" if lengths[int(len(lengths) * 0.9)] <= block_size - 2 else "continuous"


def create_from_gpt2(store: ProjectStore, name: str, corpus: str, folder: str | Path, *,
                     block_size: int | None = DEFAULT_BLOCK_SIZE, mode: str | None = None,
                     origin: str | None = None) -> Project:
    import numpy as np

    from gptstudio.engine.checkpoint import new_history, save_checkpoint
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.hf_gpt2 import import_gpt2

    try:
        imported = import_gpt2(folder, block_size=_fit_block(folder, block_size))
    except EngineError as error:
        raise ProjectError(message_of(error)) from error
    if imported.tokenizer is None:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The GPT-2 folder has no tokenizer (vocab.json and merges.txt, or "
                      "vocab.txt): it is needed to fine-tune the model on your text.")))
    mode = mode or pretrained_mode(corpus, imported.tokenizer, imported.config.block_size)
    if mode == "chat" and imported.tokenizer.kind == "wordpiece":
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This model's WordPiece vocabulary (the Chinese GPT-2 models') cannot take "
                      "the turn markers conversations need yet. Start from an English GPT-2, or "
                      "train a new model on the conversations.")))
    if mode == "chat":
        imported = _with_chat_tokens(imported, corpus)
    # The store trains a character tokenizer for any new project; it is replaced by GPT-2's below.
    project = store.create(name, corpus, data=DataConfig(mode=mode))
    project.data = DataConfig(tokenizer=imported.tokenizer.kind, mode=mode)
    project.model = imported.config
    project.train = replace(project.train, learning_rate=FINE_TUNE_LEARNING_RATE,
                            warmup_iters=min(project.train.warmup_iters, 50))
    project.preset = "custom"
    project.save_tokenizer(imported.tokenizer)
    project.save()
    save_checkpoint(
        project.checkpoint_dir, model=imported.model, optimizer=None,
        tokenizer_dict=imported.tokenizer.to_dict(),
        meta={"step": 0, "model": to_dict(project.model), "data": to_dict(project.data),
              "train": to_dict(project.train),
              "np_rng": np.random.default_rng(project.train.seed).bit_generator.state,
              "history": new_history(), "precision": "fp32",
              "imported_from": origin or str(folder)},
    )
    return project


def _with_chat_tokens(imported, corpus: str):
    """GPT-2 and its tokenizer with the corpus's chat template (a ProjectError names a line of the
    text that cannot be read as a conversation)."""
    from gptstudio.engine.chat_template import add_chat_tokens, template_for
    from gptstudio.engine.conversations import parse_conversations
    from gptstudio.engine.errors import CorpusError
    from gptstudio.engine.vocabulary import with_vocabulary

    try:
        template = template_for(parse_conversations(corpus))
    except CorpusError as error:
        raise ProjectError(message_of(error)) from error
    tokenizer = add_chat_tokens(imported.tokenizer, template)
    model = with_vocabulary(imported.model, tokenizer.vocab_size).eval()
    return replace(imported, model=model, config=model.config, tokenizer=tokenizer)


def _fit_block(folder: str | Path, block_size: int | None) -> int | None:
    """The requested context, but never more than the model's own positions."""
    import json

    if block_size is None:
        return None
    from gptstudio.engine.hf_gpt2 import MAX_CONFIG_BYTES
    from gptstudio.fsio import read_limited

    try:
        config = json.loads(read_limited(Path(folder) / "config.json", MAX_CONFIG_BYTES))
        positions = int(config.get("n_positions") or config.get("n_ctx") or block_size)
    except (OSError, ValueError, TypeError, AttributeError, RecursionError, OverflowError):
        return block_size  # import_gpt2 reports what is wrong with the folder
    return min(block_size, positions)


def export_to_hf(project: Project, folder: str | Path) -> Path:
    """Write the project's model (exports.checkpoint_to_use: its best or latest checkpoint, as the
    project says) as a Hugging Face GPT-2 folder (transformers can load it)."""
    from gptstudio.engine.checkpoint import load_weights, model_config, read_meta
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.hf_gpt2_export import export_gpt2
    from gptstudio.engine.model import GPT
    from gptstudio.engine.tokenizers import load_tokenizer
    from gptstudio.fsio import sweep_stale_temporaries
    from gptstudio.projects.exports import checkpoint_to_use

    sweep_stale_temporaries(folder)  # what an export killed mid-write left there
    checkpoint = checkpoint_to_use(project)
    try:
        model = GPT(model_config(checkpoint, read_meta(checkpoint)))
        load_weights(checkpoint, model)
        export_gpt2(model.eval(), load_tokenizer(checkpoint / "tokenizer.json"), folder)
    except EngineError as error:
        raise ProjectError(message_of(error)) from error
    return Path(folder)
