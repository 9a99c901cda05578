"""Citations: a pair of aligned segments (plain text, Chicago note) and a document pair
(BibTeX, CSL-JSON), each with the permalink ``<base>/d/<doc>/l/<zh ids>~<en ids>``.

The source document is the Chinese text and the target its published English translation,
whose metadata carries the archive's citation. A Chinese text whose metadata says
``provenance: reconstruction`` is always cited as a reconstruction, never as the archival
original; its own note (what it is based on, that it must not be cited as a source) is kept.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from align.alignment import Alignment, SentenceLink
from align.document import Document
from align.errors import FormatError
from align.exchange.common import SentenceIndex

STYLES = ("plain", "chicago")
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%Y")
_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")


def permalink(base_url: str, doc_id: str, link: SentenceLink) -> str:
    """``<base>/d/<doc>/l/<zh ids>~<en ids>``, IDs comma-joined, the document ID escaped."""
    ids = f"{','.join(link.src_ids)}~{','.join(link.tgt_ids)}"
    return f"{base_url.rstrip('/')}/d/{quote(doc_id, safe='')}/l/{ids}"


def is_reconstruction(document: Document) -> bool:
    """True when the text is a modern reconstruction, not an archival original."""
    return document.meta.get("provenance", "").strip().lower() == "reconstruction"


def cite_pair(
    alignment: Alignment, link: SentenceLink, doc_id: str, base_url: str, style: str = "plain"
) -> str:
    """A citation of one aligned pair in ``style`` ("plain" or "chicago")."""
    if style not in STYLES:
        raise FormatError(f"unknown citation style {style!r}; choose plain or chicago.")
    if link not in alignment.links:
        raise FormatError(f"link {link.shape} {link.src_ids}~{link.tgt_ids} is not in {doc_id}.")
    pair = _Pair(alignment, link, permalink(base_url, doc_id, link))
    return pair.chicago() if style == "chicago" else pair.plain()


class _Pair:
    """The parts of a pair citation, gathered once for either style."""

    def __init__(self, alignment: Alignment, link: SentenceLink, url: str) -> None:
        src, tgt = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
        self.link, self.url = link, url
        self.original, self.translation = alignment.src, alignment.tgt
        self.src_text, self.tgt_text = src.text(link.src_ids), tgt.text(link.tgt_ids)
        names = [tgt.speaker_name(link.tgt_ids), src.speaker_name(link.src_ids)]
        names = [name for name in names if name]
        self.speaker = names[0] + (f" ({names[1]})" if len(names) > 1 else "") if names else ""

    def plain(self) -> str:
        """Quotes, the archive's own citation, the Chinese text's provenance, IDs and link."""
        meta = self.translation.meta
        lines = [self._quotes(" / ")]
        citation = meta.get("citation") or _fallback_citation(self.translation)
        if meta.get("translator") and meta["translator"] not in citation:
            citation += f" Translated by {meta['translator']}."
        if meta.get("source_url") and meta["source_url"] not in citation:
            citation += f" <{meta['source_url']}>"
        lines.append(f"{_language(self.translation)}: {citation}")
        lines.append(f"{_language(self.original)}: {self._original_source()}")
        lines.append(f"Segments {self._ids()}: {self.url}")
        return "\n".join(lines)

    def chicago(self) -> str:
        """One Chicago-style note built from the metadata's parts."""
        meta = self.translation.meta
        title = f"“{_note_title(meta.get('title') or self.translation.source)},” "
        parts = [meta.get("date"), _archive_name(meta), meta.get("archive_ref"), meta.get("pages")]
        if meta.get("translator"):
            parts.append(f"trans. {meta['translator']}")
        parts.append(meta.get("source_url"))
        head = f"{self.speaker}, " if self.speaker else ""
        quoted = f"“{_note_title(self.tgt_text)},” " if self.tgt_text else ""
        where = ", ".join(self.link.tgt_ids) or "no English text"
        note = f"{head}{quoted}in {title}{', '.join(p for p in parts if p)}, {where}"
        original = f"{_language(self.original)} text ({', '.join(self.link.src_ids) or 'none'})"
        if self.src_text:
            original += f": “{self.src_text}”"
        original += f", from {_original_title(self.original)}, {_provenance(self.original, False)}"
        return f"{note}; {original}, {self.url}."

    def _quotes(self, separator: str) -> str:
        quotes = [f"“{text}”" for text in (self.tgt_text, self.src_text) if text]
        return (f"{self.speaker}: " if self.speaker else "") + separator.join(quotes)

    def _ids(self) -> str:
        return (
            f"{' '.join(self.link.src_ids) or '(none)'} ~ {' '.join(self.link.tgt_ids) or '(none)'}"
        )

    def _original_source(self) -> str:
        return f"{_original_title(self.original)}, {_provenance(self.original, True)}."


