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


# -- conversations: a corner shop's assistant (English) and a fruit stand's (Chinese) ---------------
# Every answer follows from the question and the shop's facts below, so a held-out question has one
# right answer: the demos count how many the model gets exactly right.

SHOP_ITEMS = {  # plural name: (price in dollars, aisle)
    "apples": (2, 1), "bananas": (1, 1), "oranges": (3, 1), "carrots": (2, 2), "potatoes": (4, 2),
    "tomatoes": (3, 2), "eggs": (5, 3), "milk cartons": (2, 3), "cheeses": (6, 3),
    "bread loaves": (3, 4), "cookies": (4, 4), "candles": (7, 5), "batteries": (8, 5),
    "notebooks": (3, 6), "pens": (1, 6), "soaps": (2, 7)}
SHOP_MISSING = ("shoes", "phones", "lamps", "chairs", "books", "flowers")
GREETINGS = (("Hello!", "Hello! How can I help you?"), ("Hi!", "Hello! How can I help you?"),
             ("Good morning!", "Good morning! How can I help you?"))
THANKS = (("Thank you!", "You are welcome!"), ("Thanks!", "You are welcome!"),
          ("Thanks a lot.", "You are welcome!"))
SHOP_HOURS = (("When do you open?", "We open at 8 in the morning."),
              ("When do you close?", "We close at 9 in the evening."),
              ("Are you open on Sunday?", "Yes, every day from 8 to 9."))


def shop_question(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["price", "price", "where", "where", "have", "missing", "hours"])
    item = rng.choice(list(SHOP_ITEMS))
    price, aisle = SHOP_ITEMS[item]
    dollars = "dollar" if price == 1 else "dollars"
    if kind == "price":
        question = rng.choice([f"How much are the {item}?", f"What do the {item} cost?",
                               f"What is the price of the {item}?"])
        return question, f"The {item} cost {price} {dollars} each."
    if kind == "where":
        question = rng.choice([f"Where are the {item}?", f"Where can I find the {item}?"])
        return question, f"The {item} are in aisle {aisle}."
    if kind == "have":
        return f"Do you have {item}?", f"Yes, the {item} are in aisle {aisle}."
    if kind == "missing":
        missing = rng.choice(SHOP_MISSING)
        return f"Do you have {missing}?", f"Sorry, we do not sell {missing}."
    return rng.choice(SHOP_HOURS)


def chat_shop(rng: random.Random, count: int = 1500) -> str:
    out = []
    for _ in range(count):
        questions = [shop_question(rng) for _ in range(rng.choice([1, 1, 2]))]
        # One question may come with a greeting: conversations stay short enough for a small context.
        turns = [rng.choice(GREETINGS)] if len(questions) == 1 and rng.random() < 0.5 else []
        turns += questions
        if rng.random() < 0.25:
            turns.append(rng.choice(THANKS))
        out.append("\n".join(f"User: {q}\nAssistant: {a}" for q, a in turns))
    return "\n\n".join(out) + "\n"


ZH_NUMBERS = "零一二三四五六七八九十"


def zh_number(n: int) -> str:
    """1-19 in Chinese numerals (两 for a price of 2, as a shopkeeper says it)."""
    if n == 2:
        return "两"
    return ZH_NUMBERS[n] if n <= 10 else "十" + ZH_NUMBERS[n - 10]


FRUIT = {"苹果": 6, "香蕉": 4, "橘子": 5, "葡萄": 12, "西瓜": 2, "草莓": 15, "梨": 7, "桃子": 8,
         "芒果": 10, "樱桃": 18, "柠檬": 9, "菠萝": 3}  # 元一斤
ZH_MISSING = ("榴莲", "椰子", "蓝莓", "火龙果")
ZH_GREETINGS = (("你好", "你好！想买点什么？"), ("老板好", "你好！想买点什么？"), ("早上好", "早上好！想买点什么？"))
ZH_THANKS = (("谢谢", "不客气，欢迎再来！"), ("谢谢老板", "不客气，欢迎再来！"), ("好的，谢谢", "不客气，欢迎再来！"))
ZH_OTHER = (("你们几点开门？", "我们早上八点开门。"), ("你们几点关门？", "晚上九点关门。"),
            ("可以用微信付款吗？", "可以，微信和支付宝都可以。"))


def zh_question(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["price", "price", "have", "have", "missing", "other"])
    fruit = rng.choice(list(FRUIT))
    price = f"{zh_number(FRUIT[fruit])}元一斤"
    if kind == "price":
        return rng.choice([f"{fruit}多少钱一斤？", f"{fruit}怎么卖？"]), f"{fruit}{price}。"
    if kind == "have":
        return rng.choice([f"有{fruit}吗？", f"你们卖{fruit}吗？"]), f"有，{fruit}{price}。"
    if kind == "missing":
        missing = rng.choice(ZH_MISSING)
        return rng.choice([f"有{missing}吗？", f"你们卖{missing}吗？"]), f"对不起，我们没有{missing}。"
    return rng.choice(ZH_OTHER)


def chat_fruit(rng: random.Random, count: int = 1500) -> str:
    out = []
    for _ in range(count):
        questions = [zh_question(rng) for _ in range(rng.choice([1, 1, 2]))]
        # One question may come with a greeting: conversations stay short enough for a small context.
        turns = [rng.choice(ZH_GREETINGS)] if len(questions) == 1 and rng.random() < 0.5 else []
        turns += questions
        if rng.random() < 0.25:
            turns.append(rng.choice(ZH_THANKS))
        out.append("\n".join(f"用户：{q}\n助手：{a}" for q, a in turns))
    return "\n\n".join(out) + "\n"


CORPORA = {"addition.txt": addition, "names.txt": names, "tech_blog.txt": tech_blog,
           "chinese.txt": chinese, "chat_shop.txt": chat_shop, "chat_fruit.txt": chat_fruit}


def build() -> dict[str, str]:
    return {name: make(random.Random(f"{SEED}-{name}")) for name, make in CORPORA.items()}


def main(out_dir: Path = HERE) -> None:
    for name, text in build().items():
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
