"""The store on real SQLite and PostgreSQL: schema by migrations, save/load, re-import, users,
the embedding cache, and all-or-nothing imports."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import naive_alignment, row_counts, table_rows
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from align.alignment import Alignment, SentenceLink
from align.ingest import read_text_document
from align.review import EditContext, confirm, list_documents, undo
from align.store import (
    StoreError,
    add_user,
    authenticate,
    get_user,
    head_revision,
    load_alignment,
    make_engine,
    make_session_factory,
    normalise_url,
    read_links,
    replay,
    save_alignment,
    set_password,
    upgrade_schema,
)
from align.store.engine import alembic_config
from align.store.models import Base, is_search_index


def test_the_migrations_build_exactly_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.connect() as connection:
        options = {"compare_type": True, "include_object": _not_search_index}
        context = MigrationContext.configure(connection, opts=options)
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def _not_search_index(item: object, name: str | None, kind: str, reflected: bool, other: object):
    return not is_search_index(name, kind)


def test_a_database_without_the_schema_is_refused_with_the_fix(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    engine.dispose()
    with pytest.raises(StoreError, match=r"has no schema yet.*run `align db upgrade`"):
        make_session_factory(db_url)
    assert upgrade_schema(db_url) == head_revision()
    make_session_factory(db_url).kw["bind"].dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'align.db'}")
    with engine.connect() as connection:
        pragmas = [connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in
                   ("journal_mode", "foreign_keys", "busy_timeout")]  # fmt: skip
    engine.dispose()
    assert pragmas == ["wal", 1, 30000]


def test_the_default_database_is_a_file_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALIGN_DATABASE_URL", raising=False)
    monkeypatch.setenv("ALIGN_DATA_DIR", str(tmp_path / "data"))
    assert normalise_url() == f"sqlite:///{tmp_path / 'data' / 'align.db'}"
    make_session_factory(upgrade=True).kw["bind"].dispose()
    assert (tmp_path / "data" / "align.db").is_file()
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_an_alignment_comes_back_equal(
    factory: sessionmaker[Session], alignment: Alignment
) -> None:
    saved = save_alignment(factory, alignment, "sample", actor="importer")
    assert (saved.created, saved.version, saved.links) == (True, 1, len(alignment.links))
    assert load_alignment(factory, saved.document_id) == alignment
    with factory() as session:
        assert replay(session, saved.document_id) == read_links(session, saved.document_id)
    (summary,) = list_documents(factory)
    statuses = [link.status for link in alignment.links]
    assert (summary.links, summary.confirmed) == (len(statuses), statuses.count("confirmed"))
    assert summary.open_flags == sum(len(link.flags) for link in alignment.links)


def test_a_sentence_is_in_at_most_one_link_by_the_schema(
    factory: sessionmaker[Session], alignment: Alignment
) -> None:
    saved = save_alignment(factory, alignment, "sample")
    with (
        pytest.raises(Exception, match=r"(?i)unique|primary key|duplicate"),
        factory.begin() as session,
    ):
        session.execute(
            text("INSERT INTO link_members (segment_id, link_id, document_id) "
                 "SELECT segment_id, (SELECT max(id) FROM links), document_id FROM link_members "
                 "WHERE document_id = :d LIMIT 1"),
            {"d": saved.document_id},
        )  # fmt: skip


def _broken(alignment: Alignment, how: str) -> Alignment:
    links = list(alignment.links)
    if how == "duplicate":
        links[3] = dataclasses.replace(links[3], src_ids=links[3].src_ids + links[4].src_ids)
    elif how == "missing":
        del links[10]
    elif how == "empty":
        links.insert(5, SentenceLink((), ()))
    elif how == "non-contiguous":
        links[10], links[11] = links[11], links[10]
    elif how == "status":
        links[2] = dataclasses.replace(links[2], status="approved")
    return dataclasses.replace(alignment, links=links)


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("duplicate", "is in two links"),
        ("missing", "in no link"),
        ("empty", "empty on both sides"),
        ("non-contiguous", "comes before a link it follows"),
        ("status", "unknown status 'approved'"),
    ],
)
def test_a_broken_alignment_is_refused_and_nothing_is_written(
    factory: sessionmaker[Session], alignment: Alignment, how: str, message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        save_alignment(factory, _broken(alignment, how), "broken")
    assert set(row_counts(factory).values()) == {0}


class Injected(RuntimeError):
    """The fault the tests inject half-way through an import."""


def fail_half_way(done: int, total: int) -> None:
    if done >= total / 2:
        raise Injected(f"stopped after {done} of {total} links")


def test_an_import_failing_half_way_leaves_no_rows(
    factory: sessionmaker[Session], alignment: Alignment
) -> None:
    with pytest.raises(Injected):
        save_alignment(factory, alignment, "sample", progress=fail_half_way)
    assert set(row_counts(factory).values()) == {0}
    assert save_alignment(factory, alignment, "sample").document_id > 0


def test_a_reimport_failing_half_way_leaves_the_document_as_it_was(
    factory: sessionmaker[Session], alignment: Alignment
) -> None:
    save_alignment(factory, alignment, "sample")
    before = table_rows(factory)
    with pytest.raises(Injected):
        save_alignment(factory, naive_alignment(alignment.src, alignment.tgt), "sample",
                       progress=fail_half_way)  # fmt: skip
    assert table_rows(factory) == before


def _changed_chinese(alignment: Alignment) -> tuple[Alignment, str]:
    """The sample with one Chinese sentence reworded (IDs unchanged); returns its ID too."""
    sentence = alignment.src.turns[3].sentences[0]
    path = Path(alignment.src.source)
    changed = path.read_text(encoding="utf-8").replace(sentence.text, sentence.text[:-1] + "！")
    src = read_text_document(changed, str(path))
    src.encoding = alignment.src.encoding
    return naive_alignment(src, alignment.tgt), sentence.id


def test_reimport_keeps_confirmed_links_whose_sentences_are_unchanged(
    factory: sessionmaker[Session], alignment: Alignment
) -> None:
    first = save_alignment(factory, alignment, "sample")
    with factory() as session:
        old = read_links(session, first.document_id)
    fresh, changed_id = _changed_chinese(alignment)
    saved = save_alignment(factory, fresh, "sample", actor="importer")
    assert (saved.created, saved.version) == (False, 2)
    with factory() as session:
        new = read_links(session, first.document_id)
        assert replay(session, first.document_id) == new
    keep = [link for link in old if link.status == "confirmed" and changed_id not in link.src]
    assert keep and all(link in new for link in keep)
    assert saved.kept == len(keep)
    (changed,) = [link for link in new if changed_id in link.src]
    assert changed.status != "confirmed" and changed.id not in {link.id for link in old}
    reloaded = load_alignment(factory, first.document_id)
    assert reloaded.src == fresh.src and reloaded.model_id == "naive"


def test_undo_never_reaches_back_past_a_reimport(
    factory: sessionmaker[Session], alignment: Alignment
) -> None:
    saved = save_alignment(factory, alignment, "sample")
    edit = confirm(EditContext(factory, saved.document_id, 1, "ann"), "zh-t2-s1")
    again = save_alignment(factory, alignment, "sample")
    assert again.version == edit.version + 1
    with pytest.raises(Exception, match="nothing to undo for ann"):
        undo(EditContext(factory, saved.document_id, again.version, "ann"))


def test_users_have_hashed_passwords_and_known_roles(factory: sessionmaker[Session]) -> None:
    user = add_user(factory, "ann", "correct horse", "admin")
    assert (user.name, user.role, user.can_edit) == ("ann", "admin", True)
    with factory() as session:
        stored = session.execute(text("SELECT password_hash FROM users")).scalar()
    assert "correct horse" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    assert authenticate(factory, "ann", "correct horse") == user
    assert authenticate(factory, "ann", "wrong horse") is None
    assert authenticate(factory, "bob", "correct horse") is None
    set_password(factory, "ann", "battery staple")
    assert authenticate(factory, "ann", "battery staple") == user
    assert get_user(factory, "nobody") is None
    for args, message in [
        (("ann", "another pw", "reviewer"), "exists already"),
        (("bob", "short", "reviewer"), "too short"),
        (("bob", "long enough", "owner"), "unknown role 'owner'"),
        (("bob smith", "long enough", "viewer"), "bad user name"),
    ]:
        with pytest.raises(StoreError, match=message):
            add_user(factory, *args)
    with pytest.raises(StoreError, match="no user 'bob'"):
        set_password(factory, "bob", "long enough")


def test_a_sqlite_file_written_by_the_store_checks_clean(
    tmp_path: Path, alignment: Alignment
) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    sessions = make_session_factory(url, upgrade=True)
    save_alignment(sessions, alignment, "sample")
    sessions.kw["bind"].dispose()
    with sqlite3.connect(tmp_path / "a.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
