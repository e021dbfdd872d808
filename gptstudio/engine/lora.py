"""LoRA: fine-tuning a large pretrained model by training small adapters beside its frozen weights.

Hu et al. 2021 (https://arxiv.org/abs/2106.09685): each adapted linear layer W (out, in) gains two
small matrices B (out, r) and A (r, in), and computes x W^T + (alpha / r) x A^T B^T. Only A and B
learn; W stays as it was. With r = 8 on GPT-2-124M's four linear layers per block that is 1.2M
trainable numbers instead of 124M: no gradients and no AdamW moments for the big matrices, so
fine-tuning needs about a third of the memory (engine/memory.py counts it).

peft does the layers (`inject_adapter_in_model` wraps any nn.Linear chosen by module name), the
adapter's state and the merge arithmetic (`get_delta_weight`); this module fits them to the engine:

* a checkpoint keeps the frozen weights under the engine's own names in model.safetensors and the
  adapter in adapter.safetensors beside them (meta.json's "lora" says its rank and scale), so a
  resumed run continues exactly;
* everything that only reads a model (generation, Look inside, Compare, export) gets the adapter
  merged in: W + (alpha / r) B A, a plain GPT (checkpoint.load_weights does it).

peft is imported only where adapters are used: importing it takes seconds (it imports transformers).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

# The four linear layers of every block: attention's q/k/v and output projections (attn.c_attn,
# attn.c_proj) and the feed-forward's two (mlp.c_fc, mlp.c_proj). The LoRA paper adapts attention
# only; adapting the feed-forward too learns more per step (QLoRA, Dettmers et al. 2023, sec. 4).
TARGETS = ("c_attn", "c_proj", "c_fc")
ADAPTER_FILE = "adapter.safetensors"
ADAPTER_NAME = "default"  # peft's name for the one adapter
BASE_LAYER = ".base_layer"  # where peft moves the wrapped layer's own weights


@dataclass(frozen=True)
class LoraSettings:
    rank: int  # r: the adapter matrices' inner size
    alpha: float  # the adapter's output is scaled by alpha / rank

    @classmethod
    def for_rank(cls, rank: int) -> LoraSettings:
        # alpha = 2 r (scale 2), a common choice that keeps the learning rate independent of r.
        return cls(rank=int(rank), alpha=2.0 * rank)

    def to_dict(self) -> dict:
        return {"rank": self.rank, "alpha": self.alpha, "targets": list(TARGETS)}

    @classmethod
    def from_dict(cls, data) -> LoraSettings | None:
        try:
            return cls(rank=int(data["rank"]), alpha=float(data["alpha"]))
        except (KeyError, TypeError, ValueError):
            return None


def lora_settings(train) -> LoraSettings | None:
    """The adapters a TrainConfig asks for; None for full training (lora_rank 0)."""
    return LoraSettings.for_rank(train.lora_rank) if train.lora_rank > 0 else None


# ---------------------------------------------------------------------------------------------------
# Adding, saving and loading adapters


def has_adapters(model: torch.nn.Module) -> bool:
    return any(hasattr(module, "lora_A") for module in model.modules())


def add_adapters(model: torch.nn.Module, settings: LoraSettings) -> torch.nn.Module:
    """Wrap the blocks' linear layers with fresh adapters (B = 0: the model computes what it did)
    and freeze every other weight. Changes `model` in place and returns it."""
    from peft import LoraConfig, inject_adapter_in_model

    config = LoraConfig(r=settings.rank, lora_alpha=settings.alpha, lora_dropout=0.0,
                        target_modules=list(TARGETS), bias="none")
    inject_adapter_in_model(config, model, adapter_name=ADAPTER_NAME)
    for name, parameter in model.named_parameters():
        parameter.requires_grad_(".lora_" in name)
    return model


def adapter_tensors(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The adapter's A and B matrices, under peft's names (what adapter.safetensors holds)."""
    from peft import get_peft_model_state_dict

    state = get_peft_model_state_dict(model, adapter_name=ADAPTER_NAME)
    return {k: v.detach().cpu().contiguous() for k, v in state.items()}


