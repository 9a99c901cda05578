"""Alignment error rate (Och & Ney 2003) with precision and recall, counts summed over pairs.

With predicted links A, sure S and possible P (S is inside P): precision = |A∩P| / |A|,
recall = |A∩S| / |S|, AER = 1 − (|A∩S| + |A∩P|) / (|A| + |S|).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Link = tuple[int, int]


@dataclass(frozen=True)
class AerScore:
    """Summed counts over a corpus and the three rates computed from them."""

    predicted: int
    sure: int
    hit_sure: int
    hit_possible: int

    @property
    def precision(self) -> float:
        """|A∩P| / |A| (1.0 when nothing was predicted)."""
        return self.hit_possible / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """|A∩S| / |S| (1.0 when there is no sure link)."""
        return self.hit_sure / self.sure if self.sure else 1.0

    @property
    def aer(self) -> float:
        """1 − (|A∩S| + |A∩P|) / (|A| + |S|)."""
        total = self.predicted + self.sure
        return 1.0 - (self.hit_sure + self.hit_possible) / total if total else 0.0


def score_aer(
    predicted: Sequence[Iterable[Link]], gold: Sequence[tuple[set[Link], set[Link]]]
) -> AerScore:
    """AER over sentence pairs: ``predicted[n]`` against ``gold[n]`` = (sure, possible)."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted alignments for {len(gold)} gold ones")
    counts = [0, 0, 0, 0]
    for links, (sure, possible) in zip(predicted, gold, strict=True):
        found = set(links)
        counts[0] += len(found)
        counts[1] += len(sure)
        counts[2] += len(found & sure)
        counts[3] += len(found & (possible | sure))
    return AerScore(*counts)
