"""GGUF export, proved with llama.cpp (llama-cpp-python): for every tokenizer kind, on English,
Chinese with emoji and Python code, llama.cpp cuts the same token ids, computes the same
next-token logits within the tolerance of the number type, and writes the same greedy
continuation (f32, f16); what cannot be exact is refused and leaves no file behind."""

from __future__ import annotations

import json

import pytest

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.gguf_export import export_gguf, load_checkpoint_model
from gptstudio.engine.gguf_vocab import ExportRefused, gguf_vocab
from gptstudio.engine.llama_check import TOLERANCE, llama_cpp_installed

from ..export_helpers import corpus, train_checkpoint
from ..gpt2_helpers import TEXT, make_gpt2_folder

pytest.importorskip("gguf")
# The test extra installs llama-cpp-python; without it only the round trips are skipped.
needs_llama = pytest.mark.skipif(not llama_cpp_installed(), reason="llama-cpp-python not installed")

KINDS = ("char", "word", "bpe")
CORPORA = ("english", "chinese", "code")


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    """A trained checkpoint per (kind, corpus), made once for the module."""
    root = tmp_path_factory.mktemp("models")
    cache = {}

    def get(kind: str, name: str, mode: str = "continuous"):
        key = (kind, name, mode)
        if key not in cache:
            text = corpus(name)
            cache[key] = (train_checkpoint(root / f"{kind}-{name}-{mode}", kind, text, mode), text)
        return cache[key]

    return get


@needs_llama
@pytest.mark.slow
@pytest.mark.parametrize("name", CORPORA)
@pytest.mark.parametrize("kind", KINDS)
def test_llama_cpp_reads_the_export_exactly(checkpoints, tmp_path, kind, name):
    checkpoint, text = checkpoints(kind, name)
    for number_type in ("f32", "f16"):
        result = export_gguf(checkpoint, tmp_path / f"m-{number_type}.gguf", number_type,
                             name="m", corpus=text)
        check = result.check
        assert check.checked and check.passed, check.summary
        assert check.texts >= 8 and check.texts_same == check.texts  # token ids
        assert check.tokens >= 80 and check.tokens_same == check.tokens  # greedy continuation
        assert check.max_logit_diff <= TOLERANCE[number_type]
        assert str(check.summary).startswith(f"Checked with llama.cpp: the same {check.tokens} tokens")
        assert result.path.is_file() and not result.path.with_name("m-f32.gguf.part").exists()


@needs_llama
@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_q8_0_keeps_the_token_ids_and_reports_agreement(checkpoints, tmp_path, kind):
    checkpoint, text = checkpoints(kind, "chinese")
    check = export_gguf(checkpoint, tmp_path / "m.gguf", "q8_0", corpus=text).check
    assert check.passed and check.texts_same == check.texts
    assert check.tokens_same >= 0.8 * check.tokens
    assert f"{check.tokens_same} of {check.tokens} tokens the same" in check.summary


@needs_llama
@pytest.mark.slow
def test_lines_mode_starts_with_sos_and_stops_at_eos(checkpoints, tmp_path):
    checkpoint, text = checkpoints("char", "names", "lines")
    result = export_gguf(checkpoint, tmp_path / "names.gguf", "f32", corpus=text)
    assert result.check.passed and result.check.tokens_same == result.check.tokens
    loaded = load_checkpoint_model(checkpoint)
    vocab = gguf_vocab(loaded.tokenizer, "lines", loaded.model.config.vocab_size)
    assert vocab.add_bos and vocab.bos == loaded.tokenizer.sos_id
    assert vocab.eos == loaded.tokenizer.eos_id and vocab.eos not in vocab.suppressed
    newline = loaded.tokenizer.encode("\n")[0]
    assert newline in vocab.suppressed  # the app never writes a line break inside an example


@needs_llama
@pytest.mark.slow
def test_blocks_mode_starts_with_sos_keeps_line_breaks_and_stops_at_eos(checkpoints, tmp_path):
    checkpoint, text = checkpoints("char", "poems", "blocks")
    result = export_gguf(checkpoint, tmp_path / "poems.gguf", "f32", corpus=text)
    assert result.check.passed and result.check.tokens_same == result.check.tokens
    loaded = load_checkpoint_model(checkpoint)
    vocab = gguf_vocab(loaded.tokenizer, "blocks", loaded.model.config.vocab_size)
    assert vocab.add_bos and vocab.eos not in vocab.suppressed
    assert loaded.tokenizer.encode("\n")[0] not in vocab.suppressed  # a block has its line breaks


