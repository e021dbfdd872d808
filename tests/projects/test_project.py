"""One project on disk: settings round trip, damaged files reported in a sentence, samples."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from gptstudio.engine.config import DataConfig, ModelConfig, SampleConfig, TrainConfig
from gptstudio.fsio import atomic_write_json
from gptstudio.projects import project as project_module
from gptstudio.projects.project import SCHEMA_VERSION, Project, ProjectError


def _rewrite_meta(project: Project, **changes) -> None:
    meta = json.loads((project.path / "project.json").read_text(encoding="utf-8"))
    meta.update(changes)
    atomic_write_json(project.path / "project.json", meta)


def test_every_setting_survives_save_and_load(project):
    project.data = DataConfig(tokenizer="word", bpe_vocab_size=1000, mode="lines", val_fraction=0.2)
    project.model = ModelConfig(
        vocab_size=77, block_size=32, n_layer=2, n_head=2, n_embd=64, dropout=0.25, bias=False
    )
    project.train = TrainConfig(
        batch_size=8,
        learning_rate=3e-4,
        min_lr_ratio=0.05,
        warmup_iters=7,
        max_iters=123,
        eval_interval=11,
        eval_iters=3,
        weight_decay=0.0,
        beta1=0.8,
        beta2=0.95,
        grad_clip=0.0,
        device="cpu",
        precision="fp32",
        compile=True,
        seed=7,
        sample_prompt="To be",
        sample_tokens=50,
        num_threads=2,
    )
    project.sample = SampleConfig(
        temperature=0.0,
        top_k=5,
        top_p=0.9,
        min_p=0.05,
        repetition_penalty=1.3,
        max_new_tokens=99,
        num_samples=3,
        seed=42,
        stop=("\n\n", "THE END"),
        top_alternatives=0,
    )
    project.preset = "custom"
    project.save()

    loaded = Project.load(project.path)
    assert loaded == project  # every field: path, name, times, preset and the four configs
    assert isinstance(loaded.sample.stop, tuple)


def test_project_json_holds_the_documented_keys(project):
    meta = json.loads((project.path / "project.json").read_text(encoding="utf-8"))
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["name"] == "Hamlet"
    assert {"created", "modified", "preset", "data", "model", "train", "sample"} <= meta.keys()


def test_save_marks_the_project_modified(project, monkeypatch):
    monkeypatch.setattr(project_module, "now_iso", lambda: "2030-01-01T00:00:00+00:00")
    project.save()
    assert Project.load(project.path).modified == "2030-01-01T00:00:00+00:00"


def test_corpus_round_trip_keeps_every_byte(project):
    text = "Zeile eins\r\nligne deux ✓\n\ttab\n"
    project.write_corpus(text)
    assert project.read_corpus() == text
    assert project.corpus_path.read_bytes() == text.encode("utf-8")


def test_tokenizer_saved_at_creation_loads_back(project):
    tok = project.load_tokenizer()
    assert tok is not None
    assert tok.vocab_size == project.model.vocab_size
    project.tokenizer_path.unlink()
    assert project.load_tokenizer() is None


def test_damaged_tokenizer_file_is_a_project_error(project):
    project.tokenizer_path.write_bytes(b"\x00garbage{")
    with pytest.raises(ProjectError, match="tokenizer"):
        project.load_tokenizer()


def test_has_trained_model_looks_for_a_checkpoint(project):
    assert not project.has_trained_model()
    (project.checkpoint_dir / "step-00000010").mkdir(parents=True)
    assert not project.has_trained_model()  # an empty folder is not a checkpoint
    (project.checkpoint_dir / "step-00000010" / "meta.json").write_text("{}")
    assert project.has_trained_model()
    (project.checkpoint_dir / "latest.json").write_text('{"folder": "step-00000010", "step": 10}')
    assert project.has_trained_model()


def test_history_is_empty_before_training(project):
    history = project.history()
    assert history.steps == () and history.eval_val == ()


# --------------------------------------------------------------------------------------------------
# Damage


def test_missing_folder(tmp_path):
    with pytest.raises(ProjectError, match="There is no project"):
        Project.load(tmp_path / "nope")


def test_missing_project_json(project):
    (project.path / "project.json").unlink()
    with pytest.raises(
        ProjectError, match=r"damaged: its settings file \(project.json\) is missing"
    ):
        Project.load(project.path)


@pytest.mark.parametrize(
    "content",
    [b"", b'{"name": "Hamlet", "sche', b"\xff\xfe\x00garbage", b"[1, 2]", b"[" * 100_000, b"null"],
)
def test_unreadable_project_json(project, content):
    (project.path / "project.json").write_bytes(content)
    with pytest.raises(ProjectError, match="is damaged: its settings file .* is not valid"):
        Project.load(project.path)


def test_newer_schema_is_refused_with_advice(project):
    _rewrite_meta(project, schema_version=SCHEMA_VERSION + 1)
    with pytest.raises(ProjectError, match='"Hamlet" was made by a newer version of GPT Studio'):
        Project.load(project.path)


@pytest.mark.parametrize("version", [None, "1", 0, -3, 1.5, True])
def test_invalid_schema_version(project, version):
    _rewrite_meta(project, schema_version=version)
    with pytest.raises(ProjectError, match="no valid version number"):
        Project.load(project.path)


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("name", "", "has no name"),
        ("name", 42, "has no name"),
        ("model", [1, 2], "model settings are not readable"),
        ("model", {"n_layer": "four"}, 'setting "n_layer" has an unusable value'),
        ("model", {"bias": 1}, 'setting "bias" has an unusable value'),
        ("train", {"learning_rate": float("nan")}, 'setting "learning_rate" has an unusable value'),
        ("train", {"max_iters": True}, 'setting "max_iters" has an unusable value'),
        ("sample", {"stop": 5}, "sample settings are not readable"),
        ("sample", {"stop": [1]}, 'setting "stop" has an unusable value'),
        ("data", {"tokenizer": None}, 'setting "tokenizer" has an unusable value'),
    ],
)
def test_wrongly_typed_settings_are_reported(project, key, value, reason):
    _rewrite_meta(project, **{key: value})
    with pytest.raises(ProjectError, match=reason):
        Project.load(project.path)


def test_unknown_and_missing_settings_fall_back_to_defaults(project):
    _rewrite_meta(project, model={"n_layer": 3, "from_a_newer_version": 1}, sample=None)
    loaded = Project.load(project.path)
    assert loaded.model == ModelConfig(n_layer=3)
    assert loaded.sample == SampleConfig()


def test_missing_corpus(project):
    project.corpus_path.unlink()
    with pytest.raises(ProjectError, match=r"damaged: its text \(corpus.txt\) is missing"):
        Project.load(project.path)
    with pytest.raises(ProjectError, match="is missing"):
        project.read_corpus()


def test_corpus_that_is_not_utf8(project):
    project.corpus_path.write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(ProjectError, match="not UTF-8"):
        project.read_corpus()


def test_failed_save_keeps_the_previous_project_json(project, monkeypatch):
    before = (project.path / "project.json").read_bytes()
    project.train = replace(project.train, max_iters=1)

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("gptstudio.fsio.os.replace", broken_replace)
    with pytest.raises(OSError):
        project.save()
    monkeypatch.undo()
    assert (project.path / "project.json").read_bytes() == before
    assert not [p for p in project.path.iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------------------------------
# Saved samples


def test_samples_are_added_in_order(project):
    assert project.saved_samples() == []
    project.add_sample("To be", "To be or not", {"temperature": 0.8, "stop": ("\n",)})
    project.add_sample("", "Whether 'tis", {})
    samples = project.saved_samples()
    assert [s["text"] for s in samples] == ["To be or not", "Whether 'tis"]
    assert samples[0]["prompt"] == "To be"
    assert samples[0]["settings"] == {"temperature": 0.8, "stop": ["\n"]}
    assert {"time", "prompt", "text", "settings"} == samples[1].keys()


def test_samples_keep_only_the_newest(project, monkeypatch):
    monkeypatch.setattr(project_module, "MAX_SAMPLES", 3)
    for i in range(5):
        project.add_sample("", f"sample {i}", {})
    assert [s["text"] for s in project.saved_samples()] == ["sample 2", "sample 3", "sample 4"]


def test_damaged_samples_file_reads_as_empty(project):
    project.samples_path.write_bytes(b"{not json")
    assert project.saved_samples() == []
    project.samples_path.write_text('[{"text": "kept"}, 3, "x"]')
    assert project.saved_samples() == [{"text": "kept"}]
    project.add_sample("", "new", {})
    assert [s["text"] for s in project.saved_samples()] == ["kept", "new"]


def test_sample_that_cannot_be_saved_leaves_the_old_samples(project):
    project.add_sample("", "first", {})
    with pytest.raises(TypeError):
        project.add_sample("", "second", {"bad": object()})
    assert [s["text"] for s in project.saved_samples()] == ["first"]


def test_writes_to_a_project_deleted_elsewhere_do_not_bring_its_folder_back(project, tmp_path):
    project.path.rename(tmp_path / "moved away")
    for write in (
        project.save,
        lambda: project.write_corpus("x"),
        lambda: project.add_sample("", "x", {}),
    ):
        with pytest.raises(ProjectError, match='"Hamlet" is no longer at'):
            write()
    assert not project.path.exists()
