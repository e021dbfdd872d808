"""Property test: random bytes in any file of a trained project never crash the loaders. Listing,
opening, reading the corpus, tokenizer, history and samples, loading the model to generate and
resuming training either work or raise one of our errors with a sentence."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gptstudio.cli import main
from gptstudio.engine.checkpoint import latest_checkpoint
from gptstudio.engine.errors import EngineError
from gptstudio.projects.project import ProjectError
from gptstudio.projects.store import ProjectStore

FILES = ["project.json", "corpus.txt", "tokenizer.json", "checkpoints/latest.json",
         "{step}/meta.json", "{step}/model.safetensors", "{step}/optimizer.safetensors",
         "{step}/tokenizer.json"]


@pytest.fixture
def trained(tiny_corpus, capsys):
    store = ProjectStore()
    project = store.create("Victim", tiny_corpus * 2, preset="tiny")
    assert main(["train", "Victim", "--max-iters", "2", "--eval-interval", "2", "--batch-size", "2",
                 "--device", "cpu", "--precision", "fp32"]) == 0
    capsys.readouterr()
    step = latest_checkpoint(project.checkpoint_dir).relative_to(project.path)
    return store, project.path, {name: project.path / name.format(step=step) for name in FILES}


def exercise(store, name: str) -> None:
    """Everything the app and the CLI read from a project, each allowed to refuse in words."""
    from gptstudio.engine.model_service import load_generator

    for info in store.list():
        assert info.ok or info.error
    try:
        project = store.open(name)
    except ProjectError as error:
        assert str(error)
        return
    for read in (project.read_corpus, project.load_tokenizer, project.history,
                 project.saved_samples):
        try:
            read()
        except (ProjectError, EngineError) as error:
            assert str(error)
    try:
        load_generator(project.checkpoint_dir, device="cpu")
    except (ProjectError, EngineError) as error:
        assert str(error)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(which=st.sampled_from(FILES), content=st.binary(max_size=600),
       keep=st.integers(min_value=0, max_value=4000))
def test_random_or_truncated_bytes_in_any_project_file_never_crash(trained, which, content, keep):
    store, _folder, paths = trained
    path = paths[which]
    original = path.read_bytes()
    try:
        # Either a truncated copy of the real file (the usual damage) or random bytes.
        path.write_bytes(original[:keep] if keep < len(original) and not content else content)
        exercise(store, "Victim")
    finally:
        path.write_bytes(original)


def test_resuming_from_a_damaged_checkpoint_is_a_sentence(trained, capsys):
    _store, _folder, paths = trained
    model = paths["{step}/model.safetensors"]
    model.write_bytes(model.read_bytes()[:100])
    code = main(["train", "Victim", "--max-iters", "4", "--device", "cpu", "--precision", "fp32"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("gptstudio: ") and "Traceback" not in err
