"""Concordance search: sentences of either side holding a term, with their links and counterparts.

One function, ``search_sentences``, for the CLI and the web page. Hits come in (document,
position) order, a page at a time; each carries its link (status, confidence, flagged) and the
other side's sentences of that link, so a page can show both texts side by side.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, aliased

from align.search.match import match_clause, normalise_term
from align.store.models import DocumentRow, FlagRow, LinkRow, MemberRow, SegmentRow

DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%Y-%m", "%Y")
CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class SearchFilters:
    """Optional limits; ``None`` or empty means no limit on that field."""

    document_ids: tuple[int, ...] = ()
    speaker: str | None = None  # a turn's speaker key or full name, either side
    status: str | None = None  # link status: unreviewed, confirmed, disputed
    flagged: bool | None = None  # True: links with an open flag; False: links without
    date_from: date | None = None  # the document's date (its meta ``date``), inclusive
    date_to: date | None = None


@dataclass(frozen=True)
class Counterpart:
    """A sentence of the other side in the hit's link."""

    sid: str
    text: str


@dataclass(frozen=True)
class SentenceHit:
    """A sentence holding the term, where it is, and its link (None when unlinked)."""

    document_id: int
    document: str
    side: str
    lang: str
    sid: str
    position: int
    text: str
    speaker: str | None
    link_id: int | None
    status: str | None
    confidence: float | None
    flagged: bool
    counterparts: tuple[Counterpart, ...] = field(default=())


@dataclass(frozen=True)
class Page:
    """One page of hits; ``total`` only when asked for (counting costs a full match)."""

    hits: tuple[SentenceHit, ...]
    page: int
    per_page: int
    has_more: bool
    total: int | None = None


def search_sentences(
    session: Session,
    term: str,
    lang: str | None = None,
    mode: str = "substring",
    filters: SearchFilters = SearchFilters(),
    page: int = 1,
    per_page: int = 20,
    count: bool = False,
) -> Page:
    """Page ``page`` (from 1) of the sentences containing ``term``, in (document, position) order.

    ``lang`` limits hits to one language (a side's language code, e.g. ``zh``); ``mode`` is
    ``substring``, ``word`` or ``prefix`` (see ``align.search.match``).
    """
    if page < 1 or per_page < 1:
        raise ValueError(f"page {page} of {per_page}: both must be at least 1")
    dialect = session.get_bind().dialect.name
    where = [SegmentRow.kind == "sentence", match_clause(dialect, normalise_term(term), mode)]
    where += _filter_clauses(session, lang, filters)
    query = (
        select(SegmentRow.id)
        .where(*where)
        .order_by(SegmentRow.document_id, SegmentRow.position, SegmentRow.side)
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    )
    ids = list(session.scalars(query))
    total = None
    if count:
        total = len(session.scalars(select(SegmentRow.id).where(*where)).all())
    hits = _hits(session, ids[:per_page])
    return Page(tuple(hits), page, per_page, len(ids) > per_page, total)


def _filter_clauses(session: Session, lang: str | None, filters: SearchFilters) -> list:
    """SQL conditions for the language and the filters."""
    clauses = []
    documents = _document_ids(session, filters)
    if documents is not None:
        clauses.append(SegmentRow.document_id.in_(documents))
    if lang:
        clauses.append(or_(*(_side_in(side, lang) for side in ("src", "tgt"))))
    if filters.speaker:
        turn = aliased(SegmentRow)
        clauses.append(
            SegmentRow.turn_id.in_(select(turn.id).where(turn.speaker.in_(
                _speaker_keys(session, filters.speaker))))
        )  # fmt: skip
    link_conditions = _link_clauses(filters)
    if link_conditions:
        links = select(MemberRow.segment_id).join(LinkRow, LinkRow.id == MemberRow.link_id)
        clauses.append(SegmentRow.id.in_(links.where(*link_conditions)))
    return clauses


def _side_in(side: str, lang: str):
    """Sentences of ``side`` in documents whose ``side`` is in language ``lang``."""
    column = DocumentRow.src_lang if side == "src" else DocumentRow.tgt_lang
    documents = select(DocumentRow.id).where(column == lang)
    return (SegmentRow.side == side) & SegmentRow.document_id.in_(documents)


