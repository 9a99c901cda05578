"""XLIFF 2.1 for CAT tools: a ``unit`` per turn pair, a ``segment`` per link, flags as ITS issues.

Review state → ``state``: a confirmed link whose flags are all settled is ``final``; confirmed
with an open flag is ``reviewed``; unreviewed is ``translated`` (a human translation exists, the
pairing is unchecked); disputed is ``initial``, which CAT tools (translate-toolkit among them)
treat as needing work. ``subState="align:<status>"`` keeps our own value. A 1-0 link (source
with no translation) is a segment without a target, state ``initial``. A 0-1 link (English
with no source: an addition or translator's note) is an ``ignorable`` with an empty source, so
the text stays in place but no tool offers it as a translation. Sentence IDs, status and
confidence per segment are in the Metadata module (``mda``); flags are ITS Localization
Quality Issues in standoff form, referenced from an ``mrk`` around the target text. The pair's
metadata (``align.exchange.meta``) is in file-level notes. Every source and target says
``xml:space="preserve"`` so tools keep TABs and line breaks; languages are BCP 47 tags. Valid
against the OASIS XLIFF 2.1 core, Metadata and ITS module schemas (``its:version`` is "2.0":
the ITS version, not XLIFF's).
"""

from __future__ import annotations

from lxml import etree

