"""The command line's ways to take a model elsewhere (cli.py adds them to its commands):

    gptstudio export-gguf NAME FILE [--type f32|f16|q8_0]   for llama.cpp, Ollama, LM Studio, Jan
    gptstudio export-code NAME FOLDER                        the training run as a Python program
    gptstudio push NAME REPO_ID [--licence L] [--private]    share it on the Hugging Face Hub
"""

from __future__ import annotations

import sys
from pathlib import Path


def add_parsers(sub) -> None:
    from gptstudio.engine.config import GGUF_TYPES

    gguf = sub.add_parser("export-gguf", help="write the trained model as one GGUF file for "
                                              "llama.cpp, Ollama and LM Studio, checked with llama.cpp")
    gguf.add_argument("name")
    gguf.add_argument("file", type=Path)
    gguf.add_argument("--type", choices=GGUF_TYPES, default="f16", dest="number_type",
                      help="how the weights are stored: f32 (exact), f16 (half the size, the "
                           "default), q8_0 (a quarter, slightly rounded)")
    code = sub.add_parser("export-code", help="write the training run as a short Python program "
                                              "(train.py, sample.py) that needs only torch and numpy")
    code.add_argument("name")
    code.add_argument("folder", type=Path)
    push = sub.add_parser("push", help="share the trained model on the Hugging Face Hub, with a "
                                       "model card (uses your `hf auth login`)")
    push.add_argument("name")
    push.add_argument("repo_id", help="your-user/model-name")
    push.add_argument("--licence", "--license", default="",
                      help="the terms others may use it under, as the Hub names them (mit, "
                           "apache-2.0, cc-by-4.0, ...)")
    push.add_argument("--private", action="store_true", help="only you can see the repository")


def cmd_export_gguf(args) -> int:
    from gptstudio.projects.exports import export_gguf
    from gptstudio.projects.store import ProjectStore

    result = export_gguf(ProjectStore().open(args.name), args.file, args.number_type,
                         progress=lambda message: print(message, file=sys.stderr))
    print(f"Wrote {', '.join(str(p) for p in result.files)}.")
    print(result.check.summary)
    if result.differences:
        print("What llama.cpp cuts into tokens otherwise:")
        for difference in result.differences:
            print(f"  - {difference}")
    stem = result.path.name.removesuffix(".gguf")
    print(f"Ollama: ollama create {stem} -f {stem}.Modelfile (see {stem}.how-to-use.txt).")
    return 0


def cmd_export_code(args) -> int:
    from gptstudio.projects.exports import export_code
    from gptstudio.projects.store import ProjectStore

    folder = export_code(ProjectStore().open(args.name), args.folder)
    print(f"Wrote the training run as a Python program to {folder}: train.py, sample.py, "
          "model.py, tokenizer.py, tokenizer.json, input.txt.")
    print(f"Run it: cd {folder} && python train.py && python sample.py  (needs torch and numpy)")
    return 0


def cmd_push(args) -> int:
    from gptstudio.projects.hub import push_to_hub
    from gptstudio.projects.store import ProjectStore

    url = push_to_hub(ProjectStore().open(args.name), args.repo_id, licence=args.licence,
                      private=args.private, progress=lambda m: print(m, file=sys.stderr))
    print(f"Shared '{args.name}' on the Hub: {url}")
    return 0


COMMANDS = {"export-gguf": cmd_export_gguf, "export-code": cmd_export_code, "push": cmd_push}
