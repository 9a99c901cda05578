"""The number and date check: both sides of a link must state the same values.

Each side's quantities are read with the reader of its language and paired off (a multiset
comparison, ``quantities.unmatched``). A strong value left over on either side is a finding; weak
ones (small numbers in words) only when both sides have one left, i.e. a number was changed, not
merely rephrased ("两个人" → "both").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from align.document import Sentence
from align.qa import numerals_en, numerals_zh
from align.qa.context import CheckContext, LinkView, span_of
from align.qa.findings import Finding, finding_on
from align.qa.quantities import Quantity, unmatched

Reader = Callable[[str], list[Quantity]]
READERS: dict[str, Reader] = {"zh": numerals_zh.read_quantities, "en": numerals_en.read_quantities}


def reader_for(lang: str) -> Reader:
    """The quantity reader of a language; ValueError naming the languages there are."""
    if lang not in READERS:
        raise ValueError(f"no number reader for language {lang!r}; there are {sorted(READERS)}")
    return READERS[lang]


Found = list[tuple[Sentence, Quantity]]


def check_numbers(view: LinkView, context: CheckContext) -> list[Finding]:
    """A finding when a link's numbers or dates disagree; the leftover values are the evidence."""
    if not view.src or not view.tgt or view.editorial_only:
        return []
    left_src, left_tgt = leftovers(view, context)
    recurring = systematic(context)
    left_src = [(s, q) for s, q in left_src if _label(s, q) not in recurring]
    src_values, tgt_values = [q for _, q in left_src], [q for _, q in left_tgt]
    if not _disagree(src_values, tgt_values):
        return []
    evidence = [
        span_of(s, q.start, q.end, side)
        for side, found in (("src", left_src), ("tgt", left_tgt))
        for s, q in found
    ]
    is_date = any(q.kind != "number" for q in src_values + tgt_values)
    return [
        finding_on(
            view.link,
            "date" if is_date else "number",
            "accuracy/mistranslation",
            "major",
            _message(src_values, tgt_values, is_date),
            evidence,
        )
    ]


def leftovers(view: LinkView, context: CheckContext) -> tuple[Found, Found]:
    """Each side's quantities that found no partner on the other side (cached per link)."""
    key = ("numbers", view.link.src_ids, view.link.tgt_ids)
    if key not in context.cache:
        src = _side_quantities(view.src, reader_for(context.src_lang))
        tgt = _side_quantities(view.tgt, reader_for(context.tgt_lang))
        left_src, left_tgt = unmatched([q for _, q in src], [q for _, q in tgt])
        keep_src, keep_tgt = {id(q) for q in left_src}, {id(q) for q in left_tgt}
        context.cache[key] = (
            [(s, q) for s, q in src if id(q) in keep_src],
            [(s, q) for s, q in tgt if id(q) in keep_tgt],
        )
    return context.cache[key]


def systematic(context: CheckContext) -> set[str]:
    """Source numerals that go untranslated in many links of the pair: a name or set phrase
    (茅十八 "Whiskers"), not a number, since one error is not repeated in every link. Weak
    ones (两, 三) are left out: they go untranslated often, for no one reason."""
    if "systematic numbers" not in context.cache:
        counts: Counter[str] = Counter()
        for link in context.alignment.links:
            view = context.view(link)
            if view.src and view.tgt:
                counts.update({_label(s, q) for s, q in leftovers(view, context)[0] if not q.weak})
        least = context.settings.number_systematic_links
        context.cache["systematic numbers"] = {text for text, n in counts.items() if n >= least}
    return context.cache["systematic numbers"]


def _label(sentence: Sentence, quantity: Quantity) -> str:
    """The numeral with the character before it (茅十八): what recurs when it is a name."""
    return sentence.text[max(0, quantity.start - 1) : quantity.end]


def _side_quantities(sentences: tuple[Sentence, ...], reader: Reader) -> Found:
    return [(s, q) for s in sentences if not s.editorial for q in reader(s.text)]


def _disagree(left_src: list[Quantity], left_tgt: list[Quantity]) -> bool:
    strong = any(not q.weak for q in left_src + left_tgt)
    return strong or bool(left_src and left_tgt)


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
