"""The frame every review operation runs in: one transaction, a version check, an event.

An edit first claims the document with a compare-and-set on its version. That is the
transaction's first write, so on SQLite (BEGIN IMMEDIATE) and PostgreSQL (row lock) concurrent
edits of one document queue up at that point, and the loser of a race sees the new version
and gets a ConflictError with the current links, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from align.store.engine import Store, read_session, write_session
from align.store.errors import ConflictError, ReviewError
from align.store.history import later_change, record_event, redo_target, undo_target
from align.store.lookup import window
from align.store.models import DocumentRow, EventRow, LinkRow, UserRow, utcnow
from align.store.runs import replace_run
from align.store.snapshots import LinkState, read_links


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
    store: Store,
    document_id: int,
    expected: int,
    user: str,
    operation: str,
    focus: Focus,
    change: Callable[[Session], Change],
) -> Edit:
    """Run ``change`` as one transaction on the document at version ``expected``."""
    with read_session(store) as session:  # a stale edit is refused without waiting for a lock
        current = session.scalar(select(DocumentRow.version).where(DocumentRow.id == document_id))
        if current != expected:
            raise conflict(session, document_id, expected, current, focus)
    with write_session(store) as session:
        check_editor(session, user)
        version = claim(session, document_id, expected, focus)
        done = change(session)
        event = record_event(
            session, document_id, user, operation, done.before, done.after, version, done.target_id
        )
    return Edit(document_id, version, event.id, operation, tuple(done.after))


def check_editor(session: Session, user: str) -> None:
    """Every change names its author; a registered viewer may not edit."""
    if not user or not user.strip():
        raise ReviewError("say who is editing: every change is recorded with a user name.")
    role = session.scalar(select(UserRow.role).where(UserRow.name == user))
    if role == "viewer":
        raise ReviewError(f"{user} is a viewer and cannot edit; an admin can change the role.")


def claim(session: Session, document_id: int, expected: int, focus: Focus) -> int:
    """Compare-and-set the version from ``expected`` to the next; raise if it moved on."""
    claimed = session.execute(
        update(DocumentRow)
        .where(DocumentRow.id == document_id, DocumentRow.version == expected)
        .values(version=DocumentRow.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount == 1:  # type: ignore[attr-defined]
        return expected + 1
    current = session.scalar(select(DocumentRow.version).where(DocumentRow.id == document_id))
    raise conflict(session, document_id, expected, current, focus)


def conflict(
    session: Session, document_id: int, expected: int, current: int | None, focus: Focus
) -> ReviewError:
    """The error for an edit made at ``expected`` when the document is at ``current``."""
    if current is None:
        return ReviewError(f"no document {document_id}; `align list` shows the documents.")
    return ConflictError(
        f"document {document_id} changed since you loaded it (you had version {expected}, "
        f"it is now at {current}); nothing was changed: reload and make the edit again.",
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


def unchanged_since(
    session: Session, document_id: int, target: EventRow, expected: list[dict[str, Any]], verb: str
) -> list[LinkState]:
    """The links ``target`` left (or found), provided nobody has changed them since."""
    wanted = _states(expected)
    ids = [link.id for link in wanted if link.id is not None]
    current = read_links(session, document_id, ids)
    if current == wanted and _consecutive(session, document_id, ids):
        return current
    blocker = later_change(session, document_id, target.id, set(ids))
    who = f" by {blocker.actor} ({blocker.operation}, event {blocker.id})" if blocker else ""
    raise ReviewError(
        f"cannot {verb} {target.operation} (event {target.id}): its links were changed since"
        f"{who}; {verb} that change first, or edit the links by hand."
    )


def _consecutive(session: Session, document_id: int, ids: list[int]) -> bool:
    """True when no other link sits between the links ``ids``."""
    positions = session.scalars(select(LinkRow.position).where(LinkRow.id.in_(ids))).all()
    if len(positions) != len(ids):
        return False
    between = session.scalar(
        select(func.count()).where(
            LinkRow.document_id == document_id,
            LinkRow.position.between(min(positions), max(positions)),
        )
    )
    return between == len(ids)


def undo(store: Store, document_id: int, expected_version: int, user: str) -> Edit:
    """Undo ``user``'s latest change that is not undone yet (refused if others built on it)."""
    return _replay(store, document_id, expected_version, user, undo=True)


def redo(store: Store, document_id: int, expected_version: int, user: str) -> Edit:
    """Redo the change ``user`` undid last (refused if others changed those links since)."""
    return _replay(store, document_id, expected_version, user, undo=False)


def _replay(
    store: Store, document_id: int, expected_version: int, user: str, *, undo: bool
) -> Edit:
    """Put back the links an event replaced (undo), or replace them again (redo), from the log."""
    operation = "undo" if undo else "redo"
    find_target = undo_target if undo else redo_target

    def change(session: Session) -> Change:
        target = find_target(session, document_id, user)
        if target is None:
            raise ReviewError(f"nothing to {operation} for {user} in document {document_id}.")
        now, wanted = (target.after, target.before) if undo else (target.before, target.after)
        current = unchanged_since(session, document_id, target, now, operation)
        restored = replace_run(session, document_id, current, _states(wanted))
        target.undone = undo
        return Change(current, restored, target.id)

    return run_edit(store, document_id, expected_version, user, operation, lambda s: [], change)


def _states(data: list[dict[str, Any]]) -> list[LinkState]:
    return [LinkState.from_json(item) for item in data]
