"""GPT-2 folders in and out: the engine computes exactly what transformers computes."""

import json

import pytest
import torch

from gptstudio.engine.config import ModelConfig
from gptstudio.engine.errors import EngineError
from gptstudio.engine.hf_gpt2 import import_gpt2
from gptstudio.engine.hf_gpt2_export import export_gpt2
from gptstudio.engine.model import GPT
from gptstudio.engine.tokenizers import train_tokenizer

V = 300
TEXT = ("The quick brown fox jumps over the lazy dog. A small model learns small things, "
        "and a tokenizer learns the pieces the text is made of.\n") * 20
SENTENCE = "The lazy fox learns pieces of text, quickly!"


def _hf_model(seed=0, n_positions=64):
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(seed)
    config = transformers.GPT2Config(vocab_size=V, n_positions=n_positions, n_embd=32, n_layer=2,
                                     n_head=2, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0)
    model = transformers.GPT2LMHeadModel(config).eval()
    with torch.no_grad():  # random biases and LayerNorm gains, so a mix-up in any of them shows
        for name, p in model.named_parameters():
            if name.endswith(".bias") or ".ln_" in name:
                p.add_(torch.randn_like(p) * 0.1)
    return model


def _write_hf_tokenizer(folder):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    hf = Tokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    hf.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=V, special_tokens=["<|endoftext|>"], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    hf.train_from_iterator([TEXT], trainer=trainer)
    assert hf.token_to_id("<|endoftext|>") < V
    hf.model.save(str(folder))
    return hf


def _hf_logits(hf_model, ids):
    with torch.no_grad():
        return hf_model(ids).logits


def _engine_logits(model, ids):
    with torch.no_grad():
        return model(ids)[0]


@pytest.fixture
def hf_folder(tmp_path):
    model = _hf_model()
    folder = tmp_path / "gpt2"
    model.save_pretrained(folder)
    hf_tok = _write_hf_tokenizer(folder)
    return folder, model, hf_tok


def test_import_safetensors_gives_transformers_logits_and_tokenizer(hf_folder):
    folder, hf_model, hf_tok = hf_folder
    assert (folder / "model.safetensors").is_file()
    imported = import_gpt2(folder)
    assert imported.config == ModelConfig(vocab_size=V, block_size=64, n_layer=2, n_head=2, n_embd=32,
                                          dropout=0.0, bias=True, activation="gelu_tanh")
    assert not imported.model.training
    ids = torch.randint(0, V, (3, 40), generator=torch.Generator().manual_seed(1))
    torch.testing.assert_close(_engine_logits(imported.model, ids), _hf_logits(hf_model, ids),
                               atol=1e-5, rtol=1e-5)

    tok = imported.tokenizer
    assert tok is not None and tok.kind == "gpt2"
    assert tok.eos_id == hf_tok.token_to_id("<|endoftext|>")
    expected = hf_tok.encode(SENTENCE).ids
    assert tok.encode(SENTENCE) == expected
    assert tok.decode(expected) == hf_tok.decode(expected) == SENTENCE
    transformers = pytest.importorskip("transformers")
    fast = transformers.GPT2TokenizerFast.from_pretrained(folder)
    assert fast.encode(SENTENCE) == expected


def test_import_pytorch_bin_gives_same_logits(tmp_path):
    hf_model = _hf_model(seed=3)
    folder = tmp_path / "bin"
    hf_model.save_pretrained(folder)
    state = {k: v.clone() for k, v in hf_model.state_dict().items()}
    (folder / "model.safetensors").unlink()
    torch.save(state, folder / "pytorch_model.bin")  # with lm_head.weight, as old folders have it
    imported = import_gpt2(folder)
    assert imported.tokenizer is None
    ids = torch.randint(0, V, (2, 64), generator=torch.Generator().manual_seed(2))
    torch.testing.assert_close(_engine_logits(imported.model, ids), _hf_logits(hf_model, ids),
                               atol=1e-5, rtol=1e-5)