def load_adapter_tensors(model: torch.nn.Module, tensors: dict[str, torch.Tensor]) -> list[str]:
    """Put saved A and B matrices into the model's adapters; returns the adapter keys that did not
    fit (missing, or of another shape), empty when all did."""
    from peft import set_peft_model_state_dict

    expected = adapter_tensors(model)
    wrong = sorted(k for k in expected if k not in tensors or tensors[k].shape != expected[k].shape)
    wrong += sorted(k for k in tensors if k not in expected)
    if not wrong:
        set_peft_model_state_dict(model, tensors, adapter_name=ADAPTER_NAME)
    return wrong


def base_name(name: str) -> str:
    """peft's name of a frozen weight -> the engine's ("...c_attn.base_layer.weight" -> "...c_attn.weight")."""
    return name.replace(BASE_LAYER + ".", ".")


def base_tensors(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The frozen weights under the engine's names (what model.safetensors holds)."""
    return {base_name(k): v for k, v in model.state_dict().items() if ".lora_" not in k}


def load_base_tensors(model: torch.nn.Module, tensors: dict[str, torch.Tensor]) -> None:
    """Engine-named weights into a model with adapters (its wrapped layers keep theirs in base_layer)."""
    names = {base_name(k): k for k in model.state_dict() if ".lora_" not in k}
    model.load_state_dict({names[k]: v for k, v in tensors.items()}, strict=False)


# ---------------------------------------------------------------------------------------------------
# Merging


@torch.no_grad()
def merged_tensors(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Every weight under the engine's names, with each adapter merged into its layer:
    W + (alpha / r) B A, by peft's own arithmetic (get_delta_weight)."""
    from peft.tuners.lora import LoraLayer

    state = {k: v.detach().clone() for k, v in base_tensors(model).items()}
    for name, module in model.named_modules():
        if isinstance(module, LoraLayer):
            key = f"{name}.weight"
            state[key] = state[key] + module.get_delta_weight(ADAPTER_NAME).to(state[key].dtype)
    return state


def merged_model(model: torch.nn.Module):
    """A plain GPT (no adapters) computing what `model` computes with its adapters: what sampling
    during training and the time-travel snapshots read. `model` is left as it is."""
    from gptstudio.engine.model import GPT

    with torch.device("meta"):  # no random initialisation of weights about to be replaced
        plain = GPT(model.config)
    state = merged_tensors(model)
    state["lm_head.weight"] = state["transformer.wte.weight"]
    plain.load_state_dict(state, assign=True)
    plain.lm_head.weight = plain.transformer.wte.weight  # assign=True replaced the tied parameter
    return plain.to(next(model.parameters()).device).train(model.training)


def merge_adapter(model: torch.nn.Module, settings: LoraSettings,
                  tensors: dict[str, torch.Tensor]) -> list[str]:
    """Merge a saved adapter into a plain GPT in place (it stays a plain GPT, every weight
    trainable); returns the adapter keys that did not fit, and changes no weight then."""
    add_adapters(model, settings)
    wrong = load_adapter_tensors(model, tensors)
    merged = None if wrong else merged_tensors(model)
    remove_adapters(model)
    if merged is not None:
        model.load_state_dict(merged, strict=False)
    return wrong


def remove_adapters(model: torch.nn.Module) -> None:
    """Put each wrapped layer back in its place (without its adapter) and unfreeze every weight."""
    from peft.tuners.lora import LoraLayer

    for name, module in list(model.named_modules()):
        if isinstance(module, LoraLayer):
            parent, _, child = name.rpartition(".")
            setattr(model.get_submodule(parent), child, module.get_base_layer())
    for parameter in model.parameters():
        parameter.requires_grad_(True)
