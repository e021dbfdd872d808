"""Settings as frozen dataclasses, and their validation as plain sentences.

No torch here: the UI imports this at start-up. Change a setting with `dataclasses.replace`.
`validate()` returns a list of sentences (empty = fine), each a Message (engine/messages.py): the UI
shows them inline in the user's language and the CLI prints the English, so both say the same thing.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

TOKENIZERS = ("char", "word", "bpe")  # the ones GPT Studio trains
IMPORTED_TOKENIZERS = ("gpt2", "wordpiece")  # come with a pretrained model (GPT-2, Chinese GPT-2)
DATA_MODES = ("continuous", "lines", "blocks", "chat")
EXAMPLE_MODES = ("lines", "blocks")  # each example framed by <sos> ... <eos>; generation ends at <eos>
# "chat": one conversation per example, the assistant's words learned (engine/chat_template.py).
# Like the example modes, one example a row: batches as wide as their longest example.
ROW_MODES = (*EXAMPLE_MODES, "chat")
DEVICES = ("auto", "cpu", "cuda", "mps")
PRECISIONS = ("auto", "fp32", "bf16", "fp16")
OPTIMIZERS = ("adamw", "muon")
GGUF_TYPES = ("f32", "f16", "q8_0")  # how an exported GGUF file stores the weights
MAX_ITERS = 10_000_000  # the panel's upper limit too
# Every Unicode character (1,114,112) has room: more tokens than any tokenizer GPT Studio makes
# or imports (word: 50,000 words; BPE: 65,536; GPT-2: 50,257).
MAX_VOCAB_SIZE = 2**21
MAX_SEED = 2**31 - 1  # a seed box of the panel holds a 32-bit signed int

# The inclusive range of every number a user can set (each config's RANGES). The settings panel and
# the Generate tab build their controls from these, and validate() holds a value to them wherever
# it comes from: the panel, the command line, or a project.json written by hand or by an older
# version. A Qt spin box clamps a value outside its range without a word, and one above 2**31 - 1
# does not fit it at all; either way a value from a file must never reach one (issue 22, defect 1).


def _within(value: Any, bounds: tuple) -> bool:
    """low <= value <= high for a real number; False for NaN, infinities and non-numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return bounds[0] <= value <= bounds[1]


def _shown(number: float) -> str:
    """A bound as a sentence writes it: 4,096 / 0.00001 / 0.9 (never 1e-05)."""
    if isinstance(number, int):
        return f"{number:,}"
    return f"{number:.10f}".rstrip("0").rstrip(".")


def _range_problem(config: Any, name: str, template: str) -> Message | None:
    """template's sentence, with the field's {low} and {high}, when the field is out of range."""
    bounds = type(config).RANGES[name]
    if _within(getattr(config, name), bounds):
        return None
    return Message(template, low=_shown(bounds[0]), high=_shown(bounds[1]))
MAX_LORA_RANK = 256  # beyond this an adapter is no longer small (GPT-2-124M's width is 768)


ACTIVATIONS = ("gelu", "gelu_tanh")


@dataclass(frozen=True)
class DataConfig:
    """How the corpus becomes training examples."""

    # Characters are the friendliest unit for small corpora: every text is representable and
    # nothing is ever "unknown" inside the corpus itself.
    tokenizer: str = "char"
    # Only for BPE: the number of tokens it learns (bytes + merges + specials). 512 suits ~1 MB.
    bpe_vocab_size: int = 512
    # "continuous" reads the corpus as one long text; "lines" treats each line as one example,
    # "blocks" each block of lines (separated by blank lines or "%" / "---" lines), "chat" each
    # conversation (engine/conversations.py), learning the assistant's words only.
    mode: str = "continuous"
    # nanoGPT's split: the last 10% of the text is held out to measure generalisation.
    val_fraction: float = 0.1

    RANGES: ClassVar[dict[str, tuple]] = {"bpe_vocab_size": (260, 65536),
                                          "val_fraction": (0.001, 0.499)}

    def validate(self) -> list[str]:
        problems = []
        if self.tokenizer not in TOKENIZERS + IMPORTED_TOKENIZERS:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The tokenizer must be one of {choices}."),
                choices=", ".join(TOKENIZERS)))
        # Checked for every tokenizer: the panel holds the value whichever one is chosen.
        if not _within(self.bpe_vocab_size, self.RANGES["bpe_vocab_size"]):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The BPE vocabulary size must be between 260 and 65,536 tokens.")))
        if self.mode not in DATA_MODES:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The data mode must be 'continuous', 'lines', 'blocks' or 'chat'.")))
        if not _within(self.val_fraction, self.RANGES["val_fraction"]):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The validation share must be between 0.1% and 49.9%.")))
        return problems


