"""One project on disk: its settings, its text, its tokenizer, its checkpoints and saved samples.

    <project folder>/
      project.json     name, times, schema_version, preset, the data/model/train/sample settings,
                       and the Generate prompt
      corpus.txt       the training text, UTF-8, exactly as the user gave it
      tokenizer.json   written by engine.tokenizers.save_tokenizer
      checkpoints/     written by engine.checkpoint (latest.json points at the newest complete one)
      samples.json     texts the user chose to keep: [{time, prompt, text, settings}, ...]

Every file is written atomically (gptstudio.fsio), so a crash leaves the previous version. Loading
checks everything a damaged or foreign folder could get wrong and reports it as one ProjectError
sentence; the store lists such a project with that sentence instead of failing. The settings pass
the same validate() as the settings panel's (check_settings): a value the panel could not show is
refused here, before anything is shown, locked or saved. A file is read only after its size is
checked, and never through a symbolic link: a folder copied in by hand with corpus.txt linked to
/etc/passwd must not train on it.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from gptstudio.engine.auto_settings import DEFAULT_BUDGET_MINUTES, MAX_BUDGET_MINUTES
from gptstudio.engine.config import (
    DataConfig,
    ModelConfig,
    SampleConfig,
    TrainConfig,
    from_dict,
    to_dict,
)
from gptstudio.engine.errors import describe_os_error
from gptstudio.engine.loss_history import LossHistory
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message, joined
from gptstudio.fsio import (
    NotAPlainFile,
    TooLarge,
    atomic_write_json,
    atomic_write_text,
    read_limited,
    sweep_stale_temporaries,
)

# Bump when project.json changes in a way an older GPT Studio would misread; older files are then
# upgraded on load, newer ones refused (their settings could be silently lost by a save).
SCHEMA_VERSION = 1

PROJECT_FILE = "project.json"
CORPUS_FILE = "corpus.txt"
TOKENIZER_FILE = "tokenizer.json"
CHECKPOINT_DIR = "checkpoints"
SAMPLES_FILE = "samples.json"
MODEL_CHOICES = ("best", "latest")  # as engine.checkpoint.MODEL_CHOICES (which imports torch)

MAX_SAMPLES = 500  # saved samples kept per project (the newest): keeps samples.json small
# project.json holds a few kB of settings; a megabyte leaves room for a long sample prompt and stop
# list, and keeps listing fast whatever a folder holds (a 1 GB file took 5.5 s and 2.1 GB to list).
MAX_SETTINGS_BYTES = 2**20
MAX_SAMPLES_BYTES = 64 * 2**20  # 500 samples of up to 100,000 tokens each fit with room to spare
# The project's own entries, each refused when it is a link.
PROJECT_ENTRIES = (PROJECT_FILE, CORPUS_FILE, TOKENIZER_FILE, SAMPLES_FILE, CHECKPOINT_DIR)


class ProjectError(Exception):
    """A problem with a project on disk; str() is one plain sentence for the user, and its first
    argument a Message the app shows in the user's language (engine/messages.py)."""


