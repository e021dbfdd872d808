"""Screenshots of the conversation demos: the Corpus tab's preview with what the model learns in
green, the held-out answers beside the loss after the demo's run, a conversation in the Chat tab,
and "Why this token?" on a reply. Saved into docs/screenshots/chat/ (or .../zh_CN/chat/ for the
Chinese interface, which uses the Chinese demo).

    Xvfb :N -screen 0 1400x1000x24 & DISPLAY=:N openbox &
    DISPLAY=:N python -m bench.screenshots_chat [--language zh_CN] [--max-iters N] [--preview-only]

The demo trains with its own settings (--max-iters shortens the run). A temporary GPTSTUDIO_HOME
is used.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
QUESTIONS = {"chat_shop": ("Hello!", "How much are the apples?", "Where can I find the eggs?",
                           "Do you have phones?"),
             # In the fruit stand's text a greeting comes with one question only; after a
             # greeting a second question is a shape the model never saw, so none here.
             "chat_fruit": ("草莓多少钱一斤？", "有西瓜吗？", "你们卖榴莲吗？", "谢谢")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", default="en", choices=("en", "zh_CN"))
    parser.add_argument("--max-iters", type=int, help="default: the demo's")
    parser.add_argument("--preview-only", action="store_true",
                        help="only the Corpus tab's preview (no training)")
    parser.add_argument("--trained", action="store_true",
                        help="talk to the demo project already trained in $GPTSTUDIO_HOME (by an "
                             "earlier run of this script): only the chat and Why this token?")
    args = parser.parse_args(argv)
    demo = "chat_shop" if args.language == "en" else "chat_fruit"
    out = (OUT if args.language == "en" else OUT / args.language) / "chat"
    os.environ.setdefault("GPTSTUDIO_HOME", tempfile.mkdtemp(prefix="gptstudio-shots-"))
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)

    from dataclasses import replace

    from PySide6 import QtWidgets

    from gptstudio.ui import i18n
    from gptstudio.ui.main.main_window import MainWindow
    from gptstudio.ui.resources import style_sheet

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    app.setStyleSheet(style_sheet())
    if not i18n.install(app, args.language):
        raise SystemExit(f"no translation for {args.language}")
    window = MainWindow(language=args.language)
    window.resize(1280, 900)
    window.show()

    from functools import partial

    from bench.event_loop import pump as run_events

    pump = partial(run_events, timeout=3600)

    def shot(name: str) -> None:
        pump(0.5)
        path = out / f"{name}.png"
        window.grab().save(str(path))
        print(f"saved {path}", flush=True)

    pump(0.5, until=lambda: window.torch_ready, timeout=120)
    if args.trained:
        from gptstudio.projects.store import ProjectStore

        window.project_actions.open_project(ProjectStore().list()[0].name)
        pump(1, until=lambda: window.chat_tab._available, timeout=120)
        return talk(window, demo, shot, pump)
    window.project_actions.create_from_demo(demo)
    corpus = window.corpus_tab
    window.tabs.setCurrentWidget(corpus)
    pump(1, until=lambda: corpus.report is not None and corpus.shape_note.isVisible(), timeout=120)
    corpus.shape_note.preview_toggle.setChecked(True)
    shot("1-preview-learned-parts")
    if args.preview_only:
        window.shutdown()
        window.close()
        return 0

    if args.max_iters:
        shown = window.settings_panel.settings()
        data, model, train, preset = shown.data, shown.model, shown.train, shown.preset
        train = replace(train, max_iters=args.max_iters,
                        warmup_iters=min(train.warmup_iters, args.max_iters // 2),
                        eval_interval=min(train.eval_interval, args.max_iters))
        window.settings_panel.set_settings(data, model, train, preset)
        window.edits.settings_changed()
    started = time.perf_counter()
    window.train_tab.start()
    pump(until=lambda: window.train_tab.run.thread is None and window.train_tab.state == "idle")
    print(f"trained in {time.perf_counter() - started:.0f} s", flush=True)
    # The run is the demo's own, as a user starts it: what it answers is the demo's measurement.
    history = window.project.history()
    val = dict(zip(history.eval_steps, history.eval_val, strict=False))
    for step, right, asked in history.eval_answers:
        print(f"step {step:5d}  val {val.get(step, float('nan')):.3f}  answers right "
              f"{right}/{asked}", flush=True)
    window.tabs.setCurrentWidget(window.train_tab)
    shot("2-answers-beside-the-loss")

    return talk(window, demo, shot, pump)


def talk(window, demo, shot, pump) -> int:
    """A conversation in the Chat tab, and "Why this token?" on a word of the second reply."""
    tab = window.chat_tab
    window.tabs.setCurrentWidget(tab)
    tab.input.clear()
    for question in QUESTIONS[demo]:
        tab.input.setPlainText(question)
        tab.send()
        pump(until=lambda: not tab.running, timeout=300)
    shot("3-chat")

    reply = tab.view.bubbles[3].text
    reply.explore_token.emit(min(4, len(reply.tokens) - 1))
    pump(2, until=lambda: bool(window.inspect_tab.explorer.choices()), timeout=120)
    shot("4-why-this-token")

    window.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
