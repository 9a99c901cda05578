"""TMX 1.4b translation memory: one ``tu`` per reviewed link with both sides, for CAT tools.

A translation memory is applied as ordinary translations, so by default it holds only
*confirmed* links; every link only when the caller asks (``ExportOptions(only_confirmed=False)``),
and then the header says so in a note and a prop and the file is named ``NAME.with-unreviewed.tmx``.
Editorial spans (archive insertions, stage directions, elisions) are never part of a unit: they
are dropped from a side, and a unit with a side left empty is not written. An m-n link is one
unit whose segments join the sentences (Chinese without a space, English with one); the
sentence lengths let import split them again, so IDs survive. What a translation memory has no
element for travels in ``prop`` elements with ``x-align-`` types: per unit the sentence IDs,
speakers, status, confidence, score and flags (JSON, plus a readable ``note``); in the header
the pair's metadata (``align.exchange.meta``). Languages are BCP 47 tags (``zh-Hans``).
Import reads any TMX with the two languages (``xml:lang`` or TMX 1.1 ``lang``; script and
region subtags become metadata) as a pre-aligned pair to review.
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
    select_links,
    side_lengths,
)
from align.exchange.languages import language_tag, primary_language, tag_meta
from align.exchange.meta import (
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
    segment_text,
    to_xml_string,
    where,
    xml_lang,
)

PROP = "x-align-"
CONFIRMED_DEFAULT = True  # a TM holds only confirmed links unless the caller asks for all
_UNREVIEWED_NOTE = (
    "This memory includes links that no one has reviewed (machine alignments, status in the "
    "x-align-status prop); do not apply them as confirmed translations."
)


def tmx_file_name(name: str, options: ExportOptions | None) -> str:
    """``NAME.tmx``, or ``NAME.with-unreviewed.tmx`` when unreviewed links are let in."""
    confirmed = (options or ExportOptions()).confirmed_only(CONFIRMED_DEFAULT)
    return f"{name}.tmx" if confirmed else f"{name}.with-unreviewed.tmx"


def export_tmx(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """TMX 1.4b text with a complete header and one unit per selected link with both sides."""
    options = options or ExportOptions()
    root = etree.Element("tmx", version="1.4")
    root.append(_header(alignment, options.confirmed_only(CONFIRMED_DEFAULT)))
    body = etree.SubElement(root, "body")
    src_index, tgt_index = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
    for link in select_links(alignment, options, CONFIRMED_DEFAULT):
        unit = _unit(link, src_index, tgt_index)
        if unit is not None:
            body.append(unit)
    return to_xml_string(root, frozenset({"seg", "prop", "note"}))


def _header(alignment: Alignment, confirmed_only: bool) -> etree._Element:
    header = etree.Element(
        "header",
        creationtool="align-workbench",
        creationtoolversion=align.__version__,
        datatype="plaintext",
        segtype="sentence",
        adminlang="en",
        srclang=language_tag(alignment.src),
        **{"o-tmf": "align-workbench"},
    )
    if not confirmed_only:
        etree.SubElement(header, "note").text = _UNREVIEWED_NOTE
    for document in (alignment.src, alignment.tgt):
        if needs_provenance_note(document):
            etree.SubElement(header, "note").text = check_xml_text(
                provenance_note(document), "the provenance note"
            )
    _prop(header, "selection", "confirmed" if confirmed_only else "all")
    for name, value in header_fields(alignment):
        _prop(header, name, value)
    return header


def _unit(link: SentenceLink, src: SentenceIndex, tgt: SentenceIndex) -> etree._Element | None:
    """The unit of ``link`` without editorial sentences; None when a side is left empty."""
    src_ids, tgt_ids = _substantive(src, link.src_ids), _substantive(tgt, link.tgt_ids)
    if not src_ids or not tgt_ids:
        return None
    tu = etree.Element("tu", tuid=str(PairKey(src_ids, tgt_ids)))
    for flag in link.flags:
        note = etree.SubElement(tu, "note")
        note.text = check_xml_text(format_flag(flag), f"a flag of {tu.get('tuid')}")
    for side, index, ids in (("src", src, src_ids), ("tgt", tgt, tgt_ids)):
        _prop(tu, f"{side}-ids", " ".join(ids))
        if len(ids) > 1:
            _prop(tu, f"{side}-lengths", side_lengths(index.sentences[i].text for i in ids))
        if index.speaker(ids):
            _prop(tu, f"{side}-speaker", index.speaker(ids))
    _prop(tu, "shape", f"{len(src_ids)}-{len(tgt_ids)}")
    _prop(tu, "status", link.status)
    _prop(tu, "confidence", repr(link.confidence))
    _prop(tu, "score", repr(link.score))
    _prop(tu, "origin", link.origin)
    for flag in link.flags:
        _prop(tu, "flag", json.dumps(flag_to_dict(flag), ensure_ascii=False))
    for index, ids in ((src, src_ids), (tgt, tgt_ids)):
        tuv = etree.SubElement(tu, "tuv", {f"{{{XML_NS}}}lang": index.tag})
        seg = etree.SubElement(tuv, "seg")
        seg.text = check_xml_text(index.text(ids), f"sentence {' '.join(ids)}")
    return tu


def _substantive(index: SentenceIndex, ids: tuple[str, ...]) -> tuple[str, ...]:
    """``ids`` without editorial sentences, which a translation memory must not hold."""
    return tuple(i for i in ids if not index.sentences[i].editorial)


def _prop(parent: etree._Element, name: str, value: str) -> None:
    prop = etree.SubElement(parent, "prop", type=PROP + name)
    prop.text = check_xml_text(value, f"the {name} property")


def import_tmx(
    path: str | Path,
    src_lang: str = "zh",
    tgt_lang: str = "en",
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Alignment:
    """Every ``tu`` as a link between ``src_lang`` and ``tgt_lang`` text (bare codes; any tag
    with that language matches); our own header's metadata is read back."""
    source = str(path)
    root = parse_xml(read_limited(path, max_bytes), source)
    if local(root) != "tmx" or root.find("body") is None:
        raise FormatError(f"{source}: not a TMX file (expected <tmx> with a <body>).")
    header = root.find("header")
    if header is not None:
        _check_header_lang(header, (src_lang, tgt_lang), source)
    tags: dict[str, str] = {}
    rows = [_row(tu, src_lang, tgt_lang, source, tags) for tu in root.find("body").iter("tu")]
    alignment = build_pair_alignment(rows, src_lang, tgt_lang, source)
    fields = _header_props(header)
    if fields:
        restore_header(alignment, fields, source)
    else:  # a foreign file: its tags are all it says about the texts
        for document in (alignment.src, alignment.tgt):
            document.meta.update(tag_meta(tags.get(document.lang, document.lang)))
    return alignment


