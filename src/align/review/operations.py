"""Link operations: confirm/dispute, merge, split, shift, unlink, relink.

Each operation is one transaction (``run_edit``) that claims the document at the version the
client saw (a stale version raises ConflictError with the current state: never a silent
overwrite), reads the links it touches, computes their replacement as plain values, writes it,
bumps the version and appends an event with the links before and after. Clients name a link by
any of its sentence IDs; sentence IDs never change. Bad input raises ReviewError and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from align.alignment import LINK_STATUSES
from align.errors import ReviewError
from align.review.context import Change, Edit, EditContext, around, run_edit
from align.store import LinkState
from align.store.lookup import link_of, neighbour, side_of
from align.store.partition import Shape, rebuild
from align.store.runs import replace_run

MANUAL_CONFIDENCE = 1.0  # a link a person drew is not doubtful; it still awaits confirmation
_STEPS = {"next": 1, "down": 1, "previous": -1, "up": -1}


def _restructure(
    session: Session, document_id: int, old: list[LinkState], shapes: Sequence[Shape]
) -> Change:
    templates = [
        LinkState(None, src, tgt, 0.0, MANUAL_CONFIDENCE, "unreviewed", "manual")
        for src, tgt in shapes
        if src or tgt
    ]
    return Change(old, replace_run(session, document_id, old, rebuild(old, templates)))


def set_status(ctx: EditContext, sentence_id: str, status: str) -> Edit:
    """Mark the link holding ``sentence_id`` confirmed, unreviewed or disputed."""
    if status not in LINK_STATUSES:
        raise ReviewError(f"unknown status {status!r}; choose one of {', '.join(LINK_STATUSES)}.")

    def change(session: Session) -> Change:
        link = link_of(session, ctx.document_id, sentence_id)
        if link.status == status:
            raise ReviewError(f"link {link.label()} is already {status}; nothing to do.")
        new = replace(link, status=status)
        return Change([link], replace_run(session, ctx.document_id, [link], [new]))

    return run_edit(ctx, status, around(ctx.document_id, sentence_id), change)


def confirm(ctx: EditContext, sentence_id: str) -> Edit:
    """Confirm the link holding ``sentence_id``: a reviewer vouches for it."""
    return set_status(ctx, sentence_id, "confirmed")


def unconfirm(ctx: EditContext, sentence_id: str) -> Edit:
    """Send the link holding ``sentence_id`` back to unreviewed."""
    return set_status(ctx, sentence_id, "unreviewed")


def dispute(ctx: EditContext, sentence_id: str) -> Edit:
    """Mark the link holding ``sentence_id`` as disputed (needs a second opinion)."""
    return set_status(ctx, sentence_id, "disputed")


def _step(direction: str, allowed: tuple[str, str]) -> int:
    if direction not in allowed:
        raise ReviewError(f"unknown direction {direction!r}; choose {allowed[0]} or {allowed[1]}.")
    return _STEPS[direction]


def _join_neighbour(
    session: Session, document_id: int, link: LinkState, step: int, missing: str
) -> Change:
    """Replace ``link`` and its neighbour in direction ``step`` by one link holding both."""
    other = neighbour(session, document_id, link, step)
    if other is None:
        raise ReviewError(missing)
    first, second = (link, other) if step > 0 else (other, link)
    joined = (first.src + second.src, first.tgt + second.tgt)
    return _restructure(session, document_id, [first, second], [joined])


def merge(
    ctx: EditContext,
    sentence_id: str,
    direction: str = "next",
) -> Edit:
    """Merge the link holding ``sentence_id`` with the next or previous link."""
    step = _step(direction, ("next", "previous"))

    def change(session: Session) -> Change:
        link = link_of(session, ctx.document_id, sentence_id)
        edge = "last" if step > 0 else "first"
        missing = f"link {link.label()} is the {edge} link; nothing to merge it with."
        return _join_neighbour(session, ctx.document_id, link, step, missing)

    return run_edit(ctx, "merge", around(ctx.document_id, sentence_id), change)


def split(
    ctx: EditContext,
    sentence_id: str,
    src_at: int,
    tgt_at: int,
) -> Edit:
    """Split the link holding ``sentence_id``: its first ``src_at`` / ``tgt_at`` sentences
    (0-based counts per side) form the first link, the rest the second."""

    def change(session: Session) -> Change:
        link = link_of(session, ctx.document_id, sentence_id)
        if not (0 <= src_at <= len(link.src) and 0 <= tgt_at <= len(link.tgt)):
            raise ReviewError(
                f"cannot split {link.label()} after {src_at} source and {tgt_at} target "
                f"sentence(s): it has {len(link.src)} and {len(link.tgt)}."
            )
        first, second = (
            (link.src[:src_at], link.tgt[:tgt_at]),
            (link.src[src_at:], link.tgt[tgt_at:]),
        )
        if not any(first) or not any(second):
            raise ReviewError(
                f"splitting {link.label()} after {src_at} source and {tgt_at} target sentence(s) "
                "leaves a link with no sentence on either side; each part needs at least one."
            )
        return _restructure(session, ctx.document_id, [link], [first, second])

    return run_edit(ctx, "split", around(ctx.document_id, sentence_id), change)


def shift(
    ctx: EditContext,
    sentence_id: str,
    direction: str,
) -> Edit:
    """Move ``sentence_id`` into the link above ("up") or below ("down"); it must sit at that
    edge of its link, or its link would no longer be contiguous."""
    step = _step(direction, ("up", "down"))

    def change(session: Session) -> Change:
        link = link_of(session, ctx.document_id, sentence_id)
        side, ids = side_of(link, sentence_id)
        edge = ids[-1] if step > 0 else ids[0]
        if sentence_id != edge:
            raise ReviewError(
                f"{sentence_id} is not the {'last' if step > 0 else 'first'} sentence of its side "
                f"of {link.label()}; moving it {direction} would leave the link non-contiguous. "
                f"Split the link first, or shift {edge}."
            )
        other = neighbour(session, ctx.document_id, link, step)
        if other is None:
            raise ReviewError(
                f"link {link.label()} has no link {'below' if step > 0 else 'above'}."
            )
        moved, rest = _move(other, side, sentence_id, step), _without(link, side, sentence_id)
        old, shapes = ([link, other], [rest, moved]) if step > 0 else ([other, link], [moved, rest])
        return _restructure(session, ctx.document_id, old, shapes)

    return run_edit(ctx, "shift", around(ctx.document_id, sentence_id), change)


def _without(link: LinkState, side: int, sentence_id: str) -> Shape:
    kept = tuple(sid for sid in (link.src, link.tgt)[side] if sid != sentence_id)
    return (kept, link.tgt) if side == 0 else (link.src, kept)


def _move(link: LinkState, side: int, sentence_id: str, step: int) -> Shape:
    ids = (link.src, link.tgt)[side]
    ids = (sentence_id, *ids) if step > 0 else (*ids, sentence_id)
    return (ids, link.tgt) if side == 0 else (link.src, ids)


def unlink(ctx: EditContext, sentence_id: str) -> Edit:
    """Take ``sentence_id`` out of its link as a 1-0 / 0-1 link; it must sit at an edge."""

    def change(session: Session) -> Change:
        link = link_of(session, ctx.document_id, sentence_id)
        side, ids = side_of(link, sentence_id)
        if len(link.sentences) == 1:
            raise ReviewError(f"{sentence_id} is already unlinked ({link.shape} link).")
        if sentence_id not in (ids[0], ids[-1]):
            raise ReviewError(
                f"{sentence_id} is in the middle of {link.label()}; unlinking it would leave the "
                f"link non-contiguous. Split the link first, or unlink {ids[0]} or {ids[-1]}."
            )
        lone: Shape = ((sentence_id,), ()) if side == 0 else ((), (sentence_id,))
        rest = _without(link, side, sentence_id)
        shapes = [lone, rest] if sentence_id == ids[0] else [rest, lone]
        return _restructure(session, ctx.document_id, [link], shapes)

    return run_edit(ctx, "unlink", around(ctx.document_id, sentence_id), change)


def relink(
    ctx: EditContext,
    sentence_id: str,
    direction: str,
) -> Edit:
    """Attach the lone (1-0 / 0-1) sentence ``sentence_id`` to the link above or below."""
    step = _step(direction, ("up", "down"))

    def change(session: Session) -> Change:
        link = link_of(session, ctx.document_id, sentence_id)
        if len(link.sentences) != 1:
            raise ReviewError(
                f"{sentence_id} is already linked in {link.label()}; attaching it elsewhere too "
                "would put it in two links. Unlink it first, or merge the links."
            )
        missing = f"{sentence_id} has no link {'below' if step > 0 else 'above'}."
        return _join_neighbour(session, ctx.document_id, link, step, missing)

    return run_edit(ctx, "relink", around(ctx.document_id, sentence_id), change)
