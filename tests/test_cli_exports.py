"""gptstudio export-gguf / export-code / push: the result (and llama.cpp's check) on stdout, a
mistake as one sentence on stderr with exit code 1."""

from __future__ import annotations

import pytest

from gptstudio.cli import main
from gptstudio.projects.store import ProjectStore

from .export_helpers import copy_home, corpus, trained_project
from .stand_in_hub import StandInHub


@pytest.fixture(scope="module")
def _home(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli-export-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GPTSTUDIO_HOME", str(home))
        trained_project("Blog", corpus("english"), "char")
        trained_project("Marks", "a ▁ b c d e f g h. " * 300, "word")
    return home / "projects"


@pytest.fixture
def home(_home, capsys):
    copy_home(_home)
    capsys.readouterr()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if code:
        assert captured.err.startswith("gptstudio: ") and captured.err.count("\n") == 1
    return code, captured.out, captured.err


@pytest.mark.slow
def test_export_gguf_prints_the_llama_cpp_check(home, capsys, tmp_path):
    pytest.importorskip("llama_cpp")
    code, out, err = run(capsys, "export-gguf", "Blog", str(tmp_path / "blog.gguf"), "--type", "f32")
    assert code == 0, err
    assert "Checked with llama.cpp: the same" in out and "tokens when writing greedily" in out
    assert "Checking the file with llama.cpp" in err  # progress goes to stderr
    assert (tmp_path / "blog.gguf").is_file() and (tmp_path / "blog.Modelfile").is_file()
    assert "ollama create blog -f blog.Modelfile" in out


def test_export_gguf_refuses_what_cannot_be_exact(home, capsys, tmp_path):
    (tmp_path / "out").mkdir()
    code, _out, err = run(capsys, "export-gguf", "Marks", str(tmp_path / "out" / "m.gguf"))
    assert code == 1 and "U+2581" in err
    assert list((tmp_path / "out").iterdir()) == []


def test_export_gguf_of_an_untrained_project_is_a_sentence(home, capsys, tmp_path):
    ProjectStore().create("Fresh", corpus("english"))
    code, _out, err = run(capsys, "export-gguf", "Fresh", str(tmp_path / "f.gguf"))
    assert code == 1 and "There is no trained model yet" in err


def test_export_code_writes_the_program(home, capsys, tmp_path):
    code, out, _err = run(capsys, "export-code", "Blog", str(tmp_path / "program"))
    assert code == 0 and "python train.py" in out
    assert (tmp_path / "program" / "train.py").is_file()
    assert (tmp_path / "program" / "input.txt").read_text(encoding="utf-8") == corpus("english")


def test_push_shares_on_the_hub(home, capsys, monkeypatch):
    with StandInHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.setenv("HF_TOKEN", "hf_cli")
        monkeypatch.setenv("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        code, out, err = run(capsys, "push", "Blog", "ada/blog", "--licence", "mit", "--private")
        assert code == 0, err
        assert f"Shared 'Blog' on the Hub: {hub.url}/ada/blog" in out
        assert "README.md" in hub.received.files["ada/blog"]
