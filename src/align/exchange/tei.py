"""TEI P5 for scholarly editions: both texts, their speakers and sources, and the links.

Speaker turns are ``<u who="#person-N" xml:id="zh-t3">`` holding ``<s xml:id="zh-t3-s2">``;
turns without a speaker (the preamble, plain prose) are ``<p>`` in a ``<div>``. Editorial
sentences keep their ID but become ``<stage>`` (parenthesised directions) or
``<note type="editorial">`` (bracketed archive insertions). Speakers of both languages who are
the same person share one ``<person>`` in ``particDesc``. Links are ``<link>`` elements in a
``<linkGrp type="translation">`` inside ``<standOff>``; 1-0 and 0-1 links are left out, since a
TEI link joins at least two things. A text whose metadata says ``provenance: reconstruction``
is described as such in its ``<bibl>``, never as the archival original.
"""

from __future__ import annotations

import re

from lxml import etree

import align
from align.alignment import Alignment, SentenceLink
from align.document import Document, Sentence, Turn
from align.exchange.common import ExportOptions, select_links, speaker_name
from align.exchange.safexml import XML_NS, check_xml_text, to_xml_string

TEI_NS = "http://www.tei-c.org/ns/1.0"
LANGUAGE_NAMES = {"zh": "Chinese", "en": "English", "ru": "Russian", "ja": "Japanese"}
_NCNAME_START = re.compile(r"^[A-Za-z_]")
_BIBL_KEYS = ("title", "date", "archive_ref", "pages", "translator", "source_url")
_SKIPPED_KEYS = {"language", "layout", "provenance", "note"}


def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
    element = etree.SubElement(parent, _t(tag), attrs)
    if text is not None:
        element.text = check_xml_text(text, f"the TEI <{tag}>")
    return element


def _set_xml(element: etree._Element, name: str, value: str) -> None:
    element.set(f"{{{XML_NS}}}{name}", value)


def xml_id(stable_id: str) -> str:
    """A stable ID as an ``xml:id`` (an NCName: IDs starting with a digit get an ``id-``)."""
    return stable_id if _NCNAME_START.match(stable_id) else f"id-{stable_id}"


