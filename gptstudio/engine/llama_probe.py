"""The llama.cpp half of an export's check, run in a child process (engine/llama_check.py).

    python -m gptstudio.engine.llama_probe REQUEST.json OUT_FOLDER

It loads a GGUF file with llama-cpp-python, cuts the request's texts into token ids, writes every
token's text back as bytes, and runs the request's token sequences, saving the logits of every
position. No torch here: the child starts in well under a second. In a child process because
llama.cpp ends the process on a failed assertion (GGML_ASSERT); a file it cannot read must give
the app a sentence, not take it down.

Request: {"gguf": path, "n_ctx": int, "threads": int, "texts": [[str, add_bos]],
          "sequences": [[int]], "pieces": [int]}
Out: answer.json {"tokenized": [[int]], "pieces": {id: base64}} and logits-<i>.npy per sequence.
"""

from __future__ import annotations

import base64
import ctypes
import json
import logging
import sys
from pathlib import Path

import numpy as np


def probe(request: dict, out: Path) -> None:
    import llama_cpp

    logging.getLogger("llama-cpp-python").setLevel(logging.CRITICAL)  # no loading chatter
    llm = llama_cpp.Llama(request["gguf"], n_ctx=request["n_ctx"], n_batch=request["n_ctx"],
                          n_ubatch=request["n_ctx"], logits_all=True, verbose=False,
                          n_threads=request["threads"], n_threads_batch=request["threads"])
    tokenized = [llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=False)
                 for text, add_bos in request["texts"]]
    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    pieces = {str(t): base64.b64encode(_piece(llama_cpp, vocab, t)).decode("ascii")
              for t in request["pieces"]}
    for i, sequence in enumerate(request["sequences"]):
        llm.reset()
        llm.eval(sequence)
        np.save(out / f"logits-{i}.npy", np.array(llm.scores[:len(sequence)], dtype=np.float32))
    (out / "answer.json").write_text(json.dumps({"tokenized": tokenized, "pieces": pieces}),
                                     encoding="utf-8")


def _piece(llama_cpp, vocab, token: int) -> bytes:
    """A token's text as llama.cpp writes it out when generating (specials as nothing)."""
    size = 64
    while True:
        buffer = (ctypes.c_char * size)()
        n = llama_cpp.llama_token_to_piece(vocab, token, buffer, size, 0, False)
        if n >= 0:
            return bytes(buffer[:n])
        size = -n  # too small: llama.cpp says how big it must be


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    probe(request, Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