from align.alignment import Alignment, Flag, SentenceLink
from align.exchange.common import (
    ExportOptions,
    SentenceIndex,
    TurnPair,
    group_links,
    select_links,
    speaker_name,
)
from align.exchange.languages import language_tag
from align.exchange.meta import file_name, header_fields, needs_provenance_note, provenance_note
from align.exchange.safexml import XML_NS, check_xml_text, to_xml_string

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
ITS_NS = "http://www.w3.org/2005/11/its"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
NSMAP = {None: XLIFF_NS, "its": ITS_NS, "mda": MDA_NS}
# MQM category → ITS 2.0 locQualityIssueType; severities → ITS 0–100 scale.
ITS_TYPES = {
    "accuracy/omission": "omission",
    "accuracy/addition": "addition",
    "accuracy/mistranslation": "mistranslation",
    "accuracy/untranslated": "untranslated",
    "terminology": "terminology",
    "terminology/inconsistent": "inconsistency",
    "fluency": "other",
    "style": "style",
    "alignment/low-confidence": "non-conformance",
    "other": "other",
}
ITS_SEVERITY = {"minor": "30", "major": "70", "critical": "100"}


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def export_xliff(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """XLIFF 2.1 text: one file, a unit per turn pair holding the selected links."""
    root = etree.Element(
        _x("xliff"),
        nsmap=NSMAP,
        version="2.1",
        srcLang=language_tag(alignment.src),
        trgLang=language_tag(alignment.tgt),
    )
    root.set(f"{{{ITS_NS}}}version", "2.0")
    file = etree.SubElement(root, _x("file"), id="f1", original=file_name(alignment.src.source))
    _file_notes(file, alignment)
    links = select_links(alignment, options)
    offset = 0
    for unit_number, (pair, unit_links) in enumerate(group_links(alignment, links), start=1):
        file.append(_unit(alignment, unit_number, pair, unit_links, offset))
        offset += len(unit_links)
    if not offset:
        etree.SubElement(file, _x("unit"), id="u0").append(_empty_segment())
    return to_xml_string(root, frozenset({"source", "target", "note", "meta"}))


def _file_notes(file: etree._Element, alignment: Alignment) -> None:
    """Provenance warnings first (what a translator must see), then every metadata field."""
    notes = [
        ("provenance", provenance_note(document))
        for document in (alignment.src, alignment.tgt)
        if needs_provenance_note(document)
    ]
    notes.extend(header_fields(alignment))
    container = etree.SubElement(file, _x("notes"))
    for category, text in notes:
        note = etree.SubElement(container, _x("note"), category=category)
        note.text = check_xml_text(text, f"the {category} note")


def _unit(
    alignment: Alignment, unit_number: int, pair: TurnPair, links: list[SentenceLink], offset: int
) -> etree._Element:
    name = f"{' '.join(pair[0])}~{' '.join(pair[1])}"
    unit = etree.Element(_x("unit"), id=f"u{unit_number}", name=name)
    src, tgt = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
    issues = [_issues(link, offset + n) for n, link in enumerate(links, start=1) if link.flags]
    unit.extend(issues)
    unit.append(_metadata(links, offset))
    speakers = _speakers(alignment, pair)
    if speakers:
        notes = etree.SubElement(unit, _x("notes"))
        etree.SubElement(notes, _x("note"), category="speaker").text = check_xml_text(
            speakers, "a speaker name"
        )
    for n, link in enumerate(links, start=offset + 1):
        unit.append(_segment(link, n, src, tgt))
    return unit


def _speakers(alignment: Alignment, pair: TurnPair) -> str:
    names = []
    for document, turn_ids in ((alignment.src, pair[0]), (alignment.tgt, pair[1])):
        keys = [t.speaker for t in document.turns if t.id in turn_ids and t.speaker]
        names.extend(speaker_name(document, key) or "" for key in dict.fromkeys(keys))
    return " / ".join(names)


def _segment(
    link: SentenceLink, number: int, src: SentenceIndex, tgt: SentenceIndex
) -> etree._Element:
    source_text = check_xml_text(src.text(link.src_ids), f"sentence {' '.join(link.src_ids)}")
    target_text = check_xml_text(tgt.text(link.tgt_ids), f"sentence {' '.join(link.tgt_ids)}")
    if not link.src_ids:
        element = etree.Element(_x("ignorable"), id=f"s{number}")
        _content(element, "source", "", None, link)
    else:
        element = etree.Element(_x("segment"), id=f"s{number}", state=state(link))
        element.set("subState", f"align:{link.status}")
        # Issues mark the translation; a 1-0 link has none, so they mark its source.
        _content(element, "source", source_text, number if not link.tgt_ids else None, link)
    if link.tgt_ids:
        _content(element, "target", target_text, number, link)
    return element


def _content(
    parent: etree._Element, tag: str, text: str, number: int | None, link: SentenceLink
) -> None:
    """A source or target; with flags, its text sits in an ``mrk`` pointing at the ITS issues."""
    element = etree.SubElement(parent, _x(tag))
    element.set(f"{{{XML_NS}}}space", "preserve")
    if number is None or not link.flags:
        element.text = text
        return
    mrk = etree.SubElement(element, _x("mrk"), id=f"m{number}", type="its:generic")
    mrk.set(f"{{{ITS_NS}}}locQualityIssuesRef", f"#lqi{number}")
    mrk.text = text


def _empty_segment() -> etree._Element:
    """XLIFF needs a unit in a file; an export with no links gets one empty placeholder."""
    element = etree.Element(_x("segment"), id="s0")
    etree.SubElement(element, _x("source"))
    return element


def state(link: SentenceLink) -> str:
    """The XLIFF 2 ``state`` for a link's review status (see the module docstring)."""
    if not link.tgt_ids or link.status == "disputed":
        return "initial"
    if link.status == "confirmed":
        settled = all(flag.status != "open" for flag in link.flags)
        return "final" if settled else "reviewed"
    return "translated"


def _issues(link: SentenceLink, number: int) -> etree._Element:
    group = etree.Element(f"{{{ITS_NS}}}locQualityIssues")
    group.set(f"{{{XML_NS}}}id", f"lqi{number}")
    for flag in link.flags:
        group.append(_issue(flag))
    return group


def _issue(flag: Flag) -> etree._Element:
    issue = etree.Element(f"{{{ITS_NS}}}locQualityIssue")
    issue.set("locQualityIssueType", ITS_TYPES.get(flag.category, "other"))
    comment = f"MQM {flag.category}" + (f": {flag.note}" if flag.note else "")
    issue.set("locQualityIssueComment", check_xml_text(comment, "a flag note"))
    issue.set("locQualityIssueSeverity", ITS_SEVERITY.get(flag.severity, "50"))
    issue.set("locQualityIssueEnabled", "no" if flag.status == "dismissed" else "yes")
    return issue


def _metadata(links: list[SentenceLink], offset: int) -> etree._Element:
    metadata = etree.Element(f"{{{MDA_NS}}}metadata")
    for number, link in enumerate(links, start=offset + 1):
        group = etree.SubElement(metadata, f"{{{MDA_NS}}}metaGroup", category=f"s{number}")
        values = {
            "src-ids": " ".join(link.src_ids),
            "tgt-ids": " ".join(link.tgt_ids),
            "shape": link.shape,
            "status": link.status,
            "confidence": repr(link.confidence),
            "origin": link.origin,
        }
        for kind, value in values.items():
            etree.SubElement(group, f"{{{MDA_NS}}}meta", type=kind).text = value
    return metadata
