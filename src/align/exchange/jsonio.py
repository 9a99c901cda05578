"""JSON: the lossless format. Everything in an Alignment, both Documents included, round-trips
(a document's ``source`` is written as its file name, never the folder it was read from).

The file is one object ``{"format": "align-workbench/alignment", "version": 1, ...}``; the reader
is strict (unknown or missing keys, wrong types, NaN, links to unknown sentences are errors)
and names the JSON path of the first problem, e.g. ``links[3].confidence``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from align.alignment import Alignment, Flag, SentenceLink, SpeakerPair
from align.document import Document, Sentence, Speaker, Turn
from align.errors import FormatError
from align.exchange.common import ExportOptions, flag_to_dict, select_links
from align.exchange.meta import file_name
from align.exchange.safexml import MAX_IMPORT_BYTES, decode_utf8, read_limited
from align.exchange.validate import check_alignment

FORMAT_NAME = "align-workbench/alignment"
FORMAT_VERSION = 1
_MISSING = object()


def export_json(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """The alignment as JSON text; ``options`` filter the links, documents stay whole."""
    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "model_id": alignment.model_id,
        "src": _document_dict(alignment.src),
        "tgt": _document_dict(alignment.tgt),
        "speakers": [vars(pair) for pair in alignment.speakers],
        "turns": [[list(src), list(tgt)] for src, tgt in alignment.turns],
        "links": [_link_dict(link) for link in select_links(alignment, options)],
        "warnings": list(alignment.warnings),
    }
    return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def _document_dict(document: Document) -> dict[str, Any]:
    return {
        "lang": document.lang,
        "source": file_name(document.source),
        "encoding": document.encoding,
        "meta": dict(document.meta),
        "speakers": [vars(speaker) for speaker in document.speakers.values()],
        "turns": [
            {
                "id": turn.id,
                "speaker": turn.speaker,
                "label": turn.label,
                "sentences": [vars(sentence) for sentence in turn.sentences],
            }
            for turn in document.turns
        ],
        "warnings": list(document.warnings),
    }


def _link_dict(link: SentenceLink) -> dict[str, Any]:
    return {
        "src_ids": list(link.src_ids),
        "tgt_ids": list(link.tgt_ids),
        "score": link.score,
        "confidence": link.confidence,
        "status": link.status,
        "origin": link.origin,
        "flags": [flag_to_dict(flag) for flag in link.flags],
    }


def import_json(path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> Alignment:
    """Read a JSON export back into the identical Alignment, or raise FormatError."""
    source = str(path)
    return parse_json(decode_utf8(read_limited(path, max_bytes), source), source)


def parse_json(text: str, source: str = "<json>") -> Alignment:
    """Parse JSON text made by ``export_json`` (validated in full before returning)."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise FormatError(
            f"{source}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})."
        ) from None
    except ValueError as error:
        raise FormatError(f"{source}: {error}") from None
    reader = _Reader(source)
    return check_alignment(reader.alignment(data), source)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed; numbers must be finite")


