"""The review operations behind the JSON API: read a request's fields, call one review function.

Each operation is a review function and the request fields it takes, in order; the edit context
(store, document, version, user) comes first. What comes back is the run of links the edit put
in place, as rows; the page swaps them for the rows that held the same sentences (an edit
always re-partitions the sentences it touches).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from align import review
from align.alignment import PairKey
from align.errors import AlignError

Embedder = Callable[[], Any]
Payload = dict[str, Any]


class Refused(AlignError):
    """The operation was refused; the message says why and what to do instead."""


@dataclass
class Conflict(Exception):
    """The page's version is stale: the current version and every fresh row."""

    message: str
    version: int
    rows: list[review.Row]


@dataclass(frozen=True)
class Result:
    """A done edit: the new version, the rows it put in place, and where the cursor goes."""

    version: int
    rows: list[review.Row]
    focus: str | None = None


def text(name: str, limit: int = 200) -> Callable[[Payload], str]:
    """A reader of the non-empty string field ``name``."""

    def read(payload: Payload) -> str:
        value = payload.get(name)
        if not isinstance(value, str) or not value or len(value) > limit:
            raise Refused(f'send "{name}" as a non-empty string of at most {limit} characters.')
        return value

    return read


def count(name: str) -> Callable[[Payload], int]:
    """A reader of the whole-number field ``name`` (0 or more)."""

    def read(payload: Payload) -> int:
        value = payload.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
            raise Refused(f'send "{name}" as a whole number (0 or more).')
        return value

    return read


def optional(name: str) -> Callable[[Payload], str | None]:
    """A reader of a string field that may be absent or null."""
    present = text(name)
    return lambda payload: None if payload.get(name) is None else present(payload)


def sentence(payload: Payload) -> str:
    """The sentence an edit names: ``sentence``, else the first ID of the pair ``key``."""
    if "sentence" in payload:
        return text("sentence")(payload)
    try:
        return PairKey.parse(text("key", 4000)(payload)).sentence_ids[0]
    except ValueError as error:
        raise Refused(str(error)) from error


def note(payload: Payload) -> str:
    """A flag's note: optional text of at most 2,000 characters."""
    value = payload.get("note", "")
    if not isinstance(value, str) or len(value) > 2000:
        raise Refused("the note must be text of at most 2,000 characters.")
    return value.strip()


def fixed(value: str) -> Callable[[Payload], str]:
    """A value the operation always passes (merge goes to the next link)."""
    return lambda _payload: value


@dataclass(frozen=True)
class Operation:
    """A review function, the readers of its arguments after the context, and the cursor rule."""

    function: Callable[..., review.Edit]
    readers: tuple[Callable[[Payload], Any], ...] = ()
    moves_cursor: bool = False  # after it the cursor goes to the first new row


OPERATIONS: dict[str, Operation] = {
    "confirm": Operation(review.confirm, (sentence,)),
    "unconfirm": Operation(review.unconfirm, (sentence,)),
    "dispute": Operation(review.dispute, (sentence,)),
    "merge": Operation(review.merge, (sentence, fixed("next")), moves_cursor=True),
    "split": Operation(review.split, (sentence, count("src_cut"), count("tgt_cut")), True),
    "shift": Operation(review.shift, (sentence, text("direction")), True),
    "relink": Operation(review.relink, (sentence, text("direction")), True),
    "unlink": Operation(review.unlink, (sentence,), True),
    "flag": Operation(review.add_flag, (sentence, text("category"), text("severity"), note)),
    "resolve-flag": Operation(review.resolve_flag, (count("flag"), text("status"))),
    "realign": Operation(review.realign, (optional("after"), optional("before")), True),
    "undo": Operation(review.undo, (), True),
    "redo": Operation(review.redo, (), True),
}
NEEDS_EMBEDDER = frozenset({"realign"})


def run_operation(
    store: review.Store, document_id: int, op: str, payload: Payload, actor: str,
    embedder: Embedder,
) -> Result:  # fmt: skip
    """Run one review operation at ``payload["version"]``; Conflict or Refused if it can't."""
    operation = OPERATIONS[op]
    ctx = review.EditContext(store, document_id, payload["version"], actor)
    try:
        args = [read(payload) for read in operation.readers]
        if op in NEEDS_EMBEDDER:
            args.append(embedder())
        edit = operation.function(ctx, *args)
    except review.ConflictError as error:
        fresh = review.review_rows(store, document_id)
        raise Conflict(_sentence_case(str(error)), fresh.version, fresh.rows) from error
    except review.ReviewError as error:
        raise Refused(_sentence_case(str(error))) from error
    rows = review.edited_rows(store, document_id, edit.version, edit.links)
    focus = rows[0]["key"] if rows and operation.moves_cursor else None
    return Result(edit.version, rows, focus)


def _sentence_case(message: str) -> str:
    """Store messages start lower-case (they follow "error:" in the CLI); a notice starts upper."""
    return message[:1].upper() + message[1:]
