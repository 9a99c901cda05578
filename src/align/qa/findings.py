"""What a check reports: a ``Finding`` on one link, with the spans that prove it.

Findings are plain frozen data so the store can save them, the web layer can highlight their
evidence and exports can write them as ITS ``locQualityIssue`` without knowing which check made
them. A finding's ``fingerprint`` names it across re-runs (link, check, evidence text, never
character offsets), so a reviewer's dismissal can be remembered and matched the next time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from align.alignment import MQM_CATEGORIES, SEVERITIES, PairKey, SentenceLink

# The checks a finding can come from; "note" is informational (a translator's or editor's note
# standing alone), reported so reviewers see it, but never counted as a translation issue.
CHECKS = (
    "number",
    "date",
    "name",
    "omission",
    "addition",
    "untranslated",
    "terminology",
    "consistency",
    "confidence",
)
NOTE = "note"


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` (0-based, end exclusive) of sentence ``sentence_id``."""

    sentence_id: str
    start: int
    end: int
    text: str
    side: str  # "src" or "tgt"

    def to_dict(self) -> dict[str, object]:
        """The span as JSON-ready primitives."""
        return {
            "side": self.side,
            "sentence": self.sentence_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True)
class Finding:
    """One issue a check found on one link; ``src``/``tgt`` are the link's sentence IDs."""

    check: str
    mqm: str
    severity: str
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    message: str
    evidence: tuple[Span, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.check not in (*CHECKS, NOTE):
            raise ValueError(f"unknown check {self.check!r}; one of {', '.join(CHECKS)}")
        if self.mqm not in MQM_CATEGORIES:
            raise ValueError(f"unknown MQM category {self.mqm!r}; one of {MQM_CATEGORIES}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}; one of {SEVERITIES}")

    @property
    def is_issue(self) -> bool:
        """False for informational notes, which reviewers see but counts of issues skip."""
        return self.check != NOTE

    @property
    def key(self) -> PairKey:
        """The link the finding is on, as permalinks name it."""
        return PairKey(self.src, self.tgt)

    @property
    def fingerprint(self) -> str:
        """Stable name across re-runs: the link, the check and the evidence *text* (offsets
        move when a sentence is edited elsewhere; the text that proves the issue does not)."""
        texts = sorted(f"{span.side}:{span.text}" for span in self.evidence)
        raw = "\x1f".join([str(self.key), self.check, *texts])
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, object]:
        """The finding as JSON-ready primitives (the CLI's ``--format json`` item)."""
        return {
            "check": self.check,
            "mqm": self.mqm,
            "severity": self.severity,
            "src": list(self.src),
            "tgt": list(self.tgt),
            "message": self.message,
            "evidence": [span.to_dict() for span in self.evidence],
            "fingerprint": self.fingerprint,
        }


def finding_on(
    link: SentenceLink,
    check: str,
    mqm: str,
    severity: str,
    message: str,
    evidence: tuple[Span, ...] | list[Span] = (),
) -> Finding:
    """A finding on ``link``: the one place a link's IDs become a finding's."""
    return Finding(
        check, mqm, severity, tuple(link.src_ids), tuple(link.tgt_ids), message, tuple(evidence)
    )
