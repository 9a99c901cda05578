"""Initial schema: documents, segments, links and their members, flags, users, events, embeddings.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _json(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON(), nullable=False)


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(), nullable=False)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _document_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["document_id"],
        ["documents.id"],
        name=f"fk_{table}_document_id_documents",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "documents",
        _id(),
        _text("name", 200),
        _int("version"),
        _text("model_id", 200),
        *(_text(f"{side}_lang", 16) for side in ("src", "tgt")),
        *(_text(f"{side}_source", 1000) for side in ("src", "tgt")),
        *(_text(f"{side}_encoding", 40) for side in ("src", "tgt")),
        *(_json(f"{side}_meta") for side in ("src", "tgt")),
        *(_json(f"{side}_speakers") for side in ("src", "tgt")),
        *(_json(f"{side}_warnings") for side in ("src", "tgt")),
        _json("speaker_pairs"),
        _json("turn_links"),
        _json("warnings"),
        _when("created_at"),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("name", name="uq_documents_name"),
    )
    op.create_table(
        "embeddings",
        _text("model_id", 200),
        _text("text_sha256", 64),
        _int("dim"),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("model_id", "text_sha256", name="pk_embeddings"),
    )
    op.create_table(
        "users",
        _id(),
        _text("name", 100),
        _text("password_hash", 300),
        _text("role", 10),
        _when("created_at"),
        sa.CheckConstraint("role IN ('admin', 'reviewer', 'viewer')", name="ck_users_role"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "events",
        _id(),
        _int("document_id"),
        _text("actor", 100),
        _when("created_at"),
        _text("operation", 20),
        _int("version"),
        _json("before"),
        _json("after"),
        _int("target_id", nullable=True),
        sa.Column("undone", sa.Boolean(), nullable=False),
        _document_fk("events"),
        sa.ForeignKeyConstraint(["target_id"], ["events.id"], name="fk_events_target_id_events"),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_events_document_id_actor_id", "events", ["document_id", "actor", "id"])
    _create_links()
    _create_segments()
    _create_flags()
    _create_members()


def _create_links() -> None:
    op.create_table(
        "links",
        _id(),
        _int("document_id"),
        _int("position"),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        _text("status", 12),
        _text("origin", 8),
        _text("model_id", 200),
        sa.CheckConstraint("origin IN ('auto', 'manual', 'import')", name="ck_links_origin"),
        sa.CheckConstraint(
            "status IN ('unreviewed', 'confirmed', 'disputed')", name="ck_links_status"
        ),
        _document_fk("links"),
        sa.PrimaryKeyConstraint("id", name="pk_links"),
        sa.UniqueConstraint("document_id", "position", name="uq_links_document_id_position"),
        sa.UniqueConstraint("id", "document_id", name="uq_links_id_document_id"),
        sqlite_autoincrement=True,
    )


def _create_segments() -> None:
    op.create_table(
        "segments",
        _id(),
        _int("document_id"),
        _text("side", 3),
        _text("sid", 100),
        _text("kind", 10),
        _int("position"),
        _int("turn_id", nullable=True),
        _text("speaker", 200, nullable=True),
        _text("label", 500),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("editorial", sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind IN ('turn', 'sentence')", name="ck_segments_kind"),
        sa.CheckConstraint("side IN ('src', 'tgt')", name="ck_segments_side"),
        _document_fk("segments"),
        sa.ForeignKeyConstraint(
            ["turn_id"], ["segments.id"], name="fk_segments_turn_id_segments", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_segments"),
        sa.UniqueConstraint("document_id", "sid", name="uq_segments_document_id_sid"),
        sa.UniqueConstraint(
            "document_id",
            "side",
            "kind",
            "position",
            name="uq_segments_document_id_side_kind_position",
        ),
        sa.UniqueConstraint("id", "document_id", name="uq_segments_id_document_id"),
    )


def _create_flags() -> None:
    op.create_table(
        "flags",
        _id(),
        _int("link_id"),
        _text("category", 40),
        _text("severity", 10),
        sa.Column("note", sa.Text(), nullable=False),
        _text("author", 100, nullable=True),
        _text("status", 10),
        _when("created_at"),
        _when("updated_at"),
        sa.CheckConstraint("severity IN ('minor', 'major', 'critical')", name="ck_flags_severity"),
        sa.CheckConstraint("status IN ('open', 'accepted', 'dismissed')", name="ck_flags_status"),
        sa.ForeignKeyConstraint(
            ["link_id"], ["links.id"], name="fk_flags_link_id_links", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_flags"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_flags_link_id", "flags", ["link_id"])


def _create_members() -> None:
    op.create_table(
        "link_members",
        _int("segment_id"),
        _int("link_id"),
        _int("document_id"),
        sa.ForeignKeyConstraint(
            ["link_id", "document_id"],
            ["links.id", "links.document_id"],
            name="fk_link_members_link_id_document_id_links",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id", "document_id"],
            ["segments.id", "segments.document_id"],
            name="fk_link_members_segment_id_document_id_segments",
            ondelete="CASCADE",
        ),
        # The sentence is the key: no sentence can be in two links.
        sa.PrimaryKeyConstraint("segment_id", name="pk_link_members"),
    )
    op.create_index("ix_link_members_document_id", "link_members", ["document_id"])
    op.create_index("ix_link_members_link_id", "link_members", ["link_id"])


def downgrade() -> None:
    """Drop every table (this loses all data)."""
    for table in ("link_members", "flags", "segments", "links", "events", "users", "embeddings"):
        op.drop_table(table)
    op.drop_table("documents")
