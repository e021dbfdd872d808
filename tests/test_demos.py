"""The shipped demo corpora: present, readable, correct, and exactly what generate.py writes."""

import importlib.util
from pathlib import Path

import pytest

from gptstudio.demos import DEMOS, demo_corpus_path, get_demo, read_demo
from gptstudio.engine.data import suggest_mode


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.key)
def test_demo_exists_is_text_and_its_mode_matches(demo):
    text = read_demo(demo.key)
    assert len(text) > 10_000
    assert suggest_mode(text) == demo.mode
    if demo.mode == "lines":
        assert max(len(line) for line in text.splitlines()) <= 20


def test_every_sum_is_right():
    lines = read_demo("addition").splitlines()
    assert len(lines) == len(set(lines)) == 3000
    for line in lines:
        left, total = line.split("=")
        a, b = left.split("+")
        assert int(a) + int(b) == int(total)


def test_generate_py_writes_the_shipped_files(tmp_path):
    script = Path(demo_corpus_path("names")).parent / "generate.py"
    spec = importlib.util.spec_from_file_location("generate_corpora", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for demo in DEMOS:
        assert (tmp_path / demo.filename).read_bytes() == demo_corpus_path(demo.key).read_bytes()


def test_unknown_demo():
    with pytest.raises(KeyError, match="no demo corpus"):
        get_demo("klingon")
