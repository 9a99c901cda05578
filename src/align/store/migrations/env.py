"""Alembic environment: uses the connection passed in by ``align.store.engine``, or config's URL."""

from __future__ import annotations

from alembic import context

from align.store.models import Base


def run_migrations(connection) -> None:
    """Run the pending migrations on ``connection`` inside its transaction."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite has little ALTER TABLE
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Alembic's entry point; ``alembic`` on the command line uses the configured URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    from align.store.engine import make_engine

    engine = make_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as fresh:
        run_migrations(fresh)
    engine.dispose()


main()
