"""What every check sees: one link's sentences, and the alignment-wide facts it is judged by.

A check is ``check(view, context) -> list[Finding]``: ``view`` is the link with its sentences
looked up, ``context`` what is computed once per alignment (the sentence index, the pair's own
length prior, the name lexicon, the glossary, the settings).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from align.alignment import Alignment, SentenceLink
from align.document import Sentence
from align.qa.findings import Span
from align.qa.glossary import Glossary
from align.qa.settings import QaSettings


@dataclass(frozen=True)
class LinkView:
    """A link with the sentences of both sides, in reading order."""

    link: SentenceLink
    src: tuple[Sentence, ...]
    tgt: tuple[Sentence, ...]

    def side(self, name: str) -> tuple[Sentence, ...]:
        """The sentences of side ``name`` ("src" or "tgt")."""
        return self.src if name == "src" else self.tgt

    def text(self, name: str) -> str:
        """The side's sentences joined by a space (for presence tests, not for spans)."""
        return " ".join(sentence.text for sentence in self.side(name))

    @property
    def editorial_only(self) -> bool:
        """True when every sentence of the link is an editorial insertion."""
        sentences = self.src + self.tgt
        return bool(sentences) and all(sentence.editorial for sentence in sentences)


def span_of(sentence: Sentence, start: int, end: int, side: str) -> Span:
    """Evidence for characters ``start:end`` of ``sentence``."""
    return Span(sentence.id, start, end, sentence.text[start:end], side)


def whole(sentence: Sentence, side: str) -> Span:
    """Evidence that is the whole sentence (an omitted or added one)."""
    return span_of(sentence, 0, len(sentence.text), side)


def content_length(sentences: tuple[Sentence, ...]) -> int:
    """Characters that carry text (no spaces): what the length prior compares."""
    return sum(len("".join(sentence.text.split())) for sentence in sentences)


@dataclass(frozen=True)
class LengthPrior:
    """The pair's log length ratio (tgt/src characters) over its links: centre and spread.

    Estimated from the alignment itself, as the aligner estimates its own length prior, because
    the ratio moves with the pair (literary prose ~2.5 English letters per Chinese character,
    news ~3, transcripts more)."""

    centre: float
    spread: float

    @classmethod
    def fit(cls, views: list[LinkView], settings: QaSettings) -> LengthPrior:
        """Median and MAD-based sigma of log ratios over the pair's non-editorial full links."""
        ratios = [log_ratio(view) for view in views if _is_measurable(view, settings)]
        if len(ratios) < settings.length_min_links:
            return cls(settings.length_default_centre, settings.length_default_spread)
        centre = statistics.median(ratios)
        mad = statistics.median(abs(ratio - centre) for ratio in ratios)
        return cls(centre, max(1.4826 * mad, settings.length_min_spread))

    def z(self, view: LinkView) -> float:
        """How many spreads the link's ratio is from the pair's centre (negative: tgt short)."""
        return (log_ratio(view) - self.centre) / self.spread


def log_ratio(view: LinkView) -> float:
    """log(target characters / source characters), both at least 1."""
    return math.log(max(content_length(view.tgt), 1) / max(content_length(view.src), 1))


def _is_measurable(view: LinkView, settings: QaSettings) -> bool:
    return (
        bool(view.src and view.tgt)
        and not any(sentence.editorial for sentence in view.src + view.tgt)
        and content_length(view.src) >= settings.length_min_chars
    )


@dataclass
class CheckContext:
    """Everything computed once per alignment that the per-link checks read."""

    alignment: Alignment
    settings: QaSettings
    glossary: Glossary | None = None
    sentences: dict[str, Sentence] = field(default_factory=dict)
    names: Any = None  # align.qa.names.NameLexicon, set by align.qa.run (it imports this module)
    cache: dict[Any, Any] = field(default_factory=dict)  # per-alignment results checks share

    @classmethod
    def build(
        cls, alignment: Alignment, settings: QaSettings, glossary: Glossary | None = None
    ) -> CheckContext:
        """Index both documents' sentences by ID."""
        index = {s.id: s for doc in (alignment.src, alignment.tgt) for s in doc.sentences()}
        return cls(alignment, settings, glossary, index)

    def view(self, link: SentenceLink) -> LinkView:
        """The link with its sentences; KeyError naming the ID when one is not in the pair."""
        try:
            src = tuple(self.sentences[i] for i in link.src_ids)
            tgt = tuple(self.sentences[i] for i in link.tgt_ids)
        except KeyError as missing:
            raise KeyError(f"link {link.src_ids}~{link.tgt_ids}: no sentence {missing}") from None
        return LinkView(link, src, tgt)

    @cached_property
    def length_prior(self) -> LengthPrior:
        """The pair's length prior, from all its links (not only those being re-checked)."""
        views = [self.view(link) for link in self.alignment.links]
        return LengthPrior.fit(views, self.settings)

    @property
    def src_lang(self) -> str:
        return self.alignment.src.lang

    @property
    def tgt_lang(self) -> str:
        return self.alignment.tgt.lang
