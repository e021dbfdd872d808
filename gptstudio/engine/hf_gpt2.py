"""HF GPT-2 folder import (export: hf_gpt2_export.py): the Conv1D transpose table lives here.

A Hugging Face GPT-2 folder holds `config.json`, the weights (`model.safetensors` or the older
`pytorch_model.bin`) and, usually, the tokenizer (`vocab.json` + `merges.txt`, `tokenizer.json`).
GPT-2's parameter names are the engine's own (nanoGPT kept them), with two differences:

* HF's `Conv1D` stores its weight as (in, out); `nn.Linear` stores (out, in), so the four
  projection matrices of every block are transposed on the way in and on the way out;
* HF saves the causal-mask buffers `attn.bias` / `attn.masked_bias` in older folders; they are
  not weights and are skipped.

The LM head is tied to the token embedding in both, so `lm_head.weight` is never written and, when
a folder has one, only checked against `wte`.
"""

from __future__ import annotations

import json
import math
import pickle
from dataclasses import dataclass
from pathlib import Path

import torch

from gptstudio.engine.config import ModelConfig
from gptstudio.engine.errors import EngineError
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message, joined
from gptstudio.engine.model import GPT
from gptstudio.engine.tokenizers import (
    SPECIALS,
    BPETokenizer,
    GPT2Tokenizer,
    Tokenizer,
    load_tokenizer,
)
from gptstudio.engine.wordpiece import WordPieceTokenizer, is_wordpiece_folder
from gptstudio.fsio import (
    read_limited,
)

# Per-block parameters stored by HF's Conv1D as (in, out): transposed to and from nn.Linear.
CONV1D_WEIGHTS = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
# Per-block buffers older transformers versions saved with the weights (causal masks).
SKIPPED_BUFFERS = ("attn.bias", "attn.masked_bias")
# Activations that are GELU with the tanh approximation, which the engine uses.
TANH_GELUS = ("gelu_new", "gelu_pytorch_tanh")

# GPT-2 with its language-model head, or the bare transformer (whose head is its tied embedding).
SUPPORTED_ARCHITECTURES = ("GPT2LMHeadModel", "GPT2Model")

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# Files an export writes; an older export's leftovers of these are removed so that a folder never
# mixes two tokenizers.
TOKENIZER_FILES = ("vocab.json", "merges.txt", "vocab.txt", "tokenizer.json",
                   "tokenizer_config.json", "special_tokens_map.json", "gptstudio_tokenizer.json")
README_TITLE = "# GPT-2 model exported by GPT Studio"
MAX_CONFIG_BYTES = 2**20  # a GPT-2 config.json is about 1 kB
SIZE_CHECKED_PARAMS = 2**24  # 64 MB in fp32: a model this big is checked against its weights' size


@dataclass
class ImportedGPT2:
    config: ModelConfig
    model: GPT  # eval mode, on the CPU
    # GPT-2's from vocab.json + merges.txt, else None; a folder GPT Studio exported gives back the
    # tokenizer it was exported with (char, word or bpe).
    tokenizer: Tokenizer | None


# ---------------------------------------------------------------------------------------------------
# Import


def _read_config(folder: Path) -> dict:
    path = folder / "config.json"
    if not path.is_file():
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The folder {folder} has no config.json, so it is not a Hugging Face model "
                      "folder."), folder=str(folder)))
    try:
        data = json.loads(read_limited(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except RecursionError:  # "[[[[..." nested deeper than the parser's stack
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The config.json in {folder} cannot be read (it is nested too deeply)."),
            folder=str(folder))) from None
    except (OSError, ValueError) as error:  # fsio.TooLarge, UnicodeDecodeError, JSONDecodeError
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The config.json in {folder} cannot be read ({detail})."),
            folder=str(folder), detail=str(error))) from error
    if not isinstance(data, dict):
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The config.json in {folder} is not a JSON object."), folder=str(folder)))
    return data


def _config_int(data: dict, *keys: str) -> int:
    for key in keys:
        value = data.get(key)
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise EngineError(Message(QT_TRANSLATE_NOOP(
                    "Engine", "The config.json value {key} must be a positive whole number, not "
                              "{value}."), key=key, value=repr(value)))
            return value
    raise EngineError(Message(QT_TRANSLATE_NOOP(
        "Engine", "The config.json has no {key}, so it does not describe a GPT-2 model."),
        key=keys[0]))


