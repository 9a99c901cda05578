"""Document headers: the Wilson Center record layout and our own ``---`` front matter.

Both split a file into metadata and the body lines that follow; the body keeps its original
line numbers so every later warning can point at the line in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The record fields of a Wilson Center Digital Archive page, in the order the archive prints them.
WILSON_FIELDS = {
    "Citation": "citation",
    "Summary": "summary",
    "Credits": "credits",
    "Original Language": "original_language",
    "Contents": "contents",
}
_FIELD_LINE = re.compile(r"^({}):\s*$".format("|".join(WILSON_FIELDS)))
_URL = re.compile(r"<?(https?://[^\s>]+)>?")
_TRANSLATOR = re.compile(r"Translated (?:for [^.]+ )?by (?P<name>.+?)\.?\s*$")
_ARCHIVE = re.compile(r"Digital Archive, (?P<ref>.+?)(?:, (?P<pages>[\d\-–, ]+?))?\.(?:\s|$)")


@dataclass
class Header:
    """What precedes the body: metadata, the layout's name, and where the body starts."""

    layout: str
    meta: dict[str, str] = field(default_factory=dict)
    body_start: int = 0  # index into the file's lines


def parse_header(lines: list[str]) -> Header:
    """Recognise a front-matter block or a Wilson Center record; otherwise the body is all."""
    if lines and lines[0].strip() == "---":
        return _front_matter(lines)
    if sum(bool(_FIELD_LINE.match(line)) for line in lines[:200]) >= 3:
        return _wilson_record(lines)
    return Header("plain")


def _front_matter(lines: list[str]) -> Header:
    meta: dict[str, str] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return Header("front matter", meta, index + 1)
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower().replace(" ", "_")] = value.strip()
    return Header("plain")  # an unclosed block is text, not a header


def _wilson_record(lines: list[str]) -> Header:
    header = Header("Wilson Center record")
    field_rows = [i for i, line in enumerate(lines) if _FIELD_LINE.match(line)]
    heading = [line.strip() for line in lines[: field_rows[0]] if line.strip()]
    if heading:
        header.meta["date"] = heading[0]
    if len(heading) > 1:
        header.meta["title"] = " ".join(heading[1:])
    for position, row in enumerate(field_rows):
        end = field_rows[position + 1] if position + 1 < len(field_rows) else len(lines)
        name = WILSON_FIELDS[_FIELD_LINE.match(lines[row]).group(1)]
        values = [line.strip() for line in lines[row + 1 : end] if line.strip()]
        if name == "contents":
            header.meta["contents"] = values[0] if values else ""
            header.body_start = _line_after(lines, row, values[:1])
        else:
            header.meta[name] = "\n".join(values)
    _parse_citation(header.meta)
    return header


def _line_after(lines: list[str], row: int, values: list[str]) -> int:
    """Index of the first line after the field row and its (first) value line."""
    index = row + 1
    for value in values:
        while index < len(lines) and lines[index].strip() != value:
            index += 1
        index += 1
    return index


def _parse_citation(meta: dict[str, str]) -> None:
    """Split the archive's citation into reference, pages, translator and source URL."""
    citation_lines = meta.get("citation", "").split("\n")
    text_lines = []
    for line in citation_lines:
        url = _URL.fullmatch(line.strip())
        if url:
            meta["source_url"] = url.group(1)
        else:
            text_lines.append(line)
    citation = " ".join(text_lines).strip()
    meta["citation"] = citation
    if translator := _TRANSLATOR.search(citation):
        meta["translator"] = translator.group("name")
    if archive := _ARCHIVE.search(citation):
        meta["archive_ref"] = archive.group("ref")
        if archive.group("pages"):
            meta["pages"] = archive.group("pages")
