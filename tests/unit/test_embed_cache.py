"""CachedEmbedder's bookkeeping, against a tiny deterministic fake embedder (no model needed)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from align.embed import CachedEmbedder, Embedder
from align.errors import ModelError


class FakeEmbedder:
    """Unit vectors derived from each text's hash; logs every call so tests can count them."""

    dim = 8

    def __init__(self, model_id: str = "fake-1") -> None:
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = [self.vector(text) for text in texts]
        return np.array(rows, np.float32).reshape(len(rows), self.dim)

    def vector(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256((self.model_id + text).encode()).digest()[:8])
        vector = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return vector / np.linalg.norm(vector)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "embeddings.sqlite3"


def test_fake_satisfies_the_protocol() -> None:
    assert isinstance(FakeEmbedder(), Embedder)


def test_rows_follow_input_order_and_duplicates_are_encoded_once(db: Path) -> None:
    fake = FakeEmbedder()
    cached = CachedEmbedder(fake, db)
    cached.encode(["b"])  # "b" is then a hit in the middle of the next call
    texts = ["a", "b", "a", "c", "b", "a"]
    out = cached.encode(texts)
    assert fake.calls == [["b"], ["a", "c"]]
    assert out.dtype == np.float32 and out.shape == (6, 8)
    np.testing.assert_array_equal(out, np.stack([fake.vector(t) for t in texts]))


def test_second_call_is_served_from_the_cache(db: Path) -> None:
    fake = FakeEmbedder()
    cached = CachedEmbedder(fake, db)
    first = cached.encode(["你好。", "Hello."])
    second = cached.encode(["Hello.", "你好。"])
    assert len(fake.calls) == 1
    np.testing.assert_array_equal(second, first[::-1])


def test_empty_input_gives_an_empty_matrix(db: Path) -> None:
    out = CachedEmbedder(FakeEmbedder(), db).encode([])
    assert out.shape == (0, 8) and out.dtype == np.float32


def test_vectors_persist_across_instances(db: Path) -> None:
    CachedEmbedder(FakeEmbedder(), db).encode(["one", "two"]).copy()
    later = FakeEmbedder()
    out = CachedEmbedder(later, db).encode(["two", "one", "three"])
    assert later.calls == [["three"]]
    np.testing.assert_array_equal(out[0], later.vector("two"))


def test_models_do_not_share_vectors(db: Path) -> None:
    CachedEmbedder(FakeEmbedder("model-a"), db).encode(["same text"])
    other = FakeEmbedder("model-b")
    out = CachedEmbedder(other, db).encode(["same text"])
    assert other.calls == [["same text"]]
    np.testing.assert_array_equal(out[0], other.vector("same text"))


def test_texts_differing_only_in_whitespace_are_different_keys(db: Path) -> None:
    fake = FakeEmbedder()
    CachedEmbedder(fake, db).encode(["a b", "a  b", "a b "])
    assert fake.calls == [["a b", "a  b", "a b "]]


def test_more_texts_than_one_sqlite_batch(db: Path) -> None:
    fake = FakeEmbedder()
    cached = CachedEmbedder(fake, db)
    texts = [f"sentence {i}" for i in range(1234)]
    first = cached.encode(texts)
    again = cached.encode(texts[::-1])
    assert len(fake.calls) == 1
    np.testing.assert_array_equal(again, first[::-1])


def test_inner_returning_the_wrong_count_is_a_model_error(db: Path) -> None:
    class Short(FakeEmbedder):
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            return super().encode(texts)[:-1]

    with pytest.raises(ModelError, match="returned 1 vectors for 2 texts"):
        CachedEmbedder(Short(), db).encode(["x", "y"])


def test_threads_share_one_cache(db: Path) -> None:
    fake = FakeEmbedder()
    cached = CachedEmbedder(fake, db)
    results: dict[int, np.ndarray] = {}

    def work(i: int) -> None:
        results[i] = cached.encode([f"t{j}" for j in range(i, i + 50)])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(0, 200, 25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, out in results.items():
        np.testing.assert_array_equal(out[0], fake.vector(f"t{i}"))
    assert len(results) == len(threads)


def test_a_damaged_cache_file_is_a_model_error(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ModelError, match=r"embedding cache .* is unusable"):
        CachedEmbedder(FakeEmbedder(), db)
