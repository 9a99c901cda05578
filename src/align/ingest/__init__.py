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
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_ENDS_SENTENCE = {
    "en": re.compile(r"[.!?:;…\"”’')\]]$"),
    "zh": re.compile(r"[。！？!?…”’」』）)】〕：；:;.]$"),
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
    wants_lines = layout == "lines" or (
        layout == "auto" and _is_sentence_per_line(header.layout, body)
    )
    if wants_lines and not document.speakers:
        document.turns = [_line_turn(document.lang, body)]
        return document
    if not document.speakers:
        raw_turns = [RawTurn(None, "", body)]
        document.warnings.append(
            f"{source}: no speaker turns found; read as plain text without turns."
        )
    _build_turns(document, raw_turns)
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


def _line_turn(lang: str, body: list[Line]) -> Turn:
    turn_id = f"{lang}-t1"
    sentences = [
        Sentence(f"{turn_id}-s{n}", line.text, is_editorial(line.text))
        for n, line in enumerate(body, start=1)
    ]
    return Turn(turn_id, None, "", sentences)


def _build_turns(document: Document, raw_turns: list[RawTurn]) -> None:
    """Give IDs (preamble ``t0``, speaker turns from ``t1``), repair breaks, split sentences."""
    number = 0 if raw_turns[0].speaker is None and document.speakers else 1
    for raw in raw_turns:
        in_preamble = raw.speaker is None and bool(document.speakers)
        paragraphs = (
            [line.text for line in raw.lines]
            if in_preamble
            else _join_broken_lines(raw.lines, document.lang, document.warnings)
        )
        if in_preamble:
            _read_preamble_fields(paragraphs, document.meta)
        turn = Turn(f"{document.lang}-t{number}", raw.speaker, raw.label)
        for paragraph in paragraphs:
            for text, editorial in split_sentences(paragraph, document.lang):
                turn.sentences.append(
                    Sentence(f"{turn.id}-s{len(turn.sentences) + 1}", text, editorial)
                )
        document.turns.append(turn)
        number += 1
    _note_editorial(document)


def _join_broken_lines(lines: list[Line], lang: str, warnings: list[str]) -> list[str]:
    """Paragraphs of a turn; a line that does not end a sentence continues on the next line."""
    paragraphs: list[str] = []
    for line in lines:
        previous = paragraphs[-1] if paragraphs else ""
        if previous and not _ENDS_SENTENCE[lang].search(previous):
            joiner = " " if lang == "en" else ""
            if line.after_blank:
                warnings.append(
                    f"line {line.number}: rejoined a sentence cut by a page break: "
                    f"“…{previous[-30:]} / {line.text[:30]}…”"
                )
            paragraphs[-1] = previous + joiner + line.text
        else:
            paragraphs.append(line.text)
    return paragraphs


def _read_preamble_fields(paragraphs: list[str], meta: dict[str, str]) -> None:
    for paragraph in paragraphs:
        if field := preamble_field(paragraph):
            meta.setdefault(field[0], field[1])


def _note_editorial(document: Document) -> None:
    notes = [s.text for s in document.sentences() if s.editorial]
    if notes:
        shown = "; ".join(note if len(note) <= 60 else note[:57] + "…" for note in notes)
        document.warnings.append(
            f"{len(notes)} editorial span(s) kept as text, may align to nothing: {shown}"
        )
