"""Settings as frozen dataclasses, and their validation as plain sentences.

No torch here: the UI imports this at start-up. Change a setting with `dataclasses.replace`.
`validate()` returns a list of sentences (empty = fine), each a Message (engine/messages.py): the UI
shows them inline in the user's language and the CLI prints the English, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

TOKENIZERS = ("char", "word", "bpe")  # the ones GPT Studio trains
IMPORTED_TOKENIZERS = ("gpt2", "wordpiece")  # come with a pretrained model (GPT-2, Chinese GPT-2)
DATA_MODES = ("continuous", "lines", "blocks")
EXAMPLE_MODES = ("lines", "blocks")  # each example framed by <sos> ... <eos>; generation ends at <eos>
DEVICES = ("auto", "cpu", "cuda", "mps")
PRECISIONS = ("auto", "fp32", "bf16", "fp16")
OPTIMIZERS = ("adamw", "muon")
GGUF_TYPES = ("f32", "f16", "q8_0")  # how an exported GGUF file stores the weights
MAX_ITERS = 10_000_000  # the panel's upper limit too
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
    # "blocks" each block of lines (separated by blank lines or "%" / "---" lines).
    mode: str = "continuous"
    # nanoGPT's split: the last 10% of the text is held out to measure generalisation.
    val_fraction: float = 0.1

    def validate(self) -> list[str]:
        problems = []
        if self.tokenizer not in TOKENIZERS + IMPORTED_TOKENIZERS:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The tokenizer must be one of {choices}."),
                choices=", ".join(TOKENIZERS)))
        if self.tokenizer == "bpe" and not (260 <= self.bpe_vocab_size <= 65536):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The BPE vocabulary size must be between 260 and 65,536 tokens.")))
        if self.mode not in DATA_MODES:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The data mode must be 'continuous', 'lines' or 'blocks'.")))
        if not (0.0 < self.val_fraction < 0.5):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The validation share must be more than 0% and less than 50%.")))
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

    def validate(self) -> list[str]:
        problems = []
        for name, sentence in (
            ("vocab_size", QT_TRANSLATE_NOOP("Engine", "The vocabulary size must be at least 1.")),
            ("block_size", QT_TRANSLATE_NOOP("Engine", "The context length must be at least 1.")),
            ("n_layer", QT_TRANSLATE_NOOP("Engine", "The number of layers must be at least 1.")),
            ("n_head", QT_TRANSLATE_NOOP("Engine", "The number of heads must be at least 1.")),
            ("n_embd", QT_TRANSLATE_NOOP("Engine", "The embedding size must be at least 1.")),
        ):
            if int(getattr(self, name)) < 1:
                problems.append(Message(sentence))
        if self.n_head >= 1 and self.n_embd >= 1 and self.n_embd % self.n_head:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The embedding size ({width}) must be a multiple of the number of heads "
                          "({heads}), for example {example}."),
                width=self.n_embd, heads=self.n_head,
                example=max(self.n_head, self.n_embd // self.n_head * self.n_head)))
        if self.block_size > 8192:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The context length can be at most 8,192 tokens.")))
        if not (0.0 <= self.dropout < 1.0):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Dropout must be at least 0 and less than 1.")))
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

    def validate(self) -> list[str]:
        problems = []
        if self.batch_size < 1:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The batch size must be at least 1.")))
        if self.batch_size > 4096:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The batch size can be at most 4,096.")))
        if not (0.0 < self.learning_rate <= 0.1):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The learning rate must be more than 0 and at most 0.1 (try 0.001).")))
        if not (0.0 <= self.min_lr_ratio <= 1.0):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The final learning-rate ratio must be between 0 and 1.")))
        if self.max_iters < 1:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The number of training steps must be at least 1.")))
        if self.max_iters > MAX_ITERS:
            # The loss of every step is kept (about 200 bytes of memory each) and saved with each
            # checkpoint: ten million steps hold 2 GB and write 400 MB per checkpoint.
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The number of training steps can be at most {most:,}."), most=MAX_ITERS))
        if self.schedule_iters < 0:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The end of the learning-rate schedule cannot be negative.")))
        if not (0 <= self.early_stop_evals <= 1000):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Early stopping takes 0 (off) to 1,000 checks without improvement.")))
        if self.warmup_iters < 0:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Warm-up steps cannot be negative.")))
        if self.eval_interval < 1:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The evaluation interval must be at least 1 step.")))
        if self.eval_iters < 1:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Evaluation must average at least 1 batch.")))
        if not (0.0 <= self.weight_decay <= 1.0):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Weight decay must be between 0 and 1.")))
        if not (0.0 <= self.beta1 < 1.0 and 0.0 <= self.beta2 < 1.0):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Adam betas must be at least 0 and less than 1.")))
        if not self.grad_clip >= 0:  # written so that NaN fails too
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Gradient clipping cannot be negative (0 turns it off).")))
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
        if not (0 <= self.seed < 2**32):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The seed must be a whole number from 0 to 4,294,967,295.")))
        if self.sample_tokens < 0:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The sample length cannot be negative.")))
        if not (0 <= self.lora_rank <= MAX_LORA_RANK):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The LoRA rank must be from 0 (all weights learn) to {most}."),
                most=MAX_LORA_RANK))
        if self.num_threads < 0:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The number of CPU threads cannot be negative (0 = automatic).")))
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

    def validate(self) -> list[str]:
        problems = []
        if not self.temperature >= 0:  # written so that NaN fails too
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The temperature cannot be negative (0 = always the likeliest token).")))
        elif self.temperature > 10:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The temperature can be at most 10.")))
        if self.top_k < 0:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Top-k cannot be negative (0 turns it off).")))
        if not (0.0 < self.top_p <= 1.0):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Top-p must be more than 0 and at most 1 (1 turns it off).")))
        if not (0.0 <= self.min_p < 1.0):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "Min-p must be at least 0 and less than 1 (0 turns it off).")))
        if not (0.0 < self.repetition_penalty <= 10.0):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The repetition penalty must be more than 0 and at most 10 (1 = off).")))
        if not (1 <= self.max_new_tokens <= 100_000):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The number of new tokens must be between 1 and 100,000.")))
        if not (1 <= self.num_samples <= 100):
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The number of samples must be between 1 and 100.")))
        if self.top_alternatives < 0:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "Engine", "The number of alternatives cannot be negative.")))
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

