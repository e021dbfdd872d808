"""Writes the demo corpora next to this file. Deterministic: the same bytes on every run.

    python corpora/generate.py

Everything here was written by the GPT Studio team (templates and word lists below) and is
dedicated to the public domain (CC0-1.0).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SEED = 20261122
HERE = Path(__file__).resolve().parent


def addition(rng: random.Random) -> str:
    sums = [f"{a}+{b}={a + b}" for a in range(100) for b in range(100)]
    rng.shuffle(sums)
    return "\n".join(sums[:3000]) + "\n"


ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n", "p",
          "pr", "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "y", "z", ""]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y", "ae", "ia"]
CODAS = ["", "", "", "n", "l", "r", "s", "th", "m", "x", "nd", "st", "ll", "ra", "na", "lia"]


def names(rng: random.Random, count: int = 3000) -> str:
    made: list[str] = []
    seen: set[str] = set()
    while len(made) < count:
        syllables = rng.choice([2, 2, 2, 3])
        name = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
        name += rng.choice(CODAS)
        if 3 <= len(name) <= 11 and name not in seen:
            seen.add(name)
            made.append(name.capitalize())
    return "\n".join(made) + "\n"


SUBJECTS = ["The compiler", "A small model", "The neural network", "Our test suite", "The database",
            "A good programmer", "The training loop", "The tokenizer", "This function", "The GPU",
            "A language model", "The optimizer", "The attention layer", "Every program",
            "The debugger", "A clean API", "The cache", "The scheduler", "My first script",
            "The loss curve"]
VERBS = ["reads", "learns", "predicts", "checks", "compiles", "stores", "explains", "measures",
         "improves", "repeats", "splits", "counts", "sorts", "tests", "writes", "remembers",
         "ignores", "follows", "builds", "returns"]
OBJECTS = ["the next character", "every line of code", "a list of numbers", "the training data",
           "the error message", "a simple rule", "the gradient", "each word", "the whole file",
           "a tiny dataset", "the input text", "the hidden state", "the last result",
           "a new variable", "the learning rate", "a batch of examples", "the unit tests",
           "a sorted array", "the weights", "the context window"]
ENDINGS = ["before it runs", "one step at a time", "with great care", "in a few seconds",
           "without any help", "after every update", "when the loss goes down", "on a small CPU",
           "for the first time", "again and again", "very slowly", "better than before"]
OPENERS = ["Today we write a small program.", "Let us train a tiny model.",
           "Programming is the art of giving clear instructions.",
           "A model learns patterns from text.", "Bugs hide in the smallest details.",
           "Good code is easy to read.", "Machine learning starts with data."]
TIPS = ["Always read the error message twice.", "Small steps make big programs.",
        "Test your code before you trust it.", "Names matter more than comments.",
        "A lower loss means better predictions.", "Save your work often.",
        "Simple ideas scale surprisingly well.", "Attention lets a model look back at the text."]


def tech_blog(rng: random.Random, paragraphs: int = 260) -> str:
    out = []
    for _ in range(paragraphs):
        sentences = [rng.choice(OPENERS)]
        for _ in range(rng.randint(3, 6)):
            sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            if rng.random() < 0.6:
                sentence += " " + rng.choice(ENDINGS)
            sentences.append(sentence + ".")
        if rng.random() < 0.5:
            sentences.append(rng.choice(TIPS))
        out.append(" ".join(sentences))
    return "\n\n".join(out) + "\n"


ZH_SUBJECTS = ["小猫", "我的朋友", "老师", "孩子们", "这个程序", "小模型", "妈妈", "我们", "那只小狗", "学生"]
ZH_VERBS = ["喜欢", "正在学习", "看见了", "想要", "每天写", "认真读", "慢慢找到", "记住了"]
ZH_OBJECTS = ["新的书", "一首诗", "美丽的花", "简单的代码", "红色的苹果", "很多字", "明天的计划", "一个故事"]
ZH_PLACES = ["在公园里", "在学校", "在家里", "在图书馆", "在山上", "在河边"]
ZH_ENDINGS = ["。", "。", "！", "。😊", "。🌸", "！🎉", "。"]


def chinese(rng: random.Random, paragraphs: int = 200) -> str:
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            place = rng.choice(ZH_PLACES) if rng.random() < 0.5 else ""
            sentences.append(f"{rng.choice(ZH_SUBJECTS)}{place}{rng.choice(ZH_VERBS)}"
                             f"{rng.choice(ZH_OBJECTS)}{rng.choice(ZH_ENDINGS)}")
        out.append("".join(sentences))
    return "\n\n".join(out) + "\n"


CORPORA = {"addition.txt": addition, "names.txt": names, "tech_blog.txt": tech_blog,
           "chinese.txt": chinese}


def build() -> dict[str, str]:
    return {name: make(random.Random(f"{SEED}-{name}")) for name, make in CORPORA.items()}


def main(out_dir: Path = HERE) -> None:
    for name, text in build().items():
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
