"""Bad input to `gptstudio new` and `gptstudio generate`: one sentence naming the reason, and
nothing changed; a prompt with unseen characters can go on without them (--drop-unknown)."""

import time

import pytest

from gptstudio.engine.text_files import MAX_CORPUS_BYTES

from .test_cli import FAST, run


def one_sentence(err: str) -> bool:
    return err.startswith("gptstudio: ") and err.count("\n") == 1 and "Traceback" not in err


# -- the corpus file -------------------------------------------------------------------------------

@pytest.mark.parametrize("size, shown", [(200_000_000, "200 MB"),
                                         (MAX_CORPUS_BYTES + 1, "just over 50 MB")])
def test_new_refuses_a_corpus_over_the_limit_and_creates_nothing(capsys, tmp_path, size, shown):
    big = tmp_path / "big.txt"
    with open(big, "wb") as file:
        file.truncate(size)  # sparse: no disk space, and reading it would take 200 MB of memory
    start = time.perf_counter()
    code, _, err = run(capsys, "new", "Big", "--corpus", str(big), "--preset", "tiny")
    assert time.perf_counter() - start < 1
    assert code == 1 and one_sentence(err)
    assert f"This file is {shown}; GPT Studio works with corpora up to 50 MB. Use a part of it." in err
    assert "No projects yet" in run(capsys, "list")[1]


def test_new_from_a_single_repeated_character_says_what_the_model_can_learn(capsys, tmp_path):
    path = tmp_path / "aaa.txt"
    path.write_text("a" * 3000)
    code, out, err = run(capsys, "new", "A", "--corpus", str(path), "--preset", "tiny")
    assert code == 0, err
    assert "Note: The text is a single character ('a') repeated" in out
    code, out, err = run(capsys, "train", "A", *FAST)
    assert code == 0 and "Done: 12 steps" in out, err


# -- generation settings ---------------------------------------------------------------------------

@pytest.mark.parametrize("argv, reason", [
    (["--max-new-tokens", "0"], "The number of new tokens must be between 1 and 100,000."),
    (["--max-new-tokens", "1000000"], "The number of new tokens must be between 1 and 100,000."),
    (["--top-p", "0"], "Top-p must be more than 0 and at most 1 (1 turns it off)."),
    (["--temperature", "-0.5"], "The temperature cannot be negative"),
    (["--top-k", "-3"], "Top-k cannot be negative (0 turns it off)."),
    (["--repetition-penalty", "0"], "The repetition penalty must be more than 0 and at most 10"),
    (["--repetition-penalty", "-1"], "The repetition penalty must be more than 0 and at most 10"),
    (["-n", "0"], "The number of samples must be between 1 and 100."),
])
def test_generate_refuses_each_bad_setting_with_its_reason(capsys, corpus_file, argv, reason):
    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")  # checked before the model is needed
    code, out, err = run(capsys, "generate", "P", *argv)
    assert code == 1 and one_sentence(err) and reason in err and not out


def test_unknown_prompt_characters_can_be_left_out(capsys, corpus_file):
    run(capsys, "new", "P", "--corpus", str(corpus_file), "--preset", "tiny")
    run(capsys, "train", "P", *FAST)
    code, out, err = run(capsys, "generate", "P", "--prompt", "To be 你Z", "--max-new-tokens", "5")
    assert code == 1 and one_sentence(err) and not out
    assert "'Z', '你'" in err and "--drop-unknown" in err

    code, out, err = run(capsys, "generate", "P", "--prompt", "To be 你Z", "--max-new-tokens", "5",
                         "--seed", "3", "--drop-unknown")
    assert code == 0, err
    assert err.splitlines()[0] == "Left out of the prompt what the model has never seen: 'Z', '你'."
    assert out.startswith("To be ") and len(out) == len("To be ") + 5 + 1  # + the final newline

    # Temperature 0 is greedy: the same text twice, with no seed.
    greedy = [run(capsys, "generate", "P", "--prompt", "To", "--temperature", "0",
                  "--max-new-tokens", "20")[1] for _ in range(2)]
    assert greedy[0] == greedy[1] and len(greedy[0]) == 2 + 20 + 1
