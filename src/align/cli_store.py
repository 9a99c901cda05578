"""``align`` commands on the store: run, list, show, the review edits, users and the database.

The lead registers ``COMMANDS`` on the ``align`` group. Commands only parse arguments, call one
store or review function and print; domain errors become one ClickException message.
"""

from __future__ import annotations

import getpass
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from align import review
from align.alignment import Alignment
from align.cli_common import friendly_errors
from align.config import database_url
from align.report import columns as columns  # columns and wrap: re-exported for old callers
from align.report import side_by_side
from align.report import wrap as wrap
from align.store import add_user as store_add_user
from align.store import backup, make_session_factory, save_alignment, upgrade_schema
from align.store import set_password as store_set_password
from align.store.queries import LinkView


@contextmanager
def _sessions(upgrade: bool = False) -> Iterator[sessionmaker[Session]]:
    """The configured store for one command; its connections are closed afterwards."""
    sessions = make_session_factory(database_url(), upgrade=upgrade)
    try:
        yield sessions
    finally:
        sessions.kw["bind"].dispose()


def _shown_url() -> str:
    return make_url(database_url()).render_as_string(hide_password=True)


def _default_user() -> str:
    return os.environ.get("ALIGN_USER") or getpass.getuser()


@click.command("run")
@click.argument("zh", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("en", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="Document name in the store (default: the Chinese file's stem).")
@click.option("--user", default=_default_user, show_default="$ALIGN_USER or your login name")
@friendly_errors
def run(zh: Path, en: Path, name: str | None, user: str) -> None:
    """Ingest ZH and EN, align them and save the alignment; re-running keeps confirmed links."""
    from align.embed import load_embedder
    from align.ingest import read_document
    from align.pipeline import align_documents

    alignment = align_documents(read_document(zh), read_document(en), load_embedder())
    save_and_report(alignment, name or zh.stem, user, "saved")


def save_and_report(
    alignment: Alignment, name: str, user: str, verb: str, origin: str = ""
) -> None:
    """Store ``alignment`` (one transaction) and print what was stored and what to do next."""
    with _sessions(upgrade=True) as sessions:
        saved = save_alignment(sessions, alignment, name, actor=user)
        summary = review.get_document(sessions, saved.document_id)
    how = verb if saved.created else f"re-imported (kept {saved.kept} confirmed links)"
    click.echo(
        f"{how} {summary.name!r}{origin} as document {summary.id}, version {summary.version}: "
        f"{summary.links} links, {summary.confirmed} confirmed, {summary.low_confidence} below "
        f"confidence {review.LOW_CONFIDENCE}. Next: align show {summary.id}"
    )
    for warning in alignment.warnings:
        click.echo(f"  warning: {warning}")


@click.command("list")
@friendly_errors
def list_documents() -> None:
    """List the stored documents with their review progress."""
    with _sessions() as sessions:
        documents = review.list_documents(sessions)
    if not documents:
        click.echo("no documents yet; `align run ZH EN` aligns and stores a pair.")
    for doc in documents:
        click.echo(
            f"{doc.id:>4}  {doc.name}  v{doc.version}  {doc.confirmed}/{doc.links} confirmed, "
            f"{doc.low_confidence} doubtful, {doc.disputed} disputed, {doc.open_flags} open flags"
        )


FILTERS: dict[str, Callable[[LinkView], bool]] = {
    "all": lambda view: True,
    "unreviewed": lambda view: view.state.status == "unreviewed",
    "disputed": lambda view: view.state.status == "disputed",
    "doubtful": lambda view: (
        view.state.status != "confirmed" and view.state.confidence < review.LOW_CONFIDENCE
    ),
    "flagged": lambda view: any(flag.status == "open" for flag in view.flags),
}


@click.command("show")
@click.argument("document")
@click.option("--only", type=click.Choice(list(FILTERS)), default="all", show_default=True)
@click.option("--width", type=int, default=None, help="Table width (default: the terminal's).")
@friendly_errors
def show(document: str, only: str, width: int | None) -> None:
    """Print DOCUMENT (name or id) as a side-by-side table with confidence and status."""
    with _sessions() as sessions:
        summary = review.get_document(sessions, document)
        view = review.document_view(sessions, summary.id)
    width = max(60, width or shutil.get_terminal_size((120, 24)).columns)
    click.echo(
        f"{summary.name} (document {summary.id}, version {summary.version}): {summary.links} "
        f"links, {summary.confirmed} confirmed, {summary.open_flags} open flags"
    )
    click.echo("\n".join(side_by_side(view.links, width, FILTERS[only])))


def _edit(
    document: str, user: str, expect: int | None, operation: Callable[..., Any], *args: Any
) -> None:
    """Run one review operation on DOCUMENT at its current (or the expected) version."""
    with _sessions() as sessions:
        summary = review.get_document(sessions, document)
        version = summary.version if expect is None else expect
        edit = operation(sessions, summary.id, version, user, *args)
    click.echo(f"{edit.operation}: {summary.name} is now at version {edit.version}")
    for link in edit.links:
        flags = ", ".join(f"#{f.id} {f.category} ({f.status})" for f in link.flags)
        click.echo(f"  {link.label()}  {link.status}" + (f"  flags: {flags}" if flags else ""))


def _edit_command(
    name: str, operation: Callable[..., Any], help_text: str, params: list[click.Parameter]
) -> click.Command:
    """A command DOCUMENT PARAMS... [--user] [--expect-version] running one review operation."""

    names = list(dict.fromkeys(str(param.name) for param in params))  # --up/--down share one

    def callback(document: str, user: str, expect_version: int | None, **values: Any) -> None:
        _edit(document, user, expect_version, operation, *(values[name] for name in names))

    return click.Command(
        name,
        callback=friendly_errors(callback),
        help=help_text,
        params=[click.Argument(["document"]), *params, *_EDIT_OPTIONS],
    )


def _direction(first: str, second: str) -> list[click.Option]:
    return [
        click.Option([f"--{first}", "direction"], flag_value=first, default=True),
        click.Option([f"--{second}", "direction"], flag_value=second),
    ]


def _realign(sessions: Any, document_id: int, version: int, user: str, after: str, before: str):
    """Re-align with the default model; "start" / "end" stand for the document's ends."""
    from align.embed import load_embedder

    ends = {"start": None, "end": None}
    anchors = (ends.get(after, after), ends.get(before, before))
    return review.realign(sessions, document_id, version, user, *anchors, load_embedder())


_EDIT_OPTIONS = [
    click.Option(
        ["--user"], default=_default_user, show_default="$ALIGN_USER or your login name",
        help="Who makes the change (recorded; undo and redo act on your own changes).",
    ),
    click.Option(
        ["--expect-version"], type=int, default=None,
        help="Refuse the edit unless the document is still at this version.",
    ),
]  # fmt: skip


def _sentence() -> click.Argument:
    return click.Argument(["sentence_id"])


def _flag_fields(required: bool) -> list[click.Parameter]:
    return [
        click.Option(["--category"], type=click.Choice(review.MQM_CATEGORIES), required=required),
        click.Option(["--severity"], type=click.Choice(review.SEVERITIES),
                     default="minor" if required else None, show_default=required),
        click.Option(["--note"], default="" if required else None, help="What is wrong."),
    ]  # fmt: skip


_Spec = tuple[str, Callable[..., Any], str, list[click.Parameter]]
# name, operation, help, the parameters after DOCUMENT
_EDITS: list[_Spec] = [
    ("confirm", review.confirm, "Confirm the link holding SENTENCE_ID.", [_sentence()]),
    ("unconfirm", review.unconfirm, "Set the link of SENTENCE_ID to unreviewed.", [_sentence()]),
    ("dispute", review.dispute, "Mark the link of SENTENCE_ID as disputed.", [_sentence()]),
    ("merge", review.merge, "Merge the link of SENTENCE_ID with the --next or --previous link.",
     [_sentence(), *_direction("next", "previous")]),
    ("split", review.split, "Split the link of SENTENCE_ID after --src-at / --tgt-at sentences.",
     [_sentence(), click.Option(["--src-at"], type=int, required=True),
      click.Option(["--tgt-at"], type=int, required=True)]),
    ("shift", review.shift, "Move SENTENCE_ID (at an edge) into the link --down or --up.",
     [_sentence(), *_direction("down", "up")]),
    ("unlink", review.unlink, "Take SENTENCE_ID (at an edge) out as a 1-0 / 0-1 link.",
     [_sentence()]),
    ("relink", review.relink, "Attach the lone sentence SENTENCE_ID to the link --down or --up.",
     [_sentence(), *_direction("down", "up")]),
    ("realign", _realign, "Re-align the links between two confirmed links, each named by one of "
     "its sentences (start / end: the document's ends), with the default model.",
     [click.Argument(["after_id"]), click.Argument(["before_id"])]),
    ("undo", review.undo, "Undo your latest change to DOCUMENT.", []),
    ("redo", review.redo, "Redo the change to DOCUMENT you undid last.", []),
]  # fmt: skip
_FLAG_EDITS: list[_Spec] = [
    ("add", review.add_flag, "Flag the link holding SENTENCE_ID.",
     [_sentence(), *_flag_fields(required=True)]),
    ("edit", review.edit_flag, "Change the category, severity or note of flag FLAG_ID.",
     [click.Argument(["flag_id"], type=int), *_flag_fields(required=False)]),
    ("resolve", review.resolve_flag, "Set flag FLAG_ID to accepted or dismissed (or open).",
     [click.Argument(["flag_id"], type=int),
      click.Argument(["status"], type=click.Choice(review.FLAG_STATUSES))]),
]  # fmt: skip
EDIT_COMMANDS = [_edit_command(*spec) for spec in _EDITS]
flag = click.Group(
    "flag",
    [_edit_command(*spec) for spec in _FLAG_EDITS],
    help="Raise, edit and resolve translation issues (MQM categories) on links.",
)


@click.group("user")
def user() -> None:
    """Manage the people who may sign in to the review app."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "reviewer", "viewer"]), default="reviewer",
              show_default=True)  # fmt: skip
@friendly_errors
def user_add(name: str, role: str) -> None:
    """Create user NAME; the password is asked for (never given on the command line)."""
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _sessions() as sessions:
        created = store_add_user(sessions, name, password, role)
    click.echo(f"added {created.name} ({created.role})")


@user.command("passwd")
@click.argument("name")
@friendly_errors
def user_passwd(name: str) -> None:
    """Set a new password for user NAME (asked for, never on the command line)."""
    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _sessions() as sessions:
        store_set_password(sessions, name, password)
    click.echo(f"password of {name} changed")


@click.group("db")
def db() -> None:
    """Create, upgrade and back up the database (ALIGN_DATABASE_URL, default SQLite)."""


@db.command("upgrade")
@friendly_errors
def db_upgrade() -> None:
    """Create the schema or bring it up to date (Alembic migrations)."""
    revision = upgrade_schema(database_url())
    click.echo(f"{_shown_url()} is at migration {revision}")


@db.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@friendly_errors
def db_backup(dest: Path) -> None:
    """Copy the database to DEST consistently while others keep working, and check the copy."""
    report = backup(database_url(), dest)
    click.echo(f"backed up {_shown_url()} to {report.path} ({report.bytes:,} bytes, "
               f"{report.seconds:.2f} s; {report.check})")  # fmt: skip


COMMANDS: list[click.Command] = [run, list_documents, show, *EDIT_COMMANDS, flag, user, db]
