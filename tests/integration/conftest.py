"""Store fixtures: every database test runs on SQLite and on PostgreSQL, each on a fresh schema.

PostgreSQL comes from ``ALIGN_TEST_DATABASE_URL`` (``scripts/postgres.sh`` starts one); each
test gets its own schema (via ``search_path``), created by the Alembic migrations and dropped
afterwards. Without the variable the PostgreSQL cases are skipped, saying so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from align.alignment import Alignment, Flag, SentenceLink
from align.document import Document
from align.evaluation.links import read_links
from align.ingest import read_document
from align.speakers import map_speakers
from align.store import make_session_factory, normalise_url, upgrade_schema

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "ji-chervonenko-1962-06-26"
PG_ENV = "ALIGN_TEST_DATABASE_URL"


def pg_schema_url(base: str, schema: str) -> str:
    """``base`` with every connection's search_path set to ``schema``."""
    separator = "&" if "?" in base else "?"
    return f"{normalise_url(base)}{separator}options=-csearch_path%3D{schema}"


@contextmanager
def fresh_database(backend: str, sqlite_file: Path) -> Iterator[str]:
    """A migrated, empty database: SQLite at ``sqlite_file``, or a new PostgreSQL schema."""
    if backend == "sqlite":
        url = f"sqlite:///{sqlite_file}"
        upgrade_schema(url)
        yield url
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"{PG_ENV} is not set; start a server with `export {PG_ENV}=$(scripts/postgres.sh)`"
        )
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base))
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = pg_schema_url(base, schema)
    try:
        upgrade_schema(url)
        yield url
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a temporary SQLite file, or a fresh PostgreSQL schema."""
    with fresh_database(request.param, tmp_path / "align.db") as url:
        yield url


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on the test database; the engine is disposed afterwards."""
    sessions = make_session_factory(db_url)
    yield sessions
    sessions.kw["bind"].dispose()


@pytest.fixture(scope="session")
def sample_docs() -> tuple[Document, Document]:
    """The sample corpus pair, Chinese then English."""
    return (
        read_document(ROOT / "corpus" / "zh" / f"{SAMPLE}.txt"),
        read_document(ROOT / "corpus" / "en" / f"{SAMPLE}.txt"),
    )


def gold_alignment(src: Document, tgt: Document) -> Alignment:
    """The sample pair aligned by its hand-made gold links (no model needed).

    Scores and confidences vary deterministically, some links are confirmed or disputed and
    some carry flags, so that every stored field is exercised.
    """
    gold = read_links(ROOT / "corpus" / "gold" / f"{SAMPLE}.sentences")
    links = []
    for n, (src_ids, tgt_ids) in enumerate(gold):
        status = "confirmed" if n % 5 == 0 else "disputed" if n % 17 == 3 else "unreviewed"
        flags = (Flag("terminology", "minor", f"check {n}", "open", "gold"),) if n % 11 == 4 else ()
        links.append(
            SentenceLink(
                tuple(map(str, src_ids)),
                tuple(map(str, tgt_ids)),
                score=round(0.3 + (n * 37 % 60) / 100, 6),
                confidence=(n * 53 % 100) / 100,
                status=status,
                origin="import",
                flags=flags,
            )
        )
    turns = [
        (tuple(map(str, s)), tuple(map(str, t)))
        for s, t in read_links(ROOT / "corpus" / "gold" / f"{SAMPLE}.turns")
    ]
    return Alignment(src, tgt, "gold", map_speakers(src, tgt), turns, links, ["from gold"])


@pytest.fixture
def alignment(sample_docs: tuple[Document, Document]) -> Alignment:
    """A fresh gold Alignment of the sample corpus for each test."""
    return gold_alignment(*sample_docs)


def table_rows(sessions: sessionmaker[Session]) -> dict[str, list[tuple]]:
    """Every row of every store table, sorted: equal dumps mean nothing changed."""
    from sqlalchemy import select

    from align.store.models import Base

    with sessions() as session:
        return {
            name: sorted(
                (tuple(map(repr, row)) for row in session.execute(select(table)).all()),
            )
            for name, table in Base.metadata.tables.items()
        }


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    """How many rows each store table holds."""
    return {name: len(rows) for name, rows in table_rows(sessions).items()}


def naive_alignment(src: Document, tgt: Document, model_id: str = "naive") -> Alignment:
    """A valid alignment without a model: turns paired in order, sentences 1-1 inside, the
    leftovers 1-0 / 0-1 (a stand-in for the aligner's output when testing re-import)."""
    links: list[SentenceLink] = []
    for n in range(max(len(src.turns), len(tgt.turns))):
        zh = [s.id for s in src.turns[n].sentences] if n < len(src.turns) else []
        en = [s.id for s in tgt.turns[n].sentences] if n < len(tgt.turns) else []
        for k in range(max(len(zh), len(en))):
            pair = (tuple(zh[k : k + 1]), tuple(en[k : k + 1]))
            links.append(SentenceLink(*pair, score=0.5, confidence=0.6))
    return Alignment(src, tgt, model_id, links=links)
