"""Search: a full-text index of every sentence of both sides, and a per-link word alignment cache.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

The index is kept in step by the database itself (SQLite triggers on ``segments``; PostgreSQL
indexes on ``segments``), so no importer or edit needs to know it exists.

- SQLite: two external-content FTS5 tables over ``segments.text`` (sentences only):
  ``search_trigram`` (trigram tokenizer, case-folded: finds any substring of 3+ characters,
  which is how Chinese, written without spaces, is searched) and ``search_words`` (unicode61,
  case- and accent-folded: English words, phrases and prefixes).
- PostgreSQL: pg_trgm GIN on ``text`` (substrings, ILIKE) and on ``align_han_codes(text)``,
  a spelling of each non-ASCII character as an ASCII word (``越`` -> ``h8d8a``). pg_trgm drops
  non-alphanumeric characters, and under a C locale that is every Chinese character; the codes
  make Chinese indexable, even for 1- and 2-character terms. Plus a GIN on
  ``to_tsvector('simple', text)`` for English words, phrases and prefixes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FTS_TABLES = {"search_trigram": "trigram", "search_words": "unicode61 remove_diacritics 2"}
HAN_CODES = """
CREATE OR REPLACE FUNCTION align_han_codes(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg('h' || to_hex(ascii(c)), ' ' ORDER BY n), '')
  FROM regexp_split_to_table(t, '') WITH ORDINALITY AS chars(c, n)
  WHERE ascii(c) > 127
$$
"""


def upgrade() -> None:
    """The index for this database's dialect, filled from the sentences already stored."""
    _create_word_alignments()
    if op.get_bind().dialect.name == "sqlite":
        for table, tokenizer in FTS_TABLES.items():
            _create_fts(table, tokenizer)
    else:
        _create_pg_indexes()


def _create_word_alignments() -> None:
    """Word links per link, valid while ``key`` (texts, model, settings) still matches."""
    op.create_table(
        "word_alignments",
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("src_tokens", sa.JSON(), nullable=False),
        sa.Column("tgt_tokens", sa.JSON(), nullable=False),
        sa.Column("pairs", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"], ["links.id"], name="fk_word_alignments_link_id_links", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("link_id", name="pk_word_alignments"),
    )


def _create_fts(table: str, tokenizer: str) -> None:
    """An FTS5 table over sentence texts and the three triggers that keep it in step."""
    add = f"INSERT INTO {table}(rowid, text) SELECT {{row}}.id, {{row}}.text"
    drop = f"INSERT INTO {table}({table}, rowid, text) SELECT 'delete', old.id, old.text"
    op.execute(
        f"CREATE VIRTUAL TABLE {table} USING fts5(text, content='segments', "
        f"content_rowid='id', tokenize='{tokenizer}')"
    )
    op.execute(add.format(row="segments") + " FROM segments WHERE kind = 'sentence'")
    op.execute(
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON segments BEGIN "
        f"{add.format(row='new')} WHERE new.kind = 'sentence'; END"
    )
    op.execute(
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON segments BEGIN "
        f"{drop} WHERE old.kind = 'sentence'; END"
    )
    op.execute(
        f"CREATE TRIGGER {table}_update AFTER UPDATE OF text, kind ON segments BEGIN "
        f"{drop} WHERE old.kind = 'sentence'; "
        f"{add.format(row='new')} WHERE new.kind = 'sentence'; END"
    )


def _trgm_schema() -> str:
    """The schema holding pg_trgm, installing it first when missing (in ``public``)."""
    bind = op.get_bind()
    found = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    schema = bind.exec_driver_sql(found).scalar()
    if schema is None:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        schema = bind.exec_driver_sql(found).scalar()
    return str(schema)


def _create_pg_indexes() -> None:
    """pg_trgm GIN on the text and on its Han codes; a tsvector GIN for English words."""
    ops = f"{_trgm_schema()}.gin_trgm_ops"
    op.execute(HAN_CODES)
    op.execute(f"CREATE INDEX ix_segments_text_trgm ON segments USING gin (text {ops})")
    op.execute(
        f"CREATE INDEX ix_segments_han_trgm ON segments USING gin (align_han_codes(text) {ops})"
    )
    op.execute(
        "CREATE INDEX ix_segments_text_words ON segments "
        "USING gin (to_tsvector('simple'::regconfig, text))"
    )


def downgrade() -> None:
    """Drop the index and the cache; no stored sentence or link changes."""
    if op.get_bind().dialect.name == "sqlite":
        for table in FTS_TABLES:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}")
            op.execute(f"DROP TABLE IF EXISTS {table}")
    else:
        for index in ("ix_segments_text_trgm", "ix_segments_han_trgm", "ix_segments_text_words"):
            op.execute(f"DROP INDEX IF EXISTS {index}")
        op.execute("DROP FUNCTION IF EXISTS align_han_codes(text)")
    op.drop_table("word_alignments")
