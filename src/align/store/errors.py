"""Errors of the store and of review operations; the CLI and web layers turn them into messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from align.errors import AlignError

if TYPE_CHECKING:
    from align.store.snapshots import LinkState


class StoreError(AlignError):
    """The database cannot be used as asked: not migrated, bad URL, a failed import or backup."""


class ReviewError(AlignError):
    """A review operation was refused: unknown document, link or sentence, or an invalid result."""


class ConflictError(ReviewError):
    """The edit was made against a stale version; carries the current version and links."""

    def __init__(self, message: str, current_version: int, links: Sequence[LinkState] = ()) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.links = tuple(links)
