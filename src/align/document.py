"""The document model every stage shares: metadata, speaker turns, sentences with stable IDs.

IDs are strings that never change once given: ``zh-t3`` is the third speaker turn of the Chinese
document, ``zh-t3-s2`` its second sentence (both 1-based, as people cite them). ``zh-t0`` is the
preamble before the first speaker turn (title, date, venue, attendees). A sentence later split in
review becomes ``zh-t3-s2a`` / ``zh-t3-s2b``; nothing is ever renumbered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """One sentence; ``editorial`` marks archive insertions and stage directions."""

    id: str
    text: str
    editorial: bool = False


@dataclass(frozen=True)
class Speaker:
    """A speaker declared in the text: ``key`` is the short label used in turns ("Ji", "姬")."""

    key: str
    full_name: str


@dataclass
class Turn:
    """A speaker turn (or the preamble, whose ``speaker`` is None)."""

    id: str
    speaker: str | None
    label: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Document:
    """A parsed file: ``meta`` holds title, date, citation …; ``warnings`` what ingest repaired."""

    lang: str
    source: str
    meta: dict[str, str] = field(default_factory=dict)
    turns: list[Turn] = field(default_factory=list)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    encoding: str = "utf-8"

    def sentences(self) -> Iterator[Sentence]:
        """All sentences in reading order."""
        for turn in self.turns:
            yield from turn.sentences

    @property
    def has_speakers(self) -> bool:
        """True when the document is a transcript with speaker turns."""
        return any(turn.speaker for turn in self.turns)
