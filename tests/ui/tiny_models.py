"""A tiny untrained model for the Look inside views' tests: enough to have numbers to check."""

import torch

from gptstudio.engine.config import ModelConfig
from gptstudio.engine.model import GPT
from gptstudio.engine.sampling import TextGenerator
from gptstudio.engine.tokenizers import train_tokenizer


def tiny_generator(text: str, kind: str = "char", seed: int = 3, cls=TextGenerator) -> TextGenerator:
    """One layer, two heads, 16 wide, a context of 16, one example per line, on the CPU."""
    torch.manual_seed(seed)
    tokenizer = train_tokenizer(kind, text)
    model = GPT(ModelConfig(vocab_size=tokenizer.vocab_size, block_size=16, n_layer=1, n_head=2,
                            n_embd=16, dropout=0.0))
    return cls(model, tokenizer, "lines", torch.device("cpu"))
