"""`gptstudio train`: a project's model trained in the terminal, stopped cleanly by Ctrl-C or a
signal, with its progress printed (cli_output.ProgressPrinter)."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace

from gptstudio.cli_output import ProgressPrinter, fail
from gptstudio.engine.events import CheckpointEvent, StartedEvent


def cmd_train(args) -> int:
    from gptstudio.engine.distributed import context_from_env
    from gptstudio.engine.errors import UnknownInText
    from gptstudio.projects.lock import ProjectInUse, ProjectLock
    from gptstudio.projects.store import ProjectStore

    # Under torchrun every process runs this command; rank 0 alone locks, saves and prints.
    main_rank = context_from_env().is_main
    project = ProjectStore().open(args.name)
    overrides = _apply_overrides(args, project)
    if isinstance(overrides, str):
        return fail(overrides)
    lock = ProjectLock(project.path) if main_rank else None
    try:  # the lock first: a project open elsewhere is refused before anything is written
        with lock.acquire(take_over=args.open_anyway) if lock else contextlib.nullcontext():
            if args.open_anyway and lock:
                print("Opened anyway: if GPT Studio still has this project open elsewhere, the "
                      "two will overwrite each other's work.", file=sys.stderr)
            _train(args, project, bool(overrides), main_rank)
    except ProjectInUse as error:
        if not error.can_take_over:
            raise
        return fail(f"{error} If it is not open there, add --open-anyway to train here.")
    except UnknownInText as error:
        return fail(f"{error} Add --new-model to do that.")
    return 0


def _apply_overrides(args, project) -> dict | str:
    """The training settings the command line changes, put into project.train (saved only once
    the run has started); or the sentence saying why they cannot be used."""
    overrides = {k: v for k, v in dict(
        max_iters=args.max_iters, device=args.device, precision=args.precision,
        batch_size=args.batch_size, learning_rate=args.learning_rate, optimizer=args.optimizer,
        eval_interval=args.eval_interval).items() if v is not None}
    if args.more is not None and args.new_model:
        return "--more adds steps to the trained model; --new-model starts another. Choose one."
    if args.new_model and project.train.schedule_iters:
        # "--more" stretched the old model's run past its schedule; a new model has its own.
        overrides["schedule_iters"] = 0
    if args.more is not None:
        if args.more < 1:
            return "--more takes a number of steps of at least 1."
        from gptstudio.engine.schedule import schedule_end

        done = _trained_steps(project)
        overrides.update(max_iters=done + args.more, schedule_iters=schedule_end(project.train))
    if overrides:
        project.train = replace(project.train, **overrides)
        problems = project.train.validate()
        if problems:
            return " ".join(problems)
    return overrides


def _train(args, project, settings_changed: bool, main_rank: bool) -> None:
    """The run itself, the project locked; its progress printed, Ctrl-C stopping it cleanly."""
    from gptstudio.engine.control import RunControl
    from gptstudio.engine.trainer import Trainer
    from gptstudio.projects.paths import precision_cache_file
    from gptstudio.stop_signals import StopSignals

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
    unsaved = {"settings": settings_changed, "tokenizer": fresh}

    def on_event(event) -> None:
        # Nothing is written before the run has started: a refused one changes nothing.
        # A tokenizer replacing a trained model's waits for the new model's checkpoint.
        if isinstance(event, StartedEvent) and unsaved["settings"]:
            project.save()
            unsaved["settings"] = False
        if unsaved["tokenizer"] and isinstance(
                event, CheckpointEvent if replacing else StartedEvent):
            project.save_tokenizer(tokenizer)
            unsaved["tokenizer"] = False
        printer(event)

    with StopSignals(lambda signum: _interrupt(control, printer, signum)):
        result = trainer.run(on_event, control)
        if main_rank:
            _report(result, printer)


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
