"""The event log: recording changes, finding what undo and redo act on, and replaying it.

Each event replaces a run of links (``before``) by another (``after``); an import replaces all
of them. Undo and redo are events too (undo's before/after are its target's after/before), so
replaying every event in order rebuilds the links exactly. Undo and redo are per person: they
act on that person's own latest change, and never reach back past an import.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from align.store.models import EventRow
from align.store.snapshots import LinkState, states_from_json, states_to_json

IMPORTS = ("import", "reimport")
NOT_UNDOABLE = (*IMPORTS, "undo", "redo")


def record_event(
    session: Session,
    document_id: int,
    actor: str,
    operation: str,
    before: Sequence[LinkState],
    after: Sequence[LinkState],
    version: int,
    target_id: int | None = None,
) -> EventRow:
    """Append one event to the log (in the caller's transaction)."""
    row = EventRow(
        document_id=document_id,
        actor=actor,
        operation=operation,
        version=version,
        before=states_to_json(before),
        after=states_to_json(after),
        target_id=target_id,
        undone=False,
    )
    session.add(row)
    session.flush()
    return row


def last_import(session: Session, document_id: int) -> int:
    """Id of the latest import event: undo and redo never reach back past it."""
    query = select(func.max(EventRow.id)).where(
        EventRow.document_id == document_id, EventRow.operation.in_(IMPORTS)
    )
    return session.scalar(query) or 0


def undo_target(session: Session, document_id: int, actor: str) -> EventRow | None:
    """``actor``'s latest change that is not undone (since the last import), if any."""
    query = (
        select(EventRow)
        .where(
            EventRow.document_id == document_id,
            EventRow.actor == actor,
            EventRow.id > last_import(session, document_id),
            EventRow.operation.not_in(NOT_UNDOABLE),
            EventRow.undone.is_(False),
        )
        .order_by(EventRow.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def redo_target(session: Session, document_id: int, actor: str) -> EventRow | None:
    """The change ``actor`` undid last and has not redone; None after a new change of theirs.

    Walks ``actor``'s events newest first: each redo cancels one earlier undo; the first undo
    not cancelled names the target; a new change (not undo/redo) ends the walk — it cleared
    the redo stack, as in any editor.
    """
    query = (
        select(EventRow.operation, EventRow.target_id)
        .where(
            EventRow.document_id == document_id,
            EventRow.actor == actor,
            EventRow.id > last_import(session, document_id),
        )
        .order_by(EventRow.id.desc())
    )
    pending_redos = 0
    for operation, target_id in session.execute(query):
        if operation == "redo":
            pending_redos += 1
        elif operation != "undo":
            return None
        elif pending_redos:
            pending_redos -= 1
        else:
            return session.get(EventRow, target_id)
    return None


def later_change(
    session: Session, document_id: int, after_id: int, link_ids: set[int]
) -> EventRow | None:
    """The first event after ``after_id`` that touched one of ``link_ids`` (for messages)."""
    query = (
        select(EventRow)
        .where(EventRow.document_id == document_id, EventRow.id > after_id)
        .order_by(EventRow.id)
    )
    for event in session.scalars(query):
        touched = {item["id"] for item in [*event.before, *event.after]}
        if touched & link_ids:
            return event
    return None


def replay(session: Session, document_id: int) -> list[LinkState]:
    """The links rebuilt from the event log alone; ValueError if the log does not fit together."""
    state: list[LinkState] = []
    query = select(EventRow).where(EventRow.document_id == document_id).order_by(EventRow.id)
    for event in session.scalars(query):
        before, after = states_from_json(event.before), states_from_json(event.after)
        if event.operation in IMPORTS:
            state = after
            continue
        start = next((i for i, link in enumerate(state) if link.id == before[0].id), None)
        if start is None or state[start : start + len(before)] != before:
            raise ValueError(f"event {event.id} ({event.operation}) does not apply to the log")
        state[start : start + len(before)] = after
    return state
