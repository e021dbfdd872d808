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
import sys
import time
from dataclasses import replace
from pathlib import Path

from gptstudio import cli_exports, cli_models
from gptstudio.cli_chat import add_chat_command, cmd_chat
from gptstudio.engine.auto_settings import DEFAULT_BUDGET_MINUTES, MAX_BUDGET_MINUTES
from gptstudio.engine.config import (
    DATA_MODES,
    DEVICES,
    OPTIMIZERS,
    PRECISIONS,
    TOKENIZERS,
    SampleConfig,
)
from gptstudio.engine.errors import EngineError, describe_os_error, name_character
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

    from gptstudio.ui.app import setup_logging  # Qt-free; the log file the app writes too

    setup_logging()
    logging.getLogger("gptstudio.cli").exception("Unexpected error in `gptstudio %s`", command)


def fail(message: str) -> int:
    print(f"gptstudio: {message}", file=sys.stderr)
    return 1


# ---------------------------------------------------------------------------------------------------
# Commands


def cmd_new(args) -> int:
    from gptstudio.engine.config import DataConfig
    from gptstudio.engine.data import variety_problem
    from gptstudio.engine.stray_characters import clean_stray
    from gptstudio.engine.text_files import read_corpus_file
    from gptstudio.engine.text_shape import guess_mode
    from gptstudio.projects.store import ProjectStore

    decoded = read_corpus_file(args.corpus, args.encoding)  # refuses a file too big before reading it
    if decoded.how == "detected":
        print(f"Read {args.corpus.name} as {decoded.encoding_name()} "
              f"(--encoding chooses another).")
    text, stray = clean_stray(decoded.text)
    if stray.found:
        print(f"Removed {stray.removed:,} characters that are not text: {stray.describe()}.")
    if args.minutes is not None and not 0 < args.minutes <= MAX_BUDGET_MINUTES:
        return fail(f"--minutes must be more than 0 and at most {MAX_BUDGET_MINUTES:,}.")
    if args.source is not None:  # a pretrained model by name: cli_models.py
        return cli_models.new_from_pretrained(args, text, None if args.mode == "auto" else args.mode)
    if args.mode == "auto":
        guess = guess_mode(text)
        mode = guess.mode
        print(f"Data: {mode}. {guess.reason} (--mode chooses another.)")
    else:
        mode = args.mode
    if args.from_gpt2 is not None:
        from gptstudio.projects.pretrained import create_from_gpt2

        project = create_from_gpt2(ProjectStore(), args.name, text, args.from_gpt2,
                                   block_size=args.block_size, mode=mode)
        print(f"Created project '{project.name}' from GPT-2 in {args.from_gpt2} "
              f"({project.model.param_count():,} parameters, context {project.model.block_size}, "
              f"{mode} text). Fine-tune it with: gptstudio train \"{project.name}\"")
        return 0
    data = DataConfig(tokenizer=args.tokenizer, bpe_vocab_size=args.bpe_vocab_size, mode=mode)
    store = ProjectStore()
    if args.preset is None:
        args.minutes = DEFAULT_BUDGET_MINUTES if args.minutes is None else args.minutes
        if args.tokenizer != "char":
            return fail(f"Automatic settings are chosen for character tokens; with --tokenizer "
                        f"{args.tokenizer}, choose a preset too (--preset tiny, small or medium).")
        from gptstudio.projects.automatic import automatic_settings

        print(f"Choosing settings for {args.minutes:g} min of training on this computer "
              "(timing a few training steps)...")
        choice = automatic_settings(text, mode, args.minutes)
        project = store.create(args.name, text, data=choice.data, automatic=choice,
                               budget_minutes=max(1, round(args.minutes)))
        described = f"Automatic settings for {args.minutes:g} min"
        for reason in choice.reasons:
            print(f"  - {reason}")
        if choice.small_text:
            print(f"Note: {choice.small_text}")
    else:
        project = store.create(args.name, text, preset=args.preset, data=data)
        described = f"preset {args.preset}"
    tok = project.load_tokenizer()
    print(f"Created project '{project.name}' ({len(text):,} characters, {mode} text, "
          f"{project.data.tokenizer} tokenizer with {tok.vocab_size:,} tokens, {described}).")
    note = variety_problem(set(text))
    if note:
        print(f"Note: {note}")
    if mode == "chat" and (problem := _conversation_problem(text)):
        print(f"Note: {problem} Fix it before training.")
    print(f"Train it with: gptstudio train \"{project.name}\"")
    return 0


