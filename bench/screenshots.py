"""Step through the app with real data and save a PNG of each view into docs/screenshots/.

    xvfb-run -s "-screen 0 1400x900x24" python -m bench.screenshots      # a real X window
    QT_QPA_PLATFORM=offscreen python -m bench.screenshots                # no display at all
    python -m bench.screenshots --language zh_CN    # the Chinese interface: docs/screenshots/zh_CN/

A temporary GPTSTUDIO_HOME is used: the user's projects are not touched. It trains the tiny
preset for a few hundred steps on the "Sentences about programming" demo (about a minute on 2 cores),
or on the Chinese sentences demo for the Chinese interface.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--language", default="en", choices=("en", "zh_CN"))
    args = parser.parse_args(argv)
    args.out = args.out or (OUT if args.language == "en" else OUT / args.language)
    # Prompts from the demo text, so the model has something to say.
    demo, prompt, explore, attend = (
        ("tech_blog", "The model", "The model lear", "The training loop splits")
        if args.language == "en" else ("chinese", "我的朋友", "小模型每天", "孩子们在图书馆认真读一个故事"))
    os.environ.setdefault("GPTSTUDIO_HOME", tempfile.mkdtemp(prefix="gptstudio-shots-"))
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6 import QtWidgets

    from gptstudio.ui.main.main_window import (
        TAB_CORPUS,
        TAB_GENERATE,
        TAB_INSPECT,
        TAB_SETTINGS,
        TAB_TRAIN,
        MainWindow,
    )
    from gptstudio.ui.resources import style_sheet

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    app.setStyleSheet(style_sheet())
    from gptstudio.ui import i18n

    if not i18n.install(app, args.language):
        raise SystemExit(f"no translation for {args.language}")
    window = MainWindow(language=args.language)
    window.resize(1280, 860)
    window.show()

    from functools import partial

    from bench.event_loop import pump as run_events

    pump = partial(run_events, timeout=600)

    def shot(name: str) -> None:
        pump(0.3)
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(f"saved {path}")

    pump(0.5, until=lambda: window.torch_ready, timeout=30)
    shot("welcome")

    window.project_actions.create_from_demo(demo)
    window.tabs.setCurrentIndex(TAB_CORPUS)
    pump(3)
    shot("corpus")

    window.tabs.setCurrentIndex(TAB_SETTINGS)
    pump(2)  # the corpus statistics finish first, then the step-time probe runs alone
    window.runs._start_probe()
    pump(1, until=lambda: window.runs.probe_thread is None, timeout=60)
    shot("settings")

    shown = window.settings_panel.settings()
    data, model, train = shown.data, shown.model, shown.train
    window.settings_panel.set_settings(data, model, replace(train, max_iters=args.steps,
                                                            eval_interval=50), "custom")
    window.edits.settings_changed()

    window.train_tab.start()
    pump(until=lambda: window.train_tab.run.thread is None and window.train_tab.state == "idle", timeout=900)
    window.tabs.setCurrentIndex(TAB_TRAIN)
    shot("train")

    tab = window.generate_tab
    window.tabs.setCurrentIndex(TAB_GENERATE)
    tab.prompt.setPlainText(prompt)
    tab.max_tokens.setValue(400)
    tab.samples.setValue(2)
    tab.random_seed.setChecked(False)
    tab.show_probs.setChecked(True)
    tab.request_generate()
    pump(until=lambda: window.generate_runs.thread is None and not tab.running, timeout=120)
    shot("generate")

    tab.show_probs.setChecked(False)
    tab.mark_copied.setChecked(True)  # passages the model copied from the corpus, in yellow
    pump(1)
    shot("generate-copied")

    inspect = window.inspect_tab
    window.tabs.setCurrentIndex(TAB_INSPECT)
    pump(1, until=lambda: inspect.loaded_checkpoint() is not None, timeout=60)
    inspect.explorer.set_prompt(explore)
    shot("look-next-token")
    inspect.views.setCurrentWidget(inspect.attention)
    inspect.attention.prompt.setText(attend)
    inspect.attention.refresh()
    inspect.attention.hover_token(min(20, len(attend) - 1))
    shot("look-attention")
    inspect.views.setCurrentWidget(inspect.tokens)
    pump(1, until=lambda: not inspect.tokens.is_counting(), timeout=120)
    shot("look-tokens")
    inspect.views.setCurrentWidget(inspect.one_step)
    inspect.one_step.take_step()
    pump(1, until=lambda: inspect.one_step.result is not None and not inspect.one_step.is_running(),
         timeout=120)
    shot("look-one-step")
    inspect.views.setCurrentWidget(inspect.embedding)
    pump(1, until=lambda: inspect.embedding.map is not None, timeout=60)
    shot("look-embedding")

    window.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
