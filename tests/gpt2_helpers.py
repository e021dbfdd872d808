"""A small random GPT-2 in Hugging Face's folder format, built offline with transformers."""

from __future__ import annotations

from pathlib import Path

TEXT = ("The quick brown fox jumps over the lazy dog. GPT Studio trains small models on your own "
        "text, and starts from GPT-2 when you have one. ") * 20


def make_gpt2_folder(folder: Path, vocab_size: int = 300, n_positions: int = 64) -> Path:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel

    folder.mkdir(parents=True, exist_ok=True)
    hf = Tokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    hf.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    hf.train_from_iterator([TEXT], trainer=trainer)
    hf.model.save(str(folder))  # vocab.json + merges.txt
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=hf.get_vocab_size(), n_positions=n_positions, n_embd=32,
                        n_layer=2, n_head=2, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0)
    GPT2LMHeadModel(config).eval().save_pretrained(folder)
    return folder
