"""The `gptstudio` command: the app with no sub-command, the headless engine with one.

    gptstudio                                   open the app
    gptstudio new NAME --corpus FILE [--minutes 5 | --preset tiny] [--tokenizer char|word|bpe]
    gptstudio train NAME [--max-iters N | --more N] [--device auto|cpu|cuda|mps]
    gptstudio generate NAME --prompt TEXT [--temperature T --top-k K --top-p P -n N --seed S]
                                          [--drop-unknown]
    gptstudio chat NAME [--system TEXT --temperature T ...]   a line in, the reply out (a chat model)
    gptstudio list | export NAME FILE | import FILE
    gptstudio models                            pretrained models to start from
    gptstudio new NAME --corpus FILE --from MODEL [--minutes 10]   fine-tune GPT-2 (a Hub name)
    gptstudio new NAME --corpus FILE --from-gpt2 FOLDER [--block-size 256]   fine-tune GPT-2
    gptstudio export-hf NAME FOLDER             the model as a Hugging Face GPT-2 folder
    gptstudio doctor | --version | --create-shortcut   check the installation; add a menu entry
    gptstudio export-gguf NAME FILE | export-code NAME FOLDER | push NAME REPO_ID   (cli_exports.py)
    torchrun --nproc_per_node=N -m gptstudio train NAME                       several devices

A user's mistake ends in one plain sentence on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gptstudio import cli_exports, cli_models, cli_projects
from gptstudio.cli_chat import add_chat_command, cmd_chat
from gptstudio.cli_output import fail
from gptstudio.cli_train import cmd_train
from gptstudio.engine.auto_settings import DEFAULT_BUDGET_MINUTES
from gptstudio.engine.config import DATA_MODES, DEVICES, OPTIMIZERS, PRECISIONS, TOKENIZERS
from gptstudio.engine.errors import EngineError, describe_os_error
from gptstudio.engine.finetune import DEFAULT_MINUTES as DEFAULT_FINE_TUNE_MINUTES
from gptstudio.engine.presets import PRESETS
from gptstudio.engine.text_files import ENCODING_NAMES

# ---------------------------------------------------------------------------------------------------
# Arguments


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gptstudio",
        description="Train a small GPT on your own text. Without a command, the app opens.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_install_options(parser, sub)
    _add_new(sub)
    _add_train(sub)
    _add_generate(sub)
    add_chat_command(sub)
    sub.add_parser("list", help="list the projects")
    export = sub.add_parser("export", help="save a project as one .zip file")
    export.add_argument("name")
    export.add_argument("file", type=Path)
    hf = sub.add_parser("export-hf", help="write the trained model as a Hugging Face GPT-2 folder")
    hf.add_argument("name")
    hf.add_argument("folder", type=Path)
    imp = sub.add_parser("import", help="add a project from an exported .zip file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--name", help="a new name for it")
    cli_exports.add_parsers(sub)
    return parser


def _add_new(sub) -> None:
    new = sub.add_parser("new", help="create a project from a text file")
    new.add_argument("name")
    new.add_argument("--corpus", required=True, type=Path, help="a text file to learn from")
    new.add_argument("--encoding", choices=tuple(ENCODING_NAMES),
                     help="the file's encoding (default: recognised from its bytes)")
    new.add_argument("--tokenizer", choices=TOKENIZERS, default="char",
                     help="char (the default, and what Automatic settings choose for), or word / "
                          "bpe with a --preset")
    new.add_argument("--bpe-vocab-size", type=int, default=512)
    new.add_argument("--mode", choices=("auto", *DATA_MODES), default="auto",
                     help="continuous text, one example per line, or one example per block of lines "
                          "(auto: guessed from the text's structure)")
    new.add_argument("--preset", choices=tuple(PRESETS),
                     help="ready-made settings instead of Automatic ones (chosen for the text and "
                          "this computer, measured with a few training steps)")
    new.add_argument("--minutes", type=float,
                     help="Automatic settings: the time training should take on this computer "
                          f"(default {DEFAULT_BUDGET_MINUTES}); with --from: about how long "
                          f"fine-tuning should take (default {DEFAULT_FINE_TUNE_MINUTES})")
    new.add_argument("--from-gpt2", type=Path, metavar="FOLDER",
                     help="start from a pretrained GPT-2 (a Hugging Face folder) and fine-tune it")
    new.add_argument("--block-size", type=int, default=256,
                     help="with --from or --from-gpt2: the context to fine-tune with (GPT-2 allows "
                          "1024; shorter is faster, but the model then sees fewer tokens at once)")
    cli_models.add_arguments(sub, new)


def _add_train(sub) -> None:
    train = sub.add_parser("train", help="train (or keep training) a project's model")
    train.add_argument("name")
    train.add_argument("--max-iters", type=int, help="total training steps")
    train.add_argument("--device", choices=DEVICES)
    train.add_argument("--precision", choices=PRECISIONS)
    train.add_argument("--batch-size", type=int)
    train.add_argument("--learning-rate", type=float)
    train.add_argument("--optimizer", choices=OPTIMIZERS,
                       help="adamw, or muon: more learnt per step, slower steps (see docs/performance.md)")
    train.add_argument("--eval-interval", type=int)
    train.add_argument("--more", type=int, metavar="N",
                       help="train N steps more than the model has; the learning rate goes on "
                            "from where its schedule ended")
    train.add_argument("--new-model", action="store_true",
                       help="start a new model from scratch (the trained one goes to the trash "
                            "once the new one has saved)")
    train.add_argument("--open-anyway", action="store_true",
                       help="train even though a lock says the project is open elsewhere (only "
                            "when it is not: two runs on one project overwrite each other's work)")


def _add_generate(sub) -> None:
    gen = sub.add_parser("generate", help="write text with a project's trained model")
    gen.add_argument("name")
    gen.add_argument("--prompt", default="")
    gen.add_argument("--temperature", type=float, default=0.8)
    gen.add_argument("--top-k", type=int, default=0)
    gen.add_argument("--top-p", type=float, default=1.0)
    gen.add_argument("--min-p", type=float, default=0.0)
    gen.add_argument("--repetition-penalty", type=float, default=1.0)
    gen.add_argument("--max-new-tokens", type=int, default=200)
    gen.add_argument("-n", "--num-samples", type=int, default=1)
    gen.add_argument("--seed", type=int)
    gen.add_argument("--stop", action="append", default=[], help="stop when this text appears")
    gen.add_argument("--device", choices=DEVICES, default="auto")
    gen.add_argument("--model", choices=("best", "latest"),
                     help="the checkpoint with the lowest validation loss, or the latest "
                          "(default: the project's choice, best unless changed in the app)")
    gen.add_argument("--drop-unknown", action="store_true",
                     help="leave out of the prompt what the model has never seen, instead of stopping")


def add_install_options(parser: argparse.ArgumentParser, sub) -> None:
    """--version, --create-shortcut and `doctor`: about the installation, not a project."""
    from gptstudio import __version__

    parser.add_argument("--version", action="version", version=f"GPT Studio {__version__}")
    parser.add_argument("--create-shortcut", action="store_true",
                        help="add GPT Studio, with its icon, to the desktop's application menu")
    sub.add_parser("doctor", help="check the installation: Python, PyTorch and its devices, Qt, "
                                  "folders; says what is wrong")


def run_install_command(args) -> int | None:
    """The answer to an installation option or command; None when args asked for none."""
    if args.create_shortcut:
        from gptstudio.shortcut import main as create_shortcut

        return create_shortcut()
    if args.command == "doctor":
        from gptstudio.doctor import main as doctor

        return doctor()
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if (answer := run_install_command(args)) is not None:
        return answer
    if args.command is None:
        from gptstudio.ui.app import run

        return run()
    from gptstudio.projects.project import ProjectError

    try:
        return COMMANDS[args.command](args)
    except (EngineError, ProjectError) as e:
        return fail(str(e))
    except OSError as e:  # "The disk is full (/path/to/file).", never "[Errno 28] ..."
        what = describe_os_error(e)
        where = f" ({e.filename})" if e.filename and str(e.filename) not in what else ""
        return fail(f"{what[:1].upper()}{what[1:]}{where}.")
    except KeyboardInterrupt:
        return fail("Interrupted.")
    except Exception:  # a bug: the traceback goes to stderr and into the app's log file
        log_crash(args.command)
        raise


def log_crash(command: str) -> None:
    import logging

    from gptstudio.logs import setup_logging  # the log file the app writes too

    setup_logging()
    logging.getLogger("gptstudio.cli").exception("Unexpected error in `gptstudio %s`", command)


# ---------------------------------------------------------------------------------------------------
# Commands


COMMANDS = {"new": cli_projects.cmd_new, "train": cmd_train, "generate": cli_projects.cmd_generate,
            "list": cli_projects.cmd_list, "export": cli_projects.cmd_export,
            "import": cli_projects.cmd_import, "export-hf": cli_projects.cmd_export_hf,
            "chat": lambda args: cmd_chat(args, fail),
            "models": cli_models.cmd_models,
            **cli_exports.COMMANDS}
