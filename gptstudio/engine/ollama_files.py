"""The two small files written beside an exported .gguf: an Ollama Modelfile and a how-to text.

The Modelfile (https://github.com/ollama/ollama/blob/main/docs/modelfile.md) makes the exported
file an Ollama model that writes as the Generate tab does: the prompt passed on as it is (these
are plain text continuers, not chat models), the Generate tab's sampling settings, the model's
context length (its position table has no rows beyond it), and the end-of-example token as a stop.
The how-to text says the same for llama.cpp and LM Studio, and what the export's check found.
"""

from __future__ import annotations

from pathlib import Path

from gptstudio.engine.config import SampleConfig
from gptstudio.fsio import atomic_write_text

TEMPLATE = "{{ .Prompt }}"


def modelfile_text(gguf_name: str, *, mode: str, vocab, block_size: int,
                   sample: SampleConfig) -> str:
    """An Ollama Modelfile for the .gguf named `gguf_name` in the same folder."""
    lines = [
        "# Made by GPT Studio. Create the model with:",
        f"#   ollama create NAME -f {gguf_name.removesuffix('.gguf')}.Modelfile",
        f"FROM ./{gguf_name}",
        "# A plain text continuer: the prompt goes in as it is, with no chat roles around it.",
        f'TEMPLATE """{TEMPLATE}"""',
        "# The model knows this many positions; Ollama must not go beyond them.",
        f"PARAMETER num_ctx {block_size}",
        "# The Generate tab's settings.",
        f"PARAMETER temperature {sample.temperature:g}",
        f"PARAMETER top_k {sample.top_k}",
        f"PARAMETER top_p {sample.top_p:g}",
        f"PARAMETER min_p {sample.min_p:g}",
        f"PARAMETER repeat_penalty {sample.repetition_penalty:g}",
        "# GPT Studio's penalty looks at every earlier token: -1 is the whole context.",
        "PARAMETER repeat_last_n -1",
        f"PARAMETER num_predict {sample.max_new_tokens}",
    ]
    if sample.seed is not None:
        lines.append(f"PARAMETER seed {sample.seed}")
    for stop in stop_texts(mode, vocab, sample):
        lines.append(f'PARAMETER stop "{stop}"')
    left_out = [s for s in sample.stop if not _quotable(s)]
    if left_out:
        lines.append(f"# Stop texts left out (a Modelfile cannot quote them): {left_out!r}")
    return "\n".join(lines) + "\n"


def stop_texts(mode: str, vocab, sample: SampleConfig) -> list[str]:
    """Where writing stops: the end-of-example token's text in framed modes (Ollama also stops at
    the token itself), then the Generate tab's own stop texts."""
    from gptstudio.engine.gguf_vocab import FRAMED_MODES

    stops = []
    if mode in FRAMED_MODES and vocab.eos is not None and vocab.eos not in vocab.suppressed:
        stops.append(vocab.tokens[vocab.eos])
    stops += [s for s in sample.stop if _quotable(s) and s not in stops]
    return stops


def _quotable(text: str) -> bool:
    return bool(text) and not any(c in text for c in '"\\\n\r')


def howto_text(gguf_name: str, *, name: str, mode: str, vocab, block_size: int,
               sample: SampleConfig, check) -> str:
    stem = gguf_name.removesuffix(".gguf")
    start = ("Each example starts with the start token, which llama.cpp adds to a prompt by "
             "itself, and ends with the end token, where writing stops."
             if mode != "continuous" else
             "It continues text: give it the start of a text and it writes on.")
    differences = "".join(f"- {d}\n" for d in vocab.differences) or "- None.\n"
    return f"""{name}: a GPT trained with GPT Studio, as a GGUF file
{'=' * (len(name) + 46)}

{gguf_name} holds the whole model, its tokenizer included. It is a plain text continuer, not a
chat model: it writes on from the text you give it. {start}
Its context is {block_size} tokens: prompt and answer together must fit in it.

Checked by GPT Studio
---------------------
{check.summary}

Text that llama.cpp cuts into tokens differently from GPT Studio:
{differences}
llama.cpp
---------
    llama-completion -m {gguf_name} -c {block_size} -n {sample.max_new_tokens} --temp {sample.temperature:g} \\
        --top-k {sample.top_k} --top-p {sample.top_p:g} --min-p {sample.min_p:g} -p "Your prompt"
(older builds call the program llama-cli). llama.cpp's own sampler also leaves out the tokens GPT
Studio never writes (the file lists them).

Ollama
------
    ollama create {stem} -f {stem}.Modelfile
    ollama run {stem} "Your prompt"
The Modelfile carries the Generate tab's settings and the context length.

LM Studio (or Jan)
------------------
Import {gguf_name} (LM Studio: lms import {gguf_name}, or drop it into its models folder), set the
context length to {block_size}, and use it for text completion, not chat.
"""


def write_companions(gguf_path: Path, *, name: str, mode: str, vocab, block_size: int,
                     sample: SampleConfig, check) -> tuple[Path, Path]:
    stem = gguf_path.name.removesuffix(".gguf")
    modelfile = gguf_path.with_name(f"{stem}.Modelfile")
    howto = gguf_path.with_name(f"{stem}.how-to-use.txt")
    atomic_write_text(modelfile, modelfile_text(gguf_path.name, mode=mode, vocab=vocab,
                                                block_size=block_size, sample=sample))
    atomic_write_text(howto, howto_text(gguf_path.name, name=name, mode=mode, vocab=vocab,
                                        block_size=block_size, sample=sample, check=check))
    return modelfile, howto