def now_iso() -> str:
    """Local time with its UTC offset, to the second: readable and sortable."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Project:
    path: Path
    name: str
    created: str
    modified: str
    preset: str
    data: DataConfig
    model: ModelConfig
    train: TrainConfig
    sample: SampleConfig
    # Which checkpoint Generate, Look inside and export use (engine.checkpoint.MODEL_CHOICES):
    # the one with the lowest validation loss, or the latest.
    model_choice: str = "best"
    # The time the user gave Automatic settings (preset "auto") to train in, in minutes.
    budget_minutes: int = DEFAULT_BUDGET_MINUTES
    # The Generate tab's prompt: each project keeps its own, as its text may have characters
    # another project's model has never seen.
    prompt: str = ""
    # The data mode is the one GPT Studio guessed from the text when the project was made (False
    # once one is chosen in the settings): the Corpus tab says who chose it.
    mode_guessed: bool = False

    # ----------------------------------------------------------------------------------------------
    # Files

    @property
    def corpus_path(self) -> Path:
        return self.path / CORPUS_FILE

    @property
    def tokenizer_path(self) -> Path:
        return self.path / TOKENIZER_FILE

    @property
    def checkpoint_dir(self) -> Path:
        return self.path / CHECKPOINT_DIR

    @property
    def samples_path(self) -> Path:
        return self.path / SAMPLES_FILE

    # ----------------------------------------------------------------------------------------------
    # project.json

    @classmethod
    def load(cls, path: str | Path) -> Project:
        path = Path(path)
        if not path.is_dir():
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "There is no project at {path}."), path=path))
        _refuse_linked_entries(path)
        meta = _read_meta(path)
        name = meta.get("name")
        label = name if isinstance(name, str) and name.strip() else path.name
        version = meta.get("schema_version")
        if type(version) is not int or version < 1:
            raise ProjectError(_damaged(label, Message(QT_TRANSLATE_NOOP(
                "Engine", "its settings file has no valid version number"))))
        if version > SCHEMA_VERSION:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'The project "{name}" was made by a newer version of GPT Studio; '
                          "update GPT Studio to open it."), name=label))
        if label != name:
            raise ProjectError(_damaged(label, Message(QT_TRANSLATE_NOOP(
                "Engine", "its settings file has no name"))))
        try:
            configs = [_config(cls_, meta.get(key), key) for key, cls_ in _CONFIGS]
        except ValueError as e:
            raise ProjectError(_damaged(label, message_of(e))) from None
        problems = check_settings(*configs)
        if problems:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'The project "{name}" has settings GPT Studio cannot use: {problems}'),
                name=label, problems=joined(problems)))
        if not (path / CORPUS_FILE).is_file():
            raise ProjectError(_damaged(label, _corpus_missing()))
        fallback_time = mtime_iso(path / PROJECT_FILE)
        choice = meta.get("model_choice")
        budget = meta.get("budget_minutes")
        return cls(
            path,
            name,
            _str(meta.get("created"), fallback_time),
            _str(meta.get("modified"), fallback_time),
            _str(meta.get("preset"), "custom"),
            *configs,
            model_choice=choice if choice in MODEL_CHOICES else "best",
            budget_minutes=budget if type(budget) is int and 1 <= budget <= MAX_BUDGET_MINUTES
            else DEFAULT_BUDGET_MINUTES,
            prompt=_str(meta.get("prompt"), ""),
            mode_guessed=meta.get("mode_guessed") is True,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "created": self.created,
            "modified": self.modified,
            "preset": self.preset,
            "model_choice": self.model_choice,
            "budget_minutes": self.budget_minutes,
            "prompt": self.prompt,
            "mode_guessed": self.mode_guessed,
            **{key: to_dict(getattr(self, key)) for key, _ in _CONFIGS},
        }

    def save(self) -> None:
        """Write project.json (atomically) and mark the project as modified now."""
        self._require_folder()
        self.modified = now_iso()
        atomic_write_json(self.path / PROJECT_FILE, self.to_json())
        sweep_stale_temporaries(self.path)  # what a write killed midway left in the folder

    # ----------------------------------------------------------------------------------------------
    # Corpus, tokenizer, checkpoints

    def read_corpus(self) -> str:
        from gptstudio.engine.text_files import MAX_CORPUS_BYTES

        try:
            # Bytes, then decode: read_text would turn "\r\n" into "\n" and change the corpus.
            raw = read_limited(self.corpus_path, MAX_CORPUS_BYTES, follow_links=False)
            return raw.decode("utf-8")
        except FileNotFoundError:
            raise ProjectError(_damaged(self.name, _corpus_missing())) from None
        except (TooLarge, NotAPlainFile) as e:
            raise ProjectError(_damaged(self.name, _unusable_file(CORPUS_FILE, e))) from None
        except UnicodeDecodeError:
            raise ProjectError(_damaged(self.name, Message(QT_TRANSLATE_NOOP(
                "Engine", "its text ({file}) is not UTF-8"), file=CORPUS_FILE))) from None

    def write_corpus(self, text: str) -> None:
        self._require_folder()
        atomic_write_text(self.corpus_path, text)

    def load_tokenizer(self):
        """The project's tokenizer, or None when it has none yet."""
        from gptstudio.engine.tokenizers import load_tokenizer

        if not self.tokenizer_path.is_file() and not self.tokenizer_path.is_symlink():
            return None
        if self.tokenizer_path.is_symlink():
            raise ProjectError(_damaged(self.name, _unusable_file(
                TOKENIZER_FILE, NotAPlainFile(self.tokenizer_path, link=True))))
        try:
            return load_tokenizer(self.tokenizer_path)
        except Exception as e:  # a damaged file can break the parser in any way; say which file
            raise ProjectError(_damaged(self.name, Message(QT_TRANSLATE_NOOP(
                "Engine", "its tokenizer ({file}) cannot be read"), file=TOKENIZER_FILE))) from e

    def save_tokenizer(self, tok) -> None:
        from gptstudio.engine.tokenizers import save_tokenizer

        save_tokenizer(tok, self.tokenizer_path)  # atomic, by the tokenizers contract

    def tokenizer_for_run(self, corpus: str, new_model: bool = False):
        """(tokenizer, fresh) for training on `corpus`, as the app's Train chooses it: a model that
        exists keeps its tokenizer (the trainer takes its checkpoint's); a new one (none yet, or
        new_model) gets one trained on the text as it is now (fresh: the caller saves it once the
        run has started, or once the new model has its first checkpoint where it replaces a
        trained one). An imported GPT-2 keeps GPT-2's own."""
        from gptstudio.engine.config import TOKENIZERS
        from gptstudio.engine.tokenizers import train_tokenizer

        if not new_model and (self.has_trained_model() or self.data.tokenizer not in TOKENIZERS):
            current = self.load_tokenizer()
            if current is not None:
                return current, False
        return train_tokenizer(self.data.tokenizer, corpus, self.data.bpe_vocab_size,
                               self.data.mode), True

    def old_model_place(self) -> Path:
        """Where a replaced model goes (the trash folder, not deleted) once the new one has saved."""
        from gptstudio.projects.paths import trash_root

        return trash_root() / f"{self.path.name}-old-model-{datetime.now():%Y%m%d-%H%M%S}"

    def has_trained_model(self) -> bool:
        return has_checkpoint(self.checkpoint_dir)

    def history(self) -> LossHistory:
        from gptstudio.engine.checkpoint import load_history  # imports torch: only when asked

        return load_history(self.checkpoint_dir)

    # ----------------------------------------------------------------------------------------------
    # Saved samples

    def saved_samples(self) -> list[dict]:
        """The samples the user kept, oldest first. A damaged samples.json reads as none."""
        try:
            raw = read_limited(self.samples_path, MAX_SAMPLES_BYTES, follow_links=False)
            samples = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError, RecursionError):  # TooLarge is a ValueError
            return []
        if not isinstance(samples, list):
            return []
        return [s for s in samples if isinstance(s, dict)]

    def add_sample(self, prompt: str, text: str, settings: dict) -> None:
        entry = {"time": now_iso(), "prompt": prompt, "text": text, "settings": dict(settings)}
        samples = [*self.saved_samples(), entry][-MAX_SAMPLES:]
        self._require_folder()
        atomic_write_json(self.samples_path, samples)

    def _require_folder(self) -> None:
        # fsio creates missing folders; for a project deleted or renamed elsewhere that would
        # bring back a folder holding one file, which then shows up as a damaged project.
        if not self.path.is_dir():
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'The project "{name}" is no longer at {path}.'),
                name=self.name, path=self.path))


