"""The alignment model every later stage shares: links between sentence IDs, their review state.

The aligner produces an Alignment; the store saves and loads it; exchange formats write and read
it. Links refer to sentences only by stable ID (``zh-t3-s2``), never by position, so an edit
elsewhere never changes what a link means.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from align.document import Document

LINK_STATUSES = ("unreviewed", "confirmed", "disputed")
LINK_ORIGINS = ("auto", "manual", "import")
FLAG_STATUSES = ("open", "accepted", "dismissed")
SEVERITIES = ("minor", "major", "critical")
# MQM issue types the checks and reviewers use (DESIGN §4), plus the alignment's own doubt.
MQM_CATEGORIES = (
    "accuracy/omission",
    "accuracy/addition",
    "accuracy/mistranslation",
    "accuracy/untranslated",
    "terminology",
    "terminology/inconsistent",
    "fluency",
    "style",
    "alignment/low-confidence",
    "other",
)


@dataclass(frozen=True)
class Flag:
    """A translation issue raised on a link, by a reviewer or by a check."""

    category: str
    severity: str
    note: str = ""
    status: str = "open"
    author: str | None = None


@dataclass(frozen=True)
class SentenceLink:
    """Sentences (by stable ID, in reading order) that translate each other; a side may be empty."""

    src_ids: tuple[str, ...]
    tgt_ids: tuple[str, ...]
    score: float = 0.0
    confidence: float = 0.0
    status: str = "unreviewed"
    origin: str = "auto"
    flags: tuple[Flag, ...] = ()

    @property
    def shape(self) -> str:
        """The link type as people write it: "1-2", "1-0" …"""
        return f"{len(self.src_ids)}-{len(self.tgt_ids)}"


@dataclass(frozen=True)
class PairKey:
    """A link named by its sentence IDs, as permalinks and citations name it.

    Written ``zh-t2-s4~en-t2-s4,en-t2-s5``: comma-joined IDs of each side, "~" between the
    sides. Sentence IDs never change, so a key names the same pair before and after any edit
    elsewhere. The one place a key is written and parsed.
    """

    src: tuple[str, ...]
    tgt: tuple[str, ...]

    def __str__(self) -> str:
        return ",".join(self.src) + "~" + ",".join(self.tgt)

    @property
    def sentence_ids(self) -> tuple[str, ...]:
        """Both sides' IDs, source first."""
        return self.src + self.tgt

    @classmethod
    def of(cls, link: SentenceLink) -> PairKey:
        """The key of an alignment link."""
        return cls(tuple(link.src_ids), tuple(link.tgt_ids))

    @classmethod
    def parse(cls, text: str) -> PairKey:
        """Read a key; ValueError saying what a key looks like when ``text`` is not one."""
        if text.count("~") != 1:
            raise ValueError(f"{text!r} is not a pair key like zh-t1-s1~en-t1-s1")
        src, tgt = text.split("~")
        key = cls(
            tuple(part.strip() for part in src.split(",") if part.strip()),
            tuple(part.strip() for part in tgt.split(",") if part.strip()),
        )
        if not key.sentence_ids:
            raise ValueError("a pair key needs at least one sentence ID")
        return key


@dataclass(frozen=True)
class SpeakerPair:
    """One source speaker key paired with one target key; ``sure`` pairs constrain turns."""

    src: str
    tgt: str
    score: float
    sure: bool


@dataclass
class Alignment:
    """One document pair and the links between their sentences, in reading order."""

    src: Document
    tgt: Document
    model_id: str = ""
    speakers: list[SpeakerPair] = field(default_factory=list)
    turns: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    links: list[SentenceLink] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
