"""Alembic environment of the store; run through ``align.store.upgrade_schema``."""
