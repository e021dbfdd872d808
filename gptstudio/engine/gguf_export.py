"""A checkpoint as one GGUF file for llama.cpp (and Ollama, LM Studio, Jan), checked by llama.cpp.

GPT Studio's GPT is GPT-2's architecture, so the file uses llama.cpp's "gpt2" model
(src/models/gpt2.cpp): learned position embeddings, pre-LayerNorm blocks with a fused q|k|v
projection, GELU feed-forward, the output head tied to the token embedding. The engine's Linear
weights are already (out, in), which is what GGUF stores, so nothing is transposed. llama.cpp
wants every bias; a model trained without biases gets zeros, which is the same model.

One difference is not in the weights: llama.cpp's GPT-2 computes GELU with the tanh approximation
through a table of fp16 values, where GPT Studio's own models use the exact GELU. That moves the
logits by about 1e-3; the check below states how far, per number type.

The file is written under a temporary name, checked (engine/llama_check.py), and only then given
its name: a file whose check fails is deleted, never left behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from gptstudio.engine.config import GGUF_TYPES, DataConfig, SampleConfig, from_dict
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import EngineError, describe_os_error
from gptstudio.engine.gguf_vocab import GGUFVocab, gguf_vocab
from gptstudio.engine.llama_check import LlamaCheck, check_with_llama
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

Q8_BLOCK = 32  # a q8_0 row is stored in blocks of 32 numbers, so its length must divide by 32


@dataclass(frozen=True)
class GGUFExport:
    path: Path
    number_type: str
    files: tuple[Path, ...]  # the .gguf, then the Modelfile and the how-to text beside it
    check: LlamaCheck
    differences: tuple[Message, ...]  # text llama.cpp cuts otherwise (gguf_vocab.GGUFVocab)


@dataclass
class LoadedModel:
    model: object  # engine GPT, eval mode, CPU, fp32
    tokenizer: object
    mode: str
    step: int


def load_checkpoint_model(checkpoint: Path) -> LoadedModel:
    from gptstudio.engine.checkpoint import load_weights, model_config, read_meta
    from gptstudio.engine.model import GPT
    from gptstudio.engine.tokenizers import load_tokenizer

    meta = read_meta(checkpoint)
    model = GPT(model_config(checkpoint, meta))
    load_weights(checkpoint, model)
    mode = from_dict(DataConfig, meta.get("data")).mode
    return LoadedModel(model.eval(), load_tokenizer(checkpoint / "tokenizer.json"), mode,
                       int(meta["step"]))


def export_gguf(checkpoint: str | os.PathLike, path: str | os.PathLike, number_type: str = "f16",
                *, name: str = "model", sample: SampleConfig | None = None,
                corpus: str = "", sample_prompt: str = "",
                progress: Callable[[Message], None] | None = None,
                control: RunControl | None = None) -> GGUFExport:
    """Write the checkpoint's model to `path` as GGUF (weights in `number_type`), check it with
    llama.cpp on prompts from `corpus`, and write a Modelfile and a how-to text beside it.
    Raises ExportRefused when the model cannot be exact, or when llama.cpp reads it otherwise."""
    from gptstudio.engine.ollama_files import write_companions

    if number_type not in GGUF_TYPES:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The GGUF number type must be one of {choices}."),
            choices=", ".join(GGUF_TYPES)))
    path = Path(path)
    say = progress or (lambda _message: None)
    loaded = load_checkpoint_model(Path(checkpoint))
    vocab = gguf_vocab(loaded.tokenizer, loaded.mode, loaded.model.config.vocab_size)
    part = path.with_name(path.name + ".part")
    say(Message(QT_TRANSLATE_NOOP("Engine", "Writing {file}…"), file=path.name))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_gguf(part, loaded, vocab, number_type, name)
        _stop_if_asked(control, part)
        say(Message(QT_TRANSLATE_NOOP("Engine", "Checking the file with llama.cpp…")))
        check = check_with_llama(part, loaded.model, loaded.tokenizer, loaded.mode, vocab,
                                 number_type, corpus=corpus, sample_prompt=sample_prompt,
                                 control=control)
        _stop_if_asked(control, part)
        if check.checked and not check.passed:
            raise _refused_after_check(check)
        os.replace(part, path)
        companions = write_companions(path, name=name, mode=loaded.mode, vocab=vocab,
                                      block_size=loaded.model.config.block_size,
                                      sample=sample or SampleConfig(), check=check)
    except OSError as error:
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The GGUF file cannot be written to {path} ({reason})."),
            path=str(path), reason=describe_os_error(error))) from error
    finally:
        part.unlink(missing_ok=True)
    return GGUFExport(path, number_type, (path, *companions), check, vocab.differences)


def _stop_if_asked(control: RunControl | None, part: Path) -> None:
    if control is not None and control.stop_requested:
        part.unlink(missing_ok=True)
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The export was stopped; no file was written.")))


def _refused_after_check(check: LlamaCheck) -> EngineError:
    from gptstudio.engine.gguf_vocab import ExportRefused

    return ExportRefused(Message(QT_TRANSLATE_NOOP(
        "Engine", "llama.cpp does not read this file as GPT Studio reads the model, so it was "
                  "not kept: {summary}"), summary=check.summary))


# ---------------------------------------------------------------------------------------------------
# Writing


def write_gguf(path: Path, loaded: LoadedModel, vocab: GGUFVocab, number_type: str,
               name: str) -> None:
    import gguf

    config = loaded.model.config
    writer = gguf.GGUFWriter(str(path), "gpt2")
    writer.add_name(name)
    writer.add_file_type({"f32": gguf.LlamaFileType.ALL_F32, "f16": gguf.LlamaFileType.MOSTLY_F16,
                          "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0}[number_type])
    writer.add_context_length(config.block_size)
    writer.add_embedding_length(config.n_embd)
    writer.add_feed_forward_length(4 * config.n_embd)
    writer.add_block_count(config.n_layer)
    writer.add_head_count(config.n_head)
    writer.add_layer_norm_eps(1e-5)  # nn.LayerNorm's default, which the engine uses
    writer.add_string("gptstudio.tokenizer", loaded.tokenizer.kind)
    writer.add_string("gptstudio.data_mode", loaded.mode)
    writer.add_uint32("gptstudio.step", loaded.step)
    _add_vocab(writer, vocab)
    for tensor_name, array in gguf_tensors(loaded.model):
        data, raw_type = _encoded(tensor_name, array, number_type)
        writer.add_tensor(tensor_name, data, raw_dtype=raw_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def _add_vocab(writer, vocab: GGUFVocab) -> None:
    writer.add_tokenizer_model(vocab.model)
    if vocab.pre:
        writer.add_tokenizer_pre(vocab.pre)
    writer.add_token_list(vocab.tokens)
    writer.add_token_types(vocab.types)
    if vocab.merges:
        writer.add_token_merges(vocab.merges)
    if vocab.scores:
        writer.add_token_scores(vocab.scores)
        writer.add_add_space_prefix(False)  # the unigram tokenizer's SentencePiece habits, off
        writer.add_remove_extra_whitespaces(False)
    for add, token in ((writer.add_bos_token_id, vocab.bos), (writer.add_eos_token_id, vocab.eos),
                       (writer.add_pad_token_id, vocab.pad), (writer.add_unk_token_id, vocab.unk)):
        if token is not None:
            add(token)
    writer.add_add_bos_token(vocab.add_bos)
    writer.add_add_eos_token(False)
    if vocab.suppressed:
        # Read by llama.cpp's own sampler (common/sampling.cpp): the tokens the app never writes.
        writer.add_array("tokenizer.ggml.suppress_tokens", [int(t) for t in vocab.suppressed])


def gguf_tensors(model) -> list[tuple[str, np.ndarray]]:
    """(GGUF name, fp32 array) for every weight llama.cpp's gpt2 model reads; zeros for the
    biases a model without biases lacks."""
    config = model.config
    state = {k: v.detach().to("cpu", torch.float32).numpy() for k, v in model.state_dict().items()}
    c = config.n_embd

    def bias(name: str, size: int) -> np.ndarray:
        return state.get(name, np.zeros(size, dtype=np.float32))

    tensors = [("token_embd.weight", state["transformer.wte.weight"]),
               ("position_embd.weight", state["transformer.wpe.weight"])]
    parts = (("attn_norm", "ln_1", c), ("attn_qkv", "attn.c_attn", 3 * c),
             ("attn_output", "attn.c_proj", c), ("ffn_norm", "ln_2", c),
             ("ffn_up", "mlp.c_fc", 4 * c), ("ffn_down", "mlp.c_proj", c))
    for i in range(config.n_layer):
        for ours, theirs, size in parts:
            prefix = f"transformer.h.{i}.{theirs}"
            tensors.append((f"blk.{i}.{ours}.weight", state[f"{prefix}.weight"]))
            tensors.append((f"blk.{i}.{ours}.bias", bias(f"{prefix}.bias", size)))
    tensors.append(("output_norm.weight", state["transformer.ln_f.weight"]))
    tensors.append(("output_norm.bias", bias("transformer.ln_f.bias", c)))
    return tensors


def _encoded(name: str, array: np.ndarray, number_type: str):
    """The array as stored: vectors (norms, biases) stay fp32, as llama.cpp's converter keeps
    them; matrices take the chosen type, q8_0 falling back to f16 where a row does not divide
    into its blocks. The position table stays f16 under q8_0 (it is small, and llama.cpp's
    converter never quantizes it)."""
    import gguf

    if array.ndim == 1 or number_type == "f32":
        return array.astype(np.float32), None
    if number_type == "q8_0" and name != "position_embd.weight" and array.shape[-1] % Q8_BLOCK == 0:
        quant = gguf.GGMLQuantizationType.Q8_0
        return gguf.quants.quantize(array, quant), quant
    return array.astype(np.float16), None
