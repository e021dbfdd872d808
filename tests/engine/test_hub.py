"""Downloading pretrained models by name (engine/hub.py), against a stand-in Hub on 127.0.0.1:
the real huggingface_hub code path, with no network."""

import json
import os

import pytest

from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import EngineError
from gptstudio.engine.events import DownloadEvent
from gptstudio.engine.hub import DownloadCancelled, fetch_model, hub_cache_dir

from ..gpt2_helpers import make_gpt2_folder, make_wordpiece_gpt2_folder
from ..hub_server import StandInHub

pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("repos")
    bert = root / "bert"
    bert.mkdir()
    (bert / "config.json").write_text(json.dumps({"model_type": "bert",
                                                  "architectures": ["BertForMaskedLM"]}))
    (bert / "model.safetensors").write_bytes(b"\0" * 1000)
    (bert / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n")
    return {"gpt2": make_gpt2_folder(root / "gpt2"),
            "uer/gpt2-chinese-poem": make_wordpiece_gpt2_folder(root / "poem"),
            "someone/bert": bert}


@pytest.fixture
def hub(folders, monkeypatch):
    server = StandInHub()
    for repo_id, folder in folders.items():
        server.add_repo(repo_id, folder)
    monkeypatch.setenv("HF_ENDPOINT", server.start())
    yield server
    server.stop()


def _events():
    events = []
    return events, events.append


def test_download_fills_the_standard_cache_and_reports_progress(hub):
    events, record = _events()
    files = fetch_model("gpt2", record)
    repo = hub.repos["gpt2"]
    assert files.folder == hub_cache_dir() / "models--gpt2" / "snapshots" / repo.commit
    assert files.revision == repo.commit
    names = {"config.json", "model.safetensors", "vocab.json", "merges.txt"}
    assert names <= {p.name for p in files.folder.iterdir()}
    assert files.downloaded_bytes == sum(len(repo.files[n].data) for n in names)

    progress = [e for e in events if isinstance(e, DownloadEvent)]
    assert progress[-1].finished and progress[-1].done_bytes == progress[-1].total_bytes
    assert progress[-1].total_bytes == files.downloaded_bytes
    done = [e.done_bytes for e in progress]
    assert done == sorted(done) and done[0] < done[-1]
    assert {e.file for e in progress if not e.checking} >= {"model.safetensors"}
    assert any(e.checking for e in progress)

    from gptstudio.engine.hf_gpt2 import import_gpt2

    assert import_gpt2(files.folder).tokenizer.kind == "gpt2"

    # A second time nothing is downloaded: the files are in the cache.
    again = fetch_model("gpt2")
    assert again.folder == files.folder and again.downloaded_bytes == 0
    assert len(hub.gets_of("model.safetensors")) == 1


def test_what_gpt_studio_downloads_other_tools_read(hub):
    import transformers

    fetch_model("gpt2")
    model = transformers.GPT2LMHeadModel.from_pretrained(
        "gpt2", cache_dir=hub_cache_dir(), local_files_only=True)
    assert model.config.n_layer == 2


def test_a_model_another_tool_downloaded_is_used_without_the_hub(hub, monkeypatch):
    from huggingface_hub import snapshot_download

    snapshot_download("gpt2", cache_dir=hub_cache_dir(), endpoint=hub.url)  # "another tool"
    hub.stop()
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    files = fetch_model("gpt2")
    assert files.downloaded_bytes == 0
    assert (files.folder / "model.safetensors").is_file()


def test_cancel_stops_the_download_and_a_new_one_completes(hub):
    hub.faults.bytes_per_second = 400_000
    hub.faults.chunk = 8192
    control = RunControl()

    def cancel_once_bytes_flow(event):
        if event.done_bytes > 0 and event.file == "model.safetensors":
            control.stop()

    with pytest.raises(DownloadCancelled) as error:
        fetch_model("gpt2", cancel_once_bytes_flow, control)
    assert "cancelled" in str(error.value)
    cache = hub_cache_dir() / "models--gpt2"
    snapshot = cache / "snapshots" / hub.repos["gpt2"].commit
    assert not (snapshot / "model.safetensors").exists()
    assert not list(cache.glob("blobs/*.incomplete"))  # no half file left behind
    hub.faults.bytes_per_second = 0
    files = fetch_model("gpt2")
    assert (files.folder / "model.safetensors").is_file()


def test_a_broken_connection_is_resumed_where_it_stopped(hub, monkeypatch):
    from huggingface_hub import constants

    # huggingface_hub writes what it received in pieces of DOWNLOAD_CHUNK_SIZE (10 MB) and resumes
    # from the last whole piece: with the test's small file, pieces of 4 kB show the resume.
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 4096)
    size = len(hub.repos["gpt2"].files["model.safetensors"].data)
    hub.faults.drop_after["model.safetensors"] = 15 * 4096
    hub.faults.chunk = 4096
    files = fetch_model("gpt2")
    assert hub.gets_of("model.safetensors") == [None, "bytes=61440-"]  # not from the start
    assert (files.folder / "model.safetensors").stat().st_size == size
    assert files.downloaded_bytes >= size  # the checksum was checked too (else it raises)