def _original_title(document: Document) -> str:
    return document.meta.get("title") or document.source


def _provenance(document: Document, with_note: bool) -> str:
    """What the Chinese text is: a reconstruction says so (with its own note if asked)."""
    meta = document.meta
    if is_reconstruction(document):
        note = f". {meta['note'].rstrip('.')}" if with_note and meta.get("note") else ""
        return f"a reconstruction, not the archival original{note}"
    return f"archival original, {meta['archive_ref']}" if meta.get("archive_ref") else "original"


def _language(document: Document) -> str:
    names = {"zh": "Chinese", "en": "English", "ru": "Russian"}
    return names.get(document.lang, document.lang)


def _fallback_citation(document: Document) -> str:
    meta = document.meta
    parts = [meta.get("title") or document.source, meta.get("date"), meta.get("archive_ref")]
    return ", ".join(p for p in parts if p) + "."


def _note_title(text: str) -> str:
    """Chicago puts the comma inside the quotes: a final period gives way to it."""
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


def cite_document_csl(alignment: Alignment, doc_id: str) -> list[dict[str, Any]]:
    """CSL-JSON items: the published translation and the Chinese text (as what it is)."""
    return [_csl_item(alignment.tgt, doc_id), _csl_item(alignment.src, doc_id)]


def _csl_item(document: Document, doc_id: str) -> dict[str, Any]:
    meta = document.meta
    item: dict[str, Any] = {
        "id": f"{doc_id}-{document.lang}",
        "type": "manuscript",
        "title": meta.get("title") or document.source,
        "language": document.lang,
    }
    when = parse_date(meta.get("date", ""))
    date_key = "issued"
    if is_reconstruction(document):
        item["type"], item["genre"], date_key = "document", "reconstruction", "original-date"
        description = _provenance(document, True)
        item["note"] = description[:1].upper() + description[1:] + "."
    if when:
        item[date_key] = {"date-parts": [[when.year, when.month, when.day]]}
    extra = {
        "archive": _archive_name(meta),
        "archive_location": meta.get("archive_ref"),
        "page": meta.get("pages"),
        "URL": meta.get("source_url"),
    }
    item.update({key: value for key, value in extra.items() if value})
    if meta.get("translator"):
        item["translator"] = [{"literal": meta["translator"]}]
    if meta.get("citation") and "note" not in item:
        item["note"] = meta["citation"]
    return item


def cite_document_bibtex(alignment: Alignment, doc_id: str) -> str:
    """BibTeX (biblatex fields) for the translation and the Chinese text."""
    return "\n".join(_bibtex_entry(item) for item in cite_document_csl(alignment, doc_id))


def _bibtex_entry(item: dict[str, Any]) -> str:
    key = re.sub(r"[^A-Za-z0-9_.:\-]", "-", item["id"])
    fields = {
        "title": item["title"],
        "langid": item["language"],
        "howpublished": item.get("archive"),
        "number": item.get("archive_location"),
        "pages": item.get("page"),
        "url": item.get("URL"),
        "translator": item["translator"][0]["literal"] if item.get("translator") else None,
        "note": item.get("note"),
        "type": item.get("genre"),
    }
    for name, csl_key in (("date", "issued"), ("origdate", "original-date")):
        if csl_key in item:
            fields[name] = "-".join(f"{part:02d}" for part in item[csl_key]["date-parts"][0])
    body = ",\n".join(
        f"  {name} = {{{value if name == 'url' else _bibtex_escape(str(value))}}}"
        for name, value in fields.items()
        if value
    )
    return f"@misc{{{key},\n{body}\n}}\n"


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)
