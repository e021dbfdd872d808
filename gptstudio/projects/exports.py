"""Taking a project's model elsewhere: GGUF for llama.cpp, the training run as a Python program.

`checkpoint_to_use` is the one place that decides which saved model every export takes (GGUF,
the Hugging Face folder, the Hub); the app and the CLI both come through here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gptstudio.engine.control import RunControl
from gptstudio.engine.messages import Message
from gptstudio.projects.project import Project, ProjectError, message_of


def checkpoint_to_use(project: Project) -> Path:
    """The checkpoint folder an export takes: the project's choice, its best one (the lowest
    validation loss) unless the user chose the latest. Raises ProjectError when it has none."""
    from gptstudio.engine.checkpoint import require_checkpoint
    from gptstudio.engine.errors import EngineError

    try:
        return require_checkpoint(project.checkpoint_dir, project.model_choice)
    except EngineError as error:
        raise ProjectError(message_of(error)) from error


def export_gguf(project: Project, path: str | Path, number_type: str = "f16", *,
                progress: Callable[[Message], None] | None = None,
                control: RunControl | None = None):
    """The project's model as a checked GGUF file, with a Modelfile and a how-to text beside it
    (engine/gguf_export.py). Returns the engine's GGUFExport."""
    from gptstudio.engine import gguf_export
    from gptstudio.engine.errors import EngineError

    checkpoint = checkpoint_to_use(project)
    try:
        corpus = project.read_corpus()
    except ProjectError:
        corpus = ""  # no passages to check on: the check still writes from the sample prompt
    try:
        return gguf_export.export_gguf(
            checkpoint, path, number_type, name=project.name, sample=project.sample,
            corpus=corpus, sample_prompt=project.train.sample_prompt, progress=progress,
            control=control)
    except EngineError as error:
        raise ProjectError(message_of(error)) from error


def export_code(project: Project, folder: str | Path) -> Path:
    """The project's training run as a small Python program (engine/code_export.py): train.py,
    sample.py, the tokenizer as JSON and the corpus. Returns the folder."""
    from gptstudio.engine.code_export import write_program
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.tokenizers import train_tokenizer

    corpus = project.read_corpus()
    tokenizer = project.load_tokenizer()
    try:
        if tokenizer is None or (tokenizer.kind == "char" and tokenizer.unknown_in(corpus)):
            # The text changed since: Train would start a new model with a new tokenizer; so
            # does the program.
            tokenizer = train_tokenizer(project.data.tokenizer, corpus, project.data.bpe_vocab_size,
                                        project.data.mode)
        write_program(folder, corpus=corpus, tokenizer=tokenizer, data=project.data,
                      model=project.model, train=project.train, sample=project.sample,
                      name=project.name)
    except EngineError as error:
        raise ProjectError(message_of(error)) from error
    return Path(folder)