def check_architecture(data: dict) -> None:
    """Refuse, with the sentence a user sees, a config.json that is not a GPT-2 language model.
    The Hub download calls this on config.json alone, before fetching any weights."""
    model_type = data.get("model_type", "gpt2")
    architectures = data.get("architectures") or ["GPT2LMHeadModel"]
    if model_type != "gpt2" or not isinstance(architectures, list) or not all(
            name in SUPPORTED_ARCHITECTURES for name in architectures):
        what = model_type if model_type != "gpt2" else ", ".join(map(str, architectures))
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This is a {model_type} model; GPT Studio can start from GPT-2 models only "
                      "(model type gpt2, architecture {supported})."),
            model_type=repr(what), supported=" or ".join(SUPPORTED_ARCHITECTURES)))


def _model_config(data: dict, block_size: int | None) -> ModelConfig:
    check_architecture(data)
    activation = data.get("activation_function", "gelu_new")
    if activation not in (*TANH_GELUS, "gelu"):
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This GPT-2 uses the activation {activation}; only GELU (gelu_new or gelu) "
                      "can be imported."), activation=repr(activation)))
    eps = data.get("layer_norm_epsilon", 1e-5)
    if not isinstance(eps, (int, float)) or not math.isclose(float(eps), 1e-5, rel_tol=1e-3):
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This GPT-2 uses a LayerNorm epsilon of {eps}; only 1e-5 can be imported."),
            eps=repr(eps)))
    n_positions = _config_int(data, "n_positions", "n_ctx")
    if block_size is None:
        block_size = n_positions
    elif not 1 <= int(block_size) <= n_positions:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The context length must be between 1 and the model's {n_positions} tokens, "
                      "not {block_size}."), n_positions=n_positions, block_size=block_size))
    config = ModelConfig(
        vocab_size=_config_int(data, "vocab_size"),
        block_size=int(block_size),
        n_layer=_config_int(data, "n_layer"),
        n_head=_config_int(data, "n_head"),
        n_embd=_config_int(data, "n_embd"),
        dropout=0.0,
        bias=True,
        activation="gelu" if activation == "gelu" else "gelu_tanh",
    )
    problems = config.validate()
    if problems:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This GPT-2 cannot be imported: {problems}"), problems=joined(problems)))
    return config


def _check_size(folder: Path, config: ModelConfig) -> None:
    """Refuse, before allocating, a model the weights file cannot hold (each parameter takes at
    least 2 bytes there) or this computer's free memory cannot: the weights read in and the model
    built from them, 4 bytes a parameter each."""
    from gptstudio.engine.memory import system_memory

    params = config.param_count()
    weights = next((folder / name for name in WEIGHT_FILES if (folder / name).is_file()), None)
    # A small model costs nothing to build: reading its weights says best what is wrong with them.
    if weights is not None and params > SIZE_CHECKED_PARAMS and 2 * params > weights.stat().st_size:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The config.json describes a model of {params:,} parameters, more than its "
                      "weights file {name} holds: the folder is damaged or its files do not belong "
                      "together."), params=params, name=weights.name))
    needed = 12 * params  # and a contiguous copy of each transposed matrix while loading
    available = system_memory()[1]
    if available is not None and needed > available:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This GPT-2 has {params:,} parameters: importing it needs about {needed} GB "
                      "of memory, but only {available} GB is free."),
            params=params, needed=f"{needed / 2**30:,.1f}", available=f"{available / 2**30:,.1f}"))


def _read_weights(folder: Path) -> dict[str, torch.Tensor]:
    for name in WEIGHT_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            if name.endswith(".safetensors"):
                from safetensors.torch import load_file

                weights = load_file(str(path), device="cpu")
            else:
                weights = torch.load(path, map_location="cpu", weights_only=True)
        except pickle.UnpicklingError as error:  # weights_only refused an object: it could run code
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The weights file {name} holds more than plain tensors (objects that "
                          "could run code when loaded), so it was not loaded. Use the model's "
                          "model.safetensors file or a copy from a source you trust."),
                name=name)) from error
        except Exception as error:  # any damage reads the same to a user
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The weights file {name} cannot be read ({reason})."),
                name=name, reason=reason)) from error
        if not isinstance(weights, dict) or not all(
                isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in weights.items()):
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The weights file {name} does not hold named tensors."), name=name))
        return weights
    raise EngineError(Message(QT_TRANSLATE_NOOP(
        "Engine", "The folder {folder} has no model.safetensors or pytorch_model.bin with the "
                  "weights."), folder=str(folder)))


