"""The store: document pairs, sentences, links, flags, users and the event log in a database.

SQLite by default (a file under the data directory), PostgreSQL by URL; the same code for both.
The schema is created and upgraded only by the Alembic migrations in ``migrations/``.
"""

from align.errors import ConflictError, ReviewError, StoreError
from align.store.backup import BackupReport, backup
from align.store.engine import (
    Store,
    current_revision,
    head_revision,
    make_engine,
    make_session_factory,
    normalise_url,
    upgrade_schema,
)
from align.store.history import replay
from align.store.importer import Saved, load_alignment, save_alignment
from align.store.snapshots import FlagState, LinkState, read_links
from align.store.users import ROLES, User, add_user, authenticate, get_user, set_password

__all__ = [
    "ROLES",
    "BackupReport",
    "ConflictError",
    "FlagState",
    "LinkState",
    "ReviewError",
    "Saved",
    "Store",
    "StoreError",
    "User",
    "add_user",
    "authenticate",
    "backup",
    "current_revision",
    "get_user",
    "head_revision",
    "load_alignment",
    "make_engine",
    "make_session_factory",
    "normalise_url",
    "read_links",
    "replay",
    "save_alignment",
    "set_password",
    "upgrade_schema",
]
