"""The frame every review operation runs in: one transaction, a version check, an event.

An edit names its document, the version the client saw and its author once, in an
``EditContext``. It first claims the document with a compare-and-set on its version. That is
the transaction's first write, so on SQLite (BEGIN IMMEDIATE) and PostgreSQL (row lock)
concurrent edits of one document queue up at that point, and the loser of a race sees the new
version and gets a ConflictError with the current links, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from align.errors import ConflictError, ReviewError
from align.store import LinkState, Store
from align.store.engine import read_session, write_session
from align.store.history import record_event
from align.store.lookup import window
from align.store.queries import claim_version, current_version, editor_role


@dataclass(frozen=True)
class EditContext:
    """Who edits which document, at the version they saw: what every operation needs first."""

    store: Store
    document_id: int
    version: int
    user: str


@dataclass(frozen=True)
class Edit:
    """What an operation did: the document's new version, its event, and the links after it."""

    document_id: int
    version: int
    event_id: int
    operation: str
    links: tuple[LinkState, ...]


@dataclass(frozen=True)
class Change:
    """The run of links an operation replaced, what replaced it, and an undo/redo's target."""

    before: list[LinkState]
    after: list[LinkState]
    target_id: int | None = None


Focus = Callable[[Session], list[LinkState]]


def run_edit(
    ctx: EditContext, operation: str, focus: Focus, change: Callable[[Session], Change]
) -> Edit:
    """Run ``change`` as one transaction on the document at version ``ctx.version``."""
    check_version(ctx, focus)  # a stale edit is refused without waiting for the write lock
    with write_session(ctx.store) as session:
        check_editor(session, ctx.user)
        if not claim_version(session, ctx.document_id, ctx.version):
            raise conflict(session, ctx, focus)
        done = change(session)
        version = ctx.version + 1
        event = record_event(
            session, ctx.document_id, ctx.user, operation, done.before, done.after, version,
            done.target_id,
        )  # fmt: skip
    return Edit(ctx.document_id, version, event.id, operation, tuple(done.after))


def check_version(ctx: EditContext, focus: Focus) -> None:
    """Refuse an edit made at a version the document has moved past (or of no document)."""
    with read_session(ctx.store) as session:
        if current_version(session, ctx.document_id) != ctx.version:
            raise conflict(session, ctx, focus)


def check_editor(session: Session, user: str) -> None:
    """Every change names its author; a registered viewer may not edit."""
    if not user or not user.strip():
        raise ReviewError("say who is editing: every change is recorded with a user name.")
    if editor_role(session, user) == "viewer":
        raise ReviewError(f"{user} is a viewer and cannot edit; an admin can change the role.")


def conflict(session: Session, ctx: EditContext, focus: Focus) -> ReviewError:
    """The error for an edit made at ``ctx.version`` when the document has moved on."""
    current = current_version(session, ctx.document_id)
    if current is None:
        return ReviewError(f"no document {ctx.document_id}; `align list` shows the documents.")
    return ConflictError(
        f"document {ctx.document_id} changed since you loaded it (you had version "
        f"{ctx.version}, it is now at {current}); nothing was changed: reload and make the edit "
        "again.",
        current,
        focus(session),
    )


def around(document_id: int, *sentence_ids: str | None) -> Focus:
    """The current links of ``sentence_ids`` with their neighbours (for a ConflictError)."""

    def focus(session: Session) -> list[LinkState]:
        found: dict[int | None, LinkState] = {}
        for sid in sentence_ids:
            if sid:
                try:
                    found.update({link.id: link for link in window(session, document_id, sid)})
                except ReviewError:
                    continue
        return list(found.values())

    return focus


def nothing(_session: Session) -> list[LinkState]:
    """The focus of an edit that names no link (undo, redo)."""
    return []
