"""InterText XML: the format of the InterText aligner (InterCorp and other hand-aligned corpora).

Three files. Each text is an XML document whose alignable elements (``<s>``) carry IDs in
InterText's two-level numbering (``<p id="3">`` holds ``<s id="3:1">``…). The alignment file
is one ``<linkGrp toDoc=… fromDoc=…>`` of ``<link type=… xtargets=… status=…/>``, written line
by line exactly as InterText writes it. InterText's own convention, kept here: ``xtargets``
lists the *toDoc* IDs first (``'to ids;from ids'``) and ``type`` counts them in that order.
Status ``man`` (verified) ↔ confirmed, ``auto``/``plain`` ↔ unreviewed, and a bookmark
(``mark``) ↔ disputed. Our stable IDs, speakers and metadata ride along as extra attributes
and elements, which InterText keeps; foreign files get fresh IDs (one turn per paragraph).
Only file *names* are written (``source``), never the folder the text was ingested from.

OPUS (OpusTools, cesAlign) reads ``xtargets`` the other way round, *fromDoc* first, and would
silently shift every pair of an InterText file. ``order="opus"`` writes that convention under
a ``<cesAlign>`` root, which import recognises, so either file reads back correctly.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from align.alignment import Alignment, SentenceLink
from align.document import Document, Speaker
from align.errors import FormatError
from align.exchange.common import ExportOptions, derive_turn_pairs, is_selected
from align.exchange.meta import file_name
from align.exchange.safexml import (
    MAX_IMPORT_BYTES,
    check_xml_text,
    local,
    parse_xml,
    read_limited,
    require,
    to_xml_string,
    where,
    xml_lang,
)
from align.exchange.validate import DocumentBuilder, check_alignment

GENERATOR = "align-workbench"
_STATUS_OUT = {"confirmed": "man", "unreviewed": "auto", "disputed": "auto"}
_STATUS_IN = {"man": "confirmed", "auto": "unreviewed", "plain": "unreviewed"}


ORDERS = ("intertext", "opus")


def export_intertext(
    alignment: Alignment,
    options: ExportOptions | None = None,
    name: str = "doc",
    order: str = "intertext",
) -> dict[str, str]:
    """``{name}.{lang}.xml`` for both texts and ``{name}.{src}.{tgt}.alignment.xml`` (with
    ``order="opus"``: ``{name}.{src}.{tgt}.opus.xml``, xtargets fromDoc first).

    InterText needs every sentence in the alignment, so links that ``options`` leave out are
    written as unaligned sentences (1-0 and 0-1 links) rather than dropped.
    """
    src_name = f"{name}.{alignment.src.lang}.xml"
    tgt_name = f"{name}.{alignment.tgt.lang}.xml"
    src_xml, src_ids = text_document(alignment.src, name)
    tgt_xml, tgt_ids = text_document(alignment.tgt, name)
    if order not in ORDERS:
        raise FormatError(f"unknown xtargets order {order!r}; choose intertext or opus.")
    opus = order == "opus"
    lines = ["<?xml version='1.0' encoding='utf-8'?>"] + (["<cesAlign version='1.0'>"] * opus)
    lines.append(f"<linkGrp toDoc={_quote(tgt_name)} fromDoc={_quote(src_name)}>")
    for link in _covering_links(alignment, options or ExportOptions()):
        lines.append(_link_line(link, src_ids, tgt_ids, opus))
    lines += ["</linkGrp>"] + (["</cesAlign>"] * opus)
    suffix = "opus.xml" if opus else "alignment.xml"
    return {
        src_name: src_xml,
        tgt_name: tgt_xml,
        f"{name}.{alignment.src.lang}.{alignment.tgt.lang}.{suffix}": "\n".join(lines) + "\n",
    }


def text_document(document: Document, name: str) -> tuple[str, dict[str, str]]:
    """One text as InterText XML, and each stable ID's InterText ID (``"3:1"``)."""
    root = etree.Element("doc", id=name, language=document.lang, source=file_name(document.source))
    root.set("generator", GENERATOR)
    root.set("encoding", document.encoding)
    for key, value in document.meta.items():
        meta = etree.SubElement(root, "meta", name=key)
        meta.text = check_xml_text(value, f"metadata {key!r}")
    for speaker in document.speakers.values():
        etree.SubElement(root, "speaker", key=speaker.key, name=speaker.full_name)
    ids: dict[str, str] = {}
    for p_number, turn in enumerate(document.turns, start=1):
        para = etree.SubElement(root, "p", id=str(p_number), n=turn.id)
        if turn.speaker is not None:
            para.set("speaker", turn.speaker)
        if turn.label:
            para.set("label", turn.label)
        for s_number, sentence in enumerate(turn.sentences, start=1):
            ids[sentence.id] = f"{p_number}:{s_number}"
            element = etree.SubElement(para, "s", id=ids[sentence.id], n=sentence.id)
            if sentence.editorial:
                element.set("editorial", "yes")
            element.text = check_xml_text(sentence.text, f"sentence {sentence.id}")
    return to_xml_string(root, frozenset({"s", "meta"})), ids


