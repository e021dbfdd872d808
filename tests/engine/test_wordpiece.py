"""BERT's WordPiece tokenizer (the Chinese GPT-2 models'): the ids of transformers'
BertTokenizerFast, and a Chinese GPT-2 computes what transformers computes."""

import pytest
import torch

from gptstudio.engine.hf_gpt2 import import_gpt2
from gptstudio.engine.hf_gpt2_export import export_gpt2
from gptstudio.engine.tokenizers import load_tokenizer, save_tokenizer, tokenizer_from_dict
from gptstudio.engine.wordpiece import WordPieceTokenizer

from ..gpt2_helpers import make_wordpiece_gpt2_folder

transformers = pytest.importorskip("transformers")

TEXTS = {
    "chinese": "床前明月光，疑是地上霜。今天天气很好！",
    "english": "The model is Playing with WORDS, 123 and 4.5%.",
    "mixed": "GPT Studio 教小模型写诗：playing 明月 with Café words。",
    "unseen": "鱼跃龙门 zebra",  # characters and words the small vocabulary lacks: [UNK]
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_wordpiece_gpt2_folder(tmp_path_factory.mktemp("wordpiece"))


@pytest.mark.parametrize("name", TEXTS)
def test_ids_are_bert_tokenizer_fasts(folder, name):
    ours = WordPieceTokenizer.from_folder(folder)
    theirs = transformers.BertTokenizerFast.from_pretrained(folder)
    text = TEXTS[name]
    assert ours.encode(text) == theirs(text, add_special_tokens=False)["input_ids"]
    assert ours.encode(text)  # not vacuous


def test_ids_match_without_lower_casing_too(tmp_path):
    folder = make_wordpiece_gpt2_folder(tmp_path / "cased", lowercase=False)
    ours = WordPieceTokenizer.from_folder(folder)
    theirs = transformers.BertTokenizerFast.from_pretrained(folder)
    for text in TEXTS.values():
        assert ours.encode(text) == theirs(text, add_special_tokens=False)["input_ids"]


def test_specials_are_berts_and_never_written(folder):
    tok = WordPieceTokenizer.from_folder(folder)
    theirs = transformers.BertTokenizerFast.from_pretrained(folder)
    assert (tok.pad_id, tok.sos_id, tok.eos_id) == (
        theirs.pad_token_id, theirs.cls_token_id, theirs.sep_token_id)
    assert set(tok.never_written()) == {theirs.unk_token_id, theirs.mask_token_id}
    # Specials exist as ids only: typed in a text, "[CLS]" is ordinary characters.
    assert tok.sos_id not in tok.encode("这是[CLS]吗")


def test_decode_reads_as_written_and_streams_token_by_token(folder):
    tok = WordPieceTokenizer.from_folder(folder)
    ids = tok.encode("床前明月光，疑是地上霜。the model is playing")
    text = tok.decode(ids)
    assert text == "床前明月光，疑是地上霜。 the model is playing"
    # Generation decodes one token at a time: the pieces add up to the whole.
    assert "".join(tok.decode([i]) for i in ids) == text
    assert tok.decode([tok.sos_id, *ids, tok.eos_id, tok.pad_id]) == text


def test_offsets_cover_each_token(folder):
    from gptstudio.engine.token_spans import token_spans

    tok = WordPieceTokenizer.from_folder(folder)
    text = "明月 光，Playings！"
    spans = token_spans(tok, text)
    ids = tok.encode(text)
    pieces = [tok._hf.id_to_token(i).removeprefix("##") for i in ids]
    assert len(pieces) > 6 and pieces[:4] == ["明", "月", "光", "，"]  # "playings" is cut in pieces
    assert [text[s:e].lower() for s, e in spans] == pieces
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))


def test_saved_and_loaded_gives_the_same_ids(folder, tmp_path):
    tok = WordPieceTokenizer.from_folder(folder)
    save_tokenizer(tok, tmp_path / "tokenizer.json")
    again = load_tokenizer(tmp_path / "tokenizer.json")
    assert again.kind == "wordpiece" and again.vocab_size == tok.vocab_size
    for text in TEXTS.values():
        assert again.encode(text) == tok.encode(text)
    assert tokenizer_from_dict(tok.to_dict()).eos_id == tok.eos_id


def test_chinese_gpt2_logits_are_transformers(folder):
    imported = import_gpt2(folder)
    assert imported.tokenizer.kind == "wordpiece"
    hf_model = transformers.GPT2LMHeadModel.from_pretrained(folder).eval()
    hf_tok = transformers.BertTokenizerFast.from_pretrained(folder)
    text = TEXTS["mixed"] + TEXTS["chinese"]
    ids = hf_tok(text, return_tensors="pt")["input_ids"]  # [CLS] text [SEP], as UER trained
    assert ids[0].tolist() == [imported.tokenizer.sos_id, *imported.tokenizer.encode(text),
                               imported.tokenizer.eos_id]
    with torch.no_grad():
        torch.testing.assert_close(imported.model(ids)[0], hf_model(ids).logits,
                                   atol=1e-5, rtol=1e-5)


def test_export_loads_in_transformers_with_bert_tokenizer(folder, tmp_path):
    imported = import_gpt2(folder)
    out = tmp_path / "exported"
    export_gpt2(imported.model, imported.tokenizer, out)
    theirs = transformers.AutoTokenizer.from_pretrained(out)
    for text in TEXTS.values():
        assert theirs(text, add_special_tokens=False)["input_ids"] == imported.tokenizer.encode(text)
    hf_model = transformers.GPT2LMHeadModel.from_pretrained(out).eval()
    ids = torch.tensor([imported.tokenizer.encode(TEXTS["chinese"])])
    with torch.no_grad():
        torch.testing.assert_close(imported.model(ids)[0], hf_model(ids).logits, atol=1e-5,
                                   rtol=1e-5)
    again = import_gpt2(out)
    assert again.tokenizer.kind == "wordpiece"
    assert again.tokenizer.encode(TEXTS["mixed"]) == imported.tokenizer.encode(TEXTS["mixed"])



def test_exports_that_cannot_write_wordpiece_say_so(folder):
    """GGUF (llama.cpp's GPT-2 reads byte-level BPE only) and the Python program (which trains
    from scratch) do not write a Chinese GPT-2: each says why instead of writing a wrong one."""
    from gptstudio.engine import code_export
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.gguf_vocab import ExportRefused, gguf_vocab

    tok = WordPieceTokenizer.from_folder(folder)
    with pytest.raises(ExportRefused, match="'wordpiece' tokenizer"):
        gguf_vocab(tok, "continuous", tok.vocab_size)
    with pytest.raises(EngineError, match="starts from GPT-2's own trained weights"):
        code_export._refuse_unknown("continuous", tok)