# --------------------------------------------------------------------------------------------------
# Helpers

_CONFIGS = (
    ("data", DataConfig),
    ("model", ModelConfig),
    ("train", TrainConfig),
    ("sample", SampleConfig),
)


def has_checkpoint(checkpoint_dir: Path) -> bool:
    """Cheap check (no torch): the pointer file, or a complete step folder if it is lost."""
    if (checkpoint_dir / "latest.json").is_file():
        return True
    return any(
        (p / "meta.json").is_file()
        for p in checkpoint_dir.glob("step-*")
        if not p.name.endswith(".tmp")
    )


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        raw = read_limited(path / PROJECT_FILE, MAX_SETTINGS_BYTES, follow_links=False)
    except FileNotFoundError:
        raise ProjectError(_damaged(path.name, Message(QT_TRANSLATE_NOOP(
            "Engine", "its settings file ({file}) is missing"), file=PROJECT_FILE))) from None
    except (TooLarge, NotAPlainFile) as e:
        raise ProjectError(_damaged(path.name, _unusable_file(PROJECT_FILE, e))) from None
    except OSError as e:
        raise ProjectError(cannot_read(path.name, e)) from None
    try:
        # RecursionError: "[[[[..." nested deeper than the parser's stack.
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        meta = None
    if not isinstance(meta, dict):
        raise ProjectError(_damaged(path.name, Message(QT_TRANSLATE_NOOP(
            "Engine", "its settings file ({file}) is not valid"), file=PROJECT_FILE)))
    return meta


def check_settings(data: DataConfig, model: ModelConfig, train: TrainConfig,
                   sample: SampleConfig) -> list[str]:
    """The problems of settings read from disk or given on the command line, as the settings panel
    states them (each config's validate(), with the panel's ranges): [] when they can be used."""
    return data.validate() + model.validate() + train.validate() + sample.validate()


def _refuse_linked_entries(path: Path) -> None:
    for name in PROJECT_ENTRIES:
        if os.path.islink(path / name):
            raise ProjectError(_damaged(path.name, _unusable_file(
                name, NotAPlainFile(path / name, link=True))))


