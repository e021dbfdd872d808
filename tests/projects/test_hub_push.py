"""Sharing on the Hub, against a stand-in Hub on 127.0.0.1 (HF_ENDPOINT): the repository is
created with the user's login and receives the Hugging Face folder, the model card and the loss
curve; a missing login or a refusal is one sentence."""

from __future__ import annotations

import json

import pytest

from gptstudio.projects.hub import push_to_hub
from gptstudio.projects.project import ProjectError
from gptstudio.projects.store import ProjectStore

from ..export_helpers import copy_home, corpus, trained_project
from ..stand_in_hub import StandInHub

pytest.importorskip("huggingface_hub")


@pytest.fixture(scope="module")
def _home(tmp_path_factory):
    home = tmp_path_factory.mktemp("hub-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GPTSTUDIO_HOME", str(home))
        trained_project("Blog", corpus("english"), "char")
        trained_project("Poems", corpus("chinese"), "bpe")
    return home / "projects"


@pytest.fixture
def hub(monkeypatch, _home):
    copy_home(_home)
    with StandInHub() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HF_TOKEN", "hf_test_token")
        monkeypatch.setenv("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        yield server


def test_push_creates_the_repository_and_uploads_the_model_card_and_curve(hub):
    project = ProjectStore().open("Blog")
    project.add_sample("The ", "GPU explains the error.", {"temperature": 0.8})
    url = push_to_hub(project, "ada/blog-gpt", licence="mit", private=True)
    assert url == f"{hub.url}/ada/blog-gpt"
    assert hub.received.repos["ada/blog-gpt"]["name"] == "blog-gpt"
    assert hub.received.repos["ada/blog-gpt"].get("visibility", "private") == "private"
    assert set(hub.received.authorizations) == {"Bearer hf_test_token"}
    files = hub.received.files["ada/blog-gpt"]
    assert {"config.json", "model.safetensors", "gptstudio_tokenizer.json", "README.md",
            "loss_curve.svg"} <= set(files)
    config = json.loads(files["config.json"])
    assert config["model_type"] == "gpt2" and config["n_positions"] == 32
    card = files["README.md"].decode("utf-8")
    assert card.startswith("---\nlicense: mit\n") and "# Blog" in card
    assert f"{len(corpus('english')):,} characters" in card
    assert "![Loss curve](loss_curve.svg)" in card and "The GPU explains the error." in card
    svg = files["loss_curve.svg"].decode("utf-8")
    assert svg.startswith("<svg") and svg.count("<polyline") == 2
    assert len(files["model.safetensors"]) > 10_000


def test_a_bpe_model_card_shows_transformers_usage_and_pushing_again_updates(hub):
    project = ProjectStore().open("Poems")
    push_to_hub(project, "ada/poems")
    push_to_hub(project, "ada/poems", licence="cc-by-4.0")  # the repository exists: a new commit
    files = hub.received.files["ada/poems"]
    assert {"vocab.json", "merges.txt", "tokenizer.json"} <= set(files)
    card = files["README.md"].decode("utf-8")
    assert "license: cc-by-4.0" in card and 'pipeline("text-generation"' in card
    assert len(hub.received.commits) == 2


def test_without_a_login_the_push_says_how_to_log_in(hub, monkeypatch, tmp_path):
    monkeypatch.delenv("HF_TOKEN")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "no-login"))  # no saved token either
    with pytest.raises(ProjectError, match="hf auth login"):
        push_to_hub(ProjectStore().open("Blog"), "ada/blog")
    assert hub.received.repos == {}


@pytest.mark.parametrize(("status", "words"), [(401, "did not accept the login"),
                                               (403, "may not write to ada/x")])
def test_a_refusal_is_one_sentence(hub, status, words):
    hub.received.refuse_with = status
    with pytest.raises(ProjectError, match=words):
        push_to_hub(ProjectStore().open("Blog"), "ada/x")


def test_a_bad_repository_name_is_refused_before_anything_is_sent(hub):
    with pytest.raises(ProjectError, match="not a Hub repository name"):
        push_to_hub(ProjectStore().open("Blog"), "no slash here")
    assert hub.received.authorizations == []


def test_an_unreachable_hub_is_a_sentence(monkeypatch, _home):
    copy_home(_home)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # the discard port: nothing listens
    monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    with pytest.raises(ProjectError, match="cannot be reached"):
        push_to_hub(ProjectStore().open("Blog"), "ada/x")


def test_a_licence_the_hub_does_not_know_is_a_sentence(hub):
    with pytest.raises(ProjectError, match="did not accept the model card"):
        push_to_hub(ProjectStore().open("Blog"), "ada/y", licence="my own terms")
