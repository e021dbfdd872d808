"""HF GPT-2 folder import/export: the Conv1D transpose table lives here.

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
from gptstudio.engine.errors import EngineError, describe_os_error
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
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_text,
    is_temporary,
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


# ---------------------------------------------------------------------------------------------------
# Export


def _hf_state(model: GPT) -> dict[str, torch.Tensor]:
    """Engine names and layouts -> HF GPT-2's (biases filled with zeros where the model has none)."""
    config = model.config
    params = {k: v.detach().to("cpu", torch.float32) for k, v in model.state_dict().items()}
    out: dict[str, torch.Tensor] = {}

    def put(name: str, tensor: torch.Tensor) -> None:
        out["transformer." + name] = tensor.contiguous().clone()

    def bias(name: str, size: int) -> torch.Tensor:
        return params.get("transformer." + name, torch.zeros(size))

    c = config.n_embd
    put("wte.weight", params["transformer.wte.weight"])
    put("wpe.weight", params["transformer.wpe.weight"])
    for i in range(config.n_layer):
        p = f"h.{i}."
        for ln in ("ln_1", "ln_2"):
            put(p + ln + ".weight", params[f"transformer.{p}{ln}.weight"])
            put(p + ln + ".bias", bias(p + ln + ".bias", c))
        for name, size in (("attn.c_attn", 3 * c), ("attn.c_proj", c), ("mlp.c_fc", 4 * c), ("mlp.c_proj", c)):
            put(p + name + ".weight", params[f"transformer.{p}{name}.weight"].t())
            put(p + name + ".bias", bias(p + name + ".bias", size))
    put("ln_f.weight", params["transformer.ln_f.weight"])
    put("ln_f.bias", bias("ln_f.bias", c))
    return out


def _hf_config(model: GPT, tokenizer) -> dict:
    config = model.config
    data = {
        "model_type": "gpt2",
        "architectures": ["GPT2LMHeadModel"],
        "vocab_size": config.vocab_size,
        "n_positions": config.block_size,
        "n_ctx": config.block_size,
        "n_embd": config.n_embd,
        "n_layer": config.n_layer,
        "n_head": config.n_head,
        "n_inner": None,
        "activation_function": "gelu_new" if config.activation == "gelu_tanh" else "gelu",
        "layer_norm_epsilon": 1e-5,
        "resid_pdrop": config.dropout,
        "embd_pdrop": config.dropout,
        "attn_pdrop": config.dropout,
        "initializer_range": 0.02,
        "scale_attn_weights": True,
        "use_cache": True,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
    }
    eos = getattr(tokenizer, "eos_id", None) if tokenizer is not None else None
    if getattr(tokenizer, "kind", "") == "wordpiece":  # BERT's: [CLS] text [SEP], padded with [PAD]
        data.update(bos_token_id=tokenizer.sos_id, eos_token_id=eos, pad_token_id=tokenizer.pad_id,
                    tokenizer_class="BertTokenizer")
    elif isinstance(eos, int) and 0 <= eos < config.vocab_size:
        data["bos_token_id"] = eos  # GPT-2's convention: one token starts and ends a text
        data["eos_token_id"] = eos
    if getattr(tokenizer, "chat", None) is not None:  # a reply ends at the end of its turn
        data["bos_token_id"] = tokenizer.sos_id
        data["eos_token_id"] = tokenizer.special_id(tokenizer.chat.end_of_turn)
    return data


def _chat_config(tokenizer) -> dict:
    """A chat model's template and turn markers, as Hugging Face tokenizers keep them; a reply
    ends at the end of the turn, so that is its end token."""
    template = getattr(tokenizer, "chat", None)
    if template is None:
        return {}
    from gptstudio.engine.chat_template import hf_chat_template

    return {"chat_template": hf_chat_template(template), "eos_token": template.end_of_turn,
            "additional_special_tokens": list(template.special_tokens())}


