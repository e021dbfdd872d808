"""The shipped demo corpora: present, readable, correct, and exactly what generate.py writes."""

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from gptstudio.demos import DEMOS, apply_demo, demo_corpus_path, get_demo, read_demo
from gptstudio.engine.config import DataConfig
from gptstudio.engine.text_shape import guess_mode


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.key)
def test_demo_exists_is_text_and_its_mode_matches(demo):
    text = read_demo(demo.key)
    assert len(text) > 10_000
    assert guess_mode(text).mode == demo.mode
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


# -- each demo's settings ---------------------------------------------------------------------------


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.key)
def test_demo_settings_validate_and_say_what_to_look_for(demo):
    assert demo.problems() == []
    assert DataConfig(tokenizer=demo.tokenizer, mode=demo.mode).validate() == []
    # Short enough for a card: one paragraph, read in a few seconds.
    assert 60 < len(demo.look_for) <= 260 and "\n" not in demo.look_for
    from gptstudio.ui.main.welcome import created_message

    assert demo.look_for in created_message(demo) and demo.prompt in created_message(demo)
    assert demo.train.max_iters <= 2000  # a couple of minutes on a laptop CPU, not an evening
    assert demo.train.eval_interval <= demo.train.max_iters // 5  # several samples to watch


@pytest.mark.parametrize("demo", [d for d in DEMOS if d.mode == "lines"], ids=lambda d: d.key)
def test_a_line_and_its_start_and_end_marks_fit_the_context(demo):
    longest = max(len(line) for line in read_demo(demo.key).splitlines())
    assert longest + 2 <= demo.model.block_size


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.key)
def test_the_prompts_use_only_characters_of_the_corpus(demo):
    text = read_demo(demo.key)
    for prompt in (demo.prompt, demo.train.sample_prompt):
        assert set(prompt) <= set(text)


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.key)
def test_each_demo_trains_in_its_mode_with_its_settings(demo):
    from gptstudio.engine.events import EvalEvent
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    text = read_demo(demo.key)
    data = DataConfig(tokenizer=demo.tokenizer, mode=demo.mode)
    tok = train_tokenizer(demo.tokenizer, text, mode=demo.mode)
    model, train, _sample = demo.settings(tok.vocab_size)
    train = replace(train, max_iters=3, eval_interval=3, eval_iters=1, sample_tokens=4,
                    device="cpu", precision="fp32", warmup_iters=1)
    events = []
    result = Trainer(corpus=text, tokenizer=tok, data=data, model=model, train=train,
                     checkpoint_dir=None).run(events.append)
    evals = [e for e in events if isinstance(e, EvalEvent)]
    assert evals and evals[-1].step == 3 and evals[-1].val_loss > 0
    assert result.reason == "finished" and result.step == 3


@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.key)
def test_apply_demo_gives_a_new_project_the_demo_settings(demo):
    from gptstudio.projects.store import ProjectStore

    store = ProjectStore()
    project = store.create(demo.title, read_demo(demo.key),
                           data=DataConfig(tokenizer=demo.tokenizer, mode=demo.mode))
    vocab = project.model.vocab_size
    apply_demo(project, demo)
    project.save()
    again = store.open(demo.title)
    assert again.model == replace(demo.model, vocab_size=vocab)
    assert again.train == demo.train and again.sample == demo.sample
    assert again.data.mode == demo.mode
