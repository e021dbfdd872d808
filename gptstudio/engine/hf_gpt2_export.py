"""A trained model written as a Hugging Face GPT-2 folder: config.json, model.safetensors, the
tokenizer files transformers reads, and a README. The engine's parameter names are GPT-2's; the
four projection matrices of each block go back to Conv1D's (in, out) layout (engine/hf_gpt2.py
explains both directions)."""

from __future__ import annotations

from pathlib import Path

import torch

from gptstudio.engine.errors import EngineError, describe_os_error
from gptstudio.engine.hf_gpt2 import README_TITLE, TOKENIZER_FILES
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.model import GPT
from gptstudio.fsio import atomic_write_bytes, atomic_write_json, atomic_write_text, is_temporary


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
