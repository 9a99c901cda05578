"""Numbers and dates read from text as comparable values, and the matching of two sides.

A ``Quantity`` is a closed range of values (``low == high`` for an exact number; 十几 is 11-19,
三四个 is 3-4), where it stands, and what it is (``number``, ``date``, ``time``). Two sides
agree when their quantities pair off one to one with overlapping ranges: a multiset comparison,
so word order and sentence order inside a link do not matter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

KINDS = ("number", "date", "time")


@dataclass(frozen=True)
class Quantity:
    """Values ``low..high`` read at ``start:end`` of a text; ``weak`` = often left untranslated.

    Small numbers written as words (两个, "two", 第二/"second") are *weak*: translators turn them
    into "both", "a couple" or nothing, so one alone on one side is no evidence of an error."""

    low: float
    high: float
    start: int
    end: int
    kind: str = "number"
    weak: bool = False

    @classmethod
    def exact(cls, value: float, start: int, end: int, kind: str = "number", weak: bool = False):
        """A single value."""
        return cls(value, value, start, end, kind, weak)

    def overlaps(self, other: Quantity) -> bool:
        """True when the two ranges share a value (relative tolerance for decimals)."""
        slack = 1e-6 * max(abs(self.high), abs(other.high), 1.0)
        return self.low <= other.high + slack and other.low <= self.high + slack


def unmatched(src: list[Quantity], tgt: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """The quantities of each side left over after pairing them off one to one.

    Exact equal values pair first, then narrow ranges before wide ones, so a range never takes the
    counterpart an exact number needed (greedy is enough: links hold a handful of numbers)."""
    free_tgt = list(tgt)
    left_src = []
    for quantity in sorted(src, key=lambda q: (q.high - q.low, q.low)):
        partner = _best_partner(quantity, free_tgt)
        if partner is None:
            left_src.append(quantity)
        else:
            free_tgt.remove(partner)
    return sorted(left_src, key=lambda q: q.start), free_tgt


def _best_partner(quantity: Quantity, candidates: list[Quantity]) -> Quantity | None:
    fits = [other for other in candidates if quantity.overlaps(other)]
    if not fits:
        return None
    return min(fits, key=lambda other: (other.high - other.low, abs(other.low - quantity.low)))


def read_in_passes(
    text: str, passes: Iterable[Callable[[str], Iterable[Quantity]]], mask: str
) -> tuple[list[Quantity], str]:
    """Run readers in order, each on the text with earlier readers' matches masked out (same
    length, so spans stay valid); the quantities in reading order, and the masked text."""
    found: list[Quantity] = []
    for reader in passes:
        new = list(reader(text))
        for quantity in new:
            text = (
                text[: quantity.start]
                + mask * (quantity.end - quantity.start)
                + text[quantity.end :]
            )
        found.extend(new)
    return sorted(found, key=lambda q: q.start), text
