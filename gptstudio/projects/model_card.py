"""The model card (README.md) and loss-curve picture that go with a model shared on the Hub.

A model card says what a model is, what it learnt from and how well, and under which terms
others may use it (https://huggingface.co/docs/hub/model-cards). GPT Studio knows all of it but
the licence, which the user picks. The loss curve is an SVG: plain text, drawn without a plotting
library, and shown by the Hub like any picture.
"""

from __future__ import annotations

import html
import math

from gptstudio.engine.loss_history import LossHistory
from gptstudio.projects.project import Project

MODE_WORDS = {"continuous": "one long text", "lines": "one example per line",
              "blocks": "one example per block of lines"}

LOSS_CURVE = "loss_curve.svg"
WIDTH, HEIGHT, MARGIN = 640, 360, 56
MAX_POINTS = 600  # points per line: finer than the picture's pixels


def model_card(project: Project, meta: dict, *, licence: str, parameters: int) -> str:
    """meta: the exported checkpoint's meta.json (settings, step, loss history)."""
    from gptstudio.engine.data import corpus_stats

    try:
        text = project.read_corpus()
    except Exception:  # noqa: BLE001 - a card without corpus figures beats no card
        text = ""
    stats = corpus_stats(text) if text else None
    model, data, train = meta.get("model", {}), meta.get("data", {}), meta.get("train", {})
    history = LossHistory.from_dict(meta.get("history"))
    kind = data.get("tokenizer", "char")
    front = ["---", f"license: {licence or 'other'}", "library_name: transformers",
             "pipeline_tag: text-generation", "tags:", "- gpt2", "- gptstudio", "---", ""]
    lines = [
        f"# {project.name}",
        "",
        f"A small GPT ({parameters:,} parameters) trained from {'GPT-2' if kind == 'gpt2' else 'scratch'} "
        "with GPT Studio on its owner's own text. It continues text; it is not a chat model.",
        "",
        "## Training text",
        "",
    ]
    if stats:
        words = f"{stats.words:,} words, " if stats.spaced else ""  # no spaces between them: no count
        lines.append(f"{stats.characters:,} characters, {words}{stats.lines:,} "
                     "lines. The text itself is not included here.")
    lines += [
        f"- Tokenizer: {_tokenizer_words(kind)}; data mode: {data.get('mode', 'continuous')} "
        f"({MODE_WORDS.get(data.get('mode'), 'one long text')}).",
        "",
        "## Model and training",
        "",
        "| setting | value |",
        "|---|---|",
        f"| layers, heads, width | {model.get('n_layer')}, {model.get('n_head')}, {model.get('n_embd')} |",
        f"| context (tokens) | {model.get('block_size')} |",
        f"| vocabulary | {model.get('vocab_size')} tokens |",
        f"| steps trained | {meta.get('step', 0):,} of {train.get('max_iters', 0):,} |",
        f"| optimizer | {train.get('optimizer', 'adamw')}, peak learning rate {train.get('learning_rate')}, "
        f"batch {train.get('batch_size')} |",
        f"| dropout | {model.get('dropout')} |",
    ]
    if history.eval_val:
        lines.append(f"| last validation loss | {history.eval_val[-1]:.4f} "
                     f"(training {history.eval_train[-1]:.4f}) |")
    lines += ["", f"![Loss curve]({LOSS_CURVE})", "", "## Samples", ""]
    for sample in samples(project, history):
        lines += ["```text", sample.replace("```", "'''"), "```", ""]
    lines += ["## Use", "", _usage(kind), "", "## Licence", "",
              licence or "The owner has not chosen a licence yet.", ""]
    return "\n".join(front + lines)


def _tokenizer_words(kind: str) -> str:
    return {"char": "characters (every character is a token)",
            "word": "words, punctuation and whitespace runs",
            "bpe": "byte-level BPE learned from the text",
            "gpt2": "GPT-2's byte-level BPE"}.get(kind, kind)


