"""Links as plain values (LinkState): reading them, and inserting them with their ids.

The states carry their database ids, so undo can put back exactly the rows an edit removed;
``align.store.runs`` writes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from align.store.models import FlagRow, LinkRow, MemberRow, SegmentRow


@dataclass(frozen=True)
class FlagState:
    """A flag as stored; times are naive-UTC ISO strings so the value survives JSON unchanged."""

    id: int | None
    category: str
    severity: str
    note: str = ""
    author: str | None = None
    status: str = "open"
    created_at: str = ""
    updated_at: str = ""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the event log's format)."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class LinkState:
    """A link as stored: sentence IDs of each side in reading order, review state, flags."""

    id: int | None
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    score: float = 0.0
    confidence: float = 0.0
    status: str = "unreviewed"
    origin: str = "auto"
    model_id: str = ""
    flags: tuple[FlagState, ...] = field(default=())

    @property
    def sentences(self) -> tuple[str, ...]:
        """Both sides' sentence IDs, source first."""
        return self.src + self.tgt

    @property
    def shape(self) -> str:
        """The link type as people write it: "1-2", "1-0" …"""
        return f"{len(self.src)}-{len(self.tgt)}"

    def label(self) -> str:
        """How messages name the link: its sentence IDs, ``[zh-t1-s2]:[en-t1-s2,en-t1-s3]``."""
        return f"[{','.join(self.src)}]:[{','.join(self.tgt)}]"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the event log's format)."""
        data = dict(self.__dict__)
        data["src"], data["tgt"] = list(self.src), list(self.tgt)
        data["flags"] = [flag.to_json() for flag in self.flags]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinkState:
        """The inverse of ``to_json``."""
        values = dict(data)
        values["src"], values["tgt"] = tuple(data["src"]), tuple(data["tgt"])
        values["flags"] = tuple(FlagState(**flag) for flag in data["flags"])
        return cls(**values)


def states_to_json(states: Sequence[LinkState]) -> list[dict[str, Any]]:
    """A run of links for the event log."""
    return [state.to_json() for state in states]


def states_from_json(data: Sequence[dict[str, Any]]) -> list[LinkState]:
    """A run of links from the event log."""
    return [LinkState.from_json(item) for item in data]


def iso(moment: datetime) -> str:
    """The text form flags keep their times in."""
    return moment.isoformat()


def read_links(
    session: Session, document_id: int, link_ids: Sequence[int] | None = None
) -> list[LinkState]:
    """Links of a document in reading order: all of them, or those with ``link_ids``."""
    query = select(LinkRow).where(LinkRow.document_id == document_id).order_by(LinkRow.position)
    if link_ids is not None:
        query = query.where(LinkRow.id.in_(link_ids))
    rows = session.scalars(query).all()
    members, flags = (
        _members(session, document_id, link_ids),
        _flags(session, document_id, link_ids),
    )
    return [
        LinkState(
            row.id,
            tuple(members[row.id]["src"]),
            tuple(members[row.id]["tgt"]),
            row.score,
            row.confidence,
            row.status,
            row.origin,
            row.model_id,
            tuple(flags[row.id]),
        )
        for row in rows
    ]


def _members(
    session: Session, document_id: int, link_ids: Sequence[int] | None
) -> dict[int, dict[str, list[str]]]:
    query = (
        select(MemberRow.link_id, SegmentRow.side, SegmentRow.sid)
        .join(SegmentRow, SegmentRow.id == MemberRow.segment_id)
        .where(MemberRow.document_id == document_id)
        .order_by(SegmentRow.position)
    )
    if link_ids is not None:
        query = query.where(MemberRow.link_id.in_(link_ids))
    members: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"src": [], "tgt": []})
    for link_id, side, sid in session.execute(query):
        members[link_id][side].append(sid)
    return members


def _flags(
    session: Session, document_id: int, link_ids: Sequence[int] | None
) -> dict[int, list[FlagState]]:
    query = select(FlagRow).join(LinkRow, LinkRow.id == FlagRow.link_id).order_by(FlagRow.id)
    query = query.where(LinkRow.document_id == document_id)
    if link_ids is not None:
        query = query.where(FlagRow.link_id.in_(link_ids))
    flags: dict[int, list[FlagState]] = defaultdict(list)
    for row in session.scalars(query):
        flags[row.link_id].append(
            FlagState(
                row.id,
                row.category,
                row.severity,
                row.note,
                row.author,
                row.status,
                iso(row.created_at),
                iso(row.updated_at),
            )
        )
    return flags


def segment_ids(session: Session, document_id: int, sids: Sequence[str]) -> dict[str, int]:
    """Database ids of the sentences with stable IDs ``sids`` (missing ones are left out)."""
    query = select(SegmentRow.sid, SegmentRow.id).where(
        SegmentRow.document_id == document_id,
        SegmentRow.kind == "sentence",
        SegmentRow.sid.in_(sids),
    )
    return dict(session.execute(query).all())


def insert_links(
    session: Session,
    document_id: int,
    states: Sequence[LinkState],
    positions: Sequence[int],
    seg_ids: dict[str, int],
) -> list[LinkState]:
    """Insert links (keeping the ids they carry, else new ids) with members and flags."""
    rows = [
        _link_values(document_id, state, pos) for state, pos in zip(states, positions, strict=True)
    ]
    ids = _insert_keeping_ids(session, LinkRow, rows)
    members = [
        {"segment_id": seg_ids[sid], "link_id": link_id, "document_id": document_id}
        for link_id, state in zip(ids, states, strict=True)
        for sid in state.sentences
    ]
    if members:
        session.execute(insert(MemberRow), members)
    return [
        replace(state, id=link_id, flags=insert_flags(session, link_id, state.flags))
        for link_id, state in zip(ids, states, strict=True)
    ]


def insert_flags(
    session: Session, link_id: int, flags: Sequence[FlagState]
) -> tuple[FlagState, ...]:
    """Insert a link's flags, keeping their ids when they have them; return them with ids."""
    rows = [
        {
            "id": flag.id,
            "link_id": link_id,
            "category": flag.category,
            "severity": flag.severity,
            "note": flag.note,
            "author": flag.author,
            "status": flag.status,
            "created_at": datetime.fromisoformat(flag.created_at),
            "updated_at": datetime.fromisoformat(flag.updated_at),
        }
        for flag in flags
    ]
    ids = _insert_keeping_ids(session, FlagRow, rows)
    return tuple(replace(flag, id=flag_id) for flag, flag_id in zip(flags, ids, strict=True))


def _link_values(document_id: int, state: LinkState, position: int) -> dict[str, Any]:
    return {
        "id": state.id,
        "document_id": document_id,
        "position": position,
        "score": state.score,
        "confidence": state.confidence,
        "status": state.status,
        "origin": state.origin,
        "model_id": state.model_id,
    }


def _insert_keeping_ids(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows; those with an id keep it, the others get one; ids come back in row order."""
    ids: list[int | None] = [row["id"] for row in rows]
    kept = [row for row in rows if row["id"] is not None]
    fresh = [{k: v for k, v in row.items() if k != "id"} for row in rows if row["id"] is None]
    if kept:
        session.execute(insert(model), kept)
    if fresh:
        new_ids = iter(
            session.scalars(
                insert(model).returning(model.id, sort_by_parameter_order=True), fresh
            ).all()
        )
        ids = [link_id if link_id is not None else next(new_ids) for link_id in ids]
    return [int(i) for i in ids if i is not None]
