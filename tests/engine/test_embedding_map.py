import numpy as np
import pytest
import torch

from gptstudio.engine import embedding_map as maps
from gptstudio.engine.config import ModelConfig
from gptstudio.engine.embedding_map import (
    embedding_map,
    pca_2d,
    shown_ids,
    special_ids,
    token_group,
)
from gptstudio.engine.model import GPT
from gptstudio.engine.tokenizers import train_tokenizer


def test_points_on_a_line_map_onto_the_first_axis():
    direction = np.array([1.0, 2.0, -2.0, 0.5, 3.0])
    t = np.linspace(-2, 3, 11)
    matrix = 4.0 + t[:, None] * direction  # 11 points on a line in 5-D, off the origin
    points, components, explained = pca_2d(matrix)
    np.testing.assert_allclose(points[:, 1], 0, atol=1e-9)
    spread = (t - t.mean()) * np.linalg.norm(direction)
    np.testing.assert_allclose(np.abs(points[:, 0]), np.abs(spread), atol=1e-9)
    np.testing.assert_allclose(explained, [1.0, 0.0], atol=1e-12)
    assert components[0][np.argmax(np.abs(components[0]))] > 0  # sign fixed


def test_matches_numpy_svd_up_to_sign_and_orders_the_spread():
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(40, 6)) * np.array([5.0, 3.0, 1.0, 0.5, 0.2, 0.1])
    points, components, explained = pca_2d(matrix)
    centred = matrix - matrix.mean(0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    for k in range(2):
        sign = np.sign(vt[k] @ components[k])
        np.testing.assert_allclose(components[k], sign * vt[k], atol=1e-10)
        np.testing.assert_allclose(points[:, k], sign * centred @ vt[k], atol=1e-10)
    assert explained[0] > explained[1] > 0
    np.testing.assert_allclose(explained, s[:2] ** 2 / (s**2).sum())
    assert points[:, 0].var() > points[:, 1].var()


def test_sign_does_not_flip_when_the_embeddings_are_negated():
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(30, 8))
    a, _, _ = pca_2d(matrix)
    b, _, _ = pca_2d(-matrix)  # same shape of cloud; an SVD may return either sign
    np.testing.assert_allclose(np.abs(a), np.abs(b), atol=1e-9)
    _, comp_a, _ = pca_2d(matrix)
    _, comp_b, _ = pca_2d(-matrix)
    np.testing.assert_allclose(comp_a, comp_b, atol=1e-9)  # directions kept the same way round


def test_a_tiny_cloud_has_a_second_axis_of_zeros():
    points, _, explained = pca_2d(np.array([[0.0, 1.0], [2.0, 3.0]]))
    assert points.shape == (2, 2) and explained[0] == pytest.approx(1.0)


@pytest.mark.parametrize(("text", "group"), [
    ("a", "vowel"), ("E", "vowel"), ("é", "vowel"), ("b", "consonant"), ("Z", "consonant"),
    ("y", "consonant"), ("7", "digit"), (",", "punctuation"), ("!", "punctuation"),
    ("+", "punctuation"), (" ", "space"), ("\n", "space"), ("\n\n", "space"), ("中", "other"),
    ("の", "other"), (" the", "consonant"), (" apple", "vowel"),
])
def test_groups(text, group):
    assert token_group(text) == group


def test_the_map_leaves_out_the_specials_and_groups_the_characters():
    text = "abc de, 12\nxyz!\n"
    tok = train_tokenizer("char", text)
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=tok.vocab_size, block_size=8, n_layer=1, n_head=1, n_embd=8))
    m = embedding_map(model, tok)
    assert set(m.labels) == set(text)
    assert not {"<pad>", "<sos>", "<eos>"} & set(m.labels)
    assert m.points.shape == (len(set(text)), 2)
    assert dict(zip(m.labels, m.groups, strict=True)) == {
        "a": "vowel", "b": "consonant", "c": "consonant", " ": "space", "d": "consonant",
        "e": "vowel", ",": "punctuation", "1": "digit", "2": "digit", "\n": "space",
        "x": "consonant", "y": "consonant", "z": "consonant", "!": "punctuation"}
    assert not m.limited
    weight = model.transformer.wte.weight.detach().numpy()[list(m.token_ids)]
    np.testing.assert_allclose(m.points, pca_2d(weight)[0], rtol=1e-5, atol=1e-6)


def test_a_large_vocabulary_shows_the_most_frequent_tokens():
    text = "the cat and the dog and the bird " * 3 + " ".join(f"w{i}" for i in range(50))
    tok = train_tokenizer("word", text)
    assert tok.unk_id in special_ids(tok)
    ids = shown_ids(tok, limit=5, corpus=text)
    words = {tok.token_text(i) for i in ids}
    assert words == {" ", "the", "and", "bird", "cat"}  # ties (bird, cat, dog) by id order
    assert len(ids) == 5
    assert shown_ids(tok, limit=5) == [4, 5, 6, 7, 8]  # no corpus: the first ids
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=tok.vocab_size, block_size=8, n_layer=1, n_head=1, n_embd=8))
    m = embedding_map(model, tok, limit=5, corpus=text)
    assert m.limited and len(m.labels) == 5


@pytest.mark.parametrize(("kind", "labels", "scheme"), [
    ("char", list("abcde,!"), "letters"),
    ("char", list("床前明月光，。abc"), "frequency"),  # mostly Chinese
    ("char", list("абвгд"), "frequency"),  # Cyrillic: VOWELS knows only Latin vowels
    ("word", ["the", "cat", ","], "frequency"),
    ("bpe", ["th", "e", " c"], "frequency"),
])
def test_letters_are_coloured_by_kind_only_where_vowels_mean_something(kind, labels, scheme):
    assert maps.colour_scheme(kind, labels) == scheme


def test_frequency_groups_are_thirds_by_use_with_punctuation_digits_and_spaces_apart():
    labels = ["的", "了", "是", "月", "光", "霜", "，", "1", "\n"]
    counts = [90, 80, 70, 9, 8, 7, 50, 3, 40]
    assert maps.frequency_groups(labels, counts) == (
        "frequent", "frequent", "middling", "middling", "rare", "rare",
        "punctuation", "digit", "space")
    assert maps.frequency_groups(["的", "了"], [0, 0]) == ("other", "other")  # nothing counted


def test_only_the_most_used_tokens_are_written_out_on_a_large_map():
    assert maps.labelled_tokens([3, 1, 2]) == (True, True, True)
    counts = list(range(100))  # token i used i times
    written = maps.labelled_tokens(counts, limit=10)
    assert [i for i, w in enumerate(written) if w] == list(range(90, 100))
