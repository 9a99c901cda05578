"""Domain errors. Only the CLI and web layers turn these into messages for people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class AlignError(Exception):
    """Base of every error the workbench raises on purpose; its message says what to do."""


class IngestError(AlignError):
    """A file could not be read as a document (empty, binary, undecodable, not a transcript)."""


class ModelError(AlignError):
    """No embedding model could be loaded, or the bundled model failed its conversion check."""


class FormatError(AlignError):
    """A links/gold/exchange file is malformed; the message names the file and line."""


class StoreError(AlignError):
    """The database cannot be used as asked: not migrated, bad URL, a failed import or backup."""


class ReviewError(AlignError):
    """A review operation was refused: unknown document, link or sentence, or an invalid result."""


class ConflictError(ReviewError):
    """The edit was made against a stale version; carries the current version and links."""

    def __init__(self, message: str, current_version: int, links: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.links = tuple(links)
