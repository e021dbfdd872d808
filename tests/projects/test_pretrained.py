"""Projects from a pretrained model (projects/pretrained.py): planned fine-tuning, the data mode for
a WordPiece model, and a LoRA project that travels in a .zip with its adapter."""

from dataclasses import replace

import pytest

from gptstudio.engine.config import SampleConfig
from gptstudio.projects.pretrained import create_from_pretrained, plan_fine_tune, pretrained_mode
from gptstudio.projects.store import ProjectStore

from ..gpt2_helpers import CHINESE_TEXT, TEXT, make_gpt2_folder, make_wordpiece_gpt2_folder

pytest.importorskip("transformers")
pytest.importorskip("peft")


def test_a_folder_becomes_a_project_with_planned_fine_tuning(tmp_path, monkeypatch):
    from gptstudio.engine import step_time

    # This tiny GPT-2 stands in for a real one, whose step is costly enough to keep measured.
    monkeypatch.setattr(step_time, "COSTLY_STEP_FLOPS", 0)
    folder = make_gpt2_folder(tmp_path / "gpt2")
    project = create_from_pretrained(ProjectStore(), "Fox", TEXT, folder, block_size=32,
                                     minutes=2)
    train = project.train
    assert project.has_trained_model() and project.model.block_size == 32
    assert train.lora_rank == 0 and train.learning_rate == 1e-4 and train.weight_decay == 0.0
    assert 1 <= train.max_iters and train.validate() == []
    plan = plan_fine_tune(project.model, block_size=32)
    assert plan.seconds_per_step is not None  # measured while creating, then read from the cache
    forced = create_from_pretrained(ProjectStore(), "Fox LoRA", TEXT, folder, block_size=32,
                                    method="lora")
    assert forced.train.lora_rank == 8 and forced.train.learning_rate == 2e-4


def test_a_wordpiece_model_reads_one_example_per_line_where_lines_fit(tmp_path):
    from gptstudio.engine.hf_gpt2 import import_gpt2

    tok = import_gpt2(make_wordpiece_gpt2_folder(tmp_path / "poem")).tokenizer
    assert pretrained_mode(CHINESE_TEXT, tok, 64) == "lines"
    long_lines = "".join(line * 20 + "\n" for line in CHINESE_TEXT.splitlines())
    assert pretrained_mode(long_lines, tok, 64) == "continuous"  # each line would be cut
    assert pretrained_mode(TEXT, None, 64) == "continuous"  # GPT-2's: the usual guess


def test_conversations_on_a_wordpiece_model_are_refused_in_a_sentence(tmp_path):
    """The Chinese GPT-2s' WordPiece vocabulary has no turn markers yet: conversations are
    recognised as such and refused with a sentence, not made lines nor a traceback."""
    from pathlib import Path

    from gptstudio.engine.hf_gpt2 import import_gpt2
    from gptstudio.projects.project import ProjectError

    folder = make_wordpiece_gpt2_folder(tmp_path / "poem")
    chat = (Path(__file__).resolve().parents[2] / "corpora" / "chat_fruit.txt").read_text("utf-8")
    assert pretrained_mode(chat, import_gpt2(folder).tokenizer, 64) == "chat"
    with pytest.raises(ProjectError, match="WordPiece vocabulary"):
        create_from_pretrained(ProjectStore(), "Fruit", chat, folder, block_size=48)


def test_a_lora_project_exported_and_imported_writes_the_same(tmp_path):
    from gptstudio.engine.model_service import load_generator
    from gptstudio.engine.trainer import Trainer

    store = ProjectStore()
    project = create_from_pretrained(store, "Poems", CHINESE_TEXT,
                                     make_wordpiece_gpt2_folder(tmp_path / "poem"),
                                     block_size=48, method="lora")
    train = replace(project.train, max_iters=3, eval_interval=3, batch_size=4, device="cpu",
                    precision="fp32", learning_rate=1e-2)
    Trainer(corpus=project.read_corpus(), tokenizer=project.load_tokenizer(), data=project.data,
            model=project.model, train=train, checkpoint_dir=project.checkpoint_dir
            ).run(lambda event: None)
    store.export("Poems", tmp_path / "poems.zip")
    again = store.import_archive(tmp_path / "poems.zip", name="Poems again")
    from gptstudio.engine.checkpoint import latest_checkpoint

    assert (latest_checkpoint(again.checkpoint_dir) / "adapter.safetensors").is_file()
    config = SampleConfig(temperature=0.0, max_new_tokens=20)
    first = load_generator(project.checkpoint_dir, device="cpu").generate_ids("明月", config)
    second = load_generator(again.checkpoint_dir, device="cpu").generate_ids("明月", config)
    assert first == second and first[0]
