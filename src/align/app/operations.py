"""Writes: the review operations behind the JSON API, and importing an uploaded pair.

Each operation calls one ``align.review`` function with the version the page showed. What comes
back is the run of links the edit put in place, as rows; the page swaps them for the rows that
held the same sentences (an edit always re-partitions the sentences it touches).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlalchemy.orm import Session

from align import review
from align.app.backend import edited_rows, review_rows
from align.app.rows import Row, parse_key
from align.errors import AlignError

Embedder = Callable[[], Any]


class Refused(AlignError):
    """The operation was refused; the message says why and what to do instead."""


@dataclass
class Conflict(Exception):
    """The page's version is stale: the current version and every fresh row."""

    message: str
    version: int
    rows: list[Row]


@dataclass(frozen=True)
class Result:
    """A done edit: the new version, the rows it put in place, and where the cursor goes."""

    version: int
    rows: list[Row]
    focus: str | None = None


def _text(payload: dict[str, Any], name: str, limit: int = 200) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise Refused(f'send "{name}" as a non-empty string of at most {limit} characters.')
    return value


def _sentence(payload: dict[str, Any]) -> str:
    """The sentence an edit names: ``sentence``, else the first ID of the pair ``key``."""
    if "sentence" in payload:
        return _text(payload, "sentence")
    try:
        src_ids, tgt_ids = parse_key(_text(payload, "key", 4000))
    except ValueError as error:
        raise Refused(str(error)) from error
    return (*src_ids, *tgt_ids)[0]


def _int(payload: dict[str, Any], name: str) -> int:
    value = payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Refused(f'send "{name}" as a whole number of sentences (0 or more).')
    return value


def _optional(payload: dict[str, Any], name: str) -> str | None:
    return None if payload.get(name) is None else _text(payload, name)


Handler = Callable[[Session, int, int, str, dict[str, Any], Embedder], review.Edit]

HANDLERS: dict[str, Handler] = {
    "confirm": lambda s, d, v, u, p, e: review.confirm(s, d, v, u, _sentence(p)),
    "unconfirm": lambda s, d, v, u, p, e: review.unconfirm(s, d, v, u, _sentence(p)),
    "merge": lambda s, d, v, u, p, e: review.merge(s, d, v, u, _sentence(p), "next"),
    "split": lambda s, d, v, u, p, e: review.split(
        s, d, v, u, _sentence(p), _int(p, "zh_cut"), _int(p, "en_cut")
    ),
    "shift": lambda s, d, v, u, p, e: review.shift(s, d, v, u, _sentence(p), _text(p, "direction")),
    "relink": lambda s, d, v, u, p, e: review.relink(
        s, d, v, u, _sentence(p), _text(p, "direction")
    ),
    "unlink": lambda s, d, v, u, p, e: review.unlink(s, d, v, u, _sentence(p)),
    "flag": lambda s, d, v, u, p, e: review.add_flag(
        s, d, v, u, _sentence(p), _text(p, "category"), _text(p, "severity"), _note(p)
    ),
    "resolve-flag": lambda s, d, v, u, p, e: review.resolve_flag(
        s, d, v, u, _int(p, "flag"), _text(p, "status")
    ),
    "realign": lambda s, d, v, u, p, e: review.realign(
        s, d, v, u, _optional(p, "after"), _optional(p, "before"), e()
    ),
    "undo": lambda s, d, v, u, p, e: review.undo(s, d, v, u),
    "redo": lambda s, d, v, u, p, e: review.redo(s, d, v, u),
}
OPERATIONS = frozenset(HANDLERS)
# After these the cursor goes to the first new row; after the others it stays where it is.
MOVES_CURSOR = frozenset({"merge", "split", "shift", "relink", "unlink", "realign", "undo", "redo"})


def _note(payload: dict[str, Any]) -> str:
    note = payload.get("note", "")
    if not isinstance(note, str) or len(note) > 2000:
        raise Refused("the note must be text of at most 2,000 characters.")
    return note.strip()


def run_operation(
    session: Session,
    document_id: int,
    op: str,
    payload: dict[str, Any],
    actor: str,
    embedder: Embedder,
) -> Result:
    """Run one review operation at ``payload["version"]``; Conflict or Refused if it can't."""
    try:
        edit = HANDLERS[op](session, document_id, payload["version"], actor, payload, embedder)
    except review.ConflictError as error:
        fresh = review_rows(session, document_id)
        raise Conflict(_sentence_case(str(error)), fresh.version, fresh.rows) from error
    except review.ReviewError as error:
        raise Refused(_sentence_case(str(error))) from error
    rows = edited_rows(session, document_id, edit.version, edit.links)
    focus = rows[0]["key"] if rows and op in MOVES_CURSOR else None
    return Result(edit.version, rows, focus)


def _sentence_case(message: str) -> str:
    """Store messages start lower-case (they follow "error:" in the CLI); a notice starts upper."""
    return message[:1].upper() + message[1:]


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser sent and its bytes."""

    filename: str
    data: bytes


def document_name(zh: Upload, en: Upload, taken: set[str]) -> str:
    """A new document's name: the files' shared stem (else the English one), made unique."""
    stems = [_slug(PurePath(upload.filename or "").stem) for upload in (zh, en)]
    base = stems[0] if stems[0] == stems[1] else stems[1] or stems[0]
    base = (base or "document")[:80]
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


def _slug(stem: str) -> str:
    return re.sub(r"[^\w.-]+", "-", stem).strip("-.")


def import_pair(
    session: Session, zh: Upload, en: Upload, embedder: Embedder, actor: str, taken: set[str]
) -> str:
    """Ingest, align and store a pair in one transaction; return the new document's name."""
    from align.ingest import detect_language, read_text_document
    from align.ingest.decode import decode_bytes
    from align.pipeline import align_documents
    from align.store import save_alignment

    documents = []
    for upload, lang in ((zh, "zh"), (en, "en")):
        label = PurePath(upload.filename or f"{lang}.txt").name
        if not upload.data.strip():
            raise Refused(f"{label} is empty; choose the file with the {lang} text.")
        decoded = decode_bytes(upload.data, label)
        if detect_language(decoded.text) != lang:
            other = {"zh": "English", "en": "Chinese"}[lang]
            raise Refused(f"{label} looks like {other} text; were the two files swapped?")
        document = read_text_document(decoded.text, label, lang)
        document.encoding = decoded.encoding
        document.warnings[:0] = decoded.warnings
        documents.append(document)
    alignment = align_documents(documents[0], documents[1], embedder())
    name = document_name(zh, en, taken)
    save_alignment(session, alignment, name, actor=actor)
    return name
