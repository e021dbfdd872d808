"""LoRA fine-tuning (engine/lora.py through peft): only the adapters learn, a stopped run resumes
exactly, and whatever reads the model (generation, export) gets the adapter merged in."""

import dataclasses

import numpy as np
import pytest
import torch

from gptstudio.engine.checkpoint import (
    latest_checkpoint,
    load_weights,
    model_config,
    new_history,
    read_meta,
    save_checkpoint,
)
from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig, to_dict
from gptstudio.engine.control import RunControl
from gptstudio.engine.events import StepEvent
from gptstudio.engine.lora import (
    ADAPTER_FILE,
    LoraSettings,
    add_adapters,
    has_adapters,
    merged_model,
)
from gptstudio.engine.memory import estimate_training_memory_bytes, trainable_parameters
from gptstudio.engine.model import GPT
from gptstudio.engine.trainer import Trainer

from ..gpt2_helpers import TEXT, make_gpt2_folder

pytest.importorskip("peft")

TRAIN = TrainConfig(batch_size=4, learning_rate=1e-2, warmup_iters=0, max_iters=6, eval_interval=3,
                    eval_iters=1, precision="fp32", device="cpu", sample_tokens=8, seed=3,
                    lora_rank=4)


@pytest.fixture
def pretrained(tmp_path):
    """A random GPT-2 imported as a project's step-0 checkpoint, as a fine-tune starts from."""
    from gptstudio.engine.hf_gpt2 import import_gpt2

    imported = import_gpt2(make_gpt2_folder(tmp_path / "gpt2"), block_size=32)
    data = DataConfig(tokenizer="gpt2")
    checkpoints = tmp_path / "checkpoints"
    save_checkpoint(checkpoints, model=imported.model, optimizer=None,
                    tokenizer_dict=imported.tokenizer.to_dict(),
                    meta={"step": 0, "model": to_dict(imported.config), "data": to_dict(data),
                          "train": to_dict(TRAIN), "history": new_history(),
                          "np_rng": np.random.default_rng(0).bit_generator.state})
    return imported, data, checkpoints


def _trainer(pretrained, train=TRAIN):
    imported, data, checkpoints = pretrained
    return Trainer(corpus=TEXT, tokenizer=imported.tokenizer, data=data, model=imported.config,
                   train=train, checkpoint_dir=checkpoints)


def _losses(events):
    return [(e.step, e.loss) for e in events if isinstance(e, StepEvent)]


def _adapted_model(checkpoints):
    """The checkpoint's model with its adapter (as training resumes it): the reference."""
    folder = latest_checkpoint(checkpoints)
    model = GPT(model_config(folder, read_meta(folder)))
    add_adapters(model, LoraSettings.from_dict(read_meta(folder)["lora"]))
    load_weights(folder, model)
    return model.eval()


def test_a_step_changes_only_the_adapters():
    torch.manual_seed(0)
    model = add_adapters(GPT(ModelConfig(vocab_size=40, block_size=8, n_layer=2, n_head=2,
                                         n_embd=16)), LoraSettings.for_rank(2))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=1e-2)
    x = torch.randint(0, 40, (3, 8))
    model(x, x)[1].backward()
    optimizer.step()
    after = model.state_dict()
    changed = {k for k in before if not torch.equal(before[k], after[k])}
    assert changed and all(".lora_" in k for k in changed)
    assert {k for k in before if ".lora_B" in k} <= changed  # B starts at 0 and learns first
    assert sum(p.numel() for p in trainable) == trainable_parameters(model.config,
                                                                     TrainConfig(lora_rank=2))


