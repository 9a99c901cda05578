"""The sentence-per-line + ``[i,j]:[k]`` gold format of Vecalign, Bertalign and the bench.

Three files in the bench layout: ``<src lang>/<name>`` and ``<tgt lang>/<name>`` with one sentence
per line, and ``gold/<name>`` with one link per line (read and written by ``evaluation.links``).
Links name sentences by 0-based line number (``ids="index"``, what the tools read) or by stable
ID (``ids="stable"``, as ``corpus/gold`` does). Turns and speakers do not fit the format: an
imported pair is one turn per language, IDs ``zh-t1-s1`` … as ingest gives sentence-per-line files.
"""

from __future__ import annotations

from pathlib import Path

from align.alignment import Alignment, SentenceLink
from align.document import Document
from align.errors import FormatError
from align.evaluation.links import Link, format_links, parse_links
from align.exchange.common import ExportOptions, derive_turn_pairs, select_links
from align.exchange.safexml import MAX_IMPORT_BYTES, decode_utf8, read_limited
from align.exchange.validate import DocumentBuilder, check_alignment

ID_STYLES = ("index", "stable")


def export_gold(
    alignment: Alignment,
    options: ExportOptions | None = None,
    ids: str = "index",
    name: str = "doc",
) -> dict[str, str]:
    """Three files keyed by relative path: both sentence files and ``gold/<name>``."""
    if ids not in ID_STYLES:
        raise FormatError(f"unknown id style {ids!r}; choose index or stable.")
    src_lines, src_index = _lines(alignment.src)
    tgt_lines, tgt_index = _lines(alignment.tgt)
    links: list[Link] = []
    for link in select_links(alignment, options):
        if ids == "index":
            links.append(
                (
                    tuple(src_index[i] for i in link.src_ids),
                    tuple(tgt_index[i] for i in link.tgt_ids),
                )
            )
        else:
            links.append((link.src_ids, link.tgt_ids))
    return {
        f"{alignment.src.lang}/{name}": "".join(line + "\n" for line in src_lines),
        f"{alignment.tgt.lang}/{name}": "".join(line + "\n" for line in tgt_lines),
        f"gold/{name}": format_links(links),
    }


def gold_line_numbers(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """The links as ``[i,j]:[k]`` with 0-based line numbers, what Bertalign's and Vecalign's
    readers expect of sentence-per-line input (stable IDs stay in JSON and TSV)."""
    files = export_gold(alignment, options, name="links")
    return files["gold/links"]


def _lines(document: Document) -> tuple[list[str], dict[str, int]]:
    """Sentence texts in reading order and each ID's 0-based line number."""
    lines: list[str] = []
    index: dict[str, int] = {}
    for sentence in document.sentences():
        if "\n" in sentence.text or "\r" in sentence.text:
            raise FormatError(
                f"sentence {sentence.id} contains a line break, which a sentence-per-line file "
                "cannot hold; split or edit the sentence first."
            )
        index[sentence.id] = len(lines)
        lines.append(sentence.text)
    return lines, index


def import_gold(
    links_path: str | Path,
    src_path: str | Path,
    tgt_path: str | Path,
    src_lang: str = "zh",
    tgt_lang: str = "en",
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Alignment:
    """A pair from two sentence-per-line files and a gold links file, validated in full."""
    src = _line_document(src_path, src_lang, max_bytes)
    tgt = _line_document(tgt_path, tgt_lang, max_bytes)
    source = str(links_path)
    links = parse_links(decode_utf8(read_limited(links_path, max_bytes), source), source)
    return gold_alignment(src, tgt, links, source)


def _line_document(path: str | Path, lang: str, max_bytes: int) -> Document:
    source = str(path)
    text = decode_utf8(read_limited(path, max_bytes), source)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise FormatError(f"{source}: the file is empty; give one sentence per line.")
    builder = DocumentBuilder(lang, source)
    builder.start_turn()
    for line in lines:
        builder.add(line.removesuffix("\r"))
    return builder.document


def gold_alignment(
    src: Document, tgt: Document, links: list[Link], source: str = "<gold>"
) -> Alignment:
    """Links (line numbers or stable IDs, as ``evaluation.links`` reads them) over two Documents."""
    src_ids = [s.id for s in src.sentences()]
    tgt_ids = [s.id for s in tgt.sentences()]
    alignment = Alignment(src, tgt)
    for number, (src_side, tgt_side) in enumerate(links, start=1):
        where = f"{source}, link {number}"
        alignment.links.append(
            SentenceLink(
                _resolve(src_side, src_ids, src.lang, where),
                _resolve(tgt_side, tgt_ids, tgt.lang, where),
                origin="import",
            )
        )
    check_alignment(alignment, source)
    alignment.turns = derive_turn_pairs(alignment)
    return alignment


def _resolve(side: tuple, ids: list[str], lang: str, where: str) -> tuple[str, ...]:
    resolved = []
    for item in side:
        if isinstance(item, int):
            if item >= len(ids):
                raise FormatError(
                    f"{where}: line {item} is past the end of the {lang} file "
                    f"({len(ids)} lines, numbered from 0); check the files belong together."
                )
            resolved.append(ids[item])
        else:
            resolved.append(item)
    return tuple(resolved)
