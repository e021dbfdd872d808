"""Ready-made settings, from "trains in minutes on a laptop CPU" to "needs a GPU".

Each preset is a model shape plus a training schedule, chosen by measurement (see bench/ and
docs/performance.md). No torch here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.messages import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    model: ModelConfig
    train: TrainConfig


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run is made from, as the settings panel shows it and a project saves it."""

    data: DataConfig
    model: ModelConfig
    train: TrainConfig
    # The preset the three configs match: a name in PRESETS, "auto" (the values Automatic settings
    # chose, unchanged) or "custom" (anything else).
    preset: str = "custom"


PRESETS: dict[str, Preset] = {
    "tiny": Preset(
        name="tiny",
        title=QT_TRANSLATE_NOOP("Presets", "Tiny (a few minutes on a laptop CPU)"),
        description=QT_TRANSLATE_NOOP("Presets",
            "About 0.8 million parameters: 4 layers, 4 heads, 128 wide, 64 characters of context, "
            "2,000 steps of 16 x 64 characters with the Muon optimizer. On tiny Shakespeare it "
            "writes word-like text in a minute and reaches a validation loss of about 1.56 in under "
            "2 minutes on a 2-core CPU (bench/time_to_quality.py)."
        ),
        model=ModelConfig(block_size=64, n_layer=4, n_head=4, n_embd=128, dropout=0.0),
        # Muon: 1.561 after 2,000 steps (103 s) where AdamW reached 1.735 (72 s); AdamW needed
        # 5,000 steps to reach 1.564. Muon took 0.004 better than 0.002 (1.584).
        train=TrainConfig(
            batch_size=16, learning_rate=4e-3, warmup_iters=100, max_iters=2000,
            eval_interval=250, eval_iters=20, weight_decay=0.1, optimizer="muon",
        ),
    ),
    "small": Preset(
        name="small",
        title=QT_TRANSLATE_NOOP("Presets", "Small (5-10 minutes on a laptop CPU)"),
        description=QT_TRANSLATE_NOOP("Presets",
            "About 1.8 million parameters: 4 layers, 6 heads, 192 wide, 64 characters of context, "
            "3,200 steps of 16 x 64 characters with the Muon optimizer. On tiny Shakespeare it "
            "reaches a validation loss of about 1.49 in under 5 minutes on a 2-core CPU with bf16 "
            "(bench/time_to_quality.py)."
        ),
        # Chosen by 5-minute runs (docs/performance.md): with bf16 this shape trains as many
        # tokens a second as the tiny one in fp32 with twice the parameters; the learning rate
        # decays to zero at the last step. Muon: 1.4885 after 3,200 steps (266 s), where AdamW
        # reached 1.534 after 5,000 (293 s); a learning rate of 0.004 did as well (1.489), and
        # batches of 32 worse (1.520). No biases: as good over these 5 minutes with AdamW
        # (1.561 against 1.557) and 5-9% faster a step.
        model=ModelConfig(block_size=64, n_layer=4, n_head=6, n_embd=192, dropout=0.0, bias=False),
        train=TrainConfig(
            batch_size=16, learning_rate=3e-3, warmup_iters=100, max_iters=3200, min_lr_ratio=0.0,
            eval_interval=400, eval_iters=20, weight_decay=0.1, optimizer="muon",
        ),
    ),
    "medium": Preset(
        name="medium",
        title=QT_TRANSLATE_NOOP("Presets", "Medium (for a GPU)"),
        description=QT_TRANSLATE_NOOP("Presets",
            "About 10.7 million parameters: 6 layers, 6 heads, 384 wide, 256 characters of context "
            "(the classic nanoGPT Shakespeare model). Use a CUDA or Apple GPU: about 1.1 million "
            "tokens/s and a validation loss of 1.45 within a minute and a half on an H100."
        ),
        model=ModelConfig(block_size=256, n_layer=6, n_head=6, n_embd=384, dropout=0.2),
        train=TrainConfig(
            # 2,500 steps: on tiny Shakespeare the validation loss is best near step 2,000-2,500
            # (1.45, H100 bf16) and rises after it as the model starts to memorise.
            batch_size=64, learning_rate=1e-3, warmup_iters=100, max_iters=2500,
            eval_interval=250, eval_iters=20, weight_decay=0.1, compile=True,
        ),
    ),
}

DEFAULT_PRESET = "tiny"


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise KeyError(f"Unknown preset {name!r}: choose one of {', '.join(PRESETS)}.") from None


def matching_preset(model: ModelConfig, train: TrainConfig) -> str:
    """The preset these settings equal (vocab size and device aside), or "custom"."""
    for preset in PRESETS.values():
        if replace(model, vocab_size=preset.model.vocab_size) == preset.model and replace(
            train, device=preset.train.device, seed=preset.train.seed,
            sample_prompt=preset.train.sample_prompt,
        ) == preset.train:
            return preset.name
    return "custom"