def find_link(folder: Path) -> Path | None:
    """The first symbolic link anywhere inside folder (links are never followed), or None."""
    for parent, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            if os.path.islink(os.path.join(parent, name)):
                return Path(parent, name)
    return None


def linked_file(label: str, link: Path, folder: Path) -> Message:
    """'The project "X" is damaged: checkpoints/step-1/model.safetensors is a link ...'."""
    return _damaged(label, _unusable_file(link.relative_to(folder).as_posix(),
                                          NotAPlainFile(link, link=True)))


def _unusable_file(name: str, error: Exception) -> Message:
    """Why a file of the project is not read: a link, not a plain file, or too large."""
    if isinstance(error, TooLarge):
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "its file {file} is {size}, far larger than such a file can be"),
            file=name, size=_size(error.size))
    if isinstance(error, NotAPlainFile) and error.link:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "{file} is a link to another place, and GPT Studio does not follow links in "
                      "a project folder"), file=name)
    return Message(QT_TRANSLATE_NOOP("Engine", "{file} is not a plain file"), file=name)


def _size(n: int) -> str:
    return f"{n / 2**30:,.1f} GB" if n >= 2**30 else f"{n / 2**20:,.1f} MB"


def _config(cls: type, raw: Any, key: str):
    """A config from saved JSON, refusing values of the wrong type (they would crash later)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise _Unreadable(Message(_UNREADABLE_SETTINGS[key]))
    try:
        config = from_dict(cls, raw)
    except (TypeError, ValueError):
        raise _Unreadable(Message(_UNREADABLE_SETTINGS[key])) from None
    defaults = cls()
    for f in fields(cls):
        if not _same_kind(getattr(config, f.name), getattr(defaults, f.name)):
            raise _Unreadable(Message(QT_TRANSLATE_NOOP(
                "Engine", 'its setting "{setting}" has an unusable value'), setting=f.name))
    # JSON writes 0.0 as 0 when edited by hand: a number setting is a float, as the panel's.
    return replace(config, **{f.name: float(getattr(config, f.name)) for f in fields(cls)
                              if type(getattr(defaults, f.name)) is float})


class _Unreadable(ValueError):
    """A section of project.json that cannot be used; its argument says why (a Message)."""


# The sections of project.json (the keys of _CONFIGS), each in its own words.
_UNREADABLE_SETTINGS = {
    "data": QT_TRANSLATE_NOOP("Engine", "its data settings are not readable"),
    "model": QT_TRANSLATE_NOOP("Engine", "its model settings are not readable"),
    "train": QT_TRANSLATE_NOOP("Engine", "its train settings are not readable"),
    "sample": QT_TRANSLATE_NOOP("Engine", "its sample settings are not readable"),
}


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(value, bool) or isinstance(default, bool):
        return type(value) is type(default)  # bool is an int in Python; keep them apart
    if default is None:  # optional int (a seed)
        return value is None or isinstance(value, int)
    if isinstance(default, float):
        # An int too big for a float (10**400) is no setting either.
        return isinstance(value, (int, float)) and abs(value) < 1e300 and math.isfinite(value)
    if isinstance(default, tuple):
        return all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def _damaged(label: str, why: str) -> Message:
    """why: a Message, "its text (corpus.txt) is missing"."""
    return Message(QT_TRANSLATE_NOOP("Engine", 'The project "{name}" is damaged: {why}.'),
                   name=label, why=why)


def _corpus_missing() -> Message:
    return Message(QT_TRANSLATE_NOOP("Engine", "its text ({file}) is missing"), file=CORPUS_FILE)


def cannot_read(label: str, error: OSError | None = None) -> Message:
    """'The project "Poems" cannot be read (Permission denied).'; without an error, no reason."""
    if error is None:
        return Message(QT_TRANSLATE_NOOP("Engine", 'The project "{name}" cannot be read.'),
                       name=label)
    return Message(QT_TRANSLATE_NOOP("Engine", 'The project "{name}" cannot be read ({problem}).'),
                   name=label, problem=describe_os_error(error))


def message_of(error: BaseException) -> str:
    """The sentence an error carries, kept as a Message (translatable) where it is one; several
    sentences (InvalidConfig's problems) as one Message of them all."""
    problems = getattr(error, "problems", None)
    if isinstance(problems, list) and problems and all(isinstance(p, str) for p in problems):
        return joined(problems)
    if len(error.args) == 1 and isinstance(error.args[0], Message):
        return error.args[0]
    return str(error)


def _str(value: Any, fallback: str) -> str:
    return value if isinstance(value, str) else fallback


def mtime_iso(path: Path) -> str:
    """A file's modification time in the same format as now_iso()."""
    try:
        return (
            datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")
        )
    except OSError:
        return now_iso()
