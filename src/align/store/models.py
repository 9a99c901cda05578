"""The tables, as SQLAlchemy 2 models. The schema itself is made only by the Alembic migrations.

A *document* row is one document pair (a Chinese original and its translation). Its turns and
sentences are *segments*, addressed by their stable IDs (``zh-t3-s2``). A *link* joins a run of
source sentences with a run of target sentences; *link_members* says which link each sentence is
in, with the sentence as primary key, so no sentence can ever be in two links. *Events* are the
append-only audit log that undo, redo and replay read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from align.alignment import FLAG_STATUSES, LINK_ORIGINS, LINK_STATUSES, SEVERITIES

ROLES = ("admin", "reviewer", "viewer")
SIDES = ("src", "tgt")
KINDS = ("turn", "sentence")


def utcnow() -> datetime:
    """Naive UTC, so SQLite and PostgreSQL give back exactly what was written."""
    return datetime.now(UTC).replace(tzinfo=None)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """A CHECK expression limiting ``column`` to ``values``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base; JSON columns hold plain dicts and lists; constraints have fixed names."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentRow(Base):
    """A document pair; ``version`` goes up by one with every change (optimistic concurrency)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    model_id: Mapped[str] = mapped_column(String(200), default="")
    src_lang: Mapped[str] = mapped_column(String(16))
    tgt_lang: Mapped[str] = mapped_column(String(16))
    src_source: Mapped[str] = mapped_column(String(1000))
    tgt_source: Mapped[str] = mapped_column(String(1000))
    src_encoding: Mapped[str] = mapped_column(String(40))
    tgt_encoding: Mapped[str] = mapped_column(String(40))
    src_meta: Mapped[dict[str, Any]]
    tgt_meta: Mapped[dict[str, Any]]
    src_speakers: Mapped[dict[str, Any]]
    tgt_speakers: Mapped[dict[str, Any]]
    src_warnings: Mapped[list[Any]]
    tgt_warnings: Mapped[list[Any]]
    speaker_pairs: Mapped[list[Any]]
    turn_links: Mapped[list[Any]]
    warnings: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SegmentRow(Base):
    """A turn or a sentence of one side; ``position`` orders each (side, kind) from 0."""

    __tablename__ = "segments"
    __table_args__ = (
        UniqueConstraint("document_id", "sid"),
        UniqueConstraint("document_id", "side", "kind", "position"),
        UniqueConstraint("id", "document_id"),
        CheckConstraint(one_of("side", SIDES), name="side"),
        CheckConstraint(one_of("kind", KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(3))
    sid: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    speaker: Mapped[str | None] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    editorial: Mapped[bool] = mapped_column(Boolean, default=False)


class LinkRow(Base):
    """One link; ``position`` orders the links of a document (with gaps, for cheap inserts)."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("document_id", "position"),
        UniqueConstraint("id", "document_id"),
        CheckConstraint(one_of("status", LINK_STATUSES), name="status"),
        CheckConstraint(one_of("origin", LINK_ORIGINS), name="origin"),
        {"sqlite_autoincrement": True},  # ids are never reused: undo re-inserts old ids
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(12))
    origin: Mapped[str] = mapped_column(String(8))
    model_id: Mapped[str] = mapped_column(String(200), default="")


class MemberRow(Base):
    """A sentence in a link; the sentence is the key, so it is in at most one link."""

    __tablename__ = "link_members"
    __table_args__ = (
        ForeignKeyConstraint(
            ["link_id", "document_id"], ["links.id", "links.document_id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["segment_id", "document_id"],
            ["segments.id", "segments.document_id"],
            ondelete="CASCADE",
        ),
        Index(None, "link_id"),
        Index(None, "document_id"),
    )

    segment_id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(Integer)


class FlagRow(Base):
    """A translation issue on a link (MQM category and severity) and its review status."""

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(one_of("severity", SEVERITIES), name="severity"),
        CheckConstraint(one_of("status", FLAG_STATUSES), name="status"),
        Index(None, "link_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class UserRow(Base):
    """A person who may sign in; the password is stored only as a salted hash."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EventRow(Base):
    """One change, append-only: the links it replaced (before) and put in their place (after)."""

    __tablename__ = "events"
    __table_args__ = (
        Index(None, "document_id", "actor", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    operation: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    before: Mapped[list[Any]]
    after: Mapped[list[Any]]
    target_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class WordAlignmentRow(Base):
    """A link's word alignment, cached; valid while ``key`` (texts, model, settings) matches."""

    __tablename__ = "word_alignments"

    link_id: Mapped[int] = mapped_column(
        ForeignKey("links.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64))
    src_tokens: Mapped[list[Any]]
    tgt_tokens: Mapped[list[Any]]
    pairs: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def is_search_index(name: str | None, kind: str) -> bool:
    """The full-text index the search migration builds outside the models (FTS5 tables,
    trigram and word indexes): schema comparisons leave it out."""
    name = name or ""
    if kind == "table":
        return name.startswith("search_")
    return kind == "index" and (name.endswith("_trgm") or name == "ix_segments_text_words")
