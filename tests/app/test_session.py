"""The application's state without a window: the rules MainWindow and its controllers rely on."""

from __future__ import annotations

from dataclasses import replace

from gptstudio.app.recent import RecentProjects
from gptstudio.app.session import Session, training_done
from gptstudio.engine.config import SampleConfig, TrainConfig
from gptstudio.engine.loss_history import LossHistory
from gptstudio.engine.tokenizers import CharTokenizer
from gptstudio.projects.store import ProjectStore


class FakeLock:
    def __init__(self):
        self.released = 0

    def release(self):
        self.released += 1


class FakeProject:
    """What Session reads of a Project, without the files."""

    def __init__(self, trained=True, preset="custom", mode="continuous"):
        self.trained, self.preset = trained, preset
        self.data = type("Data", (), {"mode": mode})()

    def has_trained_model(self):
        return self.trained


def opened(project=None, tokenizer=None) -> Session:
    session = Session()
    session.open(project or FakeProject(), FakeLock())
    session.tokenizer = tokenizer
    return session


def test_close_releases_the_lock_once_and_forgets_everything():
    session = opened(tokenizer=CharTokenizer.train("abc"))
    lock = session.lock
    session.start_generation("a", SampleConfig())
    session.close()
    session.close()
    assert lock.released == 1
    assert (session.project, session.lock, session.tokenizer, session.generation) == (None,) * 4
    assert not session.is_open


def test_a_new_model_is_started_when_asked_for_or_when_none_was_trained():
    assert opened(FakeProject(trained=False)).starts_new_model()
    session = opened(FakeProject(trained=True))
    assert not session.starts_new_model()
    session.new_model_pending = True
    assert session.starts_new_model()
    session.model_saved()
    assert not session.starts_new_model()
    session.new_model_pending = True
    session.open(FakeProject(), FakeLock())  # another project: no new model waits for it
    assert not session.new_model_pending


def test_the_text_differs_from_the_one_trained_on_only_for_a_trained_model():
    session = opened(FakeProject(trained=True))
    session.show_project("the text", trained=True)
    assert not session.text_differs_from_trained("the text")
    assert session.text_differs_from_trained("another text")
    session.start_training("another text", new_model=False)
    assert not session.text_differs_from_trained("another text")
    session.new_model_pending = True  # the trained model is about to go: nothing to say
    assert not session.text_differs_from_trained("a third text")
    untrained = opened(FakeProject(trained=False))
    untrained.show_project("x", trained=False)
    assert untrained.corpus_at_training is None
    assert not untrained.text_differs_from_trained("y")


def test_automatic_is_assumed_for_a_project_that_chose_it():
    session = opened(FakeProject(preset="auto"))
    session.show_project("", trained=False)
    assert session.assume_automatic
    session = opened(FakeProject(preset="tiny"))
    session.show_project("", trained=False)
    assert not session.assume_automatic


def test_unknown_characters_are_those_the_tokenizer_never_saw():
    session = opened(tokenizer=CharTokenizer.train("abc "))
    assert session.unknown_in("abc cab") == []
    assert session.unknown_in("abz") == ["z"]
    assert opened(tokenizer=None).unknown_in("zzz") == []  # no tokenizer: training reports


def test_only_the_newest_tokenizer_read_is_wanted():
    session = opened()
    first = session.next_tokenizer_request()
    second = session.next_tokenizer_request()
    assert not session.wants_tokenizer(first)
    assert session.wants_tokenizer(second)
    session.close()
    assert not session.wants_tokenizer(second)


def test_a_generation_keeps_its_prompt_and_its_error_until_it_ends():
    session = opened()
    config = SampleConfig()
    session.generation_failed("ignored: nothing runs")
    session.start_generation("Once", config)
    session.generation_failed("out of memory")
    ended = session.end_generation()
    assert (ended.prompt, ended.config, ended.error) == ("Once", config, "out of memory")
    assert session.end_generation() is None


def test_the_old_model_goes_beside_the_trash_named_after_the_project(tmp_path):
    project = ProjectStore().create("Poems", "some text to learn from\n" * 20)
    session = opened(project)
    place = session.old_model_place(tmp_path)
    assert place.parent == tmp_path
    assert place.name.startswith(f"{project.path.name}-old-model-")


def _history(last_step: int, vals: tuple[float, ...]) -> LossHistory:
    return LossHistory(steps=(last_step,), train_loss=(2.0,),
                       eval_steps=tuple(10 * (i + 1) for i in range(len(vals))), eval_val=vals)


def test_training_done_at_its_steps_or_after_early_stopping():
    train = replace(TrainConfig(), max_iters=100, early_stop_evals=2)
    assert not training_done(LossHistory(), train)
    assert training_done(_history(100, ()), train)
    assert not training_done(_history(50, (2.0, 1.9, 1.8)), train)
    assert training_done(_history(50, (2.0, 1.5, 1.6, 1.7)), train)
    assert not training_done(_history(50, (2.0, 1.5, 1.6, 1.7)), replace(train, early_stop_evals=0))


def test_recent_projects_newest_first_without_repeats_and_limited():
    kept = {"value": "solo"}  # a settings file stores a one-item list as a string
    recent = RecentProjects(lambda: kept["value"], lambda names: kept.update(value=names),
                            limit=3)
    assert recent.names() == ["solo"]
    for name in ("a", "b", "a", "c"):
        recent.remember(name)
    assert recent.names() == ["c", "a", "b"]
    assert recent.forget("a") == ["c", "b"]
    kept["value"] = None
    assert recent.names() == []
