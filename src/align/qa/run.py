"""Run the checks over an alignment, or over some of its links after an edit.

Every per-link check is ``check(view, context) -> list[Finding]`` (``CHECKS_PER_LINK``, in the
order findings are listed for a link); consistency is the one check of the whole corpus, run by
``check_alignment`` only, since a rendering is inconsistent only against all the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from align.alignment import Alignment, SentenceLink
from align.qa.context import CheckContext, LinkView
from align.qa.findings import Finding
from align.qa.glossary import Glossary, Term
from align.qa.lengths import check_confidence, check_length, check_null_link
from align.qa.names import NameLexicon, check_names
from align.qa.names_learned import learn_names
from align.qa.numbers import check_numbers
from align.qa.settings import QaSettings
from align.qa.terms import check_consistency, check_terminology
from align.qa.untranslated import check_untranslated

LinkCheck = Callable[[LinkView, CheckContext], list[Finding]]
CHECKS_PER_LINK: tuple[LinkCheck, ...] = (
    check_null_link,
    check_length,
    check_numbers,
    check_names,
    check_untranslated,
    check_terminology,
    check_confidence,
)


def check_alignment(
    alignment: Alignment, glossary: Glossary | None = None, settings: QaSettings | None = None
) -> list[Finding]:
    """All findings of an alignment: every link's, then the corpus-wide consistency findings."""
    context = make_context(alignment, glossary, settings)
    views = [context.view(link) for link in alignment.links]
    findings = [f for view in views for f in _run_link(view, context)]
    return findings + check_consistency(
        views, consistency_terms(context), context.settings.consistency_min_uses
    )


def check_links(
    alignment: Alignment,
    links: Iterable[SentenceLink],
    glossary: Glossary | None = None,
    settings: QaSettings | None = None,
) -> list[Finding]:
    """Findings of some links only (those an edit touched), judged against the whole alignment
    (its length prior and names), without the corpus-wide consistency check."""
    context = make_context(alignment, glossary, settings)
    return [f for link in links for f in _run_link(context.view(link), context)]


def make_context(
    alignment: Alignment, glossary: Glossary | None = None, settings: QaSettings | None = None
) -> CheckContext:
    """The shared context of the checks: sentence index, length prior, names."""
    context = CheckContext.build(alignment, settings or QaSettings(), glossary)
    views = [context.view(link) for link in alignment.links]
    context.names = NameLexicon.for_context(context, learn_names(views, context.settings))
    return context


def _run_link(view: LinkView, context: CheckContext) -> list[Finding]:
    return [finding for check in CHECKS_PER_LINK for finding in check(view, context)]


def consistency_terms(context: CheckContext) -> list[Term]:
    """Terms whose renderings are compared across the corpus: the glossary's, with the forms
    of the alignment's names (a name may be spelled two ways: Zhou Enlai, Chou En-lai)."""
    terms = list(context.glossary.terms) if context.glossary else []
    for name in context.names.names:
        for source in name.src_forms:
            if len(source) >= 2 and len(name.tgt_forms) >= 2 and not name.learned:
                terms.append(
                    Term(source, tuple(sorted(name.tgt_forms, key=lambda f: (-len(f), f))))
                )
    return terms