def _covering_links(alignment: Alignment, options: ExportOptions) -> list[SentenceLink]:
    links: list[SentenceLink] = []
    for link in alignment.links:
        if is_selected(link, options):
            links.append(link)
        else:
            links.extend(SentenceLink((i,), ()) for i in link.src_ids)
            links.extend(SentenceLink((), (i,)) for i in link.tgt_ids)
    return links


def _link_line(
    link: SentenceLink, src_ids: dict[str, str], tgt_ids: dict[str, str], opus: bool
) -> str:
    """One link; InterText counts and lists the toDoc side first, OPUS the fromDoc side."""
    sides = [
        (" ".join(tgt_ids[i] for i in link.tgt_ids), len(link.tgt_ids)),
        (" ".join(src_ids[i] for i in link.src_ids), len(link.src_ids)),
    ]
    (first, first_count), (second, second_count) = sides[::-1] if opus else sides
    mark = " mark='1'" if link.status == "disputed" else ""
    return (
        f"<link type='{first_count}-{second_count}' "
        f"xtargets={_quote(f'{first};{second}')} status='{_STATUS_OUT[link.status]}'{mark}/>"
    )


def _quote(value: str) -> str:
    """A single-quoted XML attribute value, as InterText writes them."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;")
    return f"'{escaped}'"


def import_intertext(
    alignment_path: str | Path,
    src_path: str | Path | None = None,
    tgt_path: str | Path | None = None,
    src_lang: str = "zh",
    tgt_lang: str = "en",
    elements: tuple[str, ...] = ("s",),
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Alignment:
    """An InterText alignment and its two texts (found via fromDoc/toDoc unless given).

    The texts' own ``language`` attribute wins over ``src_lang``/``tgt_lang``.
    """
    source = str(alignment_path)
    group = parse_xml(read_limited(alignment_path, max_bytes), source)
    opus = local(group) == "cesAlign" and group.find("linkGrp") is not None
    group = group.find("linkGrp") if opus else group
    if local(group) != "linkGrp":
        raise FormatError(f"{source}: not an InterText alignment (expected <linkGrp>).")
    src_path = src_path or _sibling(alignment_path, group, "fromDoc", source)
    tgt_path = tgt_path or _sibling(alignment_path, group, "toDoc", source)
    src, src_ids = _read_text(src_path, elements, src_lang, max_bytes)
    tgt, tgt_ids = _read_text(tgt_path, elements, tgt_lang, max_bytes)
    alignment = Alignment(src, tgt)
    for element in group.iter("link"):
        alignment.links.append(_read_link(element, src_ids, tgt_ids, source, opus))
    check_alignment(alignment, source)
    alignment.turns = derive_turn_pairs(alignment)
    _warn_unlinked(alignment)
    return alignment


def _sibling(alignment_path: str | Path, group: etree._Element, name: str, source: str) -> Path:
    """The text named by fromDoc/toDoc, which must sit next to the alignment (no paths)."""
    file_name = require(group, name, source)
    if Path(file_name).name != file_name or file_name in ("", ".", ".."):
        raise FormatError(
            f"{where(source, group)}: {name} {file_name!r} must be a file name next to the "
            "alignment file, not a path; move the texts there or give their paths."
        )
    return Path(alignment_path).parent / file_name


def _read_text(
    path: str | Path, elements: tuple[str, ...], lang: str, max_bytes: int
) -> tuple[Document, dict[str, str]]:
    """A Document from an InterText text, and a map from InterText IDs to stable IDs."""
    source = str(path)
    root = parse_xml(read_limited(path, max_bytes), source)
    builder = DocumentBuilder(root.get("language") or xml_lang(root) or lang, source)
    ids: dict[str, str] = {}
    if root.get("generator") == GENERATOR:
        _read_own_turns(root, elements, builder, ids, source)
    else:
        _read_foreign_turns(root, elements, builder, ids, source)
    if not ids:
        raise FormatError(f"{source}: no <{'>, <'.join(elements)}> elements to align.")
    document = builder.document
    document.meta = _meta(root) or document.meta
    _read_speakers(root, document)
    document.source = file_name(root.get("source", source))
    document.encoding = root.get("encoding", "utf-8")
    return document, ids


def _read_own_turns(
    root: etree._Element,
    elements: tuple[str, ...],
    builder: DocumentBuilder,
    ids: dict[str, str],
    source: str,
) -> None:
    """Our exports: one turn per ``<p>``, stable IDs in ``n``, editorial marks kept."""
    for para in root.iter("p"):
        builder.start_turn(para.get("speaker"), para.get("label", ""), require(para, "n", source))
        for element in para.iter(*elements):
            stable = require(element, "n", source)
            _add(builder, ids, element, source, stable, element.get("editorial") == "yes")


def _read_foreign_turns(
    root: etree._Element,
    elements: tuple[str, ...],
    builder: DocumentBuilder,
    ids: dict[str, str],
    source: str,
) -> None:
    """Other files: a turn per parent element (paragraph, stanza …), fresh IDs."""
    parent = None
    for element in root.iter(*elements):
        if element.getparent() is not parent:
            parent = element.getparent()
            builder.start_turn()
        _add(builder, ids, element, source, "", None)


def _add(
    builder: DocumentBuilder,
    ids: dict[str, str],
    element: etree._Element,
    source: str,
    stable: str,
    editorial: bool | None,
) -> None:
    native = require(element, "id", source)
    if native in ids:
        raise FormatError(f"{where(source, element)}: ID {native!r} is used twice.")
    ids[native] = builder.add("".join(element.itertext()), stable, editorial)


def _meta(root: etree._Element) -> dict[str, str]:
    return {m.get("name", ""): m.text or "" for m in root.findall("meta") if m.get("name")}


def _read_speakers(root: etree._Element, document: Document) -> None:
    for element in root.findall("speaker"):
        key = element.get("key")
        if key:
            document.speakers[key] = Speaker(key, element.get("name", key))


def _read_link(
    element: etree._Element,
    src_ids: dict[str, str],
    tgt_ids: dict[str, str],
    source: str,
    opus: bool,
) -> SentenceLink:
    place = where(source, element)
    targets = require(element, "xtargets", source)
    if targets.count(";") != 1:
        raise FormatError(f"{place}: xtargets {targets!r} needs exactly one ';'.")
    to_side, from_side = targets.split(";")[::-1] if opus else targets.split(";")
    tgt = _resolve(to_side.split(), tgt_ids, place, "toDoc")
    src = _resolve(from_side.split(), src_ids, place, "fromDoc")
    kind = element.get("type")
    counts = (len(src), len(tgt)) if opus else (len(tgt), len(src))
    if kind is not None and kind != f"{counts[0]}-{counts[1]}":
        raise FormatError(
            f"{place}: type {kind!r} does not match xtargets {targets!r} "
            f"({len(tgt)} toDoc and {len(src)} fromDoc IDs; "
            f"{'OPUS' if opus else 'InterText'} order)."
        )
    status = element.get("status", "auto")
    if status not in _STATUS_IN:
        raise FormatError(f"{place}: status {status!r} is not man, auto or plain.")
    disputed = element.get("mark", "0") not in ("", "0")
    return SentenceLink(
        src, tgt, status="disputed" if disputed else _STATUS_IN[status], origin="import"
    )


def _resolve(native: list[str], ids: dict[str, str], place: str, side: str) -> tuple[str, ...]:
    missing = [i for i in native if i not in ids]
    if missing:
        raise FormatError(
            f"{place}: no element with id {missing[0]!r} in the {side} text; "
            "check the alignment belongs to these texts."
        )
    return tuple(ids[i] for i in native)


def _warn_unlinked(alignment: Alignment) -> None:
    linked = {i for link in alignment.links for i in (*link.src_ids, *link.tgt_ids)}
    for document in (alignment.src, alignment.tgt):
        missing = [s.id for s in document.sentences() if s.id not in linked]
        if missing:
            alignment.warnings.append(
                f"{len(missing)} {document.lang} sentence(s) are in no link, e.g. {missing[0]}."
            )
