"""Every file of a project survives a disk that fills up (or turns read-only) half-way through
writing it: the previous version stays, byte for byte, no temporary file is left, the project still
opens, and the CLI says what happened in one sentence. (A failed os.replace of project.json is
covered in test_project.py; these fail in the middle of the write, for each file.)"""

from __future__ import annotations

import errno
from dataclasses import replace

import pytest

from gptstudio.cli import main
from gptstudio.engine.tokenizers import train_tokenizer
from tests.disk_faults import FailingDisk

WRITES = {
    "project.json": lambda p: (setattr(p, "train", replace(p.train, max_iters=7)), p.save()),
    "corpus.txt": lambda p: p.write_corpus("A different text.\n"),
    "tokenizer.json": lambda p: p.save_tokenizer(train_tokenizer("char", "xyz")),
    "samples.json": lambda p: p.add_sample("To", "To be", {}),
}


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES])
@pytest.mark.parametrize("name", list(WRITES))
def test_a_write_failing_half_way_keeps_the_previous_file(store, project, name, err):
    project.add_sample("", "kept", {})
    path = project.path / name
    before = path.read_bytes()
    with FailingDisk(err, name) as disk, pytest.raises(OSError) as info:
        WRITES[name](project)
    assert disk.failed and info.value.errno == err  # the UI and the CLI word it from the errno
    assert path.read_bytes() == before
    assert not [p.name for p in project.path.rglob("*") if p.name.endswith(".tmp")]
    reopened = store.open("Hamlet")
    assert reopened.read_corpus() == project.read_corpus()
    assert [(i.name, i.ok) for i in store.list()] == [("Hamlet", True)]


def _small(store, tiny_corpus):
    project = store.create("P", tiny_corpus)
    project.model = replace(project.model, block_size=16, n_layer=1, n_head=2, n_embd=16)
    project.train = replace(project.train, eval_iters=1, sample_tokens=4)
    project.save()
    return project


FAST = ["--eval-interval", "2", "--batch-size", "4", "--device", "cpu", "--precision", "fp32"]


def test_cli_disk_full_while_saving_settings_is_one_sentence(store, tiny_corpus, capsys):
    project = _small(store, tiny_corpus)
    before = (project.path / "project.json").read_bytes()
    with FailingDisk(errno.ENOSPC, "project.json"):
        assert main(["train", "P", "--max-iters", "4", *FAST]) == 1
    assert capsys.readouterr().err == "gptstudio: The disk is full.\n"
    assert (project.path / "project.json").read_bytes() == before


def test_cli_disk_full_while_saving_a_checkpoint_keeps_the_last_one(store, tiny_corpus, capsys):
    _small(store, tiny_corpus)
    with FailingDisk(errno.ENOSPC, "meta.json", nth=2):  # the checkpoint of step 4
        assert main(["train", "P", "--max-iters", "6", *FAST]) == 1
    err = capsys.readouterr().err
    assert err.startswith("gptstudio: The checkpoint of step 4 could not be saved: the disk is full.")
    assert err.count("\n") == 1 and "Traceback" not in err

    assert main(["list"]) == 0
    assert "P\ttrained" in capsys.readouterr().out
    assert main(["generate", "P", "--prompt", "To", "--max-new-tokens", "5", "--seed", "1"]) == 0
    capsys.readouterr()
    assert main(["train", "P", "--max-iters", "6", *FAST]) == 0
    assert "from step 2 to 6" in capsys.readouterr().out
    assert store.open("P").history().steps == tuple(range(1, 7))
