"""Pretrained models from the Hugging Face Hub, by name, through huggingface_hub.

    files = fetch_model("gpt2", on_event, control)    # -> ModelFiles(folder=... a GPT-2 folder)

huggingface_hub does the downloading and keeps the files in its standard cache (~/.cache/huggingface/
hub, or HF_HUB_CACHE / HF_HOME), so a model another program downloaded is used without downloading it
again, and one downloaded here serves transformers too. Its own behaviour gives: a download that
breaks off is resumed where it stopped (it retries with an HTTP Range request), and HF_HUB_OFFLINE=1
makes it read the cache only. This module adds what a user needs around it:

* only the files GPT Studio reads: config.json (checked to be GPT-2 before any weights are
  fetched), the weights (model.safetensors, else pytorch_model.bin, which is loaded with
  weights_only) and the tokenizer (GPT-2's vocab.json + merges.txt, or BERT's vocab.txt);
* the disk space checked before the first byte (huggingface_hub only warns);
* progress as plain events (bytes, speed, time left) and a cancel between any two chunks;
* every file's checksum compared with the Hub's (sha256 for large files, git's sha1 for small ones):
  a damaged file is removed from the cache, so the next try downloads it again;
* one plain sentence for each way it can fail (no such model, offline and not cached, no network).

HF_ENDPOINT, HF_HUB_OFFLINE and the cache variables are read at each call, not at import, so a test
(or a user who changes them) gets what they say.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gptstudio.engine.control import RunControl
from gptstudio.engine.download_progress import DownloadCancelled, Tracker
from gptstudio.engine.errors import EngineError
from gptstudio.engine.events import DownloadEvent
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.fsio import atomic_write_text

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")  # the first the repository has is used
BPE_FILES = ("vocab.json", "merges.txt")  # GPT-2's byte-level BPE
WORDPIECE_FILES = ("vocab.txt",)  # BERT's WordPiece (the Chinese GPT-2 models)
OPTIONAL_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
# Room kept free beyond the download itself: a full disk breaks everything else too.
DISK_MARGIN_BYTES = 200 * 2**20


@dataclass(frozen=True)
class ModelFiles:
    folder: Path  # a GPT-2 folder in the cache (config.json, weights, tokenizer files)
    repo_id: str
    revision: str  # the commit the files belong to
    downloaded_bytes: int  # 0 when everything came from the cache


# ---------------------------------------------------------------------------------------------------
# Where: the endpoint, the cache, offline


def endpoint() -> str | None:
    return os.environ.get("HF_ENDPOINT") or None


def hub_cache_dir() -> Path:
    """huggingface_hub's cache folder, by its own rules (HF_HUB_CACHE, then HF_HOME/hub)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def is_offline() -> bool:
    from huggingface_hub import constants

    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return constants.HF_HUB_OFFLINE or value.strip().upper() in ("1", "ON", "YES", "TRUE")


# ---------------------------------------------------------------------------------------------------
# Fetching


def fetch_model(repo_id: str, on_event: Callable[[DownloadEvent], None] | None = None,
                control: RunControl | None = None) -> ModelFiles:
    """The GPT-2 folder of `repo_id`, downloaded into the Hub cache where it is not there yet.

    Raises EngineError with the user's sentence; DownloadCancelled when control.stop() is called."""
    _check_name(repo_id)
    on_event = on_event or (lambda event: None)
    control = control or RunControl()
    if is_offline():
        files = _from_cache(repo_id, offline=True)
    else:
        try:
            listing = _listing(repo_id)
        except _Unreachable as error:
            files = _from_cache(repo_id, offline=False, reason=error.reason)
        else:
            return _fetch(repo_id, listing, on_event, control)
    on_event(DownloadEvent(file="", done_bytes=0, total_bytes=0, bytes_per_second=0.0, eta_s=0.0,
                           finished=True))
    return files


def _fetch(repo_id: str, listing: _Listing, on_event, control: RunControl) -> ModelFiles:
    """Download what the cache lacks of the repository's current commit, and check it all."""
    wanted = _files_to_fetch(repo_id, listing)
    missing = [name for name in wanted if not _cached(repo_id, name, listing)]
    tracker = Tracker(on_event, control, listing.sizes)
    tracker.expect(missing)  # the whole download's size from the first event on
    config = _download(repo_id, "config.json", listing, tracker)
    _check_config(config)
    _check_disk_space(repo_id, sum(listing.sizes[name] for name in missing if name != "config.json"))
    for name in wanted:
        if name != "config.json":
            _download(repo_id, name, listing, tracker)
    folder = config.parent
    for name in wanted:  # the files GPT Studio reads, each as the Hub has it
        tracker.checking(name)
        _verify(folder / name, listing.hashes.get(name))
    _point_main_at(repo_id, listing.commit)
    tracker.finish()
    return ModelFiles(folder, repo_id, listing.commit, tracker.downloaded)


