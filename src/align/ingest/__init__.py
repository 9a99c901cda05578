"""Read a file into a Document: decode, parse the header, repair page breaks, segment, give IDs."""

from __future__ import annotations

import re
from pathlib import Path

from align.document import Document, Sentence, Turn
from align.errors import IngestError
from align.ingest.decode import MAX_BYTES, decode_bytes
from align.ingest.record import parse_header
from align.segment import Line, RawTurn, find_turns, is_editorial, preamble_field, split_sentences

LAYOUTS = ("auto", "transcript", "lines")
EDITORIAL_SHOWN = 5  # editorial spans quoted in the ingest warning; the rest are counted
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# The last character of a line that ends a sentence; any other line continues on the next.
_SENTENCE_ENDS = {
    "en": frozenset(".!?:;…\"”’')]"),
    "zh": frozenset("。！？!?…”’」』）)】〕：；:;."),
}

__all__ = ["LAYOUTS", "detect_language", "read_document", "read_text_document"]


def read_document(path: str | Path, lang: str | None = None, layout: str = "auto") -> Document:
    """Read ``path`` (any common encoding) into a Document; raise IngestError on bad input."""
    path = Path(path)
    if not path.is_file():
        raise IngestError(f"{path}: no such file.")
    if path.stat().st_size > MAX_BYTES:
        raise IngestError(
            f"{path}: larger than the {MAX_BYTES // 2**20} MB limit; split it into parts."
        )
    decoded = decode_bytes(path.read_bytes(), str(path))
    document = read_text_document(decoded.text, str(path), lang, layout)
    document.encoding = decoded.encoding
    document.warnings[:0] = decoded.warnings
    return document


def read_text_document(
    text: str, source: str, lang: str | None = None, layout: str = "auto"
) -> Document:
    """Parse already-decoded text; ``layout`` "lines" reads one sentence per line, unsplit."""
    if layout not in LAYOUTS:
        raise IngestError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}.")
    all_lines = text.split("\n")
    header = parse_header(all_lines)
    body = _body_lines(all_lines, header.body_start)
    if not body:
        raise IngestError(f"{source}: there is no text after the header; nothing to align.")
    detected = detect_language("\n".join(line.text for line in body))
    document = Document(lang or detected, source, dict(header.meta))
    if lang and lang != detected:
        document.warnings.append(
            f"{source}: declared {lang} but the text looks like {detected}; check the file pair."
        )
    document.meta.setdefault("language", document.lang)
    document.meta["layout"] = header.layout
    raw_turns, document.speakers = find_turns(body, document.lang)
    one_per_line = layout == "lines" or (
        layout == "auto" and _is_sentence_per_line(header.layout, body)
    )
    if not document.speakers:
        raw_turns = [RawTurn(None, "", body)]
        if not one_per_line:
            document.warnings.append(
                f"{source}: no speaker turns found; read as plain text without turns."
            )
    _build_turns(document, raw_turns, one_per_line)
    return document


def detect_language(text: str) -> str:
    """ "zh" when Han characters make up a real share of the letters, else "en"."""
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    return "zh" if han > 0.2 * (han + latin) else "en"


def _body_lines(all_lines: list[str], start: int) -> list[Line]:
    body, after_blank = [], False
    for index in range(start, len(all_lines)):
        text = all_lines[index].strip()
        if text:
            body.append(Line(index + 1, text, after_blank and bool(body)))
        after_blank = not text
    return body


def _is_sentence_per_line(layout: str, body: list[Line]) -> bool:
    """A headerless file with no blank lines is read as one sentence per line (the bench layout)."""
    return layout == "plain" and len(body) > 1 and not any(line.after_blank for line in body)


def _build_turns(document: Document, raw_turns: list[RawTurn], one_per_line: bool) -> None:
    """Give IDs (preamble ``t0``, speaker turns from ``t1``) and fill the turns with sentences.

    ``one_per_line``: every line is one sentence, as written (a sentence-per-line file keeps
    one ID per line, so its IDs follow its lines); otherwise breaks are repaired and
    paragraphs split into sentences."""
    number = 0 if raw_turns[0].speaker is None and document.speakers else 1
    for raw in raw_turns:
        in_preamble = raw.speaker is None and bool(document.speakers)
        if in_preamble:
            _read_preamble_fields([line.text for line in raw.lines], document.meta)
        turn = Turn(f"{document.lang}-t{number}", raw.speaker, raw.label)
        for text, editorial in _sentences(raw, document, in_preamble, one_per_line):
            turn.sentences.append(
                Sentence(f"{turn.id}-s{len(turn.sentences) + 1}", text, editorial)
            )
        document.turns.append(turn)
        number += 1
    _note_editorial(document)


def _sentences(
    raw: RawTurn, document: Document, in_preamble: bool, one_per_line: bool
) -> list[tuple[str, bool]]:
    """(text, editorial) of a turn's sentences: its lines as written, or split paragraphs
    (a preamble's lines are split one by one: they are fields, never cut sentences)."""
    if one_per_line:
        return [(line.text, is_editorial(line.text)) for line in raw.lines]
    paragraphs = (
        [line.text for line in raw.lines]
        if in_preamble
        else _join_broken_lines(raw.lines, document.lang, document.warnings)
    )
    return [pair for text in paragraphs for pair in split_sentences(text, document.lang)]


def _join_broken_lines(lines: list[Line], lang: str, warnings: list[str]) -> list[str]:
    """Paragraphs of a turn; a line that does not end a sentence continues on the next line.

    Pieces are collected and joined once per paragraph, so a thousand-line paragraph without
    a full stop costs linear time."""
    paragraphs: list[list[str]] = []
    joiner = " " if lang == "en" else ""
    for line in lines:
        if paragraphs and paragraphs[-1][-1][-1] not in _SENTENCE_ENDS[lang]:
            if line.after_blank:
                tail = joiner.join(paragraphs[-1][-30:])[-30:]  # lines are never empty
                warnings.append(
                    f"line {line.number}: rejoined a sentence cut by a page break: "
                    f"“…{tail} / {line.text[:30]}…”"
                )
            paragraphs[-1].append(line.text)
        else:
            paragraphs.append([line.text])
    return [joiner.join(pieces) for pieces in paragraphs]


def _read_preamble_fields(paragraphs: list[str], meta: dict[str, str]) -> None:
    for paragraph in paragraphs:
        if field := preamble_field(paragraph):
            meta.setdefault(field[0], field[1])


def _note_editorial(document: Document) -> None:
    """One warning for all editorial spans: the count and the first few, never thousands."""
    notes = [s.text for s in document.sentences() if s.editorial]
    if notes:
        document.warnings.append(editorial_summary(notes))


def editorial_summary(notes: list[str]) -> str:
    """ "N editorial span(s) kept as text …: first; second; … and M more" (bounded length)."""
    shown = "; ".join(_shorten(note) for note in notes[:EDITORIAL_SHOWN])
    more = len(notes) - EDITORIAL_SHOWN
    tail = f"; … and {more} more" if more > 0 else ""
    return f"{len(notes)} editorial span(s) kept as text, may align to nothing: {shown}{tail}"


def _shorten(note: str) -> str:
    return note if len(note) <= 60 else note[:57] + "…"
