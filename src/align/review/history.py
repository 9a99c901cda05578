"""Undo and redo: per person, from the event log, refused when others built on the change."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from align.errors import ReviewError
from align.review.context import Change, Edit, EditContext, nothing, run_edit
from align.store import LinkState
from align.store.history import later_change, redo_target, undo_target
from align.store.lookup import consecutive
from align.store.models import EventRow
from align.store.runs import replace_run
from align.store.snapshots import read_links, states_from_json


def undo(ctx: EditContext) -> Edit:
    """Undo ``ctx.user``'s latest change that is not undone yet (refused if others built on it)."""
    return _replay(ctx, undo=True)


def redo(ctx: EditContext) -> Edit:
    """Redo the change ``ctx.user`` undid last (refused if others changed those links since)."""
    return _replay(ctx, undo=False)


def _replay(ctx: EditContext, *, undo: bool) -> Edit:
    """Put back the links an event replaced (undo), or replace them again (redo), from the log."""
    operation = "undo" if undo else "redo"
    find_target = undo_target if undo else redo_target

    def change(session: Session) -> Change:
        target = find_target(session, ctx.document_id, ctx.user)
        if target is None:
            raise ReviewError(
                f"nothing to {operation} for {ctx.user} in document {ctx.document_id}."
            )
        now, wanted = (target.after, target.before) if undo else (target.before, target.after)
        current = _unchanged_since(session, ctx.document_id, target, now, operation)
        restored = replace_run(session, ctx.document_id, current, states_from_json(wanted))
        target.undone = undo
        return Change(current, restored, target.id)

    return run_edit(ctx, operation, nothing, change)


def _unchanged_since(
    session: Session, document_id: int, target: EventRow, expected: list[dict[str, Any]], verb: str
) -> list[LinkState]:
    """The links ``target`` left (or found), provided nobody has changed them since."""
    wanted = states_from_json(expected)
    ids = [link.id for link in wanted if link.id is not None]
    current = read_links(session, document_id, ids)
    if current == wanted and consecutive(session, document_id, ids):
        return current
    blocker = later_change(session, document_id, target.id, set(ids))
    who = f" by {blocker.actor} ({blocker.operation}, event {blocker.id})" if blocker else ""
    raise ReviewError(
        f"cannot {verb} {target.operation} (event {target.id}): its links were changed since"
        f"{who}; {verb} that change first, or edit the links by hand."
    )
