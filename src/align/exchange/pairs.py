"""Segment pairs (TMX units, spreadsheet rows) made into a pre-aligned Alignment to review.

Each pair becomes one link with at most one sentence per side. Stable IDs written by our own
exports are kept when every non-empty side carries exactly one well-formed, unique ID (so 1-1
exports round-trip); otherwise every sentence gets a new ID and turns follow speaker changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from align.alignment import Alignment, Flag, SentenceLink
from align.errors import FormatError
from align.exchange.common import derive_turn_pairs
from align.exchange.validate import DocumentBuilder, check_alignment


@dataclass(frozen=True)
class PairRow:
    """One imported pair; ``where`` names its place in the file for error messages."""

    where: str
    src_text: str
    tgt_text: str
    src_ids: tuple[str, ...] = ()
    tgt_ids: tuple[str, ...] = ()
    src_speaker: str | None = None
    tgt_speaker: str | None = None
    status: str = "unreviewed"
    confidence: float = 0.0
    score: float = 0.0
    flags: tuple[Flag, ...] = ()


def build_pair_alignment(
    rows: list[PairRow], src_lang: str, tgt_lang: str, source: str
) -> Alignment:
    """Two Documents and one link per row, validated in full; links get origin "import"."""
    if not rows:
        raise FormatError(f"{source}: no segment pairs found; nothing to import.")
    keep = _ids_reusable(rows, src_lang, "src") and _ids_reusable(rows, tgt_lang, "tgt")
    src, tgt = _Side(src_lang, source, keep), _Side(tgt_lang, source, keep)
    links = []
    for row in rows:
        src_ids = src.add(row.src_text, row.src_ids, row.src_speaker, row.where)
        tgt_ids = tgt.add(row.tgt_text, row.tgt_ids, row.tgt_speaker, row.where)
        if not src_ids and not tgt_ids:
            raise FormatError(f"{row.where}: both texts are empty; fill one side or delete it.")
        links.append(
            SentenceLink(
                src_ids, tgt_ids, row.score, row.confidence, row.status, "import", row.flags
            )
        )
    alignment = Alignment(src.builder.document, tgt.builder.document, links=links)
    if not keep and any(row.src_ids or row.tgt_ids for row in rows):
        alignment.warnings.append(
            f"{source}: the segment IDs could not be kept (joined m-n segments or missing IDs); "
            "every sentence got a new ID."
        )
    check_alignment(alignment, source)
    alignment.turns = derive_turn_pairs(alignment)
    return alignment


def _ids_reusable(rows: list[PairRow], lang: str, side: str) -> bool:
    pattern = re.compile(rf"^{re.escape(lang)}-t\d+-s\d+[a-z]*$")
    seen: set[str] = set()
    for row in rows:
        text, ids = (row.src_text, row.src_ids) if side == "src" else (row.tgt_text, row.tgt_ids)
        if bool(text) != bool(ids) or len(ids) > 1:
            return False
        if ids and (not pattern.match(ids[0]) or ids[0] in seen):
            return False
        seen.update(ids)
    return True


class _Side:
    """One language's sentences as rows arrive, opening a turn at each turn or speaker change."""

    def __init__(self, lang: str, source: str, keep_ids: bool) -> None:
        self.builder = DocumentBuilder(lang, source)
        self.keep_ids = keep_ids
        self.closed: set[str] = set()

    def add(
        self, text: str, ids: tuple[str, ...], speaker: str | None, where: str
    ) -> tuple[str, ...]:
        """The IDs of the sentence made from ``text`` (none for an empty side)."""
        if not text:
            return ()
        if self.keep_ids:
            self._enter_turn(ids[0].rsplit("-", 1)[0], speaker, where)
            return (self.builder.add(text, ids[0]),)
        turn = self.builder.turn
        if turn is None or turn.speaker != (speaker or None):
            self.builder.start_turn(speaker)
        return (self.builder.add(text),)

    def _enter_turn(self, turn_id: str, speaker: str | None, where: str) -> None:
        turn = self.builder.turn
        if turn is not None and turn.id == turn_id:
            return
        if turn_id in self.closed:
            raise FormatError(
                f"{where}: turn {turn_id} continues after another turn began; "
                "keep the rows in reading order."
            )
        if turn is not None:
            self.closed.add(turn.id)
        self.builder.start_turn(speaker, turn_id=turn_id)