def test_lora_fine_tuning_keeps_the_pretrained_weights_and_saves_the_adapter(pretrained):
    imported, _data, checkpoints = pretrained
    start = {k: v.clone() for k, v in imported.model.state_dict().items()}
    result = _trainer(pretrained).run(lambda e: None)
    assert result.step == 6
    folder = latest_checkpoint(checkpoints)
    assert (folder / ADAPTER_FILE).is_file()
    assert read_meta(folder)["lora"] == LoraSettings.for_rank(4).to_dict()
    from safetensors.torch import load_file

    saved = load_file(folder / "model.safetensors")
    assert all(torch.equal(saved[k], start[k]) for k in saved)  # the frozen weights, untouched
    adapted = _adapted_model(checkpoints)
    plain = GPT(adapted.config)
    load_weights(folder, plain)  # a reader's load: the adapter merged in
    assert not has_adapters(plain)
    assert not torch.equal(plain.transformer.h[0].attn.c_attn.weight,
                           start["transformer.h.0.attn.c_attn.weight"])
    ids = torch.randint(0, adapted.config.vocab_size, (2, 20), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        torch.testing.assert_close(plain.eval()(ids)[0], adapted(ids)[0], atol=1e-5, rtol=1e-5)
        torch.testing.assert_close(merged_model(adapted)(ids)[0], adapted(ids)[0], atol=1e-5,
                                   rtol=1e-5)


def test_stopped_lora_run_resumes_with_the_losses_of_one_that_never_stopped(pretrained, tmp_path):
    import shutil

    imported, data, checkpoints = pretrained
    copy = tmp_path / "copy"
    shutil.copytree(checkpoints, copy)
    straight = []
    _trainer(pretrained).run(straight.append)

    first, control = [], RunControl()

    def stop_at_4(event):
        first.append(event)
        if isinstance(event, StepEvent) and event.step == 4:
            control.stop()

    again = (imported, data, copy)
    assert _trainer(again).run(stop_at_4, control).reason == "stopped"
    second = []
    _trainer(again).run(second.append)
    assert _losses(first) + _losses(second) == _losses(straight)


def test_merged_export_gives_the_adapted_models_logits(pretrained, tmp_path):
    transformers = pytest.importorskip("transformers")
    from gptstudio.engine.hf_gpt2_export import export_gpt2

    imported, _data, checkpoints = pretrained
    _trainer(pretrained).run(lambda e: None)
    adapted = _adapted_model(checkpoints)
    plain = GPT(adapted.config)
    load_weights(latest_checkpoint(checkpoints), plain)
    export_gpt2(plain.eval(), imported.tokenizer, tmp_path / "hf")
    theirs = transformers.GPT2LMHeadModel.from_pretrained(tmp_path / "hf").eval()
    ids = torch.randint(0, adapted.config.vocab_size, (2, 24), generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        torch.testing.assert_close(theirs(ids).logits, adapted(ids)[0], atol=1e-5, rtol=1e-5)


def test_full_training_after_lora_starts_from_the_merged_weights(pretrained):
    imported, _data, checkpoints = pretrained
    _trainer(pretrained).run(lambda e: None)
    merged = GPT(imported.config)
    load_weights(latest_checkpoint(checkpoints), merged)
    # The smallest learning rate settings allow, warmed up over 100,000 steps: a few 1e-10 a step.
    full = dataclasses.replace(TRAIN, lora_rank=0, max_iters=7, learning_rate=1e-5,
                               warmup_iters=100_000)
    _trainer(pretrained, full).run(lambda e: None)
    folder = latest_checkpoint(checkpoints)
    assert read_meta(folder)["step"] == 7 and not (folder / ADAPTER_FILE).exists()
    after = GPT(imported.config)
    load_weights(folder, after)
    for (name, a), b in zip(merged.state_dict().items(), after.state_dict().values(), strict=True):
        torch.testing.assert_close(a, b, atol=1e-6, rtol=0, msg=name)  # 7 steps at lr under 1e-9


def test_lora_needs_less_memory_than_full_fine_tuning():
    gpt2 = ModelConfig(vocab_size=50257, block_size=256, n_layer=12, n_head=12, n_embd=768)
    full = TrainConfig(batch_size=8)
    lora = dataclasses.replace(full, lora_rank=8)
    assert trainable_parameters(gpt2, lora) == 12 * 8 * 16 * 768  # 1.2M of 124M
    saved = 12 * (gpt2.param_count() - trainable_parameters(gpt2, lora))
    assert (estimate_training_memory_bytes(gpt2, full, "cpu")
            - estimate_training_memory_bytes(gpt2, lora, "cpu")) == saved