def test_a_damaged_file_is_refused_and_removed(hub):
    hub.faults.corrupt.add("model.safetensors")
    with pytest.raises(EngineError) as error:
        fetch_model("gpt2")
    assert str(error.value) == ("The downloaded file model.safetensors is damaged: its checksum "
                                "differs from the Hub's. It was removed; try again to download it "
                                "anew.")
    snapshot = hub_cache_dir() / "models--gpt2" / "snapshots" / hub.repos["gpt2"].commit
    assert not (snapshot / "model.safetensors").exists()
    blobs = list((hub_cache_dir() / "models--gpt2" / "blobs").iterdir())
    assert hub.repos["gpt2"].files["model.safetensors"].etag() not in {b.name for b in blobs}
    hub.faults.corrupt.clear()
    assert (fetch_model("gpt2").folder / "model.safetensors").is_file()


def test_a_model_that_does_not_exist_is_a_sentence(hub):
    with pytest.raises(EngineError) as error:
        fetch_model("nobody/nothing-here")
    assert str(error.value) == ("There is no model nobody/nothing-here on the Hugging Face Hub (or "
                                "it is private). Check the name: it is written like gpt2 or "
                                "uer/gpt2-chinese-poem.")


def test_not_a_name_is_a_sentence():
    with pytest.raises(EngineError, match="is not a model name of the Hugging Face Hub"):
        fetch_model("not a name!")


def test_another_architecture_is_refused_before_its_weights(hub):
    with pytest.raises(EngineError) as error:
        fetch_model("someone/bert")
    assert "GPT Studio can start from GPT-2 models only" in str(error.value)
    assert "GPT2LMHeadModel" in str(error.value)
    assert hub.gets_of("model.safetensors") == []


def test_offline_reads_the_cache_and_says_when_a_model_is_not_there(hub, monkeypatch):
    online = fetch_model("gpt2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    before = len(hub.requests)
    assert fetch_model("gpt2").folder == online.folder
    assert len(hub.requests) == before  # not one request
    with pytest.raises(EngineError) as error:
        fetch_model("uer/gpt2-chinese-poem")
    assert str(error.value) == (
        "The model uer/gpt2-chinese-poem is not on this computer, and downloading is turned off "
        "(HF_HUB_OFFLINE is set). Download it once while online, or unset HF_HUB_OFFLINE.")


def test_no_network_and_not_cached_is_a_sentence():
    with pytest.raises(EngineError) as error:
        fetch_model("gpt2")  # HF_ENDPOINT: nothing listens there (tests/conftest.py)
    assert str(error.value).startswith("The Hugging Face Hub cannot be reached (")
    assert str(error.value).endswith("and the model gpt2 is not on this computer yet. Check the "
                                     "internet connection, then try again.")


def test_disk_space_is_checked_before_downloading(hub, monkeypatch):
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 1000, 1000))
    with pytest.raises(EngineError) as error:
        fetch_model("gpt2")
    assert str(error.value).startswith("Downloading gpt2 needs ")
    assert "but only 0 MB is free" in str(error.value)
    assert hub.gets_of("model.safetensors") == []


def test_a_chinese_gpt2_comes_with_its_wordpiece_vocabulary(hub):
    from gptstudio.engine.hf_gpt2 import import_gpt2

    files = fetch_model("uer/gpt2-chinese-poem")
    assert (files.folder / "vocab.txt").is_file()
    assert files.folder.parent.parent.name == "models--uer--gpt2-chinese-poem"
    assert import_gpt2(files.folder).tokenizer.kind == "wordpiece"
    assert os.path.islink(files.folder / "vocab.txt")  # huggingface_hub's own layout
