"""Sharing a project's model on the Hugging Face Hub.

The repository gets what "Export to Hugging Face format" writes (a GPT-2 folder transformers
loads) plus a model card and its loss curve (model_card.py). The upload goes through
huggingface_hub with the user's usual login: the token `hf auth login` saved, or HF_TOKEN. The
Hub's address is huggingface_hub's (HF_ENDPOINT moves it, as it does for every HF tool).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from gptstudio.engine.loss_history import LossHistory
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.fsio import atomic_write_text
from gptstudio.projects.project import Project, ProjectError

LICENCES = ("mit", "apache-2.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc0-1.0",
            "openrail", "other")  # the Hub's identifiers a user is most likely to want


def hub_login() -> str | None:
    """The token of the user's usual Hugging Face login, or None."""
    from huggingface_hub import get_token

    return get_token()


def push_to_hub(project: Project, repo_id: str, *, licence: str = "", private: bool = False,
                token: str | None = None,
                progress: Callable[[Message], None] | None = None) -> str:
    """Create (or update) the model repository `repo_id` with the project's model, its model card
    and loss curve. Returns the repository's address. Raises ProjectError with a sentence."""
    say = progress or (lambda _message: None)
    repo_id = repo_id.strip()
    _check_repo_id(repo_id)
    token = token or hub_login()
    if not token:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "No Hugging Face login was found. Log in once with `hf auth login` in a "
                      "terminal (or set HF_TOKEN to an access token with write permission), "
                      "then share again.")))
    with tempfile.TemporaryDirectory(prefix="gptstudio-hub-") as folder:
        say(Message(QT_TRANSLATE_NOOP("Engine", "Preparing the model and its card…")))
        write_repository(project, Path(folder), licence=licence)
        say(Message(QT_TRANSLATE_NOOP("Engine", "Uploading to {repo}…"), repo=repo_id))
        return _upload(Path(folder), repo_id, token=token, private=private)


def write_repository(project: Project, folder: Path, *, licence: str) -> None:
    """The repository's files: the Hugging Face GPT-2 folder, README.md (the card) and the curve."""
    from gptstudio.engine.checkpoint import read_meta
    from gptstudio.projects.exports import checkpoint_to_use
    from gptstudio.projects.model_card import LOSS_CURVE, loss_curve_svg, model_card
    from gptstudio.projects.pretrained import export_to_hf

    checkpoint = checkpoint_to_use(project)
    meta = read_meta(checkpoint)
    export_to_hf(project, folder)
    from gptstudio.engine.config import ModelConfig, from_dict

    parameters = from_dict(ModelConfig, meta.get("model")).param_count()
    atomic_write_text(folder / "README.md",
                      model_card(project, meta, licence=licence, parameters=parameters))
    atomic_write_text(folder / LOSS_CURVE, loss_curve_svg(LossHistory.from_dict(meta.get("history"))))


def _check_repo_id(repo_id: str) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
        if repo_id.count("/") != 1:
            raise HFValidationError(repo_id)
    except HFValidationError:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "{repo} is not a Hub repository name: write your user (or organisation) "
                      "name, a slash and a name made of letters, digits, '-', '_' and '.', such "
                      "as ada/shakespeare-gpt."), repo=repr(repo_id))) from None


def _upload(folder: Path, repo_id: str, *, token: str, private: bool) -> str:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    api = HfApi(endpoint=os.environ.get("HF_ENDPOINT") or None, token=token)
    try:
        url = api.create_repo(repo_id, private=private, exist_ok=True, repo_type="model")
        api.upload_folder(folder_path=folder, repo_id=repo_id, repo_type="model",
                          commit_message="Upload a model trained with GPT Studio")
    except HfHubHTTPError as error:
        status = error.response.status_code if error.response is not None else None
        raise ProjectError(_refusal(status, repo_id, error)) from error
    except ValueError as error:  # the Hub's check of the card's metadata: a licence it does not know
        detail = " ".join(str(error).split("\n")[1:]).strip("- ") or str(error)
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The Hub did not accept the model card's details ({detail}). Choose a "
                      "licence from the Hub's list, such as mit or cc-by-4.0."),
            detail=detail[:300])) from error
    except OSError as error:  # no network, refused connection, DNS, timeouts (httpx's are OSErrors too)
        raise ProjectError(_unreachable(error)) from error
    except Exception as error:  # httpx's transport errors are not OSErrors
        if type(error).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")):
            raise ProjectError(_unreachable(error)) from error
        raise
    return str(url)


def _refusal(status: int | None, repo_id: str, error: Exception) -> Message:
    if status == 401:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "The Hub did not accept the login (the token may have expired): log in "
                      "again with `hf auth login`."))
    if status == 403:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "The login may not write to {repo}: use a token with write permission, "
                      "and your own user or an organisation you belong to."), repo=repo_id)
    return Message(QT_TRANSLATE_NOOP(
        "Engine", "The Hub refused the upload ({detail})."),
        detail=str(error).strip().splitlines()[0][:200] if str(error).strip() else status)


def _unreachable(error: Exception) -> Message:
    return Message(QT_TRANSLATE_NOOP(
        "Engine", "The Hub cannot be reached ({detail}). Check the internet connection and try "
                  "again."), detail=str(error)[:200] or type(error).__name__)