def test_import_accepts_names_without_prefix_and_mask_buffers(tmp_path):
    from safetensors.torch import save_file

    hf_model = _hf_model(seed=4)
    folder = tmp_path / "bare"
    hf_model.save_pretrained(folder)
    state = {k.removeprefix("transformer."): v.clone().contiguous()
             for k, v in hf_model.state_dict().items() if k != "lm_head.weight"}
    for i in range(2):
        state[f"h.{i}.attn.bias"] = torch.ones(1, 1, 64, 64).tril()
        state[f"h.{i}.attn.masked_bias"] = torch.tensor(-1e4)
    save_file(state, str(folder / "model.safetensors"))
    imported = import_gpt2(folder)
    ids = torch.randint(0, V, (1, 20), generator=torch.Generator().manual_seed(5))
    torch.testing.assert_close(_engine_logits(imported.model, ids), _hf_logits(hf_model, ids),
                               atol=1e-5, rtol=1e-5)


def test_smaller_block_size_keeps_first_positions(hf_folder):
    folder, hf_model, _ = hf_folder
    imported = import_gpt2(folder, block_size=16)
    assert imported.config.block_size == 16
    assert imported.model.transformer.wpe.weight.shape == (16, 32)
    torch.testing.assert_close(imported.model.transformer.wpe.weight,
                               hf_model.transformer.wpe.weight[:16])
    ids = torch.randint(0, V, (2, 16), generator=torch.Generator().manual_seed(3))
    torch.testing.assert_close(_engine_logits(imported.model, ids), _hf_logits(hf_model, ids),
                               atol=1e-5, rtol=1e-5)
    with pytest.raises(EngineError, match="context length"):
        import_gpt2(folder, block_size=65)


def _engine_model(vocab_size, bias=True, seed=0, activation="gelu"):
    torch.manual_seed(seed)
    model = GPT(ModelConfig(vocab_size=vocab_size, block_size=32, n_layer=2, n_head=2, n_embd=32,
                            bias=bias, activation=activation))
    with torch.no_grad():  # GPT's init leaves biases at zero and gains at one: make them matter
        for p in model.parameters():
            if p.dim() == 1:
                p.add_(torch.randn_like(p) * 0.1)
    return model.eval()