@needs_llama
@pytest.mark.slow
def test_an_imported_gpt2_exports_exactly(tmp_path):
    import numpy as np

    from gptstudio.engine.checkpoint import new_history, require_checkpoint, save_checkpoint
    from gptstudio.engine.config import DataConfig, TrainConfig, to_dict
    from gptstudio.engine.hf_gpt2 import import_gpt2
    from gptstudio.engine.trainer import Trainer

    imported = import_gpt2(make_gpt2_folder(tmp_path / "gpt2"), block_size=32)
    data = DataConfig(tokenizer="gpt2")
    train = TrainConfig(batch_size=8, max_iters=120, warmup_iters=10, eval_interval=120,
                        eval_iters=2, precision="fp32", device="cpu", sample_tokens=0,
                        num_threads=1, learning_rate=3e-3)
    save_checkpoint(tmp_path / "ck", model=imported.model, optimizer=None,
                    tokenizer_dict=imported.tokenizer.to_dict(),
                    meta={"step": 0, "model": to_dict(imported.config), "data": to_dict(data),
                          "train": to_dict(train), "history": new_history(),
                          "np_rng": np.random.default_rng(train.seed).bit_generator.state})
    Trainer(corpus=TEXT, tokenizer=imported.tokenizer, data=data, model=imported.config,
            train=train, checkpoint_dir=tmp_path / "ck").run(lambda _event: None)
    check = export_gguf(require_checkpoint(tmp_path / "ck"), tmp_path / "gpt2.gguf", "f32",
                        corpus=TEXT).check
    assert check.passed and check.texts_same == check.texts and check.texts >= 1
    assert check.tokens_same == check.tokens


# ---------------------------------------------------------------------------------------------------
# How each kind is represented


def test_char_vocab_builds_each_multibyte_character_and_never_joins_two():
    from gptstudio.engine.gguf_vocab import byte_level
    from gptstudio.engine.tokenizers import CharTokenizer

    vocab = gguf_vocab(CharTokenizer(["a", "中", "丸", "😀"]), "continuous", 7)
    assert vocab.model == "gpt2" and vocab.tokens[:3] == ["<pad>", "<sos>", "<eos>"]
    assert vocab.tokens[4] == byte_level("中".encode())
    e4, b8, ad = (byte_level(bytes([b])) for b in (0xE4, 0xB8, 0xAD))  # 中 = E4 B8 AD
    assert f"{e4} {b8}" in vocab.merges and f"{e4}{b8} {ad}" in vocab.merges
    # Every rule's left side starts a character, its right side is one continuation byte.
    for merge in vocab.merges:
        left, right = merge.split(" ")
        assert len(right) == 1 and 0x80 <= _byte(right) < 0xC0 and _byte(left[0]) >= 0xC0
    assert vocab.suppressed == [0, 1, 2]  # <pad>, <sos>; <eos> in continuous text


def _byte(char: str) -> int:
    from gptstudio.engine.gguf_vocab import byte_level_alphabet

    return {v: k for k, v in byte_level_alphabet().items()}[char]


def test_word_vocab_is_a_unigram_of_whole_units_with_spaces_marked():
    from gptstudio.engine.tokenizers import train_tokenizer

    tokenizer = train_tokenizer("word", "the cat sat.  the dog 你好\n\n")
    vocab = gguf_vocab(tokenizer, "continuous", tokenizer.vocab_size)
    assert vocab.model == "t5" and vocab.unk == 3 and vocab.tokens[3] == "<unk>"
    assert "▁▁" in vocab.tokens and " " not in "".join(vocab.tokens)
    assert set(vocab.scores[4:]) == {-1.0}
    assert any("line breaks" in d for d in vocab.differences)


def test_a_word_vocabulary_with_the_space_mark_is_refused():
    from gptstudio.engine.tokenizers import train_tokenizer

    tokenizer = train_tokenizer("word", "a ▁ b")
    with pytest.raises(ExportRefused, match="U\\+2581"):
        gguf_vocab(tokenizer, "continuous", tokenizer.vocab_size)


def test_unknown_tokenizer_kinds_and_data_modes_are_refused_with_a_sentence():
    from gptstudio.engine.tokenizers import CharTokenizer

    class WordPiece(CharTokenizer):
        kind = "wordpiece"

    with pytest.raises(ExportRefused, match="does not know the 'wordpiece' tokenizer"):
        gguf_vocab(WordPiece(["a"]), "continuous", 4)
    with pytest.raises(ExportRefused, match="data mode 'pages'"):
        gguf_vocab(CharTokenizer(["a"]), "pages", 4)


def test_a_bpe_that_is_not_byte_level_is_refused():
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    from gptstudio.engine.tokenizers import BPETokenizer

    hf = Tokenizer(models.BPE(unk_token="<unk>"))
    hf.pre_tokenizer = pre_tokenizers.Whitespace()
    hf.train_from_iterator(["some text to learn from"] * 10, trainers.BpeTrainer(
        vocab_size=60, special_tokens=["<pad>", "<sos>", "<eos>", "<unk>"], show_progress=False))
    with pytest.raises(ExportRefused, match="not GPT-2's byte-level kind"):
        gguf_vocab(BPETokenizer(hf), "continuous", 60)


