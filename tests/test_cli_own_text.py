"""The command line with a real person's file: any encoding, control characters cleaned and said,
the data mode guessed with its reason, Automatic settings by default, train more, the best model."""

import json

import pytest

from gptstudio.cli import main
from gptstudio.projects.store import ProjectStore

POEMS = "\n%\n".join(
    f"\x1b[32m题目:《诗{i}》\x1b[m\n\x1b[33m作者:李白\x1b[m\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。"
    for i in range(40)) + "\n"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def poems_file(tmp_path):
    path = tmp_path / "song100.txt"
    path.write_bytes(POEMS.encode("gb18030"))  # a Chinese Windows file, colour codes and all
    return path


def test_new_reads_the_encoding_cleans_and_guesses_and_says_each(capsys, poems_file):
    code, out, err = run(capsys, "new", "Poems", "--corpus", str(poems_file), "--preset", "tiny")
    assert code == 0, err
    assert "Read song100.txt as GB18030 / GBK (Simplified Chinese) (--encoding chooses another)." in out
    assert "Removed 640 characters that are not text: 160 terminal colour codes" in out
    assert "Data: blocks. 160 lines in 40 pieces separated by lines such as “%”" in out
    project = ProjectStore().open("Poems")
    assert "\x1b" not in project.read_corpus() and project.data.mode == "blocks"
    assert project.read_corpus().startswith("题目:《诗0》\n作者:李白\n")
    assert project.mode_guessed  # the app says the mode is the guess, not the user's choice


def test_a_chosen_encoding_is_used(capsys, poems_file):
    code, out, err = run(capsys, "new", "Wrong", "--corpus", str(poems_file), "--encoding", "big5",
                         "--preset", "tiny", "--mode", "continuous")
    assert code == 0, err
    assert "Read song100.txt as" not in out  # chosen, not guessed: nothing to say
    assert "床前明月光" not in ProjectStore().open("Wrong").read_corpus()
    assert not ProjectStore().open("Wrong").mode_guessed  # --mode: chosen


def test_new_chooses_automatic_settings_for_the_time_given(capsys, poems_file):
    code, out, err = run(capsys, "new", "Auto", "--corpus", str(poems_file), "--minutes", "1")
    assert code == 0, err
    assert "Choosing settings for 1 min of training" in out
    assert "parameters (" in out and "steps of" in out and "Automatic settings for 1 min" in out
    assert "Note: This text is small for a model that starts from nothing" in out
    project = ProjectStore().open("Auto")
    assert project.preset == "auto" and project.budget_minutes == 1
    assert project.train.early_stop_evals > 0 and project.model.block_size >= 48
    assert json.loads((project.path / "project.json").read_text())["budget_minutes"] == 1


def test_train_more_goes_on_from_the_schedules_end_and_generate_picks_best_or_latest(capsys, corpus_file):
    fast = ["--batch-size", "4", "--device", "cpu", "--precision", "fp32", "--eval-interval", "4"]
    assert run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")[0] == 0
    assert run(capsys, "train", "P", "--max-iters", "8", *fast)[0] == 0
    code, out, err = run(capsys, "train", "P", "--more", "4", *fast)
    assert code == 0, err
    assert "from step 8 to 12" in out
    project = ProjectStore().open("P")
    assert (project.train.max_iters, project.train.schedule_iters) == (12, 8)
    from gptstudio.engine.checkpoint import best_checkpoint

    best_step = int(best_checkpoint(project.checkpoint_dir).name.removeprefix("step-"))
    for which, step in (("best", best_step), ("latest", 12)):
        code, out, err = run(capsys, "generate", "P", "--model", which, "--max-new-tokens", "5",
                             "--seed", "1")
        assert code == 0, err
        assert f"Writing with the {which} model (step {step})." in err
    # A new model has its own schedule, not the stretched one of the model it replaces.
    code, _, err = run(capsys, "train", "P", "--more", "4", "--new-model", *fast)
    assert code == 1 and "Choose one" in err
    assert run(capsys, "train", "P", "--new-model", "--max-iters", "8", *fast)[0] == 0
    project = ProjectStore().open("P")
    assert (project.train.max_iters, project.train.schedule_iters) == (8, 0)


def test_automatic_with_words_or_bpe_asks_for_a_preset(capsys, corpus_file):
    code, _, err = run(capsys, "new", "W", "--corpus", str(corpus_file), "--tokenizer", "word")
    assert code == 1 and "chosen for character tokens" in err and "--preset" in err

