"""Writing runs of links: every change replaces a run of consecutive links by another run.

An edit, its undo, its redo and the replay of the event log all go through ``replace_run``.
Positions are spaced by GAP so a new link usually slots in between its neighbours; when there
is no room left the document is renumbered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from align.store.models import FlagRow, LinkRow, MemberRow
from align.store.snapshots import LinkState, insert_flags, insert_links, segment_ids

GAP = 1024  # positions are spaced so a split can slot a link in without renumbering


def delete_links(session: Session, link_ids: Sequence[int]) -> None:
    """Delete links with their members and flags (explicitly: not every caller has cascades)."""
    session.execute(delete(FlagRow).where(FlagRow.link_id.in_(link_ids)))
    session.execute(delete(MemberRow).where(MemberRow.link_id.in_(link_ids)))
    session.execute(delete(LinkRow).where(LinkRow.id.in_(link_ids)))


def replace_run(
    session: Session, document_id: int, old: Sequence[LinkState], new: Sequence[LinkState]
) -> list[LinkState]:
    """Put ``new`` where the consecutive links ``old`` are; return ``new`` with their ids."""
    if [(o.id, o.src, o.tgt) for o in old] == [(n.id, n.src, n.tgt) for n in new]:
        return [_update_in_place(session, o, n) for o, n in zip(old, new, strict=True)]
    old_ids = [state.id for state in old if state.id is not None]
    spots = session.execute(select(LinkRow.position).where(LinkRow.id.in_(old_ids))).scalars()
    positions = sorted(spots)
    before, after = _neighbour_positions(session, document_id, positions[0], positions[-1])
    delete_links(session, old_ids)
    slots = _spread(before, after, len(new))
    if slots is None:
        slots = _renumber(session, document_id, before, len(new))
    sids = [sid for state in new for sid in state.sentences]
    return insert_links(session, document_id, new, slots, segment_ids(session, document_id, sids))


def _update_in_place(session: Session, old: LinkState, new: LinkState) -> LinkState:
    """Same link, same sentences: update its fields and flags instead of re-inserting it."""
    fields = ("score", "confidence", "status", "origin", "model_id")
    if any(getattr(old, name) != getattr(new, name) for name in fields):
        values = {name: getattr(new, name) for name in fields}
        session.execute(update(LinkRow).where(LinkRow.id == new.id).values(**values))
    if old.flags == new.flags:
        return new
    kept = {flag.id for flag in new.flags} & {flag.id for flag in old.flags}
    changed = [flag for flag in new.flags if flag.id in kept and flag not in old.flags]
    gone = [flag.id for flag in old.flags if flag.id not in kept]
    if gone or changed:
        session.execute(delete(FlagRow).where(FlagRow.id.in_(gone + [f.id for f in changed])))
    added = insert_flags(
        session, new.id, [f for f in new.flags if f.id not in kept or f in changed]
    )
    by_id = {flag.id: flag for flag in new.flags if flag.id in kept and flag not in changed}
    fresh = iter(added)
    flags = tuple(by_id[f.id] if f.id in by_id else next(fresh) for f in new.flags)
    return replace(new, flags=flags)


def _neighbour_positions(
    session: Session, document_id: int, first: int, last: int
) -> tuple[int | None, int | None]:
    in_document = LinkRow.document_id == document_id
    before = session.scalar(
        select(func.max(LinkRow.position)).where(in_document, LinkRow.position < first)
    )
    after = session.scalar(
        select(func.min(LinkRow.position)).where(in_document, LinkRow.position > last)
    )
    return before, after


def _spread(before: int | None, after: int | None, count: int) -> list[int] | None:
    """``count`` positions strictly between two neighbours, evenly spaced; None if no room."""
    low = 0 if before is None else before
    if after is None:
        return [low + GAP * (i + 1) for i in range(count)]
    step = (after - low) // (count + 1)
    return [low + step * (i + 1) for i in range(count)] if step >= 1 else None


def _renumber(session: Session, document_id: int, before: int | None, count: int) -> list[int]:
    """Re-space every link by GAP, leaving ``count`` slots after position ``before``."""
    in_document = LinkRow.document_id == document_id
    rows = session.execute(
        select(LinkRow.id, LinkRow.position).where(in_document).order_by(LinkRow.position)
    ).all()
    # Negate first so the unique (document, position) never sees two equal positions mid-way.
    session.execute(update(LinkRow).where(in_document).values(position=-LinkRow.position))
    head = [row.id for row in rows if before is not None and row.position <= before]
    tail = [row.id for row in rows if before is None or row.position > before]
    slots = [GAP * (len(head) + i + 1) for i in range(count)]
    moved = [(link_id, GAP * (i + 1)) for i, link_id in enumerate(head)] + [
        (link_id, GAP * (len(head) + count + i + 1)) for i, link_id in enumerate(tail)
    ]
    if moved:
        session.execute(
            update(LinkRow),
            [{"id": link_id, "position": position} for link_id, position in moved],
        )
    return slots
