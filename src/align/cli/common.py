"""What every ``align`` command module shares: errors as one line of advice, the configured
store, who is editing, and the report after a pair is saved."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

import click
from sqlalchemy.engine import make_url

from align import review
from align.alignment import Alignment
from align.config import database_url
from align.errors import AlignError


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn AlignError into ClickException: the message already says what failed and the fix."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AlignError as error:
            raise click.ClickException(str(error)) from error

    return wrapper


@contextmanager
def open_store(upgrade: bool = False) -> Iterator[review.Store]:
    """The configured store for one command; its connections are closed afterwards."""
    sessions = review.make_session_factory(database_url(), upgrade=upgrade)
    try:
        yield sessions
    finally:
        sessions.kw["bind"].dispose()


def shown_url() -> str:
    """The configured database URL with any password hidden."""
    return make_url(database_url()).render_as_string(hide_password=True)


def default_user() -> str:
    """Who a command acts as: $ALIGN_USER, else the login name."""
    return os.environ.get("ALIGN_USER") or getpass.getuser()


def save_and_report(
    alignment: Alignment, name: str, user: str, verb: str, origin: str = ""
) -> None:
    """Store ``alignment`` (one transaction) and say on stderr what was stored and what next."""
    with open_store(upgrade=True) as store:
        saved = review.save_alignment(store, alignment, name, actor=user)
        summary = review.get_document(store, saved.document_id)
    how = verb if saved.created else f"re-imported (kept {saved.kept} confirmed links)"
    status(
        f"{how} {summary.name!r}{origin} as document {summary.id}, version {summary.version}: "
        f"{summary.links} links, {summary.confirmed} confirmed, {summary.low_confidence} below "
        f"confidence {review.LOW_CONFIDENCE}. Next: align show {summary.id}"
    )
    report_warnings(alignment.warnings, "  ")


def status(message: str) -> None:
    """Status and warnings go to stderr, so stdout carries only data (``-o -``, citations)."""
    click.echo(message, err=True)


def report_warnings(warnings: list[str], indent: str = "") -> None:
    """Each warning on its own stderr line."""
    for warning in warnings:
        status(f"{indent}warning: {warning}")