@pytest.mark.parametrize(("bias", "activation"), [(True, "gelu"), (False, "gelu"), (True, "gelu_tanh")])
def test_export_with_char_tokenizer_loads_in_transformers(tmp_path, bias, activation):
    transformers = pytest.importorskip("transformers")
    tok = train_tokenizer("char", TEXT)
    model = _engine_model(tok.vocab_size, bias=bias, activation=activation)
    folder = tmp_path / "out" / "char"
    export_gpt2(model, tok, folder)
    assert json.loads((folder / "gptstudio_tokenizer.json").read_text()) == tok.to_dict()
    assert "gptstudio" in (folder / "README.md").read_text()
    config = json.loads((folder / "config.json").read_text())
    assert config["model_type"] == "gpt2" and config["n_positions"] == config["n_ctx"] == 32
    assert config["eos_token_id"] == tok.eos_id

    hf_model, info = transformers.GPT2LMHeadModel.from_pretrained(folder, output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"] and not info["mismatched_keys"]
    hf_model.eval()
    ids = torch.tensor([tok.encode(TEXT[:32])])
    torch.testing.assert_close(_hf_logits(hf_model, ids), _engine_logits(model, ids),
                               atol=1e-5, rtol=1e-5)


def test_export_with_bpe_tokenizer_loads_in_transformers(tmp_path):
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer

    tok = train_tokenizer("bpe", TEXT, bpe_vocab_size=300)
    model = _engine_model(tok.vocab_size, seed=1)
    folder = tmp_path / "bpe"
    export_gpt2(model, tok, folder)
    for name in ("vocab.json", "merges.txt", "tokenizer.json", "model.safetensors", "config.json"):
        assert (folder / name).is_file(), name
    assert not (folder / "gptstudio_tokenizer.json").exists()

    hf_model, info = transformers.GPT2LMHeadModel.from_pretrained(folder, output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"] and not info["mismatched_keys"]
    hf_model.eval()
    ids = torch.randint(0, tok.vocab_size, (2, 32), generator=torch.Generator().manual_seed(4))
    torch.testing.assert_close(_hf_logits(hf_model, ids), _engine_logits(model, ids),
                               atol=1e-5, rtol=1e-5)

    expected = tok.encode(SENTENCE)
    assert Tokenizer.from_file(str(folder / "tokenizer.json")).encode(SENTENCE).ids == expected
    fast = transformers.GPT2TokenizerFast.from_pretrained(folder)
    assert fast.encode(SENTENCE) == expected


@pytest.mark.parametrize(("bias", "activation"), [(True, "gelu"), (False, "gelu"), (True, "gelu_tanh")])
def test_export_then_import_round_trips_the_weights(tmp_path, bias, activation):
    tok = train_tokenizer("bpe", TEXT, bpe_vocab_size=300)
    model = _engine_model(tok.vocab_size, bias=bias, seed=2, activation=activation)
    export_gpt2(model, tok, tmp_path / "rt")
    assert json.loads((tmp_path / "rt" / "config.json").read_text())["activation_function"] == (
        "gelu" if activation == "gelu" else "gelu_new")
    imported = import_gpt2(tmp_path / "rt")
    assert imported.config.block_size == 32 and imported.config.vocab_size == tok.vocab_size
    assert imported.config.activation == activation
    got = imported.model.state_dict()
    if bias:
        want = model.state_dict()
        assert got.keys() == want.keys()
        for key in want:
            assert torch.equal(got[key], want[key]), key
    else:
        # Imported with GPT-2's always-present biases, all zero: the same function.
        for key, value in model.state_dict().items():
            assert torch.equal(got[key], value), key
        for key in got.keys() - model.state_dict().keys():
            assert key.endswith(".bias") and not got[key].any(), key
        ids = torch.randint(0, tok.vocab_size, (1, 32), generator=torch.Generator().manual_seed(6))
        torch.testing.assert_close(_engine_logits(imported.model, ids), _engine_logits(model, ids),
                                   atol=1e-6, rtol=1e-6)
    # GPT Studio's own BPE (<pad> <sos> <eos>, no <|endoftext|>) comes back as itself.
    assert imported.tokenizer is not None and imported.tokenizer.kind == "bpe"
    assert imported.tokenizer.encode(SENTENCE) == tok.encode(SENTENCE)


@pytest.mark.parametrize("kind", ["char", "word"])
def test_export_then_import_gives_back_a_char_or_word_tokenizer(tmp_path, kind):
    tok = train_tokenizer(kind, TEXT)
    model = _engine_model(tok.vocab_size, seed=3)
    export_gpt2(model, tok, tmp_path / kind)
    imported = import_gpt2(tmp_path / kind)
    assert imported.tokenizer is not None and imported.tokenizer.to_dict() == tok.to_dict()
    for key, value in model.state_dict().items():
        assert torch.equal(imported.model.state_dict()[key], value), key


def test_export_of_imported_gpt2_keeps_its_tokenizer(hf_folder, tmp_path):
    folder, hf_model, hf_tok = hf_folder
    imported = import_gpt2(folder)
    export_gpt2(imported.model, imported.tokenizer, tmp_path / "again")
    config = json.loads((tmp_path / "again" / "config.json").read_text())
    assert config["eos_token_id"] == config["bos_token_id"] == hf_tok.token_to_id("<|endoftext|>")
    again = import_gpt2(tmp_path / "again")
    assert again.tokenizer is not None and again.tokenizer.kind == "gpt2"
    assert again.tokenizer.encode(SENTENCE) == hf_tok.encode(SENTENCE).ids
    ids = torch.randint(0, V, (1, 64), generator=torch.Generator().manual_seed(7))
    torch.testing.assert_close(_engine_logits(again.model, ids), _hf_logits(hf_model, ids),
                               atol=1e-5, rtol=1e-5)


def test_export_refuses_folder_with_other_files_and_replaces_an_earlier_export(tmp_path):
    tok = train_tokenizer("char", TEXT)
    model = _engine_model(tok.vocab_size)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(EngineError, match="other files"):
        export_gpt2(model, tok, busy)
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]

    folder = tmp_path / "again"
    export_gpt2(model, train_tokenizer("bpe", TEXT, bpe_vocab_size=300), folder)
    export_gpt2(model, tok, folder)  # an earlier export may be overwritten
    assert not (folder / "vocab.json").exists()
    assert (folder / "gptstudio_tokenizer.json").is_file()
    export_gpt2(model, train_tokenizer("bpe", TEXT, bpe_vocab_size=300), folder)
    assert not (folder / "gptstudio_tokenizer.json").exists() and not (folder / "README.md").exists()


def _assert_sentence(error, *words):
    message = str(error.value)
    assert message and message[0].isupper() and message.rstrip().endswith((".", ")")), message
    assert "\n" not in message
    for word in words:
        assert word in message, message


def test_errors_are_plain_sentences(tmp_path, hf_folder):
    from safetensors.torch import load_file, save_file

    with pytest.raises(EngineError) as error:
        import_gpt2(tmp_path / "nowhere")
    _assert_sentence(error, "does not exist")

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EngineError) as error:
        import_gpt2(empty)
    _assert_sentence(error, "config.json")

    folder, _, _ = hf_folder
    config_path = folder / "config.json"
    good_config = config_path.read_text()
    config_path.write_text(json.dumps({**json.loads(good_config), "activation_function": "relu"}))
    with pytest.raises(EngineError) as error:
        import_gpt2(folder)
    _assert_sentence(error, "relu")
    config_path.write_text(good_config)

    weights_path = folder / "model.safetensors"
    weights = load_file(str(weights_path))
    bad = dict(weights)
    bad["transformer.h.1.mlp.c_fc.weight"] = torch.zeros(32, 100)
    save_file(bad, str(weights_path))
    with pytest.raises(EngineError) as error:
        import_gpt2(folder)
    _assert_sentence(error, "h.1.mlp.c_fc.weight", "shape")

    missing = {k: v for k, v in weights.items() if k != "transformer.ln_f.bias"}
    save_file(missing, str(weights_path))
    with pytest.raises(EngineError) as error:
        import_gpt2(folder)
    _assert_sentence(error, "ln_f.bias")

    save_file({**weights, "transformer.h.0.extra.weight": torch.zeros(2)}, str(weights_path))
    with pytest.raises(EngineError) as error:
        import_gpt2(folder)
    _assert_sentence(error, "h.0.extra.weight")

    weights_path.unlink()
    with pytest.raises(EngineError) as error:
        import_gpt2(folder)
    _assert_sentence(error, "model.safetensors")


