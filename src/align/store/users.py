"""People who may sign in: a unique name, a salted password hash (werkzeug), and a role."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from align.errors import StoreError
from align.store.engine import Store, read_session, write_session
from align.store.models import ROLES, UserRow

MIN_PASSWORD = 8
_NAME = re.compile(r"^[\w.@-]{1,100}$")

__all__ = ["ROLES", "User", "add_user", "authenticate", "get_user", "set_password"]


@dataclass(frozen=True)
class User:
    """A user as the app sees one (never the hash)."""

    id: int
    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        """Admins and reviewers edit; viewers only read."""
        return self.role in ("admin", "reviewer")


def _check(name: str, password: str | None, role: str | None) -> None:
    if not _NAME.match(name):
        raise StoreError(
            f"bad user name {name!r}: use 1-100 letters, digits, '.', '_', '-' or '@'."
        )
    if password is not None and len(password) < MIN_PASSWORD:
        raise StoreError(f"the password is too short: use at least {MIN_PASSWORD} characters.")
    if role is not None and role not in ROLES:
        raise StoreError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}.")


def add_user(store: Store, name: str, password: str, role: str = "reviewer") -> User:
    """Create a user; refuses a taken name, a short password or an unknown role."""
    _check(name, password, role)
    with write_session(store) as session:
        if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
            raise StoreError(f"user {name!r} exists already; `align user passwd {name}` resets it.")
        row = UserRow(name=name, password_hash=generate_password_hash(password), role=role)
        session.add(row)
        session.flush()
        return User(row.id, row.name, row.role)


def set_password(store: Store, name: str, password: str) -> None:
    """Replace a user's password."""
    _check(name, password, None)
    with write_session(store) as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise StoreError(f"no user {name!r}; `align user add {name}` creates one.")
        row.password_hash = generate_password_hash(password)


def get_user(store: Store, name: str) -> User | None:
    """The user called ``name``, if there is one."""
    with read_session(store) as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        return None if row is None else User(row.id, row.name, row.role)


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs, else None (no hint which part was wrong).

    An unknown name is checked against a dummy hash, so both cases cost one hash check and the
    response time does not tell whether the user exists.
    """
    dummy = _dummy_hash()  # made on the first call, whichever case it is, so that one costs alike
    with read_session(store) as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        matches = check_password_hash(dummy if row is None else row.password_hash, password)
        if row is None or not matches:
            return None
        return User(row.id, row.name, row.role)


@cache
def _dummy_hash() -> str:
    """A hash of a random password, by werkzeug's default method like every stored hash."""
    return generate_password_hash(secrets.token_urlsafe(32))
