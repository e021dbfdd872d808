"""The demo corpora shipped in `corpora/` (see corpora/README.md for their origin and license), each
with settings that show something within a couple of minutes on a laptop CPU.

Plain data, no Qt and no torch: the welcome view shows these, the main window applies them to a new
project, and tests check that every demo's settings validate and train. The step counts and the
"what to look for" texts come from measurements on a 2-core CPU (see corpora/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from gptstudio.engine.config import ModelConfig, SampleConfig, TrainConfig
from gptstudio.engine.messages import QT_TRANSLATE_NOOP
from gptstudio.engine.presets import PRESETS

_TINY = PRESETS["tiny"]
# What each demo's look-for text says was measured with AdamW at a learning rate of 0.002, the
# tiny preset's training before it moved to Muon: the demos keep that training.
_DEMO_TRAIN = replace(_TINY.train, optimizer="adamw", learning_rate=2e-3)

# Titles and texts are marked with QT_TRANSLATE_NOOP (Qt-free, engine/messages.py) for lupdate; the
# interface shows them with translate("Demos", text).

@dataclass(frozen=True)
class Demo:
    key: str
    title: str
    description: str
    filename: str
    mode: str  # "lines" (one example per line) or "continuous"
    tokenizer: str = "char"
    # The settings a project made from this demo starts with (vocab_size is set from the corpus).
    model: ModelConfig = _TINY.model
    train: TrainConfig = _DEMO_TRAIN
    sample: SampleConfig = SampleConfig()
    # One short paragraph: what happens while it trains, and when.
    look_for: str = ""
    # A prompt to try on the Generate tab (also what the Train tab's samples continue).
    prompt: str = ""

    def settings(self, vocab_size: int) -> tuple[ModelConfig, TrainConfig, SampleConfig]:
        """The demo's settings for a tokenizer with this many tokens."""
        return replace(self.model, vocab_size=vocab_size), self.train, self.sample

    def problems(self) -> list[str]:
        return self.model.validate() + self.train.validate() + self.sample.validate()