def _check_name(repo_id: str) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "{name} is not a model name of the Hugging Face Hub: a name is like gpt2 or "
                      "uer/gpt2-chinese-poem (letters, digits, - _ . and one /)."),
            name=repr(repo_id))) from None


@dataclass
class _Listing:
    commit: str
    sizes: dict[str, int]
    hashes: dict[str, tuple[str, str]]  # name -> ("sha256" | "git-sha1", hex digest)


class _Unreachable(Exception):
    def __init__(self, reason: str):
        self.reason = reason


def _listing(repo_id: str) -> _Listing:
    """The repository's current commit and its files' sizes and hashes (one request)."""
    import httpx2
    from huggingface_hub import HfApi
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
    )

    try:
        info = HfApi(endpoint=endpoint()).model_info(repo_id, revision="main", files_metadata=True)
    except GatedRepoError:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model {name} is shared only with Hugging Face accounts that accepted its "
                      "terms; GPT Studio downloads open models only."), name=repo_id)) from None
    except RepositoryNotFoundError:
        raise _not_found(repo_id) from None
    except (httpx2.TransportError, OfflineModeIsEnabled) as error:
        raise _Unreachable(_reason(error)) from error
    except HfHubHTTPError as error:
        status = getattr(getattr(error, "response", None), "status_code", None)
        if status == 404:
            raise _not_found(repo_id) from None
        raise _Unreachable(_reason(error)) from error
    sizes, hashes = {}, {}
    for sibling in info.siblings or []:
        sizes[sibling.rfilename] = int(sibling.size or 0)
        if sibling.lfs is not None:
            hashes[sibling.rfilename] = ("sha256", sibling.lfs.sha256)
        elif sibling.blob_id:
            hashes[sibling.rfilename] = ("git-sha1", sibling.blob_id)
    return _Listing(info.sha or "main", sizes, hashes)


def _not_found(repo_id: str) -> EngineError:
    return EngineError(Message(QT_TRANSLATE_NOOP(
        "Engine", "There is no model {name} on the Hugging Face Hub (or it is private). Check the "
                  "name: it is written like gpt2 or uer/gpt2-chinese-poem."), name=repo_id))


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _files_to_fetch(repo_id: str, listing: _Listing) -> list[str]:
    names = listing.sizes
    if "config.json" not in names:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model {name} has no config.json, so it is not a model GPT Studio can "
                      "read."), name=repo_id))
    weights = next((w for w in WEIGHT_FILES if w in names), None)
    if weights is None:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model {name} has no weights in a format GPT Studio reads "
                      "(model.safetensors or pytorch_model.bin)."), name=repo_id))
    if all(f in names for f in BPE_FILES):
        tokenizer = list(BPE_FILES)
    elif all(f in names for f in WORDPIECE_FILES):
        tokenizer = list(WORDPIECE_FILES)
    else:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model {name} has no tokenizer GPT Studio reads (GPT-2's vocab.json and "
                      "merges.txt, or BERT's vocab.txt)."), name=repo_id))
    return ["config.json", weights, *tokenizer, *(f for f in OPTIONAL_FILES if f in names)]


def _check_config(path: Path) -> None:
    from gptstudio.engine.hf_gpt2 import check_architecture

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model's config.json cannot be read ({detail})."),
            detail=_reason(error))) from error
    if not isinstance(data, dict):
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model's config.json is not a JSON object.")))
    check_architecture(data)  # before any weights are fetched


def _cached(repo_id: str, name: str, listing: _Listing) -> bool:
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, name, cache_dir=hub_cache_dir(), revision=listing.commit)
    return isinstance(found, str)


def _check_disk_space(repo_id: str, needed: int) -> None:
    if needed <= 0:
        return
    folder = hub_cache_dir()
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None:
        return
    free = shutil.disk_usage(existing).free
    if free < needed + DISK_MARGIN_BYTES:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "Downloading {name} needs {needed} of disk space in {folder}, but only {free} "
                      "is free. Free some space, then try again."),
            name=repo_id, needed=_size(needed + DISK_MARGIN_BYTES), folder=str(folder),
            free=_size(free)))