def _link_clauses(filters: SearchFilters) -> list:
    """Conditions on the hit's link: status and whether it has an open flag."""
    clauses = []
    if filters.status:
        clauses.append(LinkRow.status == filters.status)
    if filters.flagged is not None:
        open_flag = exists().where(FlagRow.link_id == LinkRow.id, FlagRow.status == "open")
        clauses.append(open_flag if filters.flagged else ~open_flag)
    return clauses


def _document_ids(session: Session, filters: SearchFilters) -> list[int] | None:
    """Documents allowed by the id and date filters, or None when neither is set.

    Dates live in each side's meta in the source's own spelling (``1962-06-26``, ``June 26,
    1962``), so they are parsed here rather than compared in SQL.
    """
    if not filters.document_ids and filters.date_from is None and filters.date_to is None:
        return None
    query = select(DocumentRow.id, DocumentRow.src_meta, DocumentRow.tgt_meta)
    if filters.document_ids:
        query = query.where(DocumentRow.id.in_(filters.document_ids))
    allowed = []
    for document_id, src_meta, tgt_meta in session.execute(query):
        when = document_date(src_meta) or document_date(tgt_meta)
        if filters.date_from and (when is None or when < filters.date_from):
            continue
        if filters.date_to and (when is None or when > filters.date_to):
            continue
        allowed.append(document_id)
    return allowed


def document_date(meta: dict) -> date | None:
    """The date in a side's meta (``date`` key), in any spelling the ingesters keep."""
    value = str(meta.get("date") or "").strip()
    if not value:
        return None
    found = CHINESE_DATE.search(value)
    if found:
        return date(*map(int, found.groups()))
    for spelling in DATE_FORMATS:
        try:
            return datetime.strptime(value, spelling).date()
        except ValueError:
            continue
    return None


def _speaker_keys(session: Session, speaker: str) -> list[str]:
    """The turn speaker keys a name stands for: itself, and every key whose full name it is."""
    keys = {speaker}
    for src, tgt in session.execute(select(DocumentRow.src_speakers, DocumentRow.tgt_speakers)):
        keys.update(key for key, name in {**src, **tgt}.items() if name == speaker)
    return sorted(keys)


def _hits(session: Session, ids: Sequence[int]) -> list[SentenceHit]:
    """The hits for segment ``ids``, in that order, with links and counterparts."""
    if not ids:
        return []
    turn = aliased(SegmentRow)
    open_flag = exists().where(FlagRow.link_id == LinkRow.id, FlagRow.status == "open")
    rows = session.execute(
        select(SegmentRow, DocumentRow.name, DocumentRow.src_lang, DocumentRow.tgt_lang,
               turn.speaker, LinkRow.id, LinkRow.status, LinkRow.confidence, open_flag)
        .join(DocumentRow, DocumentRow.id == SegmentRow.document_id)
        .outerjoin(turn, turn.id == SegmentRow.turn_id)
        .outerjoin(MemberRow, MemberRow.segment_id == SegmentRow.id)
        .outerjoin(LinkRow, LinkRow.id == MemberRow.link_id)
        .where(SegmentRow.id.in_(ids))
    ).all()  # fmt: skip
    counterparts = _counterparts(session, [row[5] for row in rows if row[5] is not None])
    by_id = {}
    for seg, name, src_lang, tgt_lang, speaker, link_id, status, confidence, flagged in rows:
        other = "tgt" if seg.side == "src" else "src"
        by_id[seg.id] = SentenceHit(
            seg.document_id, name, seg.side, src_lang if seg.side == "src" else tgt_lang,
            seg.sid, seg.position, seg.text, speaker, link_id, status, confidence,
            bool(flagged) if link_id is not None else False,
            tuple(counterparts.get((link_id, other), ())),
        )  # fmt: skip
    return [by_id[i] for i in ids]


def _counterparts(session: Session, link_ids: Sequence[int]) -> dict[tuple[int, str], list]:
    """(link id, side) -> that side's sentences of the link, in position order."""
    found: dict[tuple[int, str], list[Counterpart]] = defaultdict(list)
    if not link_ids:
        return found
    rows = session.execute(
        select(MemberRow.link_id, SegmentRow.side, SegmentRow.sid, SegmentRow.text)
        .join(SegmentRow, SegmentRow.id == MemberRow.segment_id)
        .where(MemberRow.link_id.in_(set(link_ids)))
        .order_by(SegmentRow.position)
    )
    for link_id, side, sid, text in rows:
        found[(link_id, side)].append(Counterpart(sid, text))
    return found