class _Reader:
    """Turns parsed JSON into model objects, naming the JSON path of any problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> FormatError:
        """An error naming the file and the JSON path, e.g. ``links[3].status``."""
        return FormatError(f"{self.source}, {path}: {problem}")

    def object(self, value: Any, path: str, keys: set[str]) -> dict[str, Any]:
        """``value`` as an object whose keys are all known (typos must not pass silently)."""
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object, got {type(value).__name__}")
        unknown = sorted(set(value) - keys)
        if unknown:
            raise self.fail(path, f"unknown key {unknown[0]!r}; allowed: {', '.join(sorted(keys))}")
        return value

    def get(self, obj: dict[str, Any], key: str, kind: type, path: str, default: Any = _MISSING):
        """``obj[key]`` checked to be a ``kind`` (bools are not numbers; ints are floats)."""
        if key not in obj:
            if default is _MISSING:
                raise self.fail(path, f"missing key {key!r}")
            return default
        value = obj[key]
        wanted = (int, float) if kind is float else kind
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, wanted):
            raise self.fail(f"{path}.{key}", f"expected {kind.__name__}, got {value!r}")
        return float(value) if kind is float else value

    def strings(self, value: Any, path: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(path, "expected a list of strings")
        return tuple(value)

    def alignment(self, data: Any) -> Alignment:
        keys = {"format", "version", "model_id", "src", "tgt", "speakers", "turns", "links"}
        obj = self.object(data, "top level", keys | {"warnings"})
        if obj.get("format") != FORMAT_NAME:
            raise self.fail("format", f"expected {FORMAT_NAME!r}; this is not an alignment export")
        if self.get(obj, "version", int, "top level") != FORMAT_VERSION:
            raise self.fail("version", f"only version {FORMAT_VERSION} can be read")
        return Alignment(
            src=self.document(obj.get("src"), "src"),
            tgt=self.document(obj.get("tgt"), "tgt"),
            model_id=self.get(obj, "model_id", str, "top level"),
            speakers=[
                self.speaker_pair(v, f"speakers[{i}]") for i, v in self.items(obj, "speakers")
            ],
            turns=[self.turn_link(v, f"turns[{i}]") for i, v in self.items(obj, "turns")],
            links=[self.link(v, f"links[{i}]") for i, v in self.items(obj, "links")],
            warnings=list(self.strings(obj.get("warnings", []), "warnings")),
        )

    def items(self, obj: dict[str, Any], key: str) -> list[tuple[int, Any]]:
        return list(enumerate(self.get(obj, key, list, "top level")))

    def document(self, value: Any, path: str) -> Document:
        keys = {"lang", "source", "encoding", "meta", "speakers", "turns", "warnings"}
        obj = self.object(value, path, keys)
        meta = self.get(obj, "meta", dict, path)
        if not all(isinstance(v, str) for v in meta.values()):
            raise self.fail(f"{path}.meta", "every metadata value must be a string")
        speakers = [
            self.speaker(v, f"{path}.speakers[{i}]") for i, v in self.items(obj, "speakers")
        ]
        return Document(
            lang=self.get(obj, "lang", str, path),
            source=self.get(obj, "source", str, path),
            meta=dict(meta),
            turns=[self.turn(v, f"{path}.turns[{i}]") for i, v in self.items(obj, "turns")],
            speakers={speaker.key: speaker for speaker in speakers},
            warnings=list(self.strings(obj.get("warnings", []), f"{path}.warnings")),
            encoding=self.get(obj, "encoding", str, path),
        )

    def speaker(self, value: Any, path: str) -> Speaker:
        obj = self.object(value, path, {"key", "full_name"})
        return Speaker(self.get(obj, "key", str, path), self.get(obj, "full_name", str, path))

    def turn(self, value: Any, path: str) -> Turn:
        obj = self.object(value, path, {"id", "speaker", "label", "sentences"})
        sentences = [
            self.sentence(v, f"{path}.sentences[{i}]") for i, v in self.items(obj, "sentences")
        ]
        speaker = obj.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise self.fail(f"{path}.speaker", "expected a string or null")
        return Turn(
            self.get(obj, "id", str, path), speaker, self.get(obj, "label", str, path), sentences
        )

    def sentence(self, value: Any, path: str) -> Sentence:
        obj = self.object(value, path, {"id", "text", "editorial"})
        return Sentence(
            self.get(obj, "id", str, path),
            self.get(obj, "text", str, path),
            self.get(obj, "editorial", bool, path, False),
        )

    def speaker_pair(self, value: Any, path: str) -> SpeakerPair:
        obj = self.object(value, path, {"src", "tgt", "score", "sure"})
        return SpeakerPair(
            self.get(obj, "src", str, path),
            self.get(obj, "tgt", str, path),
            self.get(obj, "score", float, path),
            self.get(obj, "sure", bool, path),
        )

    def turn_link(self, value: Any, path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if not isinstance(value, list) or len(value) != 2:
            raise self.fail(path, "expected [source turn IDs, target turn IDs]")
        return self.strings(value[0], f"{path}[0]"), self.strings(value[1], f"{path}[1]")

    def link(self, value: Any, path: str) -> SentenceLink:
        keys = {"src_ids", "tgt_ids", "score", "confidence", "status", "origin", "flags"}
        obj = self.object(value, path, keys)
        raw_flags = self.get(obj, "flags", list, path, [])
        flags = [self.flag(v, f"{path}.flags[{i}]") for i, v in enumerate(raw_flags)]
        return SentenceLink(
            src_ids=self.strings(obj.get("src_ids"), f"{path}.src_ids"),
            tgt_ids=self.strings(obj.get("tgt_ids"), f"{path}.tgt_ids"),
            score=self.get(obj, "score", float, path, 0.0),
            confidence=self.get(obj, "confidence", float, path, 0.0),
            status=self.get(obj, "status", str, path, "unreviewed"),
            origin=self.get(obj, "origin", str, path, "auto"),
            flags=tuple(flags),
        )

    def flag(self, value: Any, path: str) -> Flag:
        obj = self.object(value, path, {"category", "severity", "note", "status", "author"})
        author = obj.get("author")
        if author is not None and not isinstance(author, str):
            raise self.fail(f"{path}.author", "expected a string or null")
        return Flag(
            category=self.get(obj, "category", str, path),
            severity=self.get(obj, "severity", str, path),
            note=self.get(obj, "note", str, path, ""),
            status=self.get(obj, "status", str, path, "open"),
            author=author,
        )