DEMOS: tuple[Demo, ...] = (
    Demo(
        "addition", QT_TRANSLATE_NOOP("Demos", "Arithmetic (12+7=19)"),
        QT_TRANSLATE_NOOP("Demos", "3,000 sums like 12+7=19: watch the model discover the rule of "
                                   "addition."),
        "addition.txt", "lines",
        # A sum is at most 9 characters, 11 with its start and end marks: a context of 16 holds
        # it. A small, narrow model is enough for the rule and runs ~10 steps/s on 2 CPU cores.
        model=ModelConfig(block_size=16, n_layer=2, n_head=4, n_embd=64, dropout=0.0),
        train=TrainConfig(batch_size=64, learning_rate=3e-3, warmup_iters=50, max_iters=1000,
                          eval_interval=100, eval_iters=10, weight_decay=0.1,
                          sample_prompt="23+45=", sample_tokens=4),
        # The answer is one exact string: the likeliest digit each time, and stop at the line end.
        sample=SampleConfig(temperature=0.0, max_new_tokens=4, num_samples=1),
        # Measured (greedy answers to 100 random sums): step 250, 94 of the right length and 5
        # right; step 500, 57 right; step 1,000, 92 right (corpora/README.md).
        look_for=QT_TRANSLATE_NOOP(
            "Demos",
            "At first it writes random digits. After about 250 steps the answers have the "
            "right length; by 500 about half are right, and by 1,000 (about two minutes) "
            "nine in ten, even for sums that are not in the text."),
        prompt="23+45=",
    ),
    Demo(
        "names", QT_TRANSLATE_NOOP("Demos", "Made-up names"),
        QT_TRANSLATE_NOOP("Demos", "3,000 invented names: the model learns how names sound and "
                                   "invents new ones."),
        "names.txt", "lines",
        # Names are at most 11 characters: a context of 16 holds one with its start and end marks.
        model=replace(_TINY.model, block_size=16),
        # 1,000 steps of 32 names is about 10 passes over the list. Measured (up to step 450 of
        # this schedule): at step 150 four sampled names of four were new and sayable ("Ciagaim",
        # "Klaerem", "Caedian"), at 450 likewise; validation loss 2.07 -> 1.98.
        train=TrainConfig(batch_size=32, learning_rate=2e-3, warmup_iters=100, max_iters=1000,
                          eval_interval=100, eval_iters=10, weight_decay=0.1, sample_tokens=20),
        sample=SampleConfig(temperature=0.8, max_new_tokens=20, num_samples=8),
        look_for=QT_TRANSLATE_NOOP(
            "Demos",
            "At first it writes jumbles of letters. Within about 150 steps the names start "
            "with a capital, have a sensible length and syllables you can say, and they are "
            "new names, not ones from the list. Generate writes eight at a time."),
        prompt="",
    ),
    Demo(
        "tech_blog", QT_TRANSLATE_NOOP("Demos", "Sentences about programming"),
        QT_TRANSLATE_NOOP("Demos", "Short English sentences about code and AI: the model learns "
                                   "spelling, then grammar."),
        "tech_blog.txt", "continuous",
        model=_TINY.model,
        train=replace(_DEMO_TRAIN, max_iters=1500, eval_interval=150, sample_prompt="The ",
                      sample_tokens=120),
        sample=SampleConfig(temperature=0.8, max_new_tokens=300),
        # Measured: step 150, word-sized chunks ("the", "CPU", "very"), validation loss 1.85;
        # step 300, 0.76 and whole phrases ("The debugger", "without any help").
        look_for=QT_TRANSLATE_NOOP(
            "Demos",
            "First come random letters, then word-sized chunks with spaces. By about 300 "
            "steps many words and short phrases are right (“without any help”); by the end "
            "most sentences read like the blog."),
        prompt="The optimizer",
    ),
    Demo(
        "chinese", QT_TRANSLATE_NOOP("Demos", "Chinese sentences"),
        QT_TRANSLATE_NOOP("Demos", "Simple Chinese sentences with emoji: any language and any "
                                   "character works."),
        "chinese.txt", "continuous",
        model=_TINY.model,
        # Measured (corpora/README.md): the validation loss is lowest near step 225 and rises
        # after 250, so 300 steps show everything there is to see, in about 30 s on 2 cores.
        train=replace(_DEMO_TRAIN, max_iters=300, eval_interval=25, sample_tokens=60),
        sample=SampleConfig(temperature=0.8, max_new_tokens=120),
        look_for=QT_TRANSLATE_NOOP(
            "Demos",
            "Each character is one token. At step 25 it is a jumble of the text's characters; by "
            "step 50 it has full stops and common word pairs; by step 100 most sentences are "
            "grammatical and end with the text's emoji. About 30 seconds on 2 cores."),
        prompt="我的朋友",
    ),
)


def corpora_dir() -> Path:
    """`corpora/` of a checkout, else the copy installed inside the package."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "corpora"
    return checkout if checkout.is_dir() else here / "_corpora"


def get_demo(key: str) -> Demo:
    for demo in DEMOS:
        if demo.key == key:
            return demo
    raise KeyError(f"There is no demo corpus called {key!r}; choose one of "
                   f"{', '.join(d.key for d in DEMOS)}.")


def demo_corpus_path(key: str) -> Path:
    return corpora_dir() / get_demo(key).filename


def read_demo(key: str) -> str:
    return demo_corpus_path(key).read_text(encoding="utf-8")


def apply_demo(project, demo: Demo) -> None:
    """Give a (new, untrained) project the demo's settings. The caller saves it."""
    project.model, project.train, project.sample = demo.settings(project.model.vocab_size)
    project.preset = "custom"
    project.prompt = demo.prompt  # what to try on the Generate tab
