"""Saving an Alignment into the store (all or nothing) and loading it back unchanged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from align.alignment import (
    FLAG_STATUSES,
    LINK_ORIGINS,
    LINK_STATUSES,
    MQM_CATEGORIES,
    SEVERITIES,
    Alignment,
    Flag,
    SentenceLink,
    SpeakerPair,
)
from align.document import Document, Sentence, Speaker, Turn
from align.errors import StoreError
from align.store.engine import Store, read_session, write_session
from align.store.history import record_event
from align.store.models import DocumentRow, SegmentRow, utcnow
from align.store.partition import partition_problems, plan_reimport
from align.store.runs import GAP, delete_links
from align.store.snapshots import (
    FlagState,
    LinkState,
    insert_links,
    iso,
    read_links,
)

CHUNK = 64  # links written between two progress reports
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Saved:
    """What ``save_alignment`` did: the document, its version, and how many links it kept."""

    document_id: int
    version: int
    created: bool
    links: int
    kept: int


def save_alignment(
    store: Store,
    alignment: Alignment,
    name: str | None = None,
    *,
    actor: str = "import",
    progress: Progress | None = None,
) -> Saved:
    """Store ``alignment`` under ``name`` in one transaction; an existing name is re-imported.

    Re-importing keeps every confirmed link whose sentences are unchanged (see plan_reimport).
    ``progress(done, total)`` is called as links are written; if anything raises, nothing is
    left in the database.
    """
    name = name or Path(alignment.src.source).stem
    _check_alignment(alignment)
    with write_session(store) as session:
        row = session.scalar(select(DocumentRow).where(DocumentRow.name == name).with_for_update())
        if row is None:
            return _create(session, alignment, name, actor, progress)
        return _reimport(session, row, alignment, actor, progress)


def _check_alignment(alignment: Alignment) -> None:
    """Refuse an alignment that breaks the invariant or uses unknown statuses."""
    src_ids = [s.id for s in alignment.src.sentences()]
    tgt_ids = [s.id for s in alignment.tgt.sentences()]
    shared = set(src_ids) & set(tgt_ids)
    problems = [f"both documents use the sentence ID {sid}." for sid in sorted(shared)[:3]]
    problems += partition_problems(
        [(ln.src_ids, ln.tgt_ids) for ln in alignment.links], src_ids, tgt_ids
    )
    for number, link in enumerate(alignment.links, start=1):
        problems += _value_problems(number, link)
    if problems:
        shown = " ".join(problems[:5]) + (
            f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        )
        raise StoreError(f"cannot save {alignment.src.source}: {shown}")


def _value_problems(number: int, link: SentenceLink) -> list[str]:
    checks = [("status", link.status, LINK_STATUSES), ("origin", link.origin, LINK_ORIGINS)]
    for flag in link.flags:
        checks += [
            ("flag category", flag.category, MQM_CATEGORIES),
            ("flag severity", flag.severity, SEVERITIES),
            ("flag status", flag.status, FLAG_STATUSES),
        ]
    return [
        f"link {number}: unknown {what} {value!r} (one of {', '.join(allowed)})."
        for what, value, allowed in checks
        if value not in allowed
    ]


def _document_values(alignment: Alignment) -> dict[str, Any]:
    values: dict[str, Any] = {
        "model_id": alignment.model_id,
        "speaker_pairs": [[p.src, p.tgt, p.score, p.sure] for p in alignment.speakers],
        "turn_links": [[list(src), list(tgt)] for src, tgt in alignment.turns],
        "warnings": list(alignment.warnings),
        "updated_at": utcnow(),
    }
    for side, doc in (("src", alignment.src), ("tgt", alignment.tgt)):
        values[f"{side}_lang"], values[f"{side}_source"] = doc.lang, doc.source
        values[f"{side}_encoding"], values[f"{side}_meta"] = doc.encoding, dict(doc.meta)
        values[f"{side}_speakers"] = {key: sp.full_name for key, sp in doc.speakers.items()}
        values[f"{side}_warnings"] = list(doc.warnings)
    return values


def _create(
    session: Session, alignment: Alignment, name: str, actor: str, progress: Progress | None
) -> Saved:
    row = DocumentRow(name=name, version=1, **_document_values(alignment))
    session.add(row)
    session.flush()
    seg_ids = _insert_segments(session, row.id, alignment)
    states = _write_links(session, row.id, _states(alignment), seg_ids, progress)
    record_event(session, row.id, actor, "import", [], states, version=1)
    return Saved(row.id, 1, True, len(states), 0)


def _reimport(
    session: Session, row: DocumentRow, alignment: Alignment, actor: str, progress: Progress | None
) -> Saved:
    old = read_links(session, row.id)
    old_texts = dict(
        session.execute(
            select(SegmentRow.sid, SegmentRow.text).where(SegmentRow.document_id == row.id)
        ).all()
    )
    new_texts = tuple(
        {s.id: s.text for s in doc.sentences()} for doc in (alignment.src, alignment.tgt)
    )
    planned = plan_reimport(old, old_texts, new_texts, _states(alignment))
    delete_links(session, [link.id for link in old if link.id is not None])
    session.execute(delete(SegmentRow).where(SegmentRow.document_id == row.id))
    for key, value in _document_values(alignment).items():
        setattr(row, key, value)
    row.version += 1
    seg_ids = _insert_segments(session, row.id, alignment)
    states = _write_links(session, row.id, planned, seg_ids, progress)
    record_event(session, row.id, actor, "reimport", old, states, version=row.version)
    kept = sum(
        1 for link in states if link.id in {o.id for o in old} and link.status == "confirmed"
    )
    return Saved(row.id, row.version, False, len(states), kept)


def _states(alignment: Alignment) -> list[LinkState]:
    now = iso(utcnow())
    return [
        LinkState(
            None,
            tuple(link.src_ids),
            tuple(link.tgt_ids),
            link.score,
            link.confidence,
            link.status,
            link.origin,
            alignment.model_id,
            tuple(
                FlagState(None, f.category, f.severity, f.note, f.author, f.status, now, now)
                for f in link.flags
            ),
        )
        for link in alignment.links
    ]


def _insert_segments(session: Session, document_id: int, alignment: Alignment) -> dict[str, int]:
    """Insert both sides' turns, then sentences; return sentence ID -> segment row id."""
    seg_ids: dict[str, int] = {}
    for side, doc in (("src", alignment.src), ("tgt", alignment.tgt)):
        turns = [
            {"document_id": document_id, "side": side, "sid": turn.id, "kind": "turn",
             "position": n, "speaker": turn.speaker, "label": turn.label, "text": "",
             "editorial": False}
            for n, turn in enumerate(doc.turns)
        ]  # fmt: skip
        turn_ids = _insert_returning(session, turns)
        sentences = [
            {"document_id": document_id, "side": side, "sid": s.id, "kind": "sentence",
             "position": n, "turn_id": turn_id, "speaker": None, "label": "", "text": s.text,
             "editorial": s.editorial}
            for n, (turn_id, s) in enumerate(
                (turn_id, s) for turn_id, turn in zip(turn_ids, doc.turns, strict=True)
                for s in turn.sentences
            )
        ]  # fmt: skip
        ids = _insert_returning(session, sentences)
        seg_ids.update({row["sid"]: i for row, i in zip(sentences, ids, strict=True)})
    return seg_ids


