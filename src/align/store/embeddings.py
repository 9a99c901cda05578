"""The embedding cache: sentence vectors keyed by (model id, SHA-256 of the text).

Re-alignment, checks and search look vectors up here instead of encoding a sentence again.
Vectors are stored as float32 bytes with their dimension.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from align.store.engine import Store, read_session, write_session
from align.store.models import EmbeddingRow, utcnow


def text_key(text: str) -> str:
    """The cache key of a text: SHA-256 of its UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_vectors(store: Store, model_id: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Vectors already cached for ``texts`` under ``model_id``, by text (misses left out)."""
    keys = {text_key(text): text for text in texts}
    found: dict[str, np.ndarray] = {}
    with read_session(store) as session:
        query = select(EmbeddingRow).where(
            EmbeddingRow.model_id == model_id, EmbeddingRow.text_sha256.in_(list(keys))
        )
        for row in session.scalars(query):
            found[keys[row.text_sha256]] = np.frombuffer(row.vector, dtype=np.float32)
    return found


def cache_vectors(store: Store, model_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
    """Cache ``vectors`` (n_texts, dim) for ``texts``; entries already there are left alone."""
    rows = [
        {
            "model_id": model_id,
            "text_sha256": text_key(text),
            "dim": int(vector.shape[0]),
            "vector": np.asarray(vector, dtype=np.float32).tobytes(),
            "created_at": utcnow(),
        }
        for text, vector in zip(texts, vectors, strict=True)
    ]
    if rows:
        with write_session(store) as session:
            session.execute(_insert_ignoring_duplicates(session), rows)


def _insert_ignoring_duplicates(session: Session):
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(EmbeddingRow).on_conflict_do_nothing()
