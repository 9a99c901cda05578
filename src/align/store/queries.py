"""Read-side queries for the review queue and pages: progress, links with their texts, one link.

Everything here only reads, in one transaction, and returns plain frozen values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session, aliased

from align.errors import ReviewError
from align.store.engine import Store, read_session
from align.store.models import DocumentRow, FlagRow, LinkRow, MemberRow, SegmentRow, UserRow, utcnow
from align.store.snapshots import FlagState, LinkState, read_links

LOW_CONFIDENCE = 0.5  # below this an unconfirmed link counts as doubtful


@dataclass(frozen=True)
class DocumentSummary:
    """A document pair with its review progress."""

    id: int
    name: str
    version: int
    src_lang: str
    tgt_lang: str
    title: str
    model_id: str
    links: int
    confirmed: int
    disputed: int
    low_confidence: int
    open_flags: int
    updated_at: datetime
    src_meta: dict[str, str] = field(default_factory=dict)
    tgt_meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SentenceView:
    """A sentence as a page shows it, with its turn and speaker."""

    id: str
    text: str
    editorial: bool
    turn_id: str
    speaker: str | None
    label: str


@dataclass(frozen=True)
class LinkView:
    """A link with its sentences' texts; ``index`` counts links from 1 in reading order."""

    index: int
    state: LinkState
    src: tuple[SentenceView, ...]
    tgt: tuple[SentenceView, ...]

    @property
    def flags(self) -> tuple[FlagState, ...]:
        """The link's flags, oldest first."""
        return self.state.flags


@dataclass(frozen=True)
class DocumentView:
    """One document pair and all its links in order."""

    summary: DocumentSummary
    links: tuple[LinkView, ...]


def list_documents(store: Store) -> list[DocumentSummary]:
    """Every document pair with its progress, by name."""
    with read_session(store) as session:
        return _summaries(session, None)


def get_document(store: Store, ref: int | str) -> DocumentSummary:
    """A document by id or by name; ReviewError naming the choices when there is none."""
    with read_session(store) as session:
        column = DocumentRow.id if isinstance(ref, int) or str(ref).isdigit() else DocumentRow.name
        value = int(ref) if column is DocumentRow.id else ref
        document_id = session.scalar(select(DocumentRow.id).where(column == value))
        if document_id is None:
            names = session.scalars(select(DocumentRow.name).order_by(DocumentRow.name)).all()
            known = ", ".join(names[:10]) or "none yet; `align run ZH EN` makes one"
            raise ReviewError(f"no document {ref!r}; the documents are: {known}.")
        return _summaries(session, document_id)[0]


def _summaries(session: Session, document_id: int | None) -> list[DocumentSummary]:
    link_counts = select(
        LinkRow.document_id,
        func.count().label("links"),
        func.sum(case((LinkRow.status == "confirmed", 1), else_=0)).label("confirmed"),
        func.sum(case((LinkRow.status == "disputed", 1), else_=0)).label("disputed"),
        func.sum(
            case(
                (and_(LinkRow.status != "confirmed", LinkRow.confidence < LOW_CONFIDENCE), 1),
                else_=0,
            )
        ).label("low"),
    ).group_by(LinkRow.document_id)
    flag_counts = (
        select(LinkRow.document_id, func.count().label("flags"))
        .join(FlagRow, FlagRow.link_id == LinkRow.id)
        .where(FlagRow.status == "open")
        .group_by(LinkRow.document_id)
    )
    if document_id is not None:
        link_counts = link_counts.where(LinkRow.document_id == document_id)
        flag_counts = flag_counts.where(LinkRow.document_id == document_id)
    counts = {row.document_id: row for row in session.execute(link_counts)}
    flags = dict(session.execute(flag_counts).all())
    query = select(DocumentRow).order_by(DocumentRow.name)
    if document_id is not None:
        query = query.where(DocumentRow.id == document_id)
    result = []
    for doc in session.scalars(query):
        row = counts.get(doc.id)
        numbers = (row.links, row.confirmed, row.disputed, row.low) if row else (0, 0, 0, 0)
        title = doc.tgt_meta.get("title") or doc.src_meta.get("title") or doc.name
        result.append(
            DocumentSummary(
                doc.id, doc.name, doc.version, doc.src_lang, doc.tgt_lang, title, doc.model_id,
                *(int(n or 0) for n in numbers), flags.get(doc.id, 0), doc.updated_at,
                dict(doc.src_meta), dict(doc.tgt_meta),
            )
        )  # fmt: skip
    return result


