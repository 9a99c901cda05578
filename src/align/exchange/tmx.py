"""TMX 1.4b translation memory: one ``tu`` per link with both sides, for CAT tools.

An m-n link is one unit whose segments join the sentences (Chinese without a space, English with
one). What a translation memory has no element for travels in ``prop`` elements with ``x-``
types (sentence IDs, speakers, status, confidence, score, flags as JSON) and in a readable
``note`` per flag. Links with an empty side (1-0, 0-1) are left out: a TM unit needs both.
Import reads any TMX with the two languages (``xml:lang`` or TMX 1.1 ``lang``, region subtags
ignored) as a pre-aligned pair to review.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

import align
from align.alignment import Alignment, Flag, SentenceLink
from align.errors import FormatError
from align.exchange.common import (
    ExportOptions,
    SentenceIndex,
    flag_to_dict,
    format_flag,
    select_links,
)
from align.exchange.pairs import PairRow, build_pair_alignment
from align.exchange.safexml import (
    MAX_IMPORT_BYTES,
    XML_NS,
    check_xml_text,
    local,
    parse_xml,
    read_limited,
    to_xml_string,
    where,
    xml_lang,
)
from align.exchange.validate import check_flag

PROP = "x-align-"
_CODE_TAGS = {"bpt", "ept", "it", "ph", "ut"}


def export_tmx(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """TMX 1.4b text with a complete header and one unit per selected link with both sides."""
    root = etree.Element("tmx", version="1.4")
    root.append(_header(alignment))
    body = etree.SubElement(root, "body")
    src_index, tgt_index = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
    for link in select_links(alignment, options):
        if link.src_ids and link.tgt_ids:
            body.append(_unit(link, src_index, tgt_index))
    return to_xml_string(root, frozenset({"seg", "prop", "note"}))


def _header(alignment: Alignment) -> etree._Element:
    header = etree.Element(
        "header",
        creationtool="align-workbench",
        creationtoolversion=align.__version__,
        datatype="plaintext",
        segtype="sentence",
        adminlang="en",
        srclang=alignment.src.lang,
        **{"o-tmf": "align-workbench"},
    )
    for document in (alignment.src, alignment.tgt):
        for key in ("title", "citation", "translator", "source_url", "provenance"):
            if document.meta.get(key):
                _prop(header, f"{document.lang}-{key}", document.meta[key])
        if document.meta.get("provenance") == "reconstruction":
            note = etree.SubElement(header, "note")
            note.text = check_xml_text(
                f"The {document.lang} text is a reconstruction, not the archival original. "
                + document.meta.get("note", ""),
                "the provenance note",
            ).strip()
    return header


def _unit(link: SentenceLink, src: SentenceIndex, tgt: SentenceIndex) -> etree._Element:
    tu = etree.Element("tu", tuid=f"{' '.join(link.src_ids)}~{' '.join(link.tgt_ids)}")
    for flag in link.flags:
        note = etree.SubElement(tu, "note")
        note.text = check_xml_text(format_flag(flag), f"a flag of {tu.get('tuid')}")
    _prop(tu, "src-ids", " ".join(link.src_ids))
    _prop(tu, "tgt-ids", " ".join(link.tgt_ids))
    for side, index, ids in (("src", src, link.src_ids), ("tgt", tgt, link.tgt_ids)):
        if index.speaker(ids):
            _prop(tu, f"{side}-speaker", index.speaker(ids))
    _prop(tu, "shape", link.shape)
    _prop(tu, "status", link.status)
    _prop(tu, "confidence", repr(link.confidence))
    _prop(tu, "score", repr(link.score))
    _prop(tu, "origin", link.origin)
    for flag in link.flags:
        _prop(tu, "flag", json.dumps(flag_to_dict(flag), ensure_ascii=False))
    for index, ids in ((src, link.src_ids), (tgt, link.tgt_ids)):
        tuv = etree.SubElement(tu, "tuv", {f"{{{XML_NS}}}lang": index.document.lang})
        seg = etree.SubElement(tuv, "seg")
        seg.text = check_xml_text(index.text(ids), f"sentence {' '.join(ids)}")
    return tu


def _prop(parent: etree._Element, name: str, value: str) -> None:
    prop = etree.SubElement(parent, "prop", type=PROP + name)
    prop.text = check_xml_text(value, f"the {name} property")


def import_tmx(
    path: str | Path,
    src_lang: str = "zh",
    tgt_lang: str = "en",
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Alignment:
    """Every ``tu`` as a link between one ``src_lang`` and one ``tgt_lang`` sentence."""
    source = str(path)
    root = parse_xml(read_limited(path, max_bytes), source)
    if local(root) != "tmx" or root.find("body") is None:
        raise FormatError(f"{source}: not a TMX file (expected <tmx> with a <body>).")
    header = root.find("header")
    if header is not None:
        _check_header_lang(header, (src_lang, tgt_lang), source)
    rows = [_row(tu, src_lang, tgt_lang, source) for tu in root.find("body").iter("tu")]
    return build_pair_alignment(rows, src_lang, tgt_lang, source)


def _check_header_lang(header: etree._Element, langs: tuple[str, str], source: str) -> None:
    declared = header.get("srclang", "*all*")
    if declared.lower() != "*all*" and _primary(declared) not in langs:
        raise FormatError(
            f"{where(source, header)}: srclang is {declared!r} but this import wants "
            f"{langs[0]} and {langs[1]}; choose the languages of the file."
        )


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _row(tu: etree._Element, src_lang: str, tgt_lang: str, source: str) -> PairRow:
    place = where(source, tu)
    segs: dict[str, str] = {}
    for tuv in tu.iter("tuv"):
        lang = _primary(xml_lang(tuv) or "")
        seg = tuv.find("seg")
        if seg is None:
            raise FormatError(f"{where(source, tuv)}: a <tuv> needs a <seg>.")
        if lang in segs:
            raise FormatError(f"{where(source, tuv)}: two segments in language {lang!r}.")
        segs[lang] = _seg_text(seg)
    if src_lang not in segs or tgt_lang not in segs:
        found = ", ".join(sorted(segs)) or "none"
        raise FormatError(
            f"{place}: languages {found}; expected {src_lang} and {tgt_lang}. "
            "Import with the file's languages or export it again with them."
        )
    props = _props(tu)
    return PairRow(
        where=place,
        src_text=segs[src_lang],
        tgt_text=segs[tgt_lang],
        src_ids=tuple(props.get("src-ids", [""])[0].split()),
        tgt_ids=tuple(props.get("tgt-ids", [""])[0].split()),
        src_speaker=props.get("src-speaker", [None])[0],
        tgt_speaker=props.get("tgt-speaker", [None])[0],
        status=props.get("status", ["unreviewed"])[0],
        confidence=_number(props.get("confidence", ["0.0"])[0], "confidence", place),
        score=_number(props.get("score", ["0.0"])[0], "score", place),
        flags=tuple(_flag(value, place) for value in props.get("flag", [])),
    )


def _seg_text(seg: etree._Element) -> str:
    """The text of a segment without native codes (bpt, ept, it, ph, ut keep markup, not text)."""
    parts = [seg.text or ""]
    for child in seg:
        if local(child) not in _CODE_TAGS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _props(tu: etree._Element) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for prop in tu.findall("prop"):
        kind = prop.get("type", "")
        if kind.startswith(PROP):
            props.setdefault(kind.removeprefix(PROP), []).append(prop.text or "")
    return props


def _number(text: str, what: str, place: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise FormatError(f"{place}: {what} {text!r} is not a number.") from None


def _flag(text: str, place: str) -> Flag:
    try:
        data = json.loads(text)
        if not all(isinstance(v, str) or (k == "author" and v is None) for k, v in data.items()):
            raise TypeError
        flag = Flag(**data)
    except (ValueError, TypeError, AttributeError):
        raise FormatError(f"{place}: the flag property {text!r} is not a flag in JSON.") from None
    check_flag(flag, place)
    return flag