def _conversation_problem(text: str) -> str | None:
    from gptstudio.engine.conversations import parse_conversations
    from gptstudio.engine.errors import CorpusError

    try:
        parse_conversations(text)
    except CorpusError as error:
        return str(error)
    return None


def cmd_train(args) -> int:
    import contextlib

    from gptstudio.engine.control import RunControl
    from gptstudio.engine.distributed import context_from_env
    from gptstudio.engine.errors import UnknownInText
    from gptstudio.engine.trainer import Trainer
    from gptstudio.projects.lock import ProjectInUse, ProjectLock
    from gptstudio.projects.paths import precision_cache_file
    from gptstudio.projects.store import ProjectStore
    from gptstudio.stop_signals import StopSignals

    # Under torchrun every process runs this command; rank 0 alone locks, saves and prints.
    main_rank = context_from_env().is_main
    project = ProjectStore().open(args.name)
    overrides = {k: v for k, v in dict(
        max_iters=args.max_iters, device=args.device, precision=args.precision,
        batch_size=args.batch_size, learning_rate=args.learning_rate, optimizer=args.optimizer,
        eval_interval=args.eval_interval).items() if v is not None}
    if args.more is not None and args.new_model:
        return fail("--more adds steps to the trained model; --new-model starts another. Choose one.")
    if args.new_model and project.train.schedule_iters:
        # "--more" stretched the old model's run past its schedule; a new model has its own.
        overrides["schedule_iters"] = 0
    if args.more is not None:
        if args.more < 1:
            return fail("--more takes a number of steps of at least 1.")
        from gptstudio.engine.schedule import schedule_end

        done = _trained_steps(project)
        overrides.update(max_iters=done + args.more, schedule_iters=schedule_end(project.train))
    if overrides:
        project.train = replace(project.train, **overrides)
        problems = project.train.validate()
        if problems:
            return fail(" ".join(problems))
    lock = ProjectLock(project.path) if main_rank else None
    try:  # the lock first: a project open elsewhere is refused before anything is written
        with lock.acquire(take_over=args.open_anyway) if lock else contextlib.nullcontext():
            if args.open_anyway and lock:
                print("Opened anyway: if GPT Studio still has this project open elsewhere, the "
                      "two will overwrite each other's work.", file=sys.stderr)
            corpus = project.read_corpus()
            tokenizer, fresh = project.tokenizer_for_run(corpus, args.new_model)
            replacing = fresh and project.has_trained_model()
            trainer = Trainer(corpus=corpus, tokenizer=tokenizer, data=project.data,
                              model=project.model, train=project.train,
                              checkpoint_dir=project.checkpoint_dir,
                              precision_cache=precision_cache_file(), fresh=replacing,
                              set_aside_old=project.old_model_place() if replacing else None)
            control = RunControl()
            printer = ProgressPrinter()
            unsaved = {"settings": bool(overrides), "tokenizer": fresh}

            def on_event(event) -> None:
                # Nothing is written before the run has started: a refused one changes nothing.
                # A tokenizer replacing a trained model's waits for the new model's checkpoint.
                name = type(event).__name__
                if name == "StartedEvent" and unsaved["settings"]:
                    project.save()
                    unsaved["settings"] = False
                if unsaved["tokenizer"] and name == ("CheckpointEvent" if replacing else "StartedEvent"):
                    project.save_tokenizer(tokenizer)
                    unsaved["tokenizer"] = False
                printer(event)

            with StopSignals(lambda signum: _interrupt(control, printer, signum)):
                result = trainer.run(on_event, control)
                if main_rank:
                    _report(result, printer)
    except ProjectInUse as error:
        if not error.can_take_over:
            raise
        return fail(f"{error} If it is not open there, add --open-anyway to train here.")
    except UnknownInText as error:
        return fail(f"{error} Add --new-model to do that.")
    return 0


