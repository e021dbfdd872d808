"""Screenshots of starting from a pretrained model: the catalogue, a download in progress, and a
fine-tuned project beside a from-scratch one in Compare.

    Xvfb :93 -screen 0 1400x1000x24 & DISPLAY=:93 python -m bench.pretrained_screenshots

Nothing is downloaded from the internet: the download is served by the tests' stand-in Hub on
127.0.0.1 (tests/hub_server.py), throttled so that it is caught part way, and its "gpt2" is a small
GPT-2 with random weights. So the Compare picture shows the app's views, not what real GPT-2
weights write. The catalogue's seconds per step are measured on this computer (a few minutes).
Temporary GPTSTUDIO_HOME and Hugging Face cache: nothing of the user's is touched.
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
    parser.add_argument("--corpus", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "data" /
                        "tinyshakespeare.txt")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--home", type=Path, help="a folder of an earlier run, to reuse its "
                        "measured step times (a fresh temporary folder by default)")
    parser.add_argument("--only", choices=("catalogue", "download", "compare"), action="append")
    args = parser.parse_args(argv)
    home = args.home or Path(tempfile.mkdtemp(prefix="gptstudio-pretrained-shots-"))
    wanted = set(args.only or ("catalogue", "download", "compare"))
    os.environ["GPTSTUDIO_HOME"] = str(home / "home")
    os.environ["HF_HUB_CACHE"] = str(home / "hf-cache")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.gpt2_helpers import make_gpt2_folder
    from tests.hub_server import StandInHub

    text = args.corpus.read_text(encoding="utf-8")[:200_000]
    corpus = home / "shakespeare.txt"
    corpus.write_text(text, encoding="utf-8")
    hub = StandInHub()
    # About 20 MB: the download is caught part way at the throttled pace below.
    hub.add_repo("gpt2", make_gpt2_folder(home / "repo", vocab_size=2000, n_positions=128,
                                          n_embd=256, n_layer=6))
    os.environ["HF_ENDPOINT"] = hub.start()

    from PySide6 import QtWidgets

    from gptstudio.ui.main.main_window import MainWindow
    from gptstudio.ui.resources import style_sheet

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    app.setStyleSheet(style_sheet())
    window = MainWindow()
    window.resize(1280, 860)
    window.show()

    from bench.event_loop import pump

    def shot(widget, name: str) -> None:
        pump(0.4)
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        print(f"saved {path}", flush=True)

    pump(0.5, until=lambda: window.torch_ready, timeout=60)
    shot(window, "welcome")

    # 1. The catalogue, each model timed on this computer.
    window.pretrained.show_pretrained_models()
    dialog = window.pretrained.pretrained_dialog
    dialog.resize(1180, 640)

    def measured() -> bool:
        return all(dialog.table.item(r, 6).text().endswith(" s")
                   for r in range(dialog.table.rowCount()))

    pump(until=measured, timeout=1800)
    if "catalogue" in wanted:
        shot(dialog, "pretrained-catalogue")

    # 2. A download in progress (the stand-in, throttled).
    hub.faults.bytes_per_second, hub.faults.chunk = 1_000_000, 32_768
    dialog.start_with("gpt2", str(corpus))
    pump(until=lambda: " left" in dialog.status.text() and dialog.progress.value() > 300,
         timeout=300)
    if "download" in wanted:
        shot(dialog, "pretrained-download")
    hub.faults.bytes_per_second = 0
    pump(until=lambda: window.project is not None, timeout=600)
    shot(window, "pretrained-created")
    if "compare" not in wanted:
        window.shutdown()
        hub.stop()
        return 0

    # 3. Fine-tuned beside from-scratch, the same text and the same number of steps.
    fine_tuned = window.project.name
    _train(window.project, args.steps)
    window.project_actions.close_project()
    scratch = window.store.create("From scratch", text)
    _train(scratch, args.steps)
    window.open_compare()
    compare = window._compare_window
    compare.resize(1280, 820)
    for name in (fine_tuned, "From scratch"):
        compare.set_ticked(name, True)
    compare.prompt.setPlainText("ROMEO:")
    compare.seed.setValue(1)
    compare.max_tokens.setValue(120)
    compare.write_button.click()
    pump(until=lambda: compare.write_button.isEnabled() and compare.outputs(), timeout=600)
    shot(compare, "pretrained-compare")
    window.shutdown()
    hub.stop()
    return 0


def _train(project, steps: int) -> None:
    from gptstudio.engine.trainer import Trainer

    train = replace(project.train, max_iters=steps, eval_interval=max(1, steps // 5),
                    device="cpu", sample_tokens=40)
    project.train = train
    project.save()
    Trainer(corpus=project.read_corpus(), tokenizer=project.load_tokenizer(), data=project.data,
            model=project.model, train=train, checkpoint_dir=project.checkpoint_dir
            ).run(lambda event: None)


if __name__ == "__main__":
    sys.exit(main())
