"""`gptstudio chat NAME`: talk to a project's chat model (one trained on conversations).

It reads a line, prints the reply, and so on until the end of the input, so it works at a terminal
and through a pipe (scripts, tests):

    printf 'How much are the apples?\\nWhere are the eggs?\\n' | gptstudio chat "Corner shop"

Each line is the user's next turn in one conversation (the model sees as much of it as its
context holds); an empty line starts a new conversation. Piped, each reply is printed on its own
line(s) and nothing else; at a terminal the turns are labelled as the corpus labels them.
"""

from __future__ import annotations

import sys

from gptstudio.engine.config import DEVICES


def add_chat_command(sub) -> None:
    chat = sub.add_parser("chat", help="talk to a project's chat model: a line in, its reply out")
    chat.add_argument("name")
    chat.add_argument("--system", help="the system line (default: the one its conversations "
                                       "have most often, where they have one)")
    chat.add_argument("--temperature", type=float, help="default: the project's")
    chat.add_argument("--top-k", type=int)
    chat.add_argument("--top-p", type=float)
    chat.add_argument("--max-new-tokens", type=int, help="the longest reply, in tokens")
    chat.add_argument("--seed", type=int)
    chat.add_argument("--device", choices=DEVICES, default="auto")
    chat.add_argument("--model", choices=("best", "latest"),
                      help="the checkpoint with the lowest validation loss, or the latest "
                           "(default: the project's choice)")


def cmd_chat(args, fail) -> int:
    from dataclasses import replace

    from gptstudio.engine.chat import ChatSession
    from gptstudio.engine.data import drop_unknown
    from gptstudio.engine.errors import name_character
    from gptstudio.engine.model_service import load_generator
    from gptstudio.projects.store import ProjectStore

    project = ProjectStore().open(args.name)
    generator = load_generator(project.checkpoint_dir, args.model or project.model_choice,
                               args.device)
    template = generator.tokenizer.chat
    if generator.mode != "chat" or template is None:
        return fail(f"The project '{project.name}' was not trained on conversations (its data is "
                    f"{generator.mode} text): `gptstudio generate` continues its text instead.")
    overrides = {k: v for k, v in dict(
        temperature=args.temperature, top_k=args.top_k, top_p=args.top_p,
        max_new_tokens=args.max_new_tokens, seed=args.seed).items() if v is not None}
    config = replace(project.sample, num_samples=1, stop=(), top_alternatives=0, **overrides)
    problems = config.validate()
    if problems:
        return fail(" ".join(problems))
    session = ChatSession(generator, args.system)
    terminal = sys.stdin.isatty()
    if terminal:
        print(f"Talking to '{project.name}'. An empty line starts a new conversation; "
              "Ctrl-D ends.", file=sys.stderr)
    for line in _lines(terminal, template.user_label):
        text = line.rstrip("\r\n")
        if not text.strip():
            session.clear()
            continue
        known = drop_unknown(generator.tokenizer, text)
        if known != text:
            unknown = generator.tokenizer.unknown_in(text)
            shown = ", ".join(name_character(u) for u in unknown[:20])
            print(f"Left out of your message what the model has never seen: {shown}.",
                  file=sys.stderr)
        _print_reply(session.say(known, config), terminal, template.assistant_label)
    return 0


def _lines(terminal: bool, label: str):
    if not terminal:
        yield from sys.stdin
        return
    while True:
        try:
            yield input(f"{label} " if label.endswith(":") else label)
        except EOFError:
            print(file=sys.stderr)
            return


def _print_reply(events, terminal: bool, label: str) -> None:
    if terminal:
        print(f"{label} " if label.endswith(":") else label, end="")
    for event in events:
        print(event.text, end="", flush=terminal)
    print(flush=True)