def _header_props(header: etree._Element | None) -> list[tuple[str, str]]:
    if header is None:
        return []
    props = [(p.get("type", ""), p.text or "") for p in header.findall("prop")]
    return [(kind.removeprefix(PROP), text) for kind, text in props if kind.startswith(PROP)]


def _check_header_lang(header: etree._Element, langs: tuple[str, str], source: str) -> None:
    declared = header.get("srclang", "*all*")
    if declared.lower() != "*all*" and _primary(declared, header, source) not in langs:
        raise FormatError(
            f"{where(source, header)}: srclang is {declared!r} but this import wants "
            f"{langs[0]} and {langs[1]}; choose the languages of the file."
        )


def _primary(tag: str, element: etree._Element, source: str) -> str:
    try:
        return primary_language(tag)
    except FormatError as error:
        raise FormatError(f"{where(source, element)}: {error}") from None


def _row(
    tu: etree._Element, src_lang: str, tgt_lang: str, source: str, tags: dict[str, str]
) -> PairRow:
    place = where(source, tu)
    segs: dict[str, str] = {}
    for tuv in tu.iter("tuv"):
        tag = xml_lang(tuv) or ""
        lang = _primary(tag, tuv, source) if tag else ""
        tags.setdefault(lang, tag)
        seg = tuv.find("seg")
        if seg is None:
            raise FormatError(f"{where(source, tuv)}: a <tuv> needs a <seg>.")
        if lang in segs:
            raise FormatError(f"{where(source, tuv)}: two segments in language {lang!r}.")
        segs[lang] = segment_text(seg)
    if src_lang not in segs or tgt_lang not in segs:
        found = ", ".join(sorted(segs)) or "none"
        raise FormatError(
            f"{place}: languages {found}; expected {src_lang} and {tgt_lang}. "
            "Import with the file's languages or export it again with them."
        )
    props = _props(tu)

    def one(name: str, default: str | None = None) -> str | None:
        return props.get(name, [default])[0]

    return PairRow(
        where=place,
        src_text=segs[src_lang],
        tgt_text=segs[tgt_lang],
        src_ids=tuple((one("src-ids") or "").split()),
        tgt_ids=tuple((one("tgt-ids") or "").split()),
        src_speaker=one("src-speaker"),
        tgt_speaker=one("tgt-speaker"),
        status=one("status", "unreviewed") or "unreviewed",
        confidence=parse_number(one("confidence", "0.0") or "", "confidence", place),
        score=parse_number(one("score", "0.0") or "", "score", place),
        flags=tuple(parse_flag_json(value, place) for value in props.get("flag", [])),
        src_lengths=parse_lengths(one("src-lengths") or "", place),
        tgt_lengths=parse_lengths(one("tgt-lengths") or "", place),
    )


def _props(tu: etree._Element) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for prop in tu.findall("prop"):
        kind = prop.get("type", "")
        if kind.startswith(PROP):
            props.setdefault(kind.removeprefix(PROP), []).append(prop.text or "")
    return props