@needs_llama
@pytest.mark.slow
def test_a_file_llama_cpp_reads_otherwise_is_deleted_not_kept(checkpoints, tmp_path, monkeypatch):
    from gptstudio.engine import gguf_vocab as vocab_module

    checkpoint, text = checkpoints("char", "chinese")
    real = vocab_module._char_vocab

    def without_merges(tokenizer):  # multi-byte characters can no longer be rebuilt
        vocab = real(tokenizer)
        return vocab_module.GGUFVocab(**{**vocab.__dict__, "merges": vocab.merges[:1]})

    monkeypatch.setattr(vocab_module, "_char_vocab", without_merges)
    target = tmp_path / "broken.gguf"
    with pytest.raises(ExportRefused, match="llama.cpp does not read this file as GPT Studio"):
        export_gguf(checkpoint, target, "f32", corpus=text)
    assert list(tmp_path.iterdir()) == []  # no .gguf, no .part, no Modelfile


def test_without_llama_cpp_the_export_is_written_and_says_it_was_not_checked(
        checkpoints, tmp_path, monkeypatch):
    from gptstudio.engine import llama_check

    monkeypatch.setattr(llama_check, "llama_cpp_installed", lambda: False)
    checkpoint, text = checkpoints("char", "english")
    result = export_gguf(checkpoint, tmp_path / "m.gguf", "f16", corpus=text)
    assert not result.check.checked and result.path.is_file()
    assert "Not checked with llama.cpp" in result.check.summary
    assert "Not checked with llama.cpp" in (tmp_path / "m.how-to-use.txt").read_text("utf-8")


# ---------------------------------------------------------------------------------------------------
# Ollama


def test_the_modelfile_has_the_template_stops_context_and_generate_settings(checkpoints, tmp_path):
    checkpoint, text = checkpoints("char", "names", "lines")
    sample = SampleConfig(temperature=0.7, top_k=20, top_p=0.9, min_p=0.05, repetition_penalty=1.2,
                          max_new_tokens=40, seed=7, stop=("END", 'say "hi"'))
    export_gguf(checkpoint, tmp_path / "names.gguf", "f16", corpus=text, sample=sample)
    lines = (tmp_path / "names.Modelfile").read_text(encoding="utf-8").splitlines()
    assert "FROM ./names.gguf" in lines
    assert 'TEMPLATE """{{ .Prompt }}"""' in lines
    params = [line.split(" ", 2)[1:] for line in lines if line.startswith("PARAMETER ")]
    assert ["num_ctx", "32"] in params
    for expected in (["temperature", "0.7"], ["top_k", "20"], ["top_p", "0.9"],
                     ["min_p", "0.05"], ["repeat_penalty", "1.2"], ["repeat_last_n", "-1"],
                     ["num_predict", "40"], ["seed", "7"]):
        assert expected in params
    assert [p[1] for p in params if p[0] == "stop"] == ['"<eos>"', '"END"']
    assert any("left out" in line and "say" in line for line in lines)  # unquotable, said so
    howto = (tmp_path / "names.how-to-use.txt").read_text(encoding="utf-8")
    assert "ollama create names -f names.Modelfile" in howto and "Checked with llama.cpp" in howto


def test_continuous_text_has_no_end_stop(checkpoints, tmp_path):
    checkpoint, text = checkpoints("char", "english")
    export_gguf(checkpoint, tmp_path / "m.gguf", "f16", corpus=text)
    modelfile = (tmp_path / "m.Modelfile").read_text(encoding="utf-8")
    assert "PARAMETER stop" not in modelfile and "PARAMETER num_ctx 32" in modelfile


def test_the_gguf_metadata_describes_gpt2_and_the_tokenizer(checkpoints, tmp_path):
    import gguf

    checkpoint, text = checkpoints("word", "english")
    export_gguf(checkpoint, tmp_path / "m.gguf", "f16", corpus=text, name="Blog")
    reader = gguf.GGUFReader(tmp_path / "m.gguf")
    fields = {name: reader.fields[name] for name in reader.fields}

    def value(name):
        return fields[name].contents()

    assert value("general.architecture") == "gpt2" and value("general.name") == "Blog"
    assert value("gpt2.context_length") == 32 and value("gpt2.block_count") == 2
    assert value("tokenizer.ggml.model") == "t5" and value("tokenizer.ggml.add_eos_token") is False
    # The tokens the app never writes, as llama.cpp's sampler reads them (an int32 array).
    assert value("tokenizer.ggml.suppress_tokens") == [0, 1, 2]
    assert fields["tokenizer.ggml.suppress_tokens"].types[-1] == gguf.GGUFValueType.INT32
    tensors = {t.name: t for t in reader.tensors}
    assert tensors["blk.0.attn_qkv.weight"].tensor_type == gguf.GGMLQuantizationType.F16
    assert tensors["blk.0.attn_qkv.bias"].tensor_type == gguf.GGMLQuantizationType.F32
    json.dumps(value("tokenizer.ggml.tokens"), ensure_ascii=False)  # plain strings
