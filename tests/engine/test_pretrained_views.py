"""Everything that reads a model works on a fine-tuned Chinese GPT-2 (WordPiece vocabulary, LoRA
adapter in its checkpoint): streamed generation with the KV cache, the next-token table, attention
maps, the tokens view and the embedding map."""

import numpy as np
import pytest
import torch

from gptstudio.engine.checkpoint import new_history, save_checkpoint
from gptstudio.engine.config import DataConfig, SampleConfig, TrainConfig, to_dict
from gptstudio.engine.trainer import Trainer

from ..gpt2_helpers import CHINESE_TEXT, make_wordpiece_gpt2_folder

pytest.importorskip("transformers")
pytest.importorskip("peft")

TRAIN = TrainConfig(batch_size=4, learning_rate=1e-2, warmup_iters=0, max_iters=3, eval_interval=3,
                    eval_iters=1, precision="fp32", device="cpu", sample_tokens=6, lora_rank=4)


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    from gptstudio.engine.hf_gpt2 import import_gpt2

    root = tmp_path_factory.mktemp("poem")
    imported = import_gpt2(make_wordpiece_gpt2_folder(root / "hf"), block_size=48)
    data = DataConfig(tokenizer="wordpiece", mode="lines")
    save_checkpoint(root / "checkpoints", model=imported.model, optimizer=None,
                    tokenizer_dict=imported.tokenizer.to_dict(),
                    meta={"step": 0, "model": to_dict(imported.config), "data": to_dict(data),
                          "train": to_dict(TRAIN), "history": new_history(),
                          "np_rng": np.random.default_rng(0).bit_generator.state})
    Trainer(corpus=CHINESE_TEXT, tokenizer=imported.tokenizer, data=data, model=imported.config,
            train=TRAIN, checkpoint_dir=root / "checkpoints").run(lambda event: None)
    return root / "checkpoints"


@pytest.fixture(scope="module")
def generator(checkpoints):
    from gptstudio.engine.model_service import load_generator

    return load_generator(checkpoints, device="cpu")


def test_streamed_generation_with_the_cache_equals_the_full_forward(generator):
    config = SampleConfig(temperature=0.0, max_new_tokens=30, top_alternatives=3)
    cached = generator.generate_ids("床前明月光", config, use_cache=True)
    uncached = generator.generate_ids("床前明月光", config, use_cache=False)
    assert cached == uncached and cached[0]
    events = list(generator.stream("床前明月光", config))
    assert "".join(e.text for e in events) == generator.tokenizer.decode(
        [e.token_id for e in events])
    never = set(generator.tokenizer.never_written()) | {generator.tokenizer.pad_id,
                                                        generator.tokenizer.sos_id}
    sampled = generator.generate_ids("", SampleConfig(temperature=1.5, max_new_tokens=60, seed=3))
    assert not never & set(sampled[0])  # [UNK], [MASK], [PAD], [CLS] are never written


def test_continuous_text_without_a_prompt_starts_from_the_start_token(generator):
    from gptstudio.engine.data import prompt_ids
    from gptstudio.engine.sampling import TextGenerator

    tok = generator.tokenizer
    assert prompt_ids(tok, "continuous", "") == [tok.sos_id]  # no token for a line break
    continuous = TextGenerator(generator.model, tok, "continuous")
    assert continuous.generate_ids("", SampleConfig(temperature=0.0, max_new_tokens=5))[0]


def test_next_token_table_attention_tokens_and_embedding_map(generator):
    from gptstudio.engine.attention_maps import attention_maps, prompt_tokens
    from gptstudio.engine.embedding_map import embedding_map
    from gptstudio.engine.next_token import next_token_table
    from gptstudio.engine.token_spans import preview_tokens

    tok = generator.tokenizer
    choices = next_token_table(generator, "白日依山", SampleConfig(), top=10)
    assert len(choices) == 10 and all(c.token_id not in tok.never_written() for c in choices)
    assert sum(c.raw_prob for c in choices) <= 1 + 1e-6

    prompt = prompt_tokens(tok, "lines", "白日依山尽", generator.model_config.block_size)
    assert prompt.ids[0] == tok.sos_id and prompt.texts[1:] == ("白", "日", "依", "山", "尽")
    maps = attention_maps(generator.model, list(prompt.ids))
    config = generator.model_config
    assert tuple(maps.shape) == (config.n_layer, config.n_head, 6, 6)
    torch.testing.assert_close(maps.sum(-1), torch.ones(config.n_layer, config.n_head, 6))

    preview = preview_tokens(CHINESE_TEXT, "wordpiece", tokenizer=tok)
    assert preview.kind == "wordpiece" and len(preview.spans) == len(preview.ids) > 0

    shown = embedding_map(generator.model, tok, corpus=CHINESE_TEXT)
    assert "[MASK]" not in shown.labels and "[UNK]" not in shown.labels
    assert "明" in shown.labels and shown.points.shape == (len(shown.labels), 2)
