"""A small random GPT-2 in Hugging Face's folder format, built offline with transformers."""

from __future__ import annotations

from pathlib import Path

TEXT = ("The quick brown fox jumps over the lazy dog. GPT Studio trains small models on your own "
        "text, and starts from GPT-2 when you have one. ") * 20


def make_gpt2_folder(folder: Path, vocab_size: int = 300, n_positions: int = 64,
                     n_embd: int = 32, n_layer: int = 2) -> Path:
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
    config = GPT2Config(vocab_size=hf.get_vocab_size(), n_positions=n_positions, n_embd=n_embd,
                        n_layer=n_layer, n_head=2, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0)
    GPT2LMHeadModel(config).eval().save_pretrained(folder)
    return folder


# Chinese, English and both mixed, as the Chinese GPT-2 models meet them (poems are Tang poems).
CHINESE_TEXT = ("床前明月光，疑是地上霜。举头望明月，低头思故乡。\n"
                "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。\n"
                "今天天气很好，我们去公园散步吧！\n"
                "GPT Studio 教小模型写诗。The model is playing with words, 123 and 4.5%.\n") * 10


def make_wordpiece_gpt2_folder(folder: Path, n_positions: int = 64, lowercase: bool = True) -> Path:
    """A small random GPT-2 with a BERT-style vocab.txt, laid out as UER's Chinese GPT-2 repositories
    are (config.json with tokenizer_class BertTokenizer, vocab.txt, tokenizer_config.json)."""
    import json

    import torch
    from tokenizers import BertWordPieceTokenizer
    from transformers import GPT2Config, GPT2LMHeadModel

    folder.mkdir(parents=True, exist_ok=True)
    trainer = BertWordPieceTokenizer(lowercase=lowercase)
    trainer.train_from_iterator([CHINESE_TEXT], vocab_size=400, show_progress=False,
                                special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    trainer.save_model(str(folder))  # vocab.txt
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {"do_lower_case": lowercase, "tokenizer_class": "BertTokenizer"}), encoding="utf-8")
    vocab_size = len((folder / "vocab.txt").read_text(encoding="utf-8").splitlines())
    torch.manual_seed(1)
    config = GPT2Config(vocab_size=vocab_size, n_positions=n_positions, n_embd=32, n_layer=2,
                        n_head=2, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
                        tokenizer_class="BertTokenizer")
    GPT2LMHeadModel(config).eval().save_pretrained(folder)
    return folder
