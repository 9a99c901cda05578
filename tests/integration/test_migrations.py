"""Upgrading a database made at an older schema keeps every review, flag, event and the undo
history (0002 drops only the dead embeddings table that nothing ever wrote)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.orm import sessionmaker

from align import review
from align.alignment import Alignment
from align.review import EditContext
from align.store import (
    head_revision,
    make_engine,
    read_links,
    replay,
    save_alignment,
    upgrade_schema,
)
from align.store.engine import alembic_config
from align.store.models import Base


def rows(sessions: sessionmaker, names: set[str]) -> dict[str, list[tuple]]:
    """Every row of the tables ``names`` (those the old schema has too), sorted."""
    with sessions() as session:
        return {
            name: sorted(tuple(map(repr, row)) for row in session.execute(select(table)))
            for name, table in Base.metadata.tables.items()
            if name in names
        }


def test_an_upgrade_keeps_reviews_flags_events_and_undo(db_url: str, alignment: Alignment) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:  # back to the first schema, as an old install has it
        command.downgrade(alembic_config(connection), "0001")
    assert "embeddings" in inspect(engine).get_table_names()
    sessions = sessionmaker(engine, expire_on_commit=False)
    doc = save_alignment(sessions, alignment, "old", actor="ann").document_id
    edit = review.confirm(EditContext(sessions, doc, 1, "ann"), "zh-t2-s4")
    edit = review.add_flag(EditContext(sessions, doc, edit.version, "bob"), "zh-t3-s1", "style",
                           "minor", "older flag")  # fmt: skip
    edit = review.merge(EditContext(sessions, doc, edit.version, "ann"), "zh-t2-s5", "next")
    old_tables = set(inspect(engine).get_table_names())
    before = rows(sessions, old_tables)
    assert {"documents", "segments", "links", "link_members", "flags", "events"} <= set(before)
    assert before["events"] and before["flags"] and before["users"] == []

    assert upgrade_schema(engine) == head_revision()
    assert "embeddings" not in inspect(engine).get_table_names()
    assert rows(sessions, old_tables) == before
    with sessions() as session:
        assert replay(session, doc) == read_links(session, doc)
    undone = review.undo(EditContext(sessions, doc, edit.version, "ann"))
    assert undone.operation == "undo" and undone.version == edit.version + 1
    engine.dispose()