def _report(result, printer) -> None:
    printer.done()
    if result.reason == "early_stopped":
        printer.line(f"Stopped early at step {result.step}: the validation loss had not improved "
                     f"since step {result.best_step} ({result.best_val:.3f}). The best model is kept "
                     f"and used; --more N trains N more steps anyway.")
    elif result.reason == "stopped":
        printer.line(f"Stopped at step {result.step} and saved. Run the same command to continue.")
    elif result.val_loss is None:  # nothing to do: the model had already reached --max-iters
        printer.line(f"Done: the model is already trained for {result.step} steps; "
                     "--more N trains it N steps further.")
    else:
        printer.line(f"Done: {result.step} steps, validation loss {result.val_loss:.3f}.")


def _trained_steps(project) -> int:
    from gptstudio.engine.checkpoint import latest_checkpoint, read_meta

    folder = latest_checkpoint(project.checkpoint_dir)
    return int(read_meta(folder)["step"]) if folder is not None else 0


def _interrupt(control, printer, signum: int) -> None:
    from gptstudio.stop_signals import signal_name

    printer.note(f"Stopping after this step and saving a checkpoint ({signal_name(signum)}; "
                 "Ctrl-C again to stop at once)...")
    control.stop()


def cmd_generate(args) -> int:
    from gptstudio.engine.data import drop_unknown, prompt_ids
    from gptstudio.engine.errors import UnknownCharacters
    from gptstudio.engine.model_service import load_generator
    from gptstudio.projects.store import ProjectStore

    project = ProjectStore().open(args.name)
    config = SampleConfig(
        temperature=args.temperature, top_k=args.top_k, top_p=args.top_p, min_p=args.min_p,
        repetition_penalty=args.repetition_penalty, max_new_tokens=args.max_new_tokens,
        num_samples=args.num_samples, seed=args.seed, stop=tuple(args.stop), top_alternatives=0)
    problems = config.validate()
    if problems:
        return fail(" ".join(problems))
    which = args.model or project.model_choice
    generator = load_generator(project.checkpoint_dir, which, args.device)
    prompt = args.prompt
    try:
        prompt_ids(generator.tokenizer, generator.mode, prompt)
    except UnknownCharacters as error:
        if not args.drop_unknown:
            return fail(f"{error} Or add --drop-unknown to leave them out.")
        prompt = drop_unknown(generator.tokenizer, prompt, generator.mode)
        shown = ", ".join(name_character(u) for u in error.unknown[:20])
        print(f"Left out of the prompt what the model has never seen: {shown}"
              f"{' and more' if len(error.unknown) > 20 else ''}.", file=sys.stderr)
    print(f"Writing with the {'best' if which == 'best' else 'latest'} model (step "
          f"{generator.step}).", file=sys.stderr)
    for event in generator.stream(prompt, config):
        if event.index == 0:
            if event.sample_index > 0:
                print("\n" + "-" * 40)
            print(prompt, end="")
        print(event.text, end="", flush=True)
    print()
    return 0


def cmd_list(args) -> int:
    from gptstudio.projects.store import ProjectStore

    infos = ProjectStore().list()
    if not infos:
        print("No projects yet. Create one with: gptstudio new NAME --corpus FILE")
    for info in infos:
        state = "trained" if info.trained else "not trained"
        name = _shown(info.name)
        print(f"{name}\t{state}\t{_shown(info.modified)}" if info.ok else
              f"{name}\tDAMAGED: {_shown(info.error)}")
    return 0