def _insert_returning(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(SegmentRow).returning(SegmentRow.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows).all())


def _write_links(
    session: Session,
    document_id: int,
    states: Sequence[LinkState],
    seg_ids: dict[str, int],
    progress: Progress | None,
) -> list[LinkState]:
    written: list[LinkState] = []
    for start in range(0, len(states), CHUNK):
        chunk = states[start : start + CHUNK]
        positions = [GAP * (start + i + 1) for i in range(len(chunk))]
        written += insert_links(session, document_id, chunk, positions, seg_ids)
        if progress is not None:
            progress(len(written), len(states))
    return written


def load_alignment(store: Store, document_id: int) -> Alignment:
    """The stored alignment of a document pair, equal to the one that was saved (and edited)."""
    with read_session(store) as session:
        row = session.get(DocumentRow, document_id)
        if row is None:
            raise StoreError(f"no document {document_id}; `align list` shows the documents.")
        src, tgt = _document(session, row, "src"), _document(session, row, "tgt")
        links = [_sentence_link(state) for state in read_links(session, document_id)]
    return Alignment(
        src,
        tgt,
        row.model_id,
        [SpeakerPair(*pair) for pair in row.speaker_pairs],
        [(tuple(s), tuple(t)) for s, t in row.turn_links],
        links,
        list(row.warnings),
    )


def _document(session: Session, row: DocumentRow, side: str) -> Document:
    segments = session.scalars(
        select(SegmentRow)
        .where(SegmentRow.document_id == row.id, SegmentRow.side == side)
        .order_by(SegmentRow.kind.desc(), SegmentRow.position)  # turns, then sentences
    ).all()
    turns = {
        seg.id: Turn(seg.sid, seg.speaker, seg.label) for seg in segments if seg.kind == "turn"
    }
    for seg in segments:
        if seg.kind == "sentence" and seg.turn_id is not None:
            turns[seg.turn_id].sentences.append(Sentence(seg.sid, seg.text, seg.editorial))
    speakers = {key: Speaker(key, name) for key, name in getattr(row, f"{side}_speakers").items()}
    return Document(
        getattr(row, f"{side}_lang"),
        getattr(row, f"{side}_source"),
        dict(getattr(row, f"{side}_meta")),
        list(turns.values()),
        speakers,
        list(getattr(row, f"{side}_warnings")),
        getattr(row, f"{side}_encoding"),
    )


def _sentence_link(state: LinkState) -> SentenceLink:
    flags = tuple(Flag(f.category, f.severity, f.note, f.status, f.author) for f in state.flags)
    return SentenceLink(
        state.src, state.tgt, state.score, state.confidence, state.status, state.origin, flags
    )
