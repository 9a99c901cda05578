"""Drop the embeddings table: vectors are cached on disk by ``align.embed`` (one cache, not two).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Nothing ever wrote to this table, so dropping it loses nothing; every review row, flag and event
is untouched. Downgrade puts the empty table back.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The table goes; nothing else changes."""
    op.drop_table("embeddings")


def downgrade() -> None:
    """The empty table as 0001 made it."""
    op.create_table(
        "embeddings",
        sa.Column("model_id", sa.String(length=200), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("model_id", "text_sha256", name="pk_embeddings"),
    )