@dataclass(frozen=True)
class ModelConfig:
    """The shape of the GPT. Changing any of these makes a new model."""

    vocab_size: int = 65  # set from the tokenizer, never by hand
    block_size: int = 64  # context length: how many tokens the model sees at once
    n_layer: int = 4  # transformer blocks stacked on each other
    n_head: int = 4  # attention heads per block; must divide n_embd
    n_embd: int = 128  # width of every token's vector
    dropout: float = 0.0  # off for small models on small data that train briefly (nanoGPT)
    # Biases in Linear and LayerNorm, as GPT-2. They help short runs: the tech-blog demo's tiny
    # model reached validation 0.51 after 400 steps with them and 0.62 without. Over the small
    # preset's 5 minutes they made no difference (1.557 against 1.561) and cost 5-9% of a CPU step,
    # so that preset leaves them out (docs/performance.md).
    bias: bool = True
    # "gelu" (exact, erf) or "gelu_tanh" (GPT-2's approximation, kept for imported GPT-2 weights).
    # They differ by under 0.001; on a CPU the exact one runs about 2x faster in bf16 (measured).
    activation: str = "gelu"

    RANGES: ClassVar[dict[str, tuple]] = {
        "vocab_size": (1, MAX_VOCAB_SIZE), "block_size": (4, 8192), "n_layer": (1, 48),
        "n_head": (1, 64), "n_embd": (8, 4096), "dropout": (0.0, 0.9)}

    def validate(self) -> list[str]:
        problems = []
        for name, template in (
            ("vocab_size", QT_TRANSLATE_NOOP(
                "Engine", "The vocabulary size must be between {low} and {high} tokens.")),
            ("block_size", QT_TRANSLATE_NOOP(
                "Engine", "The context length must be between {low} and {high} tokens.")),
            ("n_layer", QT_TRANSLATE_NOOP(
                "Engine", "The number of layers must be between {low} and {high}.")),
            ("n_head", QT_TRANSLATE_NOOP(
                "Engine", "The number of heads must be between {low} and {high}.")),
            ("n_embd", QT_TRANSLATE_NOOP(
                "Engine", "The embedding size must be between {low} and {high}.")),
            ("dropout", QT_TRANSLATE_NOOP("Engine", "Dropout must be between {low} and {high}.")),
        ):
            problem = _range_problem(self, name, template)
            if problem:
                problems.append(problem)
        if (_within(self.n_head, self.RANGES["n_head"]) and _within(self.n_embd, (1, math.inf))
                and self.n_embd % self.n_head):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The embedding size ({width}) must be a multiple of the number of heads "
                          "({heads}), for example {example}."),
                width=self.n_embd, heads=self.n_head,
                example=max(self.n_head, self.n_embd // self.n_head * self.n_head)))
        if self.activation not in ACTIVATIONS:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The activation must be one of {choices}."),
                choices=", ".join(ACTIVATIONS)))
        return problems

    def param_count(self) -> int:
        """Trainable parameters (the LM head is tied to the token embedding, so not counted twice)."""
        c, b = self.n_embd, int(self.bias)
        layer_norm = c + b * c
        block = (
            2 * layer_norm
            + c * 3 * c + b * 3 * c  # attention q, k, v
            + c * c + b * c  # attention output projection
            + c * 4 * c + b * 4 * c  # feed-forward up
            + 4 * c * c + b * c  # feed-forward down
        )
        return self.vocab_size * c + self.block_size * c + self.n_layer * block + layer_norm


