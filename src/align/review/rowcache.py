"""Per-process caches that keep a 2,000-link review page fast: row builders and rows by version.

A document's texts change only on (re)import, so its RowBuilder is kept per import event. Its
rows are kept at one version and moved to the next by this process's own edits (an edit puts a
run of links in place of the links that held the same sentences); any other change shows up as
a different version and the rows are read again. Keys include the database URL, so apps on
different databases in one process never share entries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from align.review.rows import Row

Value = TypeVar("Value")


class Lru(Generic[Value]):
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Value] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Value | None:
        """The value, marked as recently used; None when absent."""
        with self.lock:
            if key not in self.items:
                return None
            self.items.move_to_end(key)
            return self.items[key]

    def put(self, key: Hashable, value: Value) -> None:
        """Store, dropping the least recently used entries beyond ``size``."""
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def update(self, key: Hashable, change: Callable[[Value], Value | None]) -> None:
        """Replace the value by ``change(value)`` atomically (None drops it)."""
        with self.lock:
            if key in self.items:
                new = change(self.items[key])
                if new is None:
                    del self.items[key]
                else:
                    self.items[key] = new


@dataclass(frozen=True)
class RowsAt:
    """Every row of a document at ``version``, made with the builder ``builder``."""

    version: int
    builder: Any
    rows: tuple[Row, ...]


def sentence_ids(row: Row) -> set[str]:
    """Every sentence ID of a row."""
    return {s["id"] for s in row["src"]} | {s["id"] for s in row["tgt"]}


def advance(cached: RowsAt, version: int, new_rows: list[Row]) -> RowsAt | None:
    """The cached rows moved to ``version`` by an edit that put ``new_rows`` in place.

    None when the cache is not at the version just before, or the edit does not fit.
    """
    if cached.version != version - 1 or not new_rows:
        return None
    touched = set().union(*(sentence_ids(row) for row in new_rows))
    hits = [i for i, row in enumerate(cached.rows) if sentence_ids(row) & touched]
    if not hits or hits[-1] - hits[0] != len(hits) - 1:
        return None
    rows = (*cached.rows[: hits[0]], *new_rows, *cached.rows[hits[-1] + 1 :])
    return RowsAt(version, cached.builder, rows)
