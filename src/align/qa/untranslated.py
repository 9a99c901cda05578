"""Untranslated text: the source's script left in the target, the target's in the source.

Han characters in an English translation are almost always text left untranslated (a pasted
fragment, a name kept in characters). Latin words in the Chinese are normal for names, codes and
abbreviations (PRC FMA 118-01765-04, NATO), so they count only when the target does not contain
them too.
"""

from __future__ import annotations

import re

from align.qa.context import CheckContext, LinkView, span_of
from align.qa.findings import Finding, Span, finding_on

# Runs of each language's own script; a run of one language's script inside the other's text.
SCRIPTS = {
    "zh": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df]+"),
    "en": re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]"),
}


def check_untranslated(view: LinkView, context: CheckContext) -> list[Finding]:
    """Source-script runs in the target; target-script runs in the source not in the target."""
    src_script, tgt_script = SCRIPTS.get(context.src_lang), SCRIPTS.get(context.tgt_lang)
    if src_script is None or tgt_script is None:
        return []
    evidence = _runs(view, "tgt", src_script) + [
        span
        for span in _runs(view, "src", tgt_script)
        if span.text.lower() not in view.text("tgt").lower()
    ]
    if not evidence:
        return []
    shown = ", ".join(span.text for span in evidence[:3])
    message = f"text left untranslated: {shown}"
    return [
        finding_on(view.link, "untranslated", "accuracy/untranslated", "major", message, evidence)
    ]


def _runs(view: LinkView, side: str, script: re.Pattern) -> list[Span]:
    return [
        span_of(sentence, match.start(), match.end(), side)
        for sentence in view.side(side)
        for match in script.finditer(sentence.text)
    ]
