"""Compare with a fine-tuned GPT-2 (LoRA adapters) beside a model trained from scratch on the same
text: both curves, and each writes what the engine writes with the same prompt and seed."""

from dataclasses import replace

import pytest

from gptstudio.engine.config import SampleConfig
from gptstudio.projects.store import ProjectStore
from gptstudio.ui.threads import wait_for_pool
from gptstudio.ui.windows.compare_window import CompareWindow

from ..gpt2_helpers import TEXT, make_gpt2_folder

pytest.importorskip("transformers")
pytest.importorskip("peft")


def _train(project, **settings) -> None:
    from gptstudio.engine.trainer import Trainer

    train = replace(project.train, device="cpu", precision="fp32", **settings)
    Trainer(corpus=project.read_corpus(), tokenizer=project.load_tokenizer(), data=project.data,
            model=project.model, train=train, checkpoint_dir=project.checkpoint_dir
            ).run(lambda event: None)


@pytest.fixture
def store(tmp_path):
    from gptstudio.projects.pretrained import create_from_gpt2

    store = ProjectStore()
    scratch = store.create("From scratch", TEXT * 4, preset="tiny")
    _train(scratch, max_iters=6, eval_interval=3, batch_size=4)
    tuned = create_from_gpt2(store, "Fine-tuned GPT-2", TEXT * 4,
                             make_gpt2_folder(tmp_path / "gpt2"), block_size=32, mode="continuous")
    _train(tuned, max_iters=4, eval_interval=2, batch_size=4, lora_rank=4)
    return store


def test_a_fine_tuned_gpt2_beside_a_model_from_scratch(qtbot, store):
    from gptstudio.engine.model_service import load_generator

    window = CompareWindow(store, current="Fine-tuned GPT-2")
    qtbot.addWidget(window)
    window.show()
    try:
        window.prompt.setPlainText("The quick")
        window.seed.setValue(3)
        window.max_tokens.setValue(12)
        with qtbot.waitSignal(window.outputs_shown, timeout=60_000):
            window.write_button.click()
        config = SampleConfig(max_new_tokens=12, seed=3, temperature=window.temperature.value())
        expected = {}
        for name in ("From scratch", "Fine-tuned GPT-2"):
            generator = load_generator(store.open(name).checkpoint_dir, device="cpu")
            expected[name] = generator.generate("The quick", config)[0]
        assert window.outputs() == expected
        assert window.output_ok() == {"From scratch": True, "Fine-tuned GPT-2": True}
        assert all(expected.values())
        assert "validation loss" in window._columns["Fine-tuned GPT-2"].details.text()
    finally:
        window.shutdown()
        wait_for_pool()  # no job outlives its test
