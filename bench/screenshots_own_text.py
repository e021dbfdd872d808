"""Screenshots of a real person's real file in the app: the teacher's poem collection (ANSI colour
codes and "%" lines, as the Debian fortunes-zh package ships it), saved into
docs/screenshots/own-text/ (or .../zh_CN/own-text/ for the Chinese interface).

    xvfb-run -s "-screen 0 1400x1000x24" python -m bench.screenshots_own_text [--language zh_CN]
        [--corpus ../shared/data/song100-raw.txt] [--minutes 1]

The views: the offer to clean the control characters; Find and Replace; the data mode's guess with
its reason and preview; Automatic settings with the time budget; the loss curve with the best
checkpoint marked after an Automatic run; whole poems generated one block at a time. A temporary
GPTSTUDIO_HOME is used.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "song100-raw.txt"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", default="en", choices=("en", "zh_CN"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--minutes", type=int, default=1, choices=(1, 5, 15, 60))
    args = parser.parse_args(argv)
    out = (OUT if args.language == "en" else OUT / args.language) / "own-text"
    os.environ.setdefault("GPTSTUDIO_HOME", tempfile.mkdtemp(prefix="gptstudio-shots-"))
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)

    from PySide6 import QtWidgets

    from gptstudio.ui import i18n
    from gptstudio.ui.main.main_window import (
        TAB_CORPUS,
        TAB_GENERATE,
        TAB_SETTINGS,
        TAB_TRAIN,
        MainWindow,
    )
    from gptstudio.ui.resources import style_sheet

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    app.setStyleSheet(style_sheet())
    if not i18n.install(app, args.language):
        raise SystemExit(f"no translation for {args.language}")
    window = MainWindow(language=args.language)
    window.resize(1280, 900)
    window.show()

    from bench.event_loop import pump

    def shot(name: str) -> None:
        pump(0.4)
        path = out / f"{name}.png"
        window.grab().save(str(path))
        print(f"saved {path}")

    pump(0.5, until=lambda: window.torch_ready, timeout=60)
    window.project_actions.create_from_path(args.corpus)
    corpus = window.corpus_tab
    window.tabs.setCurrentIndex(TAB_CORPUS)
    pump(1, until=lambda: corpus.report is not None and corpus.stray_offer.isVisible(), timeout=60)
    shot("1-control-characters")

    corpus.clean_stray_characters()
    pump(1, until=lambda: not corpus.stray_offer.isVisible() and corpus.report is not None, timeout=60)
    corpus.find_bar.open_replace()
    corpus.find_bar.regex.setChecked(True)
    corpus.find_bar.query.setText(r"^作者:")
    corpus.find_bar.replacement.setText("")
    corpus.find_bar.find_next()
    shot("2-find-replace")
    corpus.find_bar.close_bar()

    # Automatic chooses the context from the examples' lengths; the Corpus tab counts again with it.
    panel = window.settings_panel
    panel.set_budget_minutes(args.minutes)
    window.edits.request_automatic()
    pump(1, until=lambda: panel.automatic_box.reasons.text().startswith("<b>"), timeout=300)
    context = panel.settings().model.block_size
    pump(1, until=lambda: corpus.report is not None and corpus.report.block_size == context,
         timeout=60)
    corpus.shape_note.preview_toggle.setChecked(True)
    pump(1)
    shot("3-data-mode-and-preview")

    window.tabs.setCurrentIndex(TAB_SETTINGS)
    pump(1, until=lambda: not window.edits.timing_or_training(), timeout=120)  # the time estimate
    shot("4-automatic-settings")

    window.train_tab.trigger_start()
    pump(until=lambda: window.train_tab.run.thread is None and window.train_tab.state == "idle",
         timeout=args.minutes * 60 * 3)
    window.tabs.setCurrentIndex(TAB_TRAIN)
    shot("5-best-checkpoint")

    tab = window.generate_tab
    window.tabs.setCurrentIndex(TAB_GENERATE)
    tab.prompt.setPlainText("")
    tab.max_tokens.setValue(300)
    tab.samples.setValue(3)
    tab.random_seed.setChecked(False)
    tab.request_generate()
    pump(until=lambda: window.generate_runs.thread is None and not tab.running, timeout=120)
    tab.mark_copied.setChecked(True)
    pump(1)
    shot("6-whole-poems")

    window.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