def _engine_state(weights: dict[str, torch.Tensor], config: ModelConfig) -> dict[str, torch.Tensor]:
    """HF GPT-2 names and layouts -> the engine's (without the tied lm_head)."""
    state: dict[str, torch.Tensor] = {}
    head = None
    for name, tensor in weights.items():
        if name in ("lm_head.weight", "transformer.lm_head.weight"):
            head = tensor
            continue
        short = name[len("transformer."):] if name.startswith("transformer.") else name
        if short.startswith("h.") and short.split(".", 2)[-1] in SKIPPED_BUFFERS:
            continue
        if short.startswith("h.") and short.split(".", 2)[-1] in CONV1D_WEIGHTS and tensor.dim() == 2:
            tensor = tensor.t()
        if short == "wpe.weight" and tensor.dim() == 2 and tensor.shape[0] > config.block_size:
            tensor = tensor[:config.block_size]  # a shorter context keeps the first positions
        key = "transformer." + short
        if key in state:
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The weights file holds {name} twice."), name=short))
        state[key] = tensor
    if head is not None and "transformer.wte.weight" in state:
        wte = state["transformer.wte.weight"]
        if head.shape != wte.shape or not torch.equal(head.to(wte.dtype), wte):
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The model's output layer differs from its token embedding; only GPT-2 "
                          "models with tied embeddings can be imported.")))
    return state


def _check_state(state: dict[str, torch.Tensor], model: GPT) -> None:
    expected = {k: v for k, v in model.state_dict().items() if k != "lm_head.weight"}
    missing = [k for k in expected if k not in state]
    if missing:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The weights file lacks {count} of the model's weights, for example "
                      "{example}."),
            count=len(missing), example=missing[0].removeprefix("transformer.")))
    unknown = [k for k in state if k not in expected]
    if unknown:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The weights file holds {count} weights GPT-2 does not have, for example "
                      "{example}."),
            count=len(unknown), example=unknown[0].removeprefix("transformer.")))
    for key, want in expected.items():
        got = state[key]
        if tuple(got.shape) != tuple(want.shape):
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The weight {name} has the shape {shape} where config.json implies "
                          "{expected}."),
                name=key.removeprefix("transformer."), shape=str(tuple(got.shape)),
                expected=str(tuple(want.shape))))
        if not got.is_floating_point():
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The weight {name} is not a floating-point tensor."),
                name=key.removeprefix("transformer.")))


def _read_tokenizer(folder: Path) -> Tokenizer | None:
    """GPT-2's tokenizer from vocab.json + merges.txt, or BERT's WordPiece from vocab.txt; a folder
    GPT Studio exported gets its own tokenizer back (character, word, or BPE with <pad> <sos> <eos>
    in place of <|endoftext|>)."""
    own = folder / "gptstudio_tokenizer.json"
    if own.is_file():
        return load_tokenizer(own)
    if is_wordpiece_folder(folder):  # the Chinese GPT-2 models: BERT's vocab.txt
        try:
            return WordPieceTokenizer.from_folder(folder)
        except EngineError:
            raise
        except Exception as error:
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The tokenizer file vocab.txt cannot be read ({detail})."),
                detail=str(error))) from error
    vocab, merges = folder / "vocab.json", folder / "merges.txt"
    if not (vocab.is_file() and merges.is_file()):
        return None
    try:
        tokenizer_json = folder / "tokenizer.json"
        if tokenizer_json.is_file():
            from tokenizers import Tokenizer as HFTokenizer

            hf = HFTokenizer.from_file(str(tokenizer_json))
            if hf.token_to_id("<|endoftext|>") is None and [
                    hf.token_to_id(s) for s in SPECIALS] == list(range(len(SPECIALS))):
                return BPETokenizer(hf)
        return GPT2Tokenizer.from_files(vocab, merges)
    except EngineError:
        raise
    except Exception as error:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The tokenizer files vocab.json and merges.txt cannot be read ({detail})."),
            detail=str(error))) from error


def import_gpt2(folder: str | Path, block_size: int | None = None) -> ImportedGPT2:
    """Load a Hugging Face GPT-2 folder as an engine GPT (and its tokenizer when it has one).

    block_size None keeps the model's whole context; a smaller one keeps only the first position
    embeddings, which makes fine-tuning on a CPU cheaper."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The folder {folder} does not exist."), folder=str(folder)))
    config = _model_config(_read_config(folder), block_size)
    _check_size(folder, config)  # before a byte of weights is read or a tensor allocated
    state = _engine_state(_read_weights(folder), config)
    model = GPT(config)
    _check_state(state, model)
    with torch.no_grad():
        # strict=False only for the tied lm_head.weight: every other key was checked above.
        result = model.load_state_dict(
            {k: v.to(torch.float32).contiguous() for k, v in state.items()}, strict=False)
    assert list(result.missing_keys) == ["lm_head.weight"] and not result.unexpected_keys, result
    model.eval()
    tokenizer = _read_tokenizer(folder)
    if tokenizer is not None and tokenizer.vocab_size > config.vocab_size:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The tokenizer has {tokens} tokens but the model only {model_tokens}."),
            tokens=tokenizer.vocab_size, model_tokens=config.vocab_size))
    return ImportedGPT2(config=config, model=model, tokenizer=tokenizer)
