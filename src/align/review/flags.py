"""Flag operations: raise, edit and resolve translation issues (MQM categories) on links."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from align.alignment import FLAG_STATUSES, MQM_CATEGORIES, SEVERITIES
from align.errors import ReviewError
from align.review.context import Change, Edit, EditContext, around, run_edit
from align.store import FlagState, LinkState
from align.store.lookup import link_of, link_of_flag
from align.store.models import utcnow
from align.store.runs import replace_run
from align.store.snapshots import iso


def add_flag(
    ctx: EditContext, sentence_id: str, category: str, severity: str, note: str = ""
) -> Edit:
    """Raise a translation issue (MQM category, severity, note) on the link of ``sentence_id``."""
    _check_flag(category, severity, "open")

    def change(session: Session) -> Change:
        link = link_of(session, ctx.document_id, sentence_id)
        now = iso(utcnow())
        flag = FlagState(None, category, severity, note, ctx.user, "open", now, now)
        return _replace_link(session, ctx, link, replace(link, flags=(*link.flags, flag)))

    return run_edit(ctx, "flag", around(ctx.document_id, sentence_id), change)


def edit_flag(
    ctx: EditContext, flag_id: int, category: str | None = None, severity: str | None = None,
    note: str | None = None,
) -> Edit:  # fmt: skip
    """Change a flag's category, severity or note (None leaves a field as it is)."""
    fields = {"category": category, "severity": severity, "note": note}
    return _change_flag(ctx, flag_id, "edit-flag", fields)


def resolve_flag(ctx: EditContext, flag_id: int, status: str) -> Edit:
    """Accept or dismiss a flag (or reopen it with "open")."""
    return _change_flag(ctx, flag_id, "resolve-flag", {"status": status})


def _change_flag(
    ctx: EditContext, flag_id: int, operation: str, fields: dict[str, str | None]
) -> Edit:
    fields = {key: value for key, value in fields.items() if value is not None}
    _check_flag(fields.get("category"), fields.get("severity"), fields.get("status"))

    def change(session: Session) -> Change:
        link = link_of_flag(session, ctx.document_id, flag_id)
        flag = next(flag for flag in link.flags if flag.id == flag_id)
        changed = replace(flag, **fields)
        if changed == flag:
            raise ReviewError(f"flag {flag_id} already says that; nothing to change.")
        changed = replace(changed, updated_at=iso(utcnow()))
        flags = tuple(changed if f.id == flag_id else f for f in link.flags)
        return _replace_link(session, ctx, link, replace(link, flags=flags))

    def focus(session: Session) -> list[LinkState]:
        try:
            return [link_of_flag(session, ctx.document_id, flag_id)]
        except ReviewError:
            return []

    return run_edit(ctx, operation, focus, change)


def _replace_link(session: Session, ctx: EditContext, old: LinkState, new: LinkState) -> Change:
    """The change of one link's fields or flags, written in place."""
    return Change([old], replace_run(session, ctx.document_id, [old], [new]))


def _check_flag(category: str | None, severity: str | None, status: str | None) -> None:
    for what, value, allowed in (
        ("category", category, MQM_CATEGORIES),
        ("severity", severity, SEVERITIES),
        ("flag status", status, FLAG_STATUSES),
    ):
        if value is not None and value not in allowed:
            raise ReviewError(f"unknown {what} {value!r}; choose one of {', '.join(allowed)}.")
