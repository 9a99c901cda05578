"""The number and date check: both sides of a link must state the same values.

Each side's quantities are read with the reader of its language and paired off (a multiset
comparison, ``quantities.unmatched``). A strong value left over on either side is a finding; weak
ones (small numbers in words) only when both sides have one left, i.e. a number was changed, not
merely rephrased ("两个人" → "both").
"""

from __future__ import annotations

from collections.abc import Callable

from align.document import Sentence
from align.qa import numerals_en, numerals_zh
from align.qa.context import CheckContext, LinkView, span_of
from align.qa.findings import Finding, Span, finding_on
from align.qa.quantities import Quantity, unmatched

Reader = Callable[[str], list[Quantity]]
READERS: dict[str, Reader] = {"zh": numerals_zh.read_quantities, "en": numerals_en.read_quantities}


def reader_for(lang: str) -> Reader:
    """The quantity reader of a language; ValueError naming the languages there are."""
    if lang not in READERS:
        raise ValueError(f"no number reader for language {lang!r}; there are {sorted(READERS)}")
    return READERS[lang]


def check_numbers(view: LinkView, context: CheckContext) -> list[Finding]:
    """A finding when a link's numbers or dates disagree; the leftover values are the evidence."""
    if not view.src or not view.tgt or view.editorial_only:
        return []
    src = _side_quantities(view.src, reader_for(context.src_lang))
    tgt = _side_quantities(view.tgt, reader_for(context.tgt_lang))
    left_src, left_tgt = unmatched([q for _, q in src], [q for _, q in tgt])
    if not _disagree(left_src, left_tgt):
        return []
    evidence = _spans(src, left_src, "src") + _spans(tgt, left_tgt, "tgt")
    is_date = any(q.kind != "number" for q in left_src + left_tgt)
    return [
        finding_on(
            view.link,
            "date" if is_date else "number",
            "accuracy/mistranslation",
            "major",
            _message(left_src, left_tgt, is_date),
            evidence,
        )
    ]


def _side_quantities(
    sentences: tuple[Sentence, ...], reader: Reader
) -> list[tuple[Sentence, Quantity]]:
    return [(s, q) for s in sentences if not s.editorial for q in reader(s.text)]


def _disagree(left_src: list[Quantity], left_tgt: list[Quantity]) -> bool:
    strong = any(not q.weak for q in left_src + left_tgt)
    return strong or bool(left_src and left_tgt)


def _spans(found: list[tuple[Sentence, Quantity]], left: list[Quantity], side: str) -> list[Span]:
    left_ids = {id(q) for q in left}
    return [span_of(s, q.start, q.end, side) for s, q in found if id(q) in left_ids]


def _message(left_src: list[Quantity], left_tgt: list[Quantity], is_date: bool) -> str:
    what = "date or time" if is_date else "number"
    src, tgt = _values(left_src), _values(left_tgt)
    if src and tgt:
        return f"{what} differs: source has {src}, target has {tgt}"
    if src:
        return f"{what} {src} of the source is missing from the target"
    return f"{what} {tgt} of the target has no counterpart in the source"


def _values(quantities: list[Quantity]) -> str:
    return ", ".join(_value(q) for q in quantities)


def _value(quantity: Quantity) -> str:
    low, high = (f"{v:g}" for v in (quantity.low, quantity.high))
    return low if low == high else f"{low}-{high}"
