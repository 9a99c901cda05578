"""Segment pairs (TMX units, spreadsheet rows) made into a pre-aligned Alignment to review.

Each pair becomes one link. Stable IDs written by our own exports are kept when every
non-empty side carries well-formed, unique IDs and, for a side of several sentences, the
sentences' lengths, which split the joined segment back into its sentences exactly (so m-n links
round-trip too). Otherwise each side becomes one sentence with a new ID and turns follow speaker
changes. File metadata (header fields, language tags) is the caller's to put on the result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from align.alignment import Alignment, Flag, SentenceLink
from align.errors import FormatError
from align.exchange.common import derive_turn_pairs, joiner
from align.exchange.validate import DocumentBuilder, check_alignment, check_flag


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
    src_lengths: tuple[int, ...] = ()
    tgt_lengths: tuple[int, ...] = ()

    def side(self, name: str) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
        """Text, IDs and sentence lengths of side ``name`` ("src" or "tgt")."""
        if name == "src":
            return self.src_text, self.src_ids, self.src_lengths
        return self.tgt_text, self.tgt_ids, self.tgt_lengths


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
        src_ids = src.add(row.side("src"), row.src_speaker, row.where)
        tgt_ids = tgt.add(row.side("tgt"), row.tgt_speaker, row.where)
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
        text, ids, lengths = row.side(side)
        if bool(text) != bool(ids) or split_side(text, ids, lengths, lang) is None:
            return False
        if any(not pattern.match(i) or i in seen for i in ids) or len(set(ids)) < len(ids):
            return False
        seen.update(ids)
    return True


def split_side(
    text: str, ids: tuple[str, ...], lengths: tuple[int, ...], lang: str
) -> list[str] | None:
    """The sentences of a joined segment, cut at ``lengths``; None when they do not add up."""
    if len(ids) <= 1:
        return [text]
    separator = joiner(lang)
    if len(lengths) != len(ids):
        return None
    parts, start = [], 0
    for number, length in enumerate(lengths):
        parts.append(text[start : start + length])
        start += length
        if number < len(lengths) - 1:
            if text[start : start + len(separator)] != separator:
                return None
            start += len(separator)
    return parts if start == len(text) and all(parts) else None


class _Side:
    """One language's sentences as rows arrive, opening a turn at each turn or speaker change."""

    def __init__(self, lang: str, source: str, keep_ids: bool) -> None:
        self.builder = DocumentBuilder(lang, source)
        self.keep_ids = keep_ids
        self.closed: set[str] = set()

    def add(
        self, side: tuple[str, tuple[str, ...], tuple[int, ...]], speaker: str | None, where: str
    ) -> tuple[str, ...]:
        """The IDs of the sentences made from one row's side (none for an empty side)."""
        text, ids, lengths = side
        if not text:
            return ()
        if self.keep_ids:
            texts = split_side(text, ids, lengths, self.builder.document.lang) or [text]
            for sentence_id, sentence in zip(ids, texts, strict=True):
                self._enter_turn(sentence_id.rsplit("-", 1)[0], speaker, where)
                self.builder.add(sentence, sentence_id)
            return ids
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


def parse_lengths(text: str, place: str) -> tuple[int, ...]:
    """Sentence lengths as written by ``side_lengths`` ("12 8"); empty text gives none."""
    try:
        return tuple(int(part) for part in text.split())
    except ValueError:
        raise FormatError(f"{place}: sentence lengths {text!r} are not whole numbers.") from None


def parse_number(text: str, what: str, place: str) -> float:
    """A number cell or property; FormatError naming the field and the place otherwise."""
    try:
        return float(text)
    except ValueError:
        raise FormatError(f"{place}: {what} {text!r} is not a number.") from None


def parse_flag_json(text: str, place: str) -> Flag:
    """A flag written as JSON by ``flag_to_dict`` (TMX props, XLIFF 1.2 contexts), checked."""
    try:
        data = json.loads(text)
        if not all(isinstance(v, str) or (k == "author" and v is None) for k, v in data.items()):
            raise TypeError
        flag = Flag(**data)
    except (ValueError, TypeError, AttributeError):
        raise FormatError(f"{place}: the flag {text!r} is not a flag in JSON.") from None
    check_flag(flag, place)
    return flag
