"""XLIFF 1.2 (strict), what OmegaT, Trados, memoQ and translate-toolkit's command-line tools read.

One ``group`` per turn pair, one ``trans-unit`` per link, ``id`` the pair key
(``zh-t2-s4~en-t2-s4,en-t2-s5``). Review state: confirmed → ``state="final"`` (and
``approved="yes"`` while no flag is open), unreviewed → ``translated``, disputed →
``needs-review-translation``; a 1-0 link has no ``target``; a 0-1 link (English with no source)
is a ``translate="no"`` unit with an empty source, so the text stays but no tool offers it.
Flags are readable ``note`` elements; what a unit has no attribute for (sentence IDs and
lengths, speakers, status, confidence, score, origin, flags as JSON) is in a
``context-group`` with ``x-align-`` context types; the pair's metadata
(``align.exchange.meta``) in header notes ``from="x-align:<field>"``. Every unit says
``xml:space="preserve"``. Import reads our files back exactly and any other XLIFF 1.2 file as
a pre-aligned pair to review.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

import align
from align.alignment import Alignment, PairKey, SentenceLink
from align.errors import FormatError
from align.exchange.common import (
    ExportOptions,
    SentenceIndex,
    flag_to_dict,
    format_flag,
    group_links,
    select_links,
    side_lengths,
)
from align.exchange.languages import primary_language, tag_meta
from align.exchange.meta import (
    file_name,
    header_fields,
    needs_provenance_note,
    provenance_note,
    restore_header,
)
from align.exchange.pairs import (
    PairRow,
    build_pair_alignment,
    parse_flag_json,
    parse_lengths,
    parse_number,
)
from align.exchange.safexml import (
    MAX_IMPORT_BYTES,
    XML_NS,
    check_xml_text,
    local,
    parse_xml,
    read_limited,
    require,
    segment_text,
    to_xml_string,
    where,
)

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
TOOL = "align-workbench"
FIELD = "x-align:"  # header note ``from`` prefix naming a metadata field
CONTEXT = "x-align-"  # context-type prefix of per-unit data
_STATES = {"confirmed": "final", "unreviewed": "translated", "disputed": "needs-review-translation"}


def _x(tag: str) -> str:
    return f"{{{XLIFF12_NS}}}{tag}"


def export_xliff12(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """XLIFF 1.2 text: one file, a group per turn pair, a trans-unit per selected link."""
    src, tgt = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
    root = etree.Element(_x("xliff"), nsmap={None: XLIFF12_NS}, version="1.2")
    file = etree.SubElement(
        root,
        _x("file"),
        original=file_name(alignment.src.source),
        datatype="plaintext",
        **{"source-language": src.tag, "target-language": tgt.tag, "tool-id": TOOL},
    )
    file.append(_header(alignment))
    body = etree.SubElement(file, _x("body"))
    links = select_links(alignment, options)
    for number, (pair, unit_links) in enumerate(group_links(alignment, links), start=1):
        group = etree.SubElement(body, _x("group"), id=f"g{number}")
        group.set("resname", f"{' '.join(pair[0])}~{' '.join(pair[1])}")
        group.extend(_unit(link, src, tgt) for link in unit_links)
    return to_xml_string(root, frozenset({"source", "target", "note", "context"}))


def _header(alignment: Alignment) -> etree._Element:
    header = etree.Element(_x("header"))
    etree.SubElement(
        header, _x("tool"), {"tool-id": TOOL, "tool-name": TOOL, "tool-version": align.__version__}
    )
    for document in (alignment.src, alignment.tgt):
        if needs_provenance_note(document):
            _note(header, provenance_note(document), TOOL)
    for name, value in header_fields(alignment):
        _note(header, value, FIELD + name)
    return header


def _note(parent: etree._Element, text: str, author: str) -> None:
    note = etree.SubElement(parent, _x("note"), {"from": author})
    note.text = check_xml_text(text, f"the note {author}")


def _unit(link: SentenceLink, src: SentenceIndex, tgt: SentenceIndex) -> etree._Element:
    unit = etree.Element(_x("trans-unit"), id=str(PairKey.of(link)))
    unit.set(f"{{{XML_NS}}}space", "preserve")
    if not link.src_ids:
        unit.set("translate", "no")
    elif link.tgt_ids and link.status == "confirmed" and not _open_flags(link):
        unit.set("approved", "yes")
    source = etree.SubElement(unit, _x("source"))
    source.text = check_xml_text(src.text(link.src_ids), f"sentence {' '.join(link.src_ids)}")
    if link.tgt_ids:
        target = etree.SubElement(unit, _x("target"), state=_STATES[link.status])
        target.text = check_xml_text(tgt.text(link.tgt_ids), f"sentence {' '.join(link.tgt_ids)}")
    for flag in link.flags:
        _note(unit, format_flag(flag), flag.author or TOOL)
    unit.append(_contexts(link, src, tgt, unit.get("id")))
    return unit


def _open_flags(link: SentenceLink) -> bool:
    return any(flag.status == "open" for flag in link.flags)


def _contexts(
    link: SentenceLink, src: SentenceIndex, tgt: SentenceIndex, name: str
) -> etree._Element:
    """The unit's own data; the group's name must be unique in the file, so it is the key."""
    values: list[tuple[str, str]] = []
    for side, index, ids in (("src", src, link.src_ids), ("tgt", tgt, link.tgt_ids)):
        values.append((f"{side}-ids", " ".join(ids)))
        if len(ids) > 1:
            values.append((f"{side}-lengths", side_lengths(index.sentences[i].text for i in ids)))
        if index.speaker(ids):
            values.append((f"{side}-speaker", index.speaker(ids) or ""))
    values += [
        ("status", link.status),
        ("confidence", repr(link.confidence)),
        ("score", repr(link.score)),
        ("origin", link.origin),
    ]
    values += [("flag", json.dumps(flag_to_dict(f), ensure_ascii=False)) for f in link.flags]
    group = etree.Element(_x("context-group"), name=f"x-align:{name}", purpose="information")
    for kind, value in values:
        context = etree.SubElement(group, _x("context"), {"context-type": CONTEXT + kind})
        context.text = check_xml_text(value, f"the {kind} context")
    return group


def import_xliff12(
    path: str | Path,
    src_lang: str = "zh",
    tgt_lang: str = "en",
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Alignment:
    """Every trans-unit of the first ``file`` as a link; our header's metadata read back."""
    source = str(path)
    root = parse_xml(read_limited(path, max_bytes), source)
    file = root.find(_x("file"))
    if local(root) != "xliff" or root.get("version") != "1.2" or file is None:
        raise FormatError(
            f'{source}: not an XLIFF 1.2 file (expected <xliff version="1.2"> in the '
            f"{XLIFF12_NS} namespace with a <file>)."
        )
    tags = {side: require(file, f"{side}-language", source) for side in ("source", "target")}
    _check_languages(tags, (src_lang, tgt_lang), where(source, file))
    rows = [_row(unit, source) for unit in file.iter(_x("trans-unit"))]
    alignment = build_pair_alignment(rows, src_lang, tgt_lang, source)
    fields = _header_fields(file)
    if fields:
        restore_header(alignment, fields, source)
    else:
        alignment.src.meta.update(tag_meta(tags["source"]))
        alignment.tgt.meta.update(tag_meta(tags["target"]))
    return alignment


