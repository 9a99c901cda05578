"""Shared fixtures: paths to the sample corpus and one real embedding model per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The sample document pair the demo loads."""
    return CORPUS


@pytest.fixture(scope="session")
def embedder():
    """The real default embedder (e5 + USE-m), loaded once (e5 converted on first use)."""
    from align.embed import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def e5_embedder(embedder):
    """The bundled multilingual-e5-small alone: the default ensemble's first member."""
    return embedder.members[0]