def _download(repo_id: str, name: str, listing: _Listing, tracker: Tracker) -> Path:
    import httpx2
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    tracker.start_file(name)
    try:
        path = hf_hub_download(repo_id, name, revision=listing.commit, cache_dir=hub_cache_dir(),
                               endpoint=endpoint(), tqdm_class=tracker.bar_class)
    except DownloadCancelled:
        raise
    except (httpx2.TransportError, LocalEntryNotFoundError, HfHubHTTPError, OSError) as error:
        if tracker.cancelled:
            raise DownloadCancelled() from None
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The download of {file} broke off ({detail}). Try again: the files already "
                      "complete are kept."), file=name, detail=_reason(error))) from error
    tracker.end_file(name)
    return Path(path)


def _point_main_at(repo_id: str, commit: str) -> None:
    """refs/main -> the commit, as snapshot_download records it: the files were fetched by commit
    (so that all belong to one), which records no branch; other tools, and the offline lookup,
    find a model's newest copy through refs/main. Written once the copy is complete and checked."""
    from huggingface_hub.file_download import repo_folder_name

    ref = hub_cache_dir() / repo_folder_name(repo_id=repo_id, repo_type="model") / "refs" / "main"
    ref.parent.mkdir(parents=True, exist_ok=True)
    if not ref.is_file() or ref.read_text(encoding="utf-8").strip() != commit:
        atomic_write_text(ref, commit)


# ---------------------------------------------------------------------------------------------------
# From the cache alone


def _from_cache(repo_id: str, offline: bool, reason: str = "") -> ModelFiles:
    """The newest complete copy in the cache (the one refs/main points at)."""
    from huggingface_hub import try_to_load_from_cache

    cache = hub_cache_dir()
    found = try_to_load_from_cache(repo_id, "config.json", cache_dir=cache)
    folder = Path(found).parent if isinstance(found, str) else None
    if folder is not None:
        names = {p.name for p in folder.iterdir()}
        complete = (any(w in names for w in WEIGHT_FILES)
                    and (all(f in names for f in BPE_FILES) or "vocab.txt" in names))
        folder = folder if complete else None
    if folder is None and offline:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model {name} is not on this computer, and downloading is turned off "
                      "(HF_HUB_OFFLINE is set). Download it once while online, or unset "
                      "HF_HUB_OFFLINE."), name=repo_id))
    if folder is None:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The Hugging Face Hub cannot be reached ({detail}), and the model {name} is "
                      "not on this computer yet. Check the internet connection, then try again."),
            detail=reason, name=repo_id))
    _check_config(folder / "config.json")
    for path in folder.iterdir():  # the cache names each file by its hash: check it against that
        _verify(path, _hash_from_blob_name(path))
    return ModelFiles(folder, repo_id, folder.name, 0)


def _hash_from_blob_name(path: Path) -> tuple[str, str] | None:
    """huggingface_hub stores a file as blobs/<etag>, linked from the snapshot: the etag is the
    sha256 of a large file and git's sha1 of a small one. None where there is no link (a cache
    made without symlinks, as on Windows without developer mode)."""
    if not path.is_symlink():
        return None
    name = Path(os.readlink(path)).name
    if len(name) == 64 and all(c in "0123456789abcdef" for c in name):
        return ("sha256", name)
    if len(name) == 40 and all(c in "0123456789abcdef" for c in name):
        return ("git-sha1", name)
    return None


# ---------------------------------------------------------------------------------------------------
# Integrity


def file_hash(path: Path, kind: str) -> str:
    """sha256 of the content, or git's blob sha1 ("blob <size>\\0" + content)."""
    digest = hashlib.sha256() if kind == "sha256" else hashlib.sha1(b"blob %d\0" % path.stat().st_size)
    with open(path, "rb") as f:
        while chunk := f.read(4 * 2**20):
            digest.update(chunk)
    return digest.hexdigest()


def _verify(path: Path, expected: tuple[str, str] | None) -> None:
    if expected is None or not path.is_file():
        return
    kind, digest = expected
    if file_hash(path, kind) == digest:
        return
    blob = path.resolve()
    path.unlink(missing_ok=True)  # the snapshot's link, then the damaged content it points to
    if blob != path:
        blob.unlink(missing_ok=True)
    raise EngineError(Message(QT_TRANSLATE_NOOP(
        "Engine", "The downloaded file {file} is damaged: its checksum differs from the Hub's. It "
                  "was removed; try again to download it anew."), file=path.name))


def _size(n: int) -> str:
    return f"{n / 2**30:,.1f} GB" if n >= 2**30 else f"{n / 2**20:,.0f} MB"
