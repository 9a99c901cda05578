"""The glossary: source terms with their approved target renderings; TBX and CSV in and out.

TBX is ISO 30042 (the core structure, ``TBXcoreStructV02.dtd``): one ``termEntry`` per term,
one ``langSet`` per language, one ``tig/term`` per rendering, a ``note`` for the entry's comment.
CSV has a header ``source,target,note``; several approved renderings share one cell, joined by
`` | ``. Both readers raise ``FormatError`` naming the file and the entry or line at fault.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from align.errors import FormatError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CSV_FIELDS = ("source", "target", "note")
RENDERING_SEPARATOR = " | "


@dataclass(frozen=True)
class Term:
    """One entry: ``source`` (e.g. 周恩来) and the renderings a translation may use for it."""

    source: str
    renderings: tuple[str, ...]
    note: str = ""

    @cached_property
    def patterns(self) -> tuple[re.Pattern, ...]:
        """One pattern per rendering: whole words, any case and spacing, plural or possessive."""
        return tuple(rendering_pattern(rendering) for rendering in self.renderings)

    def rendering_in(self, text: str) -> str | None:
        """The approved rendering ``text`` uses, or None."""
        for rendering, pattern in zip(self.renderings, self.patterns, strict=True):
            if pattern.search(text):
                return rendering
        return None


def rendering_pattern(rendering: str) -> re.Pattern:
    """A rendering as a whole-word, case-insensitive pattern allowing -s/-es/'s at the end."""
    words = [re.escape(word) for word in rendering.split()]
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?:s|es|'s|’s)?(?!\w)", re.I)


@dataclass
class Glossary:
    """Terms of one language pair, looked up by source term."""

    src_lang: str = "zh"
    tgt_lang: str = "en"
    terms: list[Term] = field(default_factory=list)

    def add(self, source: str, renderings: list[str] | tuple[str, ...], note: str = "") -> Term:
        """Add an entry; ValueError when the term or its renderings are empty."""
        cleaned = tuple(r.strip() for r in renderings if r.strip())
        if not source.strip() or not cleaned:
            raise ValueError(f"glossary entry {source!r} needs a term and at least one rendering")
        term = Term(source.strip(), cleaned, note.strip())
        self.terms.append(term)
        return term

    def in_text(self, text: str) -> list[tuple[Term, int]]:
        """Terms that occur in a source text, with where they first occur; longest first, and a
        term inside a longer one found there (中国 in 中国人民) is skipped."""
        found: list[tuple[Term, int]] = []
        taken: list[range] = []
        for term in sorted(self.terms, key=lambda t: -len(t.source)):
            start = text.find(term.source)
            if start >= 0 and not any(start in span for span in taken):
                found.append((term, start))
                taken.append(range(start, start + len(term.source)))
        return found


def read_tbx(data: bytes | str, source: str = "<tbx>", src_lang: str = "zh", tgt_lang: str = "en"):
    """A glossary from TBX text; entries without both languages raise FormatError."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise FormatError(
            f"{source}: not well-formed XML ({error}); export it again as TBX"
        ) from None
    glossary = Glossary(src_lang, tgt_lang)
    for number, entry in enumerate(_iter(root, "termEntry", "conceptEntry"), start=1):
        terms = _lang_terms(entry)
        src_terms, tgt_terms = _for_lang(terms, src_lang), _for_lang(terms, tgt_lang)
        if not src_terms or not tgt_terms:
            raise FormatError(
                f"{source}: termEntry {entry.get('id') or number} lacks a {src_lang} or {tgt_lang} "
                f"term (it has {sorted(terms) or 'none'}); add the missing langSet"
            )
        note = " ".join(n.text or "" for n in _iter(entry, "note")).strip()
        for src_term in src_terms:
            glossary.add(src_term, tgt_terms, note)
    return glossary


def _iter(element, *names: str):
    """Descendants by local name, in any namespace: TBX 2 (termEntry/langSet) and TBX 3
    (conceptEntry/langSec, namespaced) both read."""
    return (
        child
        for child in element.iter()
        if isinstance(child.tag, str) and etree.QName(child).localname in names
    )


def _lang_terms(entry) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {}
    for lang_set in _iter(entry, "langSet", "langSec"):
        texts = ["".join(t.itertext()).strip() for t in _iter(lang_set, "term")]
        terms.setdefault(lang_set.get(XML_LANG, ""), []).extend(t for t in texts if t)
    return terms


def _for_lang(terms: dict[str, list[str]], lang: str) -> list[str]:
    """Terms whose xml:lang is ``lang`` or a region of it (zh-CN, en-US)."""
    return [t for code, texts in terms.items() if code.lower().split("-")[0] == lang for t in texts]


def write_tbx(glossary: Glossary) -> bytes:
    """The glossary as TBX that validates against the core structure DTD."""
    if not glossary.terms:
        raise FormatError("the glossary is empty; TBX needs at least one entry, add a term first")
    root = etree.Element("martif", {"type": "TBX", XML_LANG: glossary.src_lang})
    header = etree.SubElement(etree.SubElement(root, "martifHeader"), "fileDesc")
    etree.SubElement(etree.SubElement(header, "sourceDesc"), "p").text = "align-workbench glossary"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, start=1):
        entry = etree.SubElement(body, "termEntry", id=f"term-{number}")
        if term.note:
            etree.SubElement(entry, "note").text = term.note
        _lang_set(entry, glossary.src_lang, [term.source])
        _lang_set(entry, glossary.tgt_lang, list(term.renderings))
    doctype = '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">'
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype
    )


def _lang_set(entry, lang: str, texts: list[str]) -> None:
    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
    for text in texts:
        etree.SubElement(etree.SubElement(lang_set, "tig"), "term").text = text


def read_csv(text: str, source: str = "<csv>", src_lang: str = "zh", tgt_lang: str = "en"):
    """A glossary from CSV with a ``source,target[,note]`` header."""
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not rows.fieldnames or not {"source", "target"} <= set(rows.fieldnames):
        raise FormatError(
            f"{source}, line 1: header {rows.fieldnames} lacks source and target; "
            "start the file with: source,target,note"
        )
    glossary = Glossary(src_lang, tgt_lang)
    for row in rows:
        renderings = (row["target"] or "").split(RENDERING_SEPARATOR.strip())
        try:
            glossary.add(row["source"] or "", renderings, row.get("note") or "")
        except ValueError as error:
            raise FormatError(f"{source}, line {rows.line_num}: {error}") from None
    return glossary


def write_csv(glossary: Glossary) -> str:
    """The glossary as CSV, renderings of one term joined by `` | ``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for term in glossary.terms:
        writer.writerow([term.source, RENDERING_SEPARATOR.join(term.renderings), term.note])
    return out.getvalue()
