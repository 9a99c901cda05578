"""The review page's rows: one JSON-ready dict per link, grouped by speaker turn, and row diffs.

A row's ``key`` is its permalink key, ``zh-t2-s4~en-t2-s4,en-t2-s5``: the link's sentence IDs,
which never change, so a key names the same pair before and after any edit elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from align.alignment import Alignment
from align.document import Document, Turn
from align.store import LinkState

Row = dict[str, Any]


def link_key(src_ids: Sequence[str], tgt_ids: Sequence[str]) -> str:
    """The permalink key of a link: comma-joined IDs of each side, "~" between the sides."""
    return ",".join(src_ids) + "~" + ",".join(tgt_ids)


def parse_key(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Invert link_key; raise ValueError when the text is not a key."""
    if key.count("~") != 1:
        raise ValueError(f"{key!r} is not a pair key like zh-t1-s1~en-t1-s1")
    src, tgt = key.split("~")
    src_ids = tuple(part for part in src.split(",") if part)
    tgt_ids = tuple(part for part in tgt.split(",") if part)
    if not src_ids and not tgt_ids:
        raise ValueError("a pair key needs at least one sentence ID")
    return src_ids, tgt_ids


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
            "key": link_key(link.src, link.tgt),
            "id": link.id,
            "group": self.group_of(link.src, link.tgt),
            "zh": [self._sentence(i) for i in link.src],
            "en": [self._sentence(i) for i in link.tgt],
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
    pairs += [((tid,), ()) for tid in turns if tid not in paired and tid.startswith("zh")]
    pairs += [((), (tid,)) for tid in turns if tid not in paired and not tid.startswith("zh")]
    groups: dict[str, Row] = {}
    for src_ids, tgt_ids in pairs:
        group = {
            "key": link_key(src_ids, tgt_ids),
            "zh": _speaker(turns, src_ids),
            "en": _speaker(turns, tgt_ids),
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
        name = "文头" if document.lang == "zh" else "Preamble"
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


def diff_rows(before: Sequence[Row], after: Sequence[Row]) -> Row:
    """The smallest contiguous change turning ``before`` into ``after``, for the page to patch.

    Returns ``{"after": key of the last unchanged row before the change (None at the top),
    "remove": keys of old rows to drop, "rows": new rows to insert in their place}``.
    """
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return {
        "after": before[head - 1]["key"] if head else None,
        "remove": [row["key"] for row in before[head : len(before) - tail]],
        "rows": list(after[head : len(after) - tail]),
    }
