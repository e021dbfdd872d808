"""The engine's checkpoint, snapshot, training and token sentences are translatable Messages whose
English is unchanged."""

import json

import pytest

from gptstudio.engine.checkpoint import read_meta
from gptstudio.engine.distributed import DistContext
from gptstudio.engine.errors import CheckpointError, EngineError, InvalidConfig
from gptstudio.engine.messages import Message
from gptstudio.engine.snapshots import snapshot_meta
from gptstudio.engine.token_spans import preview_tokens
from gptstudio.engine.tokenizers import train_tokenizer


def test_a_damaged_checkpoint_is_a_message_with_its_reason_as_a_message(tmp_path):
    folder = tmp_path / "step-00000005"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"step": 5, "format_version": "x"}))
    with pytest.raises(CheckpointError) as caught:
        read_meta(folder)
    message = caught.value.args[0]
    assert isinstance(message, Message)
    assert message == "The checkpoint step-00000005 is damaged: its format version is not a number."
    assert "{folder}" in message.template and "{why}" in message.template
    assert "step-00000005" not in message.template
    assert isinstance(message.params["why"], Message)


def test_snapshot_batch_and_preview_sentences_are_messages(tmp_path):
    with pytest.raises(EngineError) as caught:
        snapshot_meta(tmp_path, 1200)
    message = caught.value.args[0]
    assert isinstance(message, Message) and "{step:,}" in message.template
    assert message == ("The saved model of step 1,200 is missing or damaged; choose another point "
                       "on the curve.")

    with pytest.raises(InvalidConfig) as caught:
        DistContext(rank=0, world_size=3, enabled=True).batch_slice(8)
    problem = caught.value.problems[0]
    assert isinstance(problem, Message)
    assert "{batch_size}" in problem.template and "{processes}" in problem.template
    assert problem == ("The batch size (8) must be a multiple of the number of processes (3) to "
                       "train on several devices.")

    preview = preview_tokens("xyz", "char", tokenizer=train_tokenizer("char", "abc"))
    assert isinstance(preview.note, Message)
    assert preview.note.startswith("The text has changed since your model's tokenizer was made")