def _check_languages(tags: dict[str, str], langs: tuple[str, str], place: str) -> None:
    found = (primary_language(tags["source"]), primary_language(tags["target"]))
    if found != langs:
        raise FormatError(
            f"{place}: the file is {tags['source']} → {tags['target']} but this import wants "
            f"{langs[0]} → {langs[1]}; choose the languages of the file."
        )


def _header_fields(file: etree._Element) -> list[tuple[str, str]]:
    header = file.find(_x("header"))
    notes = [] if header is None else header.findall(_x("note"))
    return [
        (note.get("from", "").removeprefix(FIELD), note.text or "")
        for note in notes
        if note.get("from", "").startswith(FIELD)
    ]


def _row(unit: etree._Element, source: str) -> PairRow:
    place = where(source, unit)
    src = unit.find(_x("source"))
    if src is None:
        raise FormatError(f"{place}: a <trans-unit> needs a <source>.")
    tgt = unit.find(_x("target"))
    data = _context_values(unit)

    def one(name: str, default: str = "") -> str:
        return data.get(name, [default])[0]

    return PairRow(
        where=place,
        src_text=segment_text(src),
        tgt_text=segment_text(tgt) if tgt is not None else "",
        src_ids=tuple(one("src-ids").split()),
        tgt_ids=tuple(one("tgt-ids").split()),
        src_speaker=one("src-speaker") or None,
        tgt_speaker=one("tgt-speaker") or None,
        status=one("status") or _status(unit, tgt),
        confidence=parse_number(one("confidence", "0"), "confidence", place),
        score=parse_number(one("score", "0"), "score", place),
        flags=tuple(parse_flag_json(text, place) for text in data.get("flag", [])),
        src_lengths=parse_lengths(one("src-lengths"), place),
        tgt_lengths=parse_lengths(one("tgt-lengths"), place),
    )


def _context_values(unit: etree._Element) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for context in unit.iter(_x("context")):
        kind = context.get("context-type", "")
        if kind.startswith(CONTEXT):
            values.setdefault(kind.removeprefix(CONTEXT), []).append(context.text or "")
    return values


def _status(unit: etree._Element, target: etree._Element | None) -> str:
    """A foreign unit's review state: approved or final is confirmed, anything else is not."""
    final = target is not None and target.get("state") in ("final", "signed-off")
    return "confirmed" if unit.get("approved") == "yes" or final else "unreviewed"
