"""Starting from a pretrained model by name on the command line: `gptstudio models`, and
`gptstudio new NAME --corpus FILE --from MODEL` against a stand-in Hub on 127.0.0.1 (no network)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gptstudio.cli import main
from gptstudio.engine.catalogue import CATALOGUE
from gptstudio.projects.store import ProjectStore

from .gpt2_helpers import CHINESE_TEXT, TEXT, make_gpt2_folder, make_wordpiece_gpt2_folder
from .hub_server import StandInHub

transformers = pytest.importorskip("transformers")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("repos")
    return {"gpt2": make_gpt2_folder(root / "gpt2"),
            "uer/gpt2-chinese-poem": make_wordpiece_gpt2_folder(root / "poem")}


@pytest.fixture
def hub(folders, monkeypatch):
    server = StandInHub()
    for repo_id, folder in folders.items():
        server.add_repo(repo_id, folder)
    monkeypatch.setenv("HF_ENDPOINT", server.start())
    yield server
    server.stop()


@pytest.fixture
def english(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def poems(tmp_path):
    path = tmp_path / "poems.txt"
    path.write_text(CHINESE_TEXT, encoding="utf-8")
    return path


def test_models_lists_the_catalogue(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    for entry in CATALOGUE:
        assert entry.repo_id in out
    for column in ("LANGUAGE", "PARAMETERS", "DOWNLOAD", "LICENCE", "FINE-TUNING HERE", "S/STEP"):
        assert column in out
    assert "uer/gpt2-chinese-poem" in out and "Apache-2.0" in out


def test_new_from_a_name_downloads_plans_and_fine_tunes(hub, english, capsys):
    assert main(["new", "Fox", "--corpus", str(english), "--from", "gpt2", "--block-size", "32",
                 "--minutes", "1"]) == 0
    out = capsys.readouterr().out
    assert "Downloaded gpt2:" in out and "Created project 'Fox' from gpt2" in out
    project = ProjectStore().open("Fox")
    assert project.data.tokenizer == "gpt2" and project.model.block_size == 32
    assert project.has_trained_model()  # the pretrained weights are step 0: Generate works at once
    train = project.train
    assert train.lora_rank == 0 and train.learning_rate == 1e-4 and train.max_iters >= 1
    assert train.validate() == []

    assert main(["generate", "Fox", "--prompt", "The quick", "--max-new-tokens", "5",
                 "--seed", "1"]) == 0
    assert capsys.readouterr().out.startswith("The quick")
    assert main(["train", "Fox", "--max-iters", "2", "--device", "cpu", "--precision", "fp32"]) == 0


def test_lora_project_trains_adapters_and_exports_them_merged(hub, poems, tmp_path, capsys):
    import torch

    from gptstudio.engine.checkpoint import latest_checkpoint, load_weights, model_config, read_meta
    from gptstudio.engine.model import GPT

    assert main(["new", "Poems", "--corpus", str(poems), "--from", "uer/gpt2-chinese-poem",
                 "--block-size", "48", "--fine-tune", "lora"]) == 0
    assert "LoRA adapters of rank 8" in capsys.readouterr().out
    project = ProjectStore().open("Poems")
    assert project.data.tokenizer == "wordpiece" and project.data.mode == "lines"
    assert project.train.lora_rank == 8 and project.train.learning_rate == 2e-4
    assert main(["train", "Poems", "--max-iters", "3", "--eval-interval", "3", "--batch-size", "4",
                 "--device", "cpu", "--precision", "fp32", "--learning-rate", "0.01"]) == 0
    folder = latest_checkpoint(project.checkpoint_dir)
    assert (folder / "adapter.safetensors").is_file()

    out = tmp_path / "exported"
    assert main(["export-hf", "Poems", str(out)]) == 0
    ours = GPT(model_config(folder, read_meta(folder)))
    load_weights(folder, ours)  # merged
    theirs = transformers.GPT2LMHeadModel.from_pretrained(out).eval()
    tok = transformers.AutoTokenizer.from_pretrained(out)
    ids = tok("床前明月光，疑是地上霜。", return_tensors="pt")["input_ids"]
    with torch.no_grad():
        torch.testing.assert_close(ours.eval()(ids)[0], theirs(ids).logits, atol=1e-5, rtol=1e-5)


def test_a_name_resolves_from_a_prefilled_cache_with_no_server(hub, english, monkeypatch, capsys):
    from huggingface_hub import snapshot_download

    from gptstudio.engine.hub import hub_cache_dir

    snapshot_download("gpt2", cache_dir=hub_cache_dir(), endpoint=hub.url)  # another tool's download
    hub.stop()
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    assert main(["new", "Cached", "--corpus", str(english), "--from", "gpt2",
                 "--block-size", "32"]) == 0
    assert "gpt2 is already on this computer" in capsys.readouterr().out
    assert ProjectStore().open("Cached").has_trained_model()


def test_offline_and_not_cached_is_one_sentence(english, tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "gptstudio", "new", "X", "--corpus", str(english), "--from",
         "uer/gpt2-chinese-poem"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "gptstudio: The model uer/gpt2-chinese-poem is not on this computer, and downloading is "
        "turned off (HF_HUB_OFFLINE is set). Download it once while online, or unset "
        "HF_HUB_OFFLINE.")
    assert ProjectStore().list() == []


def test_a_name_that_is_not_gpt2_or_not_there_is_one_sentence(hub, english, capsys):
    assert main(["new", "X", "--corpus", str(english), "--from", "nobody/nothing"]) == 1
    assert "There is no model nobody/nothing on the Hugging Face Hub" in capsys.readouterr().err
    assert ProjectStore().list() == []


def test_the_download_progress_line_says_size_speed_and_time_left():
    import io

    from gptstudio.cli_models import DownloadPrinter, describe_download
    from gptstudio.engine.events import DownloadEvent

    middle = DownloadEvent(file="model.safetensors", done_bytes=100 * 2**20,
                           total_bytes=400 * 2**20, bytes_per_second=5 * 2**20, eta_s=60.0)
    assert describe_download("gpt2", middle) == (
        "Downloading gpt2 model.safetensors [######..................] 100 MB of 400 MB | "
        "5 MB/s | 1m00s left")
    unknown = DownloadEvent("config.json", 0, 400 * 2**20, 0.0, None)
    assert describe_download("gpt2", unknown).endswith("time left unknown")
    done = DownloadEvent("", 400 * 2**20, 400 * 2**20, 5 * 2**20, 0.0, finished=True)
    cached = DownloadEvent("", 0, 0, 0.0, 0.0, finished=True)
    assert describe_download("gpt2", done) == "Downloaded gpt2: 400 MB."
    assert describe_download("gpt2", cached) == (
        "gpt2 is already on this computer (Hugging Face cache).")

    piped = io.StringIO()  # not a terminal: a line now and then, and the last one
    printer = DownloadPrinter("gpt2", piped)
    for event in (unknown, middle, middle, done):
        printer(event)
    assert piped.getvalue().splitlines() == [describe_download("gpt2", unknown),
                                             describe_download("gpt2", done)]
