"""Alignment scoring exactly as Vecalign's ``score.py`` (and Bertalign).

*Strict* counts a predicted link that equals a gold link; *lax* counts one that shares at least
one sentence with a gold link on both sides. Precision is over every predicted link (a predicted
1-0 or 0-1 is right only if gold has that exact null link); recall is over gold links with both
sides non-empty, matched against predicted links with both sides non-empty. Counts are summed
over documents before dividing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from align.evaluation.links import Id, Link


@dataclass
class Counts:
    """True/false positive counts, strict and lax, as in Vecalign's ``_precision``."""

    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int]:
        """The four counts in Vecalign's order."""
        return (self.tp_strict, self.fp_strict, self.tp_lax, self.fp_lax)


def _match_counts(reference: Sequence[Link], test: Sequence[Link]) -> Counts:
    """Count test links matching reference links exactly (strict) or by overlap (lax)."""
    reference_set = {(tuple(s), tuple(t)) for s, t in reference if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    src_to_tgt: dict[Id, set[Id]] = defaultdict(set)
    for src, tgt in reference_set:
        for src_id in src:
            src_to_tgt[src_id].update(tgt)
    counts = Counts()
    for src, tgt in test_set:
        if (src, tgt) in reference_set:
            counts.tp_strict += 1
            counts.tp_lax += 1
            continue
        counts.fp_strict += 1
        reachable = set().union(*(src_to_tgt.get(i, set()) for i in src))
        if reachable.intersection(tgt):
            counts.tp_lax += 1
        else:
            counts.fp_lax += 1
    return counts


@dataclass
class Score:
    """Precision/recall counts of one or more documents, with P/R/F1 derived."""

    precision: Counts = field(default_factory=Counts)
    recall: Counts = field(default_factory=Counts)

    def __add__(self, other: Score) -> Score:
        return Score(self.precision + other.precision, self.recall + other.recall)

    def p_strict(self) -> float:
        """Strict precision."""
        return _ratio(self.precision.tp_strict, self.precision.fp_strict)

    def r_strict(self) -> float:
        """Strict recall."""
        return _ratio(self.recall.tp_strict, self.recall.fp_strict)

    def p_lax(self) -> float:
        """Lax precision."""
        return _ratio(self.precision.tp_lax, self.precision.fp_lax)

    def r_lax(self) -> float:
        """Lax recall."""
        return _ratio(self.recall.tp_lax, self.recall.fp_lax)

    def f1_strict(self) -> float:
        """Strict F1."""
        return _f1(self.p_strict(), self.r_strict())

    def f1_lax(self) -> float:
        """Lax F1."""
        return _f1(self.p_lax(), self.r_lax())


def _ratio(hits: int, misses: int) -> float:
    """hits / (hits + misses), 0.0 when both are zero (Vecalign's default)."""
    return hits / (hits + misses) if hits + misses else 0.0


def _f1(precision: float, recall: float) -> float:
    """Harmonic mean, 0.0 when both are zero."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_links(gold: Sequence[Link], pred: Sequence[Link]) -> Score:
    """Score one document's predicted links against gold (Vecalign's definitions)."""
    gold_full = [(s, t) for s, t in gold if s and t]
    pred_full = [(s, t) for s, t in pred if s and t]
    return Score(precision=_match_counts(gold, pred), recall=_match_counts(pred_full, gold_full))


def score_documents(golds: Sequence[Sequence[Link]], preds: Sequence[Sequence[Link]]) -> Score:
    """Score several documents with counts summed before dividing."""
    total = Score()
    for gold, pred in zip(golds, preds, strict=True):
        total = total + score_links(gold, pred)
    return total


def link_type(link: Link) -> str:
    """The shape of a link as ``"m-n"`` (source count, target count), e.g. ``"1-2"``."""
    return f"{len(link[0])}-{len(link[1])}"


def type_recall(
    golds: Sequence[Sequence[Link]], preds: Sequence[Sequence[Link]]
) -> dict[str, tuple[int, int]]:
    """Strict recall per gold link type: ``{"1-2": (found, total), ...}`` including nulls."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for gold, pred in zip(golds, preds, strict=True):
        pred_set = {(tuple(s), tuple(t)) for s, t in pred}
        for link in gold:
            total[link_type(link)] += 1
            found[link_type(link)] += (tuple(link[0]), tuple(link[1])) in pred_set
    return {kind: (found[kind], total[kind]) for kind in sorted(total, key=_type_order)}


def _type_order(kind: str) -> tuple[int, int, int]:
    """Order link types: 1-1, then by size and source count: 1-0, 0-1, 1-2, 2-1, 1-3 ..."""
    src, tgt = map(int, kind.split("-"))
    return (kind != "1-1", src + tgt, src if src and tgt else -src)