def document_view(store: Store, document_id: int) -> DocumentView:
    """All links of a document in order, with texts, turns and speakers (for the review page)."""
    with read_session(store) as session:
        summary = _summaries(session, document_id)
        if not summary:
            raise ReviewError(f"no document {document_id}; `align list` shows the documents.")
        states = read_links(session, document_id)
        sentences = _sentences(session, document_id, None)
    views = tuple(
        LinkView(
            n,
            state,
            tuple(sentences[sid] for sid in state.src),
            tuple(sentences[sid] for sid in state.tgt),
        )
        for n, state in enumerate(states, start=1)
    )
    return DocumentView(summary[0], views)


def find_link(store: Store, document_id: int, sentence_ids: Sequence[str]) -> LinkView:
    """The one link holding all of ``sentence_ids`` (a permalink's IDs); ReviewError otherwise."""
    if not sentence_ids:
        raise ReviewError("name at least one sentence ID to find a link.")
    with read_session(store) as session:
        holders = dict(
            session.execute(
                select(SegmentRow.sid, MemberRow.link_id)
                .join(MemberRow, MemberRow.segment_id == SegmentRow.id)
                .where(SegmentRow.document_id == document_id, SegmentRow.sid.in_(sentence_ids))
            ).all()
        )
        missing = [sid for sid in sentence_ids if sid not in holders]
        if missing:
            raise ReviewError(f"no sentence {', '.join(missing)} in document {document_id}.")
        if len(set(holders.values())) > 1:
            raise ReviewError(f"{', '.join(sentence_ids)} are not all in one link.")
        link_id = next(iter(holders.values()))
        state = read_links(session, document_id, [link_id])[0]
        position = session.scalar(select(LinkRow.position).where(LinkRow.id == link_id))
        index = session.scalar(
            select(func.count()).where(
                LinkRow.document_id == document_id, LinkRow.position <= position
            )
        )
        sentences = _sentences(session, document_id, state.sentences)
    src = tuple(sentences[sid] for sid in state.src)
    return LinkView(int(index or 0), state, src, tuple(sentences[sid] for sid in state.tgt))


def _sentences(
    session: Session, document_id: int, sids: Sequence[str] | None
) -> dict[str, SentenceView]:
    turn = aliased(SegmentRow)
    query = (
        select(SegmentRow, turn.sid, turn.speaker, turn.label)
        .join(turn, turn.id == SegmentRow.turn_id)
        .where(SegmentRow.document_id == document_id, SegmentRow.kind == "sentence")
    )
    if sids is not None:
        query = query.where(SegmentRow.sid.in_(sids))
    return {
        seg.sid: SentenceView(seg.sid, seg.text, seg.editorial, turn_sid, speaker, label)
        for seg, turn_sid, speaker, label in session.execute(query)
    }


def current_version(session: Session, document_id: int) -> int | None:
    """The document's version now, or None when there is no such document."""
    found = session.scalar(select(DocumentRow.version).where(DocumentRow.id == document_id))
    return None if found is None else int(found)


def claim_version(session: Session, document_id: int, expected: int) -> bool:
    """Compare-and-set the version from ``expected`` to the next; False if it moved on.

    The first write of an edit's transaction, so concurrent edits of one document queue here.
    """
    claimed = session.execute(
        update(DocumentRow)
        .where(DocumentRow.id == document_id, DocumentRow.version == expected)
        .values(version=DocumentRow.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1  # type: ignore[attr-defined]


def editor_role(session: Session, user: str) -> str | None:
    """The role of a registered user, None for a name with no account (CLI users)."""
    return session.scalar(select(UserRow.role).where(UserRow.name == user))