def _usage(kind: str) -> str:
    if kind in ("bpe", "gpt2"):
        return ("```python\nfrom transformers import pipeline\n"
                "write = pipeline(\"text-generation\", model=\"THIS_REPO\")\n"
                "print(write(\"Once upon a time\", max_new_tokens=100)[0][\"generated_text\"])\n```")
    return ("The weights load in transformers (`GPT2LMHeadModel.from_pretrained`). The tokenizer is "
            f"GPT Studio's {kind}-level one, in `gptstudio_tokenizer.json` (a list of its tokens): "
            "transformers has no tokenizer of this kind, so encode text with GPT Studio or with "
            "that list.")


def samples(project: Project, history: LossHistory, count: int = 3) -> list[str]:
    """What the model wrote: the texts the user kept, newest first, then the training samples."""
    kept = [str(s.get("prompt", "")) + str(s.get("text", "")) for s in project.saved_samples()]
    trained = [text for _step, text in history.samples]
    chosen = [t for t in [*reversed(kept), *reversed(trained)] if t.strip()]
    return [t[:600] for t in chosen[:count]]


# ---------------------------------------------------------------------------------------------------
# The loss curve


def loss_curve_svg(history: LossHistory) -> str:
    """Training loss per step (thin) and validation loss at each evaluation (dots and line)."""
    train = _thinned(history.steps, history.train_loss)
    val = list(zip(history.eval_steps, history.eval_val, strict=True))
    points = [p for p in train + val if math.isfinite(p[1])]
    if not points:
        return _svg([], [], (0, 1), (0, 1))
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return _svg(train, val, (0, max(max(xs), 1)), (min(ys), max(max(ys), min(ys) + 1e-3)))


def _thinned(steps: tuple, losses: tuple) -> list[tuple[float, float]]:
    pairs = list(zip(steps, losses, strict=True))
    every = max(1, math.ceil(len(pairs) / MAX_POINTS))
    return pairs[::every] + ([pairs[-1]] if pairs and (len(pairs) - 1) % every else [])


def _svg(train, val, x_range, y_range) -> str:
    (x0, x1), (y0, y1) = x_range, y_range
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def at(x: float, y: float) -> str:
        px = MARGIN + (x - x0) / (x1 - x0) * inner_w
        py = HEIGHT - MARGIN - (y - y0) / (y1 - y0) * inner_h
        return f"{px:.1f},{py:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
             f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">Loss</text>']
    for i in range(5):  # gridlines with their values
        y = y0 + (y1 - y0) * i / 4
        x = x0 + (x1 - x0) * i / 4
        py, px = at(x0, y).split(",")[1], at(x, y0).split(",")[0]
        parts.append(f'<line x1="{MARGIN}" y1="{py}" x2="{WIDTH - MARGIN}" y2="{py}" stroke="#ddd"/>')
        parts.append(f'<text x="{MARGIN - 6}" y="{py}" text-anchor="end" dy="4">{y:.2f}</text>')
        parts.append(f'<text x="{px}" y="{HEIGHT - MARGIN + 16}" text-anchor="middle">{x:,.0f}</text>')
    parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 12}" text-anchor="middle">step</text>')
    if train:
        parts.append('<polyline fill="none" stroke="#1f77b4" stroke-width="1" points="'
                     + " ".join(at(x, y) for x, y in train) + '"/>')
    if val:
        parts.append('<polyline fill="none" stroke="#d62728" stroke-width="2" points="'
                     + " ".join(at(x, y) for x, y in val) + '"/>')
        parts += [f'<circle cx="{at(x, y).split(",")[0]}" cy="{at(x, y).split(",")[1]}" r="3" '
                  'fill="#d62728"/>' for x, y in val]
    parts.append(f'<text x="{WIDTH - MARGIN}" y="40" text-anchor="end" fill="#1f77b4">'
                 f'{html.escape("training")}</text>')
    parts.append(f'<text x="{WIDTH - MARGIN}" y="56" text-anchor="end" fill="#d62728">'
                 f'{html.escape("validation")}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
