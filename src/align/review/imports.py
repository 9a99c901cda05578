"""Importing a pair of uploaded texts: ingest, align and store them in one transaction.

The web form names each side's language; a file whose text is in the other language is refused
("were the two files swapped?"), so a Chinese original and its English translation, an English
original and its Chinese translation, or any other pair of languages come in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from align.document import Document
from align.errors import ReviewError
from align.exchange.languages import language_name
from align.store import Store, save_alignment


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser sent, its bytes, and the language it should be in."""

    filename: str
    data: bytes
    lang: str


def read_upload(upload: Upload) -> Document:
    """The Document of one upload; ReviewError when it is empty or in the other language."""
    from align.ingest import detect_language, read_text_document
    from align.ingest.decode import decode_bytes

    label = PurePath(upload.filename or f"{upload.lang}.txt").name
    name = _language(upload.lang)
    if not upload.data.strip():
        raise ReviewError(f"{label} is empty; choose the file with the {name} text.")
    decoded = decode_bytes(upload.data, label)
    detected = detect_language(decoded.text)
    if detected != upload.lang:
        raise ReviewError(
            f"{label} looks like {_language(detected)} text, not {name}; "
            "were the two files swapped, or is its language set wrong?"
        )
    document = read_text_document(decoded.text, label, upload.lang)
    document.encoding = decoded.encoding
    document.warnings[:0] = decoded.warnings
    return document


def import_pair(
    store: Store, src: Upload, tgt: Upload, embedder: Callable[[], Any], actor: str,
    taken: set[str],
) -> str:  # fmt: skip
    """Ingest, align and store a pair in one transaction; return the new document's name."""
    from align.pipeline import align_documents

    documents = [read_upload(upload) for upload in (src, tgt)]
    alignment = align_documents(documents[0], documents[1], embedder())
    name = document_name(src, tgt, taken)
    save_alignment(store, alignment, name, actor=actor)
    return name


def document_name(src: Upload, tgt: Upload, taken: set[str]) -> str:
    """A new document's name: the files' shared stem (else the translation's), made unique."""
    stems = [_slug(PurePath(upload.filename or "").stem) for upload in (src, tgt)]
    base = stems[0] if stems[0] == stems[1] else stems[1] or stems[0]
    return unique_name((base or "document")[:80], taken)


def unique_name(base: str, taken: set[str]) -> str:
    """``base`` with -2, -3 … until no document has it."""
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


def _slug(stem: str) -> str:
    return re.sub(r"[^\w.-]+", "-", stem).strip("-.")


def _language(code: str) -> str:
    """A language code's English name ("Chinese")."""
    return language_name(Document(code, ""))