@dataclass(frozen=True)
class TrainConfig:
    """How the model learns. These can change between runs of the same model."""

    batch_size: int = 32  # examples per step
    learning_rate: float = 1e-3  # peak step size (AdamW)
    # muon: Muon for the blocks' weight matrices (more learnt per step), AdamW for the rest
    # (engine/muon.py). AdamW stays the default so that older projects train as they did.
    optimizer: str = "adamw"
    min_lr_ratio: float = 0.1  # cosine decay ends at 10% of the peak (Chinchilla practice)
    warmup_iters: int = 100  # steps of linear warm-up: avoids early instability
    max_iters: int = 2000  # total steps of this training
    # Where the learning rate's decay ends; 0 = at max_iters. "Train more" raises max_iters and
    # keeps this, so the extra steps go on at the end's low rate instead of restarting the schedule.
    schedule_iters: int = 0
    # Stop when the validation loss has not improved for this many checks in a row (0 = never):
    # past its best, a model only learns its text by heart. The best checkpoint is kept anyway.
    early_stop_evals: int = 0
    eval_interval: int = 250  # steps between validation checks, samples and checkpoints
    eval_iters: int = 20  # batches averaged per validation check
    weight_decay: float = 0.1  # on matrices only (GPT-2/3 practice)
    beta1: float = 0.9
    beta2: float = 0.99  # 0.99 rather than 0.999: small batches make gradients noisy (nanoGPT)
    grad_clip: float = 1.0  # clip the gradient norm; 0 turns it off
    device: str = "auto"  # auto = CUDA, then Apple MPS, then CPU
    precision: str = "auto"  # auto = measured per device and model shape
    compile: bool = False  # torch.compile: faster on GPUs, rarely on CPUs, costs time up front
    seed: int = 1337
    sample_prompt: str = ""  # what the model continues at each eval ("" = start from nothing)
    sample_tokens: int = 120  # length of that sample
    num_threads: int = 0  # CPU threads for torch in the training thread; 0 = all physical cores
    # 0: every weight learns (full training). r > 0: the weights stay frozen and small LoRA adapters
    # of rank r learn beside them (engine/lora.py), for pretrained models too big to fine-tune
    # whole in this computer's memory; fine-tuning chooses it from the memory estimate (finetune.py).
    lora_rank: int = 0

    RANGES: ClassVar[dict[str, tuple]] = {
        "batch_size": (1, 4096), "learning_rate": (0.00001, 0.1), "min_lr_ratio": (0.0, 1.0),
        "warmup_iters": (0, 1_000_000), "max_iters": (1, MAX_ITERS),
        "schedule_iters": (0, MAX_ITERS), "early_stop_evals": (0, 1000),
        "eval_interval": (1, 1_000_000), "eval_iters": (1, 1000), "weight_decay": (0.0, 1.0),
        "beta1": (0.0, 0.999), "beta2": (0.0, 0.9999), "grad_clip": (0.0, 100.0),
        "seed": (0, MAX_SEED), "sample_tokens": (0, 10_000), "num_threads": (0, 256),
        "lora_rank": (0, MAX_LORA_RANK)}

    def validate(self) -> list[str]:
        problems = []
        for name, template in (
            ("batch_size", QT_TRANSLATE_NOOP(
                "Engine", "The batch size must be between {low} and {high}.")),
            ("learning_rate", QT_TRANSLATE_NOOP(
                "Engine", "The learning rate must be between {low} and {high} (try 0.001).")),
            ("min_lr_ratio", QT_TRANSLATE_NOOP(
                "Engine", "The final learning-rate ratio must be between {low} and {high}.")),
            ("warmup_iters", QT_TRANSLATE_NOOP(
                "Engine", "Warm-up steps must be between {low} and {high}.")),
            # The loss of every step is kept (about 200 bytes of memory each) and saved with each
            # checkpoint: ten million steps hold 2 GB and write 400 MB per checkpoint.
            ("max_iters", QT_TRANSLATE_NOOP(
                "Engine", "The number of training steps must be between {low} and {high}.")),
            ("schedule_iters", QT_TRANSLATE_NOOP(
                "Engine", "The end of the learning-rate schedule must be between {low} and {high} "
                          "steps (0 = at the last step).")),
            ("early_stop_evals", QT_TRANSLATE_NOOP(
                "Engine", "Early stopping takes {low} (off) to {high} checks without improvement.")),
            ("eval_interval", QT_TRANSLATE_NOOP(
                "Engine", "The evaluation interval must be between {low} and {high} steps.")),
            ("eval_iters", QT_TRANSLATE_NOOP(
                "Engine", "Evaluation must average between {low} and {high} batches.")),
            ("weight_decay", QT_TRANSLATE_NOOP(
                "Engine", "Weight decay must be between {low} and {high}.")),
            ("beta1", QT_TRANSLATE_NOOP("Engine", "Adam beta 1 must be between {low} and {high}.")),
            ("beta2", QT_TRANSLATE_NOOP("Engine", "Adam beta 2 must be between {low} and {high}.")),
            ("grad_clip", QT_TRANSLATE_NOOP(
                "Engine", "Gradient clipping must be between {low} and {high} (0 turns it off).")),
            ("seed", QT_TRANSLATE_NOOP(
                "Engine", "The seed must be a whole number from {low} to {high}.")),
            ("sample_tokens", QT_TRANSLATE_NOOP(
                "Engine", "The sample length must be between {low} and {high} tokens.")),
            ("num_threads", QT_TRANSLATE_NOOP(
                "Engine", "The number of CPU threads must be between {low} and {high} "
                          "(0 = automatic).")),
            ("lora_rank", QT_TRANSLATE_NOOP(
                "Engine", "The LoRA rank must be from {low} (all weights learn) to {high}.")),
        ):
            problem = _range_problem(self, name, template)
            if problem:
                problems.append(problem)
        if self.device not in DEVICES:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The device must be one of {choices}."),
                choices=", ".join(DEVICES)))
        if self.precision not in PRECISIONS:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The precision must be one of {choices}."),
                choices=", ".join(PRECISIONS)))
        if self.optimizer not in OPTIMIZERS:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The optimizer must be one of {choices}."),
                choices=", ".join(OPTIMIZERS)))
        return problems