def test_errors_are_translatable_messages(tmp_path):
    from gptstudio.engine.hf_gpt2 import _model_config
    from gptstudio.engine.messages import Message

    with pytest.raises(EngineError) as error:
        import_gpt2(tmp_path / "nowhere")
    message = error.value.args[0]
    assert isinstance(message, Message)
    assert message == f"The folder {tmp_path / 'nowhere'} does not exist."
    assert "{folder}" in message.template and str(tmp_path) not in message.template

    with pytest.raises(EngineError) as error:
        _model_config({"model_type": "bert"}, None)
    message = error.value.args[0]
    assert isinstance(message, Message)
    assert message == ("This is a 'bert' model; GPT Studio can start from GPT-2 models only "
                       "(model type gpt2, architecture GPT2LMHeadModel or GPT2Model).")
    assert "{model_type}" in message.template and "bert" not in message.template

    # Several problems: one sentence whose value keeps each problem as it is.
    with pytest.raises(EngineError) as error:
        _model_config({"vocab_size": 10, "n_positions": 16, "n_layer": 1, "n_head": 3,
                       "n_embd": 16}, None)
    message = error.value.args[0]
    assert isinstance(message, Message) and message.startswith("This GPT-2 cannot be imported: ")
    assert message.template == "This GPT-2 cannot be imported: {problems}"
    assert str(message) == "This GPT-2 cannot be imported: " + str(message.params["problems"])
