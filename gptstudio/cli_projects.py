"""The command line's project commands: new, generate, list, export, import and export-hf
(train is cli_train.py)."""

from __future__ import annotations

import sys

from gptstudio import cli_models
from gptstudio.cli_output import fail
from gptstudio.engine.auto_settings import DEFAULT_BUDGET_MINUTES, MAX_BUDGET_MINUTES
from gptstudio.engine.config import SampleConfig
from gptstudio.engine.errors import name_character


def cmd_new(args) -> int:
    from gptstudio.engine.data import variety_problem
    from gptstudio.engine.text_shape import guess_mode

    text = _read_text(args)
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
        return _new_from_gpt2(args, text, mode)
    created = _create(args, text, mode)
    if isinstance(created, str):
        return fail(created)
    project, described = created
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


def _read_text(args) -> str:
    """The --corpus file's text, decoded and without characters that are not text (said so)."""
    from gptstudio.engine.stray_characters import clean_stray
    from gptstudio.engine.text_files import read_corpus_file

    decoded = read_corpus_file(args.corpus, args.encoding)  # refuses a file too big before reading it
    if decoded.how == "detected":
        print(f"Read {args.corpus.name} as {decoded.encoding_name()} "
              f"(--encoding chooses another).")
    text, stray = clean_stray(decoded.text)
    if stray.found:
        print(f"Removed {stray.removed:,} characters that are not text: {stray.describe()}.")
    return text


def _new_from_gpt2(args, text: str, mode: str) -> int:
    from gptstudio.projects.pretrained import create_from_gpt2
    from gptstudio.projects.store import ProjectStore

    project = create_from_gpt2(ProjectStore(), args.name, text, args.from_gpt2,
                               block_size=args.block_size, mode=mode)
    print(f"Created project '{project.name}' from GPT-2 in {args.from_gpt2} "
          f"({project.model.param_count():,} parameters, context {project.model.block_size}, "
          f"{mode} text). Fine-tune it with: gptstudio train \"{project.name}\"")
    return 0


def _create(args, text: str, mode: str):
    """(the new project, how its settings were chosen), with a preset or Automatic settings; or
    the sentence saying why not."""
    from gptstudio.engine.config import DataConfig
    from gptstudio.projects.store import ProjectStore

    store = ProjectStore()
    guessed = args.mode == "auto"  # the app's Corpus tab says who chose the mode
    if args.preset is not None:
        data = DataConfig(tokenizer=args.tokenizer, bpe_vocab_size=args.bpe_vocab_size, mode=mode)
        return (store.create(args.name, text, preset=args.preset, data=data, mode_guessed=guessed),
                f"preset {args.preset}")
    args.minutes = DEFAULT_BUDGET_MINUTES if args.minutes is None else args.minutes
    if args.tokenizer != "char":
        return (f"Automatic settings are chosen for character tokens; with --tokenizer "
                f"{args.tokenizer}, choose a preset too (--preset tiny, small or medium).")
    from gptstudio.engine.errors import CorpusError
    from gptstudio.projects.automatic import automatic_settings

    print(f"Choosing settings for {args.minutes:g} min of training on this computer "
          "(timing a few training steps)...")
    try:
        choice = automatic_settings(text, mode, args.minutes)
    except CorpusError as error:  # no conversations to choose for
        return (f"{error} Fix the text, or make the project with a preset (--preset tiny) and fix "
                "it there.")
    project = store.create(args.name, text, data=choice.data, automatic=choice,
                           budget_minutes=max(1, round(args.minutes)), mode_guessed=guessed)
    for reason in choice.reasons:
        print(f"  - {reason}")
    if choice.small_text:
        print(f"Note: {choice.small_text}")
    return project, f"Automatic settings for {args.minutes:g} min"


def _conversation_problem(text: str) -> str | None:
    from gptstudio.engine.conversations import parse_conversations
    from gptstudio.engine.errors import CorpusError

    try:
        parse_conversations(text)
    except CorpusError as error:
        return str(error)
    return None


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

    from gptstudio.projects.names import BIDI_CONTROLS

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
