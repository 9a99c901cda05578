"""The review page's rows: one JSON-ready dict per link, grouped by speaker turn, and row diffs.

A row's ``key`` is its permalink key (``align.alignment.PairKey``): the link's sentence IDs, which
never change, so a key names the same pair before and after any edit elsewhere. Sides are
``src`` and ``tgt``; the languages are data (``RowBuilder.langs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from align.alignment import Alignment, PairKey
from align.document import Document, Turn
from align.store import LinkState

Row = dict[str, Any]
PREAMBLE_NAMES = {"zh": "文头"}  # what a side's speakerless opening is called, by language


@dataclass(frozen=True)
class _Place:
    """Where a sentence sits: its text, whether editorial, and its turn."""

    text: str
    editorial: bool
    turn: Turn


class RowBuilder:
    """Turns links of one Alignment into rows; built once per page or edit (indexes both texts)."""

    def __init__(self, alignment: Alignment, low_confidence: float = 0.5) -> None:
        self.low = low_confidence
        self.src = alignment.src
        self.tgt = alignment.tgt
        self.places = {**_index(alignment.src), **_index(alignment.tgt)}
        self.groups = _turn_groups(alignment)

    def row(self, link: LinkState) -> Row:
        """One stored link as the JS and templates see it."""
        return {
            "key": str(PairKey(link.src, link.tgt)),
            "id": link.id,
            "group": self.group_of(link.src, link.tgt),
            "src": [self._sentence(i) for i in link.src],
            "tgt": [self._sentence(i) for i in link.tgt],
            "confidence": round(float(link.confidence), 3),
            "low": link.confidence < self.low,
            "status": link.status,
            "origin": link.origin,
            "shape": link.shape,
            "flags": [_flag_dict(flag) for flag in link.flags],
        }

    def rows(self, links: Iterable[LinkState]) -> list[Row]:
        """Rows for links in reading order."""
        return [self.row(link) for link in links]

    def group_of(self, src_ids: Sequence[str], tgt_ids: Sequence[str]) -> str:
        """The turn-group key of a link: the group of its first sentence's turn."""
        place = self.places.get((*src_ids, *tgt_ids)[0])
        if place is None:
            return ""
        return self.groups.get(place.turn.id, {}).get("key", place.turn.id)

    def group_table(self) -> dict[str, Row]:
        """Turn groups by key: speakers of both sides, for the headers between rows."""
        return {group["key"]: group for group in self.groups.values()}

    def _sentence(self, sentence_id: str) -> Row:
        place = self.places.get(sentence_id)
        if place is None:  # a link to a sentence the texts no longer hold: show, don't crash
            return {"id": sentence_id, "text": "", "editorial": False, "missing": True}
        return {"id": sentence_id, "text": place.text, "editorial": place.editorial}


def _index(document: Document) -> dict[str, _Place]:
    return {s.id: _Place(s.text, s.editorial, t) for t in document.turns for s in t.sentences}


def _turn_groups(alignment: Alignment) -> dict[str, Row]:
    """Map every turn ID to its group (a turn link of the alignment, or the turn alone)."""
    turns = {t.id: (alignment.src, t) for t in alignment.src.turns}
    turns.update({t.id: (alignment.tgt, t) for t in alignment.tgt.turns})
    pairs = list(alignment.turns)
    paired = {turn_id for src, tgt in pairs for turn_id in (*src, *tgt)}
    pairs += [((t.id,), ()) for t in alignment.src.turns if t.id not in paired]
    pairs += [((), (t.id,)) for t in alignment.tgt.turns if t.id not in paired]
    groups: dict[str, Row] = {}
    for src_ids, tgt_ids in pairs:
        group = {
            "key": str(PairKey(src_ids, tgt_ids)),
            "src": _speaker(turns, src_ids),
            "tgt": _speaker(turns, tgt_ids),
        }
        for turn_id in (*src_ids, *tgt_ids):
            groups[turn_id] = group
    return groups


def _speaker(turns: dict[str, tuple[Document, Turn]], turn_ids: Sequence[str]) -> Row | None:
    """Speaker of the first turn of a side: full name and key; None for a side with no turn."""
    if not turn_ids or turn_ids[0] not in turns:
        return None
    document, turn = turns[turn_ids[0]]
    if turn.speaker is None:
        name = PREAMBLE_NAMES.get(document.lang, "Preamble")
        return {"key": None, "name": name, "turns": list(turn_ids)}
    speaker = document.speakers.get(turn.speaker)
    name = speaker.full_name if speaker else turn.speaker
    return {"key": turn.speaker, "name": name, "turns": list(turn_ids)}


def _flag_dict(flag: Any) -> Row:
    return {
        "id": flag.id,
        "category": flag.category,
        "severity": flag.severity,
        "note": flag.note,
        "status": flag.status,
        "author": flag.author,
        "created": flag.created_at[:16].replace("T", " "),
    }