def _write_tokenizer(tokenizer, folder: Path, model: GPT) -> list[str]:
    """Writes the tokenizer's files; returns their names."""
    if tokenizer is None:
        return []
    kind = getattr(tokenizer, "kind", "")
    if kind in ("bpe", "gpt2"):
        hf = tokenizer._hf
        hf.model.save(str(folder))  # vocab.json + merges.txt
        hf.save(str(folder / "tokenizer.json"))
        if kind == "gpt2":
            specials = {"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
                        "unk_token": "<|endoftext|>"}
        else:
            specials = {"bos_token": "<sos>", "eos_token": "<eos>", "pad_token": "<pad>"}
        atomic_write_json(folder / "tokenizer_config.json", {
            "tokenizer_class": "GPT2Tokenizer",
            "add_prefix_space": False,
            "model_max_length": model.config.block_size,
            **specials, **_chat_config(tokenizer),
        })
        return ["vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json"]
    if kind == "wordpiece":
        return _write_wordpiece(tokenizer, folder, model)
    if kind in ("char", "word"):
        what = "character" if kind == "char" else "word"
        atomic_write_json(folder / "gptstudio_tokenizer.json", tokenizer.to_dict())
        atomic_write_text(folder / "README.md", (
            f"{README_TITLE}\n\n"
            f"This model uses a {what} tokenizer, saved in gptstudio_tokenizer.json. "
            f"transformers' tokenizer classes cannot read a {what} tokenizer: use `gptstudio` to "
            "encode text into token ids and to decode them back.\n"))
        return ["gptstudio_tokenizer.json"]
    raise EngineError(Message(QT_TRANSLATE_NOOP(
        "Engine", "A {kind} tokenizer cannot be exported to a GPT-2 folder."), kind=kind)
        if kind else Message(QT_TRANSLATE_NOOP(
        "Engine", "A tokenizer of an unknown kind cannot be exported to a GPT-2 folder.")))


def _write_wordpiece(tokenizer, folder: Path, model: GPT) -> list[str]:
    """vocab.txt and the options transformers' BertTokenizer reads, as UER's repositories have."""
    atomic_write_text(folder / "vocab.txt", "".join(t + "\n" for t in tokenizer.vocabulary()))
    names = tokenizer.specials
    atomic_write_json(folder / "special_tokens_map.json", {
        f"{role}_token": names[role] for role in ("unk", "sep", "pad", "cls", "mask")})
    atomic_write_json(folder / "tokenizer_config.json", {
        "tokenizer_class": "BertTokenizer", "model_max_length": model.config.block_size,
        **tokenizer.options(),
        **{f"{role}_token": names[role] for role in ("unk", "sep", "pad", "cls", "mask")}})
    return ["vocab.txt", "special_tokens_map.json", "tokenizer_config.json"]


def export_gpt2(model: GPT, tokenizer, folder: str | Path) -> None:
    """Write `model` (and its tokenizer) as a folder transformers' GPT2LMHeadModel loads."""
    from safetensors.torch import save as save_safetensors

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "{folder} is a file, not a folder."), folder=str(folder)))
    others = folder.is_dir() and any(not is_temporary(p.name) for p in folder.iterdir())
    if others and not (folder / "config.json").is_file():
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The folder {folder} already holds other files; choose an empty folder."),
            folder=str(folder)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = save_safetensors(_hf_state(model), metadata={"format": "pt"})
        written = _write_tokenizer(tokenizer, folder, model)
        for name in TOKENIZER_FILES:  # an earlier export's other tokenizer must not linger
            if name not in written and (folder / name).is_file():
                (folder / name).unlink()
        readme = folder / "README.md"
        if "gptstudio_tokenizer.json" not in written and readme.is_file() and \
                readme.read_text(encoding="utf-8", errors="replace").startswith(README_TITLE):
            readme.unlink()  # ours, about a character or word tokenizer that is no longer there
        atomic_write_bytes(folder / "model.safetensors", data)
        # config.json last: a folder with one is a complete export.
        atomic_write_json(folder / "config.json", _hf_config(model, tokenizer))
    except OSError as error:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The model cannot be written to {folder} ({reason})."),
            folder=str(folder), reason=describe_os_error(error))) from error
