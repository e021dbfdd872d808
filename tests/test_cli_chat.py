"""`gptstudio chat NAME` end to end: a project made from conversations, trained, then talked to
through a real pipe; each reply is the one the engine writes for the same conversation."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gptstudio.cli import main
from gptstudio.engine.config import SampleConfig
from gptstudio.projects.store import ProjectStore

CHATS = "\n\n".join(f"User: What is {a} plus {b}?\nAssistant: {a + b}." for a in range(8)
                    for b in range(5)) + "\n"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def chat_project(tmp_path):
    corpus = tmp_path / "sums.txt"
    corpus.write_text(CHATS, encoding="utf-8")
    assert main(["new", "Sums", "--corpus", str(corpus), "--preset", "tiny"]) == 0
    assert main(["train", "Sums", "--max-iters", "3", "--eval-interval", "3", "--batch-size", "4",
                 "--device", "cpu", "--precision", "fp32"]) == 0
    return ProjectStore().open("Sums")


def chat_through_a_pipe(*args: str, lines: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "gptstudio", "chat", *args], input=lines,
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def engine_replies(project, conversations, config):
    from gptstudio.engine.chat import ChatSession
    from gptstudio.engine.model_service import load_generator

    generator = load_generator(project.checkpoint_dir, device="cpu")
    replies = []
    for conversation in conversations:
        session = ChatSession(generator)
        for line in conversation:
            replies.append("".join(e.text for e in session.say(line, config)))
    return replies


def test_the_guess_makes_a_chat_project(chat_project, capsys):
    assert chat_project.data.mode == "chat"
    assert chat_project.load_tokenizer().chat.user_label == "User:"


def test_a_line_in_the_reply_out_through_a_pipe(chat_project):
    done = chat_through_a_pipe("Sums", "--temperature", "0", "--max-new-tokens", "6",
                               "--device", "cpu", lines="What is 1 plus 2?\nWhat is 3 plus 4?\n\n"
                                                        "What is 5 plus 1?\n")
    assert done.returncode == 0, done.stderr
    config = SampleConfig(temperature=0, max_new_tokens=6, top_alternatives=0)
    # An empty line starts a new conversation: the third question is asked afresh.
    replies = engine_replies(chat_project, [["What is 1 plus 2?", "What is 3 plus 4?"],
                                            ["What is 5 plus 1?"]], config)
    assert done.stdout == "".join(reply + "\n" for reply in replies)
    assert done.stderr == ""


def test_unknown_characters_are_left_out_with_a_note(chat_project):
    done = chat_through_a_pipe("Sums", "--temperature", "0", "--max-new-tokens", "3",
                               "--device", "cpu", lines="What is 1 plus 2? ✓\n")
    assert done.returncode == 0
    assert done.stderr == "Left out of your message what the model has never seen: '✓'.\n"
    config = SampleConfig(temperature=0, max_new_tokens=3, top_alternatives=0)
    assert done.stdout == engine_replies(chat_project, [["What is 1 plus 2? "]], config)[0] + "\n"


def test_a_model_of_plain_text_cannot_chat(tmp_path, capsys):
    corpus = tmp_path / "plain.txt"
    corpus.write_text("Plain text, no speakers at all. " * 200, encoding="utf-8")
    assert main(["new", "Plain", "--corpus", str(corpus), "--preset", "tiny"]) == 0
    assert main(["train", "Plain", "--max-iters", "2", "--eval-interval", "2", "--batch-size", "2",
                 "--device", "cpu", "--precision", "fp32"]) == 0
    capsys.readouterr()
    assert main(["chat", "Plain"]) == 1
    assert capsys.readouterr().err == (
        "gptstudio: The project 'Plain' was not trained on conversations (its data is continuous "
        "text): `gptstudio generate` continues its text instead.\n")


def test_a_malformed_conversation_is_named_when_the_project_is_made(tmp_path, capsys):
    corpus = tmp_path / "chats.jsonl"
    good = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}'
    corpus.write_text("\n".join([good] * 12 + ['{"messages": [oops'] + [good]) + "\n", encoding="utf-8")
    assert main(["new", "Json", "--corpus", str(corpus), "--preset", "tiny", "--mode", "chat"]) == 0
    out = capsys.readouterr().out
    assert "Note: Line 13 is not valid JSON (Expecting value, column 15)." in out
    assert main(["train", "Json", "--max-iters", "2", "--device", "cpu"]) == 1
    assert "Line 13 is not valid JSON" in capsys.readouterr().err


def test_automatic_settings_refuse_a_text_with_no_conversations_and_say_what_to_do(tmp_path, capsys):
    """A WhatsApp export made a chat project with settings chosen for a 2-character corpus."""
    corpus = tmp_path / "whatsapp.txt"
    corpus.write_text("\n".join(f"12/03/2023, 10:{i:02d} - Anna: see you at {i}" for i in range(40)),
                      encoding="utf-8")
    assert main(["new", "Chat", "--corpus", str(corpus), "--mode", "chat"]) == 1
    err = capsys.readouterr().err
    assert "No conversations could be read from this text" in err and "Line 1" in err
    assert "--preset tiny" in err
    assert "Chat" not in [info.name for info in ProjectStore().list()]
