"""Projects that start from a pretrained GPT-2, and projects leaving in Hugging Face's GPT-2 format.

A GPT-2 project is an ordinary project whose first checkpoint (step 0) holds GPT-2's weights and
whose tokenizer is GPT-2's own: Train fine-tunes it on the project's corpus, Generate works at once.
On conversations (the "chat" data mode) the tokenizer gets the chat template's turn markers and the
model rows for them (engine/vocabulary.py) before that first checkpoint.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gptstudio.engine.config import DataConfig, to_dict
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.projects.project import Project, ProjectError, message_of
from gptstudio.projects.store import ProjectStore

# Fine-tuning a pretrained model wants small steps: GPT-2's own weights are already good, and a
# from-scratch learning rate (1e-3 and up) would wash them out in a few hundred steps.
FINE_TUNE_LEARNING_RATE = 1e-4
DEFAULT_BLOCK_SIZE = 256  # GPT-2 has 1,024 positions; 256 keeps a CPU fine-tune affordable


def create_from_gpt2(store: ProjectStore, name: str, corpus: str, folder: str | Path, *,
                     block_size: int | None = DEFAULT_BLOCK_SIZE, mode: str | None = None) -> Project:
    import numpy as np

    from gptstudio.engine.checkpoint import new_history, save_checkpoint
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.hf_gpt2 import import_gpt2
    from gptstudio.engine.text_shape import guess_mode

    try:
        imported = import_gpt2(folder, block_size=_fit_block(folder, block_size))
    except EngineError as error:
        raise ProjectError(message_of(error)) from error
    if imported.tokenizer is None:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The GPT-2 folder has no vocab.json and merges.txt: its tokenizer is "
                      "needed to fine-tune it on your text.")))
    mode = mode or guess_mode(corpus).mode
    if mode == "chat":
        imported = _with_chat_tokens(imported, corpus)
    # The store trains a character tokenizer for any new project; it is replaced by GPT-2's below.
    project = store.create(name, corpus, data=DataConfig(mode=mode))
    project.data = DataConfig(tokenizer="gpt2", mode=mode)
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
              "history": new_history(), "precision": "fp32", "imported_from": str(folder)},
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
    from gptstudio.engine.hf_gpt2 import export_gpt2
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
