"""Align two Documents: speakers, then turns, then sentences inside each turn pair.

Every sentence of both documents is encoded exactly once (one call per language); the sentence
aligner then works on slices of those vectors, turn pair by turn pair. Turns are aligned only
when both texts agree that they are transcripts; otherwise (sentence-per-line files, prose, or
one side with turns and the other with none) the whole texts are aligned as prose, since cutting
one text at turns the other does not have leaves pieces with no counterpart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from align.aligner import AlignSettings, align_texts
from align.alignment import Alignment, SentenceLink
from align.document import Document, Sentence
from align.embed import Embedder
from align.speakers import map_speakers
from align.turns import TurnLink, align_turns, turn_side


def align_documents(
    src: Document, tgt: Document, embedder: Embedder, settings: AlignSettings | None = None
) -> Alignment:
    """Align ``src`` (Chinese) with ``tgt`` (English); pure apart from the embedder's cache."""
    src_side, tgt_side = _Side.encode(src, embedder), _Side.encode(tgt, embedder)
    alignment = Alignment(src, tgt, embedder.model_id)
    if src.has_speakers and tgt.has_speakers:
        alignment.speakers = map_speakers(src, tgt)
        sure = {pair.src: pair.tgt for pair in alignment.speakers if pair.sure}
        turn_links = align_turns(
            turn_side(src.turns, src_side.vectors), turn_side(tgt.turns, tgt_side.vectors), sure
        )
    else:
        turn_links = [TurnLink(tuple(range(len(src.turns))), tuple(range(len(tgt.turns))))]
        alignment.warnings.extend(_one_sided_turns_warning(src, tgt))
    for link in turn_links:
        alignment.turns.append(
            (tuple(src.turns[i].id for i in link.src), tuple(tgt.turns[j].id for j in link.tgt))
        )
        src_part, tgt_part = src_side.part(link.src), tgt_side.part(link.tgt)
        alignment.links.extend(_align_part(src_part, tgt_part, embedder, settings))
        alignment.warnings.extend(_unpaired_turn_warning(src, tgt, link))
    return alignment


@dataclass(frozen=True)
class _Side:
    """One document's sentences in reading order, their vectors, and where each turn starts."""

    sentences: list[Sentence]
    vectors: np.ndarray  # (n_sentences, dim)
    offsets: list[int]  # offsets[k]: index of turn k's first sentence; last item = total

    @classmethod
    def encode(cls, document: Document, embedder: Embedder) -> _Side:
        sentences = list(document.sentences())
        offsets = [0]
        for turn in document.turns:
            offsets.append(offsets[-1] + len(turn.sentences))
        return cls(sentences, embedder.encode([s.text for s in sentences]), offsets)

    def part(self, turns: tuple[int, ...]) -> tuple[list[Sentence], np.ndarray]:
        """Sentences and vectors of consecutive turns (none for an empty tuple)."""
        if not turns:
            return [], self.vectors[:0]
        start, stop = self.offsets[turns[0]], self.offsets[turns[-1] + 1]
        return self.sentences[start:stop], self.vectors[start:stop]


def _align_part(
    src: tuple[list[Sentence], np.ndarray],
    tgt: tuple[list[Sentence], np.ndarray],
    embedder: Embedder,
    settings: AlignSettings | None,
) -> list[SentenceLink]:
    (src_sentences, src_vecs), (tgt_sentences, tgt_vecs) = src, tgt
    beads = align_texts(
        [s.text for s in src_sentences],
        [s.text for s in tgt_sentences],
        embedder,
        src_vecs=src_vecs,
        tgt_vecs=tgt_vecs,
        src_editorial=[s.editorial for s in src_sentences],
        tgt_editorial=[s.editorial for s in tgt_sentences],
        settings=settings,
    )
    return [
        SentenceLink(
            tuple(src_sentences[i].id for i in bead.src_ids),
            tuple(tgt_sentences[j].id for j in bead.tgt_ids),
            bead.score,
            bead.confidence,
        )
        for bead in beads
    ]


def _unpaired_turn_warning(src: Document, tgt: Document, link: TurnLink) -> list[str]:
    if link.src and link.tgt:
        return []
    document, turns = (src, link.src) if link.src else (tgt, link.tgt)
    turn = document.turns[turns[0]]
    return [
        f"turn {turn.id} ({turn.label or 'preamble'}) has no counterpart in the other text; "
        "its sentences are left unaligned for review."
    ]


def _one_sided_turns_warning(src: Document, tgt: Document) -> list[str]:
    """Say so when only one text reads as a transcript (its turns are then not used)."""
    if src.has_speakers == tgt.has_speakers:
        return []
    with_turns, without = (src, tgt) if src.has_speakers else (tgt, src)
    return [
        f"{with_turns.source} has speaker turns but {without.source} has none; the whole "
        "texts were aligned as prose."
    ]
