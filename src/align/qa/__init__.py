"""Translation checks (DESIGN §4): findings on the links of an alignment.

    from align.qa import check_alignment, check_links, Glossary, QaSettings
    findings = check_alignment(alignment, glossary=None, settings=None)   # list[Finding]
    again = check_links(alignment, edited_links, glossary)                # after an edit

A pure layer: alignment in, findings out; it reads no files, no store and no model. Each finding
has ``check``, ``mqm``, ``severity``, ``src``/``tgt`` sentence IDs, ``evidence`` spans and a
``fingerprint`` (link + check + evidence text) to remember dismissals by. ``docs/qa.md`` lists the
rules and the benchmark figures.
"""

from align.qa.findings import CHECKS, NOTE, Finding, Span
from align.qa.glossary import Glossary, Term, read_csv, read_tbx, write_csv, write_tbx
from align.qa.run import check_alignment, check_links
from align.qa.settings import QaSettings

__all__ = [
    "CHECKS",
    "NOTE",
    "Finding",
    "Glossary",
    "QaSettings",
    "Span",
    "Term",
    "check_alignment",
    "check_links",
    "read_csv",
    "read_tbx",
    "write_csv",
    "write_tbx",
]
