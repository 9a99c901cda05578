"""Engines, sessions and migrations: SQLite by default (WAL, foreign keys, busy timeout), or
PostgreSQL through psycopg 3, chosen by URL. The schema is made and upgraded only by Alembic."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from align.config import database_url
from align.errors import StoreError

BUSY_TIMEOUT_S = 30
# Enough connections that a threaded server with a few dozen requests in flight never queues
# for one (a thread waiting for a connection holds a version that is going stale).
POOL = {"pool_size": 10, "max_overflow": 30}
MIGRATIONS = "align.store:migrations"
# Write transactions on SQLite start with BEGIN IMMEDIATE: they take the write lock first, so a
# writer waits its turn (busy timeout) instead of failing when it upgrades from a read.
WRITE_OPTIONS = {"sqlite_begin": "IMMEDIATE"}

Store = Session | sessionmaker[Session]


def normalise_url(url: str | None = None) -> str:
    """The URL to use: ``url`` or config's; ``postgresql://`` gets the psycopg 3 driver."""
    url = url or database_url()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(url: str) -> bool:
    """True for a ``sqlite://`` URL."""
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database."""
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: config's), with SQLite set up for concurrent use."""
    url = normalise_url(url)
    try:
        if not is_sqlite(url):
            return create_engine(url, pool_pre_ping=True, **POOL)
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S}, **POOL)
    except (ArgumentError, ImportError, ValueError) as error:
        raise StoreError(f"cannot use database URL {url!r}: {error}") from error
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """WAL so readers never wait, foreign keys on; SQLAlchemy, not sqlite3, emits BEGIN."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """BEGIN; a write transaction waits for the write lock in short random sleeps.

    SQLite's own busy handler backs off to 100 ms sleeps, so under many writers a waiting
    edit sleeps long after the lock came free; polling every 0.5-2 ms keeps waits short.
    """
    raw = connection.connection.driver_connection
    if connection.get_execution_options().get("sqlite_begin") != "IMMEDIATE":
        raw.execute("BEGIN")
        return
    raw.execute("PRAGMA busy_timeout=0")
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.0005, 0.002))
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")


def make_session_factory(url: str | None = None, *, upgrade: bool = False) -> sessionmaker[Session]:
    """Sessions on ``url``; ``upgrade`` migrates first, else the schema must be current."""
    engine = make_engine(url)
    try:
        if upgrade:
            upgrade_schema(engine)
        else:
            check_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: Any = None) -> Config:
    """An Alembic config built in code, so migrations run from an installed package."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    return config


def upgrade_schema(target: str | Engine | None = None, revision: str = "head") -> str:
    """Create or upgrade the schema to ``revision`` through the migrations; return the revision."""
    engine = target if isinstance(target, Engine) else make_engine(target)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
            return MigrationContext.configure(connection).get_current_revision() or ""
    except OperationalError as error:
        raise StoreError(f"cannot reach the database {engine.url!r}: {error.orig}") from error
    finally:
        if not isinstance(target, Engine):
            engine.dispose()


def head_revision() -> str:
    """The newest migration this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None when it has no schema yet."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_schema(engine: Engine) -> None:
    """Refuse a database whose schema is missing or not at this code's migration."""
    try:
        current = current_revision(engine)
    except OperationalError as error:
        raise StoreError(f"cannot reach the database {engine.url!r}: {error.orig}") from error
    head = head_revision()
    if current != head:
        state = "has no schema yet" if current is None else f"is at migration {current}"
        raise StoreError(
            f"the database {engine.url!r} {state}, this version needs {head}; "
            "run `align db upgrade` (back it up first with `align db backup`)."
        )


@contextmanager
def read_session(store: Store) -> Iterator[Session]:
    """One read transaction on a session or a new session from a factory."""
    if isinstance(store, Session):
        with store.begin():
            yield store
        return
    with store() as session, session.begin():
        yield session


@contextmanager
def write_session(store: Store) -> Iterator[Session]:
    """One write transaction: commits on success, rolls back on any exception."""
    with read_session(store) as session:
        session.connection(execution_options=WRITE_OPTIONS)
        yield session
