"""Omission and addition: sentences aligned to nothing, and links far from the length prior.

A sentence on one side only is an omission (source) or addition (target), unless it is an
editorial insertion ([Not reviewed by …], stage directions, [...]), which is reported as an
informational note. A full link is judged against the pair's own length prior
(``context.LengthPrior``): far too short a target suggests an omission inside the link, far too
long one an addition.
"""

from __future__ import annotations

from align.qa.context import CheckContext, LinkView, whole
from align.qa.findings import NOTE, Finding, finding_on


def check_null_link(view: LinkView, context: CheckContext) -> list[Finding]:
    """1-0 and 0-1 links: an omission, an addition, or an editorial note."""
    if view.src and view.tgt:
        return []
    side = "src" if view.src else "tgt"
    sentences = view.side(side)
    evidence = [whole(sentence, side) for sentence in sentences]
    if all(sentence.editorial for sentence in sentences):
        message = "editorial text with no counterpart (translator's or archive's note)"
        return [finding_on(view.link, NOTE, "other", "minor", message, evidence)]
    if side == "src":
        message = f"{len(sentences)} source sentence(s) with no translation"
        return [finding_on(view.link, "omission", "accuracy/omission", "major", message, evidence)]
    message = f"{len(sentences)} target sentence(s) with no source"
    return [finding_on(view.link, "addition", "accuracy/addition", "major", message, evidence)]


def check_length(view: LinkView, context: CheckContext) -> list[Finding]:
    """A full link whose length ratio is far outside the pair's own prior."""
    settings = context.settings
    if not view.src or not view.tgt or any(s.editorial for s in view.src + view.tgt):
        return []
    if sum(len(s.text) for s in view.src) < settings.length_min_chars:
        return []
    z = context.length_prior.z(view)
    if abs(z) < settings.length_z:
        return []
    short = z < 0
    check = "omission" if short else "addition"
    side = "tgt"
    message = (
        f"target is {'shorter' if short else 'longer'} than this pair's translations usually are "
        f"({abs(z):.1f} spreads from its length prior): part of the "
        f"{'source may be untranslated' if short else 'target may have no source'}"
    )
    evidence = [whole(sentence, side) for sentence in view.tgt]
    return [finding_on(view.link, check, f"accuracy/{check}", "minor", message, evidence)]


def check_confidence(view: LinkView, context: CheckContext) -> list[Finding]:
    """An automatic link below the calibrated confidence threshold; reviewed links are trusted."""
    link = view.link
    if link.origin != "auto" or link.status == "confirmed" or not (view.src and view.tgt):
        return []
    if link.confidence >= context.settings.min_confidence:
        return []
    message = f"the aligner is unsure of this link (confidence {link.confidence:.2f})"
    return [finding_on(link, "confidence", "alignment/low-confidence", "minor", message)]
