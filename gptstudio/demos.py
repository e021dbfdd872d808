"""The demo corpora shipped in `corpora/` (see corpora/README.md for their origin and license)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Demo:
    key: str
    title: str
    description: str
    filename: str
    mode: str  # "lines" (one example per line) or "continuous"
    tokenizer: str = "char"


DEMOS: tuple[Demo, ...] = (
    Demo("addition", "Arithmetic (12+7=19)",
         "3,000 sums like 12+7=19: watch the model discover the rule of addition.",
         "addition.txt", "lines"),
    Demo("names", "Made-up names",
         "3,000 invented names: the model learns how names sound and invents new ones.",
         "names.txt", "lines"),
    Demo("tech_blog", "Sentences about programming",
         "Short English sentences about code and AI: the model learns spelling, then grammar.",
         "tech_blog.txt", "continuous"),
    Demo("chinese", "Chinese sentences",
         "Simple Chinese sentences with emoji: any language and any character works.",
         "chinese.txt", "continuous"),
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
