"""Align the speaker turns of two transcripts by dynamic programming.

A turn pairs with one turn, with two consecutive turns of the same speaker (a turn split or
joined in translation), or with nothing. A sure speaker pair is a hard constraint: 姬's turn can
never pair with Chervonenko's. Scores: cosine of the turns' centred mean sentence vectors plus a
length prior; the preamble pairs only with the preamble.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from align.document import Turn

# (source turns, target turns) each step of the path may take.
TURN_STEPS = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
_FORBIDDEN = -math.inf


@dataclass(frozen=True)
class TurnSettings:
    """The tuned constants of the turn DP, in units of centred cosine (a true pair of turns
    scores about 0.8-1, an unrelated one about 0); docs/aligner.md says how each was chosen."""

    skip_cost: float = 0.6  # a turn left unpaired: about what a poor but plausible pair gains
    merge_cost: float = 0.15  # a 1-2 or 2-1 step: joining turns must buy a clearly better fit
    length_weight: float = 0.5  # per unit of |log length ratio|: a prior, weaker than content
    length_smoothing: float = 20.0  # characters added to both lengths: short turns vary most
    unsure_speaker_cost: float = 0.3  # pairing speakers the map could not make sure of


@dataclass(frozen=True)
class TurnLink:
    """Indices (0-based, into each document's turn list) of turns that translate each other."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]


@dataclass(frozen=True)
class TurnSide:
    """What the turn DP needs of one document: speakers, centred unit vectors, lengths."""

    speakers: list[str | None]
    vectors: np.ndarray  # (n_turns, dim), rows L2-normalised after centring
    lengths: np.ndarray  # (n_turns,) characters


def turn_side(turns: list[Turn], sentence_vectors: np.ndarray) -> TurnSide:
    """Build a TurnSide from a document's turns and its sentence vectors (reading order)."""
    dim = sentence_vectors.shape[1]
    vectors, lengths, start = np.zeros((len(turns), dim), np.float32), [], 0
    for index, turn in enumerate(turns):
        count = len(turn.sentences)
        if count:
            vectors[index] = sentence_vectors[start : start + count].sum(axis=0)
        lengths.append(sum(len(s.text) for s in turn.sentences))
        start += count
    vectors -= vectors.mean(axis=0)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    return TurnSide([t.speaker for t in turns], vectors, np.asarray(lengths, dtype=float))


def align_turns(
    src: TurnSide,
    tgt: TurnSide,
    speaker_map: dict[str, str],
    settings: TurnSettings | None = None,
) -> list[TurnLink]:
    """Best monotone pairing of turns; ``speaker_map`` holds the sure pairs (src key → tgt key)."""
    ratio = tgt.lengths.sum() / max(src.lengths.sum(), 1.0)
    scorer = _StepScorer(src, tgt, speaker_map, ratio, settings or TurnSettings())
    best, back = _fill(len(src.speakers), len(tgt.speakers), scorer)
    return _traceback(back, len(src.speakers), len(tgt.speakers), best)


def _fill(n_src: int, n_tgt: int, scorer: _StepScorer) -> tuple[np.ndarray, np.ndarray]:
    """best[i, j]: best score of aligning the first i source and j target turns."""
    best = np.full((n_src + 1, n_tgt + 1), _FORBIDDEN)
    back = np.zeros((n_src + 1, n_tgt + 1), dtype=np.int8)
    best[0, 0] = 0.0
    for i in range(n_src + 1):
        for j in range(n_tgt + 1):
            for step, (di, dj) in enumerate(TURN_STEPS):
                if i < di or j < dj or best[i - di, j - dj] == _FORBIDDEN:
                    continue
                score = best[i - di, j - dj] + scorer.score(i - di, j - dj, di, dj)
                if score > best[i, j]:
                    best[i, j], back[i, j] = score, step
    return best, back


def _traceback(back: np.ndarray, n_src: int, n_tgt: int, best: np.ndarray) -> list[TurnLink]:
    if best[n_src, n_tgt] == _FORBIDDEN:
        raise ValueError("no turn alignment satisfies the speaker constraints")
    links, i, j = [], n_src, n_tgt
    while i or j:
        di, dj = TURN_STEPS[back[i, j]]
        links.append(TurnLink(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return links[::-1]


@dataclass
class _StepScorer:
    src: TurnSide
    tgt: TurnSide
    speaker_map: dict[str, str]
    ratio: float
    settings: TurnSettings

    def score(self, i: int, j: int, di: int, dj: int) -> float:
        """Score of the step taking source turns i..i+di and target turns j..j+dj."""
        if di == 0 or dj == 0:
            return -self.settings.skip_cost
        src_speakers = set(self.src.speakers[i : i + di])
        tgt_speakers = set(self.tgt.speakers[j : j + dj])
        if len(src_speakers) > 1 or len(tgt_speakers) > 1:
            return _FORBIDDEN
        speaker_cost = self._speaker_cost(src_speakers.pop(), tgt_speakers.pop())
        if speaker_cost == _FORBIDDEN:
            return _FORBIDDEN
        similarity = float(self._vector(self.src, i, di) @ self._vector(self.tgt, j, dj))
        merge = self.settings.merge_cost if di + dj > 2 else 0.0
        return similarity - self._length_cost(i, j, di, dj) - speaker_cost - merge

    def _speaker_cost(self, src_speaker: str | None, tgt_speaker: str | None) -> float:
        if src_speaker is None or tgt_speaker is None:
            return 0.0 if src_speaker == tgt_speaker else _FORBIDDEN
        if src_speaker in self.speaker_map:
            return 0.0 if self.speaker_map[src_speaker] == tgt_speaker else _FORBIDDEN
        if tgt_speaker in self.speaker_map.values():
            return _FORBIDDEN
        return self.settings.unsure_speaker_cost

    def _length_cost(self, i: int, j: int, di: int, dj: int) -> float:
        src_length = self.src.lengths[i : i + di].sum() * self.ratio
        tgt_length = self.tgt.lengths[j : j + dj].sum()
        smoothing = self.settings.length_smoothing
        ratio = (tgt_length + smoothing) / (src_length + smoothing)
        return self.settings.length_weight * abs(math.log(ratio))

    @staticmethod
    def _vector(side: TurnSide, start: int, count: int) -> np.ndarray:
        vector = side.vectors[start : start + count].sum(axis=0)
        return vector / max(float(np.linalg.norm(vector)), 1e-9)
