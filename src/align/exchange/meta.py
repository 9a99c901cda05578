"""Document metadata across formats: what a header carries, how import reads it back, overrides.

Formats with a header (TMX props, XLIFF notes) carry the pair's metadata as named text fields:
``src.meta.<key>`` for every metadata entry (provenance, title, archive reference, translator,
…), ``src.lang`` (the BCP 47 tag), ``src.source`` (the file *name*, never a path),
``src.speakers`` (the speaker map, key → full name, as JSON) and ``speakers`` (the speakers
paired across languages, as JSON); the same with ``tgt.`` for the target. Formats without one
(TSV, CSV, gold) take metadata from ``overrides`` given at import (CLI options, a web form).

Provenance is one of ``PROVENANCES``; when nothing says which, it is ``unknown`` — never
``original``: a text is cited as the archival original only when its metadata says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import PurePath, PureWindowsPath

from align.alignment import Alignment, SpeakerPair
from align.document import Document, Speaker
from align.errors import FormatError
from align.exchange.languages import language_name, language_tag, tag_meta

PROVENANCES = ("original", "translation", "reconstruction", "unknown")
UNKNOWN = "unknown"
SIDES = ("src", "tgt")
# Overrides: {"src": {"provenance": "reconstruction", ...}, "tgt": {...}}.
MetaOverrides = Mapping[str, Mapping[str, str]]


def provenance(document: Document) -> str:
    """What the text is: original, translation, reconstruction, or unknown (the default)."""
    value = document.meta.get("provenance", "").strip().lower()
    return value if value in PROVENANCES else UNKNOWN


def needs_provenance_note(document: Document) -> bool:
    """A reconstruction always; a text of unknown provenance unless it carries its own
    archival citation (a published translation cited by its publisher's record)."""
    kind = provenance(document)
    return kind == "reconstruction" or (kind == UNKNOWN and not document.meta.get("citation"))


def file_name(source: str) -> str:
    """The file name of a path as exports write it: ``/home/ann/zh.txt`` → ``zh.txt``."""
    return PureWindowsPath(PurePath(source).name).name or source


def header_fields(alignment: Alignment) -> list[tuple[str, str]]:
    """The pair's metadata as ``(name, text)`` fields, in a fixed order (see the docstring)."""
    fields: list[tuple[str, str]] = []
    for side, document in zip(SIDES, (alignment.src, alignment.tgt), strict=True):
        fields.append((f"{side}.lang", language_tag(document)))
        fields.append((f"{side}.source", file_name(document.source)))
        fields.extend((f"{side}.meta.{key}", value) for key, value in document.meta.items())
        if document.speakers:
            names = {key: speaker.full_name for key, speaker in document.speakers.items()}
            fields.append((f"{side}.speakers", json.dumps(names, ensure_ascii=False)))
    if alignment.speakers:
        pairs = [vars(pair) for pair in alignment.speakers]
        fields.append(("speakers", json.dumps(pairs, ensure_ascii=False)))
    return fields


def restore_header(alignment: Alignment, fields: Iterable[tuple[str, str]], where: str) -> None:
    """Put ``header_fields`` read from a file back on ``alignment``. ``src.lang`` is not read:
    the tag is rebuilt from the text and the ``script``/``region`` metadata that travel too."""
    documents = {"src": alignment.src, "tgt": alignment.tgt}
    for name, text in fields:
        side, _, rest = name.partition(".")
        if name == "speakers":
            alignment.speakers = _speaker_pairs(text, where)
        elif side in documents and rest:
            _restore_field(documents[side], rest, text, where)


def _restore_field(document: Document, name: str, text: str, where: str) -> None:
    if name.startswith("meta."):
        document.meta[name.removeprefix("meta.")] = text
    elif name == "source":
        document.source = file_name(text)
    elif name == "speakers":
        names = _json(text, dict, where, "speaker map")
        document.speakers.update({key: Speaker(key, str(full)) for key, full in names.items()})


def _speaker_pairs(text: str, where: str) -> list[SpeakerPair]:
    try:
        return [SpeakerPair(**pair) for pair in _json(text, list, where, "speaker pairs")]
    except TypeError:
        raise FormatError(f"{where}: the speaker pairs {text!r} are not ours.") from None


def _json(text: str, kind: type, where: str, what: str):
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, kind):
        raise FormatError(f"{where}: the {what} {text!r} is not valid JSON of our exports.")
    return value


def apply_overrides(alignment: Alignment, overrides: MetaOverrides | None) -> None:
    """Metadata the caller gives (CLI options, a web form) wins over the file's. A document
    left without a provenance is read as ``unknown`` (``provenance``), not written as one, so a
    round trip changes nothing."""
    for side, values in (overrides or {}).items():
        if side not in SIDES:
            raise FormatError(f"metadata overrides are for src or tgt, not {side!r}.")
        document = alignment.src if side == "src" else alignment.tgt
        for key, value in values.items():
            check_meta_value(key, value)
            if key == "language_tag":
                document.meta.update(tag_meta(value))
            document.meta[key] = value


def check_meta_value(key: str, value: str) -> None:
    """A provenance must be one of ``PROVENANCES``; other keys take any text."""
    if key == "provenance" and value not in PROVENANCES:
        raise FormatError(
            f"provenance {value!r} is not one of {', '.join(PROVENANCES)}; say what the text "
            "is, or leave it unknown."
        )


def provenance_note(document: Document) -> str:
    """One sentence on what a text of unknown or reconstructed provenance is."""
    name = f"The {language_name(document)} text ({file_name(document.source)})"
    if provenance(document) == "reconstruction":
        return (
            f"{name} is a reconstruction, not the archival original. "
            + document.meta.get("note", "").strip()
        )
    return f"{name} is of unknown provenance; it is not established as the archival original."
