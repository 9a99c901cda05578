"""Finding the links an edit touches: by sentence ID, by flag, by neighbourhood, between anchors."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from align.errors import ReviewError
from align.store.models import DocumentRow, FlagRow, LinkRow, MemberRow, SegmentRow
from align.store.snapshots import LinkState, read_links


def link_of(session: Session, document_id: int, sentence_id: str) -> LinkState:
    """The link holding ``sentence_id``; ReviewError saying why when there is none."""
    row = session.execute(
        select(SegmentRow.kind, MemberRow.link_id)
        .outerjoin(MemberRow, MemberRow.segment_id == SegmentRow.id)
        .where(SegmentRow.document_id == document_id, SegmentRow.sid == sentence_id)
    ).first()
    if row is None:
        name = session.scalar(select(DocumentRow.name).where(DocumentRow.id == document_id))
        where = f"document {document_id}" + (f" ({name})" if name else "")
        raise ReviewError(
            f"no sentence {sentence_id!r} in {where}; `align show {document_id}` lists the IDs."
        )
    if row.kind != "sentence":
        raise ReviewError(
            f"{sentence_id} is a speaker turn; links join sentences ({sentence_id}-s1 …)."
        )
    return read_links(session, document_id, [row.link_id])[0]


def side_of(link: LinkState, sentence_id: str) -> tuple[int, tuple[str, ...]]:
    """Which side of ``link`` holds ``sentence_id`` (0 source, 1 target), and that side's IDs."""
    return (0, link.src) if sentence_id in link.src else (1, link.tgt)


def neighbour(session: Session, document_id: int, link: LinkState, step: int) -> LinkState | None:
    """The link just after (``step`` 1) or just before (-1) ``link``, if any."""
    ids = _neighbour_ids(session, document_id, link, step, 1)
    return read_links(session, document_id, ids)[0] if ids else None


def _neighbour_ids(
    session: Session, document_id: int, link: LinkState, step: int, count: int
) -> list[int]:
    position = session.scalar(select(LinkRow.position).where(LinkRow.id == link.id))
    beyond = LinkRow.position > position if step > 0 else LinkRow.position < position
    order = LinkRow.position if step > 0 else LinkRow.position.desc()
    query = select(LinkRow.id).where(LinkRow.document_id == document_id, beyond)
    return list(session.scalars(query.order_by(order).limit(count)))


def window(session: Session, document_id: int, sentence_id: str) -> list[LinkState]:
    """The link of ``sentence_id`` and its two neighbours, in order (what a page redraws)."""
    link = link_of(session, document_id, sentence_id)
    ids = [
        *_neighbour_ids(session, document_id, link, -1, 1),
        link.id,
        *_neighbour_ids(session, document_id, link, 1, 1),
    ]
    return read_links(session, document_id, [i for i in ids if i is not None])


def stretch_between(
    session: Session, document_id: int, after_id: str | None, before_id: str | None
) -> tuple[list[LinkState], dict[str, tuple[str, bool]]]:
    """The links strictly between two confirmed anchor links, and their sentences' texts.

    ``after_id`` / ``before_id`` name a sentence of each anchor; None stands for the start or
    the end of the document. Refuses unconfirmed anchors and confirmed links in between.
    """
    anchors = [link_of(session, document_id, sid) if sid else None for sid in (after_id, before_id)]
    for anchor in anchors:
        if anchor is not None and anchor.status != "confirmed":
            raise ReviewError(
                f"re-align works between confirmed links, and {anchor.label()} is "
                f"{anchor.status}; confirm it first or choose another anchor."
            )
    positions = [
        session.scalar(select(LinkRow.position).where(LinkRow.id == a.id)) if a else None
        for a in anchors
    ]
    query = select(LinkRow.id).where(LinkRow.document_id == document_id)
    if positions[0] is not None:
        query = query.where(LinkRow.position > positions[0])
    if positions[1] is not None:
        query = query.where(LinkRow.position < positions[1])
    stretch = read_links(session, document_id, list(session.scalars(query)))
    _check_stretch(stretch, after_id, before_id, positions)
    return stretch, _texts(session, document_id, [s for link in stretch for s in link.sentences])


def _check_stretch(
    stretch: list[LinkState], after_id: str | None, before_id: str | None, positions: list[Any]
) -> None:
    if None not in positions and positions[0] >= positions[1]:
        raise ReviewError(f"the link of {after_id} does not come before the link of {before_id}.")
    if not stretch:
        raise ReviewError("there are no links between the two anchors; nothing to re-align.")
    confirmed = [link for link in stretch if link.status == "confirmed"]
    if confirmed:
        raise ReviewError(
            f"{confirmed[0].label()} between the anchors is confirmed and would be discarded; "
            "re-align up to it instead (use it as an anchor)."
        )


def _texts(session: Session, document_id: int, sids: list[str]) -> dict[str, tuple[str, bool]]:
    rows = session.execute(
        select(SegmentRow.sid, SegmentRow.text, SegmentRow.editorial).where(
            SegmentRow.document_id == document_id, SegmentRow.sid.in_(sids)
        )
    )
    return {sid: (text, editorial) for sid, text, editorial in rows}


def link_of_flag(session: Session, document_id: int, flag_id: int) -> LinkState:
    """The link carrying flag ``flag_id``; ReviewError when the document has no such flag."""
    link_id = session.scalar(
        select(FlagRow.link_id)
        .join(LinkRow, LinkRow.id == FlagRow.link_id)
        .where(FlagRow.id == flag_id, LinkRow.document_id == document_id)
    )
    if link_id is None:
        raise ReviewError(f"no flag {flag_id} in document {document_id}.")
    return read_links(session, document_id, [link_id])[0]


def consecutive(session: Session, document_id: int, link_ids: list[int]) -> bool:
    """True when the links ``link_ids`` all exist and no other link sits between them."""
    positions = session.scalars(select(LinkRow.position).where(LinkRow.id.in_(link_ids))).all()
    if len(positions) != len(link_ids):
        return False
    between = session.scalar(
        select(func.count()).where(
            LinkRow.document_id == document_id,
            LinkRow.position.between(min(positions), max(positions)),
        )
    )
    return between == len(link_ids)
