"""Flag operations: raise, edit and resolve translation issues on links (re-exported by review)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from align.alignment import FLAG_STATUSES, MQM_CATEGORIES, SEVERITIES
from align.store.editing import Change, Edit, around, run_edit
from align.store.engine import Store
from align.store.errors import ReviewError
from align.store.lookup import link_of
from align.store.models import FlagRow, LinkRow, utcnow
from align.store.runs import replace_run
from align.store.snapshots import FlagState, LinkState, iso, read_links


def add_flag(
    store: Store, document_id: int, expected_version: int, user: str, sentence_id: str,
    category: str, severity: str, note: str = "",
) -> Edit:  # fmt: skip
    """Raise a translation issue (MQM category, severity, note) on the link of ``sentence_id``."""
    _check_flag(category, severity, "open")

    def change(session: Session) -> Change:
        link = link_of(session, document_id, sentence_id)
        now = iso(utcnow())
        flag = FlagState(None, category, severity, note, user, "open", now, now)
        new = replace(link, flags=(*link.flags, flag))
        return Change([link], replace_run(session, document_id, [link], [new]))

    focus = around(document_id, sentence_id)
    return run_edit(store, document_id, expected_version, user, "flag", focus, change)


def edit_flag(
    store: Store, document_id: int, expected_version: int, user: str, flag_id: int,
    category: str | None = None, severity: str | None = None, note: str | None = None,
) -> Edit:  # fmt: skip
    """Change a flag's category, severity or note (None leaves a field as it is)."""
    return _change_flag(
        store, document_id, expected_version, user, flag_id, "edit-flag",
        {"category": category, "severity": severity, "note": note},
    )  # fmt: skip


def resolve_flag(
    store: Store, document_id: int, expected_version: int, user: str, flag_id: int, status: str
) -> Edit:
    """Accept or dismiss a flag (or reopen it with "open")."""
    return _change_flag(
        store, document_id, expected_version, user, flag_id, "resolve-flag", {"status": status}
    )


def _change_flag(
    store: Store, document_id: int, expected: int, user: str, flag_id: int, operation: str,
    fields: dict[str, str | None],
) -> Edit:  # fmt: skip
    fields = {key: value for key, value in fields.items() if value is not None}
    _check_flag(fields.get("category"), fields.get("severity"), fields.get("status"))

    def change(session: Session) -> Change:
        link = _link_of_flag(session, document_id, flag_id)
        flag = next(flag for flag in link.flags if flag.id == flag_id)
        changed = replace(flag, **fields)
        if changed == flag:
            raise ReviewError(f"flag {flag_id} already says that; nothing to change.")
        changed = replace(changed, updated_at=iso(utcnow()))
        flags = tuple(changed if f.id == flag_id else f for f in link.flags)
        new = replace(link, flags=flags)
        return Change([link], replace_run(session, document_id, [link], [new]))

    def focus(session: Session) -> list[LinkState]:
        try:
            return [_link_of_flag(session, document_id, flag_id)]
        except ReviewError:
            return []

    return run_edit(store, document_id, expected, user, operation, focus, change)


def _check_flag(category: str | None, severity: str | None, status: str | None) -> None:
    for what, value, allowed in (
        ("category", category, MQM_CATEGORIES),
        ("severity", severity, SEVERITIES),
        ("flag status", status, FLAG_STATUSES),
    ):
        if value is not None and value not in allowed:
            raise ReviewError(f"unknown {what} {value!r}; choose one of {', '.join(allowed)}.")


def _link_of_flag(session: Session, document_id: int, flag_id: int) -> LinkState:
    link_id = session.scalar(
        select(FlagRow.link_id)
        .join(LinkRow, LinkRow.id == FlagRow.link_id)
        .where(FlagRow.id == flag_id, LinkRow.document_id == document_id)
    )
    if link_id is None:
        raise ReviewError(f"no flag {flag_id} in document {document_id}.")
    return read_links(session, document_id, [link_id])[0]