@dataclass(frozen=True)
class SampleConfig:
    """How text is generated from a trained model."""

    temperature: float = 0.8  # 0 = always the most likely token; higher = more surprising
    top_k: int = 0  # keep only the k most likely tokens; 0 = off
    top_p: float = 1.0  # keep the most likely tokens whose probabilities add up to p; 1 = off
    min_p: float = 0.0  # drop tokens less likely than min_p x the best one; 0 = off
    repetition_penalty: float = 1.0  # >1 makes already-used tokens less likely; 1 = off
    max_new_tokens: int = 200
    num_samples: int = 1
    seed: int | None = None  # None = different every time
    stop: tuple[str, ...] = field(default_factory=tuple)  # stop when one of these appears
    top_alternatives: int = 5  # alternatives reported with each token (for the UI)

    RANGES: ClassVar[dict[str, tuple]] = {
        "temperature": (0.0, 10.0), "top_k": (0, MAX_VOCAB_SIZE), "top_p": (0.01, 1.0),
        "min_p": (0.0, 0.99), "repetition_penalty": (0.5, 10.0), "max_new_tokens": (1, 100_000),
        "num_samples": (1, 100), "seed": (0, MAX_SEED), "top_alternatives": (0, 100)}

    def validate(self) -> list[str]:
        problems = []
        for name, template in (
            ("temperature", QT_TRANSLATE_NOOP(
                "Engine", "The temperature must be between {low} and {high} (0 = always the "
                          "likeliest token).")),
            ("top_k", QT_TRANSLATE_NOOP(
                "Engine", "Top-k must be between {low} and {high} (0 turns it off).")),
            ("top_p", QT_TRANSLATE_NOOP(
                "Engine", "Top-p must be between {low} and {high} (1 turns it off).")),
            ("min_p", QT_TRANSLATE_NOOP(
                "Engine", "Min-p must be between {low} and {high} (0 turns it off).")),
            ("repetition_penalty", QT_TRANSLATE_NOOP(
                "Engine", "The repetition penalty must be between {low} and {high} (1 = off).")),
            ("max_new_tokens", QT_TRANSLATE_NOOP(
                "Engine", "The number of new tokens must be between {low} and {high}.")),
            ("num_samples", QT_TRANSLATE_NOOP(
                "Engine", "The number of samples must be between {low} and {high}.")),
            ("top_alternatives", QT_TRANSLATE_NOOP(
                "Engine", "The number of alternatives must be between {low} and {high}.")),
        ):
            problem = _range_problem(self, name, template)
            if problem:
                problems.append(problem)
        if self.seed is not None:  # None: a different seed every time
            problem = _range_problem(self, "seed", QT_TRANSLATE_NOOP(
                "Engine", "The seed must be a whole number from {low} to {high}."))
            if problem:
                problems.append(problem)
        return problems


def to_dict(config: Any) -> dict[str, Any]:
    data = asdict(config)
    if "stop" in data:
        data["stop"] = list(data["stop"])
    return data


def from_dict(cls: type, data: dict[str, Any] | None):
    """Build a config from saved JSON, ignoring unknown keys (written by a newer version)."""
    data = dict(data or {})
    known = {f.name for f in fields(cls)}
    kwargs = {k: v for k, v in data.items() if k in known}
    if "stop" in kwargs:
        kwargs["stop"] = tuple(kwargs["stop"])
    return cls(**kwargs)