def _shown(text: str) -> str:
    """A name from disk as a terminal line may show it: control characters (an escape sequence,
    a line break) and those that reverse the text after them (U+202E) written as \\u202e."""
    import unicodedata

    from gptstudio.projects.store import BIDI_CONTROLS

    return "".join(f"\\u{ord(c):04x}" if c in BIDI_CONTROLS or unicodedata.category(c) == "Cc"
                   else c for c in text)


def cmd_export(args) -> int:
    from gptstudio.projects.store import ProjectStore

    ProjectStore().export(args.name, args.file)
    print(f"Exported '{args.name}' to {args.file}.")
    return 0


def cmd_import(args) -> int:
    from gptstudio.projects.store import ProjectStore

    project = ProjectStore().import_archive(args.file, name=args.name)
    print(f"Imported project '{project.name}'.")
    return 0


def cmd_export_hf(args) -> int:
    from gptstudio.projects.pretrained import export_to_hf
    from gptstudio.projects.store import ProjectStore

    export_to_hf(ProjectStore().open(args.name), args.folder)
    print(f"Wrote '{args.name}' as a Hugging Face GPT-2 folder: {args.folder}")
    return 0


COMMANDS = {"new": cmd_new, "train": cmd_train, "generate": cmd_generate, "list": cmd_list,
            "export": cmd_export, "import": cmd_import, "export-hf": cmd_export_hf,
            "chat": lambda args: cmd_chat(args, fail),
            "models": cli_models.cmd_models,
            **cli_exports.COMMANDS}

# ---------------------------------------------------------------------------------------------------
# Progress


class ProgressPrinter:
    """Trainer events -> a progress bar on a terminal, plain lines when piped to a file."""

    def __init__(self, stream=None, interval_s: float = 0.2):
        self.stream = stream = stream or sys.stdout  # looked up now: tests and pipes replace it
        self.tty = stream.isatty()
        self.interval_s = interval_s if self.tty else 5.0
        self._last = 0.0
        self._bar_shown = False

    def __call__(self, event) -> None:
        name = type(event).__name__
        if name == "StartedEvent":
            self.line(f"Training on {event.device} ({event.precision}), {event.params:,} parameters, "
                      f"from step {event.step} to {event.max_steps}.")
        elif name == "StepEvent":
            now = time.monotonic()
            if now - self._last >= self.interval_s or event.step == event.max_steps:
                self._last = now
                self.bar(event)
        elif name == "EvalEvent":
            self.line(f"step {event.step}: train loss {event.train_loss:.4f}, "
                      f"validation loss {event.val_loss:.4f}")
            sample = event.sample.replace("\n", " ")[:100]
            self.line(f"  sample: {sample}")

    def write(self, text: str) -> None:
        """A closed terminal (SIGHUP) or pipe must not stop training: output is dropped then."""
        if self.stream is None:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # ValueError: the stream was closed
            self.stream = None

    def bar(self, e) -> None:
        width = 24
        filled = int(width * e.step / max(1, e.max_steps))
        text = (f"step {e.step}/{e.max_steps} [{'#' * filled}{'.' * (width - filled)}] "
                f"loss {e.loss:.4f} | lr {e.lr:.2e} | {e.tokens_per_s:,.0f} tok/s | "
                f"ETA {_duration(e.eta_s)}")
        if self.tty:
            self.write("\r" + text + "\x1b[K")
            self._bar_shown = True
        else:
            self.write(text + "\n")

    def line(self, text: str) -> None:
        if self._bar_shown:
            self.write("\r\x1b[K")
            self._bar_shown = False
        self.write(text + "\n")

    note = line

    def done(self) -> None:
        if self._bar_shown:
            self.write("\n")
            self._bar_shown = False


def _duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"
