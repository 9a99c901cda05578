"""What every import checks before it returns, and the builder imports use to make Documents.

An import either returns a whole, consistent Alignment or raises FormatError; nothing partial.
IDs are restricted to ``[A-Za-z0-9_.-]`` because the formats separate them with spaces, commas,
semicolons, ``~`` and ``#``.
"""

from __future__ import annotations

import math
import re

from align.alignment import (
    FLAG_STATUSES,
    LINK_ORIGINS,
    LINK_STATUSES,
    MQM_CATEGORIES,
    SEVERITIES,
    Alignment,
    Flag,
    SentenceLink,
)
from align.document import Document, Sentence, Speaker, Turn
from align.errors import FormatError
from align.exchange.common import link_ref
from align.segment import is_editorial

ID_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]+$")
LANG_PATTERN = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def check_alignment(alignment: Alignment, source: str) -> Alignment:
    """Return ``alignment`` if every link points at real sentences, each used once; else raise."""
    for document in (alignment.src, alignment.tgt):
        _check_document(document, source)
    src_ids = {s.id for s in alignment.src.sentences()}
    tgt_ids = {s.id for s in alignment.tgt.sentences()}
    src_seen: set[str] = set()
    tgt_seen: set[str] = set()
    for number, link in enumerate(alignment.links, start=1):
        where = f"{source}, link {number} ({link_ref(link)})"
        check_link(link, where)
        _check_ids(link.src_ids, src_ids, src_seen, alignment.src.lang, where)
        _check_ids(link.tgt_ids, tgt_ids, tgt_seen, alignment.tgt.lang, where)
    _check_turn_links(alignment, source)
    return alignment


def _check_document(document: Document, source: str) -> None:
    if not LANG_PATTERN.match(document.lang):
        raise FormatError(f"{source}: {document.lang!r} is not a language code like zh or en.")
    seen: set[str] = set()
    for turn in document.turns:
        _check_new_id(turn.id, seen, f"{source}, {document.lang} turn {turn.id!r}")
        for sentence in turn.sentences:
            _check_new_id(sentence.id, seen, f"{source}, {document.lang} sentence {sentence.id!r}")
    if not seen:
        raise FormatError(f"{source}: the {document.lang} document has no turns; nothing to align.")


def _check_new_id(value: str, seen: set[str], where: str) -> None:
    if not ID_PATTERN.match(value):
        raise FormatError(f"{where}: IDs may use only letters, digits, '_', '.' and '-'.")
    if value in seen:
        raise FormatError(f"{where}: the ID is used twice; every turn and sentence needs its own.")
    seen.add(value)


def _check_ids(
    ids: tuple[str, ...], known: set[str], seen: set[str], lang: str, where: str
) -> None:
    for sentence_id in ids:
        if sentence_id not in known:
            raise FormatError(
                f"{where}: there is no {lang} sentence {sentence_id!r}; link only existing IDs."
            )
        if sentence_id in seen:
            raise FormatError(
                f"{where}: {sentence_id!r} is already in an earlier link; a sentence belongs "
                "to one link only."
            )
        seen.add(sentence_id)


def check_link(link: SentenceLink, where: str) -> None:
    """A link's own fields: a non-empty side, known status and origin, finite numbers, flags."""
    if not link.src_ids and not link.tgt_ids:
        raise FormatError(f"{where}: both sides are empty; a link needs at least one sentence.")
    _check_choice(link.status, LINK_STATUSES, "status", where)
    _check_choice(link.origin, LINK_ORIGINS, "origin", where)
    if not math.isfinite(link.score):
        raise FormatError(f"{where}: score {link.score!r} is not a finite number.")
    if not (math.isfinite(link.confidence) and 0.0 <= link.confidence <= 1.0):
        raise FormatError(f"{where}: confidence {link.confidence!r} must lie in [0, 1].")
    for flag in link.flags:
        check_flag(flag, where)


def check_flag(flag: Flag, where: str) -> None:
    """A flag's category, severity and status come from the project's lists."""
    _check_choice(flag.category, MQM_CATEGORIES, "flag category", where)
    _check_choice(flag.severity, SEVERITIES, "flag severity", where)
    _check_choice(flag.status, FLAG_STATUSES, "flag status", where)


def _check_choice(value: str, choices: tuple[str, ...], what: str, where: str) -> None:
    if value not in choices:
        raise FormatError(f"{where}: {what} {value!r} is not one of {', '.join(choices)}.")


def _check_turn_links(alignment: Alignment, source: str) -> None:
    src_turns = {t.id for t in alignment.src.turns}
    tgt_turns = {t.id for t in alignment.tgt.turns}
    for number, (src, tgt) in enumerate(alignment.turns, start=1):
        unknown = [t for t in src if t not in src_turns] + [t for t in tgt if t not in tgt_turns]
        if unknown:
            raise FormatError(f"{source}, turn link {number}: no turn {unknown[0]!r}.")


class DocumentBuilder:
    """Builds an imported Document turn by turn; IDs follow the project's scheme unless given."""

    def __init__(self, lang: str, source: str) -> None:
        if not LANG_PATTERN.match(lang):
            raise FormatError(f"{source}: {lang!r} is not a language code like zh or en.")
        self.document = Document(lang, source, {"language": lang})
        self.turn: Turn | None = None

    def start_turn(self, speaker: str | None = None, label: str = "", turn_id: str = "") -> Turn:
        """Open a new turn (numbered from 1 when no ID is given)."""
        turn_id = turn_id or f"{self.document.lang}-t{len(self.document.turns) + 1}"
        self.turn = Turn(turn_id, speaker or None, label)
        self.document.turns.append(self.turn)
        if speaker and speaker not in self.document.speakers:
            self.document.speakers[speaker] = Speaker(speaker, speaker)
        return self.turn

    def add(self, text: str, sentence_id: str = "", editorial: bool | None = None) -> str:
        """Append a sentence to the open turn (opening one if needed); return its ID."""
        turn = self.turn or self.start_turn()
        sentence_id = sentence_id or f"{turn.id}-s{len(turn.sentences) + 1}"
        flag = is_editorial(text) if editorial is None else editorial
        turn.sentences.append(Sentence(sentence_id, text, flag))
        return sentence_id