def export_tei(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """TEI P5 text; ``options`` filter the links, both texts are always complete."""
    root = etree.Element(_t("TEI"), nsmap={None: TEI_NS})
    persons = _persons(alignment)
    root.append(_header(alignment, persons))
    text = _sub(root, "text")
    group = _sub(text, "group")
    for document in (alignment.src, alignment.tgt):
        group.append(_text(document, persons))
    stand_off = _sub(root, "standOff")
    links = _sub(stand_off, "linkGrp", type="translation")
    for link in select_links(alignment, options):
        if link.src_ids and link.tgt_ids:
            links.append(_link(link))
    if not len(links):
        stand_off.remove(links)
        root.remove(stand_off)
    return to_xml_string(root, frozenset({"s", "stage", "note", "title", "p"}))


def _persons(alignment: Alignment) -> dict[tuple[str, str], str]:
    """``(lang, speaker key) → person xml:id``; a mapped pair of speakers is one person."""
    persons: dict[tuple[str, str], str] = {}
    for pair in alignment.speakers:
        person = f"person-{len(set(persons.values())) + 1}"
        persons[(alignment.src.lang, pair.src)] = person
        persons.setdefault((alignment.tgt.lang, pair.tgt), person)
    for document in (alignment.src, alignment.tgt):
        keys = [*document.speakers, *(t.speaker for t in document.turns if t.speaker)]
        for key in keys:
            if (document.lang, key) not in persons:
                persons[(document.lang, key)] = f"person-{len(set(persons.values())) + 1}"
    return persons


def _header(alignment: Alignment, persons: dict[tuple[str, str], str]) -> etree._Element:
    header = etree.Element(_t("teiHeader"))
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    for document in (alignment.src, alignment.tgt):
        title = _sub(title_stmt, "title", document.meta.get("title") or document.source)
        _set_xml(title, "lang", document.lang)
    publication = _sub(file_desc, "publicationStmt")
    _sub(publication, "p", f"Aligned texts exported by align-workbench {align.__version__}.")
    source_desc = _sub(file_desc, "sourceDesc")
    bibls = _sub(source_desc, "listBibl")
    for document in (alignment.src, alignment.tgt):
        bibls.append(_bibl(document))
    profile = _sub(header, "profileDesc")
    usage = _sub(profile, "langUsage")
    for document in (alignment.src, alignment.tgt):
        name = LANGUAGE_NAMES.get(document.lang, document.lang)
        _sub(usage, "language", name, ident=document.lang)
    if persons:
        profile.append(_partic_desc(alignment, persons))
    return header


def _bibl(document: Document) -> etree._Element:
    meta = document.meta
    bibl = etree.Element(_t("bibl"))
    _set_xml(bibl, "id", f"source-{document.lang}")
    _set_xml(bibl, "lang", document.lang)
    reconstruction = meta.get("provenance") == "reconstruction"
    bibl.set("type", "reconstruction" if reconstruction else "source")
    _sub(bibl, "title", meta.get("title") or document.source)
    if meta.get("date"):
        _sub(bibl, "date", meta["date"])
    if meta.get("archive_ref"):
        _sub(bibl, "idno", meta["archive_ref"], type="archive")
    if meta.get("translator"):
        resp = _sub(bibl, "respStmt")
        _sub(resp, "resp", "translated by")
        _sub(resp, "name", meta["translator"])
    if meta.get("pages"):
        _sub(bibl, "biblScope", meta["pages"], unit="page")
    if meta.get("source_url"):
        _sub(bibl, "ref", meta["source_url"], target=meta["source_url"])
    if reconstruction:
        note = "A reconstruction, not the archival original. " + meta.get("note", "")
        _sub(bibl, "note", note.strip(), type="provenance")
    for key, value in meta.items():
        if key not in _BIBL_KEYS and key not in _SKIPPED_KEYS and value:
            _sub(bibl, "note", value, type=re.sub(r"[^\w.\-]", "_", key))
    return bibl


def _partic_desc(alignment: Alignment, persons: dict[tuple[str, str], str]) -> etree._Element:
    partic = etree.Element(_t("particDesc"))
    people = _sub(partic, "listPerson")
    elements: dict[str, etree._Element] = {}
    for (lang, key), person_id in persons.items():
        if person_id not in elements:
            elements[person_id] = _sub(people, "person")
            _set_xml(elements[person_id], "id", person_id)
        document = alignment.src if lang == alignment.src.lang else alignment.tgt
        name = _sub(elements[person_id], "persName", speaker_name(document, key))
        _set_xml(name, "lang", lang)
    return partic


def _text(document: Document, persons: dict[tuple[str, str], str]) -> etree._Element:
    text = etree.Element(_t("text"))
    _set_xml(text, "id", f"text-{document.lang}")
    _set_xml(text, "lang", document.lang)
    body = _sub(text, "body")
    div = None
    for turn in document.turns:
        kind = "transcript" if turn.speaker else "preamble" if document.has_speakers else "text"
        if div is None or div.get("type") != kind:
            div = _sub(body, "div", type=kind)
        div.append(_turn(document, turn, persons))
    return text


def _turn(document: Document, turn: Turn, persons: dict[tuple[str, str], str]) -> etree._Element:
    if turn.speaker:
        element = etree.Element(_t("u"), who=f"#{persons[(document.lang, turn.speaker)]}")
    else:
        element = etree.Element(_t("p"))
    _set_xml(element, "id", xml_id(turn.id))
    for sentence in turn.sentences:
        element.append(_sentence(sentence))
    return element


def _sentence(sentence: Sentence) -> etree._Element:
    text = sentence.text.strip()
    if not sentence.editorial:
        element = etree.Element(_t("s"))
    elif text[:1] in "(（":
        element = etree.Element(_t("stage"))
    else:
        element = etree.Element(_t("note"), type="editorial")
    _set_xml(element, "id", xml_id(sentence.id))
    element.text = check_xml_text(sentence.text, f"sentence {sentence.id}")
    return element


def _link(link: SentenceLink) -> etree._Element:
    targets = " ".join(f"#{xml_id(i)}" for i in (*link.src_ids, *link.tgt_ids))
    element = etree.Element(_t("link"), target=targets, type=link.shape, subtype=link.status)
    if link.origin == "auto" or link.confidence:
        element.set("cert", f"{link.confidence:.3f}")
    return element
