"""Terminology: glossary terms rendered without an approved rendering, and terms rendered
inconsistently across the corpus.

The terminology check is per link. Consistency needs the whole pair: for every glossary term
(and every name the name lexicon knows) the rendering each link uses is counted, and links that
use a minority rendering are reported with the variants and their counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from align.qa.context import CheckContext, LinkView, span_of
from align.qa.findings import Finding, Span, finding_on
from align.qa.glossary import Term, rendering_pattern


def check_terminology(view: LinkView, context: CheckContext) -> list[Finding]:
    """A glossary term in the source whose target uses none of its approved renderings."""
    glossary = context.glossary
    if glossary is None or not view.src or not view.tgt:
        return []
    target = view.text("tgt")
    findings = []
    for sentence in view.src:
        for term, start in glossary.in_text(sentence.text):
            if term.rendering_in(target) is None:
                evidence = [span_of(sentence, start, start + len(term.source), "src")]
                message = f"{term.source} should be rendered as {' or '.join(term.renderings)}"
                findings.append(
                    finding_on(view.link, "terminology", "terminology", "minor", message, evidence)
                )
    return findings


def check_consistency(views: list[LinkView], terms: list[Term], min_uses: int) -> list[Finding]:
    """Links where a term takes a rendering other than its most frequent one in the corpus.

    ``terms`` lists for each source term the renderings to look for (all variants, approved or
    not); only terms used at least ``min_uses`` times with an identified rendering count."""
    uses: dict[str, list[tuple[LinkView, str, Span]]] = defaultdict(list)
    for view in views:
        for term, rendering, span in _renderings_in(view, terms):
            uses[term.source].append((view, rendering, span))
    findings = []
    for source, used in uses.items():
        counts = Counter(rendering for _, rendering, _ in used)
        if len(used) < min_uses or len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        variants = ", ".join(f"{r!r} ×{n}" for r, n in counts.most_common())
        for view, rendering, span in used:
            if rendering != usual:
                message = f"{source} is rendered {rendering!r} here; across the corpus: {variants}"
                findings.append(
                    finding_on(
                        view.link,
                        "consistency",
                        "terminology/inconsistent",
                        "minor",
                        message,
                        [span],
                    )
                )
    return findings


def _renderings_in(view: LinkView, terms: list[Term]):
    """(term, rendering used, target span) for each term of the source found in the link."""
    if not view.src or not view.tgt:
        return
    source = view.text("src")
    for term in terms:
        if term.source not in source:
            continue
        for sentence in view.tgt:
            hit = _first_rendering(term, sentence.text)
            if hit:
                rendering, start, end = hit
                yield term, rendering, span_of(sentence, start, end, "tgt")
                break


def _first_rendering(term: Term, text: str) -> tuple[str, int, int] | None:
    for rendering in term.renderings:
        match = rendering_pattern(rendering).search(text)
        if match:
            return rendering, match.start(), match.end()
    return None
